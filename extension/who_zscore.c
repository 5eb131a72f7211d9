/*
 * who_zscore.c - WHO anthropometric z-scores, plain C (no postgres.h).
 *
 * Section numbers (§) refer to ../shared/spec/who-algorithm.md, which says
 * exactly what WHO's R packages anthro (2006 standards, < 60 months) and
 * anthroplus (2007 reference, 60-228 months) compute.  The arithmetic below
 * follows WHO's code operation by operation, so results agree bit for bit
 * before the final rounding to two decimals.
 *
 * Deliberate departures from WHO's code, all "garbage in" cases where WHO
 * returns a non-number or a z-score of a negative measurement:
 *   - a z-score that is not finite (WHO: Inf, e.g. BMI-for-age of a child
 *     measured 0 cm tall) is missing;
 *   - BMI is missing unless the length/height used is > 0 (WHO computes a
 *     BMI from a zero or negative length);
 *   - from 60 months a negative measurement gives a missing z-score
 *     (anthroplus stops with an error for the whole call).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "who_zscore.h"

/* Day on which the 2006 tables switch from length to height (§3.2). */
#define HEIGHT_FROM_DAY 731.0
/* Months from which the 2007 reference replaces the 2006 standards. */
#define REF2007_FROM_MONTHS 60.0

/*
 * `a` when `cond`, else `b`, without a branch.  The conditions it is used
 * for (length or height, under or over 2 years) change from row to row at
 * random, and a mispredicted branch costs more than the arithmetic it
 * guards.  Bit-level, so the result is `a` or `b` exactly.
 */
static inline double
select_double(bool cond, double a, double b)
{
	uint64_t	ia;
	uint64_t	ib;
	uint64_t	mask = -(uint64_t) cond;
	uint64_t	ir;
	double		r;

	memcpy(&ia, &a, sizeof ia);
	memcpy(&ib, &b, sizeof ib);
	ir = (ia & mask) | (ib & ~mask);
	memcpy(&r, &ir, sizeof r);
	return r;
}

/*
 * R's round(x, 2) (R >= 4.0.0, src/nmath/fround.c; §4.4) of x > 0: choose
 * between the two neighbouring hundredths by their distance to the exact
 * binary x, ties to the one whose hundredths count is even.
 */
static double
round2_r(double x)
{
	double		x100;
	double		i100;
	double		down;
	double		up;

	/*
	 * So many digits that no rounding is needed.  R tests
	 * log10(2) * (0.5 + logb(x)) + 2 > DBL_DIG, which holds exactly when the
	 * binary exponent logb(x) is 43 or more.
	 */
	if (x >= 0x1p43)
		return x;
	x100 = x * 100.0;
	i100 = floor(x100);			/* < 2^50: exact, and fits an int64 */
	down = i100 / 100.0;
	up = ceil(x100) / 100.0;
	if ((up - x) < (x - down) ||
		(((int64_t) i100 & 1) == 1 && (up - x) == (x - down)))
		return up;
	return down;
}

/*
 * k / 100.0 for k = 0 .. 999, the hundredths below 10, for round2: a load
 * is quicker than a division (3 % of zscore_lhfa).  The compiler divides
 * the constants correctly rounded, as the processor does.
 */
#define HUNDREDTHS_1(k) (k) / 100.0,
#define HUNDREDTHS_10(k) \
	HUNDREDTHS_1(10 * (k) + 0) HUNDREDTHS_1(10 * (k) + 1) HUNDREDTHS_1(10 * (k) + 2) \
	HUNDREDTHS_1(10 * (k) + 3) HUNDREDTHS_1(10 * (k) + 4) HUNDREDTHS_1(10 * (k) + 5) \
	HUNDREDTHS_1(10 * (k) + 6) HUNDREDTHS_1(10 * (k) + 7) HUNDREDTHS_1(10 * (k) + 8) \
	HUNDREDTHS_1(10 * (k) + 9)
