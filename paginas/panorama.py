"""Panorama: la cifra titular de cada familia (según `cifras.titular`) y el último mes de cada serie oficial."""

from __future__ import annotations

import streamlit as st

import datos
import formato
import interfaz
from textos import t, t_o

st.title(t("pag_panorama"))
st.caption(t("pan_intro"))

titulares = datos.consulta("cifras_titulares")
ultimos = datos.consulta("ultimos_meses")

izquierda, derecha = st.columns([3, 1.3], gap="large")
with izquierda:
    st.subheader(t("pan_cifras"))
    filas = titulares.to_dict("records")
    for inicio in range(0, len(filas), 2):
        for col, fila in zip(st.columns(2), filas[inicio:inicio + 2]):
            with col:
                st.markdown(f"**{interfaz.escapar_md(t_o('fam_' + fila['familia'], fila['familia']))}**")
                interfaz.tarjeta_cifra(fila)

with derecha:
    st.subheader(t("pan_series"))
    series = interfaz.con_fuente_tabla(ultimos)
    for fila in series.to_dict("records"):
        with st.container(border=True):
            st.metric(label=interfaz.escapar_md(t_o(f"serie_{fila['serie']}", fila["serie"])),
                      value=formato.numero(fila["valor"]))
            st.caption(interfaz.escapar_md(f"{formato.mes(fila['periodo'])} · {fila['institucion']}"))

with st.expander(t("ver_datos")):
    interfaz.tabla_cifras(titulares, "cifras_titulares_panorama", "titulares")
    series["periodo"] = series["periodo"].map(formato.mes)
    interfaz.tabla_con_descarga(series, "ultimo_mes_series_oficiales", "ultimos")
