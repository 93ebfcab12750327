"""INEGI: límites de las 32 entidades federativas (Marco Geoestadístico). Sin periodos: no se mide su frescura."""

METADATOS = {
    "titulo": "Entidades federativas de México (límites)",
    "titulo_en": "Mexican states (boundaries)",
    "productor": "Instituto Nacional de Estadística y Geografía (INEGI), Marco Geoestadístico",
    "productor_en": "Instituto Nacional de Estadística y Geografía (INEGI), Marco Geoestadístico (Geostatistical Framework)",
    "unidad": None, "unidad_en": None,
    "licencia": "Términos de uso del INEGI (libre uso citando la fuente)",
    "licencia_en": "INEGI terms of use (free use, citing the source)",
    "cita": "INEGI, Marco Geoestadístico, entidades federativas.",
    "cita_en": "INEGI, Marco Geoestadístico (Geostatistical Framework), states.",
    "cadencia": None,
    "rezago_dias": None,
    "url": "https://www.inegi.org.mx/temas/mg/",
    "token": None,
}
ARCHIVOS = ("tablas/mexico_entidades.geojson",)
TABLAS = ("entidades", "entidades_simplificadas")
LECTOR = "etl.fuentes.entidades.lector"


def construir(c) -> None:
    """Las entidades y su versión simplificada para el mapa (las usan mmp, banxico y los centros)."""
    from etl import geometria

    from . import lector

    ruta, ficha = c.cargar("mexico_entidades.geojson")
    c.tablas["entidades"] = lector.entidades(ruta, ficha)
    c.tablas["entidades_simplificadas"] = geometria.entidades_simplificadas(c.tablas["entidades"])
