/*
 * growth_summary.c - adding rows to a summary, merging summaries and the
 * WHO estimates (spec who-algorithm.md §8.1, §8.4, §9.2), plain C.
 */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "distributions.h"
#include "growth_summary.h"

/* WHO's auxiliary value for a child with oedema (§8.1 step 2). */
#define OEDEMA_AUX (-3.1)
#define WFA_2007_MAX_MONTHS 120.0
#define REF2007_MAX_MONTHS 228.0

static const char *const indicator_names[GS_N_INDICATORS] = {"HA", "WA", "BMI", "WH"};
/* WHO's cut-off suffixes, in WHO's order. */
static const char *const cutoff_names[GS_N_CUTOFFS] = {"_3", "_2", "_1", "1", "2", "3"};
static const char *const combined_names[GS_N_COMBINED] = {"HA_2_WH_2", "HA_2_WH2"};

const char *
gs_indicator_name(gs_indicator i)
{
	return indicator_names[i];
}

void
gs_init(growth_summary *s)
{
	memset(s, 0, sizeof(*s));
}

const char *
gs_status_message(gs_status status)
{
	switch (status)
	{
		case GS_OK:
			break;
		case GS_COUNT_OVERFLOW:
			return "would exceed 9223372036854775807";
		case GS_SUM_NOT_FINITE:
			return "would be infinite or NaN";
		case GS_SUM_INEXACT:
			return "would differ from its count (an unweighted summary's weight sums "
				"are its counts, which a double holds exactly only up to 2^53)";
	}
	return "is fine";
}

/*
 * *x += y without wrapping around: gs_merge works on a scratch copy and
 * remembers the first count that overflowed; the copy is then dropped.
 */
static inline void
add_count(int64_t *x, int64_t y, int64_t **overflow)
{
	if (__builtin_add_overflow(*x, y, x) && *overflow == NULL)
		*overflow = x;
}

/* c plus a row of weight w, in place (the caller makes sure c->n < INT64_MAX). */
static inline void
count_add(gs_count *c, double w)
{
	c->n++;
	c->w += w;
	c->w2 += w * w;
}

/* The same into out, for gs_add's staged path: the same operations, the same bits. */
static void
count_added(const gs_count *c, double w, gs_count *out)
{
	*out = *c;
	count_add(out, w);
}

static void
count_merge(gs_count *into, const gs_count *from, int64_t **overflow)
{
	add_count(&into->n, from->n, overflow);
	into->w += from->w;
	into->w2 += from->w2;
}

/* West's weighted update of (sum w, mean, sum w (z - mean)^2). */
static inline void
weighted_add(double *sw, double *mean, double *m2, double z, double w)
{
	double		sw_new = *sw + w;

	if (sw_new > 0.0)
	{
		double		delta = z - *mean;
		double		r = delta * w / sw_new;

		*mean += r;
		*m2 += *sw * delta * r;
	}
	*sw = sw_new;
}

static void
weighted_merge(double *sw, double *mean, double *m2,
			   double sw_b, double mean_b, double m2_b)
{
	double		sw_new = *sw + sw_b;

	if (sw_b > 0.0)
	{
		double		delta = mean_b - *mean;

		*mean += delta * (sw_b / sw_new);
		*m2 += m2_b + delta * delta * (*sw * sw_b / sw_new);
	}
	*sw = sw_new;
}

/* m plus z of weight w, in place (the caller makes sure m->n < INT64_MAX). */
static inline void
moments_add(gs_moments *m, double z, double w)
{
	double		n1 = (double) m->n;
	double		n = n1 + 1.0;
	double		delta = z - m->mean;
	double		dn = delta / n;
	double		dn2 = dn * dn;
	double		term1 = delta * dn * n1;

	m->n++;
	weighted_add(&m->w, &m->wmean, &m->wm2, z, w);
	weighted_add(&m->w2, &m->w2mean, &m->w2m2, z, w * w);

	/* Pébay's one-pass update of the central moments up to the 4th (old m2, m3) */
	m->mean += dn;
	m->m4 += term1 * dn2 * (n * n - 3.0 * n + 3.0) + 6.0 * dn2 * m->m2 - 4.0 * dn * m->m3;
	m->m3 += term1 * dn * (n - 2.0) - 3.0 * dn * m->m2;
	m->m2 += term1;
}

