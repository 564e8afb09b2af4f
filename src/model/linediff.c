/* A line diff: the common first and last lines are cut off (found in the bytes, so that
 * only the lines between and the context around them are ever split), the lines between
 * are given numbers (equal lines, equal numbers) and compared with Myers' O(ND) algorithm in linear
 * space (forward and backward searches meeting in the middle, as GNU diff's diffseq.h
 * does it), with diff's cut-off for costly inputs (a split at the best point reached,
 * then a diff that is still right but may not be the shortest). See linediff.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/linediff.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"

/* A text's lines first .. first + nsplit - 1 (the rest are common to both texts and
 * never looked at one by one); n counts them all. */
struct ld_text {
	const char **s;
	size_t *len;
	size_t first, nsplit, n;
};

#define LD_S(t, i) ((t)->s[(i) - (t)->first])
#define LD_LEN(t, i) ((t)->len[(i) - (t)->first])

/* A run of lines of one kind in the edit script: n lines from a[a] and/or b[b]. */
struct ld_run {
	char op;
	size_t a, b, n;
};

struct ld {
	struct ld_text a, b;
	size_t pre, post;          /* common first and last lines */
	size_t *xv, *yv;           /* the middle lines' numbers */
	ptrdiff_t *fd, *bd;        /* furthest points on each diagonal, by diagonal */
	char *xdel, *yins;         /* middle lines removed from a, added in b */
	ptrdiff_t too_expensive;
	struct ld_run *runs;
	size_t nruns, caprun;
};

/* The lines of s[0, len) (whole lines of the text), the first being line first. */
static int
ld_split(const char *s, size_t len, size_t first, struct ld_text *t)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	if (len > 0 && s[len - 1] != '\n')
		n++;
	t->first = first;
	t->nsplit = n;
	t->s = malloc((n ? n : 1) * sizeof *t->s);
	t->len = malloc((n ? n : 1) * sizeof *t->len);
	if (t->s == NULL || t->len == NULL)
		return -1;
	size_t i = 0;
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		t->s[i] = p;
		t->len[i++] = (size_t)(e - p);
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* The length of the line at s + p (p < len), without its newline. */
static size_t
ld_line_len(const char *s, size_t len, size_t p)
{
	const char *nl = memchr(s + p, '\n', len - p);
	return nl ? (size_t)(nl - (s + p)) : len - p;
}

/* The start of the line before the one at p (a line's start, or len after a last line
 * without a newline; p > 0). */
static size_t
ld_line_back(const char *s, size_t p)
{
	size_t q = s[p - 1] == '\n' ? p - 1 : p;
	while (q > 0 && s[q - 1] != '\n')
		q--;
	return q;
}

/* The start of the line that ends at e (exclusive: after its newline, or the text's end
 * after a last line without one), no further back than lo; its content's end in *ce. */
static size_t
ld_last_line(const char *s, size_t lo, size_t e, size_t len, size_t *ce)
{
	*ce = e < len || (e > 0 && s[e - 1] == '\n') ? e - 1 : e;
	size_t q = *ce;
	while (q > lo && s[q - 1] != '\n')
		q--;
	return q;
}

/* The common first and last lines of a and b (lines equal without their newlines:
 * d->pre, d->post), and the lines of each split from up to margin lines before the lines
 * between to margin lines after them (margin SIZE_MAX: all of them). */
