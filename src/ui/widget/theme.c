#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/kvfile.h"
#include "ui/widget/theme.h"
#include "util/file.h"
#include "util/xmalloc.h"

extern const char theme_builtin_dark[];
extern const char theme_builtin_mono[];

static const char *const theme_el_names[THEME_COUNT] = {
	[THEME_DEFAULT] = "default",
	[THEME_HEADER] = "header",
	[THEME_HEADER_KEY] = "header-key",
	[THEME_HEADER_PRODUCTION] = "header-production",
	[THEME_LOGO] = "logo",
	[THEME_CRUMB] = "crumb",
	[THEME_CRUMB_ACTIVE] = "crumb-active",
	[THEME_TABLE_HEADER] = "table-header",
	[THEME_TABLE_SORT] = "table-sort",
	[THEME_ROW] = "row",
	[THEME_ROW_SELECTED] = "row-selected",
	[THEME_ROW_MARKED] = "row-marked",
	[THEME_OK] = "ok",
	[THEME_WARNING] = "warning",
	[THEME_ERROR] = "error",
	[THEME_PENDING] = "pending",
	[THEME_TERMINATED] = "terminated",
	[THEME_STALE] = "stale",
	[THEME_FLASH] = "flash",
	[THEME_FLASH_ERROR] = "flash-error",
	[THEME_HINT] = "hint",
	[THEME_HINT_KEY] = "hint-key",
	[THEME_HINT_DISABLED] = "hint-disabled",
	[THEME_PROMPT] = "prompt",
	[THEME_BORDER] = "border",
	[THEME_DIALOG] = "dialog",
	[THEME_TITLE] = "title",
	[THEME_YAML_KEY] = "yaml-key",
	[THEME_YAML_VALUE] = "yaml-value",
	[THEME_YAML_COMMENT] = "yaml-comment",
	[THEME_SEARCH_MATCH] = "search-match",
	[THEME_DIFF_ADD] = "diff-add",
	[THEME_DIFF_DELETE] = "diff-delete",
	[THEME_LOG_TIMESTAMP] = "log-timestamp",
	[THEME_DIFF_HEADER] = "diff-header",
	[THEME_EDITOR_KEY] = "editor-key",
	[THEME_EDITOR_STRING] = "editor-string",
	[THEME_EDITOR_NUMBER] = "editor-number",
	[THEME_EDITOR_COMMENT] = "editor-comment",
	[THEME_EDITOR_ERROR] = "editor-error",
	[THEME_EDITOR_SELECTION] = "editor-selection",
	[THEME_EDITOR_LINENR] = "editor-linenr",
	[THEME_EDITOR_STATUS] = "editor-status",
};

static const char *const theme_color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
	"bright-magenta", "bright-cyan", "bright-white",
};

/* xterm's palette: what index i looks like, to find the nearest colour. */
unsigned
theme_index_rgb(unsigned i)
{
	static const unsigned base[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	static const unsigned steps[6] = { 0, 95, 135, 175, 215, 255 };

	if (i < 16)
		return base[i];
	if (i < 232) {
		i -= 16;
		return steps[i / 36] << 16 | steps[i / 6 % 6] << 8 | steps[i % 6];
	}
	unsigned g = 8 + (i - 232) * 10;
	return g << 16 | g << 8 | g;
}

long
theme_rgb_distance(unsigned a, unsigned b)
{
	long dr = (long)(a >> 16 & 255) - (b >> 16 & 255);
	long dg = (long)(a >> 8 & 255) - (b >> 8 & 255);
	long db = (long)(a & 255) - (b & 255);
	/* weighted as the eye sees: green counts most */
	return 3 * dr * dr + 4 * dg * dg + 2 * db * db;
}

static short
theme_nearest(unsigned rgb, unsigned from, unsigned to)
{
	short best = (short)from;
	long bestd = -1;

	for (unsigned i = from; i < to; i++) {
		long d = theme_rgb_distance(rgb, theme_index_rgb(i));
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = (short)i;
		}
	}
	return best;
}

short
theme_color_resolve(struct theme_color c, int ncolors)
{
	if (ncolors < 8 || c.kind == THEME_COLOR_DEFAULT)
		return -1;
	if (c.kind == THEME_COLOR_INDEX && (int)c.value < ncolors)
		return (short)c.value;
	unsigned rgb = c.kind == THEME_COLOR_RGB ? c.value : theme_index_rgb(c.value);
	if (ncolors >= 256)
		/* 16-255 are the same everywhere; 0-15 are often redefined */
		return theme_nearest(rgb, 16, 256);
	return theme_nearest(rgb, 0, ncolors >= 16 ? 16 : 8);
}

