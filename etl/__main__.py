"""Línea de órdenes: `python -m etl` construye las tablas; `python -m etl ficha ARCHIVO` registra un archivo crudo;
`python -m etl proponer DOCUMENTO` propone sus cifras para revisarlas y `python -m etl incorporar propuestas.csv`
agrega las aceptadas a datos/crudos y construye.

Bitácora en stderr (`NIVEL: mensaje`): INFO por omisión, `-v/--verbose` para DEBUG, `-q/--quiet` sólo
avisos y errores; la variable de entorno TABLERO_LOG (DEBUG, INFO, WARNING, ERROR) fija el nivel cuando no
se da ninguna de las dos opciones.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from .construir import CRUDOS, DESTINO, construir
from .errores import ErrorDeEntrada
from .procedencia import escribir_ficha

logger = logging.getLogger(__name__)
FORMATO = "%(levelname)s: %(message)s"


class _Stderr(logging.StreamHandler):
    """Escribe en el sys.stderr de cada momento (no en el que había al configurar)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _valor) -> None:
        pass


def configurar_bitacora(nivel: str | int | None = None) -> None:
    """Un manejador en stderr para el logger `etl` (no toca la raíz: quien importe etl decide lo suyo)."""
    if nivel is None:
        nivel = os.environ.get("TABLERO_LOG", "INFO")
    if isinstance(nivel, str):
        nivel = logging.getLevelName(nivel.strip().upper())
        if not isinstance(nivel, int):
            nivel = logging.INFO
    raiz = logging.getLogger("etl")
    for h in [h for h in raiz.handlers if getattr(h, "_tablero", False)]:
        raiz.removeHandler(h)
    manejador = _Stderr()
    manejador.setFormatter(logging.Formatter(FORMATO))
    manejador._tablero = True  # type: ignore[attr-defined]
    raiz.addHandler(manejador)
    raiz.setLevel(nivel)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="orden")
    c = sub.add_parser("construir", help="construye datos/parquet (orden por omisión)")
    for q in (p, c):
        q.add_argument("--crudos", type=Path, default=CRUDOS, help="carpeta de archivos crudos")
        q.add_argument("--destino", type=Path, default=DESTINO, help="enlace de las tablas publicadas")
        nivel = q.add_mutually_exclusive_group()
        nivel.add_argument("-v", "--verbose", dest="nivel", action="store_const", const="DEBUG",
                           default=argparse.SUPPRESS, help="bitácora detallada (DEBUG)")
        nivel.add_argument("-q", "--quiet", dest="nivel", action="store_const", const="WARNING",
                           default=argparse.SUPPRESS, help="sólo avisos y errores")
    f = sub.add_parser("ficha", help="crea o actualiza la ficha de procedencia (huella sha256) de un archivo crudo")
    f.add_argument("archivo", type=Path)
    f.add_argument("--como", type=Path, help="copiar lo que dice el publicador (productor, cuadro, licencia, unidad, "
                   "notas) de la ficha de este otro archivo; el periodo sale de los renglones del archivo")
    f.add_argument("--fecha-acceso", help="fecha de la descarga, AAAA-MM-DD (por omisión, hoy)")
    f.add_argument("--compilador", default="", help="quién compiló el archivo, si no es el publicador")
    f.add_argument("--url", default="", help="de dónde se descargó")
    pr = sub.add_parser("proponer", help="propone las cifras de un documento (.txt, .pdf con texto, .html) para revisarlas")
    pr.add_argument("ruta", type=Path)
    pr.add_argument("--salida", type=Path, default=Path("propuestas.csv"),
                    help="CSV de cifras propuestas; el renglón del documento va en SALIDA.documento.csv")
    pr.add_argument("--documento-id", help="identificador del documento (por omisión, NNN_huella)")
    pr.add_argument("--crudos", type=Path, default=CRUDOS, help="carpeta de archivos crudos (sólo se lee)")
    inc = sub.add_parser("incorporar", help="agrega el documento y las cifras aceptadas a datos/crudos y construye")
    inc.add_argument("propuestas", type=Path)
    inc.add_argument("--original", type=Path, help="el documento (por omisión, el que nombra SALIDA.documento.csv)")
    inc.add_argument("--crudos", type=Path, default=CRUDOS)
    inc.add_argument("--destino", type=Path, default=DESTINO)
    args = p.parse_args(argv)
    configurar_bitacora(getattr(args, "nivel", None))

    if args.orden == "proponer":
        return _proponer(args)
    if args.orden == "incorporar":
        return _incorporar(args)

    if args.orden == "ficha":
        try:
            ruta = escribir_ficha(args.archivo, args.como, args.fecha_acceso, args.compilador, args.url)
        except ErrorDeEntrada as e:
            logger.error("%s; no se escribió la ficha", e)
            return 1
        ficha = json.loads(ruta.read_text(encoding="utf-8"))
        print(f"ficha escrita: {ruta}; periodo {ficha.get('periodo') or '(sin escribir: complételo)'}, "
              f"consultado el {ficha.get('fecha_acceso') or '(complételo)'}; revísela")
        return 0
    inicio = time.perf_counter()
    try:
        version = construir(args.crudos, args.destino)
    except Exception:  # noqa: BLE001 — construir ya dejó en la bitácora el mensaje (archivo, fila, columna) o la traza
        logger.error("No se publicó nada: las tablas anteriores siguen intactas. Corrija y vuelva a ejecutar `python -m etl`.")
        return 1
    print(f"tablas publicadas en {args.destino} → {version.name} ({time.perf_counter() - inicio:.1f} s)")
    return 0


def _proponer(args) -> int:
    from .proponer import DocumentoIlegible, a_csv, proponer, ruta_documento

    ruta: Path = args.ruta
    if not ruta.is_file():
        logger.error("no existe %s", ruta)
        return 1
    inicio = time.perf_counter()
    largo = ruta.stat().st_size > 30_000

    def progreso(hechos: int, total: int) -> None:
        if largo:
            print(f"\r{ruta.name}: {hechos}/{total} ({100 * hechos // max(total, 1)} %)", end="", file=sys.stderr, flush=True)

    try:
        propuesta = proponer(ruta.name, ruta.read_bytes(), args.crudos, args.documento_id, progreso=progreso)
    except DocumentoIlegible as e:
        logger.error("%s", e)
        return 1
    if largo:
        print(file=sys.stderr)
    import pandas as pd

    doc = dict(propuesta.documento, original=str(ruta.resolve()))
    args.salida.write_bytes(a_csv(propuesta.cifras))
    ruta_documento(args.salida).write_bytes(a_csv(pd.DataFrame([doc])))
    print(f"{len(propuesta.cifras)} cifras propuestas en {args.salida} y el documento en {ruta_documento(args.salida)} "
          f"({time.perf_counter() - inicio:.1f} s). Revise, marque «si» en la columna aceptar y ejecute "
          f"`python -m etl incorporar {args.salida}`")
    return 0


def _incorporar(args) -> int:
    from .errores import ErrorDeEntrada
    from .incorporar import incorporar

    try:
        r = incorporar(args.propuestas, args.crudos, args.destino, args.original)
    except ErrorDeEntrada as e:
        logger.error("%s", e)
        return 1
    except Exception:  # noqa: BLE001 — construir ya dejó el mensaje; incorporar restauró los crudos
        logger.error("No se agregó nada: datos/crudos y las tablas publicadas siguen como estaban.")
        return 1
    for rechazo in r.rechazadas:
        print(f"no se agregó el {rechazo}")
    print(f"documento {r.documento_id} y {len(r.cifras)} cifras agregados ({', '.join(r.cifras)}); tablas publicadas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
