/*
 * data_checks.h - problems of one measurement at data entry, plain C (no
 * postgres.h).  Each problem has a stable, machine-readable code and an
 * explanation in Bahasa Indonesia and English.
 */
#ifndef STUNTING_DATA_CHECKS_H
#define STUNTING_DATA_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "permenkes.h"
#include "who_zscore.h"

/* Physiological range of BMI (kg/m2) for children 0-19 years. */
#define CHECK_BMI_MIN 8.0
#define CHECK_BMI_MAX 40.0
/* Beyond these a value is in the wrong unit (grams, millimetres). */
#define CHECK_WEIGHT_GRAMS_FROM 250.0
#define CHECK_LENHEI_MM_FROM 250.0

typedef enum data_problem
{
	PROBLEM_SEX_MISSING,
	PROBLEM_SEX_INVALID,
	PROBLEM_AGE_MISSING,
	PROBLEM_VISIT_BEFORE_BIRTH,
	PROBLEM_VISIT_IN_FUTURE,
	PROBLEM_OLDER_THAN_19_YEARS,
	PROBLEM_WEIGHT_NOT_POSITIVE,
	PROBLEM_LENHEI_NOT_POSITIVE,
	PROBLEM_WEIGHT_IN_GRAMS,
	PROBLEM_LENHEI_IN_MILLIMETRES,
	PROBLEM_WEIGHT_LENHEI_SWAPPED,
	PROBLEM_MEASURE_INVALID,
	PROBLEM_STANDING_UNDER_9_MONTHS,
	PROBLEM_LYING_FROM_24_MONTHS,
	PROBLEM_IMPLAUSIBLE_LHFA,
	PROBLEM_IMPLAUSIBLE_WFA,
	PROBLEM_IMPLAUSIBLE_WFLH,
	PROBLEM_IMPLAUSIBLE_BFA,
	PROBLEM_BMI_OUT_OF_RANGE,
	PROBLEM_N
} data_problem;

/*
 * One measurement as entered.  sex_ok/measure_ok say whether the codes
 * parsed (a NULL code is sex = WHO_SEX_MISSING, measure UNKNOWN);
 * age_days is NaN when a date is missing; NaN measurements are missing.
 */
typedef struct data_entry
{
	who_sex		sex;
	bool		sex_ok;
	who_measure measure;
	bool		measure_ok;
	double		age_days;		/* visit - birth, may be negative */
	bool		visit_in_future;
	double		weight_kg;
	double		lenhei_cm;
	bool		oedema;
} data_entry;

/* The problems found, as a bit set (1 << data_problem). */
extern unsigned int data_problems(const data_entry *e);

extern const char *data_problem_code(data_problem p);
/* The problem with this code, or -1. */
extern int	data_problem_from_code(const char *code, size_t len);
extern const char *data_problem_message(data_problem p, pmk_lang lang);

#endif
