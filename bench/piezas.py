"""Cuánto retrasa cada pieza de página la primera gráfica: `python -m bench.piezas` (escribe docs/piezas_navegador.md).

`bench.navegador` dice cuánto tarda cada página del tablero contra el piso; éste dice por qué. Sirve
`bench/piezas_pagina.py` (el piso más una sola pieza, `?pieza=`) junto al piso de `bench.navegador` y abre
cada variante en un contexto de Chromium nuevo, intercalando el piso antes de cada visita, con la misma
medida (primera gráfica con trazos dibujados). Reporta la mediana del cociente de cada visita contra la
visita al piso justo antes de ella. Piezas: ninguna (la página de prueba sola), las tarjetas de Refugio y
empleo como eran (columnas, borde, `st.metric`, pie y «Fuente» por tarjeta) y como son (`componentes.tarjetas`,
una rejilla HTML), la caja de filtros de Encuentros (ocho controles) y tres filas de exportación (PNG, dos CSV
y el expansor de datos de cada gráfica), las pestañas de Encuentros y, en vez de la gráfica chica, la primera
gráfica de Encuentros tal como la dibuja el tablero.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import navegador as nv

SALIDA = nv.RAIZ / "docs" / "piezas_navegador.md"
PAGINA = "bench/piezas_pagina.py"
PIEZAS = {
    "ninguna": "la página de prueba sola (título, pie y la gráfica)",
    "tarjetas_streamlit": "+ 8 tarjetas como eran: columnas, contenedor con borde, st.metric, pie y control «Fuente» cada una",
    "tarjetas_html": "+ las mismas 8 tarjetas como son: una rejilla HTML escapada con su «Fuente» en <details>",
    "filtros": "+ la caja de filtros de Encuentros (deslizador, 3 selecciones múltiples, 2 segmentados, 2 interruptores)",
    "filtros_boton": "+ los mismos controles dentro del botón «Filtros» (`componentes.filtros`, st.popover) y la línea de lo elegido",
    "exportar": "+ 3 filas de exportación (PNG, CSV mostrados, CSV completos y el expansor de datos)",
    "pestanas": "+ las 6 pestañas de Encuentros (`st.tabs` con clave; la gráfica va después, fuera de ellas)",
    "grafica_tablero": "la gráfica del tablero en vez de la chica: eventos mensuales de la UPMRIP con tema, título y fuente dentro",
}


def correr(repeticiones: int, puertos: tuple[int, int]) -> tuple[dict[str, list[float]], list[float], dict]:
    from playwright.sync_api import sync_playwright

    carga_inicio, t0 = os.getloadavg(), time.perf_counter()
    cocientes: dict[str, list[float]] = {p: [] for p in PIEZAS}
    pisos: list[float] = []
    with nv.servidor(PAGINA, puertos[0], entorno={"PYTHONPATH": str(nv.RAIZ)}) as (url, _), \
            nv.servidor(nv.BASE, puertos[1]) as (url_piso, _), sync_playwright() as p:
        navegador = p.chromium.launch(executable_path="/usr/bin/chromium", args=nv.ARGUMENTOS_CHROMIUM)
        try:
            nv.visitar(navegador, url_piso)
            for pieza in PIEZAS:  # calentar cachés del servidor
                nv.visitar(navegador, f"{url}/?pieza={pieza}")
            for i in range(repeticiones):
                orden = list(PIEZAS) if i % 2 == 0 else list(PIEZAS)[::-1]
                for pieza in orden:
                    piso = nv.visitar(navegador, url_piso)
                    visita = nv.visitar(navegador, f"{url}/?pieza={pieza}")
                    if piso.error or visita.error or not piso.vista or visita.vista is None:
                        raise RuntimeError(f"{pieza}: {piso.error or visita.error or 'sin medida'}")
                    pisos.append(piso.vista)
                    cocientes[pieza].append(visita.vista / piso.vista)
                    print(f"  {pieza:<20} {visita.vista:.2f} s / piso {piso.vista:.2f} s", flush=True)
        finally:
            navegador.close()
    return cocientes, pisos, {"carga_inicio": carga_inicio, "carga_fin": os.getloadavg(),
                              "duracion": time.perf_counter() - t0, "repeticiones": repeticiones}


def markdown(cocientes: dict[str, list[float]], pisos: list[float], ctx: dict, orden: str) -> str:
    import streamlit

    base = statistics.median(cocientes["ninguna"])
    lineas = [
        "# Lo que cuesta cada pieza en el navegador",
        "",
        f"Generado por `{orden}` el {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (no editar a mano). Máquina: "
        f"{platform.platform()}, {os.cpu_count()} núcleos compartidos; Streamlit {streamlit.__version__}, Chromium "
        f"sin interfaz. Carga del sistema al empezar: {' / '.join(f'{x:.2f}' for x in ctx['carga_inicio'])}; al "
        f"terminar: {' / '.join(f'{x:.2f}' for x in ctx['carga_fin'])}. Duración: {ctx['duracion']:.0f} s. "
        f"Piso (mediana): {statistics.median(pisos):.2f} s.",
        "",
        f"`{PAGINA}` con una sola pieza a la vez, {ctx['repeticiones']} visitas por pieza, cada una en un contexto "
        "de Chromium nuevo y precedida por una visita al piso de `bench.navegador`. «Cociente» = mediana de (primera "
        "gráfica dibujada ÷ la del piso justo antes); «pieza» = ese cociente menos el de la página de prueba sola: lo "
        "que la pieza agrega, en veces el piso.",
        "",
        "| pieza | cociente | pieza | visitas |",
        "|---|---:|---:|---:|",
    ]
    for pieza, texto in PIEZAS.items():
        c = statistics.median(cocientes[pieza])
        lineas.append(f"| `{pieza}`: {texto} | {c:.2f} | {c - base:+.2f} | {len(cocientes[pieza])} |")
    return "\n".join(lineas) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.piezas", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeticiones", type=int, default=8, help="visitas por pieza (por omisión 8)")
    p.add_argument("--puertos", type=int, nargs=2, default=(8630, 8631))
    p.add_argument("--salida", type=Path, default=SALIDA)
    args = p.parse_args(argv)
    cocientes, pisos, ctx = correr(args.repeticiones, tuple(args.puertos))
    orden = "python -m bench.piezas" + (f" --repeticiones {args.repeticiones}" if args.repeticiones != 8 else "")
    texto = markdown(cocientes, pisos, ctx, orden)
    args.salida.write_text(texto, encoding="utf-8")
    print(texto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
