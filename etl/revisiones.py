"""Revisiones: el valor de cada serie y periodo en cada instantánea de su fuente (historia en tiempo real).

Los productores revisan: cada descarga de la CBP corrige meses pasados y la UPMRIP reescribe su archivo anual
cada mes. Una instantánea es un archivo crudo de una fuente, fechado por la `fecha_acceso` de su ficha (a igual
fecha, por el nombre). Como en ALFRED (`realtime_start` / `realtime_end`), de las lecturas de todas las
instantáneas se deriva, por tabla, serie y periodo, cada valor distinto con el intervalo en que fue el vigente,
más el primer valor publicado y el último. Todo el cálculo es de DuckDB (uniones y ventanas), no de bucles.

Una instantánea reemplaza completas las unidades que trae (`cobertura`: el periodo y, p. ej., la región de la
CBP): un renglón que una instantánea posterior no repite dentro de una unidad que sí trae queda retirado
(`valor` vacío); un periodo que la instantánea posterior ni trae sigue con su valor anterior.

`historia` es genérica (columnas de clave, periodo y valor); `cbp` la aplica a las descargas de la CBP y
`resumen_contra_publicada` compara, al construir, cada fuente con la versión publicada anterior.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from .errores import ErrorDeEntrada

logger = logging.getLogger(__name__)

COLUMNAS = [
    "tabla", "nivel", "serie", "periodo", "periodicidad", "instantanea", "hasta_instantanea", "cambio", "valor",
    "vigente_desde", "vigente_hasta", "primer_valor", "primera_fecha", "ultimo_valor", "ultima_fecha", "fuente_id",
]
COLUMNAS_INSTANTANEAS = ["tabla", "instantanea", "fuente_id", "fecha_acceso", "periodos", "primer_periodo", "ultimo_periodo",
                         "periodicidad"]
_NOMBRE = re.compile(r"^[a-z_][a-z0-9_]*$")


def _nombres(*listas) -> None:
    for lista in listas:
        for c in lista:
            if not _NOMBRE.match(c):
                raise ValueError(f"nombre de columna no permitido: {c!r}")


def _clave_texto(columnas: list[str]) -> str:
    """«region=… · componente=…» con las columnas no vacías: legible y sin ambigüedad (el nombre va delante)."""
    if not columnas:
        return "'total'"
    partes = ", ".join(f"'{c}=' || CAST(\"{c}\" AS VARCHAR)" for c in columnas)
    return f"coalesce(nullif(concat_ws(' · ', {partes}), ''), 'total')"


def _lista(columnas: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columnas) or "NULL AS _sin_clave"


def _huella(columnas: list[str]) -> str:
    return f"hash({_lista(columnas).replace(' AS _sin_clave', '')})" if columnas else "0::UBIGINT"


def historia(lecturas: pd.DataFrame, clave: list[str], periodo: str, valor: str,
             cobertura: list[str] | None = None, tabla: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Historia en tiempo real de las lecturas de varias instantáneas.

    `lecturas`: un renglón por (archivo, clave, periodo) con `archivo`, `fecha_acceso` y las columnas de `clave`,
    `periodo` y `valor`. `cobertura`: columnas de la clave que, con el periodo, forman lo que una instantánea
    reemplaza completo (por omisión, sólo el periodo). Devuelve (revisiones, instantaneas) con COLUMNAS y
    COLUMNAS_INSTANTANEAS; `instantanea` numera las instantáneas de 1 (la más antigua) en adelante.
    """
    cobertura = list(cobertura or [])
    _nombres(clave, cobertura, [periodo, valor])
    if set(cobertura) - set(clave):
        raise ValueError("la cobertura debe ser parte de la clave")
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        con.register("lecturas", lecturas)
        # Las claves se comparan por su huella (hash de DuckDB, 64 bits): el texto de la serie se arma sólo una vez
        # por clave distinta, no por renglón leído; `_historia` comprueba que ninguna huella junte dos claves.
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE v AS
            SELECT archivo, fecha_acceso::DATE AS fecha_acceso, row_number() OVER (ORDER BY fecha_acceso, archivo) AS orden
            FROM (SELECT DISTINCT archivo, fecha_acceso FROM lecturas);
            CREATE OR REPLACE TEMP TABLE l AS
            SELECT v.orden, {_huella(clave)} AS sid, {_huella(cobertura)} AS uid,
                   CAST("{periodo}" AS DATE) AS periodo, CAST("{valor}" AS DOUBLE) AS valor
            FROM lecturas JOIN v USING (archivo);
            CREATE OR REPLACE TEMP TABLE claves AS
            SELECT {_huella(clave)} AS sid, {_clave_texto(clave)} AS serie FROM (SELECT DISTINCT {_lista(clave)} FROM lecturas);
        """)
        return _historia(con, tabla)
    finally:
        con.close()


def _historia(con: duckdb.DuckDBPyConnection, tabla: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """La historia de las tablas `v` (archivo, fecha_acceso, orden), `l` (orden, sid, uid, periodo, valor: un
    renglón leído, con la huella de su serie y de su unidad de cobertura) y `claves` (sid, serie) de la conexión."""
    if con.execute("SELECT count(*) <> count(DISTINCT sid) FROM claves").fetchone()[0]:
        raise ValueError("dos claves distintas con la misma huella: no se puede derivar la historia")
    # Cada renglón leído junto a su anterior y su siguiente en la misma serie y periodo, y a la instantánea anterior
    # y siguiente que cubren su unidad: sólo se recorren los renglones leídos (no serie × instantánea que la cubre).
    con.execute("""
        CREATE OR REPLACE TEMP TABLE x AS
        WITH cubre AS (
            SELECT orden, uid, periodo, lag(orden) OVER u AS cubre_antes, lead(orden) OVER u AS cubre_despues
            FROM (SELECT DISTINCT orden, uid, periodo FROM l) WINDOW u AS (PARTITION BY uid, periodo ORDER BY orden)
        )
        SELECT l.orden, l.sid, l.periodo, l.valor, c.cubre_antes, c.cubre_despues,
               lag(l.orden) OVER w AS orden_antes, lag(l.valor) OVER w AS valor_antes, lead(l.orden) OVER w AS orden_despues
        FROM l JOIN cubre c USING (orden, uid, periodo)
        WINDOW w AS (PARTITION BY l.sid, l.periodo ORDER BY l.orden)
    """)
    repetido = con.execute("""
        SELECT v.archivo, c.serie, x.periodo FROM x JOIN v USING (orden) JOIN claves c USING (sid)
        WHERE x.orden = x.orden_antes ORDER BY ALL LIMIT 1""").fetchone()
    if repetido:
        raise ErrorDeEntrada(repetido[0], f"la serie {repetido[1]} trae dos valores para {repetido[2]:%Y-%m}")
    # Lo que cambia: la primera vez que se lee, un valor distinto del de la instantánea anterior que cubre la unidad o
    # una vuelta tras faltar; y, si la siguiente instantánea que cubre la unidad no lo trae, retirado en ésa.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE cambios AS
        WITH guardados AS (
            SELECT orden, sid, periodo, valor, true AS presente FROM x
            WHERE orden_antes IS NULL OR orden_antes IS DISTINCT FROM cubre_antes OR valor IS DISTINCT FROM valor_antes
            UNION ALL
            SELECT cubre_despues, sid, periodo, NULL, false FROM x
            WHERE cubre_despues IS NOT NULL AND orden_despues IS DISTINCT FROM cubre_despues
        )
        SELECT orden, c.serie, periodo, valor,
               CASE WHEN NOT presente THEN 'retirado'
                    WHEN row_number() OVER (PARTITION BY sid, periodo ORDER BY orden) > 1 THEN 'revisado'
                    ELSE 'publicado' END AS cambio
        FROM guardados JOIN claves c USING (sid)
    """)
    revisiones = con.sql("""
        WITH h AS (
            SELECT c.*, v.archivo, v.fecha_acceso,
                   lead(c.orden) OVER w AS hasta_instantanea,
                   lead(v.fecha_acceso) OVER w AS vigente_hasta,
                   first_value(c.valor) OVER todo AS primer_valor,
                   first_value(v.fecha_acceso) OVER todo AS primera_fecha,
                   last_value(c.valor) OVER todo AS ultimo_valor,
                   last_value(v.fecha_acceso) OVER todo AS ultima_fecha
            FROM cambios c JOIN v USING (orden)
            WINDOW w AS (PARTITION BY serie, periodo ORDER BY c.orden),
                   todo AS (PARTITION BY serie, periodo ORDER BY c.orden
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
        )
        SELECT $tabla AS tabla, serie, periodo, orden AS instantanea, hasta_instantanea, cambio, valor,
               fecha_acceso AS vigente_desde, vigente_hasta, primer_valor, primera_fecha, ultimo_valor,
               ultima_fecha, archivo AS fuente_id
        FROM h ORDER BY serie, periodo, instantanea
    """, params={"tabla": tabla}).to_arrow_table().to_pandas()
    instantaneas = con.sql("""
        SELECT $tabla AS tabla, v.orden AS instantanea, v.archivo AS fuente_id, v.fecha_acceso,
               count(DISTINCT l.periodo) AS periodos, min(l.periodo) AS primer_periodo, max(l.periodo) AS ultimo_periodo
        FROM v JOIN l USING (orden) GROUP BY ALL ORDER BY instantanea
    """, params={"tabla": tabla}).to_arrow_table().to_pandas()
    con.execute("DROP TABLE cambios; DROP TABLE x")
    return _fechas(revisiones), _fechas(instantaneas)


