"""Todas las etiquetas de la interfaz, en español y en inglés, en un solo lugar.

Así el cambio de idioma (`?idioma=en`) traduce todo, y ninguna página escribe texto visible
suelto. Aquí no hay cifras: los números salen siempre de las consultas.
"""

from __future__ import annotations

import functools

IDIOMAS = ("es", "en")
IDIOMA_POR_OMISION = "es"

TEXTOS: dict[str, dict[str, str]] = {
    # Aplicación
    "app_titulo": {"es": "Tablero de Movilidad Humana", "en": "Human Mobility Dashboard"},
    "idioma": {"es": "Idioma", "en": "Language"},
    "idioma_es": {"es": "Español", "en": "Español"},
    "idioma_en": {"es": "English", "en": "English"},
    "pag_panorama": {"es": "Panorama", "en": "Overview"},
    "pag_encuentros": {"es": "Encuentros y eventos", "en": "Encounters and events"},
    "pag_refugio": {"es": "Refugio y empleo", "en": "Refugees and employment"},
    "pag_imss": {"es": "Seguridad social (IMSS)", "en": "Social security (IMSS)"},
    "pag_vacantes": {"es": "Vacantes", "en": "Vacancies"},
    "pag_fuentes": {"es": "Fuentes y metodología", "en": "Sources and methodology"},
    "pag_proyecciones": {"es": "Proyecciones", "en": "Projections"},
    "pag_incorporar": {"es": "Incorporar documento", "en": "Add a document"},
    "construyendo": {"es": "Construyendo las tablas de datos (primera ejecución)…",
                     "en": "Building the data tables (first run)…"},
    "etl_error": {"es": "No se pudieron construir las tablas de datos: {mensaje}",
                  "en": "The data tables could not be built: {mensaje}"},
    "etl_que_hacer": {"es": "Corrija el archivo indicado en `datos/crudos` y ejecute `python -m etl` en la carpeta del proyecto; luego recargue esta página.",
                      "en": "Fix the file named above in `datos/crudos` and run `python -m etl` in the project folder; then reload this page."},
    "etl_viejas": {"es": "Se muestran las tablas publicadas anteriormente: no corresponden a los archivos crudos actuales.",
                   "en": "Showing the previously published tables: they do not match the current raw files."},
    "tablas_faltan": {"es": "Todavía no hay tablas publicadas. En la carpeta del proyecto ejecute `bash scripts/tablero.sh` (o `python -m etl`) y recargue esta página.",
                      "en": "There are no published tables yet. In the project folder run `bash scripts/tablero.sh` (or `python -m etl`) and reload this page."},
    "tablas_viejas": {"es": "Los archivos de `datos/crudos` cambiaron desde la última construcción: se muestran las tablas publicadas antes. Ejecute `python -m etl` para publicar las nuevas.",
                      "en": "The files in `datos/crudos` changed since the last build: showing the previously published tables. Run `python -m etl` to publish the new ones."},
    "tablas_no_disponibles": {"es": "Los datos del tablero no están disponibles.", "en": "The dashboard data are not available."},
    "pie_datos": {"es": "Datos: {productores}.", "en": "Data: {productores}."},
    "pie_licencias": {"es": "Licencias, periodos y cómo citar cada tabla y documento: página «Fuentes y metodología». Versión de datos: {version}.",
                      "en": "Licences, periods and how to cite each table and document: «Sources and methodology» page. Data version: {version}."},
    "pie_eventos": {"es": "Los eventos de la UPMRIP no son personas; los encuentros de la CBP (EE. UU.) son otra medida y nunca se suman a los de México.",
                    "en": "UPMRIP events are not persons; US CBP encounters are a different measure and are never added to Mexico's."},

    # Incorporar documento
    "inc_intro": {"es": "Suba un comunicado, informe o boletín (.txt, .pdf con texto o .html, en español o inglés). Se proponen sus cifras con su calificador, unidad y cita textual; revíselas, marque las que acepta y descargue las propuestas. Esta página no modifica los datos: las cifras se agregan con la orden de abajo, que las vuelve a comprobar contra el documento y construye las tablas.",
                  "en": "Upload a press release, report or bulletin (.txt, .pdf with a text layer or .html, in Spanish or English). Its figures are proposed with their qualifier, unit and verbatim quote; review them, tick the ones you accept and download the proposals. This page does not change the data: the figures are added with the command below, which checks them again against the document and builds the tables."},
    "inc_subir": {"es": "Documento", "en": "Document"},
    "inc_subir_ayuda": {"es": "Hasta {mb} MB. Un PDF escaneado (sin capa de texto) no se puede leer: no se hace OCR.",
                        "en": "Up to {mb} MB. A scanned PDF (no text layer) cannot be read: there is no OCR."},
    "inc_sin_archivo": {"es": "Suba un documento para ver las cifras que se proponen.",
                        "en": "Upload a document to see the proposed figures."},
    "inc_leyendo": {"es": "Leyendo el documento y buscando sus cifras…", "en": "Reading the document and looking for its figures…"},
    "inc_error": {"es": "No se pudo leer el documento: {mensaje}", "en": "The document could not be read: {mensaje}"},
    "inc_documento": {"es": "El documento", "en": "The document"},
    "inc_documento_nota": {"es": "Revise el título (y escriba su traducción al inglés), la institución y la fecha de publicación tal como la escribe el documento; si no la escribe, anótela con fecha_inferida = si y explique de dónde sale en fecha_nota.",
                           "en": "Check the title (and write its English translation), the institution and the publication date as written in the document; if it is not written, enter it with fecha_inferida = si and explain its origin in fecha_nota."},
    "inc_cifras": {"es": "Cifras propuestas ({n})", "en": "Proposed figures ({n})"},
    "inc_cifras_nota": {"es": "Cada cifra con su cita resaltada en su oración. Elija o corrija el indicador, la unidad, el periodo y el calificador; los valores salen del texto y no se editan (si uno está mal, no lo acepte).",
                        "en": "Each figure with its quote highlighted in its sentence. Pick or correct the indicator, unit, period and qualifier; the values come from the text and are not editable (if one is wrong, do not accept it)."},
    "inc_sin_cifras": {"es": "No se encontraron cifras en el documento.", "en": "No figures were found in the document."},
    "inc_aceptar": {"es": "Aceptar", "en": "Accept"},
    "inc_confianza": {"es": "Confianza", "en": "Confidence"},
    "inc_en_contexto": {"es": "Cita en su oración", "en": "Quote in its sentence"},
    "inc_citas": {"es": "Cada cita en su oración", "en": "Each quote in its sentence"},
    "inc_unidad": {"es": "Unidad", "en": "Unit"},
    "inc_calificador": {"es": "Calificador", "en": "Qualifier"},
    "inc_n_aceptadas": {"es": "{n} de {total} cifras aceptadas.", "en": "{n} of {total} figures accepted."},
    "inc_descargar": {"es": "Descargar las propuestas revisadas", "en": "Download the reviewed proposals"},
    "inc_bajar_cifras": {"es": "Cifras revisadas (CSV)", "en": "Reviewed figures (CSV)"},
    "inc_bajar_documento": {"es": "Renglón del documento (CSV)", "en": "Document row (CSV)"},
    "inc_orden_nota": {"es": "Guarde los dos CSV y el documento en una misma carpeta y, desde la carpeta del proyecto, ejecute (con las rutas de esa carpeta):",
                       "en": "Save both CSV files and the document in one folder and, from the project folder, run (with that folder's paths):"},
    "inc_orden": {"es": "python -m etl incorporar {cifras} --original {original}",
                  "en": "python -m etl incorporar {cifras} --original {original}"},
    "inc_ninguna": {"es": "Todavía no ha aceptado ninguna cifra: la orden no agregaría nada.",
                    "en": "No figure is accepted yet: the command would add nothing."},

    # Interfaz común
    "fuente": {"es": "Fuente", "en": "Source"},
    "documento": {"es": "Documento", "en": "Document"},
    "archivo": {"es": "Archivo", "en": "File"},
    "titulo": {"es": "Título", "en": "Title"},
    "fecha": {"es": "Fecha", "en": "Date"},
    "fecha_inferida": {"es": "(fecha inferida del contexto)", "en": "(date inferred from context)"},
    "institucion": {"es": "Institución que publica", "en": "Publishing institution"},
    "institucion_fuente": {"es": "Fuente citada", "en": "Cited source"},
    "cita": {"es": "Cita textual", "en": "Verbatim quote"},
    "contexto": {"es": "En el documento", "en": "In the document"},
    "cita_no_encontrada": {"es": "La cita no se encontró literalmente en el texto del documento.",
                           "en": "The quote was not found verbatim in the document text."},
    "nota": {"es": "Nota", "en": "Note"},
    "periodo": {"es": "Periodo", "en": "Period"},
    "ver_datos": {"es": "Ver los datos de la gráfica", "en": "Show the chart data"},
    "descargar_csv": {"es": "Descargar CSV", "en": "Download CSV"},
    "descargar_mostrados": {"es": "Descargar datos mostrados (CSV)", "en": "Download data shown (CSV)"},
    "descargar_cbp_estado": {"es": "Descargar encuentros de la CBP por estado de EE. UU. (CSV)",
                             "en": "Download US CBP encounters by US state (CSV)"},
    "ayuda_cbp_estado": {"es": "Todos los renglones de la tabla por estado: otro corte de los mismos encuentros, nunca sumado a la gráfica.",
                         "en": "Every row of the by-state table: another cut of the same encounters, never added to the chart."},
    "descargar_completos": {"es": "Descargar datos completos (CSV)", "en": "Download full data (CSV)"},
    "ayuda_mostrados": {"es": "Lo que dibuja la gráfica con los filtros actuales, con columnas de fuente y definición. UTF-8 con BOM: se abre en Excel con acentos.",
                        "en": "What the chart draws with the current filters, with source and definition columns. UTF-8 with BOM: opens in Excel with accents."},
    "ayuda_completos": {"es": "La misma consulta sin filtros (todo el periodo y todas las categorías), con columnas de fuente y definición.",
                        "en": "The same query without filters (whole period, all categories), with source and definition columns."},
    "png_boton": {"es": "PNG 1920×1080", "en": "PNG 1920×1080"},
    "ayuda_png": {"es": "Imagen para diapositivas hecha en el servidor: fondo blanco, título, fuente y fecha de extracción dentro de la imagen.",
                  "en": "Slide image made on the server: white background, title, source and extraction date inside the image."},
    "png_sin_chromium": {"es": "El servidor no tiene Chromium para hacer el PNG. Instálelo de los paquetes de la distribución (`sudo apt-get install chromium` en Debian/Ubuntu, o `bash scripts/entorno.sh`) o indique su ruta en la variable de entorno `BROWSER_PATH`, y reinicie el tablero. Mientras tanto, use el ícono de cámara de la gráfica.",
                         "en": "The server has no Chromium to make the PNG. Install it from the distribution packages (`sudo apt-get install chromium` on Debian/Ubuntu, or `bash scripts/entorno.sh`) or set its path in the `BROWSER_PATH` environment variable, and restart the dashboard. Meanwhile, use the chart's camera icon."},
    "png_subtitulo": {"es": "{pagina} · Tablero de Movilidad Humana (INEGI y UPMRIP)", "en": "{pagina} · Human Mobility Dashboard (INEGI and UPMRIP)"},
    "png_extraccion": {"es": "Datos extraídos del Tablero de Movilidad Humana el {fecha} (versión de datos {version}).",
                       "en": "Data extracted from the Human Mobility Dashboard on {fecha} (data version {version})."},
    "modo_presentacion": {"es": "Modo presentación", "en": "Presentation mode"},
    "ayuda_presentacion": {"es": "Oculta la barra lateral y los controles de Streamlit, letra más grande y una gráfica por pantalla (16:9), lista para capturar. Queda en la dirección como ?presentacion=1.",
                           "en": "Hides the sidebar and Streamlit controls, larger type and one chart per screen (16:9), ready to capture. Kept in the URL as ?presentacion=1."},
    "salir_presentacion": {"es": "Salir del modo presentación", "en": "Leave presentation mode"},
    "paquete_titulo": {"es": "Paquete de datos", "en": "Data package"},
    "paquete_texto": {"es": "Todas las tablas publicadas en CSV y Parquet, con un `datapackage.json` (Frictionless) que describe cada campo (tipo, descripción, unidad), sus fuentes, licencias y cómo citarlas. Versión de datos: {version}.",
                      "en": "Every published table as CSV and Parquet, with a `datapackage.json` (Frictionless) describing each field (type, description, unit), sources, licences and how to cite them. Data version: {version}."},
    "paquete_boton": {"es": "Descargar paquete de datos (zip)", "en": "Download data package (zip)"},
    "param_invalido": {"es": "El parámetro «{nombre}={valor}» de la dirección no es válido y se ignoró.",
                       "en": "The URL parameter «{nombre}={valor}» is not valid and was ignored."},
    "sin_datos": {"es": "No hay datos para esta selección.", "en": "No data for this selection."},
    "que_cuenta": {"es": "Qué cuenta", "en": "What it counts"},
    "medida_stock": {"es": "Existencias a una fecha", "en": "Stock at a date"},
    "medida_flujo": {"es": "Flujo en un periodo", "en": "Flow over a period"},
    "medida_acumulado": {"es": "Acumulado desde un inicio", "en": "Cumulative since a start"},
    "medida_proyeccion": {"es": "Proyección", "en": "Projection"},
    "medida_proporcion": {"es": "Proporción", "en": "Share"},
    "comparabilidad": {"es": "Comparabilidad", "en": "Comparability"},
    "definicion": {"es": "Definición", "en": "Definition"},
    "no_sumar": {"es": "Medidas distintas que pueden solaparse: cada barra es una cifra propia y no se suman.",
                 "en": "Different, possibly overlapping measures: each bar is its own figure and they are not added."},
    "fuente_linea_doc": {"es": "Fuente: {institucion}, citada en «{titulo}» ({archivo}), {fecha}.",
                         "en": "Source: {institucion}, cited in «{titulo}» ({archivo}), {fecha}."},
    "fuente_linea_tabla": {"es": "Fuente: {productor}, {tabla}; consultado el {fecha}.",
                           "en": "Source: {productor}, {tabla}; accessed {fecha}."},

    # Filtros
    "f_periodo": {"es": "Periodo (mes inicial y final)", "en": "Period (first and last month)"},
    "f_paises": {"es": "Nacionalidades (vacío = todas)", "en": "Nationalities (empty = all)"},
    "elegir": {"es": "Elija una o varias", "en": "Choose one or more"},
    "f_sexos": {"es": "Sexo (vacío = ambos)", "en": "Sex (empty = both)"},
    "f_edades": {"es": "Grupo de edad (vacío = todos)", "en": "Age group (empty = all)"},
    "f_top": {"es": "Nacionalidades a mostrar", "en": "Nationalities shown"},
    "f_anios": {"es": "Años", "en": "Years"},
    "f_buscar": {"es": "Buscar en las cifras y citas", "en": "Search figures and quotes"},

    # Panorama
    "pan_intro": {"es": "Cifras principales que publican los documentos para cada tema, con su calificador tal como lo escriben, y el último mes de las series oficiales. Pulse «Fuente» en una tarjeta para ver el documento, la fecha y la cita textual.",
                  "en": "Headline figures published by the documents for each topic, with their qualifier as written, and the latest month of the official series. Click «Source» on a card to see the document, date and verbatim quote."},
    "pan_cifras": {"es": "Cifras de los documentos", "en": "Figures from the documents"},
    "pan_series": {"es": "Último mes de las series oficiales", "en": "Latest month of the official series"},
    "serie_eventos_upmrip": {"es": "Eventos de personas extranjeras en situación migratoria irregular (UPMRIP, México)",
                             "en": "Events of foreigners in an irregular migration situation (UPMRIP, Mexico)"},
    "serie_devoluciones_upmrip": {"es": "Devoluciones de personas extranjeras (UPMRIP, México)",
                                  "en": "Returns of foreign nationals (UPMRIP, Mexico)"},
    "serie_encuentros_cbp": {"es": "Encuentros en la frontera suroeste (CBP, EE. UU.)",
                             "en": "Southwest border encounters (CBP, United States)"},
    "serie_darien": {"es": "Personas que cruzaron el Darién (Panamá)", "en": "People crossing the Darién (Panama)"},
    "fam_encuentros": {"es": "Encuentros", "en": "Encounters"},
    "fam_refugio_empleo": {"es": "Refugio y empleo", "en": "Refugees and employment"},
    "fam_imss": {"es": "Seguridad social (IMSS)", "en": "Social security (IMSS)"},
    "fam_vacantes": {"es": "Vacantes", "en": "Vacancies"},
    "fam_asilo_refugio": {"es": "Asilo y refugio", "en": "Asylum and refugees"},
    "fam_contexto": {"es": "Contexto", "en": "Context"},
    "fam_participacion": {"es": "Participación y cooperación", "en": "Participation and cooperation"},
    "fam_centros_albergues": {"es": "Centros y albergues", "en": "Centres and shelters"},
    "fam_mexicanos_exterior": {"es": "Mexicanos en el exterior", "en": "Mexicans abroad"},
    "fam_financiamiento": {"es": "Financiamiento", "en": "Funding"},
    "fam_remesas": {"es": "Remesas", "en": "Remittances"},
    "fam_pobreza": {"es": "Pobreza", "en": "Poverty"},

    # Encuentros
    "enc_intro": {"es": "Eventos mensuales de la UPMRIP (México) y, por separado, encuentros de la CBP en la frontera suroeste de EE. UU. Son medidas distintas: nunca se suman ni comparten eje.",
                  "en": "Monthly UPMRIP events (Mexico) and, separately, US CBP southwest-border encounters. They are different measures: never added nor on a shared axis."},
    "enc_mensual_titulo": {"es": "Eventos mensuales de personas extranjeras en situación migratoria irregular, México, {periodo}",
                           "en": "Monthly events of foreigners in an irregular migration situation, Mexico, {periodo}"},
    "enc_mensual_titulo_paises": {"es": "Eventos mensuales en situación migratoria irregular, México, nacionalidades seleccionadas, {periodo}",
                                  "en": "Monthly irregular-migration events, Mexico, selected nationalities, {periodo}"},
    "enc_top_titulo": {"es": "Principales nacionalidades de los eventos en situación migratoria irregular, México, {periodo}",
                       "en": "Top nationalities of irregular-migration events, Mexico, {periodo}"},
    "enc_sexo_titulo": {"es": "Eventos por sexo y grupo de edad, México, {periodo}", "en": "Events by sex and age group, Mexico, {periodo}"},
    "enc_devol_titulo": {"es": "Devoluciones de personas extranjeras por tipo, México, {periodo}",
                         "en": "Returns of foreign nationals by type, Mexico, {periodo}"},
    "enc_cbp_titulo": {"es": "Encuentros de la CBP en la frontera suroeste de EE. UU., por componente, {periodo}",
                       "en": "US CBP southwest-border encounters by component, {periodo}"},
    "enc_cbp_aparte": {"es": "Estados Unidos (CBP): otra medida, otro territorio — gráfica y eje propios.",
                       "en": "United States (CBP): another measure, another territory — its own chart and axis."},
    # Encuentros: series con medidas, sexo y edad en el tiempo, la ruta y descripciones de las gráficas
    "filtros": {"es": "Filtros", "en": "Filters"},
    "filtros_ayuda": {"es": "Lo que se elige aquí queda en la URL: el enlace reproduce la vista.",
                      "en": "What you choose here stays in the URL: the link reproduces the view."},
    "r_todas": {"es": "todas", "en": "all"},
    "r_todos": {"es": "todos", "en": "all"},
    "r_ambos": {"es": "ambos", "en": "both"},
    "r_ninguna": {"es": "ninguna", "en": "none"},
    "r_nacionalidades": {"es": "Nacionalidades", "en": "Nationalities"},
    "r_top": {"es": "Principales", "en": "Top"},
    "r_sexo": {"es": "Sexo", "en": "Sex"},
    "r_edad": {"es": "Edad", "en": "Age"},
    "r_sumadas": {"es": "Sumadas", "en": "Added up"},
    "r_capas": {"es": "Capas", "en": "Layers"},
    "r_causas": {"es": "Causas", "en": "Causes"},
    "r_series": {"es": "Series", "en": "Series"},
    "f_medida": {"es": "Medida", "en": "Measure"},
    "f_log": {"es": "Escala logarítmica", "en": "Log scale"},
    "enc_log_sin_negativos": {"es": "Con escala logarítmica no se dibujan los valores negativos ni el cero: en el cambio contra el mismo mes del año anterior, los meses de caída quedan fuera de la gráfica (siguen en su tabla y en el CSV).",
                              "en": "A log scale cannot draw negative values or zero: with the change against the same month a year earlier, months with a fall are left out of the chart (they stay in its table and CSV)."},
    "f_sumar": {"es": "Sumar las nacionalidades elegidas", "en": "Add up the chosen nationalities"},
    "serie_medida_nivel": {"es": "Nivel", "en": "Level"},
    "serie_medida_suma_12m": {"es": "Suma de 12 meses", "en": "12-month sum"},
    "serie_medida_var_anual": {"es": "Cambio anual (%)", "en": "Year-on-year change (%)"},
    "serie_medida_participacion": {"es": "Participación en el total (%)", "en": "Share of total (%)"},
    "serie_medida_indice": {"es": "Índice (primer mes = 100)", "en": "Index (first month = 100)"},
    "serie_medida_titulo_nivel": {"es": "nivel", "en": "level"},
    "serie_medida_titulo_suma_12m": {"es": "suma de 12 meses", "en": "12-month rolling sum"},
    "serie_medida_titulo_var_anual": {"es": "% de cambio contra el mismo mes un año antes",
                                      "en": "% change on the same month a year earlier"},
    "serie_medida_titulo_participacion": {"es": "% del total de la serie", "en": "% of the series total"},
    "serie_medida_titulo_indice": {"es": "índice, primer mes de la vista = 100", "en": "index, first month of the view = 100"},
    "serie_medida_anual_suma_12m": {"es": "el año (serie anual)", "en": "the year (annual series)"},
    "serie_medida_anual_var_anual": {"es": "% de cambio contra el año anterior (serie anual)",
                                     "en": "% change on the previous year (annual series)"},
    "serie_medida_anual_indice": {"es": "índice, primer año de la vista = 100", "en": "index, first year of the view = 100"},
    "serie_escala_log": {"es": "escala logarítmica", "en": "log scale"},
    "serie_titulo_medida": {"es": "{titulo} — {medida}", "en": "{titulo} — {medida}"},
    "enc_medidas_nota": {"es": "Cada línea es una nacionalidad elegida (las 10 de mayor total; las demás elegidas, juntas como «otras elegidas»); sin elegir, el total. Un mes en que la serie tiene datos y la nacionalidad no aparece cuenta 0. La suma de 12 meses y el cambio anual usan los meses anteriores a la vista; en asilo, que es anual, son el año y el cambio contra el año anterior.",
                         "en": "Each line is a chosen nationality (the 10 with the largest total; the other chosen ones together as “other selected”); with none chosen, the total. A month in which the series has data and the nationality does not appear counts as 0. The 12-month sum and the year-on-year change use the months before the view; for asylum, which is annual, they are the year and the change on the previous year."},
    "enc_eventos_medida_titulo": {"es": "Eventos en situación migratoria irregular por nacionalidad, México, {periodo}",
                                  "en": "Irregular-migration events by nationality, Mexico, {periodo}"},
    "enc_sec_eventos": {"es": "Eventos por nacionalidad", "en": "Events by nationality"},
    "enc_sec_sexo_edad": {"es": "Sexo y edad", "en": "Sex and age"},
    "enc_sec_devoluciones": {"es": "Devoluciones", "en": "Returns"},
    "enc_sec_ruta": {"es": "La ruta", "en": "The route"},
    "enc_sec_cbp": {"es": "CBP (Estados Unidos)", "en": "CBP (United States)"},
    "enc_sec_asilo": {"es": "Asilo en México", "en": "Asylum in Mexico"},
    "enc_sexo_edad_tiempo": {"es": "Sexo y edad mes a mes", "en": "Sex and age month by month"},
    "enc_sexo_edad_cruce": {"es": "Mes a mes, cada dimensión va por separado: la gráfica por edad suma todos los sexos y la de sexo suma todas las edades, aunque el filtro elija otros; la proporción de menores es sobre todos los eventos del mes.",
                            "en": "Month by month, each dimension goes on its own: the age chart adds up all sexes and the sex chart all ages, even when the filter picks others; the share of minors is over all the month's events."},
    "enc_edad_mes_titulo": {"es": "Eventos por grupo de edad, México, {periodo}", "en": "Events by age group, Mexico, {periodo}"},
    "enc_sexo_mes_titulo": {"es": "Eventos por sexo, México, {periodo}", "en": "Events by sex, Mexico, {periodo}"},
    "enc_menores_titulo": {"es": "Proporción de menores en los eventos (% del total del mes), México, {periodo}",
                           "en": "Share of minors in events (% of the month's total), Mexico, {periodo}"},
    "enc_devol_nac_titulo": {"es": "Devoluciones de personas extranjeras por nacionalidad, México, {periodo}",
                             "en": "Returns of foreign nationals by nationality, Mexico, {periodo}"},
    "enc_cbp_comp_titulo": {"es": "Encuentros de la CBP en la frontera suroeste de EE. UU., por componente, {periodo}",
                            "en": "US CBP southwest-border encounters by component, {periodo}"},
    "enc_asilo_nac_titulo": {"es": "Solicitudes de asilo en México por nacionalidad y año (personas), {periodo}",
                             "en": "Asylum applications in Mexico by nationality and year (persons), {periodo}"},
    "enc_ruta": {"es": "La ruta, lado a lado", "en": "The route, side by side"},
    "enc_ruta_nota": {"es": "Para las nacionalidades elegidas (sin elegir, el total): cruces del Darién, eventos de la UPMRIP y encuentros de la CBP en la frontera suroeste. Tres medidas distintas, cada una con su eje; nunca se suman.",
                      "en": "For the chosen nationalities (none chosen: the total): Darién crossings, UPMRIP events and CBP southwest-border encounters. Three different measures, each on its own axis; never added up."},
    "enc_ruta_darien_titulo": {"es": "Darién (Panamá), {periodo}", "en": "Darién (Panama), {periodo}"},
    "enc_ruta_eventos_titulo": {"es": "Eventos UPMRIP (México), {periodo}", "en": "UPMRIP events (Mexico), {periodo}"},
    "enc_ruta_cbp_titulo": {"es": "Encuentros CBP (frontera suroeste de EE. UU.), {periodo}",
                            "en": "CBP encounters (US southwest border), {periodo}"},
    "eje_personas": {"es": "Personas", "en": "People"},
    "eje_porcentaje": {"es": "Porcentaje", "en": "Percent"},
    "eje_indice": {"es": "Índice", "en": "Index"},
    "desc_serie": {"es": "{nombre}: máximo de {pico} en {periodo_pico}; último valor, {ultimo} en {periodo_ultimo}{cambio}.",
                   "en": "{nombre}: peak of {pico} in {periodo_pico}; latest value, {ultimo} in {periodo_ultimo}{cambio}."},
    "desc_cambio": {"es": ", {cambio} frente a {periodo_previo}", "en": ", {cambio} on {periodo_previo}"},
    "desc_lineas": {"es": "{n} líneas; la de mayor último valor es {frase}", "en": "{n} lines; the one with the largest latest value is {frase}"},
    "desc_barras": {"es": "{primero} encabeza con {valor} de {total} en las {n} categorías mostradas.",
                    "en": "{primero} leads with {valor} of {total} across the {n} categories shown."},
    "desc_sin_datos": {"es": "La gráfica no tiene datos con estos filtros.", "en": "The chart has no data with these filters."},
    "descripcion_grafica": {"es": "Descripción", "en": "Description"},
    "enc_comparar": {"es": "¿Por qué difiere la cifra de los documentos del total de la UPMRIP?", "en": "Why does the documents' figure differ from UPMRIP's total?"},
    "enc_comparar_nota": {"es": "Son medidas distintas. La cifra del documento habla de «encuentros» (acciones de control y verificación migratoria) y no cita su fuente estadística; la UPMRIP cuenta eventos de personas extranjeras presentadas ante el INM o canalizadas con un procedimiento administrativo. Ambas cuentan eventos, no personas: una misma persona puede contarse varias veces. Los encuentros de la CBP ocurren en la frontera de EE. UU. y tampoco se suman.",
                          "en": "They are different measures. The document's figure refers to «encounters» (migration control and verification actions) and does not cite its statistical source; UPMRIP counts events of foreigners presented to or channelled by INM with an administrative procedure. Both count events, not persons: one person may be counted several times. CBP encounters happen at the US border and are not added either."},
    "enc_upmrip_anio": {"es": "Eventos UPMRIP, México, {anio} ({meses} meses)", "en": "UPMRIP events, Mexico, {anio} ({meses} months)"},
    "enc_cbp_anio": {"es": "Encuentros CBP, frontera suroeste de EE. UU., {anio} ({meses} meses)", "en": "CBP encounters, US southwest border, {anio} ({meses} months)"},
    "enc_asilo": {"es": "Solicitudes de asilo en México (COMAR, vía ACNUR)", "en": "Asylum applications in Mexico (COMAR, via UNHCR)"},
    "enc_asilo_titulo": {"es": "Solicitudes de asilo en México por país de origen (personas), {periodo}",
                         "en": "Asylum applications in Mexico by country of origin (persons), {periodo}"},
    "enc_asilo_anual_titulo": {"es": "Solicitudes de asilo en México por año (personas), {periodo}",
                               "en": "Asylum applications in Mexico by year (persons), {periodo}"},
    "eje_eventos": {"es": "Eventos", "en": "Events"},
    "eje_encuentros": {"es": "Encuentros (CBP)", "en": "Encounters (CBP)"},
    "eje_devoluciones": {"es": "Devoluciones (eventos)", "en": "Returns (events)"},
    "eje_solicitudes": {"es": "Solicitudes (personas)", "en": "Applications (persons)"},
    "eje_mes": {"es": "Mes", "en": "Month"},
    "eje_anio": {"es": "Año", "en": "Year"},
    "eje_nacionalidad": {"es": "Nacionalidad", "en": "Nationality"},
    "eje_grupo_edad": {"es": "Grupo de edad", "en": "Age group"},
    "eje_valor": {"es": "Valor según el documento", "en": "Value as stated"},
    "sexo": {"es": "Sexo", "en": "Sex"},
    "tipo": {"es": "Tipo", "en": "Type"},
    "componente": {"es": "Componente", "en": "Component"},

    # Refugio, IMSS, vacantes
    "ref_intro": {"es": "Personas refugiadas en el empleo formal, participantes del Programa de Integración Local, empresas que las emplean, su contribución fiscal y la Estrategia de Movilidad Laboral. Cada cifra es una medida distinta: pueden solaparse y no se suman.",
                  "en": "Refugees in formal employment, Local Integration Programme participants, companies employing them, their fiscal contribution and the Labour Mobility Strategy. Each figure is a different measure: they may overlap and are not added."},
    "imss_intro": {"es": "Personas trabajadoras migrantes aseguradas, programa de personas trabajadoras independientes, números de seguridad social emitidos en estaciones migratorias y personas informadas. Cada tarjeta dice qué cuenta: existencias a una fecha, emisiones acumuladas o atenciones.",
                   "en": "Insured migrant workers, independent-worker programme, social security numbers issued at immigration stations and people informed. Each card says what it counts: a stock at a date, cumulative issuance or contacts."},
    "vac_intro": {"es": "Vacantes sin cubrir y nuevas vacantes proyectadas (rangos, dibujados como intervalos y no como puntos medios) y vacantes ofrecidas por empresas de un programa concreto.",
                  "en": "Unfilled vacancies and projected new vacancies (ranges, drawn as intervals rather than midpoints) and openings offered by companies in a specific programme."},
    "cifras_titulo": {"es": "{tema}: cifras de los documentos por {cuenta}, México", "en": "{tema}: figures from the documents by {cuenta}, Mexico"},
    "vac_titulo": {"es": "Vacantes laborales en México según los documentos (rangos como intervalos)",
                   "en": "Job vacancies in Mexico according to the documents (ranges as intervals)"},
    "tabla_cifras": {"es": "Tabla de cifras", "en": "Figures table"},

    # Fuentes
    "fue_intro": {"es": "De dónde sale cada número: documentos, tablas oficiales, cifras con su cita textual, indicadores y qué desagregaciones existen.",
                  "en": "Where each number comes from: documents, official tables, figures with their verbatim quote, indicators and which breakdowns exist."},
    "fue_documentos": {"es": "Documentos", "en": "Documents"},
    "fue_tablas": {"es": "Tablas oficiales", "en": "Official tables"},
    "fue_cifras": {"es": "Cifras y citas", "en": "Figures and quotes"},
    "fue_indicadores": {"es": "Indicadores", "en": "Indicators"},
    "fue_brechas": {"es": "Brechas de datos", "en": "Data gaps"},
    "fue_brechas_nota": {"es": "Qué desagregaciones existen para cada indicador, derivado de los renglones de cada tabla (una tabla vacía no ofrece ninguna) y de las cifras publicadas. Los documentos piden datos desagregados: las casillas vacías son las brechas.",
                         "en": "Which breakdowns exist for each indicator, derived from each table's rows (an empty table offers none) and the published figures. The documents call for disaggregated data: empty cells are the gaps."},
    "fue_n_cifras": {"es": "{n} de {total} cifras", "en": "{n} of {total} figures"},
    "dim_mes": {"es": "Mes", "en": "Month"},
    "dim_nacionalidad": {"es": "Nacionalidad", "en": "Nationality"},
    "dim_sexo": {"es": "Sexo", "en": "Sex"},
    "dim_edad": {"es": "Edad", "en": "Age"},
    "dim_entidad": {"es": "Entidad / estado", "en": "State"},
    "fila_tabla": {"es": "Tabla oficial", "en": "Official table"},
    "fila_documentos": {"es": "Cifras de documentos", "en": "Document figures"},
    "origen": {"es": "Origen", "en": "Origin"},
    "indicador": {"es": "Indicador", "en": "Indicator"},
    "familia": {"es": "Familia", "en": "Family"},
    "valor": {"es": "Valor", "en": "Value"},

    # Proyecciones
    "proy_intro": {"es": "Proyección de 1 a 12 meses de cada serie mensual oficial, después de su propio último mes, con el modelo que mejor le fue en una evaluación con origen móvil: en cada uno de los 24 meses anteriores al último de la serie se ajustaron los modelos sólo con los meses anteriores y se compararon sus pronósticos con lo que después se observó. Todo se calcula en el ETL; esta página sólo lo muestra.",
                   "en": "A 1- to 12-month projection of each official monthly series, after its own last month, with the model that did best in a rolling-origin evaluation: at each of the 24 months before the series' last one the models were fitted only with earlier months and their forecasts compared with what was later observed. Everything is computed in the ETL; this page only shows it."},
    "proy_advertencias": {"es": "Antes de citar una proyección", "en": "Before quoting a projection"},
    "proy_adv_eventos": {"es": "Los eventos de la UPMRIP no son personas: una misma persona puede contar varias veces. Las devoluciones también son eventos; los encuentros de la CBP son otra medida de otro país, y el Darién cuenta personas registradas en Panamá.",
                         "en": "UPMRIP events are not people: the same person can be counted several times. Returns are events too; CBP encounters are another measure from another country, and the Darién counts people registered in Panama."},
    "proy_adv_regimen": {"es": "Un cambio de régimen rompe cualquier modelo ajustado antes de él. Ejemplo de estos datos: los eventos de la UPMRIP pasaron de {maximo} en {mes_maximo} a {ultimo} en {mes_ultimo}; un modelo ajustado antes de la caída no podía anticiparla: vea en cada puntaje cuántas veces la banda contuvo el dato.",
                         "en": "A regime change breaks any model fitted before it. Example from these data: UPMRIP events went from {maximo} in {mes_maximo} to {ultimo} in {mes_ultimo}; a model fitted before the fall could not anticipate it: see in each scorecard how often the band held the value."},
    "proy_adv_meta": {"es": "Una proyección no es una meta ni una predicción de política: dice qué pasaría si el patrón reciente siguiera igual.",
                      "en": "A projection is not a target nor a policy prediction: it says what would happen if the recent pattern stayed the same."},
    "proy_mase": {"es": "**MASE** (a un horizonte): error absoluto medio del modelo en los orígenes evaluados ÷ el del ingenuo estacional (el mismo mes del año anterior) en los mismos orígenes y horizonte. Menos de 1: el modelo se equivocó menos que esa referencia. **Cobertura**: proporción de orígenes en que el dato observado cayó dentro de la banda; una banda de 80 % bien calibrada lo contiene cerca del 80 % de las veces.",
                  "en": "**MASE** (at one horizon): the model's mean absolute error over the evaluated origins ÷ that of seasonal naive (same month of the previous year) over the same origins and horizon. Below 1: the model erred less than that benchmark. **Coverage**: share of origins where the observed value fell inside the band; a well-calibrated 80 % band holds it about 80 % of the time."},
    "f_proy_series": {"es": "Series", "en": "Series"},
    "f_proy_horizonte": {"es": "Horizonte del puntaje (meses)", "en": "Scorecard horizon (months)"},
    "f_proy_historia": {"es": "Meses observados en la gráfica", "en": "Observed months in the chart"},
    "proy_tab_eventos_total": {"es": "Eventos: total", "en": "Events: total"},
    "proy_tab_devoluciones": {"es": "Devoluciones", "en": "Returns"},
    "proy_tab_cbp_encuentros": {"es": "CBP", "en": "CBP"},
    "proy_tab_darien": {"es": "Darién", "en": "Darién"},
    "proy_tab_puntaje": {"es": "Puntaje de todas", "en": "Scorecard, all series"},
    "proy_serie_eventos_total": {"es": "Eventos UPMRIP, total", "en": "UPMRIP events, total"},
    "proy_serie_eventos_pais": {"es": "Eventos UPMRIP, {pais}", "en": "UPMRIP events, {pais}"},
    "proy_serie_devoluciones": {"es": "Devoluciones UPMRIP, total", "en": "UPMRIP returns, total"},
    "proy_serie_cbp": {"es": "Encuentros CBP, frontera suroeste de EE. UU., total", "en": "CBP encounters, U.S. southwest border, total"},
    "proy_serie_darien": {"es": "Cruces del Darién (Panamá), total mensual", "en": "Darién crossings (Panama), monthly total"},
    "proy_titulo": {"es": "{serie}: observado {periodo} y proyección a 12 meses", "en": "{serie}: observed {periodo} and 12-month projection"},
    "proy_fuente_calculo": {"es": "Proyección: cálculo del tablero (statsmodels), no de la fuente.", "en": "Projection: computed by the dashboard (statsmodels), not by the source."},
    "modelo_estacional_ingenuo": {"es": "Ingenuo estacional", "en": "Seasonal naive"},
    "modelo_ingenuo": {"es": "Ingenuo (último mes)", "en": "Naive (last month)"},
    "modelo_ets": {"es": "ETS(A,Ad,N)", "en": "ETS(A,Ad,N)"},
    "modelo_arima": {"es": "ARIMA(1,1,1)", "en": "ARIMA(1,1,1)"},
    "modelo_theta": {"es": "Theta", "en": "Theta"},
    "proy_modelo": {"es": "Modelo elegido: **{modelo}**", "en": "Chosen model: **{modelo}**"},
    "proy_puntaje": {"es": "En los últimos {n} orígenes, a {h} meses: MASE {mase} contra ingenuo estacional ({mase_ingenuo} contra ingenuo); la banda de 80 % contuvo el dato {c80} % de las veces (la de 95 %, {c95} %).",
                     "en": "Over the last {n} origins, at {h} months: MASE {mase} vs seasonal naive ({mase_ingenuo} vs naive); the 80 % band held the value {c80} % of the time (the 95 % band, {c95} %)."},
    "proy_sin_puntaje": {"es": "Sin orígenes evaluados a {h} meses.", "en": "No evaluated origins at {h} months."},
    "proy_no_supera": {"es": "Ningún modelo superó al ingenuo estacional en la evaluación: se muestra su proyección (el mismo mes del año anterior).",
                       "en": "No model beat seasonal naive in the evaluation: its projection (same month of the previous year) is shown."},
    "proy_ultimo_mes": {"es": "Último mes con dato: {mes}", "en": "Last month with data: {mes}"},
    "proy_observado": {"es": "Observado", "en": "Observed"},
    "proy_proyeccion": {"es": "Proyección ({modelo})", "en": "Projection ({modelo})"},
    "proy_banda_80": {"es": "Intervalo de 80 %", "en": "80 % interval"},
    "proy_banda_95": {"es": "Intervalo de 95 %", "en": "95 % interval"},
    "proy_puntaje_titulo": {"es": "Puntaje de todas las series y modelos a {h} meses", "en": "Scorecard of every series and model at {h} months"},
    "proy_descargar_evaluacion": {"es": "CSV de la evaluación (cada origen, horizonte y modelo)", "en": "Evaluation CSV (every origin, horizon and model)"},
    "proy_ayuda_evaluacion": {"es": "Con estos renglones se recalculan el MASE y la cobertura de la tabla.", "en": "These rows recompute the table's MASE and coverage."},
    "proy_descargar_puntaje": {"es": "CSV del puntaje (todos los horizontes)", "en": "Scorecard CSV (all horizons)"},
    # Territorio
    "pag_territorio": {"es": "Territorio", "en": "Territory"},
    "ter_intro": {"es": "Remesas por entidad federativa sobre los límites del INEGI, con los Centros Multiservicios y "
                    "Centros Integradores del Migrante que nombran los documentos y las muertes y desapariciones "
                    "de personas migrantes registradas por la OIM. El mapa no usa mosaicos ni internet.",
              "en": "Remittances by state over INEGI boundaries, with the multi-service centres and migrant "
                    "integration centres named in the documents and the migrant deaths and disappearances recorded "
                    "by IOM. The map uses no tiles and no internet."},
    "ter_f_trimestre": {"es": "Trimestre de las remesas", "en": "Remittance quarter"},
    "ter_capa_centros": {"es": "Centros (documentos)", "en": "Centres (documents)"},
    "ter_capa_mmp": {"es": "Muertes y desapariciones (OIM)", "en": "Deaths and disappearances (IOM)"},
    "ter_f_anios": {"es": "Años de los incidentes", "en": "Incident years"},
    "ter_f_causas": {"es": "Causas (vacío = todas)", "en": "Causes (empty = all)"},
    "ter_mapa_titulo": {"es": "Remesas por entidad federativa, {periodo} (millones de dólares){capas}",
                    "en": "Remittances by state, {periodo} (million US dollars){capas}"},
    "ter_titulo_centros": {"es": "centros", "en": "centres"},
    "ter_titulo_mmp": {"es": "muertes y desapariciones de personas migrantes {anios}",
                   "en": "migrant deaths and disappearances {anios}"},
    "ter_y": {"es": " y ", "en": " and "},
    "ter_colorbar": {"es": "Millones de<br>dólares", "en": "Million<br>US dollars"},
    "ter_hover_remesas": {"es": "Remesas, {periodo}", "en": "Remittances, {periodo}"},
    "ter_dolares": {"es": "dólares", "en": "US dollars"},
    "ter_millones_dolares": {"es": "millones de dólares", "en": "million US dollars"},
    "ter_sin_dato": {"es": "sin dato", "en": "no data"},
    "ter_leyenda_centros": {"es": "Centros (ubicación aproximada)", "en": "Centres (approximate location)"},
    "ter_leyenda_mmp": {"es": "Incidentes MMP (tamaño = personas)", "en": "MMP incidents (size = people)"},
    "ter_h_estado": {"es": "Estado", "en": "Status"},
    "ter_h_operador": {"es": "Operador", "en": "Operator"},
    "ter_h_muertes": {"es": "Personas muertas o desaparecidas", "en": "Dead or missing people"},
    "ter_h_causa": {"es": "Causa", "en": "Cause"},
    "ter_h_ubicacion": {"es": "Ubicación", "en": "Location"},
    "ter_fuera": {"es": "{n} incidente(s) de la selección quedan a más de 1 km de toda entidad del INEGI (fuera de México, según sus coordenadas) y no se dibujan; siguen en los CSV con en_mexico = falso. Dentro de ese kilómetro (ríos fronterizos, playas) sí se dibujan.",
                  "en": "{n} selected incident(s) lie more than 1 km from every INEGI state (outside Mexico, by their coordinates) and are not drawn; they remain in the CSVs with en_mexico = false. Points within that kilometre (border rivers, beaches) are drawn."},
    "ter_nota_centros": {"es": "Ubicación de los centros: aproximada a la cabecera municipal, no viene de los documentos.",
                     "en": "Centre locations: approximate municipal seat, not taken from the documents."},
    "ter_nota_geometria": {"es": "Límites del INEGI simplificados de {a} a {b} vértices (fronteras compartidas idénticas); el mapa envía {kb} kB al navegador.",
                       "en": "INEGI boundaries simplified from {a} to {b} vertices (shared borders kept identical); the map sends {kb} kB to the browser."},
    "ter_tab_entidades": {"es": "Remesas por entidad", "en": "Remittances by state"},
    "ter_tab_centros": {"es": "Centros", "en": "Centres"},
    "ter_tab_mmp": {"es": "Incidentes MMP", "en": "MMP incidents"},
    "ter_centros_sub": {"es": "Centros que nombran los documentos", "en": "Centres named in the documents"},
    "ter_no_lo_dice": {"es": "el documento no lo dice", "en": "not stated in the document"},
    "ter_tipo": {"es": "Tipo", "en": "Type"},
    "ter_lugar": {"es": "Lugar", "en": "Place"},
    "ter_servicios": {"es": "Servicios", "en": "Services"},
    "ter_financiamiento": {"es": "Financiamiento", "en": "Funding"},
    "ter_posterior": {"es": "Después", "en": "Later"},
    "ter_coordenadas": {"es": "Coordenadas", "en": "Coordinates"},
    "ter_texto_es": {"es": "Estado, servicios y financiamiento se transcriben como los dicen los documentos; vacío = el documento no lo dice.",
                 "en": "Status, services and funding are transcribed in Spanish, as the documents state them; empty = not stated."},

    # Panorama: tarjetas de último mes con sus cambios
    "pan_cambio_mes": {"es": "{cambio} % contra {mes}", "en": "{cambio} % vs {mes}"},
    "pan_cambio_anio": {"es": "{cambio} % contra el mismo mes de un año antes ({mes}: {valor})",
                        "en": "{cambio} % vs the same month a year earlier ({mes}: {valor})"},
    "pan_sin_cambio": {"es": "sin dato de {mes} para comparar", "en": "no {mes} value to compare"},
    "pan_linea_24": {"es": "Línea: {desde} a {hasta} ({n} meses).", "en": "Line: {desde} to {hasta} ({n} months)."},
    "pan_24_meses": {"es": "24 meses de cada serie (líneas de las tarjetas)", "en": "24 months of each series (card lines)"},

    # Empleo (ENOE) como contexto en Refugio y empleo e IMSS
    "enoe_titulo": {"es": "Contexto: personas ocupadas nacidas en el extranjero (ENOE, INEGI)",
                    "en": "Context: employed people born abroad (ENOE, INEGI)"},
    "enoe_advertencia": {"es": "Estimación de encuesta, no registro administrativo. «Nacida en el extranjero» no es «de nacionalidad extranjera»: incluye a hijas e hijos de mexicanos nacidos en EE. UU. y deja fuera a quienes se naturalizaron. «Formal» es la formalidad laboral de la ENOE, no el registro en el IMSS. La muestra de personas nacidas en el extranjero es chica: los cambios de un trimestre a otro son sobre todo ruido. No es el número de personas refugiadas ni de personas migrantes aseguradas; se muestra como contexto, nunca se suma ni se resta a las cifras de los documentos.",
                         "en": "Survey estimate, not an administrative record. «Born abroad» is not «foreign national»: it includes children of Mexicans born in the US and leaves out naturalised people. «Formal» is ENOE's labour formality, not IMSS registration. The born-abroad sample is small: quarter-to-quarter moves are mostly noise. It is not the number of refugees or of insured migrants; it is shown as context, never added to or subtracted from the documents' figures."},
    "enoe_hueco": {"es": "Falta {periodo}: la encuesta se suspendió por la emergencia sanitaria; la gráfica deja el hueco, no interpola.",
                   "en": "{periodo} is missing: the survey was suspended during the health emergency; the chart leaves the gap, it does not interpolate."},
    "enoe_formales": {"es": "Ocupados nacidos en el extranjero con empleo formal (ENOE), {periodo}",
                      "en": "Employed people born abroad in formal work (ENOE), {periodo}"},
    "enoe_informal_pct": {"es": "Informalidad laboral, {periodo}", "en": "Labour informality, {periodo}"},
    "enoe_cercano": {"es": "Trimestre de la ENOE más cercano a la fecha de la cifra ({referencia}); la serie publicada termina en {ultimo}.",
                     "en": "ENOE quarter nearest to the figure's date ({referencia}); the published series ends in {ultimo}."},
    "enoe_de_ocupados": {"es": "de {ocupados} ocupados nacidos en el extranjero ({pct} % informal)",
                         "en": "of {ocupados} employed people born abroad ({pct} % informal)"},
    "enoe_comparar_nota": {"es": "Son medidas distintas. La cifra del documento cuenta personas migrantes aseguradas en el IMSS (registro administrativo, a la fecha del documento); la ENOE estima cuántas personas nacidas en el extranjero tienen un empleo formal según la encuesta, en otro periodo. Ni una contiene a la otra ni se restan: la diferencia no es «migrantes sin IMSS».",
                           "en": "These are different measures. The document's figure counts migrants insured by IMSS (administrative record, as of the document date); ENOE estimates how many people born abroad hold formal jobs according to the survey, in another period. Neither contains the other and they are not subtracted: the difference is not «migrants without IMSS»."},
    "enoe_comparar_nota_refugio": {"es": "Son medidas distintas. La cifra del documento habla de personas refugiadas incorporadas al empleo formal por un programa; la ENOE estima a todas las personas nacidas en el extranjero con empleo, sean o no refugiadas, en otro periodo. No se suman ni se restan.",
                                   "en": "These are different measures. The document's figure is about refugees placed in formal jobs by a programme; ENOE estimates all employed people born abroad, refugees or not, in another period. They are neither added nor subtracted."},
    "enoe_informal_titulo": {"es": "Porcentaje de ocupados con empleo informal por lugar de nacimiento (ENOE), {desde} – {hasta}",
                             "en": "Share of employed people in informal work by place of birth (ENOE), {desde} – {hasta}"},
    "enoe_extranjero_titulo": {"es": "Ocupados nacidos en el extranjero, formales e informales (ENOE), {desde} – {hasta}",
                               "en": "Employed people born abroad, formal and informal (ENOE), {desde} – {hasta}"},
    "eje_informal_pct": {"es": "% informal", "en": "% informal"},
    "eje_ocupados": {"es": "Personas ocupadas (estimación)", "en": "Employed people (estimate)"},
    "eje_trimestre": {"es": "Trimestre", "en": "Quarter"},
}

