"""Piezas de interfaz que se repiten en todas las páginas: bloque gráfica + exportaciones + tabla,
tarjetas de cifra con su «Fuente», tablas con CSV y diapositivas del modo presentación.

Todo lo que se muestra o se descarga pasa por aquí para que las reglas sean unas solas: el texto
que viene de los datos se muestra como texto plano (markdown escapado o HTML escapado en las tarjetas,
`tablero.tarjetas`); cada descarga lleva las columnas de
fuente que ya trae su consulta; las descargas se arman sólo al pulsar el botón y con la versión de
los datos de la ejecución que dibujó la página.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

from tablero import datos, formato, graficos, url
from tablero import tarjetas as tarjetas_html
from tablero.cache import compartida
from tablero.exportar import csv_excel, png, presentacion
from tablero.textos import TEXTOS, categoria, etiqueta_columna, idioma_actual, nombres_en, t, t_o, tabla_en_idioma

COLUMNAS_FUENTE = ["fuente", "institucion", "documento_tabla", "fecha"]
COLUMNAS_CIFRAS = ["cifra_id", "indicador", "cifra", "valor", "valor_min", "valor_max", "unidad", "calificador",
                   "calificador_texto", "periodo", "geografia", "cita", *COLUMNAS_FUENTE, "definicion"]
ALTO_PRESENTACION = 760
ESCALA_PRESENTACION = 1.35
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")
Tabla = pd.DataFrame | Callable[[], pd.DataFrame]


def escapar_md(texto) -> str:
    """Texto de datos dentro de markdown de Streamlit: sin formato, enlaces ni fórmulas."""
    return _MARKDOWN.sub(r"\\\1", "" if texto is None else str(texto))


def modo_presentacion() -> bool:
    """Verdadero con `?presentacion=1` o el interruptor de la barra lateral (lo fija app.py)."""
    return bool(st.session_state.get("presentacion", False))


def diapositiva(key: str):
    """Contenedor de una gráfica o grupo de tarjetas; en modo presentación ocupa una pantalla (CSS de app.py)."""
    return st.container(key=f"diapositiva_{key}")


@contextlib.contextmanager
def filtros(key: str) -> Iterator[list[tuple[str, str]]]:
    """Los filtros de una página dentro de un botón «Filtros» y, a su lado, lo elegido en una línea.

    El navegador no monta lo que hay en un `st.popover` hasta que se abre: una caja de filtros a la vista
    retrasaba el primer dibujo de la gráfica más que cualquier otra pieza (`python -m bench.piezas`). Los
    widgets siguen existiendo (valores, URL) aunque el botón esté cerrado. Quien llama agrega a la lista que
    recibe pares (nombre, valor elegido); al salir se escriben, escapados, al lado del botón (y quedan en la
    captura de pantalla)."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key=f"fila_filtros_{key}"):
        caja = st.popover(t("filtros"), icon=":material/tune:", key=f"filtros_{key}", help=t("filtros_ayuda"))
        resumen = st.empty()
    partes: list[tuple[str, str]] = []
    with url.avisos_fuera():  # un parámetro inválido de la URL se avisa debajo del botón, a la vista
        with caja:
            yield partes
        resumen.caption(" · ".join(f"**{escapar_md(nombre)}:** {escapar_md(valor)}" if valor else f"**{escapar_md(nombre)}**"
                                   for nombre, valor in partes))
        _recolectar("filtros", *partes)


def nombres_elegidos(elegidos: list[str], opciones: dict[str, str], ninguno: str, maximo: int = 4) -> str:
    """Lo elegido en un filtro de lista, para el resumen: hasta `maximo` nombres y «+N»; vacío = `ninguno`."""
    if not elegidos:
        return ninguno
    nombres = [opciones.get(e, e) for e in elegidos]
    return ", ".join(nombres[:maximo]) + (f" +{len(nombres) - maximo}" if len(nombres) > maximo else "")


# --------------------------------------------------------------------------- presentación de la vista

_CLAVE_PIEZAS = "_piezas_presentacion"
COLUMNAS_PERIODO = ("periodo", "mes", "trimestre", "anio", "periodo_inicio", "fecha_incidente")


def iniciar_presentacion() -> None:
    """app.py, antes de correr la página: aquí se juntan las gráficas, tarjetas y filtros que dibuja esta ejecución
    (lo que lleva la «Presentación (.pptx)»). Sólo se guardan referencias: armar las diapositivas espera al botón."""
    st.session_state[_CLAVE_PIEZAS] = {"piezas": [], "filtros": []}


