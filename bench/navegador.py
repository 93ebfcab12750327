"""Lo que espera una usuaria nueva: `python -m bench.navegador` (escribe docs/navegador.md).

Arranca dos servidores en 127.0.0.1: el tablero (`app.py`) y una página de Streamlit con una sola gráfica
Plotly chica (`bench/base_plotly.py`, el piso que ponen Streamlit y Plotly en esta máquina). Abre cada página
que registra app.py (las lee de app.py: una página nueva entra sola) en un contexto de Chromium nuevo (sin
caché ni sesión), varias veces, intercalando el piso entre página y página para que el ruido de la máquina
les toque a todos por igual, y mide:

- **primera gráfica**: desde la navegación hasta que la primera gráfica Plotly tiene trazos dibujados
  (`.js-plotly-plot g.trace`, visto en cada cuadro con requestAnimationFrame); en una página sin gráficas, el
  primer contenido de datos (tarjeta o tabla) y, si tampoco hay, el fin del guion;
- **fin del guion**: hasta que llega el mensaje `script_finished` por el websocket;
- **carga**: bytes recibidos por el websocket `/_stcore/stream` hasta ese momento (lo que manda el servidor
  en una vista de página).

Reporta medianas y el cociente contra el piso medido en la misma corrida, y la carga del sistema al empezar y
al terminar (la máquina es compartida: compare cocientes, no segundos).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "navegador.md"
BASE = "bench/base_plotly.py"
OBJETIVO_COCIENTE = 1.2
OBJETIVO_MB = 0.6
ARGUMENTOS_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                       "--no-first-run", "--disable-dev-shm-usage", "--disable-renderer-backgrounding",
                       "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"]

# Cada cuadro, ¿hay ya una gráfica con trazos o un contenido de datos? (performance.now() cuenta desde la navegación)
_OBSERVADOR = """
(() => {
  const m = (window.__medida = {grafica: null, contenido: null});
  const mirar = () => {
    if (m.grafica === null && document.querySelector('.js-plotly-plot g.trace')) m.grafica = performance.now();
    if (m.contenido === null && document.querySelector(
        '[data-testid="stMetricValue"], [data-testid="stDataFrame"], [data-testid="stTable"], .js-plotly-plot g.trace'))
      m.contenido = performance.now();
    if (m.grafica === null) requestAnimationFrame(mirar);
  };
  requestAnimationFrame(mirar);
})();
"""


def paginas(raiz: Path = RAIZ) -> list[tuple[str, str]]:
    """(archivo, url_path) de cada `st.Page("archivo", ..., url_path="…")` de app.py, en su orden."""
    encontradas = []
    for nodo in ast.walk(ast.parse((raiz / "app.py").read_text(encoding="utf-8"))):
        if isinstance(nodo, ast.Call) and getattr(nodo.func, "attr", None) == "Page" and nodo.args \
                and isinstance(nodo.args[0], ast.Constant):
            claves = {k.arg: k.value.value for k in nodo.keywords if isinstance(k.value, ast.Constant)}
            # La página por omisión se sirve en «/» (su url_path no es una ruta que el servidor reconozca).
            ruta = "" if claves.get("default") is True else claves.get("url_path", Path(nodo.args[0].value).stem)
            encontradas.append((nodo.lineno, nodo.args[0].value, ruta))
    return [(a, u) for _, a, u in sorted(encontradas) if (raiz / a).exists()]


# --------------------------------------------------------------------------- servidores

@contextlib.contextmanager
def servidor(guion: str, puerto: int, entorno: dict | None = None, espera: float = 90):
    """`streamlit run <guion>` en 127.0.0.1:<puerto>; se detiene (sólo este proceso) al salir."""
    bitacora = Path(tempfile.mkstemp(prefix="tablero-navegador-", suffix=".log")[1])
    with open(bitacora, "wb") as salida:
        proceso = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", guion, "--server.port", str(puerto), "--server.address",
             "127.0.0.1", "--server.headless", "true"],
            cwd=RAIZ, env={**os.environ, **(entorno or {})}, stdout=salida, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{puerto}"
    try:
        limite = time.monotonic() + espera
        while True:
            if proceso.poll() is not None:
                raise RuntimeError(f"{guion} terminó al arrancar:\n{bitacora.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            if time.monotonic() > limite:
                raise TimeoutError(f"{url} no respondió en {espera:.0f} s")
            time.sleep(0.25)
        yield url, proceso.pid
    finally:
        proceso.terminate()
        try:
            proceso.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proceso.kill()
            proceso.wait(timeout=15)


# --------------------------------------------------------------------------- una visita

@dataclass
class Visita:
    grafica: float | None  # s hasta la primera gráfica con trazos (None: la página no tiene)
    contenido: float | None  # s hasta el primer contenido de datos (tarjeta, tabla o gráfica)
    fin: float | None  # s hasta script_finished
    bytes_ws: int
    error: str = ""

    @property
    def vista(self) -> float | None:
        """Lo que cuenta para el objetivo: la gráfica; sin gráfica, el primer contenido; sin él, el fin del guion."""
        return self.grafica if self.grafica is not None else (self.contenido if self.contenido is not None else self.fin)


def _tipo(carga: bytes) -> str:
    """«fin» (script_finished), «grafica» (un elemento plotly_chart) u otro tipo de ForwardMsg."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(carga)
    except Exception:  # noqa: BLE001 - un marco que no es ForwardMsg no cuenta
        return ""
    tipo = msg.WhichOneof("type")
    if tipo == "script_finished":
        return "fin"
    if tipo == "delta" and msg.delta.WhichOneof("type") == "new_element" and \
            msg.delta.new_element.WhichOneof("type") == "plotly_chart":
        return "grafica"
    return tipo or ""


