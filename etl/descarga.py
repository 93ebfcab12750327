"""Cliente HTTP de las descargas de los publicadores: tiempos límite, reintentos acotados y un agente que dice quién pide.

El transporte de httpx sólo reintenta errores de conexión; un 5xx o un tiempo agotado se reintenta aquí, con espera
creciente (ESPERA_BASE × 2^intento) y un número fijo de intentos. Un 4xx no se reintenta: la dirección o la clave
están mal y repetir no lo arregla. Todo fallo llega como `FalloDescarga` con el motivo en palabras.
"""

from __future__ import annotations

import logging
import time

import httpx

logger = logging.getLogger(__name__)

AGENTE = "tablero-movilidad-humana/1.0 (ETL de datos abiertos sobre movilidad humana en Mexico; python-httpx)"  # ASCII: cabecera HTTP
TIEMPOS = httpx.Timeout(60.0, connect=15.0)
INTENTOS = 3
ESPERA_BASE = 2.0  # segundos; las pruebas la ponen en 0


class FalloDescarga(Exception):
    """Una descarga que no se pudo hacer; el mensaje dice por qué (sin la clave de la API)."""


def cliente(transporte: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(
        timeout=TIEMPOS, follow_redirects=True, headers={"User-Agent": AGENTE},
        transport=transporte or httpx.HTTPTransport(retries=2),
    )


def obtener(cliente: httpx.Client, url: str, *, params: dict | None = None, headers: dict | None = None) -> httpx.Response:
    """GET con reintentos acotados para 5xx y tiempos agotados; devuelve la respuesta 2xx o lanza FalloDescarga."""
    motivo = ""
    for intento in range(INTENTOS):
        if intento:
            time.sleep(ESPERA_BASE * 2 ** (intento - 1))
        try:
            r = cliente.get(url, params=params, headers=headers)
        except httpx.TimeoutException:
            motivo = "tiempo de espera agotado"
        except httpx.TransportError as e:
            motivo = f"sin conexión ({type(e).__name__}: {e})"
        else:
            if r.status_code < 400:
                return r
            motivo = f"HTTP {r.status_code}"
            if r.status_code < 500:
                break
        logger.debug("%s: %s (intento %d de %d)", url, motivo, intento + 1, INTENTOS)
    intentos = "" if motivo.startswith("HTTP 4") else f" tras {INTENTOS} intentos"
    raise FalloDescarga(f"{motivo} al pedir {url}{intentos}")
