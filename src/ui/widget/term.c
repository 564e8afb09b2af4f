/* The libvterm pane; see term.h. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>
#include <wchar.h>

#include "ui/widget/screen.h"
#include "ui/widget/term.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* A scrollback cell: a fifth of a VTermScreenCell (combining characters past the first
 * are dropped once a line leaves the screen). */
struct term_cell {
	uint32_t ch;
	uint8_t width, attrs;
	VTermColor fg, bg;
};

enum { TA_BOLD = 1, TA_UNDER = 2, TA_ITALIC = 4, TA_BLINK = 8, TA_REVERSE = 16, TA_STRIKE = 32 };

struct term_line {
	uint16_t len;
	struct term_cell cells[];
};

struct term {
	VTerm *vt;
	VTermScreen *vs;
	VTermState *state;
	struct term_cbs cbs;
	void *arg;
	int rows, cols;
	int inv_top, inv_bot;        /* rows to redraw: [inv_top, inv_bot) */
	VTermPos cursor;
	int cursor_visible, alt;
	char title[256];
	struct term_line **sb;       /* ring of scrollback lines, oldest at sb_head */
	size_t sb_cap, sb_len, sb_head;
	int sb_off;                  /* lines scrolled back */
	/* search: the match, as an absolute line (scrollback index, then screen rows) */
	long match_line;
	int match_col, match_len;
	/* what the input set that the fast path for plain lines must know (term_scan) */
	int esc;                     /* TS_* */
	int csi_len, region, lrmode, g0, shifted, nojump;
	int bol;                     /* the last input ended a line */
	struct sbuf pend;            /* plain output not given to vterm yet (term_flush) */
	char csi[16];
};

enum { TS_GROUND, TS_ESC, TS_CSI, TS_G0, TS_GX, TS_STR, TS_STR_ESC };

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

static void
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

static void
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

/* ---- output: libvterm, with a jump scroll for floods of plain lines ----
 *
 * libvterm moves the whole screen buffer for every line that scrolls, which bounds a
 * `cat` of a big file at some 20 MB/s for a 40-row pane. A run of K plain lines (printable
 * ASCII, no wider than the pane, each ended by CR LF) written at the bottom row of a full
 * screen scroll region with the default pen has a known outcome: the screen's rows, then
 * the first K - (rows - 1) lines go to the scrollback, and the last rows - 1 lines stay on
 * screen. So vterm is given the first rows - 1 lines (which push the screen's rows), then
 * the last rows - 1 (which push those first ones), and the lines between go straight to the
 * scrollback: 2 (rows - 1) scrolls instead of K, the same screen and the same scrollback.
 * term_scan follows what the input sets that would make the outcome different: a scroll
 * region or left/right margins, another character set in G0, a shift to G1. */

static void
term_scan_csi(struct term *t, unsigned char final)
{
	t->csi[t->csi_len < (int)sizeof(t->csi) ? t->csi_len : (int)sizeof(t->csi) - 1] = '\0';
	if (final == 'r' && t->csi[0] != '?')
		t->region = t->csi[0] != '\0';   /* DECSTBM; without parameters: the whole screen */
	else if ((final == 'h' || final == 'l') && t->csi[0] == '?' && strstr(t->csi, "69") != NULL)
		t->lrmode = final == 'h';        /* DECLRMM (conservatively: any list naming 69) */
	else if (final == 'p' && strchr(t->csi, '!') != NULL)
		t->region = 0;                   /* DECSTR */
}

/* Follows one byte of input; returns 1 when the byte is plain text outside any sequence. */
static int
term_scan(struct term *t, unsigned char c)
{
	switch (t->esc) {
	case TS_GROUND:
		if (c == 0x1b)
			t->esc = TS_ESC;
		else if (c == 0x0e)
			t->shifted = 1;
		else if (c == 0x0f)
			t->shifted = 0;
		else if (c == 0x9b) {   /* an 8-bit CSI (vterm takes it in UTF-8 mode as a code point; be safe) */
			t->esc = TS_CSI;
			t->csi_len = 0;
		}
		return c >= 0x20 && c < 0x7f;
	case TS_ESC:
		if (c == '[') {
			t->esc = TS_CSI;
			t->csi_len = 0;
		} else if (c == '(') {
			t->esc = TS_G0;
		} else if (c == ')' || c == '*' || c == '+' || c == '-' || c == '.' || c == '/') {
			t->esc = TS_GX;
		} else if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
			t->esc = TS_STR;
		} else if (c == 0x1b) {
			t->esc = TS_ESC;
		} else {
			if (c == 'c')   /* RIS */
				t->region = t->lrmode = t->g0 = t->shifted = 0;
			t->esc = TS_GROUND;
		}
		return 0;
	case TS_CSI:
		if (c >= 0x40 && c <= 0x7e) {
			term_scan_csi(t, c);
			t->esc = TS_GROUND;
		} else if (c == 0x1b) {
			t->esc = TS_ESC;
		} else if (c >= 0x20) {
			if (t->csi_len < (int)sizeof(t->csi) - 1)
				t->csi[t->csi_len++] = (char)c;
			else
				t->csi_len = (int)sizeof(t->csi);   /* too long to read: treat as parameters */
		}
		return 0;
	case TS_G0:
		t->g0 = c != 'B';
		t->esc = TS_GROUND;
		return 0;
	case TS_GX:
		t->esc = TS_GROUND;
		return 0;
	case TS_STR:
		if (c == 0x07)
			t->esc = TS_GROUND;
		else if (c == 0x1b)
			t->esc = TS_STR_ESC;
		return 0;
	default:   /* TS_STR_ESC */
		t->esc = c == '\\' ? TS_GROUND : c == 0x1b ? TS_STR_ESC : TS_STR;
		return 0;
	}
}

