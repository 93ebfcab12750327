"""Fixtures y ayudas comunes de las pruebas.

- Tablas: datos/crudos se copia y se construye una vez por corrida (`plantilla`, con `una_vez`: también con
  pytest-xdist, para todos los trabajadores); el tablero lee una copia de esas tablas (`parquet_sesion`) a través
  de TABLERO_PARQUET (ver tablero/datos.py), y `proyecto_en` copia crudos y tablas a una carpeta propia, para las
  pruebas que cambian crudos o publican versiones nuevas (`editar_csv`, `sumar_a_un_renglon`).
- Páginas con AppTest: `abrir` (con parámetros de URL e idioma), `graficas`/`grafica`/`valores` (la figura
  que recibe el navegador), `avisos`, y la fixture `descargas` (los bytes que entrega cada botón de descarga,
  como al pulsarlo).
"""

from __future__ import annotations

import base64
import csv
import fcntl
import io
import json
import os
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

RAIZ = Path(__file__).resolve().parent.parent
APP = str(RAIZ / "app.py")
CRUDOS = RAIZ / "datos" / "crudos"
COLUMNAS_FUENTE = ["fuente", "institucion", "documento_tabla", "fecha"]


# --------------------------------------------------------------------------- orden de la batería

# Los módulos más largos (medidos con `--durations`, ver docs/mediciones.md), en este orden y antes que los demás:
# con pytest-xdist (pytest.ini) cada módulo va entero a un trabajador en el orden de la colección, y uno largo al
# final dejaría al otro trabajador sin nada que hacer. Dentro de cada módulo el orden no cambia.
PRIMERO = ("test_navegador.py", "test_bench.py", "test_cbp.py", "test_ingles.py", "test_proyecciones.py", "test_etl.py",
           "test_publicacion.py")


def pytest_collection_modifyitems(config, items):
    lugar = {nombre: i for i, nombre in enumerate(PRIMERO)}
    items.sort(key=lambda item: lugar.get(item.path.name, len(PRIMERO)))


# --------------------------------------------------------------------------- tablas

def construir_en(crudos: Path, destino: Path) -> Path:
    """`python -m etl` sobre `crudos` publicando en `destino` (el enlace que lee el tablero)."""
    from etl.construir import construir

    construir(crudos=crudos, destino=destino)
    return destino


def proyecto_en(base: Path, plantilla: Path) -> tuple[Path, Path]:
    """Copia de datos/crudos en `base/crudos` y sus tablas construidas en `base/parquet` (datos/ no se toca).

    Se copia la `plantilla` (los mismos crudos ya construidos una vez en la corrida) en vez de construir otra vez:
    la versión publicada se nombra por su contenido, así que la copia es la misma que daría construir aquí."""
    base.mkdir(parents=True, exist_ok=True)
    shutil.copytree(plantilla, base, symlinks=True, dirs_exist_ok=True)
    return base / "crudos", base / "parquet"


