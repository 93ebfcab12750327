"""Acceso a los datos del tablero: una sola conexión DuckDB en caché y consultas con nombre.

Las páginas no arman SQL ni leen Parquet: piden `consulta("nombre", **parametros)`. La conexión
se guarda por carpeta de versión resuelta, de modo que cuando el ETL publica una versión nueva
(cambia el enlace `datos/parquet`) la siguiente ejecución abre la nueva sin reiniciar el servidor.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from consultas import Catalogo, TablasNoDisponibles
from textos import t

RAIZ = Path(__file__).resolve().parent
VARIABLE_PARQUET = "TABLERO_PARQUET"  # las pruebas apuntan el tablero a tablas construidas aparte
VARIABLE_CRUDOS = "TABLERO_CRUDOS"


def ruta_parquet() -> Path:
    """Enlace (o carpeta) de las tablas publicadas; `TABLERO_PARQUET` lo cambia."""
    return Path(os.environ.get(VARIABLE_PARQUET) or RAIZ / "datos" / "parquet")


def ruta_crudos() -> Path:
    """Carpeta de archivos crudos; `TABLERO_CRUDOS` la cambia."""
    return Path(os.environ.get(VARIABLE_CRUDOS) or RAIZ / "datos" / "crudos")


def version() -> Path:
    """Carpeta de versión a la que apunta hoy el enlace: la llave de todas las cachés."""
    return ruta_parquet().resolve()


@st.cache_resource(show_spinner=False, max_entries=3)
def _catalogo(version_dir: str) -> Catalogo:
    return Catalogo(Path(version_dir))


def detener(mensaje: str):
    st.error(f"{t('tablas_no_disponibles')} {mensaje}")
    st.stop()


@st.cache_data(show_spinner=False, max_entries=512)
def _consulta(version_dir: str, nombre: str, parametros: tuple) -> pd.DataFrame:
    return _catalogo(version_dir).ejecutar(nombre, **{k: (list(v) if isinstance(v, tuple) else v) for k, v in parametros})


def consulta(nombre: str, **parametros) -> pd.DataFrame:
    """Resultado de la consulta `nombre` de consultas.sql (st.cache_data ya entrega una copia: la caché no se altera)."""
    clave = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in parametros.items()))
    try:  # sin tablas, _catalogo lanza TablasNoDisponibles dentro de _consulta: mismo mensaje claro
        return _consulta(str(version()), nombre, clave)
    except TablasNoDisponibles as e:
        detener(str(e))
    except Exception as e:  # Parquet roto a media lectura: mismo mensaje, nunca un traceback
        if type(e).__module__.startswith("duckdb"):
            detener(t("etl_que_hacer") + f" ({type(e).__name__})")
        raise
