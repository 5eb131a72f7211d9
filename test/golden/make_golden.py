#!/usr/bin/env python3
"""Generate the golden z-score file test/golden/zscores.csv.

    python3 test/golden/make_golden.py > test/golden/zscores.csv

Inputs are generated deterministically (fixed seed); the expected outputs
come from test/reference/who_reference.py, an independent re-implementation
of shared/spec/who-algorithm.md.  A summary (row counts per section, rows
dropped as rounding-tie-sensitive) goes to stderr.

CSV: comma-separated, header line, LF line endings, empty field = NULL.
Input columns: sex,age_days,weight_kg,lenhei_cm,measure,oedema,headc_cm,
armc_cm,triskin_mm,subskin_mm; then the expected anthro_zscores columns.
Numbers are written with repr() (exact round trip); z-scores with '%.2f'
('-0.00' printed as '0.00'); booleans as t/f.
"""

from __future__ import annotations

import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))

import who_reference as ref  # noqa: E402

SEED = 20060427  # arbitrary, fixed
DPM = ref.DAYS_PER_MONTH

INPUT_COLUMNS = ("sex", "age_days", "weight_kg", "lenhei_cm", "measure",
                 "oedema", "headc_cm", "armc_cm", "triskin_mm", "subskin_mm")

T = ref.load_tables()

# Indicator -> (table name, restricted?) for target inversion.
RESTRICTED = {"len": False, "hc": False, "hfa07": False,
              "wei": True, "bmi": True, "ac": True, "ts": True, "ss": True,
              "wfl": True, "wfh": True, "wfa07": True, "bfa07": True}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def inv_z(p: ref.LMS, z: float, restricted: bool) -> float:
    """Measurement y whose z-score is z (inverse of spec §4.1 / §4.2)."""
    if restricted and z > 3.0:
        sd3, sd2 = ref.lms_sd(p, 3.0), ref.lms_sd(p, 2.0)
        return sd3 + (z - 3.0) * (sd3 - sd2)
    if restricted and z < -3.0:
        sd3, sd2 = ref.lms_sd(p, -3.0), ref.lms_sd(p, -2.0)
        return sd3 + (z + 3.0) * (sd2 - sd3)
    return ref.lms_sd(p, z)


def lms_at_day(table: str, sex: int, day: int) -> ref.LMS:
    day = max(0, min(1826, day))
    if table in ("ac", "ts", "ss"):
        day = max(91, day)
    return T[table][(sex, day)]


def lms_at_month(table: str, sex: int, months: float) -> ref.LMS:
    hi = 120.0 if table == "wfa07" else 228.0
    return ref.month_lms(T, table, sex, max(60.0, min(hi, months)))


def median_measures(sex: int, age_days: float | None, z: float = 0.0) -> dict:
    """Plausible measurements at age (z-score z on every indicator).

    Length/height is the value for the measure appropriate to the age (length
    under 731 days, height from 731 days); values are rounded to 1 decimal.
    """
    s = sex or 1
    a = 365.0 if age_days is None else age_days
    m = a / DPM
    if m < 60.0:
        d = ref.round_half_up(a)
        h = inv_z(lms_at_day("len", s, d), z, False)
        w = inv_z(lms_at_day("wei", s, d), z, True)
        hc = inv_z(lms_at_day("hc", s, d), z, False)
        ac = inv_z(lms_at_day("ac", s, d), z, True)
        ts = inv_z(lms_at_day("ts", s, d), z, True)
        ss = inv_z(lms_at_day("ss", s, d), z, True)
    else:
        h = inv_z(lms_at_month("hfa07", s, m), z, False)
        bmi = inv_z(lms_at_month("bfa07", s, m), z, True)
        w = bmi * (h / 100.0) ** 2
        hc, ac, ts, ss = 52.0, 20.0, 10.0, 8.0
    return {"weight_kg": round(w, 1), "lenhei_cm": round(h, 1),
            "headc_cm": round(hc, 1), "armc_cm": round(ac, 1),
            "triskin_mm": round(ts, 1), "subskin_mm": round(ss, 1)}


