"""OIM, Proyecto Migrantes Desaparecidos (MMP): incidentes en México, del CSV global que publica la OIM.

Dirección: la OIM deja el CSV global de incidentes en una ruta fija de su sitio (`URL`, enlazada desde
https://missingmigrants.iom.int/downloads), que código público baja sin formulario ni clave (p. ej.
`scripts/fetch_deaths.py` de home-office-data-explorer: «a pre-generated global incident-level CSV at a stable static path»;
el mismo archivo en .xlsx, en R). La exportación de /global-figures/all/csv lleva parámetros `eid` y `token` de una
tanda de Drupal y no sirve. HDX publica otra exportación (columnas web_id, number_dead…, armada por OCHA con la API de
la OIM, hdx-scraper-iom) con otro diseño: no se usa.

Diseño (encabezado de una copia real, tests/fixtures/publicadores/mmp_oim_recorte.csv): «Main ID», «Incident ID»,
«Incident Type», «Region of Incident», «Incident Date» (AAAA-MM-DD), «Incident Year», «Month», «Number of Dead»,
«Minimum Estimated Number of Missing», «Total Number of Dead and Missing», «Number of Survivors», «Number of
Females/Males/Children», «Country of Origin» (nombres M49 separados por coma, «Unknown»), «Region of Origin», «Cause of
Death», «Country of Incident», «Migration Route», «Location of Incident» («Location of death» en archivos viejos),
«Coordinates» («lat, lon»), «UNSD Geographical Grouping», «Information Source», «URL», «Source Quality»; UTF-8 con BOM.

Correspondencia con el CSV incluido (compilación del paquete R gdidata de la OIM, columnas t, m, type, route, geo, dead,
cause, surv, nat, location, lon, lat): t = Incident Date; type = Incident Type y cause = Cause of Death con las mismas
categorías; surv = Number of Survivors; nat = Country of Origin en ISO-3 (UNK = Unknown) por catálogo
(catalogos/paises.csv y catalogos/mmp_grafias.csv); location = Location of Incident; lon, lat = Coordinates al revés;
geo = Country of Incident («Mexico»). `dead` es «Total Number of Dead and Missing», no «Number of Dead»: (1) gdidata lo
documenta así (R/iom_mmp.R: «dead: number of dead or missing»); (2) la suma de `dead` de todo gdidata por año (2016:
8,253; 2023: 8,755) está a menos de 3% de los totales de muertos y desaparecidos que la OIM publicó (2016: 8,084; 2023:
8,565, comunicado de marzo de 2024), mientras que «Number of Dead» deja fuera a los desaparecidos de los naufragios
(2014.MMP00037: 2 muertos y 42 desaparecidos); (3) `dead` nunca es 0 ni vacío en el CSV incluido, como el total (un
incidente registra al menos una persona), aunque hay incidentes sólo con desaparecidos; (4) el renglón real de México
2014.MMP00036 (Ciudad Juárez) da el renglón 2 del CSV incluido (una prueba lo comprueba). `route` NO es la columna
oficial: gdidata agrupa las rutas a su manera («Central American Route» para todo México, también para «US-Mexico border
crossing»), sin correspondencia publicada; de la descarga, `ruta` es «Migration Route» tal como la escribe la OIM.

`incidente` es el número de fila en su archivo (como en el CSV incluido): con `fuente_id` identifica el renglón.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import httpx
import pandas as pd

from etl import cache_lecturas, geometria
from etl.descarga import obtener
from etl.errores import ErrorDeEntrada
from etl.lectura import a_entero, a_fecha, grafias_de_paises, leer_csv
from etl.procedencia import sha256

METADATOS = {
    "titulo": "Muertes y desapariciones de personas migrantes en México (incidentes)",
    "titulo_en": "Deaths and disappearances of migrants in Mexico (incidents)",
    "productor": "OIM, Proyecto Migrantes Desaparecidos (Missing Migrants Project)",
    "productor_en": "OIM (IOM), Missing Migrants Project",
    "unidad": "personas", "unidad_en": "people",
    "licencia": "Términos de uso del MMP de la OIM (citar la fuente)",
    "licencia_en": "IOM Missing Migrants Project terms of use (cite the source)",
    "cita": "OIM, Proyecto Migrantes Desaparecidos (Missing Migrants Project).",
    "cita_en": "OIM (IOM), Missing Migrants Project.",
    "cadencia": "mensual",
    "rezago_dias": 30,  # estimación: la base se actualiza de forma continua; un mes suele completarse en el siguiente
    "url": "https://missingmigrants.iom.int/downloads",
    "token": None,
}
GRAFIAS = Path("catalogos") / "mmp_grafias.csv"  # relativa a datos/crudos
ARCHIVOS = ("tablas/mmp_incidentes_mexico.csv", GRAFIAS.as_posix())
TABLAS = ("mmp_incidentes",)
LECTOR = "etl.fuentes.mmp.lector"
PERIODO = ("mmp_incidentes", "mes")

URL = ("https://missingmigrants.iom.int/sites/g/files/tmzbdl601/files/report-migrant-incident/"
       "Missing_Migrants_Global_Figures_allData.csv")
ARCHIVO = "Missing_Migrants_Global_Figures_allData.csv"
PAIS = "Mexico"  # «Country of Incident» de los renglones que se publican
UBICACION = ("Location of Incident", "Location of death")  # una de las dos, según la edición del archivo
COLUMNAS = ["Incident Type", "Incident Date", "Number of Dead", "Minimum Estimated Number of Missing",
            "Total Number of Dead and Missing", "Number of Survivors", "Country of Origin", "Cause of Death",
            "Country of Incident", "Migration Route", "Coordinates"]
CONOCIDAS = ("Main ID", "Incident ID", "Region of Incident", "Incident Year", "Month", "Number of Females",
             "Number of Males", "Number of Children", "Region of Origin", "UNSD Geographical Grouping",
             "Information Source", "URL", "Source Quality", *UBICACION)  # se aceptan y no se usan (salvo la ubicación)


def descargar(cliente: httpx.Client, anio: int | None = None) -> list[tuple[str, bytes, str]]:
    """El CSV global tal como llega (todos los países y años; el lector se queda con México)."""
    r = obtener(cliente, URL)
    return [(ARCHIVO, r.content, str(r.url))]


def _clave(nombre: str) -> str:
    texto = unicodedata.normalize("NFC", str(nombre)).replace("’", "'").replace("‘", "'")
    return " ".join(texto.split()).casefold()


def grafias(crudos: Path) -> dict[str, str]:
    """{grafía normalizada → ISO-3}: nombre_en de catalogos/paises.csv más las grafías propias del CSV de la OIM."""
    return grafias_de_paises(crudos, GRAFIAS, "nombre_en", _clave)


def a_iso3(texto: str, mapa: dict[str, str]) -> list[str] | None:
    """«Honduras,Mexico» → [HND, MEX]. Los nombres se separan por coma, pero un nombre M49 puede llevar una
    («China, Hong Kong SAR»): se prueba primero la unión más larga de pedazos que esté en el catálogo."""
    pedazos = [p for p in str(texto).split(",")]
    salida, i = [], 0
    while i < len(pedazos):
        for j in range(len(pedazos), i, -1):
            codigo = mapa.get(_clave(",".join(pedazos[i:j])))
            if codigo:
                salida.append(codigo)
                i = j
                break
        else:
            return None
    return salida


def _coordenadas(crudo: pd.DataFrame, archivo: str) -> tuple[pd.Series, pd.Series]:
    """«lat, lon» → (lon, lat) en grados; vacío, texto o fuera de rango detiene el ETL."""
    lon, lat = [], []
    for texto, fila in zip(crudo["Coordinates"], crudo["_fila"]):
        partes = str(texto).split(",")
        try:
            y, x = (float(p) for p in partes)
        except ValueError:
            raise ErrorDeEntrada(archivo, f"{str(texto)[:40]!r} no es «latitud, longitud»", int(fila), "Coordinates") from None
        if not (-90 <= y <= 90 and -180 <= x <= 180):
            raise ErrorDeEntrada(archivo, f"coordenadas fuera de rango {texto!r} (se espera «latitud, longitud»)",
                                 int(fila), "Coordinates")
        lon.append(x)
        lat.append(y)
    return pd.Series(lon, index=crudo.index, dtype="Float64"), pd.Series(lat, index=crudo.index, dtype="Float64")


def _texto(crudo: pd.DataFrame, columna: str, archivo: str) -> pd.Series:
    texto = crudo[columna].str.strip()
    vacio = texto.eq("")
    if vacio.any():
        raise ErrorDeEntrada(archivo, "valor vacío", int(crudo.loc[vacio, "_fila"].iloc[0]), columna)
    return texto


def incidentes(ruta: Path, mapa: dict[str, str], entidades: pd.DataFrame, fuente_id: str) -> pd.DataFrame:
    """Los incidentes con «Country of Incident» = Mexico del CSV global de la OIM, con las columnas de la tabla
    `mmp_incidentes` (ver la correspondencia en el docstring del módulo). Un diseño distinto se rechaza nombrando
    fuente, archivo, fila y columna."""
    archivo = f"{fuente_id} (fuente mmp)"
    try:
        todo = leer_csv(ruta, COLUMNAS, CONOCIDAS)
    except ErrorDeEntrada as e:  # el mismo mensaje, con la fuente y la instantánea en vez del nombre suelto
        raise ErrorDeEntrada(archivo, e.mensaje, e.fila, e.columna) from None
    ubicacion = next((c for c in UBICACION if c in todo.columns), None)
    if ubicacion is None:
        raise ErrorDeEntrada(archivo, f"falta la columna de ubicación (una de {list(UBICACION)})", 1)
    crudo = todo[todo["Country of Incident"].astype(str).str.strip() == PAIS]
    if crudo.empty:
        raise ErrorDeEntrada(archivo, f"no trae ningún incidente con «Country of Incident» = {PAIS!r} (¿cambió el diseño?)",
                             columna="Country of Incident")
    fecha = a_fecha(crudo, "Incident Date", archivo)
    muertos = a_entero(crudo, "Number of Dead", archivo, nulo=True)
    desaparecidos = a_entero(crudo, "Minimum Estimated Number of Missing", archivo, nulo=True)
    total = a_entero(crudo, "Total Number of Dead and Missing", archivo)
    distinto = total != muertos.fillna(0) + desaparecidos.fillna(0)
    if distinto.any():
        fila = int(crudo.loc[distinto, "_fila"].iloc[0])
        raise ErrorDeEntrada(archivo, "el total de muertos y desaparecidos no es la suma de «Number of Dead» y «Minimum "
                             "Estimated Number of Missing» (¿columnas cambiadas de lugar?)", fila, "Total Number of Dead and Missing")
    if (total < 1).any():
        raise ErrorDeEntrada(archivo, "incidente sin ninguna persona muerta ni desaparecida", int(crudo.loc[total < 1, "_fila"].iloc[0]),
                             "Total Number of Dead and Missing")
    if "Incident Year" in crudo:
        anio_dicho = a_entero(crudo, "Incident Year", archivo)
        otro = anio_dicho != pd.Series([f.year for f in fecha], index=crudo.index)
        if otro.any():
            raise ErrorDeEntrada(archivo, "el año no corresponde a «Incident Date»", int(crudo.loc[otro, "_fila"].iloc[0]), "Incident Year")
    nacionalidades = []
    for texto, fila in zip(crudo["Country of Origin"], crudo["_fila"]):
        codigos = a_iso3(texto, mapa) if str(texto).strip() else None
        if not codigos:
            raise ErrorDeEntrada(archivo, f"país de origen {str(texto)[:60]!r} no está en catalogos/paises.csv (nombre_en) "
                                 f"ni en {GRAFIAS.as_posix()}; agréguelo al catálogo de grafías", int(fila), "Country of Origin")
        nacionalidades.append(",".join(codigos))
    lon, lat = _coordenadas(crudo, archivo)
    donde = geometria.ubicar(geometria.formas(entidades), lon.to_numpy(dtype=float), lat.to_numpy(dtype=float))
    donde.index = crudo.index
    return pd.DataFrame({
        "incidente": crudo["_fila"].astype("int64"),
        "fecha": fecha,
        "mes": fecha.map(lambda f: f.replace(day=1)),
        "anio": pd.Series([f.year for f in fecha], index=crudo.index, dtype="int64"),
        "tipo": _texto(crudo, "Incident Type", archivo),
        "ruta": crudo["Migration Route"].str.strip(),
        "muertes": total,
        "sobrevivientes": a_entero(crudo, "Number of Survivors", archivo, nulo=True),
        "causa": _texto(crudo, "Cause of Death", archivo),
        "nacionalidades": pd.Series(nacionalidades, index=crudo.index, dtype=object),
        "ubicacion": crudo[ubicacion].str.strip(),
        "lon": lon,
        "lat": lat,
        "en_mexico": donde["en_mexico"].astype(bool),
        "cve_ent": donde["cve_ent"],
        "fuente_id": fuente_id,
    }).reset_index(drop=True)


def _entidades(contexto: dict) -> pd.DataFrame:
    if contexto.get("entidades") is None:
        from etl.fuentes.entidades import lector as entidades

        contexto["entidades"] = entidades.entidades(Path(contexto["crudos"]) / "tablas" / "mexico_entidades.geojson", {})
    return contexto["entidades"]


# Lo que decide una lectura (etl/cache_lecturas.py): este módulo, el de lectura, la geometría y el lector de entidades.
CODIGO = [Path(__file__), Path(geometria.__file__), Path(__file__).resolve().parents[2] / "lectura.py",
          Path(__file__).resolve().parents[1] / "entidades" / "lector.py"]
_TIPOS = cache_lecturas.con_tipos({
    "incidente": "int64", "fecha": "date", "mes": "date", "anio": "int64", "tipo": "object", "ruta": "object",
    "muertes": "Int64", "sobrevivientes": "Int64", "causa": "object", "nacionalidades": "object", "ubicacion": "object",
    "lon": "Float64", "lat": "Float64", "en_mexico": "bool", "cve_ent": "str"})


def leer_instantanea(carpeta: Path, contexto: dict) -> pd.DataFrame:
    """La descarga como la tabla `mmp_incidentes` (reemplaza, al construir, los meses que trae). El CSV global es
    inmutable (unos 20,000 incidentes de todo el mundo): su lectura, con cada incidente ubicado en su entidad, se
    guarda en la caché de lecturas y cada construcción la toma de ahí."""
    rutas = [p for p in sorted(Path(carpeta).glob("*.csv"))]
    if not rutas:
        raise ErrorDeEntrada(f"{carpeta} (fuente mmp)", "la instantánea no trae el CSV de la OIM")
    crudos = Path(contexto["crudos"])
    dependencias = [crudos / "catalogos" / "paises.csv", crudos / GRAFIAS, crudos / "tablas" / "mexico_entidades.geojson"]
    partes = []
    for r in rutas:
        fuente_id = contexto["id"](r)
        tabla = cache_lecturas.leer(  # la lectura no lleva el nombre del archivo (`incidente` es su número de fila)
            sha256(r), "", dependencias, CODIGO,
            lambda r=r, fuente_id=fuente_id: incidentes(r, grafias(crudos), _entidades(contexto), fuente_id).drop(
                columns="fuente_id"), _TIPOS)
        partes.append(tabla.assign(fuente_id=fuente_id))
    return pd.concat(partes, ignore_index=True)


def construir(c) -> None:
    """El CSV compilado incluido; el catálogo de grafías se comprueba siempre, y las descargas de la OIM se aplican
    después con `leer_instantanea` (que ubica cada incidente en su entidad)."""
    from etl.procedencia import leer_ficha

    from . import lector

    ruta, ficha = c.cargar("mmp_incidentes_mexico.csv")
    c.tablas["mmp_incidentes"] = lector.incidentes(ruta, c.codigos, ficha, c.tablas["entidades"])
    c.fichas.append(leer_ficha(c.crudos / GRAFIAS))
    grafias(c.crudos)
    c.contexto["entidades"] = c.tablas["entidades"]
