"""Cuadros del Boletín Mensual de Estadísticas Migratorias de la UPMRIP: eventos y devoluciones."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl.errores import ErrorDeEntrada
from etl.esquemas import GRUPOS_EDAD, SEXOS, TIPOS_DEVOLUCION
from etl.fuentes import upmrip_boletin
from etl.lectura import a_entero, a_mes, en_catalogo, leer_csv, sin_duplicados, traducir

SEXO = dict(zip(("male", "female"), SEXOS))
EDAD = dict(zip(("18+", "12-17", "under 12, accompanied", "under 12, unaccompanied"), GRUPOS_EDAD))
DEVOLUCION = dict(zip(("deportation", "assisted return", "assisted return of children"), TIPOS_DEVOLUCION))


def duplicados_declarados(ficha: dict) -> dict[tuple[str, str], int]:
    """{(mes AAAA-MM, iso3): renglones} que la ficha declara como suma legítima; {} si no declara ninguno.

    La ficha nombra cada par y cuántos renglones lo forman (`duplicados.pares`), no sólo cuántos
    pares hay: así un renglón copiado a mano no se compensa con un par corregido en otro lado.
    """
    politica = ficha.get("duplicados")
    if not politica:
        return {}
    nombre = f"{ficha.get('archivo', '?')}.meta.json"
    if politica.get("politica") != "sumar" or list(politica.get("clave") or []) != ["mes", "iso3"]:
        raise ErrorDeEntrada(nombre, "duplicados: se espera politica = \"sumar\" y clave = [\"mes\", \"iso3\"]",
                             columna="duplicados")
    pares = politica.get("pares")
    if not isinstance(pares, list) or not pares:
        raise ErrorDeEntrada(nombre, "duplicados.pares debe listar cada par (mes, iso3) que se suma", columna="duplicados.pares")
    declarados: dict[tuple[str, str], int] = {}
    for i, par in enumerate(pares):
        donde = f"duplicados.pares[{i}]"
        mes, iso3, renglones = (par.get(k) if isinstance(par, dict) else None for k in ("mes", "iso3", "renglones"))
        if not (isinstance(mes, str) and re.fullmatch(r"\d{4}-\d{2}", mes) and isinstance(iso3, str) and iso3.strip()
                and isinstance(renglones, int) and not isinstance(renglones, bool) and renglones >= 2):
            raise ErrorDeEntrada(nombre, f"par mal declarado {par!r}: se espera {{\"mes\": \"AAAA-MM\", \"iso3\": \"XXX\", "
                                 "\"renglones\": 2 o más}", columna=donde)
        if (mes, iso3) in declarados:
            raise ErrorDeEntrada(nombre, f"el par ({mes}, {iso3}) está declarado dos veces", columna=donde)
        declarados[(mes, iso3)] = renglones
    return declarados


def _exigir_duplicados_declarados(crudo: pd.DataFrame, declarados: dict[tuple[str, str], int], archivo: str) -> None:
    """Cada clave repetida debe estar declarada con su número exacto de renglones, y cada declarada debe repetirse."""
    mes = pd.to_datetime(crudo["mes"]).dt.strftime("%Y-%m")
    repetido = crudo.duplicated(["mes", "iso3"], keep=False)
    declarado = pd.Series([(m, i) in declarados for m, i in zip(mes, crudo["iso3"])], index=crudo.index)
    revisar = crudo.loc[repetido | declarado, ["iso3", "_fila"]].assign(mes=mes)
    filas = revisar.groupby(["mes", "iso3"], sort=True)["_fila"].agg(list)
    for (mes, iso3), lista in filas.items():
        esperado = declarados.get((mes, iso3), 1)
        if len(lista) == esperado:
            continue
        if esperado == 1:
            raise ErrorDeEntrada(
                archivo, f"clave repetida (mes {mes}, nacionalidad {iso3}) en las filas {lista} y la ficha no la declara "
                "en duplicados.pares: se sumaría dos veces. Si es legítima, declárela con su motivo", lista[1], "t, nat")
        raise ErrorDeEntrada(
            archivo, f"la ficha declara que (mes {mes}, nacionalidad {iso3}) se forma con {esperado} renglones y el archivo "
            f"trae {len(lista)} (filas {lista}); corrija el archivo o la declaración en duplicados.pares",
            lista[-1], "t, nat")
    presentes = set(filas.index)
    for (mes, iso3), esperado in declarados.items():
        if (mes, iso3) not in presentes:
            raise ErrorDeEntrada(
                archivo, f"la ficha declara que (mes {mes}, nacionalidad {iso3}) se forma con {esperado} renglones y el "
                "archivo no lo trae; quite el par de duplicados.pares o corrija el archivo", columna="t, nat")


def eventos_nacionalidad(ruta: Path, paises: set[str], ficha: dict) -> pd.DataFrame:
    """Eventos por mes y nacionalidad; se suman sólo los pares repetidos que la ficha nombra, con su número de renglones."""
    crudo = leer_csv(ruta, ["t", "nat", "n"])
    archivo = ruta.name
    crudo["mes"] = a_mes(crudo, "t", archivo)
    en_catalogo(crudo, "nat", archivo, paises, "nacionalidad")
    crudo["n"] = a_entero(crudo, "n", archivo)
    crudo["iso3"] = crudo["nat"].str.strip()
    declarados = duplicados_declarados(ficha)
    if not declarados:
        sin_duplicados(crudo, ["mes", "iso3"], archivo)
    else:
        _exigir_duplicados_declarados(crudo, declarados, archivo)
    tabla = (
        crudo.groupby(["mes", "iso3"], as_index=False)
        .agg(n=("n", "sum"), renglones_sumados=("n", "size"))
    )
    tabla["n"] = tabla["n"].astype("int64")
    tabla["renglones_sumados"] = tabla["renglones_sumados"].astype("int64")
    tabla["fuente_id"] = archivo
    return tabla


def eventos_sexo_edad(ruta: Path, ficha: dict) -> pd.DataFrame:
    crudo = leer_csv(ruta, ["t", "sex", "age", "n"])
    archivo = ruta.name
    tabla = pd.DataFrame({
        "mes": a_mes(crudo, "t", archivo),
        "sexo": traducir(crudo, "sex", archivo, SEXO),
        "grupo_edad": traducir(crudo, "age", archivo, EDAD),
        "n": a_entero(crudo, "n", archivo),
        "_fila": crudo["_fila"],
    })
    sin_duplicados(tabla, ["mes", "sexo", "grupo_edad"], archivo)
    return tabla.drop(columns="_fila").assign(fuente_id=archivo)


def devoluciones(ruta: Path, paises: set[str], ficha: dict) -> pd.DataFrame:
    crudo = leer_csv(ruta, ["t", "nat", "type", "n"])
    archivo = ruta.name
    en_catalogo(crudo, "nat", archivo, paises, "nacionalidad")
    tabla = pd.DataFrame({
        "mes": a_mes(crudo, "t", archivo),
        "iso3": crudo["nat"].str.strip(),
        "tipo": traducir(crudo, "type", archivo, DEVOLUCION),
        "n": a_entero(crudo, "n", archivo),
        "_fila": crudo["_fila"],
    })
    sin_duplicados(tabla, ["mes", "iso3", "tipo"], archivo)
    return tabla.drop(columns="_fila").assign(fuente_id=archivo)


def boletin(crudos: Path, paises: pd.DataFrame, tablas: dict[str, pd.DataFrame],
            lecturas: dict[str, list] | None = None) -> list[dict]:
    """Los cuadros 3.1.1, 3.1.3 y 3.2.4 descargados del Boletín (`instantaneas/upmrip_boletin/`) reemplazan, para los
    meses que traen, los renglones de `eventos_nacionalidad`, `eventos_sexo_edad` y `devoluciones` leídos de los CSV
    compilados (en `tablas`, que se actualiza); el más nuevo de cada año gana. Devuelve las fichas leídas (el catálogo de
    grafías, cada instantánea usada y después las reemplazadas, que siguen siendo la fuente de sus valores en la tabla
    `revisiones`), para la tabla `fuentes`. Si se da `lecturas`, la llena con cada libro convertido, por tabla
    (`upmrip_boletin.lecturas`: cada libro es una instantánea para `etl.revisiones.boletin`).

    Por qué un paso propio y no el `leer_instantanea` del registro (`etl.construir.aplicar_instantaneas`): ese paso
    lleva cada instantánea a UNA tabla (la de su `PERIODO`) y la más reciente reemplaza los periodos que trae; una
    descarga del Boletín trae tres cuadros que van a tres tablas, cada uno con su conversión (ceros «-» que el CSV no
    trae en dos de ellas y sí en la otra), y lo que manda es el libro más nuevo de cada (cuadro, año), que la UPMRIP
    sobrescribe. Generalizar el gancho del registro a varias tablas complicaría a todas las fuentes por una; aquí se
    usan las mismas piezas del registro (carpetas y fichas de `etl.instantaneas`, orden por la hora de la carpeta,
    `fuente_id` = `instantaneas/upmrip_boletin/<hora>/<archivo>`)."""
    from etl.procedencia import leer_ficha

    ruta = Path(crudos) / upmrip_boletin.GRAFIAS
    fichas = [leer_ficha(ruta)]
    mapa = upmrip_boletin.grafias(ruta, paises)
    lista = upmrip_boletin.instantaneas(crudos, mapa)  # cada libro, leído y convertido una sola vez (caché de lecturas)
    hechas: dict[str, pd.DataFrame] = {}  # cada libro se convierte una sola vez
    for nombre, sustituir in (
        ("eventos_nacionalidad", lambda t: upmrip_boletin.sustituir_eventos_nacionalidad(t, lista, mapa, hechas)),
        ("eventos_sexo_edad", lambda t: upmrip_boletin.sustituir_eventos_sexo_edad(t, lista, hechas)),
        ("devoluciones", lambda t: upmrip_boletin.sustituir_devoluciones(t, lista, mapa, hechas)),
    ):
        tablas[nombre], usadas = sustituir(tablas[nombre])
        fichas += usadas
    if lecturas is not None:
        lecturas.update(upmrip_boletin.lecturas(lista, mapa, hechas))
        usadas = {f["archivo"] for f in fichas}
        for inst in lista:
            if inst.identificador in usadas:
                continue
            tabla = hechas.get(inst.identificador)
            meses = (f"{min(tabla['mes']):%Y-%m} a {max(tabla['mes']):%Y-%m}" if tabla is not None and not tabla.empty
                     else f"{inst.cuadro.anio}")
            fichas.append(upmrip_boletin.ficha_fuente(inst, f"{meses} (reemplazada por una descarga posterior)"))
    return fichas
