"""Proyecciones: las tablas del ETL, el puntaje recalculado desde la evaluación publicada, el mismo resultado
con uno o dos procesos, el paquete de datos y la página (AppTest) en ambos idiomas.

Todo lo esperado sale de las tablas publicadas (o de las tablas de entrada), nunca escrito a mano."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import abrir, abrir_secciones, avisos, comprobar_fuente, grafica, sin_escape, tabla_parquet, valores

from etl import proyecciones
from tablero import formato
from tablero.textos import t

SERIES_FIJAS = ["eventos_total", "devoluciones_total", "cbp_suroeste_total", "darien_total"]


@pytest.fixture(scope="module")
def publicadas(parquet_sesion) -> dict[str, pd.DataFrame]:
    nombres = ["proyecciones_series", "proyecciones", "proyecciones_evaluacion", "proyecciones_puntaje",
               "eventos_nacionalidad", "devoluciones", "cbp_encuentros", "darien", "fuentes", "fuentes_tablas"]
    return {n: tabla_parquet(parquet_sesion, n) for n in nombres}


def _observado(p: dict[str, pd.DataFrame], serie: str) -> pd.Series:
    """La serie mensual sumada de su tabla de entrada publicada (mes → valor)."""
    fila = p["proyecciones_series"].set_index("serie").loc[serie]
    tabla = p[fila["tabla"]]
    if fila["tabla"] == "cbp_encuentros":
        tabla = tabla[tabla["region"] == "Southwest Land Border"]
    if fila["tabla"] == "darien":
        tabla = tabla[tabla["periodicidad"] == "mensual"].rename(columns={"periodo_inicio": "mes"})
    if isinstance(fila["iso3"], str):
        tabla = tabla[tabla["iso3"] == fila["iso3"]]
    return tabla.groupby(pd.to_datetime(tabla["mes"]))["n"].sum()


def test_cada_serie_pedida_con_doce_meses_despues_de_su_ultimo_mes(publicadas):
    p = publicadas
    ev = p["eventos_nacionalidad"]
    ultimo = pd.to_datetime(ev["mes"]).max()
    recientes = ev[pd.to_datetime(ev["mes"]) > ultimo - pd.DateOffset(months=24)]
    top5 = recientes.groupby("iso3")["n"].sum().sort_values(ascending=False).head(5).index
    esperadas = SERIES_FIJAS[:1] + [f"eventos_{i}" for i in top5] + SERIES_FIJAS[1:]
    series = p["proyecciones_series"].sort_values("posicion")
    assert list(series["serie"]) == esperadas
    proy = p["proyecciones"]
    for fila in series.to_dict("records"):
        observado = _observado(p, fila["serie"])
        assert pd.Timestamp(fila["ultimo_mes"]) == observado.index.max(), fila["serie"]  # su propio último mes
        elegida = proy[(proy["serie"] == fila["serie"]) & proy["elegido"]].sort_values("horizonte")
        assert list(elegida["modelo"].unique()) == [fila["modelo"]]
        assert list(elegida["horizonte"]) == list(range(1, 13))
        esperados = [observado.index.max() + pd.DateOffset(months=h) for h in range(1, 13)]
        assert list(pd.to_datetime(elegida["mes"])) == esperados
    assert set(proy.groupby("serie")["modelo"].nunique()) == {5}
    for tabla in ("proyecciones", "proyecciones_evaluacion"):
        d = p[tabla]
        assert (d["inf_95"] <= d["inf_80"]).all() and (d["inf_80"] <= d["pronostico"]).all()
        assert (d["pronostico"] <= d["sup_80"]).all() and (d["sup_80"] <= d["sup_95"]).all()


def test_la_evaluacion_usa_los_ultimos_24_origenes_y_el_dato_observado(publicadas):
    p = publicadas
    ev = p["proyecciones_evaluacion"]
    assert set(ev["horizonte"]) == {1, 3, 6, 12}
    for serie, grupo in ev.groupby("serie"):
        observado = _observado(p, serie)
        origenes = pd.to_datetime(grupo["origen"])
        assert origenes.min() == observado.index.max() - pd.DateOffset(months=24), serie
        assert origenes.max() == observado.index.max() - pd.DateOffset(months=1), serie
        meses = pd.to_datetime(grupo["mes"])
        assert all(m == o + pd.DateOffset(months=int(h)) for m, o, h in zip(meses, origenes, grupo["horizonte"]))
        assert list(grupo["real"]) == [int(observado[m]) for m in meses], serie


def test_mase_y_cobertura_se_recalculan_desde_la_evaluacion(publicadas):
    """Un MASE y una cobertura publicados, recalculados a mano desde los renglones de la evaluación."""
    ev, puntaje = publicadas["proyecciones_evaluacion"], publicadas["proyecciones_puntaje"]
    elegida = puntaje[puntaje["elegido"] & (puntaje["horizonte"] == 3)].iloc[0]
    renglones = ev[(ev["serie"] == elegida["serie"]) & (ev["horizonte"] == 3)]

    def mae(modelo: str) -> float:
        r = renglones[renglones["modelo"] == modelo]
        return float(np.mean(np.abs(r["pronostico"] - r["real"])))

    propio = renglones[renglones["modelo"] == elegida["modelo"]]
    assert len(propio) == elegida["origenes"]
    assert mae(elegida["modelo"]) / mae("estacional_ingenuo") == pytest.approx(elegida["mase_estacional"], abs=1e-6)
    assert mae(elegida["modelo"]) / mae("ingenuo") == pytest.approx(elegida["mase_ingenuo"], abs=1e-6)
    dentro = ((propio["inf_80"] <= propio["real"]) & (propio["real"] <= propio["sup_80"])).mean()
    assert dentro == pytest.approx(elegida["cobertura_80"], abs=1e-6)
    dentro95 = ((propio["inf_95"] <= propio["real"]) & (propio["real"] <= propio["sup_95"])).mean()
    assert dentro95 == pytest.approx(elegida["cobertura_95"], abs=1e-6)


def test_el_modelo_elegido_es_el_de_menor_mase_promedio(publicadas):
    puntaje, series = publicadas["proyecciones_puntaje"], publicadas["proyecciones_series"]
    promedio = puntaje.groupby(["serie", "modelo"])["mase_estacional"].mean()
    for fila in series.to_dict("records"):
        candidatos = promedio.loc[fila["serie"]]
        assert candidatos[fila["modelo"]] == candidatos.min(), fila["serie"]
        assert fila["supera_estacional"] == (fila["modelo"] != "estacional_ingenuo")
        marcados = puntaje[(puntaje["serie"] == fila["serie"]) & puntaje["elegido"]]
        assert set(marcados["modelo"]) == {fila["modelo"]}


def test_cada_renglon_trae_la_procedencia_de_su_tabla_de_entrada(publicadas):
    p = publicadas
    fuentes = set(p["fuentes"]["fuente_id"])
    for tabla in ("proyecciones_series", "proyecciones", "proyecciones_evaluacion", "proyecciones_puntaje"):
        assert set(p[tabla]["fuente_id"]) <= fuentes, tabla
        assert tabla in set(p["fuentes_tablas"]["tabla"]), tabla
    series = p["proyecciones_series"].set_index("serie")
    for tabla_entrada, columna in (("eventos_nacionalidad", "fuente_id"), ("cbp_encuentros", "archivo")):
        esperadas = set(p[tabla_entrada][columna])
        assert set(series[series["tabla"] == tabla_entrada]["fuente_id"]) <= esperadas


def test_uno_o_dos_procesos_dan_las_mismas_tablas(publicadas):
    """El paralelismo no cambia nada: mismas entradas, mismos valores (y `test_misma_entrada_mismos_bytes`
    de test_etl compara los bytes de todas las tablas publicadas, éstas incluidas)."""
    p = publicadas
    entradas = {n: p[n] for n in ("eventos_nacionalidad", "devoluciones", "cbp_encuentros", "darien")}
    una = proyecciones.proyecciones(entradas, procesos=1)
    dos = proyecciones.proyecciones(entradas, procesos=2)
    for nombre in una:
        pd.testing.assert_frame_equal(una[nombre], dos[nombre])
    publicada = p["proyecciones_puntaje"].sort_values(["serie", "horizonte", "modelo"], ignore_index=True)
    calculada = una["proyecciones_puntaje"].sort_values(["serie", "horizonte", "modelo"], ignore_index=True)
    assert np.allclose(publicada["mae"], calculada["mae"])


def test_el_cache_devuelve_lo_mismo_y_solo_recalcula_la_serie_que_cambio(publicadas, tmp_path, monkeypatch):
    """Una serie con la misma huella (datos, código, bibliotecas) sale del caché idéntica; al cambiar un valor de
    una serie sólo ésa se vuelve a ajustar."""
    p = publicadas
    entradas = {n: p[n].copy() for n in ("eventos_nacionalidad", "devoluciones", "cbp_encuentros", "darien")}
    primera = proyecciones.proyecciones(entradas, procesos=2, cache=tmp_path)
    assert len(list(tmp_path.glob("*.pickle"))) == len(primera["proyecciones_series"])

    calculadas = []
    original = proyecciones._calcular
    monkeypatch.setattr(proyecciones, "_calcular", lambda s: calculadas.append(s["serie"]) or original(s))
    segunda = proyecciones.proyecciones(entradas, procesos=1, cache=tmp_path)
    assert calculadas == []
    for nombre in primera:
        pd.testing.assert_frame_equal(primera[nombre], segunda[nombre])

    darien = entradas["darien"]
    mensual = darien.index[darien["periodicidad"] == "mensual"]
    ultimo = darien.loc[mensual, "periodo_inicio"].max()
    fila = darien.index[(darien["periodicidad"] == "mensual") & (darien["periodo_inicio"] == ultimo)][0]
    darien.loc[fila, "n"] += 1
    tercera = proyecciones.proyecciones(entradas, procesos=1, cache=tmp_path)
    assert calculadas == ["darien_total"]
    obs = tercera["proyecciones_evaluacion"]
    assert not obs[obs["serie"] == "darien_total"].equals(primera["proyecciones_evaluacion"].loc[obs["serie"] == "darien_total"])


def test_el_puntaje_va_en_el_paquete_de_datos(parquet_sesion):
    from tablero.exportar.paquete import descriptor_paquete

    descriptor = descriptor_paquete(parquet_sesion, ["proyecciones_puntaje", "proyecciones_evaluacion"])
    nombres = json.dumps(descriptor, ensure_ascii=False)
    assert "proyecciones_puntaje" in nombres and "mase_estacional" in nombres and "cobertura_80" in nombres


# --------------------------------------------------------------------------- la página

@pytest.mark.parametrize("idioma", ["es", "en"])
def test_pagina_muestra_cada_serie_con_bandas_y_puntaje(tablero, cat, idioma):
    series = cat.ejecutar("proyecciones_series", idioma=idioma)
    at = abrir_secciones("proyecciones", secciones=list(series["serie"]), idioma=idioma)  # una pestaña por serie
    assert not at.exception
    for vista, serie in zip(at, series["serie"]):  # sólo corre la pestaña abierta
        assert [g.proto.id.rsplit("-", 1)[-1] for g in vista.get("plotly_chart")] == [f"graf_proy_{serie}"]
    puntaje = cat.ejecutar("proyecciones_puntaje", horizonte=3)
    texto = " ".join(sin_escape(m.value) for m in at.markdown)
    for fila in series.to_dict("records"):
        fig = grafica(at, f"graf_proy_{fila['serie']}")
        nombres = [tr.get("name") for tr in fig["data"]]
        assert t("proy_banda_80", idioma) in nombres and t("proy_banda_95", idioma) in nombres
        proyeccion = next(tr for tr in fig["data"] if tr.get("line", {}).get("dash") == "dash")
        esperado = cat.ejecutar("proyeccion_completa", serie=fila["serie"])
        esperado = esperado[esperado["elegido"]]
        assert valores(proyeccion["y"])[1:] == pytest.approx(list(esperado["pronostico"]))
        f = puntaje[(puntaje["serie"] == fila["serie"]) & puntaje["elegido"]].iloc[0]
        linea = t("proy_puntaje", idioma, n=int(f["origenes"]), h=3, mase=formato.numero(f["mase_estacional"], 2),
                  mase_ingenuo=formato.numero(f["mase_ingenuo"], 2), c80=formato.numero(100 * f["cobertura_80"], 0),
                  c95=formato.numero(100 * f["cobertura_95"], 0))
        assert linea in texto, fila["serie"]
    modelos = {"estacional_ingenuo": "modelo_estacional_ingenuo", "ingenuo": "modelo_ingenuo", "ets": "modelo_ets",
               "arima": "modelo_arima", "theta": "modelo_theta"}
    for modelo in set(series["modelo"]):
        assert t("proy_modelo", idioma, modelo=t(modelos[modelo], idioma)) in texto


def test_pagina_avisa_cuando_ningun_modelo_supera_al_estacional(parquet_sesion, tmp_path, monkeypatch):
    """Con una serie marcada sin modelo mejor que el ingenuo estacional, la página lo dice."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq
    from conftest import apuntar

    copia = tmp_path / "parquet"
    shutil.copytree(parquet_sesion.resolve(), copia)
    tabla = pq.read_table(copia / "proyecciones_series.parquet")
    marcas = [False] + tabla.column("supera_estacional").to_pylist()[1:]
    i = tabla.schema.get_field_index("supera_estacional")
    pq.write_table(tabla.set_column(i, tabla.schema.field(i), pa.array(marcas)), copia / "proyecciones_series.parquet")
    apuntar(monkeypatch, copia)
    at = abrir("proyecciones")
    assert not at.exception
    assert t("proy_no_supera") in avisos(at)


def test_descargas_de_la_pagina_traen_modelo_intervalos_y_fuente(tablero, cat, descargas):
    at = abrir("proyecciones", series="darien_total")
    assert not at.exception
    completos = descargas.csv(at, "csv_proy_darien_total_completos")
    assert {"modelo", "elegido", "inf_80", "sup_80", "inf_95", "sup_95"} <= set(completos.columns)
    assert set(completos["modelo"]) == set(cat.ejecutar("proyeccion_completa", serie="darien_total")["modelo"])
    comprobar_fuente(completos, "proyección completa")
    evaluacion = descargas.csv(abrir("proyecciones", seccion="puntaje"), "csv_evaluacion")  # pestaña del puntaje
    assert len(evaluacion) == len(cat.ejecutar("proyecciones_evaluacion_completa"))
    comprobar_fuente(evaluacion, "evaluación")
    assert len(at.get("plotly_chart")) == 1  # ?series= deja sólo la elegida
