/*
 * velocity_fmgr.c - SQL glue of the WHO growth velocity z-scores
 * (who_velocity.c).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "fmgr_args.h"
#include "who_velocity.h"

static who_velocity_indicator
arg_velocity_indicator(FunctionCallInfo fcinfo, int argno)
{
	text	   *t = arg_text(fcinfo, argno);
	who_velocity_indicator ind;

	if (!who_parse_velocity_indicator(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ind))
		report_bad_code("indicator", t, WHO_VELOCITY_INDICATOR_CODES);
	return ind;
}

/*
 * An age in days, named in the error: finite and not negative (as
 * fmgr_args.h's arg_age, which says "age_days" whichever argument it is).
 */
static double
arg_velocity_age(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	double		x;

	if (PG_ARGISNULL(argno))
		return NAN;
	x = PG_GETARG_FLOAT8(argno);
	if (unlikely(!isfinite(x) || x < 0.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for %s: %s", argname, float8out_internal(x)),
				 errdetail("Age must be a finite number of days, zero or more.")));
	return x;
}

/* The second age after the first, when both are present. */
static void
check_ages(double from, double to)
{
	if (!isnan(from) && !isnan(to) && !(to > from))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("age_to_days (%s) must be greater than age_from_days (%s)",
						float8out_internal(to), float8out_internal(from))));
}

/*
 * stunting.velocity_z(indicator, sex, age_from_days, age_to_days,
 * value_from, value_to): NULL when an argument is NULL, no tabulated
 * interval fits, or the increment has no z-score.  As in zscore_fmgr.c,
 * every argument that is present is checked whatever the others are, so
 * bad input is an error even in rows whose result would be NULL anyway.
 */
PG_FUNCTION_INFO_V1(stunting_velocity_z);
Datum
stunting_velocity_z(PG_FUNCTION_ARGS)
{
	who_velocity_indicator ind = WHO_VELOCITY_WEIGHT;
	who_sex		sex;
	double		from,
				to,
				v0,
				v1,
				z;

	if (!PG_ARGISNULL(0))
		ind = arg_velocity_indicator(fcinfo, 0);
	sex = arg_sex(fcinfo, 1);
	from = arg_velocity_age(fcinfo, 2, "age_from_days");
	to = arg_velocity_age(fcinfo, 3, "age_to_days");
	v0 = arg_measurement(fcinfo, 4, "value_from");
	v1 = arg_measurement(fcinfo, 5, "value_to");
	check_ages(from, to);
	if (PG_ARGISNULL(0) || sex == WHO_SEX_MISSING || isnan(from) || isnan(to) ||
		isnan(v0) || isnan(v1))
		PG_RETURN_NULL();
	if (!who_velocity_z(ind, sex, from, to, v0, v1, &z))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(z);
}

/* stunting.velocity_interval(indicator, age_from_days, age_to_days) */
PG_FUNCTION_INFO_V1(stunting_velocity_interval);
Datum
stunting_velocity_interval(PG_FUNCTION_ARGS)
{
	who_velocity_indicator ind = arg_velocity_indicator(fcinfo, 0);
	double		from = arg_velocity_age(fcinfo, 1, "age_from_days");
	double		to = arg_velocity_age(fcinfo, 2, "age_to_days");
	const who_velocity_row *r;
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {true, true};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "velocity_interval: return type must be a row type");
	check_ages(from, to);
	/* both sexes have the same rows (tools/gen_velocity_tables.py checks it) */
	r = who_velocity_row_for(ind, WHO_SEX_MALE, from, to);
	if (r != NULL)
	{
		values[0] = Int32GetDatum(r->interval);
		values[1] = Int32GetDatum(r->end_month);
		nulls[0] = nulls[1] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/* stunting.velocity_reference(indicator, sex): the table, in WHO's units. */
PG_FUNCTION_INFO_V1(stunting_velocity_reference);
Datum
stunting_velocity_reference(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	who_velocity_indicator ind = arg_velocity_indicator(fcinfo, 0);
	who_sex		sex = arg_sex(fcinfo, 1);
	const who_velocity_row *t;
	int			n;

	InitMaterializedSRF(fcinfo, 0);
	t = who_velocity_table(ind, &n);
	for (int i = 0; i < n; i++)
	{
		Datum		values[13];
		bool		nulls[13] = {0};

		CHECK_FOR_INTERRUPTS();
		if (t[i].sex != (int) sex)
			continue;
		values[0] = Int32GetDatum(t[i].interval);
		values[1] = Int32GetDatum(t[i].end_month);
		values[2] = Float8GetDatum(t[i].l);
		values[3] = Float8GetDatum(t[i].m);
		values[4] = Float8GetDatum(t[i].s);
		values[5] = Float8GetDatum(t[i].delta);
		for (int j = 0; j < 7; j++)
			values[6 + j] = Float8GetDatum(t[i].sd[j]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
