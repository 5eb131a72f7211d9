/*
 * weighing_month_fmgr.c - stunting.weighing_of_month(month): every counted
 * weighing of a month with its code, derived from stunting.measurement in
 * one pass (growth_monitoring.c judges), without the per-child lookups of
 * stunting.weighing_compute.  The rows are read through SPI as the caller,
 * so row-level security applies, and handed to a DestReceiver one at a
 * time: nothing is copied but the counted weighings of the three months.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"
#include "access/htup_details.h"

#include "growth_monitoring.h"

/* A counted weighing: the latest of its month (visit date, then id). */
typedef struct month_slot
{
	int64		id;
	double		kg;
	double		age_days;
	DateADT		visit;
	bool		present;
} month_slot;

/* What the report needs of this month's weighing beyond its slot. */
typedef struct month_now
{
	double		zwei;
	bool		zwei_null;
	bool		fwei;
	text	   *area_code;		/* copies of the row's values */
	text	   *posyandu;
} month_now;

/* A child weighed in one of the three months (0 this, 1 last, 2 the one before). */
typedef struct month_child
{
	int64		child_id;
	char		status;			/* simplehash */
	month_slot	slot[3];
	month_now	now;
} month_child;

#define SH_PREFIX month_children
#define SH_ELEMENT_TYPE month_child
#define SH_KEY_TYPE int64
#define SH_KEY child_id
#define SH_HASH_KEY(tb, key) murmurhash32((uint32) (key) ^ (uint32) ((uint64) (key) >> 32))
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* Children weighed before the three months (O, not B). */
typedef struct earlier_child
{
	int64		child_id;
	char		status;
} earlier_child;

#define SH_PREFIX earlier_children
#define SH_ELEMENT_TYPE earlier_child
#define SH_KEY_TYPE int64
#define SH_KEY child_id
#define SH_HASH_KEY(tb, key) murmurhash32((uint32) (key) ^ (uint32) ((uint64) (key) >> 32))
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* stunting.zscores attributes read (1-based) */
#define Z_ZWEI 8
#define Z_FWEI 9
#define Z_AGE_DAYS 22

typedef struct month_receiver
{
	DestReceiver pub;
	MemoryContext cxt;
	DateADT		months[3];		/* this month, last month, the one before */
	month_children_hash *children;
	earlier_children_hash *earlier;
	TupleDesc	z_desc;			/* stunting.zscores */
	Datum	   *z_values;
	bool	   *z_nulls;
} month_receiver;

/*
 * The columns of the query below, in order: child_id, id, visit_date,
 * month, area_code, posyandu, weight_kg, z.  The z-scores are taken whole
 * and deformed once here (three field selections would
 * walk the composite three times).  The whole z is deformed: this
 * server's heap_deform_tuple wants a descriptor with every attribute.
 */
static const char *const rows_query =
"SELECT m.child_id, m.id, m.visit_date, m.month, m.area_code, m.posyandu, m.weight_kg, m.z"
"  FROM stunting.measurement m"
" WHERE m.weight_kg IS NOT NULL AND m.month <= $1";

