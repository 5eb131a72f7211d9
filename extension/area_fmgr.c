/*
 * area_fmgr.c - stunting.area_at(geom, level) in C: the fast path of
 * assigning a point to the area that contains it.
 *
 * The plain-SQL version (stunting.area_at_search) runs an indexed query per
 * point through PL/pgSQL, several times the cost of a plain ST_Contains
 * join.  Here, once per statement (the cache lives in fn_extra), the areas
 * of the level are read with their bounding boxes; for each point the
 * boxes are scanned and PostGIS's own ST_Intersects is called on the areas
 * whose box holds the point.  Each area has its own FmgrInfo, so PostGIS
 * keeps that polygon's point-in-polygon index between calls.  The geometry
 * itself is PostGIS's throughout: this file only picks the candidates.
 *
 * A point in no area (in a gap or just outside) goes to the nearest area
 * within 50 m, as area_at_search finds it: the same box prefilter, then
 * PostGIS's geodesic ST_DWithin and ST_Distance on the spheroid, again with
 * a FmgrInfo per area so that PostGIS keeps each polygon's tree; ties go to
 * the smaller code.  Everything else - overlaps, other SRIDs, invalid
 * levels and non-points - goes to stunting.area_at_search, which holds the
 * rules and the error messages.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

typedef struct area_entry
{
	text	   *code;
	double		xmin;
	double		ymin;
	double		xmax;
	double		ymax;
	Datum		geom;			/* detoasted copy, in the cache's context */
	FmgrInfo	intersects;		/* ST_Intersects, PostGIS's cache for this area */
	Datum		geog;			/* geography(geom), made when first needed */
	FmgrInfo	dwithin;		/* ST_DWithin(geography, geography, float8, bool) */
	FmgrInfo	distance;		/* ST_Distance(geography, geography, bool) */
} area_entry;

/* The gap rule of area_at_search: within 50 m, boxes widened by 60 m. */
#define GAP_METRES 50.0
#define GAP_BOX_METRES 60.0
#define METRES_PER_DEGREE 111320.0

typedef struct area_cache
{
	char	   *level;
	int			n;
	area_entry *areas;
	FmgrInfo	srid;			/* ST_SRID(geometry) */
	FmgrInfo	setsrid;		/* ST_SetSRID(geometry, integer) */
	FmgrInfo	x;				/* ST_X(geometry) */
	FmgrInfo	y;				/* ST_Y(geometry) */
	FmgrInfo	type;			/* GeometryType(geometry) */
	FmgrInfo	isempty;		/* ST_IsEmpty(geometry) */
	FmgrInfo	search;			/* stunting.area_at_search(geometry, text) */
	FmgrInfo	to_geog;		/* geography(geometry) */
	Oid			intersects_oid;
	Oid			dwithin_oid;
	Oid			distance_oid;
	MemoryContext mcxt;
} area_cache;

static bool
is_level(const char *level)
{
	return strcmp(level, "village") == 0 || strcmp(level, "district") == 0 ||
		strcmp(level, "regency") == 0 || strcmp(level, "province") == 0;
}

static Oid
oid_column(int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("area_at: PostGIS function %d not found", col),
				 errhint("Is the postgis extension installed?")));
	return DatumGetObjectId(d);
}

