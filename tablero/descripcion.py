"""Texto alternativo de cada gráfica: una oración hecha con los datos que dibuja (máximo, último valor y
cambio), para quien no ve la figura y para el pie de la diapositiva en modo presentación.

Sin Streamlit: recibe la tabla de la gráfica y devuelve texto. Las plantillas están en `tablero.textos`
y los números salen con `tablero.formato` (es-MX: 2,300,000 y 1.2).
"""

from __future__ import annotations

import pandas as pd

from tablero import formato
from tablero.textos import idioma_actual, t

PORCENTUALES = ("var_anual", "participacion")


def valor(v, medida: str = "nivel") -> str:
    """Un valor de una medida como se lee: conteos enteros, porcentajes e índices con un decimal."""
    if v is None or pd.isna(v):
        return "—"
    if medida in PORCENTUALES:
        return f"{formato.numero(round(float(v), 1), 1)}%"
    if medida == "indice":
        return formato.numero(round(float(v), 1), 1)
    return formato.numero(v)


def _frase_linea(parte: pd.DataFrame, x: str, y: str, nombre: str, medida: str, idioma: str) -> str:
    parte = parte.dropna(subset=[y])
    pico = parte.loc[parte[y].idxmax()]
    ultimo, previo = parte.iloc[-1], (parte.iloc[-2] if len(parte) > 1 else None)
    cambio = ""
    if previo is not None:
        if medida in PORCENTUALES:  # cambio de un porcentaje: puntos, no porcentaje de porcentaje
            delta = float(ultimo[y]) - float(previo[y])
            texto = f"{'+' if delta >= 0 else '−'}{formato.numero(round(abs(delta), 1), 1)} pp"
        elif float(previo[y]) != 0:
            delta = 100.0 * (float(ultimo[y]) - float(previo[y])) / abs(float(previo[y]))
            texto = f"{'+' if delta >= 0 else '−'}{formato.numero(round(abs(delta), 1), 1)}%"
        else:
            texto = ""
        if texto:
            cambio = t("desc_cambio", idioma, cambio=texto, periodo_previo=previo[x])
    return t("desc_serie", idioma, nombre=nombre, pico=valor(pico[y], medida), periodo_pico=pico[x],
             ultimo=valor(ultimo[y], medida), periodo_ultimo=ultimo[x], cambio=cambio)


def serie(df: pd.DataFrame, x: str = "periodo", y: str = "valor", grupo: str | None = "nombre",
          medida: str = "nivel", etiqueta: str = "", idioma: str | None = None) -> str:
    """Oración de una gráfica de tiempo: máximo, último valor y su cambio contra el periodo anterior; con
    varias líneas, cuántas son y la de mayor último valor."""
    idioma = idioma or idioma_actual()
    datos = df.dropna(subset=[y]) if y in df else df.iloc[0:0]
    if datos.empty:
        return t("desc_sin_datos", idioma)
    if grupo is None or grupo not in datos:
        return _frase_linea(datos, x, y, etiqueta, medida, idioma)
    partes = {g: p for g, p in datos.groupby(grupo, sort=False)}
    if len(partes) == 1:
        nombre, parte = next(iter(partes.items()))
        return _frase_linea(parte, x, y, str(nombre), medida, idioma)
    mayor = max(partes, key=lambda g: float(partes[g][y].iloc[-1]))
    frase = _frase_linea(partes[mayor], x, y, str(mayor), medida, idioma)
    return t("desc_lineas", idioma, n=len(partes), frase=frase)


def barras(df: pd.DataFrame, categoria: str, y: str, idioma: str | None = None) -> str:
    """Oración de una gráfica de barras: la categoría mayor, su valor y el total de lo mostrado."""
    idioma = idioma or idioma_actual()
    if df.empty:
        return t("desc_sin_datos", idioma)
    mayor = df.loc[df[y].idxmax()]
    return t("desc_barras", idioma, primero=mayor[categoria], valor=formato.numero(mayor[y]),
             total=formato.numero(df[y].sum()), n=len(df))
