/*
 * permenkes.h - nutritional status by the Indonesian standard
 * (Permenkes 2/2020, Standar Antropometri Anak), plain C (no postgres.h).
 *
 * The categories, cut-offs and wording are in ../shared/spec/indonesia.md
 * §1.1.  Classification works on the published (2-decimal) WHO z-score.
 */
#ifndef STUNTING_PERMENKES_H
#define STUNTING_PERMENKES_H

#include <stdbool.h>

/* The values of the SQL enums, in their declared order (worst first). */
typedef enum pmk_height
{
	PMK_SEVERELY_STUNTED, PMK_STUNTED, PMK_HEIGHT_NORMAL, PMK_TALL,
	PMK_HEIGHT_N
} pmk_height;

typedef enum pmk_weight
{
	PMK_SEVERELY_UNDERWEIGHT, PMK_UNDERWEIGHT, PMK_WEIGHT_NORMAL,
	PMK_RISK_OF_OVERWEIGHT,
	PMK_WEIGHT_N
} pmk_weight;

typedef enum pmk_nutrition
{
	PMK_SEVERELY_WASTED, PMK_WASTED, PMK_SEVERELY_THIN, PMK_THIN,
	PMK_NUTRITION_NORMAL, PMK_POSSIBLE_RISK_OF_OVERWEIGHT, PMK_OVERWEIGHT,
	PMK_OBESE,
	PMK_NUTRITION_N
} pmk_nutrition;

/* The status types: the three of the regulation, and the posyandu's
 * weight-gain code (growth_monitoring.h), which label() words too. */
typedef enum pmk_type
{
	PMK_TYPE_HEIGHT, PMK_TYPE_WEIGHT, PMK_TYPE_NUTRITION, PMK_TYPE_GAIN,
	PMK_TYPE_N
} pmk_type;

typedef enum pmk_lang
{
	PMK_LANG_ID, PMK_LANG_EN,
	PMK_LANG_N
} pmk_lang;

/* No status: the z-score is missing (and no oedema decides it). */
#define PMK_NONE (-1)

/*
 * Classification of a published z-score; NaN means missing.  Each returns
 * a value of the matching enum above, or PMK_NONE.
 */
extern int	pmk_classify_lhfa(double z);
extern int	pmk_classify_wfa(double z);
extern int	pmk_classify_wflh(double z, bool oedema);
extern int	pmk_classify_bfa(double z, double age_days, bool oedema);

/* The SQL enum's labels of a type, in order, and how many there are. */
extern const char *const *pmk_enum_labels(pmk_type type, int *n);

/* The regulation's wording of one status. */
extern const char *pmk_label(pmk_type type, int status, pmk_lang lang);

#endif