def visitar(navegador, url: str, espera: float = 60) -> Visita:
    """Una usuaria nueva: contexto de navegador limpio, navegar y esperar a que el guion termine y se dibuje."""
    contexto = navegador.new_context(viewport={"width": 1366, "height": 900})
    contexto.add_init_script(_OBSERVADOR)
    pagina = contexto.new_page()
    estado = {"bytes": 0, "fin": None, "t0": 0.0, "graficas": 0}

    def marco(carga) -> None:
        datos = carga if isinstance(carga, bytes) else carga.encode()
        if estado["fin"] is None:
            estado["bytes"] += len(datos)
            tipo = _tipo(datos)
            estado["graficas"] += tipo == "grafica"
            if tipo == "fin":
                estado["fin"] = time.perf_counter() - estado["t0"]

    pagina.on("websocket", lambda ws: ws.on("framereceived", marco) if "/_stcore/stream" in ws.url else None)
    errores: list[str] = []
    pagina.on("pageerror", lambda e: errores.append(str(e)[:200]))
    try:
        estado["t0"] = time.perf_counter()
        pagina.goto(url, wait_until="commit", timeout=espera * 1000)
        limite = time.monotonic() + espera
        while estado["fin"] is None and time.monotonic() < limite:
            pagina.wait_for_timeout(50)
        # Terminado el guion, si mandó gráficas, la primera tiene que dibujarse; si no, el primer contenido.
        hay = estado["graficas"] > 0
        while time.monotonic() < limite:
            medida = pagina.evaluate("window.__medida")
            tarde = estado["fin"] is not None and time.perf_counter() - estado["t0"] > estado["fin"] + 3
            if medida["grafica"] is not None or (not hay and (medida["contenido"] is not None or tarde)):
                break
            pagina.wait_for_timeout(50)
        medida = pagina.evaluate("window.__medida")
        if pagina.locator('[data-testid="stException"]').count():
            errores.append("excepción de Streamlit en la página")
        if estado["fin"] is None:
            errores.append(f"sin script_finished en {espera:.0f} s")
        elif hay and medida["grafica"] is None:
            errores.append("la gráfica no se dibujó")
        return Visita(None if medida["grafica"] is None else medida["grafica"] / 1000,
                      None if medida["contenido"] is None else medida["contenido"] / 1000,
                      estado["fin"], estado["bytes"], "; ".join(errores))
    finally:
        contexto.close()


