/*
 * spatial_stats.c - local spatial statistics, plain C (no postgres.h).
 *
 * The analytic parts follow PySAL esda's code operation by operation
 * (esda/getisord.py G_Local.calc, esda/moran.py Moran_Local.__calc,
 * __quads and __moments, esda/smoothing.py), so that the values agree to
 * rounding.  The permutation tests follow esda's conditional randomisation
 * (esda/crand.py) and its two-sided pseudo p (esda/significance.py) in
 * distribution, with a generator of their own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spatial_stats.h"

/*
 * A variance below this share of the squared mean is the rounding noise of
 * equal values (0.2 three times has a computed variance of about 1e-33),
 * not a variance: the statistics are then undefined (NaN), where esda
 * would divide by the noise.
 */
#define NEGLIGIBLE_VARIANCE 1e-24

/* ---- interrupts ---- */

static sp_interrupt_hook interrupt_hook;

void
sp_set_interrupt_hook(sp_interrupt_hook hook)
{
	interrupt_hook = hook;
}

static inline bool
interrupted(void)
{
	return interrupt_hook != NULL && interrupt_hook();
}

/* ---- neighbours ---- */

static int
cmp_int(const void *a, const void *b)
{
	int			x = *(const int *) a;
	int			y = *(const int *) b;

	return (x > y) - (x < y);
}

int
sp_graph_build(int n, int m, const int *from, const int *to, int *start, int *nbr)
{
	int			out = 0;

	memset(start, 0, sizeof(int) * (size_t) (n + 1));
	for (int k = 0; k < m; k++)
		if (from[k] != to[k])
		{
			start[from[k] + 1]++;
			start[to[k] + 1]++;
		}
	for (int i = 0; i < n; i++)
		start[i + 1] += start[i];
	/* fill both directions, using start[i] as the cursor of row i */
	for (int k = 0; k < m; k++)
		if (from[k] != to[k])
		{
			nbr[start[from[k]]++] = to[k];
			nbr[start[to[k]]++] = from[k];
		}
	/* the cursors now sit at the ends of the rows: shift back */
	for (int i = n; i > 0; i--)
		start[i] = start[i - 1];
	start[0] = 0;
	/* sort each row, drop repeats, compact */
	for (int i = 0; i < n; i++)
	{
		int			a = start[i];
		int			b = start[i + 1];
		int			row = out;

		qsort(nbr + a, (size_t) (b - a), sizeof(int), cmp_int);
		for (int k = a; k < b; k++)
			if (k == a || nbr[k] != nbr[k - 1])
				nbr[out++] = nbr[k];
		start[i] = row;
	}
	start[n] = out;
	return out;
}

/* ---- random numbers ---- */

