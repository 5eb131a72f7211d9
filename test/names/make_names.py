#!/usr/bin/env python3
"""Builds the name-matching test sets (test/names/*.csv) for sql/names.sql.

kota_kediri_messy.csv: for each of Kota Kediri's 46 kelurahan (names and
codes from data/kota_kediri_kelurahan.geojson), the spellings people type:
case, administrative prefixes, spacing and hyphens, old spelling, Javanese
a/o, one-letter typos (a substitution, a deletion, a transposition), the
kecamatan or the city appended, stray punctuation.  Deterministic.

kabupaten_kediri_names.csv: the desa names of Kabupaten Kediri (35.06),
which must not get a confident code in Kota Kediri; derived from
../shared/geo/kabupaten_kediri_desa.geojson (Cahya DSN, MIT licence).

Usage: python3 test/names/make_names.py [--check]
"""
import csv
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.join(HERE, "..", "..")
SHARED = os.path.join(TOP, "..", "shared", "geo", "kabupaten_kediri_desa.geojson")

# keys next to each other on a QWERTY keyboard: realistic substitutions
NEAR = {"a": "s", "b": "v", "c": "x", "d": "s", "e": "r", "f": "g", "g": "h", "h": "g",
        "i": "o", "j": "k", "k": "j", "l": "k", "m": "n", "n": "m", "o": "i", "p": "o",
        "r": "t", "s": "a", "t": "r", "u": "y", "w": "e", "y": "u"}


def old_spelling(name):
    """The spelling before 1972: u -> oe, j -> dj, c -> tj, ny -> nj."""
    out = name.replace("ny", "nj").replace("Ny", "Nj")
    out = out.replace("c", "tj").replace("C", "Tj")
    out = out.replace("j", "dj").replace("J", "Dj") if "dj" not in out.lower() else out
    out = out.replace("tdj", "tj").replace("Tdj", "Tj").replace("ndjdj", "ndj")
    return out.replace("u", "oe").replace("U", "Oe")


def a_o(name):
    """Javanese a/o: the last o written a, or else the last a written o."""
    i = name.rfind("o")
    if i > 0:
        return name[:i] + "a" + name[i + 1:]
    i = name.rfind("a")
    return name[:i] + "o" + name[i + 1:] if i > 0 else name


def typos(name):
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    mid = letters[len(letters) // 2]
    ch = name[mid].lower()
    sub = name[:mid] + NEAR.get(ch, "e") + name[mid + 1:]
    dele = name[:mid] + name[mid + 1:]
    j = letters[len(letters) // 3]
    trans = name[:j] + name[j + 1] + name[j] + name[j + 2:] if j + 2 <= len(name) else name
    return [sub, dele, trans]


def variants(name, kecamatan):
    compact = name.replace(" ", "")
    split = name if " " in name else name[: len(name) // 2] + " " + name[len(name) // 2:]
    v = [
        ("upper", name.upper()),
        ("lower", name.lower()),
        ("prefix_kel", "KEL. " + name.upper()),
        ("prefix_kelurahan", "Kelurahan " + name),
        ("prefix_desa", "Desa " + name),
        ("prefix_ds", "Ds. " + name),
        ("no_spaces", compact.lower()),
        ("split", split),
        ("hyphen", split.replace(" ", "-")),
        ("old_spelling", old_spelling(name)),
        ("a_o", a_o(name)),
        ("kecamatan_appended", name + " " + kecamatan),
        ("kecamatan_prefixed", name + ", Kec. " + kecamatan),
        ("city_appended", name + " Kota Kediri"),
        ("punctuation", "  " + name.replace(" ", "  ") + ". "),
    ]
    for k, t in enumerate(typos(name)):
        v.append((("typo_substitution", "typo_deletion", "typo_transposition")[k], t))
    seen, out = set(), []
    for kind, text in v:
        if text != name and text not in seen:
            seen.add(text)
            out.append((kind, text))
    return out


def build():
    with open(os.path.join(TOP, "data", "kota_kediri_kelurahan.geojson")) as f:
        doc = json.load(f)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "typed", "code", "official"])
    for feat in sorted(doc["features"], key=lambda f: f["properties"]["kode"]):
        p = feat["properties"]
        for kind, text in variants(p["kelurahan"], p["kecamatan"]):
            w.writerow([kind, text, p["kode"], p["kelurahan"]])
    files = {"kota_kediri_messy.csv": buf.getvalue()}
    if os.path.exists(SHARED):
        with open(SHARED) as f:
            kab = json.load(f)
        buf = io.StringIO()
        buf.write("# Desa of Kabupaten Kediri (35.06): from ../shared/geo/kabupaten_kediri_desa.geojson,\n"
                  "# Cahya DSN, github.com/cahyadsn/wilayah_boundaries, MIT licence. Names only.\n")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["code", "name"])
        for feat in sorted(kab["features"], key=lambda f: f["properties"]["kode"]):
            w.writerow([feat["properties"]["kode"], feat["properties"]["kelurahan"]])
        files["kabupaten_kediri_names.csv"] = buf.getvalue()
    return files


def main():
    check = "--check" in sys.argv
    status = 0
    for name, text in build().items():
        path = os.path.join(HERE, name)
        if check:
            with open(path) as f:
                if f.read() != text:
                    print(f"{name} differs from what make_names.py generates")
                    status = 1
        else:
            with open(path, "w") as f:
                f.write(text)
            print(f"{name}: {text.count(chr(10)) - 1} rows")
    sys.exit(status)


if __name__ == "__main__":
    main()
