/* The libvterm pane; see term.h. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>
#include <wchar.h>

#include "ui/widget/screen.h"
#include "ui/widget/term_priv.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static void
term_invalidate(struct term *t, int top, int bot)
{
	if (top < t->inv_top)
		t->inv_top = top;
	if (bot > t->inv_bot)
		t->inv_bot = bot;
	if (t->cbs.damage != NULL)
		t->cbs.damage(t->arg);
}

void
term_invalidate_all(struct term *t)
{
	term_invalidate(t, 0, t->rows);
}

static int
term_cb_damage(VTermRect r, void *user)
{
	struct term *t = user;
	if (t->sb_off > 0)
		return 1;   /* the view shows older lines; nothing visible changed */
	term_invalidate(t, r.start_row, r.end_row);
	return 1;
}

static int
term_cb_moverect(VTermRect dest, VTermRect src, void *user)
{
	struct term *t = user;
	int top = dest.start_row < src.start_row ? dest.start_row : src.start_row;
	int bot = dest.end_row > src.end_row ? dest.end_row : src.end_row;
	term_invalidate(t, top, bot);
	return 1;
}

static int
term_cb_movecursor(VTermPos pos, VTermPos old, int visible, void *user)
{
	struct term *t = user;
	t->cursor = pos;
	t->cursor_visible = visible;
	(void)old;
	if (t->cbs.damage != NULL)
		t->cbs.damage(t->arg);
	return 1;
}

static int
term_cb_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct term *t = user;
	switch (prop) {
	case VTERM_PROP_CURSORVISIBLE:
		t->cursor_visible = val->boolean;
		break;
	case VTERM_PROP_ALTSCREEN:
		t->alt = val->boolean;
		term_invalidate_all(t);
		break;
	case VTERM_PROP_TITLE:
		/* a char * in libvterm 0.1 (a fragment from 0.2) */
		snprintf(t->title, sizeof(t->title), "%s", val->string ? val->string : "");
		break;
	default:
		break;
	}
	return 1;
}

static int
term_cb_bell(void *user)
{
	struct term *t = user;
	if (t->cbs.bell != NULL)
		t->cbs.bell(t->arg);
	return 1;
}

static uint8_t
term_pack_attrs(const VTermScreenCellAttrs *a)
{
	return (uint8_t)((a->bold ? TA_BOLD : 0) | (a->underline ? TA_UNDER : 0) |
	    (a->italic ? TA_ITALIC : 0) | (a->blink ? TA_BLINK : 0) | (a->reverse ? TA_REVERSE : 0) |
	    (a->strike ? TA_STRIKE : 0));
}

void
term_sb_push(struct term *t, struct term_line *l)
{
	if (t->sb_len == t->sb_cap) {   /* full: drop the oldest */
		free(t->sb[t->sb_head]);
		t->sb[t->sb_head] = l;
		t->sb_head = (t->sb_head + 1) % t->sb_cap;
		if (t->match_line >= 0)
			t->match_line--;
	} else {
		t->sb[(t->sb_head + t->sb_len) % t->sb_cap] = l;
		t->sb_len++;
		if (t->sb_off > 0 && t->sb_off < (int)t->sb_len)
			t->sb_off++;   /* keep the view still while output goes on */
	}
}

static int
term_cb_sb_pushline(int cols, const VTermScreenCell *cells, void *user)
{
	struct term *t = user;
	if (t->sb_cap == 0)
		return 1;
	int len = cols;
	while (len > 0 && cells[len - 1].chars[0] == 0 && VTERM_COLOR_IS_DEFAULT_BG(&cells[len - 1].bg) &&
	    !cells[len - 1].attrs.reverse)
		len--;
	struct term_line *l = xmalloc(sizeof(*l) + (size_t)len * sizeof(struct term_cell));
	l->len = (uint16_t)len;
	for (int i = 0; i < len; i++) {
		l->cells[i].ch = cells[i].chars[0];
		l->cells[i].width = (uint8_t)cells[i].width;
		l->cells[i].attrs = term_pack_attrs(&cells[i].attrs);
		l->cells[i].fg = cells[i].fg;
		l->cells[i].bg = cells[i].bg;
	}
	term_sb_push(t, l);
	return 1;
}

