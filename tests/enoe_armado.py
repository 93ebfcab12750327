"""Zips de microdatos de la ENOE (INEGI) armados para las pruebas y el banco de revisiones.

Forma documentada por el código público que los baja (zip por trimestre `enoe_<año>_trim<t>_csv.zip` con la tabla
`ENOE_SDEMT<t><aa>.csv` en latin-1 y columnas en minúsculas; `SDEMT<t><aa>.csv` con `fac` hasta 2020-T1): los
renglones son inventados (`renglones`: 240 personas que tocan cada filtro de la suma) y dicen que son construidos; un
zip real trae cientos de miles.
"""

from __future__ import annotations

import csv
import io
import zipfile

COLUMNAS = ["ent", "sex", "eda", "clase2", "r_def", "c_res", "l_nac_c", "mh_col", "emp_ppal", "fac_tri", "fac_men"]


def renglones(semilla: int = 0) -> list[dict]:
    """Personas construidas que tocan cada filtro: ocupadas y no, entrevista incompleta, residentes y no, edades en los
    bordes (14, 15, 98, 99), nacidas en México (l_nac_c 1 a 33) y fuera (34+), las diez columnas de la matriz."""
    filas = []
    i = 0
    for clase2 in (1, 2):
        for r_def in (0, 15):
            for c_res in (1, 2, 3):
                for eda in (14, 15, 40, 98, 99):
                    for l_nac_c in (9, 33, 34, 201):
                        mh = 1 + (i % 10)
                        filas.append({"ent": 1 + i % 32, "sex": 1 + i % 2, "eda": eda, "clase2": clase2, "r_def": r_def,
                                      "c_res": c_res, "l_nac_c": l_nac_c, "mh_col": mh, "emp_ppal": 2 - mh % 2,
                                      "fac_tri": 100 + 7 * i + semilla, "fac_men": 300 + i})
                        i += 1
    return filas


def zip_sdem_construido(anio: int, trimestre: int, filas: list[dict], *, columnas: list[str] | None = None,
                        miembro: str | None = None, mayusculas: bool = False) -> bytes:
    """Zip de microdatos construido: la tabla SDEM (más un COE1 de relleno) con fechas fijas, mismos renglones → mismos
    bytes."""
    columnas = columnas or COLUMNAS
    texto = io.StringIO()
    w = csv.writer(texto, lineterminator="\r\n")
    w.writerow([c.upper() if mayusculas else c for c in columnas])
    for f in filas:
        w.writerow([f[c] for c in columnas])
    miembro = miembro or f"ENOE_SDEMT{trimestre}{anio % 100:02d}.csv"
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as z:
        for nombre, contenido in ((miembro, texto.getvalue()), (f"ENOE_COE1T{trimestre}{anio % 100:02d}.csv", "cd_a\r\n1\r\n")):
            info = zipfile.ZipInfo(nombre, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, contenido.encode("latin-1"))
    return salida.getvalue()