static void
term_feed(struct term *t, const char *buf, size_t len)
{
	if (len > 0)
		vterm_input_write(t->vt, buf, len);
}

/* Whether vterm is where the jump scroll may start: the cursor at the start of a blank
 * bottom row, the default pen, the primary screen. */
static int
term_jump_ready(struct term *t)
{
	if (t->alt || t->nojump)
		return 0;
	VTermPos pos;
	vterm_state_get_cursorpos(t->state, &pos);
	if (pos.row != t->rows - 1 || pos.col != 0)
		return 0;
	static const VTermAttr flags[] = { VTERM_ATTR_BOLD, VTERM_ATTR_UNDERLINE, VTERM_ATTR_ITALIC,
		VTERM_ATTR_BLINK, VTERM_ATTR_REVERSE, VTERM_ATTR_STRIKE, VTERM_ATTR_FONT };
	VTermValue v;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		memset(&v, 0, sizeof(v));
		if (vterm_state_get_penattr(t->state, flags[i], &v) && v.number != 0)
			return 0;
	}
	if (!vterm_state_get_penattr(t->state, VTERM_ATTR_FOREGROUND, &v) || !VTERM_COLOR_IS_DEFAULT_FG(&v.color))
		return 0;
	if (!vterm_state_get_penattr(t->state, VTERM_ATTR_BACKGROUND, &v) || !VTERM_COLOR_IS_DEFAULT_BG(&v.color))
		return 0;
	for (int c = 0; c < t->cols; c++) {
		VTermScreenCell cell;
		VTermPos p = { t->rows - 1, c };
		if (!vterm_screen_get_cell(t->vs, p, &cell) || cell.chars[0] != 0 || cell.attrs.reverse ||
		    !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg))
			return 0;
	}
	return 1;
}

/* A plain line for the scrollback, as vterm would have pushed it. */
static void
term_sb_push_plain(struct term *t, const char *s, size_t n, VTermColor fg, VTermColor bg)
{
	struct term_line *l = xmalloc(sizeof(*l) + n * sizeof(struct term_cell));
	l->len = (uint16_t)n;
	for (size_t i = 0; i < n; i++) {
		l->cells[i].ch = (unsigned char)s[i];
		l->cells[i].width = 1;
		l->cells[i].attrs = 0;
		l->cells[i].fg = fg;
		l->cells[i].bg = bg;
	}
	term_sb_push(t, l);
}

/* buf[0, len) is k plain lines, each ended by CR LF, the first at the start of a blank
 * bottom row (term_jump_ready). */
static void
term_jump(struct term *t, const char *buf, size_t len, int k)
{
	int keep = t->rows - 1;
	/* the end of the first keep lines, the start of the last keep lines */
	size_t head = 0, tail = len;
	for (int i = 0; i < keep; i++)
		head = (size_t)((const char *)memchr(buf + head, '\n', len - head) - buf) + 1;
	for (int i = 0; i < keep; i++) {
		tail--;   /* past the line's own LF */
		while (tail > 0 && buf[tail - 1] != '\n')
			tail--;
	}
	(void)k;
	term_feed(t, buf, head);
	term_feed(t, buf + tail, len - tail);
	VTermColor fg, bg;
	vterm_state_get_default_colors(t->state, &fg, &bg);
	fg.type |= VTERM_COLOR_DEFAULT_FG;
	bg.type |= VTERM_COLOR_DEFAULT_BG;
	for (size_t p = head; p < tail;) {
		const char *nl = memchr(buf + p, '\n', tail - p);
		size_t e = (size_t)(nl - buf);
		term_sb_push_plain(t, buf + p, e - 1 - p, fg, bg);
		p = e + 1;
	}
}

