/* Line diffs: what is kept, removed and added, hunks exactly as diff -u writes them, the
 * shortest script on random texts, and a large text with one change. */
#include "t.h"

#include <time.h>

#include "model/linediff.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* The diff as diff -u prints it after its two file lines (without the "\ No newline"
 * remarks), in a static buffer. */
static const char *
render(const char *a, const char *b, int context)
{
	static struct sbuf out;
	free(out.s);
	out = (struct sbuf){ 0 };
	struct linediff d;
	if (linediff_make(a, strlen(a), b, strlen(b), context, &d) < 0)
		return "(out of memory)";
	for (size_t i = 0; i < d.n; i++) {
		if (d.lines[i].op != '@')
			sbuf_add(&out, &d.lines[i].op, 1);
		sbuf_add(&out, d.lines[i].text, d.lines[i].len);
		sbuf_str(&out, "\n");
	}
	sbuf_str(&out, "");
	linediff_free(&d);
	return out.s;
}

static const char alpha[] = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
static const char alpha2[] = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";

T_CASE(linediff_hunks_as_diff_u)
{
	T_EQ_STR(render(alpha, alpha2, 3),
	    "@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
	    "@@ -11,3 +11,4 @@\n k\n l\n m\n+n\n");
	T_EQ_STR(render(alpha, alpha2, 2),
	    "@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n"
	    "@@ -12,2 +12,3 @@\n l\n m\n+n\n");
	const char *nine = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
	T_EQ_STR(render(nine, "1\n2\n3\n4\n6\n7\n8\n9\n", 1), "@@ -4,3 +4,2 @@\n 4\n-5\n 6\n");
	/* a range of one line is written without its count, an empty one after the line
	 * before it */
	T_EQ_STR(render(nine, "1\n2\n3\n4\n6\n7\n8\n9\n", 0), "@@ -5 +4,0 @@\n-5\n");
	T_EQ_STR(render(nine, "1\n2\n3\n4\n5\n6\n7\n8\nX\n9\n", 0), "@@ -8,0 +9 @@\n+X\n");
}

/* Changes 6 kept lines apart share a hunk with 3 lines of context; 7 apart do not. */
T_CASE(linediff_hunks_join)
{
	struct sbuf a = { 0 }, b = { 0 }, c = { 0 };
	for (int i = 1; i <= 20; i++) {
		char l[16];
		snprintf(l, sizeof l, "%d\n", i);
		sbuf_str(&a, l);
		sbuf_str(&b, i == 3 ? "X\n" : i == 10 ? "Y\n" : l);
		sbuf_str(&c, i == 3 ? "X\n" : i == 11 ? "Y\n" : l);
	}
	T_CONTAINS(render(a.s, b.s, 3), "@@ -1,13 +1,13 @@\n");
	T_LACKS(render(a.s, b.s, 3), "@@ -8");
	T_CONTAINS(render(a.s, c.s, 3), "@@ -1,6 +1,6 @@\n");
	T_CONTAINS(render(a.s, c.s, 3), "@@ -8,7 +8,7 @@\n");
	free(a.s), free(b.s), free(c.s);
}

T_CASE(linediff_every_line)
{
	struct linediff d;
	const char *a = "one\ntwo\nthree\n", *b = "one\n2\nthree\nfour\n";
	T_EQ_INT(linediff_make(a, strlen(a), b, strlen(b), -1, &d), 0);
	T_EQ_INT(d.n, 5);
	T_EQ_INT(d.added, 2);
	T_EQ_INT(d.removed, 1);
	const char *ops = " -+ +";
	size_t ano[] = { 1, 2, 0, 3, 0 }, bno[] = { 1, 0, 2, 3, 4 };
	for (size_t i = 0; i < d.n; i++) {
		T_EQ_INT(d.lines[i].op, ops[i]);
		T_EQ_INT(d.lines[i].a_no, ano[i]);
		T_EQ_INT(d.lines[i].b_no, bno[i]);
	}
	T_ASSERT(d.lines[2].len == 1 && d.lines[2].text[0] == '2');
	/* the lines point into the texts */
	T_ASSERT(d.lines[1].text == a + 4);
	T_ASSERT(d.lines[2].text == b + 4);
	T_EQ_STR(render(a, b, -1), " one\n-two\n+2\n three\n+four\n");
	linediff_free(&d);
	linediff_free(&d);
}

T_CASE(linediff_no_trailing_newline)
{
	T_EQ_STR(render("x\ny", "x\nz", 3), "@@ -1,2 +1,2 @@\n x\n-y\n+z\n");
	/* the last line is the same line with or without its newline */
	struct linediff d;
	T_EQ_INT(linediff_make("x\ny", 3, "x\ny\n", 4, 3, &d), 0);
	T_EQ_INT(d.n, 0);
	linediff_free(&d);
}