def _fechas(tabla: pd.DataFrame) -> pd.DataFrame:
    for c in ("periodo", "vigente_desde", "vigente_hasta", "primera_fecha", "ultima_fecha", "fecha_acceso",
              "primer_periodo", "ultimo_periodo"):
        if c in tabla and tabla[c].dtype != object:  # las de DuckDB ya llegan como `date` (vía Arrow)
            tabla[c] = pd.to_datetime(tabla[c]).dt.date
    for c in ("instantanea", "hasta_instantanea", "periodos"):
        if c in tabla:
            tabla[c] = tabla[c].astype("Int64")
    return tabla


# --- CBP ---------------------------------------------------------------------------------------
# Cada descarga reemplaza completo cada (mes, región) que trae, a su nivel (cbp.combinar_cbp): la cobertura es la
# región. Dos niveles de serie: el total del mes por región (lo que cita quien resume) y el renglón publicado.
CLAVE_CBP = {
    "cbp_encuentros": ["region", "componente", "area", "demografia", "autoridad", "tipo_encuentro", "ciudadania"],
    "cbp_encuentros_estado": ["region", "estado", "demografia", "autoridad", "ciudadania"],
}


def _cargar(con: duckdb.DuckDBPyConnection, leidos: list[tuple[str, str, pd.DataFrame]],
            grupos: list[tuple[str, list[str]]], cobertura: list[str], periodo: str, valor: str,
            juntar: bool = False, total: list[str] | None = None, en_orden: bool = False, sumar: bool = False) -> None:
    """Las lecturas de todas las instantáneas en DuckDB, sin copiar sus textos: `v_todo` (archivo, fecha_acceso,
    orden), `l_todo` (orden, grupo, sid, uid, tid, periodo, valor) y `claves_todo` (grupo, sid, serie, uid, tid,
    serie_total).

    Cada renglón cae en el primer grupo cuya condición SQL cumple (p. ej. el nivel de la CBP) y se queda sólo con la
    huella de su serie (la clave de su grupo), de su unidad de cobertura y de su total (`total`: las columnas que
    separan totales que no se suman, p. ej. personas y casos del asilo; contiene a la cobertura, que es lo que trae
    por omisión); el texto de cada serie se arma una vez por clave distinta. Copiar los textos de cada renglón leído
    a una tabla costaba más que toda la derivación (`python -m bench.revisiones`). Las instantáneas se ordenan por
    fecha de consulta y nombre, o (`en_orden`) en el orden en que llegan: el de la construcción."""
    total = list(cobertura) if total is None else list(total)
    for _, clave in grupos:
        _nombres(clave)
    _nombres(cobertura, total, [periodo, valor])
    if set(cobertura) - set(total):
        raise ValueError("las columnas del total deben contener a las de la cobertura")
    orden = list(range(len(leidos))) if en_orden else sorted(
        range(len(leidos)), key=lambda i: (str(leidos[i][0]), str(leidos[i][1])))
    con.execute("CREATE OR REPLACE TEMP TABLE v_todo (archivo VARCHAR, fecha_acceso DATE, orden INTEGER)")
    con.executemany("INSERT INTO v_todo VALUES (?, CAST(? AS DATE), ?)",
                    [(str(leidos[i][1]), str(leidos[i][0]), k + 1) for k, i in enumerate(orden)])
    grupo = "CASE " + " ".join(f"WHEN {cond} THEN {g}" for g, (cond, _) in enumerate(grupos)) + " END"
    sid = "CASE " + " ".join(f"WHEN {cond} THEN {_huella(clave)}" for cond, clave in grupos) + " END"
    serie = "CASE " + " ".join(f"WHEN {cond} THEN {_clave_texto(clave)}" for cond, clave in grupos) + " END"
    columnas = sorted({c for _, clave in grupos for c in clave} | set(cobertura) | set(total))  # las condiciones usan sólo éstas
    con.execute("CREATE OR REPLACE TEMP TABLE l_todo (orden INTEGER, grupo INTEGER, sid UBIGINT, uid UBIGINT, "
                "tid UBIGINT, periodo DATE, valor DOUBLE)")
    con.execute("CREATE OR REPLACE TEMP TABLE claves_todo (grupo INTEGER, sid UBIGINT, serie VARCHAR, uid UBIGINT, "
                "tid UBIGINT, serie_total VARCHAR)")
    if juntar:  # muchas lecturas chicas (el Boletín, las demás fuentes): una sola tabla de DuckDB y una sola pasada
        lotes = [("_orden", pd.concat([leidos[i][2][columnas + [periodo, valor]].assign(_orden=k + 1)
                                       for k, i in enumerate(orden)], ignore_index=True))]
    else:  # lecturas grandes (la CBP): una pasada por lectura, sin concatenarlas
        lotes = [(str(k + 1), leidos[i][2]) for k, i in enumerate(orden)]
    # Un año entero (el asilo) es su 1 de enero; `sumar`: la serie de detalle es la suma de sus renglones del periodo
    # (la OIM, por causa).
    entero = bool(leidos) and pd.api.types.is_integer_dtype(leidos[orden[0]][2][periodo])
    fecha = f'make_date(CAST("{periodo}" AS INTEGER), 1, 1)' if entero else f'CAST("{periodo}" AS DATE)'
    def huellas_de(numero: str) -> str:
        leidas = f"""SELECT {numero} AS orden, {grupo} AS grupo, {sid} AS sid, {_huella(cobertura)} AS uid,
                            {_huella(total)} AS tid, {fecha} AS periodo, CAST("{valor}" AS DOUBLE) AS valor FROM _lectura"""
        return f"SELECT orden, grupo, sid, uid, tid, periodo, sum(valor) AS valor FROM ({leidas}) GROUP BY ALL" if sumar else leidas
    huellas = huellas_de("0")
    claves = f"""SELECT DISTINCT {grupo} AS grupo, {sid} AS sid, {serie} AS serie, {_huella(cobertura)} AS uid,
                        {_huella(total)} AS tid, {_clave_texto(total)} AS serie_total
                 FROM (SELECT DISTINCT {_lista(columnas)} FROM _lectura)"""
    for numero, tabla in lotes:
        guardada = None if juntar else _guardada(tabla, huellas + claves)
        if guardada is not None and guardada[0].is_file() and guardada[1].is_file():
            try:  # la misma lectura ya recorrida: sus huellas, sin volver a tocar sus textos
                con.execute(f"INSERT INTO l_todo SELECT {numero}, * FROM read_parquet($r)", {"r": str(guardada[0])})
                con.execute("INSERT INTO claves_todo SELECT * FROM read_parquet($r)", {"r": str(guardada[1])})
                continue
            except duckdb.Error as e:
                logger.warning("huellas guardadas ilegibles (%s): %s; se recorre la lectura", guardada[0].name, e)
        con.register("_lectura", tabla)
        con.execute(f"CREATE OR REPLACE TEMP TABLE _h AS {huellas_de(numero)}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _k AS {claves}")
        con.unregister("_lectura")
        con.execute("INSERT INTO l_todo SELECT * FROM _h")
        con.execute("INSERT INTO claves_todo SELECT * FROM _k")
        if guardada is not None:
            _guardar(con, guardada)
    if con.execute("SELECT count(*) FROM l_todo WHERE grupo IS NULL").fetchone()[0]:
        raise ValueError("renglón que no cae en ningún grupo de la historia (p. ej. sin componente ni estado en la CBP)")


