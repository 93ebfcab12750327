"""Actualizar los datos mientras el tablero sirve: los lectores ven la versión vieja completa o la nueva completa."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tablero.consultas import Catalogo
from etl.construir import CRUDOS, construir
from etl.procedencia import escribir_ficha

ARCHIVO = "upmrip_eventos_por_nacionalidad.csv"


@pytest.fixture
def proyecto(tmp_path) -> tuple[Path, Path]:
    crudos = tmp_path / "crudos"
    shutil.copytree(CRUDOS, crudos)
    destino = tmp_path / "parquet"
    construir(crudos, destino)
    return crudos, destino


def _total(destino: Path, anio: int) -> int:
    t = pq.read_table(destino / "eventos_nacionalidad.parquet").to_pandas()
    return int(t.loc[[m.year == anio for m in t["mes"]], "n"].sum())


def _sumar_a_un_renglon(crudos: Path, anio: int, delta: int) -> None:
    """Cambia un conteo del año dado (una revisión del boletín) y registra el cambio en la ficha."""
    ruta = crudos / "tablas" / ARCHIVO
    lineas = ruta.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(k for k, ln in enumerate(lineas) if ln.startswith(f"{anio}-"))
    t, nat, n = lineas[i].rstrip("\n").split(",")
    lineas[i] = f"{t},{nat},{int(n) + delta}\n"
    ruta.write_text("".join(lineas), encoding="utf-8")
    escribir_ficha(ruta)


def test_catalogo_abierto_sigue_con_su_version(proyecto):
    crudos, destino = proyecto
    viejo = Catalogo(destino)
    antes = int(viejo.ejecutar("eventos_total_anio", anio=2023)["eventos"].iloc[0])
    _sumar_a_un_renglon(crudos, 2023, 1000)
    construir(crudos, destino)
    assert int(viejo.ejecutar("eventos_total_anio", anio=2023)["eventos"].iloc[0]) == antes
    nuevo = Catalogo(destino)
    assert int(nuevo.ejecutar("eventos_total_anio", anio=2023)["eventos"].iloc[0]) == antes + 1000 == _total(destino, 2023)


def test_lectores_durante_varias_publicaciones(proyecto):
    crudos, destino = proyecto
    base = _total(destino, 2023)
    vistos: list[int] = []
    errores: list[BaseException] = []
    alto = threading.Event()

    def lector():
        while not alto.is_set():
            try:
                cat = Catalogo(destino)  # como una sesión nueva que abre la versión vigente
                vistos.append(int(cat.ejecutar("eventos_total_anio", anio=2023)["eventos"].iloc[0]))
            except BaseException as e:  # cualquier fallo de lectura es un defecto
                errores.append(e)

    hilos = [threading.Thread(target=lector) for _ in range(2)]
    for h in hilos:
        h.start()
    try:
        for _ in range(4):
            _sumar_a_un_renglon(crudos, 2023, 1)
            construir(crudos, destino)
    finally:
        alto.set()
        for h in hilos:
            h.join(timeout=60)
    assert not errores, errores[:3]
    assert vistos, "los lectores no llegaron a leer"
    # cada lectura es una versión completa: la base más 0, 1, 2, 3 o 4 revisiones, nunca otra cosa
    assert set(vistos) <= {base + k for k in range(5)}
    assert _total(destino, 2023) == base + 4
    assert int(Catalogo(destino).ejecutar("eventos_total_anio", anio=2023)["eventos"].iloc[0]) == base + 4
