"""Refugio y empleo: las cifras de la familia `refugio_empleo`, una tarjeta y una barra por cifra.

Las cifras se agrupan por lo que cuentan (personas, empresas, puestos, montos) y cada grupo va en su
propia gráfica: medidas distintas que pueden solaparse, nunca sumadas ni apiladas. La ENOE (ocupados
nacidos en el extranjero, formales e informales) va como contexto al lado, con sus advertencias.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato, graficos
from tablero import tarjetas as tarjetas_html
from tablero.textos import categoria, idioma_actual, t

IDI = idioma_actual()
cifras = datos.consulta("cifras_por_familias", familias=["refugio_empleo"], idioma=IDI)

st.title(t("pag_refugio"))
st.caption(t("ref_intro"))
ui.tarjetas(cifras, por_fila=3, mostrar_medida=True)

st.caption(t("no_sumar"))
# una sola cifra ya está en su tarjeta: sólo los grupos de dos o más (armados una vez por versión e idioma)
grupos = ui.memo(("refugio_grupos",), lambda: [(c, g) for c, g in cifras.groupby("cuenta", sort=True) if len(g) >= 2])
for cuenta, grupo in grupos:
    st.subheader(categoria(cuenta).capitalize())
    ui.bloque_cifras(grupo, t("cifras_titulo", tema=t("pag_refugio"), cuenta=categoria(cuenta)),
                     f"refugio_empleo_{cuenta}", f"refugio_{cuenta}")

# ---------------------------------------------------------------- contexto: ENOE
st.divider()
st.subheader(t("enoe_titulo"))
st.warning(t("enoe_advertencia"), icon=":material/warning:")
titular, _ = ui.titular_y_otras(cifras)
if titular is not None:
    cercano = datos.registros("enoe_cercano_a_cifra", cifra_id=titular["cifra_id"], idioma=IDI)
    if cercano:
        def armar() -> list:
            """La cifra del documento otra vez (sin repetir su fuente, que está arriba) al lado de su contexto."""
            return [tarjetas_html.Tarjeta(etiqueta=titular["indicador"], valor=formato.cifra_fila(titular, IDI),
                                          pie=[" · ".join(str(titular[c]) for c in ("periodo", "institucion_fuente"))]),
                    ui.tarjeta_enoe(cercano[0])]
        ui.rejilla(("refugio_enoe", titular["cifra_id"]), armar, por_fila=2)
        st.info(t("enoe_comparar_nota_refugio"), icon=":material/info:")

informalidad = datos.consulta("enoe_trimestral", lugares=[], idioma=IDI)
desde, hasta = informalidad["periodo"].iloc[0], informalidad["periodo"].iloc[-1]


def figura_informalidad() -> go.Figure:
    fig = go.Figure()
    for i, lugar in enumerate(dict.fromkeys(informalidad["lugar_nacimiento"])):
        parte = informalidad[informalidad["lugar_nacimiento"] == lugar]
        nombre = categoria(lugar)
        fig.add_scatter(x=parte["periodo"], y=parte["informal_pct"], mode="lines+markers", name=nombre,
                        line_color=graficos.OKABE_ITO[i], connectgaps=False,
                        customdata=parte[["informales", "ocupados"]],
                        hovertemplate="%{x}: %{y:.1f} % (%{customdata[0]:,} / %{customdata[1]:,})<extra>" + nombre + "</extra>")
    fig.update_xaxes(title_text=t("eje_trimestre"), type="category", nticks=12)
    return fig.update_yaxes(title_text=t("eje_informal_pct"), range=[0, 100])


ui.bloque_grafico(figura_informalidad, informalidad, t("enoe_informal_titulo", desde=desde, hasta=hasta),
                  ui.memo(("fuente_enoe_informal",), lambda: ui.linea_fuente_tabla(informalidad)),
                  graficos.nombre_archivo("ocupados_enoe_informalidad", desde, hasta),
                  "enoe_informal", completos=datos.diferida("enoe_completa"), cache=())
ui.huecos_enoe(informalidad, "enoe_todos")

ui.a_pedido(t("tabla_cifras"), "refugio_tabla", lambda: ui.tabla_cifras(cifras, "refugio_empleo_cifras", "refugio_tabla"))
