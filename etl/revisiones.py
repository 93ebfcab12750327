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

import logging
import re
from pathlib import Path

import duckdb
import pandas as pd

from .errores import ErrorDeEntrada

logger = logging.getLogger(__name__)

COLUMNAS = [
    "tabla", "nivel", "serie", "periodo", "instantanea", "hasta_instantanea", "cambio", "valor",
    "vigente_desde", "vigente_hasta", "primer_valor", "primera_fecha", "ultimo_valor", "ultima_fecha", "fuente_id",
]
COLUMNAS_INSTANTANEAS = ["tabla", "instantanea", "fuente_id", "fecha_acceso", "periodos", "primer_periodo", "ultimo_periodo"]
_NOMBRE = re.compile(r"^[a-z_][a-z0-9_]*$")


def _nombres(*listas) -> None:
    for lista in listas:
        for c in lista:
            if not _NOMBRE.match(c):
                raise ValueError(f"nombre de columna no permitido: {c!r}")


def _clave_texto(columnas: list[str]) -> str:
    """«region=… · componente=…» con las columnas no vacías: legible y sin ambigüedad (el nombre va delante)."""
    if not columnas:
        return "'Total'"
    partes = ", ".join(f"'{c}=' || CAST(\"{c}\" AS VARCHAR)" for c in columnas)
    return f"coalesce(nullif(concat_ws(' · ', {partes}), ''), 'Total')"


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
        con.execute("CREATE TEMP TABLE lect AS SELECT * FROM lecturas")
        return _historia(con, "lect", clave, periodo, valor, cobertura, tabla)
    finally:
        con.close()


