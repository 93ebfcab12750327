"""Paquete de datos: un zip con cada tabla publicada en CSV y Parquet y un datapackage.json (Frictionless).

El descriptor (tipo, descripción y unidad de cada campo, clave primaria, fuentes, licencias y cómo
citar) sale de las tablas de metadatos que publica el ETL (`tablas_meta`, `campos_meta`, `fuentes`):
esta capa no importa nada del ETL.
"""

from __future__ import annotations

import functools
import io
import json
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tablero.exportar.csv_excel import neutralizar


@dataclass(frozen=True)
class Campo:
    nombre: str
    tipo: str
    descripcion: str
    unidad: str | None
    nulo: bool
    valores: tuple | None
    minimo: float | None


@dataclass(frozen=True)
class Esquema:
    titulo: str
    descripcion: str
    clave: tuple[str, ...]
    columnas: tuple[Campo, ...]


def esquemas_publicados(carpeta: Path) -> dict[str, Esquema]:
    """Tabla → su esquema, leído de `tablas_meta` y `campos_meta` de la versión (en el orden publicado)."""
    import pyarrow.parquet as pq

    tablas = sorted(pq.read_table(Path(carpeta) / "tablas_meta.parquet").to_pylist(), key=lambda t: t["posicion"])
    campos = pq.read_table(Path(carpeta) / "campos_meta.parquet").to_pylist()
    salida: dict[str, Esquema] = {}
    for t in tablas:
        propios = sorted((c for c in campos if c["tabla"] == t["tabla"]), key=lambda c: c["posicion"])
        columnas = tuple(Campo(c["campo"], c["tipo"], c["descripcion"], c.get("unidad"), bool(c["nulo"]),
                               tuple(json.loads(c["valores"])) if c.get("valores") else None, c.get("minimo"))
                         for c in propios)
        clave = tuple(json.loads(t["clave"])) if t.get("clave") else ()
        salida[t["tabla"]] = Esquema(t["titulo"], t["descripcion"], clave, columnas)
    return salida

TIPOS_FRICTIONLESS = {"fecha": "date", "entero": "integer", "decimal": "number", "texto": "string", "logico": "boolean"}
_LICENCIAS = (  # texto de la ficha → identificador de Open Definition / SPDX
    ("CC BY 4.0", "CC-BY-4.0"), ("Dominio público", "other-pd"), ("LGPL", "LGPL-2.1"),
)


def _licencia(texto: str) -> dict:
    nombre = next((ident for clave, ident in _LICENCIAS if clave.lower() in texto.lower()), "other-at")
    return {"name": nombre, "title": texto}


def _leer_fuentes(carpeta: Path) -> list[dict]:
    import pyarrow.parquet as pq

    ruta = carpeta / "fuentes.parquet"
    return pq.read_table(ruta).to_pylist() if ruta.exists() else []


def _fuentes_de_tabla(tabla) -> set[str]:
    for columna in ("fuente_id", "archivo"):
        if columna in tabla.column_names:
            return {v for v in tabla.column(columna).to_pylist() if v}
    return set()


def _campo(col) -> dict:
    campo = {"name": col.nombre, "type": TIPOS_FRICTIONLESS[col.tipo], "description": col.descripcion}
    if col.unidad:
        campo["unit"] = col.unidad
    if col.tipo == "fecha":
        campo["format"] = "%Y-%m-%d"
    restricciones = {}
    if not col.nulo:
        restricciones["required"] = True
    if col.valores is not None:
        restricciones["enum"] = list(col.valores)
    if col.minimo is not None:
        restricciones["minimum"] = int(col.minimo) if col.tipo == "entero" else col.minimo
    if restricciones:
        campo["constraints"] = restricciones
    return campo


