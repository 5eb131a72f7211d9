/*
 * test_growth.c - unit tests of the WHO growth-velocity z-scores and of the
 * posyandu's weight-gain judgement, without a server.  Build and run:
 * make unittest.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "growth_monitoring.h"
#include "who_velocity.h"

static int	passed;
static int	failed;

#define CHECK(cond) check((cond), #cond, __LINE__)

static void
check(int ok, const char *what, int line)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAIL test_growth.c:%d: %s\n", line, what);
	}
}

#define M WHO_VELOCITY_MONTH_DAYS

/* Every row: the printed -2..+2 SD increments give z -2..+2 to the printed precision. */
static void
printed_columns(who_velocity_indicator ind, double tolerance)
{
	int			n;
	const who_velocity_row *t = who_velocity_table(ind, &n);
	int			bad = 0;

	for (int i = 0; i < n; i++)
	{
		const who_velocity_row *r = &t[i];

		for (int k = -2; k <= 2; k++)
		{
			double		d = r->sd[k + 3];
			double		z;
			double		slope;
			double		scale = ind == WHO_VELOCITY_WEIGHT ? 1000.0 : 1.0;

			/* where the LMS curve does not reach the line, WHO prints 0 */
			if (1.0 + r->l * r->s * k <= 0.0 || d + r->delta <= 0.0)
				continue;
			if (!who_velocity_z(ind, (who_sex) r->sex, (r->end_month - r->interval) * M, r->end_month * M,
								0.0, d / scale, &z))
			{
				bad++;
				continue;
			}
			slope = r->m * r->s * pow((d + r->delta) / r->m, 1.0 - r->l);
			if (fabs(z - k) > tolerance / slope)
				bad++;
		}
	}
	CHECK(bad == 0);
}

/* A month's code from the two months before, by a KBM of 200 g from month 2. */
static void
month_codes(void)
{
	static const long grams[] = {0, 0, 200, 200, 200};
	static const long grams_no_month3[] = {0, 0, 200, 0, 200};
	gm_kbm_table kbm = {5, grams};
	gm_kbm_table no_month3 = {5, grams_no_month3};
	gm_month_weighing none = {false, 0, 0};
	gm_month_weighing m2 = {true, 8.0, 2};
	gm_month_weighing m3_t = {true, 8.1, 3};
	gm_month_weighing m3_n = {true, 8.2, 3};
	gm_month_weighing m4_t = {true, 8.2, 4};
	gm_month_weighing m4_after_n = {true, 8.3, 4};
	gm_month_weighing m1 = {true, 7.0, 1};
	gm_month_weighing m2_after_m1 = {true, 7.9, 2};
	gm_month_weighing m5 = {true, 8.0, 5};
	bool		two_t;

	/* 2T: T now (100 g) after T last month (100 g) */
	CHECK(gm_month_code(&kbm, &m2, &m3_t, &m4_t, false, &two_t) == GM_GAIN_T && two_t);
	/* T after N: no 2T */
	CHECK(gm_month_code(&kbm, &m2, &m3_n, &m4_after_n, false, &two_t) == GM_GAIN_T && !two_t);
	/* T now, last month had nothing before it (B): no 2T */
	CHECK(gm_month_code(&kbm, &none, &m3_t, &m4_t, false, &two_t) == GM_GAIN_T && !two_t);
	/* exactly the KBM is N (900 g, then 200 g) */
	CHECK(gm_month_code(&kbm, &m1, &m2_after_m1, &m3_t, false, &two_t) == GM_GAIN_N && !two_t);
	/* last month's gain (100 g) not judged, no KBM for month 3 in this edition: no 2T */
	CHECK(gm_month_code(&no_month3, &m2, &m3_t, &m4_t, false, &two_t) == GM_GAIN_T && !two_t);
	/* not weighed last month: O, whether the gap is one month or more */
	CHECK(gm_month_code(&kbm, &m2, &none, &m4_t, false, &two_t) == GM_GAIN_O && !two_t);
	CHECK(gm_month_code(&kbm, &none, &none, &m4_t, true, &two_t) == GM_GAIN_O);
	/* never weighed before: B */
	CHECK(gm_month_code(&kbm, &none, &none, &m4_t, false, &two_t) == GM_GAIN_B);
	/* no KBM for this month of age (5 is past the table): no code */
	CHECK(gm_month_code(&kbm, &none, &m4_t, &m5, false, &two_t) == GM_GAIN_NONE && !two_t);
}

