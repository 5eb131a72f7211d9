/*
 * data_checks.c - problems of one measurement at data entry, plain C.
 *
 * The WHO flags are the implausible z-scores of who_zscore.c (spec §4.5);
 * the other limits are in data_checks.h.
 */
#include <math.h>
#include <string.h>

#include "data_checks.h"

static const struct
{
	const char *code;
	const char *message[PMK_LANG_N];
}			problems[PROBLEM_N] = {
	[PROBLEM_SEX_MISSING] = {"sex_missing",
	{"Jenis kelamin tidak diisi.", "Sex is missing."}},
	[PROBLEM_SEX_INVALID] = {"sex_invalid",
	{"Jenis kelamin tidak dikenal (gunakan L/P).", "Sex code is not recognised (use M/F or L/P)."}},
	[PROBLEM_AGE_MISSING] = {"age_missing",
	{"Tanggal lahir atau tanggal ukur tidak diisi.", "Birth date or visit date is missing."}},
	[PROBLEM_VISIT_BEFORE_BIRTH] = {"visit_before_birth",
	{"Tanggal ukur sebelum tanggal lahir.", "The visit date is before the birth date."}},
	[PROBLEM_VISIT_IN_FUTURE] = {"visit_in_future",
	{"Tanggal ukur di masa depan.", "The visit date is in the future."}},
	[PROBLEM_OLDER_THAN_19_YEARS] = {"older_than_19_years",
	{"Umur lebih dari 19 tahun (228 bulan).", "The child is older than 19 years (228 months)."}},
	[PROBLEM_WEIGHT_NOT_POSITIVE] = {"weight_not_positive",
	{"Berat badan nol atau negatif.", "Weight is zero or negative."}},
	[PROBLEM_LENHEI_NOT_POSITIVE] = {"lenhei_not_positive",
	{"Panjang/tinggi badan nol atau negatif.", "Length/height is zero or negative."}},
	[PROBLEM_WEIGHT_IN_GRAMS] = {"weight_in_grams",
	{"Berat badan tampaknya dalam gram, bukan kilogram.", "Weight looks like grams, not kilograms."}},
	[PROBLEM_LENHEI_IN_MILLIMETRES] = {"lenhei_in_millimetres",
	{"Panjang/tinggi badan tampaknya dalam milimeter, bukan sentimeter.", "Length/height looks like millimetres, not centimetres."}},
	[PROBLEM_WEIGHT_LENHEI_SWAPPED] = {"weight_lenhei_swapped",
	{"Berat dan panjang/tinggi badan tampaknya tertukar.", "Weight and length/height look swapped."}},
	[PROBLEM_MEASURE_INVALID] = {"measure_invalid",
	{"Cara ukur tidak dikenal (gunakan telentang/berdiri).", "Measure code is not recognised (use lying/standing)."}},
	[PROBLEM_STANDING_UNDER_9_MONTHS] = {"standing_under_9_months",
	{"Anak di bawah 9 bulan diukur berdiri; ukur telentang.", "A child under 9 months was measured standing; measure lying."}},
	[PROBLEM_LYING_FROM_24_MONTHS] = {"lying_from_24_months",
	{"Anak 24 bulan ke atas diukur telentang; ukur berdiri.", "A child of 24 months or more was measured lying; measure standing."}},
	[PROBLEM_IMPLAUSIBLE_LHFA] = {"implausible_lhfa",
	{"Z-skor PB/U atau TB/U tidak masuk akal (di bawah -6 atau di atas +6).", "Length/height-for-age z-score is implausible (below -6 or above +6)."}},
	[PROBLEM_IMPLAUSIBLE_WFA] = {"implausible_wfa",
	{"Z-skor BB/U tidak masuk akal (di bawah -6 atau di atas +5).", "Weight-for-age z-score is implausible (below -6 or above +5)."}},
	[PROBLEM_IMPLAUSIBLE_WFLH] = {"implausible_wflh",
	{"Z-skor BB/PB atau BB/TB tidak masuk akal (di luar -5 sampai +5).", "Weight-for-length/height z-score is implausible (beyond -5 or +5)."}},
	[PROBLEM_IMPLAUSIBLE_BFA] = {"implausible_bfa",
	{"Z-skor IMT/U tidak masuk akal (di luar -5 sampai +5).", "BMI-for-age z-score is implausible (beyond -5 or +5)."}},
	[PROBLEM_BMI_OUT_OF_RANGE] = {"bmi_out_of_range",
	{"IMT di luar rentang fisiologis (8-40 kg/m2).", "BMI is outside the physiological range (8-40 kg/m2)."}},
};

