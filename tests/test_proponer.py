"""Documentos nuevos: `python -m etl proponer` propone sus cifras y `python -m etl incorporar` agrega las aceptadas.

Las cifras esperadas de los documentos de prueba (tests/fixtures/propuestas/) están en `esperadas.csv`, no en
el código. El recorrido completo (proponer → aceptar → incorporar → tablas publicadas → consulta de página con
la cita) corre con un .txt, un PDF generado aquí a partir de un texto de prueba y una página HTML.
"""

from __future__ import annotations

import hashlib
import shutil
import zlib
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAIZ, tabla_parquet

from bench.hostil import pdf_de_objetos
from etl import proponer as prop
from etl.__main__ import main
from etl.errores import ErrorDeEntrada
from etl.incorporar import incorporar
from etl.inventario import sin_reclamar
from etl.numeros import fechas_en_texto, leer_numero, normalizar_espacios

FIXTURES = RAIZ / "tests" / "fixtures" / "propuestas"
ESPERADAS = pd.read_csv(FIXTURES / "esperadas.csv", dtype=str, keep_default_na=False)


def pdf_con_texto(texto: str) -> bytes:
    """Un PDF mínimo con capa de texto (Helvetica, WinAnsi): cada párrafo del texto en renglones de 90 letras."""
    renglones: list[str] = []
    for parrafo in texto.split("\n"):
        palabras, actual = parrafo.split(), ""
        for p in palabras:
            if len(actual) + len(p) + 1 > 90:
                renglones.append(actual)
                actual = p
            else:
                actual = f"{actual} {p}".strip()
        renglones += [actual, ""]
    return _pdf(renglones)


def _pdf(renglones: list[str], con_texto: bool = True) -> bytes:
    def esc(s: str) -> bytes:
        return s.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    if con_texto:
        flujo = b"BT /F1 10 Tf 12 TL 40 800 Td " + b" ".join(b"(" + esc(r) + b") Tj T*" for r in renglones) + b" ET"
    else:  # sólo un rectángulo: como la imagen de un escaneo, sin texto que extraer
        flujo = b"0 0 1 rg 40 40 500 700 re f"
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(flujo) + flujo + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return pdf_de_objetos(objetos)


def _documento(nombre: str, tmp_path: Path) -> Path:
    """El documento de prueba `nombre`; el .pdf se genera a partir del .txt del mismo nombre."""
    if nombre.endswith(".pdf"):
        ruta = tmp_path / nombre
        ruta.write_bytes(pdf_con_texto((FIXTURES / nombre.replace(".pdf", ".txt")).read_text(encoding="utf-8")))
        return ruta
    return FIXTURES / nombre


def _esperadas(nombre: str) -> pd.DataFrame:
    return ESPERADAS[ESPERADAS["documento"] == nombre.replace(".pdf", ".txt")]


def _igual(a: str, b: str) -> bool:
    return (a == "" and b == "") or (a != "" and b != "" and abs(float(a) - float(b)) < 1e-6 * max(1, abs(float(b))))


# --------------------------------------------------------------------------------------------- proponer

