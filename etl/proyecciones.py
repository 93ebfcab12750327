"""Proyecciones de las series mensuales oficiales y su evaluación pública (paso posterior a las tablas oficiales).

Cada serie se proyecta de 1 a 12 meses después de su propio último mes con cinco modelos: ingenuo
estacional, ingenuo, ETS, ARIMA y Theta (los tres últimos de statsmodels). El modelo se elige por una
evaluación con origen móvil (cada uno de los 24 meses anteriores al último es un origen: se ajusta con los meses
hasta él y se pronostica hacia adelante), no por su ajuste dentro de la muestra. Esa evaluación se publica
renglón por renglón para que cualquiera recalcule los puntajes.

MASE aquí: el error absoluto medio del modelo en los orígenes de un horizonte dividido entre el del
ingenuo estacional (o el del ingenuo) en los mismos orígenes y horizonte; < 1 quiere decir que el modelo
se equivocó menos que esa referencia.

Mismas entradas → mismas tablas byte a byte: orden fijo de series y modelos, un solo hilo de BLAS
(threadpoolctl; varios hilos cambian el orden de las sumas y son mucho más lentos en dos núcleos),
intervalos analíticos (ninguna simulación) y pronósticos redondeados a un decimal.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import multiprocessing
import os
import pickle
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel
from threadpoolctl import threadpool_limits

from .esquemas import MODELOS

logger = logging.getLogger(__name__)

HORIZONTE = 12
ORIGENES = 24
HORIZONTES_EVALUADOS = (1, 3, 6, 12)
# MODELOS (orden fijo de etl/esquemas.py): el empate lo gana el primero
PERIODO = 12
Z = {80: 1.2815515655446004, 95: 1.959963984540054}  # cuantiles normales de los intervalos centrales
NACIONALIDADES = 5
MIN_MESES = ORIGENES + 1 + 2 * PERIODO  # el primer origen necesita dos años para ETS, Theta e ingenuo estacional


# --------------------------------------------------------------------------- series

def _tramo_continuo(serie: pd.DataFrame) -> pd.DataFrame:
    """Los meses consecutivos más recientes: un mes que falta no se inventa (ni como cero)."""
    serie = serie.sort_values("mes", ignore_index=True)
    meses = pd.to_datetime(serie["mes"])
    saltos = (meses.dt.year * 12 + meses.dt.month).diff().fillna(1).ne(1)
    inicio = saltos[saltos].index.max() if saltos.any() else 0
    return serie.iloc[inicio:].reset_index(drop=True)


def _sumar(tabla: pd.DataFrame, mes: str, fuente: str) -> pd.DataFrame:
    """(mes, n, fuente_id) sumando por mes; cada mes debe venir de un solo archivo crudo."""
    t = tabla.assign(mes=pd.to_datetime(tabla[mes]).dt.date)
    g = t.groupby("mes", sort=True).agg(n=("n", "sum"), fuente_id=(fuente, "first"), fuentes=(fuente, "nunique"))
    if (g["fuentes"] > 1).any():
        raise ValueError("un mes con renglones de dos archivos crudos")
    return g.reset_index()[["mes", "n", "fuente_id"]]


def series(tablas: dict[str, pd.DataFrame]) -> list[dict]:
    """Las series a proyectar, en orden fijo: (serie, tabla, medida, iso3, datos por mes)."""
    ev = tablas["eventos_nacionalidad"]
    salida = [{"serie": "eventos_total", "tabla": "eventos_nacionalidad", "medida": "eventos", "iso3": None,
               "datos": _sumar(ev, "mes", "fuente_id")}]
    ultimo = pd.to_datetime(ev["mes"]).max()
    recientes = ev[pd.to_datetime(ev["mes"]) > ultimo - pd.DateOffset(months=ORIGENES)]
    top = recientes.groupby("iso3")["n"].sum().reset_index().sort_values(["n", "iso3"], ascending=[False, True])
    for iso3 in top["iso3"].head(NACIONALIDADES):
        salida.append({"serie": f"eventos_{iso3}", "tabla": "eventos_nacionalidad", "medida": "eventos", "iso3": iso3,
                       "datos": _sumar(ev[ev["iso3"] == iso3], "mes", "fuente_id")})
    salida.append({"serie": "devoluciones_total", "tabla": "devoluciones", "medida": "devoluciones", "iso3": None,
                   "datos": _sumar(tablas["devoluciones"], "mes", "fuente_id")})
    cbp = tablas["cbp_encuentros"]
    salida.append({"serie": "cbp_suroeste_total", "tabla": "cbp_encuentros", "medida": "encuentros", "iso3": None,
                   "datos": _sumar(cbp[cbp["region"] == "Southwest Land Border"], "mes", "archivo")})
    dar = tablas["darien"]
    salida.append({"serie": "darien_total", "tabla": "darien", "medida": "personas", "iso3": None,
                   "datos": _sumar(dar[dar["periodicidad"] == "mensual"], "periodo_inicio", "fuente_id")})
    for s in salida:
        s["datos"] = _tramo_continuo(s["datos"])
    return [s for s in salida if len(s["datos"]) >= MIN_MESES]


# --------------------------------------------------------------------------- modelos

def _ingenuo(y: np.ndarray, h: int, estacional: bool) -> tuple[np.ndarray, np.ndarray]:
    """Ingenuo (último valor) o ingenuo estacional (mismo mes del año anterior), con el error estándar de
    Hyndman y Athanasopoulos, «Forecasting: Principles and Practice», 5.5: σ√h y σ√(⌊(h−1)/m⌋+1)."""
    m = PERIODO if estacional else 1
    residuos = y[m:] - y[:-m]
    sigma = float(np.sqrt(np.mean(residuos ** 2)))
    pasos = np.arange(1, h + 1)
    if estacional:
        return y[-m:][(pasos - 1) % m], sigma * np.sqrt((pasos - 1) // m + 1)
    return np.repeat(y[-1], h), sigma * np.sqrt(pasos)


def _ets(y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray]:
    """ETS(A,Ad,N): error aditivo y tendencia amortiguada; intervalos exactos (modelo lineal, sin simulación)."""
    ajuste = ETSModel(pd.Series(y), error="add", trend="add", damped_trend=True).fit(disp=False)
    marco = ajuste.get_prediction(start=len(y), end=len(y) + h - 1, method="exact").summary_frame(alpha=0.05)
    media = marco["mean"].to_numpy()
    return media, (marco["pi_upper"].to_numpy() - media) / Z[95]


def _arima(y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray]:
    """ARIMA(1,1,1) por máxima verosimilitud (espacio de estados; el intervalo no depende de la covarianza de los parámetros)."""
    pronostico = ARIMA(y, order=(1, 1, 1)).fit(cov_type="none").get_forecast(h)  # sin covarianza de parámetros: no se usa
    return np.asarray(pronostico.predicted_mean), np.asarray(pronostico.se_mean)


def _theta(y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Theta estándar (Assimakopoulos y Nikolopoulos; desestacionaliza si la prueba de statsmodels lo pide),
    estimado como su ARIMA(0,1,1) con deriva equivalente (Hyndman y Billah, 2003).
    El error estándar es el de ThetaModelResults.prediction_intervals, σ²(1 + (h−1)(1 + (α−1)²)),
    calculado una vez para los dos intervalos."""
    ajuste = ThetaModel(y, period=PERIODO).fit(use_mle=True)  # un solo ajuste ARIMA(0,1,1) con deriva da parámetros y σ²
    alfa = float(ajuste.params.iloc[1])
    se = np.sqrt((1 + np.arange(h) * (1 + (alfa - 1) ** 2)) * ajuste.sigma2)
    return np.asarray(ajuste.forecast(h)), se


