"""Las consultas con nombre de consultas.sql sobre las tablas Parquet publicadas, vía DuckDB.

Nada más en el proyecto arma SQL: las páginas piden una consulta por su nombre (lista cerrada,
la de los encabezados `-- name:`) y le pasan parámetros con nombre, que DuckDB enlaza sin
interpolarlos en el texto.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

RAIZ = Path(__file__).resolve().parent
ARCHIVO_SQL = RAIZ / "consultas.sql"
PARQUET = RAIZ / "datos" / "parquet"

_ENCABEZADO = re.compile(r"^--\s*name:\s*(?P<nombre>[a-z_][a-z0-9_]*)\s*$", re.MULTILINE)
_PARAMETRO = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Consulta:
    nombre: str
    descripcion: str
    sql: str
    parametros: tuple[str, ...]


def cargar_consultas(ruta: Path = ARCHIVO_SQL) -> dict[str, Consulta]:
    """Lee las consultas de un archivo SQL; cada una empieza con `-- name: nombre` y sus comentarios la describen."""
    texto = Path(ruta).read_text(encoding="utf-8")
    encabezados = list(_ENCABEZADO.finditer(texto))
    consultas: dict[str, Consulta] = {}
    for i, m in enumerate(encabezados):
        fin = encabezados[i + 1].start() if i + 1 < len(encabezados) else len(texto)
        cuerpo = texto[m.end():fin].strip()
        descripcion = " ".join(
            linea.lstrip("-").strip() for linea in cuerpo.splitlines() if linea.startswith("--")
        )
        sql = "\n".join(linea for linea in cuerpo.splitlines() if not linea.startswith("--")).strip().rstrip(";")
        nombre = m.group("nombre")
        if nombre in consultas:
            raise ValueError(f"consulta repetida en {ruta}: {nombre}")
        consultas[nombre] = Consulta(nombre, descripcion, sql, tuple(dict.fromkeys(_PARAMETRO.findall(sql))))
    return consultas


class TablasNoDisponibles(RuntimeError):
    """No hay tablas publicadas legibles; el mensaje dice qué ejecutar."""


class Catalogo:
    """Una conexión DuckDB en memoria con una vista por tabla Parquet de una versión publicada."""

    def __init__(self, parquet: Path = PARQUET, archivo_sql: Path = ARCHIVO_SQL):
        self.version = Path(parquet).resolve()
        self.consultas = cargar_consultas(archivo_sql)
        archivos = sorted(self.version.glob("*.parquet")) if self.version.is_dir() else []
        if not archivos:
            raise TablasNoDisponibles(
                f"No hay tablas en {parquet}. Ejecute `python -m etl` en la carpeta del proyecto para construirlas."
            )
        self._con = duckdb.connect(":memory:", config={"threads": 2})
        self._candado = threading.Lock()
        try:
            for ruta in archivos:
                # La ruta es nuestra (no viene del usuario); aun así se escapan las comillas.
                literal = str(ruta).replace("'", "''")
                self._con.execute(f'CREATE VIEW "{ruta.stem}" AS SELECT * FROM read_parquet(\'{literal}\')')
        except duckdb.Error as e:
            raise TablasNoDisponibles(
                f"Las tablas de {parquet} no se pueden leer ({e}). Vuelva a construirlas con `python -m etl`."
            ) from None
        self.tablas = tuple(r.stem for r in archivos)

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
