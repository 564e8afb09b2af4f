/* The palette that tells interleaved streams apart: built from each shipped theme at 256,
 * 16, 8 and no colours, it has more colours than the eight elements the prefixes once
 * cycled through, none too close to the background or to another, and the first n
 * streams all get a different one; mono gets attributes only. */
#include "t.h"

#include "ui/widget/theme_palette.h"

static const char *const themes[] = { "dark", "light", "high-contrast", "solarized" };
#define NTHEMES (sizeof themes / sizeof themes[0])
static const int depths[] = { 256, 16, 8 };
#define NDEPTHS (sizeof depths / sizeof depths[0])

/* the semantic elements prefixes cycled through before there was a palette */
static const enum theme_el old_set[] = { THEME_YAML_KEY, THEME_OK, THEME_WARNING, THEME_TITLE,
	THEME_PENDING, THEME_DIFF_ADD, THEME_HEADER_KEY, THEME_ERROR };
#define OLD_COUNT (sizeof old_set / sizeof old_set[0])

static struct theme *
load(const char *name)
{
	const char *dirs[] = { "themes", NULL };
	struct kd_err err;
	return theme_load(dirs, name, &err);
}

/* How many different colours the old set drew with. */
static int
old_distinct(const struct theme *t, int ncolors)
{
	short seen[OLD_COUNT];
	int n = 0;
	for (size_t i = 0; i < OLD_COUNT; i++) {
		short fg = theme_resolve(t, old_set[i], ncolors).fg;
		int dup = 0;
		for (int k = 0; k < n; k++)
			dup |= seen[k] == fg;
		if (!dup)
			seen[n++] = fg;
	}
	return n;
}

static unsigned
luma(unsigned rgb)
{
	return (299 * (rgb >> 16 & 255) + 587 * (rgb >> 8 & 255) + 114 * (rgb & 255)) / 1000;
}

T_CASE(palette_more_colours_than_the_old_set_at_256)
{
	for (size_t i = 0; i < NTHEMES; i++) {
		struct theme *t = load(themes[i]);
		struct theme_palette p;
		T_ASSERT_MSG(t != NULL, "%s does not load", themes[i]);
		theme_palette_build(t, 256, &p);
		T_ASSERT_MSG(p.n > (int)OLD_COUNT, "%s: %d colours at 256", themes[i], p.n);
		T_ASSERT_MSG(p.from_theme > old_distinct(t, 256), "%s: %d of the theme's colours, the old set drew %d",
		    themes[i], p.from_theme, old_distinct(t, 256));
		theme_free(&t);
	}
}

T_CASE(palette_as_many_as_the_old_set_at_16_and_8)
{
	for (size_t i = 0; i < NTHEMES; i++) {
		struct theme *t = load(themes[i]);
		T_ASSERT(t != NULL);
		for (int nc = 16; nc >= 8; nc -= 8) {
			struct theme_palette p;
			theme_palette_build(t, nc, &p);
			T_ASSERT_MSG(p.n >= old_distinct(t, nc) && p.n >= 4, "%s at %d: %d colours, the old set drew %d",
			    themes[i], nc, p.n, old_distinct(t, nc));
		}
		theme_free(&t);
	}
}

T_CASE(palette_every_colour_reads_on_the_background)
{
	for (size_t i = 0; i < NTHEMES; i++) {
		struct theme *t = load(themes[i]);
		T_ASSERT(t != NULL);
		for (size_t d = 0; d < NDEPTHS; d++) {
			struct theme_palette p;
			theme_palette_build(t, depths[d], &p);
			short bg = theme_color_resolve(t->el[THEME_DEFAULT].bg, depths[d]);
			unsigned bgrgb = bg >= 0 ? theme_index_rgb((unsigned)bg) : p.bg_rgb;
			for (int k = 0; k < p.n; k++) {
				unsigned rgb = theme_index_rgb((unsigned)p.c[k].fg);
				unsigned l = luma(rgb), lb = luma(bgrgb);
				T_ASSERT_MSG(p.c[k].fg >= 0 && p.c[k].fg != bg, "%s at %d: entry %d is %d", themes[i],
				    depths[d], k, p.c[k].fg);
				T_ASSERT_MSG(theme_rgb_distance(rgb, bgrgb) >= THEME_PALETTE_CONTRAST,
				    "%s at %d: #%06x on #%06x", themes[i], depths[d], rgb, bgrgb);
				T_ASSERT_MSG((l > lb ? l - lb : lb - l) >= THEME_PALETTE_LIGHTNESS,
				    "%s at %d: #%06x on #%06x is as light", themes[i], depths[d], rgb, bgrgb);
				T_ASSERT_MSG(p.c[k].bg == bg, "%s at %d: entry %d on %d, not the theme's %d",
				    themes[i], depths[d], k, p.c[k].bg, bg);
			}
		}
		theme_free(&t);
	}
}

T_CASE(palette_background_of_the_terminal_guessed_from_the_text)
{
	struct theme *dark = load("dark"), *light = load("light"), *sol = load("solarized");
	struct theme_palette p;
	T_ASSERT(dark != NULL && light != NULL && sol != NULL);
	theme_palette_build(dark, 256, &p);
	T_EQ_INT(p.bg_rgb, 0x000000);
	theme_palette_build(light, 256, &p);
	T_EQ_INT(p.bg_rgb, 0xffffff);
	/* its own background, as the terminal draws it */
	theme_palette_build(sol, 256, &p);
	T_EQ_INT(p.bg_rgb, theme_index_rgb((unsigned)theme_color_resolve(sol->el[THEME_DEFAULT].bg, 256)));
	theme_free(&dark);
	theme_free(&light);
	theme_free(&sol);
}

