"""Punto de entrada del Tablero de Movilidad Humana: `streamlit run app.py`.

Fija idioma (en la URL, `?idioma=en`), se asegura de que las tablas Parquet existan y estén al día
(en la primera ejecución las construye), arma la navegación y pone el pie de fuentes en cada página.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import datos
import interfaz
from etl import construir as etl_construir
from etl.errores import ErrorDeEntrada
from textos import IDIOMA_POR_OMISION, IDIOMAS, t

st.set_page_config(page_title="Tablero de Movilidad Humana", page_icon=":material/travel_explore:", layout="wide")

# Estilo fijo (sin datos): los valores de las tarjetas se parten en renglones en vez de cortarse con «…».
st.html("""<style>
[data-testid="stMetricValue"] > div { white-space: normal; overflow: visible; text-overflow: clip; font-size: 1.6rem; line-height: 1.2; }
[data-testid="stMetricLabel"] p { white-space: normal; }
</style>""")

# --- Idioma: la URL lo siembra; el selector manda después y lo vuelve a escribir en la URL.
if "w_idioma" not in st.session_state:
    st.session_state["w_idioma"] = interfaz.opcion_url("idioma", IDIOMAS, IDIOMA_POR_OMISION)
st.session_state["idioma"] = st.session_state["w_idioma"]
with st.sidebar:
    st.segmented_control(t("idioma"), options=list(IDIOMAS), format_func=lambda i: {"es": "Español", "en": "English"}[i],
                         key="w_idioma", required=True)
st.session_state["idioma"] = st.session_state["w_idioma"]
if st.session_state["idioma"] == IDIOMA_POR_OMISION:
    st.query_params.pop("idioma", None)
else:
    st.query_params["idioma"] = st.session_state["idioma"]


@st.cache_resource(show_spinner=False)
def _tablas_al_dia(crudos: str, destino: str) -> str:
    """Una vez por proceso: si las tablas faltan o están viejas, se construyen (los errores no se guardan)."""
    if not etl_construir.vigente(Path(crudos), Path(destino)):
        etl_construir.construir(Path(crudos), Path(destino))
    return str(Path(destino).resolve())


def asegurar_tablas() -> None:
    destino = datos.ruta_parquet()
    try:
        with st.spinner(t("construyendo")):
            _tablas_al_dia(str(datos.ruta_crudos()), str(destino))
    except Exception as e:  # noqa: BLE001 — cualquier falla del ETL se explica, nunca con traceback
        mensaje = str(e) if isinstance(e, ErrorDeEntrada) else f"{type(e).__name__}: {e}"
        hay_anteriores = (destino / etl_construir.MANIFIESTO).exists()
        (st.warning if hay_anteriores else st.error)(t("etl_error", mensaje=interfaz.escapar_md(mensaje[:500])))
        st.info(t("etl_que_hacer"))
        if hay_anteriores:
            st.caption(t("etl_viejas"))
        else:
            st.stop()


def pie() -> None:
    """Pie de cada página: productores de las tablas, dónde ver licencias y la versión de los datos."""
    fuentes = datos.consulta("fuentes_catalogo")
    productores = "; ".join(dict.fromkeys(str(p) for p in fuentes["productor"]))
    st.divider()
    st.caption(interfaz.escapar_md(t("pie_datos", productores=productores)))
    st.caption(t("pie_eventos"))
    st.caption(t("pie_licencias", version=interfaz.escapar_md(datos.version().name)))


asegurar_tablas()

PAGINAS = [
    st.Page("paginas/panorama.py", title=t("pag_panorama"), icon=":material/dashboard:", url_path="panorama", default=True),
    st.Page("paginas/encuentros.py", title=t("pag_encuentros"), icon=":material/timeline:", url_path="encuentros"),
    st.Page("paginas/refugio_empleo.py", title=t("pag_refugio"), icon=":material/work:", url_path="refugio"),
    st.Page("paginas/imss.py", title=t("pag_imss"), icon=":material/health_and_safety:", url_path="imss"),
    st.Page("paginas/vacantes.py", title=t("pag_vacantes"), icon=":material/badge:", url_path="vacantes"),
    st.Page("paginas/territorio.py", title={"es": "Territorio", "en": "Territory"}[st.session_state["idioma"]], icon=":material/map:", url_path="territorio"),
    st.Page("paginas/fuentes.py", title=t("pag_fuentes"), icon=":material/menu_book:", url_path="fuentes"),
]
pagina = st.navigation(PAGINAS)
pagina.run()
pie()
