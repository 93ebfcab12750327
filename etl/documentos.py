"""Documentos fuente, catálogo de indicadores y cifras: cada cifra se comprueba contra su documento.

Una cifra sólo entra si su cita está en el documento (sin importar espacios ni saltos de línea),
si el texto que escribe su valor (`valor_texto`, o `valor_min_texto` y `valor_max_texto` en un
rango) es un número completo de la cita y, leído con la convención numérica del documento, da
exactamente el valor registrado (reglas en `etl/numeros.py`), y si el calificador («más de»,
«casi») aparece en la cita antes del número (o justo después, como «19% o más»). Así "más de
142,000" nunca se vuelve 142,000 a secas, y un valor igual a otro número de la cita (un año, el otro
extremo del rango) no pasa.

Las etiquetas que el tablero muestra en inglés llevan su traducción en el crudo (`*_en`): debe estar
cuando el texto en español está.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from .errores import ErrorDeEntrada
from .esquemas import CALIFICADORES, GRUPOS_EDAD, SEXOS
from .inventario import ORIGINALES
from .lectura import a_decimal, a_fecha, leer_csv, leer_texto, sin_duplicados
from .numeros import CONVENCIONES, NumeroEscrito, fechas_en_texto, normalizar_espacios, numero_en_cita, numeros_escritos
from .procedencia import URL_WEB, sha256

COLUMNAS_DOCUMENTOS = ["documento_id", "archivo", "titulo", "titulo_en", "institucion", "institucion_en", "fecha_publicacion",
                       "fecha_precision", "fecha_inferida", "fecha_nota", "fecha_nota_en", "idioma", "tipo", "url",
                       "formato_numerico"]
COLUMNAS_INDICADORES = ["indicador_id", "nombre_es", "nombre_en", "definicion", "definicion_en", "unidad", "familia",
                        "cuenta", "medida", "comparabilidad", "comparabilidad_en"]
COLUMNAS_CIFRAS = ["cifra_id", "indicador_id", "documento_id", "valor", "valor_min", "valor_max", "valor_texto",
                   "valor_min_texto", "valor_max_texto", "unidad", "calificador", "calificador_texto", "periodo", "periodo_en",
                   "periodo_inicio", "periodo_fin", "geografia", "geografia_en", "institucion_fuente",
                   "institucion_fuente_en", "cita", "titular", "nota", "nota_en", "nacionalidad", "sexo", "grupo_edad"]
logger = logging.getLogger(__name__)
_FORMATO_FECHA = {"dia": "%Y-%m-%d", "mes": "%Y-%m", "anio": "%Y"}
_SI_NO = {"si": True, "sí": True, "no": False}


def _vacio_a_nulo(serie: pd.Series) -> pd.Series:
    texto = serie.astype(str).str.strip()
    return texto.where(texto != "", None)


def _fila(tabla: pd.DataFrame, i) -> int:
    return int(tabla.at[i, "_fila"])


def _exigir_traducciones(crudo: pd.DataFrame, columnas: list[str], archivo: str) -> None:
    """Cada columna `c` con texto lleva su traducción en `c_en`, y no hay traducción sin original."""
    for r in crudo.to_dict("records"):
        for c in columnas:
            es, en = r[c].strip(), r[f"{c}_en"].strip()
            if es and not en:
                raise ErrorDeEntrada(archivo, f"falta la traducción al inglés de «{es[:60]}»", r["_fila"], f"{c}_en")
            if en and not es:
                raise ErrorDeEntrada(archivo, f"hay traducción «{en[:60]}» pero {c} está vacío", r["_fila"], f"{c}_en")


def documentos(ruta_csv: Path, carpeta_fuentes: Path) -> pd.DataFrame:
    crudo = leer_csv(ruta_csv, COLUMNAS_DOCUMENTOS)
    archivo = ruta_csv.name
    sin_duplicados(crudo, ["documento_id"], archivo)
    _exigir_traducciones(crudo, ["institucion", "fecha_nota"], archivo)
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
        if r["formato_numerico"].strip() not in CONVENCIONES:
            raise ErrorDeEntrada(
                archivo, f"formato {r['formato_numerico']!r} no es uno de {CONVENCIONES} (separador de miles y separador "
                "decimal del texto: 2,300,000.5 o 2.300.000,5)", _fila(crudo, i), "formato_numerico",
            )
        url = r["url"].strip()
        if url and not URL_WEB.fullmatch(url):
            raise ErrorDeEntrada(archivo, f"url {url[:80]!r} no es una dirección http(s)://", _fila(crudo, i), "url")
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
        for ext in ORIGINALES:  # el PDF o HTML del que se extrajo el texto: debe ser un archivo legible, no vacío
            original = ruta_doc.with_suffix(ext)
            if original.is_file() and not original.stat().st_size:
                raise ErrorDeEntrada(original.name, "el documento original está vacío", None, None)
            if original.is_file():
                logger.debug("original de %s: %s (sha256 %s)", ruta_doc.name, original.name, sha256(original))
    tabla = pd.DataFrame({c: crudo[c].str.strip() for c in COLUMNAS_DOCUMENTOS})
    tabla["fecha"] = fechas
    tabla["fecha_inferida"] = inferidas
    tabla["fecha_nota"] = _vacio_a_nulo(crudo["fecha_nota"])
    tabla["fecha_nota_en"] = _vacio_a_nulo(crudo["fecha_nota_en"])
    tabla["url"] = _vacio_a_nulo(crudo["url"])
    tabla["sha256"] = huellas
    tabla["texto"] = textos
    orden = ["documento_id", "archivo", "titulo", "titulo_en", "institucion", "institucion_en", "fecha_publicacion", "fecha", "fecha_precision",
             "fecha_inferida", "fecha_nota", "fecha_nota_en", "idioma", "tipo", "url", "formato_numerico", "sha256", "texto"]
    return tabla[orden].sort_values("documento_id", ignore_index=True)


def indicadores(ruta_csv: Path) -> pd.DataFrame:
    crudo = leer_csv(ruta_csv, COLUMNAS_INDICADORES)
    sin_duplicados(crudo, ["indicador_id"], ruta_csv.name)
    _exigir_traducciones(crudo, ["definicion", "comparabilidad"], ruta_csv.name)
    tabla = pd.DataFrame({c: crudo[c].str.strip() for c in COLUMNAS_INDICADORES})
    for c in ("comparabilidad", "comparabilidad_en"):
        tabla[c] = _vacio_a_nulo(crudo[c])
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


def cifras(ruta_csv: Path, docs: pd.DataFrame, inds: pd.DataFrame, paises: set[str] | None = None) -> pd.DataFrame:
    """Cifras comprobadas contra su documento; el primer fallo detiene todo con archivo, fila y columna.

    `nacionalidad`, `sexo` y `grupo_edad` (vacíos si la cifra no se refiere a uno) dicen a qué población
    se refiere la cifra; la matriz de brechas de desagregación sale de ellos."""
    crudo = leer_csv(ruta_csv, COLUMNAS_CIFRAS)
    archivo = ruta_csv.name
    sin_duplicados(crudo, ["cifra_id"], archivo)
    textos = textos_normalizados(docs)
    formatos = dict(zip(docs["documento_id"], docs["formato_numerico"]))
    idiomas = dict(zip(docs["documento_id"], docs["idioma"]))
    indicadores_validos = set(inds["indicador_id"])

    valor = a_decimal(crudo, "valor", archivo)
    vmin = a_decimal(crudo, "valor_min", archivo)
    vmax = a_decimal(crudo, "valor_max", archivo)
    inicio = a_fecha(crudo, "periodo_inicio", archivo, nulo=True)
    fin = a_fecha(crudo, "periodo_fin", archivo, nulo=True)
    _exigir_traducciones(crudo, ["periodo", "geografia", "institucion_fuente", "nota"], archivo)

    for i, r in zip(crudo.index, crudo.to_dict("records")):
        fila = r["_fila"]
        doc = r["documento_id"].strip()
        if r["indicador_id"].strip() not in indicadores_validos:
            raise ErrorDeEntrada(archivo, f"indicador desconocido {r['indicador_id']!r} (no está en indicadores.csv)", fila, "indicador_id")
        if doc not in textos:
            raise ErrorDeEntrada(archivo, f"documento desconocido {doc!r} (no está en documentos.csv)", fila, "documento_id")
        comprobar_cifra(r, valor[i], vmin[i], vmax[i], textos[doc], formatos[doc], idiomas[doc], archivo, fila)
        if r["titular"].strip() not in ("0", "1"):
            raise ErrorDeEntrada(archivo, "titular es 0 o 1", fila, "titular")
        _exigir_poblacion(r, paises, archivo, fila)

    tabla = pd.DataFrame({c: crudo[c].str.strip() for c in COLUMNAS_CIFRAS})
    tabla["valor"], tabla["valor_min"], tabla["valor_max"] = valor, vmin, vmax
    tabla["periodo_inicio"], tabla["periodo_fin"] = inicio, fin
    tabla["cita"] = crudo["cita"].map(normalizar_espacios)
    tabla["titular"] = crudo["titular"].str.strip().eq("1")
    for c in ("valor_texto", "valor_min_texto", "valor_max_texto"):
        tabla[c] = _vacio_a_nulo(crudo[c].map(normalizar_espacios))
    for c in ("calificador_texto", "periodo", "periodo_en", "nota", "nota_en", "nacionalidad", "sexo", "grupo_edad"):
        tabla[c] = _vacio_a_nulo(crudo[c])
    return tabla.sort_values("cifra_id", ignore_index=True)


def comprobar_cifra(r: dict, valor, vmin, vmax, texto_doc: str, convencion: str, idioma: str,
                    archivo: str = "cifras.csv", fila: int = 0) -> None:
    """Las comprobaciones de una cifra contra el texto (normalizado) de su documento: rango, cita, tokens y calificador.

    La usan el ETL y `etl.proponer` (que sólo propone cifras que pasan), para que haya una sola regla."""
    if r["calificador"].strip() not in CALIFICADORES:
        raise ErrorDeEntrada(archivo, f"calificador {r['calificador']!r} no es uno de {CALIFICADORES}", fila, "calificador")
    es_rango = pd.notna(vmin) or pd.notna(vmax)
    if es_rango:
        if pd.notna(valor) or pd.isna(vmin) or pd.isna(vmax):
            raise ErrorDeEntrada(archivo, "un rango lleva valor_min y valor_max, y valor vacío", fila, "valor")
        if r["calificador"].strip() != "rango":
            raise ErrorDeEntrada(archivo, "una cifra con valor_min y valor_max debe tener calificador rango", fila, "calificador")
    elif pd.isna(valor):
        raise ErrorDeEntrada(archivo, "falta el valor (o valor_min y valor_max para un rango)", fila, "valor")
    elif r["calificador"].strip() == "rango":
        raise ErrorDeEntrada(archivo, "calificador rango sin valor_min y valor_max", fila, "calificador")

    cita = normalizar_espacios(r["cita"])
    if not cita:
        raise ErrorDeEntrada(archivo, "cita vacía", fila, "cita")
    if cita not in texto_doc:
        doc = str(r.get("documento_id", "")).strip()
        raise ErrorDeEntrada(archivo, f"la cita no está en el documento {doc}: «{cita[:80]}»", fila, "cita")
    numero = _exigir_tokens(r, [("valor_min", vmin), ("valor_max", vmax)] if es_rango else [("valor", valor)],
                            cita, convencion, idioma, archivo, fila)
    if es_rango and vmin > vmax:
        raise ErrorDeEntrada(archivo, f"valor_min {vmin} mayor que valor_max {vmax}", fila, "valor_min")
    calif = normalizar_espacios(r["calificador_texto"])
    if calif:
        _exigir_calificador(calif, cita, numero, numeros_escritos(cita, convencion, idioma), archivo, fila)
    if r["calificador"].strip() not in ("exacto", "rango") and not calif:
        raise ErrorDeEntrada(archivo, "un calificador distinto de exacto lleva su texto tal como se escribe", fila, "calificador_texto")


def _exigir_poblacion(r: dict, paises: set[str] | None, archivo: str, fila: int) -> None:
    """La población a la que se refiere la cifra usa los códigos de los catálogos (vacío = toda)."""
    nacionalidad, sexo, edad = (str(r[c]).strip() for c in ("nacionalidad", "sexo", "grupo_edad"))
    if nacionalidad and paises is not None and nacionalidad not in paises:
        raise ErrorDeEntrada(archivo, f"nacionalidad {nacionalidad!r} no está en catalogos/paises.csv", fila, "nacionalidad")
    if sexo and sexo not in SEXOS:
        raise ErrorDeEntrada(archivo, f"sexo {sexo!r} no es uno de {SEXOS}", fila, "sexo")
    if edad and edad not in GRUPOS_EDAD:
        raise ErrorDeEntrada(archivo, f"grupo_edad {edad!r} no es uno de {GRUPOS_EDAD}", fila, "grupo_edad")


def _exigir_tokens(r: dict, pares: list[tuple[str, float]], cita: str, convencion: str, idioma: str,
                   archivo: str, fila: int) -> NumeroEscrito:
    """Cada valor lleva el texto que lo escribe; ese texto es un número completo de la cita y vale exactamente el valor.

    Devuelve el número de la cita del primer valor (el puntual o el extremo inferior), para el calificador.
    """
    usadas = {f"{c}_texto" for c, _ in pares}
    for columna in ("valor_texto", "valor_min_texto", "valor_max_texto"):
        if columna not in usadas and r[columna].strip():
            raise ErrorDeEntrada(
                archivo, "un valor puntual lleva sólo valor_texto; un rango, sólo valor_min_texto y valor_max_texto",
                fila, columna,
            )
    numeros = []
    for columna, v in pares:
        col_texto = f"{columna}_texto"
        token = normalizar_espacios(r[col_texto])
        if not token:
            raise ErrorDeEntrada(archivo, f"falta {col_texto}: el número tal como lo escribe la cita (p. ej. «2.3 millones»)",
                                 fila, col_texto)
        try:
            numero = numero_en_cita(cita, token, convencion, idioma)
        except ValueError as e:
            leidos = ", ".join(f"«{n.texto}»" for n in numeros_escritos(cita, convencion, idioma)) or "ninguno"
            raise ErrorDeEntrada(archivo, f"{e} (números de la cita: {leidos})", fila, col_texto) from None
        _exigir_cifra(cita, numero, convencion, idioma, token, archivo, fila, col_texto)
        if numeros and numeros[0].inicio == numero.inicio:
            raise ErrorDeEntrada(archivo, f"los dos extremos del rango son el mismo número de la cita («{token}»): "
                                 "un rango escribe dos números distintos", fila, col_texto)
        if abs(numero.valor - float(v)) > 1e-9 * max(1.0, abs(numero.valor)):
            herencia = f", con el multiplicador de «{numero.hereda_de}» que le sigue" if numero.hereda_de else ""
            raise ErrorDeEntrada(
                archivo, f"el valor {float(v):,.10g} no es el que escribe la cita: «{token}» vale {numero.valor:,.10g}{herencia}",
                fila, columna,
            )
        numeros.append(numero)
    return numeros[0]


def _exigir_cifra(cita: str, numero: NumeroEscrito, convencion: str, idioma: str, token: str, archivo: str, fila: int,
                  columna: str) -> None:
    """El número de la cita es una cifra según la misma clasificación del proponedor: un año, una fecha, un
    artículo, un inciso, un número de lista, un teléfono, una hora o un folio no son el valor de una cifra."""
    from .proponer import _es_cifra as es_cifra  # aquí: el proponedor importa este módulo

    siguiente = next((h for h in numeros_escritos(cita, convencion, idioma) if h.inicio >= numero.fin), None)
    if not es_cifra(cita, numero, siguiente):
        raise ErrorDeEntrada(archivo, f"«{token}» no es una cifra en la cita: el proponedor lo descarta (año, fecha, "
                             "artículo, inciso, número de lista, teléfono, hora o folio)", fila, columna)


def _exigir_calificador(calif: str, cita: str, numero: NumeroEscrito, otros: list[NumeroEscrito], archivo: str, fila: int) -> None:
    """El calificador está en la cita antes del número, sin otro número en medio («más de 142,000», «superando los
    2.3 millones»), o justo después («19% o más»)."""
    apariciones = list(re.finditer(re.escape(calif), cita, re.IGNORECASE))
    if not apariciones:
        raise ErrorDeEntrada(archivo, f"el calificador «{calif}» no aparece en la cita", fila, "calificador_texto")
    antes = any(m.end() <= numero.inicio and not any(m.end() <= n.inicio < numero.inicio for n in otros) for m in apariciones)
    despues = any(m.start() >= numero.fin and not cita[numero.fin:m.start()].strip() for m in apariciones)
    if not (antes or despues):
        raise ErrorDeEntrada(
            archivo, f"el calificador «{calif}» está en la cita, pero no antes del número «{numero.texto}» (sin otro número "
            "en medio) ni justo después", fila, "calificador_texto",
        )
