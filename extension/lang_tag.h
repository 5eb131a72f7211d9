/*
 * lang_tag.h - language tags for the status labels, read with ICU.
 * Plain C (no postgres.h).
 */
#ifndef STUNTING_LANG_TAG_H
#define STUNTING_LANG_TAG_H

#include <stddef.h>

#include "permenkes.h"

#define PMK_SUPPORTED_LANGUAGES \
	"id (Bahasa Indonesia: id, id-ID, id_ID, in), en (English: en, en-US, en_GB, ...)"

/*
 * The supported language a BCP 47 tag (id-ID) or ICU locale ID (id_ID) of
 * `len` bytes names, or -1 when it names another language or is malformed.
 * The legacy code "in" is Indonesian: ICU maps both to ISO 639-2 "ind".
 */
extern int	pmk_parse_language(const char *tag, size_t len);

#endif
