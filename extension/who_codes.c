/*
 * who_codes.c - sex and measure codes, in English, Bahasa Indonesia and
 * WHO's numeric coding.  Plain C (no postgres.h).
 */
#include <string.h>

#include "who_codes.h"

typedef struct code
{
	const char *text;			/* lower case */
	int			value;
} code;

static const code sex_codes[] = {
	{"m", WHO_SEX_MALE}, {"male", WHO_SEX_MALE}, {"1", WHO_SEX_MALE},
	{"l", WHO_SEX_MALE}, {"laki-laki", WHO_SEX_MALE},
	{"f", WHO_SEX_FEMALE}, {"female", WHO_SEX_FEMALE}, {"2", WHO_SEX_FEMALE},
	{"p", WHO_SEX_FEMALE}, {"perempuan", WHO_SEX_FEMALE},
	{NULL, 0}
};

static const code measure_codes[] = {
	{"l", WHO_MEASURE_LYING}, {"lying", WHO_MEASURE_LYING},
	{"recumbent", WHO_MEASURE_LYING}, {"telentang", WHO_MEASURE_LYING},
	{"h", WHO_MEASURE_STANDING}, {"standing", WHO_MEASURE_STANDING},
	{"berdiri", WHO_MEASURE_STANDING},
	{NULL, 0}
};

/* Longer than every code: anything this long is not one. */
#define MAX_CODE_LEN 16

static inline bool
is_space(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		ch == '\v' || ch == '\f';
}

static bool
lookup(const code *codes, const char *s, size_t len, int *value)
{
	char		lower[MAX_CODE_LEN];
	size_t		start = 0;

	while (start < len && is_space((unsigned char) s[start]))
		start++;
	while (len > start && is_space((unsigned char) s[len - 1]))
		len--;
	len -= start;
	if (len == 0 || len >= MAX_CODE_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
	{
		unsigned char ch = (unsigned char) s[start + i];

		/* ASCII only: a locale must not decide what "I" folds to */
		lower[i] = (ch >= 'A' && ch <= 'Z') ? (char) (ch - 'A' + 'a') : (char) ch;
	}
	for (const code *c = codes; c->text != NULL; c++)
	{
		if (strlen(c->text) == len && memcmp(c->text, lower, len) == 0)
		{
			*value = c->value;
			return true;
		}
	}
	return false;
}

bool
who_parse_sex(const char *s, size_t len, who_sex *out)
{
	int			value;

	if (!lookup(sex_codes, s, len, &value))
		return false;
	*out = (who_sex) value;
	return true;
}

bool
who_parse_measure(const char *s, size_t len, who_measure *out)
{
	int			value;

	if (!lookup(measure_codes, s, len, &value))
		return false;
	*out = (who_measure) value;
	return true;
}
