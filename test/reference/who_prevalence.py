"""Independent reference for WHO's prevalence tables (anthro_prevalence and
anthroplus_prevalence), written from shared/spec/who-algorithm.md §8 and §9.2
only, for the simple design (no weights) and the weights-only design.

It works the way WHO's R code does: row by row, two passes per group and
variable (mean, then squared deviations), every group against the whole data
set (domain estimation).  It shares no code with the C implementation, whose
summaries are one-pass and mergeable.  The Student-t quantile comes from
mpmath at 40 digits (Debian package python3-mpmath), not from the C code.

Public API
----------
prevalence_table(rows, *, plus=False) -> list of (group, key, estimate)
    rows: dicts with keys sex (1/2/None), age_days (float/None), oedema (bool),
    sw (float/None; the key absent or every sw == 1 means the simple design),
    and the anthro_zscores output columns (zlen, flen, zwei, fwei, zwfl, fwfl,
    zbmi, fbmi).  plus=True follows anthroplus_prevalence (5-19 years).
    estimate: dict r, se, ll, ul, stdev, pop, unwpop (None = NA).
"""

from __future__ import annotations

import math

import mpmath

DAYS_PER_MONTH = 30.4375
OEDEMA_AUX = -3.1
INDICATORS = ("HA", "WA", "BMI", "WH")
Z_OF = {"HA": ("zlen", "flen"), "WA": ("zwei", "fwei"),
        "BMI": ("zbmi", "fbmi"), "WH": ("zwfl", "fwfl")}
CUTOFFS = (("_3", lambda v: v < -3), ("_2", lambda v: v < -2), ("_1", lambda v: v < -1),
           ("1", lambda v: v > 1), ("2", lambda v: v > 2), ("3", lambda v: v > 3))

_qt_cache: dict[float, float] = {}


def qt975(df: float) -> float:
    """qt(0.975, df) to double precision (NaN for df < 1, as R gives NaN at df = 0)."""
    if not df >= 1:
        return math.nan
    if df not in _qt_cache:
        mpmath.mp.dps = 40
        d = mpmath.mpf(df)

        def upper_tail_minus(t):
            return mpmath.betainc(d / 2, mpmath.mpf(1) / 2, 0, d / (d + t * t),
                                  regularized=True) / 2 - mpmath.mpf("0.025")

        _qt_cache[df] = float(mpmath.findroot(upper_tail_minus, (mpmath.mpf("1.9"),
                                                                 mpmath.mpf(13)),
                                              solver="anderson"))
    return _qt_cache[df]


