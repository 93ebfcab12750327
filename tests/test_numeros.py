"""Lectura de números escritos en los documentos (tokens de cifras) y de fechas."""

import pytest

from etl.numeros import CONVENCIONES, fechas_en_texto, leer_numero, numero_en_cita, numeros_escritos

COMA, PUNTO = "coma_miles_punto_decimal", "punto_miles_coma_decimal"


def test_convenciones_nombradas_por_separadores():
    assert set(CONVENCIONES) == {COMA, PUNTO}


@pytest.mark.parametrize(
    ("token", "convencion", "esperado"),
    [
        ("2.3 millones", COMA, 2_300_000),
        ("1 millón", COMA, 1_000_000),
        ("2 million", COMA, 2_000_000),
        ("142,000", COMA, 142_000),
        ("200 mil", COMA, 200_000),
        ("6 thousand", COMA, 6_000),
        ("41 mil 548", COMA, 41_548),
        ("9.3 mdd", COMA, 9_300_000),
        ("7 mdp", COMA, 7_000_000),
        ("2 mmdd", COMA, 2_000_000_000),
        ("4.5 mmdp", COMA, 4_500_000_000),
        ("3 mil millones", COMA, 3_000_000_000),
        ("1.5 billion", COMA, 1_500_000_000),
        ("1 billón", COMA, 1_000_000_000_000),
        ("2 billones", COMA, 2_000_000_000_000),
        ("306%", COMA, 306),
        ("60.000", PUNTO, 60_000),
        ("7.751", PUNTO, 7_751),
        ("3,6%", PUNTO, 3.6),
        ("3,6 %", PUNTO, 3.6),
        ("2.300.000,5", PUNTO, 2_300_000.5),
        ("2,300,000.5", COMA, 2_300_000.5),
    ],
)
def test_token_leido_solo(token, convencion, esperado):
    assert leer_numero(token, convencion) == pytest.approx(esperado, rel=1e-12)


@pytest.mark.parametrize(
    ("token", "idioma", "esperado"),
    [("cuatro", "es", 4), ("doce mil", "es", 12_000), ("treinta y dos", "es", 32), ("Seis", "es", 6),
     ("cuatro millones", "es", 4_000_000), ("tres mdd", "es", 3_000_000), ("la mitad", "es", 0.5), ("dos terceras partes", "es", 2 / 3), ("two thirds", "en", 2 / 3),
     ("una cuarta parte", "es", 0.25), ("three quarters", "en", 0.75),
     ("six", "en", 6), ("twenty-five", "en", 25), ("two million", "en", 2_000_000)],
)
def test_numeros_con_palabras(token, idioma, esperado):
    assert leer_numero(token, COMA, idioma) == esperado


def test_separadores_cambian_la_lectura():
    assert leer_numero("60.000", COMA) == 60.0
    assert leer_numero("60.000", PUNTO) == 60_000
    with pytest.raises(ValueError, match="no es un número escrito completo"):
        leer_numero("2,300,000", PUNTO)


@pytest.mark.parametrize("token", ["", "personas", "12 personas", "más de 12", "1 y 2", "2021 cuatro"])
def test_token_que_no_es_un_numero(token):
    with pytest.raises(ValueError):
        leer_numero(token, COMA)


def test_rango_el_extremo_inferior_hereda_el_multiplicador():
    bajo, alto = numeros_escritos("existen entre 1.2 y 1.6 millones de vacantes", COMA)
    assert (bajo.texto, bajo.valor, bajo.solo, bajo.hereda_de) == ("1.2", 1_200_000, 1.2, "1.6 millones")
    assert (alto.texto, alto.valor) == ("1.6 millones", 1_600_000)
    assert numero_en_cita("entre 1 y 2.5 millones", "1", COMA).valor == 1_000_000


def test_cuatro_de_las_doce_millones():
    cita = "en 2021 cuatro de las 12 millones de personas"
    assert [(n.texto, n.valor) for n in numeros_escritos(cita, COMA)] == [
        ("2021", 2021), ("cuatro", 4_000_000), ("12 millones", 12_000_000)]
    assert numero_en_cita(cita, "cuatro", COMA).valor == 4_000_000


def test_sin_conector_no_hay_herencia():
    assert [n.valor for n in numeros_escritos("en 22 de 39 millones", COMA)] == [22, 39_000_000]
    assert [n.valor for n in numeros_escritos("de 2018 a 2024", COMA)] == [2018, 2024]


def test_numero_en_cita_exige_el_token_completo():
    assert numero_en_cita("más de 142,000 trabajadores", "142,000", COMA).valor == 142_000
    with pytest.raises(ValueError, match="no aparece en la cita"):
        numero_en_cita("más de 142,000 trabajadores", "143,000", COMA)
    with pytest.raises(ValueError, match="forma parte de «12 millones»"):
        numero_en_cita("de las 12 millones de personas", "12", COMA)
    with pytest.raises(ValueError, match="forma parte de «2021»"):
        numero_en_cita("en 2021 hubo", "2", COMA)
    with pytest.raises(ValueError, match="forma parte de «41 mil 548»"):
        numero_en_cita("41 mil 548 números", "41 mil", COMA)


def test_numeros_escritos_en_una_cita():
    cita = "Casi la mitad, nueve (9) países, un aumento del 1% y \\$9.3 mdd en 1990–2020"
    assert [(n.texto, n.valor) for n in numeros_escritos(cita, COMA)] == [
        ("la mitad", 0.5), ("nueve", 9), ("9", 9), ("1%", 1), ("9.3 mdd", 9_300_000), ("1990", 1990), ("2020", 2020)]


def test_palabras_que_no_son_numeros():
    assert numeros_escritos("uno de los países con una tasa; miles de personas; el tercer foro; cientos", COMA) == []
    assert numeros_escritos("one of the countries; thousands of people", COMA, "en") == []


def test_multiplicador_de_varias_palabras_se_hereda_entero():
    tres, cuatro = numeros_escritos("de tres a cuatro mil millones", COMA)
    assert (tres.valor, cuatro.valor, cuatro.base) == (3e9, 4e9, 4)
    assert numero_en_cita("entre 1 y 2 mil millones de dólares", "1", COMA).valor == 1e9


@pytest.mark.parametrize("token", ["19%", "19 %", "19 por ciento", "19 percent", "diecinueve por ciento"])
def test_porcentajes(token):
    assert leer_numero(token, COMA) == 19


@pytest.mark.parametrize(
    ("texto", "fecha"),
    [
        ("Ciudad de México, 21 de marzo de 2025.- La CISS", "2025-03-21"),
        ("abril de 2024", "2024-04"),
        ("27 y 28 septiembre del 2023", "2023-09-28"),
        ("1 de Septiembre de 2024", "2024-09-01"),
        ("setiembre de 2023", "2023-09"),
        ("March 21, 2025", "2025-03-21"),
    ],
)
def test_meses_en_espanol(texto, fecha):
    assert fecha in fechas_en_texto(texto)


def test_sin_mes_no_hay_fecha():
    assert fechas_en_texto("en 2023 se registraron 2.3 millones") == set()
