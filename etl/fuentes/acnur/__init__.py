"""ACNUR (UNHCR) Refugee Data Finder: solicitudes de asilo presentadas en México, por país de origen (anual).

Se descarga de la API de población (JSON paginado `{page, maxPages, total, items}`, sin clave); cada página se guarda
tal como llega y se lee con el mismo lector que el CSV incluido (`etl.fuentes.acnur.lector`), una página a la vez para que cada
renglón diga de qué página viene.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pandas as pd

from etl import cache_lecturas
from etl.descarga import FalloDescarga, obtener
from etl.errores import ErrorDeEntrada
from etl.procedencia import sha256

from . import lector as acnur

METADATOS = {
    "titulo": "Solicitudes de asilo presentadas en México, por país de origen",
    "titulo_en": "Asylum applications lodged in Mexico, by country of origin",
    "productor": "ACNUR, Refugee Data Finder (cifras de México provenientes de la COMAR)",
    "productor_en": "ACNUR (UNHCR), Refugee Data Finder (Mexico's figures come from COMAR)",
    "unidad": "personas", "unidad_en": "people",
    "licencia": "CC BY 4.0",
    "licencia_en": "CC BY 4.0",
    "cita": "ACNUR, Refugee Data Finder, Asylum applications (API de población).",
    "cita_en": "ACNUR (UNHCR), Refugee Data Finder, Asylum applications (population API).",
    "cadencia": "anual",
    "rezago_dias": 170,  # estimación: el año se publica con Global Trends, a mediados del año siguiente
    "url": "https://www.unhcr.org/refugee-statistics/",
    "token": None,
}
ARCHIVOS = ("tablas/acnur_solicitudes_asilo_mexico.csv",)
TABLAS = ("asilo_solicitudes",)
LECTOR = "etl.fuentes.acnur.lector"
PERIODO = ("asilo_solicitudes", "anio")

API = "https://api.unhcr.org/population/v1/asylum-applications/"
PRIMER_ANIO = 2000
POR_PAGINA = 1000
MAX_PAGINAS = 200  # cota: un sobre que dice tener más páginas es un cambio de diseño, no se sigue a ciegas


def _pagina(r: httpx.Response, url: str) -> dict:
    try:
        datos = r.json()
    except json.JSONDecodeError:
        raise FalloDescarga(f"{url}: la respuesta no es JSON (¿cambió el diseño?)") from None
    if not isinstance(datos, dict) or not {"page", "maxPages", "items"} <= set(datos) or not isinstance(datos["items"], list):
        claves = sorted(datos) if isinstance(datos, dict) else type(datos).__name__
        raise FalloDescarga(f"{url}: se esperaba {{page, maxPages, total, items}} y llegó {claves} (¿cambió el diseño?)")
    return datos


def descargar(cliente: httpx.Client, anio: int | None = None) -> list[tuple[str, bytes, str]]:
    """Todas las páginas de la consulta (México como país de asilo, un renglón por país de origen)."""
    hasta = anio or datetime.now(UTC).year
    parametros = {"coa": "MEX", "coo_all": "true", "yearFrom": PRIMER_ANIO, "yearTo": hasta, "limit": POR_PAGINA}
    salida, pagina, paginas = [], 1, 1
    while pagina <= paginas:
        r = obtener(cliente, API, params=parametros | {"page": pagina})
        datos = _pagina(r, str(r.url))
        paginas = int(datos["maxPages"])
        if paginas > MAX_PAGINAS:
            raise FalloDescarga(f"{r.url}: maxPages = {paginas}, más de {MAX_PAGINAS} (¿cambió el diseño?)")
        salida.append((f"solicitudes_asilo_pagina_{pagina:03d}.json", r.content, str(r.url)))
        pagina += 1
    return salida


def _a_csv(items: list, archivo: str) -> str:
    texto = io.StringIO()
    escritor = csv.DictWriter(texto, fieldnames=acnur.COLUMNAS, lineterminator="\n")
    escritor.writeheader()
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ErrorDeEntrada(archivo, f"el elemento {i} de items no es un objeto")
        faltan = [c for c in acnur.COLUMNAS if c not in item]
        if faltan:
            raise ErrorDeEntrada(archivo, f"al elemento {i} de items le faltan {faltan} (¿cambió el diseño?)")
        escritor.writerow({c: "" if item[c] is None else item[c] for c in acnur.COLUMNAS})
    return texto.getvalue()


def _leer_pagina(ruta: Path, paises: set[str]) -> pd.DataFrame:
    try:
        datos = json.loads(ruta.read_bytes())
        items = datos["items"]
    except (ValueError, KeyError, TypeError):
        raise ErrorDeEntrada(ruta.name, "no es un sobre {page, maxPages, total, items} de la API de ACNUR") from None
    with tempfile.TemporaryDirectory() as tmp:
        csv_tmp = Path(tmp) / ruta.name
        csv_tmp.write_text(_a_csv(items, ruta.name), encoding="utf-8")
        return acnur.solicitudes_asilo(csv_tmp, paises, {}).drop(columns="fuente_id")


# Lo que decide la lectura de una página (etl/cache_lecturas.py): este módulo, su lector y el de lectura; el catálogo
# de países, como dependencia.
CODIGO = [Path(__file__), Path(acnur.__file__), Path(__file__).resolve().parents[2] / "lectura.py"]
_TIPOS = cache_lecturas.con_tipos({"anio": "int64", "iso3": "object", "procedimiento": "object", "tipo_solicitud": "object",
                                   "nivel_decision": "object", "unidad_solicitud": "str", "n": "Int64"})


def leer_instantanea(carpeta: Path, contexto: dict) -> pd.DataFrame:
    """Las páginas de una descarga como la tabla `asilo_solicitudes` (con el lector de etl.fuentes.acnur.lector). Cada
    página es inmutable: su lectura se guarda en la caché de lecturas y cada construcción la toma de ahí."""
    partes = []
    paginas = [p for p in sorted(Path(carpeta).glob("solicitudes_asilo_pagina_*.json")) if not p.name.endswith(".meta.json")]
    dependencias = [Path(contexto["crudos"]) / "catalogos" / "paises.csv"]
    for ruta in paginas:
        tabla = cache_lecturas.leer(sha256(ruta), "", dependencias, CODIGO,  # la lectura no lleva el nombre
                                    lambda ruta=ruta: _leer_pagina(ruta, contexto["paises"]), _TIPOS)
        partes.append(tabla.assign(fuente_id=contexto["id"](ruta)))
    if not partes:
        raise ErrorDeEntrada(str(carpeta), "la descarga no trae páginas de la API")
    return pd.concat(partes, ignore_index=True)


def construir(c) -> None:
    ruta, ficha = c.cargar("acnur_solicitudes_asilo_mexico.csv")
    c.tablas["asilo_solicitudes"] = acnur.solicitudes_asilo(ruta, c.codigos, ficha)
