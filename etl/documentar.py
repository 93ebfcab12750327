"""Escribe docs/esquema.md a partir de etl/esquemas.py: la documentación de cada tabla y columna no se desfasa.

`python -m etl.documentar` la regenera; una prueba comprueba que el archivo versionado está al día.
"""

from __future__ import annotations

from pathlib import Path

from .esquemas import TABLAS
from .fuentes import registro

DESTINO = Path(__file__).resolve().parent.parent / "docs" / "esquema.md"


def markdown() -> str:
    partes = [
        "# Esquema de las tablas publicadas",
        "",
        "Generado por `python -m etl.documentar` a partir de `etl/esquemas.py`; no lo edite a mano.",
        "Cada tabla es un archivo `datos/parquet/<tabla>.parquet`.",
        "",
        "## Fuentes",
        "",
        "Registro de `etl/fuentes/` (un módulo por fuente). El rezago es una estimación del tiempo habitual entre el fin "
        "de un periodo y su publicación; «descarga» dice si `python -m etl actualizar` la trae del publicador.",
        "",
        "| fuente | título | productor | cadencia | rezago (días) | descarga | token | tablas | publicador |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in registro().values():
        m = f.metadatos
        partes.append(
            f"| `{f.id}` | {m['titulo']} / {m['titulo_en']} | {m['productor']} | {m['cadencia'] or '—'} | "
            f"{m['rezago_dias'] if m['rezago_dias'] is not None else '—'} | {'sí' if f.descargar else 'no'} | "
            f"{'`' + m['token'] + '`' if m['token'] else '—'} | {', '.join(f'`{t}`' for t in f.tablas)} | {m['url']} |"
        )
    partes.append("")
    for t in TABLAS.values():
        partes += [f"## `{t.nombre}` — {t.titulo}", "", t.descripcion, "", f"Clave: `{', '.join(t.clave)}`", ""]
        partes += ["| columna | tipo | nulos | unidad | descripción |", "|---|---|---|---|---|"]
        for c in t.columnas:
            extra = f" Valores: {', '.join(c.valores)}." if c.valores else ""
            partes.append(
                f"| `{c.nombre}` | {c.tipo} | {'sí' if c.nulo else 'no'} | {c.unidad} | {c.descripcion}.{extra} |".replace("..", ".")
            )
        partes.append("")
    return "\n".join(partes)


def main() -> None:
    DESTINO.parent.mkdir(parents=True, exist_ok=True)
    DESTINO.write_text(markdown(), encoding="utf-8")
    print(f"escrito {DESTINO}")


if __name__ == "__main__":
    main()
