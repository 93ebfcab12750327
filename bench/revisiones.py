"""Cuánto cuestan las revisiones: el ETL con 24 instantáneas mensuales de cada fuente que se descarga (la CBP, el
Boletín de la UPMRIP, ACNUR, Banxico, el Darién, la OIM y la ENOE) contra el de hoy, y la historia en tiempo real
(`etl.revisiones.historia`) sobre 24 instantáneas sintéticas de cada tabla.

`python -m bench.revisiones` escribe `docs/revisiones_rendimiento.md`. Las 24 descargas de la CBP se arman del
archivo incluido: la instantánea k (fechada un mes después de la k−1) trae los meses hasta 24−k meses antes del
último y revisa sus últimos 12 meses (n × (1 − 0.002·(24−k))); la 24 es el archivo tal cual. Las 24 del Boletín se
arman del mismo modo con `tests/cuadros_upmrip.py` (ver `boletin_con_instantaneas`); las de ACNUR, Banxico, el
Darién, la OIM y la ENOE, en el diseño de cada publicador con los constructores de las pruebas (ver
`demas_con_instantaneas`). Hoy y 24 se miden en pares intercalados (la máquina es compartida) y se informa la mediana
de los cocientes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench import medir
from etl import revisiones
from etl.construir import CRUDOS
from etl.procedencia import ruta_ficha, sha256

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "revisiones_rendimiento.md"
COMPILADO = "cbp_encuentros_frontera_suroeste.csv"
N = 24
PARES = 3
# Tablas mensuales de un solo archivo: (tabla, columnas de la clave sin el periodo, periodo, valor).
MENSUALES = (
    ("eventos_nacionalidad", ["iso3"], "mes", "n"),
    ("eventos_sexo_edad", ["sexo", "grupo_edad"], "mes", "n"),
    ("devoluciones", ["iso3", "tipo"], "mes", "n"),
    ("cbp_encuentros", ["region", "componente", "area", "demografia", "autoridad", "tipo_encuentro", "ciudadania"], "mes", "n"),
)


def _mes_menos(mes: str, k: int) -> str:
    a, m = map(int, mes.split("-"))
    total = a * 12 + m - 1 - k
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def crudos_con_instantaneas(base: Path, n: int = N) -> Path:
    """Copia de datos/crudos donde la CBP tiene `n` descargas mensuales que se revisan (la última, la real)."""
    crudos = base / "crudos"
    shutil.copytree(CRUDOS, crudos)
    tablas = crudos / "tablas"
    original = pd.read_csv(tablas / COMPILADO, dtype=str, keep_default_na=False)
    ficha = json.loads(ruta_ficha(tablas / COMPILADO).read_text(encoding="utf-8"))
    acceso = dt.date.fromisoformat(ficha["fecha_acceso"])
    ultimo = max(original["t"])
    (tablas / COMPILADO).unlink()
    ruta_ficha(tablas / COMPILADO).unlink()
    for k in range(1, n + 1):
        atraso = n - k
        hasta = _mes_menos(ultimo, atraso)
        parte = original[original["t"] <= hasta].copy()
        recientes = parte["t"] > _mes_menos(hasta, 12)
        factor = 1 - 0.002 * atraso
        parte.loc[recientes, "n"] = (parte.loc[recientes, "n"].astype(int) * factor).round().astype(int).astype(str)
        nombre = f"cbp_instantanea_{k:02d}.csv"
        parte.to_csv(tablas / nombre, index=False)
        propia = dict(ficha, archivo=nombre, sha256=sha256(tablas / nombre),
                      fecha_acceso=(acceso - dt.timedelta(days=30 * atraso)).isoformat())
        ruta_ficha(tablas / nombre).write_text(json.dumps(propia, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return crudos


def _mes_de(total: int) -> tuple[int, int]:
    return total // 12, total % 12 + 1


def boletin_con_instantaneas(crudos: Path, n: int = N) -> int:
    """`n` descargas mensuales del Boletín de la UPMRIP en `crudos` (instantaneas/upmrip_boletin/<hora>/), armadas con
    `tests/cuadros_upmrip.py` desde los CSV compilados: la descarga k, fechada el día 7 del mes siguiente al de su
    último mes M_k (= el último del CSV menos n−k), trae como `descargar` el libro de su año (enero..M_k) y el del
    año anterior (completo) de los cuadros 3.1.1, 3.1.3 y 3.2.4, con los 12 meses hasta M_k revisados
    (n × (1 − 0.002·(n−k))); la última trae los valores de los CSV tal cual. Devuelve cuántos libros escribió."""
    from datetime import UTC, datetime

    from etl import instantaneas
    from etl.fuentes import registro
    from tests import cuadros_upmrip as cu

    mapa = cu.mapa_grafias()
    fuentes = {"3.1.1": cu.compilado(), "3.1.3": cu.compilado_313(), "3.2.4": cu.compilado_324()}
    ultimo = max(max(m for *_, m in d) + 12 * a for a, d in fuentes["3.1.1"].items())  # año·12 + mes
    fuente = registro()["upmrip_boletin"]
    libros = 0
    with tempfile.TemporaryDirectory(prefix="boletin_") as tmp:
        for k in range(1, n + 1):
            atraso = n - k
            total = ultimo - 1 - atraso  # meses desde el año 0, base 0
            anio, mes = _mes_de(total)
            factor = 1 - 0.002 * atraso
            descargados = []
            for a, hasta in ((anio - 1, 12), (anio, mes)):
                for cuadro, datos in fuentes.items():
                    del_anio = {c: v for c, v in datos.get(a, {}).items() if c[-1] <= hasta}
                    if not del_anio:
                        continue
                    del_anio = {c: (round(v * factor) if a * 12 + c[-1] - 1 > total - 12 else v) for c, v in del_anio.items()}
                    nombre = f"{a}_cuadro{cuadro}_.xlsx"
                    ruta = Path(tmp) / f"{k:02d}" / nombre
                    if cuadro == "3.1.1":
                        cu.escribir_3_1_1(ruta, a, del_anio, mapa)
                    elif cuadro == "3.1.3":
                        cu.escribir_3_1_3(ruta, a, del_anio)
                    else:
                        cu.escribir_3_2_4(ruta, a, del_anio, mapa)
                    descargados.append((nombre, ruta.read_bytes(), f"https://portales.segob.gob.mx/armado/{nombre}"))
            sig_anio, sig_mes = _mes_de(total + 1)
            ahora = datetime(sig_anio, sig_mes, 7, 10, tzinfo=UTC)
            instantaneas.guardar(crudos, fuente.id, instantaneas.armar(fuente, descargados, crudos, ahora))
            libros += len(descargados)
    return libros


# Las demás fuentes con descargas que el ETL aplica (`etl.construir.aplicar_instantaneas`), cada una en el diseño de su
# publicador y armada con los constructores de las pruebas (ver `demas_con_instantaneas`).
DEMAS = ("acnur", "banxico", "darien", "mmp", "inegi_enoe")
NOMBRES_DEMAS = {"acnur": "ACNUR (páginas de la API)", "banxico": "Banxico (cuadro CE100)", "darien": "Darién (PDF del SNM)",
                 "mmp": "OIM (CSV global)", "inegi_enoe": "ENOE (zips de microdatos)"}
RENGLONES_OIM = 20_000  # el CSV global de la OIM real ronda los 20,000 incidentes de todo el mundo


def _mas_meses(momento: dt.datetime, k: int) -> dt.datetime:
    total = momento.year * 12 + momento.month - 1 + k
    return momento.replace(year=total // 12, month=total % 12 + 1, day=min(momento.day, 28))


def _factor(k: int, n: int) -> float:
    return 1 - 0.002 * (n - k)


def _acnur(n: int) -> list[list[tuple[str, bytes, str]]]:
    """Páginas de la API (1,000 items cada una, como pide `descargar`) con todos los años: la k trae un año nuevo cada
    12 descargas (el del año anterior, copiado) y revisa los dos últimos años."""
    from etl.fuentes import acnur as fuente
    from tests.acnur_armado import items_acnur, respuesta_acnur

    verdad = items_acnur(set(range(1990, 2100)))
    ultimo = max(i["year"] for i in verdad)
    for anio in range(ultimo + 1, ultimo + 2 + (n - 1) // 12):
        verdad += [i | {"year": anio} for i in verdad if i["year"] == anio - 1]
    descargas = []
    for k in range(1, n + 1):
        hasta, f = ultimo + 1 + (k - 1) // 12, _factor(k, n)
        items = [i | ({"applied": round(i["applied"] * f)} if i["year"] > hasta - 2 else {}) for i in verdad if i["year"] <= hasta]
        paginas = max(1, -(-len(items) // fuente.POR_PAGINA))
        descargas.append([(f"solicitudes_asilo_pagina_{p:03d}.json",
                           respuesta_acnur(items[(p - 1) * fuente.POR_PAGINA:p * fuente.POR_PAGINA], p, paginas).content,
                           f"{fuente.API}?coa=MEX&coo_all=true&yearFrom={fuente.PRIMER_ANIO}&yearTo={hasta}"
                           f"&limit={fuente.POR_PAGINA}&page={p}") for p in range(1, paginas + 1)])
    return descargas


def _banxico(n: int) -> list[list[tuple[str, bytes, str]]]:
    """El cuadro CE100 entero (todos los trimestres desde 2003): la k trae un trimestre nuevo cada 3 descargas (el del
    mismo trimestre del año anterior, copiado) y revisa los cuatro últimos."""
    from urllib.parse import urlencode

    from etl.fuentes import banxico as fuente
    from tests.banxico_armado import filas_ce100, libro_xlsx, remesas_incluidas

    verdad = remesas_incluidas()
    trimestres = sorted(verdad["PERIODO"].unique())
    for _ in range(1 + (n - 1) // 3):
        a, m = int(trimestres[-1][:4]), int(trimestres[-1][5:7])
        nuevo = f"{a + (m == 10)}-{1 if m == 10 else m + 3:02d}-01"
        verdad = pd.concat([verdad, verdad[verdad["PERIODO"] == f"{int(nuevo[:4]) - 1}{nuevo[4:]}"].assign(PERIODO=nuevo)],
                           ignore_index=True)
        trimestres.append(nuevo)
    ultimo_incluido = len(trimestres) - 2 - (n - 1) // 3
    descargas = []
    for k in range(1, n + 1):
        hasta = trimestres[ultimo_incluido + 1 + (k - 1) // 3]
        datos = verdad[verdad["PERIODO"] <= hasta].copy()
        recientes = datos["PERIODO"].isin(trimestres[trimestres.index(hasta) - 3:trimestres.index(hasta) + 1])
        datos.loc[recientes, "VALOR_USD"] = (datos.loc[recientes, "VALOR_USD"] * _factor(k, n)).round().astype("int64")
        url = f"{fuente.CUADRO}?{urlencode(fuente.parametros(int(hasta[:4])))}"
        descargas.append([(f"{fuente.NOMBRE}.xlsx", libro_xlsx(filas_ce100(datos)), url)])
    return descargas


def _darien(n: int) -> list[list[tuple[str, bytes, str]]]:
    """El PDF acumulado del año del SNM: la k trae un mes más que la k−1 (el del mismo mes del año anterior, copiado; en
    enero, el PDF del año nuevo sólo con enero) y revisa todos sus meses."""
    from etl.fuentes import darien as fuente
    from tests import darien_armado as da

    verdad = da.incluidas()
    ultimo = max(verdad)
    meses = [ultimo]
    for _ in range(n):
        a, m = meses[-1]
        meses.append((a + (m == 12), 1 if m == 12 else m + 1))
        verdad[meses[-1]] = dict(verdad[(meses[-1][0] - 1, meses[-1][1])])
    nombres = {c: v for c, v in da.nombres_es().items() if c not in da.GRAFIAS}  # sin releer el catálogo por renglón
    descargas = []
    for k in range(1, n + 1):
        anio, mes = meses[k]
        f = _factor(k, n)
        codigos = sorted({c for m in range(1, mes + 1) for c in verdad.get((anio, m), {})})
        cifras = {c: [round(verdad.get((anio, m), {}).get(c, 0) * f) for m in range(1, mes + 1)] for c in codigos}
        armado = da.Armado(anio, mes, cifras, nombres=nombres)
        descargas.append([(armado.archivo(), armado.pdf(), fuente.URL.format(mes=da.NOMBRES_MES[mes - 1]))])
    return descargas


def _mmp(n: int) -> list[list[tuple[str, bytes, str]]]:
    """El CSV global de la OIM (unos `RENGLONES_OIM` renglones: los de México y, hasta completarlos, los de otros
    países del recorte real repetidos): la k trae un mes más que la k−1 (los incidentes del mismo mes del año anterior,
    con la fecha un año después) y revisa los de sus últimos 12 meses (total de muertos y desaparecidos × factor,
    al menos 1)."""
    from etl.fuentes import mmp as fuente
    from tests import oim_mmp

    incluidas = oim_mmp.incluidas()
    por_mes: dict[str, list[dict]] = {}
    for fila in incluidas:
        por_mes.setdefault(fila["t"][:7], []).append(fila)
    meses = sorted(por_mes)
    for _ in range(n):
        nuevo = _mes_menos(meses[-1], -1)
        por_mes[nuevo] = [f | {"t": f"{int(f['t'][:4]) + 1}{f['t'][4:8]}{min(int(f['t'][8:10]), 28):02d}", "m": nuevo}
                          for f in por_mes.get(_mes_menos(nuevo, 12), [])]
        meses.append(nuevo)
    nombres = oim_mmp.nombres_oim()
    otros = [r for r in oim_mmp.recorte() if r["Country of Incident"] != "Mexico"]
    ultimo_incluido = len(meses) - 1 - n
    descargas = []
    for k in range(1, n + 1):
        hasta, f = meses[ultimo_incluido + k], _factor(k, n)
        recientes = _mes_menos(hasta, 12)
        mexico = [oim_mmp.renglon_oim(fila | ({"dead": str(max(1, round(int(float(fila["dead"])) * f)))} if mes > recientes else {}),
                                      i, nombres)
                  for i, (mes, fila) in enumerate(((mes, fila) for mes in meses if mes <= hasta for fila in por_mes[mes]), start=1)]
        relleno = [otros[j % len(otros)] | {"Main ID": f"armado.otro.{j:05d}", "Incident ID": f"armado.otro.{j:05d}"}
                   for j in range(max(RENGLONES_OIM - len(mexico), 0))]
        descargas.append([(fuente.ARCHIVO, oim_mmp.csv_oim(relleno + mexico), fuente.URL)])
    return descargas


def _enoe(n: int) -> list[list[tuple[str, bytes, str]]]:
    """Zips de microdatos del tamaño de los de las pruebas (240 personas; uno real trae cientos de miles), como los pide
    `descargar`: el último trimestre ya descargado otra vez y los nuevos; uno nuevo cada 3 descargas (desde el
    siguiente al del CSV incluido). Cada descarga revisa los factores de expansión de sus zips (× factor)."""
    from etl.construir import CRUDOS as INCLUIDOS
    from etl.fuentes import inegi_enoe as fuente
    from tests.enoe_armado import renglones, zip_sdem_construido

    trimestres = [fuente.siguiente(fuente.ultimo_incluido(INCLUIDOS))]
    for _ in range((n - 1) // 3):
        trimestres.append(fuente.siguiente(trimestres[-1]))
    descargas = []
    for k in range(1, n + 1):
        i = (k - 1) // 3
        f = _factor(k, n)
        zips = []
        for j in ([i - 1, i] if k > 1 and (k - 1) % 3 == 0 else [i]):
            anio, t = trimestres[j]
            filas = [r | {"fac_tri": round(r["fac_tri"] * f)} for r in renglones(semilla=j)]
            url = fuente.direccion(anio, t)
            zips.append((url.rsplit("/", 1)[1], zip_sdem_construido(anio, t, filas), url))
        descargas.append(zips)
    return descargas


ARMADORES = {"acnur": _acnur, "banxico": _banxico, "darien": _darien, "mmp": _mmp, "inegi_enoe": _enoe}


def demas_con_instantaneas(crudos: Path, n: int = N) -> dict[str, dict]:
    """`n` instantáneas mensuales de cada fuente de `DEMAS` en `crudos/instantaneas/<fuente>/<hora>/`, con las fichas
    de `etl.instantaneas.armar`: la k, fechada un mes después de la k−1 (la primera, un mes después de la fecha de
    acceso más reciente de los archivos incluidos de esas fuentes), trae los periodos de la k−1 más uno nuevo cuando la
    cadencia lo permite (ACNUR anual, Banxico y la ENOE trimestrales, el Darién y la OIM mensuales) y revisa sus
    periodos recientes × (1 − 0.002·(n−k)); la última trae los valores sin revisar. Los periodos nuevos siguen al último
    incluido y se arman copiando el mismo periodo del año anterior: la fecha de la carpeta ordena las descargas, no es
    la de publicación de esos periodos. Devuelve, por fuente, cuántas carpetas y archivos escribió y sus bytes."""
    from etl import instantaneas
    from etl.fuentes import registro

    fuentes = registro()
    acceso = max(dt.date.fromisoformat(json.loads(ruta_ficha(CRUDOS / a).read_text(encoding="utf-8"))["fecha_acceso"])
                 for f in DEMAS for a in fuentes[f].archivos if a.startswith("tablas/"))
    inicio = dt.datetime(acceso.year, acceso.month, acceso.day, 10, tzinfo=dt.UTC)
    resumen = {}
    for nombre in DEMAS:
        archivos = bytes_ = 0
        for k, descargados in enumerate(ARMADORES[nombre](n), start=1):
            carpeta = instantaneas.armar(fuentes[nombre], descargados, crudos, _mas_meses(inicio, k))
            instantaneas.guardar(crudos, nombre, carpeta)
            archivos += len(descargados)
            bytes_ += sum(len(c) for _, c, _ in descargados)
        resumen[nombre] = {"instantaneas": n, "archivos": archivos, "bytes": bytes_}
    return resumen


def lecturas_sinteticas(tabla: pd.DataFrame, clave: list[str], periodo: str, valor: str, n: int = N) -> pd.DataFrame:
    """`n` lecturas de una tabla publicada, como las de la CBP de arriba (cada una un mes más, revisando 12)."""
    meses = sorted(tabla[periodo].unique())
    partes = []
    for k in range(1, n + 1):
        atraso = n - k
        hasta = meses[max(len(meses) - 1 - atraso, 0)]
        parte = tabla.loc[tabla[periodo] <= hasta, clave + [periodo, valor]].copy()
        recientes = parte[periodo] > meses[max(meses.index(hasta) - 12, 0)]
        parte.loc[recientes, valor] = (parte.loc[recientes, valor] * (1 - 0.002 * atraso)).round()
        partes.append(parte.assign(archivo=f"v{k:02d}", fecha_acceso=dt.date(2024, 1, 1) + dt.timedelta(days=30 * k)))
    return pd.concat(partes, ignore_index=True)


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mediana(valores: list[float]) -> float:
    return float(statistics.median(valores)) if valores else float("nan")


def correr(pares: int = PARES) -> dict:
    informe: dict = {"carga_inicio": os.getloadavg(), "pares": []}
    with tempfile.TemporaryDirectory(prefix="bench_revisiones_") as tmp:
        tmp = Path(tmp)
        # Caché de lecturas propio y vacío: con 24 descargas de cada fuente se mide en frío (ninguna leída) y después en
        # caliente (todas leídas: cada mes sólo llega una nueva). «Hoy» también en caliente (su única descarga de la
        # CBP ya leída, como en cada corrida de hoy): el cociente es el de lo que agregan las instantáneas.
        os.environ["TABLERO_CACHE_LECTURAS"] = str(tmp / "cache_lecturas")
        crudos = crudos_con_instantaneas(tmp / "v24")
        informe["libros_boletin"] = boletin_con_instantaneas(crudos)
        informe["demas"] = demas_con_instantaneas(crudos)
        print(f"ETL con {N} instantáneas de la CBP, {N} descargas del Boletín ({informe['libros_boletin']} libros) y "
              f"{N} de cada una de {', '.join(DEMAS)}, en frío…", flush=True)
        informe["etl_24_frio"], _, informe["proy_24_frio"] = medir.medir_etl(crudos, tmp / "v24_frio", 1)
        _leer_hoy()
        destino = hoy = None
        for r in range(pares):  # intercalados y en orden alterno: la carga de la máquina cambia de un minuto a otro
            par = {"carga": os.getloadavg()[0]}
            for caso in (("hoy", "24") if r % 2 == 0 else ("24", "hoy")):
                print(f"par {r + 1}: {caso}…", flush=True)
                t, d, p = medir.medir_etl(CRUDOS if caso == "hoy" else crudos, tmp / f"{caso}_{r}", 1)
                par[caso], par[f"proy_{caso}"] = t[0], (p or [float("nan")])[0]
                if caso == "24":
                    destino = d
                else:
                    hoy = d
            informe["pares"].append(par)
            print(par, flush=True)
        informe["filas_revisiones"] = len(pd.read_parquet(destino / "revisiones.parquet", columns=["nivel"]))
        informe["filas_revisiones_tabla"] = (pd.read_parquet(destino / "revisiones.parquet", columns=["tabla"])["tabla"]
                                             .value_counts().sort_index().to_dict())
        informe["bytes_revisiones"] = (destino / "revisiones.parquet").stat().st_size
        derivaciones = []
        for tabla, clave, periodo, valor in MENSUALES:
            lect = lecturas_sinteticas(pd.read_parquet(hoy / f"{tabla}.parquet"), clave, periodo, valor)
            t0 = time.perf_counter()
            r, _ = revisiones.historia(lect, clave, periodo, valor, tabla=tabla)
            derivaciones.append({"tabla": tabla, "lecturas": len(lect), "salida": len(r), "s": time.perf_counter() - t0})
            print(derivaciones[-1], flush=True)
        informe["derivaciones"] = derivaciones
        print("perfil por fases, en este proceso…", flush=True)
        informe["perfil"] = {"hoy": perfil(CRUDOS, tmp / "perfil_hoy"), "24": perfil(crudos, tmp / "perfil_24")}
        print(informe["perfil"], flush=True)
        informe["max_rss_mb"] = _max_rss_mb()
    informe["carga_fin"] = os.getloadavg()
    return informe


FASES = (
    ("lectura de la CBP (caché de lecturas)", "etl.fuentes.cbp", "lecturas"),
    ("Boletín: lectura de la caché y sustitución", "etl.fuentes.upmrip.lector", "boletin"),
    ("concatenación de la CBP (`combinar_cbp`)", "etl.fuentes.cbp.lector", "combinar_cbp"),
    ("ACNUR: lectura de sus instantáneas (`leer_instantanea`)", "etl.fuentes.acnur", "leer_instantanea"),
    ("Banxico: lectura de sus instantáneas", "etl.fuentes.banxico", "leer_instantanea"),
    ("Darién: lectura de sus instantáneas", "etl.fuentes.darien", "leer_instantanea"),
    ("OIM: lectura de sus instantáneas", "etl.fuentes.mmp", "leer_instantanea"),
    ("ENOE: lectura de sus instantáneas", "etl.fuentes.inegi_enoe", "leer_instantanea"),
    ("sustitución de periodos (`combinar_periodos`)", "etl.instantaneas", "combinar_periodos"),
    ("historia del Boletín en DuckDB (`revisiones.boletin`, en otro hilo desde que se leyó)", "etl.revisiones", "boletin"),
    ("historia de la CBP en DuckDB (`revisiones.cbp`, en el mismo hilo, desde que se leyó)", "etl.revisiones", "cbp"),
    ("historia de las demás fuentes (`revisiones.otras`, en el hilo principal mientras el otro termina)", "etl.revisiones", "otras"),
    ("validación y Arrow (`a_arrow`, todas las tablas)", "etl.construir", "a_arrow"),
    ("publicación (`publicar`: Parquet y enlace)", "etl.construir", "publicar"),
    ("paso de proyecciones (con caché)", "etl.proyecciones", "proyecciones"),
)


def perfil(crudos: Path, destino: Path) -> dict[str, float]:
    """Segundos de cada fase de `etl.construir.construir` en este proceso (las funciones de `FASES` envueltas con un
    reloj), más el total; con el caché de proyecciones de `destino` para que ese paso no domine."""
    import dataclasses
    import importlib

    from etl import construir as c
    from etl import fuentes as registro_fuentes

    tiempos: dict[str, float] = {nombre: 0.0 for nombre, _, _ in FASES}
    originales = []
    for nombre, modulo, funcion in FASES:
        m = importlib.import_module(modulo)
        original = getattr(m, funcion, None)
        if original is None:  # la fase ya no existe con ese nombre: queda en «lo demás»
            continue

        def envuelta(*a, _f=original, _n=nombre, **k):
            t0 = time.perf_counter()
            try:
                return _f(*a, **k)
            finally:
                tiempos[_n] += time.perf_counter() - t0

        originales.append((m, funcion, original))
        setattr(m, funcion, envuelta)
    # El registro de fuentes guarda la función `leer_instantanea` de cada módulo al armarse (y se arma una vez): sus
    # entradas se cambian por las envueltas mientras dura la medida.
    registro = registro_fuentes.registro()
    anterior = dict(registro)
    for id_, fuente in anterior.items():
        if fuente.leer_instantanea is not None:
            registro[id_] = dataclasses.replace(fuente, leer_instantanea=importlib.import_module(fuente.modulo).leer_instantanea)
    try:
        os.environ["TABLERO_CACHE_PROYECCIONES"] = str(destino.parent / "cache_proyecciones")
        c.construir(crudos=crudos, destino=destino / "calentar")  # proyecciones y lecturas guardadas
        for k in tiempos:
            tiempos[k] = 0.0
        t0 = time.perf_counter()
        c.construir(crudos=crudos, destino=destino / "medida")
        tiempos["total"] = time.perf_counter() - t0
    finally:
        for m, funcion, original in originales:
            setattr(m, funcion, original)
        registro.clear()
        registro.update(anterior)
        os.environ.pop("TABLERO_CACHE_PROYECCIONES", None)
    return tiempos


def _leer_hoy() -> None:
    """Deja guardada la lectura de la única descarga de la CBP incluida (como tras cualquier corrida de hoy)."""
    from etl.construir import _paises, contexto_lectura
    from etl.fuentes import cbp as fuente_cbp

    paises, _ = _paises(CRUDOS)
    fuente_cbp.lecturas(CRUDOS, contexto_lectura(CRUDOS, set(paises["iso3"])))


def cocientes(inf: dict) -> dict:
    """Por par: total y sin el paso de proyecciones, 24 / hoy; y sus medianas."""
    total = [p["24"] / p["hoy"] for p in inf["pares"]]
    sin = [(p["24"] - p["proy_24"]) / (p["hoy"] - p["proy_hoy"]) for p in inf["pares"]]
    return {"total": total, "sin": sin, "mediana_total": _mediana(total), "mediana_sin": _mediana(sin)}


def markdown(inf: dict) -> str:
    c = cocientes(inf)
    frio, p_frio = inf["etl_24_frio"][0], (inf["proy_24_frio"] or [float("nan")])[0]
    hoy_med = _mediana([p["hoy"] for p in inf["pares"]])
    hoy_sin = _mediana([p["hoy"] - p["proy_hoy"] for p in inf["pares"]])
    filas_pares = "\n".join(
        f"| {i + 1} | {p['carga']:.1f} | {p['hoy']:.1f} s ({p['hoy'] - p['proy_hoy']:.1f} s) | "
        f"{p['24']:.1f} s ({p['24'] - p['proy_24']:.1f} s) | {t:.2f}× | {s_:.2f}× |"
        for i, (p, t, s_) in enumerate(zip(inf["pares"], c["total"], c["sin"])))
    filas = "\n".join(f"| `{d['tabla']}` | {d['lecturas']:,} | {d['salida']:,} | {d['s']:.2f} s |" for d in inf["derivaciones"])
    total = sum(d["s"] for d in inf["derivaciones"])
    pf = inf["perfil"]
    resto = {k: pf[k]["total"] - sum(v for n, v in pf[k].items() if n != "total") for k in pf}
    filas_perfil = "\n".join(
        [f"| {n} | {pf['hoy'][n]:.2f} s | {pf['24'][n]:.2f} s | {pf['24'][n] - pf['hoy'][n]:+.2f} s |" for n, _, _ in FASES]
        + [f"| lo demás (lectores de lo incluido, metadatos, …) | {resto['hoy']:.2f} s | {resto['24']:.2f} s | "
           f"{resto['24'] - resto['hoy']:+.2f} s |",
           f"| **total** | {pf['hoy']['total']:.2f} s | {pf['24']['total']:.2f} s | {pf['24']['total'] / pf['hoy']['total']:.2f}× |"])
    por_tabla = ", ".join(f"`{t}` {n:,}" for t, n in inf["filas_revisiones_tabla"].items())
    demas = inf.get("demas") or {}
    lista_demas = "".join(f"\n  - {NOMBRES_DEMAS[f]}: {d['instantaneas']} instantáneas, {d['archivos']} archivos, "
                          f"{d['bytes'] / 1e6:.1f} MB;" for f, d in demas.items())
    texto_demas = (f", y {N} instantáneas mensuales de cada una de las demás fuentes que se descargan, en el diseño de "
                   f"su publicador (`demas_con_instantaneas`; el CSV de la OIM con {RENGLONES_OIM:,} renglones, como el "
                   f"real; los zips de la ENOE del tamaño de los de las pruebas, 240 personas, cuando uno real trae "
                   f"cientos de miles):{lista_demas}\n\n  " if demas else
                   " (sin instantáneas de las demás fuentes: esta corrida es anterior a que el banco las armara)")
    lecturas_demas = {k: sum(v for n, v in pf[k].items() if "lectura de sus instantáneas" in n) for k in pf}
    hilo = {k: sum(v for n, v in pf[k].items() if n.startswith("historia")) for k in pf}
    return f"""# Revisiones: costo de 24 instantáneas

