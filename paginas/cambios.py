"""Qué cambió: entre la versión publicada y una anterior que se elige, y entre dos instantáneas de una fuente, con
cada valor como se publicó primero y como está hoy.

Las versiones publicadas son las que conserva etl/publicacion.py; la comparación es la consulta `versiones_cambios`
(DuckDB: EXCEPT y uniones) sobre la versión de esta ejecución y los valores de la anterior. Las instantáneas salen de
las tablas `instantaneas` y `revisiones` que arma el ETL (etl/revisiones.py): una instantánea es un archivo crudo
con su fecha de consulta, y cada valor dice de qué archivo sale. La página sólo pide consultas.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato, graficos, url
from tablero.textos import categoria, idioma_actual, t

IDI = idioma_actual()
NIVELES = ["total", "detalle"]
COLUMNAS_VERSIONES = ["serie", "periodo", "cambio", "antes", "despues", "diferencia", "diferencia_pct", "archivo_antes",
                      "fecha_acceso_antes", "archivo_despues", "fecha_acceso_despues", "version_antes", "version_despues",
                      "clave", "tabla", "fuente", "institucion", "documento_tabla", "fecha"]

st.title(t("pag_cambios"))


# ---------------------------------------------------------------- contra una versión publicada anterior
def _columnas_cambios(*propias_de_versiones: str) -> dict:
    """Encabezados y formato de una tabla de cambios (antes → después), la de versiones y la de instantáneas."""
    return ({"serie": st.column_config.TextColumn(t("cam_serie"), width="large")}
            | {c: st.column_config.NumberColumn(t(f"cam_col_{c}"), format="localized") for c in ("antes", "despues", "diferencia")}
            | {"diferencia_pct": st.column_config.NumberColumn(t("cam_col_diferencia_pct"), format="%.2f %%")}
            | {c: t(f"cam_col_{c}") for c in ("periodo", "cambio", "archivo_antes", "fecha_acceso_antes", "archivo_despues",
                                              "fecha_acceso_despues")}
            | {c: t(f"ver_col_{c}") for c in propias_de_versiones})


def contra_version_anterior() -> None:
    st.subheader(t("ver_titulo"))
    st.caption(t("ver_intro"))
    actual = datos.version()
    anteriores = {v["nombre"]: v for v in datos.versiones_anteriores()}
    if not anteriores:
        st.info(t("ver_una_sola", version=actual.name, publicada=datos.publicada_el(actual)))
        return
    tablas_v = datos.consulta("versiones_tablas", idioma=IDI)
    titulos_v = dict(zip(tablas_v["tabla_comparada"], tablas_v["titulo"]))
    nombres = list(anteriores)
    with ui.filtros("versiones") as resumen:
        anterior = url.filtro_desplegable(
            "comparar", nombres, t("ver_anterior"), nombres[0],
            formato_opcion=lambda n: t("ver_opcion", nombre=n, publicada=anteriores[n]["publicada"]))
        tabla = url.filtro_desplegable("tabla_comparada", list(titulos_v), t("ver_tabla"), next(iter(titulos_v)),
                                       formato_opcion=lambda x: titulos_v[x])
        nivel = url.filtro_opcion("nivel_comparado", NIVELES, t("ver_nivel"), "total", key="nivel_comparado",
                                  formato_opcion=lambda x: t(f"ver_nivel_{x}"))
        resumen += [(t("ver_anterior"), anterior), (t("ver_tabla"), titulos_v[tabla]), (t("ver_nivel"), t(f"ver_nivel_{nivel}"))]
    try:
        cambios = datos.cambios_entre_versiones(anterior, tabla, nivel, IDI)
    except (datos.TablasNoDisponibles, RuntimeError) as e:  # una versión vieja con otro esquema
        st.warning(t("ver_ilegible", version=anterior, motivo=type(e).__name__))
        return
    conteo = cambios["cambio"].value_counts()
    st.markdown(ui.escapar_md(t(
        "ver_resumen", antes=t("ver_opcion", nombre=anterior, publicada=anteriores[anterior]["publicada"]),
        despues=t("ver_opcion", nombre=actual.name, publicada=datos.publicada_el(actual)),
        revisados=formato.numero(int(conteo.get("revisado", 0))), nuevos=formato.numero(int(conteo.get("nuevo", 0))),
        retirados=formato.numero(int(conteo.get("retirado", 0))))))
    if cambios.empty:
        st.info(t("ver_sin_cambios"))
        return

    def armar() -> pd.DataFrame:
        vista = cambios.assign(clave=cambios["serie"], serie=[ui.nombre_serie(c) for c in cambios["serie"]],
                               cambio=[t(f"cam_cambio_{c}") for c in cambios["cambio"]],
                               version_antes=anterior, version_despues=actual.name)
        return vista[COLUMNAS_VERSIONES]

    mostrada = ui.memo(("versiones_cambios", anterior, tabla, nivel), armar)
    revisados = cambios[cambios["cambio"] == "revisado"]
    if not revisados.empty:
        m = revisados.iloc[0]
        st.caption(ui.escapar_md(t("ver_mayor", serie=ui.nombre_serie(m["serie"]), periodo=m["periodo"],
                                   antes=formato.numero(m["antes"]), despues=formato.numero(m["despues"]),
                                   pct="—" if pd.isna(m["diferencia_pct"]) else f"{formato.numero(m['diferencia_pct'], 2)} %")))
    ui.tabla_con_descarga(
        mostrada, f"cambios_version_{anterior}_{tabla}_{nivel}", "cambios_version",
        columnas=_columnas_cambios("version_antes", "version_despues", "clave"),
        cache=(anterior, tabla, nivel),
    )


contra_version_anterior()

# ---------------------------------------------------------------- entre dos instantáneas de una fuente
st.subheader(t("ver_instantaneas_titulo"))
st.caption(t("cam_intro"))

instantaneas = datos.consulta("revisiones_instantaneas", idioma=IDI)
if instantaneas.empty:
    st.info(t("cam_sin_instantaneas"))
    st.stop()

titulos = dict(zip(instantaneas["tabla_revisada"], instantaneas["titulo"]))
tablas = list(titulos)


def etiqueta_instantanea(fila) -> str:
    return t("cam_instantanea", n=int(fila["instantanea"]), archivo=fila["fuente_id"], fecha=fila["fecha_acceso"])


with ui.filtros("cambios") as resumen:
    tabla = url.filtro_opcion("revisada", tablas, t("cam_tabla"), tablas[0], formato_opcion=lambda x: titulos[x])
    nivel = url.filtro_opcion("nivel", NIVELES, t("cam_nivel"), "total", formato_opcion=lambda x: t(f"cam_nivel_{x}"))
    propias = instantaneas[instantaneas["tabla_revisada"] == tabla].reset_index(drop=True)
    nombres = {str(int(f["instantanea"])): etiqueta_instantanea(f) for f in propias.to_dict("records")}
    numeros = list(nombres)
    if len(numeros) > 1:
        antes, despues = url.filtro_periodo(numeros, "antes", "despues", t("cam_antes") + " → " + t("cam_despues"),
                                            key="instantaneas", formato_opcion=lambda n: nombres[n])
    else:
        antes = despues = numeros[0]
    resumen += [(t("cam_tabla"), titulos[tabla]), (t("cam_nivel"), t(f"cam_nivel_{nivel}"))]
    if antes != despues:
        resumen.append((t("cam_antes") + " → " + t("cam_despues"), f"{antes} → {despues}"))

fila_antes = propias.iloc[numeros.index(antes)]
fila_despues = propias.iloc[numeros.index(despues)]

# ---------------------------------------------------------------- lista de cambios
st.subheader(t("cam_cambios"))
cambios = datos.consulta("revisiones_cambios", tabla_revisada=tabla, nivel=nivel, antes=int(antes), despues=int(despues),
                         idioma=IDI)
if len(numeros) == 1:
    st.info(t("cam_una_sola", archivo=fila_antes["fuente_id"], fecha=fila_antes["fecha_acceso"]))
else:
    conteo = cambios["cambio"].value_counts()
    st.markdown(ui.escapar_md(t(
        "cam_resumen", antes=etiqueta_instantanea(fila_antes), despues=etiqueta_instantanea(fila_despues),
        revisados=int(conteo.get("revisado", 0)), nuevos=int(conteo.get("nuevo", 0)), retirados=int(conteo.get("retirado", 0)))))
    mostrada = ui.memo(("cambios_mostrada", tabla, nivel, antes, despues), lambda: cambios.assign(
        serie=[ui.nombre_serie(c) for c in cambios["serie"]], cambio=[t(f"cam_cambio_{c}") for c in cambios["cambio"]],
        clave=cambios["serie"]))
    ui.tabla_con_descarga(
        mostrada, f"cambios_{tabla}_{nivel}_{antes}_{despues}", "cambios",
        columnas=_columnas_cambios("clave"),
        cache=(tabla, nivel, antes, despues),
    )

# ---------------------------------------------------------------- una serie en cada instantánea
opciones = list(datos.consulta("revisiones_series", tabla_revisada=tabla)["serie"])
if not opciones:
    st.stop()
clave_serie = "w_serie"
if st.session_state.get(clave_serie) not in opciones:
    st.session_state[clave_serie] = url.opcion_url("serie", opciones, opciones[0])
serie = st.selectbox(t("cam_serie"), opciones, key=clave_serie, format_func=ui.nombre_serie)
url.escribir_url("serie", None if serie == opciones[0] else serie)

puntos = datos.consulta("revisiones_serie", tabla_revisada=tabla, serie_revisada=serie, idioma=IDI)


def figura() -> go.Figure:
    fig = go.Figure()
    por_instantanea = puntos[puntos["linea"] == "instantanea"]
    for fecha, parte in por_instantanea.groupby("instantanea_fecha", sort=True):
        nombre = t("cam_en_instantanea", fecha=fecha)
        fig.add_scatter(x=parte["periodo"], y=parte["valor"], mode="lines", name=nombre, line=dict(color="#c3cad3", width=1),
                        customdata=parte[["archivo", "fecha_acceso", "periodo_texto"]],
                        hovertemplate="%{customdata[2]}: %{y:,} (%{customdata[0]}, %{customdata[1]})<extra>" + html.escape(nombre) + "</extra>")
    for linea, color, guion in (("primera", graficos.OKABE_ITO[1], "dash"), ("ultima", graficos.OKABE_ITO[0], "solid")):
        parte = puntos[puntos["linea"] == linea]
        nombre = t(f"cam_{linea}")
        fig.add_scatter(x=parte["periodo"], y=parte["valor"], mode="lines", name=nombre,
                        line=dict(color=color, width=2.5, dash=guion), customdata=parte[["archivo", "fecha_acceso", "periodo_texto"]],
                        hovertemplate="%{customdata[2]}: %{y:,} (%{customdata[0]}, %{customdata[1]})<extra>" + html.escape(nombre) + "</extra>")
    fig.update_yaxes(title_text=t("cam_eje"), rangemode="tozero", automargin=True, title_standoff=12)
    # el eje por año en las series anuales y trimestrales (asilo, remesas, ENOE; el periodo exacto va en cada punto);
    # por mes en las mensuales
    if set(puntos["periodicidad"].dropna()) <= {"anual", "trimestral"}:
        return fig.update_xaxes(tickformat="%Y", hoverformat="%Y")
    return graficos.formato_eje_mes(fig)


def linea_fuente() -> str:
    if puntos.empty:
        return ""
    archivos = puntos[["archivo", "fecha_acceso"]].drop_duplicates().sort_values(["fecha_acceso", "archivo"])
    lista = "; ".join(t("cam_archivo_fecha", archivo=a, fecha=f) for a, f in archivos.itertuples(index=False))
    primera = puntos.iloc[0]
    return t("cam_fuente", productor=categoria(primera["institucion"]), tabla=categoria(primera["documento_tabla"]),
             archivos=lista)


fuente = ui.memo(("cambios_fuente", tabla, serie), linea_fuente)
mostrado = puntos.assign(periodo=puntos["periodo_texto"]).drop(columns=["periodo_texto", "periodicidad"])
ui.bloque_grafico(figura, mostrado, t("cam_grafica_titulo", serie=ui.nombre_serie(serie), tabla=titulos[tabla]), fuente,
                  f"revisiones_{tabla}", "cambios_serie", cache=(tabla, serie))

# ---------------------------------------------------------------- instantáneas
st.subheader(t("cam_instantaneas"))
ui.tabla_con_descarga(propias.drop(columns=["tabla_revisada"]), f"instantaneas_{tabla}", "instantaneas", cache=(tabla,))
