"""API de datos (`tablero/api.py`): la lista de tablas, las tablas en CSV, JSON y Parquet con filtros, ETag por
versión y parámetros hostiles (404/400 con mensaje, nunca 500; nada se escribe).

Lo esperado sale de las tablas construidas de `datos/crudos` (consultas y Parquet), nunca escrito a mano.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tablero import api
from tests.conftest import abrir, comprobar_fuente, leer_csv

COLUMNAS_FUENTE = ["fuente_id", "fuente", "institucion", "documento_tabla", "fecha"]


@pytest.fixture
def cliente(tablero):
    with TestClient(Starlette(routes=api.rutas())) as c:
        yield c


def test_lista_de_tablas_con_metadatos_y_version(cliente, tablero):
    r = cliente.get("/api/v1/tablas")
    assert r.status_code == 200
    cuerpo = r.json()
    version = tablero.resolve().name
    assert cuerpo["version"] == version
    publicadas = {n for n in api.TABLAS if (tablero / f"{n}.parquet").exists()}
    assert {t["tabla"] for t in cuerpo["tablas"]} == publicadas
    for t in cuerpo["tablas"]:
        assert t["titulo"] and t["cita"] and t["licencias"] and t["version"] == version, t["tabla"]
        assert t["urls"]["csv"].endswith(f"/api/v1/tablas/{t['tabla']}.csv")
        nombres = [c["nombre"] for c in t["columnas"]]
        assert t["filtros"] == nombres
    eventos = next(t for t in cuerpo["tablas"] if t["tabla"] == "eventos_nacionalidad")
    assert "eventos" in eventos["unidad"]
    assert eventos["renglones_publicados"] == pq.read_metadata(tablero / "eventos_nacionalidad.parquet").num_rows
    assert set(COLUMNAS_FUENTE) <= {c["nombre"] for c in eventos["columnas"]}
    # cada columna, también en inglés: la descripción y la unidad de campos_meta, o la de las columnas de fuente
    campos = {(f["tabla"], f["campo"]): f for f in pq.read_table(tablero / "campos_meta.parquet").to_pylist()}
    for t in cuerpo["tablas"]:
        for c in t["columnas"]:
            if (t["tabla"], c["nombre"]) in campos:
                fila = campos[(t["tabla"], c["nombre"])]
                assert (c["description"], c["description_en"]) == (fila["descripcion"], fila["descripcion_en"]), c
                assert (c.get("unit"), c.get("unit_en")) == (fila["unidad"], fila["unidad_en"]), c
            elif c["nombre"] in api.COLUMNAS_FUENTE:
                assert c["description_en"] == api.COLUMNAS_FUENTE_EN[c["nombre"]] != c["description"], (t["tabla"], c)
    assert eventos["descripcion_en"] == pq.read_table(tablero / "tablas_meta.parquet").to_pandas().set_index(
        "tabla").at["eventos_nacionalidad", "descripcion_en"]
    assert "events" in eventos["unidad_en"]


def test_cada_tabla_publicada_se_sirve_entera_con_sus_fuentes(cliente, tablero):
    """Cada tabla de etl/esquemas.py está en /api/v1/tablas y su CSV trae tantos renglones como su Parquet; si la
    tabla trae `fuente_id`, cada renglón lleva sus columnas de fuente llenas."""
    from etl.esquemas import TABLAS

    listadas = {t["tabla"]: t for t in cliente.get("/api/v1/tablas").json()["tablas"]}
    assert set(TABLAS) <= set(listadas), sorted(set(TABLAS) - set(listadas))
    # sólo las tablas de los documentos se citan «a partir de los documentos»; un catálogo cita su archivo crudo
    de_documentos = {n for n, t in listadas.items() if "documentos citados" in t["cita"]}
    assert de_documentos == {"cifras", "indicadores", "documentos"}, de_documentos
    paises = pq.read_table(tablero / "fuentes.parquet").to_pandas().set_index("fuente_id").loc["paises.csv"]
    assert listadas["paises"]["fuentes"][0]["title"] == paises["cita_sugerida"]
    for nombre, esquema in TABLAS.items():
        r = cliente.get(f"/api/v1/tablas/{nombre}.csv")
        assert r.status_code == 200, (nombre, r.text[:200])
        csv = leer_csv(r.content)
        assert len(csv) == pq.read_metadata(tablero / f"{nombre}.parquet").num_rows, nombre
        if "fuente_id" in esquema.nombres() and nombre != "fuentes":  # `fuentes` es la procedencia misma
            comprobar_fuente(csv, nombre)


def test_csv_es_la_descarga_completa_de_la_pagina(cliente, tablero, descargas):
    """Un GET simple del CSV da los mismos bytes que «datos completos» de la gráfica de Encuentros (Darién), y con
    un filtro, los renglones de esa descarga que cumplen el filtro, en el mismo orden."""
    at = abrir("encuentros", seccion="ruta")
    assert not at.exception
    pagina = descargas.bytes(at, "csv_ruta_darien_completos")
    r = cliente.get("/api/v1/tablas/darien.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content == pagina and r.content.startswith(b"\xef\xbb\xbf")
    completa = leer_csv(pagina)
    assert set(COLUMNAS_FUENTE) <= set(completa.columns) and (completa["fuente"] != "").all()
    paises = completa["iso3"].value_counts().index[:2].tolist()
    filtrada = leer_csv(cliente.get("/api/v1/tablas/darien.csv", params=[("iso3", p) for p in paises]).content)
    esperada = completa[completa["iso3"].isin(paises)].reset_index(drop=True)
    assert len(esperada) > 0
    pd.testing.assert_frame_equal(filtrada, esperada)


def test_json_y_parquet_traen_los_mismos_renglones(cliente, tablero, cat):
    esperada = cat.ejecutar("eventos_sexo_edad_completa")
    sexo = str(esperada["sexo"].iloc[0])
    parte = esperada[esperada["sexo"] == sexo].reset_index(drop=True)
    j = cliente.get("/api/v1/tablas/eventos_sexo_edad.json", params={"sexo": sexo}).json()
    assert j["renglones"] == len(parte) == len(j["datos"]) and j["version"] == tablero.resolve().name
    assert [f["eventos"] for f in j["datos"]] == parte["eventos"].tolist()
    pq_bytes = cliente.get("/api/v1/tablas/eventos_sexo_edad.parquet", params={"sexo": sexo}).content
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(pq_bytes)), parte, check_dtype=False)


def test_etag_por_version_y_304(cliente, tablero):
    url = "/api/v1/tablas/darien.csv?iso3=VEN"
    r1, r2 = cliente.get(url), cliente.get(url)
    etag = r1.headers["etag"]
    assert etag == r2.headers["etag"] and tablero.resolve().name in etag
    assert cliente.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert cliente.get("/api/v1/tablas/darien.csv?iso3=HND").headers["etag"] != etag
    assert cliente.get("/api/v1/tablas/darien.json?iso3=VEN").headers["etag"] != etag
    fijada = cliente.get(url + f"&version={tablero.resolve().name}")
    assert fijada.status_code == 200 and fijada.headers["etag"] == etag and fijada.content == r1.content


@pytest.mark.parametrize("url, estado, palabra", [
    ("/api/v1/tablas/no_existe.csv", 404, "no_existe"),
    ("/api/v1/tablas/manifiesto.json", 404, "manifiesto"),  # un archivo de la versión que no es tabla
    ("/api/v1/tablas/darien.xlsx", 404, "Formato"),
    ("/api/v1/tablas/darien", 404, "Formato"),
    ("/api/v1/tablas/..%2F..%2Fetc%2Fpasswd.csv", 404, "api"),
    ("/api/v2/nada", 404, "api"),
    ("/api/v1/tablas/DARIEN.csv", 404, "tabla"),
    ("/api/v1/tablas/darien.csv?columna_rara=1", 400, "columna_rara"),
    ('/api/v1/tablas/darien.csv?iso3"%20OR%201=1--=x', 400, "columna"),
    ("/api/v1/tablas/darien.csv?version=..%2F..%2Fparquet", 400, "Versión"),
    ("/api/v1/tablas/darien.csv?version=0000000000000000", 404, "0000000000000000"),
    ("/api/v1/tablas?version=construyendo-x", 404, "construyendo-x"),
    ("/api/v1/tablas?tabla=darien", 400, "version"),
    ("/api/v1/tablas/darien.csv?iso3=" + "A" * 300, 400, "largo"),
])
def test_parametros_hostiles_dan_404_o_400_con_mensaje(cliente, url, estado, palabra):
    r = cliente.get(url)
    assert r.status_code == estado, (url, r.status_code, r.text[:200])
    assert palabra.lower() in r.json()["error"].lower()


def test_valores_hostiles_se_enlazan_y_nada_se_escribe(cliente, tablero):
    carpeta = tablero.resolve()
    antes = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in carpeta.iterdir()}
    for valor in ["x' OR '1'='1", "'; DROP TABLE darien; --", "%", "*", "\u0000", "=cmd|' /C calc'!A0"]:
        r = cliente.get("/api/v1/tablas/darien.csv", params={"iso3": valor})
        assert r.status_code == 200, valor
        assert len(leer_csv(r.content)) == 0, valor
    muchos = cliente.get("/api/v1/tablas/darien.csv", params=[("iso3", str(i)) for i in range(api.MAXIMO_VALORES + 1)])
    assert muchos.status_code == 400
    assert cliente.post("/api/v1/tablas/darien.csv").status_code == 405
    assert cliente.get("/api/v1/tablas/darien.csv").status_code == 200  # la tabla sigue ahí
    assert {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in carpeta.iterdir()} == antes


def test_limite_de_renglones_con_mensaje_claro(cliente, monkeypatch, cat):
    n = len(cat.ejecutar("darien_completa"))
    monkeypatch.setenv("TABLERO_API_MAX_RENGLONES", str(n - 1))
    r = cliente.get("/api/v1/tablas/darien.json?periodicidad=anual&periodicidad=mensual")
    assert r.status_code == 400 and r.json()["maximo"] == n - 1 and "filtre" in r.json()["error"].lower()
    monkeypatch.setenv("TABLERO_API_MAX_RENGLONES", str(n))
    assert cliente.get("/api/v1/tablas/darien.json?periodicidad=anual&periodicidad=mensual").json()["renglones"] == n


def test_sin_tablas_publicadas_503_sin_traza(tmp_path, monkeypatch):
    monkeypatch.setenv("TABLERO_PARQUET", str(tmp_path / "no_hay"))
    with TestClient(Starlette(routes=api.rutas())) as c:
        r = c.get("/api/v1/tablas/darien.csv")
    assert r.status_code in (404, 503) and "Traceback" not in r.text
    assert json.loads(r.text)["error"]


def test_servidor_monta_la_api_junto_a_las_paginas():
    """`servidor.py` es un `st.App` que `streamlit run` reconoce, con las rutas de la API."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    from tests.conftest import RAIZ
    assert discover_asgi_app(RAIZ / "servidor.py").is_asgi_app
    assert "servidor.py" in (RAIZ / "scripts" / "tablero.sh").read_text(encoding="utf-8")
    assert "routes=api.rutas()" in (RAIZ / "servidor.py").read_text(encoding="utf-8")


