"""`python -m bench`: cómo escala el tablero frente al pandas que escribiría una usuaria.

Genera tablas de eventos sintéticas (1 M y 10 M de renglones por omisión), corre cada consulta con nombre
que usan las páginas en DuckDB (fría y caliente) y en pandas con los mismos parámetros, comprueba que dan
lo mismo, mide el render caliente de cada página con AppTest y el ETL de los datos incluidos, y escribe
docs/rendimiento.md. Nada de esto corre en las pruebas (sólo en tamaño diminuto, sin medir nada).

    python -m bench                        # 1 M y 10 M (unos minutos en 2 núcleos)
    python -m bench --rapido               # 1 M, menos repeticiones
    python -m bench --filas 200000 --salida /tmp/r.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import medir, sintetico
from bench import revisiones as revisiones_bench

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "rendimiento.md"

OBJ_CONSULTA_MS = 50.0
OBJ_VECES = 20.0
OBJ_RENDER_MS = 300.0
OBJ_ETL_S = 15.0  # con el paso de proyecciones (etl/proyecciones.py)
OBJ_MAPA_BYTES = 1_000_000
SIN_PANDAS = "sin versión pandas"
REPS_COMPLETAS = 2  # tope de repeticiones (frío, caliente, pandas) de las descargas completas: segundos cada una
# Las descargas completas de una tabla escalada devuelven la tabla entera: con 10 M renglones, DuckDB, pandas y la
# comparación juntos pasan de los 24 GiB de la máquina (el proceso muere por falta de memoria). Se miden hasta aquí.
TOPE_FILAS_COMPLETAS = 1_000_000


@dataclass
class Config:
    filas: list[int]
    frios: int = 5
    calientes: int = 30
    pandas: int = 5
    paginas: int = 10
    etl: int = 3
    medir_paginas: bool = True
    medir_etl: bool = True
    trabajo: Path | None = None
    orden: str = "python -m bench"


@dataclass
class FilaConsulta:
    nombre: str
    escalada: bool
    duck: dict[str, medir.Medicion] = field(default_factory=dict)  # por disposición
    pandas: medir.Medicion | None = None
    iguales: dict[str, str | None] = field(default_factory=dict)  # disposición → None o la diferencia


@dataclass
class Informe:
    config: Config
    inicio: dt.datetime
    duracion: float = 0.0
    filas_tablas: dict[str, dict[str, int]] = field(default_factory=dict)  # "1M directo" → tabla → renglones
    consultas: dict[str, list[FilaConsulta]] = field(default_factory=dict)  # tamaño → filas
    paginas: dict[str, list[medir.Render]] = field(default_factory=dict)  # qué datos → renders
    etl: list[float] = field(default_factory=list)
    etl_proyecciones: list[float] = field(default_factory=list)  # el paso de proyecciones dentro de cada corrida
    generacion: dict[str, float] = field(default_factory=dict)
    carga: list[tuple[float, float, float]] = field(default_factory=list)  # os.getloadavg() al empezar y al terminar


def _medir_consultas(carpetas: dict[str, Path], base_pandas: Path, cfg: Config, nombres: list[str],
                     frios: int, calientes: int, reps_pandas: int, renglones: int = 0) -> list[FilaConsulta]:
    filas = []
    abiertos = {disp: medir.Catalogo(carpeta) for disp, carpeta in carpetas.items()}  # uno por carpeta, caliente
    for nombre in nombres:
        if renglones > TOPE_FILAS_COMPLETAS and medir.completa(nombre) and medir.escalada(nombre):
            continue
        fila = FilaConsulta(nombre, medir.escalada(nombre))
        params = medir.parametros(base_pandas, nombre)
        tope = REPS_COMPLETAS if medir.completa(nombre) else max(frios, calientes, reps_pandas)
        esperado = None
        if nombre in medir.pandas_base.CONSULTAS:
            fila.pandas, esperado = medir.medir_pandas(base_pandas, nombre, params, min(reps_pandas, tope))
        for disp, carpeta in carpetas.items():
            m, resultado = medir.medir_duckdb(carpeta, nombre, params, min(frios, tope), min(calientes, tope),
                                              abiertos[disp])
            fila.duck[disp] = m
            referencia = esperado
            if esperado is not None and Path(carpeta) != Path(base_pandas) and medir.misma_carpeta(nombre):
                # Las consultas de catálogo, la matriz de brechas y las descargas completas se comparan con pandas
                # sobre la misma carpeta (en `marts` las tablas escaladas están agregadas); las demás de eventos, con
                # los registros.
                referencia = medir.pandas_base.CONSULTAS[nombre](carpeta, **params).reset_index(drop=True)
            fila.iguales[disp] = (SIN_PANDAS if referencia is None
                                  else medir.diferencia(resultado, referencia, medir.en_orden(nombre, disp)))
        filas.append(fila)
        print(f"  {nombre:32s} " + "  ".join(f"{d}: {fila.duck[d].p('caliente', 50) * 1e3:7.1f} ms" for d in carpetas)
              + (f"  pandas: {fila.pandas.p('caliente', 50) * 1e3:8.1f} ms" if fila.pandas else ""), flush=True)
    for cat in abiertos.values():
        cat._con.close()
    return filas


def _etiqueta(filas: int) -> str:
    return f"{filas // 1_000_000} M" if filas % 1_000_000 == 0 else f"{filas:,}".replace(",", " ")


def correr(cfg: Config) -> Informe:
    inf = Informe(cfg, dt.datetime.now(), carga=[_carga()])
    t_inicio = time.perf_counter()
    trabajo = Path(cfg.trabajo or tempfile.mkdtemp(prefix="tablero-bench-"))
    trabajo.mkdir(parents=True, exist_ok=True)
    crudos = RAIZ / "datos" / "crudos"
    nombres = medir.consultas_de_paginas()
    try:
        # Los datos incluidos, construidos aquí mismo por el ETL (sin tocar datos/parquet): tiempo del ETL.
        print("ETL de los datos incluidos…", flush=True)
        inf.etl, real, inf.etl_proyecciones = medir.medir_etl(crudos, trabajo / "etl", max(1, cfg.etl) if cfg.medir_etl else 1)
        if not cfg.medir_etl:
            inf.etl, inf.etl_proyecciones = [], []
        real = real.resolve()
        inf.filas_tablas["incluidos"] = sintetico.filas_por_tabla(real)
        print("Consultas sobre los datos incluidos…", flush=True)
        inf.consultas["incluidos"] = _medir_consultas({"incluidos": real}, real, cfg, nombres, cfg.frios, cfg.calientes, cfg.pandas)
        if cfg.medir_paginas:
            print("Páginas (AppTest) con los datos incluidos…", flush=True)
            inf.paginas["incluidos"] = medir.medir_paginas(real, crudos, cfg.paginas)
        for n in cfg.filas:
            etiqueta = _etiqueta(n)
            print(f"Generando {etiqueta} renglones…", flush=True)
            t0 = time.perf_counter()
            carpetas = sintetico.generar(real, trabajo / f"sintetico_{n}", n)
            inf.generacion[etiqueta] = time.perf_counter() - t0
            for disp, carpeta in carpetas.items():
                inf.filas_tablas[f"{etiqueta} {disp}"] = sintetico.filas_por_tabla(carpeta)
            print(f"Consultas con {etiqueta} renglones…", flush=True)
            reps_pandas = cfg.pandas if n < 5_000_000 else max(2, cfg.pandas - 2)
            inf.consultas[etiqueta] = _medir_consultas(carpetas, carpetas["directo"], cfg, nombres,
                                                      cfg.frios, cfg.calientes, reps_pandas, renglones=n)
            if cfg.medir_paginas and n == max(cfg.filas):
                print(f"Páginas (AppTest) con {etiqueta} (marts)…", flush=True)
                inf.paginas[f"{etiqueta} marts"] = medir.medir_paginas(carpetas["marts"], crudos, max(3, cfg.paginas // 2))
            shutil.rmtree(trabajo / f"sintetico_{n}", ignore_errors=True)
    finally:
        if cfg.trabajo is None:
            shutil.rmtree(trabajo, ignore_errors=True)
    inf.duracion = time.perf_counter() - t_inicio
    inf.carga.append(_carga())
    return inf


def _carga() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:
        return (float("nan"),) * 3


# ------------------------------------------------------------------ informe
def _ms(s: float) -> str:
    v = s * 1e3
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def _pp(m: medir.Medicion | None, serie: str) -> str:
    if m is None or not getattr(m, serie):
        return "—"
    return f"{_ms(m.p(serie, 50))} / {_ms(m.p(serie, 95))}"


def _cociente(duck: medir.Medicion | None, pandas: medir.Medicion | None) -> str:
    if duck is None or pandas is None:
        return "—"
    r = duck.p("caliente", 50) / pandas.p("caliente", 50)
    return f"{r:.3f} ({1 / r:.0f}×)" if r < 1 else f"{r:.2f} ({1 / r:.2f}×)"


def _maquina() -> list[str]:
    cpu = platform.processor() or ""
    try:
        for linea in Path("/proc/cpuinfo").read_text().splitlines():
            if linea.startswith("model name"):
                cpu = linea.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memoria = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        memoria = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    import duckdb
    import numpy
    import pandas
    import pyarrow
    import streamlit
    return [
        f"- Máquina: {cpu or 'desconocida'}, {os.cpu_count()} núcleos, {memoria} de memoria; {platform.platform()}",
        f"- Versiones: Python {platform.python_version()}, DuckDB {duckdb.__version__}, pandas {pandas.__version__}, "
        f"pyarrow {pyarrow.__version__}, numpy {numpy.__version__}, Streamlit {streamlit.__version__}",
    ]


def _peor(filas: list[FilaConsulta], disp: str, serie: str = "caliente", q: float = 95) -> tuple[float, str]:
    pares = [(f.duck[disp].p(serie, q), f.nombre) for f in filas if disp in f.duck and not medir.completa(f.nombre)]
    return max(pares) if pares else (float("nan"), "—")


def _peor_cociente(filas: list[FilaConsulta], disp: str) -> tuple[float, str]:
    pares = [(f.duck[disp].p("caliente", 50) / f.pandas.p("caliente", 50), f.nombre)
             for f in filas if f.escalada and not medir.completa(f.nombre) and f.pandas is not None and disp in f.duck]
    return max(pares) if pares else (float("nan"), "—")


def _si(ok: bool | None) -> str:
    return "—" if ok is None else ("sí" if ok else "**no**")


def objetivos(inf: Informe) -> list[tuple[str, str, bool | None]]:
    """(objetivo, medido, cumple) para la tabla de objetivos."""
    filas = []
    grande = _etiqueta(max(inf.config.filas)) if inf.config.filas else None
    for disp in sintetico.DISPOSICIONES:
        if grande and grande in inf.consultas:
            p95, quien = _peor(inf.consultas[grande], disp)
            filas.append((f"p95 caliente de cada consulta de página ≤ {OBJ_CONSULTA_MS:.0f} ms con {grande} ({disp}; sin descargas completas)",
                          f"peor: {_ms(p95)} ms ({quien})", p95 * 1e3 <= OBJ_CONSULTA_MS))
            r, quien = _peor_cociente(inf.consultas[grande], disp)
            filas.append((f"≥ {OBJ_VECES:.0f}× más rápida que pandas con {grande} ({disp}; consultas de tablas escaladas)",
                          f"peor: {1 / r:.0f}× ({quien})" if r == r else "—", (1 / r) >= OBJ_VECES if r == r else None))
    for datos_, renders in inf.paginas.items():
        if renders:
            peor = max(renders, key=lambda r: medir.percentil(r.caliente, 95))
            p95 = medir.percentil(peor.caliente, 95)
            filas.append((f"render caliente de cada página ≤ {OBJ_RENDER_MS:.0f} ms (p95; datos {datos_})",
                          f"peor: {_ms(p95)} ms ({peor.pagina})", p95 * 1e3 <= OBJ_RENDER_MS))
    if inf.etl:
        p50 = medir.percentil(inf.etl, 50)
        filas.append((f"ETL de los datos incluidos, con proyecciones, ≤ {OBJ_ETL_S:.0f} s (p50)", f"{p50:.1f} s", p50 <= OBJ_ETL_S))
    mapa = _mapa(inf)
    filas.append(("carga del mapa ≤ 1 MB (spec de Plotly que recibe el navegador)",
                  "no medida" if mapa is None else f"{mapa / 1e6:.3f} MB ({mapa:,} bytes)".replace(",", " "),
                  None if mapa is None else mapa <= OBJ_MAPA_BYTES))
    return filas


def _mapa(inf: Informe) -> int | None:
    for r in inf.paginas.get("incluidos", []):
        if "territorio" in r.pagina and r.graficos_bytes:
            return max(r.graficos_bytes)
    return None


def markdown(inf: Informe) -> str:
    cfg = inf.config
    L = [
        "# Rendimiento del tablero",
        "",
        "Generado por `python -m bench` (no editar a mano). Los tiempos son de una sola corrida en una máquina "
        "pequeña y ruidosa: compare cocientes dentro de la misma corrida, no milisegundos entre máquinas.",
        "",
        f"- Orden: `{cfg.orden}`",
        f"- Fecha: {inf.inicio:%Y-%m-%d %H:%M}; duración total {inf.duracion / 60:.1f} min",
        *_maquina(),
        "- Carga del sistema (promedio 1/5/15 min) al empezar y al terminar: "
        + " → ".join("/".join(f"{x:.1f}" for x in c) for c in inf.carga)
        + f" (con {os.cpu_count()} núcleos, una carga mayor que eso significa otros procesos compitiendo)",
        f"- Renglones sintéticos por tabla escalada: {', '.join(_etiqueta(n) for n in cfg.filas) or 'ninguno'} "
        f"(semilla `numpy.random.default_rng({sintetico.SEMILLA})`, meses 2010-01 a 2025-12)",
        f"- Repeticiones: DuckDB {cfg.frios} en frío y {cfg.calientes} en caliente por consulta; pandas {cfg.pandas} "
        f"(menos 2 desde 5 M renglones); descargas completas (`*_completa`) a lo más {REPS_COMPLETAS} de cada una, y las de tablas escaladas "
        f"sólo hasta {_etiqueta(TOPE_FILAS_COMPLETAS)} renglones (con más, la tabla entera en DuckDB y en pandas no cabe en la "
        f"memoria de la máquina); "
        f"render {cfg.paginas} en caliente por página; ETL {cfg.etl}",
        "",
        "## Objetivos",
        "",
        "| objetivo | medido | cumple |",
        "| --- | --- | --- |",
    ]
    L += [f"| {o} | {m} | {_si(c)} |" for o, m, c in objetivos(inf)]
    L += [
        "",
        "## Cómo se mide",
        "",
        "- **Datos.** `incluidos`: las tablas que construye `python -m etl` con `datos/crudos` (hecho en la misma "
        "corrida, en una carpeta temporal). Sintéticos: `eventos_nacionalidad`, `eventos_sexo_edad`, `devoluciones` y "
        "`cbp_encuentros` con los esquemas de `etl/esquemas.py` (mes × nacionalidad × sexo × edad × entidad × tipo; la "
        "CBP con combinaciones reales de región, componente, área, estado y ciudadanía en meses sintéticos); las demás "
        "tablas son las reales copiadas, así que `Catalogo(carpeta)` corre cada consulta sin cambios. Los metadatos "
        "del ETL (`tablas_meta`, `campos_meta`, `fuentes`, `fuentes_tablas`) también se copian; `fuentes_tablas` y "
        "`tablas_meta.filas` se rehacen sobre las tablas sintéticas, así que la vista `procedencia` da las columnas "
        "de fuente de cada renglón.",
        "- **Disposiciones.** `directo`: las tablas de eventos guardan los registros tal cual (la clave se repite, "
        "sin orden): lo que pasaría si el ETL publicara los registros. `marts`: el ETL publica los registros en "
        "`eventos_registros` y, derivadas de ella, las tablas de siempre agregadas a su clave y ordenadas "
        "(mes × iso3; mes × sexo × edad; mes × iso3 × tipo; la CBP a mes × región × componente × demografía × "
        "autoridad × tipo, sin área, estado ni ciudadanía). Ambas dan el mismo resultado en cada consulta de página, "
        "salvo las descargas completas (`*_completa`, que devuelven la tabla tal como está publicada).",
        "- **DuckDB.** `Catalogo(carpeta).ejecutar(nombre, **parámetros)`, lo mismo que usan las páginas (sin la "
        "caché de Streamlit). *Frío*: conexión nueva, vistas creadas y primera ejecución (el caché de páginas del "
        "sistema operativo no se vacía). *Caliente*: la misma conexión, repetida.",
        "- **pandas.** La consulta escrita como la escribiría una estadística: `pd.read_parquet(archivo)` completo "
        "(sin `columns=` ni filtros en la lectura), máscaras y `groupby` (`bench/pandas_base.py`). Cada corrida vuelve "
        "a leer el archivo. Se compara contra los registros (`directo`), que es lo que tendría quien no usa el tablero; "
        "las columnas de fuente salen de unir `fuentes_tablas`, `fuentes` y `tablas_meta` como la vista `procedencia`.",
        "- **Mismos parámetros** para ambos: la vista por omisión de las páginas (todo el periodo, sin filtros de "
        "lista, 10 primeras, último año completo, idioma `es`). Antes de medir, el banco comprueba que DuckDB y pandas "
        "dan el mismo resultado (columnas, orden y valores); la columna «iguales» lo dice por disposición. Las descargas "
        "completas se comparan con pandas sobre la misma carpeta y, en `directo` (clave repetida, empates sin orden "
        "definido), sin mirar el orden de los renglones.",
        "- **Cociente** = tiempo DuckDB caliente p50 / tiempo pandas p50 (entre paréntesis, cuántas veces más rápida "
        "es DuckDB). El objetivo de 20× se evalúa en las consultas que leen tablas escaladas; las de catálogo leen "
        "tablas de decenas de renglones que no crecen con los registros. Los objetivos de 50 ms y 20× no cuentan las "
        "descargas completas (`*_completa`): corren al pulsar el botón, no al dibujar la página, y devuelven todos los "
        "renglones de la tabla; sus tiempos están en las tablas de abajo.",
        "- **Páginas.** `AppTest.from_file('app.py')`, `switch_page` a cada página, un primer render y luego "
        "renders repetidos (la caché `st.cache_data` ya llena, como el segundo usuario o la siguiente interacción). "
        "El render es lo que tarda el guion (app.py y la página) en el hilo del servidor; «at.run() entero» suma lo "
        "que hace sólo el arnés de AppTest en cada corrida (buscar componentes en los paquetes instalados, armar el "
        "árbol de elementos), que el servidor real no repite. "
        "La carga del mapa es el tamaño del `spec` de Plotly que el servidor manda al navegador en Territorio.",
        "- **ETL.** `python -m etl --crudos datos/crudos --destino <temporal>` como subproceso, cada vez a una "
        "carpeta nueva; incluye la publicación de las tablas de metadatos y el `fsync` de cada archivo.",
        "",
    ]
    for etiqueta, filas in inf.consultas.items():
        disps = list(filas[0].duck) if filas else []
        titulo = "datos incluidos" if etiqueta == "incluidos" else f"{etiqueta} renglones por tabla escalada"
        L += [f"## Consultas de las páginas: {titulo}", "", "Milisegundos, p50 / p95.", ""]
        cab = ["consulta", "tablas escaladas"]
        for d in disps:
            cab += [f"DuckDB {d} frío", f"DuckDB {d} caliente"]
        cab += ["pandas"] + [f"DuckDB/pandas {d}" for d in disps] + ["iguales"]
        L += ["| " + " | ".join(cab) + " |", "| " + " | ".join("---" for _ in cab) + " |"]
        for f in filas:
            celdas = [f"`{f.nombre}`", "sí" if f.escalada else "no"]
            for d in disps:
                celdas += [_pp(f.duck[d], "frio"), _pp(f.duck[d], "caliente")]
            celdas += [_pp(f.pandas, "caliente")] + [_cociente(f.duck[d], f.pandas) for d in disps]
            distintas = [f"{d}: {f.iguales[d]}" for d in disps if f.iguales.get(d) is not None]
            celdas.append("sí" if not distintas else "**no** — " + "; ".join(distintas).replace("|", "\\|"))
            L.append("| " + " | ".join(celdas) + " |")
        L.append("")
    for datos_, renders in inf.paginas.items():
        L += [f"## Páginas (AppTest, datos {datos_})", "", "| página | primer render (ms) | caliente p50 / p95 (ms) | "
              "at.run() entero p50 / p95 (ms) | gráficos Plotly (bytes del spec, el mayor) | excepciones |",
              "| --- | --- | --- | --- | --- | --- |"]
        for r in renders:
            L.append(f"| `{r.pagina}` | {_ms(r.primero)} | {_ms(medir.percentil(r.caliente, 50))} / "
                     f"{_ms(medir.percentil(r.caliente, 95))} | "
                     f"{_ms(medir.percentil(r.apptest, 50)) if r.apptest else '—'} / "
                     f"{_ms(medir.percentil(r.apptest, 95)) if r.apptest else '—'} | "
                     f"{(str(max(r.graficos_bytes)) + f' ({len(r.graficos_bytes)} gráficos)') if r.graficos_bytes else '—'} | "
                     f"{'; '.join(r.excepciones).replace('|', '/') or 'ninguna'} |")
        L.append("")
    if inf.etl:
        L += ["## ETL", "", f"`python -m etl` sobre `datos/crudos`: p50 {medir.percentil(inf.etl, 50):.2f} s, "
              f"p95 {medir.percentil(inf.etl, 95):.2f} s ({len(inf.etl)} corridas: "
              + ", ".join(f"{t:.2f}" for t in inf.etl) + " s).", ""]
        if inf.etl_proyecciones:
            L += [f"De eso, el paso de proyecciones (seis candidatos en cada origen de cada serie, en paralelo): p50 "
                  f"{medir.percentil(inf.etl_proyecciones, 50):.2f} s ("
                  + ", ".join(f"{t:.2f}" for t in inf.etl_proyecciones) + " s).", ""]
        L += [revisiones_bench.linea_rendimiento(), ""]
    L += ["## Renglones por tabla", "", "| datos | " + " | ".join(sorted({t for d in inf.filas_tablas.values() for t in d
                                                                      if t in sintetico.TABLAS_ESCALADAS or t == "eventos_registros"}))
          + " |"]
    tablas_ = sorted({t for d in inf.filas_tablas.values() for t in d if t in sintetico.TABLAS_ESCALADAS or t == "eventos_registros"})
    L.append("| --- | " + " | ".join("---" for _ in tablas_) + " |")
    for datos_, conteo in inf.filas_tablas.items():
        L.append(f"| {datos_} | " + " | ".join(f"{conteo[t]:,}".replace(",", " ") if t in conteo else "—" for t in tablas_) + " |")
    L.append("")
    if inf.generacion:
        L += ["Generación de los datos sintéticos (no es parte de ninguna medición): "
              + ", ".join(f"{k}: {v:.0f} s" for k, v in inf.generacion.items()) + ".", ""]
    return "\n".join(L)


def solo_paginas(repeticiones: int, salida: Path | None = None) -> int:
    """Render en caliente de cada página de app.py sobre las tablas publicadas, con la carga del sistema."""
    from tablero import datos

    inicio = os.getloadavg()
    renders = medir.medir_paginas(datos.version_publicada(), datos.ruta_crudos(), repeticiones)
    fin = os.getloadavg()
    L = [f"Render con AppTest de cada página de app.py, {repeticiones} en caliente por página, sobre las tablas "
         f"publicadas ({datos.version_publicada().name}). Carga del sistema (1 min) al empezar {inicio[0]:.2f}, al "
         f"terminar {fin[0]:.2f} (2 núcleos compartidos).", "",
         "| página | primer render (ms) | caliente p50 / p95 (ms) | at.run() entero p50 / p95 (ms) | excepciones |",
         "| --- | --- | --- | --- | --- |"]
    peor, quien = 0.0, ""
    for r in renders:
        p95 = medir.percentil(r.caliente, 95)
        if p95 > peor:
            peor, quien = p95, r.pagina
        L.append(f"| `{r.pagina}` | {_ms(r.primero)} | {_ms(medir.percentil(r.caliente, 50))} / {_ms(p95)} | "
                 f"{_ms(medir.percentil(r.apptest, 50))} / {_ms(medir.percentil(r.apptest, 95))} | "
                 f"{'; '.join(r.excepciones) or 'ninguna'} |")
    L += ["", f"Objetivo render caliente ≤ {OBJ_RENDER_MS:.0f} ms (p95) en cada página: peor {_ms(peor)} ms ({quien}) — "
          f"**{'se cumple' if peor * 1e3 <= OBJ_RENDER_MS else 'no se cumple'}**."]
    texto = "\n".join(L) + "\n"
    print(texto)
    if salida is not None:
        salida.write_text(f"# Render de las páginas\n\nGenerado por `python -m bench --solo paginas --salida {salida.resolve().relative_to(RAIZ) if salida.resolve().is_relative_to(RAIZ) else salida}` "
                          f"(no editar a mano).\n\n" + texto, encoding="utf-8")
    return 0 if all(not r.excepciones for r in renders) else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--filas", type=int, nargs="+", help="renglones por tabla escalada (por omisión 1000000 10000000)")
    p.add_argument("--rapido", action="store_true", help="sólo 1 M (o lo que diga --filas) y menos repeticiones")
    p.add_argument("--salida", type=Path, default=SALIDA, help="informe Markdown (por omisión docs/rendimiento.md)")
    p.add_argument("--trabajo", type=Path, help="carpeta de trabajo (por omisión una temporal que se borra)")
    p.add_argument("--sin-paginas", action="store_true", help="no medir el render de las páginas")
    p.add_argument("--sin-etl", action="store_true", help="construir las tablas una vez sin medir el ETL")
    p.add_argument("--solo", choices=["paginas"], help="sólo el render de las páginas sobre las tablas publicadas "
                   "(datos/parquet o TABLERO_PARQUET); imprime la tabla y no toca el informe")
    p.add_argument("--repeticiones", type=int, default=10, help="renders en caliente por página con --solo paginas")
    args = p.parse_args(argv)
    if args.solo == "paginas":
        return solo_paginas(args.repeticiones, None if args.salida == SALIDA else args.salida)
    filas = args.filas or ([1_000_000] if args.rapido else [1_000_000, 10_000_000])
    cfg = Config(filas=filas, medir_paginas=not args.sin_paginas, medir_etl=not args.sin_etl, trabajo=args.trabajo,
                 orden="python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]))
    cfg.orden = cfg.orden.strip()
    if args.rapido:
        cfg.frios, cfg.calientes, cfg.pandas, cfg.paginas, cfg.etl = 2, 10, 2, 3, 1
    inf = correr(cfg)
    texto = markdown(inf)
    args.salida.parent.mkdir(parents=True, exist_ok=True)
    args.salida.write_text(texto + "\n", encoding="utf-8")
    print(f"\ninforme escrito en {args.salida} ({inf.duracion / 60:.1f} min)")
    distintas = [(e, f.nombre, d) for e, fs in inf.consultas.items() for f in fs for d, x in f.iguales.items()
                 if x is not None and x != SIN_PANDAS]
    if distintas:
        print(f"DuckDB y pandas difieren en {len(distintas)} casos: {distintas[:5]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
