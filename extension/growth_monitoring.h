/*
 * growth_monitoring.h - the posyandu's weight-gain judgement (KMS, Buku KIA
 * 2023), plain C (no postgres.h).
 *
 * N (naik): gained at least the KBM (Kenaikan Berat badan Minimal) since
 * last month's weighing; T (tidak naik): less, nothing, or lost weight; O:
 * not weighed last month (the KMS line is not connected); B (baru): the
 * first weighing.  The KBM itself is a reference table (growth_monitoring.sql),
 * never a constant here.
 */
#ifndef STUNTING_GROWTH_MONITORING_H
#define STUNTING_GROWTH_MONITORING_H

#include <stdbool.h>

/* The values of the SQL enum stunting.weight_gain, in declared order. */
typedef enum gm_gain
{
	GM_GAIN_N, GM_GAIN_T, GM_GAIN_O, GM_GAIN_B,
	GM_GAIN_COUNT
} gm_gain;

/* No judgement: no KBM for the child's month of age. */
#define GM_GAIN_NONE (-1)

/*
 * The KMS month of age: calendar months from the birth month (column 0 of
 * the KMS) to the month of the visit; not completed months.
 */
extern int	gm_kms_month(int birth_year, int birth_month, int visit_year, int visit_month);

/* Calendar months from the first month to the second (may be negative). */
extern int	gm_months_between(int year1, int month1, int year2, int month2);

/*
 * The gain in grams between two weights in kg, rounded to the nearest gram
 * (8.2 - 8.0 kg is 199.99999999999929 g in binary; it is 200 g).
 */
extern long gm_gain_grams(double previous_kg, double kg);

/*
 * The code of a weighing: months_since_previous is the number of calendar
 * months back to the previous weighing (0 = none before: B; 1 = last month;
 * more: O); gain_g and kbm_g matter only when it is 1, and kbm_missing
 * (no KBM for the month of age) gives GM_GAIN_NONE there.
 */
extern int	gm_gain_status(int months_since_previous, long gain_g, long kbm_g, bool kbm_missing);

/* Age in completed months (bulan penuh): 2 months and a day short is 1. */
extern int	gm_age_months_completed(int birth_year, int birth_month, int birth_day,
									int visit_year, int visit_month, int visit_day);

/* A KBM edition: grams[m] for KMS month m (0 <= m < size), 0 when none. */
typedef struct gm_kbm_table
{
	int			size;
	const long *grams;
} gm_kbm_table;

/* One month's counted weighing of a child, as the month's codes need it. */
typedef struct gm_month_weighing
{
	bool		present;
	double		kg;
	int			kms_month;
} gm_month_weighing;

/*
 * The code of this month's weighing `now` from the counted weighings of
 * the two months before (`last`, `before_last`; present or not) and whether
 * the child was weighed before those (O, not B), by the KBM edition; sets
 * *two_t (T now and T last month).  The same rules as gm_gain_status.
 */
extern int	gm_month_code(const gm_kbm_table *kbm, const gm_month_weighing *before_last,
						  const gm_month_weighing *last, const gm_month_weighing *now,
						  bool weighed_earlier, bool *two_t);

/*
 * The F1 Gizi age group of the SKDN report for an age in completed
 * months: "0-12", "13-36", "37-60"; NULL outside 0..60.
 */
extern const char *gm_skdn_age_group(int age_months);

/* Wording of the codes: 0 Bahasa Indonesia, 1 English. */
extern const char *gm_gain_label(gm_gain code, int lang);

/*
 * Wording of an SKDN column (S, K, D, N, T, O, B, 2T, BGM and the ratios
 * D/S, K/S, N/D, N/(D-O-B), BGM/D); NULL for another code.
 */
extern const char *gm_skdn_label(const char *code, int lang);

/* The codes gm_skdn_label knows, for an error's hint. */
#define GM_SKDN_CODES "S, K, D, N, T, O, B, 2T, BGM, D/S, K/S, N/D, N/(D-O-B), BGM/D"

#endif