static int
ld_cut(struct ld *d, const char *a, size_t alen, const char *b, size_t blen, size_t margin)
{
	size_t ia = 0, ib = 0;
	while (ia < alen && ib < blen) {
		size_t la = ld_line_len(a, alen, ia), lb = ld_line_len(b, blen, ib);
		if (la != lb || memcmp(a + ia, b + ib, la) != 0)
			break;
		d->pre++;
		ia = ia + la < alen ? ia + la + 1 : alen;
		ib = ib + lb < blen ? ib + lb + 1 : blen;
	}
	size_t ra = alen, rb = blen;
	while (ra > ia && rb > ib) {
		size_t ca, cb;
		size_t sa = ld_last_line(a, ia, ra, alen, &ca), sb = ld_last_line(b, ib, rb, blen, &cb);
		if (ca - sa != cb - sb || memcmp(a + sa, b + sb, ca - sa) != 0)
			break;
		d->post++;
		ra = sa, rb = sb;
	}
	/* the context before the middle, and after it */
	size_t wa = ia, wb = ib, back = 0;
	while (back < margin && back < d->pre) {
		wa = ld_line_back(a, wa);
		wb = ld_line_back(b, wb);
		back++;
	}
	size_t ea = ra, eb = rb, fwd = 0;
	while (fwd < margin && fwd < d->post) {
		ea += ld_line_len(a, alen, ea);
		ea += ea < alen;
		eb += ld_line_len(b, blen, eb);
		eb += eb < blen;
		fwd++;
	}
	if (ld_split(a + wa, ea - wa, d->pre - back, &d->a) < 0 ||
	    ld_split(b + wb, eb - wb, d->pre - back, &d->b) < 0)
		return -1;
	d->a.n = d->pre + (d->a.nsplit - back - fwd) + d->post;
	d->b.n = d->pre + (d->b.nsplit - back - fwd) + d->post;
	return 0;
}

static uint64_t
ld_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* Numbers the middle lines of both texts so that equal lines have equal numbers. */
static int
ld_number(struct ld *d, size_t na, size_t nb)
{
	size_t total = na + nb, cap = 16;
	while (cap < total * 2)
		cap <<= 1;
	struct slot {
		const char *s;
		size_t len, id;
	} *tab = calloc(cap, sizeof *tab);
	d->xv = malloc((na ? na : 1) * sizeof *d->xv);
	d->yv = malloc((nb ? nb : 1) * sizeof *d->yv);
	if (tab == NULL || d->xv == NULL || d->yv == NULL) {
		free(tab);
		return -1;
	}
	size_t next = 1;
	for (size_t k = 0; k < total; k++) {
		const struct ld_text *t = k < na ? &d->a : &d->b;
		size_t i = d->pre + (k < na ? k : k - na);
		const char *ls = LD_S(t, i);
		size_t ll = LD_LEN(t, i);
		size_t h = (size_t)ld_hash(ls, ll) & (cap - 1);
		while (tab[h].id != 0 && (tab[h].len != ll || memcmp(tab[h].s, ls, ll) != 0))
			h = (h + 1) & (cap - 1);
		if (tab[h].id == 0)
			tab[h] = (struct slot){ ls, ll, next++ };
		if (k < na)
			d->xv[k] = tab[h].id;
		else
			d->yv[k - na] = tab[h].id;
	}
	free(tab);
	return 0;
}

struct ld_part {
	ptrdiff_t xmid, ymid;
};

/* Where the shortest edit script of x[xoff, xlim) -> y[yoff, ylim) crosses its middle
 * (diffseq.h's diag), or the best point reached once it costs too much. */
static void
ld_diag(struct ld *d, ptrdiff_t xoff, ptrdiff_t xlim, ptrdiff_t yoff, ptrdiff_t ylim,
    struct ld_part *part)
{
	ptrdiff_t *fd = d->fd, *bd = d->bd;
	const size_t *xv = d->xv, *yv = d->yv;
	const ptrdiff_t dmin = xoff - ylim, dmax = xlim - yoff;
	const ptrdiff_t fmid = xoff - yoff, bmid = xlim - ylim;
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	int odd = (fmid - bmid) & 1;

