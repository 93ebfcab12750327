"""Cuadro CE100 de Banxico (remesas por entidad) armado como .xlsx para las pruebas y el banco de revisiones.

El diseño es el que lee el compilador de la tabla incluida (ver tests/fixtures/publicadores/LEEME.md,
`banxico_ce100.construida.xlsx`) y los valores salen de datos/crudos/tablas/banxico_remesas_por_entidad.csv
(`remesas_incluidas`); `libro_xlsx(filas_ce100(remesas_incluidas()))` da ese archivo byte por byte.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd

from etl.construir import CRUDOS
from etl.fuentes import banxico as fuente_banxico

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTES_XLSX = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>',
    "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="CE100" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '</Relationships>',
}


def _columna_excel(j: int) -> str:
    letras, j = "", j + 1
    while j:
        j, r = divmod(j - 1, 26)
        letras = chr(65 + r) + letras
    return letras


def libro_xlsx(filas: list[list]) -> bytes:
    """Un .xlsx mínimo (una hoja, textos en línea, números tal cual) escrito a mano: sin openpyxl y con fechas fijas
    en el zip, de modo que los mismos renglones dan los mismos bytes."""
    import io
    import zipfile

    renglones = []
    for i, fila in enumerate(filas, start=1):
        celdas = []
        for j, v in enumerate(fila):
            ref = f"{_columna_excel(j)}{i}"
            if isinstance(v, str) and v:
                celdas.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
            elif isinstance(v, (int, float)):
                celdas.append(f'<c r="{ref}"><v>{v!r}</v></c>')
        renglones.append(f'<row r="{i}">{"".join(celdas)}</row>')
    hoja = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(renglones) + "</sheetData></worksheet>")
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        for nombre, texto in (_PARTES_XLSX | {"xl/worksheets/sheet1.xml": hoja}).items():
            info = zipfile.ZipInfo(nombre, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, (_XML + texto).encode("utf-8"))
    return salida.getvalue()


def remesas_incluidas() -> pd.DataFrame:
    return pd.read_csv(CRUDOS / "tablas" / "banxico_remesas_por_entidad.csv", dtype={"VALOR_USD": "int64"})


def millones(usd: int) -> float:
    """El número en millones de dólares que, leído como lo lee el compilador (int(x × 1 000 000)), da `usd` dólares:
    usd / 1e6 o, si la coma flotante lo deja un pelo abajo, el siguiente número representable."""
    import math

    x = usd / 1_000_000
    return x if int(x * 1_000_000) == usd else math.nextafter(x, math.inf)


def filas_ce100(datos: pd.DataFrame) -> list[list]:
    """Renglones del cuadro CE100 con el diseño que lee lapanquecita/remesas etl.py: 9 renglones de títulos, el
    encabezado (trimestres «Ene-Mar AAAA» desde la columna C), dos renglones antes de las entidades (total y uno
    vacío) y las 32 entidades «01 Aguascalientes» en la columna B, en millones de dólares. `datos` en el diseño de la
    tabla incluida (PERIODO, CVE_ENT, ENTIDAD, VALOR_USD)."""
    nombres = {v: k for k, v in fuente_banxico.TRIMESTRES.items()}
    periodos = sorted(datos["PERIODO"].unique())
    etiquetas = [f"{nombres[int(p[5:7])]} {p[:4]}" for p in periodos]
    tabla = datos.pivot(index="CVE_ENT", columns="PERIODO", values="VALOR_USD")[periodos]
    entidad = datos.drop_duplicates("CVE_ENT").set_index("CVE_ENT")["ENTIDAD"]
    filas: list[list] = [["Banco de México (cuadro construido para pruebas)"],
                         ["Ingresos por remesas, distribución por entidad federativa (CE100)"],
                         ["Millones de dólares"]] + [[] for _ in range(6)]
    filas.append(["", "Título", *etiquetas])
    filas.append(["", "Total", *[millones(int(tabla[p].sum())) for p in periodos]])
    filas.append([])
    for clave, fila in tabla.iterrows():
        filas.append(["", f"{int(clave):02d} {entidad[clave]}", *[millones(int(v)) for v in fila]])
    filas.append([])
    filas.append(["Fuente: Banco de México"])
    return filas
