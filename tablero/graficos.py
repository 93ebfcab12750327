"""Un solo tema de Plotly para todo el tablero, con la fuente dibujada dentro de la figura.

La línea de fuente es una anotación de la propia figura (no un texto de Streamlit) para que una
captura de pantalla o el PNG de la barra de Plotly la lleven consigo. Paleta Okabe–Ito, apta para
daltonismo; separadores es-MX (punto decimal, coma de miles).
"""

from __future__ import annotations

import html
import re
import textwrap

import plotly.graph_objects as go

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
ALTO = 480
ANCHO_PNG = 1200
MARGEN_SUP = 84
MARGEN_INF = 112
FUENTE_TIPO = "Source Sans Pro, Arial, sans-serif"

PLANTILLA = go.layout.Template(
    layout=dict(
        colorway=OKABE_ITO,
        font=dict(family=FUENTE_TIPO, size=13, color="#1f2933"),
        title=dict(x=0, xanchor="left", font=dict(size=16)),
        paper_bgcolor="white",
        plot_bgcolor="white",
        separators=".,",
        # Sin automargin abajo: el margen inferior es fijo para que la línea de fuente quede siempre al pie.
        xaxis=dict(showgrid=False, linecolor="#9aa5b1", ticks="outside", automargin=False, title_standoff=8),
        yaxis=dict(gridcolor="#e4e7eb", zeroline=False, automargin=False, tickformat=",~f"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text=""),
        hoverlabel=dict(font_family=FUENTE_TIPO),
    )
)


def _seguro(texto: str) -> str:
    """Texto de datos dentro de una anotación: sin etiquetas HTML."""
    return html.escape(str(texto), quote=False)


def _partir(texto: str, ancho: int) -> str:
    return "<br>".join(textwrap.wrap(_seguro(texto), ancho)) or ""