def carpeta_de_la_corrida(tmp_path_factory) -> Path:
    """Carpeta temporal común a toda la corrida: con pytest-xdist, la que comparten los trabajadores."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def una_vez(tmp_path_factory, nombre: str, armar: Callable[[Path], None]) -> Path:
    """`armar(carpeta)` una sola vez por corrida, aunque varios trabajadores de xdist la pidan a la vez: el primero
    la arma bajo un candado de archivo (fcntl, como el ETL) y los demás esperan y usan la misma. Nadie la cambia
    después: quien necesite cambiarla la copia."""
    comun = carpeta_de_la_corrida(tmp_path_factory)
    carpeta, lista = comun / nombre, comun / f"{nombre}.lista"
    with open(comun / f"{nombre}.candado", "w") as candado:
        fcntl.flock(candado, fcntl.LOCK_EX)
        try:
            if not lista.exists():
                shutil.rmtree(carpeta, ignore_errors=True)  # lo que dejó un intento que falló
                carpeta.mkdir()
                armar(carpeta)
                lista.touch()
        finally:
            fcntl.flock(candado, fcntl.LOCK_UN)
    return carpeta


def editar_csv(ruta: Path, cambiar: Callable[[list[dict]], None]) -> None:
    """Edita un CSV crudo renglón por renglón (como texto, sin reinterpretar números) y, si tiene ficha, la
    pone al día (cifras.csv, documentos.csv e indicadores.csv no llevan ficha)."""
    from etl.procedencia import escribir_ficha, ruta_ficha

    with ruta.open(encoding="utf-8", newline="") as f:
        lector = csv.DictReader(f)
        columnas, filas = list(lector.fieldnames or []), list(lector)
    cambiar(filas)
    with ruta.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.DictWriter(f, fieldnames=columnas, lineterminator="\n")
        escritor.writeheader()
        escritor.writerows(filas)
    if ruta_ficha(ruta).exists():
        escribir_ficha(ruta)


def sumar_a_un_renglon(crudos: Path, delta: int, prefijo_mes: str | None = None,
                       archivo: str = "upmrip_eventos_por_nacionalidad.csv") -> str:
    """Una revisión del boletín: suma `delta` al conteo del primer renglón cuyo mes empieza con `prefijo_mes`
    (por omisión, el último mes del archivo). Devuelve el mes tocado."""
    tocado = {}

    def cambiar(filas: list[dict]) -> None:
        mes, conteo = list(filas[0])[0], list(filas[0])[-1]
        objetivo = prefijo_mes or max(f[mes] for f in filas)
        fila = next(f for f in filas if f[mes].startswith(objetivo))
        fila[conteo] = str(int(fila[conteo]) + delta)
        tocado["mes"] = fila[mes]

    editar_csv(crudos / "tablas" / archivo, cambiar)
    return tocado["mes"]


def tabla_parquet(parquet: Path, nombre: str) -> pd.DataFrame:
    return pd.read_parquet(Path(parquet) / f"{nombre}.parquet")


def _construir_plantilla(carpeta: Path) -> None:
    shutil.copytree(CRUDOS, carpeta / "crudos")
    construir_en(carpeta / "crudos", carpeta / "parquet")


@pytest.fixture(scope="session")
def plantilla(tmp_path_factory) -> Path:
    """Copia de datos/crudos (`crudos/`) con sus tablas construidas (`parquet`): una construcción por corrida que
    nadie toca; `proyecto_en` y `parquet_sesion` trabajan sobre copias."""
    return una_vez(tmp_path_factory, "plantilla", _construir_plantilla)


@pytest.fixture(scope="session")
def parquet_sesion(plantilla, tmp_path_factory) -> Path:
    return proyecto_en(tmp_path_factory.mktemp("tablero"), plantilla)[1]


@pytest.fixture(scope="session")
def cat(parquet_sesion):
    """Catálogo sobre las tablas de la sesión: lo esperado sale de las consultas, nunca escrito a mano."""
    from tablero.consultas import Catalogo

    return Catalogo(parquet_sesion)


@pytest.fixture
def proyecto(plantilla, tmp_path) -> tuple[Path, Path]:
    """(crudos, parquet) propios de la prueba: se pueden cambiar crudos y publicar versiones nuevas."""
    return proyecto_en(tmp_path, plantilla)


def apuntar(monkeypatch, parquet: Path, crudos: Path | None = None) -> None:
    """El tablero lee `parquet` (y compara contra `crudos`) mientras dura la prueba."""
    monkeypatch.setenv("TABLERO_PARQUET", str(parquet))
    if crudos is not None:
        monkeypatch.setenv("TABLERO_CRUDOS", str(crudos))
    monkeypatch.chdir(RAIZ)


@pytest.fixture
def tablero(parquet_sesion, monkeypatch) -> Path:
    """Apunta el tablero a las tablas de la sesión mientras dura la prueba."""
    apuntar(monkeypatch, parquet_sesion)
    return parquet_sesion


def copia_de_crudos(tmp_path: Path) -> Path:
    """datos/crudos copiado en `tmp_path/datos/crudos`: las pruebas de descargas publican en su hermana `parquet` y
    apartan en `cuarentena`, como en el repositorio."""
    destino = tmp_path / "datos" / "crudos"
    shutil.copytree(CRUDOS, destino)
    return destino


class ConstruirContado:
    """Sustituto de la construcción para `etl.actualizar`: cuenta las llamadas y, si se pide, falla (la construcción
    real se prueba aparte, con la línea de órdenes)."""

    def __init__(self, falla: bool = False):
        self.llamadas, self.falla = 0, falla

    def __call__(self, crudos, destino):
        self.llamadas += 1
        if self.falla:
            raise RuntimeError("fallo simulado de la construcción")
        return Path(destino) / "version"


def bytes_publicados(parquet: Path) -> dict[str, bytes]:
    """Cada archivo de la versión publicada a la que apunta `parquet`, con sus bytes (para «nada publicado cambió»)."""
    return {p.name: p.read_bytes() for p in sorted(parquet.resolve().iterdir()) if p.is_file()}


@pytest.fixture
def crudos_copia(tmp_path) -> Path:
    """Copia de datos/crudos para editar un archivo crudo sin tocar el repositorio."""
    destino = tmp_path / "crudos"
    shutil.copytree(CRUDOS, destino)
    return destino


def limpiar_caches() -> None:
    """Sin catálogos ni resultados en caché: la siguiente ejecución vuelve a consultar DuckDB."""
    from tablero import datos

    datos._catalogo.clear()
    datos._consulta.clear()


# --------------------------------------------------------------------------- páginas con AppTest

def abrir(pagina: str = "panorama", /, idioma: str | None = None, timeout: int = 180, **parametros) -> AppTest:
    """Abre app.py con `?parametros` (y `?idioma=`) y, si no es el Panorama, navega a `paginas/<pagina>.py`."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(parametros | ({"idioma": idioma} if idioma else {}))
    at.run()
    if pagina != "panorama":
        at.switch_page(f"paginas/{pagina}.py").run()
    return at


