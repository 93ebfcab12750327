"""Lectura estricta de CSV crudos: UTF-8, delimitador y columnas esperadas, filas completas.

Las filas se numeran como las ve quien abre el archivo en un editor: el encabezado es la fila 1.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

import pandas as pd

from .errores import ErrorDeEntrada

logger = logging.getLogger(__name__)


def leer_texto(ruta: Path) -> str:
    """Texto UTF-8 (con o sin BOM); cualquier otra codificación se rechaza con la posición del byte."""
    datos = Path(ruta).read_bytes()
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        fila = datos[: e.start].count(b"\n") + 1
        raise ErrorDeEntrada(
            ruta.name,
            f"no está en UTF-8 (byte 0x{datos[e.start]:02x} en la posición {e.start}); "
            "¿se guardó en Latin-1/Windows-1252? Vuelva a guardarlo como UTF-8",
            fila=fila,
        ) from None
    return texto


def leer_csv(ruta: Path, columnas: list[str] | None = None, columnas_opcionales: tuple[str, ...] = ()) -> pd.DataFrame:
    """CSV como tabla de texto (sin conversión de tipos), con la columna `_fila` (número de fila del archivo).

    Si se dan `columnas`, el encabezado debe tenerlas todas (y sólo ellas, más las opcionales).
    """
    ruta = Path(ruta)
    texto = leer_texto(ruta)
    if not texto.strip():
        raise ErrorDeEntrada(ruta.name, "el archivo está vacío")
    lector = csv.reader(io.StringIO(texto, newline=""), strict=True)
    try:
        filas = list(lector)
    except csv.Error as e:
        raise ErrorDeEntrada(ruta.name, f"CSV mal formado: {e}", fila=lector.line_num) from None
    encabezado = [c.strip() for c in filas[0]]
    if columnas is not None:
        faltan = [c for c in columnas if c not in encabezado]
        sobran = [c for c in encabezado if c not in columnas and c not in columnas_opcionales]
        if faltan or sobran:
            pista = ""
            if len(encabezado) == 1 and any(d in encabezado[0] for d in ";\t|"):
                pista = " (parece usar otro delimitador: se espera la coma)"
            raise ErrorDeEntrada(
                ruta.name,
                f"columnas inesperadas{pista}: se esperaban {columnas}, se encontraron {encabezado}",
                fila=1,
            )
    if len(set(encabezado)) != len(encabezado):
        raise ErrorDeEntrada(ruta.name, f"columnas repetidas en el encabezado: {encabezado}", fila=1)
    registros = []
    numeros = []
    for i, fila in enumerate(filas[1:], start=2):
        if not fila or (len(fila) == 1 and not fila[0].strip()):
            continue  # línea en blanco
        if len(fila) != len(encabezado):
            raise ErrorDeEntrada(
                ruta.name, f"la fila tiene {len(fila)} campos y el encabezado {len(encabezado)}", fila=i
            )
        registros.append(fila)
        numeros.append(i)
    if not registros:
        raise ErrorDeEntrada(ruta.name, "el archivo sólo tiene encabezado, no tiene filas de datos")
    tabla = pd.DataFrame(registros, columns=encabezado, dtype=object)
    tabla["_fila"] = numeros
    logger.info("leído %s: %d renglones", ruta.name, len(tabla))
    return tabla


def _primera_mala(tabla: pd.DataFrame, mascara: pd.Series) -> int:
    return int(tabla.loc[mascara, "_fila"].iloc[0])


def a_entero(tabla: pd.DataFrame, columna: str, archivo: str, *, no_negativo: bool = True, nulo: bool = False) -> pd.Series:
    """Conteo entero; acepta "12.0" (algunos compiladores escriben floats) pero no "12.5" ni texto."""
    texto, num = _numero(tabla, columna, archivo, nulo, "valor vacío donde se espera un número entero")
    fraccion = num.notna() & (num != num.round())
    if fraccion.any():
        raise ErrorDeEntrada(archivo, f"{texto[fraccion].iloc[0]!r} no es un entero", _primera_mala(tabla, fraccion), columna)
    if no_negativo and (num < 0).any():
        neg = num < 0
        raise ErrorDeEntrada(archivo, f"conteo negativo ({texto[neg].iloc[0]})", _primera_mala(tabla, neg), columna)
    return num.astype("Int64")


def a_decimal(tabla: pd.DataFrame, columna: str, archivo: str, *, nulo: bool = True) -> pd.Series:
    return _numero(tabla, columna, archivo, nulo, "valor vacío donde se espera un número")[1].astype("Float64")


def _numero(tabla: pd.DataFrame, columna: str, archivo: str, nulo: bool, si_vacio: str) -> tuple[pd.Series, pd.Series]:
    """(texto, número) de una columna; un vacío no permitido o un texto que no es número detienen el ETL."""
    texto = tabla[columna].astype(str).str.strip()
    vacio = texto.eq("")
    if not nulo and vacio.any():
        raise ErrorDeEntrada(archivo, si_vacio, _primera_mala(tabla, vacio), columna)
    num = pd.to_numeric(texto.where(~vacio), errors="coerce")
    malo = num.isna() & ~vacio
    if malo.any():
        raise ErrorDeEntrada(archivo, f"{texto[malo].iloc[0]!r} no es un número", _primera_mala(tabla, malo), columna)
    return texto, num


def a_fecha(tabla: pd.DataFrame, columna: str, archivo: str, formato: str = "%Y-%m-%d", *, nulo: bool = False) -> pd.Series:
    """Fecha con el formato exacto dado (fechas de calendario: `date`); vacío → None si `nulo`."""
    texto = tabla[columna].astype(str).str.strip()
    vacio = texto.eq("") if nulo else pd.Series(False, index=tabla.index)
    fechas = pd.to_datetime(texto.where(~vacio), format=formato, errors="coerce")
    malo = fechas.isna() & ~vacio
    if malo.any():
        raise ErrorDeEntrada(
            archivo, f"{texto[malo].iloc[0]!r} no es una fecha con formato {formato}", _primera_mala(tabla, malo), columna
        )
    return pd.Series([None if v else f.date() for v, f in zip(vacio, fechas)], index=tabla.index, dtype=object)


def a_mes(tabla: pd.DataFrame, columna: str, archivo: str, formato: str = "%Y-%m") -> pd.Series:
    """Mes `AAAA-MM` (o el formato dado) como fecha del primer día del mes."""
    return a_fecha(tabla, columna, archivo, formato).map(lambda f: f.replace(day=1))


def exigir_gemelos_en(tabla: pd.DataFrame, columnas, archivo: str) -> None:
    """Cada texto en español de `columnas` lleva su traducción en `<columna>_en` (y una traducción, su español):
    lo que se muestra en inglés sale de los datos, no de la página."""
    for columna in columnas:
        es = tabla[columna].astype(str).str.strip() != ""
        en = tabla[f"{columna}_en"].astype(str).str.strip() != ""
        if (es & ~en).any():
            raise ErrorDeEntrada(archivo, f"texto sin su traducción en {columna}_en (el inglés se muestra con ?idioma=en)",
                                 _primera_mala(tabla, es & ~en), f"{columna}_en")
        if (en & ~es).any():
            raise ErrorDeEntrada(archivo, f"{columna}_en trae texto y {columna} está vacío", _primera_mala(tabla, en & ~es),
                                 columna)


def sin_duplicados(tabla: pd.DataFrame, clave: list[str], archivo: str) -> None:
    dup = tabla.duplicated(clave, keep="first")
    if dup.any():
        fila = _primera_mala(tabla, dup)
        primera = tabla.loc[tabla.duplicated(clave, keep=False)]
        valores = tabla.loc[dup, clave].iloc[0].to_dict()
        previa = int(primera.merge(pd.DataFrame([valores]), on=clave)["_fila"].iloc[0])
        raise ErrorDeEntrada(
            archivo, f"clave duplicada {valores} (ya aparece en la fila {previa})", fila, ", ".join(clave)
        )


def en_catalogo(tabla: pd.DataFrame, columna: str, archivo: str, conocidos, que: str = "código") -> None:
    """Todo valor de `columna` debe estar en el catálogo (p. ej. nacionalidades ISO-3)."""
    texto = tabla[columna].astype(str).str.strip()
    malo = ~texto.isin(set(conocidos))
    if malo.any():
        raise ErrorDeEntrada(
            archivo, f"{que} {texto[malo].iloc[0]!r} no está en el catálogo", _primera_mala(tabla, malo), columna
        )


def traducir(tabla: pd.DataFrame, columna: str, archivo: str, mapa: dict[str, str]) -> pd.Series:
    """Etiquetas del archivo → etiquetas en español; una etiqueta no prevista es un error, no un hueco."""
    texto = tabla[columna].astype(str).str.strip()
    malo = ~texto.isin(set(mapa))
    if malo.any():
        raise ErrorDeEntrada(
            archivo, f"valor no previsto {texto[malo].iloc[0]!r} (se esperaba uno de {sorted(mapa)})",
            _primera_mala(tabla, malo), columna,
        )
    return texto.map(mapa)


def grafias_de_paises(crudos: Path, archivo: Path, columna_nombre: str, clave) -> dict[str, str]:
    """{`clave(nombre)` → ISO-3}: la columna `columna_nombre` de catalogos/paises.csv más las grafías propias de un
    publicador (`archivo`, relativo a `crudos`, columnas grafia, iso3, origen). Una grafía vacía, con un código que
    no existe o que ya significa otro país detiene la lectura con su fila."""
    paises = leer_csv(Path(crudos) / "catalogos" / "paises.csv", ["iso3", "nombre_es", "nombre_en", "tipo"])
    mapa = {clave(n): c.strip() for n, c in zip(paises[columna_nombre], paises["iso3"])}
    ruta = Path(crudos) / archivo
    crudo = leer_csv(ruta, ["grafia", "iso3", "origen"])
    en_catalogo(crudo, "iso3", ruta.name, set(mapa.values()), "código de país")
    for grafia, iso3, fila in zip(crudo["grafia"], crudo["iso3"], crudo["_fila"]):
        k = clave(grafia)
        if not k:
            raise ErrorDeEntrada(ruta.name, "grafía vacía", int(fila), "grafia")
        if mapa.get(k, iso3.strip()) != iso3.strip():
            raise ErrorDeEntrada(ruta.name, f"la grafía {grafia!r} ya significa {mapa[k]}", int(fila), "grafia")
        mapa[k] = iso3.strip()
    return mapa
