#define _GNU_SOURCE
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/widget/keymap.h"
#include "ui/widget/prompt.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

#define PROMPT_MAX 1024
#define PROMPT_CANDS 64

struct prompt {
	char lead[320];          /* ":", "/", or app_ask's question */
	char text[PROMPT_MAX];
	size_t len, cur;
	char **hist;
	size_t nhist;
	long hpos;               /* -1: not browsing history */
	prompt_complete_fn complete;
	void *carg;
	char *cands[PROMPT_CANDS];
	size_t ncands, ci;
	size_t word_start;
	int cycling;
};

struct prompt *
prompt_new(const char *lead)
{
	struct prompt *p = xcalloc(1, sizeof *p);
	snprintf(p->lead, sizeof p->lead, "%s", lead);
	p->hpos = -1;
	return p;
}

static void
prompt_drop_cands(struct prompt *p)
{
	for (size_t i = 0; i < p->ncands; i++)
		free(p->cands[i]);
	p->ncands = 0;
	p->cycling = 0;
}

void
prompt_free(struct prompt **pp)
{
	struct prompt *p;
	if (pp == NULL || (p = *pp) == NULL)
		return;
	prompt_drop_cands(p);
	for (size_t i = 0; i < p->nhist; i++)
		free(p->hist[i]);
	free(p->hist);
	free(p);
	*pp = NULL;
}

static void
prompt_set(struct prompt *p, const char *text)
{
	snprintf(p->text, sizeof p->text, "%s", text ? text : "");
	p->len = p->cur = strlen(p->text);
}

void
prompt_open(struct prompt *p, const char *text)
{
	prompt_set(p, text);
	p->hpos = -1;
	prompt_drop_cands(p);
}

const char *prompt_text(const struct prompt *p) { return p->text; }
const char *prompt_lead(const struct prompt *p) { return p->lead; }

void
prompt_set_lead(struct prompt *p, const char *lead)
{
	snprintf(p->lead, sizeof p->lead, "%s", lead);
}
size_t prompt_cursor(const struct prompt *p) { return p->cur; }
size_t prompt_history_count(const struct prompt *p) { return p->nhist; }

void
prompt_set_complete(struct prompt *p, prompt_complete_fn fn, void *arg)
{
	p->complete = fn;
	p->carg = arg;
}

void
prompt_history_add(struct prompt *p, const char *line)
{
	if (line[0] == '\0' || (p->nhist > 0 && strcmp(p->hist[p->nhist - 1], line) == 0))
		return;
	p->hist = xreallocarray(p->hist, p->nhist + 1, sizeof *p->hist);
	p->hist[p->nhist++] = xstrdup(line);
}

static void
prompt_insert(struct prompt *p, const char *s, size_t n)
{
	if (p->len + n >= PROMPT_MAX)
		return;
	memmove(p->text + p->cur + n, p->text + p->cur, p->len - p->cur + 1);
	memcpy(p->text + p->cur, s, n);
	p->len += n;
	p->cur += n;
}

static void
prompt_delete_back(struct prompt *p)
{
	size_t start = p->cur;
	if (start == 0)
		return;
	do
		start--;
	while (start > 0 && ((unsigned char)p->text[start] & 0xc0) == 0x80);
	memmove(p->text + start, p->text + p->cur, p->len - p->cur + 1);
	p->len -= p->cur - start;
	p->cur = start;
}

static void
prompt_replace_word(struct prompt *p, const char *with)
{
	char rest[PROMPT_MAX];
	snprintf(rest, sizeof rest, "%s", p->text + p->cur);
	p->text[p->word_start] = '\0';
	p->len = p->cur = p->word_start;
	prompt_insert(p, with, strlen(with));
	size_t keep = p->cur;
	prompt_insert(p, rest, strlen(rest));
	p->cur = keep;
}

static void
prompt_complete(struct prompt *p)
{
	if (p->complete == NULL)
		return;
	if (p->cycling && p->ncands > 1) {
		p->ci = (p->ci + 1) % p->ncands;
		prompt_replace_word(p, p->cands[p->ci]);
		return;
	}
	prompt_drop_cands(p);
	char upto[PROMPT_MAX];
	snprintf(upto, sizeof upto, "%.*s", (int)p->cur, p->text);
	p->word_start = p->cur;
	p->ncands = p->complete(upto, &p->word_start, p->cands, PROMPT_CANDS, p->carg);
	if (p->ncands == 0)
		return;
	/* the common prefix first; a second Tab cycles through the candidates */
	size_t common = strlen(p->cands[0]);
	for (size_t i = 1; i < p->ncands; i++) {
		size_t k = 0;
		while (k < common && p->cands[i][k] == p->cands[0][k])
			k++;
		common = k;
	}
	char pre[PROMPT_MAX];
	snprintf(pre, sizeof pre, "%.*s", (int)common, p->cands[0]);
	if (p->ncands == 1) {
		/* a folder goes on: no space after it */
		size_t l = strlen(p->cands[0]);
		char *full = xasprintf("%s%s", p->cands[0], l > 0 && p->cands[0][l - 1] == '/' ? "" : " ");
		prompt_replace_word(p, full);
		free(full);
		prompt_drop_cands(p);
		return;
	}
	if (common > p->cur - p->word_start) {
		prompt_replace_word(p, pre);
		p->ci = (size_t)-1;
		p->cycling = 1;
		return;
	}
	p->ci = 0;
	prompt_replace_word(p, p->cands[0]);
	p->cycling = 1;
}

