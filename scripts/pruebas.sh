#!/usr/bin/env bash
# Instala lo necesario (incluido Chromium) y corre toda la batería de pruebas y el análisis estático.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/entorno.sh
.venv/bin/python -m ruff check .
.venv/bin/python -m pytest -q "$@"
