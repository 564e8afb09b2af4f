#include <string.h>

#include "ui/widget/theme_palette.h"

/* the cube's colours are added only when they read well and look clearly different */
#define PALETTE_CUBE_CONTRAST (350L * 350)
#define PALETTE_CUBE_APART (150L * 150)
#define PALETTE_CUBE_LIGHTNESS 80
/* below this spread between the strongest and weakest channel a colour reads as grey,
 * which is what timestamps and plain text already are: greys come after the colours */
#define PALETTE_CHROMA 48

static unsigned
palette_luma(unsigned rgb)
{
	return (299 * (rgb >> 16 & 255) + 587 * (rgb >> 8 & 255) + 114 * (rgb & 255)) / 1000;
}

static unsigned
palette_chroma(unsigned rgb)
{
	unsigned r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
	unsigned hi = r > g ? r : g, lo = r < g ? r : g;
	hi = b > hi ? b : hi;
	lo = b < lo ? b : lo;
	return hi - lo;
}

unsigned
theme_palette_background(const struct theme *t, int ncolors)
{
	short bg = theme_color_resolve(t->el[THEME_DEFAULT].bg, ncolors);
	unsigned sum = 0, n = 0;

	if (bg >= 0)
		return theme_index_rgb((unsigned)bg);
	/* the terminal's own background: the theme's text on it says whether it is dark */
	for (int el = 0; el < THEME_COUNT; el++) {
		const struct theme_style *st = &t->el[el];
		short fg = theme_color_resolve(st->fg, ncolors);
		if (fg < 0 || st->bg.kind != THEME_COLOR_DEFAULT)
			continue;
		sum += palette_luma(theme_index_rgb((unsigned)fg));
		n++;
	}
	return n == 0 || sum / n >= 128 ? 0x000000 : 0xffffff;
}

int
theme_palette_readable(unsigned rgb, unsigned bg_rgb)
{
	unsigned a = palette_luma(rgb), b = palette_luma(bg_rgb);
	return theme_rgb_distance(rgb, bg_rgb) >= THEME_PALETTE_CONTRAST &&
	    (a > b ? a - b : b - a) >= THEME_PALETTE_LIGHTNESS;
}

/* The least distance from rgb to an entry so far. */
static long
palette_nearest(const struct theme_palette *p, unsigned rgb)
{
	long best = -1;
	for (int i = 0; i < p->n; i++) {
		long d = theme_rgb_distance(rgb, theme_index_rgb((unsigned)p->c[i].fg));
		if (best < 0 || d < best)
			best = d;
	}
	return best;
}

/* Adds colour index fg when it reads on the background and differs from every entry. */
static void
palette_add(struct theme_palette *p, short fg, short bg)
{
	if (fg < 0 || fg == bg || p->n >= THEME_PALETTE_MAX)
		return;
	unsigned rgb = theme_index_rgb((unsigned)fg);
	if (!theme_palette_readable(rgb, p->bg_rgb))
		return;
	long near = palette_nearest(p, rgb);
	if (near >= 0 && near < THEME_PALETTE_APART)
		return;
	p->c[p->n].fg = fg;
	p->c[p->n].bg = bg;
	p->c[p->n].attr = THEME_BOLD;
	p->n++;
}

/* The theme's colours, foregrounds and backgrounds in the order of the elements; the
 * colourful ones (grey 0) or the greys (grey 1). */
static void
palette_add_theme(struct theme_palette *p, const struct theme *t, int ncolors, short bg, int grey)
{
	for (int el = 0; el < THEME_COUNT; el++)
		for (int side = 0; side < 2; side++) {
			const struct theme_style *st = &t->el[el];
			if (side == 1 && el == THEME_DEFAULT)
				continue;   /* the background itself */
			short c = theme_color_resolve(side == 0 ? st->fg : st->bg, ncolors);
			if (c < 0 || (palette_chroma(theme_index_rgb((unsigned)c)) < PALETTE_CHROMA) != grey)
				continue;
			palette_add(p, c, bg);
		}
}

/* 256 colours: the cube's colourful entries, each time the one farthest from every
 * entry so far, until none is far enough. */
static void
palette_add_cube(struct theme_palette *p, short bg)
{
	while (p->n < THEME_PALETTE_MAX) {
		long bestd = -1;
		short best = -1;
		for (short i = 16; i < 232; i++) {
			unsigned rgb = theme_index_rgb((unsigned)i);
			unsigned a = palette_luma(rgb), b = palette_luma(p->bg_rgb);
			if (palette_chroma(rgb) < PALETTE_CHROMA || (a > b ? a - b : b - a) < PALETTE_CUBE_LIGHTNESS ||
			    theme_rgb_distance(rgb, p->bg_rgb) < PALETTE_CUBE_CONTRAST)
				continue;
			long d = palette_nearest(p, rgb);
			if (d < 0)
				d = theme_rgb_distance(rgb, p->bg_rgb);
			if (d > bestd) {
				bestd = d;
				best = i;
			}
		}
		if (best < 0 || (p->n > 0 && bestd < PALETTE_CUBE_APART))
			return;
		palette_add(p, best, bg);
	}
}

void
theme_palette_build(const struct theme *t, int ncolors, struct theme_palette *p)
{
	short bg = theme_color_resolve(t->el[THEME_DEFAULT].bg, ncolors);

	memset(p, 0, sizeof *p);
	if (ncolors >= 8) {
		p->bg_rgb = theme_palette_background(t, ncolors);
		palette_add_theme(p, t, ncolors, bg, 0);
		palette_add_theme(p, t, ncolors, bg, 1);
		p->from_theme = p->n;
		/* a theme without a colour of its own (mono's attributes) gets none */
		if (ncolors >= 256 && p->n > 0)
			palette_add_cube(p, bg);
		if (p->n > 0)
			return;
	}
	/* no colours (or none that reads): attributes alone */
	static const unsigned attrs[] = { THEME_BOLD, THEME_UNDERLINE };
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		p->c[i].fg = -1;
		p->c[i].bg = bg;
		p->c[i].attr = attrs[i];
	}
	p->n = p->from_theme = (int)(sizeof attrs / sizeof attrs[0]);
}

const struct theme_resolved *
theme_palette_pick(const struct theme_palette *p, size_t i)
{
	return &p->c[i % (size_t)(p->n > 0 ? p->n : 1)];
}
