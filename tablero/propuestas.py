"""Lo que la página «Incorporar documento» usa de `etl.proponer` (las páginas no importan `etl`).

Propone cifras a partir de los bytes subidos, sin escribir nada en disco: el tablero nunca toca datos/crudos.
La persona descarga las propuestas revisadas y corre `python -m etl incorporar`.
"""

from __future__ import annotations

import logging
import re
import shlex
import threading

import pandas as pd

from etl import acotado as _acotado
from etl import proponer as _proponer
from etl.esquemas import CALIFICADORES
from etl.proponer import COLUMNAS_DOC_PROPUESTA, COLUMNAS_PROPUESTA, LIMITE_MB, SI, TIPOS, DocumentoIlegible

from .componentes import escapar_md
from .textos import TEXTOS, t

__all__ = ["CALIFICADORES", "COLUMNAS_DOC_PROPUESTA", "COLUMNAS_PROPUESTA", "LIMITE_MB", "TIPOS", "DocumentoIlegible",
           "Limites", "Tarea", "UNIDADES", "archivos", "cita_marcada", "cita_resaltada", "csv_documento", "csv_propuestas",
           "iniciar", "mensaje", "negativa_generica", "orden", "orden_incorporar", "preparar", "proponer", "resultado"]
UNIDADES = sorted(set(_proponer.UNIDADES) | {"porcentaje", "moneda_no_especificada", "posicion_ranking", "proporcion"})
Tarea = _acotado.Tarea
Limites = _acotado.Limites


def preparar() -> None:
    """Arranca en segundo plano el servidor de procesos de la lectura (importa pandas, pypdf y trafilatura una vez),
    para que el primer documento no espere ese arranque."""
    global _PREPARADO
    if _PREPARADO:
        return
    _PREPARADO = True
    from multiprocessing import forkserver

    _acotado._contexto()
    threading.Thread(target=forkserver.ensure_running, daemon=True, name="propuestas-forkserver").start()


_PREPARADO = False


def iniciar(nombre: str, datos: bytes, indicadores: pd.DataFrame, existentes: list[str],
            limites: Limites = _acotado.LIMITES) -> Tarea:
    """Empieza a leer el documento en un proceso hijo con límites de CPU, memoria, tiempo, páginas y caracteres."""
    return _acotado.iniciar_propuesta(nombre, datos, indicadores, existentes, limites=limites)


def resultado(tarea: Tarea, latido=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cifras propuestas, renglón del documento) de una tarea; DocumentoIlegible si no se pudo (el hijo ya terminó)."""
    return _tablas(tarea.esperar(latido))


def mensaje(e: DocumentoIlegible) -> str:
    """La negativa en el idioma de la sesión (`ileg_<clave>` de tablero.textos); si no tiene clave, su mensaje."""
    clave = f"ileg_{getattr(e, 'clave', '')}"
    if clave in TEXTOS:
        return t(clave, **{k: (f"{v:,}" if isinstance(v, int) else str(v)) for k, v in e.datos.items()})
    return str(e)


def negativa_generica(nombre: str, error: Exception) -> DocumentoIlegible:
    """Un error inesperado al leer: se registra con su traza en la bitácora y la página dice la negativa genérica."""
    logging.getLogger("tablero").error("falló la lectura de %r", nombre, exc_info=error)
    return DocumentoIlegible(f"{nombre}: no se pudo leer ({type(error).__name__})", "biblioteca", error=type(error).__name__)


def proponer(nombre: str, datos: bytes, indicadores: pd.DataFrame, existentes: list[str],
             limites: Limites = _acotado.LIMITES) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cifras propuestas, renglón del documento); DocumentoIlegible con un mensaje claro si no se puede leer."""
    return resultado(iniciar(nombre, datos, indicadores, existentes, limites))


