"""Inventario de datos/crudos: un archivo que ningún paso lee detiene el ETL, nombrándolo."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from etl import inventario
from etl.__main__ import main
from etl.construir import CRUDOS, leer_todo
from etl.procedencia import escribir_ficha

_ABIERTOS: list[str] | None = None


def _auditar(evento: str, args: tuple) -> None:
    if _ABIERTOS is not None and evento == "open" and isinstance(args[0], (str, Path)):
        _ABIERTOS.append(str(args[0]))


sys.addaudithook(_auditar)  # no se puede quitar; sólo registra mientras _ABIERTOS no es None


@pytest.fixture
def crudos(tmp_path) -> Path:
    destino = tmp_path / "crudos"
    shutil.copytree(CRUDOS, destino)
    return destino


def _fallar(crudos: Path, tmp_path: Path, capsys) -> str:
    assert main(["--crudos", str(crudos), "--destino", str(tmp_path / "parquet")]) == 1
    return capsys.readouterr().err


def test_los_datos_incluidos_no_dejan_nada_sin_reclamar():
    assert inventario.sin_reclamar(CRUDOS) == []


def test_el_inventario_es_exactamente_lo_que_abre_el_etl(crudos):
    """Lo que el inventario declara es lo que `leer_todo` abre, ni más ni menos (medido con un gancho de auditoría)."""
    global _ABIERTOS
    _ABIERTOS = []
    try:
        leer_todo(crudos)
        abiertos = list(_ABIERTOS)
    finally:
        _ABIERTOS = None
    raiz = crudos.resolve()
    leidos = set()
    for ruta in abiertos:
        p = Path(ruta).resolve()
        if p.is_file() and p.is_relative_to(raiz):
            leidos.add(p)
    assert len(leidos) > len(inventario.CON_FICHA)  # el gancho sí vio las lecturas
    assert leidos == {p.resolve() for p in inventario.reclamados(crudos)}


@pytest.mark.parametrize(
    "ruta, contenido",
    [
        ("eventos_2025.csv", "t,nat,n\n2025-05,GTM,10\n"),  # CSV suelto en datos/crudos, fuera de tablas/
        ("tablas/inegi_censo_nacidos_extranjero.csv", "anio,n\n2020,1\n"),  # tabla sin paso que la lea
        ("tablas/cbp_viejo.csv.meta.json", "{}\n"),  # ficha huérfana
        ("fuentes/005_nuevo.txt", "Texto de un documento que no está en documentos.csv\n"),
        ("catalogos/.~lock.paises.csv#", "x"),  # rastro de una hoja de cálculo abierta
    ],
)
def test_archivo_que_nadie_lee_detiene_el_etl_y_se_nombra(crudos, tmp_path, capsys, ruta, contenido):
    (crudos / ruta).write_text(contenido, encoding="utf-8")
    assert inventario.sin_reclamar(crudos) == [Path(ruta)]
    err = _fallar(crudos, tmp_path, capsys)
    assert ruta in err and "ningún paso del ETL lee este archivo" in err
    assert "tablas anteriores siguen intactas" in err


def test_con_ficha_tampoco_pasa_si_ningun_paso_lo_lee(crudos, tmp_path, capsys):
    """Registrar la procedencia no basta: una tabla con su ficha pero sin paso que la lea se rechaza igual."""
    ruta = crudos / "tablas" / "oim_dtm_flujos.csv"
    ruta.write_text("mes,n\n2025-01,3\n", encoding="utf-8")
    escribir_ficha(ruta, como=crudos / "tablas" / "mmp_incidentes_mexico.csv")
    assert inventario.sin_reclamar(crudos) == [Path("tablas/oim_dtm_flujos.csv"), Path("tablas/oim_dtm_flujos.csv.meta.json")]
    err = _fallar(crudos, tmp_path, capsys)
    assert "tablas/oim_dtm_flujos.csv" in err and "estos 2 archivos" in err


def test_una_descarga_de_la_cbp_si_se_reclama(crudos):
    ruta = crudos / "tablas" / "cbp_descarga.csv"
    shutil.copy(Path(__file__).parent / "fixtures" / "sbo-encounters-fy22-fy25-jun.csv", ruta)
    escribir_ficha(ruta, como=crudos / "tablas" / "cbp_encuentros_frontera_suroeste.csv")
    assert inventario.sin_reclamar(crudos) == []