AJUSTES = {
    "estacional_ingenuo": lambda y, h: _ingenuo(y, h, True),
    "ingenuo": lambda y, h: _ingenuo(y, h, False),
    "ets": _ets,
    "arima": _arima,
    "theta": _theta,
}


def pronosticar(modelo: str, y: np.ndarray, h: int = HORIZONTE) -> pd.DataFrame:
    """(horizonte, pronostico, inf_80, sup_80, inf_95, sup_95) de 1 a h; sin negativos, a un decimal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # avisos de convergencia de statsmodels: el puntaje dice cómo le fue
        media, se = AJUSTES[modelo](np.asarray(y, dtype=float), h)
    valores = {"pronostico": media}
    for n, z in Z.items():
        valores[f"inf_{n}"], valores[f"sup_{n}"] = media - z * se, media + z * se
    limpio = {k: np.round(np.clip(np.nan_to_num(np.asarray(v, dtype=float), nan=0.0), 0, None), 1) + 0.0
              for k, v in valores.items()}
    return pd.DataFrame({"horizonte": np.arange(1, h + 1), **limpio})


# --------------------------------------------------------------------------- evaluación y elección

def _mes_mas(mes, k: int):
    return (pd.Timestamp(mes) + pd.DateOffset(months=k)).date()


def evaluar(s: dict) -> pd.DataFrame:
    """Renglones de la evaluación con origen móvil: los 24 meses anteriores al último de la serie son los
    orígenes (el último no tiene con qué compararse); se publican los horizontes 1, 3, 6 y 12 cuyo mes ya
    tiene dato (24 orígenes a 1 mes, 13 a 12 meses)."""
    d = s["datos"]
    y = d["n"].to_numpy(dtype=float)
    n = len(y)
    filas = []
    for fin in range(n - 1 - ORIGENES, n - 1):  # fin = posición del origen (último mes con que se ajusta)
        for modelo in MODELOS:
            p = pronosticar(modelo, y[:fin + 1])
            for h in HORIZONTES_EVALUADOS:
                if fin + h >= n:
                    continue
                fila = p.iloc[h - 1]
                filas.append({"serie": s["serie"], "origen": d["mes"].iloc[fin], "horizonte": h,
                              "mes": d["mes"].iloc[fin + h], "modelo": modelo,
                              **{c: float(fila[c]) for c in ("pronostico", "inf_80", "sup_80", "inf_95", "sup_95")},
                              "real": int(y[fin + h]), "fuente_id": d["fuente_id"].iloc[fin + h]})
    return pd.DataFrame(filas)


def puntajes(evaluacion: pd.DataFrame) -> pd.DataFrame:
    """Por serie, horizonte y modelo: orígenes, MAE, MASE contra ingenuo estacional y contra ingenuo, y la
    cobertura empírica de los intervalos de 80 % y 95 % (proporción de orígenes con el dato dentro)."""
    e = evaluacion.assign(
        error=(evaluacion["pronostico"] - evaluacion["real"]).abs(),
        dentro_80=(evaluacion["inf_80"] <= evaluacion["real"]) & (evaluacion["real"] <= evaluacion["sup_80"]),
        dentro_95=(evaluacion["inf_95"] <= evaluacion["real"]) & (evaluacion["real"] <= evaluacion["sup_95"]),
    )
    g = e.groupby(["serie", "horizonte", "modelo"], sort=False).agg(
        origenes=("error", "size"), mae=("error", "mean"), cobertura_80=("dentro_80", "mean"),
        cobertura_95=("dentro_95", "mean"), fuente_id=("fuente_id", "last")).reset_index()
    ref = g.set_index(["serie", "horizonte", "modelo"])["mae"]
    base = [(s, h) for s, h in zip(g["serie"], g["horizonte"])]
    for col, referencia in (("mase_estacional", "estacional_ingenuo"), ("mase_ingenuo", "ingenuo")):
        denominador = np.array([ref[(s, h, referencia)] for s, h in base])
        with np.errstate(divide="ignore", invalid="ignore"):
            g[col] = np.where(denominador > 0, g["mae"].to_numpy() / denominador, np.nan)
    for col in ("mae", "mase_estacional", "mase_ingenuo", "cobertura_80", "cobertura_95"):
        g[col] = g[col].astype(float).round(6)
    return g


def elegir(p: pd.DataFrame) -> dict[str, str]:
    """Por serie, el modelo con el menor MASE contra ingenuo estacional promedio en los horizontes evaluados;
    el empate lo gana el que va antes en MODELOS (el ingenuo estacional gana si nadie lo supera)."""
    promedio = p.groupby(["serie", "modelo"], sort=False)["mase_estacional"].mean().reset_index()
    promedio["orden"] = promedio["modelo"].map(MODELOS.index)
    promedio = promedio.sort_values(["serie", "mase_estacional", "orden"], kind="stable", na_position="last")
    return dict(promedio.groupby("serie", sort=False)["modelo"].first())


# --------------------------------------------------------------------------- tablas publicadas

def _calcular(s: dict) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Evaluación y proyección final de una serie con cada modelo (un proceso por serie)."""
    with threadpool_limits(limits=1):
        evaluacion = evaluar(s)
        d = s["datos"]
        ultimo = d["mes"].iloc[-1]
        finales = {}
        for m in MODELOS:
            pr = pronosticar(m, d["n"].to_numpy(dtype=float))
            pr.insert(0, "mes", [_mes_mas(ultimo, int(k)) for k in pr["horizonte"]])
            finales[m] = pr
    return evaluacion, finales