# --------------------------------------------------------------------------- corrida e informe

@dataclass
class Resultado:
    ruta: str
    archivo: str
    visitas: list[Visita] = field(default_factory=list)
    pisos: list[Visita] = field(default_factory=list)  # la visita al piso justo antes de cada visita

    def cociente_pareado(self) -> float | None:
        """Mediana de (vista ÷ vista del piso justo antes): sigue a la carga de la máquina cuando cambia a media corrida."""
        pares = [v.vista / p.vista for v, p in zip(self.visitas, self.pisos)
                 if not v.error and not p.error and v.vista is not None and p.vista]
        return statistics.median(pares) if pares else None

    def mediana(self, campo: str) -> float | None:
        valores = [getattr(v, campo) for v in self.visitas if getattr(v, campo) is not None and not v.error]
        return statistics.median(valores) if valores else None

    @property
    def errores(self) -> int:
        return sum(bool(v.error) for v in self.visitas)


def elegir(declaradas: list[tuple[str, str]], rutas: list[str] | None) -> list[tuple[str, str]]:
    """(archivo, ruta) a medir: todas las páginas, o las de `rutas`; una ruta con parámetros
    («territorio?capas=centros») mide esa vista de su página, aparte."""
    archivos = {u: a for a, u in declaradas}
    elegidas = [(a, u) for a, u in declaradas if rutas is None or u in rutas]
    return elegidas + [(archivos[r.split("?")[0]], r) for r in rutas or [] if "?" in r and r.split("?")[0] in archivos]


def correr(repeticiones: int, puertos: tuple[int, int], rutas: list[str] | None = None,
           chromium: str = "/usr/bin/chromium") -> tuple[Resultado, list[Resultado], dict]:
    from playwright.sync_api import sync_playwright

    objetivo = elegir(paginas(), rutas)
    carga_inicio = os.getloadavg()
    t0 = time.perf_counter()
    base = Resultado("(piso) " + BASE, BASE)
    resultados = [Resultado(u, a) for a, u in objetivo]
    with servidor("app.py", puertos[0]) as (url_app, _), servidor(BASE, puertos[1]) as (url_base, _), \
            sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=chromium, args=ARGUMENTOS_CHROMIUM)
        try:
            # Calentar: cada página una vez (cachés del servidor llenas, como para la segunda usuaria).
            visitar(navegador, url_base)
            for r in resultados:
                visitar(navegador, f"{url_app}/{r.ruta}")
            for _ in range(repeticiones):
                for r in resultados:
                    base.visitas.append(visitar(navegador, url_base))
                    r.pisos.append(base.visitas[-1])
                    r.visitas.append(visitar(navegador, f"{url_app}/{r.ruta}"))
                    print(f"  {r.ruta:<14} {r.visitas[-1]}", flush=True)
        finally:
            navegador.close()
    contexto = {"carga_inicio": carga_inicio, "carga_fin": os.getloadavg(), "duracion": time.perf_counter() - t0,
                "repeticiones": repeticiones}
    return base, resultados, contexto