# Encuentros: la pestaña (`?seccion=`) de cada gráfica. Sólo corre la pestaña abierta.
SECCION_ENCUENTROS = {
    "mensual": "eventos", "top": "eventos", "sexo_edad": "eventos",
    "edad_mes": "sexo_edad", "sexo_mes": "sexo_edad", "menores": "sexo_edad",
    "devoluciones": "devoluciones", "ruta_darien": "ruta", "ruta_eventos": "ruta", "ruta_cbp": "ruta",
    "cbp": "cbp", "asilo_origen": "asilo", "asilo_anual": "asilo",
}


class Vistas(list):
    """Varias ejecuciones de una página (una por pestaña) leídas como una sola: `v.get("plotly_chart")`,
    `v.caption`, `v.exception`… juntan lo de todas, así `grafica`, `avisos` y `descargas` sirven igual."""

    def get(self, tipo: str) -> list:
        return [e for at in self for e in at.get(tipo)]

    def __getattr__(self, nombre: str):
        if nombre.startswith("_"):
            raise AttributeError(nombre)
        return [e for at in self for e in getattr(at, nombre)]


def abrir_secciones(pagina: str = "encuentros", /, secciones=None, **parametros) -> Vistas:
    """La página abierta una vez por pestaña (`?seccion=`), con los mismos parámetros."""
    secciones = secciones or list(dict.fromkeys(SECCION_ENCUENTROS.values()))
    return Vistas(abrir(pagina, seccion=s, **parametros) for s in secciones)


def desplegar(at: AppTest, *prefijos: str, exigir: bool = True) -> AppTest:
    """Abre lo que se arma a pedido (expansores `abrir_…`): pone en verdadero su
    estado y vuelve a correr la página, como quien los abre uno por uno."""
    claves = [k for k in at.session_state._state.filtered_state if k.startswith(prefijos or ("abrir_",))]
    assert claves or not exigir, f"nada que abrir con {prefijos}"
    for clave in claves:
        at.session_state[clave] = True
    return at.run()


