"""Caché de lecturas de instantáneas: un archivo crudo inmutable se lee y valida una sola vez.

Cada descarga (de la CBP, libro del Boletín de la UPMRIP, página de ACNUR, cuadro de Banxico, PDF del Darién, CSV
de la OIM, zip de la ENOE) es una instantánea que nunca cambia (su ficha guarda su sha256): con 24 descargas de cada
una, leerlas y validarlas todas en cada construcción costaba más que todo lo demás (`python -m bench.revisiones`). La lectura normalizada se guarda en Parquet bajo una huella de todo lo que decide
el resultado: el sha256 del archivo y su nombre (la lectura lo lleva en su columna `archivo`: el mismo contenido
con otro nombre es otra lectura), el de cada catálogo que usa el lector, el código de los módulos del lector y
las versiones de pandas y pyarrow. Cambia cualquiera y se vuelve a leer. `TABLERO_CACHE_LECTURAS` elige la
carpeta (vacía o `0` la apaga); por omisión, `~/.cache/tablero-movilidad/lecturas`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.parquet as pq

from .procedencia import sha256

logger = logging.getLogger(__name__)
HUELLA = "huella_lectura"  # en `DataFrame.attrs`: lo que sale de este caché dice su huella (etl.revisiones la usa)
_CLAVE = b"tablero_lectura"  # metadatos del Parquet con el diccionario de `leer_con_datos`


def carpeta() -> Path | None:
    valor = os.environ.get("TABLERO_CACHE_LECTURAS")
    if valor is not None:
        return None if valor in ("", "0") else Path(valor)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tablero-movilidad" / "lecturas"


def huella(archivo_sha256: str, nombre: str, dependencias: list[Path], modulos: list[Path]) -> str:
    h = hashlib.sha256()
    h.update(archivo_sha256.encode())
    h.update(f"nombre={nombre};".encode())
    for ruta in dependencias:
        h.update(sha256(ruta).encode())
    for ruta in modulos:  # por su sha256: dentro de una construcción, cada módulo se lee una vez (huellas_recordadas)
        h.update(sha256(ruta).encode())
    h.update(f"pandas {pd.__version__} pyarrow {pyarrow.__version__}".encode())
    return h.hexdigest()


def leer(archivo_sha256: str, nombre: str, dependencias: list[Path], modulos: list[Path],
         leer_archivo: Callable[[], pd.DataFrame], tipos: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """La lectura de `leer_archivo()`, desde el caché si ya se hizo con la misma huella. `tipos` devuelve a la tabla
    leída del Parquet exactamente los tipos de la lectura original (lo comprueba la prueba). `nombre` es el nombre
    del archivo si la lectura lo lleva (vacío si no): el mismo contenido con otro nombre es otra lectura."""
    tabla, _ = leer_con_datos(archivo_sha256, nombre, dependencias, modulos, lambda: (leer_archivo(), {}), tipos)
    return tabla


def leer_con_datos(archivo_sha256: str, nombre: str, dependencias: list[Path], modulos: list[Path],
                   leer_archivo: Callable[[], tuple[pd.DataFrame, dict | None]],
                   tipos: Callable[[pd.DataFrame], pd.DataFrame]) -> tuple[pd.DataFrame, dict | None]:
    """Como `leer`, con un diccionario JSON de lo leído además de la tabla (p. ej. el título y el año de un cuadro del
    Boletín), guardado en los metadatos del Parquet. Si `leer_archivo` devuelve `None` como diccionario, la lectura
    no se guarda (no se sabe convertir ese archivo; quien llama decide)."""
    base = carpeta()
    if base is None:
        return leer_archivo()
    h = huella(archivo_sha256, nombre, dependencias, modulos)
    ruta = base / f"{h}.parquet"
    if ruta.is_file():
        try:
            guardada = pq.ParquetFile(ruta).read()  # sin la capa de datasets de read_table: más rápido por archivo
            datos = json.loads((guardada.schema.metadata or {}).get(_CLAVE, b"{}"))
            tabla = tipos(guardada.to_pandas())
            tabla.attrs[HUELLA] = h
            return tabla, datos
        except Exception as e:  # noqa: BLE001 — un caché dañado se ignora y se vuelve a leer el archivo
            logger.warning("caché de lecturas ilegible (%s): %s; se lee el archivo", ruta.name, e)
    tabla, datos = leer_archivo()
    if datos is None:
        return tabla, datos
    tabla.attrs[HUELLA] = h
    try:
        base.mkdir(parents=True, exist_ok=True)
        arrow = pyarrow.Table.from_pandas(tabla, preserve_index=False)
        arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), _CLAVE: json.dumps(datos).encode()})
        with tempfile.NamedTemporaryFile(dir=base, suffix=".tmp", delete=False) as f:
            pq.write_table(arrow, f.name)
        os.replace(f.name, ruta)
    except OSError as e:
        logger.warning("no se pudo guardar la lectura en el caché (%s)", e)
    return tabla, datos


def con_tipos(tipos: dict[str, str]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Un `tipos` para `leer` a partir de los dtypes de la lectura original, {columna: dtype}; «date» es una columna de
    objetos `datetime.date` (Parquet la devuelve como date32 u objeto; aquí vuelve a ser objetos date)."""
    from datetime import date, datetime

    def fecha(v):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
            return None
        return v if isinstance(v, date) and not isinstance(v, datetime) else pd.Timestamp(v).date()

    def convertir(tabla: pd.DataFrame) -> pd.DataFrame:
        salida = tabla.copy()
        for columna, tipo in tipos.items():
            if tipo == "date":
                salida[columna] = pd.Series([fecha(v) for v in tabla[columna]], index=tabla.index, dtype=object)
            else:
                salida[columna] = tabla[columna].astype(tipo)
        return salida

    return convertir
