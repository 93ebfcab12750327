"""Entidades federativas del Marco Geoestadístico del INEGI: clave de dos dígitos, nombre y geometría."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from etl.errores import ErrorDeEntrada
from etl.lectura import leer_texto


def entidades(ruta: Path, ficha: dict) -> pd.DataFrame:
    archivo = ruta.name
    try:
        datos = json.loads(leer_texto(ruta))
    except json.JSONDecodeError as e:
        raise ErrorDeEntrada(archivo, f"GeoJSON mal formado: {e.msg}", fila=e.lineno, columna=f"carácter {e.colno}") from None
    filas = []
    for i, rasgo in enumerate(datos.get("features", []), start=1):
        props = rasgo.get("properties") or {}
        clave = str(props.get("CVE_ENT", "")).strip()
        if len(clave) != 2 or not clave.isdigit():
            raise ErrorDeEntrada(archivo, f"clave de entidad inválida {clave!r} (se esperan dos dígitos)", fila=i, columna="CVE_ENT")
        if not rasgo.get("geometry"):
            raise ErrorDeEntrada(archivo, "rasgo sin geometría", fila=i, columna="geometry")
        filas.append({
            "cve_ent": clave,
            "entidad": str(props.get("NOM_ENT", "")).strip(),
            "geometria": json.dumps(rasgo["geometry"], separators=(",", ":")),
        })
    tabla = pd.DataFrame(filas)
    if len(tabla) != 32 or tabla["cve_ent"].nunique() != 32:
        raise ErrorDeEntrada(archivo, f"se esperaban las 32 entidades con clave única y hay {tabla['cve_ent'].nunique()}")
    return tabla.sort_values("cve_ent", ignore_index=True).assign(fuente_id=archivo)


def caja(tabla: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Caja lon/lat que contiene todas las entidades."""
    lons, lats = [], []

    def recorrer(coords):
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for c in coords:
                recorrer(c)

    for g in tabla["geometria"]:
        recorrer(json.loads(g)["coordinates"])
    return {"lon": (min(lons), max(lons)), "lat": (min(lats), max(lats))}
