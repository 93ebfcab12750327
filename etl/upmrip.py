"""Cuadros del Boletín Mensual de Estadísticas Migratorias de la UPMRIP: eventos y devoluciones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errores import ErrorDeEntrada
from .esquemas import GRUPOS_EDAD, SEXOS, TIPOS_DEVOLUCION
from .lectura import a_entero, a_mes, en_catalogo, leer_csv, sin_duplicados, traducir

SEXO = dict(zip(("male", "female"), SEXOS))
EDAD = dict(zip(("18+", "12-17", "under 12, accompanied", "under 12, unaccompanied"), GRUPOS_EDAD))
DEVOLUCION = dict(zip(("deportation", "assisted return", "assisted return of children"), TIPOS_DEVOLUCION))


def eventos_nacionalidad(ruta: Path, paises: set[str], ficha: dict) -> pd.DataFrame:
    """Eventos por mes y nacionalidad; los pares repetidos se suman sólo si la ficha lo declara."""
    crudo = leer_csv(ruta, ["t", "nat", "n"])
    archivo = ruta.name
    crudo["mes"] = a_mes(crudo, "t", archivo)
    en_catalogo(crudo, "nat", archivo, paises, "nacionalidad")
    crudo["n"] = a_entero(crudo, "n", archivo)
    crudo["iso3"] = crudo["nat"].str.strip()
    politica = ficha.get("duplicados") or {}
    if politica.get("politica") != "sumar":
        sin_duplicados(crudo, ["mes", "iso3"], archivo)
    else:
        # Se suman sólo los pares que la ficha declara: un renglón copiado a mano no pasa inadvertido.
        repetidos = crudo.duplicated(["mes", "iso3"], keep=False)
        pares = crudo.loc[repetidos, ["mes", "iso3"]].drop_duplicates()
        if len(pares) != politica.get("pares_esperados"):
            primera = int(crudo.loc[crudo.duplicated(["mes", "iso3"], keep="first"), "_fila"].iloc[-1]) if len(pares) else None
            raise ErrorDeEntrada(
                archivo,
                f"{len(pares)} pares (mes, nacionalidad) aparecen más de una vez y la ficha declara "
                f"{politica.get('pares_esperados')}; revise los renglones repetidos (el último está en la fila indicada) "
                "y, si son legítimos, actualice duplicados.pares_esperados en la ficha",
                primera, "t, nat",
            )
    tabla = (
        crudo.groupby(["mes", "iso3"], as_index=False)
        .agg(n=("n", "sum"), renglones_sumados=("n", "size"))
    )
    tabla["n"] = tabla["n"].astype("int64")
    tabla["renglones_sumados"] = tabla["renglones_sumados"].astype("int64")
    tabla["fuente_id"] = archivo
    return tabla


def eventos_sexo_edad(ruta: Path, ficha: dict) -> pd.DataFrame:
    crudo = leer_csv(ruta, ["t", "sex", "age", "n"])
    archivo = ruta.name
    tabla = pd.DataFrame({
        "mes": a_mes(crudo, "t", archivo),
        "sexo": traducir(crudo, "sex", archivo, SEXO),
        "grupo_edad": traducir(crudo, "age", archivo, EDAD),
        "n": a_entero(crudo, "n", archivo),
        "_fila": crudo["_fila"],
    })
    sin_duplicados(tabla, ["mes", "sexo", "grupo_edad"], archivo)
    return tabla.drop(columns="_fila").assign(fuente_id=archivo)


def devoluciones(ruta: Path, paises: set[str], ficha: dict) -> pd.DataFrame:
    crudo = leer_csv(ruta, ["t", "nat", "type", "n"])
    archivo = ruta.name
    en_catalogo(crudo, "nat", archivo, paises, "nacionalidad")
    tabla = pd.DataFrame({
        "mes": a_mes(crudo, "t", archivo),
        "iso3": crudo["nat"].str.strip(),
        "tipo": traducir(crudo, "type", archivo, DEVOLUCION),
        "n": a_entero(crudo, "n", archivo),
        "_fila": crudo["_fila"],
    })
    sin_duplicados(tabla, ["mes", "iso3", "tipo"], archivo)
    return tabla.drop(columns="_fila").assign(fuente_id=archivo)
