/*
 * test_summary.c - unit tests of the growth summary (growth_summary.c), its
 * text form (summary_format.c), the data-quality report (survey_quality.c)
 * and the distributions they use (distributions.c), without a server.
 * Build and run: make unittest.
 *
 * Expected estimates are computed here, independently, by plain two-pass
 * code over the same rows and the formulas of ../shared/spec/who-algorithm.md
 * §8.4 (not by calling growth_summary.c); quantiles and tail probabilities
 * are R 4.2.2's.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distributions.h"
#include "growth_summary.h"
#include "summary_format.h"
#include "survey_quality.h"

#include "json_check.h"

static int	passed;
static int	failed;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)
#define CHECK_MSG(cond, ...) \
	do { \
		if (check((cond), #cond, __FILE__, __LINE__) == 0) \
		{ \
			printf("     "); \
			printf(__VA_ARGS__); \
			printf("\n"); \
		} \
	} while (0)

static int
check(int ok, const char *what, const char *file, int line)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
	return ok;
}

/* gs_add and gs_merge on data that fits: anything but GS_OK is a failure. */
static void
add_row(growth_summary *s, const gs_row *row)
{
	size_t		where = 0;
	gs_status	st = gs_add(s, row, &where);

	if (st != GS_OK)
	{
		failed++;
		printf("FAIL gs_add: status %d at offset %zu\n", (int) st, where);
	}
}

static void
merge_into(growth_summary *into, const growth_summary *from)
{
	size_t		where = 0;
	gs_status	st = gs_merge(into, from, &where);

	if (st != GS_OK)
	{
		failed++;
		printf("FAIL gs_merge: status %d at offset %zu\n", (int) st, where);
	}
}

/* a and b agree to rel relative, or to rel absolute when both are below 1 */
static int
close_to(double a, double b, double rel)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (isinf(a) || isinf(b))
		return a == b;
	return fabs(a - b) <= rel * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static int
rel_close(double a, double b, double rel)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return fabs(a - b) <= rel * fabs(b);
}

/* ------------------------------------------------------------------ */
/* R's quantiles and tail probabilities                                */
/* ------------------------------------------------------------------ */

/*
 * Rscript -e 'df <- c(1,2,3,4,5,9,10,19,29,99,232,499,500,999,1000,1001,5000,
 *   19273,1e5,1e6,1e7,6,7,8,11); cat(sprintf("%.17g %.17g\n", df, qt(0.975, df)))'
 * (R 4.2.2)
 */
static const struct
{
	double		df;
	double		t;
}			r_qt975[] = {
	{1, 12.706204736174694},
	{2, 4.3026527297494619},
	{3, 3.1824463052837078},
	{4, 2.7764451051977934},
	{5, 2.5705818356363137},
	{9, 2.2621571627982049},
	{10, 2.2281388519862739},
	{19, 2.0930240544083092},
	{29, 2.0452296421327034},
	{99, 1.9842169515864172},
	{232, 1.9702419362015688},
	{499, 1.9647293909876884},
	{500, 1.9647198374673673},
	{999, 1.9623414611334493},
	{1000, 1.9623390808264076},
	{1001, 1.9623367052808791},
	{5000, 1.9604385517065075},
	{19273, 1.960087079942197},
	{100000, 1.9599877075346088},
	{1000000, 1.9599663568141066},
	{10000000, 1.9599642217672049},
	{6, 2.4469118511449688},
	{7, 2.3646242515927844},
	{8, 2.3060041352041658},
	{11, 2.2009851600916388},
};

#define N_R_QT ((int) (sizeof(r_qt975) / sizeof(r_qt975[0])))

/* R's qt(0.975, df) from the table; a test that needs another df fails. */
static double
qt975_r(double df)
{
	for (int k = 0; k < N_R_QT; k++)
		if (r_qt975[k].df == df)
			return r_qt975[k].t;
	printf("FAIL test_summary.c: no R value of qt(0.975, %g) in the table\n", df);
	failed++;
	return NAN;
}

/*
 * Rscript -e 'x <- c(0.5, 3.841458820694124, 10, 0.1, 2, 20, 40, 5, 30, 1e-3, 0.0039);
 *   df <- c(1,1,1,9,9,9,9,11,11,1,1);
 *   cat(sprintf("%.17g %g %.17g\n", x, df, pchisq(x, df, lower.tail=FALSE)))'
 * (R 4.2.2)
 */
static const struct
{
	double		x;
	double		df;
	double		p;
}			r_pchisq[] = {
	{0.5, 1, 0.47950012218695348},
	{3.841458820694124, 1, 0.049999999999999975},
	{10, 1, 0.0015654022580025519},
	{0.1, 9, 0.99999997436967458},
	{2, 9, 0.9914676066288135},
	{20, 9, 0.017912404529843273},
	{40, 9, 7.5985252294642758e-06},
	{5, 11, 0.93116661047069915},
	{30, 11, 0.0015845952573066047},
	{1e-3, 1, 0.97477287936996038},
	{0.0039, 1, 0.950204494328729},
};

/* qnorm(p): the exact quantile of the double p, from mpmath (50 digits). */
static const struct
{
	double		p;
	double		q;
}			exact_qnorm[] = {
		{1e-300, -37.0470962993611992365},
		{1e-20, -9.26234008979840757957},
		{1e-10, -6.3613409024040561991},
		{0.000001, -4.75342430882289895734},
		{0.001, -3.09023230616781353536},
		{0.01, -2.32634787404084109308},
		{0.025, -1.95996398454005421178},
		{0.05, -1.64485362695147268795},
		{0.1, -1.28155156554460043533},
		{0.2, -0.841621233572914165522},
		{0.3, -0.524400512708040815969},
		{0.4, -0.253347103135799741325},
		{0.5, 0.0},
		{0.55, 0.125661346855074146409},
		{0.6, 0.253347103135799741325},
		{0.7, 0.524400512708040656314},
		{0.8, 0.841621233572914363804},
		{0.9, 1.28155156554460059349},
		{0.95, 1.64485362695147228428},
		{0.975, 1.9599639845400538556},
		{0.99, 2.32634787404084076764},
		{0.995, 2.57582930354890045386},
		{0.999, 3.09023230616781327776},
		{0.9999999, 5.19933758229066109366},
};

static void
test_normal_quantile(void)
{
	for (size_t k = 0; k < sizeof(exact_qnorm) / sizeof(exact_qnorm[0]); k++)
	{
		double		q = normal_quantile(exact_qnorm[k].p);

		CHECK_MSG(exact_qnorm[k].q == 0.0 ? q == 0.0 : rel_close(q, exact_qnorm[k].q, 1e-15),
				  "normal_quantile(%.17g) = %.17g, exact %.17g", exact_qnorm[k].p, q,
				  exact_qnorm[k].q);
	}
	CHECK(isnan(normal_quantile(0.0)));
	CHECK(isnan(normal_quantile(1.0)));
	CHECK(isnan(normal_quantile(-0.1)));
	CHECK(isnan(normal_quantile(NAN)));
	/* symmetric (1 - p rounds: 1e-10), and increasing across the switches of AS 241's three regions */
	for (double p = 1e-6; p < 0.5; p *= 1.37)
		CHECK_MSG(normal_quantile(p) == -normal_quantile(1.0 - p) ||
				  rel_close(normal_quantile(p), -normal_quantile(1.0 - p), 1e-10),
				  "normal_quantile not symmetric at %g", p);
	for (double p = 0.07; p < 0.08; p += 1e-5)
		CHECK_MSG(normal_quantile(p + 1e-5) > normal_quantile(p), "not increasing at %g", p);
}

static void
test_distributions(void)
{
	for (int k = 0; k < N_R_QT; k++)
	{
		double		t = student_t_975(r_qt975[k].df);

		CHECK_MSG(rel_close(t, r_qt975[k].t, 1e-13),
				  "student_t_975(%.17g) = %.17g, R's qt gives %.17g (rel. error %.3g)",
				  r_qt975[k].df, t, r_qt975[k].t, fabs(t - r_qt975[k].t) / r_qt975[k].t);
	}
	CHECK_MSG(isnan(student_t_975(0.0)), "student_t_975(0) = %.17g, expected NaN",
			  student_t_975(0.0));
	CHECK_MSG(isnan(student_t_975(0.5)), "student_t_975(0.5) = %.17g, expected NaN",
			  student_t_975(0.5));
	CHECK(isnan(student_t_975(-1.0)));
	CHECK(isnan(student_t_975(NAN)));
	/* the quantile falls with df, also across the switch of method at 1000 */
	for (double df = 1.0; df < 3000.0; df += df < 990.0 ? 7.0 : 1.0)
		if (!(student_t_975(df + 1.0) < student_t_975(df)))
		{
			CHECK_MSG(0, "student_t_975 does not fall from df %g to %g: %.17g, %.17g",
					  df, df + 1.0, student_t_975(df), student_t_975(df + 1.0));
			break;
		}
	/* P(T > qt(0.975, df)) = 0.025 */
	for (int k = 0; k < 10; k++)
	{
		double		p = student_t_upper(r_qt975[k].t, r_qt975[k].df);

		CHECK_MSG(rel_close(p, 0.025, 1e-12), "student_t_upper(%.17g, %g) = %.17g, expected 0.025",
				  r_qt975[k].t, r_qt975[k].df, p);
	}
	CHECK(student_t_upper(0.0, 5.0) == 0.5);

	for (size_t k = 0; k < sizeof(r_pchisq) / sizeof(r_pchisq[0]); k++)
	{
		double		p = chisq_upper(r_pchisq[k].x, r_pchisq[k].df);

		CHECK_MSG(rel_close(p, r_pchisq[k].p, 1e-12),
				  "chisq_upper(%.17g, %g) = %.17g, R's pchisq gives %.17g (rel. error %.3g)",
				  r_pchisq[k].x, r_pchisq[k].df, p, r_pchisq[k].p,
				  fabs(p - r_pchisq[k].p) / r_pchisq[k].p);
	}
	CHECK(chisq_upper(0.0, 1.0) == 1.0);
	CHECK(isnan(chisq_upper(NAN, 1.0)));
	CHECK(isnan(chisq_upper(1.0, 0.0)));
}

/* ------------------------------------------------------------------ */
/* Rows and the independent reference estimates                        */
/* ------------------------------------------------------------------ */

