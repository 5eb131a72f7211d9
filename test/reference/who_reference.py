"""Independent reference implementation of WHO child anthropometric z-scores.

Written only from the specification in shared/spec/who-algorithm.md (cited
below as "spec §N") and the raw LMS tables described in shared/who/SOURCE.md.
It is a cross-check for the C implementation of the `stunting` PostgreSQL
extension and deliberately shares no code with it.  Python 3.11, standard
library only.

Scope
-----
* 2006 WHO Child Growth Standards (age < 60 months or age missing): spec §1-7.
* 2007 WHO Growth Reference (60 <= months <= 228), as `anthroplus` computes
  it: spec §9.1.

The interface follows the semantics of OUR SQL function, which differ from
WHO's R code in a few deliberate places (sex/measure/oedema arrive already
cleaned; negative measurements in the 2007 range give NULL instead of an R
error; any non-finite z or cbmi gives NULL).  Those places are marked
"OUR RULE" in the comments.

Public API
----------
anthro_zscores(sex, age_days, weight_kg, lenhei_cm, measure=None, oedema=False,
               headc_cm=None, armc_cm=None, triskin_mm=None, subskin_mm=None)
    -> dict with keys OUTPUT_COLUMNS (None = SQL NULL).
zscore_lhfa, zscore_wfa, zscore_wflh, zscore_bfa, zscore_hcfa, zscore_acfa,
zscore_tsfa, zscore_ssfa: single-column convenience wrappers.
anthro_zscores_detail(...): like anthro_zscores, plus the unrounded z values
    (key "raw"), used by the golden-file generator to drop rounding ties.

The table directory is taken from the `tables_dir` keyword argument, else the
environment variable STUNTING_WHO_DIR, else ../shared/who beside the checkout.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

DEFAULT_WHO_DIR = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "who"))
DAYS_PER_MONTH = 30.4375  # spec §2 (= 365.25 / 12)

OUTPUT_COLUMNS = (
    "clenhei", "cmeasure", "c9mo_flag", "cbmi", "csex",
    "zlen", "flen", "zwei", "fwei", "zwfl", "fwfl", "zbmi", "fbmi",
    "zhc", "fhc", "zac", "fac", "zts", "fts", "zss", "fss",
)
Z_COLUMNS = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac", "zts", "zss")

INF = math.inf
NAN = math.nan


# ---------------------------------------------------------------------------
# Arithmetic helpers that mimic R
# ---------------------------------------------------------------------------

def rpow(x: float, y: float) -> float:
    """R's `x ^ y` for doubles (R arithmetic.c, R_pow on non-Windows).

    R squares with x*x when y == 2 and otherwise calls C pow(); Python's
    math.pow is a thin wrapper around C pow() but raises where C returns
    Inf/NaN, so those cases are spelled out here (spec §4.1/§4.2 brief:
    "R computes a^b with C pow(), except b == 2 -> a*a").
    """
    if y == 2.0:
        return x * x
    if x == 1.0 or y == 0.0:
        return 1.0
    if math.isnan(x) or math.isnan(y):
        return x + y
    if x == 0.0:
        return 0.0 if y > 0.0 else INF  # 0^negative = +Inf (C pow, R_pow)
    if math.isfinite(x) and math.isfinite(y):
        try:
            return math.pow(x, y)
        except ValueError:  # negative base, non-integer exponent: C gives NaN
            return NAN
        except OverflowError:  # C gives +-HUGE_VAL
            if x < 0.0 and y == math.floor(y) and math.fmod(y, 2.0) != 0.0:
                return -INF
            return INF
    # Non-finite operands (only reachable via cbmi = +-Inf): R_pow rules.
    if not math.isfinite(x):
        if x > 0.0:
            return 0.0 if y < 0.0 else INF
        if math.isfinite(y) and y == math.floor(y):
            if y < 0.0:
                return 0.0
            return x if math.fmod(y, 2.0) != 0.0 else -x
    if not math.isfinite(y) and x >= 0.0:
        if y > 0.0:
            return INF if x >= 1.0 else 0.0
        return INF if x < 1.0 else 0.0
    return NAN


def rdiv(a: float, b: float) -> float:
    """IEEE division (Python raises ZeroDivisionError instead)."""
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return NAN
        return math.copysign(INF, a) * math.copysign(1.0, b)
    return a / b


def r_round2(x: float) -> float:
    """R's round(x, 2), R >= 4.0.0 algorithm (spec §4.4).

    a = |x|, t = a*100, lo = floor(t)/100, hi = ceil(t)/100; choose hi when
    it is strictly nearer, or on an exact tie when floor(t) is odd; then put
    the sign back.  NaN/Inf and 0 are returned unchanged (as R does).
    """
    if not math.isfinite(x) or x == 0.0:
        return x
    sgn = -1.0 if x < 0.0 else 1.0
    a = -x if x < 0.0 else x
    t = a * 100.0
    ft = math.floor(t)
    lo = ft / 100.0
    hi = math.ceil(t) / 100.0
    du = hi - a
    dd = a - lo
    if du < dd or (du == dd and math.fmod(ft, 2.0) == 1.0):
        return sgn * hi
    return sgn * lo


def round_half_up(x: float) -> int:
    """age_days_int: floor(x) + 1 if the fraction is >= 0.5 (spec §2)."""
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)


def is_near_round_tie(z: float, tol: float = 1e-7) -> bool:
    """True if |z|*100 lies within `tol` of k + 0.5 (a 2-decimal rounding tie).

    Used by the golden generator: such values could round differently under
    a 1-ulp difference, so they are not used as expected results.
    """
    if z is None or not math.isfinite(z):
        return False
    t = abs(z) * 100.0
    return abs(t - (math.floor(t) + 0.5)) < tol


# ---------------------------------------------------------------------------
# LMS tables
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LMS:
    l: float
    m: float
    s: float


def _read_table(path: str, tenths: bool) -> dict[tuple[int, int], LMS]:
    """Read one raw WHO table (TSV, CRLF, header; spec SOURCE.md).

    Keys are (sex, k): k is the integer age (days or months) or, for the
    WFL/WFH tables (tenths=True), the length in tenths of a cm, parsed from
    the decimal text exactly (no float rounding), as spec §6.2 allows.
    """
    table: dict[tuple[int, int], LMS] = {}
    with open(path, "r", encoding="ascii", newline="") as fh:
        lines = fh.read().split("\r\n")
    header = lines[0].split("\t")
    assert header[0] == "sex" and header[2:5] == ["l", "m", "s"], (path, header)
    for line in lines[1:]:
        if not line:
            continue
        f = line.split("\t")
        sex = int(f[0])
        if tenths:
            whole, _, frac = f[1].partition(".")
            assert len(frac) <= 1, f[1]
            key = int(whole) * 10 + (int(frac) if frac else 0)
        else:
            key = int(f[1])
        table[(sex, key)] = LMS(float(f[2]), float(f[3]), float(f[4]))
    return table


_TABLE_FILES = {
    # name: (relative path, key in tenths of cm?)
    "len": ("2006/lenanthro.txt", False),
    "wei": ("2006/weianthro.txt", False),
    "bmi": ("2006/bmianthro.txt", False),
    "hc": ("2006/hcanthro.txt", False),
    "ac": ("2006/acanthro.txt", False),
    "ts": ("2006/tsanthro.txt", False),
    "ss": ("2006/ssanthro.txt", False),
    "wfl": ("2006/wflanthro.txt", True),
    "wfh": ("2006/wfhanthro.txt", True),
    "hfa07": ("2007/hfawho2007.txt", False),
    "wfa07": ("2007/wfawho2007.txt", False),
    "bfa07": ("2007/bfawho2007.txt", False),
}

_TABLE_CACHE: dict[str, dict[str, dict]] = {}


def load_tables(tables_dir: str | None = None) -> dict[str, dict]:
    """Load (and cache) all twelve tables from `tables_dir`."""
    d = tables_dir or os.environ.get("STUNTING_WHO_DIR") or DEFAULT_WHO_DIR
    d = os.path.abspath(d)
    if d not in _TABLE_CACHE:
        _TABLE_CACHE[d] = {
            name: _read_table(os.path.join(d, rel), tenths)
            for name, (rel, tenths) in _TABLE_FILES.items()
        }
    return _TABLE_CACHE[d]


# ---------------------------------------------------------------------------
# LMS z-score (spec §4.1, §4.2)
# ---------------------------------------------------------------------------

def lms_sd(p: LMS, k: float) -> float:
    """SD(k) = M * (1 + L*S*k)^(1/L): the measurement at z = k (spec §4.2)."""
    return p.m * rpow(1.0 + p.l * p.s * k, 1.0 / p.l)


def z_plain(y: float, p: LMS) -> float:
    """z = ((y/M)^L - 1) / (S*L) (spec §4.1)."""
    return (rpow(rdiv(y, p.m), p.l) - 1.0) / (p.s * p.l)


def z_restricted(y: float, p: LMS) -> float:
    """Plain z, replaced by the linear extension beyond +-3 SD (spec §4.2).

    The switch is tested on the unrounded plain z, strictly.  NaN passes
    through unchanged (neither comparison holds).
    """
    z = z_plain(y, p)
    if z > 3.0:
        sd3 = lms_sd(p, 3.0)
        sd2 = lms_sd(p, 2.0)
        z = 3.0 + (y - sd3) / (sd3 - sd2)
    elif z < -3.0:
        sd3n = lms_sd(p, -3.0)
        sd2n = lms_sd(p, -2.0)
        z = -3.0 + (y - sd3n) / (sd2n - sd3n)
    return z


def interp_lms(lo: LMS, up: LMS | None, d: float) -> LMS | None:
    """P = P_lo + d*(P_up - P_lo) for d > 0; the low row as is for d == 0.

    Shared by WFL/WFH (spec §6.2) and the 2007 month tables (spec §9.1).
    Returns None when an upper row is needed but missing.
    """
    if d > 0.0:
        if up is None:
            return None
        return LMS(lo.l + d * (up.l - lo.l),
                   lo.m + d * (up.m - lo.m),
                   lo.s + d * (up.s - lo.s))
    return lo


def wflh_lms(tables: dict, table: str, sex: int, clenhei: float) -> LMS | None:
    """Interpolated LMS for a length/height, copying R's arithmetic (§6.2).

    low = trunc(x*10)/10, up = trunc(x*10 + 1)/10, d = (x - low)/0.1; the
    rows are those with keys trunc(x*10) and trunc(x*10 + 1) in tenths.
    """
    t = tables[table]
    k_lo = math.trunc(clenhei * 10.0)
    k_up = math.trunc(clenhei * 10.0 + 1.0)
    low = k_lo / 10.0
    d = (clenhei - low) / 0.1
    lo = t.get((sex, k_lo))
    if lo is None:
        return None
    return interp_lms(lo, t.get((sex, k_up)), d)


def month_lms(tables: dict, table: str, sex: int, months: float) -> LMS | None:
    """2007 tables: lo = trunc(m), up = trunc(m + 1), d = m - lo (spec §9.1)."""
    t = tables[table]
    k_lo = math.trunc(months)
    k_up = math.trunc(months + 1.0)
    d = months - k_lo
    lo = t.get((sex, k_lo))
    if lo is None:
        return None
    return interp_lms(lo, t.get((sex, k_up)), d)


# ---------------------------------------------------------------------------
# Flags (spec §4.5)
# ---------------------------------------------------------------------------

def _flag(col: str, z: float | None) -> bool | None:
    if z is None:
        return None
    if col == "zlen":
        return z < -6.0 or z > 6.0
    if col == "zwei":
        return z < -6.0 or z > 5.0
    return z < -5.0 or z > 5.0


_FLAG_OF = {"zlen": "flen", "zwei": "fwei", "zwfl": "fwfl", "zbmi": "fbmi",
            "zhc": "fhc", "zac": "fac", "zts": "fts", "zss": "fss"}


def _finite_or_none(x: float | None) -> float | None:
    """OUR RULE: non-finite values (Inf/NaN) become NULL."""
    if x is None or not math.isfinite(x):
        return None
    return x


# ---------------------------------------------------------------------------
# Main entry point
# ---------------------------------------------------------------------------

def _f(x) -> float | None:
    return None if x is None else float(x)


def anthro_zscores_detail(sex, age_days, weight_kg, lenhei_cm, measure=None,
                          oedema=False, headc_cm=None, armc_cm=None,
                          triskin_mm=None, subskin_mm=None, *,
                          tables_dir: str | None = None) -> dict:
    """anthro_zscores plus key "raw": {zcol: unrounded z or None}."""
    tables = load_tables(tables_dir)

    if sex not in (None, 1, 2):
        raise ValueError(f"sex must be 1, 2 or None, got {sex!r}")
    if measure not in (None, "l", "h"):
        raise ValueError(f"measure must be 'l', 'h' or None, got {measure!r}")
    oedema = bool(oedema)  # None -> False (spec §1: NA oedema means "n")
    age = _f(age_days)
    if age is not None and (math.isnan(age) or age < 0.0):
        raise ValueError("age_days must be >= 0")  # R errors too (spec §1)
    w = _f(weight_kg)
    h = _f(lenhei_cm)
    headc, armc = _f(headc_cm), _f(armc_cm)
    triskin, subskin = _f(triskin_mm), _f(subskin_mm)

    months = age / DAYS_PER_MONTH if age is not None else None  # unrounded
    raw: dict[str, float | None] = {c: None for c in Z_COLUMNS}

    if months is not None and months >= 60.0:
        # ---------------- 2007 reference (spec §9.1) ----------------------
        # No measure handling, no +-0.7, no 9-month rule: height is used as
        # given, cmeasure is echoed.
        clenhei = h
        cmeasure = measure
        c9mo = False
        # OUR RULE: BMI only from a positive height (WHO divides by 0 or
        # squares a negative height).
        cbmi_calc = None
        if w is not None and h is not None and h > 0.0:
            cbmi_calc = rdiv(w, (h / 100.0) * (h / 100.0))
        if sex is not None and months <= 228.0:
            # OUR RULE: a negative input measurement gives NULL (anthroplus
            # raises an error instead); 0 is computed as anthroplus does.
            h_ok = h is not None and h >= 0.0
            w_ok = w is not None and w >= 0.0
            if h_ok:
                p = month_lms(tables, "hfa07", sex, months)
                if p is not None:
                    raw["zlen"] = z_plain(h, p)
            if w_ok and not oedema and months <= 120.0:
                p = month_lms(tables, "wfa07", sex, months)
                if p is not None:
                    raw["zwei"] = z_restricted(w, p)
            if cbmi_calc is not None and w_ok and not oedema:
                p = month_lms(tables, "bfa07", sex, months)
                if p is not None:
                    raw["zbmi"] = z_restricted(cbmi_calc, p)
    else:
        # ---------------- 2006 standards (spec §1-7) ----------------------
        age_int = round_half_up(age) if age is not None else None

        # §3.1: standing measurement under 9 months -> measure unknown.
        cmeasure = measure
        c9mo = False
        if measure == "h" and months is not None and months < 9.0:
            cmeasure = None
            c9mo = True

        # §3.2: +-0.7 cm adjustment on age_days_int (731-day switch).
        clenhei = h
        if h is not None and age_int is not None:
            if age_int < 731 and cmeasure == "h":
                clenhei = h + 0.7
            elif age_int >= 731 and cmeasure == "l":
                clenhei = h - 0.7

        # §3.3: BMI from the adjusted length/height; (x/100)^2 is x*x in R.
        # OUR RULE: BMI only from a positive length/height (WHO computes a
        # BMI, and a BMI-for-age z, from a negative one).
        cbmi_calc = None
        if w is not None and clenhei is not None and clenhei > 0.0:
            cbmi_calc = rdiv(w, (clenhei / 100.0) * (clenhei / 100.0))

        if sex is not None:
            # §5: age-based indicators; exact (sex, age_days_int) lookup.
            # months < 60 already holds on this branch, so age_int <= 1826.
            # A measurement <= 0 is NA (§4.3); NaN cbmi (0/0) is NA too.
            def age_based(table: str, y: float | None, restricted: bool):
                if age_int is None or y is None or not (y > 0.0):
                    return None
                p = tables[table].get((sex, age_int))
                if p is None:  # e.g. < 91 days for ac/ts/ss
                    return None
                return z_restricted(y, p) if restricted else z_plain(y, p)

            raw["zlen"] = age_based("len", clenhei, False)
            raw["zhc"] = age_based("hc", headc, False)
            raw["zac"] = age_based("ac", armc, True)
            raw["zts"] = age_based("ts", triskin, True)
            raw["zss"] = age_based("ss", subskin, True)
            if not oedema:  # §5 step 4: oedema only affects zwei and zbmi
                raw["zwei"] = age_based("wei", w, True)
                raw["zbmi"] = age_based("bmi", cbmi_calc, True)

            # §6: weight-for-length/height.  No weight <= 0 check (§4.3);
            # computed also when age is missing (§6.3 last bullet).
            if clenhei is not None and w is not None and not oedema:
                if age_int is not None:
                    table = "wfl" if age_int < 731 else "wfh"
                elif cmeasure == "l":
                    table = "wfl"
                elif cmeasure == "h":
                    table = "wfh"
                else:
                    table = "wfl" if clenhei < 87.0 else "wfh"
                lo_lim, hi_lim = (45.0, 110.0) if table == "wfl" else (65.0, 120.0)
                if lo_lim <= clenhei <= hi_lim:
                    p = wflh_lms(tables, table, sex, clenhei)
                    if p is not None:
                        raw["zwfl"] = z_restricted(w, p)

    out: dict = {
        "clenhei": clenhei,
        "cmeasure": cmeasure,
        "c9mo_flag": c9mo,
        "cbmi": _finite_or_none(cbmi_calc),
        "csex": sex,
    }
    for col in Z_COLUMNS:
        r = _finite_or_none(raw[col])
        raw[col] = r
        z = r_round2(r) if r is not None else None
        out[col] = z
        out[_FLAG_OF[col]] = _flag(col, z)
    result = {c: out[c] for c in OUTPUT_COLUMNS}
    result["raw"] = raw
    return result


def anthro_zscores(sex, age_days, weight_kg, lenhei_cm, measure=None,
                   oedema=False, headc_cm=None, armc_cm=None, triskin_mm=None,
                   subskin_mm=None, *, tables_dir: str | None = None) -> dict:
    """One child's row of anthro_zscores (spec §7 columns; None = NULL)."""
    d = anthro_zscores_detail(sex, age_days, weight_kg, lenhei_cm, measure,
                              oedema, headc_cm, armc_cm, triskin_mm,
                              subskin_mm, tables_dir=tables_dir)
    del d["raw"]
    return d