static int
term_cb_sb_popline(int cols, VTermScreenCell *cells, void *user)
{
	struct term *t = user;
	if (t->sb_len == 0)
		return 0;
	size_t i = (t->sb_head + t->sb_len - 1) % t->sb_cap;
	struct term_line *l = t->sb[i];
	t->sb[i] = NULL;
	t->sb_len--;
	for (int c = 0; c < cols; c++) {
		memset(&cells[c], 0, sizeof(cells[c]));
		if (c < l->len) {
			cells[c].chars[0] = l->cells[c].ch;
			cells[c].width = (char)l->cells[c].width;
			cells[c].attrs.bold = !!(l->cells[c].attrs & TA_BOLD);
			cells[c].attrs.underline = !!(l->cells[c].attrs & TA_UNDER);
			cells[c].attrs.italic = !!(l->cells[c].attrs & TA_ITALIC);
			cells[c].attrs.blink = !!(l->cells[c].attrs & TA_BLINK);
			cells[c].attrs.reverse = !!(l->cells[c].attrs & TA_REVERSE);
			cells[c].attrs.strike = !!(l->cells[c].attrs & TA_STRIKE);
			cells[c].fg = l->cells[c].fg;
			cells[c].bg = l->cells[c].bg;
		} else {
			cells[c].width = 1;
			vterm_state_get_default_colors(t->state, &cells[c].fg, &cells[c].bg);
		}
	}
	free(l);
	return 1;
}

static const VTermScreenCallbacks term_screen_cbs = {
	.damage = term_cb_damage,
	.moverect = term_cb_moverect,
	.movecursor = term_cb_movecursor,
	.settermprop = term_cb_settermprop,
	.bell = term_cb_bell,
	.sb_pushline = term_cb_sb_pushline,
	.sb_popline = term_cb_sb_popline,
};

/* OSC 52 (clipboard) is not vterm's business: hand it to the owner. */
static int
term_cb_osc(const char *command, size_t len, void *user)
{
	struct term *t = user;
	if (len >= 3 && strncmp(command, "52;", 3) == 0 && t->cbs.clipboard != NULL) {
		const char *p = memchr(command + 3, ';', len - 3);
		if (p != NULL) {
			p++;
			t->cbs.clipboard(p, len - (size_t)(p - command), t->arg);
		}
		return 1;
	}
	return 0;
}

static const VTermParserCallbacks term_fallbacks = { .osc = term_cb_osc };

static void
term_cb_output(const char *s, size_t len, void *user)
{
	struct term *t = user;
	if (t->cbs.output != NULL)
		t->cbs.output(s, len, t->arg);
}

struct term *
term_new(int rows, int cols, size_t scrollback, const struct term_cbs *cbs, void *arg)
{
	struct term *t = xcalloc(1, sizeof(*t));
	t->cbs = *cbs;
	t->arg = arg;
	t->rows = rows > 0 ? rows : 1;
	t->cols = cols > 0 ? cols : 1;
	t->sb_cap = scrollback ? scrollback : 10000;
	t->sb = xcalloc(t->sb_cap, sizeof(*t->sb));
	t->match_line = -1;
	t->cursor_visible = 1;
	t->nojump = getenv("KDECK_TERM_NO_JUMP") != NULL;   /* tests compare with and without */
	t->vt = vterm_new(t->rows, t->cols);
	vterm_set_utf8(t->vt, 1);
	vterm_output_set_callback(t->vt, term_cb_output, t);
	t->vs = vterm_obtain_screen(t->vt);
	t->state = vterm_obtain_state(t->vt);
	vterm_screen_set_callbacks(t->vs, &term_screen_cbs, t);
	vterm_screen_set_unrecognised_fallbacks(t->vs, &term_fallbacks, t);
	vterm_screen_enable_altscreen(t->vs, 1);
	vterm_screen_set_damage_merge(t->vs, VTERM_DAMAGE_SCROLL);
	vterm_screen_reset(t->vs, 1);
	t->inv_top = 0;
	t->inv_bot = t->rows;
	return t;
}

void
term_free(struct term **tp)
{
	struct term *t = *tp;
	if (t == NULL)
		return;
	*tp = NULL;
	vterm_free(t->vt);
	free(t->pend.s);
	for (size_t i = 0; i < t->sb_len; i++)
		free(t->sb[(t->sb_head + i) % t->sb_cap]);
	free(t->sb);
	free(t);
}

void
term_resize(struct term *t, int rows, int cols)
{
	term_flush(t);
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	if (rows == t->rows && cols == t->cols)
		return;
	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	vterm_screen_flush_damage(t->vs);
	t->match_line = -1;
	term_invalidate_all(t);
}

void
term_size(const struct term *t, int *rows, int *cols)
{
	*rows = t->rows;
	*cols = t->cols;
}

