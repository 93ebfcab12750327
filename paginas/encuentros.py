"""Encuentros y eventos: series mensuales de la UPMRIP, la CBP aparte, y solicitudes de asilo (COMAR vía ACNUR).

El filtro de periodo abarca los meses de todas las series y cada una se dibuja sobre los suyos. La CBP
va en su propia gráfica y eje: es otra medida y otro territorio, y nunca se suma a México.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato, graficos, url
from tablero.textos import categoria, idioma_actual, t

IDI = idioma_actual()

st.title(t("pag_encuentros"))
st.caption(t("enc_intro"))

# ---------------------------------------------------------------- filtros (en la URL)
rango = datos.consulta("series_rango_meses").iloc[0]
meses = [formato.mes(m) for m in pd.date_range(rango["desde"], rango["hasta"], freq="MS")]
opciones_paises = dict(datos.consulta("eventos_nacionalidades", idioma=IDI)[["iso3", "nombre"]].itertuples(index=False))
categorias = datos.consulta("eventos_categorias_sexo_edad")

with st.container(border=True):
    desde, hasta = url.filtro_periodo(meses)
    c1, c2, c3, c4 = st.columns([2, 1, 1.4, 1])
    with c4:
        limite = url.filtro_opcion("top", [5, 10, 15, 20], t("f_top"), 10)
    with c1:
        elegidos = url.filtro_lista("paises", opciones_paises, t("f_paises"))
    with c2:
        sexos = url.filtro_lista("sexo", {s: categoria(s) for s in dict.fromkeys(categorias["sexo"])}, t("f_sexos"))
    with c3:
        edades = url.filtro_lista("edad", {g: categoria(g) for g in dict.fromkeys(categorias["grupo_edad"])}, t("f_edades"))
d0, d1 = formato.primer_dia(desde), formato.primer_dia(hasta)


def periodo_de(serie) -> str:
    """Los meses que de verdad cubre una serie dentro del periodo elegido (cada serie tiene los suyos)."""
    return formato.periodo_meses(serie["mes"].min(), serie["mes"].max()) if not serie.empty else formato.periodo_meses(desde, hasta)


sufijo = f"{desde}_{hasta}"

# ---------------------------------------------------------------- cifra de los documentos vs. series
cifras = datos.consulta("cifras_por_familias", familias=["encuentros"], idioma=IDI)
st.subheader(t("enc_comparar"))
titular = cifras[cifras["titular"]]
if not titular.empty:
    fila = titular.iloc[0].to_dict()
    anio = formato.anio_unico(fila.get("periodo_inicio"), fila.get("periodo_fin"))
    c1, c2, c3 = st.columns(3)
    with c1:
        ui.tarjeta_cifra(fila)
    if anio is not None:
        totales = ((c2, datos.consulta("eventos_total_anio", anio=anio), "enc_upmrip_anio", "eventos"),
                   (c3, datos.consulta("cbp_total_anio", anio=anio), "enc_cbp_anio", "encuentros"))
        for col, df, clave, columna in totales:
            with col, st.container(border=True):
                r = df.iloc[0]
                st.metric(label=ui.escapar_md(t(clave, anio=anio, meses=int(r["meses"]))), value=formato.numero(r[columna]))
                st.caption(ui.escapar_md(f"{r['institucion']} · {r['documento_tabla']}"))
    st.info(t("enc_comparar_nota"), icon=":material/info:")
    if isinstance(fila.get("comparabilidad"), str):
        st.caption(f"**{t('comparabilidad')}:** {ui.escapar_md(fila['comparabilidad'])}")
    otras = cifras[~cifras["titular"]]
    if not otras.empty:
        ui.tarjetas(otras, por_fila=3)

# ---------------------------------------------------------------- UPMRIP mensual
st.subheader(t("serie_eventos_upmrip"))
mensual = datos.consulta("eventos_mensuales", desde=d0, hasta=d1, paises=elegidos)
periodo = periodo_de(mensual)  # el de la UPMRIP: también el de las gráficas por nacionalidad y por sexo y edad


def figura_mensual() -> go.Figure:
    fig = go.Figure(go.Scatter(x=mensual["mes"], y=mensual["eventos"], mode="lines+markers", name=t("eje_eventos"),
                               hovertemplate="%{x|%Y-%m}: %{y:,}<extra></extra>"))
    fig.update_yaxes(title_text=t("eje_eventos"), rangemode="tozero")
    return graficos.formato_eje_mes(fig)


titulo = t("enc_mensual_titulo_paises" if elegidos else "enc_mensual_titulo", periodo=periodo)
if elegidos:
    titulo += " (" + ", ".join(opciones_paises[p] for p in elegidos[:6]) + ("…" if len(elegidos) > 6 else "") + ")"
ui.bloque_grafico(figura_mensual, mensual, titulo, ui.linea_fuente_tabla(mensual),
                  graficos.nombre_archivo("eventos_upmrip_mensual", sufijo, *elegidos[:5]), "mensual",
                  completos=datos.diferida("eventos_nacionalidad_completa"), cache=(d0, d1, tuple(elegidos)))

c1, c2 = st.columns(2)
with c1:
    top = datos.consulta("eventos_por_nacionalidad", desde=d0, hasta=d1, limite=limite, idioma=IDI)

    def figura_top() -> go.Figure:
        fig = go.Figure(go.Bar(x=top["eventos"], y=top["nacionalidad"], orientation="h",
                               text=[formato.numero(v) for v in top["eventos"]], textposition="auto",
                               hovertemplate="%{y}: %{x:,}<extra></extra>"))
        fig.update_yaxes(autorange="reversed")
        return fig.update_xaxes(title_text=t("eje_eventos"), tickformat=",~f")

    alto_par = max(graficos.ALTO, 28 * len(top) + 260)
    ui.bloque_grafico(figura_top, top, t("enc_top_titulo", periodo=periodo), ui.linea_fuente_tabla(top),
                      graficos.nombre_archivo("eventos_upmrip_nacionalidad", sufijo, f"top{limite}"), "top",
                      alto=alto_par, columnas=2, completos=datos.diferida("eventos_nacionalidad_completa"),
                      cache=(d0, d1, limite))
with c2:
    se = datos.consulta("eventos_sexo_edad", desde=d0, hasta=d1, sexos=sexos, edades=edades)

    def figura_sexo_edad() -> go.Figure:
        fig = go.Figure()
        for sexo in dict.fromkeys(se["sexo"]):
            parte = se[se["sexo"] == sexo]
            fig.add_bar(y=[categoria(g) for g in parte["grupo_edad"]], x=parte["eventos"], name=categoria(sexo),
                        orientation="h", hovertemplate="%{y}: %{x:,}<extra>" + categoria(sexo) + "</extra>")
        fig.update_layout(barmode="group")
        fig.update_yaxes(autorange="reversed")
        return fig.update_xaxes(title_text=t("eje_eventos"), tickformat=",~f", nticks=4)

    ui.bloque_grafico(figura_sexo_edad, se, t("enc_sexo_titulo", periodo=periodo), ui.linea_fuente_tabla(se),
                      graficos.nombre_archivo("eventos_upmrip_sexo_edad", sufijo, *sexos, *edades), "sexo_edad",
                      alto=alto_par, columnas=2, completos=datos.diferida("eventos_sexo_edad_completa"),
                      cache=(d0, d1, tuple(sexos), tuple(edades)))

st.subheader(t("serie_devoluciones_upmrip"))
dev = datos.consulta("devoluciones_mensuales", desde=d0, hasta=d1)


def figura_devoluciones() -> go.Figure:
    return graficos.por_categoria(dev, "mes", "devoluciones", "tipo", categoria, t("eje_devoluciones"))


ui.bloque_grafico(figura_devoluciones, dev, t("enc_devol_titulo", periodo=periodo_de(dev)), ui.linea_fuente_tabla(dev),
                  graficos.nombre_archivo("devoluciones_upmrip_mensual", sufijo), "devoluciones",
                  completos=datos.diferida("devoluciones_completa"), cache=(d0, d1))

# ---------------------------------------------------------------- CBP, aparte
st.divider()
st.subheader(t("serie_encuentros_cbp"))
st.info(t("enc_cbp_aparte"), icon=":material/flag:")
cbp = datos.consulta("cbp_mensual", desde=d0, hasta=d1)


def figura_cbp() -> go.Figure:
    # otros colores que los de México, para no sugerir la misma serie
    return graficos.por_categoria(cbp, "mes", "encuentros", "componente", categoria, t("eje_encuentros"), barras=True,
                                  paleta=graficos.OKABE_ITO[3:])


ui.bloque_grafico(figura_cbp, cbp, t("enc_cbp_titulo", periodo=periodo_de(cbp)), ui.linea_fuente_tabla(cbp),
                  graficos.nombre_archivo("encuentros_cbp_frontera_suroeste_mensual", sufijo), "cbp",
                  completos=datos.diferida("cbp_completa"), cache=(d0, d1))

# ---------------------------------------------------------------- asilo en México
st.divider()
st.subheader(t("enc_asilo"))
anios = [str(a) for a in datos.consulta("asilo_anios")["anio"]]
a0, a1 = url.filtro_periodo(anios, "asilo_desde", "asilo_hasta", t("f_anios"), key="asilo")
periodo_asilo = a0 if a0 == a1 else f"{a0} – {a1}"
c1, c2 = st.columns(2)
with c1:
    origen = datos.consulta("asilo_por_origen", desde=int(a0), hasta=int(a1), limite=limite, idioma=IDI)

    def figura_asilo_origen() -> go.Figure:
        fig = go.Figure(go.Bar(x=origen["solicitudes"], y=origen["pais"], orientation="h", marker_color=graficos.OKABE_ITO[2],
                               text=[formato.numero(v) for v in origen["solicitudes"]], textposition="auto",
                               hovertemplate="%{y}: %{x:,}<extra></extra>"))
        fig.update_yaxes(autorange="reversed")
        return fig.update_xaxes(title_text=t("eje_solicitudes"), tickformat=",~f")

    ui.bloque_grafico(figura_asilo_origen, origen, t("enc_asilo_titulo", periodo=periodo_asilo), ui.linea_fuente_tabla(origen),
                      graficos.nombre_archivo("solicitudes_asilo_mexico_origen", a0, a1, f"top{limite}"), "asilo_origen",
                      alto=alto_par, columnas=2, completos=datos.diferida("asilo_completa"), cache=(a0, a1, limite))
with c2:
    anual = datos.consulta("asilo_anual", desde=int(a0), hasta=int(a1))

    def figura_asilo_anual() -> go.Figure:
        fig = go.Figure(go.Bar(x=anual["anio"], y=anual["solicitudes"], marker_color=graficos.OKABE_ITO[2],
                               hovertemplate="%{x}: %{y:,}<extra></extra>"))
        fig.update_xaxes(title_text=t("eje_anio"), tickformat="d")
        return fig.update_yaxes(title_text=t("eje_solicitudes"))

    ui.bloque_grafico(figura_asilo_anual, anual, t("enc_asilo_anual_titulo", periodo=periodo_asilo), ui.linea_fuente_tabla(anual),
                      graficos.nombre_archivo("solicitudes_asilo_mexico_anual", a0, a1), "asilo_anual",
                      alto=alto_par, columnas=2, completos=datos.diferida("asilo_completa"), cache=(a0, a1))
