"""Migración Panamá (SNM): tránsito irregular por el Darién. Se publica como PDF mensual acumulado (sin dirección
legible por máquina estable): se actualiza a mano (copiar el CSV y `python -m etl ficha`)."""

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
ARCHIVOS = ("tablas/panama_darien_por_nacionalidad.csv",)
TABLAS = ("darien",)
LECTOR = "etl.darien"
PERIODO = ("darien", "periodo_inicio")
