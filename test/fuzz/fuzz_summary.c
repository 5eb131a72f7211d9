/*
 * fuzz_summary.c - libFuzzer target for the growth summary's text form
 * (gs_parse), its consistency check and everything that reads a summary.
 * Build and run: make fuzz (clang, with address and undefined-behaviour
 * sanitizers).  Any crash, sanitizer report or broken property aborts.
 *
 * Input: if the first byte is 0, the rest is text for gs_parse.  Otherwise
 * byte 0 chooses weights and where to split the rows, bytes 1-4 an edit,
 * byte 5 how often each row is added (1-64), and the rest are rows (8 bytes
 * each) added to a summary; the summary is formatted, one character of the
 * text is replaced, deleted or inserted, and the result is parsed.  (So the
 * fuzzer reaches deep into the text form without a dictionary.)
 *
 * Properties:
 *  - gs_parse never crashes;
 *  - whatever it accepts passes gs_check, formats within GS_TEXT_MAX and
 *    parses back to a bit-identical summary;
 *  - on an accepted summary every estimate and the quality report run; a
 *    prevalence is NaN or within [0, 100]; the report fits its buffer, is
 *    valid JSON and has no "nan" or "inf";
 *  - (first byte 0xFF) a summary whose 8-byte values are set from the input
 *    (raw bits: subnormal, infinite, NaN, huge counts): gs_check accepts it
 *    if and only if its text reads back, and then bit-identical - the text
 *    input and the validator (which the binary input uses) agree;
 *  - a summary built with gs_add passes gs_check, its text parses back
 *    bit-identical, and merging two halves gives the same summary (counts
 *    exactly, sums to rounding).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "growth_summary.h"
#include "summary_format.h"
#include "survey_quality.h"

#include "json_check.h"

#define ROW_BYTES 8
#define HEADER_BYTES 6

static char text[GS_TEXT_MAX + 8];
static char again[GS_TEXT_MAX];
static char json[GS_QUALITY_JSON_MAX];

static void
fail(const char *why)
{
	fprintf(stderr, "fuzz_summary: %s\n", why);
	abort();
}

/* Bytes of a field: the values, or the bool, or the histogram. */
static size_t
field_size(const gs_field *f)
{
	if (f->kinds[0] == 'b')
		return sizeof(bool);
	if (f->kinds[0] == 'h')
		return (GS_MAX_MONTH + 1) * sizeof(int64_t);
	return strlen(f->kinds) * 8;
}

static bool
same_bits(const growth_summary *a, const growth_summary *b)
{
	for (int f = 0; f < gs_n_fields; f++)
		if (memcmp((const char *) a + gs_fields[f].offset, (const char *) b + gs_fields[f].offset,
				   field_size(&gs_fields[f])) != 0)
			return false;
	return true;
}

/* Counts exactly; sums to 1e-9 relative (or absolute below 1). */
static bool
same_to_rounding(const growth_summary *a, const growth_summary *b)
{
	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		const char *x = (const char *) a + field->offset;
		const char *y = (const char *) b + field->offset;

		if (field->kinds[0] == 'b' || field->kinds[0] == 'h')
		{
			if (memcmp(x, y, field_size(field)) != 0)
				return false;
			continue;
		}
		for (int k = 0; field->kinds[k]; k++, x += 8, y += 8)
		{
			if (field->kinds[k] == 'i')
			{
				if (*(const int64_t *) x != *(const int64_t *) y)
					return false;
			}
			else
			{
				double		u = *(const double *) x,
							v = *(const double *) y;

				if (!(fabs(u - v) <= 1e-9 * fmax(1.0, fmax(fabs(u), fabs(v)))))
					return false;
			}
		}
	}
	return true;
}


