"""Las páginas del tablero con AppTest: se dibujan sin excepción en ambos idiomas, las tarjetas dicen lo
mismo que el Parquet, los filtros cambian los datos de las gráficas, la URL reproduce la vista y cada
tarjeta tiene su cita en su documento. Ningún valor esperado se escribe aquí: todos salen de las consultas."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tablero import formato

from tablero.consultas import Catalogo

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGINAS = ["panorama", "encuentros", "refugio_empleo", "imss", "vacantes", "fuentes"]
# Qué cifras muestra cada página temática (los mismos parámetros que usa la página).
CIFRAS_DE_PAGINA = {
    "refugio_empleo": ("cifras_por_familias", {"familias": ["refugio_empleo"]}),
    "imss": ("cifras_por_familias", {"familias": ["imss"]}),
    "vacantes": ("cifras_por_unidades", {"unidades": ["vacantes"]}),
}


def abrir(pagina: str, **parametros) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(parametros)
    at.run()
    if pagina != "panorama":
        at.switch_page(f"paginas/{pagina}.py").run()
    return at


def sin_escape(texto: str) -> str:
    return texto.replace("\\", "")


def valores(arreglo) -> list:
    """Valores de un arreglo de la figura; Plotly 7 los serializa como binario {dtype, bdata}."""
    if isinstance(arreglo, dict) and "bdata" in arreglo:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(arreglo["bdata"]), dtype=arreglo["dtype"]).tolist()
    return list(arreglo)


def graficas(at: AppTest) -> list[dict]:
    return [json.loads(g.proto.spec) for g in at.get("plotly_chart")]


def configs(at: AppTest) -> list[dict]:
    return [json.loads(g.proto.config) for g in at.get("plotly_chart")]


@pytest.fixture(scope="module")
def cat(parquet_sesion) -> Catalogo:
    return Catalogo(parquet_sesion)


@pytest.mark.parametrize("idioma", ["es", "en"])
@pytest.mark.parametrize("pagina", PAGINAS)
def test_pagina_se_dibuja(tablero, pagina, idioma):
    at = abrir(pagina, **({"idioma": idioma} if idioma == "en" else {}))
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "cada página tiene título"
    for spec, conf in zip(graficas(at), configs(at)):
        fuentes = [a["text"] for a in spec["layout"].get("annotations", []) if a.get("name") == "fuente"]
        assert fuentes and fuentes[0].startswith("Fuente" if idioma == "es" else "Source"), "línea de fuente dentro de la figura"
        assert spec["layout"]["title"]["text"], "cada gráfica tiene título"
        assert spec["layout"]["separators"] == ".,"
        assert conf["toImageButtonOptions"]["scale"] == 2
        assert conf["toImageButtonOptions"]["filename"] not in ("", "newplot")
    assert len(at.get("download_button")) >= len(at.get("plotly_chart")), "cada gráfica ofrece su CSV"


def test_idioma_ingles_traduce(tablero):
    es, en = abrir("encuentros"), abrir("encuentros", idioma="en")
    assert es.title[0].value != en.title[0].value
    assert en.query_params["idioma"] == ["en"] or en.query_params["idioma"] == "en"


def test_tarjetas_del_panorama_igual_al_parquet(tablero, cat):
    at = abrir("panorama")
    valores = [m.value for m in at.metric]
    titulares = cat.ejecutar("cifras_titulares")
    assert not titulares.empty
    esperados = [formato.cifra_fila(f, "es") for f in titulares.to_dict("records")]
    assert valores[:len(esperados)] == esperados
    ultimos = cat.ejecutar("ultimos_meses")
    assert valores[len(esperados):] == [formato.numero(v) for v in ultimos["valor"]]
    # el calificador es parte del valor mostrado
    for fila, valor in zip(titulares.to_dict("records"), valores):
        if fila["calificador"] not in ("exacto", "rango"):
            assert valor != formato.numero(fila["valor"])


@pytest.mark.parametrize("pagina", list(CIFRAS_DE_PAGINA))
def test_tarjetas_de_pagina_igual_al_parquet(tablero, cat, pagina):
    nombre, parametros = CIFRAS_DE_PAGINA[pagina]
    cifras = cat.ejecutar(nombre, **parametros)
    assert not cifras.empty
    at = abrir(pagina)
    mostradas = sorted(m.value for m in at.metric)
    assert mostradas == sorted(formato.cifra_fila(f, "es") for f in cifras.to_dict("records"))
    # la gráfica de vacantes dibuja los rangos como intervalos [min, max], no como punto medio
    if pagina == "vacantes":
        barra = graficas(at)[0]["data"][0]
        rangos = cifras[cifras["calificador"] == "rango"]
        for _, r in rangos.iterrows():
            assert r["valor_min"] in valores(barra["base"])
            assert r["valor_max"] - r["valor_min"] in valores(barra["x"])


def test_comparacion_encuentros_medidas_separadas(tablero, cat):
    at = abrir("encuentros")
    titular = cat.ejecutar("cifras_por_familias", familias=["encuentros"]).query("titular").iloc[0]
    anio = pd.Timestamp(titular["periodo_inicio"]).year
    valores = [m.value for m in at.metric]
    assert formato.cifra_fila(titular.to_dict(), "es") in valores
    assert formato.numero(cat.ejecutar("eventos_total_anio", anio=anio)["eventos"].iloc[0]) in valores
    assert formato.numero(cat.ejecutar("cbp_total_anio", anio=anio)["encuentros"].iloc[0]) in valores
    # la CBP tiene su propia gráfica: ninguna gráfica mezcla «eventos» y «encuentros» de la CBP en un eje
    titulos = [g["layout"]["title"]["text"] for g in graficas(at)]
    assert sum("CBP" in t for t in titulos) == 1


def test_filtro_de_periodo_cambia_la_grafica(tablero, cat):
    rango = cat.ejecutar("eventos_rango_meses").iloc[0]
    meses = [formato.mes(m) for m in pd.date_range(rango["desde"], rango["hasta"], freq="MS")]
    desde, hasta = meses[len(meses) // 2], meses[-1]
    completo, filtrado = abrir("encuentros"), abrir("encuentros", desde=desde, hasta=hasta)
    x_completo = graficas(completo)[0]["data"][0]["x"]
    x_filtrado = graficas(filtrado)[0]["data"][0]["x"]
    esperado = cat.ejecutar("eventos_mensuales", desde=date.fromisoformat(desde + "-01"),
                            hasta=date.fromisoformat(hasta + "-01"), paises=[])
    assert len(x_filtrado) == len(esperado) < len(x_completo)
    assert valores(graficas(filtrado)[0]["data"][0]["y"]) == [int(v) for v in esperado["eventos"]]


def test_filtro_de_nacionalidad_cambia_la_grafica(tablero, cat):
    rango = cat.ejecutar("eventos_rango_meses").iloc[0]
    iso = cat.ejecutar("eventos_por_nacionalidad", desde=rango["desde"], hasta=rango["hasta"], limite=1)["iso3"].iloc[0]
    at = abrir("encuentros", paises=iso)
    esperado = cat.ejecutar("eventos_mensuales", desde=rango["desde"], hasta=rango["hasta"], paises=[iso])
    assert valores(graficas(at)[0]["data"][0]["y"]) == [int(v) for v in esperado["eventos"]]
    assert at.multiselect[0].value == [iso]


def test_url_ida_y_vuelta(tablero, cat):
    rango = cat.ejecutar("eventos_rango_meses").iloc[0]
    meses = [formato.mes(m) for m in pd.date_range(rango["desde"], rango["hasta"], freq="MS")]
    iso = cat.ejecutar("eventos_nacionalidades")["iso3"].iloc[0]
    parametros = {"desde": meses[1], "hasta": meses[-2], "paises": iso, "idioma": "en"}
    at = abrir("encuentros", **parametros)
    assert not at.warning or all("invalid" not in w.value for w in at.warning)
    assert at.select_slider[0].value == (meses[1], meses[-2])
    for clave, valor in parametros.items():
        assert at.query_params[clave] in (valor, [valor])
    # mover el widget reescribe la URL
    at.select_slider[0].set_range(meses[2], meses[-2]).run()
    assert not at.exception
    assert at.query_params["desde"] in (meses[2], [meses[2]])
    # volver al valor de omisión limpia el parámetro
    at.select_slider[0].set_range(meses[0], meses[-1]).run()
    assert "desde" not in at.query_params and "hasta" not in at.query_params


def test_parametro_invalido_se_avisa_y_se_ignora(tablero):
    at = abrir("encuentros", desde="1900-01", paises="ZZZ,<script>", top="7")
    assert not at.exception and not at.error
    avisos = " ".join(w.value for w in at.warning)
    for malo in ("1900-01", "ZZZ", "top=7"):
        assert malo in avisos
    assert at.multiselect[0].value == []
    inicio = abrir("panorama", idioma="xx")  # el idioma se valida en app.py, en la primera ejecución
    assert not inicio.exception
    assert any("idioma=xx" in w.value for w in inicio.warning)
    assert inicio.title[0].value == abrir("panorama").title[0].value  # se ignora: queda en español


def test_cada_tarjeta_tiene_su_cita_en_el_documento(tablero, cat):
    cifras = pd.concat([cat.ejecutar("cifras_titulares")] + [cat.ejecutar(n, **p) for n, p in CIFRAS_DE_PAGINA.values()])
    assert not cifras.empty
    for fila in cifras.drop_duplicates("cifra_id").to_dict("records"):
        assert isinstance(fila["cita"], str) and fila["cita"].strip(), fila["cifra_id"]
        texto = cat.ejecutar("documento_texto", documento_id=fila["documento_id"])["texto"].iloc[0]
        assert componentes.contexto_cita(texto, fila["cita"]) is not None, f"{fila['cifra_id']}: cita no está en {fila['archivo']}"


def test_el_control_fuente_muestra_documento_y_cita(tablero, cat):
    at = abrir("panorama")
    textos = " ".join(x.value for x in at.text)
    for fila in cat.ejecutar("cifras_titulares").to_dict("records"):
        assert f"«{fila['cita']}»" in textos
        assert fila["archivo"] in textos
        assert "[[" in textos  # la cita resaltada en su contexto del documento


def test_csv_lleva_columnas_de_fuente(tablero, cat):
    at = abrir("encuentros")
    botones = at.get("download_button")
    assert botones
    assert all(b.proto.label for b in botones)


def test_csv_bytes_es_exactamente_la_tabla():
    df = pd.DataFrame({"mes": ["2024-01"], "eventos": [1], "fuente": ["x"], "institucion": ["y"],
                       "documento_tabla": ["z"], "fecha": ["2026-01-01"]})
    assert pd.read_csv(__import__("io").BytesIO(csv_excel.csv_excel(df))).astype(str).equals(df.astype(str))


def test_busqueda_en_fuentes_filtra(tablero, cat):
    cifras = cat.ejecutar("cifras_catalogo")
    palabra = cifras["institucion_fuente"].iloc[0]
    at = abrir("fuentes", buscar=palabra)
    assert not at.exception
    assert at.text_input[0].value == palabra
    assert at.query_params["buscar"] in (palabra, [palabra])


def test_sin_tablas_mensaje_claro(tmp_path, monkeypatch):
    """Crudos inservibles y sin tablas previas: mensaje en español con lo que hay que ejecutar, sin traceback."""
    monkeypatch.setenv("TABLERO_PARQUET", str(tmp_path / "parquet"))
    monkeypatch.setenv("TABLERO_CRUDOS", str(tmp_path / "crudos_vacios"))
    (tmp_path / "crudos_vacios").mkdir()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert at.error
    assert any("python -m etl" in i.value for i in at.info)
