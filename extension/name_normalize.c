/*
 * name_normalize.c - normalized keys of typed area names, plain C with ICU
 * (no postgres.h).  See name_normalize.h for the steps.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "name_normalize.h"

/*
 * NFKC first, so that compatibility forms (ﬁ, ２, ｋｅｌ) romanise as letters.
 * name_normalize applies NFKC itself (unorm2, in segments: linear) and then
 * the rest; name_normalize_whole runs the whole compound, as 0.6.0 did.
 */
#define TRANSLITERATION_WHOLE "NFKC; Any-Latin; Latin-ASCII"
#define TRANSLITERATION_AFTER_NFKC "Any-Latin; Latin-ASCII"

/* NFKC segments: at least this many UTF-16 units, then the next boundary */
#ifndef NFKC_SEGMENT
#define NFKC_SEGMENT 256
#endif

static UTransliterator *transliterator;		/* after NFKC */
static UTransliterator *transliterator_whole;	/* for the unit tests */
static name_interrupt_hook interrupt_hook;

static const char *const admin_words[] = {
	"kel", "kelurahan", "desa", "ds", "kec", "kecamatan", "kab", "kabupaten",
	"kota", "kotamadya", "kodya", "dusun", "dsn", NULL
};

void
name_set_interrupt_hook(name_interrupt_hook hook)
{
	interrupt_hook = hook;
}

static inline int
interrupted(void)
{
	return interrupt_hook != NULL && interrupt_hook() != 0;
}

void
name_normalize_cleanup(void)
{
	if (transliterator != NULL)
		utrans_close(transliterator);
	if (transliterator_whole != NULL)
		utrans_close(transliterator_whole);
	transliterator = NULL;
	transliterator_whole = NULL;
}

int
name_is_admin_word(const char *word, size_t len)
{
	for (const char *const *w = admin_words; *w; w++)
		if (strlen(*w) == len && memcmp(*w, word, len) == 0)
			return 1;
	return 0;
}

static UTransliterator *
open_transliterator(UTransliterator **slot, const char *rules, UErrorCode *status)
{
	if (*slot == NULL)
	{
		UChar		id[64];

		u_charsToUChars(rules, id, (int32_t) strlen(rules) + 1);
		*slot = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, status);
		if (U_FAILURE(*status))
			*slot = NULL;
	}
	return *slot;
}

/* The code points of UTF-8 text, counting every byte that does not
 * continue a sequence (invalid UTF-8 is ICU's error later). */
static size_t
utf8_code_points(const char *in, size_t len)
{
	size_t		count = 0;

	for (size_t i = 0; i < len; i++)
		count += ((unsigned char) in[i] & 0xC0) != 0x80;
	return count;
}

/*
 * NFKC of src[0..n) into a malloc'd buffer (*out, *out_len), segment by
 * segment: a segment ends before a character with a normalization boundary
 * before it (unorm2_hasBoundaryBefore), once it is NFKC_SEGMENT units long,
 * so every segment normalizes independently and their concatenation is
 * NFKC of the whole string.  Polls the interrupt hook between segments.
 * Returns 0, -1 (an ICU error in *status) or NAME_CANCELLED.
 */
static int
nfkc_segmented(const UChar *src, int32_t n, UChar **out, int32_t *out_len,
			   UErrorCode *status)
{
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(status);
	int32_t		cap = n + 16;
	int32_t		used = 0;
	int32_t		s = 0;
	UChar	   *buf;

	*out = NULL;
	if (U_FAILURE(*status))
		return -1;
	buf = malloc(sizeof(UChar) * cap);
	if (buf == NULL)
	{
		*status = U_MEMORY_ALLOCATION_ERROR;
		return -1;
	}
	while (s < n)
	{
		int32_t		e = s + NFKC_SEGMENT;
		int32_t		got;

		if (e >= n)
			e = n;
		else
		{
			/* not inside a surrogate pair; then the next code point with a
			 * boundary before it */
			U16_SET_CP_LIMIT(src, 0, e, n);
			for (;;)
			{
				UChar32		c;
				int32_t		at = e;

				if (e >= n)
				{
					e = n;
					break;
				}
				U16_NEXT(src, e, n, c);
				if (unorm2_hasBoundaryBefore(nfkc, c))
				{
					e = at;
					break;
				}
			}
		}
		for (;;)
		{
			UChar	   *grown;

			got = unorm2_normalize(nfkc, src + s, e - s, buf + used, cap - used, status);
			if (*status != U_BUFFER_OVERFLOW_ERROR && *status != U_STRING_NOT_TERMINATED_WARNING)
				break;
			*status = U_ZERO_ERROR;
			cap = 2 * (used + got) + 16;
			grown = realloc(buf, sizeof(UChar) * cap);
			if (grown == NULL)
			{
				free(buf);
				*status = U_MEMORY_ALLOCATION_ERROR;
				return -1;
			}
			buf = grown;
		}
		if (U_FAILURE(*status))
		{
			free(buf);
			return -1;
		}
		used += got;
		s = e;
		if (interrupted())
		{
			free(buf);
			return NAME_CANCELLED;
		}
	}
	*out = buf;
	*out_len = used;
	return 0;
}

