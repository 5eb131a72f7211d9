/*
 * test_spatial.c - unit tests of the local spatial statistics
 * (spatial_stats.c), without a server.  Build and run: make unittest.
 *
 * Expected values are worked out by hand in the comments (chain, grid,
 * star), or are esda's own published output (the G_Local docstring
 * example); the permutation tests are checked for their properties.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spatial_stats.h"

static int	passed;
static int	failed;

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)
#define NEAR(a, b, tol) check(fabs((a) - (b)) <= (tol), #a " ~ " #b, __FILE__, __LINE__)

static int
check(int ok, const char *what, const char *file, int line)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
	return ok;
}

#define MAXN 4096

typedef struct graph_buf
{
	int			start[MAXN + 1];
	int			nbr[8 * MAXN];
	sp_graph	g;
} graph_buf;

static sp_graph *
build(graph_buf *b, int n, int m, const int *from, const int *to)
{
	sp_graph_build(n, m, from, to, b->start, b->nbr);
	b->g.n = n;
	b->g.start = b->start;
	b->g.nbr = b->nbr;
	return &b->g;
}

static int	scratch[2 * MAXN];
static double work[MAXN];
static graph_buf gb;

static void
test_graph(void)
{
	/* 0-1 twice (both directions), 1-1 (self), 1-2, 2-1 */
	int			from[] = {0, 1, 1, 1, 2};
	int			to[] = {1, 0, 1, 2, 1};
	sp_graph   *g = build(&gb, 4, 5, from, to);

	CHECK(g->start[0] == 0 && g->start[1] == 1 && g->start[2] == 3 &&
		  g->start[3] == 4 && g->start[4] == 4);
	CHECK(g->nbr[0] == 1 && g->nbr[1] == 0 && g->nbr[2] == 2 && g->nbr[3] == 1);
}

/*
 * esda's G_Local docstring: points (10,10) (20,10) (40,10) (15,20) (30,20)
 * (30,30), DistanceBand(threshold=15) (binary), y = 2 3 3.2 5 8 7,
 * G_Local(y, w, transform='B', star=True).Zs as printed there.
 */
static void
test_gi_star_esda_example(void)
{
	double		px[] = {10, 20, 40, 15, 30, 30};
	double		py[] = {10, 10, 10, 20, 20, 30};
	double		y[] = {2, 3, 3.2, 5, 8, 7};
	double		esda_z[] = {-1.39727626, -0.28917762, 0.65064964, -0.28917762,
	1.23452088, 2.02424331};
	int			from[16],
				to[16],
				m = 0;
	double		G[6],
				z[6],
				pn[6],
				ps[6];
	sp_graph   *g;

	for (int i = 0; i < 6; i++)
		for (int j = i + 1; j < 6; j++)
			if (hypot(px[i] - px[j], py[i] - py[j]) <= 15.0)
			{
				from[m] = i;
				to[m++] = j;
			}
	CHECK(m == 7);
	g = build(&gb, 6, m, from, to);
	sp_local_gi_star(g, y, 0, 0, G, z, pn, ps, scratch);
	for (int i = 0; i < 6; i++)
	{
		NEAR(z[i], esda_z[i], 5e-9);
		NEAR(pn[i], erfc(fabs(esda_z[i]) / sqrt(2.0)), 1e-8);
		CHECK(isnan(ps[i]));	/* no permutations asked */
	}
	/* G of area 0: (2 + 3 + 5) / 28.2 (itself, (20,10), (15,20)) */
	NEAR(G[0], 10.0 / 28.2, 1e-15);
}

/*
 * A chain 0-1-2-3-4 with y = 1..5.  z = (y - 3) / sqrt(2), sum z^2 = 5.
 * Local Moran: I_0 = 4 z0 z1 / 5 = 0.8, I_1 = 4 z1 (z0 + z2) / 2 / 5 = 0.4,
 * I_2 = 0 (z = 0 and lag 0: LL, as neither is high), I_3 = 0.4, I_4 = 0.8.
 */
