"""Prueba de carga: muchas funcionarias abren el tablero a la vez.

Arranca el tablero en un puerto libre de 127.0.0.1 (o usa `--url`, sólo de la máquina local), abre UN
Chromium de la distribución con N contextos de navegador (sesiones independientes de Streamlit) a la vez,
cada uno en otra página o con otros filtros en la URL, y mide:

- errores (recuadro de excepción de Streamlit, error de JavaScript, página que no termina a tiempo);
- tiempo desde la navegación hasta la primera gráfica dibujada (`.js-plotly-plot`); en las páginas sin
  gráfica (Panorama: tarjetas; Fuentes: tablas) hasta el primer contenido de datos, aparte;
- memoria residente del proceso del servidor (VmRSS de /proc cada 0.2 s; su pico, VmHWM).

Todo está acotado: `--sesiones` (máx. 50) y `--segundos` (máx. 600) son límites duros.

    python scripts/carga.py                          # 20 sesiones, arranca su propio servidor
    python scripts/carga.py --salida docs/carga.md   # y escribe el informe
    python scripts/carga.py --url http://127.0.0.1:8501 --pid 12345   # contra un servidor ya abierto
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

RAIZ = Path(__file__).resolve().parent.parent
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

MAX_SESIONES = 50
MAX_SEGUNDOS = 600
ARGUMENTOS_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                       "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                       # muchas pestañas a la vez: que ninguna se trate como «en segundo plano» (sin
                       # requestAnimationFrame Plotly no dibuja y la sesión parecería colgada)
                       "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                       "--disable-backgrounding-occluded-windows"]
GRAFICA = ".js-plotly-plot"
EXCEPCION = '[data-testid="stException"]'
# Lo que cuenta como «vista dibujada» en cada página (ruta → selector).
CONTENIDO = {"": '[data-testid="stMetricValue"]', "fuentes": '[data-testid="stDataFrame"]'}


# --------------------------------------------------------------------------- servidor

def es_loopback(url: str) -> bool:
    """¿La URL apunta a la máquina local (127.0.0.0/8, ::1 o localhost) por http(s)?"""
    partes = urlsplit(url)
    if partes.scheme not in ("http", "https") or not partes.hostname:
        return False
    if partes.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(partes.hostname).is_loopback
    except ValueError:
        return False


def puerto_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium() -> str | None:
    for candidato in (os.environ.get("TABLERO_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                      shutil.which("chromium-browser")):
        if candidato and Path(candidato).is_file() and os.access(candidato, os.X_OK):
            return candidato
    return None


@dataclass
class Servidor:
    url: str
    proceso: subprocess.Popen
    bitacora: Path

    @property
    def pid(self) -> int:
        return self.proceso.pid


def esperar_salud(url: str, segundos: float, proceso: subprocess.Popen | None = None, bitacora: Path | None = None) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if proceso is not None and proceso.poll() is not None:
            texto = bitacora.read_text(errors="replace")[-3000:] if bitacora else ""
            raise RuntimeError(f"el servidor terminó con código {proceso.returncode} al arrancar:\n{texto}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        time.sleep(0.25)
    raise TimeoutError(f"{url}/_stcore/health no respondió en {segundos:.0f} s")


@contextlib.contextmanager
def servidor(parquet: Path | None = None, crudos: Path | None = None, espera: float = 90, guion: str = "app.py"):
    """`streamlit run <guion>` (app.py, o servidor.py: páginas y API de datos) en un puerto libre de 127.0.0.1; se
    detiene (sólo este proceso) al salir."""
    puerto = puerto_libre()
    entorno = dict(os.environ)
    if parquet is not None:
        entorno["TABLERO_PARQUET"] = str(parquet)
    if crudos is not None:
        entorno["TABLERO_CRUDOS"] = str(crudos)
    bitacora = Path(tempfile.mkstemp(prefix="tablero-servidor-", suffix=".log")[1])
    with open(bitacora, "wb") as salida:
        proceso = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", guion, "--server.port", str(puerto),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=RAIZ, env=entorno, stdout=salida, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{puerto}"
    try:
        esperar_salud(url, espera, proceso, bitacora)
        yield Servidor(url, proceso, bitacora)
    finally:
        proceso.terminate()
        try:
            proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait(timeout=15)


# --------------------------------------------------------------------------- memoria

def cpu_s(pid: int | None) -> float | None:
    """Segundos de CPU (usuario + sistema) que lleva el proceso, de /proc/<pid>/stat."""
    if not pid:
        return None
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(campos[11]) + int(campos[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def rss_mb(pid: int, campo: str = "VmRSS") -> float | None:
    """Memoria residente del proceso en MB, de /proc/<pid>/status (VmRSS ahora, VmHWM el pico)."""
    try:
        for linea in Path(f"/proc/{pid}/status").read_text().splitlines():
            if linea.startswith(campo + ":"):
                return int(linea.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class Muestreo:
    """Muestrea VmRSS cada `intervalo` s en un hilo; `pico` es el máximo visto."""

    def __init__(self, pid: int | None, intervalo: float = 0.2):
        self.pid, self.intervalo = pid, intervalo
        self.muestras: list[float] = []
        self._alto = threading.Event()
        self._hilo = threading.Thread(target=self._correr, daemon=True)

    def _correr(self):
        while not self._alto.is_set():
            valor = rss_mb(self.pid) if self.pid else None
            if valor is not None:
                self.muestras.append(valor)
            self._alto.wait(self.intervalo)

    def __enter__(self):
        self._hilo.start()
        return self

    def __exit__(self, *exc):
        self._alto.set()
        self._hilo.join(timeout=5)

    @property
    def pico(self) -> float | None:
        return max(self.muestras) if self.muestras else None


# --------------------------------------------------------------------------- enlaces

def enlaces(n: int, parquet: Path | None = None) -> list[str]:
    """N rutas distintas (página + filtros en la URL), repartidas por todas las páginas. Los valores de los
    filtros salen de las tablas publicadas (meses, nacionalidades) para que todos sean válidos."""
    fijos = ["", "fuentes", "refugio", "imss", "vacantes", "territorio", "encuentros",
             "?idioma=en", "encuentros?idioma=en", "territorio?capas=centros", "fuentes?buscar=IMSS",
             "encuentros?top=5", "encuentros?top=20", "territorio?capas=ninguna", "imss?idioma=en",
             "encuentros?seccion=ruta", "encuentros?seccion=sexo_edad", "encuentros?seccion=asilo&idioma=en",
             "proyecciones?seccion=darien_total", "proyecciones?seccion=puntaje"]
    variables: list[str] = []
    try:
        import pandas as pd

        from tablero import datos
        from tablero.consultas import Catalogo

        cat = Catalogo(parquet or datos.ruta_parquet())
        r = cat.ejecutar("series_rango_meses").iloc[0]
        meses = [m.strftime("%Y-%m") for m in pd.date_range(r["desde"], r["hasta"], freq="MS")]
        paises = list(cat.ejecutar("eventos_por_nacionalidad", desde=r["desde"], hasta=r["hasta"], limite=8,
                                   idioma="es")["iso3"])
        for i, iso in enumerate(paises):
            desde = meses[(i * 7) % (len(meses) // 2)]
            variables.append(f"encuentros?desde={desde}&hasta={meses[-1 - i]}&paises={iso}")
        variables += [f"encuentros?desde={meses[len(meses) // 2]}", f"encuentros?hasta={meses[len(meses) // 3]}&top=15"]
    except Exception as e:  # noqa: BLE001 — sin tablas legibles, sólo enlaces sin filtros de datos
        print(f"(aviso: sin filtros tomados de los datos: {type(e).__name__}: {e})", file=sys.stderr)
    todos = list(dict.fromkeys(fijos + variables))
    return [todos[i % len(todos)] for i in range(n)]


# --------------------------------------------------------------------------- sesiones

@dataclass
class Resultado:
    ruta: str
    segundos: float | None = None  # hasta el primer contenido (gráfica, tarjeta o tabla)
    grafica: bool = False          # el tiempo es de una gráfica Plotly
    errores: list[str] = field(default_factory=list)


def _selector(ruta: str) -> tuple[str, bool]:
    pagina = ruta.split("?")[0]
    if pagina in CONTENIDO:
        return CONTENIDO[pagina], False
    return GRAFICA, True


async def _sesion(navegador, url: str, ruta: str, salida: asyncio.Event, espera: float) -> Resultado:
    res = Resultado(ruta)
    contexto = await navegador.new_context(viewport={"width": 1400, "height": 1000})
    try:
        pagina = await contexto.new_page()
        pagina.on("pageerror", lambda e: res.errores.append(f"JavaScript: {str(e)[:200]}"))
        selector, res.grafica = _selector(ruta)
        await salida.wait()  # todas salen juntas
        inicio = time.perf_counter()
        try:
            await pagina.goto(f"{url}/{ruta}", timeout=espera * 1000)
            await pagina.wait_for_selector(selector, state="visible", timeout=espera * 1000)
            res.segundos = time.perf_counter() - inicio
            await pagina.wait_for_selector("h1", timeout=espera * 1000)
            # que termine la ejecución del guion (sin indicador «Running») antes de buscar excepciones
            await pagina.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=espera * 1000)
        except Exception as e:  # noqa: BLE001 — cualquier falla de navegación es un error de la sesión
            res.errores.append(f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")
        with contextlib.suppress(Exception):
            if await pagina.locator(EXCEPCION).count():
                res.errores.append("recuadro de excepción de Streamlit: "
                                   + (await pagina.locator(EXCEPCION).first.inner_text())[:200])
    finally:
        with contextlib.suppress(Exception):
            await contexto.close()
    return res


async def _correr(url: str, rutas: list[str], segundos: float, ejecutable: str) -> list[Resultado]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        navegador = await p.chromium.launch(executable_path=ejecutable, args=ARGUMENTOS_CHROMIUM)
        try:
            salida = asyncio.Event()
            tareas = [asyncio.create_task(_sesion(navegador, url, r, salida, segundos)) for r in rutas]
            await asyncio.sleep(0.5)  # contextos creados
            salida.set()
            hechas, pendientes = await asyncio.wait(tareas, timeout=segundos)
            for t in pendientes:
                t.cancel()
            resultados = []
            for ruta, t in zip(rutas, tareas):
                grafica = _selector(ruta)[1]
                if t in hechas and t.exception() is None:
                    resultados.append(t.result())
                elif t in hechas:
                    resultados.append(Resultado(ruta, grafica=grafica, errores=[f"{type(t.exception()).__name__}: {t.exception()}"[:200]]))
                else:
                    resultados.append(Resultado(ruta, grafica=grafica, errores=[f"sin terminar en el límite de {segundos:.0f} s"]))
            return resultados
        finally:
            await navegador.close()


def percentil(valores: list[float], p: float) -> float | None:
    if not valores:
        return None
    ordenados = sorted(valores)
    k = (len(ordenados) - 1) * p / 100
    i = int(k)
    return ordenados[i] if i + 1 >= len(ordenados) else ordenados[i] + (ordenados[i + 1] - ordenados[i]) * (k - i)


@dataclass
class Informe:
    url: str
    sesiones: int
    resultados: list[Resultado]
    rss_base: float | None
    rss_pico: float | None
    duracion: float
    cpu_servidor: float | None = None

    @property
    def errores(self) -> int:
        return sum(1 for r in self.resultados if r.errores)

    def tiempos(self, grafica: bool | None = True) -> list[float]:
        return [r.segundos for r in self.resultados
                if r.segundos is not None and not r.errores and (grafica is None or r.grafica == grafica)]

    def resumen(self) -> dict:
        graf, todo = self.tiempos(True), self.tiempos(None)
        crecimiento = (self.rss_pico - self.rss_base) if self.rss_pico is not None and self.rss_base is not None else None
        return {
            "sesiones": self.sesiones, "errores": self.errores,
            "p50_grafica_s": percentil(graf, 50), "p95_grafica_s": percentil(graf, 95),
            "p50_todas_s": percentil(todo, 50), "p95_todas_s": percentil(todo, 95),
            "rss_base_mb": self.rss_base, "rss_pico_mb": self.rss_pico,
            "mb_por_sesion": crecimiento / self.sesiones if crecimiento is not None else None,
            "duracion_s": self.duracion, "cpu_servidor_s": self.cpu_servidor,
        }

    def markdown(self) -> str:
        s = self.resumen()

        def f(v, d=2):
            return "—" if v is None else f"{v:.{d}f}"

        lineas = [
            "| sesiones a la vez | errores | p50 hasta gráfica (s) | p95 hasta gráfica (s) | p50 / p95 cualquier página (s) "
            "| RSS servidor antes (MB) | RSS pico (MB) | MB por sesión |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {s['sesiones']} | {s['errores']} | {f(s['p50_grafica_s'])} | {f(s['p95_grafica_s'])} "
            f"| {f(s['p50_todas_s'])} / {f(s['p95_todas_s'])} | {f(s['rss_base_mb'], 0)} | {f(s['rss_pico_mb'], 0)} "
            f"| {f(s['mb_por_sesion'], 1)} |",
            "",
            f"Duración de la ronda: {f(s['duracion_s'], 1)} s; CPU del proceso del servidor en ese lapso: "
            f"{f(s['cpu_servidor_s'], 1)} s ({os.cpu_count()} núcleos en la máquina, compartidos con Chromium).",
            "",
            "| # | enlace | qué se espera | segundos | errores |",
            "|---:|---|---|---:|---|",
        ]
        for i, r in enumerate(self.resultados, 1):
            que = "gráfica" if r.grafica else "tarjetas/tabla"
            errores = "; ".join(e.replace("|", "/") for e in r.errores) or "0"
            lineas.append(f"| {i} | `/{r.ruta}` | {que} | {f(r.segundos)} | {errores} |")
        return "\n".join(lineas)


def medir(url: str, sesiones: int, segundos: float, pid: int | None = None, parquet: Path | None = None,
          calentar: bool = True) -> Informe:
    """Corre la carga contra `url` (sólo local). `pid`: proceso del servidor para medir su memoria."""
    if not es_loopback(url):
        raise ValueError(f"sólo se permite la máquina local (127.0.0.1, ::1, localhost), no {url}")
    sesiones = max(1, min(int(sesiones), MAX_SESIONES))
    segundos = max(1.0, min(float(segundos), MAX_SEGUNDOS))
    ejecutable = chromium()
    if ejecutable is None:
        raise RuntimeError("no hay Chromium: ejecute `bash scripts/entorno.sh` (lo instala con apt-get)")
    url = url.rstrip("/")
    inicio = time.monotonic()
    if calentar:  # una sesión antes: tablas construidas y módulos importados; la memoria base es la de un servidor en uso
        asyncio.run(asyncio.wait_for(_correr(url, [""], segundos, ejecutable), timeout=segundos))
    base = rss_mb(pid) if pid else None
    rutas = enlaces(sesiones, parquet)
    restante = max(1.0, segundos - (time.monotonic() - inicio))
    cpu0 = cpu_s(pid)
    with Muestreo(pid) as muestreo:
        t0 = time.monotonic()
        try:
            resultados = asyncio.run(asyncio.wait_for(_correr(url, rutas, restante, ejecutable), timeout=restante + 15))
        except TimeoutError:
            resultados = [Resultado(r, errores=["límite de tiempo total"]) for r in rutas]
        duracion = time.monotonic() - t0
    pico = max(filter(None, [muestreo.pico, rss_mb(pid, "VmHWM") if pid else None]), default=None)
    cpu1 = cpu_s(pid)
    return Informe(url, sesiones, resultados, base, pico, duracion,
                   cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None)


def _encabezado_informe(orden: str) -> str:
    from importlib.metadata import version as version_de

    import duckdb
    import streamlit

    version_chromium = ""
    with contextlib.suppress(Exception):
        version_chromium = subprocess.run([chromium(), "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    return (
        "# Prueba de carga del tablero\n\n"
        f"Generado por `{orden}` el {date.today().isoformat()} ({datetime.now().strftime('%H:%M')}). "
        f"Máquina: {platform.platform()}, {os.cpu_count()} núcleos, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}, DuckDB {duckdb.__version__}, Playwright {version_de('playwright')}, "
        f"{version_chromium or 'Chromium'} sin interfaz.\n\n"
        "Un solo Chromium con una sesión (contexto de navegador) por enlace, todas lanzadas a la vez contra un "
        "servidor local recién arrancado y calentado con una sesión. El tiempo va de la navegación a la primera "
        "gráfica Plotly dibujada (`.js-plotly-plot`); en Panorama (tarjetas) y Fuentes (tablas), que no tienen "
        "gráfica, hasta la primera tarjeta o tabla, y cuenta sólo en la columna «cualquier página». Error = "
        "recuadro de excepción de Streamlit, error de JavaScript o página sin terminar en el límite. La memoria es "
        "la residente del proceso del servidor (`/proc/<pid>/status`, cada 0.2 s, y su pico `VmHWM`); «MB por "
        "sesión» = (pico − antes) / sesiones.\n\n"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python scripts/carga.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", help="tablero ya abierto (sólo http://127.0.0.1:PUERTO o localhost); sin esto se arranca uno")
    p.add_argument("--pid", type=int, help="con --url: proceso del servidor, para medir su memoria")
    p.add_argument("--sesiones", type=int, default=20, help=f"sesiones a la vez (1–{MAX_SESIONES}; 20 por omisión)")
    p.add_argument("--segundos", type=float, default=120, help=f"límite duro de tiempo (máx. {MAX_SEGUNDOS}; 120 por omisión)")
    p.add_argument("--parquet", type=Path, help="tablas a servir (TABLERO_PARQUET); por omisión datos/parquet")
    p.add_argument("--salida", type=Path, help="escribe el informe en Markdown (p. ej. docs/carga.md)")
    args = p.parse_args(argv)
    if not 1 <= args.sesiones <= MAX_SESIONES:
        p.error(f"--sesiones debe estar entre 1 y {MAX_SESIONES}")
    if not 1 <= args.segundos <= MAX_SEGUNDOS:
        p.error(f"--segundos debe estar entre 1 y {MAX_SEGUNDOS}")
    if args.url and not es_loopback(args.url):
        p.error(f"sólo se permite la máquina local (127.0.0.1, ::1, localhost), no {args.url}")
    if chromium() is None:
        print("No hay Chromium: ejecute `bash scripts/entorno.sh` (lo instala con apt-get).", file=sys.stderr)
        return 2

    if args.url:
        informe = medir(args.url, args.sesiones, args.segundos, args.pid, args.parquet)
    else:
        with servidor(parquet=args.parquet) as srv:
            informe = medir(srv.url, args.sesiones, args.segundos, srv.pid, args.parquet)
    texto = informe.markdown()
    print(texto)
    if args.salida:
        orden = "python scripts/carga.py " + " ".join(argv if argv is not None else sys.argv[1:])
        args.salida.write_text(_encabezado_informe(orden.strip()) + texto + "\n", encoding="utf-8")
        print(f"\ninforme escrito en {args.salida}")
    return 0 if informe.errores == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
