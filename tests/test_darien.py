"""Migración Panamá (SNM), tabla del Darién: el PDF mensual acumulado, descargado con la red bloqueada (respx).

Respuestas: PDF armados en el diseño descrito (tests/darien_armado.py) con las cifras del CSV incluido; lo esperado se
calcula de lo que cada prueba armó.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import httpx
import pandas as pd
import pytest
import respx
from conftest import ConstruirContado, bytes_publicados, copia_de_crudos

from bench.hostil import pdf_paginas
from etl import instantaneas
from etl.__main__ import main
from etl.actualizar import actualizar
from etl.construir import CRUDOS, _paises, aplicar_instantaneas, contexto_lectura
from etl.errores import ErrorDeEntrada
from etl.fuentes import darien
from etl.fuentes.darien import lector
from etl.proponer import PAGINAS_MAX
from tests import darien_armado

HOY = date(2025, 5, 10)  # el CSV incluido llega a 2025-04: la descarga de «hoy» trae de enero a abril de 2025


@pytest.fixture
def crudos(tmp_path, red_bloqueada, monkeypatch) -> Path:
    destino = copia_de_crudos(tmp_path)
    monkeypatch.setattr(darien, "hoy", lambda: HOY)
    return destino


@pytest.fixture(scope="module")
def incluida() -> pd.DataFrame:
    return lector.cruces_darien(darien_armado.INCLUIDO, set(_paises(CRUDOS)[0]["iso3"]), {})


def _url(mes: int) -> str:
    return darien.URL.format(mes=darien_armado.NOMBRES_MES[mes - 1])


def _servir(mock, publicados: dict[int, bytes | httpx.Response | Exception]) -> dict[int, respx.Route]:
    """Cada mes del año: lo dado, o 404 (aún no publicado)."""
    rutas = {}
    for mes in range(1, 13):
        r = publicados.get(mes, httpx.Response(404))
        r = httpx.Response(200, content=r) if isinstance(r, bytes) else r
        ruta = mock.get(_url(mes))
        rutas[mes] = ruta.mock(side_effect=r) if isinstance(r, Exception) else ruta.mock(return_value=r)
    return rutas


def _leer(tmp_path: Path, armado: darien_armado.Armado) -> pd.DataFrame:
    ruta = tmp_path / armado.archivo()
    ruta.write_bytes(armado.pdf())
    return darien.leer_pdf(ruta, darien.grafias(CRUDOS), "armado")


def _cifras(tabla: pd.DataFrame) -> dict[tuple[int, int, str], int]:
    return {(p.year, p.month, c): int(n) for p, c, n in zip(tabla["periodo_inicio"], tabla["iso3"], tabla["n"])}


def _aplicar(crudos: Path, incluida: pd.DataFrame) -> pd.DataFrame:
    tablas = {"darien": incluida.copy()}
    aplicar_instantaneas(tablas, crudos, contexto_lectura(crudos, set(_paises(crudos)[0]["iso3"])))
    return tablas["darien"]


# ------------------------------------------------------------------ el diseño del SNM

def test_el_armado_con_2024_reproduce_el_csv_incluido(tmp_path, incluida):
    """Doce meses con separador de miles, «Otros», «Rep. Dominicana» en dos palabras, «Venezuela(1)», «Total» y
    «Hijos de ciudadanos …» (con su nombre en dos renglones) fuera: da los renglones mensuales de 2024 del CSV incluido."""
    armado = darien_armado.desde_incluido(2024, 12, hijos=list(range(1, 13)))
    assert max(max(v) for v in armado.cifras.values()) >= 1000 and {"DOM", "OOO", "VEN"} <= set(armado.cifras)
    leida = _leer(tmp_path, armado)
    de_2024 = incluida[incluida["periodo_inicio"].map(lambda p: p.year == 2024)]
    assert _cifras(leida) == _cifras(de_2024) == armado.esperado()
    assert (leida["periodicidad"] == "mensual").all() and (leida["fuente_id"] == "armado").all()


@pytest.mark.parametrize("pagina, paginas", [(1, 1), (3, 4)])
def test_la_tabla_se_encuentra_por_su_encabezado_no_por_su_pagina(tmp_path, pagina, paginas):
    armado = darien_armado.desde_incluido(2025, 4, pagina_tabla=pagina, paginas=paginas)
    assert _cifras(_leer(tmp_path, armado)) == armado.esperado()


def test_hijos_dentro_del_total_tambien_cuadra(tmp_path):
    armado = darien_armado.desde_incluido(2025, 4, hijos=[5, 0, 2, 1], hijos_en_total=True)
    assert _cifras(_leer(tmp_path, armado)) == armado.esperado()


def test_un_pdf_con_mas_paginas_que_el_limite_no_se_lee(tmp_path):
    ruta = tmp_path / "2025-IRREGULARES-POR-DARIEN-ABRIL.pdf"
    ruta.write_bytes(pdf_paginas(PAGINAS_MAX + 1, b"BT /F1 8 Tf 40 800 Td (Pais) Tj ET"))
    with pytest.raises(ErrorDeEntrada, match=f"{PAGINAS_MAX + 1:,} páginas"):
        darien.leer_pdf(ruta, darien.grafias(CRUDOS), "armado")


# ------------------------------------------------------------------ python -m etl actualizar darien

def test_actualizacion_normal_baja_el_mes_mas_reciente_publicado(crudos):
    armado = darien_armado.desde_incluido(HOY.year, HOY.month - 1)
    contenido = armado.pdf()
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        rutas = _servir(mock, {HOY.month - 1: contenido})
        resultados, version = actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [r.estado for r in resultados] == ["nueva"] and version is not None and construir.llamadas == 1
    assert [m for m, r in rutas.items() if r.called] == [HOY.month - 1, HOY.month]  # mayo (404), luego abril
    agente = rutas[HOY.month].calls[0].request.headers["user-agent"]
    assert agente.startswith("Mozilla/5.0") and "tablero-movilidad-humana" in agente
    carpeta = resultados[0].carpeta
    assert [p.name for p in instantaneas.archivos(carpeta)] == [armado.archivo()]
    ficha = instantaneas.ficha(carpeta / armado.archivo())
    assert ficha["url"] == _url(HOY.month - 1) and ficha["sha256"] == hashlib.sha256(contenido).hexdigest()
    assert ficha["productor"] == darien.METADATOS["productor"]


def test_sin_cambios_no_crea_otra_instantanea(crudos):
    contenido = darien_armado.desde_incluido(HOY.year, HOY.month - 1).pdf()
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        _servir(mock, {HOY.month - 1: contenido})
        primero, _ = actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=construir)
        segundo, version = actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [primero[0].estado, segundo[0].estado] == ["nueva", "sin cambios"] and version is None
    assert len(instantaneas.carpetas(crudos, "darien")) == 1 and construir.llamadas == 1


def test_mes_nuevo(crudos, incluida):
    """Armado: enero a mayo de 2025; mayo repite las cifras de abril más una persona por nacionalidad."""
    base = darien_armado.desde_incluido(HOY.year, HOY.month - 1)
    cifras = {c: v + [v[-1] + 1] for c, v in base.cifras.items()}
    armado = darien_armado.Armado(HOY.year, HOY.month, cifras)
    with respx.mock(assert_all_called=False) as mock:
        _servir(mock, {HOY.month: armado.pdf()})
        resultados, _ = actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    d = _aplicar(crudos, incluida)
    nuevo = {k: v for k, v in _cifras(d).items() if (k[0], k[1]) == (HOY.year, HOY.month)}
    assert nuevo == {k: v for k, v in armado.esperado().items() if k[1] == HOY.month} and nuevo
    assert max(d["periodo_inicio"]) == date(HOY.year, HOY.month, 1)
    fuente_id = f"instantaneas/darien/{resultados[0].carpeta.name}/{armado.archivo()}"
    assert set(d.loc[d["periodo_inicio"] >= date(HOY.year, 1, 1), "fuente_id"]) == {fuente_id}
    antes = {k: v for k, v in _cifras(incluida).items() if k[0] < HOY.year}
    assert {k: v for k, v in _cifras(d).items() if k[0] < HOY.year} == antes


def test_mes_revisado(crudos, incluida):
    """Armado: enero a abril de 2025 con febrero de la primera nacionalidad revisado (+ 7)."""
    armado = darien_armado.desde_incluido(HOY.year, HOY.month - 1)
    codigo = sorted(armado.cifras)[0]
    armado.cifras[codigo][1] += 7
    with respx.mock(assert_all_called=False) as mock:
        _servir(mock, {HOY.month - 1: armado.pdf()})
        actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    d = _cifras(_aplicar(crudos, incluida))
    previo = _cifras(incluida).get((HOY.year, 2, codigo), 0)
    assert d[(HOY.year, 2, codigo)] == previo + 7 == armado.esperado()[(HOY.year, 2, codigo)]
    assert {k: v for k, v in d.items() if k[0] == HOY.year} == armado.esperado()


def test_ningun_mes_publicado(crudos):
    antes = sorted(p.relative_to(crudos) for p in crudos.rglob("*"))
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        rutas = _servir(mock, {})
        resultados, version = actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert resultados[0].estado == "falló" and f"ningún PDF de {HOY.year}" in resultados[0].motivo
    assert [m for m, r in rutas.items() if r.called] == list(range(1, HOY.month + 1))  # nunca un mes futuro
    assert version is None and construir.llamadas == 0
    assert sorted(p.relative_to(crudos) for p in crudos.rglob("*")) == antes


@pytest.mark.parametrize("respuesta, motivo", [
    (httpx.Response(500), "HTTP 500"),
    (httpx.ReadTimeout("lento"), "tiempo de espera agotado"),
    (httpx.Response(200, content=b"<html>Checking your browser</html>"), "no devolvió un PDF"),
])
def test_un_error_del_publicador_no_deja_nada(crudos, respuesta, motivo):
    """Un error que no es «aún no publicado» detiene la búsqueda: no se cae a un mes anterior sin decirlo."""
    antes = sorted(p.relative_to(crudos) for p in crudos.rglob("*"))
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        rutas = _servir(mock, {HOY.month: respuesta, HOY.month - 1: darien_armado.desde_incluido(HOY.year, 4).pdf()})
        resultados, version = actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert resultados[0].estado == "falló" and motivo in resultados[0].motivo and _url(HOY.month) in resultados[0].motivo
    assert not rutas[HOY.month - 1].called
    assert version is None and construir.llamadas == 0
    assert sorted(p.relative_to(crudos) for p in crudos.rglob("*")) == antes


def _cambiado(que: str) -> tuple[darien_armado.Armado, str | None, str | None]:
    """(PDF armado con el diseño cambiado, renglón, columna) que el mensaje debe nombrar."""
    armado = darien_armado.desde_incluido(HOY.year, HOY.month - 1)
    if que == "sin encabezado País":
        armado.encabezado = "Procedencia"
        return armado, None, None
    if que == "Total que no cuadra":
        armado.total_mas = {3: 1}
        armado.pdf()
        return armado, str(armado.renglones["Total"]), "mar"
    if que == "país desconocido":
        codigo = sorted(armado.cifras)[0]
        armado.nombres = {codigo: "Atlantis"}
        armado.pdf()
        return armado, str(armado.renglones["Atlantis"]), "País"
    if que == "título de otro año":
        armado.titulo = f"Irregulares en tránsito por Darién por país, {HOY.year - 1}"
        return armado, "1", None
    raise ValueError(que)


@pytest.mark.parametrize("que", ["sin encabezado País", "Total que no cuadra", "país desconocido", "título de otro año"])
def test_un_diseno_cambiado_va_a_cuarentena_nombrando_renglon_y_columna(crudos, que):
    armado, renglon, columna = _cambiado(que)
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        _servir(mock, {HOY.month - 1: armado.pdf()})
        resultados, version = actualizar(["darien"], crudos, crudos.parent / "parquet", construir_con=construir)
    motivo = resultados[0].motivo
    assert resultados[0].estado == "falló" and version is None and construir.llamadas == 0
    assert f"{armado.archivo()} (fuente darien)" in motivo
    assert (f", página 2, fila {renglon}" in motivo) if renglon else "fila" not in motivo
    assert (f"columna {columna}" in motivo) if columna else "columna" not in motivo
    assert instantaneas.carpetas(crudos, "darien") == []
    assert len(list((crudos.parent / "cuarentena" / "darien").glob("*/MOTIVO.txt"))) == 1


def test_linea_de_ordenes_publica_y_un_diseno_cambiado_no_toca_lo_publicado(crudos, capsys):
    """Construcción real: el PDF armado se publica (sus meses, su fuente_id y su ficha en `fuentes`); después, un PDF
    con un país desconocido sale con 1 y las tablas publicadas quedan idénticas byte por byte."""
    parquet = crudos.parent / "parquet"
    args = ["actualizar", "darien", "--crudos", str(crudos), "--destino", str(parquet)]
    armado = darien_armado.desde_incluido(HOY.year, HOY.month - 1)
    armado.cifras[sorted(armado.cifras)[0]][0] += 3  # una revisión, para que la descarga se distinga de lo incluido
    with respx.mock(assert_all_called=False) as mock:
        _servir(mock, {HOY.month - 1: armado.pdf()})
        assert main(args) == 0
    assert "darien: nueva" in capsys.readouterr().out
    publicada = pd.read_parquet(parquet / "darien.parquet")
    carpeta = instantaneas.carpetas(crudos, "darien")[-1]
    fuente_id = f"instantaneas/darien/{carpeta.name}/{armado.archivo()}"
    desde = publicada[publicada["fuente_id"] == fuente_id]
    assert _cifras(desde.assign(periodo_inicio=desde["periodo_inicio"].map(pd.Timestamp))) == armado.esperado()
    fuentes = pd.read_parquet(parquet / "fuentes.parquet")
    assert fuente_id in set(fuentes["fuente_id"]) and "darien_grafias.csv" in set(fuentes["fuente_id"])
    publicado = bytes_publicados(parquet)

    malo, _, _ = _cambiado("país desconocido")
    with respx.mock(assert_all_called=False) as mock:
        _servir(mock, {HOY.month: malo.pdf()})  # llega mayo, con un país que no está en el catálogo
        assert main(args) == 1
    capturado = capsys.readouterr()
    assert "darien: falló" in capturado.out and "Atlantis" in capturado.out and "columna País" in capturado.out
    assert bytes_publicados(parquet) == publicado
    assert instantaneas.carpetas(crudos, "darien") == [carpeta]
