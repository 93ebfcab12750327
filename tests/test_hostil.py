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
from conftest import CRUDOS, RAIZ, abrir, apuntar, avisos, construir_en, desplegar, limpiar_caches, tarjetas

from tablero import consultas

PAGINAS = ["panorama", "encuentros", "refugio_empleo", "imss", "vacantes", "territorio", "fuentes"]

SQL_1 = "' OR 1=1 --"
SQL_2 = "2023-01'); DROP TABLE cifras; --"
COMILLAS = "\"'`;\\\"><script>alert(1)</script>"
ENORME = "9" * 10_000
HOSTILES = [SQL_1, SQL_2, COMILLAS, ENORME]
# Parámetros que lee cada página (los de app.py —idioma, presentacion— se leen en la primera ejecución).
PARAMETROS = {
    "panorama": ["idioma", "presentacion"],
    "encuentros": ["desde", "hasta", "top", "paises", "sexo", "edad", "medida", "log", "sumar", "seccion"],
    "encuentros_asilo": ["asilo_desde", "asilo_hasta"],  # los lee la pestaña de asilo, abierta con ?seccion=asilo
    "proyecciones": ["series", "horizonte", "historia", "seccion"],
    "territorio": ["trimestre", "capas", "mmp_desde", "mmp_hasta", "causas"],
    "fuentes": [],  # `buscar` es texto libre: se prueba aparte
    "refugio_empleo": [], "imss": [], "vacantes": [],
}
# Páginas que se abren en una pestaña fija (`?seccion=`) para leer los parámetros de esa pestaña.
ABRIR = {"encuentros_asilo": ("encuentros", {"seccion": "asilo"})}
FRAGMENTO = "<script>alert(1)</script><b>x</b>"


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
    limpiar_caches()  # catálogo nuevo (con la conexión que registra) y sin resultados en caché
    yield registro
    limpiar_caches()


def _sql_permitido(parquet: Path) -> tuple[set[str], re.Pattern]:
    textos = {c.sql for c in consultas.cargar_consultas().values()}
    textos |= {f'CREATE VIEW "{v.nombre}" AS {v.sql}' for v in consultas.cargar_vistas().values()}
    textos |= {f'CREATE MACRO "{m.nombre}"{m.sql}' for m in consultas.cargar_macros().values()}
    carpeta = re.escape(str(parquet.resolve()))
    vista = re.compile(rf"""CREATE (?:VIEW|TABLE) "[a-z_]+" AS SELECT \* FROM read_parquet\('{carpeta}/[a-z_]+\.parquet'\)""")
    return textos, vista


def _comprobar_sql(registro, parquet: Path, hostiles, enlazado: str | None = None) -> None:
    """Todo el SQL es texto fijo de consultas.sql; ningún valor hostil llega en el texto ni como parámetro,
    salvo (si se dice) como el valor exacto del parámetro enlazado `enlazado` (texto libre de búsqueda)."""
    assert registro, "la página no consultó nada: la prueba no prueba nada"
    textos, vista = _sql_permitido(parquet)
    enlazados = 0
    for sql, parametros in registro:
        assert sql in textos or vista.fullmatch(sql), f"SQL fuera de consultas.sql: {sql[:200]!r}"
        for malo in hostiles:
            assert malo not in sql
            for nombre, v in (parametros or {}).items():
                if nombre == enlazado and v == malo:
                    enlazados += 1
                    continue
                assert malo not in str(v), f"un valor de la URL llegó como parámetro: {str(parametros)[:200]}"
    if enlazado:
        assert enlazados, f"el texto de ?{enlazado}= nunca llegó como parámetro enlazado: la prueba no prueba nada"


