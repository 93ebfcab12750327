"""Medición: parámetros de cada consulta, comparación DuckDB ↔ pandas, tiempos, páginas y ETL."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench import pandas_base
from bench.sintetico import TABLAS_ESCALADAS
from tablero.consultas import Catalogo, cargar_consultas, cargar_vistas

RAIZ = Path(__file__).resolve().parent.parent
_PAGINA = re.compile(r"st\.Page\(\s*\"([^\"]+\.py)\"")
# datos.consulta("x", …), datos.registros("x", …), datos.diferida("x", …) y datos.consulta_en(version, "x", …)
_CONSULTA = re.compile(r"\b(?:consulta|diferida|registros)\(\s*\"([a-z_][a-z0-9_]*)\"|\bconsulta_en\(\s*[^,()\"]+,\s*\"([a-z_][a-z0-9_]*)\"")
_IDENTIFICADOR = re.compile(r"\b[a-z_][a-z0-9_]*\b")
IDIOMA = "es"  # el de la vista por omisión


# ------------------------------------------------------------------ qué usan las páginas
def paginas(raiz: Path = RAIZ) -> list[str]:
    """Archivos de página que declara app.py (st.Page), en su orden."""
    return [p for p in _PAGINA.findall((raiz / "app.py").read_text(encoding="utf-8")) if (raiz / p).exists()]


def consultas_de_paginas(raiz: Path = RAIZ) -> list[str]:
    """Consultas con nombre que piden app.py (pie), las páginas y el paquete tablero/ (mapa, componentes…)."""
    archivos = [raiz / "app.py", *(raiz / p for p in paginas(raiz)), *sorted((raiz / "tablero").rglob("*.py"))]
    conocidas = cargar_consultas()
    nombres = []
    for a in archivos:
        nombres += [x or y for x, y in _CONSULTA.findall(a.read_text(encoding="utf-8"))]
    return sorted(n for n in dict.fromkeys(nombres) if n in conocidas)


def tablas_de(nombre: str) -> set[str]:
    """Tablas Parquet que lee una consulta, siguiendo las vistas de consultas.sql (stg_*, compartidas)."""
    vistas = cargar_vistas()
    pendientes, vistos, tablas = [cargar_consultas()[nombre].sql], set(), set()
    while pendientes:
        for ident in _IDENTIFICADOR.findall(pendientes.pop()):
            if ident in vistas and ident not in vistos:
                vistos.add(ident)
                pendientes.append(vistas[ident].sql)
            elif ident not in vistas:
                tablas.add(ident)
    return tablas  # también palabras de SQL; quien pregunte intersecta con los nombres de tabla que le importan


def completa(nombre: str) -> bool:
    """Descargas de la tabla entera: su resultado es la tabla de la disposición, no una cifra de las páginas."""
    return nombre.endswith("_completa")


def escalada(nombre: str) -> bool:
    """¿Lee la consulta (directamente o por una vista) alguna de las tablas que el banco escala?"""
    return bool(tablas_de(nombre) & set(TABLAS_ESCALADAS))


# Consultas que dicen qué columnas traen dato en los renglones (la matriz de brechas): en `marts` la CBP va sin
# ciudadanía, así que su resultado depende de la disposición y se compara con pandas sobre la misma carpeta.
DEPENDEN_DE_DISPOSICION = {"desagregaciones_tablas"}


def misma_carpeta(nombre: str) -> bool:
    """¿Se compara con pandas sobre la misma carpeta (y no con pandas sobre los registros)?"""
    return not escalada(nombre) or completa(nombre) or nombre in DEPENDEN_DE_DISPOSICION


def en_orden(nombre: str, disposicion: str) -> bool:
    """¿Se compara el orden de los renglones? No en las descargas completas de los registros (`directo`): la
    clave se repite y ORDER BY deja los empates sin orden definido."""
    return not (disposicion == "directo" and completa(nombre) and escalada(nombre))


# ------------------------------------------------------------------ parámetros (los mismos para DuckDB y pandas)
def _columna(carpeta: Path, tabla: str, columna: str):
    return pq.read_table(carpeta / f"{tabla}.parquet", columns=[columna])[columna]


def periodo(carpeta: Path, nombre: str) -> tuple:
    """(desde, hasta) por omisión: años para asilo y el MMP, meses (fechas) para las series mensuales."""
    if nombre.startswith("asilo_"):
        anios = pandas_base.asilo_anios(carpeta)["anio"]
        return int(anios.min()), int(anios.max())
    if nombre == "territorio_mmp":
        opciones = pandas_base.territorio_mmp_opciones(carpeta)
        return int(opciones["anio_min"].min()), int(opciones["anio_max"].max())
    rango = pandas_base.series_rango_meses(carpeta).iloc[0]  # el filtro de Encuentros abarca todas las series
    return rango["desde"].date(), rango["hasta"].date()


def parametros(carpeta: Path, nombre: str, idioma: str = IDIOMA) -> dict:
    """Los parámetros que usa la vista por omisión de la página: todo el periodo, sin filtros de lista."""
    carpeta = Path(carpeta)
    consulta = cargar_consultas()[nombre]
    valores: dict = {}
    for p in consulta.parametros:
        if p in ("desde", "hasta"):
            valores[p] = periodo(carpeta, nombre)[p == "hasta"]
        elif p == "anio":
            valores[p] = pc.max(_columna(carpeta, "eventos_nacionalidad", "mes")).as_py().year - 1  # último año completo
        elif p == "idioma":
            valores[p] = idioma
        elif p == "buscar":
            valores[p] = ""
        elif p in ("paises", "sexos", "edades", "causas", "lugares"):
            valores[p] = []
        elif p == "limite":
            valores[p] = 10
        elif p == "familias":  # Encuentros pide la suya; Fuentes, las de las cifras titulares
            valores[p] = ["encuentros"] if nombre == "cifras_por_familias" else list(
                dict.fromkeys(pandas_base.cifras_titulares(carpeta, idioma)["familia"]))
        elif p == "unidades":
            unidades = sorted(set(_columna(carpeta, "cifras", "unidad").to_pylist()))
            valores[p] = [u for u in unidades if "vacante" in u.lower()] or unidades[:1]
        elif p == "documento_id":
            valores[p] = sorted(_columna(carpeta, "documentos", "documento_id").to_pylist())[0]
        elif p == "cifra_id":  # IMSS pone su cifra titular al lado de la ENOE
            titulares = pandas_base.cifras_titulares(carpeta, idioma)
            valores[p] = titulares.loc[titulares["familia"] == "imss", "cifra_id"].iloc[0]
        elif p == "serie" and nombre.startswith("serie_"):  # la gráfica principal de Encuentros: eventos de la UPMRIP
            valores[p] = "eventos" if nombre == "serie_medida" else "cbp_componente"
        elif p == "grupos":
            valores[p] = []
        elif p == "sumar":
            valores[p] = False
        elif p == "medida":
            valores[p] = "nivel"
        elif p == "serie":  # la primera de la página (eventos totales de la UPMRIP)
            series = pq.read_table(carpeta / "proyecciones_series.parquet", columns=["serie", "posicion"]).to_pandas()
            valores[p] = series.sort_values("posicion")["serie"].iloc[0]
        elif p == "historia":
            valores[p] = 36
        elif p == "horizonte":
            valores[p] = 3
        elif p == "hoy":  # la antigüedad se mide contra el día en que se muestra la página
            valores[p] = dt.date.today()
        elif p == "tabla_revisada":  # Qué cambió abre en la primera tabla con instantáneas
            valores[p] = pandas_base.revisiones_instantaneas(carpeta, IDIOMA)["tabla_revisada"].iloc[0]
        elif p == "nivel":
            valores[p] = "total"
        elif p in ("antes", "despues"):  # la primera y la última instantánea de esa tabla
            tabla = parametros(carpeta, "revisiones_series")["tabla_revisada"]
            i = pandas_base.revisiones_instantaneas(carpeta, IDIOMA)
            numeros = i.loc[i["tabla_revisada"] == tabla, "instantanea"]
            valores[p] = int(numeros.min() if p == "antes" else numeros.max())
        elif p == "serie_revisada":  # la primera de la lista (un total)
            tabla = parametros(carpeta, "revisiones_series")["tabla_revisada"]
            valores[p] = pandas_base.revisiones_series(carpeta, tabla)["serie"].iloc[0]
        elif p == "trimestre":
            valores[p] = pc.max(_columna(carpeta, "remesas", "trimestre")).as_py()
        else:
            raise KeyError(f"el banco no sabe qué valor dar al parámetro {p} de la consulta {nombre}")
    return valores


# ------------------------------------------------------------------ comparación
def _valor(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (np.floating,)):
        return None if np.isnan(v) else round(float(v), 9)
    if isinstance(v, float):
        return round(v, 9)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (pd.Timestamp, np.datetime64, dt.datetime)):
        return pd.Timestamp(v).to_pydatetime().replace(tzinfo=None)
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    return v


def _normalizada(df: pd.DataFrame) -> pd.DataFrame:
    """Columnas comparables sin recorrer renglones en Python: flotantes a 9 decimales, fechas sin zona,
    nulos como None; las columnas de objetos pasan por `_valor` una vez por valor distinto."""
    cols = {}
    for col in df.columns:
        s = df[col].reset_index(drop=True)
        if pd.api.types.is_bool_dtype(s) and not s.isna().any():
            s = s.astype(bool)
        elif pd.api.types.is_integer_dtype(s) or pd.api.types.is_float_dtype(s):
            s = s.astype("Float64").round(9)
        elif pd.api.types.is_datetime64_any_dtype(s):
            s = (s.dt.tz_localize(None) if s.dt.tz is not None else s).astype("datetime64[ns]")
        else:
            valores = s.to_numpy(dtype=object)
            nulos = pd.isna(valores)
            mapa = {v: _valor(v) for v in pd.unique(valores[~nulos])}
            s = pd.Series([None if n else mapa[v] for v, n in zip(valores, nulos)], dtype=object)
        cols[col] = s
    return pd.DataFrame(cols, columns=list(df.columns))


def _ordenada(df: pd.DataFrame) -> pd.DataFrame:
    """Renglones en un orden canónico (nulos al final; objetos comparados por su texto)."""
    if not len(df.columns) or not len(df):
        return df
    claves = pd.DataFrame({c: (df[c].map(lambda v: None if v is None else f"{type(v).__name__}:{v}")
                               if df[c].dtype == object else df[c]) for c in df.columns})
    orden = claves.sort_values(list(df.columns), kind="mergesort", na_position="last").index
    return df.loc[orden].reset_index(drop=True)


def diferencia(a: pd.DataFrame, b: pd.DataFrame, en_orden: bool = True) -> str | None:
    """None si ambos resultados dicen lo mismo (columnas, orden de renglones, valores); si no, qué difiere.

    Con `en_orden=False` se comparan los renglones sin importar su orden (tablas con la clave repetida,
    donde ORDER BY deja empates sin orden definido)."""
    if list(a.columns) != list(b.columns):
        return f"columnas distintas: {list(a.columns)} ≠ {list(b.columns)}"
    if len(a) != len(b):
        return f"renglones distintos: {len(a)} ≠ {len(b)}"
    na, nb = _normalizada(a), _normalizada(b)
    if not en_orden:
        na, nb = _ordenada(na), _ordenada(nb)
    for col in a.columns:
        x, y = na[col], nb[col]
        nulos_x, nulos_y = x.isna().to_numpy(), y.isna().to_numpy()
        vx, vy = x.to_numpy(dtype=object), y.to_numpy(dtype=object)
        if x.dtype == object or y.dtype == object or x.dtype != y.dtype:
            iguales = np.fromiter((u == v for u, v in zip(vx, vy)), dtype=bool, count=len(vx))
        elif isinstance(x.dtype, pd.Float64Dtype):
            iguales = x.to_numpy("float64", na_value=np.nan) == y.to_numpy("float64", na_value=np.nan)
        else:
            iguales = x.to_numpy() == y.to_numpy()
        iguales = (iguales & ~nulos_x & ~nulos_y) | (nulos_x & nulos_y)
        if not iguales.all():
            i = int(np.flatnonzero(~iguales)[0])
            return f"columna {col}, renglón {i}: {vx[i]!r} ≠ {vy[i]!r}"
    return None


# ------------------------------------------------------------------ tiempos
def percentil(tiempos: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(tiempos), q, method="linear")) if tiempos else float("nan")


@dataclass
class Medicion:
    nombre: str
    frio: list[float] = field(default_factory=list)
    caliente: list[float] = field(default_factory=list)

    def p(self, serie: str, q: float) -> float:
        return percentil(getattr(self, serie), q)


def _reloj(f) -> tuple[float, object]:
    t0 = time.perf_counter()
    r = f()
    return time.perf_counter() - t0, r


def medir_duckdb(carpeta: Path, nombre: str, params: dict, frios: int, calientes: int,
                 caliente: Catalogo | None = None) -> tuple[Medicion, pd.DataFrame]:
    """Frío: conexión nueva (vistas incluidas) y primera ejecución. Caliente: una conexión abierta, repetida; con
    `caliente`, la de esa carpeta que comparten todas las consultas (como el servidor, que abre un catálogo por
    versión), sin abrir otra por consulta."""
    m = Medicion(nombre)
    resultado = None
    for _ in range(frios):
        def primera():
            cat = Catalogo(carpeta)
            try:
                return cat.ejecutar(nombre, **params)
            finally:
                cat._con.close()
        t, resultado = _reloj(primera)
        m.frio.append(t)
    cat = caliente or Catalogo(carpeta)
    try:
        resultado = cat.ejecutar(nombre, **params)
        for _ in range(calientes):
            t, _r = _reloj(lambda: cat.ejecutar(nombre, **params))
            m.caliente.append(t)
    finally:
        if caliente is None:
            cat._con.close()
    return m, resultado


def medir_pandas(carpeta: Path, nombre: str, params: dict, repeticiones: int) -> tuple[Medicion, pd.DataFrame]:
    """Cada corrida lee los archivos de nuevo (así trabaja un script de pandas); la primera cuenta como fría."""
    f = pandas_base.CONSULTAS[nombre]
    m = Medicion(nombre)
    resultado = None
    for i in range(repeticiones):
        t, resultado = _reloj(lambda: f(carpeta, **params))
        (m.frio if i == 0 else m.caliente).append(t)
    if not m.caliente:
        m.caliente = list(m.frio)
    return m, resultado.reset_index(drop=True)


# ------------------------------------------------------------------ páginas (AppTest)
@dataclass
class Render:
    """`caliente`: lo que tarda el guion (app.py y la página) en el servidor; `apptest`: el `at.run()` entero,
    que suma lo que hace sólo el arnés de pruebas (p. ej. buscar componentes en los paquetes instalados en
    cada corrida, unos 100 ms que el servidor hace una vez al arrancar)."""
    pagina: str
    primero: float
    caliente: list[float]
    graficos_bytes: list[int]
    excepciones: list[str]
    apptest: list[float] = field(default_factory=list)


def _graficos(at) -> list[int]:
    tamanos = []
    for el in at.get("plotly_chart"):
        spec = getattr(getattr(el, "proto", None), "spec", "")
        tamanos.append(len(spec.encode("utf-8")))
    return tamanos


def medir_paginas(parquet: Path, crudos: Path, repeticiones: int, timeout: float = 120) -> list[Render]:
    """Renders con AppTest de app.py en cada página, con TABLERO_PARQUET apuntando a las tablas dadas."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    anteriores = {k: os.environ.get(k) for k in ("TABLERO_PARQUET", "TABLERO_CRUDOS")}
    os.environ["TABLERO_PARQUET"], os.environ["TABLERO_CRUDOS"] = str(parquet), str(crudos)
    renders = []
    guiones: list[float] = []
    original = script_runner.exec_func_with_error_handling

    def cronometrado(*a, **k):  # corre en el hilo del guion: mide sólo app.py y la página
        t0 = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            guiones.append(time.perf_counter() - t0)

    script_runner.exec_func_with_error_handling = cronometrado
    try:
        for pagina in paginas():
            def sesion(pagina=pagina):
                # Cada render es una sesión nueva (otro usuario o una recarga): la caché del proceso ya está llena.
                # (Repetir at.run() en la misma sesión no sirve: AppTest devuelve mal el valor de un
                # select_slider de rango y la página falla en el segundo run.)
                at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=timeout)
                at.switch_page(pagina)
                guiones.clear()
                t0 = time.perf_counter()
                at.run()
                return time.perf_counter() - t0, sum(guiones), at
            primero, guion, at = sesion()
            calientes = [sesion()[:2] for _ in range(repeticiones)]
            excepciones = [str(e.value)[:200] for e in at.exception]
            renders.append(Render(pagina, guion, [g for _, g in calientes], _graficos(at), excepciones,
                                  apptest=[w for w, _ in calientes]))
    finally:
        script_runner.exec_func_with_error_handling = original
        for k, v in anteriores.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return renders


