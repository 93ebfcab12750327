"""Territorio: mapa de México por entidad sin mosaicos ni internet.

Coropleta de remesas por entidad (Banxico) de un trimestre sobre los límites del INEGI simplificados en
el ETL, y dos capas que se prenden y apagan: los centros que nombran los documentos (ubicación
aproximada de la cabecera municipal) y las muertes y desapariciones de personas migrantes (OIM, MMP).
Todo se dibuja con go.Choropleth / go.Scattergeo sobre un `geo` sin mapa base: nada se pide a un
servidor de mosaicos.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import datos
import formato
import graficos
import interfaz
from textos import t

IDI = interfaz.idioma()

# Etiquetas de esta página (es/en). Pendiente: pasarlas a textos.py si se prefiere un solo catálogo.
_T: dict[str, dict[str, str]] = {
    "titulo": {"es": "Territorio", "en": "Territory"},
    "intro": {"es": "Remesas por entidad federativa sobre los límites del INEGI, con los Centros Multiservicios y "
                    "Centros Integradores del Migrante que nombran los documentos y las muertes y desapariciones "
                    "de personas migrantes registradas por la OIM. El mapa no usa mosaicos ni internet.",
              "en": "Remittances by state over INEGI boundaries, with the multi-service centres and migrant "
                    "integration centres named in the documents and the migrant deaths and disappearances recorded "
                    "by IOM. The map uses no tiles and no internet."},
    "f_trimestre": {"es": "Trimestre de las remesas", "en": "Remittance quarter"},
    "capa_centros": {"es": "Centros (documentos)", "en": "Centres (documents)"},
    "capa_mmp": {"es": "Muertes y desapariciones (OIM)", "en": "Deaths and disappearances (IOM)"},
    "f_anios": {"es": "Años de los incidentes", "en": "Incident years"},
    "f_causas": {"es": "Causas (vacío = todas)", "en": "Causes (empty = all)"},
    "mapa_titulo": {"es": "Remesas por entidad federativa, {periodo} (millones de dólares){capas}",
                    "en": "Remittances by state, {periodo} (million US dollars){capas}"},
    "titulo_centros": {"es": "centros", "en": "centres"},
    "titulo_mmp": {"es": "muertes y desapariciones de personas migrantes {anios}",
                   "en": "migrant deaths and disappearances {anios}"},
    "y": {"es": " y ", "en": " and "},
    "colorbar": {"es": "Millones de<br>dólares", "en": "Million<br>US dollars"},
    "hover_remesas": {"es": "Remesas, {periodo}", "en": "Remittances, {periodo}"},
    "dolares": {"es": "dólares", "en": "US dollars"},
    "millones_dolares": {"es": "millones de dólares", "en": "million US dollars"},
    "sin_dato": {"es": "sin dato", "en": "no data"},
    "leyenda_centros": {"es": "Centros (ubicación aproximada)", "en": "Centres (approximate location)"},
    "leyenda_mmp": {"es": "Incidentes MMP (tamaño = personas)", "en": "MMP incidents (size = people)"},
    "h_estado": {"es": "Estado", "en": "Status"},
    "h_operador": {"es": "Operador", "en": "Operator"},
    "h_muertes": {"es": "Personas muertas o desaparecidas", "en": "Dead or missing people"},
    "h_causa": {"es": "Causa", "en": "Cause"},
    "h_ubicacion": {"es": "Ubicación", "en": "Location"},
    "fuera": {"es": "{n} incidente(s) de la selección con coordenadas fuera de México no se dibujan (siguen en el CSV con en_mexico = falso).",
              "en": "{n} selected incident(s) with coordinates outside Mexico are not drawn (they remain in the CSV with en_mexico = false)."},
    "nota_centros": {"es": "Ubicación de los centros: aproximada a la cabecera municipal, no viene de los documentos.",
                     "en": "Centre locations: approximate municipal seat, not taken from the documents."},
    "nota_geometria": {"es": "Límites del INEGI simplificados de {a} a {b} vértices (fronteras compartidas idénticas); el mapa envía {kb} kB al navegador.",
                       "en": "INEGI boundaries simplified from {a} to {b} vertices (shared borders kept identical); the map sends {kb} kB to the browser."},
    "tab_entidades": {"es": "Remesas por entidad", "en": "Remittances by state"},
    "tab_centros": {"es": "Centros", "en": "Centres"},
    "tab_mmp": {"es": "Incidentes MMP", "en": "MMP incidents"},
    "centros_sub": {"es": "Centros que nombran los documentos", "en": "Centres named in the documents"},
    "no_lo_dice": {"es": "el documento no lo dice", "en": "not stated in the document"},
    "tipo": {"es": "Tipo", "en": "Type"},
    "lugar": {"es": "Lugar", "en": "Place"},
    "servicios": {"es": "Servicios", "en": "Services"},
    "financiamiento": {"es": "Financiamiento", "en": "Funding"},
    "posterior": {"es": "Después", "en": "Later"},
    "coordenadas": {"es": "Coordenadas", "en": "Coordinates"},
    "texto_es": {"es": "Estado, servicios y financiamiento se transcriben como los dicen los documentos; vacío = el documento no lo dice.",
                 "en": "Status, services and funding are transcribed in Spanish, as the documents state them; empty = not stated."},
}

CAUSAS_ES = {
    "Drowning": "Ahogamiento",
    "Vehicle accident / death linked to hazardous transport": "Accidente de vehículo / muerte ligada a transporte peligroso",
    "Violence": "Violencia",
    "Mixed or unknown": "Mixta o desconocida",
    "Harsh environmental conditions / lack of adequate shelter, food, water": "Condiciones ambientales extremas / falta de refugio, comida o agua",
    "Sickness / lack of access to adequate healthcare": "Enfermedad / falta de atención médica",
    "Accidental death": "Muerte accidental",
}
CAPAS = ("centros", "mmp")
COLOR_CENTROS = "#000000"
COLOR_MMP = graficos.OKABE_ITO[3]  # bermellón
ALTO_MAPA = 760


def tt(clave: str, **valores) -> str:
    entrada = _T[clave]
    texto = entrada.get(IDI) or entrada["es"]
    return texto.format(**valores) if valores else texto


def causa(valor: str) -> str:
    return CAUSAS_ES.get(valor, valor) if IDI == "es" else valor


def clave_trimestre(d) -> str:
    d = pd.Timestamp(d)
    return f"{d.year}-T{(d.month - 1) // 3 + 1}"


def etiqueta_trimestre(d) -> str:
    clave = clave_trimestre(d)
    return clave if IDI == "es" else clave.replace("-T", "-Q")


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


def figura(geo: pd.DataFrame, rem: pd.DataFrame, periodo: str, centros: pd.DataFrame | None,
           mmp: pd.DataFrame | None) -> go.Figure:
    """Mapa: coropleta de remesas y, si se piden, las capas de centros e incidentes (sólo en_mexico)."""
    fig = go.Figure()
    # Primer rastro: un punto invisible. plotly.js mira sólo el primer rastro del mapa para decidir si
    # descarga el mapa mundial (topojson) de cdn.plot.ly; un Scattergeo con lon/lat no lo pide y así el
    # mapa se dibuja sin red (con la coropleta primero, sin red se queda en blanco).
    fig.add_trace(go.Scattergeo(lon=[-102.0], lat=[23.5], mode="markers", marker=dict(size=1, opacity=0),
                                hoverinfo="skip", showlegend=False, name="ancla"))
    features = [{"type": "Feature", "id": c, "geometry": json.loads(g)} for c, g in zip(geo["cve_ent"], geo["geometria"])]
    unido = geo[["cve_ent", "entidad"]].merge(rem[["cve_ent", "usd"]], on="cve_ent", how="left")
    millones = [None if pd.isna(u) else round(float(u) / 1e6, 2) for u in unido["usd"]]
    textos = [
        f"<b>{_h(e)}</b> ({c})<br>{tt('hover_remesas', periodo=periodo)}: "
        + (f"{formato.numero(u)} {tt('dolares')}<br>({formato.numero(float(u) / 1e6, 1)} {tt('millones_dolares')})"
           if pd.notna(u) else tt("sin_dato"))
        for c, e, u in zip(unido["cve_ent"], unido["entidad"], unido["usd"])
    ]
    fig.add_trace(go.Choropleth(
        geojson={"type": "FeatureCollection", "features": features}, locations=list(unido["cve_ent"]), z=millones,
        featureidkey="id", colorscale="Blues", marker=dict(line=dict(color="white", width=0.6)),
        colorbar=dict(title=dict(text=tt("colorbar")), thickness=14, len=0.55, y=0.55, tickformat=",.0f"),
        text=textos, hovertemplate="%{text}<extra></extra>", name=tt("hover_remesas", periodo=periodo),
        showlegend=False,
    ))
    if mmp is not None:
        dibujar = mmp[mmp["en_mexico"]]
        fig.add_trace(go.Scattergeo(
            lon=dibujar["lon"].round(4).tolist(), lat=dibujar["lat"].round(4).tolist(), mode="markers",
            name=tt("leyenda_mmp"),
            marker=dict(size=[_tamano(m) for m in dibujar["muertes"]], color=COLOR_MMP, opacity=0.55,
                        line=dict(color="white", width=0.4)),
            customdata=[[str(f)[:10], causa(c), formato.numero(m), _h(u, 50)]
                        for f, c, m, u in zip(dibujar["fecha"], dibujar["causa"], dibujar["muertes"], dibujar["ubicacion"])],
            hovertemplate=(f"<b>%{{customdata[0]}}</b><br>{tt('h_causa')}: %{{customdata[1]}}<br>"
                           f"{tt('h_muertes')}: %{{customdata[2]}}<br>{tt('h_ubicacion')}: %{{customdata[3]}}<extra></extra>"),
        ))
    if centros is not None and not centros.empty:
        lon, lat, hover = [], [], []
        for (x, y), g in centros.groupby(["lon", "lat"], sort=True):
            partes = [
                f"<b>{_h(f['nombre'])}</b><br>{_h(f['tipo'])}<br>{_h(f['municipio'])}, {_h(f['entidad'])}"
                f"<br>{tt('h_estado')}: {_h(f['estado'])}"
                + (f"<br>{tt('h_operador')}: {_h(f['operador'])}" if isinstance(f.get("operador"), str) else "")
                for f in g.to_dict("records")
            ]
            lon.append(x)
            lat.append(y)
            hover.append("<br><br>".join(partes))
        fig.add_trace(go.Scattergeo(
            lon=lon, lat=lat, mode="markers", name=tt("leyenda_centros"), text=hover,
            hovertemplate="%{text}<extra></extra>",
            marker=dict(symbol="diamond", size=15, color=COLOR_CENTROS, line=dict(color="white", width=2)),
        ))
    # Encuadre fijo a la caja de las 32 entidades (más un margen): el mismo con cualquier capa o filtro.
    lons, lats = _caja(features)
    fig.update_geos(visible=False, projection_type="mercator", bgcolor="white", fitbounds=False,
                    lonaxis_range=[lons[0] - 0.6, lons[1] + 0.6], lataxis_range=[lats[0] - 0.6, lats[1] + 0.6])
    return fig


def rango_anios(anios: list[str]) -> tuple[str, str]:
    """Años inicial y final, sincronizados con `?mmp_desde=&mmp_hasta=`.

    Se pasa `value` en cada ejecución: un select_slider de rango sembrado sólo por session_state se
    crea como de un valor y, en la siguiente ejecución, Streamlit descarta el par que manda el navegador
    (interfaz.filtro_periodo tiene ese problema)."""
    clave = "w_mmp_anios"
    if clave in st.session_state:
        inicial = tuple(st.session_state[clave])
    else:
        inicial = (interfaz.opcion_url("mmp_desde", anios, anios[0]), interfaz.opcion_url("mmp_hasta", anios, anios[-1]))
        if anios.index(inicial[0]) > anios.index(inicial[1]):
            interfaz.aviso_parametro("mmp_desde>mmp_hasta", f"{inicial[0]}>{inicial[1]}")
            inicial = (anios[0], anios[-1])
    desde, hasta = st.select_slider(tt("f_anios"), options=anios, value=inicial, key=clave)
    interfaz._escribir_url("mmp_desde", None if desde == anios[0] else desde)
    interfaz._escribir_url("mmp_hasta", None if hasta == anios[-1] else hasta)
    return desde, hasta


@st.cache_resource(show_spinner=False, max_entries=64)
def mapa_en_cache(version: str, idioma: str, trimestre: date, ver_centros: bool, ver_mmp: bool,
                  desde: str, hasta: str, causas: tuple[str, ...]) -> tuple[go.Figure, int, str, str]:
    """La figura completa (validarla y serializarla cuesta cientos de ms) se arma una vez por versión de los
    datos, idioma y filtros, y todas las sesiones comparten el mismo objeto, que nadie modifica después."""
    periodo = etiqueta_trimestre(trimestre)
    geo = datos.consulta("territorio_geometria")
    rem = datos.consulta("remesas_por_entidad", trimestre=trimestre)
    centros = datos.consulta("territorio_centros") if ver_centros else None
    mmp = datos.consulta("territorio_mmp", desde=int(desde), hasta=int(hasta), causas=list(causas)) if ver_mmp else None
    fig = figura(geo, rem, periodo, centros, mmp)
    partes_titulo = ([tt("titulo_centros")] if ver_centros else []) + (
        [tt("titulo_mmp", anios=desde if desde == hasta else f"{desde}–{hasta}")] if ver_mmp else [])
    titulo = tt("mapa_titulo", periodo=periodo, capas=(", " + tt("y").join(partes_titulo)) if partes_titulo else "")
    fuentes = pd.concat([rem[["fuente_id"]], geo[["fuente_id"]]]
                        + ([centros[["fuente_id"]]] if centros is not None else [])
                        + ([mmp[["fuente_id"]]] if mmp is not None else []))
    fuera = int((~mmp["en_mexico"]).sum()) if mmp is not None else 0
    notas = ([tt("nota_centros")] if ver_centros else []) + ([tt("fuera", n=fuera)] if fuera else [])
    fuente = " ".join([interfaz.linea_fuente_tabla(fuentes)] + notas)
    graficos.aplicar(fig, titulo, fuente, alto=ALTO_MAPA)
    return fig, len(fig.to_json()), titulo, fuente


# ---------------------------------------------------------------- página
st.title(tt("titulo"))
st.caption(tt("intro"))

trimestres = list(datos.consulta("remesas_trimestres")["trimestre"])
claves = [clave_trimestre(d) for d in trimestres]
por_clave = dict(zip(claves, trimestres))
opciones_mmp = datos.consulta("territorio_mmp_opciones")
anios = [str(a) for a in range(int(opciones_mmp["anio_min"].min()), int(opciones_mmp["anio_max"].max()) + 1)]
desde, hasta, causas = anios[0], anios[-1], []

with st.container(border=True):
    c1, c2, c3 = st.columns([2, 1, 1.3], vertical_alignment="center")
    with c1:
        if "w_trimestre" not in st.session_state:
            st.session_state["w_trimestre"] = interfaz.opcion_url("trimestre", claves, claves[-1])
        elegido = st.select_slider(tt("f_trimestre"), options=claves, key="w_trimestre", format_func=lambda k: k if IDI == "es" else k.replace("-T", "-Q"))
        interfaz._escribir_url("trimestre", None if elegido == claves[-1] else elegido)
    if "w_capa_centros" not in st.session_state or "w_capa_mmp" not in st.session_state:
        pedidas = interfaz.opcion_url("capas", ["centros,mmp", "centros", "mmp", "ninguna"], "centros,mmp")
        st.session_state.setdefault("w_capa_centros", "centros" in pedidas)
        st.session_state.setdefault("w_capa_mmp", "mmp" in pedidas)
    with c2:
        ver_centros = st.toggle(tt("capa_centros"), key="w_capa_centros")
    with c3:
        ver_mmp = st.toggle(tt("capa_mmp"), key="w_capa_mmp")
    capas = ",".join(c for c, v in zip(CAPAS, (ver_centros, ver_mmp)) if v) or "ninguna"
    interfaz._escribir_url("capas", None if capas == "centros,mmp" else capas)
    if ver_mmp:
        c4, c5 = st.columns([1, 1.4])
        with c4:
            desde, hasta = rango_anios(anios)
        with c5:
            causas = interfaz.filtro_lista("causas", {c: causa(c) for c in opciones_mmp["causa"]}, tt("f_causas"))

trimestre: date = pd.Timestamp(por_clave[elegido]).date()
geo = datos.consulta("territorio_geometria")
rem = datos.consulta("remesas_por_entidad", trimestre=trimestre)
centros = datos.consulta("territorio_centros") if ver_centros else None
mmp = datos.consulta("territorio_mmp", desde=int(desde), hasta=int(hasta), causas=list(causas)) if ver_mmp else None

fuera = int((~mmp["en_mexico"]).sum()) if mmp is not None else 0
mapa, bytes_mapa, titulo_mapa, fuente_mapa = mapa_en_cache(str(datos.version()), IDI, trimestre, ver_centros, ver_mmp, desde, hasta, tuple(causas))
st.plotly_chart(mapa, theme=None, config=graficos.config(graficos.nombre_archivo("territorio", clave_trimestre(trimestre))),
                key="graf_territorio")
st.caption(interfaz.escapar_md(tt("nota_geometria", a=formato.numero(int(geo["vertices_original"].sum())),
                                  b=formato.numero(int(geo["vertices"].sum())), kb=formato.numero(round(bytes_mapa / 1000)))))
if not interfaz.modo_presentacion():
    interfaz.boton_png(mapa, titulo_mapa, fuente_mapa, graficos.nombre_archivo("territorio", clave_trimestre(trimestre)),
                       "territorio")
if fuera:
    st.caption(interfaz.escapar_md(tt("fuera", n=fuera)))

# ---------------------------------------------------------------- datos del mapa y CSV
nombres_tabs = [tt("tab_entidades")] + ([tt("tab_centros")] if ver_centros else []) + ([tt("tab_mmp")] if ver_mmp else [])
tabs = st.tabs(nombres_tabs)
with tabs[0]:
    tabla = geo[["cve_ent", "entidad"]].merge(rem[["cve_ent", "usd", "fuente_id"]], on="cve_ent", how="left")
    tabla.insert(2, "periodo", clave_trimestre(trimestre))
    interfaz.tabla_con_descarga(interfaz.con_fuente_tabla(tabla), f"remesas_entidad_{clave_trimestre(trimestre)}", "terr_remesas")
    interfaz.descarga(lambda: interfaz.con_fuente_tabla(datos.consulta("remesas_completas")), "remesas_entidad_completas",
                      "terr_remesas_completas", t("descargar_completos"), t("ayuda_completos"))
if ver_centros:
    with tabs[1]:
        columnas = ["centro_id", "nombre", "tipo", "municipio", "cve_ent", "entidad", "estado", "operador", "servicios",
                    "financiamiento", "estado_posterior", "documento_id", "cita", "documento_posterior", "cita_posterior",
                    "lon", "lat", "coordenadas_fuente", "fuente_id"]
        interfaz.tabla_con_descarga(interfaz.con_fuente_tabla(centros[columnas]), "centros_documentos", "terr_centros")
if ver_mmp:
    with tabs[-1]:
        vista = mmp.copy()
        vista["fecha"] = vista["fecha"].astype(str).str[:10]
        interfaz.tabla_con_descarga(interfaz.con_fuente_tabla(vista), f"mmp_incidentes_{desde}_{hasta}", "terr_mmp")

# ---------------------------------------------------------------- centros: lo que dicen los documentos
if ver_centros:
    st.subheader(tt("centros_sub"))
    st.caption(tt("texto_es"))
    textos_doc: dict[str, str] = {}

    def texto_documento(doc: str) -> str:
        if doc not in textos_doc:
            d = datos.consulta("documento_texto", documento_id=doc)
            textos_doc[doc] = d["texto"].iloc[0] if not d.empty else ""
        return textos_doc[doc]

    def citas(doc: str, cita: str, titulo_doc: str, archivo: str, fecha: str) -> None:
        st.text(f"{titulo_doc}\n{archivo} · {fecha}")
        for fragmento in [f.strip() for f in cita.split("[…]") if f.strip()]:
            st.text(f"«{fragmento}»")
            if interfaz.contexto_cita(texto_documento(doc), fragmento) is None:
                st.warning(t("cita_no_encontrada"))

    def _o(valor) -> str:
        return interfaz.escapar_md(valor) if isinstance(valor, str) and valor else f"_{tt('no_lo_dice')}_"

    columnas_ui = st.columns(2)
    for i, f in enumerate(centros.to_dict("records")):
        with columnas_ui[i % 2], st.container(border=True):
            st.markdown(f"**{interfaz.escapar_md(f['nombre'])}**")
            st.markdown(
                f"**{tt('tipo')}:** {_o(f['tipo'])}  \n"
                f"**{tt('lugar')}:** {_o(f['municipio'])}, {_o(f['entidad'])} ({f['cve_ent']})  \n"
                f"**{tt('h_estado')}:** {_o(f['estado'])}  \n"
                f"**{tt('h_operador')}:** {_o(f['operador'])}  \n"
                f"**{tt('servicios')}:** {_o(f['servicios'])}  \n"
                f"**{tt('financiamiento')}:** {_o(f['financiamiento'])}"
                + (f"  \n**{tt('posterior')}:** {_o(f['estado_posterior'])}" if isinstance(f.get("estado_posterior"), str) else "")
            )
            with st.popover(t("fuente"), icon=":material/format_quote:", key=f"pop_centro_{f['centro_id']}"):
                st.markdown(f"**{t('cita')}**")
                citas(f["documento_id"], f["cita"], f["documento_titulo"], f["archivo"], str(f["fecha_publicacion"]))
                if isinstance(f.get("cita_posterior"), str):
                    st.markdown(f"**{tt('posterior')}**")
                    citas(f["documento_posterior"], f["cita_posterior"], f["posterior_titulo"], f["posterior_archivo"],
                          str(f["posterior_fecha"]))
                st.markdown(f"**{tt('coordenadas')}**")
                st.text(f"{f['lon']}, {f['lat']} — {f['coordenadas_fuente']}")
