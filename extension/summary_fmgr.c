/*
 * summary_fmgr.c - SQL glue for stunting.growth_summary: the type's text and
 * binary I/O, the summarize / merge aggregates (state updated in place), the
 * + operator, and the estimates.  The arithmetic is in growth_summary.c,
 * summary_format.c and survey_quality.c.
 *
 * On disk a summary is a varlena: a format-version byte, then the
 * growth_summary struct.  The binary wire form is the version byte and then
 * every field of summary_format.c's list in network order: no OIDs, so it
 * moves between servers (COPY BINARY, Citus).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/typcache.h"

#include "fmgr_args.h"
#include "growth_summary.h"
#include "stunting.h"
#include "summary_format.h"
#include "survey_quality.h"

typedef struct GrowthSummaryDatum
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* GS_FORMAT_VERSION */
	growth_summary s;			/* aligned as double */
} GrowthSummaryDatum;

#define GS_DATUM_SIZE sizeof(GrowthSummaryDatum)

static GrowthSummaryDatum *
new_summary(void)
{
	GrowthSummaryDatum *d = palloc0(GS_DATUM_SIZE);

	SET_VARSIZE(d, GS_DATUM_SIZE);
	d->version = GS_FORMAT_VERSION;
	return d;
}

/* A summary argument, detoasted; a stored value of another version is an error. */
static GrowthSummaryDatum *
arg_summary(FunctionCallInfo fcinfo, int argno)
{
	GrowthSummaryDatum *d = (GrowthSummaryDatum *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (VARSIZE(d) != GS_DATUM_SIZE || d->version != GS_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("growth_summary value of format version %d and %zu bytes "
						"is not readable by this library (version %d, %zu bytes)",
						(int) d->version, (size_t) VARSIZE(d), GS_FORMAT_VERSION,
						GS_DATUM_SIZE)));
	return d;
}

/* ---------------------------------------------------------------- I/O */

PG_FUNCTION_INFO_V1(stunting_growth_summary_in);
Datum
stunting_growth_summary_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	GrowthSummaryDatum *d = new_summary();
	const char *err = gs_parse(text, &d->s);

	if (err != NULL)
	{
		int			len = strlen(text);
		int			clip = pg_mbcliplen(text, len, MAX_ECHO_BYTES);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type growth_summary: \"%.*s%s\"",
						clip, text, clip < len ? "..." : ""),
				 errdetail("%s.", err)));
	}
	PG_RETURN_POINTER(d);
}

PG_FUNCTION_INFO_V1(stunting_growth_summary_out);
Datum
stunting_growth_summary_out(PG_FUNCTION_ARGS)
{
	GrowthSummaryDatum *d = arg_summary(fcinfo, 0);
	char	   *buf = palloc(GS_TEXT_MAX);
	size_t		len = gs_format(&d->s, buf, GS_TEXT_MAX);

	if (len >= GS_TEXT_MAX)
		elog(ERROR, "growth_summary text form longer than %d bytes", GS_TEXT_MAX);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(stunting_growth_summary_send);
Datum
stunting_growth_summary_send(PG_FUNCTION_ARGS)
{
	GrowthSummaryDatum *d = arg_summary(fcinfo, 0);
	const char *base = (const char *) &d->s;
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, GS_FORMAT_VERSION);
	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		const char *p = base + field->offset;

		if (field->kinds[0] == 'b')
			pq_sendbyte(&buf, *(const bool *) p ? 1 : 0);
		else if (field->kinds[0] == 'h')
			for (int k = 0; k <= GS_MAX_MONTH; k++)
				pq_sendint64(&buf, ((const int64_t *) p)[k]);
		else
			for (int k = 0; field->kinds[k]; k++, p += 8)
			{
				if (field->kinds[k] == 'i')
					pq_sendint64(&buf, *(const int64_t *) p);
				else
					pq_sendfloat8(&buf, *(const double *) p);
			}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(stunting_growth_summary_recv);
Datum
stunting_growth_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	GrowthSummaryDatum *d = new_summary();
	char	   *base = (char *) &d->s;
	int			version = pq_getmsgbyte(buf);
	const char *err;

	if (version != GS_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported growth_summary binary format version %d", version),
				 errhint("This release reads version %d.", GS_FORMAT_VERSION)));
	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		char	   *p = base + field->offset;

		if (field->kinds[0] == 'b')
		{
			int			b = pq_getmsgbyte(buf);

			if (b != 0 && b != 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
						 errmsg("invalid boolean %d in growth_summary field \"%s\"",
								b, field->name)));
			*(bool *) p = (b == 1);
		}
		else if (field->kinds[0] == 'h')
			for (int k = 0; k <= GS_MAX_MONTH; k++)
				((int64_t *) p)[k] = pq_getmsgint64(buf);
		else
			for (int k = 0; field->kinds[k]; k++, p += 8)
			{
				if (field->kinds[k] == 'i')
					*(int64_t *) p = pq_getmsgint64(buf);
				else
					*(double *) p = pq_getmsgfloat8(buf);
			}
	}
	if (buf->cursor != buf->len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("%d bytes left over after a binary growth_summary",
						buf->len - buf->cursor)));
	/*
	 * The text input's own validator, with its SQLSTATE and detail: what one
	 * input refuses, the other refuses alike.  (The checks above are of the
	 * wire format itself, as the text input's syntax errors are of its text.)
	 */
	if ((err = gs_check(&d->s)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid binary input for type growth_summary"),
				 errdetail("%s.", err)));
	PG_RETURN_POINTER(d);
}