def carpeta_cache() -> Path | None:
    """Dónde se guardan los cálculos por serie ya hechos (`TABLERO_CACHE_PROYECCIONES`; vacía o `0` apaga el caché).

    Ajustar cinco modelos en 24 orígenes cuesta segundos por serie; una serie con los mismos meses y valores, el
    mismo código y las mismas versiones de las bibliotecas da exactamente lo mismo, así que se reutiliza."""
    valor = os.environ.get("TABLERO_CACHE_PROYECCIONES")
    if valor is not None:
        return None if valor in ("", "0") else Path(valor)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tablero-movilidad" / "proyecciones"


def _huella(s: dict) -> str:
    """Huella de todo lo que decide el resultado de una serie: sus datos, este módulo y las bibliotecas."""
    h = hashlib.sha256()
    for campo in ("serie", "tabla", "medida", "iso3"):
        h.update(f"{campo}={s[campo]!r};".encode())
    h.update(s["datos"].to_csv(index=False).encode())
    h.update(Path(__file__).read_bytes())
    h.update(repr(MODELOS).encode())
    for paquete in ("numpy", "pandas", "scipy", "statsmodels"):
        h.update(f"{paquete}={importlib.metadata.version(paquete)};".encode())
    return h.hexdigest()


def _leer_cache(carpeta: Path | None, huella: str):
    if carpeta is None:
        return None
    try:
        with open(carpeta / f"{huella}.pickle", "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # sin caché o ilegible: se calcula otra vez


def _guardar_cache(carpeta: Path | None, huella: str, resultado) -> None:
    if carpeta is None:
        return
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=carpeta, suffix=".tmp", delete=False) as f:
            pickle.dump(resultado, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, carpeta / f"{huella}.pickle")
    except OSError as e:  # el caché es una ayuda: si no se puede escribir, se sigue sin él
        logger.warning("no se pudo guardar el caché de proyecciones en %s: %s", carpeta, e)


