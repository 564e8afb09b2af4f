#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/widget/pager.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

struct pager_line {
	char *text;
	int split;
	enum theme_el el1, el2;
	enum pager_fold fold;
	char *key;          /* what the line names (cursor mode), NULL: nothing */
};

struct pager {
	char *title;
	struct pager_line *l;
	size_t n, cap;
	size_t *shown;      /* indexes of the lines shown with the current folding */
	size_t nshown;
	int dirty;          /* shown must be rebuilt */
	int folded;
	long top;
	int xoff;
	int page;
	char search[128];
	int cursor_on;
	long cursor;        /* index among the shown lines, -1 none */
	int moved;          /* the user moved it: it follows its line's key */
	char *keep;         /* the cursor's key while the text is built again */
};

static void pager_reshow(struct pager *p);

struct pager *
pager_new(const char *title)
{
	struct pager *p = xcalloc(1, sizeof *p);
	p->title = xstrdup(title);
	p->folded = 1;
	p->dirty = 1;
	p->cursor = -1;
	return p;
}

void
pager_clear(struct pager *p)
{
	const char *key = pager_cursor_key(p);
	if (!p->moved)   /* not moved yet: on the first named line of the new text */
		p->cursor = -1;
	else if (key != NULL) {
		free(p->keep);
		p->keep = xstrdup(key);
	}
	for (size_t i = 0; i < p->n; i++) {
		free(p->l[i].text);
		free(p->l[i].key);
	}
	p->n = 0;
	p->dirty = 1;
}

void
pager_free(struct pager **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	pager_clear(*pp);
	free((*pp)->l);
	free((*pp)->shown);
	free((*pp)->title);
	free((*pp)->keep);
	free(*pp);
	*pp = NULL;
}

const char *pager_title(const struct pager *p) { return p->title; }

void
pager_add(struct pager *p, const char *text, int split, enum theme_el el1, enum theme_el el2,
    enum pager_fold fold)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->l = xreallocarray(p->l, p->cap, sizeof *p->l);
	}
	struct pager_line *l = &p->l[p->n++];
	l->text = xstrdup(text);
	l->split = split;
	l->el1 = el1;
	l->el2 = el2;
	l->fold = fold;
	l->key = NULL;
	p->dirty = 1;
}

void
pager_name_last(struct pager *p, const char *key)
{
	if (p->n == 0)
		return;
	free(p->l[p->n - 1].key);
	p->l[p->n - 1].key = xstrdup(key);
}

void
pager_addf(struct pager *p, enum theme_el el, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	pager_add(p, s, 0, el, el, PAGER_PLAIN);
	free(s);
}

size_t pager_lines(const struct pager *p) { return p->n; }
const char *pager_line(const struct pager *p, size_t i) { return i < p->n ? p->l[i].text : NULL; }

void
pager_line_style(const struct pager *p, size_t i, int *split, enum theme_el *el1, enum theme_el *el2)
{
	if (i >= p->n)
		return;
	*split = p->l[i].split;
	*el1 = p->l[i].el1;
	*el2 = p->l[i].el2;
}

static void
pager_reshow(struct pager *p)
{
	if (!p->dirty)
		return;
	p->shown = xreallocarray(p->shown, p->n ? p->n : 1, sizeof *p->shown);
	p->nshown = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (p->l[i].fold == PAGER_FOLDED && p->folded)
			continue;
		if (p->l[i].fold == PAGER_PLACEHOLDER && !p->folded)
			continue;
		if (p->keep != NULL && p->l[i].key != NULL && strcmp(p->l[i].key, p->keep) == 0)
			p->cursor = (long)p->nshown;
		p->shown[p->nshown++] = i;
	}
	free(p->keep);
	p->keep = NULL;
	if (p->cursor >= (long)p->nshown)
		p->cursor = (long)p->nshown - 1;
	p->dirty = 0;
}

char *
pager_text(const struct pager *cp)
{
	struct pager *p = (struct pager *)cp;
	size_t len = 1;
	char *out, *o;

	pager_reshow(p);
	for (size_t i = 0; i < p->nshown; i++)
		len += strlen(p->l[p->shown[i]].text) + 1;
	o = out = xmalloc(len);
	for (size_t i = 0; i < p->nshown; i++) {
		size_t k = strlen(p->l[p->shown[i]].text);
		memcpy(o, p->l[p->shown[i]].text, k);
		o += k;
		*o++ = '\n';
	}
	*o = '\0';
	return out;
}

void
pager_toggle_fold(struct pager *p)
{
	p->folded = !p->folded;
	p->dirty = 1;
}

int pager_folded(const struct pager *p) { return p->folded; }

void
pager_scroll(struct pager *p, long delta)
{
	pager_reshow(p);
	p->top += delta;
	long max = (long)p->nshown - (p->page > 0 ? p->page : 1);
	if (p->top > max)
		p->top = max;
	if (p->top < 0)
		p->top = 0;
}

static int
pager_named(const struct pager *p, long i)
{
	return i >= 0 && i < (long)p->nshown && p->l[p->shown[i]].key != NULL;
}

void
pager_top(struct pager *p)
{
	p->top = 0;
	if (p->cursor_on) {
		pager_reshow(p);
		p->moved = 1;
		p->cursor = -1;
		pager_cursor_move(p, 1);
	}
}

void
pager_bottom(struct pager *p)
{
	pager_scroll(p, (long)p->n);
	if (p->cursor_on) {
		p->cursor = (long)p->nshown;
		pager_cursor_move(p, -1);
	}
}

