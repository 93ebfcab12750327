"""Panorama: la cifra titular de cada familia (según `cifras.titular`) y el último mes de cada serie oficial,
con su cambio contra el mes anterior y contra el mismo mes de un año antes (calculados en SQL) y una línea
chica de sus 24 meses (`st.metric(chart_data=…)`), con la fuente a la vista."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato
from tablero.textos import categoria, idioma_actual, t, t_o

st.title(t("pag_panorama"))
st.caption(t("pan_intro"))

titulares = datos.consulta("cifras_titulares", idioma=idioma_actual())
ultimos = datos.consulta("ultimos_meses")
lineas = datos.consulta("ultimos_24_meses")
presentacion = ui.modo_presentacion()


def cifras_de_documentos() -> None:
    st.subheader(t("pan_cifras"))
    filas = datos.registros("cifras_titulares", idioma=idioma_actual())
    por_fila = 4 if presentacion else 2

    def armar() -> list:
        lista = [ui.tarjeta_de(f) for f in filas]
        for tarjeta, fila in zip(lista, filas):
            tarjeta.encabezado = t_o("fam_" + fila["familia"], fila["familia"])
        return lista
    ui.rejilla(("pan_cifras", tuple(f["cifra_id"] for f in filas)), armar, por_fila=por_fila)


def con_signo(pct) -> str:
    """Cambio porcentual con su signo: «+3.5», «-60.2» (el signo decide la flecha de st.metric)."""
    return ("+" if pct > 0 else "-" if pct < 0 else "") + formato.numero(abs(pct), 1)


def cambio(pct, clave: str, mes) -> str | None:
    """Texto del cambio contra el mes anterior, o None si falta alguno de los dos meses."""
    return None if pd.isna(pct) else t(clave, cambio=con_signo(pct), mes=mes)


def puntos_por_serie(lineas: pd.DataFrame) -> dict[tuple, list]:
    """(serie, fuente_id) → [(mes, valor)…] en el orden de la consulta: la línea chica de cada tarjeta."""
    puntos: dict[tuple, list] = {}
    for serie, fuente_id, mes, valor in lineas[["serie", "fuente_id", "mes", "valor"]].itertuples(index=False):
        puntos.setdefault((serie, fuente_id), []).append((mes, valor))
    return puntos


def ultimo_mes() -> None:
    st.subheader(t("pan_series"))
    filas = datos.registros("ultimos_meses")
    # En pantalla normal, una columna angosta; en presentación, una fila de tarjetas para que quepa en 16:9.
    contenedores = st.columns(len(filas)) if presentacion else [st.container() for _ in filas]
    puntos = ui.memo(("pan_puntos",), lambda: puntos_por_serie(lineas))
    edades = {(f["serie"], f["fuente_id"]): ui.texto_antiguedad(f["periodo"], f["meses_antiguedad"], "mensual")
              for f in datos.registros("ultimos_meses_antiguedad", hoy=ui.hoy())}
    for contenedor, fila in zip(contenedores, filas):
        linea = puntos.get((fila["serie"], fila["fuente_id"]), [])
        with contenedor, st.container(border=True):
            st.metric(label=ui.escapar_md(t_o(f"serie_{fila['serie']}", fila["serie"])), value=formato.numero(fila["valor"]),
                      delta=cambio(fila["cambio_mes_pct"], "pan_cambio_mes", mes=fila["periodo_mes_anterior"]),
                      delta_color="off", chart_data=[v for _, v in linea if not pd.isna(v)], chart_type="line")  # st.metric no acepta huecos
            # un solo pie, un renglón por dato (cada elemento es un mensaje más por sesión)
            if pd.isna(fila["cambio_anio_pct"]):
                renglones = [t("pan_sin_cambio", mes=fila["periodo_anio_anterior"])]
            else:
                renglones = [t("pan_cambio_anio", cambio=con_signo(fila["cambio_anio_pct"]),
                               mes=fila["periodo_anio_anterior"], valor=formato.numero(fila["valor_anio_anterior"]))]
            edad = edades.get((fila["serie"], fila["fuente_id"]))
            renglones.append(f"{edad.capitalize() if edad else fila['periodo']} · {categoria(fila['institucion'])} · "
                             f"{categoria(fila['documento_tabla'])}")
            if linea and not presentacion:  # en presentación la tarjeta cabe en la pantalla; las fechas están en la tabla
                renglones.append(t("pan_linea_24", desde=linea[0][0], hasta=linea[-1][0], n=len(linea)))
            st.caption("\n\n".join(ui.escapar_md(r) for r in renglones))


if presentacion:  # un grupo de tarjetas por pantalla
    with ui.diapositiva("panorama_cifras"):
        cifras_de_documentos()
    with ui.diapositiva("panorama_series"):
        ultimo_mes()
else:
    izquierda, derecha = st.columns([3, 1.3], gap="large")
    with izquierda:
        cifras_de_documentos()
    with derecha:
        ultimo_mes()


def tablas_panorama() -> None:
    ui.tabla_cifras(titulares, "cifras_titulares_panorama", "titulares")
    ui.tabla_con_descarga(ultimos, "ultimo_mes_series_oficiales", "ultimos")
    st.caption(t("pan_24_meses"))
    ui.tabla_con_descarga(lineas, "series_oficiales_24_meses", "lineas_24")


ui.a_pedido(t("ver_datos"), "panorama", tablas_panorama)
