"""Fichas de procedencia (`ARCHIVO.meta.json`): cada archivo crudo dice quién lo produjo y cómo citarlo.

La huella SHA-256 de la ficha hace del archivo crudo una instantánea inmutable: si el archivo cambia,
la ficha debe actualizarse a propósito (`python -m etl ficha ARCHIVO`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .errores import ErrorDeEntrada

URL_WEB = re.compile(r"https?://[^\s\x00-\x1f\"'<>`]+", re.IGNORECASE)  # sin javascript:, data:, =fórmulas

CAMPOS = ("archivo", "titulo", "productor", "tabla", "periodo", "licencia", "fecha_acceso", "sha256", "cita_sugerida")


def sha256(ruta: Path) -> str:
    return hashlib.sha256(Path(ruta).read_bytes()).hexdigest()


def ruta_ficha(ruta: Path) -> Path:
    return ruta.with_name(ruta.name + ".meta.json")


def leer_ficha(ruta: Path, verificar_huella: bool = True) -> dict:
    """Ficha de un archivo crudo, comprobada: campos obligatorios y huella igual al archivo."""
    ficha_ruta = ruta_ficha(ruta)
    if not ficha_ruta.exists():
        raise ErrorDeEntrada(
            ruta.name,
            f"falta su ficha de procedencia {ficha_ruta.name}; créela con "
            f"`python -m etl ficha {ruta} --como OTRO_ARCHIVO` y complete productor, periodo y licencia",
        )
    try:
        ficha = json.loads(ficha_ruta.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ErrorDeEntrada(ficha_ruta.name, f"no es JSON UTF-8 válido: {e}") from None
    for campo in CAMPOS:
        if not str(ficha.get(campo, "")).strip():
            raise ErrorDeEntrada(ficha_ruta.name, "campo obligatorio vacío o ausente", columna=campo)
    url = str(ficha.get("url") or "").strip()
    if url and not URL_WEB.fullmatch(url):  # llega a la columna de enlaces de Fuentes y al paquete de datos
        raise ErrorDeEntrada(ficha_ruta.name, f"url {url[:80]!r} no es una dirección http(s)://", columna="url")
    if ficha["archivo"] != ruta.name:
        raise ErrorDeEntrada(ficha_ruta.name, f"la ficha describe {ficha['archivo']!r}, no {ruta.name!r}", columna="archivo")
    if verificar_huella:
        real = sha256(ruta)
        if ficha["sha256"] != real:
            raise ErrorDeEntrada(
                ruta.name,
                f"el archivo cambió desde que se registró su procedencia (sha256 {real[:12]}… ≠ ficha "
                f"{ficha['sha256'][:12]}…); si el cambio es intencional actualice la ficha con `python -m etl ficha {ruta}`",
                columna="sha256",
            )
    return ficha


def escribir_ficha(ruta: Path, como: Path | None = None) -> Path:
    """Crea o actualiza la ficha de `ruta`: copia los campos de la ficha de `como` (si se da) y recalcula la huella."""
    ruta = Path(ruta)
    destino = ruta_ficha(ruta)
    if destino.exists():
        ficha = json.loads(destino.read_text(encoding="utf-8"))
    elif como is not None:
        ficha = json.loads(ruta_ficha(Path(como)).read_text(encoding="utf-8"))
    else:
        ficha = {c: "" for c in CAMPOS}
    ficha["archivo"] = ruta.name
    ficha["sha256"] = sha256(ruta)
    destino.write_text(json.dumps(ficha, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return destino


def fila_fuente(ficha: dict) -> dict:
    """Renglón de la tabla `fuentes` a partir de una ficha."""
    return {
        "fuente_id": ficha["archivo"],
        "titulo": ficha["titulo"],
        "titulo_en": ficha.get("titulo_en") or None,
        "productor": ficha["productor"],
        "tabla": ficha["tabla"],
        "compilador": ficha.get("compilador") or None,
        "url": ficha.get("url") or None,
        "periodo": ficha["periodo"],
        "licencia": ficha["licencia"],
        "fecha_acceso": ficha["fecha_acceso"],
        "sha256": ficha["sha256"],
        "cita_sugerida": ficha["cita_sugerida"],
        "notas": " ".join(ficha.get("notas") or []) or None,
    }
