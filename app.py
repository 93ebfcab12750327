"""Punto de entrada del Tablero de Movilidad Humana: `streamlit run app.py`.

Fija la versión de los datos de esta ejecución, el idioma (`?idioma=en`) y el modo presentación
(`?presentacion=1`); dice qué hacer si las tablas faltan o están viejas (el servidor nunca corre el
ETL: `scripts/tablero.sh` o `python -m etl` las construyen); arma la navegación y pone el pie de
fuentes en cada página.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import streamlit as st

from tablero import componentes, datos, estilo, recolector, url
from tablero.componentes import escapar_md
from tablero.textos import IDIOMA_POR_OMISION, IDIOMAS, idioma_actual, t

log = logging.getLogger("tablero")
# Un solo formato para los registros del tablero en stderr (TABLERO_LOG=DEBUG para más detalle).
logging.basicConfig(level=os.environ.get("TABLERO_LOG", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

# El ícono es un archivo del repositorio que sirve el propio servidor: un ícono «:material/…:» como favicon lo pide el
# navegador a un servidor de fuentes externo en cada visita, y el tablero funciona sin salir de la red.
ICONO = Path(__file__).parent / "tablero" / "icono.png"
st.set_page_config(page_title=t("app_titulo"), page_icon=str(ICONO), layout="wide")

st.html(estilo.CSS_TARJETAS)

VERSION = datos.fijar_version()  # una sola versión de los datos para toda esta ejecución

# --- Idioma: la URL lo siembra; el selector manda después y lo vuelve a escribir en la URL.
if "w_idioma" not in st.session_state:
    st.session_state["w_idioma"] = url.opcion_url("idioma", IDIOMAS, IDIOMA_POR_OMISION)
st.session_state["idioma"] = st.session_state["w_idioma"]
with st.sidebar:
    st.segmented_control(t("idioma"), options=list(IDIOMAS), format_func=lambda i: t(f"idioma_{i}"),
                         key="w_idioma", required=True)
st.session_state["idioma"] = st.session_state["w_idioma"]
if st.session_state["idioma"] == IDIOMA_POR_OMISION:
    st.query_params.pop("idioma", None)
else:
    st.query_params["idioma"] = st.session_state["idioma"]

# --- Modo presentación: igual que el idioma, la URL (`?presentacion=1`) siembra el interruptor y éste la reescribe.
if "w_presentacion" not in st.session_state:
    st.session_state["w_presentacion"] = url.opcion_url("presentacion", ["0", "1"], "0") == "1"
with st.sidebar:
    st.toggle(t("modo_presentacion"), key="w_presentacion", help=t("ayuda_presentacion"))
st.session_state["presentacion"] = st.session_state["w_presentacion"]
url.escribir_url("presentacion", "1" if st.session_state["presentacion"] else None)
if st.session_state["presentacion"]:
    # CSS fijo, sin datos: sin barra lateral ni controles de Streamlit, lienzo 16:9 y letra más grande;
    # cada `interfaz.diapositiva` (una gráfica o un grupo de tarjetas) ocupa una pantalla.
    st.html(estilo.CSS_PRESENTACION)


def asegurar_tablas() -> None:
    """Sin tablas publicadas se explica qué ejecutar y se detiene; con tablas viejas o con el último ETL
    fallido se avisa y se siguen mostrando las publicadas. El servidor nunca construye."""
    estado = datos.estado_tablas()
    error = (estado["error"] or {}).get("mensaje")
    if not estado["publicadas"]:
        if error:
            st.error(t("etl_error", mensaje=escapar_md(error[:500])))
        st.error(t("tablas_faltan"))
        st.stop()
    if error:
        st.warning(t("etl_error", mensaje=escapar_md(error[:500])))
        st.info(t("etl_que_hacer"))
        st.caption(t("etl_viejas"))
    elif not estado["al_dia"]:
        st.warning(t("tablas_viejas"))


def pie() -> None:
    """Pie de cada página: productores de las tablas, dónde ver licencias y la versión de los datos."""
    productores = "; ".join(str(p) for p in datos.consulta("productores", idioma=idioma_actual())["productor"])
    st.divider()
    st.caption(escapar_md(t("pie_datos", productores=productores)))
    st.caption(t("pie_eventos"))
    st.caption(t("pie_licencias", version=escapar_md(VERSION.name)))


asegurar_tablas()

PAGINAS = [
    st.Page("paginas/panorama.py", title=t("pag_panorama"), icon=":material/dashboard:", url_path="panorama", default=True),
    st.Page("paginas/encuentros.py", title=t("pag_encuentros"), icon=":material/timeline:", url_path="encuentros"),
    st.Page("paginas/refugio_empleo.py", title=t("pag_refugio"), icon=":material/work:", url_path="refugio"),
    st.Page("paginas/imss.py", title=t("pag_imss"), icon=":material/health_and_safety:", url_path="imss"),
    st.Page("paginas/vacantes.py", title=t("pag_vacantes"), icon=":material/badge:", url_path="vacantes"),
    st.Page("paginas/proyecciones.py", title=t("pag_proyecciones"), icon=":material/query_stats:", url_path="proyecciones"),
    st.Page("paginas/territorio.py", title=t("pag_territorio"), icon=":material/map:", url_path="territorio"),
    st.Page("paginas/fuentes.py", title=t("pag_fuentes"), icon=":material/menu_book:", url_path="fuentes"),
    st.Page("paginas/cambios.py", title=t("pag_cambios"), icon=":material/difference:", url_path="cambios"),
    st.Page("paginas/incorporar.py", title=t("pag_incorporar"), icon=":material/note_add:", url_path="incorporar"),
]
pagina = st.navigation(PAGINAS, position="hidden" if st.session_state["presentacion"] else "sidebar")
st.session_state["pagina_titulo"] = pagina.title  # subtítulo de los PNG exportados
url.avisar_parametros_desconocidos()
componentes.iniciar_presentacion()  # la página junta sus gráficas y tarjetas para la «Presentación (.pptx)»
try:
    pagina.run()
except Exception:  # se registra y Streamlit la muestra sin detalles (showErrorDetails = false)
    log.exception("falló la página %s", pagina.url_path)
    raise
if st.session_state["presentacion"]:
    with st.container(horizontal=True, gap="small", key="fila_salir_presentacion"):
        st.button(t("salir_presentacion"), icon=":material/close_fullscreen:", key="salir_presentacion",
                  on_click=lambda: st.session_state.update(w_presentacion=False))
        componentes.boton_presentacion()
else:
    with st.sidebar:
        componentes.boton_presentacion()
pie()
recolector.preparar()  # una vez por proceso: lo cargado al arrancar sale de las colecciones de basura
