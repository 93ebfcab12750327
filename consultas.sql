-- Consultas del tablero, en tres capas que se leen de arriba abajo (como un proyecto dbt):
--
--   1. staging (`-- view: stg_*`): una vista por tabla Parquet publicada, con tipos fijos y nombres
--      claros; toda columna de procedencia se llama `fuente_id` y cada renglón dice de qué `tabla` viene.
--   2. vistas compartidas (`-- view:`): lo que varias consultas usan, escrito una sola vez
--      (las cifras con su indicador, documento y fuente; las columnas de procedencia de las tablas).
--      Y funciones (`-- macro:`, sin parámetros `$`): un cálculo que varias consultas escriben igual.
--   3. consultas de las páginas (`-- name:`): cadenas de CTE con parámetros `$nombre` que DuckDB
--      enlaza; nunca se arma texto SQL con valores de la página o de la URL.
--
-- consultas.py crea primero una vista por archivo Parquet de la versión (la fuente, con el nombre de la
-- tabla), luego las vistas en el orden de este archivo. Los parámetros `$idioma` ('es' o 'en') eligen
-- la columna de etiqueta: los datos llegan a la página ya en su idioma.

-- =====================================================================================================
-- 1. Staging
-- =====================================================================================================

-- view: stg_documentos
-- Documentos fuente (con su texto completo, para ubicar citas).
SELECT documento_id, archivo, titulo, titulo_en, institucion, institucion_en, fecha_publicacion, fecha::DATE AS fecha,
       fecha_precision, fecha_inferida::BOOLEAN AS fecha_inferida, fecha_nota, fecha_nota_en, idioma, tipo, url,
       formato_numerico, sha256, texto
FROM documentos;

-- view: stg_indicadores
-- Catálogo de indicadores: qué mide cada cifra, en qué unidad y de qué familia es.
SELECT indicador_id, nombre_es, nombre_en, definicion, definicion_en, unidad, familia, cuenta, medida, comparabilidad,
       comparabilidad_en
FROM indicadores;

-- view: stg_cifras
-- Cifras de los documentos con su calificador, periodo y cita textual.
SELECT cifra_id, indicador_id, documento_id, valor::DOUBLE AS valor, valor_min::DOUBLE AS valor_min,
       valor_max::DOUBLE AS valor_max, valor_texto, valor_min_texto, valor_max_texto, unidad, calificador,
       calificador_texto, periodo, periodo_en, periodo_inicio::DATE AS periodo_inicio, periodo_fin::DATE AS periodo_fin,
       geografia, geografia_en, institucion_fuente, institucion_fuente_en, cita, titular::BOOLEAN AS titular, nota,
       nota_en, nacionalidad, sexo, grupo_edad
FROM cifras;

-- view: stg_fuentes
-- Procedencia de cada archivo crudo (tablas oficiales y catálogos).
SELECT fuente_id, titulo, titulo_en, productor, productor_en, tabla AS cuadro, tabla_en AS cuadro_en, compilador,
       compilador_en, url, periodo, periodo_en, licencia, licencia_en, fecha_acceso::DATE AS fecha_acceso, sha256,
       cita_sugerida, cita_sugerida_en, notas, notas_en
FROM fuentes;

-- view: stg_paises
-- Nombres de país en español e inglés (ISO-3 y los códigos no ISO de los datos).
SELECT iso3, nombre_es, nombre_en, tipo FROM paises;

-- view: stg_etiquetas
-- Nombre en español e inglés de cada categoría que traen los datos.
SELECT campo, valor, es, en FROM etiquetas;

-- view: stg_eventos_nacionalidad
-- Eventos de extranjeros en situación migratoria irregular (UPMRIP) por mes y nacionalidad.
SELECT mes::DATE AS mes, iso3, n::BIGINT AS eventos, fuente_id, 'eventos_nacionalidad' AS tabla
FROM eventos_nacionalidad;

-- view: stg_eventos_sexo_edad
-- Los mismos eventos por mes, sexo y grupo de edad.
SELECT mes::DATE AS mes, sexo, grupo_edad, n::BIGINT AS eventos, fuente_id, 'eventos_sexo_edad' AS tabla
FROM eventos_sexo_edad;

-- view: stg_devoluciones
-- Devoluciones de extranjeros (UPMRIP) por mes, nacionalidad y tipo.
SELECT mes::DATE AS mes, iso3, tipo, n::BIGINT AS devoluciones, fuente_id, 'devoluciones' AS tabla
FROM devoluciones;

-- view: stg_cbp_encuentros
-- Encuentros de la CBP (EE. UU.); la columna `archivo` es la procedencia del renglón.
-- (su columna `estado` va siempre vacía: los archivos por estado van a cbp_encuentros_estado)
SELECT mes::DATE AS mes, anio_fiscal::INTEGER AS anio_fiscal, region, componente, area, demografia,
       autoridad, tipo_encuentro, ciudadania, iso3, grupo_ciudadania, n::BIGINT AS encuentros,
       archivo AS fuente_id, 'cbp_encuentros' AS tabla
FROM cbp_encuentros;

-- view: stg_cbp_encuentros_estado
-- Encuentros de la CBP por estado de EE. UU. (archivos «por estado»; sin componente ni tipo de encuentro).
SELECT mes::DATE AS mes, anio_fiscal::INTEGER AS anio_fiscal, region, estado, demografia, autoridad, ciudadania, iso3,
       grupo_ciudadania, n::BIGINT AS encuentros, archivo AS fuente_id, 'cbp_encuentros_estado' AS tabla
FROM cbp_encuentros_estado;

-- view: stg_asilo_solicitudes
-- Solicitudes de asilo en México (ACNUR con datos de la COMAR) por año y país de origen.
SELECT anio::INTEGER AS anio, iso3, procedimiento, tipo_solicitud, nivel_decision, unidad_solicitud,
       n::BIGINT AS solicitudes, fuente_id, 'asilo_solicitudes' AS tabla
FROM asilo_solicitudes;

-- view: stg_darien
-- Tránsito por el Darién (Migración Panamá) por periodo y nacionalidad.
SELECT periodo_inicio::DATE AS periodo_inicio, periodicidad, iso3, n::BIGINT AS personas, fuente_id, 'darien' AS tabla
FROM darien;

-- view: stg_mmp_incidentes
-- Muertes y desapariciones de personas migrantes en México (OIM, Missing Migrants Project).
SELECT incidente::BIGINT AS incidente, fecha::DATE AS fecha, mes::DATE AS mes, anio::INTEGER AS anio, tipo, ruta,
       muertes::BIGINT AS muertes, sobrevivientes::BIGINT AS sobrevivientes, causa, nacionalidades, ubicacion,
       lon::DOUBLE AS lon, lat::DOUBLE AS lat, en_mexico::BOOLEAN AS en_mexico, cve_ent, fuente_id,
       'mmp_incidentes' AS tabla
FROM mmp_incidentes;

-- view: stg_remesas
-- Remesas por entidad federativa y trimestre (Banxico), en dólares.
SELECT trimestre::DATE AS trimestre, cve_ent, entidad, usd::BIGINT AS usd, fuente_id, 'remesas' AS tabla
FROM remesas;

-- view: stg_enoe_ocupados
-- Ocupados de 15 años y más por trimestre, lugar de nacimiento (no nacionalidad) y formalidad laboral de la
-- ENOE (no registro en el IMSS); estimación de encuesta. Falta 2020-T2 (encuesta suspendida).
SELECT trimestre::DATE AS trimestre, lugar_nacimiento, formalidad, ocupados::BIGINT AS ocupados, fuente_id,
       'enoe_ocupados' AS tabla
FROM enoe_ocupados;

-- view: stg_enoe_indicadores
-- Indicadores nacionales trimestrales de la ENOE del Banco de Indicadores del INEGI (API con clave), con su unidad.
SELECT indicador, nombre, nombre_en, trimestre::DATE AS trimestre, valor::DOUBLE AS valor, unidad, fuente_id,
       'enoe_indicadores' AS tabla
FROM enoe_indicadores;

-- view: stg_entidades
-- Las 32 entidades del INEGI con su geometría completa (GeoJSON).
-- (Sin columna `tabla`: es un catálogo geográfico, no entra a la matriz de brechas.)
SELECT cve_ent, entidad, geometria, fuente_id
FROM entidades;

-- view: stg_tablas_meta
-- Título, descripción, clave y renglones de cada tabla publicada.
-- (Metadatos: la tabla descrita se llama `tabla_publicada` para no confundirse con la columna `tabla` de los datos.)
SELECT tabla AS tabla_publicada, posicion::INTEGER AS posicion, titulo, titulo_en, descripcion, descripcion_en, clave,
       filas::BIGINT AS filas, definicion, definicion_en
FROM tablas_meta;

-- view: stg_campos_meta
-- Cada columna de cada tabla publicada: tipo, descripción y unidad (en español y en inglés) y valores permitidos.
SELECT tabla AS tabla_publicada, campo, posicion::INTEGER AS posicion, tipo, descripcion, descripcion_en, unidad, unidad_en,
       nulo::BOOLEAN AS nulo, valores, minimo::DOUBLE AS minimo
FROM campos_meta;

-- view: stg_fuentes_tablas
-- Qué tabla publicada contiene cada archivo crudo.
SELECT fuente AS fuente_id, tabla AS tabla_publicada, principal::BOOLEAN AS principal FROM fuentes_tablas;

-- view: stg_fuentes_registro
-- Registro de fuentes (etl/fuentes/): cadencia, rezago habitual, último periodo publicado y última consulta.
SELECT fuente, posicion::INTEGER AS posicion, titulo, titulo_en, productor, productor_en, url, licencia, licencia_en,
       cita, cita_en, cadencia,
       meses_periodo::INTEGER AS meses_periodo, rezago_dias::INTEGER AS rezago_dias, token, descarga::BOOLEAN AS descarga,
       tablas, ultimo_periodo::DATE AS ultimo_periodo, fecha_acceso::DATE AS fecha_acceso,
       instantaneas::INTEGER AS instantaneas
FROM fuentes_registro;

-- view: stg_entidades_simplificadas
-- Las 32 entidades con su geometría simplificada para el mapa.
SELECT cve_ent, entidad, geometria, vertices_original::BIGINT AS vertices_original, vertices::BIGINT AS vertices,
       fuente_id, 'entidades_simplificadas' AS tabla
FROM entidades_simplificadas;

-- view: stg_centros
-- Centros que nombran los documentos, con su cita y coordenadas aproximadas.
SELECT centro_id, nombre, tipo, tipo_en, municipio, cve_ent, entidad, estado, estado_en, operador, servicios,
       servicios_en, financiamiento, financiamiento_en, documento_id, cita, estado_posterior, estado_posterior_en,
       documento_posterior, cita_posterior, lon::DOUBLE AS lon, lat::DOUBLE AS lat, coordenadas_fuente,
       coordenadas_fuente_en, fuente_id, 'centros' AS tabla
FROM centros;

-- view: stg_proyecciones_series
-- Series mensuales proyectadas en el ETL (etl/proyecciones.py), con su tabla de entrada, su nivel en la jerarquía
-- (el total de eventos = nacionalidades + otras) y el candidato elegido en el último mes.
SELECT serie, posicion::INTEGER AS posicion, tabla AS tabla_entrada, medida, iso3, nivel, primer_mes::DATE AS primer_mes,
       ultimo_mes::DATE AS ultimo_mes, meses::INTEGER AS meses, modelo, fuente_id, 'proyecciones_series' AS tabla
FROM proyecciones_series;

-- view: stg_proyecciones
-- Pronósticos de 1 a 12 meses de cada serie con cada candidato y el procedimiento, e intervalos de 80 % y 95 %.
SELECT serie, modelo, horizonte::INTEGER AS horizonte, mes::DATE AS mes, pronostico::DOUBLE AS pronostico,
       inf_80::DOUBLE AS inf_80, sup_80::DOUBLE AS sup_80, inf_95::DOUBLE AS inf_95, sup_95::DOUBLE AS sup_95,
       elegido::BOOLEAN AS elegido, fuente_id, 'proyecciones' AS tabla
FROM proyecciones;

-- view: stg_proyecciones_evaluacion
-- Evaluación con origen móvil: cada pronóstico pasado junto al dato observado; reporte = ventana del puntaje.
SELECT serie, origen::DATE AS origen, horizonte::INTEGER AS horizonte, mes::DATE AS mes, modelo,
       pronostico::DOUBLE AS pronostico, inf_80::DOUBLE AS inf_80, sup_80::DOUBLE AS sup_80, inf_95::DOUBLE AS inf_95,
       sup_95::DOUBLE AS sup_95, "real"::BIGINT AS "real", elegido::BOOLEAN AS elegido, reporte::BOOLEAN AS reporte,
       fuente_id, 'proyecciones_evaluacion' AS tabla
