/*
 * growth_monitoring_fmgr.c - SQL glue of the posyandu's weight-gain
 * judgement (growth_monitoring.c) and the SKDN labels.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"

#include "fmgr_args.h"
#include "growth_monitoring.h"

static char *
date_text(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

static void
check_weight(double kg, const char *what)
{
	if (isnan(kg) || isinf(kg) || kg <= 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a positive weight in kg, got %g", what, kg)));
}

/* The OIDs of stunting.weight_gain's values, looked up once per call site. */
typedef struct gain_type
{
	Oid			values[GM_GAIN_COUNT];
} gain_type;

static Datum
gain_result(FunctionCallInfo fcinfo, int code)
{
	gain_type  *gt = fcinfo->flinfo->fn_extra;

	if (code == GM_GAIN_NONE)
		PG_RETURN_NULL();
	if (gt == NULL)
	{
		static const char *const names[GM_GAIN_COUNT] = {"N", "T", "O", "B"};
		Oid			typoid = get_func_rettype(fcinfo->flinfo->fn_oid);

		gt = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(gain_type));
		for (int i = 0; i < GM_GAIN_COUNT; i++)
			gt->values[i] = DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(names[i]),
																 ObjectIdGetDatum(typoid)));
		fcinfo->flinfo->fn_extra = gt;
	}
	PG_RETURN_OID(gt->values[code]);
}

/*
 * stunting.weight_gain_status(previous_visit date, previous_weight_kg float8,
 * visit_date date, weight_kg float8, kbm_g integer): N/T/O/B of a weighing
 * against the previous one (NULL previous_visit: B).  NULL when the visit or
 * its weight is missing, or when it follows last month's weighing and no
 * KBM is given.
 */
PG_FUNCTION_INFO_V1(stunting_weight_gain_status);
Datum
stunting_weight_gain_status(PG_FUNCTION_ARGS)
{
	DateADT		visit;
	double		kg;
	int			months = 0;
	long		gain = 0;

	if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	visit = PG_GETARG_DATEADT(2);
	kg = PG_GETARG_FLOAT8(3);
	if (DATE_NOT_FINITE(visit))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("a weighing needs a finite visit date, got %s", date_text(visit))));
	check_weight(kg, "weight_kg");
	if (!PG_ARGISNULL(0))
	{
		DateADT		previous = PG_GETARG_DATEADT(0);
		int			py,
					pm,
					pd,
					vy,
					vm,
					vd;

		if (DATE_NOT_FINITE(previous))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("a weighing needs a finite previous visit date, got %s", date_text(previous))));
		if (PG_ARGISNULL(1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the previous weighing of %s has no weight", date_text(previous))));
		check_weight(PG_GETARG_FLOAT8(1), "previous_weight_kg");
		j2date(previous + POSTGRES_EPOCH_JDATE, &py, &pm, &pd);
		j2date(visit + POSTGRES_EPOCH_JDATE, &vy, &vm, &vd);
		months = gm_months_between(py, pm, vy, vm);
		if (months <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the previous weighing (%s) is not in a month before the visit (%s)",
							date_text(previous), date_text(visit)),
					 errhint("One weighing counts per month: the latest of the month.")));
		gain = gm_gain_grams(PG_GETARG_FLOAT8(1), kg);
	}
	if (months == 1 && !PG_ARGISNULL(4) && PG_GETARG_INT32(4) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a KBM must be a positive number of grams, got %d", PG_GETARG_INT32(4))));
	return gain_result(fcinfo, gm_gain_status(months, gain, PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4),
											  PG_ARGISNULL(4)));
}

/* stunting.weight_gain_g(previous_weight_kg, weight_kg): grams, rounded. */
PG_FUNCTION_INFO_V1(stunting_weight_gain_g);
Datum
stunting_weight_gain_g(PG_FUNCTION_ARGS)
{
	double		previous = PG_GETARG_FLOAT8(0);
	double		kg = PG_GETARG_FLOAT8(1);

	check_weight(previous, "previous_weight_kg");
	check_weight(kg, "weight_kg");
	PG_RETURN_INT32((int32) gm_gain_grams(previous, kg));
}

/*
 * stunting.skdn_age_group(age_months integer): the F1 age group; in C, as
 * the SKDN report calls it for every weighing and every child.
 */
PG_FUNCTION_INFO_V1(stunting_skdn_age_group);
Datum
stunting_skdn_age_group(PG_FUNCTION_ARGS)
{
	const char *g = gm_skdn_age_group(PG_GETARG_INT32(0));

	if (g == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(g));
}

/* stunting.skdn_label(code text, lang text): the wording of an SKDN column. */
PG_FUNCTION_INFO_V1(stunting_skdn_label);
Datum
stunting_skdn_label(PG_FUNCTION_ARGS)
{
	text	   *code_text = PG_GETARG_TEXT_PP(0);
	char	   *code = text_to_cstring(code_text);
	pmk_lang	lang;
	const char *words;

	if (PG_ARGISNULL(1))
	{
		const char *setting = GetConfigOption("stunting.language", true, false);

		lang = arg_language(cstring_to_text(setting ? setting : "id"));
	}
	else
		lang = arg_language(PG_GETARG_TEXT_PP(1));
	words = gm_skdn_label(code, lang == PMK_LANG_EN);
	if (words == NULL)
		report_bad_code("code", code_text, GM_SKDN_CODES);
	PG_RETURN_TEXT_P(cstring_to_text(words));
}