static bool
month_receive(TupleTableSlot *slot, DestReceiver *self)
{
	month_receiver *r = (month_receiver *) self;
	int64		child_id;
	DateADT		month;
	int			k;
	bool		found;
	month_child *c;
	month_slot *s;
	int64		id;
	DateADT		visit;
	MemoryContext old;

	slot_getallattrs(slot);
	if (slot->tts_isnull[0] || slot->tts_isnull[1] || slot->tts_isnull[2] || slot->tts_isnull[3] ||
		slot->tts_isnull[7])
		return true;			/* NOT NULL columns; no z-scores: not a weighing */
	{
		HeapTupleHeader th = DatumGetHeapTupleHeader(slot->tts_values[7]);
		HeapTupleData tuple;

		tuple.t_len = HeapTupleHeaderGetDatumLength(th);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = th;
		if (r->z_desc == NULL)
		{
			MemoryContext o = MemoryContextSwitchTo(r->cxt);
			TupleDesc	full = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(th),
													  HeapTupleHeaderGetTypMod(th));

			if (full->natts < Z_AGE_DAYS ||
				strcmp(NameStr(TupleDescAttr(full, Z_AGE_DAYS - 1)->attname), "age_days") != 0 ||
				strcmp(NameStr(TupleDescAttr(full, Z_ZWEI - 1)->attname), "zwei") != 0 ||
				strcmp(NameStr(TupleDescAttr(full, Z_FWEI - 1)->attname), "fwei") != 0)
				elog(ERROR, "weighing_of_month: stunting.zscores is not the expected type");
			r->z_desc = CreateTupleDescCopy(full);
			r->z_values = palloc(sizeof(Datum) * full->natts);
			r->z_nulls = palloc(sizeof(bool) * full->natts);
			ReleaseTupleDesc(full);
			MemoryContextSwitchTo(o);
		}
		heap_deform_tuple(&tuple, r->z_desc, r->z_values, r->z_nulls);
		if ((Pointer) th != DatumGetPointer(slot->tts_values[7]))
			pfree(th);
		if (r->z_nulls[Z_AGE_DAYS - 1])
			return true;
	}
	child_id = DatumGetInt64(slot->tts_values[0]);
	month = DatumGetDateADT(slot->tts_values[3]);
	for (k = 0; k < 3 && r->months[k] != month; k++)
		;
	old = MemoryContextSwitchTo(r->cxt);
	if (k == 3)
	{
		/* an earlier month (the query reads no later one) */
		earlier_children_insert(r->earlier, child_id, &found);
		MemoryContextSwitchTo(old);
		return true;
	}
	c = month_children_insert(r->children, child_id, &found);
	if (!found)
	{
		memset(c->slot, 0, sizeof(c->slot));
		memset(&c->now, 0, sizeof(c->now));
	}
	s = &c->slot[k];
	id = DatumGetInt64(slot->tts_values[1]);
	visit = DatumGetDateADT(slot->tts_values[2]);
	if (!s->present || visit > s->visit || (visit == s->visit && id > s->id))
	{
		s->present = true;
		s->id = id;
		s->visit = visit;
		s->kg = DatumGetFloat8(slot->tts_values[6]);
		s->age_days = DatumGetFloat8(r->z_values[Z_AGE_DAYS - 1]);
		if (k == 0)
		{
			if (c->now.area_code)
				pfree(c->now.area_code);
			if (c->now.posyandu)
				pfree(c->now.posyandu);
			c->now.area_code = DatumGetTextPCopy(slot->tts_values[4]);
			c->now.posyandu = slot->tts_isnull[5] ? NULL : DatumGetTextPCopy(slot->tts_values[5]);
			c->now.zwei_null = r->z_nulls[Z_ZWEI - 1];
			c->now.zwei = c->now.zwei_null ? 0 : DatumGetFloat8(r->z_values[Z_ZWEI - 1]);
			c->now.fwei = !r->z_nulls[Z_FWEI - 1] && DatumGetBool(r->z_values[Z_FWEI - 1]);
		}
	}
	MemoryContextSwitchTo(old);
	return true;
}

static void
month_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
month_shutdown(DestReceiver *self)
{
}

static void
month_destroy(DestReceiver *self)
{
}

static DateADT
month_minus(DateADT month, int k)
{
	int			y,
				m,
				d;

	j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	m -= k;
	while (m < 1)
	{
		m += 12;
		y--;
	}
	return date2j(y, m, 1) - POSTGRES_EPOCH_JDATE;
}

/* The birth date as stunting.weighing_compute takes it: visit - age_days::integer. */
static DateADT
birth_of(const month_slot *s)
{
	double		days = rint(s->age_days);

	if (isnan(days) || days < -(double) PG_INT32_MAX || days > (double) PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("measurement %lld has an age in days out of range", (long long) s->id)));
	return s->visit - (int32) days;
}

static int
kms_month_of(const month_slot *s, int *age_months)
{
	DateADT		birth = birth_of(s);
	int			by,
				bm,
				bd,
				vy,
				vm,
				vd;

	if (s->visit < birth)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("measurement %lld has its visit before the birth", (long long) s->id)));
	j2date(birth + POSTGRES_EPOCH_JDATE, &by, &bm, &bd);
	j2date(s->visit + POSTGRES_EPOCH_JDATE, &vy, &vm, &vd);
	if (age_months)
		*age_months = gm_age_months_completed(by, bm, bd, vy, vm, vd);
	return gm_kms_month(by, bm, vy, vm);
}

