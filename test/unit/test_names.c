/*
 * test_names.c - unit tests of name_normalize.c (normalized keys, the
 * optimal string alignment distance, deletion neighbourhoods), without a
 * server.  Build and run: make unittest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name_normalize.h"

#include <unicode/uclean.h>

static int	passed;
static int	failed;

static void
check(int ok, const char *what, int line)
{
	if (ok)
		passed++;
	else
	{
		failed++;
		printf("FAIL test_names.c:%d: %s\n", line, what);
	}
}

#define CHECK(cond) check((cond), #cond, __LINE__)

static int
normalized_is(const char *in, const char *want, int modern)
{
	char		out[1024];
	UErrorCode	status = U_ZERO_ERROR;
	int			n = modern ? name_normalize(in, strlen(in), out, sizeof(out), &status)
		: name_normalize_literal(in, strlen(in), out, sizeof(out), &status);

	if (n < 0 || strcmp(out, want) != 0)
	{
		printf("     normalize(\"%s\") = \"%s\" (%s), expected \"%s\"\n", in, n < 0 ? "" : out,
			   u_errorName(status), want);
		return 0;
	}
	return 1;
}

#define NORM(in, want) check(normalized_is((in), (want), 1), "normalize " in, __LINE__)
#define LITERAL(in, want) check(normalized_is((in), (want), 0), "literal " in, __LINE__)

static void
test_normalize(void)
{
	/* the examples */
	NORM("KEL. BANDAR LOR", "bandar lor");
	NORM("bandarlor", "bandarlor");
	NORM("Banjar Mlati", "banjar mlati");
	NORM("Tampoerejo", "tampurejo");
	NORM("Ds. Pojok", "pojok");
	/* administrative words anywhere, but never the whole name */
	NORM("Kelurahan Kemasan, Kec. Kota", "kemasan");
	NORM("Kec. Kota", "kota");
	NORM("Kota", "kota");
	NORM("KABUPATEN KEDIRI", "kediri");
	NORM("Desa Sukamaju Dusun", "sukamaju");
	NORM("kel", "kel");
	/* old spelling, word by word */
	NORM("Tjandi", "candi");
	NORM("Soekarno", "sukarno");
	NORM("Bandjaran", "banjaran");
	NORM("Sjahrir", "syahrir");
	NORM("Chairul", "khairul");
	NORM("Banjaran", "banjaran");		/* nj alone is current spelling */
	NORM("Tanjung", "tanjung");
	NORM("Njonja Tjoe", "njonja cu");	/* nj -> ny only with another old digraph */
	NORM("Tjinjoe", "cinyu");
	/* Roman numerals stay */
	NORM("Sukamaju II", "sukamaju ii");
	NORM("SUKAMAJU  iv", "sukamaju iv");
	/* punctuation, spacing, apostrophes, dashes and quotes */
	NORM("  Bandar--Lor.  ", "bandar lor");
	NORM("Ngadi'rejo", "ngadirejo");
	NORM("Ngadi\xe2\x80\x99rejo", "ngadirejo");		/* ’ */
	NORM("Bandar\xe2\x80\x94Lor", "bandar lor");	/* em dash */
	NORM("\xe2\x80\x9cPojok\xe2\x80\x9d", "pojok");	/* “ ” */
	/* Unicode: NFKC, accents, other scripts, full case folding */
	NORM("\xef\xbc\xab\xef\xbc\xa5\xef\xbc\xac\xef\xbc\x8e\xef\xbc\xa2\xef\xbd\x81\xef\xbd\x8e", "ban");	/* ＫＥＬ．Ｂａｎ */
	NORM("\xc3\x87ukurova", "cukurova");
	NORM("Stra\xc3\x9f" "e", "strasse");
	NORM("\xce\x9a\xce\xad\xcf\x81\xce\xba\xcf\x85\xcf\x81\xce\xb1", "kerkyra");	/* Κέρκυρα */
	NORM("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", "moskva");	/* Москва */
	NORM("", "");
	NORM("...", "");
	/* as typed: no spelling mapped */
	LITERAL("Baloerti", "baloerti");
	LITERAL("KEL. Tjandi", "tjandi");
	NORM("Baloerti", "balurti");
	/* invalid UTF-8 is ICU's error, not a crash */
	{
		char		out[64];
		UErrorCode	status = U_ZERO_ERROR;

		CHECK(name_normalize("\xff\xfe", 2, out, sizeof(out), &status) == -1 && U_FAILURE(status));
		status = U_ZERO_ERROR;
		CHECK(name_normalize("bandar lor", 10, out, 4, &status) == -1 && status == U_BUFFER_OVERFLOW_ERROR);
	}
	CHECK(name_is_admin_word("kecamatan", 9) && !name_is_admin_word("kecamata", 8));
}

