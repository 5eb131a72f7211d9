/*
 * distributions_fmgr.c - SQL glue for the probability distributions of
 * distributions.c.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/float.h"

#include "distributions.h"

/*
 * normal_quantile(p): R's qnorm(p), with qnorm's ends (-Infinity at 0,
 * Infinity at 1); p outside [0, 1] is an error rather than R's NaN.
 */
PG_FUNCTION_INFO_V1(stunting_normal_quantile);
Datum
stunting_normal_quantile(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);

	if (!(p >= 0.0 && p <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid probability for normal_quantile: %s",
						float8out_internal(p)),
				 errdetail("The probability must be between 0 and 1.")));
	if (p == 0.0)
		PG_RETURN_FLOAT8(-get_float8_infinity());
	if (p == 1.0)
		PG_RETURN_FLOAT8(get_float8_infinity());
	PG_RETURN_FLOAT8(normal_quantile(p));
}
