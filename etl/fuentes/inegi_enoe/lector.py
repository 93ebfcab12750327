"""Ocupados por lugar de nacimiento y formalidad (INEGI, ENOE): el archivo viene a lo ancho, un renglón por
trimestre; se publica a lo largo (trimestre × lugar de nacimiento × formalidad) y el total de cada lugar
de nacimiento se comprueba contra formal + informal en vez de guardarse dos veces.

«Nacido en el extranjero» no es nacionalidad y «formal» no es registro en el IMSS: por eso la columna se
llama `lugar_nacimiento` (la matriz de brechas no la confunde con la nacionalidad)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from etl.errores import ErrorDeEntrada
from etl.lectura import a_entero, leer_csv, sin_duplicados

# lugar de nacimiento → (columna del total, columna formal, columna informal)
COLUMNAS = {
    "mexico": ("ocupados_nacidos_en_mexico", "ocupados_mexico_formal", "ocupados_mexico_informal"),
    "extranjero": ("ocupados_nacidos_en_extranjero", "ocupados_extranjero_formal", "ocupados_extranjero_informal"),
}
_TRIMESTRE = re.compile(r"^(\d{4})Q([1-4])$")


def _trimestre(crudo: pd.DataFrame, archivo: str) -> pd.Series:
    """`AAAAQn` → primer día del trimestre."""
    fechas = []
    for texto, fila in zip(crudo["trimestre"].astype(str).str.strip(), crudo["_fila"]):
        m = _TRIMESTRE.match(texto)
        if not m:
            raise ErrorDeEntrada(archivo, f"{texto!r} no es un trimestre AAAAQn", int(fila), "trimestre")
        fechas.append(dt.date(int(m[1]), 3 * int(m[2]) - 2, 1))
    return pd.Series(fechas, index=crudo.index, dtype=object)


def ocupados(ruta: Path, ficha: dict) -> pd.DataFrame:
    columnas = ["trimestre", *(c for trio in COLUMNAS.values() for c in trio)]
    crudo = leer_csv(ruta, columnas)
    archivo = ruta.name
    crudo["trimestre_fecha"] = _trimestre(crudo, archivo)
    sin_duplicados(crudo, ["trimestre_fecha"], archivo)
    partes = []
    for lugar, (total, formal, informal) in COLUMNAS.items():
        n_total, n_formal, n_informal = (a_entero(crudo, c, archivo) for c in (total, formal, informal))
        distinto = n_total != n_formal + n_informal
        if distinto.any():
            i = distinto[distinto].index[0]
            raise ErrorDeEntrada(archivo, f"el total ({n_total[i]}) no es formal + informal ({n_formal[i]} + {n_informal[i]})",
                                 int(crudo.loc[i, "_fila"]), total)
        for formalidad, n in (("formal", n_formal), ("informal", n_informal)):
            partes.append(pd.DataFrame({"trimestre": crudo["trimestre_fecha"], "lugar_nacimiento": lugar,
                                        "formalidad": formalidad, "ocupados": n}))
    return pd.concat(partes, ignore_index=True).assign(fuente_id=archivo)