def valores(arreglo) -> list:
    """Valores de un arreglo de la figura; Plotly 6+ los serializa como binario {dtype, bdata}."""
    if isinstance(arreglo, dict) and "bdata" in arreglo:
        return np.frombuffer(base64.b64decode(arreglo["bdata"]), dtype=arreglo["dtype"]).tolist()
    return list(arreglo)


def graficas(at: AppTest) -> list[dict]:
    """La especificación Plotly de cada gráfica de la página, en orden."""
    return [json.loads(g.proto.spec) for g in at.get("plotly_chart")]


def configs(at: AppTest) -> list[dict]:
    return [json.loads(g.proto.config) for g in at.get("plotly_chart")]


def _con_clave(elementos, clave: str) -> list:
    return [e for e in elementos if e.proto.id.endswith(f"-{clave}")]


def spec_grafica(at: AppTest, clave: str) -> str:
    """El JSON de la gráfica con `key=clave` (p. ej. `graf_mensual`) tal como se manda al navegador."""
    encontradas = _con_clave(at.get("plotly_chart"), clave)
    assert len(encontradas) == 1, f"{len(encontradas)} gráficas con key={clave}"
    return encontradas[0].proto.spec


def grafica(at: AppTest, clave: str) -> dict:
    return json.loads(spec_grafica(at, clave))