static void
test_moran_chain(void)
{
	int			from[] = {0, 1, 2, 3};
	int			to[] = {1, 2, 3, 4};
	double		y[] = {1, 2, 3, 4, 5};
	double		I[5],
				zn[5],
				pn[5],
				ps[5];
	sp_quadrant q[5];
	sp_graph   *g = build(&gb, 5, 4, from, to);

	sp_local_moran(g, y, 99, 1, I, q, zn, pn, ps, scratch, work);
	NEAR(I[0], 0.8, 1e-12);
	NEAR(I[1], 0.4, 1e-12);
	NEAR(I[2], 0.0, 1e-12);
	NEAR(I[3], 0.4, 1e-12);
	NEAR(I[4], 0.8, 1e-12);
	CHECK(q[0] == SP_QUAD_LL && q[1] == SP_QUAD_LL && q[2] == SP_QUAD_LL &&
		  q[3] == SP_QUAD_HH && q[4] == SP_QUAD_HH);

	/*
	 * Total randomisation for area 0 (one neighbour: wi = wi2 = 1):
	 * m2 = 1, b2 = z0^4 / n = 4 / 5, EI = -1/4,
	 * VI = (5 - 0.8) / 4 + 0 - 1/16 = 0.9875, z = (0.8 + 0.25) / sqrt(0.9875).
	 */
	NEAR(zn[0], 1.05 / sqrt(0.9875), 1e-12);
	NEAR(pn[0], erfc(fabs(zn[0]) / sqrt(2.0)), 1e-15);
	for (int i = 0; i < 5; i++)
		CHECK(ps[i] >= 2.0 / 100 && ps[i] <= 1.0);
}

/*
 * A 3x3 rook grid with y = 1..9 row by row.  Gi* of the centre:
 * (5 + 2 + 4 + 6 + 8) / 45 = 5/9 = E[G] = 5/9: z = 0.  Corner 0:
 * (1 + 2 + 4) / 45, W = 3, mean 5, variance 60/9:
 * z = (7/45 - 1/3) / sqrt(3 * 6 / 8 / 81 * (60/9) / 25).
 */
static void
test_gi_star_grid(void)
{
	int			from[12],
				to[12],
				m = 0;
	double		y[9],
				G[9],
				z[9],
				pn[9],
				ps[9];
	sp_graph   *g;

	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 3; c++)
		{
			y[3 * r + c] = 3 * r + c + 1;
			if (c < 2)
			{
				from[m] = 3 * r + c;
				to[m++] = 3 * r + c + 1;
			}
			if (r < 2)
			{
				from[m] = 3 * r + c;
				to[m++] = 3 * (r + 1) + c;
			}
		}
	g = build(&gb, 9, m, from, to);
	sp_local_gi_star(g, y, 999, 42, G, z, pn, ps, scratch);
	NEAR(z[4], 0.0, 1e-12);
	NEAR(G[0], 7.0 / 45.0, 1e-15);
	NEAR(z[0], (7.0 / 45.0 - 1.0 / 3.0) / sqrt(3.0 * 6.0 / 8.0 / 81.0 * (60.0 / 9.0) / 25.0), 1e-12);
	/* symmetric: corners 0 and 8 mirror each other */
	NEAR(z[0], -z[8], 1e-12);
	CHECK(z[8] > 0 && pn[8] < 0.2);
	/* the centre's pseudo p is large (it is the middle of its distribution) */
	CHECK(ps[4] > 0.5);
}

/* A star: the hub sees every other area, so its Gi* has no variance. */
static void
test_star_and_island(void)
{
	/* hub 0, leaves 1..5; area 6 is an island */
	int			from[] = {0, 0, 0, 0, 0};
	int			to[] = {1, 2, 3, 4, 5};
	double		y[] = {10, 1, 2, 3, 4, 5, 6};
	double		G[7],
				z[7],
				pn[7],
				ps[7],
				I[7],
				zn[7];
	sp_quadrant q[7];
	sp_graph   *g = build(&gb, 7, 5, from, to);

	sp_local_gi_star(g, y, 199, 3, G, z, pn, ps, scratch);
	/* the hub's G is (everything but the island) / everything: not a test */
	NEAR(G[0], 25.0 / 31.0, 1e-15);
	CHECK(!isnan(z[0]));		/* W = 6 < n = 7: defined */
	/* hub: 5 neighbours of 6 others: the permutation draws almost all */
	CHECK(ps[0] > 0.0 && ps[0] <= 1.0);
	/* the island: NaN throughout */
	CHECK(isnan(G[6]) && isnan(z[6]) && isnan(pn[6]) && isnan(ps[6]));

	sp_local_moran(g, y, 199, 3, I, q, zn, pn, ps, scratch, work);
	CHECK(isnan(I[6]) && q[6] == SP_QUAD_NONE && isnan(zn[6]) && isnan(ps[6]));
	CHECK(!isnan(I[0]) && q[0] == SP_QUAD_HL);	/* 10 high, leaves low */
}

