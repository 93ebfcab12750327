"""Las páginas del tablero con AppTest: se dibujan sin excepción en ambos idiomas, las tarjetas dicen lo
mismo que el Parquet, los filtros cambian los datos de las gráficas, la URL reproduce la vista, cada
tarjeta tiene su cita en su documento y cada descarga entrega los renglones de su consulta con sus
columnas de fuente. Ningún valor esperado se escribe aquí: salen de las consultas o del Parquet."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pandas as pd
import pytest
from conftest import (
    abrir,
    abrir_secciones,
    comprobar_fuente,
    configs,
    desplegar,
    grafica,
    graficas,
    leer_csv,
    sin_escape,
    tabla_parquet,
    tarjetas,
    valores,
    valores_tarjetas,
)

from tablero import componentes, formato
from tablero.exportar import csv_excel
from tablero.textos import t

PAGINAS = ["panorama", "encuentros", "refugio_empleo", "imss", "vacantes", "proyecciones", "fuentes"]
# Qué cifras muestra cada página temática (los mismos parámetros que usa la página).
CIFRAS_DE_PAGINA = {
    "refugio_empleo": ("cifras_por_familias", {"familias": ["refugio_empleo"]}),
    "imss": ("cifras_por_familias", {"familias": ["imss"]}),
    "vacantes": ("cifras_por_unidades", {"unidades": ["vacantes"]}),
}
# Cada gráfica de Encuentros → la tabla Parquet de sus «datos completos».
GRAFICAS_ENCUENTROS = {
    "mensual": "eventos_nacionalidad", "top": "eventos_nacionalidad", "sexo_edad": "eventos_sexo_edad",
    "edad_mes": "eventos_sexo_edad", "sexo_mes": "eventos_sexo_edad", "menores": "eventos_sexo_edad",
    "devoluciones": "devoluciones", "ruta_darien": "darien", "ruta_eventos": "eventos_nacionalidad",
    "ruta_cbp": "cbp_encuentros", "cbp": "cbp_encuentros", "asilo_origen": "asilo_solicitudes",
    "asilo_anual": "asilo_solicitudes",
}


def meses_del_filtro(cat) -> list[str]:
    """Las opciones del filtro de periodo de Encuentros: todos los meses de todas las series."""
    r = cat.ejecutar("series_rango_meses").iloc[0]
    return [formato.mes(m) for m in pd.date_range(r["desde"], r["hasta"], freq="MS")]


def dia(mes: str) -> date:
    return date.fromisoformat(mes + "-01")


def serie(cat, nombre: str, desde: date, hasta: date, grupos=(), sumar=False, medida="nivel", idioma="es"):
    return cat.ejecutar("serie_medida", serie=nombre, desde=desde, hasta=hasta, grupos=list(grupos), sumar=sumar,
                        medida=medida, idioma=idioma)


def mostrados_de_encuentros(cat, desde: date, hasta: date, medida: str = "nivel") -> dict[str, pd.DataFrame]:
    """Lo que cada gráfica de Encuentros muestra con los filtros por omisión (top 10, todos los años de asilo)."""
    anios = cat.ejecutar("asilo_anios")["anio"]
    a0, a1 = int(anios.min()), int(anios.max())
    categorias = cat.ejecutar("eventos_categorias_sexo_edad")
    edades = list(dict.fromkeys(categorias["grupo_edad"]))
    menores = list(dict.fromkeys(categorias.loc[categorias["menor"], "grupo_edad"]))
    componentes = cat.ejecutar("serie_claves", serie="cbp_componente")["clave"].tolist()
    return {
        "mensual": serie(cat, "eventos", desde, hasta, medida=medida),
        "top": cat.ejecutar("eventos_por_nacionalidad", desde=desde, hasta=hasta, limite=10, idioma="es"),
        "sexo_edad": cat.ejecutar("eventos_sexo_edad", desde=desde, hasta=hasta, sexos=[], edades=[]),
        "edad_mes": serie(cat, "edad", desde, hasta, edades, medida=medida),
        "sexo_mes": serie(cat, "sexo", desde, hasta, list(dict.fromkeys(categorias["sexo"])), medida=medida),
        "menores": serie(cat, "edad", desde, hasta, menores, medida="participacion"),
        "devoluciones": serie(cat, "devoluciones", desde, hasta, medida=medida),
        "ruta_darien": serie(cat, "darien", desde, hasta, medida=medida),
        "ruta_eventos": serie(cat, "eventos", desde, hasta, medida=medida),
        "ruta_cbp": serie(cat, "cbp", desde, hasta, medida=medida),
        "cbp": serie(cat, "cbp_componente", desde, hasta, componentes, medida=medida),
        "asilo_origen": cat.ejecutar("asilo_por_origen", desde=a0, hasta=a1, limite=10, idioma="es"),
        "asilo_anual": serie(cat, "asilo", date(a0, 1, 1), date(a1, 1, 1), medida=medida),
    }


def mismos_renglones(descargado: pd.DataFrame, esperado: pd.DataFrame, que: str) -> None:
    """El CSV descargado (leído como texto) tiene las columnas y los renglones de la consulta."""
    assert list(descargado.columns) == list(esperado.columns), que
    assert len(descargado) == len(esperado), que
    for col in esperado.columns:
        if pd.api.types.is_numeric_dtype(esperado[col]) and not pd.api.types.is_bool_dtype(esperado[col]):
            leidos = pd.to_numeric(descargado[col].replace("", None))
            assert leidos.fillna(-1).tolist() == pytest.approx(esperado[col].astype(float).fillna(-1).tolist()), (que, col)
        else:
            esperados = esperado[col].map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
            assert descargado[col].str.lstrip("'").tolist() == esperados.str.lstrip("'").tolist(), (que, col)


@pytest.mark.parametrize("idioma", ["es", "en"])
@pytest.mark.parametrize("pagina", PAGINAS)
def test_pagina_se_dibuja(tablero, pagina, idioma):
    at = abrir(pagina, idioma=idioma)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "cada página tiene título"
    specs = graficas(at)
    if pagina not in ("panorama", "fuentes"):
        assert specs, "la página dibuja sus gráficas"
    for spec, conf in zip(specs, configs(at)):
        fuentes = [a["text"] for a in spec["layout"].get("annotations", []) if a.get("name") == "fuente"]
        assert fuentes and fuentes[0].startswith("Fuente" if idioma == "es" else "Source"), "línea de fuente dentro de la figura"
        assert spec["layout"]["title"]["text"], "cada gráfica tiene título"
        assert spec["layout"]["separators"] == ".,"
        assert conf["toImageButtonOptions"]["scale"] == 2
        assert conf["toImageButtonOptions"]["filename"] not in ("", "newplot")
    assert len(at.get("download_button")) >= len(specs), "cada gráfica ofrece su CSV"


def test_idioma_ingles_traduce(tablero):
    es, en = abrir("encuentros"), abrir("encuentros", idioma="en")
    assert es.title[0].value == t("pag_encuentros", "es")
    assert en.title[0].value == t("pag_encuentros", "en") != t("pag_encuentros", "es")
    assert en.query_params["idioma"] in ("en", ["en"])


def test_tarjetas_del_panorama_igual_al_parquet(tablero, cat):
    at = abrir("panorama")
    mostrados = valores_tarjetas(at)
    titulares = cat.ejecutar("cifras_titulares", idioma="es")
    assert not titulares.empty
    esperados = [formato.cifra_fila(f, "es") for f in titulares.to_dict("records")]
    assert mostrados == esperados
    assert [x["cifra_id"] for x in tarjetas(at)] == list(titulares["cifra_id"])
    ultimos = cat.ejecutar("ultimos_meses")
    assert [m.value for m in at.metric] == [formato.numero(v) for v in ultimos["valor"]]
    # el calificador es parte del valor mostrado
    calificadas = [(f, v) for f, v in zip(titulares.to_dict("records"), mostrados) if f["calificador"] not in ("exacto", "rango")]
    assert calificadas, "ninguna titular con calificador: la comprobación no prueba nada"
    for fila, valor in calificadas:
        assert valor != formato.numero(fila["valor"])


def _ultimo_mes_en_parquet(parquet) -> dict[str, tuple[str, int]]:
    """(último mes, valor) de cada serie del Panorama, leído del Parquet con pandas, cada serie el suyo."""
    def ultimo(df: pd.DataFrame, mes: str, valor: str) -> tuple[str, int]:
        m = df[mes].max()
        return formato.mes(m), int(df.loc[df[mes] == m, valor].sum())

    cbp = tabla_parquet(parquet, "cbp_encuentros")
    darien = tabla_parquet(parquet, "darien")
    return {
        "eventos_upmrip": ultimo(tabla_parquet(parquet, "eventos_nacionalidad"), "mes", "n"),
        "devoluciones_upmrip": ultimo(tabla_parquet(parquet, "devoluciones"), "mes", "n"),
        "encuentros_cbp": ultimo(cbp[cbp["region"] == "Southwest Land Border"], "mes", "n"),
        "darien": ultimo(darien[darien["periodicidad"] == "mensual"], "periodo_inicio", "n"),
    }


def test_panorama_ultimo_mes_de_cada_serie(tablero):
    """Cada tarjeta de «último mes» usa el último mes de SU serie (la CBP va un mes después que la UPMRIP)."""
    esperado = _ultimo_mes_en_parquet(tablero)
    assert len({mes for mes, _ in esperado.values()}) > 1, "todas las series terminan igual: la prueba no distingue"
    at = abrir("panorama")
    etiquetas = {t(f"serie_{s}", "es"): s for s in esperado}
    vistas = {}
    for m in at.metric:
        serie = etiquetas.get(sin_escape(m.label))
        if serie:
            vistas[serie] = m.value
    assert set(vistas) == set(esperado), vistas
    pies = " ".join(sin_escape(c.value) for c in at.caption)
    for serie, (mes, valor) in esperado.items():
        assert vistas[serie] == formato.numero(valor), serie
        prefijo = t("antiguedad_mensual", "es", periodo=mes, hace="")  # «último mes: AAAA-MM, » + antigüedad
        assert prefijo[0].upper() + prefijo[1:] in pies, f"{serie}: no dice su propio último mes {mes}"


@pytest.mark.parametrize("pagina", list(CIFRAS_DE_PAGINA))
def test_tarjetas_de_pagina_igual_al_parquet(tablero, cat, pagina):
    nombre, parametros = CIFRAS_DE_PAGINA[pagina]
    cifras = cat.ejecutar(nombre, idioma="es", **parametros)
    assert not cifras.empty
    at = abrir(pagina)
    # la tarjeta de contexto de la ENOE no es una cifra de documento (tests/test_enoe.py la revisa)
    enoe = t("enoe_formales", "es", periodo="")
    leidas = [x for x in tarjetas(at) if not x["etiqueta"].startswith(enoe)]
    # Refugio repite su titular (sin «Fuente») al lado de la ENOE: cuentan las tarjetas con su fuente
    mostradas = sorted(x["valor"] for x in leidas if x["fuente"])
    assert mostradas == sorted(formato.cifra_fila(f, "es") for f in cifras.to_dict("records"))
    for x in leidas:
        assert x["etiqueta"] and x["pie"], x
    # la gráfica de vacantes dibuja los rangos como intervalos [min, max], no como punto medio
    if pagina == "vacantes":
        barra = graficas(at)[0]["data"][0]
        rangos = cifras[cifras["calificador"] == "rango"]
        assert not rangos.empty, "sin rangos en vacantes: la comprobación no prueba nada"
        for _, r in rangos.iterrows():
            assert r["valor_min"] in valores(barra["base"])
            assert r["valor_max"] - r["valor_min"] in valores(barra["x"])


def test_comparacion_encuentros_medidas_separadas(tablero, cat):
    at = abrir("encuentros")
    titular = cat.ejecutar("cifras_por_familias", familias=["encuentros"], idioma="es").query("titular").iloc[0]
    anio = pd.Timestamp(titular["periodo_inicio"]).year
    mostrados = valores_tarjetas(at)
    assert formato.cifra_fila(titular.to_dict(), "es") in mostrados
    assert formato.numero(cat.ejecutar("eventos_total_anio", anio=anio)["eventos"].iloc[0]) in mostrados
    assert formato.numero(cat.ejecutar("cbp_total_anio", anio=anio)["encuentros"].iloc[0]) in mostrados
    # la CBP tiene sus propias gráficas (por componente y su panel de la ruta): ninguna mezcla «eventos» de
    # México y «encuentros» de la CBP en un eje
    todas = abrir_secciones("encuentros")
    titulos = {k: grafica(todas, f"graf_{k}")["layout"]["title"]["text"] for k in GRAFICAS_ENCUENTROS}
    assert {k for k, x in titulos.items() if "CBP" in x} == {"cbp", "ruta_cbp"}
    assert all("UPMRIP" not in titulos[k] and "Eventos" not in titulos[k] for k in ("cbp", "ruta_cbp"))


def test_cada_serie_se_dibuja_sobre_sus_propios_meses(tablero):
    """El filtro abarca los meses de todas las series; cada gráfica empieza y termina donde su tabla."""
    def extremos(nombre: str, filtro=None) -> tuple[str, str]:
        df = tabla_parquet(tablero, nombre)
        df = df if filtro is None else df[filtro(df)]
        return formato.mes(df["mes"].min()), formato.mes(df["mes"].max())

    esperado = {"graf_mensual": extremos("eventos_nacionalidad"), "graf_devoluciones": extremos("devoluciones"),
                "graf_cbp": extremos("cbp_encuentros", lambda d: d["region"] == "Southwest Land Border")}
    assert len(set(esperado.values())) == 3, f"las series comparten meses: la prueba no distingue {esperado}"
    at = abrir_secciones("encuentros", secciones=["eventos", "devoluciones", "cbp"])
    for clave, (primero, ultimo) in esperado.items():
        meses = sorted(formato.mes(x) for traza in grafica(at, clave)["data"] for x in valores(traza["x"]))
        assert (meses[0], meses[-1]) == (primero, ultimo), clave


def test_filtro_de_periodo_cambia_la_grafica(tablero, cat):
    meses = meses_del_filtro(cat)
    desde, hasta = meses[len(meses) // 2], meses[-1]
    completo, filtrado = abrir("encuentros"), abrir("encuentros", desde=desde, hasta=hasta)
    x_completo = grafica(completo, "graf_mensual")["data"][0]["x"]
    x_filtrado = grafica(filtrado, "graf_mensual")["data"][0]["x"]
    esperado = serie(cat, "eventos", dia(desde), dia(hasta))
    assert len(x_filtrado) == len(esperado) < len(x_completo)
    assert valores(grafica(filtrado, "graf_mensual")["data"][0]["y"]) == esperado["valor"].tolist()


def test_filtro_de_nacionalidad_cambia_la_grafica(tablero, cat):
    meses = meses_del_filtro(cat)
    d0, d1 = dia(meses[0]), dia(meses[-1])
    iso = cat.ejecutar("eventos_por_nacionalidad", desde=d0, hasta=d1, limite=1, idioma="es")["iso3"].iloc[0]
    at = abrir("encuentros", paises=iso)
    esperado = serie(cat, "eventos", d0, d1, [iso])
    todos = serie(cat, "eventos", d0, d1)
    y = valores(grafica(at, "graf_mensual")["data"][0]["y"])
    assert y == esperado["valor"].tolist() != todos["valor"].tolist()
    assert at.multiselect[0].value == [iso]


def _plantilla_fija(clave: str, idioma: str) -> str:
    """La parte fija del texto del catálogo antes de su primer campo (p. ej. «The URL parameter «»)."""
    return t(clave, idioma).split("{")[0] if "{" in t(clave, idioma) else t(clave, idioma)


def test_url_ida_y_vuelta(tablero, cat):
    from tablero.textos import TEXTOS

    meses = meses_del_filtro(cat)
    iso = cat.ejecutar("eventos_nacionalidades", idioma="en")["iso3"].iloc[0]
    parametros = {"desde": meses[1], "hasta": meses[-2], "paises": iso}
    at = abrir("encuentros", idioma="en", **parametros)
    fija = TEXTOS["param_invalido"]["en"].split("{")[0]
    assert fija and all(fija not in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.select_slider[0].value == (meses[1], meses[-2])
    for clave, valor in (parametros | {"idioma": "en"}).items():
        assert at.query_params[clave] in (valor, [valor])
    # mover el widget reescribe la URL
    at.select_slider[0].set_range(meses[2], meses[-2]).run()
    assert not at.exception
    assert at.query_params["desde"] in (meses[2], [meses[2]])
    # volver al valor de omisión limpia el parámetro
    at.select_slider[0].set_range(meses[0], meses[-1]).run()
    assert "desde" not in at.query_params and "hasta" not in at.query_params


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_parametro_invalido_se_avisa_y_se_ignora(tablero, idioma):
    at = abrir("encuentros", idioma=idioma, desde="1900-01", paises="ZZZ,<script>", top="7")
    assert not at.exception and not at.error
    mostrados = [w.value for w in at.warning]
    for nombre, valor in (("desde", "1900-01"), ("paises", "ZZZ,<script>"), ("top", "7")):  # escapados: sin markdown
        esperado = t("param_invalido", idioma, nombre=componentes.escapar_md(nombre), valor=componentes.escapar_md(valor))
        assert esperado in mostrados, mostrados
    assert at.multiselect[0].value == []
    inicio = abrir("panorama", idioma="xx")  # el idioma se valida en app.py, en la primera ejecución
    assert not inicio.exception
    assert t("param_invalido", "es", nombre="idioma", valor="xx") in [w.value for w in inicio.warning]
    assert inicio.title[0].value == t("pag_panorama", "es")  # se ignora: queda en español


def test_cada_tarjeta_tiene_su_cita_en_el_documento(cat):
    cifras = pd.concat([cat.ejecutar("cifras_titulares", idioma="es")]
                       + [cat.ejecutar(n, idioma="es", **p) for n, p in CIFRAS_DE_PAGINA.values()])
    assert not cifras.empty
    for fila in cifras.drop_duplicates("cifra_id").to_dict("records"):
        assert isinstance(fila["cita"], str) and fila["cita"].strip(), fila["cifra_id"]
        texto = cat.ejecutar("documento_texto", documento_id=fila["documento_id"])["texto"].iloc[0]
        assert componentes.contexto_cita(texto, fila["cita"]) is not None, f"{fila['cifra_id']}: cita no está en {fila['archivo']}"


def test_el_control_fuente_muestra_documento_y_cita(tablero, cat):
    """El «Fuente» de cada tarjeta del Panorama dice cita textual, archivo, fecha e instituciones, y resalta la
    cita en su contexto del documento (lo que el documento dice alrededor, no sólo la cita)."""
    at = abrir("panorama")
    leidas = {x["cifra_id"]: x for x in tarjetas(at)}
    titulares = cat.ejecutar("cifras_titulares", idioma="es").to_dict("records")
    assert titulares
    for fila in titulares:
        fuente = leidas[fila["cifra_id"]]["fuente"]
        assert f"«{fila['cita']}»" in fuente
        for campo in ("archivo", "documento_institucion", "institucion_fuente", "documento_titulo"):
            assert str(fila[campo]) in fuente, (fila["cifra_id"], campo)
        assert str(fila["fecha_publicacion"]) in fuente
        texto = cat.ejecutar("documento_texto", documento_id=fila["documento_id"])["texto"].iloc[0]
        fragmentos = [f.strip() for f in fila["cita"].split("[…]") if f.strip()]
        contextos = leidas[fila["cifra_id"]]["contexto"]
        assert [c.lower() for c in contextos] == [" ".join(f.split()).lower() for f in fragmentos]
        antes = componentes.contexto_cita(texto, fragmentos[0])[0]
        assert antes and antes.strip()[-20:] in fuente, "el contexto incluye lo que el documento dice antes"


def test_csv_mostrados_de_cada_grafica_son_los_renglones_de_su_consulta(tablero, cat, descargas):
    """Al pulsar «datos mostrados», cada gráfica de Encuentros entrega exactamente el resultado de su consulta
    (con los filtros de la vista) y cada renglón trae sus columnas de fuente llenas."""
    meses = meses_del_filtro(cat)
    desde, hasta = meses[len(meses) // 3], meses[len(meses) // 2]
    at = abrir_secciones("encuentros", desde=desde, hasta=hasta)
    assert not at.exception
    esperados = mostrados_de_encuentros(cat, dia(desde), dia(hasta))
    assert set(esperados) == set(GRAFICAS_ENCUENTROS)
    for clave, esperado in esperados.items():
        assert not esperado.empty, clave
        boton = descargas.boton(at, f"csv_{clave}")
        assert boton["archivo"].endswith(".csv") and boton["mime"] == "text/csv", boton["archivo"]
        contenido = descargas.pulsar(boton)
        assert contenido.startswith(b"\xef\xbb\xbf"), f"{clave}: sin BOM para Excel"
        tabla = leer_csv(contenido)
        mismos_renglones(tabla, esperado, clave)
        comprobar_fuente(tabla, clave)


def test_csv_bytes_es_exactamente_la_tabla():
    df = pd.DataFrame({"mes": ["2024-01"], "eventos": [1], "fuente": ["x"], "institucion": ["y"],
                       "documento_tabla": ["z"], "fecha": ["2026-01-01"]})
    assert pd.read_csv(io.BytesIO(csv_excel.csv_excel(df))).astype(str).equals(df.astype(str))


def test_busqueda_en_fuentes_filtra(tablero, cat, descargas):
    todas = cat.ejecutar("cifras_catalogo", buscar="", idioma="es")
    # un término de los datos que está en algunas cifras y no en todas: la institución menos frecuente
    palabra = todas["institucion_fuente"].value_counts().index[-1]
    at = abrir("fuentes", buscar=palabra)
    assert not at.exception
    assert at.text_input[0].value == palabra
    assert at.query_params["buscar"] in (palabra, [palabra])
    mostrada = next(d.value for d in at.dataframe if "cifra_id" in d.value.columns)  # la de cifras, no la de frescura
    assert 0 < len(mostrada) < len(todas), f"{len(mostrada)} de {len(todas)}: la búsqueda no filtró"
    for fila in mostrada.to_dict("records"):
        assert palabra.lower() in " ".join(map(str, fila.values())).lower(), fila["cifra_id"]
    buscables = ["indicador", "cita", "periodo", "geografia", "institucion_fuente", "archivo", "familia", "documento_titulo"]
    contiene = todas[buscables].fillna("").astype(str).agg(" ".join, axis=1).str.lower().str.contains(palabra.lower(), regex=False)
    assert sorted(mostrada["cifra_id"]) == sorted(todas.loc[contiene, "cifra_id"])
    assert t("fue_n_cifras", "es", n=len(mostrada), total=len(todas)) in [c.value for c in at.caption]
    # y el CSV de la tabla es lo mostrado
    assert sorted(descargas.csv(at, "csv_cifras")["cifra_id"]) == sorted(mostrada["cifra_id"])


@pytest.mark.parametrize("pagina", list(CIFRAS_DE_PAGINA))
def test_tablas_en_expansores_se_mandan_al_abrirlos(tablero, cat, pagina):
    """Las tablas de los expansores («Ver los datos», «Tabla de cifras») no se mandan hasta abrirlos; al abrirlos
    traen los renglones de su consulta."""
    at = abrir(pagina)
    assert not at.exception
    assert not at.dataframe, [d.key for d in at.dataframe]
    desplegar(at, "abrir_")
    assert not at.exception
    nombre, params = CIFRAS_DE_PAGINA[pagina]
    cifras = cat.ejecutar(nombre, idioma="es", **params)
    tablas = [d.value for d in at.dataframe]
    assert tablas, "al abrirlos aparecen las tablas"
    assert any("cifra_id" in v and sorted(v["cifra_id"]) == sorted(cifras["cifra_id"]) for v in tablas), \
        "la tabla de cifras trae todas"


# Un nombre de campo tal cual (minúsculas, dígitos y «_»): «cifra_id», «familia», «licencia_en», «tipo».
NOMBRE_DE_CAMPO = re.compile(r"^[a-z][a-z0-9_]*$")


def encabezados(tabla) -> dict[str, str]:
    """{columna: encabezado que se ve} de una tabla de AppTest: la etiqueta de `column_config` o, sin ella, el nombre."""
    config = json.loads(tabla.proto.columns or "{}")
    return {c: (config.get(c) or config.get(f"col:{c}") or {}).get("label") or str(c) for c in tabla.value.columns}


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_tablas_mostradas_con_encabezados_familias_y_vacios_del_idioma(tablero, cat, idioma):
    """Fuentes, Territorio (con sus tablas a pedido) y «Qué cambió» en cada idioma: ningún encabezado es el nombre
    crudo de su columna (el CSV sí lo conserva), ninguna celda vacía llega como nula (se dibujaría «None»; se muestra
    «—») y la familia de cada cifra se lee con su nombre, no con su código."""
    vistas = {"fuentes": abrir("fuentes", idioma=idioma), "territorio": desplegar(abrir("territorio", idioma=idioma)),
              "cambios": abrir("cambios", idioma=idioma)}
    crudos, nulos = [], []
    for pagina, at in vistas.items():
        assert not at.exception, (pagina, at.exception)
        assert at.dataframe, f"{pagina} no dibujó tablas"
        for tabla in at.dataframe:
            for columna, encabezado in encabezados(tabla).items():
                if "_" in encabezado or NOMBRE_DE_CAMPO.match(encabezado):
                    crudos.append(f"{pagina}: {encabezado}")
                serie = tabla.value[columna]
                if serie.isna().any() and not serie.dropna().map(lambda v: isinstance(v, bool)).all():
                    nulos.append(f"{pagina}: {columna}")
    assert not crudos, f"encabezados crudos en {idioma}: {crudos}"
    assert not nulos, f"celdas vacías que se dibujan «None» en {idioma}: {nulos}"
    # la matriz de brechas sí tiene huecos: se ven como «—»
    matriz = next(d.value for d in vistas["fuentes"].dataframe if "origen" in d.value)
    assert (matriz["familia"] == "—").any() and (matriz["cifras"] == "—").any()
    # familias: el código de cada cifra (de la consulta) se muestra con su nombre del catálogo en el idioma
    codigos = dict(zip(*cat.ejecutar("cifras_catalogo", buscar="", idioma=idioma)[["cifra_id", "familia"]].T.values))
    cifras = next(d.value for d in vistas["fuentes"].dataframe if "cifra_id" in d.value and "familia" in d.value)
    assert len(cifras) == len(codigos) and len(set(codigos.values())) > 3
    for cifra_id, familia in zip(cifras["cifra_id"], cifras["familia"]):
        assert familia == t(f"fam_{codigos[cifra_id]}", idioma) != codigos[cifra_id], cifra_id


def test_tabla_para_mostrar_arma_vacios_familias_y_encabezados():
    """Tabla armada en la prueba, como la de «Qué cambió» (un valor nuevo no tiene valor anterior): el número con vacíos se
    muestra como texto es-MX con su formato y «—», el texto vacío como «—», la familia con su nombre, un enlace vacío
    vacío, una casilla vacía como está; cada encabezado con su etiqueta (la dada se respeta) y el CSV no cambia."""
    import streamlit as st

    df = pd.DataFrame({"familia": ["asilo_refugio", None], "valor": [1234567.0, None],
                       "diferencia_pct": [12.3456, None], "nota": ["x", None], "url": ["https://a.mx", None],
                       "mes": pd.array([True, None], dtype=object)})
    columnas = {"diferencia_pct": st.column_config.NumberColumn(t("cam_col_diferencia_pct", "es"), format="%.2f %%"),
                "url": st.column_config.LinkColumn()}
    vista, config = componentes.tabla_para_mostrar(df, columnas)
    assert vista["familia"].tolist() == [t("fam_asilo_refugio", "es"), "—"]
    assert vista["valor"].tolist() == [formato.numero(1234567), "—"] == ["1,234,567", "—"]
    assert vista["diferencia_pct"].tolist() == ["12.35 %", "—"] and vista["nota"].tolist() == ["x", "—"]
    assert vista["url"].tolist() == ["https://a.mx", ""] and vista["mes"].tolist() == [True, None]
    assert {c: v["label"] for c, v in config.items()} == {
        "familia": t("col_familia", "es"), "valor": t("col_valor", "es"), "diferencia_pct": t("cam_col_diferencia_pct", "es"),
        "nota": t("col_nota", "es"), "url": t("col_url", "es"), "mes": t("col_mes", "es")}
    assert config["diferencia_pct"]["type_config"]["type"] == "text" and config["diferencia_pct"]["alignment"] == "right"
    assert df["valor"].isna().iloc[1] and df["familia"].iloc[0] == "asilo_refugio"  # lo descargado no cambia
    from tablero.textos import etiqueta_columna
    assert etiqueta_columna("licencia_en", "en") == etiqueta_columna("licencia", "en") == t("col_licencia", "en")
    assert etiqueta_columna("nombre_es", "es") == t("col_nombre", "es")