FROM proyecciones_evaluacion;

-- view: stg_proyecciones_puntaje
-- Error relativo, MASE, puntaje de Winkler y cobertura en la ventana de reporte, por serie, horizonte y modelo.
SELECT serie, horizonte::INTEGER AS horizonte, modelo, origenes::INTEGER AS origenes, mae::DOUBLE AS mae,
       rmae_estacional::DOUBLE AS rmae_estacional, rmae_ingenuo::DOUBLE AS rmae_ingenuo, mase::DOUBLE AS mase,
       winkler_80::DOUBLE AS winkler_80, winkler_95::DOUBLE AS winkler_95,
       cobertura_80::DOUBLE AS cobertura_80, cobertura_95::DOUBLE AS cobertura_95, elegido::BOOLEAN AS elegido,
       fuente_id, 'proyecciones_puntaje' AS tabla
FROM proyecciones_puntaje;

-- view: stg_instantaneas
-- Instantáneas de cada fuente: cada archivo crudo con su fecha de consulta (etl/revisiones.py).
SELECT tabla AS tabla_revisada, instantanea::INTEGER AS instantanea, fuente_id, fecha_acceso::DATE AS fecha_acceso,
       periodos::INTEGER AS periodos, primer_periodo::DATE AS primer_periodo, ultimo_periodo::DATE AS ultimo_periodo,
       periodicidad, 'instantaneas' AS tabla
FROM instantaneas;

-- view: stg_revisiones
-- El valor de cada serie y periodo en cada instantánea, con el intervalo en que fue el vigente (tiempo real).
SELECT tabla AS tabla_revisada, nivel, serie, periodo::DATE AS periodo, periodicidad, instantanea::INTEGER AS instantanea,
       hasta_instantanea::INTEGER AS hasta_instantanea, cambio, valor::DOUBLE AS valor,
       vigente_desde::DATE AS vigente_desde, vigente_hasta::DATE AS vigente_hasta, primer_valor::DOUBLE AS primer_valor,
       primera_fecha::DATE AS primera_fecha, ultimo_valor::DOUBLE AS ultimo_valor, ultima_fecha::DATE AS ultima_fecha,
       fuente_id, 'revisiones' AS tabla
FROM revisiones;

-- =====================================================================================================
-- 2. Vistas compartidas
-- =====================================================================================================

-- view: procedencia
-- Columnas de fuente de cada (archivo crudo, tabla publicada), con los nombres que llevan todas las
-- descargas CSV: fuente (cita sugerida), institucion (productor), documento_tabla (cuadro), fecha (de
-- consulta) y definicion (qué cuenta la tabla y en qué unidad, de `tablas_meta`).
SELECT ft.fuente AS fuente_id, ft.tabla, f.cita_sugerida AS fuente, f.productor AS institucion,
       f.cuadro AS documento_tabla, strftime(f.fecha_acceso, '%Y-%m-%d') AS fecha, m.definicion,
       f.cita_sugerida_en AS fuente_en, f.productor_en AS institucion_en, f.cuadro_en AS documento_tabla_en
FROM fuentes_tablas ft
JOIN stg_fuentes f ON f.fuente_id = ft.fuente
JOIN tablas_meta m ON m.tabla = ft.tabla;

-- view: paises_idioma
-- Nombre de cada país en cada idioma (el código si el catálogo no lo nombra).
SELECT iso3, 'es' AS idioma, coalesce(nombre_es, iso3) AS nombre FROM stg_paises
UNION ALL
SELECT iso3, 'en', coalesce(nombre_en, nombre_es, iso3) FROM stg_paises;

-- view: cifras_enriquecidas
-- Cada cifra con su indicador, su documento y sus columnas de fuente, una vez por idioma: la única vez
-- que se escribe el cruce cifras × indicadores × documentos. En `idioma = 'en'` las etiquetas que vienen
-- de los datos (indicador, periodo, geografía, instituciones, definición, comparabilidad) van en inglés;
-- la cita y el título del documento se quedan como los escribe el documento.
WITH cruce AS (
    SELECT c.*, i.familia, i.nombre_es, i.nombre_en, i.cuenta, i.medida, i.definicion AS definicion_es,
           i.definicion_en, i.comparabilidad AS comparabilidad_es, i.comparabilidad_en, d.archivo,
           d.titulo AS documento_titulo, d.institucion AS institucion_es, d.institucion_en, d.fecha_publicacion,
           d.fecha_inferida, d.url
    FROM stg_cifras c
    JOIN stg_indicadores i USING (indicador_id)
    JOIN stg_documentos d USING (documento_id)
), idiomas(idioma) AS (
    VALUES ('es'), ('en')
)
SELECT x.idioma, c.cifra_id, c.indicador_id, c.familia, c.nombre_es, c.nombre_en,
       CASE WHEN x.idioma = 'en' THEN coalesce(c.nombre_en, c.nombre_es) ELSE c.nombre_es END AS indicador,
       c.cuenta, c.medida,
       CASE WHEN x.idioma = 'en' THEN coalesce(c.definicion_en, c.definicion_es) ELSE c.definicion_es END AS definicion,
       CASE WHEN x.idioma = 'en' THEN coalesce(c.comparabilidad_en, c.comparabilidad_es) ELSE c.comparabilidad_es END AS comparabilidad,
       c.valor, c.valor_min, c.valor_max, c.valor_texto, c.valor_min_texto, c.valor_max_texto, c.unidad, c.calificador,
       c.calificador_texto,
       CASE WHEN x.idioma = 'en' THEN coalesce(c.periodo_en, c.periodo) ELSE c.periodo END AS periodo,
       c.periodo_inicio, c.periodo_fin,
       CASE WHEN x.idioma = 'en' THEN coalesce(c.geografia_en, c.geografia) ELSE c.geografia END AS geografia,
       CASE WHEN x.idioma = 'en' THEN coalesce(c.institucion_fuente_en, c.institucion_fuente) ELSE c.institucion_fuente END AS institucion_fuente,
       c.cita, CASE WHEN x.idioma = 'en' THEN coalesce(c.nota_en, c.nota) ELSE c.nota END AS nota,
       c.titular, c.documento_id, c.archivo, c.documento_titulo,
       CASE WHEN x.idioma = 'en' THEN coalesce(c.institucion_en, c.institucion_es) ELSE c.institucion_es END AS documento_institucion,
       c.fecha_publicacion, c.fecha_inferida, c.url
FROM cruce c
CROSS JOIN idiomas x;

-- view: cifras_con_fuente
-- Las cifras en cada idioma con las columnas de fuente de todas las descargas: fuente (institución
-- citada), institucion (la que publica el documento), documento_tabla (archivo) y fecha (de publicación).
SELECT *, institucion_fuente AS fuente, documento_institucion AS institucion, archivo AS documento_tabla,
       fecha_publicacion AS fecha
FROM cifras_enriquecidas;

-- view: meses_series
-- Primer y último mes de cada serie mensual oficial, cada una sobre sus propios meses.
SELECT 'eventos_upmrip' AS serie, min(mes) AS desde, max(mes) AS hasta FROM stg_eventos_nacionalidad
UNION ALL SELECT 'devoluciones_upmrip', min(mes), max(mes) FROM stg_devoluciones
UNION ALL SELECT 'encuentros_cbp', min(mes), max(mes) FROM stg_cbp_encuentros WHERE region = 'Southwest Land Border'
UNION ALL SELECT 'darien', min(periodo_inicio), max(periodo_inicio) FROM stg_darien WHERE periodicidad = 'mensual';

-- view: series_24_meses
-- Los 24 meses que terminan en el último de cada serie mensual oficial (cada una los suyos), uno por renglón
-- aunque falte el dato (valor vacío: el hueco se ve, no se rellena). Base de las tarjetas del Panorama.
WITH u AS (
    SELECT serie, hasta, hasta - INTERVAL 23 MONTH AS inicio FROM meses_series
), totales AS (
    SELECT 'eventos_upmrip' AS serie, mes, sum(eventos)::BIGINT AS valor, fuente_id, tabla
    FROM stg_eventos_nacionalidad
    WHERE mes >= (SELECT inicio FROM u WHERE serie = 'eventos_upmrip')
    GROUP BY mes, fuente_id, tabla
    UNION ALL
    SELECT 'devoluciones_upmrip', mes, sum(devoluciones)::BIGINT, fuente_id, tabla
    FROM stg_devoluciones
    WHERE mes >= (SELECT inicio FROM u WHERE serie = 'devoluciones_upmrip')
    GROUP BY mes, fuente_id, tabla
    UNION ALL
    SELECT 'encuentros_cbp', mes, sum(encuentros)::BIGINT, fuente_id, tabla
    FROM stg_cbp_encuentros
    WHERE region = 'Southwest Land Border' AND mes >= (SELECT inicio FROM u WHERE serie = 'encuentros_cbp')
    GROUP BY mes, fuente_id, tabla
    UNION ALL
    SELECT 'darien', periodo_inicio, sum(personas)::BIGINT, fuente_id, tabla
    FROM stg_darien
    WHERE periodicidad = 'mensual' AND periodo_inicio >= (SELECT inicio FROM u WHERE serie = 'darien')
    GROUP BY periodo_inicio, fuente_id, tabla
), rejilla AS (
    SELECT f.serie, f.fuente_id, f.tabla, m.mes::DATE AS mes
    FROM (SELECT DISTINCT serie, fuente_id, tabla FROM totales) f
    JOIN u USING (serie)
    CROSS JOIN LATERAL (SELECT unnest(generate_series(u.inicio, u.hasta, INTERVAL 1 MONTH)) AS mes) m
)
SELECT r.serie, r.mes, t.valor, r.fuente_id, r.tabla
FROM rejilla r
LEFT JOIN totales t USING (serie, fuente_id, tabla, mes);

-- view: series_largas
-- Las series oficiales en formato largo, una sola vez para todas las gráficas de tiempo con medidas:
-- (serie, mes, clave, valor). `clave` es la nacionalidad (ISO-3; en la CBP, el grupo de ciudadanías
-- cuando el renglón no es un solo país) o la categoría (componente de la CBP, grupo de edad, sexo).
-- `periodos_anio` dice cuántos periodos tiene un año: 12 en las mensuales, 1 en asilo (anual, fechado
-- el 1 de enero), así «12 meses» y «mismo mes un año antes» se vuelven «el año» y «el año anterior».
SELECT 'eventos' AS serie, 12 AS periodos_anio, mes, iso3 AS clave, eventos AS valor, fuente_id, tabla
FROM stg_eventos_nacionalidad
UNION ALL SELECT 'devoluciones', 12, mes, iso3, devoluciones, fuente_id, tabla FROM stg_devoluciones
UNION ALL SELECT 'darien', 12, periodo_inicio, iso3, personas, fuente_id, tabla FROM stg_darien WHERE periodicidad = 'mensual'
UNION ALL SELECT 'cbp', 12, mes, coalesce(iso3, grupo_ciudadania, ciudadania), encuentros, fuente_id, tabla
FROM stg_cbp_encuentros WHERE region = 'Southwest Land Border'
UNION ALL SELECT 'cbp_componente', 12, mes, componente, encuentros, fuente_id, tabla
FROM stg_cbp_encuentros WHERE region = 'Southwest Land Border'
UNION ALL SELECT 'edad', 12, mes, grupo_edad, eventos, fuente_id, tabla FROM stg_eventos_sexo_edad
UNION ALL SELECT 'sexo', 12, mes, sexo, eventos, fuente_id, tabla FROM stg_eventos_sexo_edad
UNION ALL SELECT 'asilo', 1, make_date(anio, 1, 1), iso3, solicitudes, fuente_id, tabla
FROM stg_asilo_solicitudes WHERE unidad_solicitud = 'personas';

-- macro: periodo_texto
-- Un periodo como se escribe según su periodicidad, en el idioma de la página: 2024 (anual), 2024-T1 / 2024-Q1
-- (trimestral) o 2024-03 (mensual o cualquier otra). Argumentos: el primer día del periodo, la periodicidad e idioma.
(periodo, periodicidad, idioma) AS
CASE periodicidad WHEN 'anual' THEN strftime(periodo, '%Y')
     WHEN 'trimestral' THEN strftime(periodo, '%Y') || '-' || (SELECT CASE WHEN idioma = 'en' THEN en ELSE es END
          FROM stg_etiquetas WHERE campo = 'sufijo_trimestre') || quarter(periodo)
     ELSE strftime(periodo, '%Y-%m') END;

-- =====================================================================================================
-- 3. Consultas de las páginas
-- =====================================================================================================

-- ---------------------------------------------------------------- cifras de documentos

