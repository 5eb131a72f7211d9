/*
 * zscore_fmgr.c - SQL-callable z-score functions: argument checking and
 * conversion around the plain-C math in who_zscore.c.
 *
 * NULL handling: a NULL sex, age or measurement gives NULL (WHO's NA); a
 * NULL measure means "unknown"; a NULL oedema means "no".  Every argument
 * that is present is checked, whatever the others are, so bad input is an
 * error even in rows where the result would be NULL anyway.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "utils/builtins.h"

#include "fmgr_args.h"
#include "stunting.h"

static inline Datum
zscore_result(FunctionCallInfo fcinfo, double z)
{
	if (isnan(z))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(z);
}

PG_FUNCTION_INFO_V1(stunting_zscore_lhfa);
Datum
stunting_zscore_lhfa(PG_FUNCTION_ARGS)
{
	who_sex		sex = arg_sex(fcinfo, 0);
	double		age = arg_age(fcinfo, 1);
	double		lenhei = arg_measurement(fcinfo, 2, "lenhei_cm");
	who_measure measure = arg_measure(fcinfo, 3);

	return zscore_result(fcinfo, who_zscore_lhfa(sex, age, lenhei, measure));
}

PG_FUNCTION_INFO_V1(stunting_zscore_wfa);
Datum
stunting_zscore_wfa(PG_FUNCTION_ARGS)
{
	who_sex		sex = arg_sex(fcinfo, 0);
	double		age = arg_age(fcinfo, 1);
	double		weight = arg_measurement(fcinfo, 2, "weight_kg");
	bool		oedema = arg_oedema(fcinfo, 3);

	return zscore_result(fcinfo, who_zscore_wfa(sex, age, weight, oedema));
}

PG_FUNCTION_INFO_V1(stunting_zscore_wflh);
Datum
stunting_zscore_wflh(PG_FUNCTION_ARGS)
{
	who_sex		sex = arg_sex(fcinfo, 0);
	double		weight = arg_measurement(fcinfo, 1, "weight_kg");
	double		lenhei = arg_measurement(fcinfo, 2, "lenhei_cm");
	who_measure measure = arg_measure(fcinfo, 3);
	double		age = arg_age(fcinfo, 4);
	bool		oedema = arg_oedema(fcinfo, 5);

	return zscore_result(fcinfo,
						 who_zscore_wflh(sex, weight, lenhei, measure, age, oedema));
}

PG_FUNCTION_INFO_V1(stunting_zscore_bfa);
Datum
stunting_zscore_bfa(PG_FUNCTION_ARGS)
{
	who_sex		sex = arg_sex(fcinfo, 0);
	double		age = arg_age(fcinfo, 1);
	double		weight = arg_measurement(fcinfo, 2, "weight_kg");
	double		lenhei = arg_measurement(fcinfo, 3, "lenhei_cm");
	who_measure measure = arg_measure(fcinfo, 4);
	bool		oedema = arg_oedema(fcinfo, 5);

	return zscore_result(fcinfo,
						 who_zscore_bfa(sex, age, weight, lenhei, measure, oedema));
}

/* The four (sex, age, measurement) indicators are declared STRICT. */
#define AGE_BASED_ZSCORE(sqlname, argname, fn) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	who_sex		sex = arg_sex(fcinfo, 0); \
	double		age = arg_age(fcinfo, 1); \
	double		y = arg_measurement(fcinfo, 2, argname); \
	return zscore_result(fcinfo, fn(sex, age, y)); \
}

AGE_BASED_ZSCORE(stunting_zscore_hcfa, "headc_cm", who_zscore_hcfa)
AGE_BASED_ZSCORE(stunting_zscore_acfa, "armc_cm", who_zscore_acfa)
AGE_BASED_ZSCORE(stunting_zscore_tsfa, "triskin_mm", who_zscore_tsfa)
AGE_BASED_ZSCORE(stunting_zscore_ssfa, "subskin_mm", who_zscore_ssfa)

/* Per-call-site cache: the blessed row type and the two measure texts. */
typedef struct zscores_cache
{
	TupleDesc	tupdesc;
	Datum		measure_l;
	Datum		measure_h;
} zscores_cache;

static zscores_cache *
get_zscores_cache(FunctionCallInfo fcinfo)
{
	zscores_cache *cache = fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	tupdesc;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("function returning record called in context "
							"that cannot accept type record")));
		if (tupdesc->natts != ZSCORES_NATTS)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("type stunting.zscores has %d attributes, expected %d",
							tupdesc->natts, ZSCORES_NATTS),
					 errhint("The extension's SQL objects and its library are "
							 "of different versions; run ALTER EXTENSION "
							 "stunting UPDATE.")));
		cache = palloc(sizeof(zscores_cache));
		/* get_call_result_type made the copy, in fn_mcxt */
		cache->tupdesc = BlessTupleDesc(tupdesc);
		cache->measure_l = PointerGetDatum(cstring_to_text("l"));
		cache->measure_h = PointerGetDatum(cstring_to_text("h"));
		fcinfo->flinfo->fn_extra = cache;
		MemoryContextSwitchTo(old);
	}
	return cache;
}