void
term_key(struct term *t, uint32_t ch, int fn)
{
	if (!fn) {
		vterm_keyboard_unichar(t->vt, ch, VTERM_MOD_NONE);
		return;
	}
	VTermKey k = VTERM_KEY_NONE;
	VTermModifier m = VTERM_MOD_NONE;
	switch (ch) {
	case KEY_UP: k = VTERM_KEY_UP; break;
	case KEY_DOWN: k = VTERM_KEY_DOWN; break;
	case KEY_LEFT: k = VTERM_KEY_LEFT; break;
	case KEY_RIGHT: k = VTERM_KEY_RIGHT; break;
	case KEY_SR: k = VTERM_KEY_UP; m = VTERM_MOD_SHIFT; break;
	case KEY_SF: k = VTERM_KEY_DOWN; m = VTERM_MOD_SHIFT; break;
	case KEY_SLEFT: k = VTERM_KEY_LEFT; m = VTERM_MOD_SHIFT; break;
	case KEY_SRIGHT: k = VTERM_KEY_RIGHT; m = VTERM_MOD_SHIFT; break;
	case KEY_HOME: k = VTERM_KEY_HOME; break;
	case KEY_END: k = VTERM_KEY_END; break;
	case KEY_PPAGE: k = VTERM_KEY_PAGEUP; break;
	case KEY_NPAGE: k = VTERM_KEY_PAGEDOWN; break;
	case KEY_IC: k = VTERM_KEY_INS; break;
	case KEY_DC: k = VTERM_KEY_DEL; break;
	case KEY_BACKSPACE: k = VTERM_KEY_BACKSPACE; break;
	case KEY_ENTER: k = VTERM_KEY_ENTER; break;
	case KEY_BTAB: k = VTERM_KEY_TAB; m = VTERM_MOD_SHIFT; break;
	default:
		if (ch >= (uint32_t)KEY_F(1) && ch <= (uint32_t)KEY_F(12))
			k = VTERM_KEY_FUNCTION(ch - KEY_F0);
		break;
	}
	if (k != VTERM_KEY_NONE)
		vterm_keyboard_key(t->vt, k, m);
}

void
term_paste_begin(struct term *t)
{
	vterm_keyboard_start_paste(t->vt);
}

void
term_paste_end(struct term *t)
{
	vterm_keyboard_end_paste(t->vt);
}

/* ---- colours: what vterm asks for, in what the outer terminal has ---- */

static const uint8_t term_ansi16[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 }, { 0, 0, 238 }, { 205, 0, 205 },
	{ 0, 205, 205 }, { 229, 229, 229 }, { 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 },
	{ 255, 255, 0 }, { 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

static int
term_dist(int r1, int g1, int b1, int r2, int g2, int b2)
{
	return (r1 - r2) * (r1 - r2) * 3 + (g1 - g2) * (g1 - g2) * 4 + (b1 - b2) * (b1 - b2) * 2;
}

/* The nearest of the xterm 256 palette (cube or grey ramp). */
static int
term_rgb_to_256(int r, int g, int b)
{
	static const int steps[6] = { 0, 95, 135, 175, 215, 255 };
	int ci[3], v[3] = { r, g, b };
	for (int k = 0; k < 3; k++) {
		int best = 0;
		for (int i = 1; i < 6; i++)
			if (abs(steps[i] - v[k]) < abs(steps[best] - v[k]))
				best = i;
		ci[k] = best;
	}
	int cube = 16 + ci[0] * 36 + ci[1] * 6 + ci[2];
	int cd = term_dist(r, g, b, steps[ci[0]], steps[ci[1]], steps[ci[2]]);
	int grey = (r + g + b) / 3;
	int gi = grey < 8 ? 0 : grey > 238 ? 23 : (grey - 8) / 10;
	int gv = 8 + gi * 10;
	int gd = term_dist(r, g, b, gv, gv, gv);
	return gd < cd ? 232 + gi : cube;
}

static int
term_rgb_to_n(int r, int g, int b, int n)
{
	int best = 0, bd = 1 << 30;
	for (int i = 0; i < n; i++) {
		int d = term_dist(r, g, b, term_ansi16[i][0], term_ansi16[i][1], term_ansi16[i][2]);
		if (d < bd) {
			bd = d;
			best = i;
		}
	}
	return best;
}

static int
term_colour(struct term *t, VTermColor c, int fg, int ncolors)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(&c) : VTERM_COLOR_IS_DEFAULT_BG(&c))
		return -1;
	if (VTERM_COLOR_IS_INDEXED(&c)) {
		int idx = c.indexed.idx;
		if (idx < ncolors)
			return idx;
		if (idx < 16)
			return idx & 7;
	}
	vterm_screen_convert_color_to_rgb(t->vs, &c);
	if (ncolors >= 256)
		return term_rgb_to_256(c.rgb.red, c.rgb.green, c.rgb.blue);
	return term_rgb_to_n(c.rgb.red, c.rgb.green, c.rgb.blue, ncolors >= 16 ? 16 : 8);
}