Generado por `python -m bench.revisiones` ({len(inf['pares'])} pares intercalados; {dt.date.today().isoformat()}).
Carga de la máquina (1 min) al empezar {inf['carga_inicio'][0]:.1f} y al terminar {inf['carga_fin'][0]:.1f}, en una
máquina de 2 núcleos compartida: los tiempos absolutos no sirven; lo que se informa son cocientes de corridas
vecinas (cada par, una corrida de hoy y una con 24 instantáneas, una tras otra y en orden alterno) y su mediana.

## ETL completo

`python -m etl` como subproceso (sin caché de proyecciones, como en `python -m bench`):

- **hoy**: los datos incluidos (una descarga de la CBP, ningún libro del Boletín descargado, ninguna descarga de las
  demás fuentes), con su lectura ya guardada en la caché de lecturas (como en cada corrida de hoy);
- **24**: la descarga de la CBP reemplazada por {N} descargas mensuales que se revisan (la última es el archivo
  incluido) y {N} descargas mensuales del Boletín de la UPMRIP, cada una con el libro de su año y el del anterior de
  los cuadros 3.1.1, 3.1.3 y 3.2.4 ({inf['libros_boletin']} libros armados con `tests/cuadros_upmrip.py` desde los CSV
  incluidos; ver el docstring de `bench/revisiones.py`){texto_demas}en caliente: las {N} de cada fuente ya leídas, el
  caso de cada mes más una lectura.

