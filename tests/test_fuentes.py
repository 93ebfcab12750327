"""Registro de fuentes (etl/fuentes/): cada fuente en un lugar, y lo que el registro gobierna."""

from __future__ import annotations

import csv
import datetime as dt
import importlib

import pandas as pd

from etl import documentar, inventario
from etl.construir import CRUDOS
from etl.esquemas import TABLAS
from etl.fuentes import CADENCIAS, registro
from tablero.consultas import cargar_vistas


def test_cada_tabla_publicada_tiene_su_vista_de_staging():
    vistas = set(cargar_vistas())
    assert sorted(t for t in TABLAS if f"stg_{t}" not in vistas) == []


def test_cada_fuente_declara_sus_metadatos_en_los_dos_idiomas_y_su_lector():
    for f in registro().values():
        m = f.metadatos
        for campo in ("titulo", "titulo_en", "productor", "licencia", "cita", "url"):
            assert str(m[campo]).strip(), (f.id, campo)
        assert m["cadencia"] in (*CADENCIAS, None), f.id
        assert (m["cadencia"] is None) == (m["rezago_dias"] is None), f.id
        assert set(f.tablas) <= set(TABLAS), f.id
        importlib.import_module(f.lector)  # el lector existe
        if f.periodo:
            tabla, columna = f.periodo
            assert tabla in f.tablas and columna in TABLAS[tabla].nombres(), f.id


def test_cada_tabla_oficial_es_de_una_sola_fuente_y_cada_archivo_tambien():
    """Una fuente que sustituye periodos de otra (SUSTITUYE, como el Boletín descargado sobre los CSV compilados de la
    UPMRIP) sólo alimenta tablas de esa otra; las demás tablas son de una sola fuente."""
    fuentes = registro()
    tablas = [t for f in fuentes.values() if not f.sustituye for t in f.tablas]
    assert len(tablas) == len(set(tablas))
    for f in fuentes.values():
        if f.sustituye:
            assert f.sustituye in fuentes and set(f.tablas) <= set(fuentes[f.sustituye].tablas), f.id
    assert fuentes["upmrip_boletin"].sustituye == "upmrip"
    archivos = [p for f in registro().values() for p in f.reclamados(CRUDOS)]
    assert len(archivos) == len(set(archivos)) and all(p.is_file() for p in archivos)


def test_el_inventario_y_el_esquema_salen_del_registro():
    reclamados = inventario.reclamados(CRUDOS)
    for f in registro().values():
        assert set(f.reclamados(CRUDOS)) <= reclamados, f.id
        assert f"| `{f.id}` | {f.metadatos['titulo']}" in documentar.markdown()


def test_un_modulo_con_metadatos_y_descargar_se_enchufa_solo():
    """Lo que expone etl.fuentes.upmrip_boletin (METADATOS + descargar) basta para una Fuente."""
    from types import ModuleType

    from etl.fuentes import desde_modulo

    m = ModuleType("etl.fuentes.prueba")
    m.METADATOS = dict(registro()["upmrip"].metadatos)
    m.descargar = lambda cliente, anio=None: []
    f = desde_modulo("prueba", m)
    assert f.id == "prueba" and f.descargar is m.descargar and f.tablas == ()
    assert f.reclamados(CRUDOS) == []
    # con claves en inglés y textos {es, en} también
    m.METADATOS = {"title": {"es": "Boletín", "en": "Bulletin"}, "producer": "UPMRIP", "licence": "abierta",
                   "cite": "UPMRIP, Boletín.", "cadence": "monthly", "usual_lag_days": 60, "page_url": "https://x.test/"}
    meta = desde_modulo("prueba", m).metadatos
    assert (meta["titulo"], meta["titulo_en"], meta["cadencia"], meta["rezago_dias"]) == ("Boletín", "Bulletin", "mensual", 60)


# ------------------------------------------------------------------ frescura (consulta `frescura`, contra $hoy)

