/*
 * access_fmgr.c - stunting.area_scope(privilege): the codes of every area
 * the current role may view or enter, computed once per transaction.
 *
 * The row-level security policies call it once per statement (as an
 * initPlan); a bulk load runs several statements per row, and the
 * recursive walk down the area tree cost about 65 us a call.  So the result
 * is kept for the rest of the transaction, per role and privilege, and
 * dropped when this backend writes stunting.area_access or stunting.area
 * (the statement triggers area_scope_changed) or when a role or a role
 * membership changes (a catalog invalidation, from any session): a grant,
 * a revocation or a new area of another session takes effect at this
 * session's next transaction.  The walk runs as the caller: pg_has_role must see the
 * caller, and stunting.area_access shows each role only its own grants.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

/*
 * Both scopes are read together, so that a transaction's view and enter
 * scopes are of the same moment (a revocation between the two would
 * otherwise let a role read a child it can no longer enter for, half-way).
 */
static struct
{
	bool		valid;
	Oid			user;
	LocalTransactionId lxid;
	uint64		generation;
	ArrayType  *codes[2];		/* 0: view, 1: enter; in TopMemoryContext */
}			cache;

static uint64 generation = 0;
static SPIPlanPtr scope_plan = NULL;

static const char scope_sql[] =
"WITH RECURSIVE granted AS ("
"    SELECT g.area_code, g.can_enter FROM stunting.area_access g"
"    WHERE EXISTS (SELECT FROM pg_catalog.pg_roles r"
"                  WHERE r.rolname OPERATOR(pg_catalog.=) g.role_name"
"                    AND pg_catalog.pg_has_role(r.oid, 'USAGE'))),"
" below(code, can_enter) AS ("
"    SELECT a.code, g.can_enter FROM stunting.area a JOIN granted g ON g.area_code OPERATOR(pg_catalog.=) a.code"
"    UNION"
"    SELECT a.code, b.can_enter FROM stunting.area a JOIN below b ON a.parent_code OPERATOR(pg_catalog.=) b.code)"
"SELECT COALESCE(pg_catalog.array_agg(DISTINCT b.code COLLATE pg_catalog.\"C\"), '{}'::pg_catalog.text[]),"
"       COALESCE(pg_catalog.array_agg(DISTINCT b.code COLLATE pg_catalog.\"C\") FILTER (WHERE b.can_enter), '{}'::pg_catalog.text[])"
" FROM below b";

/* a role or a membership changed (GRANT role TO role, ALTER/DROP ROLE) */
static void
roles_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	generation++;
}

PG_FUNCTION_INFO_V1(stunting_area_scope);
Datum
stunting_area_scope(PG_FUNCTION_ARGS)
{
	static bool callbacks_registered = false;

	char	   *privilege = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			which;
	Oid			user = GetUserId();
	LocalTransactionId lxid = MyProc->lxid;
	int			guc_level;
	int			i;
	MemoryContext old;

	if (!callbacks_registered)
	{
		CacheRegisterSyscacheCallback(AUTHMEMMEMROLE, roles_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, roles_changed, (Datum) 0);
		callbacks_registered = true;
	}
	if (strcmp(privilege, "view") == 0)
		which = 0;
	else if (strcmp(privilege, "enter") == 0)
		which = 1;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("area_scope: privilege must be view or enter, not %s", privilege)));
	if (cache.valid && cache.user == user && cache.lxid == lxid && cache.generation == generation)
		PG_RETURN_ARRAYTYPE_P(DatumGetArrayTypePCopy(PointerGetDatum(cache.codes[which])));

	/* the caller's search_path must not choose what runs here */
	guc_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "area_scope: SPI_connect failed");
	/* planned once per session (the plan cache replans it when needed) */
	if (scope_plan == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(scope_sql, 0, NULL);

		if (plan == NULL || SPI_keepplan(plan) != 0)
			elog(ERROR, "area_scope: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		scope_plan = plan;
	}
	if (SPI_execute_plan(scope_plan, NULL, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "area_scope: reading stunting.area_access failed");

	cache.valid = false;
	for (i = 0; i < 2; i++)
	{
		bool		isnull;
		Datum		codes = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i + 1, &isnull);

		if (isnull)
			elog(ERROR, "area_scope: no result");
		if (cache.codes[i] != NULL)
			pfree(cache.codes[i]);
		old = MemoryContextSwitchTo(TopMemoryContext);
		cache.codes[i] = DatumGetArrayTypePCopy(codes);
		MemoryContextSwitchTo(old);
	}
	cache.user = user;
	cache.lxid = lxid;
	cache.generation = generation;
	cache.valid = true;
	SPI_finish();
	AtEOXact_GUC(true, guc_level);
	PG_RETURN_ARRAYTYPE_P(DatumGetArrayTypePCopy(PointerGetDatum(cache.codes[which])));
}

/*
 * AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ... FOR EACH STATEMENT on
 * stunting.area_access and stunting.area: this backend's scopes are
 * computed again.
 */
PG_FUNCTION_INFO_V1(stunting_area_scope_changed);
Datum
stunting_area_scope_changed(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("area_scope_changed: not called as a trigger")));
	generation++;
	PG_RETURN_POINTER(NULL);
}
