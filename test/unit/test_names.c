/*
 * test_names.c - unit tests of name_normalize.c (normalized keys, the
 * optimal string alignment distance, deletion neighbourhoods), without a
 * server.  Build and run: make unittest.
 */
#include <stdio.h>
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

int
main(void)
{
	test_normalize();
	test_distance();
	test_deletions();
	name_normalize_cleanup();
	u_cleanup();
	printf("names: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