@pytest.mark.parametrize("nombre", ["comunicado_comar.txt", "aviso_imss.txt", "aviso_imss.pdf", "nota_oim.html"])
def test_propone_cada_cifra_con_su_calificador_y_ninguna_que_no_lo_es(nombre, tmp_path):
    ruta = _documento(nombre, tmp_path)
    propuesta = prop.proponer(ruta.name, ruta.read_bytes(), RAIZ / "datos" / "crudos")
    cifras = propuesta.cifras
    esperadas = _esperadas(nombre)
    assert len(esperadas[esperadas["es_cifra"] == "1"]) >= 3
    for e in esperadas[esperadas["es_cifra"] == "1"].to_dict("records"):
        tokens = e["texto"].split("|")
        columna = ["valor_texto"] if len(tokens) == 1 else ["valor_min_texto", "valor_max_texto"]
        hallada = cifras[(cifras[columna].to_numpy() == tokens).all(axis=1)]
        assert len(hallada) == 1, f"{nombre}: no se propuso «{e['texto']}»"
        h = hallada.iloc[0]
        assert all(_igual(h[c], e[c]) for c in ("valor", "valor_min", "valor_max")), (e, h.to_dict())
        assert h["calificador"] == e["calificador"], (e["texto"], h["calificador"])
        if e["unidad"]:
            assert h["unidad"] == e["unidad"], (e["texto"], h["unidad"])
        for t in tokens:  # la cita es un fragmento verbatim que contiene el número y está en su oración
            assert t in h["cita"] and h["cita"] in h["contexto"]
        if h["calificador_texto"]:
            assert h["cita"].startswith(h["calificador_texto"]) or h["cita"].endswith(h["calificador_texto"])
    no_cifras = set(esperadas.loc[esperadas["es_cifra"] == "0", "texto"])
    propuestos = set(cifras["valor_texto"]) | set(cifras["valor_min_texto"]) | set(cifras["valor_max_texto"])
    assert not no_cifras & propuestos, f"{nombre}: fechas, años, incisos, teléfonos u horas propuestos como cifras"
    assert cifras["confianza"].between(0, 1).all() and cifras["indicador_id"].ne("").all()


def test_propone_el_renglon_del_documento(tmp_path):
    ruta = FIXTURES / "comunicado_comar.txt"
    doc = prop.proponer(ruta.name, ruta.read_bytes(), RAIZ / "datos" / "crudos").documento
    texto = ruta.read_text(encoding="utf-8")
    assert doc["idioma"] == "es" and doc["formato_numerico"] == "coma_miles_punto_decimal"
    assert doc["fecha_inferida"] == "no" and doc["fecha_publicacion"] in fechas_en_texto(texto)
    assert "COMAR" in doc["institucion"] and doc["institucion_en"]
    assert doc["titulo"] and doc["titulo"] in texto
    existentes = pd.read_csv(RAIZ / "datos" / "crudos" / "documentos.csv", dtype=str)["documento_id"]
    assert doc["documento_id"] not in set(existentes)
    assert doc["documento_id"].endswith(hashlib.sha256(ruta.read_bytes()).hexdigest()[:16])
    html = prop.proponer("nota_oim.html", (FIXTURES / "nota_oim.html").read_bytes()).documento
    assert html["idioma"] == "en" and html["titulo"] and "<" not in html["titulo"]


def test_separadores_punto_miles_y_coma_decimal():
    texto = "Se registraron 10.000 solicitudes, un 3,6 % más, y casi 1.250 personas fueron reconocidas.".encode()
    cifras = prop.proponer("boletin.txt", texto).cifras
    assert prop.detectar_convencion(texto.decode()) == "punto_miles_coma_decimal"
    por_token = cifras.set_index("valor_texto")
    assert float(por_token.loc["10.000", "valor"]) == leer_numero("10.000", "punto_miles_coma_decimal")
    assert float(por_token.loc["3,6 %", "valor"]) == leer_numero("3,6 %", "punto_miles_coma_decimal")
    assert por_token.loc["1.250", "calificador"] == "casi"


def test_las_propuestas_pasan_la_comprobacion_del_etl(crudos_copia):
    """Cada propuesta de los documentos incluidos pasa etl.documentos.comprobar_cifra (la regla del ETL)."""
    from etl.documentos import comprobar_cifra
    from etl.numeros import normalizar_espacios

    for ruta in sorted((crudos_copia / "fuentes").glob("00[0-2]_*.txt")):
        p = prop.proponer(ruta.name, ruta.read_bytes(), crudos_copia, doc_id=ruta.stem)
        assert len(p.cifras) > 5
        texto = normalizar_espacios(ruta.read_text(encoding="utf-8"))
        for r in p.cifras.to_dict("records"):
            valores = [float(r[c]) if r[c] != "" else None for c in ("valor", "valor_min", "valor_max")]
            comprobar_cifra(r, *valores, texto, p.documento["formato_numerico"], p.documento["idioma"])


