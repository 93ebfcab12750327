"""Línea de órdenes: `python -m etl` construye las tablas; `python -m etl ficha ARCHIVO` registra un archivo crudo;
`python -m etl proponer DOCUMENTO` propone sus cifras para revisarlas y `python -m etl incorporar propuestas.csv`
agrega las aceptadas a datos/crudos y construye; `python -m etl actualizar [FUENTE ...]` descarga cada fuente de su
publicador (instantánea nueva si cambió) y construye; `python -m etl estado` dice qué tan viejas están las fuentes.

Bitácora en stderr (`NIVEL: mensaje`): INFO por omisión, `-v/--verbose` para DEBUG, `-q/--quiet` sólo
avisos y errores; la variable de entorno TABLERO_LOG (DEBUG, INFO, WARNING, ERROR) fija el nivel cuando no
se da ninguna de las dos opciones.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import sys
import time
from datetime import date
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
    act = sub.add_parser("actualizar", help="descarga las fuentes de sus publicadores y construye")
    act.add_argument("fuentes", nargs="*", help="identificadores del registro (por omisión, todas las que tienen descarga)")
    act.add_argument("--crudos", type=Path, default=CRUDOS)
    act.add_argument("--destino", type=Path, default=DESTINO)
    es = sub.add_parser("estado", help="frescura de cada fuente publicada: último periodo, próxima publicación, estado")
    es.add_argument("--destino", type=Path, default=DESTINO)
    es.add_argument("--hoy", type=date.fromisoformat, default=None, help="fecha contra la que se mide (AAAA-MM-DD)")
    args = p.parse_args(argv)
    configurar_bitacora(getattr(args, "nivel", None))

    if args.orden == "actualizar":
        return _actualizar(args)
    if args.orden == "estado":
        return _estado(args)

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


def _actualizar(args) -> int:
    from .actualizar import actualizar

    try:
        resultados, version = actualizar(args.fuentes or None, args.crudos, args.destino)
    except ValueError as e:
        logger.error("%s", e)
        return 2
    for r in resultados:
        print(f"{r.fuente}: {r.estado}" + (f" — {r.motivo}" if r.motivo else "")
              + (f" ({r.carpeta.relative_to(args.crudos)})" if r.carpeta and r.estado == "nueva" else ""))
    fallidas = [r.fuente for r in resultados if r.fallo]
    if version is not None:
        print(f"tablas publicadas en {args.destino} → {version.name}")
    else:
        print("no se publicó nada nuevo: las tablas publicadas siguen como estaban")
    if fallidas:
        print(f"fallaron u omitidas: {', '.join(fallidas)}", file=sys.stderr)
        return 1
    return 0


def _estado(args) -> int:
    from .frescura import tabla_estado

    try:
        filas = tabla_estado(args.destino, args.hoy or date.today())
    except FileNotFoundError as e:
        logger.error("%s; ejecute `python -m etl`", e)
        return 1
    print(filas)
    return 0


def _proponer(args) -> int:
    """Propone en un proceso hijo con límites (etl.acotado); cualquier falla es un mensaje y código 1, sin traza."""
    from .acotado import LIMITES_CONSOLA, proponer_acotado
    from .proponer import DESCRIPCION_ID, DocumentoIlegible, a_csv, id_valido, leer_catalogo, ruta_documento

    ruta: Path = args.ruta
    if not ruta.is_file():
        logger.error("no existe %s", ruta)
        return 1
    if args.documento_id is not None and not id_valido(args.documento_id):
        logger.error("--documento-id %r no es válido: %s", args.documento_id, DESCRIPCION_ID)
        return 1
    carpeta = args.salida.parent.resolve()
    if not carpeta.is_dir():
        logger.error("la carpeta de --salida no existe: %s (créela o elija otra)", carpeta)
        return 1
    inicio = time.perf_counter()
    largo = ruta.stat().st_size > 30_000

    def latido(segundos: float) -> None:
        if largo:
            print(f"\r{ruta.name}: {segundos:.0f} s", end="", file=sys.stderr, flush=True)

    try:
        indicadores, existentes = leer_catalogo(args.crudos)
        propuesta = proponer_acotado(ruta.name, ruta.read_bytes(), indicadores, existentes, args.documento_id,
                                     LIMITES_CONSOLA, latido=latido)
    except DocumentoIlegible as e:
        if largo:
            print(file=sys.stderr)
        logger.error("%s", e)
        return 1
    if largo:  # el renglón de avance con el total, aunque el documento terminara antes del primer latido (0.25 s)
        latido(time.perf_counter() - inicio)
        print(file=sys.stderr)
    import pandas as pd

    doc = dict(propuesta.documento, original=str(ruta.resolve()))
    try:
        args.salida.write_bytes(a_csv(propuesta.cifras))
        ruta_documento(args.salida).write_bytes(a_csv(pd.DataFrame([doc])))
    except OSError as e:
        logger.error("no se pudo escribir %s: %s", args.salida, e.strerror or e)
        return 1
    print(f"{len(propuesta.cifras)} cifras propuestas en {args.salida} y el documento en {ruta_documento(args.salida)} "
          f"({time.perf_counter() - inicio:.1f} s). Revise, marque «si» en la columna aceptar y ejecute "
          f"`python -m etl incorporar {shlex.quote(str(args.salida))}`")
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
