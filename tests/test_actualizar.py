"""`python -m etl actualizar`: descargas con la red bloqueada (respx), instantáneas inmutables y construcción.

Las respuestas de ACNUR se arman con la forma documentada de su API y los renglones del CSV incluido (ver
tests/fixtures/publicadores/LEEME.md); las de la CBP son un recorte real de su CSV por estado y una página construida;
las de Banxico, un libro .xlsx construido con el diseño del cuadro CE100 que lee el compilador de la tabla incluida y
con los valores de esa tabla (tests/banxico_armado.py); las del Boletín de la UPMRIP, la página de cuadros
construida y libros construidos desde los CSV incluidos (tests/cuadros_upmrip.py; el resto de sus casos, en
tests/test_upmrip_boletin.py); las de la OIM, su CSV global armado desde el CSV incluido (tests/oim_mmp.py; el resto de
sus casos, en tests/test_mmp.py); las del SNM de Panamá, un PDF armado desde el CSV incluido del Darién
(tests/darien_armado.py; el resto de sus casos, en tests/test_darien.py).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import httpx
import pandas as pd
import pytest
import respx
from conftest import ConstruirContado, bytes_publicados, copia_de_crudos

from etl import descarga, instantaneas
from etl.__main__ import main
from etl.actualizar import actualizar
from etl.construir import CRUDOS
from etl.fuentes import acnur as fuente_acnur
from etl.fuentes import banxico as fuente_banxico
from etl.fuentes import cbp as fuente_cbp
from etl.fuentes import darien as fuente_darien
from etl.fuentes import mmp as fuente_mmp
from etl.fuentes import upmrip_boletin as fuente_boletin
from tests import darien_armado, oim_mmp
from tests.acnur_armado import items_acnur, respuesta_acnur
from tests.banxico_armado import filas_ce100, libro_xlsx, remesas_incluidas
from tests.cuadros_upmrip import (
    compilado,
    compilado_313,
    compilado_324,
    escribir_3_1_1,
    escribir_3_1_3,
    escribir_3_2_4,
    mapa_grafias,
)

FIXTURES = Path(__file__).parent / "fixtures" / "publicadores"
CSV_ESTADO = FIXTURES / "nationwide-encounters-fy22-fy25-state.csv"
URL_ESTADO = "https://www.cbp.gov/sites/default/files/2025-11/nationwide-encounters-fy22-fy25-state.csv"
URL_AOR = "https://www.cbp.gov/sites/default/files/2024-10/nationwide-encounters-fy21-fy24-aor.csv"
CE100 = FIXTURES / "banxico_ce100.construida.xlsx"


def cbp_pagina() -> httpx.Response:
    return httpx.Response(200, text=(FIXTURES / "cbp_pagina.construida.html").read_text(encoding="utf-8"))


@pytest.fixture
def crudos(tmp_path, red_bloqueada) -> Path:
    destino = copia_de_crudos(tmp_path)
    return destino


def _acnur_ok(mock, items):
    return mock.get(fuente_acnur.API).mock(return_value=respuesta_acnur(items))


# ------------------------------------------------------------------ cliente HTTP

def test_reintenta_un_500_y_sigue_con_la_respuesta_buena(red_bloqueada):
    with respx.mock(assert_all_called=True) as mock:
        ruta = mock.get("https://x.test/a").mock(side_effect=[httpx.Response(500), httpx.Response(503), httpx.Response(200, text="ok")])
        with descarga.cliente() as c:
            assert descarga.obtener(c, "https://x.test/a").text == "ok"
    assert ruta.call_count == 3
    assert ruta.calls[0].request.headers["user-agent"].startswith("tablero-movilidad-humana/")


@pytest.mark.parametrize("efecto, motivo, llamadas", [
    (httpx.Response(404), "HTTP 404 al pedir https://x.test/a", 1),
    (httpx.Response(500), "HTTP 500 al pedir https://x.test/a tras 3 intentos", 3),
    (httpx.ReadTimeout("lento"), "tiempo de espera agotado al pedir https://x.test/a tras 3 intentos", 3),
])
def test_un_error_del_publicador_se_dice_con_su_motivo(red_bloqueada, efecto, motivo, llamadas):
    with respx.mock() as mock:
        ruta = mock.get("https://x.test/a").mock(side_effect=efecto) if isinstance(efecto, Exception) else \
            mock.get("https://x.test/a").mock(return_value=efecto)
        with descarga.cliente() as c, pytest.raises(descarga.FalloDescarga) as e:
            descarga.obtener(c, "https://x.test/a")
    assert str(e.value) == motivo and ruta.call_count == llamadas


def test_la_red_bloqueada_no_deja_salir_nada(red_bloqueada):
    with descarga.cliente() as c, pytest.raises(descarga.FalloDescarga, match="sin conexión"):
        descarga.obtener(c, "https://api.unhcr.org/population/v1/")


# ------------------------------------------------------------------ ACNUR

def test_acnur_recorre_las_paginas_y_guarda_una_instantanea_con_su_ficha(crudos):
    items = items_acnur({2023, 2024})
    mitad = len(items) // 2
    construir = ConstruirContado()
    with respx.mock(assert_all_called=True) as mock:
        ruta = mock.get(fuente_acnur.API).mock(side_effect=[respuesta_acnur(items[:mitad], 1, 2),
                                                            respuesta_acnur(items[mitad:], 2, 2)])
        resultados, version = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [r.estado for r in resultados] == ["nueva"] and version is not None and construir.llamadas == 1
    assert [dict(c.request.url.params)["page"] for c in ruta.calls] == ["1", "2"]
    assert dict(ruta.calls[0].request.url.params)["coa"] == "MEX"
    carpeta = resultados[0].carpeta
    assert carpeta.parent == crudos / "instantaneas" / "acnur"
    nombres = [p.name for p in instantaneas.archivos(carpeta)]
    assert nombres == ["solicitudes_asilo_pagina_001.json", "solicitudes_asilo_pagina_002.json"]
    ficha = instantaneas.ficha(carpeta / nombres[0])
    contenido = (carpeta / nombres[0]).read_bytes()
    import hashlib

    assert ficha["sha256"] == hashlib.sha256(contenido).hexdigest() and ficha["bytes"] == len(contenido)
    assert ficha["url"].startswith(fuente_acnur.API) and "page=1" in ficha["url"]
    assert ficha["productor"] == fuente_acnur.METADATOS["productor"] and ficha["licencia"] == "CC BY 4.0"
    assert ficha["acceso_utc"].endswith("Z")
    assert not os.access(carpeta / nombres[0], os.W_OK) or os.geteuid() == 0  # sólo lectura (root escribe igual)
    assert oct((carpeta / nombres[0]).stat().st_mode & 0o777) == "0o444"
    assert not (crudos.parent / ".descargas").exists() or not any((crudos.parent / ".descargas").iterdir())


def test_una_descarga_identica_a_la_ultima_no_crea_instantanea_ni_construye(crudos):
    items = items_acnur({2024})
    construir = ConstruirContado()
    with respx.mock() as mock:
        _acnur_ok(mock, items)
        primero, _ = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=construir)
        segundo, version = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert primero[0].estado == "nueva" and segundo[0].estado == "sin cambios" and version is None
    assert len(instantaneas.carpetas(crudos, "acnur")) == 1 and construir.llamadas == 1


@pytest.mark.parametrize("respuesta, motivo", [
    (httpx.Response(404), "HTTP 404"),
    (httpx.Response(500), "HTTP 500"),
    (httpx.ConnectTimeout("lento"), "tiempo de espera agotado"),
    (httpx.Response(200, json={"data": []}), "se esperaba {page, maxPages, total, items}"),
    (httpx.Response(200, text="<html>mantenimiento</html>"), "no es JSON"),
])
def test_acnur_que_falla_se_nombra_y_no_deja_nada(crudos, respuesta, motivo):
    antes = sorted(p.relative_to(crudos) for p in crudos.rglob("*"))
    construir = ConstruirContado()
    with respx.mock() as mock:
        r = mock.get(fuente_acnur.API)
        r.mock(side_effect=respuesta) if isinstance(respuesta, Exception) else r.mock(return_value=respuesta)
        resultados, version = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert resultados[0].estado == "falló" and motivo in resultados[0].motivo and version is None
    assert construir.llamadas == 0 and sorted(p.relative_to(crudos) for p in crudos.rglob("*")) == antes


def test_un_item_con_otro_diseno_va_a_cuarentena_fuera_de_crudos(crudos):
    items = items_acnur({2024})
    items[3] = {k: v for k, v in items[3].items() if k != "applied"}  # la API dejó de mandar el conteo
    with respx.mock() as mock:
        _acnur_ok(mock, items)
        resultados, version = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "falló" and "faltan ['applied']" in resultados[0].motivo and version is None
    assert instantaneas.carpetas(crudos, "acnur") == []
    apartadas = list((crudos.parent / "cuarentena" / "acnur").glob("*/MOTIVO.txt"))
    assert len(apartadas) == 1 and "applied" in apartadas[0].read_text(encoding="utf-8")


def test_si_la_construccion_falla_la_instantanea_nueva_sale_a_cuarentena(crudos):
    with respx.mock() as mock:
        _acnur_ok(mock, items_acnur({2024}))
        resultados, version = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado(falla=True))
    assert resultados[0].estado == "falló" and "la construcción falló" in resultados[0].motivo and version is None
    assert instantaneas.carpetas(crudos, "acnur") == []
    assert len(list((crudos.parent / "cuarentena" / "acnur").iterdir())) == 1


def test_sin_su_clave_una_fuente_se_omite_y_las_demas_siguen(crudos, monkeypatch):
    """Una fuente con token (como la tendrían Banxico SIE o INEGI) sin su variable de entorno se omite con un mensaje."""
    from etl import fuentes

    llamada = []
    con_clave = fuentes.desde_modulo("con_clave", type("M", (), {
        "METADATOS": fuentes.registro()["banxico"].metadatos | {"token": "PRUEBA_TOKEN_TABLERO"},
        "descargar": staticmethod(lambda cliente, anio=None: llamada.append(1) or []),
        "__name__": "etl.fuentes.con_clave"}))
    reducido = {"con_clave": con_clave, "acnur": fuentes.registro()["acnur"]}
    monkeypatch.setattr("etl.actualizar.registro", lambda: reducido)
    monkeypatch.delenv("PRUEBA_TOKEN_TABLERO", raising=False)
    with respx.mock() as mock:
        _acnur_ok(mock, items_acnur({2024}))
        resultados, _ = actualizar(None, crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    estado = {r.fuente: (r.estado, r.motivo) for r in resultados}
    assert estado["con_clave"] == ("omitida", "falta la variable de entorno PRUEBA_TOKEN_TABLERO con la clave de su API")
    assert estado["acnur"][0] == "nueva" and llamada == []


def test_una_clave_nunca_llega_a_un_mensaje(crudos, monkeypatch):
    from etl import actualizar as mod

    monkeypatch.setenv("INEGI_TOKEN", "abc123secreto")  # la clave de una fuente del registro (INEGI, Banco de Indicadores)
    assert mod._sin_claves("HTTP 401 al pedir https://x.test/?token=abc123secreto") == "HTTP 401 al pedir https://x.test/?token=***"


# ------------------------------------------------------------------ CBP

def test_cbp_elige_el_csv_mas_reciente_de_cada_diseno():
    html = (FIXTURES / "cbp_pagina.construida.html").read_text(encoding="utf-8")
    assert fuente_cbp.enlaces(html) == {"aor": URL_AOR, "state": URL_ESTADO}


def test_cbp_una_pagina_sin_enlaces_es_un_diseno_cambiado(crudos):
    with respx.mock() as mock:
        mock.get(fuente_cbp.PAGINA).mock(return_value=httpx.Response(200, text="<html>nada</html>"))
        resultados, _ = actualizar(["cbp"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "falló" and "no enlaza ningún" in resultados[0].motivo


def test_cbp_un_csv_de_diseno_desconocido_va_a_cuarentena(crudos):
    with respx.mock() as mock:
        mock.get(fuente_cbp.PAGINA).mock(return_value=cbp_pagina())
        mock.get(URL_ESTADO).mock(return_value=httpx.Response(200, content=CSV_ESTADO.read_bytes()))
        mock.get(URL_AOR).mock(return_value=httpx.Response(200, text="Year,Month,Count\n2025,JAN,3\n"))
        resultados, _ = actualizar(["cbp"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "falló" and "nationwide-encounters-fy21-fy24-aor.csv" in resultados[0].motivo
    assert instantaneas.carpetas(crudos, "cbp") == []


# ------------------------------------------------------------------ la construcción con instantáneas

def test_la_instantanea_mas_reciente_manda_en_los_periodos_que_trae(crudos):
    """Año revisado (ACNUR 2024 con un renglón + 1), mes nuevo (CBP por estado hasta 2025-09) y los demás periodos
    intactos; cada renglón nombra el archivo del que viene."""
    items = items_acnur({2024})
    items[0] = items[0] | {"applied": items[0]["applied"] + 1}  # revisión construida: + 1 en un renglón
    with respx.mock() as mock:
        _acnur_ok(mock, items)
        mock.get(fuente_cbp.PAGINA).mock(return_value=httpx.Response(200, text=f'<a href="{URL_ESTADO}">x</a>'))
        mock.get(URL_ESTADO).mock(return_value=httpx.Response(200, content=CSV_ESTADO.read_bytes()))
        resultados, _ = actualizar(["acnur", "cbp"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert [r.estado for r in resultados] == ["nueva", "nueva"]
    from etl.construir import _paises, aplicar_instantaneas, contexto_lectura
    from etl.fuentes.acnur import lector as acnur
    from etl.fuentes.cbp import lector as cbp

    paises = set(_paises(CRUDOS)[0]["iso3"])
    a = acnur.solicitudes_asilo(CRUDOS / "tablas" / "acnur_solicitudes_asilo_mexico.csv", paises, {})
    despues = {"asilo_solicitudes": a.copy()}
    contexto = contexto_lectura(crudos, paises)
    fichas = aplicar_instantaneas(despues, crudos, contexto)  # lo que hace leer_todo después de leer lo incluido
    cbp_despues, cbp_fichas = fuente_cbp.encuentros(crudos, contexto)
    d = despues["asilo_solicitudes"]
    assert a[a["anio"] != 2024].reset_index(drop=True).equals(d[d["anio"] != 2024].reset_index(drop=True))
    nuevo_2024 = d[d["anio"] == 2024]
    assert len(nuevo_2024) == len(items) and nuevo_2024["n"].sum() == sum(i["applied"] for i in items)
    assert nuevo_2024["n"].sum() == a.loc[a["anio"] == 2024, "n"].sum() + 1
    id_pagina = f"instantaneas/acnur/{resultados[0].carpeta.name}/solicitudes_asilo_pagina_001.json"
    assert set(nuevo_2024["fuente_id"]) == {id_pagina}
    assert [f["licencia"] for f in fichas if f["archivo"] == id_pagina] == ["CC BY 4.0"]
    # la ficha de una descarga también habla inglés: cita, periodo y notas armados, lo del publicador de su registro
    ficha = next(f for f in fichas if f["archivo"] == id_pagina)
    assert ficha["productor_en"] == fuente_acnur.METADATOS["productor_en"] != ficha["productor"]
    assert ficha["cita_sugerida_en"].startswith(fuente_acnur.METADATOS["cita_en"]) and "Accessed" in ficha["cita_sugerida_en"]
    assert ficha["periodo_en"].startswith("download of") and len(ficha["notas_en"]) == len(ficha["notas"])
    estado = cbp_despues["cbp_encuentros_estado"]
    crudo = pd.read_csv(CSV_ESTADO)
    assert int(estado["n"].sum()) == int(crudo["Encounter Count"].sum())
    assert estado["mes"].max() == pd.Timestamp("2025-09-01")
    assert set(estado["archivo"]) == {f"instantaneas/cbp/{resultados[1].carpeta.name}/{CSV_ESTADO.name}"}
    antes_cbp, _ = cbp.encuentros(CRUDOS / "tablas", CRUDOS / "catalogos", paises)
    assert cbp_despues["cbp_encuentros"].equals(antes_cbp["cbp_encuentros"])  # el diseño por estado no toca el de componente
    assert any(f["archivo"].startswith("instantaneas/cbp/") for f in cbp_fichas)


# ------------------------------------------------------------------ de punta a punta (construcción real)

PAGINA_BOLETIN = Path(__file__).parent / "fixtures" / "upmrip_boletin" / "pagina_cuadros_2024.construida.html"
BASE_BOLETIN = ("https://portales.segob.gob.mx/work/models/PoliticaMigratoria/CEM/Estadisticas/Boletines_Estadisticos/"
                "2024/Cuadros2024/")


def _boletin(mock, carpeta: Path, monkeypatch) -> None:
    """Respuestas del Boletín: la página de 2024 con sus tres cuadros de 2024 (construidos desde los CSV incluidos) y
    la de 2025 aún sin cuadros (el 10 de febrero de 2025 se omite). Sin proyectar las series de eventos y devoluciones:
    con el fuente_id nuevo de sus meses no salen del caché y ajustarlas cuesta más de un minuto (se prueban en
    tests/test_proyecciones.py)."""
    from etl import proyecciones

    monkeypatch.setattr(fuente_boletin, "_hoy", lambda: date(2025, 2, 10))
    todas = proyecciones.series
    monkeypatch.setattr(proyecciones, "series", lambda tablas: [
        s for s in todas(tablas) if s["tabla"] not in ("eventos_nacionalidad", "devoluciones")])
    mapa = mapa_grafias()
    libros = (escribir_3_1_1(carpeta / "a.xlsx", 2024, compilado()[2024], mapa),
              escribir_3_1_3(carpeta / "b.xlsx", 2024, compilado_313()[2024]),
              escribir_3_2_4(carpeta / "c.xlsx", 2024, compilado_324()[2024], mapa))
    mock.get(fuente_boletin.PAGINA.format(anio=2024, seccion=3)).mock(
        return_value=httpx.Response(200, content=PAGINA_BOLETIN.read_bytes()))
    mock.get(fuente_boletin.PAGINA.format(anio=2025, seccion=3)).mock(return_value=httpx.Response(200, text="<html></html>"))
    for nombre, libro in zip(("cuadro3.1.1_.xls", "cuadro3.1.3_.xls", "cuadro_3.2.4.xlsx"), libros):
        mock.get(BASE_BOLETIN + nombre).mock(return_value=httpx.Response(200, content=libro.read_bytes()))


def _enoe(mock, monkeypatch) -> None:
    """ENOE: un zip de microdatos construido para 2023-T1 y 404 para los demás trimestres (tests/test_inegi_enoe.py);
    Banco de Indicadores: una respuesta construida en su forma documentada, con una clave inventada."""
    from etl.fuentes import inegi_bie, inegi_enoe
    from tests.enoe_armado import renglones, zip_sdem_construido
    from tests.test_inegi_enoe import TOKEN, VALORES_BIE, respuesta_bie_construida

    mock.get(inegi_enoe.direccion(2023, 1)).mock(
        return_value=httpx.Response(200, content=zip_sdem_construido(2023, 1, renglones())))
    mock.get(url__startswith=inegi_enoe.BASE).mock(return_value=httpx.Response(404))
    monkeypatch.setenv("INEGI_TOKEN", TOKEN)
    mock.get(url__startswith=inegi_bie.API).mock(return_value=httpx.Response(200, json=respuesta_bie_construida(VALORES_BIE)))


def test_de_punta_a_punta_publica_y_sin_red_no_toca_nada(crudos, capsys, monkeypatch, tmp_path):
    """Con las respuestas, `actualizar` trae cada fuente con descarga y publica; sin ninguna respuesta (red bloqueada)
    nombra cada fuente que falló, sale con 1 y las tablas publicadas quedan idénticas byte por byte."""
    parquet = crudos.parent / "parquet"
    args = ["actualizar", "--crudos", str(crudos), "--destino", str(parquet)]
    with respx.mock() as mock:
        _acnur_ok(mock, items_acnur({2024, 2025}))
        mock.get(fuente_cbp.PAGINA).mock(return_value=httpx.Response(200, text=f'<a href="{URL_ESTADO}">x</a>'))
        mock.get(URL_ESTADO).mock(return_value=httpx.Response(200, content=CSV_ESTADO.read_bytes()))
        mock.get(fuente_banxico.CUADRO).mock(return_value=httpx.Response(200, content=CE100.read_bytes()))
        _boletin(mock, tmp_path, monkeypatch)
        mock.get(fuente_mmp.URL).mock(return_value=httpx.Response(200, content=oim_mmp.armado()[1]))
        _enoe(mock, monkeypatch)
        monkeypatch.setattr(fuente_darien, "hoy", lambda: date(2025, 5, 10))  # mayo aún no se publica; abril sí
        mock.get(fuente_darien.URL.format(mes="MAYO")).mock(return_value=httpx.Response(404))
        mock.get(fuente_darien.URL.format(mes="ABRIL")).mock(
            return_value=httpx.Response(200, content=darien_armado.desde_incluido(2025, 4).pdf()))
        assert main(args) == 0
    salida = capsys.readouterr().out
    assert "acnur: nueva" in salida and "cbp: nueva" in salida and "banxico: nueva" in salida and "mmp: nueva" in salida
    assert "inegi_enoe: nueva" in salida and "inegi_bie: nueva" in salida and "darien: nueva" in salida
    assert "upmrip_boletin: nueva" in salida
    assert "tablas publicadas en" in salida
    registro = pd.read_parquet(parquet / "fuentes_registro.parquet").set_index("fuente")
    assert registro.loc["cbp", "ultimo_periodo"] >= pd.Timestamp("2025-05-01").date()
    assert registro.loc["acnur", "instantaneas"] == 1
    publicado = bytes_publicados(parquet)

    assert main(args) == 1  # sin respx: la red está bloqueada
    capturado = capsys.readouterr()
    assert "acnur: falló — sin conexión" in capturado.out and "cbp: falló — sin conexión" in capturado.out
    assert "banxico: falló — sin conexión" in capturado.out and "mmp: falló — sin conexión" in capturado.out
    assert "darien: falló — sin conexión" in capturado.out
    pagina_2024 = fuente_boletin.PAGINA.format(anio=2024, seccion=3)
    assert f"upmrip_boletin: falló — fuente upmrip_boletin, {pagina_2024}: sin conexión" in capturado.out
    assert "inegi_enoe: falló — fuente inegi_enoe, trimestre 2023-T1: sin conexión" in capturado.out
    assert "inegi_bie: falló — fuente inegi_bie: sin conexión" in capturado.out and "/BIE/2.0/*** " in capturado.out
    assert "fallaron u omitidas: upmrip_boletin, cbp, acnur, darien, mmp, banxico, inegi_enoe, inegi_bie" in capturado.err
    assert bytes_publicados(parquet) == publicado
    assert [len(instantaneas.carpetas(crudos, f)) for f in ("acnur", "cbp", "banxico", "upmrip_boletin", "mmp",
                                                             "darien", "inegi_enoe", "inegi_bie")] == [1] * 8
    json.loads((parquet / "manifiesto.json").read_text(encoding="utf-8"))


def test_una_instantanea_nunca_se_sobrescribe(crudos):
    """Dos descargas distintas con la misma hora: la segunda falla con su motivo y la primera queda intacta."""
    from datetime import UTC, datetime

    ahora = datetime(2026, 12, 1, 6, 0, 0, tzinfo=UTC)
    items = items_acnur({2024})
    with respx.mock() as mock:
        ruta = mock.get(fuente_acnur.API)
        ruta.mock(return_value=respuesta_acnur(items))
        primero, _ = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado(), ahora=ahora)
        huellas = instantaneas.huellas(primero[0].carpeta)
        ruta.mock(return_value=respuesta_acnur(items[1:]))
        segundo, _ = actualizar(["acnur"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado(), ahora=ahora)
    assert primero[0].carpeta.name == "20261201T060000Z"
    assert segundo[0].estado == "falló" and "nunca se sobrescribe" in segundo[0].motivo
    assert instantaneas.huellas(primero[0].carpeta) == huellas and len(instantaneas.carpetas(crudos, "acnur")) == 1


# ------------------------------------------------------------------ Banxico (cuadro CE100)

def _banxico(mock, contenido: bytes | None = None, **kw):
    respuesta = kw.get("respuesta") or httpx.Response(200, content=contenido if contenido is not None else CE100.read_bytes())
    ruta = mock.get(fuente_banxico.CUADRO)
    return ruta.mock(side_effect=respuesta) if isinstance(respuesta, Exception) else ruta.mock(return_value=respuesta)


def test_banxico_el_libro_construido_es_el_de_la_tabla_incluida():
    """El archivo de pruebas se regenera igual byte por byte desde el CSV incluido (ver LEEME.md)."""
    assert libro_xlsx(filas_ce100(remesas_incluidas())) == CE100.read_bytes()


def test_banxico_lee_el_cuadro_y_reproduce_los_dolares_incluidos(crudos):
    construir = ConstruirContado()
    with respx.mock(assert_all_called=True) as mock:
        ruta = _banxico(mock)
        resultados, version = actualizar(["banxico"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [r.estado for r in resultados] == ["nueva"] and version is not None and construir.llamadas == 1
    parametros = dict(ruta.calls[0].request.url.params)
    assert parametros["idCuadro"] == "CE100" and parametros["formatoXLS.x"] == "1" and "token" not in str(ruta.calls[0].request.url).lower()
    carpeta = resultados[0].carpeta
    assert [p.name for p in instantaneas.archivos(carpeta)] == ["ce100_remesas_por_entidad.xlsx"]
    assert instantaneas.ficha(carpeta / "ce100_remesas_por_entidad.xlsx")["url"].startswith(fuente_banxico.CUADRO)
    from etl.construir import contexto_lectura

    leida = fuente_banxico.leer_instantanea(carpeta, contexto_lectura(crudos, set()))
    incluida = remesas_incluidas()
    esperada = pd.DataFrame({"trimestre": pd.to_datetime(incluida["PERIODO"]).dt.date,
                             "cve_ent": incluida["CVE_ENT"].map(lambda c: f"{c:02d}"), "usd": incluida["VALOR_USD"]})
    orden = ["trimestre", "cve_ent"]
    assert leida[orden + ["usd"]].astype({"usd": "int64"}).sort_values(orden, ignore_index=True).equals(
        esperada.sort_values(orden, ignore_index=True))
    assert set(leida["fuente_id"]) == {f"instantaneas/banxico/{carpeta.name}/ce100_remesas_por_entidad.xlsx"}
    assert leida["entidad"].notna().all()


def test_banxico_trimestre_nuevo_y_trimestre_revisado(crudos):
    """Construidos: un trimestre nuevo (Abr-Jun 2026 = Ene-Mar 2026 + 1 dólar por entidad) y una revisión de Oct-Dic
    2025 (+ 1 dólar en Aguascalientes). Los demás trimestres quedan como en la tabla incluida."""
    incluida = remesas_incluidas()
    ultimo = incluida[incluida["PERIODO"] == "2026-01-01"]
    nuevo = ultimo.assign(PERIODO="2026-04-01", VALOR_USD=ultimo["VALOR_USD"] + 1)
    datos = pd.concat([incluida, nuevo], ignore_index=True)
    revisado = (datos["PERIODO"] == "2025-10-01") & (datos["CVE_ENT"] == 1)
    datos.loc[revisado, "VALOR_USD"] += 1
    with respx.mock() as mock:
        _banxico(mock, libro_xlsx(filas_ce100(datos)))
        resultados, _ = actualizar(["banxico"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "nueva"
    from etl.construir import aplicar_instantaneas, contexto_lectura
    from etl.fuentes.banxico import lector as remesas
    from etl.fuentes.entidades import lector as entidades

    ent = entidades.entidades(CRUDOS / "tablas" / "mexico_entidades.geojson", {})
    antes = remesas.remesas_por_entidad(CRUDOS / "tablas" / "banxico_remesas_por_entidad.csv",
                                        dict(zip(ent["cve_ent"], ent["entidad"])), {})
    tablas = {"remesas": antes.copy()}
    fichas = aplicar_instantaneas(tablas, crudos, contexto_lectura(crudos, set()))
    d = tablas["remesas"]
    por_trimestre = d.groupby("trimestre")["usd"].sum()
    antes_t = antes.groupby("trimestre")["usd"].sum()
    assert d["trimestre"].max() == date(2026, 4, 1) and (d["trimestre"] == date(2026, 4, 1)).sum() == 32
    assert por_trimestre[date(2026, 4, 1)] == antes_t[date(2026, 1, 1)] + 32
    assert por_trimestre[date(2025, 10, 1)] == antes_t[date(2025, 10, 1)] + 1
    assert por_trimestre.drop([date(2026, 4, 1), date(2025, 10, 1)]).equals(antes_t.drop(date(2025, 10, 1)))
    assert set(d["fuente_id"]) == {f"instantaneas/banxico/{resultados[0].carpeta.name}/ce100_remesas_por_entidad.xlsx"}
    assert (d["entidad"] == d["cve_ent"].map(dict(zip(ent["cve_ent"], ent["entidad"])))).all()
    assert [f["productor"] for f in fichas] == [fuente_banxico.METADATOS["productor"]]


def test_banxico_sin_cambios_no_crea_instantanea(crudos):
    construir = ConstruirContado()
    with respx.mock() as mock:
        _banxico(mock)
        primero, _ = actualizar(["banxico"], crudos, crudos.parent / "parquet", construir_con=construir)
        segundo, version = actualizar(["banxico"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [primero[0].estado, segundo[0].estado] == ["nueva", "sin cambios"] and version is None
    assert len(instantaneas.carpetas(crudos, "banxico")) == 1 and construir.llamadas == 1


@pytest.mark.parametrize("respuesta, motivo", [
    (httpx.Response(404), "HTTP 404"),
    (httpx.Response(500), "HTTP 500"),
    (httpx.ReadTimeout("lento"), "tiempo de espera agotado"),
    (httpx.Response(200, text="<html>Servicio en mantenimiento</html>"), "no es una hoja de cálculo"),
])
def test_banxico_que_falla_se_nombra_y_no_deja_nada(crudos, respuesta, motivo):
    antes = sorted(p.relative_to(crudos) for p in crudos.rglob("*"))
    construir = ConstruirContado()
    with respx.mock() as mock:
        _banxico(mock, respuesta=respuesta)
        resultados, version = actualizar(["banxico"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert resultados[0].estado == "falló" and motivo in resultados[0].motivo and version is None
    assert construir.llamadas == 0 and sorted(p.relative_to(crudos) for p in crudos.rglob("*")) == antes


def _sin_zacatecas(filas):
    return [f for f in filas if not (len(f) > 1 and str(f[1]).startswith("32 "))]


def _con_texto(filas):
    i = next(i for i, f in enumerate(filas) if len(f) > 1 and str(f[1]).startswith("07 "))
    filas[i] = [*filas[i][:-1], "n.d."]
    return filas


def _otro_encabezado(filas):
    i = next(i for i, f in enumerate(filas) if len(f) > 1 and f[1] == "Título")
    filas[i] = [*filas[i][:2], *[str(v).replace("Ene-Mar", "T1") for v in filas[i][2:]]]
    return filas


def _a_medias(filas):
    i = next(i for i, f in enumerate(filas) if len(f) > 1 and str(f[1]).startswith("05 "))
    filas[i] = [*filas[i][:-1], "N/E"]
    return filas


def _reordenado(filas):
    """Las claves 01 y 02 con los nombres cruzados (como si el cuadro se reordenara)."""
    i = next(i for i, f in enumerate(filas) if len(f) > 1 and str(f[1]).startswith("01 "))
    uno, dos = filas[i][1][3:], filas[i + 1][1][3:]
    filas[i], filas[i + 1] = [filas[i][0], f"01 {dos}", *filas[i][2:]], [filas[i + 1][0], f"02 {uno}", *filas[i + 1][2:]]
    return filas


@pytest.mark.parametrize("cambiar, motivo", [
    (_reordenado, "la clave 01 dice 'Baja California'"),
    (_a_medias, "el trimestre 2026-01 trae datos de unas entidades y de otras no"),
    (_sin_zacatecas, "faltan los renglones de las entidades ['32']"),
    (_con_texto, "'n.d.' no es un número"),
    (_otro_encabezado, "no hay un renglón de encabezado con trimestres"),
])
def test_banxico_un_cuadro_con_otro_diseno_va_a_cuarentena(crudos, cambiar, motivo):
    with respx.mock() as mock:
        _banxico(mock, libro_xlsx(cambiar(filas_ce100(remesas_incluidas()))))
        resultados, version = actualizar(["banxico"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "falló" and motivo in resultados[0].motivo and version is None
    assert instantaneas.carpetas(crudos, "banxico") == []
    apartadas = list((crudos.parent / "cuarentena" / "banxico").glob("*/MOTIVO.txt"))
    assert len(apartadas) == 1 and motivo in apartadas[0].read_text(encoding="utf-8")


def test_banxico_un_trimestre_sin_ningun_dato_aun_no_se_publica(tmp_path):
    """Un trimestre con «N/E» en las 32 entidades se omite (los demás se leen); el cuadro sigue siendo válido."""
    filas = filas_ce100(remesas_incluidas())
    encabezado = next(i for i, f in enumerate(filas) if len(f) > 1 and f[1] == "Título")
    filas[encabezado] = [*filas[encabezado], "Abr-Jun 2026"]
    for i, f in enumerate(filas):
        if len(f) > 1 and str(f[1])[:2].isdigit():
            filas[i] = [*f, "N/E"]
    ruta = tmp_path / "ce100_remesas_por_entidad.xlsx"
    ruta.write_bytes(libro_xlsx(filas))
    cuadro = fuente_banxico.leer_cuadro(ruta)
    assert cuadro["trimestre"].max() == date(2026, 1, 1) and len(cuadro) == len(remesas_incluidas())
