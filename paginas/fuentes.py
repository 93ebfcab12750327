"""Fuentes y metodología: de dónde sale cada número.

La frescura de cada fuente (consulta `frescura`: estado contra la fecha de hoy), documentos, tablas oficiales (productor, licencia, periodo, cómo citar), todas las cifras con su cita
(buscables), el catálogo de indicadores y la matriz de brechas de desagregación, derivada de las
columnas de las tablas y de las cifras publicadas (consultas `desagregaciones_*`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tablero import api, datos, formato, url
from tablero import componentes as ui
from tablero.exportar import paquete
from tablero.textos import idioma_actual, t, t_o

IDI = idioma_actual()
DIMENSIONES = ["mes", "nacionalidad", "sexo", "edad", "entidad"]

st.title(t("pag_fuentes"))
st.caption(t("fue_intro"))

# ---------------------------------------------------------------- frescura de las fuentes
st.subheader(t("fue_frescura"))
HOY = ui.hoy()
st.caption(t("fue_frescura_nota", hoy=HOY.isoformat()))


def estado_texto(estado, dias, token) -> str:
    """El estado en palabras; una fuente sin datos todavía dice qué variable de entorno necesita su descarga."""
    if not isinstance(estado, str):
        return t("frescura_sin_periodos")
    if estado == "sin_datos":
        return t("frescura_sin_datos_clave", token=token) if isinstance(token, str) and token else t("frescura_sin_datos")
    return t("frescura_atrasada", n=formato.numero(dias)) if estado == "atrasada" else t(f"frescura_{estado}")


def armar_frescura() -> pd.DataFrame:
    """La consulta `frescura` (estado calculado en SQL contra la fecha de hoy) con sus textos en el idioma."""
    f = datos.consulta("frescura", hoy=HOY, idioma=IDI)
    return pd.DataFrame({
        t("col_fuente"): f["fuente"],
        t("col_estado"): [estado_texto(e, d, k) for e, d, k in zip(f["estado"], f["dias_atraso"], f["token"])],
        t("col_ultimo_periodo"): f["ultimo_periodo"].fillna("—"), t("col_antiguedad"): f["meses_antiguedad"],
        t("col_proxima"): f["proxima_publicacion"].fillna("—"),
        t("col_cadencia"): [t(f"cadencia_{c}") if isinstance(c, str) else "—" for c in f["cadencia"]],
        t("col_fecha_acceso"): f["fecha_acceso"].fillna("—"), t("col_descarga"): f["descarga"], t("col_titulo"): f["titulo"],
        "url": f["url"],
    })


ui.tabla_con_descarga(ui.memo(("fuentes_frescura",), armar_frescura), f"frescura_fuentes_{HOY.isoformat()}", "frescura",
                      columnas={"url": st.column_config.LinkColumn(), t("col_estado"): st.column_config.TextColumn(width="medium"),
                                t("col_descarga"): st.column_config.CheckboxColumn(t("col_descarga"))}, cache=(HOY.isoformat(),))

# ---------------------------------------------------------------- paquete de datos (zip, Frictionless)
st.subheader(t("paquete_titulo"))
version = datos.version()
st.markdown(t("paquete_texto", version=ui.escapar_md(version.name)))
st.download_button(  # el zip se arma sólo al pulsar (y se guarda por versión); la página no se vuelve a correr
    t("paquete_boton"), lambda: paquete.paquete_datos_zip(version, IDI), file_name=f"tablero_movilidad_humana_{version.name}.zip",
    mime="application/zip", on_click="ignore", key="paquete_datos", icon=":material/folder_zip:", type="primary",
)

# ---------------------------------------------------------------- cifras y citas (buscables)
st.subheader(t("fue_cifras"))
buscar = url.filtro_texto("buscar", t("f_buscar"))
cifras = datos.consulta("cifras_catalogo", buscar=buscar, idioma=IDI)
total = int(datos.consulta("cifras_total")["cifras"].iloc[0])
st.caption(t("fue_n_cifras", n=len(cifras), total=total))
st.caption(t("fue_citas_idioma"))
ui.tabla_con_descarga(ui.vista_cifras(cifras, extra=("familia", "nota")), "cifras_y_citas" + (f"_{buscar}" if buscar else ""), "cifras",
                      columnas={"cita": st.column_config.TextColumn(t("cita"), width="large")}, cache=(buscar,))

# ---------------------------------------------------------------- brechas de datos
st.subheader(t("fue_brechas"))
st.caption(t("fue_brechas_nota"))


def armar_matriz() -> pd.DataFrame:
    """Tablas y cifras de documentos en una matriz de dimensiones (una vez por versión e idioma)."""
    tablas = datos.consulta("desagregaciones_tablas", idioma=IDI)
    docs = datos.consulta("desagregaciones_cifras", idioma=IDI)
    docs["familia"] = [t_o(f"fam_{f}", f) for f in docs["familia"]]
    matriz = pd.concat([tablas.assign(origen=t("fila_tabla")), docs.assign(origen=t("fila_documentos"))], ignore_index=True)
    return matriz[["origen", "familia", "indicador", "tabla", "cifras"] + DIMENSIONES]


matriz = ui.memo(("fuentes_matriz",), armar_matriz)
ui.tabla_con_descarga(
    matriz, "matriz_brechas_desagregacion", "brechas",
    columnas={d: st.column_config.CheckboxColumn(t(f"dim_{d}")) for d in DIMENSIONES}
    | {"origen": t("origen"), "familia": t("familia"), "indicador": t("indicador"),
       "cifras": st.column_config.NumberColumn(format="localized")},
    cache=(),
)

def _enlaces_web(tabla):
    """La columna de enlaces sólo lleva direcciones http(s): otra (javascript:, data:, una fórmula) queda vacía."""
    if "url" in tabla:
        tabla = tabla.assign(url=tabla["url"].where(tabla["url"].astype("string").str.match(r"(?i)https?://[^\s\"'<>`]+$")
                                                    .fillna(False).astype(bool)))
    return tabla


# ---------------------------------------------------------------- documentos
st.subheader(t("fue_documentos"))
st.caption(t("fue_documentos_idioma"))
ui.tabla_con_descarga(_enlaces_web(datos.consulta("documentos_catalogo")), "documentos_fuente", "documentos",
                      columnas={"url": st.column_config.LinkColumn()}, cache=())

# ---------------------------------------------------------------- tablas oficiales
st.subheader(t("fue_tablas"))
st.caption(t("fue_tablas_idioma"))
ui.tabla_con_descarga(_enlaces_web(datos.consulta("fuentes_catalogo")), "tablas_oficiales_procedencia", "fuentes",
                      columnas={"url": st.column_config.LinkColumn(),
                                "cita_sugerida": st.column_config.TextColumn(width="large")}, cache=())

# ---------------------------------------------------------------- indicadores
st.subheader(t("fue_indicadores"))
ui.tabla_con_descarga(datos.consulta("indicadores_catalogo"), "indicadores_catalogo", "indicadores",
                      columnas={"definicion": st.column_config.TextColumn(width="large")}, cache=())

# ---------------------------------------------------------------- datos por URL (API de datos)
def datos_por_url() -> None:
    """Cada tabla en su dirección estable (`/api/v1/tablas/…`, servida por `servidor.py`) y una línea para leerla
    en R, Stata y Python."""
    st.subheader(t("fue_api_titulo"))
    base = ui.url_base()
    st.markdown(t("fue_api_texto", lista=ui.escapar_md(f"{base}{api.PREFIJO}/tablas")))
    tablas = api.tablas_publicadas(str(datos.version()))
    if not tablas:
        return
    filas = pd.DataFrame([{"tabla": n, "titulo": en if IDI == "en" else es,
                           "csv": f"{base}{api.PREFIJO}/tablas/{n}.csv",
                           "parquet": f"{base}{api.PREFIJO}/tablas/{n}.parquet"} for n, es, en in tablas])
    st.dataframe(filas, hide_index=True, key="tabla_api",
                 column_config={"tabla": t("fue_api_tabla"), "titulo": t("fue_api_titulo_tabla"),
                                "csv": st.column_config.LinkColumn(t("fue_api_csv")), "parquet": st.column_config.LinkColumn(t("fue_api_parquet"))})
    ejemplo = tablas[0][0]
    st.caption(t("fue_api_ejemplos", tabla=ejemplo))
    st.code(api.ejemplos(f"{base}{api.PREFIJO}/tablas/{ejemplo}.csv", f"{base}{api.PREFIJO}/tablas/{ejemplo}.parquet"),
            language="r", wrap_lines=True)
    st.caption(t("fue_api_filtros", ejemplo=ui.escapar_md(f"{base}{api.PREFIJO}/tablas/{ejemplo}.csv?iso3=HND&iso3=GTM")))


datos_por_url()
