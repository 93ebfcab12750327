"""`python -m etl actualizar [FUENTE ...]`: trae cada fuente de su publicador, guarda una instantánea nueva si cambió
y construye.

Por fuente: (1) sin la variable de entorno de su clave se omite y se dice; (2) descarga (etl.descarga: tiempos
límite, reintentos acotados); (3) si es idéntica a la última instantánea no se guarda nada; (4) lo descargado se lee
con el lector real antes de guardarlo: si su diseño cambió va a datos/cuarentena/ con el motivo y no entra a
datos/crudos; (5) se guarda como instantánea inmutable. Una fuente que falla no detiene a las demás. Al final, si hay
instantáneas nuevas, se construye una vez; si esa construcción falla, las instantáneas nuevas salen a cuarentena
(datos/crudos queda como estaba y las tablas publicadas no se tocan: construir publica todo o nada).
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx

from . import descarga, instantaneas
from .construir import CRUDOS, DESTINO, _paises, construir, contexto_lectura
from .fuentes import Fuente, registro

logger = logging.getLogger(__name__)


@dataclass
class Resultado:
    fuente: str
    estado: str  # «nueva», «sin cambios», «falló», «omitida»
    motivo: str = ""
    carpeta: Path | None = None

    @property
    def fallo(self) -> bool:
        return self.estado in ("falló", "omitida")


def _sin_claves(texto: str) -> str:
    """Quita de un mensaje el valor de cualquier clave de API del registro (un 4xx puede traer la URL con la clave)."""
    for f in registro().values():
        valor = os.environ.get(f.token or "")
        if f.token and valor:
            texto = texto.replace(valor, "***")
    return texto


def _de_crudos(descargar: Callable, crudos: Path) -> dict:
    """`crudos=` para la descarga que lo pide (la ENOE empieza en el trimestre siguiente al último que tiene)."""
    return {"crudos": crudos} if "crudos" in inspect.signature(descargar).parameters else {}


def _una(fuente: Fuente, crudos: Path, cliente: httpx.Client, contexto: dict, ahora: datetime | None) -> Resultado:
    if fuente.token and not os.environ.get(fuente.token, "").strip():
        return Resultado(fuente.id, "omitida", f"falta la variable de entorno {fuente.token} con la clave de su API")
    try:
        descargados = fuente.descargar(cliente, **_de_crudos(fuente.descargar, crudos))
    except descarga.FalloDescarga as e:
        return Resultado(fuente.id, "falló", _sin_claves(str(e)))
    except Exception as e:  # noqa: BLE001 — httpx u otra sorpresa del publicador: se nombra y las demás siguen
        return Resultado(fuente.id, "falló", _sin_claves(f"{type(e).__name__}: {e}"))
    if not descargados:
        return Resultado(fuente.id, "falló", "la descarga no trajo ningún archivo")
    try:
        carpeta = instantaneas.armar(fuente, descargados, crudos, ahora)
    except (ValueError, OSError) as e:
        return Resultado(fuente.id, "falló", f"no se pudo armar la instantánea: {e}")
    if instantaneas.igual_a_la_ultima(crudos, fuente.id, carpeta):
        instantaneas.descartar(carpeta)
        return Resultado(fuente.id, "sin cambios", "idéntica a la última instantánea (misma huella sha256)")
    validar = fuente.validar or fuente.leer_instantanea
    if validar is not None:
        try:
            validar(carpeta, contexto)
        except Exception as e:  # noqa: BLE001 — cualquier rechazo del lector es un diseño que no se reconoce
            motivo = f"el lector rechazó la descarga (¿cambió el diseño?): {_sin_claves(str(e))}"
            apartada = instantaneas.a_cuarentena(crudos, fuente.id, carpeta, motivo)
            return Resultado(fuente.id, "falló", f"{motivo}; apartada en {apartada}")
    try:
        return Resultado(fuente.id, "nueva", "", instantaneas.guardar(crudos, fuente.id, carpeta))
    except OSError as e:  # p. ej. ya hay una instantánea con la misma hora: nunca se sobrescribe
        instantaneas.descartar(carpeta)
        return Resultado(fuente.id, "falló", f"no se pudo guardar la instantánea: {e}")


def actualizar(nombres: list[str] | None = None, crudos: Path = CRUDOS, destino: Path = DESTINO, *,
               cliente: httpx.Client | None = None, construir_con: Callable = construir,
               ahora: datetime | None = None) -> tuple[list[Resultado], Path | None]:
    """Actualiza las fuentes pedidas (todas las que tienen descarga si no se nombra ninguna) y construye si hubo
    instantáneas nuevas. Devuelve el resultado por fuente y la versión publicada (None si no se publicó)."""
    crudos = Path(crudos)
    todas = registro()
    desconocidas = [n for n in nombres or [] if n not in todas]
    if desconocidas:
        raise ValueError(f"fuentes desconocidas {desconocidas}; las del registro son {sorted(todas)}")
    elegidas = [todas[n] for n in nombres] if nombres else [f for f in todas.values() if f.descargar]
    resultados = []
    contexto = contexto_lectura(crudos, set(_paises(crudos)[0]["iso3"]))
    propio = cliente is None
    cliente = cliente or descarga.cliente()
    try:
        for fuente in elegidas:
            if fuente.descargar is None:
                r = Resultado(fuente.id, "omitida", "no tiene descarga automática: se actualiza a mano (ver su módulo "
                              f"{fuente.modulo} y el README)")
            else:
                r = _una(fuente, crudos, cliente, contexto, ahora)
            (logger.error if r.fallo else logger.info)("%s: %s%s", r.fuente, r.estado, f" — {r.motivo}" if r.motivo else "")
            resultados.append(r)
    finally:
        if propio:
            cliente.close()
    nuevas = [r for r in resultados if r.estado == "nueva"]
    if not nuevas:
        return resultados, None
    try:
        version = construir_con(crudos, destino)
    except Exception as e:  # noqa: BLE001 — construir ya dejó su mensaje; aquí se retiran las instantáneas nuevas
        for r in nuevas:
            apartada = instantaneas.retirar(crudos, r.carpeta, f"la construcción con esta instantánea falló: {e}")
            r.estado, r.motivo = "falló", f"la construcción falló ({e}); instantánea apartada en {apartada}"
            logger.error("%s: %s", r.fuente, r.motivo)
        return resultados, None
    return resultados, version