def _tablas(p) -> tuple[pd.DataFrame, pd.DataFrame]:
    cifras = p.cifras.copy()
    cifras["aceptar"] = False
    cifras["en_contexto"] = [cita_marcada(c, x) for c, x in zip(cifras["cita"], cifras["contexto"])]
    return cifras, pd.DataFrame([p.documento], columns=COLUMNAS_DOC_PROPUESTA)


def _partes(cita: str, contexto: str, margen: int) -> tuple[str, str, str]:
    i = contexto.find(cita)
    if i < 0:
        return "", cita, ""
    antes, despues = contexto[:i], contexto[i + len(cita):]
    if len(antes) > margen:
        antes = "…" + antes[-margen:].split(" ", 1)[-1]
    if len(despues) > margen:
        despues = despues[:margen].rsplit(" ", 1)[0] + "…"
    return antes, cita, despues


def cita_marcada(cita: str, contexto: str, margen: int = 90) -> str:
    """Texto plano para la tabla: la oración (recortada) con la cita entre ⟦ ⟧."""
    antes, cita, despues = _partes(cita, contexto, margen)
    return f"{antes}⟦{cita}⟧{despues}"


_DIRECCION = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gob|gov|int|mx|edu|info|io)\b\S*")


def _texto_md(texto: str) -> str:
    """Texto del documento en markdown: escapado, y cada dirección (URL, www., correo) como código, que el navegador
    muestra como texto y no como enlace."""
    partes, previo = [], 0
    for m in _DIRECCION.finditer(texto):
        if m.start() < previo:
            continue
        direccion = m.group(0).rstrip(".,;:!?)»\"'")  # la puntuación que sigue no es parte de la dirección
        partes.append(escapar_md(texto[previo:m.start()]))
        partes.append(f"`{direccion.replace('`', 'ʼ')}`")
        previo = m.start() + len(direccion)
    partes.append(escapar_md(texto[previo:]))
    return "".join(partes)


def cita_resaltada(cita: str, contexto: str, margen: int = 160) -> str:
    """La oración en markdown con la cita resaltada (el resto escapado: el texto del documento no es markdown)."""
    antes, cita, despues = _partes(cita, contexto, margen)
    return f"{_texto_md(antes)}:orange-background[**{_texto_md(cita)}**]{_texto_md(despues)}"


def orden_incorporar(cifras: str, original: str) -> str:
    """La orden que agrega las propuestas, con cada argumento entre comillas de shell (un nombre de archivo puede
    traer `$(…)`, `;` o espacios)."""
    return f"python -m etl incorporar {shlex.quote(cifras)} --original {shlex.quote(original)}"


def orden(columnas: list[str]) -> list[str]:
    """Columnas de la tabla editable: lo que se decide primero, la oración al final."""
    primero = ["aceptar", "confianza", "en_contexto", "indicador_id", "valor", "valor_min", "valor_max", "unidad",
               "calificador", "calificador_texto", "periodo", "periodo_en", "geografia", "geografia_en", "cita"]
    return primero + [c for c in columnas if c not in primero and c not in ("contexto",)]


def archivos(nombre: str) -> tuple[str, str]:
    """Nombres de las dos descargas: `etl incorporar` busca el documento junto a las propuestas."""
    base = re.sub(r"[^\w.-]+", "_", nombre.rsplit(".", 1)[0])[:60] or "documento"
    return f"propuestas_{base}.csv", f"propuestas_{base}.documento.csv"


def csv_propuestas(tabla: pd.DataFrame) -> bytes:
    """CSV de propuestas revisadas (columna aceptar = si/no) con las columnas que lee `etl incorporar`."""
    salida = tabla.copy()
    salida["aceptar"] = ["si" if (a is True or str(a).strip().lower() in SI) else "no" for a in salida["aceptar"]]
    return _proponer.a_csv(salida.reindex(columns=COLUMNAS_PROPUESTA).fillna(""))


def csv_documento(documento: pd.DataFrame) -> bytes:
    return _proponer.a_csv(documento.reindex(columns=COLUMNAS_DOC_PROPUESTA).fillna(""))
