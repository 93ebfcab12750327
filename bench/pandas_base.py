"""Las consultas de página de consultas.sql escritas en pandas simple, como las escribiría una estadística.

Cada función lee los archivos Parquet completos con `pd.read_parquet(ruta)` (sin elegir columnas ni
filtros en la lectura), filtra con máscaras y agrega con `groupby`. Devuelven las mismas columnas, en el
mismo orden de renglones, que la consulta del mismo nombre, con las mismas columnas de fuente
(`fuente, institucion, documento_tabla, fecha, definicion`, de `fuentes_tablas`, `fuentes` y `tablas_meta`
como la vista `procedencia`), los meses como texto 'AAAA-MM' y las etiquetas en el idioma pedido; el
banco comprueba que coinciden antes de tomar tiempos.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FAMILIAS_PANORAMA = ["encuentros", "refugio_empleo", "imss", "vacantes"]
SERIES = ["eventos_upmrip", "devoluciones_upmrip", "encuentros_cbp", "darien"]
SUROESTE = "Southwest Land Border"
COLS_FUENTE = ["fuente", "institucion", "documento_tabla", "fecha", "definicion"]


def leer(carpeta: Path, tabla: str) -> pd.DataFrame:
    return pd.read_parquet(Path(carpeta) / f"{tabla}.parquet")


def _fechas(serie: pd.Series) -> pd.Series:
    return pd.to_datetime(serie)


def _texto_fecha(serie: pd.Series, formato: str = "%Y-%m") -> pd.Series:
    return _fechas(serie).dt.strftime(formato)


def _entre(df: pd.DataFrame, columna: str, desde, hasta) -> pd.DataFrame:
    """Renglones con `columna` entre desde y hasta (incluidos): meses como fechas, años como enteros."""
    valor = df[columna]
    if columna != "anio":
        valor, desde, hasta = _fechas(valor), pd.Timestamp(desde), pd.Timestamp(hasta)
    return df[(valor >= desde) & (valor <= hasta)]


def _etiqueta(df: pd.DataFrame, idioma: str, respaldo: str | None = None) -> pd.Series:
    """nombre_en o nombre_es según el idioma; `respaldo` (p. ej. iso3) cuando falta."""
    nombre = df["nombre_en"] if idioma == "en" else df["nombre_es"]
    if idioma == "en" and respaldo is None:
        nombre = nombre.fillna(df["nombre_es"])
    return nombre.fillna(df[respaldo]) if respaldo else nombre


# ------------------------------------------------------------------ procedencia (como la vista)
def procedencia(carpeta) -> pd.DataFrame:
    ft, f, m = leer(carpeta, "fuentes_tablas"), leer(carpeta, "fuentes"), leer(carpeta, "tablas_meta")
    f = f.assign(fecha=_texto_fecha(f["fecha_acceso"], "%Y-%m-%d")).rename(
        columns={"fuente_id": "fuente", "cita_sugerida": "_cita", "productor": "institucion", "tabla": "documento_tabla"})
    p = ft.merge(f[["fuente", "_cita", "institucion", "documento_tabla", "fecha"]], on="fuente").merge(
        m[["tabla", "definicion"]], on="tabla")
    return p.rename(columns={"fuente": "fuente_id", "_cita": "fuente"})[["fuente_id", "tabla", *COLS_FUENTE]]


def _con_fuente(carpeta, df: pd.DataFrame, tabla: str, columnas: list[str]) -> pd.DataFrame:
    """Las columnas pedidas y, por fuente_id, las columnas de fuente de (fuente_id, tabla) (LEFT JOIN)."""
    p = procedencia(carpeta)
    p = p[p["tabla"] == tabla].drop(columns="tabla")
    return df[columnas].merge(p, on="fuente_id", how="left")[[*columnas, *COLS_FUENTE]]


def _con_paises(carpeta, df: pd.DataFrame) -> pd.DataFrame:
    return df.merge(leer(carpeta, "paises")[["iso3", "nombre_es", "nombre_en"]], on="iso3", how="left")


def _suma(df: pd.DataFrame, por: list[str], medida: str, columna: str = "n") -> pd.DataFrame:
    return df.groupby(por, as_index=False).agg(**{medida: (columna, "sum")})


def _en_lista(df: pd.DataFrame, columna: str, valores: list) -> pd.DataFrame:
    """Los renglones cuyo valor está en la lista; lista vacía = todos (como `len($x) = 0 OR list_contains`)."""
    return df[df[columna].isin(valores)] if valores else df


def _mensual(carpeta, df: pd.DataFrame, tabla: str, por: list[str], medida: str, columnas: list[str]) -> pd.DataFrame:
    """Suma por mes (y `por`) y fuente_id, en orden de mes, con el mes como texto y columnas de fuente."""
    g = _suma(df, ["mes", *por, "fuente_id"], medida).sort_values(["mes", *por])
    g["mes"] = _texto_fecha(g["mes"])
    return _con_fuente(carpeta, g, tabla, columnas)


# ------------------------------------------------------------------ cifras de documentos
def cifras_enriquecidas(carpeta, idioma: str) -> pd.DataFrame:
    """Cifras × indicadores × documentos en un idioma, con las columnas de fuente (vista cifras_con_fuente)."""
    c, i, d = leer(carpeta, "cifras"), leer(carpeta, "indicadores"), leer(carpeta, "documentos")
    en = idioma == "en"
    m = c.merge(i.drop(columns="unidad"), on="indicador_id").merge(
        d[["documento_id", "archivo", "titulo", "institucion", "institucion_en", "fecha_publicacion", "fecha_inferida",
           "url"]], on="documento_id")

    def elegir(columna: str, respaldo: str) -> pd.Series:
        return m[columna].fillna(m[respaldo]) if en else m[respaldo]

    m = m.assign(idioma=idioma, indicador=elegir("nombre_en", "nombre_es"), definicion=elegir("definicion_en", "definicion"),
                 comparabilidad=elegir("comparabilidad_en", "comparabilidad"), periodo=elegir("periodo_en", "periodo"),
                 geografia=elegir("geografia_en", "geografia"),
                 institucion_fuente=elegir("institucion_fuente_en", "institucion_fuente"), nota=elegir("nota_en", "nota"),
                 documento_institucion=elegir("institucion_en", "institucion"), documento_titulo=m["titulo"])
    m["fuente"], m["institucion"] = m["institucion_fuente"], m["documento_institucion"]
    m["documento_tabla"], m["fecha"] = m["archivo"], m["fecha_publicacion"]
    return m[["idioma", "cifra_id", "indicador_id", "familia", "nombre_es", "nombre_en", "indicador", "cuenta", "medida",
              "definicion", "comparabilidad", "valor", "valor_min", "valor_max", "valor_texto", "valor_min_texto",
              "valor_max_texto", "unidad", "calificador", "calificador_texto", "periodo", "periodo_inicio", "periodo_fin",
              "geografia", "institucion_fuente", "cita", "nota", "titular", "documento_id", "archivo", "documento_titulo",
              "documento_institucion", "fecha_publicacion", "fecha_inferida", "url", "fuente", "institucion",
              "documento_tabla", "fecha"]]


def cifras_titulares(carpeta, idioma):
    m = cifras_enriquecidas(carpeta, idioma)
    m = m[m["titular"]].assign(_orden=lambda x: x["familia"].map({f: k for k, f in enumerate(FAMILIAS_PANORAMA)}))
    return m.sort_values(["_orden", "cifra_id"], na_position="last").drop(columns="_orden")


def _cifras_donde(carpeta, columna, valores, idioma, orden):
    m = cifras_enriquecidas(carpeta, idioma)
    return m[m[columna].isin(valores)].sort_values(orden, ascending=[False, False] + [True] * (len(orden) - 2))


def cifras_por_familias(carpeta, familias, idioma):
    return _cifras_donde(carpeta, "familia", familias, idioma, ["titular", "medida", "cuenta", "indicador_id", "cifra_id"])


def cifras_por_unidades(carpeta, unidades, idioma):
    return _cifras_donde(carpeta, "unidad", unidades, idioma, ["titular", "medida", "indicador_id", "cifra_id"])


def cifras_catalogo(carpeta, buscar, idioma):
    m = cifras_enriquecidas(carpeta, idioma)
    if buscar:
        texto = m[["indicador", "cita", "periodo", "geografia", "institucion_fuente", "archivo", "familia",
                   "documento_titulo"]].apply(lambda r: " ".join(v for v in r if isinstance(v, str)), axis=1)
        m = m[texto.str.lower().str.contains(buscar.lower(), regex=False)]
    return m.sort_values("cifra_id")


def etiquetas(carpeta):
    return leer(carpeta, "etiquetas")[["valor", "es", "en"]].drop_duplicates().sort_values("valor")


def textos_fuentes(carpeta):
    f = leer(carpeta, "fuentes")
    pares = pd.concat([f[[es, f"{es}_en"]].set_axis(["valor", "en"], axis=1) for es in
                       ("productor", "tabla", "compilador", "periodo", "licencia", "cita_sugerida", "notas")])
    m = leer(carpeta, "tablas_meta")[["definicion", "definicion_en"]].set_axis(["valor", "en"], axis=1)
    pares = pd.concat([pares, m]).dropna()
    pares = pares[pares["valor"] != pares["en"]].drop_duplicates().sort_values("valor")
    return pares.assign(es=pares["valor"])[["valor", "es", "en"]]


def cifras_total(carpeta):
    return pd.DataFrame({"cifras": [len(leer(carpeta, "cifras"))]})


def _cuenta_cifras(df: pd.DataFrame, c: pd.DataFrame, clave: str) -> pd.DataFrame:
    return df.assign(cifras=df[clave].map(c.groupby(clave).size()).fillna(0).astype("int64"))


def documentos_catalogo(carpeta):
    d = _cuenta_cifras(leer(carpeta, "documentos"), leer(carpeta, "cifras"), "documento_id")
    cols = ["documento_id", "archivo", "titulo", "titulo_en", "institucion", "fecha_publicacion", "fecha", "fecha_precision",
            "fecha_inferida", "fecha_nota", "fecha_nota_en", "idioma", "tipo", "url", "sha256", "cifras"]
    return d.sort_values(["fecha", "documento_id"])[cols]


def documento_texto(carpeta, documento_id):
    d = leer(carpeta, "documentos")
    return d[d["documento_id"] == documento_id][["documento_id", "archivo", "titulo", "texto"]]


def indicadores_catalogo(carpeta):
    i = _cuenta_cifras(leer(carpeta, "indicadores"), leer(carpeta, "cifras"), "indicador_id")
    return i.sort_values(["familia", "indicador_id"])[
        ["indicador_id", "nombre_es", "nombre_en", "definicion", "definicion_en", "unidad", "familia", "cuenta", "medida",
         "comparabilidad", "comparabilidad_en", "cifras"]]


def fuentes_catalogo(carpeta):
    f = leer(carpeta, "fuentes")
    f["fecha_acceso"] = _texto_fecha(f["fecha_acceso"], "%Y-%m-%d")
    return f.sort_values("fuente_id")[["fuente_id", "titulo", "titulo_en", "productor", "productor_en", "tabla", "tabla_en",
                                       "compilador", "compilador_en", "url", "periodo", "periodo_en", "licencia",
                                       "licencia_en", "fecha_acceso", "sha256", "cita_sugerida", "cita_sugerida_en", "notas",
                                       "notas_en"]]


def productores(carpeta, idioma):
    f = leer(carpeta, "fuentes")
    orden = f.groupby("productor_en" if idioma == "en" else "productor")["fuente_id"].min().sort_values()
    return pd.DataFrame({"productor": orden.index})


# ------------------------------------------------------------------ encuentros y eventos
def _cbp_suroeste(carpeta) -> pd.DataFrame:
    c = leer(carpeta, "cbp_encuentros").rename(columns={"archivo": "fuente_id"})
    return c[c["region"] == SUROESTE]


def _darien_mensual(carpeta) -> pd.DataFrame:
    d = leer(carpeta, "darien").rename(columns={"periodo_inicio": "mes"})
    return d[d["periodicidad"] == "mensual"]


def _series(carpeta) -> dict[str, tuple[str, pd.DataFrame]]:
    """Serie → (tabla, renglones con mes, n y fuente_id), como la vista meses_series y ultimos_meses."""
    return {
        "eventos_upmrip": ("eventos_nacionalidad", leer(carpeta, "eventos_nacionalidad")),
        "devoluciones_upmrip": ("devoluciones", leer(carpeta, "devoluciones")),
        "encuentros_cbp": ("cbp_encuentros", _cbp_suroeste(carpeta)),
        "darien": ("darien", _darien_mensual(carpeta)),
    }


def series_rango_meses(carpeta):
    meses = [_fechas(df["mes"]) for _, df in _series(carpeta).values()]
    return pd.DataFrame({"desde": [min(m.min() for m in meses)], "hasta": [max(m.max() for m in meses)]})


def eventos_nacionalidades(carpeta, idioma):
    t = _con_paises(carpeta, pd.DataFrame({"iso3": leer(carpeta, "eventos_nacionalidad")["iso3"].unique()}))
    t["nombre"] = _etiqueta(t, idioma, "iso3")
    return t.sort_values(["nombre", "iso3"])[["iso3", "nombre"]]


def eventos_categorias_sexo_edad(carpeta):
    e = leer(carpeta, "eventos_sexo_edad")
    c = e[["sexo", "grupo_edad"]].drop_duplicates().sort_values(["sexo", "grupo_edad"])
    return c.assign(menor=c["grupo_edad"] != "18 años o más")




def _primeros(carpeta, df, tabla, medida, etiqueta, idioma, limite):
    """Totales por iso3 con nombre del país en el idioma, de mayor a menor, los primeros `limite`."""
    t = _con_paises(carpeta, _suma(df, ["iso3", "fuente_id"], medida))
    t[etiqueta] = _etiqueta(t, idioma, "iso3")
    t = t.sort_values([medida, "iso3"], ascending=[False, True]).head(limite)
    return _con_fuente(carpeta, t, tabla, ["iso3", etiqueta, medida, "fuente_id"])


def eventos_por_nacionalidad(carpeta, desde, hasta, idioma, limite):
    e = _entre(leer(carpeta, "eventos_nacionalidad"), "mes", desde, hasta)
    return _primeros(carpeta, e, "eventos_nacionalidad", "eventos", "nacionalidad", idioma, limite)


def eventos_sexo_edad(carpeta, desde, hasta, sexos, edades):
    e = _entre(leer(carpeta, "eventos_sexo_edad"), "mes", desde, hasta)
    e = _en_lista(_en_lista(e, "sexo", sexos), "grupo_edad", edades)
    g = _suma(e, ["sexo", "grupo_edad", "fuente_id"], "eventos").sort_values(["sexo", "grupo_edad"])
    return _con_fuente(carpeta, g, "eventos_sexo_edad", ["sexo", "grupo_edad", "eventos", "fuente_id"])


def eventos_total_anio(carpeta, anio):
    e = leer(carpeta, "eventos_nacionalidad")
    e = e[_fechas(e["mes"]).dt.year == anio]
    g = e.groupby("fuente_id", as_index=False).agg(eventos=("n", "sum"), meses=("mes", "nunique"))
    g.insert(0, "anio", anio)
    return _con_fuente(carpeta, g, "eventos_nacionalidad", ["anio", "eventos", "meses", "fuente_id"])


def _unidos(valores: pd.Series, separador: str):
    distintos = sorted(set(valores.dropna()))
    return separador.join(distintos) if distintos else None


def cbp_total_anio(carpeta, anio):
    c = _cbp_suroeste(carpeta)
    c = c[_fechas(c["mes"]).dt.year == anio]
    p = _con_fuente(carpeta, c.drop_duplicates("fuente_id"), "cbp_encuentros", ["fuente_id"])
    return pd.DataFrame({
        "anio": [anio], "encuentros": [c["n"].sum() if len(c) else None], "meses": [c["mes"].nunique()],
        "fuente_id": [_unidos(c["fuente_id"], "; ")], "fuente": [_unidos(p["fuente"], " ")],
        "institucion": [_unidos(p["institucion"], "; ")], "documento_tabla": [_unidos(p["documento_tabla"], "; ")],
        "fecha": [p["fecha"].max() if len(p) else None], "definicion": [p["definicion"].max() if len(p) else None],
    })






def _asilo_personas(carpeta) -> pd.DataFrame:
    a = leer(carpeta, "asilo_solicitudes")
    return a[a["unidad_solicitud"] == "personas"]


def asilo_anios(carpeta):
    return pd.DataFrame({"anio": sorted(_asilo_personas(carpeta)["anio"].unique())})


def asilo_por_origen(carpeta, desde, hasta, idioma, limite):
    a = _entre(_asilo_personas(carpeta), "anio", desde, hasta)
    return _primeros(carpeta, a, "asilo_solicitudes", "solicitudes", "pais", idioma, limite)




# ------------------------------------------------------------------ datos completos (descargas)
def _completa(carpeta, tabla, orden, columnas, medida=None, paises=False, fecha=("mes", "mes", "%Y-%m")):
    """Toda la tabla ordenada, con la medida renombrada, la fecha como texto, país y columnas de fuente."""
    df = leer(carpeta, tabla).rename(columns={"archivo": "fuente_id", **({"n": medida} if medida else {})})
    if paises:
        df = _con_paises(carpeta, df)
    df = df.sort_values(orden)
    if fecha:
        origen, destino, formato = fecha
        df[destino] = _texto_fecha(df[origen], formato)
    return _con_fuente(carpeta, df, tabla, columnas)


def eventos_nacionalidad_completa(carpeta):
    return _completa(carpeta, "eventos_nacionalidad", ["mes", "iso3"],
                     ["mes", "iso3", "nombre_es", "nombre_en", "eventos", "fuente_id"], "eventos", paises=True)


def eventos_sexo_edad_completa(carpeta):
    return _completa(carpeta, "eventos_sexo_edad", ["mes", "sexo", "grupo_edad"],
                     ["mes", "sexo", "grupo_edad", "eventos", "fuente_id"], "eventos")


def devoluciones_completa(carpeta):
    return _completa(carpeta, "devoluciones", ["mes", "iso3", "tipo"],
                     ["mes", "iso3", "nombre_es", "nombre_en", "tipo", "devoluciones", "fuente_id"], "devoluciones", paises=True)


def cbp_completa(carpeta):
    return _completa(carpeta, "cbp_encuentros",
                     ["mes", "region", "componente", "area", "demografia", "autoridad", "tipo_encuentro", "ciudadania"],
                     ["mes", "anio_fiscal", "region", "componente", "area", "demografia", "autoridad",
                      "tipo_encuentro", "ciudadania", "iso3", "grupo_ciudadania", "encuentros", "fuente_id"], "encuentros")


def asilo_completa(carpeta):
    return _completa(carpeta, "asilo_solicitudes",
                     ["anio", "iso3", "procedimiento", "tipo_solicitud", "nivel_decision", "unidad_solicitud"],
                     ["anio", "iso3", "nombre_es", "nombre_en", "procedimiento", "tipo_solicitud", "nivel_decision",
                      "unidad_solicitud", "solicitudes", "fuente_id"], "solicitudes", paises=True, fecha=None)


def remesas_completa(carpeta):
    return _completa(carpeta, "remesas", ["trimestre", "cve_ent"], ["trimestre", "cve_ent", "entidad", "usd", "fuente_id"],
                     fecha=("trimestre", "trimestre", "%Y-%m-%d"))


_COLS_MMP = ["incidente", "fecha_incidente", "anio", "causa", "muertes", "sobrevivientes", "nacionalidades", "ubicacion",
             "lon", "lat", "en_mexico", "cve_ent", "fuente_id"]


def mmp_completa(carpeta):
    return _completa(carpeta, "mmp_incidentes", ["fecha", "incidente"], _COLS_MMP[:3] + ["tipo", "ruta"] + _COLS_MMP[3:],
                     fecha=("fecha", "fecha_incidente", "%Y-%m-%d"))


# ------------------------------------------------------------------ panorama
def _redondeo(x: pd.Series, decimales: int = 1) -> pd.Series:
    """round() de DuckDB: la mitad se aleja del cero (no el redondeo al par de Python)."""
    f = 10 ** decimales
    x = x.astype("Float64").astype(float)
    return np.sign(x) * np.floor(np.abs(x) * f + 0.5) / f


def _pct(parte: pd.Series, total: pd.Series) -> pd.Series:
    total = total.astype(float).where(total.astype(float) != 0)
    return _redondeo(100.0 * parte.astype(float) / total)


def _series_24(carpeta) -> pd.DataFrame:
    """Los 24 meses que terminan en el último de cada serie, con los meses sin dato vacíos (vista series_24_meses)."""
    partes = []
    for serie, (tabla, df) in _series(carpeta).items():
        hasta = _fechas(df["mes"]).max()
        meses = pd.date_range(hasta - pd.DateOffset(months=23), hasta, freq="MS")
        ventana = df[_fechas(df["mes"]) >= meses[0]].assign(mes=lambda x: _fechas(x["mes"]))
        g = _suma(ventana, ["mes", "fuente_id"], "valor")
        for fuente_id in sorted(g["fuente_id"].unique()):
            rejilla = pd.DataFrame({"serie": serie, "mes": meses, "fuente_id": fuente_id, "tabla": tabla})
            partes.append(rejilla.merge(g[g["fuente_id"] == fuente_id], on=["mes", "fuente_id"], how="left"))
    return pd.concat(partes, ignore_index=True)[["serie", "mes", "valor", "fuente_id", "tabla"]]


def _con_fuente_por_tabla(carpeta, df: pd.DataFrame, columnas: list[str]) -> pd.DataFrame:
    """Como `_con_fuente`, pero cada renglón con la procedencia de su propia `tabla`."""
    p = procedencia(carpeta)
    return df.merge(p, on=["fuente_id", "tabla"], how="left")[[*columnas, *COLS_FUENTE]]


def ultimos_meses(carpeta):
    s = _series_24(carpeta)
    ultimo = s[s["mes"] == s.groupby("serie")["mes"].transform("max")]
    antes = s[["serie", "fuente_id", "mes", "valor"]]
    c = ultimo.merge(antes.assign(mes=antes["mes"] + pd.DateOffset(months=1)).rename(
        columns={"valor": "valor_mes_anterior"}).assign(mes_anterior=lambda x: x["mes"] - pd.DateOffset(months=1)),
        on=["serie", "fuente_id", "mes"], how="left")
    c = c.merge(antes.assign(mes=antes["mes"] + pd.DateOffset(months=12)).rename(
        columns={"valor": "valor_anio_anterior"}).assign(mes_anio_anterior=lambda x: x["mes"] - pd.DateOffset(months=12)),
        on=["serie", "fuente_id", "mes"], how="left")
    c["periodo"] = _texto_fecha(c["mes"])
    c["periodo_mes_anterior"] = c["mes_anterior"].dt.strftime("%Y-%m")
    c["periodo_anio_anterior"] = c["mes_anio_anterior"].dt.strftime("%Y-%m")
    c["cambio_mes_pct"] = _pct(c["valor"] - c["valor_mes_anterior"], c["valor_mes_anterior"])
    c["cambio_anio_pct"] = _pct(c["valor"] - c["valor_anio_anterior"], c["valor_anio_anterior"])
    c = c.assign(_orden=c["serie"].map({x: i for i, x in enumerate(SERIES)})).sort_values(["_orden", "fuente_id"])
    return _con_fuente_por_tabla(carpeta, c, [
        "serie", "periodo", "valor", "periodo_mes_anterior", "valor_mes_anterior", "cambio_mes_pct",
        "periodo_anio_anterior", "valor_anio_anterior", "cambio_anio_pct", "fuente_id"])


def ultimos_24_meses(carpeta):
    s = _series_24(carpeta)
    s = s.assign(_orden=s["serie"].map({x: i for i, x in enumerate(SERIES)})).sort_values(["_orden", "fuente_id", "mes"])
    s["mes"] = _texto_fecha(s["mes"])
    return _con_fuente_por_tabla(carpeta, s, ["serie", "mes", "valor", "fuente_id"])


# ------------------------------------------------------------------ empleo (ENOE)
def _trimestre_texto(fechas: pd.Series, idioma: str) -> pd.Series:
    f = _fechas(fechas)
    return f.dt.year.astype(str) + ("-Q" if idioma == "en" else "-T") + f.dt.quarter.astype(str)


def _enoe_por_lugar(carpeta, lugares: list) -> pd.DataFrame:
    e = _en_lista(leer(carpeta, "enoe_ocupados"), "lugar_nacimiento", lugares)
    e = e.assign(trimestre=_fechas(e["trimestre"]),
                 formales=e["ocupados"].where(e["formalidad"] == "formal", 0),
                 informales=e["ocupados"].where(e["formalidad"] == "informal", 0))
    return e.groupby(["trimestre", "lugar_nacimiento", "fuente_id"], as_index=False)[["ocupados", "formales", "informales"]].sum()


def enoe_trimestral(carpeta, lugares, idioma):
    s = _enoe_por_lugar(carpeta, lugares)
    trimestres = pd.date_range(s["trimestre"].min(), s["trimestre"].max(), freq="QS")
    rejilla = s[["lugar_nacimiento", "fuente_id"]].drop_duplicates().merge(pd.DataFrame({"trimestre": trimestres}), how="cross")
    g = rejilla.merge(s, on=["lugar_nacimiento", "fuente_id", "trimestre"], how="left")
    g["informal_pct"] = _pct(g["informales"], g["ocupados"])
    g["periodo"] = _trimestre_texto(g["trimestre"], idioma)
    g = g.assign(_orden=g["lugar_nacimiento"].map({"extranjero": 0, "mexico": 1})).sort_values(["_orden", "trimestre"])
    g["trimestre"] = g["trimestre"].dt.strftime("%Y-%m-%d")
    return _con_fuente(carpeta, g, "enoe_ocupados", ["trimestre", "periodo", "lugar_nacimiento", "ocupados", "formales",
                                                     "informales", "informal_pct", "fuente_id"])


def enoe_indicadores_ultimos(carpeta, idioma):
    e = leer(carpeta, "enoe_indicadores")
    columnas = ["indicador", "nombre", "periodo", "valor", "fuente_id"]
    if e.empty:
        return pd.DataFrame(columns=[*columnas, *COLS_FUENTE])
    e = e.assign(trimestre=_fechas(e["trimestre"]))
    e = e[e["trimestre"] == e.groupby("indicador")["trimestre"].transform("max")]
    e = e.assign(nombre=e["nombre_en"] if idioma == "en" else e["nombre"], periodo=_trimestre_texto(e["trimestre"], idioma))
    return _con_fuente(carpeta, e.sort_values("indicador"), "enoe_indicadores", columnas)


def enoe_cercano_a_cifra(carpeta, cifra_id, idioma):
    c = leer(carpeta, "cifras").merge(leer(carpeta, "documentos")[["documento_id", "fecha", "fecha_publicacion"]], on="documento_id")
    c = c[c["cifra_id"] == cifra_id]
    columnas = ["cifra_id", "referencia", "referencia_de", "fecha_publicacion", "trimestre", "periodo", "distancia_dias",
                "formales", "informales", "ocupados", "informal_pct", "ultimo_periodo", "fuente_id"]
    if c.empty:
        return pd.DataFrame(columns=[*columnas, *COLS_FUENTE])
    fila = c.iloc[0]
    de_periodo = pd.notna(fila["periodo_fin"]) or pd.notna(fila["periodo_inicio"])
    referencia = pd.Timestamp(fila["periodo_fin"] if pd.notna(fila["periodo_fin"]) else
                              fila["periodo_inicio"] if pd.notna(fila["periodo_inicio"]) else fila["fecha"])
    e = _enoe_por_lugar(carpeta, ["extranjero"])
    e["distancia_dias"] = ((e["trimestre"] + pd.Timedelta(days=45)) - referencia).dt.days.abs()
    g = e.sort_values(["distancia_dias", "trimestre"], ascending=[True, False]).head(1).copy()
    g["cifra_id"], g["referencia"] = cifra_id, referencia.strftime("%Y-%m-%d")
    g["referencia_de"], g["fecha_publicacion"] = ("periodo" if de_periodo else "documento"), fila["fecha_publicacion"]
    g["periodo"] = _trimestre_texto(g["trimestre"], idioma)
    g["informal_pct"] = _pct(g["informales"], g["ocupados"])
    g["ultimo_periodo"] = _trimestre_texto(pd.Series([e["trimestre"].max()]), idioma).iloc[0]
    g["trimestre"] = g["trimestre"].dt.strftime("%Y-%m-%d")
    return _con_fuente(carpeta, g, "enoe_ocupados", columnas)


# ------------------------------------------------------------------ fuentes: brechas de desagregación
_DIMENSIONES = ["mes", "nacionalidad", "sexo", "edad", "entidad"]


def _hay(df: pd.DataFrame, columna: str) -> bool:
    """¿Algún renglón trae la columna? (`count(columna) > 0`)."""
    return bool(df[columna].notna().any())


# Tabla de datos → qué desagregaciones trae según sus renglones, como la CTE `matriz` de la consulta.
_MATRIZ = {
    "asilo_solicitudes": lambda d: {"nacionalidad": _hay(d, "iso3")},
    "cbp_encuentros": lambda d: {"mes": _hay(d, "mes"), "nacionalidad": _hay(d, "iso3")},
    "cbp_encuentros_estado": lambda d: {"mes": _hay(d, "mes"), "nacionalidad": _hay(d, "iso3"), "entidad": _hay(d, "estado")},
    "centros": lambda d: {"entidad": _hay(d, "cve_ent")},
    "darien": lambda d: {"mes": bool((d["periodicidad"] == "mensual").any()), "nacionalidad": _hay(d, "iso3")},
    "devoluciones": lambda d: {"mes": _hay(d, "mes"), "nacionalidad": _hay(d, "iso3")},
    "enoe_ocupados": lambda d: {},  # lugar de nacimiento no es nacionalidad
    "enoe_indicadores": lambda d: {},  # indicadores nacionales, sin desagregar
    "eventos_nacionalidad": lambda d: {"mes": _hay(d, "mes"), "nacionalidad": _hay(d, "iso3")},
    "eventos_sexo_edad": lambda d: {"mes": _hay(d, "mes"), "sexo": _hay(d, "sexo"), "edad": _hay(d, "grupo_edad")},
    "mmp_incidentes": lambda d: {"mes": _hay(d, "fecha"), "nacionalidad": _hay(d, "nacionalidades"),
                                 "entidad": _hay(d, "cve_ent")},
    "remesas": lambda d: {"entidad": _hay(d, "cve_ent")},
}


def desagregaciones_tablas(carpeta, idioma):
    """Las tablas de datos según sus renglones: una desagregación existe si algún renglón la trae."""
    meta = leer(carpeta, "tablas_meta").set_index("tabla")
    filas = []
    for tabla, trae in sorted(_MATRIZ.items()):
        dims = trae(leer(carpeta, tabla))
        titulo = meta.loc[tabla, "titulo_en" if idioma == "en" else "titulo"] if tabla in meta.index else None
        fila = {"familia": None, "indicador": titulo if isinstance(titulo, str) else tabla, "tabla": tabla, "cifras": pd.NA}
        filas.append(fila | {d: dims.get(d, False) for d in _DIMENSIONES})
    return pd.DataFrame(filas)


def desagregaciones_cifras(carpeta, idioma):
    i, c = leer(carpeta, "indicadores"), leer(carpeta, "cifras")
    i = i.assign(indicador=_etiqueta(i, idioma))
    m = i.merge(c[["indicador_id", "cifra_id", "periodo_inicio", "geografia", "nacionalidad", "sexo", "grupo_edad"]],
                on="indicador_id", how="left")
    g = m.groupby(["familia", "indicador_id", "indicador"], as_index=False).agg(
        cifras=("cifra_id", "count"), mes=("periodo_inicio", "nunique"), entidad=("geografia", "nunique"),
        nacionalidad=("nacionalidad", "count"), sexo=("sexo", "count"), edad=("grupo_edad", "count"))
    g["mes"], g["entidad"] = g["mes"] > 1, g["entidad"] > 1
    g["nacionalidad"], g["sexo"], g["edad"] = g["nacionalidad"] > 0, g["sexo"] > 0, g["edad"] > 0
    g["tabla"] = "cifras"
    return g.sort_values(["familia", "indicador_id"])[["familia", "indicador_id", "indicador", "cifras", *_DIMENSIONES, "tabla"]]


# ------------------------------------------------------------------ territorio
def remesas_trimestres(carpeta):
    return pd.DataFrame({"trimestre": sorted(_fechas(leer(carpeta, "remesas")["trimestre"]).unique())})


def territorio_geometria(carpeta):
    e = leer(carpeta, "entidades_simplificadas").sort_values("cve_ent")
    return _con_fuente(carpeta, e, "entidades_simplificadas",
                       ["cve_ent", "entidad", "geometria", "vertices_original", "vertices", "fuente_id"])


def remesas_por_entidad(carpeta, trimestre, idioma):
    r = leer(carpeta, "remesas")
    r = r[_fechas(r["trimestre"]) == pd.Timestamp(trimestre)][["cve_ent", "usd", "fuente_id"]]
    e = leer(carpeta, "entidades_simplificadas")[["cve_ent", "entidad"]].merge(r, on="cve_ent", how="left")
    t = pd.Timestamp(trimestre)
    e["periodo"] = f"{t.year}{'-Q' if idioma == 'en' else '-T'}{t.quarter}"
    return _con_fuente(carpeta, e.sort_values("cve_ent"), "remesas", ["cve_ent", "entidad", "periodo", "usd", "fuente_id"])


def territorio_centros(carpeta):
    c, d = leer(carpeta, "centros"), leer(carpeta, "documentos")
    doc = d.rename(columns={"titulo": "documento_titulo", "institucion": "documento_institucion"})[
        ["documento_id", "documento_titulo", "documento_institucion", "archivo", "fecha_publicacion", "fecha_inferida"]]
    post = d.rename(columns={"documento_id": "documento_posterior", "titulo": "posterior_titulo", "institucion": "posterior_institucion",
                             "archivo": "posterior_archivo", "fecha_publicacion": "posterior_fecha"})[
        ["documento_posterior", "posterior_titulo", "posterior_institucion", "posterior_archivo", "posterior_fecha"]]
    m = c.merge(doc, on="documento_id").merge(post, on="documento_posterior", how="left")
    cols = ["centro_id", "nombre", "tipo", "tipo_en", "municipio", "cve_ent", "entidad", "estado", "estado_en", "operador",
            "servicios", "servicios_en", "financiamiento", "financiamiento_en", "estado_posterior", "estado_posterior_en",
            "documento_id", "cita", "documento_posterior", "cita_posterior", "lon", "lat", "coordenadas_fuente",
            "coordenadas_fuente_en", "fuente_id", "documento_titulo", "documento_institucion", "archivo", "fecha_publicacion",
            "fecha_inferida", "posterior_titulo", "posterior_institucion", "posterior_archivo", "posterior_fecha"]
    return _con_fuente(carpeta, m.sort_values(["cve_ent", "centro_id"]), "centros", cols)


def territorio_mmp_opciones(carpeta):
    m = leer(carpeta, "mmp_incidentes")
    g = m.groupby("causa").agg(incidentes=("incidente", "size"), anio_min=("anio", "min"), anio_max=("anio", "max")).reset_index()
    return g.sort_values(["incidentes", "causa"], ascending=[False, True])


def territorio_mmp(carpeta, desde, hasta, causas):
    m = _en_lista(_entre(leer(carpeta, "mmp_incidentes"), "anio", desde, hasta), "causa", causas)
    m = m.sort_values(["fecha", "incidente"])
    m["fecha_incidente"] = _texto_fecha(m["fecha"], "%Y-%m-%d")
    return _con_fuente(carpeta, m, "mmp_incidentes", _COLS_MMP)


# ------------------------------------------------------------------ proyecciones
MODELOS = ["procedimiento", "estacional_ingenuo", "ingenuo", "ets", "arima", "theta", "mediana"]
_INTERVALOS = ["inf_80", "sup_80", "inf_95", "sup_95"]


def _con_fuente_por_tabla(carpeta, df: pd.DataFrame, columnas: list[str]) -> pd.DataFrame:
    """Como _con_fuente, pero cada renglón con la procedencia de su propia (fuente_id, tabla)."""
    return df.merge(procedencia(carpeta), on=["fuente_id", "tabla"], how="left")[[*columnas, *COLS_FUENTE]]


def _orden_modelo(df: pd.DataFrame) -> pd.Series:
    return df["modelo"].map(MODELOS.index)


def proyecciones_series(carpeta, idioma):
    s = _con_paises(carpeta, leer(carpeta, "proyecciones_series"))
    s["nacionalidad"] = _etiqueta(s, idioma, "iso3").where(s["iso3"].notna())
    s = s.rename(columns={"tabla": "tabla_entrada"}).assign(
        primer_mes=_texto_fecha(s["primer_mes"]), ultimo_mes=_texto_fecha(s["ultimo_mes"]))
    return s.sort_values("posicion")[["serie", "posicion", "tabla_entrada", "medida", "iso3", "nivel", "nacionalidad",
                                      "primer_mes", "ultimo_mes", "meses", "modelo"]]


def proyeccion_grafica(carpeta, serie, historia):
    s = leer(carpeta, "proyecciones_series").set_index("serie").loc[serie]
    entrada = {"eventos_nacionalidad": lambda: leer(carpeta, "eventos_nacionalidad"),
               "devoluciones": lambda: leer(carpeta, "devoluciones"),
               "cbp_encuentros": lambda: _cbp_suroeste(carpeta), "darien": lambda: _darien_mensual(carpeta)}
    d = entrada[s["tabla"]]()
    if s["tabla"] == "eventos_nacionalidad" and isinstance(s["iso3"], str):
        d = d[d["iso3"] == s["iso3"]]
    if s["nivel"] == "otras":  # el total menos las nacionalidades que son series propias
        series = leer(carpeta, "proyecciones_series")
        d = d[~d["iso3"].isin(series.loc[series["nivel"] == "nacionalidad", "iso3"])]
    ultimo = pd.Timestamp(s["ultimo_mes"])
    desde = max(pd.Timestamp(s["primer_mes"]), ultimo - pd.DateOffset(months=historia - 1))
    o = _entre(_suma(d, ["mes", "fuente_id"], "valor"), "mes", desde, ultimo)
    o = o.assign(tipo="observado", modelo=None, horizonte=None, valor=o["valor"].astype(float), tabla=s["tabla"],
                 **{c: None for c in _INTERVALOS})
    p = leer(carpeta, "proyecciones")
    p = p[(p["serie"] == serie) & p["elegido"]].rename(columns={"pronostico": "valor"}).assign(
        tipo="proyeccion", tabla="proyecciones")
    f = pd.concat([o, p], ignore_index=True)
    f = f.assign(_mes=_fechas(f["mes"]), mes=_texto_fecha(f["mes"])).sort_values("_mes", kind="stable")
    return _con_fuente_por_tabla(carpeta, f, ["mes", "tipo", "modelo", "horizonte", "valor", *_INTERVALOS, "fuente_id"])


def proyeccion_completa(carpeta, serie):
    p = leer(carpeta, "proyecciones")
    p = p[p["serie"] == serie].assign(_orden=lambda x: _orden_modelo(x), tabla="proyecciones")
    p = p.sort_values(["_orden", "horizonte"]).assign(mes=lambda x: _texto_fecha(x["mes"]))
    return _con_fuente_por_tabla(carpeta, p, ["serie", "modelo", "elegido", "horizonte", "mes", "pronostico", *_INTERVALOS,
                                              "fuente_id"])


_PUNTAJE = ["serie", "horizonte", "modelo", "elegido", "origenes", "mae", "rmae_ingenuo", "rmae_estacional", "mase",
            "winkler_80", "winkler_95", "cobertura_80", "cobertura_95", "fuente_id"]


def _puntaje(carpeta) -> pd.DataFrame:
    s = leer(carpeta, "proyecciones_series")[["serie", "posicion"]]
    p = leer(carpeta, "proyecciones_puntaje").merge(s, on="serie")
    return p.assign(_orden=_orden_modelo(p), tabla="proyecciones_puntaje")


def proyecciones_puntaje(carpeta, horizonte):
    p = _puntaje(carpeta)
    p = p[p["horizonte"] == horizonte].sort_values(["posicion", "_orden"])
    return _con_fuente_por_tabla(carpeta, p, ["posicion", *_PUNTAJE])


def proyecciones_puntaje_completo(carpeta):
    return _con_fuente_por_tabla(carpeta, _puntaje(carpeta).sort_values(["posicion", "horizonte", "_orden"]), _PUNTAJE)


def proyecciones_evaluacion_completa(carpeta):
    s = leer(carpeta, "proyecciones_series")[["serie", "posicion"]]
    e = leer(carpeta, "proyecciones_evaluacion").merge(s, on="serie")
    e = e[e["reporte"]]
    e = e.assign(_orden=_orden_modelo(e), tabla="proyecciones_evaluacion", _origen=_fechas(e["origen"]))
    e = e.sort_values(["posicion", "_origen", "horizonte", "_orden"])
    e = e.assign(origen=_texto_fecha(e["origen"]), mes=_texto_fecha(e["mes"]))
    return _con_fuente_por_tabla(carpeta, e, ["serie", "origen", "horizonte", "mes", "modelo", "pronostico", *_INTERVALOS,
                                              "real", "elegido", "reporte", "fuente_id"])


def proyecciones_resumen(carpeta):
    s = leer(carpeta, "proyecciones_series")[["serie", "posicion"]]
    e = leer(carpeta, "proyecciones_evaluacion")
    e = e[e["reporte"] & (e["modelo"] == "procedimiento")]
    e = e.assign(origen=_fechas(e["origen"]), dentro_80=((e["inf_80"] <= e["real"]) & (e["real"] <= e["sup_80"])).astype(int),
                 dentro_95=((e["inf_95"] <= e["real"]) & (e["real"] <= e["sup_95"])).astype(int))

    def resumir(g):
        return pd.Series({"pronosticos": len(g), "origenes": g["origen"].nunique(),
                          "primer_origen": g["origen"].min().strftime("%Y-%m"), "ultimo_origen": g["origen"].max().strftime("%Y-%m"),
                          "cobertura_80": g["dentro_80"].mean(), "cobertura_95": g["dentro_95"].mean()})
    filas = [resumir(e).to_frame().T.assign(serie="")]
    filas += [resumir(g).to_frame().T.assign(serie=serie) for serie, g in e.groupby("serie", sort=False)]
    c = pd.concat(filas, ignore_index=True)
    p = leer(carpeta, "proyecciones_puntaje")
    proc = p[p["modelo"] == "procedimiento"].merge(p[p["modelo"] == "ingenuo"], on=["serie", "horizonte"], suffixes=("", "_i"))
    peor = proc[proc["mae_i"] < proc["mae"]].sort_values(["serie", "horizonte"])
    lista = peor.groupby("serie")["horizonte"].agg(lambda h: ", ".join(str(int(x)) for x in h)).rename("horizontes_ingenuo_mejor")
    c = c.merge(lista, left_on="serie", right_index=True, how="left").merge(s, on="serie", how="left")
    c = c.sort_values("posicion", na_position="first", kind="stable")
    for col in ("pronosticos", "origenes"):
        c[col] = c[col].astype("int64")
    for col in ("cobertura_80", "cobertura_95"):
        c[col] = c[col].astype(float)
    return c[["serie", "pronosticos", "origenes", "primer_origen", "ultimo_origen", "cobertura_80", "cobertura_95",
              "horizontes_ingenuo_mejor"]]


CONSULTAS = {f.__name__: f for f in (
    cifras_titulares, cifras_por_familias, etiquetas, textos_fuentes, cifras_por_unidades, cifras_catalogo, cifras_total, documentos_catalogo,
    documento_texto, indicadores_catalogo, fuentes_catalogo, productores, series_rango_meses, eventos_nacionalidades,
    eventos_categorias_sexo_edad, eventos_por_nacionalidad, eventos_sexo_edad, eventos_total_anio,
    cbp_total_anio, asilo_anios, asilo_por_origen,
    eventos_nacionalidad_completa, eventos_sexo_edad_completa, devoluciones_completa, cbp_completa, asilo_completa,
    remesas_completa, mmp_completa, ultimos_meses, ultimos_24_meses, enoe_trimestral, enoe_indicadores_ultimos, enoe_cercano_a_cifra,
    desagregaciones_tablas, desagregaciones_cifras, remesas_trimestres,
    territorio_geometria, remesas_por_entidad, territorio_centros, territorio_mmp_opciones, territorio_mmp,
    proyecciones_series, proyeccion_grafica, proyeccion_completa, proyecciones_puntaje, proyecciones_puntaje_completo,
    proyecciones_evaluacion_completa, proyecciones_resumen,
)}


# ------------------------------------------------------------------ series con medida (como series_largas y serie_medida)
def _series_largas(carpeta, serie: str) -> pd.DataFrame:
    """(mes, clave, valor, periodos_anio, fuente_id, tabla) de una serie, como la vista series_largas."""
    def largo(df, mes, clave, tabla, periodos=12):
        return pd.DataFrame({"mes": _fechas(df[mes]), "clave": clave if isinstance(clave, pd.Series) else df[clave],
                             "valor": df["n"].astype("int64"), "periodos_anio": periodos,
                             "fuente_id": df["fuente_id"], "tabla": tabla})
    if serie == "eventos":
        return largo(leer(carpeta, "eventos_nacionalidad"), "mes", "iso3", "eventos_nacionalidad")
    if serie == "devoluciones":
        return largo(leer(carpeta, "devoluciones"), "mes", "iso3", "devoluciones")
    if serie == "darien":
        return largo(_darien_mensual(carpeta), "mes", "iso3", "darien")
    if serie in ("cbp", "cbp_componente"):
        c = _cbp_suroeste(carpeta)
        clave = c["iso3"].fillna(c["grupo_ciudadania"]).fillna(c["ciudadania"]) if serie == "cbp" else c["componente"]
        return largo(c, "mes", clave, "cbp_encuentros")
    if serie in ("edad", "sexo"):
        return largo(leer(carpeta, "eventos_sexo_edad"), "mes", "grupo_edad" if serie == "edad" else "sexo", "eventos_sexo_edad")
    if serie == "asilo":
        a = _asilo_personas(carpeta)
        return largo(a.assign(mes=pd.to_datetime(a["anio"].astype(str) + "-01-01")), "mes", "iso3", "asilo_solicitudes", 1)
    return pd.DataFrame(columns=["mes", "clave", "valor", "periodos_anio", "fuente_id", "tabla"])


def serie_claves(carpeta, serie):
    return pd.DataFrame({"clave": sorted(_series_largas(carpeta, serie)["clave"].dropna().unique())})


def _redondear(x: pd.Series) -> pd.Series:
    """round(x, 2) de DuckDB (std::round: mitades lejos del cero)."""
    import numpy as np

    y = pd.to_numeric(x, errors="coerce").astype(float) * 100
    with np.errstate(invalid="ignore"):
        return np.sign(y) * np.floor(np.abs(y) + 0.5) / 100


def serie_medida(carpeta, serie, desde, hasta, grupos, sumar, medida, idioma):
    base = _series_largas(carpeta, serie)
    d0, d1 = pd.Timestamp(desde), pd.Timestamp(hasta)
    en_vista = base[(base["mes"] >= d0) & (base["mes"] <= d1)]
    totales = en_vista[en_vista["clave"].isin(grupos)].groupby("clave")["valor"].sum().reset_index()
    totales = totales.sort_values(["valor", "clave"], ascending=[False, True]).reset_index(drop=True)
    orden = dict(zip(totales["clave"], totales.index + 1))
    def grupo_de(clave):
        if not grupos:
            return "todas"
        if clave not in orden:
            return None
        return "suma" if sumar else (clave if orden[clave] <= 10 else "otras")
    base = base.assign(grupo=base["clave"].map(grupo_de))
    periodos = base[["mes", "periodos_anio"]].drop_duplicates()
    nombres_grupo = base["grupo"].dropna().unique()
    rejilla = periodos.merge(pd.DataFrame({"grupo": nombres_grupo}), how="cross")
    niveles = rejilla.merge(base.dropna(subset=["grupo"]).groupby(["mes", "grupo"], as_index=False)["valor"].sum(),
                            on=["mes", "grupo"], how="left")
    niveles["nivel"] = niveles["valor"].fillna(0).astype("int64")
    niveles = niveles.drop(columns="valor").sort_values(["grupo", "mes"])
    total = base.groupby("mes", as_index=False)["valor"].sum().rename(columns={"valor": "total"})
    niveles = niveles.merge(total, on="mes")
    partes = []
    for _, g in niveles.groupby("grupo"):
        g = g.sort_values("mes").copy()
        suma, cuenta = [], []
        for m in g["mes"]:
            ventana = g[(g["mes"] > m - pd.DateOffset(months=12)) & (g["mes"] <= m)]
            suma.append(ventana["nivel"].sum())
            cuenta.append(len(ventana))
        g["suma"], g["periodos_en_suma"] = suma, cuenta
        previo = dict(zip(g["mes"], g["nivel"]))
        g["nivel_anio_antes"] = [previo.get(m - pd.DateOffset(years=1)) for m in g["mes"]]
        partes.append(g)
    v = pd.concat(partes) if partes else niveles.assign(suma=0, periodos_en_suma=0, nivel_anio_antes=None)
    v = v[(v["mes"] >= d0) & (v["mes"] <= d1)].sort_values(["grupo", "mes"]).copy()
    v["nivel_inicial"] = v.groupby("grupo")["nivel"].transform("first")
    antes = pd.to_numeric(v["nivel_anio_antes"], errors="coerce")
    calculos = {
        "nivel": v["nivel"].astype(float),
        "suma_12m": v["suma"].astype(float).where(v["periodos_en_suma"] == v["periodos_anio"]),
        "var_anual": _redondear(100.0 * (v["nivel"] - antes) / antes).where(antes > 0),
        "participacion": _redondear(100.0 * v["nivel"] / v["total"]).where(v["total"] > 0),
        "indice": _redondear(100.0 * v["nivel"] / v["nivel_inicial"]).where(v["nivel_inicial"] > 0),
    }
    v["valor"] = calculos[medida] if medida in calculos else float("nan")
    # fuentes por mes (todas las de ese mes en la serie), como el CTE `fuentes`
    p = procedencia(carpeta)
    m = leer(carpeta, "tablas_meta")[["tabla", "titulo_en", "descripcion_en"]]
    fm = base[["mes", "fuente_id", "tabla"]].drop_duplicates().merge(p, on=["fuente_id", "tabla"], how="left").merge(m, on="tabla", how="left")
    if idioma == "en":
        fm["definicion"] = [". ".join(x for x in (a, b) if isinstance(x, str)) for a, b in zip(fm["titulo_en"], fm["descripcion_en"])]
        f = leer(carpeta, "fuentes").set_index("fuente_id")
        for col, col_en in (("fuente", "cita_sugerida_en"), ("institucion", "productor_en"), ("documento_tabla", "tabla_en")):
            fm[col] = fm["fuente_id"].map(f[col_en]).where(fm[col].notna())
    unir = lambda sep: (lambda s: sep.join(sorted(set(s.dropna()))) if s.notna().any() else None)  # noqa: E731
    fuentes = fm.groupby("mes").agg(fuente_id=("fuente_id", unir("; ")), fuente=("fuente", unir(" ")),
                                    institucion=("institucion", unir("; ")), documento_tabla=("documento_tabla", unir("; ")),
                                    fecha=("fecha", "max"), definicion=("definicion", "max")).reset_index()
    v = v.merge(fuentes, on="mes", how="left")
    paises = leer(carpeta, "paises").set_index("iso3")
    etiquetas = leer(carpeta, "etiquetas").drop_duplicates("valor").set_index("valor")
    especiales = {"todas": ("Total", "Total"), "suma": ("Suma de lo elegido", "Sum of the selection"),
                  "otras": ("Otras elegidas", "Other selected")}
    def nombre(g):
        if g in especiales:
            return especiales[g][idioma == "en"]
        if g in paises.index:
            fila = paises.loc[g]
            candidatos = [fila["nombre_en"], fila["nombre_es"]] if idioma == "en" else [fila["nombre_es"]]
            return next((c for c in candidatos if pd.notna(c)), g)
        if g in etiquetas.index:
            return etiquetas.loc[g, "en" if idioma == "en" else "es"]
        return g
    v["nombre"] = v["grupo"].map(nombre)
    v["periodo"] = v["mes"].dt.strftime("%Y") if (v["periodos_anio"] == 1).all() and len(v) else v["mes"].dt.strftime("%Y-%m")
    v["serie"], v["medida"] = serie, medida
    v["_otras"] = (v["grupo"] == "otras").astype(int)
    v = v.sort_values(["mes", "_otras", "grupo"])
    return v[["periodo", "serie", "grupo", "nombre", "medida", "valor", "nivel", "fuente_id", *COLS_FUENTE]]


def darien_completa(carpeta):
    return _completa(carpeta, "darien", ["periodo_inicio", "periodicidad", "iso3"],
                     ["periodo_inicio", "periodicidad", "iso3", "nombre_es", "nombre_en", "personas", "fuente_id"],
                     "personas", paises=True, fecha=("periodo_inicio", "periodo_inicio", "%Y-%m"))


CONSULTAS.update({f.__name__: f for f in (serie_medida, serie_claves, darien_completa)})


def cbp_estado_completa(carpeta):
    columnas = ["mes", "anio_fiscal", "region", "estado", "demografia", "autoridad", "ciudadania", "iso3", "grupo_ciudadania",
                "encuentros", "fuente_id"]
    return _completa(carpeta, "cbp_encuentros_estado", columnas, columnas, "encuentros")


def enoe_completa(carpeta):
    return _completa(carpeta, "enoe_ocupados", ["trimestre", "lugar_nacimiento", "formalidad"],
                     ["trimestre", "lugar_nacimiento", "formalidad", "ocupados", "fuente_id"],
                     fecha=("trimestre", "trimestre", "%Y-%m-%d"))


# ------------------------------------------------------------------ frescura (fechas contra $hoy)
def _meses_entre(desde: pd.Series, hoy) -> pd.Series:
    """date_diff('month', desde, hoy) de DuckDB: fronteras de mes cruzadas (el día no cuenta)."""
    d, h = _fechas(desde), pd.Timestamp(hoy)
    return ((h.year - d.dt.year) * 12 + h.month - d.dt.month).astype("Int64")


def _periodo_publicado(ultimo: pd.Series, meses_periodo: pd.Series, idioma: str) -> pd.Series:
    """El último periodo como lo escribe la fuente: año (anual), año-trimestre (trimestral) o año-mes."""
    f = _fechas(ultimo)
    trimestre = f.dt.strftime("%Y") + ("-Q" if idioma == "en" else "-T") + f.dt.quarter.astype("Int64").astype(str)
    return f.dt.strftime("%Y-%m").mask(meses_periodo == 12, f.dt.strftime("%Y")).mask(meses_periodo == 3, trimestre)


def _registro(carpeta) -> pd.DataFrame:
    """stg_fuentes_registro con el último mes del último periodo (fin del periodo menos un día, en meses)."""
    f = leer(carpeta, "fuentes_registro")
    f = f.assign(ultimo_periodo=_fechas(f["ultimo_periodo"]), meses_periodo=f["meses_periodo"].astype("Int64"),
                 rezago_dias=f["rezago_dias"].astype("Int64"))
    desplazar = lambda k: [p + pd.DateOffset(months=int(m)) if pd.notna(p) and pd.notna(m) else pd.NaT  # noqa: E731
                           for p, m in zip(f["ultimo_periodo"], k)]
    f["ultimo_mes"] = pd.to_datetime(pd.Series(desplazar(f["meses_periodo"] - 1), index=f.index))
    fin = pd.to_datetime(pd.Series(desplazar(2 * f["meses_periodo"]), index=f.index))
    f["proxima"] = fin - pd.Timedelta(days=1) + pd.to_timedelta(f["rezago_dias"].astype(float), unit="D")
    return f


def frescura(carpeta, hoy, idioma):
    f = _registro(carpeta).sort_values("posicion")
    dias = (pd.Timestamp(hoy) - f["proxima"]).dt.days.astype("Int64")
    f = f.assign(titulo=f["titulo_en"] if idioma == "en" else f["titulo"],
                 ultimo_periodo=_periodo_publicado(f["ultimo_periodo"], f["meses_periodo"], idioma),
                 meses_antiguedad=_meses_entre(f["ultimo_mes"], hoy),
                 fecha_acceso=_texto_fecha(f["fecha_acceso"], "%Y-%m-%d"),
                 proxima_publicacion=f["proxima"].dt.strftime("%Y-%m-%d"),
                 estado=pd.Series(np.select([(dias < 0).fillna(False).to_numpy(bool), (dias <= 15).fillna(False).to_numpy(bool)], ["al_dia", "por_publicarse"], "atrasada"),
                                  index=f.index).where(f["proxima"].notna()).mask(
                                      f["meses_periodo"].notna() & f["ultimo_periodo"].isna(), "sin_datos"),
                 dias_atraso=dias.where(dias > 15))
    return f[["fuente", "titulo", "productor", "cadencia", "ultimo_periodo", "meses_antiguedad", "fecha_acceso",
              "rezago_dias", "proxima_publicacion", "estado", "dias_atraso", "descarga", "token", "instantaneas", "url"]]


def antiguedad_fuentes(carpeta, hoy, idioma):
    f = _registro(carpeta)
    f = f[f["ultimo_periodo"].notna()]
    ft = leer(carpeta, "fuentes_tablas").rename(columns={"fuente": "fuente_id", "tabla": "tabla_publicada"})
    f = f.assign(tabla_publicada=f["tablas"].str.split(", ")).explode("tabla_publicada")
    a = ft.merge(f, on="tabla_publicada")
    a = a.assign(ultimo_periodo=_periodo_publicado(a["ultimo_periodo"], a["meses_periodo"], idioma),
                 meses_antiguedad=_meses_entre(a["ultimo_mes"], hoy))
    a = a[["fuente_id", "fuente", "cadencia", "ultimo_periodo", "meses_antiguedad"]].drop_duplicates()
    return a.sort_values(["fuente_id", "fuente"])


def ultimos_meses_antiguedad(carpeta, hoy):
    g = _series_24(carpeta).groupby(["serie", "fuente_id"], as_index=False)["mes"].max().sort_values(["serie", "fuente_id"])
    return g.assign(periodo=g["mes"].dt.strftime("%Y-%m"), meses_antiguedad=_meses_entre(g["mes"], hoy))[
        ["serie", "fuente_id", "periodo", "meses_antiguedad"]]


# ------------------------------------------------------------------ revisiones (instantáneas de una fuente)
COLS_FUENTE_REVISION = ["fuente", "institucion", "documento_tabla", "fecha"]


def _procedencia_de(carpeta, df: pd.DataFrame, archivo: str, tabla: str) -> pd.DataFrame:
    """Las columnas de fuente (sin definición) del archivo `archivo` en la tabla `tabla` (LEFT JOIN)."""
    p = procedencia(carpeta)
    p = p[p["tabla"] == tabla].rename(columns={"fuente_id": archivo})[[archivo, *COLS_FUENTE_REVISION]]
    return df.merge(p, on=archivo, how="left")


def _revisiones(carpeta, tabla_revisada: str) -> pd.DataFrame:
    r = leer(carpeta, "revisiones")
    r = r[r["tabla"] == tabla_revisada]
    return r.assign(periodo=_fechas(r["periodo"]), hasta_instantanea=r["hasta_instantanea"].astype("Int64"),
                    fecha_acceso=_texto_fecha(r["vigente_desde"], "%Y-%m-%d"))


def _vigentes(r: pd.DataFrame, k) -> pd.Series:
    """El renglón vigente en la instantánea k: instantanea <= k < hasta_instantanea (sin fin: sigue vigente)."""
    return (r["instantanea"] <= k) & (r["hasta_instantanea"].isna() | (r["hasta_instantanea"] > k)).fillna(False)


def _periodo_texto(fechas: pd.Series, periodicidad: pd.Series, idioma: str) -> pd.Series:
    """2024 (anual), 2024-T1 / 2024-Q1 (trimestral) o 2024-03 (lo demás), como el CASE de consultas.sql."""
    f = _fechas(fechas)
    return pd.Series(np.select([(periodicidad == "anual").to_numpy(bool), (periodicidad == "trimestral").to_numpy(bool)],
                               [f.dt.strftime("%Y"), _trimestre_texto(f, idioma)], f.dt.strftime("%Y-%m")), index=f.index)


def revisiones_instantaneas(carpeta, idioma):
    i = leer(carpeta, "instantaneas").rename(columns={"tabla": "tabla_revisada"})
    m = leer(carpeta, "tablas_meta")
    m = m.assign(titulo=m["titulo_en"].fillna(m["titulo"]) if idioma == "en" else m["titulo"])
    i = i.merge(m[["tabla", "posicion", "titulo"]], left_on="tabla_revisada", right_on="tabla")
    i = i.assign(fecha_acceso=_texto_fecha(i["fecha_acceso"], "%Y-%m-%d"),
                 primer_periodo=_periodo_texto(i["primer_periodo"], i["periodicidad"], idioma),
                 ultimo_periodo=_periodo_texto(i["ultimo_periodo"], i["periodicidad"], idioma)).sort_values(["posicion", "instantanea"])
    i = _procedencia_de(carpeta, i, "fuente_id", "instantaneas")
    return i[["tabla_revisada", "instantanea", "fuente_id", "fecha_acceso", "periodos", "primer_periodo", "ultimo_periodo",
              "titulo", *COLS_FUENTE_REVISION]]


def revisiones_series(carpeta, tabla_revisada):
    r = _revisiones(carpeta, tabla_revisada)
    r = r[(r["nivel"] == "total") | (r["cambio"] != "publicado").fillna(False)]
    r = r.assign(mayor_revision=(r["ultimo_valor"].fillna(0) - r["primer_valor"]).abs())
    g = r.groupby(["serie", "nivel"], as_index=False)["mayor_revision"].max()
    return g.sort_values(["nivel", "mayor_revision", "serie"], ascending=[False, False, True]).head(200)


def revisiones_cambios(carpeta, tabla_revisada, nivel, antes, despues, idioma):
    r = _revisiones(carpeta, tabla_revisada)
    r = r[(r["nivel"] == nivel) & r["valor"].notna()]
    cols = ["serie", "periodo", "periodicidad", "valor", "fuente_id", "fecha_acceso"]
    a, d = r[_vigentes(r, antes)][cols], r[_vigentes(r, despues)][cols]
    c = a.merge(d, on=["serie", "periodo"], how="outer", suffixes=("_antes", "_despues"))
    c = c.assign(periodicidad=c["periodicidad_despues"].fillna(c["periodicidad_antes"]))
    c = c.rename(columns={"valor_antes": "antes", "valor_despues": "despues", "fuente_id_antes": "archivo_antes",
                          "fuente_id_despues": "archivo_despues"})
    c = c[c["antes"].isna() | c["despues"].isna() | (c["antes"] != c["despues"])]
    c = c.assign(cambio=np.select([c["antes"].isna().to_numpy(bool), c["despues"].isna().to_numpy(bool)], ["nuevo", "retirado"], "revisado"),
                 diferencia=c["despues"] - c["antes"],
                 diferencia_pct=_redondear(100 * (c["despues"] - c["antes"]) / c["antes"].where(c["antes"] != 0)),
                 archivo=c["archivo_despues"].fillna(c["archivo_antes"]),
                 periodo=_periodo_texto(c["periodo"], c["periodicidad"], idioma))
    c = c.assign(_orden=c["cambio"].map({"revisado": 0, "retirado": 1, "nuevo": 2}),
                 _tamano=(c["despues"].fillna(0) - c["antes"].fillna(0)).abs())
    c = c.sort_values(["_orden", "_tamano", "serie", "periodo"], ascending=[True, False, True, True])
    c = _procedencia_de(carpeta, c, "archivo", "revisiones")
    return c[["serie", "periodo", "cambio", "antes", "despues", "diferencia", "diferencia_pct", "archivo_antes",
              "fecha_acceso_antes", "archivo_despues", "fecha_acceso_despues", *COLS_FUENTE_REVISION]]


def revisiones_serie(carpeta, tabla_revisada, serie_revisada, idioma):
    r = _revisiones(carpeta, tabla_revisada)
    r = r[r["serie"] == serie_revisada].rename(columns={"fuente_id": "archivo"})
    i = leer(carpeta, "instantaneas")
    partes = []
    for k, fecha in i.loc[i["tabla"] == tabla_revisada, ["instantanea", "fecha_acceso"]].itertuples(index=False):
        v = r[_vigentes(r, k) & r["valor"].notna()]
        partes.append(v.assign(linea="instantanea", instantanea=k, instantanea_fecha=_texto_fecha(pd.Series([fecha]),
                                                                                                   "%Y-%m-%d").iloc[0]))
    primera = r.sort_values("instantanea").drop_duplicates("periodo")
    partes.append(primera.assign(linea="primera", instantanea=None, instantanea_fecha=None))
    partes.append(r[r["hasta_instantanea"].isna() & r["valor"].notna()].assign(
        linea="ultima", instantanea=None, instantanea_fecha=None))
    cols = ["linea", "instantanea", "instantanea_fecha", "periodo", "periodicidad", "valor", "archivo", "fecha_acceso"]
    x = pd.concat([p[cols] for p in partes], ignore_index=True)
    x.insert(5, "periodo_texto", _periodo_texto(x["periodo"], x["periodicidad"], idioma))
    cols.insert(5, "periodo_texto")
    x = x.assign(instantanea=x["instantanea"].astype("Int64")).sort_values(["linea", "instantanea", "periodo"])
    return _procedencia_de(carpeta, x, "archivo", "revisiones")[[*cols, *COLS_FUENTE_REVISION]]


CONSULTAS.update({f.__name__: f for f in (
    cbp_estado_completa, enoe_completa, frescura, antiguedad_fuentes, ultimos_meses_antiguedad, revisiones_instantaneas,
    revisiones_series, revisiones_cambios, revisiones_serie)})


# ------------------------------------------------------------------ qué cambió entre versiones publicadas
TABLAS_COMPARABLES = ["eventos_nacionalidad", "eventos_sexo_edad", "devoluciones", "cbp_encuentros", "cbp_encuentros_estado",
                      "asilo_solicitudes", "darien", "mmp_incidentes", "remesas", "enoe_ocupados"]


def versiones_tablas(carpeta, idioma):
    con_renglones = [t for t in TABLAS_COMPARABLES if (Path(carpeta) / f"{t}.parquet").exists() and len(leer(carpeta, t))]
    m = leer(carpeta, "tablas_meta")
    m = m[m["tabla"].isin(con_renglones)]
    m = m.assign(titulo=m["titulo_en"].fillna(m["titulo"]) if idioma == "en" else m["titulo"])
    return m.sort_values("posicion").rename(columns={"tabla": "tabla_comparada"})[["tabla_comparada", "titulo", "posicion"]]


def paises_completa(carpeta):
    return leer(carpeta, "paises").sort_values("iso3")[["iso3", "nombre_es", "nombre_en", "tipo"]]


CONSULTAS.update({f.__name__: f for f in (versiones_tablas, paises_completa)})
