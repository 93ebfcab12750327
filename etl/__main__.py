"""Línea de órdenes: `python -m etl` construye las tablas; `python -m etl ficha ARCHIVO` registra un archivo crudo."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .construir import CRUDOS, DESTINO, construir
from .errores import ErrorDeEntrada
from .procedencia import escribir_ficha


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = p.add_subparsers(dest="orden")
    c = sub.add_parser("construir", help="construye datos/parquet (orden por omisión)")
    for q in (p, c):
        q.add_argument("--crudos", type=Path, default=CRUDOS, help="carpeta de archivos crudos")
        q.add_argument("--destino", type=Path, default=DESTINO, help="enlace de las tablas publicadas")
    f = sub.add_parser("ficha", help="crea o actualiza la ficha de procedencia (huella sha256) de un archivo crudo")
    f.add_argument("archivo", type=Path)
    f.add_argument("--como", type=Path, help="copiar productor, licencia, etc. de la ficha de este otro archivo")
    args = p.parse_args(argv)

    if args.orden == "ficha":
        ruta = escribir_ficha(args.archivo, args.como)
        print(f"ficha escrita: {ruta}; revise productor, periodo y fecha_acceso")
        return 0
    inicio = time.perf_counter()
    try:
        version = construir(args.crudos, args.destino)
    except ErrorDeEntrada as e:
        print(f"ERROR: {e}", file=sys.stderr)
        print("No se publicó nada: las tablas anteriores siguen intactas.", file=sys.stderr)
        return 1
    print(f"tablas publicadas en {args.destino} → {version.name} ({time.perf_counter() - inicio:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
