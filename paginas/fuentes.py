"""Fuentes y metodología: de dónde sale cada número.

Documentos, tablas oficiales (productor, licencia, periodo, cómo citar), todas las cifras con su cita
(buscables), el catálogo de indicadores y la matriz de brechas de desagregación, derivada de las
columnas de las tablas y de las cifras publicadas (consultas `desagregaciones_*`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import datos
import exportar
import formato
import interfaz
from etl.esquemas import TABLAS
from textos import t, t_o

IDI = interfaz.idioma()
DIMENSIONES = ["mes", "nacionalidad", "sexo", "edad", "entidad"]

st.title(t("pag_fuentes"))
st.caption(t("fue_intro"))

# ---------------------------------------------------------------- paquete de datos (zip, Frictionless)
st.subheader(t("paquete_titulo"))
version = datos.version()
st.markdown(t("paquete_texto", version=interfaz.escapar_md(version.name)))
st.download_button(  # el zip se arma sólo al pulsar (y se guarda por versión); la página no se vuelve a correr
    t("paquete_boton"), lambda: exportar.paquete_datos_zip(version), file_name=f"tablero_movilidad_humana_{version.name}.zip",
    mime="application/zip", on_click="ignore", key="paquete_datos", icon=":material/folder_zip:", type="primary",
)

# ---------------------------------------------------------------- cifras y citas (buscables)
st.subheader(t("fue_cifras"))
cifras = datos.consulta("cifras_catalogo")
buscar = interfaz.filtro_texto("buscar", t("f_buscar"))
vista = interfaz.con_fuente_cifras(cifras)
vista.insert(1, "cifra", [formato.cifra_fila(f, IDI) for f in cifras.to_dict("records")])
vista.insert(1, "indicador", [interfaz.nombre_indicador(f) for f in cifras.to_dict("records")])
if buscar:
    texto = vista[["indicador", "cifra", "cita", "periodo", "geografia", "institucion_fuente", "archivo", "familia"]].astype(str).agg(" ".join, axis=1)
    vista = vista[texto.str.contains(buscar, case=False, regex=False)]
st.caption(t("fue_n_cifras", n=len(vista), total=len(cifras)))
columnas = ["cifra_id", "familia", "indicador", "cifra", "cita", "periodo", "geografia", "valor", "valor_min", "valor_max",
            "unidad", "calificador", "calificador_texto", "nota"] + interfaz.COLUMNAS_FUENTE
interfaz.tabla_con_descarga(vista[columnas], "cifras_y_citas" + (f"_{buscar}" if buscar else ""), "cifras",
                            columnas={"cita": st.column_config.TextColumn(t("cita"), width="large")})

# ---------------------------------------------------------------- brechas de datos
st.subheader(t("fue_brechas"))
st.caption(t("fue_brechas_nota"))
familias = list(dict.fromkeys(datos.consulta("cifras_titulares")["familia"]))
tablas = datos.consulta("desagregaciones_tablas")
tablas.insert(0, "origen", t("fila_tabla"))
tablas.insert(1, "indicador", [TABLAS[n].titulo if n in TABLAS else n for n in tablas["tabla"]])
docs = datos.consulta("desagregaciones_cifras", familias=familias)
docs.insert(0, "origen", t("fila_documentos"))
docs["indicador"] = [interfaz.nombre_indicador(f) for f in docs.to_dict("records")]
docs["tabla"] = "cifras"
docs["familia"] = [t_o(f"fam_{f}", f) for f in docs["familia"]]
matriz = pd.concat([tablas, docs], ignore_index=True)
matriz = matriz[["origen", "familia", "indicador", "tabla", "cifras"] + DIMENSIONES]
matriz["familia"] = matriz["familia"].astype(object).where(matriz["familia"].notna(), "")
# texto en toda la columna (vacío en las tablas oficiales): un solo tipo para Arrow y sin «None» en pantalla
matriz["cifras"] = [formato.numero(int(v)) if pd.notna(v) else "" for v in pd.to_numeric(matriz["cifras"])]
interfaz.tabla_con_descarga(
    matriz, "matriz_brechas_desagregacion", "brechas",
    columnas={d: st.column_config.CheckboxColumn(t(f"dim_{d}")) for d in DIMENSIONES}
    | {"origen": t("origen"), "familia": t("familia"), "indicador": t("indicador")},
)

# ---------------------------------------------------------------- documentos
st.subheader(t("fue_documentos"))
docs_cat = datos.consulta("documentos_catalogo")
interfaz.tabla_con_descarga(docs_cat, "documentos_fuente", "documentos",
                            columnas={"url": st.column_config.LinkColumn("url")})

# ---------------------------------------------------------------- tablas oficiales
st.subheader(t("fue_tablas"))
fuentes = datos.consulta("fuentes_catalogo")
fuentes["fecha_acceso"] = fuentes["fecha_acceso"].astype(str).str[:10]
interfaz.tabla_con_descarga(fuentes, "tablas_oficiales_procedencia", "fuentes",
                            columnas={"url": st.column_config.LinkColumn("url"),
                                      "cita_sugerida": st.column_config.TextColumn(width="large")})

# ---------------------------------------------------------------- indicadores
st.subheader(t("fue_indicadores"))
indicadores = datos.consulta("indicadores_catalogo")
interfaz.tabla_con_descarga(indicadores, "indicadores_catalogo", "indicadores",
                            columnas={"definicion": st.column_config.TextColumn(width="large")})
