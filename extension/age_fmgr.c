/*
 * age_fmgr.c - ages from dates: whole days (for the WHO z-scores) and
 * completed months (as Permenkes 2/2020 counts age).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "growth_monitoring.h"

static char *
date_text(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

/* Both dates finite, and the visit not before the birth. */
static void
check_visit(DateADT birth, DateADT visit)
{
	if (DATE_NOT_FINITE(birth) || DATE_NOT_FINITE(visit))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an age needs finite dates, got birth %s and visit %s",
						date_text(birth), date_text(visit))));
	if (visit < birth)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("visit date %s is before birth date %s",
						date_text(visit), date_text(birth))));
}

/* Whole days from birth to visit. */
PG_FUNCTION_INFO_V1(stunting_age_days);
Datum
stunting_age_days(PG_FUNCTION_ARGS)
{
	DateADT		birth = PG_GETARG_DATEADT(0);
	DateADT		visit = PG_GETARG_DATEADT(1);

	check_visit(birth, visit);
	/* DateADT is days since 2000-01-01, so the difference fits an int32 */
	PG_RETURN_INT32(visit - birth);
}

/*
 * Completed months ("bulan penuh") from birth to visit, as PostgreSQL's
 * age() counts them: 2 months and 29 days is 2 months.
 */
PG_FUNCTION_INFO_V1(stunting_age_months_completed);
Datum
stunting_age_months_completed(PG_FUNCTION_ARGS)
{
	DateADT		birth = PG_GETARG_DATEADT(0);
	DateADT		visit = PG_GETARG_DATEADT(1);
	int			by,
				bm,
				bd,
				vy,
				vm,
				vd;

	check_visit(birth, visit);
	j2date(birth + POSTGRES_EPOCH_JDATE, &by, &bm, &bd);
	j2date(visit + POSTGRES_EPOCH_JDATE, &vy, &vm, &vd);
	PG_RETURN_INT32(gm_age_months_completed(by, bm, bd, vy, vm, vd));
}

/*
 * The KMS month of age: calendar months from the birth month to the month
 * of the visit (the birth month is column 0 of the KMS), not completed
 * months: born 31 January, weighed 1 February, it is month 1.
 */
PG_FUNCTION_INFO_V1(stunting_kms_month);
Datum
stunting_kms_month(PG_FUNCTION_ARGS)
{
	DateADT		birth = PG_GETARG_DATEADT(0);
	DateADT		visit = PG_GETARG_DATEADT(1);
	int			by,
				bm,
				bd,
				vy,
				vm,
				vd;

	check_visit(birth, visit);
	j2date(birth + POSTGRES_EPOCH_JDATE, &by, &bm, &bd);
	j2date(visit + POSTGRES_EPOCH_JDATE, &vy, &vm, &vd);
	PG_RETURN_INT32(gm_kms_month(by, bm, vy, vm));
}
