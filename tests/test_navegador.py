"""El tablero en un navegador de verdad: `streamlit run app.py` en un puerto libre de 127.0.0.1 y el Chromium
de la distribución (sin interfaz) manejado con Playwright.

Cada página carga sin recuadro de excepción y con su título; las tarjetas del Panorama dicen lo que dice el
Parquet; un filtro cambia los datos de la gráfica; un CSV descargado trae los renglones de la consulta; un
enlace reproduce la vista; varias sesiones a la vez comparten un solo catálogo; y el ETL publicado mientras el
tablero sirve se ve al recargar, sin romper las sesiones abiertas.

Si falta Chromium estas pruebas FALLAN (no se saltan): `bash scripts/entorno.sh` lo instala (CI lo hace).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from conftest import RAIZ, comprobar_fuente, leer_csv, proyecto_en, sumar_a_un_renglon

from tablero import formato
from tablero.consultas import Catalogo
from tablero.textos import TEXTOS, t


def _cargar_carga():
    spec = importlib.util.spec_from_file_location("carga", RAIZ / "scripts" / "carga.py")
    modulo = importlib.util.module_from_spec(spec)
    sys.modules["carga"] = modulo
    spec.loader.exec_module(modulo)
    return modulo


carga = _cargar_carga()
EXCEPCION = '[data-testid="stException"]'
GRAFICA = ".js-plotly-plot"
# ruta de la URL → clave del título en textos.py (Territorio tiene el suyo en la página)
PAGINAS = {"": "pag_panorama", "encuentros": "pag_encuentros", "refugio": "pag_refugio", "imss": "pag_imss",
           "proyecciones": "pag_proyecciones",
           "vacantes": "pag_vacantes", "territorio": None, "fuentes": "pag_fuentes", "incorporar": "pag_incorporar",
           "cambios": "pag_cambios"}
TITULO_TERRITORIO = {"es": "Territorio", "en": "Territory"}


# --------------------------------------------------------------------------- servidor y navegador

@pytest.fixture(scope="module")
def chromium() -> str:
    ruta = carga.chromium()
    if ruta is None:
        pytest.fail("No hay Chromium para las pruebas de navegador: ejecute `bash scripts/entorno.sh` "
                    "(instala el paquete chromium de la distribución; CI lo hace en .ci/run).", pytrace=False)
    return ruta


@pytest.fixture(scope="module")
def proyecto(plantilla, tmp_path_factory) -> tuple[Path, Path]:
    return proyecto_en(tmp_path_factory.mktemp("navegador"), plantilla)


@pytest.fixture(scope="module")
def servidor(proyecto, chromium):
    crudos, destino = proyecto
    with carga.servidor(parquet=destino, crudos=crudos) as srv:
        yield srv


@pytest.fixture(scope="module")
def navegador(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=carga.ARGUMENTOS_CHROMIUM)
        yield b
        b.close()


@pytest.fixture(scope="module")
def cat(proyecto) -> Catalogo:
    return Catalogo(proyecto[1])


@pytest.fixture
def pagina(navegador):
    contexto = navegador.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    pg = contexto.new_page()
    pg.set_default_timeout(90_000)
    errores_js: list[str] = []
    pg.on("pageerror", lambda e: errores_js.append(str(e)))
    pg.errores_js = errores_js
    yield pg
    contexto.close()


def quieto(pg, selector: str = "h1") -> None:
    """Espera a que Streamlit dibuje `selector` y termine de correr el guion (sin indicador «Running»)."""
    pg.wait_for_selector(selector, state="visible")
    for _ in range(3):  # el indicador puede tardar en aparecer: se exige ausencia estable
        pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
        pg.wait_for_timeout(400)


def ir(pg, url: str, selector: str = "h1") -> None:
    pg.goto(url)
    quieto(pg, selector)


def abrir_filtros(pg, pagina: str) -> None:
    """Abre el botón «Filtros» de una página (los controles no se montan antes)."""
    pg.locator(f".st-key-filtros_{pagina} button").first.click()
    pg.wait_for_selector('[data-testid="stPopoverBody"] [data-testid="stWidgetLabel"]', state="visible")


def sin_excepcion(pg) -> None:
    assert pg.locator(EXCEPCION).count() == 0, pg.locator(EXCEPCION).first.inner_text()[:500]
    assert not pg.errores_js, pg.errores_js[:3]


def datos_grafica(pg, clave: str) -> dict:
    """x e y de la primera traza de la gráfica con `key=clave` (ya decodificados por Plotly.js)."""
    return pg.evaluate(
        """(sel) => { const el = document.querySelector(sel);
                      if (!el || !el._fullData) return null;
                      const d = el._fullData[0];
                      return {x: Array.from(d.x || []), y: Array.from(d.y || [])}; }""",
        f".st-key-{clave} {GRAFICA}")


def meses(cat: Catalogo) -> list[str]:
    """Las opciones del filtro de periodo de Encuentros (los meses de todas las series)."""
    r = cat.ejecutar("series_rango_meses").iloc[0]
    return [formato.mes(m) for m in pd.date_range(r["desde"], r["hasta"], freq="MS")]


def primer_dia(mes: str) -> date:
    return date.fromisoformat(mes + "-01")


def serie_eventos(cat: Catalogo, desde, hasta, paises=(), idioma: str = "es") -> pd.DataFrame:
    """Lo que dibuja la gráfica mensual de eventos en su vista por omisión (medida nivel, sin sumar)."""
    return cat.ejecutar("serie_medida", serie="eventos", desde=desde, hasta=hasta, grupos=list(paises), sumar=False,
                        medida="nivel", idioma=idioma)


def valores_tarjetas(pg) -> list[str]:
    """Los valores de las tarjetas de cifra (HTML, `tablero.tarjetas`) y de las métricas, en el orden de la página."""
    return [v.strip() for v in pg.locator('.tarjeta-valor, [data-testid="stMetricValue"]').all_inner_texts()]


# --------------------------------------------------------------------------- pruebas

@pytest.mark.parametrize("idioma", ["es", "en"])
@pytest.mark.parametrize("ruta", list(PAGINAS))
def test_cada_pagina_carga_con_su_titulo(servidor, pagina, ruta, idioma):
    ir(pagina, f"{servidor.url}/{ruta}" + ("?idioma=en" if idioma == "en" else ""))
    esperado = TITULO_TERRITORIO[idioma] if PAGINAS[ruta] is None else t(PAGINAS[ruta], idioma)
    assert pagina.locator("h1").first.inner_text().strip() == esperado
    sin_excepcion(pagina)
    if ruta not in ("", "fuentes", "incorporar"):
        pagina.wait_for_selector(GRAFICA, state="attached", timeout=30_000)  # la página dibuja su gráfica
        sin_excepcion(pagina)


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_proyecciones_con_bandas_y_puntaje(servidor, pagina, cat, idioma):
    """Cada serie proyectada se dibuja con observado, proyección y sus dos bandas (con la cobertura que tuvieron);
    su puntaje dice el error relativo frente al ingenuo publicado."""
    ir(pagina, f"{servidor.url}/proyecciones" + ("?idioma=en" if idioma == "en" else ""), GRAFICA)
    series = cat.ejecutar("proyecciones_series", idioma=idioma)
    puntaje = cat.ejecutar("proyecciones_puntaje", horizonte=3)
    for i, fila in enumerate(series.to_dict("records")):
        if i:  # cada serie es una pestaña: sólo la abierta se manda, y la abierta queda en la URL
            pestana = (fila["nacionalidad"] if isinstance(fila["iso3"], str)
                       else t("proy_tab_otras", idioma) if fila["nivel"] == "otras"
                       else t(f"proy_tab_{fila['tabla_entrada']}", idioma))
            pagina.get_by_role("tab", name=pestana, exact=True).click()
        contenedor = f".st-key-graf_proy_{fila['serie']} {GRAFICA}"
        pagina.wait_for_selector(contenedor, state="attached")
        # sólo la pestaña abierta dibuja su gráfica (la de la pestaña anterior se va al terminar la ejecución)
        pagina.wait_for_function("(s) => document.querySelectorAll(s).length === 1", arg=GRAFICA)
        assert parse_qs(urlsplit(pagina.url).query).get("seccion", [series["serie"].iloc[0]]) == [fila["serie"]]
        nombres = pagina.evaluate("(sel) => document.querySelector(sel)._fullData.map(d => d.name)", contenedor)
        for nivel in (80, 95):
            assert any(n.startswith(t(f"proy_banda_{nivel}", idioma)) for n in nombres), (fila["serie"], nivel)
        assert t("proy_observado", idioma) in nombres, fila["serie"]
        f = puntaje[(puntaje["serie"] == fila["serie"]) & puntaje["elegido"]].iloc[0]
        texto = pagina.locator(f".st-key-puntaje_{fila['serie']}").inner_text()
        assert formato.numero(f["rmae_ingenuo"], 2) in texto and str(int(f["origenes"])) in texto, fila["serie"]
    sin_excepcion(pagina)


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_comparar_nacionalidades_con_medida_en_el_navegador(servidor, pagina, cat, idioma):
    """Un enlace con dos nacionalidades, cambio anual y escala logarítmica: una línea por nacionalidad con los
    valores de `serie_medida`, eje logarítmico, la medida en el título; la ruta en tres paneles (uno por medida,
    nunca sumados) y la proporción de menores mes a mes; la URL conserva la vista."""
    m = meses(cat)
    r = cat.ejecutar("series_rango_meses").iloc[0]
    dos = cat.ejecutar("eventos_por_nacionalidad", desde=r["desde"], hasta=r["hasta"], limite=2, idioma=idioma)
    desde, hasta = m[12], m[-2]
    vista = f"desde={desde}&hasta={hasta}&paises={','.join(dos['iso3'])}&medida=var_anual&log=1"
    ir(pagina, f"{servidor.url}/encuentros?{vista}" + ("&idioma=en" if idioma == "en" else ""), GRAFICA)
    sel = f".st-key-graf_mensual {GRAFICA}"
    dibujo = pagina.evaluate("""(sel) => { const el = document.querySelector(sel);
        return {trazas: el._fullData.map(d => ({name: d.name, y: Array.from(d.y || [])})),
                eje: el._fullLayout.yaxis.type, titulo: el._fullLayout.title.text}; }""", sel)
    esperado = cat.ejecutar("serie_medida", serie="eventos", desde=primer_dia(desde), hasta=primer_dia(hasta),
                            grupos=list(dos["iso3"]), sumar=False, medida="var_anual", idioma=idioma)
    assert sorted(tr["name"] for tr in dibujo["trazas"]) == sorted(set(esperado["nombre"])) == sorted(dos["nacionalidad"])
    for tr in dibujo["trazas"]:
        parte = esperado[esperado["nombre"] == tr["name"]]["valor"]
        assert [None if v is None or pd.isna(v) else round(v, 6) for v in tr["y"]] == \
               [None if pd.isna(v) else round(float(v), 6) for v in parte], tr["name"]  # sin dato: null o NaN
    assert dibujo["eje"] == "log"
    titulo = dibujo["titulo"].replace("<br>", " ")
    assert t("serie_medida_titulo_var_anual", idioma) in titulo and t("serie_escala_log", idioma) in titulo
    pagina.get_by_role("tab", name=t("enc_sec_ruta", idioma), exact=True).click()
    for panel in ("ruta_darien", "ruta_eventos", "ruta_cbp"):  # cada panel con su propia figura
        pagina.wait_for_selector(f".st-key-graf_{panel} {GRAFICA} g.trace", state="attached")
    # la pestaña cerrada ni corre ni se manda: su gráfica se va
    pagina.wait_for_function("(s) => document.querySelectorAll(s).length === 0", arg=f".st-key-graf_mensual {GRAFICA}")
    assert pagina.get_by_text(f"{t('definicion', idioma)}:").count() >= 3, "la definición de cada medida bajo su panel"
    pagina.get_by_role("tab", name=t("enc_sec_sexo_edad", idioma), exact=True).click()
    pagina.wait_for_selector(f".st-key-graf_menores {GRAFICA} g.trace", state="attached")
    consulta = parse_qs(urlsplit(pagina.url).query)
    assert consulta["medida"] == ["var_anual"] and consulta["log"] == ["1"] and consulta["paises"] == [",".join(dos["iso3"])]
    assert consulta["seccion"] == ["sexo_edad"]
    sin_excepcion(pagina)


def test_tarjetas_del_panorama_igual_al_parquet(servidor, pagina, cat):
    ir(pagina, servidor.url, '[data-testid="stMetricValue"]')
    titulares = cat.ejecutar("cifras_titulares", idioma="es")
    ultimos = cat.ejecutar("ultimos_meses")
    esperados = [formato.cifra_fila(f, "es") for f in titulares.to_dict("records")] + \
                [formato.numero(v) for v in ultimos["valor"]]
    assert valores_tarjetas(pagina) == esperados
    sin_excepcion(pagina)


def test_fuente_de_una_tarjeta_se_abre_con_su_cita_en_contexto(servidor, pagina, cat):
    """En el navegador (el HTML pasa por el saneador de Streamlit), «Fuente» abre la cita, el archivo y la cita
    resaltada en su documento, sin volver a correr la página."""
    ir(pagina, f"{servidor.url}/refugio", ".tarjeta")
    primera = pagina.locator(".tarjeta").first
    cifra = cat.ejecutar("cifras_por_familias", familias=["refugio_empleo"], idioma="es").set_index("cifra_id") \
        .loc[primera.get_attribute("data-cifra")]
    assert not primera.locator(".tf-cita").is_visible(), "la fuente empieza cerrada"
    primera.locator("summary").click()
    assert primera.locator(".tf-cita").inner_text().strip() == f"«{cifra['cita']}»"
    assert cifra["archivo"] in primera.locator("dl").inner_text()
    resaltado = primera.locator("mark").first
    assert resaltado.is_visible() and resaltado.inner_text().strip().lower() in " ".join(cifra["cita"].split()).lower()
    sin_excepcion(pagina)


def test_filtro_de_nacionalidad_cambia_la_grafica(servidor, pagina, cat):
    """Elegir una nacionalidad en el selector (como lo haría una usuaria) cambia la serie mensual."""
    ir(pagina, f"{servidor.url}/encuentros", GRAFICA)
    antes = datos_grafica(pagina, "graf_mensual")
    r = cat.ejecutar("series_rango_meses").iloc[0]
    pais = cat.ejecutar("eventos_por_nacionalidad", desde=r["desde"], hasta=r["hasta"], limite=1, idioma="es").iloc[0]
    assert antes["y"] == [int(v) for v in serie_eventos(cat, r["desde"], r["hasta"])["valor"]]
    assert not pagina.locator('[data-testid="stMultiSelect"]').count(), "los filtros no se montan hasta abrirlos"
    abrir_filtros(pagina, "encuentros")
    selector = pagina.locator('[data-testid="stMultiSelect"]').first
    selector.click()
    pagina.keyboard.type(pais["nacionalidad"])
    pagina.keyboard.press("Enter")
    pagina.wait_for_function(
        """([sel, y]) => { const el = document.querySelector(sel);
                           return el && el._fullData && JSON.stringify(Array.from(el._fullData[0].y)) !== y; }""",
        arg=[f".st-key-graf_mensual {GRAFICA}", str(antes["y"]).replace(" ", "")])
    quieto(pagina)
    despues = datos_grafica(pagina, "graf_mensual")
    esperado = serie_eventos(cat, r["desde"], r["hasta"], [pais["iso3"]])
    assert despues["y"] == [int(v) for v in esperado["valor"]] != antes["y"]
    assert parse_qs(urlsplit(pagina.url).query).get("paises") == [pais["iso3"]], "el filtro queda en la URL"
    assert pagina.locator('[data-testid="stMultiSelect"]').first.is_visible(), "la caja de filtros sigue abierta"
    resumen = pagina.locator(".st-key-fila_filtros_encuentros").inner_text()
    assert f"{t('r_nacionalidades')}: {pais['nacionalidad']}" in resumen, "el resumen dice lo elegido"
    sin_excepcion(pagina)


def test_descarga_csv_trae_los_renglones_de_la_consulta(servidor, pagina, cat):
    m = meses(cat)
    desde, hasta = m[len(m) // 3], m[len(m) // 2]
    ir(pagina, f"{servidor.url}/encuentros?desde={desde}&hasta={hasta}", GRAFICA)
    boton = pagina.locator(".st-key-csv_mensual button").first
    with pagina.expect_download() as descarga:
        boton.click()
    archivo = descarga.value
    assert archivo.suggested_filename.endswith(".csv") and desde in archivo.suggested_filename
    tabla = leer_csv(Path(archivo.path()).read_bytes())
    esperado = serie_eventos(cat, primer_dia(desde), primer_dia(hasta))
    assert len(tabla) == len(esperado) == len(m[m.index(desde):m.index(hasta) + 1])
    assert list(tabla["periodo"]) == [formato.mes(v) for v in esperado["periodo"]]
    assert [float(v) for v in tabla["valor"]] == [float(v) for v in esperado["valor"]]
    comprobar_fuente(tabla, "csv_mensual")
    sin_excepcion(pagina)


def test_enlace_reproduce_la_vista(servidor, pagina, cat):
    m = meses(cat)
    r = cat.ejecutar("series_rango_meses").iloc[0]
    pais = cat.ejecutar("eventos_por_nacionalidad", desde=r["desde"], hasta=r["hasta"], limite=2, idioma="en").iloc[1]
    desde, hasta = m[2], m[-3]
    ir(pagina, f"{servidor.url}/encuentros?desde={desde}&hasta={hasta}&paises={pais['iso3']}&top=5&idioma=en", GRAFICA)
    assert pagina.locator("h1").first.inner_text().strip() == t("pag_encuentros", "en")
    resumen = pagina.locator(".st-key-fila_filtros_encuentros").inner_text()
    assert f"{t('periodo', 'en')}: {desde} – {hasta}" in resumen and pais["nacionalidad"] in resumen
    abrir_filtros(pagina, "encuentros")
    pagina.locator('[data-testid="stSliderThumbValue"]').nth(1).wait_for(state="visible")  # los dos extremos montados
    pulgares = [x.strip() for x in pagina.locator('[data-testid="stSliderThumbValue"]').all_inner_texts()]
    assert pulgares[:2] == [desde, hasta], "el periodo del enlace queda en el control"
    assert pais["nacionalidad"] in pagina.locator('[data-testid="stMultiSelect"]').first.inner_text()
    datos = datos_grafica(pagina, "graf_mensual")
    esperado = serie_eventos(cat, primer_dia(desde), primer_dia(hasta), [pais["iso3"]], idioma="en")
    assert datos["y"] == [int(v) for v in esperado["valor"]]
    top = datos_grafica(pagina, "graf_top")
    assert len(top["y"]) == 5
    consulta = parse_qs(urlsplit(pagina.url).query)
    assert consulta["desde"] == [desde] and consulta["paises"] == [pais["iso3"]] and consulta["idioma"] == ["en"]
    fija = TEXTOS["param_invalido"]["en"].split("{")[0]  # «The URL parameter «»: el comienzo de cada aviso
    assert fija and not pagina.locator('[data-testid="stAlert"]').filter(has_text=fija).count()
    sin_excepcion(pagina)


def test_parametros_hostiles_en_el_navegador(servidor, pagina):
    ir(pagina, f"{servidor.url}/encuentros?desde=%27%20OR%201%3D1%20--&paises=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
                f"&top={'9' * 5000}", GRAFICA)
    avisos = " ".join(pagina.locator('[data-testid="stAlert"]').all_inner_texts())
    assert t("param_invalido", "es", nombre="desde", valor="' OR 1=1 --") in avisos
    assert t("param_invalido", "es", nombre="paises", valor="<script>alert(1)</script>") in avisos
    assert t("param_invalido", "es", nombre="top", valor="9" * 60) in avisos, "el valor enorme se recorta a 60 caracteres"
    sin_excepcion(pagina)
    dialogos: list[str] = []
    pagina.on("dialog", lambda d: (dialogos.append(d.message), d.dismiss()))
    pagina.wait_for_timeout(500)
    assert not dialogos, "ningún script de la URL se ejecuta"


def test_incorporar_un_documento_desde_el_navegador(servidor, pagina, proyecto, cat, tmp_path):
    """Subir una página HTML, ver sus cifras con cada cita resaltada, descargar las propuestas, aceptarlas (como en
    una hoja de cálculo) y agregarlas con `etl incorporar` a una copia de los crudos: el servidor no escribe nada."""
    import shutil

    from etl.incorporar import incorporar
    from tablero import propuestas

    crudos, _ = proyecto
    antes = {p: p.read_bytes() for p in crudos.rglob("*") if p.is_file()}
    original = RAIZ / "tests" / "fixtures" / "propuestas" / "nota_oim.html"
    esperadas, _doc = propuestas.proponer(original.name, original.read_bytes(), cat.ejecutar("indicadores_catalogo"),
                                          cat.ejecutar("documentos_catalogo")["documento_id"].tolist())
    ir(pagina, f"{servidor.url}/incorporar")
    pagina.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(original))
    pagina.wait_for_selector(".st-key-inc_bajar_cifras button", timeout=90_000)
    quieto(pagina)
    sin_excepcion(pagina)
    assert t("inc_cifras", "es", n=len(esperadas)) in pagina.locator("h3").all_inner_texts()
    resaltadas = pagina.locator('[data-testid="stExpander"] strong').all_inner_texts()
    assert resaltadas == list(esperadas["cita"])  # cada cita, resaltada dentro de su oración

    carpeta = tmp_path / "revision"
    carpeta.mkdir()
    for clave in ("inc_bajar_cifras", "inc_bajar_documento"):
        with pagina.expect_download() as descarga:
            pagina.locator(f".st-key-{clave} button").click()
        descarga.value.save_as(carpeta / descarga.value.suggested_filename)
    shutil.copy(original, carpeta / original.name)
    nombre_cifras, nombre_doc = propuestas.archivos(original.name)
    cifras = pd.read_csv(carpeta / nombre_cifras, dtype=str, keep_default_na=False)
    assert list(cifras["cita"]) == list(esperadas["cita"]) and set(cifras["aceptar"]) == {"no"}
    cifras["aceptar"] = "si"
    cifras.to_csv(carpeta / nombre_cifras, index=False)
    doc = pd.read_csv(carpeta / nombre_doc, dtype=str, keep_default_na=False)
    assert doc.at[0, "original"] == original.name and doc.at[0, "idioma"] == "en"

    copia = tmp_path / "crudos"
    shutil.copytree(crudos, copia)
    r = incorporar(carpeta / nombre_cifras, copia, tmp_path / "parquet")
    assert not r.rechazadas and len(r.cifras) == len(cifras)
    publicadas = Catalogo(tmp_path / "parquet").ejecutar("cifras_catalogo", buscar="", idioma="en")
    assert set(cifras["cita"]) <= set(publicadas["cita"])
    assert {p: p.read_bytes() for p in crudos.rglob("*") if p.is_file()} == antes  # el tablero no tocó los crudos


def test_pagina_inexistente_vuelve_al_panorama(servidor, pagina):
    ir(pagina, f"{servidor.url}/no-existe%27%20OR%201=1")
    assert pagina.locator("h1").first.inner_text().strip() == t("pag_panorama", "es")
    assert pagina.get_by_role("dialog").count() >= 1, "Streamlit avisa que la página no existe"
    sin_excepcion(pagina)


def test_sesiones_simultaneas_sin_errores(servidor, proyecto):
    """Una carga pequeña con el mismo código que scripts/carga.py: 6 sesiones a la vez, 0 errores."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as hilo:  # asyncio propio, aparte del Playwright síncrono de este módulo
        informe = hilo.submit(carga.medir, servidor.url, 6, 120, servidor.pid, proyecto[1], False).result(timeout=200)
    errores = [(r.ruta, r.errores) for r in informe.resultados if r.errores]
    assert not errores, errores
    assert informe.rss_pico is not None and informe.rss_pico > 0


