/*
 * name_normalize.h - the key under which typed area names are compared,
 * plain C with ICU (no postgres.h).
 *
 * "KEL. BANDAR LOR", "Kelurahan Bandar-Lor" and "bandar lor" all become
 * "bandar lor"; "Tjandi" becomes "candi", "Soekarno" "sukarno".
 */
#ifndef STUNTING_NAME_NORMALIZE_H
#define STUNTING_NAME_NORMALIZE_H

#include <stddef.h>

#include <unicode/utypes.h>

/*
 * The longest name normalized, in characters (Unicode code points).  The
 * longest of the 83,762 desa/kelurahan names in the national list
 * (../shared/geo/wilayah_desa.csv) has 44 characters ("Kampuang Tanjuang
 * Koto Mambang Sungai Durian"), the longest kecamatan 31, kabupaten/kota
 * 39, province 29; a name typed with all four levels spelled out
 * ("Kelurahan ..., Kecamatan ..., Kabupaten ..., Provinsi ...") stays under
 * 200.  500 is more than 11 times the longest desa name and bounds the work
 * of one call: 500 times U+FDFA (which NFKC makes 18 characters) takes
 * about 15 ms, the worst input found.  Longer input is refused:
 * U_INPUT_TOO_LONG_ERROR.
 */
#define NAME_MAX_CHARS 500

/*
 * Interrupts: the glue sets a hook that returns nonzero when the caller
 * wants the work stopped (PostgreSQL: a cancel, a timeout or a terminate
 * is pending).  The long steps poll it; when it says stop, everything
 * allocated is freed and the function returns NAME_CANCELLED.  NULL (the
 * default) never stops.
 */
typedef int (*name_interrupt_hook) (void);
extern void name_set_interrupt_hook(name_interrupt_hook hook);
#define NAME_CANCELLED (-2)

/*
 * Normalizes the UTF-8 text in[0..len) into out (NUL-terminated ASCII,
 * lower case, words separated by single spaces):
 *   1. NFKC, ICU "Any-Latin; Latin-ASCII" (other scripts romanised, accents,
 *      curly quotes and dashes to ASCII), full Unicode case folding;
 *   2. apostrophes dropped, every other character that is not a letter or a
 *      digit a word break;
 *   3. administrative words (kel, kelurahan, desa, ds, kec, kecamatan, kab,
 *      kabupaten, kota, kotamadya, kodya, dusun, dsn) dropped wherever they
 *      are, unless nothing else is left (then the last one stays: "Kec. Kota"
 *      is "kota");
 *   4. the spelling before 1972 mapped to the current one in each word:
 *      oe -> u, dj -> j, tj -> c, sj -> sy, ch -> kh, and nj -> ny in a word
 *      that shows one of those (alone, nj is current spelling: Banjar);
 *      Roman numerals stay ("sukamaju ii").
 * NFKC runs segment by segment, split where Unicode guarantees a
 * normalization boundary (unorm2_hasBoundaryBefore), which gives the same
 * text as NFKC of the whole string in linear time; the transliteration
 * then runs on the whole text, whose length the bound limits.
 * Returns the length written; NAME_CANCELLED when the interrupt hook said
 * stop; or -1: *status holds ICU's error (U_INPUT_TOO_LONG_ERROR above
 * NAME_MAX_CHARS code points, U_BUFFER_OVERFLOW_ERROR when out is too
 * small; 4 * len + 64 bytes is not always enough: the glue retries larger).
 */
extern int	name_normalize(const char *in, size_t len, char *out, size_t cap,
						   UErrorCode *status);

/* The same without step 4 (the spelling as typed): a typo such as
 * "Baloerti" is not mistaken for old spelling. */
extern int	name_normalize_literal(const char *in, size_t len, char *out, size_t cap,
								   UErrorCode *status);

/*
 * For the unit tests: the same as name_normalize, with ICU's compound
 * transliterator "NFKC; Any-Latin; Latin-ASCII" run over the whole string
 * at once, as releases up to 0.6.0 did (quadratic in the NFKC expansion).
 * The unit tests check that name_normalize gives the same keys.
 */
extern int	name_normalize_whole(const char *in, size_t len, char *out, size_t cap,
								 UErrorCode *status);

/*
 * Optimal string alignment distance (Damerau-Levenshtein without repeated
 * edits of a substring): insertions, deletions, substitutions and
 * transpositions of adjacent characters each cost 1, so a typo of one
 * letter ("Pjook", "Bandr", "Bandsr") is distance 1.  On bytes: meant for
 * the ASCII keys of name_normalize.  Returns -1 when out of memory.
 */
extern int	name_distance(const char *a, size_t la, const char *b, size_t lb);

/*
 * The transliterator is opened once and kept (opening it costs about a
 * millisecond); this closes it, for tests that look for leaks.
 */
extern void name_normalize_cleanup(void);

/* Whether an administrative word (step 3): exposed for the unit tests. */
extern int	name_is_admin_word(const char *word, size_t len);

/*
 * The deletion neighbourhood of a key (as in SymSpell): the key and every
 * string one letter shorter, written one after another as NUL-terminated
 * strings into out; *count gets their number.  Two keys within one typo
 * of each other (a substitution, insertion, deletion or transposition)
 * share a member, so an index on it finds them without a scan.  Keys longer
 * than NAME_DELETIONS_MAX_LEN, shorter than 2 or not ASCII give only
 * themselves.
 * Returns the bytes used, 0 when cap (len * (len + 1) + 1 is enough) is
 * too small.
 */
#define NAME_DELETIONS_MAX_LEN 40
extern size_t name_deletions(const char *key, size_t len, char *out, size_t cap,
							 size_t *count);

#endif
