/* The editor's text, its cursor and its edits; see textbuf.h. */
#include "model/textbuf.h"

#include <stdlib.h>
#include <string.h>

#include "model/undo.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

struct tb_line {
	char *s;            /* NUL-terminated; cap > len, or 0: s is in the block */
	size_t len, cap;
};

struct textbuf {
	struct tb_line *lines;
	size_t n, cap;
	char *block;        /* the text as loaded, its newlines made NULs: the lines no edit
	                     * has grown yet point into it, so a large text costs no
	                     * allocation a line */
	size_t bytes;       /* of the joined text */
	struct tb_pos cursor;
	struct undo *undo;
};

static void
line_set(struct tb_line *l, const char *s, size_t n)
{
	l->cap = n + 1;
	l->s = xmalloc(l->cap);
	memcpy(l->s, s, n);
	l->s[n] = '\0';
	l->len = n;
}

static void
line_reserve(struct tb_line *l, size_t len)
{
	if (l->cap == 0) {   /* in the block: a copy of its own, to grow */
		size_t cap = len + 1 > l->len + 1 ? len + 1 : l->len + 1;
		char *s = xmalloc(cap);
		memcpy(s, l->s, l->len + 1);
		l->s = s;
		l->cap = cap;
	} else if (len + 1 > l->cap) {
		l->cap = len + 1 > l->cap * 2 ? len + 1 : l->cap * 2;
		l->s = xrealloc(l->s, l->cap);
	}
}

/* Makes room for k new lines at index i (uninitialised). */
static void
lines_open(struct textbuf *tb, size_t i, size_t k)
{
	if (tb->n + k > tb->cap) {
		tb->cap = tb->n + k > tb->cap * 2 ? tb->n + k : tb->cap * 2;
		tb->lines = xreallocarray(tb->lines, tb->cap, sizeof(*tb->lines));
	}
	memmove(&tb->lines[i + k], &tb->lines[i], (tb->n - i) * sizeof(*tb->lines));
	tb->n += k;
}

static void
line_free(struct tb_line *l)
{
	if (l->cap != 0)
		free(l->s);
}

static void
lines_free(struct textbuf *tb)
{
	for (size_t i = 0; i < tb->n; i++)
		line_free(&tb->lines[i]);
	tb->n = 0;
	free(tb->block);
	tb->block = NULL;
}

struct textbuf *
textbuf_new(void)
{
	struct textbuf *tb = xcalloc(1, sizeof(*tb));
	tb->undo = undo_new();
	textbuf_load(tb, "", 0);
	return tb;
}

void
textbuf_free(struct textbuf **tb)
{
	if (*tb == NULL)
		return;
	lines_free(*tb);
	free((*tb)->lines);
	undo_free(&(*tb)->undo);
	free(*tb);
	*tb = NULL;
}

void
textbuf_load(struct textbuf *tb, const char *s, size_t n)
{
	/* copied before the old lines go: s may be one of them */
	char *block = xmalloc(n + 1);
	if (n > 0)
		memcpy(block, s, n);
	block[n] = '\0';
	textbuf_load_take(tb, block, n);
}

void
textbuf_load_take(struct textbuf *tb, char *block, size_t n)
{
	size_t count = 1;

	lines_free(tb);
	tb->block = block;
	for (const char *p = block; (p = memchr(p, '\n', (size_t)(block + n - p))) != NULL; p++)
		count++;
	if (count > tb->cap) {
		tb->cap = count;
		tb->lines = xreallocarray(tb->lines, tb->cap, sizeof(*tb->lines));
	}
	char *p = tb->block, *end = tb->block + n;
	for (size_t i = 0; i < count; i++) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (nl != NULL)
			*nl = '\0';
		tb->lines[i] = (struct tb_line){ .s = p, .len = len, .cap = 0 };
		p += len + 1;
	}
	tb->n = count;
	tb->bytes = n;
	tb->cursor = (struct tb_pos){ 0, 0 };
	undo_clear(tb->undo);
}

