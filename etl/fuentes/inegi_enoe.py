"""INEGI, ENOE: personas ocupadas nacidas en México y en el extranjero, por formalidad (trimestral).

Sin descarga automática: la tabla cruza lugar de nacimiento con formalidad, un tabulado que no es un indicador del
Banco de Indicadores (la API con token `INEGI_TOKEN` sólo da ocupación total, por sexo, etc.); se arma de los
microdatos de la ENOE y se actualiza a mano (copiar el CSV y `python -m etl ficha`)."""

METADATOS = {
    "titulo": "Ocupados por lugar de nacimiento y formalidad (ENOE)",
    "titulo_en": "Employed people by place of birth and formality (ENOE)",
    "productor": "Instituto Nacional de Estadística y Geografía (INEGI)",
    "productor_en": "Instituto Nacional de Estadística y Geografía (INEGI)",
    "unidad": "personas", "unidad_en": "people",
    "licencia": "Términos de uso del INEGI (libre uso citando la fuente)",
    "licencia_en": "INEGI terms of use (free use, citing the source)",
    "cita": "INEGI, Encuesta Nacional de Ocupación y Empleo (ENOE).",
    "cita_en": "INEGI, Encuesta Nacional de Ocupación y Empleo (ENOE, National Occupation and Employment Survey).",
    "cadencia": "trimestral",
    "rezago_dias": 50,  # estimación: los resultados trimestrales salen unas siete semanas después del cierre
    "url": "https://www.inegi.org.mx/programas/enoe/15ymas/",
    "token": "INEGI_TOKEN",
}
ARCHIVOS = ("tablas/inegi_enoe_ocupados_nacidos_extranjero.csv",)
TABLAS = ("enoe_ocupados",)
LECTOR = "etl.enoe"
PERIODO = ("enoe_ocupados", "trimestre")
