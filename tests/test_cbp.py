"""Pruebas del lector de encuentros de la CBP y de los catálogos de países y ciudadanías."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from etl.__main__ import main as etl_main
from etl.construir import CRUDOS, construir
from etl.errores import ErrorDeEntrada
from etl.fuentes.cbp.lector import COLUMNAS_SALIDA, DISENOS, _reconocer, cargar_catalogos, combinar_cbp, leer_cbp
from etl.lectura import leer_csv
from etl.procedencia import ruta_ficha

RAIZ = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
TABLAS = RAIZ / "datos" / "crudos" / "tablas"
COMPILADO = TABLAS / "cbp_encuentros_frontera_suroeste.csv"
ENCABEZADO_AOR = (
    "Fiscal Year,Month Grouping,Month (abbv),Component,Land Border Region,Area of Responsibility,"
    "AOR (Abbv),Demographic,Citizenship,Title of Authority,Encounter Type,Encounter Count"
)


@pytest.fixture(scope="module")
def catalogos():
    return cargar_catalogos()


def leer(ruta, catalogos):
    return leer_cbp(ruta, *catalogos)


def fila(tabla: pd.DataFrame, **filtro) -> dict:
    """La única fila que cumple el filtro, como dict (falla si hay 0 o varias)."""
    mascara = pd.Series(True, index=tabla.index)
    for columna, valor in filtro.items():
        mascara &= tabla[columna].eq(valor).fillna(False)
    assert mascara.sum() == 1, f"{mascara.sum()} filas para {filtro}"
    return {k: (None if pd.isna(v) else v) for k, v in tabla[mascara].iloc[0].to_dict().items()}


def escribir(tmp_path: Path, nombre: str, texto: str) -> Path:
    ruta = tmp_path / nombre
    ruta.write_text(texto, encoding="utf-8")
    return ruta


# --- Esquema común ----------------------------------------------------------------------

def test_esquema_igual_en_todos_los_disenos(catalogos):
    rutas = [COMPILADO, *sorted(FIXTURES.glob("*.csv"))]
    for ruta in rutas:
        t = leer(ruta, catalogos)
        assert list(t.columns) == COLUMNAS_SALIDA, ruta.name
        assert str(t["mes"].dtype) == "datetime64[ms]"
        assert str(t["anio_fiscal"].dtype) == "int64"
        assert str(t["n"].dtype) == "int64"
        assert all(str(t[c].dtype) == "string" for c in COLUMNAS_SALIDA if c not in ("mes", "anio_fiscal", "n"))
        assert (t["mes"].dt.day == 1).all()
        assert (t["archivo"] == ruta.name).all()


# --- Diseño a: compilado (gdidata) -----------------------------------------------------

def _compilado_crudo() -> list[dict]:
    """El compilado leído con el módulo csv, sin el lector del ETL: de aquí sale lo esperado."""
    with COMPILADO.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_compilado_filas_y_total(catalogos):
    t = leer(COMPILADO, catalogos)
    crudo = _compilado_crudo()
    assert len(t) == len(crudo) > 0
    assert t["n"].sum() == sum(int(r["n"]) for r in crudo)
    assert t["mes"].min() == pd.Timestamp(min(r["t"] for r in crudo) + "-01")
    assert t["mes"].max() == pd.Timestamp(max(r["t"] for r in crudo) + "-01")
    assert (t["region"] == "Southwest Land Border").all()
    assert t["estado"].isna().all()
    # Sin nacionalidad ni área en los meses en que el compilador no las trae (así lo publica).
    sin_nat = {r["t"] for r in crudo if not r["nat"]}
    assert sin_nat, "el compilado trae meses sin nacionalidad"
    antes = t["mes"].dt.strftime("%Y-%m").isin(sin_nat)
    assert t.loc[antes, "ciudadania"].isna().all() and t.loc[antes, "area"].isna().all()
    assert t.loc[~antes, "ciudadania"].notna().all()


def test_compilado_valores_concretos(catalogos):
    t = leer(COMPILADO, catalogos)
    crudo = _compilado_crudo()
    primera = crudo[0]
    r = fila(t, mes=pd.Timestamp(primera["t"] + "-01"), componente=primera["component"], demografia=primera["demog"],
             tipo_encuentro=primera["type"])
    assert r["n"] == int(primera["n"]) and r["anio_fiscal"] == int(primera["t_fy"][:4])
    otros = t[t["ciudadania"] == "OOO"]
    assert len(otros) == sum(r["nat"] == "OOO" for r in crudo) > 0
    assert otros["iso3"].isna().all() and (otros["grupo_ciudadania"] == "otros").all()
    mex = t[t["ciudadania"] == "MEX"]
    assert len(mex) == sum(r["nat"] == "MEX" for r in crudo) > 0
    assert (mex["iso3"] == "MEX").all() and mex["grupo_ciudadania"].isna().all()


# --- Diseño b: CBP por área, con y sin Month Grouping ----------------------------------

def test_aor_con_month_grouping(catalogos):
    t = leer(FIXTURES / "nationwide-encounters-fy23-fy25-jun-aor.csv", catalogos)
    assert len(t) == 12
    # OCT del año fiscal 2024 es octubre de 2023; el conteo trae coma de miles.
    r = fila(t, mes=pd.Timestamp("2023-10-01"), region="Southwest Land Border")
    assert r == {
        "mes": pd.Timestamp("2023-10-01"), "anio_fiscal": 2024, "region": "Southwest Land Border",
        "componente": "U.S. Border Patrol", "area": "San Diego Sector", "estado": None,
        "demografia": "Single Adults", "autoridad": "Title 8", "tipo_encuentro": "Apprehensions",
        "ciudadania": "MEXICO", "iso3": "MEX", "grupo_ciudadania": None, "n": 1234,
        "archivo": "nationwide-encounters-fy23-fy25-jun-aor.csv",
    }
    # «2025 (FYTD)» + DEC -> diciembre de 2024.
    r = fila(t, mes=pd.Timestamp("2024-12-01"))
    assert r["anio_fiscal"] == 2025 and r["iso3"] == "IND" and r["region"] == "Northern Land Border"
    r = fila(t, ciudadania="CHINA, PEOPLES REPUBLIC OF")
    assert r["iso3"] == "CHN" and r["mes"] == pd.Timestamp("2025-04-01") and r["n"] == 7
    r = fila(t, ciudadania="OTHER")
    assert r["iso3"] is None and r["grupo_ciudadania"] == "otros"
    assert fila(t, ciudadania="MYANMAR (BURMA)")["iso3"] == "MMR"
    assert fila(t, region="Other")["n"] == 2001
    assert fila(t, ciudadania="COLOMBIA")["n"] == 0
    assert t["n"].sum() == 310 + 1234 + 52 + 120 + 900 + 7 + 15 + 850 + 2 + 40 + 2001 + 0


def test_aor_sin_month_grouping_bom_espacios_fy_corto(catalogos):
    """Diseño b tal cual: sin Month Grouping; además BOM, espacios y mayúsculas distintas en el encabezado."""
    t = leer(FIXTURES / "nationwide-encounters-fy20-fy23-aor.csv", catalogos)
    assert len(t) == 10
    r = fila(t, demografia="Single Adults", ciudadania="MEXICO")
    assert r["mes"] == pd.Timestamp("2020-10-01") and r["anio_fiscal"] == 2021
    assert r["n"] == 5870 and r["autoridad"] == "Title 42" and r["tipo_encuentro"] == "Expulsions"
    r = fila(t, ciudadania="VENEZUELA")
    assert r["mes"] == pd.Timestamp("2022-09-01") and r["anio_fiscal"] == 2022 and r["n"] == 11034
    r = fila(t, ciudadania="RUSSIA", region="Northern Land Border")
    assert r["mes"] == pd.Timestamp("2022-12-01") and r["area"] == "Blaine Sector"
    assert fila(t, ciudadania="TURKEY")["iso3"] == "TUR"


# --- Diseño c: por estado y frontera suroeste con agrupación de ciudadanía -------------

def test_estado(catalogos):
    t = leer(FIXTURES / "nationwide-encounters-fy23-fy25-jun-state.csv", catalogos)
    assert len(t) == 10
    assert t["area"].isna().all() and t["componente"].isna().all() and t["tipo_encuentro"].isna().all()
    r = fila(t, estado="AZ")
    assert r["mes"] == pd.Timestamp("2023-10-01") and r["anio_fiscal"] == 2024 and r["n"] == 3007
    assert r["iso3"] == "MEX" and r["region"] == "Southwest Land Border"
    r = fila(t, estado="TX", ciudadania="VENEZUELA")
    assert r["mes"] == pd.Timestamp("2023-03-01") and r["n"] == 12480 and r["autoridad"] == "Title 42"
    r = fila(t, estado="NJ")
    assert r["grupo_ciudadania"] == "otros" and r["mes"] == pd.Timestamp("2025-05-01") and r["region"] == "Other"
    assert t["n"].sum() == 12480 + 3007 + 88 + 41 + 95 + 12 + 3 + 17 + 203 + 21


def test_suroeste_agrupacion_de_ciudadania(catalogos):
    t = leer(FIXTURES / "sbo-encounters-fy22-fy25-jun.csv", catalogos)
    assert len(t) == 10
    assert (t["region"] == "Southwest Land Border").all()
    assert t["area"].isna().all() and t["estado"].isna().all()
    r = fila(t, mes=pd.Timestamp("2021-10-01"), ciudadania="El Salvador")
    assert r["anio_fiscal"] == 2022 and r["iso3"] == "SLV" and r["n"] == 1 and r["tipo_encuentro"] == "Expulsions"
    r = fila(t, ciudadania="Other", componente="U.S. Border Patrol")
    assert r["mes"] == pd.Timestamp("2023-01-01") and r["n"] == 52301
    # «Other» de la agrupación (todo menos México y el norte de Centroamérica) no es el «OTHER» por país.
    assert r["iso3"] is None and r["grupo_ciudadania"] == "otros_excepto_mexico_y_centroamerica_norte"
    r = fila(t, mes=pd.Timestamp("2024-10-01"))
    assert r["anio_fiscal"] == 2025 and r["iso3"] == "MEX" and r["n"] == 25000


# --- Errores ----------------------------------------------------------------------------

def test_diseno_desconocido_lista_esperadas_y_encontradas(tmp_path, catalogos):
    ruta = escribir(tmp_path, "raro.csv", "Year,Month,Country,Count\n2025,OCT,MEXICO,3\n")
    with pytest.raises(ErrorDeEntrada) as e:
        leer(ruta, catalogos)
    err = e.value
    assert err.archivo == "raro.csv" and err.fila == 1
    assert "columnas no reconocidas" in err.mensaje
    assert "'Citizenship Grouping'" in err.mensaje and "'State'" in err.mensaje and "'t_fy'" in err.mensaje
    assert "['Year', 'Month', 'Country', 'Count']" in err.mensaje


def test_ciudadania_desconocida_nombra_fila_y_columna(tmp_path, catalogos):
    texto = (
        ENCABEZADO_AOR + "\n"
        "2025 (FYTD),FYTD,OCT,U.S. Border Patrol,Southwest Land Border,Tucson Sector,TCA,Single Adults,MEXICO,Title 8,Apprehensions,5\n"
        "2025 (FYTD),FYTD,OCT,U.S. Border Patrol,Southwest Land Border,Tucson Sector,TCA,Single Adults,ATLANTIS,Title 8,Apprehensions,5\n"
    )
    with pytest.raises(ErrorDeEntrada) as e:
        leer(escribir(tmp_path, "x.csv", texto), catalogos)
    assert (e.value.fila, e.value.columna) == (3, "Citizenship")
    assert "ATLANTIS" in e.value.mensaje


@pytest.mark.parametrize(
    "cambio, columna, texto_error",
    [
        ({"Encounter Count": "-4"}, "Encounter Count", "negativo"),
        ({"Encounter Count": "4.5"}, "Encounter Count", "no es un entero"),
        ({"Encounter Count": "1,23"}, "Encounter Count", "no es un número"),
        ({"Month (abbv)": "OCTUBRE"}, "Month (abbv)", "no es un mes"),
        ({"Fiscal Year": "año 25"}, "Fiscal Year", "no es un año fiscal"),
        ({"Demographic": "Adults"}, "Demographic", "sin traducción"),
        ({"Encounter Type": "Arrests"}, "Encounter Type", "sin traducción"),
    ],
)
def test_valores_invalidos(tmp_path, catalogos, cambio, columna, texto_error):
    columnas = ENCABEZADO_AOR.split(",")
    valores = dict(zip(columnas, ["2025 (FYTD)", "FYTD", "OCT", "U.S. Border Patrol", "Southwest Land Border",
                                  "Tucson Sector", "TCA", "Single Adults", "MEXICO", "Title 8", "Apprehensions", "5"]))
    valores.update(cambio)
    linea = ",".join(f'"{v}"' for v in valores.values())
    with pytest.raises(ErrorDeEntrada) as e:
        leer(escribir(tmp_path, "x.csv", f"{ENCABEZADO_AOR}\n{linea}\n"), catalogos)
    assert (e.value.fila, e.value.columna) == (2, columna)
    assert texto_error in e.value.mensaje


def test_clave_duplicada(tmp_path, catalogos):
    linea = "2025 (FYTD),FYTD,OCT,U.S. Border Patrol,Southwest Land Border,Tucson Sector,TCA,Single Adults,MEXICO,Title 8,Apprehensions,5"
    with pytest.raises(ErrorDeEntrada) as e:
        leer(escribir(tmp_path, "x.csv", f"{ENCABEZADO_AOR}\n{linea}\n{linea}\n"), catalogos)
    assert e.value.fila == 3 and "ya aparece en la fila 2" in e.value.mensaje


def test_anio_fiscal_del_compilador_incoherente(tmp_path, catalogos):
    texto = "t,t_fy,component,area,authority,type,demog,nat,n\n2024-10,2024-10,U.S. Border Patrol,Tucson Sector,Title 8,Apprehensions,FMUA,MEX,4\n"
    with pytest.raises(ErrorDeEntrada) as e:
        leer(escribir(tmp_path, "x.csv", texto), catalogos)
    assert (e.value.fila, e.value.columna) == (2, "t_fy")


# --- Combinación, a través del ETL completo ---------------------------------------------
# Cada descarga entra como lo pide el README: copiada a datos/crudos/tablas/cbp_<nombre>.csv, su ficha
# creada con `python -m etl ficha ... --como ...` y su fecha de consulta puesta (posterior al compilado).
# Lo esperado se calcula aquí de los archivos crudos (leídos uno por uno con leer_cbp) con la regla del
# README: para cada nivel (componente / estado), mes y región manda el archivo más reciente que lo trae.

NIVEL_TABLA = {"componente": "cbp_encuentros", "estado": "cbp_encuentros_estado"}


def _con_descargas(tmp_path: Path, descargas: list[Path], fechas: list[str] | None = None) -> tuple[Path, list[Path]]:
    """Copia de datos/crudos con las descargas registradas; devuelve la carpeta y la ruta de cada copia."""
    crudos = tmp_path / "crudos"
    copias = []
    shutil.copytree(CRUDOS, crudos)
    base = dt.date.fromisoformat(json.loads(ruta_ficha(COMPILADO).read_text(encoding="utf-8"))["fecha_acceso"])
    for i, origen in enumerate(descargas, start=1):
        destino = crudos / "tablas" / f"cbp_{origen.stem}.csv"
        shutil.copy(origen, destino)
        assert etl_main(["ficha", str(destino), "--como", str(crudos / "tablas" / COMPILADO.name)]) == 0
        ficha = json.loads(ruta_ficha(destino).read_text(encoding="utf-8"))
        ficha["fecha_acceso"] = fechas[i - 1] if fechas else (base + dt.timedelta(days=i)).isoformat()
        ruta_ficha(destino).write_text(json.dumps(ficha, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        copias.append(destino)
    return crudos, copias


def _construir(tmp_path: Path, crudos: Path) -> dict[str, pd.DataFrame]:
    destino = tmp_path / "parquet"
    construir(crudos=crudos, destino=destino)
    return {t: pd.read_parquet(destino / f"{t}.parquet") for t in NIVEL_TABLA.values()}


def _nivel_crudo(tabla: pd.DataFrame) -> pd.Series:
    return pd.Series(["estado" if pd.notna(e) else "componente" for e in tabla["estado"]], index=tabla.index)


def _esperado(archivos: list[Path], catalogos) -> dict[str, pd.DataFrame]:
    """(mes, región) → archivo ganador, renglones y suma, por tabla; archivos del más antiguo al más reciente."""
    ganador: dict[tuple, tuple[str, int, int]] = {}
    for ruta in archivos:
        t = leer(ruta, catalogos).assign(nivel=lambda d: _nivel_crudo(d))
        for (niv, mes, region), grupo in t.groupby(["nivel", "mes", "region"]):
            ganador[(niv, mes, region)] = (ruta.name, len(grupo), int(grupo["n"].sum()))
    salida = {}
    for niv, tabla in NIVEL_TABLA.items():
        filas = [{"mes": m, "region": r, "archivo": a, "renglones": k, "n": n}
                 for (nv, m, r), (a, k, n) in ganador.items() if nv == niv]
        salida[tabla] = pd.DataFrame(filas, columns=["mes", "region", "archivo", "renglones", "n"])
    return salida


def _publicado(tabla: pd.DataFrame) -> pd.DataFrame:
    g = tabla.groupby(["mes", "region"]).agg(archivos=("archivo", "nunique"), archivo=("archivo", "first"),
                                             renglones=("n", "size"), n=("n", "sum")).reset_index()
    assert (g["archivos"] == 1).all(), "un (mes, región) mezcla archivos"
    return g.drop(columns="archivos")


def _comparar(publicadas: dict[str, pd.DataFrame], esperado: dict[str, pd.DataFrame]) -> None:
    for nombre, esp in esperado.items():
        pub = _publicado(publicadas[nombre])
        orden = ["mes", "region"]
        esp = esp.assign(mes=pd.to_datetime(esp["mes"])).sort_values(orden, ignore_index=True)
        pub = pub.assign(mes=pd.to_datetime(pub["mes"])).sort_values(orden, ignore_index=True)
        pd.testing.assert_frame_equal(pub[list(esp.columns)], esp, check_dtype=False, obj=nombre)


DESCARGAS = sorted(FIXTURES.glob("*.csv"))


def test_hay_una_descarga_de_prueba_por_cada_diseno_publicado(catalogos):
    """Cada diseño de la CBP que el README promete tiene su archivo de prueba con los nombres de columna de la CBP."""
    reconocidos = {_reconocer(leer_csv(r), r.name)[0]["nombre"] for r in DESCARGAS}
    assert reconocidos == {d["nombre"] for d in DISENOS if d["fecha"] == "cbp"}


@pytest.mark.parametrize("descarga", DESCARGAS, ids=lambda r: r.stem)
def test_cada_diseno_carga_de_punta_a_punta(tmp_path, catalogos, descarga):
    crudos, copias = _con_descargas(tmp_path, [descarga])
    publicadas = _construir(tmp_path, crudos)
    _comparar(publicadas, _esperado([COMPILADO, *copias], catalogos))
    nueva = leer(descarga, catalogos)
    tabla = NIVEL_TABLA[_nivel_crudo(nueva).iloc[0]]
    assert int((publicadas[tabla]["archivo"] == f"cbp_{descarga.stem}.csv").sum()) == len(nueva)
    if tabla == "cbp_encuentros_estado":
        # Un archivo por estado no toca ningún renglón por componente.
        historia = leer(COMPILADO, catalogos)
        assert len(publicadas["cbp_encuentros"]) == len(historia)
        assert int(publicadas["cbp_encuentros"]["n"].sum()) == int(historia["n"].sum())
    assert publicadas["cbp_encuentros"]["componente"].notna().all()
    assert publicadas["cbp_encuentros"]["estado"].isna().all()


def test_todas_las_descargas_juntas_cada_una_a_su_nivel(tmp_path, catalogos):
    """Historia + todas las descargas, en orden de fecha de consulta: por estado y por componente conviven."""
    crudos, copias = _con_descargas(tmp_path, DESCARGAS)
    publicadas = _construir(tmp_path, crudos)
    _comparar(publicadas, _esperado([COMPILADO, *copias], catalogos))
    estados = pd.concat([leer(r, catalogos) for r in DESCARGAS if "state" in r.stem])
    assert len(publicadas["cbp_encuentros_estado"]) > 0
    assert set(publicadas["cbp_encuentros_estado"]["estado"]) <= set(estados["estado"])


def test_el_orden_lo_da_la_fecha_de_consulta_no_el_nombre(tmp_path, catalogos):
    """La misma descarga revisada: gana la de fecha de consulta más reciente, aunque su nombre ordene antes."""
    original = FIXTURES / "nationwide-encounters-fy23-fy25-jun-aor.csv"
    revisada = tmp_path / "a-revision.csv"
    lineas = original.read_text(encoding="utf-8").splitlines(keepends=True)
    revisada.write_text("".join([lineas[0]] + [ln.replace(",310\n", ",311\n") for ln in lineas[1:]]), encoding="utf-8")
    base = dt.date.fromisoformat(json.loads(ruta_ficha(COMPILADO).read_text(encoding="utf-8"))["fecha_acceso"])
    fechas = [(base + dt.timedelta(days=5)).isoformat(), (base + dt.timedelta(days=9)).isoformat()]
    crudos, copias = _con_descargas(tmp_path, [revisada, original], fechas)
    publicadas = _construir(tmp_path, crudos)
    _comparar(publicadas, _esperado([COMPILADO, *copias], catalogos))
    assert set(publicadas["cbp_encuentros"]["archivo"]) - {COMPILADO.name} == {f"cbp_{original.stem}.csv"}


def test_el_cache_de_lecturas_no_cambia_el_nombre_del_archivo(tmp_path, monkeypatch):
    """La misma descarga guardada con otro nombre (en otros crudos) se lee con SU nombre aunque el caché de lecturas
    ya tenga el mismo contenido leído con el nombre anterior: la columna `archivo` dice de dónde sale cada renglón."""
    from etl.fuentes.cbp.lector import lecturas

    monkeypatch.setenv("TABLERO_CACHE_LECTURAS", str(tmp_path / "cache"))
    descarga = FIXTURES / "nationwide-encounters-fy23-fy25-jun-aor.csv"
    otro_nombre = tmp_path / "otro-nombre.csv"
    shutil.copy(descarga, otro_nombre)
    for origen in (descarga, otro_nombre):  # la segunda vez el contenido ya está en el caché
        crudos, (copia,) = _con_descargas(tmp_path / origen.stem, [origen])
        paises = set(leer_csv(crudos / "catalogos" / "paises.csv", ["iso3", "nombre_es", "nombre_en", "tipo"])["iso3"])
        leidos = dict((nombre, tabla) for _, nombre, tabla in lecturas(crudos / "tablas", crudos / "catalogos", paises)[0])
        assert set(leidos[copia.name]["archivo"]) == {copia.name}, origen.name
    assert len(list((tmp_path / "cache").glob("*.parquet"))) == 3  # el compilado una vez y la descarga con cada nombre


def test_misma_fecha_de_consulta_y_mismos_meses_se_rechaza(tmp_path):
    original = FIXTURES / "sbo-encounters-fy22-fy25-jun.csv"
    copia = tmp_path / "otra-copia.csv"
    shutil.copy(original, copia)
    fecha = (dt.date.fromisoformat(json.loads(ruta_ficha(COMPILADO).read_text(encoding="utf-8"))["fecha_acceso"])
             + dt.timedelta(days=3)).isoformat()
    crudos, _ = _con_descargas(tmp_path, [original, copia], [fecha, fecha])
    with pytest.raises(ErrorDeEntrada) as e:
        construir(crudos=crudos, destino=tmp_path / "parquet")
    assert e.value.columna == "fecha_acceso"
    assert f"cbp_{original.stem}.csv" in str(e.value) and f"cbp_{copia.stem}.csv" in str(e.value)


def test_combinar_rechaza_tablas_que_no_son_de_leer_cbp():
    with pytest.raises(ValueError, match="otra"):
        combinar_cbp([("otra", pd.DataFrame({"mes": [], "n": []}))])


def test_combinar_orden_importa_y_es_determinista(catalogos):
    a = leer(FIXTURES / "nationwide-encounters-fy23-fy25-jun-aor.csv", catalogos)
    b = a.assign(n=a["n"] + 1, archivo="revision.csv")
    assert combinar_cbp([("a", a), ("b", b)])["cbp_encuentros"]["n"].sum() == b["n"].sum()
    assert combinar_cbp([("b", b), ("a", a)])["cbp_encuentros"]["n"].sum() == a["n"].sum()
    uno = combinar_cbp([("a", a.sample(frac=1, random_state=1))])
    dos = combinar_cbp([("a", a.sample(frac=1, random_state=2))])
    for nombre in uno:
        pd.testing.assert_frame_equal(uno[nombre], dos[nombre])


# --- Catálogos --------------------------------------------------------------------------

def _codigos_en_tablas() -> dict[str, set[str]]:
    usos = {
        "upmrip_eventos_por_nacionalidad.csv": ["nat"],
        "upmrip_devoluciones_por_nacionalidad.csv": ["nat"],
        "cbp_encuentros_frontera_suroeste.csv": ["nat"],
        "panama_darien_por_nacionalidad.csv": ["nat"],
        "mmp_incidentes_mexico.csv": ["nat"],
        "acnur_solicitudes_asilo_mexico.csv": ["coo_iso"],
    }
    codigos: dict[str, set[str]] = {}
    for archivo, columnas in usos.items():
        tabla = leer_csv(TABLAS / archivo)
        for columna in columnas:
            for valor in tabla[columna]:
                for codigo in str(valor).split(","):  # el MMP escribe listas "HND,MEX"
                    if codigo.strip():
                        codigos.setdefault(codigo.strip(), set()).add(archivo)
    return codigos


def test_paises_contiene_todo_codigo_de_todas_las_tablas():
    paises = leer_csv(RAIZ / "datos" / "crudos" / "catalogos" / "paises.csv", ["iso3", "nombre_es", "nombre_en", "tipo"])
    assert paises["iso3"].is_unique
    faltan = {c: sorted(a) for c, a in _codigos_en_tablas().items() if c not in set(paises["iso3"])}
    assert not faltan, faltan
    assert set(paises["tipo"]) == {"pais", "especial"}
    # lo esperado sale del generador del catálogo (sus correcciones revisadas a mano y sus códigos especiales)
    from etl.herramientas.generar_paises import ESPECIALES, NOMBRES_EN, NOMBRES_ES

    nombres = paises.set_index("iso3")
    especiales = {c: (es, en) for c, es, en, _ in ESPECIALES}
    assert set(paises.loc[paises["tipo"] == "especial", "iso3"]) == set(especiales)
    assert all(tuple(nombres.loc[c, ["nombre_es", "nombre_en"]]) == v for c, v in especiales.items())
    assert all(nombres.loc[c, "nombre_es"] == v for c, v in NOMBRES_ES.items()), "corrección en español perdida"
    assert all(nombres.loc[c, "nombre_en"] == v for c, v in NOMBRES_EN.items()), "corrección en inglés perdida"
    assert paises[["nombre_es", "nombre_en"]].ne("").all().all()


def test_catalogo_cbp_apunta_a_paises_y_traducciones_completas(catalogos):
    ciudadania, categorias, paises = catalogos
    assert set(ciudadania["iso3"]) - {""} <= paises
    assert (categorias["valor_es"].str.strip() != "").all()
    compilado = leer_csv(COMPILADO)
    # Todo lo que escribe el compilador tiene traducción.
    for campo, columna in [("componente", "component"), ("demografia", "demog"),
                           ("autoridad", "authority"), ("tipo_encuentro", "type")]:
        conocidos = set(categorias.loc[categorias["campo"] == campo, "valor"])
        assert set(compilado[columna]) <= conocidos, campo


def test_mes_es_fecha_del_primer_dia(catalogos):
    t = leer(FIXTURES / "sbo-encounters-fy22-fy25-jun.csv", catalogos)
    assert t["mes"].iloc[0].to_pydatetime().date() == dt.date(2021, 10, 1)


# --- `etl ficha --como`: sólo lo que puede saber ----------------------------------------------

@pytest.mark.parametrize("fecha", [None, "2026-01-15"])
def test_ficha_como_escribe_solo_lo_que_puede_saber(tmp_path, catalogos, fecha):
    """Cada descarga de prueba registrada como dice el README: lo del publicador sale de la plantilla; el periodo,
    de los renglones del archivo; la fecha de consulta es hoy (o --fecha-acceso); compilador y URL, vacíos."""
    plantilla = json.loads(ruta_ficha(COMPILADO).read_text(encoding="utf-8"))
    for descarga in DESCARGAS if fecha is None else DESCARGAS[:1]:
        destino = tmp_path / f"cbp_{descarga.stem}.csv"
        shutil.copy(descarga, destino)
        orden = ["ficha", str(destino), "--como", str(COMPILADO)] + (["--fecha-acceso", fecha] if fecha else [])
        assert etl_main(orden) == 0
        ficha = json.loads(ruta_ficha(destino).read_text(encoding="utf-8"))
        meses = pd.to_datetime(leer(descarga, catalogos)["mes"])
        assert ficha["periodo"] == f"{meses.min():%Y-%m} a {meses.max():%Y-%m}", descarga.name
        assert ficha["periodo"] != plantilla["periodo"], descarga.name
        assert ficha["fecha_acceso"] == (fecha or dt.date.today().isoformat())
        assert ficha["compilador"] == "" and ficha["url"] == ""
        for campo in ("productor", "tabla", "licencia", "unidad", "titulo"):
            assert ficha[campo] == plantilla[campo], campo
        assert plantilla["compilador"] not in ficha["cita_sugerida"]
        assert ficha["periodo"] in ficha["cita_sugerida"] and ficha["fecha_acceso"] in ficha["cita_sugerida"]
        # y en inglés: lo del publicador, de la plantilla; periodo y cita, armados con los de este archivo
        assert ficha["periodo_en"] == ficha["periodo"].replace(" a ", " to ")
        for campo in ("productor_en", "tabla_en", "licencia_en", "notas_en"):
            assert ficha[campo] == plantilla[campo], campo
        assert ficha["periodo_en"] in ficha["cita_sugerida_en"] and f"Accessed {ficha['fecha_acceso']}" in ficha["cita_sugerida_en"]
        assert plantilla["compilador_en"] not in ficha["cita_sugerida_en"]
        assert "duplicados" not in ficha