/* Puts one cell on screen. */
static void
term_put(struct term *t, int y, int x, const uint32_t *chars, int nchars, uint8_t attrs,
    VTermColor fg, VTermColor bg, int highlight, int ncolors)
{
	wchar_t wc[VTERM_MAX_CHARS_PER_CELL + 1];
	int n = 0;
	for (int i = 0; i < nchars && i < VTERM_MAX_CHARS_PER_CELL && chars[i] != 0; i++)
		wc[n++] = (wchar_t)chars[i];
	if (n == 0 || wc[0] < 32 || wc[0] == 127)
		wc[(n = 1) - 1] = L' ';
	if (!screen_utf8() && wc[0] > 126) {   /* a non-UTF-8 terminal: a placeholder */
		wc[0] = L'?';
		n = 1;
	}
	wc[n] = L'\0';
	attr_t a = A_NORMAL;
	if (attrs & TA_BOLD)
		a |= A_BOLD;
	if (attrs & TA_UNDER)
		a |= A_UNDERLINE;
	if (attrs & TA_ITALIC)
		a |= A_ITALIC;
	if (attrs & TA_BLINK)
		a |= A_BLINK;
	if (((attrs & TA_REVERSE) != 0) != (highlight != 0))
		a |= A_REVERSE;
	int pair = 0;
	if (ncolors > 0) {
		int f = term_colour(t, fg, 1, ncolors), b = term_colour(t, bg, 0, ncolors);
		if (f != -1 || b != -1) {
			pair = alloc_pair(f, b);
			if (pair < 0)
				pair = 0;
		}
	}
	cchar_t cc;
	setcchar(&cc, wc, a, 0, &pair);
	mvadd_wch(y, x, &cc);
}

const struct term_line *
term_sb_line(const struct term *t, size_t i)
{
	return t->sb[(t->sb_head + i) % t->sb_cap];
}

static void
term_draw_row(struct term *t, int row, int y, int x, int ncolors)
{
	long abs_line = (long)t->sb_len - t->sb_off + row;
	int hl_from = -1, hl_to = -1;
	if (t->match_line >= 0 && abs_line == t->match_line) {
		hl_from = t->match_col;
		hl_to = t->match_col + t->match_len;
	}
	if (abs_line < (long)t->sb_len) {
		const struct term_line *l = term_sb_line(t, (size_t)abs_line);
		VTermColor dfg, dbg;
		vterm_state_get_default_colors(t->state, &dfg, &dbg);
		dfg.type |= VTERM_COLOR_DEFAULT_FG;
		dbg.type |= VTERM_COLOR_DEFAULT_BG;
		for (int c = 0; c < t->cols;) {
			if (c < l->len) {
				const struct term_cell *cell = &l->cells[c];
				if (cell->ch == (uint32_t)-1) {
					c++;
					continue;
				}
				term_put(t, y, x + c, &cell->ch, 1, cell->attrs, cell->fg, cell->bg,
				    c >= hl_from && c < hl_to, ncolors);
				c += cell->width > 0 ? cell->width : 1;
			} else {
				uint32_t sp = ' ';
				term_put(t, y, x + c, &sp, 1, 0, dfg, dbg, 0, ncolors);
				c++;
			}
		}
		return;
	}
	int srow = (int)(abs_line - (long)t->sb_len);
	for (int c = 0; c < t->cols;) {
		VTermScreenCell cell;
		VTermPos pos = { srow, c };
		if (!vterm_screen_get_cell(t->vs, pos, &cell)) {
			c++;
			continue;
		}
		if (cell.chars[0] == (uint32_t)-1) {   /* the right half of a wide character */
			c++;
			continue;
		}
		term_put(t, y, x + c, cell.chars, VTERM_MAX_CHARS_PER_CELL, term_pack_attrs(&cell.attrs),
		    cell.fg, cell.bg, c >= hl_from && c < hl_to, ncolors);
		c += cell.width > 0 ? cell.width : 1;
	}
}

int
term_draw(struct term *t, int y, int x, int full)
{
	term_flush(t);
	int top = full ? 0 : t->inv_top, bot = full ? t->rows : t->inv_bot;
	if (top < 0)
		top = 0;
	if (bot > t->rows)
		bot = t->rows;
	int ncolors = screen_colors();
	for (int r = top; r < bot; r++)
		term_draw_row(t, r, y + r, x, ncolors);
	t->inv_top = t->rows;
	t->inv_bot = 0;
	if (t->sb_off == 0 && t->cursor_visible) {
		move(y + t->cursor.row, x + t->cursor.col);
		return 1;
	}
	return 0;
}

int
term_dirty(const struct term *t)
{
	return t->inv_top < t->inv_bot || t->pend.len > 0;
}

const char *
term_title(const struct term *t)
{
	return t->title;
}

int
term_altscreen(const struct term *t)
{
	return t->alt;
}
