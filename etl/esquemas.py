"""Esquema de cada tabla Parquet: una sola definición que valida (pandera), escribe (pyarrow) y documenta.

Cambiar una columna aquí cambia a la vez la validación, el tipo en Parquet y la documentación.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import pyarrow

from .numeros import CONVENCIONES

TIPOS_ARROW = {
    "fecha": pyarrow.date32(),
    "entero": pyarrow.int64(),
    "decimal": pyarrow.float64(),
    "texto": pyarrow.string(),
    "logico": pyarrow.bool_(),
}


@dataclass(frozen=True)
class Col:
    nombre: str
    tipo: str  # fecha | entero | decimal | texto | logico
    descripcion: str
    nulo: bool = False
    unidad: str = ""
    minimo: float | None = None
    valores: tuple[str, ...] | None = None  # valores permitidos (texto)
    descripcion_en: str = ""  # la descripción en inglés: el diccionario de datos y el paquete en inglés la publican
    unidad_en: str = ""  # la unidad en inglés (obligatoria si hay unidad)


@dataclass(frozen=True)
class Tabla:
    nombre: str
    titulo: str
    descripcion: str
    columnas: tuple[Col, ...]
    clave: tuple[str, ...]
    orden: tuple[str, ...] = field(default=())
    titulo_en: str = ""
    descripcion_en: str = ""

    def nombres(self) -> list[str]:
        return [c.nombre for c in self.columnas]

    def esquema_arrow(self) -> pyarrow.Schema:
        return pyarrow.schema(
            [pyarrow.field(c.nombre, TIPOS_ARROW[c.tipo], nullable=c.nulo) for c in self.columnas]
        )

    def esquema_pandera(self) -> pa.DataFrameSchema:
        columnas = {}
        for c in self.columnas:
            checks = []
            if c.minimo is not None:
                checks.append(pa.Check.ge(c.minimo))
            if c.valores is not None:
                checks.append(pa.Check.isin(list(c.valores)))
            if c.tipo == "texto" and not c.nulo:
                checks.append(pa.Check.str_length(min_value=1))
            columnas[c.nombre] = pa.Column(
                nullable=c.nulo, checks=checks, description=c.descripcion, title=c.nombre, coerce=False
            )
        return pa.DataFrameSchema(
            columnas,
            strict=True,
            ordered=True,
            unique=list(self.clave) if self.clave else None,
            name=self.nombre,
        )


def _mes(desc: str = "Mes de referencia (primer día del mes)",
         desc_en: str = "Reference month (first day of the month)") -> Col:
    return Col("mes", "fecha", desc, descripcion_en=desc_en)


_ISO3 = Col("iso3", "texto", "Nacionalidad, código ISO 3166-1 alfa-3 (o código especial del catálogo de países)",
    descripcion_en="Nationality, ISO 3166-1 alpha-3 code (or special code from the country catalogue)")
_FUENTE = Col("fuente_id", "texto", "Archivo crudo del que proviene el renglón (ver tabla fuentes)",
    descripcion_en="Raw file the row comes from (see table fuentes)")
_N_EVENTOS = Col("n", "entero", "Número de eventos (no personas)", unidad="eventos", minimo=0,
    descripcion_en="Number of events (not people)",
    unidad_en="events")

SEXOS = ("Hombres", "Mujeres")
GRUPOS_EDAD = ("18 años o más", "12 a 17 años", "Menores de 12, acompañados", "Menores de 12, no acompañados")

TABLAS: dict[str, Tabla] = {}


class EsquemaSinTraduccion(ValueError):
    """Una columna sin su descripción (o su unidad) en inglés: el diccionario y el paquete en inglés la mostrarían en
    español."""


def _registrar(t: Tabla) -> Tabla:
    for c in t.columnas:
        if not c.descripcion_en.strip():
            raise EsquemaSinTraduccion(f"tabla {t.nombre}, columna {c.nombre}: falta descripcion_en (la descripción en inglés)")
        if c.unidad and not c.unidad_en.strip():
            raise EsquemaSinTraduccion(f"tabla {t.nombre}, columna {c.nombre}: tiene unidad {c.unidad!r} y falta unidad_en")
    TABLAS[t.nombre] = t
    return t


_registrar(Tabla(
    "documentos", "Documentos fuente",
    "Catálogo de los documentos de los que se toman las cifras.",
    (
        Col("documento_id", "texto", "Identificador: nombre del archivo sin extensión",
            descripcion_en="Identifier: file name without extension"),
        Col("archivo", "texto", "Nombre del archivo en datos/crudos/fuentes",
            descripcion_en="File name in datos/crudos/fuentes"),
        Col("titulo", "texto", "Título tal como lo da el documento", descripcion_en="Title as given by the document"),
        Col("titulo_en", "texto", "Título en inglés", descripcion_en="Title in English"),
        Col("institucion", "texto", "Institución que publica", descripcion_en="Publishing institution"),
        Col("institucion_en", "texto", "Institución que publica, en inglés (los nombres propios pueden quedar en español, con su sigla o una glosa)",
            descripcion_en="Publishing institution, in English (proper names may stay in Spanish, with their acronym "
                           "or a gloss)"),
        Col("fecha_publicacion", "texto", "Fecha de publicación con la precisión que permite el texto (AAAA, AAAA-MM o AAAA-MM-DD)",
            descripcion_en="Publication date with the precision the text allows (YYYY, YYYY-MM or YYYY-MM-DD)"),
        Col("fecha", "fecha", "Fecha de publicación como fecha (primer día del periodo cuando la precisión es menor)",
            descripcion_en="Publication date as a date (first day of the period when the precision is coarser)"),
        Col("fecha_precision", "texto", "Precisión de la fecha", valores=("dia", "mes", "anio"),
            descripcion_en="Precision of the date (dia = day, mes = month, anio = year)"),
        Col("fecha_inferida", "logico", "Verdadero si la fecha se infiere del contexto y no la dice el texto",
            descripcion_en="True if the date is inferred from context and not stated in the text"),
        Col("fecha_nota", "texto", "De dónde se infiere la fecha", nulo=True,
            descripcion_en="Where the date is inferred from"),
        Col("fecha_nota_en", "texto", "De dónde se infiere la fecha, en inglés", nulo=True,
            descripcion_en="Where the date is inferred from, in English"),
        Col("idioma", "texto", "Idioma del documento", valores=("es", "en"), descripcion_en="Language of the document"),
        Col("tipo", "texto", "Tipo de documento", descripcion_en="Document type"),
        Col("url", "texto", "URL que da el propio texto", nulo=True, descripcion_en="URL given by the text itself"),
        Col("formato_numerico", "texto", "Separadores de miles y decimales del texto: coma_miles_punto_decimal (2,300,000.5) "
            "o punto_miles_coma_decimal (2.300.000,5)", valores=CONVENCIONES,
            descripcion_en="Thousands and decimal separators of the text: coma_miles_punto_decimal (2,300,000.5) or "
                           "punto_miles_coma_decimal (2.300.000,5)"),
        Col("sha256", "texto", "Huella SHA-256 del archivo", descripcion_en="SHA-256 fingerprint of the file"),
        Col("texto", "texto", "Texto completo del documento", descripcion_en="Full text of the document"),
    ),
    ("documento_id",),
    titulo_en="Source documents",
    descripcion_en="Catalogue of the documents the figures are taken from.",
))

_registrar(Tabla(
    "indicadores", "Catálogo de indicadores",
    "Qué mide cada indicador, en qué unidad y con qué se puede comparar.",
    (
        Col("indicador_id", "texto", "Identificador estable del indicador",
            descripcion_en="Stable identifier of the indicator"),
        Col("nombre_es", "texto", "Nombre en español", descripcion_en="Name in Spanish"),
        Col("nombre_en", "texto", "Nombre en inglés", descripcion_en="Name in English"),
        Col("definicion", "texto", "Definición", descripcion_en="Definition"),
        Col("definicion_en", "texto", "Definición en inglés", descripcion_en="Definition in English"),
        Col("unidad", "texto", "Unidad de medida", descripcion_en="Unit of measurement"),
        Col("familia", "texto", "Familia temática del indicador", descripcion_en="Thematic family of the indicator"),
        Col("cuenta", "texto", "Qué cuenta una unidad (eventos, personas, empresas…)",
            descripcion_en="What one unit counts (events, people, companies…)"),
        Col("medida", "texto", "Tipo de medida", valores=("stock", "flujo", "acumulado", "proyeccion", "proporcion"),
            descripcion_en="Type of measure (stock, flow, cumulative, projection, share)"),
        Col("comparabilidad", "texto", "Notas de comparabilidad", nulo=True, descripcion_en="Comparability notes"),
        Col("comparabilidad_en", "texto", "Notas de comparabilidad en inglés (vacío sólo si comparabilidad lo está)", nulo=True,
            descripcion_en="Comparability notes in English (empty only if comparabilidad is)"),
    ),
    ("indicador_id",),
    titulo_en="Indicator catalogue",
    descripcion_en="What each indicator measures, in which unit and what it can be compared with.",
))

CALIFICADORES = (
    "exacto", "mas_de", "casi", "alrededor_de", "aproximadamente", "al_menos", "hasta", "menos_de", "rango", "superior_a",
)

_registrar(Tabla(
    "cifras", "Cifras de los documentos",
    "Cada cifra que dicen los documentos, con su calificador, periodo, fuente citada y el fragmento textual que la sostiene.",
    (
        Col("cifra_id", "texto", "Identificador de la cifra", descripcion_en="Identifier of the figure"),
        Col("indicador_id", "texto", "Indicador (ver tabla indicadores)",
            descripcion_en="Indicator (see table indicadores)"),
        Col("documento_id", "texto", "Documento del que se toma (ver tabla documentos)",
            descripcion_en="Document it is taken from (see table documentos)"),
        Col("valor", "decimal", "Valor puntual tal como lo escribe el texto (vacío en rangos)", nulo=True,
            descripcion_en="Point value as written in the text (empty for ranges)"),
        Col("valor_min", "decimal", "Extremo inferior de un rango", nulo=True, descripcion_en="Lower end of a range"),
        Col("valor_max", "decimal", "Extremo superior de un rango", nulo=True, descripcion_en="Upper end of a range"),
        Col("valor_texto", "texto", "El número tal como lo escribe la cita («2.3 millones», «more than 142,000» → «142,000», "
            "«cuatro», «3,6%»); leído, da valor (vacío en rangos)", nulo=True,
            descripcion_en="The number as written in the excerpt («2.3 millones», «more than 142,000» → «142,000», "
                           "«cuatro», «3,6%»); once read, it gives valor (empty for ranges)"),
        Col("valor_min_texto", "texto", "El extremo inferior tal como lo escribe la cita («1.2» en «entre 1.2 y 1.6 millones»: "
            "hereda el multiplicador del extremo superior)", nulo=True,
            descripcion_en="The lower end as written in the excerpt («1.2» in «entre 1.2 y 1.6 millones»: it "
                           "inherits the multiplier of the upper end)"),
        Col("valor_max_texto", "texto", "El extremo superior tal como lo escribe la cita («1.6 millones»)", nulo=True,
            descripcion_en="The upper end as written in the excerpt («1.6 millones»)"),
        Col("unidad", "texto", "Unidad", descripcion_en="Unit"),
        Col("calificador", "texto", "Calificador normalizado", valores=CALIFICADORES, descripcion_en="Normalised qualifier"),
        Col("calificador_texto", "texto", "Calificador tal como se escribe («más de», «casi»…)", nulo=True,
            descripcion_en="Qualifier as written («más de», «casi»…: more than, almost…)"),
        Col("periodo", "texto", "Periodo tal como lo dice el texto", nulo=True,
            descripcion_en="Period as stated in the text"),
        Col("periodo_en", "texto", "Periodo en inglés (vacío sólo si periodo lo está)", nulo=True,
            descripcion_en="Period in English (empty only if periodo is)"),
        Col("periodo_inicio", "fecha", "Inicio del periodo", nulo=True, descripcion_en="Start of the period"),
        Col("periodo_fin", "fecha", "Fin del periodo", nulo=True, descripcion_en="End of the period"),
        Col("geografia", "texto", "Ámbito geográfico", descripcion_en="Geographic scope"),
        Col("geografia_en", "texto", "Ámbito geográfico en inglés", descripcion_en="Geographic scope in English"),
        Col("institucion_fuente", "texto", "Institución que el texto cita como fuente de la cifra",
            descripcion_en="Institution the text cites as the source of the figure"),
        Col("institucion_fuente_en", "texto", "Institución fuente en inglés (los nombres propios pueden quedar en español, con su sigla o una glosa)",
            descripcion_en="Source institution in English (proper names may stay in Spanish, with their acronym or a "
                           "gloss)"),
        Col("cita", "texto", "Fragmento textual del documento que dice la cifra",
            descripcion_en="Verbatim excerpt of the document that states the figure"),
        Col("titular", "logico", "Cifra principal de su familia en el Panorama",
            descripcion_en="Headline figure of its family in the Overview"),
        Col("nota", "texto", "Notas para quien use la cifra", nulo=True, descripcion_en="Notes for users of the figure"),
        Col("nota_en", "texto", "Notas para quien use la cifra, en inglés", nulo=True,
            descripcion_en="Notes for users of the figure, in English"),
        Col("nacionalidad", "texto", "ISO-3 de la nacionalidad a la que se refiere la cifra (vacío = todas)", nulo=True,
            descripcion_en="ISO-3 of the nationality the figure refers to (empty = all)"),
        Col("sexo", "texto", "Sexo al que se refiere la cifra (vacío = ambos)", nulo=True, valores=SEXOS,
            descripcion_en="Sex the figure refers to (empty = both)"),
        Col("grupo_edad", "texto", "Grupo de edad al que se refiere la cifra (vacío = todas las edades)", nulo=True,
            valores=GRUPOS_EDAD, descripcion_en="Age group the figure refers to (empty = all ages)"),
    ),
    ("cifra_id",),
    titulo_en="Figures from the documents",
    descripcion_en="Every figure the documents state, with its qualifier, period, cited source and the verbatim excerpt that supports it.",
))

_registrar(Tabla(
    "fuentes", "Tablas oficiales y catálogos",
    "Procedencia de cada archivo crudo: productor, cuadro, compilador, licencia, periodo y huella.",
    (
        Col("fuente_id", "texto", "Nombre del archivo crudo", descripcion_en="Name of the raw file"),
        Col("titulo", "texto", "Qué contiene", descripcion_en="What it contains"),
        Col("titulo_en", "texto", "Qué contiene, en inglés", nulo=True, descripcion_en="What it contains, in English"),
        Col("productor", "texto", "Institución que produce los datos", descripcion_en="Institution that produces the data"),
        Col("productor_en", "texto", "Institución que produce los datos, en inglés (los nombres propios como se escriben)",
            descripcion_en="Institution that produces the data, in English (proper names as they are written)"),
        Col("tabla", "texto", "Cuadro o serie de origen", descripcion_en="Source table or series"),
        Col("tabla_en", "texto", "Cuadro o serie de origen, en inglés", descripcion_en="Source table or series, in English"),
        Col("compilador", "texto", "Quién compiló el archivo", nulo=True, descripcion_en="Who compiled the file"),
        Col("compilador_en", "texto", "Quién compiló el archivo, en inglés", nulo=True,
            descripcion_en="Who compiled the file, in English"),
        Col("url", "texto", "Dónde se publica", nulo=True, descripcion_en="Where it is published"),
        Col("periodo", "texto", "Periodo que cubre", descripcion_en="Period covered"),
        Col("periodo_en", "texto", "Periodo que cubre, en inglés", descripcion_en="Period covered, in English"),
        Col("licencia", "texto", "Licencia o términos de uso", descripcion_en="Licence or terms of use"),
        Col("licencia_en", "texto", "Licencia o términos de uso, en inglés",
            descripcion_en="Licence or terms of use, in English"),
        Col("fecha_acceso", "fecha", "Fecha de consulta", descripcion_en="Access date"),
        Col("sha256", "texto", "Huella SHA-256 del archivo", descripcion_en="SHA-256 fingerprint of the file"),
        Col("cita_sugerida", "texto", "Cómo citar", descripcion_en="How to cite"),
        Col("cita_sugerida_en", "texto", "Cómo citar, en inglés", descripcion_en="How to cite, in English"),
        Col("notas", "texto", "Notas de procedencia y tratamiento", nulo=True,
            descripcion_en="Notes on provenance and processing"),
        Col("notas_en", "texto", "Notas de procedencia y tratamiento, en inglés", nulo=True,
            descripcion_en="Notes on provenance and processing, in English"),
    ),
    ("fuente_id",),
    titulo_en="Official tables and catalogues",
    descripcion_en="Provenance of each raw file: producer, table, compiler, licence, period and fingerprint.",
))

_registrar(Tabla(
    "fuentes_registro", "Registro de fuentes y su frescura",
    "Una fila por fuente del registro (etl/fuentes/): metadatos, cadencia y rezago habitual de publicación, último "
    "periodo publicado y última consulta. El estado (al día, por publicarse, atrasada) se calcula al mostrarlo, contra "
    "la fecha del día (consulta frescura).",
    (
        Col("fuente", "texto", "Identificador de la fuente (módulo de etl/fuentes/)",
            descripcion_en="Source identifier (module in etl/fuentes/)"),
        Col("posicion", "entero", "Orden en el registro", minimo=1, descripcion_en="Order in the registry"),
        Col("titulo", "texto", "Qué publica", descripcion_en="What it publishes"),
        Col("titulo_en", "texto", "Qué publica, en inglés", descripcion_en="What it publishes, in English"),
        Col("productor", "texto", "Institución que produce los datos", descripcion_en="Institution that produces the data"),
        Col("productor_en", "texto", "Institución que produce los datos, en inglés", nulo=True,
            descripcion_en="Institution that produces the data, in English"),
        Col("url", "texto", "Página del publicador", descripcion_en="Publisher's page"),
        Col("licencia", "texto", "Licencia o términos de uso", descripcion_en="Licence or terms of use"),
        Col("licencia_en", "texto", "Licencia o términos de uso, en inglés", nulo=True,
            descripcion_en="Licence or terms of use, in English"),
        Col("cita", "texto", "Cómo citar", descripcion_en="How to cite"),
        Col("cita_en", "texto", "Cómo citar, en inglés", nulo=True, descripcion_en="How to cite, in English"),
        Col("cadencia", "texto", "Cada cuánto publica un periodo nuevo (vacío: no se publica por periodos)", nulo=True,
            valores=("mensual", "trimestral", "anual"),
            descripcion_en="How often a new period is published (empty: not published by periods)"),
        Col("meses_periodo", "entero", "Meses de un periodo (1, 3 o 12)", nulo=True, unidad="meses", minimo=1,
            descripcion_en="Months in one period (1, 3 or 12)",
            unidad_en="months"),
        Col("rezago_dias", "entero", "Días habituales entre el fin de un periodo y su publicación (estimación)", nulo=True,
            unidad="días", minimo=0,
            descripcion_en="Usual days between the end of a period and its publication (estimate)",
            unidad_en="days"),
        Col("token", "texto", "Variable de entorno con la clave de su API (nunca la clave)", nulo=True,
            descripcion_en="Environment variable holding its API token (never the token itself)"),
        Col("descarga", "logico", "Verdadero si `python -m etl actualizar` la descarga del publicador",
            descripcion_en="True if `python -m etl actualizar` downloads it from the publisher"),
        Col("tablas", "texto", "Tablas publicadas que alimenta", descripcion_en="Published tables it feeds"),
        Col("ultimo_periodo", "fecha", "Primer día del último periodo publicado (mes, trimestre o año)", nulo=True,
            descripcion_en="First day of the latest period published (month, quarter or year)"),
        Col("fecha_acceso", "fecha", "Consulta más reciente de sus archivos", nulo=True,
            descripcion_en="Most recent access of its files"),
        Col("instantaneas", "entero", "Descargas guardadas en datos/crudos/instantaneas/", minimo=0,
            descripcion_en="Downloads saved in datos/crudos/instantaneas/"),
    ),
    ("fuente",),
    orden=("posicion",),
    titulo_en="Source registry and freshness",
    descripcion_en="One row per source in the registry (etl/fuentes/): metadata, cadence and usual publication lag, latest "
                   "period published and latest access. The status (up to date, due, late) is computed at display time "
                   "against that day's date (query frescura).",
))

_registrar(Tabla(
    "paises", "Catálogo de países",
    "Códigos ISO-3 con nombres en español e inglés; única fuente de nombres de país del tablero.",
    (
        Col("iso3", "texto", "Código ISO 3166-1 alfa-3 o código especial",
            descripcion_en="ISO 3166-1 alpha-3 code or special code"),
        Col("nombre_es", "texto", "Nombre en español", descripcion_en="Name in Spanish"),
        Col("nombre_en", "texto", "Nombre en inglés", descripcion_en="Name in English"),
        Col("tipo", "texto", "pais o especial", valores=("pais", "especial"),
            descripcion_en="pais (country) or especial (special code)"),
    ),
    ("iso3",),
    titulo_en="Country catalogue",
    descripcion_en="ISO-3 codes with Spanish and English names; the dashboard's only source of country names.",
))

_registrar(Tabla(
    "eventos_nacionalidad", "Eventos por nacionalidad (UPMRIP)",
    "Eventos de personas extranjeras presentadas ante el INM o canalizadas por situación migratoria irregular, por mes y nacionalidad.",
    (
        _mes(), _ISO3, _N_EVENTOS,
        Col("renglones_sumados", "entero", "Renglones del archivo crudo sumados en este (2 cuando el compilador asignó dos renglones al mismo código)", minimo=1,
            descripcion_en="Rows of the raw file added up in this one (2 when the compiler assigned two rows to the "
                           "same code)"),
        _FUENTE,
    ),
    ("mes", "iso3"),
    titulo_en="Events by nationality (UPMRIP)",
    descripcion_en="Events of foreign nationals presented to the INM or channelled for irregular migration status, by month and nationality.",
))


_registrar(Tabla(
    "eventos_sexo_edad", "Eventos por sexo y edad (UPMRIP)",
    "Los mismos eventos por sexo y grupo de edad, mensuales.",
    (
        _mes(),
        Col("sexo", "texto", "Sexo", valores=SEXOS, descripcion_en="Sex"),
        Col("grupo_edad", "texto", "Grupo de edad", valores=GRUPOS_EDAD, descripcion_en="Age group"),
        _N_EVENTOS,
        _FUENTE,
    ),
    ("mes", "sexo", "grupo_edad"),
    titulo_en="Events by sex and age (UPMRIP)",
    descripcion_en="The same events by sex and age group, monthly.",
))

TIPOS_DEVOLUCION = ("Deportación", "Retorno asistido", "Retorno asistido de niñas, niños y adolescentes")

_registrar(Tabla(
    "devoluciones", "Devoluciones por tipo y nacionalidad (UPMRIP)",
    "Personas extranjeras devueltas por México, por tipo de devolución, nacionalidad y mes.",
    (_mes(), _ISO3, Col("tipo", "texto", "Tipo de devolución", valores=TIPOS_DEVOLUCION, descripcion_en="Type of return"),
     Col("n", "entero", "Número de eventos de devolución", unidad="eventos", minimo=0,
         descripcion_en="Number of return events",
         unidad_en="events"), _FUENTE),
    ("mes", "iso3", "tipo"),
    titulo_en="Returns by type and nationality (UPMRIP)",
    descripcion_en="Foreign nationals returned by Mexico, by type of return, nationality and month.",
))

# Columnas que comparten las dos tablas de la CBP (por componente y por estado).
_CBP_ANIO_FISCAL = Col("anio_fiscal", "entero", "Año fiscal de EE. UU. (empieza en octubre)",
    descripcion_en="U.S. fiscal year (starts in October)")
_CBP_REGION = Col("region", "texto", "Región fronteriza terrestre (CBP)", descripcion_en="Land border region (CBP)")
_CBP_DEMOGRAFIA = Col("demografia", "texto", "Grupo demográfico (CBP)", descripcion_en="Demographic group (CBP)")
_CBP_AUTORIDAD = Col("autoridad", "texto", "Título de la autoridad (Título 8 / Título 42)",
    descripcion_en="Title of authority (Title 8 / Title 42)")
_CBP_CIUDADANIA = Col("ciudadania", "texto", "Ciudadanía como la escribe el archivo", nulo=True,
    descripcion_en="Citizenship as written in the file")
_CBP_ISO3 = Col("iso3", "texto", "Ciudadanía ISO-3 cuando es un solo país", nulo=True,
    descripcion_en="Citizenship ISO-3 when it is a single country")
_CBP_GRUPO_CIUDADANIA = Col("grupo_ciudadania", "texto", "Grupo de ciudadanías cuando no es un solo país", nulo=True,
    descripcion_en="Citizenship group when it is not a single country")
_CBP_N = Col("n", "entero", "Número de encuentros", unidad="encuentros", minimo=0,
    descripcion_en="Number of encounters", unidad_en="encounters")
_CBP_ARCHIVO = Col("archivo", "texto", "Archivo crudo del que proviene: el único que manda en ese mes y región (el de fecha de consulta más reciente)",
    descripcion_en="Raw file it comes from: the only one that governs that month and region (the one with "
                   "the most recent access date)")

_registrar(Tabla(
    "cbp_encuentros", "Encuentros de la CBP (EE. UU.)",
    "Encuentros de la Oficina de Aduanas y Protección Fronteriza de EE. UU.; otra medida, nunca se suma a los eventos de México.",
    (
        _mes("Mes calendario (primer día)", "Calendar month (first day)"),
        _CBP_ANIO_FISCAL,
        _CBP_REGION,
        Col("componente", "texto", "Componente de la CBP", descripcion_en="CBP component"),
        Col("area", "texto", "Área de responsabilidad", nulo=True, descripcion_en="Area of responsibility"),
        Col("estado", "texto", "Siempre vacío aquí: el detalle por estado se publica en cbp_encuentros_estado", nulo=True,
            descripcion_en="Always empty here: the by-state detail is published in cbp_encuentros_estado"),
        _CBP_DEMOGRAFIA,
        _CBP_AUTORIDAD,
        Col("tipo_encuentro", "texto", "Tipo de encuentro", descripcion_en="Encounter type"),
        _CBP_CIUDADANIA,
        _CBP_ISO3,

        _CBP_GRUPO_CIUDADANIA,
        _CBP_N,
        _CBP_ARCHIVO,
    ),
    ("mes", "region", "componente", "area", "estado", "demografia", "autoridad", "tipo_encuentro", "ciudadania"),
    titulo_en="CBP encounters (United States)",
    descripcion_en="Encounters of U.S. Customs and Border Protection; a different measure, never added to Mexico's events.",
))

_registrar(Tabla(
    "cbp_encuentros_estado", "Encuentros de la CBP por estado (EE. UU.)",
    "Los mismos encuentros de la CBP desglosados por estado de EE. UU. (descargas «por estado»); otro corte de "
    "cbp_encuentros, nunca se suma con ella. Vacía si no hay ningún archivo por estado.",
    (
        _mes("Mes calendario (primer día)", "Calendar month (first day)"),
        _CBP_ANIO_FISCAL,
        _CBP_REGION,
        Col("estado", "texto", "Estado de EE. UU. como lo escribe la CBP", descripcion_en="U.S. state as written by CBP"),
        _CBP_DEMOGRAFIA,
        _CBP_AUTORIDAD,
        _CBP_CIUDADANIA,
        _CBP_ISO3,

        _CBP_GRUPO_CIUDADANIA,
        _CBP_N,
        _CBP_ARCHIVO,
    ),
    ("mes", "region", "estado", "demografia", "autoridad", "ciudadania"),
    titulo_en="CBP encounters by state (United States)",
    descripcion_en="The same CBP encounters broken down by US state (the «by state» downloads); another cut of "
                   "cbp_encuentros, never added to it. Empty when there is no by-state file.",
))

_registrar(Tabla(
    "asilo_solicitudes", "Solicitudes de asilo en México (ACNUR/COMAR)",
    "Solicitudes de asilo presentadas en México por país de origen y año.",
    (
        Col("anio", "entero", "Año", descripcion_en="Year"),
        Col("iso3", "texto", "País de origen, ISO-3", descripcion_en="Country of origin, ISO-3"),
        Col("procedimiento", "texto", "Tipo de procedimiento (G = gubernamental, U = ACNUR, J = conjunto)",
            descripcion_en="Type of procedure (G = government, U = UNHCR, J = joint)"),
        Col("tipo_solicitud", "texto", "Tipo de solicitud, código del ACNUR (N = nueva)",
            descripcion_en="Application type, UNHCR code (N = new)"),
        Col("nivel_decision", "texto", "Nivel de decisión, código del ACNUR (FI = primera instancia)",
            descripcion_en="Decision level, UNHCR code (FI = first instance)"),
        Col("unidad_solicitud", "texto", "Personas (P) o casos (C)", valores=("personas", "casos"),
            descripcion_en="People (P: personas) or cases (C: casos)"),
        Col("n", "entero", "Solicitudes", unidad="solicitudes", minimo=0,
            descripcion_en="Applications",
            unidad_en="applications"),
        _FUENTE,
    ),
    ("anio", "iso3", "procedimiento", "tipo_solicitud", "nivel_decision", "unidad_solicitud"),
    titulo_en="Asylum applications in Mexico (UNHCR/COMAR)",
    descripcion_en="Asylum applications lodged in Mexico by country of origin and year.",
))

_registrar(Tabla(
    "darien", "Tránsito por el Darién (Panamá)",
    "Personas registradas al cruzar el Darién por nacionalidad; renglones anuales hasta 2019 y mensuales desde 2020.",
    (
        Col("periodo_inicio", "fecha", "Inicio del periodo que cubre el renglón",
            descripcion_en="Start of the period the row covers"),
        Col("periodicidad", "texto", "anual o mensual", valores=("anual", "mensual"),
            descripcion_en="anual (yearly) or mensual (monthly)"),
        _ISO3,
        Col("n", "entero", "Personas", unidad="personas", minimo=0, descripcion_en="People", unidad_en="people"),
        _FUENTE,
    ),
    ("periodo_inicio", "iso3"),
    titulo_en="Transit through the Darién (Panama)",
    descripcion_en="People registered crossing the Darién by nationality; yearly rows up to 2019 and monthly from 2020.",
))

_registrar(Tabla(
    "mmp_incidentes", "Muertes y desapariciones de personas migrantes en México (OIM)",
    "Un renglón por incidente del Proyecto Migrantes Desaparecidos con causa, nacionalidades y coordenadas.",
    (
        Col("incidente", "entero", "Número del renglón en su archivo crudo (con fuente_id, identificador estable)",
            descripcion_en="Row number in its raw file (with fuente_id, a stable identifier)"),
        Col("fecha", "fecha", "Fecha del incidente", descripcion_en="Date of the incident"),
        _mes(),
        Col("anio", "entero", "Año del incidente", descripcion_en="Year of the incident"),
        Col("tipo", "texto", "Tipo de registro (MMP)", descripcion_en="Record type (MMP)"),
        Col("ruta", "texto", "Ruta migratoria", descripcion_en="Migration route"),
        Col("muertes", "entero", "Personas muertas o desaparecidas según el MMP", unidad="personas", minimo=0,
            descripcion_en="Dead or missing people according to the MMP",
            unidad_en="people"),
        Col("sobrevivientes", "entero", "Sobrevivientes", nulo=True, unidad="personas", minimo=0,
            descripcion_en="Survivors",
            unidad_en="people"),
        Col("causa", "texto", "Causa (MMP)", descripcion_en="Cause (MMP)"),
        Col("nacionalidades", "texto", "Nacionalidades ISO-3 separadas por coma",
            descripcion_en="ISO-3 nationalities separated by commas"),
        Col("ubicacion", "texto", "Ubicación tal como la describe el MMP",
            descripcion_en="Location as described by the MMP"),
        Col("lon", "decimal", "Longitud (WGS84)", descripcion_en="Longitude (WGS84)"),
        Col("lat", "decimal", "Latitud (WGS84)", descripcion_en="Latitude (WGS84)"),
        Col("en_mexico", "logico", "Coordenadas dentro de una entidad del INEGI (polígonos completos) o a 1 km o menos de su "
            "límite (costa, Río Bravo, muro fronterizo); las demás no se dibujan",
            descripcion_en="Coordinates inside an INEGI state (full polygons) or within 1 km of its boundary (coast, "
                           "Rio Grande, border wall); the others are not drawn"),
        Col("cve_ent", "texto", "Entidad del INEGI que contiene el punto (vacía si cae fuera de todas, aun dentro de la tolerancia)",
            nulo=True,
            descripcion_en="INEGI state that contains the point (empty if it falls outside all of them, even within "
                           "the tolerance)"),
        _FUENTE,
    ),
    ("fuente_id", "incidente"),  # las descargas de la OIM numeran sus propias filas: el número solo se repetiría
    titulo_en="Deaths and disappearances of migrants in Mexico (IOM)",
    descripcion_en="One row per Missing Migrants Project incident with cause, nationalities and coordinates.",
))

_registrar(Tabla(
    "remesas", "Remesas por entidad (Banxico)",
    "Ingresos por remesas por entidad federativa, trimestrales, en dólares.",
    (
        Col("trimestre", "fecha", "Primer día del trimestre", descripcion_en="First day of the quarter"),
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)", descripcion_en="INEGI state code (two digits)"),
        Col("entidad", "texto", "Nombre de la entidad (catálogo INEGI)", descripcion_en="State name (INEGI catalogue)"),
        Col("usd", "entero", "Remesas en dólares de EE. UU.", unidad="dólares", minimo=0,
            descripcion_en="Remittances in U.S. dollars",
            unidad_en="US dollars"),
        _FUENTE,
    ),
    ("trimestre", "cve_ent"),
    titulo_en="Remittances by state (Banxico)",
    descripcion_en="Remittance inflows by Mexican state, quarterly, in U.S. dollars.",
))

_registrar(Tabla(
    "enoe_ocupados", "Ocupados por lugar de nacimiento y formalidad (INEGI, ENOE)",
    "Población ocupada de 15 años y más por lugar de nacimiento (México / extranjero) y formalidad laboral, "
    "trimestral; estimación de encuesta (suma del factor de expansión). Nacido en el extranjero no es nacionalidad "
    "extranjera y formal no es registro en el IMSS. Falta 2020-T2 (encuesta suspendida).",
    (
        Col("trimestre", "fecha", "Primer día del trimestre", descripcion_en="First day of the quarter"),
        Col("lugar_nacimiento", "texto", "Lugar de nacimiento (no nacionalidad)", valores=("mexico", "extranjero"),
            descripcion_en="Place of birth (not nationality)"),
        Col("formalidad", "texto", "Formalidad laboral de la ENOE (matriz Hussmanns; no es registro en el IMSS)",
            valores=("formal", "informal"),
            descripcion_en="ENOE labour formality (Hussmanns matrix; not IMSS registration)"),
        Col("ocupados", "entero", "Personas ocupadas estimadas (factor de expansión)", unidad="personas", minimo=0,
            descripcion_en="Estimated employed people (expansion factor)",
            unidad_en="people"),
        _FUENTE,
    ),
    ("trimestre", "lugar_nacimiento", "formalidad"),
    titulo_en="Employed people by place of birth and formality (INEGI, ENOE)",
    descripcion_en="Employed population aged 15+ by place of birth (Mexico / abroad) and labour formality, quarterly; "
                   "survey estimate (sum of expansion factors). Born abroad is not foreign nationality and formal is not "
                   "IMSS registration. 2020-Q2 is missing (survey suspended).",
))

_registrar(Tabla(
    "enoe_indicadores", "Indicadores nacionales de la ENOE (INEGI, Banco de Indicadores)",
    "Indicadores trimestrales nacionales de la ENOE tal como los publica la API del Banco de Indicadores del INEGI "
    "(con clave); contexto de la tabla de ocupados por lugar de nacimiento. Vacía hasta la primera descarga.",
    (
        Col("indicador", "texto", "Identificador del indicador en el Banco de Indicadores",
            descripcion_en="Indicator identifier in the Indicator Bank"),
        Col("nombre", "texto", "Nombre del indicador", descripcion_en="Name of the indicator"),
        Col("nombre_en", "texto", "Nombre del indicador en inglés", descripcion_en="Name of the indicator in English"),
        Col("trimestre", "fecha", "Primer día del trimestre", descripcion_en="First day of the quarter"),
        Col("valor", "decimal", "Valor publicado (unidad en la columna unidad)",
            descripcion_en="Published value (unit in the unidad column)"),
        Col("unidad", "texto", "Unidad tal como la escribe la API (campo UNIT)", nulo=True,
            descripcion_en="Unit as written by the API (UNIT field)"),
        _FUENTE,
    ),
    ("indicador", "trimestre"),
    titulo_en="National ENOE indicators (INEGI, Indicator Bank)",
    descripcion_en="Quarterly national ENOE indicators as published by INEGI's Indicator Bank API (token required); "
                   "context for the employed-by-place-of-birth table. Empty until the first download.",
))

_registrar(Tabla(
    "entidades", "Entidades federativas (INEGI)",
    "Las 32 entidades con su clave INEGI y su geometría en GeoJSON.",
    (
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)", descripcion_en="INEGI state code (two digits)"),
        Col("entidad", "texto", "Nombre oficial de la entidad", descripcion_en="Official name of the state"),
        Col("geometria", "texto", "Geometría GeoJSON (WGS84) tal como la publica el INEGI",
            descripcion_en="GeoJSON geometry (WGS84) as published by INEGI"),
        _FUENTE,
    ),
    ("cve_ent",),
    titulo_en="Mexican states (INEGI)",
    descripcion_en="The 32 states with their INEGI code and their GeoJSON geometry.",
))


_registrar(Tabla(
    "entidades_simplificadas", "Entidades federativas para el mapa (INEGI, simplificadas)",
    "Las 32 entidades con su geometría simplificada en el ETL (Douglas-Peucker por arcos, tolerancia 0.01°, "
    "coordenadas a 3 decimales): las fronteras compartidas quedan idénticas en los dos vecinos y el mapa "
    "envía menos de 1 MB al navegador.",
    (
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)", descripcion_en="INEGI state code (two digits)"),
        Col("entidad", "texto", "Nombre oficial de la entidad", descripcion_en="Official name of the state"),
        Col("geometria", "texto", "Geometría GeoJSON simplificada (MultiPolygon, WGS84, exterior en sentido horario como la del INEGI)",
            descripcion_en="Simplified GeoJSON geometry (MultiPolygon, WGS84, clockwise exterior ring like INEGI's)"),
        Col("vertices_original", "entero", "Vértices de la geometría del INEGI", minimo=1,
            descripcion_en="Vertices of the INEGI geometry"),
        Col("vertices", "entero", "Vértices tras simplificar", minimo=1, descripcion_en="Vertices after simplification"),
        _FUENTE,
    ),
    ("cve_ent",),
    titulo_en="Mexican states for the map (INEGI, simplified)",
    descripcion_en="The 32 states with their geometry simplified in the ETL (arc-wise Douglas-Peucker, 0.01° tolerance, coordinates to 3 decimals): shared borders stay identical in both neighbours and the map sends less than 1 MB to the browser.",
))

_registrar(Tabla(
    "centros", "Centros Multiservicios y Centros Integradores del Migrante",
    "Los centros que nombran los documentos, con estado, operador, servicios y financiamiento tal como los dicen, "
    "la cita que lo sostiene y una ubicación aproximada (cabecera municipal) que no viene de los documentos.",
    (
        Col("centro_id", "texto", "Identificador del centro", descripcion_en="Identifier of the centre"),
        Col("nombre", "texto", "Nombre del centro", descripcion_en="Name of the centre"),
        Col("tipo", "texto", "Tipo de centro (Centro Multiservicios de Inclusión y Desarrollo, Centro Integrador del Migrante…)",
            descripcion_en="Type of centre (Centro Multiservicios de Inclusión y Desarrollo, Centro Integrador del "
                           "Migrante…), as written in Spanish"),
        Col("tipo_en", "texto", "Tipo de centro, en inglés", descripcion_en="Type of centre, in English"),
        Col("municipio", "texto", "Municipio", descripcion_en="Municipality"),
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)", descripcion_en="INEGI state code (two digits)"),
        Col("entidad", "texto", "Nombre de la entidad (catálogo INEGI)", descripcion_en="State name (INEGI catalogue)"),
        Col("estado", "texto", "Situación del centro como la dice el documento (previsto, en operación…)",
            descripcion_en="Status of the centre as stated by the document (planned, in operation…), in Spanish"),
        Col("estado_en", "texto", "Situación del centro, en inglés", descripcion_en="Status of the centre, in English"),
        Col("operador", "texto", "Quién lo opera, según el documento (vacío si no lo dice)", nulo=True,
            descripcion_en="Who operates it, according to the document (empty if not stated)"),
        Col("servicios", "texto", "Servicios, según el documento (vacío si no los dice)", nulo=True,
            descripcion_en="Services, according to the document (empty if not stated)"),
        Col("servicios_en", "texto", "Servicios, en inglés", nulo=True, descripcion_en="Services, in English"),
        Col("financiamiento", "texto", "Financiamiento, según el documento (vacío si no lo dice)", nulo=True,
            descripcion_en="Funding, according to the document (empty if not stated)"),
        Col("financiamiento_en", "texto", "Financiamiento, en inglés", nulo=True, descripcion_en="Funding, in English"),
        Col("documento_id", "texto", "Documento que lo nombra (ver tabla documentos)",
            descripcion_en="Document that names it (see table documentos)"),
        Col("cita", "texto", "Fragmentos textuales del documento, separados por « […] »",
            descripcion_en="Verbatim excerpts of the document, separated by « […] »"),
        Col("estado_posterior", "texto", "Situación según un documento posterior", nulo=True,
            descripcion_en="Status according to a later document"),
        Col("estado_posterior_en", "texto", "Situación según un documento posterior, en inglés", nulo=True,
            descripcion_en="Status according to a later document, in English"),
        Col("documento_posterior", "texto", "Documento posterior (ver tabla documentos)", nulo=True,
            descripcion_en="Later document (see table documentos)"),
        Col("cita_posterior", "texto", "Fragmento textual del documento posterior", nulo=True,
            descripcion_en="Verbatim excerpt of the later document"),
        Col("lon", "decimal", "Longitud aproximada de la cabecera municipal (WGS84; no viene del documento)",
            descripcion_en="Approximate longitude of the municipal seat (WGS84; not from the document)"),
        Col("lat", "decimal", "Latitud aproximada de la cabecera municipal (WGS84; no viene del documento)",
            descripcion_en="Approximate latitude of the municipal seat (WGS84; not from the document)"),
        Col("coordenadas_fuente", "texto", "De dónde salen las coordenadas",
            descripcion_en="Where the coordinates come from"),
        Col("coordenadas_fuente_en", "texto", "De dónde salen las coordenadas, en inglés",
            descripcion_en="Where the coordinates come from, in English"),
        _FUENTE,
    ),
    ("centro_id",),
    titulo_en="Multiservice Centres and Migrant Integration Centres",
    descripcion_en="The centres named in the documents, with status, operator, services and funding as stated, the supporting excerpt and an approximate location (municipal seat) that does not come from the documents.",
))


# --- Proyecciones (etl/proyecciones.py): un paso posterior a las tablas oficiales, nunca en una página.
MODELOS = ("estacional_ingenuo", "ingenuo", "ets", "arima", "theta", "mediana")  # candidatos, en el orden de desempate
PROCEDIMIENTO = "procedimiento"  # lo publicado: el candidato elegido en línea en cada origen (o la suma de las partes)
SUMA_PARTES = "suma_partes"  # el total coherente: cada parte con su procedimiento
_SERIE = Col("serie", "texto", "Serie proyectada (ver proyecciones_series)",
    descripcion_en="Projected series (see proyecciones_series)")
_MODELO = Col("modelo", "texto", "Candidato (ajustado a log(1 + valor)): estacional_ingenuo (mismo mes del año anterior), "
              "ingenuo (último mes), ets (ETS(A,Ad,N)), arima (ARIMA(1,1,0) con deriva), theta (Theta estándar), mediana "
              "(mediana de los cinco anteriores); o procedimiento (lo publicado: el candidato elegido en ese origen con los "
              "errores ya observados, o la suma de las partes en el total coherente)", valores=(*MODELOS, PROCEDIMIENTO),
    descripcion_en="Candidate (fitted to log(1 + value)): estacional_ingenuo (seasonal naive: same month of the "
                   "previous year), ingenuo (naive: last month), ets (ETS(A,Ad,N)), arima (ARIMA(1,1,0) with drift), "
                   "theta (standard Theta), mediana (median of the other five); or procedimiento (the published "
                   "procedure: the candidate chosen at that origin from the errors already observed, or the sum of "
                   "the parts in the coherent total)")
_PRONOSTICOS = (
    Col("pronostico", "decimal", "Pronóstico puntual: exp(pronóstico en logaritmos) − 1, a un decimal (nunca negativo; "
        "0.1 si es positivo y menor)", unidad="misma que la serie", minimo=0,
        descripcion_en="Point forecast: exp(forecast in logarithms) − 1, to one decimal (never negative; 0.1 if "
                       "positive and smaller)",
        unidad_en="same as the series"),
    Col("inf_80", "decimal", "Límite inferior del intervalo conforme de 80 % (cuantil de los errores en logaritmos ya "
        "observados de ese modelo y horizonte)", minimo=0,
        descripcion_en="Lower bound of the 80 % conformal interval (quantile of the already observed log errors of "
                       "that model and horizon)"),
    Col("sup_80", "decimal", "Límite superior del intervalo conforme de 80 %", minimo=0,
        descripcion_en="Upper bound of the 80 % conformal interval"),
    Col("inf_95", "decimal", "Límite inferior del intervalo conforme de 95 %", minimo=0,
        descripcion_en="Lower bound of the 95 % conformal interval"),
    Col("sup_95", "decimal", "Límite superior del intervalo conforme de 95 %", minimo=0,
        descripcion_en="Upper bound of the 95 % conformal interval"),
)
_FUENTE_PROY = Col("fuente_id", "texto", "Archivo crudo de la tabla de entrada del que proviene el dato (ver tabla fuentes)",
    descripcion_en="Raw file of the input table the value comes from (see table fuentes)")

_registrar(Tabla(
    "proyecciones_series", "Series proyectadas",
    "Cada serie mensual oficial que se proyecta: de qué tabla sale, sus meses (el tramo continuo más reciente), su lugar "
    "en la jerarquía (el total de eventos = cinco nacionalidades + otras) y el candidato que el procedimiento eligió en "
    "el último mes.",
    (
        _SERIE,
        Col("posicion", "entero", "Orden de la serie en la página", minimo=1,
            descripcion_en="Order of the series on the page"),
        Col("tabla", "texto", "Tabla publicada de la que se suma la serie",
            descripcion_en="Published table the series is summed from"),
        Col("medida", "texto", "Qué cuenta la serie", valores=("eventos", "devoluciones", "encuentros", "personas"),
            descripcion_en="What the series counts (eventos = events, devoluciones = returns, encuentros = "
                           "encounters, personas = people)"),
        Col("iso3", "texto", "Nacionalidad cuando la serie es de una sola (vacío = total u otras)", nulo=True,
            descripcion_en="Nationality when the series covers a single one (empty = total or others)"),
        Col("nivel", "texto", "suma (total = suma de sus partes), nacionalidad u otras (partes del total), sola (sin jerarquía)",
            valores=("suma", "nacionalidad", "otras", "sola"),
            descripcion_en="suma (total = sum of its parts), nacionalidad or otras (nationality or others: parts of "
                           "the total), sola (standalone: no hierarchy)"),
        Col("primer_mes", "fecha", "Primer mes usado", descripcion_en="First month used"),
        Col("ultimo_mes", "fecha", "Último mes con dato: las proyecciones empiezan el mes siguiente",
            descripcion_en="Last month with data: projections start the following month"),
        Col("meses", "entero", "Meses usados", minimo=1, descripcion_en="Months used"),
        Col("modelo", "texto", "Candidato elegido en el último mes (menor error absoluto medio en logaritmos en los 24 meses "
            "anteriores) o suma_partes en el total coherente", valores=(*MODELOS, SUMA_PARTES),
            descripcion_en="Candidate chosen in the last month (lowest mean absolute error in logarithms over the "
                           "previous 24 months) or suma_partes (sum of the parts) in the coherent total"),
        _FUENTE_PROY,
    ),
    ("serie",),
    orden=("posicion",),
    titulo_en="Projected series",
    descripcion_en="Each official monthly series that is projected: its source table, its months (the latest continuous "
                   "stretch), its place in the hierarchy (events total = five nationalities + others) and the candidate "
                   "the procedure chose in the last month.",
))

_registrar(Tabla(
    "proyecciones", "Proyecciones de las series mensuales",
    "Pronóstico de 1 a 12 meses después del último mes de cada serie, con cada candidato y con el procedimiento "
    "publicado, e intervalos conformes de 80 % y 95 %; una proyección no es una meta.",
    (
        _SERIE, _MODELO,
        Col("horizonte", "entero", "Meses después del último mes con dato", minimo=1,
            descripcion_en="Months after the last month with data"),
        _mes("Mes proyectado (primer día)", "Projected month (first day)"),
        *_PRONOSTICOS,
        Col("elegido", "logico", "Verdadero en el procedimiento (lo que muestra la página)",
            descripcion_en="True for the procedure (what the page shows)"),
        _FUENTE_PROY,
    ),
    ("serie", "modelo", "horizonte"),
    titulo_en="Projections of the monthly series",
    descripcion_en="Forecast 1 to 12 months after each series' last month, with each candidate and with the published "
                   "procedure, and 80 % and 95 % conformal intervals; a projection is not a target.",
))

_registrar(Tabla(
    "proyecciones_evaluacion", "Evaluación de las proyecciones con origen móvil",
    "Cada pronóstico hecho como si se estuviera en un mes pasado (origen: último mes usado para ajustar) a 1–12 meses, "
    "con cada candidato y con el procedimiento, junto al dato que después se observó. Los últimos 12 orígenes son la "
    "ventana de reporte (reporte = verdadero): el puntaje sale sólo de ellos.",
    (
        _SERIE,
        Col("origen", "fecha", "Último mes usado para ajustar el modelo", descripcion_en="Last month used to fit the model"),
        Col("horizonte", "entero", "Meses después del origen", minimo=1, descripcion_en="Months after the origin"),
        _mes("Mes pronosticado (primer día)", "Forecast month (first day)"),
        _MODELO,
        *_PRONOSTICOS,
        Col("real", "entero", "Dato observado en el mes pronosticado", unidad="misma que la serie", minimo=0,
            descripcion_en="Value observed in the forecast month",
            unidad_en="same as the series"),
        Col("elegido", "logico", "Verdadero en el candidato que el procedimiento eligió en ese origen (y en el procedimiento)",
            descripcion_en="True for the candidate the procedure chose at that origin (and for the procedure)"),
        Col("reporte", "logico", "Verdadero en los últimos 12 orígenes (ventana de reporte); falso en los de calibración",
            descripcion_en="True for the last 12 origins (reporting window); false for the calibration ones"),
        _FUENTE_PROY,
    ),
    ("serie", "origen", "horizonte", "modelo"),
    titulo_en="Rolling-origin evaluation of the projections",
    descripcion_en="Every forecast made as if standing in a past month (origin: last month used to fit) at 1–12 months, "
                   "with each candidate and with the procedure, next to the value later observed. The last 12 origins "
                   "are the reporting window (reporte = true): the scorecard comes from them only.",
))

_registrar(Tabla(
    "proyecciones_puntaje", "Puntaje de las proyecciones",
    "Por serie, horizonte y modelo (el procedimiento incluido), en la ventana de reporte de proyecciones_evaluacion: "
    "MAE, error relativo (MAE ÷ MAE del ingenuo estacional o del ingenuo en los mismos orígenes), MASE de Hyndman y "
    "Koehler, puntaje de Winkler y cobertura de los intervalos.",
    (
        _SERIE,
        Col("horizonte", "entero", "Meses después del origen", minimo=1, descripcion_en="Months after the origin"),
        _MODELO,
        Col("origenes", "entero", "Orígenes de la ventana de reporte con dato observado en ese horizonte", minimo=1,
            descripcion_en="Origins of the reporting window with an observed value at that horizon"),
        Col("mae", "decimal", "Error absoluto medio", unidad="misma que la serie", minimo=0,
            descripcion_en="Mean absolute error",
            unidad_en="same as the series"),
        Col("rmae_estacional", "decimal", "Error relativo: MAE ÷ MAE del ingenuo estacional en los mismos orígenes y "
            "horizonte (vacío si ese MAE es 0)", nulo=True, unidad="razón", minimo=0,
            descripcion_en="Relative error: MAE ÷ MAE of the seasonal naive over the same origins and horizon (empty "
                           "if that MAE is 0)",
            unidad_en="ratio"),
        Col("rmae_ingenuo", "decimal", "Error relativo: MAE ÷ MAE del ingenuo en los mismos orígenes y horizonte (vacío si "
            "ese MAE es 0)", nulo=True, unidad="razón", minimo=0,
            descripcion_en="Relative error: MAE ÷ MAE of the naive over the same origins and horizon (empty if that "
                           "MAE is 0)",
            unidad_en="ratio"),
        Col("mase", "decimal", "MASE (Hyndman y Koehler): promedio de |error| ÷ MAE dentro de la muestra del ingenuo "
            "estacional con los meses hasta el origen", nulo=True, unidad="razón", minimo=0,
            descripcion_en="MASE (Hyndman and Koehler): mean of |error| ÷ in-sample MAE of the seasonal naive over "
                           "the months up to the origin",
            unidad_en="ratio"),
        Col("winkler_80", "decimal", "Puntaje de Winkler del intervalo de 80 %: ancho + 2/0.2 × lo que el dato quedó "
            "fuera (menor es mejor)", unidad="misma que la serie", minimo=0,
            descripcion_en="Winkler score of the 80 % interval: width + 2/0.2 × how far the value fell outside "
                           "(lower is better)",
            unidad_en="same as the series"),
        Col("winkler_95", "decimal", "Puntaje de Winkler del intervalo de 95 %: ancho + 2/0.05 × lo que el dato quedó fuera",
            unidad="misma que la serie", minimo=0,
            descripcion_en="Winkler score of the 95 % interval: width + 2/0.05 × how far the value fell outside",
            unidad_en="same as the series"),
        Col("cobertura_80", "decimal", "Proporción de orígenes con el dato dentro del intervalo de 80 %", unidad="proporción", minimo=0,
            descripcion_en="Share of origins with the value inside the 80 % interval",
            unidad_en="share"),
        Col("cobertura_95", "decimal", "Proporción de orígenes con el dato dentro del intervalo de 95 %", unidad="proporción", minimo=0,
            descripcion_en="Share of origins with the value inside the 95 % interval",
            unidad_en="share"),
        Col("elegido", "logico", "Verdadero en el procedimiento", descripcion_en="True for the procedure"),
        Col("fuente_id", "texto", "Archivo crudo de la tabla de entrada (ver tabla fuentes)",
            descripcion_en="Raw file of the input table (see table fuentes)"),
    ),
    ("serie", "horizonte", "modelo"),
    titulo_en="Projection scorecard",
    descripcion_en="By series, horizon and model (the procedure included), over the reporting window of "
                   "proyecciones_evaluacion: MAE, relative error (MAE ÷ MAE of seasonal naive or naive over the same "
                   "origins), Hyndman–Koehler MASE, Winkler interval score and interval coverage.",
))


# --- Revisiones (etl/revisiones.py): el valor de cada serie y periodo en cada instantánea de su fuente.
_TABLA_REV = Col("tabla", "texto", "Tabla publicada a la que pertenece la serie",
    descripcion_en="Published table the series belongs to")
_INSTANTANEA = Col("instantanea", "entero", "Número de la instantánea entre las de la tabla (1 = la más antigua; "
                   "orden: fecha de consulta y, a igual fecha, nombre del archivo; en las fuentes con descargas "
                   "aplicadas sobre lo incluido, el orden en que se aplican: lo incluido y luego cada descarga)", minimo=1,
    descripcion_en="Number of the snapshot among the table's snapshots (1 = the oldest; order: access date and, on "
                   "the same date, file name; for sources with downloads applied on top of the bundled file, the "
                   "order in which they are applied: the bundled file and then each download)")
_PERIODICIDAD = Col("periodicidad", "texto", "Cómo se escribe el periodo: mensual (2024-03), trimestral (2024-T1) o anual "
                    "(2024); mixta en una instantánea del Darién, con renglones anuales y mensuales",
                    valores=("mensual", "trimestral", "anual", "mixta"),
    descripcion_en="How the period is written: mensual (monthly, 2024-03), trimestral (quarterly, 2024-T1) or anual "
                   "(yearly, 2024); mixta (mixed) in a Darién snapshot with both yearly and monthly rows")

_registrar(Tabla(
    "instantaneas", "Instantáneas de las fuentes",
    "Cada archivo crudo que lee el paso de una tabla es una instantánea de su fuente, fechada por la fecha de consulta "
    "de su ficha: cada descarga de la CBP, cada libro anual descargado del Boletín de la UPMRIP y, en el ACNUR, el "
    "Darién, la OIM, Banxico, la ENOE y el Banco de Indicadores, el archivo incluido y cada descarga aplicada encima "
    "(las páginas de una descarga de la API del ACNUR son una sola, con el nombre de la primera).",
    (
        _TABLA_REV,
        _INSTANTANEA,
        Col("fuente_id", "texto", "Archivo crudo de la instantánea (ver tabla fuentes)",
            descripcion_en="Raw file of the snapshot (see table fuentes)"),
        Col("fecha_acceso", "fecha", "Fecha de consulta del archivo (de su ficha)",
            descripcion_en="Access date of the file (from its sidecar)"),
        Col("periodos", "entero", "Periodos distintos que trae", minimo=0, descripcion_en="Distinct periods it carries"),
        Col("primer_periodo", "fecha", "Primer periodo que trae", descripcion_en="First period it carries"),
        Col("ultimo_periodo", "fecha", "Último periodo que trae", descripcion_en="Last period it carries"),
        _PERIODICIDAD,
    ),
    ("tabla", "instantanea"),
    titulo_en="Source snapshots (vintages)",
    descripcion_en="Every raw file that a table's step reads is a snapshot of its source, dated by the access date in "
                   "its sidecar: every CBP download, every downloaded yearly workbook of UPMRIP's Bulletin and, for "
                   "UNHCR, the Darién, IOM, Banxico, the ENOE and the Indicator Bank, the bundled file and every download "
                   "applied on top of it (the pages of one UNHCR API download are one snapshot, named by the first).",
))

_registrar(Tabla(
    "revisiones", "Revisiones: el valor en cada instantánea",
    "Historia en tiempo real (como realtime_start / realtime_end de ALFRED): por tabla, serie y periodo, cada valor "
    "distinto que publicó la fuente, desde qué instantánea fue el vigente y hasta cuál, con el primer valor publicado "
    "y el último. Una instantánea reemplaza completas las unidades que trae (en la CBP, cada mes y región): un "
    "renglón que ya no repite queda retirado (valor vacío); en el Boletín de la UPMRIP, cada mes que trae el libro; en "
    "las demás fuentes con descargas, cada periodo que trae la descarga.",
    (
        _TABLA_REV,
        Col("nivel", "texto", "total: suma del periodo (por región en la CBP, por unidad en el asilo, por periodicidad "
            "en el Darién, por indicador en el Banco de Indicadores); detalle: un renglón de la tabla publicada (en la "
            "OIM, la suma del mes por causa: sus incidentes no traen identificador estable)", valores=("total", "detalle"),
            descripcion_en="total: sum for the period (by region for CBP, by unit for asylum, by periodicity for the "
                           "Darién, by indicator for the Indicator Bank); detalle (detail): one row of the published "
                           "table (for IOM, the month's sum by cause: its incidents carry no stable identifier)"),
        Col("serie", "texto", "Clave de la serie sin el periodo: «columna=valor» unidos por « · » (total: sin columnas)",
            descripcion_en="Series key without the period: «column=value» joined by « · » (total: no columns)"),
        Col("periodo", "fecha", "Periodo (su primer día: mes, trimestre o año)",
            descripcion_en="Period (its first day: month, quarter or year)"),
        _PERIODICIDAD,
        _INSTANTANEA,
        Col("hasta_instantanea", "entero", "Instantánea que lo reemplazó (vacío: sigue vigente)", nulo=True, minimo=1,
            descripcion_en="Snapshot that replaced it (empty: still current)"),
        Col("cambio", "texto", "publicado (primera vez), revisado (valor distinto de uno anterior) o retirado",
            valores=("publicado", "revisado", "retirado"),
            descripcion_en="publicado (published: first time), revisado (revised: value different from an earlier "
                           "one) or retirado (withdrawn)"),
        Col("valor", "decimal", "Valor en esa instantánea (vacío: retirado)", nulo=True, unidad="la de la tabla",
            descripcion_en="Value in that snapshot (empty: withdrawn)",
            unidad_en="the table's"),
        Col("vigente_desde", "fecha", "Fecha de consulta de la instantánea que lo trajo (realtime_start)",
            descripcion_en="Access date of the snapshot that brought it (realtime_start)"),
        Col("vigente_hasta", "fecha", "Fecha de consulta de la instantánea que lo reemplazó, excluida (realtime_end); "
            "vacío si sigue vigente", nulo=True,
            descripcion_en="Access date of the snapshot that replaced it, exclusive (realtime_end); empty if still "
                           "current"),
        Col("primer_valor", "decimal", "Primer valor publicado de la serie en ese periodo", unidad="la de la tabla",
            descripcion_en="First published value of the series in that period",
            unidad_en="the table's"),
        Col("primera_fecha", "fecha", "Fecha de consulta de la primera publicación",
            descripcion_en="Access date of the first publication"),
        Col("ultimo_valor", "decimal", "Valor vigente hoy (vacío: retirado)", nulo=True, unidad="la de la tabla",
            descripcion_en="Value current today (empty: withdrawn)",
            unidad_en="the table's"),
        Col("ultima_fecha", "fecha", "Fecha de consulta de la última instantánea que lo cambió",
            descripcion_en="Access date of the latest snapshot that changed it"),
        Col("fuente_id", "texto", "Archivo crudo de la instantánea de la que sale el valor (ver tabla fuentes)",
            descripcion_en="Raw file of the snapshot the value comes from (see table fuentes)"),
    ),
    ("tabla", "nivel", "serie", "periodo", "instantanea"),
    titulo_en="Revisions: the value in every snapshot",
    descripcion_en="Real-time history (like ALFRED's realtime_start / realtime_end): by table, series and period, every "
                   "distinct value the source published, from which snapshot it was current and until which, with the "
                   "first published value and the latest. A snapshot replaces whole the units it carries (for CBP, each "
                   "month and region; for UPMRIP's Bulletin, each month the workbook carries; for the other sources with "
                   "downloads, each period the download carries): a row it no longer repeats is withdrawn (empty value).",
))


# --- Metadatos publicados como tablas: lo que el tablero necesita saber de cada tabla y campo lo lee por SQL
# (sin importar `etl`). Se arman en etl/metadatos.py a partir de TABLAS.
TIPOS = tuple(TIPOS_ARROW)

_registrar(Tabla(
    "tablas_meta", "Tablas publicadas",
    "Título, descripción, clave y número de renglones de cada tabla publicada (de etl/esquemas.py).",
    (
        Col("tabla", "texto", "Nombre de la tabla (archivo `<tabla>.parquet`)",
            descripcion_en="Name of the table (file `<tabla>.parquet`)"),
        Col("posicion", "entero", "Orden de la tabla en etl/esquemas.py", minimo=1,
            descripcion_en="Order of the table in etl/esquemas.py"),
        Col("titulo", "texto", "Título", descripcion_en="Title"),
        Col("titulo_en", "texto", "Título en inglés", nulo=True, descripcion_en="Title in English"),
        Col("descripcion", "texto", "Qué contiene", descripcion_en="What it contains"),
        Col("descripcion_en", "texto", "Qué contiene, en inglés", nulo=True, descripcion_en="What it contains, in English"),
        Col("clave", "texto", "Clave primaria: arreglo JSON de nombres de columna (from_json(clave, '[\"VARCHAR\"]') en DuckDB)",
            descripcion_en="Primary key: JSON array of column names (from_json(clave, '[\"VARCHAR\"]') in DuckDB)"),
        Col("filas", "entero", "Renglones de la tabla en esta versión", unidad="renglones", minimo=0,
            descripcion_en="Rows of the table in this version",
            unidad_en="rows"),
        Col("definicion", "texto", "Título, descripción y medidas con su unidad («Título. Descripción Medida — col: descripción (unidad).»), "
            "para la columna definicion de las descargas",
            descripcion_en="Title, description and measures with their unit («Título. Descripción Medida — col: "
                           "descripción (unidad).»), in Spanish, for the definicion column of the downloads"),
        Col("definicion_en", "texto", "La definición en inglés (título, descripción y cada medida con su unidad)",
            descripcion_en="The definition in English (title, description and each measure with its unit)"),
    ),
    ("tabla",),
    orden=("posicion",),
    titulo_en="Published tables",
    descripcion_en="Title, description, key and row count of each published table (from etl/esquemas.py).",
))

_registrar(Tabla(
    "campos_meta", "Campos de las tablas publicadas",
    "Cada columna de cada tabla publicada con su tipo, descripción y unidad (en español y en inglés) y restricciones "
    "(de etl/esquemas.py).",
    (
        Col("tabla", "texto", "Tabla (ver tablas_meta)", descripcion_en="Table (see tablas_meta)"),
        Col("campo", "texto", "Nombre de la columna", descripcion_en="Name of the column"),
        Col("posicion", "entero", "Posición de la columna en la tabla (1 = primera)", minimo=1,
            descripcion_en="Position of the column in the table (1 = first)"),
        Col("tipo", "texto", "Tipo de dato", valores=TIPOS, descripcion_en="Data type"),
        Col("descripcion", "texto", "Qué contiene la columna", descripcion_en="What the column contains"),
        Col("descripcion_en", "texto", "Qué contiene la columna, en inglés",
            descripcion_en="What the column contains, in English"),
        Col("unidad", "texto", "Unidad de medida (vacío si no es una medida)", nulo=True,
            descripcion_en="Unit of measurement (empty if it is not a measure)"),
        Col("unidad_en", "texto", "Unidad de medida en inglés (vacío si no es una medida)", nulo=True,
            descripcion_en="Unit of measurement in English (empty if it is not a measure)"),
        Col("nulo", "logico", "Verdadero si la columna admite valores vacíos",
            descripcion_en="True if the column allows empty values"),
        Col("valores", "texto", "Valores permitidos: arreglo JSON de textos (vacío si no hay lista cerrada)", nulo=True,
            descripcion_en="Allowed values: JSON array of strings (empty if there is no closed list)"),
        Col("minimo", "decimal", "Valor mínimo permitido (vacío si no hay)", nulo=True,
            descripcion_en="Minimum allowed value (empty if none)"),
    ),
    ("tabla", "campo"),
    orden=("tabla", "posicion"),
    titulo_en="Fields of the published tables",
    descripcion_en="Every column of every published table with its type, description and unit (in Spanish and in "
                   "English) and constraints (from etl/esquemas.py).",
))

_registrar(Tabla(
    "etiquetas", "Etiquetas de las categorías de los datos",
    "Nombre en español y en inglés de cada categoría que traen los datos (sexo, grupo de edad, tipo de devolución, "
    "causa del MMP, unidades, qué cuenta cada indicador y las categorías de la CBP, con prefijo cbp_).",
    (
        Col("campo", "texto", "Dominio de la categoría (sexo, grupo_edad, tipo_devolucion, causa, unidad, cuenta, cbp_*)",
            descripcion_en="Domain of the category (sexo, grupo_edad, tipo_devolucion, causa, unidad, cuenta, cbp_*)"),
        Col("valor", "texto", "Valor tal como viene en los datos", descripcion_en="Value as it comes in the data"),
        Col("es", "texto", "Nombre visible en español", descripcion_en="Display name in Spanish"),
        Col("en", "texto", "Nombre visible en inglés", descripcion_en="Display name in English"),
    ),
    ("campo", "valor"),
    titulo_en="Labels of the data categories",
    descripcion_en="Spanish and English name of every category in the data (sex, age group, return type, MMP cause, "
                   "units, what each indicator counts and CBP categories, prefixed cbp_).",
))

_registrar(Tabla(
    "fuentes_tablas", "Archivos crudos y tablas que los contienen",
    "Qué tabla publicada contiene los renglones de cada archivo crudo (según su columna fuente_id o archivo); "
    "los catálogos documentos y fuentes no cuentan.",
    (
        Col("fuente", "texto", "Archivo crudo (ver fuentes.fuente_id)", descripcion_en="Raw file (see fuentes.fuente_id)"),
        Col("tabla", "texto", "Tabla publicada que contiene renglones de ese archivo (ver tablas_meta)",
            descripcion_en="Published table that contains rows of that file (see tablas_meta)"),
        Col("principal", "logico", "Verdadero en la primera de esas tablas según tablas_meta.posicion: "
            "la que da la definicion de las descargas de ese archivo",
            descripcion_en="True for the first of those tables by tablas_meta.posicion: the one that gives the "
                           "definicion of that file's downloads"),
    ),
    ("fuente", "tabla"),
    titulo_en="Raw files and the tables that contain them",
    descripcion_en="Which published table holds the rows of each raw file (by its fuente_id or archivo column); "
                   "the documentos and fuentes catalogues do not count.",
))


def validar(nombre: str, tabla: pd.DataFrame):
    """Valida con pandera y devuelve la tabla; el error dice tabla, columna y valor."""
    return TABLAS[nombre].esquema_pandera().validate(tabla, lazy=False)