# ------------------------------------------------------------------ ETL
_PASO_PROYECCIONES = re.compile(r"proyecciones: .* en ([0-9.]+) s")


def tiempo_proyecciones(bitacora: str) -> float | None:
    """Segundos del paso de proyecciones según la bitácora del ETL (línea «proyecciones: … en X s»)."""
    encontrado = _PASO_PROYECCIONES.search(bitacora)
    return float(encontrado.group(1)) if encontrado else None


def medir_etl(crudos: Path, destino_base: Path, repeticiones: int) -> tuple[list[float], Path, list[float]]:
    """`python -m etl --crudos … --destino …` como subproceso, cada vez a una carpeta nueva: tiempo total
    (incluye el paso de proyecciones, sin su caché: se mide el ajuste de cada serie) y, aparte, el de ese paso
    leído de la bitácora."""
    tiempos, ultimo, proyecciones = [], None, []
    for i in range(repeticiones):
        destino = Path(destino_base) / f"etl_{i}" / "parquet"
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "etl", "--crudos", str(crudos), "--destino", str(destino)],
                           cwd=RAIZ, check=True, capture_output=True, text=True, env=os.environ | {"TABLERO_LOG": "INFO", "TABLERO_CACHE_PROYECCIONES": "0"})
        tiempos.append(time.perf_counter() - t0)
        paso = tiempo_proyecciones(r.stderr)
        if paso is not None:
            proyecciones.append(paso)
        ultimo = destino
    return tiempos, ultimo, proyecciones
