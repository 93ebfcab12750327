"""Documentos que llegan de cualquiera («Incorporar documento», `python -m etl proponer / incorporar`), probados
como los probaría un atacante. Cada archivo hostil lo arma la prueba (pequeño: los límites se inyectan bajos)."""

from __future__ import annotations

import csv
import io
import os
import shlex
import subprocess
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAIZ

from bench.hostil import pdf_paginas
from etl import acotado
from etl import proponer as prop
from etl.__main__ import main
from etl.celdas import es_formula
from etl.errores import ErrorDeEntrada
from etl.incorporar import incorporar

TEXTO = ("Boletín de la COMAR, 3 de marzo de 2025. Más de 3,500 personas solicitaron refugio en Tapachula y "
         "alrededor de 1,200 personas recibieron una constancia.")


def _texto_pdf(renglon: str, veces: int) -> bytes:
    return b"BT /F1 10 Tf 12 TL 40 800 Td " + b" ".join([b"(" + renglon.encode("cp1252") + b") Tj T*"] * veces) + b" ET"


# ------------------------------------------------------------------------------------ 1. lectura acotada

def test_pdf_con_demasiadas_paginas_se_rechaza_sin_leerlas():
    """Un PDF de 40 KB con miles de páginas que comparten un flujo: se rechaza por su número de páginas."""
    pdf = pdf_paginas(prop.PAGINAS_MAX + 1, _texto_pdf("Llegaron 1,200 personas a Tapachula.", 3))
    with pytest.raises(prop.DocumentoIlegible, match="páginas") as e:
        prop.extraer("muchas.pdf", pdf)
    assert e.value.clave == "paginas" and e.value.datos["n"] == prop.PAGINAS_MAX + 1


def test_limite_de_caracteres():
    with pytest.raises(prop.DocumentoIlegible, match="caracteres") as e:
        prop.extraer("largo.txt", ("Llegaron 1,200 personas. " * 50).encode(), caracteres_max=500)
    assert e.value.clave == "caracteres"
    pdf = pdf_paginas(4, _texto_pdf("Llegaron 1,200 personas a Tapachula.", 10))
    with pytest.raises(prop.DocumentoIlegible) as e:
        prop.extraer("largo.pdf", pdf, caracteres_max=500)
    assert e.value.clave == "caracteres"


def test_lectura_que_pasa_su_cpu_se_detiene_con_negativa_clara():
    """Páginas caras de leer: el hijo pasa su límite de CPU (aquí 1 s), muere y la negativa lo dice."""
    pdf = pdf_paginas(200, _texto_pdf("Llegaron 1,200 personas a Tapachula el 3 de marzo.", 3000), comprimir=True)
    assert len(pdf) < 100_000
    with pytest.raises(prop.DocumentoIlegible) as e:
        acotado.proponer_acotado("caro.pdf", pdf, limites=acotado.Limites(cpu_s=1, espera_s=60))
    assert e.value.clave == "tiempo" and "caro.pdf" in str(e.value)


def test_lectura_que_pasa_su_plazo_se_detiene():
    with pytest.raises(prop.DocumentoIlegible) as e:
        acotado.proponer_acotado("lento.txt", b"12 " * 300_000, limites=acotado.Limites(cpu_s=60, espera_s=0.5))
    assert e.value.clave == "tiempo"


def test_tarea_se_termina_al_pedirlo_o_si_se_interrumpe_quien_espera():
    """Otra subida termina la tarea anterior; el fin de la sesión interrumpe a quien espera (el latido lanza)."""
    hostil = b"12 " * 300_000
    limites = acotado.Limites(cpu_s=60, espera_s=60)
    tarea = acotado.iniciar_propuesta("a.txt", hostil, limites=limites)
    assert tarea.viva()
    tarea.terminar()
    assert not tarea.viva() and tarea.proceso.exitcode is not None

    class Interrumpida(Exception):
        pass

    def latido(_segundos):
        raise Interrumpida

    tarea = acotado.iniciar_propuesta("b.txt", hostil, limites=limites)
    with pytest.raises(Interrumpida):
        tarea.esperar(latido, cada=0.05)
    assert not tarea.viva() and tarea.proceso.exitcode is not None


