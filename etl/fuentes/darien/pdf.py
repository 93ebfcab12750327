"""La tabla «Irregulares en tránsito por Darién» tal como la publica Migración Panamá (SNM): un PDF acumulado del año.

Diseño (lo que se sabe, ver etl/fuentes/darien/__init__.py): una página con un renglón de encabezado que empieza con
«País» seguido de los doce meses abreviados (ene … dic) y «Total»; un renglón por nacionalidad (nombres de varias
palabras, llamadas de nota «(1)» pegadas, separador de miles), «Otros», «Total» y «Hijos de ciudadanos …», que no es
una nacionalidad y se excluye. Los meses sin cifra en el renglón «Total» aún no se publican.

La tabla se busca por su encabezado en cualquier página, no por número de página, y se lee por la posición de cada
palabra (pdfplumber): las cifras van a la columna del encabezado bajo la que caen, y las palabras antes de la primera
cifra son el nombre. Todo lo que no encaja (un mes con hueco, una cifra fuera de columna, un total que no es la suma
de sus renglones, un país que no está en el catálogo) detiene la lectura nombrando página, renglón y columna.

El PDF llega de fuera: pdfplumber corre en un proceso hijo con los límites de `etl.acotado` (CPU, memoria, tiempo y
páginas); aquí, en el proceso que construye, sólo se interpretan las palabras con sus posiciones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MESES = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
_NOMBRES_MES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                "noviembre", "diciembre")
# Cómo puede venir cada mes en el encabezado: abreviado o completo; septiembre también «set»/«setiembre».
_MES = {**{m: m for m in MESES}, **dict(zip(_NOMBRES_MES, MESES)), "set": "sep", "sept": "sep", "setiembre": "sep"}
TOLERANCIA_RENGLON = 3.0  # puntos: palabras cuya parte de arriba difiere menos que esto van en el mismo renglón
_CIFRA = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$|^\d+$")
_VACIO = {"-", "–", "—"}
_NOTA = re.compile(r"\(\s*\d+\s*\)|\*+")
_ANIO = re.compile(r"\b(20\d{2})\b")


class TablaIlegible(Exception):
    """El PDF no tiene la tabla en el diseño conocido; `pagina`, `renglon` y `columna` dicen dónde."""

    def __init__(self, mensaje: str, pagina: int | None = None, renglon: int | None = None, columna: str | None = None):
        super().__init__(mensaje)
        self.mensaje, self.pagina, self.renglon, self.columna = mensaje, pagina, renglon, columna


@dataclass
class Renglon:
    numero: int  # renglón de la página, contando desde arriba (1 = el primero con texto)
    nombre: str  # tal como viene (sin llamadas de nota)
    celdas: dict[str, int | None]  # columna (ene … dic, Total) → cifra; None = «-»


@dataclass
class Tabla:
    pagina: int
    anio: int | None  # el año que dice el título sobre el encabezado, si lo dice
    renglon_anio: int | None
    renglones: list[Renglon]
    total: Renglon
    hijos: Renglon | None
    meses: list[str]  # los meses publicados (con cifra en el renglón «Total»), de ene en adelante


# ---------------------------------------------------------------------------------------- en el proceso hijo

def palabras(datos: bytes, paginas_max: int) -> list[list[tuple[str, float, float, float]]]:
    """[(texto, x0, x1, top)] de cada página, como las separa pdfplumber. Corre en el proceso hijo acotado."""
    import io

    import pdfplumber

    from etl.proponer import DocumentoIlegible

    with pdfplumber.open(io.BytesIO(datos)) as pdf:
        total = len(pdf.pages)
        if total > paginas_max:
            raise DocumentoIlegible(f"el PDF tiene {total:,} páginas; el límite es {paginas_max:,}", "paginas",
                                    n=total, limite=paginas_max)
        return [[(p["text"], float(p["x0"]), float(p["x1"]), float(p["top"])) for p in pagina.extract_words()]
                for pagina in pdf.pages]


# ---------------------------------------------------------------------------------------- interpretación

def clave(texto: str) -> str:
    """Para comparar nombres: sin llamadas de nota, sin acentos, sin mayúsculas, espacios simples."""
    texto = _NOTA.sub(" ", unicodedata.normalize("NFC", str(texto)))
    texto = "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))
    return " ".join(texto.split()).casefold()


def limpiar_nombre(texto: str) -> str:
    return " ".join(_NOTA.sub(" ", str(texto)).split())


def _renglones(pagina: list[tuple[str, float, float, float]]) -> list[list[tuple[str, float, float]]]:
    """Las palabras agrupadas en renglones (de arriba abajo), cada renglón de izquierda a derecha."""
    salida: list[list[tuple[str, float, float, float]]] = []
    for p in sorted(pagina, key=lambda p: (p[3], p[1])):
        if salida and abs(p[3] - salida[-1][0][3]) < TOLERANCIA_RENGLON:
            salida[-1].append(p)
        else:
            salida.append([p])
    return [[(t, x0, x1) for t, x0, x1, _ in sorted(r, key=lambda p: p[1])] for r in salida]


def _mes(texto: str) -> str | None:
    return _MES.get(clave(texto).rstrip("."))


def _encabezado(renglon: list[tuple[str, float, float]]) -> list[tuple[str, float]] | None:
    """[(columna, centro)] si el renglón es «País ene feb … dic Total», si no None."""
    textos = [t for t, _, _ in renglon]
    if not textos or clave(textos[0]) not in ("pais", "paises", "nacionalidad"):
        return None
    columnas = [("País", (renglon[0][1] + renglon[0][2]) / 2)]
    for t, x0, x1 in renglon[1:]:
        mes = _mes(t)
        nombre = mes or ("Total" if clave(t) == "total" else None)
        if nombre is None:
            return None
        columnas.append((nombre, (x0 + x1) / 2))
    return columnas if [c for c, _ in columnas[1:]] == [*MESES, "Total"] else None


def _celdas(renglon, columnas, pagina: int, numero: int) -> tuple[str, dict[str, int | None]]:
    """Nombre (las palabras antes de la primera cifra) y cifras por columna (la del encabezado bajo la que caen)."""
    nombre, celdas, en_cifras = [], {}, False
    cortes = [(a[1] + b[1]) / 2 for a, b in zip(columnas[1:], columnas[2:])]
    primera = (columnas[0][1] + columnas[1][1]) / 2
    for t, x0, x1 in renglon:
        es_cifra = bool(_CIFRA.match(t)) or t in _VACIO
        if not es_cifra and not en_cifras:
            nombre.append(t)
            continue
        en_cifras = True
        centro = (x0 + x1) / 2
        indice = sum(centro > c for c in cortes)
        columna = columnas[1 + indice][0]
        if centro < primera:
            raise TablaIlegible(f"la cifra {t!r} cae bajo la columna de los nombres", pagina, numero, "País")
        if not es_cifra:
            raise TablaIlegible(f"{t!r} no es una cifra (se espera un número con separador de miles o «-»)",
                                pagina, numero, columna)
        if columna in celdas:
            raise TablaIlegible(f"dos cifras caen bajo la misma columna ({celdas[columna]} y {t})", pagina, numero, columna)
        celdas[columna] = None if t in _VACIO else int(re.sub(r"[.,]", "", t))
    return " ".join(nombre), celdas


def _nombre_inicial(renglon) -> list[str]:
    salida = []
    for t, _, _ in renglon:
        if _CIFRA.match(t) or t in _VACIO:
            break
        salida.append(t)
    return salida


def _es_hijos(nombre: str) -> bool:
    return clave(nombre).startswith("hijos de")


def tabla(paginas: list[list[tuple[str, float, float, float]]]) -> Tabla:
    """La tabla de la primera página que tiene el encabezado «País ene … dic Total». Comprueba la forma (meses
    publicados sin huecos, cifras en su columna, un renglón «Total» que cierra la tabla); las cuentas las comprueba
    `comprobar`."""
    for n, pagina in enumerate(paginas, 1):
        renglones = _renglones(pagina)
        for i, r in enumerate(renglones):
            columnas = _encabezado(r)
            if columnas is not None:
                return _leer(renglones, i, columnas, n)
    raise TablaIlegible("ninguna página tiene el encabezado «País ene feb … dic Total» (¿cambió el diseño?)")


def _leer(renglones, i: int, columnas, pagina: int) -> Tabla:
    anios = [(int(a), k + 1) for k, r in enumerate(renglones[:i]) for a in _ANIO.findall(" ".join(t for t, _, _ in r))]
    distintos = sorted({a for a, _ in anios})
    if len(distintos) > 1:
        raise TablaIlegible(f"el título dice varios años {distintos}: no se sabe de cuál es la tabla", pagina, anios[-1][1])
    filas: list[Renglon] = []
    total = hijos = None
    seguido = False  # el renglón anterior fue «Hijos de ciudadanos …» (o la continuación de su nombre)
    for k in range(i + 1, len(renglones)):
        numero = k + 1
        inicio = _nombre_inicial(renglones[k])
        sin_cifras = len(inicio) == len(renglones[k])
        if seguido and sin_cifras:
            continue  # el nombre largo de «Hijos de ciudadanos …» sigue en el renglón de abajo
        seguido = False
        if total is not None and not (hijos is None and _es_hijos(" ".join(inicio))):
            break  # lo que sigue al «Total» (notas, «Fuente:») ya no es la tabla
        if sin_cifras and not filas:
            continue  # un subtítulo entre el encabezado y el primer renglón
        nombre, celdas = _celdas(renglones[k], columnas, pagina, numero)
        if not nombre:
            raise TablaIlegible("renglón sin nombre de país", pagina, numero, "País")
        renglon = Renglon(numero, limpiar_nombre(nombre), celdas)
        if clave(nombre) == "total":
            total = renglon
        elif _es_hijos(nombre):
            if hijos is not None:
                raise TablaIlegible("dos renglones «Hijos de ciudadanos …»", pagina, numero, "País")
            hijos, seguido = renglon, True
        filas.append(renglon)
    if total is None:
        raise TablaIlegible("la tabla no cierra con un renglón «Total» en su página", pagina)
    meses = [m for m in MESES if total.celdas.get(m) is not None]
    if not meses:
        raise TablaIlegible("el renglón «Total» no trae ningún mes", pagina, total.numero, "ene")
    if meses != list(MESES[:len(meses)]):
        hueco = next(m for m, esperado in zip(meses, MESES) if m != esperado)
        raise TablaIlegible(f"el renglón «Total» salta meses (trae {meses}): ¿columnas corridas?", pagina, total.numero, hueco)
    for r in filas:
        fuera = [m for m in MESES[len(meses):] if r.celdas.get(m) is not None]
        if fuera:
            raise TablaIlegible(f"cifra en un mes que el renglón «Total» no publica ({fuera[0]})", pagina, r.numero, fuera[0])
    paises = [r for r in filas if r is not total and r is not hijos]
    if not paises:
        raise TablaIlegible("la tabla no trae ningún renglón de nacionalidad", pagina, total.numero)
    return Tabla(pagina, distintos[0] if distintos else None, anios[0][1] if anios else None, paises, total, hijos, meses)


def _valor(r: Renglon, columna: str) -> int:
    v = r.celdas.get(columna)
    return 0 if v is None else v


def comprobar(t: Tabla) -> None:
    """Cada renglón suma su «Total», y el renglón «Total» es, mes por mes, la suma de las nacionalidades (o la suma
    con «Hijos de ciudadanos …», si el SNM los cuenta en el total): si no cuadra, las columnas no son las que parecen."""
    for r in [*t.renglones, t.total]:
        if r.celdas.get("Total") is not None and r.celdas["Total"] != sum(_valor(r, m) for m in t.meses):
            raise TablaIlegible(f"el total del renglón «{r.nombre}» ({r.celdas['Total']:,}) no es la suma de sus meses "
                                f"({sum(_valor(r, m) for m in t.meses):,})", t.pagina, r.numero, "Total")
    for m in t.meses:
        suma = sum(_valor(r, m) for r in t.renglones)
        con_hijos = suma + (_valor(t.hijos, m) if t.hijos else 0)
        if _valor(t.total, m) not in (suma, con_hijos):
            raise TablaIlegible(f"el renglón «Total» dice {_valor(t.total, m):,} y la suma de las nacionalidades es "
                                f"{suma:,}", t.pagina, t.total.numero, m)


def filas(t: Tabla, anio: int, mapa: dict[str, str]) -> list[tuple[date, str, int, int]]:
    """[(mes, iso3, personas, renglón)] de los meses publicados; un nombre fuera del catálogo detiene la lectura. Las
    cifras 0 o «-» no dan renglón (como en el CSV compilado, que no trae ceros)."""
    vistos: dict[str, int] = {}
    salida = []
    for r in t.renglones:
        iso3 = mapa.get(clave(r.nombre))
        if iso3 is None:
            raise TablaIlegible(f"nacionalidad {r.nombre!r} no está en catalogos/paises.csv (nombre_es) ni en el "
                                "catálogo de grafías del Darién; agréguela al catálogo de grafías", t.pagina, r.numero, "País")
        if iso3 in vistos:
            raise TablaIlegible(f"«{r.nombre}» es {iso3}, que ya trae el renglón {vistos[iso3]}", t.pagina, r.numero, "País")
        vistos[iso3] = r.numero
        for i, m in enumerate(t.meses, 1):
            if _valor(r, m):
                salida.append((date(anio, i, 1), iso3, _valor(r, m), r.numero))
    return salida
