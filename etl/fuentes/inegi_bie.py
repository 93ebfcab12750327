"""INEGI, Banco de Indicadores (API, clave `INEGI_TOKEN`): indicadores nacionales trimestrales de la ENOE, como
contexto de la tabla de ocupados por lugar de nacimiento (que sale de los microdatos: `etl.fuentes.inegi_enoe`).

Forma de la API (ver la documentación del INEGI, https://www.inegi.org.mx/servicios/api_indicadores.html):
`GET {API}/INDICATOR/{ids separados por coma}/{es|en}/{área: 0700 nacional}/{recientes: false}/BIE/2.0/{clave}?type=json`
→ `{"Header": {...}, "Series": [{"INDICADOR", "FREQ", "UNIT", ..., "OBSERVATIONS": [{"TIME_PERIOD": "AAAA/TT",
"OBS_VALUE": "texto numérico", ...}]}]}`. La clave va en la ruta: la URL que se guarda en la ficha la lleva como
`{INEGI_TOKEN}`, los mensajes de error pasan por `etl.actualizar._sin_claves` y, mientras se descarga, los registros
de httpx y de etl.descarga (que escriben la URL) la tachan (`_Tachar`). Sin la variable de entorno, `actualizar`
omite la fuente con un mensaje.

Los identificadores de indicador (`METADATOS["indicadores"]`) son los que aparecen en código público que consulta el
BIE para la ENOE; no se pudieron comprobar en el catálogo del BIE desde aquí (sin red ni clave): van marcados «por
verificar en el catálogo del BIE». La tabla publicada `enoe_indicadores` queda vacía hasta la primera descarga.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from datetime import date
from pathlib import Path

import httpx
import pandas as pd

from ..descarga import FalloDescarga, obtener
from ..errores import ErrorDeEntrada

POR_VERIFICAR = "por verificar en el catálogo del BIE"
METADATOS = {
    "titulo": "Indicadores nacionales de la ENOE (Banco de Indicadores del INEGI)",
    "titulo_en": "National ENOE indicators (INEGI Indicator Bank)",
    "productor": "Instituto Nacional de Estadística y Geografía (INEGI), Banco de Indicadores",
    "productor_en": "Instituto Nacional de Estadística y Geografía (INEGI), Banco de Indicadores (Indicator Bank)",
    "unidad": "según el indicador", "unidad_en": "depends on the indicator",
    "licencia": "Términos de uso del INEGI (libre uso citando la fuente)",
    "licencia_en": "INEGI terms of use (free use, citing the source)",
    "cita": "INEGI, Banco de Indicadores, Encuesta Nacional de Ocupación y Empleo (ENOE), indicadores trimestrales.",
    "cita_en": "INEGI, Banco de Indicadores (Indicator Bank), Encuesta Nacional de Ocupación y Empleo (ENOE), quarterly indicators.",
    "cadencia": "trimestral",
    "rezago_dias": 50,  # estimación: como la ENOE, unas siete semanas después del cierre del trimestre
    "url": "https://www.inegi.org.mx/servicios/api_indicadores.html",
    "token": "INEGI_TOKEN",
    # id del BIE → nombre (es, en). Ninguno comprobado en el catálogo: ver el docstring del módulo.
    "indicadores": {
        "289244": {"nombre": "Población económicamente activa", "nombre_en": "Economically active population",
                   "verificado": POR_VERIFICAR},
        "446744": {"nombre": "Población ocupada, hombres", "nombre_en": "Employed population, men",
                   "verificado": POR_VERIFICAR},
        "446918": {"nombre": "Población ocupada, mujeres", "nombre_en": "Employed population, women",
                   "verificado": POR_VERIFICAR},
    },
}
TABLAS = ("enoe_indicadores",)
LECTOR = "etl.fuentes.inegi_bie"
PERIODO = ("enoe_indicadores", "trimestre")

API = "https://www.inegi.org.mx/app/api/indicadores/desarrolladores/jsonxml/INDICATOR/"
NOMBRE = "bie_enoe_indicadores.json"
COLUMNAS = ["indicador", "nombre", "nombre_en", "trimestre", "valor", "unidad", "fuente_id"]
_PERIODO = re.compile(r"^(\d{4})/(\d{2})$")
_OBSERVACION = ("TIME_PERIOD", "OBS_VALUE")


def direccion(clave: str, ids: list[str] | None = None) -> str:
    ids = ids or list(METADATOS["indicadores"])
    return f"{API}{','.join(ids)}/es/0700/false/BIE/2.0/{clave}"


class _Tachar(logging.Filter):
    """Quita la clave de los registros de los módulos que escriben la URL pedida."""

    def __init__(self, clave: str):
        super().__init__()
        self.clave = clave

    def filter(self, record: logging.LogRecord) -> bool:
        texto = record.getMessage()
        if self.clave in texto:
            record.msg, record.args = texto.replace(self.clave, "***"), ()
        return True


@contextlib.contextmanager
def _sin_clave_en_registros(clave: str):
    filtro = _Tachar(clave)
    registros = [logging.getLogger(n) for n in ("httpx", "etl.descarga")]
    for r in registros:
        r.addFilter(filtro)
    try:
        yield
    finally:
        for r in registros:
            r.removeFilter(filtro)


def descargar(cliente: httpx.Client, anio: int | None = None) -> list[tuple[str, bytes, str]]:
    clave = os.environ.get(METADATOS["token"], "").strip()
    if not clave:
        raise FalloDescarga(f"falta la variable de entorno {METADATOS['token']} con la clave de la API del INEGI")
    url = direccion(clave)
    publica = direccion("{" + METADATOS["token"] + "}") + "?type=json"
    try:
        with _sin_clave_en_registros(clave):
            r = obtener(cliente, url, params={"type": "json"})
    except FalloDescarga as e:
        raise FalloDescarga(f"fuente inegi_bie: {str(e).replace(clave, '***')}") from None
    try:
        datos = r.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise FalloDescarga(f"fuente inegi_bie, {publica}: la respuesta no es JSON (¿cambió el diseño?)") from None
    if not isinstance(datos, dict) or not isinstance(datos.get("Series"), list):
        claves = sorted(datos) if isinstance(datos, dict) else type(datos).__name__
        raise FalloDescarga(f"fuente inegi_bie, {publica}: se esperaba {{Header, Series}} y llegó {claves} (¿cambió el diseño?)")
    contenido = r.content
    if clave.encode() in contenido:  # la API no la devuelve; si algún día lo hace, no se guarda
        contenido = contenido.replace(clave.encode(), b"***")
    return [(NOMBRE, contenido, publica)]


def vacia() -> pd.DataFrame:
    """La tabla sin renglones (así se publica mientras no haya una descarga)."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNAS}).astype({"valor": "float64"})


