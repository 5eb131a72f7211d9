/*
 * summary_format.c - the external forms of a growth_summary: the list of
 * its fields (shared by the text and the binary form), the text form, and
 * the consistency check applied to anything read from outside.  Plain C.
 *
 * Text form, version 1, on one line:
 *   growth_summary v1 rows=120 rows_positive=120 weighted=f ...
 *   HA.pop(n,w,w2)=118,118,118 HA.cut_3(n,w,w2)=4,4,4 ... ...
 *   age_months=0:2,1:3,... weight_digit(0,1,...,9)=12,9,...
 * Every field is named, in a fixed order; a field with several values names
 * them in parentheses and lists them comma-separated.  Floats are written
 * in the shortest decimal form that reads back to the same bits.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary_format.h"

#define IND_FIELDS(I, NAME) \
	{NAME ".pop", offsetof(growth_summary, ind[I].pop), "idd", "n,w,w2"}, \
	{NAME ".cut_3", offsetof(growth_summary, ind[I].cut[0]), "idd", "n,w,w2"}, \
	{NAME ".cut_2", offsetof(growth_summary, ind[I].cut[1]), "idd", "n,w,w2"}, \
	{NAME ".cut_1", offsetof(growth_summary, ind[I].cut[2]), "idd", "n,w,w2"}, \
	{NAME ".cut1", offsetof(growth_summary, ind[I].cut[3]), "idd", "n,w,w2"}, \
	{NAME ".cut2", offsetof(growth_summary, ind[I].cut[4]), "idd", "n,w,w2"}, \
	{NAME ".cut3", offsetof(growth_summary, ind[I].cut[5]), "idd", "n,w,w2"}, \
	{NAME ".z", offsetof(growth_summary, ind[I].z), "idddddddddd", "n,w,wmean,wm2,w2,w2mean,w2m2,mean,m2,m3,m4"}, \
	{NAME ".quality", offsetof(growth_summary, ind[I].flagged), "iii", "flagged,oedema,missing"}

const gs_field gs_fields[] = {
	{"rows", offsetof(growth_summary, rows), "i"},
	{"rows_positive", offsetof(growth_summary, rows_positive), "i"},
	{"weighted", offsetof(growth_summary, weighted), "b"},
	{"domain_rows", offsetof(growth_summary, domain_rows), "i"},
	{"excluded_rows", offsetof(growth_summary, excluded_rows), "i"},
	{"ref2007_rows", offsetof(growth_summary, ref2007_rows), "i"},
	{"rows_over_120mo", offsetof(growth_summary, rows_over_120mo), "i"},
	IND_FIELDS(GS_HA, "HA"),
	IND_FIELDS(GS_WA, "WA"),
	IND_FIELDS(GS_BMI, "BMI"),
	IND_FIELDS(GS_WH, "WH"),
	{"HA_2_WH.pop", offsetof(growth_summary, combined_pop), "idd", "n,w,w2"},
	{"HA_2_WH_2", offsetof(growth_summary, combined[0]), "idd", "n,w,w2"},
	{"HA_2_WH2", offsetof(growth_summary, combined[1]), "idd", "n,w,w2"},
	{"sex", offsetof(growth_summary, sex), "iii", "missing,male,female"},
	{"age_missing", offsetof(growth_summary, age_missing), "i"},
	{"age_months", offsetof(growth_summary, age_months), "h"},
	{"weight_digit", offsetof(growth_summary, weight_digit), "iiiiiiiiii", "0,1,2,3,4,5,6,7,8,9"},
	{"lenhei_digit", offsetof(growth_summary, lenhei_digit), "iiiiiiiiii", "0,1,2,3,4,5,6,7,8,9"},
};
const int	gs_n_fields = sizeof(gs_fields) / sizeof(gs_fields[0]);

/* Shortest %.*g that reads back to the same double. */
static int
format_double(char *buf, size_t size, double x)
{
	int			len = 0;

	for (int digits = 15; digits <= 17; digits++)
	{
		len = snprintf(buf, size, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return len;
}

size_t
gs_format(const growth_summary *s, char *buf, size_t bufsize)
{
	size_t		len = 0;
	const char *base = (const char *) s;

#define EMIT(...) \
	do { \
		int n_ = snprintf(buf + len, len < bufsize ? bufsize - len : 0, __VA_ARGS__); \
		len += (size_t) n_; \
	} while (0)

	EMIT("growth_summary v%d", GS_FORMAT_VERSION);
	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		const char *p = base + field->offset;

		EMIT(" %s", field->name);
		if (field->labels)
			EMIT("(%s)", field->labels);
		EMIT("=");
		if (field->kinds[0] == 'b')
			EMIT("%s", *(const bool *) p ? "t" : "f");
		else if (field->kinds[0] == 'h')
		{
			const int64_t *h = (const int64_t *) p;
			bool		first = true;

			for (int k = 0; k <= GS_MAX_MONTH; k++)
				if (h[k] != 0)
				{
					EMIT("%s%d:%lld", first ? "" : ",", k, (long long) h[k]);
					first = false;
				}
			if (first)
				EMIT("-");
		}
		else
			for (int k = 0; field->kinds[k]; k++, p += 8)
			{
				if (k > 0)
					EMIT(",");
				if (field->kinds[k] == 'i')
					EMIT("%lld", (long long) *(const int64_t *) p);
				else
				{
					char		num[32];

					format_double(num, sizeof(num), *(const double *) p);
					EMIT("%s", num);
				}
			}
	}
#undef EMIT
	return len;
}

/* A signed decimal integer; the end pointer moves past it. */
static bool
parse_int64(const char **cur, int64_t *out)
{
	const char *s = *cur;
	char	   *end;
	long long	v;

	if (!(*s == '-' || (*s >= '0' && *s <= '9')))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s)
		return false;
	*out = (int64_t) v;
	*cur = end;
	return true;
}

