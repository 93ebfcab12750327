"""Construye cuadros 3.1.1 del Boletín de la UPMRIP en su disposición publicada, desde el CSV compilado incluido.

No hay un 3.1.1 publicado en el repositorio; este generador lo imita según las notas de diseño reunidas
(ver tests/fixtures/upmrip_boletin/PROCEDENCIA.md): continentes, regiones, orden y grafías de los países salen del
cuadro 1.3.1 REAL (mismo estilo de la casa); los conteos, del CSV compilado. El reparto Presentados / Canalizados es
inventado (el CSV sólo trae el Subtotal). Un archivo construido lo dice en su nombre: `*.construido.xlsx`.

    python -m tests.cuadros_upmrip          # escribe las muestras en tests/fixtures/upmrip_boletin/
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import defaultdict
from pathlib import Path

import xlsxwriter

from etl.fuentes import upmrip_boletin as ub

RAIZ = Path(__file__).resolve().parent.parent
CSV = RAIZ / "datos" / "crudos" / "tablas" / "upmrip_eventos_por_nacionalidad.csv"
REAL_131 = RAIZ / "tests" / "fixtures" / "upmrip_boletin" / "cuadro_1.3.1_2026_ene-may.xls"
MUESTRAS = RAIZ / "tests" / "fixtures" / "upmrip_boletin"

TITULO = "3.1.1 Eventos de personas en situación migratoria irregular en México, según continente y país de nacionalidad"
MESES = [m.capitalize() for m in ub.MESES]
# Nacionalidades del CSV que el 1.3.1 real no trae: dónde van y con qué grafía (ver catalogos/upmrip_grafias.csv).
EXTRA = {"ABW": ("Islas del Caribe", "Aruba"), "MTQ": ("Islas del Caribe", "Martinica (Terr. Ultram. Francia)"),
         "GNB": ("África", "Guinea-Bissau"), "XKX": ("Europa", "Kosovo"), "OOO": (None, "Otras nacionalidades")}
FILAS_POR_PAGINA = 55
SUBCOLUMNAS = ("Presentados", "Canalizados", "Subtotal")


def compilado() -> dict[int, dict[tuple[str, int], int]]:
    """{año: {(iso3, mes): n}} del CSV incluido; los pares repetidos (GIN, FRA) se suman como en el ETL."""
    salida: dict[int, dict[tuple[str, int], int]] = defaultdict(lambda: defaultdict(int))
    with CSV.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            anio, mes = (int(x) for x in r["t"].split("-"))
            salida[anio][(r["nat"], mes)] += int(r["n"])
    return salida


@functools.cache
def _real_131() -> ub.Cuadro:
    return ub.leer_cuadro(REAL_131)


def _valores(por_mes: list[int], desglose: bool) -> list:
    """Celdas de un renglón: por mes Presentados / Canalizados / Subtotal (reparto inventado 4/5 y 1/5) o el mes solo,
    y al final el Total."""
    fila = []
    for n in por_mes:
        if desglose:
            p = (n * 4 + 2) // 5
            fila += [p, n - p, n]
        else:
            fila.append(n)
    if desglose:
        return fila + [sum(fila[0::3]), sum(fila[1::3]), sum(fila[2::3])]
    return fila + [sum(por_mes)]


def estructura(mapa: dict[str, str]) -> list[tuple]:
    """[("agregado", nombre, nivel) | ("pais", grafía publicada, iso3, nivel)] en el orden del 1.3.1 real."""
    real = _real_131()
    items: list[tuple] = []
    for r in real.renglones:
        if r.nivel < 2 or r.etiqueta == "No especificado":
            continue  # Total General, Nacionales y Extranjeros son del 1.3.1; «No especificado» no se usa aquí
        if r.agregado:
            items.append(("agregado", r.etiqueta, r.nivel))
        else:
            items.append(("pais", r.original, mapa[r.etiqueta.casefold()], r.nivel))
    for iso3, (grupo, grafia) in EXTRA.items():
        if grupo is None:
            items.append(("pais", grafia, iso3, 2))
            continue
        i = next(k for k, it in enumerate(items) if it[0] == "agregado" and it[1] == grupo)
        nivel = items[i][2]
        j = i + 1
        while j < len(items) and items[j][-1] > nivel:
            j += 1
        items.insert(j, ("pais", grafia, iso3, ub.NIVEL_PAIS))
    return items


def escribir_3_1_1(destino: Path, anio: int, datos: dict[tuple[str, int], int], mapa: dict[str, str],
                   desglose: bool | None = None, alterar=None, total_solo: bool = False) -> Path:
    """Un libro 3.1.1 de `anio` con los meses que trae `datos`; `alterar(valores_por_renglon)` permite romperlo a propósito."""
    desglose = anio >= 2021 if desglose is None else desglose
    meses = sorted({m for _, m in datos})
    items = estructura(mapa)
    codigos = {it[2] for it in items if it[0] == "pais"}
    faltan = {iso3 for iso3, _ in datos} - codigos
    if faltan:
        raise ValueError(f"nacionalidades sin lugar en el cuadro: {sorted(faltan)}")

    def valores_pais(iso3: str) -> list:
        return _valores([datos.get((iso3, m), 0) for m in meses], desglose)

    lineas = _lineas_paises(items, valores_pais)
    if total_solo and desglose:  # «Total» en una sola columna combinada hacia abajo: la suma de los Subtotales
        lineas = [(n, v if v is None else v[:-3] + v[-1:]) for n, v in lineas]
    if alterar:
        alterar(lineas)
    return _escribir(destino, TITULO, "Continente y país de nacionalidad", anio, meses, desglose, lineas,
                     total_solo=total_solo)


def _lineas_paises(items: list[tuple], valores_pais) -> list[tuple[str, list | None]]:
    """Renglones del cuadro: total general, continentes y regiones (suma de sus países) y países, con los blancos."""
    vals = {k: valores_pais(it[2]) for k, it in enumerate(items) if it[0] == "pais"}
    for k, it in enumerate(items):
        if it[0] == "agregado":
            fin = next((j for j in range(k + 1, len(items)) if items[j][-1] <= it[2]), len(items))
            hijos = [vals[j] for j in range(k + 1, fin) if items[j][0] == "pais"]
            vals[k] = [sum(c) for c in zip(*hijos)]
    total = [sum(c) for c in zip(*(vals[k] for k, it in enumerate(items) if it[0] == "pais"))]
    lineas: list[tuple[str, list | None]] = [("Total general", total), ("", None)]
    for k, it in enumerate(items):
        if it[0] == "agregado" and it[2] == 2 and lineas[-1][0]:
            lineas.append(("", None))
        lineas.append((it[1], vals[k]))
        if it[0] == "agregado" and it[2] == 2:
            lineas.append(("", None))
    return lineas


def _escribir(destino: Path, titulo: str, etiqueta: str, anio: int, meses: list[int], desglose: bool,
              lineas: list[tuple[str, list | None]], subcolumnas: tuple[str, ...] = SUBCOLUMNAS,
              total_solo: bool = False) -> Path:
    """El libro en el estilo de la casa: páginas con título, «(Continúa)» y encabezado repetidos, notas y Fuente."""
    total = next(v for _, v in lineas if v is not None)
    destino.parent.mkdir(parents=True, exist_ok=True)
    libro = xlsxwriter.Workbook(str(destino))
    libro.set_properties({"created": dt.datetime(2026, 1, 1), "author": "tests/cuadros_upmrip.py (construido)"})
    hoja = libro.add_worksheet(f"Cuadro {titulo.split()[0]}")
    negrita = libro.add_format({"bold": True})
    numero = libro.add_format({"num_format": '#,##0;-#,##0;"-"'})
    centro = libro.add_format({"bold": True, "align": "center"})
    ancho = len(total)
    ultima = 2 + ancho
    periodo = f"{ub.MESES[meses[0] - 1]}-{ub.MESES[meses[-1] - 1]} de {anio}"
    fila = 0

    def encabezado(continua: str) -> None:
        nonlocal fila
        fila += 1
        hoja.merge_range(fila, 2, fila, ultima, f"{titulo}, {periodo}", negrita)
        fila += 2
        hoja.write(fila, ultima, continua)
        fila += 1
        hoja.write(fila, 2, etiqueta, negrita)
        col = 3
        for m in meses:
            texto = MESES[m - 1] + (" 2" if desglose and m >= 9 else "")  # «Septiembre 2»: en validación
            if desglose:
                hoja.merge_range(fila, col, fila, col + len(subcolumnas) - 1, texto, centro)
                for i, sub in enumerate(subcolumnas):
                    hoja.write(fila + 1, col + i, sub, negrita)
                col += len(subcolumnas)
            else:
                hoja.write(fila, col, texto, negrita)
                col += 1
        if desglose and total_solo:
            hoja.merge_range(fila, col, fila + 1, col, "Total", centro)
            fila += 1
        elif desglose:
            hoja.merge_range(fila, col, fila, col + len(subcolumnas) - 1, "Total", centro)
            for i, sub in enumerate(subcolumnas):
                hoja.write(fila + 1, col + i, sub, negrita)
            fila += 1
        else:
            hoja.write(fila, col, "Total", negrita)
        fila += 3  # dos renglones en blanco antes de los datos

    paginas = [lineas[i:i + FILAS_POR_PAGINA] for i in range(0, len(lineas), FILAS_POR_PAGINA)]
    for p, pagina in enumerate(paginas):
        encabezado("(Concluye)" if p == len(paginas) - 1 and p > 0 else "(Continúa)")
        for nombre, valores in pagina:
            if valores is not None:
                hoja.write(fila, 2, nombre)
                for i, v in enumerate(valores):
                    if isinstance(v, str) or (v == 0 and i % len(subcolumnas) != len(subcolumnas) - 1
                                              and i < len(meses) * len(subcolumnas)):
                        hoja.write_string(fila, 3 + i, v if isinstance(v, str) else "-")  # cero como texto
                    else:
                        hoja.write_number(fila, 3 + i, v, numero)
            fila += 1
        fila += 1
        if p < len(paginas) - 1:
            hoja.write(fila, 2, "(-) Significa cero.")
            hoja.write(fila + 1, 2, "Ver notas al final del cuadro.")
            fila += 6
    for nota in ("(-) Significa cero.",
                 "Las cifras se refieren a eventos debido a que una misma persona pudo haber sido presentada o canalizada "
                 "en más de una ocasión.",
                 "1 Incluye a los nacidos en Puerto Rico.",
                 "2 Cifras en proceso de validación.",
                 "Información preliminar.",
                 "Fuente: Unidad de Política Migratoria, Registro e Identidad de Personas, SEGOB, con base en información "
                 "registrada en las oficinas del INM (CUADRO CONSTRUIDO PARA PRUEBAS, no publicado)."):
        hoja.write(fila, 2, nota)
        fila += 1
    libro.close()
    return destino


TITULO_313 = "3.1.3 Eventos de personas en situación migratoria irregular en México, por sexo y grupo de edad"
SEXOS_313 = {"male": "Hombres", "female": "Mujeres"}
# Grafías SUPUESTAS: la hoja 3.1.3 no se ha visto (las notas de diseño sólo dan las etiquetas inglesas de gdidata).
EDADES_313 = [("18+", "18 años y más"), ("12-17", "De 12 a 17 años"),
              ("under 12, accompanied", "Acompañados"), ("under 12, unaccompanied", "No acompañados")]
CSV_313 = RAIZ / "datos" / "crudos" / "tablas" / "upmrip_eventos_por_sexo_edad.csv"


def compilado_313() -> dict[int, dict[tuple[str, str, int], int]]:
    """{año: {(sex, age, mes): n}} del CSV incluido de sexo y edad."""
    salida: dict[int, dict] = defaultdict(dict)
    with CSV_313.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            anio, mes = (int(x) for x in r["t"].split("-"))
            salida[anio][(r["sex"], r["age"], mes)] = int(r["n"])
    return salida


def escribir_3_1_3(destino: Path, anio: int, datos: dict[tuple[str, str, int], int], desglose: bool | None = None,
                   alterar=None) -> Path:
    """Un libro 3.1.3 de `anio`: Total, cada sexo con sus grupos de edad y «Menores de 12 años» con sus dos renglones."""
    desglose = anio >= 2021 if desglose is None else desglose
    meses = sorted({m for *_, m in datos})
    def suma(*vectores: list) -> list:
        return [sum(c) for c in zip(*vectores)]

    lineas: list[tuple[str, list | None]] = []
    por_sexo = []
    for sex, sexo in SEXOS_313.items():
        hojas = {edad: _valores([datos.get((sex, edad, m), 0) for m in meses], desglose) for edad, _ in EDADES_313}
        menores = suma(hojas["under 12, accompanied"], hojas["under 12, unaccompanied"])
        por_sexo.append(suma(*hojas.values()))
        lineas += [(sexo, por_sexo[-1]), (EDADES_313[0][1], hojas["18+"]), (EDADES_313[1][1], hojas["12-17"]),
                   ("Menores de 12 años", menores), (EDADES_313[2][1], hojas["under 12, accompanied"]),
                   (EDADES_313[3][1], hojas["under 12, unaccompanied"]), ("", None)]
    lineas = [("Total", suma(*por_sexo)), ("", None)] + lineas
    if alterar:
        alterar(lineas)
    return _escribir(destino, TITULO_313, "Sexo y grupo de edad", anio, meses, desglose, lineas)


TITULO_324 = ("3.2.4 Eventos de personas extranjeras devueltas por México, según continente, país de nacionalidad y "
              "tipo de devolución")
# Subcolumnas SUPUESTAS (la hoja 3.2.4 no se ha visto: las notas de diseño sólo dicen «nacionalidad × tipo»).
TIPOS_324 = {"deportation": "Deportación", "assisted return": "Retorno asistido",
             "assisted return of children": "Retorno asistido de NNA 1"}
CSV_324 = RAIZ / "datos" / "crudos" / "tablas" / "upmrip_devoluciones_por_nacionalidad.csv"


def compilado_324() -> dict[int, dict[tuple[str, str, int], int]]:
    """{año: {(iso3, type, mes): n}} del CSV incluido de devoluciones."""
    salida: dict[int, dict] = defaultdict(dict)
    with CSV_324.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            anio, mes = (int(x) for x in r["t"].split("-"))
            salida[anio][(r["nat"], r["type"], mes)] = int(r["n"])
    return salida


def escribir_3_2_4(destino: Path, anio: int, datos: dict[tuple[str, str, int], int], mapa: dict[str, str],
                   alterar=None) -> Path:
    """Un libro 3.2.4 de `anio`: por mes, Deportación / Retorno asistido / Retorno asistido de NNA / Total."""
    meses = sorted({m for *_, m in datos})
    items = estructura(mapa)

    def valores_pais(iso3: str) -> list:
        fila = []
        for m in meses:
            tipos = [datos.get((iso3, t, m), 0) for t in TIPOS_324]
            fila += tipos + [sum(tipos)]
        return fila + [sum(fila[i::4]) for i in range(4)]

    lineas = _lineas_paises(items, valores_pais)
    if alterar:
        alterar(lineas)
    return _escribir(destino, TITULO_324, "Continente y país de nacionalidad", anio, meses, True, lineas,
                     (*TIPOS_324.values(), "Total"))


def mapa_grafias() -> dict[str, str]:
    import pandas as pd

    paises = pd.read_csv(RAIZ / "datos" / "crudos" / "catalogos" / "paises.csv", dtype=str, keep_default_na=False)
    return ub.grafias(RAIZ / "datos" / "crudos" / ub.GRAFIAS, paises)


def main() -> None:
    datos, mapa = compilado(), mapa_grafias()
    for anio in (2020, 2024, 2025):
        print(escribir_3_1_1(MUESTRAS / f"{anio}_cuadro3.1.1_.construido.xlsx", anio, datos[anio], mapa))
    print(escribir_3_1_3(MUESTRAS / "2025_cuadro3.1.3_.construido.xlsx", 2025, compilado_313()[2025]))
    print(escribir_3_2_4(MUESTRAS / "2025_cuadro3.2.4_.construido.xlsx", 2025, compilado_324()[2025], mapa))


if __name__ == "__main__":
    main()