	fd[fmid] = xoff;
	bd[bmid] = xlim;
	for (ptrdiff_t c = 1;; c++) {
		ptrdiff_t k;
		if (fmin > dmin)
			fd[--fmin - 1] = -1;
		else
			fmin++;
		if (fmax < dmax)
			fd[++fmax + 1] = -1;
		else
			fmax--;
		for (k = fmax; k >= fmin; k -= 2) {
			ptrdiff_t tlo = fd[k - 1], thi = fd[k + 1];
			ptrdiff_t x = tlo < thi ? thi : tlo + 1, y = x - k;
			while (x < xlim && y < ylim && xv[x] == yv[y])
				x++, y++;
			fd[k] = x;
			if (odd && bmin <= k && k <= bmax && bd[k] <= x) {
				part->xmid = x, part->ymid = y;
				return;
			}
		}
		if (bmin > dmin)
			bd[--bmin - 1] = PTRDIFF_MAX;
		else
			bmin++;
		if (bmax < dmax)
			bd[++bmax + 1] = PTRDIFF_MAX;
		else
			bmax--;
		for (k = bmax; k >= bmin; k -= 2) {
			ptrdiff_t tlo = bd[k - 1], thi = bd[k + 1];
			ptrdiff_t x = tlo < thi ? tlo : thi - 1, y = x - k;
			while (xoff < x && yoff < y && xv[x - 1] == yv[y - 1])
				x--, y--;
			bd[k] = x;
			if (!odd && fmin <= k && k <= fmax && x <= fd[k]) {
				part->xmid = x, part->ymid = y;
				return;
			}
		}
		if (c < d->too_expensive)
			continue;
		ptrdiff_t fxybest = -1, fxbest = 0, bxybest = PTRDIFF_MAX, bxbest = 0;
		for (k = fmax; k >= fmin; k -= 2) {
			ptrdiff_t x = fd[k] < xlim ? fd[k] : xlim, y = x - k;
			if (ylim < y)
				x = ylim + k, y = ylim;
			if (fxybest < x + y)
				fxybest = x + y, fxbest = x;
		}
		for (k = bmax; k >= bmin; k -= 2) {
			ptrdiff_t x = xoff > bd[k] ? xoff : bd[k], y = x - k;
			if (y < yoff)
				x = yoff + k, y = yoff;
			if (x + y < bxybest)
				bxybest = x + y, bxbest = x;
		}
		if ((xlim + ylim) - bxybest < fxybest - (xoff + yoff))
			part->xmid = fxbest, part->ymid = fxybest - fxbest;
		else
			part->xmid = bxbest, part->ymid = bxybest - bxbest;
		return;
	}
}

static void
ld_compare(struct ld *d, ptrdiff_t xoff, ptrdiff_t xlim, ptrdiff_t yoff, ptrdiff_t ylim)
{
	while (xoff < xlim && yoff < ylim && d->xv[xoff] == d->yv[yoff])
		xoff++, yoff++;
	while (xoff < xlim && yoff < ylim && d->xv[xlim - 1] == d->yv[ylim - 1])
		xlim--, ylim--;
	if (xoff == xlim) {
		while (yoff < ylim)
			d->yins[yoff++] = 1;
	} else if (yoff == ylim) {
		while (xoff < xlim)
			d->xdel[xoff++] = 1;
	} else {
		struct ld_part part;
		ld_diag(d, xoff, xlim, yoff, ylim, &part);
		ld_compare(d, xoff, part.xmid, yoff, part.ymid);
		ld_compare(d, part.xmid, xlim, part.ymid, ylim);
	}
}

static int
ld_run(struct ld *d, char op, size_t a, size_t b, size_t n)
{
	if (n == 0)
		return 0;
	if (d->nruns > 0 && d->runs[d->nruns - 1].op == op) {
		d->runs[d->nruns - 1].n += n;
		return 0;
	}
	if (d->nruns == d->caprun) {
		size_t cap = d->caprun ? d->caprun * 2 : 16;
		struct ld_run *r = realloc(d->runs, cap * sizeof *r);
		if (r == NULL)
			return -1;
		d->runs = r, d->caprun = cap;
	}
	d->runs[d->nruns++] = (struct ld_run){ op, a, b, n };
	return 0;
}