/* The same into out, for gs_add's staged path. */
static void
moments_added(const gs_moments *m, double z, double w, gs_moments *out)
{
	*out = *m;
	moments_add(out, z, w);
}

static void
moments_merge(gs_moments *a, const gs_moments *b, int64_t **overflow)
{
	double		na = (double) a->n;
	double		nb = (double) b->n;
	double		n = na + nb;
	double		d,
				d2;

	if (b->n == 0)
		return;
	if (a->n == 0)
	{
		*a = *b;
		return;
	}
	weighted_merge(&a->w, &a->wmean, &a->wm2, b->w, b->wmean, b->wm2);
	weighted_merge(&a->w2, &a->w2mean, &a->w2m2, b->w2, b->w2mean, b->w2m2);

	/* Pébay (2008), eq. 3.1: combining two sets of central moments */
	d = b->mean - a->mean;
	d2 = d * d;
	a->m4 += b->m4
		+ d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n)
		+ 6.0 * d2 * (na * na * b->m2 + nb * nb * a->m2) / (n * n)
		+ 4.0 * d * (na * b->m3 - nb * a->m3) / n;
	a->m3 += b->m3
		+ d2 * d * na * nb * (na - nb) / (n * n)
		+ 3.0 * d * (na * b->m2 - nb * a->m2) / n;
	a->m2 += b->m2 + d2 * na * nb / n;
	a->mean += d * nb / n;
	add_count(&a->n, b->n, overflow);
}

/*
 * Does WHO's software have this indicator at this age?  The 2006 standards
 * (anthro) have all four under 60 months and with age unknown; the 2007
 * reference (anthroplus) has HA and BMI to 228 months, WA to 120 and no WH.
 */
static bool
indicator_applies(gs_indicator i, bool ref2007, double months)
{
	if (!ref2007)
		return true;
	if (i == GS_WH)
		return false;
	if (i == GS_WA)
		return months <= WFA_2007_MAX_MONTHS;
	return true;
}

/*
 * The first value that its text input would reject, as a status and the
 * value's offset in growth_summary: a sum that is not finite, or (in an
 * unweighted summary) a weight sum that is no longer its count.  These are
 * the rules of gs_check that adding and merging can break; counts that
 * would wrap around are caught as they are added, and the other rules
 * (nesting, totals) adding and merging keep by construction.
 */
static gs_status
at(size_t offset, gs_status status, size_t *where)
{
	*where = offset;
	return status;
}

#define OFFSET_IN(base, p) ((size_t) ((const char *) (p) - (const char *) (base)))

/* c, to be stored at offset in the summary */
static gs_status
count_status(const gs_count *c, bool weighted, size_t offset, size_t *where)
{
	if (!isfinite(c->w))
		return at(offset + offsetof(gs_count, w), GS_SUM_NOT_FINITE, where);
	if (!isfinite(c->w2))
		return at(offset + offsetof(gs_count, w2), GS_SUM_NOT_FINITE, where);
	if (!weighted && c->w != (double) c->n)
		return at(offset + offsetof(gs_count, w), GS_SUM_INEXACT, where);
	if (!weighted && c->w2 != (double) c->n)
		return at(offset + offsetof(gs_count, w2), GS_SUM_INEXACT, where);
	return GS_OK;
}

static const size_t moment_sums[] = {
	offsetof(gs_moments, w), offsetof(gs_moments, wmean), offsetof(gs_moments, wm2),
	offsetof(gs_moments, w2), offsetof(gs_moments, w2mean), offsetof(gs_moments, w2m2),
	offsetof(gs_moments, mean), offsetof(gs_moments, m2), offsetof(gs_moments, m3),
	offsetof(gs_moments, m4)
};

/* m, to be stored at offset in the summary */
static gs_status
moments_status(const gs_moments *m, bool weighted, size_t offset, size_t *where)
{
	for (size_t k = 0; k < sizeof(moment_sums) / sizeof(moment_sums[0]); k++)
		if (!isfinite(*(const double *) ((const char *) m + moment_sums[k])))
			return at(offset + moment_sums[k], GS_SUM_NOT_FINITE, where);
	if (!weighted && m->w != (double) m->n)
		return at(offset + offsetof(gs_moments, w), GS_SUM_INEXACT, where);
	if (!weighted && m->w2 != (double) m->n)
		return at(offset + offsetof(gs_moments, w2), GS_SUM_INEXACT, where);
	return GS_OK;
}

