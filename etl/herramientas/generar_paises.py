"""Genera datos/crudos/catalogos/paises.csv (+ .meta.json) a partir de pycountry.

Se ejecuta a mano, no en el ETL: así el catálogo queda fijo en el repositorio y el
ETL no depende de la versión de pycountry instalada. Uso:

    python -m etl.herramientas.generar_paises

Los nombres de ISO/Debian son los oficiales ("Venezuela, República Bolivariana de");
el tablero usa los cortos de uso común en México, por eso hay un diccionario de
correcciones revisado a mano. Los códigos que no son ISO pero aparecen en los datos
(OOO, UNK, XKX, STL, TIB) se agregan como `especial`.
"""

from __future__ import annotations

import csv
import gettext
import hashlib
import importlib.metadata
import json
from pathlib import Path

import pycountry

RAIZ = Path(__file__).resolve().parents[2]
DESTINO = RAIZ / "datos" / "crudos" / "catalogos" / "paises.csv"

# Nombres cortos en español (uso de México) donde la traducción de Debian es la
# forma oficial larga, lleva coma invertida o difiere del uso mexicano.
NOMBRES_ES = {
    "DZA": "Argelia",
    "NER": "Níger",
    "BOL": "Bolivia",
    "BRN": "Brunéi",
    "CIV": "Costa de Marfil",
    "COD": "República Democrática del Congo",
    "COG": "República del Congo",
    "COM": "Comoras",
    "CZE": "Chequia",
    "FLK": "Islas Malvinas",
    "FSM": "Micronesia",
    "GBR": "Reino Unido",
    "IRN": "Irán",
    "KOR": "Corea del Sur",
    "LAO": "Laos",
    "MDA": "Moldavia",
    "MMR": "Myanmar",
    "NLD": "Países Bajos",
    "PRK": "Corea del Norte",
    "PSE": "Palestina",
    "RUS": "Rusia",
    "SAU": "Arabia Saudita",
    "SXM": "San Martín (Países Bajos)",
    "MAF": "San Martín (Francia)",
    "SYR": "Siria",
    "TWN": "Taiwán",
    "TZA": "Tanzania",
    "USA": "Estados Unidos",
    "VAT": "Ciudad del Vaticano",
    "VEN": "Venezuela",
    "VGB": "Islas Vírgenes Británicas",
    "VIR": "Islas Vírgenes de los Estados Unidos",
    "VNM": "Vietnam",
}

# Nombres cortos en inglés donde el `common_name` de pycountry no existe o es largo.
NOMBRES_EN = {
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "TUR": "Turkey",
    "VAT": "Vatican City",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
    "MAF": "Saint Martin (France)",
    "SXM": "Sint Maarten (Netherlands)",
}

# Códigos que no son ISO 3166-1 pero aparecen en las tablas crudas.
ESPECIALES = [
    # (código, español, inglés, dónde aparece)
    ("OOO", "Otras", "Other", "UPMRIP, Panamá y CBP: resto de nacionalidades agrupadas (en CBP es «OTHER»)"),
    ("UNK", "Desconocida", "Unknown", "Missing Migrants Project: nacionalidad desconocida"),
    ("XKX", "Kosovo", "Kosovo", "UPMRIP y Panamá: código provisional de Kosovo (no ISO)"),
    ("STL", "Apátrida", "Stateless", "UPMRIP: personas apátridas"),
    ("TIB", "Tíbet", "Tibet", "Panamá: Tíbet, registrado aparte de China"),
]
# Dónde aparece cada código especial, en inglés (las notas de la ficha van en los dos idiomas).
DONDE_EN = {
    "OOO": "UPMRIP, Panama and CBP: remaining nationalities grouped (in CBP it is «OTHER»)",
    "UNK": "Missing Migrants Project: unknown nationality",
    "XKX": "UPMRIP and Panama: provisional code for Kosovo (not ISO)",
    "STL": "UPMRIP: stateless persons",
    "TIB": "Panama: Tibet, recorded separately from China",
}


def filas() -> list[dict]:
    es = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    salida = []
    for pais in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        corto_en = getattr(pais, "common_name", None) or pais.name
        salida.append({
            "iso3": pais.alpha_3,
            "nombre_es": NOMBRES_ES.get(pais.alpha_3, es.gettext(corto_en)),
            "nombre_en": NOMBRES_EN.get(pais.alpha_3, corto_en),
            "tipo": "pais",
        })
    for codigo, nombre_es, nombre_en, _ in ESPECIALES:
        salida.append({"iso3": codigo, "nombre_es": nombre_es, "nombre_en": nombre_en, "tipo": "especial"})
    return salida


def main() -> None:
    DESTINO.parent.mkdir(parents=True, exist_ok=True)
    with DESTINO.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.DictWriter(f, fieldnames=["iso3", "nombre_es", "nombre_en", "tipo"], lineterminator="\n")
        escritor.writeheader()
        escritor.writerows(filas())
    version = importlib.metadata.version("pycountry")
    meta = {
        "archivo": DESTINO.name,
        "titulo": "Catálogo de países y códigos de nacionalidad (ISO 3166-1 alfa-3 y códigos especiales)",
        "titulo_en": "Country and nationality code catalogue (ISO 3166-1 alpha-3 and special codes)",
        "productor": f"ISO 3166-1 vía pycountry {version} (traducciones de Debian iso-codes), nombres cortos revisados",
        "productor_en": f"ISO 3166-1 via pycountry {version} (Debian iso-codes translations), short names reviewed",
        "tabla": "ISO 3166-1 alfa-3",
        "tabla_en": "ISO 3166-1 alpha-3",
        "compilador": "Tablero de Movilidad Humana (etl/herramientas/generar_paises.py)",
        "compilador_en": "Tablero de Movilidad Humana (etl/herramientas/generar_paises.py)",
        "url": "https://pypi.org/project/pycountry/",
        "periodo": "vigente",
        "periodo_en": "current",
        "licencia": "pycountry: LGPL-2.1; datos de Debian iso-codes: LGPL-2.1+",
        "licencia_en": "pycountry: LGPL-2.1; Debian iso-codes data: LGPL-2.1+",
        "fecha_acceso": "2026-11-21",
        "sha256": hashlib.sha256(DESTINO.read_bytes()).hexdigest(),
        "cita_sugerida": f"ISO 3166-1 (pycountry {version}, traducciones de Debian iso-codes), con nombres cortos en español.",
        "cita_sugerida_en": f"ISO 3166-1 (pycountry {version}, Debian iso-codes translations), with short names in Spanish.",
        "notas": [
            "Generado con etl/herramientas/generar_paises.py; no editar a mano.",
            "Nombres cortos de uso común en México (p. ej. Venezuela, Corea del Sur, Rusia) en lugar de los oficiales largos.",
            "tipo = especial: códigos que no son ISO pero aparecen en las tablas crudas:",
            *[f"{c} = {e}: {d}" for c, e, _, d in ESPECIALES],
        ],
        "notas_en": [
            "Generated with etl/herramientas/generar_paises.py; do not edit by hand.",
            "Short names in common use in Mexico (e.g. Venezuela, Corea del Sur, Rusia) instead of the long official ones.",
            "tipo = especial: codes that are not ISO but appear in the raw tables:",
            *[f"{c} = {e}" + (f" ({en})" if en != e else "") + f": {DONDE_EN[c]}" for c, e, en, _ in ESPECIALES],
        ],
    }
    (DESTINO.parent / f"{DESTINO.name}.meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{DESTINO}: {len(filas())} filas")


if __name__ == "__main__":
    main()
