"""Migración Panamá (SNM): tránsito irregular por el Darién, del PDF mensual acumulado del año.

Dirección: el SNM sube cada mes un PDF acumulado del año a una ruta plana de su WordPress, `URL` con el nombre del mes
en mayúsculas (la forma de un script R de USAID, migration_functions.R `pull_dar`; el del mes en español, ENERO …
DICIEMBRE, es inferencia: ese script recibe el mes de quien lo llama y no se encontró ninguna dirección comprobada con
otra forma ni con el año en el nombre). Se prueba del mes en curso hacia atrás hasta el primero que exista (404 = aún
no publicado). El sitio rechaza agentes que no parecen navegador (`AGENTE`) y se le conocen problemas de TLS: aquí la
verificación TLS NO se desactiva; si falla, la fuente falla con el motivo y se sigue el procedimiento a mano.

Diseño y lector: `pdf.py` (encabezado «País ene … dic Total», nombres de varias palabras, llamadas «(1)», «Otros»,
«Total» comprobado contra la suma, «Hijos de ciudadanos …» fuera). Nombres a ISO-3 por nombre_es de catalogos/paises.csv
y `GRAFIAS`. El año: el del nombre de la instantánea (el que se pidió); si el título sobre el encabezado dice otro, se
rechaza. Si el título no dice el año, un PDF del año anterior que siguiera en la misma dirección no se distingue: por
eso sólo se pide el año en curso, y la README lo advierte.

Lo que no se sabe del PDF real (no hay ninguno en el repositorio ni en código público: se escribió con lo descrito en
pdftools de ese script): si las cifras caen bajo su encabezado (se asume), si la tabla cabe en una página (se exige) y
si «Hijos de ciudadanos …» entra al «Total» (se aceptan las dos sumas). Un PDF que no encaja no publica nada: va a
cuarentena con página, renglón y columna, y el CSV compilado se actualiza a mano como antes (README).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pandas as pd

from etl import cache_lecturas
from etl.descarga import FalloDescarga, obtener
from etl.errores import ErrorDeEntrada
from etl.lectura import grafias_de_paises
from etl.procedencia import sha256

METADATOS = {
    "titulo": "Tránsito irregular por el Darién, por nacionalidad",
    "titulo_en": "Irregular transit through the Darién, by nationality",
    "productor": "Servicio Nacional de Migración de Panamá (SNM)",
    "productor_en": "Servicio Nacional de Migración de Panamá (SNM, Panama's National Migration Service)",
    "unidad": "personas", "unidad_en": "people",
    "licencia": "Estadística gubernamental de Panamá (citar la fuente; sin licencia declarada)",
    "licencia_en": "Government statistics of Panama (cite the source; no licence declared)",
    "cita": "Servicio Nacional de Migración de Panamá, Irregulares en tránsito por Darién.",
    "cita_en": "Servicio Nacional de Migración de Panamá, Irregulares en tránsito por Darién (irregular transit through the Darién).",
    "cadencia": "mensual",
    "rezago_dias": 15,  # estimación: el PDF del mes suele aparecer en las dos semanas siguientes
    "url": "https://www.migracion.gob.pa/estadisticas/",
    "token": None,
}
GRAFIAS = Path("catalogos") / "darien_grafias.csv"  # relativa a datos/crudos
ARCHIVOS = ("tablas/panama_darien_por_nacionalidad.csv", GRAFIAS.as_posix())
TABLAS = ("darien",)
LECTOR = "etl.fuentes.darien.lector"
PERIODO = ("darien", "periodo_inicio")

URL = "https://migracion.gob.pa/wp-content/uploads/IRREGULARES-POR-DARIEN-{mes}.pdf"
MESES_URL = ("ENERO", "FEBRERO", "MARZO", "ABRIL", "MAYO", "JUNIO", "JULIO", "AGOSTO", "SEPTIEMBRE", "OCTUBRE",
             "NOVIEMBRE", "DICIEMBRE")
# El sitio del SNM responde a navegadores; el agente dice también quién pide (ASCII: cabecera HTTP).
AGENTE = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 "
          "tablero-movilidad-humana/1.0")
CABECERAS = {"User-Agent": AGENTE, "Accept": "application/pdf,*/*;q=0.8", "Accept-Language": "es-PA,es;q=0.9"}
_NOMBRE = re.compile(r"^(\d{4})-IRREGULARES-POR-DARIEN-([A-Z]+)\.pdf$")


def hoy() -> date:
    return datetime.now(UTC).date()


def descargar(cliente: httpx.Client, anio: int | None = None) -> list[tuple[str, bytes, str]]:
    """El PDF del mes más reciente publicado de `anio` (el año en curso por omisión), guardado como
    `<año>-IRREGULARES-POR-DARIEN-<MES>.pdf`: el año que se pidió va en el nombre porque el del SNM no lo lleva."""
    actual = hoy()
    anio = anio or actual.year
    ultimo = actual.month if anio == actual.year else 12
    probadas = []
    for mes in range(ultimo, 0, -1):
        url = URL.format(mes=MESES_URL[mes - 1])
        try:
            r = obtener(cliente, url, headers=CABECERAS)
        except FalloDescarga as e:
            if str(e).startswith("HTTP 404 "):
                probadas.append(MESES_URL[mes - 1])
                continue  # ese mes aún no se publica
            raise
        if not r.content.startswith(b"%PDF"):
            raise FalloDescarga(f"{url} no devolvió un PDF (¿una página de error o de desafío del sitio?)")
        return [(f"{anio}-{url.rsplit('/', 1)[1]}", r.content, str(r.url))]
    raise FalloDescarga(f"ningún PDF de {anio} publicado: HTTP 404 en {', '.join(probadas)} ({URL})")


def grafias(crudos: Path) -> dict[str, str]:
    """{nombre normalizado → ISO-3}: nombre_es de catalogos/paises.csv más las grafías propias de la tabla del SNM."""
    from . import pdf

    return grafias_de_paises(crudos, GRAFIAS, "nombre_es", pdf.clave)


def leer_pdf(ruta: Path, mapa: dict[str, str], fuente_id: str) -> pd.DataFrame:
    """Los renglones de la tabla `darien` (meses publicados del año) de un PDF del SNM. Un diseño distinto se rechaza
    nombrando fuente, archivo (con su página), renglón y columna."""
    from etl.acotado import LIMITES_CONSOLA, Tarea  # el mismo encierro que `proponer` en la línea de órdenes
    from etl.proponer import DocumentoIlegible

    from . import pdf

    archivo = f"{fuente_id} (fuente darien)"
    nombre = _NOMBRE.match(Path(ruta).name)
    if nombre is None or nombre.group(2) not in MESES_URL:
        raise ErrorDeEntrada(archivo, "el nombre no es <año>-IRREGULARES-POR-DARIEN-<MES>.pdf: no se sabe de qué año es")
    anio = int(nombre.group(1))
    try:
        palabras = Tarea(Path(ruta).name, pdf.palabras, (Path(ruta).read_bytes(), LIMITES_CONSOLA.paginas),
                         LIMITES_CONSOLA).esperar()
    except DocumentoIlegible as e:
        raise ErrorDeEntrada(archivo, f"no se puede leer el PDF: {e}") from None
    try:
        tabla = pdf.tabla(palabras)
        if tabla.anio is not None and tabla.anio != anio:
            raise pdf.TablaIlegible(f"el título dice {tabla.anio} y se pidió el PDF de {anio} (¿el del año anterior "
                                    "sigue en la misma dirección?)", tabla.pagina, tabla.renglon_anio)
        pdf.comprobar(tabla)
        renglones = pdf.filas(tabla, anio, mapa)
    except pdf.TablaIlegible as e:
        donde = f"{archivo}, página {e.pagina}" if e.pagina else archivo
        raise ErrorDeEntrada(donde, e.mensaje, e.renglon, e.columna) from None
    return pd.DataFrame({
        "periodo_inicio": [m for m, _, _, _ in renglones],
        "periodicidad": "mensual",
        "iso3": [c for _, c, _, _ in renglones],
        "n": pd.array([n for _, _, n, _ in renglones], dtype="Int64"),
        "fuente_id": fuente_id,
    })


def _codigo() -> list[Path]:
    """Lo que decide una lectura (etl/cache_lecturas.py): este módulo, `pdf.py`, el lector de grafías y la versión de
    pdfplumber (las posiciones de las palabras salen de él)."""
    import pdfplumber

    from . import pdf

    return [Path(__file__), Path(pdf.__file__), Path(__file__).resolve().parents[2] / "lectura.py",
            Path(pdfplumber.__file__).with_name("_version.py")]


_TIPOS = cache_lecturas.con_tipos({"periodo_inicio": "date", "periodicidad": "str", "iso3": "str", "n": "Int64"})


def leer_instantanea(carpeta: Path, contexto: dict) -> pd.DataFrame:
    """La descarga como la tabla `darien` (reemplaza, al construir, los meses que trae). Cada PDF es inmutable: su
    lectura (pdfplumber en un proceso hijo, un quinto de segundo por PDF) se guarda en la caché de lecturas."""
    rutas = sorted(Path(carpeta).glob("*.pdf"))
    if not rutas:
        raise ErrorDeEntrada(f"{carpeta} (fuente darien)", "la instantánea no trae el PDF del SNM")
    crudos = Path(contexto["crudos"])
    dependencias = [crudos / "catalogos" / "paises.csv", crudos / GRAFIAS]
    partes = []
    for r in rutas:
        fuente_id = contexto["id"](r)
        tabla = cache_lecturas.leer(  # con el nombre: de él sale el año
            sha256(r), r.name, dependencias, _codigo(),
            lambda r=r, fuente_id=fuente_id: leer_pdf(r, grafias(crudos), fuente_id).drop(columns="fuente_id"), _TIPOS)
        partes.append(tabla.assign(fuente_id=fuente_id))
    return pd.concat(partes, ignore_index=True)


def construir(c) -> None:
    """El CSV compilado incluido; el catálogo de grafías se comprueba siempre, y las descargas del SNM se aplican
    después con `leer_instantanea`."""
    from etl.procedencia import leer_ficha

    from . import lector

    ruta, ficha = c.cargar("panama_darien_por_nacionalidad.csv")
    c.tablas["darien"] = lector.cruces_darien(ruta, c.codigos, ficha)
    c.fichas.append(leer_ficha(c.crudos / GRAFIAS))
    grafias(c.crudos)