def _csv_paquete(tabla) -> bytes:
    """CSV de una tabla Arrow para el paquete: UTF-8 con BOM, nulos vacíos, lógicos true/false, fechas ISO.
    Las celdas de texto que Excel tomaría por fórmula llevan el apóstrofo (como las descargas de las
    gráficas); el Parquet del mismo paquete guarda el valor exacto."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    for i, campo in enumerate(tabla.schema):
        if pa.types.is_string(campo.type) or pa.types.is_large_string(campo.type):
            columna = tabla.column(i)
            if pc.any(pc.match_substring_regex(columna, r"^[=+\-@\t\r]")).as_py():
                valores = pa.array([neutralizar(v) for v in columna.to_pylist()], type=campo.type)
                tabla = tabla.set_column(i, campo, valores)
    salida = io.BytesIO()
    salida.write("\ufeff".encode())
    pacsv.write_csv(tabla, salida, write_options=pacsv.WriteOptions(quoting_style="needed"))
    return salida.getvalue()


def _registro_de(carpeta: Path, tabla: str) -> list[dict]:
    """Las fuentes del registro (etl/fuentes/) que llenan una tabla (su columna `tablas`)."""
    import pyarrow.parquet as pq

    ruta = carpeta / "fuentes_registro.parquet"
    filas = pq.read_table(ruta).to_pylist() if ruta.exists() else []
    return [r for r in filas if tabla in [t.strip() for t in (r["tablas"] or "").split(",")]]


# Catálogos sin columna `fuente_id` que vienen de un archivo crudo descrito en `fuentes`.
ARCHIVO_CATALOGO = {"paises": "paises.csv", "etiquetas": "etiquetas.csv"}
# Tablas que el ETL escribe sobre el tablero mismo (sus tablas, campos y fuentes): ni documentos ni archivo crudo.
METADATOS = ("tablas_meta", "campos_meta", "fuentes_tablas", "fuentes_registro")


def descriptor_paquete(carpeta: Path, tablas: Iterable[str], filas: dict[str, int] | None = None) -> dict:
    """datapackage.json de las tablas de una versión: campos con tipo, descripción y unidad; clave primaria;
    fuentes, licencias y cita de cada recurso (de la tabla `fuentes` y del catálogo de documentos)."""
    import pyarrow.parquet as pq

    TABLAS = esquemas_publicados(carpeta)
    fuentes = {f["fuente_id"]: f for f in _leer_fuentes(carpeta)}
    documentos = pq.read_table(carpeta / "documentos.parquet", columns=["titulo", "institucion", "url", "archivo",
                                                                        "fecha_publicacion"]).to_pylist() \
        if (carpeta / "documentos.parquet").exists() else []
    recursos = []
    for nombre in tablas:
        esquema = TABLAS[nombre]
        tabla = pq.read_table(carpeta / f"{nombre}.parquet")
        usadas = sorted((_fuentes_de_tabla(tabla) or {ARCHIVO_CATALOGO.get(nombre)}) & set(fuentes))
        if usadas:
            origen = [fuentes[f] for f in usadas]
            sources = [{"title": f["cita_sugerida"], **({"path": f["url"]} if f.get("url") else {})} for f in origen]
            licencias = list({f["licencia"]: _licencia(f["licencia"]) for f in origen}.values())
            cita = " ".join(dict.fromkeys(f["cita_sugerida"] for f in origen))
        elif tabla.num_rows == 0 and (registro := _registro_de(carpeta, nombre)):
            # vacía (p. ej. cbp_encuentros_estado sin archivos «por estado»): la fuente que la llenaría, del registro
            sources = [{"title": r["cita"], **({"path": r["url"]} if r.get("url") else {})} for r in registro]
            licencias = list({r["licencia"]: _licencia(r["licencia"]) for r in registro}.values())
            cita = (" ".join(dict.fromkeys(r["cita"] for r in registro))
                    + f" (tabla «{esquema.titulo}» sin renglones en la versión de datos {carpeta.name}).")
        elif nombre in METADATOS:
            sources = [{"title": "Tablero de Movilidad Humana: metadatos que escribe el ETL a partir de etl/esquemas.py "
                                 "y del registro de fuentes (etl/fuentes/)"}]
            licencias = [{"name": "other-at", "title": "Metadatos del Tablero de Movilidad Humana: citar el tablero"}]
            cita = f"Tablero de Movilidad Humana, versión de datos {carpeta.name}, tabla «{esquema.titulo}» (metadatos)."
        else:  # tablas de los documentos (cifras, indicadores, documentos): la fuente son los documentos
            sources = [{"title": f"{d['institucion']}, «{d['titulo']}» ({d['archivo']}), {d['fecha_publicacion']}",
                        **({"path": d["url"]} if d.get("url") else {})} for d in documentos]
            licencias = [{"name": "other-at", "title": "Información pública gubernamental: citar el documento"}]
            cita = "Tablero de Movilidad Humana, tabla «" + esquema.titulo + "», a partir de los documentos citados en cada renglón."
        recurso = {
            "name": nombre,
            "title": esquema.titulo,
            "description": esquema.descripcion,
            "path": f"csv/{nombre}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {"fields": [_campo(c) for c in esquema.columnas],
                       **({"primaryKey": list(esquema.clave)} if esquema.clave else {})},
            "sources": sources,
            "licenses": licencias,
            "citation": cita,
            "parquet": f"parquet/{nombre}.parquet",
        }
        if filas and nombre in filas:
            recurso["rows"] = filas[nombre]
        recursos.append(recurso)
    todas = list({lic["title"]: lic for r in recursos for lic in r["licenses"]}.values())
    return {
        "profile": "tabular-data-package",
        "name": "tablero-movilidad-humana",
        "title": "Tablero de Movilidad Humana — tablas publicadas",
        "description": ("Tablas del Tablero de Movilidad Humana (grupo «Datos, estadística y proyecciones», INEGI y UPMRIP). "
                        "Cada tabla va en CSV (UTF-8 con BOM; una celda de texto que empieza con = + - @ lleva un "
                        "apóstrofo delante para que Excel no la evalúe) y en Parquet (valores exactos con tipos fijos: "
                        "para R, Stata o pandas). Los eventos de la UPMRIP no son personas y los encuentros de la "
                        "CBP son otra medida: no se suman. Cada recurso dice sus fuentes, licencias y cómo citarlo."),
        "version": carpeta.name,
        "homepage": "https://www.gob.mx/segob",
        "licenses": todas,
        "sources": list({s["title"]: s for r in recursos for s in r["sources"]}.values()),
        "citation": f"Tablero de Movilidad Humana, versión de datos {carpeta.name}. Cite además la fuente de cada tabla.",
        "resources": recursos,
    }


def paquete_datos_zip(parquet: Path | str | None = None) -> bytes:
    """Zip con datapackage.json, LEAME.txt y cada tabla de la versión publicada en csv/ y parquet/.

    `parquet`: la carpeta (o enlace) de la versión; por omisión la que usa el tablero."""
    carpeta = Path(parquet or os.environ.get("TABLERO_PARQUET") or Path(__file__).resolve().parents[2] / "datos" / "parquet")
    return _paquete(str(carpeta.resolve()))


@functools.lru_cache(maxsize=2)  # la versión resuelta es la llave: un ETL nuevo da otra carpeta
def _paquete(carpeta_texto: str) -> bytes:
    import pyarrow.parquet as pq

    carpeta = Path(carpeta_texto)
    TABLAS = esquemas_publicados(carpeta)
    tablas = [n for n in TABLAS if (carpeta / f"{n}.parquet").exists()]
    salida = io.BytesIO()
    filas = {}
    fecha = (2000, 1, 1, 0, 0, 0)  # fecha fija: el mismo contenido da el mismo zip
    with zipfile.ZipFile(salida, "w", compression=zipfile.ZIP_DEFLATED) as z:
        def escribir(nombre: str, datos: bytes) -> None:
            info = zipfile.ZipInfo(nombre, date_time=fecha)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, datos)

        for nombre in tablas:
            tabla = pq.read_table(carpeta / f"{nombre}.parquet")
            filas[nombre] = tabla.num_rows
            escribir(f"csv/{nombre}.csv", _csv_paquete(tabla))
            escribir(f"parquet/{nombre}.parquet", (carpeta / f"{nombre}.parquet").read_bytes())
        descriptor = descriptor_paquete(carpeta, tablas, filas)
        escribir("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8"))
        escribir("LEAME.txt", _leame(descriptor).encode("utf-8"))
    return salida.getvalue()


def _leame(descriptor: dict) -> str:
    renglones = [descriptor["title"], "", descriptor["description"], "",
                 "Abrir en R:      arrow::read_parquet('parquet/eventos_nacionalidad.parquet')",
                 "                 o readr::read_csv('csv/eventos_nacionalidad.csv')",
                 "Abrir en Stata:  import delimited using csv/eventos_nacionalidad.csv, encoding(utf-8) varnames(1)",
                 "Abrir en Python: pandas.read_parquet(...) o frictionless.Package('datapackage.json')",
                 "Excel: los CSV abren con acentos; una celda de texto que empieza con = + - @ lleva un apóstrofo",
                 "       delante (el Parquet trae el valor exacto). Algunos textos (documentos, geometrías) exceden",
                 "       el límite de 32,767 caracteres por celda de Excel: úselos desde R, Stata o Python.",
                 "", f"Versión de datos: {descriptor['version']}", f"Cómo citar: {descriptor['citation']}", "", "Tablas:"]
    for r in descriptor["resources"]:
        renglones.append(f"- {r['name']}: {r['title']} ({r.get('rows', '?')} renglones). Cita: {r['citation']}")
    return "\n".join(renglones) + "\n"

