"""INEGI, ENOE: personas ocupadas nacidas en México y en el extranjero, por formalidad (trimestral).

La tabla cruza lugar de nacimiento con formalidad, un tabulado que no es un indicador del Banco de Indicadores: se
deriva de los microdatos de la ENOE, que el INEGI publica sin clave como un zip por trimestre. `descargar` baja el zip
del trimestre siguiente al último publicado y los que sigan hasta el primer 404 (el INEGI aún no lo publica); si ya
hay instantáneas, vuelve a pedir el último trimestre descargado, de modo que una descarga idéntica no crea instantánea
nueva (`_sin_novedad`) y una revisión del INEGI entra como instantánea. La suma de la tabla SDEM de cada zip (`etl.fuentes.inegi_enoe.lector.sumar_sdem`,
con las reglas del compilador de la tabla incluida) da el renglón del trimestre en el diseño del CSV incluido.

Direcciones (`direccion`): las que usa el código público que baja estos microdatos (p. ej. aniuxa/renoe y otros
scripts en R, Stata y Python): `<año>trim<t>_csv.zip` hasta 2020-T1, `enoe_n_<año>_trim<t>_csv.zip` para la ENOE
nueva (2020-T3 a 2022-T4) y `enoe_<año>_trim<t>_csv.zip` desde 2023, bajo BASE. No se pudieron comprobar contra el
servidor del INEGI desde aquí (sin red); un cambio de dirección sale como «HTTP 404» en el primer trimestre pedido.
2020-T2 no existe (la encuesta se suspendió) y se salta. Un script público (el que documenta la «doble barra») dice
que el zip de 2024-T2 está en `microdatos//enoe_2024_trim2_csv.zip`: se pide esa dirección sólo si la normal da 404
(`ALTERNAS`, sin confirmar).

La API del Banco de Indicadores (con `INEGI_TOKEN`) es otra fuente: `etl.fuentes.inegi_bie`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pandas as pd

from etl import cache_lecturas, instantaneas
from etl.descarga import FalloDescarga, obtener
from etl.errores import ErrorDeEntrada
from etl.fuentes import INSTANTANEAS

from . import lector as enoe

METADATOS = {
    "titulo": "Ocupados por lugar de nacimiento y formalidad (ENOE)",
    "titulo_en": "Employed people by place of birth and formality (ENOE)",
    "productor": "Instituto Nacional de Estadística y Geografía (INEGI)",
    "productor_en": "Instituto Nacional de Estadística y Geografía (INEGI)",
    "unidad": "personas", "unidad_en": "people",
    "licencia": "Términos de uso del INEGI (libre uso citando la fuente)",
    "licencia_en": "INEGI terms of use (free use, citing the source)",
    "cita": "INEGI, Encuesta Nacional de Ocupación y Empleo (ENOE), microdatos.",
    "cita_en": "INEGI, Encuesta Nacional de Ocupación y Empleo (ENOE, National Occupation and Employment Survey), microdata.",
    "cadencia": "trimestral",
    "rezago_dias": 50,  # estimación: los resultados trimestrales salen unas siete semanas después del cierre
    "url": "https://www.inegi.org.mx/programas/enoe/15ymas/",
    "token": None,  # los microdatos no piden clave
}
ARCHIVOS = ("tablas/inegi_enoe_ocupados_nacidos_extranjero.csv",)
TABLAS = ("enoe_ocupados",)
LECTOR = "etl.fuentes.inegi_enoe.lector"
PERIODO = ("enoe_ocupados", "trimestre")

BASE = "https://www.inegi.org.mx/contenidos/programas/enoe/15ymas/microdatos/"
SUSPENDIDO = {(2020, 2)}  # sin levantamiento por la emergencia sanitaria
ALTERNAS = {(2024, 2): BASE + "/enoe_2024_trim2_csv.zip"}  # por confirmar: sólo tras un 404 de la normal
MAX_TRIMESTRES = 24  # cota por corrida: ponerse al día desde 2022-T4 son unos doce
_ZIP = re.compile(r"^(?:enoe_n_|enoe_)?(\d{4})_?trim([1-4])_csv\.zip$")


def direccion(anio: int, trimestre: int) -> str:
    if (anio, trimestre) <= (2020, 1):
        nombre = f"{anio}trim{trimestre}_csv.zip"
    elif anio <= 2022:
        nombre = f"enoe_n_{anio}_trim{trimestre}_csv.zip"
    else:
        nombre = f"enoe_{anio}_trim{trimestre}_csv.zip"
    return BASE + nombre


def trimestre_de(nombre: str) -> tuple[int, int] | None:
    """(año, trimestre) de un zip por su nombre publicado; None si no es uno."""
    m = _ZIP.match(nombre)
    return (int(m[1]), int(m[2])) if m else None


def siguiente(t: tuple[int, int]) -> tuple[int, int]:
    anio, q = t
    t = (anio + 1, 1) if q == 4 else (anio, q + 1)
    return siguiente(t) if t in SUSPENDIDO else t


def _hoy() -> date:
    return datetime.now(UTC).date()


def ultimo_incluido(crudos: Path) -> tuple[int, int]:
    """El último trimestre del CSV incluido, leído con su lector."""
    tabla = enoe.ocupados(Path(crudos) / ARCHIVOS[0], {})
    ultimo = max(tabla["trimestre"])
    return ultimo.year, (ultimo.month - 1) // 3 + 1


def descargados(crudos: Path) -> list[tuple[int, int]]:
    """Trimestres que ya tienen zip en alguna instantánea."""
    base = Path(crudos) / INSTANTANEAS / "inegi_enoe"
    return sorted({t for p in base.glob("*/*.zip") if (t := trimestre_de(p.name))}) if base.is_dir() else []


def descargar(cliente: httpx.Client, anio: int | None = None, *, crudos: Path | None = None,
              hoy: date | None = None) -> list[tuple[str, bytes, str]]:
    """Los zips desde el trimestre siguiente al último publicado (o el último descargado, otra vez) hasta un 404."""
    from etl.construir import CRUDOS

    crudos = Path(crudos or CRUDOS)
    previos = descargados(crudos)
    t = previos[-1] if previos else siguiente(ultimo_incluido(crudos))
    hoy = hoy or _hoy()
    actual = (hoy.year, (hoy.month - 1) // 3 + 1)
    salida: list[tuple[str, bytes, str]] = []
    while len(salida) < MAX_TRIMESTRES and t < actual:  # el trimestre en curso aún no termina
        url = direccion(*t)
        try:
            r = _pedir(cliente, url, ALTERNAS.get(t))
        except FalloDescarga as e:
            if _es_404(e) and salida:
                break  # el siguiente trimestre aún no se publica
            raise FalloDescarga(f"fuente inegi_enoe, trimestre {t[0]}-T{t[1]}: {e}") from None
        if not r.content.startswith(b"PK\x03\x04"):
            raise FalloDescarga(f"fuente inegi_enoe, {r.url}: la respuesta no es un zip (empieza con {r.content[:20]!r}; "
                                "¿cambió el diseño o es una página de aviso?)")
        salida.append((url.rsplit("/", 1)[1], r.content, str(r.url)))
        t = siguiente(t)
    if not salida:
        raise FalloDescarga(f"fuente inegi_enoe: el trimestre {t[0]}-T{t[1]} aún no termina; no hay nada que pedir")
    return _sin_novedad(crudos, salida) or salida


def _sin_novedad(crudos: Path, salida: list[tuple[str, bytes, str]]) -> list[tuple[str, bytes, str]] | None:
    """Si sólo llegó otra vez el último trimestre descargado, con la misma huella que en la última instantánea,
    devuelve los archivos de esa instantánea tal como están guardados (mismas huellas): `actualizar` lo reporta «sin
    cambios» y no guarda nada. Sin esto, tras ponerse al día con varios trimestres en una instantánea, la corrida
    siguiente guardaría una instantánea de más con el último trimestre repetido."""
    carpetas = instantaneas.carpetas(crudos, "inegi_enoe")
    if len(salida) != 1 or not carpetas:
        return None
    nombre, contenido, _ = salida[0]
    ultima = carpetas[-1]
    guardadas = instantaneas.huellas(ultima)
    if guardadas.get(nombre) != hashlib.sha256(contenido).hexdigest():
        return None
    return [(p.name, p.read_bytes(), instantaneas.ficha(p)["url"]) for p in instantaneas.archivos(ultima)]


def _es_404(e: FalloDescarga) -> bool:
    return str(e).startswith("HTTP 404")


def _pedir(cliente: httpx.Client, url: str, alterna: str | None) -> httpx.Response:
    try:
        return obtener(cliente, url)
    except FalloDescarga as e:
        if alterna is None or not _es_404(e):
            raise
        return obtener(cliente, alterna)


CODIGO = [Path(enoe.__file__), Path(__file__), Path(__file__).resolve().parents[2] / "lectura.py"]


def _leer_zip(ruta: Path) -> pd.DataFrame:
    """La suma de un zip, una sola vez por huella (etl.cache_lecturas): cada construcción vuelve a aplicar todas las
    instantáneas y descomprimir y leer la tabla SDEM de cada trimestre cuesta segundos por zip."""
    return cache_lecturas.leer(instantaneas.ficha(ruta)["sha256"], "", [], CODIGO,  # la suma no lleva el nombre
                               lambda: enoe.ocupados_microdatos(ruta, "").drop(columns="fuente_id"), _tipos)


def _tipos(tabla: pd.DataFrame) -> pd.DataFrame:
    return tabla.assign(trimestre=[v if isinstance(v, date) and not isinstance(v, datetime) else pd.Timestamp(v).date()
                                   for v in tabla["trimestre"]],
                        ocupados=tabla["ocupados"].astype("Int64"))


def leer_instantanea(carpeta: Path, contexto: dict) -> pd.DataFrame:
    """Cada zip de la descarga como renglones de `enoe_ocupados` (trimestre × lugar de nacimiento × formalidad)."""
    zips = sorted(p for p in Path(carpeta).glob("*.zip"))
    if not zips:
        raise ErrorDeEntrada(str(carpeta), "la descarga no trae zips de microdatos (fuente inegi_enoe)")
    partes = []
    for ruta in zips:
        esperado = trimestre_de(ruta.name)
        tabla = _leer_zip(ruta).assign(fuente_id=contexto["id"](ruta))
        leido = tabla["trimestre"].iloc[0]
        if esperado is None or (leido.year, (leido.month - 1) // 3 + 1) != esperado:
            raise ErrorDeEntrada(ruta.name, f"la tabla SDEM es del trimestre {leido:%Y-%m} y el zip se pidió como "
                                 f"{esperado} (fuente inegi_enoe)")
        partes.append(tabla)
    return pd.concat(partes, ignore_index=True)


def validar(carpeta: Path, contexto: dict) -> None:
    """Lee la descarga con el lector real antes de guardarla: un diseño cambiado va a cuarentena."""
    leer_instantanea(carpeta, contexto)


def construir(c) -> None:
    ruta, ficha = c.cargar("inegi_enoe_ocupados_nacidos_extranjero.csv")
    c.tablas["enoe_ocupados"] = enoe.ocupados(ruta, ficha)
