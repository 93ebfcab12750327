"""PDF armado en el diseño descrito de «Irregulares en tránsito por Darién» (SNM de Panamá) para las pruebas.

No hay un PDF real del SNM en el repositorio: éste se construye aquí, con la forma que describe
etl/fuentes/darien/__init__.py (portada, y en otra página un título con el año, el encabezado «País ene … dic Total»,
un renglón por nacionalidad con llamadas «(1)» y nombres de varias palabras, «Otros», «Total», «Hijos de ciudadanos
…» y una nota «Fuente:»), cifras con separador de miles alineadas a la derecha de su columna y meses aún no
publicados vacíos. Las cifras salen del CSV compilado incluido (datos/crudos/tablas/panama_darien_por_nacionalidad.csv).
PDF 1.4 escrito a mano con Helvetica (una de las 14 fuentes base: pdfplumber conoce sus anchos).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field

from bench.hostil import pdf_de_objetos
from etl.construir import CRUDOS

INCLUIDO = CRUDOS / "tablas" / "panama_darien_por_nacionalidad.csv"
MESES = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
NOMBRES_MES = ("ENERO", "FEBRERO", "MARZO", "ABRIL", "MAYO", "JUNIO", "JULIO", "AGOSTO", "SEPTIEMBRE", "OCTUBRE",
               "NOVIEMBRE", "DICIEMBRE")
# Cómo escribe el PDF armado algunos nombres: varias palabras, grafía del catálogo de grafías, llamada de nota.
GRAFIAS = {"DOM": "Rep. Dominicana", "OOO": "Otros", "VEN": "Venezuela(1)", "LKA": "Sri Lanka", "BFA": "Burkina Faso"}
CUERPO = 7.0  # puntos
INTERLINEA = 10.0
X_NOMBRE = 40.0
DERECHA_ENE = 175.0  # borde derecho de la columna «ene»; cada mes 28 puntos más allá; «Total» al final
PASO = 28.0
_ANCHO = {**{d: 556 for d in "0123456789"}, ",": 278, "-": 333}  # Helvetica, milésimas del cuerpo


def incluidas() -> dict[tuple[int, int], dict[str, int]]:
    """{(año, mes): {iso3: personas}} de los renglones mensuales del CSV incluido."""
    salida: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    with INCLUIDO.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            anio, mes = int(r["t"][:4]), int(r["t"][5:7])
            if anio >= 2020:
                salida[(anio, mes)][r["nat"]] = int(r["n"])
    return dict(salida)


def nombres_es() -> dict[str, str]:
    with (CRUDOS / "catalogos" / "paises.csv").open(encoding="utf-8", newline="") as f:
        return {r["iso3"]: r["nombre_es"] for r in csv.DictReader(f)}


def cifra(n: int) -> str:
    return f"{n:,}"


@dataclass
class Armado:
    """Lo que lleva la página de la tabla; `renglones` dice en qué renglón de la página quedó cada nombre."""

    anio: int
    meses: int  # meses publicados (ene … este)
    cifras: dict[str, list[int]]  # iso3 → personas por mes publicado
    hijos: list[int] = field(default_factory=list)
    hijos_en_total: bool = False
    titulo: str | None = None  # por omisión, con el año
    encabezado: str = "País"
    nombres: dict[str, str] = field(default_factory=dict)  # iso3 → nombre escrito (por omisión GRAFIAS o nombre_es)
    total_mas: dict[int, int] = field(default_factory=dict)  # mes (1-12) → cuánto se suma al renglón «Total»
    pagina_tabla: int = 2
    paginas: int = 2
    renglones: dict[str, int] = field(default_factory=dict)

    def nombre(self, iso3: str) -> str:
        return self.nombres.get(iso3) or GRAFIAS.get(iso3) or nombres_es()[iso3]

    def archivo(self) -> str:
        return f"{self.anio}-IRREGULARES-POR-DARIEN-{NOMBRES_MES[self.meses - 1]}.pdf"

    def esperado(self) -> dict[tuple[int, int, str], int]:
        """{(año, mes, iso3): personas} que el lector debe dar (sin ceros, sin «Hijos», sin «Total»)."""
        return {(self.anio, m + 1, c): v[m] for c, v in self.cifras.items() for m in range(self.meses) if v[m]}

    def pdf(self) -> bytes:
        lineas = self._lineas()
        paginas = [[_texto(X_NOMBRE, 800, f"Servicio Nacional de Migración - página {p}")] for p in range(1, self.paginas + 1)]
        paginas[self.pagina_tabla - 1] = lineas
        return escribir(paginas)

    def _lineas(self) -> list[bytes]:
        y, salida, numero = 800.0, [], 0

        def renglon(nombre: str, valores: list[int | None], total: int | None) -> None:
            nonlocal y, numero
            numero += 1
            self.renglones[nombre] = numero
            salida.append(_texto(X_NOMBRE, y, nombre))
            for m, v in enumerate(valores):
                if v is not None:
                    texto = cifra(v) if v else "-"
                    salida.append(_texto(DERECHA_ENE + m * PASO - _ancho(texto), y, texto))
            if total is not None:
                salida.append(_texto(DERECHA_ENE + 12 * PASO + 10 - _ancho(cifra(total)), y, cifra(total)))
            y -= INTERLINEA

        titulo = self.titulo if self.titulo is not None else (
            f"Irregulares en tránsito por Darién por país, enero a {NOMBRES_MES[self.meses - 1].lower()} {self.anio}")
        numero += 1
        salida.append(_texto(X_NOMBRE, y, titulo))
        y -= 2 * INTERLINEA
        numero += 1
        salida.append(_texto(X_NOMBRE, y, self.encabezado))
        for m, mes in enumerate(MESES):
            salida.append(_texto(DERECHA_ENE + m * PASO - 8 - _ancho_letras(mes) / 2, y, mes))
        salida.append(_texto(DERECHA_ENE + 12 * PASO + 10 - 14 - _ancho_letras("Total") / 2, y, "Total"))
        y -= INTERLINEA
        vacios = [None] * (12 - self.meses)
        orden = sorted((c for c in self.cifras if c != "OOO"), key=lambda c: (-sum(self.cifras[c]), c))
        for c in orden + (["OOO"] if "OOO" in self.cifras else []):
            renglon(self.nombre(c), list(self.cifras[c]) + vacios, sum(self.cifras[c]))
        totales = [sum(v[m] for v in self.cifras.values()) + (self.hijos[m] if self.hijos and self.hijos_en_total else 0)
                   + self.total_mas.get(m + 1, 0) for m in range(self.meses)]
        renglon("Total", totales + vacios, sum(totales))
        if self.hijos:
            renglon("Hijos de ciudadanos", self.hijos + vacios, sum(self.hijos))
            numero += 1
            salida.append(_texto(X_NOMBRE, y, "extranjeros nacidos en tránsito"))  # el nombre sigue abajo
            y -= INTERLINEA
        numero += 1
        salida.append(_texto(X_NOMBRE, y - INTERLINEA, f"Fuente: Servicio Nacional de Migración, {self.anio}. (1) Incluye"))
        return salida


def desde_incluido(anio: int, meses: int, **otros) -> Armado:
    """Las cifras del CSV incluido de `anio`, de enero a `meses`."""
    por_mes = incluidas()
    codigos = sorted({c for m in range(1, meses + 1) for c in por_mes.get((anio, m), {})})
    cifras = {c: [por_mes.get((anio, m), {}).get(c, 0) for m in range(1, meses + 1)] for c in codigos}
    return Armado(anio, meses, cifras, **otros)


def _ancho(texto: str) -> float:
    return sum(_ANCHO[c] for c in texto) * CUERPO / 1000


def _ancho_letras(texto: str) -> float:
    return len(texto) * 500 * CUERPO / 1000  # aproximado: basta para centrar el encabezado sobre su columna


def _texto(x: float, y: float, texto: str) -> bytes:
    cadena = texto.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm (" % (CUERPO, x, y) + cadena + b") Tj ET"


def escribir(paginas: list[list[bytes]]) -> bytes:
    """PDF de varias páginas, cada una con su flujo de texto (Helvetica, WinAnsiEncoding)."""
    n = len(paginas)
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n)) + b"] /Count %d >>" % n,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lineas in enumerate(paginas):
        flujo = b"\n".join(lineas)
        objetos.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * i))
        objetos.append(b"<< /Length %d >>\nstream\n" % len(flujo) + flujo + b"\nendstream")
    return pdf_de_objetos(objetos)
