/*
 * surveillance_fmgr.c - stunting.area_month_summary kept current at commit.
 *
 * Every write to stunting.measurement notes the area-months it touches (the
 * old and the new (month, area_code) of each row) in a set that lives as
 * long as the transaction: stunting.measurement_note_area_month, a BEFORE
 * ROW trigger that runs after measurement_before_write (name order) and so
 * sees the month and area it set.  Noting before the row is written means
 * every row of a statement is noted before any AFTER trigger fires.  The deferred constraint trigger measurement_summaries
 * (stunting.measurement_apply_summaries) fires once per row at commit; the
 * first firing hands the whole set to stunting.refresh_area_month(date[],
 * text[]), which takes the summary rows' locks in key order and recomputes
 * them with a snapshot taken after the locks, and the later firings find
 * nothing left to refresh.  So the summaries' locks are held only from the commit's
 * refresh to the end of the commit, every transaction takes them in the
 * same order (no deadlock between two committing transactions), and the
 * last transaction to commit a change to an area-month recomputes it from
 * every committed row (no lost update).
 *
 * SET CONSTRAINTS stunting.measurement_summaries IMMEDIATE applies the set
 * at the end of each statement instead, for a transaction that wants to
 * read its own summaries.  Keys noted in a subtransaction that rolls back
 * stay in the set: refreshing an area-month once more is harmless.
 *
 * The same trigger notes each row's child and the earliest month it
 * touches, and the apply trigger hands those to
 * stunting.refresh_weighing(bigint[], date[]) after the area-months: a
 * child's weight-gain statuses (stunting.weighing) of that month and every
 * later one are recomputed under a lock on the child (growth_monitoring.sql).
 *
 * The apply trigger is SECURITY DEFINER (the summaries are the owner's) and
 * neither trigger function is executable by PUBLIC: attached to another
 * table, they could note or refresh what their caller chose.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"

typedef struct area_month_key
{
	DateADT		month;
	const char *code;			/* in the set's memory context */
} area_month_key;

typedef struct area_month_entry
{
	area_month_key key;
	bool		applied;		/* refreshed since it was noted */
} area_month_entry;

typedef struct child_entry
{
	int64		child_id;		/* the key */
	DateADT		from_month;		/* the earliest month noted */
	bool		applied;
} child_entry;

/*
 * The transaction's noted area-months; NULL when none (reset at its end).
 * Entries stay until the transaction ends: a refresh inside a
 * subtransaction that rolls back (SET CONSTRAINTS ... IMMEDIATE in a
 * savepoint) is undone with it, so a rolled-back subtransaction marks every
 * entry as not applied again.
 */
static HTAB *pending = NULL;
static HTAB *pending_children = NULL;	/* child id -> earliest month */
static MemoryContext pending_cxt = NULL;
static long pending_unapplied = 0;
static bool callback_registered = false;

static uint32
key_hash(const void *key, Size keysize)
{
	const area_month_key *k = key;

	return hash_combine(hash_bytes_uint32((uint32) k->month),
						hash_bytes((const unsigned char *) k->code, (int) strlen(k->code)));
}

static int
key_match(const void *a, const void *b, Size keysize)
{
	const area_month_key *x = a;
	const area_month_key *y = b;

	if (x->month != y->month)
		return 1;
	return strcmp(x->code, y->code);
}

static void *
key_copy(void *dest, const void *src, Size keysize)
{
	area_month_key *d = dest;
	const area_month_key *s = src;

	d->month = s->month;
	d->code = MemoryContextStrdup(pending_cxt, s->code);
	return dest;
}

/* The set belongs to one transaction: forget it when that ends. */
static void
pending_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			/* the memory goes with TopTransactionContext */
			pending = NULL;
			pending_children = NULL;
			pending_cxt = NULL;
			pending_unapplied = 0;
			break;
		default:
			break;
	}
}

static void
pending_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						 SubTransactionId parentSubid, void *arg)
{
	HASH_SEQ_STATUS scan;
	area_month_entry *e;
	child_entry *c;

	if (event != SUBXACT_EVENT_ABORT_SUB || pending == NULL)
		return;
	hash_seq_init(&scan, pending);
	while ((e = hash_seq_search(&scan)) != NULL)
	{
		if (e->applied)
		{
			e->applied = false;
			pending_unapplied++;
		}
	}
	hash_seq_init(&scan, pending_children);
	while ((c = hash_seq_search(&scan)) != NULL)
	{
		if (c->applied)
		{
			c->applied = false;
			pending_unapplied++;
		}
	}
}

