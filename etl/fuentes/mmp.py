"""OIM, Proyecto Migrantes Desaparecidos: incidentes en México.

Sin descarga automática: el CSV incluido es la compilación del paquete R gdidata de la OIM (github.com/iom/gdidata,
columnas t, m, type, route, geo, dead, cause, surv, nat, location, lon, lat), no la descarga de la OIM (columnas como
«Incident Date», «Number of Dead», «Minimum Estimated Number of Missing», «Country of Origin» con nombres,
«Coordinates», según github.com/ksreyes/gdiviz data-raw/create_datasets.R, que lee un CSV bajado a mano). El código
con que gdidata lleva una a la otra no es público (su carpeta data-raw está en .gitignore; R/iom_mmp.R sólo describe
las columnas compiladas), así que no se puede leer el diseño de la OIM sin inventar la correspondencia (de qué
columnas salen `dead`, `type` incident/split/cumulative, `surv`, `route` y `nat` en ISO-3); y no hay una dirección estable del CSV
en https://missingmigrants.iom.int/downloads (la única vista en código público lleva parámetros `eid` y `token`). Se actualiza a
mano: copiar el CSV compilado y `python -m etl ficha`."""

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
ARCHIVOS = ("tablas/mmp_incidentes_mexico.csv",)
TABLAS = ("mmp_incidentes",)
LECTOR = "etl.mmp"
PERIODO = ("mmp_incidentes", "mes")