def row(sex=None, age_days=None, weight_kg=None, lenhei_cm=None, measure=None,
        oedema=False, headc_cm=None, armc_cm=None, triskin_mm=None,
        subskin_mm=None) -> dict:
    def fl(x):
        return None if x is None else float(x)
    return {"sex": sex, "age_days": fl(age_days), "weight_kg": fl(weight_kg),
            "lenhei_cm": fl(lenhei_cm), "measure": measure,
            "oedema": bool(oedema), "headc_cm": fl(headc_cm),
            "armc_cm": fl(armc_cm), "triskin_mm": fl(triskin_mm),
            "subskin_mm": fl(subskin_mm)}


def natural_measure(age_days: float | None) -> str:
    if age_days is None:
        return "l"
    return "l" if ref.round_half_up(age_days) < 731 else "h"


# ---------------------------------------------------------------------------
# sections
# ---------------------------------------------------------------------------

def random_children(rng: random.Random, n: int) -> list[dict]:
    """Realistic children 0-19 years with noise, missing values and oedema."""
    out = []
    for _ in range(n):
        sex = rng.choice((1, 2)) if rng.random() > 0.02 else None
        s = sex or rng.choice((1, 2))
        # Age: 55 % under five, 45 % 5-19 years (a few beyond 228 months).
        if rng.random() < 0.55:
            days = rng.uniform(0.0, 1826.25)
        else:
            days = rng.uniform(1826.25, 19.2 * 365.25)
        kind = rng.random()
        if kind < 0.5:
            age = float(int(days))                 # integer days
        elif kind < 0.7:
            age = round(days, 1)
        elif kind < 0.85:
            age = round(days, 2)
        else:                                      # months with 1-2 decimals
            age = round(days / DPM, rng.choice((1, 2))) * DPM
        months = age / DPM

        def zdraw():
            if rng.random() < 0.04:
                return rng.uniform(-8.0, 8.0)      # implausible values
            return max(-7.0, min(7.0, rng.gauss(0.0, 1.2)))

        if months < 60.0:
            d = ref.round_half_up(age)
            length = inv_z(lms_at_day("len", s, d), zdraw(), False)
            weight = inv_z(lms_at_day("wei", s, d), zdraw(), True)
            hc = inv_z(lms_at_day("hc", s, d), zdraw(), False)
            ac = inv_z(lms_at_day("ac", s, d), zdraw(), True)
            ts = inv_z(lms_at_day("ts", s, d), zdraw(), True)
            ss = inv_z(lms_at_day("ss", s, d), zdraw(), True)
            natural = "l" if d < 731 else "h"
            # Measure: natural 70 %, the other one 15 %, missing 15 %.
            u = rng.random()
            if u < 0.70:
                measure = natural
            elif u < 0.85:
                measure = "h" if natural == "l" else "l"
                # a standing height is ~0.7 cm less than a recumbent length
                length += -0.7 if measure == "h" else 0.7
            else:
                measure = None
            has_hc = rng.random() < 0.7
            has_armfold = rng.random() < (0.6 if d >= 91 else 0.3)
        else:
            length = inv_z(lms_at_month("hfa07", s, months), zdraw(), False)
            bmi = inv_z(lms_at_month("bfa07", s, months), zdraw(), True)
            weight = bmi * (length / 100.0) ** 2
            hc, ac = rng.uniform(45, 58), rng.uniform(14, 32)
            ts, ss = rng.uniform(4, 30), rng.uniform(4, 30)
            u = rng.random()
            measure = "h" if u < 0.7 else ("l" if u < 0.8 else None)
            has_hc = rng.random() < 0.1
            has_armfold = rng.random() < 0.1

        def rd(x):
            return round(x, rng.choice((1, 1, 2)))

        r = row(sex=sex, age_days=age, weight_kg=rd(weight),
                lenhei_cm=rd(length), measure=measure,
                oedema=rng.random() < 0.03,
                headc_cm=rd(hc) if has_hc else None,
                armc_cm=rd(ac) if has_armfold else None,
                triskin_mm=rd(ts) if has_armfold else None,
                subskin_mm=rd(ss) if has_armfold else None)
        if rng.random() < 0.03:
            r["age_days"] = None
        if rng.random() < 0.04:
            r["weight_kg"] = None
        if rng.random() < 0.04:
            r["lenhei_cm"] = None
        out.append(r)
    return out


