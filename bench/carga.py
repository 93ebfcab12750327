"""Carga del servidor sin navegadores: `python -m bench.carga` (escribe docs/carga.md).

Un cliente que habla el protocolo de Streamlit (los protobuf que trae el paquete: `BackMsg` hacia el
servidor, `ForwardMsg` de vuelta) por el websocket `/_stcore/stream`, como lo hace el navegador: al conectar
manda `rerun_script` con la página (`page_name` = la ruta de la URL, `page_script_hash` vacío: el servidor la
resuelve por su `url_path`) y el `query_string` de la URL, y espera el `ForwardMsg.script_finished`. Sin
Chromium, los 2 núcleos quedan para el servidor: se mide el servidor, no el generador de carga.

Abre N sesiones a la vez (cada una otra página de app.py u otros filtros), toma el tiempo de cada una desde
que abre el websocket hasta `script_finished`, y cuenta como error un `script_finished` que no sea éxito, un
elemento de excepción, `page_not_found`, un websocket cerrado o un tiempo agotado. La memoria es la residente
del proceso del servidor (`/proc/<pid>/status`, cada 0.2 s).

    python -m bench.carga                                   # 10, 50 y 100 sesiones contra su propio servidor
    python -m bench.carga --url http://127.0.0.1:8640 --pid 123 --pid 456   # a través de nginx (réplicas)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "carga.md"
NIVELES = (10, 50, 100)
OBJETIVO = {"sesiones": 50, "p95_s": 3.0, "rss_mb": 1024.0}


@dataclass
class Sesion:
    ruta: str
    segundos: float | None
    error: str = ""
    mensajes: int = 0
    bytes: int = 0
    graficas: int = 0
    replica: str = ""  # cabecera X-Tablero-Replica de nginx (scripts/replicas.sh), si la hay
    reintento: bool = False  # nginx intentó antes otra réplica que no contestó
    inicio: float = 0.0  # time.time() al abrir el websocket
    textos: list[str] | None = None  # markdown y valores de métricas, si se piden


def _partir(ruta: str) -> tuple[str, str]:
    """«encuentros?top=5» → («encuentros», «top=5»)."""
    pagina, _, query = ruta.partition("?")
    return pagina.strip("/"), query


async def sesion(url: str, ruta: str, espera: float = 120.0, cookies: str | None = None,
                 capturar: bool = False) -> Sesion:
    """Una sesión de Streamlit que pide `ruta` (página y parámetros de URL) y espera a que el guion termine."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    partes = urlsplit(url)
    ws_url = f"{'wss' if partes.scheme == 'https' else 'ws'}://{partes.netloc}{partes.path.rstrip('/')}/_stcore/stream"
    pagina, query = _partir(ruta)
    t0 = time.perf_counter()
    resultado = Sesion(ruta, None, inicio=time.time(), textos=[] if capturar else None)
    try:
        async with asyncio.timeout(espera):
            async with connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=espera, ping_interval=None,
                               additional_headers={"Cookie": cookies} if cookies else None) as ws:
                pedido = BackMsg()
                pedido.rerun_script.query_string = query
                pedido.rerun_script.page_script_hash = ""
                pedido.rerun_script.page_name = pagina
                await ws.send(pedido.SerializeToString())
                # nginx lista las réplicas que intentó («a, b» si la primera no contestó): cuenta la última
                intentos = ws.response.headers.get("X-Tablero-Replica", "") if ws.response else ""
                resultado.replica = intentos.split(",")[-1].strip()
                resultado.reintento = "," in intentos
                async for datos in ws:
                    resultado.mensajes += 1
                    resultado.bytes += len(datos)
                    msg = ForwardMsg()
                    msg.ParseFromString(datos)
                    tipo = msg.WhichOneof("type")
                    if tipo == "delta" and msg.delta.WhichOneof("type") == "new_element":
                        elemento = msg.delta.new_element.WhichOneof("type")
                        if elemento == "exception":
                            resultado.error = f"excepción: {msg.delta.new_element.exception.message[:120]}"
                        resultado.graficas += elemento == "plotly_chart"
                        if capturar and elemento in ("markdown", "metric"):
                            el = getattr(msg.delta.new_element, elemento)
                            resultado.textos.append(el.body)
                    elif tipo == "page_not_found":
                        resultado.error = f"página no encontrada: {pagina}"
                    elif tipo == "script_finished":
                        resultado.segundos = time.perf_counter() - t0
                        if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                            resultado.error = resultado.error or f"script_finished = {msg.script_finished}"
                        return resultado
                resultado.error = "el servidor cerró el websocket antes de script_finished"
    except TimeoutError:
        resultado.error = f"sin script_finished en {espera:.0f} s"
    except Exception as e:  # noqa: BLE001 - cualquier falla de red es un error de la sesión, no del banco
        resultado.error = f"{type(e).__name__}: {str(e)[:120]}"
    return resultado