#define HUNDREDTHS_100(k) \
	HUNDREDTHS_10(10 * (k) + 0) HUNDREDTHS_10(10 * (k) + 1) HUNDREDTHS_10(10 * (k) + 2) \
	HUNDREDTHS_10(10 * (k) + 3) HUNDREDTHS_10(10 * (k) + 4) HUNDREDTHS_10(10 * (k) + 5) \
	HUNDREDTHS_10(10 * (k) + 6) HUNDREDTHS_10(10 * (k) + 7) HUNDREDTHS_10(10 * (k) + 8) \
	HUNDREDTHS_10(10 * (k) + 9)
static const double hundredths[1000] = {
	HUNDREDTHS_100(0) HUNDREDTHS_100(1) HUNDREDTHS_100(2) HUNDREDTHS_100(3)
	HUNDREDTHS_100(4) HUNDREDTHS_100(5) HUNDREDTHS_100(6) HUNDREDTHS_100(7)
	HUNDREDTHS_100(8) HUNDREDTHS_100(9)
};

/*
 * round(x, 2) as R computes it.  R rounds |x| and puts the sign back.
 *
 * For |x| < 1000 whose hundredths fraction is not within 1e-9 of one half
 * the nearer hundredth is clear without R's two divisions: x100 = |x| * 100
 * is within 2^-53 * 1e5 < 1.2e-11 of the exact 100|x|, and R's distances
 * within 2^-51 * 1000 < 4.5e-13 of the exact ones, so both pick the
 * hundredth that is nearer in exact arithmetic, and k / 100.0 is R's
 * division of the same integer (read from a table below 10).  Anything else
 * goes R's way.
 * test/unit/test_who.c compares the two on the ties and near them.
 *
 * One departure: a result of -0 is returned as +0 (R prints both as 0;
 * PostgreSQL would print "-0").
 */
static inline double
round2(double x)
{
	double		ax = fabs(x);

	if (!isfinite(x) || x == 0.0)
		return x + 0.0;			/* + 0.0 turns -0 into +0 */
	if (ax < 1000.0)
	{
		double		x100 = ax * 100.0;
		int64_t		k = (int64_t) x100; /* floor: x100 >= 0 */
		double		frac = x100 - (double) k;	/* exact (Sterbenz) */

		if (fabs(frac - 0.5) > 1e-9)
		{
			k += (frac > 0.5);
			return copysign(k < 1000 ? hundredths[k] : (double) k / 100.0, x) + 0.0;
		}
	}
	return copysign(round2_r(ax), x) + 0.0;
}

/* anthro's round_up(): half up, for ages (which are never negative). */
static inline double
round_half_up(double x)
{
	double		f = floor(x);

	/* f + 0 is f (f >= 0): adding the comparison avoids a branch */
	return f + (double) (x - f >= 0.5);
}

/* Plain LMS z-score (§4.1).  R's `^` is C's pow() for these operands. */
static inline double
lms_z(double y, const who_lms *p)
{
	/* pow(x, 1) is x exactly: skip the call for the L = 1 tables */
	double		power = p->l == 1.0 ? y / p->m : pow(y / p->m, p->l);

	return (power - 1.0) / (p->s * p->l);
}

/* The measurement at z = k. */
static inline double
lms_at(const who_lms *p, double k)
{
	return p->m * pow(1.0 + p->l * p->s * k, 1.0 / p->l);
}

/* LMS with WHO's linear extension beyond ±3 SD (§4.2). */
static inline double
lms_z_restricted(double y, const who_lms *p)
{
	double		z = lms_z(y, p);

	if (z > 3.0)
	{
		double		sd3 = lms_at(p, 3.0);

		z = 3.0 + (y - sd3) / (sd3 - lms_at(p, 2.0));
	}
	if (z < -3.0)
	{
		double		sd3 = lms_at(p, -3.0);

		z = -3.0 + (y - sd3) / (lms_at(p, -2.0) - sd3);
	}
	return z;
}

/* The building blocks, exported for the unit tests. */
double
who_round2(double x)
{
	return round2(x);
}

double
who_round2_r(double x)
{
	if (!isfinite(x) || x == 0.0)
		return x + 0.0;
	return copysign(round2_r(fabs(x)), x) + 0.0;
}

double
who_round_half_up(double x)
{
	return round_half_up(x);
}

double
who_lms_z(double y, const who_lms *p)
{
	return lms_z(y, p);
}