BOUNDARY_AGES = [
    0.0, 0.4, 0.5, 1.0, 90.0, 90.49, 90.5, 91.0, 272.0, 273.0, 273.5, 273.9,
    274.0, 365.0, 700.0, 730.0, 730.49, 730.5, 731.0, 1000.0, 1826.0,
    1826.2, 1826.24, 1826.25, 1826.3, 1826.5, 1827.0,
    60 * DPM, 60.5 * DPM, 61 * DPM, 119.99 * DPM, 120 * DPM, 120.01 * DPM,
    121 * DPM, 180 * DPM, 227.5 * DPM, 228 * DPM, 228.01 * DPM, 229 * DPM,
    240 * DPM,
]


def boundary_ages() -> list[dict]:
    """Age boundaries x sex x measure x oedema, at z = 0 and z = -2.5."""
    out = []
    for age in BOUNDARY_AGES:
        for sex in (1, 2, None):
            for measure in ("l", "h", None):
                for oedema in (False, True):
                    if sex is None and oedema:
                        continue
                    for z in (0.0, -2.5):
                        if oedema and z != 0.0:
                            continue
                        m = median_measures(sex, age, z)
                        out.append(row(sex=sex, age_days=age, measure=measure,
                                       oedema=oedema, **m))
    return out


def wflh_ends() -> list[dict]:
    """WFL/WFH range ends, the +-0.7 edge cases and the 87 cm rule."""
    lengths = [44.9, 45.0, 45.35, 109.99, 110.0, 110.01, 110.1, 64.9, 65.0,
               65.05, 86.9, 86.99, 87.0, 87.05, 119.99, 120.0, 120.01, 120.1,
               44.2, 44.3, 44.6, 109.3, 109.4, 65.6, 65.7, 66.1, 120.7, 120.8]
    ages = [None, 100.0, 273.0, 274.0, 700.0, 730.0, 730.5, 731.0, 1500.0,
            1826.0]
    out = []
    for L in lengths:
        for age in ages:
            for measure in ("l", "h", None):
                for sex in (1, 2):
                    # a median weight for a nearby table row
                    key = round(L * 10)
                    if key < 870:
                        tab, key = "wfl", max(450, key)
                    else:
                        tab, key = "wfh", min(1200, key)
                    w = round(T[tab][(sex, key)].m, 2)
                    out.append(row(sex=sex, age_days=age, weight_kg=w,
                                   lenhei_cm=L, measure=measure))
    return out


def wflh_grid() -> list[dict]:
    """All one-decimal lengths where +-0.7 lands inside the WFL/WFH ranges.

    Exercises the trunc(x*10) arithmetic of spec §6.2 (44.6 + 0.7 =
    45.300000000000004, 66.1 - 0.7 = 65.39999999999999, ...).
    """
    out = []
    for k in range(443, 1094):           # 44.3 .. 109.3 standing at 700 days
        L = k / 10
        sex = 1 + k % 2
        w = round(T["wfl"][(sex, min(1100, k + 7))].m, 2)
        out.append(row(sex=sex, age_days=700.0, weight_kg=w, lenhei_cm=L,
                       measure="h"))
    for k in range(657, 1208):           # 65.7 .. 120.7 lying at 800 days
        L = k / 10
        sex = 2 - k % 2
        w = round(T["wfh"][(sex, max(650, k - 7))].m, 2)
        out.append(row(sex=sex, age_days=800.0, weight_kg=w, lenhei_cm=L,
                       measure="l"))
    return out


FLAG_TARGETS = [-6.006, -6.004, -5.996, -5.994, -5.006, -5.004, -4.996,
                -4.994, -3.006, -3.004, -2.996, -2.994, 2.994, 2.996, 3.004,
                3.006, 4.994, 4.996, 5.004, 5.006, 5.994, 5.996, 6.004, 6.006]


