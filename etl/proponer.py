"""Propone las cifras de un documento nuevo (.txt, .pdf con capa de texto, .html) para que una persona las revise.

Lee el texto, busca cada número escrito con `etl.numeros` (el mismo lector que comprueba las cifras), descarta
los que no son cifras (fechas, años, artículos, incisos, teléfonos, horas, URL, folios), le pone su calificador
tal como se escribe, su rango, su unidad y la cita verbatim más corta que los contiene, y sólo propone lo que
pasa la misma comprobación del ETL (`etl.documentos.comprobar_cifra`). No escribe nada: `etl.incorporar`
lleva a datos/crudos los renglones aceptados. Importarlo no tiene efectos (el tablero lo usa para su página).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .celdas import neutralizar
from .documentos import COLUMNAS_CIFRAS, COLUMNAS_DOCUMENTOS, comprobar_cifra
from .errores import ErrorDeEntrada
from .numeros import MESES, NumeroEscrito, fechas_en_texto, normalizar_espacios, numeros_escritos

LIMITE_MB = 15
LIMITE_BYTES = LIMITE_MB * 1024 * 1024
TIPOS = (".txt", ".pdf", ".html", ".htm")
COLUMNAS_PROPUESTA = ["aceptar", "confianza"] + [c for c in COLUMNAS_CIFRAS if c != "cifra_id"] + ["contexto"]
COLUMNAS_DOC_PROPUESTA = COLUMNAS_DOCUMENTOS + ["original"]
SI = {"si", "sí", "s", "x", "1", "true", "verdadero", "yes", "y"}

Progreso = Callable[[int, int], None]


PAGINAS_MAX = 300  # páginas de un PDF (un informe largo tiene 100-200)
CARACTERES_MAX = 2_000_000  # caracteres del texto extraído (unas 600 páginas)
PROFUNDIDAD_HTML_MAX = 200  # elementos anidados de un HTML (lxml no lee más de 255)


class DocumentoIlegible(ValueError):
    """El documento no se puede leer como texto (vacío, sin capa de texto, demasiado grande, codificación...).

    `clave` y `datos` permiten al tablero decir lo mismo en el idioma de quien lo subió (`tablero.textos`,
    «ileg_<clave>»); el mensaje en español es el de la línea de órdenes."""

    def __init__(self, mensaje: str, clave: str = "", **datos):
        super().__init__(mensaje)
        self.clave, self.datos = clave, datos


# ------------------------------------------------------------------------------------------------ lectura

@dataclass
class Texto:
    texto: str
    formato: str  # txt, pdf, html
    titulo: str = ""
    fecha: str = ""  # fecha de los metadatos (PDF/HTML), si la hay


def extraer(nombre: str, datos: bytes, progreso: Progreso | None = None, paginas_max: int = PAGINAS_MAX,
            caracteres_max: int = CARACTERES_MAX) -> Texto:
    """Texto de un documento a partir de sus bytes; DocumentoIlegible con un mensaje claro si no se puede.

    Cualquier error de las bibliotecas de lectura (pypdf, trafilatura) se vuelve DocumentoIlegible."""
    ext = Path(nombre).suffix.lower()
    if ext not in TIPOS:
        raise DocumentoIlegible(f"{nombre}: tipo {ext or 'sin extensión'} no admitido (se admiten {', '.join(TIPOS)})",
                                "tipo", ext=ext or "—", tipos=", ".join(TIPOS))
    if len(datos) > LIMITE_BYTES:
        mb = f"{len(datos) / 1024 / 1024:.1f}"
        raise DocumentoIlegible(f"{nombre}: pesa {mb} MB; el límite es {LIMITE_MB} MB", "peso", mb=mb, limite=LIMITE_MB)
    if not datos.strip():
        raise DocumentoIlegible(f"{nombre}: el archivo está vacío", "vacio")
    try:
        if ext == ".pdf":
            doc = _pdf(nombre, datos, progreso, paginas_max, caracteres_max)
        elif ext in (".html", ".htm"):
            doc = _html(nombre, datos)
        else:
            doc = Texto(_decodificar(nombre, datos), "txt")
    except (DocumentoIlegible, MemoryError):
        raise
    except Exception as e:  # noqa: BLE001 — un archivo hostil puede romper la biblioteca de cualquier forma
        raise DocumentoIlegible(f"{nombre}: no se puede leer ({type(e).__name__}: {str(e)[:200]})", "biblioteca",
                                error=type(e).__name__) from None
    if len(doc.texto) > caracteres_max:
        raise DocumentoIlegible(f"{nombre}: tiene más de {caracteres_max:,} caracteres de texto; divídalo en partes",
                                "caracteres", limite=caracteres_max)
    if not normalizar_espacios(doc.texto):
        raise DocumentoIlegible(f"{nombre}: no tiene texto", "sin_texto")
    return doc


def _utf16_sin_bom(datos: bytes) -> bool:
    """Texto UTF-16 sin marca de orden: casi todos los bytes pares (o impares) de la muestra son nulos."""
    muestra = datos[:4096]
    pares, impares = muestra[0::2], muestra[1::2]
    return len(muestra) >= 4 and (impares.count(0) >= 0.6 * len(impares) or pares.count(0) >= 0.6 * len(pares))


def _decodificar(nombre: str, datos: bytes) -> str:
    if datos.startswith((b"\xff\xfe", b"\xfe\xff")):
        texto = datos.decode("utf-16")
    else:
        try:
            texto = datos.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            if _utf16_sin_bom(datos):
                raise DocumentoIlegible(f"{nombre}: parece texto UTF-16 sin marca de orden (BOM). Vuelva a guardarlo como "
                                        "UTF-8", "utf16") from None
            raise DocumentoIlegible(
                f"{nombre}: codificación desconocida (no es UTF-8 ni UTF-16; byte 0x{datos[e.start]:02x} en la posición "
                f"{e.start}). Vuelva a guardarlo como UTF-8", "codificacion", byte=f"0x{datos[e.start]:02x}", posicion=e.start
            ) from None
    if "\x00" in texto:
        if _utf16_sin_bom(datos):
            raise DocumentoIlegible(f"{nombre}: parece texto UTF-16 sin marca de orden (BOM). Vuelva a guardarlo como UTF-8",
                                    "utf16")
        raise DocumentoIlegible(f"{nombre}: no es un archivo de texto (tiene bytes nulos)", "nulos")
    return texto


def _pdf(nombre: str, datos: bytes, progreso: Progreso | None, paginas_max: int = PAGINAS_MAX,
         caracteres_max: int = CARACTERES_MAX) -> Texto:
    import io

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    try:
        lector = PdfReader(io.BytesIO(datos))
        if lector.is_encrypted:
            raise DocumentoIlegible(f"{nombre}: el PDF está cifrado; guárdelo sin contraseña", "cifrado")
        declaradas = lector.trailer["/Root"]["/Pages"].get("/Count", 0)  # sin recorrer el árbol de páginas
        total = declaradas if isinstance(declaradas, int) and declaradas > paginas_max else len(lector.pages)
        if total > paginas_max:
            raise DocumentoIlegible(f"{nombre}: el PDF tiene {total:,} páginas; el límite es {paginas_max:,}. Divídalo en "
                                    "partes", "paginas", n=total, limite=paginas_max)
        paginas, largo = [], 0
        for n, pagina in enumerate(lector.pages, 1):
            paginas.append(pagina.extract_text() or "")
            largo += len(paginas[-1])
            if largo > caracteres_max:
                raise DocumentoIlegible(f"{nombre}: tiene más de {caracteres_max:,} caracteres de texto; divídalo en "
                                        "partes", "caracteres", limite=caracteres_max)
            if progreso:
                progreso(n, total)
        meta = lector.metadata or {}
    except LimitReachedError:
        raise DocumentoIlegible(f"{nombre}: el PDF tiene un contenido comprimido que se expande más allá de lo que se "
                                "admite (¿una «bomba» de compresión?)", "bomba") from None
    except PyPdfError as e:
        raise DocumentoIlegible(f"{nombre}: no se puede leer el PDF ({e})", "pdf", error=str(e)[:200]) from None
    texto = "\n\n".join(paginas)
    if len(normalizar_espacios(texto)) < 20:
        raise DocumentoIlegible(
            f"{nombre}: el PDF no tiene capa de texto (¿es un escaneo?). No se hace OCR: consiga la versión con texto "
            "o transcríbalo a un .txt", "escaneo"
        )
    titulo = str(meta.get("/Title") or "").strip()
    return Texto(texto, "pdf", titulo)


_VACIOS_HTML = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
                "p", "li", "td", "tr", "th", "option", "dt", "dd"}  # sin cierre (o con cierre opcional): no anidan


def _profundidad_html(crudo: str) -> int:
    """Cuántos elementos quedan abiertos a la vez como máximo (una pasada por las etiquetas)."""
    abiertos = maximo = 0
    for m in re.finditer(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>", crudo):
        if m.group(2).lower() in _VACIOS_HTML or m.group(3):
            continue
        abiertos = max(0, abiertos - 1) if m.group(1) else abiertos + 1
        maximo = max(maximo, abiertos)
    return maximo


def _html(nombre: str, datos: bytes) -> Texto:
    import trafilatura

    crudo = datos.decode("utf-8", errors="replace")
    profundidad = _profundidad_html(crudo)
    if profundidad > PROFUNDIDAD_HTML_MAX:
        raise DocumentoIlegible(f"{nombre}: la página anida {profundidad:,} elementos uno dentro de otro (se leen hasta "
                                f"{PROFUNDIDAD_HTML_MAX}); guarde el texto visible como .txt", "anidado",
                                n=profundidad, limite=PROFUNDIDAD_HTML_MAX)
    scripts = sum(len(m.group(0)) for m in re.finditer(r"(?is)<(script|style)\b.*?</\1\s*>", crudo))
    texto = trafilatura.extract(crudo, include_comments=False, include_tables=True, favor_recall=True) or ""
    if scripts > 0.5 * len(crudo) and len(texto) < 500:
        pct = scripts * 100 // max(1, len(crudo))
        raise DocumentoIlegible(
            f"{nombre}: la página es casi sólo scripts ({pct} % del archivo) y no tiene "
            "texto legible; guarde el texto visible (o la versión para imprimir) y vuelva a intentarlo", "scripts", pct=pct
        )
    if not texto.strip():
        raise DocumentoIlegible(f"{nombre}: la página no tiene texto legible; guarde el texto visible como .txt",
                                "html_vacio")
    meta = trafilatura.extract_metadata(crudo)
    titulo = (meta.title or "").strip() if meta else ""
    fecha = (meta.date or "").strip() if meta else ""
    return Texto(texto, "html", titulo, fecha)


# ------------------------------------------------------------------------------------------------ documento

_PALABRAS_ES = {"de", "la", "que", "el", "en", "los", "las", "del", "por", "para", "con", "una", "se", "su"}
_PALABRAS_EN = {"the", "of", "and", "to", "in", "for", "with", "that", "is", "on", "by", "are", "was", "from"}

# Instituciones que se reconocen en el texto: (patrón, nombre en español, nombre en inglés).
INSTITUCIONES = [
    (r"IMSS|Instituto Mexicano del Seguro Social|Mexican Social Security Institute", "Instituto Mexicano del Seguro Social (IMSS)", "Mexican Social Security Institute (IMSS)"),
    (r"COMAR|Comar|Comisión Mexicana de Ayuda a Refugiados|Mexican Commission for Refugee Assistance", "Comisión Mexicana de Ayuda a Refugiados (COMAR)", "Mexican Commission for Refugee Assistance (COMAR)"),
    (r"ACNUR|UNHCR|Alto Comisionado de las Naciones Unidas para los Refugiados", "ACNUR", "UNHCR"),
    (r"OIM|IOM|Organización Internacional para las Migraciones|International Organization for Migration", "Organización Internacional para las Migraciones (OIM)", "International Organization for Migration (IOM)"),
    (r"SRE|Secretaría de Relaciones Exteriores|Foreign Ministry|Ministry of Foreign Affairs|Cancillería", "Secretaría de Relaciones Exteriores (SRE)", "Ministry of Foreign Affairs (SRE)"),
    (r"SEGOB|Segob|Secretaría de Gobernación|Ministry of the Interior", "Secretaría de Gobernación (SEGOB)", "Ministry of the Interior (SEGOB)"),
    (r"INM|Instituto Nacional de Migración|National Institute of Migration|National Migration Institute", "Instituto Nacional de Migración (INM)", "National Migration Institute (INM)"),
    (r"UPMRIP|Unidad de Política Migratoria", "Unidad de Política Migratoria, Registro e Identidad de Personas (UPMRIP)", "Migration Policy, Registration and Identity Unit (UPMRIP)"),
    (r"INEGI|Inegi", "Instituto Nacional de Estadística y Geografía (INEGI)", "National Institute of Statistics and Geography (INEGI)"),
    (r"CBP|Customs and Border Protection", "Oficina de Aduanas y Protección Fronteriza de EE. UU. (CBP)", "U.S. Customs and Border Protection (CBP)"),
    (r"STPS|Secretaría del Trabajo|Ministry of Labor", "Secretaría del Trabajo y Previsión Social (STPS)", "Ministry of Labor and Social Welfare (STPS)"),
    (r"Banco Mundial|World Bank", "Banco Mundial", "World Bank"),
    (r"CISS|Conferencia Interamericana de Seguridad Social", "Conferencia Interamericana de Seguridad Social (CISS)", "Inter-American Conference on Social Security (CISS)"),
    (r"Banxico|Banco de México", "Banco de México (Banxico)", "Bank of Mexico (Banxico)"),
]
_INSTITUCIONES_RE = [(re.compile(rf"(?<!\w)(?:{p})(?!\w)"), es, en) for p, es, en in INSTITUCIONES]


def detectar_idioma(texto: str) -> str:
    palabras = re.findall(r"[a-záéíóúñü]+", texto[:20000].lower())
    es = sum(p in _PALABRAS_ES for p in palabras)
    en = sum(p in _PALABRAS_EN for p in palabras)
    return "en" if en > es else "es"


def detectar_convencion(texto: str) -> str:
    """Separadores del texto: miles con punto y decimales con coma (60.000; 3,6 %) o al revés (142,000; 2.3)."""
    punto = len(re.findall(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]?\d)", texto)) + len(re.findall(r"(?<![\d.,])\d+,\d{1,2}\s?(?:%|por ciento|millones|mil\b)", texto))
    coma = len(re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,]?\d)", texto)) + len(re.findall(r"(?<![\d.,])\d+\.\d{1,2}\s?(?:%|por ciento|millones|million|mil\b|mdd|mdp)", texto))
    return "punto_miles_coma_decimal" if punto > coma else "coma_miles_punto_decimal"


def _fecha_escrita(texto: str) -> tuple[str, str, str, str] | None:
    """(fecha, precisión, nota): la primera fecha de la entradilla o la portada (los primeros 20 renglones); si ahí
    no hay, la más reciente que escribe el documento, con una nota para que quien revisa la confirme."""
    lineas = [linea for linea in texto.splitlines() if linea.strip()]
    for linea in lineas[:20]:
        fechas = fechas_en_texto(linea)
        if fechas:
            mejor = max(sorted(fechas), key=len)
            return mejor, _PRECISION[len(mejor)], "", ""
    todas = fechas_en_texto(texto)
    if not todas:
        return None
    mejor = max(todas, key=lambda f: (f[:7], len(f), f))
    return (mejor, _PRECISION[len(mejor)], "Fecha más reciente escrita en el documento (no está al inicio): confírmela.",
            "Latest date written in the document (not at the start): confirm it.")


_PRECISION = {10: "dia", 7: "mes", 4: "anio"}


def _titulo(texto: str) -> str:
    for linea in texto.splitlines():
        limpia = normalizar_espacios(re.sub(r"^[\s#*\->•]+|[*#]+$", "", linea)).strip("* ")
        if len(limpia) > 15:
            return limpia[:300]
    return ""


def institucion_principal(texto: str) -> tuple[str, str]:
    cuenta = [(len(r.findall(texto)), es, en) for r, es, en in _INSTITUCIONES_RE]
    n, es, en = max(cuenta, key=lambda c: c[0])
    return (es, en) if n else ("", "")


def _tipo(texto: str, formato: str) -> str:
    inicio = texto[:3000].lower()
    for clave, tipo in (("boletín", "boletin"), ("bulletin", "boletin"), ("informe", "informe"), ("report", "informe"),
                        ("comunicado", "comunicado"), ("press release", "comunicado")):
        if clave in inicio:
            return tipo
    return "comunicado"


PATRON_ID = re.compile(r"\d{3,}_[0-9a-z][0-9a-z_-]{0,59}")
DESCRIPCION_ID = "tres cifras o más, un guion bajo y letras minúsculas sin acento, cifras, _ o - (p. ej. 005_1a2b3c4d5e6f7a8b)"


def id_valido(doc_id: str) -> bool:
    """Un documento_id sencillo (el que arma `documento_id`): sirve de nombre de archivo sin salir de su carpeta."""
    return isinstance(doc_id, str) and PATRON_ID.fullmatch(doc_id) is not None


def documento_id(datos: bytes, existentes: list[str]) -> str:
    """«NNN_huella»: el número que sigue a los del catálogo y 16 cifras hex del SHA-256 del archivo."""
    numeros = [int(m.group(1)) for d in existentes if (m := re.match(r"(\d+)_", d))]
    return f"{max(numeros, default=-1) + 1:03d}_{hashlib.sha256(datos).hexdigest()[:16]}"


def proponer_documento(doc: Texto, doc_id: str, nombre: str, idioma: str, convencion: str) -> dict:
    """El renglón de documentos.csv que se propone: título, institución, fecha tal como se escribe (o inferida)."""
    inst_es, inst_en = institucion_principal(doc.texto)
    fecha = _fecha_escrita(doc.texto)
    if fecha:
        publicacion, precision, nota, nota_en = fecha
        inferida = "no"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.fecha[:10]):
        publicacion, precision, inferida = doc.fecha[:10], "dia", "si"
        nota = "Fecha tomada de los metadatos del archivo; el texto no la escribe."
        nota_en = "Date taken from the file's metadata; the text does not write it."
    else:
        publicacion, precision, inferida = "", "dia", "si"
        nota = "El texto no escribe la fecha de publicación: escríbala y explique de dónde sale."
        nota_en = "The text does not write its publication date: write it and explain where it comes from."
    titulo = doc.titulo or _titulo(doc.texto)
    return {
        "documento_id": doc_id, "archivo": f"{doc_id}.txt", "titulo": titulo, "titulo_en": titulo if idioma == "en" else "",
        "institucion": inst_es, "institucion_en": inst_en, "fecha_publicacion": publicacion, "fecha_precision": precision,
        "fecha_inferida": inferida, "fecha_nota": nota, "fecha_nota_en": nota_en, "idioma": idioma, "tipo": _tipo(doc.texto, doc.formato), "url": "",
        "formato_numerico": convencion, "original": nombre,
    }


# ------------------------------------------------------------------------------------------------ cifras

_MES_RE = "|".join(sorted(MESES, key=len, reverse=True))
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")
# Palabras que, justo antes, hacen del número una etiqueta y no una cifra: artículo 3, Group 1, página 12...
_ETIQUETAS = re.compile(
    r"(?<!\w)(?:art[íi]culos?|art\.|fracci[óo]n|p[áa]gina|p[áa]g\.|p\.|pp\.|n[úu]m\.|n[úu]mero|no\.|nº|ley|grupo|group|"
    r"cap[íi]tulo|secci[óo]n|section|page|article|chapter|punto|resolutivo|inciso|tabla|table|cuadro|figura|figure|"
    r"objetivos?|objective|art[íi]culos|numerales?|incisos|p[áa]ginas|pages|mesa|ods|principio|eje|pilar|"
    r"anexo|annex|nota|note|ref\.|oficio|expediente|folio|tel\.?|tel[ée]fono|phone|fax|ext\.|c\.p\.|cp|versi[óo]n|"
    r"fase|phase|etapa|tomo|vol\.|volumen|edici[óo]n|sesi[óo]n|session|paso|step|objetivo|meta|goal|ods|sdg|"
    r"calle|avenida|av\.|no|n°)\s*$",
    re.IGNORECASE,
)
_HORA_DESPUES = re.compile(r"^(?::\d|\s?(?:h\b|hrs\b|a\.\s?m\.|p\.\s?m\.|am\b|pm\b))", re.IGNORECASE)
_CALIFICADORES = [  # (patrón antes del número, calificador)
    (r"m[áa]s\s+del?|more\s+than|over|arriba\s+del?|por\s+encima\s+del?|upwards\s+of", "mas_de"),
    (r"superando(?:\s+(?:los|las))?|super[óo](?:\s+(?:los|las))?|superior(?:es)?\s+a|exceeding|surpassing|above", "superior_a"),
    (r"casi|nearly|almost|cerca\s+de\s+llegar\s+a", "casi"),
    (r"alrededor\s+del?|cerca\s+del?|unos|unas|about|around|some|close\s+to", "alrededor_de"),
    (r"aproximadamente|aprox\.|approximately|roughly|an\s+estimated|estimated", "aproximadamente"),
    (r"al\s+menos|por\s+lo\s+menos|como\s+m[íi]nimo|at\s+least|a\s+minimum\s+of", "al_menos"),
    (r"hasta|up\s+to|uno\s+de\s+los|una\s+de\s+las|one\s+of\s+the", "hasta"),
    (r"menos\s+del?|less\s+than|fewer\s+than|under|por\s+debajo\s+del?|below", "menos_de"),
]
# Entre el calificador y el número puede ir un artículo o una preposición: «aproximadamente a 150», «casi con 60.000».
_CALIF_ANTES = [(re.compile(rf"(?<!\w)({p})\s+(?:(?:los|las|the|a|con|en)\s+)?$", re.IGNORECASE), c) for p, c in _CALIFICADORES]
_CALIF_DESPUES = [(re.compile(r"^\s(o\s+más|or\s+more)(?!\w)", re.IGNORECASE), "al_menos"),
                  (re.compile(r"^\s(o\s+menos|or\s+less)(?!\w)", re.IGNORECASE), "hasta")]
_RANGO_ANTES = re.compile(r"(?<!\w)(entre|de|desde|between|from)\s+(?:(?:los|las|the)\s+)?$", re.IGNORECASE)
_RANGO_ENTRE = re.compile(r"\s(?:y|e|a|al|hasta|and|to)\s|\s?[-–—]\s?", re.IGNORECASE)
# Sustantivo de unidad → unidad del catálogo (sin acentos, minúsculas; plural o singular). Cada unidad tiene su
# etiqueta en catalogos/etiquetas.csv; un sustantivo que no está aquí deja la unidad a quien revisa.
UNIDADES = {
    "personas": "personas persona representantes participantes asistentes delegados delegadas funcionarios funcionarias migrantes migrante refugiados refugiadas refugiado trabajadores trabajadoras mexicanos "
                "mexicanas extranjeros extranjeras solicitantes ninas ninos nna adolescentes mujeres hombres familias "
                "beneficiarios habitantes people persons migrants refugees workers individuals nationals children women "
                "men applicants asylum-seekers residents",
    "empresas": "empresas empresa companies company firms employers empleadores",
    "vacantes": "vacantes vacante plazas empleos vacancies openings jobs",
    "votos": "votos voto votes ballots",
    "dolares": "dolares dolar dollars usd mdd mmdd",
    "pesos": "pesos mdp mmdp",
    "dias": "dias dia days",
    "años": "anos years",
    "horas": "horas hours",
    "paises": "paises pais countries country naciones nations estados",
    "centros": "centros centro espacios albergues cim centers centres shelters",
    "mesas": "mesas",
    "grupos": "grupos groups",
    "conferencias": "conferencias conferences",
    "medidas": "medidas measures",
    "encuentros": "encuentros encounters",
    "cinturones": "cinturones belts",
    "sesiones": "sesiones sessions",
    "organizaciones": "organizaciones organizations organisations",
    "compromisos": "compromisos commitments",
    "solicitudes": "solicitudes applications claims",
    "eventos": "eventos events",
    "unidad": "unidades units",
    "acciones": "acciones actions",
    "ciudades": "ciudades municipios cities",
}
_UNIDAD_DE = {p: u for u, ps in UNIDADES.items() for p in ps.split()}
_CORTES_EN = {"in", "for", "to", "of", "and", "with", "at", "from", "by", "that", "who", "which", "are", "were", "have",
              "has", "is", "was", "will", "during", "per", "on", "into", "since", "under", "between", "or", "as", "be"}
# Lo que sigue a un número y no es su sustantivo: preposiciones, conjunciones y verbos frecuentes.
_NO_SUSTANTIVOS = {"que", "en", "para", "por", "con", "y", "a", "in", "for", "to", "and", "with", "se", "es", "son", "fue",
                   "han", "was", "were", "have", "has", "are", "is", "sobre", "entre", "desde", "hacia", "segun", "durante",
                   "contra", "mediante", "bajo", "tras", "sin", "como", "del", "al", "o", "u", "e", "ni", "pero", "the",
                   "on", "at", "by", "from", "as", "or", "than"}
_VACIAS = {"de", "del", "of", "las", "los", "la", "el", "the", "nuevas", "nuevos", "nueva", "nuevo", "new", "additional",
           "adicionales", "otras", "otros", "other", "mas", "more"}


def _plano(palabra: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", palabra.lower()) if unicodedata.category(c) != "Mn")


@dataclass
class Candidata:
    numeros: list[NumeroEscrito]
    inicio: int
    fin: int
    calificador: str = "exacto"
    calificador_texto: str = ""
    unidad: str = ""
    unidad_texto: str = ""
    extra: dict = field(default_factory=dict)


# Lo que se mira antes y después de un número: una ventana fija, para que un renglón de megabytes se lea en tiempo
# lineal (cada expresión anclada al final de `antes` recorría todo el renglón por cada número).
VENTANA = 100


def _urls(linea: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(linea)]


def _en_url(urls: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(urls, (pos, float("inf"))) - 1
    return i >= 0 and urls[i][0] <= pos < urls[i][1]


def _es_cifra(linea: str, h: NumeroEscrito, siguiente: NumeroEscrito | None,
              urls: list[tuple[int, int]] | None = None) -> bool:
    """Falso para lo que se escribe con números pero no es una cifra: fechas, años, etiquetas, horas, folios, URL."""
    al_inicio = h.inicio <= VENTANA  # `antes` es todo lo que precede al número en el renglón
    antes, despues = linea[max(0, h.inicio - VENTANA):h.inicio], linea[h.fin:h.fin + VENTANA]
    digitos = h.texto[:1].isdigit()
    if _en_url(_urls(linea) if urls is None else urls, h.inicio):
        return False
    if digitos and re.fullmatch(r"\d{4}", h.texto) and 1900 <= h.solo <= 2100:
        return False  # año (un conteo de cuatro cifras sin separador se escribiría con separador de miles)
    if digitos and re.fullmatch(r"\d{5,}", h.texto):
        return False  # folio o clave: un conteo de cinco cifras o más lleva separador de miles
    if digitos and re.fullmatch(r"0\d+", h.texto):
        return False  # «0011»: clave con ceros a la izquierda
    if digitos and re.fullmatch(r"\d{1,2}", h.texto) and (
        re.match(rf"\s*(?:(?:y|al|a|-|–|and|to)\s*\d{{1,2}}\s+)?(?:de\s+|of\s+)?(?:{_MES_RE}|{_MES_ABREV})(?!\w)",
                 despues, re.IGNORECASE)
        or re.search(rf"(?<!\w)(?:{_MES_RE}|{_MES_ABREV})\.?\s+$", antes, re.IGNORECASE)
    ):
        return False  # día del mes: «21 de marzo», «27 y 28 septiembre», «7 de sept», «March 21»
    if digitos and (re.search(r"[\w][/\-–_#:.]$|[/#:°º]$|<sup>$|\^$|\(\s*$", antes) and not re.search(r"[$]$", antes)):
        if not (antes.endswith("(") and re.match(r"\s*\w", despues)):
            return False  # folio, clave, referencia o nota: «MHD/0236», «DEP-0615», «17/abr», «(1)»
    if digitos and re.match(r"[/\-–:]\d|/\w|[ªº°]|\.[º°]", despues):
        return False  # fecha 17/04/24, hora 07:15, ordinal 9ª
    if digitos and re.match(r"[^\W\d_]", despues) and not re.match(r"(?:mdd|mdp|mmdd|mmdp)\b", despues, re.IGNORECASE):
        return False  # «11th», «1er», «2do»
    if _HORA_DESPUES.match(despues) or re.search(r"(?<!\w)(?:a\s+las|at)\s+$", antes, re.IGNORECASE):
        return False
    if digitos and al_inicio and re.fullmatch(r"[\s\-*•#>]*", antes) and re.match(r"[.)]\s|[.)]$|\)", despues):
        return False  # viñeta numerada «1.», «- 1)»
    if digitos and re.match(r"\s?:", despues):
        return False  # rótulo «Mesa 1:», «Objetivo 3:»
    if digitos and re.search(r"[”\"’»)]$", antes):
        return False  # llamada de nota pegada al texto: «“Patria Grande”17»
    if digitos and re.fullmatch(r"\d{1,3}", h.texto) and al_inicio and re.fullmatch(r"[\s\-*•#>✓]*", antes) and re.match(
            r"\s+[A-ZÁÉÍÓÚÑ]", despues) and not _sigue_unidad(despues):
        return False  # nota al pie o encabezado numerado al inicio del renglón: «4 Disponible en:», «7 REDUCIR»
    if digitos and re.fullmatch(r"\d{1,3}", h.texto) and h.fin + VENTANA >= len(linea) and re.fullmatch(r"[.\s]*", despues) \
            and _mayusculas(antes):
        return False  # página de un índice: «INTRODUCCIÓN 4»
    if digitos and _ETIQUETAS.search(_SERIE.sub("", antes)) and not _sigue_unidad(despues):
        return False  # «sesión 11», «artículo 13»; pero «la sesión 181 representantes» es una cifra
    if digitos and re.search(r"\d[\s-]$", antes) or re.match(r"[\s-]\d{3,4}(?!\d)", despues) and digitos and siguiente is None:
        return False  # teléfono en grupos «55 3600 1234»
    return True


_SERIE = re.compile(r"(?:\d+\s*(?:,|y|e|and|&)\s*)+$")  # «objetivos 9, 10 y 11»: la etiqueta vale para la serie
_MES_ABREV = r"ene|feb|mar|abr|jun|jul|ago|sept?|oct|nov|dic|jan|apr|aug|dec"


def _mayusculas(texto: str) -> bool:
    letras = [c for c in texto if c.isalpha()]
    return len(letras) >= 4 and sum(c.isupper() for c in letras) >= 0.8 * len(letras)


def _sigue_unidad(despues: str) -> bool:
    m = re.match(r"\s+([^\W\d_]+)", despues)
    return bool(m) and _plano(m.group(1)) in _UNIDAD_DE


_PALABRA_SIGUE = re.compile(r"\s+([^\W\d_][\w\-]*)")


def _unidad(linea: str, fin: int, idioma: str) -> tuple[str, str, int]:
    """(unidad del catálogo, sustantivo tal como se escribe, fin del sustantivo) de lo que sigue al número."""
    pos = fin
    for _ in range(4):
        m = _PALABRA_SIGUE.match(linea, pos)
        if not m:
            return "", "", fin
        palabra = m.group(1)
        pos = m.end()
        plano = _plano(palabra)
        if plano in _VACIAS:
            continue
        if plano in _UNIDAD_DE:
            return _UNIDAD_DE[plano], palabra, pos
        if idioma == "en":  # en inglés el sustantivo va al final de sus modificadores: «job openings», «mobile health units»
            frase, fin_frase, ultimo, fin_ultimo = palabra, pos, plano, pos
            for _ in range(2):
                if plano in _UNIDAD_DE:
                    break
                m2 = _PALABRA_SIGUE.match(linea, fin_frase)
                if not m2 or _plano(m2.group(1)) in _CORTES_EN:
                    break
                fin_frase, frase = m2.end(), f"{frase} {m2.group(1)}"
                plano = ultimo = _plano(m2.group(1))
                fin_ultimo = fin_frase
            if plano in _UNIDAD_DE:
                return _UNIDAD_DE[plano], frase, fin_frase
            if ultimo not in _CORTES_EN and len(ultimo) >= 3:
                return "", frase, fin_ultimo
        if len(palabra) < 3 or re.fullmatch(r"[A-ZÁÉÍÓÚÑ]{2,}\w*", palabra) or plano in _NO_SUSTANTIVOS:
            return "", "", fin
        return "", palabra, pos  # un sustantivo sin unidad conocida: la cita lo incluye, la unidad la decide quien revisa
    return "", "", fin


def _monetaria(linea: str, inicio: int, numero: NumeroEscrito, idioma: str) -> str:
    antes = linea[max(0, inicio - 6):inicio]
    t = numero.texto.lower()
    if t.endswith(("mdd", "mmdd")) or re.search(r"(?:us\s?\\?\$|usd\s?)$", antes, re.IGNORECASE):
        return "dolares"
    if t.endswith(("mdp", "mmdp")) or re.search(r"mxn\s?\\?\$?$", antes, re.IGNORECASE):
        return "pesos"
    if re.search(r"\$$", antes):
        siguen = linea[numero.fin:numero.fin + 30]
        if idioma == "en" or re.search(r"\b(?:usd|dólares|dollars)\b", siguen, re.IGNORECASE):
            return "dolares"  # «$» en un texto en inglés es dólar; en uno en español, sólo si lo dice
        return "pesos" if "pesos" in siguen else "moneda_no_especificada"
    return ""


def candidatas_de_linea(linea: str, idioma: str, convencion: str) -> list[Candidata]:
    """Las cifras de un renglón (con espacios normalizados), con calificador, rango, unidad y extensión de su cita."""
    numeros = numeros_escritos(linea, convencion, idioma)
    urls = _urls(linea)
    salida: list[Candidata] = []
    usados: set[int] = set()
    for k, h in enumerate(numeros):
        if k in usados:
            continue
        sig = numeros[k + 1] if k + 1 < len(numeros) else None
        if not _es_cifra(linea, h, sig, urls):
            continue
        antes = linea[max(0, h.inicio - VENTANA):h.inicio]
        base = h.inicio - len(antes)  # posición de `antes` en el renglón
        despues = linea[h.fin:h.fin + VENTANA]
        # Rango: «entre 1.2 y 1.6 millones», «de 1 a 2.5 millones», «between 10 and 20 percent», «10–20».
        if sig and _RANGO_ENTRE.fullmatch(linea[h.fin:sig.inicio]) and _es_cifra(linea, sig, None, urls) and h.valor < sig.valor:
            m = _RANGO_ANTES.search(antes)
            guion = linea[h.fin:sig.inicio].strip() in "-–—"
            if m or guion:
                usados.add(k + 1)
                c = Candidata([h, sig], base + m.start(1) if m else h.inicio, sig.fin, "rango", m.group(1) if m else "")
                salida.append(c)
                continue
        c = Candidata([h], h.inicio, h.fin)
        c.extra["de_n"] = bool(re.match(r"\s+(?:de|of)\s+\d", despues, re.IGNORECASE))  # «22 de 39 compromisos»
        if h.hereda_de and sig is not None:  # «cuatro de las 12 millones»: la cita llega al multiplicador
            c.fin = sig.fin
        moneda_antes = re.search(r"(?:US|MXN|USD\s?)?\\?\$\s?$", antes, re.IGNORECASE)  # «más de $40 millones»
        sin_moneda = antes[:moneda_antes.start()] if moneda_antes else antes
        for patron, calif in _CALIF_ANTES:
            m = patron.search(sin_moneda)
            if m:
                c.calificador, c.calificador_texto, c.inicio = calif, m.group(1), base + m.start(1)
                break
        else:
            for patron, calif in _CALIF_DESPUES:
                m = patron.match(despues)
                if m:
                    c.calificador, c.calificador_texto, c.fin = calif, m.group(1), h.fin + m.end()
                    break
        salida.append(c)
    for c in salida:
        ultimo = c.numeros[-1]
        moneda = _monetaria(linea, c.numeros[0].inicio, ultimo, idioma)
        if moneda:
            ini = c.numeros[0].inicio
            m = re.search(r"(?:US|MXN|USD\s?)?\\?\$\s?$", linea[max(0, ini - 12):ini], re.IGNORECASE)
            if m and c.inicio > max(0, ini - 12) + m.start():
                c.inicio = max(0, ini - 12) + m.start()
        unidad, texto_unidad, fin = _unidad(linea, max(c.fin, ultimo.fin), idioma)
        if ultimo.texto.endswith("%") or re.search(r"por ciento|percent|per cent", ultimo.texto, re.IGNORECASE):
            unidad, texto_unidad = "porcentaje", ""
        elif not ultimo.texto[:1].isdigit() and 0 < ultimo.solo < 1:  # «dos terceras partes», «half»
            unidad, texto_unidad = "proporcion", ""
        elif moneda:
            if unidad in ("pesos", "dolares"):
                c.fin = max(c.fin, fin)
            unidad = unidad if unidad in ("pesos", "dolares") else moneda
        elif texto_unidad:
            c.fin = max(c.fin, fin)
        c.unidad, c.unidad_texto = unidad, texto_unidad
    return salida


_VINETA = re.compile(r"^\s*(?:[-*•>#]+\s*)?(?:\d+[.)]|[a-z][.)])\s")


def renglones_logicos(texto: str) -> list[str]:
    """Renglones de texto con los cortes de línea a media oración unidos (texto con ajuste de línea duro):
    un renglón sigue al anterior si empieza en minúscula, o con un número que no es viñeta después de un
    renglón que no cerró la oración."""
    salida: list[str] = []
    for linea in texto.splitlines():
        limpia = linea.strip()
        previo = salida[-1].rstrip() if salida else ""
        continua = previo and limpia and not _VINETA.match(linea) and (
            limpia[0].islower() or (limpia[0].isdigit() and previo[-1:].isalpha() and previo[-1:].islower()
                                    and not re.match(r"\d+\s+[A-ZÁÉÍÓÚÑ]", limpia))
            or (previo[-1:].isalpha() and previo[-1:].islower() and limpia[0] in "$(«\"“"))
        if continua:
            salida[-1] = f"{previo} {limpia}"
        else:
            salida.append(linea)
    return salida


def _debil(c: Candidata) -> bool:
    """Un entero de una o dos cifras sin calificador ni sustantivo detrás («el 16 sobre…», «… origen 3.») suele ser
    un número de lista, de objetivo o de nota: no se propone."""
    h = c.numeros[0]
    return (c.calificador == "exacto" and not c.unidad_texto and not c.extra.get("de_n") and c.unidad not in ("porcentaje", "dolares", "pesos")
            and re.fullmatch(r"\d{1,2}", h.texto) is not None and h.factor == 1)


def _oraciones(linea: str) -> list[tuple[int, int]]:
    cortes = [0] + [m.end() for m in re.finditer(r"(?<=[.!?;])\s+(?=[\"“¿¡(]?[A-ZÁÉÍÓÚÑ])", linea)] + [len(linea)]
    return list(zip(cortes, cortes[1:]))


ORACION_MAX = 300  # caracteres de la oración a cada lado de la cita (una «oración» de megabytes no se recorre entera)


def _recorte(linea: str, a: int, b: int, inicio: int, fin: int) -> tuple[int, int]:
    """La oración [a, b) de la cita [inicio, fin), recortada a ORACION_MAX caracteres de cada lado en un espacio."""
    if inicio - a > ORACION_MAX:
        corte = linea.find(" ", inicio - ORACION_MAX, inicio)
        a = corte + 1 if corte >= 0 else inicio - ORACION_MAX
    if b - fin > ORACION_MAX:
        corte = linea.rfind(" ", fin, fin + ORACION_MAX)
        b = corte if corte >= 0 else fin + ORACION_MAX
    return a, b


def _periodo(oracion: str, excluir: tuple[int, int]) -> str:
    anios = [m for m in re.finditer(r"(?<![\d.,/])(19[5-9]\d|20\d\d)(?![\d.,/])", oracion)
             if not (excluir[0] <= m.start() < excluir[1])]
    if not anios:
        return ""
    for a, b in zip(anios, anios[1:]):
        if re.fullmatch(r"\s(?:a|al|y|to|and|-|–)\s|\s?[-–]\s?", oracion[a.end():b.start()]):
            return f"{a.group(1)}–{b.group(1)}"
    return anios[0].group(1)


@functools.lru_cache(maxsize=4)
def _geografias(crudos: str | None) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """Una sola expresión con los lugares (regiones y países del catálogo) y el nombre es/en de cada forma escrita."""
    lista = [("Estados Unidos|EE\\.\\s?UU\\.|EUA|United States|U\\.S\\.", "Estados Unidos", "United States"),
             ("América del Norte|North America", "América del Norte", "North America"),
             ("América Latina y el Caribe|Latin America and the Caribbean", "América Latina y el Caribe", "Latin America and the Caribbean"),
             ("Centroamérica|Central America", "Centroamérica", "Central America")]
    ruta = Path(crudos) / "catalogos" / "paises.csv" if crudos else None
    if ruta is not None and ruta.exists():
        paises = pd.read_csv(ruta, dtype=str, keep_default_na=False)
        for es, en in zip(paises["nombre_es"], paises["nombre_en"]):
            if es and en and es != "México" and len(es) > 3:
                lista.append((f"{re.escape(es)}|{re.escape(en)}", es, en))
    grupos = {f"g{n}": (es, en) for n, (_, es, en) in enumerate(lista)}
    patron = "|".join(f"(?P<g{n}>{p})" for n, (p, _, _) in enumerate(lista))
    return re.compile(rf"(?<!\w)(?:{patron})(?!\w)"), grupos


def _lugares(oracion: str, crudos: Path | None) -> set[tuple[str, str]]:
    patron, grupos = _geografias(str(crudos) if crudos else None)
    return {grupos[m.lastgroup] for m in patron.finditer(oracion) if m.lastgroup}


class _Indicadores:
    """Nombres del catálogo de indicadores, preparados una vez por documento para rapidfuzz."""

    def __init__(self, indicadores: pd.DataFrame | None):
        self.vacio = indicadores is None or indicadores.empty
        if self.vacio:
            return
        ids = indicadores["indicador_id"].astype(str).tolist()
        nombres = (indicadores["nombre_es"].fillna("") + " " + indicadores["nombre_en"].fillna("")).str.lower().tolist()
        unidades = indicadores["unidad"].astype(str).tolist()
        self.todos = (ids, nombres)
        self.por_unidad: dict[str, tuple[list[str], list[str]]] = {}
        for i, n, u in zip(ids, nombres, unidades):
            grupo = self.por_unidad.setdefault(u, ([], []))
            grupo[0].append(i)
            grupo[1].append(n)
        self.unidad = dict(zip(ids, unidades))

    def sugerir(self, contexto: str, unidad: str) -> tuple[str, float]:
        """El indicador más parecido a la oración (rapidfuzz), preferido entre los de la misma unidad."""
        if self.vacio:
            return "", 0.0
        from rapidfuzz import fuzz, process

        ids, nombres = self.por_unidad.get(unidad, self.todos)
        mejor = process.extractOne(contexto.lower(), nombres, scorer=fuzz.token_set_ratio)
        return (ids[mejor[2]], float(mejor[1])) if mejor else ("", 0.0)


def sugerir_indicador(contexto: str, unidad: str, indicadores: pd.DataFrame | None) -> tuple[str, float]:
    return _Indicadores(indicadores).sugerir(contexto, unidad)


def _confianza(c: Candidata, score: float) -> float:
    h = c.numeros[0]
    p = 0.35
    p += 0.2 if c.unidad_texto or c.unidad in ("porcentaje", "dolares", "pesos") else 0
    p += 0.15 if c.calificador != "exacto" else 0
    p += 0.15 if (h.factor != 1 or not h.texto[:1].isdigit() or re.search(r"\d[.,]\d", h.texto) or h.solo >= 100) else 0
    p += 0.15 * score / 100
    return round(min(1.0, p), 2)


@dataclass
class Propuesta:
    cifras: pd.DataFrame
    documento: dict
    texto: str
    descartadas: list[str] = field(default_factory=list)


def proponer_texto(doc: Texto, nombre: str, doc_id: str, indicadores: pd.DataFrame | None = None,
                   crudos: Path | None = None, progreso: Progreso | None = None) -> Propuesta:
    """Cifras propuestas (columnas de cifras.csv, más `confianza`, `contexto` y `aceptar` vacío) y renglón del documento."""
    texto = doc.texto
    idioma = detectar_idioma(texto)
    convencion = detectar_convencion(texto)
    fila_doc = proponer_documento(doc, doc_id, nombre, idioma, convencion)
    catalogo = _Indicadores(indicadores)
    filas, vistas, descartadas = [], set(), []
    # Un PDF parte los párrafos en renglones visuales: ahí la unidad es el párrafo (o la página), no el renglón.
    lineas = re.split(r"\n\s*\n", texto) if doc.formato == "pdf" else renglones_logicos(texto)
    for n, crudo in enumerate(lineas, 1):
        if progreso and (n % 50 == 0 or n == len(lineas)):
            progreso(n, len(lineas))
        linea = normalizar_espacios(crudo)
        if not linea or not re.search(r"\d|[^\W\d_]{3,}", linea):
            continue
        oraciones = _oraciones(linea)
        inicios = [a for a, _ in oraciones]
        for c in candidatas_de_linea(linea, idioma, convencion):
            if _debil(c):
                continue
            cita = linea[c.inicio:c.fin].strip(" ,;:")
            a, b = oraciones[max(0, bisect.bisect_right(inicios, c.inicio) - 1)]
            o_ini, o_fin = _recorte(linea, a, b, c.inicio, c.fin)
            oracion = linea[o_ini:o_fin]
            h = c.numeros[0]
            rango = c.calificador == "rango"
            periodo = _periodo(oracion, (c.inicio - o_ini, c.fin - o_ini))
            lugares = _lugares(oracion, crudos)
            geo = lugares.pop() if len(lugares) == 1 else ("México", "Mexico")  # varios lugares: lo decide quien revisa
            inst = next(((es, en) for r, es, en in _INSTITUCIONES_RE if r.search(oracion)),
                        (fila_doc["institucion"], fila_doc["institucion_en"]))
            ind, score = catalogo.sugerir(oracion, c.unidad)
            if not c.unidad and ind and score >= 70:  # sin sustantivo: la unidad del indicador sugerido
                c.unidad = catalogo.unidad[ind]
            c.unidad = c.unidad or "unidad"
            fila = {
                "aceptar": "", "confianza": _confianza(c, score), "indicador_id": ind, "documento_id": doc_id,
                "valor": "" if rango else _numero(h.valor), "valor_min": _numero(h.valor) if rango else "",
                "valor_max": _numero(c.numeros[1].valor) if rango else "",
                "valor_texto": "" if rango else h.texto, "valor_min_texto": h.texto if rango else "",
                "valor_max_texto": c.numeros[1].texto if rango else "", "unidad": c.unidad,
                "calificador": c.calificador, "calificador_texto": c.calificador_texto,
                "periodo": periodo, "periodo_en": periodo, "periodo_inicio": "", "periodo_fin": "",
                "geografia": geo[0], "geografia_en": geo[1], "institucion_fuente": inst[0] or "",
                "institucion_fuente_en": inst[1] or "", "cita": cita, "titular": "0", "nota": "", "nota_en": "",
                "nacionalidad": "", "sexo": "", "grupo_edad": "", "contexto": oracion,
            }
            clave = (fila["valor"], fila["valor_min"], fila["valor_max"], cita)
            if clave in vistas:
                continue
            try:
                # Contra su renglón (que está entero en el documento): buscar cada cita en todo el texto era
                # cuadrático; `etl incorporar` la vuelve a comprobar contra el documento completo.
                comprobar_cifra(fila, _f(fila["valor"]), _f(fila["valor_min"]), _f(fila["valor_max"]), linea,
                                convencion, idioma, "propuestas.csv", len(filas) + 2)
            except ErrorDeEntrada as e:
                descartadas.append(f"«{cita}»: {e}")
                continue
            vistas.add(clave)
            filas.append(fila)
    return Propuesta(pd.DataFrame(filas, columns=COLUMNAS_PROPUESTA), fila_doc, texto, descartadas)


def _numero(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _f(v: str) -> float | None:
    return float(v) if str(v).strip() else None


def leer_catalogo(crudos: Path) -> tuple[pd.DataFrame | None, list[str]]:
    """Indicadores y documento_id ya usados, de datos/crudos (sólo lectura)."""
    inds = docs = None
    if (crudos / "indicadores.csv").exists():
        inds = pd.read_csv(crudos / "indicadores.csv", dtype=str, keep_default_na=False)
    if (crudos / "documentos.csv").exists():
        docs = pd.read_csv(crudos / "documentos.csv", dtype=str, keep_default_na=False)
    return inds, ([] if docs is None else docs["documento_id"].tolist())


def proponer(nombre: str, datos: bytes, crudos: Path | None = None, doc_id: str | None = None,
             indicadores: pd.DataFrame | None = None, existentes: list[str] | None = None,
             progreso: Progreso | None = None, paginas_max: int = PAGINAS_MAX,
             caracteres_max: int = CARACTERES_MAX) -> Propuesta:
    """Propuesta completa para un documento dado por su nombre y sus bytes (no escribe nada).

    Corre en el proceso que la llama, sin límite de tiempo: para un documento que llega de fuera, use
    `etl.acotado.proponer_acotado` (proceso hijo con límites de CPU, memoria y tiempo)."""
    if doc_id is not None and not id_valido(doc_id):
        raise DocumentoIlegible(f"documento_id {doc_id!r} no es válido: {DESCRIPCION_ID}", "id")
    if crudos is not None and (indicadores is None or existentes is None):
        inds, ids = leer_catalogo(crudos)
        indicadores = inds if indicadores is None else indicadores
        existentes = ids if existentes is None else existentes
    doc = extraer(nombre, datos, progreso, paginas_max, caracteres_max)
    doc_id = doc_id or documento_id(datos, existentes or [])
    return proponer_texto(doc, nombre, doc_id, indicadores, crudos, progreso)


def a_csv(tabla: pd.DataFrame) -> bytes:
    """CSV de propuestas: el texto que una hoja de cálculo ejecutaría (= + - @ al inicio) lleva un apóstrofo."""
    return tabla.map(neutralizar).to_csv(index=False, lineterminator="\n").encode("utf-8")


def ruta_documento(salida: Path) -> Path:
    """Dónde va el renglón propuesto para documentos.csv: junto a las propuestas (`propuestas.documento.csv`)."""
    return salida.with_name(f"{salida.stem}.documento.csv")