def _s(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def markdown(base: Resultado, resultados: list[Resultado], ctx: dict, orden: str) -> str:
    from importlib.metadata import version as _version

    import streamlit

    pw = _version("playwright")

    piso = base.mediana("vista")
    lineas = [
        "# Lo que espera una usuaria nueva: navegador",
        "",
        f"Generado por `{orden}` el {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (no editar a mano). "
        f"Máquina: {platform.platform()}, {os.cpu_count()} núcleos compartidos; Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}, Playwright {pw}, Chromium sin interfaz. "
        f"Carga del sistema (1/5/15 min) al empezar: {' / '.join(f'{x:.2f}' for x in ctx['carga_inicio'])}; "
        f"al terminar: {' / '.join(f'{x:.2f}' for x in ctx['carga_fin'])}. Duración: {ctx['duracion']:.0f} s.",
        "",
        f"Cada página de app.py, {ctx['repeticiones']} veces, cada vez en un contexto de Chromium nuevo (sin caché ni "
        "sesión) contra un servidor caliente; entre página y página, la misma visita al piso (`bench/base_plotly.py`: "
        "Streamlit con una sola gráfica Plotly chica, servido desde la misma máquina en la misma corrida). "
        "Medianas en segundos desde la navegación. «Vista» = primera gráfica con trazos dibujados; en una página sin "
        "gráfica, primer contenido de datos (tarjeta o tabla). «Carga» = bytes recibidos por el websocket hasta "
        "`script_finished` (lo que manda el servidor en una vista de página). Las tablas en expansores y pestañas "
        "no cuentan: se mandan al abrirlos. «Pareado» = mediana del cociente de cada visita contra la visita al piso "
        "justo antes de ella: no depende de que la carga de la máquina sea la misma al principio y al final de la corrida.",
        "",
        "| página | vista (s) | cociente vs. piso | pareado | fin del guion (s) | carga (MB) | errores | vista ≤ "
        f"{OBJETIVO_COCIENTE}× piso | carga ≤ {OBJETIVO_MB} MB |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
        f"| piso: `{BASE}` | {_s(piso)} | 1.00 | 1.00 | {_s(base.mediana('fin'))} | "
        f"{(base.mediana('bytes_ws') or 0) / 1e6:.3f} | {base.errores} | | |",
    ]
    for r in resultados:
        vista, mb = r.mediana("vista"), (r.mediana("bytes_ws") or 0) / 1e6
        cociente = vista / piso if vista is not None and piso else None
        tipo = "" if r.mediana("grafica") is not None else " (sin gráfica: primer contenido)"
        lineas.append(
            f"| `/{r.ruta}` ({r.archivo}){tipo} | {_s(vista)} | {_s(cociente)} | {_s(r.cociente_pareado())} | "
            f"{_s(r.mediana('fin'))} | {mb:.3f} | "
            f"{r.errores} | {'sí' if cociente is not None and cociente <= OBJETIVO_COCIENTE else '**no**'} | "
            f"{'sí' if mb <= OBJETIVO_MB else '**no**'} |")
    errores = [(r.ruta, v.error) for r in [base, *resultados] for v in r.visitas if v.error]
    if errores:
        lineas += ["", "Errores:", ""] + [f"- `{ruta}`: {e}" for ruta, e in errores]
    lineas += ["", "Todas las visitas (vista / fin / MB):", ""]
    for r in [base, *resultados]:
        lineas.append(f"- `{r.ruta}`: " + "; ".join(f"{_s(v.vista)} / {_s(v.fin)} / {v.bytes_ws / 1e6:.3f}" for v in r.visitas))
    return "\n".join(lineas) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.navegador", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeticiones", type=int, default=5, help="visitas por página (por omisión 5)")
    p.add_argument("--puertos", type=int, nargs=2, default=(8620, 8621), help="puertos del tablero y del piso")
    p.add_argument("--rutas", nargs="+", help="sólo estas url_path de app.py (por omisión, todas); con «?» y "
                   "parámetros, esa vista de la página (p. ej. «territorio?capas=centros»)")
    p.add_argument("--salida", type=Path, default=SALIDA, help="informe Markdown (por omisión docs/navegador.md)")
    args = p.parse_args(argv)
    base, resultados, ctx = correr(args.repeticiones, tuple(args.puertos), args.rutas)
    orden = "python -m bench.navegador" + (f" --repeticiones {args.repeticiones}" if args.repeticiones != 5 else "") \
        + (f" --rutas {' '.join(args.rutas)}" if args.rutas else "")
    texto = markdown(base, resultados, ctx, orden)
    args.salida.write_text(texto, encoding="utf-8")
    print(texto)
    return 0 if all(r.errores == 0 for r in [base, *resultados]) else 1


if __name__ == "__main__":
    sys.exit(main())
