"""Centros Multiservicios y Centros Integradores del Migrante que nombran los documentos fuente.

Cada centro entra sólo si su cita está en su documento (sin importar espacios ni saltos de línea, como
las cifras); la cita puede juntar varios fragmentos del mismo documento separados por « […] » y cada
fragmento se comprueba. Estado, operador, servicios y financiamiento se escriben como los dicen los
documentos (vacío si no lo dicen). Las coordenadas NO vienen de los documentos: son aproximadas a la
cabecera municipal (`coordenadas_fuente` dice de dónde) y se comprueba que caen dentro de la entidad.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .documentos import exigir_cita, textos_normalizados
from .errores import ErrorDeEntrada
from .geometria import formas, ubicar
from .lectura import a_decimal, exigir_gemelos_en, leer_csv, sin_duplicados
from .numeros import normalizar_espacios

COLUMNAS = ["centro_id", "nombre", "tipo", "tipo_en", "municipio", "cve_ent", "estado", "estado_en", "operador",
            "servicios", "servicios_en", "financiamiento", "financiamiento_en", "documento_id", "cita", "estado_posterior",
            "estado_posterior_en", "documento_posterior", "cita_posterior", "lon", "lat", "coordenadas_fuente",
            "coordenadas_fuente_en"]
# Lo que el tablero describe con sus palabras lleva su inglés; nombre, municipio, operador (nombres propios) y las citas
# (textuales) se quedan como los escribe el documento.
CON_INGLES = ("tipo", "estado", "servicios", "financiamiento", "estado_posterior", "coordenadas_fuente")
SEPARADOR_CITA = "[…]"


def _fragmentos(cita: str) -> list[str]:
    return [f for f in (normalizar_espacios(p) for p in cita.split(SEPARADOR_CITA)) if f]


def centros(ruta: Path, docs: pd.DataFrame, entidades: pd.DataFrame) -> pd.DataFrame:
    """`docs` es la tabla documentos (con su texto); `entidades`, la de las 32 entidades con geometría."""
    crudo = leer_csv(ruta, COLUMNAS)
    archivo = ruta.name
    sin_duplicados(crudo, ["centro_id"], archivo)
    exigir_gemelos_en(crudo, CON_INGLES, archivo)
    textos = textos_normalizados(docs)
    nombres = dict(zip(entidades["cve_ent"], entidades["entidad"]))
    lon = a_decimal(crudo, "lon", archivo, nulo=False)
    lat = a_decimal(crudo, "lat", archivo, nulo=False)
    # La misma prueba de punto en polígono que los incidentes del MMP; un centro debe caer dentro, sin tolerancia.
    donde = ubicar(formas(entidades), lon.to_numpy(dtype=float), lat.to_numpy(dtype=float))["cve_ent"]
    donde.index = crudo.index

    for i, r in crudo.iterrows():
        fila = int(r["_fila"])
        for columna in ("centro_id", "nombre", "tipo", "municipio", "estado", "documento_id", "cita", "coordenadas_fuente"):
            if not str(r[columna]).strip():
                raise ErrorDeEntrada(archivo, "valor obligatorio vacío", fila, columna)
        clave = r["cve_ent"].strip()
        if clave not in nombres:
            raise ErrorDeEntrada(archivo, f"clave de entidad desconocida {clave!r} (dos dígitos INEGI, p. ej. 07)", fila, "cve_ent")
        for col_doc, col_cita in (("documento_id", "cita"), ("documento_posterior", "cita_posterior")):
            doc = r[col_doc].strip()
            cita = r[col_cita].strip()
            if bool(doc) != bool(cita):
                raise ErrorDeEntrada(archivo, f"{col_doc} y {col_cita} van juntos (los dos o ninguno)", fila, col_cita)
            if not doc:
                continue
            for fragmento in _fragmentos(cita) or [""]:  # sin fragmentos se comprueba al menos el documento
                exigir_cita(textos, doc, fragmento, archivo, fila, col_doc, col_cita)
        if bool(r["estado_posterior"].strip()) != bool(r["documento_posterior"].strip()):
            raise ErrorDeEntrada(archivo, "estado_posterior necesita su documento y cita (y al revés)", fila, "estado_posterior")
        if donde[i] != clave:
            otra = donde[i]
            donde = f"cae en {nombres[otra]} ({otra})" if otra else "no cae en ninguna entidad"
            raise ErrorDeEntrada(archivo, f"el punto ({lon[i]}, {lat[i]}) {donde}, no en {nombres[clave]} ({clave})", fila, "lon")

    def opcional(columna: str) -> pd.Series:
        texto = crudo[columna].map(normalizar_espacios)
        return texto.where(texto != "", None)

    tabla = pd.DataFrame({
        "centro_id": crudo["centro_id"].str.strip(),
        "nombre": crudo["nombre"].map(normalizar_espacios),
        "tipo": crudo["tipo"].map(normalizar_espacios),
        "tipo_en": crudo["tipo_en"].map(normalizar_espacios),
        "municipio": crudo["municipio"].map(normalizar_espacios),
        "cve_ent": crudo["cve_ent"].str.strip(),
        "entidad": crudo["cve_ent"].str.strip().map(nombres),
        "estado": crudo["estado"].map(normalizar_espacios),
        "estado_en": crudo["estado_en"].map(normalizar_espacios),
        **{c: opcional(c) for c in ("operador", "servicios", "servicios_en", "financiamiento", "financiamiento_en")},
        "documento_id": crudo["documento_id"].str.strip(),
        "cita": crudo["cita"].map(normalizar_espacios),
        **{c: opcional(c) for c in ("estado_posterior", "estado_posterior_en", "documento_posterior", "cita_posterior")},
        "lon": lon,
        "lat": lat,
        "coordenadas_fuente": crudo["coordenadas_fuente"].map(normalizar_espacios),
        "coordenadas_fuente_en": crudo["coordenadas_fuente_en"].map(normalizar_espacios),
    })
    return tabla.assign(fuente_id=archivo)