def aplicar(fig: go.Figure, titulo: str, fuente: str, alto: int = ALTO, columnas: int = 1,
            escala: float = 1.0) -> go.Figure:
    """Tema, título (qué y dónde) y línea de fuente al pie dentro de la figura.

    `columnas` es cuántas gráficas van lado a lado: el texto se parte en renglones más cortos.
    `escala` agranda letra y márgenes (modo presentación) sin cambiar dónde se parte el texto."""
    lineas_titulo = _partir(titulo, {1: 105, 2: 50}.get(columnas, 105 // columnas))
    lineas_fuente = _partir(fuente, {1: 150, 2: 58}.get(columnas, 150 // columnas))
    n_fuente = lineas_fuente.count("<br>") + 1
    inferior = round((MARGEN_INF + 16 * (n_fuente - 1)) * escala)
    superior = round((MARGEN_SUP + 20 * lineas_titulo.count("<br>") + 20 * (_renglones_leyenda(fig, columnas) - 1)) * escala)
    izquierdo = round(_margen_izquierdo(fig) * escala)
    fig.update_layout(
        template=PLANTILLA,
        separators=".,",  # es-MX: punto decimal, coma de miles (también en el PNG exportado)
        # y un poco abajo del borde: plotly no aplica `pad` a un título de varios renglones anclado arriba.
        title=dict(text=f"<b>{lineas_titulo}</b>", y=1 - 24 * escala / alto, yref="container", yanchor="top"),
        height=alto,
        margin=dict(l=izquierdo, r=20, t=superior, b=inferior),
    )
    if escala != 1.0:
        fig.update_layout(font_size=round(13 * escala), title_font_size=round(16 * escala),
                          legend_font_size=round(13 * escala))
    # y en coordenadas de papel: el alto útil es conocido porque el alto de la figura es fijo.
    util = max(alto - superior - inferior, 1)
    fig.add_annotation(
        text=lineas_fuente, showarrow=False, xref="paper", yref="paper", x=0, xanchor="left",
        y=-(inferior - 8) / util, yanchor="bottom", align="left", font=dict(size=round(11 * escala), color="#52606d"),
        xshift=-(izquierdo - 8),  # desde el borde izquierdo de la figura, no del área de trazado
        name="fuente",
    )
    return fig


def _renglones_leyenda(fig: go.Figure, columnas: int) -> int:
    """Renglones que ocupa la leyenda horizontal de arriba, con la regla de plotly.js: si todos los nombres caben
    en un renglón van seguidos; si no, cada uno ocupa el ancho del más largo (una rejilla). El ancho útil es el
    del área de trazado de una gráfica en un contenido de unos 900 px (pantalla de 1400 px con barra lateral)."""
    anchos = [7 * len(str(tr.name)) + 45 for tr in fig.data if tr.name and tr.showlegend is not False]
    if len(anchos) < 2:
        return 1
    ancho = 900 // max(columnas, 1) - 60
    if sum(anchos) <= ancho:
        return 1
    por_renglon = max(1, ancho // max(anchos))
    return -(-len(anchos) // por_renglon)


ANCHO_ETIQUETA = 34  # caracteres por renglón de una categoría en barras horizontales


def _margen_izquierdo(fig: go.Figure) -> int:
    """Margen izquierdo fijo (sin automargin, para poder alinear la fuente al borde): números del eje
    y o, en barras horizontales, el renglón más largo de las categorías, que se parten en renglones
    (con ticktext: los datos de la figura no cambian) para que ninguna se corte."""
    categorias: list[str] = []
    for traza in fig.data:
        if getattr(traza, "orientation", None) == "h" and traza.y is not None:
            categorias += [str(v) for v in traza.y if str(v) not in categorias]
    if not categorias:
        return 90
    partidas = ["<br>".join(textwrap.wrap(_seguro(c), ANCHO_ETIQUETA)) or c for c in categorias]
    if any("<br>" in p for p in partidas):
        fig.update_yaxes(tickmode="array", tickvals=categorias, ticktext=partidas)
    largo = max(len(renglon) for p in partidas for renglon in p.split("<br>"))
    return int(min(max(largo * 7.4 + 24, 80), 340))


def nombre_archivo(*partes) -> str:
    """Nombre de archivo legible y seguro: «eventos_upmrip_mensual_2024-01_2025-04»."""
    texto = "_".join(str(p) for p in partes if p not in (None, ""))
    texto = re.sub(r"[^0-9A-Za-z_.-]+", "_", texto).strip("_")
    return texto[:120] or "grafica"


def config(archivo: str) -> dict:
    """Configuración de la barra de Plotly: PNG a escala 2 con nombre significativo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": archivo, "width": ANCHO_PNG},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def formato_eje_mes(fig: go.Figure) -> go.Figure:
    fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m")
    return fig


def texto_fuente(fila_fuente: dict, idioma_t) -> str:
    """Línea de fuente de una tabla oficial a partir de un renglón de la consulta `fuente`."""
    fecha = fila_fuente.get("fecha_acceso")
    fecha = str(fecha)[:10] if fecha is not None else "—"
    return idioma_t("fuente_linea_tabla", productor=fila_fuente.get("productor", ""),
                    tabla=fila_fuente.get("tabla", ""), fecha=fecha)


def por_categoria(df, x: str, y: str, categoria: str, etiqueta, eje_y: str, barras: bool = False,
                  paleta: list[str] | None = None) -> go.Figure:
    """Una serie mensual por categoría (líneas, o barras apiladas), con el nombre visible de cada categoría."""
    fig = go.Figure()
    for i, valor in enumerate(dict.fromkeys(df[categoria])):
        parte = df[df[categoria] == valor]
        comun = dict(x=parte[x], y=parte[y], name=etiqueta(valor),
                     hovertemplate="%{x|%Y-%m}: %{y:,}<extra>" + html.escape(etiqueta(valor)) + "</extra>")
        if paleta:
            comun["marker_color" if barras else "line_color"] = paleta[i % len(paleta)]
        if barras:
            fig.add_bar(**comun)
        else:
            fig.add_scatter(mode="lines", **comun)
    if barras:
        fig.update_layout(barmode="stack")
    else:
        fig.update_yaxes(rangemode="tozero")
    fig.update_yaxes(title_text=eje_y)
    return formato_eje_mes(fig)


PORCENTUALES = ("var_anual", "participacion")


def lineas_medida(df, medida: str, eje_y: str, log: bool = False, anual: bool = False, x: str = "periodo",
                  y: str = "valor", grupo: str = "nombre", paleta: list[str] | None = None,
                  maximo_juntas: int = 5, rango_x: tuple | None = None) -> go.Figure:
    """Una línea por grupo de una consulta `serie_medida` (columna `valor` = la medida pedida). Con más de
    `maximo_juntas` líneas, pequeños múltiplos (una gráfica por grupo, cada una con su eje y) para que no se
    encimen. `log` pone el eje y en escala logarítmica (los valores ≤ 0 no se dibujan en ella)."""
    from plotly.subplots import make_subplots

    grupos = list(dict.fromkeys(df[grupo]))
    paleta = paleta or OKABE_ITO
    formato_y = ",.2f" if medida in PORCENTUALES or medida == "indice" else ","
    sufijo = "%" if medida in PORCENTUALES else ""
    multiples = len(grupos) > maximo_juntas
    if multiples:
        columnas = 3
        filas = -(-len(grupos) // columnas)
        fig = make_subplots(rows=filas, cols=columnas, shared_xaxes=True, vertical_spacing=0.5 / filas,
                            horizontal_spacing=0.07, subplot_titles=[_seguro(g) for g in grupos])
    else:
        fig = go.Figure()
    for i, nombre in enumerate(grupos):
        parte = df[df[grupo] == nombre]
        traza = go.Scatter(x=parte[x], y=parte[y], mode="lines+markers" if len(parte) < 30 else "lines",
                           name=str(nombre), line_color=paleta[i % len(paleta)], showlegend=not multiples,
                           hovertemplate="%{x}: %{y:" + formato_y + "}" + sufijo + "<extra>" + _seguro(nombre) + "</extra>")
        if multiples:
            fig.add_trace(traza, row=i // 3 + 1, col=i % 3 + 1)
        else:
            fig.add_trace(traza)
    fig.update_yaxes(type="log" if log else "linear", tickformat=",~f")
    if not multiples:
        fig.update_yaxes(title_text=eje_y, rangemode="tozero" if medida in ("nivel", "suma_12m") and not log else "normal")
    if medida == "var_anual" and not log:
        fig.add_hline(y=0, line_color="#9aa5b1", line_width=1)
    if anual:
        fig.update_xaxes(tickformat="d", dtick=1)
    else:
        fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m")
    if rango_x:
        fig.update_xaxes(range=list(rango_x))
    return fig


class FiguraCongelada(go.Figure):
    """Figura terminada que ya no cambia (la que se guarda en caché y comparten las sesiones).

    `st.plotly_chart` llama a `to_dict()`, que en Plotly copia a fondo la figura entera en cada render
    (≈100 ms por vista en el mapa de Territorio); aquí esa copia se hace una vez. Nadie debe modificarla
    después: quien necesite cambiarla (el PNG) trabaja sobre una copia."""

    def to_dict(self) -> dict:
        try:
            return self.__dict__["_dict_congelado"]
        except KeyError:
            return super().to_dict()


def congelar(fig: go.Figure) -> go.Figure:
    """La misma figura (sin volver a validarla) con su diccionario calculado una sola vez."""
    fig.__class__ = FiguraCongelada  # misma estructura que go.Figure: cambiar la clase no copia ni valida
    object.__setattr__(fig, "_dict_congelado", go.Figure.to_dict(fig))
    return fig
