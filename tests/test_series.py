"""Series de tiempo de Encuentros con medida: una línea por nacionalidad (las 10 mayores y «otras»), sumar,
pequeños múltiplos, la medida y la escala en la URL, el título y el CSV; las medidas contra el Parquet con
pandas; el CSV de cada gráfica es lo que dibuja; la descripción de cada gráfica sale de sus datos; la ruta
lleva la definición de cada medida desde `tablas_meta`. Ningún valor esperado se escribe aquí."""

from __future__ import annotations

import json
import math
from datetime import date

import pandas as pd
import pytest
from conftest import (
    SECCION_ENCUENTROS,
    abrir,
    abrir_secciones,
    avisos,
    comprobar_fuente,
    desplegar,
    grafica,
    sin_escape,
    tabla_parquet,
    valores,
)

from tablero import descripcion, formato
from tablero.textos import TEXTOS, t

SERIES_CON_MEDIDA = ["mensual", "edad_mes", "sexo_mes", "menores", "devoluciones", "ruta_darien", "ruta_eventos",
                     "ruta_cbp", "cbp", "asilo_anual"]


def meses(cat) -> list[str]:
    r = cat.ejecutar("series_rango_meses").iloc[0]
    return [formato.mes(m) for m in pd.date_range(r["desde"], r["hasta"], freq="MS")]


def dia(mes: str) -> date:
    return date.fromisoformat(mes + "-01")


def primeras(cat, n: int) -> list[str]:
    m = meses(cat)
    return cat.ejecutar("eventos_por_nacionalidad", desde=dia(m[0]), hasta=dia(m[-1]), limite=n, idioma="es")["iso3"].tolist()


def serie(cat, nombre, desde, hasta, grupos=(), sumar=False, medida="nivel", idioma="es") -> pd.DataFrame:
    return cat.ejecutar("serie_medida", serie=nombre, desde=desde, hasta=hasta, grupos=list(grupos), sumar=sumar,
                        medida=medida, idioma=idioma)


def numeros(lista) -> list:
    """Valores con NaN/None como None, para comparar lo dibujado con la consulta o el CSV."""
    return [None if v is None or v == "" or (isinstance(v, float) and math.isnan(v)) else round(float(v), 6)
            for v in lista]


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_la_url_reproduce_medida_escala_y_nacionalidades(tablero, cat, idioma):
    m, dos = meses(cat), primeras(cat, 2)
    parametros = {"desde": m[12], "hasta": m[-2], "paises": ",".join(dos), "medida": "var_anual", "log": "1"}
    at = abrir("encuentros", idioma=idioma, **parametros)
    assert not at.exception and not at.error
    fija = TEXTOS["param_invalido"][idioma].split("{")[0]
    assert fija not in avisos(at)
    for clave, valor in parametros.items():
        assert at.query_params[clave] in (valor, [valor]), clave
    assert at.toggle(key="w_log").value is True and at.toggle(key="w_sumar").value is False
    # el cambio anual en escala logarítmica pierde los meses de caída: la página lo dice
    assert any(c.value == t("enc_log_sin_negativos", idioma) for c in at.caption)
    fig = grafica(at, "graf_mensual")
    esperado = serie(cat, "eventos", dia(m[12]), dia(m[-2]), dos, medida="var_anual", idioma=idioma)
    trazas = {tr["name"]: tr for tr in fig["data"]}
    assert len(trazas) == 2 and set(trazas) == set(esperado["nombre"])
    for nombre, parte in esperado.groupby("nombre"):
        assert list(trazas[nombre]["x"]) == parte["periodo"].tolist()
        assert numeros(valores(trazas[nombre]["y"])) == numeros(parte["valor"])
    assert fig["layout"]["yaxis"]["type"] == "log"
    titulo = fig["layout"]["title"]["text"].replace("<br>", " ")
    assert t("serie_medida_titulo_var_anual", idioma) in titulo and t("serie_escala_log", idioma) in titulo
    # los filtros van en un botón cerrado; a su lado, en una línea, lo elegido en el enlace
    resumen = [sin_escape(c.value) for c in at.caption if c.value.startswith(f"**{t('periodo', idioma)}:**")]
    assert len(resumen) == 1
    for parte in (f"{m[12]} – {m[-2]}", *sorted(set(esperado["nombre"])), t("serie_medida_var_anual", idioma),
                  f"**{t('f_log', idioma)}**"):
        assert parte in resumen[0], parte
    assert t("r_sumadas", idioma) not in resumen[0]
    # el de asilo (su pestaña), anual, dice su análogo anual de la medida
    asilo = grafica(abrir("encuentros", idioma=idioma, seccion="asilo", **parametros), "graf_asilo_anual")["layout"]["title"]["text"].replace("<br>", " ")
    assert t("serie_medida_anual_var_anual", idioma) in asilo


