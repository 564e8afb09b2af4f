/* The output of a libvterm pane: what the program writes, given to vterm, with a jump
 * scroll for floods of plain lines; see term.h.
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
#include <stdlib.h>
#include <string.h>
#include <vterm.h>

#include "ui/widget/term_priv.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

enum { TS_GROUND, TS_ESC, TS_CSI, TS_G0, TS_GX, TS_STR, TS_STR_ESC };

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
void
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
