#!/usr/bin/env python3
"""Self-test of the reference implementation (who_reference.py).

    python3 test/reference/test_reference.py

Hand-derivable cases only: z = 0 at the median, z = +-2 at SD(+-2), the
linear extension beyond +-3, R's rounding, the 731-day and 60-month
switches, the 9-month rule and WFL interpolation.  Section numbers refer to
shared/spec/who-algorithm.md.
"""

from __future__ import annotations

import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import who_reference as ref  # noqa: E402
from who_reference import (  # noqa: E402
    LMS, anthro_zscores, anthro_zscores_detail, r_round2, zscore_acfa,
    zscore_bfa, zscore_hcfa, zscore_lhfa, zscore_ssfa, zscore_tsfa,
    zscore_wfa, zscore_wflh)

T = ref.load_tables()
DPM = 30.4375


def sd(p: LMS, k: float) -> float:
    """M (1 + L S k)^(1/L), written out independently of ref.lms_sd."""
    return p.m * (1.0 + p.l * p.s * k) ** (1.0 / p.l)


def raw(col, *args, **kw):
    return anthro_zscores_detail(*args, **kw)["raw"][col]


class TablesTest(unittest.TestCase):
    def test_row_counts_and_ranges(self):
        expect = {"len": (0, 1826), "wei": (0, 1826), "bmi": (0, 1826),
                  "hc": (0, 1826), "ac": (91, 1826), "ts": (91, 1826),
                  "ss": (91, 1826), "wfl": (450, 1100), "wfh": (650, 1200),
                  "hfa07": (60, 229), "wfa07": (60, 121), "bfa07": (60, 229)}
        for name, (lo, hi) in expect.items():
            for sex in (1, 2):
                keys = sorted(k for s, k in T[name] if s == sex)
                self.assertEqual(keys, list(range(lo, hi + 1)), name)

    def test_known_rows(self):
        # First data lines of the raw files (SOURCE.md / the files themselves).
        self.assertEqual(T["len"][(1, 0)], LMS(1.0, 49.8842, 0.03795))
        self.assertEqual(T["wfl"][(1, 451)], LMS(-0.3521, 2.4577, 0.09176))
        self.assertEqual(T["bfa07"][(1, 61)], LMS(-0.7387, 15.2641, 0.0839))
        # 730 -> 731 days: length-based to height-based median (SOURCE.md).
        self.assertEqual(T["len"][(1, 730)].m, 87.8018)
        self.assertEqual(T["len"][(1, 731)].m, 87.1303)


