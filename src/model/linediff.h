/* A line diff of two texts (Myers' O(ND) algorithm, as diff(1) and git do it), for the
 * coloured diffs of an edit, an apply plan and a revision: the lines kept, removed and
 * added, in order, with the line numbers on each side, optionally cut to hunks with
 * context lines around each change. The lines point into the two texts, which must
 * outlive the diff. */
#ifndef KD_LINEDIFF_H
#define KD_LINEDIFF_H

#include <stddef.h>

struct linediff_line {
	char op;               /* ' ' kept, '-' only in a, '+' only in b, '@' a hunk's header */
	const char *text;      /* into a or b (the header: into the diff's own text), no newline */
	size_t len;
	size_t a_no, b_no;     /* 1-based line in a and in b, 0 where the line is not on that side */
};

struct linediff {
	struct linediff_line *lines;
	size_t n;
	size_t added, removed;   /* lines */
	char *own;               /* the hunk headers' text */
};

/* The diff of a (alen bytes) and b (blen bytes), split at '\n' (a last line without one
 * counts as a line). context < 0: every line, no hunk headers; else hunks with that many
 * kept lines around each change, each after an '@' line "@@ -A,N +B,M @@" as diff -u
 * writes it. Identical texts give n == 0. 0, or -1 when memory ran out (*out empty). */
int linediff_make(const char *a, size_t alen, const char *b, size_t blen, int context,
    struct linediff *out);
void linediff_free(struct linediff *d);

#endif
