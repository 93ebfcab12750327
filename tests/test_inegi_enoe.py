"""ENOE (INEGI) desde los microdatos: la suma de la tabla SDEM y `python -m etl actualizar inegi_enoe` sin red.

Los zips de microdatos se arman en tests/enoe_armado.py (`zip_sdem_construido`) en la forma documentada por el código
público que los baja: los renglones son inventados, dicen que son construidos, y lo esperado se calcula aquí de esos
mismos renglones con un recorrido aparte del de etl.fuentes.inegi_enoe.lector.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pandas as pd
import pytest
import respx
from conftest import ConstruirContado, copia_de_crudos

from etl import instantaneas
from etl.actualizar import actualizar
from etl.construir import CRUDOS, aplicar_instantaneas, contexto_lectura
from etl.fuentes import inegi_enoe as fuente
from etl.fuentes.inegi_enoe import lector as enoe
from tests.enoe_armado import COLUMNAS, renglones, zip_sdem_construido

ZIP_2023_1 = "enoe_2023_trim1_csv.zip"


def esperado(filas: list[dict], factor: str = "fac_tri") -> dict[str, int]:
    """Las seis sumas del CSV incluido, recorriendo los renglones a mano."""
    s = {c: 0 for trio in enoe.COLUMNAS.values() for c in trio}
    for f in filas:
        if not (int(f["clase2"]) == 1 and int(f["r_def"]) == 0 and int(f["c_res"]) in (1, 3) and 15 <= int(f["eda"]) <= 98):
            continue
        lugar = "extranjero" if int(f["l_nac_c"]) > 33 else "mexico"
        total, formal, informal = enoe.COLUMNAS[lugar]
        s[formal if int(f["mh_col"]) % 2 == 0 else informal] += int(f[factor])
        s[total] += int(f[factor])
    return s


# ------------------------------------------------------------------ suma de la tabla SDEM

def test_la_suma_de_un_zip_construido_da_las_sumas_de_sus_renglones(tmp_path):
    filas = renglones()
    ruta = tmp_path / ZIP_2023_1
    ruta.write_bytes(zip_sdem_construido(2023, 1, filas))
    fila = enoe.sumar_sdem(ruta)
    calc = esperado(filas)
    assert fila.pop("trimestre") == "2023Q1" and fila.pop("_fila") == 1
    assert {k: int(v) for k, v in fila.items()} == calc
    assert calc["ocupados_nacidos_en_extranjero"] > 0 and calc["ocupados_mexico_formal"] > 0  # la prueba toca todo
    tabla = enoe.ocupados_microdatos(ruta, "x")
    assert len(tabla) == 4 and int(tabla["ocupados"].sum()) == calc["ocupados_nacidos_en_mexico"] + calc["ocupados_nacidos_en_extranjero"]


def test_antes_de_la_enoe_nueva_se_suma_fac_con_el_nombre_sdemt(tmp_path):
    """Hasta 2020-T1 el factor es `fac` y la tabla se llama SDEMT<t><aa>.csv (encabezado en mayúsculas aquí)."""
    filas = [f | {"fac": f["fac_tri"] * 3} for f in renglones()]
    ruta = tmp_path / "2019trim1_csv.zip"
    columnas = [c for c in COLUMNAS if not c.startswith("fac_")] + ["fac"]
    ruta.write_bytes(zip_sdem_construido(2019, 1, filas, columnas=columnas, miembro="SDEMT119.csv", mayusculas=True))
    fila = enoe.sumar_sdem(ruta)
    assert fila["trimestre"] == "2019Q1"
    assert {k: int(v) for k, v in fila.items() if k not in ("trimestre", "_fila")} == esperado(filas, "fac")


@pytest.mark.parametrize("cambiar, columna, motivo", [
    (lambda f: f.__setitem__("mh_col", ""), "mh_col", "mh_col vacío en una persona ocupada"),
    (lambda f: f.__setitem__("mh_col", 0), "mh_col", "no es una columna 1 a 10"),
    (lambda f: f.__setitem__("fac_tri", "12.5"), "fac_tri", "no es un entero"),
    (lambda f: f.__setitem__("eda", "x"), "eda", "no es un número"),
])
def test_un_renglon_malo_se_nombra_con_fila_y_columna(tmp_path, cambiar, columna, motivo):
    filas = renglones()
    i = next(i for i, f in enumerate(filas) if f["clase2"] == 1 and f["r_def"] == 0 and f["c_res"] == 1 and f["eda"] == 40)
    cambiar(filas[i])
    ruta = tmp_path / ZIP_2023_1
    ruta.write_bytes(zip_sdem_construido(2023, 1, filas))
    with pytest.raises(enoe.ErrorDeEntrada) as e:
        enoe.sumar_sdem(ruta)
    assert (e.value.archivo, e.value.fila, e.value.columna) == (f"{ZIP_2023_1}/ENOE_SDEMT123.csv", i + 2, columna)
    assert motivo in str(e.value)


def test_las_direcciones_por_epoca():
    assert fuente.direccion(2019, 4) == fuente.BASE + "2019trim4_csv.zip"
    assert fuente.direccion(2021, 3) == fuente.BASE + "enoe_n_2021_trim3_csv.zip"
    assert fuente.direccion(2025, 2) == fuente.BASE + "enoe_2025_trim2_csv.zip"
    assert fuente.siguiente((2020, 1)) == (2020, 3) and fuente.siguiente((2022, 4)) == (2023, 1)
    assert [fuente.trimestre_de(fuente.direccion(*t).rsplit("/", 1)[1]) for t in ((2019, 4), (2021, 3), (2025, 2))] == \
        [(2019, 4), (2021, 3), (2025, 2)]


# ------------------------------------------------------------------ actualizar inegi_enoe, sin red

@pytest.fixture
def crudos(tmp_path, red_bloqueada, monkeypatch) -> Path:
    monkeypatch.setenv("TABLERO_CACHE_LECTURAS", str(tmp_path / "cache_lecturas"))  # cada prueba lee sus zips
    destino = copia_de_crudos(tmp_path)
    return destino


def _publicador(mock, zips: dict[tuple[int, int], bytes | httpx.Response | Exception]):
    """Los zips dados en sus direcciones; cualquier otro trimestre, 404 (aún no se publica)."""
    for t, r in zips.items():
        ruta = mock.get(fuente.direccion(*t))
        if isinstance(r, Exception):
            ruta.mock(side_effect=r)
        else:
            ruta.mock(return_value=r if isinstance(r, httpx.Response) else httpx.Response(200, content=r))
    return mock.get(url__startswith=fuente.BASE).mock(return_value=httpx.Response(404))


def _proyecciones_ligeras(monkeypatch) -> None:
    """Sin ajustar las series de eventos y devoluciones (se prueban en tests/test_proyecciones.py), como en
    tests/test_actualizar.py: la construcción real sigue publicando todo lo demás."""
    from etl import proyecciones

    todas = proyecciones.series
    monkeypatch.setattr(proyecciones, "series", lambda tablas: [
        s for s in todas(tablas) if s["tabla"] not in ("eventos_nacionalidad", "devoluciones")])


def _todo(crudos: Path) -> dict:
    return {p.relative_to(crudos): p.read_bytes() for p in sorted(crudos.rglob("*")) if p.is_file()}


def _incluida() -> pd.DataFrame:
    return enoe.ocupados(CRUDOS / "tablas" / "inegi_enoe_ocupados_nacidos_extranjero.csv", {})


def test_trimestres_nuevos_entran_y_se_publican_de_punta_a_punta(crudos, monkeypatch):
    """El CSV incluido termina en 2022-T4: se piden 2023-T1, 2023-T2 y 2023-T3 (404) y la construcción real publica
    los dos trimestres nuevos con las sumas de sus renglones; los incluidos quedan como estaban."""
    _proyecciones_ligeras(monkeypatch)
    filas1, filas2 = renglones(), renglones(semilla=5)
    with respx.mock(assert_all_called=False) as mock:
        resto = _publicador(mock, {(2023, 1): zip_sdem_construido(2023, 1, filas1),
                                   (2023, 2): zip_sdem_construido(2023, 2, filas2)})
        resultados, version = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet")
    assert [r.estado for r in resultados] == ["nueva"] and version is not None
    assert [str(c.request.url) for c in resto.calls] == [fuente.direccion(2023, 3)]
    carpeta = resultados[0].carpeta
    assert [p.name for p in instantaneas.archivos(carpeta)] == [ZIP_2023_1, "enoe_2023_trim2_csv.zip"]
    ficha = instantaneas.ficha(carpeta / ZIP_2023_1)
    assert ficha["url"] == fuente.direccion(2023, 1) and ficha["productor"] == fuente.METADATOS["productor"]
    publicada = pd.read_parquet(crudos.parent / "parquet" / "enoe_ocupados.parquet")
    publicada["trimestre"] = pd.to_datetime(publicada["trimestre"]).dt.date
    for t, filas in ((date(2023, 1, 1), filas1), (date(2023, 4, 1), filas2)):
        calc = esperado(filas)
        d = publicada[publicada["trimestre"] == t].set_index(["lugar_nacimiento", "formalidad"])["ocupados"]
        for (lugar, formalidad), n in d.items():
            assert n == calc[enoe.COLUMNAS[lugar][1 if formalidad == "formal" else 2]], (t, lugar, formalidad)
        assert set(publicada.loc[publicada["trimestre"] == t, "fuente_id"]) == \
            {f"instantaneas/inegi_enoe/{carpeta.name}/{fuente.direccion(t.year, (t.month - 1) // 3 + 1).rsplit('/', 1)[1]}"}
    incluida = _incluida()
    viejos = publicada[publicada["trimestre"] < date(2023, 1, 1)].drop(columns="fuente_id")
    orden = ["trimestre", "lugar_nacimiento", "formalidad"]
    assert viejos.sort_values(orden, ignore_index=True).astype({"ocupados": "int64"}).equals(
        incluida.drop(columns="fuente_id").sort_values(orden, ignore_index=True).astype({"ocupados": "int64"}))
    registro = pd.read_parquet(crudos.parent / "parquet" / "fuentes_registro.parquet").set_index("fuente")
    assert str(registro.loc["inegi_enoe", "ultimo_periodo"]) == "2023-04-01"


def test_sin_trimestre_nuevo_se_vuelve_a_pedir_el_ultimo_y_no_hay_instantanea(crudos):
    """La segunda corrida pide otra vez 2023-T1 (el último descargado) y 2023-T2 (404): misma huella, sin cambios."""
    contenido = zip_sdem_construido(2023, 1, renglones())
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): contenido})
        primero, _ = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=construir)
        segundo, version = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert [primero[0].estado, segundo[0].estado] == ["nueva", "sin cambios"] and version is None
    assert "misma huella sha256" in segundo[0].motivo
    assert len(instantaneas.carpetas(crudos, "inegi_enoe")) == 1 and construir.llamadas == 1


def test_tras_ponerse_al_dia_con_dos_trimestres_la_corrida_siguiente_no_guarda_nada(crudos):
    """Primera corrida: 2023-T1 y 2023-T2 en una instantánea. Segunda: se pide otra vez 2023-T2 (idéntico) y 2023-T3
    (404): «sin cambios», sin instantánea repetida de 2023-T2."""
    from datetime import UTC, datetime

    zips = {(2023, 1): zip_sdem_construido(2023, 1, renglones()), (2023, 2): zip_sdem_construido(2023, 2, renglones(3))}
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, zips)
        primero, _ = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=construir,
                                ahora=datetime(2026, 11, 1, tzinfo=UTC))
    with respx.mock(assert_all_called=False) as mock:
        resto = _publicador(mock, {(2023, 2): zips[(2023, 2)]})
        t1 = mock.routes[0]
        segundo, version = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=construir,
                                      ahora=datetime(2026, 12, 1, tzinfo=UTC))
    assert [primero[0].estado, segundo[0].estado] == ["nueva", "sin cambios"] and version is None
    assert t1.call_count == 1 and [str(c.request.url) for c in resto.calls] == [fuente.direccion(2023, 3)]
    assert len(instantaneas.carpetas(crudos, "inegi_enoe")) == 1 and construir.llamadas == 1


def test_un_trimestre_revisado_reemplaza_al_de_la_instantanea_anterior(crudos):
    from datetime import UTC, datetime

    construir = ConstruirContado()
    filas = renglones()
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): zip_sdem_construido(2023, 1, filas)})
        actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=construir,
                   ahora=datetime(2026, 11, 1, tzinfo=UTC))
    # revisión construida: +1 al factor de la primera persona ocupada de 40 años, residente y nacida en México
    i = next(i for i, f in enumerate(filas) if (f["clase2"], f["r_def"], f["c_res"], f["eda"], f["l_nac_c"]) == (1, 0, 1, 40, 9))
    revisado = [f | ({"fac_tri": f["fac_tri"] + 1} if j == i else {}) for j, f in enumerate(filas)]
    assert sum(esperado(revisado).values()) == sum(esperado(filas).values()) + 2  # total y su parte
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): zip_sdem_construido(2023, 1, revisado)})
        segundo, _ = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=construir,
                                ahora=datetime(2026, 12, 1, tzinfo=UTC))
    assert segundo[0].estado == "nueva" and len(instantaneas.carpetas(crudos, "inegi_enoe")) == 2
    tablas = {"enoe_ocupados": _incluida()}
    aplicar_instantaneas(tablas, crudos, contexto_lectura(crudos, set()))
    d = tablas["enoe_ocupados"]
    t1 = d[d["trimestre"] == date(2023, 1, 1)]
    assert len(t1) == 4 and int(t1["ocupados"].sum()) == sum(v for k, v in esperado(revisado).items() if k.startswith("ocupados_nacidos"))
    assert set(t1["fuente_id"]) == {f"instantaneas/inegi_enoe/{segundo[0].carpeta.name}/{ZIP_2023_1}"}


@pytest.mark.parametrize("respuesta, motivo", [
    (httpx.Response(404), "fuente inegi_enoe, trimestre 2023-T1: HTTP 404 al pedir"),
    (httpx.Response(500), "fuente inegi_enoe, trimestre 2023-T1: HTTP 500 al pedir"),
    (httpx.ReadTimeout("lento"), "fuente inegi_enoe, trimestre 2023-T1: tiempo de espera agotado"),
    (httpx.Response(200, text="<html>Sitio en mantenimiento</html>"), "la respuesta no es un zip"),
])
def test_una_descarga_que_falla_se_nombra_y_no_deja_nada(crudos, respuesta, motivo):
    antes = _todo(crudos)
    construir = ConstruirContado()
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): respuesta})
        resultados, version = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=construir)
    assert resultados[0].estado == "falló" and motivo in resultados[0].motivo and version is None
    assert construir.llamadas == 0 and _todo(crudos) == antes


def test_un_500_en_el_segundo_trimestre_no_guarda_el_primero(crudos):
    antes = _todo(crudos)
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): zip_sdem_construido(2023, 1, renglones()), (2023, 2): httpx.Response(500)})
        resultados, version = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "falló" and "trimestre 2023-T2: HTTP 500" in resultados[0].motivo
    assert version is None and _todo(crudos) == antes


def test_un_zip_sin_una_columna_va_a_cuarentena_y_nada_publicado_cambia(crudos, monkeypatch):
    """Publicado primero 2023-T1 con la construcción real; después llega un 2023-T1 sin `mh_col`: el motivo nombra la
    fuente, el archivo y la columna, la descarga queda en cuarentena y las tablas publicadas son las mismas."""
    _proyecciones_ligeras(monkeypatch)
    parquet = crudos.parent / "parquet"
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): zip_sdem_construido(2023, 1, renglones())})
        actualizar(["inegi_enoe"], crudos, parquet)
    publicado = {p.name: p.read_bytes() for p in sorted(parquet.resolve().iterdir()) if p.is_file()}
    antes = _todo(crudos)
    sin_mh = zip_sdem_construido(2023, 1, renglones(semilla=1), columnas=[c for c in COLUMNAS if c != "mh_col"])
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): sin_mh})
        resultados, version = actualizar(["inegi_enoe"], crudos, parquet)
    motivo = resultados[0].motivo
    assert resultados[0].estado == "falló" and version is None
    assert "fuente inegi_enoe" in motivo and f"archivo {ZIP_2023_1}/ENOE_SDEMT123.csv" in motivo
    assert "columna mh_col" in motivo and "no trae la columna mh_col" in motivo
    assert _todo(crudos) == antes
    assert {p.name: p.read_bytes() for p in sorted(parquet.resolve().iterdir()) if p.is_file()} == publicado
    apartadas = list((crudos.parent / "cuarentena" / "inegi_enoe").glob("*/MOTIVO.txt"))
    assert len(apartadas) == 1 and "mh_col" in apartadas[0].read_text(encoding="utf-8")


def test_la_lectura_de_un_zip_se_guarda_y_da_lo_mismo(crudos):
    """La validación deja la suma en el caché de lecturas; la lectura de la construcción sale de ahí con los mismos
    renglones y tipos que la lectura directa del zip."""
    with respx.mock(assert_all_called=False) as mock:
        _publicador(mock, {(2023, 1): zip_sdem_construido(2023, 1, renglones())})
        resultados, _ = actualizar(["inegi_enoe"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    carpeta = resultados[0].carpeta
    assert len(list((crudos.parent.parent / "cache_lecturas").glob("*.parquet"))) == 1
    desde_cache = fuente.leer_instantanea(carpeta, contexto_lectura(crudos, set()))
    directa = enoe.ocupados_microdatos(carpeta / ZIP_2023_1, f"instantaneas/inegi_enoe/{carpeta.name}/{ZIP_2023_1}")
    assert desde_cache.equals(directa) and list(desde_cache.dtypes) == list(directa.dtypes)
    assert type(desde_cache["trimestre"].iloc[0]) is date


def test_inegi_enoe_no_pide_clave():
    from etl.fuentes import registro

    f = registro()["inegi_enoe"]
    assert f.token is None and f.descargar is fuente.descargar and f.validar is fuente.validar


# ------------------------------------------------------------------ Banco de Indicadores (API con INEGI_TOKEN)

from etl.fuentes import inegi_bie  # noqa: E402

TOKEN = "tok-PRUEBA-9f3a7c1e"  # inventado: se busca en todo lo escrito


def respuesta_bie_construida(valores: dict[str, dict[str, str | None]]) -> dict:
    """Respuesta construida en la forma documentada de la API (Header + Series con OBSERVATIONS de siete claves);
    `valores`: {indicador: {"AAAA/TT": "valor"}}. Los valores son inventados."""
    return {"Header": {"Name": "Datos compactos BIE (construido para pruebas)", "Email": "atencion.usuarios@inegi.org.mx"},
            "Series": [{"INDICADOR": ind, "FREQ": "8", "TOPIC": "", "UNIT": "Personas", "UNIT_MULT": "", "NOTE": "",
                        "SOURCE": "INEGI", "LASTUPDATE": None, "STATUS": None,
                        "OBSERVATIONS": [{"TIME_PERIOD": t, "OBS_VALUE": v, "OBS_EXCEPTION": None, "OBS_STATUS": "",
                                          "OBS_SOURCE": "", "OBS_NOTE": "", "COBER_GEO": "0700"} for t, v in obs.items()]}
                       for ind, obs in valores.items()]}


VALORES_BIE = {"289244": {"2024/03": "61234567.0", "2024/04": "61300000"},
               "446744": {"2024/03": "35000000.00000000000000000000", "2024/04": None},
               "446918": {"2024/03": "24000000", "2024/04": "24100000"}}


def _bie(mock, respuesta):
    ruta = mock.get(url__startswith=inegi_bie.API)
    return ruta.mock(side_effect=respuesta) if isinstance(respuesta, Exception) else ruta.mock(return_value=respuesta)


def test_bie_sin_clave_se_omite_con_un_mensaje_y_no_pide_nada(crudos, monkeypatch):
    monkeypatch.delenv("INEGI_TOKEN", raising=False)
    with respx.mock(assert_all_called=False) as mock:
        ruta = _bie(mock, httpx.Response(200, json=respuesta_bie_construida(VALORES_BIE)))
        resultados, version = actualizar(["inegi_bie"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "omitida" and "INEGI_TOKEN" in resultados[0].motivo and version is None
    assert ruta.call_count == 0 and instantaneas.carpetas(crudos, "inegi_bie") == []


def test_bie_publica_la_tabla_y_la_clave_no_queda_en_nada_escrito(crudos, monkeypatch, caplog, capsys):
    """Construcción real: `enoe_indicadores` trae cada observación con dato (la vacía no se inventa). La clave va en la
    ruta pedida y no aparece en ningún archivo escrito (instantánea, ficha, parquet), en el registro ni en la salida."""
    import logging

    from etl.__main__ import main

    _proyecciones_ligeras(monkeypatch)
    monkeypatch.setenv("INEGI_TOKEN", TOKEN)
    caplog.set_level(logging.DEBUG)
    parquet = crudos.parent / "parquet"
    with respx.mock(assert_all_called=False) as mock:
        ruta = _bie(mock, httpx.Response(200, json=respuesta_bie_construida(VALORES_BIE)))
        assert main(["-v", "actualizar", "inegi_bie", "--crudos", str(crudos), "--destino", str(parquet)]) == 0
    pedida = str(ruta.calls[0].request.url)
    assert f"/BIE/2.0/{TOKEN}" in pedida and "/289244,446744,446918/es/0700/" in pedida
    tabla = pd.read_parquet(parquet / "enoe_indicadores.parquet")
    esperadas = {(ind, t): float(v) for ind, obs in VALORES_BIE.items() for t, v in obs.items() if v is not None}
    leidas = {(r["indicador"], f"{pd.Timestamp(r['trimestre']).year}/{(pd.Timestamp(r['trimestre']).month + 2) // 3:02d}"): r["valor"]
              for r in tabla.to_dict("records")}
    assert leidas == esperadas
    from tablero.consultas import Catalogo

    completa = Catalogo(parquet).ejecutar("enoe_indicadores_completa")  # la que sirve /api/v1/tablas
    assert len(completa) == len(esperadas) and completa["institucion"].eq(inegi_bie.METADATOS["productor"]).all()
    registro = Catalogo(parquet).ejecutar("frescura", hoy=date(2026, 12, 7), idioma="es").set_index("fuente")
    assert registro.loc["inegi_bie", "ultimo_periodo"] == "2024-T4"
    _la_pagina_muestra_el_ultimo_trimestre(parquet, monkeypatch)
    carpeta = instantaneas.carpetas(crudos, "inegi_bie")[0]
    ficha = instantaneas.ficha(carpeta / inegi_bie.NOMBRE)
    assert ficha["url"].endswith("/BIE/2.0/{INEGI_TOKEN}?type=json")
    salida = capsys.readouterr()
    assert "inegi_bie: nueva" in salida.out
    escritos = [p for p in crudos.parent.rglob("*") if p.is_file()]
    assert any(p.name == "enoe_indicadores.parquet" for p in escritos) and len(escritos) > 50
    assert [p for p in escritos if TOKEN.encode() in p.read_bytes()] == []
    assert TOKEN not in caplog.text and TOKEN not in salida.out + salida.err
    assert "HTTP Request" in caplog.text or "inegi_bie" in caplog.text  # el registro sí se escribió


def _la_pagina_muestra_el_ultimo_trimestre(parquet: Path, monkeypatch) -> None:
    """Seguridad social (IMSS), en los dos idiomas: la tabla del último trimestre de cada indicador con su nombre en el
    idioma de la sesión, su valor y la línea de fuente del INEGI."""
    from conftest import abrir

    monkeypatch.setenv("TABLERO_PARQUET", str(parquet))
    ultimos = {ind: max((t, v) for t, v in obs.items() if v is not None) for ind, obs in VALORES_BIE.items()}
    for idioma, sufijo, columna in (("es", "T", "nombre"), ("en", "Q", "nombre_en")):
        at = abrir("imss", idioma=idioma)
        assert not at.exception
        tablas = [d.value for d in at.dataframe if "valor" in d.value.columns and "indicador" in d.value.columns]
        assert len(tablas) == 1, idioma
        mostrada = tablas[0].set_index("indicador")
        assert sorted(mostrada.index) == sorted(ultimos)
        for ind, (periodo, valor) in ultimos.items():
            assert mostrada.loc[ind, "valor"] == float(valor)
            assert mostrada.loc[ind, "periodo"] == periodo.replace("/0", f"-{sufijo}")
            assert mostrada.loc[ind, "nombre"] == inegi_bie.METADATOS["indicadores"][ind][columna]
        assert any(inegi_bie.METADATOS["productor"] in c.value for c in at.caption), idioma


@pytest.mark.parametrize("respuesta, motivo", [
    (httpx.Response(404), "HTTP 404"),
    (httpx.Response(500), "HTTP 500"),
    (httpx.ReadTimeout("lento"), "tiempo de espera agotado"),
    (httpx.Response(200, json={"error": "token inválido"}), "se esperaba {Header, Series}"),
])
def test_bie_que_falla_se_nombra_sin_la_clave_y_no_deja_nada(crudos, monkeypatch, caplog, respuesta, motivo):
    import logging

    monkeypatch.setenv("INEGI_TOKEN", TOKEN)
    caplog.set_level(logging.DEBUG)
    antes = _todo(crudos)
    with respx.mock(assert_all_called=False) as mock:
        _bie(mock, respuesta)
        resultados, version = actualizar(["inegi_bie"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "falló" and motivo in resultados[0].motivo and "inegi_bie" in resultados[0].motivo
    assert TOKEN not in resultados[0].motivo and TOKEN not in caplog.text and version is None
    assert _todo(crudos) == antes


def test_bie_una_observacion_sin_obs_value_va_a_cuarentena(crudos, monkeypatch):
    monkeypatch.setenv("INEGI_TOKEN", TOKEN)
    cuerpo = respuesta_bie_construida(VALORES_BIE)
    del cuerpo["Series"][1]["OBSERVATIONS"][0]["OBS_VALUE"]
    with respx.mock(assert_all_called=False) as mock:
        _bie(mock, httpx.Response(200, json=cuerpo))
        resultados, _ = actualizar(["inegi_bie"], crudos, crudos.parent / "parquet", construir_con=ConstruirContado())
    assert resultados[0].estado == "falló"
    assert "serie 2 (446744), observación 1: faltan ['OBS_VALUE']" in resultados[0].motivo
    assert instantaneas.carpetas(crudos, "inegi_bie") == []
    apartadas = list((crudos.parent / "cuarentena" / "inegi_bie").glob("*/*"))
    assert apartadas and all(TOKEN.encode() not in p.read_bytes() for p in apartadas)


def test_bie_los_indicadores_dicen_que_estan_por_verificar():
    assert all(m["verificado"] == inegi_bie.POR_VERIFICAR for m in inegi_bie.METADATOS["indicadores"].values())
