/* A palette to tell streams apart (the prefixes of interleaved logs): every distinct colour
 * a theme names, as a foreground or a background, that reads on the theme's background,
 * brought to what the terminal has; on a 256-colour terminal, more from the colour cube,
 * each as far from the others as can be. Without colours (mono, NO_COLOR, a terminal
 * without them) the entries are bold and underline, in turn. No curses here: screen.c
 * makes colour pairs of the entries. */
#ifndef KD_THEME_PALETTE_H
#define KD_THEME_PALETTE_H

#include <stddef.h>

#include "ui/widget/theme.h"

#define THEME_PALETTE_MAX 32
/* The least distance (theme_rgb_distance) of an entry from the background, and of two
 * entries from each other: closer, they would not read or not look different. The least
 * difference in lightness (0-255) from the background: yellow on white is far from it in
 * RGB but does not read. */
#define THEME_PALETTE_CONTRAST (250L * 250)
#define THEME_PALETTE_APART (100L * 100)
#define THEME_PALETTE_LIGHTNESS 48

struct theme_palette {
	int n;                   /* >= 1 */
	int from_theme;          /* the first from_theme entries are the theme's own colours */
	unsigned bg_rgb;         /* the background they were chosen to read on */
	struct theme_resolved c[THEME_PALETTE_MAX];   /* fg, the theme's background, attr */
};

/* The palette of theme t on a terminal with ncolors colours (0, 8, 16, 256). */
void theme_palette_build(const struct theme *t, int ncolors, struct theme_palette *p);
/* The entry of stream i: entry i mod n, so a stream keeps its colour while the palette
 * lasts and the first n streams all differ. */
const struct theme_resolved *theme_palette_pick(const struct theme_palette *p, size_t i);
/* Whether a 0xRRGGBB colour reads on a background (THEME_PALETTE_CONTRAST and _LIGHTNESS). */
int theme_palette_readable(unsigned rgb, unsigned bg_rgb);
/* What the background of theme t looks like on a terminal with ncolors (>= 8) colours:
 * its own colour, or for the terminal's default background black when the theme draws
 * light text and white when it draws dark text. */
unsigned theme_palette_background(const struct theme *t, int ncolors);

#endif
