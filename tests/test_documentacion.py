"""`docs/arquitectura.md` contra los archivos que git sigue (como datasette prueba su documentación):
cada módulo de etl/, tablero/, paginas/, bench/ y scripts/ está nombrado, y cada ruta que el mapa nombra existe.

Un módulo cuenta como nombrado si el mapa lo escribe entre comillas invertidas por su ruta (`etl/fuentes/cbp/lector.py`),
por su nombre con o sin extensión (`cbp`, `cbp.py`), como módulo de Python (`etl.fuentes.cbp.lector`) o por su subcarpeta
(`herramientas/`).
"""

from __future__ import annotations

import re
import subprocess

from conftest import RAIZ

ARQUITECTURA = RAIZ / "docs" / "arquitectura.md"
CARPETAS = ("etl/", "tablero/", "paginas/", "bench/", "scripts/")
RAICES = ("etl/", "tablero/", "paginas/", "bench/", "scripts/", "tests/", "docs/", "datos/", ".ci/", "app.py", "servidor.py",
          "consultas.sql", "requirements.txt")
# Lo que el mapa nombra y no se versiona porque lo construye el ETL (o `etl actualizar`: cuarentena y descargas a medias).
CONSTRUIDOS = ("datos/parquet", "datos/.parquet-versiones", "datos/cuarentena", "datos/.descargas")


def seguidos() -> list[str]:
    salida = subprocess.run(["git", "ls-files"], cwd=RAIZ, capture_output=True, text=True, check=True).stdout
    return salida.splitlines()


def nombrados(texto: str) -> set[str]:
    """Lo que el mapa escribe entre comillas invertidas: el texto entero y cada palabra (`python -m bench.carga`
    nombra `bench.carga`; `tablero.datos.fijar_version` nombra `tablero.datos`)."""
    citados = set()
    for m in re.findall(r"`([^`\n]+)`", texto):
        citados.add(m.strip())
        for palabra in m.split():
            partes = palabra.strip("(),;:").split(".")
            citados |= {".".join(partes[:i]) for i in range(1, len(partes) + 1)}
    return citados


def modulos_sin_nombrar(archivos: list[str], texto: str) -> list[str]:
    citados = nombrados(texto)
    faltan = []
    for ruta in archivos:
        if not ruta.startswith(CARPETAS) or not ruta.endswith((".py", ".sh")):
            continue
        nombre = ruta.rsplit("/", 1)[1]
        if nombre in ("__init__.py", "__main__.py"):
            continue
        carpeta, _, _ = ruta.rpartition("/")
        subcarpeta = carpeta.split("/", 1)[1] + "/" if "/" in carpeta else None
        candidatos = {ruta, ruta.removesuffix(".py"), nombre, nombre.removesuffix(".py"),
                      ruta.removesuffix(".py").replace("/", ".")}
        if subcarpeta:
            candidatos |= {subcarpeta, f"{carpeta}/"}
        if not candidatos & citados:
            faltan.append(ruta)
    return faltan


def rutas_que_no_existen(archivos: list[str], texto: str) -> list[str]:
    existentes = set(archivos) | {a.rsplit("/", i)[0] for a in archivos for i in range(1, a.count("/") + 1)}
    faltan = []
    for citado in sorted({m.strip() for m in re.findall(r"`([^`\n]+)`", texto)}):
        ruta = citado.split()[0].rstrip("/.,;:")
        if not ruta.startswith(RAICES) or any(c in ruta for c in "<>*…{}$"):
            continue
        if ruta in existentes or ruta.startswith(CONSTRUIDOS):
            continue
        faltan.append(citado)
    return faltan


def test_cada_modulo_seguido_por_git_esta_en_el_mapa():
    faltan = modulos_sin_nombrar(seguidos(), ARQUITECTURA.read_text(encoding="utf-8"))
    assert not faltan, ("docs/arquitectura.md no nombra estos módulos (agregue cada uno, entre comillas invertidas, "
                        "en la fila de su carpeta):\n" + "\n".join(faltan))


def test_cada_ruta_del_mapa_existe():
    faltan = rutas_que_no_existen(seguidos(), ARQUITECTURA.read_text(encoding="utf-8"))
    assert not faltan, "docs/arquitectura.md nombra rutas que git no sigue:\n" + "\n".join(faltan)


def test_la_comprobacion_detecta_un_modulo_nuevo_y_una_ruta_falsa():
    """La prueba misma puede fallar: un módulo que el mapa no nombra y una ruta inventada se reportan."""
    texto = ARQUITECTURA.read_text(encoding="utf-8")
    archivos = [*seguidos(), "etl/modulo_sin_documentar.py"]
    assert modulos_sin_nombrar(archivos, texto) == ["etl/modulo_sin_documentar.py"]
    assert rutas_que_no_existen(archivos, texto + "\n`tablero/no_existe.py`\n") == ["tablero/no_existe.py"]


def _parrafos_de_fuentes(readme: str) -> dict[str, str]:
    """{id: párrafo} de la lista «**`fuente`**, …» de la sección «Actualizar las fuentes» del README."""
    seccion = readme.split("## Actualizar las fuentes", 1)[1].split("\n## ", 1)[0]
    parrafos = {}
    for bloque in re.split(r"\n- (?=\*\*`)", "\n" + seccion):
        m = re.match(r"\*\*`([a-z_]+)`\*\*", bloque)
        if m:
            parrafos[m[1]] = " ".join(bloque.split())
    return parrafos


def test_readme_tiene_un_parrafo_por_fuente_del_registro_con_su_direccion_cadencia_clave_y_orden():
    """Cada fuente del registro (etl/fuentes) tiene su párrafo en el README, y lo que dice sale de su módulo: la página
    del publicador, la cadencia, la clave (o «sin clave») y `actualizar <fuente>` si tiene descarga, «a mano» si no."""
    from etl import fuentes

    parrafos = _parrafos_de_fuentes((RAIZ / "README.md").read_text(encoding="utf-8"))
    registro = fuentes.registro()
    assert set(parrafos) == set(registro), (sorted(parrafos), sorted(registro))
    for fuente in registro.values():
        texto, meta = parrafos[fuente.id], fuente.metadatos
        assert meta["url"] in texto, (fuente.id, meta["url"])
        if meta["cadencia"]:
            assert meta["cadencia"].capitalize() in texto, (fuente.id, meta["cadencia"])
        if fuente.token:
            assert f"clave `{fuente.token}`" in texto, fuente.id
        elif fuente.descargar is not None:
            assert "sin clave" in texto, fuente.id
        if fuente.descargar is not None:
            assert f"actualizar {fuente.id}" in texto, fuente.id
        else:
            assert "a mano" in texto and f"actualizar {fuente.id}" not in texto, fuente.id
