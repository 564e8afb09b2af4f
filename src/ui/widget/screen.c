#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "ui/widget/screen.h"
#include "ui/widget/theme_palette.h"

static struct {
	int open;
	int colors;            /* 0, 8, 16, 256 */
	int utf8;
	attr_t attr[THEME_COUNT];
	attr_t source[THEME_PALETTE_MAX];   /* streams' colours: pairs after the elements' */
	int nsource;
} scr;

static const char *const glyph_utf8[GLYPH_COUNT] = {
	"│", "─", "↑", "↓", "›", "✓", "…", "⠋",
};
static const char *const glyph_ascii[GLYPH_COUNT] = {
	"|", "-", "^", "v", ">", "*", "~", "*",
};

static attr_t
screen_attr_bits(unsigned a)
{
	attr_t r = A_NORMAL;
	if (a & THEME_BOLD) r |= A_BOLD;
	if (a & THEME_DIM) r |= A_DIM;
	if (a & THEME_UNDERLINE) r |= A_UNDERLINE;
	if (a & THEME_REVERSE) r |= A_REVERSE;
#ifdef A_ITALIC
	if (a & THEME_ITALIC) r |= A_ITALIC;
#endif
	return r;
}

void
screen_set_theme(const struct theme *t, const char *theme_name)
{
	int tc = has_colors() ? COLORS : 0;

	scr.colors = theme_colors_for(theme_name, tc);
	if (scr.colors > 0 && scr.colors < 16)
		scr.colors = 8;
	else if (scr.colors > 16 && scr.colors < 256)
		scr.colors = 16;
	else if (scr.colors > 256)
		scr.colors = 256;
	for (int el = 0; el < THEME_COUNT; el++) {
		struct theme_resolved r = theme_resolve(t, el, scr.colors);
		scr.attr[el] = screen_attr_bits(r.attr);
		if (scr.colors > 0 && el + 1 < COLOR_PAIRS) {
			init_pair((short)(el + 1), r.fg, r.bg);
			scr.attr[el] |= COLOR_PAIR(el + 1);
		}
	}
	struct theme_palette pal;
	theme_palette_build(t, scr.colors, &pal);
	scr.nsource = 0;
	for (int i = 0; i < pal.n; i++) {
		short pair = (short)(THEME_COUNT + 1 + i);
		attr_t a = screen_attr_bits(pal.c[i].attr);
		if (pal.c[i].fg >= 0) {
			if (pair >= COLOR_PAIRS)
				break;   /* as many as the terminal has pairs for */
			init_pair(pair, pal.c[i].fg, pal.c[i].bg);
			a |= COLOR_PAIR(pair);
		} else if (scr.colors > 0) {
			a |= scr.attr[THEME_DEFAULT] & A_COLOR;
		}
		scr.source[scr.nsource++] = a;
	}
	if (scr.nsource == 0)
		scr.source[scr.nsource++] = scr.attr[THEME_DEFAULT] | A_BOLD;
	/* always, mono too: a background left from the theme before would stay painted
	 * under every blank cell; bkgd also changes the cells already on screen */
	bkgd(scr.attr[THEME_DEFAULT] | ' ');
}

int
screen_open(const struct theme *t, const char *theme_name)
{
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	scr.utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	if (getenv("KDECK_ASCII") != NULL)
		scr.utf8 = 0;
	/* Esc must feel instant; sequences from a terminal arrive together anyway */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if (initscr() == NULL)
		return -1;
	scr.open = 1;
	raw();          /* Ctrl-C and Ctrl-Z come as keys: kdeck decides (confirm, suspend) */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	screen_set_theme(t, theme_name);
	return 0;
}

void
screen_close(void)
{
	if (!scr.open)
		return;
	curs_set(1);
	endwin();
	scr.open = 0;
}

void
screen_suspend(void)
{
	if (scr.open)
		endwin();
}

void
screen_resume(void)
{
	if (!scr.open)
		return;
	/* the terminal may have changed size or been drawn over while stopped; a resize seen
	 * by the shell while kdeck was stopped sent no SIGWINCH to kdeck */
	struct winsize ws;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resize_term(ws.ws_row, ws.ws_col);
	refresh();
	clearok(curscr, TRUE);
}

void
screen_stop(void)
{
	struct sigaction dfl, old;

	screen_suspend();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);   /* stops here until continued */
	sigaction(SIGTSTP, &old, NULL);
	screen_resume();
}

int screen_colors(void) { return scr.colors; }
int screen_utf8(void) { return scr.utf8; }
void screen_set_ascii(int ascii) { if (ascii) scr.utf8 = 0; }

attr_t
screen_attr(enum theme_el el)
{
	return scr.attr[(unsigned)el < THEME_COUNT ? el : THEME_ROW];
}

