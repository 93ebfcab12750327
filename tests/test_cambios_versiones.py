"""«Qué cambió» contra una versión publicada anterior: dos versiones construidas en la prueba.

La segunda versión sale de los mismos crudos con tres cambios en el archivo de eventos de la UPMRIP: un mes revisado
(un renglón con otro conteo), un renglón retirado y un mes nuevo. Lo esperado se recalcula con pandas de los dos
archivos crudos (el original y el editado), sin DuckDB: la consulta y la página deben listar exactamente eso.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tests.conftest import CRUDOS, abrir, apuntar, construir_en, editar_csv

ARCHIVO = "upmrip_eventos_por_nacionalidad.csv"


def _leer(ruta) -> pd.DataFrame:
    """Eventos por (mes, nacionalidad) de un archivo crudo (una nacionalidad puede venir en dos renglones: se suman)."""
    crudo = pd.read_csv(ruta, dtype={"t": str, "nat": str}, keep_default_na=False)
    return crudo.rename(columns={"t": "periodo", "nat": "iso3"}).groupby(["periodo", "iso3"], as_index=False)["n"].sum()


@pytest.fixture(scope="module")
def dos_versiones(tmp_path_factory):
    base = tmp_path_factory.mktemp("versiones")
    crudos = base / "crudos"
    shutil.copytree(CRUDOS, crudos)
    parquet = construir_en(crudos, base / "parquet")
    primera = parquet.resolve()
    original = base / "original.csv"
    shutil.copy(crudos / "tablas" / ARCHIVO, original)

    def cambiar(filas: list[dict]) -> None:
        ultimo = max(f["t"] for f in filas)
        revisado = next(f for f in filas if f["t"] == ultimo)
        revisado["n"] = str(int(revisado["n"]) + 118)  # un valor revisado del último mes
        retirado = next(f for f in filas if f["t"] < ultimo and f["nat"] != revisado["nat"])
        filas.remove(retirado)  # un renglón que la versión nueva ya no trae
        anio, mes = map(int, ultimo.split("-"))
        nuevo = f"{anio + mes // 12}-{mes % 12 + 1:02d}"
        filas.append({"t": nuevo, "nat": revisado["nat"], "n": "77"})  # un mes nuevo

    editar_csv(crudos / "tablas" / ARCHIVO, cambiar)
    construir_en(crudos, parquet)
    segunda = parquet.resolve()
    assert primera != segunda and primera.is_dir()
    return crudos, parquet, primera, segunda, original


def _esperado(original, editado) -> pd.DataFrame:
    a, d = _leer(original), _leer(editado)
    j = a.merge(d, on=["periodo", "iso3"], how="outer", suffixes=("_antes", "_despues"))
    j = j[j["n_antes"].ne(j["n_despues"])]
    j["cambio"] = ["nuevo" if pd.isna(x) else "retirado" if pd.isna(y) else "revisado"
                   for x, y in zip(j["n_antes"], j["n_despues"])]
    return j.assign(serie="iso3=" + j["iso3"])


def _como_tuplas(df: pd.DataFrame, antes="n_antes", despues="n_despues") -> set:
    def num(v):
        return None if pd.isna(v) or v == "" else float(v)
    return {(s, p, c, num(x), num(y)) for s, p, c, x, y in df[["serie", "periodo", "cambio", antes, despues]].itertuples(index=False)}


def test_la_consulta_lista_exactamente_lo_revisado_lo_nuevo_y_lo_retirado(dos_versiones):
    from tablero.consultas import Catalogo

    crudos, _, primera, segunda, original = dos_versiones
    anteriores = Catalogo(primera).ejecutar("versiones_valores", tabla_comparada="eventos_nacionalidad")
    cat = Catalogo(segunda)
    cambios = cat.ejecutar_con("versiones_cambios", {"valores_anteriores": anteriores},
                               tabla_comparada="eventos_nacionalidad", nivel="detalle", idioma="es")
    esperado = _esperado(original, crudos / "tablas" / ARCHIVO)
    assert sorted(esperado["cambio"]) == ["nuevo", "retirado", "revisado"]
    assert _como_tuplas(cambios, "antes", "despues") == _como_tuplas(esperado)
    revisado = cambios[cambios["cambio"] == "revisado"].iloc[0]
    assert revisado["diferencia"] == 118
    assert revisado["diferencia_pct"] == round(100 * 118 / revisado["antes"], 2)
    assert list(cambios["cambio"]) == ["revisado", "retirado", "nuevo"]  # lo revisado primero
    assert set(cambios["archivo_despues"].dropna()) == {ARCHIVO} and cambios["fecha_acceso_despues"].notna().sum() == 2
    assert cambios["fuente"].notna().all() and cambios["institucion"].notna().all()
    # el total por mes: el mes revisado cambia en +118, el del renglón retirado baja, el mes nuevo aparece
    totales = cat.ejecutar_con("versiones_cambios", {"valores_anteriores": anteriores},
                               tabla_comparada="eventos_nacionalidad", nivel="total", idioma="es")
    a = _leer(original).groupby("periodo")["n"].sum()
    d = _leer(crudos / "tablas" / ARCHIVO).groupby("periodo")["n"].sum()
    distintos = {p for p in a.index.union(d.index) if a.get(p) != d.get(p)}
    assert set(totales["periodo"]) == distintos
    assert set(totales["serie"]) == {"total"}
    # una tabla que no cambió no lista nada
    sin_cambio = Catalogo(primera).ejecutar("versiones_valores", tabla_comparada="remesas")
    assert cat.ejecutar_con("versiones_cambios", {"valores_anteriores": sin_cambio}, tabla_comparada="remesas",
                            nivel="detalle", idioma="es").empty


def test_la_pagina_compara_contra_la_version_elegida_y_el_csv_dice_archivo_y_fecha(dos_versiones, monkeypatch, descargas):
    crudos, parquet, primera, segunda, original = dos_versiones
    apuntar(monkeypatch, parquet, crudos)
    at = abrir("cambios", comparar=primera.name, tabla_comparada="eventos_nacionalidad", nivel_comparado="detalle")
    assert not at.exception
    tabla = descargas.csv(at, "csv_cambios_version")
    esperado = _esperado(original, crudos / "tablas" / ARCHIVO)
    assert _como_tuplas(tabla.assign(serie=tabla["clave"]), "antes", "despues") == _como_tuplas(esperado)
    assert set(tabla["version_antes"]) == {primera.name} and set(tabla["version_despues"]) == {segunda.name}
    assert {"archivo_antes", "fecha_acceso_antes", "archivo_despues", "fecha_acceso_despues", "fuente", "institucion",
            "documento_tabla", "fecha"} <= set(tabla.columns)
    # la serie se lee: «Nacionalidad: <nombre del país>», no la clave cruda
    assert all(s.startswith("Nacionalidad: ") and "=" not in s for s in tabla["serie"])
    resumen = " ".join(m.value for m in at.markdown)
    assert "revisados: 1" in resumen.replace("\\", "") and "retirados: 1" in resumen.replace("\\", "")


def test_la_pagina_en_ingles_y_una_version_invalida_en_la_url_se_avisa(dos_versiones, monkeypatch, descargas):
    crudos, parquet, primera, _, _ = dos_versiones
    apuntar(monkeypatch, parquet, crudos)
    at = abrir("cambios", idioma="en", comparar="no-existe", tabla_comparada="eventos_nacionalidad",
               nivel_comparado="detalle")
    assert not at.exception
    assert any("comparar" in w.value for w in at.warning)  # se avisa y se usa la más reciente
    tabla = descargas.csv(at, "csv_cambios_version")
    assert set(tabla["version_antes"]) == {primera.name}
    assert all(s.startswith("Nationality: ") for s in tabla["serie"])
    assert set(tabla["cambio"]) == {"revised", "new", "withdrawn"}
    assert any(s.value == "Against an earlier published version" for s in at.subheader)


def test_con_una_sola_version_la_pagina_lo_dice(tablero):
    at = abrir("cambios")
    assert not at.exception
    assert any("sólo la versión publicada" in i.value for i in at.info)
    en = abrir("cambios", idioma="en")
    assert any("keeps only the published version" in i.value for i in en.info)


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_en_el_navegador_la_version_anterior_se_compara_y_su_csv_baja(dos_versiones, idioma):
    """Chromium de verdad (como tests/test_navegador.py): la página en cada idioma, el resumen y el CSV descargado."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from tablero.textos import t
    from tests.conftest import leer_csv
    from tests.test_navegador import carga, quieto, sin_excepcion

    crudos, parquet, primera, _, original = dos_versiones
    esperado = _esperado(original, crudos / "tablas" / ARCHIVO)
    ruta = carga.chromium()
    assert ruta, "falta Chromium: bash scripts/entorno.sh"
    with carga.servidor(parquet=parquet, crudos=crudos) as srv, sync_playwright() as p:
        b = p.chromium.launch(executable_path=ruta, args=carga.ARGUMENTOS_CHROMIUM)
        try:
            pg = b.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000}).new_page()
            pg.set_default_timeout(90_000)
            pg.errores_js = []
            pg.on("pageerror", lambda e: pg.errores_js.append(str(e)))
            pg.goto(f"{srv.url}/cambios?idioma={idioma}&nivel_comparado=detalle")
            quieto(pg, ".st-key-csv_cambios_version button")
            assert pg.locator("h1").first.inner_text().strip() == t("pag_cambios", idioma)
            texto = pg.locator("body").inner_text()
            assert t("ver_titulo", idioma) in texto and primera.name in texto
            with pg.expect_download() as descarga:
                pg.locator(".st-key-csv_cambios_version button").first.click()
            tabla = leer_csv(Path(descarga.value.path()).read_bytes())
            codigos = {t(f"cam_cambio_{c}", idioma): c for c in ("revisado", "nuevo", "retirado")}
            assert set(tabla["cambio"]) == set(codigos)
            tabla = tabla.assign(serie=tabla["clave"], cambio=tabla["cambio"].map(codigos))
            assert _como_tuplas(tabla, "antes", "despues") == _como_tuplas(esperado)
            sin_excepcion(pg)
        finally:
            b.close()


