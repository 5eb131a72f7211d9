/*
 * test_who.c - unit tests of the plain-C WHO math and code parsers, without
 * a PostgreSQL server.  Build and run: make unittest.
 *
 * Expected values are derived by hand from the LMS tables (quoted rows) and
 * from the rules in ../shared/spec/who-algorithm.md (section numbers).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "who_codes.h"
#include "who_zscore.h"

static int	passed;
static int	failed;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

static void
check(int ok, const char *what, const char *file, int line)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
}

/* a == b, both missing counting as equal */
static int
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* the measurement at z = k, from one table row (inverse of LMS) */
static double
at_z(double l, double m, double s, double k)
{
	return m * pow(1.0 + l * s * k, 1.0 / l);
}

static void
test_round2(void)
{
	/* §4.4: nearest hundredth of the exact binary value, ties to even */
	CHECK(who_round2(2.675) == 2.67);	/* 2.67499999999999982236431605997495353221893310546875 */
	CHECK(who_round2(1.005) == 1.0);	/* 1.00499999999999989341858963598497211933135986328125 */
	CHECK(who_round2(0.125) == 0.12);	/* exact tie: 12 is even */
	CHECK(who_round2(0.375) == 0.38);	/* exact tie: 37 is odd, goes up */
	CHECK(who_round2(-0.125) == -0.12);
	CHECK(who_round2(0.135) == 0.14);	/* 0.13500000000000000888 */
	CHECK(who_round2(-2.675) == -2.67);
	CHECK(who_round2(4.994) == 4.99);
	CHECK(who_round2(4.996) == 5.0);
	CHECK(who_round2(5.004) == 5.0);
	CHECK(who_round2(5.006) == 5.01);
	CHECK(who_round2(-5.006) == -5.01);
	CHECK(who_round2(1.0) == 1.0);
	/* -0 becomes +0 */
	CHECK(who_round2(-0.001) == 0.0 && !signbit(who_round2(-0.001)));
	CHECK(who_round2(0.0) == 0.0);
	CHECK(!signbit(who_round2(-0.0)));
	/* a z of exactly 0 with negative L comes out of the LMS formula as -0 */
	{
		who_lms		neg = {-0.2022, 8.9462, 0.12267};

		CHECK(signbit(who_lms_z(8.9462, &neg)));
		CHECK(!signbit(who_zscore_wfa(WHO_SEX_FEMALE, 365, 8.9462, false)));
	}
	CHECK(isnan(who_round2(NAN)));
	CHECK(isinf(who_round2(INFINITY)));
	CHECK(who_round2(1e14 + 0.123) == 1e14 + 0.123);	/* too many digits to round */
	CHECK(who_round2(0x1p43 + 0.125) == 0x1p43 + 0.125);	/* R: logb(x) >= 43 */
}

/*
 * round2's shortcut (one division, the nearer hundredth decided from the
 * fraction of |x| * 100) must give R's answer everywhere: compare it with
 * R's algorithm on every tie k / 100 + 0.005 up to 1000 and the 8 doubles
 * either side, on both sides of the 1000 cut, and on random values over
 * many magnitudes.  The result is compared bit for bit (sign of zero too).
 */
static long round2_compared;
static long round2_differ;

/* round2(v) against R's steps, bit for bit; the first few misses printed */
static void
compare_round2(double v)
{
	double		r = who_round2(v);
	double		r_way = who_round2_r(v);

	round2_compared++;
	if (memcmp(&r, &r_way, sizeof r) != 0 && round2_differ++ < 5)
		printf("round2(%.17g) = %.17g, R's way %.17g\n", v, r, r_way);
}