def test_carga_rechaza_hosts_que_no_son_locales():
    for url in ("http://10.0.0.5:8501", "http://example.org", "http://127.0.0.1.example.org:8501", "file:///etc/passwd",
                "http://[::ffff:8.8.8.8]:80"):
        assert not carga.es_loopback(url), url
        with pytest.raises(ValueError):
            carga.medir(url, 1, 1)
    for url in ("http://127.0.0.1:8501", "http://localhost:8501", "http://[::1]:8501", "http://127.0.0.2:9"):
        assert carga.es_loopback(url), url
    salida = subprocess.run([sys.executable, str(RAIZ / "scripts" / "carga.py"), "--url", "http://192.168.1.1:8501"],
                            capture_output=True, text=True, timeout=60)
    assert salida.returncode == 2 and "local" in salida.stderr


def test_un_solo_catalogo_para_todas_las_sesiones(tablero, monkeypatch):
    """Los datos se comparten de sólo lectura: dos sesiones (AppTest) en páginas distintas usan el mismo
    Catalogo (st.cache_resource por versión); ninguna crea su propia copia de las tablas."""
    from conftest import abrir, limpiar_caches

    from tablero import consultas

    creados: list[int] = []
    original = consultas.Catalogo.__init__

    def contar(self, *a, **k):
        creados.append(id(self))
        original(self, *a, **k)

    monkeypatch.setattr(consultas.Catalogo, "__init__", contar)
    limpiar_caches()
    try:
        for destino in ("encuentros", "fuentes"):
            at = abrir(destino)
            assert not at.exception
        assert len(creados) == 1, f"{len(creados)} catálogos para una sola versión de los datos"
    finally:
        limpiar_caches()