static void
check_estimates(const growth_summary *s)
{
	static const char *const ind[] = {"HA", "WA", "BMI", "WH"};
	static const char *const cut[] = {"_3", "_2", "_1", "1", "2", "3"};
	gs_estimate e;
	char		key[16];

	for (int i = 0; i < 4; i++)
	{
		if (!gs_zscore_mean(s, ind[i], &e))
			fail("gs_zscore_mean does not know an indicator");
		for (int k = 0; k < 6; k++)
		{
			snprintf(key, sizeof(key), "%s%s", ind[i], cut[k]);
			if (!gs_prevalence(s, key, &e))
				fail("gs_prevalence does not know a cut-off");
			if (!isnan(e.r) && !(e.r >= 0.0 && e.r <= 100.0))
				fail("a prevalence outside [0, 100]");
		}
	}
	if (!gs_prevalence(s, "HA_2_WH_2", &e) || !gs_prevalence(s, "HA_2_WH2", &e))
		fail("gs_prevalence does not know a combined indicator");
	if (!isnan(e.r) && !(e.r >= 0.0 && e.r <= 100.0))
		fail("a combined prevalence outside [0, 100]");
}

static void
check_quality(const growth_summary *s)
{
	size_t		len = gs_quality_json(s, json, sizeof(json));

	if (len >= sizeof(json) || strlen(json) != len)
		fail("the quality report does not fit GS_QUALITY_JSON_MAX");
	if (strstr(json, "nan") || strstr(json, "inf") || strstr(json, "NAN") || strstr(json, "INF"))
		fail("the quality report has nan or inf");
	if (!json_valid(json))
		fail("the quality report is not valid JSON");
}

/* Properties of a summary that gs_parse accepted. */
static void
check_accepted(const growth_summary *s)
{
	growth_summary back;
	size_t		len;

	if (gs_check(s) != NULL)
		fail("gs_parse accepted a summary that gs_check rejects");
	len = gs_format(s, again, sizeof(again));
	if (len >= sizeof(again))
		fail("an accepted summary does not format within GS_TEXT_MAX");
	if (gs_parse(again, &back) != NULL)
		fail("gs_format of an accepted summary does not parse");
	if (!same_bits(&back, s))
		fail("gs_format of an accepted summary parses to other bits");
	check_estimates(s);
	check_quality(s);
}

static const double weights[16] = {
	0.0, 1.0, 0.5, 2.0, 1.5, 3.0, 0.25, 10.0, 1e-3, 123.456, 7.0, 0.1, 1.0, 1.0, 2.5, 1e6
};

static void
decode_row(const uint8_t *b, bool weighted, gs_row *r)
{
	memset(r, 0, sizeof(*r));
	if (b[0] <= 228)
		r->age_days = ((double) b[0] + (double) (b[7] & 3) / 4.0) * WHO_DAYS_PER_MONTH;
	else if (b[0] <= 250)
		r->age_days = (double) b[0] * WHO_DAYS_PER_MONTH;	/* over 228 months */
	else
		r->age_days = NAN;
	r->sex = (who_sex) ((b[1] & 3) % 3);
	r->oedema = (b[1] & 4) != 0;
	r->in_domain = (b[1] & 8) == 0;
	r->sampling_weight = weighted ? weights[b[1] >> 4] : 1.0;
	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		if (b[2 + i] == 0)
		{
			r->z[i] = NAN;
			r->flag[i] = WHO_FLAG_MISSING;
		}
		else
		{
			r->z[i] = round(((double) b[2 + i] - 128.0) * 5.0) / 100.0;
			r->flag[i] = (b[6] >> i) & 1 ? WHO_FLAG_YES : WHO_FLAG_NO;
		}
	}
	r->weight_kg = (b[6] & 0x10) ? NAN : 2.0 + (double) b[7] / 10.0;
	r->lenhei_cm = (b[6] & 0x20) ? NAN : 45.0 + (double) b[7] * 0.7;
}

