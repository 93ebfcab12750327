"""INEGI, ENOE: personas ocupadas nacidas en México y en el extranjero, por formalidad (trimestral).

Sin descarga automática: la tabla cruza lugar de nacimiento con formalidad, un tabulado que no es un indicador del
Banco de Indicadores (la API con token `INEGI_TOKEN` sólo da ocupación total, por sexo, etc.); se arma de los
microdatos de la ENOE y se actualiza a mano (copiar el CSV y `python -m etl ficha`)."""

METADATOS = {
    "titulo": "Ocupados por lugar de nacimiento y formalidad (ENOE)",
    "titulo_en": "Employed people by place of birth and formality (ENOE)",
    "productor": "Instituto Nacional de Estadística y Geografía (INEGI)",
    "unidad": "personas", "unidad_en": "people",
    "licencia": "Términos de uso del INEGI (libre uso citando la fuente)",
    "cita": "INEGI, Encuesta Nacional de Ocupación y Empleo (ENOE).",
    "cadencia": "trimestral",
    "rezago_dias": 50,  # estimación: los resultados trimestrales salen unas siete semanas después del cierre
    "url": "https://www.inegi.org.mx/programas/enoe/15ymas/",
    "token": "INEGI_TOKEN",
}
ARCHIVOS = ("tablas/inegi_enoe_ocupados_nacidos_extranjero.csv",)
TABLAS = ("enoe_ocupados",)
LECTOR = "etl.fuentes.inegi_enoe.lector"
PERIODO = ("enoe_ocupados", "trimestre")


def construir(c) -> None:
    from . import lector

    ruta, ficha = c.cargar("inegi_enoe_ocupados_nacidos_extranjero.csv")
    c.tablas["enoe_ocupados"] = lector.ocupados(ruta, ficha)