/* A child of the given completed months (NaN: age missing), in the domain, weight 1. */
static gs_row
child(double months, double ha, double wa, double bmi, double wh)
{
	gs_row		r;
	const double z[GS_N_INDICATORS] = {ha, wa, bmi, wh};

	memset(&r, 0, sizeof(r));
	r.age_days = isnan(months) ? NAN : months * WHO_DAYS_PER_MONTH + 1.0;
	r.sex = WHO_SEX_FEMALE;
	r.oedema = false;
	r.weight_kg = NAN;
	r.lenhei_cm = NAN;
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		r.z[i] = z[i];
		r.flag[i] = isnan(z[i]) ? WHO_FLAG_MISSING : WHO_FLAG_NO;
	}
	r.sampling_weight = 1.0;
	r.in_domain = true;
	return r;
}

static growth_summary
summary_of(const gs_row *rows, int n)
{
	growth_summary s;

	gs_init(&s);
	for (int k = 0; k < n; k++)
		add_row(&s, &rows[k]);
	return s;
}

/* What to estimate: a z-score mean, a cut-off (0..5) or a combined indicator. */
enum what
{
	W_MEAN, W_CUT, W_COMBINED
};

static double
months_of(const gs_row *r)
{
	return r->age_days / WHO_DAYS_PER_MONTH;
}

/* §8.1 step 1-2, §9.2: the z used for means and the auxiliary value for cut-offs */
static void
row_values(const gs_row *r, int i, double *z, double *aux)
{
	double		m = months_of(r);
	bool		older = m >= 60.0;	/* false when age is missing */
	bool		oedema_aux = false;

	*z = r->flag[i] == WHO_FLAG_YES ? NAN : r->z[i];
	if (r->oedema && i != GS_HA)
	{
		if (!older)
			oedema_aux = true;
		else if (i == GS_BMI)
			oedema_aux = true;
		else if (i == GS_WA && m <= 120.0)
			oedema_aux = true;
	}
	*aux = oedema_aux ? -3.1 : *z;
	if (oedema_aux)
		*z = NAN;
}

static int
cut_yes(int k, double v)
{
	switch (k)
	{
		case 0:
			return v < -3.0;
		case 1:
			return v < -2.0;
		case 2:
			return v < -1.0;
		case 3:
			return v > 1.0;
		case 4:
			return v > 2.0;
		default:
			return v > 3.0;
	}
}

static gs_estimate
missing_estimate(void)
{
	gs_estimate e = {NAN, NAN, NAN, NAN, NAN, NAN, -1};

	return e;
}

/*
 * The expected estimate, straight from §8.4, two passes over the rows.
 * df_t: the t quantile's df is taken from R's table when use_r_table, else
 * from student_t_975 (checked against R above).
 */
static gs_estimate
reference(const gs_row *rows, int nrows, enum what what, int i, int k, bool use_r_table)
{
	static double y[20000],
				w[20000];
	int			n = 0;
	int			n_pop = 0;
	double		pop_w = 0.0;
	double		big_n = 0.0,
				positive = 0.0;
	bool		weighted = false;
	bool		under_120 = false,
				over_120 = false;
	gs_estimate e = missing_estimate();
	double		sw = 0.0,
				swy = 0.0,
				r,
				ss = 0.0,
				sdev = 0.0;

	for (int j = 0; j < nrows; j++)
	{
		const gs_row *row = &rows[j];
		double		m = months_of(row);
		double		z,
					aux,
					yv = NAN;

		if (m > 228.0)
			continue;			/* not kept */
		big_n += 1.0;
		if (row->sampling_weight > 0.0)
			positive += 1.0;
		if (row->sampling_weight != 1.0)
			weighted = true;
		if (!row->in_domain)
			continue;
		if (m < 120.0)
			under_120 = true;
		if (m > 120.0)
			over_120 = true;

		if (what == W_COMBINED)
		{
			double		ha,
						ha_aux,
						wh,
						wh_aux;

			row_values(row, GS_HA, &ha, &ha_aux);
			row_values(row, GS_WH, &wh, &wh_aux);
			if (isnan(ha) || isnan(wh_aux))
				continue;
			yv = k == 0 ? (ha < -2.0 && wh_aux < -2.0) : (ha < -2.0 && wh_aux > 2.0);
			n_pop++;
			pop_w += row->sampling_weight;
		}
		else
		{
			row_values(row, i, &z, &aux);
			if (!isnan(aux))
			{
				n_pop++;
				pop_w += row->sampling_weight;
			}
			if (what == W_CUT)
				yv = isnan(aux) ? NAN : cut_yes(k, aux);
			else
				yv = z;
		}
		if (isnan(yv))
			continue;
		y[n] = yv;
		w[n] = row->sampling_weight;
		n++;
	}

	/* §9.2: weight-for-age is blanked for a group spanning 120 months */
	if (what != W_COMBINED && i == GS_WA && under_120 && over_120)
		return e;
	e.pop = pop_w;
	e.unwpop = n_pop;
	for (int j = 0; j < n; j++)
	{
		sw += w[j];
		swy += w[j] * y[j];
	}
	if (n == 0 || !(sw > 0.0))
		return e;
	r = swy / sw;
	for (int j = 0; j < n; j++)
	{
		ss += (w[j] * (y[j] - r)) * (w[j] * (y[j] - r));
		sdev += w[j] * (y[j] - r) * (y[j] - r);
	}
	e.se = sqrt(big_n / (big_n - 1.0)) * sqrt(ss) / sw;

	if (what == W_MEAN)
	{
		double		t = use_r_table ? qt975_r(big_n - 1.0) : student_t_975(big_n - 1.0);

		e.r = r;
		e.ll = r - t * e.se;
		e.ul = r + t * e.se;
		/* anthro's zscore_estimate_weighted: n = non-missing rows */
		e.stdev = n > 1 ? sqrt(sdev / sw * n / (n - 1.0)) : NAN;
	}
	else
	{
		double		p = r;

		e.r = 100.0 * p;
		e.se = 100.0 * e.se;
		if (weighted && e.r == 1.0)
			e.ll = e.ul = 1.0;	/* WHO's percent/proportion mix-up, §8.4 */
		else if (p == 0.0)
			e.ll = e.ul = 0.0;
		else if (p == 1.0)
			e.ll = e.ul = 100.0;
		else
		{
			double		df = weighted ? positive - 1.0 : big_n - 1.0;
			double		t = use_r_table ? qt975_r(df) : student_t_975(df);
			double		lambda = log(p / (1.0 - p));
			double		s_lambda = weighted ? (e.se / 100.0) / (p * (1.0 - p))
				: sqrt(big_n / (big_n - 1.0) / (n * p * (1.0 - p)));

			e.ll = 100.0 / (1.0 + exp(-(lambda - t * s_lambda)));
			e.ul = 100.0 / (1.0 + exp(-(lambda + t * s_lambda)));
		}
	}
	return e;
}

static const char *const indicator_keys[GS_N_INDICATORS] = {"HA", "WA", "BMI", "WH"};
static const char *const cut_suffix[GS_N_CUTOFFS] = {"_3", "_2", "_1", "1", "2", "3"};
static const char *const combined_keys[GS_N_COMBINED] = {"HA_2_WH_2", "HA_2_WH2"};

static void
check_estimate(const char *set, const char *key, const gs_estimate *got,
			   const gs_estimate *want, bool is_mean, double tol)
{
	struct
	{
		const char *name;
		double		got,
					want;
	}			v[] = {
		{"r", got->r, want->r}, {"se", got->se, want->se}, {"ll", got->ll, want->ll},
		{"ul", got->ul, want->ul}, {"stdev", got->stdev, want->stdev},
		{"pop", got->pop, want->pop}
	};

	for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
	{
		if (!is_mean && strcmp(v[k].name, "stdev") == 0)
		{
			CHECK_MSG(isnan(got->stdev), "%s %s: stdev of a prevalence is %.17g, expected NaN",
					  set, key, got->stdev);
			continue;
		}
		CHECK_MSG(close_to(v[k].got, v[k].want, tol), "%s %s_%s: got %.17g, expected %.17g",
				  set, key, v[k].name, v[k].got, v[k].want);
	}
	CHECK_MSG(got->unwpop == want->unwpop, "%s %s unwpop: got %lld, expected %lld",
			  set, key, (long long) got->unwpop, (long long) want->unwpop);
}

/* Every estimate of the summary of rows against the reference. */
static void
check_all_estimates(const char *set, const gs_row *rows, int n, bool use_r_table, double tol)
{
	growth_summary s = summary_of(rows, n);
	gs_estimate got,
				want;
	char		key[32];

	CHECK_MSG(gs_check(&s) == NULL, "%s: gs_check rejects a summary built by gs_add: %s",
			  set, gs_check(&s));
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		CHECK_MSG(gs_zscore_mean(&s, indicator_keys[i], &got), "%s: mean %s not known",
				  set, indicator_keys[i]);
		want = reference(rows, n, W_MEAN, i, 0, use_r_table);
		check_estimate(set, indicator_keys[i], &got, &want, true, tol);
		for (int k = 0; k < GS_N_CUTOFFS; k++)
		{
			snprintf(key, sizeof(key), "%s%s", indicator_keys[i], cut_suffix[k]);
			CHECK_MSG(gs_prevalence(&s, key, &got), "%s: prevalence %s not known", set, key);
			want = reference(rows, n, W_CUT, i, k, use_r_table);
			check_estimate(set, key, &got, &want, false, tol);
		}
	}
	for (int k = 0; k < GS_N_COMBINED; k++)
	{
		CHECK_MSG(gs_prevalence(&s, combined_keys[k], &got), "%s: %s not known",
				  set, combined_keys[k]);
		want = reference(rows, n, W_COMBINED, 0, k, use_r_table);
		check_estimate(set, combined_keys[k], &got, &want, false, tol);
	}
}

static gs_estimate
prev(const growth_summary *s, const char *key)
{
	gs_estimate e;

	if (!gs_prevalence(s, key, &e))
	{
		printf("FAIL test_summary.c: gs_prevalence does not know %s\n", key);
		failed++;
		return missing_estimate();
	}
	return e;
}

static gs_estimate
zmean(const growth_summary *s, const char *key)
{
	gs_estimate e;

	if (!gs_zscore_mean(s, key, &e))
	{
		printf("FAIL test_summary.c: gs_zscore_mean does not know %s\n", key);
		failed++;
		return missing_estimate();
	}
	return e;
}

/* ------------------------------------------------------------------ */
/* Estimates on small data sets                                        */
/* ------------------------------------------------------------------ */