/*
 * A decimal float (no "nan", "inf" or hex).  Syntax only: a number too large
 * for a double reads as infinite and gs_check rejects it, as it rejects an
 * infinite value read by the binary input; a subnormal number (strtod's
 * ERANGE, but exact to its last bit and written by gs_format) is kept.  One
 * that underflows to zero is not a number gs_format writes, and is refused.
 */
static bool
parse_double(const char **cur, double *out)
{
	const char *s = *cur;
	const char *q = s;
	char	   *end;

	if (*q == '-')
		q++;
	if (!((*q >= '0' && *q <= '9') || *q == '.'))
		return false;
	for (const char *c = q; *c && *c != ',' && *c != ' '; c++)
		if (!((*c >= '0' && *c <= '9') || *c == '.' || *c == 'e' || *c == 'E' ||
			  *c == '-' || *c == '+'))
			return false;
	errno = 0;
	*out = strtod(s, &end);
	if (end == s || (errno == ERANGE && *out == 0.0))
		return false;
	*cur = end;
	return true;
}

static bool
expect(const char **cur, const char *lit)
{
	size_t		len = strlen(lit);

	if (strncmp(*cur, lit, len) != 0)
		return false;
	*cur += len;
	return true;
}

const char *
gs_parse(const char *text, growth_summary *s)
{
	const char *cur = text;
	char	   *base = (char *) s;
	int64_t		version;
	static char msg[128];

	gs_init(s);
	while (*cur == ' ' || *cur == '\t' || *cur == '\n' || *cur == '\r')
		cur++;
	if (!expect(&cur, "growth_summary v"))
		return "it does not start with \"growth_summary v\"";
	if (!parse_int64(&cur, &version))
		return "the version is not a number";
	if (version != GS_FORMAT_VERSION)
		return "unsupported version (this release reads v1)";

	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		char	   *p = base + field->offset;

		snprintf(msg, sizeof(msg), "field \"%s\" is missing or malformed", field->name);
		if (!expect(&cur, " ") || !expect(&cur, field->name))
			return msg;
		if (field->labels &&
			!(expect(&cur, "(") && expect(&cur, field->labels) && expect(&cur, ")")))
			return msg;
		if (!expect(&cur, "="))
			return msg;
		if (field->kinds[0] == 'b')
		{
			if (*cur != 't' && *cur != 'f')
				return msg;
			*(bool *) p = (*cur == 't');
			cur++;
		}
		else if (field->kinds[0] == 'h')
		{
			int64_t    *h = (int64_t *) p;
			int64_t		prev = -1;

			if (*cur == '-')
				cur++;
			else
				for (;;)
				{
					int64_t		month,
								count;

					/* zero counts are left out; a negative one is gs_check's to refuse */
					if (!parse_int64(&cur, &month) || month <= prev || month > GS_MAX_MONTH ||
						!expect(&cur, ":") || !parse_int64(&cur, &count) || count == 0)
						return msg;
					h[month] = count;
					prev = month;
					if (*cur != ',')
						break;
					cur++;
				}
		}
		else
			for (int k = 0; field->kinds[k]; k++, p += 8)
			{
				if (k > 0 && !expect(&cur, ","))
					return msg;
				if (field->kinds[k] == 'i' ? !parse_int64(&cur, (int64_t *) p)
					: !parse_double(&cur, (double *) p))
					return msg;
			}
	}
	while (*cur == ' ' || *cur == '\t' || *cur == '\n' || *cur == '\r')
		cur++;
	if (*cur != '\0')
		return "unexpected text after the last field";
	return gs_check(s);
}

