"""Números es-MX e inglés del tablero (formato.py): funciones puras."""

from __future__ import annotations

import math

import pytest

from tablero import formato


@pytest.mark.parametrize("valor, esperado", [
    (4700000, "4,700,000"), (153000, "153,000"), (0, "0"), (52637, "52,637"), (0.23, "0.23"), (1234.5, "1,234.5"),
    (-1500, "-1,500"),
])
def test_numero_con_miles(valor, esperado):
    assert formato.numero(valor) == esperado


@pytest.mark.parametrize("valor", [None, float("nan")])
def test_numero_vacio(valor):
    assert formato.numero(valor) == "—"


@pytest.mark.parametrize("valor, es, en", [
    (4700000, "4.7 millones", "4.7 million"),
    (1000000, "1 millón", "1 million"),
    (1600000, "1.6 millones", "1.6 million"),
    (417000000, "417 millones", "417 million"),
    (1500000000, "1,500 millones", "1.5 billion"),
    (3652817, "3,652,817", "3,652,817"),  # no es redondo: abreviarlo perdería precisión
    (153000, "153,000", "153,000"),
])
def test_compacto(valor, es, en):
    assert formato.compacto(valor, "es") == es
    assert formato.compacto(valor, "en") == en


@pytest.mark.parametrize("lo, hi, es, en", [
    (1300000, 1900000, "entre 1.3 y 1.9 millones", "between 1.3 and 1.9 million"),
    (1000000, 3500000, "entre 1 y 3.5 millones", "between 1 and 3.5 million"),
    (500000, 1200000, "entre 500,000 y 1.2 millones", "between 500,000 and 1.2 million"),
    (40000, 60000, "entre 40,000 y 60,000", "between 40,000 and 60,000"),
])
def test_rango(lo, hi, es, en):
    assert formato.rango(lo, hi, "es") == es
    assert formato.rango(lo, hi, "en") == en


@pytest.mark.parametrize("calificador, es, en", [
    ("mas_de", "más de 153,000", "more than 153,000"),
    ("superior_a", "más de 153,000", "over 153,000"),
    ("casi", "casi 153,000", "almost 153,000"),
    ("alrededor_de", "alrededor de 153,000", "around 153,000"),
    ("al_menos", "al menos 153,000", "at least 153,000"),
    ("menos_de", "menos de 153,000", "less than 153,000"),
    ("exacto", "153,000", "153,000"),
])
def test_el_calificador_es_parte_de_la_cifra(calificador, es, en):
    assert formato.cifra(153000, calificador=calificador, idioma="es") == es
    assert formato.cifra(153000, calificador=calificador, idioma="en") == en


def test_calificador_nunca_se_pierde():
    assert formato.cifra(153000, calificador="mas_de") != formato.cifra(153000, calificador="exacto")


def test_rango_como_rango_nunca_punto_medio():
    texto = formato.cifra(None, 1300000, 1900000, "rango")
    assert texto == "entre 1.3 y 1.9 millones"
    assert "1.6" not in texto


def test_rango_sin_calificador_explicito():
    assert formato.cifra(math.nan, 1300000, 1900000, "exacto") == "entre 1.3 y 1.9 millones"


def test_porcentaje():
    assert formato.cifra(417, unidad="porcentaje") == "417%"


def test_cifra_fila_y_vacios():
    fila = {"valor": 4700000.0, "valor_min": None, "valor_max": None, "calificador": "superior_a", "unidad": "encuentros"}
    assert formato.cifra_fila(fila) == "más de 4.7 millones"
    assert formato.cifra_fila(fila, "en") == "over 4.7 million"
    assert formato.cifra(None) == "—"
    assert formato.cifra(153000, idioma="xx") == "153,000"


def test_meses():
    from datetime import date

    import pandas as pd

    assert formato.mes(date(2024, 1, 1)) == "2024-01"
    assert formato.mes(pd.Timestamp("2025-04-01")) == "2025-04"
    assert formato.mes("2025-04-01") == "2025-04"
    assert formato.periodo_meses(date(2024, 1, 1), date(2025, 4, 1)) == "2024-01 – 2025-04"
    assert formato.periodo_meses(date(2024, 1, 1), date(2024, 1, 1)) == "2024-01"
