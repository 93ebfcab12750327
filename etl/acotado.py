"""Leer un documento que llega de fuera en un proceso hijo con límites: CPU, memoria, tiempo, páginas y caracteres.

Un PDF de 40 KB puede pedir una hora de CPU y un renglón de megabytes, minutos. Aquí la lectura (y la propuesta de
cifras) corre en un proceso aparte, nacido del servidor de procesos de `multiprocessing` ("forkserver": no copia los
hilos del servidor de Streamlit), con `RLIMIT_CPU` y `RLIMIT_AS`; quien espera lo termina al vencer el plazo, al
pedírselo (otra subida, fin de la sesión) o si su propio hilo se interrumpe. Todo error se vuelve
`DocumentoIlegible` con su clave, para decirlo en el idioma de quien lo subió.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .proponer import CARACTERES_MAX, PAGINAS_MAX, DocumentoIlegible


@dataclass(frozen=True)
class Limites:
    cpu_s: int = 8  # segundos de CPU del hijo (RLIMIT_CPU)
    espera_s: float = 8.0  # segundos de reloj que se le esperan
    memoria_mb: int = 1024  # memoria virtual que puede sumar a la del proceso del que nace (RLIMIT_AS)
    paginas: int = PAGINAS_MAX
    caracteres: int = CARACTERES_MAX


LIMITES = Limites()  # la página: negativa o propuestas en menos de 10 s
# La línea de órdenes la corre una persona en su máquina: el mismo encierro, con más holgura para un informe largo
# en una máquina ocupada.
LIMITES_CONSOLA = Limites(cpu_s=60, espera_s=120, memoria_mb=2048)
_CONTEXTO: multiprocessing.context.BaseContext | None = None
_CANDADO = threading.Lock()


def _contexto():
    """El servidor de procesos, con etl.proponer (pandas, pypdf, trafilatura) ya importado: cada hijo nace listo."""
    global _CONTEXTO
    with _CANDADO:
        if _CONTEXTO is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["etl.proponer", "pypdf", "trafilatura"])
            _CONTEXTO = ctx
    return _CONTEXTO


@contextlib.contextmanager
def _sin_main():
    """El hijo no vuelve a importar el `__main__` de quien lo pide: en el servidor es la página de Streamlit (que
    correría sin sesión), y lo que corre el hijo vive en este módulo."""
    from multiprocessing import spawn

    with _CANDADO:
        original = spawn.get_preparation_data

        def sin_main(nombre):
            datos = original(nombre)
            datos.pop("init_main_from_name", None)
            datos.pop("init_main_from_path", None)
            return datos

        spawn.get_preparation_data = sin_main
        try:
            yield
        finally:
            spawn.get_preparation_data = original


def _memoria_actual() -> int:
    try:
        with open("/proc/self/status") as f:
            for linea in f:
                if linea.startswith("VmSize:"):
                    return int(linea.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limitar(limites: Limites) -> None:
    import os
    import resource

    os.nice(10)  # la lectura cede la CPU a las páginas de las demás sesiones
    import pyarrow as pa

    # jemalloc/mimalloc de Arrow reservan de golpe regiones grandes de direcciones: con RLIMIT_AS, el de sistema.
    pa.set_memory_pool(pa.system_memory_pool())

    resource.setrlimit(resource.RLIMIT_CPU, (limites.cpu_s, limites.cpu_s + 1))
    actual = _memoria_actual()
    if actual:
        tope = actual + limites.memoria_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (tope, tope))


def _hijo(conexion, funcion: Callable, args: tuple, limites: Limites) -> None:
    try:
        _limitar(limites)
        resultado = ("ok", funcion(*args))
    except DocumentoIlegible as e:
        resultado = ("ilegible", str(e), e.clave, e.datos)
    except MemoryError:
        resultado = ("ilegible", f"leerlo pide más de {limites.memoria_mb} MB de memoria", "memoria",
                     {"mb": limites.memoria_mb})
    except Exception as e:  # noqa: BLE001 — se devuelve como negativa clara, nunca como traza
        resultado = ("ilegible", f"no se puede leer ({type(e).__name__})", "biblioteca", {"error": type(e).__name__})
    try:
        conexion.send(resultado)
    except MemoryError:
        conexion.send(("ilegible", "el resultado no cabe en memoria", "memoria", {"mb": limites.memoria_mb}))
    finally:
        conexion.close()


class Tarea:
    """Un documento leyéndose en su proceso hijo. `esperar` devuelve el resultado o lanza DocumentoIlegible;
    `terminar` lo mata (se puede llamar desde otro hilo, las veces que sea)."""

    def __init__(self, nombre: str, funcion: Callable, args: tuple, limites: Limites = LIMITES):
        self.nombre, self.limites = nombre, limites
        ctx = _contexto()
        self._recibe, envia = ctx.Pipe(duplex=False)
        self.proceso = ctx.Process(target=_hijo, args=(envia, funcion, args, limites), daemon=True)
        with _sin_main():
            self.proceso.start()  # la primera vez espera a que arranque el servidor de procesos: no cuenta en el plazo
        self.inicio = time.monotonic()
        envia.close()
        # Guardia propia: aunque nadie llegue a esperarla (la ejecución de la página se interrumpió antes, la sesión
        # se cerró), la tarea muere al vencer su plazo.
        self._guardia = threading.Timer(limites.espera_s + 1, self.terminar)
        self._guardia.daemon = True
        self._guardia.start()

    def viva(self) -> bool:
        return self.proceso.is_alive()

    def terminar(self) -> None:
        if threading.current_thread() is not self._guardia:
            self._guardia.cancel()
        if self.proceso.is_alive():
            self.proceso.kill()
        self.proceso.join(timeout=2)

    def _negativa(self, clave: str, mensaje: str, **datos) -> DocumentoIlegible:
        return DocumentoIlegible(f"{self.nombre}: {mensaje}", clave, **datos)

    def esperar(self, latido: Callable[[float], None] | None = None, cada: float = 0.25):
        """El resultado de la función en el hijo. `latido(segundos)` se llama mientras tanto: si lanza (Streamlit
        interrumpe así una ejecución al volver a correr la página o al cerrarse la sesión), el hijo se termina."""
        try:
            while True:
                transcurrido = time.monotonic() - self.inicio
                restante = self.limites.espera_s - transcurrido
                if restante <= 0:
                    raise self._negativa("tiempo", f"leerlo tomaría más de {self.limites.espera_s:g} s; se detuvo. "
                                         "Divídalo en partes o guarde su texto como .txt", s=f"{self.limites.espera_s:g}")
                if self._recibe.poll(min(cada, restante)):
                    try:
                        resultado = self._recibe.recv()
                    except EOFError:
                        break  # el hijo murió sin responder: abajo se dice por qué
                    if resultado[0] == "ok":
                        return resultado[1]
                    _, mensaje, clave, datos = resultado
                    raise DocumentoIlegible(mensaje if mensaje.startswith(self.nombre) else f"{self.nombre}: {mensaje}",
                                            clave, **datos)
                if not self.proceso.is_alive() and not self._recibe.poll(0):
                    break
                if latido:
                    latido(time.monotonic() - self.inicio)
            self.proceso.join(timeout=2)
            codigo = self.proceso.exitcode
            if codigo is not None and codigo < 0 and -codigo in (24, 9):  # SIGXCPU (o SIGKILL al pasar el tope duro)
                raise self._negativa("tiempo", f"leerlo tomaría más de {self.limites.cpu_s} s de CPU; se detuvo. "
                                     "Divídalo en partes o guarde su texto como .txt", s=str(self.limites.cpu_s))
            raise self._negativa("memoria", f"la lectura terminó sin responder (código {codigo}); quizá pide más de "
                                 f"{self.limites.memoria_mb} MB de memoria", mb=self.limites.memoria_mb)
        finally:
            self.terminar()
            self._recibe.close()


def _proponer(nombre: str, datos: bytes, indicadores, existentes, doc_id, paginas: int, caracteres: int):
    from .proponer import proponer

    return proponer(nombre, datos, doc_id=doc_id, indicadores=indicadores, existentes=existentes,
                    paginas_max=paginas, caracteres_max=caracteres)


def _extraer(nombre: str, datos: bytes, paginas: int, caracteres: int):
    from .proponer import extraer

    return extraer(nombre, datos, paginas_max=paginas, caracteres_max=caracteres)


def iniciar_propuesta(nombre: str, datos: bytes, indicadores=None, existentes: list[str] | None = None,
                      doc_id: str | None = None, limites: Limites = LIMITES) -> Tarea:
    """Empieza a proponer las cifras de un documento en un proceso hijo; `Tarea.esperar()` da la `Propuesta`."""
    return Tarea(nombre, _proponer, (nombre, datos, indicadores, existentes, doc_id, limites.paginas,
                                     limites.caracteres), limites)


def proponer_acotado(nombre: str, datos: bytes, indicadores=None, existentes: list[str] | None = None,
                     doc_id: str | None = None, limites: Limites = LIMITES, latido=None):
    return iniciar_propuesta(nombre, datos, indicadores, existentes, doc_id, limites).esperar(latido)


def extraer_acotado(nombre: str, datos: bytes, limites: Limites = LIMITES_CONSOLA):
    """El texto de un documento (`Texto`), leído en un proceso hijo con límites."""
    return Tarea(nombre, _extraer, (nombre, datos, limites.paginas, limites.caracteres), limites).esperar()

