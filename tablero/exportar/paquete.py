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
from tablero.textos import t


@dataclass(frozen=True)
class Campo:
    nombre: str
    tipo: str
    descripcion: str
    unidad: str | None
    nulo: bool
    valores: tuple | None
    minimo: float | None
    descripcion_en: str | None = None
    unidad_en: str | None = None


@dataclass(frozen=True)
class Esquema:
    titulo: str
    descripcion: str
    clave: tuple[str, ...]
    columnas: tuple[Campo, ...]
    titulo_en: str | None = None
    descripcion_en: str | None = None


def esquemas_publicados(carpeta: Path) -> dict[str, Esquema]:
    """Tabla → su esquema, leído de `tablas_meta` y `campos_meta` de la versión (en el orden publicado)."""
    import pyarrow.parquet as pq

    tablas = sorted(pq.read_table(Path(carpeta) / "tablas_meta.parquet").to_pylist(), key=lambda t: t["posicion"])
    campos = pq.read_table(Path(carpeta) / "campos_meta.parquet").to_pylist()
    salida: dict[str, Esquema] = {}
    for m in tablas:
        propios = sorted((c for c in campos if c["tabla"] == m["tabla"]), key=lambda c: c["posicion"])
        columnas = tuple(Campo(c["campo"], c["tipo"], c["descripcion"], c.get("unidad"), bool(c["nulo"]),
                               tuple(json.loads(c["valores"])) if c.get("valores") else None, c.get("minimo"),
                               c.get("descripcion_en"), c.get("unidad_en"))
                         for c in propios)
        clave = tuple(json.loads(m["clave"])) if m.get("clave") else ()
        salida[m["tabla"]] = Esquema(m["titulo"], m["descripcion"], clave, columnas, m.get("titulo_en"), m.get("descripcion_en"))
    return salida

TIPOS_FRICTIONLESS = {"fecha": "date", "entero": "integer", "decimal": "number", "texto": "string", "logico": "boolean"}
_LICENCIAS = (  # texto de la ficha (en español o en inglés) → identificador de Open Definition / SPDX
    ("cc by 4.0", "CC-BY-4.0"), ("dominio público", "other-pd"), ("public domain", "other-pd"), ("lgpl", "LGPL-2.1"),
)


def _licencia(texto: str, titulo: str | None = None) -> dict:
    """Identificador de la licencia leído del texto de la ficha; `titulo`, el texto en el idioma del paquete."""
    nombre = next((ident for clave, ident in _LICENCIAS if clave in texto.lower()), "other-at")
    return {"name": nombre, "title": titulo or texto}


def _en(fila: dict, campo: str, idioma: str):
    """El texto de `campo` en `idioma`: en inglés, su gemelo `campo_en` si lo tiene."""
    return (fila.get(f"{campo}_en") if idioma == "en" else None) or fila[campo]


def _leer_fuentes(carpeta: Path) -> list[dict]:
    import pyarrow.parquet as pq

    ruta = carpeta / "fuentes.parquet"
    return pq.read_table(ruta).to_pylist() if ruta.exists() else []


def _fuentes_de_tabla(tabla) -> set[str]:
    for columna in ("fuente_id", "archivo"):
        if columna in tabla.column_names:
            return {v for v in tabla.column(columna).to_pylist() if v}
    return set()


def _campo(col: Campo, idioma: str = "es") -> dict:
    """Un field de Frictionless con la descripción y la unidad de la columna en `idioma`."""
    en = idioma == "en"
    campo = {"name": col.nombre, "type": TIPOS_FRICTIONLESS[col.tipo],
             "description": (col.descripcion_en if en else None) or col.descripcion}
    if col.unidad:
        campo["unit"] = (col.unidad_en if en else None) or col.unidad
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