def avisos(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


class _LectorTarjetas(HTMLParser):
    """Lee las tarjetas (`tablero.tarjetas`) de un bloque HTML: cada parte por su clase, como texto ya sin escapar."""

    PARTES = {"tarjeta-encabezado": "encabezado", "tarjeta-etiqueta": "etiqueta", "tarjeta-valor": "valor",
              "tarjeta-pie": "pie", "tarjeta-fuente": "fuente"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tarjetas: list[dict] = []
        self.pila: list[str | None] = []  # la parte abierta en cada nivel de etiquetas
        self.marcas: list[str] = []

    def parte(self) -> str | None:
        return next((p for p in reversed(self.pila) if p), None)

    def handle_starttag(self, tag, attrs):
        clases = (dict(attrs).get("class") or "").split()
        if "tarjeta" in clases:
            self.tarjetas.append({"cifra_id": dict(attrs).get("data-cifra", ""), "encabezado": "", "etiqueta": "",
                                  "valor": "", "pie": [], "fuente": "", "contexto": []})
        parte = next((self.PARTES[c] for c in clases if c in self.PARTES), None)
        if parte == "pie":
            self.tarjetas[-1]["pie"].append("")
        if tag == "mark":
            self.tarjetas[-1]["contexto"].append("")
            parte = "mark"
        self.pila.append(parte)

    def handle_endtag(self, tag):
        if self.pila:
            self.pila.pop()

    def handle_data(self, data):
        parte = self.parte()
        if not parte or not self.tarjetas:
            return
        tarjeta = self.tarjetas[-1]
        if parte == "pie":
            tarjeta["pie"][-1] += data
        elif parte == "mark":
            tarjeta["contexto"][-1] += data
            tarjeta["fuente"] += data
        else:
            tarjeta[parte] += data if parte != "fuente" else data + " "


def tarjetas(at) -> list[dict]:
    """Las tarjetas de cifra de la página, en orden: {cifra_id, encabezado, etiqueta, valor, pie (renglones),
    fuente (todo el texto de su «Fuente»), contexto (lo resaltado en el documento)}."""
    lector = _LectorTarjetas()
    for h in at.get("html"):
        if "class='tarjetas" in h.proto.body:
            lector.feed(h.proto.body)
    return lector.tarjetas


def valores_tarjetas(at) -> list[str]:
    return [x["valor"] for x in tarjetas(at)]


def sin_escape(texto: str) -> str:
    """Texto de markdown sin las barras con que se escapa el texto de los datos."""
    return texto.replace("\\", "")


def leer_csv(contenido: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(contenido), encoding="utf-8-sig", keep_default_na=False, dtype=str)


class Descargas:
    """Los botones de descarga de una ejecución de AppTest con lo que entregan al pulsarlos.

    Las descargas del tablero son diferidas (los bytes se arman al pulsar): Streamlit registra la función
    en su MediaFileManager y el botón lleva su `deferred_file_id`. Aquí se guarda cada función registrada,
    así que `bytes(at, clave)` corre exactamente la que está detrás del botón dibujado."""

    def __init__(self) -> None:
        self.registradas: dict[str, dict] = {}

    def botones(self, at: AppTest) -> list[dict]:
        salida = []
        for b in at.get("download_button"):
            registro = self.registradas.get(b.proto.deferred_file_id)
            assert registro is not None, f"botón {b.proto.id} sin función diferida registrada"
            salida.append({"clave": b.proto.id.rsplit("-", 1)[-1], "etiqueta": b.proto.label, **registro})
        return salida

    def boton(self, at: AppTest, clave: str) -> dict:
        encontrados = [b for b in self.botones(at) if b["clave"] == clave]
        assert len(encontrados) == 1, f"{len(encontrados)} botones con key={clave}"
        return encontrados[0]

    @staticmethod
    def pulsar(boton: dict) -> bytes:
        datos = boton["funcion"]()
        return datos.encode("utf-8") if isinstance(datos, str) else datos

    def bytes(self, at: AppTest, clave: str) -> bytes:
        return self.pulsar(self.boton(at, clave))

    def csv(self, at: AppTest, clave: str) -> pd.DataFrame:
        return leer_csv(self.bytes(at, clave))


@pytest.fixture
def descargas(monkeypatch) -> Descargas:
    from streamlit.runtime.media_file_manager import MediaFileManager

    registro = Descargas()
    original = MediaFileManager.add_deferred

    def registrar(self, funcion, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, funcion, mimetype, coordinates, file_name=file_name, **kwargs)
        registro.registradas[file_id] = {"funcion": funcion, "mime": mimetype, "archivo": file_name}
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", registrar)
    return registro


def comprobar_fuente(tabla: pd.DataFrame, que: str = "") -> None:
    """Cada renglón trae sus columnas de fuente y ninguna va vacía."""
    faltan = [c for c in COLUMNAS_FUENTE if c not in tabla]
    assert not faltan, f"{que}: sin columnas de fuente {faltan}"
    for c in COLUMNAS_FUENTE:
        vacias = tabla[c].isna() | (tabla[c].astype(str).str.strip() == "")
        assert not vacias.any(), f"{que}: {int(vacias.sum())} renglones sin {c}"


# --------------------------------------------------------------------------- red

@pytest.fixture
def red_bloqueada(monkeypatch):
    """Ninguna conexión real sale de la prueba: un socket de red que intente conectarse falla (respx responde antes).
    Los sockets locales (AF_UNIX) siguen: con ellos habla el proceso hijo que lee un PDF con límites (etl.acotado)."""
    import socket

    conectar, conectar_ex = socket.socket.connect, socket.socket.connect_ex

    def prohibido(self, *args, **kwargs):
        if self.family == socket.AF_UNIX:
            return conectar(self, *args)
        raise ConnectionRefusedError("red bloqueada en las pruebas")

    def prohibido_ex(self, *args, **kwargs):
        if self.family == socket.AF_UNIX:
            return conectar_ex(self, *args)
        raise ConnectionRefusedError("red bloqueada en las pruebas")

    def sin_nombres(*args, **kwargs):
        raise socket.gaierror("red bloqueada en las pruebas")

    monkeypatch.setattr(socket.socket, "connect", prohibido)
    monkeypatch.setattr(socket.socket, "connect_ex", prohibido_ex)
    monkeypatch.setattr(socket, "getaddrinfo", sin_nombres)
    monkeypatch.setattr("etl.descarga.ESPERA_BASE", 0.0)
