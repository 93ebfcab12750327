"""Actualizar los datos mientras el tablero sirve: los lectores ven la versión vieja completa o la nueva completa."""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import construir_en as construir
from conftest import sumar_a_un_renglon, tabla_parquet

from tablero.consultas import Catalogo


def _total(destino: Path, anio: int) -> int:
    t = tabla_parquet(destino, "eventos_nacionalidad")
    return int(t.loc[[m.year == anio for m in t["mes"]], "n"].sum())


def _sumar_a_un_renglon(crudos: Path, anio: int, delta: int) -> None:
    """Una revisión del boletín en un mes del año dado."""
    sumar_a_un_renglon(crudos, delta, prefijo_mes=f"{anio}-")


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


# ---------------------------------------------------------------- poda: nunca una versión que otro proceso lee

RAIZ = Path(__file__).resolve().parent.parent
_LECTOR = (
    "import sys\n"
    "from etl.publicacion import usar_version\n"
    "v = usar_version(sys.argv[1])\n"
    "print(v.ruta, flush=True)\n"
    "sys.stdin.read()\n"  # tiene la versión abierta hasta que le cierren la entrada
)


def _publicar_pequena(destino: Path, i: int) -> Path:
    import time

    import pyarrow as pa

    from etl.publicacion import publicar

    time.sleep(0.02)  # el orden de las versiones es por fecha de modificación
    return publicar({"t": pa.table({"x": [i]})}, destino, huella=f"h{i}")


def test_version_en_uso_por_otro_proceso_no_se_poda(tmp_path):
    import subprocess
    import sys

    from etl.publicacion import VERSIONES_CONSERVADAS

    destino = tmp_path / "parquet"
    v0 = _publicar_pequena(destino, 0)
    lector = subprocess.Popen([sys.executable, "-c", _LECTOR, str(destino)], cwd=RAIZ, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert lector.stdout.readline().strip() == str(v0)
        versiones = [_publicar_pequena(destino, i) for i in range(1, VERSIONES_CONSERVADAS + 2)]
        assert v0.is_dir(), "se podó una versión que otro proceso tiene abierta"
        assert (v0 / "t.parquet").exists()
        assert not versiones[0].exists(), "una versión vieja y sin uso debió podarse"
        assert all(v.is_dir() for v in versiones[-VERSIONES_CONSERVADAS:])
        assert destino.resolve() == versiones[-1]
    finally:
        lector.stdin.close()
        lector.wait(timeout=30)
    _publicar_pequena(destino, 99)
    assert not v0.exists(), "liberada, la versión vieja se poda en la publicación siguiente"
    assert not [p for p in destino.parent.joinpath(".parquet-versiones").iterdir() if p.name.startswith("borrando-")]


def test_usar_version_en_el_mismo_proceso(tmp_path):
    from etl.publicacion import VERSIONES_CONSERVADAS, usar_version

    destino = tmp_path / "parquet"
    _publicar_pequena(destino, 0)
    with usar_version(destino) as v:
        v0 = v.ruta
        for i in range(1, VERSIONES_CONSERVADAS + 2):
            _publicar_pequena(destino, i)
        assert v0.is_dir() and pq.read_table(v0 / "t.parquet").column("x").to_pylist() == [0]
    _publicar_pequena(destino, 99)
    assert not v0.exists()


def test_usar_version_sin_tablas(tmp_path):
    from etl.publicacion import usar_version

    with pytest.raises(FileNotFoundError):
        usar_version(tmp_path / "no-existe")
