"""El cliente de carga sin navegador (`bench/carga.py`) habla el protocolo de Streamlit contra un servidor de
verdad: pide una página con parámetros de URL por el websocket y recibe `script_finished`. Sin tiempos."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import RAIZ, proyecto_en

from bench import carga


@pytest.fixture(scope="module")
def servidor(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("carga", RAIZ / "scripts" / "carga.py")
    modulo = sys.modules.setdefault("carga", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(modulo)
    crudos, destino = proyecto_en(tmp_path_factory.mktemp("protocolo"))
    with modulo.servidor(parquet=destino, crudos=crudos) as srv:
        yield srv


def test_una_sesion_recibe_script_finished(servidor):
    s = carga.una_sesion(servidor.url, "encuentros?top=5&idioma=en")
    assert s.error == "" and s.segundos is not None, s
    assert s.graficas > 0, "la página de Encuentros manda sus gráficas por el websocket"


def test_pagina_inexistente_es_error(servidor):
    s = carga.una_sesion(servidor.url, "no_existe_esta_pagina")
    assert "no_existe_esta_pagina" in s.error, s