def leer_respuesta(ruta: Path, fuente_id: str) -> pd.DataFrame:
    archivo = Path(ruta).name
    try:
        datos = json.loads(Path(ruta).read_bytes())
        series = datos["Series"]
    except (ValueError, KeyError, TypeError):
        raise ErrorDeEntrada(archivo, "no es una respuesta {Header, Series} del Banco de Indicadores (fuente inegi_bie)") from None
    conocidos = METADATOS["indicadores"]
    filas = []
    for i, serie in enumerate(series, start=1):
        if not isinstance(serie, dict) or not isinstance(serie.get("OBSERVATIONS"), list) or "INDICADOR" not in serie:
            raise ErrorDeEntrada(archivo, f"la serie {i} no trae INDICADOR y OBSERVATIONS (fuente inegi_bie; ¿cambió el diseño?)")
        ind = str(serie["INDICADOR"]).strip()
        if ind not in conocidos:
            raise ErrorDeEntrada(archivo, f"la serie {i} es del indicador {ind!r}, que no se pidió (fuente inegi_bie)",
                                 columna="INDICADOR")
        for j, obs in enumerate(serie["OBSERVATIONS"], start=1):
            donde = f"serie {i} ({ind}), observación {j}"
            faltan = [c for c in _OBSERVACION if not isinstance(obs, dict) or c not in obs]
            if faltan:
                raise ErrorDeEntrada(archivo, f"{donde}: faltan {faltan} (fuente inegi_bie; ¿cambió el diseño?)",
                                     columna=faltan[0])
            m = _PERIODO.match(str(obs["TIME_PERIOD"]).strip())
            if not m or not 1 <= int(m[2]) <= 4:
                raise ErrorDeEntrada(archivo, f"{donde}: TIME_PERIOD {obs['TIME_PERIOD']!r} no es un trimestre AAAA/TT "
                                     "(fuente inegi_bie)", columna="TIME_PERIOD")
            texto = "" if obs["OBS_VALUE"] is None else str(obs["OBS_VALUE"]).strip()
            if texto == "":
                continue  # sin dato publicado: no se inventa
            try:
                valor = float(texto)
            except ValueError:
                raise ErrorDeEntrada(archivo, f"{donde}: OBS_VALUE {texto!r} no es un número (fuente inegi_bie)",
                                     columna="OBS_VALUE") from None
            filas.append({"indicador": ind, "nombre": conocidos[ind]["nombre"], "nombre_en": conocidos[ind]["nombre_en"],
                          "trimestre": date(int(m[1]), 3 * int(m[2]) - 2, 1), "valor": valor,
                          "unidad": str(serie.get("UNIT") or "").strip() or None, "fuente_id": fuente_id})
    if not filas:
        raise ErrorDeEntrada(archivo, "la respuesta no trae ninguna observación (fuente inegi_bie)")
    tabla = pd.DataFrame(filas, columns=COLUMNAS)
    repetidos = tabla.duplicated(["indicador", "trimestre"])
    if repetidos.any():
        r = tabla[repetidos].iloc[0]
        raise ErrorDeEntrada(archivo, f"el indicador {r['indicador']} trae dos veces el trimestre {r['trimestre']:%Y-%m}"
                             " (fuente inegi_bie)", columna="TIME_PERIOD")
    return tabla


def leer_instantanea(carpeta: Path, contexto: dict) -> pd.DataFrame:
    ruta = Path(carpeta) / NOMBRE
    if not ruta.is_file():
        raise ErrorDeEntrada(str(carpeta), f"falta {NOMBRE} (fuente inegi_bie)")
    return leer_respuesta(ruta, contexto["id"](ruta))


def validar(carpeta: Path, contexto: dict) -> None:
    leer_instantanea(carpeta, contexto)


def construir(c) -> None:
    """La tabla sale sólo de las descargas de la API (con `aplicar_instantaneas`); sin ellas se publica vacía."""
    c.tablas["enoe_indicadores"] = vacia()
