/*
 * growth_summary.h - a mergeable summary of child measurements, plain C
 * (no postgres.h).
 *
 * One summary holds what WHO's prevalence tables (anthro_prevalence,
 * anthroplus_prevalence; spec who-algorithm.md §8, §9.2) and the data-quality
 * report (spec data-quality.md) need for one group of children, as sums that
 * merge exactly: counts are integers, weight sums are plain sums, and the
 * z-score moments are kept centred (West / Chan / Pébay update formulas) so
 * that merging in any order agrees to rounding.  Its size does not depend on
 * the number of rows.
 *
 * The estimators are the closed forms of §8.4 for the simple design (no
 * weights) and the weights-only design.  A design with clusters and strata
 * needs per-PSU sums; the format's version number leaves room for it.
 */
#ifndef STUNTING_GROWTH_SUMMARY_H
#define STUNTING_GROWTH_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "who_zscore.h"

#define GS_FORMAT_VERSION 1

/* The four indicators of WHO's prevalence tables, in WHO's column order. */
typedef enum gs_indicator
{
	GS_HA = 0,					/* length/height-for-age, zlen */
	GS_WA,						/* weight-for-age, zwei */
	GS_BMI,						/* BMI-for-age, zbmi */
	GS_WH,						/* weight-for-length/height, zwfl */
	GS_N_INDICATORS
} gs_indicator;

/* Cut-offs in WHO's order: _3 _2 _1 1 2 3 (below -3, -2, -1; above 1, 2, 3). */
#define GS_N_CUTOFFS 6
/* Combined indicators: HA_2_WH_2 (stunted and wasted), HA_2_WH2 (stunted and overweight). */
#define GS_N_COMBINED 2
/* Age histogram: completed months 0..228. */
#define GS_MAX_MONTH 228

/* Sums of a 0/1 variable's "1" rows, or of a population: count, sum w, sum w^2. */
typedef struct gs_count
{
	int64_t		n;
	double		w;
	double		w2;
} gs_count;

/*
 * Centred running moments of a z-score: weighted by w (West), weighted by w^2
 * (for the linearised SE), and unweighted up to the 4th (Pébay; for the
 * data-quality report).
 */
typedef struct gs_moments
{
	int64_t		n;				/* non-missing z after flags and oedema */
	double		w;				/* sum w */
	double		wmean;			/* sum w z / sum w */
	double		wm2;			/* sum w (z - wmean)^2 */
	double		w2;				/* sum w^2 */
	double		w2mean;			/* sum w^2 z / sum w^2 */
	double		w2m2;			/* sum w^2 (z - w2mean)^2 */
	double		mean;			/* unweighted */
	double		m2;
	double		m3;
	double		m4;
} gs_moments;

typedef struct gs_indicator_sums
{
	gs_count	pop;			/* rows whose auxiliary value is not missing */
	gs_count	cut[GS_N_CUTOFFS];
	gs_moments	z;
	/* data quality, unweighted counts of in-domain rows */
	int64_t		flagged;		/* z-score set aside by WHO's flag */
	int64_t		oedema;			/* counted as below -3 (WA, BMI, WH) */
	int64_t		missing;		/* the indicator applies at this age, but no z-score */
} gs_indicator_sums;

typedef struct growth_summary
{
	int64_t		rows;			/* N: rows kept (in or out of the domain) */
	int64_t		rows_positive;	/* kept rows with weight > 0 (survey's df) */
	bool		weighted;		/* some kept row had a weight other than 1 */
	int64_t		domain_rows;	/* kept rows in the domain */
	int64_t		excluded_rows;	/* rows over 228 months: not kept, as WHO does */
	int64_t		ref2007_rows;	/* in-domain rows of 60 months or more */
	int64_t		rows_over_120mo;	/* in-domain rows older than 120 months */
	gs_indicator_sums ind[GS_N_INDICATORS];
	gs_count	combined_pop;	/* zlen and the WH auxiliary value both present */
	gs_count	combined[GS_N_COMBINED];
	/* data quality, in-domain rows */
	int64_t		sex[3];			/* missing, male, female (who_sex order) */
	int64_t		age_missing;
	int64_t		age_months[GS_MAX_MONTH + 1];	/* by completed month */
	int64_t		weight_digit[10];	/* tenths digit of the weight in kg */
	int64_t		lenhei_digit[10];	/* tenths digit of the length/height in cm */
} growth_summary;

