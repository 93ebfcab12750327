"""Números y cifras como los lee un estadístico en México (es-MX) o en inglés.

Funciones puras, sin Streamlit: una sola convención en todo el tablero (miles con coma, decimales
con punto: 2,300,000; 1.2 millones) y el calificador de cada cifra se escribe siempre, porque
«más de 142,000» no es 142,000.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

IDIOMAS = ("es", "en")

# Cómo se dice cada calificador normalizado (etl.esquemas.CALIFICADORES) antes del número.
_CALIFICADORES = {
    "es": {
        "exacto": "",
        "mas_de": "más de",
        "superior_a": "más de",
        "casi": "casi",
        "alrededor_de": "alrededor de",
        "aproximadamente": "aproximadamente",
        "al_menos": "al menos",
        "hasta": "hasta",
        "menos_de": "menos de",
    },
    "en": {
        "exacto": "",
        "mas_de": "more than",
        "superior_a": "over",
        "casi": "almost",
        "alrededor_de": "around",
        "aproximadamente": "approximately",
        "al_menos": "at least",
        "hasta": "up to",
        "menos_de": "less than",
    },
}

_MILLON = 1_000_000
_MIL_MILLONES = 1_000_000_000


def _vacio(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _sin_ceros(texto: str) -> str:
    return texto.rstrip("0").rstrip(".") if "." in texto else texto


def numero(valor, decimales: int | None = None) -> str:
    """Número completo con separador de miles: 2300000 → «2,300,000»; 0.23 → «0.23»."""
    if _vacio(valor):
        return "—"
    v = float(valor)
    if decimales is None:
        decimales = 0 if v == int(v) else 2
    texto = f"{v:,.{decimales}f}"
    return _sin_ceros(texto) if decimales and "." in texto else texto


def _compactable(v: float) -> bool:
    # Sólo se abrevia cuando la abreviatura no pierde precisión (2,300,000 sí; 2,541,959 no).
    return abs(v) >= _MILLON and v % 10_000 == 0


def compacto(valor, idioma: str = "es") -> str:
    """Cantidad redonda en millones: 2300000 → «2.3 millones» / «2.3 million»; si no es redonda, completa."""
    if _vacio(valor):
        return "—"
    v = float(valor)
    if not _compactable(v):
        return numero(v)
    if idioma == "en" and abs(v) >= _MIL_MILLONES and v % 10_000_000 == 0:
        return f"{_sin_ceros(f'{v / _MIL_MILLONES:,.2f}')} billion"
    cifra = _sin_ceros(f"{v / _MILLON:,.2f}")
    if idioma == "en":
        return f"{cifra} million"
    return f"{cifra} millón" if cifra == "1" else f"{cifra} millones"


def _partes_rango(lo: float, hi: float, idioma: str) -> tuple[str, str]:
    """Extremos de un rango; si ambos se abrevian, la palabra «millones» va una sola vez al final."""
    if _compactable(lo) and _compactable(hi) and not (idioma == "en" and abs(hi) >= _MIL_MILLONES):
        a = _sin_ceros(f"{lo / _MILLON:,.2f}")
        return a, compacto(hi, idioma)
    return compacto(lo, idioma), compacto(hi, idioma)


def rango(valor_min, valor_max, idioma: str = "es") -> str:
    """«entre 1.2 y 1.6 millones» / «between 1.2 and 1.6 million»."""
    a, b = _partes_rango(float(valor_min), float(valor_max), idioma)
    return f"between {a} and {b}" if idioma == "en" else f"entre {a} y {b}"


def cifra(valor=None, valor_min=None, valor_max=None, calificador: str = "exacto", unidad: str = "",
          idioma: str = "es") -> str:
    """Texto de una cifra de documento con su calificador: «más de 142,000», «entre 1.2 y 1.6 millones», «306%»."""
    idioma = idioma if idioma in IDIOMAS else "es"
    if calificador == "rango" or (_vacio(valor) and not _vacio(valor_min) and not _vacio(valor_max)):
        texto = rango(valor_min, valor_max, idioma)
    elif _vacio(valor):
        return "—"
    else:
        texto = compacto(valor, idioma)
        if unidad == "porcentaje":
            texto += "%"
        prefijo = _CALIFICADORES[idioma].get(calificador, "")
        texto = f"{prefijo} {texto}".strip()
    return texto


def cifra_fila(fila, idioma: str = "es") -> str:
    """`cifra` sobre un renglón de las consultas de cifras (dict o Series)."""
    return cifra(fila.get("valor"), fila.get("valor_min"), fila.get("valor_max"), fila.get("calificador") or "exacto",
                 fila.get("unidad") or "", idioma)


def mes(valor, idioma: str = "es") -> str:
    """Mes como AAAA-MM (igual en ambos idiomas: sin ambigüedad y ordenable)."""
    if _vacio(valor) or valor is pd.NaT:
        return "—"
    if isinstance(valor, str):
        return valor[:7]
    if isinstance(valor, (datetime, date, pd.Timestamp)):
        return f"{valor.year:04d}-{valor.month:02d}"
    return str(valor)[:7]


def periodo_meses(desde, hasta) -> str:
    """«2024-01 a 2025-04» (un solo mes si coinciden)."""
    a, b = mes(desde), mes(hasta)
    return a if a == b else f"{a} – {b}"


def primer_dia(mes_texto: str) -> date:
    """«2024-03» → date(2024, 3, 1): los filtros de mes se pasan a SQL como fechas."""
    anio, numero_mes = str(mes_texto)[:7].split("-")
    return date(int(anio), int(numero_mes), 1)


def anio_unico(inicio, fin) -> int | None:
    """El año de un periodo que empieza y termina en el mismo año calendario; None si no."""
    if _vacio(inicio) or _vacio(fin) or inicio is pd.NaT or fin is pd.NaT:
        return None
    a, b = pd.Timestamp(inicio).year, pd.Timestamp(fin).year
    return int(a) if a == b else None


def trimestre(valor, idioma: str = "es") -> str:
    """Trimestre de una fecha: «2024-T1» / «2024-Q1»."""
    d = pd.Timestamp(valor)
    return f"{d.year}-{'Q' if idioma == 'en' else 'T'}{(d.month - 1) // 3 + 1}"


def formato_tabla(serie: pd.Series, nombre: str = "") -> str | None:
    """Formato printf de una columna numérica en las tablas de Streamlit (`NumberColumn`): «%,d» (2,300,000)
    si todos sus valores son enteros, «%,.2f» (1,234.56) si no; None en años y claves, que no llevan comas."""
    if nombre.startswith("anio") or nombre in ("incidente", "cve_ent"):
        return None
    valores = serie.dropna()
    if valores.empty or (valores % 1 == 0).all():
        return "%,d"
    return "%,.2f"