/* Feeds buf from fed to seg, then the run of nseg plain lines from seg to end, by a jump
 * where vterm is ready for one. Returns end, what is fed now. */
static size_t
term_feed_run(struct term *t, const char *buf, size_t fed, size_t seg, size_t end, int nseg)
{
	term_feed(t, buf + fed, seg - fed);
	if (term_jump_ready(t))
		term_jump(t, buf + seg, end - seg, nseg);
	else
		term_feed(t, buf + seg, end - seg);
	return end;
}

static void
term_write_now(struct term *t, const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;
	size_t fed = 0;        /* given to vterm (or the jump) so far */
	size_t ls = 0;         /* the start of the current line */
	int lplain = t->esc == TS_GROUND;   /* the current line is plain so far */
	size_t seg = 0;        /* the start of the run of plain lines */
	int nseg = 0, seg_ok = 0;
	int want = 2 * (t->rows - 1) + 16;  /* a run worth jumping */
	for (size_t i = 0; i < len; i++) {
		int ground = t->esc == TS_GROUND;
		int plain = term_scan(t, u[i]);
		if (u[i] == '\n' && ground) {
			size_t w = i - ls;   /* the line with its CR */
			int ok = lplain && w >= 1 && u[i - 1] == '\r' && w - 1 <= (size_t)t->cols && (ls > 0 || t->bol);
			if (ok) {
				if (nseg == 0) {
					seg = ls;
					seg_ok = !t->region && !t->lrmode && !t->g0 && !t->shifted;
				}
				nseg++;
			} else {
				if (nseg >= want && seg_ok)
					fed = term_feed_run(t, buf, fed, seg, ls, nseg);
				nseg = 0;
			}
			ls = i + 1;
			lplain = t->esc == TS_GROUND;
			continue;
		}
		if (!plain && !(u[i] == '\r' && ground && i + 1 < len && u[i + 1] == '\n'))
			lplain = 0;   /* a CR only as the line's end */
	}
	if (nseg >= want && seg_ok)   /* the run ends with the last complete line */
		fed = term_feed_run(t, buf, fed, seg, ls, nseg);
	term_feed(t, buf + fed, len - fed);
	if (len > 0)
		t->bol = ls == len;
	vterm_screen_flush_damage(t->vs);
}

/* Gives vterm the plain output held back. */
static void
term_flush(struct term *t)
{
	if (t->pend.len == 0)
		return;
	size_t n = t->pend.len;
	t->pend.len = 0;
	term_write_now(t, t->pend.s, n);
}

/* Plain output (printable ASCII, CR, LF) outside any escape sequence is held back until
 * the pane is read (drawn, scrolled, searched, copied) or TERM_PEND_MAX bytes wait, so a
 * flood that arrives in small messages still reaches the jump scroll in big runs; anything
 * else (a key's echo among escapes, a query wanting a reply) goes to vterm at once. */
#define TERM_PEND_MAX (256u << 10)

void
term_write(struct term *t, const char *buf, size_t len)
{
	int plain = !t->nojump && !t->alt && t->esc == TS_GROUND && len > 0;
	for (size_t i = 0; plain && i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		plain = (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n';
	}
	if (!plain || t->pend.len + len > TERM_PEND_MAX) {
		term_flush(t);
		term_write_now(t, buf, len);
		return;
	}
	sbuf_add(&t->pend, buf, len);
	if (t->cbs.damage != NULL)
		t->cbs.damage(t->arg);
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

static const struct term_line *
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

void
term_scroll(struct term *t, int delta)
{
	term_flush(t);
	int off = t->sb_off + delta;
	if (off < 0)
		off = 0;
	if (off > (int)t->sb_len)
		off = (int)t->sb_len;
	if (off != t->sb_off) {
		t->sb_off = off;
		term_invalidate_all(t);
	}
	if (off == 0 && t->match_line >= 0) {
		t->match_line = -1;
		term_invalidate_all(t);
	}
}

int
term_scrolled(const struct term *t)
{
	return t->sb_off;
}

size_t
term_scrollback_lines(const struct term *t)
{
	return t->sb_len;
}

/* The code points of absolute line i (one per cell, wide right halves skipped), with
 * their columns. Returns the count. */
static int
term_line_chars(struct term *t, long i, uint32_t *out, int *col, int max)
{
	int n = 0;
	if (i < (long)t->sb_len) {
		const struct term_line *l = term_sb_line(t, (size_t)i);
		for (int c = 0; c < l->len && n < max; c++) {
			if (l->cells[c].ch == (uint32_t)-1)
				continue;
			col[n] = c;
			out[n++] = l->cells[c].ch ? l->cells[c].ch : ' ';
		}
		return n;
	}
	int row = (int)(i - (long)t->sb_len);
	for (int c = 0; c < t->cols && n < max; c++) {
		VTermScreenCell cell;
		VTermPos pos = { row, c };
		if (!vterm_screen_get_cell(t->vs, pos, &cell) || cell.chars[0] == (uint32_t)-1)
			continue;
		col[n] = c;
		out[n++] = cell.chars[0] ? cell.chars[0] : ' ';
	}
	return n;
}

/* UTF-8 to code points; returns the count. */
static int
term_decode(const char *s, uint32_t *out, int max)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	int n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < max) {
		uint32_t c = *p;
		int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (len > 1) {
			c &= 0xff >> (len + 1);
			for (int k = 1; k < len; k++) {
				if ((p[k] & 0xc0) != 0x80)
					return n;
				c = (c << 6) | (p[k] & 0x3f);
			}
		}
		out[n++] = c;
		p += len;
	}
	return n;
}