/* Set A: ten children under 5, no weights (HA, WA, BMI, WH). */
static int
set_a(gs_row *rows)
{
	static const double ha[10] = {-3.5, -2.5, -2.01, -2.0, -1.0, 0.0, 0.5, 1.2, 2.5, 3.1};
	static const double wa[10] = {-2.5, -1.5, 0.3, NAN, 0.0, 1.0, -0.5, 0.7, 2.2, -7.0};
	static const double bmi[10] = {0.1, -2.2, NAN, 0.4, 1.1, -1.3, 0.0, 2.05, -0.4, 0.9};
	static const double wh[10] = {-3.2, -2.1, 1.5, 0.0, 2.3, -0.7, 0.2, 1.9, -1.1, 0.3};

	for (int k = 0; k < 10; k++)
		rows[k] = child(12.0 + 4 * k, ha[k], wa[k], bmi[k], wh[k]);
	rows[2].oedema = true;		/* WA 0.3, BMI missing, WH 1.5: all count as -3.1 */
	rows[9].flag[GS_WA] = WHO_FLAG_YES;	/* WA -7.0 set aside */
	rows[3].sex = WHO_SEX_MALE;
	return 10;
}

static void
test_estimates_simple(void)
{
	gs_row		rows[128];
	int			n = set_a(rows);
	growth_summary s = summary_of(rows, n);
	gs_estimate e;

	check_all_estimates("set A", rows, n, true, 1e-12);

	/* hand-checked numbers */
	CHECK(s.rows == 10 && s.domain_rows == 10 && s.rows_positive == 10 && !s.weighted);
	e = prev(&s, "HA_2");
	CHECK_MSG(close_to(e.r, 30.0, 1e-13) && e.pop == 10.0 && e.unwpop == 10,
			  "HA_2: r %.17g pop %g unwpop %lld, expected 30, 10, 10", e.r, e.pop,
			  (long long) e.unwpop);
	/* SE = sqrt(10/9) sqrt(3 * 0.49 + 7 * 0.09) / 10 */
	CHECK_MSG(close_to(e.se, 100.0 * sqrt(10.0 / 9.0) * sqrt(2.1) / 10.0, 1e-12),
			  "HA_2 se %.17g", e.se);
	/*
	 * Rscript -e 'p=.3; N=10; 100*plogis(qlogis(p) + c(-1,1)*qt(.975,N-1)*
	 *   sqrt(N/(N-1)/(N*p*(1-p))))' -> 7.6366228986463849 68.958489203307508
	 */
	CHECK_MSG(rel_close(e.ll, 7.6366228986463849, 1e-12) && rel_close(e.ul, 68.958489203307508, 1e-12),
			  "HA_2 CI [%.17g, %.17g], R gives [7.6366228986463849, 68.958489203307508]",
			  e.ll, e.ul);
	e = prev(&s, "HA_1");		/* -1.0 is not below -1 */
	CHECK_MSG(close_to(e.r, 40.0, 1e-13), "HA_1 r %.17g, expected 40", e.r);
	e = prev(&s, "HA3");
	CHECK_MSG(close_to(e.r, 10.0, 1e-13), "HA3 r %.17g, expected 10", e.r);

	/* oedema counts as below -3 for WA, BMI and WH, but is not in the means */
	e = prev(&s, "WA_3");
	CHECK_MSG(e.unwpop == 8 && e.pop == 8.0 && close_to(e.r, 12.5, 1e-13),
			  "WA_3: unwpop %lld pop %g r %.17g, expected 8, 8, 12.5 (oedema is -3.1; "
			  "flagged and missing rows out)", (long long) e.unwpop, e.pop, e.r);
	e = prev(&s, "BMI_3");
	CHECK_MSG(e.unwpop == 10 && close_to(e.r, 10.0, 1e-13),
			  "BMI_3: unwpop %lld r %.17g, expected 10, 10 (oedema child with no BMI counts)",
			  (long long) e.unwpop, e.r);
	e = prev(&s, "WH_3");
	CHECK_MSG(e.unwpop == 10 && close_to(e.r, 20.0, 1e-13),
			  "WH_3: unwpop %lld r %.17g, expected 10, 20", (long long) e.unwpop, e.r);
	/* rows 0 (-3.5, -3.2), 1 (-2.5, -2.1) and the oedema row 2 (-2.01, -3.1) */
	e = prev(&s, "HA_2_WH_2");
	CHECK_MSG(e.unwpop == 10 && close_to(e.r, 30.0, 1e-13),
			  "HA_2_WH_2: unwpop %lld r %.17g, expected 10, 30", (long long) e.unwpop, e.r);
	e = zmean(&s, "WA");
	{
		const double v[7] = {-2.5, -1.5, 0.0, 1.0, -0.5, 0.7, 2.2};
		double		mean = 0.0,
					ss = 0.0;

		for (int k = 0; k < 7; k++)
			mean += v[k] / 7.0;
		for (int k = 0; k < 7; k++)
			ss += (v[k] - mean) * (v[k] - mean);
		CHECK_MSG(close_to(e.r, mean, 1e-13) && e.unwpop == 8 && e.pop == 8.0,
				  "WA mean: r %.17g unwpop %lld, expected %.17g over 7 z-scores, pop 8",
				  e.r, (long long) e.unwpop, mean);
		CHECK_MSG(close_to(e.stdev, sqrt(ss / 6.0), 1e-13), "WA stdev %.17g, expected %.17g",
				  e.stdev, sqrt(ss / 6.0));
		CHECK_MSG(close_to(e.se, sqrt(10.0 / 9.0) * sqrt(ss) / 7.0, 1e-13),
				  "WA se %.17g, expected %.17g (N = 10)", e.se, sqrt(10.0 / 9.0) * sqrt(ss) / 7.0);
		CHECK_MSG(close_to(e.ul - e.r, 2.2621571627982049 * e.se, 1e-13),
				  "WA ul - r = %.17g, expected qt(.975, 9) se", e.ul - e.r);
	}
	CHECK(s.ind[GS_WA].oedema == 1 && s.ind[GS_WA].flagged == 1 && s.ind[GS_WA].missing == 1);
	CHECK(s.ind[GS_WA].z.n == 7 && s.ind[GS_HA].oedema == 0 && s.ind[GS_BMI].oedema == 1);
	CHECK(s.ind[GS_BMI].missing == 0);	/* the oedema child's missing BMI is not "missing" */
	CHECK(s.sex[WHO_SEX_MALE] == 1 && s.sex[WHO_SEX_FEMALE] == 9);

	/* p = 0 and p = 100 % */
	{
		gs_row		r2[4];

		for (int k = 0; k < 4; k++)
			r2[k] = child(10.0, -1.5 - 0.25 * k, 0.0, 0.0, 0.0);
		s = summary_of(r2, 4);
		e = prev(&s, "HA_3");
		CHECK_MSG(e.r == 0.0 && e.se == 0.0 && e.ll == 0.0 && e.ul == 0.0,
				  "p = 0: r %g se %g CI [%g, %g], expected 0 0 [0, 0]", e.r, e.se, e.ll, e.ul);
		e = prev(&s, "HA_1");
		CHECK_MSG(e.r == 100.0 && e.se == 0.0 && e.ll == 100.0 && e.ul == 100.0,
				  "p = 1: r %g se %g CI [%g, %g], expected 100 0 [100, 100]", e.r, e.se, e.ll, e.ul);
		check_all_estimates("p = 0 / 1", r2, 4, true, 1e-12);
	}
}

/* Set B: in_domain = false rows count only toward N. */
static void
test_estimates_domain(void)
{
	gs_row		rows[10];
	growth_summary s;
	gs_estimate e;
	const double ha[8] = {-2.5, -1.0, 0.5, -2.2, 1.1, 0.0, -0.3, 2.4};

	for (int k = 0; k < 8; k++)
		rows[k] = child(20.0, ha[k], NAN, NAN, NAN);
	rows[8] = child(20.0, -3.5, -3.5, -3.5, -3.5);
	rows[9] = child(NAN, -3.5, -3.5, -3.5, -3.5);
	rows[8].in_domain = rows[9].in_domain = false;
	rows[9].oedema = true;
	s = summary_of(rows, 10);
	CHECK(s.rows == 10 && s.domain_rows == 8 && s.age_missing == 0 && s.age_months[20] == 8);
	e = prev(&s, "HA_2");
	CHECK_MSG(e.unwpop == 8 && close_to(e.r, 25.0, 1e-13),
			  "out-of-domain rows: HA_2 unwpop %lld r %.17g, expected 8, 25",
			  (long long) e.unwpop, e.r);
	/* SE = sqrt(N/(N-1)) sqrt(2 * 0.75^2 + 6 * 0.25^2) / 8 with N = 10 */
	CHECK_MSG(close_to(e.se, 100.0 * sqrt(10.0 / 9.0) * sqrt(1.5) / 8.0, 1e-12),
			  "out-of-domain rows: HA_2 se %.17g, expected %.17g (N = all 10 rows)",
			  e.se, 100.0 * sqrt(10.0 / 9.0) * sqrt(1.5) / 8.0);
	e = prev(&s, "WA_3");
	CHECK_MSG(e.unwpop == 0 && e.pop == 0.0 && isnan(e.r) && isnan(e.se) && isnan(e.ll),
			  "no WA in the domain: unwpop %lld r %g, expected 0 and NaN", (long long) e.unwpop, e.r);
	check_all_estimates("set B (domain)", rows, 10, true, 1e-12);
}

