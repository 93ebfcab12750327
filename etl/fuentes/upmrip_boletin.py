"""Boletín Mensual de Estadísticas Migratorias de la UPMRIP (SEGOB): descarga y lectura de sus cuadros tal como se publican.

Es una unidad del registro de fuentes (`etl/fuentes/__init__.py`): `METADATOS`, `descargar`, `validar`, `TABLAS`,
`PERIODO` y `ARCHIVOS` (el catálogo de grafías). La UPMRIP publica un libro .xls/.xlsx por cuadro y por año y lo
sobrescribe cada mes (enero..M acumulado), así que cada descarga es una «vintage»: `python -m etl actualizar
upmrip_boletin` la guarda como instantánea inmutable del registro (`etl.instantaneas`):
`datos/crudos/instantaneas/upmrip_boletin/<AAAAMMDDTHHMMSSZ>/<AAAA>_<nombre publicado>` con la ficha que escribe el
código (`acceso_utc`, `sha256`, url…). La construcción (`etl.fuentes.upmrip.lector.boletin`) usa, por cuadro y año, el libro de la
instantánea más nueva (por la hora de su carpeta) para los meses que trae, en lugar de los renglones del CSV compilado.

El lector entiende el estilo de la casa (visto en un cuadro real, el 1.3.1; ver `tests/fixtures/upmrip_boletin/`):
título y encabezado repetidos en cada salto de página con «(Continúa)», renglones de continente y región (se quitan,
comprobando antes que valen la suma de sus países), llamadas de nota pegadas al nombre («Estados Unidos 1»), ceros
como «-», «Información preliminar», la línea «Fuente:», renglones en blanco y datos desde la columna C. Las grafías
de país se traducen a ISO-3 con datos (`catalogos/upmrip_grafias.csv` más los nombres de `catalogos/paises.csv`),
nunca con código: una grafía desconocida detiene el ETL nombrando archivo, fila y grafía.

Se lee con python-calamine: una sola API para .xls (BIFF8) y .xlsx, mantenida y rápida.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pandas as pd

from ..descarga import FalloDescarga
from ..errores import ErrorDeEntrada
from ..procedencia import sha256

if TYPE_CHECKING:  # sólo para las anotaciones: el cliente lo crea etl.descarga
    import httpx

logger = logging.getLogger(__name__)

FUENTE = "upmrip_boletin"
PAGINA = "https://portales.segob.gob.mx/es/PoliticaMigratoria/CuadrosBOLETIN?Anual={anio}&Secc={seccion}"
CARPETA = Path("instantaneas") / FUENTE  # relativa a datos/crudos: una carpeta <AAAAMMDDTHHMMSSZ>/ por descarga
GRAFIAS = Path("catalogos") / "upmrip_grafias.csv"  # relativa a datos/crudos
EXTENSIONES = (".xls", ".xlsx")

METADATOS: dict = {
    "fuente": FUENTE,
    "titulo": "Boletín Mensual de Estadísticas Migratorias: cuadros 3.1.1, 3.1.3 y 3.2.4 como se publican",
    "titulo_en": "Monthly Bulletin of Migration Statistics: tables 3.1.1, 3.1.3 and 3.2.4 as published",
    "documento": "Boletín Mensual de Estadísticas Migratorias",
    "documento_en": "Monthly Bulletin of Migration Statistics",
    "productor": "Unidad de Política Migratoria, Registro e Identidad de Personas (UPMRIP), SEGOB",
    "productor_en": "Unit for Migration Policy, Registry and Identity of Persons (UPMRIP), Ministry of the Interior (SEGOB), Mexico",
    "licencia": "Estadística oficial publicada en abierto por SEGOB; sin licencia explícita en los archivos: "
                "se reutiliza como dato público citando la fuente (línea «Fuente:» de cada cuadro)",
    "licencia_en": "Official statistics openly published by SEGOB; no explicit licence in the files: reused as public data, "
                   "citing the source (each table's «Fuente:» line)",
    "cita_sugerida": "UPMRIP, SEGOB. Boletín Mensual de Estadísticas Migratorias {anio}, cuadro {cuadro}. "
                     "Consultado el {fecha_acceso} en {url}.",
    "cita_sugerida_en": "UPMRIP, SEGOB. Monthly Bulletin of Migration Statistics {anio}, table {cuadro}. Accessed {fecha_acceso} at {url}.",
    "unidad": "eventos (una persona puede contarse varias veces)",
    "unidad_en": "events (one person may be counted several times)",
    # Claves del registro (etl/fuentes/__init__.py): la cita de la ficha de cada descarga, la cadencia y el rezago.
    "cita": "UPMRIP, SEGOB. Boletín Mensual de Estadísticas Migratorias, cuadros 3.1.1, 3.1.3 y 3.2.4.",
    "cita_en": "UPMRIP, SEGOB. Boletín Mensual de Estadísticas Migratorias (Monthly Bulletin of Migration Statistics), tables 3.1.1, 3.1.3 and 3.2.4.",
    "cadencia": "mensual",
    # El mes M aparece hacia el día 7 del mes M+2: del fin del mes M a ese día van el mes M+1 entero (30.4 días en
    # promedio) más 7, unos 38 días (estimación de las fechas de publicación vistas; ver rezago_texto).
    "rezago_dias": 38,
    "url": "https://portales.segob.gob.mx/es/PoliticaMigratoria/Boletines_Estadisticos",
    "token": None,
    "cuadros": {"3.1.1": "eventos_nacionalidad", "3.1.3": "eventos_sexo_edad", "3.2.4": "devoluciones"},
    "rezago_texto": "se publica hacia el día 7 del mes M+2 (un libro por año, acumulado y sobrescrito cada mes; "
                    "las cifras del año en curso son preliminares)",
    "rezago_texto_en": "published around day 7 of month M+2 (one workbook per year, cumulative and overwritten every month; "
                       "current-year figures are preliminary)",
    "pagina": PAGINA,
    "notas": [
        "El servidor de portales.segob.gob.mx ha servido una cadena TLS incompleta; si la descarga falla por certificado, "
        "el cliente HTTP necesita la cadena intermedia (no desactive la verificación).",
        "La página de cuadros está en Latin-1 y el nombre de cada archivo cambia de un año a otro "
        "(cuadro_3.1.1.xls, cuadro3.1.1_.xls, cuadro3.1.1.xls): se toma del enlace, nunca se escribe a mano.",
    ],
}

# Lo que el registro necesita además de METADATOS y descargar: el catálogo de grafías que reclama, las tablas que
# alimenta (las tres de los CSV compilados de la fuente `upmrip`, cuyos meses reemplaza) y de dónde sale su último
# periodo publicado.
ARCHIVOS = (GRAFIAS.as_posix(),)
SUSTITUYE = "upmrip"
TABLAS = ("eventos_nacionalidad", "eventos_sexo_edad", "devoluciones")
LECTOR = "etl.fuentes.upmrip_boletin"
PERIODO = ("eventos_nacionalidad", "mes")

# Cuadros que se descargan y leen: número → (sección de la página, título corto).
CUADROS: dict[str, tuple[int, str]] = {
    "3.1.1": (3, "Eventos de personas en situación migratoria irregular en México, según continente y país de nacionalidad"),
    "3.1.3": (3, "Eventos de personas en situación migratoria irregular en México, por sexo y grupo de edad"),
    "3.2.4": (3, "Eventos de personas extranjeras devueltas por México, por nacionalidad y tipo de devolución"),
}

MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre")

# Renglones de agregado y su nivel (0 = total): cada uno vale la suma de los países que le siguen hasta el siguiente
# renglón de su nivel o uno más alto. Los «sueltos» son países o categorías que cuelgan directo de un nivel.
AGREGADOS = {
    "total general": 0, "total": 0,
    "extranjeros": 1,
    "américa": 2, "europa": 2, "asia": 2, "áfrica": 2, "oceanía": 2, "oceania": 2,
    "américa del norte": 3, "américa central": 3, "islas del caribe": 3, "el caribe": 3, "caribe": 3,
    "américa del sur": 3,
}
SUELTOS = {"nacionales": 1, "apátridas": 2, "no especificado": 2, "otros": 2, "otras nacionalidades": 2,
           "otros países": 2}
NIVEL_PAIS = 4
# Cuadro 3.1.3: el total, cada sexo y «Menores de 12 años» son agregados; los grupos de edad son las hojas.
# Las etiquetas de la hoja real no se han visto (las notas de diseño sólo traen las inglesas de gdidata): estas grafías
# son supuestas y una distinta detiene el ETL nombrándola, para agregarla aquí.
AGREGADOS_313 = {"total": 0, "total general": 0, "hombres": 1, "mujeres": 1, "menores de 12 años": 2}
SEXOS_313 = {"hombres": "Hombres", "mujeres": "Mujeres"}
EDADES_313 = {
    "18 años y más": "18 años o más", "18 años o más": "18 años o más", "de 18 años y más": "18 años o más",
    "mayores de 18 años": "18 años o más",
    "de 12 a 17 años": "12 a 17 años", "12 a 17 años": "12 a 17 años",
    "acompañados": "Menores de 12, acompañados", "menores de 12 años acompañados": "Menores de 12, acompañados",
    "no acompañados": "Menores de 12, no acompañados",
    "menores de 12 años no acompañados": "Menores de 12, no acompañados",
}
NOTAS = ("(-)", "ver notas", "fuente", "información preliminar", "informacion preliminar", "las cifras", "nota",
         "cifras preliminares", "en validación")


# --------------------------------------------------------------------------- errores

class ErrorDeDescarga(ErrorDeEntrada, FalloDescarga):
    """La descarga de una fuente falló: dice fuente, dirección y motivo (las instantáneas anteriores no se tocan). Es
    un FalloDescarga: `etl.actualizar` lo informa como los de las demás fuentes."""

    def __init__(self, url: str, motivo: str, fuente: str = FUENTE):
        self.fuente, self.url, self.motivo = fuente, url, motivo
        super().__init__(f"fuente {fuente}", f"{motivo} ({url})")

    def __str__(self) -> str:
        return f"fuente {self.fuente}, {self.url}: {self.motivo}"


# --------------------------------------------------------------------------- descarga

def _patron_cuadro(cuadro: str) -> re.Pattern:
    """cuadro_3.1.1.xls, cuadro3.1.1_.xls, cuadro3.1.1.xls o .xlsx; no confunde 3.1.1 con 3.1.10."""
    return re.compile(rf"(?:^|/)cuadro_?{re.escape(cuadro)}_?\.xlsx?$", re.IGNORECASE)


def enlaces(html: str, url_pagina: str, cuadro: str) -> list[str]:
    """Direcciones absolutas de los libros del cuadro que enlaza la página, en su orden."""
    patron = _patron_cuadro(cuadro)
    hallados = []
    for href in re.findall(r"""href\s*=\s*["']([^"']+)["']""", html, flags=re.IGNORECASE):
        absoluta = urljoin(url_pagina, href.strip())
        if patron.search(absoluta.split("?")[0]) and absoluta not in hallados:
            hallados.append(absoluta)
    return hallados


def _pedir(cliente: httpx.Client, url: str) -> httpx.Response:
    """GET con el cliente común (`etl.descarga`: tiempos límite, reintentos con espera creciente para 5xx y tiempos
    agotados, agente que nombra al proyecto); un fallo dice fuente, dirección y motivo."""
    from ..descarga import obtener

    try:
        return obtener(cliente, url)
    except FalloDescarga as e:
        raise ErrorDeDescarga(url, str(e).replace(f" al pedir {url}", "")) from None


def _hoy() -> date:
    """La fecha que decide qué años se piden (aparte para que las pruebas la fijen)."""
    return datetime.now(UTC).date()


def descargar(cliente: httpx.Client, anio: int | None = None, *, hoy: date | None = None) -> list[tuple[str, bytes, str]]:
    """Libros de los cuadros de `CUADROS` para `anio` (por omisión el año en curso y el anterior, que aún se revisa):
    [(nombre, contenido, url)], con el nombre `AAAA_<nombre publicado>` porque el publicado no dice el año.

    Sin `anio`, hasta marzo (enero se publica hacia el 7 de marzo) el año en curso puede no tener cuadros aún: se omite
    con un aviso. Fuera de ese caso, un enlace que falta es un error."""
    hoy = hoy or _hoy()
    anios = [anio] if anio is not None else [hoy.year - 1, hoy.year]
    salida = []
    for a in anios:
        paginas: dict[int, str] = {}
        del_anio = []
        for cuadro, (seccion, _) in CUADROS.items():
            url_pagina = PAGINA.format(anio=a, seccion=seccion)
            if seccion not in paginas:
                paginas[seccion] = _pedir(cliente, url_pagina).content.decode("latin-1")
            hallados = enlaces(paginas[seccion], url_pagina, cuadro)
            if not hallados:
                if anio is None and a == hoy.year and hoy.month <= 3:
                    logger.info("%s: la página de %d aún no enlaza el cuadro %s; se omite ese año", FUENTE, a, cuadro)
                    del_anio = []
                    break
                raise ErrorDeDescarga(url_pagina, f"la página no enlaza el cuadro {cuadro} de {a} "
                                      "(¿cambió el nombre del archivo o aún no se publica el año?)")
            url = hallados[0]
            contenido = _pedir(cliente, url).content
            if not (contenido.startswith(b"\xd0\xcf\x11\xe0") or contenido.startswith(b"PK\x03\x04")):
                raise ErrorDeDescarga(url, f"el cuerpo no es un libro de Excel (.xls ni .xlsx): empieza con {contenido[:16]!r}")
            del_anio.append((f"{a}_{url.rsplit('/', 1)[-1].split('?')[0]}", contenido, url))
        salida += del_anio
    return salida


# --------------------------------------------------------------------------- lectura del estilo de la casa

def _texto(valor) -> str:
    if valor is None or isinstance(valor, (int, float)):
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(valor))).strip()


def sin_llamada(texto: str) -> str:
    """«Estados Unidos 1» → «Estados Unidos»; «Otros 4» → «Otros» (llamada de nota pegada al final)."""
    return re.sub(r"(?:\s+\d{1,2}(?:\s*,\s*\d{1,2})*|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s*\(\d{1,2}\))$", "", texto).strip()


def _clave(texto: str) -> str:
    return sin_llamada(_texto(texto)).casefold()


def letra(columna: int) -> str:
    """Índice 0 → «A», como lo ve quien abre la hoja."""
    letras = ""
    columna += 1
    while columna:
        columna, resto = divmod(columna - 1, 26)
        letras = chr(65 + resto) + letras
    return letras


@dataclass
class Renglon:
    fila: int  # como en la hoja (1 = primera)
    original: str
    etiqueta: str  # sin llamada de nota
    nivel: int
    agregado: bool
    valores: list[int]


@dataclass
class Cuadro:
    archivo: str
    titulo: str
    numero: str
    anio: int | None
    columna_etiqueta: int  # índice de la columna de etiquetas (la C en el estilo de la casa)
    columnas: list[int]  # índices de columna (0 = A) con datos
    encabezados: list[tuple[str, ...]]  # por columna de datos, de arriba abajo
    renglones: list[Renglon] = field(default_factory=list)
    notas: list[str] = field(default_factory=list)
    preliminar: bool = False
    fuente: str | None = None

    def nombre_columna(self, i: int) -> str:
        return f"{letra(self.columnas[i])} ({' / '.join(e for e in self.encabezados[i] if e)})"

    def hojas(self) -> list[Renglon]:
        """Los renglones que no son agregados: países y categorías sueltas."""
        return [r for r in self.renglones if not r.agregado]


def _numero(valor, archivo: str, fila: int, columna: str) -> int:
    if isinstance(valor, bool):
        raise ErrorDeEntrada(archivo, f"valor {valor!r} no es un número", fila, columna)
    if isinstance(valor, (int, float)):
        if valor != valor or valor < 0 or float(valor) != int(valor):
            raise ErrorDeEntrada(archivo, f"valor {valor!r} no es un conteo entero no negativo", fila, columna)
        return int(valor)
    texto = _texto(valor)
    if texto in ("-", "–", "—"):
        return 0
    if re.fullmatch(r"\d{1,3}(?:[ ,\u00a0]\d{3})*|\d+", texto):
        return int(re.sub(r"[ ,\u00a0]", "", texto))
    if texto == "":
        raise ErrorDeEntrada(archivo, "celda vacía donde se espera un conteo («-» si es cero)", fila, columna)
    raise ErrorDeEntrada(archivo, f"valor {texto!r} no es un conteo", fila, columna)


def _filas(ruta: Path, archivo: str) -> list[list]:
    """Las celdas de la primera hoja. El formato se reconoce por el contenido, no por la extensión: un portal puede
    servir un .xlsx con el nombre `cuadro3.1.1_.xls` (la descarga ya comprobó que es .xls o .xlsx por su firma)."""
    import io

    from python_calamine import CalamineError, CalamineWorkbook

    try:
        libro = CalamineWorkbook.from_filelike(io.BytesIO(Path(ruta).read_bytes()))
        return libro.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as e:
        raise ErrorDeEntrada(archivo, f"no se puede leer como libro de Excel (.xls/.xlsx): {e}") from None


def leer_cuadro(ruta: Path, nombre: str | None = None) -> Cuadro:
    """Lee la primera hoja de un cuadro del Boletín y comprueba sus subtotales; no traduce países."""
    ruta = Path(ruta)
    archivo = nombre or ruta.name  # en una instantánea, su identificador (instantaneas/<fuente>/<hora>/<archivo>)
    filas = _filas(ruta, archivo)
    ancho = max((len(f) for f in filas), default=0)
    filas = [list(f) + [""] * (ancho - len(f)) for f in filas]
    # Título: «3.1.1 Eventos de …, enero-diciembre de 2024»; su columna es la de las etiquetas (la C).
    titulo = None
    for i, f in enumerate(filas):
        for j, c in enumerate(f):
            m = re.match(r"^(?:Cuadro\s+)?(\d+(?:\.\d+)+)\.?\s+\S", _texto(c))
            if m:
                titulo, numero, col, i_titulo = _texto(c), m.group(1), j, i
                break
        if titulo:
            break
    if titulo is None:
        raise ErrorDeEntrada(archivo, "no se encuentra el título del cuadro («N.N.N Título…»): ¿cambió el formato?")
    anios = re.findall(r"\b(20\d{2}|19\d{2})\b", titulo)
    anio = int(anios[-1]) if anios else None

    def es_numero(c) -> bool:
        return isinstance(c, (int, float)) and not isinstance(c, bool)

    def es_continua(f) -> bool:  # «(Continúa)» en cada página salvo la última, «(Concluye)» en la última
        return any(re.fullmatch(r"\((contin[úu]a|concluye)\)", _texto(c).casefold()) for c in f)

    # Encabezado: renglones seguidos con texto y sin números, desde el primero con etiqueta bajo el título.
    i = i_titulo + 1
    while i < len(filas) and (not any(_texto(c) for c in filas[i]) or es_continua(filas[i])):
        i += 1
    encabezado = []
    while i < len(filas) and any(_texto(c) for c in filas[i]) and not any(es_numero(c) for c in filas[i][col + 1:]):
        encabezado.append(i)
        i += 1
    if not encabezado or not _texto(filas[encabezado[0]][col]):
        raise ErrorDeEntrada(archivo, "no se encuentra el encabezado bajo el título (columna "
                             f"{letra(col)}): ¿cambió el formato?", (encabezado[0] + 1) if encabezado else i_titulo + 2)
    # Celdas combinadas: calamine deja vacías las que no son la primera; un mes cubre sus subcolumnas, y una celda
    # combinada hacia abajo («Total» sobre los dos renglones del encabezado) es una columna con su texto arriba.
    propias = {j for k in encabezado for j in range(col + 1, ancho) if sin_llamada(_texto(filas[k][j]))}
    niveles = []
    for k in encabezado:
        fila, actual, llenada = filas[k], "", []
        for j in range(ancho):
            t = sin_llamada(_texto(fila[j])) if j > col else ""
            if t:
                actual = t
            llenada.append(t if k == encabezado[-1] else (t or actual))
        niveles.append(llenada)
    ultimo = niveles[-1]
    columnas = [j for j in range(col + 1, ancho) if ultimo[j] or j in propias]
    if not columnas:
        raise ErrorDeEntrada(archivo, "el encabezado no tiene columnas de datos", encabezado[-1] + 1)
    encabezados = [tuple(n[j] for n in niveles) for j in columnas]
    firma_encabezado = [[_clave(c) for c in filas[k]] for k in encabezado]
    cuadro = Cuadro(archivo, titulo, numero, anio, col, columnas, encabezados)

    for k in range(encabezado[-1] + 1, len(filas)):
        fila = filas[k]
        etiqueta = _texto(fila[col])
        datos = [fila[j] for j in columnas]
        hay_datos = any(es_numero(c) or _texto(c) for c in datos)
        if not etiqueta and not hay_datos:
            if any(_texto(c) for c in fila[:col]) and not es_continua(fila):
                raise ErrorDeEntrada(archivo, f"texto fuera de la columna de etiquetas ({letra(col)})", k + 1)
            continue  # renglón en blanco, o «(Continúa)» con su celda suelta
        if es_continua(fila) and not etiqueta:
            continue
        if etiqueta == titulo or (etiqueta.startswith(numero + " ") and sin_llamada(etiqueta) == sin_llamada(titulo)):
            continue  # título repetido en el salto de página
        if [_clave(c) for c in fila] in firma_encabezado:
            continue  # encabezado repetido en el salto de página
        if _clave(etiqueta) == _clave(filas[encabezado[0]][col]):
            raise ErrorDeEntrada(archivo, "encabezado repetido distinto del primero: ¿cambió el formato a media hoja?", k + 1)
        if not etiqueta:
            j = next(j for j, c in zip(columnas, datos) if es_numero(c) or _texto(c))
            raise ErrorDeEntrada(archivo, "valores sin etiqueta de país o continente", k + 1, letra(j))
        if not hay_datos:
            minus = etiqueta.casefold()
            if minus.startswith(NOTAS) or re.match(r"^\d{1,2}\s+\S", etiqueta) or len(etiqueta) > 60:
                cuadro.notas.append(etiqueta)
                if minus.startswith("fuente"):
                    cuadro.fuente = etiqueta
                if "preliminar" in minus:
                    cuadro.preliminar = True
                continue
            raise ErrorDeEntrada(archivo, f"renglón «{etiqueta}» sin valores: ¿celdas vacías donde va «-»?", k + 1, letra(col))
        valores = [_numero(c, archivo, k + 1, cuadro.nombre_columna(n)) for n, c in enumerate(datos)]
        sueltas = [j for j in range(col + 1, ancho) if j not in columnas and (es_numero(fila[j]) and fila[j] != 0
                                                                              or _texto(fila[j]) not in ("", "-"))]
        if sueltas:
            raise ErrorDeEntrada(archivo, f"valor {fila[sueltas[0]]!r} en una columna sin encabezado: se perdería",
                                 k + 1, letra(sueltas[0]))
        limpia = sin_llamada(etiqueta)
        clave = limpia.casefold()
        if numero == "3.1.3":
            agregado, nivel = clave in AGREGADOS_313, AGREGADOS_313.get(clave, NIVEL_PAIS)
        else:
            agregado = clave in AGREGADOS
            nivel = AGREGADOS[clave] if agregado else SUELTOS.get(clave, NIVEL_PAIS)
        cuadro.renglones.append(Renglon(k + 1, etiqueta, limpia, nivel, agregado, valores))
    if not cuadro.hojas():
        raise ErrorDeEntrada(archivo, "el cuadro no trae renglones de datos")
    comprobar_subtotales(cuadro)
    return cuadro


def comprobar_subtotales(cuadro: Cuadro) -> None:
    """Cada renglón de total, continente o región vale la suma de los países bajo él, columna por columna."""
    rs = cuadro.renglones
    for i, r in enumerate(rs):
        if not r.agregado:
            continue
        suma = [0] * len(r.valores)
        hijos = 0
        for s in rs[i + 1:]:
            if s.nivel <= r.nivel:
                break
            if not s.agregado:
                hijos += 1
                suma = [a + b for a, b in zip(suma, s.valores)]
        if hijos == 0:
            raise ErrorDeEntrada(cuadro.archivo, f"el renglón de agregado «{r.etiqueta}» no tiene países debajo", r.fila)
        for n, (v, s) in enumerate(zip(r.valores, suma)):
            if v != s:
                raise ErrorDeEntrada(
                    cuadro.archivo, f"el subtotal «{r.etiqueta}» vale {v:,} y la suma de sus {hijos} renglones de país "
                    f"es {s:,}: no se publica un cuadro que no cuadra", r.fila, cuadro.nombre_columna(n))


# --------------------------------------------------------------------------- grafías de país

def grafias(ruta: Path, paises: pd.DataFrame) -> dict[str, str]:
    """{grafía en minúsculas → ISO-3}: los nombres de `paises.csv` más las grafías propias de la UPMRIP."""
    from ..lectura import en_catalogo, leer_csv

    crudo = leer_csv(ruta, ["grafia", "iso3", "origen"])
    codigos = set(paises["iso3"])
    en_catalogo(crudo, "iso3", ruta.name, codigos, "código de nacionalidad")
    mapa = {_clave(n): c for n, c in zip(paises["nombre_es"], paises["iso3"])}
    propias: dict[str, tuple[str, int]] = {}
    for grafia, iso3, fila in zip(crudo["grafia"], crudo["iso3"], crudo["_fila"]):
        clave = _clave(grafia)
        if not clave:
            raise ErrorDeEntrada(ruta.name, "grafía vacía", int(fila), "grafia")
        if clave in propias and propias[clave][0] != iso3.strip():
            raise ErrorDeEntrada(ruta.name, f"la grafía {grafia!r} ya está en la fila {propias[clave][1]} con otro código",
                                 int(fila), "grafia")
        propias[clave] = (iso3.strip(), int(fila))
    mapa.update({k: v for k, (v, _) in propias.items()})
    return mapa


def a_iso3(cuadro: Cuadro, mapa: dict[str, str]) -> list[tuple[Renglon, str]]:
    """Cada renglón de país con su ISO-3; una grafía que no está en el catálogo detiene la lectura."""
    salida = []
    for r in cuadro.hojas():
        iso3 = mapa.get(r.etiqueta.casefold())
        if iso3 is None:
            raise ErrorDeEntrada(
                cuadro.archivo, f"grafía de país desconocida {r.etiqueta!r}: agréguela con su ISO-3 a "
                f"datos/crudos/{GRAFIAS.as_posix()} (y ponga al día su ficha)", r.fila, letra(cuadro.columna_etiqueta))
        salida.append((r, iso3))
    return salida


# --------------------------------------------------------------------------- cuadro 3.1.1

def _mes_de(texto: str) -> int | None:
    t = sin_llamada(texto).casefold().strip(" .*")
    return MESES.index(t) + 1 if t in MESES else None


def _columnas_mensuales(cuadro: Cuadro, exigir_subtotal: bool = True) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """({mes: {subcolumna: índice}}, {subcolumna: índice del Total}); subcolumna "" cuando el mes no se desglosa."""
    if cuadro.anio is None:
        raise ErrorDeEntrada(cuadro.archivo, f"el título no dice el año: {cuadro.titulo!r}")
    meses: dict[int, dict[str, int]] = {}
    total: dict[str, int] = {}
    for n, enc in enumerate(cuadro.encabezados):
        arriba = enc[0]
        sub = enc[-1].casefold() if len(enc) > 1 else ""
        mes = _mes_de(arriba)
        if mes is not None:
            meses.setdefault(mes, {})[sub] = n
        elif arriba.casefold().startswith("total"):
            total[sub] = n
        else:
            raise ErrorDeEntrada(cuadro.archivo, f"columna no reconocida {enc!r}: se esperan meses y Total",
                                 columna=cuadro.nombre_columna(n))
    if not meses:
        raise ErrorDeEntrada(cuadro.archivo, "el encabezado no trae meses")
    for mes, subs in meses.items():
        if exigir_subtotal and set(subs) != {""} and "subtotal" not in subs:
            raise ErrorDeEntrada(cuadro.archivo, f"el mes {MESES[mes - 1]} no tiene columna Subtotal ({sorted(subs)})")
    return meses, total


def _serie(cuadro: Cuadro, r: Renglon, meses: dict[int, dict[str, int]], total: dict[str, int]) -> list[tuple[date, int]]:
    """[(mes, eventos)] de un renglón: el Subtotal (= Presentados + Canalizados) desde 2021, el mes solo antes; el Total,
    si lo hay, debe ser la suma de los meses."""
    partes = ("presentados", "canalizados")
    sumas: dict[str, int] = {}
    salida = []
    for mes, subs in sorted(meses.items()):
        n = r.valores[subs["subtotal" if "subtotal" in subs else ""]]
        if all(p in subs for p in partes) and sum(r.valores[subs[p]] for p in partes) != n:
            raise ErrorDeEntrada(cuadro.archivo, f"{r.etiqueta}: Subtotal {n:,} ≠ Presentados + Canalizados "
                                 f"{sum(r.valores[subs[p]] for p in partes):,}", r.fila, cuadro.nombre_columna(subs["subtotal"]))
        for sub, j in subs.items():
            sumas[sub] = sumas.get(sub, 0) + r.valores[j]
        salida.append((date(cuadro.anio, mes, 1), n))  # como etl.lectura.a_mes
    for sub, j in total.items():
        sub = sub if sub in sumas else "subtotal" if sub == "" and "subtotal" in sumas else None  # «Total» solo
        if sub is not None and r.valores[j] != sumas[sub]:
            raise ErrorDeEntrada(cuadro.archivo, f"{r.etiqueta}: Total {r.valores[j]:,} ≠ suma de los meses "
                                 f"{sumas[sub]:,}", r.fila, cuadro.nombre_columna(j))
    return salida


def eventos_nacionalidad(cuadro: Cuadro, mapa: dict[str, str]) -> pd.DataFrame:
    """Cuadro 3.1.1 → mes, iso3, n, renglones_sumados (dos renglones con el mismo ISO-3 se suman y se cuentan)."""
    if cuadro.numero != "3.1.1":
        raise ErrorDeEntrada(cuadro.archivo, f"se esperaba el cuadro 3.1.1 y el título dice {cuadro.numero}")
    meses, total = _columnas_mensuales(cuadro)
    filas = [{"mes": mes, "iso3": iso3, "n": n}
             for r, iso3 in a_iso3(cuadro, mapa) for mes, n in _serie(cuadro, r, meses, total)]
    tabla = pd.DataFrame(filas)
    tabla = tabla.groupby(["mes", "iso3"], as_index=False).agg(n=("n", "sum"), renglones_sumados=("n", "size"))
    return tabla.astype({"n": "int64", "renglones_sumados": "int64"})


def eventos_sexo_edad(cuadro: Cuadro) -> pd.DataFrame:
    """Cuadro 3.1.3 → mes, sexo, grupo_edad, n. Cada grupo de edad cuelga del último renglón de sexo."""
    if cuadro.numero != "3.1.3":
        raise ErrorDeEntrada(cuadro.archivo, f"se esperaba el cuadro 3.1.3 y el título dice {cuadro.numero}")
    meses, total = _columnas_mensuales(cuadro)
    filas, sexo = [], None
    for r in cuadro.renglones:
        clave = r.etiqueta.casefold()
        if r.agregado:
            if r.nivel == 1:
                sexo = SEXOS_313.get(clave)
            continue
        grupo = EDADES_313.get(clave)
        if grupo is None or sexo is None:
            raise ErrorDeEntrada(cuadro.archivo, f"renglón {r.etiqueta!r} no es un grupo de edad conocido bajo un sexo "
                                 f"(se esperan {sorted(set(EDADES_313.values()))} bajo Hombres o Mujeres)", r.fila,
                                 letra(cuadro.columna_etiqueta))
        filas += [{"mes": mes, "sexo": sexo, "grupo_edad": grupo, "n": n} for mes, n in _serie(cuadro, r, meses, total)]
    tabla = pd.DataFrame(filas)
    repetido = tabla.duplicated(["mes", "sexo", "grupo_edad"])
    if repetido.any():
        raise ErrorDeEntrada(cuadro.archivo, f"grupo repetido {tabla[repetido].iloc[0].to_dict()}")
    return tabla.astype({"n": "int64"})


# Cuadro 3.2.4: subcolumnas de cada mes. La hoja real no se ha visto (las notas de diseño sólo dicen «nacionalidad ×
# tipo»): estas grafías son supuestas y una subcolumna distinta detiene el ETL nombrándola, para agregarla aquí.
TIPOS_324 = {
    "deportación": "Deportación", "deportaciones": "Deportación",
    "retorno asistido": "Retorno asistido", "retornos asistidos": "Retorno asistido",
    "retorno asistido de nna": "Retorno asistido de niñas, niños y adolescentes",
    "retorno asistido de niñas, niños y adolescentes": "Retorno asistido de niñas, niños y adolescentes",
}


def devoluciones(cuadro: Cuadro, mapa: dict[str, str]) -> pd.DataFrame:
    """Cuadro 3.2.4 → mes, iso3, tipo, n. El «Total» de cada mes debe ser la suma de sus tipos y el bloque «Total», la
    suma de los meses de cada tipo."""
    if cuadro.numero != "3.2.4":
        raise ErrorDeEntrada(cuadro.archivo, f"se esperaba el cuadro 3.2.4 y el título dice {cuadro.numero}")
    meses, total = _columnas_mensuales(cuadro, exigir_subtotal=False)
    for subs in meses.values():
        for sub, j in subs.items():
            if sub not in TIPOS_324 and sub != "total":
                raise ErrorDeEntrada(cuadro.archivo, f"subcolumna de tipo de devolución no reconocida {sub!r}",
                                     columna=cuadro.nombre_columna(j))
    filas = []
    for r, iso3 in a_iso3(cuadro, mapa):
        sumas: dict[str, int] = {}
        for mes, subs in sorted(meses.items()):
            tipos = {s: r.valores[j] for s, j in subs.items() if s in TIPOS_324}
            if "total" in subs and r.valores[subs["total"]] != sum(tipos.values()):
                raise ErrorDeEntrada(cuadro.archivo, f"{r.etiqueta}: Total del mes {r.valores[subs['total']]:,} ≠ suma de "
                                     f"los tipos {sum(tipos.values()):,}", r.fila, cuadro.nombre_columna(subs["total"]))
            for s, j in subs.items():
                sumas[s] = sumas.get(s, 0) + r.valores[j]
            filas += [{"mes": date(cuadro.anio, mes, 1), "iso3": iso3, "tipo": TIPOS_324[s], "n": n} for s, n in tipos.items()]
        for s, j in total.items():
            if s in sumas and r.valores[j] != sumas[s]:
                raise ErrorDeEntrada(cuadro.archivo, f"{r.etiqueta}: Total {r.valores[j]:,} ≠ suma de los meses "
                                     f"{sumas[s]:,}", r.fila, cuadro.nombre_columna(j))
    tabla = pd.DataFrame(filas)
    tabla = tabla.groupby(["mes", "iso3", "tipo"], as_index=False)["n"].sum()
    return tabla.astype({"n": "int64"})


# --------------------------------------------------------------------------- instantáneas

@dataclass
class Instantanea:
    ruta: Path  # datos/crudos/instantaneas/upmrip_boletin/<AAAAMMDDTHHMMSSZ>/<archivo>
    ficha: dict  # la que escribió `etl.instantaneas.armar` al descargar (url, acceso_utc, sha256 comprobado…)
    cuadro: Cuadro  # leído de la caché de lecturas: sólo título, número, año y notas (sin renglones)
    tabla: pd.DataFrame | None = None  # su conversión, si vino de la caché de lecturas (con ceros)

    @property
    def hora(self) -> str:
        """La hora UTC de la descarga: el nombre de su carpeta (AAAAMMDDTHHMMSSZ, se ordena como texto)."""
        return self.ruta.parent.name

    @property
    def acceso(self) -> datetime:
        return datetime.strptime(self.hora, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)

    @property
    def identificador(self) -> str:
        """`instantaneas/upmrip_boletin/<hora>/<archivo>`: la fuente_id de sus renglones y de su ficha publicada."""
        from ..instantaneas import identificador

        return identificador(self.ruta)

    @property
    def clave_orden(self) -> tuple[str, str]:
        return (self.hora, self.ruta.name)


def _hora_valida(carpeta: Path) -> None:
    try:
        datetime.strptime(carpeta.name, "%Y%m%dT%H%M%SZ")
    except ValueError:
        raise ErrorDeEntrada(f"{CARPETA.as_posix()}/{carpeta.name}", "el nombre de la carpeta de una instantánea es su "
                             "hora UTC (AAAAMMDDTHHMMSSZ); la crea `python -m etl actualizar`") from None


def _ficha_descarga(ruta: Path) -> dict:
    ficha_ruta = ruta.with_name(ruta.name + ".meta.json")
    if not ficha_ruta.exists():
        raise ErrorDeEntrada(ruta.name, f"falta su ficha {ficha_ruta.name} (url, acceso_utc, sha256): la escribe "
                             "`python -m etl actualizar` al descargar")
    try:
        ficha = json.loads(ficha_ruta.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ErrorDeEntrada(ficha_ruta.name, f"no es JSON UTF-8 válido: {e}") from None
    for campo in ("url", "acceso_utc", "sha256"):
        if not str(ficha.get(campo) or "").strip():
            raise ErrorDeEntrada(ficha_ruta.name, "campo obligatorio vacío o ausente", columna=campo)
    real = sha256(ruta)  # el de etl.procedencia: una sola lectura por construcción (huellas_recordadas)
    if ficha["sha256"] != real:
        raise ErrorDeEntrada(ruta.name, f"el archivo cambió desde su descarga (sha256 {real[:12]}… ≠ ficha "
                             f"{str(ficha['sha256'])[:12]}…): una instantánea no se edita", columna="sha256")
    return ficha


# Lo que decide la lectura guardada de un libro (etl/cache_lecturas.py): este módulo y los catálogos del mapa de grafías.
MODULOS_LECTOR = [Path(__file__).resolve(), Path(__file__).resolve().parent.parent / "errores.py"]
_DATOS_CUADRO = ("titulo", "numero", "anio", "notas", "preliminar", "fuente")


def _tipos_lectura(tabla: pd.DataFrame) -> pd.DataFrame:
    """Los tipos de una conversión (mes como `date`, textos como objetos, conteos int64) al leerla de la caché."""
    tabla = tabla.copy()
    for c in tabla.columns:
        if c == "mes":
            tabla[c] = pd.to_datetime(tabla[c]).dt.date.astype(object)
        elif c in ("n", "renglones_sumados"):
            tabla[c] = tabla[c].astype("int64")
        else:
            tabla[c] = tabla[c].astype(object)
    return tabla


def _leer_libro(ruta: Path, ficha: dict, identificador: str, mapa: dict[str, str] | None,
                dependencias: list[Path]) -> tuple[Cuadro, pd.DataFrame | None]:
    """El cuadro de un libro y, con `mapa`, su conversión a la tabla que alimenta; ambos se guardan una vez por sha256
    del libro, de los catálogos y del código del lector (un libro inmutable no se vuelve a leer ni a validar)."""
    from .. import cache_lecturas

    leido: dict = {}

    def leer() -> tuple[pd.DataFrame, dict | None]:
        cuadro = leido["cuadro"] = leer_cuadro(ruta, identificador)
        convertir = {"3.1.1": lambda c: eventos_nacionalidad(c, mapa), "3.1.3": eventos_sexo_edad,
                     "3.2.4": lambda c: devoluciones(c, mapa)}.get(cuadro.numero)
        if mapa is None or convertir is None or cuadro.anio is None:
            return pd.DataFrame(), None  # sin conversión conocida: no se guarda; quien lo use decide
        return convertir(cuadro), {c: getattr(cuadro, c) for c in _DATOS_CUADRO}

    if mapa is None:
        return leer_cuadro(ruta, identificador), None
    tabla, datos = cache_lecturas.leer_con_datos(ficha["sha256"], identificador, dependencias, MODULOS_LECTOR, leer,
                                                  _tipos_lectura)
    if datos is None:
        return leido["cuadro"], None
    if "cuadro" in leido:
        return leido["cuadro"], tabla
    cuadro = Cuadro(archivo=identificador, titulo=datos["titulo"], numero=datos["numero"], anio=datos["anio"],
                    columna_etiqueta=0, columnas=[], encabezados=[], notas=list(datos["notas"]),
                    preliminar=datos["preliminar"], fuente=datos["fuente"])
    return cuadro, tabla


def leer_carpeta(carpeta: Path, mapa: dict[str, str] | None = None, dependencias: list[Path] = ()) -> list[Instantanea]:
    """Los libros de una descarga, cada uno con su ficha comprobada y su cuadro leído con el lector real (con `mapa`,
    también convertido a su tabla, desde la caché de lecturas si ya se leyó)."""
    from .. import instantaneas as inst

    carpeta = Path(carpeta)
    _hora_valida(carpeta)
    salida = []
    for ruta in inst.archivos(carpeta):
        if ruta.suffix.lower() not in EXTENSIONES:
            raise ErrorDeEntrada(inst.identificador(ruta), f"una instantánea del Boletín sólo trae libros {EXTENSIONES}")
        ficha = _ficha_descarga(ruta)
        cuadro, tabla = _leer_libro(ruta, ficha, inst.identificador(ruta), mapa, list(dependencias))
        salida.append(Instantanea(ruta, ficha, cuadro, tabla))
    return salida


def instantaneas(crudos: Path, mapa: dict[str, str] | None = None) -> list[Instantanea]:
    """Todas las instantáneas, leídas y comprobadas (la ficha y el cuadro), de la descarga más vieja a la más reciente
    por la hora de su carpeta (nunca por una fecha sin hora: dos descargas del mismo día se distinguen). Con `mapa`
    (el de `grafias`), cada libro trae ya su conversión, guardada en la caché de lecturas."""
    from .. import instantaneas as inst

    dependencias = [Path(crudos) / GRAFIAS, Path(crudos) / "catalogos" / "paises.csv"]
    salida = [i for carpeta in inst.carpetas(crudos, FUENTE) for i in leer_carpeta(carpeta, mapa, dependencias)]
    return sorted(salida, key=lambda i: i.clave_orden)


def validar(carpeta: Path, contexto: dict) -> None:
    """Antes de guardar una descarga (etl.actualizar): cada libro se lee con el lector real y se convierte a su tabla
    con el catálogo de grafías de datos/crudos. Un diseño cambiado, un cuadro que no cuadra o una grafía nueva lanzan
    ErrorDeEntrada y la descarga va a cuarentena: nunca entra a datos/crudos para detener después la construcción."""
    from ..construir import _paises

    crudos = Path(contexto["crudos"])
    mapa = grafias(crudos / GRAFIAS, _paises(crudos)[0])
    libros = leer_carpeta(carpeta)
    if not libros:
        raise ErrorDeEntrada(str(carpeta), "la descarga no trae ningún libro")
    for i in libros:
        convertir = {"3.1.1": lambda c: eventos_nacionalidad(c, mapa), "3.1.3": eventos_sexo_edad,
                     "3.2.4": lambda c: devoluciones(c, mapa)}.get(i.cuadro.numero)
        if convertir is None:
            raise ErrorDeEntrada(i.identificador, f"el título dice el cuadro {i.cuadro.numero}; se esperan {sorted(CUADROS)}")
        if i.cuadro.anio is None:
            raise ErrorDeEntrada(i.identificador, f"el título no dice el año: {i.cuadro.titulo!r}")
        convertir(i.cuadro)


def vigentes(lista: list[Instantanea], numero: str) -> list[Instantanea]:
    """La más nueva de cada año para el cuadro `numero` (la UPMRIP sobrescribe el libro del año cada mes)."""
    por_anio: dict[int, Instantanea] = {}
    for inst in lista:
        if inst.cuadro.numero != numero:
            continue
        if inst.cuadro.anio is None:
            raise ErrorDeEntrada(inst.identificador, f"el título no dice el año: {inst.cuadro.titulo!r}")
        por_anio[inst.cuadro.anio] = inst  # la lista viene en orden de descarga: gana la última
    return [por_anio[a] for a in sorted(por_anio)]


def ficha_fuente(inst: Instantanea, periodo: str) -> dict:
    """Ficha en el formato de `etl.procedencia` (la que alimenta la tabla `fuentes`) para una instantánea usada."""
    f = inst.ficha
    fecha = inst.acceso.date().isoformat()
    numero, anio = inst.cuadro.numero, inst.cuadro.anio
    notas = [f"Instantánea descargada el {f['acceso_utc']} de {f['url']}."]
    if inst.cuadro.preliminar:
        notas.append("El cuadro dice «Información preliminar».")
    notas_en = [f"Snapshot downloaded on {f['acceso_utc']} from {f['url']}."]
    if inst.cuadro.preliminar:
        notas_en.append("The table says «Información preliminar» (preliminary information).")
    if inst.cuadro.fuente:
        notas.append(inst.cuadro.fuente)
        notas_en.append(inst.cuadro.fuente)  # la línea «Fuente:» del cuadro, tal como la escribe
    from ..procedencia import periodo_en

    return {
        "archivo": inst.identificador,
        "titulo": inst.cuadro.titulo,
        "titulo_en": f"{METADATOS['documento_en']}, table {numero} ({anio})",
        "productor": f.get("productor") or METADATOS["productor"],
        "tabla": f"{METADATOS['documento']} {anio}, cuadro {numero}",
        "compilador": None,
        "url": f["url"],
        "periodo": periodo,
        "licencia": f.get("licencia") or METADATOS["licencia"],
        "fecha_acceso": fecha,
        "sha256": f["sha256"],
        "cita_sugerida": METADATOS["cita_sugerida"].format(anio=anio, cuadro=numero, fecha_acceso=fecha, url=f["url"]),
        "notas": notas,
        "productor_en": METADATOS["productor_en"],
        "tabla_en": f"{METADATOS['documento_en']} {anio}, table {numero}",
        "periodo_en": periodo_en(periodo) or periodo,
        "licencia_en": METADATOS["licencia_en"] if not f.get("licencia") else f.get("licencia_en") or f["licencia"],
        "cita_sugerida_en": METADATOS["cita_sugerida_en"].format(anio=anio, cuadro=numero, fecha_acceso=fecha, url=f["url"]),
        "notas_en": notas_en,
    }


def _convertir(inst: Instantanea, leer, sin_ceros: bool, hechas: dict | None = None) -> pd.DataFrame:
    """La tabla de un libro (sin los ceros «-» si la tabla publicada no los trae); `hechas` guarda las ya convertidas
    por identificador, para que la historia de revisiones y la sustitución conviertan cada libro una sola vez."""
    if hechas is not None and inst.identificador in hechas:
        return hechas[inst.identificador]
    tabla = inst.tabla if inst.tabla is not None else leer(inst.cuadro)
    if sin_ceros:
        tabla = tabla[tabla["n"] > 0].reset_index(drop=True)  # «-»: el CSV compilado tampoco trae ceros
    if hechas is not None:
        hechas[inst.identificador] = tabla
    return tabla


def conversiones(mapa: dict[str, str]) -> dict[str, tuple[str, object, bool]]:
    """Por tabla publicada: el cuadro que la alimenta, su conversión y si se quitan los ceros (como el CSV compilado)."""
    return {
        "eventos_nacionalidad": ("3.1.1", lambda c: eventos_nacionalidad(c, mapa), True),
        "eventos_sexo_edad": ("3.1.3", eventos_sexo_edad, False),
        "devoluciones": ("3.2.4", lambda c: devoluciones(c, mapa), True),
    }


def lecturas(lista: list[Instantanea], mapa: dict[str, str], hechas: dict | None = None
             ) -> dict[str, list[tuple[str, str, pd.DataFrame]]]:
    """Cada libro de cada descarga es una instantánea (la UPMRIP sobrescribe el del año cada mes): por tabla,
    [(fecha de consulta, identificador, tabla convertida)] de la descarga más vieja a la más reciente, para
    `etl.revisiones.boletin`."""
    salida: dict[str, list[tuple[str, str, pd.DataFrame]]] = {}
    for tabla, (numero, leer, sin_ceros) in conversiones(mapa).items():
        salida[tabla] = [(inst.acceso.date().isoformat(), inst.identificador, _convertir(inst, leer, sin_ceros, hechas))
                         for inst in lista if inst.cuadro.numero == numero]
    return salida


def _sustituir(compilada: pd.DataFrame, lista: list[Instantanea], numero: str, leer, sin_ceros: bool,
               hechas: dict | None = None) -> tuple[pd.DataFrame, list[dict]]:
    partes, fichas, meses = [], [], set()
    for inst in vigentes(lista, numero):
        tabla = _convertir(inst, leer, sin_ceros, hechas)
        if tabla.empty:
            continue
        partes.append(tabla.assign(fuente_id=inst.identificador))
        meses |= set(tabla["mes"])
        fichas.append(ficha_fuente(inst, f"{min(tabla['mes']):%Y-%m} a {max(tabla['mes']):%Y-%m}"))
    if not partes:
        return compilada, fichas
    tabla = pd.concat([compilada[~compilada["mes"].isin(meses)], *partes], ignore_index=True)
    return tabla.sort_values(list(tabla.columns[:3]), ignore_index=True), fichas


def sustituir_eventos_nacionalidad(compilada: pd.DataFrame, lista: list[Instantanea],
                                   mapa: dict[str, str], hechas: dict | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Los meses que trae el cuadro 3.1.1 más nuevo de cada año reemplazan a los del CSV compilado (sin los ceros, que
    el CSV tampoco trae). Devuelve la tabla y las fichas de las instantáneas usadas; `fuente_id` nombra la instantánea
    (`instantaneas/upmrip_boletin/<hora>/<archivo>`)."""
    return _sustituir(compilada, lista, "3.1.1", lambda c: eventos_nacionalidad(c, mapa), True, hechas)