const char *
theme_el_name(enum theme_el el)
{
	return (unsigned)el < THEME_COUNT ? theme_el_names[el] : NULL;
}

int
theme_el_find(const char *name)
{
	for (int i = 0; i < THEME_COUNT; i++)
		if (strcmp(theme_el_names[i], name) == 0)
			return i;
	return -1;
}

static int
theme_color_parse(const char *w, struct theme_color *c)
{
	char *end;

	if (strcmp(w, "default") == 0 || strcmp(w, "none") == 0) {
		c->kind = THEME_COLOR_DEFAULT;
		return 0;
	}
	for (unsigned i = 0; i < 16; i++)
		if (strcmp(w, theme_color_names[i]) == 0) {
			c->kind = THEME_COLOR_INDEX;
			c->value = i;
			return 0;
		}
	if (strcmp(w, "gray") == 0 || strcmp(w, "grey") == 0) {
		c->kind = THEME_COLOR_INDEX;
		c->value = 8;
		return 0;
	}
	if (w[0] == '#' && strlen(w) == 7) {
		unsigned long v = strtoul(w + 1, &end, 16);
		if (*end != '\0')
			return -1;
		c->kind = THEME_COLOR_RGB;
		c->value = (unsigned)v;
		return 0;
	}
	if (strncmp(w, "colour", 6) == 0 || strncmp(w, "color", 5) == 0) {
		const char *n = w + (w[4] == 'u' ? 6 : 5);
		unsigned long v = strtoul(n, &end, 10);
		if (*n == '\0' || *end != '\0' || v > 255)
			return -1;
		c->kind = THEME_COLOR_INDEX;
		c->value = (unsigned)v;
		return 0;
	}
	return -1;
}

int
theme_style_parse(const char *text, struct theme_style *st, struct kd_err *err)
{
	char buf[256], *save = NULL, *w;
	int nc = 0, on = 0;

	memset(st, 0, sizeof *st);
	snprintf(buf, sizeof buf, "%s", text);
	for (w = strtok_r(buf, " \t,", &save); w != NULL; w = strtok_r(NULL, " \t,", &save)) {
		for (char *p = w; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strcmp(w, "on") == 0) {
			on = 1;
			continue;
		}
		if (strcmp(w, "bold") == 0) st->attr |= THEME_BOLD;
		else if (strcmp(w, "dim") == 0) st->attr |= THEME_DIM;
		else if (strcmp(w, "underline") == 0) st->attr |= THEME_UNDERLINE;
		else if (strcmp(w, "reverse") == 0) st->attr |= THEME_REVERSE;
		else if (strcmp(w, "italic") == 0) st->attr |= THEME_ITALIC;
		else {
			struct theme_color c;
			if (theme_color_parse(w, &c) != 0)
				return kd_err_set(err, KD_ERR_INVALID,
				    "\"%s\" is not a colour (a name, colourN or #rrggbb) or an attribute", w);
			if (on || nc == 1)
				st->bg = c;
			else
				st->fg = c;
			nc++;
			on = 0;
		}
	}
	return 0;
}

struct theme *
theme_parse(const char *text, size_t len, const char *filename, const struct theme *base,
    struct kd_err *err)
{
	struct kvfile *kf = kvfile_parse(text, len, filename, err);
	struct theme *t, *dark = NULL;