# --------------------------------------------------------------------------- actualizar mientras sirve

def test_etl_mientras_sirve(navegador, plantilla, tmp_path):
    crudos, destino = proyecto_en(tmp_path, plantilla)
    antes = int(Catalogo(destino).ejecutar("ultimos_meses").set_index("serie").loc["eventos_upmrip", "valor"])
    viejo, nuevo = formato.numero(antes), formato.numero(antes + 1000)
    with carga.servidor(parquet=destino, crudos=crudos) as srv:
        abierta = navegador.new_context().new_page()
        abierta.set_default_timeout(90_000)
        ir(abierta, srv.url, '[data-testid="stMetricValue"]')
        assert viejo in valores_tarjetas(abierta)

        sumar_a_un_renglon(crudos, 1000)  # el último mes de eventos
        etl = subprocess.Popen([sys.executable, "-m", "etl", "--crudos", str(crudos), "--destino", str(destino)],
                               cwd=RAIZ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # mientras corre el ETL, otra sesión recarga una y otra vez: siempre una versión completa, vieja o nueva
        lectora = navegador.new_context().new_page()
        lectora.set_default_timeout(90_000)
        vistos = []
        while True:
            ir(lectora, srv.url, '[data-testid="stMetricValue"]')
            assert lectora.locator(EXCEPCION).count() == 0
            tarjetas = valores_tarjetas(lectora)
            vistos.append(viejo if viejo in tarjetas else nuevo if nuevo in tarjetas else f"otro: {tarjetas}")
            if etl.poll() is not None:
                break
        salida = etl.communicate(timeout=120)[0]
        assert etl.returncode == 0, salida
        assert set(vistos) <= {viejo, nuevo}, vistos

        # la sesión abierta antes del cambio sigue mostrando lo viejo y sigue funcionando…
        assert viejo in valores_tarjetas(abierta)
        assert abierta.locator(EXCEPCION).count() == 0
        abierta.get_by_role("link", name=t("pag_encuentros", "es")).first.click()
        quieto(abierta, GRAFICA)
        assert abierta.locator(EXCEPCION).count() == 0
        # …y al volver (nueva ejecución) o al recargar ve la versión nueva
        abierta.get_by_role("link", name=t("pag_panorama", "es")).first.click()
        quieto(abierta, '[data-testid="stMetricValue"]')
        abierta.wait_for_function("(v) => Array.from(document.querySelectorAll('[data-testid=\"stMetricValue\"]'))"
                                  ".some(e => e.innerText.trim() === v)", arg=nuevo)
        abierta.reload()
        quieto(abierta, '[data-testid="stMetricValue"]')
        assert nuevo in valores_tarjetas(abierta) and viejo not in valores_tarjetas(abierta)
        assert abierta.locator(EXCEPCION).count() == 0