@pytest.mark.parametrize("valor", HOSTILES, ids=["or_1_1", "drop_table", "comillas_script", "diez_mil"])
@pytest.mark.parametrize("pagina", ["panorama", "encuentros", "encuentros_asilo", "territorio", "proyecciones"])
def test_parametros_hostiles_se_avisan_y_no_llegan_al_sql(pagina, valor, sql_ejecutado, tablero):
    nombres = PARAMETROS[pagina]
    archivo, fijos = ABRIR.get(pagina, (pagina, {}))
    at = abrir(archivo, **fijos, **{n: valor for n in nombres})
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "la página se dibuja"
    texto_avisos = avisos(at)
    for nombre in nombres:
        assert f"«{nombre}=" in texto_avisos.replace("\\", ""), f"sin aviso visible para ?{nombre}=: {texto_avisos[:300]}"
    assert valor[:60] in texto_avisos or valor[:60].replace("\\", "") in texto_avisos.replace("\\", "")
    assert len(texto_avisos) < 3000, "el aviso recorta el valor: nunca 10 000 caracteres en pantalla"
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
    from tablero.componentes import escapar_md
    from tablero.textos import t

    malo = "cifras'; DROP TABLE cifras; --"
    at = abrir("panorama", tabla=malo, utm_source="correo")
    assert not at.exception
    mostrados = [w.value for w in at.warning]
    for nombre, valor in (("tabla", malo), ("utm_source", "correo")):
        assert t("param_invalido", "es", nombre=escapar_md(nombre), valor=escapar_md(valor)) in mostrados, \
            "un parámetro desconocido se ignora sin aviso"
    assert "tabla" not in at.query_params and "utm_source" not in at.query_params
    at.switch_page("paginas/imss.py").run()
    assert not at.exception and "tabla" not in avisos(at)


@pytest.mark.parametrize("valor", [SQL_1, SQL_2, COMILLAS])
def test_busqueda_de_fuentes_es_texto_no_sql(valor, sql_ejecutado, tablero):
    """`?buscar=` es texto libre: se acepta si es corto y llega a DuckDB sólo como el valor del parámetro
    enlazado `$buscar` (nunca dentro del texto SQL); no encuentra nada y no rompe la página."""
    at = abrir("fuentes", buscar=valor)
    assert not at.exception and not at.error
    assert at.text_input[0].value == valor
    cifras = next(d.value for d in at.dataframe if "cifra_id" in d.value.columns)  # la de cifras, no la de frescura
    assert cifras.empty, "el texto hostil no es SQL: no coincide con ninguna cifra"
    _comprobar_sql(sql_ejecutado, tablero, [valor], enlazado="buscar")


@pytest.mark.parametrize("valor", [ENORME, "abc\x00def", "x\ny"])
def test_busqueda_enorme_o_con_control_se_avisa(valor, tablero):
    at = abrir("fuentes", buscar=valor)
    assert not at.exception and not at.error
    assert "«buscar=" in avisos(at)
    assert at.text_input[0].value == ""


def test_ninguna_pagina_importa_duckdb_ni_arma_sql():
    """Sólo consultas.py (y el ETL y el banco) hablan con DuckDB; páginas, app e interfaz piden consultas por nombre."""
    rutas = [RAIZ / "app.py", *sorted((RAIZ / "paginas").glob("*.py")),
             *[r for r in sorted((RAIZ / "tablero").rglob("*.py")) if r.name != "consultas.py"]]
    assert len(rutas) > 10, "la lista de archivos revisados quedó vacía"
    for ruta in rutas:
        texto = ruta.read_text(encoding="utf-8")
        assert "import duckdb" not in texto, ruta
        assert not re.search(r"\.execute\(|\.sql\(|FROM read_parquet|SELECT\s", texto), f"{ruta.name} arma SQL"


# --------------------------------------------------------------------------- HTML y script en los datos

def _crudos_hostiles(destino: Path) -> Path:
    """Copia de datos/crudos donde el texto de un documento, su título y la cita de una cifra titular
    llevan HTML y script (de forma coherente: el ETL comprueba la cita contra el documento)."""
    crudos = destino / "crudos"
    shutil.copytree(CRUDOS, crudos)
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
    base = tmp_path_factory.mktemp("hostil")
    crudos = _crudos_hostiles(base)
    destino = construir_en(crudos, base / "parquet")
    cifras = consultas.Catalogo(destino).ejecutar("cifras_titulares", idioma="es")
    familia = cifras.loc[cifras["cita"].str.contains(FRAGMENTO, regex=False), "familia"].iloc[0]
    return crudos, destino, familia


def test_html_de_documentos_y_citas_se_muestra_como_texto(tablas_hostiles, monkeypatch):
    crudos, destino, familia = tablas_hostiles
    apuntar(monkeypatch, destino, crudos)
    pagina_familia = {"refugio_empleo": "refugio_empleo", "imss": "imss", "encuentros": "encuentros",
                      "vacantes": "vacantes"}.get(familia, "fuentes")
    for pagina in dict.fromkeys(["panorama", pagina_familia]):
        at = abrir(pagina)
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        # la cita con su script aparece entera y literal en el «Fuente» de su tarjeta, también en su contexto
        leidas = [x for x in tarjetas(at) if FRAGMENTO in x["fuente"]]
        assert leidas, "ninguna tarjeta muestra la cita hostil"
        assert any(f"{FRAGMENTO}»" in x["fuente"] and any(FRAGMENTO in c for c in x["contexto"]) for x in leidas)
        # ningún elemento HTML crudo lleva datos sin escapar (app.py pone CSS fijo; las tarjetas, texto escapado)
        for h in at.get("html"):
            assert "<script" not in h.proto.body and "<b>x" not in h.proto.body, h.proto.body[:200]
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


