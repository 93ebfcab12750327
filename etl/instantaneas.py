"""Instantáneas de lo descargado: cada descarga es una carpeta inmutable y fechada bajo datos/crudos.

    datos/crudos/instantaneas/<fuente>/<AAAAMMDDTHHMMSSZ>/<archivo>            (los bytes tal como llegaron)
    datos/crudos/instantaneas/<fuente>/<AAAAMMDDTHHMMSSZ>/<archivo>.meta.json  (ficha escrita por el código)

La ficha trae url, hora de acceso (UTC), sha256, tamaño, productor, licencia y cita; nunca una clave de API. Una
descarga idéntica a la última (mismos archivos con la misma huella) no crea carpeta nueva. La carpeta se arma aparte
(`datos/.descargas/`) y se mueve a su lugar con un solo rename, con sus archivos en sólo lectura: una instantánea a
medias nunca aparece. Una descarga que el lector rechaza va a `datos/cuarentena/<fuente>/<hora>/` con su motivo,
fuera de datos/crudos: la construcción no tropieza con ella para siempre y se puede examinar.

Al construir, las instantáneas de una fuente se aplican de la más vieja a la más reciente sobre lo incluido en el
repositorio: la más reciente manda en los periodos que trae (como `etl.fuentes.cbp.lector.combinar_cbp` con los archivos de la CBP).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from .fuentes import INSTANTANEAS, Fuente

SUFIJO = ".meta.json"


def hora(ahora: datetime | None = None) -> str:
    return (ahora or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def carpetas(crudos: Path, fuente: str) -> list[Path]:
    """Instantáneas de `fuente`, de la más vieja a la más reciente (el nombre es la hora UTC)."""
    base = Path(crudos) / INSTANTANEAS / fuente
    return sorted(p for p in base.glob("*") if p.is_dir()) if base.is_dir() else []


def archivos(carpeta: Path) -> list[Path]:
    return sorted(p for p in carpeta.iterdir() if p.is_file() and not p.name.endswith(SUFIJO))


def ficha(ruta: Path) -> dict:
    """La ficha de un archivo de instantánea (una copia: quien la cambie no toca la de los demás). Se lee una vez por
    versión del archivo (ruta, inodo, tamaño y mtime): cada construcción pide la de cada archivo varias veces."""
    meta = Path(ruta).with_name(Path(ruta).name + SUFIJO)
    st = meta.stat()
    return dict(_ficha(str(meta.resolve()), st.st_ino, st.st_size, st.st_mtime_ns))


@functools.lru_cache(maxsize=4096)
def _ficha(ruta: str, _inodo: int, _tamano: int, _mtime: int) -> dict:
    return json.loads(Path(ruta).read_text(encoding="utf-8"))


def huellas(carpeta: Path) -> dict[str, str]:
    return {p.name: ficha(p)["sha256"] for p in archivos(carpeta)}


def identificador(ruta: Path) -> str:
    """`instantaneas/<fuente>/<hora>/<archivo>`: la fuente_id de los renglones que vienen de ese archivo (la misma
    mientras la descarga se valida aparte y después de guardarla)."""
    return "/".join((INSTANTANEAS, *Path(ruta).parts[-3:]))


def armar(fuente: Fuente, descargados: list[tuple[str, bytes, str]], crudos: Path, ahora: datetime | None = None) -> Path:
    """Escribe lo descargado y sus fichas en una carpeta temporal (fuera de datos/crudos) y la devuelve."""
    ahora = ahora or datetime.now(UTC)
    marca = hora(ahora)
    temporal = Path(crudos).parent / ".descargas"
    temporal.mkdir(parents=True, exist_ok=True)
    carpeta = Path(tempfile.mkdtemp(prefix=f"{fuente.id}-", dir=temporal)) / fuente.id / marca
    carpeta.mkdir(parents=True)
    m = fuente.metadatos
    vistos = set()
    for nombre, contenido, url in descargados:
        if "/" in nombre or nombre.startswith(".") or nombre in vistos or nombre.endswith(SUFIJO):
            raise ValueError(f"nombre de archivo inválido o repetido en la descarga: {nombre!r}")
        vistos.add(nombre)
        (carpeta / nombre).write_bytes(contenido)
        meta = {
            "archivo": nombre,
            "fuente": fuente.id,
            "titulo": m["titulo"], "titulo_en": m["titulo_en"],
            "productor": m["productor"], "licencia": m["licencia"], "cita": m["cita"],
            **{f"{c}_en": m[f"{c}_en"] for c in ("productor", "licencia", "cita") if m.get(f"{c}_en")},
            "url": url,
            "acceso_utc": ahora.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "fecha_acceso": ahora.date().isoformat(),
            "sha256": hashlib.sha256(contenido).hexdigest(),
            "bytes": len(contenido),
            "escrita_por": "python -m etl actualizar",
        }
        (carpeta / (nombre + SUFIJO)).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return carpeta


def igual_a_la_ultima(crudos: Path, fuente: str, carpeta: Path) -> bool:
    previas = carpetas(crudos, fuente)
    return bool(previas) and huellas(previas[-1]) == huellas(carpeta)


def guardar(crudos: Path, fuente: str, carpeta: Path) -> Path:
    """Mueve la carpeta armada a datos/crudos/instantaneas/<fuente>/ (un rename) y la deja en sólo lectura."""
    destino = Path(crudos) / INSTANTANEAS / fuente / carpeta.name
    if destino.exists():
        raise FileExistsError(f"ya existe la instantánea {destino}: nunca se sobrescribe")
    destino.parent.mkdir(parents=True, exist_ok=True)
    for p in carpeta.iterdir():
        p.chmod(0o444)
    os.rename(carpeta, destino)
    _descartar_temporal(carpeta)
    return destino


def a_cuarentena(crudos: Path, fuente: str, carpeta: Path, motivo: str) -> Path:
    """Aparta una descarga rechazada fuera de datos/crudos, con su motivo."""
    destino = Path(crudos).parent / "cuarentena" / fuente / carpeta.name
    destino.parent.mkdir(parents=True, exist_ok=True)
    if destino.exists():
        shutil.rmtree(destino)
    shutil.move(str(carpeta), destino)
    (destino / "MOTIVO.txt").write_text(motivo + "\n", encoding="utf-8")
    _descartar_temporal(carpeta)
    return destino


def retirar(crudos: Path, carpeta: Path, motivo: str) -> Path:
    """Saca de datos/crudos una instantánea recién guardada cuya construcción falló (va a cuarentena)."""
    for p in carpeta.iterdir():
        p.chmod(0o644)
    return a_cuarentena(crudos, carpeta.parent.name, carpeta, motivo)


def descartar(carpeta: Path) -> None:
    shutil.rmtree(carpeta, ignore_errors=True)
    _descartar_temporal(carpeta)


def _descartar_temporal(carpeta: Path) -> None:
    abuelo = carpeta.parent.parent
    if abuelo.parent.name == ".descargas":
        shutil.rmtree(abuelo, ignore_errors=True)


def ficha_publicada(crudos: Path, ruta: Path) -> dict:
    """La ficha de un archivo de instantánea con los campos de la tabla `fuentes` (ver etl.procedencia.fila_fuente)."""
    f = ficha(ruta)
    return {
        "archivo": identificador(ruta), "titulo": f["titulo"], "titulo_en": f.get("titulo_en"),
        "productor": f["productor"], "tabla": f["titulo"], "compilador": None, "url": f["url"],
        "periodo": f"descarga del {f['acceso_utc']}", "licencia": f["licencia"], "fecha_acceso": f["fecha_acceso"],
        "sha256": f["sha256"], "cita_sugerida": f"{f['cita']} Consultado el {f['fecha_acceso']} en {f['url']}.",
        "notas": [f"Descargado por `python -m etl actualizar` el {f['acceso_utc']} ({f['bytes']} bytes)."],
        # en inglés: lo que el registro de la fuente da en inglés; un nombre propio sin traducción queda como es
        "productor_en": f.get("productor_en") or f["productor"], "tabla_en": f.get("titulo_en") or f["titulo"],
        "periodo_en": f"download of {f['acceso_utc']}", "licencia_en": f.get("licencia_en") or f["licencia"],
        "cita_sugerida_en": f"{f.get('cita_en') or f['cita']} Accessed {f['fecha_acceso']} at {f['url']}.",
        "notas_en": [f"Downloaded by `python -m etl actualizar` on {f['acceso_utc']} ({f['bytes']} bytes)."],
    }


def combinar_periodos(base: pd.DataFrame, nuevas: list[pd.DataFrame], columna: str) -> pd.DataFrame:
    """Cada tabla de `nuevas` (de la más vieja a la más reciente) reemplaza completos los periodos que trae (una
    revisión sustituye el periodo, no renglón por renglón); los demás periodos de `base` se quedan. Es aplicarlas una
    tras otra, con una sola concatenación: de cada una quedan los periodos que ninguna posterior trae."""
    cubiertos: set = set()
    partes = []
    for nueva in reversed(nuevas):
        periodos = set(nueva[columna])
        partes.append(nueva.loc[~nueva[columna].isin(cubiertos), base.columns] if cubiertos else nueva[base.columns])
        cubiertos |= periodos
    quedan = base[~base[columna].isin(cubiertos)]
    return pd.concat([quedan, *reversed(partes)], ignore_index=True)


def lecturas_incluidas(tabla: pd.DataFrame, fechas: dict[str, str]) -> list[tuple[str, str, pd.DataFrame]]:
    """Lo incluido en el repositorio como versiones de la historia de revisiones: un archivo por `fuente_id`, fechado
    por su ficha, del más viejo al más reciente. Un renglón de un archivo sin ficha detiene el ETL."""
    if tabla.empty:
        return []
    partes = []
    for archivo, renglones in tabla.groupby("fuente_id", sort=True):
        if archivo not in fechas:
            raise ValueError(f"el archivo {archivo} no trae fecha de consulta en su ficha")
        partes.append((str(fechas[archivo]), str(archivo), renglones))
    return sorted(partes, key=lambda p: (p[0], p[1]))


def lecturas_de(carpeta: Path, nueva: pd.DataFrame, columna: str) -> list[tuple[str, str, pd.DataFrame]]:
    """Una descarga como versiones de la historia, fechadas por la ficha de sus archivos: cada archivo es una si sus
    periodos no se cruzan (los zips de la ENOE, un trimestre cada uno); si se cruzan (las páginas de la API del
    ACNUR), la descarga entera es una sola, con el nombre de su primer archivo."""
    fecha = ficha(archivos(carpeta)[0])["fecha_acceso"]
    por_archivo = list(nueva.groupby("fuente_id", sort=True))
    periodos = [set(r[columna]) for _, r in por_archivo]
    if sum(len(p) for p in periodos) == len(set().union(*periodos)):
        return [(fecha, str(a), r) for a, r in por_archivo]
    return [(fecha, str(por_archivo[0][0]), nueva)]