| par | carga al empezar | hoy: total (sin proyecciones) | 24: total (sin proyecciones) | cociente total | cociente sin proyecciones |
|---|---|---|---|---|---|
{filas_pares}
| **mediana** | | {hoy_med:.1f} s ({hoy_sin:.1f} s) | | **{c['mediana_total']:.2f}×** | **{c['mediana_sin']:.2f}×** (objetivo ≤ 2×: {'sí' if c['mediana_sin'] <= 2 else 'no'}) |

Los cocientes sin el paso de proyecciones de cada par van de {min(c['sin']):.2f}× a {max(c['sin']):.2f}× ({sum(x > 2 for x in c['sin'])} de
{len(c['sin'])} pares por encima de 2×): {_veredicto(c['sin'], c['mediana_sin'])}

En frío (ninguna de las 24 descargas de cada fuente leída antes), una corrida: {frio:.1f} s en total, {frio - p_frio:.1f} s
sin el paso de proyecciones ({(frio - p_frio) / hoy_sin:.2f}× la mediana de hoy sin ese paso).

El paso de proyecciones ajusta los mismos modelos en los dos casos (las series terminan igual) y en una máquina
cargada varía de una corrida a otra más que todo lo demás: el cociente sin ese paso es el que mide lo que agregan las
instantáneas y la derivación de sus revisiones.