def idioma_actual() -> str:
    """Idioma de la sesión (lo fija app.py a partir de `?idioma=`); español fuera de Streamlit."""
    try:
        import streamlit as st

        valor = st.session_state.get("idioma", IDIOMA_POR_OMISION)
    except Exception:  # fuera de una sesión de Streamlit (pruebas unitarias)
        valor = IDIOMA_POR_OMISION
    return valor if valor in IDIOMAS else IDIOMA_POR_OMISION


def t(clave: str, idioma: str | None = None, **valores) -> str:
    """Etiqueta `clave` en `idioma` (por omisión el de la sesión); si falta la traducción, el español."""
    idioma = idioma or idioma_actual()
    entrada = TEXTOS[clave]
    texto = entrada.get(idioma) or entrada[IDIOMA_POR_OMISION]
    return texto.format(**valores) if valores else texto


def categoria(valor, idioma: str | None = None) -> str:
    """Nombre visible de una categoría de los datos (sexo, grupo de edad, tipo de devolución, causa, unidad,
    categorías de la CBP), del catálogo `etiquetas` que publica el ETL; el valor tal cual si no está."""
    from tablero import datos  # aquí: datos importa este módulo

    etiquetas = _etiquetas(str(datos.version()))
    nombres = etiquetas.get(str(valor))
    if nombres is None:
        return "" if valor is None else str(valor)
    return nombres[1] if (idioma or idioma_actual()) == "en" else nombres[0]