-- name: cifras_titulares
-- Cifra principal de cada familia para las tarjetas del Panorama, con su documento y cita.
SELECT *
FROM cifras_con_fuente
WHERE titular AND idioma = $idioma
ORDER BY list_position(['encuentros', 'refugio_empleo', 'imss', 'vacantes'], familia), cifra_id;

-- name: cifras_por_familias
-- Cifras de una o varias familias de indicadores, para las páginas temáticas (titular primero).
SELECT *
FROM cifras_con_fuente
WHERE list_contains($familias, familia) AND idioma = $idioma
ORDER BY titular DESC, medida DESC, cuenta, indicador_id, cifra_id;

-- name: cifras_por_unidades
-- Cifras expresadas en ciertas unidades (p. ej. vacantes), sean de la familia que sean (titular primero).
SELECT *
FROM cifras_con_fuente
WHERE list_contains($unidades, unidad) AND idioma = $idioma
ORDER BY titular DESC, medida DESC, indicador_id, cifra_id;

-- name: cifras_catalogo
-- Todas las cifras con su indicador y documento; con $buscar no vacío, sólo las que lo contienen
-- (sin distinguir mayúsculas) en indicador, cita, periodo, geografía, fuente, archivo, familia o título.
SELECT *
FROM cifras_con_fuente
WHERE idioma = $idioma
  AND ($buscar = ''
       OR contains(lower(concat_ws(' ', indicador, cita, periodo, geografia, institucion_fuente, archivo, familia,
                                   documento_titulo)), lower($buscar)))
ORDER BY cifra_id;

-- name: cifras_total
-- Cuántas cifras hay en total (para «n de N» en la búsqueda).
SELECT count(*)::BIGINT AS cifras FROM stg_cifras;

-- name: documentos_catalogo
-- Catálogo de documentos fuente, sin el texto completo, con cuántas cifras se tomaron de cada uno.
SELECT d.documento_id, d.archivo, d.titulo, d.titulo_en, d.institucion, d.fecha_publicacion, d.fecha,
       d.fecha_precision, d.fecha_inferida, d.fecha_nota, d.fecha_nota_en, d.idioma, d.tipo, d.url, d.sha256,
       count(c.cifra_id)::BIGINT AS cifras
FROM stg_documentos d
LEFT JOIN stg_cifras c USING (documento_id)
GROUP BY ALL
ORDER BY d.fecha, d.documento_id;

-- name: documento_texto
-- Texto completo de un documento, para mostrar una cita en su contexto.
SELECT documento_id, archivo, titulo, texto
FROM stg_documentos
WHERE documento_id = $documento_id;

-- name: indicadores_catalogo
-- Catálogo de indicadores con cuántas cifras tiene cada uno.
SELECT i.*, count(c.cifra_id)::BIGINT AS cifras
FROM stg_indicadores i
LEFT JOIN stg_cifras c USING (indicador_id)
GROUP BY ALL
ORDER BY i.familia, i.indicador_id;

-- name: fuentes_catalogo
-- Procedencia de las tablas oficiales y catálogos: productor, cuadro, licencia, periodo y cómo citar.
SELECT fuente_id, titulo, titulo_en, productor, productor_en, cuadro AS tabla, cuadro_en AS tabla_en, compilador,
       compilador_en, url, periodo, periodo_en, licencia, licencia_en, strftime(fecha_acceso, '%Y-%m-%d') AS fecha_acceso,
       sha256, cita_sugerida, cita_sugerida_en, notas, notas_en
FROM stg_fuentes
ORDER BY fuente_id;

-- name: frescura
-- Frescura de cada fuente al día $hoy (la única aritmética de fechas de la frescura; la usan `python -m etl estado` y
-- «Fuentes y metodología»): último periodo publicado y su antigüedad en meses (del último mes del periodo al mes de
-- $hoy), próxima publicación esperada = fin del periodo siguiente + rezago habitual, y estado: al_dia si aún no llega
-- esa fecha, por_publicarse hasta 15 días después, atrasada (con dias_atraso) pasado ese margen; sin_datos si tiene
-- cadencia pero todavía ningún periodo publicado (una tabla vacía hasta la primera descarga); vacío si la fuente no
-- se publica por periodos.
WITH r AS (
    SELECT *, (ultimo_periodo + to_months(meses_periodo - 1))::DATE AS ultimo_mes,
           ((ultimo_periodo + to_months(2 * meses_periodo))::DATE - 1 + rezago_dias)::DATE AS proxima
    FROM stg_fuentes_registro
), e AS (
    SELECT *, ($hoy::DATE - proxima) AS dias, date_diff('month', ultimo_mes, $hoy::DATE) AS meses
    FROM r
)
SELECT fuente, CASE WHEN $idioma = 'en' THEN titulo_en ELSE titulo END AS titulo, productor, cadencia,
       CASE meses_periodo WHEN 12 THEN strftime(ultimo_periodo, '%Y')
                          WHEN 3 THEN strftime(ultimo_periodo, '%Y') || '-' || (SELECT CASE WHEN $idioma = 'en' THEN en ELSE es END FROM stg_etiquetas WHERE campo = 'sufijo_trimestre')
                                      || quarter(ultimo_periodo)
                          ELSE strftime(ultimo_periodo, '%Y-%m') END AS ultimo_periodo,
       meses AS meses_antiguedad, strftime(fecha_acceso, '%Y-%m-%d') AS fecha_acceso, rezago_dias,
       strftime(proxima, '%Y-%m-%d') AS proxima_publicacion,
       CASE WHEN meses_periodo IS NOT NULL AND ultimo_periodo IS NULL THEN 'sin_datos'
            WHEN proxima IS NULL THEN NULL WHEN dias < 0 THEN 'al_dia' WHEN dias <= 15 THEN 'por_publicarse'
            ELSE 'atrasada' END AS estado,
       CASE WHEN dias > 15 THEN dias END AS dias_atraso, descarga, token, instantaneas, url
FROM e
ORDER BY posicion;

-- name: antiguedad_fuentes
-- Por archivo crudo de una tabla oficial: el último periodo publicado de su fuente y su antigüedad en meses al día
-- $hoy (misma regla que `frescura`), para la línea de fuente de cada gráfica. Un archivo de dos fuentes (upmrip y el
-- Boletín que la sustituye) sale dos veces, en orden fijo por fuente.
SELECT DISTINCT ft.fuente_id, f.fuente, f.cadencia,
       CASE f.meses_periodo WHEN 12 THEN strftime(f.ultimo_periodo, '%Y')
                            WHEN 3 THEN strftime(f.ultimo_periodo, '%Y') || '-' || (SELECT CASE WHEN $idioma = 'en' THEN en ELSE es END FROM stg_etiquetas WHERE campo = 'sufijo_trimestre')
                                        || quarter(f.ultimo_periodo)
                            ELSE strftime(f.ultimo_periodo, '%Y-%m') END AS ultimo_periodo,
       date_diff('month', (f.ultimo_periodo + to_months(f.meses_periodo - 1))::DATE, $hoy::DATE) AS meses_antiguedad
FROM stg_fuentes_tablas ft
JOIN stg_fuentes_registro f ON list_contains(string_split(f.tablas, ', '), ft.tabla_publicada)
WHERE f.ultimo_periodo IS NOT NULL
ORDER BY ft.fuente_id, f.fuente;

-- name: ultimos_meses_antiguedad
-- Meses entre el último mes de cada serie oficial del Panorama y el mes de $hoy (misma regla que `frescura`).
SELECT serie, fuente_id, strftime(max(mes), '%Y-%m') AS periodo, date_diff('month', max(mes), $hoy::DATE) AS meses_antiguedad
FROM series_24_meses
GROUP BY serie, fuente_id
ORDER BY serie, fuente_id;

-- name: textos_fuentes
-- Cada texto de las fichas de procedencia (productor, cuadro, compilador, periodo, licencia, cita, notas) y la
-- definición de cada tabla con su inglés: las columnas de fuente de las descargas (fuente, institucion,
-- documento_tabla, definicion) los muestran en el idioma.
SELECT DISTINCT valor, valor AS es, en
FROM (SELECT productor AS valor, productor_en AS en FROM stg_fuentes
      UNION ALL SELECT cuadro, cuadro_en FROM stg_fuentes
      UNION ALL SELECT compilador, compilador_en FROM stg_fuentes
      UNION ALL SELECT periodo, periodo_en FROM stg_fuentes
      UNION ALL SELECT licencia, licencia_en FROM stg_fuentes
      UNION ALL SELECT cita_sugerida, cita_sugerida_en FROM stg_fuentes
      UNION ALL SELECT notas, notas_en FROM stg_fuentes
      UNION ALL SELECT definicion, definicion_en FROM stg_tablas_meta)
WHERE valor IS NOT NULL AND en IS NOT NULL AND valor <> en
ORDER BY valor;

-- name: etiquetas
-- Nombre visible de cada categoría de los datos (sexo, edad, tipo, causa, unidad, cuenta, CBP) en ambos idiomas.
SELECT DISTINCT valor, es, en FROM stg_etiquetas ORDER BY valor;

-- name: productores
-- Productores de las tablas oficiales, una vez cada uno y en $idioma, para el pie de página.
SELECT CASE WHEN $idioma = 'en' THEN productor_en ELSE productor END AS productor
FROM stg_fuentes GROUP BY ALL ORDER BY min(fuente_id);

-- ---------------------------------------------------------------- encuentros y eventos

-- name: series_rango_meses
-- Primer y último mes del conjunto de las series mensuales (el filtro de periodo las abarca todas).
SELECT min(desde) AS desde, max(hasta) AS hasta FROM meses_series;

-- name: eventos_nacionalidades
-- Nacionalidades presentes en los eventos de la UPMRIP, con su nombre en el idioma pedido.
WITH presentes AS (SELECT DISTINCT iso3 FROM stg_eventos_nacionalidad)
SELECT e.iso3, coalesce(p.nombre, e.iso3) AS nombre
FROM presentes e
LEFT JOIN paises_idioma p ON p.iso3 = e.iso3 AND p.idioma = $idioma
ORDER BY nombre, e.iso3;

-- name: eventos_categorias_sexo_edad
-- Sexos y grupos de edad presentes en los eventos por sexo y edad, para los filtros; `menor` marca los grupos
-- de menores de 18 años (la gráfica de la proporción de menores).
SELECT DISTINCT sexo, grupo_edad, grupo_edad <> '18 años o más' AS menor FROM stg_eventos_sexo_edad ORDER BY sexo, grupo_edad;

