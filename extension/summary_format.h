/*
 * summary_format.h - the fields of a growth_summary in their external order,
 * shared by the text form (summary_format.c) and the binary form
 * (summary_fmgr.c).  Plain C.
 */
#ifndef STUNTING_SUMMARY_FORMAT_H
#define STUNTING_SUMMARY_FORMAT_H

#include <stddef.h>

#include "growth_summary.h"

/*
 * One named field: kinds has a letter per value, stored 8 bytes apart from
 * offset: 'i' int64, 'd' double; or the single letter 'b' (a bool) or 'h'
 * (the age histogram, GS_MAX_MONTH + 1 int64 counts).
 */
typedef struct gs_field
{
	const char *name;
	size_t		offset;
	const char *kinds;
	const char *labels;			/* names of the values, NULL for one value */
} gs_field;

extern const gs_field gs_fields[];
extern const int gs_n_fields;

/*
 * The external name of the value at a byte offset of growth_summary, for
 * messages: "rows", "HA.z(m4)", "age_months(12)" (gs_add and gs_merge give
 * such an offset).
 */
extern void gs_value_name(size_t offset, char *buf, size_t size);

#endif
