"""Registro de fuentes (etl/fuentes/): cada fuente en un lugar, y lo que el registro gobierna."""

from __future__ import annotations

import importlib

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
    tablas = [t for f in registro().values() for t in f.tablas]
    assert len(tablas) == len(set(tablas))
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