def plogis(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _months(row):
    a = row.get("age_days")
    return None if a is None else a / DAYS_PER_MONTH


def kept_rows(rows, plus: bool):
    """§8.1 (age missing or rounded days <= 1826) and §9.2 (60 <= months <= 228)."""
    out = []
    for r in rows:
        m = _months(r)
        if plus:
            if m is not None and 60 <= m <= 228:
                out.append(r)
        elif m is None or math.floor(r["age_days"] + 0.5) <= 1826:
            out.append(r)
    return out


def groups(plus: bool):
    """WHO's rows in WHO's order: (name, predicate on a row)."""
    def sexed(s):
        return lambda r: r.get("sex") == s

    def aged(lo, hi):
        return lambda r: _months(r) is not None and lo <= _months(r) < hi

    def both(f, g):
        return lambda r: f(r) and g(r)

    out = [("All", lambda r: True)]
    if not plus:
        bands = [(0, 6), (6, 12), (12, 24), (24, 36), (36, 48), (48, 60)]
        for lo, hi in bands:
            out.append((f"Age group: {lo:02d}-{hi - 1:02d} mo", aged(lo, hi)))
        out.append(("Sex: Female", sexed(2)))
        out.append(("Sex: Male", sexed(1)))
        for s, sname in ((2, "Female"), (1, "Male")):
            for lo, hi in bands:
                out.append((f"Age + sex: {lo:02d}-{hi - 1:02d} mo.{sname}",
                            both(aged(lo, hi), sexed(s))))
    else:
        out.append(("Sex: Female", sexed(2)))
        out.append(("Sex: Male", sexed(1)))
        for lo in range(60, 228, 12):
            out.append((f"Age Group 1: {lo}-{lo + 11} mo", aged(lo, lo + 12)))
        out.append(("Age Group 1: 228-228 mo", aged(228, 229)))
        wide = [(60, 120, "60-119"), (120, 180, "120-179"), (180, 229, "180-228")]
        for lo, hi, name in wide:
            out.append((f"Age Group 2: {name} mo", aged(lo, hi)))
        for lo, hi, name in wide:
            for s, sname in ((2, "Female"), (1, "Male")):
                out.append((f"Age + Sex: {sname}.{name} mo", both(aged(lo, hi), sexed(s))))
    return out


def _variables(r, plus: bool):
    """Per row: z (flags and oedema removed) and the auxiliary value, per indicator."""
    m = _months(r)
    z, aux = {}, {}
    for ind in INDICATORS:
        zc, fc = Z_OF[ind]
        v = r.get(zc)
        if v is not None and r.get(fc):
            v = None  # §8.1 step 1
        oedema_aux = False
        if r.get("oedema") and ind != "HA":
            if not plus:
                oedema_aux = True
            elif ind == "BMI" or (ind == "WA" and m is not None and m <= 120):
                oedema_aux = True
        if oedema_aux:
            z[ind], aux[ind] = None, OEDEMA_AUX
        else:
            z[ind], aux[ind] = v, v
    return z, aux


def prevalence_table(rows, *, plus: bool = False):
    rows = kept_rows(rows, plus)
    big_n = len(rows)
    weighted = any("sw" in r for r in rows) and not all(r.get("sw") == 1 for r in rows)
    w = [(r.get("sw") or 0.0) if weighted else 1.0 for r in rows]
    n_positive = sum(1 for x in w if x > 0)
    zs, auxs = zip(*[_variables(r, plus) for r in rows]) if rows else ((), ())

    # 0/1 columns, None = NA
    cols: dict[str, list] = {}
    for ind in INDICATORS:
        for suffix, test in CUTOFFS:
            cols[ind + suffix] = [None if a[ind] is None else (1 if test(a[ind]) else 0)
                                  for a in auxs]
    if not plus:
        for key, test in (("HA_2_WH_2", lambda wh: wh < -2), ("HA_2_WH2", lambda wh: wh > 2)):
            cols[key] = [None if (z["HA"] is None or a["WH"] is None)
                         else (1 if (z["HA"] < -2 and test(a["WH"])) else 0)
                         for z, a in zip(zs, auxs)]

    def pop_of(values, members):
        sel = [i for i in members if values[i] is not None]
        return (sum(w[i] for i in sel) if weighted else float(len(sel))), len(sel)

    def se_of(values, sel, r, total_w):
        scale = big_n / (big_n - 1) if big_n > 1 else math.inf
        dev = sum((w[i] * (values[i] - r)) ** 2 for i in sel)
        if scale == math.inf:
            return math.nan if dev == 0 else math.inf
        return math.sqrt(scale) / total_w * math.sqrt(dev)

    def prevalence(values, members):
        est = dict(r=None, se=None, ll=None, ul=None, stdev=None)
        pop, unwpop = pop_of(values, members)
        est.update(pop=pop, unwpop=unwpop)
        sel = [i for i in members if values[i] is not None]
        if not sel:
            return est
        total_w = sum(w[i] for i in sel)
        if total_w <= 0:
            return est
        p = sum(w[i] * values[i] for i in sel) / total_w
        se = se_of(values, sel, p, total_w)
        est["r"], est["se"] = 100 * p, 100 * se
        if not weighted:
            if p == 1:
                ll = ul = 100.0
            elif p == 0:
                ll = ul = 0.0
            else:
                n = len(sel)
                se_logit = math.sqrt(big_n / (big_n - 1) * (1 / (n * p * (1 - p))))
                t = qt975(big_n - 1)
                lam = math.log(p / (1 - p))
                ll, ul = 100 * plogis(lam - se_logit * t), 100 * plogis(lam + se_logit * t)
        else:
            if 100 * p == 1:
                ll = ul = 1.0  # WHO's percent/proportion mix-up (spec §8.4)
            elif p == 1:
                ll = ul = 100.0
            elif p == 0:
                ll = ul = 0.0
            else:
                se_logit = se / (p * (1 - p))
                t = qt975(n_positive - 1)
                lam = math.log(p / (1 - p))
                ll, ul = 100 * plogis(lam - se_logit * t), 100 * plogis(lam + se_logit * t)
        est["ll"], est["ul"] = ll, ul
        return est

    def zmean(ind, members):
        values = [z[ind] for z in zs]
        aux_values = [a[ind] for a in auxs]
        est = dict(r=None, se=None, ll=None, ul=None, stdev=None)
        pop, unwpop = pop_of(aux_values, members)
        est.update(pop=pop, unwpop=unwpop)
        sel = [i for i in members if values[i] is not None]
        if not sel:
            return est
        total_w = sum(w[i] for i in sel)
        if total_w <= 0:
            return est
        r = sum(w[i] * values[i] for i in sel) / total_w
        se = se_of(values, sel, r, total_w)
        t = qt975(big_n - 1)
        n = len(sel)
        stdev = (math.sqrt(sum(w[i] / total_w * (values[i] - r) ** 2 for i in sel) * n / (n - 1))
                 if n > 1 else None)
        est.update(r=r, se=se, ll=r - se * t, ul=r + se * t, stdev=stdev)
        return est

    out = []
    for gname, pred in groups(plus):
        members = [i for i, r in enumerate(rows) if pred(r)]
        blank_wa = plus and gname in ("All", "Sex: Female", "Sex: Male")  # §9.2
        for ind in (("HA", "WA", "BMI") if plus else INDICATORS):
            for suffix, _ in CUTOFFS:
                est = prevalence(cols[ind + suffix], members)
                if ind == "WA" and blank_wa:
                    est = {k: None for k in est}
                out.append((gname, ind + suffix, est))
            est = zmean(ind, members)
            if ind == "WA" and blank_wa:
                est = {k: None for k in est}
            out.append((gname, ind, est))
        if not plus:
            for key in ("HA_2_WH_2", "HA_2_WH2"):
                out.append((gname, key, prevalence(cols[key], members)))
    return out