def _guardada(tabla: pd.DataFrame, consulta: str) -> tuple[Path, Path] | None:
    """Dónde se guardan las huellas (l) y las claves de una lectura que salió de la caché de lecturas: bajo la huella
    de esa lectura, de la consulta que las calcula, de este módulo y de la versión de DuckDB (su `hash`). None si la
    lectura no trae huella (no salió de la caché) o la caché está apagada."""
    from . import cache_lecturas

    base, h = cache_lecturas.carpeta(), tabla.attrs.get(cache_lecturas.HUELLA)
    if base is None or not h:
        return None
    clave = hashlib.sha256(f"{h}\n{consulta}\nduckdb {duckdb.__version__}\n".encode() + Path(__file__).read_bytes()).hexdigest()
    return base / f"{clave}.historia.parquet", base / f"{clave}.claves.parquet"


def _guardar(con: duckdb.DuckDBPyConnection, rutas: tuple[Path, Path]) -> None:
    """Escribe `_h` y `_k` en sus rutas (archivo temporal y rename: nunca uno a medias)."""
    try:
        rutas[0].parent.mkdir(parents=True, exist_ok=True)
        for tabla, ruta in zip(("_h", "_k"), rutas):
            temporal = ruta.with_suffix(f".{os.getpid()}.tmp")
            pq.write_table(con.sql(f"SELECT * EXCLUDE (orden) FROM {tabla}" if tabla == "_h" else
                                   f"SELECT * FROM {tabla}").to_arrow_table(), temporal)
            os.replace(temporal, ruta)
    except OSError as e:
        logger.warning("no se pudieron guardar las huellas de la lectura (%s)", e)


