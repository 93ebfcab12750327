"""Refugio y empleo: las cifras de la familia `refugio_empleo`, una tarjeta y una barra por cifra.

Las cifras se agrupan por lo que cuentan (personas, empresas, puestos, montos) y cada grupo va en su
propia gráfica: medidas distintas que pueden solaparse, nunca sumadas ni apiladas.
"""

from __future__ import annotations

import streamlit as st

import datos
import graficos
import interfaz
from textos import categoria, t

FAMILIA = "refugio_empleo"

st.title(t("pag_refugio"))
st.caption(t("ref_intro"))

cifras = datos.consulta("cifras_por_familias", familias=[FAMILIA])
cifras = cifras.sort_values(["titular", "cuenta", "indicador_id"], ascending=[False, True, True], kind="stable")
interfaz.tarjetas(cifras, por_fila=3, mostrar_medida=True)

st.caption(t("no_sumar"))
for cuenta, grupo in cifras.groupby("cuenta", sort=True):
    if len(grupo) < 2:
        continue  # una sola cifra ya está en su tarjeta
    st.subheader(categoria(cuenta).capitalize())
    interfaz.bloque_cifras(grupo, t("cifras_titulo", tema=t("pag_refugio"), cuenta=categoria(cuenta)),
                           graficos.nombre_archivo("refugio_empleo", cuenta), f"refugio_{cuenta}")

with st.expander(t("tabla_cifras")):
    interfaz.tabla_cifras(cifras, "refugio_empleo_cifras", "refugio_tabla")
