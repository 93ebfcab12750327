"""Archivos crudos hostiles o dañados: o se cargan bien o se rechazan con un mensaje claro; nunca otra excepción."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.__main__ import main
from etl.construir import CRUDOS
from etl.errores import ErrorDeEntrada
from etl.fuentes.upmrip import lector as upmrip
from etl.lectura import leer_csv
from etl.procedencia import escribir_ficha, leer_ficha, ruta_ficha

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


EVENTOS_NAC = CRUDOS / "tablas" / "upmrip_eventos_por_nacionalidad.csv"


def _eventos_mutados(tmp_path: Path, cambiar) -> tuple[Path, list[str]]:
    """Copia de la tabla de eventos por nacionalidad con `cambiar(lineas)` aplicado y la ficha real, con la huella al día."""
    lineas = EVENTOS_NAC.read_text(encoding="utf-8").splitlines(keepends=True)
    ruta = _escribir(tmp_path, "".join(cambiar(list(lineas))).encode(), EVENTOS_NAC.name)
    shutil.copy(ruta_ficha(EVENTOS_NAC), ruta_ficha(ruta))
    escribir_ficha(ruta)  # quien edita registra la nueva huella; la declaración de pares queda como estaba
    return ruta, lineas


def _paises() -> set[str]:
    return set(leer_csv(CRUDOS / "catalogos" / "paises.csv")["iso3"])


def _par_de_dos(lineas: list[str]) -> tuple[str, str, list[int]]:
    """El primer par declarado que se forma con dos renglones, y los índices de sus líneas en el archivo."""
    declarados = upmrip.duplicados_declarados(leer_ficha(EVENTOS_NAC))
    par = next(p for p, renglones in declarados.items() if renglones == 2)
    indices = [i for i, ln in enumerate(lineas) if ln.split(",")[:2] == list(par)]
    assert len(indices) == 2
    return par[0], par[1], indices


def test_la_ficha_nombra_cada_par_sumado_y_coincide_con_el_archivo():
    """La declaración es verdadera: los pares repetidos del archivo son exactamente los declarados."""
    crudo = leer_csv(EVENTOS_NAC, ["t", "nat", "n"])
    veces = crudo.groupby(["t", "nat"]).size()
    repetidos = {k: int(v) for k, v in veces[veces > 1].items()}
    assert upmrip.duplicados_declarados(leer_ficha(EVENTOS_NAC)) == repetidos
    tabla = upmrip.eventos_nacionalidad(EVENTOS_NAC, _paises(), leer_ficha(EVENTOS_NAC))
    assert int(tabla["n"].sum()) == int(crudo["n"].astype(int).sum())
    assert int((tabla["renglones_sumados"] > 1).sum()) == len(repetidos)


def test_renglon_copiado_a_mano_mas_un_par_corregido_no_pasa(tmp_path):
    """Un GTM copiado a mano más un par FRA/GIN «arreglado» dejan el mismo número de pares: igual se rechaza."""
    def mutar(lineas):
        mes, iso3, (_, segunda) = _par_de_dos(lineas)
        gtm = next(ln for ln in lineas[1:] if ln.split(",")[1] == "GTM")
        del lineas[segunda]
        return lineas + [gtm]

    ruta, lineas = _eventos_mutados(tmp_path, mutar)
    gtm = next(ln for ln in lineas[1:] if ln.split(",")[1] == "GTM")
    mes_gtm = gtm.split(",")[0]
    with pytest.raises(ErrorDeEntrada) as e:
        upmrip.eventos_nacionalidad(ruta, _paises(), leer_ficha(ruta))
    err = e.value
    # Se nombra el renglón copiado (la última fila del archivo mutado) y las columnas de la clave.
    assert err.archivo == EVENTOS_NAC.name and err.columna == "t, nat"
    assert err.fila == len(lineas)  # líneas originales − 1 borrada + 1 agregada; el encabezado es la fila 1
    assert f"mes {mes_gtm}, nacionalidad GTM" in err.mensaje and "no la declara" in err.mensaje


def test_par_declarado_que_ya_no_se_repite_se_rechaza(tmp_path):
    """Quitar un renglón de un par declarado también se reporta: la declaración debe seguir siendo cierta."""
    par = {}

    def mutar(lineas):
        mes, iso3, (primera, segunda) = _par_de_dos(lineas)
        par.update(mes=mes, iso3=iso3, fila=primera + 1)
        del lineas[segunda]
        return lineas

    ruta, _ = _eventos_mutados(tmp_path, mutar)
    with pytest.raises(ErrorDeEntrada) as e:
        upmrip.eventos_nacionalidad(ruta, _paises(), leer_ficha(ruta))
    assert e.value.fila == par["fila"] and e.value.columna == "t, nat"
    assert f"(mes {par['mes']}, nacionalidad {par['iso3']}) se forma con 2 renglones" in e.value.mensaje


def test_tercer_renglon_en_un_par_declarado_se_rechaza(tmp_path):
    def mutar(lineas):
        _, _, (primera, _) = _par_de_dos(lineas)
        return lineas + [lineas[primera]]

    ruta, lineas = _eventos_mutados(tmp_path, mutar)
    with pytest.raises(ErrorDeEntrada, match="trae 3") as e:
        upmrip.eventos_nacionalidad(ruta, _paises(), leer_ficha(ruta))
    assert e.value.fila == len(lineas) + 1


def test_el_etl_completo_rechaza_la_copia_de_gtm(tmp_path, capsys):
    crudos = tmp_path / "crudos"
    shutil.copytree(CRUDOS, crudos)
    ruta = crudos / "tablas" / EVENTOS_NAC.name
    lineas = ruta.read_text(encoding="utf-8").splitlines(keepends=True)
    gtm = next(ln for ln in lineas[1:] if ln.split(",")[1] == "GTM")
    ruta.write_text("".join(lineas + [gtm]), encoding="utf-8")
    escribir_ficha(ruta)  # la huella del CSV cambia a propósito; la declaración de pares no
    assert main(["--crudos", str(crudos), "--destino", str(tmp_path / "parquet")]) == 1
    err = capsys.readouterr().err
    assert EVENTOS_NAC.name in err and f"fila {len(lineas) + 1}" in err and "nacionalidad GTM" in err


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
        tabla = leer_csv(ruta, ["t", "sex", "age", "n"])
    except ErrorDeEntrada as e:
        assert "prueba.csv" in str(e)
        return
    # si se lee, es una tabla con exactamente las columnas pedidas (más _fila), un renglón por fila de datos del
    # archivo, con texto que está en el archivo
    assert list(tabla.columns) == ["t", "sex", "age", "n", "_fila"]
    texto = datos.decode("utf-8-sig")
    assert len(tabla) <= texto.count("\n") + 1
    assert list(tabla["_fila"]) == sorted(tabla["_fila"]) and (tabla["_fila"] >= 2).all()
    for columna in ("t", "sex", "age", "n"):
        assert all(isinstance(v, str) and v in texto for v in tabla[columna]), columna


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
