"""API de datos de sólo lectura: cada tabla publicada en una dirección estable que R, Stata y Python leen.

`servidor.py` la monta junto a las páginas (`st.App(..., routes=api.rutas())`, un solo puerto):

- `GET /api/v1/tablas`: las tablas con título, descripción, unidades, licencias, cómo citar, columnas (con su
  descripción y unidad también en inglés), filtros y versión (JSON).
- `GET /api/v1/tablas/{tabla}.csv|.json|.parquet`: los renglones de la tabla con sus columnas de fuente. Son los
  de la misma consulta que la descarga «datos completos» de las páginas (`consultas.sql`, sin otro camino), y el
  CSV sale de la misma función (`exportar.csv_excel`: UTF-8 con BOM, fechas ISO). Cada parámetro que nombra una
  columna filtra (`?iso3=HND&iso3=GTM`: alguno de los valores); `?version=` fija una versión publicada.

Sirve todas las tablas publicadas de `etl/esquemas.py`, sin excepción: también los metadatos que resume
`/api/v1/tablas` (`tablas_meta`, `campos_meta`, `fuentes_tablas`), los catálogos (`paises`, `etiquetas`, el registro
de fuentes), las geometrías (en texto GeoJSON), los centros, la CBP por estado (vacía con los archivos incluidos: sólo
su encabezado) y las instantáneas y revisiones. `seccion_tablas()` lo escribe para docs/api.md.

Los nombres de tabla y columna se comparan con listas cerradas; los valores se enlazan en DuckDB
(`Catalogo.ejecutar_filtrada`). Tabla, columna o versión desconocidas → 404/400 con un mensaje, nunca 500.
Nada aquí escribe: lee la versión publicada (con su candado `.en_uso`, que impide que el ETL la pode mientras
se lee) y responde `ETag` por versión, tabla, formato y filtros.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import cachetools
import pandas as pd
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from etl.publicacion import carpeta_versiones
from tablero import datos
from tablero.consultas import TablasNoDisponibles
from tablero.exportar import csv_excel, paquete

log = logging.getLogger(__name__)

PREFIJO = "/api/v1"
FORMATOS = {"csv": "text/csv; charset=utf-8", "json": "application/json", "parquet": "application/vnd.apache.parquet"}
PARAMETROS_RESERVADOS = ("version",)
MAXIMO_RENGLONES = 500_000  # por respuesta; `TABLERO_API_MAX_RENGLONES` lo cambia
MAXIMO_VALORES = 200  # valores por filtro
MAXIMO_LARGO_VALOR = 200
# Las columnas de fuente que agrega la vista `procedencia` (consultas.sql) a cada renglón.
COLUMNAS_FUENTE = {
    "fuente": "Cita sugerida del archivo crudo del renglón (productor, cuadro, periodo, fecha de consulta)",
    "institucion": "Institución que produce el dato",
    "documento_tabla": "Cuadro o tabla de la publicación de origen",
    "fecha": "Fecha en que se consultó la fuente (AAAA-MM-DD)",
    "definicion": "Qué cuenta la tabla y en qué unidad",
}
COLUMNAS_FUENTE_EN = {
    "fuente": "Suggested citation of the row's raw file (producer, table, period, access date)",
    "institucion": "Institution that produces the value",
    "documento_tabla": "Table of the source publication",
    "fecha": "Date the source was accessed (YYYY-MM-DD)",
    "definicion": "What the table counts and in which unit",
}
_NOMBRE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


@dataclass(frozen=True)
class TablaApi:
    consulta: str  # la consulta de consultas.sql (la de «datos completos» de las páginas cuando la hay)
    parametros: tuple = ()  # parámetros fijos de la consulta


# Cada tabla publicada (etl/esquemas.py, sin excepción: lo comprueba tests/test_api.py) → la consulta que da todos
# sus renglones, con columnas de fuente si la tabla trae `fuente_id`. Donde una página descarga la tabla entera, la
# misma consulta que esa descarga; si no, una `*_completa` de la sección «API» de consultas.sql.
TABLAS: dict[str, TablaApi] = {
    "eventos_nacionalidad": TablaApi("eventos_nacionalidad_completa"),
    "eventos_sexo_edad": TablaApi("eventos_sexo_edad_completa"),
    "devoluciones": TablaApi("devoluciones_completa"),
    "cbp_encuentros": TablaApi("cbp_completa"),
    "asilo_solicitudes": TablaApi("asilo_completa"),
    "darien": TablaApi("darien_completa"),
    "mmp_incidentes": TablaApi("mmp_completa"),
    "remesas": TablaApi("remesas_completa"),
    "enoe_ocupados": TablaApi("enoe_completa"),
    "enoe_indicadores": TablaApi("enoe_indicadores_completa"),
    "proyecciones": TablaApi("proyecciones_todas"),
    "proyecciones_series": TablaApi("proyecciones_series_completa"),
    # la tabla entera (también los orígenes de calibración); la descarga de la página es sólo la ventana de reporte
    "proyecciones_evaluacion": TablaApi("proyecciones_evaluacion_origenes_completa"),
    "proyecciones_puntaje": TablaApi("proyecciones_puntaje_completo"),
    "cifras": TablaApi("cifras_catalogo", (("buscar", ""), ("idioma", "es"))),
    "documentos": TablaApi("documentos_catalogo"),
    "indicadores": TablaApi("indicadores_catalogo"),
    "fuentes": TablaApi("fuentes_catalogo"),
    "cbp_encuentros_estado": TablaApi("cbp_estado_completa"),  # vacía si no hay archivos «por estado»
    "entidades": TablaApi("entidades_completa"),  # geometría en texto GeoJSON (por qué: consultas.sql)
    "entidades_simplificadas": TablaApi("territorio_geometria"),  # la misma del mapa
    "centros": TablaApi("territorio_centros"),  # la misma del mapa, con el documento que nombra cada centro
    "instantaneas": TablaApi("instantaneas_completa"),
    "revisiones": TablaApi("revisiones_completa"),
    "fuentes_registro": TablaApi("fuentes_registro_completa"),
    "paises": TablaApi("paises_completa"),
    "etiquetas": TablaApi("etiquetas_completa"),
    # los metadatos que resume /api/v1/tablas, también como tablas (para unirlos en R o pandas)
    "tablas_meta": TablaApi("tablas_meta_completa"),
    "campos_meta": TablaApi("campos_meta_completa"),
    "fuentes_tablas": TablaApi("fuentes_tablas_completa"),
}


NOTAS_TABLAS = {
    "entidades": "geometría completa en texto GeoJSON (una celda pasa de 32,767 caracteres: Excel la corta; use el "
                 "Parquet, R `sf::st_read()` o Python `shapely.from_geojson`)",
    "entidades_simplificadas": "la misma geometría simplificada del mapa, en texto GeoJSON",
    "cbp_encuentros_estado": "vacía (sólo el encabezado) mientras no haya archivos «por estado» de la CBP",
    "proyecciones_evaluacion": "la tabla entera, también los orígenes de calibración (reporte = false); la descarga "
                               "de la página Proyecciones es sólo la ventana de reporte",
    "tablas_meta": "los metadatos que resume /api/v1/tablas, como tabla",
    "campos_meta": "los metadatos que resume /api/v1/tablas, como tabla",
    "fuentes_tablas": "qué tabla publicada contiene cada archivo crudo",
}


def seccion_tablas() -> str:
    """La lista de tablas servidas y la consulta de cada una, en Markdown (para docs/api.md; sale de `TABLAS`)."""
    renglones = ["## Tablas servidas", "",
                 "Todas las tablas publicadas de `etl/esquemas.py`, cada una con todos sus renglones en "
                 "`/api/v1/tablas/{tabla}.csv|.json|.parquet` (con las columnas de fuente si la tabla trae `fuente_id`). "
                 "La consulta es la de `consultas.sql`:", "",
                 "| tabla | consulta | nota |", "|---|---|---|"]
    renglones += [f"| `{n}` | `{t.consulta}` | {NOTAS_TABLAS.get(n, '')} |" for n, t in TABLAS.items()]
    return "\n".join(renglones) + "\n"


class ErrorApi(Exception):
    """Error del cliente: su código HTTP y un mensaje que dice qué corregir."""

    def __init__(self, estado: int, mensaje: str, **extra):
        super().__init__(mensaje)
        self.estado, self.mensaje, self.extra = estado, mensaje, extra


def maximo_renglones() -> int:
    try:
        return max(int(os.environ.get("TABLERO_API_MAX_RENGLONES", MAXIMO_RENGLONES)), 1)
    except ValueError:
        return MAXIMO_RENGLONES


def carpeta_version(pedida: str | None) -> Path:
    """La carpeta de la versión pedida (`?version=`) o la publicada hoy; 404 si no existe (o ya se podó)."""
    if pedida is None:
        return datos.version_publicada()
    if not _VERSION.fullmatch(pedida):
        raise ErrorApi(400, "Versión inválida: use el nombre que da /api/v1/tablas (campo «version»).")
    carpeta = carpeta_versiones(datos.ruta_parquet()) / pedida
    if not (carpeta / "manifiesto.json").is_file():
        raise ErrorApi(404, f"La versión {pedida!r} no está publicada (o ya se podó). La vigente la dice /api/v1/tablas.")
    return carpeta.resolve()


@functools.lru_cache(maxsize=8)
def _descriptor(version_dir: str, idioma: str = "es") -> dict:
    """Título, descripción, campos, licencias y cita de cada tabla (el mismo descriptor del paquete de datos, con
    sus textos en `idioma`)."""
    carpeta = Path(version_dir)
    publicadas = [n for n in TABLAS if (carpeta / f"{n}.parquet").exists()]
    return {r["name"]: r for r in paquete.descriptor_paquete(carpeta, publicadas, idioma=idioma)["resources"]}


@functools.lru_cache(maxsize=4)
def _tablas_meta(version_dir: str) -> dict[str, dict]:
    import pyarrow.parquet as pq

    return {f["tabla"]: f for f in pq.read_table(Path(version_dir) / "tablas_meta.parquet").to_pylist()}


def tablas_publicadas(version_dir: str) -> list[tuple[str, str, str]]:
    """(tabla, título, título en inglés) de cada tabla que sirve la API en esa versión (para «Fuentes y metodología»)."""
    meta = _tablas_meta(version_dir)
    return [(n, meta[n]["titulo"], meta[n].get("titulo_en") or meta[n]["titulo"]) for n in TABLAS
            if n in meta and (Path(version_dir) / f"{n}.parquet").exists()]


def ejemplos(url_csv: str, url_parquet: str) -> str:
    """Una línea para leer una tabla en R, Stata, pandas y DuckDB (el texto, que es para copiar y no se ejecuta
    aquí, vive en `ejemplos_api.txt`)."""
    plantilla = (Path(__file__).parent / "ejemplos_api.txt").read_text(encoding="utf-8").strip()
    return plantilla.replace("{csv}", url_csv).replace("{parquet}", url_parquet)


def _columnas(version_dir: str, tabla: str) -> tuple[str, ...]:
    api = TABLAS[tabla]
    return datos.columnas_en(version_dir, api.consulta, **dict(api.parametros))


def _leer(version_dir: str, tabla: str, filtros: dict[str, list[str]]) -> pd.DataFrame:
    """Los renglones de la tabla; sin filtros, el mismo resultado (en caché) que la descarga de la página."""
    api = TABLAS[tabla]
    limite = maximo_renglones()
    if not filtros:
        df = datos.consulta_en(version_dir, api.consulta, **dict(api.parametros))
    else:
        df = datos.filtrada_en(version_dir, api.consulta, filtros, limite + 1, **dict(api.parametros))
    if len(df) > limite:  # sin filtros, la consulta entera ya está en caché: sólo se cuenta
        raise ErrorApi(400, f"La respuesta pasaría de {limite:,} renglones, el máximo de la API. Filtre por alguna "
                            f"columna (por ejemplo ?{_columnas(version_dir, tabla)[0]}=…) o descargue el paquete de "
                            "datos completo en «Fuentes y metodología».", maximo=limite)
    return df


def _filtros(request: Request, columnas: tuple[str, ...]) -> dict[str, list[str]]:
    filtros: dict[str, list[str]] = {}
    for nombre in request.query_params:
        if nombre in PARAMETROS_RESERVADOS:
            continue
        if nombre not in columnas:
            raise ErrorApi(400, f"La tabla no tiene la columna {nombre[:60]!r} para filtrar. Columnas: {', '.join(columnas)}.")
        valores = request.query_params.getlist(nombre)
        if len(valores) > MAXIMO_VALORES or any(len(v) > MAXIMO_LARGO_VALOR for v in valores):
            raise ErrorApi(400, f"Demasiados valores (máximo {MAXIMO_VALORES}) o un valor demasiado largo "
                                f"(máximo {MAXIMO_LARGO_VALOR} caracteres) en el filtro {nombre!r}.")
        filtros[nombre] = valores
    return filtros


def etiqueta(version: str, tabla: str, formato: str, filtros: dict[str, list[str]]) -> str:
    """ETag: la versión (huella de su manifiesto) más tabla, formato y filtros; cambia sólo con otra versión."""
    huella = hashlib.sha256(json.dumps([tabla, formato, sorted(filtros.items())]).encode()).hexdigest()[:16]
    return f'"{version}-{huella}"'


def cuerpo(df: pd.DataFrame, formato: str, tabla: str, version: str) -> bytes:
    if formato == "csv":
        return csv_excel.csv_excel(df)
    if formato == "parquet":
        salida = io.BytesIO()
        df.to_parquet(salida, index=False)
        return salida.getvalue()
    renglones = df.to_json(orient="records", date_format="iso", force_ascii=False)
    encabezado = json.dumps({"tabla": tabla, "version": version, "renglones": len(df), "columnas": list(df.columns)},
                            ensure_ascii=False)
    return (encabezado[:-1] + ', "datos": ' + renglones + "}").encode("utf-8")


MAXIMO_CACHE_BYTES = 128 * 1024 * 1024
_CACHE_CUERPOS = cachetools.LRUCache(maxsize=MAXIMO_CACHE_BYTES, getsizeof=len)
_CANDADO_CACHE = threading.Lock()


def _cuerpo_guardado(version_dir: str, tabla: str, formato: str, filtros: dict[str, list[str]]) -> bytes:
    """La respuesta de una tabla (entera o filtrada) en un formato, guardada por versión, tabla, formato y filtros
    hasta `MAXIMO_CACHE_BYTES` en total (las menos pedidas salen): una versión publicada no cambia, y muchos
    clientes pidiendo lo mismo no la rearman."""
    clave = (version_dir, tabla, formato, tuple(sorted((k, tuple(v)) for k, v in filtros.items())), maximo_renglones())
    with _CANDADO_CACHE:
        guardado = _CACHE_CUERPOS.get(clave)
    if guardado is not None:
        return guardado
    contenido = cuerpo(_leer(version_dir, tabla, filtros), formato, tabla, Path(version_dir).name)
    with _CANDADO_CACHE, contextlib.suppress(ValueError):  # más grande que toda la caché: no se guarda
        _CACHE_CUERPOS[clave] = contenido
    return contenido


def _error(e: ErrorApi) -> JSONResponse:
    return JSONResponse({"error": e.mensaje, **e.extra}, status_code=e.estado)


def _atender(funcion):
    """Errores del cliente con su código y mensaje; tablas no publicadas, 503; nunca un traceback al cliente."""
    @functools.wraps(funcion)
    def envuelta(request: Request):
        try:
            return funcion(request)
        except ErrorApi as e:
            return _error(e)
        except (TablasNoDisponibles, FileNotFoundError) as e:
            log.error("API: tablas no disponibles: %s", e)
            return JSONResponse({"error": "No hay tablas publicadas legibles: ejecute `python -m etl`."}, status_code=503)
        except Exception:
            log.exception("API: falló %s", request.url.path)
            return JSONResponse({"error": "Error interno al leer la tabla."}, status_code=500)
    return envuelta


def url_base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _columna(nombre: str, campos: dict, campos_en: dict) -> dict:
    """Nombre, tipo, descripción y unidad de una columna, también en inglés (del esquema de la tabla o de las de
    fuente)."""
    if nombre in campos:
        columna = {"nombre": nombre, **{k: campos[nombre][k] for k in ("type", "description", "unit") if k in campos[nombre]}}
        en = campos_en.get(nombre, {})
        return columna | {f"{k}_en": en[k] for k in ("description", "unit") if k in en}
    if nombre in COLUMNAS_FUENTE:
        return {"nombre": nombre, "type": "string", "description": COLUMNAS_FUENTE[nombre],
                "description_en": COLUMNAS_FUENTE_EN[nombre]}
    return {"nombre": nombre}


@_atender
def listar(request: Request) -> Response:
    """Todas las tablas de la versión con lo que hace falta para usarlas y citarlas."""
    if set(request.query_params) - set(PARAMETROS_RESERVADOS):
        raise ErrorApi(400, "Parámetro desconocido: esta dirección sólo acepta ?version=.")
    carpeta = carpeta_version(request.query_params.get("version"))
    version_dir, version = str(carpeta), carpeta.name
    descriptor, meta, base = _descriptor(version_dir), _tablas_meta(version_dir), url_base(request)
    descriptor_en = _descriptor(version_dir, "en")
    salida = []
    for tabla in TABLAS:
        if tabla not in descriptor:
            continue
        recurso, columnas = descriptor[tabla], _columnas(version_dir, tabla)
        campos = {c["name"]: c for c in recurso["schema"]["fields"]}
        campos_en = {c["name"]: c for c in descriptor_en[tabla]["schema"]["fields"]}
        salida.append({
            "tabla": tabla,
            "titulo": recurso["title"],
            "titulo_en": (meta.get(tabla) or {}).get("titulo_en"),
            "descripcion": recurso["description"],
            "descripcion_en": descriptor_en[tabla]["description"],
            "unidad": sorted({c["unit"] for c in campos.values() if c.get("unit")}),
            "unidad_en": sorted({c["unit"] for c in campos_en.values() if c.get("unit")}),
            "licencias": recurso["licenses"],
            "cita": recurso["citation"],
            "fuentes": recurso["sources"],
            "renglones_publicados": (meta.get(tabla) or {}).get("filas"),
            "columnas": [_columna(c, campos, campos_en) for c in columnas],
            "filtros": list(columnas),
            "version": version,
            "urls": {f: f"{base}{PREFIJO}/tablas/{tabla}.{f}" for f in FORMATOS},
        })
    return JSONResponse({"version": version, "maximo_renglones": maximo_renglones(), "tablas": salida},
                        headers={"Cache-Control": "no-cache", "ETag": f'"{version}"'})


@_atender
def tabla(request: Request) -> Response:
    archivo = request.path_params["archivo"]
    nombre, _, formato = archivo.rpartition(".")
    if formato not in FORMATOS:
        raise ErrorApi(404, f"Formato desconocido: use {', '.join('.' + f for f in FORMATOS)} (p. ej. /api/v1/tablas/darien.csv).")
    if not _NOMBRE.fullmatch(nombre) or nombre not in TABLAS:
        raise ErrorApi(404, f"No hay una tabla {nombre[:60]!r}. La lista está en /api/v1/tablas.")
    carpeta = carpeta_version(request.query_params.get("version"))
    version_dir, version = str(carpeta), carpeta.name
    if not (carpeta / f"{nombre}.parquet").exists():
        raise ErrorApi(404, f"La versión {version} no tiene la tabla {nombre!r}.")
    filtros = _filtros(request, _columnas(version_dir, nombre))
    etag = etiqueta(version, nombre, formato, filtros)
    cabeceras = {"ETag": etag, "Cache-Control": "public, max-age=300", "X-Version-Datos": version}
    if etag in [e.strip() for e in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=cabeceras)
    contenido = _cuerpo_guardado(version_dir, nombre, formato, filtros)
    cabeceras["Content-Disposition"] = f'inline; filename="{nombre}_{version}.{formato}"'
    return Response(contenido, media_type=FORMATOS[formato], headers=cabeceras)


def no_encontrada(request: Request) -> Response:
    return JSONResponse({"error": "No existe esa dirección de la API. La lista de tablas está en /api/v1/tablas."},
                        status_code=404)


def rutas() -> list[Route]:
    """Las rutas de la API (sólo GET/HEAD) para `st.App(..., routes=...)` o una app de Starlette; cualquier otra
    dirección bajo /api responde 404 en JSON."""
    return [Route(f"{PREFIJO}/tablas", listar, methods=["GET", "HEAD"]),
            Route(f"{PREFIJO}/tablas/{{archivo}}", tabla, methods=["GET", "HEAD"]),
            Route("/api/{resto:path}", no_encontrada, methods=["GET", "HEAD"])]
