"""Archivos crudos hostiles o dañados: o se cargan bien o se rechazan con un mensaje claro; nunca otra excepción."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import upmrip
from etl.__main__ import main
from etl.construir import CRUDOS
from etl.errores import ErrorDeEntrada
from etl.lectura import leer_csv
from etl.procedencia import escribir_ficha

SEXO_EDAD = CRUDOS / "tablas" / "upmrip_eventos_por_sexo_edad.csv"


def _escribir(tmp_path: Path, contenido: bytes, nombre: str = "prueba.csv") -> Path:
    ruta = tmp_path / nombre
    ruta.write_bytes(contenido)
    return ruta


def test_archivo_vacio(tmp_path):
    with pytest.raises(ErrorDeEntrada, match="prueba.csv: el archivo está vacío"):
        leer_csv(_escribir(tmp_path, b""), ["t", "n"])


def test_solo_encabezado(tmp_path):
    with pytest.raises(ErrorDeEntrada, match="sólo tiene encabezado"):
        leer_csv(_escribir(tmp_path, b"t,n\n"), ["t", "n"])


@pytest.mark.parametrize("hasta", [",", "e"])
def test_truncado_a_media_fila(tmp_path, hasta):
    """Cortado tras una coma (falta el conteo) o a media palabra (faltan campos): error con su fila."""
    datos = SEXO_EDAD.read_bytes()
    mitad = datos[: len(datos) // 2]
    corte = mitad[: mitad.rfind(hasta.encode()) + (1 if hasta == "," else 0)]
    fila = corte.count(b"\n") + 1
    ruta = _escribir(tmp_path, corte, SEXO_EDAD.name)
    with pytest.raises(ErrorDeEntrada, match=rf"{SEXO_EDAD.name}, fila {fila}"):
        upmrip.eventos_sexo_edad(ruta, {})


def test_comilla_sin_cerrar(tmp_path):
    with pytest.raises(ErrorDeEntrada, match="fila"):
        leer_csv(_escribir(tmp_path, b't,n\n2020-01,"5\n2020-02,6\n'), ["t", "n"])


def test_otro_delimitador(tmp_path):
    texto = SEXO_EDAD.read_text(encoding="utf-8").replace(",", ";")
    # las etiquetas de edad llevan coma entre comillas; con ; quedan tal cual
    with pytest.raises(ErrorDeEntrada, match="otro delimitador"):
        leer_csv(_escribir(tmp_path, texto.encode()), ["t", "sex", "age", "n"])


def test_latin1(tmp_path):
    with pytest.raises(ErrorDeEntrada, match=r"fila 2: no está en UTF-8"):
        leer_csv(_escribir(tmp_path, "nombre,n\nMéxico,1\n".encode("latin-1")), ["nombre", "n"])


def test_bom_se_acepta_y_da_lo_mismo(tmp_path):
    sin = leer_csv(SEXO_EDAD, ["t", "sex", "age", "n"])
    con = leer_csv(_escribir(tmp_path, b"\xef\xbb\xbf" + SEXO_EDAD.read_bytes()), ["t", "sex", "age", "n"])
    assert list(con.columns) == list(sin.columns)
    assert con.equals(sin)


def test_renglones_repetidos_a_mano_no_se_suman_en_silencio(tmp_path):
    """La tabla de eventos suma los pares repetidos que declara su ficha, y sólo esos."""
    origen = CRUDOS / "tablas" / "upmrip_eventos_por_nacionalidad.csv"
    lineas = origen.read_text(encoding="utf-8").splitlines(keepends=True)
    ruta = _escribir(tmp_path, "".join(lineas + [lineas[1]]).encode(), origen.name)
    ficha = {"duplicados": {"politica": "sumar", "pares_esperados": 49}}
    with pytest.raises(ErrorDeEntrada, match="50 pares .* la ficha declara 49"):
        upmrip.eventos_nacionalidad(ruta, {ln.split(",")[1] for ln in lineas[1:]}, ficha)


def test_diez_veces_mas_grande_carga_completo(tmp_path):
    """Diez copias de la tabla en años distintos: se carga todo, sin perder ni inventar renglones."""
    lineas = SEXO_EDAD.read_text(encoding="utf-8").splitlines(keepends=True)
    cuerpo = lineas[1:]
    grande = [lineas[0]]
    for k in range(10):
        grande += [str(int(ln[:4]) + 100 * k) + ln[4:] for ln in cuerpo]
    ruta = _escribir(tmp_path, "".join(grande).encode(), SEXO_EDAD.name)
    tabla = upmrip.eventos_sexo_edad(ruta, {})
    original = upmrip.eventos_sexo_edad(SEXO_EDAD, {})
    assert len(tabla) == 10 * len(original)
    assert int(tabla["n"].sum()) == 10 * int(original["n"].sum())


def test_etl_completo_con_archivo_diez_veces_mayor(tmp_path):
    crudos = tmp_path / "crudos"
    shutil.copytree(CRUDOS, crudos)
    ruta = crudos / "tablas" / SEXO_EDAD.name
    lineas = ruta.read_text(encoding="utf-8").splitlines(keepends=True)
    ruta.write_text(
        "".join([lineas[0]] + [str(int(ln[:4]) + 100 * k) + ln[4:] for k in range(10) for ln in lineas[1:]]),
        encoding="utf-8",
    )
    escribir_ficha(ruta)
    assert main(["--crudos", str(crudos), "--destino", str(tmp_path / "parquet")]) == 0


# --- Propiedades: cualquier tabla válida sobrevive la ida y vuelta; cualquier basura da ErrorDeEntrada ---

_texto = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n"), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    filas=st.lists(st.tuples(_texto, _texto, st.integers(0, 10**12)), min_size=1, max_size=30),
    bom=st.booleans(),
    crlf=st.booleans(),
    citar=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
)
def test_ida_y_vuelta(tmp_path, filas, bom, crlf, citar):
    buf = io.StringIO()
    w = csv.writer(buf, quoting=citar, lineterminator="\r\n" if crlf else "\n")
    w.writerow(["a", "b", "n"])
    w.writerows(filas)
    datos = buf.getvalue().encode("utf-8")
    ruta = _escribir(tmp_path, (b"\xef\xbb\xbf" if bom else b"") + datos)
    tabla = leer_csv(ruta, ["a", "b", "n"])
    assert list(zip(tabla["a"], tabla["b"], tabla["n"].astype(int))) == filas
    assert list(tabla["_fila"]) == list(range(2, len(filas) + 2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_basura_da_error_de_entrada_o_tabla(tmp_path, datos):
    ruta = _escribir(tmp_path, datos)
    try:
        leer_csv(ruta, ["t", "sex", "age", "n"])
    except ErrorDeEntrada as e:
        assert "prueba.csv" in str(e)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["2018-01", "2019-13", "x", ""]), st.sampled_from(["male", "female", "otro"]),
                          st.sampled_from(["18+", "12-17", "?"]), st.sampled_from(["5", "-1", "2.5", "cinco", ""])),
                min_size=1, max_size=8))
def test_lector_de_eventos_solo_lanza_error_de_entrada(tmp_path, filas):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["t", "sex", "age", "n"])
    w.writerows(filas)
    ruta = _escribir(tmp_path, buf.getvalue().encode())
    try:
        tabla = upmrip.eventos_sexo_edad(ruta, {})
    except ErrorDeEntrada as e:
        assert e.fila is not None or "encabezado" in e.mensaje
    else:
        assert (tabla["n"] >= 0).all() and len(tabla) == len(filas)
