"""Construye todas las tablas Parquet a partir de datos/crudos y las publica de un solo golpe.

Las tablas se escriben en una carpeta de versión nueva y `datos/parquet` es un enlace simbólico
que se cambia atómicamente (os.replace) al final: quien está leyendo sigue con la versión anterior
completa, y si algo falla antes nada de lo publicado se toca (ver etl/publicacion.py). Un intento
fallido deja su mensaje en `datos/.parquet-versiones/ultimo_error.json` (ver etl/estado.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pandera.errors
import pyarrow as pa

from . import (
    centros,
    documentos,
    etiquetas,
    frescura,
    instantaneas,
    inventario,
    metadatos,
    proyecciones,
    revisiones,
)
from . import fuentes as registro_fuentes
from .errores import ErrorDeEntrada
from .esquemas import TABLAS
from .estado import borrar_error, estado, huella_entradas, registrar_error
from .fuentes.cbp import lector as cbp
from .lectura import leer_csv, sin_duplicados
from .procedencia import fila_fuente, huellas_recordadas, leer_ficha
from .publicacion import MANIFIESTO, VERSIONES_CONSERVADAS, publicar

__all__ = ["CRUDOS", "DESTINO", "MANIFIESTO", "VERSIONES_CONSERVADAS", "a_arrow", "construir", "estado",
           "huella_entradas", "leer_todo", "publicar", "vigente"]

logger = logging.getLogger(__name__)

RAIZ = Path(__file__).resolve().parent.parent
CRUDOS = RAIZ / "datos" / "crudos"
DESTINO = RAIZ / "datos" / "parquet"


def _paises(crudos: Path) -> tuple[pd.DataFrame, dict]:
    ruta = crudos / "catalogos" / "paises.csv"
    ficha = leer_ficha(ruta)
    crudo = leer_csv(ruta, ["iso3", "nombre_es", "nombre_en", "tipo"])
    sin_duplicados(crudo, ["iso3"], ruta.name)
    tabla = pd.DataFrame({c: crudo[c].str.strip() for c in ["iso3", "nombre_es", "nombre_en", "tipo"]})
    return tabla.sort_values("iso3", ignore_index=True), ficha


def leer_todo(crudos: Path = CRUDOS) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Lee y normaliza cada archivo crudo; devuelve las tablas y las fichas de procedencia."""
    crudos = Path(crudos)
    inventario.exigir_reclamados(crudos)  # un archivo que ningún paso lee detiene el ETL, nunca se ignora
    fichas: list[dict] = []

    paises, ficha = _paises(crudos)
    fichas.append(ficha)
    codigos = set(paises["iso3"])

    tablas: dict[str, pd.DataFrame] = {"paises": paises}
    docs = documentos.documentos(crudos / "documentos.csv", crudos / "fuentes")
    inds = documentos.indicadores(crudos / "indicadores.csv")
    tablas["documentos"] = docs
    tablas["indicadores"] = inds
    tablas["cifras"] = documentos.cifras(crudos / "cifras.csv", docs, inds, codigos)

    # Cada fuente del registro lee lo suyo, en el orden de MODULOS (un paso por fuente: etl/fuentes/<fuente>).
    c = registro_fuentes.Construccion(crudos, tablas, fichas, codigos, contexto_lectura(crudos, codigos))
    # Cada descarga es una instantánea: la historia de revisiones (DuckDB, que suelta el GIL) corre en otro hilo
    # mientras éste lee lo demás (pandas y Python). La de una fuente con lecturas propias (el Boletín, la CBP) empieza
    # en cuanto su paso las deja en `c.lecturas`, mientras las demás fuentes se leen; se espera antes de seguir, y un
    # error en ella sale aquí como cualquier otro. Con 24 descargas de cada fuente es lo que más pesa
    # (docs/revisiones_rendimiento.md).
    with ThreadPoolExecutor(max_workers=1) as hilo:
        historias = {}
        for fuente in registro_fuentes.registro().values():
            if fuente.construir is not None:
                logger.info("fuente %s", fuente.id)
                fuente.construir(c)
            for clave, funcion in revisiones.DE_LECTURAS:
                if clave in c.lecturas and clave not in historias:
                    historias[clave] = hilo.submit(getattr(revisiones, funcion), c.lecturas[clave])
        ruta = crudos / "centros.csv"
        fichas.append(leer_ficha(ruta))
        tablas["centros"] = centros.centros(ruta, docs, tablas["entidades"])
        leidas: dict[str, list] = {}
        fichas += aplicar_instantaneas(tablas, crudos, c.contexto, leidas, {f["archivo"]: f["fecha_acceso"] for f in fichas})
        ruta = crudos / "catalogos" / "etiquetas.csv"
        fichas.append(leer_ficha(ruta))
        tablas["etiquetas"] = etiquetas.etiquetas(ruta, c.contexto["catalogos_cbp"][1], tablas)
        tablas["fuentes"] = pd.DataFrame([fila_fuente(f) for f in fichas]).sort_values("fuente_id", ignore_index=True)
        tablas["fuentes"]["fecha_acceso"] = pd.to_datetime(tablas["fuentes"]["fecha_acceso"]).dt.date
        tablas["fuentes_registro"] = frescura.fuentes_registro(tablas, crudos)
        # La de las demás fuentes, en este hilo mientras el otro termina la del Boletín y la CBP (antes, en la cola del
        # otro hilo, esperaba a que terminaran y este hilo se quedaba esperando sin hacer nada).
        otras = revisiones.otras(leidas)
        tablas["revisiones"], tablas["instantaneas"] = revisiones.juntar(
            *(historias[clave].result() for clave, _ in revisiones.DE_LECTURAS), otras)
    return tablas, fichas