/* The staged path's record of one row's updates. */
#define MAX_STAGED_COUNTS (GS_N_INDICATORS * (1 + GS_N_CUTOFFS) + 1 + GS_N_COMBINED)

typedef struct staged_row
{
	growth_summary *s;
	int64_t    *overflow;		/* the first count at INT64_MAX, or NULL */
	int64_t    *inc[16];		/* counts to add 1 to */
	int			n_inc;
	gs_count   *count_at[MAX_STAGED_COUNTS];
	gs_count	count_new[MAX_STAGED_COUNTS];
	int			n_count;
	gs_moments *moments_at[GS_N_INDICATORS];
	gs_moments	moments_new[GS_N_INDICATORS];
	int			n_moments;
} staged_row;

static void
stage_inc(staged_row *st, int64_t *x)
{
	if (*x == INT64_MAX && st->overflow == NULL)
		st->overflow = x;
	st->inc[st->n_inc++] = x;
}

static void
stage_count(staged_row *st, gs_count *c, double w)
{
	gs_count   *next = &st->count_new[st->n_count];

	if (c->n == INT64_MAX)
	{
		if (st->overflow == NULL)
			st->overflow = &c->n;
		return;
	}
	count_added(c, w, next);
	st->count_at[st->n_count++] = c;
}

static void
stage_moments(staged_row *st, gs_moments *m, double z, double w)
{
	gs_moments *next = &st->moments_new[st->n_moments];

	if (m->n == INT64_MAX)
	{
		if (st->overflow == NULL)
			st->overflow = &m->n;
		return;
	}
	moments_added(m, z, w, next);
	st->moments_at[st->n_moments++] = m;
}

/* Checks the staged values and stores them if they are all fine. */
static gs_status
apply_staged(staged_row *st, bool weighted, size_t *where)
{
	growth_summary *s = st->s;
	gs_status	status;

	if (st->overflow != NULL)
		return at(OFFSET_IN(s, st->overflow), GS_COUNT_OVERFLOW, where);
	for (int k = 0; k < st->n_count; k++)
		if ((status = count_status(&st->count_new[k], weighted,
								   OFFSET_IN(s, st->count_at[k]), where)) != GS_OK)
			return status;
	for (int k = 0; k < st->n_moments; k++)
		if ((status = moments_status(&st->moments_new[k], weighted,
									 OFFSET_IN(s, st->moments_at[k]), where)) != GS_OK)
			return status;

	for (int k = 0; k < st->n_inc; k++)
		(*st->inc[k])++;
	for (int k = 0; k < st->n_count; k++)
		*st->count_at[k] = st->count_new[k];
	for (int k = 0; k < st->n_moments; k++)
		*st->moments_at[k] = st->moments_new[k];
	s->weighted = weighted;
	return GS_OK;
}

/*
 * Adding a row: two paths, one walk.
 *
 * A row that would overflow must leave the summary as it was, so the slow
 * path stages the row's updates: it works out every new value, checks them
 * (apply_staged) and only then stores them.  Each count and each set of
 * moments is updated at most once per row, from its old value, so staging
 * gives the same bits as updating in place.
 *
 * Overflow is rare, and the values that can cause it are few and easy to
 * bound, so gs_add first makes a cheap check of the values the row will
 * read (WALK_CHECK, which changes nothing) and, if they are all far from
 * any limit, updates the summary in place (WALK_APPLY) with the very
 * operations the staged path runs.  The check is sufficient, not exact:
 * when it fails, the staged path decides, and reports what it reports.  It
 * holds for any summary, even one gs_check would refuse (test_limits plants
 * such counts), since it looks at every value the row adds to:
 *
 *   - every count the row adds 1 to is in [0, 2^52): no count can reach
 *     INT64_MAX, and a count is exact in a double with room to spare;
 *   - unweighted (the summary's flag after the row is false, so w = 1):
 *     every weight sum it adds to equals its count, so sum + 1 equals
 *     count + 1, exactly;
 *   - weighted: 0 <= w <= 2^100 and the weight sums it adds to are at most
 *     2^200 in size (a z-score's w and w2 not negative), so w^2 <= 2^200 and
 *     no sum can reach DBL_MAX (about 2^1024);
 *   - the z-scores added and every moment they are added to are at most
 *     2^200 in size.  With d = |z - mean| <= 2^201 and w / (sum w + w) <= 1,
 *     West's update adds at most sum w * d^2 <= 2^602, and Pebay's at most
 *     about d^4 <= 2^804 to m4, d^3 to m3 and d^2 to m2: every moment stays
 *     finite, with a margin that covers any rounding.
 *
 * The sizes are summed as |x| (a sum of non-negative terms is at least each
 * of them, and a NaN makes it NaN), the counts OR-ed together.
 */
