/*
 * fuzz_who.c - libFuzzer target for the text parsers and the z-score math.
 * Build and run: make fuzz (clang, with address and undefined-behaviour
 * sanitizers).  Any crash, sanitizer report or broken property aborts.
 *
 * Properties:
 *  - the parsers accept exactly the listed codes: whatever is accepted, once
 *    trimmed and lower-cased, is one of them;
 *  - the language-tag reader (ICU) answers a supported language or -1;
 *  - for any sex/measure and any finite inputs (age >= 0), every z-score is
 *    missing or a finite multiple of 0.01, and its flag agrees with it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang_tag.h"
#include "who_codes.h"
#include "who_zscore.h"
#include "name_normalize.h"

/* What each parser may accept (trimmed, any ASCII case), and nothing else. */
static const char *const sex_codes[] = {
	"m", "male", "1", "l", "laki-laki", "f", "female", "2", "p", "perempuan", NULL
};
static const char *const measure_codes[] = {
	"l", "lying", "recumbent", "telentang", "h", "standing", "berdiri", NULL
};
static const char *const indicator_codes[] = {
	"lhfa", "wfa", "wflh", "bfa", "hcfa", "acfa", "tsfa", "ssfa", NULL
};

static void
check_accepted(const uint8_t *data, size_t size, const char *const *accepted)
{
	size_t		start = 0;
	size_t		end = size;
	char		lower[32];

	while (start < end && strchr(" \t\n\r\v\f", data[start]) && data[start])
		start++;
	while (end > start && strchr(" \t\n\r\v\f", data[end - 1]) && data[end - 1])
		end--;
	if (end - start >= sizeof(lower))
		abort();
	for (size_t i = start; i < end; i++)
		lower[i - start] = (data[i] >= 'A' && data[i] <= 'Z') ? data[i] + 32 : data[i];
	lower[end - start] = '\0';
	if (strlen(lower) != end - start)
		abort();				/* an embedded NUL was accepted */
	for (const char *const *a = accepted; *a; a++)
		if (strcmp(*a, lower) == 0)
			return;
	abort();
}

static double
take_double(const uint8_t **data, size_t *size)
{
	double		x = NAN;

	if (*size >= sizeof(x))
	{
		memcpy(&x, *data, sizeof(x));
		*data += sizeof(x);
		*size -= sizeof(x);
	}
	/* the SQL layer rejects NaN and infinities; NaN here means NULL */
	return isfinite(x) ? x : NAN;
}

static void
check_z(double z, who_flag f)
{
	if (isnan(z))
	{
		if (f != WHO_FLAG_MISSING)
			abort();
		return;
	}
	if (!isfinite(z) || f == WHO_FLAG_MISSING)
		abort();
	if (fabs(z) < 1e12 && fabs(z * 100 - nearbyint(z * 100)) > 1e-6 * fmax(1, fabs(z)))
		abort();
}

/*
 * Name keys: any bytes give a key of [a-z0-9] words separated by single
 * spaces, or ICU's error; the distance is symmetric and bounded; every
 * member of a deletion neighbourhood is one byte shorter.
 */
static void
check_names(const uint8_t *data, size_t size)
{
	char		out[4 * 256 + 64];
	UErrorCode	status = U_ZERO_ERROR;
	int			n;
	size_t		half = size / 2;

	if (size > 256)
		return;
	n = name_normalize((const char *) data, size, out, sizeof(out), &status);
	if (n >= 0)
	{
		char		buf[64 * 65 + 1];
		size_t		count;

		for (int i = 0; i < n; i++)
			if (!((out[i] >= 'a' && out[i] <= 'z') || (out[i] >= '0' && out[i] <= '9') ||
				  (out[i] == ' ' && i > 0 && i + 1 < n && out[i - 1] != ' ')))
				abort();
		if (n <= 64)
		{
			const char *p = buf;

			if (name_deletions(out, (size_t) n, buf, sizeof(buf), &count) == 0)
				abort();
			for (size_t k = 0; k < count; k++, p += strlen(p) + 1)
				if (k > 0 && strlen(p) + 1 != (size_t) n)
					abort();
		}
	}
	else if (!U_FAILURE(status))
		abort();
	{
		int			d1 = name_distance((const char *) data, half, (const char *) data + half, size - half);
		int			d2 = name_distance((const char *) data + half, size - half, (const char *) data, half);

		if (d1 != d2 || d1 < 0 || (size_t) d1 > (half > size - half ? half : size - half))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	who_sex		sex;
	who_measure measure;
	who_input	in;
	who_zscores z;

	if (who_parse_sex((const char *) data, size, &sex))
		check_accepted(data, size, sex_codes);
	if (who_parse_measure((const char *) data, size, &measure))
		check_accepted(data, size, measure_codes);
	{
		who_indicator ind;

		if (who_parse_indicator((const char *) data, size, &ind))
			check_accepted(data, size, indicator_codes);
	}
	check_names(data, size);
	{
		int			lang = pmk_parse_language((const char *) data, size);

		if (lang != -1 && lang != PMK_LANG_ID && lang != PMK_LANG_EN)
			abort();
	}

	if (size < 2)
		return 0;
	in.sex = (who_sex) (data[0] % 3);
	in.measure = data[1] % 3 == 0 ? WHO_MEASURE_UNKNOWN
		: data[1] % 3 == 1 ? WHO_MEASURE_LYING : WHO_MEASURE_STANDING;
	in.oedema = (data[1] & 0x80) != 0;
	data += 2;
	size -= 2;
	in.age_days = fabs(take_double(&data, &size));
	in.weight_kg = take_double(&data, &size);
	in.lenhei_cm = take_double(&data, &size);
	in.headc_cm = take_double(&data, &size);
	in.armc_cm = take_double(&data, &size);
	in.triskin_mm = take_double(&data, &size);
	in.subskin_mm = take_double(&data, &size);
	who_anthro_zscores(&in, &z);
	check_z(z.zlen, z.flen);
	check_z(z.zwei, z.fwei);
	check_z(z.zwfl, z.fwfl);
	check_z(z.zbmi, z.fbmi);
	check_z(z.zhc, z.fhc);
	check_z(z.zac, z.fac);
	check_z(z.zts, z.fts);
	check_z(z.zss, z.fss);
	if (!isnan(z.cbmi) && !(isfinite(z.cbmi) && z.clenhei > 0))
		abort();
	/* the inverse: NaN or a positive finite value, for any z */
	for (int ind = WHO_IND_LHFA; ind <= WHO_IND_SSFA; ind++)
	{
		double		v = who_value_at_z((who_indicator) ind, in.sex, in.age_days,
									   in.lenhei_cm, in.measure, in.weight_kg);

		if (!isnan(v) && !(isfinite(v) && v > 0.0))
			abort();
	}
	return 0;
}