def test_solo_se_compara_contra_una_version_que_el_servidor_conserva(dos_versiones, monkeypatch):
    """La versión llega de la URL: lo que no está en la lista cerrada (otra carpeta, una ruta) no se abre."""
    from tablero import datos

    crudos, parquet, primera, segunda, _ = dos_versiones
    apuntar(monkeypatch, parquet, crudos)
    assert [v["nombre"] for v in datos.versiones_anteriores()] == [primera.name]  # la vigente no se ofrece
    for pedida in (segunda.name, "../crudos", str(primera), "no-existe"):
        with pytest.raises(KeyError):
            datos.cambios_entre_versiones(pedida, "eventos_nacionalidad", "detalle", "es")
    assert not datos.cambios_entre_versiones(primera.name, "eventos_nacionalidad", "detalle", "es").empty


def test_el_darien_escribe_sus_renglones_anuales_por_anio_y_los_mensuales_por_mes(dos_versiones):
    """El Darién trae renglones anuales (hasta 2019) y mensuales: un valor anual y uno mensual distintos en la versión
    anterior salen como «2019» y «2021-03», no los dos como mes."""
    from tablero.consultas import Catalogo

    _, _, primera, segunda, _ = dos_versiones
    anteriores = Catalogo(primera).ejecutar("versiones_valores", tabla_comparada="darien")
    anual = anteriores.index[anteriores["serie"].str.startswith("periodicidad=anual")][0]
    mensual = anteriores.index[anteriores["serie"].str.startswith("periodicidad=mensual")][0]
    anteriores.loc[[anual, mensual], "valor"] += 7
    cambios = Catalogo(segunda).ejecutar_con("versiones_cambios", {"valores_anteriores": anteriores},
                                             tabla_comparada="darien", nivel="detalle", idioma="es")
    esperado = {(anteriores.at[i, "serie"], pd.Timestamp(anteriores.at[i, "periodo"]).strftime(f)) for i, f in
                ((anual, "%Y"), (mensual, "%Y-%m"))}
    assert set(zip(cambios["serie"], cambios["periodo"])) == esperado
    assert set(cambios["diferencia"]) == {-7.0}


