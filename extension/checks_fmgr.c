/*
 * checks_fmgr.c - SQL glue for the data-entry checks of data_checks.c:
 * measurement_problems() and problem_message().
 */
#include "postgres.h"

#include "fmgr.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/date.h"

#include "data_checks.h"
#include "fmgr_args.h"

/*
 * Unlike the z-score functions, the check reports a bad sex or measure code
 * as a problem instead of raising an error: finding problems is its job.
 */
PG_FUNCTION_INFO_V1(stunting_measurement_problems);
Datum
stunting_measurement_problems(PG_FUNCTION_ARGS)
{
	data_entry	e;
	unsigned int bits;
	Datum		codes[PROBLEM_N];
	int			n = 0;

	e.sex = WHO_SEX_MISSING;
	e.sex_ok = true;
	if (!PG_ARGISNULL(0))
	{
		text	   *t = PG_GETARG_TEXT_PP(0);

		e.sex_ok = who_parse_sex(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &e.sex);
	}
	e.age_days = NAN;
	e.visit_in_future = false;
	if (!PG_ARGISNULL(2))
	{
		DateADT		visit = PG_GETARG_DATEADT(2);

		e.visit_in_future = visit > GetSQLCurrentDate();
		if (!PG_ARGISNULL(1))
		{
			DateADT		birth = PG_GETARG_DATEADT(1);

			if (!DATE_NOT_FINITE(birth) && !DATE_NOT_FINITE(visit))
				e.age_days = (double) visit - (double) birth;
		}
	}
	e.weight_kg = arg_measurement(fcinfo, 3, "weight_kg");
	e.lenhei_cm = arg_measurement(fcinfo, 4, "lenhei_cm");
	e.measure = WHO_MEASURE_UNKNOWN;
	e.measure_ok = true;
	if (!PG_ARGISNULL(5))
	{
		text	   *t = PG_GETARG_TEXT_PP(5);

		e.measure_ok = who_parse_measure(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &e.measure);
	}
	e.oedema = arg_oedema(fcinfo, 6);

	bits = data_problems(&e);
	for (int p = 0; p < PROBLEM_N; p++)
		if (bits & (1u << p))
			codes[n++] = CStringGetTextDatum(data_problem_code((data_problem) p));
	PG_RETURN_ARRAYTYPE_P(construct_array(codes, n, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(stunting_problem_message);
Datum
stunting_problem_message(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);
	int			p = data_problem_from_code(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));
	pmk_lang	lang = arg_language(PG_GETARG_TEXT_PP(1));

	if (p < 0)
	{
		StringInfoData known;

		initStringInfo(&known);
		for (int i = 0; i < PROBLEM_N; i++)
			appendStringInfo(&known, "%s%s", i ? ", " : "", data_problem_code((data_problem) i));
		report_bad_code("problem code", code, known.data);
	}
	PG_RETURN_TEXT_P(cstring_to_text(data_problem_message((data_problem) p, lang)));
}
