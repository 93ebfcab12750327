"""ENOE (INEGI): ocupados por lugar de nacimiento y formalidad. Lo esperado sale del CSV crudo leído aquí con
el módulo csv (independiente del ETL y de las consultas); el trimestre que falta se muestra vacío, nunca
interpolado; la tabla entra a la matriz de brechas sin pasar por nacionalidad; y las páginas de Refugio y
empleo e IMSS la muestran como contexto al lado de su cifra titular."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import CRUDOS, abrir, comprobar_fuente, editar_csv, grafica, sin_escape, tarjetas, valores

from tablero import formato
from tablero.textos import categoria, t

RUTA = CRUDOS / "tablas" / "inegi_enoe_ocupados_nacidos_extranjero.csv"
LUGARES = {"mexico": "ocupados_nacidos_en_mexico", "extranjero": "ocupados_nacidos_en_extranjero"}
PARTES = {("mexico", "formal"): "ocupados_mexico_formal", ("mexico", "informal"): "ocupados_mexico_informal",
          ("extranjero", "formal"): "ocupados_extranjero_formal", ("extranjero", "informal"): "ocupados_extranjero_informal"}


def _crudo() -> dict[tuple[int, int], dict]:
    """(año, trimestre) → renglón del CSV crudo."""
    with RUTA.open(encoding="utf-8", newline="") as f:
        return {(int(r["trimestre"][:4]), int(r["trimestre"][-1])): r for r in csv.DictReader(f)}


def _todos_los_trimestres(crudo) -> list[tuple[int, int]]:
    inicio, fin = min(crudo), max(crudo)
    salida, (a, q) = [], inicio
    while (a, q) <= fin:
        salida.append((a, q))
        a, q = (a + 1, 1) if q == 4 else (a, q + 1)
    return salida


def _clave(trimestre: str) -> tuple[int, int]:
    fecha = pd.Timestamp(trimestre)
    return fecha.year, (fecha.month - 1) // 3 + 1


def _pct(parte: int, total: int) -> float:
    return round(100 * parte / total + 1e-9, 1)  # la mitad hacia arriba, como round() de DuckDB con positivos


# ---------------------------------------------------------------- ETL

def test_tabla_publicada_igual_al_crudo(parquet_sesion):
    publicada = pd.read_parquet(parquet_sesion / "enoe_ocupados.parquet")
    crudo = _crudo()
    assert len(publicada) == 4 * len(crudo)
    for r in publicada.to_dict("records"):
        fila = crudo[_clave(r["trimestre"])]
        assert r["ocupados"] == int(fila[PARTES[(r["lugar_nacimiento"], r["formalidad"])]]), r
        assert r["fuente_id"] == RUTA.name


@pytest.mark.parametrize("columna,valor,mensaje", [
    ("ocupados_extranjero_formal", "+1", "no es formal + informal"),
    ("trimestre", "2021Q5", "no es un trimestre"),
    ("ocupados_mexico_informal", "mucho", "no es un número"),
])
def test_entrada_mala_detiene_el_etl_con_fila_y_columna(crudos_copia, tmp_path, columna, valor, mensaje):
    from etl.construir import construir
    from etl.errores import ErrorDeEntrada

    def cambiar(filas: list[dict]) -> None:
        filas[4][columna] = str(int(filas[4][columna]) + 1) if valor == "+1" else valor

    editar_csv(crudos_copia / "tablas" / RUTA.name, cambiar)
    with pytest.raises(ErrorDeEntrada) as e:
        construir(crudos_copia, tmp_path / "parquet")
    assert mensaje in str(e.value)
    assert e.value.archivo == RUTA.name and e.value.fila == 6
    # la suma que no cuadra se señala en la columna del total; las demás, en la columna mala
    assert e.value.columna == ("ocupados_nacidos_en_extranjero" if valor == "+1" else columna)
    assert not (tmp_path / "parquet").exists(), "nada se publica si la entrada es mala"


def test_categoria_sin_etiqueta_detiene_el_etl(crudos_copia, tmp_path):
    from etl.construir import construir
    from etl.errores import ErrorDeEntrada

    editar_csv(crudos_copia / "catalogos" / "etiquetas.csv", lambda filas: filas.__setitem__(
        slice(None), [f for f in filas if f["campo"] != "lugar_nacimiento"]))
    with pytest.raises(ErrorDeEntrada, match="lugar_nacimiento"):
        construir(crudos_copia, tmp_path / "parquet")


# ---------------------------------------------------------------- consultas

def test_informalidad_del_ultimo_trimestre_igual_a_la_del_crudo(cat):
    """La informalidad de las personas nacidas en México en el último trimestre del archivo, calculada del CSV crudo."""
    crudo = _crudo()
    ultimo = max(crudo)
    fila = crudo[ultimo]
    esperado = _pct(int(fila["ocupados_mexico_informal"]), int(fila["ocupados_nacidos_en_mexico"]))
    serie = cat.ejecutar("enoe_trimestral", lugares=["mexico"], idioma="es")
    renglon = serie[[_clave(x) == ultimo for x in serie["trimestre"]]]
    assert renglon["informal_pct"].tolist() == [esperado]
    assert renglon["periodo"].tolist() == [f"{ultimo[0]}-T{ultimo[1]}"]


def test_trimestre_faltante_queda_vacio_sin_interpolar(cat):
    crudo = _crudo()
    faltan = [q for q in _todos_los_trimestres(crudo) if q not in crudo]
    assert faltan, "el crudo no tiene huecos: la prueba no prueba nada"
    serie = cat.ejecutar("enoe_trimestral", lugares=[], idioma="en")
    assert set(serie["lugar_nacimiento"]) == set(LUGARES)
    for lugar, parte in serie.groupby("lugar_nacimiento"):
        assert [_clave(x) for x in parte["trimestre"]] == _todos_los_trimestres(crudo), lugar
        vacios = [_clave(x) for x in parte.loc[parte["ocupados"].isna(), "trimestre"]]
        assert vacios == faltan, lugar
        assert parte.loc[parte["ocupados"].isna(), ["formales", "informales", "informal_pct"]].isna().all().all()
        llenos = parte[parte["ocupados"].notna()]
        assert [int(v) for v in llenos["ocupados"]] == [int(crudo[_clave(x)][LUGARES[lugar]]) for x in llenos["trimestre"]]
    comprobar_fuente(serie, "enoe_trimestral")


def test_cercano_a_una_cifra_es_el_trimestre_mas_proximo(cat):
    titular = cat.ejecutar("cifras_por_familias", familias=["imss"], idioma="es")
    fila = titular[titular["titular"]].iloc[0]
    cercano = cat.ejecutar("enoe_cercano_a_cifra", cifra_id=fila["cifra_id"], idioma="es").iloc[0]
    crudo = _crudo()
    referencia = pd.Timestamp(cercano["referencia"])
    def distancia(q):
        return abs((pd.Timestamp(year=q[0], month=3 * q[1] - 2, day=1) + pd.Timedelta(days=45) - referencia).days)
    mejor = min(crudo, key=lambda q: (distancia(q), (-q[0], -q[1])))
    assert _clave(cercano["trimestre"]) == mejor
    assert cercano["formales"] == int(crudo[mejor]["ocupados_extranjero_formal"])
    assert cercano["ocupados"] == int(crudo[mejor]["ocupados_nacidos_en_extranjero"])
    assert cat.ejecutar("enoe_cercano_a_cifra", cifra_id="no-existe", idioma="es").empty


def test_matriz_de_brechas_sin_nacionalidad_para_la_enoe(cat):
    """Lugar de nacimiento no es nacionalidad: la matriz no enciende esa casilla, y ninguna casilla queda vacía."""
    matriz = cat.ejecutar("desagregaciones_tablas", idioma="es").set_index("tabla")
    assert "enoe_ocupados" in matriz.index
    dims = ["mes", "nacionalidad", "sexo", "edad", "entidad"]
    assert matriz[dims].notna().all().all()
    assert not matriz.loc["enoe_ocupados", "nacionalidad"]


# ---------------------------------------------------------------- páginas

def _tarjeta(at, prefijo: str) -> dict:
    encontradas = [x for x in tarjetas(at) if x["etiqueta"].startswith(prefijo)]
    assert len(encontradas) == 1, [x["etiqueta"] for x in tarjetas(at)]
    return encontradas[0]


@pytest.mark.parametrize("idioma", ["es", "en"])
@pytest.mark.parametrize("pagina", ["imss", "refugio_empleo"])
def test_tarjeta_enoe_al_lado_de_la_cifra_titular(tablero, cat, descargas, pagina, idioma):
    familia = "imss" if pagina == "imss" else "refugio_empleo"
    cifras = cat.ejecutar("cifras_por_familias", familias=[familia], idioma=idioma)
    titular = cifras[cifras["titular"]].iloc[0]
    cercano = cat.ejecutar("enoe_cercano_a_cifra", cifra_id=titular["cifra_id"], idioma=idioma).iloc[0]
    at = abrir(pagina, idioma=idioma)
    assert not at.exception, at.exception
    tarjeta = _tarjeta(at, t("enoe_formales", idioma, periodo=cercano["periodo"]))
    assert tarjeta["valor"] == formato.numero(cercano["formales"])
    # con la cifra titular del documento en la página
    vecinas = [x["valor"] for x in tarjetas(at) if x is not tarjeta]
    assert formato.cifra_fila(titular.to_dict(), idioma) in vecinas
    assert t("enoe_de_ocupados", idioma, ocupados=formato.numero(cercano["ocupados"]),
             pct=formato.numero(cercano["informal_pct"], 1)) in tarjeta["pie"]
    institucion = categoria(cercano["institucion"], idioma)  # el productor en el idioma de la sesión (ficha `_en`)
    assert idioma == "es" or institucion != cercano["institucion"], "en inglés el productor viene de productor_en"
    assert any(institucion in r for r in tarjeta["pie"]), "la fuente de la ENOE va en la tarjeta"
    textos = " ".join(sin_escape(x.value) for x in [*at.caption, *at.markdown])
    assert t("enoe_advertencia", idioma) in [w.value for w in at.warning]
    notas = [i.value for i in at.info]
    assert t("enoe_comparar_nota" if pagina == "imss" else "enoe_comparar_nota_refugio", idioma) in notas
    faltan = cat.ejecutar("enoe_trimestral", lugares=[], idioma=idioma)
    faltan = list(dict.fromkeys(faltan.loc[faltan["ocupados"].isna(), "periodo"]))
    assert t("enoe_hueco", idioma, periodo=", ".join(faltan)) in textos


@pytest.mark.parametrize("pagina,clave,lugares,columnas", [
    ("imss", "enoe_extranjero", ["extranjero"], {"formal": "formales", "informal": "informales"}),
    ("refugio_empleo", "enoe_informal", [], None),
])
def test_grafica_enoe_dibuja_la_consulta_con_hueco_y_su_csv(tablero, cat, descargas, pagina, clave, lugares, columnas):
    esperado = cat.ejecutar("enoe_trimestral", lugares=lugares, idioma="es")
    at = abrir(pagina)
    fig = grafica(at, f"graf_{clave}")
    if columnas:  # una línea por formalidad, de los nacidos en el extranjero
        trazos = {tr["name"]: tr for tr in fig["data"]}
        for formalidad, columna in columnas.items():
            y = valores(trazos[categoria(formalidad, "es")]["y"])
            assert [None if v is None or v != v else v for v in y] == [None if pd.isna(v) else v for v in esperado[columna]]
    else:  # una línea por lugar de nacimiento, el porcentaje informal
        trazos = {tr["name"]: tr for tr in fig["data"]}
        for lugar, parte in esperado.groupby("lugar_nacimiento", sort=False):
            y = valores(trazos[categoria(lugar, "es")]["y"])
            assert [None if v is None or v != v else v for v in y] == [None if pd.isna(v) else v for v in parte["informal_pct"]]
    assert all(not tr.get("connectgaps") for tr in fig["data"]), "el hueco no se une"
    csv_mostrado = descargas.csv(at, f"csv_{clave}")
    assert list(csv_mostrado.columns) == list(esperado.columns)
    assert len(csv_mostrado) == len(esperado)
    assert csv_mostrado["periodo"].tolist() == esperado["periodo"].tolist()
    comprobar_fuente(csv_mostrado, clave)