/* Weighted designs. */
static void
test_estimates_weighted(void)
{
	static gs_row rows[100];
	growth_summary s;
	gs_estimate e;

	/* §8.4: 1 stunted child in 100 with sw = 2 gives [1, 1]; without sw [0.136, 6.97] */
	for (int k = 0; k < 100; k++)
		rows[k] = child(30.0, k == 0 ? -2.5 : 0.0, 0.0, 0.0, 0.0);
	s = summary_of(rows, 100);
	e = prev(&s, "HA_2");
	/* Rscript: p=.01; N=100; 100*plogis(qlogis(p)+c(-1,1)*qt(.975,N-1)*sqrt(N/(N-1)/(N*p*(1-p)))) */
	CHECK_MSG(e.r == 1.0 && rel_close(e.ll, 0.13593621669594297, 1e-12) &&
			  rel_close(e.ul, 6.9728957082189718, 1e-12),
			  "1 in 100 unweighted: r %.17g CI [%.17g, %.17g], expected 1 [0.13593621669594297, "
			  "6.9728957082189718]", e.r, e.ll, e.ul);
	for (int k = 0; k < 100; k++)
		rows[k].sampling_weight = 2.0;
	s = summary_of(rows, 100);
	CHECK(s.weighted);
	e = prev(&s, "HA_2");
	CHECK_MSG(e.r == 1.0 && e.ll == 1.0 && e.ul == 1.0 && e.pop == 200.0 && e.unwpop == 100,
			  "1 in 100 with sw = 2: r %.17g CI [%.17g, %.17g] pop %g, expected 1 [1, 1] 200 "
			  "(WHO's quirk)", e.r, e.ll, e.ul, e.pop);
	check_all_estimates("1 % weighted", rows, 100, true, 1e-12);
	/* 2 in 100 is not the quirk */
	rows[1].z[GS_HA] = -2.5;
	s = summary_of(rows, 100);
	e = prev(&s, "HA_2");
	CHECK_MSG(e.ll < 2.0 && e.ul > 2.0, "2 in 100 weighted: CI [%g, %g] should contain 2",
			  e.ll, e.ul);
	check_all_estimates("2 % weighted", rows, 100, true, 1e-12);

	/* varied weights, one of them 0 (survey's df: rows of positive weight - 1) */
	{
		const double sw[10] = {1.5, 2.0, 0.5, 3.0, 1.0, 1.0, 2.5, 0.0, 4.0, 1.2};
		gs_row		r10[10];
		int			n = set_a(r10);

		for (int k = 0; k < n; k++)
			r10[k].sampling_weight = sw[k];
		s = summary_of(r10, n);
		CHECK(s.weighted && s.rows == 10 && s.rows_positive == 9);
		check_all_estimates("set A weighted", r10, n, true, 1e-12);
		e = prev(&s, "HA_2");	/* rows 0, 1, 2: 1.5 + 2 + 0.5 of 16.7 */
		CHECK_MSG(close_to(e.r, 100.0 * 4.0 / 16.7, 1e-13) && close_to(e.pop, 16.7, 1e-13) &&
				  e.unwpop == 10,
				  "weighted HA_2: r %.17g pop %.17g unwpop %lld, expected %.17g 16.7 10",
				  e.r, e.pop, (long long) e.unwpop, 400.0 / 16.7);
		/* one row out of the domain: N still counts it */
		r10[4].in_domain = false;
		check_all_estimates("set A weighted, one out of domain", r10, n, true, 1e-12);
	}
	/* all weights equal to 1 is the simple design */
	{
		gs_row		r10[10];
		int			n = set_a(r10);

		s = summary_of(r10, n);
		CHECK(!s.weighted);
		r10[0].sampling_weight = 0.0;
		s = summary_of(r10, n);
		CHECK(s.weighted && s.rows_positive == 9);
		check_all_estimates("set A, one weight 0", r10, n, true, 1e-12);
	}
}

static void
test_estimates_edge(void)
{
	growth_summary s;
	gs_estimate e;
	char		key[32];

	/* empty: every estimate NaN, pop 0 */
	gs_init(&s);
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		e = zmean(&s, indicator_keys[i]);
		CHECK_MSG(isnan(e.r) && isnan(e.se) && isnan(e.ll) && isnan(e.ul) && isnan(e.stdev) &&
				  e.pop == 0.0 && e.unwpop == 0,
				  "empty %s: r %g se %g ll %g ul %g stdev %g pop %g unwpop %lld", indicator_keys[i],
				  e.r, e.se, e.ll, e.ul, e.stdev, e.pop, (long long) e.unwpop);
		for (int k = 0; k < GS_N_CUTOFFS; k++)
		{
			snprintf(key, sizeof(key), "%s%s", indicator_keys[i], cut_suffix[k]);
			e = prev(&s, key);
			CHECK_MSG(isnan(e.r) && isnan(e.se) && isnan(e.ll) && isnan(e.ul) &&
					  e.pop == 0.0 && e.unwpop == 0,
					  "empty %s: r %g se %g ll %g ul %g pop %g unwpop %lld", key,
					  e.r, e.se, e.ll, e.ul, e.pop, (long long) e.unwpop);
		}
	}
	for (int k = 0; k < GS_N_COMBINED; k++)
	{
		e = prev(&s, combined_keys[k]);
		CHECK_MSG(isnan(e.r) && e.pop == 0.0 && e.unwpop == 0, "empty %s: r %g pop %g",
				  combined_keys[k], e.r, e.pop);
	}

	/* one row: se (and the mean's interval and SD) NaN */
	{
		gs_row		r = child(7.0, -2.5, 0.5, NAN, NAN);

		s = summary_of(&r, 1);
		e = prev(&s, "HA_2");
		CHECK_MSG(e.r == 100.0 && isnan(e.se) && e.ll == 100.0 && e.ul == 100.0 && e.unwpop == 1,
				  "one row HA_2: r %g se %g CI [%g, %g], expected 100 NaN [100, 100]",
				  e.r, e.se, e.ll, e.ul);
		e = prev(&s, "HA_3");
		CHECK_MSG(e.r == 0.0 && isnan(e.se) && e.ll == 0.0 && e.ul == 0.0,
				  "one row HA_3: r %g se %g CI [%g, %g], expected 0 NaN [0, 0]", e.r, e.se, e.ll, e.ul);
		e = zmean(&s, "HA");
		CHECK_MSG(e.r == -2.5 && isnan(e.se) && isnan(e.ll) && isnan(e.ul) && isnan(e.stdev),
				  "one row HA mean: r %g se %g ll %g ul %g stdev %g, expected -2.5 and NaN",
				  e.r, e.se, e.ll, e.ul, e.stdev);
		e = zmean(&s, "WH");
		CHECK_MSG(isnan(e.r) && e.unwpop == 0, "one row WH mean: r %g unwpop %lld", e.r,
				  (long long) e.unwpop);
	}

	/* keys */
	{
		const char *bad[] = {"HA_4", "XY_2", "", "HA", "HA_2_WH_3", "_2", "HA__2", "2",
		"HA_2 ", " HA_2", "HAZ_2", "WH_2_HA_2", "HA_-2", NULL};
		const char *bad_mean[] = {"HB", "HA_2", "", "HAZ", " WA", "WA ", "BMI_", NULL};
		gs_estimate a,
					b;

		for (const char **k = bad; *k; k++)
			CHECK_MSG(!gs_prevalence(&s, *k, &e), "gs_prevalence accepts the key \"%s\"", *k);
		for (const char **k = bad_mean; *k; k++)
			CHECK_MSG(!gs_zscore_mean(&s, *k, &e), "gs_zscore_mean accepts the key \"%s\"", *k);
		CHECK(gs_prevalence(&s, "ha_2", &a) && gs_prevalence(&s, "HA_2", &b) && a.r == b.r);
		CHECK(gs_prevalence(&s, "wh2", &a) && gs_prevalence(&s, "hA_2_wH_2", &b));
		CHECK(gs_zscore_mean(&s, "bmi", &a));
		CHECK(strcmp(gs_indicator_name(GS_BMI), "BMI") == 0);
	}

	/* 5-19 years (§9.2) */
	{
		gs_row		r[5];

		r[0] = child(100.0, -2.5, -2.5, -2.5, NAN);
		r[1] = child(130.0, -1.0, NAN, -2.5, NAN);	/* no WA after 120 months */
		r[2] = child(100.0, 0.5, NAN, 0.5, NAN);	/* WA missing */
		r[3] = child(150.0, 0.5, NAN, 0.5, NAN);
		r[3].oedema = true;		/* BMI -3.1, WA not (over 120 months) */
		r[4] = child(229.5, -4.0, -4.0, -4.0, NAN);	/* over 228 months: not kept */
		s = summary_of(r, 5);
		CHECK_MSG(s.rows == 4 && s.excluded_rows == 1 && s.ref2007_rows == 4 &&
				  s.rows_over_120mo == 2,
				  "rows %lld excluded %lld ref2007 %lld over120 %lld, expected 4 1 4 2",
				  (long long) s.rows, (long long) s.excluded_rows, (long long) s.ref2007_rows,
				  (long long) s.rows_over_120mo);
		CHECK(s.ind[GS_WA].missing == 1 && s.ind[GS_WH].missing == 0);
		CHECK(s.ind[GS_BMI].oedema == 1 && s.ind[GS_WA].oedema == 0);
		e = prev(&s, "WA_2");	/* spans 120 months: blanked */
		CHECK_MSG(isnan(e.r) && isnan(e.pop) && e.unwpop == -1,
				  "WA over a group spanning 120 months: r %g pop %g unwpop %lld, expected NULL",
				  e.r, e.pop, (long long) e.unwpop);
		e = zmean(&s, "WA");
		CHECK(isnan(e.r) && e.unwpop == -1);
		e = prev(&s, "BMI_3");
		CHECK_MSG(e.unwpop == 4 && close_to(e.r, 25.0, 1e-13), "BMI_3 r %g, expected 25", e.r);
		check_all_estimates("5-19 years", r, 5, true, 1e-12);
		/* without the children under 120 months, WA is not blanked */
		s = summary_of(r + 1, 1);
		e = prev(&s, "WA_2");
		CHECK(e.unwpop == 0 && e.pop == 0.0);
	}
}

/* ------------------------------------------------------------------ */
/* Random rows, merging                                                */
/* ------------------------------------------------------------------ */

static uint64_t lcg_state;

static uint64_t
lcg(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return lcg_state >> 33;
}

static gs_row
random_row(bool weighted)
{
	gs_row		r;

	memset(&r, 0, sizeof(r));
	if (lcg() % 20 == 0)
		r.age_days = NAN;
	else if (lcg() % 25 == 0)
		r.age_days = (229.0 + (double) (lcg() % 100)) * WHO_DAYS_PER_MONTH;
	else
		r.age_days = (double) (lcg() % (229 * 30 + 1)) / 30.0 * WHO_DAYS_PER_MONTH;
	r.sex = (who_sex) (lcg() % 3);
	r.oedema = lcg() % 15 == 0;
	r.weight_kg = lcg() % 10 == 0 ? NAN : 2.0 + (double) (lcg() % 600) / 10.0;
	r.lenhei_cm = lcg() % 10 == 0 ? NAN : 45.0 + (double) (lcg() % 1400) / 10.0;
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		if (lcg() % 12 == 0)
		{
			r.z[i] = NAN;
			r.flag[i] = WHO_FLAG_MISSING;
		}
		else
		{
			r.z[i] = ((double) (lcg() % 801) - 400.0) / 100.0;
			r.flag[i] = lcg() % 20 == 0 ? WHO_FLAG_YES : WHO_FLAG_NO;
		}
	}
	if (!weighted)
		r.sampling_weight = 1.0;
	else
	{
		uint64_t	u = lcg() % 10;

		r.sampling_weight = u == 0 ? 0.0 : u == 1 ? 1.0 : (double) (lcg() % 100000) / 7919.0;
	}
	r.in_domain = lcg() % 8 != 0;
	return r;
}

