"""Mapa de México por entidad sin mosaicos ni internet (página Territorio).

Coropleta de remesas de un trimestre sobre los límites del INEGI simplificados en el ETL, y dos capas:
los centros que nombran los documentos y los incidentes del MMP que el ETL marcó dentro de México. Todo
se dibuja con go.Choropleth / go.Scattergeo sobre un `geo` sin mapa base: nada se pide a un servidor.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from tablero import datos, formato, graficos
from tablero.cache import compartida
from tablero.componentes import linea_fuente_tabla
from tablero.textos import categoria, t

COLOR_CENTROS = "#000000"
COLOR_MMP = graficos.OKABE_ITO[3]  # bermellón
ALTO_MAPA = 760


@dataclass(frozen=True)
class Mapa:
    figura: go.Figure
    bytes_json: int
    titulo: str
    fuente: str


def _h(texto, ancho: int = 60) -> str:
    """Texto de datos para el hover de Plotly: escapado y partido en renglones."""
    return "<br>".join(textwrap.wrap(html.escape(str(texto), quote=False), ancho))


def _caja(features: list[dict]) -> tuple[tuple[float, float], tuple[float, float]]:
    xs, ys = [], []
    for f in features:
        for poligono in f["geometry"]["coordinates"]:
            for anillo in poligono:
                xs.extend(p[0] for p in anillo)
                ys.extend(p[1] for p in anillo)
    return (min(xs), max(xs)), (min(ys), max(ys))


def _tamano(muertes: float) -> float:
    return round(5 + 3 * math.sqrt(max(float(muertes), 1.0)), 1)


def _capa_mmp(fig: go.Figure, mmp: pd.DataFrame) -> None:
    dibujar = mmp[mmp["en_mexico"]]
    fig.add_trace(go.Scattergeo(
        lon=dibujar["lon"].round(4).tolist(), lat=dibujar["lat"].round(4).tolist(), mode="markers",
        name=t("ter_leyenda_mmp"),
        marker=dict(size=[_tamano(m) for m in dibujar["muertes"]], color=COLOR_MMP, opacity=0.55,
                    line=dict(color="white", width=0.4)),
        customdata=[[str(f)[:10], categoria(c), formato.numero(m), _h(u, 50)]
                    for f, c, m, u in zip(dibujar["fecha_incidente"], dibujar["causa"], dibujar["muertes"], dibujar["ubicacion"])],
        hovertemplate=(f"<b>%{{customdata[0]}}</b><br>{t('ter_h_causa')}: %{{customdata[1]}}<br>"
                       f"{t('ter_h_muertes')}: %{{customdata[2]}}<br>{t('ter_h_ubicacion')}: %{{customdata[3]}}<extra></extra>"),
    ))


# Lo que el tablero resume de cada centro con sus palabras tiene su gemela en inglés (`X_en`); nombre, municipio,
# operador y citas son del documento y no cambian.
CENTROS_CON_INGLES = ("tipo", "estado", "servicios", "financiamiento", "estado_posterior", "coordenadas_fuente")


def centro_en_idioma(f: dict, idioma: str) -> dict:
    """Un renglón de `territorio_centros` con sus textos en `idioma` (en inglés, cada `X` toma el valor de `X_en`)."""
    if idioma != "en":
        return f
    return f | {c: f.get(f"{c}_en") for c in CENTROS_CON_INGLES}


def _capa_centros(fig: go.Figure, centros: pd.DataFrame, idioma: str) -> None:
    lon, lat, hover = [], [], []
    for (x, y), g in centros.groupby(["lon", "lat"], sort=True):
        partes = [
            f"<b>{_h(f['nombre'])}</b><br>{_h(f['tipo'])}<br>{_h(f['municipio'])}, {_h(f['entidad'])}"
            f"<br>{t('ter_h_estado')}: {_h(f['estado'])}"
            + (f"<br>{t('ter_h_operador')}: {_h(f['operador'])}" if isinstance(f.get("operador"), str) else "")
            for f in (centro_en_idioma(r, idioma) for r in g.to_dict("records"))
        ]
        lon.append(x)
        lat.append(y)
        hover.append("<br><br>".join(partes))
    fig.add_trace(go.Scattergeo(
        lon=lon, lat=lat, mode="markers", name=t("ter_leyenda_centros"), text=hover, hovertemplate="%{text}<extra></extra>",
        marker=dict(symbol="diamond", size=15, color=COLOR_CENTROS, line=dict(color="white", width=2)),
    ))


def figura(geo: pd.DataFrame, rem: pd.DataFrame, centros: pd.DataFrame | None, mmp: pd.DataFrame | None,
           idioma: str = "es") -> go.Figure:
    """Mapa: coropleta de remesas (`rem` trae las 32 entidades y su `periodo`) y, si se piden, las capas
    de centros e incidentes (sólo los que el ETL marcó en México)."""
    fig = go.Figure()
    # Primer rastro: un punto invisible. plotly.js mira sólo el primer rastro del mapa para decidir si
    # descarga el mapa mundial (topojson) de cdn.plot.ly; un Scattergeo con lon/lat no lo pide y así el
    # mapa se dibuja sin red (con la coropleta primero, sin red se queda en blanco).
    fig.add_trace(go.Scattergeo(lon=[-102.0], lat=[23.5], mode="markers", marker=dict(size=1, opacity=0),
                                hoverinfo="skip", showlegend=False, name="ancla"))
    features = [{"type": "Feature", "id": c, "geometry": json.loads(g)} for c, g in zip(geo["cve_ent"], geo["geometria"])]
    periodo = str(rem["periodo"].iloc[0]) if not rem.empty else ""
    millones = [None if pd.isna(u) else round(float(u) / 1e6, 2) for u in rem["usd"]]
    textos = [
        f"<b>{_h(e)}</b> ({c})<br>{t('ter_hover_remesas', periodo=periodo)}: "
        + (f"{formato.numero(u)} {t('ter_dolares')}<br>({formato.numero(float(u) / 1e6, 1)} {t('ter_millones_dolares')})"
           if pd.notna(u) else t("ter_sin_dato"))
        for c, e, u in zip(rem["cve_ent"], rem["entidad"], rem["usd"])
    ]
    fig.add_trace(go.Choropleth(
        geojson={"type": "FeatureCollection", "features": features}, locations=list(rem["cve_ent"]), z=millones,
        featureidkey="id", colorscale="Blues", marker=dict(line=dict(color="white", width=0.6)),
        colorbar=dict(title=dict(text=t("ter_colorbar")), thickness=14, len=0.55, y=0.55, tickformat=",.0f"),
        text=textos, hovertemplate="%{text}<extra></extra>", name=t("ter_hover_remesas", periodo=periodo),
        showlegend=False,
    ))
    if mmp is not None:
        _capa_mmp(fig, mmp)
    if centros is not None and not centros.empty:
        _capa_centros(fig, centros, idioma)
    # Encuadre fijo a la caja de las 32 entidades (más un margen): el mismo con cualquier capa o filtro.
    lons, lats = _caja(features)
    fig.update_geos(visible=False, projection_type="mercator", bgcolor="white", fitbounds=False,
                    lonaxis_range=[lons[0] - 0.6, lons[1] + 0.6], lataxis_range=[lats[0] - 0.6, lats[1] + 0.6])
    return fig


@compartida(max_entries=64)
def mapa(version: str, idioma: str, trimestre, ver_centros: bool, ver_mmp: bool, desde: int, hasta: int,
         causas: tuple[str, ...], hoy=None) -> Mapa:
    """La figura completa (validarla y serializarla cuesta cientos de ms) se arma una vez por versión de los
    datos, idioma y filtros, y todas las sesiones comparten el mismo objeto, que nadie modifica después.
    `version` es la de la ejecución que la pide: las consultas de dentro leen esa misma versión. `hoy` (el día en que
    se muestra) es parte de la llave: la línea de fuente dice la antigüedad del último periodo («hace N meses»)."""
    geo = datos.consulta_en(version, "territorio_geometria")
    rem = datos.consulta_en(version, "remesas_por_entidad", trimestre=trimestre, idioma=idioma)
    centros = datos.consulta_en(version, "territorio_centros") if ver_centros else None
    mmp = datos.consulta_en(version, "territorio_mmp", desde=desde, hasta=hasta, causas=list(causas)) if ver_mmp else None
    fig = figura(geo, rem, centros, mmp, idioma)
    periodo = str(rem["periodo"].iloc[0])
    partes_titulo = ([t("ter_titulo_centros")] if ver_centros else []) + (
        [t("ter_titulo_mmp", anios=desde if desde == hasta else f"{desde}–{hasta}")] if ver_mmp else [])
    titulo = t("ter_mapa_titulo", periodo=periodo, capas=(", " + t("ter_y").join(partes_titulo)) if partes_titulo else "")
    con_fuente = [rem, geo] + ([centros] if centros is not None else []) + ([mmp] if mmp is not None else [])
    fuera = int((~mmp["en_mexico"]).sum()) if mmp is not None else 0
    notas = ([t("ter_nota_centros")] if ver_centros else []) + ([t("ter_fuera", n=fuera)] if fuera else [])
    columnas = ["institucion", "documento_tabla", "fuente_id", "fecha"]
    fuente = " ".join([linea_fuente_tabla(pd.concat([d[columnas] for d in con_fuente]))] + notas)
    graficos.congelar(graficos.aplicar(fig, titulo, fuente, alto=ALTO_MAPA))
    return Mapa(fig, len(fig.to_json()), titulo, fuente)
