/*
 * who_zscore.h - WHO anthropometric z-scores, plain C (no postgres.h).
 *
 * Computes exactly what WHO's reference software computes: the R package
 * anthro (WHO Child Growth Standards 2006, under 60 months) and anthroplus
 * (WHO Growth Reference 2007, 60 to 228 months).  The rules are written down
 * in ../shared/spec/who-algorithm.md; section numbers below refer to it.
 *
 * A missing value (SQL NULL, R's NA) is represented by NaN throughout: the
 * callers reject NaN inputs before they get here, so a NaN can only mean
 * "missing".
 */
#ifndef STUNTING_WHO_ZSCORE_H
#define STUNTING_WHO_ZSCORE_H

#include <stdbool.h>

#include "who_tables.h"

#define WHO_DAYS_PER_MONTH 30.4375	/* 365.25 / 12, anthro's constant */

typedef enum who_sex
{
	WHO_SEX_MISSING = 0,
	WHO_SEX_MALE = 1,
	WHO_SEX_FEMALE = 2
} who_sex;

typedef enum who_measure
{
	WHO_MEASURE_UNKNOWN = 0,
	WHO_MEASURE_LYING = 'l',	/* recumbent length */
	WHO_MEASURE_STANDING = 'h'	/* standing height */
} who_measure;

/* Flag of a z-score: missing when the z-score is missing. */
typedef enum who_flag
{
	WHO_FLAG_MISSING = -1,
	WHO_FLAG_NO = 0,
	WHO_FLAG_YES = 1
} who_flag;

/* The indicators, named as the zscore_* SQL functions are. */
typedef enum who_indicator
{
	WHO_IND_LHFA,				/* length/height-for-age */
	WHO_IND_WFA,				/* weight-for-age */
	WHO_IND_WFLH,				/* weight-for-length/height */
	WHO_IND_BFA,				/* BMI-for-age */
	WHO_IND_HCFA,				/* head circumference-for-age */
	WHO_IND_ACFA,				/* arm circumference-for-age */
	WHO_IND_TSFA,				/* triceps skinfold-for-age */
	WHO_IND_SSFA				/* subscapular skinfold-for-age */
} who_indicator;

/* One child's measurements; NaN = missing. */
typedef struct who_input
{
	who_sex		sex;
	double		age_days;		/* >= 0, may be fractional */
	double		weight_kg;
	double		lenhei_cm;
	who_measure measure;
	bool		oedema;
	double		headc_cm;
	double		armc_cm;
	double		triskin_mm;
	double		subskin_mm;
} who_input;

/* The output columns of anthro_zscores (spec §7); NaN = missing. */
typedef struct who_zscores
{
	double		clenhei;		/* length/height after the ±0.7 cm rule */
	who_measure cmeasure;
	bool		c9mo_flag;		/* standing under 9 months, treated as unknown */
	double		cbmi;
	who_sex		csex;
	double		zlen;
	who_flag	flen;
	double		zwei;
	who_flag	fwei;
	double		zwfl;
	who_flag	fwfl;
	double		zbmi;
	who_flag	fbmi;
	double		zhc;
	who_flag	fhc;
	double		zac;
	who_flag	fac;
	double		zts;
	who_flag	fts;
	double		zss;
	who_flag	fss;
} who_zscores;

/* Building blocks, exposed for the unit tests. */
extern double who_round2(double x);
extern double who_round2_r(double x);	/* R's algorithm on every input */
extern double who_round_half_up(double x);
extern double who_lms_z(double y, const who_lms *p);
extern double who_lms_z_restricted(double y, const who_lms *p);

/*
 * Single indicators.  Each returns the published (rounded) z-score, or NaN
 * when WHO's software gives NA.  Below 60 months the 2006 standards apply,
 * from 60 months (1826.25 days) the 2007 reference for lhfa, wfa and bfa.
 */
extern double who_zscore_lhfa(who_sex sex, double age_days, double lenhei_cm,
							  who_measure measure);
extern double who_zscore_wfa(who_sex sex, double age_days, double weight_kg,
							 bool oedema);
extern double who_zscore_wflh(who_sex sex, double weight_kg, double lenhei_cm,
							  who_measure measure, double age_days, bool oedema);
extern double who_zscore_bfa(who_sex sex, double age_days, double weight_kg,
							 double lenhei_cm, who_measure measure, bool oedema);
extern double who_zscore_hcfa(who_sex sex, double age_days, double headc_cm);
extern double who_zscore_acfa(who_sex sex, double age_days, double armc_cm);
extern double who_zscore_tsfa(who_sex sex, double age_days, double triskin_mm);
extern double who_zscore_ssfa(who_sex sex, double age_days, double subskin_mm);

/* Every column of anthro_zscores at once. */
extern void who_anthro_zscores(const who_input *in, who_zscores *out);

/*
 * The inverse: the measurement (cm, kg, kg/m2 or mm) whose unrounded z-score
 * is z, with the same table choice and age rules as the z-score; lhfa gives
 * the length/height as measured with `measure` (the ±0.7 cm rule undone),
 * and wflh takes lenhei_cm as measured.  NaN when
 * the z-score would be missing for this child or no positive, finite
 * measurement has that z-score.  Used to simulate children and to draw growth-chart SD lines.
 */
extern double who_value_at_z(who_indicator ind, who_sex sex, double age_days,
							 double lenhei_cm, who_measure measure, double z);

/* Flag rules (spec §4.5), on the rounded z-score. */
extern who_flag who_flag_lhfa(double z);
extern who_flag who_flag_wfa(double z);
extern who_flag who_flag_5(double z);

#endif
