"""La matriz de brechas de desagregación sale de los datos: de las columnas de cada tabla y de lo que
cada cifra de cifras.csv dice de su población (nacionalidad, sexo, grupo de edad), nunca de constantes."""

from __future__ import annotations

import csv

import pytest
from conftest import editar_csv

from tablero.consultas import Catalogo

DIMENSIONES = {"nacionalidad": "nacionalidad", "sexo": "sexo", "grupo_edad": "edad"}


def _cifras_crudas(ruta) -> list[dict]:
    with open(ruta, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_matriz_de_cifras_igual_a_lo_que_dicen_las_cifras(tablero):
    from etl.construir import CRUDOS

    matriz = Catalogo(tablero).ejecutar("desagregaciones_cifras", idioma="es").set_index("indicador_id")
    crudas = _cifras_crudas(CRUDOS / "cifras.csv")
    assert any(c[col].strip() for c in crudas for col in DIMENSIONES), "ninguna cifra dice su población: nada que comparar"
    for columna, dimension in DIMENSIONES.items():
        esperados = {c["indicador_id"] for c in crudas if c[columna].strip()}
        assert set(matriz.index[matriz[dimension]]) == esperados, columna


@pytest.mark.parametrize("columna,valor", [("sexo", "Hombres"), ("grupo_edad", "12 a 17 años"), ("nacionalidad", "VEN")])
def test_una_cifra_con_poblacion_cambia_la_matriz(proyecto, tmp_path, columna, valor):
    """Marcar la población de una cifra enciende esa casilla de su indicador (y sólo de ese)."""
    from etl.construir import construir

    crudos_copia, publicadas = proyecto  # `publicadas`: las tablas de estos crudos antes de marcar la cifra
    elegida = next(f for f in _cifras_crudas(crudos_copia / "cifras.csv") if not any(f[c].strip() for c in DIMENSIONES))
    antes = Catalogo(publicadas).ejecutar("desagregaciones_cifras", idioma="es")

    def marcar(filas: list[dict]) -> None:
        next(f for f in filas if f["cifra_id"] == elegida["cifra_id"])[columna] = valor

    editar_csv(crudos_copia / "cifras.csv", marcar)
    despues = Catalogo(construir(crudos_copia, tmp_path / "despues")).ejecutar("desagregaciones_cifras", idioma="es")
    cambio = despues.set_index("indicador_id")[DIMENSIONES[columna]] != antes.set_index("indicador_id")[DIMENSIONES[columna]]
    assert list(cambio[cambio].index) == [elegida["indicador_id"]]


# --- tablas oficiales: de sus renglones ---------------------------------------------------------

def test_matriz_de_tablas_sale_de_sus_renglones(tablero):
    """Cada casilla de una tabla oficial dice si algún renglón trae esa desagregación, contado en el Parquet."""
    import pandas as pd

    matriz = Catalogo(tablero).ejecutar("desagregaciones_tablas", idioma="es").set_index("tabla")
    assert matriz.index.is_unique
    leer = {t: pd.read_parquet(tablero / f"{t}.parquet") for t in matriz.index}
    columnas = {"nacionalidad": ("iso3", "nacionalidades"), "sexo": ("sexo",), "edad": ("grupo_edad",)}
    for tabla, df in leer.items():
        for dimension, cols in columnas.items():
            esperado = any(c in df and df[c].notna().any() for c in cols)
            assert bool(matriz.loc[tabla, dimension]) == esperado, (tabla, dimension)
        if df.empty:
            assert not matriz.loc[tabla, ["mes", "nacionalidad", "sexo", "edad", "entidad"]].any(), tabla
    # la CBP por estado va vacía con los datos incluidos: no ofrece nada; su «demografía» no es edad
    assert leer["cbp_encuentros_estado"].empty
    assert not matriz.loc["cbp_encuentros", "edad"] and leer["cbp_encuentros"]["demografia"].notna().any()


def test_cada_tabla_de_datos_esta_en_la_matriz(tablero):
    """Una tabla de datos nueva (una vista de staging con columna `tabla`, salvo geometrías, proyecciones y la historia
    de revisiones e instantáneas, que calcula el ETL) debe agregarse a la matriz de brechas."""
    cat = Catalogo(tablero)
    with cat._candado:
        vistas = {v for (v,) in cat._con.execute(
            "SELECT DISTINCT table_name FROM duckdb_columns() WHERE starts_with(table_name, 'stg_') "
            "AND column_name = 'tabla'").fetchall()}
    datos = {v.removeprefix("stg_") for v in vistas
             if v != "stg_entidades_simplificadas"
             and not v.startswith(("stg_proyecciones", "stg_revisiones", "stg_instantaneas"))}
    assert datos and set(cat.ejecutar("desagregaciones_tablas", idioma="es")["tabla"]) == datos
