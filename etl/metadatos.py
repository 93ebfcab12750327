"""Metadatos publicados como tablas (`tablas_meta`, `campos_meta`, `fuentes_tablas`), armados de etl/esquemas.py.

El tablero lee por SQL lo que necesita de cada tabla y campo (título, descripción, unidad, tipo, clave,
definición para las descargas, qué tabla contiene cada archivo crudo) sin importar `etl`.
"""

from __future__ import annotations

import json
import logging

import pandas as pd

from .esquemas import TABLAS, Tabla

logger = logging.getLogger(__name__)

META = ("tablas_meta", "campos_meta", "fuentes_tablas")
CATALOGOS = ("documentos", "fuentes")  # su columna archivo/fuente_id no es la procedencia de sus renglones
COLUMNAS_FUENTE = ("fuente_id", "archivo")


def definicion(t: Tabla) -> str:
    """«Título. Descripción Medida — col: descripción (unidad).», la columna `definicion` de las descargas."""
    medidas = "; ".join(f"{c.nombre}: {c.descripcion} ({c.unidad})" for c in t.columnas if c.unidad)
    return f"{t.titulo}. {t.descripcion}" + (f" Medida — {medidas}." if medidas else "")


def definicion_en(t: Tabla) -> str:
    """La misma definición en inglés: título, descripción y cada medida con su descripción y unidad en inglés
    (la columna se nombra por su nombre en los datos)."""
    medidas = "; ".join(f"{c.nombre}: {c.descripcion_en} ({c.unidad_en})" for c in t.columnas if c.unidad)
    return f"{t.titulo_en or t.titulo}. {t.descripcion_en or t.descripcion}" + (f" Measure — {medidas}." if medidas else "")


def _json(valores) -> str:
    return json.dumps(list(valores), ensure_ascii=False)


def _filas_meta(nombre: str, tablas: dict[str, pd.DataFrame], n_fuentes_tablas: int) -> int:
    if nombre == "tablas_meta":
        return len(TABLAS)
    if nombre == "campos_meta":
        return sum(len(t.columnas) for t in TABLAS.values())
    if nombre == "fuentes_tablas":
        return n_fuentes_tablas
    return len(tablas[nombre])


def fuentes_tablas(tablas: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """(fuente, tabla, principal): cada archivo crudo que aparece en la columna fuente_id/archivo de una tabla."""
    filas, vistas = [], set()
    for nombre, t in TABLAS.items():
        columna = next((c for c in COLUMNAS_FUENTE if c in t.nombres()), None)
        if nombre in CATALOGOS or nombre in META or columna is None or nombre not in tablas:
            continue
        for fuente in sorted({str(v) for v in tablas[nombre][columna].dropna()}):
            filas.append({"fuente": fuente, "tabla": nombre, "principal": fuente not in vistas})
            vistas.add(fuente)
    return pd.DataFrame(filas, columns=["fuente", "tabla", "principal"])


def tablas_meta(tablas: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Las tres tablas de metadatos para las tablas ya leídas (`tablas`: nombre → DataFrame)."""
    ft = fuentes_tablas(tablas)
    resumen = []
    campos = []
    for posicion, (nombre, t) in enumerate(TABLAS.items(), start=1):
        resumen.append({
            "tabla": nombre,
            "posicion": posicion,
            "titulo": t.titulo,
            "titulo_en": t.titulo_en or None,
            "descripcion": t.descripcion,
            "descripcion_en": t.descripcion_en or None,
            "clave": _json(t.clave),
            "filas": _filas_meta(nombre, tablas, len(ft)),
            "definicion": definicion(t),
            "definicion_en": definicion_en(t),
        })
        for i, c in enumerate(t.columnas, start=1):
            campos.append({
                "tabla": nombre,
                "campo": c.nombre,
                "posicion": i,
                "tipo": c.tipo,
                "descripcion": c.descripcion,
                "descripcion_en": c.descripcion_en,
                "unidad": c.unidad or None,
                "unidad_en": c.unidad_en or None,
                "nulo": c.nulo,
                "valores": _json(c.valores) if c.valores is not None else None,
                "minimo": float(c.minimo) if c.minimo is not None else None,
            })
    logger.info("metadatos: %d tablas, %d campos, %d pares archivo→tabla", len(resumen), len(campos), len(ft))
    return {"tablas_meta": pd.DataFrame(resumen), "campos_meta": pd.DataFrame(campos), "fuentes_tablas": ft}