class LmsTest(unittest.TestCase):
    """§4.1/§4.2 on a few rows of every table."""

    AGE_ROWS = [0, 91, 500, 730, 731, 1826]

    def _z(self, table, sex, key, y):
        p = T[table][(sex, key)]
        restricted = table not in ("len", "hc", "hfa07")
        return ref.z_restricted(y, p) if restricted else ref.z_plain(y, p)

    def _rows(self):
        for t in ("len", "wei", "bmi", "hc", "ac", "ts", "ss"):
            for a in self.AGE_ROWS:
                if t in ("ac", "ts", "ss") and a < 91:
                    continue
                yield t, a
        for k in (450, 451, 870, 1100):
            yield "wfl", k
        for k in (650, 870, 1199, 1200):
            yield "wfh", k
        for t in ("hfa07", "bfa07"):
            for m in (60, 61, 150, 228):
                yield t, m
        for m in (60, 61, 100, 120):
            yield "wfa07", m

    def test_zero_at_median(self):
        for t, key in self._rows():
            for sex in (1, 2):
                p = T[t][(sex, key)]
                self.assertAlmostEqual(self._z(t, sex, key, p.m), 0.0,
                                       places=12, msg=(t, sex, key))

    def test_plus_minus_two_at_sd2(self):
        for t, key in self._rows():
            for sex in (1, 2):
                p = T[t][(sex, key)]
                for k in (-2.0, 2.0):
                    self.assertAlmostEqual(self._z(t, sex, key, sd(p, k)), k,
                                           places=9, msg=(t, sex, key, k))

    def test_restricted_is_linear_beyond_three(self):
        for t in ("wei", "bmi", "ac", "ts", "ss", "wfl", "wfh", "wfa07",
                  "bfa07"):
            key = {"wfl": 700, "wfh": 1000, "wfa07": 100, "bfa07": 100}.get(t, 400)
            p = T[t][(1, key)]
            sd3, sd2 = sd(p, 3.0), sd(p, 2.0)
            sdm3, sdm2 = sd(p, -3.0), sd(p, -2.0)
            for extra in (0.5, 1.7, 4.0):
                y_hi = sd3 + extra * (sd3 - sd2)
                self.assertAlmostEqual(ref.z_restricted(y_hi, p), 3 + extra, places=9)
                y_lo = sdm3 - extra * (sdm2 - sdm3)
                if y_lo > 0:
                    self.assertAlmostEqual(ref.z_restricted(y_lo, p), -3 - extra,
                                           places=9)
            # Within +-3 the restricted and the plain z agree.
            y = sd(p, 2.5)
            self.assertEqual(ref.z_restricted(y, p), ref.z_plain(y, p))
            # Beyond +3 they differ (L != 1 for every restricted table).
            y = sd3 + 2 * (sd3 - sd2)
            self.assertNotAlmostEqual(ref.z_plain(y, p), 5.0, places=3)

    def test_plain_indicators_not_restricted(self):
        # Length-for-age is plain LMS: z = (y/M - 1)/S even beyond +-3.
        p = T["len"][(2, 365)]
        y = p.m * (1 + 4.2 * p.s)
        self.assertEqual(zscore_lhfa(2, 365, y, "l"), 4.2)
        p = T["hc"][(1, 100)]
        y = p.m * (1 - 5.5 * p.s)
        self.assertEqual(zscore_hcfa(1, 100, y), -5.5)

    def test_public_api_at_median(self):
        for sex in (1, 2):
            for a in (0, 91, 730, 731, 1826):
                self.assertEqual(zscore_wfa(sex, a, T["wei"][(sex, a)].m), 0.0)
                self.assertEqual(zscore_hcfa(sex, a, T["hc"][(sex, a)].m), 0.0)
                meas = "l" if a < 731 else "h"
                self.assertEqual(zscore_lhfa(sex, a, T["len"][(sex, a)].m, meas), 0.0)
                if a >= 91:
                    self.assertEqual(zscore_acfa(sex, a, T["ac"][(sex, a)].m), 0.0)
                    self.assertEqual(zscore_tsfa(sex, a, T["ts"][(sex, a)].m), 0.0)
                    self.assertEqual(zscore_ssfa(sex, a, T["ss"][(sex, a)].m), 0.0)
            for k in (450, 800, 1100):
                self.assertEqual(zscore_wflh(sex, T["wfl"][(sex, k)].m, k / 10, "l"), 0.0)
            for m in (60, 100, 120):
                self.assertEqual(zscore_wfa(sex, m * DPM, T["wfa07"][(sex, m)].m), 0.0)
                self.assertEqual(zscore_lhfa(sex, m * DPM, T["hfa07"][(sex, m)].m, "h"), 0.0)


class RoundingTest(unittest.TestCase):
    """§4.4: R's round(x, 2)."""

    def test_documented_examples(self):
        self.assertEqual(r_round2(2.675), 2.67)   # 2.675 is stored below the tie
        self.assertEqual(r_round2(1.005), 1.0)    # stored below the tie
        self.assertEqual(r_round2(0.125), 0.12)   # exact tie, floor(12.5)=12 even
        self.assertEqual(r_round2(-2.675), -2.67)

    def test_by_the_algorithm(self):
        # 0.135 is stored as 0.13500000000000000888..., above the tie -> 0.14.
        self.assertEqual(r_round2(0.135), 0.14)
        # 0.375 is an exact tie, floor(37.5) = 37 is odd -> up to 0.38.
        self.assertEqual(r_round2(0.375), 0.38)
        self.assertEqual(r_round2(-0.375), -0.38)
        self.assertEqual(r_round2(2.994999), 2.99)
        self.assertEqual(r_round2(4.996), 5.0)
        self.assertEqual(r_round2(-0.001), 0.0)
        self.assertEqual(math.copysign(1, r_round2(-0.001)), -1.0)  # R keeps -0

    def test_half_up_age(self):
        self.assertEqual(ref.round_half_up(730.49), 730)
        self.assertEqual(ref.round_half_up(730.5), 731)
        self.assertEqual(ref.round_half_up(1826.3), 1826)


