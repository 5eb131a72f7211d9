/*
 * spatial_fmgr.c - SQL glue for spatial_stats.c: local_gi_star,
 * local_moran, eb_smooth and fdr.  Reads and checks the arrays, maps the
 * ids of the neighbour pairs to positions, calls the plain-C statistics
 * and returns one row per id, in the order of ids (NaN becomes NULL).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "spatial_stats.h"

#define MAX_PERMUTATIONS 99999

typedef struct id_entry
{
	const char *id;
	int			pos;
} id_entry;

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(((const id_entry *) a)->id, ((const id_entry *) b)->id);
}

/* The elements of a one-dimensional array argument (NULLs allowed). */
static int
array_elements(ArrayType *a, Oid elemtype, const char *argname, Datum **values,
			   bool **nulls)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	int			count;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname)));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(a, elemtype, typlen, typbyval, typalign, values, nulls, &count);
	return count;
}

static void
check_length(const char *what, int count, const char *other, int expected)
{
	if (count != expected)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has %d elements but %s has %d", what, count, other, expected),
				 errdetail("The arrays must have one element per area, in the same order.")));
}

/* The ids: no NULLs, no repeats.  Returns them sorted for lookups. */
static id_entry *
read_ids(ArrayType *a, int *n, char ***names)
{
	Datum	   *values;
	bool	   *nulls;
	int			count = array_elements(a, TEXTOID, "ids", &values, &nulls);
	id_entry   *sorted = palloc(sizeof(id_entry) * Max(count, 1));

	*names = palloc(sizeof(char *) * Max(count, 1));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("ids[%d] is NULL", i + 1)));
		(*names)[i] = TextDatumGetCString(values[i]);
		sorted[i].id = (*names)[i];
		sorted[i].pos = i;
	}
	qsort(sorted, count, sizeof(id_entry), cmp_id);
	for (int i = 1; i < count; i++)
		if (strcmp(sorted[i].id, sorted[i - 1].id) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("id \"%s\" appears twice in ids", sorted[i].id)));
	*n = count;
	return sorted;
}

/* A float8 array of one value per area: no NULLs, finite. */
static double *
read_values(ArrayType *a, const char *argname, int n, char **names)
{
	Datum	   *values;
	bool	   *nulls;
	int			count = array_elements(a, FLOAT8OID, argname, &values, &nulls);
	double	   *out;

	check_length("ids", n, argname, count);
	out = palloc(sizeof(double) * Max(count, 1));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s[%d] (area \"%s\") is NULL", argname, i + 1, names[i]),
					 errhint("Leave areas without a value out of every array.")));
		out[i] = DatumGetFloat8(values[i]);
		if (!isfinite(out[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s[%d] (area \"%s\") is %s, not a finite number",
							argname, i + 1, names[i], float8out_internal(out[i]))));
	}
	return out;
}

/* The position of one id of a neighbour pair. */
static int
lookup(const id_entry *sorted, int n, Datum value, bool isnull, const char *argname, int k)
{
	id_entry	key;
	id_entry   *hit;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s[%d] is NULL", argname, k + 1)));
	key.id = TextDatumGetCString(value);
	hit = bsearch(&key, sorted, n, sizeof(id_entry), cmp_id);
	if (hit == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s[%d] = \"%s\" is not one of the ids", argname, k + 1, key.id)));
	return hit->pos;
}

/* The neighbour graph from the two pair arrays. */
static sp_graph *
read_graph(ArrayType *from_a, ArrayType *to_a, const id_entry *sorted, int n)
{
	Datum	   *fv,
			   *tv;
	bool	   *fn,
			   *tn;
	int			m = array_elements(from_a, TEXTOID, "nb_from", &fv, &fn);
	int			m2 = array_elements(to_a, TEXTOID, "nb_to", &tv, &tn);
	int		   *from;
	int		   *to;
	int		   *start;
	int		   *nbr;
	sp_graph   *g = palloc(sizeof(sp_graph));

	check_length("nb_from", m, "nb_to", m2);
	if ((Size) m > MaxAllocSize / (2 * sizeof(int)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many neighbour pairs: %d", m)));
	from = palloc(sizeof(int) * Max(m, 1));
	to = palloc(sizeof(int) * Max(m, 1));
	for (int k = 0; k < m; k++)
	{
		from[k] = lookup(sorted, n, fv[k], fn[k], "nb_from", k);
		to[k] = lookup(sorted, n, tv[k], tn[k], "nb_to", k);
	}
	start = palloc(sizeof(int) * (n + 1));
	nbr = palloc(sizeof(int) * Max(2 * m, 1));
	sp_graph_build(n, m, from, to, start, nbr);
	g->n = n;
	g->start = start;
	g->nbr = nbr;
	return g;
}

static int
read_permutations(int32 permutations)
{
	if (permutations < 0 || permutations > MAX_PERMUTATIONS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("permutations must be between 0 and %d, got %d",
						MAX_PERMUTATIONS, permutations)));
	return permutations;
}

static void
check_enough_areas(int n)
{
	if (n < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("local statistics need at least 3 areas, got %d", n)));
}