-- name: serie_medida
-- Una serie de `series_largas` ($serie) entre dos fechas, una línea por clave pedida ($grupos: las 10 de
-- mayor total en la vista; las demás pedidas juntas como «otras»), o una sola con $sumar, o el total
-- si $grupos va vacía; con la medida $medida en `valor` (y el nivel siempre en `nivel`):
--   nivel          el conteo del periodo;
--   suma_12m       suma de los 12 meses que terminan en el mes (el año, en series anuales); vacía si falta alguno;
--   var_anual      % de cambio contra el mismo mes un año antes (el año anterior, en series anuales);
--   participacion  % del total de la serie (todas las claves) en ese periodo;
--   indice         nivel / nivel del primer periodo de la vista × 100.
-- Un periodo en que la serie trae datos y la clave no aparece cuenta 0. Las medidas de 12 meses y de un
-- año antes usan los periodos anteriores a la vista. `definicion` sale de `tablas_meta` en el idioma.
WITH base AS (
    SELECT mes, clave, valor, periodos_anio, fuente_id, tabla FROM series_largas WHERE serie = $serie
), periodos AS (
    SELECT DISTINCT mes, periodos_anio FROM base
), elegidas AS (
    SELECT clave, row_number() OVER (ORDER BY sum(valor) DESC, clave) AS orden
    FROM base
    WHERE list_contains($grupos, clave) AND mes BETWEEN $desde AND $hasta
    GROUP BY clave
), asignado AS (
    SELECT b.mes, b.valor,
           CASE WHEN len($grupos) = 0 THEN 'todas' WHEN e.clave IS NULL THEN NULL WHEN $sumar THEN 'suma'
                WHEN e.orden <= 10 THEN e.clave ELSE 'otras' END AS grupo
    FROM base b
    LEFT JOIN elegidas e USING (clave)
), total AS (
    SELECT mes, sum(valor) AS total FROM base GROUP BY mes
), rejilla AS (
    SELECT p.mes, p.periodos_anio, g.grupo
    FROM periodos p
    CROSS JOIN (SELECT DISTINCT grupo FROM asignado WHERE grupo IS NOT NULL) g
), niveles AS (
    SELECT r.mes, r.periodos_anio, r.grupo, coalesce(sum(a.valor), 0)::BIGINT AS nivel
    FROM rejilla r
    LEFT JOIN asignado a ON a.mes = r.mes AND a.grupo = r.grupo
    GROUP BY r.mes, r.periodos_anio, r.grupo
), medidas AS (
    SELECT n.*, t.total,
           sum(n.nivel) OVER doce AS suma, count(*) OVER doce AS periodos_en_suma,
           antes.nivel AS nivel_anio_antes
    FROM niveles n
    JOIN total t USING (mes)
    LEFT JOIN niveles antes ON antes.grupo = n.grupo AND antes.mes = n.mes - INTERVAL 1 YEAR
    WINDOW doce AS (PARTITION BY n.grupo ORDER BY n.mes RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)
), vista AS (
    SELECT *, first_value(nivel) OVER (PARTITION BY grupo ORDER BY mes) AS nivel_inicial
    FROM medidas
    WHERE mes BETWEEN $desde AND $hasta
), fuentes AS (
    SELECT b.mes,
           string_agg(DISTINCT b.fuente_id, '; ' ORDER BY b.fuente_id) AS fuente_id,
           string_agg(DISTINCT CASE WHEN $idioma = 'en' THEN p.fuente_en ELSE p.fuente END, ' '
                      ORDER BY CASE WHEN $idioma = 'en' THEN p.fuente_en ELSE p.fuente END) AS fuente,
           string_agg(DISTINCT CASE WHEN $idioma = 'en' THEN p.institucion_en ELSE p.institucion END, '; '
                      ORDER BY CASE WHEN $idioma = 'en' THEN p.institucion_en ELSE p.institucion END) AS institucion,
           string_agg(DISTINCT CASE WHEN $idioma = 'en' THEN p.documento_tabla_en ELSE p.documento_tabla END, '; '
                      ORDER BY CASE WHEN $idioma = 'en' THEN p.documento_tabla_en ELSE p.documento_tabla END) AS documento_tabla,
           max(p.fecha) AS fecha,
           max(CASE WHEN $idioma = 'en' THEN concat_ws('. ', m.titulo_en, m.descripcion_en) ELSE p.definicion END) AS definicion
    FROM (SELECT DISTINCT mes, fuente_id, tabla FROM base) b
    LEFT JOIN procedencia p USING (fuente_id, tabla)
    LEFT JOIN tablas_meta m ON m.tabla = b.tabla
    GROUP BY b.mes
)
SELECT CASE WHEN v.periodos_anio = 1 THEN strftime(v.mes, '%Y') ELSE strftime(v.mes, '%Y-%m') END AS periodo,
       $serie AS serie, v.grupo,
       -- el nombre de cada línea sale de los catálogos: país, categoría o todas/suma/otras (etiquetas.csv)
       coalesce(n.nombre, CASE WHEN $idioma = 'en' THEN e.en ELSE e.es END, v.grupo) AS nombre,
       $medida AS medida,
       CASE $medida
           WHEN 'nivel' THEN v.nivel::DOUBLE
           WHEN 'suma_12m' THEN CASE WHEN v.periodos_en_suma = v.periodos_anio THEN v.suma::DOUBLE END
           WHEN 'var_anual' THEN CASE WHEN v.nivel_anio_antes > 0
                                      THEN round(100.0 * (v.nivel - v.nivel_anio_antes) / v.nivel_anio_antes, 2) END
           WHEN 'participacion' THEN CASE WHEN v.total > 0 THEN round(100.0 * v.nivel / v.total, 2) END
           WHEN 'indice' THEN CASE WHEN v.nivel_inicial > 0 THEN round(100.0 * v.nivel / v.nivel_inicial, 2) END
       END AS valor,
       v.nivel, f.fuente_id, f.fuente, f.institucion, f.documento_tabla, f.fecha, f.definicion
FROM vista v
LEFT JOIN fuentes f USING (mes)
LEFT JOIN paises_idioma n ON n.iso3 = v.grupo AND n.idioma = $idioma
LEFT JOIN (SELECT DISTINCT valor, es, en FROM stg_etiquetas) e ON e.valor = v.grupo
ORDER BY v.mes, CASE v.grupo WHEN 'otras' THEN 1 ELSE 0 END, v.grupo;

-- name: serie_claves
-- Las claves (nacionalidades o categorías) de una serie de `series_largas`, p. ej. los componentes de la CBP.
SELECT DISTINCT clave FROM series_largas WHERE serie = $serie ORDER BY clave;

-- name: eventos_por_nacionalidad
-- Eventos por nacionalidad entre dos meses, de mayor a menor, las primeras $limite.
WITH totales AS (
    SELECT iso3, sum(eventos)::BIGINT AS eventos, fuente_id, tabla
    FROM stg_eventos_nacionalidad
    WHERE mes BETWEEN $desde AND $hasta
    GROUP BY iso3, fuente_id, tabla
)
SELECT t.iso3, coalesce(n.nombre, t.iso3) AS nacionalidad, t.eventos, t.fuente_id, p.fuente, p.institucion,
       p.documento_tabla, p.fecha, p.definicion
FROM totales t
LEFT JOIN paises_idioma n ON n.iso3 = t.iso3 AND n.idioma = $idioma
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY t.eventos DESC, t.iso3
LIMIT $limite;

-- name: eventos_sexo_edad
-- Eventos por sexo y grupo de edad entre dos meses, para los sexos y grupos pedidos (listas vacías = todos).
WITH totales AS (
    SELECT sexo, grupo_edad, sum(eventos)::BIGINT AS eventos, fuente_id, tabla
    FROM stg_eventos_sexo_edad
    WHERE mes BETWEEN $desde AND $hasta
      AND (len($sexos) = 0 OR list_contains($sexos, sexo))
      AND (len($edades) = 0 OR list_contains($edades, grupo_edad))
    GROUP BY sexo, grupo_edad, fuente_id, tabla
)
SELECT t.sexo, t.grupo_edad, t.eventos, t.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha,
       p.definicion
FROM totales t
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY t.sexo, t.grupo_edad;

-- name: eventos_total_anio
-- Total de eventos de la UPMRIP en un año calendario, con los meses que lo componen.
WITH anio AS (
    SELECT sum(eventos)::BIGINT AS eventos, count(DISTINCT mes)::BIGINT AS meses, fuente_id, tabla
    FROM stg_eventos_nacionalidad
    WHERE mes BETWEEN make_date($anio, 1, 1) AND make_date($anio, 12, 1)
    GROUP BY fuente_id, tabla
)
SELECT $anio AS anio, a.eventos, a.meses, a.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha,
       p.definicion
FROM anio a
LEFT JOIN procedencia p USING (fuente_id, tabla);

-- name: cbp_total_anio
-- Encuentros de la CBP en la frontera suroeste en un año calendario (no fiscal), con los meses disponibles.
WITH anio AS (
    SELECT mes, encuentros, fuente_id, tabla
    FROM stg_cbp_encuentros
    WHERE region = 'Southwest Land Border' AND mes BETWEEN make_date($anio, 1, 1) AND make_date($anio, 12, 1)
)
SELECT $anio AS anio, sum(a.encuentros)::BIGINT AS encuentros, count(DISTINCT a.mes)::BIGINT AS meses,
       string_agg(DISTINCT a.fuente_id, '; ' ORDER BY a.fuente_id) AS fuente_id,
       string_agg(DISTINCT p.fuente, ' ' ORDER BY p.fuente) AS fuente,
       string_agg(DISTINCT p.institucion, '; ' ORDER BY p.institucion) AS institucion,
       string_agg(DISTINCT p.documento_tabla, '; ' ORDER BY p.documento_tabla) AS documento_tabla,
       max(p.fecha) AS fecha, max(p.definicion) AS definicion
FROM anio a
LEFT JOIN procedencia p USING (fuente_id, tabla);

-- name: asilo_anios
-- Años de las solicitudes de asilo (personas).
SELECT DISTINCT anio FROM stg_asilo_solicitudes WHERE unidad_solicitud = 'personas' ORDER BY anio;

-- name: asilo_por_origen
-- Solicitudes de asilo nuevas en México (personas) por país de origen entre dos años, las primeras $limite.
WITH totales AS (
    SELECT iso3, sum(solicitudes)::BIGINT AS solicitudes, fuente_id, tabla
    FROM stg_asilo_solicitudes
    WHERE anio BETWEEN $desde AND $hasta AND unidad_solicitud = 'personas'
    GROUP BY iso3, fuente_id, tabla
)
SELECT t.iso3, coalesce(n.nombre, t.iso3) AS pais, t.solicitudes, t.fuente_id, p.fuente, p.institucion,
       p.documento_tabla, p.fecha, p.definicion
FROM totales t
LEFT JOIN paises_idioma n ON n.iso3 = t.iso3 AND n.idioma = $idioma
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY t.solicitudes DESC, t.iso3
LIMIT $limite;

-- name: eventos_nacionalidad_completa
-- Todos los renglones de la tabla de eventos por nacionalidad, con nombre de país y columnas de fuente.
SELECT strftime(e.mes, '%Y-%m') AS mes, e.iso3, n.nombre_es, n.nombre_en, e.eventos, e.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_eventos_nacionalidad e
LEFT JOIN stg_paises n USING (iso3)
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY e.mes, e.iso3;

-- name: eventos_sexo_edad_completa
-- Todos los renglones de la tabla de eventos por sexo y edad, con columnas de fuente.
SELECT strftime(e.mes, '%Y-%m') AS mes, e.sexo, e.grupo_edad, e.eventos, e.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_eventos_sexo_edad e
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY e.mes, e.sexo, e.grupo_edad;

-- name: devoluciones_completa
-- Todos los renglones de la tabla de devoluciones (mes, nacionalidad, tipo), con columnas de fuente.
SELECT strftime(d.mes, '%Y-%m') AS mes, d.iso3, n.nombre_es, n.nombre_en, d.tipo, d.devoluciones, d.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_devoluciones d
LEFT JOIN stg_paises n USING (iso3)
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY d.mes, d.iso3, d.tipo;

-- name: cbp_completa
-- Todos los renglones de la tabla de encuentros de la CBP (todas las regiones y desagregaciones).
SELECT strftime(c.mes, '%Y-%m') AS mes, c.anio_fiscal, c.region, c.componente, c.area, c.demografia,
       c.autoridad, c.tipo_encuentro, c.ciudadania, c.iso3, c.grupo_ciudadania, c.encuentros, c.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_cbp_encuentros c
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY c.mes, c.region, c.componente, c.area, c.demografia, c.autoridad, c.tipo_encuentro, c.ciudadania;

-- name: cbp_estado_completa
-- Todos los renglones de los encuentros de la CBP por estado de EE. UU. (otro corte de los mismos encuentros,
-- nunca sumado a cbp_encuentros), con columnas de fuente; vacía si no hay archivos por estado.
SELECT strftime(c.mes, '%Y-%m') AS mes, c.anio_fiscal, c.region, c.estado, c.demografia, c.autoridad,
       c.ciudadania, c.iso3, c.grupo_ciudadania, c.encuentros, c.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_cbp_encuentros_estado c
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY ALL;

-- name: asilo_completa
-- Todos los renglones de la tabla de solicitudes de asilo, con nombre de país y columnas de fuente.
SELECT a.anio, a.iso3, n.nombre_es, n.nombre_en, a.procedimiento, a.tipo_solicitud, a.nivel_decision,
       a.unidad_solicitud, a.solicitudes, a.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_asilo_solicitudes a
LEFT JOIN stg_paises n USING (iso3)
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY a.anio, a.iso3, a.procedimiento, a.tipo_solicitud, a.nivel_decision, a.unidad_solicitud;

-- name: darien_completa
-- Todos los renglones de la tabla del Darién (anuales y mensuales), con nombre de país y columnas de fuente.
SELECT strftime(d.periodo_inicio, '%Y-%m') AS periodo_inicio, d.periodicidad, d.iso3, n.nombre_es, n.nombre_en,
       d.personas, d.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_darien d
LEFT JOIN stg_paises n USING (iso3)
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY d.periodo_inicio, d.periodicidad, d.iso3;

-- name: remesas_completa
-- Remesas de todos los trimestres por entidad, con columnas de fuente.
SELECT strftime(r.trimestre, '%Y-%m-%d') AS trimestre, r.cve_ent, r.entidad, r.usd, r.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_remesas r
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY r.trimestre, r.cve_ent;

-- name: enoe_indicadores_completa
-- Todos los indicadores de la ENOE descargados del Banco de Indicadores, con columnas de fuente.
SELECT e.indicador, e.nombre, e.nombre_en, strftime(e.trimestre, '%Y-%m-%d') AS trimestre, e.valor, e.unidad,
       e.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_enoe_indicadores e
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY e.indicador, e.trimestre;

