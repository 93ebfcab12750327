"""Inventario de datos/crudos: todo archivo que está ahí lo lee algún paso del ETL, o el ETL se detiene.

Un CSV copiado fuera de `tablas/`, con un nombre que ningún paso busca, o una ficha huérfana se
ignorarían en silencio y quien lo agregó creería que sus datos están publicados. Aquí se declara qué
lee cada paso (las tablas oficiales, desde el registro de fuentes `etl/fuentes/`); `tests/test_inventario.py` comprueba que la lista es exactamente lo que abre
`construir.leer_todo`. Si agrega un paso al ETL, agregue aquí sus archivos.
"""

from __future__ import annotations

from pathlib import Path

from .errores import ErrorDeEntrada
from .fuentes import registro
from .lectura import leer_csv
from .procedencia import ruta_ficha

# Archivos de nombre fijo, relativos a datos/crudos, que no son de una fuente del registro.
SIN_FICHA = ("documentos.csv", "indicadores.csv", "cifras.csv")
CATALOGOS = (
    "centros.csv",
    "catalogos/paises.csv",
    "catalogos/cbp_ciudadania.csv",
    "catalogos/cbp_categorias.csv",
    "catalogos/etiquetas.csv",
)  # el de grafías del Boletín de la UPMRIP lo reclama su fuente (ARCHIVOS de etl/fuentes/upmrip_boletin.py)
# Un documento incorporado desde PDF o HTML guarda el original junto a su texto extraído (`fuentes/<id>.txt`).
ORIGINALES = (".pdf", ".html")


def de_las_fuentes(crudos: Path) -> list[Path]:
    """Lo que reclama cada fuente del registro (etl/fuentes/): sus tablas (fijas o por patrón, como tablas/cbp_*.csv)
    y sus instantáneas (instantaneas/<fuente>/<hora>/*)."""
    return [ruta for f in registro().values() for ruta in f.reclamados(crudos)]


CON_FICHA = CATALOGOS + tuple(  # los de nombre fijo (sin patrones): lo que el repositorio trae
    a for f in registro().values() for a in f.archivos if not any(c in a for c in "*?[")
)


def reclamados(crudos: Path) -> set[Path]:
    """Archivos bajo `crudos` que algún paso del ETL lee: datos, sus fichas y los documentos fuente citados (con el
    PDF o HTML original junto a su texto)."""
    crudos = Path(crudos)
    datos = [crudos / r for r in CATALOGOS] + de_las_fuentes(crudos)
    salida = {crudos / r for r in SIN_FICHA}
    salida |= set(datos) | {ruta_ficha(r) for r in datos}
    catalogo = crudos / "documentos.csv"
    if catalogo.exists():
        tabla = leer_csv(catalogo)  # si está mal formado, etl.documentos lo rechaza con su propio mensaje
        if "archivo" in tabla:
            for a in (a.strip() for a in tabla["archivo"] if a.strip()):
                texto = crudos / "fuentes" / a
                salida.add(texto)
                salida |= {o for ext in ORIGINALES if texto.suffix == ".txt" and (o := texto.with_suffix(ext)).is_file()}
    return salida


def sin_reclamar(crudos: Path) -> list[Path]:
    """Archivos bajo `crudos` que ningún paso del ETL lee (rutas relativas a `crudos`, en orden)."""
    crudos = Path(crudos)
    presentes = {p for p in crudos.rglob("*") if p.is_file()}
    return sorted(p.relative_to(crudos) for p in presentes - reclamados(crudos))


def exigir_reclamados(crudos: Path) -> None:
    """Detiene el ETL si hay en `crudos` un archivo que ningún paso lee: nunca se ignora en silencio."""
    sobran = sin_reclamar(crudos)
    if sobran:
        lista = ", ".join(str(p) for p in sobran)
        raise ErrorDeEntrada(
            str(sobran[0]),
            f"ningún paso del ETL lee {'este archivo' if len(sobran) == 1 else f'estos {len(sobran)} archivos'} "
            f"de datos/crudos ({lista}). Una tabla oficial va en tablas/ con su ficha .meta.json y un paso que la "
            "lea (las descargas de la CBP, como tablas/cbp_<nombre>.csv; las de `python -m etl actualizar`, en instantaneas/<fuente>/ de una fuente de etl/fuentes/); un documento fuente va en fuentes/ y en "
            "documentos.csv; si el archivo sobra, sáquelo de datos/crudos",
        )
