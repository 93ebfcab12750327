"""Un solo catálogo de textos: cada clave en ambos idiomas, cada clave usada existe y ninguna página ni
app.py escribe texto visible suelto."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from tablero.textos import IDIOMAS, TEXTOS, categoria, tabla_en_idioma

RAIZ = Path(__file__).resolve().parent.parent
PAGINAS_Y_APP = [RAIZ / "app.py", *sorted((RAIZ / "paginas").glob("*.py"))]
SIN_TEXTO_SUELTO = [*PAGINAS_Y_APP, *sorted((RAIZ / "tablero" / "exportar").glob("*.py"))]
# Cadenas de las exportaciones que no se muestran: claves para reconocer la licencia escrita en una ficha.
NO_VISIBLES = {("paquete.py", "cc by 4.0"), ("paquete.py", "dominio público"), ("paquete.py", "public domain")}
# Literales de consultas.sql que son valores de los datos (la región de la CBP), no texto para personas.
VALORES_EN_SQL = {"Southwest Land Border"}
USAN_TEXTOS = [*SIN_TEXTO_SUELTO, *sorted((RAIZ / "tablero").rglob("*.py"))]
# Un texto para personas: dos palabras seguidas, o una palabra con mayúscula inicial («Territorio»).
_TEXTO_VISIBLE = re.compile(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}|^[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+")


def _campos(plantilla: str) -> set[str]:
    return {c for _, c, _, _ in string.Formatter().parse(plantilla) if c}


@pytest.mark.parametrize("clave", sorted(TEXTOS))
def test_cada_clave_en_ambos_idiomas_con_los_mismos_campos(clave):
    entrada = TEXTOS[clave]
    assert set(entrada) == set(IDIOMAS), f"{clave}: idiomas {sorted(entrada)}"
    assert all(entrada[i].strip() for i in IDIOMAS), f"{clave}: texto vacío"
    assert _campos(entrada["es"]) == _campos(entrada["en"]), f"{clave}: campos distintos entre idiomas"


def _docstrings(arbol: ast.AST) -> set[int]:
    ids = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, (ast.Module, ast.FunctionDef, ast.ClassDef)) and nodo.body:
            primero = nodo.body[0]
            if isinstance(primero, ast.Expr) and isinstance(primero.value, ast.Constant):
                ids.add(id(primero.value))
    return ids


def _registros(arbol: ast.AST) -> set[int]:
    """Mensajes de `logging` (para quien opera el servidor, no para la usuaria)."""
    niveles = {"debug", "info", "warning", "error", "exception", "critical"}
    return {id(a) for n in ast.walk(arbol) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr in niveles and isinstance(n.func.value, ast.Name) and n.func.value.id == "log"
            for a in n.args}


def _errores(arbol: ast.AST) -> set[int]:
    """Mensajes de las excepciones que se lanzan (para quien opera o programa; la página dice lo suyo con t())."""
    return {id(c) for n in ast.walk(arbol) if isinstance(n, ast.Raise) and n.exc is not None for c in ast.walk(n.exc)}


def _sueltos(ruta: Path) -> list[tuple[int, str]]:
    arbol = ast.parse(ruta.read_text(encoding="utf-8"))
    fuera = _docstrings(arbol) | _registros(arbol) | _errores(arbol)
    return [
        (n.lineno, n.value) for n in ast.walk(arbol)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in fuera
        and _TEXTO_VISIBLE.search(n.value) and not n.value.lstrip().startswith("<")  # marcado HTML, no texto
        and (ruta.name, n.value) not in NO_VISIBLES
    ]


def _literales_sql(sql: str) -> list[str]:
    """Las cadenas entre comillas simples de consultas.sql, fuera de los comentarios."""
    sin_comentarios = re.sub(r"--[^\n]*", "", sql)
    return [m.group(1).replace("''", "'") for m in re.finditer(r"'((?:[^']|'')*)'", sin_comentarios)]


def _claves_usadas(arbol: ast.AST) -> list[tuple[int, str]]:
    usadas = []
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Name) and nodo.func.id == "t" and nodo.args:
            primero = nodo.args[0]
            if isinstance(primero, ast.Constant) and isinstance(primero.value, str):
                usadas.append((nodo.lineno, primero.value))
    return usadas


@pytest.mark.parametrize("ruta", USAN_TEXTOS, ids=lambda r: str(r.relative_to(RAIZ)))
def test_cada_clave_usada_existe(ruta):
    faltan = [(linea, c) for linea, c in _claves_usadas(ast.parse(ruta.read_text(encoding="utf-8"))) if c not in TEXTOS]
    assert not faltan, f"{ruta.name}: claves sin texto en tablero/textos.py: {faltan}"


def test_las_paginas_usan_el_catalogo():
    """La prueba de claves revisa algo: cada página pide al menos un texto del catálogo."""
    for ruta in PAGINAS_Y_APP:
        assert _claves_usadas(ast.parse(ruta.read_text(encoding="utf-8"))), f"{ruta.name} no usa t()"


@pytest.mark.parametrize("ruta", SIN_TEXTO_SUELTO, ids=lambda r: str(r.relative_to(RAIZ)))
def test_ninguna_pagina_escribe_texto_visible_suelto(ruta):
    """Páginas, app.py y exportaciones (paquete de datos, PNG, CSV, presentación) toman sus textos de
    tablero/textos.py, en los dos idiomas."""
    sueltos = _sueltos(ruta)
    assert not sueltos, f"{ruta.name}: texto visible fuera de tablero/textos.py: {sueltos}"


def test_el_detector_revisa_las_exportaciones(tmp_path):
    """Una cadena para personas en una exportación se detecta; un mensaje de excepción y el marcado HTML no."""
    ruta = tmp_path / "paquete.py"
    ruta.write_text('def f():\n    titulo = "Tablas publicadas"\n    raise ValueError("no es un PNG")\n'
                    'x = "<br><span style=\'color:red\'>"\nclave = "cc by 4.0"\n', encoding="utf-8")
    assert _sueltos(ruta) == [(2, "Tablas publicadas")]


def test_consultas_sql_no_escribe_texto_para_personas():
    """consultas.sql devuelve códigos: ninguna cadena entre comillas es texto visible («Total», «Otras elegidas»,
    el sufijo del trimestre…) salvo valores de los datos nombrados en VALORES_EN_SQL."""
    literales = _literales_sql((RAIZ / "consultas.sql").read_text(encoding="utf-8"))
    assert literales, "no se leyó ningún literal: la prueba no probaría nada"
    sueltos = sorted({v for v in literales if _TEXTO_VISIBLE.search(v)} - VALORES_EN_SQL)
    assert not sueltos, f"texto visible en consultas.sql: {sueltos}"
    assert [v for v in _literales_sql("SELECT 'Total' AS etiqueta -- 'Comentario'\nFROM x WHERE a = 'al_dia'")
            if _TEXTO_VISIBLE.search(v)] == ["Total"]


def test_el_detector_de_texto_suelto_detecta():
    """El patrón reconoce etiquetas y deja pasar nombres de consulta, claves e iconos."""
    for visible in ("Territorio", "Remesas por entidad", "English", "datos completos"):
        assert _TEXTO_VISIBLE.search(visible), visible
    for tecnico in ("cifras_por_familias", "w_idioma", ":material/map:", "paginas/panorama.py", "%Y-%m", "mes"):
        assert not _TEXTO_VISIBLE.search(tecnico), tecnico


def test_categorias_de_los_datos_se_muestran_en_cada_idioma(tablero):
    """Cada categoría de las tablas publicadas tiene nombre en ambos idiomas, tomado del catálogo `etiquetas`."""
    import pyarrow.parquet as pq

    etiquetas = pq.read_table(tablero / "etiquetas.parquet").to_pandas()
    assert not etiquetas.empty
    for tabla, columna in [("eventos_sexo_edad", "sexo"), ("eventos_sexo_edad", "grupo_edad"), ("devoluciones", "tipo"),
                           ("mmp_incidentes", "causa"), ("cbp_encuentros", "componente")]:
        valores = set(pq.read_table(tablero / f"{tabla}.parquet", columns=[columna]).column(0).to_pylist())
        assert valores, f"{tabla}.{columna} vacía"
        for v in valores:
            fila = etiquetas[etiquetas["valor"] == v].iloc[0]
            assert categoria(v, "es") == fila["es"] and categoria(v, "en") == fila["en"], v


def test_tabla_y_csv_en_ingles_llevan_las_categorias_en_ingles(tablero, descargas):
    """Encuentros en inglés, pestaña de sexo y edad: la tabla que se dibuja y su CSV dicen «Men»/«Women» y los
    grupos de edad en inglés (del catálogo), nunca el valor en español."""
    import pyarrow.parquet as pq
    from conftest import abrir, desplegar, leer_csv

    etiquetas = pq.read_table(tablero / "etiquetas.parquet").to_pandas()
    cruda = pq.read_table(tablero / "eventos_sexo_edad.parquet", columns=["sexo", "grupo_edad"]).to_pandas()
    en = dict(zip(etiquetas["valor"], etiquetas["en"]))
    espanol = {v for v in set(cruda["sexo"]) | set(cruda["grupo_edad"]) if en[v] != v}
    assert espanol, "nada que traducir: la prueba no probaría nada"
    at = desplegar(abrir("encuentros", idioma="en", seccion="eventos"), "abrir_datos_sexo_edad")
    assert not at.exception
    tablas = [d.value for d in at.dataframe if "sexo" in d.value]
    assert tablas, "la tabla de sexo y edad no se dibujó"
    for tabla in [*tablas, leer_csv(descargas.bytes(at, "csv_sexo_edad"))]:
        valores = set(tabla["sexo"]) | set(tabla["grupo_edad"])
        assert not valores & espanol, sorted(valores & espanol)
        assert {en[v] for v in set(cruda["sexo"])} <= valores


def test_categoria_sin_etiqueta_detiene_el_etl(crudos_copia, tmp_path):
    """Quitar la etiqueta de una causa del MMP que sí está en los datos detiene el ETL nombrando el archivo."""
    from conftest import editar_csv

    from etl.construir import construir
    from etl.errores import ErrorDeEntrada

    def quitar_una_causa(filas: list[dict]) -> None:
        filas.remove(next(f for f in filas if f["campo"] == "causa"))

    editar_csv(crudos_copia / "catalogos" / "etiquetas.csv", quitar_una_causa)
    with pytest.raises(ErrorDeEntrada, match="etiquetas.csv"):
        construir(crudos_copia, tmp_path / "parquet")


# Texto de interfaz escrito en el SQL por idioma: `CASE WHEN $idioma = 'en' THEN 'Total' ELSE 'Total' END`.
_TEXTO_POR_IDIOMA_EN_SQL = re.compile(r"\$idioma\s*=\s*'(?:en|es)'\s+THEN\s+'[^']*[A-Za-zÁÉÍÓÚáéíóúñ][^']*'", re.IGNORECASE)


def test_el_sql_devuelve_codigos_y_el_catalogo_pone_las_palabras():
    """consultas.sql no escribe palabras por idioma: devuelve códigos y toma las palabras de los catálogos
    (etiquetas, países, metadatos)."""
    sql = (RAIZ / "consultas.sql").read_text(encoding="utf-8")
    hallados = [m.group(0) for m in _TEXTO_POR_IDIOMA_EN_SQL.finditer(sql)]
    assert not hallados, f"texto por idioma en consultas.sql: {hallados}"
    assert _TEXTO_POR_IDIOMA_EN_SQL.search("CASE WHEN $idioma = 'en' THEN 'Other selected' ELSE 'Otras elegidas' END")


def test_los_codigos_no_se_traducen():
    """En inglés, una columna de códigos queda igual aunque un código se escriba como una categoría («centros» es
    tabla y unidad); la misma palabra en una columna de categorías sí se traduce."""
    import pandas as pd

    from tablero.textos import tabla_en_idioma

    df = pd.DataFrame({"tabla": ["centros"], "unidad": ["centros"], "cifra_id": ["personas"]})
    salida = tabla_en_idioma(df, "en", {"centros": "centres", "personas": "people"})
    assert salida.to_dict("records") == [{"tabla": "centros", "unidad": "centres", "cifra_id": "personas"}]
    assert tabla_en_idioma(df, "es", {"centros": "centres"}) is df


def test_tipo_y_precision_de_los_documentos_se_muestran_en_ingles(tablero):
    """La tabla de documentos mostrada en inglés (Fuentes) no deja los códigos en español del tipo («relatoria») ni de
    la precisión de la fecha («anio»): cada uno se muestra con su nombre inglés del catálogo `etiquetas`."""
    import pyarrow.parquet as pq

    docs = pq.read_table(tablero / "documentos.parquet", columns=["tipo", "fecha_precision"]).to_pandas()
    mostrada = tabla_en_idioma(docs, "en")
    for columna in ("tipo", "fecha_precision"):
        codigos = set(docs[columna])
        assert codigos and not codigos & set(mostrada[columna]), (columna, sorted(codigos & set(mostrada[columna])))
        assert set(mostrada[columna]) == {categoria(c, "en") for c in codigos}