double
who_lms_z_restricted(double y, const who_lms *p)
{
	return lms_z_restricted(y, p);
}

/* Flags on the rounded z-score (§4.5, §9.1). */
static inline who_flag
flag_if(double z, bool outside)
{
	if (isnan(z))
		return WHO_FLAG_MISSING;
	return outside ? WHO_FLAG_YES : WHO_FLAG_NO;
}

who_flag
who_flag_lhfa(double z)
{
	return flag_if(z, z < -6.0 || z > 6.0);
}

who_flag
who_flag_wfa(double z)
{
	return flag_if(z, z < -6.0 || z > 5.0);
}

who_flag
who_flag_5(double z)
{
	return flag_if(z, fabs(z) > 5.0);
}

/* The row of `t` for `key`, or NULL when the table has none (R: no match). */
static inline const who_lms *
table_row(const who_table *t, who_sex sex, double key)
{
	if (sex == WHO_SEX_MISSING || !(key >= t->key_min && key <= t->key_max))
		return NULL;
	return &t->rows[sex - 1][(int) key - t->key_min];
}

/* The published z-score: rounded, and missing unless finite. */
static inline double
published(double z_raw)
{
	double		z = round2(z_raw);

	return isfinite(z) ? z : NAN;
}

/*
 * Linear interpolation of L, M and S between two rows, as both packages
 * write it: P = P_low + d * (P_up - P_low), only when d > 0 (§6.2, §9.1).
 * Returns false when the upper row is needed but missing.
 */
static inline bool
interpolate(const who_lms *low, const who_lms *up, double d, who_lms *out)
{
	*out = *low;
	if (d > 0.0)
	{
		if (up == NULL)
			return false;
		out->l = low->l + d * (up->l - low->l);
		out->m = low->m + d * (up->m - low->m);
		out->s = low->s + d * (up->s - low->s);
	}
	return true;
}

/*
 * What every indicator needs to know about a child's age and length, worked
 * out once (§2, §3).
 */
typedef struct child
{
	who_sex		sex;
	bool		has_age;
	double		age_day;		/* half-up rounded age in days: table key */
	double		age_days;		/* unrounded */
	bool		std2006;		/* age present and < 60 months */
	bool		ref2007;		/* age present and >= 60 months */
	who_measure cmeasure;
	bool		c9mo_flag;
	double		clenhei;
} child;

static inline void
child_init(child *c, who_sex sex, double age_days, double lenhei_cm,
		   who_measure measure)
{
	c->sex = sex;
	c->has_age = !isnan(age_days);
	c->age_day = c->has_age ? round_half_up(age_days) : NAN;
	c->age_days = age_days;
	/*
	 * "age_months < 60" and "< 9" (§2, §3.1) are decided on the days, which
	 * saves a division on every row.  60 and 9 months are exactly 1826.25
	 * and 273.9375 days, and for a >= 0 the rounded a / 30.4375 is below 60
	 * (9) exactly when a is below 1826.25 (273.9375): the largest double
	 * below either gives a quotient more than half an ulp below 60 (9).
	 * test_who checks a million doubles either side.
	 */
	c->std2006 = c->has_age & (age_days < REF2007_FROM_MONTHS * WHO_DAYS_PER_MONTH);
	c->ref2007 = c->has_age & !c->std2006;

	/*
	 * §3.1: standing under 9 months counts as "measure unknown".  Bitwise &
	 * here and below: these conditions vary from row to row, and a
	 * mispredicted branch costs more than evaluating them all.
	 */
	c->c9mo_flag = (measure == WHO_MEASURE_STANDING) & c->has_age &
		(age_days < 9.0 * WHO_DAYS_PER_MONTH);
	c->cmeasure = c->c9mo_flag ? WHO_MEASURE_UNKNOWN : measure;

	/*
	 * §3.2: standing height under 731 days becomes length (+0.7 cm), length
	 * from 731 days becomes height (-0.7 cm).  The 2007 reference has no
	 * adjustment: its heights are taken as measured (§9.1).
	 */
	c->clenhei =
		select_double(c->std2006 & (c->age_day < HEIGHT_FROM_DAY) &
					  (c->cmeasure == WHO_MEASURE_STANDING),
					  lenhei_cm + 0.7,
					  select_double(c->std2006 & (c->age_day >= HEIGHT_FROM_DAY) &
									(c->cmeasure == WHO_MEASURE_LYING),
									lenhei_cm - 0.7,
									lenhei_cm));
}

