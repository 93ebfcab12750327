"""Seguridad social (IMSS): las cifras de la familia `imss`, cada una con lo que cuenta.

Asegurados (existencias a una fecha), emisión acumulada de números de seguridad social y personas
informadas (atenciones) no son la misma medida: cada tarjeta lo dice y la gráfica no las suma.
"""

from __future__ import annotations

import streamlit as st

import datos
import graficos
import interfaz
from textos import t

FAMILIA = "imss"

st.title(t("pag_imss"))
st.caption(t("imss_intro"))

cifras = datos.consulta("cifras_por_familias", familias=[FAMILIA])
cifras = cifras.sort_values(["titular", "medida", "indicador_id"], ascending=[False, False, True], kind="stable")
interfaz.tarjetas(cifras, por_fila=2, mostrar_medida=True, mostrar_definicion=True)

st.caption(t("no_sumar"))
interfaz.bloque_cifras(cifras, t("cifras_titulo", tema=t("pag_imss"), cuenta=t("que_cuenta").lower()),
                       graficos.nombre_archivo("imss_cifras_documentos"), "imss")

with st.expander(t("tabla_cifras")):
    interfaz.tabla_cifras(cifras, "imss_cifras", "imss_tabla")
