/*
 * lang_tag.c - language tags through ICU, plain C (no postgres.h).
 */
#include <string.h>

#include <unicode/uloc.h>

#include "lang_tag.h"

#define MAX_TAG_LEN 64

int
pmk_parse_language(const char *tag, size_t len)
{
	char		input[MAX_TAG_LEN + 1];
	char		locale[ULOC_FULLNAME_CAPACITY];
	const char *iso3;
	UErrorCode	status = U_ZERO_ERROR;

	if (len == 0 || len > MAX_TAG_LEN || memchr(tag, '\0', len) != NULL)
		return -1;
	memcpy(input, tag, len);
	input[len] = '\0';

	if (memchr(input, '_', len) != NULL)
	{
		/* an ICU/POSIX locale ID such as id_ID or en_GB */
		uloc_canonicalize(input, locale, sizeof(locale), &status);
	}
	else
	{
		/* a BCP 47 tag such as id-ID: all of it must parse */
		int32_t		parsed = 0;

		uloc_forLanguageTag(input, locale, sizeof(locale), &parsed, &status);
		if (U_SUCCESS(status) && parsed != (int32_t) len)
			return -1;
	}
	if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		return -1;

	iso3 = uloc_getISO3Language(locale);
	if (strcmp(iso3, "ind") == 0)
		return PMK_LANG_ID;
	if (strcmp(iso3, "eng") == 0)
		return PMK_LANG_EN;
	return -1;
}
