"""Lectura de cifras escritas en texto ("2.3 millones", "142,000", "entre 1.2 y 1.6 millones").

Sirve para comprobar que el valor registrado de una cifra es el que dice su cita.
Cada documento declara su formato numérico porque los textos mezclan convenciones:
es-MX/en usan coma de miles y punto decimal (2,300,000; 2.3) y es-ES/es-419 al revés
(60.000; 3,6%).
"""

from __future__ import annotations

import re
import unicodedata

FORMATOS = ("es-MX", "en", "es-419")

# Multiplicadores escritos después del número; el orden importa (el más largo primero).
_MULTIPLICADORES = [
    (r"mil\s+millones", 1e9),
    (r"millones|mill[oó]n|millions?|mdd|mdp|mmdd", 1e6),
    (r"billion", 1e9),
    (r"billones|bill[oó]n", 1e12),  # billón español = 10^12 (un "trillion" en inglés)
    (r"mil|thousand", 1e3),
]
_MULT_RE = "|".join(f"(?:{p})" for p, _ in _MULTIPLICADORES)

_PALABRAS = {
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "quince": 15, "veinte": 20, "treinta": 30, "cien": 100, "ciento": 100,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "hundred": 100,
    "doble": 2, "double": 2, "triple": 3, "mitad": 0.5, "half": 0.5,
}

# Entre dos números, estos conectores hacen que el primero herede el multiplicador del segundo:
# "entre 1.2 y 1.6 millones", "1 a 2.5 millones", "cuatro de las 12 millones".
_CONECTORES_RANGO = r"(?:y|a|al|to|and|-|–|—|de\s+los|de\s+las|of\s+the)"


def _patron_numero(formato: str) -> str:
    if formato == "es-419":
        return r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    if formato in ("es-MX", "en"):
        return r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    raise ValueError(f"formato numérico desconocido: {formato!r} (se esperaba uno de {FORMATOS})")


def _a_float(token: str, formato: str) -> float:
    if formato == "es-419":
        return float(token.replace(".", "").replace(",", "."))
    return float(token.replace(",", ""))


def _factor(palabra: str | None) -> float:
    if not palabra:
        return 1.0
    palabra = palabra.lower()
    for patron, factor in _MULTIPLICADORES:
        if re.fullmatch(patron, palabra):
            return factor
    return 1.0


def normalizar_espacios(texto: str) -> str:
    """Texto en NFC con cualquier secuencia de espacios reducida a uno (para buscar citas)."""
    texto = unicodedata.normalize("NFC", texto)
    return re.sub(r"\s+", " ", texto).strip()


def numeros_en_texto(texto: str, formato: str = "es-MX") -> list[float]:
    """Todos los valores que un texto escribe, con su multiplicador aplicado.

    "entre 1.2 y 1.6 millones" da [1200000.0, 1600000.0]: el primer extremo de un rango
    hereda el multiplicador del segundo. "41 mil 548" da 41548. También se leen
    números escritos con palabra ("cuatro") y porcentajes ("19%" da 19).
    """
    texto = normalizar_espacios(texto)
    num = _patron_numero(formato)
    token = re.compile(
        rf"(?<![\w.,])(?P<n>{num})(?![\d])(?:\s*(?P<m>{_MULT_RE})\b)?(?:\s+(?P<resto>\d{{3}})(?!\d))?",
        re.IGNORECASE,
    )
    hallados: list[tuple[int, int, float, str | None, bool]] = []
    for m in token.finditer(texto):
        base = _a_float(m.group("n"), formato)
        mult = m.group("m")
        factor = _factor(mult)
        valor = base * factor
        if m.group("resto") and factor == 1e3:  # "41 mil 548"
            valor += float(m.group("resto"))
        elif m.group("resto"):
            # el grupo "resto" no forma parte de este número; se lee aparte
            hallados.append((m.start("resto"), m.end("resto"), float(m.group("resto")), None, False))
        hallados.append((m.start(), m.end("m") if mult else m.end("n"), valor, mult, True))
    for m in re.finditer(r"\b(?P<w>[a-záéíóúñ]+)\b(?:\s+(?P<m>" + _MULT_RE + r")\b)?", texto, re.IGNORECASE):
        w = m.group("w").lower()
        if w in _PALABRAS:
            hallados.append((m.start(), m.end(), _PALABRAS[w] * _factor(m.group("m")), m.group("m"), True))
    hallados.sort(key=lambda h: h[0])

    valores = [h[2] for h in hallados]
    # Rangos: "1.2 y 1.6 millones", "entre 1 y 2.5 millones": el primero hereda el multiplicador.
    for i in range(len(hallados) - 1):
        ini, fin, val, mult, _ = hallados[i]
        ini2, _, val2, mult2, _ = hallados[i + 1]
        entre = texto[fin:ini2]
        if mult is None and mult2 and re.fullmatch(rf"\s*{_CONECTORES_RANGO}\s*", entre, re.IGNORECASE):
            valores.append(val * _factor(mult2))
    return valores


def cita_contiene_valor(cita: str, valor: float, formato: str) -> bool:
    """¿Escribe la cita el valor (con tolerancia de redondeo en la última cifra)?"""
    for v in numeros_en_texto(cita, formato):
        if abs(v - valor) <= 1e-9 * max(1.0, abs(valor)):
            return True
    return False


MESES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_MES_RE = "|".join(sorted(MESES, key=len, reverse=True))


def fechas_en_texto(texto: str) -> set[str]:
    """Fechas que un texto escribe con nombre de mes, en ISO con la precisión escrita.

    "21 de marzo de 2025" → "2025-03-21"; "abril de 2024" → "2024-04"; "March 21, 2025" → "2025-03-21".
    """
    texto = normalizar_espacios(texto).lower()
    halladas: set[str] = set()
    for m in re.finditer(rf"(?:(\d{{1,2}})\s+(?:de\s+)?)?({_MES_RE})(?:\s+de)?(?:\s+del)?\s+(\d{{4}})", texto):
        dia, mes, anio = m.group(1), MESES[m.group(2)], m.group(3)
        halladas.add(f"{anio}-{mes:02d}-{int(dia):02d}" if dia else f"{anio}-{mes:02d}")
    for m in re.finditer(rf"({_MES_RE})\s+(\d{{1,2}}),\s+(\d{{4}})", texto):
        halladas.add(f"{m.group(3)}-{MESES[m.group(1)]:02d}-{int(m.group(2)):02d}")
    return halladas
