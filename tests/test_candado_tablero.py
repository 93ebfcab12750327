"""El candado propio del tablero: mientras un `Catalogo` (lo que abren las páginas) lee una versión, la poda del
ETL no la borra aunque se publiquen más versiones de las que se conservan; al cerrarlo, la siguiente poda sí."""

from __future__ import annotations

import gc

import pyarrow.parquet as pq

from etl.publicacion import VERSIONES_CONSERVADAS, carpeta_versiones, publicar
from tablero.consultas import Catalogo


def test_version_abierta_por_el_tablero_no_se_poda(parquet_sesion, tmp_path):
    tablas = {p.stem: pq.read_table(p) for p in parquet_sesion.glob("*.parquet")}
    destino = tmp_path / "parquet"
    primera = publicar(tablas, destino, "huella-0")
    catalogo = Catalogo(destino)
    assert catalogo.version == primera.resolve()
    total = catalogo.ejecutar("cifras_total")
    for i in range(1, VERSIONES_CONSERVADAS + 3):  # más versiones nuevas de las que la poda conserva
        publicar(tablas, destino, f"huella-{i}")
    assert primera.exists(), "la poda borró la versión que el tablero tiene abierta"
    assert catalogo.ejecutar("cifras_total").equals(total)
    versiones = {p.name for p in carpeta_versiones(destino).iterdir() if p.is_dir()}
    assert len(versiones) == VERSIONES_CONSERVADAS + 1, versiones  # las conservadas (con la vigente) y la abierta

    del catalogo
    gc.collect()
    publicar(tablas, destino, "huella-final")
    assert not primera.exists(), "cerrado el catálogo, la versión vieja se poda"