T_CASE(palette_colours_look_different)
{
	for (size_t i = 0; i < NTHEMES; i++) {
		struct theme *t = load(themes[i]);
		T_ASSERT(t != NULL);
		for (size_t d = 0; d < NDEPTHS; d++) {
			struct theme_palette p;
			theme_palette_build(t, depths[d], &p);
			for (int a = 0; a < p.n; a++)
				for (int b = a + 1; b < p.n; b++)
					T_ASSERT_MSG(p.c[a].fg != p.c[b].fg &&
					    theme_rgb_distance(theme_index_rgb((unsigned)p.c[a].fg),
					    theme_index_rgb((unsigned)p.c[b].fg)) >= THEME_PALETTE_APART,
					    "%s at %d: entries %d and %d are %d and %d", themes[i], depths[d], a, b,
					    p.c[a].fg, p.c[b].fg);
		}
		theme_free(&t);
	}
}

T_CASE(palette_streams_differ_until_it_is_exhausted)
{
	struct theme *t = load("dark");
	struct theme_palette p;
	T_ASSERT(t != NULL);
	theme_palette_build(t, 256, &p);
	for (size_t a = 0; a < (size_t)p.n; a++) {
		for (size_t b = a + 1; b < (size_t)p.n; b++)
			T_ASSERT_MSG(memcmp(theme_palette_pick(&p, a), theme_palette_pick(&p, b),
			    sizeof(struct theme_resolved)) != 0, "streams %zu and %zu look the same", a, b);
		/* then it starts over, each stream keeping its colour */
		T_ASSERT(theme_palette_pick(&p, a + (size_t)p.n) == theme_palette_pick(&p, a));
		T_ASSERT(theme_palette_pick(&p, a) == theme_palette_pick(&p, a));
	}
	theme_free(&t);
}

T_CASE(palette_mono_bold_and_underline)
{
	struct theme *mono = load("mono"), *dark = load("dark");
	struct theme_palette p;
	T_ASSERT(mono != NULL && dark != NULL);
	/* mono names no colour: none at any depth, and none added from the cube */
	for (size_t d = 0; d < NDEPTHS; d++) {
		theme_palette_build(mono, depths[d], &p);
		T_EQ_INT(p.n, 2);
		T_ASSERT(p.c[0].fg == -1 && p.c[1].fg == -1 && p.c[0].bg == -1 && p.c[1].bg == -1);
		T_ASSERT(p.c[0].attr == THEME_BOLD && p.c[1].attr == THEME_UNDERLINE);
	}
	/* no colours (NO_COLOR, a terminal without them): the same for a colourful theme */
	theme_palette_build(dark, 0, &p);
	T_EQ_INT(p.n, 2);
	T_ASSERT(p.c[0].fg == -1 && p.c[0].attr != p.c[1].attr);
	T_ASSERT(theme_palette_pick(&p, 0) != theme_palette_pick(&p, 1));
	T_ASSERT(theme_palette_pick(&p, 2) == theme_palette_pick(&p, 0));
	theme_free(&mono);
	theme_free(&dark);
}

T_CASE(palette_leaves_out_a_colour_too_close_to_the_background)
{
	struct theme *dark = load("dark");
	struct kd_err err;
	/* a near-black text colour on black, and one that is fine */
	const char *text = "name: dim\nelements:\n  default: \"default on black\"\n  row: \"#1c1c1c\"\n"
	    "  ok: \"#00ff00\"\n";
	T_ASSERT(dark != NULL);
	struct theme *t = theme_parse(text, strlen(text), "dim.yaml", dark, &err);
	T_ASSERT(t != NULL);
	struct theme_palette p;
	theme_palette_build(t, 256, &p);
	short dim = theme_color_resolve(t->el[THEME_ROW].fg, 256);
	short ok = theme_color_resolve(t->el[THEME_OK].fg, 256);
	int has_dim = 0, has_ok = 0;
	for (int k = 0; k < p.n; k++) {
		has_dim |= p.c[k].fg == dim;
		has_ok |= p.c[k].fg == ok;
	}
	T_ASSERT(!has_dim && has_ok);
	theme_free(&t);
	/* a theme of nothing but unreadable colours falls back to attributes */
	const char *none = "name: none\nelements:\n  default: \"#000000 on #000000\"\n";
	struct theme *blank = theme_parse(none, strlen(none), "none.yaml", NULL, &err);
	T_ASSERT(blank != NULL);
	for (int el = 0; el < THEME_COUNT; el++)
		blank->el[el].fg = blank->el[el].bg = blank->el[THEME_DEFAULT].bg;
	theme_palette_build(blank, 256, &p);
	T_ASSERT(p.n == 2 && p.c[0].fg == -1 && p.c[0].attr == THEME_BOLD);
	theme_free(&blank);
	theme_free(&dark);
}

int
main(void)
{
	T_RUN(palette_more_colours_than_the_old_set_at_256);
	T_RUN(palette_as_many_as_the_old_set_at_16_and_8);
	T_RUN(palette_every_colour_reads_on_the_background);
	T_RUN(palette_background_of_the_terminal_guessed_from_the_text);
	T_RUN(palette_colours_look_different);
	T_RUN(palette_streams_differ_until_it_is_exhausted);
	T_RUN(palette_mono_bold_and_underline);
	T_RUN(palette_leaves_out_a_colour_too_close_to_the_background);
	return t_done();
}