/* A hub connected to all others: W = n, the variance is 0, z is NaN. */
static void
test_full_hub(void)
{
	int			from[] = {0, 0, 0, 0};
	int			to[] = {1, 2, 3, 4};
	double		y[] = {5, 1, 2, 3, 4};
	double		G[5],
				z[5],
				pn[5],
				ps[5];
	sp_graph   *g = build(&gb, 5, 4, from, to);

	sp_local_gi_star(g, y, 99, 0, G, z, pn, ps, scratch);
	NEAR(G[0], 1.0, 1e-15);
	CHECK(isnan(z[0]) && isnan(pn[0]));
	/* every permutation draws all four others: ties on both sides, p = 1 */
	CHECK(ps[0] == 1.0);
}

/* Constant values: no variance anywhere. */
static void
test_constant(void)
{
	int			from[] = {0, 1, 2};
	int			to[] = {1, 2, 3};
	double		y[] = {0.2, 0.2, 0.2, 0.2};
	double		G[4],
				z[4],
				pn[4],
				ps[4],
				I[4],
				zn[4];
	sp_quadrant q[4];
	sp_graph   *g = build(&gb, 4, 3, from, to);

	sp_local_gi_star(g, y, 99, 0, G, z, pn, ps, scratch);
	for (int i = 0; i < 4; i++)
		CHECK(!isnan(G[i]) && isnan(z[i]) && isnan(pn[i]));
	sp_local_moran(g, y, 99, 0, I, q, zn, pn, ps, scratch, work);
	for (int i = 0; i < 4; i++)
		CHECK(isnan(I[i]) && q[i] == SP_QUAD_NONE && isnan(ps[i]));
	/* three equal values whose mean rounds: still no variance */
	{
		double		three[] = {0.2, 0.2, 0.2};
		int			f3[] = {0, 1};
		int			t3[] = {1, 2};
		sp_graph   *g3 = build(&gb, 3, 2, f3, t3);

		sp_local_moran(g3, three, 9, 0, I, q, zn, pn, ps, scratch, work);
		for (int i = 0; i < 3; i++)
			CHECK(isnan(I[i]) && q[i] == SP_QUAD_NONE);
		sp_local_gi_star(g3, three, 0, 0, G, z, pn, ps, scratch);
		for (int i = 0; i < 3; i++)
			CHECK(isnan(z[i]));
		g = build(&gb, 4, 3, from, to);
	}
	/* all zero: G undefined too */
	{
		double		zero[] = {0, 0, 0, 0};

		sp_local_gi_star(g, zero, 0, 0, G, z, pn, ps, scratch);
		for (int i = 0; i < 4; i++)
			CHECK(isnan(G[i]) && isnan(z[i]));
	}
}

/*
 * Permutations: reproducible for a seed; without spatial structure the
 * pseudo p is about uniform (5 % below 0.05), and it tracks p_norm.
 */
