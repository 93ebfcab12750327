"""En inglés, ninguna etiqueta de los datos en español: cada página y cada pestaña con `?idioma=en` en Chromium.

Lo que se revisa es lo que el servidor manda al navegador (los `ForwardMsg` del websocket, como
`bench/navegador.py`): cada celda de cada tabla (Arrow), cada trazo de cada gráfica (nombres, ejes, textos) y
cada trozo de texto de tarjetas y párrafos. Falla con cualquier valor en español de una columna de datos que
tiene gemela en inglés: las categorías del catálogo `etiquetas` (sexo, edad, unidad, calificador, lugar de
nacimiento, observado/proyección…) y las columnas `X` / `X_en` de las tablas publicadas (también los metadatos de
las fichas, la nota de cada cifra, la nota de la fecha de cada documento y lo que se resume de cada centro). Un
valor largo se busca además dentro de cada texto (un pie, una cita sugerida unida a otras, el hover del mapa). Las
tablas que se abren a pedido («Ver los datos de la gráfica») se abren todas: se mandan sólo al abrirse.

Un solo servidor sobre las tablas de la sesión y una sola pestaña del navegador para todo.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from test_navegador import PAGINAS, carga

from tablero.textos import es_columna_de_codigos

EXPANSOR_A_PEDIDO = '[class*="st-key-abrir_"] details:not([open]) summary'
# Columnas con gemela en inglés que son nombres propios (instituciones, títulos de documentos, lugares): se
# muestran como las escribe su fuente, y la página lo dice.
NOMBRES_PROPIOS = {"institucion", "institucion_es", "institucion_fuente", "geografia"}
NOMBRES_PROPIOS_TABLA = {("documentos", "titulo"), ("paises", "nombre_es")}
# Columnas de una tabla mostrada que son texto tal cual del documento (cita, valor y calificador como los escribe)
VERBATIM = re.compile(r"^(cita|cita_posterior|.*_texto|ubicacion)$")
# Un valor en español de al menos este largo se busca también dentro de los textos, no sólo como texto entero.
LARGO_MINIMO = 25
_CORTES = re.compile(r"\s*(?:[·\n|—:;()«»\"<>]|, )\s*")


def valores_en_espanol(parquet: Path) -> dict[str, str]:
    """Cada valor en español con gemelo en inglés distinto → de dónde sale (tabla.columna). Se quita lo que
    también es un valor en inglés (p. ej. «Formal (ENOE)» o un país que se escribe igual)."""
    espanol: dict[str, str] = {}
    ingles: set[str] = set()
    etiquetas = pd.read_parquet(parquet / "etiquetas.parquet")
    for f in etiquetas.to_dict("records"):
        ingles.add(f["en"])
        for v in {f["valor"], f["es"]} - {f["en"]}:
            espanol.setdefault(v, f"etiquetas.{f['campo']}")
    for archivo in sorted(parquet.glob("*.parquet")):
        tabla = pd.read_parquet(archivo)
        for col_en in [c for c in tabla.columns if c.endswith("_en")]:
            base = col_en[:-3]
            col_es = base if base in tabla else f"{base}_es" if f"{base}_es" in tabla else None
            if col_es is None or col_es in NOMBRES_PROPIOS or (archivo.stem, col_es) in NOMBRES_PROPIOS_TABLA:
                continue
            pares = tabla[[col_es, col_en]].dropna().astype(str).drop_duplicates()
            ingles.update(pares[col_en])
            for es, en in pares.itertuples(index=False):
                if es != en and es.strip():
                    espanol.setdefault(es, f"{archivo.stem}.{col_es}")
    return {v: origen for v, origen in espanol.items() if v not in ingles and len(v) > 1}


def _plano(texto: str) -> str:
    """Texto sin marcado HTML ni escapes, con los espacios (y los renglones que parte el hover) unidos."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", texto)).split())


def largos(espanol: dict[str, str], parquet: Path) -> list[tuple[str, str]]:
    """Los valores en español que se buscan dentro de los textos: largos y que no son parte de un valor en inglés
    (el productor «INEGI, Marco Geoestadístico» está dentro de su inglés, «… (Geostatistical Framework)»)."""
    ingles = valores_en_ingles(parquet)
    return sorted((_plano(v), o) for v, o in espanol.items()
                  if len(_plano(v)) >= LARGO_MINIMO and not any(_plano(v) in e for e in ingles))


def valores_en_ingles(parquet: Path) -> list[str]:
    ingles = set(pd.read_parquet(parquet / "etiquetas.parquet")["en"])
    for archivo in sorted(parquet.glob("*.parquet")):
        tabla = pd.read_parquet(archivo)
        for col_en in [c for c in tabla.columns if c.endswith("_en")]:
            ingles.update(tabla[col_en].dropna().astype(str))
    return [_plano(v) for v in ingles]


