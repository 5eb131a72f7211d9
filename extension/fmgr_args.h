/*
 * fmgr_args.h - reading and checking the arguments the SQL functions share
 * (sex, measure, age, measurements).  Static inline: they run once per row.
 */
#ifndef STUNTING_FMGR_ARGS_H
#define STUNTING_FMGR_ARGS_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "lang_tag.h"
#include "who_codes.h"
#include "who_zscore.h"

/* Longest input echoed back in an error message. */
#define MAX_ECHO_BYTES 64

static pg_noinline pg_attribute_unused() void
report_bad_code(const char *argname, text *value, const char *accepted)
{
	const char *s = VARDATA_ANY(value);
	int			len = VARSIZE_ANY_EXHDR(value);
	int			clip = pg_mbcliplen(s, len, MAX_ECHO_BYTES);

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for %s: \"%.*s%s\"",
					argname, clip, s, clip < len ? "..." : ""),
			 errhint("Accepted: %s.", accepted)));
}

/*
 * A text argument, detoasted only when it has to be: the codes are short
 * values stored inline, and PG_GETARG_TEXT_PP would make a call per row.
 */
static inline text *
arg_text(FunctionCallInfo fcinfo, int argno)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(argno));

	if (unlikely(VARATT_IS_COMPRESSED(v) || VARATT_IS_EXTERNAL(v)))
		v = pg_detoast_datum_packed(v);
	return (text *) v;
}

static inline who_sex
arg_sex(FunctionCallInfo fcinfo, int argno)
{
	text	   *t;
	who_sex		sex;

	if (PG_ARGISNULL(argno))
		return WHO_SEX_MISSING;
	t = arg_text(fcinfo, argno);
	if (!who_parse_sex(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &sex))
		report_bad_code("sex", t, WHO_SEX_CODES " (trimmed, any case)");
	return sex;
}

static inline who_measure
arg_measure(FunctionCallInfo fcinfo, int argno)
{
	text	   *t;
	who_measure measure;

	if (PG_ARGISNULL(argno))
		return WHO_MEASURE_UNKNOWN;
	t = arg_text(fcinfo, argno);
	if (!who_parse_measure(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &measure))
		report_bad_code("measure", t, WHO_MEASURE_CODES " (trimmed, any case)");
	return measure;
}

/* A measurement or z-score: NULL is missing (NaN); NaN and infinities are errors. */
static inline double
arg_measurement(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	double		x;

	if (PG_ARGISNULL(argno))
		return NAN;
	x = PG_GETARG_FLOAT8(argno);
	if (unlikely(!isfinite(x)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for %s: %s", argname,
						float8out_internal(x)),
				 errdetail("The value must be a finite number.")));
	return x;
}

/* An age in days: also never negative. */
static inline double
arg_age(FunctionCallInfo fcinfo, int argno)
{
	double		x;

	if (PG_ARGISNULL(argno))
		return NAN;
	x = PG_GETARG_FLOAT8(argno);
	if (unlikely(!isfinite(x) || x < 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for age_days: %s", float8out_internal(x)),
				 errdetail("Age must be a finite number of days, zero or more.")));
	return x;
}

static inline bool
arg_oedema(FunctionCallInfo fcinfo, int argno)
{
	return !PG_ARGISNULL(argno) && PG_GETARG_BOOL(argno);
}

/* A language argument: ERROR 22023 unless it names a supported language. */
static inline pmk_lang
arg_language(text *tag)
{
	int			lang = pmk_parse_language(VARDATA_ANY(tag), VARSIZE_ANY_EXHDR(tag));

	if (lang < 0)
	{
		int			len = VARSIZE_ANY_EXHDR(tag);
		int			clip = pg_mbcliplen(VARDATA_ANY(tag), len, MAX_ECHO_BYTES);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unsupported or malformed language tag: \"%.*s%s\" (supported: id, en)",
						clip, VARDATA_ANY(tag), clip < len ? "..." : ""),
				 errhint("Supported languages: %s.", PMK_SUPPORTED_LANGUAGES)));
	}
	return (pmk_lang) lang;
}

#endif
