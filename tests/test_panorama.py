"""Tarjetas de último mes del Panorama: valor, cambio contra el mes anterior y contra el mismo mes de un año
antes, línea de 24 meses y fuente a la vista. Lo esperado se calcula aquí con pandas sobre el Parquet
publicado (cada serie con su propio último mes), no con las consultas que usa la página."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import abrir, comprobar_fuente, desplegar, sin_escape, tabla_parquet

from tablero import formato
from tablero.textos import t


def _mensuales(parquet) -> dict[str, pd.Series]:
    """Serie → total por mes (índice: primer día del mes), de las tablas publicadas."""
    cbp = tabla_parquet(parquet, "cbp_encuentros")
    darien = tabla_parquet(parquet, "darien")
    darien = darien[darien["periodicidad"] == "mensual"]
    def suma(df, mes, valor="n"):
        return df.groupby(pd.to_datetime(df[mes]))[valor].sum()
    return {
        "eventos_upmrip": suma(tabla_parquet(parquet, "eventos_nacionalidad"), "mes"),
        "devoluciones_upmrip": suma(tabla_parquet(parquet, "devoluciones"), "mes"),
        "encuentros_cbp": suma(cbp[cbp["region"] == "Southwest Land Border"], "mes"),
        "darien": suma(darien, "periodo_inicio"),
    }


def _signo(pct: float) -> str:
    return ("+" if pct > 0 else "-" if pct < 0 else "") + formato.numero(abs(pct), 1)


def _cambio(actual: int, antes: int) -> float:
    x = 100 * (actual - antes) / antes
    return round(x + (1e-9 if x > 0 else -1e-9), 1)  # la mitad se aleja del cero, como round() de DuckDB


def _tarjetas(at, idioma: str) -> dict:
    etiquetas = {t(f"serie_{s}", idioma): s for s in ("eventos_upmrip", "devoluciones_upmrip", "encuentros_cbp", "darien")}
    return {etiquetas[sin_escape(m.label)]: m for m in at.metric if sin_escape(m.label) in etiquetas}


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_tarjeta_con_cambios_linea_y_fuente(tablero, cat, idioma):
    series = _mensuales(tablero)
    at = abrir("panorama", idioma=idioma)
    assert not at.exception, at.exception
    tarjetas = _tarjetas(at, idioma)
    assert set(tarjetas) == set(series)
    pies = " ".join(sin_escape(c.value) for c in at.caption)
    procedencia = cat.ejecutar("ultimos_meses").set_index("serie")
    en = dict(zip(*cat.ejecutar("textos_fuentes")[["valor", "en"]].T.values))
    cambios_vistos = set()
    traducidas = 0
    for serie, mensual in series.items():
        hasta = mensual.index.max()
        anterior, anio = hasta - pd.DateOffset(months=1), hasta - pd.DateOffset(months=12)
        m = tarjetas[serie]
        assert m.value == formato.numero(mensual[hasta]), serie
        cambio_mes = _cambio(mensual[hasta], mensual[anterior])
        assert m.proto.delta == t("pan_cambio_mes", idioma, cambio=_signo(cambio_mes), mes=formato.mes(anterior)), serie
        cambio_anio = _cambio(mensual[hasta], mensual[anio])
        assert t("pan_cambio_anio", idioma, cambio=_signo(cambio_anio), mes=formato.mes(anio),
                 valor=formato.numero(mensual[anio])) in pies, serie
        cambios_vistos |= {cambio_mes > 0, cambio_mes < 0}
        # línea chica: los 24 meses que terminan en el último de la serie, en orden
        meses = pd.date_range(hasta - pd.DateOffset(months=23), hasta, freq="MS")
        assert list(m.proto.chart_data) == [float(mensual[x]) for x in meses], serie
        # la fuente está a la vista, en la tarjeta
        fuente = procedencia.loc[serie]
        # y la antigüedad del mes contra hoy, contada aquí aparte de la consulta (meses de calendario)
        hoy = dt.date.today()
        meses_atras = (hoy.year - hasta.year) * 12 + hoy.month - hasta.month
        hace = t("hace_meses", idioma, n=formato.numero(meses_atras)) if meses_atras > 1 else None
        edad = t("antiguedad_mensual", idioma, periodo=formato.mes(hasta), hace=hace)
        # productor y cuadro en el idioma: en inglés, los `_en` de la ficha (consulta textos_fuentes)
        institucion, cuadro = (en.get(fuente["institucion"], fuente["institucion"]), en.get(fuente["documento_tabla"], fuente["documento_tabla"])) \
            if idioma == "en" else (fuente["institucion"], fuente["documento_tabla"])
        traducidas += (institucion, cuadro) != (fuente["institucion"], fuente["documento_tabla"])
        assert meses_atras > 1 and f"{edad[0].upper()}{edad[1:]} · {institucion} · {cuadro}" in pies, serie
    assert cambios_vistos == {True, False}, "todos los cambios con el mismo signo: la prueba no distingue subidas de bajadas"
    assert (traducidas > 0) == (idioma == "en"), "en inglés alguna tarjeta dice productor o cuadro en inglés"


def test_csv_de_las_lineas_igual_a_lo_dibujado(tablero, cat, descargas):
    at = desplegar(abrir("panorama"), "abrir_")
    csv = descargas.csv(at, "csv_lineas_24")
    comprobar_fuente(csv, "lineas_24")
    tarjetas = _tarjetas(at, "es")
    for serie, parte in csv.groupby("serie"):
        assert [float(v) for v in parte["valor"]] == list(tarjetas[serie].proto.chart_data), serie
        assert len(parte) == 24
    assert set(csv["serie"]) == set(tarjetas)


def test_mes_faltante_no_da_cambio(proyecto):
    """Si falta el mes anterior de una serie, la consulta no compara contra otro mes: el cambio queda vacío."""
    from conftest import construir_en, editar_csv

    from tablero.consultas import Catalogo

    crudos, publicadas = proyecto  # `publicadas`: las tablas de estos crudos antes de quitar el mes
    ruta = crudos / "tablas" / "upmrip_devoluciones_por_nacionalidad.csv"
    antes = Catalogo(publicadas).ejecutar("ultimos_meses").set_index("serie")
    quitar = antes.loc["devoluciones_upmrip", "periodo_mes_anterior"]
    editar_csv(ruta, lambda filas: filas.__setitem__(slice(None), [f for f in filas if f["t"] != quitar]))
    despues = Catalogo(construir_en(crudos, crudos.parent / "despues")).ejecutar("ultimos_meses").set_index("serie")
    fila = despues.loc["devoluciones_upmrip"]
    assert fila["periodo"] == antes.loc["devoluciones_upmrip", "periodo"]
    assert pd.isna(fila["valor_mes_anterior"]) and pd.isna(fila["cambio_mes_pct"])
    assert not pd.isna(fila["cambio_anio_pct"])
    assert despues.loc["eventos_upmrip", "cambio_mes_pct"] == antes.loc["eventos_upmrip", "cambio_mes_pct"]