/*
 * Transliterates and case-folds; returns 0 and a malloc'd UTF-8 string in
 * *result, -1 (ICU's error in *status) or NAME_CANCELLED.
 */
static int
romanise(const char *in, size_t len, int whole, char **result, UErrorCode *status)
{
	int32_t		n16 = 0;
	int32_t		cap;
	UChar	   *src = NULL;
	UChar	   *text = NULL;
	UChar	   *folded = NULL;
	char	   *utf8 = NULL;
	UTransliterator *t;
	int32_t		text_len;
	int32_t		limit;
	int32_t		folded_len;
	int32_t		utf8_len;
	int			rc = -1;

	*result = NULL;
	if (U_FAILURE(*status))
		return -1;
	if (utf8_code_points(in, len) > NAME_MAX_CHARS)
	{
		*status = U_INPUT_TOO_LONG_ERROR;
		return -1;
	}
	t = whole ? open_transliterator(&transliterator_whole, TRANSLITERATION_WHOLE, status)
		: open_transliterator(&transliterator, TRANSLITERATION_AFTER_NFKC, status);
	if (t == NULL)
		return -1;

	cap = (int32_t) len + 16;
	src = malloc(sizeof(UChar) * cap);
	if (src == NULL)
		goto oom;
	u_strFromUTF8(src, cap, &n16, in, (int32_t) len, status);
	if (U_FAILURE(*status))
		goto fail;
	if (!whole)
	{
		UChar	   *nfkc;
		int32_t		nfkc_len;

		rc = nfkc_segmented(src, n16, &nfkc, &nfkc_len, status);
		if (rc != 0)
			goto fail;
		rc = -1;
		free(src);
		src = nfkc;
		n16 = nfkc_len;
	}

	/* transliteration may lengthen the text: retry with the size asked for */
	for (cap = 2 * n16 + 16;; cap = 2 * text_len + 16)
	{
		free(text);
		text = malloc(sizeof(UChar) * cap);
		if (text == NULL)
			goto oom;
		memcpy(text, src, sizeof(UChar) * n16);
		text_len = n16;
		limit = n16;
		utrans_transUChars(t, text, &text_len, cap, 0, &limit, status);
		if (*status != U_BUFFER_OVERFLOW_ERROR)
			break;
		*status = U_ZERO_ERROR;
	}
	if (U_FAILURE(*status))
		goto fail;
	if (interrupted())
	{
		rc = NAME_CANCELLED;
		goto fail;
	}

	folded_len = u_strFoldCase(NULL, 0, text, text_len, U_FOLD_CASE_DEFAULT, status);
	if (*status == U_BUFFER_OVERFLOW_ERROR)
		*status = U_ZERO_ERROR;
	if (U_FAILURE(*status))
		goto fail;
	folded = malloc(sizeof(UChar) * (folded_len + 1));
	if (folded == NULL)
		goto oom;
	u_strFoldCase(folded, folded_len + 1, text, text_len, U_FOLD_CASE_DEFAULT, status);
	if (U_FAILURE(*status))
		goto fail;

	u_strToUTF8(NULL, 0, &utf8_len, folded, folded_len, status);
	if (*status == U_BUFFER_OVERFLOW_ERROR)
		*status = U_ZERO_ERROR;
	if (U_FAILURE(*status))
		goto fail;
	utf8 = malloc(utf8_len + 1);
	if (utf8 == NULL)
		goto oom;
	u_strToUTF8(utf8, utf8_len + 1, NULL, folded, folded_len, status);
	if (U_FAILURE(*status))
		goto fail;
	free(src);
	free(text);
	free(folded);
	*result = utf8;
	return 0;

oom:
	*status = U_MEMORY_ALLOCATION_ERROR;
	rc = -1;
fail:
	free(src);
	free(text);
	free(folded);
	free(utf8);
	return rc;
}

static int
contains(const char *w, size_t len, const char *pair)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (w[i] == pair[0] && w[i + 1] == pair[1])
			return 1;
	return 0;
}

/*
 * One word in the spelling of 1972 (EYD): writes it to out, returns the
 * length.  nj -> ny only in a word that shows another old digraph.
 */
static size_t
current_spelling(const char *w, size_t len, char *out)
{
	int			old = contains(w, len, "oe") || contains(w, len, "dj") ||
		contains(w, len, "tj") || contains(w, len, "sj") || contains(w, len, "ch");
	size_t		o = 0;

	for (size_t i = 0; i < len; i++)
	{
		char		a = w[i];
		char		b = i + 1 < len ? w[i + 1] : '\0';

		if (a == 'o' && b == 'e')
		{
			out[o++] = 'u';
			i++;
		}
		else if (a == 'd' && b == 'j')
		{
			out[o++] = 'j';
			i++;
		}
		else if (a == 't' && b == 'j')
		{
			out[o++] = 'c';
			i++;
		}
		else if (a == 's' && b == 'j')
		{
			out[o++] = 's';
			out[o++] = 'y';
			i++;
		}
		else if (a == 'c' && b == 'h')
		{
			out[o++] = 'k';
			out[o++] = 'h';
			i++;
		}
		else if (old && a == 'n' && b == 'j')
		{
			out[o++] = 'n';
			out[o++] = 'y';
			i++;
		}
		else
			out[o++] = a;
	}
	return o;
}

