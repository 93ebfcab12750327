"""Vacantes: todas las cifras cuya unidad es «vacantes» (de cualquier familia), con los rangos como intervalos."""

from __future__ import annotations

import streamlit as st

import datos
import graficos
import interfaz
from textos import t

UNIDADES = ["vacantes"]

st.title(t("pag_vacantes"))
st.caption(t("vac_intro"))

cifras = datos.consulta("cifras_por_unidades", unidades=UNIDADES)
cifras = cifras.sort_values(["titular", "medida", "indicador_id"], ascending=[False, False, True], kind="stable")
interfaz.tarjetas(cifras, por_fila=3, mostrar_medida=True, mostrar_definicion=True)

st.caption(t("no_sumar"))
interfaz.bloque_cifras(cifras, t("vac_titulo"), graficos.nombre_archivo("vacantes_cifras_documentos"), "vacantes")

with st.expander(t("tabla_cifras")):
    interfaz.tabla_cifras(cifras, "vacantes_cifras", "vacantes_tabla")
