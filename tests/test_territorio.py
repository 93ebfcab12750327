"""Territorio: entidades unidas por la clave de dos dígitos, puntos dentro de México, centros con su cita y
dentro de su entidad, mapa de menos de 1 MB y la página (AppTest) respondiendo a capas y trimestre.

Todo lo esperado se lee de las tablas Parquet construidas aquí; ninguna cifra se escribe a mano.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
import shapely
import shapely.geometry
from streamlit.testing.v1 import AppTest

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

from conftest import editar_csv  # noqa: E402

from etl.construir import CRUDOS, construir  # noqa: E402
from etl.errores import ErrorDeEntrada  # noqa: E402
from etl.fuentes.entidades import lector as etl_entidades  # noqa: E402
from etl.geometria import contiene, simplificar  # noqa: E402
from etl.numeros import normalizar_espacios  # noqa: E402
from tablero.textos import t  # noqa: E402

PAGINA = RAIZ / "paginas" / "territorio.py"
LIMITE_BYTES = 1_000_000


@pytest.fixture(scope="module")
def parquet(tmp_path_factory) -> Path:
    destino = tmp_path_factory.mktemp("territorio") / "parquet"
    construir(crudos=CRUDOS, destino=destino)
    return destino


def tabla(parquet: Path, nombre: str) -> pd.DataFrame:
    return pd.read_parquet(parquet / f"{nombre}.parquet")


@pytest.fixture
def app(parquet, monkeypatch):
    """La página Territorio dentro de app.py (versión fijada, idioma, aviso de tablas), como la ve la usuaria."""
    from conftest import abrir, apuntar

    apuntar(monkeypatch, parquet)
    at = abrir("territorio")
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, "la página se dibujó"
    return at


def figura(at: AppTest) -> tuple[dict, int]:
    from conftest import spec_grafica

    spec = spec_grafica(at, "graf_territorio")
    return json.loads(spec), len(spec.encode("utf-8"))


def rastro(fig: dict, tipo: str, nombre_contiene: str | None = None) -> list[dict]:
    return [d for d in fig["data"] if d["type"] == tipo and (nombre_contiene is None or nombre_contiene in d.get("name", ""))]


# ---------------------------------------------------------------- datos

def test_las_32_entidades_se_unen_con_las_remesas_en_cada_trimestre(parquet):
    geo = tabla(parquet, "entidades_simplificadas")
    rem = tabla(parquet, "remesas")
    assert len(geo) == 32 and geo["cve_ent"].str.fullmatch(r"\d{2}").all()
    # El archivo de Banxico escribe la clave sin cero (1); la tabla la trae a dos dígitos (01).
    with (CRUDOS / "tablas" / "banxico_remesas_por_entidad.csv").open(encoding="utf-8") as f:
        crudas = {r["CVE_ENT"] for r in csv.DictReader(f)}
    assert "1" in crudas and "01" not in crudas
    for trimestre, grupo in rem.groupby("trimestre"):
        unido = geo.merge(grupo, on="cve_ent", how="left", suffixes=("", "_rem"))
        assert len(unido) == 32 and unido["usd"].notna().all(), f"entidades sin remesas en {trimestre}"
        assert (unido["entidad"] == unido["entidad_rem"]).all()


def test_simplificacion_determinista_y_con_fronteras_compartidas(parquet):
    ent = tabla(parquet, "entidades")
    geos = {c: json.loads(g) for c, g in zip(ent["cve_ent"], ent["geometria"])}
    a, b = simplificar(geos), simplificar(geos)
    assert a == b
    simp = tabla(parquet, "entidades_simplificadas")
    assert simp["vertices"].sum() < simp["vertices_original"].sum() / 4
    # Cada frontera compartida conserva los mismos vértices en los dos vecinos: los vértices compartidos
    # aparecen en al menos dos entidades (no hay huecos por simplificar cada una por su lado).
    duenos: dict[tuple, set] = {}
    for c, g in zip(simp["cve_ent"], simp["geometria"]):
        for poligono in json.loads(g)["coordinates"]:
            for anillo in poligono:
                for p in anillo:
                    duenos.setdefault(tuple(p), set()).add(c)
    compartidos = sum(1 for v in duenos.values() if len(v) > 1)
    assert compartidos > 1000


def test_cada_centro_tiene_su_cita_en_el_documento_y_cae_en_su_entidad(parquet):
    centros = tabla(parquet, "centros")
    docs = tabla(parquet, "documentos").set_index("documento_id")["texto"].map(normalizar_espacios)
    ent = tabla(parquet, "entidades")
    simp = tabla(parquet, "entidades_simplificadas")
    completos = {c: json.loads(g) for c, g in zip(ent["cve_ent"], ent["geometria"])}
    simples = {c: json.loads(g) for c, g in zip(simp["cve_ent"], simp["geometria"])}
    with (CRUDOS / "centros.csv").open(encoding="utf-8", newline="") as archivo:
        crudos = list(csv.DictReader(archivo))
    assert crudos and len(centros) == len(crudos)
    assert set(centros["centro_id"]) == {c["centro_id"] for c in crudos}
    assert set(centros["municipio"]) == {c["municipio"] for c in crudos}
    por_id = {c["centro_id"]: c for c in crudos}
    for f in centros.to_dict("records"):
        crudo = por_id[f["centro_id"]]
        assert (f["lon"], f["lat"]) == (float(crudo["lon"]), float(crudo["lat"])), f["centro_id"]
        assert f["cita"] == crudo["cita"] and f["cve_ent"] == crudo["cve_ent"], f["centro_id"]
        fragmentos = [normalizar_espacios(p) for p in f["cita"].split("[…]") if p.strip()]
        assert fragmentos
        for frag in fragmentos:
            assert frag in docs[f["documento_id"]], (f["centro_id"], frag[:60])
        if isinstance(f["cita_posterior"], str):
            assert normalizar_espacios(f["cita_posterior"]) in docs[f["documento_posterior"]]
        assert contiene(completos[f["cve_ent"]], f["lon"], f["lat"]), f["centro_id"]
        assert contiene(simples[f["cve_ent"]], f["lon"], f["lat"]), f["centro_id"]
        assert f["coordenadas_fuente"]


def _circulo(lon: float, lat: float, radio_km: float, lados: int = 360) -> shapely.Polygon:
    """Círculo geodésico (fórmula del punto de destino sobre la esfera) como polígono lon/lat."""
    d = radio_km / 6371.0088
    f1, l1 = math.radians(lat), math.radians(lon)
    puntos = []
    for k in range(lados):
        rumbo = 2 * math.pi * k / lados
        f2 = math.asin(math.sin(f1) * math.cos(d) + math.cos(f1) * math.sin(d) * math.cos(rumbo))
        l2 = l1 + math.atan2(math.sin(rumbo) * math.sin(d) * math.cos(f1), math.cos(d) - math.sin(f1) * math.sin(f2))
        puntos.append((math.degrees(l2), math.degrees(f2)))
    return shapely.Polygon(puntos)


def test_en_mexico_es_dentro_de_un_poligono_del_inegi_o_a_la_tolerancia(parquet):
    """Cada incidente con en_mexico verdadero está a la tolerancia o menos de algún polígono del INEGI; cada falso,
    más lejos. Lo esperado se calcula aquí del GeoJSON y el CSV crudos, por otro camino (círculo geodésico que toca
    un polígono), sin usar etl.geometria."""
    from etl.geometria import TOLERANCIA_KM

    with (CRUDOS / "tablas" / "mexico_entidades.geojson").open(encoding="utf-8") as f:
        poligonos = {r["properties"]["CVE_ENT"]: shapely.geometry.shape(r["geometry"]) for r in json.load(f)["features"]}
    with (CRUDOS / "tablas" / "mmp_incidentes_mexico.csv").open(encoding="utf-8") as f:
        crudos = list(csv.DictReader(f))
    mmp = tabla(parquet, "mmp_incidentes").set_index("incidente")
    assert len(mmp) == len(crudos)
    dentro = banda = lejos = 0
    for fila, r in enumerate(crudos, start=2):  # el identificador del incidente es su fila en el archivo
        punto = shapely.Point(float(r["lon"]), float(r["lat"]))
        contiene = [c for c, p in poligonos.items() if p.contains(punto)]
        assert len(contiene) <= 1
        if contiene:
            esperado, dentro = True, dentro + 1
        else:
            circulo = _circulo(punto.x, punto.y, TOLERANCIA_KM)
            esperado = any(p.intersects(circulo) for p in poligonos.values())
            banda, lejos = banda + esperado, lejos + (not esperado)
        assert bool(mmp.at[fila, "en_mexico"]) == esperado, (fila, r["location"])
        publicado = mmp.at[fila, "cve_ent"]
        assert (None if pd.isna(publicado) else publicado) == (contiene[0] if contiene else None), fila
    print(f"\nincidentes MMP: {dentro} dentro de un polígono, {banda} fuera a {TOLERANCIA_KM} km o menos, {lejos} más lejos")
    assert int(mmp["en_mexico"].sum()) == dentro + banda and int((~mmp["en_mexico"]).sum()) == lejos
    assert int(mmp["cve_ent"].notna().sum()) == dentro


def _cambiar_centros(tmp_path, cambiar) -> Path:
    """Copia de datos/crudos con centros.csv editado (y su ficha al día)."""
    crudos = tmp_path / "crudos"
    shutil.copytree(CRUDOS, crudos)
    editar_csv(crudos / "centros.csv", cambiar)
    return crudos


def test_el_etl_rechaza_una_cita_que_no_esta_en_el_documento(tmp_path):
    def inventar(filas: list[dict]) -> None:
        filas[0]["cita"] = filas[0]["cita"] + " […] El centro tiene 500 camas."

    with pytest.raises(ErrorDeEntrada, match="la cita no está en el documento"):
        construir(crudos=_cambiar_centros(tmp_path, inventar), destino=tmp_path / "parquet")


def test_el_etl_rechaza_un_centro_fuera_de_su_entidad(tmp_path):
    def mover_tijuana(filas: list[dict]) -> None:
        next(f for f in filas if f["municipio"] == "Tijuana")["cve_ent"] = "26"  # Sonora: el punto no cae ahí

    with pytest.raises(ErrorDeEntrada, match="cae en Baja California"):
        construir(crudos=_cambiar_centros(tmp_path, mover_tijuana), destino=tmp_path / "parquet")


@pytest.mark.parametrize("columna", ["tipo_en", "estado_en", "servicios_en", "financiamiento_en",
                                     "estado_posterior_en", "coordenadas_fuente_en"])
def test_el_etl_exige_el_ingles_de_lo_que_el_tablero_resume(tmp_path, columna):
    """Tipo, estado, servicios, financiamiento, estado posterior y origen de las coordenadas se muestran en los dos
    idiomas: uno escrito sin su inglés detiene el ETL nombrando archivo, fila y columna."""
    def borrar(filas: list[dict]) -> None:
        fila = next(f for f in filas if f[columna.removesuffix("_en")].strip())
        fila[columna] = ""

    with pytest.raises(ErrorDeEntrada, match=f"centros.csv.*{columna}"):
        construir(crudos=_cambiar_centros(tmp_path, borrar), destino=tmp_path / "parquet")


# ---------------------------------------------------------------- página

def test_pagina_puntos_dentro_de_mexico_y_mapa_de_menos_de_1_mb(app, parquet):
    fig, n_bytes = figura(app)
    print(f"\nmapa de Territorio (todas las capas, todos los años): {n_bytes:,} bytes de JSON de la figura")
    assert n_bytes <= LIMITE_BYTES
    caja = etl_entidades.caja(tabla(parquet, "entidades"))
    margen = 0.5  # holgado: en_mexico exige 1 km o menos de un polígono (ver la prueba de en_mexico)
    puntos = 0
    for d in rastro(fig, "scattergeo"):
        for lon, lat in zip(d["lon"], d["lat"]):
            assert caja["lon"][0] - margen <= lon <= caja["lon"][1] + margen
            assert caja["lat"][0] - margen <= lat <= caja["lat"][1] + margen
            puntos += 1
    mmp = tabla(parquet, "mmp_incidentes")
    assert len(rastro(fig, "scattergeo", "MMP")[0]["lon"]) == int(mmp["en_mexico"].sum())
    fuera = int((~mmp["en_mexico"]).sum())
    print(f"incidentes dibujados: {int(mmp['en_mexico'].sum())}; fuera de México (no dibujados): {fuera}")
    # Precondición: los datos traen incidentes fuera de México; si no, el aviso no se estaría probando.
    assert fuera > 0, "ningún incidente fuera de México en los datos: la prueba del aviso no prueba nada"
    from conftest import sin_escape

    assert t("ter_fuera", "es", n=fuera) in [sin_escape(c.value) for c in app.caption]
    # La línea de fuente va dentro de la figura, con el productor de la tabla de remesas.
    productor = tabla(parquet, "fuentes").set_index("fuente_id").loc[tabla(parquet, "remesas")["fuente_id"].iloc[0], "productor"]
    assert any(a.get("name") == "fuente" and productor in a["text"] for a in fig["layout"]["annotations"]), productor


def test_pagina_coropleta_con_las_32_entidades_y_hover_con_unidad_y_periodo(app, parquet):
    fig, _ = figura(app)
    coro = rastro(fig, "choropleth")[0]
    assert sorted(coro["locations"]) == sorted(tabla(parquet, "entidades")["cve_ent"])
    assert len(coro["geojson"]["features"]) == 32
    ultimo = tabla(parquet, "remesas")["trimestre"].max()
    etiqueta = f"{ultimo.year}-T{(ultimo.month - 1) // 3 + 1}"
    assert all(etiqueta in txt and t("ter_dolares", "es") in txt for txt in coro["text"])


def test_pagina_las_capas_cambian_los_rastros(app):
    nombres = lambda at: [d.get("name", "") for d in figura(at)[0]["data"]]  # noqa: E731
    centros, mmp = t("ter_leyenda_centros", "es"), t("ter_leyenda_mmp", "es")
    inicial = nombres(app)
    assert centros in inicial and mmp in inicial
    app.toggle(key="w_capas_mmp").set_value(False).run()
    assert not app.exception
    sin_mmp = nombres(app)
    assert mmp not in sin_mmp and centros in sin_mmp
    assert app.query_params["capas"] in ("centros", ["centros"]), "las capas quedan en la URL"
    app.toggle(key="w_capas_centros").set_value(False).run()
    assert centros not in nombres(app) and mmp not in nombres(app)
    assert rastro(figura(app)[0], "choropleth")


def test_pagina_el_trimestre_cambia_los_valores_de_la_coropleta(app, parquet):
    rem = tabla(parquet, "remesas")
    primero = rem["trimestre"].min()
    clave = f"{primero.year}-T{(primero.month - 1) // 3 + 1}"
    antes = rastro(figura(app)[0], "choropleth")[0]["z"]
    app.select_slider(key="w_trimestre").set_value(clave).run()
    assert not app.exception
    coro = rastro(figura(app)[0], "choropleth")[0]
    esperado = rem[rem["trimestre"] == primero].set_index("cve_ent")["usd"]
    assert coro["z"] != antes
    for cve, z in zip(coro["locations"], coro["z"]):
        assert z == pytest.approx(round(esperado[cve] / 1e6, 2))


def test_pagina_filtro_de_causas_y_anios(app, parquet):
    mmp = tabla(parquet, "mmp_incidentes")
    anios = sorted(mmp["anio"].unique())
    en_periodo = mmp[mmp["anio"].between(anios[-3], anios[-1]) & mmp["en_mexico"]]
    # la causa menos frecuente que sí tiene incidentes dibujables en el periodo: el filtro debe dejar algunos, no todos
    causa = en_periodo["causa"].value_counts().index[-1]
    esperado = en_periodo[en_periodo["causa"] == causa]
    assert 0 < len(esperado) < int(mmp["en_mexico"].sum()), "precondición: el filtro deja algunos incidentes, no todos"
    app.multiselect(key="w_causas").set_value([causa]).run()
    app.select_slider(key="w_mmp_anios").set_value((str(anios[-3]), str(anios[-1]))).run()
    assert not app.exception
    d = rastro(figura(app)[0], "scattergeo", t("ter_leyenda_mmp", "es"))
    assert len(d) == 1, "la capa MMP sigue dibujada"
    # el mapa redondea las coordenadas (4 decimales, ~10 m) para aligerar la figura
    dibujados, esperados = sorted(zip(d[0]["lon"], d[0]["lat"])), sorted(zip(esperado["lon"], esperado["lat"]))
    assert len(dibujados) == len(esperados)
    for (lon, lat), (lon_e, lat_e) in zip(dibujados, esperados):
        assert (lon, lat) == (pytest.approx(lon_e, abs=1e-4), pytest.approx(lat_e, abs=1e-4))


def test_tablas_del_mapa_se_mandan_al_abrir_su_expansor(app, parquet):
    """Ninguna tabla del mapa va al navegador con la página (retrasarían el primer dibujo del mapa): cada una se
    arma al abrir su expansor, los incidentes del MMP (la más pesada) con todos los del periodo."""
    mmp = tabla(parquet, "mmp_incidentes")
    assert not app.dataframe, "ninguna tabla antes de abrir su expansor"
    app.session_state["abrir_terr_remesas"] = True
    app.run()
    tablas = [d.value for d in app.dataframe]
    assert len(tablas) == 1 and "cve_ent" in tablas[0] and len(tablas[0]) == 32, "sólo la de remesas por entidad"
    app.session_state["abrir_terr_remesas"] = False
    app.session_state["abrir_terr_mmp"] = True
    app.run()
    assert not app.exception
    tablas = [d.value for d in app.dataframe]
    assert len(tablas) == 1 and len(tablas[0]) == len(mmp), "sólo la de incidentes, con todos los del periodo"


def test_cada_centro_en_su_tarjeta_con_su_cita_en_contexto(app, parquet):
    """Cada centro del documento va en una tarjeta con lo que dice el documento y su «Fuente»: la cita resaltada
    en el texto del documento, archivo y coordenadas; y la del documento posterior cuando lo hay."""
    from conftest import tarjetas

    from tablero.consultas import Catalogo

    centros = Catalogo(parquet).ejecutar("territorio_centros").set_index("centro_id")
    leidas = {x["cifra_id"]: x for x in tarjetas(app)}
    assert set(centros.index) <= set(leidas), "un centro sin tarjeta"
    con_posterior = 0
    for cid, f in centros.iterrows():
        x = leidas[cid]
        assert x["encabezado"] == f["nombre"]
        assert any(r.startswith(f"{t('ter_lugar', 'es')}:") and f"({f['cve_ent']})" in r for r in x["pie"])
        assert f"«{f['cita']}»" in x["fuente"] and f["archivo"] in x["fuente"]
        fragmentos = [normalizar_espacios(p).strip().lower() for p in f["cita"].split("[…]") if p.strip()]
        resaltados = [normalizar_espacios(c).strip().lower() for c in x["contexto"]]
        assert resaltados[:len(fragmentos)] == fragmentos, cid
        if isinstance(f.get("cita_posterior"), str):
            con_posterior += 1
            assert f"«{f['cita_posterior']}»" in x["fuente"] and t("ter_posterior", "es") in x["fuente"]
    assert con_posterior, "ningún centro con documento posterior: la prueba no revisa esa parte"


def test_en_ingles_cada_centro_dice_su_tipo_estado_servicios_y_financiamiento_en_ingles(parquet, monkeypatch):
    """Con ?idioma=en las tarjetas y el mapa dicen lo que el tablero resume de cada centro con las columnas `_en` de
    centros.csv, nunca el español (que sí ven en español); nombre y cita quedan como los escribe el documento."""
    from conftest import abrir, apuntar, tarjetas

    from tablero.consultas import Catalogo

    apuntar(monkeypatch, parquet)
    centros = Catalogo(parquet).ejecutar("territorio_centros").set_index("centro_id")
    pares = [(c, col) for c in centros.index for col in ("tipo", "estado", "servicios", "financiamiento")
             if isinstance(centros.at[c, col], str) and centros.at[c, col] != centros.at[c, f"{col}_en"]]
    assert pares, "nada que traducir: la prueba no probaría nada"
    for idioma in ("en", "es"):
        at = abrir("territorio", idioma=idioma)
        assert not at.exception, [e.message for e in at.exception]
        leidas = {x["cifra_id"]: " | ".join(x["pie"]) for x in tarjetas(at)}
        hover = " ".join(" ".join(d.get("text") or []) for d in figura(at)[0]["data"] if d["type"] == "scattergeo")
        hover = " ".join(hover.replace("<br>", " ").split())
        for c, col in pares:
            dicho, otro = centros.at[c, f"{col}_en"], centros.at[c, col]
            if idioma == "es":
                dicho, otro = otro, dicho
            assert dicho in leidas[c] and otro not in leidas[c], (idioma, c, col)
            if col in ("tipo", "estado"):
                assert " ".join(dicho.split()) in hover and " ".join(otro.split()) not in hover, (idioma, c, col)
        assert all(centros.at[c, "cita"] in " ".join(x["fuente"] for x in tarjetas(at) if x["cifra_id"] == c)
                   for c in centros.index)
