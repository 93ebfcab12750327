"""Exportaciones: PNG 1920×1080 con el texto dentro, CSV para Excel (BOM y celdas tipo fórmula
neutralizadas), paquete de datos Frictionless válido y modo presentación (AppTest)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import abrir, leer_csv
from streamlit.testing.v1 import AppTest

from tablero import graficos
from tablero.exportar import csv_excel, paquete, png
from tablero.textos import t

TITULO = "Eventos mensuales, México, 2024-01 – 2025-04"
SUBTITULO = "Encuentros y eventos · Tablero de Movilidad Humana"
FUENTE = "Fuente: Unidad de Política Migratoria (UPMRIP), Boletín Mensual, cuadro 3.1.1; consultado el 2026-11-21."
FECHA = "Datos extraídos del Tablero de Movilidad Humana el 2026-11-21 (versión de datos abc)."


def figura() -> go.Figure:
    fig = go.Figure(go.Scatter(x=["2024-01-01", "2024-02-01", "2024-03-01"], y=[113_000, 118_000, 117_500]))
    return graficos.aplicar(fig, "título de pantalla", "Fuente: de pantalla", 480)


# --------------------------------------------------------------------------- PNG

def test_figura_png_lleva_titulo_subtitulo_fuente_y_fecha():
    original = figura()
    antes = original.to_dict()
    fig = png.figura_png(original, TITULO, SUBTITULO, FUENTE, FECHA)
    assert original.to_dict() == antes, "la figura de la página no cambia"
    assert fig.layout.paper_bgcolor == "white" and fig.layout.plot_bgcolor == "white"
    assert TITULO.replace("–", "–") in fig.layout.title.text and SUBTITULO in fig.layout.title.text
    notas = {a.name: a.text for a in fig.layout.annotations}
    assert notas["fuente"].replace("<br>", " ") == FUENTE
    assert notas["extraccion"] == FECHA
    assert "de pantalla" not in json.dumps(fig.to_dict()), "la línea de fuente de pantalla se reemplaza"


def test_figura_png_escapa_html_de_los_datos():
    fig = png.figura_png(figura(), "<b>x</b><script>", "s", "<img src=x>", "f")
    assert "<script>" not in fig.layout.title.text and "&lt;script&gt;" in fig.layout.title.text
    assert "<img" not in {a.name: a.text for a in fig.layout.annotations}["fuente"]


def test_png_entrega_a_kaleido_la_figura_con_fuente_y_fecha(monkeypatch):
    """Sin depender del navegador: lo que recibe kaleido lleva el texto y pide 1920×1080."""
    import kaleido

    recibido = {}

    def falso(fig_dict, opts=None, **kwargs):
        recibido.update(fig=fig_dict, opts=opts, kopts=kwargs.get("kopts"))
        return b"\x89PNG\r\n\x1a\n"

    monkeypatch.setattr(kaleido, "calc_fig_sync", falso)
    monkeypatch.setattr(png, "chromium_disponible", lambda: "/usr/bin/chromium")
    png.png_bytes(figura(), TITULO, SUBTITULO, FUENTE, FECHA)
    textos = [a["text"] for a in recibido["fig"]["layout"]["annotations"]]
    assert FECHA in textos and any("UPMRIP" in t for t in textos)
    opts = recibido["opts"]
    assert (opts["width"] * opts["scale"], opts["height"] * opts["scale"]) == (1920, 1080)
    assert recibido["kopts"]["path"] == "/usr/bin/chromium"
    assert recibido["kopts"]["mathjax"] is False, "nada se pide a internet"


def test_png_es_un_png_real_de_1920x1080():
    assert png.chromium_disponible(), "falta Chromium: ejecute `bash scripts/entorno.sh` (lo instala con apt-get)"
    datos = png.png_bytes(figura(), TITULO, SUBTITULO, FUENTE, FECHA)
    assert datos[:8] == b"\x89PNG\r\n\x1a\n"
    assert datos[12:16] == b"IHDR"
    assert (int.from_bytes(datos[16:20], "big"), int.from_bytes(datos[20:24], "big")) == (1920, 1080)
    assert png.tamano_png(datos) == (1920, 1080)


def test_sin_chromium_png_explica_que_instalar(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/no/existe/chromium")
    assert png.chromium_disponible() is None
    with pytest.raises(png.ChromiumNoDisponible, match="apt-get install chromium"):
        png.png_bytes(figura(), TITULO, SUBTITULO, FUENTE, FECHA)


# --------------------------------------------------------------------------- CSV para Excel

def test_csv_excel_ida_y_vuelta_con_acentos_y_formulas_neutralizadas():
    df = pd.DataFrame({
        "entidad": ["Ciudad de México", "Nuevo León", "Yucatán", "Querétaro", "Michoacán", "Oaxaca", "Año"],
        "nota": ["=HYPERLINK(\"http://x\")", "+52 55", "-2+3", "@SUM(A1)", "\tcmd", "normal -3", None],
        "n": [1, -5, 0, 3_000_000, -1, 2, 7],
        "tasa": [-0.5, 1.25, -3.0, 0.0, 2.5, -7.75, 1.0],
    })
    datos = csv_excel.csv_excel(df)
    assert datos.startswith(b"\xef\xbb\xbf"), "UTF-8 con BOM"
    leido = pd.read_csv(io.BytesIO(datos), encoding="utf-8-sig", keep_default_na=False)
    assert list(leido.columns) == list(df.columns)
    assert list(leido["entidad"]) == list(df["entidad"]), "acentos intactos"
    assert list(leido["nota"][:5]) == ["'=HYPERLINK(\"http://x\")", "'+52 55", "'-2+3", "'@SUM(A1)", "'\tcmd"]
    assert leido["nota"][5] == "normal -3", "sólo se neutraliza el inicio de la celda"
    assert list(leido["n"]) == list(df["n"]), "los números (también negativos) no se tocan"
    assert list(leido["tasa"]) == list(df["tasa"])


def test_csv_excel_columna_mixta_y_fechas():
    df = pd.DataFrame({"x": [-3, "-3", "=1"], "mes": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])})
    leido = pd.read_csv(io.BytesIO(csv_excel.csv_excel(df)), encoding="utf-8-sig", dtype=str)
    assert list(leido["x"]) == ["-3", "'-3", "'=1"], "el número -3 queda igual; el texto «-3» se neutraliza"
    assert list(leido["mes"]) == ["2024-01-01", "2024-02-01", "2024-03-01"]


def test_csv_de_la_interfaz_es_el_de_excel(tablero, descargas):  # el botón pone las categorías del catálogo
    """El botón CSV de `componentes` entrega exactamente los bytes de `csv_excel` (BOM, fórmulas neutralizadas)."""
    def pagina():  # AppTest corre el texto de la función: la tabla se arma dentro
        import pandas as pd

        from tablero import componentes

        componentes.descarga(pd.DataFrame({"a": ["=1+1", "México"], "b": [-1, 2]}), "prueba", "prueba")

    df = pd.DataFrame({"a": ["=1+1", "México"], "b": [-1, 2]})

    at = AppTest.from_function(pagina).run()
    assert not at.exception, at.exception
    assert descargas.bytes(at, "csv_prueba") == csv_excel.csv_excel(df)
    assert list(leer_csv(descargas.bytes(at, "csv_prueba"))["a"]) == ["'=1+1", "México"]


# --------------------------------------------------------------------------- paquete de datos

@pytest.fixture(scope="module")
def paquete_extraido(parquet_sesion, tmp_path_factory) -> Path:
    destino = tmp_path_factory.mktemp("paquete")
    datos = paquete.paquete_datos_zip(parquet_sesion)
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        z.extractall(destino)
    return destino


def test_paquete_en_ingles_dice_sus_textos_fuentes_y_licencias_en_ingles(parquet_sesion, paquete_extraido):
    """El paquete pedido desde la página en inglés: descriptor y README.txt en inglés, con el título de cada tabla,
    la cita sugerida y la licencia de las fichas en inglés (las mismas tablas que en español)."""
    from tablero.textos import t

    with zipfile.ZipFile(io.BytesIO(paquete.paquete_datos_zip(parquet_sesion, "en"))) as z:
        descriptor = json.loads(z.read("datapackage.json"))
        leame = z.read("README.txt").decode("utf-8")
        assert "LEAME.txt" not in z.namelist()
    es = json.loads((paquete_extraido / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["title"] == t("paq_titulo", "en") != es["title"]
    assert descriptor["description"] == t("paq_descripcion", "en") and t("paq_leame_tablas", "en") in leame
    fuentes = pd.read_parquet(parquet_sesion / "fuentes.parquet")
    metas = pd.read_parquet(parquet_sesion / "tablas_meta.parquet").set_index("tabla")
    recursos = {r["name"]: r for r in descriptor["resources"]}
    assert [r["name"] for r in es["resources"]] == list(recursos)
    for nombre, r in recursos.items():
        assert r["title"] == (metas.at[nombre, "titulo_en"] or metas.at[nombre, "titulo"]), nombre
    titulos = {s["title"] for r in recursos.values() for s in r["sources"]}
    licencias = {lic["title"] for r in recursos.values() for lic in r["licenses"]}
    usadas = fuentes[fuentes["cita_sugerida_en"].isin(titulos)]
    assert not usadas.empty and not set(fuentes["cita_sugerida"]) - set(fuentes["cita_sugerida_en"]) & titulos
    assert set(usadas["licencia_en"]) <= licencias
    assert not (set(fuentes["licencia"]) - set(fuentes["licencia_en"])) & licencias


def test_paquete_en_ingles_describe_cada_campo_en_ingles(parquet_sesion):
    """Cada field del datapackage.json en inglés lleva la descripción y la unidad en inglés que publica campos_meta,
    nunca una descripción o unidad española de etl/esquemas.py."""
    from etl.esquemas import TABLAS

    with zipfile.ZipFile(io.BytesIO(paquete.paquete_datos_zip(parquet_sesion, "en"))) as z:
        descriptor = json.loads(z.read("datapackage.json"))
    import pyarrow.parquet as pq

    campos = {(f["tabla"], f["campo"]): f for f in pq.read_table(parquet_sesion / "campos_meta.parquet").to_pylist()}
    descripciones_es = {c.descripcion for tabla in TABLAS.values() for c in tabla.columnas}
    unidades_es = {c.unidad for tabla in TABLAS.values() for c in tabla.columnas if c.unidad}
    vistos = 0
    for r in descriptor["resources"]:
        for f in r["schema"]["fields"]:
            fila = campos[(r["name"], f["name"])]
            assert f["description"] == fila["descripcion_en"], (r["name"], f["name"])
            assert f["description"] not in descripciones_es, (r["name"], f["name"], f["description"])
            if fila["unidad"] is not None:
                assert f["unit"] == fila["unidad_en"] and f["unit"] not in unidades_es, (r["name"], f["name"], f["unit"])
            vistos += 1
    assert vistos == len(campos)


def test_paquete_de_datos_valida_con_frictionless(paquete_extraido):
    from frictionless import validate

    reporte = validate(str(paquete_extraido / "datapackage.json"))
    assert reporte.valid, reporte.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:20]


def test_paquete_describe_campos_fuentes_licencias_y_cita(paquete_extraido, parquet_sesion):
    paquete = paquete_extraido
    from etl.esquemas import TABLAS

    descriptor = json.loads((paquete / "datapackage.json").read_text(encoding="utf-8"))
    recursos = {r["name"]: r for r in descriptor["resources"]}
    publicadas = {p.stem for p in Path(parquet_sesion).glob("*.parquet")}
    assert set(recursos) == publicadas & set(TABLAS)
    for nombre, r in recursos.items():
        assert (paquete / r["path"]).is_file() and (paquete / r["parquet"]).is_file()
        assert r["sources"] and all(s["title"] for s in r["sources"]), nombre
        assert r["licenses"] and all(lic.get("name") and lic.get("title") for lic in r["licenses"]), nombre
        assert r["citation"], nombre
        for campo, col in zip(r["schema"]["fields"], TABLAS[nombre].columnas):
            assert campo["name"] == col.nombre and campo["description"], (nombre, campo["name"])
            if col.unidad:
                assert campo["unit"] == col.unidad
    eventos = recursos["eventos_nacionalidad"]
    assert any("UPMRIP" in s["title"] for s in eventos["sources"])
    # CSV y Parquet dicen lo mismo
    csv = pd.read_csv(paquete / eventos["path"], encoding="utf-8-sig")
    pq = pd.read_parquet(paquete / eventos["parquet"])
    assert len(csv) == len(pq) == eventos["rows"]
    assert csv["n"].sum() == pq["n"].sum()
    # textos que Excel tomaría por fórmula: apóstrofo en el CSV, valor exacto en el Parquet
    docs = recursos["documentos"]
    texto_csv = pd.read_csv(paquete / docs["path"], encoding="utf-8-sig")["texto"]
    texto_pq = pd.read_parquet(paquete / docs["parquet"])["texto"]
    for c, p in zip(texto_csv, texto_pq):
        assert c == (csv_excel.neutralizar(p)) and not c.startswith(csv_excel.PREFIJOS_FORMULA)


# --------------------------------------------------------------------------- modo presentación (AppTest)

def _css(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_modo_presentacion_por_url(tablero):
    at = abrir("encuentros", presentacion="1")
    assert not at.exception, at.exception
    css = _css(at)
    assert '[data-testid="stSidebar"]' in css and "display: none" in css and "16 / 9" in css
    assert at.query_params["presentacion"] in ("1", ["1"])
    assert at.toggle(key="w_presentacion").value is True
    assert at.get("plotly_chart"), "las gráficas siguen"
    # sin controles de descarga en las diapositivas; sólo, al final, la presentación (.pptx) de la vista
    assert [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")] == ["presentacion_pptx"]
    # salir: el interruptor quita el CSS y el parámetro
    at.toggle(key="w_presentacion").set_value(False).run()
    assert '[data-testid="stSidebar"]' not in _css(at)
    assert "presentacion" not in at.query_params
    assert at.get("download_button")


def test_interruptor_escribe_presentacion_en_la_url(tablero):
    at = abrir("panorama")
    assert "presentacion" not in at.query_params and "stSidebar" not in _css(at)
    at.toggle(key="w_presentacion").set_value(True).run()
    assert at.query_params["presentacion"] in ("1", ["1"])
    assert '[data-testid="stSidebar"]' in _css(at)


def test_boton_png_sin_chromium_explica_que_instalar(tablero, monkeypatch):
    monkeypatch.setattr(png, "chromium_disponible", lambda: None)
    at = abrir("vacantes")
    assert not at.exception, at.exception
    assert t("png_sin_chromium", "es") in [m.value for m in at.markdown]
    etiquetas = [b.proto.label for b in at.get("download_button")]
    assert t("png_boton", "es") not in etiquetas
    assert t("descargar_mostrados", "es") in etiquetas and t("descargar_completos", "es") in etiquetas


def test_cada_grafica_ofrece_png_y_dos_csv(tablero, monkeypatch):
    monkeypatch.setattr(png, "chromium_disponible", lambda: "/usr/bin/chromium")
    at = abrir("encuentros")
    etiquetas = [b.proto.label for b in at.get("download_button")]
    n = len(at.get("plotly_chart"))
    assert n and all(etiquetas.count(t(e, "es")) == n for e in ("png_boton", "descargar_mostrados", "descargar_completos"))


def test_leyenda_de_nombres_largos_reserva_un_renglon_por_nombre_en_dos_columnas():
    """plotly.js pone la leyenda horizontal en rejilla con el ancho del nombre más largo cuando no cabe en un
    renglón: con cuatro nombres largos en media pantalla va uno por renglón, y el margen de arriba lo reserva
    (antes se calculaba como texto corrido y la leyenda tapaba el título)."""
    nombres = ["12 a 17 años", "18 años o más", "Menores de 12, acompañados", "Menores de 12, no acompañados"]

    def margen(trazas: list[str], columnas: int) -> int:
        fig = go.Figure([go.Scatter(x=[1, 2], y=[1, 2], name=n) for n in trazas])
        return graficos.aplicar(fig, "título", "fuente", 480, columnas).layout.margin.t

    una = margen(nombres[:1], 2)
    assert margen(nombres, 2) - una >= 3 * 20  # cuatro renglones de leyenda: tres más que uno
    assert margen(nombres[:2], 1) == una  # cortos y en pantalla completa: un renglón
