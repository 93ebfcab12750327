"""El banco de rendimiento corre en tamaño diminuto y su informe está bien formado. Ningún tiempo se comprueba aquí."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from bench import medir, pandas_base, sintetico
from bench.__main__ import Config, correr, markdown
from tablero.consultas import Catalogo, cargar_consultas
from etl.construir import CRUDOS, construir
from etl.esquemas import TABLAS

FILAS = 2_000


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    destino = tmp_path_factory.mktemp("bench_real") / "parquet"
    construir(CRUDOS, destino)
    return destino.resolve()


@pytest.fixture(scope="module")
def carpetas(real, tmp_path_factory):
    return sintetico.generar(real, tmp_path_factory.mktemp("bench_sint"), FILAS)


def test_generador_determinista_y_con_los_esquemas_reales(real, carpetas, tmp_path):
    for nombre in sintetico.TABLAS_ESCALADAS:
        for carpeta in carpetas.values():
            assert pq.read_schema(carpeta / f"{nombre}.parquet").remove_metadata().equals(
                TABLAS[nombre].esquema_arrow()), (carpeta.name, nombre)
        assert pq.ParquetFile(carpetas["directo"] / f"{nombre}.parquet").metadata.num_rows == FILAS
    otra = sintetico.generar(real, tmp_path / "otra", FILAS)
    for nombre in (*sintetico.TABLAS_ESCALADAS, "eventos_registros"):
        disp = "marts" if nombre == "eventos_registros" else "directo"
        assert pq.read_table(otra[disp] / f"{nombre}.parquet").equals(pq.read_table(carpetas[disp] / f"{nombre}.parquet"))
    # Todas las demás tablas reales están, así que cada consulta corre sin cambios.
    reales = {r.name for r in real.glob("*.parquet")}
    for carpeta in carpetas.values():
        assert reales <= {r.name for r in carpeta.glob("*.parquet")}
        Catalogo(carpeta)


def test_cada_consulta_tiene_version_pandas_que_coincide(carpetas):
    """Todas las consultas de consultas.sql (no sólo las de las páginas de hoy), en ambas disposiciones."""
    for nombre in cargar_consultas():
        assert nombre in pandas_base.CONSULTAS, f"falta la versión pandas de {nombre} en bench/pandas_base.py"
    for disp, carpeta in carpetas.items():
        cat = Catalogo(carpeta)
        for nombre in cargar_consultas():
            params = medir.parametros(carpeta, nombre)
            esperado = pandas_base.CONSULTAS[nombre](carpeta, **params).reset_index(drop=True)
            assert medir.diferencia(cat.ejecutar(nombre, **params), esperado) is None, (disp, nombre)


def test_la_comparacion_detecta_diferencias(carpetas):
    carpeta = carpetas["directo"]
    params = medir.parametros(carpeta, "eventos_mensuales")
    a = Catalogo(carpeta).ejecutar("eventos_mensuales", **params)
    b = a.copy()
    b.loc[0, "eventos"] += 1
    assert medir.diferencia(a, b) is not None
    assert medir.diferencia(a, a.iloc[:, ::-1]) is not None


def test_informe_con_un_renglon_por_consulta_de_pagina(tmp_path):
    nombres = medir.consultas_de_paginas()
    assert nombres, "las páginas no piden ninguna consulta: ¿cambió la forma de llamar a datos.consulta?"
    cfg = Config(filas=[FILAS], frios=1, calientes=2, pandas=1, paginas=1, etl=1, medir_paginas=False,
                 medir_etl=False, trabajo=tmp_path)
    inf = correr(cfg)
    assert set(inf.consultas) == {"incluidos", f"{FILAS:,}".replace(",", " ")}
    for etiqueta, filas in inf.consultas.items():
        assert [f.nombre for f in filas] == nombres, etiqueta
        for f in filas:
            assert all(v is None for v in f.iguales.values()), (etiqueta, f.nombre, f.iguales)
            assert all(len(m.caliente) == 2 and len(m.frio) == 1 for m in f.duck.values())
    texto = markdown(inf)
    assert texto.startswith("# Rendimiento del tablero")
    for seccion in ("## Objetivos", "## Cómo se mide", "## Renglones por tabla"):
        assert seccion in texto
    for etiqueta in inf.consultas:
        bloque = texto.split("## Consultas de las páginas: " + ("datos incluidos" if etiqueta == "incluidos" else etiqueta))[1]
        bloque = bloque.split("\n## ")[0]
        renglones = [r for r in bloque.splitlines() if r.startswith("| `")]
        assert [r.split("`")[1] for r in renglones] == nombres
        assert all(r.rstrip().endswith("| sí |") for r in renglones)