void
gs_value_name(size_t offset, char *buf, size_t size)
{
	for (int f = 0; f < gs_n_fields; f++)
	{
		const gs_field *field = &gs_fields[f];
		size_t		n = field->kinds[0] == 'b' ? sizeof(bool)
			: field->kinds[0] == 'h' ? (GS_MAX_MONTH + 1) * 8 : strlen(field->kinds) * 8;
		size_t		k;
		const char *label;

		if (offset < field->offset || offset >= field->offset + n)
			continue;
		k = (offset - field->offset) / 8;
		if (field->kinds[0] == 'h')
			snprintf(buf, size, "%s(%zu)", field->name, k);
		else if (field->labels == NULL)
			snprintf(buf, size, "%s", field->name);
		else
		{
			/* the k-th of the comma-separated labels */
			label = field->labels;
			for (size_t j = 0; j < k; j++)
				label = strchr(label, ',') + 1;
			snprintf(buf, size, "%s(%.*s)", field->name, (int) strcspn(label, ","), label);
		}
		return;
	}
	snprintf(buf, size, "byte %zu", offset);
}

/* Relative slack for sums of weights compared in a different order. */
#define SUM_SLACK 1e-9

static bool
sum_le(double part, double whole)
{
	return part <= whole + SUM_SLACK * fabs(whole);
}

/* total += x, false on overflow */
static bool
add_count(int64_t *total, int64_t x)
{
	return !__builtin_add_overflow(*total, x, total);
}

static const char *
check_count(const gs_count *c, const gs_count *within, bool weighted)
{
	if (c->n < 0 || !(c->w >= 0.0) || !(c->w2 >= 0.0) || !isfinite(c->w) || !isfinite(c->w2))
		return "a count or weight sum is negative or not finite";
	if (!weighted && (c->w != (double) c->n || c->w2 != (double) c->n))
		return "an unweighted summary has weight sums that differ from its counts";
	if (within && (c->n > within->n || !sum_le(c->w, within->w) || !sum_le(c->w2, within->w2)))
		return "a cut-off count exceeds its population";
	return NULL;
}

