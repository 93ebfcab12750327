"""Proyecciones de las series mensuales oficiales y su evaluación pública (paso posterior a las tablas oficiales).

Cada serie se proyecta de 1 a 12 meses después de su propio último mes. Lo que se publica es un *procedimiento*,
no un modelo, y se evalúa entero (la elección incluida) en meses que la elección no vio:

- **Escala logarítmica.** Cada candidato se ajusta a z = log(1 + y) y se devuelve con y = exp(z) − 1: un conteo
  positivo no se proyecta negativo ni en cero salvo que los datos caigan ahí. Candidatos (numpy, sin
  simulación): ingenuo estacional, ingenuo, ETS(A,Ad,N) y Theta estándar (sobre z desestacionalizada con la
  descomposición clásica cuando la prueba de estacionalidad de Theta lo pide), ARIMA(1,1,0) con deriva (mínimos
  cuadrados condicionales) y la mediana de esos cinco.
- **Origen móvil.** En cada mes desde el 24.º de la serie se ajustan todos con los meses hasta él y se pronostica de
  1 a 12 meses.
- **Elección en línea.** En cada origen se elige el candidato con el menor error absoluto medio en logaritmos en los
  pronósticos cuyo mes ya se observó y cae en los 24 meses anteriores: sólo con lo que se sabía entonces.
- **Intervalos conformes.** La banda de un horizonte es el pronóstico por exp(cuantiles) de los errores en
  logaritmos (real − pronóstico) de ese modelo y horizonte en todas las series (sin el total, que es suma) observados
  en los 24 meses hasta el origen (cuantil conforme de muestra finita), con el nivel corregido mes a mes por lo que
  fallaron las bandas anteriores (inferencia conforme adaptativa, Gibbs y Candès 2021, γ = 0.05). Cuando las bandas
  fallaron más de lo prometido el nivel llega al 100 % y la banda es el rango de esos errores.
- **Ventana de reporte.** Los últimos 24 orígenes; el puntaje publicado es el de esos orígenes, donde cada
  elección y cada banda se hicieron sin ver lo que pronosticaban.
- **Coherencia.** El total de eventos es la suma de sus cinco nacionalidades principales y de «otras» (de abajo
  hacia arriba): el pronóstico del total es la suma de los de sus partes; su banda sale de los errores de esa suma.
- **La ruptura de 2024–25** no se modela como variable: los logaritmos hacen de la caída un cambio de nivel, la
  elección con los errores recientes favorece a los candidatos que se adaptan y las bandas incluyen los errores de
  la ruptura en cuanto se observan.

Mismas entradas → mismas tablas byte a byte: orden fijo de series y modelos, rejillas fijas de parámetros (sin
optimizador), un solo hilo de BLAS (threadpoolctl) y pronósticos redondeados a un decimal.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import logging
import math
import multiprocessing
import os
import pickle
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from .esquemas import MODELOS, PROCEDIMIENTO, SUMA_PARTES

logger = logging.getLogger(__name__)

HORIZONTE = 12
PERIODO = 12
PRIMER_AJUSTE = 2 * PERIODO  # meses con que se ajusta el primer origen (dos años: estacionalidad)
REPORTE = 24  # los últimos orígenes: ventana de reporte (dos años: el anterior a la ruptura de 2024–25 y el de la ruptura)
VENTANA_ELECCION = 24  # meses observados hacia atrás cuyos errores deciden la elección
PUBLICAR_DESDE = MIN_ELECCION = 6  # el primer origen publicado es el primero en que el procedimiento puede elegir
NIVELES = (80, 95)
VENTANA_BANDAS = 24  # meses hacia atrás cuyos errores observados forman las bandas
GAMMA = 0.05  # paso de la corrección adaptativa del nivel de las bandas (Gibbs y Candès, 2021)
NACIONALIDADES = 5
MIN_MESES = PRIMER_AJUSTE + PUBLICAR_DESDE + REPORTE + 1


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
    """Las series a proyectar, en orden fijo: (serie, tabla, medida, iso3, nivel, datos por mes).

    El total de eventos y sus partes (cinco nacionalidades y «otras» = total − esas cinco) comparten los meses
    del tramo continuo del total; si una nacionalidad no tiene todos esos meses, el total se proyecta solo."""
    ev = tablas["eventos_nacionalidad"]
    total = _tramo_continuo(_sumar(ev, "mes", "fuente_id"))
    ultimo = pd.to_datetime(ev["mes"]).max()
    recientes = ev[pd.to_datetime(ev["mes"]) > ultimo - pd.DateOffset(months=24)]
    top = recientes.groupby("iso3")["n"].sum().reset_index().sort_values(["n", "iso3"], ascending=[False, True])
    partes = []
    for iso3 in top["iso3"].head(NACIONALIDADES):
        d = _sumar(ev[ev["iso3"] == iso3], "mes", "fuente_id")
        partes.append({"serie": f"eventos_{iso3}", "tabla": "eventos_nacionalidad", "medida": "eventos", "iso3": iso3,
                       "nivel": "nacionalidad", "datos": d[d["mes"].isin(set(total["mes"]))].reset_index(drop=True)})
    coherente = all(len(p["datos"]) == len(total) for p in partes)
    if coherente:
        resto = total["n"].to_numpy() - sum(p["datos"]["n"].to_numpy() for p in partes)
        partes.append({"serie": "eventos_otras", "tabla": "eventos_nacionalidad", "medida": "eventos", "iso3": None,
                       "nivel": "otras", "datos": total.assign(n=resto)})
    else:
        logger.warning("proyecciones: una nacionalidad principal no tiene todos los meses del total; el total se proyecta solo")
        partes = [p | {"datos": _tramo_continuo(p["datos"])} for p in partes]
    salida = [{"serie": "eventos_total", "tabla": "eventos_nacionalidad", "medida": "eventos", "iso3": None,
               "nivel": "suma" if coherente else "sola", "datos": total}, *partes]
    otras = [("devoluciones_total", "devoluciones", "devoluciones", tablas["devoluciones"], "mes", "fuente_id")]
    cbp = tablas["cbp_encuentros"]
    otras.append(("cbp_suroeste_total", "cbp_encuentros", "encuentros", cbp[cbp["region"] == "Southwest Land Border"],
                  "mes", "archivo"))
    dar = tablas["darien"]
    otras.append(("darien_total", "darien", "personas", dar[dar["periodicidad"] == "mensual"], "periodo_inicio", "fuente_id"))
    for nombre, tabla, medida, datos, mes, fuente in otras:
        salida.append({"serie": nombre, "tabla": tabla, "medida": medida, "iso3": None, "nivel": "sola",
                       "datos": _tramo_continuo(_sumar(datos, mes, fuente))})
    if coherente and any(len(s["datos"]) < MIN_MESES for s in salida[:len(partes) + 1]):
        return [s for s in salida[len(partes) + 1:] if len(s["datos"]) >= MIN_MESES]
    return [s for s in salida if len(s["datos"]) >= MIN_MESES]


# --------------------------------------------------------------------------- modelos (en z = log(1 + y))

_ALFAS = np.round(np.linspace(0.05, 1.0, 20), 2)
_BETAS = np.array([0.0, 0.02, 0.05, 0.1, 0.2])
_PHIS = np.array([0.8, 0.9, 0.95, 0.98])
_REJILLA = np.array([(a, b, p) for a in _ALFAS for b in _BETAS for p in _PHIS if b <= a])


def _estacionalidad(z: np.ndarray) -> np.ndarray | None:
    """Índices estacionales aditivos (suman 0) de la descomposición clásica, o None si la prueba de Theta
    (autocorrelación en el rezago 12 mayor que 1.645 veces su error, al 90 %) no encuentra estacionalidad."""
    n = len(z)
    x = z - z.mean()
    den = float(x @ x)
    if den <= 0:
        return None
    r = np.array([float(x[k:] @ x[:n - k]) / den for k in range(1, PERIODO + 1)])
    limite = 1.6448536269514722 * math.sqrt((1 + 2 * float(r[:-1] @ r[:-1])) / n)
    if abs(r[-1]) <= limite:
        return None
    ma = np.convolve(z, np.r_[0.5, np.ones(PERIODO - 1), 0.5] / PERIODO, mode="valid")  # 2×12, centrada
    desv = z[PERIODO // 2: PERIODO // 2 + len(ma)] - ma
    pos = (np.arange(len(desv)) + PERIODO // 2) % PERIODO
    indices = np.array([desv[pos == k].mean() for k in range(PERIODO)])
    return indices - indices.mean()


def _ets(x: np.ndarray, h: int) -> np.ndarray:
    """ETS(A,Ad,N) (Holt amortiguado) con α, β y φ de una rejilla fija: la de menor suma de errores a un paso."""
    a, b, p = _REJILLA[:, 0], _REJILLA[:, 1], _REJILLA[:, 2]
    nivel = np.full(len(a), x[0])
    tend = np.full(len(a), (x[min(PERIODO, len(x) - 1)] - x[0]) / min(PERIODO, len(x) - 1))
    sse = np.zeros(len(a))
    for v in x[1:]:
        previsto = nivel + p * tend
        e = v - previsto
        sse += e * e
        nivel = previsto + a * e
        tend = p * tend + b * e
    i = int(np.argmin(sse))
    return nivel[i] + np.cumsum(p[i] ** np.arange(1, h + 1)) * tend[i]


def _theta(x: np.ndarray, h: int) -> np.ndarray:
    """Theta estándar (Hyndman y Billah, 2003): suavizamiento exponencial simple (α de una rejilla fija, la de menor
    suma de errores) más la mitad de la pendiente de mínimos cuadrados: ℓ + b/2·((k−1) + 1/α − (1−α)ⁿ/α)."""
    n = len(x)
    t = np.arange(n)
    pendiente = float(np.polyfit(t, x, 1)[0])
    nivel = np.full(len(_ALFAS), x[0])
    sse = np.zeros(len(_ALFAS))
    for v in x[1:]:
        e = v - nivel
        sse += e * e
        nivel = nivel + _ALFAS * e
    i = int(np.argmin(sse))
    a = float(_ALFAS[i])
    k = np.arange(1, h + 1)
    return nivel[i] + pendiente / 2 * ((k - 1) + 1 / a - (1 - a) ** n / a)


def _arima(x: np.ndarray, h: int) -> np.ndarray:
    """ARIMA(1,1,0) con deriva por mínimos cuadrados condicionales: d_t = c + φ·d_{t−1}, |φ| ≤ 0.98."""
    d = np.diff(x)
    c, phi = np.linalg.lstsq(np.column_stack([np.ones(len(d) - 1), d[:-1]]), d[1:], rcond=None)[0]
    phi = float(np.clip(phi, -0.98, 0.98))
    pasos, ultimo = [], d[-1]
    for _ in range(h):
        ultimo = c + phi * ultimo
        pasos.append(ultimo)
    return x[-1] + np.cumsum(pasos)


def pronosticos(z: np.ndarray, h: int = HORIZONTE) -> np.ndarray:
    """(modelo, horizonte) en escala z, en el orden de MODELOS, con los meses z[0..] como historia."""
    n = len(z)
    pasos = np.arange(1, h + 1)
    estacional = z[n - PERIODO:][(pasos - 1) % PERIODO]
    ingenuo = np.repeat(z[-1], h)
    indices = _estacionalidad(z)
    if indices is None:
        x, fut = z, np.zeros(h)
    else:
        x = z - indices[np.arange(n) % PERIODO]
        fut = indices[(n - 1 + pasos) % PERIODO]
    ets, theta, arima = _ets(x, h) + fut, _theta(x, h) + fut, _arima(x, h) + fut
    base = np.vstack([estacional, ingenuo, ets, arima, theta])  # el orden de MODELOS
    return np.vstack([base, np.median(base, axis=0)])


# --------------------------------------------------------------------------- evaluación, elección y bandas

def _calcular(s: dict) -> dict:
    """Los pronósticos de cada candidato en cada origen (la parte cara; un proceso por serie, guardada en caché).

    F[modelo, i, k]: pronóstico en z del origen PRIMER_AJUSTE − 1 + i a k + 1 meses; el último origen es el último mes."""
    y = s["datos"]["n"].to_numpy(dtype=float)
    z = np.log1p(np.clip(y, 0, None))
    with threadpool_limits(limits=1):
        F = np.stack([pronosticos(z[:fin + 1]) for fin in range(PRIMER_AJUSTE - 1, len(z))], axis=1)
    return {"z": z, "F": F}


def _errores(z: np.ndarray, F: np.ndarray) -> np.ndarray:
    """E[..., i, k] = z real − pronóstico (NaN si el mes aún no se observa)."""
    n = len(z)
    origenes = PRIMER_AJUSTE - 1 + np.arange(F.shape[-2])
    objetivo = origenes[:, None] + np.arange(1, HORIZONTE + 1)[None, :]
    real = np.where(objetivo < n, z[np.minimum(objetivo, n - 1)], np.nan)
    return real - F


def _eleccion(E: np.ndarray) -> np.ndarray:
    """Índice del candidato elegido en cada origen (−1 sin errores suficientes): el de menor error absoluto medio en
    logaritmos entre los pronósticos cuyo mes ya se observó y cae en los VENTANA_ELECCION meses anteriores."""
    _, no, h = E.shape
    origenes = np.arange(no)
    objetivo = origenes[:, None] + np.arange(1, h + 1)[None, :]
    elegido = np.full(no, -1)
    for i in range(no):
        vista = (objetivo <= i) & (objetivo > i - VENTANA_ELECCION)
        if vista[:, 0].sum() < MIN_ELECCION:
            continue
        errores = np.abs(E[:, vista])
        elegido[i] = int(np.argmin(errores.mean(axis=1)))  # empate: el primero en MODELOS
    return elegido


def _mes_num(mes) -> int:
    m = pd.Timestamp(mes)
    return m.year * 12 + m.month - 1


def _procesar(r: dict) -> dict:
    """Candidatos y procedimiento de una serie sola o una parte (en z): pronósticos, errores y elección en cada origen."""
    z, F = r["z"], r["F"]
    E = _errores(z, F)
    elegido = _eleccion(E)
    proc = np.full(F.shape[1:], np.nan)
    for i, m in enumerate(elegido):
        if m >= 0:
            proc[i] = F[m, i]
    todos = np.concatenate([F, proc[None]])
    return {"z": z, "F": todos, "E": _errores(z, todos), "elegido": elegido}


def _procesar_suma(z: np.ndarray, partes: list[dict]) -> dict:
    """El total de abajo hacia arriba: cada candidato y el procedimiento son la suma de los de sus partes."""
    F = np.log1p(sum(np.clip(np.expm1(p["F"]), 0, None) for p in partes))  # cada parte como se publica: sin negativos
    return {"z": z, "F": F, "E": _errores(z, F), "elegido": np.full(F.shape[1], -1)}


def _depositos(procesados: list[tuple[int, dict]]) -> dict:
    """Los errores en z de todas las series que no son suma, por (modelo, horizonte), ordenados por el mes en que se
    observan: la banda de un origen usa los que ya se observaron en ese mes calendario, de cualquier serie."""
    depositos = {}
    for j in range(len(MODELOS) + 1):
        for k in range(1, HORIZONTE + 1):
            meses, errores = [], []
            for inicio, p in procesados:
                e = p["E"][j, :, k - 1]
                objetivo = inicio + PRIMER_AJUSTE - 1 + np.arange(len(e)) + k
                vale = ~np.isnan(e)
                meses.append(objetivo[vale])
                errores.append(e[vale])
            meses, errores = np.concatenate(meses), np.concatenate(errores)
            orden = np.lexsort((errores, meses))
            depositos[(j, k)] = (meses[orden], errores[orden])
    return depositos


def _desplazamientos(depositos: dict, meses_origen: range, gamma: float) -> dict:
    """Cuantiles de cada (modelo, horizonte) por mes de origen, de los errores observados en los VENTANA_BANDAS meses
    hasta él, con inferencia conforme adaptativa (Gibbs y Candès,
    2021): el nivel de cada banda se corrige mes a mes con lo que las bandas anteriores fallaron,
    α ← α + γ(α* − fallas), en cuanto esas fallas se observan (k meses después de su origen).

    Devuelve, por (modelo, horizonte), un arreglo (mes − primer mes, nivel, inferior/superior); NaN sin errores."""
    salida = {}
    primero = meses_origen.start
    for (j, k), (meses, errores) in depositos.items():
        alfas = [1 - n / 100 for n in NIVELES]
        tabla = np.full((len(meses_origen), len(NIVELES), 2), np.nan)
        cortes = np.searchsorted(meses, np.arange(primero - 1, meses_origen.stop), side="right")
        for mes in meses_origen:
            a, b = int(cortes[mes - primero]), int(cortes[mes - primero + 1])
            previo = mes - k - primero
            if previo >= 0 and b > a and not np.isnan(tabla[previo, 0, 0]):
                e = errores[a:b]
                for x, n in enumerate(NIVELES):
                    fallas = np.count_nonzero((e < tabla[previo, x, 0]) | (e > tabla[previo, x, 1])) / len(e)
                    alfas[x] += gamma * ((1 - n / 100) - fallas)
            if not b:
                continue
            desde = int(np.searchsorted(meses, mes - VENTANA_BANDAS, side="right"))
            if b <= desde:
                continue
            e = np.sort(errores[desde:b])
            for x in range(len(NIVELES)):
                tabla[mes - primero, x] = _banda_alfa(e, alfas[x])
        salida[(j, k)] = tabla
    return salida


def _banda_alfa(errores: np.ndarray, alfa: float) -> tuple[float, float]:
    """Cuantiles conformes de muestra finita de nivel 1 − α (α ≤ 0: los extremos observados)."""
    n = len(errores)
    bajo = min(n, max(1, math.floor((n + 1) * alfa / 2)))
    alto = max(1, min(n, math.ceil((n + 1) * (1 - alfa / 2))))
    return min(float(errores[bajo - 1]), 0.0), max(float(errores[alto - 1]), 0.0)


def _bandas(p: dict, inicio: int, desplazamientos: dict, primero: int) -> dict[str, np.ndarray]:
    """Bandas en z de cada modelo, origen y horizonte: pronóstico + los cuantiles de ese modelo, horizonte y mes de
    origen (_desplazamientos)."""
    F = p["F"]
    nm, no, h = F.shape
    filas = inicio + PRIMER_AJUSTE - 1 + np.arange(no) - primero
    salida = {}
    for x, n in enumerate(NIVELES):
        for y, lado in enumerate(("inf", "sup")):
            d = np.stack([np.stack([desplazamientos[(j, k)][filas, x, y] for k in range(1, h + 1)], axis=1)
                          for j in range(nm)])
            salida[f"{lado}_{n}"] = F + d
    return salida


def _a_conteo(z: np.ndarray) -> np.ndarray:
    """De z a la escala de la serie, a un decimal; un valor positivo nunca se publica como 0.0."""
    y = np.expm1(z)
    r = np.round(np.clip(y, 0, None), 1) + 0.0
    return np.where((y > 0) & (r == 0), 0.1, r)


# --------------------------------------------------------------------------- tablas publicadas

def _mes_mas(mes, k: int):
    n = mes.year * 12 + mes.month - 1 + k
    return datetime.date(n // 12, n % 12 + 1, 1)


def _filas_evaluacion(s: dict, p: dict, bandas: dict) -> pd.DataFrame:
    """Renglones de la evaluación: cada origen desde el PUBLICAR_DESDE-ésimo hasta el penúltimo mes, cada horizonte
    con dato observado, cada candidato y el procedimiento (el candidato elegido en ese origen va marcado)."""
    d = s["datos"]
    n = len(d)
    meses = np.array(list(d["mes"]), dtype=object)
    no = p["F"].shape[1] - 1  # sin el último origen (nada que comparar)
    i, k = np.meshgrid(np.arange(PUBLICAR_DESDE, no), np.arange(1, HORIZONTE + 1), indexing="ij")
    origen = PRIMER_AJUSTE - 1 + i
    vale = origen + k < n
    i, k, origen = i[vale], k[vale], origen[vale]
    objetivo = origen + k
    nombres = [*MODELOS, PROCEDIMIENTO]
    bloques = []
    for j, nombre in enumerate(nombres):
        bloques.append(pd.DataFrame({
            "serie": s["serie"], "origen": meses[origen], "horizonte": k, "mes": meses[objetivo], "modelo": nombre,
            "pronostico": _a_conteo(p["F"][j, i, k - 1]),
            **{c: _a_conteo(bandas[c][j, i, k - 1]) for c in ("inf_80", "sup_80", "inf_95", "sup_95")},
            "real": d["n"].to_numpy()[objetivo].astype("int64"),
            "elegido": (p["elegido"][i] == j) if nombre != PROCEDIMIENTO else np.ones(len(i), dtype=bool),
            "reporte": i >= no - REPORTE, "fuente_id": d["fuente_id"].to_numpy()[objetivo]}))
    e = pd.concat(bloques, ignore_index=True)
    e = e[e[["inf_80", "sup_80", "inf_95", "sup_95"]].notna().all(axis=1)]  # orígenes sin errores previos en ninguna serie
    orden = {m: n for n, m in enumerate(nombres)}
    return e.assign(_o=e["modelo"].map(orden)).sort_values(["origen", "horizonte", "_o"], kind="stable",
                                                           ignore_index=True).drop(columns="_o")


def _winkler(inf, sup, real, nivel: int) -> np.ndarray:
    """Puntaje de intervalo de Winkler: ancho + (2/α)·lo que el dato quedó fuera de la banda."""
    alfa = 1 - nivel / 100
    return (sup - inf) + (2 / alfa) * (np.clip(inf - real, 0, None) + np.clip(real - sup, 0, None))


def puntajes(evaluacion: pd.DataFrame, escalas: dict[tuple[str, object], float]) -> pd.DataFrame:
    """Por serie, horizonte y modelo (el procedimiento incluido), sólo en la ventana de reporte: orígenes, MAE,
    error relativo (MAE ÷ MAE del ingenuo estacional y del ingenuo en los mismos orígenes), MASE de Hyndman y
    Koehler (cada error ÷ el MAE dentro de la muestra del ingenuo estacional hasta su origen), puntaje de Winkler y
    cobertura de las bandas de 80 % y 95 %."""
    e = evaluacion[evaluacion["reporte"]]
    real = e["real"].to_numpy(dtype=float)
    escala = np.array([escalas[(s, o)] for s, o in zip(e["serie"], e["origen"])])
    error = np.abs(e["pronostico"].to_numpy() - real)
    e = e.assign(
        error=error,
        escalado=np.where(escala > 0, error / np.where(escala > 0, escala, 1), np.nan),
        winkler_80=_winkler(e["inf_80"].to_numpy(), e["sup_80"].to_numpy(), real, 80),
        winkler_95=_winkler(e["inf_95"].to_numpy(), e["sup_95"].to_numpy(), real, 95),
        dentro_80=(e["inf_80"] <= e["real"]) & (e["real"] <= e["sup_80"]),
        dentro_95=(e["inf_95"] <= e["real"]) & (e["real"] <= e["sup_95"]),
    )
    g = e.groupby(["serie", "horizonte", "modelo"], sort=False).agg(
        origenes=("error", "size"), mae=("error", "mean"), mase=("escalado", "mean"), winkler_80=("winkler_80", "mean"),
        winkler_95=("winkler_95", "mean"), cobertura_80=("dentro_80", "mean"), cobertura_95=("dentro_95", "mean"),
        fuente_id=("fuente_id", "last")).reset_index()
    ref = g.set_index(["serie", "horizonte", "modelo"])["mae"]
    for col, referencia in (("rmae_estacional", "estacional_ingenuo"), ("rmae_ingenuo", "ingenuo")):
        denominador = np.array([ref[(s, h, referencia)] for s, h in zip(g["serie"], g["horizonte"])])
        with np.errstate(divide="ignore", invalid="ignore"):
            g[col] = np.where(denominador > 0, g["mae"].to_numpy() / denominador, np.nan)
    for col in ("mae", "mase", "winkler_80", "winkler_95", "rmae_estacional", "rmae_ingenuo", "cobertura_80", "cobertura_95"):
        g[col] = g[col].astype(float).round(6)
    g["elegido"] = g["modelo"] == PROCEDIMIENTO
    return g[["serie", "horizonte", "modelo", "origenes", "mae", "rmae_estacional", "rmae_ingenuo", "mase", "winkler_80",
              "winkler_95", "cobertura_80", "cobertura_95", "elegido", "fuente_id"]]


def _escalas(s: dict) -> dict[tuple[str, object], float]:
    """Denominador del MASE en cada origen: MAE dentro de la muestra del ingenuo estacional con los meses hasta él."""
    y = s["datos"]["n"].to_numpy(dtype=float)
    dif = np.abs(y[PERIODO:] - y[:-PERIODO])
    acumulado = np.cumsum(dif)
    meses = list(s["datos"]["mes"])
    return {(s["serie"], meses[o]): float(acumulado[o - PERIODO] / (o - PERIODO + 1)) for o in range(PERIODO, len(y))}


def carpeta_cache() -> Path | None:
    """Dónde se guardan los cálculos por serie ya hechos (`TABLERO_CACHE_PROYECCIONES`; vacía o `0` apaga el caché).

    Una serie con los mismos meses y valores, el mismo código y las mismas versiones de las bibliotecas da
    exactamente lo mismo, así que se reutiliza."""
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
    for paquete in ("numpy", "pandas"):
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

    Los pronósticos de cada serie se calculan en paralelo (hasta `procesos`, por omisión los núcleos disponibles);
    cada una es independiente y se juntan en su orden fijo, así que el resultado no depende del número de procesos.
    Con `cache` (una carpeta), una serie cuyo cálculo ya está guardado con la misma huella no se vuelve a ajustar.
    El total coherente no se ajusta: es la suma de sus partes."""
    inicio = time.perf_counter()
    lista = series(tablas)
    ajustar = [i for i, s in enumerate(lista) if s["nivel"] != "suma"]
    huellas = {i: _huella(lista[i]) for i in ajustar}
    resultados = {i: _leer_cache(cache, huellas[i]) for i in ajustar}
    faltan = [i for i in ajustar if resultados[i] is None]
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
    procesados = {i: _procesar(resultados[i]) for i in ajustar}
    for i, s in enumerate(lista):
        if s["nivel"] == "suma":
            partes = [procesados[j] for j, p in enumerate(lista) if p["nivel"] in ("nacionalidad", "otras")]
            procesados[i] = _procesar_suma(np.log1p(s["datos"]["n"].to_numpy(dtype=float)), partes)
    inicios = {i: _mes_num(s["datos"]["mes"].iloc[0]) for i, s in enumerate(lista)}
    depositos = _depositos([(inicios[i], procesados[i]) for i in ajustar])
    todos_meses = range(min(inicios.values()) + PRIMER_AJUSTE - 1,
                        max(inicios[i] + len(s["datos"]) for i, s in enumerate(lista)))
    desplazamientos = _desplazamientos(depositos, todos_meses, GAMMA)

    filas_series, filas_proy, evaluaciones, escalas = [], [], [], {}
    for posicion, s in enumerate(lista, start=1):
        p = procesados[posicion - 1]
        bandas = _bandas(p, inicios[posicion - 1], desplazamientos, todos_meses.start)
        d = s["datos"]
        ultimo, fuente = d["mes"].iloc[-1], d["fuente_id"].iloc[-1]
        m = p["elegido"][-1]
        filas_series.append({
            "serie": s["serie"], "posicion": posicion, "tabla": s["tabla"], "medida": s["medida"], "iso3": s["iso3"],
            "nivel": s["nivel"], "primer_mes": d["mes"].iloc[0], "ultimo_mes": ultimo, "meses": len(d),
            "modelo": SUMA_PARTES if s["nivel"] == "suma" else MODELOS[m], "fuente_id": fuente,
        })
        ks = np.arange(1, HORIZONTE + 1)
        for j, nombre in enumerate([*MODELOS, PROCEDIMIENTO]):
            filas_proy.append(pd.DataFrame({
                "serie": s["serie"], "modelo": nombre, "horizonte": ks, "mes": [_mes_mas(ultimo, int(k)) for k in ks],
                "pronostico": _a_conteo(p["F"][j, -1]),
                **{c: _a_conteo(bandas[c][j, -1]) for c in ("inf_80", "sup_80", "inf_95", "sup_95")},
                "elegido": nombre == PROCEDIMIENTO, "fuente_id": fuente}))
        evaluaciones.append(_filas_evaluacion(s, p, bandas))
        escalas |= _escalas(s)
    evaluacion = pd.concat(evaluaciones, ignore_index=True)
    puntaje = puntajes(evaluacion, escalas)
    logger.info("proyecciones: %d series (%d calculadas, %d del caché), %d renglones de evaluación, %d procesos en %.2f s;"
                " elegidos %s", len(lista), len(faltan), len(ajustar) - len(faltan), len(evaluacion), procesos,
                time.perf_counter() - inicio, {f["serie"]: f["modelo"] for f in filas_series})
    return {
        "proyecciones_series": pd.DataFrame(filas_series),
        "proyecciones": pd.concat(filas_proy, ignore_index=True),
        "proyecciones_evaluacion": evaluacion,
        "proyecciones_puntaje": puntaje,
    }