-- name: mmp_completa
-- Todos los incidentes del MMP en México (también los que no se dibujan), con columnas de fuente.
SELECT m.incidente, strftime(m.fecha, '%Y-%m-%d') AS fecha_incidente, m.anio, m.tipo, m.ruta, m.causa, m.muertes,
       m.sobrevivientes, m.nacionalidades, m.ubicacion, m.lon, m.lat, m.en_mexico, m.cve_ent, m.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_mmp_incidentes m
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY m.fecha, m.incidente;

-- name: proyecciones_todas
-- Los pronósticos de todas las series y modelos, de 1 a 12 meses, con intervalos y procedencia (API de datos).
SELECT p.serie, p.modelo, p.elegido, p.horizonte, strftime(p.mes, '%Y-%m') AS mes, p.pronostico, p.inf_80, p.sup_80,
       p.inf_95, p.sup_95, p.fuente_id, pr.fuente, pr.institucion, pr.documento_tabla, pr.fecha, pr.definicion
FROM stg_proyecciones p
JOIN stg_proyecciones_series s ON s.serie = p.serie
LEFT JOIN procedencia pr ON pr.fuente_id = p.fuente_id AND pr.tabla = p.tabla
ORDER BY s.posicion, list_position(['procedimiento', 'estacional_ingenuo', 'ingenuo', 'ets', 'arima', 'theta', 'mediana'], p.modelo), p.horizonte;

-- ---------------------------------------------------------------- API: las demás tablas publicadas
-- Cada tabla de etl/esquemas.py que no tiene descarga completa en una página: todos sus renglones, con las columnas
-- del Parquet con su nombre publicado (así /api/v1/tablas las describe con su esquema) y, si la tabla trae
-- `fuente_id`, las columnas de fuente de `procedencia`. Las fechas van como texto ISO (AAAA-MM-DD), igual en CSV,
-- JSON y Parquet.

-- name: fuentes_registro_completa
-- El registro de fuentes (etl/fuentes/) con cadencia, rezago habitual, último periodo publicado y última consulta;
-- el estado de frescura no se guarda: se calcula contra la fecha del día (consulta frescura).
WITH registro AS (
    SELECT * FROM stg_fuentes_registro
)
SELECT fuente, posicion, titulo, titulo_en, productor, productor_en, url, licencia, licencia_en, cita, cita_en, cadencia, meses_periodo, rezago_dias, token,
       descarga, tablas, strftime(ultimo_periodo, '%Y-%m-%d') AS ultimo_periodo,
       strftime(fecha_acceso, '%Y-%m-%d') AS fecha_acceso, instantaneas
FROM registro
ORDER BY posicion, fuente;

-- name: paises_completa
-- El catálogo de países: código ISO-3 (o especial) con su nombre en español e inglés y su tipo.
WITH paises AS (
    SELECT * FROM stg_paises
)
SELECT iso3, nombre_es, nombre_en, tipo FROM paises ORDER BY iso3;

-- name: etiquetas_completa
-- El nombre en español e inglés de cada categoría que traen los datos (campo, valor).
WITH etiquetas AS (
    SELECT * FROM stg_etiquetas
)
SELECT campo, valor, es, en FROM etiquetas ORDER BY campo, valor;

-- name: tablas_meta_completa
-- Título, descripción, clave, renglones y definición de cada tabla publicada (lo que resume /api/v1/tablas).
WITH meta AS (
    SELECT * FROM stg_tablas_meta
)
SELECT tabla_publicada AS tabla, posicion, titulo, titulo_en, descripcion, descripcion_en, clave, filas, definicion,
       definicion_en
FROM meta
ORDER BY posicion, tabla;

-- name: campos_meta_completa
-- Cada columna de cada tabla publicada con su tipo, descripción y unidad (en español y en inglés) y restricciones.
WITH campos AS (
    SELECT c.*, m.posicion AS posicion_tabla
    FROM stg_campos_meta c
    LEFT JOIN stg_tablas_meta m USING (tabla_publicada)
)
SELECT tabla_publicada AS tabla, campo, posicion, tipo, descripcion, descripcion_en, unidad, unidad_en, nulo, valores, minimo
FROM campos
ORDER BY posicion_tabla, tabla, posicion;

-- name: fuentes_tablas_completa
-- Qué tabla publicada contiene cada archivo crudo (principal: la tabla que lee el archivo, no una derivada).
WITH relacion AS (
    SELECT * FROM stg_fuentes_tablas
)
SELECT fuente_id AS fuente, tabla_publicada AS tabla, principal FROM relacion ORDER BY fuente, tabla;

-- name: entidades_completa
-- Las 32 entidades con su geometría completa, con columnas de fuente. La geometría va como texto GeoJSON, tal como
-- se publica: cada lector la abre sin la extensión espacial de DuckDB (que se descarga de la red) ni otra conversión
-- que pueda mover un vértice — R `sf::st_read(texto)` o `geojsonsf::geojson_sfc`, pandas `shapely.from_geojson`,
-- geopandas, DuckDB `ST_GeomFromGeoJSON`; el WKT no lee mejor en ninguno de ellos y Stata no lee geometrías en
-- ningún texto. Una celda pasa de 32,767 caracteres: Excel la corta (use el Parquet o R/Python).
WITH entidades AS (
    SELECT *, 'entidades' AS tabla FROM stg_entidades
)
SELECT e.cve_ent, e.entidad, e.geometria, e.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM entidades e
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY e.cve_ent;

-- name: proyecciones_series_completa
-- Cada serie proyectada con su tabla de entrada, nivel en la jerarquía, meses y candidato elegido, con el nombre de
-- la nacionalidad y columnas de fuente.
WITH series AS (
    SELECT * FROM stg_proyecciones_series
)
SELECT s.serie, s.posicion, s.tabla_entrada AS tabla, s.medida, s.iso3, n.nombre_es, n.nombre_en, s.nivel,
       strftime(s.primer_mes, '%Y-%m') AS primer_mes, strftime(s.ultimo_mes, '%Y-%m') AS ultimo_mes, s.meses, s.modelo,
       s.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM series s
LEFT JOIN stg_paises n USING (iso3)
LEFT JOIN procedencia p ON p.fuente_id = s.fuente_id AND p.tabla = s.tabla
ORDER BY s.posicion;

-- name: proyecciones_evaluacion_origenes_completa
-- La evaluación entera con origen móvil (también los orígenes de calibración, reporte = falso), con procedencia:
-- la API sirve la tabla publicada; la descarga de la página (proyecciones_evaluacion_completa) es la ventana de reporte.
WITH evaluacion AS (
    SELECT e.*, s.posicion FROM stg_proyecciones_evaluacion e JOIN stg_proyecciones_series s USING (serie)
)
SELECT e.serie, strftime(e.origen, '%Y-%m') AS origen, e.horizonte, strftime(e.mes, '%Y-%m') AS mes, e.modelo, e.pronostico,
       e.inf_80, e.sup_80, e.inf_95, e.sup_95, e."real", e.elegido, e.reporte, e.fuente_id, pr.fuente, pr.institucion,
       pr.documento_tabla, pr.fecha, pr.definicion
FROM evaluacion e
LEFT JOIN procedencia pr ON pr.fuente_id = e.fuente_id AND pr.tabla = e.tabla
ORDER BY e.posicion, e.origen, e.horizonte, list_position(['procedimiento', 'estacional_ingenuo', 'ingenuo', 'ets', 'arima', 'theta', 'mediana'], e.modelo);

-- name: instantaneas_completa
-- Cada instantánea (archivo crudo fechado por su consulta) de cada tabla con revisiones, con columnas de fuente.
WITH instantaneas AS (
    SELECT * FROM stg_instantaneas
)
SELECT i.tabla_revisada AS tabla, i.instantanea, i.fuente_id, strftime(i.fecha_acceso, '%Y-%m-%d') AS fecha_acceso,
       i.periodos, strftime(i.primer_periodo, '%Y-%m-%d') AS primer_periodo,
       strftime(i.ultimo_periodo, '%Y-%m-%d') AS ultimo_periodo, p.fuente, p.institucion, p.documento_tabla, p.fecha,
       p.definicion
FROM instantaneas i
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY i.tabla_revisada, i.instantanea;

-- name: revisiones_completa
-- Cada valor distinto de cada serie y periodo en cada instantánea, con su intervalo de vigencia (tiempo real), el
-- primer y el último valor publicados, y columnas de fuente.
WITH revisiones AS (
    SELECT * FROM stg_revisiones
)
SELECT r.tabla_revisada AS tabla, r.nivel, r.serie, strftime(r.periodo, '%Y-%m-%d') AS periodo, r.instantanea,
       r.hasta_instantanea, r.cambio, r.valor, strftime(r.vigente_desde, '%Y-%m-%d') AS vigente_desde,
       strftime(r.vigente_hasta, '%Y-%m-%d') AS vigente_hasta, r.primer_valor,
       strftime(r.primera_fecha, '%Y-%m-%d') AS primera_fecha, r.ultimo_valor,
       strftime(r.ultima_fecha, '%Y-%m-%d') AS ultima_fecha, r.fuente_id, p.fuente, p.institucion, p.documento_tabla,
       p.fecha, p.definicion
FROM revisiones r
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY r.tabla_revisada, r.nivel, r.serie, r.periodo, r.instantanea;

-- ---------------------------------------------------------------- panorama

-- name: ultimos_meses
-- Último mes de cada serie oficial (cada una el suyo) y su valor, con el cambio contra el mes anterior y
-- contra el mismo mes del año anterior (vacío si falta alguno de los dos meses), con columnas de fuente.
WITH s AS (
    SELECT s.*, max(mes) OVER (PARTITION BY serie) AS hasta FROM series_24_meses s
), comparado AS (
    SELECT u.serie, u.mes, u.valor, a.mes AS mes_anterior, a.valor AS valor_mes_anterior,
           y.mes AS mes_anio_anterior, y.valor AS valor_anio_anterior, u.fuente_id, u.tabla
    FROM s u
    LEFT JOIN s a ON a.serie = u.serie AND a.fuente_id = u.fuente_id AND a.mes = u.mes - INTERVAL 1 MONTH
    LEFT JOIN s y ON y.serie = u.serie AND y.fuente_id = u.fuente_id AND y.mes = u.mes - INTERVAL 12 MONTH
    WHERE u.mes = u.hasta
)
SELECT c.serie, strftime(c.mes, '%Y-%m') AS periodo, c.valor,
       strftime(c.mes_anterior, '%Y-%m') AS periodo_mes_anterior, c.valor_mes_anterior,
       round(100.0 * (c.valor - c.valor_mes_anterior) / nullif(c.valor_mes_anterior, 0), 1) AS cambio_mes_pct,
       strftime(c.mes_anio_anterior, '%Y-%m') AS periodo_anio_anterior, c.valor_anio_anterior,
       round(100.0 * (c.valor - c.valor_anio_anterior) / nullif(c.valor_anio_anterior, 0), 1) AS cambio_anio_pct,
       c.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM comparado c
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY list_position(['eventos_upmrip', 'devoluciones_upmrip', 'encuentros_cbp', 'darien'], c.serie), c.fuente_id;

-- name: ultimos_24_meses
-- Los 24 meses de cada serie que dibuja la línea chica de su tarjeta del Panorama, con columnas de fuente.
SELECT s.serie, strftime(s.mes, '%Y-%m') AS mes, s.valor, s.fuente_id, p.fuente, p.institucion, p.documento_tabla,
       p.fecha, p.definicion
FROM series_24_meses s
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY list_position(['eventos_upmrip', 'devoluciones_upmrip', 'encuentros_cbp', 'darien'], s.serie), s.fuente_id, s.mes;

-- ---------------------------------------------------------------- empleo (ENOE)

-- name: enoe_completa
-- Todos los renglones de la tabla de la ENOE (trimestre, lugar de nacimiento, formalidad), con columnas de fuente.
SELECT strftime(e.trimestre, '%Y-%m-%d') AS trimestre, e.lugar_nacimiento, e.formalidad, e.ocupados, e.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_enoe_ocupados e
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY e.trimestre, e.lugar_nacimiento, e.formalidad;