def test_medidas_contra_el_parquet(tablero, cat):
    """Nivel, suma de 12 meses, cambio anual, participación e índice de una nacionalidad, recalculados con pandas
    sobre el Parquet publicado (un mes ausente cuenta 0)."""
    e = tabla_parquet(tablero, "eventos_nacionalidad")
    e["mes"] = pd.to_datetime(e["mes"])
    iso = primeras(cat, 1)[0]
    todos = sorted(e["mes"].unique())
    propio = e[e["iso3"] == iso].groupby("mes")["n"].sum()
    nivel = lambda mes: int(propio.get(mes, 0))  # noqa: E731
    inicio, mes = pd.Timestamp(todos[12]), pd.Timestamp(todos[30])
    hace = mes - pd.DateOffset(years=1)
    esperados = {
        "nivel": nivel(mes),
        "suma_12m": sum(nivel(pd.Timestamp(x)) for x in todos if hace < pd.Timestamp(x) <= mes),
        "var_anual": 100 * (nivel(mes) - nivel(hace)) / nivel(hace),
        "participacion": 100 * nivel(mes) / int(e.loc[e["mes"] == mes, "n"].sum()),
        "indice": 100 * nivel(mes) / nivel(inicio),
    }
    for medida, valor in esperados.items():
        r = serie(cat, "eventos", inicio.date(), mes.date(), [iso], medida=medida)
        assert r["medida"].unique().tolist() == [medida]
        fila = r[r["periodo"] == formato.mes(mes)].iloc[0]
        assert fila["valor"] == pytest.approx(valor, abs=0.006), medida
        assert fila["nivel"] == nivel(mes)


def test_mas_de_diez_otras_y_pequenos_multiplos_y_sumar(tablero, cat):
    m, doce = meses(cat), primeras(cat, 12)
    at = abrir("encuentros", paises=",".join(doce))
    assert not at.exception
    fig = grafica(at, "graf_mensual")
    nombres = [tr["name"] for tr in fig["data"]]
    assert len(nombres) == 11 and nombres.count(t("serie_medida_nivel", "es")) == 0
    esperado = serie(cat, "eventos", dia(m[0]), dia(m[-1]), doce)
    assert set(esperado["grupo"]) == set(doce[:10]) | {"otras"}
    assert "xaxis11" in fig["layout"] and not any(tr.get("showlegend", True) for tr in fig["data"]), "pequeños múltiplos"
    # «otras» = las dos elegidas de menor total, sumadas (del Parquet)
    e = tabla_parquet(tablero, "eventos_nacionalidad")
    e["periodo"] = pd.to_datetime(e["mes"]).dt.strftime("%Y-%m")
    otras = e[e["iso3"].isin(doce[10:])].groupby("periodo")["n"].sum()
    fila = esperado[esperado["grupo"] == "otras"]
    assert [int(otras.get(p, 0)) for p in fila["periodo"]] == fila["nivel"].tolist()
    # sumar: una sola línea con la suma de las doce
    sumado = abrir("encuentros", paises=",".join(doce), sumar="1")
    trazas = grafica(sumado, "graf_mensual")["data"]
    suma = e[e["iso3"].isin(doce)].groupby("periodo")["n"].sum()
    assert len(trazas) == 1
    assert numeros(valores(trazas[0]["y"])) == numeros([suma.get(p, 0) for p in trazas[0]["x"]])
    assert sumado.query_params["sumar"] in ("1", ["1"])


def test_csv_de_cada_serie_es_lo_que_dibuja(tablero, cat, descargas):
    """Los bytes del CSV diferido «datos mostrados», leídos de vuelta, dan por cada línea de la figura sus mismos x
    e y, con la medida en una columna y las columnas de fuente llenas."""
    at = abrir_secciones("encuentros", paises=",".join(primeras(cat, 3)), medida="indice")
    assert not at.exception
    assert set(SERIES_CON_MEDIDA) <= set(SECCION_ENCUENTROS)
    for clave in SERIES_CON_MEDIDA:
        tabla = descargas.csv(at, f"csv_{clave}")
        comprobar_fuente(tabla, clave)
        assert set(tabla["medida"]) == {"participacion" if clave == "menores" else "indice"}, clave
        fig = grafica(at, f"graf_{clave}")
        assert set(tabla["nombre"]) == {tr["name"] for tr in fig["data"]}, clave
        for tr in fig["data"]:
            parte = tabla[tabla["nombre"] == tr["name"]]
            assert parte["periodo"].tolist() == [str(x) for x in tr["x"]], (clave, tr["name"])
            assert numeros(parte["valor"]) == numeros(valores(tr["y"])), (clave, tr["name"])