int
term_search(struct term *t, const char *text, int dir)
{
	term_flush(t);
	uint32_t q[256];
	int qn = term_decode(text, q, 256);
	if (qn == 0)
		return 0;
	long total = (long)t->sb_len + t->rows;
	long start = t->match_line >= 0 ? t->match_line + (dir < 0 ? -1 : 1)
	    : (dir < 0 ? total - 1 : (long)t->sb_len - t->sb_off);
	uint32_t *buf = xmalloc(sizeof(uint32_t) * (size_t)(t->cols + 1));
	int *col = xmalloc(sizeof(int) * (size_t)(t->cols + 1));
	int found = 0;
	for (long i = start; i >= 0 && i < total; i += dir < 0 ? -1 : 1) {
		int n = term_line_chars(t, i, buf, col, t->cols);
		for (int k = 0; k + qn <= n; k++) {
			if (memcmp(buf + k, q, sizeof(uint32_t) * (size_t)qn) == 0) {
				t->match_line = i;
				t->match_col = col[k];
				t->match_len = col[k + qn - 1] - col[k] + 1;
				found = 1;
				break;
			}
		}
		if (found)
			break;
	}
	free(buf);
	free(col);
	if (!found)
		return 0;
	/* scroll so the match is on screen, a third from the top when moving */
	long top = (long)t->sb_len - t->sb_off;
	if (t->match_line < top || t->match_line >= top + t->rows) {
		long want_top = t->match_line - t->rows / 3;
		if (want_top < 0)
			want_top = 0;
		if (want_top > (long)t->sb_len)
			want_top = (long)t->sb_len;
		t->sb_off = (int)((long)t->sb_len - want_top);
	}
	term_invalidate_all(t);
	return 1;
}

/* Appends code point c as UTF-8. */
static void
term_utf8(struct sbuf *b, uint32_t c)
{
	char u[4];
	size_t n = 0;
	if (c < 0x80) {
		u[n++] = (char)c;
	} else if (c < 0x800) {
		u[n++] = (char)(0xc0 | c >> 6);
		u[n++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		u[n++] = (char)(0xe0 | c >> 12);
		u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[n++] = (char)(0x80 | (c & 0x3f));
	} else {
		u[n++] = (char)(0xf0 | c >> 18);
		u[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[n++] = (char)(0x80 | (c & 0x3f));
	}
	sbuf_add(b, u, n);
}

static void
term_append_line(struct term *t, long i, struct sbuf *b)
{
	uint32_t *buf = xmalloc(sizeof(uint32_t) * (size_t)(t->cols + 1));
	int *col = xmalloc(sizeof(int) * (size_t)(t->cols + 1));
	int n = term_line_chars(t, i, buf, col, t->cols);
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	for (int k = 0; k < n; k++)
		term_utf8(b, buf[k]);
	term_utf8(b, '\n');
	free(buf);
	free(col);
}

/* Absolute lines top to top + n - 1 as text, a newline after each. */
static char *
term_lines_text(struct term *t, long top, int n)
{
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	for (int r = 0; r < n; r++)
		term_append_line(t, top + r, &b);
	return b.s;
}

char *
term_copy_text(struct term *t)
{
	term_flush(t);
	if (t->match_line >= 0)
		return term_lines_text(t, t->match_line, 1);
	return term_lines_text(t, (long)t->sb_len - t->sb_off, t->rows);
}

char *
term_screen_text(struct term *t)
{
	term_flush(t);
	return term_lines_text(t, (long)t->sb_len, t->rows);
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