def _dentro(texto: str, largos_es: list[tuple[str, str]]) -> list[tuple[str, str]]:
    plano = _plano(texto)
    return [(v, o) for v, o in largos_es if v in plano] if len(plano) >= LARGO_MINIMO else []


def _trozos(texto: str) -> set[str]:
    return {t.strip() for t in _CORTES.split(texto) if t.strip()}


def _cadenas(obj) -> list[str]:
    """Las cadenas de un valor de Plotly (listas anidadas incluidas)."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, list):
        return [c for x in obj for c in _cadenas(x)]
    return []


def mensaje(carga_ws: bytes):
    """El `ForwardMsg` de un marco del websocket (None si no lo es)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(carga_ws)
    except Exception:  # noqa: BLE001 - un marco que no es ForwardMsg no trae datos
        return None
    return msg


# Un nombre de campo tal cual (minúsculas, dígitos y «_»): «cifra_id», «familia», «licencia_en», «tipo».
NOMBRE_DE_CAMPO = re.compile(r"^[a-z][a-z0-9_]*$")


def revisar_tabla(tabla: pa.Table, columnas_json: str) -> list[str]:
    """Lo que una tabla mostrada en inglés no debe traer: un encabezado que es el nombre crudo de su columna (con
    «_» o un nombre de campo en español; el encabezado es la etiqueta de `column_config` o, sin ella, el nombre) y
    una celda vacía que la tabla dibujaría como «None» (salvo en casillas, que se dibujan vacías)."""
    config = json.loads(columnas_json)
    hallados = []
    for nombre, columna in zip(tabla.column_names, tabla.columns):
        if nombre.startswith("__index_level_") or nombre in ("_index", "index"):
            continue
        propia = config.get(nombre) or config.get(f"col:{nombre}") or {}
        encabezado = propia.get("label") or nombre
        if "_" in encabezado or NOMBRE_DE_CAMPO.match(encabezado):
            hallados.append(f"tabla, encabezado crudo: «{encabezado}» (columna {nombre})")
        if columna.null_count and not pa.types.is_boolean(columna.type) and not pa.types.is_null(columna.type):
            hallados.append(f"tabla, columna {nombre}: {columna.null_count} celdas vacías se dibujan «None»")
    return hallados


def test_el_revisor_de_tablas_detecta_encabezados_crudos_y_vacios():
    """El revisor reconoce un encabezado crudo, una gemela sin etiqueta y una celda vacía; deja pasar etiquetas."""
    tabla = pa.table({"cifra_id": ["c1"], "licencia_en": ["CC"], "familia": ["Context"], "cifras": pa.array([None], pa.int64()),
                      "mes": pa.array([None], pa.bool_())})
    config = json.dumps({"familia": {"label": "Family"}, "cifras": {"label": "Figures"}, "mes": {"label": "Month"}})
    assert revisar_tabla(tabla, config) == [
        "tabla, encabezado crudo: «cifra_id» (columna cifra_id)", "tabla, encabezado crudo: «licencia_en» (columna licencia_en)",
        "tabla, columna cifras: 1 celdas vacías se dibujan «None»"]
    assert revisar_tabla(pa.table({"tipo": ["x"]}), "{}") == ["tabla, encabezado crudo: «tipo» (columna tipo)"]


