"""Geometría de las entidades: simplificación sin huecos entre vecinos para el mapa y punto en polígono.

La simplificación es la de Douglas-Peucker, pero por *arcos*: los tramos de frontera que comparten dos
entidades se simplifican una sola vez y los dos vecinos reciben exactamente los mismos vértices, así que
no se abren huecos ni se enciman entidades (como hace TopoJSON). Es determinista: mismo GeoJSON de
entrada, mismo resultado byte por byte.

Dónde cae un punto (incidentes del MMP, centros) se decide con shapely sobre los polígonos completos del
INEGI, con una tolerancia explícita para costas y fronteras (`TOLERANCIA_KM`).

Se conserva el sentido de giro de los anillos del INEGI (exterior en sentido horario, el que espera
d3-geo, con el que dibuja Plotly); un anillo que tras simplificar queda sin área (islotes de menos de
~1 km) se omite, salvo el polígono mayor de cada entidad, que nunca se pierde.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict

import numpy as np
import pandas as pd
import shapely

TOLERANCIA_GRADOS = 0.01  # ≈ 1.1 km: invisible a la escala del país
DECIMALES = 3  # ≈ 110 m


def _poligonos(geometria: dict) -> list[list[list[tuple[float, float]]]]:
    coords = geometria["coordinates"]
    if geometria["type"] == "Polygon":
        coords = [coords]
    elif geometria["type"] != "MultiPolygon":
        raise ValueError(f"tipo de geometría no admitido: {geometria['type']}")
    return [[[(float(x), float(y)) for x, y, *_ in anillo] for anillo in poligono] for poligono in coords]


def _area(anillo) -> float:
    a = np.asarray(anillo, dtype=float)
    return float(np.sum(a[:-1, 0] * a[1:, 1] - a[1:, 0] * a[:-1, 1]) / 2)


def _douglas_peucker(puntos: list[tuple[float, float]], tolerancia: float) -> list[tuple[float, float]]:
    """Douglas-Peucker iterativo sobre una línea abierta; conserva los extremos."""
    if len(puntos) <= 2:
        return list(puntos)
    a = np.asarray(puntos, dtype=float)
    conservar = np.zeros(len(a), dtype=bool)
    conservar[0] = conservar[-1] = True
    pila = [(0, len(a) - 1)]
    while pila:
        i, j = pila.pop()
        if j <= i + 1:
            continue
        p, q = a[i], a[j]
        tramo = a[i + 1:j]
        d = q - p
        largo = float(np.hypot(*d))
        if largo == 0.0:
            dist = np.hypot(tramo[:, 0] - p[0], tramo[:, 1] - p[1])
        else:
            dist = np.abs(d[0] * (tramo[:, 1] - p[1]) - d[1] * (tramo[:, 0] - p[0])) / largo
        k = int(np.argmax(dist))
        if dist[k] > tolerancia:
            m = i + 1 + k
            conservar[m] = True
            pila.append((i, m))
            pila.append((m, j))
    return [puntos[i] for i in np.flatnonzero(conservar)]


def simplificar(geometrias: dict[str, dict], tolerancia: float = TOLERANCIA_GRADOS,
                decimales: int = DECIMALES) -> dict[str, dict]:
    """{clave: geometría GeoJSON} → {clave: geometría simplificada (MultiPolygon)} con fronteras compartidas idénticas."""
    anillos = {}  # (clave, i_poligono, i_anillo) -> lista de puntos (sin repetir el de cierre)
    duenos: dict[tuple[float, float], set] = defaultdict(set)
    for clave in sorted(geometrias):
        for ip, poligono in enumerate(_poligonos(geometrias[clave])):
            for ia, anillo in enumerate(poligono):
                puntos = anillo[:-1] if anillo[0] == anillo[-1] else anillo
                anillos[(clave, ip, ia)] = puntos
                for pt in puntos:
                    duenos[pt].add(clave)
    # Un vértice es fijo si en alguna aparición su vecino pertenece a otro conjunto de entidades
    # (empieza o termina una frontera compartida) o si se repite dentro de un mismo anillo.
    fijos: set[tuple[float, float]] = set()
    for puntos in anillos.values():
        n = len(puntos)
        vistos = set()
        for i, pt in enumerate(puntos):
            if pt in vistos or duenos[pt] != duenos[puntos[i - 1]] or duenos[pt] != duenos[puntos[(i + 1) % n]]:
                fijos.add(pt)
            vistos.add(pt)

    cache: dict[tuple, list] = {}

    def arco(tramo: list[tuple[float, float]]) -> list[tuple[float, float]]:
        # Mismo tramo recorrido en cualquier sentido → mismos vértices conservados.
        directo = tuple(tramo)
        inverso = directo[::-1]
        canonico = min(directo, inverso)
        if canonico not in cache:
            cache[canonico] = _douglas_peucker(list(canonico), tolerancia)
        res = cache[canonico]
        return list(res) if canonico == directo else list(res[::-1])

    resultado: dict[str, dict] = {}
    por_clave: dict[str, list] = defaultdict(list)
    for (clave, ip, ia), puntos in anillos.items():
        n = len(puntos)
        indices_fijos = [i for i, pt in enumerate(puntos) if pt in fijos]
        if not indices_fijos:
            # Anillo sin vecinos (isla o costa entera): fijos el menor punto y el más lejano a él.
            i0 = min(range(n), key=lambda i: puntos[i])
            a = np.asarray(puntos, dtype=float)
            dist = np.hypot(a[:, 0] - a[i0, 0], a[:, 1] - a[i0, 1])
            indices_fijos = sorted({i0, int(np.argmax(dist))})
        inicio = indices_fijos[0]
        rotado = puntos[inicio:] + puntos[:inicio]
        cortes = [i - inicio for i in indices_fijos] + [n]
        nuevo: list[tuple[float, float]] = []
        for a_, b_ in zip(cortes[:-1], cortes[1:]):
            tramo = rotado[a_:b_ + 1] if b_ < n else rotado[a_:] + [rotado[0]]
            nuevo.extend(arco(tramo)[:-1])
        nuevo.append(nuevo[0])
        redondeado = []
        for x, y in nuevo:
            pt = (round(x, decimales), round(y, decimales))
            if not redondeado or redondeado[-1] != pt:
                redondeado.append(pt)
        original = _area(puntos + [puntos[0]])
        area = _area(redondeado) if len(redondeado) >= 4 else 0.0
        valido = len(redondeado) >= 4 and area != 0.0 and (area > 0) == (original > 0)
        por_clave[clave].append((ip, ia, redondeado if valido else None, abs(original)))

    for clave, lista in por_clave.items():
        poligonos: dict[int, list] = defaultdict(list)
        exteriores = {ip: (r, a) for ip, ia, r, a in lista if ia == 0}
        mayor = max(exteriores, key=lambda ip: exteriores[ip][1])
        for ip, ia, r, _ in sorted(lista, key=lambda t: (t[0], t[1])):
            if ia == 0 and r is None and ip == mayor:
                raise ValueError(f"la entidad {clave} pierde su polígono principal al simplificar; baje la tolerancia")
            if ia == 0 and r is None:
                continue
            if ia > 0 and (r is None or ip not in poligonos):
                continue
            poligonos[ip].append([[x, y] for x, y in r])
        resultado[clave] = {"type": "MultiPolygon", "coordinates": [poligonos[ip] for ip in sorted(poligonos)]}
    return resultado


def entidades_simplificadas(entidades: pd.DataFrame) -> pd.DataFrame:
    """La tabla `entidades` con la geometría simplificada para el mapa (misma clave, nombre y fuente)."""
    geos = {c: json.loads(g) for c, g in zip(entidades["cve_ent"], entidades["geometria"])}
    simples = simplificar(geos)
    tabla = entidades[["cve_ent", "entidad", "fuente_id"]].copy()
    tabla["geometria"] = [json.dumps(simples[c], separators=(",", ":")) for c in tabla["cve_ent"]]
    tabla["vertices_original"] = [_contar(geos[c]) for c in tabla["cve_ent"]]
    tabla["vertices"] = [_contar(simples[c]) for c in tabla["cve_ent"]]
    return tabla[["cve_ent", "entidad", "geometria", "vertices_original", "vertices", "fuente_id"]]


def _contar(geometria: dict) -> int:
    return sum(len(anillo) for poligono in _poligonos(geometria) for anillo in poligono)


# --- Dónde cae un punto: polígonos completos del INEGI con shapely -------------------------------

# Un punto a 1 km o menos del límite de las entidades cuenta como México. Motivo: los límites del Marco
# Geoestadístico en este archivo tienen un vértice cada 0.5 km (mediana); en el Río Bravo el límite es el
# cauce, así que un ahogamiento en el río cae a metros de un lado u otro, y una playa queda a metros del
# litoral. En los incidentes del MMP hay un corte claro: 59 caen a 0.38 km o menos fuera de los polígonos
# (muro fronterizo, Río Bravo, playas) y el siguiente está a 1.2 km, mar adentro. Más lejos de 1 km el
# punto está en el mar o en otro país y no se dibuja como si estuviera en tierra mexicana.
TOLERANCIA_KM = 1.0
KM_POR_GRADO = 6371.0088 * math.pi / 180  # radio medio de la Tierra (IUGG)


def formas(entidades: pd.DataFrame) -> dict[str, shapely.Geometry]:
    """{cve_ent: geometría shapely preparada} de la tabla `entidades` (resolución completa, no la simplificada)."""
    salida = {}
    for clave, geometria in zip(entidades["cve_ent"], entidades["geometria"]):
        forma = shapely.from_geojson(geometria if isinstance(geometria, str) else json.dumps(geometria))
        shapely.prepare(forma)
        salida[clave] = forma
    return salida


def _km_al_borde(formas_: list[shapely.Geometry], lon: float, lat: float, radio_km: float) -> float:
    """Distancia en km del punto a la entidad más cercana, exacta hasta `radio_km` (más lejos devuelve `inf`).

    Recorta cada geometría a una caja alrededor del punto y la proyecta a un plano local equidistante
    (x = Δlon·cos(lat)·km/grado, y = Δlat·km/grado): a esa escala (pocos km) el error es despreciable.
    """
    coslat = math.cos(math.radians(lat))
    margen_lat = radio_km / KM_POR_GRADO * 1.01
    margen_lon = min(180.0, margen_lat / max(math.cos(math.radians(min(89.0, abs(lat) + margen_lat))), 1e-6))
    caja = (lon - margen_lon, lat - margen_lat, lon + margen_lon, lat + margen_lat)
    origen = shapely.Point(0.0, 0.0)
    mejor = math.inf
    for forma in formas_:
        x0, y0, x1, y1 = forma.bounds
        if x0 > caja[2] or x1 < caja[0] or y0 > caja[3] or y1 < caja[1]:
            continue
        cerca = shapely.clip_by_rect(forma, *caja)
        if cerca.is_empty:
            continue
        local = shapely.transform(cerca, lambda c: np.column_stack(((c[:, 0] - lon) * coslat * KM_POR_GRADO,
                                                                     (c[:, 1] - lat) * KM_POR_GRADO)))
        mejor = min(mejor, float(shapely.distance(local, origen)))
    return mejor if mejor <= radio_km else math.inf


def ubicar(formas_: dict[str, shapely.Geometry], lon, lat, tolerancia_km: float = TOLERANCIA_KM) -> pd.DataFrame:
    """Para cada punto: la entidad que lo contiene (`cve_ent`, nula si ninguna), su distancia en km al límite
    más cercano si está fuera (`km_fuera`: 0 dentro, `inf` más allá de la tolerancia) y `en_mexico`
    (dentro de una entidad o a `tolerancia_km` o menos de alguna)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    cve = np.full(len(lon), None, dtype=object)
    for clave in sorted(formas_):
        dentro = shapely.contains_xy(formas_[clave], lon, lat) & pd.isna(cve)
        cve[dentro] = clave
    km = np.zeros(len(lon))
    fuera = np.flatnonzero(pd.isna(cve))
    if len(fuera):
        lista = [formas_[c] for c in sorted(formas_)]
        for i in fuera:
            km[i] = _km_al_borde(lista, lon[i], lat[i], tolerancia_km)
    return pd.DataFrame({"cve_ent": cve, "km_fuera": km, "en_mexico": km <= tolerancia_km})


def contiene(geometria: dict, lon: float, lat: float) -> bool:
    """¿El punto cae dentro de la geometría GeoJSON? (los huecos restan; el borde exacto no cuenta)."""
    return bool(shapely.contains_xy(shapely.from_geojson(json.dumps(geometria)), lon, lat))

