/* YAML and JSON highlighting, a line at a time; see editor.h. The only state carried from
 * one line to the next is a YAML block scalar's (| or >): the lines indented deeper than
 * its key are its text. */
#include <string.h>

#include "ui/widget/editor.h"

#define SYN_BLOCK 0x80000000u   /* | state: in a block scalar whose key is at column state & ~SYN_BLOCK */

static int
syn_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The end of a quoted string opened at s[i] (after its closing quote, or n). */
static size_t
syn_quoted(const char *s, size_t n, size_t i)
{
	char q = s[i++];
	while (i < n) {
		if (q == '"' && s[i] == '\\' && i + 1 < n)
			i += 2;
		else if (s[i] == q) {
			if (q == '\'' && i + 1 < n && s[i + 1] == '\'')
				i += 2;
			else
				return i + 1;
		} else
			i++;
	}
	return n;
}

/* Whether s[a..b) is a number or true/false/null (~ too in YAML). */
static int
syn_literal(const char *s, size_t a, size_t b)
{
	static const char *const words[] = { "true", "false", "null", "~", "True", "False", "Null", "NULL" };
	size_t i = a, digits = 0;

	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
		if (b - a == strlen(words[w]) && memcmp(s + a, words[w], b - a) == 0)
			return 1;
	if (i < b && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < b && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < b && s[i] == '.')
		for (i++; i < b && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits && i < b && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < b && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < b && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return digits > 0 && i == b;
}

static void
syn_fill(unsigned char *hl, size_t a, size_t b, enum editor_hl c)
{
	if (b > a)
		memset(hl + a, c, b - a);
}

/* A YAML value from i: a comment, a quoted string, a number, or plain text. Returns 1 when
 * it opens a block scalar (| or >). */
static int
syn_yaml_value(const char *s, size_t n, size_t i, unsigned char *hl)
{
	while (i < n && syn_space(s[i]))
		i++;
	if (i >= n)
		return 0;
	if (s[i] == '#') {
		syn_fill(hl, i, n, EHL_COMMENT);
		return 0;
	}
	if (s[i] == '"' || s[i] == '\'') {
		size_t e = syn_quoted(s, n, i);
		syn_fill(hl, i, e, EHL_STRING);
		for (i = e; i < n && syn_space(s[i]); i++)
			;
		if (i < n && s[i] == '#')
			syn_fill(hl, i, n, EHL_COMMENT);
		return 0;
	}
	/* the plain value ends at a " #" comment */
	size_t e = i;
	while (e < n && !(s[e] == '#' && e > i && syn_space(s[e - 1])))
		e++;
	size_t v = e;
	while (v > i && syn_space(s[v - 1]))
		v--;
	if (s[i] == '|' || s[i] == '>') {
		size_t j = i + 1;
		while (j < v && (s[j] == '-' || s[j] == '+' || (s[j] >= '0' && s[j] <= '9')))
			j++;
		if (j == v) {
			syn_fill(hl, e, n, EHL_COMMENT);
			return 1;
		}
	}
	if (s[i] != '{' && s[i] != '[')
		syn_fill(hl, i, v, syn_literal(s, i, v) ? EHL_NUMBER : EHL_STRING);
	syn_fill(hl, e, n, EHL_COMMENT);
	return 0;
}

static uint32_t
syn_yaml(const char *s, size_t n, uint32_t state, unsigned char *hl)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (state & SYN_BLOCK) {
		if (i == n || i > (state & ~SYN_BLOCK)) {
			syn_fill(hl, 0, n, EHL_STRING);
			return state;
		}
		state = 0;
	}
	if (i == n)
		return 0;
	if (s[i] == '#') {
		syn_fill(hl, i, n, EHL_COMMENT);
		return 0;
	}
	size_t col = i;   /* the key's column, for a block scalar */
	while (i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' ')) {
		col = i;
		for (i++; i < n && s[i] == ' '; i++)
			;
	}
	/* a key: quoted, or plain up to ": " or a ':' at the end */
	size_t k = i;
	if (k < n && (s[k] == '"' || s[k] == '\''))
		k = syn_quoted(s, n, k);
	size_t colon = k;
	while (colon < n && !(s[colon] == ':' && (colon + 1 == n || syn_space(s[colon + 1]))) &&
	    !(s[colon] == '#' && colon > i && syn_space(s[colon - 1])) && s[colon] != '{' && s[colon] != '[')
		colon++;
	if (colon < n && s[colon] == ':' && colon > i) {
		syn_fill(hl, i, colon, EHL_KEY);
		col = i;
		return syn_yaml_value(s, n, colon + 1, hl) ? SYN_BLOCK | (uint32_t)col : 0;
	}
	return syn_yaml_value(s, n, i, hl) ? SYN_BLOCK | (uint32_t)col : 0;
}

static void
syn_json(const char *s, size_t n, unsigned char *hl)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == '"') {
			size_t e = syn_quoted(s, n, i), j = e;
			while (j < n && syn_space(s[j]))
				j++;
			syn_fill(hl, i, e, j < n && s[j] == ':' ? EHL_KEY : EHL_STRING);
			i = e;
		} else if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9') || s[i] == 't' || s[i] == 'f' || s[i] == 'n') {
			size_t e = i;
			while (e < n && !syn_space(s[e]) && s[e] != ',' && s[e] != ']' && s[e] != '}')
				e++;
			if (syn_literal(s, i, e))
				syn_fill(hl, i, e, EHL_NUMBER);
			i = e > i ? e : i + 1;
		} else
			i++;
	}
}

uint32_t
editor_syntax_line(enum editor_lang lang, const char *s, size_t n, uint32_t state, unsigned char *hl)
{
	syn_fill(hl, 0, n, EHL_TEXT);
	if (lang == EDITOR_JSON) {
		syn_json(s, n, hl);
		return 0;
	}
	return syn_yaml(s, n, state, hl);
}
