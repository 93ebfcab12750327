-- Consultas con nombre del tablero. Cada una empieza con `-- name: nombre`; los comentarios
-- que siguen la describen. Los parámetros se escriben $nombre y DuckDB los enlaza: nunca se
-- arma texto SQL con valores de la página o de la URL. Las vistas (una por tabla Parquet) las
-- crea consultas.py.

-- name: cifras_titulares
-- Cifras principales de cada familia para las tarjetas del Panorama, con su documento y cita.
SELECT c.cifra_id, c.indicador_id, i.familia, i.nombre_es, i.nombre_en, c.valor, c.valor_min, c.valor_max,
       c.unidad, c.calificador, c.calificador_texto, c.periodo, c.geografia, c.institucion_fuente, c.cita, c.nota,
       d.documento_id, d.archivo, d.titulo AS documento_titulo, d.institucion AS documento_institucion,
       d.fecha_publicacion, d.fecha_inferida, d.url
FROM cifras c
JOIN indicadores i USING (indicador_id)
JOIN documentos d USING (documento_id)
WHERE c.titular
ORDER BY list_position(['encuentros', 'refugio_empleo', 'imss', 'vacantes'], i.familia), c.cifra_id;

-- name: cifras_por_familias
-- Cifras de una o varias familias de indicadores, con su documento, para las páginas temáticas.
SELECT c.cifra_id, c.indicador_id, i.familia, i.nombre_es, i.nombre_en, i.cuenta, i.medida, i.definicion,
       i.definicion_en, i.comparabilidad, c.valor, c.valor_min, c.valor_max, c.unidad, c.calificador,
       c.calificador_texto, c.periodo, c.periodo_inicio, c.periodo_fin, c.geografia, c.institucion_fuente,
       c.cita, c.nota, c.titular, d.documento_id, d.archivo, d.titulo AS documento_titulo,
       d.institucion AS documento_institucion, d.fecha_publicacion, d.fecha_inferida, d.url
FROM cifras c
JOIN indicadores i USING (indicador_id)
JOIN documentos d USING (documento_id)
WHERE list_contains($familias, i.familia)
ORDER BY i.familia, c.indicador_id, c.cifra_id;

-- name: cifras_catalogo
-- Todas las cifras con su indicador y documento (página de fuentes; búsqueda de texto en la página).
SELECT c.cifra_id, i.familia, c.indicador_id, i.nombre_es, i.nombre_en, c.valor, c.valor_min, c.valor_max,
       c.unidad, c.calificador, c.calificador_texto, c.periodo, c.geografia, c.institucion_fuente, c.cita, c.nota,
       d.documento_id, d.archivo, d.titulo AS documento_titulo, d.institucion AS documento_institucion,
       d.fecha_publicacion
FROM cifras c
JOIN indicadores i USING (indicador_id)
JOIN documentos d USING (documento_id)
ORDER BY c.cifra_id;

-- name: documentos_catalogo
-- Catálogo de documentos fuente, sin el texto completo.
SELECT documento_id, archivo, titulo, titulo_en, institucion, fecha_publicacion, fecha, fecha_precision,
       fecha_inferida, fecha_nota, idioma, tipo, url, sha256,
       (SELECT count(*) FROM cifras c WHERE c.documento_id = d.documento_id) AS cifras
FROM documentos d
ORDER BY fecha, documento_id;

-- name: documento_texto
-- Texto completo de un documento, para comprobar una cita en su contexto.
SELECT documento_id, archivo, titulo, texto
FROM documentos
WHERE documento_id = $documento_id;

-- name: fuentes_catalogo
-- Procedencia de las tablas oficiales y catálogos: productor, cuadro, licencia, periodo y cómo citar.
SELECT fuente_id, titulo, titulo_en, productor, tabla, compilador, url, periodo, licencia, fecha_acceso,
       sha256, cita_sugerida, notas
FROM fuentes
ORDER BY fuente_id;

-- name: fuente
-- Procedencia de un archivo crudo, para la línea de fuente de un gráfico.
SELECT fuente_id, titulo, productor, tabla, compilador, url, periodo, licencia, fecha_acceso, cita_sugerida
FROM fuentes
WHERE fuente_id = $fuente_id;

-- name: indicadores_catalogo
-- Catálogo de indicadores con cuántas cifras tiene cada uno.
SELECT i.*, (SELECT count(*) FROM cifras c WHERE c.indicador_id = i.indicador_id) AS cifras
FROM indicadores i
ORDER BY familia, indicador_id;

-- name: paises_catalogo
-- Nombres de país en español e inglés.
SELECT iso3, nombre_es, nombre_en, tipo FROM paises ORDER BY nombre_es;

