"""Las consultas con nombre de consultas.sql sobre las tablas Parquet publicadas, vía DuckDB.

consultas.sql se lee en capas, como un proyecto dbt: cada tabla Parquet de la versión es una fuente
(vista con su nombre), los bloques `-- view: nombre` son vistas de staging (`stg_*`, una por tabla,
tipadas) y vistas compartidas (`cifras_enriquecidas`, `procedencia`…), y los bloques `-- name: nombre`
son las consultas de las páginas. Nada más en el proyecto arma SQL: las páginas piden una consulta por
su nombre (lista cerrada) y le pasan parámetros con nombre, que DuckDB enlaza sin interpolarlos.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

RAIZ = Path(__file__).resolve().parent.parent
ARCHIVO_SQL = RAIZ / "consultas.sql"
PARQUET = RAIZ / "datos" / "parquet"
CANDADO_EN_USO = ".en_uso"
MAXIMO_EN_MEMORIA = 4 * 1024 * 1024  # bytes de Parquet por debajo de los cuales una tabla se carga en memoria  # el ETL no borra una versión cuyo candado compartido tiene otro proceso

_ENCABEZADO = re.compile(r"^--\s*(?P<tipo>name|view|macro):\s*(?P<nombre>[a-z_][a-z0-9_]*)\s*$", re.MULTILINE)
_PARAMETRO = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Consulta:
    nombre: str
    descripcion: str
    sql: str
    parametros: tuple[str, ...]
    vista: bool = False
    macro: bool = False  # `-- macro:` (argumentos) AS expresión: un cálculo que varias consultas escriben igual


def _bloques(ruta: Path) -> list[Consulta]:
    texto = Path(ruta).read_text(encoding="utf-8")
    encabezados = list(_ENCABEZADO.finditer(texto))
    bloques, vistos = [], set()
    for i, m in enumerate(encabezados):
        fin = encabezados[i + 1].start() if i + 1 < len(encabezados) else len(texto)
        cuerpo = texto[m.end():fin].strip()
        descripcion = " ".join(linea.lstrip("-").strip() for linea in cuerpo.splitlines() if linea.startswith("--"))
        sql = "\n".join(linea for linea in cuerpo.splitlines() if not linea.startswith("--")).strip().rstrip(";")
        nombre = m.group("nombre")
        if nombre in vistos:
            raise ValueError(f"consulta o vista repetida en {ruta}: {nombre}")
        vistos.add(nombre)
        vista, macro = m.group("tipo") == "view", m.group("tipo") == "macro"
        parametros = tuple(dict.fromkeys(_PARAMETRO.findall(sql)))
        if (vista or macro) and parametros:
            raise ValueError(f"la vista o macro {nombre} de {ruta} no puede llevar parámetros")
        bloques.append(Consulta(nombre, descripcion, sql, parametros, vista, macro))
    return bloques


def cargar_consultas(ruta: Path = ARCHIVO_SQL) -> dict[str, Consulta]:
    """Las consultas con nombre (`-- name:`) de un archivo SQL, en orden."""
    return {c.nombre: c for c in _bloques(ruta) if not c.vista and not c.macro}


def cargar_vistas(ruta: Path = ARCHIVO_SQL) -> dict[str, Consulta]:
    """Las vistas (`-- view:`) de un archivo SQL, en el orden en que se crean."""
    return {c.nombre: c for c in _bloques(ruta) if c.vista}


def cargar_macros(ruta: Path = ARCHIVO_SQL) -> dict[str, Consulta]:
    """Las funciones (`-- macro:`) de un archivo SQL; el catálogo las crea después de las vistas."""
    return {c.nombre: c for c in _bloques(ruta) if c.macro}


class TablasNoDisponibles(RuntimeError):
    """No hay tablas publicadas legibles; el mensaje dice qué ejecutar."""


def _tomar_candado(version: Path):
    """Candado compartido sobre la versión mientras este proceso la lee: el ETL no la borra."""
    try:
        fd = os.open(version / CANDADO_EN_USO, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:  # carpeta de sólo lectura: no hay poda posible ahí tampoco
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


class Catalogo:
    """Una conexión DuckDB en memoria sobre una versión publicada: fuentes, vistas y consultas."""

    def __init__(self, parquet: Path = PARQUET, archivo_sql: Path = ARCHIVO_SQL, estricto: bool = True):
        """`estricto=False` abre una versión publicada con otro esquema (una anterior a un cambio de columnas): la
        vista que no se puede crear sobre sus tablas se omite (`vistas_omitidas`), y sólo fallan las consultas que la
        usan; así se sigue comparando contra ella lo que no cambió (`versiones_valores`)."""
        self.version = Path(parquet).resolve()
        self.vistas_omitidas: tuple[str, ...] = ()
        bloques = _bloques(archivo_sql)
        self.consultas = {c.nombre: c for c in bloques if not c.vista and not c.macro}
        archivos = sorted(self.version.glob("*.parquet")) if self.version.is_dir() else []
        if not archivos:
            raise TablasNoDisponibles(
                f"No hay tablas en {parquet}. Ejecute `python -m etl` en la carpeta del proyecto para construirlas."
            )
        self._candado_version = _tomar_candado(self.version)
        self._con = duckdb.connect(":memory:", config={"threads": 2})
        self._candado = threading.Lock()
        try:
            for ruta in archivos:
                # La ruta es nuestra (no viene del usuario); aun así se escapan las comillas. Las tablas chicas
                # (catálogos, metadatos, cifras) se cargan en memoria: cada consulta las cruza y abrir su
                # Parquet cada vez costaría más que la consulta; las grandes se leen del Parquet.
                literal = str(ruta).replace("'", "''")
                tipo = "TABLE" if ruta.stat().st_size <= MAXIMO_EN_MEMORIA else "VIEW"
                self._con.execute(f'CREATE {tipo} "{ruta.stem}" AS SELECT * FROM read_parquet(\'{literal}\')')
            omitidas = []
            for vista in (c for c in bloques if c.vista):
                try:
                    self._con.execute(f'CREATE VIEW "{vista.nombre}" AS {vista.sql}')
                except duckdb.Error:
                    if estricto:
                        raise
                    omitidas.append(vista.nombre)  # y las que dependan de ella, que tampoco se podrán crear
            self.vistas_omitidas = tuple(omitidas)
            for macro in (c for c in bloques if c.macro):
                self._con.execute(f'CREATE MACRO "{macro.nombre}"{macro.sql}')
        except duckdb.Error as e:
            raise TablasNoDisponibles(
                f"Las tablas de {parquet} no se pueden leer ({e}). Vuelva a construirlas con `python -m etl`."
            ) from None
        self.tablas = tuple(r.stem for r in archivos)
        self.vistas = tuple(c.nombre for c in bloques if c.vista and c.nombre not in self.vistas_omitidas)

    def __del__(self) -> None:
        """Al salir de la caché suelta el candado: el ETL ya puede podar esta versión."""
        fd = getattr(self, "_candado_version", None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
            self._candado_version = None

    def ejecutar(self, nombre: str, **parametros) -> pd.DataFrame:
        """Ejecuta la consulta `nombre` con sus parámetros; nombres y parámetros fuera de la lista se rechazan."""
        if nombre not in self.consultas:
            raise KeyError(f"consulta desconocida: {nombre!r}")
        consulta = self.consultas[nombre]
        esperados = set(consulta.parametros)
        if set(parametros) != esperados:
            raise TypeError(
                f"la consulta {nombre} espera los parámetros {sorted(esperados)} y recibió {sorted(parametros)}"
            )
        with self._candado:
            cursor = self._con.cursor()
        try:
            return cursor.execute(consulta.sql, parametros or None).df()
        finally:
            cursor.close()

    def ejecutar_con(self, nombre: str, relaciones: dict[str, pd.DataFrame], **parametros) -> pd.DataFrame:
        """Como `ejecutar`, con tablas que no están en esta versión enlazadas por nombre en el cursor de la consulta
        (los valores de otra versión publicada, que lee su propio catálogo): sólo las ve esta consulta."""
        if nombre not in self.consultas:
            raise KeyError(f"consulta desconocida: {nombre!r}")
        consulta = self.consultas[nombre]
        if set(parametros) != set(consulta.parametros):
            raise TypeError(
                f"la consulta {nombre} espera los parámetros {sorted(consulta.parametros)} y recibió {sorted(parametros)}"
            )
        with self._candado:
            cursor = self._con.cursor()
        try:
            for relacion, tabla in relaciones.items():
                cursor.register(relacion, tabla)
            return cursor.execute(consulta.sql, parametros or None).df()
        finally:
            cursor.close()

    def columnas(self, nombre: str, **parametros) -> tuple[str, ...]:
        """Los nombres de las columnas que devuelve la consulta `nombre` (sin leer renglones)."""
        consulta = self.consultas[nombre]
        with self._candado:
            cursor = self._con.cursor()
        try:
            cursor.execute(f"SELECT * FROM ({consulta.sql}) AS q LIMIT 0", parametros or None)
            return tuple(d[0] for d in cursor.description)
        finally:
            cursor.close()

    def ejecutar_filtrada(self, nombre: str, filtros: dict[str, list[str]], limite: int, **parametros) -> pd.DataFrame:
        """La consulta `nombre` con sólo los renglones cuyas columnas de `filtros` valen (como texto: fechas ISO,
        lógicos true/false) alguno de los valores dados, y a lo más `limite` renglones.

        Es el único SQL armado fuera de consultas.sql (la API de datos): los nombres de columna se comparan con
        las columnas que devuelve la consulta antes de entrar entre comillas dobles, y los valores y el límite se
        enlazan como parámetros (`$api_filtro_N`, `$api_limite`), nunca se escriben en el texto."""
        consulta = self.consultas[nombre]
        permitidas = self.columnas(nombre, **parametros)
        condiciones, enlazados = [], dict(parametros)
        for i, (columna, valores) in enumerate(filtros.items()):
            if columna not in permitidas:
                raise KeyError(f"columna desconocida: {columna!r}")
            condiciones.append(f'list_contains($api_filtro_{i}, CAST(q."{columna}" AS VARCHAR))')
            enlazados[f"api_filtro_{i}"] = [str(v) for v in valores]
        enlazados["api_limite"] = int(limite)
        donde = " AND ".join(condiciones) or "TRUE"
        with self._candado:
            cursor = self._con.cursor()
        try:
            return cursor.execute(f"SELECT * FROM ({consulta.sql}) AS q WHERE {donde} LIMIT $api_limite", enlazados).df()
        finally:
            cursor.close()