def revisar_mensaje(msg, espanol: dict[str, str], largos_es: list[tuple[str, str]] = ()) -> list[str]:
    """Los valores en español que trae un `ForwardMsg` (vacío si no trae ninguno): enteros, como trozo de un texto
    o, los de `largos_es`, dentro de un texto."""
    if msg is None or msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return []
    el = msg.delta.new_element
    tipo = el.WhichOneof("type")
    hallados = []
    if tipo in ("dataframe", "table", "arrow_data_frame") and getattr(el, tipo).arrow_data.data:
        tabla = pa.ipc.open_stream(io.BytesIO(getattr(el, tipo).arrow_data.data)).read_all()
        hallados += revisar_tabla(tabla, getattr(getattr(el, tipo), "columns", "") or "{}")
        for nombre, columna in zip(tabla.column_names, tabla.columns):
            if VERBATIM.match(str(nombre)) or es_columna_de_codigos(nombre):
                continue
            if pa.types.is_string(columna.type) or pa.types.is_large_string(columna.type):
                celdas = {v for v in columna.to_pylist() if isinstance(v, str)}
                for v in celdas & espanol.keys():
                    hallados.append(f"tabla, columna {nombre}: «{v}» ({espanol[v]})")
                for v, origen in {x for celda in celdas - espanol.keys() for x in _dentro(celda, largos_es)}:
                    hallados.append(f"tabla, columna {nombre}, dentro de una celda: «{v[:80]}» ({origen})")
    elif tipo == "plotly_chart":
        figura = json.loads(el.plotly_chart.spec)
        for traza in figura.get("data", []):
            for campo in ("name", "x", "y", "text", "customdata", "labels", "hovertext", "ids"):
                for v in set(_cadenas(traza.get(campo))):
                    for trozo in {v} | _trozos(v):
                        if trozo in espanol:
                            hallados.append(f"gráfica, {campo} de «{traza.get('name')}»: «{trozo}» ({espanol[trozo]})")
                    if campo in ("name", "text", "hovertext"):
                        for x, origen in _dentro(v, largos_es):
                            hallados.append(f"gráfica, {campo} de «{traza.get('name')}»: «{x[:80]}» ({origen})")
        for texto in _cadenas([figura.get("layout", {}).get("title", {}).get("text", "")]) + [
                a.get("text", "") for a in figura.get("layout", {}).get("annotations", [])]:
            for x, origen in _dentro(texto, largos_es):
                hallados.append(f"gráfica, título o nota: «{x[:80]}» ({origen})")
    elif tipo in ("markdown", "html", "alert", "heading"):
        cuerpo = getattr(el, tipo).body
        for trozo in _trozos(html.unescape(re.sub(r"<[^>]+>", "\n", cuerpo))) & espanol.keys():
            hallados.append(f"texto: «{trozo}» ({espanol[trozo]})")
        for x, origen in _dentro(cuerpo.replace("\\", ""), largos_es):
            hallados.append(f"texto, dentro: «{x[:80]}» ({origen})")
    elif tipo == "metric":
        for trozo in (_trozos(el.metric.label) | _trozos(el.metric.body)) & espanol.keys():
            hallados.append(f"métrica: «{trozo}» ({espanol[trozo]})")
    return hallados


TWINS_NUEVOS = [("fuentes", "productor"), ("fuentes", "tabla"), ("fuentes", "compilador"), ("fuentes", "periodo"),
                ("fuentes", "licencia"), ("fuentes", "cita_sugerida"), ("fuentes", "notas"), ("cifras", "nota"),
                ("documentos", "fecha_nota"), ("centros", "tipo"), ("centros", "estado"), ("centros", "servicios"),
                ("centros", "financiamiento"), ("centros", "estado_posterior")]


@pytest.mark.parametrize(("tabla", "columna"), TWINS_NUEVOS)
def test_los_textos_de_los_datos_con_ingles_se_buscan(parquet_sesion, tabla, columna):
    """Metadatos de las fichas, nota de las cifras, nota de la fecha de los documentos y lo que se resume de los
    centros tienen su gemela en inglés, y su español está en la lista de lo que no debe verse con ?idioma=en."""
    espanol = valores_en_espanol(parquet_sesion)
    datos = pd.read_parquet(parquet_sesion / f"{tabla}.parquet", columns=[columna, f"{columna}_en"]).dropna()
    distintos = {es for es, en in datos.itertuples(index=False) if es != en}
    assert distintos, "nada que traducir: la prueba no probaría nada"
    assert distintos <= espanol.keys()


def _msg_markdown(texto: str):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.delta.new_element.markdown.body = texto
    return msg


def _msg_plotly(figura: dict):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.delta.new_element.plotly_chart.spec = json.dumps(figura)
    return msg


def test_un_valor_largo_en_espanol_se_halla_dentro_de_un_texto(parquet_sesion):
    """Un productor en español dentro del pie («Datos: A; B.»), una nota dentro de un hover partido en renglones
    con <br> y escapado, y una cita sugerida dentro de una celda que junta varias: los tres se hallan; su inglés
    no."""
    import textwrap

    espanol = valores_en_espanol(parquet_sesion)
    largos_es = largos(espanol, parquet_sesion)
    fuentes = pd.read_parquet(parquet_sesion / "fuentes.parquet")
    acnur = fuentes[fuentes["productor"] != fuentes["productor_en"]].iloc[0]
    centros = pd.read_parquet(parquet_sesion / "centros.parquet").iloc[0]

    def hallar(msg) -> list[str]:
        return revisar_mensaje(msg, espanol, largos_es)

    assert hallar(_msg_markdown(f"Data: U.S. Customs and Border Protection (CBP); {acnur['productor']}."))
    assert not hallar(_msg_markdown(f"Data: U.S. Customs and Border Protection (CBP); {acnur['productor_en']}."))
    for estado, debe in ((centros["estado"], True), (centros["estado_en"], False)):
        hover = "<br>".join(textwrap.wrap(html.escape(f"Estado: {estado}", quote=False), 60))
        figura = {"data": [{"type": "scattergeo", "name": "c", "text": [f"<b>x</b><br>{hover}"]}], "layout": {}}
        assert bool(hallar(_msg_plotly(figura))) is debe, estado
    celda = pa.table({"fuente": [f"{acnur['cita_sugerida']} {acnur['cita_sugerida_en']}"]})
    flujo = io.BytesIO()
    with pa.ipc.new_stream(flujo, celda.schema) as w:
        w.write_table(celda)
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.delta.new_element.dataframe.arrow_data.data = flujo.getvalue()
    assert hallar(msg)


