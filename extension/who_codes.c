/*
 * who_codes.c - sex, measure and indicator codes, in English, Bahasa Indonesia and
 * WHO's numeric coding.  Plain C (no postgres.h).
 */
#include <string.h>

#include "who_codes.h"

typedef struct code
{
	const char *text;			/* lower case */
	size_t		len;
	int			value;
} code;

#define CODE(text, value) {text, sizeof(text) - 1, value}

/* The most frequent codes first: this runs once per row. */
static const code sex_codes[] = {
	CODE("l", WHO_SEX_MALE), CODE("p", WHO_SEX_FEMALE),
	CODE("m", WHO_SEX_MALE), CODE("f", WHO_SEX_FEMALE),
	CODE("1", WHO_SEX_MALE), CODE("2", WHO_SEX_FEMALE),
	CODE("male", WHO_SEX_MALE), CODE("female", WHO_SEX_FEMALE),
	CODE("laki-laki", WHO_SEX_MALE), CODE("perempuan", WHO_SEX_FEMALE),
	{NULL, 0, 0}
};

static const code measure_codes[] = {
	CODE("l", WHO_MEASURE_LYING), CODE("h", WHO_MEASURE_STANDING),
	CODE("lying", WHO_MEASURE_LYING), CODE("standing", WHO_MEASURE_STANDING),
	CODE("recumbent", WHO_MEASURE_LYING), CODE("telentang", WHO_MEASURE_LYING),
	CODE("berdiri", WHO_MEASURE_STANDING),
	{NULL, 0, 0}
};

/* Indicators by the names of the zscore_* functions. */
static const code indicator_codes[] = {
	CODE("lhfa", WHO_IND_LHFA), CODE("wfa", WHO_IND_WFA),
	CODE("wflh", WHO_IND_WFLH), CODE("bfa", WHO_IND_BFA),
	CODE("hcfa", WHO_IND_HCFA), CODE("acfa", WHO_IND_ACFA),
	CODE("tsfa", WHO_IND_TSFA), CODE("ssfa", WHO_IND_SSFA),
	{NULL, 0, 0}
};

/* Longer than every code: anything this long is not one. */
#define MAX_CODE_LEN 16

static inline bool
is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		ch == '\v' || ch == '\f';
}

/* ASCII only: a locale must not decide what "I" folds to. */
static inline char
ascii_lower(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') ? (char) (ch - 'A' + 'a') : (char) ch;
}

static bool
lookup(const code *codes, const char *s, size_t len, int *value)
{
	char		lower[MAX_CODE_LEN];

	while (len > 0 && is_space((unsigned char) *s))
	{
		s++;
		len--;
	}
	while (len > 0 && is_space((unsigned char) s[len - 1]))
		len--;
	if (len == 0 || len >= MAX_CODE_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		lower[i] = ascii_lower((unsigned char) s[i]);
	for (const code *c = codes; c->text != NULL; c++)
	{
		/* no memcmp() call for the one-letter codes: this runs per row */
		if (c->len == len && c->text[0] == lower[0] &&
			(len == 1 || memcmp(c->text + 1, lower + 1, len - 1) == 0))
		{
			*value = c->value;
			return true;
		}
	}
	return false;
}

bool
who_match_sex(const char *s, size_t len, who_sex *out)
{
	int			value;

	if (!lookup(sex_codes, s, len, &value))
		return false;
	*out = (who_sex) value;
	return true;
}

bool
who_match_measure(const char *s, size_t len, who_measure *out)
{
	int			value;

	if (!lookup(measure_codes, s, len, &value))
		return false;
	*out = (who_measure) value;
	return true;
}

bool
who_parse_indicator(const char *s, size_t len, who_indicator *out)
{
	int			value;

	if (!lookup(indicator_codes, s, len, &value))
		return false;
	*out = (who_indicator) value;
	return true;
}
