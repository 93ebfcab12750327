"""Remesas por entidad (Banxico): la clave de entidad llega sin cero inicial y se lleva a dos dígitos INEGI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errores import ErrorDeEntrada
from etl.lectura import a_entero, a_mes, leer_csv, sin_duplicados


def remesas_por_entidad(ruta: Path, entidades: dict[str, str], ficha: dict) -> pd.DataFrame:
    """`entidades` es el catálogo INEGI cve_ent → nombre; el nombre publicado sale de ahí."""
    crudo = leer_csv(ruta, ["PERIODO", "CVE_ENT", "ENTIDAD", "VALOR_USD"])
    archivo = ruta.name
    trimestre = a_mes(crudo, "PERIODO", archivo, "%Y-%m-%d")
    no_trimestre = pd.Series([m.month not in (1, 4, 7, 10) for m in trimestre], index=crudo.index)
    if no_trimestre.any():
        raise ErrorDeEntrada(archivo, "la fecha no es el primer día de un trimestre", int(crudo.loc[no_trimestre, "_fila"].iloc[0]), "PERIODO")
    clave = a_entero(crudo, "CVE_ENT", archivo).astype(int).map(lambda c: f"{c:02d}")
    desconocida = ~clave.isin(set(entidades))
    if desconocida.any():
        raise ErrorDeEntrada(archivo, f"clave de entidad desconocida {crudo.loc[desconocida, 'CVE_ENT'].iloc[0]!r}",
                             int(crudo.loc[desconocida, "_fila"].iloc[0]), "CVE_ENT")
    tabla = pd.DataFrame({
        "trimestre": trimestre,
        "cve_ent": clave,
        "entidad": clave.map(entidades),
        "usd": a_entero(crudo, "VALOR_USD", archivo),
        "_fila": crudo["_fila"],
    })
    sin_duplicados(tabla, ["trimestre", "cve_ent"], archivo)
    return tabla.drop(columns="_fila").assign(fuente_id=archivo)
