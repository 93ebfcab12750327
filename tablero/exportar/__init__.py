"""Exportaciones para presentaciones y análisis, una por módulo: `png` (imagen 1920×1080 con la fuente
dentro), `csv_excel` (CSV que Excel abre bien) y `paquete` (zip Frictionless de todas las tablas).

Funciones puras (sin Streamlit): reciben figuras, tablas o la carpeta de una versión publicada y
devuelven bytes. Lo pesado (kaleido, pyarrow) se importa dentro de cada función.
"""
