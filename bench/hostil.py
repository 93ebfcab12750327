"""Documentos hostiles contra el resto del tablero: `python -m bench.hostil` (escribe docs/hostil.md).

Dos mediciones en la misma corrida, sólo en la máquina local:

1. Cuánto tarda en llegar la negativa (o las propuestas) de cada documento hostil del caso 27 leído como lo lee la
   página «Incorporar documento» (`etl.acotado`: proceso hijo con límites de CPU, memoria, tiempo, páginas y
   caracteres).
2. Cuánto tarda Panorama en cargar (sesiones por el protocolo de Streamlit, `bench.carga.sesion`) sin carga y con
   cuatro lecturas hostiles en curso todo el tiempo (cada una que termina se vuelve a empezar).

Las cuatro lecturas las arranca este proceso con el mismo `etl.acotado` que usa la página, no por el punto de
subida del servidor: el trabajo (procesos hijos con `nice` 10 y sus límites) es el mismo, pero no se mide el
hilo del servidor que espera a cada hijo (un `poll` cada 0.25 s).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import threading
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
SALIDA = RAIZ / "docs" / "hostil.md"


def pdf_de_objetos(objetos: list[bytes]) -> bytes:
    """Un PDF con estos objetos (el 1 es el catálogo), numerados en orden, con su tabla xref: el armador que usan
    este banco y los PDF armados de las pruebas."""
    salida = bytearray(b"%PDF-1.4\n")
    posiciones = []
    for i, o in enumerate(objetos, 1):
        posiciones.append(len(salida))
        salida += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(salida)
    salida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    salida += b"".join(b"%010d 00000 n \n" % p for p in posiciones)
    salida += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objetos) + 1, xref)
    return bytes(salida)


def pdf_paginas(n: int, flujo: bytes, comprimir: bool = False) -> bytes:
    """PDF de `n` páginas que comparten un flujo de contenido (como en el caso 27: el archivo pesa lo que pesa el
    flujo); lo usan este banco y tests/test_documentos_hostiles.py."""
    datos = zlib.compress(flujo, 9) if comprimir else flujo
    filtro = b" /Filter /FlateDecode" if comprimir else b""
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(n)) + b"] /Count %d >>" % n,
        b"<< /Length %d%s >>\nstream\n" % (len(datos), filtro) + datos + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ] + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"] * n
    return pdf_de_objetos(objetos)


def _flujo(veces: int) -> bytes:
    return b"BT /F1 10 Tf 12 TL 40 800 Td " + b" ".join([b"(Llegaron 1,200 personas el 3 de marzo.) Tj T*"] * veces) + b" ET"


def documentos() -> dict[str, tuple[str, bytes]]:
    """Los documentos hostiles del caso 27 (y uno normal), armados aquí."""
    return {
        "PDF de 5,000 páginas con un flujo compartido": ("paginas.pdf", pdf_paginas(5000, _flujo(20000), comprimir=True)),
        "PDF de 300 páginas caras (bajo el tope de páginas)": ("caro.pdf", pdf_paginas(300, _flujo(20000), comprimir=True)),
        "renglón único de 5 MB": ("renglon5.txt", b"casi 1,234 personas llegaron; " * 175_000),
        "renglón único de 1.5 MB (bajo el tope de caracteres)": ("renglon.txt", b"casi 1,234 personas llegaron; " * 50_000),
        "bomba de compresión de 200 MB": ("bomba.pdf", pdf_paginas(1, b" " * (200 * 1024 * 1024), comprimir=True)),
        "HTML anidado 5,000 niveles": ("anidado.html", b"<html><body>" + b"<div>" * 5000 + b"1,200 personas" + b"</div>" * 5000),
        "comunicado normal": ("normal.txt", (RAIZ / "tests" / "fixtures" / "propuestas" / "comunicado_comar.txt").read_bytes()),
    }


def tiempos_de_negativa() -> list[tuple[str, int, float, str]]:
    from etl import acotado
    from etl.proponer import DocumentoIlegible

    filas = []
    for titulo, (nombre, datos) in documentos().items():
        t0 = time.perf_counter()
        try:
            p = acotado.proponer_acotado(nombre, datos)
            resultado = f"{len(p.cifras)} cifras propuestas"
        except DocumentoIlegible as e:
            resultado = f"negativa «{e.clave}»"
        filas.append((titulo, len(datos), time.perf_counter() - t0, resultado))
        print(f"{titulo}: {filas[-1][2]:.1f} s, {resultado}", flush=True)
    return filas


class Carga:
    """Cuatro lecturas hostiles en curso mientras dura el bloque: la que termina se vuelve a empezar."""

    def __init__(self, n: int = 4):
        docs = documentos()
        self.docs = [docs["PDF de 300 páginas caras (bajo el tope de páginas)"],
                     docs["renglón único de 1.5 MB (bajo el tope de caracteres)"]] * (n // 2)
        self.alto = threading.Event()
        self.lecturas = 0

    def _una(self, nombre: str, datos: bytes) -> None:
        from etl import acotado
        from etl.proponer import DocumentoIlegible

        while not self.alto.is_set():
            tarea = acotado.iniciar_propuesta(nombre, datos)
            try:
                tarea.esperar(lambda _s, t=tarea: self.alto.is_set() and t.terminar())
            except DocumentoIlegible:
                pass
            self.lecturas += 1

    def __enter__(self):
        self.hilos = [threading.Thread(target=self._una, args=d, daemon=True) for d in self.docs]
        for h in self.hilos:
            h.start()
        time.sleep(1.0)  # que los cuatro hijos estén leyendo
        return self

    def __exit__(self, *_):
        self.alto.set()
        for h in self.hilos:
            h.join(timeout=15)


def panorama(url: str, veces: int) -> list[float]:
    from bench.carga import una_sesion

    tiempos = []
    for _ in range(veces):
        s = una_sesion(url, "", espera=120)  # Panorama es la página por omisión (ruta vacía)
        if s.segundos is None or s.error:
            raise RuntimeError(f"Panorama falló: {s.error}")
        tiempos.append(s.segundos)
    return tiempos


def main(argv: list[str] | None = None) -> int:
    from bench.navegador import servidor
    from etl import acotado

    p = argparse.ArgumentParser(prog="python -m bench.hostil", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--veces", type=int, default=6, help="cargas de Panorama por condición (6)")
    p.add_argument("--puerto", type=int, default=8623)
    p.add_argument("--salida", type=Path, default=SALIDA)
    args = p.parse_args(argv)
    orden = "python -m bench.hostil " + " ".join(argv if argv is not None else sys.argv[1:])
    carga_inicio = os.getloadavg()
    acotado.proponer_acotado("calentar.txt", b"Llegaron 1,200 personas a Tapachula.")  # arranca el servidor de procesos
    negativas = tiempos_de_negativa()
    with servidor("app.py", args.puerto) as (url, _pid):
        panorama(url, 2)  # calentar cachés del servidor
        sin = panorama(url, args.veces)
        with Carga(4) as carga:
            con = panorama(url, args.veces)
        lecturas = carga.lecturas
        despues = panorama(url, args.veces)
    med_sin, med_con, med_despues = (statistics.median(x) for x in (sin, con, despues))
    lineas = [
        "# Documentos hostiles y el resto del tablero",
        "",
        f"`{orden.strip()}` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} núcleos, "
        f"carga media al empezar {carga_inicio[0]:.1f} y al terminar {os.getloadavg()[0]:.1f} (máquina compartida).",
        "",
        "Límites de la lectura (`etl.acotado.LIMITES`): "
        f"{acotado.LIMITES.cpu_s} s de CPU, {acotado.LIMITES.espera_s:g} s de reloj, +{acotado.LIMITES.memoria_mb} MB de "
        f"memoria, {acotado.LIMITES.paginas} páginas, {acotado.LIMITES.caracteres:,} caracteres; el hijo corre con nice 10.",
        "",
        "## 1. De la subida a la negativa (o a las propuestas)",
        "",
        "| documento | bytes | segundos | resultado |",
        "|---|---:|---:|---|",
    ] + [f"| {t} | {n:,} | {s:.1f} | {r} |" for t, n, s, r in negativas] + [
        "",
        "## 2. Panorama con cuatro lecturas hostiles en curso",
        "",
        f"{args.veces} cargas seguidas de Panorama (websocket hasta `script_finished`) en cada condición, mismo servidor.",
        "Las cuatro lecturas (dos PDF de 300 páginas caras y dos renglones de 1.5 MB) se reinician al terminar; "
        f"se hicieron {lecturas} lecturas mientras se medía.",
        "",
        "| condición | mediana (s) | mín (s) | máx (s) | mediana / sin carga |",
        "|---|---:|---:|---:|---:|",
        f"| sin lecturas | {med_sin:.2f} | {min(sin):.2f} | {max(sin):.2f} | 1.00× |",
        f"| cuatro lecturas hostiles | {med_con:.2f} | {min(con):.2f} | {max(con):.2f} | {med_con / med_sin:.2f}× |",
        f"| sin lecturas, otra vez | {med_despues:.2f} | {min(despues):.2f} | {max(despues):.2f} | "
        f"{med_despues / med_sin:.2f}× |",
        "",
        "Las lecturas corren en procesos aparte: no toman el GIL del servidor, y con `nice` 10 ceden los dos núcleos "
        "a las páginas. Lo que queda de diferencia es la competencia por la CPU (y por la memoria) de la máquina.",
        "",
    ]
    texto = "\n".join(lineas)
    args.salida.write_text(texto, encoding="utf-8")
    print(texto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
