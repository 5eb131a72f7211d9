/*
 * survey_quality.c - the data-quality report of a growth_summary as JSON
 * text (spec data-quality.md): completeness, WHO flags, the SD, skewness
 * and kurtosis of each z-score, digit preference, age heaping, sex and age
 * ratios, and a SMART-style plausibility score.  Plain C.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "distributions.h"
#include "survey_quality.h"

/* SD of z-scores seen in 51 DHS surveys, 5th-95th percentile (Mei & Grummer-Strawn 2007). */
static const double expected_sd[GS_N_INDICATORS][2] = {
	{1.35, 1.95}, {1.17, 1.46}, {1.08, 1.55}, {1.08, 1.50}
};

/* SMART: expected ratio of children 6-29 to 30-59 months. */
#define SMART_AGE_RATIO 0.85

/*
 * One-sample test of a proportion, as R's prop.test(x, n, p) with its
 * default continuity correction; the p-value.
 */
static double
proportion_test_p(double x, double n, double p0)
{
	double		dev;
	double		stat;

	if (!(n > 0.0))
		return NAN;
	dev = fabs(x - n * p0);
	dev -= fmin(0.5, dev);
	stat = dev * dev / (n * p0 * (1.0 - p0));
	return chisq_upper(stat, 1.0);
}

/* Digit preference score, 100 sqrt(chi2 / (N df)) over digits 0-9 (nipnTK). */
static double
digit_preference_score(const int64_t digits[10])
{
	double		n = 0.0;
	double		chi2 = 0.0;

	for (int k = 0; k < 10; k++)
		n += (double) digits[k];
	if (!(n > 0.0))
		return NAN;
	for (int k = 0; k < 10; k++)
	{
		double		d = (double) digits[k] - n / 10.0;

		chi2 += d * d / (n / 10.0);
	}
	return 100.0 * sqrt(chi2 / (n * 9.0));
}

typedef struct json_buf
{
	char	   *buf;
	size_t		size;
	size_t		len;
} json_buf;