def test_descripcion_es_texto_alternativo_y_va_debajo_en_presentacion(tablero, cat):
    m = meses(cat)
    esperado = serie(cat, "eventos", dia(m[0]), dia(m[-1]))
    frase = descripcion.serie(esperado, idioma="es")
    pico = esperado.loc[esperado["valor"].idxmax()]
    assert formato.numero(pico["valor"]) in frase and pico["periodo"] in frase
    assert formato.numero(esperado["valor"].iloc[-1]) in frase and esperado["periodo"].iloc[-1] in frase
    normal = abrir("encuentros")
    graf = [g for g in normal.get("plotly_chart") if g.proto.id.endswith("-graf_mensual")][0]
    assert graf.proto.alt == frase
    todas = abrir_secciones("encuentros").get("plotly_chart")
    assert {g.proto.id.rsplit("-", 1)[-1] for g in todas} == {f"graf_{c}" for c in SECCION_ENCUENTROS}
    assert all(g.proto.alt for g in todas), "cada gráfica tiene su descripción"
    assert frase not in " ".join(sin_escape(c.value) for c in normal.caption)
    presentacion = abrir("encuentros", presentacion="1")
    assert frase in " ".join(sin_escape(c.value) for c in presentacion.caption)
    en = abrir("encuentros", idioma="en")
    alt_en = [g for g in en.get("plotly_chart") if g.proto.id.endswith("-graf_mensual")][0].proto.alt
    assert alt_en == descripcion.serie(serie(cat, "eventos", dia(m[0]), dia(m[-1]), idioma="en"), idioma="en") != frase


def test_la_ruta_lleva_la_definicion_publicada_de_cada_medida(tablero):
    meta = tabla_parquet(tablero, "tablas_meta").set_index("tabla")
    es, en = abrir("encuentros", seccion="ruta"), abrir("encuentros", idioma="en", seccion="ruta")
    pies_es = " ".join(sin_escape(c.value) for c in es.caption)
    pies_en = " ".join(sin_escape(c.value) for c in en.caption)
    for tabla in ("darien", "eventos_nacionalidad", "cbp_encuentros"):
        assert meta.loc[tabla, "definicion"] in pies_es, tabla
        assert meta.loc[tabla, "descripcion_en"] in pies_en, tabla
    for clave in ("ruta_darien", "ruta_eventos", "ruta_cbp"):  # cada panel su eje: nunca se suman
        assert len(grafica(es, f"graf_{clave}")["data"]) == 1


def test_tablas_con_formato_es_mx(tablero):
    at = desplegar(abrir("encuentros", medida="participacion"), "abrir_")
    formatos = [json.loads(d.proto.columns) for d in at.dataframe if "nivel" in json.loads(d.proto.columns)]
    assert formatos, "las tablas de las series llevan formato"
    for f in formatos:
        assert f["nivel"]["type_config"]["format"] == "%,d"
        assert f["valor"]["type_config"]["format"] in ("%,.2f", "%,d")
    assert formato.formato_tabla(pd.Series([1.5, 2.0]), "valor") == "%,.2f"
    assert formato.formato_tabla(pd.Series([2024]), "anio") is None


def test_con_filtro_de_sexo_se_dice_que_la_serie_por_edad_suma_todos(tablero, cat):
    """Mes a mes, la serie por edad no aplica el filtro de sexo (ni la de sexo el de edad): la página lo dice
    sólo cuando hay filtro, y la serie por edad sigue siendo la de todos los sexos."""
    nota = t("enc_sexo_edad_cruce", "es")
    sin = abrir("encuentros", seccion="sexo_edad")
    assert not any(c.value == nota for c in sin.caption)
    sexo = cat.ejecutar("eventos_categorias_sexo_edad")["sexo"].iloc[0]
    con = abrir("encuentros", sexo=sexo, seccion="sexo_edad")
    assert not con.exception and any(c.value == nota for c in con.caption)
    assert grafica(con, "graf_edad_mes")["data"] == grafica(sin, "graf_edad_mes")["data"]



def test_solo_corre_la_pestana_abierta_y_queda_en_la_url(tablero):
    """Cada bloque de Encuentros es una pestaña: sólo la abierta consulta y manda sus gráficas; la abierta va
    en `?seccion=` por su identificador (no por la etiqueta) y sobrevive al cambio de idioma; una inválida se
    avisa y abre la primera."""
    def claves(at) -> set[str]:
        return {g.proto.id.rsplit("-", 1)[-1].removeprefix("graf_") for g in at.get("plotly_chart")}

    por_seccion = {}
    for clave, seccion in SECCION_ENCUENTROS.items():
        por_seccion.setdefault(seccion, set()).add(clave)
    primera = abrir("encuentros")
    assert claves(primera) == por_seccion["eventos"] and "seccion" not in primera.query_params
    for seccion, esperadas in por_seccion.items():
        at = abrir("encuentros", seccion=seccion)
        assert not at.exception and claves(at) == esperadas, seccion
        assert at.query_params.get("seccion") in ((None,) if seccion == "eventos" else (seccion, [seccion]))
    ruta = abrir("encuentros", seccion="ruta")
    ruta.session_state["w_idioma"] = "en"
    ruta.run()
    assert claves(ruta) == por_seccion["ruta"] and ruta.title[0].value == t("pag_encuentros", "en")
    mala = abrir("encuentros", seccion="todas")
    assert "«seccion=todas»" in avisos(mala) and claves(mala) == por_seccion["eventos"]
    assert "seccion" not in mala.query_params