def sustituir_devoluciones(compilada: pd.DataFrame, lista: list[Instantanea],
                           mapa: dict[str, str], hechas: dict | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Lo mismo con el cuadro 3.2.4 (sin ceros, como el CSV compilado)."""
    return _sustituir(compilada, lista, "3.2.4", lambda c: devoluciones(c, mapa), True, hechas)


def sustituir_eventos_sexo_edad(compilada: pd.DataFrame, lista: list[Instantanea],
                                hechas: dict | None = None) -> tuple[pd.DataFrame, list[dict]]:
    """Lo mismo con el cuadro 3.1.3 (con sus ceros: el CSV compilado trae las ocho combinaciones de cada mes)."""
    return _sustituir(compilada, lista, "3.1.3", eventos_sexo_edad, False, hechas)


def construir(c) -> None:
    """Después de los CSV compilados de `upmrip`: el libro más nuevo de cada cuadro y año reemplaza los meses que trae.
    Cada libro convertido queda, por tabla, en `c.lecturas["upmrip_boletin"]`: una instantánea para las revisiones."""
    from etl.fuentes.upmrip import lector

    c.lecturas["upmrip_boletin"] = {}
    c.fichas += lector.boletin(c.crudos, c.tablas["paises"], c.tablas, c.lecturas["upmrip_boletin"])