static void
test_round2_shortcut(void)
{
	uint64_t	state = 0x9e3779b97f4a7c15u;

	for (int k = 0; k <= 100000; k++)
	{
		double		tie = (k + 0.5) / 100.0;
		/* x offsets that put |x| * 100 about 1e-9 from the tie: the cut */
		static const double offsets[] = {-1e-10, -2e-11, -1e-11, -0.5e-11,
		0.5e-11, 1e-11, 2e-11, 1e-10};
		double		probe[17 + 8];
		double		x = tie;
		int			n = 0;

		for (int i = 0; i < 8; i++)
			x = nextafter(x, -INFINITY);
		for (int i = 0; i < 17; i++, x = nextafter(x, INFINITY))
			probe[n++] = x;		/* the tie and 8 doubles either side */
		for (int i = 0; i < 8; i++)
			probe[n++] = tie + offsets[i];
		for (int i = 0; i < n; i++)
		{
			compare_round2(probe[i]);
			compare_round2(-probe[i]);
		}
	}
	for (long i = 0; i < 4000000; i++)
	{
		double		u;

		/* xorshift64: a fixed sequence, so a failure repeats */
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		u = (double) (state >> 11) / 9007199254740992.0;	/* [0, 1) */
		if (i % 7 == 0)
			compare_round2(1000.0 + (u - 0.5) * 1e-9);	/* the cut */
		else
			compare_round2((u - 0.5) * pow(10.0, (double) (i % 9) - 3.0));	/* |v| < 5e4 */
	}
	/* every hundredth below 10 (round2's table) is the division's result */
	for (int k = 0; k < 1000; k++)
	{
		volatile double hundred = 100.0;
		double		h = (double) k / hundred;
		double		r = who_round2(h);

		round2_compared++;
		if (memcmp(&r, &h, sizeof r) != 0 && round2_differ++ < 5)
			printf("round2(%d / 100) = %.17g\n", k, r);
	}
	CHECK(round2_differ == 0);
	CHECK(round2_compared > 5000000);
	printf("round2 shortcut: %ld values, %ld differ\n", round2_compared, round2_differ);
}

/*
 * child_init decides "under 60 months" and "under 9 months" on the days:
 * a < 1826.25 (273.9375) must agree with a / 30.4375 < 60 (9) for every
 * age, so check a million doubles either side of each cut and the cut.
 */
static void
test_month_cuts(void)
{
	static const double months[] = {9.0, 60.0};
	long		differ = 0;

	for (int i = 0; i < 2; i++)
	{
		double		cut = months[i] * WHO_DAYS_PER_MONTH;
		double		a = cut;

		for (int n = 0; n < 1000000; n++)
			a = nextafter(a, 0.0);
		for (int n = 0; n <= 2000000; n++, a = nextafter(a, INFINITY))
		{
			volatile double q = a / WHO_DAYS_PER_MONTH;

			if ((q < months[i]) != (a < cut))
				differ++;
		}
	}
	CHECK(differ == 0);

	/* and the functions switch exactly there */
	{
		double		m60 = 60.0 * WHO_DAYS_PER_MONTH;
		double		m9 = 9.0 * WHO_DAYS_PER_MONTH;
		who_input	in = {WHO_SEX_MALE, 0.0, NAN, 70.0, WHO_MEASURE_STANDING,
		false, NAN, NAN, NAN, NAN};
		who_zscores z;

		CHECK(!isnan(who_zscore_hcfa(WHO_SEX_MALE, nextafter(m60, 0.0), 50.0)));
		CHECK(isnan(who_zscore_hcfa(WHO_SEX_MALE, m60, 50.0)));	/* no 2007 table */
		in.age_days = nextafter(m9, 0.0);
		who_anthro_zscores(&in, &z);
		CHECK(z.c9mo_flag && z.cmeasure == WHO_MEASURE_UNKNOWN);
		in.age_days = m9;
		who_anthro_zscores(&in, &z);
		CHECK(!z.c9mo_flag && z.cmeasure == WHO_MEASURE_STANDING);
	}
}

static void
test_round_half_up(void)
{
	/* §2: floor(x) + 1 if x - floor(x) >= 0.5 */
	CHECK(who_round_half_up(730.49) == 730.0);
	CHECK(who_round_half_up(730.5) == 731.0);
	CHECK(who_round_half_up(0.0) == 0.0);
	CHECK(who_round_half_up(1826.25) == 1826.0);
	CHECK(who_round_half_up(1826.5) == 1827.0);
	CHECK(who_round_half_up(24 * WHO_DAYS_PER_MONTH) == 731.0);	/* 730.5 */
}