static inline void
set_float(Datum *values, bool *nulls, int col, double x)
{
	nulls[col] = isnan(x);
	values[col] = nulls[col] ? (Datum) 0 : Float8GetDatum(x);
}

static inline void
set_flag(Datum *values, bool *nulls, int col, who_flag f)
{
	nulls[col] = (f == WHO_FLAG_MISSING);
	values[col] = BoolGetDatum(f == WHO_FLAG_YES);
}

PG_FUNCTION_INFO_V1(stunting_anthro_zscores);
Datum
stunting_anthro_zscores(PG_FUNCTION_ARGS)
{
	zscores_cache *cache = get_zscores_cache(fcinfo);
	who_input	in;
	who_zscores z;
	Datum		values[ZSCORES_NATTS];
	bool		nulls[ZSCORES_NATTS];

	in.sex = arg_sex(fcinfo, 0);
	in.age_days = arg_age(fcinfo, 1);
	in.weight_kg = arg_measurement(fcinfo, 2, "weight_kg");
	in.lenhei_cm = arg_measurement(fcinfo, 3, "lenhei_cm");
	in.measure = arg_measure(fcinfo, 4);
	in.oedema = arg_oedema(fcinfo, 5);
	in.headc_cm = arg_measurement(fcinfo, 6, "headc_cm");
	in.armc_cm = arg_measurement(fcinfo, 7, "armc_cm");
	in.triskin_mm = arg_measurement(fcinfo, 8, "triskin_mm");
	in.subskin_mm = arg_measurement(fcinfo, 9, "subskin_mm");

	who_anthro_zscores(&in, &z);

	set_float(values, nulls, COL_CLENHEI, z.clenhei);
	nulls[COL_CMEASURE] = (z.cmeasure == WHO_MEASURE_UNKNOWN);
	values[COL_CMEASURE] = z.cmeasure == WHO_MEASURE_LYING ? cache->measure_l
		: cache->measure_h;
	nulls[COL_C9MO_FLAG] = false;
	values[COL_C9MO_FLAG] = BoolGetDatum(z.c9mo_flag);
	set_float(values, nulls, COL_CBMI, z.cbmi);
	nulls[COL_CSEX] = (z.csex == WHO_SEX_MISSING);
	values[COL_CSEX] = Int16GetDatum((int16) z.csex);
	set_float(values, nulls, COL_ZLEN, z.zlen);
	set_flag(values, nulls, COL_FLEN, z.flen);
	set_float(values, nulls, COL_ZWEI, z.zwei);
	set_flag(values, nulls, COL_FWEI, z.fwei);
	set_float(values, nulls, COL_ZWFL, z.zwfl);
	set_flag(values, nulls, COL_FWFL, z.fwfl);
	set_float(values, nulls, COL_ZBMI, z.zbmi);
	set_flag(values, nulls, COL_FBMI, z.fbmi);
	set_float(values, nulls, COL_ZHC, z.zhc);
	set_flag(values, nulls, COL_FHC, z.fhc);
	set_float(values, nulls, COL_ZAC, z.zac);
	set_flag(values, nulls, COL_FAC, z.fac);
	set_float(values, nulls, COL_ZTS, z.zts);
	set_flag(values, nulls, COL_FTS, z.fts);
	set_float(values, nulls, COL_ZSS, z.zss);
	set_flag(values, nulls, COL_FSS, z.fss);
	set_float(values, nulls, COL_AGE_DAYS, in.age_days);
	set_float(values, nulls, COL_WEIGHT, in.weight_kg);
	set_float(values, nulls, COL_LENHEI, in.lenhei_cm);
	nulls[COL_OEDEMA] = false;
	values[COL_OEDEMA] = BoolGetDatum(in.oedema);

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->tupdesc,
													  values, nulls)));
}

/*
 * value_at_zscore(indicator, sex, age_days, z, lenhei_cm, measure): the
 * measurement whose z-score is z.  Not STRICT: lenhei_cm and measure are
 * only needed for wflh (and measure for the ±0.7 cm rule of lhfa).
 */
PG_FUNCTION_INFO_V1(stunting_value_at_zscore);
Datum
stunting_value_at_zscore(PG_FUNCTION_ARGS)
{
	who_indicator ind = WHO_IND_LHFA;
	who_sex		sex = arg_sex(fcinfo, 1);
	double		age = arg_age(fcinfo, 2);
	double		z = arg_measurement(fcinfo, 3, "z");
	double		lenhei = arg_measurement(fcinfo, 4, "lenhei_cm");
	who_measure measure = arg_measure(fcinfo, 5);

	if (!PG_ARGISNULL(0))
	{
		text	   *t = arg_text(fcinfo, 0);

		if (!who_parse_indicator(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ind))
			report_bad_code("indicator", t, WHO_INDICATOR_CODES);
	}
	if (PG_ARGISNULL(0) || sex == WHO_SEX_MISSING || isnan(z))
		PG_RETURN_NULL();
	return zscore_result(fcinfo,
						 who_value_at_z(ind, sex, age, lenhei, measure, z));
}