typedef enum walk_mode
{
	WALK_CHECK,					/* read only: are the row's updates far from every limit? */
	WALK_APPLY,					/* update in place */
	WALK_STAGE					/* stage into st, for apply_staged */
} walk_mode;

typedef struct row_walk
{
	bool		weighted;		/* the summary's flag after this row */
	uint64_t	counts;			/* WALK_CHECK: OR of every count the row adds 1 to */
	double		size;			/* WALK_CHECK: sum of |x| of the sums and z-scores it reads */
	bool		unsure;			/* WALK_CHECK: some value the check can't vouch for */
	staged_row *st;				/* WALK_STAGE */
} row_walk;

#define FAST_MAX_COUNT (UINT64_C(1) << 52)
#define FAST_MAX_SIZE 0x1p200
#define FAST_MAX_WEIGHT 0x1p100

#if defined(__GNUC__)
#define GS_ALWAYS_INLINE inline __attribute__((always_inline))
#define GS_NOINLINE __attribute__((noinline, cold))
#define GS_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define GS_ALWAYS_INLINE inline
#define GS_NOINLINE
#define GS_UNLIKELY(x) (x)
#endif

static GS_ALWAYS_INLINE void
walk_inc(walk_mode mode, row_walk *rw, int64_t *x)
{
	if (mode == WALK_CHECK)
		rw->counts |= (uint64_t) *x;
	else if (mode == WALK_APPLY)
		(*x)++;
	else
		stage_inc(rw->st, x);
}

static GS_ALWAYS_INLINE void
walk_count(walk_mode mode, row_walk *rw, gs_count *c, double w)
{
	if (mode == WALK_CHECK)
	{
		rw->counts |= (uint64_t) c->n;
		if (rw->weighted)
			rw->size += fabs(c->w) + fabs(c->w2);
		else
			rw->unsure |= (c->w != (double) c->n) | (c->w2 != c->w);
	}
	else if (mode == WALK_APPLY)
		count_add(c, w);
	else
		stage_count(rw->st, c, w);
}

static GS_ALWAYS_INLINE void
walk_moments(walk_mode mode, row_walk *rw, gs_moments *m, double z, double w)
{
	if (mode == WALK_CHECK)
	{
		rw->counts |= (uint64_t) m->n;
		if (rw->weighted)
			rw->unsure |= !(m->w >= 0.0) | !(m->w2 >= 0.0);
		else
			rw->unsure |= (m->w != (double) m->n) | (m->w2 != m->w);
		/* a tree, not a chain: the check runs beside the updates */
		rw->size += (((fabs(z) + fabs(m->mean)) + (fabs(m->m2) + fabs(m->m3))) +
					 ((fabs(m->m4) + fabs(m->w)) + (fabs(m->w2) + fabs(m->wmean)))) +
			((fabs(m->wm2) + fabs(m->w2mean)) + fabs(m->w2m2));
	}
	else if (mode == WALK_APPLY)
		moments_add(m, z, w);
	else
		stage_moments(rw->st, m, z, w);
}

