"""El cliente de carga sin navegador (`bench/carga.py`) habla el protocolo de Streamlit contra un servidor de
verdad: pide una página con parámetros de URL por el websocket y recibe `script_finished`. Sin tiempos."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import RAIZ, proyecto_en

from bench import carga


@pytest.fixture(scope="module")
def servidor(plantilla, tmp_path_factory):
    spec = importlib.util.spec_from_file_location("carga", RAIZ / "scripts" / "carga.py")
    modulo = sys.modules.setdefault("carga", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(modulo)
    crudos, destino = proyecto_en(tmp_path_factory.mktemp("protocolo"), plantilla)
    with modulo.servidor(parquet=destino, crudos=crudos, guion="servidor.py") as srv:  # como scripts/tablero.sh
        yield srv


def test_una_sesion_recibe_script_finished(servidor):
    s = carga.una_sesion(servidor.url, "encuentros?top=5&idioma=en")
    assert s.error == "" and s.segundos is not None, s
    assert s.graficas > 0, "la página de Encuentros manda sus gráficas por el websocket"


def test_pagina_inexistente_es_error(servidor):
    s = carga.una_sesion(servidor.url, "no_existe_esta_pagina")
    assert "no_existe_esta_pagina" in s.error, s


def test_api_de_datos_en_el_mismo_puerto_que_las_paginas(servidor):
    """`servidor.py` bajo `streamlit run` (lo que corre scripts/tablero.sh): la API responde en el puerto de las
    páginas, con su ETag, y un error de la API es JSON con mensaje, no la página de Streamlit."""
    import json
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(f"{servidor.url}/api/v1/tablas", timeout=60) as r:
        lista = json.loads(r.read())
    assert r.status == 200 and lista["tablas"] and lista["version"]
    darien = next(t for t in lista["tablas"] if t["tabla"] == "darien")
    assert darien["urls"]["csv"].startswith(servidor.url)
    with urllib.request.urlopen(darien["urls"]["csv"], timeout=60) as r:
        assert r.read().startswith(b"\xef\xbb\xbfperiodo_inicio,") and lista["version"] in r.headers["ETag"]
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{servidor.url}/api/v1/tablas/no_existe.csv", timeout=60)
    assert error.value.code == 404 and "no_existe" in json.loads(error.value.read())["error"]
