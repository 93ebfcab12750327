"""Celdas de CSV que una hoja de cálculo ejecutaría: la regla única para escribirlas y para rechazarlas.

Excel, LibreOffice y Google Sheets evalúan como fórmula el texto que empieza con = + - @ (o con tabulador o
retorno de carro, que algunos recortan antes). Al escribir un CSV se les pone un apóstrofo delante; `etl
incorporar` no copia a datos/crudos texto que empiece así. Los números escritos («-2.5») no se tocan.
"""

from __future__ import annotations

import re

PREFIJOS_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMERO = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][-+]?\d+)?")


def es_formula(valor) -> bool:
    """Verdadero si el texto empieza como una fórmula (y no es sólo un número)."""
    return isinstance(valor, str) and valor.startswith(PREFIJOS_FORMULA) and not _NUMERO.fullmatch(valor)


def neutralizar(valor):
    """El texto que se ejecutaría lleva un apóstrofo delante; lo demás, igual."""
    return "'" + valor if es_formula(valor) else valor