def contexto_lectura(crudos: Path, codigos: set[str]) -> dict:
    """Lo que los lectores de instantáneas necesitan: países, catálogos de la CBP y cómo nombrar un archivo."""
    crudos = Path(crudos)
    return {"crudos": crudos, "paises": codigos, "catalogos_cbp": cbp.cargar_catalogos(crudos / "catalogos"),
            "id": instantaneas.identificador}


def aplicar_instantaneas(tablas: dict[str, pd.DataFrame], crudos: Path, contexto: dict,
                         lecturas: dict[str, list] | None = None, fechas: dict[str, str] | None = None) -> list[dict]:
    """Cada instantánea de cada fuente con lector de instantáneas, de la más vieja a la más reciente, reemplaza en
    su tabla los periodos que trae. Devuelve las fichas de los archivos leídos.

    Con `lecturas`, deja ahí, por tabla con historia (`revisiones.HISTORIAS`), cada versión en el orden en que se
    aplica, [(fecha de consulta, archivo, renglones)]: primero lo incluido (un archivo por `fuente_id`, fechado por
    `fechas`, las fichas de lo incluido) y después cada descarga (`instantaneas.lecturas_de`)."""
    fichas = []
    for fuente in registro_fuentes.registro().values():
        if fuente.leer_instantanea is None or fuente.periodo is None:
            continue
        tabla, columna = fuente.periodo
        historia = lecturas is not None and tabla in revisiones.HISTORIAS
        if historia:
            lecturas[tabla] = instantaneas.lecturas_incluidas(tablas[tabla], fechas or {})
        nuevas = []
        for carpeta in instantaneas.carpetas(crudos, fuente.id):
            logger.info("leyendo la instantánea %s", carpeta.relative_to(crudos))
            nueva = fuente.leer_instantanea(carpeta, contexto)
            fichas += [instantaneas.ficha_publicada(crudos, r) for r in instantaneas.archivos(carpeta)]
            nuevas.append(nueva)
            if historia:
                lecturas[tabla] += instantaneas.lecturas_de(carpeta, nueva, columna)
        if nuevas:
            tablas[tabla] = instantaneas.combinar_periodos(tablas[tabla], nuevas, columna)
    return fichas


def _columna_arrow(serie: pd.Series, tipo: pa.DataType) -> pa.Array:
    if pa.types.is_date32(tipo) and pd.api.types.is_datetime64_any_dtype(serie):
        serie = serie.dt.date
    try:  # vectorizado (NaN, None, pd.NA y NaT → nulo); la tabla `revisiones` tiene decenas de miles de renglones
        arreglo = pa.Array.from_pandas(serie, type=tipo)
        return arreglo.combine_chunks() if isinstance(arreglo, pa.ChunkedArray) else arreglo
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        pass
    valores = [None if (v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT) else v for v in serie.tolist()]
    return pa.array(valores, type=tipo)


