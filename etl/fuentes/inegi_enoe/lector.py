"""Ocupados por lugar de nacimiento y formalidad (INEGI, ENOE): el archivo viene a lo ancho, un renglón por
trimestre; se publica a lo largo (trimestre × lugar de nacimiento × formalidad) y el total de cada lugar
de nacimiento se comprueba contra formal + informal en vez de guardarse dos veces.

«Nacido en el extranjero» no es nacionalidad y «formal» no es registro en el IMSS: por eso la columna se
llama `lugar_nacimiento` (la matriz de brechas no la confunde con la nacionalidad)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pandas as pd

from etl.errores import ErrorDeEntrada
from etl.lectura import a_decimal, a_entero, leer_csv, sin_duplicados

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
    return a_lo_largo(crudo, ruta.name).assign(fuente_id=ruta.name)


def a_lo_largo(crudo: pd.DataFrame, archivo: str) -> pd.DataFrame:
    """Renglones a lo ancho (texto, con `_fila`) → trimestre × lugar de nacimiento × formalidad. Lo usan el CSV
    incluido y la suma de los microdatos (`sumar_sdem`): las dos entradas pasan por las mismas comprobaciones."""
    crudo = crudo.copy()
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
    return pd.concat(partes, ignore_index=True)


# ---------------------------------------------------------------- microdatos (tabla SDEM de la ENOE)
#
# La tabla incluida se compiló de los microdatos con estas reglas (las del compilador, ffbris/OIM_migracion_servicios,
# scripts 01_pob_mig_ocupada_total_data.R y 00_extras_20230404.R; ver la ficha del CSV): ocupados (clase2 = 1),
# entrevista completa (r_def = 0), residentes habituales (c_res 1 o 3), de 15 a 98 años (eda), nacido en el extranjero
# si l_nac_c > 33, y la formalidad de la columna de la matriz Hussmanns `mh_col` (1 a 10: impar informal, par formal,
# como la tabla df_MH del compilador; INEGI publica también `emp_ppal`, que aquí no se usa para seguir la misma regla
# que la serie incluida). Se suma el factor de expansión: `fac` hasta 2020-T1 y `fac_tri` desde la ENOE nueva
# (2020-T3), que es el que trae la tabla SDEM de 2023 en adelante.

SDEM = re.compile(r"^(?:enoen?_)?sdemt([1-4])(\d{2})\.csv$", re.IGNORECASE)  # ENOE_SDEMT123.csv, ENOEN_SDEMT421.csv, SDEMT119.csv
FILTROS = ("clase2", "r_def", "c_res", "eda", "l_nac_c", "mh_col")
FORMALIDAD_MH = {c: ("informal" if c % 2 else "formal") for c in range(1, 11)}


def factor(anio: int, trimestre: int) -> str:
    """Nombre del factor de expansión trimestral de la tabla SDEM de ese trimestre."""
    return "fac" if (anio, trimestre) <= (2020, 1) else "fac_tri"


def tabla_sdem(zip_ruta: Path) -> tuple[str, int, int, pd.DataFrame]:
    """La tabla SDEM de un zip de microdatos: (nombre del miembro, año, trimestre, columnas de interés como texto con
    `_fila`). Los nombres de columna se comparan en minúsculas (el INEGI los ha escrito de las dos formas)."""
    archivo = Path(zip_ruta).name
    try:
        z = zipfile.ZipFile(zip_ruta)
    except (zipfile.BadZipFile, OSError) as e:
        raise ErrorDeEntrada(archivo, f"no es un zip legible ({e}; fuente inegi_enoe)") from None
    with z:
        miembros = [n for n in z.namelist() if SDEM.match(Path(n).name)]
        if len(miembros) != 1:
            raise ErrorDeEntrada(archivo, f"se esperaba una tabla SDEM (ENOE_SDEMTtaa.csv) y hay {len(miembros)} "
                                 f"entre {sorted(z.namelist())[:12]} (fuente inegi_enoe; ¿cambió el diseño?)")
        miembro = miembros[0]
        m = SDEM.match(Path(miembro).name)
        anio, trimestre = 2000 + int(m[2]), int(m[1])
        donde = f"{archivo}/{miembro}"
        necesarias = (*FILTROS, factor(anio, trimestre))
        with z.open(miembro) as f:
            encabezado = pd.read_csv(f, nrows=0, encoding="latin-1", dtype=str).columns
        nombres = {str(c).strip().lower(): c for c in encabezado}
        for c in necesarias:
            if c not in nombres:
                raise ErrorDeEntrada(donde, f"la tabla SDEM no trae la columna {c} (fuente inegi_enoe; ¿cambió el diseño?)",
                                     1, c)
        with z.open(miembro) as f:
            tabla = pd.read_csv(f, encoding="latin-1", dtype=str, keep_default_na=False,
                                usecols=[nombres[c] for c in necesarias])
    tabla.columns = [str(c).strip().lower() for c in tabla.columns]
    tabla["_fila"] = range(2, len(tabla) + 2)
    return donde, anio, trimestre, tabla


def sumar_sdem(zip_ruta: Path) -> dict[str, str]:
    """Un zip de microdatos → el renglón a lo ancho del CSV incluido (trimestre AAAAQn y las seis sumas)."""
    donde, anio, trimestre, tabla = tabla_sdem(zip_ruta)
    fac = factor(anio, trimestre)
    num = {c: a_decimal(tabla, c, donde) for c in FILTROS}
    ocupado = ((num["clase2"] == 1) & (num["r_def"] == 0) & num["c_res"].isin([1, 3])
               & (num["eda"] >= 15) & (num["eda"] <= 98)).fillna(False).astype(bool)
    elegidos = tabla[ocupado]
    if elegidos.empty:
        raise ErrorDeEntrada(donde, "ningún renglón cumple el criterio de ocupados (fuente inegi_enoe)")
    for c in ("l_nac_c", "mh_col"):
        vacio = num[c][ocupado].isna()
        if vacio.any():
            fila = int(elegidos.loc[vacio[vacio].index[0], "_fila"])
            raise ErrorDeEntrada(donde, f"{c} vacío en una persona ocupada: no se puede clasificar sin inventar "
                                 "(fuente inegi_enoe)", fila, c)
    mh = num["mh_col"][ocupado]
    fuera = ~mh.isin(list(FORMALIDAD_MH))
    if fuera.any():
        fila = int(elegidos.loc[fuera[fuera].index[0], "_fila"])
        raise ErrorDeEntrada(donde, f"mh_col = {mh[fuera].iloc[0]:g} no es una columna 1 a 10 de la matriz Hussmanns "
                             "(fuente inegi_enoe)", fila, "mh_col")
    pesos = a_entero(elegidos, fac, donde)
    lugar = (num["l_nac_c"][ocupado] > 33).map({True: "extranjero", False: "mexico"})
    formalidad = mh.astype(int).map(FORMALIDAD_MH)
    sumas = pd.DataFrame({"lugar": lugar, "formalidad": formalidad, "n": pesos.astype("int64")}) \
        .groupby(["lugar", "formalidad"])["n"].sum()
    fila = {"trimestre": f"{anio}Q{trimestre}", "_fila": 1}
    for lugar_, (total, formal, informal) in COLUMNAS.items():
        f_, i_ = int(sumas.get((lugar_, "formal"), 0)), int(sumas.get((lugar_, "informal"), 0))
        fila |= {total: str(f_ + i_), formal: str(f_), informal: str(i_)}
    return fila


def ocupados_microdatos(zip_ruta: Path, fuente_id: str) -> pd.DataFrame:
    """Un zip de microdatos como la tabla publicada `enoe_ocupados` (mismas comprobaciones que el CSV incluido)."""
    fila = sumar_sdem(zip_ruta)
    return a_lo_largo(pd.DataFrame([fila]), Path(zip_ruta).name).assign(fuente_id=fuente_id)
