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
def test_una_cifra_con_poblacion_cambia_la_matriz(crudos_copia, tmp_path, columna, valor):
    """Marcar la población de una cifra enciende esa casilla de su indicador (y sólo de ese)."""
    from etl.construir import construir

    elegida = next(f for f in _cifras_crudas(crudos_copia / "cifras.csv") if not any(f[c].strip() for c in DIMENSIONES))
    antes = Catalogo(construir(crudos_copia, tmp_path / "antes")).ejecutar("desagregaciones_cifras", idioma="es")

    def marcar(filas: list[dict]) -> None:
        next(f for f in filas if f["cifra_id"] == elegida["cifra_id"])[columna] = valor

    editar_csv(crudos_copia / "cifras.csv", marcar)
    despues = Catalogo(construir(crudos_copia, tmp_path / "despues")).ejecutar("desagregaciones_cifras", idioma="es")
    cambio = despues.set_index("indicador_id")[DIMENSIONES[columna]] != antes.set_index("indicador_id")[DIMENSIONES[columna]]
    assert list(cambio[cambio].index) == [elegida["indicador_id"]]