-- name: eventos_rango_meses
-- Primer y último mes de la serie de eventos de la UPMRIP.
SELECT min(mes) AS desde, max(mes) AS hasta FROM eventos_nacionalidad;

-- name: eventos_mensuales
-- Eventos mensuales de la UPMRIP entre dos meses; $paises vacío = todas las nacionalidades.
WITH filtrado AS (
    SELECT mes, n, fuente_id
    FROM eventos_nacionalidad
    WHERE mes BETWEEN $desde AND $hasta
      AND (len($paises) = 0 OR list_contains($paises, iso3))
)
SELECT mes, sum(n)::BIGINT AS eventos, any_value(fuente_id) AS fuente_id
FROM filtrado
GROUP BY mes
ORDER BY mes;

-- name: eventos_por_nacionalidad
-- Eventos por nacionalidad entre dos meses, de mayor a menor, las primeras $limite.
WITH totales AS (
    SELECT iso3, sum(n)::BIGINT AS eventos, any_value(fuente_id) AS fuente_id
    FROM eventos_nacionalidad
    WHERE mes BETWEEN $desde AND $hasta
    GROUP BY iso3
)
SELECT t.iso3, p.nombre_es, p.nombre_en, t.eventos, t.fuente_id
FROM totales t
LEFT JOIN paises p USING (iso3)
ORDER BY t.eventos DESC, t.iso3
LIMIT $limite;

-- name: eventos_sexo_edad
-- Eventos por sexo y grupo de edad entre dos meses, para los sexos y grupos pedidos (listas vacías = todos).
SELECT sexo, grupo_edad, sum(n)::BIGINT AS eventos, any_value(fuente_id) AS fuente_id
FROM eventos_sexo_edad
WHERE mes BETWEEN $desde AND $hasta
  AND (len($sexos) = 0 OR list_contains($sexos, sexo))
  AND (len($edades) = 0 OR list_contains($edades, grupo_edad))
GROUP BY sexo, grupo_edad
ORDER BY sexo, grupo_edad;

-- name: eventos_total_anio
-- Total de eventos de la UPMRIP en un año calendario, con los meses que lo componen.
SELECT $anio AS anio, sum(n)::BIGINT AS eventos, count(DISTINCT mes) AS meses, any_value(fuente_id) AS fuente_id
FROM eventos_nacionalidad
WHERE year(mes) = $anio;

-- name: devoluciones_mensuales
-- Devoluciones por tipo y mes entre dos meses.
SELECT mes, tipo, sum(n)::BIGINT AS devoluciones, any_value(fuente_id) AS fuente_id
FROM devoluciones
WHERE mes BETWEEN $desde AND $hasta
GROUP BY mes, tipo
ORDER BY mes, tipo;

-- name: cbp_mensual
-- Encuentros de la CBP en la frontera suroeste por mes y componente entre dos meses.
SELECT mes, componente, sum(n)::BIGINT AS encuentros, any_value(archivo) AS fuente_id
FROM cbp_encuentros
WHERE region = 'Southwest Land Border' AND mes BETWEEN $desde AND $hasta
GROUP BY mes, componente
ORDER BY mes, componente;

-- name: cbp_total_anio
-- Encuentros de la CBP en la frontera suroeste en un año calendario (no fiscal), con los meses disponibles.
SELECT $anio AS anio, sum(n)::BIGINT AS encuentros, count(DISTINCT mes) AS meses, any_value(archivo) AS fuente_id
FROM cbp_encuentros
WHERE region = 'Southwest Land Border' AND year(mes) = $anio;

-- name: asilo_por_origen
-- Solicitudes de asilo nuevas en México (personas) por país de origen entre dos años, las primeras $limite.
WITH totales AS (
    SELECT iso3, sum(n)::BIGINT AS solicitudes, any_value(fuente_id) AS fuente_id
    FROM asilo_solicitudes
    WHERE anio BETWEEN $desde AND $hasta AND unidad_solicitud = 'personas'
    GROUP BY iso3
)
SELECT t.iso3, p.nombre_es, p.nombre_en, t.solicitudes, t.fuente_id
FROM totales t
LEFT JOIN paises p USING (iso3)
ORDER BY t.solicitudes DESC, t.iso3
LIMIT $limite;

-- name: asilo_anual
-- Solicitudes de asilo en México (personas) por año.
SELECT anio, sum(n)::BIGINT AS solicitudes, any_value(fuente_id) AS fuente_id
FROM asilo_solicitudes
WHERE unidad_solicitud = 'personas'
GROUP BY anio
ORDER BY anio;