/* BMI from the length/height in use; missing unless that is > 0. */
static inline double
child_bmi(const child *c, double weight_kg)
{
	double		h = c->clenhei / 100.0;
	double		bmi;

	if (!(c->clenhei > 0.0))
		return NAN;
	bmi = weight_kg / (h * h);	/* R computes x^2 as x * x */
	return isfinite(bmi) ? bmi : NAN;
}

/*
 * LMS of an age-based 2006 indicator (§5): the exact row of the rounded
 * day, no interpolation.  The 60-month rule is the caller's (it sends those
 * children to the 2007 reference).
 */
static inline bool
std2006_lms(const who_table *t, const child *c, who_lms *out)
{
	const who_lms *p = table_row(t, c->sex, c->age_day);

	if (p == NULL)
		return false;
	*out = *p;
	return true;
}

/* An age-based 2006 z-score: measurements <= 0 are missing. */
static inline double
std2006_zscore(const who_table *t, const child *c, double y, bool restricted)
{
	who_lms		p;

	if (!(y > 0.0))
		return NAN;
	if (!std2006_lms(t, c, &p))
		return NAN;
	return published(restricted ? lms_z_restricted(y, &p) : lms_z(y, &p));
}

/*
 * LMS of a 2007 indicator (§9.1): interpolated by month, valid for
 * 60 <= months <= max_months (both ends included).
 */
static bool
ref2007_lms(const who_table *t, const child *c, double max_months, who_lms *out)
{
	double		months = c->age_days / WHO_DAYS_PER_MONTH;	/* §9.1 */
	double		low = trunc(months);

	if (c->sex == WHO_SEX_MISSING)
		return false;
	if (!(months >= REF2007_FROM_MONTHS && months <= max_months))
		return false;
	return interpolate(table_row(t, c->sex, low),
					   table_row(t, c->sex, trunc(months + 1.0)),
					   months - low, out);
}

/* A 2007 z-score: negative measurements are missing. */
static double
ref2007_zscore(const who_table *t, const child *c, double max_months,
			   double y, bool restricted)
{
	who_lms		p;

	if (isnan(y) || y < 0.0)
		return NAN;
	if (!ref2007_lms(t, c, max_months, &p))
		return NAN;
	return published(restricted ? lms_z_restricted(y, &p) : lms_z(y, &p));
}

static inline double
child_lhfa(const child *c)
{
	if (c->std2006)
		return std2006_zscore(&who2006_lhfa, c, c->clenhei, false);
	if (c->ref2007)
		return ref2007_zscore(&who2007_hfa, c, 228.0, c->clenhei, false);
	return NAN;
}

static double
child_wfa(const child *c, double weight_kg, bool oedema)
{
	if (oedema)
		return NAN;
	if (c->std2006)
		return std2006_zscore(&who2006_wfa, c, weight_kg, true);
	if (c->ref2007)
		return ref2007_zscore(&who2007_wfa, c, 120.0, weight_kg, true);
	return NAN;
}

static double
child_bfa(const child *c, double bmi, bool oedema)
{
	if (oedema)
		return NAN;
	if (c->std2006)
		return std2006_zscore(&who2006_bfa, c, bmi, true);
	if (c->ref2007)
		return ref2007_zscore(&who2007_bfa, c, 228.0, bmi, true);
	return NAN;
}

/* Head/arm circumference and skinfolds: 2006 only, under 60 months. */
static double
child_other(const who_table *t, const child *c, double y, bool restricted)
{
	return c->std2006 ? std2006_zscore(t, c, y, restricted) : NAN;
}

/*
 * LMS of weight-for-length/height (§6) at the child's length/height in use,
 * for a child under 60 months or without age.
 */