static void
test_permutations(void)
{
	enum
	{
		SIDE = 40, N = SIDE * SIDE
	};
	static int	from[4 * N],
				to[4 * N];
	static double y[N],
				G[N],
				z[N],
				pn[N],
				ps[N],
				ps2[N],
				I[N],
				zn[N],
				pn2[N];
	static sp_quadrant q[N];
	int			m = 0;
	int			below = 0;
	int			differ = 0;
	sp_rng		r;
	sp_graph   *g;

	sp_rng_seed(&r, 7);
	for (int a = 0; a < SIDE; a++)
		for (int b = 0; b < SIDE; b++)
		{
			y[a * SIDE + b] = (double) (sp_rng_next(&r) >> 11) / 9007199254740992.0;
			if (b + 1 < SIDE)
			{
				from[m] = a * SIDE + b;
				to[m++] = a * SIDE + b + 1;
			}
			if (a + 1 < SIDE)
			{
				from[m] = a * SIDE + b;
				to[m++] = (a + 1) * SIDE + b;
			}
		}
	g = build(&gb, N, m, from, to);
	sp_local_gi_star(g, y, 999, 11, G, z, pn, ps, scratch);
	sp_local_gi_star(g, y, 999, 11, G, z, pn, ps2, scratch);
	CHECK(memcmp(ps, ps2, sizeof(ps)) == 0);
	sp_local_gi_star(g, y, 999, 12, G, z, pn, ps2, scratch);
	for (int i = 0; i < N; i++)
	{
		differ += ps[i] != ps2[i];
		below += ps[i] < 0.05;
		CHECK(ps[i] >= 0.002 && ps[i] <= 1.0);
	}
	CHECK(differ > N / 2);
	printf("gi*: %d of %d pseudo p below 0.05\n", below, N);
	CHECK(below > N * 0.03 && below < N * 0.07);
	/* where the normal approximation says very significant, so do permutations */
	for (int i = 0; i < N; i++)
		if (pn[i] < 0.001)
			CHECK(ps[i] < 0.02);

	sp_local_moran(g, y, 999, 11, I, q, zn, pn2, ps, scratch, work);
	below = 0;
	for (int i = 0; i < N; i++)
		below += ps[i] < 0.05;
	printf("moran: %d of %d pseudo p below 0.05\n", below, N);
	CHECK(below > N * 0.03 && below < N * 0.07);
}

/* Ties: an area whose neighbours hold the same values as everyone else. */
static void
test_ties(void)
{
	int			from[] = {0, 1, 2, 3};
	int			to[] = {1, 2, 3, 4};
	double		y[] = {1, 1, 1, 1, 2};
	double		G[5],
				z[5],
				pn[5],
				ps[5];
	sp_graph   *g = build(&gb, 5, 4, from, to);

	sp_local_gi_star(g, y, 999, 5, G, z, pn, ps, scratch);
	/*
	 * Area 1 (neighbours 0 and 2, both 1; the others 1, 1, 2): a draw ties
	 * with G whenever it misses area 4, so both tails count those ties and
	 * the pseudo p is 1.
	 */
	CHECK(ps[1] == 1.0);
}

static void
test_fdr(void)
{
	double		p1[] = {0.01, 0.04, 0.03, 0.005, 0.2};
	double		p2[] = {0.011, 0.02, 0.03, 0.04, 0.05};
	double		p3[] = {NAN, 0.001, 0.2, NAN};
	bool		s[5];
	sp_ranked	w[5];

	/* sorted 0.005 0.01 0.03 0.04 0.2 against 0.01 0.02 0.03 0.04 0.05 */
	sp_fdr(5, p1, 0.05, s, w);
	CHECK(s[0] && s[1] && s[2] && s[3] && !s[4]);
	/* k = 5: 0.05 <= 0.05: all */
	sp_fdr(5, p2, 0.05, s, w);
	CHECK(s[0] && s[1] && s[2] && s[3] && s[4]);
	/* a smaller alpha: k = 1 fails (0.011 > 0.002), and so does every k */
	sp_fdr(5, p2, 0.01, s, w);
	CHECK(!s[0] && !s[1] && !s[2] && !s[3] && !s[4]);
	/* NaN: not counted in m, never significant (m = 2: 0.001 <= 0.025) */
	sp_fdr(4, p3, 0.05, s, w);
	CHECK(!s[0] && s[1] && !s[2] && !s[3]);
}