/* Compare two summaries field by field: exactly (tol < 0) or to tol. */
static int
compare_summaries(const char *what, const growth_summary *a, const growth_summary *b, double tol)
{
	const char *pa = (const char *) a;
	const char *pb = (const char *) b;
	int			bad = 0;

	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		const char *x = pa + field->offset;
		const char *y = pb + field->offset;

		if (field->kinds[0] == 'b')
		{
			if (*(const bool *) x != *(const bool *) y)
			{
				printf("     %s: field %s: %d vs %d\n", what, field->name, *(const bool *) x,
					   *(const bool *) y);
				bad++;
			}
		}
		else if (field->kinds[0] == 'h')
		{
			for (int k = 0; k <= GS_MAX_MONTH; k++)
				if (((const int64_t *) x)[k] != ((const int64_t *) y)[k])
				{
					printf("     %s: field %s[%d]: %lld vs %lld\n", what, field->name, k,
						   (long long) ((const int64_t *) x)[k], (long long) ((const int64_t *) y)[k]);
					bad++;
				}
		}
		else
			for (int k = 0; field->kinds[k]; k++, x += 8, y += 8)
			{
				int			ok;

				if (field->kinds[k] == 'i')
					ok = *(const int64_t *) x == *(const int64_t *) y;
				else if (tol < 0.0)
					ok = memcmp(x, y, sizeof(double)) == 0;
				else
					ok = close_to(*(const double *) x, *(const double *) y, tol);
				if (!ok)
				{
					if (field->kinds[k] == 'i')
						printf("     %s: field %s value %d: %lld vs %lld\n", what, field->name, k,
							   (long long) *(const int64_t *) x, (long long) *(const int64_t *) y);
					else
						printf("     %s: field %s value %d: %.17g vs %.17g\n", what, field->name, k,
							   *(const double *) x, *(const double *) y);
					bad++;
				}
			}
	}
	return bad;
}

#define N_RANDOM 1000
#define N_PARTS 46

static void
merge_tree(growth_summary *out, const growth_summary *parts, int lo, int hi)
{
	if (hi - lo == 1)
		*out = parts[lo];
	else
	{
		growth_summary right;
		int			mid = lo + (hi - lo) / 3 + 1;	/* lopsided on purpose */

		merge_tree(out, parts, lo, mid);
		merge_tree(&right, parts, mid, hi);
		merge_into(out, &right);
	}
}

static void
test_merge_set(bool weighted)
{
	static gs_row rows[N_RANDOM];
	static growth_summary parts[N_PARTS];
	growth_summary all,
				acc,
				tmp;
	int			bounds[N_PARTS + 1];
	int			perm[N_PARTS];
	const char *set = weighted ? "weighted" : "unweighted";
	char		what[96];

	lcg_state = weighted ? 20240601 : 7;
	for (int k = 0; k < N_RANDOM; k++)
		rows[k] = random_row(weighted);
	all = summary_of(rows, N_RANDOM);
	CHECK_MSG(gs_check(&all) == NULL, "%s random summary: gs_check says %s", set, gs_check(&all));
	CHECK(all.weighted == weighted);
	CHECK(all.excluded_rows > 0 && all.age_missing > 0 && all.domain_rows < all.rows);
	CHECK(all.ind[GS_WA].oedema > 0 && all.ind[GS_HA].flagged > 0 && all.ind[GS_HA].missing > 0);

	/* uneven parts, some of them empty */
	bounds[0] = 0;
	bounds[N_PARTS] = N_RANDOM;
	for (int p = 1; p < N_PARTS; p++)
		bounds[p] = (int) (lcg() % (N_RANDOM + 1));
	bounds[7] = bounds[8];
	for (int p = 1; p < N_PARTS; p++)	/* sort */
		for (int q = p; q > 1 && bounds[q - 1] > bounds[q]; q--)
		{
			int			t = bounds[q];

			bounds[q] = bounds[q - 1];
			bounds[q - 1] = t;
		}
	for (int p = 0; p < N_PARTS; p++)
	{
		parts[p] = summary_of(rows + bounds[p], bounds[p + 1] - bounds[p]);
		CHECK_MSG(gs_check(&parts[p]) == NULL, "%s part %d: gs_check says %s", set, p,
				  gs_check(&parts[p]));
	}

	/* left fold */
	gs_init(&acc);
	for (int p = 0; p < N_PARTS; p++)
		merge_into(&acc, &parts[p]);
	snprintf(what, sizeof(what), "%s, left fold", set);
	CHECK_MSG(compare_summaries(what, &acc, &all, 1e-12) == 0, "%s differs from adding all rows", what);

	/* right fold */
	acc = parts[N_PARTS - 1];
	for (int p = N_PARTS - 2; p >= 0; p--)
	{
		tmp = parts[p];
		merge_into(&tmp, &acc);
		acc = tmp;
	}
	snprintf(what, sizeof(what), "%s, right fold", set);
	CHECK_MSG(compare_summaries(what, &acc, &all, 1e-12) == 0, "%s differs from adding all rows", what);

	/* tree */
	merge_tree(&acc, parts, 0, N_PARTS);
	snprintf(what, sizeof(what), "%s, tree", set);
	CHECK_MSG(compare_summaries(what, &acc, &all, 1e-12) == 0, "%s differs from adding all rows", what);

	/* shuffled, several times */
	for (int round = 0; round < 5; round++)
	{
		for (int p = 0; p < N_PARTS; p++)
			perm[p] = p;
		for (int p = N_PARTS - 1; p > 0; p--)
		{
			int			q = (int) (lcg() % (uint64_t) (p + 1));
			int			t = perm[p];

			perm[p] = perm[q];
			perm[q] = t;
		}
		acc = parts[perm[0]];
		for (int p = 1; p < N_PARTS; p++)
			merge_into(&acc, &parts[perm[p]]);
		snprintf(what, sizeof(what), "%s, shuffled order %d", set, round);
		CHECK_MSG(compare_summaries(what, &acc, &all, 1e-12) == 0, "%s differs from adding all rows",
				  what);
		CHECK(gs_check(&acc) == NULL);
	}

	/* associativity: (a + b) + c against a + (b + c) */
	for (int p = 0; p + 2 < N_PARTS; p += 3)
	{
		growth_summary ab = parts[p],
					bc = parts[p + 1],
					left,
					right;

		merge_into(&ab, &parts[p + 1]);
		left = ab;
		merge_into(&left, &parts[p + 2]);
		merge_into(&bc, &parts[p + 2]);
		right = parts[p];
		merge_into(&right, &bc);
		snprintf(what, sizeof(what), "%s, (a+b)+c vs a+(b+c) at part %d", set, p);
		CHECK_MSG(compare_summaries(what, &left, &right, 1e-12) == 0, "%s", what);
	}

	/* the empty summary is an identity, exactly */
	{
		growth_summary empty;

		gs_init(&empty);
		acc = all;
		merge_into(&acc, &empty);
		snprintf(what, sizeof(what), "%s, s + empty", set);
		CHECK_MSG(compare_summaries(what, &acc, &all, -1.0) == 0, "%s is not s", what);
		acc = empty;
		merge_into(&acc, &all);
		snprintf(what, sizeof(what), "%s, empty + s", set);
		CHECK_MSG(compare_summaries(what, &acc, &all, -1.0) == 0, "%s is not s", what);
	}

	/* the estimates of the merged summary, against the reference */
	snprintf(what, sizeof(what), "random %s", set);
	check_all_estimates(what, rows, N_RANDOM, false, 1e-11);
}

/* The text form and the binary form cover every byte of the struct but padding. */
static void
test_fields_cover_struct(void)
{
	static unsigned char covered[sizeof(growth_summary)];
	size_t		holes = 0;

	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		size_t		len = field->kinds[0] == 'b' ? sizeof(bool)
			: field->kinds[0] == 'h' ? (GS_MAX_MONTH + 1) * sizeof(int64_t)
			: strlen(field->kinds) * 8;

		for (size_t k = 0; k < len; k++)
		{
			CHECK_MSG(covered[field->offset + k] == 0, "field %s overlaps another", field->name);
			covered[field->offset + k] = 1;
		}
	}
	for (size_t k = 0; k < sizeof(growth_summary); k++)
		if (!covered[k] && !(k > offsetof(growth_summary, weighted) &&
							 k < offsetof(growth_summary, domain_rows)))
			holes++;
	CHECK_MSG(holes == 0, "%zu bytes of growth_summary are in no field of gs_fields", holes);
}

/* ------------------------------------------------------------------ */
/* Text form                                                           */
/* ------------------------------------------------------------------ */

static char text_buf[GS_TEXT_MAX];

static void
check_round_trip(const char *what, const growth_summary *s)
{
	growth_summary back;
	size_t		len = gs_format(s, text_buf, sizeof(text_buf));
	const char *err;

	CHECK_MSG(len < sizeof(text_buf) && strlen(text_buf) == len,
			  "%s: gs_format length %zu (buffer %zu)", what, len, sizeof(text_buf));
	memset(&back, 0xA5, sizeof(back));
	err = gs_parse(text_buf, &back);
	CHECK_MSG(err == NULL, "%s: gs_parse rejects gs_format's text: %s", what, err ? err : "");
	if (err == NULL)
		CHECK_MSG(compare_summaries(what, &back, s, -1.0) == 0,
				  "%s: gs_parse(gs_format(s)) is not bit-identical to s", what);
}

/*
 * Replaces the k-th comma-separated value of field name (k < 0: the whole
 * value).  The result is one of four static buffers, so calls can nest.
 */
static char *
with_value(const char *text, const char *name, int k, const char *value)
{
	static char ring[4][GS_TEXT_MAX + 256];
	static int	next;
	char	   *out = ring[next++ % 4];
	char		pat[64];
	const char *p,
			   *start,
			   *end;

	snprintf(pat, sizeof(pat), " %s", name);
	p = text;
	for (;;)
	{
		p = strstr(p, pat);
		if (p == NULL)
		{
			printf("FAIL test_summary.c: no field %s in the text\n", name);
			failed++;
			snprintf(out, GS_TEXT_MAX + 256, "%s", text);
			return out;
		}
		p += strlen(pat);
		if (*p == '=' || *p == '(')
			break;
	}
	start = strchr(p, '=') + 1;
	for (int j = 0; j < k; j++)
		start = strchr(start, ',') + 1;
	end = start;
	while (*end && *end != ' ' && (k < 0 || *end != ','))
		end++;
	snprintf(out, GS_TEXT_MAX + 256, "%.*s%s%s", (int) (start - text), text, value, end);
	return out;
}

