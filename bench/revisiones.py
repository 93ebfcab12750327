"""Cuánto cuestan las revisiones: el ETL con 24 instantáneas mensuales de la CBP contra el de hoy, y la historia en
tiempo real (`etl.revisiones.historia`) sobre 24 instantáneas sintéticas de cada tabla mensual.

`python -m bench.revisiones` escribe `docs/revisiones_rendimiento.md`. Las 24 descargas de la CBP se arman del
archivo incluido: la instantánea k (fechada un mes después de la k−1) trae los meses hasta 24−k meses antes del
último y revisa sus últimos 12 meses (n × (1 − 0.002·(24−k))); la 24 es el archivo tal cual. Para las demás tablas
el ETL lee hoy un solo archivo de nombre fijo: su costo se mide aparte, con la función de la derivación, sobre
lecturas construidas de la tabla publicada del mismo modo.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench import medir
from etl import revisiones
from etl.construir import CRUDOS, construir
from etl.procedencia import ruta_ficha, sha256

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "revisiones_rendimiento.md"
COMPILADO = "cbp_encuentros_frontera_suroeste.csv"
N = 24
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


def correr() -> dict:
    informe: dict = {"carga_inicio": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="bench_revisiones_") as tmp:
        tmp = Path(tmp)
        # Caché de lecturas propio y vacío: «hoy» es el ETL sin lecturas guardadas (como antes de este caché); con 24
        # descargas se mide en frío (ninguna leída) y en caliente (todas leídas: cada mes sólo llega una nueva).
        os.environ["TABLERO_CACHE_LECTURAS"] = str(tmp / "cache_lecturas")
        print("ETL de hoy (datos incluidos)…", flush=True)
        informe["etl_hoy"], _, informe["proy_hoy"] = medir.medir_etl(CRUDOS, tmp / "hoy", 1)
        shutil.rmtree(tmp / "cache_lecturas", ignore_errors=True)
        crudos = crudos_con_instantaneas(tmp / "v24")
        print(f"ETL con {N} instantáneas de la CBP, en frío y en caliente…", flush=True)
        informe["etl_24_frio"], _, informe["proy_24_frio"] = medir.medir_etl(crudos, tmp / "v24_frio", 1)
        informe["etl_24"], destino, informe["proy_24"] = medir.medir_etl(crudos, tmp / "v24", 1)
        informe["filas_revisiones"] = len(pd.read_parquet(destino / "revisiones.parquet", columns=["nivel"]))
        informe["bytes_revisiones"] = (destino / "revisiones.parquet").stat().st_size
        publicadas = tmp / "tablas"
        construir(crudos=CRUDOS, destino=publicadas)
        derivaciones = []
        for tabla, clave, periodo, valor in MENSUALES:
            lect = lecturas_sinteticas(pd.read_parquet(publicadas / f"{tabla}.parquet"), clave, periodo, valor)
            t0 = time.perf_counter()
            r, _ = revisiones.historia(lect, clave, periodo, valor, tabla=tabla)
            derivaciones.append({"tabla": tabla, "lecturas": len(lect), "salida": len(r), "s": time.perf_counter() - t0})
            print(derivaciones[-1], flush=True)
        informe["derivaciones"] = derivaciones
        informe["max_rss_mb"] = _max_rss_mb()
    informe["carga_fin"] = os.getloadavg()
    return informe


def markdown(inf: dict) -> str:
    hoy, v24 = inf["etl_hoy"][0], inf["etl_24"][0]
    p_hoy, p_24 = (inf["proy_hoy"] or [float("nan")])[0], (inf["proy_24"] or [float("nan")])[0]
    frio, p_frio = inf["etl_24_frio"][0], (inf["proy_24_frio"] or [float("nan")])[0]
    filas = "\n".join(f"| `{d['tabla']}` | {d['lecturas']:,} | {d['salida']:,} | {d['s']:.2f} s |" for d in inf["derivaciones"])
    total = sum(d["s"] for d in inf["derivaciones"])
    return f"""# Revisiones: costo de 24 instantáneas

Generado por `python -m bench.revisiones` (una corrida; {dt.date.today().isoformat()}). Carga de la máquina (1 min)
al empezar {inf['carga_inicio'][0]:.1f} y al terminar {inf['carga_fin'][0]:.1f}: las cifras son de una máquina
compartida y sirven como cocientes medidos en la misma corrida, no como tiempos absolutos.

## ETL completo

`python -m etl` como subproceso (sin caché de proyecciones, como en `python -m bench`): con los datos
incluidos y, dos veces, con la descarga de la CBP reemplazada por {N} descargas mensuales que se revisan (la última es el
archivo incluido; ver el docstring de `bench/revisiones.py`).

| corrida | tiempo total | paso de proyecciones | sin el paso de proyecciones |
|---|---|---|---|
| hoy: datos incluidos (1 descarga de la CBP, sin lecturas guardadas) | {hoy:.1f} s | {p_hoy:.1f} s | {hoy - p_hoy:.1f} s |
| {N} descargas, en frío (ninguna leída antes) | {frio:.1f} s | {p_frio:.1f} s | {frio - p_frio:.1f} s |
| {N} descargas, en caliente (las {N} ya leídas: el caso de cada mes, más una lectura) | {v24:.1f} s | {p_24:.1f} s | {v24 - p_24:.1f} s |
| **cociente en caliente / hoy** | **{v24 / hoy:.2f}×** (objetivo ≤ 2×: {'sí' if v24 / hoy <= 2 else 'no'}) | | **{(v24 - p_24) / (hoy - p_hoy):.2f}×** |
| cociente en frío / hoy | {frio / hoy:.2f}× | | {(frio - p_frio) / (hoy - p_hoy):.2f}× |

Cada descarga es inmutable (su sha256 está en su ficha), así que su lectura validada se guarda una vez
(`etl/cache_lecturas.py`); en frío el costo es leer y validar {N} archivos de 36 mil renglones.

El paso de proyecciones ajusta los mismos modelos en las tres corridas (la serie de la CBP termina igual) y en una
máquina cargada varía de una corrida a otra más que todo lo demás: el cociente sin ese paso es el que mide lo que
agregan {N} archivos de la CBP y la derivación de sus revisiones.

La tabla `revisiones` con {N} instantáneas: {inf['filas_revisiones']:,} renglones, {inf['bytes_revisiones'] / 1e6:.1f} MB en Parquet.

## La derivación sola, {N} instantáneas de cada tabla mensual

Las demás tablas se leen hoy de un solo archivo de nombre fijo, así que el ETL no puede tener todavía 24
instantáneas de ellas; aquí se mide `etl.revisiones.historia` (DuckDB) sobre {N} lecturas construidas de cada
tabla publicada del mismo modo (cada una un mes más que la anterior, revisando sus últimos 12 meses).

| tabla | renglones leídos ({N} instantáneas) | renglones de historia | tiempo |
|---|---|---|---|
{filas}
| **total** | | | **{total:.2f} s** |

Memoria máxima del proceso del bench (incluye la construcción de referencia y pandas): {inf['max_rss_mb']:.0f} MB.
"""


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    inf = correr()
    SALIDA.write_text(markdown(inf), encoding="utf-8")
    print(f"escrito {SALIDA}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