@pytest.mark.parametrize(
    "nombre, datos, mensaje",
    [
        ("vacio.txt", b"  \n\n", "vacío"),
        ("latin1.txt", "Más de 1,200 personas en Tapachula".encode("cp1252"), "codificación desconocida"),
        ("binario.txt", b"\x00\x01\x02 abc", "bytes nulos"),
        ("escaneo.pdf", _pdf([], con_texto=False), "OCR"),
        ("roto.pdf", b"%PDF-1.4 esto no es un PDF", "PDF"),
        ("app.html", b"<html><head><script>" + b"var a=1;" * 4000 + b"</script></head><body><div id='app'></div></body></html>", "scripts"),
        ("hoja.xlsx", b"PK\x03\x04", "no admitido"),
    ],
)
def test_errores_claros(nombre, datos, mensaje):
    with pytest.raises(prop.DocumentoIlegible, match=mensaje):
        prop.proponer(nombre, datos)


def test_limite_de_tamano(monkeypatch):
    monkeypatch.setattr(prop, "LIMITE_BYTES", 100)
    with pytest.raises(prop.DocumentoIlegible, match="límite"):
        prop.proponer("grande.txt", b"1,200 personas. " * 20)


def test_cli_proponer_escribe_propuestas_y_documento_con_progreso(tmp_path, capsys):
    largo = tmp_path / "largo.txt"
    largo.write_text(((FIXTURES / "comunicado_comar.txt").read_text(encoding="utf-8") + "\n") * 40, encoding="utf-8")
    salida = tmp_path / "propuestas.csv"
    assert main(["proponer", str(largo), "--salida", str(salida), "--documento-id", "900_largo"]) == 0
    salida_err = capsys.readouterr().err
    assert "largo.txt:" in salida_err and " s" in salida_err  # renglón de avance (segundos) en documentos largos
    cifras = pd.read_csv(salida, dtype=str, keep_default_na=False)
    assert list(cifras.columns) == prop.COLUMNAS_PROPUESTA and (cifras["documento_id"] == "900_largo").all()
    doc = pd.read_csv(prop.ruta_documento(salida), dtype=str, keep_default_na=False)
    assert list(doc.columns) == prop.COLUMNAS_DOC_PROPUESTA and Path(doc.at[0, "original"]) == largo.resolve()
    assert main(["proponer", str(tmp_path / "no_existe.txt"), "--salida", str(salida)]) == 1
    (tmp_path / "vacio.txt").write_text("")
    assert main(["proponer", str(tmp_path / "vacio.txt"), "--salida", str(salida)]) == 1


# --------------------------------------------------------------------------------------------- incorporar

def _revisar(salida: Path, original: Path, rechazar: str | None = None) -> pd.DataFrame:
    """Lo que hace quien revisa: acepta todo, completa la unidad y el título en inglés, corrige lo que haga falta."""
    cifras = pd.read_csv(salida, dtype=str, keep_default_na=False)
    cifras["aceptar"] = "si"
    indicadores = pd.read_csv(RAIZ / "datos" / "crudos" / "indicadores.csv", dtype=str, keep_default_na=False)
    unidades = dict(zip(indicadores["indicador_id"], indicadores["unidad"]))
    vacias = cifras["unidad"] == ""
    cifras.loc[vacias, "unidad"] = cifras.loc[vacias, "indicador_id"].map(unidades)
    if rechazar:  # un valor mal corregido: no coincide con lo que escribe la cita
        i = cifras.index[cifras["valor_texto"] == rechazar][0]
        cifras.at[i, "valor"] = str(float(cifras.at[i, "valor"]) + 1)
    cifras.to_csv(salida, index=False)
    doc = pd.read_csv(prop.ruta_documento(salida), dtype=str, keep_default_na=False)
    doc.at[0, "titulo_en"] = doc.at[0, "titulo_en"] or f"(en) {doc.at[0, 'titulo']}"
    if doc.at[0, "fecha_publicacion"] == "":
        doc.at[0, "fecha_publicacion"] = "2025-01-01"
    doc.at[0, "original"] = str(original)
    doc.to_csv(prop.ruta_documento(salida), index=False)
    return cifras


