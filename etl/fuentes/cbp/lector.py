"""Encuentros de la CBP (EE. UU.): cualquier CSV publicado o compilado, a una sola tabla normalizada.

La CBP cambia el formato de sus descargas (con o sin «Month Grouping», por área de
responsabilidad o por estado, «Citizenship» o «Citizenship Grouping») y además revisa
meses pasados en cada publicación. Por eso el formato se reconoce por el encabezado
contra una tabla de diseños, y `combinar_cbp` deja que el archivo más reciente
reemplace los meses que repite, cada uno a su nivel de detalle: los diseños por componente
van a `cbp_encuentros` y los diseños por estado a `cbp_encuentros_estado`.

Las categorías se guardan como las escribe la CBP (en inglés); la traducción vive en
`cbp_categorias.csv` y se aplica al mostrar. Aquí sólo se exige que exista.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from etl import cache_lecturas
from etl.errores import ErrorDeEntrada
from etl.lectura import _primera_mala, a_entero, a_mes, leer_csv, sin_duplicados
from etl.procedencia import leer_ficha

ETL = Path(__file__).resolve().parents[2]
CATALOGOS = ETL.parent / "datos" / "crudos" / "catalogos"
# El código que decide una lectura: si cambia, el caché de lecturas (etl/cache_lecturas.py) vuelve a leer.
MODULOS_LECTOR = [Path(__file__).resolve()] + [ETL / n for n in ("lectura.py", "numeros.py", "errores.py")]

COLUMNAS_SALIDA = [
    "mes", "anio_fiscal", "region", "componente", "area", "estado", "demografia", "autoridad",
    "tipo_encuentro", "ciudadania", "iso3", "grupo_ciudadania", "n", "archivo",
]
# Columnas de cada tabla publicada: el detalle por estado no trae componente, área ni tipo de encuentro.
COLUMNAS_TABLA = {
    "cbp_encuentros": COLUMNAS_SALIDA,
    "cbp_encuentros_estado": [c for c in COLUMNAS_SALIDA if c not in ("componente", "area", "tipo_encuentro")],
}
CLAVE = ["mes", "region", "componente", "area", "estado", "demografia", "autoridad", "tipo_encuentro", "ciudadania"]
CAMPOS_CATEGORIA = ["region", "componente", "demografia", "autoridad", "tipo_encuentro"]

# El compilador (gdidata) ya convirtió la ciudadanía a ISO-3; «OOO» es el «OTHER» de la CBP.
GRUPOS_COMPILADOR = {"OOO": "otros"}

MESES = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}

REGION_SUROESTE = "Southwest Land Border"


# --- Tabla de diseños -------------------------------------------------------------------
# Cada diseño: columnas del archivo -> campo normalizado, valores fijos que el archivo no
# trae, campos que pueden venir vacíos y cómo se escribe la fecha. Las columnas que se
# leen pero no se guardan llevan un campo que empieza con "_".

_CBP_AOR = {
    "Fiscal Year": "anio_fiscal", "Month (abbv)": "mes", "Component": "componente",
    "Land Border Region": "region", "Area of Responsibility": "area", "AOR (Abbv)": "_aor",
    "Demographic": "demografia", "Citizenship": "ciudadania", "Title of Authority": "autoridad",
    "Encounter Type": "tipo_encuentro", "Encounter Count": "n",
}
_CBP_AOR_GRUPO = {("Citizenship Grouping" if c == "Citizenship" else c): f for c, f in _CBP_AOR.items()}
_CBP_ESTADO = {
    "Fiscal Year": "anio_fiscal", "Month (abbv)": "mes", "Land Border Region": "region", "State": "estado",
    "Demographic": "demografia", "Citizenship": "ciudadania", "Title of Authority": "autoridad",
    "Encounter Count": "n",
}
_CBP_SUROESTE = {
    "Fiscal Year": "anio_fiscal", "Month (abbv)": "mes", "Component": "componente",
    "Demographic": "demografia", "Citizenship Grouping": "ciudadania", "Title of Authority": "autoridad",
    "Encounter Type": "tipo_encuentro", "Encounter Count": "n",
}
_AGRUPACION = {"Month Grouping": "_agrupacion_meses"}


def _con_agrupacion(columnas: dict) -> dict:
    """Las descargas desde 2023 agregan «Month Grouping» (FYTD/Remaining) tras «Fiscal Year»."""
    primera, *resto = columnas.items()
    return dict([primera, *_AGRUPACION.items(), *resto])


DISENOS = [
    {"nombre": "compilador (gdidata)", "fecha": "compilador", "vacios": {"area", "ciudadania"},
     "fijos": {"region": REGION_SUROESTE},
     "columnas": {"t": "mes", "t_fy": "anio_fiscal", "component": "componente", "area": "area",
                  "authority": "autoridad", "type": "tipo_encuentro", "demog": "demografia",
                  "nat": "ciudadania", "n": "n"}},
    {"nombre": "CBP por área", "fecha": "cbp", "vacios": set(), "fijos": {}, "columnas": _CBP_AOR},
    {"nombre": "CBP por área con Month Grouping", "fecha": "cbp", "vacios": set(), "fijos": {},
     "columnas": _con_agrupacion(_CBP_AOR)},
    {"nombre": "CBP por área, agrupación de ciudadanía", "fecha": "cbp", "vacios": set(), "fijos": {},
     "columnas": _CBP_AOR_GRUPO},
    {"nombre": "CBP por área, agrupación de ciudadanía, con Month Grouping", "fecha": "cbp", "vacios": set(),
     "fijos": {}, "columnas": _con_agrupacion(_CBP_AOR_GRUPO)},
    {"nombre": "CBP por estado", "fecha": "cbp", "vacios": set(), "fijos": {}, "columnas": _CBP_ESTADO},
    {"nombre": "CBP por estado con Month Grouping", "fecha": "cbp", "vacios": set(), "fijos": {},
     "columnas": _con_agrupacion(_CBP_ESTADO)},
    {"nombre": "CBP frontera suroeste (sbo)", "fecha": "cbp", "vacios": set(),
     "fijos": {"region": REGION_SUROESTE}, "columnas": _CBP_SUROESTE},
    {"nombre": "CBP frontera suroeste (sbo) con Month Grouping", "fecha": "cbp", "vacios": set(),
     "fijos": {"region": REGION_SUROESTE}, "columnas": _con_agrupacion(_CBP_SUROESTE)},
]


def _normal(nombre: str) -> str:
    """Compara encabezados sin importar espacios sobrantes ni mayúsculas ("AOR (abbv)")."""
    return " ".join(nombre.split()).casefold()


def _reconocer(tabla: pd.DataFrame, archivo: str) -> tuple[dict, pd.DataFrame]:
    encabezado = [c for c in tabla.columns if c != "_fila"]
    encontrado = {_normal(c): c for c in encabezado}
    for diseno in DISENOS:
        esperado = {_normal(c): c for c in diseno["columnas"]}
        if set(esperado) == set(encontrado) and len(encontrado) == len(encabezado):
            # Nombres canónicos del diseño, para que los errores citen la columna como la publica la CBP.
            return diseno, tabla.rename(columns={encontrado[k]: v for k, v in esperado.items()})
    lista = "; ".join(f"{d['nombre']}: {list(d['columnas'])}" for d in DISENOS)
    raise ErrorDeEntrada(archivo, f"columnas no reconocidas: se esperaba uno de [{lista}] y se encontró {encabezado}", fila=1)


# --- Conversión de columnas ------------------------------------------------------------

def _texto(tabla: pd.DataFrame, columna: str, archivo: str, vacio_permitido: bool) -> pd.Series:
    valores = tabla[columna].astype(str).str.strip()
    vacio = valores.eq("")
    if vacio.any() and not vacio_permitido:
        raise ErrorDeEntrada(archivo, "valor vacío", _primera_mala(tabla, vacio), columna)
    return valores.where(~vacio)


def _anio_fiscal(tabla: pd.DataFrame, columna: str, archivo: str) -> pd.Series:
    """«2025», «2025 (FYTD)», «FY25» o «FY2025» -> 2025."""
    texto = tabla[columna].astype(str).str.strip()
    partes = texto.str.extract(r"^(?:FY\s*)?(\d{4}|\d{2})(?:\s*\(FYTD\))?$", flags=re.IGNORECASE)[0]
    malo = partes.isna()
    if malo.any():
        raise ErrorDeEntrada(archivo, f"{texto[malo].iloc[0]!r} no es un año fiscal", _primera_mala(tabla, malo), columna)
    anio = partes.astype(int)
    return anio.where(anio >= 100, anio + 2000)


def _fechas_cbp(tabla: pd.DataFrame, cols: dict, archivo: str) -> tuple[pd.Series, pd.Series]:
    """Año fiscal + mes abreviado -> primer día del mes calendario (OCT–DIC son del año anterior)."""
    anio_fiscal = _anio_fiscal(tabla, cols["anio_fiscal"], archivo)
    texto = tabla[cols["mes"]].astype(str).str.strip()
    mes = texto.str.upper().map(MESES)
    malo = mes.isna()
    if malo.any():
        raise ErrorDeEntrada(archivo, f"{texto[malo].iloc[0]!r} no es un mes (JAN…DEC)", _primera_mala(tabla, malo), cols["mes"])
    mes = mes.astype(int)
    anio = anio_fiscal - (mes >= 10).astype(int)
    fechas = pd.to_datetime(pd.DataFrame({"year": anio, "month": mes, "day": 1}))
    return fechas, anio_fiscal


def _fechas_compilador(tabla: pd.DataFrame, cols: dict, archivo: str) -> tuple[pd.Series, pd.Series]:
    """`t` es el mes calendario; `t_fy` es el mismo mes con el año fiscal (oct-2017 -> 2018-10)."""
    fechas = pd.to_datetime(a_mes(tabla, cols["mes"], archivo))
    fiscal = pd.to_datetime(a_mes(tabla, cols["anio_fiscal"], archivo))
    esperado = fechas.dt.year + (fechas.dt.month >= 10).astype(int)
    malo = (fiscal.dt.year != esperado) | (fiscal.dt.month != fechas.dt.month)
    if malo.any():
        raise ErrorDeEntrada(
            archivo, "el año fiscal no corresponde al mes (el año fiscal de EE. UU. empieza en octubre)",
            _primera_mala(tabla, malo), cols["anio_fiscal"],
        )
    return fechas, fiscal.dt.year.astype(int)


LECTORES_FECHA = {"cbp": _fechas_cbp, "compilador": _fechas_compilador}


def _conteo(tabla: pd.DataFrame, columna: str, archivo: str) -> pd.Series:
    """Conteos con coma de miles («1,234») como los escribe la CBP; otra cosa la rechaza `a_entero`."""
    texto = tabla[columna].astype(str).str.strip()
    miles = texto.str.fullmatch(r"\d{1,3}(,\d{3})+")
    limpia = tabla.assign(**{columna: texto.where(~miles, texto.str.replace(",", "", regex=False))})
    return a_entero(limpia, columna, archivo).astype("int64")


def _ciudadania(tabla, valores, columna, archivo, diseno, catalogo, paises) -> tuple[pd.Series, pd.Series]:
    """Etiqueta de la CBP (o ISO-3 del compilador) -> (iso3, grupo). Lo desconocido es error."""
    if diseno["fecha"] == "compilador":
        conocido = valores.isna() | valores.isin(paises)
        grupo = valores.map(GRUPOS_COMPILADOR)
        iso3 = valores.where(grupo.isna())
    else:
        mapa = catalogo.set_index("ciudadania")
        conocido = valores.isin(mapa.index)
        iso3 = valores.map(mapa["iso3"])
        grupo = valores.map(mapa["grupo"])
    if not conocido.all():
        malo = ~conocido
        raise ErrorDeEntrada(
            archivo, f"ciudadanía desconocida {valores[malo].iloc[0]!r}: agréguela a cbp_ciudadania.csv o paises.csv",
            _primera_mala(tabla, malo), columna,
        )
    return iso3, grupo


def _validar_catalogo(catalogo: pd.DataFrame, paises: set[str]) -> pd.DataFrame:
    """Cada etiqueta nombra exactamente un país del catálogo o un grupo, no ambos."""
    cat = catalogo.copy()
    for c in ["ciudadania", "iso3", "grupo"]:
        texto = cat[c].fillna("").astype(str).str.strip()
        cat[c] = texto.where(texto != "")
    fila = cat["_fila"] if "_fila" in cat else pd.Series(range(2, len(cat) + 2), index=cat.index)
    for i in cat.index:
        iso3, grupo = cat.at[i, "iso3"], cat.at[i, "grupo"]
        if pd.isna(iso3) == pd.isna(grupo):
            raise ErrorDeEntrada("cbp_ciudadania.csv", "cada fila necesita iso3 o grupo (uno de los dos)", int(fila[i]), "iso3")
        if not pd.isna(iso3) and iso3 not in paises:
            raise ErrorDeEntrada("cbp_ciudadania.csv", f"{iso3!r} no está en paises.csv", int(fila[i]), "iso3")
    sin_duplicados(cat.assign(_fila=fila), ["ciudadania"], "cbp_ciudadania.csv")
    return cat


# --- Funciones públicas ----------------------------------------------------------------

def cargar_catalogos(carpeta: Path = CATALOGOS) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """Los tres catálogos que pide `leer_cbp`, leídos con el mismo rigor que los datos."""
    ciudadania = leer_csv(carpeta / "cbp_ciudadania.csv", ["ciudadania", "iso3", "grupo"])
    categorias = leer_csv(carpeta / "cbp_categorias.csv", ["campo", "valor", "valor_es"])
    sin_duplicados(categorias, ["campo", "valor"], "cbp_categorias.csv")
    paises = set(leer_csv(carpeta / "paises.csv", ["iso3", "nombre_es", "nombre_en", "tipo"])["iso3"])
    return ciudadania, categorias, paises


def leer_cbp(ruta: Path, catalogo_ciudadania: pd.DataFrame, categorias: pd.DataFrame, paises: set[str]) -> pd.DataFrame:
    """Un CSV de encuentros de la CBP (cualquier diseño conocido) como tabla normalizada.

    Una fila por mes calendario, región, componente, área o estado, demografía, autoridad,
    tipo de encuentro y ciudadanía. Lo que el archivo no trae (p. ej. el área en el diseño
    por estado) queda nulo, nunca inventado.
    """
    ruta = Path(ruta)
    archivo = ruta.name
    diseno, tabla = _reconocer(leer_csv(ruta), archivo)
    cols = {campo: col for col, campo in diseno["columnas"].items()}
    catalogo = _validar_catalogo(catalogo_ciudadania, paises)

    salida = pd.DataFrame(index=tabla.index)
    salida["mes"], salida["anio_fiscal"] = LECTORES_FECHA[diseno["fecha"]](tabla, cols, archivo)
    for campo in ["region", "componente", "area", "estado", "demografia", "autoridad", "tipo_encuentro", "ciudadania"]:
        if campo in cols:
            salida[campo] = _texto(tabla, cols[campo], archivo, campo in diseno["vacios"])
        else:
            salida[campo] = diseno["fijos"].get(campo)

    traducciones = categorias.assign(valor=categorias["valor"].astype(str).str.strip())
    for campo in CAMPOS_CATEGORIA:
        conocidos = set(traducciones.loc[traducciones["campo"].astype(str).str.strip() == campo, "valor"])
        malo = salida[campo].notna() & ~salida[campo].isin(conocidos)
        if malo.any():
            raise ErrorDeEntrada(
                archivo, f"valor {salida.loc[malo, campo].iloc[0]!r} sin traducción en cbp_categorias.csv (campo {campo})",
                _primera_mala(tabla, malo), cols.get(campo, campo),
            )

    salida["iso3"], salida["grupo_ciudadania"] = _ciudadania(
        tabla, salida["ciudadania"], cols["ciudadania"], archivo, diseno, catalogo, paises)
    salida["n"] = _conteo(tabla, cols["n"], archivo)
    salida["archivo"] = archivo

    clave = salida[CLAVE].assign(mes=salida["mes"].dt.strftime("%Y-%m")).fillna("")
    sin_duplicados(clave.assign(_fila=tabla["_fila"]), CLAVE, archivo)
    return _tipos(salida)


def _tipos(tabla: pd.DataFrame) -> pd.DataFrame:
    """Tipos fijos para que DuckDB/Parquet vean siempre el mismo esquema, venga del diseño que venga."""
    salida = tabla[COLUMNAS_SALIDA].copy()
    salida["mes"] = pd.to_datetime(salida["mes"]).astype("datetime64[ms]")
    salida["anio_fiscal"] = salida["anio_fiscal"].astype("int64")
    salida["n"] = salida["n"].astype("int64")
    for c in COLUMNAS_SALIDA:
        if c not in ("mes", "anio_fiscal", "n"):
            salida[c] = salida[c].astype("string")
    return salida.reset_index(drop=True)


def nivel(tabla: pd.DataFrame) -> pd.Series:
    """Nivel de detalle de cada renglón: «componente» (diseños con Component) o «estado» (diseños con State).

    Cada diseño trae exactamente uno de los dos; un renglón con ambos o con ninguno no es de `leer_cbp`.
    """
    con_componente, con_estado = tabla["componente"].notna(), tabla["estado"].notna()
    if (con_componente == con_estado).any():
        raise ValueError("renglón con componente y estado a la vez (o sin ninguno): no es una tabla de leer_cbp")
    return pd.Series(con_estado.map({True: "estado", False: "componente"}), index=tabla.index)


def combinar_cbp(tablas: list[tuple[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Une varias lecturas en las dos tablas publicadas, cada una a su nivel de detalle.

    `cbp_encuentros` reúne los diseños por componente (compilado, por área, frontera suroeste);
    `cbp_encuentros_estado`, los diseños por estado. Son dos cortes de los mismos encuentros: juntos
    se contarían dos veces, por eso nunca comparten tabla.

    Dentro de cada nivel, para cada (mes, región) manda el ÚLTIMO archivo de la lista que la trae:
    la CBP revisa meses pasados en cada publicación, así que la descarga nueva reemplaza completo
    ese mes de esa región en ese nivel (no renglón por renglón: un componente o estado que falta en
    la revisión no se rellena con la versión vieja). Un archivo por estado nunca toca los renglones
    por componente, y al revés. Así cada (nivel, mes, región) publicado viene de un solo archivo,
    el que ganó, y la columna `archivo` lo nombra.

    Quien llama ordena la lista de la más antigua a la más reciente; el nombre de cada tabla sólo
    sirve para decir cuál está mal formada.
    """
    for nombre, tabla in tablas:
        if list(tabla.columns) != COLUMNAS_SALIDA:
            raise ValueError(f"{nombre}: no es una tabla de leer_cbp (columnas {list(tabla.columns)})")
    vacia = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNAS_SALIDA})
    # Primero qué archivo gana cada (nivel, mes, región), sobre las unidades distintas de cada uno (pocas); después
    # sólo los renglones ganadores se concatenan (con 24 descargas, concatenarlas todas costaba más que elegir).
    unidad = ["_nivel", "mes", "region"]
    claves = [pd.DataFrame({"_nivel": nivel(t), "mes": t["mes"], "region": t["region"]}) for _, t in tablas]
    ganador = (pd.concat([u.drop_duplicates().assign(_orden=i) for i, u in enumerate(claves)], ignore_index=True)
               .groupby(unidad, dropna=False)["_orden"].max().reset_index()) if tablas else None
    partes = []
    for i, (_, t) in enumerate(tablas):
        mias = ganador.loc[ganador["_orden"] == i, unidad]
        if mias.empty:
            continue
        gana = claves[i].merge(mias.assign(_gana=True), on=unidad, how="left")["_gana"].notna().to_numpy()
        partes.append(t[gana].assign(_nivel=claves[i]["_nivel"].to_numpy()[gana]))
    vigente = pd.concat(partes, ignore_index=True) if partes else vacia.assign(_nivel=pd.Series(dtype=object))
    salida = {}
    for nombre_tabla, valor in (("cbp_encuentros", "componente"), ("cbp_encuentros_estado", "estado")):
        parte = vigente[vigente["_nivel"] == valor].drop(columns=["_nivel"])
        parte = _tipos(parte.sort_values(CLAVE + ["archivo"], na_position="last", kind="mergesort"))
        salida[nombre_tabla] = parte[COLUMNAS_TABLA[nombre_tabla]].reset_index(drop=True)
    return salida


