"""Panorama: la cifra titular de cada familia (según `cifras.titular`) y el último mes de cada serie oficial."""

from __future__ import annotations

import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato
from tablero.textos import idioma_actual, t, t_o

st.title(t("pag_panorama"))
st.caption(t("pan_intro"))

titulares = datos.consulta("cifras_titulares", idioma=idioma_actual())
ultimos = datos.consulta("ultimos_meses")
presentacion = ui.modo_presentacion()


def cifras_de_documentos() -> None:
    st.subheader(t("pan_cifras"))
    filas = titulares.to_dict("records")
    por_fila = 4 if presentacion else 2
    for inicio in range(0, len(filas), por_fila):
        for col, fila in zip(st.columns(por_fila), filas[inicio:inicio + por_fila]):
            with col:
                st.markdown(f"**{ui.escapar_md(t_o('fam_' + fila['familia'], fila['familia']))}**")
                ui.tarjeta_cifra(fila)


def ultimo_mes() -> None:
    st.subheader(t("pan_series"))
    filas = ultimos.to_dict("records")
    # En pantalla normal, una columna angosta; en presentación, una fila de tarjetas para que quepa en 16:9.
    contenedores = st.columns(len(filas)) if presentacion else [st.container() for _ in filas]
    for contenedor, fila in zip(contenedores, filas):
        with contenedor, st.container(border=True):
            st.metric(label=ui.escapar_md(t_o(f"serie_{fila['serie']}", fila["serie"])), value=formato.numero(fila["valor"]))
            st.caption(ui.escapar_md(f"{fila['periodo']} · {fila['institucion']}"))


if presentacion:  # un grupo de tarjetas por pantalla
    with ui.diapositiva("panorama_cifras"):
        cifras_de_documentos()
    with ui.diapositiva("panorama_series"):
        ultimo_mes()
else:
    izquierda, derecha = st.columns([3, 1.3], gap="large")
    with izquierda:
        cifras_de_documentos()
    with derecha:
        ultimo_mes()

ui.a_pedido(t("ver_datos"), "panorama", lambda: (ui.tabla_cifras(titulares, "cifras_titulares_panorama", "titulares"),
                                               ui.tabla_con_descarga(ultimos, "ultimo_mes_series_oficiales", "ultimos")))