def _grupo(con: duckdb.DuckDBPyConnection, g: int, tabla: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Detalle, total (por las columnas del total) e instantáneas del grupo `g` de `_cargar`; las instantáneas se numeran
    entre las que traen renglones del grupo. None si ninguna trae."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE v AS
        SELECT archivo, fecha_acceso, orden AS orden_todo, row_number() OVER (ORDER BY orden) AS orden
        FROM v_todo WHERE orden IN (SELECT DISTINCT orden FROM l_todo WHERE grupo = $g)
    """, {"g": g})
    if not con.execute("SELECT count(*) FROM v").fetchone()[0]:
        return None
    con.execute("""
        CREATE OR REPLACE TEMP TABLE l AS
        SELECT v.orden, x.sid, x.uid, x.periodo, x.valor FROM l_todo x JOIN v ON v.orden_todo = x.orden WHERE x.grupo = $g
    """, {"g": g})
    con.execute("CREATE OR REPLACE TEMP TABLE claves AS SELECT DISTINCT sid, serie FROM claves_todo WHERE grupo = $g", {"g": g})
    detalle, inst = _historia(con, tabla)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE l AS
        SELECT v.orden, x.tid AS sid, x.uid, x.periodo, sum(x.valor) AS valor
        FROM l_todo x JOIN v ON v.orden_todo = x.orden WHERE x.grupo = $g GROUP BY ALL
    """, {"g": g})
    con.execute("CREATE OR REPLACE TEMP TABLE claves AS "
                "SELECT DISTINCT tid AS sid, serie_total AS serie FROM claves_todo WHERE grupo = $g", {"g": g})
    total, _ = _historia(con, tabla)
    return pd.concat([total.assign(nivel="total"), detalle.assign(nivel="detalle")], ignore_index=True), inst