class FlagTest(unittest.TestCase):
    """§4.5: flags on the rounded z, strict limits."""

    def _wfa_at(self, z):
        p = T["wei"][(1, 400)]
        y = ref.lms_sd(p, 3.0) + (z - 3.0) * (ref.lms_sd(p, 3.0) - ref.lms_sd(p, 2.0)) \
            if z > 3 else ref.lms_sd(p, -3.0) + (z + 3.0) * (ref.lms_sd(p, -2.0) - ref.lms_sd(p, -3.0))
        return anthro_zscores(1, 400, y, None)

    def test_weight_for_age_asymmetric(self):
        r = self._wfa_at(5.004)
        self.assertEqual((r["zwei"], r["fwei"]), (5.0, False))
        r = self._wfa_at(5.006)
        self.assertEqual((r["zwei"], r["fwei"]), (5.01, True))
        r = self._wfa_at(-5.994)
        self.assertEqual((r["zwei"], r["fwei"]), (-5.99, False))
        r = self._wfa_at(-6.004)
        self.assertEqual((r["zwei"], r["fwei"]), (-6.0, False))
        r = self._wfa_at(-6.006)
        self.assertEqual((r["zwei"], r["fwei"]), (-6.01, True))

    def test_length_limit_six(self):
        p = T["len"][(2, 200)]
        r = anthro_zscores(2, 200, None, p.m * (1 + 5.994 * p.s), "l")
        self.assertEqual((r["zlen"], r["flen"]), (5.99, False))
        r = anthro_zscores(2, 200, None, p.m * (1 + 6.006 * p.s), "l")
        self.assertEqual((r["zlen"], r["flen"]), (6.01, True))

    def test_null_flag_for_null_z(self):
        r = anthro_zscores(1, 400, None, None)
        self.assertIsNone(r["zwei"])
        self.assertIsNone(r["fwei"])


