"""La «Presentación (.pptx)» de cada página con gráficas: `python -m bench.presentacion` (escribe docs/presentacion.md).

Abre cada página con AppTest (como las pruebas), corre la función que está detrás del botón «Presentación (.pptx)»
(la misma que corre el servidor al pulsarlo) una vez en frío y tres en caliente, y cuenta diapositivas: deben ser
gráficas + grupos de tarjetas + 2. Con `--libreoffice` además convierte cada presentación a PDF con LibreOffice
sin pantalla (`soffice --headless`), cuenta sus páginas y deja cada página como PNG (`pdftoppm`) en `--dibujos`
para mirarlas. LibreOffice no es parte del entorno de pruebas: instálelo aparte (`apt-get install libreoffice-impress
poppler-utils`).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "presentacion.md"
PAGINAS = ("encuentros", "refugio_empleo", "imss", "vacantes", "proyecciones", "territorio")  # el Panorama no tiene gráficas


def _registrar():
    """Guarda cada función de descarga diferida que registra Streamlit (como la fixture `descargas`)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    registradas: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def registrar(self, funcion, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, funcion, mimetype, coordinates, file_name=file_name, **kwargs)
        registradas[file_id] = funcion
        return file_id

    MediaFileManager.add_deferred = registrar
    return registradas


def medir_pagina(pagina: str, registradas: dict, calientes: int = 3) -> dict:
    from pptx import Presentation

    sys.path.insert(0, str(RAIZ))
    from tests.conftest import abrir

    at = abrir(pagina, timeout=300)
    boton = [b for b in at.get("download_button") if b.proto.id.endswith("-presentacion_pptx")]
    if not boton:
        return {"pagina": pagina, "error": "sin botón"}
    funcion = registradas[boton[0].proto.deferred_file_id]
    t0 = time.perf_counter()
    contenido = funcion()
    frio = time.perf_counter() - t0
    tiempos = []
    for _ in range(calientes):
        t0 = time.perf_counter()
        contenido = funcion()
        tiempos.append(time.perf_counter() - t0)
    prs = Presentation(io.BytesIO(contenido))
    graficas = len(at.get("plotly_chart"))
    rejillas = sum("<div class='tarjetas tarjetas-" in h.proto.body for h in at.get("html"))
    formas = [sh for s in prs.slides for sh in s.shapes]
    return {"pagina": pagina, "bytes": contenido, "frio": frio, "caliente": statistics.median(tiempos),
            "diapositivas": len(prs.slides), "esperadas": graficas + rejillas + 2, "graficas": graficas,
            "rejillas": rejillas, "nativas": sum(sh.has_chart for sh in formas),
            "imagenes": sum(sh.shape_type == 13 for sh in formas)}


def libreoffice(contenido: bytes, nombre: str, dibujos: Path) -> dict:
    """PDF con LibreOffice sin pantalla: sus páginas y, con pdftoppm, un PNG por página."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return {"pdf": "sin LibreOffice"}
    with tempfile.TemporaryDirectory(prefix="tablero-pptx-") as tmp:
        ruta = Path(tmp) / f"{nombre}.pptx"
        ruta.write_bytes(contenido)
        perfil = Path(tmp) / "perfil"
        t0 = time.perf_counter()
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{perfil}", "--convert-to", "pdf",
                        "--outdir", tmp, str(ruta)], check=True, capture_output=True, timeout=300)
        segundos = time.perf_counter() - t0
        pdf = Path(tmp) / f"{nombre}.pdf"
        paginas = None
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            paginas = int(next(linea.split()[-1] for linea in info.splitlines() if linea.startswith("Pages:")))
        if shutil.which("pdftoppm"):
            dibujos.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(dibujos / nombre)], check=True, timeout=300)
        return {"pdf": "ok", "paginas_pdf": paginas, "segundos_pdf": segundos}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.presentacion", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--paginas", nargs="+", default=list(PAGINAS))
    p.add_argument("--libreoffice", action="store_true", help="convertir a PDF con LibreOffice y dibujar las páginas")
    p.add_argument("--dibujos", type=Path, default=Path(tempfile.gettempdir()) / "tablero-presentaciones")
    p.add_argument("--salida", type=Path, default=SALIDA)
    args = p.parse_args(argv)
    os.chdir(RAIZ)
    registradas = _registrar()
    orden = ("python -m bench.presentacion " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    inicio = os.getloadavg()
    filas = []
    for pagina in args.paginas:
        fila = medir_pagina(pagina, registradas)
        if args.libreoffice and "bytes" in fila:
            fila |= libreoffice(fila["bytes"], pagina, args.dibujos)
        filas.append(fila)
        print(pagina, {k: v for k, v in fila.items() if k != "bytes"}, flush=True)
    renglones = [
        "# Presentación (.pptx) de cada página", "",
        f"`{orden}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} núcleos, carga (1 min) "
        f"{inicio[0]:.2f} → {os.getloadavg()[0]:.2f} (máquina compartida). Vista por omisión de cada página en español. "
        "«Frío»: la primera vez (lee `fuentes_catalogo` y, si hay gráficas no nativas, dibuja su PNG con Chromium); "
        "«caliente»: mediana de tres más. Objetivo: Encuentros en caliente ≤ 3 s.", "",
        "| página | gráficas | grupos de tarjetas | diapositivas (esperadas) | nativas | imágenes | frío (s) | caliente (s) |"
        + (" PDF de LibreOffice (páginas) |" if args.libreoffice else ""),
        "|---|---|---|---|---|---|---|---|" + ("---|" if args.libreoffice else ""),
    ]
    for f in filas:
        if "error" in f:
            renglones.append(f"| {f['pagina']} | {f['error']} |")
            continue
        renglones.append(
            f"| {f['pagina']} | {f['graficas']} | {f['rejillas']} | {f['diapositivas']} ({f['esperadas']}) | {f['nativas']} | "
            f"{f['imagenes']} | {f['frio']:.2f} | {f['caliente']:.2f} |"
            + (f" {f.get('pdf')} ({f.get('paginas_pdf')}) |" if args.libreoffice else ""))
    texto = "\n".join(renglones) + "\n"
    args.salida.write_text(texto, encoding="utf-8")
    print(texto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