static void
test_tables(void)
{
	/* first and last rows as they stand in the raw files */
	const who_lms *b = who2006_lhfa.rows[0];
	const who_lms *g = who2006_lhfa.rows[1];

	CHECK(b[0].l == 1 && b[0].m == 49.8842 && b[0].s == 0.03795);
	CHECK(g[1826].l == 1 && g[1826].m == 109.4189 && g[1826].s == 0.04346);
	CHECK(who2006_lhfa.key_min == 0 && who2006_lhfa.key_max == 1826);
	CHECK(who2006_acfa.key_min == 91 && who2006_acfa.rows[0][0].m == 13.4779);
	CHECK(who2006_wfl.key_min == 450 && who2006_wfl.key_max == 1100);
	CHECK(who2006_wfh.key_min == 650 && who2006_wfh.key_max == 1200);
	CHECK(who2006_wfl.rows[0][1].m == 2.4577);	/* 45.1 cm */
	CHECK(who2007_hfa.key_min == 60 && who2007_hfa.key_max == 229);
	CHECK(who2007_wfa.key_max == 121);
	CHECK(who2007_bfa.rows[0][0].l == -0.7151 && who2007_bfa.rows[0][1].s == 0.08390);
	/* the repeated last rows (§9.1) */
	CHECK(who2007_hfa.rows[1][169].m == who2007_hfa.rows[1][168].m);
}

static void
test_lms(void)
{
	who_lms		p = {-0.3053, 13.4069, 0.0956};	/* bmianthro boys day 0 */
	who_lms		q = {1, 49.8842, 0.03795};	/* lenanthro boys day 0 */
	double		sd3 = at_z(p.l, p.m, p.s, 3);
	double		sd2 = at_z(p.l, p.m, p.s, 2);
	double		sdm3 = at_z(p.l, p.m, p.s, -3);
	double		sdm2 = at_z(p.l, p.m, p.s, -2);

	CHECK(who_lms_z(p.m, &p) == 0.0);
	CHECK(near(who_lms_z(at_z(p.l, p.m, p.s, 2), &p), 2.0, 1e-12));
	CHECK(near(who_lms_z(at_z(p.l, p.m, p.s, -1.5), &p), -1.5, 1e-12));
	/* L = 1: (y/M - 1)/S */
	CHECK(near(who_lms_z(q.m * (1 + 2 * q.s), &q), 2.0, 1e-12));
	/* §4.2: linear in SD units beyond ±3, unchanged inside */
	CHECK(near(who_lms_z_restricted(sd3 + 0.5 * (sd3 - sd2), &p), 3.5, 1e-12));
	CHECK(near(who_lms_z_restricted(sdm3 - 2.0 * (sdm2 - sdm3), &p), -5.0, 1e-12));
	CHECK(who_lms_z_restricted(p.m, &p) == 0.0);
	CHECK(near(who_lms_z_restricted(sd2, &p), 2.0, 1e-12));
	/* beyond 3 the plain z differs from the restricted one */
	CHECK(fabs(who_lms_z(sd3 + 2.0 * (sd3 - sd2), &p) - 5.0) > 0.01);
}

static void
test_flags(void)
{
	/* §4.5, strict, on the rounded value */
	CHECK(who_flag_lhfa(6.0) == WHO_FLAG_NO && who_flag_lhfa(6.01) == WHO_FLAG_YES);
	CHECK(who_flag_lhfa(-6.0) == WHO_FLAG_NO && who_flag_lhfa(-6.01) == WHO_FLAG_YES);
	CHECK(who_flag_wfa(5.0) == WHO_FLAG_NO && who_flag_wfa(5.01) == WHO_FLAG_YES);
	CHECK(who_flag_wfa(-6.0) == WHO_FLAG_NO && who_flag_wfa(-6.01) == WHO_FLAG_YES);
	CHECK(who_flag_5(5.0) == WHO_FLAG_NO && who_flag_5(-5.01) == WHO_FLAG_YES);
	CHECK(who_flag_5(NAN) == WHO_FLAG_MISSING);
}