-- name: ultimos_meses
-- Último periodo de cada serie oficial y su valor, para el Panorama.
WITH eventos AS (
    SELECT 'eventos_upmrip' AS serie, mes AS periodo, sum(n)::BIGINT AS valor, any_value(fuente_id) AS fuente_id
    FROM eventos_nacionalidad
    WHERE mes = (SELECT max(mes) FROM eventos_nacionalidad)
    GROUP BY mes
), devol AS (
    SELECT 'devoluciones_upmrip', mes, sum(n)::BIGINT, any_value(fuente_id)
    FROM devoluciones
    WHERE mes = (SELECT max(mes) FROM devoluciones)
    GROUP BY mes
), cbp AS (
    SELECT 'encuentros_cbp', mes, sum(n)::BIGINT, any_value(archivo)
    FROM cbp_encuentros
    WHERE region = 'Southwest Land Border' AND mes = (SELECT max(mes) FROM cbp_encuentros)
    GROUP BY mes
), dar AS (
    SELECT 'darien', periodo_inicio, sum(n)::BIGINT, any_value(fuente_id)
    FROM darien
    WHERE periodo_inicio = (SELECT max(periodo_inicio) FROM darien)
    GROUP BY periodo_inicio
)
SELECT * FROM eventos
UNION ALL SELECT * FROM devol
UNION ALL SELECT * FROM cbp
UNION ALL SELECT * FROM dar;

-- name: remesas_trimestres
-- Trimestres disponibles de remesas por entidad.
SELECT DISTINCT trimestre FROM remesas ORDER BY trimestre;

-- name: remesas_por_entidad
-- Remesas de un trimestre por entidad, con la clave INEGI de dos dígitos.
SELECT r.cve_ent, r.entidad, r.trimestre, r.usd, r.fuente_id
FROM remesas r
WHERE r.trimestre = $trimestre
ORDER BY r.cve_ent;

-- name: entidades_geometria
-- Las 32 entidades con su geometría GeoJSON.
SELECT cve_ent, entidad, geometria, fuente_id FROM entidades ORDER BY cve_ent;

-- name: mmp_incidentes
-- Incidentes del MMP en México entre dos años, para las causas pedidas (lista vacía = todas).
SELECT incidente, fecha, anio, causa, muertes, sobrevivientes, nacionalidades, ubicacion, lon, lat, fuente_id
FROM mmp_incidentes
WHERE anio BETWEEN $desde AND $hasta
  AND (len($causas) = 0 OR list_contains($causas, causa))
ORDER BY fecha, incidente;

-- name: darien_mensual
-- Cruces por el Darién por mes (desde 2020, cuando la serie es mensual).
SELECT periodo_inicio AS mes, sum(n)::BIGINT AS personas, any_value(fuente_id) AS fuente_id
FROM darien
WHERE periodicidad = 'mensual' AND periodo_inicio BETWEEN $desde AND $hasta
GROUP BY periodo_inicio
ORDER BY periodo_inicio;

-- name: eventos_nacionalidades
-- Nacionalidades presentes en los eventos de la UPMRIP, con su nombre, para el filtro de la página.
SELECT DISTINCT e.iso3, p.nombre_es, p.nombre_en
FROM eventos_nacionalidad e
LEFT JOIN paises p USING (iso3)
ORDER BY p.nombre_es, e.iso3;

-- name: eventos_categorias_sexo_edad
-- Sexos y grupos de edad presentes en los eventos por sexo y edad, para los filtros.
SELECT DISTINCT sexo, grupo_edad FROM eventos_sexo_edad ORDER BY sexo, grupo_edad;

-- name: cifras_por_unidades
-- Cifras de documentos expresadas en ciertas unidades (p. ej. vacantes), sean de la familia que sean.
SELECT c.cifra_id, c.indicador_id, i.familia, i.nombre_es, i.nombre_en, i.cuenta, i.medida, i.definicion,
       i.definicion_en, i.comparabilidad, c.valor, c.valor_min, c.valor_max, c.unidad, c.calificador,
       c.calificador_texto, c.periodo, c.periodo_inicio, c.periodo_fin, c.geografia, c.institucion_fuente,
       c.cita, c.nota, c.titular, d.documento_id, d.archivo, d.titulo AS documento_titulo,
       d.institucion AS documento_institucion, d.fecha_publicacion, d.fecha_inferida, d.url
FROM cifras c
JOIN indicadores i USING (indicador_id)
JOIN documentos d USING (documento_id)
WHERE list_contains($unidades, c.unidad)
ORDER BY i.familia, c.indicador_id, c.cifra_id;