T_CASE(linediff_empty_texts)
{
	T_EQ_STR(render("", "one\ntwo\n", 3), "@@ -0,0 +1,2 @@\n+one\n+two\n");
	T_EQ_STR(render("one\ntwo\n", "", 3), "@@ -1,2 +0,0 @@\n-one\n-two\n");
	struct linediff d;
	T_EQ_INT(linediff_make("", 0, "", 0, 3, &d), 0);
	T_EQ_INT(d.n, 0);
	T_ASSERT(d.lines == NULL);
	linediff_free(&d);
	T_EQ_INT(linediff_make(NULL, 0, NULL, 0, -1, &d), 0);
	T_EQ_INT(d.n, 0);
}

T_CASE(linediff_identical)
{
	struct linediff d;
	T_EQ_INT(linediff_make(alpha, strlen(alpha), alpha, strlen(alpha), -1, &d), 0);
	T_EQ_INT(d.n, 0);
	T_EQ_INT(d.added + d.removed, 0);
	linediff_free(&d);
	T_EQ_INT(linediff_make(alpha, strlen(alpha), alpha, strlen(alpha), 3, &d), 0);
	T_EQ_INT(d.n, 0);
	linediff_free(&d);
}

/* The length of the longest common subsequence of lines, by dynamic programming. */
static size_t
lcs(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t *row = xcalloc(nb + 1, sizeof *row), *prev = xcalloc(nb + 1, sizeof *prev);
	for (size_t i = 1; i <= na; i++) {
		for (size_t j = 1; j <= nb; j++)
			row[j] = strcmp(a[i - 1], b[j - 1]) == 0 ? prev[j - 1] + 1 :
			    row[j - 1] > prev[j] ? row[j - 1] : prev[j];
		size_t *t = prev;
		prev = row, row = t;
	}
	size_t n = prev[nb];
	free(row), free(prev);
	return n;
}

/* On random texts the diff gives both texts back and is the shortest edit script. */
T_CASE(linediff_random_shortest)
{
	unsigned seed = 12345;
	for (int round = 0; round < 300; round++) {
		char *la[40], *lb[40];
		size_t na = (size_t)(rand_r(&seed) % 40), nb = (size_t)(rand_r(&seed) % 40);
		struct sbuf a = { 0 }, b = { 0 };
		for (size_t i = 0; i < na; i++) {
			la[i] = xasprintf("%c", 'a' + rand_r(&seed) % 4);
			sbuf_str(&a, la[i]), sbuf_str(&a, "\n");
		}
		for (size_t i = 0; i < nb; i++) {
			lb[i] = xasprintf("%c", 'a' + rand_r(&seed) % 4);
			sbuf_str(&b, lb[i]), sbuf_str(&b, "\n");
		}
		sbuf_str(&a, ""), sbuf_str(&b, "");
		struct linediff d;
		T_EQ_INT(linediff_make(a.s, a.len, b.s, b.len, -1, &d), 0);
		struct sbuf ra = { 0 }, rb = { 0 };
		for (size_t i = 0; i < d.n; i++) {
			if (d.lines[i].op != '+')
				sbuf_add(&ra, d.lines[i].text, d.lines[i].len), sbuf_str(&ra, "\n");
			if (d.lines[i].op != '-')
				sbuf_add(&rb, d.lines[i].text, d.lines[i].len), sbuf_str(&rb, "\n");
		}
		sbuf_str(&ra, ""), sbuf_str(&rb, "");
		size_t common = lcs(la, na, lb, nb);
		int same = d.n == 0 ? strcmp(a.s, b.s) == 0 :
		    strcmp(ra.s, a.s) == 0 && strcmp(rb.s, b.s) == 0;
		int shortest = d.removed == na - common && d.added == nb - common;
		linediff_free(&d);
		free(ra.s), free(rb.s);
		for (size_t i = 0; i < na; i++)
			free(la[i]);
		for (size_t i = 0; i < nb; i++)
			free(lb[i]);
		T_ASSERT_MSG(same, "round %d: the diff does not give the texts back:\n%s\n%s", round, a.s,
		    b.s);
		T_ASSERT_MSG(shortest, "round %d: not the shortest script", round);
		free(a.s), free(b.s);
	}
}

/* Texts with long common first and last lines (with or without a last newline): each
 * line of the hunks is the full diff's line at the same place, with its text and numbers,
 * whatever the context. */