static bool
wflh_lms(const child *c, who_lms *out)
{
	const who_table *t;
	double		x = c->clenhei;
	double		x10;
	double		low;

	if (c->ref2007 || c->sex == WHO_SEX_MISSING || isnan(x))
		return false;

	/* §6.1: table by age; without age by measure; without both by 87 cm */
	if (c->has_age)
		t = c->age_day < HEIGHT_FROM_DAY ? &who2006_wfl : &who2006_wfh;
	else if (c->cmeasure == WHO_MEASURE_LYING)
		t = &who2006_wfl;
	else if (c->cmeasure == WHO_MEASURE_STANDING)
		t = &who2006_wfh;
	else
		t = x < 87.0 ? &who2006_wfl : &who2006_wfh;

	/* §6.3: inside the chosen table, both ends included */
	if (t == &who2006_wfl ? !(x >= 45.0 && x <= 110.0) : !(x >= 65.0 && x <= 120.0))
		return false;

	/* §6.2: WHO's own arithmetic, so that 44.6 + 0.7 lands where R lands */
	x10 = x * 10.0;
	low = trunc(x10) / 10.0;
	return interpolate(table_row(t, c->sex, trunc(x10)),
					   table_row(t, c->sex, trunc(x10 + 1.0)),
					   (x - low) / 0.1, out);
}

/* Weight-for-length/height z-score (§6). */
static double
child_wflh(const child *c, double weight_kg, bool oedema)
{
	who_lms		p;

	if (oedema || isnan(weight_kg))
		return NAN;
	if (!wflh_lms(c, &p))
		return NAN;
	return published(lms_z_restricted(weight_kg, &p));
}

double
who_zscore_lhfa(who_sex sex, double age_days, double lenhei_cm,
				who_measure measure)
{
	child		c;

	child_init(&c, sex, age_days, lenhei_cm, measure);
	return child_lhfa(&c);
}

double
who_zscore_wfa(who_sex sex, double age_days, double weight_kg, bool oedema)
{
	child		c;

	child_init(&c, sex, age_days, NAN, WHO_MEASURE_UNKNOWN);
	return child_wfa(&c, weight_kg, oedema);
}

double
who_zscore_wflh(who_sex sex, double weight_kg, double lenhei_cm,
				who_measure measure, double age_days, bool oedema)
{
	child		c;

	child_init(&c, sex, age_days, lenhei_cm, measure);
	return child_wflh(&c, weight_kg, oedema);
}

double
who_zscore_bfa(who_sex sex, double age_days, double weight_kg,
			   double lenhei_cm, who_measure measure, bool oedema)
{
	child		c;

	child_init(&c, sex, age_days, lenhei_cm, measure);
	return child_bfa(&c, child_bmi(&c, weight_kg), oedema);
}

double
who_zscore_hcfa(who_sex sex, double age_days, double headc_cm)
{
	child		c;

	child_init(&c, sex, age_days, NAN, WHO_MEASURE_UNKNOWN);
	return child_other(&who2006_hcfa, &c, headc_cm, false);
}

double
who_zscore_acfa(who_sex sex, double age_days, double armc_cm)
{
	child		c;

	child_init(&c, sex, age_days, NAN, WHO_MEASURE_UNKNOWN);
	return child_other(&who2006_acfa, &c, armc_cm, true);
}

double
who_zscore_tsfa(who_sex sex, double age_days, double triskin_mm)
{
	child		c;

	child_init(&c, sex, age_days, NAN, WHO_MEASURE_UNKNOWN);
	return child_other(&who2006_tsfa, &c, triskin_mm, true);
}

double
who_zscore_ssfa(who_sex sex, double age_days, double subskin_mm)
{
	child		c;

	child_init(&c, sex, age_days, NAN, WHO_MEASURE_UNKNOWN);
	return child_other(&who2006_ssfa, &c, subskin_mm, true);
}

