#!/usr/bin/env python3
"""The replay workload written as an analyst would, with shapely 2 and pyproj: for every
DeepStateMap snapshot, parse, classify by colour and name, merge each side, make the sides
disjoint (RU over contested over UA, as Frontline does), clip to each admin area of
GeoData/areas.geojson and measure geodesic km². Prints the total seconds on stdout and the
per-phase split on stderr.

    peer_replay.py AREAS_GEOJSON SNAPSHOT...
"""
import json
import sys
import time

import shapely
from pyproj import Geod
from shapely.geometry import shape

SIDES = {"#a52714": "RU", "#880e4f": "RU", "#000000": "RU", "#0f9d58": "UA", "#0288d1": "UA", "#01579b": "UA",
         "#0097a7": "UA", "#bcaaa4": "contested", "#bdbdbd": "contested"}
ORDER = ["UA", "contested", "RU"]


def classify(props):
    name = props.get("name") or ""
    if "Придністров" in name or "transnistria" in name.lower():
        return None
    fill = (props.get("fill") or "").lower()
    if fill == "#ff5252":
        return None
    if fill not in SIDES:
        raise ValueError(f"unknown colour {fill!r} ({name!r})")
    return SIDES[fill]


def polygons(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return [geom]
    if geom.geom_type == "GeometryCollection":
        return [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
    return []


def main():
    geod = Geod(ellps="WGS84")
    areas = [(f["properties"]["iso"], shape(f["geometry"])) for f in json.load(open(sys.argv[1]))["features"]]
    for _, a in areas:
        shapely.prepare(a)
    parse = geometry = measure = 0.0
    result = {}
    for path in sys.argv[2:]:
        t0 = time.perf_counter()
        with open(path, "rb") as f:
            document = json.load(f)
        t1 = time.perf_counter()
        parts = {}
        for feature in document["features"]:
            geom = feature.get("geometry")
            if not geom or geom["type"] in ("Point", "MultiPoint", "LineString", "MultiLineString"):
                continue
            side = classify(feature.get("properties") or {})
            if side is None:
                continue
            g = shapely.make_valid(shape(geom))
            parts.setdefault(side, []).extend(polygons(g))
        merged = {side: shapely.union_all(parts[side]) for side in ORDER if side in parts}
        above = None
        visible = {}
        for side in reversed(ORDER):
            if side not in merged:
                continue
            g = merged[side] if above is None else merged[side].difference(above)
            above = merged[side] if above is None else above.union(merged[side])
            visible[side] = g
        clipped = []
        for iso, area in areas:
            for side, g in visible.items():
                if area.intersects(g):
                    clipped.append((iso, side, area.intersection(g)))
        t2 = time.perf_counter()
        per = {}
        for iso, side, g in clipped:
            km2 = abs(geod.geometry_area_perimeter(g)[0]) / 1e6
            per.setdefault(iso, {})[side] = per.get(iso, {}).get(side, 0) + km2
        result[path] = per
        t3 = time.perf_counter()
        parse += t1 - t0
        geometry += t2 - t1
        measure += t3 - t2
    print(f"peer: parse {parse:.1f} s, geometry {geometry:.1f} s, geodesic areas {measure:.1f} s", file=sys.stderr)
    print(f"{parse + geometry + measure:.2f}")


if __name__ == "__main__":
    main()