## Dónde se va el tiempo en caliente

`etl.construir.construir` en el proceso del bench (no como subproceso: sin el arranque de Python), hoy y con las 24
instantáneas de cada fuente, ya leídas, una corrida de cada uno; cada fase es una función envuelta con un reloj
(`bench.revisiones.FASES`), con el caché de proyecciones para que ese paso no domine.

| fase | hoy | 24 | diferencia |
|---|---|---|---|
{filas_perfil}

Antes de estos cambios, un perfil con cProfile de la misma construcción en caliente (24 instantáneas de la CBP y 24
descargas del Boletín, máquina con carga 7 a 12, `python -m etl` en el mismo proceso) daba 71 s contra 21 s de hoy:
la historia en DuckDB 24 s (copiaba a DuckDB los textos de cada renglón leído, 11 s, y cruzaba cada serie con cada
instantánea que la cubre), la comprobación de empates de la CBP 3 s (recorría en Python los renglones de las 24
lecturas), `combinar_cbp` 5 s (concatenaba las 24 lecturas enteras), la lectura de los 144 libros del Boletín 55 s en
frío en cada corrida (calamine y conversión; sin caché) y `a_arrow` 6 s. Ahora:

- la comprobación de empates sólo mira las fechas de consulta repetidas;
- cada lectura entra a DuckDB una vez y sólo con las huellas de su serie y su cobertura (`etl.revisiones._cargar`);
  las de una lectura que salió de la caché de lecturas se guardan junto a ella y no se recalculan;