def test_una_tarea_que_nadie_espera_muere_al_vencer_su_plazo():
    """Si la ejecución de la página se interrumpe antes de esperar (o la sesión se cierra), la guardia la termina."""
    tarea = acotado.iniciar_propuesta("c.txt", b"12 " * 300_000, limites=acotado.Limites(cpu_s=60, espera_s=0.2))
    tarea.proceso.join(timeout=20)  # sin la guardia, el hijo seguiría hasta sus 60 s de CPU
    tarea._guardia.join(timeout=5)  # la guardia termina después de matarlo (espera al hijo ella también)
    assert tarea._guardia.finished.is_set() and not tarea.viva()
    with pytest.raises(ProcessLookupError):  # el hijo ya no existe
        os.kill(tarea.proceso.pid, 0)
    # -9: lo mató la guardia; 255 es lo que multiprocessing informa cuando el canal con el servidor de procesos se
    # cerró (otra prueba de la batería terminó ese servidor): el hijo igual murió por la guardia, como dice lo de arriba
    assert tarea.proceso.exitcode in (-9, 255)


def test_un_renglon_largo_se_lee_en_tiempo_lineal():
    """Un renglón de 30 KB con un número cada 30 caracteres: antes cada número volvía a recorrer el renglón entero
    (≈ 85 s de CPU); ahora cabe holgado en 15 s de CPU del proceso hijo y da sus propuestas."""
    renglon = ("casi 1,234 personas llegaron; " * 1000).encode()
    p = acotado.proponer_acotado("renglon.txt", renglon, limites=acotado.Limites(cpu_s=15, espera_s=120))
    assert len(p.cifras) >= 1 and (p.cifras["valor"] == "1234").all()
    assert p.cifras["contexto"].str.len().max() <= 2 * prop.ORACION_MAX + len("casi 1,234 personas")


def test_un_documento_normal_da_las_mismas_propuestas_en_el_hijo():
    directo = prop.proponer("b.txt", TEXTO.encode())
    en_hijo = acotado.proponer_acotado("b.txt", TEXTO.encode())
    pd.testing.assert_frame_equal(directo.cifras, en_hijo.cifras)
    assert len(directo.cifras) >= 2


# ------------------------------------------------------------------------------------ 2. órdenes seguras

@pytest.mark.parametrize("nombre", ["x$(touch pwn).txt", "a;id>pwn;.txt", "con espacios `touch pwn` 'y' \".txt"])
def test_la_orden_de_la_pagina_cita_sus_argumentos(nombre, tmp_path):
    from tablero import propuestas

    cifras, _ = propuestas.archivos(nombre)
    orden = propuestas.orden_incorporar(cifras, nombre)
    assert shlex.split(orden)[4:] == [cifras, "--original", nombre]
    eco = orden.replace("python -m etl incorporar", "printf '%s\\n'", 1)  # la misma línea pegada en un shell
    r = subprocess.run(["bash", "-c", eco], cwd=tmp_path, capture_output=True, text=True, timeout=10)
    assert r.stdout.splitlines() == [cifras, "--original", nombre]
    assert not (tmp_path / "pwn").exists()


# ------------------------------------------------------------------------------------ 3. errores de las bibliotecas

