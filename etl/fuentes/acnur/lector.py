"""Solicitudes de asilo en México (ACNUR, cifras de la COMAR): años y conteos escritos como decimales."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errores import ErrorDeEntrada
from etl.lectura import a_entero, en_catalogo, leer_csv, sin_duplicados, traducir

COLUMNAS = ["year", "coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso", "procedure_type", "app_type",
            "dec_level", "app_pc", "applied"]


def solicitudes_asilo(ruta: Path, paises: set[str], ficha: dict) -> pd.DataFrame:
    crudo = leer_csv(ruta, COLUMNAS)
    archivo = ruta.name
    otro = crudo["coa_iso"].str.strip() != "MEX"
    if otro.any():
        raise ErrorDeEntrada(archivo, f"país de asilo {crudo.loc[otro, 'coa_iso'].iloc[0]!r}: sólo se esperan solicitudes en México (MEX)",
                             int(crudo.loc[otro, "_fila"].iloc[0]), "coa_iso")
    en_catalogo(crudo, "coo_iso", archivo, paises, "país de origen")
    tabla = pd.DataFrame({
        "anio": a_entero(crudo, "year", archivo),
        "iso3": crudo["coo_iso"].str.strip(),
        "procedimiento": crudo["procedure_type"].str.strip(),
        "tipo_solicitud": crudo["app_type"].str.strip(),
        "nivel_decision": crudo["dec_level"].str.strip(),
        "unidad_solicitud": traducir(crudo, "app_pc", archivo, {"P": "personas", "C": "casos"}),
        "n": a_entero(crudo, "applied", archivo),
        "_fila": crudo["_fila"],
    })
    clave = ["anio", "iso3", "procedimiento", "tipo_solicitud", "nivel_decision", "unidad_solicitud"]
    sin_duplicados(tabla, clave, archivo)
    tabla["anio"] = tabla["anio"].astype("int64")
    return tabla.drop(columns="_fila").assign(fuente_id=archivo)
