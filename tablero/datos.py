"""Acceso a los datos del tablero: la versión publicada que ve cada ejecución y las consultas con nombre.

Las páginas no arman SQL ni leen Parquet: piden `consulta("nombre", **parametros)`. La versión de los
datos (la carpeta a la que apunta el enlace `datos/parquet`) se resuelve UNA vez al comienzo de cada
ejecución de la página (`fijar_version`, desde app.py) y todas las consultas, llaves de caché y
descargas de esa ejecución la usan: si el ETL publica a media página, la página sigue entera con la
versión vieja y la siguiente ejecución ve la nueva completa, nunca una mezcla.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from etl import estado as etl_estado
from etl.publicacion import MANIFIESTO, PREFIJO_BORRANDO, PREFIJO_TEMPORAL, carpeta_versiones
from tablero.cache import compartida
from tablero.consultas import Catalogo, TablasNoDisponibles
from tablero.textos import t

RAIZ = Path(__file__).resolve().parent.parent
VARIABLE_PARQUET = "TABLERO_PARQUET"  # las pruebas apuntan el tablero a tablas construidas aparte
VARIABLE_CRUDOS = "TABLERO_CRUDOS"
_CLAVE_VERSION = "_version_datos"
log = logging.getLogger(__name__)


def ruta_parquet() -> Path:
    """Enlace (o carpeta) de las tablas publicadas; `TABLERO_PARQUET` lo cambia."""
    return Path(os.environ.get(VARIABLE_PARQUET) or RAIZ / "datos" / "parquet")


def ruta_crudos() -> Path:
    """Carpeta de archivos crudos; `TABLERO_CRUDOS` la cambia."""
    return Path(os.environ.get(VARIABLE_CRUDOS) or RAIZ / "datos" / "crudos")


def version_publicada() -> Path:
    """Carpeta de versión a la que apunta hoy el enlace (puede cambiar en cualquier momento)."""
    return ruta_parquet().resolve()


def fijar_version() -> Path:
    """Resuelve la versión una vez por ejecución: app.py la llama antes de cualquier consulta."""
    version = version_publicada()
    st.session_state[_CLAVE_VERSION] = str(version)
    return version


def version() -> Path:
    """La versión de esta ejecución (la que fijó app.py); fuera de una ejecución, la publicada."""
    fijada = st.session_state.get(_CLAVE_VERSION)
    return Path(fijada) if fijada else version_publicada()


@st.cache_resource(show_spinner=False, max_entries=3)
def _catalogo(version_dir: str, estricto: bool = True) -> Catalogo:
    return Catalogo(Path(version_dir), estricto=estricto)


@compartida(max_entries=8, ttl=30)
def _estado_tablas(crudos: str, destino: str) -> dict:
    estado = etl_estado.estado(crudos, destino)
    if estado["error"]:
        log.error("la última construcción de las tablas falló: %s", estado["error"].get("mensaje"))
    return estado


def estado_tablas() -> dict:
    """Estado de las tablas publicadas (sólo lectura; resume datos/crudos, unos 20 ms): a lo más cada 30 s por
    proceso, y quien lo recibe no lo modifica."""
    return _estado_tablas(str(ruta_crudos()), str(ruta_parquet()))


def detener(mensaje: str):
    st.error(f"{t('tablas_no_disponibles')} {mensaje}")
    st.stop()


@compartida(max_entries=512)
def _consulta(version_dir: str, nombre: str, parametros: tuple) -> pd.DataFrame:
    return _catalogo(version_dir).ejecutar(nombre, **{k: (list(v) if isinstance(v, tuple) else v) for k, v in parametros})


def _clave(parametros: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in parametros.items()))


def consulta_en(version_dir: str, nombre: str, **parametros) -> pd.DataFrame:
    """La consulta `nombre` sobre una versión dada (las descargas diferidas guardan la de su ejecución).

    El resultado se comparte entre sesiones (`cache.compartida`) y cada llamada recibe una copia superficial:
    con la copia al escribir de pandas 3, lo que una página le cambie (una columna nueva, un valor) no toca el
    original, y no se paga lo que `st.cache_data` cobra en cada lectura (volver a leer el DataFrame entero de
    su copia serializada), que con muchas sesiones a la vez era una parte grande del tiempo del servidor."""
    return _consulta(version_dir, nombre, _clave(parametros)).copy(deep=False)


def _atrapar(nombre: str, leer: Callable):
    try:  # sin tablas, _catalogo lanza TablasNoDisponibles dentro de _consulta: mismo mensaje claro
        return leer()
    except TablasNoDisponibles as e:
        log.error("tablas no disponibles: %s", e)
        detener(str(e))
    except Exception as e:  # Parquet roto a media lectura: mismo mensaje, nunca un traceback
        log.exception("falló la consulta %s", nombre)
        if type(e).__module__.startswith("duckdb"):
            detener(t("etl_que_hacer") + f" ({type(e).__name__})")
        raise


def consulta(nombre: str, **parametros) -> pd.DataFrame:
    """Resultado de la consulta `nombre` de consultas.sql sobre la versión de esta ejecución."""
    return _atrapar(nombre, lambda: consulta_en(str(version()), nombre, **parametros))


@compartida(max_entries=256)
def _registros(version_dir: str, nombre: str, parametros: tuple) -> list[dict]:
    return _consulta(version_dir, nombre, parametros).to_dict("records")


def registros(nombre: str, **parametros) -> list[dict]:
    """Los renglones de la consulta `nombre` como dicts (tarjetas, textos), armados una vez por versión y
    parámetros y compartidos: `to_dict` de una tabla ancha cuesta milisegundos por sesión. No se modifican."""
    return _atrapar(nombre, lambda: _registros(str(version()), nombre, _clave(parametros)))


def diferida(nombre: str, **parametros):
    """Función sin argumentos que corre la consulta sobre la versión de ESTA ejecución (para descargas
    que se arman al pulsar el botón, en otro hilo y quizá después de una publicación nueva)."""
    version_dir = str(version())
    return lambda: consulta_en(version_dir, nombre, **parametros)


@compartida(max_entries=128)
def _columnas(version_dir: str, nombre: str, parametros: tuple) -> tuple[str, ...]:
    return _catalogo(version_dir).columnas(nombre, **{k: (list(v) if isinstance(v, tuple) else v) for k, v in parametros})


def columnas_en(version_dir: str, nombre: str, **parametros) -> tuple[str, ...]:
    """Las columnas que devuelve la consulta `nombre` (la lista cerrada de filtros de la API de datos)."""
    return _columnas(version_dir, nombre, _clave(parametros))


def filtrada_en(version_dir: str, nombre: str, filtros: dict[str, list[str]], limite: int, **parametros) -> pd.DataFrame:
    """La consulta `nombre` sólo con los renglones que pasan `filtros` (columna → valores, enlazados en DuckDB)."""
    return _catalogo(version_dir).ejecutar_filtrada(nombre, filtros, limite, **parametros)


# --------------------------------------------------------------------------- versiones publicadas anteriores

def versiones_anteriores() -> list[dict]:
    """Las versiones publicadas que el servidor conserva además de la de esta ejecución (etl/publicacion.py poda
    las viejas), de la más reciente a la más antigua: {nombre, publicada (fecha y hora UTC de su manifiesto)}.
    Es la lista cerrada de lo que la página «Qué cambió» deja comparar."""
    actual = version().resolve()
    carpeta = carpeta_versiones(ruta_parquet())
    salida = []
    if not carpeta.is_dir():
        return salida
    for p in carpeta.iterdir():
        if p.name.startswith((PREFIJO_TEMPORAL, PREFIJO_BORRANDO)) or not p.is_dir() or p.resolve() == actual:
            continue
        publicada = publicada_el(p)
        if publicada:  # sin manifiesto (o podada en este instante) no es una versión completa
            salida.append({"nombre": p.name, "publicada": publicada, "ruta": p})
    return sorted(salida, key=lambda v: (v["publicada"], v["nombre"]), reverse=True)


def publicada_el(ruta: Path) -> str:
    """Fecha y hora UTC en que se publicó una versión (la de su manifiesto); vacío si no lo tiene."""
    try:
        momento = (Path(ruta) / MANIFIESTO).stat().st_mtime
    except OSError:
        return ""
    return dt.datetime.fromtimestamp(momento, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@compartida(max_entries=32)
def _cambios_version(version_dir: str, anterior_dir: str, tabla: str, nivel: str, idioma: str) -> pd.DataFrame:
    try:
        # una versión anterior puede ser de un esquema anterior: se abre sin las vistas que ya no puede tener
        anteriores = _catalogo(anterior_dir, False).ejecutar("versiones_valores", tabla_comparada=tabla)
        return _catalogo(version_dir).ejecutar_con("versiones_cambios", {"valores_anteriores": anteriores},
                                                   tabla_comparada=tabla, nivel=nivel, idioma=idioma)
    except Exception as e:  # una versión de otro esquema: DuckDB no la puede leer con las consultas de hoy
        if type(e).__module__.startswith("duckdb"):
            raise TablasNoDisponibles(f"{Path(anterior_dir).name}: {type(e).__name__}") from None
        raise


def cambios_entre_versiones(anterior: str, tabla: str, nivel: str, idioma: str) -> pd.DataFrame:
    """Qué cambió en `tabla` entre la versión publicada de nombre `anterior` y la de esta ejecución (consulta
    `versiones_cambios`). `anterior` tiene que ser una de `versiones_anteriores()` (lista cerrada: nunca se abre una
    ruta que llega de la URL) y `tabla`, `nivel` e `idioma` sólo entran a DuckDB como parámetros enlazados. La versión
    anterior se lee con su propio catálogo, que toma su candado `.en_uso`: mientras está en caché, `python -m etl` no la
    poda."""
    rutas = {v["nombre"]: v["ruta"] for v in versiones_anteriores()}
    if anterior not in rutas:
        raise KeyError(f"versión publicada desconocida: {anterior!r}")
    return _cambios_version(str(version()), str(Path(rutas[anterior]).resolve()), tabla, nivel, idioma).copy(deep=False)
