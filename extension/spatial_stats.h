/*
 * spatial_stats.h - local spatial statistics for hotspot maps, plain C (no
 * postgres.h): Getis-Ord Gi* and Local Moran's I with analytic and
 * conditional-permutation inference, empirical Bayes rate smoothing and the
 * Benjamini-Hochberg false discovery rate.
 *
 * The analytic values are what PySAL's esda computes (G_Local with
 * star=True, transform='B'; Moran_Local with transformation='r'; the
 * Empirical_Bayes and Spatial_Empirical_Bayes smoothers); formulas and
 * departures in ../shared/spec/spatial.md §4.2 and the README.  Results
 * that are undefined (an island, a variable without variance) are NaN.
 */
#ifndef STUNTING_SPATIAL_STATS_H
#define STUNTING_SPATIAL_STATS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Binary, symmetric neighbours in compressed rows: the neighbours of i are
 * nbr[start[i]] .. nbr[start[i + 1] - 1], sorted, without i itself and
 * without repeats.
 */
typedef struct sp_graph
{
	int			n;
	const int  *start;			/* n + 1 entries */
	const int  *nbr;
} sp_graph;

/*
 * Builds the rows from m pairs (from[k], to[k]) of indexes in 0..n-1, each
 * pair given in one or both directions; self pairs and repeats are dropped.
 * start needs n + 1 entries, nbr 2 m.  Returns the number of entries used.
 */
extern int	sp_graph_build(int n, int m, const int *from, const int *to,
						   int *start, int *nbr);

/* A small fast generator (xoshiro256**, seeded by splitmix64). */
typedef struct sp_rng
{
	uint64_t	s[4];
} sp_rng;

extern void sp_rng_seed(sp_rng *r, uint64_t seed);
extern uint64_t sp_rng_next(sp_rng *r);
/* Uniform in 0 .. bound - 1 (bound > 0), without modulo bias. */
extern uint32_t sp_rng_below(sp_rng *r, uint32_t bound);

/*
 * Interrupts: the glue sets a hook that returns true when the caller wants
 * the work stopped (PostgreSQL: a cancel, a timeout or a terminate is
 * pending).  sp_local_gi_star and sp_local_moran poll it every
 * SP_POLL_EVERY permutations and every SP_POLL_EVERY areas; when it says
 * stop they return SP_CANCELLED at once (they allocate nothing: the
 * outputs are then incomplete).  NULL (the default) never stops.
 */
typedef bool (*sp_interrupt_hook) (void);
extern void sp_set_interrupt_hook(sp_interrupt_hook hook);
#define SP_POLL_EVERY 1024
#define SP_OK 0
#define SP_CANCELLED 1

/*
 * Scratch memory the permutation tests need: 2 n ints.  The results do not
 * depend on it.
 */
#define SP_SCRATCH_INTS(n) (2 * (size_t) (n))

/*
 * Gi* with binary weights and the self weight 1.  Per area: g (NaN for an
 * island or when the values sum to 0), z and the two-sided normal p_norm
 * (NaN where the variance is 0), and, when permutations > 0, the two-sided
 * conditional-permutation pseudo p (NaN for islands): the area's own value
 * kept, its k neighbours' values drawn without replacement from the other
 * n - 1 areas, 2 (min(#sim >= g, #sim <= g) + 1) / (R + 1), at most 1.
 * Each area draws from its own stream of sp_rng, seeded from (seed, i), so
 * the result is reproducible for a seed.  Returns SP_OK or SP_CANCELLED.
 */
extern int	sp_local_gi_star(const sp_graph *g, const double *y, int permutations,
							 uint64_t seed, double *G, double *z, double *p_norm,
							 double *p_sim, int *scratch);

/* Local Moran quadrants as esda codes them (a value or lag of 0 is not high). */
typedef enum sp_quadrant
{
	SP_QUAD_NONE = 0,			/* undefined (island, no variance) */
	SP_QUAD_HH = 1,
	SP_QUAD_LH = 2,
	SP_QUAD_LL = 3,
	SP_QUAD_HL = 4
} sp_quadrant;

/*
 * Local Moran's I with row-standardised weights: I, the quadrant, z_norm
 * from esda's total-randomisation moments EI and VI, the two-sided normal
 * p_norm, and the two-sided conditional-permutation pseudo p.  An island
 * gets NaN everywhere and SP_QUAD_NONE; so does every area when the values
 * have no variance.  work needs n doubles.  Returns SP_OK or SP_CANCELLED.
 */
extern int	sp_local_moran(const sp_graph *g, const double *y, int permutations,
						   uint64_t seed, double *I, sp_quadrant *quadrant,
						   double *z_norm, double *p_norm, double *p_sim,
						   int *scratch, double *work);

typedef enum sp_eb_method
{
	SP_EB_POISSON,				/* Marshall 1991, as esda and GeoDa */
	SP_EB_BINOMIAL				/* beta-binomial moments, Martuzzi & Elliott 1996 */
} sp_eb_method;

/*
 * Empirical Bayes smoothing of rates cases / population (population > 0,
 * and cases <= population for the binomial method).  With g == NULL the
 * prior is global; otherwise each area's prior is computed over the area
 * and its neighbours.  raw gets cases / population, smoothed the estimate.
 */
extern void sp_eb_smooth(const sp_graph *g, int n, const double *cases,
						 const double *population, sp_eb_method method,
						 double *raw, double *smoothed);

/*
 * Benjamini-Hochberg: significant[i] when p[i] <= the largest p(k) (k-th
 * smallest) with p(k) <= k alpha / m, over the m values that are not NaN
 * (NaN p gives false).  work needs n entries.
 */
typedef struct sp_ranked
{
	double		p;
	int			i;
} sp_ranked;

extern void sp_fdr(int n, const double *p, double alpha, bool *significant,
				   sp_ranked *work);

#endif
