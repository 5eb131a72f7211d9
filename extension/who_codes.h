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
extern bool who_parse_sex(const char *s, size_t len, who_sex *out);
extern bool who_parse_measure(const char *s, size_t len, who_measure *out);
extern bool who_parse_indicator(const char *s, size_t len, who_indicator *out);

#endif