-- name: desagregaciones_tablas
-- Matriz de brechas, tablas oficiales: qué desagregaciones (mes, nacionalidad, sexo, edad, entidad/estado)
-- tiene cada tabla con columna de fuente, según sus columnas. La correspondencia columna → desagregación
-- se declara aquí (VALUES); el resto sale del esquema de las tablas publicadas.
WITH dims(dimension, columna) AS (
    VALUES ('mes', 'mes'), ('mes', 'periodo_inicio'), ('mes', 'fecha'),
           ('nacionalidad', 'iso3'), ('nacionalidad', 'nacionalidades'), ('nacionalidad', 'ciudadania'),
           ('sexo', 'sexo'), ('edad', 'grupo_edad'), ('edad', 'demografia'),
           ('entidad', 'cve_ent'), ('entidad', 'estado')
), tablas AS (
    SELECT DISTINCT table_name AS tabla FROM duckdb_columns()
    WHERE column_name IN ('fuente_id', 'archivo') AND table_name NOT IN ('documentos', 'entidades', 'fuentes')
), cols AS (
    SELECT table_name AS tabla, column_name AS columna FROM duckdb_columns()
)
SELECT t.tabla,
       bool_or(d.dimension = 'mes') AS mes,
       bool_or(d.dimension = 'nacionalidad') AS nacionalidad,
       bool_or(d.dimension = 'sexo') AS sexo,
       bool_or(d.dimension = 'edad') AS edad,
       bool_or(d.dimension = 'entidad') AS entidad
FROM tablas t
LEFT JOIN cols c ON c.tabla = t.tabla
LEFT JOIN dims d ON d.columna = c.columna
GROUP BY t.tabla
ORDER BY t.tabla;

-- name: desagregaciones_cifras
-- Matriz de brechas, cifras de documentos: por indicador, cuántas cifras hay y si varían por periodo o
-- por geografía (lo único que registra la tabla cifras; no tiene nacionalidad, sexo ni edad).
SELECT i.familia, i.indicador_id, i.nombre_es, i.nombre_en, count(c.cifra_id) AS cifras,
       count(DISTINCT c.periodo_inicio) > 1 AS mes,
       false AS nacionalidad, false AS sexo, false AS edad,
       count(DISTINCT c.geografia) > 1 AS entidad
FROM indicadores i
LEFT JOIN cifras c USING (indicador_id)
WHERE list_contains($familias, i.familia)
GROUP BY i.familia, i.indicador_id, i.nombre_es, i.nombre_en
ORDER BY i.familia, i.indicador_id;

-- name: territorio_geometria
-- Las 32 entidades con su geometría simplificada para el mapa (Territorio) y cuántos vértices quedan.
SELECT cve_ent, entidad, geometria, vertices_original, vertices, fuente_id
FROM entidades_simplificadas
ORDER BY cve_ent;

-- name: territorio_centros
-- Centros Multiservicios y Centros Integradores del Migrante con su documento (Territorio).
SELECT c.centro_id, c.nombre, c.tipo, c.municipio, c.cve_ent, c.entidad, c.estado, c.operador, c.servicios,
       c.financiamiento, c.documento_id, c.cita, c.estado_posterior, c.documento_posterior, c.cita_posterior,
       c.lon, c.lat, c.coordenadas_fuente, c.fuente_id,
       d.titulo AS documento_titulo, d.institucion AS documento_institucion, d.archivo,
       d.fecha_publicacion, d.fecha_inferida,
       p.titulo AS posterior_titulo, p.institucion AS posterior_institucion, p.archivo AS posterior_archivo,
       p.fecha_publicacion AS posterior_fecha
FROM centros c
JOIN documentos d USING (documento_id)
LEFT JOIN documentos p ON p.documento_id = c.documento_posterior
ORDER BY c.cve_ent, c.centro_id;

-- name: territorio_mmp_opciones
-- Causas (con número de incidentes) y años del MMP para los filtros del mapa.
SELECT causa, count(*)::BIGINT AS incidentes, min(anio) AS anio_min, max(anio) AS anio_max
FROM mmp_incidentes
GROUP BY causa
ORDER BY incidentes DESC, causa;

-- name: territorio_mmp
-- Incidentes del MMP entre dos años para las causas pedidas (lista vacía = todas), con la marca en_mexico:
-- el mapa dibuja sólo en_mexico y dice cuántos quedan fuera.
SELECT incidente, fecha, anio, causa, muertes, sobrevivientes, nacionalidades, ubicacion, lon, lat, en_mexico, fuente_id
FROM mmp_incidentes
WHERE anio BETWEEN $desde AND $hasta
  AND (len($causas) = 0 OR list_contains($causas, causa))
ORDER BY fecha, incidente;

-- name: remesas_completas
-- Remesas de todos los trimestres por entidad (descarga de datos completos del mapa).
SELECT trimestre, cve_ent, entidad, usd, fuente_id
FROM remesas
ORDER BY trimestre, cve_ent;