def _historia(con: duckdb.DuckDBPyConnection, origen: str, clave: list[str], periodo: str, valor: str,
              cobertura: list[str], tabla: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`historia` sobre la tabla `origen` de la conexión (las lecturas ya en DuckDB: se recorren sin volver a
    convertir los textos de pandas). Deja la conexión sin sus tablas auxiliares."""
    _nombres([origen])
    # Las claves se comparan por su huella (hash de DuckDB, 64 bits): el texto de la serie se arma sólo una vez
    # por clave distinta, no por renglón leído; abajo se comprueba que ninguna huella junte dos claves.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE v AS
        SELECT archivo, fecha_acceso::DATE AS fecha_acceso, row_number() OVER (ORDER BY fecha_acceso, archivo) AS orden
        FROM (SELECT DISTINCT archivo, fecha_acceso FROM {origen});
        CREATE OR REPLACE TEMP TABLE l AS
        SELECT v.orden, {_huella(clave)} AS sid, {_huella(cobertura)} AS uid,
               CAST("{periodo}" AS DATE) AS periodo, CAST("{valor}" AS DOUBLE) AS valor
        FROM {origen} JOIN v USING (archivo);
        CREATE OR REPLACE TEMP TABLE claves AS
        SELECT {_huella(clave)} AS sid, {_clave_texto(clave)} AS serie FROM (SELECT DISTINCT {_lista(clave)} FROM {origen});
    """)
    if con.execute("SELECT count(*) <> count(DISTINCT sid) FROM claves").fetchone()[0]:
        raise ValueError("dos claves distintas con la misma huella: no se puede derivar la historia")
    repetido = con.execute("""
        SELECT v.archivo, c.serie, l.periodo FROM l JOIN v USING (orden) JOIN claves c USING (sid)
        WHERE (l.orden, l.sid, l.periodo) IN (SELECT (orden, sid, periodo) FROM l GROUP BY ALL HAVING count(*) > 1)
        ORDER BY ALL LIMIT 1""").fetchone()
    if repetido:
        raise ErrorDeEntrada(repetido[0], f"la serie {repetido[1]} trae dos valores para {repetido[2]:%Y-%m}")
    # Estado de cada (serie, periodo) en cada instantánea que cubre su unidad: su valor o, si no lo trae, retirado.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE cambios AS
        WITH llaves AS (SELECT DISTINCT sid, uid, periodo FROM l),
        cubre AS (SELECT DISTINCT orden, uid, periodo FROM l),
        estados AS (
            SELECT c.orden, k.sid, k.periodo, x.valor, x.orden IS NOT NULL AS presente
            FROM llaves k JOIN cubre c USING (uid, periodo)
            LEFT JOIN l x ON x.orden = c.orden AND x.sid = k.sid AND x.periodo = k.periodo
        ),
        marcados AS (
            SELECT *, lag(presente) OVER w AS presente_antes, lag(valor) OVER w AS valor_antes
            FROM estados WINDOW w AS (PARTITION BY sid, periodo ORDER BY orden)
        ),
        guardados AS (
            SELECT orden, sid, periodo, presente, CASE WHEN presente THEN valor END AS valor
            FROM marcados
            WHERE (presente AND (presente_antes IS NULL OR NOT presente_antes OR valor IS DISTINCT FROM valor_antes))
               OR (NOT presente AND presente_antes)
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
    con.execute("DROP TABLE v; DROP TABLE l; DROP TABLE claves; DROP TABLE cambios")
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


def _unir(con: duckdb.DuckDBPyConnection, nombre: str, leidos: list[tuple[str, str, pd.DataFrame]],
          columnas: list[str], extra: str = "") -> int:
    """Las lecturas de todas las instantáneas en una sola tabla de DuckDB `nombre`, con `archivo` y `fecha_acceso`
    (parámetros): se recorre cada tabla de pandas una sola vez, sin concatenarlas antes en pandas. Devuelve los
    renglones."""
    _nombres([nombre], columnas)
    lista = ", ".join(f'"{c}"' for c in columnas)
    selects, params = [], {}
    for i, (fecha, archivo, t) in enumerate(leidos):
        con.register(f"_lectura_{i}", t)
        params[f"a{i}"], params[f"f{i}"] = str(archivo), str(fecha)
        selects.append(f"SELECT {lista}{extra}, $a{i}::VARCHAR AS archivo, CAST($f{i} AS DATE) AS fecha_acceso "
                       f"FROM _lectura_{i}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {nombre} AS " + " UNION ALL ".join(selects), params)
    for i in range(len(leidos)):
        con.unregister(f"_lectura_{i}")
    return con.execute(f"SELECT count(*) FROM {nombre}").fetchone()[0]


def _juntar(revs: list[pd.DataFrame], insts: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    revisiones = pd.concat(revs, ignore_index=True) if revs else pd.DataFrame(columns=COLUMNAS)
    instantaneas = pd.concat(insts, ignore_index=True) if insts else pd.DataFrame(columns=COLUMNAS_INSTANTANEAS)
    return _fechas(revisiones[COLUMNAS].copy()), _fechas(instantaneas[COLUMNAS_INSTANTANEAS].copy())


def cbp(leidos: list[tuple[str, str, pd.DataFrame]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Revisiones e instantáneas de las dos tablas de la CBP a partir de las lecturas de `etl.cbp.lecturas`
    ((fecha_acceso, archivo, tabla de leer_cbp) por descarga). Todo en una conexión de DuckDB: las lecturas se
    unen una vez y cada nivel (por componente, por estado; detalle y total por región) sale de esa tabla."""
    if not leidos:
        return _juntar([], [])
    columnas = sorted({c for clave in CLAVE_CBP.values() for c in clave} | {"componente", "estado", "mes", "n"})
    revs, insts = [], []
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        _unir(con, "cbp_todo", leidos, columnas)
        # Cada diseño trae exactamente uno de los dos (cbp.nivel): un renglón con ambos o ninguno no es de leer_cbp.
        if con.execute("SELECT count(*) FROM cbp_todo WHERE (componente IS NULL) = (estado IS NULL)").fetchone()[0]:
            raise ValueError("renglón con componente y estado a la vez (o sin ninguno): no es una tabla de leer_cbp")
        for tabla, condicion in (("cbp_encuentros", "componente IS NOT NULL"), ("cbp_encuentros_estado", "estado IS NOT NULL")):
            con.execute(f"CREATE OR REPLACE TEMP VIEW cbp_parte AS SELECT * FROM cbp_todo WHERE {condicion}")
            if not con.execute("SELECT count(*) FROM cbp_parte").fetchone()[0]:
                continue
            detalle, inst = _historia(con, "cbp_parte", CLAVE_CBP[tabla], "mes", "n", ["region"], tabla)
            con.execute("CREATE OR REPLACE TEMP TABLE cbp_total AS "
                        "SELECT archivo, fecha_acceso, region, mes, sum(n) AS n FROM cbp_parte GROUP BY ALL")
            total, _ = _historia(con, "cbp_total", ["region"], "mes", "n", ["region"], tabla)
            revs += [total.assign(nivel="total"), detalle.assign(nivel="detalle")]
            insts.append(inst)
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
    (por tabla, [(fecha de consulta, identificador del libro, tabla convertida)])."""
    revs, insts = [], []
    con = duckdb.connect(":memory:", config={"threads": 2})
    try:
        for tabla, clave in CLAVE_BOLETIN.items():
            partes = [(f, a, t) for f, a, t in leidos.get(tabla, []) if not t.empty]
            if not partes:
                continue
            _unir(con, "boletin_todo", partes, clave + ["mes", "n"])
            detalle, inst = _historia(con, "boletin_todo", clave, "mes", "n", [], tabla)
            con.execute("CREATE OR REPLACE TEMP TABLE boletin_total AS "
                        "SELECT archivo, fecha_acceso, mes, sum(n) AS n FROM boletin_todo GROUP BY ALL")
            total, _ = _historia(con, "boletin_total", [], "mes", "n", [], tabla)
            revs += [total.assign(nivel="total"), detalle.assign(nivel="detalle")]
            insts.append(inst)
    finally:
        con.close()
    return _juntar(revs, insts)


def todas(cbp_leidos: list[tuple[str, str, pd.DataFrame]],
          boletin_leidos: dict[str, list[tuple[str, str, pd.DataFrame]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Las tablas `revisiones` e `instantaneas` de todas las fuentes con instantáneas (la CBP y el Boletín)."""
    partes = [cbp(cbp_leidos), boletin(boletin_leidos)]
    revs = [r for r, _ in partes if not r.empty]
    insts = [i for _, i in partes if not i.empty]
    return _juntar(revs, insts)


# Qué fuente alimenta cada tabla con instantáneas (para el resumen por fuente al construir).
FUENTE_TABLA = {"cbp_encuentros": "CBP", "cbp_encuentros_estado": "CBP", "eventos_nacionalidad": "Boletín UPMRIP",
                "eventos_sexo_edad": "Boletín UPMRIP", "devoluciones": "Boletín UPMRIP"}


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
        texto = (f"{fuente} ({tabla}): la descarga más reciente ({', '.join(archivos)}, consultada el {fecha}) revisó "
                 f"el total de {len(cambios)} {'mes' if len(cambios) == 1 else 'meses'}")
        if not cambios.empty:
            m = cambios.iloc[0]
            pct = (m["valor"] - m["valor_antes"]) / m["valor_antes"] * 100 if m["valor_antes"] else float("nan")
            texto += (f"; el mayor, {_periodo(m['periodo'])} ({m['serie']}): {_num(m['valor_antes'])} → {_num(m['valor'])}, "
                      f"{pct:+.1f} %")
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
)
_PLURAL = {"mes": "meses", "periodo": "periodos", "año": "años", "trimestre": "trimestres"}


def _cuantos(n: int, unidad: str, adjetivo: str) -> str:
    """«1 mes revisado», «3 meses revisados»."""
    return f"{n} {unidad} {adjetivo}" if n == 1 else f"{n} {_PLURAL[unidad]} {adjetivo}s"


def _num(valor: float) -> str:
    """es-MX: miles con coma y decimales con punto (lo mismo que el formato de Python)."""
    return f"{valor:,.0f}" if float(valor).is_integer() else f"{valor:,.1f}"


def _periodo(valor) -> str:
    if isinstance(valor, (int, float)) and not isinstance(valor, bool):
        return str(int(valor))
    return pd.Timestamp(valor).strftime("%Y-%m")


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
            partes.append(f"{_cuantos(len(revisados), unidad, 'revisado')}; el mayor, {_periodo(mayor['periodo'])}: "
                          f"{_num(mayor['antes'])} → {_num(mayor['despues'])}, {pct:+.1f} %")
        for cambio in ("nuevo", "retirado"):
            n = int((d["cambio"] == cambio).sum())
            if n:
                partes.append(_cuantos(n, unidad, cambio))
        lineas.append(f"{fuente}: " + ("; ".join(partes) if partes else "sin cambios respecto de la versión publicada"))
    return lineas
