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
    """La serie mensual sumada de su tabla de entrada publicada (mes → valor); «otras» es el total menos las
    nacionalidades que son series propias."""
    series = p["proyecciones_series"].set_index("serie")
    fila = series.loc[serie]
    tabla = p[fila["tabla"]]
    if fila["tabla"] == "cbp_encuentros":
        tabla = tabla[tabla["region"] == "Southwest Land Border"]
    if fila["tabla"] == "darien":
        tabla = tabla[tabla["periodicidad"] == "mensual"].rename(columns={"periodo_inicio": "mes"})
    if isinstance(fila["iso3"], str):
        tabla = tabla[tabla["iso3"] == fila["iso3"]]
    if fila["nivel"] == "otras":
        tabla = tabla[~tabla["iso3"].isin(series.loc[series["nivel"] == "nacionalidad", "iso3"])]
    return tabla.groupby(pd.to_datetime(tabla["mes"]))["n"].sum()


def _procedimiento(p: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Lo que publica la página: el procedimiento en la ventana de reporte de la evaluación."""
    e = p["proyecciones_evaluacion"]
    return e[e["reporte"] & (e["modelo"] == "procedimiento")]


def test_cada_serie_pedida_con_doce_meses_despues_de_su_ultimo_mes(publicadas):
    p = publicadas
    ev = p["eventos_nacionalidad"]
    ultimo = pd.to_datetime(ev["mes"]).max()
    recientes = ev[pd.to_datetime(ev["mes"]) > ultimo - pd.DateOffset(months=24)]
    top5 = recientes.groupby("iso3")["n"].sum().sort_values(ascending=False).head(5).index
    esperadas = SERIES_FIJAS[:1] + [f"eventos_{i}" for i in top5] + ["eventos_otras"] + SERIES_FIJAS[1:]
    series = p["proyecciones_series"].sort_values("posicion")
    assert list(series["serie"]) == esperadas
    assert list(series["nivel"]) == ["suma"] + ["nacionalidad"] * 5 + ["otras"] + ["sola"] * 3
    proy = p["proyecciones"]
    for fila in series.to_dict("records"):
        observado = _observado(p, fila["serie"])
        assert pd.Timestamp(fila["ultimo_mes"]) == observado.index.max(), fila["serie"]  # su propio último mes
        elegida = proy[(proy["serie"] == fila["serie"]) & proy["elegido"]].sort_values("horizonte")
        assert list(elegida["modelo"].unique()) == ["procedimiento"]
        assert list(elegida["horizonte"]) == list(range(1, 13))
        esperados = [observado.index.max() + pd.DateOffset(months=h) for h in range(1, 13)]
        assert list(pd.to_datetime(elegida["mes"])) == esperados
        if fila["nivel"] != "suma":  # el procedimiento es, en el último mes, el candidato que eligió
            candidato = proy[(proy["serie"] == fila["serie"]) & (proy["modelo"] == fila["modelo"])].sort_values("horizonte")
            assert list(candidato["pronostico"]) == list(elegida["pronostico"]), fila["serie"]
    assert set(proy.groupby("serie")["modelo"].nunique()) == {7}
    for tabla in ("proyecciones", "proyecciones_evaluacion"):
        d = p[tabla]
        assert (d["inf_95"] <= d["inf_80"]).all() and (d["inf_80"] <= d["pronostico"]).all()
        assert (d["pronostico"] <= d["sup_80"]).all() and (d["sup_80"] <= d["sup_95"]).all()


def test_la_evaluacion_llega_al_penultimo_mes_con_el_dato_observado(publicadas):
    """Cada origen hasta el penúltimo mes, horizontes 1 a 12 con dato, el dato real de la tabla de entrada; la
    ventana de reporte son los últimos 24 orígenes de cada serie."""
    p = publicadas
    ev = p["proyecciones_evaluacion"]
    assert set(ev["horizonte"]) == set(range(1, 13))
    for serie, grupo in ev.groupby("serie"):
        observado = _observado(p, serie)
        origenes = pd.to_datetime(grupo["origen"])
        assert origenes.max() == observado.index.max() - pd.DateOffset(months=1), serie
        reporte = sorted(set(origenes[grupo["reporte"].to_numpy()]))
        assert reporte == [observado.index.max() - pd.DateOffset(months=k) for k in range(24, 0, -1)], serie
        meses = pd.to_datetime(grupo["mes"])
        numero = (meses.dt.year - origenes.dt.year) * 12 + meses.dt.month - origenes.dt.month
        assert (numero == grupo["horizonte"]).all() and (meses.dt.day == 1).all(), serie
        assert (grupo["real"].to_numpy() == observado.reindex(meses).to_numpy()).all(), serie


def test_bandas_calibradas_en_la_ventana_de_reporte(publicadas):
    """Meta del issue 29, recalculada de la evaluación publicada: en la ventana de reporte, las bandas de 80 % del
    procedimiento contienen el dato entre 72 % y 88 % de las veces y las de 95 % entre 88 % y 98 %."""
    w = _procedimiento(publicadas)
    dentro_80 = ((w["inf_80"] <= w["real"]) & (w["real"] <= w["sup_80"])).mean()
    dentro_95 = ((w["inf_95"] <= w["real"]) & (w["real"] <= w["sup_95"])).mean()
    assert 0.72 <= dentro_80 <= 0.88, dentro_80
    assert 0.88 <= dentro_95 <= 0.98, dentro_95


def test_ningun_pronostico_en_cero_si_los_ultimos_doce_meses_son_positivos(publicadas):
    p = publicadas
    for fila in p["proyecciones_series"].to_dict("records"):
        if (_observado(p, fila["serie"]).tail(12) > 0).all():
            proy = p["proyecciones"]
            assert (proy.loc[proy["serie"] == fila["serie"], "pronostico"] > 0).all(), fila["serie"]


def test_el_total_es_la_suma_de_sus_partes(publicadas):
    """De abajo hacia arriba: el total (procedimiento y cada candidato, en la proyección y en cada origen
    evaluado) es la suma de las cinco nacionalidades y «otras», dentro del redondeo a un decimal; y lo observado
    también suma."""
    p = publicadas
    series = p["proyecciones_series"]
    partes = list(series.loc[series["nivel"].isin(["nacionalidad", "otras"]), "serie"])
    assert len(partes) == 6
    suma_observada = sum(_observado(p, s) for s in partes)
    assert suma_observada.equals(_observado(p, "eventos_total"))
    for tabla, clave in (("proyecciones", ["modelo", "horizonte"]), ("proyecciones_evaluacion", ["modelo", "origen", "horizonte"])):
        d = p[tabla]
        total = d[d["serie"] == "eventos_total"].set_index(clave)["pronostico"].sort_index()
        suma = d[d["serie"].isin(partes)].groupby(clave)["pronostico"].sum().sort_index()
        assert list(total.index) == list(suma.index), tabla
        # cada valor publicado va a un decimal (y un positivo menor que 0.05 se publica 0.1)
        assert np.abs(total.to_numpy() - suma.to_numpy()).max() <= 0.1 * (len(partes) + 1) + 1e-9, tabla


def test_el_puntaje_se_recalcula_desde_la_evaluacion(publicadas):
    """Error relativo, Winkler y cobertura publicados, recalculados desde los renglones de la ventana de reporte."""
    ev, puntaje = publicadas["proyecciones_evaluacion"], publicadas["proyecciones_puntaje"]
    ev = ev[ev["reporte"]]
    for _, f in puntaje[puntaje["elegido"] & puntaje["horizonte"].isin([1, 6])].iterrows():
        r = ev[(ev["serie"] == f["serie"]) & (ev["horizonte"] == f["horizonte"])]

        def mae(modelo: str, r=r) -> float:
            x = r[r["modelo"] == modelo]
            return float(np.mean(np.abs(x["pronostico"] - x["real"])))

        propio = r[r["modelo"] == "procedimiento"]
        assert len(propio) == f["origenes"]
        assert mae("procedimiento") == pytest.approx(f["mae"], abs=1e-5)
        assert mae("procedimiento") / mae("estacional_ingenuo") == pytest.approx(f["rmae_estacional"], abs=1e-6)
        assert mae("procedimiento") / mae("ingenuo") == pytest.approx(f["rmae_ingenuo"], abs=1e-6)
        fuera = np.clip(propio["inf_80"] - propio["real"], 0, None) + np.clip(propio["real"] - propio["sup_80"], 0, None)
        winkler = ((propio["sup_80"] - propio["inf_80"]) + 2 / 0.2 * fuera).mean()
        assert winkler == pytest.approx(f["winkler_80"], rel=1e-6)
        dentro = ((propio["inf_80"] <= propio["real"]) & (propio["real"] <= propio["sup_80"])).mean()
        assert dentro == pytest.approx(f["cobertura_80"], abs=1e-6)
        dentro95 = ((propio["inf_95"] <= propio["real"]) & (propio["real"] <= propio["sup_95"])).mean()
        assert dentro95 == pytest.approx(f["cobertura_95"], abs=1e-6)


def test_el_procedimiento_es_el_candidato_elegido_en_cada_origen(publicadas):
    """En cada origen de una serie que no es suma hay exactamente un candidato marcado, y el procedimiento
    pronostica lo mismo que él."""
    ev = publicadas["proyecciones_evaluacion"]
    ev = ev[ev["serie"] != "eventos_total"]
    candidatos = ev[ev["modelo"] != "procedimiento"]
    marcados = candidatos[candidatos["elegido"]]
    assert not marcados.duplicated(["serie", "origen", "horizonte"]).any()
    proc = ev[ev["modelo"] == "procedimiento"].set_index(["serie", "origen", "horizonte"])
    elegidos = marcados.set_index(["serie", "origen", "horizonte"]).loc[proc.index]
    assert (elegidos["pronostico"] == proc["pronostico"]).all()


def test_la_eleccion_y_las_bandas_no_ven_el_futuro():
    """Cambiar los errores que todavía no se observaban en un origen no cambia la elección ni la banda de ese
    origen: la elección y la calibración sólo usan lo que ya se sabía (matrices construidas aquí)."""
    rng = np.random.default_rng(29)
    E = rng.normal(size=(len(proyecciones.MODELOS), 40, proyecciones.HORIZONTE))
    elegido = proyecciones._eleccion(E)
    i = 25
    objetivo = np.arange(40)[:, None] + np.arange(1, proyecciones.HORIZONTE + 1)[None, :]
    futuro = E.copy()
    futuro[:, objetivo > i] = rng.normal(scale=50, size=(len(proyecciones.MODELOS), int((objetivo > i).sum())))
    otro = proyecciones._eleccion(futuro)
    assert (otro[:i + 1] == elegido[:i + 1]).all()
    assert (otro[i + 1:] != elegido[i + 1:]).any()  # lo cambiado sí cuenta después

    meses = np.repeat(np.arange(100, 160), 3)
    errores = rng.normal(size=len(meses))
    antes = proyecciones._desplazamientos({(0, 1): (meses, errores)}, range(100, 160), proyecciones.GAMMA)[(0, 1)]
    cambiados = np.where(meses > 130, errores * 40, errores)
    despues = proyecciones._desplazamientos({(0, 1): (meses, cambiados)}, range(100, 160), proyecciones.GAMMA)[(0, 1)]
    assert np.array_equal(antes[:31], despues[:31], equal_nan=True)
    assert not np.array_equal(antes[31:], despues[31:], equal_nan=True)


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
    ajustadas = primera["proyecciones_series"]["nivel"] != "suma"  # el total coherente no se ajusta: es la suma
    assert len(list(tmp_path.glob("*.pickle"))) == ajustadas.sum()

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
    assert "proyecciones_puntaje" in nombres and "rmae_ingenuo" in nombres and "winkler_80" in nombres and "cobertura_80" in nombres


# --------------------------------------------------------------------------- la página

@pytest.mark.parametrize("idioma", ["es", "en"])
def test_pagina_muestra_cada_serie_con_bandas_y_puntaje(tablero, cat, idioma):
    """Cada serie: la proyección del procedimiento, cada banda con la cobertura que tuvo en su nombre, el puntaje
    con los nombres verdaderos, el procedimiento nombrado y el aviso de los horizontes en que el ingenuo fue mejor."""
    series = cat.ejecutar("proyecciones_series", idioma=idioma)
    at = abrir_secciones("proyecciones", secciones=list(series["serie"]), idioma=idioma)  # una pestaña por serie
    assert not at.exception
    for vista, serie in zip(at, series["serie"]):  # sólo corre la pestaña abierta
        assert [g.proto.id.rsplit("-", 1)[-1] for g in vista.get("plotly_chart")] == [f"graf_proy_{serie}"]
    puntaje = cat.ejecutar("proyecciones_puntaje", horizonte=3)
    resumen = cat.ejecutar("proyecciones_resumen").set_index("serie")
    texto = " ".join(sin_escape(m.value) for m in at.markdown)
    advertencias = " ".join(avisos(vista) for vista in at)
    for d in ("proy_def_rmae", "proy_def_mase", "proy_def_winkler", "proy_def_cobertura", "proy_metodo"):
        assert t(d, idioma) in texto, d
    total = resumen.loc[""]
    assert t("proy_cobertura_total", idioma, desde=total["primer_origen"], hasta=total["ultimo_origen"],
             n=formato.numero(total["pronosticos"]), c80=formato.numero(100 * total["cobertura_80"], 0),
             c95=formato.numero(100 * total["cobertura_95"], 0)) in texto
    for fila in series.to_dict("records"):
        r = resumen.loc[fila["serie"]]
        fig = grafica(at, f"graf_proy_{fila['serie']}")
        nombres = [tr.get("name") for tr in fig["data"]]
        for nivel in (80, 95):
            esperado = t("proy_banda_cob", idioma, banda=t(f"proy_banda_{nivel}", idioma),
                         c=formato.numero(100 * r[f"cobertura_{nivel}"], 0))
            assert esperado in nombres, (fila["serie"], nivel)
        proyeccion = next(tr for tr in fig["data"] if tr.get("line", {}).get("dash") == "dash")
        esperado = cat.ejecutar("proyeccion_completa", serie=fila["serie"])
        esperado = esperado[esperado["elegido"]]
        assert valores(proyeccion["y"])[1:] == pytest.approx(list(esperado["pronostico"]))
        f = puntaje[(puntaje["serie"] == fila["serie"]) & puntaje["elegido"]].iloc[0]
        linea = t("proy_puntaje", idioma, n=int(f["origenes"]), h=3, rmae=formato.numero(f["rmae_estacional"], 2),
                  rmae_ingenuo=formato.numero(f["rmae_ingenuo"], 2), mase=formato.numero(f["mase"], 2),
                  w80=formato.numero(f["winkler_80"], 0))
        assert linea in texto, fila["serie"]
        if isinstance(r["horizontes_ingenuo_mejor"], str):
            assert t("proy_ingenuo_mejor", idioma, horizontes=r["horizontes_ingenuo_mejor"]) in advertencias, fila["serie"]
        if fila["modelo"] == "suma_partes":
            assert t("proy_modelo_suma", idioma) in texto
        else:
            assert t("proy_modelo", idioma, modelo=t(f"modelo_{fila['modelo']}", idioma)) in texto, fila["serie"]


def test_pagina_no_avisa_si_el_ingenuo_no_fue_mejor(parquet_sesion, tmp_path, monkeypatch):
    """Con el MAE del ingenuo de una serie inflado (el procedimiento mejor en todo horizonte), la página no avisa
    para esa serie; sin inflarlo, avisa con los horizontes que publica el puntaje."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq
    from conftest import apuntar

    copia = tmp_path / "parquet"
    shutil.copytree(parquet_sesion.resolve(), copia)
    tabla = pq.read_table(copia / "proyecciones_puntaje.parquet")
    serie = tabla.column("serie").to_pylist()[0]
    mae = [m * 1000 if s == serie and mo == "ingenuo" else m for s, mo, m in
           zip(tabla.column("serie").to_pylist(), tabla.column("modelo").to_pylist(), tabla.column("mae").to_pylist())]
    i = tabla.schema.get_field_index("mae")
    pq.write_table(tabla.set_column(i, tabla.schema.field(i), pa.array(mae)), copia / "proyecciones_puntaje.parquet")
    apuntar(monkeypatch, copia)
    at = abrir("proyecciones", seccion=serie)
    assert not at.exception
    assert t("proy_ingenuo_mejor").split("{")[0] not in avisos(at)


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