static void
test_lhfa_rules(void)
{
	const who_lms *b = who2006_lhfa.rows[0];
	double		len730 = b[730].m;	/* median at 730 days */
	double		len731 = b[731].m;

	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 0, 49.8842, WHO_MEASURE_UNKNOWN) == 0.0);
	/* §3.2: standing under 731 days +0.7, lying from 731 days -0.7 */
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 730, len730 - 0.7, WHO_MEASURE_STANDING) == 0.0);
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 731, len731 + 0.7, WHO_MEASURE_LYING) == 0.0);
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 730.49, len730, WHO_MEASURE_LYING) == 0.0);
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 730.5, len731, WHO_MEASURE_STANDING) == 0.0);
	/* §3.1: standing under 9 months is not adjusted */
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 273, b[273].m, WHO_MEASURE_STANDING) == 0.0);
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 274, b[274].m - 0.7, WHO_MEASURE_STANDING) == 0.0);
	/* §2: 1826.2 days is 2006, 1826.25 days (60.0 months) is 2007 */
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 1826.2, b[1826].m, WHO_MEASURE_STANDING) == 0.0);
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 1826.25, who2007_hfa.rows[0][0].m,
						  WHO_MEASURE_STANDING) == 0.0);
	/* §4.3: measurement <= 0 is missing under 60 months */
	CHECK(isnan(who_zscore_lhfa(WHO_SEX_MALE, 100, 0, WHO_MEASURE_LYING)));
	CHECK(isnan(who_zscore_lhfa(WHO_SEX_MISSING, 100, 60, WHO_MEASURE_LYING)));
	CHECK(isnan(who_zscore_lhfa(WHO_SEX_MALE, NAN, 60, WHO_MEASURE_LYING)));
	/* §9.1: 2007 up to 228 months inclusive, interpolated by month */
	CHECK(who_zscore_lhfa(WHO_SEX_FEMALE, 228 * WHO_DAYS_PER_MONTH,
						  who2007_hfa.rows[1][168].m, WHO_MEASURE_UNKNOWN) == 0.0);
	CHECK(isnan(who_zscore_lhfa(WHO_SEX_FEMALE, 228.01 * WHO_DAYS_PER_MONTH,
								who2007_hfa.rows[1][168].m, WHO_MEASURE_UNKNOWN)));
	{
		const who_lms *r = who2007_hfa.rows[0];
		double		m = r[40].m + 0.5 * (r[41].m - r[40].m);	/* 100.5 months */

		CHECK(who_zscore_lhfa(WHO_SEX_MALE, 100.5 * WHO_DAYS_PER_MONTH, m,
							  WHO_MEASURE_STANDING) == 0.0);
	}
	/* 2007 height 0 is computed as anthroplus does (flagged), negative is missing */
	CHECK(who_zscore_lhfa(WHO_SEX_MALE, 70 * WHO_DAYS_PER_MONTH, 0, WHO_MEASURE_UNKNOWN) < -6);
	CHECK(isnan(who_zscore_lhfa(WHO_SEX_MALE, 70 * WHO_DAYS_PER_MONTH, -1, WHO_MEASURE_UNKNOWN)));
}

static void
test_wfa_rules(void)
{
	const who_lms *g = who2006_wfa.rows[1];

	CHECK(who_zscore_wfa(WHO_SEX_FEMALE, 365, g[365].m, false) == 0.0);
	CHECK(isnan(who_zscore_wfa(WHO_SEX_FEMALE, 365, g[365].m, true)));	/* oedema */
	CHECK(isnan(who_zscore_wfa(WHO_SEX_FEMALE, 365, 0, false)));
	/* 2007 weight-for-age to 120 months inclusive */
	CHECK(who_zscore_wfa(WHO_SEX_MALE, 120 * WHO_DAYS_PER_MONTH,
						 who2007_wfa.rows[0][60].m, false) == 0.0);
	CHECK(isnan(who_zscore_wfa(WHO_SEX_MALE, 120.01 * WHO_DAYS_PER_MONTH,
							   who2007_wfa.rows[0][60].m, false)));
	/* weight 0 from 60 months: finite and flagged, as anthroplus (§9.1) */
	CHECK(who_flag_wfa(who_zscore_wfa(WHO_SEX_MALE, 70 * WHO_DAYS_PER_MONTH, 0, false))
		  == WHO_FLAG_YES);
}