def _periodicidad(tabla: pd.DataFrame) -> pd.Series:
    """mensual, trimestral o anual, por renglón: la de su tabla; en el Darién (renglones anuales hasta 2019 y mensuales
    después), la de su serie, cuya clave empieza por la periodicidad (`HISTORIAS`); una instantánea del Darién, mixta."""
    fija = tabla["tabla"].map({t: h.periodicidad for t, h in HISTORIAS.items()}).fillna("mensual")
    mixta = (fija == "mixta").to_numpy(bool)
    if "serie" not in tabla or not mixta.any():
        return fija
    fija = fija.copy()  # sólo los renglones del Darién: la tabla entera de la CBP no pasa por aquí
    fija[mixta] = tabla.loc[mixta, "serie"].astype(str).str.extract(r"^periodicidad=(anual|mensual)", expand=False).fillna("mixta")
    return fija


def _juntar(revs: list[pd.DataFrame], insts: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    revisiones = pd.concat(revs, ignore_index=True) if revs else pd.DataFrame(columns=COLUMNAS)
    instantaneas = pd.concat(insts, ignore_index=True) if insts else pd.DataFrame(columns=COLUMNAS_INSTANTANEAS)
    revisiones = revisiones.assign(periodicidad=_periodicidad(revisiones))
    instantaneas = instantaneas.assign(periodicidad=_periodicidad(instantaneas))
    return _fechas(revisiones[COLUMNAS].copy()), _fechas(instantaneas[COLUMNAS_INSTANTANEAS].copy())


def cbp(leidos: list[tuple[str, str, pd.DataFrame]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Revisiones e instantáneas de las dos tablas de la CBP a partir de las lecturas de `etl.fuentes.cbp.lector.lecturas`
    ((fecha_acceso, archivo, tabla de leer_cbp) por descarga). Una sola conexión de DuckDB: cada lectura se recorre
    una vez (`_cargar`) y de ahí salen los dos niveles (por componente, por estado), cada uno al detalle y en total
    por región (la cobertura)."""
    if not leidos:
        return _juntar([], [])
    tablas = (("cbp_encuentros", "componente IS NOT NULL AND estado IS NULL"),
              ("cbp_encuentros_estado", "estado IS NOT NULL AND componente IS NULL"))
    revs, insts = [], []
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        # Cada diseño trae exactamente uno de los dos (cbp.nivel): un renglón con ambos o ninguno no es de leer_cbp.
        try:
            _cargar(con, leidos, [(cond, CLAVE_CBP[t]) for t, cond in tablas], ["region"], "mes", "n")
        except ValueError:
            raise ValueError("renglón con componente y estado a la vez (o sin ninguno): no es una tabla de leer_cbp") from None
        for g, (tabla, _) in enumerate(tablas):
            hecho = _grupo(con, g, tabla)
            if hecho is not None:
                revs.append(hecho[0])
                insts.append(hecho[1])
    finally:
        con.close()
    return _juntar(revs, insts)


# --- Boletín de la UPMRIP -------------------------------------------------------------------------
# Cada libro anual descargado es una instantánea: trae enero..M de su año y reemplaza esos meses completos (la
# cobertura es el periodo). El total del mes es la suma de la tabla (el «Total general» del cuadro, sin ceros).
CLAVE_BOLETIN = {
    "eventos_nacionalidad": ["iso3"],
    "eventos_sexo_edad": ["sexo", "grupo_edad"],
    "devoluciones": ["iso3", "tipo"],
}


def boletin(leidos: dict[str, list[tuple[str, str, pd.DataFrame]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Revisiones e instantáneas de las tablas del Boletín a partir de `etl.fuentes.upmrip_boletin.lecturas`
    (por tabla, [(fecha de consulta, identificador del libro, tabla convertida)]), ordenadas por fecha y nombre."""
    return _historias(leidos, {t: Historia(tuple(c), "mes", "n") for t, c in CLAVE_BOLETIN.items()}, en_orden=False)


# --- Las demás fuentes con descargas -----------------------------------------------------------------
# Su tabla es la del archivo incluido (la primera instantánea, fechada por su ficha) más cada descarga aplicada encima
# (`etl.construir.aplicar_instantaneas`, `instantaneas.combinar_periodos`): cada una reemplaza completos los periodos
# que trae, así que la cobertura es el periodo. Por tabla: la clave de la serie sin el periodo, el periodo, el valor,
# las columnas que separan totales que no se suman y la periodicidad (para escribir el periodo: 2024, 2024-T1, 2024-03).
@dataclass(frozen=True)
class Historia:
    clave: tuple[str, ...]
    periodo: str
    valor: str
    total: tuple[str, ...] = ()
    periodicidad: str = "mensual"
    sumar: bool = False  # la serie de detalle es la suma de sus renglones del periodo (no es la clave de la tabla)


HISTORIAS = {
    "asilo_solicitudes": Historia(("iso3", "procedimiento", "tipo_solicitud", "nivel_decision", "unidad_solicitud"),
                                  "anio", "n", total=("unidad_solicitud",), periodicidad="anual"),  # el año: su 1 de enero
    "darien": Historia(("periodicidad", "iso3"), "periodo_inicio", "n", total=("periodicidad",), periodicidad="mixta"),
    # Los incidentes de la OIM no traen un identificador estable entre descargas (el renglón se numera en su archivo):
    # la serie de detalle es la suma del mes por causa.
    "mmp_incidentes": Historia(("causa",), "mes", "muertes", sumar=True),
    "remesas": Historia(("entidad",), "trimestre", "usd", periodicidad="trimestral"),
    "enoe_ocupados": Historia(("lugar_nacimiento", "formalidad"), "trimestre", "ocupados", periodicidad="trimestral"),
    "enoe_indicadores": Historia(("indicador",), "trimestre", "valor", total=("indicador",), periodicidad="trimestral"),
}


def otras(leidos: dict[str, list[tuple[str, str, pd.DataFrame]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Revisiones e instantáneas de las tablas de `HISTORIAS` a partir de sus lecturas (por tabla, [(fecha de
    consulta, archivo, renglones de la tabla)] en el orden en que la construcción las aplica)."""
    return _historias(leidos, HISTORIAS, en_orden=True)


def _historias(leidos: dict[str, list[tuple[str, str, pd.DataFrame]]], historias: dict[str, Historia],
               en_orden: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """La historia de cada tabla de `historias` con sus lecturas, muchas y chicas: una sola pasada por tabla en una
    conexión de DuckDB (`_cargar` con `juntar`), al detalle y en total."""
    revs, insts = [], []
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        for tabla, h in historias.items():
            partes = [(f, a, t) for f, a, t in leidos.get(tabla, []) if not t.empty]
            if not partes:
                continue
            try:
                _cargar(con, partes, [("TRUE", list(h.clave))], [], h.periodo, h.valor, juntar=True,
                        total=list(h.total), en_orden=en_orden, sumar=h.sumar)
            except duckdb.Error as e:
                raise ErrorDeEntrada(f"tabla {tabla}", f"no se pudo derivar su historia de revisiones: {e}") from None
            hecho = _grupo(con, 0, tabla)
            if hecho is not None:
                revs.append(hecho[0])
                insts.append(hecho[1])
    finally:
        con.close()
    return _juntar(revs, insts)


# Las fuentes que dejan sus lecturas en `Construccion.lecturas` (etl/fuentes) y la función que deriva su historia: la
# construcción la lanza en cuanto están (en el orden del registro de fuentes: el Boletín, luego la CBP).
DE_LECTURAS = (("upmrip_boletin", "boletin"), ("cbp", "cbp"))


def juntar(*partes: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Las `revisiones` e `instantaneas` de varias partes ya juntadas (`cbp`, `boletin`, `otras`) en una: sólo se
    concatenan (cada parte ya trae sus columnas, fechas y periodicidad)."""
    revs = [r for r, _ in partes if not r.empty]
    insts = [i for _, i in partes if not i.empty]
    if not revs or not insts:
        return _juntar(revs, insts)
    return pd.concat(revs, ignore_index=True), pd.concat(insts, ignore_index=True)


# Qué fuente alimenta cada tabla con instantáneas (para el resumen por fuente al construir).
FUENTE_TABLA = {"cbp_encuentros": "CBP", "cbp_encuentros_estado": "CBP", "eventos_nacionalidad": "Boletín UPMRIP",
                "eventos_sexo_edad": "Boletín UPMRIP", "devoluciones": "Boletín UPMRIP", "asilo_solicitudes": "ACNUR",
                "darien": "Darién", "mmp_incidentes": "OIM", "remesas": "Banxico remesas", "enoe_ocupados": "ENOE",
                "enoe_indicadores": "INEGI BIE"}


def resumen_revisiones(revisiones: pd.DataFrame) -> list[str]:
    """Una línea por tabla con varias instantáneas, con su fuente: lo que la descarga más reciente (las instantáneas
    de la última fecha de consulta: en el Boletín, un libro por año) revisó en los totales mensuales."""
    lineas = []
    totales = revisiones[revisiones["nivel"] == "total"]
    for tabla, grupo in totales.groupby("tabla", sort=False):
        if int(grupo["instantanea"].max()) < 2:
            continue
        fecha = grupo["vigente_desde"].max()
        ultimas = set(grupo.loc[grupo["vigente_desde"] == fecha, "instantanea"])
        nuevos = grupo[grupo["instantanea"].isin(ultimas) & (grupo["cambio"] == "revisado")]
        previos = grupo[grupo["hasta_instantanea"].isin(ultimas)][["serie", "periodo", "valor"]]
        cambios = nuevos.merge(previos, on=["serie", "periodo"], suffixes=("", "_antes"))
        cambios = cambios.assign(dif=(cambios["valor"] - cambios["valor_antes"]).abs()).sort_values("dif", ascending=False)
        archivos = sorted(set(grupo.loc[grupo["instantanea"].isin(ultimas), "fuente_id"]))
        fuente = FUENTE_TABLA.get(tabla, tabla)
        unidad = {"anual": "año", "trimestral": "trimestre"}.get(HISTORIAS[tabla].periodicidad if tabla in HISTORIAS else "", "mes")
        texto = (f"{fuente} ({tabla}): la descarga más reciente ({', '.join(archivos)}, consultada el {fecha}) revisó "
                 f"el total de {len(cambios)} {unidad if len(cambios) == 1 else _PLURAL[unidad]}")
        if not cambios.empty:
            m = cambios.iloc[0]
            pct = (m["valor"] - m["valor_antes"]) / m["valor_antes"] * 100 if m["valor_antes"] else float("nan")
            texto += (f"; el mayor, {_periodo(m['periodo'], m.get('periodicidad'))} ({m['serie']}): {_num(m['valor_antes'])} → "
                      f"{_num(m['valor'])}, {pct:+.1f} %")
        lineas.append(texto)
    return lineas


# --- Resumen al construir: contra la versión publicada anterior --------------------------------
# Por fuente: la tabla publicada, la columna del periodo (mes o trimestre) y la del valor que se suma.
RESUMEN = (
    ("UPMRIP eventos", "eventos_nacionalidad", "mes", "n", "mes"),
    ("UPMRIP devoluciones", "devoluciones", "mes", "n", "mes"),
    ("CBP", "cbp_encuentros", "mes", "n", "mes"),
    ("Darién", "darien", "periodo_inicio", "n", "periodo"),
    ("ACNUR", "asilo_solicitudes", "anio", "n", "año"),
    ("Banxico remesas", "remesas", "trimestre", "usd", "trimestre"),
    ("ENOE", "enoe_ocupados", "trimestre", "ocupados", "trimestre"),
    ("OIM", "mmp_incidentes", "mes", "muertes", "mes"),
)
_PLURAL = {"mes": "meses", "periodo": "periodos", "año": "años", "trimestre": "trimestres"}


def _cuantos(n: int, unidad: str, adjetivo: str) -> str:
    """«1 mes revisado», «3 meses revisados»."""
    return f"{n} {unidad} {adjetivo}" if n == 1 else f"{n} {_PLURAL[unidad]} {adjetivo}s"


def _num(valor: float) -> str:
    """es-MX: miles con coma y decimales con punto (lo mismo que el formato de Python)."""
    return f"{valor:,.0f}" if float(valor).is_integer() else f"{valor:,.1f}"


def _periodo(valor, periodicidad: str | None = None) -> str:
    """2024 (un año o periodicidad anual), 2024-T1 (trimestral) o 2024-03."""
    if isinstance(valor, (int, float)) and not isinstance(valor, bool):
        return str(int(valor))
    fecha = pd.Timestamp(valor)
    if periodicidad == "anual":
        return f"{fecha.year}"
    if periodicidad == "trimestral":
        return f"{fecha.year}-T{fecha.quarter}"
    return fecha.strftime("%Y-%m")


def diferencias(anterior: Path, nuevas: dict[str, pd.DataFrame], tabla: str, periodo: str, valor: str) -> pd.DataFrame | None:
    """Totales por periodo de `tabla` en la versión publicada `anterior` contra las tablas nuevas: periodos nuevos,
    revisados y retirados (FULL OUTER JOIN de DuckDB). None si la versión anterior no trae la tabla."""
    _nombres([tabla, periodo, valor])
    ruta = Path(anterior) / f"{tabla}.parquet"
    if not ruta.is_file() or tabla not in nuevas:
        return None
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        con.register("nueva", nuevas[tabla][[periodo, valor]])
        return con.execute(f"""
            WITH a AS (SELECT "{periodo}" AS periodo, sum("{valor}")::DOUBLE AS antes FROM read_parquet($ruta) GROUP BY 1),
                 d AS (SELECT "{periodo}" AS periodo, sum("{valor}")::DOUBLE AS despues FROM nueva GROUP BY 1)
            SELECT coalesce(a.periodo, d.periodo) AS periodo, antes, despues,
                   CASE WHEN antes IS NULL THEN 'nuevo' WHEN despues IS NULL THEN 'retirado' ELSE 'revisado' END AS cambio,
                   despues - antes AS diferencia
            FROM a FULL OUTER JOIN d ON a.periodo = d.periodo
            WHERE antes IS DISTINCT FROM despues
            ORDER BY abs(coalesce(despues, 0) - coalesce(antes, 0)) DESC, periodo
        """, {"ruta": str(ruta)}).df()
    finally:
        con.close()


def resumen_contra_publicada(anterior: Path | None, nuevas: dict[str, pd.DataFrame]) -> list[str]:
    """Líneas del resumen de revisiones por fuente («CBP: 3 meses revisados; el mayor, 2025-03: 118,410 → 118,902,
    +0.4 %»), contra la versión publicada `anterior` (None: no hay con qué comparar)."""
    if anterior is None or not Path(anterior).is_dir():
        return ["revisiones: no hay versión publicada anterior con qué comparar"]
    lineas = []
    for fuente, tabla, periodo, valor, unidad in RESUMEN:
        d = diferencias(anterior, nuevas, tabla, periodo, valor)
        if d is None:
            continue
        revisados = d[d["cambio"] == "revisado"]
        partes = []
        if not revisados.empty:
            mayor = revisados.iloc[0]
            pct = (mayor["despues"] - mayor["antes"]) / mayor["antes"] * 100 if mayor["antes"] else float("nan")
            partes.append(f"{_cuantos(len(revisados), unidad, 'revisado')}; el mayor, "
                          f"{_periodo(mayor['periodo'], {'trimestre': 'trimestral'}.get(unidad))}: "
                          f"{_num(mayor['antes'])} → {_num(mayor['despues'])}, {pct:+.1f} %")
        for cambio in ("nuevo", "retirado"):
            n = int((d["cambio"] == cambio).sum())
            if n:
                partes.append(_cuantos(n, unidad, cambio))
        lineas.append(f"{fuente}: " + ("; ".join(partes) if partes else "sin cambios respecto de la versión publicada"))
    return lineas