@functools.lru_cache(maxsize=4)
def _etiquetas(version: str) -> dict[str, tuple[str, str]]:
    from tablero import datos

    tabla = datos.consulta_en(version, "etiquetas")
    return {v: (es, en) for v, es, en in tabla[["valor", "es", "en"]].itertuples(index=False)}


def nombres_en() -> dict[str, str]:
    """Valor de cada categoría de los datos → su nombre en inglés (sólo los que cambian), de esta versión."""
    from tablero import datos

    return _nombres_en(str(datos.version()))


@functools.lru_cache(maxsize=4)
def _nombres_en(version: str) -> dict[str, str]:
    return {v: en for v, (_, en) in _etiquetas(version).items() if v != en}


# Columnas que llevan códigos, no etiquetas: no se traducen aunque un código se escriba como una categoría
# (la tabla `centros` no es la unidad «centros»; la serie `eventos` no es la cuenta «eventos»).
COLUMNAS_DE_CODIGOS = frozenset({"tabla", "tabla_entrada", "serie", "fuente_id", "familia", "iso3", "cve_ent", "archivo",
                                 "medida", "grupo_ciudadania"})


def es_columna_de_codigos(columna) -> bool:
    return str(columna) in COLUMNAS_DE_CODIGOS or str(columna).endswith("_id")