/* ---------------------------------------------------------- aggregates */

/*
 * gs_add or gs_merge refused: the result would not be a summary its own
 * input reads back.  Names the value, never a row's data.
 */
static pg_noinline void
report_out_of_range(const char *what, gs_status status, size_t where)
{
	char		name[64];

	gs_value_name(where, name, sizeof(name));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("growth_summary %s out of range: \"%s\" %s",
					what, name, gs_status_message(status))));
}

/* Attribute numbers of the zscores columns the summary reads. */
typedef struct zscores_reader
{
	Oid			typid;
	TupleDesc	tupdesc;
} zscores_reader;

static TupleDesc
zscores_tupdesc(FunctionCallInfo fcinfo, HeapTupleHeader row)
{
	zscores_reader *r = fcinfo->flinfo->fn_extra;
	Oid			typid = HeapTupleHeaderGetTypeId(row);
	int32		typmod = HeapTupleHeaderGetTypMod(row);

	if (r == NULL || r->typid != typid)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	td = lookup_rowtype_tupdesc_copy(typid, typmod);

		if (td->natts != ZSCORES_NATTS)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("type stunting.zscores has %d attributes, expected %d",
							td->natts, ZSCORES_NATTS),
					 errhint("The extension's SQL objects and its library are "
							 "of different versions; run ALTER EXTENSION "
							 "stunting UPDATE.")));
		if (r == NULL)
			r = palloc(sizeof(zscores_reader));
		r->typid = typid;
		r->tupdesc = td;
		fcinfo->flinfo->fn_extra = r;
		MemoryContextSwitchTo(old);
	}
	return r->tupdesc;
}

static pg_noinline void
report_bad_zscores(const char *column, double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid zscores value: %s = %g", column, value),
			 errhint("Summarize the output of stunting.anthro_zscores.")));
}

static inline double
zscores_float(const Datum *values, const bool *nulls, int col, const char *name,
			  bool must_be_finite)
{
	double		x;

	if (nulls[col])
		return NAN;
	x = DatumGetFloat8(values[col]);
	if (must_be_finite && !isfinite(x))
		report_bad_zscores(name, x);
	return x;
}

static inline who_flag
zscores_flag(const Datum *values, const bool *nulls, int col)
{
	if (nulls[col])
		return WHO_FLAG_MISSING;
	return DatumGetBool(values[col]) ? WHO_FLAG_YES : WHO_FLAG_NO;
}

