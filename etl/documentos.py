"""Documentos fuente, catálogo de indicadores y cifras: cada cifra se comprueba contra su documento.

Una cifra sólo entra si su cita está en el documento (sin importar espacios ni saltos de línea),
si el número escrito en la cita es el valor registrado y si el calificador («más de», «casi»)
aparece en la cita. Así "más de 142,000" nunca se vuelve 142,000 a secas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errores import ErrorDeEntrada
from .esquemas import CALIFICADORES
from .lectura import a_decimal, a_fecha, leer_csv, leer_texto, sin_duplicados
from .numeros import FORMATOS, cita_contiene_valor, fechas_en_texto, normalizar_espacios, numeros_en_texto
from .procedencia import sha256

COLUMNAS_DOCUMENTOS = ["documento_id", "archivo", "titulo", "titulo_en", "institucion", "fecha_publicacion",
                       "fecha_precision", "fecha_inferida", "fecha_nota", "idioma", "tipo", "url", "formato_numerico"]
COLUMNAS_INDICADORES = ["indicador_id", "nombre_es", "nombre_en", "definicion", "definicion_en", "unidad", "familia",
                        "cuenta", "medida", "comparabilidad"]
COLUMNAS_CIFRAS = ["cifra_id", "indicador_id", "documento_id", "valor", "valor_min", "valor_max", "unidad", "calificador",
                   "calificador_texto", "periodo", "periodo_inicio", "periodo_fin", "geografia", "institucion_fuente",
                   "cita", "titular", "nota"]
_FORMATO_FECHA = {"dia": "%Y-%m-%d", "mes": "%Y-%m", "anio": "%Y"}
_SI_NO = {"si": True, "sí": True, "no": False}


def _vacio_a_nulo(serie: pd.Series) -> pd.Series:
    texto = serie.astype(str).str.strip()
    return texto.where(texto != "", None)


def _fila(tabla: pd.DataFrame, i) -> int:
    return int(tabla.at[i, "_fila"])


def documentos(ruta_csv: Path, carpeta_fuentes: Path) -> pd.DataFrame:
    crudo = leer_csv(ruta_csv, COLUMNAS_DOCUMENTOS)
    archivo = ruta_csv.name
    sin_duplicados(crudo, ["documento_id"], archivo)
    fechas, textos, huellas, inferidas = [], [], [], []
    for i, r in crudo.iterrows():
        formato = _FORMATO_FECHA.get(r["fecha_precision"].strip())
        if formato is None:
            raise ErrorDeEntrada(archivo, f"precisión {r['fecha_precision']!r} no es dia, mes ni anio", _fila(crudo, i), "fecha_precision")
        try:
            fechas.append(pd.to_datetime(r["fecha_publicacion"].strip(), format=formato).date())
        except ValueError:
            raise ErrorDeEntrada(archivo, f"{r['fecha_publicacion']!r} no tiene el formato {formato}", _fila(crudo, i), "fecha_publicacion") from None
        if r["fecha_inferida"].strip().lower() not in _SI_NO:
            raise ErrorDeEntrada(archivo, "se espera si o no", _fila(crudo, i), "fecha_inferida")
        inferidas.append(_SI_NO[r["fecha_inferida"].strip().lower()])
        if r["formato_numerico"].strip() not in FORMATOS:
            raise ErrorDeEntrada(archivo, f"formato {r['formato_numerico']!r} no es uno de {FORMATOS}", _fila(crudo, i), "formato_numerico")
        ruta_doc = carpeta_fuentes / r["archivo"].strip()
        if not ruta_doc.is_file():
            raise ErrorDeEntrada(archivo, f"no existe el documento {ruta_doc}", _fila(crudo, i), "archivo")
        if ruta_doc.stem != r["documento_id"].strip():
            raise ErrorDeEntrada(archivo, "documento_id debe ser el nombre del archivo sin extensión", _fila(crudo, i), "documento_id")
        texto = leer_texto(ruta_doc)
        if not inferidas[-1] and r["fecha_publicacion"].strip() not in fechas_en_texto(texto):
            raise ErrorDeEntrada(
                archivo, f"la fecha {r['fecha_publicacion']!r} no está escrita en {ruta_doc.name}; si se deduce del contexto, "
                "marque fecha_inferida = si y explique en fecha_nota", _fila(crudo, i), "fecha_publicacion",
            )
        textos.append(texto)
        huellas.append(sha256(ruta_doc))
    tabla = pd.DataFrame({c: crudo[c].str.strip() for c in COLUMNAS_DOCUMENTOS})
    tabla["fecha"] = fechas
    tabla["fecha_inferida"] = inferidas
    tabla["fecha_nota"] = _vacio_a_nulo(crudo["fecha_nota"])
    tabla["url"] = _vacio_a_nulo(crudo["url"])
    tabla["sha256"] = huellas
    tabla["texto"] = textos
    orden = ["documento_id", "archivo", "titulo", "titulo_en", "institucion", "fecha_publicacion", "fecha", "fecha_precision",
             "fecha_inferida", "fecha_nota", "idioma", "tipo", "url", "formato_numerico", "sha256", "texto"]
    return tabla[orden].sort_values("documento_id", ignore_index=True)


def indicadores(ruta_csv: Path) -> pd.DataFrame:
    crudo = leer_csv(ruta_csv, COLUMNAS_INDICADORES)
    sin_duplicados(crudo, ["indicador_id"], ruta_csv.name)
    tabla = pd.DataFrame({c: crudo[c].str.strip() for c in COLUMNAS_INDICADORES})
    tabla["comparabilidad"] = _vacio_a_nulo(crudo["comparabilidad"])
    return tabla.sort_values("indicador_id", ignore_index=True)


def textos_normalizados(docs: pd.DataFrame) -> dict[str, str]:
    """documento_id → texto con los espacios normalizados, para buscar citas."""
    return {d: normalizar_espacios(t) for d, t in zip(docs["documento_id"], docs["texto"])}


def exigir_cita(textos: dict[str, str], doc: str, cita: str, archivo: str, fila: int,
                columna_doc: str = "documento_id", columna_cita: str = "cita") -> None:
    """La cita (ya normalizada) debe estar, tal cual, en un documento del catálogo."""
    if doc not in textos:
        raise ErrorDeEntrada(archivo, f"documento desconocido {doc!r} (no está en documentos.csv)", fila, columna_doc)
    if cita not in textos[doc]:
        raise ErrorDeEntrada(archivo, f"la cita no está en el documento {doc}: «{cita[:80]}»", fila, columna_cita)


def cifras(ruta_csv: Path, docs: pd.DataFrame, inds: pd.DataFrame) -> pd.DataFrame:
    """Cifras comprobadas contra su documento; el primer fallo detiene todo con archivo, fila y columna."""
    crudo = leer_csv(ruta_csv, COLUMNAS_CIFRAS)
    archivo = ruta_csv.name
    sin_duplicados(crudo, ["cifra_id"], archivo)
    textos = textos_normalizados(docs)
    formatos = dict(zip(docs["documento_id"], docs["formato_numerico"]))
    indicadores_validos = set(inds["indicador_id"])

    valor = a_decimal(crudo, "valor", archivo)
    vmin = a_decimal(crudo, "valor_min", archivo)
    vmax = a_decimal(crudo, "valor_max", archivo)
    inicio = a_fecha(crudo, "periodo_inicio", archivo, nulo=True)
    fin = a_fecha(crudo, "periodo_fin", archivo, nulo=True)

    for i, r in crudo.iterrows():
        fila = _fila(crudo, i)
        doc = r["documento_id"].strip()
        if r["indicador_id"].strip() not in indicadores_validos:
            raise ErrorDeEntrada(archivo, f"indicador desconocido {r['indicador_id']!r} (no está en indicadores.csv)", fila, "indicador_id")
        if doc not in textos:
            raise ErrorDeEntrada(archivo, f"documento desconocido {doc!r} (no está en documentos.csv)", fila, "documento_id")
        if r["calificador"].strip() not in CALIFICADORES:
            raise ErrorDeEntrada(archivo, f"calificador {r['calificador']!r} no es uno de {CALIFICADORES}", fila, "calificador")
        es_rango = pd.notna(vmin[i]) or pd.notna(vmax[i])
        if es_rango:
            if pd.notna(valor[i]) or pd.isna(vmin[i]) or pd.isna(vmax[i]):
                raise ErrorDeEntrada(archivo, "un rango lleva valor_min y valor_max, y valor vacío", fila, "valor")
            if vmin[i] > vmax[i]:
                raise ErrorDeEntrada(archivo, f"valor_min {vmin[i]} mayor que valor_max {vmax[i]}", fila, "valor_min")
            if r["calificador"].strip() != "rango":
                raise ErrorDeEntrada(archivo, "una cifra con valor_min y valor_max debe tener calificador rango", fila, "calificador")
        elif pd.isna(valor[i]):
            raise ErrorDeEntrada(archivo, "falta el valor (o valor_min y valor_max para un rango)", fila, "valor")
        elif r["calificador"].strip() == "rango":
            raise ErrorDeEntrada(archivo, "calificador rango sin valor_min y valor_max", fila, "calificador")

        cita = normalizar_espacios(r["cita"])
        if not cita:
            raise ErrorDeEntrada(archivo, "cita vacía", fila, "cita")
        exigir_cita(textos, doc, cita, archivo, fila)
        formato = formatos[doc]
        pares = [("valor_min", vmin[i]), ("valor_max", vmax[i])] if es_rango else [("valor", valor[i])]
        for columna, v in pares:
            if not cita_contiene_valor(cita, float(v), formato):
                leidos = ", ".join(f"{x:,.10g}" for x in numeros_en_texto(cita, formato)) or "ninguno"
                raise ErrorDeEntrada(
                    archivo, f"el valor {float(v):,.10g} no es el que escribe la cita (números en la cita: {leidos})", fila, columna
                )
        calif = normalizar_espacios(r["calificador_texto"])
        if calif and calif.lower() not in cita.lower():
            raise ErrorDeEntrada(archivo, f"el calificador «{calif}» no aparece en la cita", fila, "calificador_texto")
        if r["calificador"].strip() not in ("exacto", "rango") and not calif:
            raise ErrorDeEntrada(archivo, "un calificador distinto de exacto lleva su texto tal como se escribe", fila, "calificador_texto")
        if r["titular"].strip() not in ("0", "1"):
            raise ErrorDeEntrada(archivo, "titular es 0 o 1", fila, "titular")

    tabla = pd.DataFrame({c: crudo[c].str.strip() for c in COLUMNAS_CIFRAS})
    tabla["valor"], tabla["valor_min"], tabla["valor_max"] = valor, vmin, vmax
    tabla["periodo_inicio"], tabla["periodo_fin"] = inicio, fin
    tabla["cita"] = crudo["cita"].map(normalizar_espacios)
    tabla["titular"] = crudo["titular"].str.strip().eq("1")
    for c in ("calificador_texto", "periodo", "nota"):
        tabla[c] = _vacio_a_nulo(crudo[c])
    return tabla.sort_values("cifra_id", ignore_index=True)
