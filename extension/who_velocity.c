/*
 * who_velocity.c - z-scores of growth increments, WHO growth velocity
 * standards (2009).  The rules, decided here because WHO's report was not
 * available to say them (../shared/who/velocity/SOURCE.md), and in the
 * README:
 *
 * - The interval: D = age_to - age_from in days.  The nominal interval is
 *   the tabulated k (1, 2, 3, 4 or 6 months) with |D - k month| <= k month
 *   / 8 (a month is 30.4375 days): 1 month is 26.6 to 34.2 days, 2 months
 *   53.3 to 68.5, 3 months 79.9 to 102.7, 4 months 106.5 to 137.0,
 *   6 months 159.8 to 205.5.  Outside those ranges: no z-score (NULL), not
 *   a z-score of the nearest interval.
 * - The row: the end age a = age_to in months rounded half up, with the
 *   interval k; a table without the row (a 1-month weight interval ending
 *   after 12 months, head circumference 2 and 3-month intervals after 12,
 *   anything ending after 24, a start before birth) gives NULL.
 * - The formula: z = (((d + Delta)/M)^L - 1)/(L S), plain LMS everywhere:
 *   WHO's printed -3 and +3 SD columns are the plain LMS curve, so there is
 *   no restricted tail as for attained growth.  z is not rounded.
 * - d + Delta <= 0 (a length or head increment of zero or less, a weight
 *   loss of Delta grams or more): the distribution has no z there: NULL.
 * - A z-score that is not finite (an absurd increment, e.g. 1e300 kg,
 *   overflows the power): NULL, as for attained growth (who_zscore.c).
 */
#include "who_velocity.h"

#include <math.h>
#include <string.h>
#include <strings.h>

bool
who_parse_velocity_indicator(const char *s, unsigned long len, who_velocity_indicator *out)
{
	static const struct
	{
		const char *code;
		who_velocity_indicator ind;
	}			codes[] = {
		{"weight", WHO_VELOCITY_WEIGHT}, {"length", WHO_VELOCITY_LENGTH}, {"headc", WHO_VELOCITY_HEADC},
	};

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
	{
		if (strlen(codes[i].code) == len && strncasecmp(codes[i].code, s, len) == 0)
		{
			*out = codes[i].ind;
			return true;
		}
	}
	return false;
}

const who_velocity_row *
who_velocity_table(who_velocity_indicator ind, int *n)
{
	switch (ind)
	{
		case WHO_VELOCITY_WEIGHT:
			*n = who_velocity_weight_n;
			return who_velocity_weight;
		case WHO_VELOCITY_LENGTH:
			*n = who_velocity_length_n;
			return who_velocity_length;
		default:
			*n = who_velocity_headc_n;
			return who_velocity_headc;
	}
}

const who_velocity_row *
who_velocity_row_for(who_velocity_indicator ind, who_sex sex, double age_from_days, double age_to_days)
{
	static const int intervals[] = {1, 2, 3, 4, 6};
	double		d = age_to_days - age_from_days;
	int			k = 0;
	int			end_month;
	int			n;
	const who_velocity_row *t;

	if (!(d > 0.0) || !(age_from_days >= 0.0) || (sex != WHO_SEX_MALE && sex != WHO_SEX_FEMALE))
		return NULL;
	for (size_t i = 0; i < sizeof(intervals) / sizeof(intervals[0]); i++)
	{
		double		nominal = intervals[i] * WHO_VELOCITY_MONTH_DAYS;

		if (fabs(d - nominal) <= nominal / WHO_VELOCITY_TOLERANCE_DIVISOR)
		{
			k = intervals[i];
			break;
		}
	}
	if (k == 0)
		return NULL;
	end_month = (int) floor(age_to_days / WHO_VELOCITY_MONTH_DAYS + 0.5);
	if (end_month - k < 0)
		return NULL;
	t = who_velocity_table(ind, &n);
	for (int i = 0; i < n; i++)
		if (t[i].sex == (int) sex && t[i].interval == k && t[i].end_month == end_month)
			return &t[i];
	return NULL;
}

bool
who_velocity_z(who_velocity_indicator ind, who_sex sex, double age_from_days, double age_to_days,
			   double value_from, double value_to, double *z)
{
	const who_velocity_row *r = who_velocity_row_for(ind, sex, age_from_days, age_to_days);
	double		d;

	if (r == NULL || isnan(value_from) || isnan(value_to))
		return false;
	d = value_to - value_from;
	if (ind == WHO_VELOCITY_WEIGHT)
		d *= 1000.0;			/* kg to grams */
	d += r->delta;
	if (!(d > 0.0))
		return false;
	*z = (pow(d / r->m, r->l) - 1.0) / (r->l * r->s);
	return isfinite(*z);
}
