"""Presentación (.pptx) de la vista abierta: portada, una diapositiva por gráfica, una por grupo de tarjetas y cierre.

Se arma con python-pptx de lo mismo que dibujó la página (las figuras terminadas y las tarjetas que juntó
`componentes` durante la ejecución, ver `componentes.vista_presentacion`): no hay otro camino a los datos.
Cada gráfica de líneas, barras o áreas va como gráfica nativa de PowerPoint (editable, con los mismos colores
y números con coma de miles y punto decimal, como es-MX y en); las demás (pequeños múltiplos, rangos, bandas,
escala logarítmica, mapas) van como el PNG 1920×1080 de `exportar.png`. Cada diapositiva lleva al pie la fuente,
la versión de los datos y el último periodo, y la dirección de la vista; las notas del orador llevan la
descripción de la gráfica (su texto alternativo) y sus advertencias.

Sin Streamlit: recibe una `Vista` con todo capturado (idioma incluido) y devuelve bytes, así el botón de
descarga la arma en otro hilo sólo cuando alguien lo pulsa.
"""

from __future__ import annotations

import io
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from tablero.textos import t

ANCHO_IN, ALTO_IN = 13.333, 7.5
GRIS = "52606D"
AZUL = "0072B2"
PALETA = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")
_PNG: dict[tuple, bytes] = {}  # PNG de una figura por (versión, idioma, título, huella de la figura)
_CANDADO_PNG = threading.Lock()


@dataclass
class Grafica:
    """Una gráfica dibujada: la figura terminada (no se modifica), su título, fuente, descripción y datos."""
    figura: object
    titulo: str
    fuente: str
    descripcion: str = ""
    subtitulo: str = ""
    advertencias: list[str] = field(default_factory=list)
    ultimo_periodo: str = ""
    fuentes: list[tuple[str, str]] = field(default_factory=list)  # (institución, cuadro) de sus renglones


@dataclass
class GrupoTarjetas:
    tarjetas: list  # tablero.tarjetas.Tarjeta


@dataclass
class Vista:
    """Lo que hace falta para armar la presentación de una ejecución de una página."""
    idioma: str
    titulo: str
    version: str
    url: str = ""
    filtros: list[tuple[str, str]] = field(default_factory=list)
    piezas: list[Grafica | GrupoTarjetas] = field(default_factory=list)
    licencias: list[dict] = field(default_factory=list)  # renglones de `fuentes_catalogo`
    fecha: str = field(default_factory=lambda: date.today().isoformat())

    @property
    def graficas(self) -> list[Grafica]:
        return [p for p in self.piezas if isinstance(p, Grafica)]

    @property
    def grupos(self) -> list[GrupoTarjetas]:
        return [p for p in self.piezas if isinstance(p, GrupoTarjetas)]


# --------------------------------------------------------------------------- datos de una figura

