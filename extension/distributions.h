/*
 * distributions.h - the few probability distributions the estimates need,
 * plain C (no postgres.h).
 *
 * WHO's prevalence tables use Student-t intervals (R's qt); the data-quality
 * report uses chi-square tail probabilities (R's pchisq).  Both are computed
 * here to double precision: the t quantile agrees with R's qt to about
 * 1e-13 relative (test/unit/test_summary.c checks it against R 4.2.2),
 * far inside the 1e-9 parity the prevalence tables ask for.
 */
#ifndef STUNTING_DISTRIBUTIONS_H
#define STUNTING_DISTRIBUTIONS_H

/* Upper tail P(T > t) of Student's t with df > 0 degrees of freedom. */
extern double student_t_upper(double t, double df);

/*
 * qt(0.975, df): the multiplier of a two-sided 95 % interval, the
 * significance level WHO's anthro and anthroplus use.  NaN when df < 1.
 */
extern double student_t_975(double df);

/* Upper tail P(X > x) of chi-square with df > 0 degrees of freedom. */
extern double chisq_upper(double x, double df);

/* The standard normal quantile (R's qnorm); NaN unless 0 < p < 1. */
extern double normal_quantile(double p);

#endif
