"""«Presentación (.pptx)» de la vista (`tablero/exportar/presentacion.py`): se lee de vuelta con python-pptx, trae
portada + una diapositiva por gráfica y por grupo de tarjetas + cierre, las gráficas de líneas y barras son nativas
con los mismos valores que la figura de la página, y lleva versión, filtros, fuentes y notas.

La conversión con LibreOffice y la revisión de las páginas dibujadas no son parte de la suite (LibreOffice no se
instala en el CI): ver el reporte del banco.
"""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots
from pptx import Presentation

from tablero.exportar import presentacion
from tablero.textos import t
from tests.conftest import abrir, grafica, valores

PNG_CONSTRUIDO = b"\x89PNG\r\n\x1a\n"  # no se dibuja: la prueba sólo cuenta la imagen en su diapositiva


@pytest.fixture
def sin_chromium_lento(monkeypatch):
    """El PNG de las gráficas no nativas lo hace kaleido con Chromium (segundos; probado en test_exportar): aquí
    se cambia por una imagen pequeña real para contar que va su imagen donde no cabe una gráfica nativa."""
    import base64
    pixel = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    monkeypatch.setattr(presentacion, "png_de", lambda g, vista: pixel)


def _deck(at, descargas) -> Presentation:
    assert not at.exception
    contenido = descargas.bytes(at, "presentacion_pptx")
    assert contenido[:2] == b"PK"
    return Presentation(io.BytesIO(contenido))


def _rejillas(at) -> int:
    return sum("<div class='tarjetas tarjetas-" in h.proto.body for h in at.get("html"))


def _texto(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_encuentros_graficas_nativas_con_los_valores_de_la_pagina(tablero, descargas):
    at = abrir("encuentros")
    prs = _deck(at, descargas)
    n_graficas, n_rejillas = len(at.get("plotly_chart")), _rejillas(at)
    assert n_graficas >= 2 and n_rejillas >= 1
    assert len(prs.slides) == n_graficas + n_rejillas + 2
    diapositivas = list(prs.slides)
    portada, cierre = _texto(diapositivas[0]), _texto(diapositivas[-1])
    version = tablero.resolve().name
    assert t("pag_encuentros", "es") in portada and version in portada and t("pres_filtros", "es") in portada
    assert t("pres_fuentes_licencias", "es") in cierre and t("pres_licencia", "es") in cierre
    # La gráfica mensual: nativa, con los valores y el color de la figura que recibe el navegador.
    fig = grafica(at, "graf_mensual")
    con_grafica = [s for s in diapositivas if any(sh.has_chart for sh in s.shapes)]
    assert len(con_grafica) == n_graficas
    primera = next(sh.chart for sh in con_grafica[0].shapes if sh.has_chart)
    serie = primera.plots[0].series[0]
    assert [v for v in serie.values] == pytest.approx(valores(fig["data"][0]["y"]))
    assert str(serie.format.line.color.rgb) == fig["data"][0]["line"]["color"].lstrip("#").upper()
    assert fig["layout"]["title"]["text"].replace("<b>", "").replace("</b>", "").replace("<br>", " ")[:40] \
        in _texto(con_grafica[0]).replace("\n", " ")
    for s in con_grafica:  # pie con versión y notas con la descripción (texto alternativo)
        assert version in _texto(s) and s.notes_slide.notes_text_frame.text.strip()
    assert next(sh for sh in con_grafica[0].shapes if sh.has_chart).chart.value_axis.tick_labels.number_format == "#,##0"


def test_paginas_con_graficas_no_nativas_llevan_su_imagen(tablero, descargas, sin_chromium_lento):
    """Refugio (rangos como barras con base) y Territorio (mapa): imagen; el conteo sigue siendo el mismo."""
    for pagina in ("refugio_empleo", "territorio"):
        at = abrir(pagina)
        prs = _deck(at, descargas)
        n_graficas, n_rejillas = len(at.get("plotly_chart")), _rejillas(at)
        assert len(prs.slides) == n_graficas + n_rejillas + 2, pagina
        imagenes = sum(sh.shape_type == 13 for s in prs.slides for sh in s.shapes)
        nativas = sum(sh.has_chart for s in prs.slides for sh in s.shapes)
        assert imagenes + nativas == n_graficas and imagenes >= 1, pagina


def test_en_ingles_y_en_modo_presentacion(tablero, descargas):
    at = abrir("encuentros", idioma="en", presentacion="1")
    prs = _deck(at, descargas)
    assert len(prs.slides) == len(at.get("plotly_chart")) + _rejillas(at) + 2
    portada = _texto(list(prs.slides)[0])
    assert t("pag_encuentros", "en") in portada and "Data version" in portada
    # el cierre dice cita y licencia de cada tabla con el inglés de su ficha, nunca el español
    cierre = " ".join(_texto(list(prs.slides)[-1]).split())
    fuentes = pd.read_parquet(tablero / "fuentes.parquet")
    en = [c for c in fuentes["cita_sugerida_en"] if " ".join(c.split()) in cierre]
    assert en, "el cierre no trae ninguna cita sugerida en inglés"
    assert not [c for c in fuentes["cita_sugerida"] if c not in set(fuentes["cita_sugerida_en"]) and " ".join(c.split()) in cierre]
    assert not [lic for lic in set(fuentes["licencia"]) - set(fuentes["licencia_en"]) if f": {lic}" in cierre]


def test_nativa_segun_el_tipo_de_figura():
    meses = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
    lineas = go.Figure([go.Scatter(x=meses, y=[1, 2, 3], name="A", line_color="#E69F00", mode="lines"),
                        go.Scatter(x=meses[1:], y=[5.5, 6], name="B", mode="lines")])
    n = presentacion.nativa(lineas)
    assert n.tipo == "linea" and n.categorias == ["2024-01", "2024-02", "2024-03"]
    assert n.series[0] == ("A", [1, 2, 3], "E69F00") and n.series[1][1] == [None, 5.5, 6]
    assert n.formato == "#,##0.0"
    apiladas = go.Figure([go.Bar(x=["x", "y"], y=[1, 2]), go.Bar(x=["x", "y"], y=[3, 4])]).update_layout(barmode="stack")
    assert (presentacion.nativa(apiladas).tipo, presentacion.nativa(apiladas).apilada) == ("barra", True)
    area = go.Figure(go.Scatter(x=[2020, 2021], y=[1, 2], fill="tozeroy", mode="lines"))
    assert presentacion.nativa(area).tipo == "area" and presentacion.nativa(area).categorias == ["2020", "2021"]
    assert presentacion.nativa(go.Figure(go.Bar(y=["a"], x=[2], base=[1], orientation="h"))) is None  # rango
    assert presentacion.nativa(lineas.update_yaxes(type="log")) is None
    multiples = make_subplots(rows=1, cols=2).add_trace(go.Scatter(x=[1], y=[1]), 1, 1).add_trace(go.Scatter(x=[1], y=[2]), 1, 2)
    assert presentacion.nativa(multiples) is None
    banda = go.Figure([go.Scatter(x=[1, 2], y=[1, 2]), go.Scatter(x=[1, 2], y=[2, 3], fill="tonexty")])
    assert presentacion.nativa(banda) is None