/* The auxiliary value's cut-offs, strict inequalities on the rounded z. */
static GS_ALWAYS_INLINE void
walk_cutoffs(walk_mode mode, row_walk *rw, gs_indicator_sums *ind, double aux, double w)
{
	if (aux < -3.0)
		walk_count(mode, rw, &ind->cut[0], w);
	if (aux < -2.0)
		walk_count(mode, rw, &ind->cut[1], w);
	if (aux < -1.0)
		walk_count(mode, rw, &ind->cut[2], w);
	if (aux > 1.0)
		walk_count(mode, rw, &ind->cut[3], w);
	if (aux > 2.0)
		walk_count(mode, rw, &ind->cut[4], w);
	if (aux > 3.0)
		walk_count(mode, rw, &ind->cut[5], w);
}

/*
 * The tenths digit of x (kg or cm) for the digit preference counts; -1: none.
 * round(x * 10) is a whole number in [0, 1e10], exact in an int64_t, so its
 * remainder by 10 is the digit fmod(round(x * 10), 10) gives, at a fraction
 * of fmod's cost (two calls a row were a third of gs_add's time).
 */
static inline int
tenths_digit(double x)
{
	if (isnan(x) || !(x >= 0.0 && x < 1e9))
		return -1;
	return (int) ((int64_t) round(x * 10.0) % 10);
}

/*
 * Everything a kept row (0..228 months or age missing) adds to, in one
 * order for all three modes (the staged path reports the first value that
 * would overflow in this order).  The digits are worked out once, by the
 * caller.
 */
static GS_ALWAYS_INLINE void
walk_row(walk_mode mode, row_walk *rw, growth_summary *s, const gs_row *row,
		 double months, int weight_digit, int lenhei_digit)
{
	double		w = row->sampling_weight;
	bool		ref2007 = months >= 60.0;
	double		ha = NAN;
	double		wh_aux = NAN;

	walk_inc(mode, rw, &s->rows);
	if (w > 0.0)
		walk_inc(mode, rw, &s->rows_positive);
	if (!row->in_domain)
		return;

	walk_inc(mode, rw, &s->domain_rows);
	walk_inc(mode, rw, &s->sex[row->sex]);
	if (isnan(months))
		walk_inc(mode, rw, &s->age_missing);
	else
		walk_inc(mode, rw, &s->age_months[(int) months]);
	if (ref2007)
		walk_inc(mode, rw, &s->ref2007_rows);
	if (months > WFA_2007_MAX_MONTHS)
		walk_inc(mode, rw, &s->rows_over_120mo);
	if (weight_digit >= 0)
		walk_inc(mode, rw, &s->weight_digit[weight_digit]);
	if (lenhei_digit >= 0)
		walk_inc(mode, rw, &s->lenhei_digit[lenhei_digit]);

	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		gs_indicator_sums *ind = &s->ind[i];
		bool		flagged = row->flag[i] == WHO_FLAG_YES;
		double		z = flagged ? NAN : row->z[i];
		bool		oedema_aux = false;
		double		aux;

		if (row->oedema && i != GS_HA)
			oedema_aux = !ref2007 ||
				(i == GS_BMI || (i == GS_WA && months <= WFA_2007_MAX_MONTHS));
		aux = oedema_aux ? OEDEMA_AUX : z;

		if (!isnan(aux))
		{
			walk_count(mode, rw, &ind->pop, w);
			walk_cutoffs(mode, rw, ind, aux, w);
		}
		if (!oedema_aux && !isnan(z))
			walk_moments(mode, rw, &ind->z, z, w);

		if (oedema_aux)
			walk_inc(mode, rw, &ind->oedema);
		else if (flagged)
			walk_inc(mode, rw, &ind->flagged);
		else if (isnan(z) && indicator_applies(i, ref2007, months))
			walk_inc(mode, rw, &ind->missing);

		if (i == GS_HA)
			ha = z;
		else if (i == GS_WH)
			wh_aux = aux;
	}

	/* §8.1 step 4: the combined indicators, NA if either part is NA */
	if (!isnan(ha) && !isnan(wh_aux))
	{
		walk_count(mode, rw, &s->combined_pop, w);
		if (ha < -2.0 && wh_aux < -2.0)
			walk_count(mode, rw, &s->combined[0], w);
		if (ha < -2.0 && wh_aux > 2.0)
			walk_count(mode, rw, &s->combined[1], w);
	}
}

