/*
 * name_normalize.c - normalized keys of typed area names, plain C with ICU
 * (no postgres.h).  See name_normalize.h for the steps.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "name_normalize.h"

/* NFKC first, so that compatibility forms (ﬁ, ２, ｋｅｌ) romanise as letters. */
#define TRANSLITERATION "NFKC; Any-Latin; Latin-ASCII"

static UTransliterator *transliterator;

static const char *const admin_words[] = {
	"kel", "kelurahan", "desa", "ds", "kec", "kecamatan", "kab", "kabupaten",
	"kota", "kotamadya", "kodya", "dusun", "dsn", NULL
};

void
name_normalize_cleanup(void)
{
	if (transliterator != NULL)
		utrans_close(transliterator);
	transliterator = NULL;
}

int
name_is_admin_word(const char *word, size_t len)
{
	for (const char *const *w = admin_words; *w; w++)
		if (strlen(*w) == len && memcmp(*w, word, len) == 0)
			return 1;
	return 0;
}

/* Transliterates and case-folds; returns a malloc'd UTF-8 string or NULL. */
static char *
romanise(const char *in, size_t len, UErrorCode *status)
{
	int32_t		n16 = 0;
	int32_t		cap = (int32_t) len + 16;
	UChar	   *src = NULL;
	UChar	   *text = NULL;
	UChar	   *folded = NULL;
	char	   *utf8 = NULL;
	int32_t		text_len;
	int32_t		limit;
	int32_t		folded_len;
	int32_t		utf8_len;

	if (len > 1000000)
	{
		*status = U_INPUT_TOO_LONG_ERROR;
		return NULL;
	}
	if (transliterator == NULL)
	{
		UChar		id[64];

		u_charsToUChars(TRANSLITERATION, id, (int32_t) strlen(TRANSLITERATION) + 1);
		transliterator = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, status);
		if (U_FAILURE(*status))
		{
			transliterator = NULL;
			return NULL;
		}
	}

	src = malloc(sizeof(UChar) * cap);
	if (src == NULL)
		goto oom;
	u_strFromUTF8(src, cap, &n16, in, (int32_t) len, status);
	if (U_FAILURE(*status))
		goto fail;

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
		utrans_transUChars(transliterator, text, &text_len, cap, 0, &limit, status);
		if (*status != U_BUFFER_OVERFLOW_ERROR)
			break;
		*status = U_ZERO_ERROR;
	}
	if (U_FAILURE(*status))
		goto fail;

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
	return utf8;

oom:
	*status = U_MEMORY_ALLOCATION_ERROR;
fail:
	free(src);
	free(text);
	free(folded);
	free(utf8);
	return NULL;
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
					  UErrorCode *status, int modern_spelling);

int
name_normalize(const char *in, size_t len, char *out, size_t cap, UErrorCode *status)
{
	return normalize(in, len, out, cap, status, 1);
}

int
name_normalize_literal(const char *in, size_t len, char *out, size_t cap, UErrorCode *status)
{
	return normalize(in, len, out, cap, status, 0);
}

static int
normalize(const char *in, size_t len, char *out, size_t cap, UErrorCode *status,
		  int modern_spelling)
{
	char	   *text = romanise(in, len, status);
	size_t		n;
	size_t		kept = 0;
	size_t		o = 0;
	size_t		last_admin_start = 0;

	char	   *word;

	if (text == NULL)
		return -1;
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