def _ultimo_mes_upmrip() -> dt.date:
    """El último mes del CSV incluido de eventos de la UPMRIP, leído del archivo crudo."""
    with (CRUDOS / "tablas" / "upmrip_eventos_por_nacionalidad.csv").open(encoding="utf-8", newline="") as f:
        ultimo = max(r["t"] for r in csv.DictReader(f))
    return dt.date.fromisoformat(ultimo + "-01")


def _fin_del_mes_siguiente(mes: dt.date) -> dt.date:
    despues = dt.date(mes.year + (mes.month + 1) // 12, (mes.month + 1) % 12 + 1, 1)  # dos meses después
    return despues - dt.timedelta(days=1)


def test_la_frescura_se_calcula_contra_el_dia_que_se_pide(cat):
    ultimo = _ultimo_mes_upmrip()
    rezago = registro()["upmrip"].metadatos["rezago_dias"]
    esperada = _fin_del_mes_siguiente(ultimo) + dt.timedelta(days=rezago)

    def fila(hoy):
        f = cat.ejecutar("frescura", hoy=hoy, idioma="es").set_index("fuente").loc["upmrip"]
        return f["estado"], f["dias_atraso"], f["proxima_publicacion"], f["ultimo_periodo"]

    assert fila(esperada - dt.timedelta(days=1))[0] == "al_dia"
    assert fila(esperada)[0] == "por_publicarse" and fila(esperada + dt.timedelta(days=15))[0] == "por_publicarse"
    estado, dias, proxima, periodo = fila(esperada + dt.timedelta(days=16))
    assert (estado, dias, proxima, periodo) == ("atrasada", 16, esperada.isoformat(), ultimo.strftime("%Y-%m"))


def test_hoy_los_datos_incluidos_se_ven_atrasados(cat):
    """Con la fecha de hoy, cada serie mensual incluida está atrasada (terminan en 2025) y la antigüedad en meses es la
    del calendario."""
    hoy = dt.date.today()
    f = cat.ejecutar("frescura", hoy=hoy, idioma="en").set_index("fuente")
    ultimo = _ultimo_mes_upmrip()
    assert f.loc["upmrip", "estado"] == "atrasada" and f.loc["upmrip", "dias_atraso"] > 0
    assert f.loc["upmrip", "meses_antiguedad"] == (hoy.year - ultimo.year) * 12 + hoy.month - ultimo.month
    assert f.loc["inegi_enoe", "ultimo_periodo"].endswith("-Q4")  # trimestre en inglés
    assert pd.isna(f.loc["entidades", "estado"])  # sin periodos, sin estado


def test_una_fuente_con_cadencia_y_sin_periodos_dice_sin_datos(cat, parquet_sesion, capsys):
    """Una fuente con cadencia cuya tabla aún no trae ningún periodo (`inegi_bie`: `enoe_indicadores` va vacía hasta la
    primera descarga con su clave) no es «sin periodos»: no tiene datos todavía, y `etl estado` dice qué variable
    necesita. Una fuente sin cadencia (`entidades`) sigue sin periodos."""
    from etl.__main__ import main

    bie = registro()["inegi_bie"]
    assert bie.metadatos["cadencia"] in CADENCIAS and bie.metadatos["token"]
    assert all(pd.read_parquet(parquet_sesion / f"{t}.parquet").empty for t in bie.tablas)  # hoy se publica vacía
    f = cat.ejecutar("frescura", hoy=dt.date(2030, 1, 15), idioma="es").set_index("fuente")
    assert f.loc["inegi_bie", "estado"] == "sin_datos" and f.loc["inegi_bie", "cadencia"] == bie.metadatos["cadencia"]
    assert pd.isna(f.loc["entidades", "estado"]) and pd.isna(f.loc["entidades", "cadencia"])
    assert main(["estado", "--destino", str(parquet_sesion), "--hoy", "2030-01-15"]) == 0
    salida = capsys.readouterr().out
    assert f"- inegi_bie: sin datos todavía: necesita la variable ${bie.metadatos['token']}." in salida
    assert "- inegi_bie: sin periodos" not in salida


def test_etl_estado_imprime_la_frescura(parquet_sesion, capsys):
    from etl.__main__ import main

    ultimo = _ultimo_mes_upmrip()
    assert main(["estado", "--destino", str(parquet_sesion), "--hoy", "2030-01-15"]) == 0
    salida = capsys.readouterr().out
    assert "Frescura de las fuentes al 2030-01-15" in salida
    assert "- upmrip: atrasada " in salida and f"Último periodo {ultimo.strftime('%Y-%m')}" in salida
    assert "- entidades: sin periodos." in salida


def test_el_boletin_de_la_upmrip_con_su_cadencia_y_su_rezago(cat, parquet_sesion, capsys):
    """`upmrip_boletin` aparece con su cadencia y su rezago (los de su módulo, no los de `upmrip`): su último periodo es
    el de la tabla de eventos que alimenta y, sin descargas en los datos incluidos, no tiene fecha de consulta."""
    from etl.__main__ import main

    ultimo = _ultimo_mes_upmrip()
    m = registro()["upmrip_boletin"].metadatos
    assert m["rezago_dias"] != registro()["upmrip"].metadatos["rezago_dias"]
    esperada = _fin_del_mes_siguiente(ultimo) + dt.timedelta(days=m["rezago_dias"])
    f = cat.ejecutar("frescura", hoy=dt.date(2030, 1, 15), idioma="es").set_index("fuente").loc["upmrip_boletin"]
    assert (f["cadencia"], f["ultimo_periodo"], f["proxima_publicacion"]) == (
        m["cadencia"], ultimo.strftime("%Y-%m"), esperada.isoformat())
    assert f["descarga"] and f["instantaneas"] == 0 and pd.isna(f["fecha_acceso"]) and f["estado"] == "atrasada"
    assert main(["estado", "--destino", str(parquet_sesion), "--hoy", "2030-01-15"]) == 0
    linea = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("- upmrip_boletin: "))
    assert f"próxima publicación esperada {esperada.isoformat()}" in linea and "consultado —" in linea
    assert "se descarga con `python -m etl actualizar`" in linea


