"""Banco de rendimiento del tablero: `python -m bench` (ver README, sección «Rendimiento»).

- `bench.sintetico`: tablas de eventos sintéticas y deterministas con los esquemas de `etl/esquemas.py`.
- `bench.pandas_base`: las mismas consultas escritas en pandas como las escribiría una estadística
  (`pd.read_parquet` del archivo completo y luego filtros y `groupby`), para comparar resultados y tiempos.
- `bench.medir`: tiempos (frío/caliente, p50/p95), comparación de resultados, render de páginas, ETL.
- `bench.__main__`: la orden y el informe en Markdown (`docs/rendimiento.md`).

Ningún tiempo se comprueba en las pruebas: `tests/test_bench.py` sólo corre esto en tamaño diminuto.
"""