def _fecha_consulta(ficha: dict) -> str:
    return str(ficha["fecha_acceso"]).strip()


def lecturas(tablas_dir: Path, catalogos_dir: Path, paises: set[str]) -> tuple[list[tuple[str, str, pd.DataFrame]], list[dict]]:
    """Cada `cbp_*.csv` leído con su ficha: [(fecha de consulta, archivo, tabla de leer_cbp)] de la más antigua a la
    más reciente (a igual fecha, por nombre), y las fichas de catálogos y archivos. Cada lectura es una instantánea
    de la CBP (etl/revisiones.py)."""
    tablas_dir, catalogos_dir = Path(tablas_dir), Path(catalogos_dir)
    fichas = [leer_ficha(catalogos_dir / n) for n in ("cbp_ciudadania.csv", "cbp_categorias.csv")]
    ciudadania, categorias, _ = cargar_catalogos(catalogos_dir)
    leidos = []
    for ruta in sorted(tablas_dir.glob("cbp_*.csv")):
        ficha = leer_ficha(ruta)
        fichas.append(ficha)
        tabla = cache_lecturas.leer(  # cada descarga es inmutable (sha256 en su ficha): se valida una sola vez
            ficha["sha256"], ruta.name,  # con el nombre: la lectura lo trae en `archivo` (dos copias, dos lecturas)
            [catalogos_dir / n for n in ("cbp_ciudadania.csv", "cbp_categorias.csv", "paises.csv")],
            MODULOS_LECTOR, lambda ruta=ruta: leer_cbp(ruta, ciudadania, categorias, paises), _tipos)
        leidos.append((_fecha_consulta(ficha), ruta.name, tabla))
    leidos.sort(key=lambda t: (t[0], t[1]))  # el más reciente al final: sus meses sustituyen a los anteriores
    _sin_empates(leidos)
    return leidos, fichas


