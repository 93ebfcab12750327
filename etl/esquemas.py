"""Esquema de cada tabla Parquet: una sola definición que valida (pandera), escribe (pyarrow) y documenta.

Cambiar una columna aquí cambia a la vez la validación, el tipo en Parquet y la documentación.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import pyarrow

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


@dataclass(frozen=True)
class Tabla:
    nombre: str
    titulo: str
    descripcion: str
    columnas: tuple[Col, ...]
    clave: tuple[str, ...]
    orden: tuple[str, ...] = field(default=())

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


def _mes(desc: str = "Mes de referencia (primer día del mes)") -> Col:
    return Col("mes", "fecha", desc)


_ISO3 = Col("iso3", "texto", "Nacionalidad, código ISO 3166-1 alfa-3 (o código especial del catálogo de países)")
_FUENTE = Col("fuente_id", "texto", "Archivo crudo del que proviene el renglón (ver tabla fuentes)")
_N_EVENTOS = Col("n", "entero", "Número de eventos (no personas)", unidad="eventos", minimo=0)

TABLAS: dict[str, Tabla] = {}


def _registrar(t: Tabla) -> Tabla:
    TABLAS[t.nombre] = t
    return t


_registrar(Tabla(
    "documentos", "Documentos fuente",
    "Catálogo de los documentos de los que se toman las cifras.",
    (
        Col("documento_id", "texto", "Identificador: nombre del archivo sin extensión"),
        Col("archivo", "texto", "Nombre del archivo en datos/crudos/fuentes"),
        Col("titulo", "texto", "Título tal como lo da el documento"),
        Col("titulo_en", "texto", "Título en inglés"),
        Col("institucion", "texto", "Institución que publica"),
        Col("fecha_publicacion", "texto", "Fecha de publicación con la precisión que permite el texto (AAAA, AAAA-MM o AAAA-MM-DD)"),
        Col("fecha", "fecha", "Fecha de publicación como fecha (primer día del periodo cuando la precisión es menor)"),
        Col("fecha_precision", "texto", "Precisión de la fecha", valores=("dia", "mes", "anio")),
        Col("fecha_inferida", "logico", "Verdadero si la fecha se infiere del contexto y no la dice el texto"),
        Col("fecha_nota", "texto", "De dónde se infiere la fecha", nulo=True),
        Col("idioma", "texto", "Idioma del documento", valores=("es", "en")),
        Col("tipo", "texto", "Tipo de documento"),
        Col("url", "texto", "URL que da el propio texto", nulo=True),
        Col("formato_numerico", "texto", "Convención numérica del texto", valores=("es-MX", "en", "es-419")),
        Col("sha256", "texto", "Huella SHA-256 del archivo"),
        Col("texto", "texto", "Texto completo del documento"),
    ),
    ("documento_id",),
))

_registrar(Tabla(
    "indicadores", "Catálogo de indicadores",
    "Qué mide cada indicador, en qué unidad y con qué se puede comparar.",
    (
        Col("indicador_id", "texto", "Identificador estable del indicador"),
        Col("nombre_es", "texto", "Nombre en español"),
        Col("nombre_en", "texto", "Nombre en inglés"),
        Col("definicion", "texto", "Definición"),
        Col("definicion_en", "texto", "Definición en inglés"),
        Col("unidad", "texto", "Unidad de medida"),
        Col("familia", "texto", "Familia temática del indicador"),
        Col("cuenta", "texto", "Qué cuenta una unidad (eventos, personas, empresas…)"),
        Col("medida", "texto", "Tipo de medida", valores=("stock", "flujo", "acumulado", "proyeccion", "proporcion")),
        Col("comparabilidad", "texto", "Notas de comparabilidad", nulo=True),
    ),
    ("indicador_id",),
))

CALIFICADORES = (
    "exacto", "mas_de", "casi", "alrededor_de", "aproximadamente", "al_menos", "hasta", "menos_de", "rango", "superior_a",
)

_registrar(Tabla(
    "cifras", "Cifras de los documentos",
    "Cada cifra que dicen los documentos, con su calificador, periodo, fuente citada y el fragmento textual que la sostiene.",
    (
        Col("cifra_id", "texto", "Identificador de la cifra"),
        Col("indicador_id", "texto", "Indicador (ver tabla indicadores)"),
        Col("documento_id", "texto", "Documento del que se toma (ver tabla documentos)"),
        Col("valor", "decimal", "Valor puntual tal como lo escribe el texto (vacío en rangos)", nulo=True),
        Col("valor_min", "decimal", "Extremo inferior de un rango", nulo=True),
        Col("valor_max", "decimal", "Extremo superior de un rango", nulo=True),
        Col("unidad", "texto", "Unidad"),
        Col("calificador", "texto", "Calificador normalizado", valores=CALIFICADORES),
        Col("calificador_texto", "texto", "Calificador tal como se escribe («más de», «casi»…)", nulo=True),
        Col("periodo", "texto", "Periodo tal como lo dice el texto", nulo=True),
        Col("periodo_inicio", "fecha", "Inicio del periodo", nulo=True),
        Col("periodo_fin", "fecha", "Fin del periodo", nulo=True),
        Col("geografia", "texto", "Ámbito geográfico"),
        Col("institucion_fuente", "texto", "Institución que el texto cita como fuente de la cifra"),
        Col("cita", "texto", "Fragmento textual del documento que dice la cifra"),
        Col("titular", "logico", "Cifra principal de su familia en el Panorama"),
        Col("nota", "texto", "Notas para quien use la cifra", nulo=True),
    ),
    ("cifra_id",),
))

_registrar(Tabla(
    "fuentes", "Tablas oficiales y catálogos",
    "Procedencia de cada archivo crudo: productor, cuadro, compilador, licencia, periodo y huella.",
    (
        Col("fuente_id", "texto", "Nombre del archivo crudo"),
        Col("titulo", "texto", "Qué contiene"),
        Col("titulo_en", "texto", "Qué contiene, en inglés", nulo=True),
        Col("productor", "texto", "Institución que produce los datos"),
        Col("tabla", "texto", "Cuadro o serie de origen"),
        Col("compilador", "texto", "Quién compiló el archivo", nulo=True),
        Col("url", "texto", "Dónde se publica", nulo=True),
        Col("periodo", "texto", "Periodo que cubre"),
        Col("licencia", "texto", "Licencia o términos de uso"),
        Col("fecha_acceso", "fecha", "Fecha de consulta"),
        Col("sha256", "texto", "Huella SHA-256 del archivo"),
        Col("cita_sugerida", "texto", "Cómo citar"),
        Col("notas", "texto", "Notas de procedencia y tratamiento", nulo=True),
    ),
    ("fuente_id",),
))

_registrar(Tabla(
    "paises", "Catálogo de países",
    "Códigos ISO-3 con nombres en español e inglés; única fuente de nombres de país del tablero.",
    (
        Col("iso3", "texto", "Código ISO 3166-1 alfa-3 o código especial"),
        Col("nombre_es", "texto", "Nombre en español"),
        Col("nombre_en", "texto", "Nombre en inglés"),
        Col("tipo", "texto", "pais o especial", valores=("pais", "especial")),
    ),
    ("iso3",),
))

_registrar(Tabla(
    "eventos_nacionalidad", "Eventos por nacionalidad (UPMRIP)",
    "Eventos de personas extranjeras presentadas ante el INM o canalizadas por situación migratoria irregular, por mes y nacionalidad.",
    (
        _mes(), _ISO3, _N_EVENTOS,
        Col("renglones_sumados", "entero", "Renglones del archivo crudo sumados en este (2 cuando el compilador asignó dos renglones al mismo código)", minimo=1),
        _FUENTE,
    ),
    ("mes", "iso3"),
))

SEXOS = ("Hombres", "Mujeres")
GRUPOS_EDAD = ("18 años o más", "12 a 17 años", "Menores de 12, acompañados", "Menores de 12, no acompañados")

_registrar(Tabla(
    "eventos_sexo_edad", "Eventos por sexo y edad (UPMRIP)",
    "Los mismos eventos por sexo y grupo de edad, mensuales.",
    (_mes(), Col("sexo", "texto", "Sexo", valores=SEXOS), Col("grupo_edad", "texto", "Grupo de edad", valores=GRUPOS_EDAD), _N_EVENTOS, _FUENTE),
    ("mes", "sexo", "grupo_edad"),
))

TIPOS_DEVOLUCION = ("Deportación", "Retorno asistido", "Retorno asistido de niñas, niños y adolescentes")

_registrar(Tabla(
    "devoluciones", "Devoluciones por tipo y nacionalidad (UPMRIP)",
    "Personas extranjeras devueltas por México, por tipo de devolución, nacionalidad y mes.",
    (_mes(), _ISO3, Col("tipo", "texto", "Tipo de devolución", valores=TIPOS_DEVOLUCION),
     Col("n", "entero", "Número de eventos de devolución", unidad="eventos", minimo=0), _FUENTE),
    ("mes", "iso3", "tipo"),
))

_registrar(Tabla(
    "cbp_encuentros", "Encuentros de la CBP (EE. UU.)",
    "Encuentros de la Oficina de Aduanas y Protección Fronteriza de EE. UU.; otra medida, nunca se suma a los eventos de México.",
    (
        _mes("Mes calendario (primer día)"),
        Col("anio_fiscal", "entero", "Año fiscal de EE. UU. (empieza en octubre)"),
        Col("region", "texto", "Región fronteriza terrestre (CBP)"),
        Col("componente", "texto", "Componente de la CBP"),
        Col("area", "texto", "Área de responsabilidad", nulo=True),
        Col("estado", "texto", "Siempre vacío aquí: el detalle por estado se publica en cbp_encuentros_estado", nulo=True),
        Col("demografia", "texto", "Grupo demográfico (CBP)"),
        Col("autoridad", "texto", "Título de la autoridad (Título 8 / Título 42)"),
        Col("tipo_encuentro", "texto", "Tipo de encuentro"),
        Col("ciudadania", "texto", "Ciudadanía como la escribe el archivo", nulo=True),
        Col("iso3", "texto", "Ciudadanía ISO-3 cuando es un solo país", nulo=True),
        Col("grupo_ciudadania", "texto", "Grupo de ciudadanías cuando no es un solo país", nulo=True),
        Col("n", "entero", "Número de encuentros", unidad="encuentros", minimo=0),
        Col("archivo", "texto", "Archivo crudo del que proviene: el único que manda en ese mes y región (el de fecha de consulta más reciente)"),
    ),
    ("mes", "region", "componente", "area", "estado", "demografia", "autoridad", "tipo_encuentro", "ciudadania"),
))

_registrar(Tabla(
    "cbp_encuentros_estado", "Encuentros de la CBP por estado (EE. UU.)",
    "Los mismos encuentros de la CBP desglosados por estado de EE. UU. (descargas «por estado»); otro corte de "
    "cbp_encuentros, nunca se suma con ella. Vacía si no hay ningún archivo por estado.",
    (
        _mes("Mes calendario (primer día)"),
        Col("anio_fiscal", "entero", "Año fiscal de EE. UU. (empieza en octubre)"),
        Col("region", "texto", "Región fronteriza terrestre (CBP)"),
        Col("estado", "texto", "Estado de EE. UU. como lo escribe la CBP"),
        Col("demografia", "texto", "Grupo demográfico (CBP)"),
        Col("autoridad", "texto", "Título de la autoridad (Título 8 / Título 42)"),
        Col("ciudadania", "texto", "Ciudadanía como la escribe el archivo", nulo=True),
        Col("iso3", "texto", "Ciudadanía ISO-3 cuando es un solo país", nulo=True),
        Col("grupo_ciudadania", "texto", "Grupo de ciudadanías cuando no es un solo país", nulo=True),
        Col("n", "entero", "Número de encuentros", unidad="encuentros", minimo=0),
        Col("archivo", "texto", "Archivo crudo del que proviene: el único que manda en ese mes y región (el de fecha de consulta más reciente)"),
    ),
    ("mes", "region", "estado", "demografia", "autoridad", "ciudadania"),
))

_registrar(Tabla(
    "asilo_solicitudes", "Solicitudes de asilo en México (ACNUR/COMAR)",
    "Solicitudes de asilo presentadas en México por país de origen y año.",
    (
        Col("anio", "entero", "Año"),
        Col("iso3", "texto", "País de origen, ISO-3"),
        Col("procedimiento", "texto", "Tipo de procedimiento (G = gubernamental, U = ACNUR, J = conjunto)"),
        Col("tipo_solicitud", "texto", "Tipo de solicitud, código del ACNUR (N = nueva)"),
        Col("nivel_decision", "texto", "Nivel de decisión, código del ACNUR (FI = primera instancia)"),
        Col("unidad_solicitud", "texto", "Personas (P) o casos (C)", valores=("personas", "casos")),
        Col("n", "entero", "Solicitudes", unidad="solicitudes", minimo=0),
        _FUENTE,
    ),
    ("anio", "iso3", "procedimiento", "tipo_solicitud", "nivel_decision", "unidad_solicitud"),
))

_registrar(Tabla(
    "darien", "Tránsito por el Darién (Panamá)",
    "Personas registradas al cruzar el Darién por nacionalidad; renglones anuales hasta 2019 y mensuales desde 2020.",
    (
        Col("periodo_inicio", "fecha", "Inicio del periodo que cubre el renglón"),
        Col("periodicidad", "texto", "anual o mensual", valores=("anual", "mensual")),
        _ISO3,
        Col("n", "entero", "Personas", unidad="personas", minimo=0),
        _FUENTE,
    ),
    ("periodo_inicio", "iso3"),
))

_registrar(Tabla(
    "mmp_incidentes", "Muertes y desapariciones de personas migrantes en México (OIM)",
    "Un renglón por incidente del Proyecto Migrantes Desaparecidos con causa, nacionalidades y coordenadas.",
    (
        Col("incidente", "entero", "Número del renglón en el archivo crudo (identificador estable)"),
        Col("fecha", "fecha", "Fecha del incidente"),
        _mes(),
        Col("anio", "entero", "Año del incidente"),
        Col("tipo", "texto", "Tipo de registro (MMP)"),
        Col("ruta", "texto", "Ruta migratoria"),
        Col("muertes", "entero", "Personas muertas o desaparecidas según el MMP", unidad="personas", minimo=0),
        Col("sobrevivientes", "entero", "Sobrevivientes", nulo=True, unidad="personas", minimo=0),
        Col("causa", "texto", "Causa (MMP)"),
        Col("nacionalidades", "texto", "Nacionalidades ISO-3 separadas por coma"),
        Col("ubicacion", "texto", "Ubicación tal como la describe el MMP"),
        Col("lon", "decimal", "Longitud (WGS84)"),
        Col("lat", "decimal", "Latitud (WGS84)"),
        Col("en_mexico", "logico", "Coordenadas dentro de una entidad del INEGI (polígonos completos) o a 1 km o menos de su "
            "límite (costa, Río Bravo, muro fronterizo); las demás no se dibujan"),
        Col("cve_ent", "texto", "Entidad del INEGI que contiene el punto (vacía si cae fuera de todas, aun dentro de la tolerancia)",
            nulo=True),
        _FUENTE,
    ),
    ("incidente",),
))

_registrar(Tabla(
    "remesas", "Remesas por entidad (Banxico)",
    "Ingresos por remesas por entidad federativa, trimestrales, en dólares.",
    (
        Col("trimestre", "fecha", "Primer día del trimestre"),
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)"),
        Col("entidad", "texto", "Nombre de la entidad (catálogo INEGI)"),
        Col("usd", "entero", "Remesas en dólares de EE. UU.", unidad="dólares", minimo=0),
        _FUENTE,
    ),
    ("trimestre", "cve_ent"),
))

_registrar(Tabla(
    "entidades", "Entidades federativas (INEGI)",
    "Las 32 entidades con su clave INEGI y su geometría en GeoJSON.",
    (
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)"),
        Col("entidad", "texto", "Nombre oficial de la entidad"),
        Col("geometria", "texto", "Geometría GeoJSON (WGS84) tal como la publica el INEGI"),
        _FUENTE,
    ),
    ("cve_ent",),
))


_registrar(Tabla(
    "entidades_simplificadas", "Entidades federativas para el mapa (INEGI, simplificadas)",
    "Las 32 entidades con su geometría simplificada en el ETL (Douglas-Peucker por arcos, tolerancia 0.01°, "
    "coordenadas a 3 decimales): las fronteras compartidas quedan idénticas en los dos vecinos y el mapa "
    "envía menos de 1 MB al navegador.",
    (
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)"),
        Col("entidad", "texto", "Nombre oficial de la entidad"),
        Col("geometria", "texto", "Geometría GeoJSON simplificada (MultiPolygon, WGS84, exterior en sentido horario como la del INEGI)"),
        Col("vertices_original", "entero", "Vértices de la geometría del INEGI", minimo=1),
        Col("vertices", "entero", "Vértices tras simplificar", minimo=1),
        _FUENTE,
    ),
    ("cve_ent",),
))

_registrar(Tabla(
    "centros", "Centros Multiservicios y Centros Integradores del Migrante",
    "Los centros que nombran los documentos, con estado, operador, servicios y financiamiento tal como los dicen, "
    "la cita que lo sostiene y una ubicación aproximada (cabecera municipal) que no viene de los documentos.",
    (
        Col("centro_id", "texto", "Identificador del centro"),
        Col("nombre", "texto", "Nombre del centro"),
        Col("tipo", "texto", "Tipo de centro (Centro Multiservicios de Inclusión y Desarrollo, Centro Integrador del Migrante…)"),
        Col("municipio", "texto", "Municipio"),
        Col("cve_ent", "texto", "Clave INEGI de la entidad (dos dígitos)"),
        Col("entidad", "texto", "Nombre de la entidad (catálogo INEGI)"),
        Col("estado", "texto", "Situación del centro como la dice el documento (previsto, en operación…)"),
        Col("operador", "texto", "Quién lo opera, según el documento (vacío si no lo dice)", nulo=True),
        Col("servicios", "texto", "Servicios, según el documento (vacío si no los dice)", nulo=True),
        Col("financiamiento", "texto", "Financiamiento, según el documento (vacío si no lo dice)", nulo=True),
        Col("documento_id", "texto", "Documento que lo nombra (ver tabla documentos)"),
        Col("cita", "texto", "Fragmentos textuales del documento, separados por « […] »"),
        Col("estado_posterior", "texto", "Situación según un documento posterior", nulo=True),
        Col("documento_posterior", "texto", "Documento posterior (ver tabla documentos)", nulo=True),
        Col("cita_posterior", "texto", "Fragmento textual del documento posterior", nulo=True),
        Col("lon", "decimal", "Longitud aproximada de la cabecera municipal (WGS84; no viene del documento)"),
        Col("lat", "decimal", "Latitud aproximada de la cabecera municipal (WGS84; no viene del documento)"),
        Col("coordenadas_fuente", "texto", "De dónde salen las coordenadas"),
        _FUENTE,
    ),
    ("centro_id",),
))


def validar(nombre: str, tabla: pd.DataFrame):
    """Valida con pandera y devuelve la tabla; el error dice tabla, columna y valor."""
    return TABLAS[nombre].esquema_pandera().validate(tabla, lazy=False)