def test_una_version_de_un_esquema_anterior_se_sigue_comparando(dos_versiones, tmp_path):
    """Una versión publicada antes de un cambio de columnas (aquí, la primera sin la `periodicidad` de `revisiones` y
    sin la `descripcion_en` de `campos_meta`) ya no abre con todas las vistas de hoy; abierta sin las que no puede
    tener, da los mismos valores para comparar, y el catálogo estricto la sigue rechazando con su mensaje."""
    import pyarrow.parquet as pq

    from tablero.consultas import Catalogo, TablasNoDisponibles

    _, _, primera, _, _ = dos_versiones
    vieja = tmp_path / "vieja"
    shutil.copytree(primera, vieja)
    for tabla, columna in (("revisiones", "periodicidad"), ("campos_meta", "descripcion_en")):
        ruta = vieja / f"{tabla}.parquet"
        pq.write_table(pq.read_table(ruta).drop([columna]), ruta)
    with pytest.raises(TablasNoDisponibles):
        Catalogo(vieja)
    laxo = Catalogo(vieja, estricto=False)
    assert {"stg_revisiones", "stg_campos_meta"} <= set(laxo.vistas_omitidas)
    esperado = Catalogo(primera).ejecutar("versiones_valores", tabla_comparada="eventos_nacionalidad")
    obtenido = laxo.ejecutar("versiones_valores", tabla_comparada="eventos_nacionalidad")
    pd.testing.assert_frame_equal(obtenido, esperado)