/* Reads one zscores row (argument 1) into a gs_row. */
static void
read_zscores(FunctionCallInfo fcinfo, gs_row *row)
{
	HeapTupleHeader th = PG_GETARG_HEAPTUPLEHEADER(1);
	TupleDesc	td = zscores_tupdesc(fcinfo, th);
	HeapTupleData tuple;
	Datum		values[ZSCORES_NATTS];
	bool		nulls[ZSCORES_NATTS];

	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, td, values, nulls);

	if (nulls[COL_CSEX])
		row->sex = WHO_SEX_MISSING;
	else
	{
		int			sex = DatumGetInt16(values[COL_CSEX]);

		if (sex != WHO_SEX_MALE && sex != WHO_SEX_FEMALE)
			report_bad_zscores("csex", sex);
		row->sex = (who_sex) sex;
	}
	row->age_days = zscores_float(values, nulls, COL_AGE_DAYS, "age_days", true);
	if (row->age_days < 0.0)
		report_bad_zscores("age_days", row->age_days);
	row->weight_kg = zscores_float(values, nulls, COL_WEIGHT, "weight", false);
	row->lenhei_cm = zscores_float(values, nulls, COL_LENHEI, "lenhei", false);
	row->oedema = !nulls[COL_OEDEMA] && DatumGetBool(values[COL_OEDEMA]);
	row->z[GS_HA] = zscores_float(values, nulls, COL_ZLEN, "zlen", true);
	row->z[GS_WA] = zscores_float(values, nulls, COL_ZWEI, "zwei", true);
	row->z[GS_BMI] = zscores_float(values, nulls, COL_ZBMI, "zbmi", true);
	row->z[GS_WH] = zscores_float(values, nulls, COL_ZWFL, "zwfl", true);
	row->flag[GS_HA] = zscores_flag(values, nulls, COL_FLEN);
	row->flag[GS_WA] = zscores_flag(values, nulls, COL_FWEI);
	row->flag[GS_BMI] = zscores_flag(values, nulls, COL_FBMI);
	row->flag[GS_WH] = zscores_flag(values, nulls, COL_FWFL);
}

/*
 * The state to update: in place inside an aggregate (the state belongs to
 * the aggregate, as in PostgreSQL's float8_accum), a fresh copy otherwise.
 */
static GrowthSummaryDatum *
state_for_update(FunctionCallInfo fcinfo)
{
	GrowthSummaryDatum *state = arg_summary(fcinfo, 0);

	if (AggCheckCallContext(fcinfo, NULL))
		return state;
	if ((Pointer) state == DatumGetPointer(PG_GETARG_DATUM(0)))
	{
		GrowthSummaryDatum *copy = palloc(GS_DATUM_SIZE);

		memcpy(copy, state, GS_DATUM_SIZE);
		state = copy;
	}
	return state;
}

/*
 * summarize(z), summarize(z, weight), summarize(z, weight, in_domain):
 * the transition function of all three.  Not strict: a NULL weight counts
 * as 0 (as WHO does), a NULL row is skipped, a NULL in_domain is "not in
 * the domain" (as a WHERE clause would treat it).
 */
#define MIN_WEIGHT 1e-100
#define MAX_WEIGHT 1e100

PG_FUNCTION_INFO_V1(stunting_growth_summary_accum);
Datum
stunting_growth_summary_accum(PG_FUNCTION_ARGS)
{
	GrowthSummaryDatum *state;
	gs_row		row;
	gs_status	status;
	size_t		where;

	/* the aggregates start from INITCOND; only a direct call can pass NULL */
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("growth_summary_accum: the summary to add to must not be NULL"),
				 errhint("Start from an empty summary: stunting.summarize(z) over no rows.")));
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));

	row.sampling_weight = 1.0;
	if (PG_NARGS() >= 3)
	{
		if (PG_ARGISNULL(2))
			row.sampling_weight = 0.0;
		else
		{
			row.sampling_weight = PG_GETARG_FLOAT8(2);
			/* the summary keeps sums of squared weights: keep w^2 finite and non-zero */
			if (!(row.sampling_weight == 0.0 ||
				  (row.sampling_weight >= MIN_WEIGHT && row.sampling_weight <= MAX_WEIGHT)))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("invalid sampling weight: %g", row.sampling_weight),
						 errhint("A weight is 0 or between %g and %g; NULL counts as 0.",
								 MIN_WEIGHT, MAX_WEIGHT)));
		}
	}
	row.in_domain = PG_NARGS() < 4 || (!PG_ARGISNULL(3) && PG_GETARG_BOOL(3));
	read_zscores(fcinfo, &row);

	state = state_for_update(fcinfo);
	if ((status = gs_add(&state->s, &row, &where)) != GS_OK)
		report_out_of_range("summarize", status, where);
	PG_RETURN_POINTER(state);
}