def indicator_row(ind: str, sex: int, key, y: float) -> dict | None:
    """Input row in which indicator `ind` has measurement y at `key`.

    key: age in days (2006 age tables), length in tenths of cm (wfl/wfh,
    may be fractional for interpolated lengths) or age in months (2007).
    """
    if y is None or not (y > 0.0) or not math.isfinite(y):
        return None
    if ind in ("wfl", "wfh"):
        L = key / 10
        # WFL: age < 731 days or missing age with measure l;
        # WFH: age >= 731 days or missing age with measure h.
        if int(key) % 2 == 0:
            age = None
        else:
            age = 400.0 if ind == "wfl" else 1200.0
        return row(sex=sex, age_days=age, weight_kg=y, lenhei_cm=L,
                   measure="l" if ind == "wfl" else "h")
    if ind in ("hfa07", "wfa07", "bfa07"):
        age = key * DPM
    else:
        age = float(key)
    base = median_measures(sex, age)
    meas = natural_measure(age) if age / DPM < 60 else "h"
    r = row(sex=sex, age_days=age, measure=meas, **base)
    if ind in ("len", "hfa07"):
        r["lenhei_cm"] = y
    elif ind in ("wei", "wfa07"):
        r["weight_kg"] = y
    elif ind in ("bmi", "bfa07"):
        h = r["lenhei_cm"]
        r["weight_kg"] = y * ((h / 100.0) * (h / 100.0))
    else:
        col = {"hc": "headc_cm", "ac": "armc_cm", "ts": "triskin_mm",
               "ss": "subskin_mm"}[ind]
        r[col] = y
    return r


def target_rows(rng: random.Random, per_sex: int) -> list[dict]:
    """z near +-3 and near the flag limits, by inverting LMS at table rows."""
    out = []
    specs = {
        "len": lambda: rng.randint(0, 1826),
        "wei": lambda: rng.randint(0, 1826),
        "bmi": lambda: rng.randint(0, 1826),
        "hc": lambda: rng.randint(0, 1826),
        "ac": lambda: rng.randint(91, 1826),
        "ts": lambda: rng.randint(91, 1826),
        "ss": lambda: rng.randint(91, 1826),
        "wfl": lambda: rng.randint(450, 1100),
        "wfh": lambda: rng.randint(650, 1200),
        "hfa07": lambda: rng.randint(60, 228),
        "wfa07": lambda: rng.randint(60, 120),
        "bfa07": lambda: rng.randint(60, 228),
    }
    for ind, keygen in specs.items():
        restricted = RESTRICTED[ind]
        for sex in (1, 2):
            keys = [keygen() for _ in range(per_sex)]
            # always include the table ends
            if ind in ("wfl", "wfh"):
                keys[:2] = [450, 1100] if ind == "wfl" else [650, 1200]
            elif ind.endswith("07"):
                keys[:2] = [60, 120 if ind == "wfa07" else 228]
            else:
                keys[:2] = [91 if ind in ("ac", "ts", "ss") else 0, 1826]
            for key in keys:
                p = T[ind][(sex, key)]
                for z in FLAG_TARGETS:
                    out.append(indicator_row(ind, sex, key, inv_z(p, z, restricted)))
                # exactly SD(+-3) and tiny perturbations on both sides
                for k in (-3.0, 3.0):
                    y = ref.lms_sd(p, k)
                    for yy in (y, math.nextafter(y, math.inf),
                               math.nextafter(y, -math.inf),
                               y * (1 + 1e-9), y * (1 - 1e-9)):
                        out.append(indicator_row(ind, sex, key, yy))
    # Interpolated keys: two-decimal lengths and fractional months.
    for ind in ("wfl", "wfh", "hfa07", "wfa07", "bfa07"):
        restricted = RESTRICTED[ind]
        for sex in (1, 2):
            for _ in range(per_sex):
                if ind == "wfl":
                    L = round(rng.uniform(45.0, 110.0), 2)
                    p = ref.wflh_lms(T, "wfl", sex, L)
                    key = L * 10
                elif ind == "wfh":
                    L = round(rng.uniform(65.0, 120.0), 2)
                    p = ref.wflh_lms(T, "wfh", sex, L)
                    key = L * 10
                else:
                    hi = 120 if ind == "wfa07" else 228
                    m = round(rng.uniform(60.0, hi), 2)
                    key = m
                    p = ref.month_lms(T, ind, sex, (m * DPM) / DPM)
                for z in FLAG_TARGETS:
                    r = indicator_row(ind, sex, key, inv_z(p, z, restricted))
                    if r is not None and ind in ("wfl", "wfh"):
                        r["lenhei_cm"] = L
                    out.append(r)
    return [r for r in out if r is not None]