enum prompt_result
prompt_key(struct prompt *p, int key)
{
	if (key != '\t')
		p->cycling = 0;
	switch (key) {
	case 27: case 7:   /* Esc, Ctrl-G */
		return PROMPT_CANCEL;
	case '\n': case '\r': case KEYMAP_FN + KEY_ENTER:
		prompt_history_add(p, p->text);
		return PROMPT_DONE;
	case '\t':
		prompt_complete(p);
		return PROMPT_CHANGED;
	case 127: case 8: case KEYMAP_FN + KEY_BACKSPACE:
		if (p->len == 0)
			return PROMPT_CANCEL;
		prompt_delete_back(p);
		return PROMPT_CHANGED;
	case 21:   /* Ctrl-U */
		prompt_set(p, "");
		return PROMPT_CHANGED;
	case 23:   /* Ctrl-W: the word before the cursor */
		while (p->cur > 0 && p->text[p->cur - 1] == ' ')
			prompt_delete_back(p);
		while (p->cur > 0 && p->text[p->cur - 1] != ' ')
			prompt_delete_back(p);
		return PROMPT_CHANGED;
	case KEYMAP_FN + KEY_LEFT:
		while (p->cur > 0 && ((unsigned char)p->text[--p->cur] & 0xc0) == 0x80)
			;
		return PROMPT_EDITING;
	case KEYMAP_FN + KEY_RIGHT:
		while (p->cur < p->len && ((unsigned char)p->text[++p->cur] & 0xc0) == 0x80)
			;
		return PROMPT_EDITING;
	case 1: case KEYMAP_FN + KEY_HOME:
		p->cur = 0;
		return PROMPT_EDITING;
	case 5: case KEYMAP_FN + KEY_END:
		p->cur = p->len;
		return PROMPT_EDITING;
	case KEYMAP_FN + KEY_UP: case 16:
		if (p->nhist == 0)
			return PROMPT_EDITING;
		p->hpos = p->hpos < 0 ? (long)p->nhist - 1 : p->hpos > 0 ? p->hpos - 1 : 0;
		prompt_set(p, p->hist[p->hpos]);
		return PROMPT_CHANGED;
	case KEYMAP_FN + KEY_DOWN: case 14:
		if (p->hpos < 0)
			return PROMPT_EDITING;
		if (++p->hpos >= (long)p->nhist) {
			p->hpos = -1;
			prompt_set(p, "");
		} else
			prompt_set(p, p->hist[p->hpos]);
		return PROMPT_CHANGED;
	default:
		break;
	}
	if (key < ' ' || key >= KEYMAP_FN || key == 127)
		return PROMPT_EDITING;
	char buf[5];
	size_t n;
	if (key < 0x80) { buf[0] = (char)key; n = 1; }
	else if (key < 0x800) { buf[0] = (char)(0xc0 | key >> 6); buf[1] = (char)(0x80 | (key & 0x3f)); n = 2; }
	else if (key < 0x10000) { buf[0] = (char)(0xe0 | key >> 12); buf[1] = (char)(0x80 | (key >> 6 & 0x3f));
		buf[2] = (char)(0x80 | (key & 0x3f)); n = 3; }
	else { buf[0] = (char)(0xf0 | key >> 18); buf[1] = (char)(0x80 | (key >> 12 & 0x3f));
		buf[2] = (char)(0x80 | (key >> 6 & 0x3f)); buf[3] = (char)(0x80 | (key & 0x3f)); n = 4; }
	prompt_insert(p, buf, n);
	return PROMPT_CHANGED;
}

void
prompt_draw(struct prompt *p, int y, int w)
{
	attr_t a = screen_attr(THEME_PROMPT);
	char before[PROMPT_MAX];
	int x;

	screen_fill(y, 0, w, a);
	/* a question too long for the row loses its end, leaving room for the answer */
	int room = screen_width(p->text) + 3;   /* the text and the cursor's margin below */
	if (room < 8)
		room = 8;   /* a port, typed in full */
	int lw = screen_width(p->lead);
	if (lw > w - room && w - room > 8)
		x = screen_put(y, 0, w - room, p->lead, a | A_BOLD, 1) + 1;
	else
		x = screen_put(y, 0, w, p->lead, a | A_BOLD, 0);
	snprintf(before, sizeof before, "%.*s", (int)p->cur, p->text);
	int bw = screen_width(before);
	/* keep the cursor on screen: show the tail when the text is longer than the row */
	const char *shown = p->text;
	while (bw > w - x - 2 && *shown) {
		shown++;
		bw = 0;
		snprintf(before, sizeof before, "%.*s", (int)(p->cur - (size_t)(shown - p->text)), shown);
		bw = screen_width(before);
	}
	screen_put(y, x, w - x, shown, a, 0);
	if (p->ncands > 1 && p->cycling) {
		char more[64];
		snprintf(more, sizeof more, "  (%zu matches, Tab cycles)", p->ncands);
		int tw = screen_width(p->text) + x;
		if (tw + (int)strlen(more) < w)
			screen_put(y, tw, w - tw, more, a | A_DIM, 0);
	}
	move(y, x + bw);
	curs_set(1);
}
