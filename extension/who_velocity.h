/*
 * who_velocity.h - z-scores of growth increments by the WHO Child Growth
 * Standards: growth velocity (2009), plain C (no postgres.h).
 *
 * z = (((d + Delta) / M)^L - 1) / (L S) for an increment d over a
 * tabulated interval (grams for weight, cm for length and head
 * circumference; Delta 0 but for weight).  The rules for matching two
 * visits to a tabulated interval are in who_velocity.c and the README.
 */
#ifndef STUNTING_WHO_VELOCITY_H
#define STUNTING_WHO_VELOCITY_H

#include <stdbool.h>

#include "who_zscore.h"

typedef enum who_velocity_indicator
{
	WHO_VELOCITY_WEIGHT, WHO_VELOCITY_LENGTH, WHO_VELOCITY_HEADC,
	WHO_VELOCITY_N
} who_velocity_indicator;

#define WHO_VELOCITY_INDICATOR_CODES "weight, length, headc"

typedef struct who_velocity_row
{
	int			sex;			/* 1 boys, 2 girls */
	int			interval;		/* months */
	int			end_month;		/* age at the end of the interval, months */
	double		l,
				m,
				s,
				delta;
	double		sd[7];			/* WHO's printed -3, -2, -1, median, +1, +2, +3 SD */
} who_velocity_row;

extern const who_velocity_row who_velocity_weight[];
extern const int who_velocity_weight_n;
extern const who_velocity_row who_velocity_length[];
extern const int who_velocity_length_n;
extern const who_velocity_row who_velocity_headc[];
extern const int who_velocity_headc_n;

/* The days of WHO's month. */
#define WHO_VELOCITY_MONTH_DAYS 30.4375

/*
 * The actual interval may differ from the nominal one of k months by at
 * most k months / WHO_VELOCITY_TOLERANCE_DIVISOR (k = 1: 3.8 days; 6: 22.8
 * days); the ranges of the tabulated k (1, 2, 3, 4, 6) do not overlap.
 */
#define WHO_VELOCITY_TOLERANCE_DIVISOR 8.0

extern bool who_parse_velocity_indicator(const char *s, unsigned long len, who_velocity_indicator *out);

/* The rows of an indicator's table, and how many. */
extern const who_velocity_row *who_velocity_table(who_velocity_indicator ind, int *n);

/*
 * The table row two ages in days use (age_to > age_from >= 0), or NULL
 * when no tabulated interval fits.
 */
extern const who_velocity_row *who_velocity_row_for(who_velocity_indicator ind, who_sex sex,
													double age_from_days, double age_to_days);

/*
 * The z-score of the increment value_to - value_from (kg for weight, cm
 * otherwise) between the two ages; false when no interval fits or the
 * increment has no z-score (d + Delta <= 0, or a z that is not finite).
 */
extern bool who_velocity_z(who_velocity_indicator ind, who_sex sex, double age_from_days, double age_to_days,
						   double value_from, double value_to, double *z);

#endif