static void
test_wflh_rules(void)
{
	const who_lms *wfl = who2006_wfl.rows[0];
	const who_lms *wfh = who2006_wfh.rows[0];
	double		mid_m = wfl[3].m + 0.5 * (wfl[4].m - wfl[3].m);	/* 45.35 cm */

	CHECK(who_zscore_wflh(WHO_SEX_MALE, wfl[0].m, 45, WHO_MEASURE_UNKNOWN, 100, false) == 0.0);
	CHECK(isnan(who_zscore_wflh(WHO_SEX_MALE, 2.4, 44.9, WHO_MEASURE_UNKNOWN, 100, false)));
	CHECK(who_zscore_wflh(WHO_SEX_MALE, wfl[650].m, 110, WHO_MEASURE_UNKNOWN, 700, false) == 0.0);
	CHECK(isnan(who_zscore_wflh(WHO_SEX_MALE, 18, 110.01, WHO_MEASURE_UNKNOWN, 700, false)));
	CHECK(who_zscore_wflh(WHO_SEX_MALE, wfh[550].m, 120, WHO_MEASURE_UNKNOWN, 1000, false) == 0.0);
	CHECK(isnan(who_zscore_wflh(WHO_SEX_MALE, 7, 64.9, WHO_MEASURE_UNKNOWN, 1000, false)));
	/* interpolation between the 0.1 cm rows (§6.2): L, M, S all interpolated */
	CHECK(near(who_zscore_wflh(WHO_SEX_MALE, mid_m, 45.35, WHO_MEASURE_LYING, NAN, false),
			   0.0, 1e-9));
	/* §6.3: 109.4 standing at 700 days is 110.1 cm of length: outside WFL */
	CHECK(isnan(who_zscore_wflh(WHO_SEX_MALE, 18, 109.4, WHO_MEASURE_STANDING, 700, false)));
	CHECK(!isnan(who_zscore_wflh(WHO_SEX_MALE, 18, 109.3, WHO_MEASURE_STANDING, 700, false)));
	/* §6.1: no age, no measure: 87 cm decides */
	CHECK(who_zscore_wflh(WHO_SEX_MALE, wfl[419].m, 86.9, WHO_MEASURE_UNKNOWN, NAN, false) == 0.0);
	CHECK(who_zscore_wflh(WHO_SEX_MALE, wfh[220].m, 87, WHO_MEASURE_UNKNOWN, NAN, false) == 0.0);
	/* no age, measure decides, no 0.7 adjustment */
	CHECK(who_zscore_wflh(WHO_SEX_MALE, wfh[150].m, 80, WHO_MEASURE_STANDING, NAN, false) == 0.0);
	CHECK(who_zscore_wflh(WHO_SEX_MALE, wfl[350].m, 80, WHO_MEASURE_LYING, NAN, false) == 0.0);
	/* oedema, 60 months and more: missing */
	CHECK(isnan(who_zscore_wflh(WHO_SEX_MALE, 10, 80, WHO_MEASURE_LYING, 400, true)));
	CHECK(isnan(who_zscore_wflh(WHO_SEX_MALE, 18, 110, WHO_MEASURE_STANDING, 1826.25, false)));
	/* weight 0 is not excluded (§4.3): finite and very negative */
	CHECK(who_zscore_wflh(WHO_SEX_MALE, 0, 70, WHO_MEASURE_LYING, NAN, false) < -10);
	CHECK(isnan(who_zscore_wflh(WHO_SEX_MALE, -1, 70, WHO_MEASURE_LYING, NAN, false)));
}

