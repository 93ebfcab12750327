"""Banxico: ingresos por remesas por entidad federativa (cuadro CE100 del SIE, trimestral).

Se descarga el cuadro CE100 como hoja de cálculo desde la consulta de cuadros del SIE (`formatoXLS.x=1`), que no
pide clave: la API del SIE (`BANXICO_TOKEN`) no hace falta para esta tabla, y además los identificadores de serie
por entidad del CE100 no están documentados en ninguna fuente revisada. El diseño que se lee es el que lee el
compilador de la tabla incluida (github.com/lapanquecita/remesas, etl.py, `descargar_remesas_entidad`):
encabezado en el renglón 10 (skiprows=9) con un trimestre por columna desde la C («Ene-Mar 2003», «Abr-Jun 2003»…),
la etiqueta del renglón en la columna B (index_col=1) y los 32 renglones de entidad escritos «01 Aguascalientes».
Aquí el encabezado y los renglones de entidad se localizan por su contenido y se exigen completos: un cuadro sin
las 32 claves, con un trimestre mal escrito o con un valor que no es número es un diseño cambiado y no entra.

Los valores del cuadro están en millones de dólares y la tabla `remesas` en dólares enteros: se convierte como el
compilador, `int(millones × 1 000 000)` en coma flotante (trunca hacia cero), porque así se escribió la tabla
incluida: con esa misma operación un trimestre no revisado reproduce sus dólares exactos (redondear daría un dólar
de más en algunos renglones). La clave de entidad es la de dos dígitos del INEGI y el nombre publicado sale del
catálogo de entidades, como en `etl.fuentes.banxico.lector`; el nombre que acompaña a la clave en el cuadro se compara con el de la
tabla incluida para esa clave (el compilador mapea por nombre): una clave con otro nombre es un cuadro reordenado y
no entra. Lector: python-calamine (lee .xls y .xlsx).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pandas as pd
from python_calamine import CalamineWorkbook

from etl import cache_lecturas
from etl.descarga import FalloDescarga, obtener
from etl.errores import ErrorDeEntrada
from etl.fuentes.entidades import lector as entidades
from etl.procedencia import sha256

METADATOS = {
    "titulo": "Ingresos por remesas, por entidad federativa",
    "titulo_en": "Remittance inflows, by state",
    "productor": "Banco de México (Banxico), Sistema de Información Económica",
    "productor_en": "Banco de México (Banxico), Sistema de Información Económica (Economic Information System)",
    "unidad": "dólares", "unidad_en": "US dollars",
    "licencia": "Datos públicos del Banco de México (citar «Fuente: Banco de México»)",
    "licencia_en": "Public data of the Banco de México (cite «Fuente: Banco de México»)",
    "cita": "Banco de México, SIE, cuadro CE100: Ingresos por remesas, distribución por entidad federativa.",
    "cita_en": "Banco de México, SIE, table CE100: remittance inflows, distribution by state.",
    "cadencia": "trimestral",
    "rezago_dias": 35,  # estimación: el trimestre se publica a inicios del segundo mes siguiente
    "url": "https://www.banxico.org.mx/SieInternet/consultarDirectorioInternetAction.do?sector=1&accion=consultarCuadro&idCuadro=CE100&locale=es",
    "token": None,  # la descarga del cuadro no pide clave (la API del SIE sí: BANXICO_TOKEN, que aquí no se usa)
}
ARCHIVOS = ("tablas/banxico_remesas_por_entidad.csv",)
TABLAS = ("remesas",)
LECTOR = "etl.fuentes.banxico.lector"
PERIODO = ("remesas", "trimestre")

CUADRO = "https://www.banxico.org.mx/SieInternet/consultarDirectorioInternetAction.do"
INICIO = datetime(1991, 1, 1, tzinfo=UTC)  # el compilador pide desde 1991; el cuadro empieza en 2003
NOMBRE = "ce100_remesas_por_entidad"
TRIMESTRES = {"Ene-Mar": 1, "Abr-Jun": 4, "Jul-Sep": 7, "Oct-Dic": 10}
_TRIMESTRE = re.compile(r"^(Ene-Mar|Abr-Jun|Jul-Sep|Oct-Dic)\s+(\d{4})$")
_ENTIDAD = re.compile(r"^(\d{2})\s+(\S.*)$")
_VACIOS = {"", "N/E"}  # «N/E»: sin dato en el SIE (nunca cero)
_FIRMAS = {b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "xls", b"PK\x03\x04": "xlsx"}


def _ms(momento: datetime) -> int:
    return int(momento.timestamp() * 1000)


def parametros(anio: int | None = None) -> dict:
    """La consulta del cuadro: desde 1991 hasta el 1 de enero del año siguiente a `anio` (milisegundos de época)."""
    hasta = (anio or datetime.now(UTC).year) + 1
    return {"sector": 1, "accion": "consultarCuadro", "idCuadro": "CE100", "locale": "es", "formatoXLS.x": 1,
            "fechaInicio": _ms(INICIO), "fechaFin": _ms(datetime(hasta, 1, 1, tzinfo=UTC))}


def descargar(cliente: httpx.Client, anio: int | None = None) -> list[tuple[str, bytes, str]]:
    r = obtener(cliente, CUADRO, params=parametros(anio))
    formato = next((ext for firma, ext in _FIRMAS.items() if r.content.startswith(firma)), None)
    if formato is None:
        raise FalloDescarga(f"{r.url}: la respuesta no es una hoja de cálculo .xls ni .xlsx "
                            f"(empieza con {r.content[:20]!r}; ¿cambió el diseño o es una página de aviso?)")
    return [(f"{NOMBRE}.{formato}", r.content, str(r.url))]


def _celdas(ruta: Path) -> list[list]:
    try:
        libro = CalamineWorkbook.from_path(str(ruta))
        return libro.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as e:  # noqa: BLE001 — calamine lanza sus propios tipos; todos dicen «no se pudo leer»
        raise ErrorDeEntrada(ruta.name, f"no se pudo leer como hoja de cálculo ({type(e).__name__}: {e})") from None


def _texto(valor) -> str:
    return "" if valor is None else str(valor).strip()


def leer_cuadro(ruta: Path) -> pd.DataFrame:
    """El cuadro CE100 como renglones (trimestre, cve_ent, nombre, usd, _fila, _columna), con la celda de origen.

    Un trimestre sin ningún dato (todas sus celdas vacías o «N/E») se omite: aún no se publica; uno con datos de
    unas entidades y no de otras detiene la lectura (publicarlo a medias borraría cifras al combinar periodos)."""
    archivo = Path(ruta).name
    filas = _celdas(Path(ruta))
    encabezado = None
    for i, fila in enumerate(filas):
        textos = [_texto(v) for v in fila[2:]]
        while textos and not textos[-1]:
            textos.pop()
        if textos and all(_TRIMESTRE.match(t) for t in textos):
            encabezado = i
            break
    if encabezado is None:
        raise ErrorDeEntrada(archivo, "no hay un renglón de encabezado con trimestres «Ene-Mar AAAA» desde la columna C "
                             "(¿cambió el diseño del cuadro CE100?)")
    columnas = {}
    for j, valor in enumerate(filas[encabezado][2:], start=2):
        m = _TRIMESTRE.match(_texto(valor))
        if m:
            trimestre = date(int(m[2]), TRIMESTRES[m[1]], 1)
            if trimestre in columnas.values():
                raise ErrorDeEntrada(archivo, f"trimestre repetido {_texto(valor)!r}", encabezado + 1, _texto(valor))
            columnas[j] = trimestre
    entidades_vistas: dict[str, int] = {}
    renglones = []
    for i in range(encabezado + 1, len(filas)):
        fila = filas[i]
        m = _ENTIDAD.match(_texto(fila[1]) if len(fila) > 1 else "")
        if not m or not 1 <= int(m[1]) <= 32:
            continue
        if m[1] in entidades_vistas:
            raise ErrorDeEntrada(archivo, f"la entidad {m[1]} aparece dos veces (renglón {entidades_vistas[m[1]]})", i + 1, "B")
        entidades_vistas[m[1]] = i + 1
        for j, trimestre in columnas.items():
            valor = fila[j] if j < len(fila) else None
            if _texto(valor) in _VACIOS:
                renglones.append((trimestre, m[1], m[2].strip(), None, i + 1, _texto(filas[encabezado][j])))
                continue
            if isinstance(valor, bool) or not isinstance(valor, (int, float)):
                raise ErrorDeEntrada(archivo, f"{valor!r} no es un número (millones de dólares)", i + 1, _texto(filas[encabezado][j]))
            if valor < 0:
                raise ErrorDeEntrada(archivo, f"remesas negativas ({valor})", i + 1, _texto(filas[encabezado][j]))
            renglones.append((trimestre, m[1], m[2].strip(), int(valor * 1_000_000), i + 1, _texto(filas[encabezado][j])))
    faltan = sorted(set(f"{c:02d}" for c in range(1, 33)) - set(entidades_vistas))
    if faltan:
        raise ErrorDeEntrada(archivo, f"faltan los renglones de las entidades {faltan} (se esperan «01 Aguascalientes» … "
                             "«32 Zacatecas» en la columna B; ¿cambió el diseño?)")
    tabla = pd.DataFrame(renglones, columns=["trimestre", "cve_ent", "nombre", "usd", "_fila", "_columna"])
    vacios = tabla.groupby("trimestre")["usd"].apply(lambda s: int(s.isna().sum()))
    a_medias = vacios[(vacios > 0) & (vacios < 32)]
    if not a_medias.empty:
        t = a_medias.index[0]
        celda = tabla[(tabla["trimestre"] == t) & tabla["usd"].isna()].iloc[0]
        raise ErrorDeEntrada(archivo, f"el trimestre {t:%Y-%m} trae datos de unas entidades y de otras no",
                             int(celda["_fila"]), celda["_columna"])
    tabla = tabla[~tabla["trimestre"].isin(set(vacios[vacios == 32].index))]
    if tabla.empty:
        raise ErrorDeEntrada(archivo, "el cuadro no trae ningún trimestre con datos")
    return tabla.astype({"usd": "int64"}).reset_index(drop=True)


def _catalogo(crudos: Path) -> dict[str, str]:
    ruta = Path(crudos) / "tablas" / "mexico_entidades.geojson"
    tabla = entidades.entidades(ruta, {})
    return dict(zip(tabla["cve_ent"], tabla["entidad"]))


def _sin_acentos(texto: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texto.casefold()) if not unicodedata.combining(c)).strip()


def nombres_incluidos(crudos: Path) -> dict[str, str]:
    """{cve_ent: nombre} de la tabla incluida (los nombres del cuadro tal como los escribió el compilador)."""
    ruta = Path(crudos) / "tablas" / ARCHIVOS[0].split("/", 1)[1]
    tabla = pd.read_csv(ruta, dtype=str, usecols=["CVE_ENT", "ENTIDAD"]).drop_duplicates()
    return {f"{int(c):02d}": n for c, n in zip(tabla["CVE_ENT"], tabla["ENTIDAD"])}


def comprobar_nombres(cuadro: pd.DataFrame, nombres: dict[str, str], archivo: str) -> None:
    for _, r in cuadro.drop_duplicates("cve_ent").iterrows():
        esperado = nombres.get(r["cve_ent"])
        if esperado is not None and _sin_acentos(esperado) != _sin_acentos(r["nombre"]):
            raise ErrorDeEntrada(archivo, f"la clave {r['cve_ent']} dice {r['nombre']!r} y en la tabla incluida es "
                                 f"{esperado!r} (¿se reordenó el cuadro?)", int(r["_fila"]), "B")


# Lo que decide una lectura (etl/cache_lecturas.py): este módulo, el lector de entidades y, como dependencias, el
# catálogo de entidades y la tabla incluida (sus nombres se comparan con los del cuadro).
CODIGO = [Path(__file__), Path(entidades.__file__)]
_TIPOS = cache_lecturas.con_tipos({"trimestre": "date", "cve_ent": "str", "entidad": "str", "usd": "Int64"})


def leer_instantanea(carpeta: Path, contexto: dict) -> pd.DataFrame:
    """La descarga como la tabla `remesas` (trimestre, cve_ent, entidad, usd, fuente_id). El libro es inmutable: su
    lectura se guarda en la caché de lecturas y cada construcción la toma de ahí (calamine, la comparación de nombres
    y el catálogo de entidades, que lee el GeoJSON, costaban un cuarto de segundo por descarga)."""
    libros = [p for p in sorted(Path(carpeta).glob(f"{NOMBRE}.xls*")) if not p.name.endswith(".meta.json")]
    if len(libros) != 1:
        raise ErrorDeEntrada(str(carpeta), f"se esperaba un libro {NOMBRE}.xls o .xlsx y hay {len(libros)}")
    libro, crudos = libros[0], Path(contexto["crudos"])

    def leer() -> pd.DataFrame:
        cuadro = leer_cuadro(libro)
        comprobar_nombres(cuadro, nombres_incluidos(crudos), libro.name)
        catalogo = _catalogo(crudos)
        return pd.DataFrame({
            "trimestre": cuadro["trimestre"],
            "cve_ent": cuadro["cve_ent"],
            "entidad": cuadro["cve_ent"].map(catalogo),
            "usd": cuadro["usd"].astype("Int64"),
        })

    dependencias = [crudos / "tablas" / "mexico_entidades.geojson", crudos / ARCHIVOS[0]]
    tabla = cache_lecturas.leer(sha256(libro), "", dependencias, CODIGO, leer, _TIPOS)  # la lectura no lleva el nombre
    return tabla.assign(fuente_id=contexto["id"](libro))


def construir(c) -> None:
    from . import lector

    catalogo = dict(zip(c.tablas["entidades"]["cve_ent"], c.tablas["entidades"]["entidad"]))
    ruta, ficha = c.cargar("banxico_remesas_por_entidad.csv")
    c.tablas["remesas"] = lector.remesas_por_entidad(ruta, catalogo, ficha)
