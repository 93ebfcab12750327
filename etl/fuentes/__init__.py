"""Registro de fuentes: una unidad por fuente, y el registro es la lista de esas unidades.

Cada módulo de esta carpeta declara lo que se sabe de una fuente en un solo lugar:

- `METADATOS` (dict, español e inglés): titulo/titulo_en, productor, unidad/unidad_en, licencia, cita, cadencia
  («mensual», «trimestral», «anual» o None si no se publica por periodos), rezago_dias (días habituales entre el fin
  de un periodo y su publicación; una estimación que la ficha dice de dónde sale), url (página del publicador) y
  token (nombre de la variable de entorno con la clave de la API, o None).
- `ARCHIVOS`: lo que reclama en datos/crudos (rutas o patrones glob, sin las fichas .meta.json).
- `TABLAS`: las tablas publicadas que alimenta; `LECTOR`: la función que lee el diseño de sus archivos;
  `PERIODO`: (tabla, columna) de la que sale el último periodo publicado. Cada tabla es de una sola fuente, salvo
  que otra declare `SUSTITUYE = "<fuente>"`: sus descargas reemplazan, en tablas de esa fuente, los periodos que
  traen (el Boletín de la UPMRIP tal como se publica sobre los CSV compilados de `upmrip`).
- `descargar(cliente, anio=None) -> list[(nombre, bytes, url)]` si el publicador tiene una dirección, y
  `validar(archivos, contexto)` que lee lo descargado con el lector real antes de guardarlo (ver etl/actualizar.py).
- `construir(c: Construccion)`: el paso de la fuente en `python -m etl`: lee sus archivos con su lector y deja sus
  tablas en `c.tablas` (y sus fichas en `c.fichas`). La construcción recorre el registro en el orden de MODULOS.
- `leer_instantanea(carpeta, contexto) -> DataFrame` en el diseño que publica la tabla, si las descargas entran
  a la construcción por el paso común (`etl.construir.aplicar_instantaneas`: una tabla, la del `PERIODO`, donde cada
  instantánea reemplaza los periodos que trae). Una fuente cuyas descargas alimentan varias tablas (el Boletín de la
  UPMRIP: tres cuadros, tres tablas) no lo declara y tiene su propio paso en la construcción (`etl.fuentes.upmrip.lector.boletin`).

Agregar una fuente es agregar un módulo y su nombre en `MODULOS`; lo que falta toma el valor por omisión
(un módulo que sólo trae `METADATOS` y `descargar` reclama sus instantáneas y nada más).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# El orden es el de la construcción: una fuente puede usar lo que leyeron las anteriores (mmp y banxico, las entidades).
MODULOS = ("upmrip", "upmrip_boletin", "cbp", "acnur", "darien", "entidades", "mmp", "banxico", "inegi_enoe", "inegi_bie")
INSTANTANEAS = "instantaneas"  # datos/crudos/instantaneas/<fuente>/<AAAAMMDDTHHMMSSZ>/<archivo> (+ .meta.json)
CADENCIAS = {"mensual": 1, "trimestral": 3, "anual": 12}
CAMPOS_METADATOS = ("titulo", "titulo_en", "productor", "productor_en", "unidad", "unidad_en", "licencia", "licencia_en",
                    "cita", "cita_en", "cadencia", "rezago_dias", "url", "token")


@dataclass(frozen=True)
class Fuente:
    id: str
    metadatos: dict
    archivos: tuple[str, ...] = ()
    tablas: tuple[str, ...] = ()
    lector: str = ""
    periodo: tuple[str, str] | None = None
    descargar: Callable | None = None
    validar: Callable | None = None
    leer_instantanea: Callable | None = None
    sustituye: str | None = None
    construir: Callable | None = None
    modulo: str = field(default="", compare=False)

    @property
    def token(self) -> str | None:
        return self.metadatos.get("token")

    def reclamados(self, crudos: Path) -> list[Path]:
        """Archivos de datos que esta fuente reclama en `crudos` (fijos, por patrón y sus instantáneas), sin fichas."""
        crudos = Path(crudos)
        salida: list[Path] = []
        for patron in self.archivos:
            salida += sorted(crudos.glob(patron)) if any(c in patron for c in "*?[") else [crudos / patron]
        if self.descargar is not None:
            salida += [p for p in sorted((crudos / INSTANTANEAS / self.id).glob("*/*"))
                       if p.is_file() and not p.name.endswith(".meta.json")]
        return salida


# Otros nombres aceptados en METADATOS (un módulo escrito con claves en inglés se enchufa igual).
SINONIMOS = {
    "title": "titulo", "title_en": "titulo_en", "title_es": "titulo", "titulo_es": "titulo", "producer": "productor",
    "licence": "licencia", "license": "licencia", "cite": "cita", "citation": "cita", "cadence": "cadencia",
    "lag_days": "rezago_dias", "usual_lag_days": "rezago_dias", "usual_lag": "rezago_dias", "rezago": "rezago_dias",
    "page_url": "url", "url_pagina": "url", "unit": "unidad", "unit_en": "unidad_en", "token_env": "token",
}
_CADENCIAS_EN = {"monthly": "mensual", "quarterly": "trimestral", "annual": "anual", "yearly": "anual"}


def normalizar_metadatos(meta: dict) -> dict:
    """Claves canónicas (CAMPOS_METADATOS): acepta sinónimos en inglés, textos {"es": …, "en": …} y la cadencia en
    inglés."""
    salida: dict = {}
    for clave, valor in meta.items():
        clave = SINONIMOS.get(clave, clave)
        if isinstance(valor, dict) and {"es", "en"} <= set(valor) and clave in ("titulo", "unidad", "cita", "productor", "licencia"):
            salida.setdefault(clave, valor["es"])
            salida.setdefault(f"{clave}_en", valor["en"])
            continue
        salida.setdefault(clave, valor)
    if isinstance(salida.get("cadencia"), str):
        salida["cadencia"] = _CADENCIAS_EN.get(salida["cadencia"].strip().lower(), salida["cadencia"].strip().lower())
    return salida


def desde_modulo(nombre: str, modulo) -> Fuente:
    """Una Fuente a partir de los atributos de su módulo (lo que falta toma el valor por omisión)."""
    meta = normalizar_metadatos(dict(modulo.METADATOS))
    faltan = [c for c in ("titulo", "titulo_en", "productor", "licencia", "cita", "url") if not str(meta.get(c) or "").strip()]
    if faltan:
        raise ValueError(f"etl.fuentes.{nombre}: METADATOS sin {faltan}")
    for c in CAMPOS_METADATOS:
        meta.setdefault(c, None)
    if meta["cadencia"] is not None and meta["cadencia"] not in CADENCIAS:
        raise ValueError(f"etl.fuentes.{nombre}: cadencia {meta['cadencia']!r} no es una de {sorted(CADENCIAS)}")
    return Fuente(
        id=getattr(modulo, "ID", nombre),
        metadatos=meta,
        archivos=tuple(getattr(modulo, "ARCHIVOS", ())),
        tablas=tuple(getattr(modulo, "TABLAS", ())),
        lector=getattr(modulo, "LECTOR", ""),
        periodo=getattr(modulo, "PERIODO", None),
        descargar=getattr(modulo, "descargar", None),
        validar=getattr(modulo, "validar", None),
        leer_instantanea=getattr(modulo, "leer_instantanea", None),
        sustituye=getattr(modulo, "SUSTITUYE", None),
        construir=getattr(modulo, "construir", None),
        modulo=modulo.__name__,
    )


@dataclass
class Construccion:
    """Lo que recibe y llena el paso `construir(c)` de cada fuente, en el orden de MODULOS: las tablas leídas hasta
    ahora (las de fuentes anteriores incluidas), las fichas de procedencia de lo leído y, por fuente, las lecturas de
    cada instantánea que alimentan las revisiones."""

    crudos: Path
    tablas: dict
    fichas: list
    codigos: set
    contexto: dict = field(default_factory=dict)
    lecturas: dict = field(default_factory=dict)

    def cargar(self, archivo: str) -> tuple[Path, dict]:
        """`datos/crudos/tablas/<archivo>` y su ficha (que queda entre las fichas leídas); falta → ErrorDeEntrada."""
        from ..errores import ErrorDeEntrada
        from ..procedencia import leer_ficha

        ruta = self.crudos / "tablas" / archivo
        if not ruta.exists():
            raise ErrorDeEntrada(archivo, f"falta el archivo en {ruta.parent}")
        ficha = leer_ficha(ruta)
        self.fichas.append(ficha)
        return ruta, ficha


@cache
def registro() -> dict[str, Fuente]:
    """{id: Fuente} en el orden de MODULOS."""
    fuentes = {}
    for nombre in MODULOS:
        f = desde_modulo(nombre, importlib.import_module(f"{__name__}.{nombre}"))
        fuentes[f.id] = f
    return fuentes


def con_descarga() -> list[Fuente]:
    return [f for f in registro().values() if f.descargar is not None]