T_CASE(linediff_hunks_are_the_full_diffs_lines)
{
	unsigned seed = 777;
	for (int round = 0; round < 400; round++) {
		struct sbuf a = { 0 }, b = { 0 };
		int head = rand_r(&seed) % 12, tail = rand_r(&seed) % 12;
		int ma = rand_r(&seed) % 5, mb = rand_r(&seed) % 5;
		for (int i = 0; i < head; i++) {
			char l[32];
			snprintf(l, sizeof l, "head %d\n", i);
			sbuf_str(&a, l), sbuf_str(&b, l);
		}
		for (int i = 0; i < ma; i++)
			sbuf_str(&a, rand_r(&seed) % 2 ? "x\n" : "y\n");
		for (int i = 0; i < mb; i++)
			sbuf_str(&b, rand_r(&seed) % 2 ? "x\n" : "z\n");
		for (int i = 0; i < tail; i++) {
			char l[32];
			snprintf(l, sizeof l, "tail %d\n", i);
			sbuf_str(&a, l), sbuf_str(&b, l);
		}
		sbuf_str(&a, ""), sbuf_str(&b, "");
		/* a last line without its newline, on one side or both */
		if (a.len > 0 && rand_r(&seed) % 3 == 0)
			a.s[--a.len] = '\0';
		if (b.len > 0 && rand_r(&seed) % 3 == 0)
			b.s[--b.len] = '\0';
		struct linediff full;
		T_EQ_INT(linediff_make(a.s, a.len, b.s, b.len, -1, &full), 0);
		for (int context = 0; context <= 4; context++) {
			struct linediff h;
			T_EQ_INT(linediff_make(a.s, a.len, b.s, b.len, context, &h), 0);
			T_EQ_INT(h.added, full.added);
			T_EQ_INT(h.removed, full.removed);
			size_t j = 0;
			for (size_t i = 0; i < h.n; i++) {
				const struct linediff_line *l = &h.lines[i];
				if (l->op == '@')
					continue;
				while (j < full.n && (full.lines[j].a_no != l->a_no ||
				    full.lines[j].b_no != l->b_no || full.lines[j].op != l->op))
					j++;
				T_ASSERT_MSG(j < full.n, "round %d, context %d: line %zu (%c %zu %zu) is not the "
				    "full diff's", round, context, i, l->op, l->a_no, l->b_no);
				T_ASSERT(l->len == full.lines[j].len &&
				    memcmp(l->text, full.lines[j].text, l->len) == 0);
				T_ASSERT(l->text >= (l->op == '+' ? b.s : a.s) &&
				    l->text + l->len <= (l->op == '+' ? b.s + b.len : a.s + a.len));
			}
			linediff_free(&h);
		}
		/* and the full diff numbers every line of both */
		size_t la = 0, lb = 0;
		for (size_t i = 0; i < full.n; i++) {
			la += full.lines[i].op != '+';
			lb += full.lines[i].op != '-';
		}
		size_t na = 0, nb = 0;
		for (size_t i = 0; i < a.len; i++)
			na += a.s[i] == '\n';
		for (size_t i = 0; i < b.len; i++)
			nb += b.s[i] == '\n';
		na += a.len > 0 && a.s[a.len - 1] != '\n';
		nb += b.len > 0 && b.s[b.len - 1] != '\n';
		T_ASSERT_MSG(full.n == 0 || (la == na && lb == nb), "round %d: %zu of %zu and %zu of %zu lines",
		    round, la, na, lb, nb);
		linediff_free(&full);
		free(a.s), free(b.s);
	}
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A 50k-line (1 MB) text with one line changed: one hunk, at once. */
T_CASE(linediff_large_one_change)
{
	struct sbuf a = { 0 };
	for (int i = 0; i < 50000; i++) {
		char l[32];
		snprintf(l, sizeof l, "    line-%06d: value\n", i);
		sbuf_str(&a, l);
	}
	char *b = xstrdup(a.s);
	char *p = strstr(b, "line-025000: value");
	p[13] = 'V';
	struct linediff d;
	double t0 = now();
	T_EQ_INT(linediff_make(a.s, a.len, b, a.len, 3, &d), 0);
	double took = now() - t0;
	T_EQ_INT(d.n, 9);
	T_EQ_STR(d.lines[0].text, "@@ -24998,7 +24998,7 @@");
	T_EQ_INT(d.lines[4].op, '-');
	T_EQ_INT(d.lines[4].a_no, 25001);
	T_EQ_INT(d.lines[5].op, '+');
	T_EQ_INT(d.lines[5].b_no, 25001);
	linediff_free(&d);
	/* every line different costs more but still ends, with the texts given back */
	char *c = xstrdup(a.s);
	for (char *q = c; (q = strstr(q, ": value")) != NULL; q++)
		q[2] = 'V';
	T_EQ_INT(linediff_make(a.s, a.len, c, a.len, 3, &d), 0);
	T_EQ_INT(d.removed, 50000);
	T_EQ_INT(d.added, 50000);
	linediff_free(&d);
	free(a.s), free(b), free(c);
	printf("# 1 MB, one change: %.1f ms\n", took * 1e3);
}

int
main(void)
{
	T_RUN(linediff_hunks_as_diff_u);
	T_RUN(linediff_hunks_join);
	T_RUN(linediff_every_line);
	T_RUN(linediff_no_trailing_newline);
	T_RUN(linediff_empty_texts);
	T_RUN(linediff_identical);
	T_RUN(linediff_random_shortest);
	T_RUN(linediff_hunks_are_the_full_diffs_lines);
	T_RUN(linediff_large_one_change);
	return t_done();
}
