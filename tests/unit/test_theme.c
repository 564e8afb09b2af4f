#define _POSIX_C_SOURCE 200809L
/* Themes: style parsing, nearest-colour fallback to 256/16/8/no colours, element names,
 * the shipped theme files, and the built-in copies agreeing with them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/widget/theme.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

extern const char theme_builtin_dark[];
extern const char theme_builtin_mono[];

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
	fclose(f);
	return buf;
}

int
main(void)
{
	struct theme_style st;
	struct kd_err err = { 0 };

	CHECK("theme_style_fg_bg_attrs", theme_style_parse("white on #005f87 bold underline", &st, &err) == 0 &&
	    st.fg.kind == THEME_COLOR_INDEX && st.fg.value == 7 && st.bg.kind == THEME_COLOR_RGB &&
	    st.bg.value == 0x005f87 && st.attr == (THEME_BOLD | THEME_UNDERLINE));
	CHECK("theme_style_two_colours_without_on", theme_style_parse("red blue", &st, &err) == 0 &&
	    st.fg.value == 1 && st.bg.value == 4);
	CHECK("theme_style_colour_index", theme_style_parse("colour208", &st, &err) == 0 &&
	    st.fg.kind == THEME_COLOR_INDEX && st.fg.value == 208);
	CHECK("theme_style_attrs_only", theme_style_parse("reverse", &st, &err) == 0 &&
	    st.fg.kind == THEME_COLOR_DEFAULT && st.attr == THEME_REVERSE);
	CHECK("theme_style_bad_word", theme_style_parse("white on purplish", &st, &err) == -1 &&
	    strstr(err.msg, "purplish") != NULL);
	CHECK("theme_style_bad_hex", theme_style_parse("#12345z", &st, &err) == -1);
	CHECK("theme_style_bad_index", theme_style_parse("colour256", &st, &err) == -1);

	struct theme_color c = { THEME_COLOR_RGB, 0xff0000 };
	CHECK("theme_rgb_to_256_exact_cube", theme_color_resolve(c, 256) == 196);
	CHECK("theme_rgb_to_8_red", theme_color_resolve(c, 8) == 1);
	CHECK("theme_rgb_to_16_bright_red", theme_color_resolve(c, 16) == 9);
	CHECK("theme_no_colours_is_default", theme_color_resolve(c, 0) == -1);
	struct theme_color grey = { THEME_COLOR_RGB, 0x808080 };
	CHECK("theme_grey_to_256_ramp", theme_color_resolve(grey, 256) == 244);
	struct theme_color idx = { THEME_COLOR_INDEX, 208 };
	CHECK("theme_index_kept_at_256", theme_color_resolve(idx, 256) == 208);
	CHECK("theme_index_208_to_8_yellowish", theme_color_resolve(idx, 8) == 3 ||
	    theme_color_resolve(idx, 8) == 1);
	struct theme_color navy = { THEME_COLOR_RGB, 0x000080 };
	CHECK("theme_navy_to_8_blue", theme_color_resolve(navy, 8) == 4 || theme_color_resolve(navy, 8) == 0);
	struct theme_color def = { THEME_COLOR_DEFAULT, 0 };
	CHECK("theme_default_stays_default", theme_color_resolve(def, 256) == -1);

	CHECK("theme_el_names_round_trip", theme_el_find("row-selected") == THEME_ROW_SELECTED &&
	    strcmp(theme_el_name(THEME_YAML_KEY), "yaml-key") == 0 && theme_el_find("nope") == -1);
	int all = 1;
	for (int i = 0; i < THEME_COUNT; i++)
		if (theme_el_name(i) == NULL || theme_el_find(theme_el_name(i)) != i)
			all = 0;
	CHECK("theme_every_element_named", all);

	struct theme *dark = theme_builtin("dark");
	CHECK("theme_builtin_dark", dark != NULL && strcmp(dark->name, "dark") == 0);
	struct theme_resolved sel8 = theme_resolve(dark, THEME_ROW_SELECTED, 8);
	CHECK("theme_selected_row_has_colours_at_8", sel8.fg >= 0 && sel8.bg >= 0 && sel8.fg != sel8.bg);
	struct theme_resolved sel0 = theme_resolve(dark, THEME_ROW_SELECTED, 0);
	CHECK("theme_selected_row_reverse_without_colours", sel0.fg == -1 && sel0.bg == -1 &&
	    (sel0.attr & THEME_REVERSE));
	struct theme_resolved prod8 = theme_resolve(dark, THEME_HEADER_PRODUCTION, 8);
	CHECK("theme_production_header_red_at_8", prod8.bg == 1 && prod8.fg == 7);
	struct theme_resolved prodnc = theme_resolve(dark, THEME_HEADER_PRODUCTION, 0);
	CHECK("theme_production_header_reverse_without_colours", (prodnc.attr & THEME_REVERSE) != 0);
	struct theme_resolved err0 = theme_resolve(dark, THEME_ERROR, 0);
	CHECK("theme_error_bold_without_colours", (err0.attr & THEME_BOLD) != 0);

	/* a user theme inheriting from dark: only what it names changes */
	const char *user = "name: mine\nelements:\n  error: \"magenta bold\"\n";
	struct theme *mine = theme_parse(user, strlen(user), "mine.yaml", dark, &err);
	CHECK("theme_user_override", mine != NULL && mine->el[THEME_ERROR].fg.value == 5 &&
	    memcmp(&mine->el[THEME_ROW], &dark->el[THEME_ROW], sizeof mine->el[0]) == 0);
	theme_free(&mine);
	const char *bad = "name: x\nelements:\n  row: white\n  rowz: red\n";
	CHECK("theme_unknown_element_file_line", theme_parse(bad, strlen(bad), "x.yaml", dark, &err) == NULL &&
	    strstr(err.msg, "x.yaml:4") != NULL && strstr(err.msg, "rowz") != NULL);
	const char *bad2 = "name: x\nelements:\n  row: \"white on plaid\"\n";
	CHECK("theme_bad_colour_file_line", theme_parse(bad2, strlen(bad2), "x.yaml", dark, &err) == NULL &&
	    strstr(err.msg, "x.yaml:3") != NULL);
	const char *bad3 = "name: [x\n";
	CHECK("theme_not_yaml", theme_parse(bad3, strlen(bad3), "x.yaml", dark, &err) == NULL &&
	    strstr(err.msg, "x.yaml:") != NULL);

	setenv("NO_COLOR", "1", 1);
	CHECK("theme_no_color_env", theme_colors_for("dark", 256) == 0);
	unsetenv("NO_COLOR");
	CHECK("theme_mono_name", theme_colors_for("mono", 256) == 0);
	CHECK("theme_terminal_colours", theme_colors_for("dark", 8) == 8 && theme_colors_for("dark", 2) == 0);

	/* the shipped files: each loads, and the compiled-in copies equal them */
	const char *dirs[] = { "themes", NULL };
	const char *names[] = { "dark", "light", "high-contrast", "solarized", "mono" };
	for (size_t i = 0; i < 5; i++) {
		char name[64];
		struct theme *t = theme_load(dirs, names[i], &err);
		snprintf(name, sizeof name, "theme_file_%s_loads", names[i]);
		CHECK(name, t != NULL && strcmp(t->name, names[i]) == 0);
		/* a production context's header must not look like any other's */
		snprintf(name, sizeof name, "theme_file_%s_production_header_differs", names[i]);
		CHECK(name, t != NULL && memcmp(&t->el[THEME_HEADER_PRODUCTION], &t->el[THEME_HEADER],
		    sizeof t->el[0]) != 0);
		theme_free(&t);
	}
	char *f = slurp("themes/dark.yaml");
	CHECK("theme_builtin_dark_equals_file", f != NULL && strcmp(f, theme_builtin_dark) == 0);
	free(f);
	f = slurp("themes/mono.yaml");
	CHECK("theme_builtin_mono_equals_file", f != NULL && strcmp(f, theme_builtin_mono) == 0);
	free(f);
	struct theme *mono = theme_load(dirs, "mono", &err);
	int nocolour = mono != NULL;
	for (int i = 0; mono != NULL && i < THEME_COUNT; i++)
		if (mono->el[i].fg.kind != THEME_COLOR_DEFAULT || mono->el[i].bg.kind != THEME_COLOR_DEFAULT)
			nocolour = 0;
	CHECK("theme_mono_has_no_colours", nocolour);
	struct theme_resolved prod0 = theme_resolve(mono, THEME_HEADER_PRODUCTION, 0);
	CHECK("theme_mono_production_header_reverse", mono != NULL && (prod0.attr & THEME_REVERSE) != 0);
	theme_free(&mono);
	CHECK("theme_unknown_name", theme_load(dirs, "nosuch", &err) == NULL && strstr(err.msg, "nosuch") != NULL);
	theme_free(&dark);
	theme_free(&dark);
	CHECK("theme_free_null_ok", dark == NULL);
	return failed;
}
