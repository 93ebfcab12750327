"""Caché del proceso, compartida por todas las sesiones, para lo que una página pide decenas de veces por ejecución.

`st.cache_resource` cobra unos 0.25 ms por acierto (lee la firma de la función y hace el hash de cada argumento
en cada llamada); con una consulta, una figura y un memo por gráfica eran ≈10 % del CPU por sesión del servidor
(`python -m bench.carga`). Aquí, un LRU de `cachetools` con la misma convención que Streamlit: los argumentos
cuyo nombre empieza con `_` no entran en la llave. Quien pide una llave que otro hilo está calculando espera
ese resultado en vez de calcularla otra vez (como `st.cache_resource`). Lo guardado no se copia: quien lo
recibe no lo modifica.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable

import cachetools
from cachetools.keys import hashkey


def compartida(max_entries: int, ttl: float | None = None) -> Callable[[Callable], Callable]:
    """Decorador: resultado por llave (los argumentos sin `_`), a lo más `max_entries` (los menos usados salen);
    con `ttl`, cada resultado vale esos segundos."""
    def decorar(funcion: Callable) -> Callable:
        parametros = inspect.signature(funcion).parameters
        if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parametros.values()):
            raise TypeError(f"{funcion.__name__}: sin *args ni **kwargs (la llave sale de la firma)")
        nombres = list(parametros)
        # por posición o por nombre, la misma llave: los valores en el orden de la firma (con sus omisiones)
        dentro = [(i, n, parametros[n].default) for i, n in enumerate(nombres) if not n.startswith("_")]

        def llave(*args, **kwargs):
            return hashkey(*(args[i] if i < len(args) else kwargs.get(n, omision) for i, n, omision in dentro))

        envuelta = cachetools.cached(cachetools.TTLCache(max_entries, ttl) if ttl else cachetools.LRUCache(max_entries), key=llave,
                                     condition=threading.Condition(threading.RLock()))(funcion)
        envuelta.clear = envuelta.cache_clear  # como `st.cache_resource`: las pruebas vacían la caché
        return envuelta
    return decorar