char *
textbuf_join_dup(const struct textbuf *tb, size_t *len)
{
	char *out = xmalloc(tb->bytes + 1), *p = out;

	for (size_t i = 0; i < tb->n; i++) {
		if (i > 0)
			*p++ = '\n';
		memcpy(p, tb->lines[i].s, tb->lines[i].len);
		p += tb->lines[i].len;
	}
	*p = '\0';
	if (len)
		*len = (size_t)(p - out);
	return out;
}

size_t textbuf_line_count(const struct textbuf *tb) { return tb->n; }
size_t textbuf_bytes(const struct textbuf *tb) { return tb->bytes; }
struct tb_pos textbuf_cursor(const struct textbuf *tb) { return tb->cursor; }

const char *
textbuf_line(const struct textbuf *tb, size_t i, size_t *len)
{
	if (i >= tb->n) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = tb->lines[i].len;
	return tb->lines[i].s;
}

size_t
textbuf_line_len(const struct textbuf *tb, size_t i)
{
	return i < tb->n ? tb->lines[i].len : 0;
}

int
textbuf_pos_cmp(struct tb_pos a, struct tb_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	return a.col < b.col ? -1 : a.col > b.col;
}

static int
pos_valid(const struct textbuf *tb, struct tb_pos p)
{
	return p.line < tb->n && p.col <= tb->lines[p.line].len;
}

static struct tb_pos
pos_clamp(const struct textbuf *tb, struct tb_pos p)
{
	if (p.line >= tb->n)
		return (struct tb_pos){ tb->n - 1, tb->lines[tb->n - 1].len };
	const struct tb_line *l = &tb->lines[p.line];
	p.col = utf8_start(l->s, l->len, p.col);
	return p;
}

void
textbuf_set_cursor(struct textbuf *tb, struct tb_pos p)
{
	p = pos_clamp(tb, p);
	if (textbuf_pos_cmp(p, tb->cursor) != 0)
		undo_break(tb->undo);
	tb->cursor = p;
}

/* The cursor follows the text around an insert from at to end. */
static void
cursor_after_insert(struct textbuf *tb, struct tb_pos at, struct tb_pos end)
{
	struct tb_pos *c = &tb->cursor;
	if (textbuf_pos_cmp(*c, at) < 0)
		return;
	if (c->line == at.line)
		c->col = end.col + (c->col - at.col);
	c->line += end.line - at.line;
}

static void
cursor_after_delete(struct textbuf *tb, struct tb_pos a, struct tb_pos b)
{
	struct tb_pos *c = &tb->cursor;
	if (textbuf_pos_cmp(*c, a) <= 0)
		return;
	if (textbuf_pos_cmp(*c, b) <= 0)
		*c = a;
	else if (c->line == b.line) {
		c->col = a.col + (c->col - b.col);
		c->line = a.line;
	} else
		c->line -= b.line - a.line;
}

/* Inserts without recording; returns the position after the new text. */
static struct tb_pos
raw_insert(struct textbuf *tb, struct tb_pos at, const char *s, size_t n)
{
	struct tb_line *l = &tb->lines[at.line];
	const char *nl = memchr(s, '\n', n);
	struct tb_pos end;

	if (nl == NULL) {
		line_reserve(l, l->len + n);
		memmove(l->s + at.col + n, l->s + at.col, l->len - at.col + 1);
		memcpy(l->s + at.col, s, n);
		l->len += n;
		end = (struct tb_pos){ at.line, at.col + n };
	} else {
		size_t k = 0;
		for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))) != NULL; p++)
			k++;
		/* the tail after at moves to the last new line */
		const char *last = s;
		for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))) != NULL; p++)
			last = p + 1;
		size_t lastn = (size_t)(s + n - last), tail = l->len - at.col;
		lines_open(tb, at.line + 1, k);
		l = &tb->lines[at.line];
		struct tb_line *e = &tb->lines[at.line + k];
		e->cap = lastn + tail + 1;
		e->s = xmalloc(e->cap);
		memcpy(e->s, last, lastn);
		memcpy(e->s + lastn, l->s + at.col, tail + 1);
		e->len = lastn + tail;
		/* the middle lines, then the first line's end */
		const char *p = nl + 1;
		for (size_t i = 1; i < k; i++) {
			const char *q = memchr(p, '\n', (size_t)(s + n - p));
			line_set(&tb->lines[at.line + i], p, (size_t)(q - p));
			p = q + 1;
		}
		size_t first = (size_t)(nl - s);
		line_reserve(l, at.col + first);
		memcpy(l->s + at.col, s, first);
		l->len = at.col + first;
		l->s[l->len] = '\0';
		end = (struct tb_pos){ at.line + k, lastn };
	}
	tb->bytes += n;
	cursor_after_insert(tb, at, end);
	return end;
}

