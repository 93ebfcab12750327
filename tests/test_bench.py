"""El banco de rendimiento corre en tamaño diminuto y su informe está bien formado. Ningún tiempo se comprueba aquí."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from bench import medir, pandas_base, sintetico
from bench.__main__ import Config, correr, markdown, objetivos
from etl.esquemas import TABLAS
from tablero.consultas import Catalogo

FILAS = 2_000


@pytest.fixture(scope="module")
def real(plantilla, tmp_path_factory):
    """Las tablas de los datos incluidos (una copia de las de la corrida: las mismas que da `construir(CRUDOS)`)."""
    from conftest import proyecto_en

    return proyecto_en(tmp_path_factory.mktemp("bench_real"), plantilla)[1].resolve()


@pytest.fixture(scope="module")
def carpetas(real, tmp_path_factory):
    return sintetico.generar(real, tmp_path_factory.mktemp("bench_sint"), FILAS)


def test_generador_determinista_y_con_los_esquemas_reales(real, carpetas, tmp_path):
    for nombre in sintetico.TABLAS_ESCALADAS:
        for carpeta in carpetas.values():
            assert pq.read_schema(carpeta / f"{nombre}.parquet").remove_metadata().equals(
                TABLAS[nombre].esquema_arrow()), (carpeta.name, nombre)
        assert pq.ParquetFile(carpetas["directo"] / f"{nombre}.parquet").metadata.num_rows == FILAS
    otra = sintetico.generar(real, tmp_path / "otra", FILAS)
    for nombre in (*sintetico.TABLAS_ESCALADAS, "eventos_registros"):
        disp = "marts" if nombre == "eventos_registros" else "directo"
        assert pq.read_table(otra[disp] / f"{nombre}.parquet").equals(pq.read_table(carpetas[disp] / f"{nombre}.parquet"))
    # Todas las demás tablas reales están (metadatos incluidos), así que cada consulta corre sin cambios.
    reales = {r.name for r in real.glob("*.parquet")}
    assert {"tablas_meta.parquet", "campos_meta.parquet", "fuentes_tablas.parquet", "fuentes.parquet"} <= reales
    for carpeta in carpetas.values():
        assert reales <= {r.name for r in carpeta.glob("*.parquet")}
        Catalogo(carpeta)


def test_metadatos_cubren_las_tablas_sinteticas(carpetas):
    """Cada (fuente_id, tabla) de las tablas escaladas tiene procedencia, y tablas_meta dice sus renglones."""
    for disp, carpeta in carpetas.items():
        cat = Catalogo(carpeta)
        pares = cat._con.sql(" UNION ".join(
            f"SELECT DISTINCT fuente_id, tabla FROM stg_{t}" for t in sintetico.TABLAS_ESCALADAS)).fetchall()
        sin_fuente = cat._con.sql(
            "SELECT s.* FROM (VALUES " + ", ".join(f"('{f}', '{t}')" for f, t in pares) + ") s(fuente_id, tabla) "
            "ANTI JOIN procedencia p USING (fuente_id, tabla)").fetchall()
        assert len(pares) == len(sintetico.TABLAS_ESCALADAS) and not sin_fuente, (disp, sin_fuente)
        meta = dict(cat._con.sql("SELECT tabla, filas FROM tablas_meta").fetchall())
        assert {t: meta[t] for t in sintetico.TABLAS_ESCALADAS} == {
            t: n for t, n in sintetico.filas_por_tabla(carpeta).items() if t in sintetico.TABLAS_ESCALADAS}, disp
        assert meta["fuentes_tablas"] == pq.ParquetFile(carpeta / "fuentes_tablas.parquet").metadata.num_rows


def test_una_version_pandas_por_consulta_de_pagina():
    """Cada consulta que piden las páginas tiene su versión pandas, y no hay versiones de consultas que nadie pide."""
    assert set(pandas_base.CONSULTAS) == set(medir.consultas_de_paginas())


def test_cada_consulta_tiene_version_pandas_que_coincide(real, carpetas):
    """Todas las consultas de las páginas, con los datos incluidos y en ambas disposiciones, en los dos idiomas."""
    for disp, carpeta in {"incluidos": real, **carpetas}.items():
        cat = Catalogo(carpeta)
        for nombre in medir.consultas_de_paginas():
            for idioma in ("es", "en"):
                params = medir.parametros(carpeta, nombre, idioma)
                if idioma == "en" and "idioma" not in params:
                    continue
                esperado = pandas_base.CONSULTAS[nombre](carpeta, **params).reset_index(drop=True)
                resultado = cat.ejecutar(nombre, **params)
                assert medir.diferencia(resultado, esperado, medir.en_orden(nombre, disp)) is None, (disp, nombre, idioma)


@pytest.mark.parametrize("nombre, cambios", [
    ("serie_medida", {"grupos": ["HND", "GTM"], "medida": "var_anual"}),
    ("serie_medida", {"serie": "asilo", "grupos": ["HND", "VEN"], "sumar": True, "medida": "suma_12m", "idioma": "en"}),
    ("eventos_sexo_edad", {"sexos": ["Mujeres"], "edades": []}),
    ("cifras_catalogo", {"buscar": "ENCUENTROS"}),
    ("territorio_mmp", {"causas": ["Drowning", "Violence"], "desde": 2018}),
    ("eventos_por_nacionalidad", {"limite": 3}),
])
def test_versiones_pandas_con_filtros(real, nombre, cambios):
    """Con filtros que no son los de la vista por omisión, pandas y DuckDB siguen diciendo lo mismo."""
    params = medir.parametros(real, nombre) | cambios
    resultado = Catalogo(real).ejecutar(nombre, **params)
    assert len(resultado) > 0, (nombre, params)
    assert medir.diferencia(resultado, pandas_base.CONSULTAS[nombre](real, **params).reset_index(drop=True)) is None


def test_consultas_de_paginas_encuentra_las_tres_formas_de_pedir(tmp_path):
    (tmp_path / "paginas").mkdir()
    (tmp_path / "tablero").mkdir()
    (tmp_path / "app.py").write_text('st.Page("paginas/a.py", title="a")\ndatos.consulta("productores")\n', encoding="utf-8")
    (tmp_path / "paginas" / "a.py").write_text(
        'datos.consulta(\n    "eventos_total_anio", desde=d0)\nboton(datos.diferida("cbp_completa"))\n', encoding="utf-8")
    (tmp_path / "tablero" / "mapa.py").write_text(
        'g = datos.consulta_en(version, "territorio_geometria")\nx = datos.consulta("no_existe")\n', encoding="utf-8")
    assert medir.consultas_de_paginas(tmp_path) == ["cbp_completa", "eventos_total_anio", "productores", "territorio_geometria"]


def test_la_comparacion_detecta_diferencias(carpetas):
    carpeta = carpetas["directo"]
    params = medir.parametros(carpeta, "eventos_por_nacionalidad")
    a = Catalogo(carpeta).ejecutar("eventos_por_nacionalidad", **params)
    b = a.copy()
    b.loc[0, "eventos"] += 1
    assert medir.diferencia(a, b) is not None
    assert medir.diferencia(a, b, en_orden=False) is not None
    assert medir.diferencia(a, a.iloc[:, ::-1]) is not None
    assert medir.diferencia(a, a.iloc[::-1].reset_index(drop=True)) is not None
    assert medir.diferencia(a, a.iloc[::-1].reset_index(drop=True), en_orden=False) is None


def test_informe_con_un_renglon_por_consulta_de_pagina(tmp_path):
    nombres = medir.consultas_de_paginas()
    assert nombres, "las páginas no piden ninguna consulta: ¿cambió la forma de llamar a datos.consulta?"
    cfg = Config(filas=[FILAS], frios=1, calientes=2, pandas=1, paginas=1, etl=1, medir_paginas=False,
                 medir_etl=False, trabajo=tmp_path)
    inf = correr(cfg)
    assert set(inf.consultas) == {"incluidos", f"{FILAS:,}".replace(",", " ")}
    for etiqueta, filas in inf.consultas.items():
        assert [f.nombre for f in filas] == nombres, etiqueta
        for f in filas:
            assert all(v is None for v in f.iguales.values()), (etiqueta, f.nombre, f.iguales)
            assert all(len(m.caliente) == 2 and len(m.frio) == 1 for m in f.duck.values())
    # Las descargas completas se miden y se comparan, pero no cuentan para los objetivos de las consultas de página.
    assert any(medir.completa(n) for n in nombres)
    assert not any("_completa" in medido for _, medido, _ in objetivos(inf))
    texto = markdown(inf)
    assert texto.startswith("# Rendimiento del tablero")
    for seccion in ("## Objetivos", "## Cómo se mide", "## Renglones por tabla"):
        assert seccion in texto
    for etiqueta in inf.consultas:
        bloque = texto.split("## Consultas de las páginas: " + ("datos incluidos" if etiqueta == "incluidos" else etiqueta))[1]
        bloque = bloque.split("\n## ")[0]
        renglones = [r for r in bloque.splitlines() if r.startswith("| `")]
        assert [r.split("`")[1] for r in renglones] == nombres
        assert all(r.rstrip().endswith("| sí |") for r in renglones)


def test_los_bancos_de_navegador_y_carga_leen_las_paginas_de_app(tmp_path):
    """Una página nueva registrada en app.py entra sola en bench.navegador y bench.carga; la de omisión va en «/»."""
    from bench import navegador

    (tmp_path / "paginas").mkdir()
    for nombre in ("a", "nueva"):
        (tmp_path / "paginas" / f"{nombre}.py").write_text("", encoding="utf-8")
    (tmp_path / "app.py").write_text(
        'PAGINAS = [\n    st.Page("paginas/a.py", title=t("x"), url_path="a", default=True),\n'
        '    st.Page("paginas/nueva.py", title=t("y"), icon=":material/map:", url_path="proyecciones"),\n'
        '    st.Page("paginas/falta.py", title=t("z"), url_path="falta"),\n]\n', encoding="utf-8")
    assert navegador.paginas(tmp_path) == [("paginas/a.py", ""), ("paginas/nueva.py", "proyecciones")]
    assert [a for a, _ in navegador.paginas()] == medir.paginas(), "las mismas páginas que mide python -m bench"
    declaradas = navegador.paginas(tmp_path)
    assert navegador.elegir(declaradas, None) == declaradas
    assert navegador.elegir(declaradas, ["proyecciones", "proyecciones?serie=x", "otra?x=1"]) == [
        ("paginas/nueva.py", "proyecciones"), ("paginas/nueva.py", "proyecciones?serie=x")], "una vista con parámetros, aparte"


def test_cociente_pareado_sigue_a_la_carga_de_la_maquina():
    """El piso se visita antes de cada página; si la máquina se carga justo mientras se visita una página, la
    mediana simple contra todo el piso la culpa a ella, y el cociente pareado (cada visita contra el piso justo
    antes) da su costo propio."""
    from bench.navegador import Resultado, Visita

    piso, pagina = Resultado("(piso) b", "b"), Resultado("a", "paginas/a.py")
    piso.visitas += [Visita(2.0, None, 1.0, 10) for _ in range(6)]  # las visitas al piso de otras páginas, sin carga
    for _ in range(3):  # las de esta página, con la máquina tres veces más lenta
        piso.visitas.append(Visita(6.0, None, 1.0, 10))
        pagina.pisos.append(piso.visitas[-1])
        pagina.visitas.append(Visita(6.6, None, 1.0, 10))
    pagina.pisos.append(Visita(2.0, None, 1.0, 10))
    pagina.visitas.append(Visita(None, None, None, 0, error="sin script_finished"))  # con error no cuenta
    assert pagina.mediana("vista") / piso.mediana("vista") == pytest.approx(3.3)
    assert pagina.cociente_pareado() == pytest.approx(1.1)


def test_pagina_de_piezas_dibuja_cada_pieza(tablero):
    """`python -m bench.piezas` compara las tarjetas como eran y como son con las mismas cifras: la página de
    prueba dibuja cada pieza, sin excepción, con la gráfica al final y las tarjetas con los valores de la consulta."""
    from conftest import RAIZ, limpiar_caches, valores_tarjetas
    from streamlit.testing.v1 import AppTest

    from bench.piezas import PAGINA, PIEZAS
    from tablero import formato

    cat = Catalogo(tablero)
    cifras = cat.ejecutar("cifras_por_familias", familias=["refugio_empleo"], idioma="es")
    esperados = sorted(formato.cifra_fila(f, "es") for f in cifras.to_dict("records"))
    assert len(esperados) >= 3
    for pieza in PIEZAS:
        limpiar_caches()
        at = AppTest.from_file(str(RAIZ / PAGINA), default_timeout=120)
        at.query_params["pieza"] = pieza
        at.run()
        assert not at.exception, (pieza, at.exception)
        assert len(at.get("plotly_chart")) == 1, pieza
        if pieza == "tarjetas_html":
            assert sorted(valores_tarjetas(at)) == esperados and not at.metric
        elif pieza == "tarjetas_streamlit":
            assert sorted(m.value for m in at.metric) == esperados and not valores_tarjetas(at)
        elif pieza in ("filtros", "filtros_boton"):
            assert len(at.multiselect) == 3 and len(at.toggle) == 2 and len(at.select_slider) == 1
            assert (pieza == "filtros_boton") == any(c.value.startswith("**Periodo:**") for c in at.caption)
        elif pieza == "pestanas":
            assert [t.label for t in at.tabs][0] == "Eventos por nacionalidad" and len(at.tabs) == 6
        elif pieza == "grafica_tablero":  # la gráfica del tablero: el total mensual de la serie, no las 3 barras del piso
            figura = json.loads(at.get("plotly_chart")[0].proto.spec)
            total = cat.ejecutar("series_rango_meses").iloc[0]
            serie = cat.ejecutar("serie_medida", serie="eventos", desde=total["desde"], hasta=total["hasta"],
                                 grupos=[], sumar=False, medida="nivel", idioma="es")
            assert figura["data"][0]["type"] == "scatter" and len(figura["data"][0]["x"]) == len(serie) > 12


def test_versiones_pandas_de_revisiones_con_varias_instantaneas(tmp_path_factory):
    """Con los datos incluidos la CBP tiene una sola instantánea y `revisiones_cambios` sale vacía; aquí, con dos
    descargas más (una revisa dos meses y agrega uno, armada como en tests/test_revisiones.py), pandas y DuckDB
    dicen lo mismo en cada par de instantáneas (también al revés: lo nuevo sale retirado), en los dos niveles y en
    las primeras series de cada nivel."""
    from tests.test_revisiones import revisado_en

    carpeta = revisado_en(tmp_path_factory.mktemp("bench_revisiones"), tmp_path_factory)[1].resolve()
    cat = Catalogo(carpeta)
    inst = cat.ejecutar("revisiones_instantaneas", idioma="es")
    numeros = [int(n) for n in inst.loc[inst["tabla_revisada"] == "cbp_encuentros", "instantanea"]]
    assert len(numeros) >= 3, inst
    casos = [("revisiones_instantaneas", {"idioma": i}) for i in ("es", "en")]
    pares = [(a, d) for a in numeros for d in numeros]
    casos += [("revisiones_cambios", {"tabla_revisada": "cbp_encuentros", "nivel": nivel, "antes": a, "despues": d,
                                      "idioma": "es"})
              for nivel, elegidos in (("total", pares), ("detalle", [(numeros[0], numeros[-1]), (numeros[-1], numeros[0])]))
              for a, d in elegidos]
    series = cat.ejecutar("revisiones_series", tabla_revisada="cbp_encuentros")
    casos.append(("revisiones_series", {"tabla_revisada": "cbp_encuentros"}))
    casos += [("revisiones_serie", {"tabla_revisada": "cbp_encuentros", "serie_revisada": s, "idioma": "es"})
              for s in series.groupby("nivel")["serie"].head(3)]
    cambios = set()
    for nombre, params in casos:
        resultado = cat.ejecutar(nombre, **params)
        if nombre == "revisiones_cambios":
            cambios |= set(resultado["cambio"])
        assert medir.diferencia(resultado, pandas_base.CONSULTAS[nombre](carpeta, **params).reset_index(drop=True)) is None, (
            nombre, params)
    assert cambios == {"revisado", "nuevo", "retirado"}, cambios


def test_revisiones_arma_instantaneas_de_las_demas_fuentes_que_el_etl_lee(tmp_path, monkeypatch):
    """`bench.revisiones` con n=2: cada fuente de `DEMAS` tiene 2 instantáneas fechadas con un mes entre ellas,
    después del acceso a lo incluido; `leer_todo` lee la copia sin error y cada tabla trae los periodos nuevos de la
    última instantánea (que no estaban en lo incluido), todos con su archivo."""
    from datetime import date, datetime

    from bench import revisiones as rb
    from etl import instantaneas
    from etl.construir import contexto_lectura, leer_todo
    from etl.fuentes import registro

    monkeypatch.setenv("TABLERO_CACHE_LECTURAS", str(tmp_path / "cache_lecturas"))
    crudos = rb.crudos_con_instantaneas(tmp_path / "v2", n=2)
    antes, _ = leer_todo(crudos)
    resumen = rb.demas_con_instantaneas(crudos, n=2)
    tablas, _ = leer_todo(crudos)
    contexto = contexto_lectura(crudos, set(tablas["paises"]["iso3"]))
    assert set(resumen) == set(rb.DEMAS) == {"acnur", "banxico", "darien", "mmp", "inegi_enoe"}
    for nombre in rb.DEMAS:
        fuente = registro()[nombre]
        carpetas = instantaneas.carpetas(crudos, nombre)
        assert len(carpetas) == 2 and resumen[nombre]["instantaneas"] == 2, nombre
        horas = [datetime.strptime(c.name, "%Y%m%dT%H%M%SZ") for c in carpetas]
        assert (horas[1].year * 12 + horas[1].month) - (horas[0].year * 12 + horas[0].month) == 1 and horas[0].day == horas[1].day
        for c, h in zip(carpetas, horas):
            for ruta in instantaneas.archivos(c):
                ficha = instantaneas.ficha(ruta)
                assert ficha["acceso_utc"] == h.strftime("%Y-%m-%dT%H:%M:%SZ") and ficha["fuente"] == nombre
                assert ficha["escrita_por"] == "python -m etl actualizar"
                for a in fuente.archivos:
                    incluida = json.loads((crudos / f"{a}.meta.json").read_text(encoding="utf-8"))
                    assert h.date() > date.fromisoformat(incluida["fecha_acceso"]), (nombre, a)
        tabla, columna = fuente.periodo
        ultima = fuente.leer_instantanea(carpetas[-1], contexto)
        nuevos = set(ultima[columna]) - set(antes[tabla][columna])
        assert nuevos, nombre
        d = tablas[tabla]
        de_nuevos = d.loc[d[columna].isin(nuevos), "fuente_id"]
        assert len(de_nuevos) == int(ultima[columna].isin(nuevos).sum()) > 0, nombre
        assert de_nuevos.str.startswith(f"instantaneas/{nombre}/{carpetas[-1].name}/").all(), nombre
        assert max(d[columna]) == max(ultima[columna]), nombre


def test_informe_de_revisiones_dice_que_instantaneas_de_que_fuentes_midio(tmp_path):
    """El texto de `docs/revisiones_rendimiento.md` nombra cada fuente de las demás con sus instantáneas y archivos,
    y la línea de `docs/rendimiento.md` que sale de él también las nombra (cifras inventadas: sólo se mira el texto)."""
    from bench import revisiones as rb

    fases = {n: 0.1 for n, _, _ in rb.FASES} | {"total": 2.0}
    demas = {f: {"instantaneas": 24, "archivos": 24 + i, "bytes": 1_000_000 * (i + 1)} for i, f in enumerate(rb.DEMAS)}
    inf = {"carga_inicio": (1.0, 1.0, 1.0), "carga_fin": (1.0, 1.0, 1.0), "etl_24_frio": [9.0], "proy_24_frio": [1.0],
           "pares": [{"carga": 1.0, "hoy": 4.0, "proy_hoy": 0.5, "24": 6.0, "proy_24": 0.5}],
           "derivaciones": [{"tabla": "devoluciones", "lecturas": 10, "salida": 5, "s": 0.1}],
           "perfil": {"hoy": fases, "24": fases}, "filas_revisiones": 10, "filas_revisiones_tabla": {"cbp_encuentros": 10},
           "bytes_revisiones": 1000, "libros_boletin": 144, "max_rss_mb": 100.0, "demas": demas}
    texto = rb.markdown(inf)
    for i, f in enumerate(rb.DEMAS):
        assert f"  - {rb.NOMBRES_DEMAS[f]}: 24 instantáneas, {24 + i} archivos, {i + 1}.0 MB;" in texto, f
    ruta = tmp_path / "revisiones_rendimiento.md"
    ruta.write_text(texto, encoding="utf-8")
    linea = rb.linea_rendimiento(ruta)
    assert "ACNUR, Banxico, el Darién, la OIM y la ENOE" in linea and "1.57×" in linea, linea