-- name: enoe_trimestral
-- Ocupados por trimestre y lugar de nacimiento (los de `$lugares`; vacío = todos): total, formales, informales y
-- porcentaje informal. Un renglón por trimestre entre el primero y el último aunque falte (2020-T2: valores
-- vacíos, la gráfica muestra el hueco; nunca se interpola). `periodo` como 2022-T4 (es) o 2022-Q4 (en).
WITH sumas AS (
    SELECT trimestre, lugar_nacimiento, sum(ocupados)::BIGINT AS ocupados,
           sum(ocupados) FILTER (WHERE formalidad = 'formal')::BIGINT AS formales,
           sum(ocupados) FILTER (WHERE formalidad = 'informal')::BIGINT AS informales, fuente_id, tabla
    FROM stg_enoe_ocupados
    WHERE len($lugares) = 0 OR list_contains($lugares, lugar_nacimiento)
    GROUP BY trimestre, lugar_nacimiento, fuente_id, tabla
), rejilla AS (
    SELECT l.lugar_nacimiento, l.fuente_id, l.tabla, unnest(generate_series(r.desde, r.hasta, INTERVAL 3 MONTH))::DATE AS trimestre
    FROM (SELECT DISTINCT lugar_nacimiento, fuente_id, tabla FROM sumas) l
    CROSS JOIN (SELECT min(trimestre) AS desde, max(trimestre) AS hasta FROM sumas) r
)
SELECT strftime(g.trimestre, '%Y-%m-%d') AS trimestre,
       concat(year(g.trimestre), '-', (SELECT CASE WHEN $idioma = 'en' THEN en ELSE es END FROM stg_etiquetas WHERE campo = 'sufijo_trimestre'), quarter(g.trimestre)) AS periodo,
       g.lugar_nacimiento, s.ocupados, s.formales, s.informales,
       round(100.0 * s.informales / nullif(s.ocupados, 0), 1) AS informal_pct,
       g.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM rejilla g
LEFT JOIN sumas s USING (lugar_nacimiento, fuente_id, tabla, trimestre)
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY list_position(['extranjero', 'mexico'], g.lugar_nacimiento), g.trimestre;

-- name: enoe_indicadores_ultimos
-- El último trimestre de cada indicador nacional de la ENOE descargado del Banco de Indicadores del INEGI (vacía sin
-- descargas), con su nombre en el idioma de la sesión, `periodo` como 2024-T4 (es) o 2024-Q4 (en) y columnas de fuente.
WITH ultimo AS (
    SELECT indicador, max(trimestre) AS trimestre FROM stg_enoe_indicadores GROUP BY indicador
)
SELECT e.indicador, CASE WHEN $idioma = 'en' THEN e.nombre_en ELSE e.nombre END AS nombre,
       concat(year(e.trimestre), '-', (SELECT CASE WHEN $idioma = 'en' THEN en ELSE es END FROM stg_etiquetas WHERE campo = 'sufijo_trimestre'), quarter(e.trimestre)) AS periodo,
       e.valor, e.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_enoe_indicadores e
JOIN ultimo USING (indicador, trimestre)
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY e.indicador;

-- name: enoe_cercano_a_cifra
-- Para una cifra de documento, el trimestre de la ENOE más cercano a su fecha de referencia (fin del periodo,
-- si no su inicio, si no la fecha del documento) con los ocupados nacidos en el extranjero, formales e
-- informales: contexto al lado de la cifra, otra medida, nunca sumada ni restada. Vacío si la cifra no existe.
WITH cifra AS (
    SELECT c.cifra_id, coalesce(c.periodo_fin, c.periodo_inicio, d.fecha) AS referencia,
           CASE WHEN c.periodo_fin IS NULL AND c.periodo_inicio IS NULL THEN 'documento' ELSE 'periodo' END AS referencia_de,
           d.fecha_publicacion
    FROM stg_cifras c
    JOIN stg_documentos d USING (documento_id)
    WHERE c.cifra_id = $cifra_id
), extranjero AS (
    SELECT trimestre, sum(ocupados)::BIGINT AS ocupados,
           sum(ocupados) FILTER (WHERE formalidad = 'formal')::BIGINT AS formales,
           sum(ocupados) FILTER (WHERE formalidad = 'informal')::BIGINT AS informales, fuente_id, tabla
    FROM stg_enoe_ocupados
    WHERE lugar_nacimiento = 'extranjero'
    GROUP BY trimestre, fuente_id, tabla
), cercano AS (
    SELECT c.*, e.*, abs(datediff('day', e.trimestre + INTERVAL 45 DAY, c.referencia)) AS distancia_dias
    FROM cifra c
    CROSS JOIN extranjero e
    QUALIFY row_number() OVER (PARTITION BY c.cifra_id ORDER BY distancia_dias, e.trimestre DESC) = 1
)
SELECT c.cifra_id, strftime(c.referencia, '%Y-%m-%d') AS referencia, c.referencia_de, c.fecha_publicacion,
       strftime(c.trimestre, '%Y-%m-%d') AS trimestre,
       concat(year(c.trimestre), '-', (SELECT CASE WHEN $idioma = 'en' THEN en ELSE es END FROM stg_etiquetas WHERE campo = 'sufijo_trimestre'), quarter(c.trimestre)) AS periodo,
       c.distancia_dias, c.formales, c.informales, c.ocupados, round(100.0 * c.informales / nullif(c.ocupados, 0), 1) AS informal_pct,
       (SELECT concat(year(max(trimestre)), '-', (SELECT CASE WHEN $idioma = 'en' THEN en ELSE es END FROM stg_etiquetas WHERE campo = 'sufijo_trimestre'), quarter(max(trimestre)))
        FROM extranjero) AS ultimo_periodo,
       c.fuente_id, p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM cercano c
LEFT JOIN procedencia p USING (fuente_id, tabla);

-- ---------------------------------------------------------------- fuentes: brechas de desagregación

-- name: desagregaciones_tablas
-- Matriz de brechas, tablas oficiales: qué desagregaciones (mes, nacionalidad, sexo, edad, entidad/estado)
-- tiene cada tabla de datos según sus renglones: una desagregación existe si algún renglón la trae (una tabla
-- vacía no ofrece ninguna). Mes: renglones mensuales con fecha; nacionalidad: un código de país; edad: grupos de
-- edad (la «demografía» de la CBP, adultos solos / familias / menores no acompañados, no es edad); entidad: una
-- entidad de México o un estado de EE. UU. Una tabla de datos nueva se agrega aquí (una prueba lo exige).
WITH matriz(tabla, mes, nacionalidad, sexo, edad, entidad) AS (
    SELECT 'asilo_solicitudes', false, count(iso3) > 0, false, false, false FROM stg_asilo_solicitudes
    UNION ALL SELECT 'cbp_encuentros', count(mes) > 0, count(iso3) > 0, false, false, false FROM stg_cbp_encuentros
    UNION ALL SELECT 'cbp_encuentros_estado', count(mes) > 0, count(iso3) > 0, false, false, count(estado) > 0
              FROM stg_cbp_encuentros_estado
    UNION ALL SELECT 'centros', false, false, false, false, count(cve_ent) > 0 FROM stg_centros
    UNION ALL SELECT 'darien', count(*) FILTER (WHERE periodicidad = 'mensual') > 0, count(iso3) > 0, false, false, false
              FROM stg_darien
    UNION ALL SELECT 'devoluciones', count(mes) > 0, count(iso3) > 0, false, false, false FROM stg_devoluciones
    UNION ALL SELECT 'enoe_ocupados', false, false, false, false, false  -- lugar de nacimiento no es nacionalidad
    UNION ALL SELECT 'enoe_indicadores', false, false, false, false, false  -- indicadores nacionales, sin desagregar
    UNION ALL SELECT 'eventos_nacionalidad', count(mes) > 0, count(iso3) > 0, false, false, false FROM stg_eventos_nacionalidad
    UNION ALL SELECT 'eventos_sexo_edad', count(mes) > 0, false, count(sexo) > 0, count(grupo_edad) > 0, false
              FROM stg_eventos_sexo_edad
    UNION ALL SELECT 'mmp_incidentes', count(fecha) > 0, count(nacionalidades) > 0, false, false, count(cve_ent) > 0
              FROM stg_mmp_incidentes
    UNION ALL SELECT 'remesas', false, false, false, false, count(cve_ent) > 0 FROM stg_remesas
)
SELECT NULL::VARCHAR AS familia,
       coalesce(CASE WHEN $idioma = 'en' THEN m2.titulo_en ELSE m2.titulo END, m.tabla) AS indicador,
       m.tabla, NULL::BIGINT AS cifras, m.mes, m.nacionalidad, m.sexo, m.edad, m.entidad
FROM matriz m
LEFT JOIN tablas_meta m2 ON m2.tabla = m.tabla
ORDER BY m.tabla;

-- name: desagregaciones_cifras
-- Matriz de brechas, cifras de documentos (todos los indicadores), derivada de las cifras publicadas: por indicador, cuántas
-- cifras hay, si varían por periodo o por geografía (más de un valor distinto) y si alguna se refiere a
-- una nacionalidad, un sexo o un grupo de edad (columnas nacionalidad, sexo y grupo_edad de cifras.csv).
SELECT i.familia, i.indicador_id,
       CASE WHEN $idioma = 'en' THEN coalesce(i.nombre_en, i.nombre_es) ELSE i.nombre_es END AS indicador,
       count(c.cifra_id)::BIGINT AS cifras,
       count(DISTINCT c.periodo_inicio) > 1 AS mes,
       count(c.nacionalidad) > 0 AS nacionalidad,
       count(c.sexo) > 0 AS sexo,
       count(c.grupo_edad) > 0 AS edad,
       count(DISTINCT c.geografia) > 1 AS entidad,
       'cifras' AS tabla
FROM stg_indicadores i
LEFT JOIN stg_cifras c USING (indicador_id)
GROUP BY ALL
ORDER BY i.familia, i.indicador_id;

-- ---------------------------------------------------------------- territorio

-- name: remesas_trimestres
-- Trimestres disponibles de remesas por entidad.
SELECT DISTINCT trimestre FROM stg_remesas ORDER BY trimestre;

-- name: territorio_geometria
-- Las 32 entidades con su geometría simplificada para el mapa y cuántos vértices quedan.
SELECT e.cve_ent, e.entidad, e.geometria, e.vertices_original, e.vertices, e.fuente_id, p.fuente, p.institucion,
       p.documento_tabla, p.fecha, p.definicion
FROM stg_entidades_simplificadas e
LEFT JOIN procedencia p USING (fuente_id, tabla)
ORDER BY e.cve_ent;

-- name: remesas_por_entidad
-- Remesas de un trimestre en cada una de las 32 entidades (vacío si no hay dato), con columnas de fuente.
WITH trimestre AS (
    SELECT cve_ent, usd, fuente_id, tabla FROM stg_remesas WHERE trimestre = $trimestre
)
SELECT e.cve_ent, e.entidad,
       concat(year($trimestre::DATE), '-', (SELECT CASE WHEN $idioma = 'en' THEN en ELSE es END FROM stg_etiquetas WHERE campo = 'sufijo_trimestre'), quarter($trimestre::DATE)) AS periodo,
       r.usd, r.fuente_id, p.fuente, p.institucion,
       p.documento_tabla, p.fecha, p.definicion
FROM stg_entidades_simplificadas e
LEFT JOIN trimestre r USING (cve_ent)
LEFT JOIN procedencia p ON p.fuente_id = r.fuente_id AND p.tabla = r.tabla
ORDER BY e.cve_ent;

-- name: territorio_centros
-- Centros Multiservicios y Centros Integradores del Migrante con su documento y columnas de fuente.
SELECT c.centro_id, c.nombre, c.tipo, c.tipo_en, c.municipio, c.cve_ent, c.entidad, c.estado, c.estado_en, c.operador,
       c.servicios, c.servicios_en, c.financiamiento, c.financiamiento_en, c.estado_posterior, c.estado_posterior_en,
       c.documento_id, c.cita, c.documento_posterior, c.cita_posterior, c.lon, c.lat, c.coordenadas_fuente,
       c.coordenadas_fuente_en, c.fuente_id,
       d.titulo AS documento_titulo, d.institucion AS documento_institucion, d.archivo,
       d.fecha_publicacion, d.fecha_inferida,
       q.titulo AS posterior_titulo, q.institucion AS posterior_institucion, q.archivo AS posterior_archivo,
       q.fecha_publicacion AS posterior_fecha,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_centros c
JOIN stg_documentos d USING (documento_id)
LEFT JOIN stg_documentos q ON q.documento_id = c.documento_posterior
LEFT JOIN procedencia p ON p.fuente_id = c.fuente_id AND p.tabla = c.tabla

ORDER BY c.cve_ent, c.centro_id;

-- name: territorio_mmp_opciones
-- Causas (con número de incidentes) y años del MMP para los filtros del mapa.
SELECT causa, count(*)::BIGINT AS incidentes, min(anio) AS anio_min, max(anio) AS anio_max
FROM stg_mmp_incidentes
GROUP BY causa
ORDER BY incidentes DESC, causa;

-- name: territorio_mmp
-- Incidentes del MMP entre dos años para las causas pedidas (lista vacía = todas), con la marca en_mexico:
-- el mapa dibuja sólo en_mexico y dice cuántos quedan fuera.
SELECT m.incidente, strftime(m.fecha, '%Y-%m-%d') AS fecha_incidente, m.anio, m.causa, m.muertes, m.sobrevivientes,
       m.nacionalidades, m.ubicacion, m.lon, m.lat, m.en_mexico, m.cve_ent, m.fuente_id,
       p.fuente, p.institucion, p.documento_tabla, p.fecha, p.definicion