/* The text with the first occurrence of from replaced by to. */
static char *
replaced(const char *text, const char *from, const char *to)
{
	static char out[GS_TEXT_MAX + 256];
	const char *p = strstr(text, from);

	if (p == NULL)
	{
		printf("FAIL test_summary.c: \"%s\" is not in the text\n", from);
		failed++;
		snprintf(out, sizeof(out), "%s", text);
		return out;
	}
	snprintf(out, sizeof(out), "%.*s%s%s", (int) (p - text), text, to, p + strlen(from));
	return out;
}

static void
expect_reject(const char *what, const char *text, const char *reason)
{
	growth_summary s;
	const char *err = gs_parse(text, &s);

	CHECK_MSG(err != NULL, "gs_parse accepts %s", what);
	if (err != NULL && reason != NULL)
		CHECK_MSG(strstr(err, reason) != NULL, "gs_parse rejects %s with \"%s\", expected \"%s\"",
				  what, err, reason);
}

static void
expect_accept(const char *what, const char *text)
{
	growth_summary s;
	const char *err = gs_parse(text, &s);

	CHECK_MSG(err == NULL, "gs_parse rejects %s: %s", what, err ? err : "");
}

static void
test_text_form(void)
{
	static gs_row rows[N_RANDOM];
	static char base[GS_TEXT_MAX];
	growth_summary s;
	gs_row		ra[10];
	int			n = set_a(ra);

	/* round trips */
	gs_init(&s);
	check_round_trip("empty summary", &s);
	CHECK(strncmp(text_buf, "growth_summary v1 rows=0 ", 25) == 0);
	CHECK(strstr(text_buf, " age_months=- ") != NULL);
	ra[0].weight_kg = 9.4;
	ra[0].lenhei_cm = 75.0;
	s = summary_of(ra, 1);
	check_round_trip("one-row summary", &s);
	s = summary_of(ra, n);
	check_round_trip("set A", &s);
	lcg_state = 99;
	for (int k = 0; k < N_RANDOM; k++)
		rows[k] = random_row(false);
	s = summary_of(rows, N_RANDOM);
	check_round_trip("random unweighted summary", &s);
	for (int k = 0; k < N_RANDOM; k++)
		rows[k] = random_row(true);
	s = summary_of(rows, N_RANDOM);
	check_round_trip("random weighted summary", &s);
	for (int k = 0; k < 37; k++)
	{
		s = summary_of(rows + 27 * k, 27);
		check_round_trip("small random weighted summary", &s);
	}
	/* the longest text: every month, the largest counts, 17-digit floats */
	{
		growth_summary big;
		size_t		len;

		gs_init(&big);
		for (int f = 0; f < gs_n_fields; f++)
		{
			const gs_field *field = &gs_fields[f];
			char	   *x = (char *) &big + field->offset;

			if (field->kinds[0] == 'b')
				*(bool *) x = true;
			else if (field->kinds[0] == 'h')
				for (int k = 0; k <= GS_MAX_MONTH; k++)
					((int64_t *) x)[k] = INT64_MIN + k;
			else
				for (int k = 0; field->kinds[k]; k++, x += 8)
				{
					if (field->kinds[k] == 'i')
						*(int64_t *) x = INT64_MIN;
					else
						*(double *) x = -1.2345678901234567e-300;
				}
		}
		len = gs_format(&big, text_buf, sizeof(text_buf));
		CHECK_MSG(len < GS_TEXT_MAX, "the longest text form is %zu bytes, GS_TEXT_MAX is %d",
				  len, GS_TEXT_MAX);
	}
	/* a short buffer: the length needed, a NUL, nothing written beyond */
	{
		char	   *small = malloc(16);
		size_t		full,
					len;

		s = summary_of(ra, n);
		full = gs_format(&s, text_buf, sizeof(text_buf));
		len = gs_format(&s, small, 16);
		CHECK_MSG(len == full && small[15] == '\0' && strncmp(small, text_buf, 15) == 0,
				  "gs_format into 16 bytes: returned %zu (full %zu)", len, full);
		free(small);
	}

	/* malformed input */
	s = summary_of(ra, n);
	gs_format(&s, base, sizeof(base));
	expect_accept("the base text", base);
	expect_accept("leading white space", replaced(base, "growth", " \n\tgrowth"));
	{
		char		buf[GS_TEXT_MAX + 128];

		snprintf(buf, sizeof(buf), "%s \n", base);
		expect_accept("trailing white space", buf);
		snprintf(buf, sizeof(buf), "%s extra", base);
		expect_reject("extra trailing text", buf, "after the last field");
		snprintf(buf, sizeof(buf), "%s x", base);
		expect_reject("a trailing \"x\"", buf, NULL);
		snprintf(buf, sizeof(buf), "%sx", base);
		expect_reject("a trailing \"x\" without a space", buf, NULL);
		snprintf(buf, sizeof(buf), "%s lenhei_digit(0,1,2,3,4,5,6,7,8,9)=0,0,0,0,0,0,0,0,0,0",
				 base);
		expect_reject("a repeated last field", buf, NULL);
	}
	expect_reject("the empty string", "", "growth_summary v");
	expect_reject("white space only", "   ", NULL);
	expect_reject("the header only", "growth_summary v1", NULL);
	expect_reject("a wrong header", replaced(base, "growth_summary", "growth_summery"),
				  "growth_summary v");
	expect_reject("an upper-case header", replaced(base, "growth_summary", "Growth_summary"), NULL);
	expect_reject("version 2", replaced(base, " v1 ", " v2 "), "version");
	expect_reject("version 0", replaced(base, " v1 ", " v0 "), "version");
	expect_reject("version 01x", replaced(base, " v1 ", " v1x "), NULL);
	expect_reject("a version that is not a number", replaced(base, " v1 ", " vx "), "version");
	expect_reject("a missing field", replaced(base, " age_missing=0", ""), "age_missing");
	expect_reject("a missing first field", replaced(base, " rows=10", ""), NULL);
	expect_reject("fields out of order",
				  replaced(base, " rows=10 rows_positive=10", " rows_positive=10 rows=10"), NULL);
	expect_reject("wrong labels", replaced(base, "HA.pop(n,w,w2)", "HA.pop(n,w)"), "HA.pop");
	expect_reject("no labels", replaced(base, "HA.pop(n,w,w2)", "HA.pop"), "HA.pop");
	expect_reject("two spaces", replaced(base, " rows_positive", "  rows_positive"), NULL);
	expect_reject("a missing value", with_value(base, "HA.pop", 1, ""), "HA.pop");
	expect_reject("an extra value", with_value(base, "HA.pop", 2, "10,10"), "HA.cut_3");
	expect_reject("a bool other than t/f", with_value(base, "weighted", -1, "true"), NULL);
	expect_reject("a bool 1", with_value(base, "weighted", -1, "1"), "weighted");

	/* floats: finite decimal only */
	{
		const char *bad_float[] = {"nan", "NaN", "-nan", "inf", "-inf", "Infinity", "0x1p-3",
			"0x10", "1e999", "-1e999", "1.5x", "1.2.3", "", ".", "-", "e5", "+1", " 1", "1,", NULL};

		for (const char **f = bad_float; *f; f++)
		{
			char		what[64];

			snprintf(what, sizeof(what), "the float \"%s\" in HA.z", *f);
			expect_reject(what, with_value(base, "HA.z", 2, *f), NULL);
		}
		/* the same spot accepts a good float (the test's edit works) */
		expect_accept("HA.z wmean written as 1e-1", with_value(with_value(base, "HA.z", 2, "1e-1"),
															 "HA.z", 7, "0.1"));
	}

	/* counts */
	expect_reject("a negative row count",
				  with_value(with_value(base, "rows", -1, "-1"), "rows_positive", -1, "-1"), "negative");
	expect_reject("an int64 overflow", with_value(base, "rows", -1, "99999999999999999999"), "rows");
	expect_reject("an int64 underflow", with_value(base, "rows", -1, "-99999999999999999999"), "rows");
	expect_reject("a float count", with_value(base, "rows", -1, "10.0"), NULL);
	expect_reject("a hex count", with_value(base, "rows", -1, "0x10"), NULL);
	expect_reject("a count with a plus sign", with_value(base, "rows", -1, "+10"), NULL);
	expect_reject("domain_rows > rows", with_value(base, "domain_rows", -1, "11"), "exceed rows");
	expect_reject("rows_positive > rows", with_value(base, "rows_positive", -1, "11"), "exceed rows");
	expect_reject("an unweighted summary with rows_positive < rows",
				  with_value(base, "rows_positive", -1, "9"), "rows_positive = rows");
	expect_reject("an indicator's population over domain_rows",
				  with_value(base, "HA.pop", -1, "11,11,11"), NULL);
	expect_reject("a cut-off count exceeding its population",
				  with_value(base, "WA.cut_1", -1, "9,9,9"), "exceeds its population");
	expect_reject("non-nested cut-offs (below -3 > below -2)",
				  with_value(base, "HA.cut_3", -1, "4,4,4"), "not nested");
	expect_reject("non-nested cut-offs (above 3 > above 2)",
				  with_value(base, "HA.cut3", -1, "3,3,3"), "not nested");
	expect_reject("below -1 and above +1 exceeding the population",
				  with_value(with_value(base, "HA.cut1", -1, "7,7,7"), "HA.cut_1", -1, "4,4,4"),
				  "exceed the population");
	expect_reject("an unweighted summary whose w differs from n",
				  with_value(base, "HA.pop", 1, "10.5"), "differ from its counts");
	expect_reject("an unweighted summary whose w2 differs from n",
				  with_value(base, "HA.cut_2", 2, "4"), "differ from its counts");
	expect_reject("an unweighted z-score whose w differs from n",
				  with_value(base, "HA.z", 1, "9"), "differ from its counts");
	expect_reject("a z-score count over its population", with_value(base, "HA.z", 0, "11"), NULL);
	expect_reject("a negative weight sum",
				  with_value(with_value(base, "weighted", -1, "t"), "HA.cut_3", 1, "-1"), "negative");
	expect_reject("a negative sum of squares",
				  with_value(base, "HA.z", 3, "-0.5"), "negative");
	expect_reject("a negative data-quality count", with_value(base, "WA.quality", 0, "-1"), NULL);
	expect_reject("data-quality counts over domain_rows", with_value(base, "WA.quality", 2, "5"),
				  "exceed domain_rows");
	expect_reject("sex counts not adding up", with_value(base, "sex", 1, "2"), "sex counts");
	expect_reject("a negative sex count",
				  with_value(with_value(base, "sex", 0, "-1"), "sex", 1, "2"), NULL);
	expect_reject("a combined population over HA's", with_value(base, "HA_2_WH.pop", -1, "11,11,11"),
				  NULL);
	expect_reject("digit counts over domain_rows", with_value(base, "weight_digit", 3, "11"),
				  "digit counts");
	expect_reject("ref2007_rows over domain_rows", with_value(base, "ref2007_rows", -1, "11"), NULL);

	/* the age histogram */
	{
		const char *bad_hist[] = {
			"14:1,12:1,24:1,20:1,28:1,32:1,36:1,40:1,44:1,48:1",	/* out of order */
			"12:1,12:1,20:1,24:1,28:1,32:1,36:1,40:1,44:1,48:1",	/* repeated */
			"12:1,16:1,20:1,24:1,28:1,32:1,36:1,40:1,44:1,229:1",	/* > 228 */
			"-1:1,16:1,20:1,24:1,28:1,32:1,36:1,40:1,44:1,48:1",
			"12:0,16:2,20:1,24:1,28:1,32:1,36:1,40:1,44:1,48:1",	/* count 0 */
			"12:2,16:-1,20:1,24:1,28:1,32:1,36:1,40:1,44:1,48:2",
			"12:1,16:1,20:1,24:1,28:1,32:1,36:1,40:1,44:1,48:2",	/* sums to 11 */
			"12:10,",
			"12:10,,",
			"12",
			"12:",
			":10",
			"-",				/* none, but 10 rows in the domain */
			"12:99999999999999999999",
			NULL
		};

		CHECK(strstr(base, " age_months=12:1,16:1,20:1,24:1,28:1,32:1,36:1,40:1,44:1,48:1 ") != NULL);
		expect_accept("the histogram written again",
					  with_value(base, "age_months", -1, "12:1,16:1,20:1,24:1,28:1,32:1,36:1,40:1,44:1,48:1"));
		expect_accept("months 0 and 228", with_value(base, "age_months", -1, "0:5,228:5"));
		for (const char **h = bad_hist; *h; h++)
		{
			char		what[160];

			snprintf(what, sizeof(what), "the age histogram \"%s\"", *h);
			expect_reject(what, with_value(base, "age_months", -1, *h), NULL);
		}
	}

	/* a weighted summary may have w != n */
	{
		gs_row		r10[10];

		n = set_a(r10);
		for (int k = 0; k < n; k++)
			r10[k].sampling_weight = 0.5 + k;
		s = summary_of(r10, n);
		gs_format(&s, base, sizeof(base));
		expect_accept("a weighted summary", base);
		check_round_trip("weighted set A", &s);
		expect_reject("a weighted summary's cut-off weight over its population's",
					  with_value(base, "HA.cut_1", 1, "1000"), "exceeds its population");
		expect_reject("a weighted summary with a not-finite moment",
					  with_value(base, "WA.z", 2, "1e309"), NULL);
	}
}