int
main(void)
{
	who_velocity_indicator ind;
	double		z;

	CHECK(who_velocity_weight_n == 194 && who_velocity_length_n == 170 && who_velocity_headc_n == 122);
	printed_columns(WHO_VELOCITY_WEIGHT, 0.7);
	printed_columns(WHO_VELOCITY_LENGTH, 0.051);
	printed_columns(WHO_VELOCITY_HEADC, 0.051);

	/* interval tolerance: k months +- k months / 8, both sides */
	CHECK(who_velocity_row_for(WHO_VELOCITY_WEIGHT, WHO_SEX_MALE, 100, 100 + M + M / 8) != NULL);
	CHECK(who_velocity_row_for(WHO_VELOCITY_WEIGHT, WHO_SEX_MALE, 100, 100 + M + M / 8 + 1e-6) == NULL);
	CHECK(who_velocity_row_for(WHO_VELOCITY_WEIGHT, WHO_SEX_MALE, 100, 100 + M - M / 8) != NULL);
	CHECK(who_velocity_row_for(WHO_VELOCITY_WEIGHT, WHO_SEX_MALE, 100, 100 + M - M / 8 - 1e-6) == NULL);
	CHECK(who_velocity_row_for(WHO_VELOCITY_LENGTH, WHO_SEX_FEMALE, 4 * M, 10 * M + 6 * M / 8)->interval == 6);
	CHECK(who_velocity_row_for(WHO_VELOCITY_LENGTH, WHO_SEX_FEMALE, 4 * M, 10 * M + 6 * M / 8 + 1e-6) == NULL);
	/* no 1-month weight interval after 12 months, no 5-month interval */
	CHECK(who_velocity_row_for(WHO_VELOCITY_WEIGHT, WHO_SEX_FEMALE, 12 * M, 13 * M) == NULL);
	CHECK(who_velocity_row_for(WHO_VELOCITY_WEIGHT, WHO_SEX_FEMALE, 11 * M, 12 * M)->end_month == 12);
	CHECK(who_velocity_row_for(WHO_VELOCITY_WEIGHT, WHO_SEX_FEMALE, 1 * M, 6 * M) == NULL);
	/* the end month rounds half up */
	CHECK(who_velocity_row_for(WHO_VELOCITY_LENGTH, WHO_SEX_MALE, 3.5 * M, 5.5 * M)->end_month == 6);
	CHECK(who_velocity_row_for(WHO_VELOCITY_LENGTH, WHO_SEX_MALE, 3.5 * M, 5.5 * M - 0.01)->end_month == 5);
	/* no z-score at or beyond -Delta; none for a missing sex or backwards ages */
	CHECK(!who_velocity_z(WHO_VELOCITY_LENGTH, WHO_SEX_MALE, 4 * M, 6 * M, 65, 65, &z));
	CHECK(who_velocity_z(WHO_VELOCITY_WEIGHT, WHO_SEX_MALE, 5 * M, 6 * M, 7.0, 6.7, &z) && z < -4);
	CHECK(!who_velocity_z(WHO_VELOCITY_WEIGHT, WHO_SEX_MALE, 5 * M, 6 * M, 7.0, 6.6, &z));
	CHECK(!who_velocity_z(WHO_VELOCITY_WEIGHT, WHO_SEX_MISSING, 5 * M, 6 * M, 7.0, 7.6, &z));
	CHECK(!who_velocity_z(WHO_VELOCITY_WEIGHT, WHO_SEX_MALE, 6 * M, 5 * M, 7.0, 7.6, &z));
	CHECK(who_parse_velocity_indicator(" HeadC ", 7, &ind) && ind == WHO_VELOCITY_HEADC);
	CHECK(!who_parse_velocity_indicator("height", 6, &ind));

	/* weight gain: N at exactly the KBM, T one gram short, rounding to the gram */
	CHECK(gm_gain_grams(8.0, 8.2) == 200);
	CHECK(gm_gain_grams(8.0, 8.199) == 199);
	CHECK(gm_gain_status(1, 200, 200, false) == GM_GAIN_N);
	CHECK(gm_gain_status(1, 199, 200, false) == GM_GAIN_T);
	CHECK(gm_gain_status(1, 0, 200, false) == GM_GAIN_T);
	CHECK(gm_gain_status(1, -100, 200, false) == GM_GAIN_T);
	CHECK(gm_gain_status(2, 900, 200, false) == GM_GAIN_O);
	CHECK(gm_gain_status(0, 0, 0, true) == GM_GAIN_B);
	CHECK(gm_gain_status(1, 500, 0, true) == GM_GAIN_NONE);
	/* KMS month: calendar months from the birth month */
	CHECK(gm_kms_month(2025, 1, 2025, 2) == 1);
	CHECK(gm_kms_month(2024, 12, 2025, 1) == 1);
	CHECK(gm_kms_month(2020, 12, 2025, 12) == 60);
	/* completed months: a day short of the birth day is a month less */
	CHECK(gm_age_months_completed(2025, 1, 31, 2025, 3, 30) == 1);
	CHECK(gm_age_months_completed(2025, 1, 31, 2025, 3, 31) == 2);
	CHECK(gm_age_months_completed(2025, 1, 1, 2025, 3, 30) == 2);
	month_codes();
	/* F1 age groups, both sides of each boundary */
	CHECK(gm_skdn_age_group(-1) == NULL && gm_skdn_age_group(61) == NULL);
	CHECK(strcmp(gm_skdn_age_group(0), "0-12") == 0 && strcmp(gm_skdn_age_group(12), "0-12") == 0);
	CHECK(strcmp(gm_skdn_age_group(13), "13-36") == 0 && strcmp(gm_skdn_age_group(36), "13-36") == 0);
	CHECK(strcmp(gm_skdn_age_group(37), "37-60") == 0 && strcmp(gm_skdn_age_group(60), "37-60") == 0);
	CHECK(gm_skdn_label("N/(D-O-B)", 1) != NULL && gm_skdn_label("X", 0) == NULL);
	CHECK(strcmp(gm_gain_label(GM_GAIN_O, 0), "Tidak ditimbang bulan lalu") == 0);

	printf("test_growth: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