@pytest.mark.parametrize("nombre", ["comunicado_comar.txt", "aviso_imss.pdf", "nota_oim.html"])
def test_de_punta_a_punta(nombre, crudos_copia, tmp_path):
    """proponer → aceptar → incorporar en una copia de datos/crudos → cifras publicadas → consulta de página con cita."""
    from tablero.consultas import Catalogo

    original = _documento(nombre, tmp_path)
    salida = tmp_path / "propuestas.csv"
    assert main(["proponer", str(original), "--salida", str(salida), "--crudos", str(crudos_copia)]) == 0
    rechazada = _esperadas(nombre).query("es_cifra == '1' and valor != ''")["texto"].iloc[0]
    revisadas = _revisar(salida, original, rechazar=rechazada)
    destino = tmp_path / "parquet"
    previas = pd.read_csv(crudos_copia / "cifras.csv", dtype=str)
    r = incorporar(salida, crudos_copia, destino)

    assert any(f"«{rechazada}" in x or rechazada in x for x in r.rechazadas), r.rechazadas  # la fila que falla se nombra
    assert len(r.cifras) == len(revisadas) - 1
    doc_id = revisadas["documento_id"].iloc[0]
    fuentes = crudos_copia / "fuentes"
    assert (fuentes / f"{doc_id}.txt").is_file()
    if original.suffix != ".txt":  # el original junto a su texto extraído, y el inventario lo reclama
        assert (fuentes / f"{doc_id}{original.suffix}").read_bytes() == original.read_bytes()
    assert sin_reclamar(crudos_copia) == []
    publicadas = tabla_parquet(destino, "cifras")
    nuevas = publicadas[publicadas["documento_id"] == doc_id]
    assert sorted(nuevas["cifra_id"]) == sorted(r.cifras)
    assert len(publicadas) == len(previas) + len(r.cifras)
    aceptadas = revisadas[revisadas["valor_texto"] != rechazada]
    assert sorted(nuevas["cita"]) == sorted(aceptadas["cita"].map(normalizar_espacios))

    cita = aceptadas["cita"].iloc[0]
    en_pagina = Catalogo(destino).ejecutar("cifras_catalogo", buscar=cita, idioma="es")
    assert cita in set(en_pagina["cita"]) and set(en_pagina["documento_id"]) >= {doc_id}
    assert tabla_parquet(destino, "documentos").set_index("documento_id").at[doc_id, "archivo"] == f"{doc_id}.txt"


def test_si_la_construccion_falla_no_se_pierde_nada(crudos_copia, tmp_path, monkeypatch):
    original = FIXTURES / "aviso_imss.txt"
    salida = tmp_path / "propuestas.csv"
    assert main(["proponer", str(original), "--salida", str(salida), "--crudos", str(crudos_copia)]) == 0
    _revisar(salida, original)
    antes = {n: (crudos_copia / n).read_bytes() for n in ("documentos.csv", "cifras.csv")}
    fuentes_antes = sorted(p.name for p in (crudos_copia / "fuentes").iterdir())

    def falla(*_a, **_k):
        raise ErrorDeEntrada("cifras.csv", "falla simulada a media construcción")

    monkeypatch.setattr("etl.construir.construir", falla)
    assert main(["incorporar", str(salida), "--crudos", str(crudos_copia), "--destino", str(tmp_path / "p")]) == 1
    assert {n: (crudos_copia / n).read_bytes() for n in antes} == antes
    assert sorted(p.name for p in (crudos_copia / "fuentes").iterdir()) == fuentes_antes
    assert not list((crudos_copia).glob("*.tmp")) and not list((crudos_copia).glob(".*.tmp"))


