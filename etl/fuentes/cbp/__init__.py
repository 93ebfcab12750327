"""CBP Nationwide Encounters: encuentros en las fronteras de EE. UU. (mensual).

Se descarga el CSV más reciente de cada diseño (por área de responsabilidad, `-aor.csv`, y por estado, `-state.csv`)
que enlaza la página de publicación; el lector es el de siempre (`etl.fuentes.cbp.lector.leer_cbp`, que reconoce los diseños
conocidos) y `etl.fuentes.cbp.lector.combinar_cbp` hace que el archivo más reciente mande en cada (nivel, mes, región): los archivos
de tablas/ por la fecha de consulta de su ficha y, después, las instantáneas por su hora de descarga.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pandas as pd

from etl.descarga import FalloDescarga, obtener

from . import lector as cbp

METADATOS = {
    "titulo": "Encuentros de la CBP (Nationwide Encounters)",
    "titulo_en": "CBP Nationwide Encounters",
    "productor": "U.S. Customs and Border Protection (CBP)",
    "productor_en": "U.S. Customs and Border Protection (CBP)",
    "unidad": "encuentros", "unidad_en": "encounters",
    "licencia": "Dominio público (Gobierno de EE. UU.)",
    "licencia_en": "Public domain (U.S. Government)",
    "cita": "U.S. Customs and Border Protection, Nationwide Encounters.",
    "cita_en": "U.S. Customs and Border Protection, Nationwide Encounters.",
    "cadencia": "mensual",
    "rezago_dias": 20,  # estimación: la CBP publica el mes anterior hacia mediados del mes siguiente
    "url": "https://www.cbp.gov/document/stats/nationwide-encounters",
    "token": None,
}
ARCHIVOS = ("tablas/cbp_*.csv",)
TABLAS = ("cbp_encuentros", "cbp_encuentros_estado")
LECTOR = "etl.fuentes.cbp.lector"
PERIODO = ("cbp_encuentros", "mes")

PAGINA = METADATOS["url"]
_ENLACE = re.compile(r"""href\s*=\s*["']([^"']*nationwide-encounters-[^"'/]*-(aor|state)\.csv)["']""", re.IGNORECASE)
_CARPETA = re.compile(r"/files/(\d{4})-(\d{2})/")


def enlaces(html: str, base: str = PAGINA) -> dict[str, str]:
    """{diseño: url} del CSV más reciente de cada diseño enlazado en la página (por la carpeta AAAA-MM de la URL y,
    a igual carpeta, por el nombre)."""
    mejores: dict[str, tuple] = {}
    for href, diseno in _ENLACE.findall(html):
        url = urljoin(base, href)
        m = _CARPETA.search(url)
        orden = ((int(m[1]), int(m[2])) if m else (0, 0), url.rsplit("/", 1)[-1])
        if diseno.lower() not in mejores or orden > mejores[diseno.lower()][0]:
            mejores[diseno.lower()] = (orden, url)
    return {d: u for d, (_, u) in sorted(mejores.items())}


def descargar(cliente: httpx.Client, anio: int | None = None) -> list[tuple[str, bytes, str]]:
    pagina = obtener(cliente, PAGINA)
    urls = enlaces(pagina.text, str(pagina.url))
    if not urls:
        raise FalloDescarga(f"{PAGINA}: la página no enlaza ningún nationwide-encounters-*-aor.csv ni -state.csv "
                            "(¿cambió el diseño de la página?)")
    salida = []
    for url in urls.values():
        r = obtener(cliente, url)
        salida.append((url.rsplit("/", 1)[-1], r.content, str(r.url)))
    return salida


def _leer(ruta: Path, contexto: dict) -> pd.DataFrame:
    ciudadania, categorias, _ = contexto["catalogos_cbp"]
    tabla = cbp.leer_cbp(ruta, ciudadania, categorias, contexto["paises"])
    return tabla.assign(archivo=contexto["id"](ruta))


def validar(carpeta: Path, contexto: dict) -> None:
    """Cada CSV descargado se lee con el lector real: un diseño desconocido no se guarda."""
    for ruta in sorted(Path(carpeta).glob("*.csv")):
        _leer(ruta, contexto)


def lecturas(crudos: Path, contexto: dict) -> tuple[list[tuple[str, str, pd.DataFrame]], list[dict]]:
    """Cada archivo de la CBP leído, de la instantánea más vieja a la más reciente: [(fecha de consulta, archivo, tabla
    de leer_cbp)] y sus fichas. Primero los de tablas/ (`etl.fuentes.cbp.lector.lecturas`, por la fecha de consulta de su ficha) y
    luego cada descarga por su hora; de aquí salen las tablas combinadas (la última manda en los meses que trae) y
    las revisiones (`etl.revisiones.cbp`)."""
    from etl.instantaneas import carpetas, ficha, ficha_publicada

    crudos = Path(crudos)
    leidos, fichas = cbp.lecturas(crudos / "tablas", crudos / "catalogos", contexto["paises"])
    for carpeta in carpetas(crudos, "cbp"):
        for ruta in sorted(carpeta.glob("*.csv")):
            fichas.append(ficha_publicada(crudos, ruta))
            leidos.append((str(ficha(ruta)["fecha_acceso"]), contexto["id"](ruta), _leer(ruta, contexto)))
    return leidos, fichas


def encuentros(crudos: Path, contexto: dict) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Las tablas `cbp_encuentros` y `cbp_encuentros_estado` combinadas de `lecturas`, con sus fichas."""
    leidos, fichas = lecturas(crudos, contexto)
    return cbp.combinar_cbp([(nombre, tabla) for _, nombre, tabla in leidos]), fichas


def construir(c) -> None:
    """Cada archivo de la CBP (los de tablas/ y sus instantáneas) leído; el más reciente manda en lo que trae.
    Sus lecturas quedan en `c.lecturas["cbp"]` para las revisiones."""
    leidos, fichas = lecturas(c.crudos, c.contexto)
    c.tablas.update(cbp.combinar_cbp([(nombre, tabla) for _, nombre, tabla in leidos]))
    c.lecturas["cbp"] = leidos
    c.fichas += fichas
