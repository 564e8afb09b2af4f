/* Search and replace in the text, line by line, plain or POSIX extended regex; see
 * textbuf.h. */
#include "model/textbuf.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define NGROUPS 10

struct textbuf_query {
	int flags;
	char *plain;
	size_t plen;
	regex_t re;
};

struct textbuf_query *
textbuf_query_new(const char *pattern, int flags, struct kd_err *e)
{
	if (pattern == NULL || *pattern == '\0') {
		kd_err_set(e, KD_ERR_INVALID, "Nothing to search for.");
		return NULL;
	}
	struct textbuf_query *q = xcalloc(1, sizeof(*q));
	q->flags = flags;
	if (flags & TEXTBUF_REGEX) {
		int rc = regcomp(&q->re, pattern, REG_EXTENDED | REG_NEWLINE |
		    (flags & TEXTBUF_ICASE ? REG_ICASE : 0));
		if (rc != 0) {
			char why[160];
			regerror(rc, &q->re, why, sizeof why);
			kd_err_set(e, KD_ERR_INVALID, "The pattern %s is not a regular expression: %s.",
			    pattern, why);
			free(q);
			return NULL;
		}
	} else {
		q->plain = xstrdup(pattern);
		q->plen = strlen(pattern);
	}
	return q;
}

void
textbuf_query_free(struct textbuf_query **q)
{
	if (*q == NULL)
		return;
	if ((*q)->flags & TEXTBUF_REGEX)
		regfree(&(*q)->re);
	free((*q)->plain);
	free(*q);
	*q = NULL;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The first match in s (len bytes, NUL-terminated) starting at or after off; its groups
 * (offsets in s, -1 when unset) in m. 0 when there is none. */
static int
match_from(const struct textbuf_query *q, const char *s, size_t len, size_t off,
    regmatch_t m[NGROUPS])
{
	if (q->flags & TEXTBUF_REGEX) {
		if (off > len || regexec(&q->re, s + off, NGROUPS, m, off ? REG_NOTBOL : 0) != 0)
			return 0;
		for (int i = 0; i < NGROUPS; i++) {
			if (m[i].rm_so >= 0) {
				m[i].rm_so += (regoff_t)off;
				m[i].rm_eo += (regoff_t)off;
			}
		}
		/* a match in what follows a NUL in the line cannot be told from none */
		return 1;
	}
	for (size_t i = off; i + q->plen <= len; i++) {
		size_t k = 0;
		if (q->flags & TEXTBUF_ICASE)
			while (k < q->plen && lower((unsigned char)s[i + k]) ==
			    lower((unsigned char)q->plain[k]))
				k++;
		else if (memcmp(s + i, q->plain, q->plen) == 0)
			k = q->plen;
		if (k == q->plen) {
			m[0].rm_so = (regoff_t)i;
			m[0].rm_eo = (regoff_t)(i + q->plen);
			for (int g = 1; g < NGROUPS; g++)
				m[g].rm_so = m[g].rm_eo = -1;
			return 1;
		}
	}
	return 0;
}

/* The last match in s starting before limit. */
static int
match_before(const struct textbuf_query *q, const char *s, size_t len, size_t limit,
    regmatch_t m[NGROUPS])
{
	regmatch_t t[NGROUPS];
	int found = 0;
	size_t off = 0;

	while (off < limit && match_from(q, s, len, off, t) && (size_t)t[0].rm_so < limit) {
		memcpy(m, t, sizeof t);
		found = 1;
		off = utf8_next(s, len, (size_t)t[0].rm_so);
		if ((size_t)t[0].rm_so >= len)
			break;
	}
	return found;
}

/* Searches whole lines from line `from` in one direction, at most count lines; within
 * the first line only from col (forward) or before col (backward). */
static int
find_lines(const struct textbuf *tb, const struct textbuf_query *q, struct tb_pos from,
    int backward, size_t count, struct tb_pos *at, regmatch_t m[NGROUPS])
{
	size_t n = textbuf_line_count(tb), line = from.line;

	for (size_t i = 0; i < count; i++) {
		size_t len;
		const char *s = textbuf_line(tb, line, &len);
		int hit;
		if (backward)
			hit = match_before(q, s, len, i == 0 ? from.col : len + 1, m);
		else
			hit = match_from(q, s, len, i == 0 ? from.col : 0, m);
		if (hit) {
			*at = (struct tb_pos){ line, 0 };
			return 1;
		}
		if (backward) {
			if (line == 0)
				return 0;
			line--;
		} else if (++line >= n)
			return 0;
	}
	return 0;
}

/* textbuf_find, with the groups of the match (offsets in its line). */
static int
find(const struct textbuf *tb, const struct textbuf_query *q, struct tb_pos from,
    int backward, int wrap, struct tb_pos *line, regmatch_t m[NGROUPS], int *wrapped)
{
	size_t n = textbuf_line_count(tb);

	if (from.line >= n)
		from = (struct tb_pos){ n - 1, textbuf_line_len(tb, n - 1) + 1 };
	if (wrapped)
		*wrapped = 0;
	if (find_lines(tb, q, from, backward, n, line, m))
		return 1;
	if (!wrap)
		return 0;
	if (wrapped)
		*wrapped = 1;
	/* round from the other end, up to and including the line searched first, whose
	 * part not searched yet is all that matters there */
	struct tb_pos other = backward ? (struct tb_pos){ n - 1, textbuf_line_len(tb, n - 1) + 1 }
	    : (struct tb_pos){ 0, 0 };
	size_t count = backward ? n - from.line : from.line + 1;
	return find_lines(tb, q, other, backward, count, line, m);
}

int
textbuf_find(const struct textbuf *tb, const struct textbuf_query *q, struct tb_pos from,
    int backward, int wrap, struct tb_pos *start, struct tb_pos *end, int *wrapped)
{
	regmatch_t m[NGROUPS];
	struct tb_pos at;

	if (!find(tb, q, from, backward, wrap, &at, m, wrapped))
		return 0;
	*start = (struct tb_pos){ at.line, (size_t)m[0].rm_so };
	*end = (struct tb_pos){ at.line, (size_t)m[0].rm_eo };
	return 1;
}

/* repl with \0..\9 filled from the match in s (regex) and \\ as a backslash. */
static void
expand(struct sbuf *out, const struct textbuf_query *q, const char *repl, const char *s,
    const regmatch_t m[NGROUPS])
{
	sbuf_add(out, "", 0);
	if (!(q->flags & TEXTBUF_REGEX)) {
		sbuf_str(out, repl);
		return;
	}
	for (const char *p = repl; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '9') {
			int g = p[1] - '0';
			if (m[g].rm_so >= 0)
				sbuf_add(out, s + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
			p++;
		} else if (p[0] == '\\' && p[1] == '\\') {
			sbuf_add(out, "\\", 1);
			p++;
		} else
			sbuf_add(out, p, 1);
	}
}

/* Replaces the match at line (groups m) by repl; returns the end of the new text. */
static struct tb_pos
replace_match(struct textbuf *tb, const struct textbuf_query *q, size_t line,
    const regmatch_t m[NGROUPS], const char *repl)
{
	struct sbuf b = { 0 };
	struct tb_pos end;
	const char *s = textbuf_line(tb, line, NULL);

	expand(&b, q, repl, s, m);
	textbuf_replace(tb, (struct tb_pos){ line, (size_t)m[0].rm_so },
	    (struct tb_pos){ line, (size_t)m[0].rm_eo }, b.s, b.len, &end, NULL);
	free(b.s);
	return end;
}

int
textbuf_replace_next(struct textbuf *tb, const struct textbuf_query *q, struct tb_pos from,
    const char *repl)
{
	regmatch_t m[NGROUPS];
	struct tb_pos at;

	if (!find(tb, q, from, 0, 1, &at, m, NULL))
		return 0;
	textbuf_group_begin(tb);
	replace_match(tb, q, at.line, m, repl);
	textbuf_group_end(tb);
	return 1;
}

/* Replace-all with a newline in repl: every new line inserted on its own would move the
 * lines after it each time, so the lines from the first match to the last are written
 * anew and replaced at once. */
static size_t
replace_all_lines(struct textbuf *tb, const struct textbuf_query *q, const char *repl)
{
	regmatch_t m[NGROUPS];
	struct sbuf out = { 0 };
	size_t n = textbuf_line_count(tb), first = 0, last = 0, keep = 0, count = 0;

	sbuf_add(&out, "", 0);
	for (size_t line = 0; line < n; line++) {
		size_t len, pos = 0, off = 0, before = count;
		const char *s = textbuf_line(tb, line, &len);
		if (count > 0)
			sbuf_add(&out, "\n", 1);
		while (off <= len && match_from(q, s, len, off, m)) {
			size_t so = (size_t)m[0].rm_so, eo = (size_t)m[0].rm_eo;
			struct sbuf r = { 0 };
			if (so == eo && so == pos && pos > 0 && off == pos) {
				/* as sed: no empty match right after a match */
				off = so < len ? utf8_next(s, len, so) : len + 1;
				continue;
			}
			if (count == 0)
				first = line;
			sbuf_add(&out, s + pos, so - pos);
			expand(&r, q, repl, s, m);
			sbuf_add(&out, r.s, r.len);
			free(r.s);
			count++;
			pos = eo;
			/* past an empty match by one character, so that it is not found again */
			off = eo > so ? eo : so < len ? utf8_next(s, len, so) : len + 1;
		}
		if (count > 0)
			sbuf_add(&out, s + pos, len - pos);
		if (count > before) {
			last = line;
			keep = out.len;
		}
	}
	if (count > 0)
		textbuf_replace(tb, (struct tb_pos){ first, 0 },
		    (struct tb_pos){ last, textbuf_line_len(tb, last) }, out.s, keep, NULL, NULL);
	free(out.s);
	return count;
}

size_t
textbuf_replace_all(struct textbuf *tb, const struct textbuf_query *q, const char *repl)
{
	regmatch_t m[NGROUPS];
	struct tb_pos from = { 0, 0 }, at;
	size_t count = 0;

	if (strchr(repl, '\n'))
		return replace_all_lines(tb, q, repl);
	textbuf_group_begin(tb);
	struct tb_pos after = { (size_t)-1, 0 };   /* the end of the last match replaced */

	while (from.line < textbuf_line_count(tb) &&
	    find_lines(tb, q, from, 0, textbuf_line_count(tb) - from.line, &at, m)) {
		int empty = m[0].rm_so == m[0].rm_eo;
		if (empty && at.line == after.line && (size_t)m[0].rm_so == after.col) {
			/* as sed: no empty match right after a match */
			size_t len = textbuf_line_len(tb, at.line);
			from = after.col >= len ? (struct tb_pos){ at.line + 1, 0 }
			    : textbuf_next_char(tb, after);
			after.line = (size_t)-1;
			continue;
		}
		struct tb_pos end = replace_match(tb, q, at.line, m, repl);
		after = empty ? (struct tb_pos){ (size_t)-1, 0 } : end;
		count++;
		/* go on after the new text; past one more character after an empty match, so
		 * that it is not found again */
		from = end;
		if (empty) {
			size_t len = textbuf_line_len(tb, end.line);
			if (end.col >= len) {
				from = (struct tb_pos){ end.line + 1, 0 };
			} else
				from = textbuf_next_char(tb, end);
		}
	}
	textbuf_group_end(tb);
	return count;
}
