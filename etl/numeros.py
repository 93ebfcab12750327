"""Lectura de cifras escritas en texto ("2.3 millones", "142,000", "41 mil 548", "cuatro", "3,6%").

Sirve para comprobar que el valor registrado de una cifra es el que escribe su cita. Cada cifra
guarda, además del valor, el texto exacto que lo escribe (su *token*: `valor_texto`, o
`valor_min_texto` y `valor_max_texto` en un rango), y el ETL exige que ese token sea uno de los
números de la cita y que, leído, dé el valor registrado. No hay otra vía: un valor igual a
cualquier otro número de la cita (un año, el otro extremo de un rango, el número sin su
multiplicador) no se acepta.

Reglas del token
----------------
- Es el número completo tal como se escribe en la cita, con su multiplicador y su signo de
  porcentaje: «2.3 millones», «142,000», «41 mil 548», «\\$9.3 mdd» → «9.3 mdd», «19%», «3,6 %»,
  «cuatro», «doce mil», «la mitad». No lleva calificador («más de») ni unidad («personas»).
- Debe ser un número *completo* de la cita: «12» no vale si la cita dice «12 millones» (el número
  sigue), ni «2» si dice «2021» o «1.2».
- Si el token aparece varias veces, cuenta la primera aparición como número completo.
- Herencia del multiplicador (rangos y «cuatro de las 12 millones»): un número sin multiplicador
  seguido en la cita, sin nada más en medio, de un conector de rango («y», «a», «al», «o», «hasta»,
  «-», «–», «de los», «de las», «to», «and», «or», «of the») y de un número con multiplicador toma ese
  multiplicador. «entre 1.2 y 1.6 millones»: valor_min_texto = «1.2» (vale 1,200,000) y
  valor_max_texto = «1.6 millones». «cuatro de las 12 millones»: valor_texto = «cuatro» (vale
  4,000,000). Sin ese contexto, el mismo token vale lo que dice solo.

Multiplicadores (CLDR para «mil millones», «billón», «billion»; uso mexicano para mdd/mmdd):
«mil»/«thousand» 10³; «millón»/«millones»/«million(s)» 10⁶; «mdd»/«mdp» (millones de dólares/pesos)
10⁶; «mil millones», «mmdd»/«mmdp» (miles de millones) y «billion(s)» 10⁹; «billón»/«billones» 10¹²
(el billón español es un *trillion* inglés). «41 mil 548» es 41,548. Un porcentaje vale su número:
«19%», «19 %», «19 por ciento» y «19 percent» valen 19.

Convención numérica: cada documento la declara por sus separadores, no por una etiqueta de país,
porque los textos mezclan las dos: `coma_miles_punto_decimal` (2,300,000; 2.3) y
`punto_miles_coma_decimal` (60.000; 3,6%).

Números con palabras: se leen con `text2num` en el idioma del documento (español o inglés),
que cubre cualquier número («siete», «doce mil», «treinta y dos», «dos mil veinte») mejor que una
tabla propia. Solos no cuentan como número los artículos («un», «una», «uno», «unos», «unas», «one»), los
multiplicadores sueltos, «tercer» ni las cantidades vagas («miles», «cientos», «thousands»); «la
mitad» / «half» valen 0.5, «dos terceras partes» / «two thirds» 2/3, «una tercera parte» / «a third» 1/3,
«tres cuartas partes» / «three quarters» 3/4 y «una cuarta parte» / «a quarter» 1/4.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from text_to_num import text2num

CONVENCIONES = ("coma_miles_punto_decimal", "punto_miles_coma_decimal")

# Multiplicadores escritos después del número; el orden importa (el más largo primero).
_MULTIPLICADORES = [
    (r"mil\s+millones", 1e9),
    (r"mm(?:dd|dp)", 1e9),
    (r"millones|mill[oó]n|millions?|md[dp]", 1e6),
    (r"billones|bill[oó]n", 1e12),  # billón español = 10^12 (un "trillion" en inglés)
    (r"billions?", 1e9),
    (r"mil|thousand", 1e3),
]
_MULT_RE = "|".join(f"(?:{p})" for p, _ in _MULTIPLICADORES)
_PORCENTAJE = r"\s?%|\s(?:por\s+ciento|percent|per\s+cent)(?!\w)"

# Entre dos números, estos conectores hacen que el primero herede el multiplicador del segundo.
_CONECTORES = r"(?:y|e|o|u|a|al|hasta|to|and|or|-|–|—|de\s+los|de\s+las|of\s+the)"

# Fracciones escritas con palabras y su valor (el más largo primero: «dos terceras partes» antes que «tercera parte»).
_FRACCIONES_VALOR = [
    (r"(?:las\s+)?dos\s+terceras\s+partes|dos\s+tercios|two[\s-]thirds", 2 / 3),
    (r"(?:las\s+)?tres\s+cuartas\s+partes|tres\s+cuartos|three[\s-]quarters", 3 / 4),
    (r"(?:una\s+|la\s+)?tercera\s+parte|un\s+tercio|(?:a|one)[\s-]third", 1 / 3),
    (r"(?:una\s+|la\s+)?cuarta\s+parte|(?:a|one)[\s-]quarter", 1 / 4),
    (r"(?:la\s+)?mitad|(?:a\s+|one\s+)?half", 1 / 2),
]
_FRACCIONES = re.compile("|".join(f"(?P<f{n}>{p})" for n, (p, _) in enumerate(_FRACCIONES_VALOR)), re.IGNORECASE)
_FRACCIONES = re.compile(rf"(?<!\w)(?:{_FRACCIONES.pattern})(?!\w)", re.IGNORECASE)
# Palabras que text2num lee como número pero que, solas, no lo son en una cita: artículos, multiplicadores
# sueltos, ordinales y cantidades vagas ("miles de personas").
_NO_NUMEROS = {"un", "una", "uno", "unos", "unas", "one", "millón", "millon", "millones", "million", "millions",
               "billón", "billon", "billones", "billion", "billions", "tercer", "cientos", "miles", "millares",
               "hundreds", "thousands", "ciento"}
_PALABRA = re.compile(r"[^\W\d_]+")
_SUFIJO = re.compile(rf"\s?(?P<m>{_MULT_RE})(?!\w)|{_PORCENTAJE}", re.IGNORECASE)
_MULT_AL_FINAL = re.compile(rf"(?<!\w)(?:{_MULT_RE})$", re.IGNORECASE)
_UNION_PALABRAS = {"y", "and"}  # "treinta y dos", "one hundred and five"


@dataclass(frozen=True)
class NumeroEscrito:
    """Un número tal como lo escribe un texto (posiciones en el texto con espacios normalizados)."""

    texto: str
    inicio: int
    fin: int
    valor: float  # con su multiplicador y, si lo hereda, el del número que le sigue
    solo: float  # leído solo, sin herencia
    base: float  # sin ningún multiplicador (12 de "12 millones")
    factor: float  # su propio multiplicador (1 si no lleva)
    hereda_de: str | None = None  # texto del número del que hereda el multiplicador


def normalizar_espacios(texto: str) -> str:
    """Texto en NFC con cualquier secuencia de espacios reducida a uno (para buscar citas)."""
    texto = unicodedata.normalize("NFC", texto)
    return re.sub(r"\s+", " ", texto).strip()


def _patron_cifras(convencion: str) -> str:
    if convencion == "punto_miles_coma_decimal":
        return r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
    if convencion == "coma_miles_punto_decimal":
        return r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    raise ValueError(f"convención numérica desconocida: {convencion!r} (se esperaba una de {CONVENCIONES})")


def _a_float(cifras: str, convencion: str) -> float:
    if convencion == "punto_miles_coma_decimal":
        return float(cifras.replace(".", "").replace(",", "."))
    return float(cifras.replace(",", ""))


def _factor(palabra: str | None) -> float:
    if not palabra:
        return 1.0
    palabra = normalizar_espacios(palabra).lower()
    for patron, factor in _MULTIPLICADORES:
        if re.fullmatch(patron, palabra):
            return factor
    raise AssertionError(palabra)  # pragma: no cover - el patrón sólo deja pasar multiplicadores


@functools.cache
def _regex_cifras(convencion: str) -> re.Pattern:
    num = _patron_cifras(convencion)
    return re.compile(
        rf"(?<!\w)(?<!\d[.,])(?P<n>{num})(?![.,]?\d)"
        rf"(?:\s?(?P<m>{_MULT_RE})(?!\w)(?:(?:(?<=mil)|(?<=thousand))\s(?P<resto>\d{{1,3}})(?![.,]?\d))?)?"
        rf"(?P<pct>{_PORCENTAJE})?",
        re.IGNORECASE,
    )


@functools.lru_cache(maxsize=4096)
def _palabras_a_numero(palabras: str, idioma: str) -> float | None:
    try:
        return float(text2num(palabras.lower(), idioma))
    except (ValueError, IndexError, TypeError):
        return None


def _es_palabra_numero(palabra: str, idioma: str) -> bool:
    return len(palabra) > 1 and _palabras_a_numero(palabra.lower(), idioma) is not None


def _numeros_con_palabras(texto: str, ocupado: list[tuple[int, int]], idioma: str) -> list[NumeroEscrito]:
    """Números escritos con palabras ("cuatro", "doce mil", "treinta y dos") y fracciones ("la mitad")."""
    libre = [True] * len(texto)
    for a, b in ocupado:
        libre[a:b] = [False] * (b - a)
    hallados: list[NumeroEscrito] = []
    for m in _FRACCIONES.finditer(texto):
        if all(libre[m.start():m.end()]):
            v = _FRACCIONES_VALOR[int(m.lastgroup[1:])][1]
            hallados.append(NumeroEscrito(m.group(0), m.start(), m.end(), v, v, v, 1.0))
            libre[m.start():m.end()] = [False] * (m.end() - m.start())
    palabras = [m for m in _PALABRA.finditer(texto) if all(libre[m.start():m.end()])]
    i = 0
    while i < len(palabras):
        if not _es_palabra_numero(palabras[i].group(0), idioma):
            i += 1
            continue
        # la corrida más larga de palabras de número seguidas (con "y"/"and" dentro), separadas por un espacio
        j = i
        while j + 1 < len(palabras) and texto[palabras[j].end():palabras[j + 1].start()] in (" ", "-"):
            siguiente = palabras[j + 1].group(0)
            if _es_palabra_numero(siguiente, idioma) or siguiente.lower() in _UNION_PALABRAS:
                j += 1
            else:
                break
        leido = None
        for k in range(j, i - 1, -1):  # de la más larga a la más corta
            if palabras[k].group(0).lower() in _UNION_PALABRAS:
                continue
            frase = texto[palabras[i].start():palabras[k].end()]
            if frase.lower() in _NO_NUMEROS:
                continue
            v = _palabras_a_numero(frase, idioma)
            if v is not None:
                leido = (k, frase, v)
                break
        if leido is None:
            i += 1
            continue
        k, frase, v = leido
        al_final = _MULT_AL_FINAL.search(frase) if k > i else None  # "doce mil", "cuatro mil millones"
        factor = _factor(al_final.group(0)) if al_final else 1.0
        inicio, fin = palabras[i].start(), palabras[k].end()
        sufijo = _SUFIJO.match(texto, fin)
        if sufijo and factor == 1.0 and all(libre[fin:sufijo.end()]):
            if sufijo.group("m"):
                factor = _factor(sufijo.group("m"))
                v *= factor
            fin = sufijo.end()
            while k + 1 < len(palabras) and palabras[k + 1].start() < fin:
                k += 1
        hallados.append(NumeroEscrito(texto[inicio:fin], inicio, fin, v, v, v / factor, factor))
        i = k + 1
    return hallados


def numeros_escritos(texto: str, convencion: str, idioma: str = "es") -> list[NumeroEscrito]:
    """Cada número que escribe un texto (con espacios normalizados), en orden, con su valor en contexto.

    "entre 1.2 y 1.6 millones" da «1.2» (1,200,000: hereda el multiplicador) y «1.6 millones»;
    "en 2021 cuatro de las 12 millones" da «2021», «cuatro» (4,000,000) y «12 millones».
    """
    texto = normalizar_espacios(texto)
    hallados: list[NumeroEscrito] = []
    for m in _regex_cifras(convencion).finditer(texto):
        base = _a_float(m.group("n"), convencion)
        factor = _factor(m.group("m"))
        valor = base * factor + (float(m.group("resto")) if m.group("resto") else 0.0)
        hallados.append(NumeroEscrito(m.group(0), m.start(), m.end(), valor, valor, base, factor))
    hallados += _numeros_con_palabras(texto, [(h.inicio, h.fin) for h in hallados], idioma)
    hallados.sort(key=lambda h: h.inicio)
    # Herencia: "1.2 y 1.6 millones", "cuatro de las 12 millones".
    for n, (h, sig) in enumerate(zip(hallados, hallados[1:])):
        if h.factor == 1.0 and sig.factor != 1.0 and not h.texto.endswith("%") and re.fullmatch(
            rf"\s?{_CONECTORES}\s?", texto[h.fin:sig.inicio], re.IGNORECASE
        ):
            hallados[n] = NumeroEscrito(h.texto, h.inicio, h.fin, h.solo * sig.factor, h.solo, h.base, h.factor, sig.texto)
    return hallados


def leer_numero(token: str, convencion: str, idioma: str = "es") -> float:
    """Valor de un token leído solo («2.3 millones» → 2,300,000); ValueError si no es un único número completo."""
    token = normalizar_espacios(token)
    hallados = numeros_escritos(token, convencion, idioma)
    if len(hallados) != 1 or hallados[0].texto != token:
        leidos = " + ".join(f"«{h.texto}»" for h in hallados) or "ningún número"
        raise ValueError(f"«{token}» no es un número escrito completo (se lee {leidos})")
    return hallados[0].solo


def numero_en_cita(cita: str, token: str, convencion: str, idioma: str = "es") -> NumeroEscrito:
    """El número de la cita que escribe el token (su primera aparición como número completo).

    ValueError si el token no es un número, si no está en la cita o si en la cita el número sigue
    («12» cuando la cita dice «12 millones»).
    """
    token = normalizar_espacios(token)
    leer_numero(token, convencion, idioma)
    cita = normalizar_espacios(cita)
    hallados = numeros_escritos(cita, convencion, idioma)
    for h in hallados:
        if h.texto == token:
            return h
    if token not in cita:
        raise ValueError(f"«{token}» no aparece en la cita")
    pos = cita.index(token)
    dentro = [h.texto for h in hallados if h.inicio <= pos < h.fin]
    donde = f": forma parte de «{dentro[0]}»" if dentro else ""
    raise ValueError(f"«{token}» no es un número completo en la cita{donde}")


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
