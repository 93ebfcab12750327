"""UPMRIP (SEGOB): cuadros del Boletín Mensual de Estadísticas Migratorias, en los CSV compilados que trae el repositorio.

El Boletín tal como lo publica la UPMRIP (libros .xls/.xlsx por año) lo descarga y lee la fuente `upmrip_boletin`
(`etl.fuentes.upmrip_boletin`, con `SUSTITUYE = "upmrip"`): sus descargas reemplazan, para los meses que traen, los
renglones de estos CSV en las mismas tablas.
"""

METADATOS = {
    "titulo": "Boletín Mensual de Estadísticas Migratorias: eventos y devoluciones",
    "titulo_en": "Monthly Migration Statistics Bulletin: events and returns",
    "productor": "Unidad de Política Migratoria, Registro e Identidad de Personas (UPMRIP), SEGOB",
    "productor_en": "Unidad de Política Migratoria, Registro e Identidad de Personas (UPMRIP, Unit for Migration Policy, Registry and Identity of Persons), SEGOB",
    "unidad": "eventos", "unidad_en": "events",
    "licencia": "Datos abiertos del Gobierno de México (citar la fuente)",
    "licencia_en": "Open data of the Government of Mexico (cite the source)",
    "cita": "UPMRIP, SEGOB. Boletín Mensual de Estadísticas Migratorias, cuadros 3.1.1, 3.1.3 y 3.2.x.",
    "cita_en": "UPMRIP, SEGOB. Boletín Mensual de Estadísticas Migratorias (Monthly Bulletin of Migration Statistics), tables 3.1.1, 3.1.3 and 3.2.x.",
    "cadencia": "mensual",
    "rezago_dias": 60,  # estimación: el boletín del mes M suele salir unas ocho semanas después de su cierre
    "url": "https://portales.segob.gob.mx/es/PoliticaMigratoria/Boletines_Estadisticos",
    "token": None,
}
ARCHIVOS = (
    "tablas/upmrip_eventos_por_nacionalidad.csv",
    "tablas/upmrip_eventos_por_sexo_edad.csv",
    "tablas/upmrip_devoluciones_por_nacionalidad.csv",
)
TABLAS = ("eventos_nacionalidad", "eventos_sexo_edad", "devoluciones")
LECTOR = "etl.fuentes.upmrip.lector"
PERIODO = ("eventos_nacionalidad", "mes")


def construir(c) -> None:
    """Los tres CSV compilados del Boletín."""
    from . import lector

    ruta, ficha = c.cargar("upmrip_eventos_por_nacionalidad.csv")
    c.tablas["eventos_nacionalidad"] = lector.eventos_nacionalidad(ruta, c.codigos, ficha)
    ruta, ficha = c.cargar("upmrip_eventos_por_sexo_edad.csv")
    c.tablas["eventos_sexo_edad"] = lector.eventos_sexo_edad(ruta, ficha)
    ruta, ficha = c.cargar("upmrip_devoluciones_por_nacionalidad.csv")
    c.tablas["devoluciones"] = lector.devoluciones(ruta, c.codigos, ficha)