/* The slow path: stage, check, store only if every value is fine. */
static GS_NOINLINE gs_status
add_staged(growth_summary *s, const gs_row *row, double months, int weight_digit,
		   int lenhei_digit, bool weighted, size_t *where)
{
	staged_row	st;
	row_walk	rw;

	st.s = s;
	st.overflow = NULL;
	st.n_inc = st.n_count = st.n_moments = 0;
	rw.weighted = weighted;
	rw.st = &st;
	walk_row(WALK_STAGE, &rw, s, row, months, weight_digit, lenhei_digit);
	return apply_staged(&st, weighted, where);
}

gs_status
gs_add(growth_summary *s, const gs_row *row, size_t *where)
{
	double		w = row->sampling_weight;
	double		months = row->age_days / WHO_DAYS_PER_MONTH;	/* NaN if missing */
	bool		weighted = s->weighted || w != 1.0;
	int			weight_digit = -1;
	int			lenhei_digit = -1;
	row_walk	rw;

	/*
	 * §9.2: anthroplus keeps 60..228 months; anthro keeps the rest (§8.1).
	 * A negative age (which the SQL glue rejects) is not kept either.
	 */
	if (months > REF2007_MAX_MONTHS || months < 0.0)
	{
		if (GS_UNLIKELY(s->excluded_rows == INT64_MAX))
			return at(offsetof(growth_summary, excluded_rows), GS_COUNT_OVERFLOW, where);
		s->excluded_rows++;
		return GS_OK;
	}
	if (row->in_domain)
	{
		weight_digit = tenths_digit(row->weight_kg);
		lenhei_digit = tenths_digit(row->lenhei_cm);
	}

	rw.weighted = weighted;
	rw.counts = 0;
	rw.size = 0.0;
	rw.unsure = weighted && !(w >= 0.0 && w <= FAST_MAX_WEIGHT);
	rw.st = NULL;
	walk_row(WALK_CHECK, &rw, s, row, months, weight_digit, lenhei_digit);
	if (GS_UNLIKELY(rw.unsure || rw.counts >= FAST_MAX_COUNT || !(rw.size <= FAST_MAX_SIZE)))
		return add_staged(s, row, months, weight_digit, lenhei_digit, weighted, where);

	walk_row(WALK_APPLY, &rw, s, row, months, weight_digit, lenhei_digit);
	s->weighted = weighted;
	return GS_OK;
}

/* Every sum of a merged summary r that its text input would reject. */
static gs_status
merged_status(const growth_summary *r, const int64_t *overflow, size_t *where)
{
	gs_status	status;

	if (overflow != NULL)
		return at(OFFSET_IN(r, overflow), GS_COUNT_OVERFLOW, where);
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		const gs_indicator_sums *ind = &r->ind[i];

		if ((status = count_status(&ind->pop, r->weighted, OFFSET_IN(r, &ind->pop), where)) != GS_OK)
			return status;
		for (int k = 0; k < GS_N_CUTOFFS; k++)
			if ((status = count_status(&ind->cut[k], r->weighted,
									   OFFSET_IN(r, &ind->cut[k]), where)) != GS_OK)
				return status;
		if ((status = moments_status(&ind->z, r->weighted, OFFSET_IN(r, &ind->z), where)) != GS_OK)
			return status;
	}
	if ((status = count_status(&r->combined_pop, r->weighted,
							   OFFSET_IN(r, &r->combined_pop), where)) != GS_OK)
		return status;
	for (int k = 0; k < GS_N_COMBINED; k++)
		if ((status = count_status(&r->combined[k], r->weighted,
								   OFFSET_IN(r, &r->combined[k]), where)) != GS_OK)
			return status;
	return GS_OK;
}

