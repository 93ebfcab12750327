"""Estado de las tablas publicadas, sólo lectura: para que el tablero diga qué pasa sin correr nunca el ETL.

Uso desde el tablero (una vez por proceso o cada tanto; cuesta leer y resumir datos/crudos, ≈ 20 ms):

    from etl.estado import estado
    e = estado(crudos, destino)
    if not e["publicadas"]:      # no hay nada que mostrar
        ...  # error: «ejecute `python -m etl`» (+ e["error"]["mensaje"] si lo hay)
    elif e["error"]:             # el último intento con estos crudos falló; se sirven las tablas anteriores
        ...  # aviso: «la última construcción falló: {e['error']['mensaje']}; corrija y ejecute `python -m etl`»
    elif not e["al_dia"]:        # los crudos cambiaron y nadie ha vuelto a construir
        ...  # aviso: «las tablas no están al día; ejecute `python -m etl`»

`python -m etl` escribe `datos/.parquet-versiones/ultimo_error.json` cuando falla y lo borra cuando publica.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from .errores import ErrorDeEntrada
from .procedencia import sha256
from .publicacion import MANIFIESTO, carpeta_versiones

ULTIMO_ERROR = "ultimo_error.json"


def huella_entradas(crudos: Path) -> str:
    """Huella de todo lo que hay en datos/crudos: si cambia, las tablas publicadas están viejas."""
    crudos = Path(crudos)
    h = hashlib.sha256()
    for ruta in sorted(p for p in crudos.rglob("*") if p.is_file()):
        h.update(str(ruta.relative_to(crudos)).encode())
        h.update(sha256(ruta).encode())
    return h.hexdigest()


def ruta_error(destino: Path) -> Path:
    return carpeta_versiones(destino) / ULTIMO_ERROR


def registrar_error(destino: Path, huella: str, error: BaseException) -> Path:
    """Deja constancia de una construcción fallida (mensaje, archivo, fila, columna, huella de las entradas)."""
    ruta = ruta_error(destino)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(error, ErrorDeEntrada):
        datos = {"mensaje": str(error), "archivo": error.archivo, "fila": error.fila, "columna": error.columna}
    else:
        datos = {"mensaje": f"{type(error).__name__}: {error}", "archivo": None, "fila": None, "columna": None}
    datos |= {"huella_entradas": huella, "fecha": datetime.now(UTC).isoformat(timespec="seconds")}
    fd, temporal = tempfile.mkstemp(prefix=".ultimo_error-", dir=ruta.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(datos, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(temporal, ruta)
    return ruta


def borrar_error(destino: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        ruta_error(destino).unlink()


def _leer_json(ruta: Path) -> dict | None:
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return datos if isinstance(datos, dict) else None


def estado(crudos: Path, destino: Path) -> dict:
    """¿Hay tablas publicadas, están al día con datos/crudos, falló el último intento? Sin escribir nada.

    Devuelve un dict:
      - `publicadas` (bool): `destino` tiene un manifiesto legible (hay tablas que servir).
      - `completas` (bool): el manifiesto tiene exactamente las tablas de etl/esquemas.py.
      - `al_dia` (bool): publicadas, completas y hechas con los crudos actuales (huella = manifiesto).
      - `version` (str | None): nombre de la carpeta de versión a la que apunta `destino`.
      - `huella_entradas` (str): huella actual de `crudos`; `huella_publicada` (str | None): la del manifiesto.
      - `error` (dict | None): si el último `python -m etl` con *estos mismos* crudos falló:
        `{"mensaje", "archivo", "fila", "columna", "fecha", "huella_entradas"}`; None si no, o si los
        crudos cambiaron desde entonces (el fallo ya no dice nada de ellos).
    """
    from .esquemas import TABLAS  # aquí y no arriba: importar etl.estado no carga pandera

    destino = Path(destino)
    huella = huella_entradas(crudos)
    manifiesto = _leer_json(destino / MANIFIESTO)
    publicadas = manifiesto is not None
    completas = publicadas and set(manifiesto.get("tablas", {})) == set(TABLAS)
    publicada = manifiesto.get("huella_entradas") if publicadas else None
    error = _leer_json(ruta_error(destino))
    if error is not None and error.get("huella_entradas") != huella:
        error = None
    return {
        "publicadas": publicadas,
        "completas": completas,
        "al_dia": completas and publicada == huella,
        "version": destino.resolve().name if publicadas else None,
        "huella_entradas": huella,
        "huella_publicada": publicada,
        "error": error,
    }