/* Deletes a..b (a before b) without recording; returns the deleted bytes (the caller
 * frees them) and their length in *n. */
static char *
raw_delete(struct textbuf *tb, struct tb_pos a, struct tb_pos b, size_t *n)
{
	struct tb_line *la = &tb->lines[a.line], *lb = &tb->lines[b.line];
	char *out;

	if (a.line == b.line) {
		*n = b.col - a.col;
		out = xstrndup(la->s + a.col, *n);
		memmove(la->s + a.col, la->s + b.col, la->len - b.col + 1);
		la->len -= *n;
	} else {
		size_t len = la->len - a.col + 1;
		for (size_t i = a.line + 1; i < b.line; i++)
			len += tb->lines[i].len + 1;
		len += b.col;
		out = xmalloc(len + 1);
		char *p = out;
		memcpy(p, la->s + a.col, la->len - a.col);
		p += la->len - a.col;
		for (size_t i = a.line + 1; i <= b.line; i++) {
			*p++ = '\n';
			size_t m = i < b.line ? tb->lines[i].len : b.col;
			memcpy(p, tb->lines[i].s, m);
			p += m;
		}
		*p = '\0';
		*n = len;
		/* the first line keeps its start and takes the last one's end */
		size_t rest = lb->len - b.col;
		line_reserve(la, a.col + rest);
		memcpy(la->s + a.col, lb->s + b.col, rest + 1);
		la->len = a.col + rest;
		for (size_t i = a.line + 1; i <= b.line; i++)
			line_free(&tb->lines[i]);
		memmove(&tb->lines[a.line + 1], &tb->lines[b.line + 1],
		    (tb->n - b.line - 1) * sizeof(*tb->lines));
		tb->n -= b.line - a.line;
	}
	tb->bytes -= *n;
	cursor_after_delete(tb, a, b);
	return out;
}

/* The end of n bytes of text inserted at at. */
static struct tb_pos
pos_after(struct tb_pos at, const char *s, size_t n)
{
	for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))) != NULL; p++) {
		at.line++;
		at.col = (size_t)(s + n - p) - 1;
	}
	if (memchr(s, '\n', n) == NULL)
		at.col += n;
	return at;
}

static int
bad_pos(struct kd_err *e, struct tb_pos p)
{
	return kd_err_set(e, KD_ERR_INVALID, "Line %zu, byte %zu is not in the text.",
	    p.line + 1, p.col);
}

/* Inserts and records; the cursor ends after the text. */
static struct tb_pos
edit_insert(struct textbuf *tb, struct tb_pos at, const char *s, size_t n, enum undo_run run,
    int64_t now_ms)
{
	struct tb_pos before = tb->cursor;
	struct tb_pos end = raw_insert(tb, at, s, n);
	tb->cursor = end;
	undo_add(tb->undo, UNDO_INSERT, at, s, n, before, end, run, now_ms);
	return end;
}

/* Deletes a..b (a before b) and records; the cursor ends at a. */
static void
edit_delete(struct textbuf *tb, struct tb_pos a, struct tb_pos b, enum undo_run run,
    int64_t now_ms)
{
	struct tb_pos before = tb->cursor;
	size_t n;
	char *text = raw_delete(tb, a, b, &n);
	tb->cursor = a;
	undo_add(tb->undo, UNDO_DELETE, a, text, n, before, a, run, now_ms);
	free(text);
}

int
textbuf_insert(struct textbuf *tb, struct tb_pos p, const char *s, size_t n,
    struct tb_pos *end, struct kd_err *e)
{
	if (!pos_valid(tb, p))
		return bad_pos(e, p);
	struct tb_pos r = n ? edit_insert(tb, p, s, n, UNDO_RUN_NONE, 0) : p;
	if (n == 0)
		textbuf_set_cursor(tb, p);
	if (end)
		*end = r;
	return 0;
}