const char *
gs_check(const growth_summary *s)
{
	const char *err;
	int64_t		total;

	if (s->rows < 0 || s->rows_positive < 0 || s->domain_rows < 0 || s->excluded_rows < 0 ||
		s->ref2007_rows < 0 || s->rows_over_120mo < 0 || s->age_missing < 0)
		return "a row count is negative";
	if (s->rows_positive > s->rows || s->domain_rows > s->rows)
		return "rows_positive and domain_rows cannot exceed rows";
	if (s->ref2007_rows > s->domain_rows || s->rows_over_120mo > s->ref2007_rows)
		return "ref2007_rows or rows_over_120mo exceed the rows they are part of";
	if (!s->weighted && s->rows_positive != s->rows)
		return "an unweighted summary must have rows_positive = rows";

	for (int i = 0; i < GS_N_INDICATORS; i++)
	{
		const gs_indicator_sums *ind = &s->ind[i];
		const gs_moments *m = &ind->z;

		if ((err = check_count(&ind->pop, NULL, s->weighted)) != NULL)
			return err;
		if (ind->pop.n > s->domain_rows)
			return "an indicator's population exceeds domain_rows";
		for (int k = 0; k < GS_N_CUTOFFS; k++)
			if ((err = check_count(&ind->cut[k], &ind->pop, s->weighted)) != NULL)
				return err;
		/* below -3 within below -2 within below -1; likewise above */
		for (int k = 0; k < 2; k++)
			if (ind->cut[k].n > ind->cut[k + 1].n || ind->cut[5 - k].n > ind->cut[4 - k].n)
				return "the cut-off counts are not nested";
		if (ind->cut[2].n > ind->pop.n - ind->cut[3].n)
			return "rows below -1 and above +1 exceed the population";

		if (m->n < 0 || m->n > ind->pop.n)
			return "a z-score count exceeds its population";
		{
			const double v[] = {m->w, m->wmean, m->wm2, m->w2, m->w2mean, m->w2m2,
			m->mean, m->m2, m->m3, m->m4};

			for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
				if (!isfinite(v[k]))
					return "a z-score moment is not finite";
		}
		if (m->w < 0.0 || m->wm2 < 0.0 || m->w2 < 0.0 || m->w2m2 < 0.0 ||
			m->m2 < 0.0 || m->m4 < 0.0)
			return "a sum of weights or squares is negative";
		if (m->n == 0 && (m->w != 0.0 || m->wmean != 0.0 || m->wm2 != 0.0 || m->w2 != 0.0 ||
						  m->w2mean != 0.0 || m->w2m2 != 0.0 || m->mean != 0.0 ||
						  m->m2 != 0.0 || m->m3 != 0.0 || m->m4 != 0.0))
			return "a z-score with no rows has non-zero moments";
		if (!s->weighted && (m->w != (double) m->n || m->w2 != (double) m->n))
			return "an unweighted summary has weight sums that differ from its counts";
		if (ind->flagged < 0 || ind->oedema < 0 || ind->missing < 0)
			return "a data-quality count is negative";
		total = m->n;
		if (!add_count(&total, ind->flagged) || !add_count(&total, ind->oedema) ||
			!add_count(&total, ind->missing) || total > s->domain_rows)
			return "an indicator's rows exceed domain_rows";
	}
	if ((err = check_count(&s->combined_pop, NULL, s->weighted)) != NULL)
		return err;
	if (s->combined_pop.n > s->ind[GS_HA].pop.n || s->combined_pop.n > s->ind[GS_WH].pop.n)
		return "the combined population exceeds HA's or WH's";
	for (int k = 0; k < GS_N_COMBINED; k++)
		if ((err = check_count(&s->combined[k], &s->combined_pop, s->weighted)) != NULL)
			return err;

	total = 0;
	for (int k = 0; k < 3; k++)
	{
		if (s->sex[k] < 0 || !add_count(&total, s->sex[k]))
			return "a sex count is negative or too large";
	}
	if (total != s->domain_rows)
		return "the sex counts do not add up to domain_rows";
	total = s->age_missing;
	for (int k = 0; k <= GS_MAX_MONTH; k++)
	{
		if (s->age_months[k] < 0 || !add_count(&total, s->age_months[k]))
			return "an age count is negative or too large";
	}
	if (total != s->domain_rows)
		return "the age counts do not add up to domain_rows";
	for (int d = 0; d < 2; d++)
	{
		const int64_t *digits = d == 0 ? s->weight_digit : s->lenhei_digit;

		total = 0;
		for (int k = 0; k < 10; k++)
		{
			if (digits[k] < 0 || !add_count(&total, digits[k]))
				return "a digit count is negative or too large";
		}
		if (total > s->domain_rows)
			return "the digit counts exceed domain_rows";
	}
	return NULL;
}
