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
 * Returns the length written, or -1: *status holds ICU's error (or
 * U_BUFFER_OVERFLOW_ERROR when out is too small; 4 * len + 64 bytes is
 * always enough).
 */
extern int	name_normalize(const char *in, size_t len, char *out, size_t cap,
						   UErrorCode *status);

/* The same without step 4 (the spelling as typed): a typo such as
 * "Baloerti" is not mistaken for old spelling. */
extern int	name_normalize_literal(const char *in, size_t len, char *out, size_t cap,
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
