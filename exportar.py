"""Exportaciones para presentaciones y análisis: PNG 1920×1080 hecho en el servidor, CSV para Excel y
paquete de datos Frictionless.

Funciones puras (sin Streamlit): reciben figuras, tablas o la carpeta de una versión publicada y
devuelven bytes. Lo pesado (kaleido, pyarrow.csv) se importa dentro de cada función para que cargar
una página no lo pague; las descargas las llaman sólo cuando la usuaria pulsa el botón.

- PNG: kaleido 1.x maneja un Chrome a través de choreographer. Se usa el Chromium del sistema
  (paquete `chromium` de la distribución), nunca uno descargado: `chromium_disponible()` lo busca y
  exporta `BROWSER_PATH` en el propio proceso, así funciona igual desde `streamlit run`, pytest o un
  servicio, sin depender del shell. plotly.js sale del paquete plotly instalado y MathJax se apaga:
  nada se pide a internet.
- CSV para Excel: UTF-8 con BOM (Excel en español muestra los acentos) y celdas de TEXTO que empiezan
  con = + - @ (o tabulador / retorno de carro) con un apóstrofo delante, para que Excel no las
  evalúe como fórmulas. Los números (también los negativos) no se tocan.
- Paquete de datos: un zip con cada tabla en CSV y Parquet y un datapackage.json (Frictionless) con
  tipo, descripción y unidad de cada campo, fuentes, licencias y cómo citar.
"""

from __future__ import annotations

import copy
import functools
import html
import io
import json
import os
import shutil
import textwrap
import threading
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd

ANCHO_PNG = 1920
ALTO_PNG = 1080
# Se dibuja a 1280×720 y se escala ×1.5: tipografía y márgenes de diapositiva sin recalcular cada figura.
_ANCHO_BASE, _ALTO_BASE, _ESCALA = 1280, 720, 1.5
CANDIDATOS_CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
RUTAS_CHROMIUM = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/snap/bin/chromium")
PREFIJOS_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_GRIS = "#52606d"
# Un Chromium por exportación; se limita cuántos corren a la vez en el servidor.
_TURNOS_PNG = threading.BoundedSemaphore(2)


class ChromiumNoDisponible(RuntimeError):
    """No hay Chromium en el servidor: el mensaje dice qué instalar."""


# --------------------------------------------------------------------------- Chromium y PNG

def chromium_disponible() -> str | None:
    """Ruta del Chromium del sistema (o el que diga `BROWSER_PATH`), o None si no hay.

    Cuando lo encuentra fija `BROWSER_PATH` en el entorno del proceso: kaleido/choreographer leen esa
    variable (también `plotly.io.write_image` y `fig.to_image`)."""
    propia = os.environ.get("BROWSER_PATH")
    if propia:
        return propia if Path(propia).is_file() and os.access(propia, os.X_OK) else None
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


# --------------------------------------------------------------------------- CSV para Excel

def neutralizar(valor):
    """Un valor de texto que Excel tomaría por fórmula lleva un apóstrofo delante; lo demás, igual."""
    if isinstance(valor, str) and valor.startswith(PREFIJOS_FORMULA):
        return "'" + valor
    return valor


def neutralizar_tabla(df: pd.DataFrame) -> pd.DataFrame:
    """Copia con las celdas de texto neutralizadas (también los nombres de columna); las columnas
    numéricas, lógicas y de fecha no se tocan, y en columnas mixtas sólo cambian los valores str."""
    salida = df.copy()
    for col in salida.columns:
        serie = salida[col]
        if pd.api.types.is_numeric_dtype(serie) or pd.api.types.is_bool_dtype(serie) \
                or pd.api.types.is_datetime64_any_dtype(serie):
            continue
        salida[col] = serie.map(neutralizar, na_action="ignore")
    salida.columns = [neutralizar(str(c)) for c in salida.columns]
    return salida


