/*
 * permenkes.c - nutritional status by Permenkes 2/2020, plain C.
 *
 * "sd" (sampai dengan) in the regulation's table means "up to and
 * including", so on the rounded z-score (../shared/spec/indonesia.md §1.1):
 *   PB/U, TB/U   z < -3 sangat pendek; -3 <= z < -2 pendek;
 *                -2 <= z <= +3 normal; z > +3 tinggi
 *   BB/U         z < -3 sangat kurang; -3 <= z < -2 kurang;
 *                -2 <= z <= +1 normal; z > +1 risiko berat badan lebih
 *   BB/PB, BB/TB and IMT/U under 5 years
 *                z < -3 gizi buruk; -3 <= z < -2 gizi kurang;
 *                -2 <= z <= +1 gizi baik; +1 < z <= +2 berisiko gizi lebih;
 *                +2 < z <= +3 gizi lebih; z > +3 obesitas
 *   IMT/U 5-18 years
 *                z < -3 gizi buruk; -3 <= z < -2 gizi kurang;
 *                -2 <= z <= +1 gizi baik (+1.00 is gizi baik, as every
 *                implementation reads the overlapping "+1 SD" rows);
 *                +1 < z <= +2 gizi lebih; z > +2 obesitas
 * Oedema counts as the most severe wasting (WHO): gizi buruk.
 */
#include <math.h>
#include <stddef.h>

#include "permenkes.h"
#include "growth_monitoring.h"
#include "who_zscore.h"

int
pmk_classify_lhfa(double z)
{
	if (isnan(z))
		return PMK_NONE;
	if (z < -3.0)
		return PMK_SEVERELY_STUNTED;
	if (z < -2.0)
		return PMK_STUNTED;
	if (z <= 3.0)
		return PMK_HEIGHT_NORMAL;
	return PMK_TALL;
}

int
pmk_classify_wfa(double z)
{
	if (isnan(z))
		return PMK_NONE;
	if (z < -3.0)
		return PMK_SEVERELY_UNDERWEIGHT;
	if (z < -2.0)
		return PMK_UNDERWEIGHT;
	if (z <= 1.0)
		return PMK_WEIGHT_NORMAL;
	return PMK_RISK_OF_OVERWEIGHT;
}

/* BB/PB, BB/TB and IMT/U under 5 years share one table. */
static int
under5_nutrition(double z, bool oedema)
{
	if (oedema)
		return PMK_SEVERELY_WASTED;
	if (isnan(z))
		return PMK_NONE;
	if (z < -3.0)
		return PMK_SEVERELY_WASTED;
	if (z < -2.0)
		return PMK_WASTED;
	if (z <= 1.0)
		return PMK_NUTRITION_NORMAL;
	if (z <= 2.0)
		return PMK_POSSIBLE_RISK_OF_OVERWEIGHT;
	if (z <= 3.0)
		return PMK_OVERWEIGHT;
	return PMK_OBESE;
}

int
pmk_classify_wflh(double z, bool oedema)
{
	return under5_nutrition(z, oedema);
}

int
pmk_classify_bfa(double z, double age_days, bool oedema)
{
	/* the same 60-month switch as the z-scores (1826.25 days) */
	if (isnan(age_days))
		return PMK_NONE;
	if (age_days / WHO_DAYS_PER_MONTH < 60.0)
		return under5_nutrition(z, oedema);
	if (oedema)
		return PMK_SEVERELY_THIN;
	if (isnan(z))
		return PMK_NONE;
	if (z < -3.0)
		return PMK_SEVERELY_THIN;
	if (z < -2.0)
		return PMK_THIN;
	if (z <= 1.0)
		return PMK_NUTRITION_NORMAL;
	if (z <= 2.0)
		return PMK_OVERWEIGHT;
	return PMK_OBESE;
}

/* Enum labels (the SQL names), in the order of the CREATE TYPE. */
static const char *const height_labels[PMK_HEIGHT_N] = {
	"severely_stunted", "stunted", "normal", "tall"
};
static const char *const weight_labels[PMK_WEIGHT_N] = {
	"severely_underweight", "underweight", "normal", "risk_of_overweight"
};
static const char *const nutrition_labels[PMK_NUTRITION_N] = {
	"severely_wasted", "wasted", "severely_thin", "thin", "normal",
	"possible_risk_of_overweight", "overweight", "obese"
};

static const char *const gain_labels[GM_GAIN_COUNT] = {
	"N", "T", "O", "B"
};

const char *const *
pmk_enum_labels(pmk_type type, int *n)
{
	switch (type)
	{
		case PMK_TYPE_GAIN:
			*n = GM_GAIN_COUNT;
			return gain_labels;
		case PMK_TYPE_HEIGHT:
			*n = PMK_HEIGHT_N;
			return height_labels;
		case PMK_TYPE_WEIGHT:
			*n = PMK_WEIGHT_N;
			return weight_labels;
		default:
			*n = PMK_NUTRITION_N;
			return nutrition_labels;
	}
}

/*
 * The wording of the regulation's table, Bahasa Indonesia and English.  The
 * table gives no English word for some normal classes; "Normal", "Tall" and
 * "Risk of overweight" fill those.  IMT/U 5-18 years keeps the regulation's
 * "Severely thinness".
 */
static const char *const height_words[PMK_HEIGHT_N][PMK_LANG_N] = {
	{"Sangat pendek", "Severely stunted"},
	{"Pendek", "Stunted"},
	{"Normal", "Normal"},
	{"Tinggi", "Tall"},
};
static const char *const weight_words[PMK_WEIGHT_N][PMK_LANG_N] = {
	{"Berat badan sangat kurang", "Severely underweight"},
	{"Berat badan kurang", "Underweight"},
	{"Berat badan normal", "Normal"},
	{"Risiko berat badan lebih", "Risk of overweight"},
};
static const char *const nutrition_words[PMK_NUTRITION_N][PMK_LANG_N] = {
	{"Gizi buruk", "Severely wasted"},
	{"Gizi kurang", "Wasted"},
	{"Gizi buruk", "Severely thinness"},
	{"Gizi kurang", "Thinness"},
	{"Gizi baik", "Normal"},
	{"Berisiko gizi lebih", "Possible risk of overweight"},
	{"Gizi lebih", "Overweight"},
	{"Obesitas", "Obese"},
};

const char *
pmk_label(pmk_type type, int status, pmk_lang lang)
{
	switch (type)
	{
		case PMK_TYPE_GAIN:
			return gm_gain_label((gm_gain) status, lang == PMK_LANG_EN);
		case PMK_TYPE_HEIGHT:
			return height_words[status][lang];
		case PMK_TYPE_WEIGHT:
			return weight_words[status][lang];
		default:
			return nutrition_words[status][lang];
	}
}
