"""Lectura de cifras y fechas escritas en los documentos."""

import pytest

from etl.numeros import cita_contiene_valor, fechas_en_texto, numeros_en_texto


@pytest.mark.parametrize(
    ("texto", "formato", "esperado"),
    [
        ("superando los 2.3 millones", "es-MX", 2_300_000),
        ("más de 142,000 trabajadores", "es-MX", 142_000),
        ("more than 142,000 migrant workers", "en", 142_000),
        ("casi 200 mil personas", "es-MX", 200_000),
        ("41 mil 548 números", "es-MX", 41_548),
        ("\\$9.3 mdd para Centros", "es-MX", 9_300_000),
        ("238 millones de pesos", "es-MX", 238_000_000),
        ("más de 60.000 personas", "es-419", 60_000),
        ("un 3,6% del total", "es-419", 3.6),
        ("un incremento del 306%", "es-MX", 306),
        ("más de 1 billón de dólares", "es-MX", 1e12),
        ("cuatro de las 12 millones de personas", "es-MX", 4_000_000),
    ],
)
def test_valor_escrito(texto, formato, esperado):
    assert esperado in numeros_en_texto(texto, formato)


def test_rango_conserva_ambos_extremos():
    valores = numeros_en_texto("existen entre 1.2 y 1.6 millones de vacantes", "es-MX")
    assert 1_200_000 in valores and 1_600_000 in valores
    # el extremo inferior no se queda en 1.2 como única lectura ni se inventa un punto medio
    assert 1_400_000 not in valores


def test_formato_decide_separadores():
    # "60.000" es sesenta mil en es-419 y sesenta en es-MX
    assert numeros_en_texto("60.000", "es-419") == [60_000]
    assert numeros_en_texto("60.000", "es-MX") == [60.0]


def test_valor_que_contradice_la_cita():
    assert cita_contiene_valor("más de 142,000", 142_000, "es-MX")
    assert not cita_contiene_valor("más de 142,000", 14_200, "es-MX")
    assert not cita_contiene_valor("2.3 millones", 2_300, "es-MX")


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
