"""Construye todas las tablas Parquet a partir de datos/crudos y las publica de un solo golpe.

Las tablas se escriben en una carpeta de versión nueva y `datos/parquet` es un enlace simbólico
que se cambia atómicamente (os.replace) al final: quien está leyendo sigue con la versión anterior
completa, y si algo falla antes nada de lo publicado se toca.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pandera.errors
import pyarrow as pa
import pyarrow.parquet as pq

from . import acnur, cbp, centros, darien, documentos, entidades, geometria, inventario, mmp, remesas, upmrip
from .errores import ErrorDeEntrada
from .esquemas import TABLAS
from .lectura import leer_csv, sin_duplicados
from .procedencia import fila_fuente, leer_ficha, sha256

RAIZ = Path(__file__).resolve().parent.parent
CRUDOS = RAIZ / "datos" / "crudos"
DESTINO = RAIZ / "datos" / "parquet"
MANIFIESTO = "manifiesto.json"
VERSIONES_CONSERVADAS = 3


def huella_entradas(crudos: Path = CRUDOS) -> str:
    """Huella de todo lo que hay en datos/crudos: si cambia, las tablas publicadas están viejas."""
    h = hashlib.sha256()
    for ruta in sorted(p for p in Path(crudos).rglob("*") if p.is_file()):
        h.update(str(ruta.relative_to(crudos)).encode())
        h.update(sha256(ruta).encode())
    return h.hexdigest()


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
    tablas_dir = crudos / "tablas"
    fichas: list[dict] = []

    paises, ficha = _paises(crudos)
    fichas.append(ficha)
    codigos = set(paises["iso3"])

    def cargar(nombre_archivo: str):
        ruta = tablas_dir / nombre_archivo
        if not ruta.exists():
            raise ErrorDeEntrada(nombre_archivo, f"falta el archivo en {tablas_dir}")
        ficha = leer_ficha(ruta)
        fichas.append(ficha)
        return ruta, ficha

    tablas: dict[str, pd.DataFrame] = {"paises": paises}
    docs = documentos.documentos(crudos / "documentos.csv", crudos / "fuentes")
    inds = documentos.indicadores(crudos / "indicadores.csv")
    tablas["documentos"] = docs
    tablas["indicadores"] = inds
    tablas["cifras"] = documentos.cifras(crudos / "cifras.csv", docs, inds)

    ruta, ficha = cargar("upmrip_eventos_por_nacionalidad.csv")
    tablas["eventos_nacionalidad"] = upmrip.eventos_nacionalidad(ruta, codigos, ficha)
    ruta, ficha = cargar("upmrip_eventos_por_sexo_edad.csv")
    tablas["eventos_sexo_edad"] = upmrip.eventos_sexo_edad(ruta, ficha)
    ruta, ficha = cargar("upmrip_devoluciones_por_nacionalidad.csv")
    tablas["devoluciones"] = upmrip.devoluciones(ruta, codigos, ficha)
    ruta, ficha = cargar("acnur_solicitudes_asilo_mexico.csv")
    tablas["asilo_solicitudes"] = acnur.solicitudes_asilo(ruta, codigos, ficha)
    ruta, ficha = cargar("panama_darien_por_nacionalidad.csv")
    tablas["darien"] = darien.cruces_darien(ruta, codigos, ficha)
    ruta, ficha = cargar("mexico_entidades.geojson")
    tablas["entidades"] = entidades.entidades(ruta, ficha)
    ruta, ficha = cargar("mmp_incidentes_mexico.csv")
    tablas["mmp_incidentes"] = mmp.incidentes(ruta, codigos, ficha, tablas["entidades"])
    catalogo_ent = dict(zip(tablas["entidades"]["cve_ent"], tablas["entidades"]["entidad"]))
    ruta, ficha = cargar("banxico_remesas_por_entidad.csv")
    tablas["remesas"] = remesas.remesas_por_entidad(ruta, catalogo_ent, ficha)
    tablas["entidades_simplificadas"] = geometria.entidades_simplificadas(tablas["entidades"])
    ruta = crudos / "centros.csv"
    fichas.append(leer_ficha(ruta))
    tablas["centros"] = centros.centros(ruta, docs, tablas["entidades"])

    cbp_tablas, cbp_fichas = cbp.encuentros(tablas_dir, crudos / "catalogos", codigos)
    tablas.update(cbp_tablas)
    fichas += cbp_fichas
    tablas["fuentes"] = pd.DataFrame([fila_fuente(f) for f in fichas]).sort_values("fuente_id", ignore_index=True)
    tablas["fuentes"]["fecha_acceso"] = pd.to_datetime(tablas["fuentes"]["fecha_acceso"]).dt.date
    return tablas, fichas


def _columna_arrow(serie: pd.Series, tipo: pa.DataType) -> pa.Array:
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


def _escribir(tablas: dict[str, pa.Table], carpeta: Path, huella: str) -> dict:
    manifiesto = {"huella_entradas": huella, "tablas": {}}
    for nombre in sorted(tablas):
        ruta = carpeta / f"{nombre}.parquet"
        pq.write_table(tablas[nombre], ruta, compression="zstd", row_group_size=1_000_000)
        manifiesto["tablas"][nombre] = {"filas": tablas[nombre].num_rows, "sha256": sha256(ruta)}
    (carpeta / MANIFIESTO).write_text(json.dumps(manifiesto, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifiesto


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


def publicar(tablas: dict[str, pa.Table], destino: Path, huella: str) -> Path:
    """Escribe en una carpeta de versión y cambia el enlace `destino` de forma atómica."""
    destino = Path(destino)
    versiones = destino.parent / f".{destino.name}-versiones"
    versiones.mkdir(parents=True, exist_ok=True)
    temporal = Path(tempfile.mkdtemp(prefix="construyendo-", dir=versiones))
    try:
        manifiesto = _escribir(tablas, temporal, huella)
        nombre = hashlib.sha256(json.dumps(manifiesto, sort_keys=True).encode()).hexdigest()[:16]
        final = versiones / nombre
        if final.exists():
            shutil.rmtree(temporal)
        else:
            os.rename(temporal, final)
    except BaseException:
        shutil.rmtree(temporal, ignore_errors=True)
        raise
    if destino.exists() and not destino.is_symlink():
        # una carpeta real de una instalación anterior: se conserva como versión
        os.rename(destino, versiones / "anterior-carpeta")
    enlace = destino.parent / f".{destino.name}-enlace-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        enlace.unlink()
    os.symlink(Path(versiones.name) / nombre, enlace)
    os.replace(enlace, destino)
    _podar(versiones, final)
    return final


def _podar(versiones: Path, actual: Path) -> None:
    """Borra versiones viejas, dejando algunas para quien aún las esté leyendo."""
    viejas = sorted((p for p in versiones.iterdir() if p.is_dir() and p != actual and not p.name.startswith("construyendo-")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for p in viejas[VERSIONES_CONSERVADAS - 1:]:
        shutil.rmtree(p, ignore_errors=True)


def construir(crudos: Path = CRUDOS, destino: Path = DESTINO) -> Path:
    """Todo el ETL: leer, validar, escribir aparte y publicar. Devuelve la carpeta de la versión publicada."""
    with _candado(Path(destino)):
        huella = huella_entradas(crudos)
        tablas, _ = leer_todo(crudos)
        arrow = {nombre: a_arrow(nombre, tabla) for nombre, tabla in tablas.items()}
        return publicar(arrow, destino, huella)


def vigente(crudos: Path = CRUDOS, destino: Path = DESTINO) -> bool:
    """¿Existen las tablas publicadas y corresponden a los archivos crudos actuales?"""
    manifiesto = Path(destino) / MANIFIESTO
    if not manifiesto.exists():
        return False
    try:
        datos = json.loads(manifiesto.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    if set(datos.get("tablas", {})) != set(TABLAS):
        return False
    return datos.get("huella_entradas") == huella_entradas(crudos)
