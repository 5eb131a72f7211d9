#!/usr/bin/env python3
"""Generate the WHO prevalence golden files for stunting.summarize.

    /usr/bin/python3 test/golden/make_prevalence.py test/golden

writes prevalence_input.csv (children: dataset,sex,age_days,weight_kg,
lenhei_cm,measure,oedema,sw) and prevalence_expected.csv (dataset,grp,key,
r,se,ll,ul,stdev,pop,unwpop): WHO's prevalence tables for each data set, every
group row of anthro_prevalence (21) or anthroplus_prevalence (27), computed by
test/reference/who_prevalence.py from z-scores computed by
test/reference/who_reference.py.  Deterministic (fixed seed); empty = NA.
Needs mpmath (Debian: python3-mpmath).

A child whose unrounded z-score lies within 1e-7 of a rounding tie is drawn
again, as in make_golden.py: there the two implementations may round apart.
"""

from __future__ import annotations

import csv
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))

import who_prevalence as prev  # noqa: E402
import who_reference as ref  # noqa: E402

SEED = 20190222
DAYS = 30.4375
# rough WHO medians by month (boys and girls alike): length/height, weight
LEN = [(0, 49.9), (6, 67.6), (12, 75.7), (24, 87.1), (36, 96.1), (48, 103.3), (60, 110.0),
       (120, 138.0), (180, 168.0), (229, 176.0)]
WT = [(0, 3.3), (6, 7.9), (12, 9.6), (24, 12.2), (36, 14.3), (48, 16.3), (60, 18.3),
      (120, 31.0), (180, 56.0), (229, 68.0)]


def interp(table, m):
    for (m0, v0), (m1, v1) in zip(table, table[1:]):
        if m0 <= m <= m1:
            return v0 + (v1 - v0) * (m - m0) / (m1 - m0)
    return table[-1][1]


def tie_sensitive(z: dict) -> bool:
    return any(v is not None and ref.is_near_round_tie(v) for v in z["raw"].values())


def child(rng: random.Random, plus: bool, weighted: bool):
    while True:
        if plus:
            months = rng.uniform(60, 228) if rng.random() > 0.01 else 228.0
        else:
            months = rng.uniform(0, 59.99)
        age = round(months * DAYS) if rng.random() < 0.7 else months * DAYS
        sex = rng.choice((1, 2)) if rng.random() > 0.01 else None
        length = interp(LEN, months) * (1 + 0.045 * rng.gauss(-1.0, 1.1))
        weight = interp(WT, months) * pow(2.718281828, 0.13 * rng.gauss(-0.4, 1.1))
        if rng.random() < 0.01:
            length *= rng.choice((0.6, 1.5))  # gives flags
        if rng.random() < 0.01:
            weight *= rng.choice((0.4, 2.5))
        length = round(length, 1) if rng.random() < 0.8 else float(round(length))
        weight = round(weight, 1) if rng.random() < 0.8 else round(weight, 2)
        measure = None if plus else ("l" if months < 24 else "h")
        oedema = rng.random() < 0.02
        row = dict(sex=sex, age_days=float(age), weight_kg=weight, lenhei_cm=length,
                   measure=measure, oedema=oedema)
        if rng.random() < 0.01:
            row["age_days"] = None
        if rng.random() < 0.02:
            row["weight_kg"] = None
        if rng.random() < 0.02:
            row["lenhei_cm"] = None
        if weighted:
            u = rng.random()
            row["sw"] = None if u < 0.01 else 0.0 if u < 0.02 else round(rng.uniform(0.2, 5), 3)
        if plus and (row["age_days"] is None or row["age_days"] / DAYS < 60):
            continue  # rounding to whole days can land a 60.0x-month child at 59.99
        z = ref.anthro_zscores_detail(row["sex"], row["age_days"], row["weight_kg"],
                                      row["lenhei_cm"], row["measure"], row["oedema"])
        if not tie_sensitive(z):
            del z["raw"]
            row.update(z)
            return row


def fixed(sex, months, weight, length, oedema=False, sw=None, measure=None):
    row = dict(sex=sex, age_days=months * DAYS, weight_kg=weight, lenhei_cm=length,
               measure=measure, oedema=oedema)
    if sw is not None:
        row["sw"] = sw
    row.update(ref.anthro_zscores(sex, row["age_days"], weight, length, measure, oedema))
    return row


def datasets():
    rng = random.Random(SEED)
    yield "simple", False, [child(rng, False, False) for _ in range(3000)]
    yield "weighted", False, [child(rng, False, True) for _ in range(1500)]
    yield "plus", True, [child(rng, True, False) for _ in range(2000)]
    yield "plus_weighted", True, [child(rng, True, True) for _ in range(800)]
    # one stunted child in 100, weight 2: WHO's weighted CI is [1, 1]
    one = [fixed(1, 24, 12.0, 87.0, sw=2.0) for _ in range(99)] + [fixed(1, 24, 12.0, 78.0, sw=2.0)]
    yield "one_percent", False, one
    yield "one_percent_unweighted", False, [{k: v for k, v in r.items() if k != "sw"} for r in one]
    yield "all_stunted", False, [fixed(2, 30, 11.0, 80.0 + k * 0.1) for k in range(10)]
    yield "one_row", False, [fixed(1, 10, 8.0, 70.0)]
    yield "oedema_only", False, [fixed(1 + k % 2, 12 + k, None, 75.0, oedema=True) for k in range(6)]
    # WH flagged for every child (weight far too high for the length)
    yield "flagged_only", False, [fixed(1 + k % 2, 20 + k, 30.0, 70.0 + k) for k in range(6)]


def fmt(x):
    if x is None:
        return ""
    if isinstance(x, int):
        return str(x)
    if x != x:
        return ""
    return repr(float(x))


def main(outdir):
    inputs, expected = [], []
    for name, plus, rows in datasets():
        for r in rows:
            inputs.append([name, fmt(r["sex"]), fmt(r["age_days"]), fmt(r["weight_kg"]),
                           fmt(r["lenhei_cm"]), r["measure"] or "", "t" if r["oedema"] else "f",
                           fmt(r.get("sw"))])
        for grp, key, est in prev.prevalence_table(rows, plus=plus):
            expected.append([name, grp, key] + [fmt(est[k]) for k in
                                                ("r", "se", "ll", "ul", "stdev", "pop", "unwpop")])
    with open(os.path.join(outdir, "prevalence_input.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["dataset", "sex", "age_days", "weight_kg", "lenhei_cm", "measure", "oedema", "sw"])
        w.writerows(inputs)
    with open(os.path.join(outdir, "prevalence_expected.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["dataset", "grp", "key", "r", "se", "ll", "ul", "stdev", "pop", "unwpop"])
        w.writerows(expected)
    print(f"{len(inputs)} children, {len(expected)} estimates", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else HERE)
