"""Lo que la página «Incorporar documento» usa de `etl.proponer` (las páginas no importan `etl`).

Propone cifras a partir de los bytes subidos, sin escribir nada en disco: el tablero nunca toca datos/crudos.
La persona descarga las propuestas revisadas y corre `python -m etl incorporar`.
"""

from __future__ import annotations

import re

import pandas as pd

from etl import proponer as _proponer
from etl.esquemas import CALIFICADORES
from etl.proponer import COLUMNAS_DOC_PROPUESTA, COLUMNAS_PROPUESTA, LIMITE_MB, SI, TIPOS, DocumentoIlegible

from .componentes import escapar_md

__all__ = ["CALIFICADORES", "COLUMNAS_DOC_PROPUESTA", "COLUMNAS_PROPUESTA", "LIMITE_MB", "TIPOS", "DocumentoIlegible",
           "UNIDADES", "archivos", "cita_marcada", "cita_resaltada", "csv_documento", "csv_propuestas", "orden", "proponer"]
UNIDADES = sorted(set(_proponer.UNIDADES) | {"porcentaje", "moneda_no_especificada", "posicion_ranking", "proporcion"})


def proponer(nombre: str, datos: bytes, indicadores: pd.DataFrame, existentes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cifras propuestas, renglón del documento); DocumentoIlegible con un mensaje claro si no se puede leer."""
    p = _proponer.proponer(nombre, datos, indicadores=indicadores, existentes=existentes)
    cifras = p.cifras.copy()
    cifras["aceptar"] = False
    cifras["en_contexto"] = [cita_marcada(c, x) for c, x in zip(cifras["cita"], cifras["contexto"])]
    return cifras, pd.DataFrame([p.documento], columns=COLUMNAS_DOC_PROPUESTA)


def _partes(cita: str, contexto: str, margen: int) -> tuple[str, str, str]:
    i = contexto.find(cita)
    if i < 0:
        return "", cita, ""
    antes, despues = contexto[:i], contexto[i + len(cita):]
    if len(antes) > margen:
        antes = "…" + antes[-margen:].split(" ", 1)[-1]
    if len(despues) > margen:
        despues = despues[:margen].rsplit(" ", 1)[0] + "…"
    return antes, cita, despues


def cita_marcada(cita: str, contexto: str, margen: int = 90) -> str:
    """Texto plano para la tabla: la oración (recortada) con la cita entre ⟦ ⟧."""
    antes, cita, despues = _partes(cita, contexto, margen)
    return f"{antes}⟦{cita}⟧{despues}"


def cita_resaltada(cita: str, contexto: str, margen: int = 160) -> str:
    """La oración en markdown con la cita resaltada (el resto escapado: el texto del documento no es markdown)."""
    antes, cita, despues = _partes(cita, contexto, margen)
    return f"{escapar_md(antes)}:orange-background[**{escapar_md(cita)}**]{escapar_md(despues)}"


def orden(columnas: list[str]) -> list[str]:
    """Columnas de la tabla editable: lo que se decide primero, la oración al final."""
    primero = ["aceptar", "confianza", "en_contexto", "indicador_id", "valor", "valor_min", "valor_max", "unidad",
               "calificador", "calificador_texto", "periodo", "periodo_en", "geografia", "geografia_en", "cita"]
    return primero + [c for c in columnas if c not in primero and c not in ("contexto",)]


def archivos(nombre: str) -> tuple[str, str]:
    """Nombres de las dos descargas: `etl incorporar` busca el documento junto a las propuestas."""
    base = re.sub(r"[^\w.-]+", "_", nombre.rsplit(".", 1)[0])[:60] or "documento"
    return f"propuestas_{base}.csv", f"propuestas_{base}.documento.csv"


def csv_propuestas(tabla: pd.DataFrame) -> bytes:
    """CSV de propuestas revisadas (columna aceptar = si/no) con las columnas que lee `etl incorporar`."""
    salida = tabla.copy()
    salida["aceptar"] = ["si" if (a is True or str(a).strip().lower() in SI) else "no" for a in salida["aceptar"]]
    return _proponer.a_csv(salida.reindex(columns=COLUMNAS_PROPUESTA).fillna(""))


def csv_documento(documento: pd.DataFrame) -> bytes:
    return _proponer.a_csv(documento.reindex(columns=COLUMNAS_DOC_PROPUESTA).fillna(""))
