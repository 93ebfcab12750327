"""CSV del Proyecto Migrantes Desaparecidos en el diseño de la OIM, armado para las pruebas.

El encabezado y los renglones de otros países son los del recorte real (tests/fixtures/publicadores/mmp_oim_recorte.csv);
los renglones de México se arman desde el CSV incluido (datos/crudos/tablas/mmp_incidentes_mexico.csv) con la
correspondencia de etl/fuentes/mmp.py, de modo que lo esperado sale de los archivos crudos. Lo que el CSV incluido no
trae se rellena y lo dice («armado»): identificadores, región, ruta, fuente de información. El total de muertos y
desaparecidos se reparte entre «Number of Dead» y «Minimum Estimated Number of Missing» (la mitad, hacia abajo, como
desaparecidos) para que leer la columna equivocada se note.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from etl.construir import CRUDOS

RECORTE = Path(__file__).parent / "fixtures" / "publicadores" / "mmp_oim_recorte.csv"
INCLUIDO = CRUDOS / "tablas" / "mmp_incidentes_mexico.csv"
MESES_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December")


def encabezado() -> list[str]:
    with RECORTE.open(encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f))


def recorte() -> list[dict]:
    with RECORTE.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def incluidas() -> list[dict]:
    """Renglones del CSV incluido, con su número de fila (el encabezado es la fila 1)."""
    with INCLUIDO.open(encoding="utf-8", newline="") as f:
        return [r | {"_fila": i} for i, r in enumerate(csv.DictReader(f), start=2)]


def nombres_oim() -> dict[str, str]:
    """{ISO-3: nombre como lo escribe la OIM}: la grafía del catálogo propio si la hay, si no nombre_en."""
    with (CRUDOS / "catalogos" / "paises.csv").open(encoding="utf-8", newline="") as f:
        nombres = {r["iso3"]: r["nombre_en"] for r in csv.DictReader(f)}
    with (CRUDOS / "catalogos" / "mmp_grafias.csv").open(encoding="utf-8", newline="") as f:
        nombres |= {r["iso3"]: r["grafia"] for r in csv.DictReader(f)}
    return nombres


def _entero(texto: str) -> int | None:
    return int(float(texto)) if texto.strip() else None


def renglon_oim(fila: dict, n: int, nombres: dict[str, str]) -> dict:
    """Un renglón del CSV incluido en el diseño de la OIM (lo que no trae dice «armado»)."""
    total = _entero(fila["dead"])
    desaparecidos = total // 2
    surv = _entero(fila["surv"])
    anio, mes = fila["t"][:4], int(fila["t"][5:7])
    return {
        "Main ID": f"armado.{n:05d}", "Incident ID": f"armado.{n:05d}", "Incident Type": fila["type"],
        "Region of Incident": "armado", "Incident Date": fila["t"], "Incident Year": anio, "Month": MESES_EN[mes - 1],
        "Number of Dead": str(total - desaparecidos), "Minimum Estimated Number of Missing": str(desaparecidos),
        "Total Number of Dead and Missing": str(total), "Number of Survivors": "" if surv is None else str(surv),
        "Number of Females": "", "Number of Males": "", "Number of Children": "",
        "Country of Origin": ",".join(nombres[c] for c in fila["nat"].split(",")), "Region of Origin": "armado",
        "Cause of Death": fila["cause"], "Country of Incident": "Mexico", "Migration Route": "armado",
        "Location of Incident": fila["location"], "Coordinates": f"{fila['lat']}, {fila['lon']}",
        "UNSD Geographical Grouping": "armado", "Information Source": "armado", "URL": "", "Source Quality": "1",
    }


def csv_oim(renglones: list[dict], columnas: list[str] | None = None) -> bytes:
    """Bytes de un CSV con el encabezado de la OIM (UTF-8 con BOM, como el publicado)."""
    columnas = columnas or encabezado()
    texto = io.StringIO()
    escritor = csv.DictWriter(texto, fieldnames=columnas, lineterminator="\n", extrasaction="ignore")
    escritor.writeheader()
    escritor.writerows(renglones)
    return ("\ufeff" + texto.getvalue()).encode("utf-8")


def armado(filas: list[dict] | None = None) -> tuple[list[dict], bytes]:
    """(renglones, bytes): los renglones de otros países del recorte real y, después, los de México armados desde
    `filas` (por omisión, todo el CSV incluido)."""
    nombres = nombres_oim()
    otros = [r for r in recorte() if r["Country of Incident"] != "Mexico"]
    mexico = [renglon_oim(f, n, nombres) for n, f in enumerate(filas if filas is not None else incluidas(), start=1)]
    renglones = otros + mexico
    return renglones, csv_oim(renglones)