def tabla_en_idioma(df, idioma: str | None = None, nombres: dict[str, str] | None = None):
    """La tabla como se muestra y se descarga: en inglés, cada celda de texto que es una categoría de los datos
    (sexo, edad, unidad, calificador, lugar de nacimiento, tipo de serie…, catálogo `etiquetas`) lleva su
    nombre en inglés, y una columna con gemela en inglés se muestra sólo en inglés; los nombres propios y las citas
    no son categorías y quedan como están escritos.
    `nombres` se pasa cuando se llama fuera de la sesión (el hilo de una descarga)."""
    import pandas as pd

    if (idioma or idioma_actual()) != "en" or df is None or df.empty:
        return df
    nombres = nombres_en() if nombres is None else nombres
    # Una columna con gemela en inglés (`X` y `X_en`, o `X_es` y `X_en`) cede su lugar a la gemela.
    con_gemela = [c for c in df.columns if isinstance(c, str) and not c.endswith("_en")
                  and f"{c.removesuffix('_es')}_en" in df.columns]
    salida = df.drop(columns=con_gemela) if con_gemela else None
    for columna in (df if salida is None else salida).columns:
        serie = (df if salida is None else salida)[columna]
        if es_columna_de_codigos(columna) or not (pd.api.types.is_object_dtype(serie) or pd.api.types.is_string_dtype(serie)):
            continue
        if not serie.isin(nombres.keys()).any():
            continue
        salida = df.copy(deep=False) if salida is None else salida
        salida[columna] = serie.map(lambda v: nombres.get(v, v) if isinstance(v, str) else v)
    return df if salida is None else salida


def t_o(clave: str, defecto: str, idioma: str | None = None) -> str:
    """Como `t`, pero con un texto de reserva cuando la clave no existe (p. ej. una familia nueva en los datos)."""
    return t(clave, idioma) if clave in TEXTOS else defecto
