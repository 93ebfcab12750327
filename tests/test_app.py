"""app.py como lo ve la usuaria (AppTest): una versión de los datos por ejecución aunque el ETL publique a
media página, los errores de una página se registran sin mostrar detalles, y el tablero nunca corre el ETL:
avisa si las tablas están viejas y se detiene si faltan."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from conftest import RAIZ, abrir, apuntar, construir_en, limpiar_caches, sumar_a_un_renglon, tabla_parquet

from tablero import consultas, datos, formato
from tablero.textos import t


def _ultimo_eventos(parquet: Path) -> int:
    eventos = tabla_parquet(parquet, "eventos_nacionalidad")
    return int(eventos.loc[eventos["mes"] == eventos["mes"].max(), "n"].sum())


def test_una_version_por_ejecucion(proyecto, monkeypatch):
    """El ETL publica una versión nueva justo después de la primera consulta de una ejecución: el resto de
    esa ejecución sigue en la versión vieja (y lo dice la tarjeta) y la ejecución siguiente usa la nueva."""
    crudos, destino = proyecto
    apuntar(monkeypatch, destino, crudos)
    vieja = destino.resolve()
    antes = _ultimo_eventos(destino)
    usadas: list[tuple[str, Path]] = []
    original = consultas.Catalogo.ejecutar
    publicada: list[Path] = []

    def ejecutar(self, nombre, **parametros):
        usadas.append((nombre, self.version))
        if not publicada:  # a media ejecución: revisión del boletín y `python -m etl` en el mismo enlace
            sumar_a_un_renglon(crudos, 1000)
            construir_en(crudos, destino)
            publicada.append(destino.resolve())
        return original(self, nombre, **parametros)

    monkeypatch.setattr(consultas.Catalogo, "ejecutar", ejecutar)
    limpiar_caches()
    try:
        at = abrir("panorama")
        assert not at.exception, at.exception
        primera = list(usadas)
        assert publicada and publicada[0] != vieja, "la publicación a media página no ocurrió"
        assert len(primera) > 1, "la ejecución hizo una sola consulta: no hay mezcla posible que probar"
        assert {v for _, v in primera} == {vieja}, f"consultas de una ejecución en versiones distintas: {primera}"
        assert formato.numero(antes) in [m.value for m in at.metric], "la tarjeta muestra la versión de su ejecución"
        assert vieja.name in " ".join(c.value for c in at.caption), "el pie dice la versión de su ejecución"

        del usadas[:]
        at.run()  # la siguiente ejecución de la misma sesión
        assert not at.exception, at.exception
        assert usadas, "la ejecución siguiente no consultó nada"
        assert {v for _, v in usadas} == {publicada[0]}, f"la ejecución siguiente no usó la versión nueva: {usadas}"
        assert formato.numero(antes + 1000) in [m.value for m in at.metric]
    finally:
        limpiar_caches()


def test_la_excepcion_de_una_pagina_se_registra_sin_detalles_en_pantalla(tablero, monkeypatch, caplog):
    """Una página que falla: app.py la registra (con su traceback, para quien opera) y la usuaria ve sólo el
    aviso genérico de Streamlit, sin mensaje ni traceback (client.showErrorDetails del proyecto)."""
    from streamlit import config

    secreto = "detalle-interno /srv/tablero/clave"
    original = datos.consulta

    def consulta(nombre, **parametros):
        if nombre == "cifras_titulares":
            raise RuntimeError(secreto)
        return original(nombre, **parametros)

    monkeypatch.setattr(datos, "consulta", consulta)
    proyecto = tomllib.loads((RAIZ / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    detalles = proyecto["client"]["showErrorDetails"]
    assert detalles == "none", "el proyecto ya no oculta los detalles de los errores"
    previo = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", detalles)
    try:
        with caplog.at_level(logging.ERROR, logger="tablero"):
            at = abrir("panorama")
    finally:
        config.set_option("client.showErrorDetails", previo)
    registros = [r for r in caplog.records if r.name == "tablero" and "falló la página" in r.getMessage()]
    assert registros, [r.getMessage() for r in caplog.records]
    assert registros[0].exc_info and isinstance(registros[0].exc_info[1], RuntimeError)
    assert secreto in str(registros[0].exc_info[1])
    assert at.exception, "la página que falla se marca como error"
    for e in at.exception:
        assert secreto not in e.value and not list(e.stack_trace), (e.value, list(e.stack_trace))
    pantalla = " ".join(x.value for x in [*at.markdown, *at.text, *at.caption, *at.error, *at.warning])
    assert secreto not in pantalla and "Traceback" not in pantalla


def test_tablas_viejas_se_avisan_y_no_se_reconstruyen(proyecto, monkeypatch):
    """Crudos cambiados después de publicar: el tablero avisa (`tablas_viejas`), sigue mostrando las tablas
    publicadas y no construye nada: el enlace y el manifiesto quedan igual."""
    crudos, destino = proyecto
    apuntar(monkeypatch, destino, crudos)
    version, manifiesto = destino.resolve(), (destino / "manifiesto.json").read_bytes()
    versiones = sorted(p.name for p in version.parent.iterdir())
    sumar_a_un_renglon(crudos, 1000)

    # Publicar (etl.publicacion) cambia el enlace con os.replace y crea la versión con os.symlink/mkdir: cualquiera
    # de esas escrituras bajo la carpeta de las tablas, venga de donde venga, falla aquí.
    import os

    carpeta = destino.parent.resolve()
    originales = {n: getattr(os, n) for n in ("replace", "symlink", "mkdir", "rename")}

    def vigilar(nombre):
        def envoltura(*a, **k):
            if any(str(Path(x).resolve()).startswith(str(carpeta)) for x in a[:2] if isinstance(x, (str, os.PathLike))):
                raise AssertionError(f"el tablero escribió en las tablas ({nombre} {a[:2]})")
            return originales[nombre](*a, **k)
        return envoltura

    for nombre in originales:
        monkeypatch.setattr(os, nombre, vigilar(nombre))
    at = abrir("encuentros")
    assert not at.exception, at.exception
    assert t("tablas_viejas", "es") in [w.value for w in at.warning]
    assert at.title and at.title[0].value == t("pag_encuentros", "es"), "con tablas viejas la página se sigue mostrando"
    assert destino.resolve() == version and (destino / "manifiesto.json").read_bytes() == manifiesto
    assert sorted(p.name for p in version.parent.iterdir()) == versiones, "el tablero escribió una versión"


def test_sin_tablas_se_explica_que_ejecutar_y_se_detiene(tmp_path, monkeypatch):
    """Sin tablas publicadas: el error `tablas_faltan` (qué ejecutar), ninguna página ni consulta, nada escrito."""
    parquet, crudos = tmp_path / "parquet", tmp_path / "crudos"
    crudos.mkdir()
    apuntar(monkeypatch, parquet, crudos)
    consultadas: list[str] = []
    original = consultas.Catalogo.ejecutar
    monkeypatch.setattr(consultas.Catalogo, "ejecutar",
                        lambda self, nombre, **p: consultadas.append(nombre) or original(self, nombre, **p))
    for idioma in ("es", "en"):
        at = abrir("panorama", idioma=idioma)
        assert not at.exception, at.exception
        assert t("tablas_faltan", idioma) in [e.value for e in at.error]
        assert not at.title and not at.metric and not at.get("plotly_chart"), "la página no debió dibujarse"
    assert not consultadas, f"sin tablas no hay consultas: {consultadas}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crudos"], "el tablero escribió en la carpeta de datos"


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_pie_con_productores_y_version(tablero, cat, idioma):
    at = abrir("vacantes", idioma=idioma)
    pie = " ".join(c.value for c in at.caption).replace("\\", "")
    assert tablero.resolve().name in pie
    productores = cat.ejecutar("productores", idioma=idioma)["productor"]
    otro = cat.ejecutar("productores", idioma="es" if idioma == "en" else "en")["productor"]
    for productor in productores:
        assert str(productor) in pie
    # el pie dice los productores en su idioma: «cifras de México provenientes de la COMAR» no sale en inglés
    ajenos = [p for p in otro if not any(str(p) in str(q) for q in productores)]
    assert ajenos, "los productores no cambian con el idioma: la prueba no probaría nada"
    assert [p for p in ajenos if str(p) in pie] == []
