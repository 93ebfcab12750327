"""Lleva a datos/crudos un documento y las cifras propuestas que una persona aceptó, y construye las tablas.

Cada renglón aceptado pasa por la misma comprobación del ETL (`etl.documentos.comprobar_cifra`) contra el
texto del documento; el que no pasa no entra y el mensaje lo nombra. Los CSV crudos se reescriben de forma
atómica (archivo temporal + os.replace) y, si la construcción falla, se restauran y se retiran los archivos
copiados: nada se pierde si se detiene a la mitad.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .acotado import extraer_acotado
from .celdas import es_formula
from .documentos import COLUMNAS_CIFRAS, COLUMNAS_DOCUMENTOS, URL_WEB, comprobar_cifra
from .errores import ErrorDeEntrada
from .numeros import normalizar_espacios
from .proponer import DESCRIPCION_ID, SI, DocumentoIlegible, id_valido, ruta_documento

logger = logging.getLogger(__name__)
OBLIGATORIAS = ("indicador_id", "unidad", "calificador", "geografia", "geografia_en", "institucion_fuente",
                "institucion_fuente_en", "cita")


@dataclass
class Resultado:
    documento_id: str
    cifras: list[str] = field(default_factory=list)
    rechazadas: list[str] = field(default_factory=list)


def _leer(ruta: Path) -> pd.DataFrame:
    return pd.read_csv(ruta, dtype=str, keep_default_na=False)


def escribir_atomico(ruta: Path, datos: bytes) -> None:
    """Escribe en un temporal de la misma carpeta, lo asienta y lo pone en su lugar con os.replace."""
    fd, tmp = tempfile.mkstemp(dir=ruta.parent, prefix=f".{ruta.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(datos)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, ruta)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _agregar(ruta: Path, columnas: list[str], filas: list[dict]) -> bytes:
    """Texto del CSV con los renglones nuevos al final (los existentes quedan byte a byte)."""
    previo = ruta.read_bytes()
    salida = io.StringIO()
    escritor = csv.DictWriter(salida, fieldnames=columnas, lineterminator="\n", extrasaction="ignore")
    escritor.writerows(filas)
    if previo and not previo.endswith(b"\n"):
        previo += b"\n"
    return previo + salida.getvalue().encode("utf-8")


_NUMERICAS = {"valor", "valor_min", "valor_max"}  # se leen con float(): «-2» es un número, no una fórmula


def _sin_formulas(archivo: str, fila: int, campos: dict[str, str]) -> None:
    """Texto que una hoja de cálculo ejecutaría (= + - @ al inicio, también tras el apóstrofo que pone `proponer`)
    no se copia a datos/crudos: quien revisa lo reescribe."""
    for columna, valor in campos.items():
        if es_formula(valor) or (valor.startswith("'") and es_formula(valor[1:])):
            raise ErrorDeEntrada(archivo, f"{columna} empieza con «{valor.lstrip(chr(39))[:1]}»: una hoja de cálculo lo "
                                 f"ejecutaría como fórmula; reescríbalo sin ese inicio («{valor[:40]}»)", fila, columna)


def _siguiente_cifra(cifras: pd.DataFrame) -> int:
    numeros = cifras["cifra_id"].str.extract(r"^c(\d+)$")[0].dropna().astype(int)
    return int(numeros.max()) + 1 if len(numeros) else 1


def incorporar(propuestas: Path, crudos: Path, destino: Path, original: Path | None = None,
               documento_csv: Path | None = None, construir_tablas: bool = True) -> Resultado:
    """Agrega el documento y las cifras aceptadas a `crudos` y construye `destino`; ErrorDeEntrada si no se puede."""
    propuestas, crudos = Path(propuestas), Path(crudos)
    documento_csv = Path(documento_csv) if documento_csv else ruta_documento(propuestas)
    if not documento_csv.exists():
        raise ErrorDeEntrada(documento_csv.name, "falta el renglón propuesto del documento (lo escribe `python -m etl proponer`)")
    doc = _leer(documento_csv)
    if len(doc) != 1:
        raise ErrorDeEntrada(documento_csv.name, f"se espera un renglón, hay {len(doc)}")
    doc = {k: str(v).strip() for k, v in doc.iloc[0].items()}
    faltan = [c for c in COLUMNAS_DOCUMENTOS if c not in doc]
    if faltan:
        raise ErrorDeEntrada(documento_csv.name, f"faltan las columnas {', '.join(faltan)}")
    original = Path(original) if original else (documento_csv.parent / doc.get("original", "")).resolve()
    if not original.is_file():
        raise ErrorDeEntrada(documento_csv.name, f"no encuentro el documento original {original} (use --original RUTA)",
                             2, "original")
    doc_id = doc["documento_id"]
    if not doc_id:
        raise ErrorDeEntrada(documento_csv.name, "documento_id vacío", 2, "documento_id")
    if not id_valido(doc_id):
        raise ErrorDeEntrada(documento_csv.name, f"documento_id {doc_id[:80]!r} no es válido: {DESCRIPCION_ID}", 2,
                             "documento_id")
    fuentes = (crudos / "fuentes").resolve()
    if (fuentes / f"{doc_id}.txt").resolve().parent != fuentes:
        raise ErrorDeEntrada(documento_csv.name, f"documento_id {doc_id!r} saldría de datos/crudos/fuentes", 2, "documento_id")
    for c in ("fecha_publicacion", "institucion", "institucion_en", "titulo", "titulo_en"):
        if not doc[c]:
            raise ErrorDeEntrada(documento_csv.name, f"{c} está vacío: escríbalo al revisar", 2, c)
    if doc["url"] and not URL_WEB.fullmatch(doc["url"]):
        raise ErrorDeEntrada(documento_csv.name, f"url {doc['url'][:80]!r} no es una dirección http(s)://", 2, "url")
    _sin_formulas(documento_csv.name, 2, {c: doc[c] for c in COLUMNAS_DOCUMENTOS})
    try:
        texto = extraer_acotado(original.name, original.read_bytes())
    except DocumentoIlegible as e:
        raise ErrorDeEntrada(original.name, str(e)) from None
    texto_doc = normalizar_espacios(texto.texto)

    catalogo = _leer(crudos / "documentos.csv")
    if doc_id in set(catalogo["documento_id"]):
        raise ErrorDeEntrada(documento_csv.name, f"el documento {doc_id} ya está en documentos.csv", 2, "documento_id")
    cifras = _leer(crudos / "cifras.csv")
    indicadores = set(_leer(crudos / "indicadores.csv")["indicador_id"])
    etiquetas = _leer(crudos / "catalogos" / "etiquetas.csv")
    unidades = set(etiquetas.loc[etiquetas["campo"] == "unidad", "valor"])

    tabla = _leer(propuestas)
    if "aceptar" not in tabla:
        raise ErrorDeEntrada(propuestas.name, "falta la columna aceptar (marque «si» en los renglones que acepta)")
    resultado = Resultado(doc_id)
    nuevas: list[dict] = []
    siguiente = _siguiente_cifra(cifras)
    for i, r in tabla.iterrows():
        fila = int(i) + 2
        if r["aceptar"].strip().lower() not in SI:
            continue
        r = {c: str(r.get(c, "")).strip() for c in COLUMNAS_CIFRAS}
        r["documento_id"], r["titular"] = doc_id, r["titular"] or "0"
        nombre = f"renglón {fila} («{r['cita'][:60]}»)"
        try:
            _sin_formulas(propuestas.name, fila, {c: v for c, v in r.items() if c not in _NUMERICAS})
            for c in OBLIGATORIAS:
                if not r[c]:
                    raise ErrorDeEntrada(propuestas.name, f"{c} está vacío", fila, c)
            if r["indicador_id"] not in indicadores:
                raise ErrorDeEntrada(propuestas.name, f"indicador {r['indicador_id']!r} no está en indicadores.csv", fila, "indicador_id")
            if r["unidad"] not in unidades:
                raise ErrorDeEntrada(propuestas.name, f"unidad {r['unidad']!r} sin etiqueta en catalogos/etiquetas.csv: use "
                                     f"una de {', '.join(sorted(unidades))} o agregue su renglón (español e inglés)", fila, "unidad")
            for c in ("periodo", "geografia", "institucion_fuente"):
                if bool(r[c]) != bool(r[f"{c}_en"]):
                    raise ErrorDeEntrada(propuestas.name, f"{c} y {c}_en van juntos (los dos o ninguno)", fila, f"{c}_en")
            valores = []
            for c in ("valor", "valor_min", "valor_max"):
                try:
                    valores.append(float(r[c]) if r[c] else None)
                except ValueError:
                    raise ErrorDeEntrada(propuestas.name, f"{r[c]!r} no es un número", fila, c) from None
            comprobar_cifra(r, *valores, texto_doc, doc["formato_numerico"], doc["idioma"], propuestas.name, fila)
        except ErrorDeEntrada as e:
            resultado.rechazadas.append(f"{nombre}: {e}")
            logger.warning("no se agrega el %s: %s", nombre, e)
            continue
        r["cifra_id"] = f"c{siguiente:03d}"
        siguiente += 1
        nuevas.append(r)
        resultado.cifras.append(r["cifra_id"])
    if not nuevas:
        raise ErrorDeEntrada(propuestas.name, "ningún renglón aceptado pasa la comprobación; no se agregó nada"
                             + ("" if resultado.rechazadas else " (marque «si» en la columna aceptar)"))

    _escribir(crudos, doc, texto.texto, original, nuevas, destino, construir_tablas)
    return resultado


def _escribir(crudos: Path, doc: dict, texto: str, original: Path, nuevas: list[dict], destino: Path,
              construir_tablas: bool) -> None:
    """Copia el documento, agrega los renglones y construye; ante cualquier error deja datos/crudos como estaba."""
    fuentes = crudos / "fuentes"
    destino_txt = fuentes / f"{doc['documento_id']}.txt"
    copias = [destino_txt]
    ext = original.suffix.lower()
    if ext != ".txt":
        copias.append(fuentes / f"{doc['documento_id']}{'.html' if ext == '.htm' else ext}")
    for c in copias:
        if c.exists():
            raise ErrorDeEntrada(c.name, "ya existe en datos/crudos/fuentes")
    previos = {n: (crudos / n).read_bytes() for n in ("documentos.csv", "cifras.csv")}
    doc = dict(doc, archivo=destino_txt.name)
    try:
        escribir_atomico(destino_txt, texto.encode("utf-8"))
        if len(copias) > 1:
            escribir_atomico(copias[1], original.read_bytes())
        escribir_atomico(crudos / "documentos.csv", _agregar(crudos / "documentos.csv", COLUMNAS_DOCUMENTOS, [doc]))
        escribir_atomico(crudos / "cifras.csv", _agregar(crudos / "cifras.csv", COLUMNAS_CIFRAS, nuevas))
        if construir_tablas:
            from .construir import construir

            construir(crudos, destino)
    except BaseException:
        for n, datos in previos.items():
            escribir_atomico(crudos / n, datos)
        for c in copias:
            c.unlink(missing_ok=True)
        logger.error("se restauraron documentos.csv y cifras.csv; datos/crudos quedó como estaba")
        raise
