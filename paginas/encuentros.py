"""Encuentros y eventos: series mensuales de la UPMRIP, la CBP aparte, y solicitudes de asilo (COMAR vía ACNUR).

El filtro de periodo abarca los meses de todas las series y cada una se dibuja sobre los suyos. La CBP
va en su propia gráfica y eje: es otra medida y otro territorio, y nunca se suma a México. Las series de
tiempo piden `serie_medida` (una línea por nacionalidad o categoría, con la medida calculada en SQL) y
comparten el selector de medida, la escala logarítmica y el «sumar» de la URL. Cada bloque es una pestaña
(`?seccion=`) y sólo corre la abierta.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tablero import componentes as ui
from tablero import datos, descripcion, formato, graficos, url
from tablero import tarjetas as tarjetas_html
from tablero.textos import categoria, idioma_actual, t

IDI = idioma_actual()
MEDIDAS = ["nivel", "suma_12m", "var_anual", "participacion", "indice"]
EJES = {"var_anual": "eje_porcentaje", "participacion": "eje_porcentaje", "indice": "eje_indice"}

st.title(t("pag_encuentros"))
st.caption(t("enc_intro"))

# ---------------------------------------------------------------- filtros (en la URL)
rango = datos.registros("series_rango_meses")[0]
# opciones de los filtros: una vez por versión e idioma (recorrer fechas y tablas en cada sesión costaba ms)
meses = ui.memo(("enc_meses",), lambda: [formato.mes(m) for m in pd.date_range(rango["desde"], rango["hasta"], freq="MS")])
opciones_paises = ui.memo(("enc_paises",), lambda: dict(
    (f["iso3"], f["nombre"]) for f in datos.registros("eventos_nacionalidades", idioma=IDI)))
categorias = datos.consulta("eventos_categorias_sexo_edad")

with ui.filtros("encuentros") as resumen:
    desde, hasta = url.filtro_periodo(meses)
    c1, c2, c3 = st.columns([2, 1.2, 1.2])
    with c1:
        elegidos = url.filtro_lista("paises", opciones_paises, t("f_paises"))
    with c2:
        opciones_sexo = {s: categoria(s) for s in dict.fromkeys(categorias["sexo"])}
        sexos = url.filtro_lista("sexo", opciones_sexo, t("f_sexos"))
    with c3:
        opciones_edad = {g: categoria(g) for g in dict.fromkeys(categorias["grupo_edad"])}
        edades = url.filtro_lista("edad", opciones_edad, t("f_edades"))
    limite = url.filtro_opcion("top", [5, 10, 15, 20], t("f_top"), 10)
    medida = url.filtro_opcion("medida", MEDIDAS, t("f_medida"), "nivel", formato_opcion=lambda m: t(f"serie_medida_{m}"))
    with st.container(horizontal=True, gap="large"):
        log = url.filtro_interruptor("log", t("f_log"))
        sumar = url.filtro_interruptor("sumar", t("f_sumar"))
    resumen += [(t("periodo"), f"{desde} – {hasta}"),
                (t("r_nacionalidades"), ui.nombres_elegidos(elegidos, opciones_paises, t("r_todas"))),
                (t("r_top"), str(limite)),
                (t("r_sexo"), ui.nombres_elegidos(sexos, opciones_sexo, t("r_ambos"))),
                (t("r_edad"), ui.nombres_elegidos(edades, opciones_edad, t("r_todas"))),
                (t("f_medida"), t(f"serie_medida_{medida}"))]
    resumen += [(t("f_log"), "")] if log else []
    resumen += [(t("r_sumadas"), "")] if sumar else []
if log and medida == "var_anual":
    st.caption(t("enc_log_sin_negativos"))
d0, d1 = formato.primer_dia(desde), formato.primer_dia(hasta)


sufijo = f"{desde}_{hasta}"

# ---------------------------------------------------------------- series de tiempo con medida
# «datos completos» de cada serie: su tabla entera, con la versión de los datos de esta ejecución
COMPLETAS = {"eventos": datos.diferida("eventos_nacionalidad_completa"), "devoluciones": datos.diferida("devoluciones_completa"),
             "darien": datos.diferida("darien_completa"), "cbp": datos.diferida("cbp_completa"),
             "cbp_componente": datos.diferida("cbp_completa"), "edad": datos.diferida("eventos_sexo_edad_completa"),
             "sexo": datos.diferida("eventos_sexo_edad_completa"), "asilo": datos.diferida("asilo_completa")}


def nombre_medida(m: str, anual: bool = False) -> str:
    """La medida como va en el título (y en el PNG): las de 12 meses dicen su análogo anual en asilo."""
    clave = f"serie_medida_anual_{m}" if anual and m in ("suma_12m", "var_anual", "indice") else f"serie_medida_titulo_{m}"
    return t(clave) + (", " + t("serie_escala_log") if log else "")


def serie_con_medida(serie: str, grupos: list[str], titulo: str, eje: str, key: str, archivo: str,
                     desde_fecha: date = d0, hasta_fecha: date = d1, medida_serie: str | None = None,
                     sumar_serie: bool | None = None, anual: bool = False, columnas: int = 1,
                     paleta: list[str] | None = None, rango_x: tuple | None = None) -> pd.DataFrame:
    """Una gráfica de tiempo de `serie_medida`: la medida en el título, la URL y el CSV; debajo, su descripción."""
    m = medida_serie or medida
    s_sumar = sumar if sumar_serie is None else sumar_serie
    df = datos.consulta("serie_medida", serie=serie, desde=desde_fecha, hasta=hasta_fecha, grupos=grupos,
                        sumar=s_sumar, medida=m, idioma=IDI)
    if not df.empty:
        primero, ultimo = df["periodo"].min(), df["periodo"].max()
        titulo = titulo.replace("{periodo}", primero if primero == ultimo else f"{primero} – {ultimo}")
    completo = t("serie_titulo_medida", titulo=titulo, medida=nombre_medida(m, anual))
    eje_y = t(EJES.get(m, eje))

    def figura() -> go.Figure:
        return graficos.lineas_medida(df, m, eje_y, log=log, anual=anual, paleta=paleta, rango_x=rango_x)

    vista = (serie, desde_fecha, hasta_fecha, tuple(grupos), s_sumar, m, log)
    fuente, texto, n_lineas = ui.memo(("serie", key, *vista), lambda: (
        ui.linea_fuente_tabla(df), descripcion.serie(df, medida=m), df["grupo"].nunique()))
    alto = graficos.ALTO if n_lineas <= 5 else max(graficos.ALTO, 170 * -(-n_lineas // 3) + 200)
    ui.bloque_grafico(figura, df, completo, fuente,
                      graficos.nombre_archivo(archivo, m, "log" if log else "", sufijo, *grupos[:5]), key,
                      alto=alto, columnas=columnas, completos=COMPLETAS[serie], cache=vista, descripcion=texto)
    return df


def con_paises(titulo: str) -> str:
    if not elegidos:
        return titulo
    return titulo + " (" + ", ".join(opciones_paises[p] for p in elegidos[:6]) + ("…" if len(elegidos) > 6 else "") + ")"


def comparar_con_documentos() -> None:
    """La cifra titular de los documentos al lado de los totales anuales de la UPMRIP y de la CBP: por qué
    difieren. Va después de la serie mensual: la primera gráfica sale antes que las tarjetas."""
    cifras = datos.consulta("cifras_por_familias", familias=["encuentros"], idioma=IDI)
    st.subheader(t("enc_comparar"))
    fila, otras = ui.titular_y_otras(cifras)
    if fila is not None:
        anio = formato.anio_unico(fila.get("periodo_inicio"), fila.get("periodo_fin"))

        def armar() -> list[tarjetas_html.Tarjeta]:
            """La cifra del documento y, si es de un solo año, los totales de ese año de la UPMRIP y de la CBP."""
            lista = [ui.tarjeta_de(fila)]
            if anio is not None:
                totales = ((datos.registros("eventos_total_anio", anio=anio), "enc_upmrip_anio", "eventos"),
                           (datos.registros("cbp_total_anio", anio=anio), "enc_cbp_anio", "encuentros"))
                for renglones, clave, columna in totales:
                    r = renglones[0]
                    lista.append(tarjetas_html.Tarjeta(
                        etiqueta=t(clave, anio=anio, meses=int(r["meses"])), valor=formato.numero(r[columna]),
                        pie=[f"{categoria(r['institucion'])} · {categoria(r['documento_tabla'])}"]))
            return lista
        ui.rejilla(("enc_comparar", fila["cifra_id"], anio), armar, por_fila=3)
        st.info(t("enc_comparar_nota"), icon=":material/info:")
        if isinstance(fila.get("comparabilidad"), str):
            st.caption(f"**{t('comparabilidad')}:** {ui.escapar_md(fila['comparabilidad'])}")
        if not otras.empty:
            ui.tarjetas(otras, por_fila=3)


def seccion_eventos() -> None:
    """Eventos por nacionalidad: la serie mensual con medida, las nacionalidades y sexo por edad del periodo."""
    st.subheader(t("serie_eventos_upmrip"))
    st.caption(t("enc_medidas_nota"))
    mensual = serie_con_medida("eventos", elegidos, con_paises(t("enc_eventos_medida_titulo", periodo="{periodo}")),
                               "eje_eventos", "mensual", "eventos_upmrip_mensual")
    periodo = formato.periodo_meses(mensual["periodo"].min(), mensual["periodo"].max()) if not mensual.empty else formato.periodo_meses(desde, hasta)
    comparar_con_documentos()

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
        fuente_top, texto_top = ui.memo(("top", d0, d1, limite), lambda: (
            ui.linea_fuente_tabla(top), descripcion.barras(top, "nacionalidad", "eventos")))
        ui.bloque_grafico(figura_top, top, t("enc_top_titulo", periodo=periodo), fuente_top,
                          graficos.nombre_archivo("eventos_upmrip_nacionalidad", sufijo, f"top{limite}"), "top",
                          alto=alto_par, columnas=2, completos=datos.diferida("eventos_nacionalidad_completa"),
                          cache=(d0, d1, limite), descripcion=texto_top)
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

        fuente_se, texto_se = ui.memo(("sexo_edad", d0, d1, tuple(sexos), tuple(edades)), lambda: (
            ui.linea_fuente_tabla(se), descripcion.barras(se.assign(categoria=[f"{categoria(a)} · {categoria(b)}" for a, b in
                                                                               zip(se["sexo"], se["grupo_edad"])]),
                                                          "categoria", "eventos")))
        ui.bloque_grafico(figura_sexo_edad, se, t("enc_sexo_titulo", periodo=periodo), fuente_se,
                          graficos.nombre_archivo("eventos_upmrip_sexo_edad", sufijo, *sexos, *edades), "sexo_edad",
                          alto=alto_par, columnas=2, completos=datos.diferida("eventos_sexo_edad_completa"),
                          cache=(d0, d1, tuple(sexos), tuple(edades)), descripcion=texto_se)


def seccion_sexo_edad() -> None:
    """Sexo y edad mes a mes, y la proporción de menores (12-17 y menores de 12, aparte)."""
    st.subheader(t("enc_sexo_edad_tiempo"))
    if sexos or edades:  # la tabla publicada no cruza sexo y edad mes a mes en estas series: se dice, no se finge
        st.caption(t("enc_sexo_edad_cruce"))
    grupos_edad = edades or list(dict.fromkeys(categorias["grupo_edad"]))
    menores = list(dict.fromkeys(categorias.loc[categorias["menor"], "grupo_edad"]))
    c1, c2 = st.columns(2)
    with c1:
        serie_con_medida("edad", grupos_edad, t("enc_edad_mes_titulo", periodo="{periodo}"), "eje_eventos", "edad_mes",
                         "eventos_upmrip_edad_mensual", sumar_serie=False, columnas=2)
    with c2:
        serie_con_medida("sexo", sexos or list(dict.fromkeys(categorias["sexo"])), t("enc_sexo_mes_titulo", periodo="{periodo}"),
                         "eje_eventos", "sexo_mes", "eventos_upmrip_sexo_mensual", sumar_serie=False, columnas=2)
    serie_con_medida("edad", menores, t("enc_menores_titulo", periodo="{periodo}"), "eje_porcentaje", "menores",
                     "eventos_upmrip_menores_proporcion", medida_serie="participacion", sumar_serie=False)


def seccion_devoluciones() -> None:
    """Devoluciones por nacionalidad, con el mismo filtro de nacionalidad que los eventos."""
    st.subheader(t("serie_devoluciones_upmrip"))
    serie_con_medida("devoluciones", elegidos, con_paises(t("enc_devol_nac_titulo", periodo="{periodo}")), "eje_devoluciones",
                     "devoluciones", "devoluciones_upmrip_mensual")


def seccion_ruta() -> None:
    """Darién, UPMRIP y CBP en tres paneles sobre los mismos meses, cada uno con su definición; nunca sumados."""
    st.subheader(t("enc_ruta"))
    st.info(t("enc_ruta_nota"), icon=":material/route:")
    paneles = (("darien", "enc_ruta_darien_titulo", "eje_personas", "ruta_darien", "darien_mensual"),
               ("eventos", "enc_ruta_eventos_titulo", "eje_eventos", "ruta_eventos", "eventos_upmrip_mensual"),
               ("cbp", "enc_ruta_cbp_titulo", "eje_encuentros", "ruta_cbp", "encuentros_cbp_frontera_suroeste_mensual"))
    for col, (serie, clave_titulo, eje, key, archivo) in zip(st.columns(3), paneles):
        with col:
            # los tres paneles sobre el mismo tramo de meses, para leerlos lado a lado
            panel = serie_con_medida(serie, elegidos, t(clave_titulo, periodo="{periodo}"), eje, key, f"ruta_{archivo}",
                                     columnas=3, rango_x=(desde, hasta))
            definicion = panel["definicion"].dropna()
            if not definicion.empty:
                st.caption(f"**{t('definicion')}:** {ui.escapar_md(definicion.iloc[0])}")


def seccion_cbp() -> None:
    """La CBP aparte: otra medida y otro territorio, con otros colores que los de México."""
    st.subheader(t("serie_encuentros_cbp"))
    st.info(t("enc_cbp_aparte"), icon=":material/flag:")
    # otros colores que los de México, para no sugerir la misma serie
    componentes = datos.consulta("serie_claves", serie="cbp_componente")["clave"].tolist()
    serie_con_medida("cbp_componente", componentes, t("enc_cbp_comp_titulo", periodo="{periodo}"), "eje_encuentros", "cbp",
                     "encuentros_cbp_frontera_suroeste_mensual", sumar_serie=False, paleta=graficos.OKABE_ITO[3:])
    # el otro corte de los mismos encuentros (por estado de EE. UU.): su tabla entera, aunque no se grafique
    ui.descarga(datos.diferida("cbp_estado_completa"), "cbp_encuentros_estado_completos", "cbp_estado_completos",
                t("descargar_cbp_estado"), t("ayuda_cbp_estado"))


def seccion_asilo() -> None:
    """Solicitudes de asilo en México (anuales): su propio filtro de años."""
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

        fuente_origen, texto_origen = ui.memo(("asilo_origen", a0, a1, limite), lambda: (
            ui.linea_fuente_tabla(origen), descripcion.barras(origen, "pais", "solicitudes")))
        ui.bloque_grafico(figura_asilo_origen, origen, t("enc_asilo_titulo", periodo=periodo_asilo), fuente_origen,
                          graficos.nombre_archivo("solicitudes_asilo_mexico_origen", a0, a1, f"top{limite}"), "asilo_origen",
                          alto=max(graficos.ALTO, 28 * len(origen) + 260), columnas=2, completos=datos.diferida("asilo_completa"),
                          cache=(a0, a1, limite), descripcion=texto_origen)
    with c2:
        serie_con_medida("asilo", elegidos, con_paises(t("enc_asilo_nac_titulo", periodo="{periodo}")), "eje_solicitudes",
                         "asilo_anual", "solicitudes_asilo_mexico_anual", desde_fecha=date(int(a0), 1, 1),
                         hasta_fecha=date(int(a1), 1, 1), anual=True, columnas=2, paleta=graficos.OKABE_ITO[2:])


# Sólo corre (y se manda) la sección abierta: la página entera dibujaba doce gráficas antes de la primera vista.
url.secciones("seccion", {
    "eventos": (t("enc_sec_eventos"), seccion_eventos),
    "sexo_edad": (t("enc_sec_sexo_edad"), seccion_sexo_edad),
    "devoluciones": (t("enc_sec_devoluciones"), seccion_devoluciones),
    "ruta": (t("enc_sec_ruta"), seccion_ruta),
    "cbp": (t("enc_sec_cbp"), seccion_cbp),
    "asilo": (t("enc_sec_asilo"), seccion_asilo),
})