attr_t
screen_source_attr(size_t index)
{
	return scr.nsource > 0 ? scr.source[index % (size_t)scr.nsource] : A_BOLD;
}

const char *
screen_glyph(enum glyph g)
{
	return scr.utf8 ? glyph_utf8[g] : glyph_ascii[g];
}

/* Length of the UTF-8 sequence a lead byte starts (1 for a stray or ASCII byte). */
static int
screen_utf8_len(unsigned char c)
{
	return c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

int
screen_decode(const char *s, size_t left, wchar_t *wc, int *w)
{
	mbstate_t st;
	size_t n;

	if (left == 0)
		left = 1;
	if (!scr.utf8 && (unsigned char)*s >= 0x80) {
		/* text from a cluster is UTF-8 whatever the locale: one placeholder a character */
		int len = screen_utf8_len((unsigned char)*s), k = 1;
		while (k < len && (size_t)k < left && ((unsigned char)s[k] & 0xc0) == 0x80)
			k++;
		*wc = L'?';
		*w = 1;
		return k;
	}
	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, left < (size_t)MB_CUR_MAX ? left : (size_t)MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*w = 1;
		return 1;
	}
	*w = wcwidth(*wc);
	if (*w < 0) {
		*wc = L'?';
		*w = 1;
	}
	return (int)n;
}

/* Decodes one character of the NUL-terminated s. */
static int
screen_char(const char *s, wchar_t *wc, int *w)
{
	size_t left = 0;
	while (left < 4 && s[left] != '\0')
		left++;
	return screen_decode(s, left, wc, w);
}

int
screen_width(const char *s)
{
	int total = 0, w;
	wchar_t wc;

	while (*s) {
		s += screen_char(s, &wc, &w);
		total += w;
	}
	return total;
}

int
screen_put(int y, int x, int maxw, const char *s, attr_t attr, int ellipsis)
{
	int used = 0, w, n;
	wchar_t wc;
	cchar_t cc;
	const char *ell = screen_glyph(GLYPH_ELLIPSIS);

	if (maxw <= 0 || s == NULL)
		return 0;
	int full = screen_width(s);
	int room = (ellipsis && full > maxw) ? maxw - 1 : maxw;
	wmove(stdscr, y, x);
	while (*s) {
		n = screen_char(s, &wc, &w);
		if (used + w > room)
			break;
		if (wc < L' ' || wc == 0x7f)
			wc = L'?';
		wchar_t str[2] = { wc, 0 };
		setcchar(&cc, str, attr, PAIR_NUMBER(attr), NULL);
		wadd_wch(stdscr, &cc);
		used += w;
		s += n;
	}
	if (ellipsis && full > maxw && used < maxw) {
		attron(attr);
		mvaddstr(y, x + used, ell);
		attroff(attr);
		used++;
	}
	return used;
}

int
screen_put_middle(int y, int x, int maxw, const char *s, attr_t attr)
{
	int full, w, tw, cum = 0;
	wchar_t wc;

	if (maxw <= 0 || s == NULL)
		return 0;
	full = screen_width(s);
	if (full <= maxw || maxw < 5)
		return screen_put(y, x, maxw, s, attr, 1);
	/* the tail: a generated suffix ("-x7k2q") when it is short, else half the room */
	tw = (maxw - 1) / 2;
	const char *dash = strrchr(s, '-');
	if (dash != NULL && dash > s && screen_width(dash) <= tw)
		tw = screen_width(dash);
	const char *tail = s;
	while (*tail && full - cum > tw) {
		tail += screen_char(tail, &wc, &w);
		cum += w;
	}
	int hw = maxw - 1 - (full - cum);
	int used = screen_put(y, x, hw, s, attr, 0);
	attron(attr);
	mvaddstr(y, x + used, screen_glyph(GLYPH_ELLIPSIS));
	attroff(attr);
	used++;
	return used + screen_put(y, x + used, maxw - used, tail, attr, 0);
}

void
screen_fill(int y, int x, int w, attr_t attr)
{
	if (w <= 0)
		return;
	mvhline(y, x, ' ' | attr, w);
}

void
screen_layout(struct screen_layout *l)
{
	getmaxyx(stdscr, l->rows, l->cols);
	l->header = 0;
	l->crumbs = 2;
	l->main_top = 3;
	l->flash = l->rows - 2;
	l->hints = l->rows - 1;
	l->main_rows = l->flash - l->main_top;
	if (l->main_rows < 1)
		l->main_rows = 1;
}

/* "Key: value" pairs across a header row; returns the column after. */
static int
screen_header_pair(int y, int x, int maxx, const char *key, const char *val, int prod)
{
	enum theme_el el = prod ? THEME_HEADER_PRODUCTION : THEME_HEADER;
	if (val == NULL || *val == '\0' || x >= maxx)
		return x;
	x += screen_put(y, x, maxx - x, key, screen_attr(prod ? el : THEME_HEADER_KEY), 0);
	x += screen_put(y, x, maxx - x, " ", screen_attr(el), 0);
	x += screen_put(y, x, maxx - x, val, screen_attr(el), 1);
	x += screen_put(y, x, maxx - x, "   ", screen_attr(el), 0);
	return x;
}