/* Reads the functions and the areas of `level` into a new cache. */
static area_cache *
area_cache_load(MemoryContext mcxt, const char *level)
{
	area_cache *c = MemoryContextAllocZero(mcxt, sizeof(area_cache));
	MemoryContext old;
	char	   *schema;
	char	   *sql;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	int			guc_level;

	c->level = MemoryContextStrdup(mcxt, level);

	/*
	 * A C function runs with the caller's search_path, which may put public
	 * (or anything) before pg_catalog: the queries below run with
	 * search_path pg_catalog, pg_temp instead, as the SQL functions do, and
	 * name every function and operator with its schema besides.  The
	 * setting is undone below, or by the transaction's abort on an error.
	 */
	guc_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "area_at: SPI_connect failed");

	/* PostGIS's functions, wherever PostGIS is installed */
	if (SPI_execute("SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_extension e "
					"JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace "
					"WHERE e.extname OPERATOR(pg_catalog.=) 'postgis'", true, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("area_at: the postgis extension is not installed")));
	schema = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	sql = psprintf("SELECT pg_catalog.to_regprocedure('%1$s.st_srid(%1$s.geometry)'), "
				   "pg_catalog.to_regprocedure('%1$s.st_setsrid(%1$s.geometry, integer)'), "
				   "pg_catalog.to_regprocedure('%1$s.st_x(%1$s.geometry)'), "
				   "pg_catalog.to_regprocedure('%1$s.st_y(%1$s.geometry)'), "
				   "pg_catalog.to_regprocedure('%1$s.geometrytype(%1$s.geometry)'), "
				   "pg_catalog.to_regprocedure('%1$s.st_isempty(%1$s.geometry)'), "
				   "pg_catalog.to_regprocedure('stunting.area_at_search(%1$s.geometry, pg_catalog.text)'), "
				   "pg_catalog.to_regprocedure('%1$s.st_intersects(%1$s.geometry, %1$s.geometry)'), "
				   "pg_catalog.to_regprocedure('%1$s.geography(%1$s.geometry)'), "
				   "pg_catalog.to_regprocedure('%1$s.st_dwithin(%1$s.geography, %1$s.geography, double precision, boolean)'), "
				   "pg_catalog.to_regprocedure('%1$s.st_distance(%1$s.geography, %1$s.geography, boolean)')",
				   schema);
	if (SPI_execute(sql, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "area_at: function lookup failed");
	fmgr_info_cxt(oid_column(1), &c->srid, mcxt);
	fmgr_info_cxt(oid_column(2), &c->setsrid, mcxt);
	fmgr_info_cxt(oid_column(3), &c->x, mcxt);
	fmgr_info_cxt(oid_column(4), &c->y, mcxt);
	fmgr_info_cxt(oid_column(5), &c->type, mcxt);
	fmgr_info_cxt(oid_column(6), &c->isempty, mcxt);
	fmgr_info_cxt(oid_column(7), &c->search, mcxt);
	c->intersects_oid = oid_column(8);
	fmgr_info_cxt(oid_column(9), &c->to_geog, mcxt);
	c->dwithin_oid = oid_column(10);
	c->distance_oid = oid_column(11);
	c->mcxt = mcxt;

	if (is_level(level))
	{
		sql = psprintf("SELECT code, %1$s.st_xmin(geom), %1$s.st_ymin(geom), "
					   "%1$s.st_xmax(geom), %1$s.st_ymax(geom), geom "
					   "FROM stunting.area WHERE level OPERATOR(pg_catalog.=) $1 AND geom IS NOT NULL "
					   "AND NOT %1$s.st_isempty(geom) ORDER BY code",
					   schema);
		args[0] = CStringGetTextDatum(level);
		if (SPI_execute_with_args(sql, 1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "area_at: reading stunting.area failed");
		c->n = (int) SPI_processed;
		c->areas = MemoryContextAllocZero(mcxt, sizeof(area_entry) * Max(c->n, 1));
		for (int i = 0; i < c->n; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			area_entry *a = &c->areas[i];
			bool		isnull;

			old = MemoryContextSwitchTo(mcxt);
			a->code = DatumGetTextPCopy(SPI_getbinval(tup, desc, 1, &isnull));
			a->xmin = DatumGetFloat8(SPI_getbinval(tup, desc, 2, &isnull));
			a->ymin = DatumGetFloat8(SPI_getbinval(tup, desc, 3, &isnull));
			a->xmax = DatumGetFloat8(SPI_getbinval(tup, desc, 4, &isnull));
			a->ymax = DatumGetFloat8(SPI_getbinval(tup, desc, 5, &isnull));
			a->geom = PointerGetDatum(PG_DETOAST_DATUM_COPY(SPI_getbinval(tup, desc, 6, &isnull)));
			MemoryContextSwitchTo(old);
			fmgr_info_cxt(c->intersects_oid, &a->intersects, mcxt);
		}
	}
	SPI_finish();
	AtEOXact_GUC(true, guc_level);
	return c;
}

/*
 * A point (SRID 4326) in no area: the nearest area within 50 m on the
 * spheroid, or NULL - area_at_search's last query, step by step.
 */
static area_entry *
nearest_within_50m(area_cache *c, Datum point, double x, double y)
{
	double		e = GAP_BOX_METRES / METRES_PER_DEGREE / Max(cos(y * M_PI / 180.0), 0.01);
	Datum		p = (Datum) 0;
	area_entry *best = NULL;
	double		best_d = 0.0;

	for (int i = 0; i < c->n; i++)
	{
		area_entry *a = &c->areas[i];
		double		d;

		if (x < a->xmin - e || x > a->xmax + e || y < a->ymin - e || y > a->ymax + e)
			continue;
		if (a->geog == (Datum) 0)
		{
			MemoryContext old = MemoryContextSwitchTo(c->mcxt);

			a->geog = FunctionCall1(&c->to_geog, a->geom);
			fmgr_info_cxt(c->dwithin_oid, &a->dwithin, c->mcxt);
			fmgr_info_cxt(c->distance_oid, &a->distance, c->mcxt);
			MemoryContextSwitchTo(old);
		}
		if (p == (Datum) 0)
			p = FunctionCall1(&c->to_geog, point);
		if (!DatumGetBool(FunctionCall4(&a->dwithin, a->geog, p,
										Float8GetDatum(GAP_METRES), BoolGetDatum(true))))
			continue;
		d = DatumGetFloat8(FunctionCall3(&a->distance, a->geog, p, BoolGetDatum(true)));
		/* areas are in code order: on a tie the first stays */
		if (best == NULL || d < best_d)
		{
			best = a;
			best_d = d;
		}
	}
	return best;
}

/* The complete search, for everything but the plain case. */
static Datum
area_at_search(FunctionCallInfo fcinfo, area_cache *c)
{
	LOCAL_FCINFO(search, 2);
	Datum		result;

	InitFunctionCallInfoData(*search, &c->search, 2, fcinfo->fncollation, NULL, NULL);
	search->args[0].value = PG_GETARG_DATUM(0);
	search->args[0].isnull = false;
	search->args[1].value = PG_GETARG_DATUM(1);
	search->args[1].isnull = false;
	result = FunctionCallInvoke(search);
	if (search->isnull)
		PG_RETURN_NULL();
	return result;
}

PG_FUNCTION_INFO_V1(stunting_area_at);
Datum
stunting_area_at(PG_FUNCTION_ARGS)
{
	Datum		geom = PG_GETARG_DATUM(0);
	char	   *level = text_to_cstring(PG_GETARG_TEXT_PP(1));
	area_cache *c = (area_cache *) fcinfo->flinfo->fn_extra;
	char	   *type;
	int32		srid;
	double		x;
	double		y;
	area_entry *hit = NULL;

	if (c == NULL || strcmp(c->level, level) != 0)
	{
		/* a new level (rare: a constant in nearly every query) */
		c = area_cache_load(fcinfo->flinfo->fn_mcxt, level);
		fcinfo->flinfo->fn_extra = c;
	}
	if (!is_level(level))
		return area_at_search(fcinfo, c);	/* raises the error */

	type = TextDatumGetCString(FunctionCall1(&c->type, geom));
	if (strcmp(type, "POINT") != 0 || DatumGetBool(FunctionCall1(&c->isempty, geom)))
		return area_at_search(fcinfo, c);	/* raises the error */
	srid = DatumGetInt32(FunctionCall1(&c->srid, geom));
	if (srid == 0)
		geom = FunctionCall2(&c->setsrid, geom, Int32GetDatum(4326));
	else if (srid != 4326)
		return area_at_search(fcinfo, c);	/* transforms */

	x = DatumGetFloat8(FunctionCall1(&c->x, geom));
	y = DatumGetFloat8(FunctionCall1(&c->y, geom));
	for (int i = 0; i < c->n; i++)
	{
		area_entry *a = &c->areas[i];

		if (x < a->xmin || x > a->xmax || y < a->ymin || y > a->ymax)
			continue;
		if (!DatumGetBool(FunctionCall2(&a->intersects, a->geom, geom)))
			continue;
		if (hit != NULL)
			return area_at_search(fcinfo, c);	/* in two areas: the overlap rule */
		hit = a;
	}
	if (hit == NULL)
		hit = nearest_within_50m(c, geom, x, y);	/* in a gap or outside */
	if (hit == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(hit->code)));
}