def _constantes_de_modulos(archivos: list[Path]) -> dict[str, str]:
    """Constantes de texto de cada módulo del tablero, también como `modulo.NOMBRE` (p. ej. `estilo.CSS_TARJETAS`)."""
    salida = {}
    for ruta in archivos:
        for nombre, valor in _constantes(ast.parse(ruta.read_text(encoding="utf-8"))).items():
            salida[f"{ruta.stem}.{nombre}"] = valor
    return salida


# La única función que pone HTML con datos: lo toma de `tablero.tarjetas.rejilla`, que escapa cada texto.
HTML_DE_TARJETAS = {("componentes.py", "rejilla")}


def _funciones(arbol: ast.Module) -> dict[int, str]:
    """Línea → nombre de la función (de primer nivel) que la contiene."""
    return {n.lineno: f.name for f in arbol.body if isinstance(f, ast.FunctionDef) for n in ast.walk(f) if hasattr(n, "lineno")}


def test_ningun_html_crudo_recibe_datos():
    """st.html, components.html y unsafe_allow_html=True sólo con CSS fijo escrito en el código (un literal
    `<style>…</style>` o una constante de módulo con él, p. ej. `estilo.CSS_TARJETAS`), salvo las tarjetas:
    `componentes.rejilla`, cuyo HTML sale de `tablero.tarjetas.rejilla` (todo texto escapado,
    `test_tarjetas_escapan_cada_texto`) sin armar cadenas propias. Nunca algo de los datos o la URL sin escapar."""
    archivos = [RAIZ / "app.py", *sorted((RAIZ / "tablero").rglob("*.py")), *sorted((RAIZ / "paginas").glob("*.py"))]
    de_modulos = _constantes_de_modulos(archivos)
    vistos, de_tarjetas = 0, set()
    for ruta in archivos:
        arbol = ast.parse(ruta.read_text(encoding="utf-8"))
        constantes = _constantes(arbol) | de_modulos
        funciones = _funciones(arbol)
        for llamada in _llamadas_html(arbol):
            funcion = funciones.get(llamada.lineno)
            if (ruta.name, funcion) in HTML_DE_TARJETAS:
                definicion = next(f for f in arbol.body if isinstance(f, ast.FunctionDef) and f.name == funcion)
                # lo que llega a st.html: su argumento o, si es una variable, lo que se le asignó en la función
                arg = llamada.args[0]
                origen = [arg] + [n.value for n in ast.walk(definicion) if isinstance(n, ast.Assign) and isinstance(arg, ast.Name)
                                  and any(getattr(x, "id", None) == arg.id for x in n.targets)]
                assert all("tarjetas_html.rejilla(" in ast.unparse(o) or isinstance(o, ast.Name) for o in origen) \
                    and any("tarjetas_html.rejilla(" in ast.unparse(o) for o in origen), f"{funcion}: HTML que no sale de tarjetas.rejilla"
                assert not any(isinstance(n, (ast.JoinedStr, ast.BinOp)) or getattr(n, "attr", "") == "format"
                               for o in origen for n in ast.walk(o)), f"{funcion}: arma cadenas propias para HTML crudo"
                de_tarjetas.add(funcion)
                continue
            arg = llamada.args[0] if llamada.args else None
            if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
                texto = constantes.get(f"{arg.value.id}.{arg.attr}")
            else:
                texto = (arg.value if isinstance(arg, ast.Constant) else constantes.get(getattr(arg, "id", ""))) if arg else None
            assert isinstance(texto, str), f"{ruta.name}:{llamada.lineno}: HTML crudo con algo que no es una constante"
            assert texto.strip().startswith("<style>") and texto.strip().endswith("</style>"), \
                f"{ruta.name}:{llamada.lineno}: HTML crudo que no es sólo CSS"
            assert "{" not in texto.split("<style>")[0], ruta
            vistos += 1
    assert vistos >= 1, "app.py pone al menos su CSS fijo (si se quitó, actualizar esta prueba)"
    assert de_tarjetas == {f for _, f in HTML_DE_TARJETAS}, f"funciones de tarjetas que ya no ponen HTML: {de_tarjetas}"
    for ruta in archivos:  # ni f-strings ni .format() alimentando HTML crudo
        assert not re.search(r"unsafe_allow_html\s*=\s*True", ruta.read_text(encoding="utf-8")), \
            f"{ruta.name} usa unsafe_allow_html=True"


