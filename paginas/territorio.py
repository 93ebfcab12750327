"""Territorio: remesas por entidad sobre los límites del INEGI, con los centros que nombran los documentos
y las muertes y desapariciones de personas migrantes (OIM). El mapa no usa mosaicos ni internet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tablero import componentes as ui
from tablero import datos, formato, graficos, mapa, url
from tablero import tarjetas as tarjetas_html
from tablero.textos import categoria, idioma_actual, t

IDI = idioma_actual()

st.title(t("pag_territorio"))
st.caption(t("ter_intro"))



def opciones() -> tuple[dict, list[str], dict]:
    """Trimestres (etiqueta → fecha), años y causas del MMP para los filtros: una vez por versión e idioma."""
    trimestres = {formato.trimestre(d, IDI): d for d in datos.consulta("remesas_trimestres")["trimestre"]}
    mmp = datos.consulta("territorio_mmp_opciones")
    anios = [str(a) for a in range(int(mmp["anio_min"].min()), int(mmp["anio_max"].max()) + 1)]
    return trimestres, anios, {c: categoria(c) for c in mmp["causa"]}


trimestres, anios, opciones_causas = ui.memo(("ter_opciones",), opciones)
claves = list(trimestres)
desde, hasta, causas = anios[0], anios[-1], []

with ui.filtros("territorio") as resumen:
    elegido = url.filtro_paso("trimestre", claves, t("ter_f_trimestre"), claves[-1])
    nombres_capas = {"centros": t("ter_capa_centros"), "mmp": t("ter_capa_mmp")}
    capas = url.filtro_interruptores("capas", nombres_capas, defecto=["centros", "mmp"])
    ver_centros, ver_mmp = "centros" in capas, "mmp" in capas
    if ver_mmp:
        c4, c5 = st.columns([1, 1.4])
        with c4:
            desde, hasta = url.filtro_periodo(anios, "mmp_desde", "mmp_hasta", t("ter_f_anios"), key="mmp_anios")
        with c5:
            causas = url.filtro_lista("causas", opciones_causas, t("ter_f_causas"))
    resumen += [(t("ter_f_trimestre"), elegido), (t("r_capas"), ui.nombres_elegidos(capas, nombres_capas, t("r_ninguna")))]
    if ver_mmp:
        resumen += [(t("ter_f_anios"), f"{desde} – {hasta}"),
                    (t("r_causas"), ui.nombres_elegidos(causas, opciones_causas, t("r_todas")))]

trimestre = pd.Timestamp(trimestres[elegido]).date()
version = str(datos.version())
vista = mapa.mapa(version, IDI, trimestre, ver_centros, ver_mmp, int(desde), int(hasta), tuple(causas), ui.hoy())
archivo = graficos.nombre_archivo("territorio", elegido)
st.plotly_chart(vista.figura, theme=None, config=graficos.config(archivo), key="graf_territorio")
ui.agregar_a_presentacion(vista.figura, vista.titulo, vista.fuente)
vertices = ui.memo(("ter_vertices",), lambda: tuple(int(datos.consulta("territorio_geometria")[c].sum())
                                                   for c in ("vertices_original", "vertices")))
st.caption(ui.escapar_md(t("ter_nota_geometria", a=formato.numero(vertices[0]), b=formato.numero(vertices[1]),
                           kb=formato.numero(round(vista.bytes_json / 1000)))))
if not ui.modo_presentacion():
    ui.boton_png(vista.figura, vista.titulo, vista.fuente, archivo, "territorio")

mmp = datos.consulta("territorio_mmp", desde=int(desde), hasta=int(hasta), causas=list(causas)) if ver_mmp else None
fuera = ui.memo(("ter_fuera", desde, hasta, tuple(causas)), lambda: int((~mmp["en_mexico"]).sum())) if ver_mmp else 0
if fuera:
    st.caption(ui.escapar_md(t("ter_fuera", n=fuera)))

# ---------------------------------------------------------------- datos del mapa y CSV
# Cada tabla en un expansor que la arma y la manda sólo al abrirlo (los incidentes del MMP pesan casi 1 MB, y
# una tabla a la vista retrasa el primer dibujo del mapa): abrirlo vuelve a correr la página, que está en caché.
centros = datos.consulta("territorio_centros") if ver_centros else None


def tabla_remesas() -> None:
    ui.tabla_con_descarga(datos.consulta("remesas_por_entidad", trimestre=trimestre, idioma=IDI),
                          f"remesas_entidad_{elegido}", "terr_remesas", cache=(trimestre,))
    ui.descarga(datos.diferida("remesas_completa"), "remesas_entidad_completas", "terr_remesas_completas",
                t("descargar_completos"), t("ayuda_completos"))


def tabla_mmp() -> None:
    ui.tabla_con_descarga(mmp, f"mmp_incidentes_{desde}_{hasta}", "terr_mmp", cache=(desde, hasta, tuple(causas)))
    ui.descarga(datos.diferida("mmp_completa"), "mmp_incidentes_completos", "terr_mmp_completos",
                t("descargar_completos"), t("ayuda_completos"))


ui.a_pedido(t("ter_tab_entidades"), "terr_remesas", tabla_remesas)
if ver_centros:
    ui.a_pedido(t("ter_tab_centros"), "terr_centros", lambda: ui.tabla_con_descarga(centros, "centros_documentos",
                                                                                     "terr_centros", cache=()))
if ver_mmp:
    ui.a_pedido(t("ter_tab_mmp"), "terr_mmp", tabla_mmp)

# ---------------------------------------------------------------- centros: lo que dicen los documentos
if ver_centros:
    st.subheader(t("ter_centros_sub"))
    st.caption(t("ter_texto_es"))

    def _o(valor) -> str:
        return valor if isinstance(valor, str) and valor else t("ter_no_lo_dice")

    def tarjeta_centro(f: dict) -> tarjetas_html.Tarjeta:
        """Un centro como lo describe su documento (lo que no dice, se dice), con su cita y la del posterior."""
        f = mapa.centro_en_idioma(f, IDI)
        filas = [(t("ter_tipo"), _o(f["tipo"])),
                 (t("ter_lugar"), f"{_o(f['municipio'])}, {_o(f['entidad'])} ({f['cve_ent']})"),
                 (t("ter_h_estado"), _o(f["estado"])), (t("ter_h_operador"), _o(f["operador"])),
                 (t("ter_servicios"), _o(f["servicios"])), (t("ter_financiamiento"), _o(f["financiamiento"]))]
        if isinstance(f.get("estado_posterior"), str):
            filas.append((t("ter_posterior"), f["estado_posterior"]))
        fuentes = [ui.fuente_de_cita(
            f["cita"], f["documento_id"],
            renglones=[(t("documento"), str(f["documento_titulo"])), (t("archivo"), str(f["archivo"])),
                       (t("fecha"), str(f["fecha_publicacion"])),
                       (t("ter_coordenadas"), f"{f['lon']}, {f['lat']} — {f['coordenadas_fuente']}")])]
        if isinstance(f.get("cita_posterior"), str):
            fuentes.append(ui.fuente_de_cita(
                f["cita_posterior"], f["documento_posterior"], titulo=t("ter_posterior"),
                renglones=[(t("documento"), str(f["posterior_titulo"])), (t("archivo"), str(f["posterior_archivo"])),
                           (t("fecha"), str(f["posterior_fecha"]))]))
        return tarjetas_html.Tarjeta(encabezado=f["nombre"], etiqueta="", valor="", pie_con_titulo=filas,
                                     cifra_id=str(f["centro_id"]), fuentes=fuentes)

    ui.rejilla(("centros",), lambda: [tarjeta_centro(f) for f in centros.to_dict("records")], por_fila=2)
