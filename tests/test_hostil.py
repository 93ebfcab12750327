"""Entradas hostiles que llegan al tablero (las de los archivos crudos están en test_entradas_hostiles.py):

- parámetros de la URL con SQL, comillas, valores enormes o desconocidos: se avisan y se ignoran, y el único
  SQL que llega a DuckDB es el texto fijo de consultas.sql (más las vistas que crea consultas.py);
- texto de documentos y citas con HTML o script: se muestra como texto, nunca se interpreta; ningún
  `unsafe_allow_html`/`st.html` recibe datos;
- celdas de texto que empiezan con = + - @: neutralizadas en cada descarga CSV de cada página.
"""

from __future__ import annotations

import ast
import csv
import io
import itertools
import re
import shutil
import types
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tablero import consultas, datos

RAIZ = Path(__file__).resolve().parent.parent
APP = str(RAIZ / "app.py")
PAGINAS = ["panorama", "encuentros", "refugio_empleo", "imss", "vacantes", "territorio", "fuentes"]

SQL_1 = "' OR 1=1 --"
SQL_2 = "2023-01'); DROP TABLE cifras; --"
COMILLAS = "\"'`;\\\"><script>alert(1)</script>"
ENORME = "9" * 10_000
HOSTILES = [SQL_1, SQL_2, COMILLAS, ENORME]
# Parámetros que lee cada página (los de app.py —idioma, presentacion— se leen en la primera ejecución).
PARAMETROS = {
    "panorama": ["idioma", "presentacion"],
    "encuentros": ["desde", "hasta", "top", "paises", "sexo", "edad", "asilo_desde", "asilo_hasta"],
    "territorio": ["trimestre", "capas", "mmp_desde", "mmp_hasta", "causas"],
    "fuentes": [],  # `buscar` es texto libre: se prueba aparte
    "refugio_empleo": [], "imss": [], "vacantes": [],
}
FRAGMENTO = "<script>alert(1)</script><b>x</b>"


def abrir(pagina: str, /, **parametros) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(parametros)
    at.run()
    if pagina != "panorama":
        at.switch_page(f"paginas/{pagina}.py").run()
    return at


def limpiar_cachés() -> None:
    datos._catalogo.clear()
    datos._consulta.clear()


# --------------------------------------------------------------------------- SQL que llega a DuckDB

class _Cursor:
    def __init__(self, real, registro):
        self._real, self._registro = real, registro

    def execute(self, sql, parametros=None):
        self._registro.append((sql, parametros))
        return self._real.execute(sql, parametros)

    def __getattr__(self, nombre):
        return getattr(self._real, nombre)


class _Conexion(_Cursor):
    def cursor(self):
        return _Cursor(self._real.cursor(), self._registro)


@pytest.fixture
def sql_ejecutado(tablero, monkeypatch) -> list[tuple[str, dict | None]]:
    """Cada (texto SQL, parámetros) que consultas.py manda a DuckDB mientras dura la prueba."""
    registro: list[tuple[str, dict | None]] = []
    falso = types.SimpleNamespace(connect=lambda *a, **k: _Conexion(duckdb.connect(*a, **k), registro),
                                  Error=duckdb.Error)
    monkeypatch.setattr(consultas, "duckdb", falso)
    limpiar_cachés()  # catálogo nuevo (con la conexión que registra) y sin resultados en caché
    yield registro
    limpiar_cachés()


def _sql_permitido(parquet: Path) -> tuple[set[str], re.Pattern]:
    textos = {c.sql for c in consultas.cargar_consultas().values()}
    carpeta = re.escape(str(parquet.resolve()))
    vista = re.compile(rf"""CREATE VIEW "[a-z_]+" AS SELECT \* FROM read_parquet\('{carpeta}/[a-z_]+\.parquet'\)""")
    return textos, vista


def _comprobar_sql(registro, parquet: Path, hostiles) -> None:
    assert registro, "la página no consultó nada: la prueba no prueba nada"
    textos, vista = _sql_permitido(parquet)
    for sql, parametros in registro:
        assert sql in textos or vista.fullmatch(sql), f"SQL fuera de consultas.sql: {sql[:200]!r}"
        for malo in hostiles:
            assert malo not in sql
            assert all(malo not in str(v) for v in (parametros or {}).values()), \
                f"un valor de la URL llegó como parámetro: {str(parametros)[:200]}"