def test_fuentes_muestra_la_tabla_de_frescura_en_los_dos_idiomas(tablero):
    from conftest import abrir

    from tablero.textos import t

    for idioma in ("es", "en"):
        at = abrir("fuentes", idioma=idioma)
        assert not at.exception, at.exception
        tabla = next(d.value for d in at.dataframe if t("col_estado", idioma) in d.value.columns)
        estados = dict(zip(tabla[t("col_fuente", idioma)], tabla[t("col_estado", idioma)]))
        assert estados["upmrip"].startswith(t("frescura_atrasada", idioma, n="X").split("X")[0])
        assert estados["entidades"] == t("frescura_sin_periodos", idioma)
        token = registro()["inegi_bie"].metadatos["token"]
        assert estados["inegi_bie"] == t("frescura_sin_datos_clave", idioma, token=token)


def test_la_linea_de_fuente_de_una_grafica_dice_la_antiguedad(tablero, cat):
    """«…; último mes: AAAA-MM, hace N meses.» con N contado aquí desde el CSV crudo y la fecha de hoy."""
    from tablero import componentes
    from tablero.textos import t

    filas = cat.ejecutar("ultimos_meses")
    eventos = filas[filas["serie"] == "eventos_upmrip"]
    ultimo, hoy = _ultimo_mes_upmrip(), dt.date.today()
    n = (hoy.year - ultimo.year) * 12 + hoy.month - ultimo.month
    esperado = t("antiguedad_mensual", "es", periodo=ultimo.strftime("%Y-%m"), hace=t("hace_meses", "es", n=n))
    linea = componentes.linea_fuente_tabla(eventos)
    assert n > 1 and linea.endswith(f"; {esperado}.") and linea.startswith("Fuente: ")