def test_fuentes_muestra_la_url_de_cada_tabla_y_ejemplos(tablero):
    at = abrir("fuentes")
    assert not at.exception
    tabla = next(d.value for d in at.dataframe if "csv" in d.value.columns and "parquet" in d.value.columns)
    publicadas = [n for n in api.TABLAS if (tablero / f"{n}.parquet").exists()]
    assert tabla["tabla"].tolist() == publicadas
    assert all(u.endswith(f"/api/v1/tablas/{n}.csv") for u, n in zip(tabla["csv"], tabla["tabla"]))
    codigo = " ".join(c.value for c in at.code)
    primera = publicadas[0]
    for linea in ("read.csv(", "import delimited using", "pd.read_csv(", "duckdb.read_parquet("):
        assert linea in codigo
    assert f"/api/v1/tablas/{primera}.csv" in codigo and f"/api/v1/tablas/{primera}.parquet" in codigo


def test_version_fijada_sigue_dando_sus_renglones_tras_otra_publicacion(tablero, tmp_path, monkeypatch):
    """Dos versiones publicadas (construidas aquí copiando la de la sesión: la «nueva» sin los renglones anuales del
    Darién): sin `?version=` se lee la vigente; con `?version=` la anterior, entera, con otra ETag."""
    import shutil

    import pyarrow.compute as pc

    versiones = tmp_path / ".parquet-versiones"
    anterior, nueva = versiones / "version-anterior", versiones / "version-nueva"
    shutil.copytree(tablero.resolve(), anterior)
    shutil.copytree(tablero.resolve(), nueva)
    darien = pq.read_table(nueva / "darien.parquet")
    pq.write_table(darien.filter(pc.not_equal(darien["periodicidad"], "anual")), nueva / "darien.parquet")
    (tmp_path / "parquet").symlink_to(nueva.relative_to(tmp_path))
    monkeypatch.setenv("TABLERO_PARQUET", str(tmp_path / "parquet"))
    with TestClient(Starlette(routes=api.rutas())) as c:
        vigente = c.get("/api/v1/tablas/darien.json")
        fijada = c.get("/api/v1/tablas/darien.json?version=version-anterior")
        assert c.get("/api/v1/tablas?version=version-anterior").json()["version"] == "version-anterior"
    assert vigente.json()["version"] == "version-nueva" and fijada.json()["version"] == "version-anterior"
    anuales = [f for f in fijada.json()["datos"] if f["periodicidad"] == "anual"]
    assert anuales and not [f for f in vigente.json()["datos"] if f["periodicidad"] == "anual"]
    assert fijada.json()["renglones"] == darien.num_rows == vigente.json()["renglones"] + len(anuales)
    assert vigente.headers["etag"] != fijada.headers["etag"]