def categoria_x(v) -> str:
    """Un valor del eje x como etiqueta de categoría: meses AAAA-MM, fechas AAAA-MM-DD, años sin decimales."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (pd.Timestamp, date)):
        v = v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    texto = str(v)
    m = _ISO.match(texto)
    if m:
        return f"{m.group(1)}-{m.group(2)}" if m.group(3) == "01" else f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return texto


def _numero(v) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def _color(traza, i: int) -> str:
    for candidato in (getattr(getattr(traza, "line", None), "color", None),
                      getattr(getattr(traza, "marker", None), "color", None)):
        if isinstance(candidato, str) and _HEX.match(candidato):
            return _HEX.match(candidato).group(1).upper()
    return PALETA[i % len(PALETA)].lstrip("#")


@dataclass
class Nativa:
    """Una figura como gráfica nativa: tipo, categorías, series (nombre, valores, color) y formato de número."""
    tipo: str  # linea | area | barra | barra_h
    apilada: bool
    categorias: list[str]
    series: list[tuple[str, list[float | None], str]]
    formato: str
    eje: str = ""


def nativa(fig) -> Nativa | None:
    """La figura como gráfica nativa de PowerPoint, o None si el tipo no lo permite sin cambiar lo que dice
    (pequeños múltiplos, barras con base —rangos—, bandas entre líneas, escala log, mapas, sólo puntos)."""
    trazas = list(fig.data)
    if not trazas:
        return None
    layout = fig.layout
    if getattr(layout.yaxis, "type", None) == "log" or getattr(layout.xaxis, "type", None) == "log":
        return None
    tipos = set()
    for tr in trazas:
        if tr.type not in ("scatter", "bar") or (tr.xaxis or "x") != "x" or (tr.yaxis or "y") != "y":
            return None
        if tr.type == "bar":
            if tr.base is not None:
                return None
            tipos.add("barra_h" if tr.orientation == "h" else "barra")
        else:
            if tr.fill in ("tonexty", "tonextx", "toself", "tonext"):
                return None
            if tr.mode and "lines" not in tr.mode:
                return None
            tipos.add("area" if tr.fill == "tozeroy" else "linea")
    if len(tipos) != 1:
        return None
    tipo = tipos.pop()
    horizontal = tipo == "barra_h"
    # categorías: la unión de los valores de cada traza, en orden (fechas y números ordenados)
    pares = []
    for tr in trazas:
        xs, ys = (tr.y, tr.x) if horizontal else (tr.x, tr.y)
        if xs is None or ys is None:
            return None
        pares.append(([categoria_x(v) for v in xs], [_numero(v) for v in ys]))
    categorias = list(dict.fromkeys(c for xs, _ in pares for c in xs))
    if not categorias or len(categorias) > 400:
        return None
    if all(_ISO.match(c) or c.isdigit() for c in categorias):
        categorias.sort()
    series = []
    for i, (tr, (xs, ys)) in enumerate(zip(trazas, pares)):
        por_x = dict(zip(xs, ys))
        series.append((str(tr.name or i + 1), [por_x.get(c) for c in categorias], _color(tr, i)))
    valores = [v for _, vs, _ in series for v in vs if v is not None]
    decimales = any(not float(v).is_integer() for v in valores)
    sufijo = getattr(layout.yaxis, "ticksuffix", None) or ""
    formato = ("#,##0.0" if decimales else "#,##0") + ('"%"' if sufijo == "%" else "")
    eje = getattr(getattr(layout.xaxis if horizontal else layout.yaxis, "title", None), "text", None) or ""
    return Nativa(tipo, (layout.barmode or "") in ("stack", "relative"), categorias if not horizontal else categorias,
                  series, formato, re.sub(r"<[^>]+>", "", str(eje)))


# --------------------------------------------------------------------------- diapositivas

def _rgb(hexa: str):
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hexa)


def _texto(slide, x, y, ancho, alto, renglones, tamano=14, negritas=False, color="1F2933"):
    from pptx.util import Inches, Pt

    caja = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(ancho), Inches(alto))
    marco = caja.text_frame
    marco.word_wrap = True
    for i, renglon in enumerate([renglones] if isinstance(renglones, str) else renglones):
        p = marco.paragraphs[0] if i == 0 else marco.add_paragraph()
        r = p.add_run()
        r.text = str(renglon)
        r.font.size = Pt(tamano)
        r.font.bold = negritas
        r.font.color.rgb = _rgb(color)
    return caja


def _pie(slide, vista: Vista, fuente: str, ultimo: str) -> None:
    partes = [t("pres_version", vista.idioma, version=vista.version)]
    if ultimo:
        partes.append(t("pres_ultimo_periodo", vista.idioma, periodo=ultimo))
    renglones = [fuente[:600]] if fuente else []
    renglones.append(" · ".join(partes))
    if vista.url:
        renglones.append(vista.url)
    _texto(slide, 0.4, 6.45, ANCHO_IN - 0.8, 0.95, renglones, tamano=9, color=GRIS)


def _notas(slide, renglones: list[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n\n".join(r for r in renglones if r)


def _grafica_nativa(slide, n: Nativa, x, y, ancho, alto, idioma: str) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    tipos = {("linea", False): XL_CHART_TYPE.LINE, ("linea", True): XL_CHART_TYPE.LINE,
             ("area", False): XL_CHART_TYPE.AREA, ("area", True): XL_CHART_TYPE.AREA_STACKED,
             ("barra", False): XL_CHART_TYPE.COLUMN_CLUSTERED, ("barra", True): XL_CHART_TYPE.COLUMN_STACKED,
             ("barra_h", False): XL_CHART_TYPE.BAR_CLUSTERED, ("barra_h", True): XL_CHART_TYPE.BAR_STACKED}
    datos = CategoryChartData(number_format=n.formato)
    datos.categories = n.categorias
    for nombre, valores, _ in n.series:
        datos.add_series(nombre, valores)
    marco = slide.shapes.add_chart(tipos[(n.tipo, n.apilada)], Inches(x), Inches(y), Inches(ancho), Inches(alto), datos)
    chart = marco.chart
    chart.font.size = Pt(11)
    chart.has_title = False  # el título va en la diapositiva, como en la página
    chart.has_legend = len(n.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    eje_v = chart.value_axis
    eje_v.tick_labels.number_format = n.formato
    eje_v.tick_labels.number_format_is_linked = False
    eje_v.has_major_gridlines = True
    if n.eje:
        eje_v.has_title = True
        eje_v.axis_title.text_frame.text = n.eje
        eje_v.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
    if n.tipo == "barra_h":
        chart.category_axis.reverse_order = True  # el primero arriba, como en la página
    for serie, (_, _, color) in zip(chart.plots[0].series, n.series):
        if n.tipo == "linea":
            serie.format.line.color.rgb = _rgb(color)
            serie.format.line.width = Pt(2.25)
            serie.smooth = False
            from pptx.enum.chart import XL_MARKER_STYLE
            serie.marker.style = XL_MARKER_STYLE.NONE
        else:
            serie.format.fill.solid()
            serie.format.fill.fore_color.rgb = _rgb(color)


def png_de(g: Grafica, vista: Vista) -> bytes | None:
    """El PNG 1920×1080 de la gráfica (kaleido + Chromium), guardado por figura; None sin Chromium."""
    from tablero.exportar import png

    if not png.chromium_disponible():
        return None
    import hashlib

    clave = (vista.version, vista.idioma, g.titulo, hashlib.sha256(g.figura.to_json().encode()).hexdigest())
    with _CANDADO_PNG:
        if clave in _PNG:
            return _PNG[clave]
    extraccion = t("png_extraccion", vista.idioma, fecha=vista.fecha, version=vista.version)
    imagen = png.png_bytes(g.figura, g.titulo, g.subtitulo or vista.titulo, g.fuente, extraccion)
    with _CANDADO_PNG:
        if len(_PNG) > 64:
            _PNG.clear()
        _PNG[clave] = imagen
    return imagen


def _diapositiva_grafica(prs, vista: Vista, g: Grafica) -> None:
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _texto(slide, 0.4, 0.25, ANCHO_IN - 0.8, 0.9, g.titulo, tamano=22, negritas=True)
    n = nativa(g.figura)
    if n is not None:
        _grafica_nativa(slide, n, 0.4, 1.15, ANCHO_IN - 0.8, 5.2, vista.idioma)
    else:
        imagen = png_de(g, vista)
        if imagen:
            # 16:9 dentro del área útil (la imagen ya lleva su título y fuente)
            alto = 5.2
            ancho = alto * 16 / 9
            slide.shapes.add_picture(io.BytesIO(imagen), Inches((ANCHO_IN - ancho) / 2), Inches(1.15), Inches(ancho), Inches(alto))
        else:
            _texto(slide, 0.6, 1.6, ANCHO_IN - 1.2, 4.0, [t("pres_sin_imagen", vista.idioma), g.descripcion], tamano=16)
    _pie(slide, vista, g.fuente, g.ultimo_periodo)
    _notas(slide, [g.descripcion or g.titulo, *g.advertencias])


def _diapositiva_tarjetas(prs, vista: Vista, grupo: GrupoTarjetas) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _texto(slide, 0.4, 0.25, ANCHO_IN - 0.8, 0.7, t("pres_cifras", vista.idioma), tamano=22, negritas=True)
    tarjetas = grupo.tarjetas
    n = len(tarjetas)
    columnas = 1 if n == 1 else 2 if n <= 4 else 3 if n <= 9 else 4
    filas = max(1, math.ceil(n / columnas))
    ancho = (ANCHO_IN - 0.8 - 0.2 * (columnas - 1)) / columnas
    alto = (5.3 - 0.15 * (filas - 1)) / filas
    escala = 1.0 if filas <= 2 else 0.8 if filas == 3 else 0.65
    notas, fuentes = [], []
    for i, tj in enumerate(tarjetas):
        x = 0.4 + (i % columnas) * (ancho + 0.2)
        y = 1.05 + (i // columnas) * (alto + 0.15)
        renglones_fuente = [f"{k}: {v}" for f in tj.fuentes[:1] for k, v in f.renglones if v and k]
        encabezado = [tj.encabezado] if tj.encabezado else []
        caja = _texto(slide, x, y, ancho, alto, encabezado + [tj.etiqueta] if tj.etiqueta else encabezado or [""],
                      tamano=round(12 * escala), color=GRIS, negritas=bool(encabezado and not tj.etiqueta))
        marco = caja.text_frame
        from pptx.util import Pt
        for texto_, tam, negr, color in ([(tj.valor, round(26 * escala), True, AZUL)] * bool(tj.valor)
                                         + [(p, round(10 * escala), False, "1F2933") for p in tj.pie if p]
                                         + [(f"{a}: {b}", round(9 * escala), False, "1F2933") for a, b in tj.pie_con_titulo[:2]]
                                         + [(" · ".join(renglones_fuente[:3]), round(8 * escala), False, GRIS)]):
            p = marco.add_paragraph()
            r = p.add_run()
            r.text = str(texto_)[:400]
            r.font.size, r.font.bold = Pt(tam), negr
            r.font.color.rgb = _rgb(color)
        for f in tj.fuentes:
            notas.append(f"{tj.etiqueta or tj.encabezado}: {tj.valor} — «{f.cita}» ({'; '.join(f'{k}: {v}' for k, v in f.renglones if v)})")
            fuentes.extend(v for k, v in f.renglones[:1] if v)
    documentos = "; ".join(dict.fromkeys(fuentes))[:500]
    _pie(slide, vista, t("pres_fuente_documentos", vista.idioma, documentos=documentos) if documentos else "", "")
    _notas(slide, notas)


def _portada(prs, vista: Vista) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _texto(slide, 0.8, 1.6, ANCHO_IN - 1.6, 0.8, t("app_titulo", vista.idioma), tamano=20, color=GRIS)
    _texto(slide, 0.8, 2.3, ANCHO_IN - 1.6, 1.2, vista.titulo, tamano=40, negritas=True)
    renglones = [t("pres_fecha", vista.idioma, fecha=vista.fecha), t("pres_version", vista.idioma, version=vista.version)]
    if vista.filtros:
        renglones.append(t("pres_filtros", vista.idioma) + " " + " · ".join(f"{a}: {b}" if b else a for a, b in vista.filtros))
    if vista.url:
        renglones.append(vista.url)
    _texto(slide, 0.8, 3.8, ANCHO_IN - 1.6, 2.6, renglones, tamano=16, color=GRIS)
    _notas(slide, [t("pres_nota_portada", vista.idioma, graficas=len(vista.graficas), grupos=len(vista.grupos))])


def _cierre(prs, vista: Vista) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _texto(slide, 0.4, 0.25, ANCHO_IN - 0.8, 0.7, t("pres_fuentes_licencias", vista.idioma), tamano=22, negritas=True)
    usadas = {par for g in vista.graficas for par in g.fuentes}
    renglones = []
    for f in vista.licencias:
        if (f.get("productor"), f.get("tabla")) in usadas:
            en = vista.idioma == "en"  # la ficha trae cita y licencia en los dos idiomas
            cita = (f.get("cita_sugerida_en") if en else None) or f.get("cita_sugerida")
            licencia = (f.get("licencia_en") if en else None) or f.get("licencia")
            renglones.append(f"{cita} — {t('pres_licencia', vista.idioma)}: {licencia}")
    renglones = list(dict.fromkeys(renglones))
    if not renglones:  # sin pares reconocidos: las líneas de fuente de las gráficas tal como van en ellas
        renglones = list(dict.fromkeys(g.fuente for g in vista.graficas if g.fuente))
    if vista.grupos:
        renglones.append(t("pres_licencia_documentos", vista.idioma))
    renglones.append(t("pres_cita_tablero", vista.idioma, version=vista.version))
    tamano = 12 if len(renglones) <= 8 else 10 if len(renglones) <= 12 else 8
    _texto(slide, 0.4, 1.05, ANCHO_IN - 0.8, 5.3, renglones, tamano=tamano)
    _pie(slide, vista, "", "")
    _notas(slide, renglones)


def presentacion_pptx(vista: Vista) -> bytes:
    """La presentación de la vista: portada + una diapositiva por gráfica y por grupo de tarjetas + cierre."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(ANCHO_IN), Inches(ALTO_IN)
    prs.core_properties.title = vista.titulo
    prs.core_properties.subject = t("app_titulo", vista.idioma)
    prs.core_properties.language = "es-MX" if vista.idioma == "es" else "en-US"
    _portada(prs, vista)
    for pieza in vista.piezas:
        if isinstance(pieza, Grafica):
            _diapositiva_grafica(prs, vista, pieza)
        else:
            _diapositiva_tarjetas(prs, vista, pieza)
    _cierre(prs, vista)
    salida = io.BytesIO()
    prs.save(salida)
    return salida.getvalue()