/* ------------------------------------------------------------------ */
/* The data-quality report                                             */
/* ------------------------------------------------------------------ */


/* The number after the first occurrence of key (e.g. "\"sd_whz\": {\"value\": "). */
static double
json_number_after(const char *json, const char *key)
{
	const char *p = strstr(json, key);

	if (p == NULL)
	{
		printf("FAIL test_summary.c: \"%s\" not in the report\n", key);
		failed++;
		return NAN;
	}
	p += strlen(key);
	if (strncmp(p, "null", 4) == 0)
		return NAN;
	return strtod(p, NULL);
}

/* The SMART rating of data-quality.md §5.2: 0 excellent .. 3 problematic. */
static int
smart_class(double v, double l0, double l1, double l2, bool at_most)
{
	const double l[3] = {l0, l1, l2};

	for (int r = 0; r < 3; r++)
		if (at_most ? v <= l[r] + 1e-12 : v < l[r])
			return r;
	return 3;
}

static void
expect_in_json(const char *json, const char *text)
{
	CHECK_MSG(strstr(json, text) != NULL, "the report lacks %s", text);
}

static void
test_quality_json(void)
{
	static char json[GS_QUALITY_JSON_MAX];
	static const int months[20] = {6, 7, 8, 10, 12, 15, 18, 24, 29,
	30, 33, 36, 36, 40, 45, 48, 50, 55, 58, 59};
	static const double whz[19] = {-1.8, -1.5, -1.2, -1.0, -0.8, -0.6, -0.4, -0.2, -0.1, 0.0,
	0.1, 0.25, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 1.9};
	gs_row		rows[20];
	growth_summary s;
	size_t		len;
	double		mean = 0.0,
				d2 = 0.0,
				d3 = 0.0,
				d4 = 0.0,
				sd,
				skew,
				kurt;
	int			score;
	char		expect[256];

	for (int k = 0; k < 20; k++)
	{
		rows[k] = child((double) months[k], 0.1 * k - 1.0, NAN, NAN, k < 19 ? whz[k] : -5.5);
		rows[k].sex = k % 2 ? WHO_SEX_MALE : WHO_SEX_FEMALE;
		rows[k].weight_kg = 8.0 + (double) (k % 10) / 10.0;	/* each tenths digit twice */
		rows[k].lenhei_cm = 70.5 + (double) k;	/* always 5 */
	}
	rows[19].flag[GS_WH] = WHO_FLAG_YES;	/* 1 of 20: 5 % flagged */
	s = summary_of(rows, 20);
	len = gs_quality_json(&s, json, sizeof(json));
	CHECK_MSG(len < sizeof(json) && strlen(json) == len, "report length %zu", len);
	CHECK_MSG(json_valid(json), "the report is not valid JSON: %s", json);
	CHECK_MSG(strstr(json, "nan") == NULL && strstr(json, "inf") == NULL,
			  "the report has nan or inf: %s", json);
	expect_in_json(json, "\"rows\": 20, \"rows_in_domain\": 20, \"rows_over_228_months\": 0");
	expect_in_json(json, "\"sex\": {\"male\": 10, \"female\": 10, \"missing\": 0, "
				   "\"ratio_male_female\": 1, \"p_value\": 1,");
	expect_in_json(json, "\"weight\": {\"counts\": [2, 2, 2, 2, 2, 2, 2, 2, 2, 2], "
				   "\"preference_score\": 0}");
	/* chi2 = 18^2/2 + 9 * 2^2/2 = 180 = N df: DPS 100 */
	expect_in_json(json, "\"lenhei\": {\"counts\": [0, 0, 0, 0, 0, 20, 0, 0, 0, 0], "
				   "\"preference_score\": 100}");
	expect_in_json(json, "\"by_month\": {\"6\": 1, \"7\": 1, \"8\": 1, \"10\": 1, \"12\": 1, ");
	expect_in_json(json, "\"36\": 2, ");
	/* months mod 12 */
	{
		int			h[12] = {0};
		size_t		o;

		for (int k = 0; k < 20; k++)
			h[months[k] % 12]++;
		o = (size_t) snprintf(expect, sizeof(expect), "\"heaping_month_mod_12\": {\"counts\": [");
		for (int k = 0; k < 12; k++)
			o += (size_t) snprintf(expect + o, sizeof(expect) - o, "%s%d", k ? ", " : "", h[k]);
		snprintf(expect + o, sizeof(expect) - o, "]");
		expect_in_json(json, expect);
	}
	/* 9 of 20 aged 6-29 against 0.85 / 1.85: |9 - 9.19| < 0.5, so p = 1 */
	expect_in_json(json, "\"ratio_6_29_to_30_59\": {\"ratio\": 0.81818181818181823, "
				   "\"expected\": 0.85, \"p_value\": 1}");
	expect_in_json(json, "\"WH\": {\"n\": 19, \"missing\": 0, \"missing_pct\": 0, "
				   "\"flagged\": 1, \"flagged_pct\": 5, ");
	expect_in_json(json, "\"WA\": {\"n\": 0, \"missing\": 20, \"missing_pct\": 100, ");
	expect_in_json(json, "\"flagged_whz_pct\": {\"value\": 5, \"rating\": \"good\", \"penalty\": 5}");
	expect_in_json(json, "\"dps_height\": {\"value\": 100, \"rating\": \"problematic\", \"penalty\": 10}");
	expect_in_json(json, "\"sex_ratio_p\": {\"value\": 1, \"rating\": \"excellent\", \"penalty\": 0}");

	/* SD, skewness and kurtosis of WHZ, two passes */
	for (int k = 0; k < 19; k++)
		mean += whz[k] / 19.0;
	for (int k = 0; k < 19; k++)
	{
		double		d = whz[k] - mean;

		d2 += d * d;
		d3 += d * d * d;
		d4 += d * d * d * d;
	}
	sd = sqrt(d2 / 18.0);
	skew = sqrt(19.0) * d3 / pow(d2, 1.5);
	kurt = 19.0 * d4 / (d2 * d2) - 3.0;
	{
		double		got_sd = json_number_after(json, "\"sd_whz\": {\"value\": ");
		double		got_skew = json_number_after(json, "\"skewness_whz\": {\"value\": ");
		double		got_kurt = json_number_after(json, "\"kurtosis_whz\": {\"value\": ");
		double		got_mean = json_number_after(json, "\"WH\": {\"n\": 19, \"missing\": 0, "
												 "\"missing_pct\": 0, \"flagged\": 1, "
												 "\"flagged_pct\": 5, \"flagged_pct_threshold\": 1, "
												 "\"oedema\": 0, \"mean\": ");

		CHECK_MSG(close_to(got_sd, sd, 1e-12), "WHZ SD %.17g, expected %.17g", got_sd, sd);
		CHECK_MSG(close_to(got_skew, skew, 1e-12), "WHZ skewness %.17g, expected %.17g", got_skew, skew);
		CHECK_MSG(close_to(got_kurt, kurt, 1e-12), "WHZ kurtosis %.17g, expected %.17g", got_kurt, kurt);
		CHECK_MSG(close_to(got_mean, mean, 1e-12), "WHZ mean %.17g, expected %.17g", got_mean, mean);
		CHECK(close_to(gs_sd(&s.ind[GS_WH].z), sd, 1e-12));
		CHECK(close_to(gs_skewness(&s.ind[GS_WH].z), skew, 1e-12));
		CHECK(close_to(gs_excess_kurtosis(&s.ind[GS_WH].z), kurt, 1e-12));
	}
	/* the score, from data-quality.md §5.2's table */
	{
		static const int sd_pen[] = {0, 5, 10, 20};
		static const int shape_pen[] = {0, 1, 3, 5};
		int			sd_class = smart_class(fabs(sd - 1.0), 0.1, 0.15, 0.2, true);
		int			skew_class = smart_class(fabs(skew), 0.2, 0.4, 0.6, false);
		int			kurt_class = smart_class(fabs(kurt), 0.2, 0.4, 0.6, false);
		static const char *const names[] = {"excellent", "good", "acceptable", "problematic"};

		/* sex 0, age 0, DPS weight 0, DPS height 10, flagged 5 */
		score = 0 + 0 + 0 + 10 + 5 + sd_pen[sd_class] + shape_pen[skew_class] + shape_pen[kurt_class];
		snprintf(expect, sizeof(expect), "\"checks_scored\": 8, \"score\": %d, \"rating\": \"%s\"",
				 score, names[score <= 9 ? 0 : score <= 14 ? 1 : score <= 24 ? 2 : 3]);
		expect_in_json(json, expect);
		snprintf(expect, sizeof(expect), "\"sd_whz\": {\"value\": %.17g, \"rating\": \"%s\", "
				 "\"penalty\": %d}", gs_sd(&s.ind[GS_WH].z), names[sd_class], sd_pen[sd_class]);
		expect_in_json(json, expect);
	}

	/* a short buffer: the length needed, a NUL, nothing written beyond */
	{
		char	   *small = malloc(10);
		size_t		short_len = gs_quality_json(&s, small, 10);

		CHECK_MSG(short_len == len && small[9] == '\0' && strncmp(small, json, 9) == 0,
				  "gs_quality_json into 10 bytes returned %zu, full length %zu", short_len, len);
		free(small);
	}

	/* empty: nothing to score, still valid JSON without nan */
	gs_init(&s);
	len = gs_quality_json(&s, json, sizeof(json));
	CHECK_MSG(len < sizeof(json) && json_valid(json), "the empty report is not valid JSON: %s", json);
	CHECK_MSG(strstr(json, "nan") == NULL && strstr(json, "inf") == NULL,
			  "the empty report has nan or inf: %s", json);
	expect_in_json(json, "\"checks_scored\": 0, ");
	expect_in_json(json, "\"rating\": null, \"flags\"");
	expect_in_json(json, "\"by_month\": {}");

	/* a random summary, and the largest one */
	lcg_state = 4242;
	{
		static gs_row r[N_RANDOM];

		for (int k = 0; k < N_RANDOM; k++)
			r[k] = random_row(true);
		s = summary_of(r, N_RANDOM);
		len = gs_quality_json(&s, json, sizeof(json));
		CHECK_MSG(len < sizeof(json) && json_valid(json), "the random report is not valid JSON: %s",
				  json);
		CHECK(strstr(json, "nan") == NULL && strstr(json, "inf") == NULL);
	}
	gs_init(&s);
	s.rows = s.domain_rows = INT64_MAX;
	for (int k = 0; k <= GS_MAX_MONTH; k++)
		s.age_months[k] = INT64_MAX / 300;
	for (int k = 0; k < 10; k++)
		s.weight_digit[k] = s.lenhei_digit[k] = INT64_MAX / 20 + k;
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		s.ind[i].z.n = INT64_MAX / 8;
		s.ind[i].flagged = s.ind[i].missing = s.ind[i].oedema = INT64_MAX / 8 - 1;
		s.ind[i].z.mean = -1.2345678901234567e-300;
		s.ind[i].z.m2 = 1.2345678901234567e300;
		s.ind[i].z.m3 = -1.2345678901234567e300;
		s.ind[i].z.m4 = 1.2345678901234567e300;
	}
	s.sex[0] = s.sex[1] = s.sex[2] = INT64_MAX / 3;
	len = gs_quality_json(&s, json, sizeof(json));
	CHECK_MSG(len < sizeof(json), "the longest report is %zu bytes, GS_QUALITY_JSON_MAX is %d",
			  len, GS_QUALITY_JSON_MAX);
	CHECK_MSG(json_valid(json), "the longest report is not valid JSON: %s", json);
	CHECK(strstr(json, "nan") == NULL && strstr(json, "inf") == NULL);
}


