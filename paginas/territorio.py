"""Territorio: remesas por entidad sobre los límites del INEGI, con los centros que nombran los documentos
y las muertes y desapariciones de personas migrantes (OIM). El mapa no usa mosaicos ni internet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato, graficos, mapa, url
from tablero.textos import categoria, idioma_actual, t

IDI = idioma_actual()

st.title(t("pag_territorio"))
st.caption(t("ter_intro"))



def opciones() -> tuple[dict, list[str], dict]:
    """Trimestres (etiqueta → fecha), años y causas del MMP para los filtros: una vez por versión e idioma."""
    trimestres = {formato.trimestre(d, IDI): d for d in datos.consulta("remesas_trimestres")["trimestre"]}
    mmp = datos.consulta("territorio_mmp_opciones")
    anios = [str(a) for a in range(int(mmp["anio_min"].min()), int(mmp["anio_max"].max()) + 1)]
    return trimestres, anios, {c: categoria(c) for c in mmp["causa"]}


trimestres, anios, opciones_causas = ui.memo(("ter_opciones",), opciones)
claves = list(trimestres)
desde, hasta, causas = anios[0], anios[-1], []

with st.container(border=True):
    c1, c2 = st.columns([2, 2.3], vertical_alignment="center")
    with c1:
        elegido = url.filtro_paso("trimestre", claves, t("ter_f_trimestre"), claves[-1])
    with c2:
        capas = url.filtro_interruptores("capas", {"centros": t("ter_capa_centros"), "mmp": t("ter_capa_mmp")},
                                         defecto=["centros", "mmp"])
    ver_centros, ver_mmp = "centros" in capas, "mmp" in capas
    if ver_mmp:
        c4, c5 = st.columns([1, 1.4])
        with c4:
            desde, hasta = url.filtro_periodo(anios, "mmp_desde", "mmp_hasta", t("ter_f_anios"), key="mmp_anios")
        with c5:
            causas = url.filtro_lista("causas", opciones_causas, t("ter_f_causas"))

trimestre = pd.Timestamp(trimestres[elegido]).date()
version = str(datos.version())
vista = mapa.mapa(version, IDI, trimestre, ver_centros, ver_mmp, int(desde), int(hasta), tuple(causas))
archivo = graficos.nombre_archivo("territorio", elegido)
st.plotly_chart(vista.figura, theme=None, config=graficos.config(archivo), key="graf_territorio")
vertices = ui.memo(("ter_vertices",), lambda: tuple(int(datos.consulta("territorio_geometria")[c].sum())
                                                   for c in ("vertices_original", "vertices")))
st.caption(ui.escapar_md(t("ter_nota_geometria", a=formato.numero(vertices[0]), b=formato.numero(vertices[1]),
                           kb=formato.numero(round(vista.bytes_json / 1000)))))
if not ui.modo_presentacion():
    ui.boton_png(vista.figura, vista.titulo, vista.fuente, archivo, "territorio")

mmp = datos.consulta("territorio_mmp", desde=int(desde), hasta=int(hasta), causas=list(causas)) if ver_mmp else None
fuera = ui.memo(("ter_fuera", desde, hasta, tuple(causas)), lambda: int((~mmp["en_mexico"]).sum())) if ver_mmp else 0
if fuera:
    st.caption(ui.escapar_md(t("ter_fuera", n=fuera)))

# ---------------------------------------------------------------- datos del mapa y CSV
# Pestañas con estado: sólo la abierta corre y se manda (los incidentes del MMP pesan casi 1 MB); cambiar
# de pestaña vuelve a correr sólo este fragmento.
centros = datos.consulta("territorio_centros") if ver_centros else None


@st.fragment
def tablas_del_mapa() -> None:
    nombres = [t("ter_tab_entidades")] + ([t("ter_tab_centros")] if ver_centros else []) + ([t("ter_tab_mmp")] if ver_mmp else [])
    tabs = st.tabs(nombres, key="terr_pestanas", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            ui.tabla_con_descarga(datos.consulta("remesas_por_entidad", trimestre=trimestre, idioma=IDI),
                                  f"remesas_entidad_{elegido}", "terr_remesas", cache=(trimestre,))
            ui.descarga(datos.diferida("remesas_completa"), "remesas_entidad_completas", "terr_remesas_completas",
                        t("descargar_completos"), t("ayuda_completos"))
    if ver_centros and tabs[1].open:
        with tabs[1]:
            ui.tabla_con_descarga(centros, "centros_documentos", "terr_centros", cache=())
    if ver_mmp and tabs[-1].open:
        with tabs[-1]:
            ui.tabla_con_descarga(mmp, f"mmp_incidentes_{desde}_{hasta}", "terr_mmp", cache=(desde, hasta, tuple(causas)))
            ui.descarga(datos.diferida("mmp_completa"), "mmp_incidentes_completos", "terr_mmp_completos",
                        t("descargar_completos"), t("ayuda_completos"))


tablas_del_mapa()

# ---------------------------------------------------------------- centros: lo que dicen los documentos
if ver_centros:
    st.subheader(t("ter_centros_sub"))
    st.caption(t("ter_texto_es"))

    def _o(valor) -> str:
        return ui.escapar_md(valor) if isinstance(valor, str) and valor else f"_{t('ter_no_lo_dice')}_"

    def ficha_centro(f: dict) -> None:
        st.markdown(f"**{t('cita')}**")
        st.text(f"{f['documento_titulo']}\n{f['archivo']} · {f['fecha_publicacion']}")
        ui.citas_en_contexto(f["documento_id"], f["cita"])
        if isinstance(f.get("cita_posterior"), str):
            st.markdown(f"**{t('ter_posterior')}**")
            st.text(f"{f['posterior_titulo']}\n{f['posterior_archivo']} · {f['posterior_fecha']}")
            ui.citas_en_contexto(f["documento_posterior"], f["cita_posterior"])
        st.markdown(f"**{t('ter_coordenadas')}**")
        st.text(f"{f['lon']}, {f['lat']} — {f['coordenadas_fuente']}")

    columnas_ui = st.columns(2)
    for i, f in enumerate(ui.memo(("centros_registros",), lambda: centros.to_dict("records"))):
        with columnas_ui[i % 2], st.container(border=True):
            st.markdown(f"**{ui.escapar_md(f['nombre'])}**")
            st.markdown(
                f"**{t('ter_tipo')}:** {_o(f['tipo'])}  \n"
                f"**{t('ter_lugar')}:** {_o(f['municipio'])}, {_o(f['entidad'])} ({f['cve_ent']})  \n"
                f"**{t('ter_h_estado')}:** {_o(f['estado'])}  \n"
                f"**{t('ter_h_operador')}:** {_o(f['operador'])}  \n"
                f"**{t('ter_servicios')}:** {_o(f['servicios'])}  \n"
                f"**{t('ter_financiamiento')}:** {_o(f['financiamiento'])}"
                + (f"  \n**{t('ter_posterior')}:** {_o(f['estado_posterior'])}" if isinstance(f.get("estado_posterior"), str) else "")
            )
            ui.fuente_a_pedido(f"pop_centro_{f['centro_id']}", lambda f=f: ficha_centro(f))
