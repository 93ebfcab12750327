"""Cada consulta con nombre devuelve lo que guardan las tablas Parquet (comprobado con pyarrow/pandas, sin SQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import tabla_parquet as tabla

from tablero.consultas import ARCHIVO_SQL, Catalogo, TablasNoDisponibles, cargar_consultas, cargar_vistas


@pytest.fixture(scope="module")
def parquet(parquet_sesion) -> Path:
    return parquet_sesion


# Parámetros de ejemplo por nombre: basta para ejecutar cada consulta del archivo.
EJEMPLOS = {
    "familias": ["encuentros", "imss"], "documento_id": None, "fuente_id": None,
    "desde": dt.date(2023, 1, 1), "hasta": dt.date(2023, 12, 1), "paises": [], "limite": 10,
    "sexos": [], "edades": [], "anio": 2023, "trimestre": None, "causas": [], "unidades": ["vacantes"],
    "idioma": "es", "buscar": "", "lugares": [], "historia": 36, "horizonte": 3, "hoy": dt.date(2026, 12, 6),
    "grupos": [], "sumar": False, "medida": "nivel",
    "tabla_revisada": "cbp_encuentros", "nivel": "total", "antes": 1, "despues": 1,
    "serie_revisada": "region=Southwest Land Border",
    "tabla_comparada": "eventos_nacionalidad",
}
# Con una sola instantánea por tabla (los datos incluidos) no hay nada que comparar: tests/test_revisiones.py
# la prueba con dos descargas de la CBP.
# Una versión comparada consigo misma no tiene cambios: tests/test_cambios_versiones.py la prueba con dos versiones.
VACIAS_PERMITIDAS = {"revisiones_cambios", "versiones_cambios"}
# Consultas que leen, además de la versión, renglones de otra versión publicada enlazados por nombre.
RELACIONES = {"versiones_cambios": lambda cat: {"valores_anteriores": cat.ejecutar(
    "versiones_valores", tabla_comparada=EJEMPLOS["tabla_comparada"])}}


def _ejemplos(cat: Catalogo, parquet: Path, consulta) -> dict:
    params = {}
    for p in consulta.parametros:
        if p == "documento_id":
            params[p] = tabla(parquet, "documentos")["documento_id"].iloc[0]
        elif p == "fuente_id":
            params[p] = tabla(parquet, "fuentes")["fuente_id"].iloc[0]
        elif p == "trimestre":
            params[p] = tabla(parquet, "remesas")["trimestre"].max()
        elif p == "cifra_id":
            params[p] = tabla(parquet, "cifras")["cifra_id"].iloc[0]
        elif p == "serie":  # las series con medida (Encuentros) y las proyectadas tienen nombres distintos
            params[p] = ("eventos" if consulta.nombre.startswith("serie_")
                         else tabla(parquet, "proyecciones_series")["serie"].iloc[0])
        elif p in ("desde", "hasta") and consulta.nombre in ("asilo_por_origen", "territorio_mmp"):
            params[p] = 2018 if p == "desde" else 2024
        elif p in EJEMPLOS:
            params[p] = EJEMPLOS[p]
        else:
            pytest.fail(f"la consulta {consulta.nombre} usa el parámetro {p}, que no tiene ejemplo en la prueba")
    return params


def _ejecutar(cat: Catalogo, parquet: Path, consulta) -> pd.DataFrame:
    if consulta.nombre in RELACIONES:
        return cat.ejecutar_con(consulta.nombre, RELACIONES[consulta.nombre](cat), **_ejemplos(cat, parquet, consulta))
    return cat.ejecutar(consulta.nombre, **_ejemplos(cat, parquet, consulta))


def test_cada_consulta_se_ejecuta_y_devuelve_filas(cat, parquet):
    vacias = []
    for nombre, consulta in cat.consultas.items():
        resultado = _ejecutar(cat, parquet, consulta)
        # la tabla por estado de la CBP y la del Banco de Indicadores del INEGI van vacías con los datos incluidos
        # (ningún archivo por estado, ninguna descarga con clave): su consulta sólo puede devolver filas si la tabla
        # las tiene
        vacia_por_datos = {"cbp_estado_completa": "cbp_encuentros_estado", "enoe_indicadores_completa": "enoe_indicadores",
                           "enoe_indicadores_ultimos": "enoe_indicadores"}
        if resultado.empty and nombre not in VACIAS_PERMITIDAS and not (
                nombre in vacia_por_datos and tabla(parquet, vacia_por_datos[nombre]).empty):
            vacias.append(nombre)
    assert not vacias, f"consultas sin filas con parámetros razonables: {vacias}"


def test_cada_consulta_tiene_descripcion():
    for consulta in cargar_consultas(ARCHIVO_SQL).values():
        assert consulta.descripcion, consulta.nombre


def test_total_anual_de_eventos(cat, parquet):
    eventos = tabla(parquet, "eventos_nacionalidad")
    for anio in sorted({m.year for m in eventos["mes"]}):
        esperado = int(eventos.loc[[m.year == anio for m in eventos["mes"]], "n"].sum())
        assert int(cat.ejecutar("eventos_total_anio", anio=anio)["eventos"].iloc[0]) == esperado


def test_serie_de_eventos_filtrada_por_pais(cat, parquet):
    eventos = tabla(parquet, "eventos_nacionalidad")
    pais = eventos.groupby("iso3")["n"].sum().idxmax()
    desde, hasta = eventos["mes"].min(), eventos["mes"].max()
    comunes = dict(serie="eventos", desde=desde, hasta=hasta, sumar=False, medida="nivel", idioma="es")
    r = cat.ejecutar("serie_medida", grupos=[pais], **comunes)
    esperado = eventos[eventos["iso3"] == pais].groupby("mes")["n"].sum()
    assert set(r["grupo"]) == {pais}
    esperado = {pd.Timestamp(m).strftime("%Y-%m"): v for m, v in esperado.items()}
    assert {p: v for p, v in zip(r["periodo"], r["nivel"]) if v} == esperado
    todos = cat.ejecutar("serie_medida", grupos=[], **comunes)
    assert int(todos["nivel"].sum()) == int(eventos["n"].sum())


def test_nacionalidades_ordenadas_y_con_nombre(cat, parquet):
    eventos = tabla(parquet, "eventos_nacionalidad")
    r = cat.ejecutar("eventos_por_nacionalidad", desde=eventos["mes"].min(), hasta=eventos["mes"].max(), limite=5, idioma="es")
    esperado = eventos.groupby("iso3")["n"].sum().sort_values(ascending=False).head(5)
    assert list(r["iso3"]) == list(esperado.index)
    assert list(r["eventos"]) == list(esperado.values)
    paises = tabla(parquet, "paises").set_index("iso3")
    assert list(r["nacionalidad"]) == [paises.loc[i, "nombre_es"] for i in r["iso3"]]
    en = cat.ejecutar("eventos_por_nacionalidad", desde=eventos["mes"].min(), hasta=eventos["mes"].max(), limite=5, idioma="en")
    assert list(en["nacionalidad"]) == [paises.loc[i, "nombre_en"] for i in r["iso3"]]


def test_sexo_edad_respeta_filtros(cat, parquet):
    se = tabla(parquet, "eventos_sexo_edad")
    sexo = se["sexo"].iloc[0]
    r = cat.ejecutar("eventos_sexo_edad", desde=se["mes"].min(), hasta=se["mes"].max(), sexos=[sexo], edades=[])
    assert set(r["sexo"]) == {sexo}
    assert int(r["eventos"].sum()) == int(se.loc[se["sexo"] == sexo, "n"].sum())


def test_cbp_no_se_mezcla_con_upmrip(cat, parquet):
    cbp = tabla(parquet, "cbp_encuentros")
    anio = 2023
    del_anio = pd.Series([m.year == anio for m in cbp["mes"]], index=cbp.index)
    esperado = int(cbp.loc[del_anio & (cbp["region"] == "Southwest Land Border"), "n"].sum())
    r = cat.ejecutar("cbp_total_anio", anio=anio)
    assert int(r["encuentros"].iloc[0]) == esperado
    assert r["fuente_id"].iloc[0].startswith("cbp_")


def test_titulares_uno_por_familia_con_cita(cat, parquet):
    cifras = tabla(parquet, "cifras")
    r = cat.ejecutar("cifras_titulares", idioma="es")
    assert len(r) == int(cifras["titular"].sum())
    indicadores = tabla(parquet, "indicadores").set_index("indicador_id")["familia"]
    familias = list(dict.fromkeys(indicadores[cifras.loc[cifras["titular"], "indicador_id"]]))
    assert sorted(r["familia"]) == sorted(familias) and r["familia"].is_unique
    assert r["cita"].str.len().gt(0).all()


def test_remesas_trimestre_las_32_entidades(cat, parquet):
    remesas = tabla(parquet, "remesas")
    t = remesas["trimestre"].max()
    r = cat.ejecutar("remesas_por_entidad", trimestre=t, idioma="es")
    assert len(r) == 32 and r["cve_ent"].str.fullmatch(r"\d{2}").all()
    assert int(r["usd"].sum()) == int(remesas.loc[remesas["trimestre"] == t, "usd"].sum())


def test_parametros_no_previstos_se_rechazan(cat):
    with pytest.raises(TypeError):
        cat.ejecutar("eventos_total_anio", anio=2023, extra="1; DROP TABLE cifras")
    with pytest.raises(KeyError):
        cat.ejecutar("SELECT 1")


def test_valor_hostil_es_un_dato_no_sql(cat, parquet):
    """Un valor con SQL es un dato: no encuentra nada, mientras que el mismo valor pegado al SQL traería todo; y la
    consulta sí encuentra un documento que existe (no es una consulta siempre vacía)."""
    existente = tabla(parquet, "documentos")["documento_id"].iloc[0]
    assert len(cat.ejecutar("documento_texto", documento_id=existente)) == 1
    assert cat.ejecutar("documento_texto", documento_id="x' OR '1'='1").empty
    todas = cat.ejecutar("cifras_catalogo", buscar="", idioma="es")
    assert len(todas) == len(tabla(parquet, "cifras")) > 0
    assert cat.ejecutar("cifras_catalogo", buscar="' OR '1'='1", idioma="es").empty


def test_sin_tablas_mensaje_claro(tmp_path):
    with pytest.raises(TablasNoDisponibles, match="python -m etl"):
        Catalogo(tmp_path / "no_existe")


def test_cada_vista_se_crea_y_tiene_descripcion(cat):
    vistas = cargar_vistas(ARCHIVO_SQL)
    assert any(n.startswith("stg_") for n in vistas) and "procedencia" in vistas
    assert cat.vistas == tuple(vistas)
    for vista in vistas.values():
        assert vista.descripcion, vista.nombre


def test_consultas_con_fuente_traen_sus_columnas_de_fuente_llenas(cat, parquet):
    """Las consultas de tablas oficiales (las que traen `fuente_id`) devuelven la procedencia lista."""
    from conftest import comprobar_fuente

    revisadas = []
    for nombre, consulta in cat.consultas.items():
        r = _ejecutar(cat, parquet, consulta)
        if nombre == "fuentes_catalogo":  # es el catálogo de procedencia mismo (productor, cuadro, cita sugerida)
            continue
        if nombre in ("antiguedad_fuentes", "ultimos_meses_antiguedad"):  # antigüedad por archivo, no renglones de datos:
            continue  # la página la pega a la línea de fuente que ya arma con la procedencia de sus datos
        if "fuente_id" in r and not r.empty and r["fuente_id"].notna().any():
            comprobar_fuente(r[r["fuente_id"].notna()], nombre)
            revisadas.append(nombre)
    assert {"serie_medida", "ultimos_meses", "cbp_completa"} <= set(revisadas), revisadas