- los cambios salen de cada renglón leído y sus vecinos (ventanas `lag`/`lead`), no de serie × instantánea, y la
  comprobación de repetidos va en la misma ventana;
- la historia corre en otro hilo (DuckDB suelta el GIL) mientras `leer_todo` combina la CBP y arma fuentes y
  etiquetas; se espera antes del paso de proyecciones, así que no se descuenta con él;
- `combinar_cbp` elige primero el archivo ganador de cada (nivel, mes, región) y concatena sólo esos renglones;
- la lectura convertida de cada libro del Boletín (con el título, número y año de su cuadro) se guarda en la caché
  de lecturas (`etl/cache_lecturas.py`, leída con `ParquetFile`);
- también la de cada página de ACNUR, cuadro CE100 de Banxico, PDF del Darién y CSV global de la OIM descargados
  (la suma de cada zip de la ENOE ya se guardaba): sin eso, leer las 24 descargas de cada una costaba en cada
  construcción unos 19 s (medido aparte, `leer_instantanea` de cada carpeta con carga 1.5 a 2: Banxico 5.5 s, el
  Darién 5.2 s, la OIM 7.7 s, ACNUR 0.8 s), más de cuatro veces el ETL de hoy entero; ahora,
  {lecturas_demas['24']:.2f} s (sus cinco filas en la tabla de arriba);