int
textbuf_delete(struct textbuf *tb, struct tb_pos a, struct tb_pos b, struct kd_err *e)
{
	if (!pos_valid(tb, a))
		return bad_pos(e, a);
	if (!pos_valid(tb, b))
		return bad_pos(e, b);
	if (textbuf_pos_cmp(a, b) > 0) {
		struct tb_pos t = a;
		a = b;
		b = t;
	}
	if (textbuf_pos_cmp(a, b) == 0)
		textbuf_set_cursor(tb, a);
	else
		edit_delete(tb, a, b, UNDO_RUN_NONE, 0);
	return 0;
}

int
textbuf_replace(struct textbuf *tb, struct tb_pos a, struct tb_pos b, const char *s,
    size_t n, struct tb_pos *end, struct kd_err *e)
{
	if (!pos_valid(tb, a))
		return bad_pos(e, a);
	if (!pos_valid(tb, b))
		return bad_pos(e, b);
	textbuf_group_begin(tb);
	textbuf_delete(tb, a, b, NULL);
	textbuf_insert(tb, textbuf_pos_cmp(a, b) < 0 ? a : b, s, n, end, NULL);
	textbuf_group_end(tb);
	return 0;
}

void
textbuf_type(struct textbuf *tb, const char *s, size_t n, int64_t now_ms)
{
	if (n > 0)
		edit_insert(tb, tb->cursor, s, n, UNDO_RUN_TYPE, now_ms);
}

int
textbuf_backspace(struct textbuf *tb, int64_t now_ms)
{
	struct tb_pos b = tb->cursor, a = textbuf_prev_char(tb, b);
	if (textbuf_pos_cmp(a, b) == 0)
		return 0;
	edit_delete(tb, a, b, UNDO_RUN_BACKSPACE, now_ms);
	return 1;
}

int
textbuf_delete_char(struct textbuf *tb, int64_t now_ms)
{
	struct tb_pos a = tb->cursor, b = textbuf_next_char(tb, a);
	if (textbuf_pos_cmp(a, b) == 0)
		return 0;
	edit_delete(tb, a, b, UNDO_RUN_DELETE, now_ms);
	return 1;
}

void
textbuf_group_begin(struct textbuf *tb)
{
	undo_group_begin(tb->undo, tb->cursor);
}

void
textbuf_group_end(struct textbuf *tb)
{
	undo_group_end(tb->undo, tb->cursor);
}

/* Reverts (undo) or applies again (redo) one record. */
static void
apply_rec(struct textbuf *tb, const struct undo_rec *r, int undo)
{
	if ((r->kind == UNDO_INSERT) == !undo) {
		raw_insert(tb, r->at, r->text, r->len);
	} else {
		size_t n;
		free(raw_delete(tb, r->at, pos_after(r->at, r->text, r->len), &n));
	}
}

int
textbuf_undo(struct textbuf *tb)
{
	const struct undo_step *s = undo_undo(tb->undo);
	if (s == NULL)
		return 0;
	for (size_t i = s->n; i-- > 0;)
		apply_rec(tb, &s->recs[i], 1);
	tb->cursor = pos_clamp(tb, s->before);
	return 1;
}

int
textbuf_redo(struct textbuf *tb)
{
	const struct undo_step *s = undo_redo(tb->undo);
	if (s == NULL)
		return 0;
	for (size_t i = 0; i < s->n; i++)
		apply_rec(tb, &s->recs[i], 0);
	tb->cursor = pos_clamp(tb, s->after);
	return 1;
}

int textbuf_can_undo(const struct textbuf *tb) { return undo_can_undo(tb->undo); }
int textbuf_can_redo(const struct textbuf *tb) { return undo_can_redo(tb->undo); }
int textbuf_dirty(const struct textbuf *tb) { return undo_dirty(tb->undo); }
void textbuf_mark_saved(struct textbuf *tb) { undo_mark_saved(tb->undo); }