/* The merge aggregate's transition and combine function, and the + operator. */
PG_FUNCTION_INFO_V1(stunting_growth_summary_combine);
Datum
stunting_growth_summary_combine(PG_FUNCTION_ARGS)
{
	GrowthSummaryDatum *state = state_for_update(fcinfo);
	GrowthSummaryDatum *other = arg_summary(fcinfo, 1);
	size_t		where;
	gs_status	status = gs_merge(&state->s, &other->s, &where);

	if (status != GS_OK)
		report_out_of_range("merge", status, where);
	PG_RETURN_POINTER(state);
}

/* ----------------------------------------------------------- estimates */

static Datum
estimate_result(FunctionCallInfo fcinfo, const gs_estimate *e)
{
	TupleDesc	tupdesc;
	Datum		values[7];
	bool		nulls[7];
	const double f[6] = {e->r, e->se, e->ll, e->ul, e->stdev, e->pop};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE || tupdesc->natts != 7)
		elog(ERROR, "stunting.estimate does not have the expected 7 columns");
	tupdesc = BlessTupleDesc(tupdesc);
	for (int k = 0; k < 6; k++)
	{
		nulls[k] = isnan(f[k]);
		values[k] = nulls[k] ? (Datum) 0 : Float8GetDatum(f[k]);
	}
	nulls[6] = e->unwpop < 0;
	values[6] = Int64GetDatum(e->unwpop);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

static pg_noinline void
report_bad_key(const char *what, text *key, const char *accepted)
{
	report_bad_code(what, key, accepted);
}

PG_FUNCTION_INFO_V1(stunting_growth_summary_prevalence);
Datum
stunting_growth_summary_prevalence(PG_FUNCTION_ARGS)
{
	GrowthSummaryDatum *d = arg_summary(fcinfo, 0);
	text	   *key = PG_GETARG_TEXT_PP(1);
	gs_estimate e;

	if (!gs_prevalence(&d->s, text_to_cstring(key), &e))
		report_bad_key("prevalence key", key, GS_PREVALENCE_KEYS);
	return estimate_result(fcinfo, &e);
}

PG_FUNCTION_INFO_V1(stunting_growth_summary_zscore_mean);
Datum
stunting_growth_summary_zscore_mean(PG_FUNCTION_ARGS)
{
	GrowthSummaryDatum *d = arg_summary(fcinfo, 0);
	text	   *key = PG_GETARG_TEXT_PP(1);
	gs_estimate e;

	if (!gs_zscore_mean(&d->s, text_to_cstring(key), &e))
		report_bad_key("indicator", key, GS_MEAN_KEYS);
	return estimate_result(fcinfo, &e);
}

PG_FUNCTION_INFO_V1(stunting_growth_summary_quality_report);
Datum
stunting_growth_summary_quality_report(PG_FUNCTION_ARGS)
{
	GrowthSummaryDatum *d = arg_summary(fcinfo, 0);
	char	   *buf = palloc(GS_QUALITY_JSON_MAX);
	size_t		len = gs_quality_json(&d->s, buf, GS_QUALITY_JSON_MAX);

	if (len >= GS_QUALITY_JSON_MAX)
		elog(ERROR, "quality report longer than %d bytes", GS_QUALITY_JSON_MAX);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf));
}
