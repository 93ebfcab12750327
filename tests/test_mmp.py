"""OIM, Proyecto Migrantes Desaparecidos: el CSV global en el diseño de la OIM, descargado con la red bloqueada (respx).

Respuestas: el recorte real (tests/fixtures/publicadores/mmp_oim_recorte.csv) y CSV armados en ese diseño desde el CSV
incluido (tests/oim_mmp.py); lo esperado se calcula de esos renglones.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import httpx
import pandas as pd
import pytest
import respx
from conftest import ConstruirContado, bytes_publicados, copia_de_crudos

from etl import instantaneas
from etl.__main__ import main
from etl.actualizar import actualizar
from etl.construir import CRUDOS, _paises, a_arrow, aplicar_instantaneas, contexto_lectura
from etl.fuentes import mmp as fuente_mmp
from etl.fuentes.entidades import lector as entidades
from etl.fuentes.mmp import lector as mmp
from tests import oim_mmp

COMUNES = ["fecha", "mes", "anio", "tipo", "muertes", "sobrevivientes", "causa", "nacionalidades", "ubicacion", "lon",
           "lat", "en_mexico", "cve_ent"]


@pytest.fixture(scope="module")
def ent() -> pd.DataFrame:
    return entidades.entidades(CRUDOS / "tablas" / "mexico_entidades.geojson", {})


@pytest.fixture(scope="module")
def incluida(ent) -> pd.DataFrame:
    return mmp.incidentes(oim_mmp.INCLUIDO, set(_paises(CRUDOS)[0]["iso3"]), {}, ent)


@pytest.fixture
def crudos(tmp_path, red_bloqueada) -> Path:
    destino = copia_de_crudos(tmp_path)
    return destino


def _servir(mock, contenido: bytes | None = None, respuesta=None):
    ruta = mock.get(fuente_mmp.URL)
    respuesta = respuesta if respuesta is not None else httpx.Response(200, content=contenido)
    return ruta.mock(side_effect=respuesta) if isinstance(respuesta, Exception) else ruta.mock(return_value=respuesta)


def _leer(tmp_path: Path, contenido: bytes, ent: pd.DataFrame) -> pd.DataFrame:
    ruta = tmp_path / fuente_mmp.ARCHIVO
    ruta.write_bytes(contenido)
    return fuente_mmp.incidentes(ruta, fuente_mmp.grafias(CRUDOS), ent, "armado")


def _por_mes(renglones: list[dict]) -> dict[str, tuple[int, int]]:
    """{AAAA-MM: (incidentes, muertos y desaparecidos)} de los renglones de México de un CSV en el diseño de la OIM."""
    salida: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in renglones:
        if r["Country of Incident"] == "Mexico":
            salida[r["Incident Date"][:7]][0] += 1
            salida[r["Incident Date"][:7]][1] += int(r["Total Number of Dead and Missing"])
    return {m: tuple(v) for m, v in salida.items()}


def _tabla_por_mes(tabla: pd.DataFrame) -> dict[str, tuple[int, int]]:
    g = tabla.groupby(tabla["mes"].map(lambda m: m.strftime("%Y-%m")))["muertes"].agg(["count", "sum"])
    return {m: (int(c), int(s)) for m, (c, s) in g.iterrows()}


# ------------------------------------------------------------------ el diseño de la OIM

def test_el_recorte_real_da_el_renglon_del_csv_incluido(tmp_path, ent, incluida):
    """El único renglón de México del recorte real (2014.MMP00036) es el renglón 2 del CSV incluido: misma fecha,
    tipo, causa, total de muertos y desaparecidos, nacionalidad, ubicación y coordenadas; los de otros países no entran."""
    reales = oim_mmp.recorte()
    leida = _leer(tmp_path, oim_mmp.RECORTE.read_bytes(), ent)
    de_mexico = [i for i, r in enumerate(reales, start=2) if r["Country of Incident"] == "Mexico"]
    assert leida["incidente"].tolist() == de_mexico and len(de_mexico) < len(reales)
    real = reales[de_mexico[0] - 2]
    assert leida.loc[0, "muertes"] == int(real["Total Number of Dead and Missing"])
    assert leida.loc[0, "ruta"] == real["Migration Route"]
    fila_2 = incluida[incluida["incidente"] == 2].reset_index(drop=True)
    assert leida[COMUNES].equals(fila_2[COMUNES])


def test_el_armado_desde_el_csv_incluido_lo_reproduce(tmp_path, ent, incluida):
    """Todo el CSV incluido, llevado al diseño de la OIM con muertos y desaparecidos por separado, se lee igual:
    `muertes` es el total, no «Number of Dead»."""
    renglones, contenido = oim_mmp.armado()
    leida = _leer(tmp_path, contenido, ent)
    mexico = [r for r in renglones if r["Country of Incident"] == "Mexico"]
    assert any(int(r["Minimum Estimated Number of Missing"]) > 0 for r in mexico)  # si no, la prueba no distingue
    assert leida[COMUNES].equals(incluida[COMUNES])
    assert leida["muertes"].tolist() == [int(r["Total Number of Dead and Missing"]) for r in mexico]
    primera = len(renglones) - len(mexico) + 2
    assert leida["incidente"].tolist() == list(range(primera, primera + len(mexico)))
    assert (leida["ruta"] == "armado").all() and (leida["fuente_id"] == "armado").all()
    assert leida["nacionalidades"].str.contains(",").any()  # «Honduras,Mexico» → HND,MEX


def test_un_nombre_m49_con_coma_se_reconoce(tmp_path):
    mapa = {"china, hong kong sar": "HKG", "mexico": "MEX", "china": "CHN"}
    assert fuente_mmp.a_iso3("China, Hong Kong SAR,Mexico", mapa) == ["HKG", "MEX"]
    assert fuente_mmp.a_iso3("China,Mexico", mapa) == ["CHN", "MEX"]
    assert fuente_mmp.a_iso3("Atlantis", mapa) is None


# ------------------------------------------------------------------ python -m etl actualizar mmp

def test_actualizacion_normal_guarda_la_instantanea_con_su_ficha(crudos):
    _, contenido = oim_mmp.armado()
    construir = ConstruirContado()
    with respx.mock(assert_all_called=True) as mock:
        ruta = _servir(mock, contenido)
        resultados, version = actualizar(["mmp"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [r.estado for r in resultados] == ["nueva"] and version is not None and construir.llamadas == 1
    assert ruta.calls[0].request.headers["user-agent"].startswith("tablero-movilidad-humana/")
    carpeta = resultados[0].carpeta
    assert carpeta.parent == crudos / "instantaneas" / "mmp"
    assert [p.name for p in instantaneas.archivos(carpeta)] == [fuente_mmp.ARCHIVO]
    ficha = instantaneas.ficha(carpeta / fuente_mmp.ARCHIVO)
    assert ficha["url"] == fuente_mmp.URL and ficha["sha256"] == hashlib.sha256(contenido).hexdigest()
    assert ficha["bytes"] == len(contenido) and ficha["productor"] == fuente_mmp.METADATOS["productor"]


def test_sin_cambios_no_crea_otra_instantanea(crudos):
    _, contenido = oim_mmp.armado()
    construir = ConstruirContado()
    with respx.mock() as mock:
        _servir(mock, contenido)
        primero, _ = actualizar(["mmp"], crudos, crudos.parent / "parquet", construir_con=construir)
        segundo, version = actualizar(["mmp"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [primero[0].estado, segundo[0].estado] == ["nueva", "sin cambios"] and version is None
    assert len(instantaneas.carpetas(crudos, "mmp")) == 1 and construir.llamadas == 1


def _aplicar(crudos: Path, incluida: pd.DataFrame) -> pd.DataFrame:
    tablas = {"mmp_incidentes": incluida.copy()}
    aplicar_instantaneas(tablas, crudos, contexto_lectura(crudos, set(_paises(crudos)[0]["iso3"])))
    return tablas["mmp_incidentes"]


def test_mes_nuevo(crudos, incluida):
    """Armado: el CSV incluido más un mes nuevo (los incidentes de su último mes, un mes después)."""
    filas = oim_mmp.incluidas()
    ultimo = max(f["t"][:7] for f in filas)
    anio, mes = int(ultimo[:4]), int(ultimo[5:7])
    nuevo = f"{anio + mes // 12}-{mes % 12 + 1:02d}"
    filas += [f | {"t": nuevo + f["t"][7:], "m": nuevo} for f in filas if f["t"][:7] == ultimo]
    renglones, contenido = oim_mmp.armado(filas)
    with respx.mock() as mock:
        _servir(mock, contenido)
        resultados, _ = actualizar(["mmp"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    d = _aplicar(crudos, incluida)
    assert _tabla_por_mes(d) == _por_mes(renglones)
    assert max(d["mes"]).strftime("%Y-%m") == nuevo
    assert set(d["fuente_id"]) == {f"instantaneas/mmp/{resultados[0].carpeta.name}/{fuente_mmp.ARCHIVO}"}


def test_mes_revisado_y_meses_que_la_descarga_no_trae(crudos, incluida):
    """Armado: sólo los incidentes desde 2024, con uno revisado (+ 1 muerto). Los meses que trae la descarga la
    siguen a ella; los anteriores quedan del CSV incluido, y los números de fila repetidos no chocan."""
    filas = [f for f in oim_mmp.incluidas() if f["t"] >= "2024"]
    filas[0] = filas[0] | {"dead": str(int(float(filas[0]["dead"])) + 1)}
    revisado = filas[0]["t"][:7]
    renglones, contenido = oim_mmp.armado(filas)
    with respx.mock() as mock:
        _servir(mock, contenido)
        actualizar(["mmp"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    d = _aplicar(crudos, incluida)
    por_mes, antes = _tabla_por_mes(d), _tabla_por_mes(incluida)
    descargados = _por_mes(renglones)
    assert por_mes[revisado] == (antes[revisado][0], antes[revisado][1] + 1) == descargados[revisado]
    assert {m: v for m, v in por_mes.items() if m in descargados} == descargados
    assert {m: v for m, v in por_mes.items() if m not in descargados} == {m: v for m, v in antes.items() if m < "2024"}
    viejos = d[d["fuente_id"] == oim_mmp.INCLUIDO.name]
    assert set(viejos["incidente"]) & set(d.loc[d["fuente_id"] != oim_mmp.INCLUIDO.name, "incidente"])
    assert a_arrow("mmp_incidentes", d).num_rows == len(d)  # la clave (fuente_id, incidente) no se repite


@pytest.mark.parametrize("respuesta, motivo", [
    (httpx.Response(404), "HTTP 404"),
    (httpx.Response(500), "HTTP 500"),
    (httpx.ReadTimeout("lento"), "tiempo de espera agotado"),
])
def test_un_error_del_publicador_no_deja_nada(crudos, respuesta, motivo):
    antes = sorted(p.relative_to(crudos) for p in crudos.rglob("*"))
    construir = ConstruirContado()
    with respx.mock() as mock:
        _servir(mock, respuesta=respuesta)
        resultados, version = actualizar(["mmp"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert resultados[0].estado == "falló" and motivo in resultados[0].motivo and fuente_mmp.URL in resultados[0].motivo
    assert version is None and construir.llamadas == 0
    assert sorted(p.relative_to(crudos) for p in crudos.rglob("*")) == antes


def _cambiar(que: str) -> tuple[bytes, str, str]:
    """(bytes, columna, fila) de un CSV armado con el diseño cambiado en el primer renglón de México."""
    renglones, _ = oim_mmp.armado([f for f in oim_mmp.incluidas() if f["t"] >= "2024"])
    i = next(k for k, r in enumerate(renglones) if r["Country of Incident"] == "Mexico")
    fila, r = str(i + 2), renglones[i]
    columnas = oim_mmp.encabezado()
    if que == "columna renombrada":
        columnas = ["Dead" if c == "Number of Dead" else c for c in columnas]
        renglones = [x | {"Dead": x["Number of Dead"]} for x in renglones]
        return oim_mmp.csv_oim(renglones, columnas), "", "1"
    if que == "coordenadas al revés":
        lat, lon = r["Coordinates"].split(", ")
        renglones[i] = r | {"Coordinates": f"{lon}, {lat}"}
        return oim_mmp.csv_oim(renglones), "Coordinates", fila
    if que == "país nuevo":
        renglones[i] = r | {"Country of Origin": "Atlantis"}
        return oim_mmp.csv_oim(renglones), "Country of Origin", fila
    if que == "total que no suma":
        renglones[i] = r | {"Number of Dead": str(int(r["Total Number of Dead and Missing"]) + 1)}
        return oim_mmp.csv_oim(renglones), "Total Number of Dead and Missing", fila
    if que == "sin México":
        return oim_mmp.csv_oim([x for x in renglones if x["Country of Incident"] != "Mexico"]), "Country of Incident", ""
    raise ValueError(que)


@pytest.mark.parametrize("que", ["columna renombrada", "coordenadas al revés", "país nuevo", "total que no suma", "sin México"])
def test_un_diseno_cambiado_va_a_cuarentena_nombrando_fila_y_columna(crudos, que):
    contenido, columna, fila = _cambiar(que)
    construir = ConstruirContado()
    with respx.mock() as mock:
        _servir(mock, contenido)
        resultados, version = actualizar(["mmp"], crudos, crudos.parent / "parquet", construir_con=construir)
    motivo = resultados[0].motivo
    assert resultados[0].estado == "falló" and version is None and construir.llamadas == 0
    assert f"{fuente_mmp.ARCHIVO} (fuente mmp)" in motivo
    assert (f"fila {fila}" in motivo) if fila else "fila" not in motivo
    assert f"columna {columna}" in motivo if columna else "columnas inesperadas" in motivo
    assert instantaneas.carpetas(crudos, "mmp") == []
    assert len(list((crudos.parent / "cuarentena" / "mmp").glob("*/MOTIVO.txt"))) == 1


def test_linea_de_ordenes_publica_y_un_diseno_cambiado_no_toca_lo_publicado(crudos, capsys):
    """Construcción real: la descarga armada se publica (sus meses, su fuente_id y su ficha en `fuentes`); después, una
    descarga con otro diseño sale con 1 y las tablas publicadas quedan idénticas byte por byte."""
    parquet = crudos.parent / "parquet"
    args = ["actualizar", "mmp", "--crudos", str(crudos), "--destino", str(parquet)]
    renglones, contenido = oim_mmp.armado([f for f in oim_mmp.incluidas() if f["t"] >= "2023"])
    with respx.mock() as mock:
        _servir(mock, contenido)
        assert main(args) == 0
    assert "mmp: nueva" in capsys.readouterr().out
    publicada = pd.read_parquet(parquet / "mmp_incidentes.parquet")
    carpeta = instantaneas.carpetas(crudos, "mmp")[-1]
    fuente_id = f"instantaneas/mmp/{carpeta.name}/{fuente_mmp.ARCHIVO}"
    desde = publicada[publicada["fuente_id"] == fuente_id]
    assert _tabla_por_mes(desde.assign(mes=desde["mes"].map(lambda m: pd.Timestamp(m)))) == _por_mes(renglones)
    fuentes = pd.read_parquet(parquet / "fuentes.parquet")
    assert fuente_id in set(fuentes["fuente_id"]) and "mmp_grafias.csv" in set(fuentes["fuente_id"])
    publicado = bytes_publicados(parquet)

    malo, _, _ = _cambiar("país nuevo")
    with respx.mock() as mock:
        _servir(mock, malo)
        assert main(args) == 1
    capturado = capsys.readouterr()
    assert "mmp: falló" in capturado.out and "Country of Origin" in capturado.out and "mmp" in capturado.err
    assert bytes_publicados(parquet) == publicado
    assert instantaneas.carpetas(crudos, "mmp") == [carpeta]