def test_sin_aceptadas_o_todas_malas_no_escribe(crudos_copia, tmp_path):
    original = FIXTURES / "aviso_imss.txt"
    salida = tmp_path / "propuestas.csv"
    assert main(["proponer", str(original), "--salida", str(salida), "--crudos", str(crudos_copia)]) == 0
    antes = (crudos_copia / "cifras.csv").read_bytes()
    cifras = _revisar(salida, original)
    cifras.assign(aceptar="").to_csv(salida, index=False)
    with pytest.raises(ErrorDeEntrada, match="aceptar"):
        incorporar(salida, crudos_copia, tmp_path / "p", original=original)
    cifras["cita"] = "una cita que no está en el documento"
    cifras.to_csv(salida, index=False)
    with pytest.raises(ErrorDeEntrada, match="ningún renglón aceptado pasa"):
        incorporar(salida, crudos_copia, tmp_path / "p")
    assert (crudos_copia / "cifras.csv").read_bytes() == antes


def test_el_inventario_reclama_el_original_de_un_documento(crudos_copia):
    docs = pd.read_csv(crudos_copia / "documentos.csv", dtype=str)
    texto = crudos_copia / "fuentes" / docs.at[0, "archivo"]
    shutil.copy(texto, texto.with_suffix(".pdf"))
    assert sin_reclamar(crudos_copia) == []
    texto.with_suffix(".docx").write_bytes(zlib.compress(b"x"))
    assert sin_reclamar(crudos_copia) == [Path("fuentes") / texto.with_suffix(".docx").name]


# --------------------------------------------------------------------------------------------- la página

@pytest.mark.parametrize("idioma", ["es", "en"])
def test_pagina_incorporar_abre_sin_documento(tablero, idioma):
    from conftest import abrir

    from tablero.textos import t

    at = abrir("incorporar", idioma=idioma)
    assert not at.exception
    assert at.title[0].value == t("pag_incorporar", idioma)
    assert t("inc_sin_archivo", idioma) in [i.value for i in at.info]


def test_incorporar_es_la_ultima_pagina_y_ninguna_pagina_importa_etl():
    import ast

    app = (RAIZ / "app.py").read_text(encoding="utf-8")
    paginas = [n.args[0].value for n in ast.walk(ast.parse(app)) if isinstance(n, ast.Call)
               and getattr(n.func, "attr", "") == "Page"]
    assert paginas[-1] == "paginas/incorporar.py"
    for ruta in sorted((RAIZ / "paginas").glob("*.py")):
        for n in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
            nombres = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module or ""] if isinstance(n, ast.ImportFrom) else []
            assert not any(x == "etl" or x.startswith("etl.") for x in nombres), f"{ruta.name} importa etl"


def test_fachada_de_la_pagina():
    from tablero import propuestas

    ruta = FIXTURES / "aviso_imss.txt"
    cifras, documento = propuestas.proponer(ruta.name, ruta.read_bytes(), None, [])
    assert len(documento) == 1 and not cifras["aceptar"].any()
    assert all(f"⟦{c}⟧" in x for c, x in zip(cifras["cita"], cifras["en_contexto"]))  # la cita marcada en su oración
    cifras.loc[cifras.index[0], "aceptar"] = True
    leido = pd.read_csv(pd.io.common.BytesIO(propuestas.csv_propuestas(cifras)), dtype=str, keep_default_na=False)
    assert list(leido.columns) == prop.COLUMNAS_PROPUESTA and list(leido["aceptar"]) == ["si"] + ["no"] * (len(cifras) - 1)
    # el texto del documento no se interpreta como markdown; la cita va resaltada
    assert propuestas.cita_resaltada("**3** [x](y)", "antes **3** [x](y) después") == (
        "antes :orange-background[**\\*\\*3\\*\\* \\[x\\]\\(y\\)**] después")
