"""Refugio y empleo: las cifras de la familia `refugio_empleo`, una tarjeta y una barra por cifra.

Las cifras se agrupan por lo que cuentan (personas, empresas, puestos, montos) y cada grupo va en su
propia gráfica: medidas distintas que pueden solaparse, nunca sumadas ni apiladas.
"""

from __future__ import annotations

import streamlit as st

from tablero import componentes as ui
from tablero import datos
from tablero.textos import categoria, idioma_actual, t

cifras = datos.consulta("cifras_por_familias", familias=["refugio_empleo"], idioma=idioma_actual())

st.title(t("pag_refugio"))
st.caption(t("ref_intro"))
ui.tarjetas(cifras, por_fila=3, mostrar_medida=True)

st.caption(t("no_sumar"))
for cuenta, grupo in cifras.groupby("cuenta", sort=True):
    if len(grupo) < 2:
        continue  # una sola cifra ya está en su tarjeta
    st.subheader(categoria(cuenta).capitalize())
    ui.bloque_cifras(grupo, t("cifras_titulo", tema=t("pag_refugio"), cuenta=categoria(cuenta)),
                     f"refugio_empleo_{cuenta}", f"refugio_{cuenta}")

ui.a_pedido(t("tabla_cifras"), "refugio_tabla", lambda: ui.tabla_cifras(cifras, "refugio_empleo_cifras", "refugio_tabla"))
