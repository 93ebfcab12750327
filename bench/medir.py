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
from tablero.consultas import Catalogo, cargar_consultas

RAIZ = Path(__file__).resolve().parent.parent
_PAGINA = re.compile(r"st\.Page\(\s*\"([^\"]+\.py)\"")
_CONSULTA = re.compile(r"consulta\(\s*\"([a-z_][a-z0-9_]*)\"")


# ------------------------------------------------------------------ qué usan las páginas
def paginas(raiz: Path = RAIZ) -> list[str]:
    """Archivos de página que declara app.py (st.Page), en su orden."""
    return [p for p in _PAGINA.findall((raiz / "app.py").read_text(encoding="utf-8")) if (raiz / p).exists()]


def consultas_de_paginas(raiz: Path = RAIZ) -> list[str]:
    """Consultas con nombre que piden las páginas, app.py (pie) y los módulos que comparten (interfaz, graficos)."""
    archivos = [raiz / "app.py", *(raiz / p for p in paginas(raiz))]
    archivos += [raiz / m for m in ("interfaz.py", "graficos.py", "datos.py") if (raiz / m).exists()]
    conocidas = cargar_consultas()
    nombres = []
    for a in archivos:
        nombres += _CONSULTA.findall(a.read_text(encoding="utf-8"))
    return sorted(n for n in dict.fromkeys(nombres) if n in conocidas)


# ------------------------------------------------------------------ parámetros (los mismos para DuckDB y pandas)
def _columna(carpeta: Path, tabla: str, columna: str):
    return pq.read_table(carpeta / f"{tabla}.parquet", columns=[columna])[columna]


def parametros(carpeta: Path, nombre: str) -> dict:
    """Los parámetros que usa la vista por omisión de la página: todo el periodo, sin filtros de lista."""
    carpeta = Path(carpeta)
    consulta = cargar_consultas()[nombre]
    meses = _columna(carpeta, "eventos_nacionalidad", "mes")
    desde, hasta = pc.min(meses).as_py(), pc.max(meses).as_py()
    valores: dict = {}
    for p in consulta.parametros:
        if p in ("desde", "hasta") and nombre == "asilo_por_origen":
            anios = _columna(carpeta, "asilo_solicitudes", "anio")
            valores[p] = pc.min(anios).as_py() if p == "desde" else pc.max(anios).as_py()
        elif p in ("desde", "hasta") and nombre in ("mmp_incidentes", "territorio_mmp"):
            anios = _columna(carpeta, "mmp_incidentes", "anio")
            valores[p] = pc.min(anios).as_py() if p == "desde" else pc.max(anios).as_py()
        elif p == "desde":
            valores[p] = desde
        elif p == "hasta":
            valores[p] = hasta
        elif p == "anio":
            valores[p] = hasta.year - 1  # último año completo
        elif p in ("paises", "sexos", "edades", "causas"):
            valores[p] = []
        elif p == "limite":
            valores[p] = 10
        elif p == "familias":
            valores[p] = ["encuentros"] if nombre == "cifras_por_familias" else ["encuentros", "refugio_empleo", "imss", "vacantes"]
        elif p == "unidades":
            unidades = sorted(set(_columna(carpeta, "cifras", "unidad").to_pylist()))
            valores[p] = [u for u in unidades if "vacante" in u.lower()] or unidades[:1]
        elif p == "documento_id":
            valores[p] = sorted(_columna(carpeta, "documentos", "documento_id").to_pylist())[0]
        elif p == "fuente_id":
            fuentes = _columna(carpeta, "fuentes", "fuente_id").to_pylist()
            valores[p] = "upmrip_eventos_por_nacionalidad.csv" if "upmrip_eventos_por_nacionalidad.csv" in fuentes else sorted(fuentes)[0]
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


def diferencia(a: pd.DataFrame, b: pd.DataFrame) -> str | None:
    """None si ambos resultados dicen lo mismo (columnas, orden de renglones, valores); si no, qué difiere."""
    if list(a.columns) != list(b.columns):
        return f"columnas distintas: {list(a.columns)} ≠ {list(b.columns)}"
    if len(a) != len(b):
        return f"renglones distintos: {len(a)} ≠ {len(b)}"
    for col in a.columns:
        va = [_valor(v) for v in a[col].tolist()]
        vb = [_valor(v) for v in b[col].tolist()]
        for i, (x, y) in enumerate(zip(va, vb)):
            if x != y:
                return f"columna {col}, renglón {i}: {x!r} ≠ {y!r}"
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


def medir_duckdb(carpeta: Path, nombre: str, params: dict, frios: int, calientes: int) -> tuple[Medicion, pd.DataFrame]:
    """Frío: conexión nueva (vistas incluidas) y primera ejecución. Caliente: la misma conexión, repetida."""
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
    cat = Catalogo(carpeta)
    try:
        resultado = cat.ejecutar(nombre, **params)
        for _ in range(calientes):
            t, _r = _reloj(lambda: cat.ejecutar(nombre, **params))
            m.caliente.append(t)
    finally:
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
    pagina: str
    primero: float
    caliente: list[float]
    graficos_bytes: list[int]
    excepciones: list[str]


def _graficos(at) -> list[int]:
    tamanos = []
    for el in at.get("plotly_chart"):
        spec = getattr(getattr(el, "proto", None), "spec", "")
        tamanos.append(len(spec.encode("utf-8")))
    return tamanos


def medir_paginas(parquet: Path, crudos: Path, repeticiones: int, timeout: float = 120) -> list[Render]:
    """Renders con AppTest de app.py en cada página, con TABLERO_PARQUET apuntando a las tablas dadas."""
    from streamlit.testing.v1 import AppTest

    anteriores = {k: os.environ.get(k) for k in ("TABLERO_PARQUET", "TABLERO_CRUDOS")}
    os.environ["TABLERO_PARQUET"], os.environ["TABLERO_CRUDOS"] = str(parquet), str(crudos)
    renders = []
    try:
        for pagina in paginas():
            def sesion(pagina=pagina):
                # Cada render es una sesión nueva (otro usuario o una recarga): la caché del proceso ya está llena.
                # (Repetir at.run() en la misma sesión no sirve: AppTest devuelve mal el valor de un
                # select_slider de rango y la página falla en el segundo run.)
                at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=timeout)
                at.switch_page(pagina)
                t0 = time.perf_counter()
                at.run()
                return time.perf_counter() - t0, at
            primero, at = sesion()
            calientes = [sesion()[0] for _ in range(repeticiones)]
            excepciones = [str(e.value)[:200] for e in at.exception]
            renders.append(Render(pagina, primero, calientes, _graficos(at), excepciones))
    finally:
        for k, v in anteriores.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return renders


# ------------------------------------------------------------------ ETL
def medir_etl(crudos: Path, destino_base: Path, repeticiones: int) -> tuple[list[float], Path]:
    """`python -m etl --crudos … --destino …` como subproceso, cada vez a una carpeta nueva."""
    tiempos, ultimo = [], None
    for i in range(repeticiones):
        destino = Path(destino_base) / f"etl_{i}" / "parquet"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "etl", "--crudos", str(crudos), "--destino", str(destino)],
                       cwd=RAIZ, check=True, capture_output=True, text=True)
        tiempos.append(time.perf_counter() - t0)
        ultimo = destino
    return tiempos, ultimo
