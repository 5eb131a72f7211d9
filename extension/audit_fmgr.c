/*
 * audit_fmgr.c - the append-only audit trail of stunting.child and
 * stunting.measurement (stunting.audit_log).
 *
 * stunting.audit_row() is an AFTER ROW trigger (and an AFTER TRUNCATE one:
 * a TRUNCATE is one entry without a row).  It records who wrote
 * (current_user and session_user at the time of the write), the operation,
 * the row's id and areas, and the old and new values of the columns that
 * changed.  It runs as the caller, so that it knows the caller, and writes
 * the log row as the owner of the audited table (as PostgreSQL's own
 * foreign-key triggers switch user): roles that write children and
 * measurements hold no privilege on the log, so they cannot change, delete
 * or forge its rows.  Its EXECUTE is revoked from PUBLIC, so no one else
 * can attach it to a table of their own.
 *
 * A restore is not a new write: when the table's owner writes with
 * row_security off (as pg_dump's and pg_restore's scripts do), nothing is
 * recorded, and the log's own dumped rows come back as they were.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/rel.h"
#include "utils/rls.h"

/* one saved plan per audited row type (child, measurement) */
#define AUDIT_PLANS 8
static struct
{
	Oid			rowtype;
	SPIPlanPtr	plan;
}			audit_plans[AUDIT_PLANS];

/*
 * $1 role, $2 session role, $3 operation, $4 table, $5 row id, $6 areas,
 * $7 old row, $8 new row.  Only the columns whose values differ are kept;
 * an UPDATE that changes nothing is not recorded.  A NIK hash is recorded
 * as "(hash)", not its value: the log is read by the areas' roles, who do
 * not read the hashes (they could test a child's 10,000 possible NIKs).  Run with search_path
 * pg_catalog, pg_temp: nothing the caller planted resolves here.
 */
static const char audit_sql[] =
"WITH r AS (SELECT pg_catalog.to_jsonb($7) AS o, pg_catalog.to_jsonb($8) AS n), "
"     c AS (SELECT k.k FROM r, pg_catalog.jsonb_object_keys(COALESCE(r.n, r.o)) AS k(k) "
"           WHERE r.o IS NULL OR r.n IS NULL "
"              OR (r.o OPERATOR(pg_catalog.->) k.k) IS DISTINCT FROM (r.n OPERATOR(pg_catalog.->) k.k)) "
"INSERT INTO stunting.audit_log (role_name, session_role, operation, table_name, row_id, areas, old_values, new_values) "
"SELECT $1, $2, $3, $4, $5, $6, "
"       CASE WHEN r.o IS NOT NULL THEN (SELECT pg_catalog.jsonb_object_agg(c.k, "
"           CASE WHEN c.k OPERATOR(pg_catalog.=) 'nik_hash' AND (r.o OPERATOR(pg_catalog.->) c.k) OPERATOR(pg_catalog.<>) 'null' "
"                THEN '\"(hash)\"'::pg_catalog.jsonb ELSE r.o OPERATOR(pg_catalog.->) c.k END) FROM c) END, "
"       CASE WHEN r.n IS NOT NULL THEN (SELECT pg_catalog.jsonb_object_agg(c.k, "
"           CASE WHEN c.k OPERATOR(pg_catalog.=) 'nik_hash' AND (r.n OPERATOR(pg_catalog.->) c.k) OPERATOR(pg_catalog.<>) 'null' "
"                THEN '\"(hash)\"'::pg_catalog.jsonb ELSE r.n OPERATOR(pg_catalog.->) c.k END) FROM c) END "
"FROM r WHERE EXISTS (SELECT FROM c)";

static SPIPlanPtr
audit_plan(Oid rowtype)
{
	Oid			types[8] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT8OID, TEXTARRAYOID, rowtype, rowtype};
	SPIPlanPtr	plan;
	int			i;

	for (i = 0; i < AUDIT_PLANS && audit_plans[i].rowtype != InvalidOid; i++)
		if (audit_plans[i].rowtype == rowtype)
			return audit_plans[i].plan;
	plan = SPI_prepare(audit_sql, 8, types);
	if (plan == NULL)
		elog(ERROR, "audit_row: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (i < AUDIT_PLANS)
	{
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "audit_row: SPI_keepplan failed");
		audit_plans[i].rowtype = rowtype;
		audit_plans[i].plan = plan;
	}
	return plan;
}