gs_status
gs_merge(growth_summary *into, const growth_summary *from, size_t *where)
{
	growth_summary r = *into;	/* the result, copied back only if it is fine */
	int64_t    *overflow = NULL;
	gs_status	st;

	add_count(&r.rows, from->rows, &overflow);
	add_count(&r.rows_positive, from->rows_positive, &overflow);
	r.weighted |= from->weighted;
	add_count(&r.domain_rows, from->domain_rows, &overflow);
	add_count(&r.excluded_rows, from->excluded_rows, &overflow);
	add_count(&r.ref2007_rows, from->ref2007_rows, &overflow);
	add_count(&r.rows_over_120mo, from->rows_over_120mo, &overflow);
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		gs_indicator_sums *a = &r.ind[i];
		const gs_indicator_sums *b = &from->ind[i];

		count_merge(&a->pop, &b->pop, &overflow);
		for (int k = 0; k < GS_N_CUTOFFS; k++)
			count_merge(&a->cut[k], &b->cut[k], &overflow);
		moments_merge(&a->z, &b->z, &overflow);
		add_count(&a->flagged, b->flagged, &overflow);
		add_count(&a->oedema, b->oedema, &overflow);
		add_count(&a->missing, b->missing, &overflow);
	}
	count_merge(&r.combined_pop, &from->combined_pop, &overflow);
	for (int k = 0; k < GS_N_COMBINED; k++)
		count_merge(&r.combined[k], &from->combined[k], &overflow);
	for (int k = 0; k < 3; k++)
		add_count(&r.sex[k], from->sex[k], &overflow);
	add_count(&r.age_missing, from->age_missing, &overflow);
	for (int k = 0; k <= GS_MAX_MONTH; k++)
		add_count(&r.age_months[k], from->age_months[k], &overflow);
	for (int k = 0; k < 10; k++)
	{
		add_count(&r.weight_digit[k], from->weight_digit[k], &overflow);
		add_count(&r.lenhei_digit[k], from->lenhei_digit[k], &overflow);
	}
	if ((st = merged_status(&r, overflow, where)) == GS_OK)
		*into = r;
	return st;
}

/*
 * anthroplus blanks every weight-for-age column of its all-ages rows (All,
 * Sex), because weight-for-age stops at 120 months (§9.2).  A summary that
 * spans 120 months - children younger and children older - is such a row.
 */
static bool
wa_blanked(const growth_summary *s)
{
	int64_t		under_120 = 0;

	if (s->rows_over_120mo == 0)
		return false;
	for (int k = 0; k < 120; k++)
		under_120 += s->age_months[k];
	return under_120 > 0;
}

static void
estimate_missing(gs_estimate *e)
{
	e->r = e->se = e->ll = e->ul = e->stdev = NAN;
	e->pop = NAN;
	e->unwpop = -1;				/* NULL */
}

/* §8.4: SE = sqrt(N/(N-1)) / W * sqrt(sum (w (y - r))^2), in R's order. */
static double
linearised_se(const growth_summary *s, double sum_sq, double w)
{
	double		big_n = (double) s->rows;

	return sqrt(big_n / (big_n - 1.0)) / w * sqrt(sum_sq);
}

