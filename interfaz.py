"""Piezas de interfaz que se repiten en todas las páginas: tarjetas de cifra, estado en la URL,
bloque gráfica + tabla + CSV.

Todo lo que se muestra o se descarga pasa por aquí para que las reglas sean unas solas: el texto
que viene de los datos se muestra como texto plano (nunca HTML), cada descarga lleva columnas de
fuente, y los parámetros de la URL se validan contra listas cerradas; uno inválido se avisa y se
ignora. Aquí se enchufan también el modo presentación (`?presentacion=1`: una gráfica o grupo de
tarjetas por pantalla, letra más grande) y las exportaciones de `exportar.py`: CSV para Excel (UTF-8
con BOM, celdas tipo fórmula neutralizadas, columnas de fuente y definición), PNG 1920×1080 hecho en
el servidor y datos completos; todas se construyen sólo cuando se pulsa el botón.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import datos
import exportar
import formato
import graficos
from textos import categoria, idioma_actual, t

COLUMNAS_FUENTE = ["fuente", "institucion", "documento_tabla", "fecha"]
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def idioma() -> str:
    return idioma_actual()


def escapar_md(texto) -> str:
    """Texto de datos dentro de markdown de Streamlit: sin formato, enlaces ni fórmulas."""
    return _MARKDOWN.sub(r"\\\1", "" if texto is None else str(texto))


def nombre_indicador(fila) -> str:
    return str(fila.get("nombre_en") if idioma() == "en" and fila.get("nombre_en") else fila.get("nombre_es"))


def nombre_pais(fila) -> str:
    """Nombre de país del catálogo (español por omisión); el código ISO si no está en el catálogo."""
    clave = "nombre_en" if idioma() == "en" else "nombre_es"
    valor = fila.get(clave)
    return str(valor) if isinstance(valor, str) and valor else str(fila.get("iso3"))


# --------------------------------------------------------------------------- descargas

def csv_bytes(df: pd.DataFrame) -> bytes:
    """Bytes del CSV de una tabla (función pura): UTF-8 con BOM para Excel en español y celdas de texto
    que empiezan con = + - @ neutralizadas con un apóstrofo; los números no se tocan."""
    return exportar.csv_excel(df)


def con_definicion(df: pd.DataFrame, version_dir: str | None = None) -> pd.DataFrame:
    """Agrega la columna `definicion` (qué cuenta la tabla oficial de cada renglón, con su unidad) a una
    tabla que trae `fuente_id`; las tablas de cifras ya la traen de su indicador."""
    if "definicion" in df or "fuente_id" not in df:
        return df
    definiciones = exportar.definiciones_por_fuente(version_dir or str(datos.version()))
    salida = df.copy()
    salida["definicion"] = [definiciones.get(str(f)) for f in salida["fuente_id"]]
    return salida


def _csv_diferido(df: pd.DataFrame | Callable[[], pd.DataFrame]) -> Callable[[], bytes]:
    """Función sin argumentos que arma el CSV al pulsar el botón (Streamlit la corre en otro hilo:
    aquí no se llama a Streamlit, sólo a datos ya resueltos o a la consulta en caché)."""
    version_dir = str(datos.version())
    return lambda: csv_bytes(con_definicion(df() if callable(df) else df, version_dir))


def modo_presentacion() -> bool:
    """Verdadero con `?presentacion=1` o el interruptor de la barra lateral (lo fija app.py)."""
    return bool(st.session_state.get("presentacion", False))


def consulta_completa(nombre: str, **parametros) -> Callable[[], pd.DataFrame]:
    """«Datos completos» de una gráfica: la misma consulta sin filtros, con columnas de fuente; se
    ejecuta sólo cuando se pide la descarga."""
    return lambda: con_fuente_tabla(datos.consulta(nombre, **parametros))


@st.cache_data(show_spinner=False, max_entries=4)
def _fuentes_por_id(version: str) -> dict[str, dict]:
    """fuente_id → su renglón del catálogo de fuentes (fecha de consulta como texto), una vez por versión."""
    return {r["fuente_id"]: {**r, "fecha_acceso": str(r["fecha_acceso"])[:10]}
            for r in datos.consulta("fuentes_catalogo").to_dict("records")}


def con_fuente_tabla(df: pd.DataFrame, columna: str = "fuente_id") -> pd.DataFrame:
    """Agrega las columnas de fuente (cita sugerida, productor, cuadro, fecha de consulta) de una tabla oficial."""
    salida = df.copy()
    fuentes = _fuentes_por_id(str(datos.version()))
    claves = list(salida[columna]) if columna in salida else [None] * len(salida)
    for destino, origen in zip(COLUMNAS_FUENTE, ["cita_sugerida", "productor", "tabla", "fecha_acceso"]):
        salida[destino] = [fuentes[f][origen] if f in fuentes else None for f in claves]
    return salida


def con_fuente_cifras(df: pd.DataFrame) -> pd.DataFrame:
    """Agrega las columnas de fuente de cifras de documentos: fuente citada, institución, archivo, fecha."""
    salida = df.copy()
    salida["fuente"] = salida["institucion_fuente"]
    salida["institucion"] = salida["documento_institucion"]
    salida["documento_tabla"] = salida["archivo"]
    salida["fecha"] = salida["fecha_publicacion"]
    return salida


def descarga(df: pd.DataFrame | Callable[[], pd.DataFrame], archivo: str, key: str, etiqueta: str | None = None,
             ayuda: str | None = None) -> None:
    """Botón de CSV: los bytes se arman sólo al pulsarlo y no se vuelve a correr la página."""
    st.download_button(
        etiqueta or t("descargar_csv"), _csv_diferido(df), file_name=f"{graficos.nombre_archivo(archivo)}.csv",
        mime="text/csv", on_click="ignore", key=f"csv_{key}", icon=":material/download:", help=ayuda,
    )


def tabla_con_descarga(df: pd.DataFrame, archivo: str, key: str, columnas: dict | None = None) -> None:
    """Tabla y su CSV: el CSV es exactamente lo mostrado (más las columnas de fuente y definición si las tiene)."""
    st.dataframe(df, hide_index=True, column_config=columnas, key=f"tabla_{key}")
    descarga(df, archivo, key)


def boton_png(fig: go.Figure, titulo: str, fuente: str, archivo: str, key: str, subtitulo: str | None = None) -> None:
    """PNG 1920×1080 hecho en el servidor (kaleido + Chromium del sistema) al pulsar el botón. Sin
    Chromium, el mismo lugar explica qué instalar en vez de fallar."""
    if not exportar.chromium_disponible():
        with st.popover(t("png_boton"), icon=":material/image:", key=f"png_{key}"):
            st.markdown(t("png_sin_chromium"))
        return
    if subtitulo is None:
        subtitulo = t("png_subtitulo", pagina=st.session_state.get("pagina_titulo") or t("app_titulo"))
    extraccion = t("png_extraccion", fecha=exportar.fecha_hoy(), version=datos.version().name)
    st.download_button(
        t("png_boton"), lambda: exportar.png_bytes(fig, titulo, subtitulo, fuente, extraccion),
        file_name=f"{graficos.nombre_archivo(archivo)}_1920x1080.png", mime="image/png", on_click="ignore",
        key=f"png_{key}", icon=":material/image:", help=t("ayuda_png"),
    )


def diapositiva(key: str):
    """Contenedor de una gráfica o grupo de tarjetas; en modo presentación ocupa una pantalla (CSS de app.py)."""
    return st.container(key=f"diapositiva_{key}")


@st.cache_resource(show_spinner=False, max_entries=256)
def _figura_terminada(clave: tuple, _construir: Callable[[], go.Figure], titulo: str, fuente: str, alto: int,
                      columnas: int, presentacion: bool) -> go.Figure:
    """Figura construida y con el tema aplicado, compartida por las sesiones que piden la misma vista
    (validar las figuras de Plotly es lo más caro de una página). Nadie la modifica después."""
    return _terminar(_construir(), titulo, fuente, alto, columnas, presentacion)


def _terminar(fig: go.Figure, titulo: str, fuente: str, alto: int, columnas: int, presentacion: bool) -> go.Figure:
    if presentacion:
        return graficos.aplicar(fig, titulo, fuente, max(alto, ALTO_PRESENTACION), columnas, escala=ESCALA_PRESENTACION)
    return graficos.aplicar(fig, titulo, fuente, alto, columnas)


def bloque_grafico(fig: go.Figure | Callable[[], go.Figure], mostrado: pd.DataFrame, titulo: str, fuente: str,
                   archivo: str, key: str, alto: int = graficos.ALTO, columnas: int = 1,
                   completos: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
                   subtitulo: str | None = None, cache: tuple | None = None) -> None:
    """Gráfica con tema, título y fuente dentro; debajo, PNG 1920×1080, CSV de los datos mostrados, CSV
    de los datos completos (la consulta sin filtros; si no se da, los mostrados con todas sus columnas)
    y la tabla. `columnas`: cuántas gráficas van lado a lado (para partir título y fuente).
    En modo presentación: una pantalla por gráfica, más alta y con letra más grande, sin controles.

    `fig` puede ser una función que construye la figura; con `cache` (los parámetros de los que depende,
    además de la versión de los datos, el idioma, el título y la fuente) se construye una vez por vista."""
    presentacion = modo_presentacion()
    if cache is not None and callable(fig):
        clave = (str(datos.version()), idioma(), key, *cache)
        fig = _figura_terminada(clave, fig, titulo, fuente, alto, columnas, presentacion)
    else:
        fig = _terminar(fig() if callable(fig) else fig, titulo, fuente, alto, columnas, presentacion)
    with diapositiva(key):
        st.plotly_chart(fig, theme=None, config=graficos.config(graficos.nombre_archivo(archivo)), key=f"graf_{key}")
    if presentacion:
        return
    with st.container(horizontal=True, gap="small", key=f"exportar_{key}"):
        boton_png(fig, titulo, fuente, archivo, key, subtitulo)
        descarga(mostrado, archivo, key, t("descargar_mostrados"), t("ayuda_mostrados"))
        descarga(mostrado if completos is None else completos, f"{archivo}_completos", f"{key}_completos",
                 t("descargar_completos"), t("ayuda_completos"))
    with st.expander(t("ver_datos")):
        st.dataframe(mostrado, hide_index=True, key=f"tabla_{key}")


ALTO_PRESENTACION = 760
ESCALA_PRESENTACION = 1.35


# --------------------------------------------------------------------------- cifras de documentos

@functools.lru_cache(maxsize=32)
def _plano(texto: str) -> tuple[str, str]:
    """Texto con los espacios normalizados y su versión en minúsculas (los documentos se repiten mucho)."""
    plano = re.sub(r"\s+", " ", texto)
    return plano, plano.lower()


def contexto_cita(texto: str, cita: str, margen: int = 280) -> tuple[str, str, str] | None:
    """(antes, cita, después) donde aparece la cita en el texto (espacios normalizados); None si no está."""
    if not texto or not cita:
        return None
    plano, minusculas = _plano(texto)
    buscado = re.sub(r"\s+", " ", cita).strip()
    i = minusculas.find(buscado.lower())
    if i < 0:
        return None
    j = i + len(buscado)
    antes = plano[max(0, i - margen):i]
    despues = plano[j:j + margen]
    return ("…" + antes if i > margen else antes), plano[i:j], (despues + "…" if j + margen < len(plano) else despues)


def texto_medida(fila) -> str:
    medida = fila.get("medida")
    return t(f"medida_{medida}") if medida in ("stock", "flujo", "acumulado", "proyeccion", "proporcion") else ""


def tarjeta_cifra(fila, mostrar_medida: bool = False, mostrar_definicion: bool = False) -> None:
    """Tarjeta: valor con su calificador, periodo, institución y un control «Fuente» con documento y cita."""
    fila = dict(fila)
    with st.container(border=True):
        st.metric(label=escapar_md(nombre_indicador(fila)), value=formato.cifra_fila(fila, idioma()))
        detalles = [fila.get("periodo"), fila.get("geografia"), fila.get("institucion_fuente")]
        if fila.get("unidad") not in (None, "porcentaje"):
            detalles.insert(0, categoria(fila.get("unidad")))
        st.caption(" · ".join(escapar_md(d) for d in detalles if isinstance(d, str) and d))
        if mostrar_medida and fila.get("medida"):
            st.caption(f"**{t('que_cuenta')}:** {escapar_md(texto_medida(fila))} — {escapar_md(categoria(fila.get('cuenta')))}")
        if mostrar_definicion:
            definicion = fila.get("definicion_en") if idioma() == "en" else fila.get("definicion")
            if isinstance(definicion, str) and definicion:
                st.caption(f"**{t('definicion')}:** {escapar_md(definicion)}")
            if isinstance(fila.get("comparabilidad"), str) and fila["comparabilidad"]:
                st.caption(f"**{t('comparabilidad')}:** {escapar_md(fila['comparabilidad'])}")
        with st.popover(t("fuente"), icon=":material/format_quote:", key=f"pop_{fila['cifra_id']}"):
            ficha_fuente(fila)


def ficha_fuente(fila: dict) -> None:
    """Contenido del control «Fuente»: documento, fecha, institución, cita textual y su contexto."""
    st.markdown(f"**{t('cita')}**")
    st.text(f"«{fila.get('cita')}»")
    st.markdown(f"**{t('documento')}**")
    st.text(str(fila.get("documento_titulo") or ""))
    fecha = str(fila.get("fecha_publicacion") or "—")
    if fila.get("fecha_inferida") is True:
        fecha += " " + t("fecha_inferida")
    st.text(f"{t('archivo')}: {fila.get('archivo')}\n{t('fecha')}: {fecha}\n"
            f"{t('institucion')}: {fila.get('documento_institucion')}\n{t('institucion_fuente')}: {fila.get('institucion_fuente')}")
    if isinstance(fila.get("nota"), str) and fila["nota"]:
        st.markdown(f"**{t('nota')}**")
        st.text(fila["nota"])
    doc = datos.consulta("documento_texto", documento_id=str(fila.get("documento_id")))
    st.markdown(f"**{t('contexto')}**")
    partes = contexto_cita(doc["texto"].iloc[0] if not doc.empty else "", str(fila.get("cita") or ""))
    if partes is None:
        st.warning(t("cita_no_encontrada"))
    else:
        antes, cita, despues = partes
        st.text(f"{antes}[[ {cita} ]]{despues}")


def tarjetas(cifras: pd.DataFrame, por_fila: int = 4, mostrar_medida: bool = False,
             mostrar_definicion: bool = False) -> None:
    filas = cifras.to_dict("records")
    if not filas:
        return
    with diapositiva(f"tarjetas_{filas[0]['cifra_id']}"):  # un grupo de tarjetas por pantalla en presentación
        for inicio in range(0, len(filas), por_fila):
            columnas = st.columns(por_fila)
            for col, fila in zip(columnas, filas[inicio:inicio + por_fila]):
                with col:
                    tarjeta_cifra(fila, mostrar_medida, mostrar_definicion)


def tabla_cifras(cifras: pd.DataFrame, archivo: str, key: str) -> None:
    """Tabla de cifras de documentos con el valor como lo dice el texto y columnas de fuente."""
    vista = con_fuente_cifras(cifras)
    vista.insert(0, "cifra", [formato.cifra_fila(f, idioma()) for f in cifras.to_dict("records")])
    vista.insert(0, "indicador", [nombre_indicador(f) for f in cifras.to_dict("records")])
    columnas = ["cifra_id", "indicador", "cifra", "valor", "valor_min", "valor_max", "unidad", "calificador",
                "calificador_texto", "periodo", "geografia", "cita"] + COLUMNAS_FUENTE + ["definicion"]
    tabla_con_descarga(_definicion_idioma(vista)[[c for c in columnas if c in vista]], archivo, key)


def _definicion_idioma(vista: pd.DataFrame) -> pd.DataFrame:
    """La columna `definicion` de las cifras en el idioma de la sesión (si la consulta trae la inglesa)."""
    if idioma() == "en" and "definicion_en" in vista:
        vista = vista.assign(definicion=vista["definicion_en"])
    return vista


# --------------------------------------------------------------------------- estado en la URL

def aviso_parametro(nombre: str, valor: str) -> None:
    st.warning(t("param_invalido", nombre=nombre, valor=valor[:60]), icon=":material/link_off:")


PARAMETROS_URL = frozenset({
    "idioma", "presentacion", "desde", "hasta", "top", "paises", "sexo", "edad", "asilo_desde", "asilo_hasta",
    "buscar", "trimestre", "capas", "mmp_desde", "mmp_hasta", "causas",
})


def avisar_parametros_desconocidos() -> None:
    """Un parámetro de la URL que ninguna página usa se avisa y se quita; nunca llega a una consulta."""
    for nombre in [k for k in st.query_params if k not in PARAMETROS_URL]:
        aviso_parametro(nombre[:40], str(st.query_params.get(nombre)))
        del st.query_params[nombre]


def _valor_url(nombre: str) -> str | None:
    valor = st.query_params.get(nombre)
    return None if valor is None else str(valor)


def escribir_url(nombre: str, valor: str | None) -> None:
    """Escribe `?nombre=valor` (o lo quita si el valor es vacío / el de omisión)."""
    if valor in (None, ""):
        if nombre in st.query_params:
            del st.query_params[nombre]
    elif st.query_params.get(nombre) != valor:
        st.query_params[nombre] = valor


def opcion_url(nombre: str, permitidos: Sequence[str], defecto: str | None) -> str | None:
    """Valor de `?nombre=` si está en la lista permitida; si no, aviso visible y `defecto`."""
    valor = _valor_url(nombre)
    if valor is None or valor == "":
        return defecto
    if valor in permitidos:
        return valor
    aviso_parametro(nombre, valor)
    return defecto


def lista_url(nombre: str, permitidos: Sequence[str]) -> list[str]:
    """Lista `?nombre=A,B` con sólo los elementos permitidos; los demás se avisan y se ignoran."""
    valor = _valor_url(nombre)
    if not valor:
        return []
    partes = [p.strip() for p in valor.split(",") if p.strip()]
    validos = [p for p in dict.fromkeys(partes) if p in permitidos]
    malos = [p for p in partes if p not in permitidos]
    if malos:
        aviso_parametro(nombre, ",".join(malos))
    return validos


def _sembrar(clave: str, valor) -> None:
    # El valor de la URL sólo siembra el widget la primera vez; después manda el widget.
    if clave not in st.session_state:
        st.session_state[clave] = valor


def filtro_periodo(meses: list[str], nombre_desde: str = "desde", nombre_hasta: str = "hasta",
                   etiqueta: str | None = None, key: str = "periodo") -> tuple[str, str]:
    """Selector de periodo (mes o año inicial y final) sincronizado con `?desde=&hasta=`."""
    clave = f"w_{key}"
    if clave in st.session_state and tuple(st.session_state[clave])[0] in meses and tuple(st.session_state[clave])[-1] in meses:
        inicial = tuple(st.session_state[clave])
    else:
        inicial = (opcion_url(nombre_desde, meses, meses[0]), opcion_url(nombre_hasta, meses, meses[-1]))
        if meses.index(inicial[0]) > meses.index(inicial[1]):
            aviso_parametro(f"{nombre_desde}>{nombre_hasta}", f"{inicial[0]}>{inicial[1]}")
            inicial = (meses[0], meses[-1])
    # `value` con dos extremos hace del control un rango; se pasa en cada ejecución (sin sembrar la sesión,
    # que Streamlit avisaría como conflicto) para que el par del navegador no se pierda.
    desde, hasta = st.select_slider(etiqueta or t("f_periodo"), options=meses, value=inicial, key=clave)
    escribir_url(nombre_desde, None if desde == meses[0] else desde)
    escribir_url(nombre_hasta, None if hasta == meses[-1] else hasta)
    return desde, hasta


def filtro_lista(nombre: str, opciones: dict[str, str], etiqueta: str, key: str | None = None) -> list[str]:
    """Selección múltiple (códigos → etiquetas visibles) sincronizada con `?nombre=A,B`."""
    clave = f"w_{key or nombre}"
    if clave not in st.session_state:
        _sembrar(clave, lista_url(nombre, list(opciones)))
    elegidos = st.multiselect(etiqueta, options=list(opciones), format_func=lambda c: opciones.get(c, c), key=clave,
                              placeholder=t("elegir"))
    escribir_url(nombre, ",".join(elegidos) if elegidos else None)
    return list(elegidos)


def filtro_opcion(nombre: str, opciones: Sequence, etiqueta: str, defecto, key: str | None = None,
                  formato_opcion: Callable = str) -> str:
    """Una opción de una lista cerrada, sincronizada con `?nombre=`."""
    clave = f"w_{key or nombre}"
    textos = [str(o) for o in opciones]
    if clave not in st.session_state:
        st.session_state[clave] = opciones[textos.index(opcion_url(nombre, textos, str(defecto)))]
    valor = st.segmented_control(etiqueta, options=list(opciones), format_func=formato_opcion, key=clave,
                                 required=True)
    escribir_url(nombre, None if valor == defecto else str(valor))
    return valor


def etiquetas_categorias(valores: Sequence[str]) -> dict[str, str]:
    return {v: categoria(v) for v in valores}


def linea_fuente_tabla(df: pd.DataFrame, columna: str = "fuente_id") -> str:
    """Línea de fuente para una gráfica de tabla oficial (una o varias fuentes)."""
    fuentes = _fuentes_por_id(str(datos.version()))
    ids = dict.fromkeys(df[columna].dropna().astype(str)) if columna in df else {}
    return " ".join(graficos.texto_fuente(fuentes[f], t) for f in ids if f in fuentes)


def linea_fuente_cifras(cifras: pd.DataFrame) -> str:
    """Línea de fuente para una gráfica de cifras de documentos (cada documento una vez)."""
    lineas = []
    for f in cifras.drop_duplicates(["documento_id", "institucion_fuente"]).to_dict("records"):
        titulo = str(f["documento_titulo"])
        titulo = titulo if len(titulo) <= 90 else titulo[:88].rstrip() + "…"
        lineas.append(t("fuente_linea_doc", institucion=f["institucion_fuente"], titulo=titulo,
                        archivo=f["archivo"], fecha=f["fecha_publicacion"]))
    return " ".join(lineas)


def figura_cifras(cifras: pd.DataFrame) -> go.Figure:
    """Barras horizontales de cifras de documentos, una por cifra y sin apilar: un rango se dibuja como
    intervalo (de valor_min a valor_max), nunca como punto medio; la etiqueta lleva el calificador."""
    fig = go.Figure()
    filas = cifras.to_dict("records")
    nombres = [nombre_indicador(f) for f in filas]
    es_rango = [f.get("calificador") == "rango" or pd.isna(f.get("valor")) for f in filas]
    inicio = [f["valor_min"] if r else 0 for f, r in zip(filas, es_rango)]
    largo = [(f["valor_max"] - f["valor_min"]) if r else f["valor"] for f, r in zip(filas, es_rango)]
    textos = [formato.cifra_fila(f, idioma()) for f in filas]
    colores = [graficos.OKABE_ITO[1] if r else graficos.OKABE_ITO[0] for r in es_rango]
    fig.add_bar(y=nombres, x=largo, base=inicio, orientation="h", marker_color=colores, text=textos,
                textposition="outside", cliponaxis=False, customdata=textos, hovertemplate="%{y}: %{customdata}<extra></extra>",
                showlegend=False)
    fig.update_yaxes(autorange="reversed")
    extremo = max((a + b for a, b in zip(inicio, largo)), default=0)
    fig.update_xaxes(title_text=t("eje_valor"), range=[0, extremo * 1.4 if extremo else 1], tickformat=",~f")  # espacio para la etiqueta
    return fig


def bloque_cifras(cifras: pd.DataFrame, titulo: str, archivo: str, key: str) -> None:
    """Gráfica de cifras de documentos (medidas distintas, no sumadas) con su tabla y CSV con fuentes."""
    if cifras.empty:
        st.info(t("sin_datos"))
        return
    fig = figura_cifras(cifras)
    vista = con_fuente_cifras(cifras)
    vista.insert(1, "cifra", [formato.cifra_fila(f, idioma()) for f in cifras.to_dict("records")])
    columnas = ["cifra_id", "indicador_id", "cifra", "valor", "valor_min", "valor_max", "unidad", "calificador",
                "calificador_texto", "periodo", "geografia", "cita"] + COLUMNAS_FUENTE + ["definicion"]
    vista = _definicion_idioma(vista)
    # Completos: los mismos renglones con todas las columnas de la consulta (periodo como fechas, nota, URL…).
    bloque_grafico(fig, vista[[c for c in columnas if c in vista]], titulo, linea_fuente_cifras(cifras), archivo, key,
                   alto=max(320, 70 * len(cifras) + 220), completos=vista)


def filtro_texto(nombre: str, etiqueta: str, largo_max: int = 80, key: str | None = None) -> str:
    """Texto libre (búsqueda) sincronizado con `?nombre=`; sólo filtra en la página, nunca entra a SQL.
    Uno demasiado largo o con caracteres de control se avisa y se ignora."""
    clave = f"w_{key or nombre}"
    if clave not in st.session_state:
        valor = _valor_url(nombre) or ""
        if len(valor) > largo_max or any(ord(c) < 32 for c in valor):
            aviso_parametro(nombre, valor)
            valor = ""
        st.session_state[clave] = valor
    valor = st.text_input(etiqueta, key=clave, max_chars=largo_max)
    escribir_url(nombre, valor.strip() or None)
    return valor.strip()


_escribir_url = escribir_url  # nombre anterior, lo usa paginas/territorio.py