- cada archivo crudo se hashea una vez por construcción (`etl.procedencia.huellas_recordadas`);
- `a_arrow` convierte cada columna a Arrow de un golpe (`pa.Array.from_pandas`), no valor por valor.

Lo que queda en caliente es sobre todo la historia, leer de la caché las 24 lecturas de la CBP (Parquet a pandas:
decodificar unos 400 mil textos por archivo) y los libros del Boletín, y validar y escribir una tabla `revisiones` más
grande. La historia del Boletín y la de la CBP corren en un hilo aparte desde que el paso de cada una deja sus
lecturas (mientras se leen las demás fuentes), y la de las demás (`revisiones.otras`) en el hilo principal cuando
terminan de aplicarse sus instantáneas, mientras el otro termina: entre las tres, {hilo['24']:.2f} s
con las 24 de cada fuente contra {hilo['hoy']:.2f} s hoy, y `leer_todo` la espera al final, así que es el camino más
largo de la construcción. En este proceso (sin el arranque del intérprete ni las importaciones, que pesan igual en los
dos casos del subproceso) el cociente es el de la última fila de la tabla.

La tabla `revisiones` con las 24 instantáneas de cada fuente: {inf['filas_revisiones']:,} renglones ({por_tabla}),
{inf['bytes_revisiones'] / 1e6:.1f} MB en Parquet.