def _columna_arrow_lenta(serie: pd.Series, tipo: pa.DataType) -> pa.Array:
    """El camino valor por valor (lo compara la prueba con el vectorizado)."""
    if pa.types.is_date32(tipo) and pd.api.types.is_datetime64_any_dtype(serie):
        serie = serie.dt.date
    valores = [None if (v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT) else v for v in serie.tolist()]
    return pa.array(valores, type=tipo)


def a_arrow(nombre: str, tabla: pd.DataFrame) -> pa.Table:
    """Tabla validada con pandera, ordenada por su clave y convertida al esquema Arrow declarado."""
    definicion = TABLAS[nombre]
    faltan = set(definicion.nombres()) ^ set(tabla.columns)
    if faltan:
        raise ErrorDeEntrada(nombre, f"columnas que no coinciden con el esquema: {sorted(faltan)}")
    tabla = tabla[definicion.nombres()]
    try:
        definicion.esquema_pandera().validate(tabla)
    except pandera.errors.SchemaError as e:
        columna = getattr(getattr(e, "schema", None), "name", None)
        casos = getattr(e, "failure_cases", None)
        detalle = casos.head(3).to_dict("records") if isinstance(casos, pd.DataFrame) else casos
        raise ErrorDeEntrada(f"tabla {nombre}", f"no cumple el esquema: {e.reason_code} {detalle}", columna=columna) from None
    orden = list(definicion.orden or definicion.clave)
    tabla = tabla.sort_values(orden, ignore_index=True, na_position="first", kind="stable")
    esquema = definicion.esquema_arrow()
    return pa.Table.from_arrays([_columna_arrow(tabla[c.name], c.type) for c in esquema], schema=esquema)


@contextlib.contextmanager
def _candado(destino: Path):
    """Un solo ETL a la vez sobre el mismo destino."""
    destino.parent.mkdir(parents=True, exist_ok=True)
    with open(destino.parent / f".{destino.name}.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def construir(crudos: Path = CRUDOS, destino: Path = DESTINO) -> Path:
    """Todo el ETL: leer, validar, escribir aparte y publicar. Devuelve la carpeta de la versión publicada.

    Si falla, registra el mensaje para `estado()` (ultimo_error.json) y vuelve a lanzar la excepción;
    si publica, borra ese registro."""
    inicio = time.perf_counter()
    with _candado(Path(destino)), huellas_recordadas():
        logger.info("construyendo las tablas: %s → %s", crudos, destino)
        huella = huella_entradas(crudos)
        try:
            tablas, _ = leer_todo(crudos)
            tablas |= proyecciones.proyecciones(tablas, cache=proyecciones.carpeta_cache())  # después de las tablas oficiales, de sus renglones ya leídos
            tablas |= metadatos.tablas_meta(tablas)
            arrow = {}
            for nombre, tabla in tablas.items():
                arrow[nombre] = a_arrow(nombre, tabla)
                logger.info("tabla %s: %d renglones", nombre, arrow[nombre].num_rows)
            anterior = Path(destino).resolve() if Path(destino).is_dir() else None
            for linea in revisiones.resumen_contra_publicada(anterior, tablas) + revisiones.resumen_revisiones(tablas["revisiones"]):
                logger.info("%s", linea)
            version = publicar(arrow, destino, huella)
        except ErrorDeEntrada as e:
            logger.error("%s", e)
            registrar_error(Path(destino), huella, e)
            raise
        except Exception as e:
            logger.exception("error inesperado al construir las tablas: %s", e)
            registrar_error(Path(destino), huella, e)
            raise
        borrar_error(Path(destino))
    logger.info("listo: versión %s en %.1f s", version.name, time.perf_counter() - inicio)
    return version


def vigente(crudos: Path = CRUDOS, destino: Path = DESTINO) -> bool:
    """¿Existen las tablas publicadas y corresponden a los archivos crudos actuales? (= `estado(...)["al_dia"]`)"""
    return estado(crudos, destino)["al_dia"]
