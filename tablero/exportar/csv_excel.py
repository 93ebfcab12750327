"""CSV para abrir directo en Excel (también en español), Stata o R.

UTF-8 con BOM (Excel en español muestra los acentos), coma y punto decimal, y celdas de TEXTO que
empiezan con = + - @ (o tabulador / retorno de carro) con un apóstrofo delante, para que Excel no las
evalúe como fórmulas. Los números (también los negativos) no se tocan.
"""

from __future__ import annotations

import pandas as pd

PREFIJOS_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralizar(valor):
    """Un valor de texto que Excel tomaría por fórmula lleva un apóstrofo delante; lo demás, igual."""
    if isinstance(valor, str) and valor.startswith(PREFIJOS_FORMULA):
        return "'" + valor
    return valor


def neutralizar_tabla(df: pd.DataFrame) -> pd.DataFrame:
    """Copia con las celdas de texto neutralizadas (también los nombres de columna); las columnas
    numéricas, lógicas y de fecha no se tocan, y en columnas mixtas sólo cambian los valores str."""
    salida = df.copy()
    for col in salida.columns:
        serie = salida[col]
        if pd.api.types.is_numeric_dtype(serie) or pd.api.types.is_bool_dtype(serie) \
                or pd.api.types.is_datetime64_any_dtype(serie):
            continue
        salida[col] = serie.map(neutralizar, na_action="ignore")
    salida.columns = [neutralizar(str(c)) for c in salida.columns]
    return salida


def csv_excel(df: pd.DataFrame) -> bytes:
    """CSV para abrir directo en Excel (también en español), Stata o R: UTF-8 con BOM, coma, punto decimal,
    celdas de texto que empiezan con = + - @ neutralizadas con un apóstrofo."""
    return neutralizar_tabla(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
