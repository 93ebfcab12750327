"""Cachés de proceso (`tablero.cache.compartida`) y recolector del servidor: lo que prometen sus docstrings."""

from __future__ import annotations

import gc
import threading
import time

import pytest

from tablero import recolector
from tablero.cache import compartida


def test_los_argumentos_con_guion_bajo_no_entran_en_la_llave():
    llamadas = []

    @compartida(max_entries=8)
    def memo(clave, _calcular):
        llamadas.append(clave)
        return _calcular()

    assert memo(("a", 1), lambda: "primero") == "primero"
    assert memo(("a", 1), lambda: "otro") == "primero", "otra función con la misma llave: el resultado guardado"
    assert memo(clave=("a", 1), _calcular=lambda: "otro") == "primero", "por nombre, la misma llave"
    assert memo(("a", 2), lambda: "segundo") == "segundo"
    assert llamadas == [("a", 1), ("a", 2)]


def test_quien_pide_una_llave_que_otro_calcula_espera_y_no_la_calcula_otra_vez():
    calculos = []
    empezo = threading.Event()

    @compartida(max_entries=8)
    def lento(clave):
        calculos.append(clave)
        empezo.set()
        time.sleep(0.2)
        return object()

    resultados = []
    hilos = [threading.Thread(target=lambda: resultados.append(lento("x"))) for _ in range(8)]
    hilos[0].start()
    empezo.wait(5)
    for h in hilos[1:]:
        h.start()
    for h in hilos:
        h.join(10)
    assert calculos == ["x"]
    assert len(resultados) == 8 and all(r is resultados[0] for r in resultados), "todas reciben el mismo objeto"


def test_sale_la_llave_menos_usada_y_clear_vacia():
    calculos = []

    @compartida(max_entries=2)
    def f(clave):
        calculos.append(clave)
        return clave

    for clave in ("a", "b", "a", "c", "a", "b"):
        f(clave)
    # «b» salió al entrar «c» (la menos usada); «a» siguió
    assert calculos == ["a", "b", "c", "b"]
    f.clear()
    f("a")
    assert calculos[-1] == "a" and len(calculos) == 5


def test_con_ttl_el_resultado_vence():
    calculos = []

    @compartida(max_entries=4, ttl=0.05)
    def f(clave):
        calculos.append(clave)
        return len(calculos)

    assert f("a") == 1
    assert f("a") == 1
    time.sleep(0.2)
    assert f("a") == 2


def test_una_excepcion_no_se_guarda_y_no_deja_esperando_a_nadie():
    intentos = []

    @compartida(max_entries=4)
    def f(clave):
        intentos.append(clave)
        if len(intentos) == 1:
            raise RuntimeError("falló")
        return "bien"

    try:
        f("a")
    except RuntimeError:
        pass
    assert f("a") == "bien" and intentos == ["a", "a"]


def test_el_recolector_queda_preparado_una_sola_vez():
    recolector.preparar()
    congelados = gc.get_freeze_count()
    assert congelados > 0, "lo cargado al arrancar queda fuera de las colecciones"
    assert gc.get_threshold() == recolector.UMBRALES
    recolector.preparar()
    assert gc.get_freeze_count() == congelados, "la segunda llamada no vuelve a congelar"


def test_una_firma_sin_nombres_fijos_se_rechaza():
    with pytest.raises(TypeError, match="args"):
        compartida(max_entries=2)(lambda *args: args)