/* One row as the aggregate sees it: the zscores composite plus a weight. */
typedef struct gs_row
{
	double		age_days;		/* >= 0; NaN = missing */
	who_sex		sex;
	bool		oedema;
	double		weight_kg;		/* NaN = missing */
	double		lenhei_cm;		/* NaN = missing */
	double		z[GS_N_INDICATORS];	/* NaN = missing */
	who_flag	flag[GS_N_INDICATORS];
	double		sampling_weight;	/* >= 0 */
	bool		in_domain;
} gs_row;

/* An estimate; NaN = missing (SQL NULL). */
typedef struct gs_estimate
{
	double		r;
	double		se;
	double		ll;
	double		ul;
	double		stdev;			/* z-score means only */
	double		pop;
	int64_t		unwpop;
} gs_estimate;

/*
 * What gs_add and gs_merge refuse to do.  A summary must stay readable by
 * its own text input (gs_check): a count that would wrap around, a sum that
 * would become infinite or NaN, or (in an unweighted summary, whose weight
 * sums equal its counts) a weight sum past 2^53, where a double no longer
 * holds every count, is an error, found before the summary is changed.
 */
typedef enum gs_status
{
	GS_OK = 0,
	GS_COUNT_OVERFLOW,			/* a count would exceed INT64_MAX */
	GS_SUM_NOT_FINITE,			/* a sum or moment would be infinite or NaN */
	GS_SUM_INEXACT				/* unweighted: a weight sum would differ from its count */
} gs_status;

#if defined(__GNUC__)
#define GS_MUST_CHECK __attribute__((warn_unused_result))
#else
#define GS_MUST_CHECK
#endif

extern void gs_init(growth_summary *s);

/*
 * Add a row / merge from into into.  On anything but GS_OK the summary is
 * unchanged and *where is the byte offset, in growth_summary, of the value
 * that would have overflowed (gs_value_name in summary_format.h names it).
 */
extern gs_status gs_add(growth_summary *s, const gs_row *row, size_t *where) GS_MUST_CHECK;
extern gs_status gs_merge(growth_summary *into, const growth_summary *from,
						  size_t *where) GS_MUST_CHECK;
/* What went wrong, to follow the value's name: "would exceed ...". */
extern const char *gs_status_message(gs_status status);

/* Estimates.  The key is WHO's column stem; false if it is not one. */
extern bool gs_prevalence(const growth_summary *s, const char *key, gs_estimate *out);
extern bool gs_zscore_mean(const growth_summary *s, const char *indicator, gs_estimate *out);
extern const char *gs_indicator_name(gs_indicator i);

#define GS_PREVALENCE_KEYS \
	"HA_3, HA_2, HA_1, HA1, HA2, HA3, WA_3 ... WA3, BMI_3 ... BMI3, " \
	"WH_3 ... WH3, HA_2_WH_2, HA_2_WH2"
#define GS_MEAN_KEYS "HA, WA, BMI, WH"

/* Sample moments of a z-score (unweighted, flags excluded); NaN when undefined. */
extern double gs_sd(const gs_moments *m);
extern double gs_skewness(const gs_moments *m);
extern double gs_excess_kurtosis(const gs_moments *m);

/*
 * Text form: "growth_summary v1 rows=... ..." with every field named, floats
 * in the shortest form that reads back to the same bits.  gs_format writes
 * into buf (at most GS_TEXT_MAX bytes with the NUL) and returns the length.
 * gs_parse returns NULL on success, or a message naming what is wrong.
 */
#define GS_TEXT_MAX 16384
extern size_t gs_format(const growth_summary *s, char *buf, size_t bufsize);
extern const char *gs_parse(const char *text, growth_summary *s);

/*
 * Consistency of a summary read from outside: the one validator of both the
 * text input (gs_parse calls it after parsing) and the binary input (the
 * receive function calls it after reading), so the two accept exactly the
 * same values.  gs_parse itself checks only the syntax.  NULL if fine.
 */
extern const char *gs_check(const growth_summary *s);

#endif
