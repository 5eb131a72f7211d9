/*
 * json_check.h - a JSON syntax check (RFC 8259) for the tests of the
 * data-quality report; shared by test/unit and test/fuzz.
 */
#ifndef STUNTING_JSON_CHECK_H
#define STUNTING_JSON_CHECK_H

#include <stdbool.h>
#include <string.h>

static inline const char *json_value(const char *p, int depth);

static inline const char *
json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static inline const char *
json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"')
	{
		if ((unsigned char) *p < 0x20)
			return NULL;
		if (*p == '\\')
		{
			p++;
			if (*p == 'u')
			{
				for (int k = 1; k <= 4; k++)
					if (!p[k] || !strchr("0123456789abcdefABCDEF", p[k]))
						return NULL;
				p += 4;
			}
			else if (!*p || !strchr("\"\\/bfnrt", *p))
				return NULL;
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

static inline const char *
json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.')
	{
		if (!(*++p >= '0' && *p <= '9'))
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E')
	{
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static inline const char *
json_value(const char *p, int depth)
{
	if (depth > 64)
		return NULL;
	p = json_ws(p);
	if (*p == '{' || *p == '[')
	{
		char		close = *p == '{' ? '}' : ']';
		bool		object = *p == '{';

		p = json_ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;)
		{
			if (object)
			{
				if ((p = json_string(json_ws(p))) == NULL)
					return NULL;
				p = json_ws(p);
				if (*p++ != ':')
					return NULL;
			}
			if ((p = json_value(p, depth + 1)) == NULL)
				return NULL;
			p = json_ws(p);
			if (*p == close)
				return p + 1;
			if (*p++ != ',')
				return NULL;
		}
	}
	if (*p == '"')
		return json_string(p);
	if (strncmp(p, "true", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	if (strncmp(p, "null", 4) == 0)
		return p + 4;
	return json_number(p);
}

/* True when text is one JSON value with nothing but white space after it. */
static inline bool
json_valid(const char *text)
{
	const char *end = json_value(text, 0);

	return end != NULL && *json_ws(end) == '\0';
}

#endif