static const char edit_chars[] = "0123456789-.,:eE+ tf=()_xn";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	growth_summary s,
				parsed;
	size_t		len;

	if (size == 0)
		return 0;
	if (data[0] == 0)
	{
		/* raw text */
		size_t		n = size - 1 < sizeof(text) - 1 ? size - 1 : sizeof(text) - 1;

		memcpy(text, data + 1, n);
		text[n] = '\0';
		if (gs_parse(text, &parsed) == NULL)
			check_accepted(&parsed);
		return 0;
	}
	if (data[0] == 0xFF)
	{
		/* records of 2 bytes (which 8-byte value) and 8 bytes (its bits) */
		size_t		slots = (sizeof(growth_summary) - offsetof(growth_summary, domain_rows)) / 8;

		gs_init(&s);
		s.weighted = size > 1 && (data[1] & 1);
		for (size_t p = 2; p + 10 <= size; p += 10)
		{
			size_t		slot = ((size_t) data[p] << 8 | data[p + 1]) % (slots + 2);
			char	   *at = slot == 0 ? (char *) &s.rows : slot == 1 ? (char *) &s.rows_positive
				: (char *) &s.domain_rows + 8 * (slot - 2);

			memcpy(at, data + p + 2, 8);
		}
		len = gs_format(&s, text, GS_TEXT_MAX);
		if (len >= GS_TEXT_MAX)
			fail("a summary's text is longer than GS_TEXT_MAX");
		if ((gs_check(&s) == NULL) != (gs_parse(text, &parsed) == NULL))
			fail("gs_check and the text round trip disagree");
		if (gs_check(&s) == NULL)
		{
			if (!same_bits(&parsed, &s))
				fail("an accepted summary's text parses to other bits");
			check_accepted(&parsed);
		}
		return 0;
	}
	if (size < HEADER_BYTES)
		return 0;

	{
		bool		weighted = (data[0] & 1) != 0;
		size_t		nrows = (size - HEADER_BYTES) / ROW_BYTES;
		size_t		split = nrows ? data[0] % (nrows + 1) : 0;
		growth_summary a,
					b;
		gs_row		row;
		size_t		pos;
		uint8_t		op = data[3];
		int			repeat = 1 + data[5] % 64;
		const char *err;

		gs_init(&s);
		gs_init(&a);
		gs_init(&b);
		for (size_t k = 0; k < nrows; k++)
		{
			decode_row(data + HEADER_BYTES + k * ROW_BYTES, weighted, &row);
			for (int r = 0; r < repeat; r++)
			{
				size_t		where;

				if (gs_add(&s, &row, &where) != GS_OK ||
					gs_add(k < split ? &a : &b, &row, &where) != GS_OK)
					fail("gs_add refuses a row of ordinary size");
			}
		}
		if ((err = gs_check(&s)) != NULL)
			fail(err);
		{
			size_t		where;

			if (gs_merge(&a, &b, &where) != GS_OK)
				fail("gs_merge refuses two halves of ordinary size");
		}
		if (!same_to_rounding(&a, &s))
			fail("merging two halves differs from adding every row");
		if (gs_check(&a) != NULL)
			fail("a merged summary fails gs_check");

		len = gs_format(&s, text, GS_TEXT_MAX);
		if (len >= GS_TEXT_MAX)
			fail("a summary's text is longer than GS_TEXT_MAX");
		if (gs_parse(text, &parsed) != NULL)
			fail("gs_format's text does not parse");
		if (!same_bits(&parsed, &s))
			fail("gs_format's text parses to other bits");
		check_estimates(&s);
		check_quality(&s);

		/* one edit: replace, delete or insert a character */
		pos = ((size_t) data[1] << 8 | data[2]) % (len + 1);
		switch (op & 3)
		{
			case 0:				/* replace with a character of the format */
			case 3:				/* replace with any byte but NUL */
				if (pos == len)
					break;
				text[pos] = (op & 3) == 0 ? edit_chars[data[4] % (sizeof(edit_chars) - 1)]
					: (char) (data[4] ? data[4] : 1);
				break;
			case 1:				/* delete */
				if (pos < len)
					memmove(text + pos, text + pos + 1, len - pos);
				break;
			case 2:				/* insert */
				memmove(text + pos + 1, text + pos, len - pos + 1);
				text[pos] = edit_chars[data[4] % (sizeof(edit_chars) - 1)];
				break;
		}
		if (gs_parse(text, &parsed) == NULL)
			check_accepted(&parsed);
	}
	return 0;
}