/* ------------------------------------------------------------------ */
/* Limits: overflow in gs_add / gs_merge, subnormal sums in the text   */
/* ------------------------------------------------------------------ */

static void
expect_status(const char *what, gs_status got, gs_status want, size_t where, const char *name)
{
	char		buf[64];

	gs_value_name(where, buf, sizeof(buf));
	CHECK_MSG(got == want, "%s: status %d, expected %d", what, (int) got, (int) want);
	if (got != GS_OK && name != NULL)
		CHECK_MSG(strcmp(buf, name) == 0, "%s: names \"%s\", expected \"%s\"", what, buf, name);
}

static void
test_limits(void)
{
	growth_summary a,
				b,
				before;
	gs_row		r = child(12.0, -2.5, 0.5, 0.5, -2.5);
	size_t		where = 0;
	gs_status	st;
	char		name[64];

	/* counts that would wrap around: refused, the summary unchanged */
	gs_init(&a);
	a.rows = a.rows_positive = INT64_MAX - 1;
	b = a;
	before = a;
	st = gs_merge(&a, &b, &where);
	expect_status("merge rows", st, GS_COUNT_OVERFLOW, where, "rows");
	CHECK(memcmp(&a, &before, sizeof(a)) == 0);
	a.rows = a.rows_positive = INT64_MAX;
	before = a;
	st = gs_add(&a, &r, &where);
	expect_status("add rows", st, GS_COUNT_OVERFLOW, where, "rows");
	CHECK(memcmp(&a, &before, sizeof(a)) == 0);
	gs_init(&a);
	a.excluded_rows = INT64_MAX;
	r.age_days = 300.0 * WHO_DAYS_PER_MONTH;
	st = gs_add(&a, &r, &where);
	expect_status("add excluded", st, GS_COUNT_OVERFLOW, where, "excluded_rows");
	CHECK(a.excluded_rows == INT64_MAX);
	r = child(12.0, -2.5, 0.5, 0.5, -2.5);
	gs_init(&a);
	add_row(&a, &r);
	a.ind[GS_WA].z.n = INT64_MAX;
	before = a;
	st = gs_add(&a, &r, &where);
	expect_status("add z count", st, GS_COUNT_OVERFLOW, where, "WA.z(n)");
	CHECK(memcmp(&a, &before, sizeof(a)) == 0);

	/* sums that would not be finite */
	gs_init(&a);
	add_row(&a, &r);
	a.weighted = true;
	a.ind[GS_HA].pop.w = 1.5e308;
	b = a;
	before = a;
	st = gs_merge(&a, &b, &where);
	expect_status("merge weight sum", st, GS_SUM_NOT_FINITE, where, "HA.pop(w)");
	CHECK(memcmp(&a, &before, sizeof(a)) == 0);
	before = a;
	r.sampling_weight = 1e300;	/* more than the SQL glue allows; w^2 is infinite */
	a.ind[GS_HA].pop.w = 1.0;
	before = a;
	st = gs_add(&a, &r, &where);
	expect_status("add cut-off w2", st, GS_SUM_NOT_FINITE, where, "HA.pop(w2)");
	CHECK(memcmp(&a, &before, sizeof(a)) == 0);
	r = child(12.0, 1e100, 0.5, 0.5, -2.5);
	gs_init(&a);
	add_row(&a, &r);
	r.z[GS_HA] = -1e100;
	before = a;
	st = gs_add(&a, &r, &where);
	expect_status("add m4", st, GS_SUM_NOT_FINITE, where, "HA.z(m4)");
	CHECK(memcmp(&a, &before, sizeof(a)) == 0);
	b = a;
	b.ind[GS_HA].z.mean = -1e300;
	a.ind[GS_HA].z.mean = 1e300;
	st = gs_merge(&a, &b, &where);
	expect_status("merge moments", st, GS_SUM_NOT_FINITE, where, NULL);

	/* unweighted counts past 2^53: the weight sum would no longer be the count */
	r = child(12.0, -2.5, 0.5, 0.5, -2.5);
	gs_init(&a);
	a.rows = a.rows_positive = a.domain_rows = a.sex[WHO_SEX_FEMALE] = a.age_missing =
		(INT64_C(1) << 53) + 1;
	a.ind[GS_HA].pop.n = (INT64_C(1) << 53) + 1;
	a.ind[GS_HA].pop.w = a.ind[GS_HA].pop.w2 = 9007199254740992.0;
	CHECK(gs_check(&a) == NULL);
	gs_init(&b);
	add_row(&b, &r);
	before = a;
	st = gs_merge(&a, &b, &where);
	expect_status("merge past 2^53", st, GS_SUM_INEXACT, where, "HA.pop(w)");
	CHECK(memcmp(&a, &before, sizeof(a)) == 0);
	CHECK(strstr(gs_status_message(GS_SUM_INEXACT), "2^53") != NULL);

	/* value names */
	gs_value_name(offsetof(growth_summary, age_months[12]), name, sizeof(name));
	CHECK(strcmp(name, "age_months(12)") == 0);
	gs_value_name(offsetof(growth_summary, lenhei_digit[9]), name, sizeof(name));
	CHECK(strcmp(name, "lenhei_digit(9)") == 0);

	/* a subnormal sum, written by gs_format, reads back (it did not) */
	gs_init(&a);
	r = child(12.0, 0.0, 0.5, 0.5, -2.5);
	add_row(&a, &r);
	r.z[GS_HA] = 1e-155;
	add_row(&a, &r);
	CHECK(fpclassify(a.ind[GS_HA].z.m2) == FP_SUBNORMAL);
	CHECK(gs_check(&a) == NULL);
	check_round_trip("subnormal m2", &a);
	/* a number that underflows to zero is not one gs_format writes */
	gs_format(&a, text_buf, sizeof(text_buf));
	expect_reject("a float underflowing to zero", with_value(text_buf, "HA.z", 9, "1e-400"), "HA.z");
	/* one too large for a double is infinite: the validator's "not finite" */
	expect_reject("a float overflowing", with_value(text_buf, "HA.z", 10, "1e999"), "not finite");
	/* a negative age count is the validator's to refuse, as in binary */
	expect_reject("a negative age count", replaced(text_buf, "age_months=12:2", "age_months=12:-2"),
				  "age count is negative");
}

int
main(void)
{
	test_distributions();
	test_normal_quantile();
	test_estimates_simple();
	test_estimates_domain();
	test_estimates_weighted();
	test_estimates_edge();
	test_fields_cover_struct();
	test_merge_set(false);
	test_merge_set(true);
	test_text_form();
	test_quality_json();
	test_limits();
	printf("summary: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