static void
test_anthro_zscores(void)
{
	who_input	in = {WHO_SEX_MALE, 273, 8, 70, WHO_MEASURE_STANDING, false,
	NAN, NAN, NAN, NAN};
	who_zscores z;

	who_anthro_zscores(&in, &z);
	CHECK(z.c9mo_flag && z.cmeasure == WHO_MEASURE_UNKNOWN && z.clenhei == 70);
	CHECK(z.csex == WHO_SEX_MALE);
	CHECK(same(z.zlen, who_zscore_lhfa(WHO_SEX_MALE, 273, 70, WHO_MEASURE_STANDING)));
	CHECK(same(z.zwei, who_zscore_wfa(WHO_SEX_MALE, 273, 8, false)));
	CHECK(same(z.zbmi, who_zscore_bfa(WHO_SEX_MALE, 273, 8, 70, WHO_MEASURE_STANDING, false)));
	CHECK(near(z.cbmi, 8 / (0.7 * 0.7), 1e-12));
	CHECK(isnan(z.zhc) && z.fhc == WHO_FLAG_MISSING);
	CHECK(isnan(z.zac));		/* no arm circumference given */

	in.age_days = 274;
	who_anthro_zscores(&in, &z);
	CHECK(!z.c9mo_flag && z.cmeasure == WHO_MEASURE_STANDING);
	CHECK(z.clenhei == 70 + 0.7);

	/* BMI needs a positive length: missing for height 0 (WHO: Inf) */
	in.lenhei_cm = 0;
	in.measure = WHO_MEASURE_UNKNOWN;
	in.age_days = 70 * WHO_DAYS_PER_MONTH;
	who_anthro_zscores(&in, &z);
	CHECK(isnan(z.cbmi) && isnan(z.zbmi) && z.fbmi == WHO_FLAG_MISSING);
	CHECK(z.flen == WHO_FLAG_YES);
}

static void
test_codes(void)
{
	static const char *males[] = {"m", "M", "male", " Male ", "1", "l", "L",
	"laki-laki", "LAKI-LAKI", "\tm\n", NULL};
	static const char *females[] = {"f", "F", "female", "FEMALE", "2", "p",
	"P", "perempuan", " Perempuan", NULL};
	static const char *bad_sex[] = {"", " ", "x", "mm", "laki", "laki laki",
	"lakilaki", "0", "3", "12", "wanita", "m.", "\xef\xbd\x8d", "perempuan-",
	"femalefemalefemale", NULL};
	static const char *lying[] = {"l", "L", "lying", "Recumbent", "telentang", NULL};
	static const char *bad_measure[] = {"", "x", "s", "length", "height",
	"standing up", "lh", NULL};
	who_sex		sex;
	who_measure measure;

	/* the inline one-byte path agrees with the table on every byte */
	for (int ch = 0; ch < 256; ch++)
	{
		char		c = (char) ch;
		who_sex		s1 = WHO_SEX_MISSING;
		who_sex		s2 = WHO_SEX_MISSING;
		who_measure m1 = WHO_MEASURE_UNKNOWN;
		who_measure m2 = WHO_MEASURE_UNKNOWN;

		CHECK(who_parse_sex(&c, 1, &s1) == who_match_sex(&c, 1, &s2) && s1 == s2);
		CHECK(who_parse_measure(&c, 1, &m1) == who_match_measure(&c, 1, &m2) &&
			  m1 == m2);
	}

	for (const char **s = males; *s; s++)
		CHECK(who_parse_sex(*s, strlen(*s), &sex) && sex == WHO_SEX_MALE);
	for (const char **s = females; *s; s++)
		CHECK(who_parse_sex(*s, strlen(*s), &sex) && sex == WHO_SEX_FEMALE);
	for (const char **s = bad_sex; *s; s++)
		CHECK(!who_parse_sex(*s, strlen(*s), &sex));
	/* an embedded NUL is not white space */
	CHECK(!who_parse_sex("m\0", 2, &sex));
	CHECK(who_parse_sex("mX", 1, &sex) && sex == WHO_SEX_MALE);	/* length counts */

	for (const char **s = lying; *s; s++)
		CHECK(who_parse_measure(*s, strlen(*s), &measure) &&
			  measure == WHO_MEASURE_LYING);
	CHECK(who_parse_measure("Standing", 8, &measure) && measure == WHO_MEASURE_STANDING);
	CHECK(who_parse_measure(" berdiri ", 9, &measure) && measure == WHO_MEASURE_STANDING);
	CHECK(who_parse_measure("H", 1, &measure) && measure == WHO_MEASURE_STANDING);
	for (const char **s = bad_measure; *s; s++)
		CHECK(!who_parse_measure(*s, strlen(*s), &measure));

	{
		who_indicator ind;

		CHECK(who_parse_indicator("wflh", 4, &ind) && ind == WHO_IND_WFLH);
		CHECK(who_parse_indicator(" LHFA ", 6, &ind) && ind == WHO_IND_LHFA);
		CHECK(who_parse_indicator("ssfa", 4, &ind) && ind == WHO_IND_SSFA);
		CHECK(!who_parse_indicator("wfl", 3, &ind));
		CHECK(!who_parse_indicator("HA_2", 4, &ind));
		CHECK(!who_parse_indicator("", 0, &ind));
	}
}

