"""Incorporar documento: subir un comunicado, informe o boletín, revisar las cifras que se proponen y descargar
las propuestas revisadas con la orden que las agrega (`python -m etl incorporar`). La página no escribe nada."""

from __future__ import annotations

import hashlib

import streamlit as st

from tablero import componentes as ui
from tablero import datos, propuestas
from tablero.textos import t

st.title(t("pag_incorporar"))
st.caption(t("inc_intro"))

subido = st.file_uploader(t("inc_subir"), type=[e.lstrip(".") for e in propuestas.TIPOS], key="inc_archivo",
                          max_upload_size=propuestas.LIMITE_MB, help=t("inc_subir_ayuda", mb=propuestas.LIMITE_MB))
if subido is None:
    st.info(t("inc_sin_archivo"))
    st.stop()


def _proponer(nombre: str, contenido: bytes):
    """Propuestas del documento subido, leído en un proceso hijo con límites (CPU, memoria, 8 s, páginas, caracteres).

    Una tarea por sesión en `st.session_state`: otra subida (o el fin de la sesión, que interrumpe esta ejecución)
    termina la anterior. El resultado, o la negativa, se guarda por huella del archivo y versión de los datos."""
    clave = (nombre, hashlib.sha256(contenido).hexdigest(), datos.version().name)
    guardado = st.session_state.get("inc_resultado")
    if guardado and guardado[0] == clave:
        return guardado[1]
    previa = st.session_state.pop("inc_tarea", None)
    if previa is not None:
        previa.terminar()
    indicadores = datos.consulta("indicadores_catalogo")
    existentes = datos.consulta("documentos_catalogo")["documento_id"].tolist()
    aviso = st.empty()  # antes de la tarea: desde que nace, toda llamada a st que interrumpa la ejecución la termina
    tarea = propuestas.iniciar(nombre, contenido, indicadores, existentes)
    try:
        st.session_state["inc_tarea"] = tarea
        salida = propuestas.resultado(tarea, latido=lambda s: aviso.caption(t("inc_leyendo_s", s=f"{s:.0f}")))
    except propuestas.DocumentoIlegible as e:
        salida = e
    except Exception as e:  # noqa: BLE001 — nunca una traza en la página: la negativa genérica, en su idioma
        salida = propuestas.negativa_generica(nombre, e)
    finally:
        tarea.terminar()
        aviso.empty()
        if st.session_state.get("inc_tarea") is tarea:
            del st.session_state["inc_tarea"]
    st.session_state["inc_resultado"] = (clave, salida)
    return salida


propuestas.preparar()
with st.spinner(t("inc_leyendo")):
    salida = _proponer(subido.name, subido.getvalue())
if isinstance(salida, propuestas.DocumentoIlegible):
    st.error(t("inc_error", mensaje=ui.escapar_md(propuestas.mensaje(salida))))
    st.stop()
cifras, documento = salida

# ---------------------------------------------------------------- el documento
st.subheader(t("inc_documento"))
st.caption(t("inc_documento_nota"))
documento = st.data_editor(documento, key="inc_doc", hide_index=True, disabled=["documento_id", "archivo", "original"],
                           column_config={"formato_numerico": st.column_config.SelectboxColumn(
                               options=["coma_miles_punto_decimal", "punto_miles_coma_decimal"], required=True)})

# ---------------------------------------------------------------- las cifras
st.subheader(t("inc_cifras", n=len(cifras)))
if cifras.empty:
    st.warning(t("inc_sin_cifras"))
    st.stop()
st.caption(t("inc_cifras_nota"))
indicadores = datos.consulta("indicadores_catalogo")["indicador_id"].tolist()
revisadas = st.data_editor(
    cifras, key="inc_cifras", hide_index=True, column_order=propuestas.orden(list(cifras.columns)),
    disabled=["confianza", "en_contexto", "valor", "valor_min", "valor_max", "valor_texto", "valor_min_texto",
              "valor_max_texto", "documento_id"],
    column_config={
        "aceptar": st.column_config.CheckboxColumn(t("inc_aceptar")),
        "confianza": st.column_config.ProgressColumn(t("inc_confianza"), min_value=0.0, max_value=1.0, format="%.2f"),
        "en_contexto": st.column_config.TextColumn(t("inc_en_contexto"), width="large"),
        "indicador_id": st.column_config.SelectboxColumn(t("indicador"), options=indicadores, required=True),
        "unidad": st.column_config.SelectboxColumn(t("inc_unidad"), options=propuestas.UNIDADES, required=True),
        "calificador": st.column_config.SelectboxColumn(t("inc_calificador"), options=list(propuestas.CALIFICADORES),
                                                        required=True),
        "periodo": st.column_config.TextColumn(t("periodo")),
        "cita": st.column_config.TextColumn(t("cita"), width="medium"),
    },
)
aceptadas = int(revisadas["aceptar"].fillna(False).astype(bool).sum())
st.caption(t("inc_n_aceptadas", n=aceptadas, total=len(revisadas)))
with st.expander(t("inc_citas"), expanded=True):
    for n, (cita, contexto, aceptada) in enumerate(zip(revisadas["cita"], revisadas["contexto"], revisadas["aceptar"]), 1):
        marca = ":material/check_box:" if aceptada else ":material/check_box_outline_blank:"
        st.markdown(f"{marca} {n}. {propuestas.cita_resaltada(cita, contexto)}")

# ---------------------------------------------------------------- descargar y la orden
st.subheader(t("inc_descargar"))
nombre_cifras, nombre_doc = propuestas.archivos(subido.name)
c1, c2 = st.columns(2)
c1.download_button(t("inc_bajar_cifras"), propuestas.csv_propuestas(revisadas), file_name=nombre_cifras,
                   mime="text/csv", key="inc_bajar_cifras", icon=":material/download:", type="primary",
                   on_click="ignore")
c2.download_button(t("inc_bajar_documento"), propuestas.csv_documento(documento), file_name=nombre_doc,
                   mime="text/csv", key="inc_bajar_documento", icon=":material/download:", on_click="ignore")
st.markdown(t("inc_orden_nota"))
st.code(propuestas.orden_incorporar(nombre_cifras, subido.name), language="bash")
if not aceptadas:
    st.warning(t("inc_ninguna"))
