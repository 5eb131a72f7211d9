/*
 * distributions.c - Student-t quantile and chi-square tail, plain C.
 *
 * The t upper tail is 0.5 * I_x(df/2, 1/2) with x = df / (df + t^2), the
 * regularized incomplete beta evaluated by its continued fraction (modified
 * Lentz).  The quantile is found by safeguarded Newton steps on that tail.
 * For df >= 1000 the incomplete beta loses digits to lgamma cancellation,
 * while the Cornish-Fisher expansion of the t quantile in powers of 1/df
 * (Abramowitz & Stegun 26.7.5) is exact to rounding there; it is used
 * instead.
 */
#include <math.h>

#include "distributions.h"

#define Z_975 1.959963984540054235524594430520551527955550	/* qnorm(0.975) */
#define CF_EPS 3e-16			/* a step within 1 ulp of 1 ends the fraction */
#define CF_TINY 1e-300
#define CF_MAX_ITER 20000

/* Continued fraction of the regularized incomplete beta I_x(a, b). */
static double
beta_cf(double a, double b, double x)
{
	double		qab = a + b;
	double		qap = a + 1.0;
	double		qam = a - 1.0;
	double		c = 1.0;
	double		d = 1.0 - qab * x / qap;
	double		h;

	if (fabs(d) < CF_TINY)
		d = CF_TINY;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m <= CF_MAX_ITER; m++)
	{
		int			m2 = 2 * m;
		double		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		double		del;

		d = 1.0 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < CF_TINY)
			d = CF_TINY;
		c = 1.0 + aa / c;
		if (fabs(c) < CF_TINY)
			c = CF_TINY;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < CF_EPS)
			break;
	}
	return h;
}

/*
 * I_x(a, b), given both x and y = 1 - x (y is passed separately so that
 * an x close to 1 keeps its precision).
 */
static double
incomplete_beta(double a, double b, double x, double y)
{
	double		lfront;

	if (x <= 0.0)
		return 0.0;
	if (y <= 0.0)
		return 1.0;
	lfront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y);
	if (x < (a + 1.0) / (a + b + 2.0))
		return exp(lfront) * beta_cf(a, b, x) / a;
	return 1.0 - exp(lfront) * beta_cf(b, a, y) / b;
}

double
student_t_upper(double t, double df)
{
	double		t2 = t * t;
	double		tail;

	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(t))
		return t > 0.0 ? 0.0 : 1.0;
	tail = 0.5 * incomplete_beta(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
	return t >= 0.0 ? tail : 1.0 - tail;
}

static double
student_t_density(double t, double df)
{
	double		lbeta = lgamma(0.5 * df) + lgamma(0.5) - lgamma(0.5 * df + 0.5);

	return exp(-0.5 * (df + 1.0) * log1p(t * t / df) - lbeta) / sqrt(df);
}

double
student_t_975(double df)
{
	double		lo = Z_975;		/* the quantile falls as df grows */
	double		hi = 12.8;		/* qt(0.975, 1) = 12.7062... */
	double		t;

	if (!(df >= 1.0))
		return NAN;
	if (isinf(df))
		return Z_975;
	if (df >= 1000.0)
	{
		double		z = Z_975;
		double		z2 = z * z;
		double		g1 = (z2 + 1.0) * z / 4.0;
		double		g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
		double		g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
		double		g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2
						  - 945.0) * z / 92160.0;

		return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
	}

	/* Safeguarded Newton on f(t) = P(T > t) - 0.025, decreasing in t. */
	t = 0.5 * (lo + hi);
	for (int i = 0; i < 200; i++)
	{
		double		f = student_t_upper(t, df) - 0.025;
		double		next;

		if (f > 0.0)
			lo = t;
		else if (f < 0.0)
			hi = t;
		else
			return t;
		next = t + f / student_t_density(t, df);
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - t) <= 4e-16 * t)
			return next;
		t = next;
	}
	return t;
}

/* Regularized upper incomplete gamma Q(a, x). */
static double
gamma_upper(double a, double x)
{
	double		lfront;

	if (x <= 0.0)
		return 1.0;
	lfront = a * log(x) - x - lgamma(a);
	if (x < a + 1.0)
	{
		/* series for P(a, x) */
		double		ap = a;
		double		del = 1.0 / a;
		double		sum = del;

		for (int n = 0; n < CF_MAX_ITER; n++)
		{
			ap += 1.0;
			del *= x / ap;
			sum += del;
			if (fabs(del) < fabs(sum) * CF_EPS)
				break;
		}
		return 1.0 - sum * exp(lfront);
	}
	else
	{
		/* continued fraction for Q(a, x) */
		double		b = x + 1.0 - a;
		double		c = 1.0 / CF_TINY;
		double		d = 1.0 / b;
		double		h = d;

		for (int i = 1; i <= CF_MAX_ITER; i++)
		{
			double		an = -i * (i - a);
			double		del;

			b += 2.0;
			d = an * d + b;
			if (fabs(d) < CF_TINY)
				d = CF_TINY;
			c = b + an / c;
			if (fabs(c) < CF_TINY)
				c = CF_TINY;
			d = 1.0 / d;
			del = d * c;
			h *= del;
			if (fabs(del - 1.0) < CF_EPS)
				break;
		}
		return exp(lfront) * h;
	}
}

double
chisq_upper(double x, double df)
{
	if (isnan(x) || !(df > 0.0))
		return NAN;
	return gamma_upper(0.5 * df, 0.5 * x);
}
