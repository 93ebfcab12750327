"""Seguridad social (IMSS): las cifras de la familia `imss`, cada una con lo que cuenta.

Asegurados (existencias a una fecha), emisión acumulada de números de seguridad social y personas
informadas (atenciones) no son la misma medida: cada tarjeta lo dice y la gráfica no las suma.
"""

from __future__ import annotations

import streamlit as st

from tablero import componentes as ui
from tablero import datos
from tablero.textos import idioma_actual, t

cifras = datos.consulta("cifras_por_familias", familias=["imss"], idioma=idioma_actual())

st.title(t("pag_imss"))
st.caption(t("imss_intro"))
ui.tarjetas(cifras, por_fila=2, mostrar_medida=True, mostrar_definicion=True)

st.caption(t("no_sumar"))
ui.bloque_cifras(cifras, t("cifras_titulo", tema=t("pag_imss"), cuenta=t("que_cuenta").lower()), "imss_cifras_documentos", "imss")

ui.a_pedido(t("tabla_cifras"), "imss_tabla", lambda: ui.tabla_cifras(cifras, "imss_cifras", "imss_tabla"))
