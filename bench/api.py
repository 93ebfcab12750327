"""API de datos y páginas en el mismo proceso: `python -m bench.api` (escribe docs/api.md).

Arranca `servidor.py` (páginas + `/api/v1/tablas`) en 127.0.0.1, o usa `--url` (p. ej. nginx con las dos réplicas de
`scripts/replicas.sh`), y mide en la misma corrida:

1. sólo páginas: N sesiones a la vez por el protocolo de Streamlit (`bench.carga.sesion`);
2. sólo API: M clientes HTTP a la vez, cada uno con K peticiones seguidas (lista, CSV/JSON/Parquet filtrados y una
   tabla entera), tiempo por petición;
3. las dos cosas a la vez.

Da p50/p95 por petición y por sesión, y cada p95 como razón contra su propio «sólo» (la base de la misma corrida).
Sólo la máquina local; a lo más 200 clientes.

    python -m bench.api                           # 50 clientes de API + 20 sesiones, servidor propio
    python -m bench.api --url http://127.0.0.1:8640 --salida docs/api_replicas.md   # a través de nginx
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench import carga

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "api.md"


def _peticiones(muestra: dict) -> list[str]:
    """Las direcciones que pide cada cliente, con valores sacados de la propia API (nada escrito a mano)."""
    paises = muestra["paises"]
    return [
        "/api/v1/tablas",
        f"/api/v1/tablas/eventos_nacionalidad.csv?iso3={paises[0]}",
        f"/api/v1/tablas/eventos_nacionalidad.json?iso3={paises[1]}&iso3={paises[2]}",
        f"/api/v1/tablas/devoluciones.parquet?iso3={paises[0]}",
        "/api/v1/tablas/darien.csv",
        f"/api/v1/tablas/cbp_encuentros.csv?mes={muestra['mes']}",
        "/api/v1/tablas/remesas.json",
        f"/api/v1/tablas/asilo_solicitudes.csv?iso3={paises[1]}",
    ]


async def _muestra(cliente, url: str) -> dict:
    r = await cliente.get(f"{url}/api/v1/tablas/eventos_nacionalidad.json")
    r.raise_for_status()
    filas = r.json()["datos"]
    ultimo = max(f["mes"] for f in filas)
    del_mes = sorted((f for f in filas if f["mes"] == ultimo), key=lambda f: -f["eventos"])
    return {"paises": [f["iso3"] for f in del_mes[:3]], "mes": ultimo}


async def _cliente_api(cliente, url: str, rutas: list[str], k: int, desfase: int) -> list[tuple[float, int]]:
    salida = []
    for i in range(k):
        ruta = rutas[(desfase + i) % len(rutas)]
        t0 = time.perf_counter()
        try:
            r = await cliente.get(url + ruta)
            estado = r.status_code
            _ = r.content
        except Exception:  # noqa: BLE001 - una falla de red es un error de la petición
            estado = 0
        salida.append((time.perf_counter() - t0, estado))
    return salida


class _SinCookies:
    """Un frasco de cookies que no guarda nada (httpx acepta cualquier CookieJar)."""

    def __new__(cls):
        from http.cookiejar import CookieJar, DefaultCookiePolicy

        return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


async def _api(url: str, clientes: int, k: int, rutas: list[str]) -> list[tuple[float, int]]:
    import httpx

    limites = httpx.Limits(max_connections=clientes, max_keepalive_connections=clientes)
    # Como R, Stata o pandas, sin guardar cookies: la de réplica de nginx no ata las peticiones a una réplica.
    async with httpx.AsyncClient(timeout=120, limits=limites, cookies=_SinCookies()) as cliente:
        rondas = await asyncio.gather(*(_cliente_api(cliente, url, rutas, k, i) for i in range(clientes)))
    return [p for r in rondas for p in r]


async def _paginas(url: str, n: int) -> list[carga.Sesion]:
    return list(await asyncio.gather(*(carga.sesion(url, r, 180.0) for r in carga.rutas(n))))


def _resumen(nombre: str, tiempos: list[float], errores: int, total: int, estados: list[int] | None = None) -> dict:
    from collections import Counter

    malos = Counter(e for e in (estados or []) if e != 200)
    return {"nombre": nombre, "n": total,
            "errores": f"{errores}" + (" (" + ", ".join(f"{k or 'red'}: {v}" for k, v in sorted(malos.items())) + ")"
                                       if malos else ""),
            "p50": statistics.median(tiempos) if tiempos else None,
            "p95": carga.percentil(tiempos, 95) if tiempos else None,
            "max": max(tiempos) if tiempos else None}


async def _medir(url: str, clientes: int, k: int, sesiones: int) -> tuple[list[dict], dict]:
    import httpx

    async with httpx.AsyncClient(timeout=120) as c:
        muestra = await _muestra(c, url)
    rutas = _peticiones(muestra)
    await _api(url, 4, len(rutas), rutas)  # caliente: cada respuesta una vez
    await _paginas(url, min(sesiones, 8))
    filas = []
    s = await _paginas(url, sesiones)
    filas.append(_resumen("páginas solas", [x.segundos for x in s if x.segundos and not x.error],
                          sum(bool(x.error) for x in s), len(s)))
    a = await _api(url, clientes, k, rutas)
    filas.append(_resumen("API sola", [t for t, e in a if e == 200], sum(e != 200 for _, e in a), len(a), [e for _, e in a]))
    a2, s2 = await asyncio.gather(_api(url, clientes, k, rutas), _paginas(url, sesiones))
    filas.append(_resumen("API con páginas", [t for t, e in a2 if e == 200], sum(e != 200 for _, e in a2), len(a2),
                          [e for _, e in a2]))
    filas.append(_resumen("páginas con API", [x.segundos for x in s2 if x.segundos and not x.error],
                          sum(bool(x.error) for x in s2), len(s2)))
    return filas, {"rutas": rutas}


def _s(v) -> str:
    return "—" if v is None else f"{v:.3f}"


def markdown(filas: list[dict], ctx: dict, orden: str, url: str, clientes: int, k: int, sesiones: int,
             carga_inicio, carga_fin) -> str:
    base = {f["nombre"].split()[0]: f["p95"] for f in filas if f["nombre"].endswith("sola") or f["nombre"].endswith("solas")}
    renglones = [
        "# API de datos y páginas en el mismo proceso", "",
        f"`{orden}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} núcleos, Python {sys.version.split()[0]}, "
        f"contra {url}. Carga de la máquina (1 min) al empezar {carga_inicio[0]:.2f} y al terminar {carga_fin[0]:.2f}: "
        "la máquina es compartida, las cifras valen como razones dentro de esta corrida.", "",
        f"{clientes} clientes de API a la vez, {k} peticiones seguidas cada uno (tiempo por petición, de pedirla a leer "
        f"el último byte); {sesiones} sesiones de página a la vez (de abrir el websocket a `script_finished`). "
        "Peticiones de cada cliente, en rueda:", "",
        *[f"- `{r}`" for r in ctx["rutas"]], "",
        "| medición | n | errores | p50 (s) | p95 (s) | máx (s) | p95 / solo |", "|---|---|---|---|---|---|---|",
    ]
    for f in filas:
        clave = f["nombre"].split()[0]
        razon = f["p95"] / base[clave] if f["p95"] and base.get(clave) else None
        renglones.append(f"| {f['nombre']} | {f['n']} | {f['errores']} | {_s(f['p50'])} | {_s(f['p95'])} | "
                         f"{_s(f['max'])} | {'—' if razon is None else f'{razon:.2f}×'} |")
    from tablero.api import seccion_tablas

    return "\n".join(renglones) + "\n\n" + seccion_tablas()


def main(argv: list[str] | None = None) -> int:
    from bench.navegador import servidor

    p = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clientes", type=int, default=50)
    p.add_argument("--peticiones", type=int, default=8, help="peticiones seguidas por cliente")
    p.add_argument("--sesiones", type=int, default=20)
    p.add_argument("--url", help="servidor ya abierto (sólo la máquina local); por omisión arranca servidor.py")
    p.add_argument("--puerto", type=int, default=8623)
    p.add_argument("--salida", type=Path, default=SALIDA)
    args = p.parse_args(argv)
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        p.error("sólo se permite la máquina local")
    if max(args.clientes, args.sesiones) > 200:
        p.error("a lo más 200 clientes o sesiones a la vez")
    orden = ("python -m bench.api " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    inicio = os.getloadavg()
    if args.url:
        url = args.url.rstrip("/")
        filas, ctx = asyncio.run(_medir(url, args.clientes, args.peticiones, args.sesiones))
    else:
        with servidor("servidor.py", args.puerto) as (url, _pid):
            filas, ctx = asyncio.run(_medir(url, args.clientes, args.peticiones, args.sesiones))
    texto = markdown(filas, ctx, orden, url, args.clientes, args.peticiones, args.sesiones, inicio, os.getloadavg())
    args.salida.write_text(texto, encoding="utf-8")
    print(texto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
