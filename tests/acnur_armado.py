"""Respuestas de la API de población de ACNUR armadas para las pruebas y el banco de revisiones.

Sobre `{page, maxPages, total, items}` con la forma documentada (ver tests/fixtures/publicadores/LEEME.md) y, como
`items`, los renglones del CSV incluido (datos/crudos/tablas/acnur_solicitudes_asilo_mexico.csv, mismos campos que
los de la API): lo esperado sale de los archivos crudos.
"""

from __future__ import annotations

import csv

import httpx

from etl.construir import CRUDOS


def items_acnur(anios: set[int]) -> list[dict]:
    """Renglones del CSV incluido de esos años, como `items` de la API (los años llegan enteros y los conteos como
    enteros, como en las respuestas de la API; el CSV del compilador los escribe con «.0»)."""
    with (CRUDOS / "tablas" / "acnur_solicitudes_asilo_mexico.csv").open(encoding="utf-8", newline="") as f:
        filas = [r for r in csv.DictReader(f) if int(float(r["year"])) in anios]
    return [r | {"year": int(float(r["year"])), "applied": int(float(r["applied"]))} for r in filas]


def respuesta_acnur(items: list[dict], pagina: int = 1, paginas: int = 1) -> httpx.Response:
    """Sobre construido con la forma documentada de la API de población de ACNUR."""
    return httpx.Response(200, json={"page": pagina, "maxPages": paginas, "total": [], "items": items})
