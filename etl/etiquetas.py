"""Etiquetas en español e inglés de las categorías que vienen en los datos (sexo, edad, tipo de
devolución, causa del MMP, unidades, lo que cuenta cada indicador, calificadores, observado/proyección y las
categorías de la CBP).

Un solo catálogo publicado (`etiquetas`) del que la interfaz toma el nombre visible de cada categoría;
una categoría de los datos sin etiqueta detiene el ETL, así una nueva no aparece sin traducir.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from .errores import ErrorDeEntrada
from .lectura import leer_csv, sin_duplicados

logger = logging.getLogger(__name__)
COLUMNAS = ["campo", "valor", "es", "en"]
# campo del catálogo → (tabla, columna) cuyos valores deben tener etiqueta
CUBRE = {
    "sexo": [("eventos_sexo_edad", "sexo")],
    "grupo_edad": [("eventos_sexo_edad", "grupo_edad")],
    "tipo_devolucion": [("devoluciones", "tipo")],
    "causa": [("mmp_incidentes", "causa")],
    "unidad": [("cifras", "unidad"), ("indicadores", "unidad")],
    "cuenta": [("indicadores", "cuenta")],
    "lugar_nacimiento": [("enoe_ocupados", "lugar_nacimiento")],
    "formalidad": [("enoe_ocupados", "formalidad")],
    "calificador": [("cifras", "calificador")],
    "tipo_serie": [],  # observado / proyeccion: lo que la consulta de una serie proyectada dice de cada mes
    "grupo_serie": [],  # todas / suma / otras: las líneas de una serie que no son una categoría de los datos
    "sufijo_trimestre": [],  # 2022-T4 / 2022-Q4: el SQL devuelve el código y el catálogo la letra
    "tipo_documento": [("documentos", "tipo")],  # los que da `etl.proponer._tipo` y los escritos a mano
    "precision_fecha": [("documentos", "fecha_precision")],
    "linea_revision": [],  # instantanea / primera / ultima: las líneas de la gráfica de «Qué cambió»
}


def etiquetas(ruta: Path, categorias_cbp: pd.DataFrame, tablas: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """El catálogo `etiquetas.csv` más las categorías de la CBP (`cbp_categorias.csv`: valor en inglés,
    valor_es), comprobado contra los valores que traen las tablas ya leídas."""
    crudo = leer_csv(ruta, COLUMNAS)
    archivo = Path(ruta).name
    sin_duplicados(crudo, ["campo", "valor"], archivo)
    for _, r in crudo.iterrows():
        for columna in COLUMNAS:
            if not str(r[columna]).strip():
                raise ErrorDeEntrada(archivo, "celda vacía: cada categoría lleva su nombre en español e inglés",
                                     int(r["_fila"]), columna)
        if r["campo"].strip() not in CUBRE:
            raise ErrorDeEntrada(archivo, f"campo {r['campo']!r} no es uno de {sorted(CUBRE)}", int(r["_fila"]), "campo")
    propias = pd.DataFrame({c: crudo[c].str.strip() for c in COLUMNAS})
    for campo, origenes in CUBRE.items():
        conocidos = set(propias.loc[propias["campo"] == campo, "valor"])
        for tabla, columna in origenes:
            faltan = sorted(set(tablas[tabla][columna].dropna().astype(str)) - conocidos)
            if faltan:
                raise ErrorDeEntrada(archivo, f"sin etiqueta para {faltan[:5]} (columna {columna} de la tabla {tabla}); "
                                     "agregue un renglón por valor con su nombre en español e inglés", columna="valor")
    cbp = pd.DataFrame({"campo": "cbp_" + categorias_cbp["campo"].str.strip(), "valor": categorias_cbp["valor"].str.strip(),
                        "es": categorias_cbp["valor_es"].str.strip(), "en": categorias_cbp["valor"].str.strip()})
    tabla = pd.concat([propias, cbp], ignore_index=True)
    # La interfaz busca por valor: un mismo valor en dos campos debe llamarse igual en ambos.
    distintos = tabla.groupby("valor")[["es", "en"]].nunique()
    choque = distintos[(distintos["es"] > 1) | (distintos["en"] > 1)]
    if not choque.empty:
        raise ErrorDeEntrada(archivo, f"el valor {choque.index[0]!r} tiene etiquetas distintas en dos campos", columna="es")
    logger.info("etiquetas: %d categorías (%d de la CBP)", len(tabla), len(cbp))
    return tabla.sort_values(["campo", "valor"], ignore_index=True)