static void
note_key(DateADT month, const char *code)
{
	area_month_key key;
	area_month_entry *e;
	bool		found;

	if (pending == NULL)
	{
		HASHCTL		ctl;

		if (!callback_registered)
		{
			RegisterXactCallback(pending_xact_callback, NULL);
			RegisterSubXactCallback(pending_subxact_callback, NULL);
			callback_registered = true;
		}
		pending_cxt = AllocSetContextCreate(TopTransactionContext,
											"stunting pending area-months",
											ALLOCSET_SMALL_SIZES);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(area_month_key);
		ctl.entrysize = sizeof(area_month_entry);
		ctl.hash = key_hash;
		ctl.match = key_match;
		ctl.keycopy = key_copy;
		ctl.hcxt = pending_cxt;
		pending = hash_create("stunting pending area-months", 64, &ctl,
							  HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_KEYCOPY | HASH_CONTEXT);
		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(int64);
		ctl.entrysize = sizeof(child_entry);
		ctl.hcxt = pending_cxt;
		pending_children = hash_create("stunting pending children", 64, &ctl,
									   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	key.month = month;
	key.code = code;
	e = hash_search(pending, &key, HASH_ENTER, &found);
	if (!found || e->applied)
	{
		e->applied = false;
		pending_unapplied++;
	}
}

/* A child whose weighings from this month on must be recomputed. */
static void
note_child(int64 child_id, DateADT month)
{
	child_entry *c;
	bool		found;

	/* note_key made the set */
	c = hash_search(pending_children, &child_id, HASH_ENTER, &found);
	if (!found || c->applied)
	{
		c->from_month = month;
		c->applied = false;
		pending_unapplied++;
	}
	else if (month < c->from_month)
		c->from_month = month;
}

static void
note_tuple(HeapTuple tuple, TupleDesc desc, int month_att, int code_att, int child_att)
{
	bool		month_null;
	bool		code_null;
	bool		child_null;
	Datum		month = heap_getattr(tuple, month_att, desc, &month_null);
	Datum		code = heap_getattr(tuple, code_att, desc, &code_null);
	Datum		child = heap_getattr(tuple, child_att, desc, &child_null);

	/* NOT NULL columns; a row that has neither counts nowhere */
	if (month_null || code_null)
		return;
	note_key(DatumGetDateADT(month), TextDatumGetCString(code));
	if (!child_null)
		note_child(DatumGetInt64(child), DatumGetDateADT(month));
}

static TriggerData *
row_trigger_data(FunctionCallInfo fcinfo, const char *name, bool before)
{
	TriggerData *td;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: not called as a trigger", name)));
	td = (TriggerData *) fcinfo->context;
	if (!TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		(before ? !TRIGGER_FIRED_BEFORE(td->tg_event) : !TRIGGER_FIRED_AFTER(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s: must be a %s ... FOR EACH ROW trigger", name, before ? "BEFORE" : "AFTER")));
	return td;
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE ... FOR EACH ROW on stunting.measurement:
 * notes the row's area-month (on UPDATE, the old and the new one) and
 * returns the row unchanged.
 */
PG_FUNCTION_INFO_V1(stunting_measurement_note_area_month);
Datum
stunting_measurement_note_area_month(PG_FUNCTION_ARGS)
{
	TriggerData *td = row_trigger_data(fcinfo, "measurement_note_area_month", true);
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	int			month_att = SPI_fnumber(desc, "month");
	int			code_att = SPI_fnumber(desc, "area_code");
	int			child_att = SPI_fnumber(desc, "child_id");

	if (month_att <= 0 || code_att <= 0 || child_att <= 0 ||
		TupleDescAttr(desc, child_att - 1)->atttypid != INT8OID ||
		TupleDescAttr(desc, month_att - 1)->atttypid != DATEOID)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("measurement_note_area_month: table \"%s\" has no columns month (date), area_code and child_id (bigint)",
						RelationGetRelationName(td->tg_relation))));
	note_tuple(td->tg_trigtuple, desc, month_att, code_att, child_att);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		note_tuple(td->tg_newtuple, desc, month_att, code_att, child_att);
		PG_RETURN_POINTER(td->tg_newtuple);
	}
	PG_RETURN_POINTER(td->tg_trigtuple);
}

/*
 * The deferred constraint trigger: refreshes every noted area-month through
 * stunting.refresh_area_month(date[], text[]), then empties the set (only
 * once the refresh has succeeded: an error leaves it for a retry after
 * ROLLBACK TO SAVEPOINT).
 */
PG_FUNCTION_INFO_V1(stunting_measurement_apply_summaries);
Datum
stunting_measurement_apply_summaries(PG_FUNCTION_ARGS)
{
	HASH_SEQ_STATUS scan;
	area_month_entry *e;
	child_entry *c;
	long		n;
	long		nc;
	Datum	   *months;
	Datum	   *codes;
	Datum	   *child_ids;
	Datum	   *child_months;
	Datum		args[4];
	Oid			types[4] = {DATEARRAYOID, TEXTARRAYOID, INT8ARRAYOID, DATEARRAYOID};
	long		i = 0;
	int			guc_level;
	int			rc;

	(void) row_trigger_data(fcinfo, "measurement_apply_summaries", false);
	if (pending == NULL || (n = pending_unapplied) == 0)
		PG_RETURN_POINTER(NULL);

	/* (n counts both sets' unapplied entries: enough for either) */
	months = palloc(sizeof(Datum) * n);
	codes = palloc(sizeof(Datum) * n);
	child_ids = palloc(sizeof(Datum) * n);
	child_months = palloc(sizeof(Datum) * n);
	hash_seq_init(&scan, pending);
	while ((e = hash_seq_search(&scan)) != NULL)
	{
		if (e->applied)
			continue;
		Assert(i < n);
		months[i] = DateADTGetDatum(e->key.month);
		codes[i] = CStringGetTextDatum(e->key.code);
		i++;
	}
	nc = 0;
	hash_seq_init(&scan, pending_children);
	while ((c = hash_seq_search(&scan)) != NULL)
	{
		if (c->applied)
			continue;
		Assert(nc < n);
		child_ids[nc] = Int64GetDatum(c->child_id);
		child_months[nc] = DateADTGetDatum(c->from_month);
		nc++;
	}
	n = i;
	args[0] = PointerGetDatum(construct_array(months, (int) n, DATEOID, sizeof(DateADT), true, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(codes, (int) n, TEXTOID, -1, false, TYPALIGN_INT));
	args[2] = PointerGetDatum(construct_array(child_ids, (int) nc, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[3] = PointerGetDatum(construct_array(child_months, (int) nc, DATEOID, sizeof(DateADT), true, TYPALIGN_INT));

	/* the caller's search_path must not choose what runs here */
	guc_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "measurement_apply_summaries: SPI_connect failed");
	/* the area-months first, then the children: every committing
	 * transaction takes its locks in the same order */
	rc = SPI_execute_with_args("SELECT stunting.refresh_area_month($1, $2)", 2, types, args, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "measurement_apply_summaries: refresh_area_month failed: %s", SPI_result_code_string(rc));
	/*
	 * (an installation whose library is newer than its SQL objects, between
	 * the package upgrade and ALTER EXTENSION stunting UPDATE, has no
	 * refresh_weighing yet: the update computes every weighing)
	 */
	if (nc > 0 && OidIsValid(LookupFuncName(list_make2(makeString("stunting"), makeString("refresh_weighing")),
											2, types + 2, true)))
	{
		rc = SPI_execute_with_args("SELECT stunting.refresh_weighing($1, $2)", 2, types + 2, args + 2, NULL, false, 0);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "measurement_apply_summaries: refresh_weighing failed: %s", SPI_result_code_string(rc));
	}
	SPI_finish();
	AtEOXact_GUC(true, guc_level);

	/* only now: an error above leaves them to be refreshed again */
	hash_seq_init(&scan, pending);
	while ((e = hash_seq_search(&scan)) != NULL)
		e->applied = true;
	hash_seq_init(&scan, pending_children);
	while ((c = hash_seq_search(&scan)) != NULL)
		c->applied = true;
	pending_unapplied = 0;
	PG_RETURN_POINTER(NULL);
}