static void
test_eb(void)
{
	double		cases[] = {2, 30, 5, 0};
	double		pop[] = {10, 100, 40, 8};
	double		same_cases[] = {1, 10, 4};
	double		same_pop[] = {10, 100, 40};
	double		raw[4],
				eb[4];
	double		beta = 37.0 / 158.0;
	int			from[] = {0, 1, 2};
	int			to[] = {1, 2, 3};
	sp_graph   *g = build(&gb, 4, 3, from, to);

	/* equal rates: no variance between areas, everything shrinks to beta */
	sp_eb_smooth(NULL, 3, same_cases, same_pop, SP_EB_POISSON, raw, eb);
	for (int i = 0; i < 3; i++)
		NEAR(eb[i], 0.1, 1e-15);
	sp_eb_smooth(NULL, 3, same_cases, same_pop, SP_EB_BINOMIAL, raw, eb);
	for (int i = 0; i < 3; i++)
		NEAR(eb[i], 0.1, 1e-15);

	/*
	 * Global Poisson by hand: beta = 37/158, s2 = sum b (r - beta)^2 / 158,
	 * alpha = s2 - beta / 39.5, EB = beta + (r - beta) alpha / (alpha + beta / b).
	 */
	{
		double		s2 = 0;
		double		alpha;

		for (int i = 0; i < 4; i++)
			s2 += pop[i] * pow(cases[i] / pop[i] - beta, 2);
		s2 /= 158.0;
		alpha = s2 - beta / 39.5;
		CHECK(alpha > 0);
		sp_eb_smooth(NULL, 4, cases, pop, SP_EB_POISSON, raw, eb);
		for (int i = 0; i < 4; i++)
		{
			NEAR(raw[i], cases[i] / pop[i], 1e-15);
			NEAR(eb[i], beta + (raw[i] - beta) * alpha / (alpha + beta / pop[i]), 1e-14);
		}
		/* binomial: alpha = (s2 - beta (1 - beta) / 39.5) / (1 - 1 / 39.5) */
		alpha = (s2 - beta * (1 - beta) / 39.5) / (1 - 1 / 39.5);
		sp_eb_smooth(NULL, 4, cases, pop, SP_EB_BINOMIAL, raw, eb);
		for (int i = 0; i < 4; i++)
		{
			double		v = beta * (1 - beta);

			NEAR(eb[i], beta + (raw[i] - beta) * alpha / (alpha + (v - alpha) / pop[i]), 1e-14);
			/* between the raw rate and beta */
			CHECK((eb[i] - beta) * (raw[i] - beta) >= 0 && fabs(eb[i] - beta) <= fabs(raw[i] - beta));
		}
	}
	/*
	 * Spatial: area 3 (neighbour 2 only): beta_3 = 5/48, its rate 0, and the
	 * smoothed rate lies in [0, beta_3].
	 */
	sp_eb_smooth(g, 4, cases, pop, SP_EB_POISSON, raw, eb);
	CHECK(eb[3] >= 0 && eb[3] <= 5.0 / 48.0);
	sp_eb_smooth(g, 4, cases, pop, SP_EB_BINOMIAL, raw, eb);
	CHECK(eb[3] >= 0 && eb[3] <= 5.0 / 48.0);
}

/*
 * The interrupt hook: a hook that says stop after k polls makes both
 * statistics return SP_CANCELLED at that poll (no poll after it); a hook
 * that never says stop leaves every result as without a hook.  Nothing is
 * allocated (valgrind checks the run).
 */
static int	polls;
static int	stop_after;

static bool
stop_hook(void)
{
	return ++polls >= stop_after;
}

static bool
never_hook(void)
{
	polls++;
	return false;
}

