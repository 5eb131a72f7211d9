/*
 * test_permenkes.c - unit tests of the Permenkes 2/2020 classification and
 * the language tags, without a server.  Build and run: make unittest.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "data_checks.h"
#include "lang_tag.h"
#include "permenkes.h"

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
		printf("FAIL test_permenkes.c:%d: %s\n", line, what);
	}
}

static int
lang(const char *tag)
{
	return pmk_parse_language(tag, strlen(tag));
}

int
main(void)
{
	/* "sd" is "up to and including" (indonesia.md §1.1) */
	CHECK(pmk_classify_lhfa(-3.01) == PMK_SEVERELY_STUNTED);
	CHECK(pmk_classify_lhfa(-3.00) == PMK_STUNTED);
	CHECK(pmk_classify_lhfa(-2.01) == PMK_STUNTED);
	CHECK(pmk_classify_lhfa(-2.00) == PMK_HEIGHT_NORMAL);
	CHECK(pmk_classify_lhfa(3.00) == PMK_HEIGHT_NORMAL);
	CHECK(pmk_classify_lhfa(3.01) == PMK_TALL);
	CHECK(pmk_classify_lhfa(NAN) == PMK_NONE);

	CHECK(pmk_classify_wfa(-3.01) == PMK_SEVERELY_UNDERWEIGHT);
	CHECK(pmk_classify_wfa(-3.00) == PMK_UNDERWEIGHT);
	CHECK(pmk_classify_wfa(-2.00) == PMK_WEIGHT_NORMAL);
	CHECK(pmk_classify_wfa(1.00) == PMK_WEIGHT_NORMAL);
	CHECK(pmk_classify_wfa(1.01) == PMK_RISK_OF_OVERWEIGHT);

	CHECK(pmk_classify_wflh(-3.01, false) == PMK_SEVERELY_WASTED);
	CHECK(pmk_classify_wflh(-3.00, false) == PMK_WASTED);
	CHECK(pmk_classify_wflh(-2.00, false) == PMK_NUTRITION_NORMAL);
	CHECK(pmk_classify_wflh(1.00, false) == PMK_NUTRITION_NORMAL);
	CHECK(pmk_classify_wflh(1.01, false) == PMK_POSSIBLE_RISK_OF_OVERWEIGHT);
	CHECK(pmk_classify_wflh(2.00, false) == PMK_POSSIBLE_RISK_OF_OVERWEIGHT);
	CHECK(pmk_classify_wflh(2.01, false) == PMK_OVERWEIGHT);
	CHECK(pmk_classify_wflh(3.00, false) == PMK_OVERWEIGHT);
	CHECK(pmk_classify_wflh(3.01, false) == PMK_OBESE);
	CHECK(pmk_classify_wflh(NAN, true) == PMK_SEVERELY_WASTED);
	CHECK(pmk_classify_wflh(2.5, true) == PMK_SEVERELY_WASTED);
	CHECK(pmk_classify_wflh(NAN, false) == PMK_NONE);

	/* IMT/U: under-5 table below 1826.25 days, 5-18 years from it */
	CHECK(pmk_classify_bfa(1.5, 1826.24, false) == PMK_POSSIBLE_RISK_OF_OVERWEIGHT);
	CHECK(pmk_classify_bfa(1.5, 1826.25, false) == PMK_OVERWEIGHT);
	CHECK(pmk_classify_bfa(1.00, 3000, false) == PMK_NUTRITION_NORMAL);
	CHECK(pmk_classify_bfa(2.00, 3000, false) == PMK_OVERWEIGHT);
	CHECK(pmk_classify_bfa(2.01, 3000, false) == PMK_OBESE);
	CHECK(pmk_classify_bfa(-3.00, 3000, false) == PMK_THIN);
	CHECK(pmk_classify_bfa(-3.01, 3000, false) == PMK_SEVERELY_THIN);
	CHECK(pmk_classify_bfa(NAN, 3000, true) == PMK_SEVERELY_THIN);
	CHECK(pmk_classify_bfa(NAN, 300, true) == PMK_SEVERELY_WASTED);
	CHECK(pmk_classify_bfa(0, NAN, false) == PMK_NONE);

	/* wording */
	CHECK(strcmp(pmk_label(PMK_TYPE_HEIGHT, PMK_SEVERELY_STUNTED, PMK_LANG_ID), "Sangat pendek") == 0);
	CHECK(strcmp(pmk_label(PMK_TYPE_NUTRITION, PMK_POSSIBLE_RISK_OF_OVERWEIGHT, PMK_LANG_EN),
				 "Possible risk of overweight") == 0);
	CHECK(strcmp(pmk_label(PMK_TYPE_WEIGHT, PMK_SEVERELY_UNDERWEIGHT, PMK_LANG_ID),
				 "Berat badan sangat kurang") == 0);

	/* language tags through ICU */
	CHECK(lang("id") == PMK_LANG_ID && lang("id-ID") == PMK_LANG_ID);
	CHECK(lang("id_ID") == PMK_LANG_ID && lang("in") == PMK_LANG_ID);
	CHECK(lang("en") == PMK_LANG_EN && lang("en-US") == PMK_LANG_EN && lang("en_GB") == PMK_LANG_EN);
	CHECK(lang("fr") < 0 && lang("") < 0 && lang("id-") < 0 && lang("x") < 0);
	CHECK(pmk_parse_language("id\0en", 5) < 0);
	CHECK(pmk_parse_language("en", 1) < 0);	/* only the bytes given: "e" */

	/* data-entry checks: clean, then one problem at a time */
	{
		data_entry	e = {WHO_SEX_MALE, true, WHO_MEASURE_LYING, true, 366, false,
		9.5, 75, false};

		CHECK(data_problems(&e) == 0);
		e.weight_kg = 9500;
		CHECK(data_problems(&e) & (1u << PROBLEM_WEIGHT_IN_GRAMS));
		e.weight_kg = 249.9;
		CHECK(!(data_problems(&e) & (1u << PROBLEM_WEIGHT_IN_GRAMS)));
		e.weight_kg = 75;
		e.lenhei_cm = 9.5;
		CHECK(data_problems(&e) & (1u << PROBLEM_WEIGHT_LENHEI_SWAPPED));
		e.weight_kg = 9.5;
		e.lenhei_cm = 75;
		e.age_days = 731;
		CHECK(data_problems(&e) == (1u << PROBLEM_LYING_FROM_24_MONTHS));
		e.age_days = 730;
		CHECK(data_problems(&e) == 0);
		e.measure = WHO_MEASURE_STANDING;
		e.age_days = 273;
		e.weight_kg = 8;
		e.lenhei_cm = 70;
		CHECK(data_problems(&e) == (1u << PROBLEM_STANDING_UNDER_9_MONTHS));
		e.age_days = -1;
		CHECK(data_problems(&e) & (1u << PROBLEM_VISIT_BEFORE_BIRTH));
		e.age_days = 228 * WHO_DAYS_PER_MONTH + 1;
		CHECK(data_problems(&e) & (1u << PROBLEM_OLDER_THAN_19_YEARS));
		CHECK(data_problem_from_code("bmi_out_of_range", 16) == PROBLEM_BMI_OUT_OF_RANGE);
		CHECK(data_problem_from_code("bmi_out_of_rang", 15) == -1);
		for (int p = 0; p < PROBLEM_N; p++)
			CHECK(data_problem_code((data_problem) p) != NULL &&
				  data_problem_message((data_problem) p, PMK_LANG_ID) != NULL &&
				  data_problem_message((data_problem) p, PMK_LANG_EN) != NULL);
	}

	printf("permenkes: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