FROM stg_mmp_incidentes m
LEFT JOIN procedencia p USING (fuente_id, tabla)
WHERE m.anio BETWEEN $desde AND $hasta
  AND (len($causas) = 0 OR list_contains($causas, m.causa))
ORDER BY m.fecha, m.incidente;

-- ---------------------------------------------------------------- proyecciones

-- name: proyecciones_series
-- Las series proyectadas en su orden, con el nombre de la nacionalidad en el idioma pedido.
SELECT s.serie, s.posicion, s.tabla_entrada, s.medida, s.iso3, s.nivel, p.nombre AS nacionalidad,
       strftime(s.primer_mes, '%Y-%m') AS primer_mes, strftime(s.ultimo_mes, '%Y-%m') AS ultimo_mes, s.meses, s.modelo
FROM stg_proyecciones_series s
LEFT JOIN paises_idioma p ON p.iso3 = s.iso3 AND p.idioma = $idioma
ORDER BY s.posicion;

-- name: proyeccion_grafica
-- Una serie: sus últimos $historia meses observados (sumados de su tabla de entrada, como en el ETL) y la
-- proyección del modelo elegido con sus intervalos; cada renglón con la procedencia de su propia tabla.
WITH serie AS (
    SELECT * FROM stg_proyecciones_series WHERE serie = $serie
), observado AS (
    SELECT e.mes, sum(e.eventos)::DOUBLE AS valor, e.fuente_id, e.tabla
    FROM stg_eventos_nacionalidad e, serie s
    WHERE s.tabla_entrada = 'eventos_nacionalidad' AND s.nivel <> 'otras' AND (s.iso3 IS NULL OR e.iso3 = s.iso3)
    GROUP BY e.mes, e.fuente_id, e.tabla
    UNION ALL  -- «otras»: el total menos las nacionalidades que son series propias
    SELECT e.mes, sum(e.eventos)::DOUBLE AS valor, e.fuente_id, e.tabla
    FROM stg_eventos_nacionalidad e, serie s
    WHERE s.nivel = 'otras' AND e.iso3 NOT IN (SELECT iso3 FROM stg_proyecciones_series WHERE nivel = 'nacionalidad')
    GROUP BY e.mes, e.fuente_id, e.tabla
    UNION ALL
    SELECT d.mes, sum(d.devoluciones)::DOUBLE, d.fuente_id, d.tabla
    FROM stg_devoluciones d, serie s
    WHERE s.tabla_entrada = 'devoluciones'
    GROUP BY d.mes, d.fuente_id, d.tabla
    UNION ALL
    SELECT c.mes, sum(c.encuentros)::DOUBLE, c.fuente_id, c.tabla
    FROM stg_cbp_encuentros c, serie s
    WHERE s.tabla_entrada = 'cbp_encuentros' AND c.region = 'Southwest Land Border'
    GROUP BY c.mes, c.fuente_id, c.tabla
    UNION ALL
    SELECT d.periodo_inicio, sum(d.personas)::DOUBLE, d.fuente_id, d.tabla
    FROM stg_darien d, serie s
    WHERE s.tabla_entrada = 'darien' AND d.periodicidad = 'mensual'
    GROUP BY d.periodo_inicio, d.fuente_id, d.tabla
), filas AS (
    SELECT o.mes, 'observado' AS tipo, NULL::VARCHAR AS modelo, NULL::INTEGER AS horizonte, o.valor,
           NULL::DOUBLE AS inf_80, NULL::DOUBLE AS sup_80, NULL::DOUBLE AS inf_95, NULL::DOUBLE AS sup_95, o.fuente_id, o.tabla
    FROM observado o, serie s
    WHERE o.mes BETWEEN greatest(s.primer_mes, s.ultimo_mes - to_months($historia - 1)) AND s.ultimo_mes
    UNION ALL
    SELECT p.mes, 'proyeccion', p.modelo, p.horizonte, p.pronostico, p.inf_80, p.sup_80, p.inf_95, p.sup_95, p.fuente_id, p.tabla
    FROM stg_proyecciones p
    WHERE p.serie = $serie AND p.elegido
)
SELECT strftime(f.mes, '%Y-%m') AS mes, f.tipo, f.modelo, f.horizonte, f.valor, f.inf_80, f.sup_80, f.inf_95, f.sup_95,
       f.fuente_id, pr.fuente, pr.institucion, pr.documento_tabla, pr.fecha, pr.definicion
FROM filas f
LEFT JOIN procedencia pr USING (fuente_id, tabla)
ORDER BY f.mes;

-- name: proyeccion_completa
-- Todos los modelos candidatos de una serie, de 1 a 12 meses, con intervalos y procedencia.
SELECT p.serie, p.modelo, p.elegido, p.horizonte, strftime(p.mes, '%Y-%m') AS mes, p.pronostico, p.inf_80, p.sup_80,
       p.inf_95, p.sup_95, p.fuente_id, pr.fuente, pr.institucion, pr.documento_tabla, pr.fecha, pr.definicion
FROM stg_proyecciones p
LEFT JOIN procedencia pr USING (fuente_id, tabla)
WHERE p.serie = $serie
ORDER BY list_position(['procedimiento', 'estacional_ingenuo', 'ingenuo', 'ets', 'arima', 'theta', 'mediana'], p.modelo), p.horizonte;

-- name: proyecciones_puntaje
-- Puntaje de cada serie en un horizonte, en la ventana de reporte: el procedimiento primero y luego cada candidato, con
-- procedencia.
SELECT s.posicion, p.serie, p.horizonte, p.modelo, p.elegido, p.origenes, p.mae, p.rmae_ingenuo, p.rmae_estacional,
       p.mase, p.winkler_80, p.winkler_95, p.cobertura_80, p.cobertura_95, p.fuente_id, pr.fuente, pr.institucion,
       pr.documento_tabla, pr.fecha, pr.definicion
FROM stg_proyecciones_puntaje p
JOIN stg_proyecciones_series s USING (serie)
LEFT JOIN procedencia pr ON pr.fuente_id = p.fuente_id AND pr.tabla = p.tabla
WHERE p.horizonte = $horizonte
ORDER BY s.posicion, list_position(['procedimiento', 'estacional_ingenuo', 'ingenuo', 'ets', 'arima', 'theta', 'mediana'], p.modelo);

-- name: proyecciones_puntaje_completo
-- El puntaje de todas las series, horizontes y modelos, con procedencia.
SELECT p.serie, p.horizonte, p.modelo, p.elegido, p.origenes, p.mae, p.rmae_ingenuo, p.rmae_estacional, p.mase,
       p.winkler_80, p.winkler_95, p.cobertura_80, p.cobertura_95, p.fuente_id, pr.fuente, pr.institucion,
       pr.documento_tabla, pr.fecha, pr.definicion
FROM stg_proyecciones_puntaje p
JOIN stg_proyecciones_series s USING (serie)
LEFT JOIN procedencia pr ON pr.fuente_id = p.fuente_id AND pr.tabla = p.tabla
ORDER BY s.posicion, p.horizonte, list_position(['procedimiento', 'estacional_ingenuo', 'ingenuo', 'ets', 'arima', 'theta', 'mediana'], p.modelo);

-- name: proyecciones_resumen
-- Por serie (y para todas juntas, serie ''), del procedimiento en la ventana de reporte: cobertura de cada banda
-- sobre todos los horizontes, orígenes y su primer y último mes, y los horizontes en que el ingenuo (último mes) tuvo
-- menor MAE que el procedimiento.
WITH rep AS (
    SELECT e.serie, e.origen, (e.inf_80 <= e."real" AND e."real" <= e.sup_80)::INTEGER AS dentro_80,
           (e.inf_95 <= e."real" AND e."real" <= e.sup_95)::INTEGER AS dentro_95
    FROM stg_proyecciones_evaluacion e
    WHERE e.reporte AND e.modelo = 'procedimiento'
), cobertura AS (
    SELECT serie, count(*) AS pronosticos, count(DISTINCT origen) AS origenes, strftime(min(origen), '%Y-%m') AS primer_origen,
           strftime(max(origen), '%Y-%m') AS ultimo_origen, avg(dentro_80) AS cobertura_80, avg(dentro_95) AS cobertura_95
    FROM rep
    GROUP BY GROUPING SETS ((serie), ())
), ingenuo AS (
    SELECT p.serie, string_agg(p.horizonte::VARCHAR, ', ' ORDER BY p.horizonte) AS horizontes_ingenuo_mejor
    FROM stg_proyecciones_puntaje p
    JOIN stg_proyecciones_puntaje i ON i.serie = p.serie AND i.horizonte = p.horizonte AND i.modelo = 'ingenuo'
    WHERE p.modelo = 'procedimiento' AND i.mae < p.mae
    GROUP BY p.serie
)
SELECT coalesce(c.serie, '') AS serie, c.pronosticos, c.origenes, c.primer_origen, c.ultimo_origen, c.cobertura_80,
       c.cobertura_95, i.horizontes_ingenuo_mejor
FROM cobertura c
LEFT JOIN ingenuo i USING (serie)
LEFT JOIN stg_proyecciones_series s USING (serie)
ORDER BY s.posicion NULLS FIRST;

-- name: proyecciones_evaluacion_completa
-- Cada renglón de la ventana de reporte de la evaluación (de donde sale todo el puntaje), con procedencia; la
-- evaluación entera, con los orígenes de calibración, va en el paquete de datos.
SELECT e.serie, strftime(e.origen, '%Y-%m') AS origen, e.horizonte, strftime(e.mes, '%Y-%m') AS mes, e.modelo, e.pronostico,
       e.inf_80, e.sup_80, e.inf_95, e.sup_95, e."real", e.elegido, e.reporte, e.fuente_id, pr.fuente, pr.institucion, pr.documento_tabla,
       pr.fecha, pr.definicion
FROM stg_proyecciones_evaluacion e
JOIN stg_proyecciones_series s USING (serie)
LEFT JOIN procedencia pr ON pr.fuente_id = e.fuente_id AND pr.tabla = e.tabla
WHERE e.reporte
ORDER BY s.posicion, e.origen, e.horizonte, list_position(['procedimiento', 'estacional_ingenuo', 'ingenuo', 'ets', 'arima', 'theta', 'mediana'], e.modelo);

-- name: revisiones_instantaneas
-- Las instantáneas de cada tabla con revisiones (archivo y fecha de consulta), con el título de la tabla.
SELECT i.tabla_revisada, i.instantanea, i.fuente_id, strftime(i.fecha_acceso, '%Y-%m-%d') AS fecha_acceso, i.periodos,
       periodo_texto(i.primer_periodo, i.periodicidad, $idioma) AS primer_periodo,
       periodo_texto(i.ultimo_periodo, i.periodicidad, $idioma) AS ultimo_periodo,
       CASE WHEN $idioma = 'en' THEN coalesce(m.titulo_en, m.titulo) ELSE m.titulo END AS titulo,
       p.fuente, p.institucion, p.documento_tabla, p.fecha
FROM stg_instantaneas i
JOIN tablas_meta m ON m.tabla = i.tabla_revisada
LEFT JOIN procedencia p ON p.fuente_id = i.fuente_id AND p.tabla = 'instantaneas'
ORDER BY m.posicion, i.instantanea;

-- name: revisiones_cambios
-- Qué cambió entre la instantánea $antes y la $despues de una tabla, al nivel $nivel: periodos nuevos,
-- valores revisados (antes → después) y renglones retirados, los revisados primero y por tamaño de la revisión.
-- El valor vigente en la instantánea k es el renglón con instantanea <= k < hasta_instantanea; cada valor dice de
-- qué archivo sale y su fecha de consulta.
WITH r AS (
    SELECT * FROM stg_revisiones WHERE tabla_revisada = $tabla_revisada AND nivel = $nivel
),
a AS (
    SELECT serie, periodo, periodicidad, valor, fuente_id, vigente_desde FROM r
    WHERE instantanea <= $antes AND coalesce(hasta_instantanea > $antes, true) AND valor IS NOT NULL
),
d AS (
    SELECT serie, periodo, periodicidad, valor, fuente_id, vigente_desde FROM r
    WHERE instantanea <= $despues AND coalesce(hasta_instantanea > $despues, true) AND valor IS NOT NULL
),
c AS (
    SELECT coalesce(d.serie, a.serie) AS serie, coalesce(d.periodo, a.periodo) AS periodo,
           coalesce(d.periodicidad, a.periodicidad) AS periodicidad,
           CASE WHEN a.valor IS NULL THEN 'nuevo' WHEN d.valor IS NULL THEN 'retirado' ELSE 'revisado' END AS cambio,
           a.valor AS antes, d.valor AS despues, d.valor - a.valor AS diferencia,
           round(100 * (d.valor - a.valor) / nullif(a.valor, 0), 2) AS diferencia_pct,
           a.fuente_id AS archivo_antes, strftime(a.vigente_desde, '%Y-%m-%d') AS fecha_acceso_antes,
           d.fuente_id AS archivo_despues, strftime(d.vigente_desde, '%Y-%m-%d') AS fecha_acceso_despues
    FROM a FULL OUTER JOIN d ON a.serie = d.serie AND a.periodo = d.periodo
    WHERE a.valor IS DISTINCT FROM d.valor
)
SELECT c.serie, periodo_texto(c.periodo, c.periodicidad, $idioma) AS periodo, c.cambio, c.antes, c.despues, c.diferencia, c.diferencia_pct,
       c.archivo_antes, c.fecha_acceso_antes, c.archivo_despues, c.fecha_acceso_despues,
       p.fuente, p.institucion, p.documento_tabla, p.fecha
