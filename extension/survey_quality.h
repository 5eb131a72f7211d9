/*
 * survey_quality.h - the data-quality report of a growth_summary (WHO-UNICEF
 * 2019 items and the SMART plausibility score), plain C.
 */
#ifndef STUNTING_SURVEY_QUALITY_H
#define STUNTING_SURVEY_QUALITY_H

#include <stddef.h>

#include "growth_summary.h"

/* Large enough for any report (the age histogram is its longest part). */
#define GS_QUALITY_JSON_MAX 32768

/*
 * Writes the report as a JSON object into buf (NUL-terminated when it fits)
 * and returns its length; statistics that are undefined are null.
 */
extern size_t gs_quality_json(const growth_summary *s, char *buf, size_t size);

#endif