class AgeSwitchTest(unittest.TestCase):
    def test_730_731(self):
        # §3.2: 730 -> length table, +0.7 for standing; 731 -> -0.7 for lying.
        r = anthro_zscores(1, 730, 12.0, 85.0, "h")
        self.assertEqual(r["clenhei"], 85.0 + 0.7)
        p = T["len"][(1, 730)]
        self.assertEqual(raw("zlen", 1, 730, 12.0, 85.0, "h"),
                         ((85.0 + 0.7) / p.m - 1) / p.s)
        r = anthro_zscores(1, 731, 12.0, 85.0, "l")
        self.assertEqual(r["clenhei"], 85.0 - 0.7)
        p = T["len"][(1, 731)]
        self.assertEqual(raw("zlen", 1, 731, 12.0, 85.0, "l"),
                         ((85.0 - 0.7) / p.m - 1) / p.s)
        # Matching measures are not adjusted.
        self.assertEqual(anthro_zscores(1, 730, 12.0, 85.0, "l")["clenhei"], 85.0)
        self.assertEqual(anthro_zscores(1, 731, 12.0, 85.0, "h")["clenhei"], 85.0)
        # The switch uses the half-up rounded age.
        self.assertEqual(anthro_zscores(1, 730.49, 12.0, 85.0, "l")["clenhei"], 85.0)
        self.assertEqual(anthro_zscores(1, 730.5, 12.0, 85.0, "l")["clenhei"], 85.0 - 0.7)
        # WFL below 731 days, WFH from 731 days (§6.1), whatever the measure.
        w = 11.0
        z730 = raw("zwfl", 2, 730, w, 85.0, "l")
        z731 = raw("zwfl", 2, 731, w, 85.7, "l")   # 85.7 - 0.7 -> 85.0 in WFH
        self.assertEqual(z730, ref.z_restricted(w, T["wfl"][(2, 850)]))
        self.assertAlmostEqual(z731, ref.z_restricted(w, T["wfh"][(2, 850)]), places=10)
        # BMI uses the adjusted length (§3.3).
        r = anthro_zscores(1, 731, 12.0, 85.0, "l")
        self.assertEqual(r["cbmi"], 12.0 / ((84.3 / 100) * (84.3 / 100)))

    def test_60_months(self):
        # 1826.2 days: still 2006 (table row 1826).
        r = anthro_zscores(2, 1826.2, 18.0, 108.0, "h", headc_cm=50.0, armc_cm=16.0)
        self.assertIsNotNone(r["zhc"])
        self.assertIsNotNone(r["zac"])
        self.assertIsNotNone(r["zwfl"])
        p = T["len"][(2, 1826)]
        self.assertEqual(raw("zlen", 2, 1826.2, 18.0, 108.0, "h"), (108.0 / p.m - 1) / p.s)
        # 1826.25 days = 60.0 months: 2007 reference, row 60, no 2006-only z.
        for age in (1826.25, 1826.3):
            r = anthro_zscores(2, age, 18.0, 108.0, "l", headc_cm=50.0, armc_cm=16.0)
            self.assertIsNone(r["zhc"])
            self.assertIsNone(r["zac"])
            self.assertIsNone(r["zwfl"])
            self.assertEqual(r["clenhei"], 108.0)      # no -0.7 in 2007
            self.assertEqual(r["cmeasure"], "l")
        p = T["hfa07"][(2, 60)]
        self.assertEqual(raw("zlen", 2, 1826.25, 18.0, 108.0), (108.0 / p.m - 1) / p.s)

    def test_2007_interpolation_and_limits(self):
        # Halfway between months 100 and 101.
        lo, up = T["hfa07"][(1, 100)], T["hfa07"][(1, 101)]
        m = (lo.m + up.m) / 2
        self.assertEqual(zscore_lhfa(1, 100.5 * DPM, m, "h"), 0.0)
        # WFA up to 120 months inclusive, HFA/BFA up to 228 inclusive.
        self.assertIsNotNone(zscore_wfa(1, 120 * DPM, 30.0))
        self.assertIsNone(zscore_wfa(1, 120.01 * DPM, 30.0))
        self.assertIsNotNone(zscore_lhfa(1, 228 * DPM, 170.0, "h"))
        self.assertIsNotNone(zscore_bfa(1, 228 * DPM, 60.0, 170.0, "h"))
        r = anthro_zscores(1, 228.01 * DPM, 60.0, 170.0, "h")
        self.assertTrue(all(r[c] is None for c in ref.Z_COLUMNS))
        self.assertEqual(r["cbmi"], 60.0 / ((170.0 / 100) * (170.0 / 100)))

    def test_2007_zero_and_negative(self):
        # Values quoted in spec §9.1 (boy, 100 months reproduces them).
        r = anthro_zscores(1, 100 * DPM, 0.0, 130.0)
        self.assertEqual(r["zwei"], -10.80)
        self.assertEqual(r["zbmi"], -16.62)
        self.assertTrue(r["fwei"] and r["fbmi"])
        # Height 0: finite flagged zlen, BMI = Inf -> NULL (OUR RULE).
        r = anthro_zscores(1, 100 * DPM, 25.0, 0.0)
        self.assertLess(r["zlen"], -20)
        self.assertTrue(r["flen"])
        self.assertIsNone(r["cbmi"])
        self.assertIsNone(r["zbmi"])
        # Negative measurement -> NULL (OUR RULE).
        r = anthro_zscores(1, 100 * DPM, -1.0, 130.0)
        self.assertIsNone(r["zwei"])
        self.assertIsNone(r["zbmi"])
        self.assertIsNotNone(r["zlen"])

    def test_2007_oedema(self):
        r = anthro_zscores(2, 100 * DPM, 25.0, 130.0, oedema=True)
        self.assertIsNone(r["zwei"])
        self.assertIsNone(r["zbmi"])
        self.assertIsNotNone(r["zlen"])


class NineMonthRuleTest(unittest.TestCase):
    def test_c9mo(self):
        # 273 days = 8.97 months: standing -> measure unknown, no +0.7 (§3.1).
        r = anthro_zscores(1, 273, 8.0, 70.0, "h")
        self.assertEqual((r["c9mo_flag"], r["cmeasure"], r["clenhei"]), (True, None, 70.0))
        # 274 days = 9.002 months: normal +0.7.
        r = anthro_zscores(1, 274, 8.0, 70.0, "h")
        self.assertEqual((r["c9mo_flag"], r["cmeasure"], r["clenhei"]), (False, "h", 70.0 + 0.7))
        # Lying measurement is never flagged.
        r = anthro_zscores(1, 100, 6.0, 60.0, "l")
        self.assertEqual((r["c9mo_flag"], r["cmeasure"]), (False, "l"))
        # Needs an age.
        r = anthro_zscores(1, None, 8.0, 70.0, "h")
        self.assertEqual((r["c9mo_flag"], r["cmeasure"]), (False, "h"))


