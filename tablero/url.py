"""La vista en la URL: cada filtro se siembra de `?nombre=` y se vuelve a escribir ahí.

Un enlace reproduce la vista. Los valores de la URL se comparan con listas cerradas: uno inválido se
avisa en pantalla y se ignora, y un parámetro que ninguna página usa se avisa y se quita. Nada de lo
que llega por la URL entra a SQL como texto.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator, Sequence

import streamlit as st

from tablero.textos import t

PARAMETROS_URL = frozenset({
    "idioma", "presentacion", "desde", "hasta", "top", "paises", "sexo", "edad", "asilo_desde", "asilo_hasta",
    "buscar", "trimestre", "capas", "mmp_desde", "mmp_hasta", "causas",
    "medida", "log", "sumar",
    "series", "horizonte", "historia",
    "seccion",
    "revisada", "nivel", "antes", "despues", "serie",
    "comparar", "tabla_comparada", "nivel_comparado",
})


_AVISOS_RETENIDOS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("avisos_retenidos", default=None)


def _mostrar_aviso(texto: str) -> None:
    st.warning(texto, icon=":material/link_off:")


def aviso_parametro(nombre: str, valor: str) -> None:
    """Avisa un parámetro inválido; nombre y valor llegan de la URL y van escapados (ni enlaces ni imágenes en el aviso)."""
    from tablero.componentes import escapar_md  # aquí: componentes importa este módulo

    texto = t("param_invalido", nombre=escapar_md(nombre), valor=escapar_md(valor[:60]))
    retenidos = _AVISOS_RETENIDOS.get()
    if retenidos is None:
        _mostrar_aviso(texto)
    else:
        retenidos.append(texto)


@contextlib.contextmanager
def avisos_fuera() -> Iterator[None]:
    """Los avisos de parámetros inválidos que nacen dentro del bloque se muestran al salir, donde se está
    escribiendo entonces: un aviso dentro de un botón «Filtros» cerrado nadie lo vería."""
    retenidos: list[str] = []
    marca = _AVISOS_RETENIDOS.set(retenidos)
    try:
        yield
    finally:
        _AVISOS_RETENIDOS.reset(marca)
    for texto in retenidos:
        _mostrar_aviso(texto)


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


def filtro_periodo(opciones: list[str], nombre_desde: str = "desde", nombre_hasta: str = "hasta",
                   etiqueta: str | None = None, key: str = "periodo",
                   formato_opcion: Callable[[str], str] = str) -> tuple[str, str]:
    """Selector de periodo (mes o año inicial y final) sincronizado con `?desde=&hasta=`."""
    clave = f"w_{key}"
    actual = tuple(st.session_state.get(clave) or ())
    if len(actual) == 2 and actual[0] in opciones and actual[-1] in opciones:
        inicial = actual
    else:
        inicial = (opcion_url(nombre_desde, opciones, opciones[0]), opcion_url(nombre_hasta, opciones, opciones[-1]))
        if opciones.index(inicial[0]) > opciones.index(inicial[1]):
            aviso_parametro(f"{nombre_desde}>{nombre_hasta}", f"{inicial[0]}>{inicial[1]}")
            inicial = (opciones[0], opciones[-1])
    # `value` con dos extremos hace del control un rango; se pasa en cada ejecución (sin sembrar la sesión,
    # que Streamlit avisaría como conflicto) para que el par del navegador no se pierda.
    desde, hasta = st.select_slider(etiqueta or t("f_periodo"), options=opciones, value=inicial, key=clave,
                                    format_func=formato_opcion)
    escribir_url(nombre_desde, None if desde == opciones[0] else desde)
    escribir_url(nombre_hasta, None if hasta == opciones[-1] else hasta)
    return desde, hasta


def secciones(nombre: str, secciones: dict[str, tuple[str, Callable[[], None]]]) -> str:
    """Pestañas donde sólo corre la abierta: lo de las demás ni se consulta ni se manda al navegador.

    La abierta va en `?nombre=` por su identificador (la etiqueta cambia con el idioma; el enlace, no).
    Devuelve el identificador de la sección abierta.
    """
    ids = list(secciones)
    etiquetas = [etiqueta for etiqueta, _ in secciones.values()]
    clave = f"w_{nombre}"
    if st.session_state.get(clave) not in etiquetas:  # primera ejecución, o el idioma cambió las etiquetas
        st.session_state[clave] = etiquetas[ids.index(opcion_url(nombre, ids, ids[0]))]
    pestanas = st.tabs(etiquetas, key=clave, on_change="rerun")
    abierta = next((i for i, p in zip(ids, pestanas) if p.open), ids[0])
    escribir_url(nombre, None if abierta == ids[0] else abierta)
    with pestanas[ids.index(abierta)]:
        secciones[abierta][1]()
    return abierta


def filtro_paso(nombre: str, opciones: list[str], etiqueta: str, defecto: str,
                formato_opcion: Callable[[str], str] = str) -> str:
    """Un valor de una secuencia ordenada (p. ej. un trimestre) sincronizado con `?nombre=`."""
    clave = f"w_{nombre}"
    if clave not in st.session_state or st.session_state[clave] not in opciones:
        st.session_state[clave] = opcion_url(nombre, opciones, defecto)
    valor = st.select_slider(etiqueta, options=opciones, key=clave, format_func=formato_opcion)
    escribir_url(nombre, None if valor == defecto else valor)
    return valor


def filtro_lista(nombre: str, opciones: dict[str, str], etiqueta: str, key: str | None = None) -> list[str]:
    """Selección múltiple (códigos → etiquetas visibles) sincronizada con `?nombre=A,B`."""
    clave = f"w_{key or nombre}"
    if clave not in st.session_state:
        st.session_state[clave] = lista_url(nombre, list(opciones))
    elegidos = st.multiselect(etiqueta, options=list(opciones), format_func=lambda c: opciones.get(c, c), key=clave,
                              placeholder=t("elegir"))
    escribir_url(nombre, ",".join(elegidos) if elegidos else None)
    return list(elegidos)


def filtro_opcion(nombre: str, opciones: Sequence, etiqueta: str, defecto, key: str | None = None,
                  formato_opcion: Callable = str):
    """Una opción de una lista cerrada, sincronizada con `?nombre=`."""
    clave = f"w_{key or nombre}"
    textos = [str(o) for o in opciones]
    if clave not in st.session_state:
        st.session_state[clave] = opciones[textos.index(opcion_url(nombre, textos, str(defecto)))]
    valor = st.segmented_control(etiqueta, options=list(opciones), format_func=formato_opcion, key=clave,
                                 required=True)
    escribir_url(nombre, None if valor == defecto else str(valor))
    return valor


def filtro_desplegable(nombre: str, opciones: Sequence[str], etiqueta: str, defecto: str,
                       formato_opcion: Callable[[str], str] = str, key: str | None = None) -> str:
    """Una opción de una lista cerrada larga (versiones, tablas) en una lista desplegable, sincronizada con
    `?nombre=`; la de omisión no se escribe."""
    clave = f"w_{key or nombre}"
    if st.session_state.get(clave) not in opciones:
        st.session_state[clave] = opcion_url(nombre, list(opciones), defecto)
    valor = st.selectbox(etiqueta, list(opciones), key=clave, format_func=formato_opcion)
    escribir_url(nombre, None if valor == defecto else valor)
    return valor


def filtro_interruptor(nombre: str, etiqueta: str, key: str | None = None) -> bool:
    """Un interruptor sincronizado con `?nombre=1` (apagado, sin parámetro)."""
    clave = f"w_{key or nombre}"
    if clave not in st.session_state:
        st.session_state[clave] = opcion_url(nombre, ["0", "1"], "0") == "1"
    valor = st.toggle(etiqueta, key=clave)
    escribir_url(nombre, "1" if valor else None)
    return bool(valor)


def filtro_interruptores(nombre: str, opciones: dict[str, str], defecto: Sequence[str]) -> list[str]:
    """Varios interruptores (capas de un mapa) sincronizados con `?nombre=a,b` (`ninguna` = todos apagados)."""
    claves = {o: f"w_{nombre}_{o}" for o in opciones}
    if any(c not in st.session_state for c in claves.values()):
        combinaciones = [",".join(c for c in opciones if c in sub) for sub in _subconjuntos(list(opciones))]
        pedidas = opcion_url(nombre, [c or "ninguna" for c in combinaciones], ",".join(defecto) or "ninguna")
        for opcion, clave in claves.items():
            st.session_state.setdefault(clave, opcion in (pedidas or "").split(","))
    encendidas = [opcion for opcion, etiqueta in opciones.items() if st.toggle(etiqueta, key=claves[opcion])]
    texto = ",".join(encendidas) or "ninguna"
    escribir_url(nombre, None if texto == (",".join(defecto) or "ninguna") else texto)
    return encendidas


def _subconjuntos(opciones: list[str]) -> list[list[str]]:
    salida: list[list[str]] = [[]]
    for o in opciones:
        salida += [s + [o] for s in salida]
    return salida


def filtro_texto(nombre: str, etiqueta: str, largo_max: int = 80, key: str | None = None) -> str:
    """Texto libre (búsqueda) sincronizado con `?nombre=`; llega a SQL sólo como parámetro enlazado.
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
