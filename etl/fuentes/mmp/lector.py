"""Incidentes del Proyecto Migrantes Desaparecidos (OIM) en México, con coordenadas comprobadas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl import geometria
from etl.errores import ErrorDeEntrada
from etl.lectura import a_decimal, a_entero, a_fecha, a_mes, leer_csv

COLUMNAS = ["t", "m", "type", "route", "geo", "dead", "cause", "surv", "nat", "location", "lon", "lat"]


def incidentes(ruta: Path, paises: set[str], ficha: dict, entidades: pd.DataFrame) -> pd.DataFrame:
    """`entidades` es la tabla de las 32 entidades del INEGI con su geometría completa. Cada incidente lleva la
    entidad que lo contiene (`cve_ent`, nula si ninguna) y `en_mexico`: dentro de una entidad o a
    `geometria.TOLERANCIA_KM` o menos de su límite. Los demás se conservan con sus cifras pero no se dibujan."""
    crudo = leer_csv(ruta, COLUMNAS)
    archivo = ruta.name
    fecha = a_fecha(crudo, "t", archivo)
    mes = a_mes(crudo, "m", archivo)
    lon = a_decimal(crudo, "lon", archivo, nulo=False)
    lat = a_decimal(crudo, "lat", archivo, nulo=False)
    donde = geometria.ubicar(geometria.formas(entidades), lon.to_numpy(dtype=float), lat.to_numpy(dtype=float))
    donde.index = crudo.index
    for i, lista in crudo["nat"].items():
        for codigo in str(lista).split(","):
            if codigo.strip() not in paises:
                raise ErrorDeEntrada(archivo, f"nacionalidad desconocida {codigo.strip()!r}", int(crudo.at[i, "_fila"]), "nat")
    tabla = pd.DataFrame({
        "incidente": crudo["_fila"].astype("int64"),
        "fecha": fecha,
        "mes": mes,
        "anio": pd.Series([f.year for f in fecha], index=crudo.index, dtype="int64"),
        "tipo": crudo["type"].str.strip(),
        "ruta": crudo["route"].str.strip(),
        "muertes": a_entero(crudo, "dead", archivo),
        "sobrevivientes": a_entero(crudo, "surv", archivo, nulo=True),
        "causa": crudo["cause"].str.strip(),
        "nacionalidades": crudo["nat"].str.strip(),
        "ubicacion": crudo["location"].str.strip(),
        "lon": lon,
        "lat": lat,
        "en_mexico": donde["en_mexico"].astype(bool),
        "cve_ent": donde["cve_ent"],
    })
    mes_distinto = pd.Series([f.replace(day=1) != m for f, m in zip(fecha, mes)], index=crudo.index)
    if mes_distinto.any():
        raise ErrorDeEntrada(archivo, "el mes no corresponde a la fecha", int(crudo.loc[mes_distinto, "_fila"].iloc[0]), "m")
    return tabla.assign(fuente_id=archivo)
