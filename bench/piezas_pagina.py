"""Página de prueba de `python -m bench.piezas`: el piso (título, pie y una gráfica Plotly chica) más UNA pieza
de las páginas del tablero, elegida con `?pieza=`. Las tarjetas son las cifras de Refugio y empleo de las
tablas publicadas, dibujadas de dos maneras: como antes (columnas, contenedor con borde, `st.metric`, pie y
control «Fuente» por tarjeta) y como ahora (`componentes.tarjetas`: una rejilla HTML escapada)."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tablero import componentes as ui
from tablero import datos, estilo, formato, graficos

pieza = st.query_params.get("pieza", "ninguna")
datos.fijar_version()
st.html(estilo.CSS_TARJETAS)
st.title("Tablero")
st.caption("Página de prueba: el piso más una pieza.")


def tarjetas_streamlit(filas: list[dict]) -> None:
    """Las tarjetas como eran antes de `tablero.tarjetas`: unos siete elementos de Streamlit por tarjeta."""
    for inicio in range(0, len(filas), 3):
        for col, fila in zip(st.columns(3), filas[inicio:inicio + 3]):
            with col, st.container(border=True):
                st.metric(label=ui.escapar_md(fila["indicador"]), value=formato.cifra_fila(fila, "es"))
                st.caption(ui.escapar_md(" · ".join(str(fila[c]) for c in ("periodo", "geografia", "institucion_fuente"))))
                caja = st.popover("Fuente", icon=":material/format_quote:", key=f"pop_{fila['cifra_id']}", on_change="rerun")
                if caja.open:
                    with caja:
                        st.text(f"«{fila['cita']}»")


if pieza in ("tarjetas_streamlit", "tarjetas_html"):
    cifras = datos.consulta("cifras_por_familias", familias=["refugio_empleo"], idioma="es")
    if pieza == "tarjetas_html":
        ui.tarjetas(cifras, por_fila=3, mostrar_medida=True)
    else:
        tarjetas_streamlit(ui.registros(cifras))
elif pieza in ("filtros", "filtros_boton"):  # los ocho controles de Encuentros: en una caja o en el botón
    rango = datos.registros("series_rango_meses")[0]
    meses = [formato.mes(m) for m in pd.date_range(rango["desde"], rango["hasta"], freq="MS")]
    with st.container(border=True) if pieza == "filtros" else ui.filtros("piezas") as resumen:
        st.select_slider("Periodo", meses, value=(meses[0], meses[-1]), key="periodo")
        c1, c2, c3, c4 = st.columns([2, 1, 1.3, 1.3])
        with c4:
            st.segmented_control("Top", [5, 10, 15, 20], default=10, key="top")
        with c1:
            st.multiselect("Países", ["A", "B", "C"], key="paises")
        with c2:
            st.multiselect("Sexo", ["A", "B"], key="sexo")
        with c3:
            st.multiselect("Edad", ["A", "B", "C"], key="edad")
        st.segmented_control("Medida", ["A", "B", "C", "D", "E"], default="A", key="medida")
        with st.container(horizontal=True, gap="large"):
            st.toggle("Escala logarítmica", key="log")
            st.toggle("Sumar", key="sumar")
        if pieza == "filtros_boton":
            resumen += [("Periodo", f"{meses[0]} – {meses[-1]}"), ("Países", "todos"), ("Medida", "A")]
elif pieza == "exportar":  # lo que va bajo cada gráfica: PNG, dos CSV y el expansor de datos, tres veces
    for i in range(3):
        with st.container(horizontal=True, gap="small"):
            for boton in ("PNG", "CSV mostrados", "CSV completos"):
                st.download_button(boton, b"x", file_name="x.csv", on_click="ignore", key=f"{boton}_{i}",
                                   icon=":material/download:", help="Ayuda")
        st.expander("Ver los datos", key=f"abrir_{i}", on_change="rerun")

elif pieza == "pestanas":  # las seis secciones de Encuentros; sólo la abierta correría
    st.tabs(["Eventos por nacionalidad", "Sexo y edad", "Devoluciones", "La ruta", "CBP (Estados Unidos)",
             "Asilo en México"], key="seccion", on_change="rerun")

if pieza == "grafica_tablero":  # la primera gráfica de Encuentros (el total mensual), con tema, título y fuente
    rango = datos.registros("series_rango_meses")[0]
    serie = datos.consulta("serie_medida", serie="eventos", desde=rango["desde"], hasta=rango["hasta"], grupos=[],
                           sumar=False, medida="nivel", idioma="es")
    figura = graficos.aplicar(graficos.lineas_medida(serie, "nivel", "Eventos"), "Eventos mensuales de la UPMRIP",
                              ui.linea_fuente_tabla(serie))
    st.plotly_chart(figura, theme=None, config=graficos.config("eventos"), key="base")
else:
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])), key="base")
