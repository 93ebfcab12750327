"""PNG 1920×1080 de una gráfica, hecho en el servidor con kaleido y el Chromium del sistema.

kaleido 1.x maneja un Chrome a través de choreographer. Se usa el Chromium de la distribución (paquete
`chromium`), nunca uno descargado: `chromium_disponible()` lo busca y exporta `BROWSER_PATH` en el
propio proceso, así funciona igual desde `streamlit run`, pytest o un servicio. plotly.js sale del
paquete plotly instalado y MathJax se apaga: nada se pide a internet. Título, subtítulo, línea de
fuente y fecha de extracción van dentro de la imagen.
"""

from __future__ import annotations

import copy
import html
import os
import shutil
import textwrap
import threading
from datetime import date
from pathlib import Path

ANCHO_PNG = 1920
ALTO_PNG = 1080
# Se dibuja a 1280×720 y se escala ×1.5: tipografía y márgenes de diapositiva sin recalcular cada figura.
_ANCHO_BASE, _ALTO_BASE, _ESCALA = 1280, 720, 1.5
CANDIDATOS_CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
RUTAS_CHROMIUM = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/snap/bin/chromium")
_GRIS = "#52606d"
# Un Chromium por exportación; se limita cuántos corren a la vez en el servidor.
_TURNOS_PNG = threading.BoundedSemaphore(2)


class ChromiumNoDisponible(RuntimeError):
    """No hay Chromium en el servidor: el mensaje dice qué instalar."""


def chromium_disponible() -> str | None:
    """Ruta del Chromium del sistema (o el que diga `BROWSER_PATH`), o None si no hay.

    Cuando lo encuentra fija `BROWSER_PATH` en el entorno del proceso: kaleido/choreographer leen esa
    variable (también `plotly.io.write_image` y `fig.to_image`)."""
    propia = os.environ.get("BROWSER_PATH")
    if propia:
        # os.path y no Path: se llama una vez por gráfica en cada ejecución de cada sesión
        return propia if os.path.isfile(propia) and os.access(propia, os.X_OK) else None
    ruta = next((r for r in (shutil.which(n) for n in CANDIDATOS_CHROMIUM) if r), None)
    ruta = ruta or next((r for r in RUTAS_CHROMIUM if Path(r).is_file() and os.access(r, os.X_OK)), None)
    if ruta:
        os.environ["BROWSER_PATH"] = ruta
    return ruta


def _texto(texto) -> str:
    return html.escape("" if texto is None else str(texto), quote=False)


def _renglones(texto, ancho: int) -> list[str]:
    return textwrap.wrap(_texto(texto), ancho) or [""]


def figura_png(fig, titulo: str, subtitulo: str, fuente: str, fecha_extraccion: str):
    """La figura lista para una diapositiva: fondo blanco, título, subtítulo, línea de fuente y fecha de
    extracción dentro de la imagen. Devuelve una copia; la figura de la página no cambia.

    Se dibuja a 1280×720 (se exporta ×1.5 = 1920×1080): el texto se parte para ese ancho."""
    import plotly.graph_objects as go

    salida = go.Figure(copy.deepcopy(fig.to_dict()))
    # Fuera la línea de fuente de pantalla (se vuelve a poner con la fecha) y el tamaño de la página.
    anotaciones = [a for a in (salida.layout.annotations or ()) if a.name not in ("fuente", "extraccion")]
    lineas_titulo = _renglones(titulo, 110)
    lineas_sub = _renglones(subtitulo, 150) if subtitulo else []
    lineas_fuente = _renglones(fuente, 175)
    superior = 34 + 24 * len(lineas_titulo) + 18 * len(lineas_sub) + 38  # + leyenda arriba
    inferior = 70 + 15 * len(lineas_fuente) + 18
    izquierdo = max(int(salida.layout.margin.l or 90), 90)
    texto_titulo = "<br>".join(f"<b>{r}</b>" for r in lineas_titulo)
    if lineas_sub:
        sub = "<br>".join(lineas_sub)
        texto_titulo += f"<br><span style='font-size:14px;color:{_GRIS}'>{sub}</span>"
    salida.update_layout(
        width=_ANCHO_BASE, height=_ALTO_BASE, autosize=False,
        paper_bgcolor="white", plot_bgcolor="white",
        font=dict(size=14),
        title=dict(text=texto_titulo, x=0, xref="container", xanchor="left", y=1, yref="container", yanchor="top",
                   pad=dict(t=22, l=20), font=dict(size=20)),  # alineado a la izquierda con la fuente
        margin=dict(l=izquierdo, r=36, t=superior, b=inferior),
    )
    salida.layout.annotations = anotaciones  # asignar (update_layout con lista vacía no borra)
    util = max(_ALTO_BASE - superior - inferior, 1)
    comun = dict(showarrow=False, xref="paper", yref="paper", x=0, xanchor="left", yanchor="bottom",
                 align="left", xshift=-(izquierdo - 20))
    salida.add_annotation(text="<br>".join(lineas_fuente), y=-(inferior - 30) / util, name="fuente",
                          font=dict(size=12, color=_GRIS), **comun)
    salida.add_annotation(text=_texto(fecha_extraccion), y=-(inferior - 10) / util, name="extraccion",
                          font=dict(size=11, color=_GRIS), **comun)
    return salida


def png_bytes(fig, titulo: str, subtitulo: str, fuente: str, fecha_extraccion: str) -> bytes:
    """PNG de 1920×1080 hecho con kaleido y el Chromium del sistema, con el texto dentro de la imagen."""
    ruta = chromium_disponible()
    if not ruta:
        raise ChromiumNoDisponible("No se encontró Chromium: instálelo con `sudo apt-get install chromium` "
                                   "o indique su ruta en la variable BROWSER_PATH.")
    import kaleido
    import plotly

    plotlyjs = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    kopts = {"path": ruta, "mathjax": False}
    if plotlyjs.is_file():
        kopts["plotlyjs"] = str(plotlyjs)
    figura = figura_png(fig, titulo, subtitulo, fuente, fecha_extraccion)
    with _TURNOS_PNG:
        return kaleido.calc_fig_sync(
            figura.to_dict(),
            opts=dict(format="png", width=_ANCHO_BASE, height=_ALTO_BASE, scale=_ESCALA),
            kopts=kopts,
        )


def tamano_png(datos: bytes) -> tuple[int, int]:
    """(ancho, alto) leídos del encabezado IHDR de un PNG; ValueError si no es PNG."""
    if datos[:8] != b"\x89PNG\r\n\x1a\n" or datos[12:16] != b"IHDR":
        raise ValueError("no es un PNG")
    return int.from_bytes(datos[16:20], "big"), int.from_bytes(datos[20:24], "big")


def fecha_hoy() -> str:
    return date.today().isoformat()