/* The z-score of y by indicator, as the SQL functions compute it. */
static double
zscore_of(who_indicator ind, who_sex sex, double age, double lenhei,
		  who_measure measure, double y)
{
	switch (ind)
	{
		case WHO_IND_LHFA:
			return who_zscore_lhfa(sex, age, y, measure);
		case WHO_IND_WFA:
			return who_zscore_wfa(sex, age, y, false);
		case WHO_IND_WFLH:
			return who_zscore_wflh(sex, y, lenhei, measure, age, false);
		case WHO_IND_BFA:
			{
				/* a BMI of y at this height: weight = y h^2 */
				double		h = lenhei / 100.0;

				return who_zscore_bfa(sex, age, y * (h * h), lenhei, measure, false);
			}
		case WHO_IND_HCFA:
			return who_zscore_hcfa(sex, age, y);
		case WHO_IND_ACFA:
			return who_zscore_acfa(sex, age, y);
		case WHO_IND_TSFA:
			return who_zscore_tsfa(sex, age, y);
		case WHO_IND_SSFA:
			return who_zscore_ssfa(sex, age, y);
	}
	return NAN;
}

/*
 * who_value_at_z inverts the z-score: the z-score of the value at z is z
 * again, on both sides of ±3 (the restricted indicators' linear extension)
 * and at every age of both references.
 */