/* The edit script as runs: the common first lines, the middle's, the common last lines. */
static int
ld_script(struct ld *d)
{
	size_t na = d->a.n - d->pre - d->post, nb = d->b.n - d->pre - d->post;
	int rc = ld_run(d, ' ', 0, 0, d->pre);
	size_t i = 0, j = 0;
	while (rc == 0 && (i < na || j < nb)) {
		if (i < na && d->xdel[i])
			rc = ld_run(d, '-', d->pre + i, d->pre + j, 1), i++;
		else if (j < nb && d->yins[j])
			rc = ld_run(d, '+', d->pre + i, d->pre + j, 1), j++;
		else
			rc = ld_run(d, ' ', d->pre + i, d->pre + j, 1), i++, j++;
	}
	if (rc == 0)
		rc = ld_run(d, ' ', d->a.n - d->post, d->b.n - d->post, d->post);
	return rc;
}

struct ld_out {
	struct linediff *o;
	size_t cap;
	struct sbuf own;
	size_t *heads;   /* each header's offset into own, by header */
	size_t nheads;
};

static int
ld_emit(struct ld_out *w, const struct ld *d, char op, size_t a, size_t b, size_t n)
{
	struct linediff *o = w->o;
	if (o->n + n > w->cap) {
		size_t cap = w->cap ? w->cap : 64;
		while (cap < o->n + n)
			cap *= 2;
		struct linediff_line *l = realloc(o->lines, cap * sizeof *l);
		if (l == NULL)
			return -1;
		o->lines = l, w->cap = cap;
	}
	for (size_t k = 0; k < n; k++) {
		struct linediff_line *l = &o->lines[o->n++];
		if (op == '@')
			*l = (struct linediff_line){ '@', NULL, 0, 0, 0 };
		else if (op == '+')
			*l = (struct linediff_line){ '+', LD_S(&d->b, b + k), LD_LEN(&d->b, b + k), 0,
				b + k + 1 };
		else if (op == '-')
			*l = (struct linediff_line){ '-', LD_S(&d->a, a + k), LD_LEN(&d->a, a + k),
				a + k + 1, 0 };
		else
			*l = (struct linediff_line){ ' ', LD_S(&d->a, a + k), LD_LEN(&d->a, a + k),
				a + k + 1, b + k + 1 };
	}
	if (op == '+')
		o->added += n;
	else if (op == '-')
		o->removed += n;
	return 0;
}

static void
ld_range(struct sbuf *s, char sign, size_t before, size_t count)
{
	char buf[64];
	if (count == 1)
		snprintf(buf, sizeof buf, "%c%zu", sign, before + 1);
	else
		snprintf(buf, sizeof buf, "%c%zu,%zu", sign, count ? before + 1 : before, count);
	sbuf_str(s, buf);
}

/* The hunk of runs [i, k), with up to lead kept lines before (from run i - 1) and tail
 * after (from run k). */
static int
ld_hunk(struct ld_out *w, const struct ld *d, size_t i, size_t k, size_t lead, size_t tail)
{
	const struct ld_run *r = d->runs;
	size_t a0 = r[i].a - lead, b0 = r[i].b - lead, an = lead + tail, bn = lead + tail;
	for (size_t j = i; j < k; j++) {
		an += r[j].op != '+' ? r[j].n : 0;
		bn += r[j].op != '-' ? r[j].n : 0;
	}
	size_t *h = realloc(w->heads, (w->nheads + 1) * sizeof *h);
	if (h == NULL)
		return -1;
	w->heads = h;
	w->heads[w->nheads++] = w->own.len;
	sbuf_str(&w->own, "@@ ");
	ld_range(&w->own, '-', a0, an);
	sbuf_str(&w->own, " ");
	ld_range(&w->own, '+', b0, bn);
	sbuf_str(&w->own, " @@");
	sbuf_add(&w->own, "", 1);   /* each header ends in its own NUL */
	/* the header line itself: its text is set once own stops moving */
	if (ld_emit(w, d, '@', 0, 0, 1) < 0)
		return -1;
	if (ld_emit(w, d, ' ', a0, b0, lead) < 0)
		return -1;
	for (size_t j = i; j < k; j++)
		if (ld_emit(w, d, r[j].op, r[j].a, r[j].b, r[j].n) < 0)
			return -1;
	if (tail > 0 && ld_emit(w, d, ' ', r[k].a, r[k].b, tail) < 0)
		return -1;
	return 0;
}