static void
put(json_buf *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(json_buf *j, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(j->buf + (j->len < j->size ? j->len : j->size),
				  j->len < j->size ? j->size - j->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		j->len += (size_t) n;
}

/* A number, or null when it is not finite. */
static void
put_num(json_buf *j, const char *key, double x)
{
	if (isfinite(x))
		put(j, "\"%s\": %.17g", key, x);
	else
		put(j, "\"%s\": null", key);
}

static double
percent(double part, double whole)
{
	return whole > 0.0 ? 100.0 * part / whole : NAN;
}

/* SMART plausibility check (data-quality.md §5.2): rating 0..3 and penalty. */
typedef struct smart_item
{
	const char *name;
	double		value;
	const double *limits;		/* excellent / good / acceptable limits */
	bool		upper_is_better;	/* p-values: larger is better */
	bool		inclusive;		/* "at most" rather than "below" the limit */
	const int  *penalties;
} smart_item;

static const char *const rating_names[] = {"excellent", "good", "acceptable", "problematic"};

static int
smart_rating(const smart_item *it)
{
	for (int r = 0; r < 3; r++)
	{
		/* an inclusive limit such as SD 0.9-1.1 must hold for 1.1 - 1 = 0.1000...09 */
		double		limit = it->inclusive ? it->limits[r] + 1e-9 : it->limits[r];

		if (it->upper_is_better ? it->value > limit : it->value < limit)
			return r;
	}
	return 3;
}

size_t
gs_quality_json(const growth_summary *s, char *buf, size_t size)
{
	json_buf	j = {buf, size, 0};
	double		domain = (double) s->domain_rows;
	double		males = (double) s->sex[WHO_SEX_MALE];
	double		females = (double) s->sex[WHO_SEX_FEMALE];
	double		young = 0.0,
				old = 0.0;
	double		heaping[12] = {0};
	double		aged = 0.0,
				heaping_chi2 = 0.0;
	const gs_indicator_sums *wh = &s->ind[GS_WH];
	double		whz_sd = gs_sd(&wh->z);
	double		sex_p = proportion_test_p(males, males + females, 0.5);
	double		age_p;
	double		dps_weight = digit_preference_score(s->weight_digit);
	double		dps_lenhei = digit_preference_score(s->lenhei_digit);
	int			score = 0,
				scored = 0;

	for (int m = 0; m <= GS_MAX_MONTH; m++)
	{
		if (m >= 6 && m < 30)
			young += (double) s->age_months[m];
		else if (m >= 30 && m < 60)
			old += (double) s->age_months[m];
		heaping[m % 12] += (double) s->age_months[m];
		aged += (double) s->age_months[m];
	}
	for (int k = 0; k < 12 && aged > 0.0; k++)
		heaping_chi2 += (heaping[k] - aged / 12.0) * (heaping[k] - aged / 12.0) / (aged / 12.0);
	age_p = proportion_test_p(young, young + old, SMART_AGE_RATIO / (1.0 + SMART_AGE_RATIO));

	put(&j, "{\"rows\": %lld, \"rows_in_domain\": %lld, \"rows_over_228_months\": %lld, ",
		(long long) s->rows, (long long) s->domain_rows, (long long) s->excluded_rows);

	put(&j, "\"sex\": {\"male\": %lld, \"female\": %lld, \"missing\": %lld, ",
		(long long) s->sex[WHO_SEX_MALE], (long long) s->sex[WHO_SEX_FEMALE],
		(long long) s->sex[WHO_SEX_MISSING]);
	put_num(&j, "ratio_male_female", females > 0.0 ? males / females : NAN);
	put(&j, ", ");
	put_num(&j, "p_value", sex_p);
	put(&j, ", \"test\": \"one-sample proportion test against 1:1 (prop.test)\"}, ");

	put(&j, "\"age\": {\"missing\": %lld, ", (long long) s->age_missing);
	put_num(&j, "missing_pct", percent((double) s->age_missing, domain));
	put(&j, ", \"by_month\": {");
	for (int m = 0, first = 1; m <= GS_MAX_MONTH; m++)
		if (s->age_months[m] != 0)
		{
			put(&j, "%s\"%d\": %lld", first ? "" : ", ", m, (long long) s->age_months[m]);
			first = 0;
		}
	put(&j, "}, \"ratio_6_29_to_30_59\": {");
	put_num(&j, "ratio", old > 0.0 ? young / old : NAN);
	put(&j, ", \"expected\": %.2f, ", SMART_AGE_RATIO);
	put_num(&j, "p_value", age_p);
	put(&j, "}, \"heaping_month_mod_12\": {\"counts\": [");
	for (int k = 0; k < 12; k++)
		put(&j, "%s%.0f", k ? ", " : "", heaping[k]);
	put(&j, "], ");
	put_num(&j, "chi2", aged > 0.0 ? heaping_chi2 : NAN);
	put(&j, ", \"df\": 11, ");
	put_num(&j, "p_value", aged > 0.0 ? chisq_upper(heaping_chi2, 11.0) : NAN);
	put(&j, "}}, ");

	put(&j, "\"indicators\": {");
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		const gs_indicator_sums *ind = &s->ind[i];
		double		assessed = (double) (ind->z.n + ind->flagged);

		put(&j, "%s\"%s\": {\"n\": %lld, \"missing\": %lld, ", i ? ", " : "",
			gs_indicator_name((gs_indicator) i), (long long) ind->z.n, (long long) ind->missing);
		put_num(&j, "missing_pct", percent((double) ind->missing,
										   (double) (ind->missing + ind->flagged + ind->oedema + ind->z.n)));
		put(&j, ", \"flagged\": %lld, ", (long long) ind->flagged);
		put_num(&j, "flagged_pct", percent((double) ind->flagged, assessed));
		put(&j, ", \"flagged_pct_threshold\": 1, \"oedema\": %lld, ", (long long) ind->oedema);
		put_num(&j, "mean", ind->z.n > 0 ? ind->z.mean : NAN);
		put(&j, ", ");
		put_num(&j, "sd", gs_sd(&ind->z));
		put(&j, ", \"sd_expected\": [%.2f, %.2f], ", expected_sd[i][0], expected_sd[i][1]);
		put_num(&j, "skewness", gs_skewness(&ind->z));
		put(&j, ", ");
		put_num(&j, "kurtosis", gs_excess_kurtosis(&ind->z));
		put(&j, "}");
	}
	put(&j, "}, ");

	put(&j, "\"digits\": {");
	for (int d = 0; d < 2; d++)
	{
		const int64_t *digits = d == 0 ? s->weight_digit : s->lenhei_digit;

		put(&j, "%s\"%s\": {\"counts\": [", d ? ", " : "", d == 0 ? "weight" : "lenhei");
		for (int k = 0; k < 10; k++)
			put(&j, "%s%lld", k ? ", " : "", (long long) digits[k]);
		put(&j, "], ");
		put_num(&j, "preference_score", d == 0 ? dps_weight : dps_lenhei);
		put(&j, "}");
	}
	put(&j, "}, ");

	{
		static const double flag_limits[] = {2.5, 5.0, 7.5};
		static const double p_limits[] = {0.1, 0.05, 0.001};
		static const double dps_limits[] = {8, 12, 20};
		static const double sd_limits[] = {0.1, 0.15, 0.2};	/* |SD - 1| */
		static const double shape_limits[] = {0.2, 0.4, 0.6};
		static const int flag_pen[] = {0, 5, 10, 20};
		static const int ratio_pen[] = {0, 2, 4, 10};
		static const int sd_pen[] = {0, 5, 10, 20};
		static const int shape_pen[] = {0, 1, 3, 5};
		smart_item	items[] = {
			{"flagged_whz_pct", percent((double) wh->flagged, (double) (wh->z.n + wh->flagged)),
			flag_limits, false, true, flag_pen},
			{"sex_ratio_p", sex_p, p_limits, true, false, ratio_pen},
			{"age_ratio_p", age_p, p_limits, true, false, ratio_pen},
			{"dps_weight", dps_weight, dps_limits, false, false, ratio_pen},
			{"dps_height", dps_lenhei, dps_limits, false, false, ratio_pen},
			{"sd_whz", whz_sd, sd_limits, false, true, sd_pen},
			{"skewness_whz", gs_skewness(&wh->z), shape_limits, false, false, shape_pen},
			{"kurtosis_whz", gs_excess_kurtosis(&wh->z), shape_limits, false, false, shape_pen},
		};
		int			n_items = (int) (sizeof(items) / sizeof(items[0]));

		put(&j, "\"smart\": {\"checks\": {");
		for (int k = 0; k < n_items; k++)
		{
			smart_item	it = items[k];
			double		value = it.value;

			put(&j, "%s\"%s\": {", k ? ", " : "", it.name);
			put_num(&j, "value", value);
			if (strcmp(it.name, "sd_whz") == 0)
				it.value = fabs(value - 1.0);
			else if (strncmp(it.name, "skewness", 8) == 0 || strncmp(it.name, "kurtosis", 8) == 0)
				it.value = fabs(value);
			if (isfinite(it.value))
			{
				int			r = smart_rating(&it);

				put(&j, ", \"rating\": \"%s\", \"penalty\": %d}", rating_names[r], it.penalties[r]);
				score += it.penalties[r];
				scored++;
			}
			else
				put(&j, ", \"rating\": null, \"penalty\": null}");
		}
		put(&j, "}, \"checks_scored\": %d, ", scored);
		if (scored == 0)
			put(&j, "\"score\": null, \"rating\": null");
		else
			put(&j, "\"score\": %d, \"rating\": \"%s\"", score,
				rating_names[score <= 9 ? 0 : score <= 14 ? 1 : score <= 24 ? 2 : 3]);
		put(&j, ", \"flags\": \"WHO flags (reference-based), not SMART's survey-mean flags\", "
			"\"not_scored\": [\"poisson_dispersion (needs clusters)\"]}}");
	}
	return j.len;
}
