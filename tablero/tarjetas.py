"""Tarjetas de cifra como HTML escapado: una rejilla entera es un solo elemento de Streamlit.

Un grupo de tarjetas hechas con columnas, contenedor con borde, `st.metric`, pie y control «Fuente» son
unos siete elementos de Streamlit por tarjeta y un control que vuelve a correr la página para mostrar la cita.
En una página mínima las dos formas retrasan igual la primera gráfica (`python -m bench.piezas`); lo que
gana la rejilla es que la fuente entera va en la tarjeta y se abre sin ir al servidor.
La fuente va dentro de cada tarjeta en un `<details>` nativo: documento, archivo, fecha, institución, cita
textual y la cita resaltada en su contexto del documento, sin volver a correr la página al abrirla.

Todo texto que viene de los datos pasa por `html.escape`; el estilo es CSS fijo (`estilo.CSS_TARJETAS`).
Las funciones devuelven cadenas y no dependen de Streamlit, así se prueban solas.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field


def e(texto) -> str:
    """Texto de datos dentro de HTML: escapado, comillas incluidas."""
    return html.escape("" if texto is None else str(texto), quote=True)


@dataclass
class Fuente:
    """Lo que dice el «Fuente» de una tarjeta. `contextos`: por fragmento de la cita, (antes, cita, después)
    donde aparece en el documento, o None si no se encontró."""
    cita: str
    renglones: list[tuple[str, str]]  # (etiqueta, valor), p. ej. ("Archivo", "comar_2025.pdf")
    contextos: list[tuple[str, tuple[str, str, str] | None]] = field(default_factory=list)
    nota: str = ""
    titulo: str = ""  # encabezado de la sección cuando una tarjeta tiene más de una fuente


@dataclass
class Tarjeta:
    etiqueta: str
    valor: str
    pie: list[str] = field(default_factory=list)  # renglones de texto plano
    pie_con_titulo: list[tuple[str, str]] = field(default_factory=list)  # (título en negritas, texto)
    fuentes: list[Fuente] = field(default_factory=list)  # su «Fuente»; un centro lleva también el documento posterior
    cifra_id: str = ""
    encabezado: str = ""  # en negritas sobre la etiqueta (p. ej. la familia de la cifra en el Panorama)


def _fuente(f: Fuente, textos: dict[str, str]) -> str:
    partes = [f"<div class='tf-seccion'>{e(f.titulo)}</div>" if f.titulo else "",
              f"<div class='tf-titulo'>{e(textos['cita'])}</div><div class='tf-cita'>«{e(f.cita)}»</div><dl>"]
    partes += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in f.renglones]
    partes.append("</dl>")
    if f.nota:
        partes.append(f"<div class='tf-titulo'>{e(textos['nota'])}</div><div>{e(f.nota)}</div>")
    if f.contextos:
        partes.append(f"<div class='tf-titulo'>{e(textos['contexto'])}</div>")
    for fragmento, partes_ctx in f.contextos:
        if partes_ctx is None:
            partes.append(f"<div class='tf-contexto'>«{e(fragmento)}»</div>"
                          f"<div class='tf-aviso'>{e(textos['cita_no_encontrada'])}</div>")
        else:
            antes, encontrado, despues = partes_ctx
            partes.append(f"<div class='tf-contexto'>{e(antes)}<mark>{e(encontrado)}</mark>{e(despues)}</div>")
    return "".join(partes)


def _fuentes(fuentes: list[Fuente], textos: dict[str, str]) -> str:
    """El «Fuente» de una tarjeta: un `<details>` cerrado con cada fuente (cita, documento y contexto)."""
    return (f"<details class='tarjeta-fuente'><summary>{e(textos['fuente'])}</summary>"
            + "".join(_fuente(f, textos) for f in fuentes) + "</details>")


def tarjeta(t: Tarjeta, textos: dict[str, str]) -> str:
    """Una tarjeta: etiqueta, valor (con su calificador), renglones del pie y su «Fuente»."""
    pie = [e(r) for r in t.pie if r] + [f"<b>{e(k)}:</b> {e(v)}" for k, v in t.pie_con_titulo if v]
    return (f"<div class='tarjeta' data-cifra='{e(t.cifra_id)}'>"
            + (f"<div class='tarjeta-encabezado'>{e(t.encabezado)}</div>" if t.encabezado else "")
            + (f"<div class='tarjeta-etiqueta'>{e(t.etiqueta)}</div>" if t.etiqueta else "")
            + (f"<div class='tarjeta-valor'>{e(t.valor)}</div>" if t.valor else "")
            + "".join(f"<div class='tarjeta-pie'>{r}</div>" for r in pie)
            + (_fuentes(t.fuentes, textos) if t.fuentes else "")
            + "</div>")


def rejilla(tarjetas: Iterable[Tarjeta], textos: dict[str, str], por_fila: int = 3) -> str:
    """Las tarjetas en una rejilla de `por_fila` columnas (una sola en pantallas angostas)."""
    por_fila = max(1, min(int(por_fila), 6))
    return (f"<div class='tarjetas tarjetas-{por_fila}'>"
            + "".join(tarjeta(t, textos) for t in tarjetas) + "</div>")
