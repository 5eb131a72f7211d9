/*
 * who_tables.h - the WHO LMS tables compiled into the extension.
 *
 * Plain C (no postgres.h).  The arrays are generated from WHO's raw files by
 * tools/gen_who_tables.py into who_tables.c.
 */
#ifndef STUNTING_WHO_TABLES_H
#define STUNTING_WHO_TABLES_H

/* Box-Cox power L, median M and coefficient of variation S at one key. */
typedef struct who_lms
{
	double		l;
	double		m;
	double		s;
} who_lms;

/*
 * One table: a row for every integer key from key_min to key_max, for boys
 * (rows[0]) and girls (rows[1]).  The key is the age in days (2006 age-based
 * tables), the age in months (2007 tables) or the length/height in tenths of
 * a centimetre (weight-for-length/height).
 */
typedef struct who_table
{
	const char *source;			/* raw file, e.g. "2006/lenanthro.txt" */
	int			key_min;
	int			key_max;
	const who_lms *rows[2];
} who_table;

extern const who_table who2006_lhfa;
extern const who_table who2006_wfa;
extern const who_table who2006_bfa;
extern const who_table who2006_hcfa;
extern const who_table who2006_acfa;
extern const who_table who2006_tsfa;
extern const who_table who2006_ssfa;
extern const who_table who2006_wfl;
extern const who_table who2006_wfh;
extern const who_table who2007_hfa;
extern const who_table who2007_wfa;
extern const who_table who2007_bfa;

#endif
