"""OIM, Proyecto Migrantes Desaparecidos: incidentes en México.

Sin descarga automática todavía: el CSV incluido es la compilación del paquete R gdidata (columnas t, m, type, route,
geo, dead, cause, surv, nat, location, lon, lat), no la descarga de la OIM, cuyas columnas («Incident ID»,
«Total Number of Dead and Missing», «Country of Origin» con nombres, «Coordinates»…) piden una correspondencia que no
se ha comprobado contra la compilación. Se actualiza a mano (copiar el CSV y `python -m etl ficha`)."""

METADATOS = {
    "titulo": "Muertes y desapariciones de personas migrantes en México (incidentes)",
    "titulo_en": "Deaths and disappearances of migrants in Mexico (incidents)",
    "productor": "OIM, Proyecto Migrantes Desaparecidos (Missing Migrants Project)",
    "unidad": "personas", "unidad_en": "people",
    "licencia": "Términos de uso del MMP de la OIM (citar la fuente)",
    "cita": "OIM, Proyecto Migrantes Desaparecidos (Missing Migrants Project).",
    "cadencia": "mensual",
    "rezago_dias": 30,  # estimación: la base se actualiza de forma continua; un mes suele completarse en el siguiente
    "url": "https://missingmigrants.iom.int/downloads",
    "token": None,
}
ARCHIVOS = ("tablas/mmp_incidentes_mexico.csv",)
TABLAS = ("mmp_incidentes",)
LECTOR = "etl.mmp"
PERIODO = ("mmp_incidentes", "mes")