/* The text of column name of tuple, or NULL. */
static Datum
column_value(HeapTuple tuple, TupleDesc desc, const char *name, bool *isnull)
{
	int			att = SPI_fnumber(desc, name);

	if (att <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_row: the audited table has no column %s", name)));
	return SPI_getbinval(tuple, desc, att, isnull);
}

PG_FUNCTION_INFO_V1(stunting_audit_row);
Datum
stunting_audit_row(PG_FUNCTION_ARGS)
{
	TriggerData *td;
	Relation	rel;
	TupleDesc	desc;
	HeapTuple	old_row = NULL;
	HeapTuple	new_row = NULL;
	HeapTuple	any_row;
	const char *operation;
	Oid			owner;
	Oid			save_user;
	int			save_sec;
	int			guc_level;
	Datum		args[8];
	char		nulls[8] = "        ";
	Datum		areas[2];
	int			nareas = 0;
	bool		isnull;
	Datum		id;
	int			rc;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_row: not called as a trigger")));
	td = (TriggerData *) fcinfo->context;
	if (!TRIGGER_FIRED_AFTER(td->tg_event) ||
		TRIGGER_FIRED_FOR_ROW(td->tg_event) == TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_row: must be an AFTER INSERT OR UPDATE OR DELETE ... FOR EACH ROW or AFTER TRUNCATE trigger")));
	rel = td->tg_relation;
	desc = RelationGetDescr(rel);
	owner = rel->rd_rel->relowner;

	/* a restore (row_security off, by the owner): the log comes back as dumped */
	if (!row_security && has_privs_of_role(GetUserId(), owner))
		PG_RETURN_POINTER(NULL);

	if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		operation = "TRUNCATE";
	else if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		operation = "INSERT";
		new_row = td->tg_trigtuple;
	}
	else if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		operation = "UPDATE";
		old_row = td->tg_trigtuple;
		new_row = td->tg_newtuple;
	}
	else if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		operation = "DELETE";
		old_row = td->tg_trigtuple;
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("audit_row: fired by neither INSERT, UPDATE nor DELETE")));
	any_row = new_row != NULL ? new_row : old_row;

	if (any_row == NULL)
	{
		/* TRUNCATE: one entry, no row, no area (the owner's to read) */
		id = (Datum) 0;
		nulls[4] = 'n';
	}
	else
	{
		id = column_value(any_row, desc, "id", &isnull);
		if (isnull)
			elog(ERROR, "audit_row: a row without an id");
	}
	/* the areas whose roles may read the entry: the old and the new one */
	if (old_row != NULL)
	{
		Datum		a = column_value(old_row, desc, "area_code", &isnull);

		if (!isnull)
			areas[nareas++] = a;
	}
	if (new_row != NULL)
	{
		Datum		a = column_value(new_row, desc, "area_code", &isnull);

		if (!isnull && (nareas == 0 || strcmp(TextDatumGetCString(areas[0]), TextDatumGetCString(a)) != 0))
			areas[nareas++] = a;
	}

	GetUserIdAndSecContext(&save_user, &save_sec);
	args[0] = CStringGetTextDatum(GetUserNameFromId(save_user, false));
	args[1] = CStringGetTextDatum(GetUserNameFromId(GetSessionUserId(), false));
	args[2] = CStringGetTextDatum(operation);
	args[3] = CStringGetTextDatum(RelationGetRelationName(rel));
	args[4] = id;
	args[5] = PointerGetDatum(construct_array(areas, nareas, TEXTOID, -1, false, TYPALIGN_INT));
	if (old_row != NULL)
		args[6] = heap_copy_tuple_as_datum(old_row, desc);
	else
		nulls[6] = 'n';
	if (new_row != NULL)
		args[7] = heap_copy_tuple_as_datum(new_row, desc);
	else
		nulls[7] = 'n';

	/* the caller's search_path must not choose what runs here */
	guc_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "audit_row: SPI_connect failed");
	if (any_row == NULL)
	{
		Oid			types[6] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT8OID, TEXTARRAYOID};

		rc = SPI_execute_with_args("INSERT INTO stunting.audit_log (role_name, session_role, operation, table_name, row_id, areas) "
								   "VALUES ($1, $2, $3, $4, $5, $6)", 6, types, args, nulls, false, 0);
	}
	else
		rc = SPI_execute_plan(audit_plan(rel->rd_rel->reltype), args, nulls, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "audit_row: writing the audit log failed: %s", SPI_result_code_string(rc));
	SPI_finish();
	/* (an error above: the (sub)transaction's abort restores both) */
	SetUserIdAndSecContext(save_user, save_sec);
	AtEOXact_GUC(true, guc_level);
	PG_RETURN_POINTER(NULL);
}