def encuentros(tablas_dir: Path, catalogos_dir: Path, paises: set[str]) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Lo que hace el ETL con la CBP: catálogos, cada `cbp_*.csv` con su ficha, y las tablas combinadas.

    Los archivos se ordenan por la fecha de consulta de su ficha (el más reciente manda). Dos archivos
    con la misma fecha de consulta que traen el mismo (nivel, mes, región) son ambiguos —¿cuál es la
    revisión?— y detienen el ETL. Devuelve las tablas `cbp_encuentros` y `cbp_encuentros_estado` y las
    fichas de catálogos y archivos.
    """
    leidos, fichas = lecturas(tablas_dir, catalogos_dir, paises)
    return combinar_cbp([(nombre, tabla) for _, nombre, tabla in leidos]), fichas


def _sin_empates(leidos: list[tuple[str, str, pd.DataFrame]]) -> None:
    """Dos archivos con la misma fecha de consulta no pueden traer el mismo (nivel, mes, región)."""
    repetidas = {f for f, n in Counter(f for f, _, _ in leidos).items() if n > 1}
    vistos: dict[tuple[str, str, tuple], str] = {}
    for fecha, nombre, tabla in leidos:
        if fecha not in repetidas:  # una fecha que sólo trae un archivo no puede empatar (y recorrer 24 lecturas cuesta)
            continue
        u = pd.DataFrame({"nivel": nivel(tabla), "mes": tabla["mes"], "region": tabla["region"]}).drop_duplicates()
        unidades = set(zip(u["nivel"], u["mes"].dt.strftime("%Y-%m"), u["region"]))
        for unidad in sorted(unidades):
            otro = vistos.get((fecha, unidad))
            if otro is not None and otro != nombre:
                raise ErrorDeEntrada(
                    f"{nombre}.meta.json",
                    f"{otro} y {nombre} tienen la misma fecha de consulta ({fecha}) y los dos traen {unidad[1]}, "
                    f"{unidad[2]}, nivel {unidad[0]}: no se sabe cuál es la revisión vigente. Ponga en la ficha "
                    "del más reciente su fecha de consulta real",
                    columna="fecha_acceso",
                )
            vistos[(fecha, unidad)] = nombre