def test_bomba_de_compresion_y_pdf_roto_son_negativa_clara_en_la_pagina_y_en_la_terminal(tmp_path, capsys):
    """pypdf corta una «bomba» (por omisión a los 75 MB: aquí a 1 MB para no gastar CPU) con LimitReachedError."""
    import pypdf

    bomba = pdf_paginas(1, b" " * 3_000_000, comprimir=True)
    with pypdf.apply_configuration(zlib_maximum_output_length=1_000_000), pytest.raises(prop.DocumentoIlegible) as e:
        prop.extraer("bomba.pdf", bomba)
    assert e.value.clave == "bomba"
    from tablero import propuestas
    from tablero.textos import t

    assert propuestas.mensaje(e.value) == t("ileg_bomba", "es")
    roto = pdf_paginas(1, _texto_pdf("Llegaron 1,200 personas.", 2)).replace(b"/Kids [", b"/Kids [(", 1)
    with pytest.raises(prop.DocumentoIlegible):
        prop.extraer("roto.pdf", roto)
    ruta = tmp_path / "roto.pdf"
    ruta.write_bytes(roto)
    assert main(["proponer", str(ruta), "--salida", str(tmp_path / "p.csv")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "roto.pdf" in err


def test_negativas_en_el_idioma_de_la_sesion():
    from tablero import propuestas
    from tablero.textos import TEXTOS

    with pytest.raises(prop.DocumentoIlegible) as e:
        prop.extraer("x.pdf", b"%PDF-1.4 " + b"x" * (prop.LIMITE_BYTES + 1))
    assert propuestas.mensaje(e.value) == TEXTOS["ileg_peso"]["es"].format(**e.value.datos)  # sin sesión: español
    es_ = TEXTOS["ileg_peso"]["es"].format(mb=e.value.datos["mb"], limite=e.value.datos["limite"])
    en_ = TEXTOS["ileg_peso"]["en"].format(mb=e.value.datos["mb"], limite=e.value.datos["limite"])
    assert "límite" in es_ and "limit" in en_ and es_ != en_
    claves = {k[5:] for k in TEXTOS if k.startswith("ileg_")}
    assert {"tipo", "peso", "vacio", "utf16", "paginas", "caracteres", "bomba", "tiempo", "memoria", "anidado"} <= claves
    assert all(TEXTOS[f"ileg_{c}"].get("en") for c in claves)


def test_salida_en_carpeta_que_no_existe_sin_traza(tmp_path, capsys):
    ruta = tmp_path / "b.txt"
    ruta.write_text(TEXTO, encoding="utf-8")
    assert main(["proponer", str(ruta), "--salida", str(tmp_path / "no" / "hay" / "p.csv")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "no existe" in err


# ------------------------------------------------------------------------------------ 4. fórmulas en los CSV

FORMULAS = ['=HYPERLINK("http://x.example/q","Informe")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3"]


def test_los_csv_de_propuestas_no_llevan_formulas():
    texto = "\n\n".join(f"{f} llegaron 1,{n}00 personas a Tapachula." for n, f in enumerate(FORMULAS, 2))
    p = prop.proponer("f.txt", (FORMULAS[0] + " Informe trimestral de la COMAR\n\n" + texto).encode())
    assert any(c.startswith(tuple("=@+-")) for c in p.cifras["contexto"])  # la prueba tiene dientes
    assert p.documento["titulo"].startswith("=")
    for tabla in (p.cifras, pd.DataFrame([p.documento])):
        filas = list(csv.reader(io.StringIO(prop.a_csv(tabla).decode())))
        assert not [c for fila in filas for c in fila if es_formula(c)]
    from tablero import propuestas

    cifras, documento = propuestas._tablas(p)
    for contenido in (propuestas.csv_propuestas(cifras), propuestas.csv_documento(documento)):
        assert not [c for fila in csv.reader(io.StringIO(contenido.decode())) for c in fila if es_formula(c)]


@pytest.fixture
def propuesta_lista(crudos_copia, tmp_path) -> tuple[Path, Path, Path]:
    """Propuestas de un documento chico con todo aceptado y revisado, listas para `incorporar` (sin construir)."""
    original = tmp_path / "boletin.txt"
    original.write_text(TEXTO, encoding="utf-8")
    salida = tmp_path / "propuestas.csv"
    assert main(["proponer", str(original), "--salida", str(salida), "--crudos", str(crudos_copia)]) == 0
    cifras = pd.read_csv(salida, dtype=str, keep_default_na=False)
    indicadores = pd.read_csv(crudos_copia / "indicadores.csv", dtype=str, keep_default_na=False)
    cifras["aceptar"] = "si"
    cifras["indicador_id"] = indicadores["indicador_id"].iloc[0]
    cifras["unidad"] = "personas"
    cifras.to_csv(salida, index=False)
    doc = pd.read_csv(prop.ruta_documento(salida), dtype=str, keep_default_na=False)
    doc.at[0, "titulo_en"] = "COMAR bulletin"
    doc.to_csv(prop.ruta_documento(salida), index=False)
    return salida, crudos_copia, original


def _editar(ruta: Path, **cambios) -> None:
    tabla = pd.read_csv(ruta, dtype=str, keep_default_na=False)
    for columna, valor in cambios.items():
        tabla[columna] = valor
    tabla.to_csv(ruta, index=False)


def _crudos(crudos: Path) -> dict[str, bytes]:
    return {str(p.relative_to(crudos.parent)): p.read_bytes() for p in crudos.parent.rglob("*") if p.is_file()
            and "propuestas" not in p.name and p.name != "boletin.txt"}


def test_incorporar_no_copia_formulas_a_crudos(propuesta_lista, tmp_path):
    salida, crudos, _ = propuesta_lista
    antes = _crudos(crudos)
    doc_csv, cifras_csv = prop.ruta_documento(salida).read_bytes(), salida.read_bytes()
    for formula in FORMULAS + ["'=1+1"]:
        for donde, ruta in (("titulo", prop.ruta_documento(salida)), ("nota", salida)):
            _editar(ruta, **{donde: formula})
            with pytest.raises(ErrorDeEntrada, match="fórmula" if donde == "titulo" else "ningún"):
                incorporar(salida, crudos, tmp_path / "p", construir_tablas=False)
            prop.ruta_documento(salida).write_bytes(doc_csv)
            salida.write_bytes(cifras_csv)
    assert _crudos(crudos) == antes


def test_documento_id_sencillo_y_dentro_de_fuentes(propuesta_lista, tmp_path, capsys):
    salida, crudos, _ = propuesta_lista
    antes = _crudos(crudos)
    for doc_id in [".", "005_a\n\"b", "../../../../x", "005_../../x", "005_A", "005_x/y", ""]:
        _editar(prop.ruta_documento(salida), documento_id=doc_id)
        with pytest.raises(ErrorDeEntrada, match="documento_id"):
            incorporar(salida, crudos, tmp_path / "p", construir_tablas=False)
        assert main(["incorporar", str(salida), "--crudos", str(crudos), "--destino", str(tmp_path / "p")]) == 1
        assert "Traceback" not in capsys.readouterr().err
        assert _crudos(crudos) == antes
        assert not (tmp_path.parent / "x").exists() and not (tmp_path / "x").exists()


def test_documento_id_de_la_linea_de_ordenes(tmp_path, capsys):
    ruta = tmp_path / "b.txt"
    ruta.write_text(TEXTO, encoding="utf-8")
    assert main(["proponer", str(ruta), "--salida", str(tmp_path / "p.csv"), "--documento-id", "../x"]) == 1
    assert not (tmp_path / "p.csv").exists() and "Traceback" not in capsys.readouterr().err


def test_url_debe_ser_http(propuesta_lista, tmp_path):
    salida, crudos, _ = propuesta_lista
    for url in ["javascript:alert(1)", "=HYPERLINK(\"http://x\")", "data:text/html,<b>x</b>", "http://a b", "ftp://x.example/a"]:
        _editar(prop.ruta_documento(salida), url=url)
        with pytest.raises(ErrorDeEntrada, match="url"):
            incorporar(salida, crudos, tmp_path / "p", construir_tablas=False)


def test_el_etl_rechaza_una_url_que_no_es_http(crudos_copia):
    from etl.documentos import documentos

    ruta = crudos_copia / "documentos.csv"
    _editar(ruta, url="javascript:alert(1)")
    with pytest.raises(ErrorDeEntrada, match="url"):
        documentos(ruta, crudos_copia / "fuentes")
    _editar(ruta, url="https://www.gob.mx/comar")
    assert documentos(ruta, crudos_copia / "fuentes")["url"].eq("https://www.gob.mx/comar").all()


# ------------------------------------------------------------------------------------ 7. avisos y citas escapados

@pytest.mark.parametrize("nombre,valor", [("aviso", "[Sesión expirada: entre aquí](http://x.example/)"),
                                          ("![t](http://x.example/q.png)", "1"), ("x", "![t](http://x.example/q.png)")])
def test_el_aviso_de_un_parametro_no_lleva_markdown(monkeypatch, nombre, valor):
    from tablero import url

    mostrados: list[str] = []
    monkeypatch.setattr(url, "_mostrar_aviso", mostrados.append)
    url.aviso_parametro(nombre, valor)
    assert len(mostrados) == 1
    assert "](" not in mostrados[0] and "![" not in mostrados[0]
    assert "x" in mostrados[0]  # el valor se sigue viendo, como texto


def test_las_direcciones_de_una_cita_son_texto():
    from tablero import propuestas

    contexto = "Vea http://x.example/a?b=1 o www.ejemplo.com y escriba a datos@x.example: 1,200 personas."
    md = propuestas.cita_resaltada("1,200 personas", contexto)
    sin_codigo = "".join(md.split("`")[::2])  # lo que queda fuera de los bloques de código
    for direccion in ("http", "www", "@x"):
        assert direccion not in sin_codigo
    assert "`http://x.example/a?b=1`" in md and "`www.ejemplo.com`" in md


# ------------------------------------------------------------------------------------ 8. lo demás

def test_html_anidado_y_utf16_sin_bom_dicen_por_que():
    anidado = ("<html><body>" + "<div>" * 5000 + "Llegaron 1,200 personas." + "</div>" * 5000 + "</body></html>").encode()
    with pytest.raises(prop.DocumentoIlegible, match="anida") as e:
        prop.extraer("anidado.html", anidado)
    assert e.value.clave == "anidado"
    for codificacion in ("utf-16-le", "utf-16-be"):
        with pytest.raises(prop.DocumentoIlegible, match="UTF-16") as e:
            prop.extraer("u16.txt", TEXTO.encode(codificacion))
        assert e.value.clave == "utf16"


def test_el_servidor_limita_lo_que_se_sube():
    config = tomllib.loads((RAIZ / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == prop.LIMITE_MB


def test_el_icono_es_un_archivo_local():
    """Un ícono «:material/…:» o un emoji como favicon lo pide el navegador a un servidor externo."""
    import ast

    arbol = ast.parse((RAIZ / "app.py").read_text(encoding="utf-8"))
    llamadas = [n for n in ast.walk(arbol) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "set_page_config"]
    icono = next(k.value for k in llamadas[0].keywords if k.arg == "page_icon")
    assert not isinstance(icono, ast.Constant)  # no una cadena «:material/…:» ni un emoji
    assert (RAIZ / "tablero" / "icono.png").read_bytes().startswith(b"\x89PNG")
    assert 'ICONO = Path(__file__).parent / "tablero" / "icono.png"' in (RAIZ / "app.py").read_text(encoding="utf-8")


def test_la_ficha_de_una_tabla_con_url_que_no_es_http_detiene_el_etl(crudos_copia):
    """La url de una ficha llega a la columna de enlaces de Fuentes y al paquete de datos."""
    import json

    from etl.procedencia import leer_ficha, ruta_ficha

    ruta = next(p for p in sorted((crudos_copia / "tablas").iterdir()) if not p.name.endswith(".meta.json"))
    ficha = json.loads(ruta_ficha(ruta).read_text(encoding="utf-8"))
    assert leer_ficha(ruta)["url"] == ficha["url"]
    for url in ("javascript:alert(1)", "=HYPERLINK(\"http://x\")"):
        ruta_ficha(ruta).write_text(json.dumps(dict(ficha, url=url), ensure_ascii=False), encoding="utf-8")
        with pytest.raises(ErrorDeEntrada, match="url"):
            leer_ficha(ruta)