static inline int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int	normalize(const char *in, size_t len, char *out, size_t cap,
					  UErrorCode *status, int modern_spelling, int whole);

int
name_normalize(const char *in, size_t len, char *out, size_t cap, UErrorCode *status)
{
	return normalize(in, len, out, cap, status, 1, 0);
}

int
name_normalize_literal(const char *in, size_t len, char *out, size_t cap, UErrorCode *status)
{
	return normalize(in, len, out, cap, status, 0, 0);
}

int
name_normalize_whole(const char *in, size_t len, char *out, size_t cap, UErrorCode *status)
{
	return normalize(in, len, out, cap, status, 1, 1);
}

static int
normalize(const char *in, size_t len, char *out, size_t cap, UErrorCode *status,
		  int modern_spelling, int whole)
{
	char	   *text;
	int			rc = romanise(in, len, whole, &text, status);
	size_t		n;
	size_t		kept = 0;
	size_t		o = 0;
	size_t		last_admin_start = 0;

	char	   *word;

	if (rc != 0)
		return rc;
	n = strlen(text);
	word = malloc(n + 1);
	if (word == NULL)
	{
		free(text);
		*status = U_MEMORY_ALLOCATION_ERROR;
		return -1;
	}

	/* steps 2 and 3: count the words that are not administrative */
	for (int pass = 0; pass < 2; pass++)
	{
		size_t		i = 0;

		while (i < n)
		{
			size_t		wl = 0;
			size_t		start;

			while (i < n && !is_alnum((unsigned char) text[i]) && text[i] != '\'' && text[i] != '`')
				i++;
			start = i;
			while (i < n && (is_alnum((unsigned char) text[i]) || text[i] == '\'' || text[i] == '`'))
			{
				if (text[i] != '\'' && text[i] != '`')
					word[wl++] = text[i];
				i++;
			}
			if (wl == 0)
				continue;
			if (pass == 0)
			{
				if (name_is_admin_word(word, wl))
				{
					last_admin_start = start;
				}
				else
					kept++;
				continue;
			}
			/* pass 1: write the words kept */
			if (name_is_admin_word(word, wl) && !(kept == 0 && start == last_admin_start))
				continue;
			if (o + 2 * wl + 2 > cap)
			{
				free(word);
				free(text);
				*status = U_BUFFER_OVERFLOW_ERROR;
				return -1;
			}
			if (o > 0)
				out[o++] = ' ';
			if (modern_spelling)
				o += current_spelling(word, wl, out + o);
			else
			{
				memcpy(out + o, word, wl);
				o += wl;
			}
		}
	}
	free(word);
	free(text);
	if (o + 1 > cap)
	{
		*status = U_BUFFER_OVERFLOW_ERROR;
		return -1;
	}
	out[o] = '\0';
	return (int) o;
}

int
name_distance(const char *a, size_t la, const char *b, size_t lb)
{
	/* three rows of the dynamic programme: two back for transpositions */
	int		   *rows = malloc(sizeof(int) * 3 * (lb + 1));
	int		   *prev2,
			   *prev,
			   *cur;
	int			d;

	if (rows == NULL)
		return -1;
	prev2 = rows;
	prev = rows + (lb + 1);
	cur = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int) j;
	for (size_t i = 1; i <= la; i++)
	{
		int		   *t;

		cur[0] = (int) i;
		for (size_t j = 1; j <= lb; j++)
		{
			int			cost = a[i - 1] != b[j - 1];
			int			best = prev[j] + 1;

			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (prev[j - 1] + cost < best)
				best = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	d = prev[lb];
	free(rows);
	return d;
}

size_t
name_deletions(const char *key, size_t len, char *out, size_t cap, size_t *count)
{
	size_t		o = 0;

	*count = 0;
	if (len + 1 > cap)
		return 0;
	memcpy(out, key, len);
	out[len] = '\0';
	o = len + 1;
	*count = 1;
	if (len > NAME_DELETIONS_MAX_LEN || len < 2)
		return o;
	/* only ASCII keys: deleting one byte of a UTF-8 character breaks it */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char) key[i] >= 0x80)
			return o;
	for (size_t i = 0; i < len; i++)
	{
		/* deleting one of a run of equal letters gives the same string once */
		if (i > 0 && key[i] == key[i - 1])
			continue;
		if (o + len > cap)
			return 0;
		memcpy(out + o, key, i);
		memcpy(out + o + i, key + i + 1, len - i - 1);
		out[o + len - 1] = '\0';
		o += len;
		(*count)++;
	}
	return o;
}