static inline uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void
sp_rng_seed(sp_rng *r, uint64_t seed)
{
	uint64_t	x = seed;

	for (int k = 0; k < 4; k++)
		r->s[k] = splitmix64(&x);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
sp_rng_next(sp_rng *r)
{
	uint64_t   *s = r->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Lemire's nearly divisionless method: unbiased. */
uint32_t
sp_rng_below(sp_rng *r, uint32_t bound)
{
	uint64_t	m = (uint64_t) (uint32_t) (sp_rng_next(r) >> 32) * bound;
	uint32_t	low = (uint32_t) m;

	if (low < bound)
	{
		uint32_t	threshold = -bound % bound;

		while (low < threshold)
		{
			m = (uint64_t) (uint32_t) (sp_rng_next(r) >> 32) * bound;
			low = (uint32_t) m;
		}
	}
	return (uint32_t) (m >> 32);
}

/* The stream of area i: independent of the other areas and of n. */
static inline void
area_rng(sp_rng *r, uint64_t seed, int i)
{
	sp_rng_seed(r, seed ^ (0xD1B54A32D192ED03ULL * (uint64_t) (i + 1)));
}

/* ---- conditional permutation ---- */

/*
 * Draws k of the n - 1 areas other than i without replacement and returns
 * the sum of their values times w.  Few draws (the usual case): rejection
 * against marks in stamp[] (tag changes every draw set).  Many (k more
 * than half of them): a partial Fisher-Yates shuffle of pool[], which the
 * caller filled with the other areas.
 */
typedef struct sampler
{
	int			n;
	int		   *stamp;
	int		   *pool;
	int			pool_for;		/* the area pool[] holds the others of, or -1 */
	int			tag;
} sampler;

static void
sampler_init(sampler *s, int n, int *scratch)
{
	s->n = n;
	s->stamp = scratch;
	s->pool = scratch + n;
	s->pool_for = -1;
	s->tag = 0;
	memset(s->stamp, 0, sizeof(int) * (size_t) n);
}

static double
sample_sum(sampler *s, sp_rng *r, const double *v, double w, int i, int k)
{
	int			n = s->n;
	double		sum = 0.0;

	if (2 * k <= n - 1)
	{
		if (++s->tag == 0x7fffffff)
		{
			memset(s->stamp, 0, sizeof(int) * (size_t) n);
			s->tag = 1;
		}
		for (int c = 0; c < k; c++)
		{
			int			j;

			do
			{
				j = (int) sp_rng_below(r, (uint32_t) (n - 1));
				if (j >= i)
					j++;
			} while (s->stamp[j] == s->tag);
			s->stamp[j] = s->tag;
			sum += v[j] * w;
		}
		return sum;
	}
	if (s->pool_for != i)
	{
		int			p = 0;

		for (int j = 0; j < n; j++)
			if (j != i)
				s->pool[p++] = j;
		s->pool_for = i;
	}
	for (int c = 0; c < k; c++)
	{
		int			pick = c + (int) sp_rng_below(r, (uint32_t) (n - 1 - c));
		int			j = s->pool[pick];

		s->pool[pick] = s->pool[c];
		s->pool[c] = j;
		sum += v[j] * w;
	}
	return sum;
}

/* esda's two-sided pseudo p: both tails count ties, doubled, capped at 1. */
static inline double
pseudo_p(int greater, int lesser, int permutations)
{
	int			extreme = greater < lesser ? greater : lesser;
	double		p = 2.0 * (extreme + 1.0) / (permutations + 1.0);

	return p < 1.0 ? p : 1.0;
}

/*
 * The pseudo p of area i by conditional permutation: each of `permutations`
 * draws takes k of the other areas' values (times w) and gives the
 * statistic (c0 + their sum) c1 / c2, compared with the observed one.
 * Area i draws from its own stream, so the result does not depend on the
 * other areas.
 */
static bool
permutation_p(sampler *s, uint64_t seed, int i, int k, const double *v, double w,
			  double c0, double c1, double c2, double observed, int permutations,
			  double *p_out)
{
	sp_rng		r;
	int			greater = 0;
	int			lesser = 0;

	area_rng(&r, seed, i);
	for (int p = 0; p < permutations; p++)
	{
		double		sim;

		if (p % SP_POLL_EVERY == SP_POLL_EVERY - 1 && interrupted())
			return false;
		sim = (c0 + sample_sum(s, &r, v, w, i, k)) * c1 / c2;
		greater += sim >= observed;
		lesser += sim <= observed;
	}
	*p_out = pseudo_p(greater, lesser, permutations);
	return true;
}

/* Two-sided normal p of a z-score; NaN stays NaN. */
static inline double
two_sided_normal_p(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

/* ---- Gi* ---- */

int
sp_local_gi_star(const sp_graph *g, const double *y, int permutations,
				 uint64_t seed, double *G, double *z, double *p_norm,
				 double *p_sim, int *scratch)
{
	int			n = g->n;
	double		sum = 0.0;
	double		sum_sq = 0.0;
	double		mean;
	double		variance;
	sampler		s;

	for (int i = 0; i < n; i++)
	{
		sum += y[i];
		sum_sq += y[i] * y[i];
	}
	/* esda: N = n for Gi*, mean of squares minus squared mean */
	mean = sum / n;
	variance = sum_sq / n - mean * mean;
	/* equal values leave rounding noise, not a variance */
	if (variance <= NEGLIGIBLE_VARIANCE * mean * mean)
		variance = 0.0;
	if (permutations > 0)
		sampler_init(&s, n, scratch);

	for (int i = 0; i < n; i++)
	{
		int			k = g->start[i + 1] - g->start[i];
		double		lag = y[i];	/* the self weight 1 */
		double		card = k + 1.0;
		double		ev;
		double		vv;

		if (i % SP_POLL_EVERY == SP_POLL_EVERY - 1 && interrupted())
			return SP_CANCELLED;
		G[i] = z[i] = p_norm[i] = p_sim[i] = NAN;
		if (k == 0)
			continue;			/* an island: Gi* would only see the area itself */
		for (int e = g->start[i]; e < g->start[i + 1]; e++)
			lag += y[g->nbr[e]];
		G[i] = lag / sum;
		if (!isfinite(G[i]))
		{
			G[i] = NAN;
			continue;
		}
		ev = card / n;
		vv = card * (n - card);
		vv /= n - 1.0;
		vv *= 1.0 / ((double) n * n);
		vv *= variance / (mean * mean);
		z[i] = (G[i] - ev) / sqrt(vv);
		if (!isfinite(z[i]))
			z[i] = NAN;
		else
			p_norm[i] = two_sided_normal_p(z[i]);

		if (permutations > 0 &&	/* sim = (y_i + draws) / sum */
			!permutation_p(&s, seed, i, k, y, 1.0, y[i], 1.0, sum,
						   G[i], permutations, &p_sim[i]))
			return SP_CANCELLED;
	}
	return SP_OK;
}

/* ---- Local Moran ---- */

int
sp_local_moran(const sp_graph *g, const double *y, int permutations,
			   uint64_t seed, double *I, sp_quadrant *quadrant,
			   double *z_norm, double *p_norm, double *p_sim, int *scratch,
			   double *zv)
{
	int			n = g->n;
	double		mean = 0.0;
	double		var = 0.0;
	double		sd;
	double		den = 0.0;
	double		m2;
	sampler		s;

	for (int i = 0; i < n; i++)
	{
		I[i] = z_norm[i] = p_norm[i] = p_sim[i] = NAN;
		quadrant[i] = SP_QUAD_NONE;
	}
	for (int i = 0; i < n; i++)
		mean += y[i];
	mean /= n;
	for (int i = 0; i < n; i++)
		var += (y[i] - mean) * (y[i] - mean);
	sd = sqrt(var / n);			/* numpy's std, ddof 0 */
	/* equal values leave rounding noise, not a variance */
	if (!(var / n > NEGLIGIBLE_VARIANCE * mean * mean) || n < 3)
		return SP_OK;
	for (int i = 0; i < n; i++)
	{
		zv[i] = (y[i] - mean) / sd;
		den += zv[i] * zv[i];
	}
	m2 = den / n;
	if (permutations > 0)
		sampler_init(&s, n, scratch);

	for (int i = 0; i < n; i++)
	{
		int			k = g->start[i + 1] - g->start[i];
		double		w;
		double		lag = 0.0;
		double		wi = 0.0;
		double		wi2 = 0.0;
		double		b2;
		double		n1 = n - 1.0;
		double		ei;
		double		vi;

		if (i % SP_POLL_EVERY == SP_POLL_EVERY - 1 && interrupted())
			return SP_CANCELLED;
		if (k == 0)
			continue;			/* an island: no lag, no variance */
		w = 1.0 / k;			/* row-standardised */
		for (int e = g->start[i]; e < g->start[i + 1]; e++)
		{
			lag += w * zv[g->nbr[e]];
			wi += w;
			wi2 += w * w;
		}
		I[i] = n1 * zv[i] * lag / den;
		if (zv[i] > 0.0)
			quadrant[i] = lag > 0.0 ? SP_QUAD_HH : SP_QUAD_HL;
		else
			quadrant[i] = lag > 0.0 ? SP_QUAD_LH : SP_QUAD_LL;

		/*
		 * Total randomisation (esda Moran_Local.__moments).  esda takes m4
		 * per area, z_i^4 / n, not summed: followed here for equal values.
		 */
		b2 = (pow(zv[i], 4) / n) / (m2 * m2);
		ei = -wi / n1;
		vi = wi2 * (n - b2) / n1;
		vi += (wi * wi - wi2) * (2.0 * b2 - n) / (n1 * (n - 2.0));
		vi -= (-wi / n1) * (-wi / n1);
		z_norm[i] = (I[i] - ei) / sqrt(vi);
		if (!isfinite(z_norm[i]))
			z_norm[i] = NAN;
		else
			p_norm[i] = two_sided_normal_p(z_norm[i]);

		if (permutations > 0 &&	/* sim = (n - 1) z_i lag / den */
			!permutation_p(&s, seed, i, k, zv, w, 0.0, n1 * zv[i], den,
						   I[i], permutations, &p_sim[i]))
			return SP_CANCELLED;
	}
	return SP_OK;
}

/* ---- empirical Bayes ---- */

/*
 * Prior variance by the method of moments from the population-weighted
 * variance s2 of the rates around beta and the mean population bbar;
 * never below 0 (and, binomial, never above beta (1 - beta)).
 */
static double
prior_variance(sp_eb_method method, double beta, double s2, double bbar)
{
	double		alpha;

	if (method == SP_EB_POISSON)
		alpha = s2 - beta / bbar;
	else
	{
		double		v = beta * (1.0 - beta);

		alpha = bbar > 1.0 ? (s2 - v / bbar) / (1.0 - 1.0 / bbar) : 0.0;
		if (alpha > v)
			alpha = v;
	}
	return alpha > 0.0 ? alpha : 0.0;
}

/* The estimate for one area from its prior (beta, alpha). */
static double
shrink(sp_eb_method method, double beta, double alpha, double rate, double b)
{
	double		noise = method == SP_EB_POISSON ? beta / b
		: (beta * (1.0 - beta) - alpha) / b;
	double		weight = alpha + noise > 0.0 ? alpha / (alpha + noise) : 0.0;

	return beta + (rate - beta) * weight;
}

void
sp_eb_smooth(const sp_graph *g, int n, const double *cases,
			 const double *population, sp_eb_method method,
			 double *raw, double *smoothed)
{
	for (int i = 0; i < n; i++)
		raw[i] = cases[i] / population[i];

	if (g == NULL)
	{
		double		e_sum = 0.0;
		double		b_sum = 0.0;
		double		s2 = 0.0;
		double		beta;
		double		alpha;

		for (int i = 0; i < n; i++)
		{
			e_sum += cases[i];
			b_sum += population[i];
		}
		beta = e_sum / b_sum;
		for (int i = 0; i < n; i++)
			s2 += population[i] * (raw[i] - beta) * (raw[i] - beta);
		s2 /= b_sum;
		alpha = prior_variance(method, beta, s2, b_sum / n);
		for (int i = 0; i < n; i++)
			smoothed[i] = shrink(method, beta, alpha, raw[i], population[i]);
		return;
	}

	/* spatial: each area's prior from itself and its neighbours */
	for (int i = 0; i < n; i++)
	{
		double		e_sum = cases[i];
		double		b_sum = population[i];
		double		s2;
		double		beta;
		double		alpha;
		int			members = 1 + g->start[i + 1] - g->start[i];

		for (int e = g->start[i]; e < g->start[i + 1]; e++)
		{
			e_sum += cases[g->nbr[e]];
			b_sum += population[g->nbr[e]];
		}
		beta = e_sum / b_sum;
		s2 = population[i] * (raw[i] - beta) * (raw[i] - beta);
		for (int e = g->start[i]; e < g->start[i + 1]; e++)
		{
			int			j = g->nbr[e];

			s2 += population[j] * (raw[j] - beta) * (raw[j] - beta);
		}
		s2 /= b_sum;
		alpha = prior_variance(method, beta, s2, b_sum / members);
		smoothed[i] = shrink(method, beta, alpha, raw[i], population[i]);
	}
}

/* ---- false discovery rate ---- */

static int
cmp_ranked(const void *a, const void *b)
{
	const sp_ranked *x = a;
	const sp_ranked *y = b;

	if (x->p != y->p)
		return (x->p > y->p) - (x->p < y->p);
	return (x->i > y->i) - (x->i < y->i);
}

void
sp_fdr(int n, const double *p, double alpha, bool *significant, sp_ranked *work)
{
	int			m = 0;
	double		threshold = -1.0;

	for (int i = 0; i < n; i++)
		if (!isnan(p[i]))
		{
			work[m].p = p[i];
			work[m].i = i;
			m++;
		}
	qsort(work, (size_t) m, sizeof(sp_ranked), cmp_ranked);
	for (int k = m; k >= 1; k--)
		if (work[k - 1].p <= k * alpha / m)
		{
			threshold = work[k - 1].p;
			break;
		}
	for (int i = 0; i < n; i++)
		significant[i] = !isnan(p[i]) && p[i] <= threshold;
}