def zero_negative_rows() -> list[dict]:
    """Weight 0, height 0, negative weight/height, zero/negative others."""
    ages = [None, 10.0, 100.0, 300.0, 730.0, 731.0, 1200.0, 1826.0, 1826.25,
            2500.0, 100 * DPM, 120 * DPM, 150 * DPM, 228 * DPM, 230 * DPM]
    combos = [
        # (weight, height, others)
        (0.0, None, None), (0.0, "med", None), ("med", 0.0, None),
        (0.0, 0.0, None), (-1.5, "med", None), ("med", -50.0, None),
        (-1.0, 0.0, None), (0.0, -0.5, None), ("med", 0.3, None),
        ("med", "med", 0.0), ("med", "med", -1.0),
    ]
    out = []
    for age in ages:
        for sex in (1, 2):
            base = median_measures(sex, age)
            for measure in ("l", "h", None):
                for w, h, other in combos:
                    r = row(sex=sex, age_days=age, measure=measure, **base)
                    r["weight_kg"] = r["weight_kg"] if w == "med" else w
                    r["lenhei_cm"] = r["lenhei_cm"] if h == "med" else h
                    if other is not None:
                        for c in ("headc_cm", "armc_cm", "triskin_mm",
                                  "subskin_mm"):
                            r[c] = other
                    out.append(r)
    # zwfl with weight 0 / negative at valid lengths, with and without age
    for sex in (1, 2):
        for L in (45.0, 70.0, 86.95, 87.0, 100.0, 110.0, 120.0):
            for age in (None, 400.0, 1000.0):
                for w in (0.0, -0.01, -2.0):
                    out.append(row(sex=sex, age_days=age, weight_kg=w,
                                   lenhei_cm=L,
                                   measure=None if age is None else natural_measure(age)))
    return out


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------

def fmt_num(x) -> str:
    return "" if x is None else repr(float(x))


def fmt_bool(b) -> str:
    return "" if b is None else ("t" if b else "f")


def fmt_z(z) -> str:
    if z is None:
        return ""
    s = "%.2f" % z
    return "0.00" if s == "-0.00" else s


def format_row(r: dict, res: dict) -> str:
    f = [
        "" if r["sex"] is None else str(r["sex"]),
        fmt_num(r["age_days"]), fmt_num(r["weight_kg"]), fmt_num(r["lenhei_cm"]),
        r["measure"] or "", fmt_bool(r["oedema"]),
        fmt_num(r["headc_cm"]), fmt_num(r["armc_cm"]),
        fmt_num(r["triskin_mm"]), fmt_num(r["subskin_mm"]),
        fmt_num(res["clenhei"]), res["cmeasure"] or "",
        fmt_bool(res["c9mo_flag"]), fmt_num(res["cbmi"]),
        "" if res["csex"] is None else str(res["csex"]),
    ]
    for zc in ref.Z_COLUMNS:
        f.append(fmt_z(res[zc]))
        f.append(fmt_bool(res[ref._FLAG_OF[zc]]))
    return ",".join(f)


def main() -> None:
    # --random N [--seed S]: only N random children (test/differential.sh);
    # without arguments: the committed golden file.
    args = sys.argv[1:]
    if args and args[0] == "--random":
        n = int(args[1])
        seed = int(args[3]) if len(args) > 3 and args[2] == "--seed" else SEED
        sections = [("random children", random_children(random.Random(seed), n))]
    else:
        rng = random.Random(SEED)
        sections = [
            ("random children", random_children(rng, 20000)),
            ("boundary ages", boundary_ages()),
            ("wfl/wfh ends", wflh_ends()),
            ("wfl/wfh +-0.7 grid", wflh_grid()),
            ("z targets (+-3, flag limits)", target_rows(rng, 10)),
            ("zero/negative measurements", zero_negative_rows()),
        ]
    header = list(INPUT_COLUMNS) + list(ref.OUTPUT_COLUMNS)
    lines = [",".join(header)]
    dropped = 0
    for name, rows in sections:
        kept = 0
        for r in rows:
            res = ref.anthro_zscores_detail(
                r["sex"], r["age_days"], r["weight_kg"], r["lenhei_cm"],
                r["measure"], r["oedema"], r["headc_cm"], r["armc_cm"],
                r["triskin_mm"], r["subskin_mm"])
            if any(ref.is_near_round_tie(z) for z in res["raw"].values()):
                dropped += 1
                continue
            lines.append(format_row(r, res))
            kept += 1
        print(f"{name}: {kept} rows", file=sys.stderr)
    print(f"total: {len(lines) - 1} rows; dropped as rounding-tie-sensitive: "
          f"{dropped}", file=sys.stderr)
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
