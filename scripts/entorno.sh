#!/usr/bin/env bash
# Prepara el entorno del proyecto: entorno virtual .venv con requirements.txt y, si falta, el Chromium
# de la distribución (lo usan las pruebas de navegador y la exportación PNG con kaleido).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.requirements.txt 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/.requirements.txt
fi

# kaleido (PNG en el servidor) encuentra este Chromium solo: exportar.chromium_disponible() lo busca en el
# PATH y fija BROWSER_PATH dentro del proceso, así que no hace falta exportar nada aquí.
if [ "${TABLERO_SIN_CHROMIUM:-0}" != "1" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "Instalando Chromium de la distribución (paquetes chromium y fonts-dejavu-core)…"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Falta Chromium y no hay permisos para instalarlo: ejecute 'apt-get install chromium' como root." >&2
      exit 1
    fi
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
