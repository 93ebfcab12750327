"""Tránsito por el Darién (Migración Panamá): renglones anuales hasta 2019 y mensuales desde 2020."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.lectura import a_entero, a_mes, en_catalogo, leer_csv, sin_duplicados


def cruces_darien(ruta: Path, paises: set[str], ficha: dict) -> pd.DataFrame:
    crudo = leer_csv(ruta, ["t", "q", "nat", "n"])
    archivo = ruta.name
    en_catalogo(crudo, "nat", archivo, paises, "nacionalidad")
    mes = a_mes(crudo, "t", archivo)
    a_mes(crudo, "q", archivo)  # se valida aunque no se use: es la columna del compilador
    anual = pd.Series([m.year < 2020 for m in mes], index=crudo.index)
    tabla = pd.DataFrame({
        "periodo_inicio": mes,
        "periodicidad": anual.map({True: "anual", False: "mensual"}),
        "iso3": crudo["nat"].str.strip(),
        "n": a_entero(crudo, "n", archivo),
        "_fila": crudo["_fila"],
    })
    sin_duplicados(tabla, ["periodo_inicio", "iso3"], archivo)
    return tabla.drop(columns="_fila").assign(fuente_id=archivo)
