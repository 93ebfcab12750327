"""Revisiones: dos descargas de la CBP con fechas de consulta distintas que repiten meses.

La segunda descarga se arma en la prueba a partir de una descarga real (tests/fixtures): la misma, con dos meses
revisados y un mes nuevo. Lo esperado se recalcula con pandas de los archivos crudos (leídos con el lector de la
CBP), sin pasar por DuckDB ni por etl/revisiones.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl import revisiones
from etl.__main__ import main as etl_main
from etl.fuentes.cbp.lector import cargar_catalogos, combinar_cbp, leer_cbp
from etl.procedencia import ruta_ficha
from tests.conftest import CRUDOS, abrir, apuntar, construir_en, copia_de_crudos, grafica, proyecto_en, una_vez

FIXTURES = Path(__file__).parent / "fixtures"
DESCARGA = FIXTURES / "nationwide-encounters-fy23-fy25-jun-aor.csv"
COMPILADO = CRUDOS / "tablas" / "cbp_encuentros_frontera_suroeste.csv"
REVISAR = {("APR", "Tucson Sector"): 37, ("MAY", "Tucson Sector"): -25}  # (mes, área) → cuánto cambia la revisión
PRIMERA, SEGUNDA = "cbp_descarga_1.csv", "cbp_descarga_2.csv"


def _registrar(crudos: Path, origen: Path, nombre: str, fecha: str) -> Path:
    destino = crudos / "tablas" / nombre
    if origen != destino:
        shutil.copy(origen, destino)
    assert etl_main(["ficha", str(destino), "--como", str(crudos / "tablas" / COMPILADO.name)]) == 0
    ficha = json.loads(ruta_ficha(destino).read_text(encoding="utf-8"))
    ficha["fecha_acceso"] = fecha
    ruta_ficha(destino).write_text(json.dumps(ficha, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return destino


def crudos_con_revision(base: Path) -> tuple[Path, Path, Path]:
    """Copia de datos/crudos con dos descargas de la CBP: la real y una posterior que revisa dos meses y agrega uno."""
    crudos = base / "crudos"
    shutil.copytree(CRUDOS, crudos)
    inicio = dt.date.fromisoformat(json.loads(ruta_ficha(COMPILADO).read_text(encoding="utf-8"))["fecha_acceso"])
    primera = _registrar(crudos, DESCARGA, PRIMERA, (inicio + dt.timedelta(days=10)).isoformat())
    with open(DESCARGA, encoding="utf-8-sig", newline="") as f:
        filas = list(csv.DictReader(f))
    for fila in filas:
        delta = REVISAR.get((fila["Month (abbv)"], fila["Area of Responsibility"]))
        if delta:
            fila["Encounter Count"] = str(int(fila["Encounter Count"].replace(",", "")) + delta)
    nueva = dict(filas[-3], **{"Month (abbv)": "JUL", "Encounter Count": "44"})  # un mes que la primera no traía
    segunda = crudos / "tablas" / SEGUNDA
    with open(segunda, "w", encoding="utf-8", newline="") as f:
        escritor = csv.DictWriter(f, fieldnames=list(filas[0]))
        escritor.writeheader()
        escritor.writerows(filas + [nueva])
    _registrar(crudos, segunda, segunda.name, (inicio + dt.timedelta(days=40)).isoformat())
    return crudos, primera, segunda


def _construir_revisado(carpeta: Path) -> None:
    construir_en(crudos_con_revision(carpeta)[0], carpeta / "parquet")


def revisado_en(base: Path, tmp_path_factory) -> tuple[Path, Path, Path, Path]:
    """(crudos, parquet, primera, segunda) de `crudos_con_revision` con sus tablas construidas, en `base`. Se arman y
    construyen una vez por corrida (las piden este módulo y tests/test_bench.py) y aquí se copian."""
    crudos, parquet = proyecto_en(base, una_vez(tmp_path_factory, "revisado", _construir_revisado))
    return crudos, parquet, crudos / "tablas" / PRIMERA, crudos / "tablas" / SEGUNDA


@pytest.fixture(scope="module")
def proyecto_revisado(tmp_path_factory):
    return revisado_en(tmp_path_factory.mktemp("revisiones"), tmp_path_factory)


def _totales(ruta: Path) -> pd.DataFrame:
    """Total por (región, mes) de un archivo crudo, con pandas."""
    ciudadania, categorias, paises = cargar_catalogos(CRUDOS / "catalogos")
    t = leer_cbp(ruta, ciudadania, categorias, paises)
    t = t[t["componente"].notna()]
    return t.groupby(["region", "mes"], as_index=False)["n"].sum()


def _esperado(primera: Path, segunda: Path) -> pd.DataFrame:
    a, d = _totales(primera), _totales(segunda)
    j = a.merge(d, on=["region", "mes"], how="outer", suffixes=("_antes", "_despues"))
    j = j[j["n_antes"].ne(j["n_despues"])]
    return j.assign(serie="region=" + j["region"], periodo=j["mes"].dt.strftime("%Y-%m"))


def test_historia_publicado_revisado_retirado_y_lo_que_no_cubre():
    """Una instantánea reemplaza sólo las unidades que trae: lo que repite con otro valor es revisión, lo que ya no
    trae dentro de ellas queda retirado y lo que no trae sigue vigente."""
    lecturas = pd.DataFrame({
        "archivo": ["a", "a", "a", "b", "b"], "fecha_acceso": ["2025-01-05"] * 3 + ["2025-02-05"] * 2,
        "k": ["x", "y", "x", "x", "z"], "mes": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-01-01", "2024-01-01"],
        "n": [10, 5, 7, 11, 3]})
    r, inst = revisiones.historia(lecturas, ["k"], "mes", "n", tabla="t")
    r = r.assign(mes=r["periodo"].astype(str))
    filas = {(s, m, i): (c, v) for s, m, i, c, v in r[["serie", "mes", "instantanea", "cambio", "valor"]].itertuples(index=False)}
    assert filas[("k=x", "2024-01-01", 1)] == ("publicado", 10)
    assert filas[("k=x", "2024-01-01", 2)] == ("revisado", 11)
    assert filas[("k=y", "2024-01-01", 2)][0] == "retirado" and pd.isna(filas[("k=y", "2024-01-01", 2)][1])
    assert filas[("k=z", "2024-01-01", 2)] == ("publicado", 3)
    assert ("k=x", "2024-02-01", 2) not in filas  # b no trae febrero: sigue vigente el 7 de a
    febrero = r[(r["serie"] == "k=x") & (r["mes"] == "2024-02-01")].iloc[0]
    assert pd.isna(febrero["hasta_instantanea"]) and febrero["ultimo_valor"] == 7
    enero = r[(r["serie"] == "k=x") & (r["mes"] == "2024-01-01")].sort_values("instantanea")
    assert list(enero["primer_valor"]) == [10, 10] and list(enero["ultimo_valor"]) == [11, 11]
    assert str(enero["vigente_hasta"].iloc[0]) == "2025-02-05" and pd.isna(enero["vigente_hasta"].iloc[1])
    assert list(inst["fuente_id"]) == ["a", "b"]


def test_cambios_lista_exactamente_los_meses_revisados(proyecto_revisado):
    from tablero.consultas import Catalogo

    _, parquet, primera, segunda = proyecto_revisado
    cat = Catalogo(parquet)
    inst = cat.ejecutar("revisiones_instantaneas", idioma="es")
    numero = dict(zip(inst["fuente_id"], inst["instantanea"]))
    fecha = dict(zip(inst["fuente_id"], inst["fecha_acceso"]))
    cambios = cat.ejecutar("revisiones_cambios", tabla_revisada="cbp_encuentros", nivel="total",
                           antes=int(numero[primera.name]), despues=int(numero[segunda.name]), idioma="es")
    esperado = _esperado(primera, segunda)
    revisados = cambios[cambios["cambio"] == "revisado"]
    assert sorted(zip(revisados["serie"], revisados["periodo"])) == sorted(
        zip(*esperado.loc[esperado["n_antes"].notna() & esperado["n_despues"].notna(), ["serie", "periodo"]].T.values))
    assert len(revisados) == len(REVISAR)
    por_clave = esperado.set_index(["serie", "periodo"])
    for fila in revisados.to_dict("records"):
        e = por_clave.loc[(fila["serie"], fila["periodo"])]
        assert (fila["antes"], fila["despues"]) == (e["n_antes"], e["n_despues"])
        assert fila["diferencia"] == e["n_despues"] - e["n_antes"]
        assert (fila["archivo_antes"], fila["fecha_acceso_antes"]) == (primera.name, fecha[primera.name])
        assert (fila["archivo_despues"], fila["fecha_acceso_despues"]) == (segunda.name, fecha[segunda.name])
    assert list(revisados["diferencia"].abs()) == sorted(revisados["diferencia"].abs(), reverse=True)
    nuevos = cambios[cambios["cambio"] == "nuevo"]
    assert list(nuevos["periodo"]) == list(esperado.loc[esperado["n_antes"].isna(), "periodo"])
    assert (cambios["cambio"] != "retirado").all()
    assert cambios["fuente"].notna().all() and cambios["institucion"].notna().all()


def test_resumen_al_construir_nombra_el_mes_mas_revisado(proyecto_revisado, tmp_path):
    """Al construir sobre una versión publicada, el resumen por fuente dice cuántos meses cambiaron y el mayor."""
    crudos, parquet, primera, segunda = proyecto_revisado
    esperado = _esperado(primera, segunda)
    revisados = esperado[esperado["n_antes"].notna() & esperado["n_despues"].notna()]
    mayor = revisados.assign(d=(revisados["n_despues"] - revisados["n_antes"]).abs()).sort_values("d").iloc[-1]
    tablas = {"cbp_encuentros": pd.read_parquet(parquet / "cbp_encuentros.parquet")}
    # La versión publicada antes de la segunda descarga: la combinación de las otras dos.
    ciudadania, categorias, paises = cargar_catalogos(crudos / "catalogos")
    vieja = combinar_cbp([(r.name, leer_cbp(r, ciudadania, categorias, paises))
                          for r in (crudos / "tablas" / COMPILADO.name, primera)])["cbp_encuentros"]
    anterior = tmp_path / "anterior"
    anterior.mkdir()
    vieja.to_parquet(anterior / "cbp_encuentros.parquet")
    lineas = revisiones.resumen_contra_publicada(anterior, tablas)
    assert len(lineas) == 1
    assert lineas[0].startswith(f"CBP: {len(revisados)} meses revisados; el mayor, {mayor['periodo']}: "
                                f"{mayor['n_antes']:,.0f} → {mayor['n_despues']:,.0f}, ")
    assert "1 mes nuevo" in lineas[0]
    assert revisiones.resumen_contra_publicada(None, tablas) == ["revisiones: no hay versión publicada anterior con qué comparar"]


def test_pagina_lista_revisiones_grafica_y_csv_con_instantaneas(proyecto_revisado, monkeypatch, descargas):
    crudos, parquet, primera, segunda = proyecto_revisado
    apuntar(monkeypatch, parquet, crudos)
    from tablero.consultas import Catalogo

    inst = Catalogo(parquet).ejecutar("revisiones_instantaneas", idioma="es")
    numero = {f: str(n) for f, n in zip(inst["fuente_id"], inst["instantanea"])}
    at = abrir("cambios", antes=numero[primera.name], despues=numero[segunda.name])
    assert not at.exception
    tabla = descargas.csv(at, "csv_cambios")
    esperado = _esperado(primera, segunda)
    revisados = tabla[tabla["cambio"] == "revisado"]
    assert sorted(revisados["periodo"]) == sorted(esperado.loc[esperado["n_antes"].notna(), "periodo"])
    assert {"archivo_antes", "fecha_acceso_antes", "archivo_despues", "fecha_acceso_despues", "fuente"} <= set(tabla.columns)
    assert set(revisados["archivo_despues"]) == {segunda.name}
    figura = grafica(at, "graf_cambios_serie")
    nombres = [tr["name"] for tr in figura["data"]]
    assert "Primera publicación" in nombres and "Valor de hoy" in nombres
    fuente = " ".join(a.get("text", "") for a in figura["layout"].get("annotations", []))
    assert primera.name in fuente and segunda.name in fuente
    serie = descargas.csv(at, "csv_cambios_serie")
    assert {"linea", "archivo", "fecha_acceso"} <= set(serie.columns)
    ultima = serie[serie["linea"] == "ultima"].set_index("periodo")["valor"]
    for fila in esperado[esperado["serie"] == "region=Southwest Land Border"].to_dict("records"):
        assert float(ultima[fila["periodo"]]) == fila["n_despues"]


def test_pagina_en_ingles_con_una_sola_instantanea(tablero):
    at = abrir("cambios", idioma="en")
    assert not at.exception
    assert at.title[0].value == "What changed"
    assert any("single snapshot" in i.value for i in at.info)
    assert grafica(at, "graf_cambios_serie")["data"]



def test_historia_rechaza_dos_valores_de_la_misma_serie_y_periodo_en_un_archivo():
    from etl.errores import ErrorDeEntrada

    lecturas = pd.DataFrame({"archivo": ["a", "b", "b"], "fecha_acceso": ["2025-01-05", "2025-02-05", "2025-02-05"],
                             "k": ["x", "x", "x"], "mes": ["2024-01-01"] * 3, "n": [1, 2, 3]})
    with pytest.raises(ErrorDeEntrada, match=r"^archivo b: .*k=x.*2024-01"):
        revisiones.historia(lecturas, ["k"], "mes", "n")


def test_cache_de_lecturas_devuelve_la_misma_tabla_y_se_invalida_con_el_archivo(tmp_path, monkeypatch):
    """Una descarga ya leída sale del caché idéntica (valores y tipos); otro contenido, otra huella."""
    from etl.fuentes.cbp import lector as cbp

    monkeypatch.setenv("TABLERO_CACHE_LECTURAS", str(tmp_path / "cache"))
    tablas = tmp_path / "tablas"
    tablas.mkdir()
    shutil.copytree(CRUDOS / "catalogos", tmp_path / "catalogos")
    shutil.copy(DESCARGA, tablas / "cbp_a.csv")
    shutil.copy(CRUDOS / "tablas" / f"{COMPILADO.name}.meta.json", tablas / "cbp_a.csv.meta.json")
    ficha = json.loads((tablas / "cbp_a.csv.meta.json").read_text(encoding="utf-8"))
    from etl.procedencia import sha256

    ficha.update(archivo="cbp_a.csv", sha256=sha256(tablas / "cbp_a.csv"))
    (tablas / "cbp_a.csv.meta.json").write_text(json.dumps(ficha), encoding="utf-8")
    paises = set(pd.read_csv(tmp_path / "catalogos" / "paises.csv", dtype=str)["iso3"])
    primera, _ = cbp.lecturas(tablas, tmp_path / "catalogos", paises)
    assert len(list((tmp_path / "cache").glob("*.parquet"))) == 1
    segunda, _ = cbp.lecturas(tablas, tmp_path / "catalogos", paises)
    pd.testing.assert_frame_equal(primera[0][2], segunda[0][2])
    assert len(list((tmp_path / "cache").glob("*.parquet"))) == 1
    texto = (tablas / "cbp_a.csv").read_text(encoding="utf-8").replace(",310\n", ",311\n")
    (tablas / "cbp_a.csv").write_text(texto, encoding="utf-8")
    ficha["sha256"] = sha256(tablas / "cbp_a.csv")
    (tablas / "cbp_a.csv.meta.json").write_text(json.dumps(ficha), encoding="utf-8")
    tercera, _ = cbp.lecturas(tablas, tmp_path / "catalogos", paises)
    assert len(list((tmp_path / "cache").glob("*.parquet"))) == 2
    assert int(tercera[0][2]["n"].sum()) == int(primera[0][2]["n"].sum()) + 1


def _serie(tabla: pd.DataFrame, clave: list[str]) -> pd.Series:
    """«columna=valor» unidos por « · » con las columnas no vacías, como la columna `serie` publicada."""
    partes = [tabla[c].map(lambda v, c=c: None if pd.isna(v) else f"{c}={v}") for c in clave]
    return pd.Series([" · ".join(p for p in fila if p) or "total" for fila in zip(*partes)], index=tabla.index)


def _revisados_detalle(a: pd.DataFrame, d: pd.DataFrame, clave: list[str]) -> dict:
    """{(serie, AAAA-MM): (antes, después)} de los renglones que las dos lecturas traen con distinto valor."""
    j = a.merge(d, on=clave + ["mes"], suffixes=("_antes", "_despues"))
    j = j[j["n_antes"] != j["n_despues"]]
    meses = pd.to_datetime(j["mes"]).dt.strftime("%Y-%m")
    return {(s, m): (float(x), float(y)) for s, m, x, y in zip(_serie(j, clave), meses, j["n_antes"], j["n_despues"])}


def test_cambios_de_la_cbp_al_detalle_son_los_renglones_revisados(proyecto_revisado):
    """Al nivel de detalle, «Qué cambió» lista exactamente los renglones que la segunda descarga trae con otro valor."""
    from etl.revisiones import CLAVE_CBP
    from tablero.consultas import Catalogo

    _, parquet, primera, segunda = proyecto_revisado
    cat = Catalogo(parquet)
    inst = cat.ejecutar("revisiones_instantaneas", idioma="es")
    numero = dict(zip(inst["fuente_id"], inst["instantanea"]))
    cambios = cat.ejecutar("revisiones_cambios", tabla_revisada="cbp_encuentros", nivel="detalle",
                           antes=int(numero[primera.name]), despues=int(numero[segunda.name]), idioma="es")
    ciudadania, categorias, paises = cargar_catalogos(CRUDOS / "catalogos")
    a, d = (leer_cbp(r, ciudadania, categorias, paises) for r in (primera, segunda))
    a, d = a[a["componente"].notna()], d[d["componente"].notna()]
    esperado = _revisados_detalle(a, d, CLAVE_CBP["cbp_encuentros"])
    revisados = cambios[cambios["cambio"] == "revisado"]
    assert esperado and {(s, p): (x, y) for s, p, x, y in revisados[["serie", "periodo", "antes", "despues"]].itertuples(
        index=False)} == esperado


# --------------------------------------------------------------------------- Boletín de la UPMRIP
# Dos descargas del libro anual de 2025 (la UPMRIP lo sobrescribe cada mes), armadas con tests/cuadros_upmrip.py desde
# los CSV incluidos: la primera con enero-febrero, la segunda con enero-abril y algunos renglones de enero y febrero
# revisados. Lo esperado se recalcula de los dos libros crudos (leídos con el lector del Boletín) con pandas.
ARMADO = "armado para pruebas con tests/cuadros_upmrip.py (no es un libro publicado por la UPMRIP)"


def _revisar(datos: dict, cuantos: int, delta: int) -> dict:
    """Los `cuantos` renglones mayores de enero y de febrero, cambiados en `delta` (la revisión de la segunda descarga)."""
    nuevos = dict(datos)
    for mes in (1, 2):
        for k in sorted((k for k in datos if k[-1] == mes), key=lambda k: -datos[k])[:cuantos]:
            nuevos[k] = datos[k] + delta
    return nuevos


def _descarga_armada(crudos: Path, destino: Path, libros: dict, ahora: dt.datetime) -> dict[str, Path]:
    """Guarda los libros como una descarga del registro (`etl.instantaneas.armar` y `guardar`) y deja dicho en la ficha
    que son armados."""
    from etl import instantaneas
    from etl.fuentes import registro

    descargados = [(nombre, ruta.read_bytes(), f"https://portales.segob.gob.mx/armado/{nombre}") for nombre, ruta in libros.items()]
    carpeta = instantaneas.guardar(crudos, "upmrip_boletin", instantaneas.armar(registro()["upmrip_boletin"], descargados,
                                                                                crudos, ahora))
    for nombre in libros:
        ficha_ruta = carpeta / f"{nombre}.meta.json"
        ficha_ruta.chmod(0o644)
        ficha_ruta.write_text(json.dumps(dict(json.loads(ficha_ruta.read_text(encoding="utf-8")), procedencia=ARMADO),
                                         ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        ficha_ruta.chmod(0o444)
    return {nombre: carpeta / nombre for nombre in libros}


@pytest.fixture(scope="module")
def boletin_revisado(tmp_path_factory):
    from tests import cuadros_upmrip as cu

    base = tmp_path_factory.mktemp("boletin")
    crudos = base / "crudos"
    shutil.copytree(CRUDOS, crudos)
    mapa = cu.mapa_grafias()
    datos = {"3.1.1": cu.compilado()[2025], "3.1.3": cu.compilado_313()[2025], "3.2.4": cu.compilado_324()[2025]}
    escribir = {"3.1.1": lambda r, d: cu.escribir_3_1_1(r, 2025, d, mapa), "3.1.3": lambda r, d: cu.escribir_3_1_3(r, 2025, d),
                "3.2.4": lambda r, d: cu.escribir_3_2_4(r, 2025, d, mapa)}
    descargas = {}
    for k, (meses, delta, fecha) in enumerate((((1, 2), 0, dt.datetime(2025, 4, 7, 10, tzinfo=dt.UTC)),
                                               ((1, 2, 3, 4), 7, dt.datetime(2025, 6, 7, 10, tzinfo=dt.UTC)))):
        libros = {}
        for cuadro, d in datos.items():
            d = {c: v for c, v in d.items() if c[-1] in meses}
            d = _revisar(d, 3, delta) if delta else d
            nombre = f"2025_cuadro{cuadro}_.armado.xlsx"
            libros[nombre] = escribir[cuadro](base / f"libros_{k}" / nombre, d)
        descargas[k] = _descarga_armada(crudos, base, libros, fecha)
    return crudos, construir_en(crudos, base / "parquet"), descargas[0], descargas[1]


BOLETIN = (("eventos_nacionalidad", "3.1.1"), ("eventos_sexo_edad", "3.1.3"), ("devoluciones", "3.2.4"))


def _lectura_boletin(ruta: Path, cuadro: str) -> pd.DataFrame:
    """Un libro crudo leído con el lector del Boletín, como lo publica la tabla (sin ceros donde el CSV no los trae)."""
    from etl.fuentes import upmrip_boletin as ub
    from tests.cuadros_upmrip import mapa_grafias

    c = ub.leer_cuadro(ruta)
    t = {"3.1.1": lambda: ub.eventos_nacionalidad(c, mapa_grafias()), "3.1.3": lambda: ub.eventos_sexo_edad(c),
         "3.2.4": lambda: ub.devoluciones(c, mapa_grafias())}[cuadro]()
    return t if cuadro == "3.1.3" else t[t["n"] > 0]


@pytest.mark.parametrize("tabla,cuadro", BOLETIN)
def test_cambios_del_boletin_son_los_meses_revisados(boletin_revisado, tabla, cuadro):
    """Con dos libros de 2025 de fechas de consulta distintas, «Qué cambió» lista exactamente los meses cuyo total
    cambió (con su valor antes y después y el archivo y la fecha de cada uno), los renglones revisados al detalle y
    los meses nuevos; todo recalculado de los dos libros crudos."""
    from etl.revisiones import CLAVE_BOLETIN
    from tablero.consultas import Catalogo

    _, parquet, primera, segunda = boletin_revisado
    nombre = f"2025_cuadro{cuadro}_.armado.xlsx"
    viejo, nuevo = primera[nombre], segunda[nombre]
    id_viejo, id_nuevo = (f"instantaneas/upmrip_boletin/{r.parent.name}/{nombre}" for r in (viejo, nuevo))
    cat = Catalogo(parquet)
    inst = cat.ejecutar("revisiones_instantaneas", idioma="es")
    inst = inst[inst["tabla_revisada"] == tabla]
    assert list(inst["fuente_id"]) == [id_viejo, id_nuevo]
    assert list(inst["fecha_acceso"]) == ["2025-04-07", "2025-06-07"]
    assert inst["fuente"].notna().all()
    a, d = _lectura_boletin(viejo, cuadro), _lectura_boletin(nuevo, cuadro)
    ta, td = (t.groupby(pd.to_datetime(t["mes"]).dt.strftime("%Y-%m"))["n"].sum() for t in (a, d))
    revisados_total = {m: (float(ta[m]), float(td[m])) for m in ta.index if ta[m] != td[m]}
    nuevos = sorted(set(td.index) - set(ta.index))
    assert revisados_total and nuevos  # la prueba tiene algo que encontrar
    total = cat.ejecutar("revisiones_cambios", tabla_revisada=tabla, nivel="total", antes=1, despues=2, idioma="es")
    rev = total[total["cambio"] == "revisado"]
    assert {p: (x, y) for p, x, y in rev[["periodo", "antes", "despues"]].itertuples(index=False)} == revisados_total
    assert set(rev["serie"]) == {"total"}
    assert set(rev["archivo_antes"]) == {id_viejo} and set(rev["archivo_despues"]) == {id_nuevo}
    assert set(rev["fecha_acceso_antes"]) == {"2025-04-07"} and set(rev["fecha_acceso_despues"]) == {"2025-06-07"}
    assert sorted(total.loc[total["cambio"] == "nuevo", "periodo"]) == nuevos
    assert (total["cambio"] != "retirado").all()
    detalle = cat.ejecutar("revisiones_cambios", tabla_revisada=tabla, nivel="detalle", antes=1, despues=2, idioma="es")
    rev = detalle[detalle["cambio"] == "revisado"]
    esperado = _revisados_detalle(a, d, CLAVE_BOLETIN[tabla])
    assert esperado and {(s, p): (x, y) for s, p, x, y in rev[["serie", "periodo", "antes", "despues"]].itertuples(
        index=False)} == esperado
    # La tabla publicada trae los valores del libro más nuevo.
    publicada = pd.read_parquet(parquet / f"{tabla}.parquet")
    de_2025 = publicada[pd.to_datetime(publicada["mes"]).dt.year == 2025]
    assert set(de_2025["fuente_id"]) == {id_nuevo}
    assert int(de_2025["n"].sum()) == int(d["n"].sum())


def test_fuentes_y_resumen_del_boletin(boletin_revisado):
    """Cada libro, también el reemplazado, está en `fuentes` con su fecha; el resumen que imprime la construcción
    nombra al Boletín con los meses revisados y el mayor."""
    from etl import revisiones

    _, parquet, primera, segunda = boletin_revisado
    fuentes = pd.read_parquet(parquet / "fuentes.parquet").set_index("fuente_id")
    for descarga, fecha in ((primera, "2025-04-07"), (segunda, "2025-06-07")):
        for nombre, ruta in descarga.items():
            fila = fuentes.loc[f"instantaneas/upmrip_boletin/{ruta.parent.name}/{nombre}"]
            assert str(fila["fecha_acceso"]) == fecha
    lineas = revisiones.resumen_revisiones(pd.read_parquet(parquet / "revisiones.parquet"))
    nombre = "2025_cuadro3.1.1_.armado.xlsx"
    a, d = _lectura_boletin(primera[nombre], "3.1.1"), _lectura_boletin(segunda[nombre], "3.1.1")
    ta, td = (t.groupby(pd.to_datetime(t["mes"]).dt.strftime("%Y-%m"))["n"].sum() for t in (a, d))
    revisados = {m: td[m] - ta[m] for m in ta.index if ta[m] != td[m]}
    mayor = max(revisados, key=lambda m: abs(revisados[m]))
    [linea] = [linea for linea in lineas if linea.startswith("Boletín UPMRIP (eventos_nacionalidad)")]
    assert f"revisó el total de {len(revisados)} meses; el mayor, {mayor} (total): {ta[mayor]:,.0f} → {td[mayor]:,.0f}" in linea
    assert any(linea.startswith("Boletín UPMRIP (devoluciones)") for linea in lineas)


def test_huellas_guardadas_dan_la_misma_historia(tmp_path, monkeypatch):
    """Las huellas de cada lectura que se guardan junto a la caché de lecturas dan exactamente la historia que se
    calcula sin caché (y se guardan una por descarga)."""
    from etl.fuentes.cbp import lector as cbp

    crudos, _, _ = crudos_con_revision(tmp_path)
    paises = set(pd.read_csv(crudos / "catalogos" / "paises.csv", dtype=str)["iso3"])

    def historia(cache: str):
        monkeypatch.setenv("TABLERO_CACHE_LECTURAS", cache)
        leidos, _ = cbp.lecturas(crudos / "tablas", crudos / "catalogos", paises)
        return revisiones.cbp(leidos)

    sin_cache = historia("0")
    guardada = str(tmp_path / "cache")
    primera, segunda = historia(guardada), historia(guardada)
    assert len(list((tmp_path / "cache").glob("*.historia.parquet"))) == len(list((crudos / "tablas").glob("cbp_*.csv")))
    for obtenida in (primera, segunda):
        for a, b in zip(sin_cache, obtenida):
            pd.testing.assert_frame_equal(a, b)
    assert (sin_cache[0]["cambio"] == "revisado").any()


def test_cache_de_lecturas_no_confunde_dos_copias_del_mismo_archivo(tmp_path, monkeypatch):
    """Dos descargas con el mismo contenido y distinto nombre: cada lectura dice su propio archivo (la lectura guardada
    trae el nombre en `archivo`, así que el nombre es parte de su huella)."""
    from etl.fuentes.cbp import lector as cbp
    from etl.procedencia import sha256

    monkeypatch.setenv("TABLERO_CACHE_LECTURAS", str(tmp_path / "cache"))
    tablas = tmp_path / "tablas"
    tablas.mkdir()
    shutil.copytree(CRUDOS / "catalogos", tmp_path / "catalogos")
    ficha = json.loads((CRUDOS / "tablas" / f"{COMPILADO.name}.meta.json").read_text(encoding="utf-8"))
    for nombre, fecha in (("cbp_a.csv", "2025-01-01"), ("cbp_b.csv", "2025-02-01")):
        shutil.copy(DESCARGA, tablas / nombre)
        propia = dict(ficha, archivo=nombre, sha256=sha256(tablas / nombre), fecha_acceso=fecha)
        (tablas / f"{nombre}.meta.json").write_text(json.dumps(propia), encoding="utf-8")
    paises = set(pd.read_csv(tmp_path / "catalogos" / "paises.csv", dtype=str)["iso3"])
    for _ in range(2):  # la segunda vez, las dos desde la caché
        leidos, _ = cbp.lecturas(tablas, tmp_path / "catalogos", paises)
        assert [(nombre, set(t["archivo"])) for _, nombre, t in leidos] == [("cbp_a.csv", {"cbp_a.csv"}),
                                                                            ("cbp_b.csv", {"cbp_b.csv"})]


@pytest.mark.parametrize("serie,tipo", [
    (pd.Series([dt.date(2025, 1, 1), None]), "date32"),
    (pd.Series(pd.to_datetime(["2025-01-01", None])), "date32"),
    (pd.Series([1, None], dtype="Int64"), "int64"),
    (pd.Series([1.0, float("nan")]), "int64"),
    (pd.Series([1.5, float("nan")]), "float64"),
    (pd.Series(["a", None, float("nan")], dtype=object), "string"),
    (pd.Series(["a", None], dtype="string"), "string"),
    (pd.Series([True, False]), "bool_"),
])
def test_columna_arrow_vectorizada_igual_a_la_de_valor_por_valor(serie, tipo):
    """La conversión vectorizada de cada columna a Arrow (la tabla `revisiones` pesa) da lo mismo que la de valor por
    valor, nulos incluidos."""
    import pyarrow as pa

    from etl.construir import _columna_arrow, _columna_arrow_lenta

    tipo = getattr(pa, tipo)()
    rapida = _columna_arrow(serie, tipo)
    assert isinstance(rapida, pa.Array) and rapida.equals(_columna_arrow_lenta(serie, tipo))


# --- Las demás fuentes con descargas: lo incluido y cada descarga son vintages -----------------------------------

@pytest.fixture(scope="module")
def demas_revisadas(tmp_path_factory):
    """Lo incluido más dos descargas de ACNUR, Banxico, el Darién, la OIM y la ENOE en el diseño de cada publicador
    (`bench.revisiones.demas_con_instantaneas`: la primera revisa sus periodos recientes, la segunda trae los valores
    sin revisar y un periodo más), construido y publicado."""
    from bench.revisiones import demas_con_instantaneas
    from etl.construir import construir

    base = tmp_path_factory.mktemp("demas_revisadas")
    crudos = copia_de_crudos(base)
    demas_con_instantaneas(crudos, n=2)
    _oim_revisada(crudos)
    destino = base / "datos" / "parquet"
    construir(crudos, destino)
    return crudos, destino


def _oim_revisada(crudos: Path) -> None:
    """Una tercera descarga de la OIM, un mes después de la última, que corrige su último incidente en México (+3
    muertos): en el CSV de la OIM las cifras por incidente son chicas y el ×0.998 del banco no mueve ninguna."""
    import csv as modulo_csv
    import io

    from etl import instantaneas
    from etl.fuentes import mmp, registro
    from tests import oim_mmp

    ultima = instantaneas.carpetas(crudos, "mmp")[-1]
    ruta = instantaneas.archivos(ultima)[0]
    renglones = list(modulo_csv.DictReader(io.StringIO(ruta.read_bytes().decode("utf-8-sig"))))
    fila = [r for r in renglones if r["Country of Incident"] == "Mexico"][-1]
    for columna in ("Total Number of Dead and Missing", "Number of Dead"):
        fila[columna] = str(int(fila[columna]) + 3)
    ahora = dt.datetime.strptime(ultima.name, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC) + dt.timedelta(days=31)
    carpeta = instantaneas.armar(registro()["mmp"], [(ruta.name, oim_mmp.csv_oim(renglones, list(renglones[0])), mmp.URL)],
                                 crudos, ahora)
    instantaneas.guardar(crudos, "mmp", carpeta)


def _vigente_en(rev: pd.DataFrame, fecha) -> pd.DataFrame:
    """El valor vigente en `fecha` (realtime_start <= fecha < realtime_end), como lo lee ALFRED."""
    return rev[(rev["vigente_desde"] <= fecha) & (rev["vigente_hasta"].isna() | (rev["vigente_hasta"] > fecha))]


def _por_serie(h, tabla: pd.DataFrame, clave: list[str]) -> dict:
    """{(serie, periodo): valor} de una tabla, recalculado en pandas: la serie «columna=valor · …» de `clave` (sin
    columnas, «total»), el periodo como fecha (un año entero, su 1 de enero) y el valor sumado por serie y periodo."""
    periodo = tabla[h.periodo]
    if pd.api.types.is_integer_dtype(periodo):
        periodo = periodo.astype("int64").astype(str) + "-01-01"
    t = tabla.assign(_s=_serie(tabla, clave) if clave else "total", _p=pd.to_datetime(periodo).dt.date)
    return {(s, p): float(v) for (s, p), v in t.groupby(["_s", "_p"])[h.valor].sum().items()}


def _totales_de_lectura(h, tabla: pd.DataFrame) -> dict:
    """Suma por serie total y periodo de una lectura, con la clave como la publica `revisiones`."""
    return _por_serie(h, tabla, list(h.total))


def test_lo_vigente_de_cada_historia_es_la_tabla_publicada(demas_revisadas):
    """En cada tabla con descargas, el último valor de cada serie y periodo (el renglón sin `hasta_instantanea`, no
    retirado) es exactamente la tabla publicada (lo incluido con cada descarga aplicada encima): la historia y lo que
    se muestra nunca se contradicen. Y lo incluido es la instantánea 1, con su fecha de consulta."""
    from etl.revisiones import HISTORIAS

    _, destino = demas_revisadas
    rev = pd.read_parquet(destino / "revisiones.parquet")
    inst = pd.read_parquet(destino / "instantaneas.parquet")
    vistos = 0
    for tabla, h in HISTORIAS.items():
        publicada = pd.read_parquet(destino / f"{tabla}.parquet")
        if publicada.empty:
            continue
        vistos += 1
        esperado = _por_serie(h, publicada, list(h.clave))  # en la OIM, la suma por causa (`sumar`)
        if not h.sumar:
            assert len(esperado) == len(publicada), tabla  # un renglón publicado, una serie y periodo
        r = rev[(rev["tabla"] == tabla) & (rev["nivel"] == "detalle") & rev["hasta_instantanea"].isna() & rev["valor"].notna()]
        assert {(s, p): v for s, p, v in r[["serie", "periodo", "valor"]].itertuples(index=False)} == esperado, tabla
        propias = inst[inst["tabla"] == tabla].sort_values("instantanea")
        assert propias["instantanea"].iloc[0] == 1 and not propias["fuente_id"].iloc[0].startswith("instantaneas/"), tabla
        assert propias["fuente_id"].iloc[1:].str.startswith("instantaneas/").all() and len(propias) >= 3, tabla
    assert vistos == 5


@pytest.mark.parametrize("fuente_id", ["acnur", "banxico", "darien", "mmp", "inegi_enoe"])
def test_cada_descarga_revisa_exactamente_lo_que_cambia_en_sus_archivos(demas_revisadas, fuente_id):
    """Entre las dos últimas descargas, el total de cada periodo que las dos traen cambia en la historia
    exactamente donde cambia al leer sus archivos con el lector de la fuente, con el antes y el después de esos
    archivos; y todo lo que trae la última es lo vigente desde su fecha."""
    from etl import instantaneas
    from etl.construir import contexto_lectura
    from etl.fuentes import registro
    from etl.revisiones import HISTORIAS

    crudos, destino = demas_revisadas
    fuente = registro()[fuente_id]
    tabla = fuente.periodo[0]
    h = HISTORIAS[tabla]
    contexto = contexto_lectura(crudos, set(pd.read_parquet(destino / "paises.parquet")["iso3"]))
    contexto["entidades"] = pd.read_parquet(destino / "entidades.parquet")
    primera, segunda = instantaneas.carpetas(crudos, fuente_id)[-2:]
    a, d = (_totales_de_lectura(h, fuente.leer_instantanea(c, contexto)) for c in (primera, segunda))
    revisados = {k: (a[k], d[k]) for k in a.keys() & d.keys() if a[k] != d[k]}
    assert revisados, fuente_id  # la prueba tiene algo que encontrar
    fa, fd = (dt.date.fromisoformat(instantaneas.ficha(instantaneas.archivos(c)[0])["fecha_acceso"]) for c in (primera, segunda))
    rev = pd.read_parquet(destino / "revisiones.parquet")
    rev = rev[(rev["tabla"] == tabla) & (rev["nivel"] == "total")]
    antes, despues = ({(s, p): v for s, p, v in _vigente_en(rev, f)[["serie", "periodo", "valor"]].itertuples(index=False)}
                      for f in (fa, fd))
    comunes = a.keys() & d.keys()
    assert {k: (antes[k], despues[k]) for k in comunes if antes[k] != despues[k]} == revisados
    assert all(despues[k] == d[k] for k in d)  # lo de la segunda descarga es lo vigente en su fecha
    assert all(k not in antes or antes[k] != d[k] for k in d.keys() - a.keys())


def test_que_cambio_escribe_anios_y_trimestres_en_su_periodicidad(demas_revisadas):
    """«Qué cambió» de las tablas anuales y trimestrales: el periodo sale como 2024 y 2024-T1 (2024-Q1 en inglés), no
    como el primer mes del periodo; y el resumen de la construcción lo dice igual."""
    from tablero.consultas import Catalogo

    _, destino = demas_revisadas
    cat = Catalogo(destino)
    inst = cat.ejecutar("revisiones_instantaneas", idioma="es")
    for tabla, patron_es, patron_en in (("asilo_solicitudes", r"^\d{4}$", r"^\d{4}$"),
                                         ("remesas", r"^\d{4}-T[1-4]$", r"^\d{4}-Q[1-4]$")):
        numeros = sorted(inst.loc[inst["tabla_revisada"] == tabla, "instantanea"])
        es = cat.ejecutar("revisiones_cambios", tabla_revisada=tabla, nivel="total", antes=int(numeros[-2]),
                          despues=int(numeros[-1]), idioma="es")
        en = cat.ejecutar("revisiones_cambios", tabla_revisada=tabla, nivel="total", antes=int(numeros[-2]),
                          despues=int(numeros[-1]), idioma="en")
        assert not es.empty and es["periodo"].str.match(patron_es).all() and en["periodo"].str.match(patron_en).all(), tabla
        assert inst.loc[inst["tabla_revisada"] == tabla, "ultimo_periodo"].str.match(patron_es).all(), tabla
    lineas = revisiones.resumen_revisiones(pd.read_parquet(destino / "revisiones.parquet"))
    remesas = next(linea for linea in lineas if linea.startswith("Banxico remesas"))
    assert re.search(r"revisó el total de \d+ trimestres?; el mayor, \d{4}-T[1-4] ", remesas), remesas


@pytest.mark.parametrize("idioma, sufijo", [("es", "T"), ("en", "Q")])
def test_pagina_de_remesas_con_descargas_en_los_dos_idiomas(demas_revisadas, monkeypatch, descargas, idioma, sufijo):
    """«Qué cambió» de las remesas de Banxico (lo incluido y dos descargas): la lista y la serie escriben trimestres
    (2024-T1, 2024-Q1), cada valor revisado dice de qué descarga sale, y la gráfica nombra los archivos."""
    crudos, destino = demas_revisadas
    apuntar(monkeypatch, destino, crudos)
    at = abrir("cambios", idioma=idioma, revisada="remesas", antes="2", despues="3")  # las dos descargas
    assert not at.exception
    tabla = descargas.csv(at, "csv_cambios")
    revisados = tabla[tabla["cambio"] == {"es": "revisado", "en": "revised"}[idioma]]
    assert not revisados.empty and tabla["periodo"].str.match(rf"^\d{{4}}-{sufijo}[1-4]$").all()
    assert revisados["archivo_despues"].str.startswith("instantaneas/banxico/").all()
    serie = descargas.csv(at, "csv_cambios_serie")
    assert serie["periodo"].astype(str).str.match(rf"^\d{{4}}-{sufijo}[1-4]$").all()
    figura = grafica(at, "graf_cambios_serie")
    fuente = " ".join(a.get("text", "") for a in figura["layout"].get("annotations", []))
    assert "instantaneas/banxico/" in fuente and "banxico_remesas_por_entidad.csv" in fuente