def test_tarjetas_escapan_cada_texto():
    """Cada campo de una tarjeta (etiqueta, valor, pie, cita, documento, contexto, nota…) con HTML hostil sale
    escapado: ninguna etiqueta del dato llega al navegador, y el texto se lee entero y literal."""
    from conftest import _LectorTarjetas

    from tablero import tarjetas as th

    f = FRAGMENTO
    textos = {k: f"{k} {f}" for k in ("fuente", "cita", "nota", "contexto", "cita_no_encontrada")}
    tarjeta = th.Tarjeta(etiqueta=f, valor=f, pie=[f], pie_con_titulo=[(f, f)], cifra_id=f"'{f}", encabezado=f,
                         fuentes=[th.Fuente(cita=f, renglones=[(f, f)], contextos=[(f, (f, f, f)), (f, None)], nota=f)])
    html = th.rejilla([tarjeta], textos, por_fila=3)
    assert "<script" not in html and "<b>x" not in html and "='<" not in html
    lector = _LectorTarjetas()
    lector.feed(html)
    [leida] = lector.tarjetas
    assert leida["cifra_id"] == f"'{f}"
    assert leida["etiqueta"] == leida["valor"] == leida["encabezado"] == f
    assert leida["pie"] == [f, f"{f}: {f}"]
    assert leida["contexto"] == [f]
    # palabras fijas (5), cita, etiqueta y valor del renglón, nota, contexto (3) y la cita no encontrada
    assert leida["fuente"].count(f) == 13


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
    filas = _celdas(csv_excel.csv_excel(df))
    assert filas[0] == ["texto", "numero", "normal"]
    for original, fila in zip(PELIGROSOS, filas[1:]):
        assert fila[0] == "'" + original, f"{original!r} → {fila[0]!r}"
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


def test_cada_descarga_csv_de_cada_pagina_neutraliza(tablero, descargas, monkeypatch):
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

    monkeypatch.setattr(csv_excel, "csv_excel", constructor_espia)
    botones: list[dict] = []
    for pagina in PAGINAS:
        at = desplegar(abrir(pagina), "abrir_", exigir=False)  # también las de los expansores a pedido
        assert not at.exception, (pagina, at.exception)
        de_pagina = [b | {"pagina": pagina} for b in descargas.botones(at)]
        assert de_pagina, f"{pagina}: sin ninguna descarga"
        botones += de_pagina
    csv_botones = [b for b in botones if b["mime"] == "text/csv" or str(b["archivo"]).endswith(".csv")]
    assert csv_botones, "ninguna descarga CSV"
    for b in csv_botones:
        n = len(revisadas)
        contenido = descargas.pulsar(b)
        assert len(revisadas) == n + 1, f"{b['pagina']}: {b['archivo']} no se armó con el constructor público"
        assert contenido.startswith(b"\xef\xbb\xbf"), f"{b['archivo']}: sin BOM para Excel"
        for fila in _celdas(contenido):
            assert not any(_es_formula(c) for c in fila), f"{b['pagina']}: {b['archivo']}: {fila}"


def test_paquete_zip_no_trae_formulas(tablero, descargas):
    """Las descargas que no son CSV sueltos (el paquete de datos de Fuentes): sus CSV tampoco llevan celdas
    que Excel evalúe (con los datos incluidos, el texto de un documento empieza con «- »)."""
    at = abrir("fuentes")
    zips = [b for b in descargas.botones(at) if str(b["archivo"]).endswith(".zip")]
    assert zips, "Fuentes no ofrece el paquete de datos: la prueba no revisaría nada"
    for b in zips:
        with zipfile.ZipFile(io.BytesIO(descargas.pulsar(b))) as z:
            csvs = [n for n in z.namelist() if n.endswith(".csv")]
            assert csvs, f"{b['archivo']}: el paquete no trae CSV"
            for nombre in csvs:
                for fila in _celdas(z.read(nombre)):
                    malas = [c[:80] for c in fila if _es_formula(c)]
                    assert not malas, f"{b['archivo']}: {nombre}: celda que Excel tomaría por fórmula: {malas}"