def _recolectar(tipo: str, *valores) -> None:
    vista = st.session_state.get(_CLAVE_PIEZAS)
    if vista is not None:
        vista[tipo].extend(valores)


def _grafica_presentacion(fig, titulo: str, fuente: str, descripcion: str, subtitulo: str,
                          mostrado: pd.DataFrame) -> presentacion.Grafica:
    """La gráfica para su diapositiva, con su último periodo, sus advertencias (qué cuenta la tabla, en qué unidad)
    y sus fuentes, de los datos que dibuja. Corre al pulsar el botón, no al dibujar la página."""
    ultimo = ""
    columna = next((c for c in COLUMNAS_PERIODO if c in mostrado.columns), None)
    if columna is not None and not mostrado[columna].dropna().empty:
        ultimo = presentacion.categoria_x(mostrado[columna].dropna().max())
    advertencias = [subtitulo] if subtitulo else []
    if "definicion" in mostrado.columns:
        advertencias += [str(d) for d in mostrado["definicion"].dropna().unique()[:3]]
    fuentes = []
    if {"institucion", "documento_tabla"} <= set(mostrado.columns):
        fuentes = list(dict.fromkeys(zip(mostrado["institucion"].astype(str), mostrado["documento_tabla"].astype(str))))
    return presentacion.Grafica(fig, titulo, fuente, descripcion, subtitulo, advertencias, ultimo, fuentes)


def agregar_a_presentacion(fig, titulo: str, fuente: str, descripcion: str = "",
                           mostrado: pd.DataFrame | None = None) -> None:
    """Una gráfica dibujada fuera de `bloque_grafico` (el mapa de Territorio) también va en la presentación."""
    _recolectar("piezas", functools.partial(_grafica_presentacion, fig, titulo, fuente, descripcion, "",
                                            pd.DataFrame() if mostrado is None else mostrado))


def url_base() -> str:
    """Esquema, servidor y puerto por los que el navegador ve el tablero (detrás de nginx, los de nginx)."""
    try:
        partes = urlsplit(st.context.url or "")
    except Exception:  # fuera de un servidor (AppTest)
        return ""
    return f"{partes.scheme}://{partes.netloc}" if partes.netloc else ""


def url_vista() -> str:
    """La dirección de la vista abierta, con sus parámetros (filtros, sección, idioma)."""
    try:
        base = st.context.url or ""
    except Exception:  # fuera de un servidor (AppTest)
        base = ""
    consulta = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return base + (f"?{consulta}" if consulta else "")


def boton_presentacion() -> None:
    """«Presentación (.pptx)» de lo que dibujó esta ejecución (nada si la página no tiene gráficas ni tarjetas).
    Las diapositivas se arman al pulsar, en otro hilo, con la versión de los datos y el idioma de esta ejecución."""
    vista = st.session_state.get(_CLAVE_PIEZAS)
    if not vista or not any(callable(p) for p in vista["piezas"]):
        return
    piezas, filtros = list(vista["piezas"]), [(str(a), str(b)) for a, b in vista["filtros"]]
    idioma, version_dir = idioma_actual(), str(datos.version())
    titulo = str(st.session_state.get("pagina_titulo") or t("app_titulo"))
    direccion = url_vista()

    def armar() -> bytes:
        licencias = datos.consulta_en(version_dir, "fuentes_catalogo").to_dict("records")
        return presentacion.presentacion_pptx(presentacion.Vista(
            idioma, titulo, Path(version_dir).name, direccion, filtros,
            [p() if callable(p) else p for p in piezas], licencias))

    st.download_button(
        t("pres_boton"), armar, file_name=f"{graficos.nombre_archivo(titulo)}_{Path(version_dir).name}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", on_click="ignore",
        key="presentacion_pptx", icon=":material/slideshow:", help=t("pres_ayuda"))


# --------------------------------------------------------------------------- descargas y tablas

def descarga(df: Tabla, archivo: str, key: str, etiqueta: str | None = None, ayuda: str | None = None) -> None:
    """Botón de CSV para Excel: los bytes se arman sólo al pulsarlo (en otro hilo, con la tabla ya resuelta o
    una consulta atada a la versión de esta ejecución) y la página no se vuelve a correr."""
    idioma, nombres = idioma_actual(), nombres_en()  # el botón arma sus bytes en otro hilo, fuera de la sesión
    st.download_button(
        etiqueta or t("descargar_csv"),
        lambda: csv_excel.csv_excel(tabla_en_idioma(df() if callable(df) else df, idioma, nombres)),
        file_name=f"{graficos.nombre_archivo(archivo)}.csv", mime="text/csv", on_click="ignore", key=f"csv_{key}",
        icon=":material/download:", help=ayuda,
    )