class WflTest(unittest.TestCase):
    def test_interpolation_midpoint(self):
        # §6.2: 45.35 cm lies halfway between the 45.3 and 45.4 rows.
        for sex in (1, 2):
            lo, up = T["wfl"][(sex, 453)], T["wfl"][(sex, 454)]
            p = ref.wflh_lms(T, "wfl", sex, 45.35)
            self.assertAlmostEqual(p.l, (lo.l + up.l) / 2, places=12)
            self.assertAlmostEqual(p.m, (lo.m + up.m) / 2, places=12)
            self.assertAlmostEqual(p.s, (lo.s + up.s) / 2, places=12)
            mid = LMS((lo.l + up.l) / 2, (lo.m + up.m) / 2, (lo.s + up.s) / 2)
            self.assertAlmostEqual(raw("zwfl", sex, None, 2.5, 45.35, "l"),
                                   ref.z_restricted(2.5, mid), places=10)
            self.assertAlmostEqual(zscore_wflh(sex, mid.m, 45.35, "l"), 0.0)

    def test_range_ends(self):
        w = 10.0
        self.assertIsNone(zscore_wflh(1, w, 44.9, "l"))
        self.assertIsNotNone(zscore_wflh(1, w, 45.0, "l"))
        self.assertIsNotNone(zscore_wflh(1, w, 110.0, "l"))   # d == 0, no upper row
        self.assertIsNone(zscore_wflh(1, w, 110.01, "l"))
        self.assertIsNone(zscore_wflh(1, w, 64.9, "h"))
        self.assertIsNotNone(zscore_wflh(1, w, 65.0, "h"))
        self.assertIsNotNone(zscore_wflh(1, w, 120.0, "h"))
        self.assertIsNone(zscore_wflh(1, w, 120.01, "h"))

    def test_plus_minus_07_edges(self):
        # §3.2/§6.3: 44.3+0.7 == 45, 109.3+0.7 == 110, 65.7-0.7 == 65, 120.7-0.7 == 120.
        self.assertEqual(anthro_zscores(1, 700, 10.0, 44.3, "h")["clenhei"], 45.0)
        self.assertIsNotNone(zscore_wflh(1, 3.0, 44.3, "h", 700))
        self.assertIsNotNone(zscore_wflh(1, 18.0, 109.3, "h", 700))
        self.assertIsNone(zscore_wflh(1, 18.0, 109.4, "h", 700))  # 110.1 in WFL
        self.assertIsNotNone(zscore_wflh(1, 7.0, 65.7, "l", 800))
        self.assertIsNotNone(zscore_wflh(1, 22.0, 120.7, "l", 800))
        self.assertIsNone(zscore_wflh(1, 22.0, 120.8, "l", 800))
        # 44.6 + 0.7 = 45.300000000000004 -> low row 45.3, tiny d.
        self.assertAlmostEqual(raw("zwfl", 1, 700, 2.6, 44.6, "h"),
                               ref.z_restricted(2.6, T["wfl"][(1, 453)]), places=9)

    def test_missing_age_table_choice(self):
        # §6.1: by measure, else by 87 cm.
        w = 12.0
        self.assertEqual(raw("zwfl", 1, None, w, 86.9, None),
                         ref.z_restricted(w, T["wfl"][(1, 869)]))
        self.assertEqual(raw("zwfl", 1, None, w, 87.0, None),
                         ref.z_restricted(w, T["wfh"][(1, 870)]))
        self.assertEqual(raw("zwfl", 1, None, w, 87.0, "l"),
                         ref.z_restricted(w, T["wfl"][(1, 870)]))
        self.assertEqual(raw("zwfl", 1, None, w, 86.9, "h"),
                         ref.z_restricted(w, T["wfh"][(1, 869)]))
        r = anthro_zscores(1, None, w, 86.9, "h")
        self.assertEqual(r["clenhei"], 86.9)             # no adjustment without age
        self.assertTrue(all(r[c] is None for c in ref.Z_COLUMNS if c != "zwfl"))

    def test_weight_zero_and_negative(self):
        # §4.3: no weight <= 0 check for WFL; spec's -15.54 example (70 cm).
        r = anthro_zscores(1, None, 0.0, 70.0, "l")
        self.assertEqual((r["zwfl"], r["fwfl"]), (-15.54, True))
        self.assertIsNone(anthro_zscores(1, None, -1.0, 70.0, "l")["zwfl"])
        # Age-based indicators treat 0 as missing.
        r = anthro_zscores(1, 400, 0.0, 70.0, "l")
        self.assertIsNone(r["zwei"])
        self.assertIsNone(r["zbmi"])
        self.assertIsNotNone(r["zwfl"])

    def test_oedema(self):
        r = anthro_zscores(1, 400, 9.0, 75.0, "l", oedema=True, armc_cm=14.0)
        self.assertIsNone(r["zwei"])
        self.assertIsNone(r["zbmi"])
        self.assertIsNone(r["zwfl"])
        self.assertIsNotNone(r["zlen"])
        self.assertIsNotNone(r["zac"])
        self.assertIsNotNone(r["cbmi"])