def proyecciones(tablas: dict[str, pd.DataFrame], procesos: int | None = None,
                 cache: Path | None = None) -> dict[str, pd.DataFrame]:
    """Las cuatro tablas del paso: proyecciones_series, proyecciones, proyecciones_evaluacion y proyecciones_puntaje.

    Las series se calculan en paralelo (hasta `procesos`, por omisión los núcleos disponibles); cada una es
    independiente y se juntan en su orden fijo, así que el resultado no depende del número de procesos.
    Con `cache` (una carpeta), una serie cuyo cálculo ya está guardado con la misma huella no se vuelve a ajustar."""
    inicio = time.perf_counter()
    lista = series(tablas)
    huellas = [_huella(s) for s in lista]
    resultados = [_leer_cache(cache, h) for h in huellas]
    faltan = [i for i, r in enumerate(resultados) if r is None]
    procesos = max(1, min(len(faltan), procesos or len(os.sched_getaffinity(0))))
    with threadpool_limits(limits=1):  # antes de crear los procesos: lo heredan con la memoria
        if procesos > 1:
            with ProcessPoolExecutor(procesos, mp_context=multiprocessing.get_context("fork")) as grupo:
                calculados = list(grupo.map(_calcular, [lista[i] for i in faltan]))
        else:
            calculados = [_calcular(lista[i]) for i in faltan]
    for i, r in zip(faltan, calculados):
        resultados[i] = r
        _guardar_cache(cache, huellas[i], r)
    evaluacion = pd.concat([r[0] for r in resultados], ignore_index=True)
    p = puntajes(evaluacion)
    elegidos = elegir(p)
    p["elegido"] = [elegidos[s] == m for s, m in zip(p["serie"], p["modelo"])]
    filas_series, filas_proy = [], []
    for posicion, (s, (_, finales)) in enumerate(zip(lista, resultados), start=1):
        d = s["datos"]
        modelo = elegidos[s["serie"]]
        fuente = d["fuente_id"].iloc[-1]
        filas_series.append({
            "serie": s["serie"], "posicion": posicion, "tabla": s["tabla"], "medida": s["medida"], "iso3": s["iso3"],
            "primer_mes": d["mes"].iloc[0], "ultimo_mes": d["mes"].iloc[-1], "meses": len(d), "modelo": modelo,
            "supera_estacional": modelo != "estacional_ingenuo", "fuente_id": fuente,
        })
        for m in MODELOS:
            filas_proy.append(finales[m].assign(serie=s["serie"], modelo=m, elegido=m == modelo, fuente_id=fuente))
    logger.info("proyecciones: %d series (%d calculadas, %d del caché), %d renglones de evaluación, %d procesos en %.2f s;"
                " elegidos %s", len(lista), len(faltan), len(lista) - len(faltan), len(evaluacion), procesos,
                time.perf_counter() - inicio, elegidos)
    return {
        "proyecciones_series": pd.DataFrame(filas_series),
        "proyecciones": pd.concat(filas_proy, ignore_index=True),
        "proyecciones_evaluacion": evaluacion,
        "proyecciones_puntaje": p,
    }
