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

static void
count_add(gs_count *c, double w)
{
	c->n++;
	c->w += w;
	c->w2 += w * w;
}

static void
count_merge(gs_count *into, const gs_count *from)
{
	into->n += from->n;
	into->w += from->w;
	into->w2 += from->w2;
}

/* West's weighted update of (sum w, mean, sum w (z - mean)^2). */
static void
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

static void
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

	/* Pébay's one-pass update of the central moments up to the 4th */
	m->mean += dn;
	m->m4 += term1 * dn2 * (n * n - 3.0 * n + 3.0) + 6.0 * dn2 * m->m2 - 4.0 * dn * m->m3;
	m->m3 += term1 * dn * (n - 2.0) - 3.0 * dn * m->m2;
	m->m2 += term1;
}

static void
moments_merge(gs_moments *a, const gs_moments *b)
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
	a->n += b->n;
}

/* The auxiliary value's cut-offs, strict inequalities on the rounded z. */
static void
cutoffs_add(gs_indicator_sums *ind, double aux, double w)
{
	if (aux < -3.0)
		count_add(&ind->cut[0], w);
	if (aux < -2.0)
		count_add(&ind->cut[1], w);
	if (aux < -1.0)
		count_add(&ind->cut[2], w);
	if (aux > 1.0)
		count_add(&ind->cut[3], w);
	if (aux > 2.0)
		count_add(&ind->cut[4], w);
	if (aux > 3.0)
		count_add(&ind->cut[5], w);
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

static void
tenths_digit_add(int64_t digits[10], double x)
{
	if (isnan(x) || !(x >= 0.0 && x < 1e9))
		return;
	digits[(int) fmod(round(x * 10.0), 10.0)]++;
}

void
gs_add(growth_summary *s, const gs_row *row)
{
	double		w = row->sampling_weight;
	double		months = row->age_days / WHO_DAYS_PER_MONTH;	/* NaN if missing */
	bool		ref2007 = months >= 60.0;
	double		ha = NAN;
	double		wh_aux = NAN;

	/*
	 * §9.2: anthroplus keeps 60..228 months; anthro keeps the rest (§8.1).
	 * A negative age (which the SQL glue rejects) is not kept either.
	 */
	if (months > REF2007_MAX_MONTHS || months < 0.0)
	{
		s->excluded_rows++;
		return;
	}
	s->rows++;
	if (w > 0.0)
		s->rows_positive++;
	if (w != 1.0)
		s->weighted = true;
	if (!row->in_domain)
		return;

	s->domain_rows++;
	s->sex[row->sex]++;
	if (isnan(months))
		s->age_missing++;
	else
		s->age_months[(int) months]++;
	if (ref2007)
		s->ref2007_rows++;
	if (months > WFA_2007_MAX_MONTHS)
		s->rows_over_120mo++;
	tenths_digit_add(s->weight_digit, row->weight_kg);
	tenths_digit_add(s->lenhei_digit, row->lenhei_cm);

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
			count_add(&ind->pop, w);
			cutoffs_add(ind, aux, w);
		}
		if (!oedema_aux && !isnan(z))
			moments_add(&ind->z, z, w);

		if (oedema_aux)
			ind->oedema++;
		else if (flagged)
			ind->flagged++;
		else if (isnan(z) && indicator_applies(i, ref2007, months))
			ind->missing++;

		if (i == GS_HA)
			ha = z;
		else if (i == GS_WH)
			wh_aux = aux;
	}

	/* §8.1 step 4: the combined indicators, NA if either part is NA */
	if (!isnan(ha) && !isnan(wh_aux))
	{
		count_add(&s->combined_pop, w);
		if (ha < -2.0 && wh_aux < -2.0)
			count_add(&s->combined[0], w);
		if (ha < -2.0 && wh_aux > 2.0)
			count_add(&s->combined[1], w);
	}
}

void
gs_merge(growth_summary *into, const growth_summary *from)
{
	into->rows += from->rows;
	into->rows_positive += from->rows_positive;
	into->weighted |= from->weighted;
	into->domain_rows += from->domain_rows;
	into->excluded_rows += from->excluded_rows;
	into->ref2007_rows += from->ref2007_rows;
	into->rows_over_120mo += from->rows_over_120mo;
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		gs_indicator_sums *a = &into->ind[i];
		const gs_indicator_sums *b = &from->ind[i];

		count_merge(&a->pop, &b->pop);
		for (int k = 0; k < GS_N_CUTOFFS; k++)
			count_merge(&a->cut[k], &b->cut[k]);
		moments_merge(&a->z, &b->z);
		a->flagged += b->flagged;
		a->oedema += b->oedema;
		a->missing += b->missing;
	}
	count_merge(&into->combined_pop, &from->combined_pop);
	for (int k = 0; k < GS_N_COMBINED; k++)
		count_merge(&into->combined[k], &from->combined[k]);
	for (int k = 0; k < 3; k++)
		into->sex[k] += from->sex[k];
	into->age_missing += from->age_missing;
	for (int k = 0; k <= GS_MAX_MONTH; k++)
		into->age_months[k] += from->age_months[k];
	for (int k = 0; k < 10; k++)
	{
		into->weight_digit[k] += from->weight_digit[k];
		into->lenhei_digit[k] += from->lenhei_digit[k];
	}
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