static int
dist(const char *a, const char *b)
{
	return name_distance(a, strlen(a), b, strlen(b));
}

static void
test_distance(void)
{
	CHECK(dist("pojok", "pojok") == 0);
	CHECK(dist("pojok", "pjook") == 1);		/* transposition */
	CHECK(dist("bandarlor", "bandrlor") == 1);	/* deletion */
	CHECK(dist("bandarlor", "bandsrlor") == 1);	/* substitution */
	CHECK(dist("gayam", "gayamm") == 1);	/* insertion */
	CHECK(dist("banjaran", "banaran") == 1);
	CHECK(dist("tempurejo", "campurejo") == 2);
	CHECK(dist("", "abc") == 3 && dist("abc", "") == 3 && dist("", "") == 0);
	CHECK(dist("ca", "abc") == 3);			/* OSA: no edit of a transposed pair */
	CHECK(dist("kitten", "sitting") == 3);
	CHECK(dist("abc", "cab") == dist("cab", "abc"));
}

static int
has(const char *buf, size_t count, const char *want)
{
	for (size_t k = 0; k < count; k++, buf += strlen(buf) + 1)
		if (strcmp(buf, want) == 0)
			return 1;
	return 0;
}

static void
test_deletions(void)
{
	char		buf[4096];
	size_t		count;

	CHECK(name_deletions("pojok", 5, buf, sizeof(buf), &count) > 0 && count == 6);
	CHECK(has(buf, count, "pojok") && has(buf, count, "pjok") && has(buf, count, "pojo") && has(buf, count, "ojok"));
	/* a run of equal letters gives its deletion once */
	CHECK(name_deletions("gayamm", 6, buf, sizeof(buf), &count) > 0 && count == 6);
	/* one typo apart: the neighbourhoods meet (pjook and pojok share pjok) */
	CHECK(name_deletions("pjook", 5, buf, sizeof(buf), &count) > 0 && has(buf, count, "pjok"));
	/* too long, too short or not ASCII: the key alone */
	CHECK(name_deletions("a", 1, buf, sizeof(buf), &count) > 0 && count == 1);
	CHECK(name_deletions("caf\xc3\xa9", 5, buf, sizeof(buf), &count) > 0 && count == 1);
	{
		char		longkey[64];

		memset(longkey, 'a', 41);
		longkey[41] = '\0';
		CHECK(name_deletions(longkey, 41, buf, sizeof(buf), &count) > 0 && count == 1);
	}
	/* a buffer too small is reported */
	CHECK(name_deletions("pojok", 5, buf, 10, &count) == 0);
}

/*
 * Segmented NFKC (name_normalize) against ICU's compound transliterator on
 * the whole string (name_normalize_whole, what 0.6.0 ran): the same key,
 * or the same error, for one input.
 */
static int	compared;

static int
same_as_whole(const char *in, size_t len)
{
	size_t		cap = 64 * len + 64;
	char	   *a = malloc(cap);
	char	   *b = malloc(cap);
	UErrorCode	sa = U_ZERO_ERROR;
	UErrorCode	sb = U_ZERO_ERROR;
	int			na = name_normalize(in, len, a, cap, &sa);
	int			nb = name_normalize_whole(in, len, b, cap, &sb);
	int			ok = na == nb && sa == sb && (na < 0 || memcmp(a, b, (size_t) na) == 0);

	if (!ok)
		printf("     segmented %d (%s) and whole %d (%s) differ on %zu bytes starting \"%.40s\"\n",
			   na, u_errorName(sa), nb, u_errorName(sb), len, in);
	compared++;
	free(a);
	free(b);
	return ok;
}

