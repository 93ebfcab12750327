"""«Datos completos» de cada gráfica de cada página (y de cada pestaña): todos los renglones de la tabla detrás
de la gráfica, con sus columnas de fuente. Lo esperado se cuenta en los Parquet con pyarrow, sin SQL."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
from conftest import abrir, comprobar_fuente, desplegar, leer_csv

SECCIONES_ENCUENTROS = ["eventos", "sexo_edad", "devoluciones", "ruta", "cbp", "asilo"]
# Descargas completas que no van bajo una gráfica: la otra tabla de la CBP y las capas del mapa.
# (la tabla de centros del mapa ya es la tabla entera.)
SIN_GRAFICA = {"csv_cbp_estado_completos": "cbp_encuentros_estado", "csv_terr_remesas_completas": "remesas",
               "csv_terr_centros": "centros", "csv_terr_mmp_completos": "mmp_incidentes"}


def _vistas(parquet):
    series = pd.read_parquet(parquet / "proyecciones_series.parquet")["serie"].tolist()
    yield from (("encuentros", {"seccion": s}) for s in SECCIONES_ENCUENTROS)
    yield from (("proyecciones", {"seccion": s}) for s in series)
    for pagina in ("panorama", "refugio_empleo", "imss", "vacantes", "territorio"):
        yield pagina, {}


def _tablas_de_archivo(parquet) -> dict[str, set[str]]:
    """Archivo crudo → tablas publicadas que lo contienen (`fuentes_tablas`, que publica el ETL)."""
    ft = pd.read_parquet(parquet / "fuentes_tablas.parquet")
    return ft.groupby("fuente")["tabla"].agg(set).to_dict()


def test_cada_grafica_ofrece_todos_los_renglones_de_su_tabla(tablero, descargas):
    parquet = tablero
    renglones = {p.stem: pq.read_metadata(p).num_rows for p in parquet.glob("*.parquet")}
    tablas_de = _tablas_de_archivo(parquet)
    proyecciones = pd.read_parquet(parquet / "proyecciones.parquet")
    revisadas, fallos = set(), []
    for pagina, params in _vistas(parquet):
        at = abrir(pagina, **params)
        if pagina == "territorio":
            desplegar(at, "abrir_", exigir=False)
        assert not at.exception, (pagina, params)
        botones = {b["clave"]: b for b in descargas.botones(at)}
        graficas = [g.proto.id.rsplit("-", 1)[-1].removeprefix("graf_") for g in at.get("plotly_chart")]
        for clave in graficas:
            if clave != "territorio" and f"csv_{clave}_completos" not in botones:
                fallos.append(f"{pagina} {params}: la gráfica {clave} no ofrece datos completos")
        for clave, boton in botones.items():
            if not (clave.endswith(("_completos", "_completas")) or clave in SIN_GRAFICA):
                continue
            revisadas.add(clave)
            tabla = leer_csv(descargas.pulsar(boton))
            comprobar_fuente(tabla, clave)
            donde = f"{pagina} {params}, {clave}"
            if clave in SIN_GRAFICA:
                esperado = renglones[SIN_GRAFICA[clave]]
            elif clave.startswith("csv_proy_"):
                serie = clave.removeprefix("csv_proy_").removesuffix("_completos")
                esperado = int((proyecciones["serie"] == serie).sum())
            elif "cifra_id" in tabla:  # cifras de documentos: las de la gráfica, con todas sus columnas
                mostrados = leer_csv(descargas.pulsar(botones[clave.removesuffix("_completos")]))
                esperado = len(mostrados)
                if set(tabla["cifra_id"]) != set(mostrados["cifra_id"]) or "cita" not in tabla:
                    fallos.append(f"{donde}: no son las cifras de la gráfica con su cita")
            else:
                archivos = set(tabla["fuente_id"])
                candidatas = set.intersection(*(tablas_de.get(a, set()) for a in archivos)) if archivos else set()
                esperado = next((renglones[t] for t in candidatas if renglones[t] == len(tabla)), None)
                if esperado is None:
                    fallos.append(f"{donde}: {len(tabla)} renglones; sus tablas {sorted(candidatas)} tienen "
                                  f"{[renglones[t] for t in sorted(candidatas)]}")
                    continue
            if len(tabla) != esperado:
                fallos.append(f"{donde}: {len(tabla)} renglones, se esperaban {esperado}")
    assert not fallos, "\n".join(fallos)
    assert set(SIN_GRAFICA) <= revisadas, sorted(set(SIN_GRAFICA) - revisadas)