static double
expit(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

static void
prevalence_of(const growth_summary *s, const gs_count *pop, const gs_count *yes,
			  gs_estimate *e)
{
	double		big_n = (double) s->rows;
	double		p;
	double		se;

	estimate_missing(e);
	e->pop = pop->w;
	e->unwpop = pop->n;
	if (pop->n == 0 || !(pop->w > 0.0))
		return;
	p = yes->w / pop->w;
	if (p > 1.0)
		p = 1.0;				/* a sum of a subset can round above the whole */
	se = linearised_se(s, (1.0 - p) * (1.0 - p) * yes->w2 + p * p * (pop->w2 - yes->w2),
					   pop->w);
	e->r = 100.0 * p;
	e->se = 100.0 * se;

	if (!s->weighted)
	{
		/* anthro's simple design: logit interval in closed form */
		if (p == 1.0)
			e->ll = e->ul = 100.0;
		else if (p == 0.0)
			e->ll = e->ul = 0.0;
		else
		{
			double		logit = log(p / (1.0 - p));
			double		logit_var = 1.0 / ((double) pop->n * p * (1.0 - p));
			double		se_logit = sqrt(big_n / (big_n - 1.0) * logit_var);
			double		t = student_t_975(big_n - 1.0);

			e->ll = 100.0 * expit(logit - se_logit * t);
			e->ul = 100.0 * expit(logit + se_logit * t);
		}
	}
	else
	{
		/*
		 * The weights-only design: survey::svyciprop(method = "logit"), the
		 * same Wald-t interval on the logit scale, with survey's df (rows of
		 * positive weight - 1).  WHO's code tests "p == 1" on the percentage,
		 * so exactly 1 % gets the interval [1, 1] (spec §8.4, §10.7); kept
		 * for parity.
		 */
		if (e->r == 1.0)
			e->ll = e->ul = 1.0;
		else if (p == 1.0)
			e->ll = e->ul = 100.0;
		else if (p == 0.0)
			e->ll = e->ul = 0.0;
		else
		{
			double		se_logit = se / (p * (1.0 - p));
			double		logit = log(p / (1.0 - p));
			double		t = student_t_975((double) s->rows_positive - 1.0);

			e->ll = 100.0 * expit(logit - se_logit * t);
			e->ul = 100.0 * expit(logit + se_logit * t);
		}
	}
}

static int
indicator_of(const char *name, size_t len)
{
	for (int i = 0; i < GS_N_INDICATORS; i++)
		if (strlen(indicator_names[i]) == len && strncasecmp(name, indicator_names[i], len) == 0)
			return i;
	return -1;
}

bool
gs_prevalence(const growth_summary *s, const char *key, gs_estimate *out)
{
	for (int k = 0; k < GS_N_COMBINED; k++)
		if (strcasecmp(key, combined_names[k]) == 0)
		{
			prevalence_of(s, &s->combined_pop, &s->combined[k], out);
			return true;
		}
	for (int k = 0; k < GS_N_CUTOFFS; k++)
	{
		size_t		len = strlen(key);
		size_t		suffix = strlen(cutoff_names[k]);
		int			i;

		if (len <= suffix || strcmp(key + len - suffix, cutoff_names[k]) != 0)
			continue;
		i = indicator_of(key, len - suffix);
		if (i < 0)
			continue;
		if (i == GS_WA && wa_blanked(s))
			estimate_missing(out);
		else
			prevalence_of(s, &s->ind[i].pop, &s->ind[i].cut[k], out);
		return true;
	}
	return false;
}

bool
gs_zscore_mean(const growth_summary *s, const char *indicator, gs_estimate *out)
{
	int			i = indicator_of(indicator, strlen(indicator));
	const gs_moments *m;
	double		big_n = (double) s->rows;
	double		n;
	double		r;
	double		sum_sq;
	double		t;

	if (i < 0)
		return false;
	estimate_missing(out);
	if (i == GS_WA && wa_blanked(s))
		return true;
	out->pop = s->ind[i].pop.w;
	out->unwpop = s->ind[i].pop.n;
	m = &s->ind[i].z;
	if (m->n == 0 || !(m->w > 0.0))
		return true;

	n = (double) m->n;
	r = m->wmean;
	/* sum w^2 (z - r)^2 around the w-weighted mean r */
	sum_sq = m->w2m2 + m->w2 * (m->w2mean - r) * (m->w2mean - r);
	t = student_t_975(big_n - 1.0);
	out->r = r;
	out->se = linearised_se(s, sum_sq, m->w);
	out->ll = r - out->se * t;
	out->ul = r + out->se * t;
	/* Kish's n/(n-1); anthro's zscore_estimate_weighted (sd() without weights) */
	out->stdev = m->n > 1 ? sqrt(m->wm2 / m->w * n / (n - 1.0)) : NAN;
	return true;
}

double
gs_sd(const gs_moments *m)
{
	return m->n > 1 ? sqrt(m->m2 / ((double) m->n - 1.0)) : NAN;
}

/* Sample skewness sqrt(n) sum d^3 / (sum d^2)^(3/2) (data-quality.md §5.2). */
double
gs_skewness(const gs_moments *m)
{
	if (m->n < 3 || !(m->m2 > 0.0))
		return NAN;
	return sqrt((double) m->n) * m->m3 / pow(m->m2, 1.5);
}

/* Excess kurtosis n sum d^4 / (sum d^2)^2 - 3 (data-quality.md §5.2). */
double
gs_excess_kurtosis(const gs_moments *m)
{
	if (m->n < 4 || !(m->m2 > 0.0))
		return NAN;
	return (double) m->n * m->m4 / (m->m2 * m->m2) - 3.0;
}
