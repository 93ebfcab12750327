"""El recolector de basura del servidor: lo cargado al arrancar se congela y las colecciones jóvenes se espacian.

Con pandas, pyarrow, Plotly y DuckDB cargados, una colección completa recorre cientos de miles de objetos que
viven lo que el proceso (módulos, clases, funciones) y tarda ≈0.35 s con el GIL tomado: todas las sesiones
esperan. `gc.freeze()` tras la primera ejecución los saca de las colecciones; un umbral joven más alto
(10 000 asignaciones en vez de 700) hace menos colecciones y promueve menos basura de corta vida a las
generaciones viejas. En 3 rondas de 50 sesiones a la vez (las de `python -m bench.carga`, con el tiempo
de cada colección tomado con `gc.callbacks`) el recolector pasó de ≈1.9 s a ≈0.4 s de ≈12 s de CPU.
El recolector sigue activo: los ciclos de las sesiones se recogen igual.
"""

from __future__ import annotations

import gc
import threading

UMBRALES = (10_000, 10, 10)
_listo = threading.Event()
_candado = threading.Lock()


def preparar() -> None:
    """Una vez por proceso (app.py la llama al final de cada ejecución; sólo la primera hace algo)."""
    if _listo.is_set():
        return
    with _candado:
        if _listo.is_set():
            return
        gc.collect()
        gc.freeze()
        gc.set_threshold(*UMBRALES)
        _listo.set()
