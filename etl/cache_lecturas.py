"""Caché de lecturas de instantáneas: un archivo crudo inmutable se lee y valida una sola vez.

Cada descarga de la CBP es una instantánea que nunca cambia (su ficha guarda su sha256 y `leer_ficha` lo
comprueba): con 24 descargas, leerlas y validarlas todas en cada construcción costaba más que todo lo demás
(`python -m bench.revisiones`). La lectura normalizada se guarda en Parquet bajo una huella de todo lo que decide
el resultado: el sha256 del archivo y su nombre (la lectura lo lleva en su columna `archivo`: el mismo contenido
con otro nombre es otra lectura), el de cada catálogo que usa el lector, el código de los módulos del lector y
las versiones de pandas y pyarrow. Cambia cualquiera y se vuelve a leer. `TABLERO_CACHE_LECTURAS` elige la
carpeta (vacía o `0` la apaga); por omisión, `~/.cache/tablero-movilidad/lecturas`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow

from .procedencia import sha256

logger = logging.getLogger(__name__)


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
    for ruta in modulos:
        h.update(Path(ruta).read_bytes())
    h.update(f"pandas {pd.__version__} pyarrow {pyarrow.__version__}".encode())
    return h.hexdigest()


def leer(archivo_sha256: str, nombre: str, dependencias: list[Path], modulos: list[Path],
         leer_archivo: Callable[[], pd.DataFrame], tipos: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """La lectura de `leer_archivo()`, desde el caché si ya se hizo con la misma huella. `tipos` devuelve a la tabla
    leída del Parquet exactamente los tipos de la lectura original (lo comprueba la prueba)."""
    base = carpeta()
    if base is None:
        return leer_archivo()
    ruta = base / f"{huella(archivo_sha256, nombre, dependencias, modulos)}.parquet"
    if ruta.is_file():
        try:
            return tipos(pd.read_parquet(ruta))
        except Exception as e:  # noqa: BLE001 — un caché dañado se ignora y se vuelve a leer el archivo
            logger.warning("caché de lecturas ilegible (%s): %s; se lee el archivo", ruta.name, e)
    tabla = leer_archivo()
    try:
        base.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=base, suffix=".tmp", delete=False) as f:
            tabla.to_parquet(f.name, index=False)
        os.replace(f.name, ruta)
    except OSError as e:
        logger.warning("no se pudo guardar la lectura en el caché (%s)", e)
    return tabla