@pytest.fixture(scope="module")
def servidor_sesion(parquet_sesion):
    with carga.servidor(parquet=parquet_sesion) as srv:
        yield srv


def test_valores_en_espanol_se_reconocen(parquet_sesion):
    """La lista de lo que no debe verse en inglés trae las categorías que el tablero mostraba sin traducir."""
    espanol = valores_en_espanol(parquet_sesion)
    etiquetas = pd.read_parquet(parquet_sesion / "etiquetas.parquet")
    for campo in ("sexo", "grupo_edad", "unidad", "calificador", "lugar_nacimiento", "tipo_serie"):
        distintos = etiquetas[(etiquetas["campo"] == campo) & (etiquetas["es"] != etiquetas["en"])]
        assert not distintos.empty and set(distintos["es"]) <= espanol.keys(), campo


def test_en_ingles_ninguna_pagina_muestra_valores_en_espanol(parquet_sesion, servidor_sesion):
    from playwright.sync_api import sync_playwright

    espanol = valores_en_espanol(parquet_sesion)
    largos_es = largos(espanol, parquet_sesion)
    hallados: dict[str, set[str]] = defaultdict(set)
    estado = {"vista": "", "fines": 0}
    ruta = carga.chromium()
    assert ruta, "No hay Chromium: `bash scripts/entorno.sh` lo instala (CI lo hace)."

    def marco(datos) -> None:
        msg = mensaje(datos if isinstance(datos, bytes) else datos.encode())
        if msg is not None and msg.WhichOneof("type") == "script_finished":
            estado["fines"] += 1
        for h in revisar_mensaje(msg, espanol, largos_es):
            hallados[estado["vista"]].add(h)

    def corriendo() -> bool:
        return pg.locator('[data-testid="stStatusWidget"]').count() > 0

    def tras(accion) -> None:
        """Hace `accion` y espera a que termine la ejecución que provoca: llegó un `script_finished` nuevo (o
        pasaron 3 s sin que empezara ninguna) y el indicador de ejecución sigue apagado 0.3 s después."""
        antes, inicio = estado["fines"], time.monotonic()
        accion()
        while True:
            pg.wait_for_timeout(100)
            assert time.monotonic() - inicio < 90, f"{estado['vista']}: la ejecución no terminó en 90 s"
            if not corriendo() and (estado["fines"] > antes or time.monotonic() - inicio > 3):
                pg.wait_for_timeout(300)
                if not corriendo():
                    return

    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=ruta, args=carga.ARGUMENTOS_CHROMIUM)
        pg = navegador.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        pg.set_default_timeout(90_000)
        pg.on("websocket", lambda ws: ws.on("framereceived", marco) if "/_stcore/stream" in ws.url else None)
        for pagina in PAGINAS:
            estado["vista"] = pagina or "panorama"
            tras(lambda pagina=pagina: pg.goto(f"{servidor_sesion.url}/{pagina}?idioma=en"))
            pg.wait_for_selector("h1", state="visible")
            pestanas = pg.locator('[data-testid="stMain"] [role="tab"]')
            for i in range(max(1, pestanas.count())):
                if i:
                    estado["vista"] = f"{pagina} · {pestanas.nth(i).inner_text().strip()}"
                    for _ in range(2):  # un clic durante el final de otra ejecución puede perderse
                        if pestanas.nth(i).get_attribute("aria-selected") != "true":
                            tras(pestanas.nth(i).click)
                    assert pestanas.nth(i).get_attribute("aria-selected") == "true", estado["vista"]
                # Todas las tablas a pedido de la vista a la vez: cada clic pide una nueva ejecución y la última
                # lleva todos los expansores abiertos.
                cerrados = pg.locator(EXPANSOR_A_PEDIDO)
                for _ in range(3):
                    if not cerrados.count():
                        break
                    tras(lambda c=cerrados: [c.nth(0).click() for _ in range(c.count())])
                assert pg.locator('[data-testid="stException"]').count() == 0, estado["vista"]
        navegador.close()
    assert not hallados, "Valores en español con ?idioma=en:\n" + "\n".join(
        f"{vista}: {h}" for vista, hs in hallados.items() for h in sorted(hs))