def csv_excel(df: pd.DataFrame) -> bytes:
    """CSV para abrir directo en Excel (también en español), Stata o R: UTF-8 con BOM, coma, punto decimal,
    celdas de texto que empiezan con = + - @ neutralizadas con un apóstrofo."""
    return neutralizar_tabla(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# --------------------------------------------------------------------------- paquete de datos

TIPOS_FRICTIONLESS = {"fecha": "date", "entero": "integer", "decimal": "number", "texto": "string", "logico": "boolean"}
_LICENCIAS = (  # texto de la ficha → identificador de Open Definition / SPDX
    ("CC BY 4.0", "CC-BY-4.0"), ("Dominio público", "other-pd"), ("LGPL", "LGPL-2.1"),
)


def _licencia(texto: str) -> dict:
    nombre = next((ident for clave, ident in _LICENCIAS if clave.lower() in texto.lower()), "other-at")
    return {"name": nombre, "title": texto}


def _leer_fuentes(carpeta: Path) -> list[dict]:
    import pyarrow.parquet as pq

    ruta = carpeta / "fuentes.parquet"
    return pq.read_table(ruta).to_pylist() if ruta.exists() else []


def _fuentes_de_tabla(tabla) -> set[str]:
    for columna in ("fuente_id", "archivo"):
        if columna in tabla.column_names:
            return {v for v in tabla.column(columna).to_pylist() if v}
    return set()


@functools.lru_cache(maxsize=4)
def definiciones_por_fuente(carpeta_texto: str) -> dict[str, str]:
    """{archivo crudo: definición} de la tabla publicada que lo contiene: qué cuenta la tabla y su medida
    con unidad (de etl/esquemas.py). Para la columna `definicion` de los CSV."""
    import pyarrow.parquet as pq

    from etl.esquemas import TABLAS

    carpeta = Path(carpeta_texto)
    salida: dict[str, str] = {}
    for nombre, esquema in TABLAS.items():
        ruta = carpeta / f"{nombre}.parquet"
        columnas = [c for c in ("fuente_id", "archivo") if c in esquema.nombres()]
        if not ruta.exists() or not columnas or nombre in ("documentos", "fuentes"):  # catálogos, no datos
            continue
        medidas = "; ".join(f"{c.nombre}: {c.descripcion} ({c.unidad})" for c in esquema.columnas if c.unidad)
        texto = f"{esquema.titulo}. {esquema.descripcion}" + (f" Medida — {medidas}." if medidas else "")
        for fuente in _fuentes_de_tabla(pq.read_table(ruta, columns=columnas[:1])):
            salida.setdefault(fuente, texto)
    return salida


def _campo(col) -> dict:
    campo = {"name": col.nombre, "type": TIPOS_FRICTIONLESS[col.tipo], "description": col.descripcion}
    if col.unidad:
        campo["unit"] = col.unidad
    if col.tipo == "fecha":
        campo["format"] = "%Y-%m-%d"
    restricciones = {}
    if not col.nulo:
        restricciones["required"] = True
    if col.valores is not None:
        restricciones["enum"] = list(col.valores)
    if col.minimo is not None:
        restricciones["minimum"] = int(col.minimo) if col.tipo == "entero" else col.minimo
    if restricciones:
        campo["constraints"] = restricciones
    return campo


def _csv_paquete(tabla) -> bytes:
    """CSV de una tabla Arrow para el paquete: UTF-8 con BOM, nulos vacíos, lógicos true/false, fechas ISO.
    Las celdas de texto que Excel tomaría por fórmula llevan el apóstrofo (como las descargas de las
    gráficas); el Parquet del mismo paquete guarda el valor exacto."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    for i, campo in enumerate(tabla.schema):
        if pa.types.is_string(campo.type) or pa.types.is_large_string(campo.type):
            columna = tabla.column(i)
            if pc.any(pc.match_substring_regex(columna, r"^[=+\-@\t\r]")).as_py():
                valores = pa.array([neutralizar(v) for v in columna.to_pylist()], type=campo.type)
                tabla = tabla.set_column(i, campo, valores)
    salida = io.BytesIO()
    salida.write("\ufeff".encode())
    pacsv.write_csv(tabla, salida, write_options=pacsv.WriteOptions(quoting_style="needed"))
    return salida.getvalue()


def descriptor_paquete(carpeta: Path, tablas: Iterable[str], filas: dict[str, int] | None = None) -> dict:
    """datapackage.json de las tablas de una versión: campos con tipo, descripción y unidad; clave primaria;
    fuentes, licencias y cita de cada recurso (de la tabla `fuentes` y del catálogo de documentos)."""
    import pyarrow.parquet as pq

    from etl.esquemas import TABLAS

    fuentes = {f["fuente_id"]: f for f in _leer_fuentes(carpeta)}
    documentos = pq.read_table(carpeta / "documentos.parquet", columns=["titulo", "institucion", "url", "archivo",
                                                                        "fecha_publicacion"]).to_pylist() \
        if (carpeta / "documentos.parquet").exists() else []
    recursos = []
    for nombre in tablas:
        esquema = TABLAS[nombre]
        tabla = pq.read_table(carpeta / f"{nombre}.parquet")
        usadas = sorted(_fuentes_de_tabla(tabla) & set(fuentes))
        if usadas:
            origen = [fuentes[f] for f in usadas]
            sources = [{"title": f["cita_sugerida"], **({"path": f["url"]} if f.get("url") else {})} for f in origen]
            licencias = list({f["licencia"]: _licencia(f["licencia"]) for f in origen}.values())
            cita = " ".join(dict.fromkeys(f["cita_sugerida"] for f in origen))
        else:  # tablas de los documentos (cifras, indicadores, documentos): la fuente son los documentos
            sources = [{"title": f"{d['institucion']}, «{d['titulo']}» ({d['archivo']}), {d['fecha_publicacion']}",
                        **({"path": d["url"]} if d.get("url") else {})} for d in documentos]
            licencias = [{"name": "other-at", "title": "Información pública gubernamental: citar el documento"}]
            cita = "Tablero de Movilidad Humana, tabla «" + esquema.titulo + "», a partir de los documentos citados en cada renglón."
        recurso = {
            "name": nombre,
            "title": esquema.titulo,
            "description": esquema.descripcion,
            "path": f"csv/{nombre}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {"fields": [_campo(c) for c in esquema.columnas],
                       **({"primaryKey": list(esquema.clave)} if esquema.clave else {})},
            "sources": sources,
            "licenses": licencias,
            "citation": cita,
            "parquet": f"parquet/{nombre}.parquet",
        }
        if filas and nombre in filas:
            recurso["rows"] = filas[nombre]
        recursos.append(recurso)
    todas = list({lic["title"]: lic for r in recursos for lic in r["licenses"]}.values())
    return {
        "profile": "tabular-data-package",
        "name": "tablero-movilidad-humana",
        "title": "Tablero de Movilidad Humana — tablas publicadas",
        "description": ("Tablas del Tablero de Movilidad Humana (grupo «Datos, estadística y proyecciones», INEGI y UPMRIP). "
                        "Cada tabla va en CSV (UTF-8 con BOM; una celda de texto que empieza con = + - @ lleva un "
                        "apóstrofo delante para que Excel no la evalúe) y en Parquet (valores exactos con tipos fijos: "
                        "para R, Stata o pandas). Los eventos de la UPMRIP no son personas y los encuentros de la "
                        "CBP son otra medida: no se suman. Cada recurso dice sus fuentes, licencias y cómo citarlo."),
        "version": carpeta.name,
        "homepage": "https://www.gob.mx/segob",
        "licenses": todas,
        "sources": list({s["title"]: s for r in recursos for s in r["sources"]}.values()),
        "citation": f"Tablero de Movilidad Humana, versión de datos {carpeta.name}. Cite además la fuente de cada tabla.",
        "resources": recursos,
    }


def paquete_datos_zip(parquet: Path | str | None = None) -> bytes:
    """Zip con datapackage.json, LEAME.txt y cada tabla de la versión publicada en csv/ y parquet/.

    `parquet`: la carpeta (o enlace) de la versión; por omisión la que usa el tablero."""
    carpeta = Path(parquet or os.environ.get("TABLERO_PARQUET") or Path(__file__).resolve().parent / "datos" / "parquet")
    return _paquete(str(carpeta.resolve()))


@functools.lru_cache(maxsize=2)  # la versión resuelta es la llave: un ETL nuevo da otra carpeta
def _paquete(carpeta_texto: str) -> bytes:
    import pyarrow.parquet as pq

    from etl.esquemas import TABLAS

    carpeta = Path(carpeta_texto)
    tablas = [n for n in TABLAS if (carpeta / f"{n}.parquet").exists()]
    salida = io.BytesIO()
    filas = {}
    fecha = (2000, 1, 1, 0, 0, 0)  # fecha fija: el mismo contenido da el mismo zip
    with zipfile.ZipFile(salida, "w", compression=zipfile.ZIP_DEFLATED) as z:
        def escribir(nombre: str, datos: bytes) -> None:
            info = zipfile.ZipInfo(nombre, date_time=fecha)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, datos)

        for nombre in tablas:
            tabla = pq.read_table(carpeta / f"{nombre}.parquet")
            filas[nombre] = tabla.num_rows
            escribir(f"csv/{nombre}.csv", _csv_paquete(tabla))
            escribir(f"parquet/{nombre}.parquet", (carpeta / f"{nombre}.parquet").read_bytes())
        descriptor = descriptor_paquete(carpeta, tablas, filas)
        escribir("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8"))
        escribir("LEAME.txt", _leame(descriptor).encode("utf-8"))
    return salida.getvalue()


def _leame(descriptor: dict) -> str:
    renglones = [descriptor["title"], "", descriptor["description"], "",
                 "Abrir en R:      arrow::read_parquet('parquet/eventos_nacionalidad.parquet')",
                 "                 o readr::read_csv('csv/eventos_nacionalidad.csv')",
                 "Abrir en Stata:  import delimited using csv/eventos_nacionalidad.csv, encoding(utf-8) varnames(1)",
                 "Abrir en Python: pandas.read_parquet(...) o frictionless.Package('datapackage.json')",
                 "Excel: los CSV abren con acentos; una celda de texto que empieza con = + - @ lleva un apóstrofo",
                 "       delante (el Parquet trae el valor exacto). Algunos textos (documentos, geometrías) exceden",
                 "       el límite de 32,767 caracteres por celda de Excel: úselos desde R, Stata o Python.",
                 "", f"Versión de datos: {descriptor['version']}", f"Cómo citar: {descriptor['citation']}", "", "Tablas:"]
    for r in descriptor["resources"]:
        renglones.append(f"- {r['name']}: {r['title']} ({r.get('rows', '?')} renglones). Cita: {r['citation']}")
    return "\n".join(renglones) + "\n"


def fecha_hoy() -> str:
    return date.today().isoformat()
