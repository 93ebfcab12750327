"""Banxico: ingresos por remesas por entidad federativa (cuadro CE100 del SIE, trimestral).

Sin descarga automática: la API del SIE pide un token (`BANXICO_TOKEN`) y los identificadores de serie por entidad
del cuadro CE100, que no están documentados en ninguna fuente revisada; mientras no se tengan, el archivo se
actualiza a mano (copiar el CSV y `python -m etl ficha`)."""

METADATOS = {
    "titulo": "Ingresos por remesas, por entidad federativa",
    "titulo_en": "Remittance inflows, by state",
    "productor": "Banco de México (Banxico), Sistema de Información Económica",
    "unidad": "dólares", "unidad_en": "US dollars",
    "licencia": "Datos públicos del Banco de México (citar «Fuente: Banco de México»)",
    "cita": "Banco de México, SIE, cuadro CE100: Ingresos por remesas, distribución por entidad federativa.",
    "cadencia": "trimestral",
    "rezago_dias": 35,  # estimación: el trimestre se publica a inicios del segundo mes siguiente
    "url": "https://www.banxico.org.mx/SieInternet/consultarDirectorioInternetAction.do?sector=1&accion=consultarCuadro&idCuadro=CE100&locale=es",
    "token": "BANXICO_TOKEN",
}
ARCHIVOS = ("tablas/banxico_remesas_por_entidad.csv",)
TABLAS = ("remesas",)
LECTOR = "etl.remesas"
PERIODO = ("remesas", "trimestre")
