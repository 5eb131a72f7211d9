#!/usr/bin/env python3
"""Independent reference for the hotspot statistics (test/spatial_parity.sh).

Written from the formulas of ../shared/spec/spatial.md §4.2 and the esda
code they describe, in plain Python (no numpy), without looking at
extension/spatial_stats.c: Gi* with binary weights and self weight 1,
Local Moran's I with row-standardised weights and esda's total-randomisation
moments, empirical Bayes (Marshall's Poisson and the beta-binomial moments),
global and spatial.

Input (stdin): JSON {"ids": [...], "y": [...], "cases": [...],
"population": [...], "pairs": [[from, to], ...]}.
Output (stdout): JSON {"gi": {id: [g, z, p_norm]}, "moran": {id: [i,
quadrant, z_norm, p_norm]}, "eb": {method_scope: {id: [raw, smoothed]}}};
null where undefined.
"""
import json
import math
import sys


def neighbours(ids, pairs):
    pos = {a: k for k, a in enumerate(ids)}
    nb = [set() for _ in ids]
    for f, t in pairs:
        if f != t:
            nb[pos[f]].add(pos[t])
            nb[pos[t]].add(pos[f])
    return [sorted(s) for s in nb]


def two_sided(z):
    return math.erfc(abs(z) / math.sqrt(2))


def gi_star(y, nb):
    n = len(y)
    total = sum(y)
    mean = total / n
    var = sum(v * v for v in y) / n - mean * mean
    out = []
    for i in range(n):
        if not nb[i] or total == 0:
            out.append([None, None, None])
            continue
        w = len(nb[i]) + 1  # binary neighbours plus the self weight
        g = (y[i] + sum(y[j] for j in nb[i])) / total
        e = w / n
        v = w * (n - w) / (n - 1) / n ** 2 * var / mean ** 2
        z = (g - e) / math.sqrt(v) if v > 0 else None
        out.append([g, z, two_sided(z) if z is not None else None])
    return out


def local_moran(y, nb):
    n = len(y)
    mean = sum(y) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in y) / n)
    if sd == 0:
        return [[None] * 4 for _ in y]
    z = [(v - mean) / sd for v in y]
    den = sum(v * v for v in z)
    m2 = den / n
    out = []
    for i in range(n):
        k = len(nb[i])
        if k == 0:
            out.append([None] * 4)
            continue
        lag = sum(z[j] for j in nb[i]) / k
        li = (n - 1) * z[i] * lag / den
        quad = ("HH" if lag > 0 else "HL") if z[i] > 0 else ("LH" if lag > 0 else "LL")
        wi, wi2 = 1.0, 1.0 / k
        b2 = (z[i] ** 4 / n) / m2 ** 2  # esda: m4 per area, z_i^4 / n
        ei = -wi / (n - 1)
        vi = (wi2 * (n - b2) / (n - 1)
              + (wi ** 2 - wi2) * (2 * b2 - n) / ((n - 1) * (n - 2))
              - (wi / (n - 1)) ** 2)
        zn = (li - ei) / math.sqrt(vi) if vi > 0 else None
        out.append([li, quad, zn, two_sided(zn) if zn is not None else None])
    return out


def eb(cases, pop, method, nb=None):
    n = len(cases)
    raw = [c / b for c, b in zip(cases, pop)]

    def prior(members):
        e = sum(cases[j] for j in members)
        b = sum(pop[j] for j in members)
        beta = e / b
        s2 = sum(pop[j] * (raw[j] - beta) ** 2 for j in members) / b
        bbar = b / len(members)
        if method == "poisson":
            alpha = s2 - beta / bbar
        else:
            v = beta * (1 - beta)
            alpha = (s2 - v / bbar) / (1 - 1 / bbar) if bbar > 1 else 0.0
            alpha = min(alpha, v)
        return beta, max(alpha, 0.0)

    out = []
    glob = prior(range(n)) if nb is None else None
    for i in range(n):
        beta, alpha = glob if nb is None else prior([i] + nb[i])
        noise = beta / pop[i] if method == "poisson" else (beta * (1 - beta) - alpha) / pop[i]
        w = alpha / (alpha + noise) if alpha + noise > 0 else 0.0
        out.append([raw[i], beta + (raw[i] - beta) * w])
    return out


def main():
    d = json.load(sys.stdin)
    ids = d["ids"]
    nb = neighbours(ids, d["pairs"])
    res = {
        "gi": dict(zip(ids, gi_star(d["y"], nb))),
        "moran": dict(zip(ids, local_moran(d["y"], nb))),
        "eb": {},
    }
    for method in ("poisson", "binomial"):
        res["eb"][method + "_global"] = dict(zip(ids, eb(d["cases"], d["population"], method)))
        res["eb"][method + "_spatial"] = dict(zip(ids, eb(d["cases"], d["population"], method, nb)))
    json.dump(res, sys.stdout)


if __name__ == "__main__":
    main()
