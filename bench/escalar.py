"""Dos réplicas detrás de nginx, medidas: `python -m bench.escalar` (escribe docs/escalar.md).

Sobre una copia de datos/crudos y sus tablas (en una carpeta temporal; datos/ no se toca) arranca
`bash scripts/replicas.sh` y, a través de nginx:

1. **Carga**: el cliente del protocolo de `bench.carga` con 10, 50 y 100 sesiones a la vez; cuántas atendió
   cada réplica (cabecera `X-Tablero-Replica`).
2. **Sesiones pegajosas**: un navegador sin cookie recibe `tablero_replica`; con ella, sus peticiones HTTP y su
   websocket caen siempre en la misma réplica.
3. **Publicación mientras sirve**: sesiones del Panorama sin parar mientras se corrige un conteo en los crudos
   y se corre `python -m etl`. Cada sesión anota la versión que muestra su pie y el valor de la tarjeta del
   último mes de eventos (la cifra corregida): una mezcla sería el pie de una versión con la cifra de la otra.
4. **Una réplica muere con carga**: sesiones sin parar; a media ronda se mata (SIGKILL) una réplica. Las
   sesiones de la otra siguen sin error y las nuevas van a la sobreviviente.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import carga

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "escalar.md"


def _replicas(trabajo: Path, crudos: Path, parquet: Path, puerto: int, puertos: tuple[int, int]) -> subprocess.Popen:
    entorno = {**os.environ, "TABLERO_PARQUET": str(parquet), "TABLERO_CRUDOS": str(crudos), "TRABAJO": str(trabajo),
               "PUERTO_NGINX": str(puerto), "REPLICAS": " ".join(map(str, puertos))}
    proceso = subprocess.Popen(["bash", "scripts/replicas.sh"], cwd=RAIZ, env=entorno, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    limite = time.monotonic() + 180
    while not (trabajo / "listo").exists():
        if proceso.poll() is not None or time.monotonic() > limite:
            raise RuntimeError(f"scripts/replicas.sh no arrancó (registros en {trabajo / 'logs'})")
        time.sleep(0.5)
    return proceso


def _http(url: str, cookie: str | None = None) -> tuple[str, str]:
    """(réplica que contestó, cookie nueva si la dio)."""
    pedido = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(pedido, timeout=30) as r:
        return r.headers.get("X-Tablero-Replica", ""), (r.headers.get("Set-Cookie") or "").split(";")[0]


def pegajosas(url: str, navegadores: int = 6, peticiones: int = 5) -> list[dict]:
    filas = []
    for _ in range(navegadores):
        primera, cookie = _http(url + "/")
        vistas = [_http(url + "/_stcore/health", cookie)[0] for _ in range(peticiones)]
        ws = [asyncio.run(carga.sesion(url, "", cookies=cookie)).replica for _ in range(2)]
        filas.append({"cookie": cookie, "primera": primera, "http": vistas, "ws": ws})
    return filas


async def _sin_parar(url: str, segundos: float, concurrentes: int, ruta: str, capturar: bool) -> list[carga.Sesion]:
    fin = time.monotonic() + segundos
    resultados: list[carga.Sesion] = []

    async def bucle() -> None:
        while time.monotonic() < fin:
            resultados.append(await carga.sesion(url, ruta, espera=60, capturar=capturar))

    await asyncio.gather(*(bucle() for _ in range(concurrentes)))
    return resultados


def publicar_mientras_sirve(url: str, crudos: Path, parquet: Path, segundos: float = 40, concurrentes: int = 4) -> dict:
    sys.path.insert(0, str(RAIZ / "tests"))
    from conftest import sumar_a_un_renglon

    from tablero import formato
    from tablero.consultas import Catalogo

    vieja = parquet.resolve()
    ultimos = Catalogo(vieja).ejecutar("ultimos_meses").set_index("serie")
    antes = int(ultimos.loc["eventos_upmrip", "valor"])
    delta = 7
    marcas: dict = {}

    def publicar() -> None:
        time.sleep(segundos / 4)
        sumar_a_un_renglon(crudos, delta)
        marcas["inicio"] = time.time()
        subprocess.run([sys.executable, "-m", "etl", "-q", "--crudos", str(crudos), "--destino", str(parquet)],
                       cwd=RAIZ, check=True)
        marcas["fin"] = time.time()

    async def todo() -> list[carga.Sesion]:
        hilo = asyncio.to_thread(publicar)
        res, _ = await asyncio.gather(_sin_parar(url, segundos, concurrentes, "", True), hilo)
        return res

    sesiones = asyncio.run(todo())
    nueva = parquet.resolve()
    valor = {vieja.name: formato.numero(antes), nueva.name: formato.numero(antes + delta)}
    filas = []
    for s in sesiones:
        texto = " ".join(s.textos or [])
        versiones = {v for v in (vieja.name, nueva.name) if v in texto}
        cifras = {v for v, numero in valor.items() if numero in (s.textos or [])}
        filas.append({"s": s, "versiones": versiones, "cifras": cifras})
    return {"vieja": vieja.name, "nueva": nueva.name, "valor": valor, "marcas": marcas, "filas": filas}


def matar_una(url: str, pids: dict[str, int], segundos: float = 30, concurrentes: int = 6) -> dict:
    victima_puerto, victima = next(iter(pids.items()))
    marcas: dict = {}

    def matar() -> None:
        time.sleep(segundos / 3)
        marcas["muerte"] = time.time()
        os.kill(victima, signal.SIGKILL)

    async def todo() -> list[carga.Sesion]:
        res, _ = await asyncio.gather(_sin_parar(url, segundos, concurrentes, "encuentros", False), asyncio.to_thread(matar))
        return res

    return {"victima": victima_puerto, "marcas": marcas, "sesiones": asyncio.run(todo())}


# --------------------------------------------------------------------------- informe

def _tabla_carga(niveles: list[carga.Nivel]) -> list[str]:
    L = ["| sesiones a la vez | errores | p50 (s) | p95 (s) | máx (s) | RSS antes (MB, suma) | RSS pico (MB, suma) | "
         "CPU de las réplicas (s) | sesiones por réplica |", "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n in niveles:
        reparto: dict[str, int] = {}
        for r in n.resultados:
            reparto[r.replica or "?"] = reparto.get(r.replica or "?", 0) + 1
        L.append(f"| {n.sesiones} | {len(n.errores)} | {carga._s(carga.percentil(n.tiempos, 50))} | "
                 f"{carga._s(carga.percentil(n.tiempos, 95))} | {carga._s(max(n.tiempos) if n.tiempos else None)} | "
                 f"{sum(n.rss_antes.values()):.0f} | {sum(n.rss_pico.values()):.0f} | {sum(n.cpu.values()):.1f} | "
                 + ", ".join(f"{k}: {v}" for k, v in sorted(reparto.items())) + " |")
    return L


def markdown(orden: str, ctx: dict, niveles, pegas, pub, muerte) -> str:
    L = ["# Dos réplicas detrás de nginx", "",
         f"Generado por `{orden}` el {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (no editar a mano). Máquina: "
         f"{platform.platform()}, {os.cpu_count()} núcleos compartidos con otros procesos. Carga del sistema "
         f"(1/5/15 min) al empezar: {' / '.join(f'{x:.2f}' for x in ctx['carga_inicio'])}; al terminar: "
         f"{' / '.join(f'{x:.2f}' for x in ctx['carga_fin'])}.", "",
         f"`bash scripts/replicas.sh` con dos procesos de Streamlit ({', '.join(ctx['replicas'])}) y nginx "
         f"{ctx['nginx']} en `{ctx['url']}`; las dos réplicas leen las mismas tablas publicadas (una copia de "
         "datos/crudos construida aparte, `TABLERO_PARQUET`/`TABLERO_CRUDOS`).", "",
         "## 1. Carga a través de nginx", "",
         "El mismo cliente del protocolo de Streamlit que `python -m bench.carga` (ver docs/carga.md), ahora "
         "contra nginx; RSS y CPU suman los dos procesos.", ""]
    L += _tabla_carga(niveles)
    L += ["", "## 2. Sesiones pegajosas", "",
          "Cada «navegador» pide `/` sin cookie, recibe `tablero_replica` y con ella hace 5 peticiones HTTP y 2 "
          "sesiones por websocket. Réplica que contestó:", "",
          "| cookie | primera petición | HTTP con la cookie | websocket con la cookie | todas en la misma |",
          "|---|---|---|---|---|"]
    for f in pegas:
        todas = {f["primera"], *f["http"], *f["ws"]}
        L.append(f"| `{f['cookie'][:32]}…` | {f['primera']} | {', '.join(f['http'])} | {', '.join(f['ws'])} | "
                 f"{'sí' if len(todas) == 1 else '**no**'} |")
    filas = pub["filas"]
    m = pub["marcas"]
    por_replica: dict[str, dict] = {}
    for f in filas:
        s = f["s"]
        d = por_replica.setdefault(s.replica or "?", {"vieja": 0, "nueva": 0, "primera_nueva": None, "ultima_vieja": None})
        if pub["nueva"] in f["versiones"]:
            d["nueva"] += 1
            d["primera_nueva"] = min(d["primera_nueva"] or s.inicio, s.inicio)
        if pub["vieja"] in f["versiones"]:
            d["vieja"] += 1
            d["ultima_vieja"] = max(d["ultima_vieja"] or s.inicio, s.inicio)
    mezclas = [f for f in filas if len(f["versiones"]) != 1 or f["cifras"] != f["versiones"]]
    errores = [f["s"] for f in filas if f["s"].error]
    L += ["", "## 3. Publicación del ETL mientras sirve", "",
          f"4 sesiones a la vez pidiendo el Panorama sin parar durante 40 s; a los 10 s se suma 7 al conteo del "
          f"último mes de `upmrip_eventos_por_nacionalidad.csv` (con su ficha) y se corre `python -m etl` "
          f"({m.get('fin', 0) - m.get('inicio', 0):.1f} s). Versión vieja `{pub['vieja']}` (tarjeta «eventos, último "
          f"mes» = {pub['valor'][pub['vieja']]}), nueva `{pub['nueva']}` ({pub['valor'][pub['nueva']]}). Cada "
          "sesión anota la versión de su pie de página y el valor de esa tarjeta.", "",
          "| réplica | sesiones con la vieja | sesiones con la nueva | primera sesión con la nueva (s tras publicar) | "
          "última que empezó con la vieja (s tras publicar) |", "|---|---:|---:|---:|---:|"]
    for rep, d in sorted(por_replica.items()):
        prim = f"{d['primera_nueva'] - m['fin']:.2f}" if d["primera_nueva"] and "fin" in m else "—"
        ult = f"{d['ultima_vieja'] - m['fin']:.2f}" if d["ultima_vieja"] and "fin" in m else "—"
        L.append(f"| {rep} | {d['vieja']} | {d['nueva']} | {prim} | {ult} |")
    L += ["", f"Sesiones: {len(filas)}; con errores: {len(errores)}; **mezclas (pie de una versión y cifra de la otra, o "
          f"ninguna o dos versiones): {len(mezclas)}**. Una sesión que empezó antes del cambio de enlace termina "
          "entera con la vieja (tiempo negativo en la última columna: empezó antes de que terminara la publicación)."]
    s = muerte["sesiones"]
    t_muerte = muerte["marcas"].get("muerte", 0)
    vict = f"127.0.0.1:{muerte['victima']}"
    antes = [x for x in s if x.inicio < t_muerte]
    despues = [x for x in s if x.inicio >= t_muerte]
    en_vict = [x for x in antes if x.replica == vict]
    otra_antes = [x for x in antes if x.replica and x.replica != vict]
    L += ["", "## 4. Una réplica muere con carga", "",
          f"6 sesiones a la vez pidiendo Encuentros sin parar durante 30 s; a los 10 s, `kill -9` a la réplica {vict}.", "",
          "| sesiones | cuántas | con error | réplicas que contestaron |", "|---|---:|---:|---|",
          f"| empezadas antes de la muerte, en la réplica muerta | {len(en_vict)} | {sum(bool(x.error) for x in en_vict)} | {vict} |",
          f"| empezadas antes de la muerte, en la otra | {len(otra_antes)} | {sum(bool(x.error) for x in otra_antes)} | "
          f"{', '.join(sorted({x.replica for x in otra_antes}))} |",
          f"| empezadas después | {len(despues)} | {sum(bool(x.error) for x in despues)} | "
          f"{', '.join(sorted({x.replica or '(sin respuesta)' for x in despues}))} "
          f"({sum(x.reintento for x in despues)} tras un intento fallido de nginx en la muerta) |"]
    errores = [x for x in s if x.error]
    if errores:
        L += ["", "Errores:", ""] + [f"- {x.replica or '?'} (empezó {x.inicio - t_muerte:+.2f} s de la muerte): {x.error}"
                                    for x in errores[:12]]
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.escalar", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--niveles", type=int, nargs="+", default=list(carga.NIVELES))
    p.add_argument("--puerto", type=int, default=8640, help="puerto de nginx")
    p.add_argument("--replicas", type=int, nargs=2, default=(8624, 8625))
    p.add_argument("--salida", type=Path, default=SALIDA)
    args = p.parse_args(argv)
    orden = "python -m bench.escalar " + " ".join(argv if argv is not None else sys.argv[1:])
    inicio = os.getloadavg()
    base = Path(tempfile.mkdtemp(prefix="tablero-escalar-"))
    crudos, parquet = base / "crudos", base / "parquet"
    shutil.copytree(RAIZ / "datos" / "crudos", crudos)
    subprocess.run([sys.executable, "-m", "etl", "-q", "--crudos", str(crudos), "--destino", str(parquet)], cwd=RAIZ, check=True)
    trabajo = base / "replicas"
    trabajo.mkdir()
    proceso = _replicas(trabajo, crudos, parquet, args.puerto, tuple(args.replicas))
    url = f"http://127.0.0.1:{args.puerto}"
    try:
        pids = {str(r): int((trabajo / f"replica-{r}.pid").read_text()) for r in args.replicas}
        version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]
        niveles = carga.medir(url, tuple(args.niveles), list(pids.values()))
        pegas = pegajosas(url)
        pub = publicar_mientras_sirve(url, crudos, parquet)
        muerte = matar_una(url, pids)
    finally:
        os.killpg(proceso.pid, signal.SIGTERM)
        proceso.wait(timeout=30)
    ctx = {"carga_inicio": inicio, "carga_fin": os.getloadavg(), "url": url, "nginx": version,
           "replicas": [f"127.0.0.1:{r}" for r in args.replicas]}
    texto = markdown(orden.strip(), ctx, niveles, pegas, pub, muerte)
    args.salida.write_text(texto, encoding="utf-8")
    print(texto)
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