## La derivación sola, 24 instantáneas construidas de cada tabla mensual

`etl.revisiones.historia` (DuckDB) sobre {N} lecturas construidas de cada tabla publicada (cada una un mes más que la
anterior, revisando sus últimos 12 meses), sin el resto del ETL.

| tabla | renglones leídos ({N} instantáneas) | renglones de historia | tiempo |
|---|---|---|---|
{filas}
| **total** | | | **{total:.2f} s** |

Memoria máxima del proceso del bench (incluye las dos construcciones del perfil por fases; los ETL de los pares corren
aparte): {inf['max_rss_mb']:.0f} MB.
"""


def _veredicto(cocientes: list[float], mediana: float) -> str:
    """Lo que dicen los cocientes del objetivo ≤ 2×, sin redondear a favor."""
    if mediana > 2:
        return f"la mediana no cumple el objetivo (lo pasa por {100 * (mediana / 2 - 1):.0f} %)."
    if max(cocientes) > 2:
        return "la mediana cumple el objetivo, pero no con holgura en cada par."
    return "todos los pares cumplen el objetivo."


def linea_rendimiento(ruta: Path = SALIDA) -> str:
    """La línea de `docs/rendimiento.md` (sección ETL) con las medianas de `docs/revisiones_rendimiento.md`."""
    texto = ruta.read_text(encoding="utf-8") if ruta.is_file() else ""
    m = re.search(r"\| \*\*mediana\*\* \|[^\n]*\*\*([\d.]+)×\*\* \| \*\*([\d.]+)×\*\*", texto)
    cifras = (f": mediana de los cocientes en caliente contra hoy {m.group(2)}× sin el paso de proyecciones (objetivo ≤ 2×) "
              f"y {m.group(1)}× en total") if m else ""
    fuentes = ("de la CBP, 24 del Boletín de la UPMRIP y 24 de cada una de ACNUR, Banxico, el Darién, la OIM y la ENOE"
               if "demas_con_instantaneas" in texto else "de la CBP y 24 del Boletín de la UPMRIP")
    return (f"Con 24 instantáneas mensuales {fuentes} (`python -m bench.revisiones`, "
            f"`docs/revisiones_rendimiento.md`){cifras}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pares", type=int, default=PARES, help="pares hoy / 24 intercalados (se informa la mediana)")
    parser.add_argument("--desde", type=Path, help="sólo reescribir el informe desde el JSON de una corrida anterior")
    args = parser.parse_args(argv)
    if args.desde:
        inf = json.loads(args.desde.read_text(encoding="utf-8"))
    else:
        inf = correr(args.pares)
        crudo = Path(tempfile.gettempdir()) / "bench_revisiones.json"
        crudo.write_text(json.dumps(inf, ensure_ascii=False, default=str), encoding="utf-8")
        print(f"cifras en {crudo} (`--desde` reescribe el informe)")
    SALIDA.write_text(markdown(inf), encoding="utf-8")
    print(f"escrito {SALIDA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