/*
 * stunting.weighing_of_month(in_month date) RETURNS SETOF stunting.weighing:
 * the rows stunting.weighing holds for the month, derived again from the
 * measurements the caller can read, by the KMS edition in use.
 */
PG_FUNCTION_INFO_V1(stunting_weighing_of_month);
Datum
stunting_weighing_of_month(PG_FUNCTION_ARGS)
{
	DateADT		in_month = PG_GETARG_DATEADT(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext work;
	month_receiver r;
	char	   *version = NULL;
	double		bgm_z = 0;
	bool		bgm_z_null = true;
	long	   *grams;
	gm_kbm_table kbm = {0, NULL};
	Oid			argtypes[1] = {DATEOID};
	Datum		args[1];
	SPIPlanPtr	plan;
	SPIExecuteOptions options;
	TupleDesc	tupdesc;
	Oid			gain_values[GM_GAIN_COUNT];
	month_children_iterator it;
	month_child *c;
	int			y,
				m,
				d;
	uint64		emitted = 0;
	Datum		version_text;

	if (DATE_NOT_FINITE(in_month))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("weighing_of_month needs a finite month, got %s",
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(in_month))))));
	j2date(in_month + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	in_month = date2j(y, m, 1) - POSTGRES_EPOCH_JDATE;

	InitMaterializedSRF(fcinfo, 0);
	tupdesc = rsinfo->setDesc;
	if (tupdesc->natts != 17)
		elog(ERROR, "weighing_of_month: stunting.weighing has %d columns, expected 17", tupdesc->natts);

	work = AllocSetContextCreate(CurrentMemoryContext, "weighing_of_month", ALLOCSET_DEFAULT_SIZES);
	memset(&r, 0, sizeof(r));
	r.pub.receiveSlot = month_receive;
	r.pub.rStartup = month_startup;
	r.pub.rShutdown = month_shutdown;
	r.pub.rDestroy = month_destroy;
	r.pub.mydest = DestNone;
	r.cxt = work;
	for (int k = 0; k < 3; k++)
		r.months[k] = month_minus(in_month, k);
	r.children = month_children_create(work, 1024, NULL);
	r.earlier = earlier_children_create(work, 1024, NULL);

	/* the codes of stunting.weight_gain, by the type of the result column */
	{
		static const char *const names[GM_GAIN_COUNT] = {"N", "T", "O", "B"};
		Oid			gain_type = TupleDescAttr(tupdesc, 13)->atttypid;

		for (int i = 0; i < GM_GAIN_COUNT; i++)
			gain_values[i] = DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(names[i]),
																  ObjectIdGetDatum(gain_type)));
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "weighing_of_month: SPI_connect failed");

	/* the edition in use: its red line and KBM row */
	if (SPI_execute("SELECT r.version, r.bgm_z FROM stunting.kms_reference r"
					" WHERE r.version = stunting.kms_reference_in_use()", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "weighing_of_month: reading the KMS edition failed");
	if (SPI_processed == 0)
	{
		/* no edition at all: stunting.weighing_compute returns nothing either */
		SPI_finish();
		MemoryContextDelete(work);
		return (Datum) 0;
	}
	{
		bool		isnull;
		Datum		v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		MemoryContext old = MemoryContextSwitchTo(work);

		version = TextDatumGetCString(v);
		MemoryContextSwitchTo(old);
		v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &bgm_z_null);
		if (!bgm_z_null)
			bgm_z = DatumGetFloat8(v);
	}
	{
		Oid			vt[1] = {TEXTOID};
		Datum		vv[1] = {CStringGetTextDatum(version)};
		int			size = 1;

		if (SPI_execute_with_args("SELECT b.kms_month, b.min_gain_g FROM stunting.kbm b WHERE b.version = $1",
								  1, vt, vv, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "weighing_of_month: reading the KBM failed");
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			bool		isnull;
			int32		km = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));

			if (!isnull && km >= size)
				size = km + 1;
		}
		grams = MemoryContextAllocZero(work, sizeof(long) * size);
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			bool		n1,
						n2;
			int32		km = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &n1));
			int32		g = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &n2));

			if (!n1 && !n2 && km >= 0)
				grams[km] = g;
		}
		kbm.size = size;
		kbm.grams = grams;
	}

	/* one pass over the measurements up to the month */
	/* workers may scan and project; the leader keeps the hash */
	plan = SPI_prepare_cursor(rows_query, 1, argtypes, CURSOR_OPT_PARALLEL_OK);
	if (plan == NULL)
		elog(ERROR, "weighing_of_month: preparing the scan failed: %s", SPI_result_code_string(SPI_result));
	args[0] = DateADTGetDatum(in_month);
	memset(&options, 0, sizeof(options));
	options.params = makeParamList(1);
	options.params->numParams = 1;
	options.params->params[0].value = args[0];
	options.params->params[0].isnull = false;
	options.params->params[0].pflags = PARAM_FLAG_CONST;
	options.params->params[0].ptype = DATEOID;
	options.read_only = true;
	options.dest = &r.pub;
	/* SPI_OK_UTILITY: a SELECT whose rows went to our receiver */
	if (SPI_execute_plan_extended(plan, &options) < 0)
		elog(ERROR, "weighing_of_month: the scan failed");
	SPI_finish();

	version_text = CStringGetTextDatum(version);

	/* each child weighed this month, judged */
	month_children_start_iterate(r.children, &it);
	while ((c = month_children_iterate(r.children, &it)) != NULL)
	{
		Datum		values[17];
		bool		nulls[17];
		gm_month_weighing w[3];
		month_slot *now = &c->slot[0];
		int			age_months = 0;
		bool		two_t;
		int			code;
		bool		follows;

		if (!now->present)
			continue;
		if ((++emitted & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		for (int k = 0; k < 3; k++)
		{
			w[k].present = c->slot[k].present;
			w[k].kg = c->slot[k].kg;
			w[k].kms_month = w[k].present ? kms_month_of(&c->slot[k], k == 0 ? &age_months : NULL) : 0;
		}
		code = gm_month_code(&kbm, &w[2], &w[1], &w[0],
							 !w[1].present && !w[2].present &&
							 earlier_children_lookup(r.earlier, c->child_id) != NULL,
							 &two_t);
		follows = w[1].present;
		memset(nulls, 0, sizeof(nulls));
		values[0] = Int64GetDatum(c->child_id);
		values[1] = DateADTGetDatum(in_month);
		values[2] = Int64GetDatum(now->id);
		values[3] = DateADTGetDatum(now->visit);
		values[4] = PointerGetDatum(c->now.area_code);
		if (c->now.posyandu)
			values[5] = PointerGetDatum(c->now.posyandu);
		else
			nulls[5] = true;
		values[6] = Float8GetDatum(now->kg);
		values[7] = Int32GetDatum(age_months);
		values[8] = Int32GetDatum(w[0].kms_month);
		if (follows)
		{
			values[9] = DateADTGetDatum(c->slot[1].visit);
			values[10] = Float8GetDatum(c->slot[1].kg);
			values[11] = Int32GetDatum((int32) gm_gain_grams(c->slot[1].kg, now->kg));
		}
		else
			nulls[9] = nulls[10] = nulls[11] = true;
		if (w[0].kms_month >= 0 && w[0].kms_month < kbm.size && kbm.grams[w[0].kms_month] > 0)
			values[12] = Int32GetDatum((int32) kbm.grams[w[0].kms_month]);
		else
			nulls[12] = true;
		if (code == GM_GAIN_NONE)
			nulls[13] = true;
		else
			values[13] = ObjectIdGetDatum(gain_values[code]);
		values[14] = BoolGetDatum(two_t);
		if (c->now.zwei_null || c->now.fwei || bgm_z_null)
			nulls[15] = true;
		else
			values[15] = BoolGetDatum(c->now.zwei < bgm_z);
		values[16] = version_text;
		tuplestore_putvalues(rsinfo->setResult, tupdesc, values, nulls);

	}
	MemoryContextDelete(work);
	return (Datum) 0;
}