FROM c
LEFT JOIN procedencia p ON p.fuente_id = coalesce(c.archivo_despues, c.archivo_antes) AND p.tabla = 'revisiones'
ORDER BY CASE c.cambio WHEN 'revisado' THEN 0 WHEN 'retirado' THEN 1 ELSE 2 END,
         abs(coalesce(c.despues, 0) - coalesce(c.antes, 0)) DESC, c.serie, c.periodo;

-- name: revisiones_series
-- Series de una tabla para la gráfica: los totales y, después, las de detalle con revisiones, de la mayor revisión
-- (en valor absoluto, entre su primer valor y el último) a la menor.
SELECT serie, nivel, max(abs(coalesce(ultimo_valor, 0) - primer_valor)) AS mayor_revision
FROM stg_revisiones
WHERE tabla_revisada = $tabla_revisada AND (nivel = 'total' OR cambio <> 'publicado')
GROUP BY serie, nivel
ORDER BY nivel DESC, mayor_revision DESC, serie
LIMIT 200;

-- name: revisiones_serie
-- Una serie en cada instantánea (el valor vigente en cada una), más su primera publicación y su valor de hoy:
-- cada punto con el archivo y la fecha de consulta de donde sale.
WITH r AS (
    SELECT * FROM stg_revisiones WHERE tabla_revisada = $tabla_revisada AND serie = $serie_revisada
),
x AS (
    SELECT 'instantanea' AS linea, i.instantanea, strftime(i.fecha_acceso, '%Y-%m-%d') AS instantanea_fecha,
           r.periodo, r.periodicidad, r.valor, r.fuente_id AS archivo, strftime(r.vigente_desde, '%Y-%m-%d') AS fecha_acceso
    FROM stg_instantaneas i
    JOIN r ON r.instantanea <= i.instantanea AND coalesce(r.hasta_instantanea > i.instantanea, true)
    WHERE i.tabla_revisada = $tabla_revisada AND r.valor IS NOT NULL
    UNION ALL
    SELECT 'primera', NULL, NULL, periodo, periodicidad, valor, fuente_id, strftime(vigente_desde, '%Y-%m-%d')
    FROM r QUALIFY row_number() OVER (PARTITION BY periodo ORDER BY instantanea) = 1
    UNION ALL
    SELECT 'ultima', NULL, NULL, periodo, periodicidad, valor, fuente_id, strftime(vigente_desde, '%Y-%m-%d')
    FROM r WHERE hasta_instantanea IS NULL AND valor IS NOT NULL
)
SELECT x.linea, x.instantanea, x.instantanea_fecha, x.periodo, x.periodicidad,
       periodo_texto(x.periodo, x.periodicidad, $idioma) AS periodo_texto, x.valor, x.archivo, x.fecha_acceso,
       p.fuente, p.institucion, p.documento_tabla, p.fecha
FROM x
LEFT JOIN procedencia p ON p.fuente_id = x.archivo AND p.tabla = 'revisiones'
ORDER BY x.linea, x.instantanea, x.periodo;

-- ---------------------------------------------------------------- qué cambió entre dos versiones publicadas
-- (Las versiones publicadas que conserva etl/publicacion.py. La versión anterior se lee con su propio catálogo
-- (`versiones_valores`, que toma su candado y así no se poda mientras se lee) y la comparación corre aquí, en la
-- versión de la página, con esos renglones enlazados como la relación `valores_anteriores`.)

-- view: valores_publicados
-- Cada tabla oficial en formato largo, una vez para comparar versiones: (tabla_comparada, grupo, serie, periodo,
-- valor). `serie` es la clave del renglón, «campo=valor · campo=valor» (como en `revisiones`); `grupo` es el total
-- que se puede sumar sin mezclar medidas (la región de la CBP, la unidad del asilo, la periodicidad del Darién).
SELECT 'eventos_nacionalidad' AS tabla_comparada, 'total' AS grupo, 'iso3=' || iso3 AS serie, mes AS periodo,
       eventos::DOUBLE AS valor, fuente_id, tabla
FROM stg_eventos_nacionalidad
UNION ALL
SELECT 'eventos_sexo_edad', 'total', concat_ws(' · ', 'sexo=' || sexo, 'grupo_edad=' || grupo_edad), mes,
       eventos::DOUBLE, fuente_id, tabla
FROM stg_eventos_sexo_edad
UNION ALL
SELECT 'devoluciones', 'total', concat_ws(' · ', 'iso3=' || iso3, 'tipo=' || tipo), mes, devoluciones::DOUBLE, fuente_id,
       tabla
FROM stg_devoluciones
UNION ALL
SELECT 'cbp_encuentros', 'region=' || region,
       concat_ws(' · ', 'region=' || region, 'componente=' || componente, 'area=' || area, 'demografia=' || demografia,
                 'autoridad=' || autoridad, 'tipo_encuentro=' || tipo_encuentro, 'ciudadania=' || ciudadania),
       mes, encuentros::DOUBLE, fuente_id, tabla
FROM stg_cbp_encuentros
UNION ALL
SELECT 'cbp_encuentros_estado', 'region=' || region,
       concat_ws(' · ', 'region=' || region, 'estado=' || estado, 'demografia=' || demografia, 'autoridad=' || autoridad,
                 'ciudadania=' || ciudadania),
       mes, encuentros::DOUBLE, fuente_id, tabla
FROM stg_cbp_encuentros_estado
UNION ALL
SELECT 'asilo_solicitudes', 'unidad_solicitud=' || unidad_solicitud,
       concat_ws(' · ', 'iso3=' || iso3, 'procedimiento=' || procedimiento, 'tipo_solicitud=' || tipo_solicitud,
                 'nivel_decision=' || nivel_decision, 'unidad_solicitud=' || unidad_solicitud),
       make_date(anio, 1, 1), solicitudes::DOUBLE, fuente_id, tabla
FROM stg_asilo_solicitudes
UNION ALL
SELECT 'darien', 'periodicidad=' || periodicidad, concat_ws(' · ', 'periodicidad=' || periodicidad, 'iso3=' || iso3),
       periodo_inicio, personas::DOUBLE, fuente_id, tabla
FROM stg_darien
UNION ALL
SELECT 'mmp_incidentes', 'total', 'incidente=' || incidente, mes, muertes::DOUBLE, fuente_id, tabla
FROM stg_mmp_incidentes
UNION ALL
SELECT 'remesas', 'total', 'entidad=' || entidad, trimestre, usd::DOUBLE, fuente_id, tabla
FROM stg_remesas
UNION ALL
SELECT 'enoe_ocupados', 'total', concat_ws(' · ', 'lugar_nacimiento=' || lugar_nacimiento, 'formalidad=' || formalidad),
       trimestre, ocupados::DOUBLE, fuente_id, tabla
FROM stg_enoe_ocupados;

-- name: versiones_tablas
-- Las tablas que se pueden comparar entre versiones (la lista cerrada de la página), con su título y cadencia.
SELECT DISTINCT v.tabla_comparada,
       CASE WHEN $idioma = 'en' THEN coalesce(m.titulo_en, m.titulo) ELSE m.titulo END AS titulo, m.posicion
FROM valores_publicados v
JOIN tablas_meta m ON m.tabla = v.tabla_comparada
ORDER BY m.posicion;

-- name: versiones_valores
-- Los valores de una tabla en esta versión, con el archivo y la fecha de consulta de cada uno (lo que se lee de la
-- versión anterior para compararla con la de la página).
SELECT v.grupo, v.serie, v.periodo, v.valor, v.fuente_id, p.fecha, p.fuente, p.institucion, p.documento_tabla
FROM valores_publicados v
LEFT JOIN procedencia p USING (fuente_id, tabla)
WHERE v.tabla_comparada = $tabla_comparada;

-- name: versiones_cambios
-- Qué cambió en una tabla entre la versión anterior (`valores_anteriores`, de `versiones_valores`) y ésta, al nivel
-- $nivel ('detalle': cada renglón; 'total': la suma de cada grupo por periodo): periodos nuevos, valores revisados
-- (antes → después, absoluto y %) y renglones retirados. Lo distinto sale de EXCEPT en los dos sentidos; lo revisado
-- primero, luego lo retirado y lo nuevo, cada uno de la mayor diferencia a la menor. Cada valor dice de qué archivo
-- sale y su fecha de consulta en su versión.
WITH actuales AS (
    SELECT v.grupo, v.serie, v.periodo, v.valor, v.fuente_id, p.fecha
    FROM valores_publicados v
    LEFT JOIN procedencia p USING (fuente_id, tabla)
    WHERE v.tabla_comparada = $tabla_comparada
),
a AS (
    SELECT CASE WHEN $nivel = 'total' THEN grupo ELSE serie END AS serie, periodo::DATE AS periodo, sum(valor) AS valor,
           string_agg(DISTINCT fuente_id, '; ' ORDER BY fuente_id) AS archivo,
           string_agg(DISTINCT fecha, '; ' ORDER BY fecha) AS fecha_acceso, min(fuente_id) AS fuente_id
    FROM valores_anteriores GROUP BY 1, 2
),
d AS (
    SELECT CASE WHEN $nivel = 'total' THEN grupo ELSE serie END AS serie, periodo::DATE AS periodo, sum(valor) AS valor,
           string_agg(DISTINCT fuente_id, '; ' ORDER BY fuente_id) AS archivo,
           string_agg(DISTINCT fecha, '; ' ORDER BY fecha) AS fecha_acceso, min(fuente_id) AS fuente_id
    FROM actuales GROUP BY 1, 2
),
distintos AS (
    (SELECT serie, periodo, valor FROM a EXCEPT SELECT serie, periodo, valor FROM d)
    UNION
    (SELECT serie, periodo, valor FROM d EXCEPT SELECT serie, periodo, valor FROM a)
),
c AS (
    SELECT k.serie, k.periodo,
           CASE WHEN a.serie IS NULL THEN 'nuevo' WHEN d.serie IS NULL THEN 'retirado' ELSE 'revisado' END AS cambio,
           a.valor AS antes, d.valor AS despues, d.valor - a.valor AS diferencia,
           round(100 * (d.valor - a.valor) / nullif(a.valor, 0), 2) AS diferencia_pct,
           a.archivo AS archivo_antes, a.fecha_acceso AS fecha_acceso_antes,
           d.archivo AS archivo_despues, d.fecha_acceso AS fecha_acceso_despues,
           coalesce(d.fuente_id, a.fuente_id) AS fuente_id
    FROM (SELECT DISTINCT serie, periodo FROM distintos) k
    LEFT JOIN a ON a.serie = k.serie AND a.periodo = k.periodo
    LEFT JOIN d ON d.serie = k.serie AND d.periodo = k.periodo
)
SELECT $tabla_comparada AS tabla, c.serie,
       periodo_texto(c.periodo, CASE WHEN $tabla_comparada = 'asilo_solicitudes' OR c.serie LIKE 'periodicidad=anual%'
                                     THEN 'anual' WHEN $tabla_comparada IN ('remesas', 'enoe_ocupados') THEN 'trimestral'
                                     END, $idioma) AS periodo,
       c.cambio, c.antes, c.despues, c.diferencia, c.diferencia_pct, c.archivo_antes, c.fecha_acceso_antes,
       c.archivo_despues, c.fecha_acceso_despues, p.fuente, p.institucion, p.documento_tabla, p.fecha
FROM c
LEFT JOIN procedencia p ON p.fuente_id = c.fuente_id AND p.tabla = $tabla_comparada
ORDER BY CASE c.cambio WHEN 'revisado' THEN 0 WHEN 'retirado' THEN 1 ELSE 2 END,
         abs(coalesce(c.despues, 0) - coalesce(c.antes, 0)) DESC, c.serie, c.periodo;
