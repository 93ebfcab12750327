"""Las consultas de consultas.sql escritas en pandas simple, como las escribiría una estadística.

Cada función lee los archivos Parquet completos con `pd.read_parquet(ruta)` (sin elegir columnas ni
filtros en la lectura), filtra con máscaras y agrega con `groupby`. Devuelven las mismas columnas, en el
mismo orden de renglones, que la consulta del mismo nombre; el banco comprueba que coinciden antes de
tomar tiempos.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

_FAMILIAS_PANORAMA = ["encuentros", "refugio_empleo", "imss", "vacantes"]


def leer(carpeta: Path, tabla: str) -> pd.DataFrame:
    return pd.read_parquet(Path(carpeta) / f"{tabla}.parquet")


def _fechas(serie: pd.Series) -> pd.Series:
    return pd.to_datetime(serie)


def _entre_meses(df: pd.DataFrame, columna: str, desde, hasta) -> pd.DataFrame:
    mes = _fechas(df[columna])
    return df[(mes >= pd.Timestamp(desde)) & (mes <= pd.Timestamp(hasta))]


def _cifras(carpeta: Path) -> pd.DataFrame:
    c, i, d = leer(carpeta, "cifras"), leer(carpeta, "indicadores"), leer(carpeta, "documentos")
    i = i[["indicador_id", "familia", "nombre_es", "nombre_en", "cuenta", "medida", "definicion", "definicion_en",
           "comparabilidad"]]
    d = d.rename(columns={"titulo": "documento_titulo", "institucion": "documento_institucion"})[
        ["documento_id", "archivo", "documento_titulo", "documento_institucion", "fecha_publicacion", "fecha_inferida", "url"]]
    return c.merge(i, on="indicador_id").merge(d, on="documento_id")


_COLS_TITULARES = ["cifra_id", "indicador_id", "familia", "nombre_es", "nombre_en", "valor", "valor_min", "valor_max",
                   "unidad", "calificador", "calificador_texto", "periodo", "geografia", "institucion_fuente", "cita", "nota",
                   "documento_id", "archivo", "documento_titulo", "documento_institucion", "fecha_publicacion",
                   "fecha_inferida", "url"]
_COLS_FAMILIAS = ["cifra_id", "indicador_id", "familia", "nombre_es", "nombre_en", "cuenta", "medida", "definicion",
                  "definicion_en", "comparabilidad", "valor", "valor_min", "valor_max", "unidad", "calificador",
                  "calificador_texto", "periodo", "periodo_inicio", "periodo_fin", "geografia", "institucion_fuente",
                  "cita", "nota", "titular", "documento_id", "archivo", "documento_titulo", "documento_institucion",
                  "fecha_publicacion", "fecha_inferida", "url"]


def cifras_titulares(carpeta):
    m = _cifras(carpeta)
    m = m[m["titular"]].copy()
    m["_orden"] = m["familia"].map({f: k for k, f in enumerate(_FAMILIAS_PANORAMA)})
    return m.sort_values(["_orden", "cifra_id"], na_position="last")[_COLS_TITULARES]


def cifras_por_familias(carpeta, familias):
    m = _cifras(carpeta)
    return m[m["familia"].isin(familias)].sort_values(["familia", "indicador_id", "cifra_id"])[_COLS_FAMILIAS]


def cifras_por_unidades(carpeta, unidades):
    m = _cifras(carpeta)
    return m[m["unidad"].isin(unidades)].sort_values(["familia", "indicador_id", "cifra_id"])[_COLS_FAMILIAS]


def cifras_catalogo(carpeta):
    cols = ["cifra_id", "familia", "indicador_id", "nombre_es", "nombre_en", "valor", "valor_min", "valor_max", "unidad",
            "calificador", "calificador_texto", "periodo", "geografia", "institucion_fuente", "cita", "nota",
            "documento_id", "archivo", "documento_titulo", "documento_institucion", "fecha_publicacion"]
    return _cifras(carpeta).sort_values("cifra_id")[cols]


def documentos_catalogo(carpeta):
    d, c = leer(carpeta, "documentos"), leer(carpeta, "cifras")
    d["cifras"] = d["documento_id"].map(c.groupby("documento_id").size()).fillna(0).astype("int64")
    cols = ["documento_id", "archivo", "titulo", "titulo_en", "institucion", "fecha_publicacion", "fecha", "fecha_precision",
            "fecha_inferida", "fecha_nota", "idioma", "tipo", "url", "sha256", "cifras"]
    return d.sort_values(["fecha", "documento_id"])[cols]


def documento_texto(carpeta, documento_id):
    d = leer(carpeta, "documentos")
    return d[d["documento_id"] == documento_id][["documento_id", "archivo", "titulo", "texto"]]


def fuentes_catalogo(carpeta):
    f = leer(carpeta, "fuentes")
    return f.sort_values("fuente_id")[["fuente_id", "titulo", "titulo_en", "productor", "tabla", "compilador", "url", "periodo",
                                       "licencia", "fecha_acceso", "sha256", "cita_sugerida", "notas"]]


def fuente(carpeta, fuente_id):
    f = leer(carpeta, "fuentes")
    return f[f["fuente_id"] == fuente_id][["fuente_id", "titulo", "productor", "tabla", "compilador", "url", "periodo",
                                           "licencia", "fecha_acceso", "cita_sugerida"]]


def indicadores_catalogo(carpeta):
    i, c = leer(carpeta, "indicadores"), leer(carpeta, "cifras")
    i["cifras"] = i["indicador_id"].map(c.groupby("indicador_id").size()).fillna(0).astype("int64")
    return i.sort_values(["familia", "indicador_id"])


def paises_catalogo(carpeta):
    return leer(carpeta, "paises").sort_values("nombre_es")[["iso3", "nombre_es", "nombre_en", "tipo"]]


def eventos_rango_meses(carpeta):
    e = leer(carpeta, "eventos_nacionalidad")
    return pd.DataFrame({"desde": [e["mes"].min()], "hasta": [e["mes"].max()]})


def eventos_mensuales(carpeta, desde, hasta, paises):
    e = _entre_meses(leer(carpeta, "eventos_nacionalidad"), "mes", desde, hasta)
    if paises:
        e = e[e["iso3"].isin(paises)]
    g = e.groupby("mes").agg(eventos=("n", "sum"), fuente_id=("fuente_id", "first")).reset_index()
    return g.sort_values("mes")


def _con_paises(carpeta, t: pd.DataFrame) -> pd.DataFrame:
    p = leer(carpeta, "paises")[["iso3", "nombre_es", "nombre_en"]]
    return t.merge(p, on="iso3", how="left")


def eventos_por_nacionalidad(carpeta, desde, hasta, limite):
    e = _entre_meses(leer(carpeta, "eventos_nacionalidad"), "mes", desde, hasta)
    t = e.groupby("iso3").agg(eventos=("n", "sum"), fuente_id=("fuente_id", "first")).reset_index()
    t = _con_paises(carpeta, t).sort_values(["eventos", "iso3"], ascending=[False, True]).head(limite)
    return t[["iso3", "nombre_es", "nombre_en", "eventos", "fuente_id"]]


def eventos_sexo_edad(carpeta, desde, hasta, sexos, edades):
    e = _entre_meses(leer(carpeta, "eventos_sexo_edad"), "mes", desde, hasta)
    if sexos:
        e = e[e["sexo"].isin(sexos)]
    if edades:
        e = e[e["grupo_edad"].isin(edades)]
    g = e.groupby(["sexo", "grupo_edad"]).agg(eventos=("n", "sum"), fuente_id=("fuente_id", "first")).reset_index()
    return g.sort_values(["sexo", "grupo_edad"])


def _total_anio(df, anio, columna):
    sel = df[_fechas(df["mes"]).dt.year == anio]
    fuente_col = "archivo" if "archivo" in df.columns else "fuente_id"
    return pd.DataFrame({"anio": [anio], columna: [sel["n"].sum() if len(sel) else None], "meses": [sel["mes"].nunique()],
                         "fuente_id": [sel[fuente_col].iloc[0] if len(sel) else None]})


def eventos_total_anio(carpeta, anio):
    return _total_anio(leer(carpeta, "eventos_nacionalidad"), anio, "eventos")


def devoluciones_mensuales(carpeta, desde, hasta):
    d = _entre_meses(leer(carpeta, "devoluciones"), "mes", desde, hasta)
    g = d.groupby(["mes", "tipo"]).agg(devoluciones=("n", "sum"), fuente_id=("fuente_id", "first")).reset_index()
    return g.sort_values(["mes", "tipo"])


def _cbp_suroeste(carpeta):
    c = leer(carpeta, "cbp_encuentros")
    return c[c["region"] == "Southwest Land Border"]


def cbp_mensual(carpeta, desde, hasta):
    c = _entre_meses(_cbp_suroeste(carpeta), "mes", desde, hasta)
    g = c.groupby(["mes", "componente"]).agg(encuentros=("n", "sum"), fuente_id=("archivo", "first")).reset_index()
    return g.sort_values(["mes", "componente"])


def cbp_total_anio(carpeta, anio):
    return _total_anio(_cbp_suroeste(carpeta), anio, "encuentros")


def asilo_por_origen(carpeta, desde, hasta, limite):
    a = leer(carpeta, "asilo_solicitudes")
    a = a[(a["anio"] >= desde) & (a["anio"] <= hasta) & (a["unidad_solicitud"] == "personas")]
    t = a.groupby("iso3").agg(solicitudes=("n", "sum"), fuente_id=("fuente_id", "first")).reset_index()
    t = _con_paises(carpeta, t).sort_values(["solicitudes", "iso3"], ascending=[False, True]).head(limite)
    return t[["iso3", "nombre_es", "nombre_en", "solicitudes", "fuente_id"]]


def asilo_anual(carpeta):
    a = leer(carpeta, "asilo_solicitudes")
    a = a[a["unidad_solicitud"] == "personas"]
    return a.groupby("anio").agg(solicitudes=("n", "sum"), fuente_id=("fuente_id", "first")).reset_index().sort_values("anio")


def ultimos_meses(carpeta):
    partes = []
    for serie, tabla, fecha, fuente_col, filtro in (
        ("eventos_upmrip", "eventos_nacionalidad", "mes", "fuente_id", None),
        ("devoluciones_upmrip", "devoluciones", "mes", "fuente_id", None),
        ("encuentros_cbp", "cbp_encuentros", "mes", "archivo", "Southwest Land Border"),
        ("darien", "darien", "periodo_inicio", "fuente_id", None),
    ):
        df = leer(carpeta, tabla)
        ultimo = df[fecha].max()
        sel = df[df[fecha] == ultimo]
        if filtro:
            sel = sel[sel["region"] == filtro]
        if len(sel):
            partes.append({"serie": serie, "periodo": ultimo, "valor": sel["n"].sum(), "fuente_id": sel[fuente_col].iloc[0]})
    return pd.DataFrame(partes, columns=["serie", "periodo", "valor", "fuente_id"])


def remesas_trimestres(carpeta):
    r = leer(carpeta, "remesas")
    return pd.DataFrame({"trimestre": sorted(r["trimestre"].unique())})


def remesas_por_entidad(carpeta, trimestre):
    r = leer(carpeta, "remesas")
    r = r[_fechas(r["trimestre"]) == pd.Timestamp(trimestre)]
    return r.sort_values("cve_ent")[["cve_ent", "entidad", "trimestre", "usd", "fuente_id"]]


def remesas_completas(carpeta):
    r = leer(carpeta, "remesas")
    return r.sort_values(["trimestre", "cve_ent"])[["trimestre", "cve_ent", "entidad", "usd", "fuente_id"]]


def entidades_geometria(carpeta):
    return leer(carpeta, "entidades").sort_values("cve_ent")[["cve_ent", "entidad", "geometria", "fuente_id"]]


def _mmp(carpeta, desde, hasta, causas, cols):
    m = leer(carpeta, "mmp_incidentes")
    m = m[(m["anio"] >= desde) & (m["anio"] <= hasta)]
    if causas:
        m = m[m["causa"].isin(causas)]
    return m.sort_values(["fecha", "incidente"])[cols]


def mmp_incidentes(carpeta, desde, hasta, causas):
    return _mmp(carpeta, desde, hasta, causas, ["incidente", "fecha", "anio", "causa", "muertes", "sobrevivientes",
                                                "nacionalidades", "ubicacion", "lon", "lat", "fuente_id"])


def territorio_mmp(carpeta, desde, hasta, causas):
    return _mmp(carpeta, desde, hasta, causas, ["incidente", "fecha", "anio", "causa", "muertes", "sobrevivientes",
                                                "nacionalidades", "ubicacion", "lon", "lat", "en_mexico", "fuente_id"])


def territorio_mmp_opciones(carpeta):
    m = leer(carpeta, "mmp_incidentes")
    g = m.groupby("causa").agg(incidentes=("incidente", "size"), anio_min=("anio", "min"), anio_max=("anio", "max")).reset_index()
    return g.sort_values(["incidentes", "causa"], ascending=[False, True])


def darien_mensual(carpeta, desde, hasta):
    d = leer(carpeta, "darien")
    d = _entre_meses(d[d["periodicidad"] == "mensual"], "periodo_inicio", desde, hasta)
    g = d.groupby("periodo_inicio").agg(personas=("n", "sum"), fuente_id=("fuente_id", "first")).reset_index()
    return g.rename(columns={"periodo_inicio": "mes"}).sort_values("mes")


def eventos_nacionalidades(carpeta):
    e = leer(carpeta, "eventos_nacionalidad")
    t = _con_paises(carpeta, pd.DataFrame({"iso3": e["iso3"].unique()}))
    return t.sort_values(["nombre_es", "iso3"], na_position="last")[["iso3", "nombre_es", "nombre_en"]]


def eventos_categorias_sexo_edad(carpeta):
    e = leer(carpeta, "eventos_sexo_edad")
    return e[["sexo", "grupo_edad"]].drop_duplicates().sort_values(["sexo", "grupo_edad"])


_DIMS = {"mes": "mes", "periodo_inicio": "mes", "fecha": "mes", "iso3": "nacionalidad", "nacionalidades": "nacionalidad",
         "ciudadania": "nacionalidad", "sexo": "sexo", "grupo_edad": "edad", "demografia": "edad", "cve_ent": "entidad",
         "estado": "entidad"}


def desagregaciones_tablas(carpeta):
    filas = []
    for ruta in sorted(Path(carpeta).glob("*.parquet")):
        columnas = pq.read_schema(ruta).names
        if not ({"fuente_id", "archivo"} & set(columnas)) or ruta.stem in ("documentos", "entidades", "fuentes"):
            continue
        dims = {_DIMS[c] for c in columnas if c in _DIMS}
        fila = {"tabla": ruta.stem}
        for d in ("mes", "nacionalidad", "sexo", "edad", "entidad"):
            fila[d] = (d in dims) if dims else None
        filas.append(fila)
    return pd.DataFrame(filas).sort_values("tabla")


def desagregaciones_cifras(carpeta, familias):
    i, c = leer(carpeta, "indicadores"), leer(carpeta, "cifras")
    i = i[i["familia"].isin(familias)]
    m = i.merge(c[["indicador_id", "cifra_id", "periodo_inicio", "geografia"]], on="indicador_id", how="left")
    g = m.groupby(["familia", "indicador_id", "nombre_es", "nombre_en"]).agg(
        cifras=("cifra_id", "count"), mes=("periodo_inicio", "nunique"), entidad=("geografia", "nunique")).reset_index()
    g["mes"] = g["mes"] > 1
    g["entidad"] = g["entidad"] > 1
    g["nacionalidad"] = g["sexo"] = g["edad"] = False
    return g.sort_values(["familia", "indicador_id"])[
        ["familia", "indicador_id", "nombre_es", "nombre_en", "cifras", "mes", "nacionalidad", "sexo", "edad", "entidad"]]


def territorio_geometria(carpeta):
    return leer(carpeta, "entidades_simplificadas").sort_values("cve_ent")[
        ["cve_ent", "entidad", "geometria", "vertices_original", "vertices", "fuente_id"]]


def territorio_centros(carpeta):
    c, d = leer(carpeta, "centros"), leer(carpeta, "documentos")
    doc = d.rename(columns={"titulo": "documento_titulo", "institucion": "documento_institucion"})[
        ["documento_id", "documento_titulo", "documento_institucion", "archivo", "fecha_publicacion", "fecha_inferida"]]
    post = d.rename(columns={"documento_id": "documento_posterior", "titulo": "posterior_titulo", "institucion": "posterior_institucion",
                             "archivo": "posterior_archivo", "fecha_publicacion": "posterior_fecha"})[
        ["documento_posterior", "posterior_titulo", "posterior_institucion", "posterior_archivo", "posterior_fecha"]]
    m = c.merge(doc, on="documento_id").merge(post, on="documento_posterior", how="left")
    cols = ["centro_id", "nombre", "tipo", "municipio", "cve_ent", "entidad", "estado", "operador", "servicios", "financiamiento",
            "documento_id", "cita", "estado_posterior", "documento_posterior", "cita_posterior", "lon", "lat",
            "coordenadas_fuente", "fuente_id", "documento_titulo", "documento_institucion", "archivo", "fecha_publicacion",
            "fecha_inferida", "posterior_titulo", "posterior_institucion", "posterior_archivo", "posterior_fecha"]
    return m.sort_values(["cve_ent", "centro_id"])[cols]


CONSULTAS = {f.__name__: f for f in (
    cifras_titulares, cifras_por_familias, cifras_por_unidades, cifras_catalogo, documentos_catalogo, documento_texto,
    fuentes_catalogo, fuente, indicadores_catalogo, paises_catalogo, eventos_rango_meses, eventos_mensuales,
    eventos_por_nacionalidad, eventos_sexo_edad, eventos_total_anio, devoluciones_mensuales, cbp_mensual, cbp_total_anio,
    asilo_por_origen, asilo_anual, ultimos_meses, remesas_trimestres, remesas_por_entidad, remesas_completas, entidades_geometria,
    mmp_incidentes, territorio_mmp, territorio_mmp_opciones, darien_mensual, eventos_nacionalidades,
    eventos_categorias_sexo_edad, desagregaciones_tablas, desagregaciones_cifras, territorio_geometria, territorio_centros,
)}