void
screen_draw_header(const struct screen_header *h)
{
	struct screen_layout l;
	int x, p = h->production;
	enum theme_el el = p ? THEME_HEADER_PRODUCTION : THEME_HEADER;

	screen_layout(&l);
	screen_fill(0, 0, l.cols, screen_attr(el));
	screen_fill(1, 0, l.cols, screen_attr(el));
	x = screen_put(0, 0, l.cols, "kdeck ", screen_attr(THEME_LOGO), 0);
	/* said in words too: colour alone is lost on a mono terminal and in a screenshot */
	if (p)
		x += screen_put(0, x, l.cols - x, " PRODUCTION ", screen_attr(el), 0) + 1;
	x = screen_header_pair(0, x + 1, l.cols, "Context:", h->context, p);
	x = screen_header_pair(0, x, l.cols, "Cluster:", h->cluster, p);
	x = screen_header_pair(0, x, l.cols, "User:", h->user, p);
	if (h->readonly)
		screen_put(0, x, l.cols - x, "[readonly]", screen_attr(p ? el : THEME_WARNING), 0);
	x = screen_header_pair(1, 0, l.cols, "K8s:", h->version ? h->version : "?", p);
	x = screen_header_pair(1, x, l.cols, "Namespace:", h->namespace, p);
	x = screen_header_pair(1, x, l.cols, "CPU:", h->cpu, p);
	x = screen_header_pair(1, x, l.cols, "MEM:", h->mem, p);
	if (h->state != NULL && *h->state)
		screen_put(1, x, l.cols - x, h->state, screen_attr(p ? el : THEME_WARNING), 1);
}

void
screen_draw_crumbs(const char *const *crumbs, int n)
{
	struct screen_layout l;
	int x = 0;

	screen_layout(&l);
	screen_fill(l.crumbs, 0, l.cols, screen_attr(THEME_DEFAULT));
	for (int i = 0; i < n && x < l.cols; i++) {
		enum theme_el el = i == n - 1 ? THEME_CRUMB_ACTIVE : THEME_CRUMB;
		x += screen_put(l.crumbs, x, l.cols - x, " ", screen_attr(el), 0);
		x += screen_put(l.crumbs, x, l.cols - x - 1, crumbs[i], screen_attr(el), 1);
		x += screen_put(l.crumbs, x, l.cols - x, " ", screen_attr(el), 0);
		x += 1;
	}
}

void
screen_draw_flash(const char *msg, int error)
{
	struct screen_layout l;

	screen_layout(&l);
	screen_fill(l.flash, 0, l.cols, screen_attr(THEME_DEFAULT));
	if (msg != NULL)
		screen_put(l.flash, 0, l.cols, msg, screen_attr(error ? THEME_FLASH_ERROR : THEME_FLASH), 1);
}

static int
screen_hint_width(const struct screen_hint *h)
{
	return screen_width(h->key) + screen_width(h->word) + 3;
}

void
screen_draw_hints(const struct screen_hint *h, int n)
{
	struct screen_layout l;
	int x = 0, total = 0;
	char shown[n > 0 ? n : 1];

	screen_layout(&l);
	screen_fill(l.hints, 0, l.cols, screen_attr(THEME_HINT));
	for (int i = 0; i < n; i++) {
		shown[i] = 1;
		total += screen_hint_width(&h[i]);
	}
	/* short of room: the least important (the last) give way, help and quit stay */
	for (int i = n - 1; i >= 0 && total - 1 > l.cols; i--)
		if (!h[i].keep) {
			shown[i] = 0;
			total -= screen_hint_width(&h[i]);
		}
	for (int i = 0; i < n && x < l.cols; i++) {
		int w = screen_hint_width(&h[i]);
		if (!shown[i])
			continue;
		if (x + w - 1 > l.cols)
			break;
		x += screen_put(l.hints, x, l.cols - x, "<", screen_attr(h[i].disabled ? THEME_HINT_DISABLED : THEME_HINT), 0);
		x += screen_put(l.hints, x, l.cols - x, h[i].key,
		    screen_attr(h[i].disabled ? THEME_HINT_DISABLED : THEME_HINT_KEY), 0);
		x += screen_put(l.hints, x, l.cols - x, ">", screen_attr(h[i].disabled ? THEME_HINT_DISABLED : THEME_HINT), 0);
		x += screen_put(l.hints, x, l.cols - x, h[i].word,
		    screen_attr(h[i].disabled ? THEME_HINT_DISABLED : THEME_HINT), 0);
		x += 1;
	}
}