def descriptor_paquete(carpeta: Path, tablas: Iterable[str], filas: dict[str, int] | None = None,
                       idioma: str = "es") -> dict:
    """datapackage.json de las tablas de una versión: campos con tipo, descripción y unidad; clave primaria;
    fuentes, licencias y cita de cada recurso (de la tabla `fuentes` y del catálogo de documentos), con sus textos
    en `idioma` (también la descripción y la unidad de cada campo)."""
    import pyarrow.parquet as pq

    TABLAS = esquemas_publicados(carpeta)
    fuentes = {f["fuente_id"]: f for f in _leer_fuentes(carpeta)}
    documentos = pq.read_table(carpeta / "documentos.parquet", columns=["titulo", "institucion", "url", "archivo",
                                                                        "fecha_publicacion"]).to_pylist() \
        if (carpeta / "documentos.parquet").exists() else []
    recursos = []
    for nombre in tablas:
        esquema = TABLAS[nombre]
        titulo = (esquema.titulo_en if idioma == "en" else None) or esquema.titulo
        tabla = pq.read_table(carpeta / f"{nombre}.parquet")
        usadas = sorted((_fuentes_de_tabla(tabla) or {ARCHIVO_CATALOGO.get(nombre)}) & set(fuentes))
        if usadas:
            origen = [fuentes[f] for f in usadas]
            sources = [{"title": _en(f, "cita_sugerida", idioma), **({"path": f["url"]} if f.get("url") else {})}
                       for f in origen]
            licencias = list({f["licencia"]: _licencia(f["licencia"], _en(f, "licencia", idioma)) for f in origen}.values())
            cita = " ".join(dict.fromkeys(_en(f, "cita_sugerida", idioma) for f in origen))
        elif tabla.num_rows == 0 and (registro := _registro_de(carpeta, nombre)):
            # vacía (p. ej. cbp_encuentros_estado sin archivos «por estado»): la fuente que la llenaría, del registro
            sources = [{"title": _en(r, "cita", idioma), **({"path": r["url"]} if r.get("url") else {})} for r in registro]
            licencias = list({r["licencia"]: _licencia(r["licencia"], _en(r, "licencia", idioma)) for r in registro}.values())
            cita = (" ".join(dict.fromkeys(_en(r, "cita", idioma) for r in registro))
                    + t("paq_sin_renglones", idioma, titulo=titulo, version=carpeta.name))
        elif nombre in METADATOS:
            sources = [{"title": t("paq_metadatos_fuente", idioma)}]
            licencias = [{"name": "other-at", "title": t("paq_metadatos_licencia", idioma)}]
            cita = t("paq_metadatos_cita", idioma, version=carpeta.name, titulo=titulo)
        else:  # tablas de los documentos (cifras, indicadores, documentos): la fuente son los documentos
            sources = [{"title": f"{d['institucion']}, «{d['titulo']}» ({d['archivo']}), {d['fecha_publicacion']}",
                        **({"path": d["url"]} if d.get("url") else {})} for d in documentos]
            licencias = [{"name": "other-at", "title": t("paq_documentos_licencia", idioma)}]
            cita = t("paq_documentos_cita", idioma, titulo=titulo)
        recurso = {
            "name": nombre,
            "title": titulo,
            "description": (esquema.descripcion_en if idioma == "en" else None) or esquema.descripcion,
            "path": f"csv/{nombre}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {"fields": [_campo(c, idioma) for c in esquema.columnas],
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
        "title": t("paq_titulo", idioma),
        "description": t("paq_descripcion", idioma),
        "version": carpeta.name,
        "homepage": "https://www.gob.mx/segob",
        "licenses": todas,
        "sources": list({s["title"]: s for r in recursos for s in r["sources"]}.values()),
        "citation": t("paq_cita", idioma, version=carpeta.name),
        "resources": recursos,
    }


def paquete_datos_zip(parquet: Path | str | None = None, idioma: str = "es") -> bytes:
    """Zip con datapackage.json, LEAME.txt y cada tabla de la versión publicada en csv/ y parquet/.

    `parquet`: la carpeta (o enlace) de la versión; por omisión la que usa el tablero. `idioma`: el de los textos
    del descriptor y del LEAME (las tablas son las mismas)."""
    carpeta = Path(parquet or os.environ.get("TABLERO_PARQUET") or Path(__file__).resolve().parents[2] / "datos" / "parquet")
    return _paquete(str(carpeta.resolve()), idioma)


@functools.lru_cache(maxsize=4)  # la versión resuelta y el idioma son la llave: un ETL nuevo da otra carpeta
def _paquete(carpeta_texto: str, idioma: str = "es") -> bytes:
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
        descriptor = descriptor_paquete(carpeta, tablas, filas, idioma)
        escribir("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8"))
        escribir(t("paq_archivo_leame", idioma), _leame(descriptor, idioma).encode("utf-8"))
    return salida.getvalue()


def _leame(descriptor: dict, idioma: str = "es") -> str:
    renglones = [descriptor["title"], "", descriptor["description"], "", t("paq_leame_abrir", idioma), "",
                 t("paq_leame_version", idioma, version=descriptor["version"]),
                 t("paq_leame_citar", idioma, cita=descriptor["citation"]), "", t("paq_leame_tablas", idioma)]
    for r in descriptor["resources"]:
        renglones.append(t("paq_leame_tabla", idioma, nombre=r["name"], titulo=r["title"], filas=r.get("rows", "?"),
                           cita=r["citation"]))
    return "\n".join(renglones) + "\n"

