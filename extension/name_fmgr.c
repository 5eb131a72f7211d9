/*
 * name_fmgr.c - SQL glue for name_normalize.c: stunting.normalize_name.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "name_normalize.h"

#include <unicode/utypes.h>

/*
 * The interrupt hook of name_normalize.c: stop when a cancel, a timeout or
 * a terminate is pending and could be served now.  The plain C then frees
 * what it allocated and returns NAME_CANCELLED; CHECK_FOR_INTERRUPTS()
 * below raises the error (57014, 57P01).
 */
static int
interrupt_pending(void)
{
	return INTERRUPTS_PENDING_CONDITION() && INTERRUPTS_CAN_BE_PROCESSED();
}

/*
 * The length of a name in characters of the database encoding, refused
 * above NAME_MAX_CHARS (22023; the name itself is not shown).  Counting a
 * long value polls for interrupts.
 */
static void
check_name_length(const char *src, int len)
{
	int64		chars = 0;
	const char *p = src;
	const char *end = src + len;

	if (len <= NAME_MAX_CHARS)
		return;					/* a character is at least one byte */
	while (p < end)
	{
		p += pg_mblen(p);
		if ((++chars & 0xFFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (chars > NAME_MAX_CHARS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("normalize_name: a name of %lld characters is longer than the limit of %d characters",
						(long long) chars, NAME_MAX_CHARS),
				 errhint("Names of areas are much shorter (the longest desa/kelurahan name has 44 characters).")));
}

static Datum
normalized(FunctionCallInfo fcinfo, int modern_spelling)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			len = VARSIZE_ANY_EXHDR(t);
	char	   *src = VARDATA_ANY(t);
	char	   *utf8;
	size_t		utf8_len;
	size_t		cap;

	check_name_length(src, len);

	/*
	 * ICU wants UTF-8, whatever the database encoding.  In a UTF-8 database
	 * the text itself comes back, not NUL-terminated: keep its length.
	 */
	utf8 = pg_server_to_any(src, len, PG_UTF8);
	utf8_len = utf8 == src ? (size_t) len : strlen(utf8);
	cap = 4 * utf8_len + 64;
	name_set_interrupt_hook(interrupt_pending);

	for (;;)
	{
		char	   *out = palloc(cap);
		UErrorCode	status = U_ZERO_ERROR;
		int			n = modern_spelling
			? name_normalize(utf8, utf8_len, out, cap, &status)
			: name_normalize_literal(utf8, utf8_len, out, cap, &status);

		if (n >= 0)
			PG_RETURN_TEXT_P(cstring_to_text_with_len(out, n));
		pfree(out);
		if (n == NAME_CANCELLED)
		{
			/* raises the error; another kind of interrupt: start again */
			CHECK_FOR_INTERRUPTS();
			continue;
		}
		if (status == U_INPUT_TOO_LONG_ERROR)	/* more code points than characters */
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("normalize_name: a name of %zu bytes of UTF-8 is longer than the limit of %d characters",
							utf8_len, NAME_MAX_CHARS)));
		if (status != U_BUFFER_OVERFLOW_ERROR || cap > MaxAllocSize / 4)
			ereport(ERROR,
					(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
					 errmsg("normalize_name: ICU error %s", u_errorName(status))));
		cap *= 2;
	}
}

PG_FUNCTION_INFO_V1(stunting_normalize_name);
Datum
stunting_normalize_name(PG_FUNCTION_ARGS)
{
	return normalized(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(stunting_normalize_name_literal);
Datum
stunting_normalize_name_literal(PG_FUNCTION_ARGS)
{
	return normalized(fcinfo, 0);
}

/* name_distance(a, b): optimal string alignment distance on bytes */
PG_FUNCTION_INFO_V1(stunting_name_distance);
Datum
stunting_name_distance(PG_FUNCTION_ARGS)
{
	text	   *a = PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1);
	int			la = VARSIZE_ANY_EXHDR(a);
	int			lb = VARSIZE_ANY_EXHDR(b);
	int			d;

	if (la > 1000 || lb > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name_distance: names longer than 1000 bytes are not compared (%d and %d)", la, lb)));
	d = name_distance(VARDATA_ANY(a), la, VARDATA_ANY(b), lb);
	if (d < 0)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	PG_RETURN_INT32(d);
}

/* name_deletions(key) -> text[]: the key and its one-letter deletions */
PG_FUNCTION_INFO_V1(stunting_name_deletions);
Datum
stunting_name_deletions(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	size_t		cap = len * (len + 1) + 1;
	char	   *buf;
	size_t		count;
	size_t		used;
	Datum	   *items;
	const char *p;

	if (len > NAME_DELETIONS_MAX_LEN)
		cap = len + 1;
	buf = palloc(cap);
	used = name_deletions(VARDATA_ANY(t), len, buf, cap, &count);
	if (used == 0)
		elog(ERROR, "name_deletions: buffer too small");
	items = palloc(sizeof(Datum) * count);
	p = buf;
	for (size_t k = 0; k < count; k++)
	{
		items[k] = CStringGetTextDatum(p);
		p += strlen(p) + 1;
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(items, (int) count, TEXTOID, -1, false, TYPALIGN_INT));
}
