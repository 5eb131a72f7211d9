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

/*
 * The standard normal quantile, Wichura's algorithm AS 241 (PPND16), the
 * one R's qnorm uses: about 1e-16 relative.  NaN outside 0 < p < 1.
 */
double
normal_quantile(double p)
{
	double		q = p - 0.5;
	double		r;
	double		val;

	if (!(p > 0.0 && p < 1.0))
		return NAN;
	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((r * 2509.0809287301226727 +
						  33430.575583588128105) * r + 67265.770927008700853) * r +
						45921.953931549871457) * r + 13731.693765509461125) * r +
					  1971.5909503065514427) * r + 133.14166789178437745) * r +
					3.387132872796366608)
			/ (((((((r * 5226.495278852545925 +
					 28729.085735721942674) * r + 39307.89580009271061) * r +
				   21213.794301586595867) * r + 5394.1960214247511077) * r +
				 687.1870074920579083) * r + 42.313330701600911252) * r + 1.0);
	}
	r = sqrt(-log(q < 0.0 ? p : 1.0 - p));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((r * 7.7454501427834140764e-4 +
					 0.0227238449892691845833) * r + 0.24178072517745061177) *
				   r + 1.27045825245236838258) * r +
				  3.64784832476320460504) * r + 5.7694972214606914055) *
				r + 4.6303378461565452959) * r +
			   1.42343711074968357734)
			/ (((((((r *
					 1.05075007164441684324e-9 + 5.475938084995344946e-4) *
					r + 0.0151986665636164571966) * r +
				   0.14810397642748007459) * r + 0.68976733498510000455) *
				 r + 1.6763848301838038494) * r +
				2.05319162663775882187) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((r * 2.01033439929228813265e-7 +
					 2.71155556874348757815e-5) * r +
					0.0012426609473880784386) * r + 0.026532189526576123093) *
				  r + 0.29656057182850489123) * r +
				 1.7848265399172913358) * r + 5.4637849111641143699) *
			   r + 6.6579046435011037772)
			/ (((((((r *
					 2.04426310338993978564e-15 + 1.4215117583164458887e-7) *
					r + 1.8463183175100546818e-5) * r +
				   7.868691311456132591e-4) * r + 0.0148753612908506148525)
				 * r + 0.13692988092273580531) * r +
				0.59983220655588793769) * r + 1.0);
	}
	return q < 0.0 ? -val : val;
}
