"""La tabla `fuentes_registro`: una fila por fuente del registro con lo que hace falta para decir qué tan vieja está.

Aquí sólo se publican hechos del momento de construir (último periodo publicado, última consulta, cadencia y rezago
habitual de los metadatos, instantáneas guardadas); el estado («al día», «por publicarse», «atrasada N días») se
calcula al mostrarlo, contra la fecha de ese día, en la consulta `frescura` de consultas.sql (un solo lugar para la
aritmética de fechas, que usan igual `python -m etl estado` y la página «Fuentes y metodología»).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from . import instantaneas
from .fuentes import CADENCIAS, INSTANTANEAS, registro

COLUMNAS_FUENTE = ("fuente_id", "archivo")


def _ultimo_periodo(tabla: pd.DataFrame, columna: str):
    valores = tabla[columna].dropna()
    if valores.empty:
        return None
    ultimo = valores.max()
    if isinstance(ultimo, (int,)) or pd.api.types.is_integer_dtype(valores):
        return dt.date(int(ultimo), 1, 1)  # un año: su primer día
    return pd.Timestamp(ultimo).date()


def _propios(fuente, crudos: Path) -> set[str]:
    """Los fuente_id que vienen de los archivos de `fuente`: el nombre de cada archivo de tablas/ y el identificador
    (instantaneas/<fuente>/<hora>/<archivo>) de cada archivo de sus instantáneas."""
    base = Path(crudos) / INSTANTANEAS
    return {instantaneas.identificador(p) if p.is_relative_to(base) else p.name for p in fuente.reclamados(crudos)}


def fuentes_registro(tablas: dict[str, pd.DataFrame], crudos: Path) -> pd.DataFrame:
    """La última consulta de una fuente sale de las fichas de los archivos cuyos renglones están en sus tablas; en una
    tabla que alimentan dos fuentes (las de eventos: el CSV compilado `upmrip` y las descargas `upmrip_boletin`) cuentan
    sólo los renglones de sus propios archivos. El último periodo es el de la tabla entera: es la serie que se publica y
    de ella dependen las demás cifras, venga del archivo que venga."""
    consultas = tablas["fuentes"].set_index("fuente_id")["fecha_acceso"]
    compartidas = {t for f in registro().values() if f.sustituye for t in f.tablas}
    filas = []
    for posicion, f in enumerate(registro().values(), start=1):
        m = f.metadatos
        ids: set[str] = set()
        propios = _propios(f, crudos)
        for nombre in f.tablas:
            if nombre in tablas:
                columna = next((c for c in COLUMNAS_FUENTE if c in tablas[nombre].columns), None)
                if columna:
                    valores = {str(v) for v in tablas[nombre][columna].dropna()}
                    ids |= valores & propios if nombre in compartidas else valores
        fechas = [consultas[i] for i in ids if i in consultas.index]
        ultimo = _ultimo_periodo(tablas[f.periodo[0]], f.periodo[1]) if f.periodo and f.periodo[0] in tablas else None
        filas.append({
            "fuente": f.id, "posicion": posicion, "titulo": m["titulo"], "titulo_en": m["titulo_en"],
            "productor": m["productor"], "productor_en": m["productor_en"], "url": m["url"], "licencia": m["licencia"],
            "licencia_en": m["licencia_en"], "cita": m["cita"], "cita_en": m["cita_en"],
            "cadencia": m["cadencia"], "meses_periodo": CADENCIAS.get(m["cadencia"]),
            "rezago_dias": m["rezago_dias"], "token": m["token"], "descarga": f.descargar is not None,
            "tablas": ", ".join(f.tablas), "ultimo_periodo": ultimo, "fecha_acceso": max(fechas) if fechas else None,
            "instantaneas": len(instantaneas.carpetas(crudos, f.id)),
        })
    tabla = pd.DataFrame(filas)
    for c in ("meses_periodo", "rezago_dias"):
        tabla[c] = tabla[c].astype("Int64")
    return tabla


def tabla_estado(destino: Path, hoy: dt.date, idioma: str = "es") -> str:
    """La frescura de cada fuente publicada en `destino` al día `hoy`, como texto para la terminal (consulta
    `frescura` de consultas.sql: la misma que muestra «Fuentes y metodología»)."""
    from tablero.consultas import Catalogo

    destino = Path(destino)
    if not (destino / "fuentes_registro.parquet").is_file():
        raise FileNotFoundError(f"no hay tabla fuentes_registro publicada en {destino}")
    filas = Catalogo(destino).ejecutar("frescura", hoy=hoy, idioma=idioma)
    lineas = [f"Frescura de las fuentes al {hoy.isoformat()}:"]
    for f in filas.astype(object).where(filas.notna(), None).to_dict("records"):
        if f["estado"] is None:
            estado = "sin periodos"
        elif f["estado"] == "sin_datos":  # tiene cadencia, pero su tabla aún no trae ningún periodo
            estado = "sin datos todavía" + (f": necesita la variable ${f['token']}" if f["token"] else "")
        elif f["estado"] == "atrasada":
            estado = f"atrasada {int(f['dias_atraso'])} días"
        else:
            estado = {"al_dia": "al día", "por_publicarse": "por publicarse"}[f["estado"]]
        ultimo = f["ultimo_periodo"] or "—"
        meses = f", hace {int(f['meses_antiguedad'])} meses" if f["ultimo_periodo"] else ""
        lineas.append(
            f"- {f['fuente']}: {estado}. Último periodo {ultimo}{meses} ({f['cadencia'] or 'sin cadencia'}); "
            f"consultado {f['fecha_acceso'] or '—'}; próxima publicación esperada {f['proxima_publicacion'] or '—'}; "
            f"{'se descarga con `python -m etl actualizar`' if f['descarga'] else 'se actualiza a mano'}"
            + (f" (clave en ${f['token']})" if f["token"] else "") + "."
        )
    return "\n".join(lineas)