#define SET(bits, p) ((bits) |= 1u << (p))

unsigned int
data_problems(const data_entry *e)
{
	unsigned int bits = 0;
	bool		has_age = !isnan(e->age_days);
	double		months = e->age_days / WHO_DAYS_PER_MONTH;
	double		w = e->weight_kg;
	double		h = e->lenhei_cm;

	if (!e->sex_ok)
		SET(bits, PROBLEM_SEX_INVALID);
	else if (e->sex == WHO_SEX_MISSING)
		SET(bits, PROBLEM_SEX_MISSING);
	if (!has_age)
		SET(bits, PROBLEM_AGE_MISSING);
	else if (e->age_days < 0)
		SET(bits, PROBLEM_VISIT_BEFORE_BIRTH);
	else if (months > 228.0)
		SET(bits, PROBLEM_OLDER_THAN_19_YEARS);
	if (e->visit_in_future)
		SET(bits, PROBLEM_VISIT_IN_FUTURE);

	if (w <= 0)
		SET(bits, PROBLEM_WEIGHT_NOT_POSITIVE);
	else if (w >= CHECK_WEIGHT_GRAMS_FROM)
		SET(bits, PROBLEM_WEIGHT_IN_GRAMS);
	if (h <= 0)
		SET(bits, PROBLEM_LENHEI_NOT_POSITIVE);
	else if (h >= CHECK_LENHEI_MM_FROM)
		SET(bits, PROBLEM_LENHEI_IN_MILLIMETRES);
	/* a child's height in cm is always more than its weight in kg */
	if (w > 0 && h > 0 && w > h && w < CHECK_WEIGHT_GRAMS_FROM)
		SET(bits, PROBLEM_WEIGHT_LENHEI_SWAPPED);

	if (!e->measure_ok)
		SET(bits, PROBLEM_MEASURE_INVALID);
	else if (has_age && e->age_days >= 0)
	{
		if (e->measure == WHO_MEASURE_STANDING && months < 9.0)
			SET(bits, PROBLEM_STANDING_UNDER_9_MONTHS);
		/* WHO's switch: height from 731 days (24.0 months) */
		if (e->measure == WHO_MEASURE_LYING && who_round_half_up(e->age_days) >= 731)
			SET(bits, PROBLEM_LYING_FROM_24_MONTHS);
	}

	if (e->sex_ok && e->measure_ok && !(has_age && e->age_days < 0))
	{
		who_input	in = {e->sex, e->age_days, w, h, e->measure, e->oedema,
		NAN, NAN, NAN, NAN};
		who_zscores z;

		who_anthro_zscores(&in, &z);
		if (z.flen == WHO_FLAG_YES)
			SET(bits, PROBLEM_IMPLAUSIBLE_LHFA);
		if (z.fwei == WHO_FLAG_YES)
			SET(bits, PROBLEM_IMPLAUSIBLE_WFA);
		if (z.fwfl == WHO_FLAG_YES)
			SET(bits, PROBLEM_IMPLAUSIBLE_WFLH);
		if (z.fbmi == WHO_FLAG_YES)
			SET(bits, PROBLEM_IMPLAUSIBLE_BFA);
	}

	if (w > 0 && h > 0)
	{
		double		bmi = w / ((h / 100.0) * (h / 100.0));

		if (bmi < CHECK_BMI_MIN || bmi > CHECK_BMI_MAX)
			SET(bits, PROBLEM_BMI_OUT_OF_RANGE);
	}
	return bits;
}

const char *
data_problem_code(data_problem p)
{
	return problems[p].code;
}

int
data_problem_from_code(const char *code, size_t len)
{
	for (int p = 0; p < PROBLEM_N; p++)
		if (strlen(problems[p].code) == len && memcmp(problems[p].code, code, len) == 0)
			return p;
	return -1;
}

const char *
data_problem_message(data_problem p, pmk_lang lang)
{
	return problems[p].message[lang];
}