# Single-indicator wrappers: identical to the matching anthro_zscores column.

def zscore_lhfa(sex, age_days, lenhei, measure=None, **kw):
    return anthro_zscores(sex, age_days, None, lenhei, measure, **kw)["zlen"]


def zscore_wfa(sex, age_days, weight, oedema=False, **kw):
    return anthro_zscores(sex, age_days, weight, None, None, oedema, **kw)["zwei"]


def zscore_wflh(sex, weight, lenhei, measure=None, age_days=None, oedema=False, **kw):
    return anthro_zscores(sex, age_days, weight, lenhei, measure, oedema, **kw)["zwfl"]


def zscore_bfa(sex, age_days, weight, lenhei, measure=None, oedema=False, **kw):
    return anthro_zscores(sex, age_days, weight, lenhei, measure, oedema, **kw)["zbmi"]


def zscore_hcfa(sex, age_days, value, **kw):
    return anthro_zscores(sex, age_days, None, None, headc_cm=value, **kw)["zhc"]


def zscore_acfa(sex, age_days, value, **kw):
    return anthro_zscores(sex, age_days, None, None, armc_cm=value, **kw)["zac"]


def zscore_tsfa(sex, age_days, value, **kw):
    return anthro_zscores(sex, age_days, None, None, triskin_mm=value, **kw)["zts"]


def zscore_ssfa(sex, age_days, value, **kw):
    return anthro_zscores(sex, age_days, None, None, subskin_mm=value, **kw)["zss"]


if __name__ == "__main__":  # tiny manual check: python3 who_reference.py
    import json
    print(json.dumps(anthro_zscores(1, 365, 9.5, 74.0, "l"), indent=1))
