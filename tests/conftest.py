"""Fixtures comunes: las tablas Parquet se construyen una sola vez por sesión en una carpeta temporal
y el tablero las lee a través de la variable de entorno TABLERO_PARQUET (ver datos.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def parquet_sesion(tmp_path_factory) -> Path:
    from etl.construir import construir

    destino = tmp_path_factory.mktemp("tablero") / "parquet"
    construir(crudos=RAIZ / "datos" / "crudos", destino=destino)
    return destino


@pytest.fixture
def tablero(parquet_sesion, monkeypatch) -> Path:
    """Apunta el tablero (datos.py) a las tablas de la sesión mientras dura la prueba."""
    monkeypatch.setenv("TABLERO_PARQUET", str(parquet_sesion))
    monkeypatch.chdir(RAIZ)
    assert os.environ["TABLERO_PARQUET"] == str(parquet_sesion)
    return parquet_sesion


@pytest.fixture
def crudos_copia(tmp_path) -> Path:
    """Copia de datos/crudos para editar un archivo crudo sin tocar el repositorio."""
    import shutil

    destino = tmp_path / "crudos"
    shutil.copytree(RAIZ / "datos" / "crudos", destino)
    return destino
