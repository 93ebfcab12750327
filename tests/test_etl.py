"""ETL de punta a punta: cada clase de entrada mala se detiene con archivo, fila y columna, y lo publicado no cambia."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import editar_csv

from etl import documentos
from etl.__main__ import main
from etl.construir import CRUDOS, RAIZ, vigente
from etl.errores import ErrorDeEntrada
from etl.esquemas import TABLAS
from etl.lectura import leer_csv
from etl.numeros import normalizar_espacios, numeros_escritos
from etl.procedencia import escribir_ficha


def _huellas(destino: Path) -> dict[str, str]:
    real = destino.resolve()
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(real.iterdir())} | {"@": str(real)}


@pytest.fixture(scope="module")
def plantilla(tmp_path_factory) -> Path:
    """Una copia de datos/crudos con sus tablas ya construidas, que cada prueba copia y estropea."""
    raiz = tmp_path_factory.mktemp("plantilla")
    shutil.copytree(CRUDOS, raiz / "crudos")
    assert main(["--crudos", str(raiz / "crudos"), "--destino", str(raiz / "parquet")]) == 0
    return raiz


@pytest.fixture
def proyecto(plantilla, tmp_path) -> tuple[Path, Path]:
    shutil.copytree(plantilla, tmp_path / "p", symlinks=True)
    return tmp_path / "p" / "crudos", tmp_path / "p" / "parquet"


def _editar_lineas(ruta: Path, cambiar) -> None:
    lineas = ruta.read_text(encoding="utf-8").splitlines(keepends=True)
    ruta.write_text("".join(cambiar(lineas)), encoding="utf-8")


def _fallar_con_tabla(proyecto, capsys, archivo: str, cambiar) -> str:
    """Edita los renglones de una tabla cruda (con su ficha al día) y devuelve el error de `python -m etl`."""
    crudos, destino = proyecto
    ruta = crudos / "tablas" / archivo
    _editar_lineas(ruta, cambiar)
    escribir_ficha(ruta)
    return _fallar(crudos, destino, capsys)


def _fallar(crudos: Path, destino: Path, capsys) -> str:
    """Corre el ETL, exige que falle y que lo publicado siga idéntico; devuelve el mensaje de error."""
    antes = _huellas(destino)
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 1
    assert _huellas(destino) == antes, "las tablas publicadas cambiaron tras un error"
    err = capsys.readouterr().err
    assert "tablas anteriores siguen intactas" in err
    return err


def test_construye_todas_las_tablas(plantilla):
    destino = plantilla / "parquet"
    assert {p.stem for p in destino.glob("*.parquet")} == set(TABLAS)
    for nombre, tabla in TABLAS.items():
        leida = pq.read_table(destino / f"{nombre}.parquet")
        assert leida.schema.equals(tabla.esquema_arrow()), nombre
        # Los datos incluidos no traen descargas de la CBP por estado ni del Banco de Indicadores del INEGI (con
        # clave): esas tablas se publican vacías.
        assert leida.num_rows > 0 or nombre in ("cbp_encuentros_estado", "enoe_indicadores"), nombre
    assert vigente(plantilla / "crudos", destino)


def test_misma_entrada_mismos_bytes(plantilla, tmp_path):
    otra = tmp_path / "parquet"
    assert main(["--crudos", str(plantilla / "crudos"), "--destino", str(otra)]) == 0
    primera, segunda = _huellas(plantilla / "parquet"), _huellas(otra)
    primera.pop("@"), segunda.pop("@")
    assert primera == segunda


def test_segunda_corrida_no_crea_otra_version(proyecto):
    crudos, destino = proyecto
    antes = destino.resolve()
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 0
    assert destino.resolve() == antes


def test_fila_mal_formada(proyecto, capsys):
    err = _fallar_con_tabla(proyecto, capsys, "upmrip_eventos_por_sexo_edad.csv",
                            lambda ls: ls[:4] + ["2018-01,male,18+,5,sobra\n"] + ls[4:])
    assert "upmrip_eventos_por_sexo_edad.csv" in err and "fila 5" in err and "5 campos" in err


@pytest.mark.parametrize("archivo,linea,valor,mensaje", [
    ("upmrip_eventos_por_nacionalidad.csv", 2, "doce", "'doce' no es un número"),
    ("upmrip_devoluciones_por_nacionalidad.csv", 6, "-5", "negativo"),
])
def test_conteo_que_no_es_un_entero_no_negativo(proyecto, capsys, archivo, linea, valor, mensaje):
    err = _fallar_con_tabla(proyecto, capsys, archivo,
                            lambda ls: ls[:linea] + [ls[linea].rsplit(",", 1)[0] + f",{valor}\n"] + ls[linea + 1:])
    assert f"{archivo}, fila {linea + 1}, columna n" in err and mensaje in err


def test_clave_duplicada(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "upmrip_devoluciones_por_nacionalidad.csv"
    _editar_lineas(ruta, lambda ls: ls + [ls[3]])
    escribir_ficha(ruta)
    n = len(ruta.read_text(encoding="utf-8").splitlines())
    err = _fallar(crudos, destino, capsys)
    assert f"fila {n}" in err and "clave duplicada" in err and "ya aparece en la fila 4" in err


def test_nacionalidad_desconocida(proyecto, capsys):
    err = _fallar_con_tabla(proyecto, capsys, "upmrip_eventos_por_nacionalidad.csv",
                            lambda ls: ls[:9] + ["2018-01,ZZZ,3\n"] + ls[9:])
    assert "fila 10, columna nat" in err and "'ZZZ'" in err


def _cambiar_cifra(crudos: Path, columna: str, nuevo, elegir=lambda f: f["titular"] == "1") -> int:
    """Cambia `columna` en la primera cifra que cumple `elegir`; devuelve su fila en el archivo (encabezado = 1)."""
    ruta = crudos / "cifras.csv"
    fila = {}

    def cambio(filas):
        for i, f in enumerate(filas):
            if elegir(f):
                f[columna] = nuevo(f[columna])
                fila["n"] = i + 2
                return

    editar_csv(ruta, cambio)
    return fila["n"]


def test_indicador_desconocido(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "indicador_id", lambda v: "indicador_inventado")
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna indicador_id" in err and "indicador_inventado" in err


def test_cita_que_no_esta_en_el_documento(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "cita", lambda v: v + " y algo que el documento no dice")
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna cita" in err and "no está en el documento" in err


def test_valor_que_contradice_su_cita(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "valor", lambda v: str(float(v) * 10), elegir=lambda f: f["titular"] == "1" and f["valor"])
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna valor" in err and "no es el que escribe la cita" in err


def test_rango_cuyo_extremo_contradice_su_cita(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "valor_max", lambda v: str(float(v) + 1), elegir=lambda f: f["valor_max"])
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna valor_max" in err


def test_calificador_que_la_cita_no_dice(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "calificador_texto", lambda v: "aproximadamente")
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna calificador_texto" in err


def test_archivo_en_latin1(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "indicadores.csv"
    texto = ruta.read_text(encoding="utf-8")
    ruta.write_bytes(texto.encode("latin-1", errors="replace"))
    err = _fallar(crudos, destino, capsys)
    assert "indicadores.csv" in err and "no está en UTF-8" in err and "fila" in err


def test_archivo_cambiado_sin_actualizar_su_ficha(proyecto, capsys):
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "banxico_remesas_por_entidad.csv"
    _editar_lineas(ruta, lambda ls: ls[:-1])
    err = _fallar(crudos, destino, capsys)
    assert "banxico_remesas_por_entidad.csv" in err and "sha256" in err and "python -m etl ficha" in err


def test_archivo_sin_ficha(proyecto, capsys):
    crudos, destino = proyecto
    (crudos / "tablas" / "darien.csv.meta.json").unlink(missing_ok=True)
    (crudos / "tablas" / "panama_darien_por_nacionalidad.csv.meta.json").unlink()
    err = _fallar(crudos, destino, capsys)
    assert "falta su ficha de procedencia" in err


def test_cbp_con_columnas_desconocidas(proyecto, capsys):
    """Una descarga de la CBP con columnas desconocidas no recibe ficha (su periodo sale de sus renglones, que no
    se pueden leer): `etl ficha` sale con 1 nombrando archivo, fila y columnas; sin ficha, el ETL tampoco la carga."""
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "cbp_descarga_nueva.csv"
    ruta.write_text("Year,Month,Count\n2025,JUN,10\n", encoding="utf-8")
    assert main(["ficha", str(ruta), "--como", str(crudos / "tablas" / "cbp_encuentros_frontera_suroeste.csv")]) == 1
    salida = capsys.readouterr()
    err = salida.out + salida.err
    assert "cbp_descarga_nueva.csv" in err and "fila 1" in err and "['Year', 'Month', 'Count']" in err
    assert not (crudos / "tablas" / "cbp_descarga_nueva.csv.meta.json").exists()
    assert "cbp_descarga_nueva.csv" in _fallar(crudos, destino, capsys)


def test_entrada_nueva_invalida_la_version(proyecto):
    crudos, destino = proyecto
    assert vigente(crudos, destino)
    ruta = crudos / "tablas" / "banxico_remesas_por_entidad.csv"
    _editar_lineas(ruta, lambda ls: ls[:-1])
    escribir_ficha(ruta)
    assert not vigente(crudos, destino)
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 0
    assert vigente(crudos, destino)


def test_documentacion_del_esquema_al_dia():
    from etl.documentar import DESTINO, markdown

    assert DESTINO.read_text(encoding="utf-8") == markdown(), "regenere con `python -m etl.documentar`"


# ---------------------------------------------------------------- bitácora, registro del último error y estado()

def test_fallo_en_la_bitacora_y_en_el_estado(proyecto, caplog):
    import logging

    from etl.construir import construir
    from etl.errores import ErrorDeEntrada
    from etl.estado import estado, ruta_error

    crudos, destino = proyecto
    antes = _huellas(destino)
    assert estado(crudos, destino) | {"huella_entradas": None, "huella_publicada": None} == {
        "publicadas": True, "completas": True, "al_dia": True, "version": destino.resolve().name,
        "huella_entradas": None, "huella_publicada": None, "error": None}
    ruta = crudos / "tablas" / "upmrip_eventos_por_nacionalidad.csv"
    original = ruta.read_bytes(), ruta.with_name(ruta.name + ".meta.json").read_bytes()
    _editar_lineas(ruta, lambda ls: ls[:2] + [ls[2].rsplit(",", 1)[0] + ",doce\n"] + ls[3:])
    escribir_ficha(ruta)
    with caplog.at_level(logging.INFO, logger="etl"), pytest.raises(ErrorDeEntrada):
        construir(crudos, destino)
    errores = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errores and "upmrip_eventos_por_nacionalidad.csv, fila 3, columna n" in errores[0].getMessage()
    assert any(r.levelno == logging.INFO and "leído" in r.getMessage() for r in caplog.records)
    assert _huellas(destino) == antes, "las tablas publicadas cambiaron tras un error"

    e = estado(crudos, destino)
    assert e["publicadas"] and not e["al_dia"] and e["version"] == destino.resolve().name
    assert e["error"]["archivo"] == "upmrip_eventos_por_nacionalidad.csv" and e["error"]["fila"] == 3
    assert e["error"]["columna"] == "n" and "'doce' no es un número" in e["error"]["mensaje"]

    # con otros crudos el fallo anterior ya no dice nada; al publicar se borra el registro
    ruta.write_bytes(original[0])
    ruta.with_name(ruta.name + ".meta.json").write_bytes(original[1])
    assert estado(crudos, destino)["error"] is None and ruta_error(destino).exists()
    assert main(["-q", "--crudos", str(crudos), "--destino", str(destino)]) == 0
    assert not ruta_error(destino).exists()
    assert estado(crudos, destino)["al_dia"]


def test_estado_sin_tablas_publicadas(tmp_path):
    from etl.estado import estado

    e = estado(CRUDOS, tmp_path / "parquet")
    assert not e["publicadas"] and not e["al_dia"] and e["version"] is None and e["error"] is None


def test_primer_intento_fallido_queda_registrado(proyecto, capsys):
    from etl.estado import estado

    crudos, _ = proyecto
    destino = crudos.parent / "nuevo" / "parquet"
    (crudos / "indicadores.csv").write_bytes("id,nombre\nx,\xe1\n".encode("latin-1"))
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 1
    err = capsys.readouterr().err
    assert "ERROR: archivo indicadores.csv" in err and "tablas anteriores siguen intactas" in err
    e = estado(crudos, destino)
    assert not e["publicadas"] and e["error"]["archivo"] == "indicadores.csv"


def test_niveles_de_la_bitacora(proyecto, capsys, monkeypatch):
    crudos, destino = proyecto
    assert main(["-q", "--crudos", str(crudos), "--destino", str(destino)]) == 0
    assert "INFO" not in capsys.readouterr().err
    monkeypatch.setenv("TABLERO_LOG", "WARNING")
    assert main(["--crudos", str(crudos), "--destino", str(destino)]) == 0
    assert "INFO" not in capsys.readouterr().err
    assert main(["--verbose", "--crudos", str(crudos), "--destino", str(destino)]) == 0
    err = capsys.readouterr().err
    assert "INFO: publicada la versión" in err and "DEBUG: escrita" in err


# ---------------------------------------------------------------- metadatos publicados como tablas

def test_metadatos_publicados(plantilla):
    import json

    from etl.metadatos import definicion, definicion_en

    destino = plantilla / "parquet"
    meta = pq.read_table(destino / "tablas_meta.parquet").to_pylist()
    assert [m["tabla"] for m in meta] == list(TABLAS)
    for m in meta:
        t = TABLAS[m["tabla"]]
        assert (m["titulo"], m["descripcion"], json.loads(m["clave"])) == (t.titulo, t.descripcion, list(t.clave))
        assert m["definicion"] == definicion(t) and m["titulo_en"]
        assert m["definicion_en"] == definicion_en(t)
        for c in t.columnas:  # cada medida, con su descripción y unidad en inglés (no en español)
            if c.unidad:
                assert f"{c.nombre}: {c.descripcion_en} ({c.unidad_en})" in m["definicion_en"], (t.nombre, c.nombre)
                assert c.descripcion not in m["definicion_en"] and f"({c.unidad})" not in m["definicion_en"], (t.nombre, c.nombre)
        assert m["filas"] == pq.read_metadata(destino / f"{m['tabla']}.parquet").num_rows
    campos = pq.read_table(destino / "campos_meta.parquet").to_pylist()
    assert [(c["tabla"], c["campo"]) for c in campos] == sorted(
        ((n, c.nombre) for n, t in TABLAS.items() for c in t.columnas), key=lambda x: (x[0], TABLAS[x[0]].nombres().index(x[1])))
    for c in campos:
        col = TABLAS[c["tabla"]].columnas[c["posicion"] - 1]
        assert col.nombre == c["campo"] and col.tipo == c["tipo"] and col.nulo == c["nulo"]
        assert (json.loads(c["valores"]) if c["valores"] else None) == (list(col.valores) if col.valores else None)
        assert c["minimo"] == col.minimo and (c["unidad"] or "") == col.unidad
        assert c["descripcion_en"] == col.descripcion_en and (c["unidad_en"] or "") == col.unidad_en
    pares = pq.read_table(destino / "fuentes_tablas.parquet").to_pylist()
    fuentes = set(pq.read_table(destino / "fuentes.parquet").column("fuente_id").to_pylist())
    assert {p["fuente"] for p in pares} <= fuentes
    assert sorted(p["fuente"] for p in pares if p["principal"]) == sorted({p["fuente"] for p in pares})
    assert {"tabla": "eventos_nacionalidad", "fuente": "upmrip_eventos_por_nacionalidad.csv", "principal": True} in pares
    assert {"tabla": "entidades_simplificadas", "fuente": "mexico_entidades.geojson", "principal": False} in pares


def test_columna_sin_ingles_detiene_el_registro(monkeypatch):
    """Una columna sin descripcion_en, o con unidad y sin unidad_en, no se registra: el error nombra tabla y columna."""
    from etl import esquemas
    from etl.esquemas import Col, EsquemaSinTraduccion, Tabla

    monkeypatch.setattr(esquemas, "TABLAS", {})
    a = Col("a", "texto", "Clave", descripcion_en="Key")
    sin_descripcion = Tabla("prueba", "Prueba", "Una tabla.", (a, Col("b", "texto", "Nombre")), ("a",))
    with pytest.raises(EsquemaSinTraduccion, match=r"tabla prueba, columna b: falta descripcion_en"):
        esquemas._registrar(sin_descripcion)
    sin_unidad = Tabla("prueba", "Prueba", "Una tabla.",
                       (a, Col("n", "entero", "Personas", unidad="personas", descripcion_en="People")), ("a",))
    with pytest.raises(EsquemaSinTraduccion, match=r"tabla prueba, columna n: tiene unidad 'personas' y falta unidad_en"):
        esquemas._registrar(sin_unidad)
    assert esquemas.TABLAS == {}
    completa = Tabla("prueba", "Prueba", "Una tabla.",
                     (a, Col("n", "entero", "Personas", unidad="personas", descripcion_en="People", unidad_en="people")), ("a",))
    assert esquemas._registrar(completa) is completa and esquemas.TABLAS == {"prueba": completa}


def test_cada_columna_publicada_dice_su_descripcion_y_unidad_en_ingles():
    """Ninguna columna de etl/esquemas.py repite en «inglés» su descripción o su unidad en español."""
    for tabla in TABLAS.values():
        for c in tabla.columnas:
            assert c.descripcion_en and c.descripcion_en != c.descripcion, (tabla.nombre, c.nombre)
            assert bool(c.unidad) == bool(c.unidad_en) and (not c.unidad or c.unidad_en != c.unidad), (tabla.nombre, c.nombre)


# --------------------------------------------------------------------------- cada valor, sólo su token


def _leer_filas(ruta: Path) -> tuple[list[str], list[dict]]:
    with ruta.open(encoding="utf-8", newline="") as f:
        lector = csv.DictReader(f)
        return list(lector.fieldnames), list(lector)


def _escribir_filas(ruta: Path, campos: list[str], filas: list[dict]) -> None:
    with ruta.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=campos, lineterminator="\n")
        w.writeheader()
        w.writerows(filas)


def _mismo(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _otros_numeros(cita: str, convencion: str, idioma: str, valor: float) -> list[float]:
    """Cada número que el lector encuentra en la cita (en contexto, leído solo y sin multiplicador) y cada grupo de
    cifras escrito en ella, leído con las dos convenciones («3,6» da 3.6 y 36, y también 3 y 6), salvo el valor."""
    candidatos = {x for n in numeros_escritos(cita, convencion, idioma) for x in (n.valor, n.solo, n.base)}
    for grupo in re.findall(r"\d+(?:[.,]\d+)*", cita):
        candidatos |= {float(d) for d in re.findall(r"\d+", grupo)}
        for miles, decimal in ((",", "."), (".", ",")):
            with contextlib.suppress(ValueError):
                candidatos.add(float(grupo.replace(miles, "").replace(decimal, ".")))
    return sorted(x for x in candidatos if not _mismo(x, valor))


def _mutaciones() -> list[tuple[int, str, str, float]]:
    """(índice de la fila, cifra_id, columna, otro número de su cita) para cada valor de datos/crudos/cifras.csv."""
    _, docs = _leer_filas(CRUDOS / "documentos.csv")
    convencion = {d["documento_id"]: (d["formato_numerico"], d["idioma"]) for d in docs}
    _, filas = _leer_filas(CRUDOS / "cifras.csv")
    casos = []
    for k, f in enumerate(filas):
        for columna in ("valor", "valor_min", "valor_max"):
            if f[columna]:
                for otro in _otros_numeros(f["cita"], *convencion[f["documento_id"]], float(f[columna])):
                    casos.append((k, f["cifra_id"], columna, otro))
    return casos


@pytest.fixture(scope="module")
def catalogos():
    docs = documentos.documentos(CRUDOS / "documentos.csv", CRUDOS / "fuentes")
    return docs, documentos.indicadores(CRUDOS / "indicadores.csv")


def test_ningun_otro_numero_de_la_cita_pasa_como_valor(catalogos, tmp_path):
    """Para cada cifra y cada otro número que escribe su cita (años, el otro extremo de un rango, el número sin
    su multiplicador), poner ese número como valor detiene la carga con archivo, fila y columna."""
    docs, inds = catalogos
    campos, filas = _leer_filas(CRUDOS / "cifras.csv")
    numero_de_fila = list(leer_csv(CRUDOS / "cifras.csv")["_fila"])
    documentos.cifras(CRUDOS / "cifras.csv", docs, inds)  # sin cambios, carga
    ruta = tmp_path / "cifras.csv"
    casos = _mutaciones()
    fallos = []
    for k, cifra, columna, otro in casos:
        _escribir_filas(ruta, campos, filas[:k] + [{**filas[k], columna: f"{otro:.15g}"}] + filas[k + 1:])
        donde = f"cifras.csv, fila {numero_de_fila[k]}, columna {columna}"
        try:
            documentos.cifras(ruta, docs, inds)
            fallos.append(f"{cifra}: {columna} = {otro:.15g} se aceptó")
        except ErrorDeEntrada as e:
            if (e.archivo, e.fila, e.columna) != ("cifras.csv", numero_de_fila[k], columna) or donde not in str(e):
                fallos.append(f"{cifra}: {columna} = {otro:.15g} dio «{e}», se esperaba «{donde}»")
    assert not fallos, "\n".join(fallos)
    # la prueba no es vacía: las citas con más de un número (o con multiplicador) dan casos
    assert len({c for _, c, _, _ in casos}) >= len(filas) // 3


def _tokens_que_no_son_cifras() -> list[tuple[int, str, str, float]]:
    """(fila, cifra_id, texto, valor) de cada número de la cita de una cifra puntual de datos/crudos/cifras.csv que
    el proponedor descarta (año, fecha, artículo, inciso, número de lista…)."""
    from etl.proponer import _es_cifra

    _, docs = _leer_filas(CRUDOS / "documentos.csv")
    convencion = {d["documento_id"]: (d["formato_numerico"], d["idioma"]) for d in docs}
    _, filas = _leer_filas(CRUDOS / "cifras.csv")
    casos = []
    for k, f in enumerate(filas):
        if not f["valor"]:
            continue
        cita = normalizar_espacios(f["cita"])
        hallados = numeros_escritos(cita, *convencion[f["documento_id"]])
        for i, n in enumerate(hallados):
            if not _es_cifra(cita, n, hallados[i + 1] if i + 1 < len(hallados) else None):
                casos.append((k, f["cifra_id"], n.texto, n.valor))
    return casos


def test_un_numero_que_el_proponedor_descarta_no_es_valor_aunque_se_edite_su_texto(catalogos, tmp_path):
    """Para cada cifra puntual y cada número de su cita que el proponedor descarta (en «en 2021 cuatro de las 12
    millones», el 2021), escribirlo a la vez en `valor` y en `valor_texto` (calificador exacto) detiene la carga
    nombrando archivo, fila y la columna valor_texto."""
    docs, inds = catalogos
    campos, filas = _leer_filas(CRUDOS / "cifras.csv")
    numero_de_fila = list(leer_csv(CRUDOS / "cifras.csv")["_fila"])
    ruta = tmp_path / "cifras.csv"
    casos = _tokens_que_no_son_cifras()
    assert any(1900 <= v <= 2100 for _, _, _, v in casos), "la prueba debe cubrir al menos un año"
    fallos = []
    for k, cifra, texto, valor in casos:
        editada = {**filas[k], "valor": f"{valor:.15g}", "valor_texto": texto, "calificador": "exacto",
                   "calificador_texto": ""}
        _escribir_filas(ruta, campos, filas[:k] + [editada] + filas[k + 1:])
        try:
            documentos.cifras(ruta, docs, inds)
            fallos.append(f"{cifra}: valor y valor_texto = «{texto}» se aceptó")
        except ErrorDeEntrada as e:
            if (e.archivo, e.fila, e.columna) != ("cifras.csv", numero_de_fila[k], "valor_texto"):
                fallos.append(f"{cifra}: «{texto}» dio «{e}», se esperaba la fila {numero_de_fila[k]}, columna valor_texto")
    assert not fallos, "\n".join(fallos)


def test_los_dos_extremos_de_un_rango_son_dos_numeros_distintos(catalogos, tmp_path):
    """Cada rango de datos/crudos/cifras.csv con sus dos extremos escritos con el mismo número de la cita (el de
    uno u otro extremo, con sus valores y el calificador_texto vacío) detiene la carga en valor_max_texto."""
    docs, inds = catalogos
    campos, filas = _leer_filas(CRUDOS / "cifras.csv")
    numero_de_fila = list(leer_csv(CRUDOS / "cifras.csv")["_fila"])
    ruta = tmp_path / "cifras.csv"
    rangos = [k for k, f in enumerate(filas) if f["valor_min"]]
    assert rangos
    fallos = []
    for k in rangos:
        for extremo in ("valor_min", "valor_max"):
            f = filas[k]
            editada = {**f, "valor_min": f[extremo], "valor_max": f[extremo], "valor_min_texto": f[f"{extremo}_texto"],
                       "valor_max_texto": f[f"{extremo}_texto"], "calificador_texto": ""}
            _escribir_filas(ruta, campos, filas[:k] + [editada] + filas[k + 1:])
            try:
                documentos.cifras(ruta, docs, inds)
                fallos.append(f"{f['cifra_id']}: los dos extremos = «{f[extremo + '_texto']}» se aceptó")
            except ErrorDeEntrada as e:
                if (e.fila, e.columna) != (numero_de_fila[k], "valor_max_texto") or "mismo número" not in str(e):
                    fallos.append(f"{f['cifra_id']}: dio «{e}»")
    assert not fallos, "\n".join(fallos)


def test_python_m_etl_rechaza_un_anio_de_la_cita_como_valor(proyecto):
    """`python -m etl` (otro proceso) con el valor de una cifra cambiado por el año que escribe su cita: sale con 1,
    nombra archivo, fila y columna, y lo publicado queda igual."""
    crudos, destino = proyecto
    _, docs = _leer_filas(crudos / "documentos.csv")
    convencion = {d["documento_id"]: (d["formato_numerico"], d["idioma"]) for d in docs}
    campos, filas = _leer_filas(crudos / "cifras.csv")
    k, anio = next(
        (k, n.valor) for k, f in enumerate(filas) if f["valor"]
        for n in numeros_escritos(f["cita"], *convencion[f["documento_id"]])
        if 1900 <= n.valor <= 2100 and n.texto.isdigit() and not _mismo(n.valor, float(f["valor"]))
    )
    filas[k]["valor"] = f"{anio:.15g}"
    _escribir_filas(crudos / "cifras.csv", campos, filas)
    antes = _huellas(destino)
    r = subprocess.run([sys.executable, "-m", "etl", "--crudos", str(crudos), "--destino", str(destino)],
                       cwd=RAIZ, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"cifras.csv, fila {k + 2}, columna valor" in r.stderr
    assert _huellas(destino) == antes


def test_token_que_no_esta_en_la_cita(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "valor_texto", lambda v: v + "9", elegir=lambda f: f["titular"] == "1" and f["valor"])
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna valor_texto" in err


def test_token_sin_su_multiplicador(proyecto, capsys):
    """«2.3» cuando la cita dice «2.3 millones» no es el número completo, aunque el valor diga 2.3."""
    crudos, destino = proyecto
    elegir = lambda f: f["valor"] and " " in f["valor_texto"] and f["valor_texto"].split()[0][0].isdigit()  # noqa: E731
    fila = _cambiar_cifra(crudos, "valor_texto", lambda v: v.split()[0], elegir=elegir)
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna valor_texto" in err and "no es un número completo" in err


def test_valor_sin_token(proyecto, capsys):
    crudos, destino = proyecto
    fila = _cambiar_cifra(crudos, "valor_texto", lambda v: "", elegir=lambda f: f["titular"] == "1" and f["valor"])
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna valor_texto" in err


def test_calificador_que_no_va_con_el_numero(proyecto, capsys):
    """«con más de 82 representantes de 17 países»: el «más de» no califica al 17."""
    crudos, destino = proyecto
    _, filas = _leer_filas(crudos / "cifras.csv")
    cita = next(f["cita"] for f in filas if f["calificador"] == "exacto" and "más de " in f["cita"]
                and not f["cita"].lstrip().lower().startswith("más de"))
    elegida = {}

    def elegir(f):
        if f["cita"] == cita and f["calificador"] == "exacto" and not elegida:
            elegida["id"] = f["cifra_id"]
            f["calificador"] = "mas_de"
            return True
        return False

    fila = _cambiar_cifra(crudos, "calificador_texto", lambda v: "más de", elegir=elegir)
    err = _fallar(crudos, destino, capsys)
    assert f"cifras.csv, fila {fila}, columna calificador_texto" in err and "no antes del número" in err


@pytest.mark.parametrize(("archivo", "columna"), [
    ("cifras.csv", "geografia_en"), ("cifras.csv", "institucion_fuente_en"), ("cifras.csv", "periodo_en"),
    ("documentos.csv", "institucion_en"), ("indicadores.csv", "comparabilidad_en"), ("cifras.csv", "nota_en"),
    ("documentos.csv", "fecha_nota_en"),
])
def test_traduccion_que_falta(proyecto, capsys, archivo, columna):
    crudos, destino = proyecto
    campos, filas = _leer_filas(crudos / archivo)
    k = next(k for k, f in enumerate(filas) if f[columna])
    filas[k][columna] = " "
    _escribir_filas(crudos / archivo, campos, filas)
    err = _fallar(crudos, destino, capsys)
    assert f"{archivo}, fila {k + 2}, columna {columna}" in err and "traducción" in err


def test_formato_numerico_con_etiqueta_de_pais(proyecto, capsys):
    crudos, destino = proyecto
    campos, filas = _leer_filas(crudos / "documentos.csv")
    filas[0]["formato_numerico"] = "es-MX"
    _escribir_filas(crudos / "documentos.csv", campos, filas)
    err = _fallar(crudos, destino, capsys)
    assert "documentos.csv, fila 2, columna formato_numerico" in err and "coma_miles_punto_decimal" in err


def test_tokens_y_traducciones_publicados(plantilla):
    """Lo publicado trae el token de cada valor y la etiqueta en inglés donde hay etiqueta en español."""
    cifras = pq.read_table(plantilla / "parquet" / "cifras.parquet").to_pandas()
    puntual = cifras["valor"].notna()
    assert cifras.loc[puntual, "valor_texto"].notna().all()
    assert cifras.loc[~puntual, ["valor_min_texto", "valor_max_texto"]].notna().all().all()
    for c in ("periodo", "geografia", "institucion_fuente", "nota"):
        assert (cifras[c].isna() == cifras[f"{c}_en"].isna()).all(), c
    docs = pq.read_table(plantilla / "parquet" / "documentos.parquet").to_pandas()
    assert docs["institucion_en"].str.len().gt(0).all()
    assert (docs["fecha_nota"].isna() == docs["fecha_nota_en"].isna()).all()
    inds = pq.read_table(plantilla / "parquet" / "indicadores.parquet").to_pandas()
    assert (inds["comparabilidad"].isna() == inds["comparabilidad_en"].isna()).all()


@pytest.mark.parametrize("campo", ["productor_en", "tabla_en", "compilador_en", "periodo_en", "licencia_en",
                                   "cita_sugerida_en", "notas_en"])
def test_ficha_sin_su_ingles(proyecto, capsys, campo):
    """Lo que la ficha dice en palabras (productor, cuadro, compilador, periodo, licencia, cita, notas) se muestra
    en los dos idiomas: sin su gemelo `_en` (o con menos notas en inglés que en español) el ETL se detiene
    nombrando la ficha y el campo."""
    crudos, destino = proyecto
    ruta = crudos / "tablas" / "cbp_encuentros_frontera_suroeste.csv.meta.json"
    ficha = json.loads(ruta.read_text(encoding="utf-8"))
    assert ficha[campo], "la ficha de la CBP ya no trae ese campo: la prueba no probaría nada"
    ficha[campo] = ficha[campo][:-1] if campo == "notas_en" else ""
    ruta.write_text(json.dumps(ficha, ensure_ascii=False), encoding="utf-8")
    err = _fallar(crudos, destino, capsys)
    assert "cbp_encuentros_frontera_suroeste.csv.meta.json" in err and f"columna {campo}" in err


def test_fuentes_publicadas_en_los_dos_idiomas(plantilla):
    """Cada renglón de `fuentes` trae, de su ficha, el inglés de cada texto: el de datos/crudos tal cual."""
    fuentes = pq.read_table(plantilla / "parquet" / "fuentes.parquet").to_pandas().set_index("fuente_id")
    fichas = {json.loads(p.read_text(encoding="utf-8"))["archivo"]: json.loads(p.read_text(encoding="utf-8"))
              for p in CRUDOS.rglob("*.meta.json")}
    for fuente_id, f in fuentes.iterrows():
        ficha = fichas[fuente_id]
        for campo in ("productor", "tabla", "periodo", "licencia", "cita_sugerida"):
            assert f[f"{campo}_en"] == ficha[f"{campo}_en"], (fuente_id, campo)
        assert (f["notas_en"] if isinstance(f["notas_en"], str) else None) == (" ".join(ficha["notas_en"]) or None), fuente_id
    assert (fuentes["licencia"] != fuentes["licencia_en"]).any() and (fuentes["periodo"] != fuentes["periodo_en"]).any()