/*
 * The interrupt hook of spatial_stats.c: stop when a cancel, a timeout or a
 * terminate is pending and could be served now.  The statistics then
 * return SP_CANCELLED and run_cancellable's CHECK_FOR_INTERRUPTS() raises
 * the error (57014, 57P01); after an interrupt of another kind (nothing
 * raised) they start again.
 */
static bool
interrupt_pending(void)
{
	return INTERRUPTS_PENDING_CONDITION() && INTERRUPTS_CAN_BE_PROCESSED();
}

static inline Datum
float_or_null(double x, bool *isnull)
{
	*isnull = isnan(x);
	return Float8GetDatum(*isnull ? 0.0 : x);
}

/* local_gi_star(ids, y, nb_from, nb_to, permutations, seed) */
PG_FUNCTION_INFO_V1(stunting_local_gi_star);
Datum
stunting_local_gi_star(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	  **names;
	int			n;
	id_entry   *sorted = read_ids(PG_GETARG_ARRAYTYPE_P(0), &n, &names);
	double	   *y = read_values(PG_GETARG_ARRAYTYPE_P(1), "y", n, names);
	sp_graph   *g = read_graph(PG_GETARG_ARRAYTYPE_P(2), PG_GETARG_ARRAYTYPE_P(3), sorted, n);
	int			permutations = read_permutations(PG_GETARG_INT32(4));
	uint64		seed = (uint64) PG_GETARG_INT64(5);
	double	   *G,
			   *z,
			   *pn,
			   *ps;
	int		   *scratch;

	check_enough_areas(n);
	G = palloc(sizeof(double) * n);
	z = palloc(sizeof(double) * n);
	pn = palloc(sizeof(double) * n);
	ps = palloc(sizeof(double) * n);
	scratch = palloc(sizeof(int) * SP_SCRATCH_INTS(n));
	sp_set_interrupt_hook(interrupt_pending);
	while (sp_local_gi_star(g, y, permutations, seed, G, z, pn, ps, scratch) == SP_CANCELLED)
		CHECK_FOR_INTERRUPTS();

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false};

		values[0] = CStringGetTextDatum(names[i]);
		values[1] = float_or_null(G[i], &nulls[1]);
		values[2] = float_or_null(z[i], &nulls[2]);
		values[3] = float_or_null(pn[i], &nulls[3]);
		values[4] = float_or_null(ps[i], &nulls[4]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* local_moran(ids, y, nb_from, nb_to, permutations, seed) */
PG_FUNCTION_INFO_V1(stunting_local_moran);
Datum
stunting_local_moran(PG_FUNCTION_ARGS)
{
	static const char *const quadrant_names[] = {NULL, "HH", "LH", "LL", "HL"};
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	  **names;
	int			n;
	id_entry   *sorted = read_ids(PG_GETARG_ARRAYTYPE_P(0), &n, &names);
	double	   *y = read_values(PG_GETARG_ARRAYTYPE_P(1), "y", n, names);
	sp_graph   *g = read_graph(PG_GETARG_ARRAYTYPE_P(2), PG_GETARG_ARRAYTYPE_P(3), sorted, n);
	int			permutations = read_permutations(PG_GETARG_INT32(4));
	uint64		seed = (uint64) PG_GETARG_INT64(5);
	double	   *I,
			   *zn,
			   *pn,
			   *ps;
	sp_quadrant *q;
	int		   *scratch;
	double	   *work;

	check_enough_areas(n);
	I = palloc(sizeof(double) * n);
	zn = palloc(sizeof(double) * n);
	pn = palloc(sizeof(double) * n);
	ps = palloc(sizeof(double) * n);
	q = palloc(sizeof(sp_quadrant) * n);
	scratch = palloc(sizeof(int) * SP_SCRATCH_INTS(n));
	work = palloc(sizeof(double) * n);
	sp_set_interrupt_hook(interrupt_pending);
	while (sp_local_moran(g, y, permutations, seed, I, q, zn, pn, ps, scratch, work) == SP_CANCELLED)
		CHECK_FOR_INTERRUPTS();

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[6];
		bool		nulls[6] = {false};

		values[0] = CStringGetTextDatum(names[i]);
		values[1] = float_or_null(I[i], &nulls[1]);
		nulls[2] = q[i] == SP_QUAD_NONE;
		values[2] = nulls[2] ? (Datum) 0 : CStringGetTextDatum(quadrant_names[q[i]]);
		values[3] = float_or_null(zn[i], &nulls[3]);
		values[4] = float_or_null(pn[i], &nulls[4]);
		values[5] = float_or_null(ps[i], &nulls[5]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* eb_smooth(ids, cases, population, method, nb_from, nb_to) - not STRICT */
PG_FUNCTION_INFO_V1(stunting_eb_smooth);
Datum
stunting_eb_smooth(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	  **names;
	int			n;
	id_entry   *sorted;
	double	   *cases;
	double	   *population;
	sp_eb_method method;
	sp_graph   *g = NULL;
	char	   *method_name;
	double	   *raw;
	double	   *smoothed;

	for (int a = 0; a < 4; a++)
		if (PG_ARGISNULL(a))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("eb_smooth: ids, cases, population and method must not be NULL")));
	if (PG_ARGISNULL(4) != PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("eb_smooth: give both nb_from and nb_to (spatial) or neither (global)")));
	sorted = read_ids(PG_GETARG_ARRAYTYPE_P(0), &n, &names);
	cases = read_values(PG_GETARG_ARRAYTYPE_P(1), "cases", n, names);
	population = read_values(PG_GETARG_ARRAYTYPE_P(2), "population", n, names);
	method_name = text_to_cstring(PG_GETARG_TEXT_PP(3));
	if (strcmp(method_name, "binomial") == 0)
		method = SP_EB_BINOMIAL;
	else if (strcmp(method_name, "poisson") == 0)
		method = SP_EB_POISSON;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("eb_smooth: unknown method \"%s\"", method_name),
				 errhint("Use 'binomial' (a common outcome such as stunting) or 'poisson' (Marshall's method, as GeoDa and esda).")));
	if (n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("eb_smooth: no areas")));
	for (int i = 0; i < n; i++)
	{
		if (!(population[i] > 0.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("population[%d] (area \"%s\") is %s; populations must be positive",
							i + 1, names[i], float8out_internal(population[i]))));
		if (cases[i] < 0.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cases[%d] (area \"%s\") is negative: %s",
							i + 1, names[i], float8out_internal(cases[i]))));
		if (method == SP_EB_BINOMIAL && cases[i] > population[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cases[%d] (area \"%s\") is %s, more than its population %s",
							i + 1, names[i], float8out_internal(cases[i]),
							float8out_internal(population[i])),
					 errhint("The binomial method smooths proportions: cases must not exceed the population.")));
	}
	if (!PG_ARGISNULL(4))
		g = read_graph(PG_GETARG_ARRAYTYPE_P(4), PG_GETARG_ARRAYTYPE_P(5), sorted, n);

	raw = palloc(sizeof(double) * n);
	smoothed = palloc(sizeof(double) * n);
	sp_eb_smooth(g, n, cases, population, method, raw, smoothed);

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false};

		values[0] = CStringGetTextDatum(names[i]);
		values[1] = float_or_null(raw[i], &nulls[1]);
		values[2] = float_or_null(smoothed[i], &nulls[2]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* fdr(p, alpha) - STRICT; NULL elements stay NULL and are not counted */
PG_FUNCTION_INFO_V1(stunting_fdr);
Datum
stunting_fdr(PG_FUNCTION_ARGS)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	double		alpha = PG_GETARG_FLOAT8(1);
	Datum	   *values;
	bool	   *nulls;
	int			n = array_elements(a, FLOAT8OID, "p", &values, &nulls);
	double	   *p = palloc(sizeof(double) * Max(n, 1));
	bool	   *significant = palloc(sizeof(bool) * Max(n, 1));
	Datum	   *out = palloc(sizeof(Datum) * Max(n, 1));
	int			dims[1] = {n};
	int			lbs[1] = {1};

	if (!(alpha > 0.0 && alpha < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fdr: alpha must be between 0 and 1, got %s", float8out_internal(alpha))));
	for (int i = 0; i < n; i++)
	{
		p[i] = nulls[i] ? NAN : DatumGetFloat8(values[i]);
		if (!nulls[i] && !(p[i] >= 0.0 && p[i] <= 1.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("fdr: p[%d] is %s, not a probability", i + 1, float8out_internal(p[i]))));
	}
	sp_fdr(n, p, alpha, significant, palloc(sizeof(sp_ranked) * Max(n, 1)));
	for (int i = 0; i < n; i++)
		out[i] = BoolGetDatum(significant[i]);
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(BOOLOID));
	PG_RETURN_ARRAYTYPE_P(construct_md_array(out, nulls, 1, dims, lbs, BOOLOID, 1, true, TYPALIGN_CHAR));
}