/* Every line of a test set and every comma-separated field of it. */
static void
compare_file(const char *path)
{
	FILE	   *f = fopen(path, "r");
	char		line[4096];
	int			lines = 0;
	int			bad = 0;

	if (f == NULL)
	{
		printf("     (no %s: run from the top of the repository)\n", path);
		check(0, path, __LINE__);
		return;
	}
	while (fgets(line, sizeof(line), f))
	{
		size_t		len = strcspn(line, "\r\n");
		size_t		s = 0;

		line[len] = '\0';
		bad += !same_as_whole(line, len);
		for (size_t i = 0; i <= len; i++)
			if (i == len || line[i] == ',')
			{
				bad += !same_as_whole(line + s, i - s);
				s = i + 1;
			}
		lines++;
	}
	fclose(f);
	check(lines > 300 && bad == 0, path, __LINE__);
}

/* Appends the UTF-8 of a code point. */
static size_t
put_utf8(char *out, unsigned int c)
{
	if (c < 0x80)
	{
		out[0] = (char) c;
		return 1;
	}
	if (c < 0x800)
	{
		out[0] = (char) (0xC0 | (c >> 6));
		out[1] = (char) (0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000)
	{
		out[0] = (char) (0xE0 | (c >> 12));
		out[1] = (char) (0x80 | ((c >> 6) & 0x3F));
		out[2] = (char) (0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (c >> 18));
	out[1] = (char) (0x80 | ((c >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((c >> 6) & 0x3F));
	out[3] = (char) (0x80 | (c & 0x3F));
	return 4;
}

/*
 * Long mixed strings (up to NAME_MAX_CHARS code points, so that NFKC runs
 * in several segments): characters NFKC expands or composes, combining
 * marks, and letters of the scripts Any-Latin romanises with context rules.
 */
static void
test_segmented_equals_whole(void)
{
	static const unsigned int pool[] = {
		0xFDFA, 0xFDFB, 0xFB01, 0x2163, 0x337F, 0x3392, 0xFF2B, 0xFF41, 0x2460,	/* expand */
		0x0301, 0x0308, 0x0323, 0x0327, 0x0345, 0x1100, 0x1161, 0x11A8,	/* combine */
		0xAC00, 0xD7A3, 0x0041, 0x0065, 0x006F, 0x0049, 0x00DF, 0x0130,
		0x03C3, 0x03C2, 0x03A3, 0x03AC, 0x0386, 0x03B1, 0x03B9, 0x0390,	/* Greek */
		0x041C, 0x043E, 0x0439, 0x044C, 0x0451, 0x0416,	/* Cyrillic */
		0x0627, 0x0644, 0x0644, 0x0647, 0x064E, 0x0651, 0x0621,	/* Arabic */
		0x30AB, 0x30FC, 0x30C3, 0x30C8, 0x3063, 0x304B, 0x3099,	/* kana */
		0x4E2D, 0x6587, 0x0928, 0x093F, 0x094D, 0x0E01, 0x0E32, 0x05D0,
		0x0020, 0x0020, 0x002D, 0x2019, 0x0027, 0x002E, 0x0031, 0x00A0,
		0x1F600, 0x10400, 0x1D400
	};
	static char buf[4 * NAME_MAX_CHARS + 8];
	unsigned int x = 12345;
	int			bad = 0;

	for (int t = 0; t < 120; t++)
	{
		size_t		len = 0;
		int			chars = 1 + (int) (x % NAME_MAX_CHARS);

		for (int c = 0; c < chars; c++)
		{
			x = x * 1103515245u + 12345u;
			len += put_utf8(buf + len, pool[(x >> 8) % (sizeof(pool) / sizeof(pool[0]))]);
		}
		bad += !same_as_whole(buf, len);
	}
	/* the input at the bound, and runs of one character */
	{
		static const unsigned int runs[] = {0xFDFA, 0x0301, 0x3099, 0xAC00, 0x1100, 0x03C3, 0x0627};

		for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++)
		{
			size_t		len = 0;

			for (int c = 0; c < NAME_MAX_CHARS; c++)
				len += put_utf8(buf + len, runs[r]);
			bad += !same_as_whole(buf, len);
		}
	}
	CHECK(bad == 0);
	compare_file("test/names/kota_kediri_messy.csv");
	compare_file("test/names/kabupaten_kediri_names.csv");
	printf("names: segmented and whole NFKC compared on %d inputs\n", compared);
}

/* The bound: NAME_MAX_CHARS code points are normalized, one more is refused. */
static void
test_bound(void)
{
	static char buf[3 * (NAME_MAX_CHARS + 1)];
	static char out[64 * NAME_MAX_CHARS];
	UErrorCode	status = U_ZERO_ERROR;
	size_t		len = 0;

	for (int c = 0; c < NAME_MAX_CHARS; c++)
		len += put_utf8(buf + len, 0xFDFA);
	CHECK(name_normalize(buf, len, out, sizeof(out), &status) == 17 * NAME_MAX_CHARS);
	CHECK(status == U_ZERO_ERROR);
	len += put_utf8(buf + len, 0xFDFA);
	status = U_ZERO_ERROR;
	CHECK(name_normalize(buf, len, out, sizeof(out), &status) == -1 && status == U_INPUT_TOO_LONG_ERROR);
	memset(buf, 'a', NAME_MAX_CHARS + 1);
	status = U_ZERO_ERROR;
	CHECK(name_normalize(buf, NAME_MAX_CHARS, out, sizeof(out), &status) == NAME_MAX_CHARS);
	status = U_ZERO_ERROR;
	CHECK(name_normalize(buf, NAME_MAX_CHARS + 1, out, sizeof(out), &status) == -1 &&
		  status == U_INPUT_TOO_LONG_ERROR);
}

/*
 * The interrupt hook: a hook that says stop after k polls makes
 * name_normalize return NAME_CANCELLED, for every k until the call
 * completes (the number of polls of one call); then the key is the same as
 * without a hook.  valgrind (test/run.sh) sees that nothing leaks.
 */
static int	polls;
static int	stop_after;

static int
stop_hook(void)
{
	return ++polls >= stop_after;
}

static void
test_interrupts(void)
{
	static char buf[4 * NAME_MAX_CHARS];
	static char want[64 * NAME_MAX_CHARS];
	static char out[64 * NAME_MAX_CHARS];
	size_t		len = 0;
	int			n;
	int			cancelled = 0;
	UErrorCode	status = U_ZERO_ERROR;

	for (int c = 0; c < NAME_MAX_CHARS; c++)
		len += put_utf8(buf + len, c % 5 == 4 ? 0x0020 : 0xFDFA);
	name_set_interrupt_hook(NULL);
	n = name_normalize(buf, len, want, sizeof(want), &status);
	CHECK(n > 0);
	name_set_interrupt_hook(stop_hook);
	for (stop_after = 1;; stop_after++)
	{
		int			m;

		polls = 0;
		status = U_ZERO_ERROR;
		m = name_normalize(buf, len, out, sizeof(out), &status);
		if (m == NAME_CANCELLED)
		{
			cancelled++;
			CHECK(polls == stop_after && status == U_ZERO_ERROR);
			continue;
		}
		CHECK(m == n && memcmp(out, want, (size_t) n) == 0);
		break;
	}
	/* several NFKC segments and the poll after the transliteration */
	CHECK(cancelled >= 3);
	/* the literal key too */
	stop_after = 1;
	polls = 0;
	status = U_ZERO_ERROR;
	CHECK(name_normalize_literal(buf, len, out, sizeof(out), &status) == NAME_CANCELLED);
	name_set_interrupt_hook(NULL);
}

int
main(void)
{
	test_normalize();
	test_distance();
	test_deletions();
	test_segmented_equals_whole();
	test_bound();
	test_interrupts();
	name_normalize_cleanup();
	u_cleanup();
	printf("names: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
