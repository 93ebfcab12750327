"""Proyecciones: cada serie mensual oficial con su proyección del ETL, sus bandas y su puntaje público.

Nada se ajusta aquí: la página lee las tablas que publica etl/proyecciones.py (el procedimiento, sus bandas
y su puntaje en la ventana de reporte) y las muestra junto a lo observado, con la cobertura que tuvo cada banda
y los horizontes en que el ingenuo se equivocó menos. Cada serie es una pestaña (`?seccion=`; `?series=` elige
cuáles hay) y sólo corre la abierta; la última trae el puntaje de todas.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato, graficos, url
from tablero.textos import idioma_actual, t

IDI = idioma_actual()
HORIZONTES = [1, 3, 6, 12]
HISTORIAS = [24, 36, 60]

st.title(t("pag_proyecciones"))
st.caption(t("proy_intro"))

filas_series = datos.registros("proyecciones_series", idioma=IDI)
MODELOS = {m: t(f"modelo_{m}") for m in ("estacional_ingenuo", "ingenuo", "ets", "arima", "theta", "mediana", "procedimiento",
                                         "suma_partes")}
EJES = {"eventos": t("eje_eventos"), "devoluciones": t("eje_devoluciones"), "encuentros": t("eje_encuentros"),
        "personas": t("eje_personas")}


def nombre_serie(fila) -> str:
    if fila["nivel"] == "otras":
        return t("proy_serie_eventos_otras")
    if fila["tabla_entrada"] == "eventos_nacionalidad":
        return t("proy_serie_eventos_pais", pais=fila["nacionalidad"]) if isinstance(fila["iso3"], str) else t("proy_serie_eventos_total")
    return {"devoluciones": t("proy_serie_devoluciones"), "cbp_encuentros": t("proy_serie_cbp"),
            "darien": t("proy_serie_darien")}[fila["tabla_entrada"]]


nombres = {f["serie"]: nombre_serie(f) for f in filas_series}
with ui.filtros("proyecciones") as resumen:
    elegidas = url.filtro_lista("series", nombres, t("f_proy_series"))
    c1, c2 = st.columns(2)
    with c1:
        horizonte = url.filtro_opcion("horizonte", HORIZONTES, t("f_proy_horizonte"), 3)
    with c2:
        historia = url.filtro_opcion("historia", HISTORIAS, t("f_proy_historia"), 36)
    resumen += [(t("r_series"), ui.nombres_elegidos(elegidas, nombres, t("r_todas"))),
                (t("f_proy_horizonte"), str(horizonte)), (t("f_proy_historia"), str(historia))]

# ---------------------------------------------------------------- advertencias, con los datos


def regimen() -> str | None:
    """El máximo y el último mes observados de la primera serie (el total), dichos en la advertencia."""
    total = datos.consulta("proyeccion_grafica", serie=filas_series[0]["serie"], historia=max(HISTORIAS))
    observado = total[total["tipo"] == "observado"]
    if observado.empty:
        return None
    pico, ultimo = observado.loc[observado["valor"].idxmax()], observado.iloc[-1]
    return ui.escapar_md(t("proy_adv_regimen", maximo=formato.numero(pico["valor"]), mes_maximo=pico["mes"],
                           ultimo=formato.numero(ultimo["valor"]), mes_ultimo=ultimo["mes"]))


resumen_series = {f["serie"]: f for f in datos.registros("proyecciones_resumen")}  # la clave "": todas juntas


def pct(x) -> str:
    return formato.numero(100 * x, 0)


def advertencias() -> str:
    """Las advertencias y las definiciones en un solo bloque de texto (un elemento menos que montar por renglón)."""
    texto_regimen = regimen() if filas_series else None
    renglones = [t("proy_adv_eventos")] + ([texto_regimen] if texto_regimen else []) + [t("proy_adv_meta")]
    total = resumen_series.get("")
    if total:
        renglones.append(t("proy_cobertura_total", desde=total["primer_origen"], hasta=total["ultimo_origen"],
                           n=formato.numero(total["pronosticos"]), c80=pct(total["cobertura_80"]), c95=pct(total["cobertura_95"])))
    definiciones = [t("proy_def_rmae"), t("proy_def_mase"), t("proy_def_winkler"), t("proy_def_cobertura")]
    largo = datos.consulta("proyecciones_puntaje", horizonte=max(HORIZONTES))
    if not largo.empty:
        n = int(largo["origenes"].min())
        definiciones.append(t("proy_def_incierto", h=max(HORIZONTES), n=n, p=formato.numero(100 / n, 0)))
    return ("\n".join(f"- {r}" for r in renglones) + "\n\n" + t("proy_metodo") + "\n\n"
            + "\n".join(f"- {r}" for r in definiciones))


with st.expander(t("proy_advertencias"), expanded=True, icon=":material/warning:"):
    st.markdown(ui.memo(("proy_advertencias",), advertencias))  # una vez por versión e idioma

puntaje = datos.consulta("proyecciones_puntaje", horizonte=horizonte)


def figura(g, modelo: str, eje: str, coberturas: dict[int, str]):
    """Observado (línea), proyección punteada desde el último mes observado y bandas de 95 % y 80 %, cada una con la
    cobertura que tuvo en la ventana de reporte en su nombre."""
    def construir() -> go.Figure:
        obs = g[g["tipo"] == "observado"]
        pro = g[g["tipo"] == "proyeccion"]
        fig = go.Figure()
        for nivel, opacidad in ((95, 0.14), (80, 0.30)):
            banda = t(f"proy_banda_{nivel}")
            nombre = t("proy_banda_cob", banda=banda, c=coberturas[nivel]) if nivel in coberturas else banda
            fig.add_scatter(x=pro["mes"], y=pro[f"sup_{nivel}"], mode="lines", line={"width": 0}, showlegend=False,
                            hoverinfo="skip")
            fig.add_scatter(x=pro["mes"], y=pro[f"inf_{nivel}"], mode="lines", line={"width": 0}, fill="tonexty",
                            fillcolor=f"rgba(230,159,0,{opacidad})", name=nombre,
                            customdata=pro[f"sup_{nivel}"],
                            hovertemplate="%{x|%Y-%m}: %{y:,.0f} – %{customdata:,.0f}<extra>" + banda + "</extra>")
        fig.add_scatter(x=obs["mes"], y=obs["valor"], mode="lines+markers", name=t("proy_observado"),
                        line={"color": graficos.OKABE_ITO[0]}, hovertemplate="%{x|%Y-%m}: %{y:,}<extra></extra>")
        x = list(obs["mes"].tail(1)) + list(pro["mes"])
        y = list(obs["valor"].tail(1)) + list(pro["valor"])
        fig.add_scatter(x=x, y=y, mode="lines+markers", name=t("proy_proyeccion", modelo=modelo),
                        line={"color": graficos.OKABE_ITO[3], "dash": "dash"}, marker={"size": 5},
                        hovertemplate="%{x|%Y-%m}: %{y:,.0f}<extra></extra>")
        fig.update_yaxes(title_text=eje, rangemode="tozero", tickformat=",~f")
        return graficos.formato_eje_mes(fig)
    return construir


def linea_puntaje(p, serie: str) -> str:
    """El puntaje del procedimiento al horizonte elegido y la cobertura de sus bandas en toda la ventana."""
    if p.empty:
        return t("proy_sin_puntaje", h=horizonte)
    f = p.iloc[0]
    lineas = [t("proy_puntaje", n=int(f["origenes"]), h=horizonte, rmae=formato.numero(f["rmae_estacional"], 2),
                rmae_ingenuo=formato.numero(f["rmae_ingenuo"], 2), mase=formato.numero(f["mase"], 2),
                w80=formato.numero(f["winkler_80"], 0))]
    r = resumen_series.get(serie)
    if r:
        lineas.append(t("proy_cobertura_serie", desde=r["primer_origen"], hasta=r["ultimo_origen"], c80=pct(r["cobertura_80"]),
                        c95=pct(r["cobertura_95"]), h=horizonte, h80=pct(f["cobertura_80"]), h95=pct(f["cobertura_95"])))
    if int(f["origenes"]) < 20:
        lineas.append(t("proy_pocos", n=int(f["origenes"])))
    return "\n\n".join(ui.escapar_md(x) for x in lineas)


def etiqueta_corta(fila) -> str:
    """Nombre de la pestaña: el país o la serie, sin repetir la institución (va en el subtítulo)."""
    if fila["nivel"] == "otras":
        return t("proy_tab_otras")
    if fila["tabla_entrada"] == "eventos_nacionalidad":
        return fila["nacionalidad"] if isinstance(fila["iso3"], str) else t("proy_tab_eventos_total")
    return t(f"proy_tab_{fila['tabla_entrada']}")


def seccion_serie(fila) -> None:
    """Una serie: observado y proyección con bandas, y al lado el procedimiento con su puntaje."""
    serie = fila["serie"]
    nombre = nombres[serie]
    modelo = MODELOS[fila["modelo"]]
    r = resumen_series.get(serie)
    coberturas = {80: pct(r["cobertura_80"]), 95: pct(r["cobertura_95"])} if r else {}
    st.subheader(nombre)
    g = datos.consulta("proyeccion_grafica", serie=serie, historia=historia)

    def periodo_observado() -> str:
        observados = g[g["tipo"] == "observado"]
        return formato.periodo_meses(observados["mes"].min(), observados["mes"].max())
    periodo = ui.memo(("proy_periodo", serie, historia), periodo_observado)
    c1, c2 = st.columns([3, 1])
    with c1:
        ui.bloque_grafico(figura(g, modelo, EJES[fila["medida"]], coberturas), g, t("proy_titulo", serie=nombre, periodo=periodo),
                          ui.memo(("fuente_proy", serie, historia), lambda: ui.linea_fuente_tabla(g)) + " " + t("proy_fuente_calculo"),
                          graficos.nombre_archivo("proyeccion", serie, f"{historia}m"), f"proy_{serie}",
                          columnas=2, completos=datos.diferida("proyeccion_completa", serie=serie), cache=(serie, historia))
    with c2, st.container(border=True, key=f"puntaje_{serie}"):
        # modelo, último mes y puntaje en un solo bloque de texto (armado una vez por vista)
        st.markdown(ui.memo(("proy_puntaje", serie, horizonte), lambda: "\n\n".join((
            t("proy_modelo_suma") if fila["modelo"] == "suma_partes" else t("proy_modelo", modelo=modelo),
            ":small[:gray[" + ui.escapar_md(t("proy_ultimo_mes", mes=fila["ultimo_mes"])) + "]]",
            linea_puntaje(puntaje[(puntaje["serie"] == serie) & puntaje["elegido"]], serie)))))
        if r and isinstance(r["horizontes_ingenuo_mejor"], str):
            st.warning(t("proy_ingenuo_mejor", horizontes=r["horizontes_ingenuo_mejor"]), icon=":material/info:")


def seccion_puntaje() -> None:
    """El puntaje de todas las series y modelos al horizonte elegido, con la evaluación completa para descargar."""
    st.subheader(t("proy_puntaje_titulo", h=horizonte))
    st.caption(t("proy_def_rmae") + " " + t("proy_def_mase") + " " + t("proy_def_winkler") + " " + t("proy_def_cobertura"))
    ui.tabla_con_descarga(puntaje, graficos.nombre_archivo("proyecciones_puntaje", f"h{horizonte}"), "puntaje", cache=(horizonte,))
    if not ui.modo_presentacion():
        with st.container(horizontal=True, gap="small"):
            ui.descarga(datos.diferida("proyecciones_puntaje_completo"), "proyecciones_puntaje_completo", "puntaje_completo",
                        t("proy_descargar_puntaje"))
            ui.descarga(datos.diferida("proyecciones_evaluacion_completa"), "proyecciones_evaluacion", "evaluacion",
                        t("proy_descargar_evaluacion"), t("proy_ayuda_evaluacion"))


# ---------------------------------------------------------------- una pestaña por serie (sólo corre la abierta)
secciones = {f["serie"]: (etiqueta_corta(f), lambda f=f: seccion_serie(f)) for f in filas_series
             if not elegidas or f["serie"] in elegidas}
secciones["puntaje"] = (t("proy_tab_puntaje"), seccion_puntaje)
url.secciones("seccion", secciones)