def a_pedido(etiqueta: str, key: str, contenido: Callable[[], None]) -> None:
    """Expansor cuyo contenido (tablas grandes) corre y se manda al navegador sólo cuando alguien lo abre.

    Un `st.expander` o una pestaña normales corren y mandan su contenido aunque nadie los abra. Éste guarda
    su estado (`on_change="rerun"`, clave `abrir_<key>`): abrirlo vuelve a correr la página, que esta vez
    arma lo de adentro. Sin `st.fragment` a propósito: definir un fragmento copia el estado de la página
    (cursores y pila de contenedores) en cada ejecución, y con una tabla por gráfica y una cita por tarjeta
    esas copias eran la parte más grande del CPU por sesión (`python -m bench.carga`)."""
    caja = st.expander(etiqueta, key=f"abrir_{key}", on_change="rerun")
    if caja.open:
        with caja:
            contenido()


def tabla_con_descarga(df: pd.DataFrame, archivo: str, key: str, columnas: dict | None = None,
                       cache: tuple | None = None) -> None:
    """Tabla y su CSV: el CSV es exactamente lo mostrado. Con `cache` (los parámetros de los que depende `df`,
    además de la versión de los datos y el idioma), la tabla de Arrow que se manda al navegador se arma una
    vez por vista y se comparte entre sesiones: convertir una tabla ancha de pandas cuesta milisegundos."""
    mostrada, config = tabla_para_mostrar(df, columnas) if cache is None else \
        memo(("tabla_arrow", key, *cache), lambda: _en_arrow(*tabla_para_mostrar(df, columnas)))
    st.dataframe(mostrada, hide_index=True, column_config=_copia(config), key=f"tabla_{key}")
    descarga(df, archivo, key)


NULO = "—"
_DECIMALES = re.compile(r"\.(\d+)f")


def _en_arrow(vista: pd.DataFrame, config: dict) -> tuple:
    return convert_pandas_df_to_arrow_table(vista), config


def _copia(config: dict) -> dict:
    """Copia de la configuración de columnas (la compartida entre sesiones no se toca)."""
    return {k: dict(v) if isinstance(v, dict) else v for k, v in config.items()}


def _numeros_como_texto(serie: pd.Series, nombre: str, formato_dado: str | None) -> pd.Series:
    """Números con celdas vacías como texto es-MX («2,300,000», «12.5 %») y «—» en lo vacío."""
    if formato_dado is None:
        formato_dado = formato.formato_tabla(serie, nombre)
    if formato_dado is None:  # años y claves: sin comas
        return serie.map(lambda v: NULO if pd.isna(v) else str(int(v)) if float(v) == int(v) else str(v)).astype(object)
    decimales = _DECIMALES.search(formato_dado)
    digitos = int(decimales.group(1)) if decimales else (0 if formato_dado.endswith("d") else None)
    sufijo = " %" if formato_dado.rstrip().endswith("%%") else ""
    return serie.map(lambda v: NULO if pd.isna(v) else formato.numero(v, digitos) + sufijo).astype(object)


