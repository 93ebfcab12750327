"""Cada valor dice su «vintage»: la línea de fuente de cada gráfica nombra el archivo del que salen sus valores y su
fecha (la de consulta de una tabla oficial, la del documento de una cifra citada), y el CSV de lo mostrado lleva el
archivo y la fecha en sus columnas.

Se recorren todas las gráficas de todas las páginas (Encuentros y Proyecciones, pestaña por pestaña). Los archivos y
sus fechas salen de las tablas publicadas `fuentes` y `documentos`, no se escriben aquí.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import abrir, abrir_secciones, graficas, tabla_parquet

PAGINAS = ["encuentros", "refugio_empleo", "imss", "vacantes", "territorio", "cambios", "proyecciones"]


def _abrir(pagina: str, idioma: str | None = None):
    if pagina == "encuentros":
        return list(abrir_secciones("encuentros", **({"idioma": idioma} if idioma else {})))
    if pagina == "proyecciones":
        primera = abrir("proyecciones", idioma=idioma)
        return [primera, abrir("proyecciones", idioma=idioma, seccion="puntaje")]
    return [abrir(pagina, idioma=idioma)]


def _lineas(at) -> list[tuple[str, str]]:
    salida = []
    for g in graficas(at):
        titulo = re.sub(r"<[^>]+>", " ", str(g["layout"].get("title", {}).get("text", "")))
        fuente = [a["text"] for a in g["layout"].get("annotations", []) if a.get("name") == "fuente"]
        assert fuente, f"gráfica sin línea de fuente: {titulo}"
        salida.append((titulo, re.sub(r"\s+", " ", " ".join(fuente).replace("<br>", " "))))
    return salida


@pytest.fixture(scope="module")
def archivos(parquet_sesion) -> tuple[dict[str, str], dict[str, str]]:
    """{archivo de tabla: fecha de consulta} y {archivo de documento: fecha del documento}, de lo publicado."""
    fuentes = tabla_parquet(parquet_sesion, "fuentes")
    tablas = {f: str(d)[:10] for f, d in zip(fuentes["fuente_id"], fuentes["fecha_acceso"])}
    docs = tabla_parquet(parquet_sesion, "documentos")
    return tablas, {a: str(f) for a, f in zip(docs["archivo"], docs["fecha_publicacion"])}


@pytest.mark.parametrize("pagina", PAGINAS)
def test_cada_linea_de_fuente_nombra_archivo_y_fecha(pagina, tablero, archivos):
    tablas, documentos = archivos
    lineas = [linea for at in _abrir(pagina) for linea in _lineas(at)]
    assert lineas, f"{pagina}: ninguna gráfica"
    for titulo, linea in lineas:
        de_tablas = [a for a in tablas if a in linea]
        de_documentos = [a for a in documentos if a in linea]
        assert de_tablas or de_documentos, f"{pagina} «{titulo}»: la fuente no nombra ningún archivo: {linea}"
        for archivo in de_tablas:  # cada archivo con SU fecha de consulta, pegada a su nombre
            assert re.search(re.escape(archivo) + r"\)?,? \(?consultad[oa] el " + re.escape(tablas[archivo]), linea), \
                f"{pagina} «{titulo}»: {archivo} sin su fecha de consulta {tablas[archivo]}: {linea}"
        for archivo in de_documentos:
            assert f"({archivo}), {documentos[archivo]}" in linea, f"{pagina} «{titulo}»: {archivo} sin su fecha: {linea}"


def test_en_ingles_la_linea_dice_archivo_y_fecha_de_consulta(tablero, archivos):
    tablas, _ = archivos
    lineas = [linea for at in _abrir("territorio", "en") + _abrir("refugio_empleo", "en") for _, linea in _lineas(at)]
    nombradas = [(a, linea) for _, linea in [("", x) for x in lineas] for a in tablas if a in linea]
    assert nombradas
    for archivo, linea in nombradas:
        assert f"{archivo}, accessed {tablas[archivo]}" in linea, linea


def test_el_mapa_dice_la_antiguedad_del_periodo(tablero):
    """Como las demás gráficas de tablas oficiales: «último trimestre: …, hace N meses» (issue 24)."""
    (at,) = _abrir("territorio")
    ((_, linea),) = _lineas(at)
    assert re.search(r"último trimestre: \d{4}-T[1-4], hace \d+ meses", linea), linea
    (en,) = _abrir("territorio", "en")
    ((_, linea_en),) = _lineas(en)
    assert re.search(r"latest quarter: \d{4}-Q[1-4], \d+ months ago", linea_en), linea_en


@pytest.mark.parametrize("pagina", ["encuentros", "refugio_empleo", "imss", "proyecciones"])
def test_el_csv_de_cada_grafica_lleva_archivo_y_fecha(pagina, tablero, descargas, archivos):
    tablas, documentos = archivos
    revisados = 0
    for at in _abrir(pagina):
        for boton in descargas.botones(at):
            if not boton["clave"].startswith("csv_") or boton["clave"].endswith("_completos"):
                continue
            if not any(g.proto.id.endswith(f"-graf_{boton['clave'][4:]}") for g in at.get("plotly_chart")):
                continue  # un CSV que no es de una gráfica (tablas de cifras, puntajes)
            csv = descargas.csv(at, boton["clave"])
            columna = "fuente_id" if "fuente_id" in csv else "documento_tabla"
            assert columna in csv and "fecha" in csv, f"{boton['clave']}: columnas {list(csv.columns)}"
            for archivo, fecha in zip(csv[columna], csv["fecha"]):
                esperado = tablas.get(archivo, documentos.get(archivo))
                assert esperado is not None, f"{boton['clave']}: {archivo!r} no es un archivo publicado"
                assert fecha == esperado, f"{boton['clave']}: {archivo} con fecha {fecha}, no {esperado}"
            revisados += 1
    assert revisados, f"{pagina}: ningún CSV de gráfica revisado"