class MiscTest(unittest.TestCase):
    def test_sex_missing(self):
        r = anthro_zscores(None, 400, 9.0, 75.0, "l", headc_cm=45.0)
        self.assertTrue(all(r[c] is None for c in ref.Z_COLUMNS))
        self.assertIsNone(r["csex"])
        self.assertEqual(r["clenhei"], 75.0)
        self.assertIsNotNone(r["cbmi"])

    def test_arm_and_skinfolds_from_91_days(self):
        self.assertIsNone(zscore_acfa(1, 90, 13.0))
        self.assertIsNone(zscore_acfa(1, 90.49, 13.0))
        self.assertIsNotNone(zscore_acfa(1, 90.5, 13.0))   # rounds to 91
        self.assertIsNone(zscore_tsfa(2, 90, 9.0))
        self.assertIsNotNone(zscore_ssfa(2, 91, 7.0))

    def test_height_zero_2006(self):
        # clenhei 0 -> zlen NULL; cbmi = Inf -> NULL (OUR RULE) and zbmi NULL.
        r = anthro_zscores(1, 1000, 12.0, 0.0, "h")
        self.assertIsNone(r["zlen"])
        self.assertIsNone(r["cbmi"])
        self.assertIsNone(r["zbmi"])

    def test_wrappers_match(self):
        args = (2, 500.3, 9.87, 77.25, "h", False, 46.1, 15.2, 9.9, 7.1)
        r = anthro_zscores(*args)
        self.assertEqual(zscore_lhfa(2, 500.3, 77.25, "h"), r["zlen"])
        self.assertEqual(zscore_wfa(2, 500.3, 9.87, False), r["zwei"])
        self.assertEqual(zscore_wflh(2, 9.87, 77.25, "h", 500.3, False), r["zwfl"])
        self.assertEqual(zscore_bfa(2, 500.3, 9.87, 77.25, "h", False), r["zbmi"])
        self.assertEqual(zscore_hcfa(2, 500.3, 46.1), r["zhc"])
        self.assertEqual(zscore_acfa(2, 500.3, 15.2), r["zac"])
        self.assertEqual(zscore_tsfa(2, 500.3, 9.9), r["zts"])
        self.assertEqual(zscore_ssfa(2, 500.3, 7.1), r["zss"])

    def test_rpow(self):
        self.assertEqual(ref.rpow(0.0, -0.35), math.inf)
        self.assertTrue(math.isnan(ref.rpow(-2.0, 0.5)))
        self.assertEqual(ref.rpow(1.7, 2.0), 1.7 * 1.7)
        self.assertEqual(ref.rpow(1.7, 1.0), 1.7)

    def test_output_keys(self):
        r = anthro_zscores(1, 100, 5.0, 60.0)
        self.assertEqual(tuple(r), ref.OUTPUT_COLUMNS)


if __name__ == "__main__":
    unittest.main(verbosity=1)