static void
test_interrupts(void)
{
	enum
	{
		SIDE = 6, N = SIDE * SIDE, PERMS = 9999
	};
	static int	from[4 * N],
				to[4 * N];
	static double y[N],
				G[N],
				z[N],
				pn[N],
				ps[N],
				G2[N],
				z2[N],
				pn2[N],
				ps2[N],
				I[N],
				zn[N],
				I2[N],
				zn2[N];
	static sp_quadrant q[N],
				q2[N];
	static const int ks[] = {1, 2, 3, 9, 10, 50, 200};
	int			m = 0;
	int			total;
	sp_graph   *g;

	for (int a = 0; a < SIDE; a++)
		for (int b = 0; b < SIDE; b++)
		{
			y[a * SIDE + b] = (a * 7 + b * 3) % 11 + 0.5 * (a == b);
			if (b + 1 < SIDE)
			{
				from[m] = a * SIDE + b;
				to[m++] = a * SIDE + b + 1;
			}
			if (a + 1 < SIDE)
			{
				from[m] = a * SIDE + b;
				to[m++] = (a + 1) * SIDE + b;
			}
		}
	g = build(&gb, N, m, from, to);

	/* reference without a hook */
	sp_set_interrupt_hook(NULL);
	CHECK(sp_local_gi_star(g, y, PERMS, 5, G, z, pn, ps, scratch) == SP_OK);
	CHECK(sp_local_moran(g, y, PERMS, 5, I, q, zn, pn2, ps2, scratch, work) == SP_OK);

	/* a hook that never stops: polled, same results */
	polls = 0;
	sp_set_interrupt_hook(never_hook);
	CHECK(sp_local_gi_star(g, y, PERMS, 5, G2, z2, pn2, ps2, scratch) == SP_OK);
	total = polls;
	/* every area polls PERMS / SP_POLL_EVERY times in its permutations */
	CHECK(total == N * (PERMS / SP_POLL_EVERY));
	CHECK(memcmp(G, G2, sizeof(G)) == 0 && memcmp(z, z2, sizeof(z)) == 0 &&
		  memcmp(pn, pn2, sizeof(pn)) == 0 && memcmp(ps, ps2, sizeof(ps)) == 0);
	{
		static double pnm[N],
					psm[N],
					pnm2[N],
					psm2[N];

		sp_set_interrupt_hook(NULL);
		sp_local_moran(g, y, PERMS, 5, I, q, zn, pnm, psm, scratch, work);
		sp_set_interrupt_hook(never_hook);
		CHECK(sp_local_moran(g, y, PERMS, 5, I2, q2, zn2, pnm2, psm2, scratch, work) == SP_OK);
		CHECK(memcmp(I, I2, sizeof(I)) == 0 && memcmp(q, q2, sizeof(q)) == 0 &&
			  memcmp(zn, zn2, sizeof(zn)) == 0 && memcmp(pnm, pnm2, sizeof(pnm)) == 0 &&
			  memcmp(psm, psm2, sizeof(psm)) == 0);
	}

	/* a hook that stops after k polls: cancelled there, no further poll */
	sp_set_interrupt_hook(stop_hook);
	for (size_t t = 0; t < sizeof(ks) / sizeof(ks[0]); t++)
	{
		stop_after = ks[t];
		polls = 0;
		CHECK(sp_local_gi_star(g, y, PERMS, 5, G2, z2, pn2, ps2, scratch) == SP_CANCELLED);
		CHECK(polls == ks[t]);
		polls = 0;
		CHECK(sp_local_moran(g, y, PERMS, 5, I2, q2, zn2, pn2, ps2, scratch, work) == SP_CANCELLED);
		CHECK(polls == ks[t]);
	}
	/* after a cancel the next call, with no stop, gives the same results */
	stop_after = 1 << 30;
	CHECK(sp_local_gi_star(g, y, PERMS, 5, G2, z2, pn2, ps2, scratch) == SP_OK);
	CHECK(memcmp(ps, ps2, sizeof(ps)) == 0 && memcmp(G, G2, sizeof(G)) == 0);
	/* without permutations the area loop polls too (every SP_POLL_EVERY areas) */
	stop_after = 1;
	polls = 0;
	CHECK(sp_local_gi_star(g, y, 0, 5, G2, z2, pn2, ps2, scratch) == SP_OK);	/* N < SP_POLL_EVERY */
	CHECK(polls == 0);
	sp_set_interrupt_hook(NULL);
}

int
main(void)
{
	test_graph();
	test_gi_star_esda_example();
	test_moran_chain();
	test_gi_star_grid();
	test_star_and_island();
	test_full_hub();
	test_constant();
	test_permutations();
	test_ties();
	test_fdr();
	test_eb();
	test_interrupts();
	printf("spatial: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