void
who_anthro_zscores(const who_input *in, who_zscores *out)
{
	child		c;

	child_init(&c, in->sex, in->age_days, in->lenhei_cm, in->measure);
	out->clenhei = c.clenhei;
	out->cmeasure = c.cmeasure;
	out->c9mo_flag = c.c9mo_flag;
	out->cbmi = child_bmi(&c, in->weight_kg);
	out->csex = in->sex;

	out->zlen = child_lhfa(&c);
	out->flen = who_flag_lhfa(out->zlen);
	out->zwei = child_wfa(&c, in->weight_kg, in->oedema);
	out->fwei = who_flag_wfa(out->zwei);
	out->zwfl = child_wflh(&c, in->weight_kg, in->oedema);
	out->fwfl = who_flag_5(out->zwfl);
	out->zbmi = child_bfa(&c, out->cbmi, in->oedema);
	out->fbmi = who_flag_5(out->zbmi);
	out->zhc = child_other(&who2006_hcfa, &c, in->headc_cm, false);
	out->fhc = who_flag_5(out->zhc);
	out->zac = child_other(&who2006_acfa, &c, in->armc_cm, true);
	out->fac = who_flag_5(out->zac);
	out->zts = child_other(&who2006_tsfa, &c, in->triskin_mm, true);
	out->fts = who_flag_5(out->zts);
	out->zss = child_other(&who2006_ssfa, &c, in->subskin_mm, true);
	out->fss = who_flag_5(out->zss);
}

/*
 * The measurement at z-score z: the inverse of the plain LMS transform
 * (§4.1), or of the restricted one (§4.2) beyond ±3 SD, where WHO's linear
 * extension is inverted exactly.  NaN when no measurement has that z-score
 * (1 + L S z <= 0 far in the tail of a table with L > 0 or L < 0).
 */
static double
lms_value(double z, const who_lms *p, bool restricted)
{
	double		base;

	if (restricted && z > 3.0)
	{
		double		sd3 = lms_at(p, 3.0);

		return sd3 + (z - 3.0) * (sd3 - lms_at(p, 2.0));
	}
	if (restricted && z < -3.0)
	{
		double		sd3 = lms_at(p, -3.0);

		return sd3 + (z + 3.0) * (lms_at(p, -2.0) - sd3);
	}
	base = 1.0 + p->l * p->s * z;
	if (!(base > 0.0))
		return NAN;
	return p->m * pow(base, 1.0 / p->l);
}

double
who_value_at_z(who_indicator ind, who_sex sex, double age_days,
			   double lenhei_cm, who_measure measure, double z)
{
	child		c;
	who_lms		p;
	bool		found = false;
	bool		restricted = true;
	double		value;

	if (!isfinite(z))
		return NAN;
	child_init(&c, sex, age_days, lenhei_cm, measure);
	switch (ind)
	{
		case WHO_IND_LHFA:
			restricted = false;
			if (c.std2006)
				found = std2006_lms(&who2006_lhfa, &c, &p);
			else if (c.ref2007)
				found = ref2007_lms(&who2007_hfa, &c, 228.0, &p);
			break;
		case WHO_IND_WFA:
			if (c.std2006)
				found = std2006_lms(&who2006_wfa, &c, &p);
			else if (c.ref2007)
				found = ref2007_lms(&who2007_wfa, &c, 120.0, &p);
			break;
		case WHO_IND_BFA:
			if (c.std2006)
				found = std2006_lms(&who2006_bfa, &c, &p);
			else if (c.ref2007)
				found = ref2007_lms(&who2007_bfa, &c, 228.0, &p);
			break;
		case WHO_IND_WFLH:
			found = wflh_lms(&c, &p);
			break;
		case WHO_IND_HCFA:
			restricted = false;
			found = c.std2006 && std2006_lms(&who2006_hcfa, &c, &p);
			break;
		case WHO_IND_ACFA:
			found = c.std2006 && std2006_lms(&who2006_acfa, &c, &p);
			break;
		case WHO_IND_TSFA:
			found = c.std2006 && std2006_lms(&who2006_tsfa, &c, &p);
			break;
		case WHO_IND_SSFA:
			found = c.std2006 && std2006_lms(&who2006_ssfa, &c, &p);
			break;
	}
	if (!found)
		return NAN;
	value = lms_value(z, &p, restricted);
	if (ind == WHO_IND_LHFA)
	{
		/* report what is measured: undo the ±0.7 cm of §3.2 */
		child		zero;

		child_init(&zero, sex, age_days, 0.0, measure);
		value -= zero.clenhei;
	}
	/* far out in the linear extension a value can overflow or reach 0 */
	return (isfinite(value) && value > 0.0) ? value : NAN;
}
