"""Seguridad social (IMSS): las cifras de la familia `imss`, cada una con lo que cuenta.

Asegurados (existencias a una fecha), emisión acumulada de números de seguridad social y personas
informadas (atenciones) no son la misma medida: cada tarjeta lo dice y la gráfica no las suma. La cifra
titular (personas migrantes aseguradas) va al lado de la estimación de la ENOE de ocupados nacidos en el
extranjero con empleo formal en el trimestre más cercano: otra medida, explicada, nunca restada. Si ya se
descargaron indicadores nacionales de la ENOE del Banco de Indicadores (`inegi_bie`), su último trimestre va debajo.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from tablero import componentes as ui
from tablero import datos, graficos
from tablero.textos import categoria, idioma_actual, t

IDI = idioma_actual()
cifras = datos.consulta("cifras_por_familias", familias=["imss"], idioma=IDI)

st.title(t("pag_imss"))
st.caption(t("imss_intro"))
fila, otras = ui.titular_y_otras(cifras)
if fila is not None:
    cercano = datos.registros("enoe_cercano_a_cifra", cifra_id=fila["cifra_id"], idioma=IDI)
    # la cifra titular al lado de su contexto de la ENOE, en una sola rejilla (armada una vez por versión e idioma)
    ui.rejilla(("imss_titular", fila["cifra_id"]), lambda: [
        ui.tarjeta_de(fila, mostrar_medida=True, mostrar_definicion=True), *(ui.tarjeta_enoe(c) for c in cercano[:1])],
        por_fila=2)
    if cercano:
        st.info(t("enoe_comparar_nota"), icon=":material/info:")
ui.tarjetas(otras, por_fila=2, mostrar_medida=True, mostrar_definicion=True)

st.caption(t("no_sumar"))
ui.bloque_cifras(cifras, t("cifras_titulo", tema=t("pag_imss"), cuenta=t("que_cuenta").lower()), "imss_cifras_documentos", "imss")

# ---------------------------------------------------------------- contexto: ENOE
st.divider()
st.subheader(t("enoe_titulo"))
st.warning(t("enoe_advertencia"), icon=":material/warning:")
extranjero = datos.consulta("enoe_trimestral", lugares=["extranjero"], idioma=IDI)
desde, hasta = extranjero["periodo"].iloc[0], extranjero["periodo"].iloc[-1]


def figura_extranjero() -> go.Figure:
    fig = go.Figure()
    for i, (columna, formalidad) in enumerate((("formales", "formal"), ("informales", "informal"))):
        nombre = categoria(formalidad)
        fig.add_scatter(x=extranjero["periodo"], y=extranjero[columna], mode="lines+markers", name=nombre,
                        line_color=graficos.OKABE_ITO[i], connectgaps=False,
                        customdata=extranjero[["ocupados", "informal_pct"]],
                        hovertemplate="%{x}: %{y:,} (%{customdata[0]:,} · %{customdata[1]:.1f} %)<extra>" + nombre + "</extra>")
    fig.update_xaxes(title_text=t("eje_trimestre"), type="category", nticks=12)
    return fig.update_yaxes(title_text=t("eje_ocupados"), rangemode="tozero", tickformat=",~f")


ui.bloque_grafico(figura_extranjero, extranjero, t("enoe_extranjero_titulo", desde=desde, hasta=hasta),
                  ui.memo(("fuente_enoe_extranjero",), lambda: ui.linea_fuente_tabla(extranjero)),
                  graficos.nombre_archivo("ocupados_nacidos_extranjero_enoe", "formalidad"),
                  "enoe_extranjero", completos=datos.diferida("enoe_completa"), cache=())
ui.huecos_enoe(extranjero, "enoe_extranjero")

# indicadores nacionales de la ENOE del Banco de Indicadores (con INEGI_TOKEN): sólo si ya hay una descarga
indicadores = datos.consulta("enoe_indicadores_ultimos", idioma=IDI)
if not indicadores.empty:
    st.subheader(t("enoe_bie_titulo"))
    st.caption(t("enoe_bie_nota"))
    ui.tabla_con_descarga(indicadores, graficos.nombre_archivo("indicadores_enoe_bie", indicadores["periodo"].max()),
                          "enoe_bie")
    st.caption(ui.memo(("fuente_enoe_bie",), lambda: ui.linea_fuente_tabla(indicadores)))

ui.a_pedido(t("tabla_cifras"), "imss_tabla", lambda: ui.tabla_cifras(cifras, "imss_cifras", "imss_tabla"))
