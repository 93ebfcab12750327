"""Vacantes: todas las cifras cuya unidad es «vacantes» (de cualquier familia), con los rangos como intervalos."""

from __future__ import annotations

import streamlit as st

from tablero import componentes as ui
from tablero import datos
from tablero.textos import idioma_actual, t

cifras = datos.consulta("cifras_por_unidades", unidades=["vacantes"], idioma=idioma_actual())

st.title(t("pag_vacantes"))
st.caption(t("vac_intro"))
ui.tarjetas(cifras, por_fila=3, mostrar_medida=True, mostrar_definicion=True)

st.caption(t("no_sumar"))
ui.bloque_cifras(cifras, t("vac_titulo"), "vacantes_cifras_documentos", "vacantes")

ui.a_pedido(t("tabla_cifras"), "vacantes_tabla", lambda: ui.tabla_cifras(cifras, "vacantes_cifras", "vacantes_tabla"))
