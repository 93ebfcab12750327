"""Publicación de una versión de las tablas: escribir aparte, asentar en disco, cambiar el enlace, podar.

Las tablas se escriben en una carpeta de versión nueva (`datos/.parquet-versiones/<versión>`) y
`datos/parquet` es un enlace simbólico que se cambia atómicamente (os.replace) al final: quien está
leyendo sigue con la versión anterior completa, y si algo falla antes nada de lo publicado se toca.
Antes del cambio de enlace los archivos y la carpeta se asientan en disco (fsync), y después también la
carpeta que contiene el enlace: un corte de luz deja la versión vieja o la nueva, nunca un enlace a
archivos a medio escribir.

Versiones en uso: un proceso que lee una versión la registra con `usar_version(ruta)`, que toma un
candado compartido (`fcntl.flock`) sobre el archivo `.en_uso` de la carpeta de la versión y lo mantiene
mientras el proceso la tenga abierta. La poda sólo borra versiones que no son la vigente, no están entre
las `VERSIONES_CONSERVADAS` más recientes y cuyo candado se puede tomar en exclusiva sin esperar.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .procedencia import sha256

logger = logging.getLogger(__name__)

MANIFIESTO = "manifiesto.json"
EN_USO = ".en_uso"
VERSIONES_CONSERVADAS = 3
PREFIJO_TEMPORAL = "construyendo-"
PREFIJO_BORRANDO = "borrando-"


def carpeta_versiones(destino: Path) -> Path:
    """`datos/parquet` → `datos/.parquet-versiones` (donde viven las versiones y el registro del último error)."""
    destino = Path(destino)
    return destino.parent / f".{destino.name}-versiones"


def _fsync_archivo(ruta: Path) -> None:
    fd = os.open(ruta, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_carpeta(ruta: Path) -> None:
    fd = os.open(ruta, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _escribir(tablas: dict[str, pa.Table], carpeta: Path, huella: str) -> dict:
    manifiesto = {"huella_entradas": huella, "tablas": {}}
    for nombre in sorted(tablas):
        ruta = carpeta / f"{nombre}.parquet"
        with open(ruta, "wb") as f:
            pq.write_table(tablas[nombre], f, compression="zstd", row_group_size=1_000_000)
            f.flush()
            os.fsync(f.fileno())
        manifiesto["tablas"][nombre] = {"filas": tablas[nombre].num_rows, "sha256": sha256(ruta)}
        logger.debug("escrita %s: %d renglones", ruta.name, tablas[nombre].num_rows)
    ruta = carpeta / MANIFIESTO
    ruta.write_text(json.dumps(manifiesto, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    _fsync_archivo(ruta)
    (carpeta / EN_USO).touch()
    _fsync_carpeta(carpeta)
    return manifiesto


def publicar(tablas: dict[str, pa.Table], destino: Path, huella: str) -> Path:
    """Escribe en una carpeta de versión y cambia el enlace `destino` de forma atómica; devuelve la versión."""
    inicio = time.perf_counter()
    destino = Path(destino)
    versiones = carpeta_versiones(destino)
    versiones.mkdir(parents=True, exist_ok=True)
    temporal = Path(tempfile.mkdtemp(prefix=PREFIJO_TEMPORAL, dir=versiones))
    try:
        os.chmod(temporal, 0o755)  # mkdtemp la crea 0700; el tablero puede correr con otro usuario
        manifiesto = _escribir(tablas, temporal, huella)
        nombre = hashlib.sha256(json.dumps(manifiesto, sort_keys=True).encode()).hexdigest()[:16]
        final = versiones / nombre
        if final.exists():
            shutil.rmtree(temporal)
            (final / EN_USO).touch(exist_ok=True)
        else:
            os.rename(temporal, final)
        _fsync_carpeta(versiones)
    except BaseException:
        shutil.rmtree(temporal, ignore_errors=True)
        raise
    if destino.exists() and not destino.is_symlink():
        # una carpeta real de una instalación anterior: se conserva como versión
        os.rename(destino, versiones / "anterior-carpeta")
    enlace = destino.parent / f".{destino.name}-enlace-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        enlace.unlink()
    os.symlink(Path(versiones.name) / nombre, enlace)
    os.replace(enlace, destino)
    _fsync_carpeta(destino.parent)
    logger.info("publicada la versión %s en %s (%d tablas, %.1f s)", nombre, destino, len(tablas), time.perf_counter() - inicio)
    podar(versiones, final)
    return final


def podar(versiones: Path, actual: Path, conservar: int = VERSIONES_CONSERVADAS) -> list[Path]:
    """Borra versiones viejas que nadie usa; devuelve las borradas.

    Se conservan la vigente (`actual`), las `conservar` más recientes (contando la vigente) y toda versión
    cuyo candado `.en_uso` tiene tomado algún proceso (`usar_version`)."""
    candidatas = sorted(
        (p for p in Path(versiones).iterdir()
         if p.is_dir() and not p.name.startswith((PREFIJO_TEMPORAL, PREFIJO_BORRANDO)) and p.resolve() != Path(actual).resolve()),
        key=lambda p: (p.stat().st_mtime, p.name), reverse=True,
    )
    borradas = []
    for p in candidatas[max(conservar - 1, 0):]:
        try:
            fd = os.open(p / EN_USO, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            logger.warning("no se pudo revisar la versión %s (%s); se conserva", p.name, e)
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                logger.info("versión %s en uso por otro proceso; se conserva", p.name)
                continue
            # Con el candado exclusivo: primero se le cambia el nombre (un lector que esperaba el candado ve que
            # su carpeta ya no existe y vuelve a resolver el enlace), luego se borra.
            papelera = p.with_name(f"{PREFIJO_BORRANDO}{p.name}-{os.getpid()}")
            os.rename(p, papelera)
            shutil.rmtree(papelera, ignore_errors=True)
            borradas.append(p)
            logger.info("podada la versión %s", p.name)
        finally:
            os.close(fd)
    return borradas


class VersionEnUso:
    """Una versión publicada registrada como en uso por este proceso; `cerrar()` (o salir del `with`) la libera."""

    def __init__(self, ruta: Path, fd: int):
        self.ruta = ruta  # carpeta de la versión (ya resuelta, no el enlace)
        self._fd: int | None = fd

    @property
    def nombre(self) -> str:
        return self.ruta.name

    def cerrar(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # cerrar el descriptor suelta el candado compartido
            self._fd = None

    def __enter__(self) -> VersionEnUso:
        return self

    def __exit__(self, *_exc) -> None:
        self.cerrar()

    def __del__(self) -> None:
        self.cerrar()

    def __repr__(self) -> str:
        return f"VersionEnUso({str(self.ruta)!r}, abierta={self._fd is not None})"


def usar_version(ruta: Path | str, intentos: int = 5) -> VersionEnUso:
    """Resuelve `ruta` (el enlace `datos/parquet` o una carpeta de versión) y registra su uso.

    Devuelve un `VersionEnUso` cuyo `.ruta` es la carpeta de la versión: lea de ahí (no del enlace) y guarde
    el objeto mientras la use; mientras exista (o hasta `cerrar()`), `python -m etl` no la poda. Úselo como
    `with usar_version(destino) as v: ...` o guárdelo junto al catálogo DuckDB de esa versión.
    FileNotFoundError si no hay versión publicada."""
    ruta = Path(ruta)
    for _ in range(max(intentos, 1)):
        version = ruta.resolve()
        candado = version / EN_USO
        try:
            fd = os.open(candado, os.O_RDONLY)
        except FileNotFoundError:
            if not version.is_dir():
                continue  # la podaron entre resolver y abrir: el enlace ya apunta a otra
            try:  # versión publicada antes de que existiera `.en_uso`
                fd = os.open(candado, os.O_RDONLY | os.O_CREAT, 0o644)
            except FileNotFoundError:
                continue
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            vigente = os.stat(candado).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            vigente = False
        if vigente:
            return VersionEnUso(version, fd)
        os.close(fd)  # la podaron mientras esperábamos el candado
    raise FileNotFoundError(f"no hay una versión publicada legible en {ruta}")
