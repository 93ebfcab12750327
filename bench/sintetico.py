"""Tablas de eventos sintéticas, deterministas, con los mismos esquemas que las tablas publicadas.

Se generan `filas` registros de eventos (mes × nacionalidad × sexo × edad × entidad × tipo) y, con el
mismo tamaño, devoluciones y encuentros de la CBP. Cada tamaño se escribe en dos disposiciones, cada una
una carpeta completa (todas las demás tablas reales copiadas) para que `Catalogo(carpeta)` ejecute cada
consulta de consultas.sql sin cambios:

- `directo`: las tablas que leen las consultas (`eventos_nacionalidad`, `eventos_sexo_edad`, `devoluciones`,
  `cbp_encuentros`) tienen los `filas` renglones a nivel registro (la clave se repite, en el orden en que
  se generan): lo que pasaría si el ETL publicara los registros tal cual.
- `marts`: el ETL publica los registros en `eventos_registros` y, derivadas de ella, las mismas tablas
  agregadas a su clave (mes × iso3, mes × sexo × edad, mes × iso3 × tipo; la CBP sin área, estado ni
  ciudadanía), ordenadas por la clave como hoy. Las consultas dan el mismo resultado en ambas, salvo la matriz
  de brechas (`desagregaciones_tablas`), que dice qué columnas traen dato: en `marts` la CBP no trae nacionalidad.

Los metadatos que publica el ETL (`tablas_meta`, `campos_meta`, `fuentes_tablas`, `fuentes`) se copian de
la construcción real; `fuentes_tablas` se vuelve a armar con `etl.metadatos` sobre las tablas de cada
carpeta y `tablas_meta.filas` dice los renglones escritos, así que la vista `procedencia` cubre cada
fuente_id sintético (que son los archivos reales de cada tabla; `generar` lo comprueba).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl.esquemas import GRUPOS_EDAD, SEXOS, TABLAS, TIPOS_DEVOLUCION
from etl.metadatos import COLUMNAS_FUENTE, fuentes_tablas

SEMILLA = 20261121
TABLAS_ESCALADAS = ("eventos_nacionalidad", "eventos_sexo_edad", "devoluciones", "cbp_encuentros")
DISPOSICIONES = ("directo", "marts")
GRUPO_FILAS = 122_880  # el de DuckDB: varios grupos por archivo para que los 2 hilos trabajen
PRIMER_MES = dt.date(2010, 1, 1)
MESES = 192  # 2010-01 … 2025-12: dieciséis años de meses sintéticos
TIPOS_EVENTO = ("Presentación", "Canalización")
FUENTE = {
    "eventos_registros": "bench_eventos_registros",
    "eventos_nacionalidad": "upmrip_eventos_por_nacionalidad.csv",
    "eventos_sexo_edad": "upmrip_eventos_por_sexo_edad.csv",
    "devoluciones": "upmrip_devoluciones_por_nacionalidad.csv",
}

# Esquema de la tabla a nivel registro que propondríamos al ETL (no existe en etl/esquemas.py).
ESQUEMA_REGISTROS = pa.schema([
    pa.field("mes", pa.date32(), nullable=False),
    pa.field("iso3", pa.string(), nullable=False),
    pa.field("sexo", pa.string(), nullable=False),
    pa.field("grupo_edad", pa.string(), nullable=False),
    pa.field("cve_ent", pa.string(), nullable=False),
    pa.field("tipo", pa.string(), nullable=False),
    pa.field("n", pa.int64(), nullable=False),
    pa.field("fuente_id", pa.string(), nullable=False),
])


def _meses(rng: np.random.Generator, filas: int) -> pa.Array:
    """Meses con tendencia creciente (más eventos en los años recientes), como la serie real."""
    peso = np.linspace(1.0, 4.0, MESES)
    k = rng.choice(MESES, size=filas, p=peso / peso.sum())
    epoca = np.array([(dt.date(PRIMER_MES.year + i // 12, 1 + i % 12, 1) - dt.date(1970, 1, 1)).days for i in range(MESES)], dtype=np.int32)
    return pa.array(epoca[k], type=pa.int32()).cast(pa.date32())


def _categorias(rng: np.random.Generator, valores, filas: int, zipf: float | None = None, p=None) -> pa.Array:
    valores = list(valores)
    if zipf is not None:
        p = 1.0 / np.arange(1, len(valores) + 1) ** zipf
    if p is not None:
        p = np.asarray(p, dtype=float)
        p = p / p.sum()
    idx = rng.choice(len(valores), size=filas, p=p)
    return pa.DictionaryArray.from_arrays(pa.array(idx, type=pa.int32()), pa.array(valores, type=pa.string())).cast(pa.string())


def _n(rng: np.random.Generator, filas: int) -> pa.Array:
    return pa.array(rng.geometric(0.35, size=filas).astype(np.int64))


def _constante(valor: str, filas: int) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(filas, dtype=np.int32)), pa.array([valor])).cast(pa.string())


def _escribir(tabla: pa.Table, ruta: Path) -> None:
    pq.write_table(tabla, ruta, row_group_size=GRUPO_FILAS, compression="zstd")


def _con_esquema(tabla: pa.Table, nombre: str) -> pa.Table:
    esquema = TABLAS[nombre].esquema_arrow()
    return tabla.select(esquema.names).cast(esquema)


def generar_registros(real: Path, filas: int, rng: np.random.Generator) -> dict[str, pa.Table]:
    """Los cuatro conjuntos a nivel registro: eventos_registros, devoluciones y cbp_encuentros (directos)."""
    paises = pq.read_table(real / "eventos_nacionalidad.parquet", columns=["iso3", "n"]).to_pandas()
    orden = paises.groupby("iso3")["n"].sum().sort_values(ascending=False).index.tolist()  # las más frecuentes primero
    registros = pa.table({
        "mes": _meses(rng, filas),
        "iso3": _categorias(rng, orden, filas, zipf=1.2),
        "sexo": _categorias(rng, SEXOS, filas, p=[0.68, 0.32]),
        "grupo_edad": _categorias(rng, GRUPOS_EDAD, filas, p=[0.78, 0.1, 0.1, 0.02]),
        "cve_ent": _categorias(rng, [f"{i:02d}" for i in range(1, 33)], filas, zipf=0.8),
        "tipo": _categorias(rng, TIPOS_EVENTO, filas, p=[0.85, 0.15]),
        "n": _n(rng, filas),
        "fuente_id": _constante(FUENTE["eventos_registros"], filas),
    }, schema=ESQUEMA_REGISTROS)

    dev_real = pq.read_table(real / "devoluciones.parquet", columns=["iso3"]).to_pandas()
    orden_dev = dev_real["iso3"].value_counts().index.tolist()
    devoluciones = pa.table({
        "mes": _meses(rng, filas),
        "iso3": _categorias(rng, orden_dev, filas, zipf=1.3),
        "tipo": _categorias(rng, TIPOS_DEVOLUCION, filas, p=[0.3, 0.6, 0.1]),
        "n": _n(rng, filas),
        "fuente_id": _constante(FUENTE["devoluciones"], filas),
    })

    # CBP: combinaciones reales de región, componente, área, estado, demografía, etc., en meses sintéticos.
    cbp_real = pq.read_table(real / "cbp_encuentros.parquet")
    cbp = cbp_real.take(pa.array(rng.integers(0, cbp_real.num_rows, size=filas)))
    mes = _meses(rng, filas)
    anio = pc.year(mes)
    fiscal = pc.add(anio, pc.cast(pc.greater_equal(pc.month(mes), 10), pa.int64()))
    cbp = cbp.set_column(cbp.schema.get_field_index("mes"), "mes", mes)
    cbp = cbp.set_column(cbp.schema.get_field_index("anio_fiscal"), "anio_fiscal", pc.cast(fiscal, pa.int64()))
    cbp = cbp.set_column(cbp.schema.get_field_index("n"), "n", _n(rng, filas))

    return {
        "eventos_registros": registros,
        "eventos_nacionalidad": _con_esquema(
            registros.select(["mes", "iso3", "n"]).append_column("renglones_sumados", pa.array(np.ones(filas, dtype=np.int64)))
            .append_column("fuente_id", _constante(FUENTE["eventos_nacionalidad"], filas)), "eventos_nacionalidad"),
        "eventos_sexo_edad": _con_esquema(
            registros.select(["mes", "sexo", "grupo_edad", "n"])
            .append_column("fuente_id", _constante(FUENTE["eventos_sexo_edad"], filas)), "eventos_sexo_edad"),
        "devoluciones": _con_esquema(devoluciones, "devoluciones"),
        "cbp_encuentros": _con_esquema(cbp, "cbp_encuentros"),
    }


# Cómo derivaría el ETL cada tabla agregada de los registros (lo que se recomienda construir).
MARTS = {
    "eventos_nacionalidad": """
        SELECT mes, iso3, sum(n)::BIGINT AS n, count(*)::BIGINT AS renglones_sumados,
               '{eventos_nacionalidad}' AS fuente_id
        FROM '{dir}/eventos_registros.parquet' GROUP BY mes, iso3 ORDER BY mes, iso3""",
    "eventos_sexo_edad": """
        SELECT mes, sexo, grupo_edad, sum(n)::BIGINT AS n, '{eventos_sexo_edad}' AS fuente_id
        FROM '{dir}/eventos_registros.parquet' GROUP BY mes, sexo, grupo_edad ORDER BY mes, sexo, grupo_edad""",
    "devoluciones": """
        SELECT mes, iso3, tipo, sum(n)::BIGINT AS n, any_value(fuente_id) AS fuente_id
        FROM '{directo}/devoluciones.parquet' GROUP BY mes, iso3, tipo ORDER BY mes, iso3, tipo""",
    "cbp_encuentros": """
        SELECT mes, anio_fiscal, region, componente, NULL::VARCHAR AS area, NULL::VARCHAR AS estado, demografia,
               autoridad, tipo_encuentro, NULL::VARCHAR AS ciudadania, NULL::VARCHAR AS iso3,
               NULL::VARCHAR AS grupo_ciudadania, sum(n)::BIGINT AS n, any_value(archivo) AS archivo
        FROM '{directo}/cbp_encuentros.parquet'
        GROUP BY mes, anio_fiscal, region, componente, demografia, autoridad, tipo_encuentro
        ORDER BY mes, region, componente, demografia, autoridad, tipo_encuentro""",
}


def _copiar_reales(real: Path, destino: Path) -> None:
    destino.mkdir(parents=True, exist_ok=True)
    for ruta in sorted(real.glob("*.parquet")):
        if ruta.stem not in TABLAS_ESCALADAS:
            shutil.copyfile(ruta, destino / ruta.name)
    if (real / "manifiesto.json").exists():  # así app.py da las tablas por vigentes y no reconstruye aquí
        shutil.copyfile(real / "manifiesto.json", destino / "manifiesto.json")


def _fuentes_de(ruta: Path) -> pd.DataFrame:
    """Los valores distintos de la columna de procedencia de una tabla (lo único que mira fuentes_tablas)."""
    columna = next((c for c in COLUMNAS_FUENTE if c in pq.read_schema(ruta).names), None)
    if columna is None:
        return pd.DataFrame()
    return pd.DataFrame({columna: pc.unique(pq.read_table(ruta, columns=[columna])[columna]).to_pylist()})


def _metadatos(carpeta: Path) -> None:
    """fuentes_tablas y tablas_meta.filas de las tablas de la carpeta, como los publicaría el ETL."""
    tablas = {r.stem: _fuentes_de(r) for r in sorted(carpeta.glob("*.parquet")) if r.stem in TABLAS}
    ft = fuentes_tablas(tablas).sort_values(["fuente", "tabla"], ignore_index=True)  # el orden publicado
    conocidas = set(pq.read_table(carpeta / "fuentes.parquet", columns=["fuente_id"])["fuente_id"].to_pylist())
    if faltan := set(ft["fuente"]) - conocidas:
        raise ValueError(f"fuente_id sin ficha en fuentes.parquet (la vista procedencia no los vería): {sorted(faltan)}")
    meta = pq.read_table(carpeta / "tablas_meta.parquet").to_pandas()
    filas = filas_por_tabla(carpeta) | {"fuentes_tablas": len(ft)}
    meta["filas"] = [filas.get(t, f) for t, f in zip(meta["tabla"], meta["filas"])]
    for nombre, df in (("fuentes_tablas", ft), ("tablas_meta", meta)):
        pq.write_table(_con_esquema(pa.Table.from_pandas(df, preserve_index=False), nombre), carpeta / f"{nombre}.parquet")


def generar(real: Path, destino: Path, filas: int, semilla: int = SEMILLA) -> dict[str, Path]:
    """Escribe `destino/directo` y `destino/marts` con `filas` registros; devuelve las carpetas por disposición."""
    real, destino = Path(real).resolve(), Path(destino)
    if destino.exists():
        shutil.rmtree(destino)
    rng = np.random.default_rng(semilla)
    tablas = generar_registros(real, filas, rng)
    carpetas = {d: destino / d for d in DISPOSICIONES}
    for carpeta in carpetas.values():
        _copiar_reales(real, carpeta)
    for nombre in TABLAS_ESCALADAS:
        _escribir(tablas[nombre], carpetas["directo"] / f"{nombre}.parquet")
    _escribir(tablas["eventos_registros"], carpetas["marts"] / "eventos_registros.parquet")
    del tablas
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        for nombre, sql in MARTS.items():
            texto = sql.format(dir=carpetas["marts"], directo=carpetas["directo"], **FUENTE)
            tabla = _con_esquema(con.sql(texto).to_arrow_table(), nombre)
            _escribir(tabla, carpetas["marts"] / f"{nombre}.parquet")
    finally:
        con.close()
    for carpeta in carpetas.values():
        _metadatos(carpeta)
    return carpetas


def filas_por_tabla(carpeta: Path) -> dict[str, int]:
    return {r.stem: pq.ParquetFile(r).metadata.num_rows for r in sorted(Path(carpeta).glob("*.parquet"))}