def una_sesion(url: str, ruta: str, espera: float = 120.0) -> Sesion:
    return asyncio.run(sesion(url, ruta, espera))


async def _ronda(url: str, rutas: list[str], espera: float) -> list[Sesion]:
    return list(await asyncio.gather(*(sesion(url, r, espera) for r in rutas)))


# --------------------------------------------------------------------------- rutas, memoria

def rutas(n: int) -> list[str]:
    """N rutas: cada página de app.py (en español y en inglés) y filtros de la URL con valores de las tablas."""
    from bench.navegador import paginas

    base = [u for _, u in paginas()]
    todas = base + [f"{u}?idioma=en" for u in base]
    with contextlib.suppress(Exception):  # filtros con valores reales (meses, países) como en scripts/carga.py
        import importlib.util

        spec = importlib.util.spec_from_file_location("carga_navegador", RAIZ / "scripts" / "carga.py")
        modulo = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
        spec.loader.exec_module(modulo)
        todas += [r.lstrip("/") for r in modulo.enlaces(20) if "?" in r and r.lstrip("/") not in todas]
    return [todas[i % len(todas)] for i in range(n)]


def rss_mb(pid: int, campo: str = "VmRSS") -> float | None:
    try:
        for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linea.startswith(campo + ":"):
                return int(linea.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def cpu_s(pid: int) -> float | None:
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


async def _muestrear(pids: list[int], pico: dict, alto: asyncio.Event) -> None:
    while not alto.is_set():
        for pid in pids:
            v = rss_mb(pid)
            if v is not None:
                pico[pid] = max(pico.get(pid, 0.0), v)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(alto.wait(), 0.2)


def percentil(valores: list[float], p: float) -> float | None:
    if not valores:
        return None
    orden = sorted(valores)
    k = (len(orden) - 1) * p / 100
    i = int(k)
    return orden[i] + (orden[min(i + 1, len(orden) - 1)] - orden[i]) * (k - i)


@dataclass
class Nivel:
    sesiones: int
    resultados: list[Sesion]
    duracion: float
    rss_antes: dict
    rss_pico: dict
    cpu: dict

    @property
    def tiempos(self) -> list[float]:
        return [r.segundos for r in self.resultados if r.segundos is not None and not r.error]

    @property
    def errores(self) -> list[Sesion]:
        return [r for r in self.resultados if r.error]


async def nivel(url: str, n: int, pids: list[int], espera: float) -> Nivel:
    antes = {pid: rss_mb(pid) or 0.0 for pid in pids}
    cpu0 = {pid: cpu_s(pid) or 0.0 for pid in pids}
    pico: dict = {}
    alto = asyncio.Event()
    muestreo = asyncio.create_task(_muestrear(pids, pico, alto))
    t0 = time.perf_counter()
    resultados = await _ronda(url, rutas(n), espera)
    duracion = time.perf_counter() - t0
    alto.set()
    await muestreo
    cpu = {pid: (cpu_s(pid) or 0.0) - cpu0[pid] for pid in pids}
    return Nivel(n, resultados, duracion, antes, pico, cpu)


def medir(url: str, niveles: tuple[int, ...], pids: list[int], espera: float = 120.0) -> list[Nivel]:
    # Calentar: cada ruta una vez, de una en una (las cachés del servidor llenas, como en producción).
    for r in dict.fromkeys(rutas(max(niveles))):
        una_sesion(url, r, espera)
    salida = []
    for n in niveles:
        res = asyncio.run(nivel(url, n, pids, espera))
        print(f"{n:>4} sesiones: p50 {_s(percentil(res.tiempos, 50))} s, p95 {_s(percentil(res.tiempos, 95))} s, "
              f"errores {len(res.errores)}, RSS pico {sum(res.rss_pico.values()):.0f} MB", flush=True)
        salida.append(res)
    return salida


def _s(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def markdown(niveles: list[Nivel], orden: str, carga_inicio, carga_fin, url: str, pids: list[int]) -> str:
    import streamlit

    L = [
        "# Carga del servidor (protocolo de Streamlit, sin navegadores)",
        "",
        f"Generado por `{orden}` el {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (no editar a mano). Máquina: "
        f"{platform.platform()}, {os.cpu_count()} núcleos compartidos con otros procesos; Python "
        f"{platform.python_version()}, Streamlit {streamlit.__version__}. Servidor: `{url}` "
        f"({len(pids)} proceso{'s' if len(pids) > 1 else ''} de Streamlit medido{'s' if len(pids) > 1 else ''}). "
        f"Carga del sistema (1/5/15 min) al empezar: {' / '.join(f'{x:.2f}' for x in carga_inicio)}; al terminar: "
        f"{' / '.join(f'{x:.2f}' for x in carga_fin)}.",
        "",
        "Cada sesión abre el websocket `/_stcore/stream`, manda `BackMsg.rerun_script` con la página y los "
        "parámetros de la URL y espera `ForwardMsg.script_finished`; todas las sesiones de un nivel empiezan a la "
        "vez. Tiempo = de abrir el websocket a `script_finished` (todo el guion: app.py, la página y el envío de "
        "sus mensajes). Las rutas recorren cada página de app.py en español y en inglés y filtros con valores de "
        "las tablas. Antes de medir, cada ruta se pidió una vez (servidor caliente). RSS = memoria residente "
        "del servidor (suma de los procesos medidos), antes y pico durante el nivel.",
        "",
        "| sesiones a la vez | errores | p50 (s) | p95 (s) | máx (s) | duración del nivel (s) | RSS antes (MB) | "
        "RSS pico (MB) | CPU del servidor (s) | MB recibidos por sesión (mediana) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in niveles:
        L.append(f"| {n.sesiones} | {len(n.errores)} | {_s(percentil(n.tiempos, 50))} | {_s(percentil(n.tiempos, 95))} | "
                 f"{_s(max(n.tiempos) if n.tiempos else None)} | {n.duracion:.2f} | {sum(n.rss_antes.values()):.0f} | "
                 f"{sum(n.rss_pico.values()):.0f} | {sum(n.cpu.values()):.1f} | "
                 f"{statistics.median(r.bytes for r in n.resultados) / 1e6:.3f} |")
    objetivo = next((n for n in niveles if n.sesiones == OBJETIVO["sesiones"]), None)
    if objetivo is not None:
        p95 = percentil(objetivo.tiempos, 95)
        rss = sum(objetivo.rss_pico.values())
        ok = p95 is not None and p95 <= OBJETIVO["p95_s"] and not objetivo.errores and rss <= OBJETIVO["rss_mb"]
        L += ["", f"Objetivo con {OBJETIVO['sesiones']} sesiones: p95 ≤ {OBJETIVO['p95_s']:.0f} s, sin errores, RSS ≤ 1 GiB → "
              f"p95 {_s(p95)} s, {len(objetivo.errores)} errores, RSS pico {rss:.0f} MB: **{'se cumple' if ok else 'no se cumple'}**."]
    errores = [(n.sesiones, e) for n in niveles for e in n.errores]
    if errores:
        L += ["", "Errores:", ""] + [f"- {n} sesiones, `{e.ruta}`: {e.error}" for n, e in errores[:30]]
    L += ["", "Tiempo por página (todas las sesiones del nivel más alto, mediana en s):", ""]
    ultimo = niveles[-1]
    por_pagina: dict[str, list[float]] = {}
    for r in ultimo.resultados:
        if r.segundos is not None:
            por_pagina.setdefault(_partir(r.ruta)[0] or "(inicio)", []).append(r.segundos)
    L += [f"- `{p}`: {statistics.median(v):.2f} ({len(v)} sesiones)" for p, v in sorted(por_pagina.items())]
    return "\n".join(L) + "\n"


def main(argv: list[str] | None = None) -> int:
    from bench.navegador import servidor

    p = argparse.ArgumentParser(prog="python -m bench.carga", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--niveles", type=int, nargs="+", default=list(NIVELES), help="sesiones a la vez (10 50 100)")
    p.add_argument("--url", help="servidor ya abierto (sólo de la máquina local); por omisión arranca uno")
    p.add_argument("--pid", type=int, action="append", default=[], help="procesos del servidor a medir (con --url)")
    p.add_argument("--puerto", type=int, default=8622, help="puerto del servidor propio")
    p.add_argument("--espera", type=float, default=120.0, help="segundos máximos por sesión")
    p.add_argument("--salida", type=Path, default=SALIDA)
    args = p.parse_args(argv)
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        p.error("sólo se permite la máquina local")
    if max(args.niveles) > 200:
        p.error("a lo más 200 sesiones a la vez")
    orden = "python -m bench.carga " + " ".join(argv if argv is not None else sys.argv[1:])
    inicio = os.getloadavg()
    if args.url:
        url, pids = args.url, args.pid
        niveles = medir(url, tuple(args.niveles), pids, args.espera)
    else:
        with servidor("app.py", args.puerto) as (url, pid):
            pids = [pid]
            niveles = medir(url, tuple(args.niveles), pids, args.espera)
    texto = markdown(niveles, orden.strip(), inicio, os.getloadavg(), url, pids)
    args.salida.write_text(texto, encoding="utf-8")
    print(texto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
