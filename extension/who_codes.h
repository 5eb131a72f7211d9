/*
 * who_codes.h - the text codes for sex and measure that the SQL functions
 * accept.  Plain C (no postgres.h), so it can be unit-tested and fuzzed on
 * its own.
 */
#ifndef STUNTING_WHO_CODES_H
#define STUNTING_WHO_CODES_H

#include <stdbool.h>
#include <stddef.h>

#include "who_zscore.h"

/* Human-readable lists of the accepted codes, for error hints. */
#define WHO_SEX_CODES \
	"m, male, l, laki-laki, 1 (male); f, female, p, perempuan, 2 (female)"
#define WHO_INDICATOR_CODES "lhfa, wfa, wflh, bfa, hcfa, acfa, tsfa, ssfa"
#define WHO_MEASURE_CODES \
	"l, lying, recumbent, telentang (length); h, standing, berdiri (height)"

/*
 * Parse a code of `len` bytes (not NUL-terminated; any bytes allowed),
 * ignoring surrounding white space and ASCII case.  Return false when the
 * code is not one of the accepted ones.
 */
extern bool who_match_sex(const char *s, size_t len, who_sex *out);
extern bool who_match_measure(const char *s, size_t len, who_measure *out);
extern bool who_parse_indicator(const char *s, size_t len, who_indicator *out);

/*
 * The same as who_match_sex and who_match_measure, with the one-letter codes
 * (what tables hold, once per row) decided here without a call.
 */
static inline bool
who_parse_sex(const char *s, size_t len, who_sex *out)
{
	if (len == 1)
	{
		switch (s[0])
		{
			case 'l': case 'L': case 'm': case 'M': case '1':
				*out = WHO_SEX_MALE;
				return true;
			case 'p': case 'P': case 'f': case 'F': case '2':
				*out = WHO_SEX_FEMALE;
				return true;
		}
	}
	return who_match_sex(s, len, out);
}

static inline bool
who_parse_measure(const char *s, size_t len, who_measure *out)
{
	if (len == 1)
	{
		switch (s[0])
		{
			case 'l': case 'L':
				*out = WHO_MEASURE_LYING;
				return true;
			case 'h': case 'H':
				*out = WHO_MEASURE_STANDING;
				return true;
		}
	}
	return who_match_measure(s, len, out);
}

#endif