void pager_set_cursor(struct pager *p, int on) { p->cursor_on = on; }
int pager_cursor_on(const struct pager *p) { return p->cursor_on; }

/* Keeps the shown part in range and the cursor on a named line on it: a scroll that
 * took the cursor's line away brings the cursor to the nearest named line left. */
static void
pager_fit(struct pager *p)
{
	long h = p->page > 0 ? p->page : (long)p->nshown;
	pager_reshow(p);
	if (p->top > (long)p->nshown - h)
		p->top = (long)p->nshown - h;
	if (p->top < 0)
		p->top = 0;
	if (!p->cursor_on)
		return;
	long end = p->top + h < (long)p->nshown ? p->top + h : (long)p->nshown;
	if (p->cursor >= p->top && p->cursor < end && pager_named(p, p->cursor))
		return;
	long from = p->cursor < p->top ? p->top : p->cursor >= end ? end - 1 : p->cursor;
	for (long d = 0; d < h; d++) {
		if (from + d < end && pager_named(p, from + d)) {
			p->cursor = from + d;
			return;
		}
		if (from - d >= p->top && pager_named(p, from - d)) {
			p->cursor = from - d;
			return;
		}
	}
	p->cursor = -1;
}

void
pager_cursor_move(struct pager *p, int dir)
{
	long h = p->page > 0 ? p->page : (long)p->nshown;
	pager_reshow(p);
	p->moved = 1;
	for (long i = p->cursor + dir; i >= 0 && i < (long)p->nshown; i += dir)
		if (pager_named(p, i)) {
			p->cursor = i;
			if (i < p->top)
				p->top = i;
			if (i >= p->top + h)
				p->top = i - h + 1;
			return;
		}
	pager_scroll(p, dir);
}

const char *
pager_cursor_key(struct pager *p)
{
	if (!p->cursor_on)
		return NULL;
	pager_fit(p);
	return pager_named(p, p->cursor) ? p->l[p->shown[p->cursor]].key : NULL;
}

void
pager_scroll_x(struct pager *p, int delta)
{
	p->xoff += delta;
	if (p->xoff < 0)
		p->xoff = 0;
}

static int
pager_matches(const struct pager *p, size_t line)
{
	return p->search[0] && strcasestr(p->l[line].text, p->search) != NULL;
}

size_t
pager_search(struct pager *p, const char *text)
{
	return pager_search_dir(p, text, 1);
}

size_t
pager_search_dir(struct pager *p, const char *text, int dir)
{
	size_t count = 0;

	snprintf(p->search, sizeof p->search, "%s", text);
	pager_reshow(p);
	for (size_t i = 0; i < p->nshown; i++)
		count += pager_matches(p, p->shown[i]);
	if (count > 0) {
		long keep = p->top;
		p->top -= dir < 0 ? -1 : 1;   /* the top line itself first */
		if (pager_search_next(p, dir < 0 ? -1 : 1) != 0)
			p->top = keep;
	}
	return count;
}

int
pager_search_next(struct pager *p, int dir)
{
	pager_reshow(p);
	if (!p->search[0])
		return -1;
	for (long i = p->top + dir; i >= 0 && i < (long)p->nshown; i += dir)
		if (pager_matches(p, p->shown[i])) {
			p->top = i;
			return 0;
		}
	return -1;
}

/* Draws text from display column xoff, highlighting search matches. */
static int
pager_put(int y, int x, int w, const char *s, attr_t a, const char *search)
{
	int used = 0;
	const char *m = search && *search ? strcasestr(s, search) : NULL;

	while (*s && used < w) {
		if (m == s) {
			size_t k = strlen(search);
			char tmp[256];
			snprintf(tmp, sizeof tmp, "%.*s", (int)(k < sizeof tmp ? k : sizeof tmp - 1), s);
			used += screen_put(y, x + used, w - used, tmp, screen_attr(THEME_SEARCH_MATCH), 0);
			s += k;
			m = strcasestr(s, search);
			continue;
		}
		size_t k = m ? (size_t)(m - s) : strlen(s);
		char tmp[1024];
		snprintf(tmp, sizeof tmp, "%.*s", (int)(k < sizeof tmp ? k : sizeof tmp - 1), s);
		used += screen_put(y, x + used, w - used, tmp, a, 0);
		s += strlen(tmp);
	}
	return used;
}

void
pager_draw(struct pager *p, int y, int h, int w)
{
	p->page = h;
	pager_fit(p);
	for (int i = 0; i < h; i++) {
		long k = p->top + i;
		int cur = p->cursor_on && k == p->cursor;
		screen_fill(y + i, 0, w, screen_attr(cur ? THEME_ROW_SELECTED : THEME_DEFAULT));
		if (k >= (long)p->nshown)
			continue;
		const struct pager_line *l = &p->l[p->shown[k]];
		enum theme_el el1 = cur ? THEME_ROW_SELECTED : l->el1, el2 = cur ? THEME_ROW_SELECTED : l->el2;
		const char *s = l->text;
		/* horizontal scroll in bytes of ASCII-leading text is good enough for YAML */
		int skip = p->xoff;
		while (skip > 0 && *s) {
			s++;
			skip--;
		}
		int first = l->split - p->xoff;
		int x = 0;
		if (first > 0) {
			char tmp[1024];
			snprintf(tmp, sizeof tmp, "%.*s", first, s);
			x += pager_put(y + i, x, w - x, tmp, screen_attr(el1), p->search);
			s += strlen(tmp);
		}
		pager_put(y + i, x, w - x, s, screen_attr(el2), p->search);
	}
}