static int
ld_hunks(struct ld_out *w, const struct ld *d, size_t context)
{
	const struct ld_run *r = d->runs;
	size_t i = 0;
	while (i < d->nruns) {
		if (r[i].op == ' ') {
			i++;
			continue;
		}
		size_t lead = i > 0 ? (r[i - 1].n < context ? r[i - 1].n : context) : 0;
		size_t k = i;
		for (;;) {
			while (k < d->nruns && r[k].op != ' ')
				k++;
			/* a short run of kept lines between two changes joins their hunks */
			if (k + 1 < d->nruns && r[k].n <= 2 * context) {
				k++;
				continue;
			}
			break;
		}
		size_t tail = k < d->nruns ? (r[k].n < context ? r[k].n : context) : 0;
		if (ld_hunk(w, d, i, k, lead, tail) < 0)
			return -1;
		i = k;
	}
	return 0;
}

int
linediff_make(const char *a, size_t alen, const char *b, size_t blen, int context,
    struct linediff *out)
{
	*out = (struct linediff){ 0 };
	struct ld d = { 0 };
	struct ld_out w = { .o = out };
	int rc = -1;
	if (ld_cut(&d, a, alen, b, blen, context < 0 ? SIZE_MAX : (size_t)context) < 0)
		goto done;
	size_t na = d.a.n - d.pre - d.post, nb = d.b.n - d.pre - d.post;
	if (na == 0 && nb == 0) {
		rc = 0;
		goto done;
	}
	d.xdel = calloc(na + 1, 1);
	d.yins = calloc(nb + 1, 1);
	if (d.xdel == NULL || d.yins == NULL)
		goto done;
	if (na > 0 && nb > 0) {
		if (ld_number(&d, na, nb) < 0)
			goto done;
		size_t diags = na + nb + 3;
		ptrdiff_t *fd = malloc(2 * diags * sizeof *fd);
		if (fd == NULL)
			goto done;
		d.fd = fd + nb + 1;
		d.bd = fd + diags + nb + 1;
		d.too_expensive = 1;
		for (size_t n = na + nb + 3; n != 0; n >>= 2)
			d.too_expensive <<= 1;
		if (d.too_expensive < 4096)
			d.too_expensive = 4096;
		ld_compare(&d, 0, (ptrdiff_t)na, 0, (ptrdiff_t)nb);
		free(fd);
	} else {
		memset(d.xdel, 1, na);
		memset(d.yins, 1, nb);
	}
	if (ld_script(&d) < 0)
		goto done;
	if (context < 0) {
		for (size_t i = 0; i < d.nruns; i++)
			if (ld_emit(&w, &d, d.runs[i].op, d.runs[i].a, d.runs[i].b, d.runs[i].n) < 0)
				goto done;
	} else if (ld_hunks(&w, &d, (size_t)context) < 0) {
		goto done;
	}
	out->own = w.own.s;
	w.own.s = NULL;
	for (size_t i = 0, h = 0; i < out->n; i++)
		if (out->lines[i].op == '@') {
			out->lines[i].text = out->own + w.heads[h];
			out->lines[i].len = strlen(out->lines[i].text);
			h++;
		}
	rc = 0;
done:
	free(d.a.s), free(d.a.len), free(d.b.s), free(d.b.len);
	free(d.xv), free(d.yv), free(d.xdel), free(d.yins), free(d.runs);
	free(w.heads);
	free(w.own.s);
	if (rc < 0)
		linediff_free(out);
	return rc;
}

void
linediff_free(struct linediff *d)
{
	if (d == NULL)
		return;
	free(d->lines);
	free(d->own);
	*d = (struct linediff){ 0 };
}