	if (kf == NULL)
		return NULL;
	t = xcalloc(1, sizeof *t);
	if (base == NULL && strcmp(filename, "built-in dark") != 0)
		base = dark = theme_builtin("dark");
	if (base != NULL)
		memcpy(t->el, base->el, sizeof t->el);
	for (size_t i = 0; i < kf->n; i++) {
		struct kv *kv = &kf->kv[i];
		if (strcmp(kv->key, "name") == 0 || strcmp(kv->key, "inherit") == 0)
			continue;
		if (strncmp(kv->key, "elements.", 9) != 0) {
			kd_err_set(err, KD_ERR_INVALID, "%s:%d: unknown key \"%s\" (expected name, inherit or elements)",
			    filename, kv->line, kv->key);
			goto fail;
		}
		int el = theme_el_find(kv->key + 9);
		if (el < 0) {
			kd_err_set(err, KD_ERR_INVALID, "%s:%d: unknown element \"%s\"", filename, kv->line,
			    kv->key + 9);
			goto fail;
		}
		struct kd_err e2;
		if (theme_style_parse(kv->value, &t->el[el], &e2) != 0) {
			kd_err_set(err, KD_ERR_INVALID, "%s:%d: %s", filename, kv->line, e2.msg);
			goto fail;
		}
	}
	const char *name = kvfile_get(kf, "name");
	t->name = xstrdup(name ? name : filename);
	kvfile_free(&kf);
	theme_free(&dark);
	return t;
fail:
	kvfile_free(&kf);
	theme_free(&dark);
	free(t);
	return NULL;
}

struct theme *
theme_builtin(const char *name)
{
	struct kd_err err;
	const char *text = strcmp(name, "mono") == 0 ? theme_builtin_mono :
	    strcmp(name, "dark") == 0 ? theme_builtin_dark : NULL;

	if (text == NULL)
		return NULL;
	/* "built-in dark" parses without a base; mono starts from dark, then replaces all */
	return theme_parse(text, strlen(text), strcmp(name, "dark") == 0 ? "built-in dark" :
	    "built-in mono", NULL, &err);
}

struct theme *
theme_load(const char *const *dirs, const char *name, struct kd_err *err)
{
	char *path = kvfile_find(dirs, name);
	struct theme *t = NULL, *base = NULL;
	struct kvfile *kf;

	if (path == NULL) {
		t = theme_builtin(name);
		if (t == NULL)
			kd_err_set(err, KD_ERR_CONFIG,
			    "no theme \"%s\": put %s.yaml in a themes folder (see kdeck(5)), or use dark, light, high-contrast, solarized or mono",
			    name, name);
		return t;
	}
	kf = kvfile_load(path, err);
	if (kf == NULL)
		goto done;
	const char *inherit = kvfile_get(kf, "inherit");
	if (inherit != NULL && strcmp(inherit, name) != 0) {
		base = theme_load(dirs, inherit, err);
		if (base == NULL)
			goto done;
	}
	size_t n;
	char *text = file_read(path, SIZE_MAX, &n);
	if (text != NULL)
		t = theme_parse(text, n, path, base, err);
	free(text);
done:
	kvfile_free(&kf);
	theme_free(&base);
	free(path);
	return t;
}

void
theme_free(struct theme **t)
{
	if (t == NULL || *t == NULL)
		return;
	free((*t)->name);
	free(*t);
	*t = NULL;
}

struct theme_resolved
theme_resolve(const struct theme *t, enum theme_el el, int ncolors)
{
	const struct theme_style *st = &t->el[el];
	struct theme_resolved r = { -1, -1, st->attr };

	if (ncolors >= 8) {
		r.fg = theme_color_resolve(st->fg, ncolors);
		r.bg = theme_color_resolve(st->bg, ncolors);
		if (st->bg.kind == THEME_COLOR_DEFAULT)
			r.bg = theme_color_resolve(t->el[THEME_DEFAULT].bg, ncolors);
		if (r.fg >= 0 && r.fg == r.bg)
			/* the nearest colours collapsed: keep it readable */
			r.attr |= THEME_REVERSE;
		return r;
	}
	/* No colours: what colour alone said must be said with attributes. */
	switch (el) {
	case THEME_ROW_SELECTED: case THEME_CRUMB_ACTIVE: case THEME_PROMPT:
	case THEME_SEARCH_MATCH: case THEME_DIALOG: case THEME_HEADER_PRODUCTION:
		if (!(r.attr & THEME_REVERSE))
			r.attr |= THEME_REVERSE;
		break;
	case THEME_ERROR: case THEME_FLASH_ERROR: case THEME_TABLE_HEADER: case THEME_TITLE:
		r.attr |= THEME_BOLD;
		break;
	default:
		break;
	}
	return r;
}

int
theme_colors_for(const char *theme_name, int terminal_colors)
{
	const char *nc = getenv("NO_COLOR");

	if (nc != NULL && *nc != '\0')
		return 0;
	if (theme_name != NULL && strcmp(theme_name, "mono") == 0)
		return 0;
	return terminal_colors < 8 ? 0 : terminal_colors;
}