def _avisos(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


@pytest.mark.parametrize("valor", HOSTILES, ids=["or_1_1", "drop_table", "comillas_script", "diez_mil"])
@pytest.mark.parametrize("pagina", ["panorama", "encuentros", "territorio"])
def test_parametros_hostiles_se_avisan_y_no_llegan_al_sql(pagina, valor, sql_ejecutado, tablero):
    nombres = PARAMETROS[pagina]
    at = abrir(pagina, **{n: valor for n in nombres})
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "la página se dibuja"
    avisos = _avisos(at)
    for nombre in nombres:
        assert f"«{nombre}=" in avisos, f"sin aviso visible para ?{nombre}=: {avisos[:300]}"
    assert valor[:60] in avisos or valor[:60].replace("\\", "") in avisos.replace("\\", "")
    assert len(avisos) < 3000, "el aviso recorta el valor: nunca 10 000 caracteres en pantalla"
    for nombre in nombres:  # el valor malo no queda en la URL que se comparte después
        assert valor not in str(at.query_params.get(nombre, ""))
    _comprobar_sql(sql_ejecutado, tablero, [valor])


@pytest.mark.parametrize("pagina", ["refugio_empleo", "imss", "vacantes", "fuentes"])
def test_parametros_desconocidos_no_rompen_ni_llegan_al_sql(pagina, sql_ejecutado, tablero):
    """Parámetros que ninguna página lee (p. ej. los que agrega un filtro de correo): no rompen nada y no
    llegan a DuckDB. Los de otra página (`?desde=` en Imss) tampoco."""
    parametros = {"pagina": SQL_2, "tabla": "cifras; DROP TABLE cifras", "desde": SQL_1, SQL_1: COMILLAS,
                  "utm_source": ENORME}
    at = abrir(pagina, **parametros)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title
    _comprobar_sql(sql_ejecutado, tablero, HOSTILES + list(parametros.values()))


def test_parametro_desconocido_se_avisa(tablero):
    """Un nombre de parámetro que ninguna página conoce (`?tabla=…`) se avisa en la primera vista y se quita de la URL."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(tabla="cifras'; DROP TABLE cifras; --", utm_source="correo")
    at.run()
    assert not at.exception
    avisos = _avisos(at)
    assert "tabla" in avisos and "utm_source" in avisos, "un parámetro desconocido se ignora sin aviso"
    assert "tabla" not in at.query_params and "utm_source" not in at.query_params
    at.switch_page("paginas/imss.py").run()
    assert not at.exception and "tabla" not in _avisos(at)


@pytest.mark.parametrize("valor", [SQL_1, SQL_2, COMILLAS])
def test_busqueda_de_fuentes_es_texto_no_sql(valor, sql_ejecutado, tablero):
    """`?buscar=` es texto libre: se acepta si es corto, filtra en pandas y nunca llega a DuckDB."""
    at = abrir("fuentes", buscar=valor)
    assert not at.exception and not at.error
    assert at.text_input[0].value == valor
    _comprobar_sql(sql_ejecutado, tablero, [valor])


@pytest.mark.parametrize("valor", [ENORME, "abc\x00def", "x\ny"])
def test_busqueda_enorme_o_con_control_se_avisa(valor, tablero):
    at = abrir("fuentes", buscar=valor)
    assert not at.exception and not at.error
    assert "«buscar=" in _avisos(at)
    assert at.text_input[0].value == ""


def test_ninguna_pagina_importa_duckdb_ni_arma_sql():
    """Sólo consultas.py (y el ETL y el banco) hablan con DuckDB; páginas, app e interfaz piden consultas por nombre."""
    for ruta in [RAIZ / "app.py", RAIZ / "datos.py", RAIZ / "interfaz.py", *sorted((RAIZ / "paginas").glob("*.py"))]:
        texto = ruta.read_text(encoding="utf-8")
        assert "import duckdb" not in texto, ruta
        assert not re.search(r"\.execute\(|\.sql\(|read_parquet|SELECT\s", texto), f"{ruta.name} arma SQL"


# --------------------------------------------------------------------------- HTML y script en los datos

def _crudos_hostiles(destino: Path) -> Path:
    """Copia de datos/crudos donde el texto de un documento, su título y la cita de una cifra titular
    llevan HTML y script (de forma coherente: el ETL comprueba la cita contra el documento)."""
    crudos = destino / "crudos"
    shutil.copytree(RAIZ / "datos" / "crudos", crudos)
    cifras = pd.read_csv(crudos / "cifras.csv", dtype=str, keep_default_na=False)
    fila = cifras[cifras["titular"] == "1"].iloc[-1]  # una cifra de tarjeta del Panorama
    doc = crudos / "fuentes" / f"{fila['documento_id']}.txt"
    texto = doc.read_text(encoding="utf-8")
    patron = r"\s+".join(re.escape(p) for p in fila["cita"].split())
    texto, n = re.subn(patron, lambda m: m.group(0) + " " + FRAGMENTO, texto, count=1)
    assert n == 1, "la cita debe estar en su documento"
    doc.write_text(texto, encoding="utf-8")
    cifras.loc[cifras["cifra_id"] == fila["cifra_id"], "cita"] = fila["cita"] + " " + FRAGMENTO
    cifras.to_csv(crudos / "cifras.csv", index=False)
    documentos = pd.read_csv(crudos / "documentos.csv", dtype=str, keep_default_na=False)
    documentos.loc[documentos["documento_id"] == fila["documento_id"], "titulo"] += " " + FRAGMENTO
    documentos.to_csv(crudos / "documentos.csv", index=False)
    return crudos


@pytest.fixture(scope="module")
def tablas_hostiles(tmp_path_factory) -> tuple[Path, Path, str]:
    from etl.construir import construir

    base = tmp_path_factory.mktemp("hostil")
    crudos = _crudos_hostiles(base)
    destino = base / "parquet"
    construir(crudos, destino)
    cifras = consultas.Catalogo(destino).ejecutar("cifras_titulares")
    familia = cifras.loc[cifras["cita"].str.contains(FRAGMENTO, regex=False), "familia"].iloc[0]
    return crudos, destino, familia


def _elementos(at: AppTest, tipo: str) -> list:
    return list(at.get(tipo))


def test_html_de_documentos_y_citas_se_muestra_como_texto(tablas_hostiles, monkeypatch):
    crudos, destino, familia = tablas_hostiles
    monkeypatch.setenv("TABLERO_PARQUET", str(destino))
    monkeypatch.setenv("TABLERO_CRUDOS", str(crudos))
    monkeypatch.chdir(RAIZ)
    pagina_familia = {"refugio_empleo": "refugio_empleo", "imss": "imss", "encuentros": "encuentros",
                      "vacantes": "vacantes"}.get(familia, "fuentes")
    for pagina in dict.fromkeys(["panorama", pagina_familia]):
        at = abrir(pagina)
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        # la cita con su script aparece literal en un elemento de texto plano (st.text)
        textos = " ".join(x.value for x in at.text)
        assert f"{FRAGMENTO}»" in textos, "la cita se muestra entera y literal"
        assert "[[ " in textos and FRAGMENTO in textos.split("[[", 1)[1], "también en su contexto del documento"
        # ningún elemento HTML crudo lleva datos (app.py sólo pone CSS fijo)
        for h in _elementos(at, "html"):
            assert "alert" not in h.proto.body and "<b>x" not in h.proto.body, h.proto.body[:200]
        # markdown/caption: si el fragmento aparece, va escapado y sin permitir HTML
        for el in [*at.markdown, *at.caption]:
            assert not el.proto.allow_html or "alert" not in el.value, el.value[:200]
            if "script" in el.value:
                assert "<script>" not in el.value, f"HTML sin escapar en markdown: {el.value[:200]}"
        # títulos y líneas de fuente de las gráficas: el HTML de los datos va escapado
        for g in at.get("plotly_chart"):
            spec = g.proto.spec
            assert "<script>" not in spec and "<b>x</b>" not in spec


def _llamadas_html(arbol: ast.AST) -> list[ast.Call]:
    llamadas = []
    for nodo in ast.walk(arbol):
        if not isinstance(nodo, ast.Call):
            continue
        func = nodo.func
        nombre = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        inseguro = any(k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                       for k in nodo.keywords)
        if nombre == "html" or inseguro:
            llamadas.append(nodo)
    return llamadas


def _constantes(arbol: ast.Module) -> dict[str, str]:
    return {t.id: n.value.value for n in arbol.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            and isinstance(n.value.value, str) for t in n.targets if isinstance(t, ast.Name)}


def test_ningun_html_crudo_recibe_datos():
    """st.html, components.html y unsafe_allow_html=True sólo con CSS fijo escrito en el código (un literal
    `<style>…</style>` o una constante de módulo con él); nunca con algo que venga de los datos o la URL."""
    archivos = [RAIZ / "app.py", RAIZ / "interfaz.py", RAIZ / "graficos.py", RAIZ / "datos.py", RAIZ / "formato.py",
                *sorted((RAIZ / "paginas").glob("*.py"))]
    if (RAIZ / "exportar.py").exists():
        archivos.append(RAIZ / "exportar.py")
    vistos = 0
    for ruta in archivos:
        arbol = ast.parse(ruta.read_text(encoding="utf-8"))
        constantes = _constantes(arbol)
        for llamada in _llamadas_html(arbol):
            arg = llamada.args[0] if llamada.args else None
            texto = (arg.value if isinstance(arg, ast.Constant) else constantes.get(getattr(arg, "id", ""))) if arg else None
            assert isinstance(texto, str), f"{ruta.name}:{llamada.lineno}: HTML crudo con algo que no es una constante"
            assert texto.strip().startswith("<style>") and texto.strip().endswith("</style>"), \
                f"{ruta.name}:{llamada.lineno}: HTML crudo que no es sólo CSS"
            assert "{" not in texto.split("<style>")[0], ruta
            vistos += 1
    assert vistos >= 1, "app.py pone al menos su CSS fijo (si se quitó, actualizar esta prueba)"
    for ruta in archivos:  # ni f-strings ni .format() alimentando HTML crudo
        assert not re.search(r"unsafe_allow_html\s*=\s*True", ruta.read_text(encoding="utf-8")), \
            f"{ruta.name} usa unsafe_allow_html=True"


# --------------------------------------------------------------------------- CSV: fórmulas neutralizadas

PELIGROSOS = ["=1+1", "+x", "-x", "@x", "=HYPERLINK(\"http://x\",\"y\")", "\t=1", "\r=1"]


def _celdas(contenido: bytes) -> list[list[str]]:
    limite = csv.field_size_limit(1 << 30)  # la geometría de las entidades es una sola celda grande
    try:
        return list(csv.reader(io.StringIO(contenido.decode("utf-8-sig"), newline="")))
    finally:
        csv.field_size_limit(limite)


def test_constructor_csv_neutraliza_formulas():
    from tablero.exportar import csv_excel

    df = pd.DataFrame({"texto": PELIGROSOS, "numero": [-1, 2, -3.5, 0, 5, 6, 7], "normal": ["a"] * len(PELIGROSOS)})
    for constructor in (csv_excel.csv_excel, csv_excel.csv_excel):
        filas = _celdas(constructor(df))
        assert filas[0] == ["texto", "numero", "normal"]
        for original, fila in zip(PELIGROSOS, filas[1:]):
            assert fila[0] == "'" + original, f"{constructor.__qualname__}: {original!r} → {fila[0]!r}"
            assert fila[2] == "a"
        assert [float(f[1]) for f in filas[1:]] == [-1, 2, -3.5, 0, 5, 6, 7], "los números (también negativos) no se tocan"


def _es_formula(celda: str) -> bool:
    if not celda or celda[0] not in "=+-@\t\r":
        return False
    try:
        float(celda)
        return False  # un número negativo o con signo es un número, no una fórmula
    except ValueError:
        return True


@pytest.fixture
def descargas(tablero, monkeypatch):
    """Cada st.download_button que dibujan las páginas: (página, etiqueta, nombre, mime, datos)."""
    import streamlit as st

    llamadas: list[dict] = []
    original = st.download_button

    def espia(label, data=None, file_name=None, mime=None, *a, **k):
        llamadas.append({"label": label, "data": data, "file_name": file_name, "mime": mime, "key": k.get("key")})
        return original(label, data, file_name, mime, *a, **k)

    monkeypatch.setattr(st, "download_button", espia)
    return llamadas


def test_cada_descarga_csv_de_cada_pagina_neutraliza(descargas, monkeypatch):
    """Cada botón CSV de cada página arma sus bytes con el constructor público, y éste neutraliza las celdas
    peligrosas en la tabla real de ese botón (se le añade una columna con = + - @ y se revisa la salida)."""
    from tablero.exportar import csv_excel

    real = csv_excel.csv_excel
    revisadas: list[str] = []

    def constructor_espia(df: pd.DataFrame) -> bytes:
        prueba = df.copy()
        prueba["columna_hostil"] = list(itertools.islice(itertools.cycle(PELIGROSOS), len(prueba)))
        filas = _celdas(real(prueba))
        i = filas[0].index("columna_hostil")
        for fila in filas[1:]:
            assert fila[i].startswith("'"), f"celda sin neutralizar: {fila[i]!r}"
            assert not any(_es_formula(c) for c in fila), f"celda tipo fórmula en la descarga: {fila}"
        revisadas.append(",".join(map(str, df.columns)))
        return real(df)

    monkeypatch.setattr(exportar, "csv_excel", constructor_espia)
    por_pagina: dict[str, int] = {}
    for pagina in PAGINAS:
        antes = len(descargas)
        at = abrir(pagina)
        assert not at.exception, (pagina, at.exception)
        por_pagina[pagina] = len(descargas) - antes
        for d in descargas[antes:]:
            d["pagina"] = pagina
    csv_botones = [d for d in descargas if (d["mime"] or "").startswith("text/csv") or str(d["file_name"]).endswith(".csv")]
    assert csv_botones, "ninguna descarga CSV"
    sin_descarga = [p for p in PAGINAS if not por_pagina[p]]
    assert not sin_descarga, f"páginas sin ninguna descarga: {sin_descarga}"
    for d in csv_botones:
        n = len(revisadas)
        datos_boton = d["data"]() if callable(d["data"]) else d["data"]
        assert isinstance(datos_boton, bytes), d["file_name"]
        assert len(revisadas) == n + 1, f"{d['pagina']}: {d['file_name']} no se armó con el constructor público"
        assert datos_boton.startswith(b"\xef\xbb\xbf"), f"{d['file_name']}: sin BOM para Excel"
        for fila in _celdas(datos_boton):
            assert not any(_es_formula(c) for c in fila), f"{d['pagina']}: {d['file_name']}: {fila}"


def test_paquete_zip_no_trae_formulas(descargas, monkeypatch):
    """Las descargas que no son CSV sueltos (el paquete de datos de Fuentes): sus CSV tampoco llevan celdas
    que Excel evalúe (con los datos incluidos, el texto de un documento empieza con «- »)."""
    abrir("fuentes")
    zips = [d for d in descargas if str(d["file_name"]).endswith(".zip")]
    for d in zips:
        contenido = d["data"]() if callable(d["data"]) else d["data"]
        with zipfile.ZipFile(io.BytesIO(contenido)) as z:
            for nombre in z.namelist():
                if nombre.endswith(".csv"):
                    for fila in _celdas(z.read(nombre)):
                        malas = [c[:80] for c in fila if _es_formula(c)]
                        assert not malas, f"{d['file_name']}: {nombre}: celda que Excel tomaría por fórmula: {malas}"


def test_descargas_mismas_columnas_que_lo_mostrado(descargas):
    """Sanidad del espía: el CSV de la gráfica mensual de Encuentros se puede leer y trae columnas de fuente."""
    abrir("encuentros")
    mensual = [d for d in descargas if str(d["key"] or "").startswith("csv_mensual")]
    assert mensual
    datos_boton = mensual[0]["data"]() if callable(mensual[0]["data"]) else mensual[0]["data"]
    tabla = pd.read_csv(io.BytesIO(datos_boton), encoding="utf-8-sig")
    assert {"mes", "eventos", "fuente"} <= set(tabla.columns)
