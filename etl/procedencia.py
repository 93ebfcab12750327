"""Fichas de procedencia (`ARCHIVO.meta.json`): cada archivo crudo dice quién lo produjo y cómo citarlo.

La huella SHA-256 de la ficha hace del archivo crudo una instantánea inmutable: si el archivo cambia,
la ficha debe actualizarse a propósito (`python -m etl ficha ARCHIVO`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd

from .errores import ErrorDeEntrada

URL_WEB = re.compile(r"https?://[^\s\x00-\x1f\"'<>`]+", re.IGNORECASE)  # sin javascript:, data:, =fórmulas

CAMPOS = ("archivo", "titulo", "productor", "tabla", "periodo", "licencia", "fecha_acceso", "sha256", "cita_sugerida")
# Lo que la ficha dice en palabras se muestra en los dos idiomas: cada uno lleva su gemelo `_en` (las notas, una lista
# del mismo largo). Los nombres propios quedan como se escriben dentro del texto en inglés.
TRADUCIBLES = ("titulo", "productor", "tabla", "compilador", "periodo", "licencia", "cita_sugerida")


_RECORDADAS: dict[tuple, str] | None = None  # dentro de `huellas_recordadas()`: (ruta, inodo, tamaño, mtime) → sha256


def sha256(ruta: Path) -> str:
    if _RECORDADAS is None:
        return hashlib.sha256(Path(ruta).read_bytes()).hexdigest()
    st = Path(ruta).stat()
    clave = (str(Path(ruta).resolve()), st.st_ino, st.st_size, st.st_mtime_ns)
    if clave not in _RECORDADAS:
        _RECORDADAS[clave] = hashlib.sha256(Path(ruta).read_bytes()).hexdigest()
    return _RECORDADAS[clave]


@contextlib.contextmanager
def huellas_recordadas():
    """Durante una construcción cada archivo crudo se hashea una vez: la huella de las entradas, la ficha y la caché de
    lecturas piden el sha256 del mismo archivo (con 24 descargas de la CBP, 72 MB tres veces). Fuera de este bloque,
    cada llamada lee el archivo de nuevo (una prueba que edita un archivo ve su huella nueva)."""
    global _RECORDADAS
    anterior, _RECORDADAS = _RECORDADAS, ({} if _RECORDADAS is None else _RECORDADAS)
    try:
        yield
    finally:
        _RECORDADAS = anterior


def ruta_ficha(ruta: Path) -> Path:
    return ruta.with_name(ruta.name + ".meta.json")


def leer_ficha(ruta: Path, verificar_huella: bool = True) -> dict:
    """Ficha de un archivo crudo, comprobada: campos obligatorios y huella igual al archivo."""
    ficha_ruta = ruta_ficha(ruta)
    if not ficha_ruta.exists():
        raise ErrorDeEntrada(
            ruta.name,
            f"falta su ficha de procedencia {ficha_ruta.name}; créela con "
            f"`python -m etl ficha {ruta} --como OTRO_ARCHIVO` y complete productor, periodo y licencia",
        )
    try:
        ficha = json.loads(ficha_ruta.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ErrorDeEntrada(ficha_ruta.name, f"no es JSON UTF-8 válido: {e}") from None
    for campo in CAMPOS:
        if not str(ficha.get(campo, "")).strip():
            raise ErrorDeEntrada(ficha_ruta.name, "campo obligatorio vacío o ausente", columna=campo)
    for campo in TRADUCIBLES:
        if str(ficha.get(campo) or "").strip() and not str(ficha.get(f"{campo}_en") or "").strip():
            raise ErrorDeEntrada(ficha_ruta.name, f"falta su texto en inglés ({campo}_en) para {campo} = "
                                 f"{str(ficha[campo])[:60]!r}", columna=f"{campo}_en")
    notas, notas_en = ficha.get("notas") or [], ficha.get("notas_en") or []
    if len(notas) != len(notas_en) or not all(str(n).strip() for n in notas_en):
        raise ErrorDeEntrada(ficha_ruta.name, f"notas_en debe traducir cada una de las {len(notas)} notas "
                             f"(tiene {len(notas_en)})", columna="notas_en")
    url = str(ficha.get("url") or "").strip()
    if url and not URL_WEB.fullmatch(url):  # llega a la columna de enlaces de Fuentes y al paquete de datos
        raise ErrorDeEntrada(ficha_ruta.name, f"url {url[:80]!r} no es una dirección http(s)://", columna="url")
    if ficha["archivo"] != ruta.name:
        raise ErrorDeEntrada(ficha_ruta.name, f"la ficha describe {ficha['archivo']!r}, no {ruta.name!r}", columna="archivo")
    if verificar_huella:
        real = sha256(ruta)
        if ficha["sha256"] != real:
            raise ErrorDeEntrada(
                ruta.name,
                f"el archivo cambió desde que se registró su procedencia (sha256 {real[:12]}… ≠ ficha "
                f"{ficha['sha256'][:12]}…); si el cambio es intencional actualice la ficha con `python -m etl ficha {ruta}`",
                columna="sha256",
            )
    return ficha


# Lo que una ficha nueva copia de la de otro archivo del mismo publicador (`--como`): lo que dice el publicador
# de su tabla. El periodo, la fecha de consulta, el compilador y la URL son de cada archivo y no se copian.
CAMPOS_DEL_PUBLICADOR = ("titulo", "titulo_en", "productor", "productor_en", "tabla", "tabla_en", "licencia",
                         "licencia_en", "unidad", "notas", "notas_en")


def periodo_de_renglones(ruta: Path) -> str:
    """«primer mes a último mes» leído de los renglones del archivo, si el ETL sabe leerlo (las descargas de la
    CBP); si no, vacío: la ficha no puede saberlo y el ETL pedirá escribirlo."""
    ruta = Path(ruta)
    if not (ruta.name.startswith("cbp_") and ruta.suffix == ".csv"):
        return ""
    from .fuentes.cbp.lector import CATALOGOS, cargar_catalogos, leer_cbp  # aquí: cbp importa este módulo

    carpeta = ruta.resolve().parent.parent / "catalogos"
    tabla = leer_cbp(ruta, *cargar_catalogos(carpeta if carpeta.is_dir() else CATALOGOS))
    meses = pd.to_datetime(tabla["mes"])
    return f"{meses.min():%Y-%m} a {meses.max():%Y-%m}"


def periodo_en(periodo: str) -> str:
    """El periodo en inglés cuando tiene la forma que escribe el código («2017-10 a 2025-05», «vigente», «descarga
    del …»); vacío si no (lo escribe una persona en la ficha)."""
    periodo = str(periodo or "").strip()
    if m := re.fullmatch(r"([\w-]+) a ([\w-]+)", periodo):
        return f"{m[1]} to {m[2]}"
    if periodo == "vigente":
        return "current"
    if m := re.fullmatch(r"descarga del (\S+)", periodo):
        return f"download of {m[1]}"
    return ""


def cita_sugerida(ficha: dict, idioma: str = "es") -> str:
    """La cita de una ficha armada con sus campos, en español o (con los gemelos `_en`) en inglés."""
    if idioma == "en":
        compilado = f" Compiled by {ficha.get('compilador_en') or ficha['compilador']}." if ficha.get("compilador") else ""
        return (f"{ficha['productor_en']}, {ficha['tabla_en']} ({ficha['periodo_en'] or 'period not written'}).{compilado} "
                f"Accessed {ficha['fecha_acceso']}.")
    compilado = f" Compilado por {ficha['compilador']}." if ficha.get("compilador") else ""
    return (f"{ficha['productor']}, {ficha['tabla']} ({ficha['periodo'] or 'periodo sin escribir'}).{compilado} "
            f"Consultado el {ficha['fecha_acceso']}.")


def escribir_ficha(ruta: Path, como: Path | None = None, fecha_acceso: str | None = None, compilador: str = "",
                   url: str = "") -> Path:
    """Crea o actualiza la ficha de `ruta` y recalcula la huella.

    Una ficha que ya existe sólo cambia su huella. Una nueva con `como` escribe sólo lo que puede saber: del
    publicador (productor, cuadro, licencia, unidad, notas), lo que dice la ficha de `como`; el periodo, de los
    renglones del archivo; la fecha de consulta, hoy (o `fecha_acceso`); compilador y URL, vacíos salvo que se den."""
    ruta = Path(ruta)
    destino = ruta_ficha(ruta)
    if destino.exists():
        ficha = json.loads(destino.read_text(encoding="utf-8"))
    elif como is not None:
        plantilla = json.loads(ruta_ficha(Path(como)).read_text(encoding="utf-8"))
        ficha = {c: plantilla[c] for c in CAMPOS_DEL_PUBLICADOR if c in plantilla}
        ficha.update(periodo=periodo_de_renglones(ruta), compilador=compilador, url=url,
                     fecha_acceso=fecha_acceso or date.today().isoformat())
        ficha["periodo_en"] = periodo_en(ficha["periodo"])
        ficha["compilador_en"] = compilador  # un nombre propio que da quien registra
        ficha["cita_sugerida"] = cita_sugerida(ficha)
        if ficha.get("productor_en") and ficha.get("tabla_en"):
            ficha["cita_sugerida_en"] = cita_sugerida(ficha, "en")
    else:
        ficha = {c: "" for c in CAMPOS}
    ficha["archivo"] = ruta.name
    ficha["sha256"] = sha256(ruta)
    destino.write_text(json.dumps(ficha, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return destino


def fila_fuente(ficha: dict) -> dict:
    """Renglón de la tabla `fuentes` a partir de una ficha."""
    return {
        "fuente_id": ficha["archivo"],
        "titulo": ficha["titulo"],
        "titulo_en": ficha.get("titulo_en") or None,
        "productor": ficha["productor"],
        "productor_en": ficha.get("productor_en") or None,
        "tabla": ficha["tabla"],
        "tabla_en": ficha.get("tabla_en") or None,
        "compilador": ficha.get("compilador") or None,
        "compilador_en": ficha.get("compilador_en") or None,
        "url": ficha.get("url") or None,
        "periodo": ficha["periodo"],
        "periodo_en": ficha.get("periodo_en") or periodo_en(ficha["periodo"]) or None,
        "licencia": ficha["licencia"],
        "licencia_en": ficha.get("licencia_en") or None,
        "fecha_acceso": ficha["fecha_acceso"],
        "sha256": ficha["sha256"],
        "cita_sugerida": ficha["cita_sugerida"],
        "cita_sugerida_en": ficha.get("cita_sugerida_en") or None,
        "notas": " ".join(ficha.get("notas") or []) or None,
        "notas_en": " ".join(ficha.get("notas_en") or []) or None,
    }