def tabla_para_mostrar(df: pd.DataFrame, columnas: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """La tabla como se ve en pantalla (el CSV conserva los nombres y valores de campo): en el idioma
    (`tabla_en_idioma`), los códigos de familia con su nombre, las celdas vacías como «—» (la tabla de Streamlit
    dibuja «None») y cada encabezado con su etiqueta del catálogo (`etiqueta_columna`; una gemela `X_en` lleva la
    de `X` y la configuración dada para `X`). Una columna numérica con celdas vacías se muestra como texto con
    formato es-MX, alineado a la derecha."""
    vista = tabla_en_idioma(df)
    if vista is None:
        return df, dict(columnas or {})
    columnas, idioma = dict(columnas or {}), idioma_actual()
    cambios, config = {}, {}
    for nombre in vista.columns:
        serie, base = vista[nombre], str(nombre).removesuffix("_en")
        clave = nombre if nombre in columnas else base if base in columnas else None
        dado = columnas.get(clave) if clave is not None else {}
        if clave is not None and dado is None:  # columna escondida a propósito
            config[nombre] = None
            continue
        dado = {"label": dado} if isinstance(dado, str) else dict(dado or {})
        if not dado.get("label") or dado["label"] == nombre:
            dado["label"] = etiqueta_columna(nombre, idioma)
        texto = pd.api.types.is_object_dtype(serie) or pd.api.types.is_string_dtype(serie)
        if base == "familia" and texto:
            serie = serie.map(lambda v: t_o(f"fam_{v}", v, idioma) if isinstance(v, str) else v)
        if serie.isna().any():
            if pd.api.types.is_numeric_dtype(serie) and not pd.api.types.is_bool_dtype(serie):
                formato_dado = (dado.get("type_config") or {}).get("format")
                serie = _numeros_como_texto(serie, str(nombre), formato_dado)
                dado = st.column_config.TextColumn(dado["label"], width=dado.get("width"), help=dado.get("help"),
                                                   alignment="right")
            elif texto and serie.dropna().map(lambda v: isinstance(v, str)).all():  # un enlace vacío queda vacío
                vacio = "" if (dado.get("type_config") or {}).get("type") == "link" else NULO
                serie = serie.astype(object).where(serie.notna(), vacio)
        if serie is not vista[nombre]:
            cambios[nombre] = serie
        config[nombre] = dado
    if cambios:
        vista = vista.assign(**cambios)
    return vista, config


def boton_png(fig: go.Figure, titulo: str, fuente: str, archivo: str, key: str, subtitulo: str | None = None) -> None:
    """PNG 1920×1080 hecho en el servidor (kaleido + Chromium del sistema) al pulsar el botón. Sin
    Chromium, el mismo lugar explica qué instalar en vez de fallar."""
    if not png.chromium_disponible():
        with st.popover(t("png_boton"), icon=":material/image:", key=f"png_{key}"):
            st.markdown(t("png_sin_chromium"))
        return
    if subtitulo is None:
        subtitulo = t("png_subtitulo", pagina=st.session_state.get("pagina_titulo") or t("app_titulo"))
    extraccion = t("png_extraccion", fecha=png.fecha_hoy(), version=datos.version().name)
    st.download_button(
        t("png_boton"), lambda: png.png_bytes(fig, titulo, subtitulo, fuente, extraccion),
        file_name=f"{graficos.nombre_archivo(archivo)}_1920x1080.png", mime="image/png", on_click="ignore",
        key=f"png_{key}", icon=":material/image:", help=t("ayuda_png"),
    )


# --------------------------------------------------------------------------- gráficas

@compartida(max_entries=256)
def _figura_terminada(clave: tuple, _construir: Callable[[], go.Figure], titulo: str, fuente: str, alto: int,
                      columnas: int, presentacion: bool) -> go.Figure:
    """Figura construida y con el tema aplicado, compartida por las sesiones que piden la misma vista
    (validar las figuras de Plotly es lo más caro de una página). Nadie la modifica después."""
    return graficos.congelar(_terminar(_construir(), titulo, fuente, alto, columnas, presentacion))


@compartida(max_entries=512)
def _memo(clave: tuple, _calcular: Callable):
    return _calcular()


def memo(clave: tuple, calcular: Callable):
    """Lo que una vista deriva de sus datos (línea de fuente, descripción, formatos de tabla), calculado una vez
    por vista (`clave` + versión de los datos + idioma) y compartido entre sesiones: el render caliente no
    repite ese pandas. El resultado no se modifica después."""
    return _memo((str(datos.version()), idioma_actual(), hoy().isoformat(), *clave), calcular)  # el día: la antigüedad cambia


def hoy() -> dt.date:
    """La fecha contra la que se mide la antigüedad de los datos (la del día en que se muestra la página)."""
    return dt.date.today()


def texto_antiguedad(periodo: str, meses, cadencia: str | None) -> str:
    """«último mes: 2025-04, hace 20 meses» (los meses los calcula SQL: `frescura`, `antiguedad_fuentes`)."""
    n = int(meses)
    hace = t("hace_este_mes") if n <= 0 else t("hace_un_mes") if n == 1 else t("hace_meses", n=formato.numero(n))
    return t(f"antiguedad_{cadencia if cadencia in ('trimestral', 'anual') else 'mensual'}", periodo=periodo, hace=hace)


def antiguedad_fuentes() -> dict[str, str]:
    """{fuente_id: «último mes: …, hace N meses»} de cada archivo de una tabla oficial, al día de hoy."""
    return {f["fuente_id"]: texto_antiguedad(f["ultimo_periodo"], f["meses_antiguedad"], f["cadencia"])
            for f in datos.registros("antiguedad_fuentes", hoy=hoy(), idioma=idioma_actual())}


def _terminar(fig: go.Figure, titulo: str, fuente: str, alto: int, columnas: int, presentacion: bool) -> go.Figure:
    if presentacion:
        return graficos.aplicar(fig, titulo, fuente, max(alto, ALTO_PRESENTACION), columnas, escala=ESCALA_PRESENTACION)
    return graficos.aplicar(fig, titulo, fuente, alto, columnas)


def bloque_grafico(fig: go.Figure | Callable[[], go.Figure], mostrado: pd.DataFrame, titulo: str, fuente: str,
                   archivo: str, key: str, alto: int = graficos.ALTO, columnas: int = 1,
                   completos: Tabla | None = None, subtitulo: str | None = None, cache: tuple | None = None,
                   descripcion: str | None = None) -> None:
    """Gráfica con tema, título y fuente dentro; debajo, PNG 1920×1080, CSV de los datos mostrados, CSV
    de los datos completos (todos los renglones de la tabla, con columnas de fuente; si no se da, los
    mostrados) y la tabla. `columnas`: cuántas gráficas van lado a lado (para partir título y fuente).
    En modo presentación: una pantalla por gráfica, más alta y con letra más grande, sin controles.

    `fig` puede ser una función que construye la figura; con `cache` (los parámetros de los que depende,
    además de la versión de los datos de esta ejecución, el idioma, el título y la fuente) se construye
    una vez por vista y se comparte entre sesiones.

    `descripcion`: la oración hecha con los datos (`tablero.descripcion`) que describe la gráfica: es su texto
    alternativo (`alt`, lo que lee un lector de pantalla) y, en modo presentación, va escrita debajo."""
    presentacion = modo_presentacion()
    if cache is not None and callable(fig):
        clave = (str(datos.version()), idioma_actual(), key, *cache)
        fig = _figura_terminada(clave, fig, titulo, fuente, alto, columnas, presentacion)
    else:
        fig = _terminar(fig() if callable(fig) else fig, titulo, fuente, alto, columnas, presentacion)
    _recolectar("piezas", functools.partial(_grafica_presentacion, fig, titulo, fuente, descripcion or "", subtitulo or "",
                                            mostrado))
    with diapositiva(key):
        st.plotly_chart(fig, theme=None, config=graficos.config(graficos.nombre_archivo(archivo)), key=f"graf_{key}",
                        alt=descripcion)
        if descripcion and presentacion:
            with st.container(key=f"desc_{key}"):
                st.caption(f"**{t('descripcion_grafica')}:** {escapar_md(descripcion)}")
    if presentacion:
        return
    with st.container(horizontal=True, gap="small", key=f"exportar_{key}"):
        boton_png(fig, titulo, fuente, archivo, key, subtitulo)
        descarga(mostrado, archivo, key, t("descargar_mostrados"), t("ayuda_mostrados"))
        descarga(mostrado if completos is None else completos, f"{archivo}_completos", f"{key}_completos",
                 t("descargar_completos"), t("ayuda_completos"))
    def tabla() -> None:
        vista, config = (memo(("tabla_grafica", key, *cache),
                              lambda: _en_arrow(*tabla_para_mostrar(mostrado, columnas_numericas(mostrado))))
                         if cache is not None else tabla_para_mostrar(mostrado, columnas_numericas(mostrado)))
        st.dataframe(vista, hide_index=True, key=f"tabla_{key}", column_config=_copia(config))

    a_pedido(t("ver_datos"), f"datos_{key}", tabla)


def columnas_numericas(df: pd.DataFrame) -> dict:
    """Formato es-MX de las columnas numéricas de una tabla (miles con coma, punto decimal) sin depender del
    idioma del navegador; la tabla se sigue ordenando por número al pulsar el encabezado."""
    columnas = {}
    for nombre in df.columns:
        serie = df[nombre]
        if pd.api.types.is_bool_dtype(serie) or not pd.api.types.is_numeric_dtype(serie):
            continue
        formato_tabla = formato.formato_tabla(serie, str(nombre))
        if formato_tabla:
            columnas[nombre] = st.column_config.NumberColumn(format=formato_tabla)
    return columnas


def linea_fuente_tabla(df: pd.DataFrame) -> str:
    """Línea de fuente de una gráfica de tabla oficial, de las columnas de fuente que trae la consulta: productor y
    cuadro, y de cada archivo crudo del que salen los valores su nombre y fecha de consulta (su «vintage»), más la
    antigüedad del último periodo de su fuente."""
    if df.empty or "institucion" not in df:
        return ""
    if "fuente_id" not in df:  # sin el archivo de cada renglón sólo se puede nombrar el cuadro y la fecha
        lineas = []
        for f in df[["institucion", "documento_tabla", "fecha"]].dropna(subset=["institucion"]).drop_duplicates().to_dict("records"):
            linea = t("fuente_linea_tabla", productor=f["institucion"], tabla=f["documento_tabla"], fecha=f["fecha"])
            if linea not in lineas:
                lineas.append(linea)
        return " ".join(lineas)
    fuentes = df[["institucion", "documento_tabla", "fuente_id", "fecha"]].dropna(subset=["institucion"]).drop_duplicates()
    edades = antiguedad_fuentes()
    lineas = []
    for (productor, tabla), grupo in fuentes.groupby(["institucion", "documento_tabla"], sort=False, dropna=False):
        archivos = grupo.sort_values(["fecha", "fuente_id"]).drop_duplicates(["fuente_id", "fecha"])
        lista = "; ".join(t("fuente_archivo_fecha", archivo=a, fecha=f) for a, f in
                          zip(archivos["fuente_id"], archivos["fecha"]))
        linea = t("fuente_linea_archivo" if len(archivos) == 1 else "fuente_linea_archivos", productor=categoria(productor),
                  tabla=categoria(tabla), archivos=lista)
        edad = "; ".join(dict.fromkeys(edades[a] for a in archivos["fuente_id"] if a in edades))
        linea = linea[:-1] + f"; {edad}." if edad and linea.endswith(".") else linea
        if linea not in lineas:
            lineas.append(linea)
    return " ".join(lineas)


def linea_fuente_cifras(cifras: pd.DataFrame) -> str:
    """Línea de fuente para una gráfica de cifras de documentos (cada documento una vez)."""
    lineas = []
    for f in cifras.drop_duplicates(["documento_id", "institucion_fuente"]).to_dict("records"):
        titulo = str(f["documento_titulo"])
        titulo = titulo if len(titulo) <= 90 else titulo[:88].rstrip() + "…"
        lineas.append(t("fuente_linea_doc", institucion=f["institucion_fuente"], titulo=titulo,
                        archivo=f["archivo"], fecha=f["fecha_publicacion"]))
    return " ".join(lineas)


# --------------------------------------------------------------------------- nombres de series

@functools.lru_cache(maxsize=4)
def _paises(version_dir: str) -> dict[str, tuple[str, str]]:
    tabla = datos.consulta_en(version_dir, "paises_completa")
    return {i: (es or i, en or es or i) for i, es, en in tabla[["iso3", "nombre_es", "nombre_en"]].itertuples(index=False)}


def nombre_serie(clave, idioma: str | None = None) -> str:
    """La clave de una serie («region=Southwest Land Border · componente=…», como la guardan `revisiones` y
    `valores_publicados`) como se lee: «Región: Southwest Land Border · Componente: …», con el campo y la categoría
    en el idioma de la sesión y el país por su nombre. Una parte sin «=» queda como está («Total» se traduce)."""
    idioma = idioma or idioma_actual()
    if not isinstance(clave, str) or not clave:
        return "" if clave is None else str(clave)
    paises = _paises(str(datos.version()))
    partes = []
    for parte in clave.split(" · "):
        campo, igual, valor = parte.partition("=")
        if not igual:
            partes.append(t("serie_total", idioma) if parte in ("Total", "total") else parte)
            continue
        nombre = t(f"serie_campo_{campo}", idioma) if f"serie_campo_{campo}" in TEXTOS else campo
        if campo == "iso3" and valor in paises:
            valor = paises[valor][1 if idioma == "en" else 0]
        else:
            valor = categoria(valor, idioma)
        partes.append(f"{nombre}: {valor}")
    return " · ".join(partes)


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


@st.cache_resource(show_spinner=False, max_entries=256)
def _texto_documento(version_dir: str, documento_id: str) -> str:
    """Un texto (inmutable) por versión: `st.cache_data` copiaría el documento entero en cada cita mostrada."""
    doc = datos.consulta_en(version_dir, "documento_texto", documento_id=documento_id)
    return doc["texto"].iloc[0] if not doc.empty else ""


def texto_documento(documento_id: str) -> str:
    return _texto_documento(str(datos.version()), str(documento_id))


def texto_medida(fila) -> str:
    medida = fila.get("medida")
    return t(f"medida_{medida}") if medida in ("stock", "flujo", "acumulado", "proyeccion", "proporcion") else ""


def textos_tarjeta() -> dict[str, str]:
    """Las palabras fijas de las tarjetas en el idioma de la sesión."""
    return {k: t(k) for k in ("fuente", "cita", "nota", "contexto", "cita_no_encontrada")}


def fuente_de_cita(cita: str, documento_id: str, renglones: list[tuple[str, str]], nota: str = "",
                   titulo: str = "") -> tarjetas_html.Fuente:
    """Una fuente con su cita resaltada en el contexto de su documento (cada fragmento separado por «[…]»)."""
    texto = texto_documento(str(documento_id))
    fragmentos = [f.strip() for f in str(cita or "").split("[…]") if f.strip()]
    return tarjetas_html.Fuente(cita=str(cita or ""), renglones=renglones, nota=nota, titulo=titulo,
                                contextos=[(f, contexto_cita(texto, f)) for f in fragmentos])


def fuente_de(fila: dict) -> tarjetas_html.Fuente:
    """Lo que dice el «Fuente» de una cifra: cita, documento, archivo, fecha, instituciones, nota y la cita en
    su contexto del documento."""
    fecha = str(fila.get("fecha_publicacion") or "—")
    if fila.get("fecha_inferida") is True:
        fecha += " " + t("fecha_inferida")
    return fuente_de_cita(
        fila.get("cita"), fila.get("documento_id"),
        [(t("documento"), str(fila.get("documento_titulo") or "")), (t("archivo"), str(fila.get("archivo") or "")),
         (t("fecha"), fecha), (t("institucion"), str(fila.get("documento_institucion") or "")),
         (t("institucion_fuente"), str(fila.get("institucion_fuente") or ""))],
        nota=fila["nota"] if isinstance(fila.get("nota"), str) else "")


def tarjeta_de(fila: dict, mostrar_medida: bool = False, mostrar_definicion: bool = False) -> tarjetas_html.Tarjeta:
    """Tarjeta de una cifra de documento: valor con su calificador, periodo, geografía, institución y su fuente."""
    detalles = [fila.get("periodo"), fila.get("geografia"), fila.get("institucion_fuente")]
    if fila.get("unidad") not in (None, "porcentaje"):
        detalles.insert(0, categoria(fila.get("unidad")))
    con_titulo = []
    if mostrar_medida and fila.get("medida"):
        con_titulo.append((t("que_cuenta"), f"{texto_medida(fila)} — {categoria(fila.get('cuenta'))}"))
    if mostrar_definicion:
        for clave in ("definicion", "comparabilidad"):
            if isinstance(fila.get(clave), str) and fila[clave]:
                con_titulo.append((t(clave), fila[clave]))
    return tarjetas_html.Tarjeta(
        etiqueta=str(fila["indicador"]), valor=formato.cifra_fila(fila, idioma_actual()),
        pie=[" · ".join(str(d) for d in detalles if isinstance(d, str) and d)], pie_con_titulo=con_titulo,
        fuentes=[fuente_de(fila)], cifra_id=str(fila.get("cifra_id") or ""))


def rejilla(clave: tuple, armar: Callable[[], list[tarjetas_html.Tarjeta]], por_fila: int = 1) -> None:
    """Tarjetas en un solo bloque HTML (escapado por `tablero.tarjetas`; el estilo es `estilo.CSS_TARJETAS`).
    El HTML se arma una vez por `clave`, versión de los datos e idioma, y lo comparten las sesiones."""
    objetos = memo(("rejilla_tarjetas", *clave), armar)
    _recolectar("piezas", presentacion.GrupoTarjetas(objetos))
    st.html(memo(("rejilla", *clave, por_fila), lambda: tarjetas_html.rejilla(objetos, textos_tarjeta(), por_fila)))


def registros(cifras: pd.DataFrame) -> list[dict]:
    """Los renglones de unas cifras como dicts, una vez por versión, idioma y conjunto de cifras: `to_dict` en
    cada sesión era lo más caro del servidor con muchas sesiones a la vez. Quien los usa no los modifica."""
    return memo(("registros", tuple(cifras["cifra_id"]), tuple(cifras.columns)), lambda: cifras.to_dict("records"))


def titular_y_otras(cifras: pd.DataFrame) -> tuple[dict | None, pd.DataFrame]:
    """La cifra titular (un dict, o None si no hay) y las demás cifras, una vez por versión, idioma y cifras:
    filtrar una tabla de cifras (40 columnas) cuesta milisegundos, en cada sesión. No se modifican."""
    def partir() -> tuple[dict | None, pd.DataFrame]:
        titular = cifras[cifras["titular"]]
        return (titular.iloc[0].to_dict() if not titular.empty else None), cifras[~cifras["titular"]]
    return memo(("titular_y_otras", tuple(cifras["cifra_id"]), tuple(cifras.columns)), partir)


def tarjetas(cifras: pd.DataFrame, por_fila: int = 4, mostrar_medida: bool = False,
             mostrar_definicion: bool = False) -> None:
    """Las tarjetas de unas cifras en una rejilla de un solo bloque, armada una vez por versión e idioma."""
    filas = registros(cifras)
    if not filas:
        return
    with diapositiva(f"tarjetas_{filas[0]['cifra_id']}"):  # un grupo de tarjetas por pantalla en presentación
        rejilla(("tarjetas", tuple(f["cifra_id"] for f in filas), mostrar_medida, mostrar_definicion),
                lambda: [tarjeta_de(f, mostrar_medida, mostrar_definicion) for f in filas], por_fila)


def vista_cifras(cifras: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Las cifras como se muestran y descargan: indicador en el idioma, el valor como lo dice el texto
    («más de 142,000», «entre 1.2 y 1.6 millones»), columnas de fuente y definición (y `extra` tras el id)."""
    def armar() -> pd.DataFrame:
        vista = cifras.assign(cifra=[formato.cifra_fila(f, idioma_actual()) for f in registros(cifras)])
        columnas = [COLUMNAS_CIFRAS[0], *extra, *COLUMNAS_CIFRAS[1:]]
        return vista[[c for c in columnas if c in vista]]
    return memo(("vista_cifras", tuple(cifras["cifra_id"]), tuple(cifras.columns), extra), armar).copy(deep=False)


def tabla_cifras(cifras: pd.DataFrame, archivo: str, key: str) -> None:
    """Tabla de cifras de documentos con el valor como lo dice el texto y columnas de fuente."""
    tabla_con_descarga(vista_cifras(cifras), archivo, key,
                       columnas={"cita": st.column_config.TextColumn(t("cita"), width="large")})


def figura_cifras(cifras: pd.DataFrame) -> go.Figure:
    """Barras horizontales de cifras de documentos, una por cifra y sin apilar: un rango se dibuja como
    intervalo (de valor_min a valor_max), nunca como punto medio; la etiqueta lleva el calificador."""
    fig = go.Figure()
    filas = cifras.to_dict("records")
    nombres = [str(f["indicador"]) for f in filas]
    es_rango = [f.get("calificador") == "rango" or pd.isna(f.get("valor")) for f in filas]
    inicio = [f["valor_min"] if r else 0 for f, r in zip(filas, es_rango)]
    largo = [(f["valor_max"] - f["valor_min"]) if r else f["valor"] for f, r in zip(filas, es_rango)]
    textos = [formato.cifra_fila(f, idioma_actual()) for f in filas]
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
    # Completos: los mismos renglones con todas las columnas de la consulta (periodo como fechas, nota, URL…).
    ids = tuple(cifras["cifra_id"])
    # tabla mostrada y línea de fuente, una vez por versión, idioma y cifras: armarlas con pandas era lo más caro
    vista, fuente = memo(("cifras_preparadas", ids), lambda: (vista_cifras(cifras), linea_fuente_cifras(cifras)))
    bloque_grafico(lambda: figura_cifras(cifras), vista, titulo, fuente, archivo, key,
                   alto=max(320, 70 * len(cifras) + 220), completos=cifras, cache=(ids,))


# --------------------------------------------------------------------------- contexto de encuesta (ENOE)

def tarjeta_enoe(fila) -> tarjetas_html.Tarjeta:
    """Tarjeta de la ENOE al lado de una cifra de documento: ocupados nacidos en el extranjero con empleo formal
    en el trimestre más cercano a la fecha de la cifra, con su total, qué trimestre es y su fuente. Es otra
    medida (encuesta, lugar de nacimiento, formalidad laboral): nunca se suma ni se resta a la cifra."""
    fila = dict(fila)
    referencia = fila["fecha_publicacion"] if fila.get("referencia_de") == "documento" else fila["referencia"]
    return tarjetas_html.Tarjeta(
        etiqueta=t("enoe_formales", periodo=fila["periodo"]), valor=formato.numero(fila["formales"]),
        pie=[t("enoe_de_ocupados", ocupados=formato.numero(fila["ocupados"]), pct=formato.numero(fila["informal_pct"], 1)),
             t("enoe_cercano", referencia=referencia, ultimo=fila["ultimo_periodo"]),
             f"{categoria(fila['institucion'])} · {categoria(fila['documento_tabla'])}"])


def huecos_enoe(serie: pd.DataFrame, clave: str) -> None:
    """Dice qué trimestres faltan (la consulta los trae con valores vacíos): se ve el hueco, no se interpola.
    `clave` nombra la serie (con la versión y el idioma, la lista se arma una vez)."""
    faltan = memo(("huecos_enoe", clave), lambda: list(dict.fromkeys(serie.loc[serie["ocupados"].isna(), "periodo"])))
    if faltan:
        st.caption(escapar_md(t("enoe_hueco", periodo=", ".join(faltan))))