static void
test_value_at_z(void)
{
	static const double zs[] = {-5.5, -4.0, -3.01, -3.0, -2.99, -2.01, -2.0, -1.99,
	-1.0, 0.0, 0.5, 1.99, 2.0, 2.01, 2.99, 3.0, 3.01, 4.5};
	const int	nz = sizeof(zs) / sizeof(zs[0]);
	int			round_trips = 0;
	who_indicator ind;
	who_sex		sex;

	/* at z = 0 the value is M, exactly */
	CHECK(who_value_at_z(WHO_IND_LHFA, WHO_SEX_MALE, 0, NAN, WHO_MEASURE_LYING, 0.0) ==
		  who2006_lhfa.rows[0][0].m);
	CHECK(who_value_at_z(WHO_IND_WFA, WHO_SEX_FEMALE, 0, NAN, WHO_MEASURE_UNKNOWN, 0.0) ==
		  who2006_wfa.rows[1][0].m);
	CHECK(who_value_at_z(WHO_IND_WFLH, WHO_SEX_MALE, 30, 45.1, WHO_MEASURE_LYING, 0.0) ==
		  who2006_wfl.rows[0][1].m);
	/* standing at 300 days counts +0.7 cm: the height measured is 0.7 less */
	CHECK(fabs(who_value_at_z(WHO_IND_LHFA, WHO_SEX_MALE, 300, NAN, WHO_MEASURE_STANDING, 0.0) -
			   (who2006_lhfa.rows[0][300].m - 0.7)) < 1e-12);
	CHECK(fabs(who_value_at_z(WHO_IND_LHFA, WHO_SEX_MALE, 800, NAN, WHO_MEASURE_LYING, 0.0) -
			   (who2006_lhfa.rows[0][800].m + 0.7)) < 1e-12);
	/* missing whenever the z-score would be */
	CHECK(isnan(who_value_at_z(WHO_IND_LHFA, WHO_SEX_MISSING, 300, NAN, WHO_MEASURE_LYING, 0.0)));
	CHECK(isnan(who_value_at_z(WHO_IND_LHFA, WHO_SEX_MALE, NAN, NAN, WHO_MEASURE_LYING, 0.0)));
	CHECK(isnan(who_value_at_z(WHO_IND_LHFA, WHO_SEX_MALE, 300, NAN, WHO_MEASURE_LYING, NAN)));
	CHECK(isnan(who_value_at_z(WHO_IND_WFA, WHO_SEX_MALE, 121 * WHO_DAYS_PER_MONTH, NAN,
							   WHO_MEASURE_UNKNOWN, 0.0)));	/* 2007 wfa ends at 120 months */
	CHECK(!isnan(who_value_at_z(WHO_IND_WFA, WHO_SEX_MALE, 120 * WHO_DAYS_PER_MONTH, NAN,
								WHO_MEASURE_UNKNOWN, 0.0)));
	CHECK(isnan(who_value_at_z(WHO_IND_HCFA, WHO_SEX_MALE, 1900, NAN, WHO_MEASURE_UNKNOWN, 0.0)));
	CHECK(isnan(who_value_at_z(WHO_IND_ACFA, WHO_SEX_MALE, 90, NAN, WHO_MEASURE_UNKNOWN, 0.0)));
	CHECK(!isnan(who_value_at_z(WHO_IND_ACFA, WHO_SEX_MALE, 91, NAN, WHO_MEASURE_UNKNOWN, 0.0)));
	/* wflh: the length table ends at 110 cm, the height table starts at 65 cm */
	CHECK(!isnan(who_value_at_z(WHO_IND_WFLH, WHO_SEX_MALE, 300, 110.0, WHO_MEASURE_LYING, 0.0)));
	CHECK(isnan(who_value_at_z(WHO_IND_WFLH, WHO_SEX_MALE, 300, 110.1, WHO_MEASURE_LYING, 0.0)));
	CHECK(isnan(who_value_at_z(WHO_IND_WFLH, WHO_SEX_MALE, 800, 64.9, WHO_MEASURE_STANDING, 0.0)));
	CHECK(!isnan(who_value_at_z(WHO_IND_WFLH, WHO_SEX_MALE, 800, 65.0, WHO_MEASURE_STANDING, 0.0)));
	CHECK(isnan(who_value_at_z(WHO_IND_WFLH, WHO_SEX_MALE, 1900, 100.0, WHO_MEASURE_STANDING, 0.0)));
	/* restricted beyond +3: linear, so equal steps of z give equal steps of weight */
	{
		double		w3 = who_value_at_z(WHO_IND_WFA, WHO_SEX_MALE, 400, NAN, WHO_MEASURE_UNKNOWN, 3.0);
		double		w4 = who_value_at_z(WHO_IND_WFA, WHO_SEX_MALE, 400, NAN, WHO_MEASURE_UNKNOWN, 4.0);
		double		w5 = who_value_at_z(WHO_IND_WFA, WHO_SEX_MALE, 400, NAN, WHO_MEASURE_UNKNOWN, 5.0);

		CHECK(fabs((w5 - w4) - (w4 - w3)) < 1e-12);
	}

	for (ind = WHO_IND_LHFA; ind <= WHO_IND_SSFA; ind++)
		for (sex = WHO_SEX_MALE; sex <= WHO_SEX_FEMALE; sex++)
			for (double age = 0; age <= 228 * WHO_DAYS_PER_MONTH; age += 41.3)
			{
				who_measure measure = age < 731 ? WHO_MEASURE_LYING : WHO_MEASURE_STANDING;
				/* a length/height near the median for wflh and bfa */
				double		lenhei = who_value_at_z(WHO_IND_LHFA, sex, age, NAN, measure, 0.3);

				if (ind == WHO_IND_WFLH && age >= 1826)
					lenhei = 100.0;
				for (int k = 0; k < nz; k++)
				{
					double		y = who_value_at_z(ind, sex, age, lenhei, measure, zs[k]);
					double		z;

					if (isnan(y))
						continue;
					z = zscore_of(ind, sex, age, lenhei, measure, y);
					if (z != who_round2(zs[k]))
					{
						printf("round trip: indicator %d sex %d age %g z %g -> %.17g -> %g\n",
							   (int) ind, (int) sex, age, zs[k], y, z);
						failed++;
						continue;
					}
					round_trips++;
					passed++;
				}
			}
	/* most combinations exist (hcfa etc. stop at 60 months, wfa at 120) */
	CHECK(round_trips > 8 * 2 * 60 * nz / 2);
	printf("value_at_z: %d round trips\n", round_trips);
}

int
main(void)
{
	test_round2();
	test_round2_shortcut();
	test_month_cuts();
	test_round_half_up();
	test_tables();
	test_lms();
	test_flags();
	test_lhfa_rules();
	test_wfa_rules();
	test_wflh_rules();
	test_anthro_zscores();
	test_codes();
	test_value_at_z();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
