#!/usr/bin/env bash
# Instala lo necesario y abre el tablero con los datos incluidos (construye datos/parquet si hace falta).
set -euo pipefail
cd "$(dirname "$0")/.."
TABLERO_SIN_CHROMIUM="${TABLERO_SIN_CHROMIUM:-1}" bash scripts/entorno.sh
.venv/bin/python -m etl
# servidor.py: las páginas (app.py) y la API de datos (/api/v1/tablas) en el mismo puerto
exec .venv/bin/python -m streamlit run servidor.py "$@"
