#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/widget/keymap.h"
#include "util/kvfile.h"
#include "util/file.h"
#include "util/xmalloc.h"

extern const char keymap_builtin_default[];

static const char *const keymap_sections[KEYMAP_SECTIONS] = { "keys", "logs", "shell-prefix", "viewer",
	"editor" };

const char *
keymap_section_name(enum keymap_section sec)
{
	return (unsigned)sec < KEYMAP_SECTIONS ? keymap_sections[sec] : "keys";
}

struct keymap_binding {
	int key;
	enum action action;
};

struct keymap {
	char *name;
	struct keymap_binding *b[KEYMAP_SECTIONS];   /* each sorted by key */
	size_t n[KEYMAP_SECTIONS];
};

static const struct {
	const char *name;
	int key;
} keymap_named[] = {
	{ "enter", '\n' }, { "return", '\r' }, { "esc", 27 }, { "escape", 27 }, { "tab", '\t' },
	{ "space", ' ' }, { "backspace", KEYMAP_FN + KEY_BACKSPACE },
	{ "up", KEYMAP_FN + KEY_UP }, { "down", KEYMAP_FN + KEY_DOWN },
	{ "left", KEYMAP_FN + KEY_LEFT }, { "right", KEYMAP_FN + KEY_RIGHT },
	{ "pgup", KEYMAP_FN + KEY_PPAGE }, { "pgdn", KEYMAP_FN + KEY_NPAGE },
	{ "home", KEYMAP_FN + KEY_HOME }, { "end", KEYMAP_FN + KEY_END },
	{ "insert", KEYMAP_FN + KEY_IC }, { "delete-key", KEYMAP_FN + KEY_DC },
	{ "btab", KEYMAP_FN + KEY_BTAB }, { "ctrl-space", 0 },
	{ "shift-up", KEYMAP_FN + KEY_SR }, { "shift-down", KEYMAP_FN + KEY_SF },
	{ "shift-left", KEYMAP_FN + KEY_SLEFT }, { "shift-right", KEYMAP_FN + KEY_SRIGHT },
	{ "shift-home", KEYMAP_FN + KEY_SHOME }, { "shift-end", KEYMAP_FN + KEY_SEND },
};

int
keymap_key_parse(const char *t)
{
	size_t len = strlen(t);

	if (len == 0)
		return -1;
	if (strncmp(t, "alt-", 4) == 0 && len > 4) {
		int k = keymap_key_parse(t + 4);
		return k < 0 || k >= KEYMAP_FN ? -1 : KEYMAP_ALT + k;
	}
	for (size_t i = 0; i < sizeof keymap_named / sizeof keymap_named[0]; i++)
		if (strcmp(t, keymap_named[i].name) == 0)
			return keymap_named[i].key;
	if (strncmp(t, "ctrl-", 5) == 0 && len == 6) {
		char c = t[5];
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		if (c >= '[' && c <= '_')   /* ctrl-] (29), ctrl-\\ ... */
			return c - '@';
		return -1;
	}
	if ((t[0] == 'f' || t[0] == 'F') && len >= 2 && len <= 3 && t[1] >= '1' && t[1] <= '9') {
		int n = atoi(t + 1);
		if (n >= 1 && n <= 12)
			return KEYMAP_FN + KEY_F(n);
		return -1;
	}
	/* one character, UTF-8 decoded */
	const unsigned char *u = (const unsigned char *)t;
	if (u[0] < 0x80)
		return len == 1 ? u[0] : -1;
	int cp, n;
	if ((u[0] & 0xe0) == 0xc0) { cp = u[0] & 0x1f; n = 1; }
	else if ((u[0] & 0xf0) == 0xe0) { cp = u[0] & 0x0f; n = 2; }
	else if ((u[0] & 0xf8) == 0xf0) { cp = u[0] & 0x07; n = 3; }
	else return -1;
	if (len != (size_t)n + 1)
		return -1;
	for (int i = 1; i <= n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	return cp;
}

void
keymap_key_name(int key, char *out, size_t outlen)
{
	if (key == 0) {
		snprintf(out, outlen, "ctrl-space");
		return;
	}
	if (key >= KEYMAP_ALT && outlen > 4) {
		memcpy(out, "alt-", 4);
		keymap_key_name(key - KEYMAP_ALT, out + 4, outlen - 4);
		return;
	}
	for (size_t i = 0; i < sizeof keymap_named / sizeof keymap_named[0]; i++)
		if (keymap_named[i].key == key) {
			snprintf(out, outlen, "%s", keymap_named[i].name);
			return;
		}
	if (key >= 1 && key <= 26)
		snprintf(out, outlen, "ctrl-%c", 'a' + key - 1);
	else if (key >= 27 && key <= 31)
		snprintf(out, outlen, "ctrl-%c", '@' + key);
	else if (key >= KEYMAP_FN + KEY_F(1) && key <= KEYMAP_FN + KEY_F(12))
		snprintf(out, outlen, "f%d", key - KEYMAP_FN - KEY_F(0));
	else if (key >= KEYMAP_FN)
		snprintf(out, outlen, "key-%d", key - KEYMAP_FN);
	else if (key < 0x80)
		snprintf(out, outlen, "%c", key);
	else if (key < 0x800)
		snprintf(out, outlen, "%c%c", 0xc0 | key >> 6, 0x80 | (key & 0x3f));
	else if (key < 0x10000)
		snprintf(out, outlen, "%c%c%c", 0xe0 | key >> 12, 0x80 | (key >> 6 & 0x3f),
		    0x80 | (key & 0x3f));
	else
		snprintf(out, outlen, "%c%c%c%c", 0xf0 | key >> 18, 0x80 | (key >> 12 & 0x3f),
		    0x80 | (key >> 6 & 0x3f), 0x80 | (key & 0x3f));
}

static struct keymap_binding *
keymap_slot(const struct keymap *km, enum keymap_section sec, int key)
{
	size_t lo = 0, hi = km->n[sec];
	struct keymap_binding *b = km->b[sec];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (b[mid].key == key)
			return &b[mid];
		if (b[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
keymap_bind_in(struct keymap *km, enum keymap_section sec, int key, enum action a)
{
	struct keymap_binding *b = keymap_slot(km, sec, key);
	size_t i, *n = &km->n[sec];

	if (b != NULL) {
		if (a == ACT_NONE) {
			i = (size_t)(b - km->b[sec]);
			memmove(b, b + 1, (*n - i - 1) * sizeof *b);
			(*n)--;
		} else
			b->action = a;
		return;
	}
	if (a == ACT_NONE)
		return;
	km->b[sec] = xreallocarray(km->b[sec], *n + 1, sizeof *km->b[sec]);
	b = km->b[sec];
	for (i = *n; i > 0 && b[i - 1].key > key; i--)
		b[i] = b[i - 1];
	b[i].key = key;
	b[i].action = a;
	(*n)++;
}

void
keymap_bind(struct keymap *km, int key, enum action a)
{
	keymap_bind_in(km, KEYMAP_KEYS, key, a);
}

enum action
keymap_lookup_in(const struct keymap *km, enum keymap_section sec, int key)
{
	const struct keymap_binding *b = keymap_slot(km, sec, key);
	/* the screen runs in nonl mode: Return arrives as '\r' (or KEY_ENTER from a keypad),
	 * while maps name it "enter" ('\n'); an explicit "return" binding still wins */
	if (b == NULL && (key == '\r' || key == KEYMAP_FN + KEY_ENTER))
		b = keymap_slot(km, sec, '\n');
	return b ? b->action : ACT_NONE;
}

enum action
keymap_lookup(const struct keymap *km, int key)
{
	return keymap_lookup_in(km, KEYMAP_KEYS, key);
}

int
keymap_key_for_in(const struct keymap *km, enum keymap_section sec, enum action a)
{
	int best = -1;

	/* prefer a printable letter over a control or function key: it reads better */
	for (size_t i = 0; i < km->n[sec]; i++) {
		if (km->b[sec][i].action != a)
			continue;
		int k = km->b[sec][i].key;
		int printable = k > ' ' && k < KEYMAP_FN;
		if (best < 0 || (printable && !(best > ' ' && best < KEYMAP_FN)))
			best = k;
	}
	return best;
}

int
keymap_key_for(const struct keymap *km, enum action a)
{
	return keymap_key_for_in(km, KEYMAP_KEYS, a);
}

int
keymap_binding_in(const struct keymap *km, enum keymap_section sec, size_t i, enum action *a)
{
	if (i >= km->n[sec])
		return -1;
	*a = km->b[sec][i].action;
	return km->b[sec][i].key;
}

int
keymap_binding(const struct keymap *km, size_t i, enum action *a)
{
	return keymap_binding_in(km, KEYMAP_KEYS, i, a);
}

void
keymap_keys_of(const struct keymap *km, enum keymap_section sec, enum action a, char *out, size_t outlen)
{
	char name[32];
	size_t l = 0;

	if (outlen == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < km->n[sec]; i++) {
		if (km->b[sec][i].action != a)
			continue;
		keymap_key_name(km->b[sec][i].key, name, sizeof name);
		int w = snprintf(out + l, outlen - l, "%s%s", l ? " " : "", name);
		if (w < 0 || (size_t)w >= outlen - l) {
			out[l] = '\0';
			return;
		}
		l += (size_t)w;
	}
}

const char *
keymap_name(const struct keymap *km)
{
	return km->name;
}

struct keymap *
keymap_parse(const char *text, size_t len, const char *filename, const struct keymap *base,
    struct kd_err *err)
{
	struct kvfile *kf = kvfile_parse(text, len, filename, err);
	struct keymap *km;

	if (kf == NULL)
		return NULL;
	km = xcalloc(1, sizeof *km);
	for (int sec = 0; base != NULL && sec < KEYMAP_SECTIONS; sec++) {
		if (base->n[sec] == 0)
			continue;
		km->b[sec] = xreallocarray(NULL, base->n[sec], sizeof *km->b[sec]);
		memcpy(km->b[sec], base->b[sec], base->n[sec] * sizeof *km->b[sec]);
		km->n[sec] = base->n[sec];
	}
	for (size_t i = 0; i < kf->n; i++) {
		struct kv *kv = &kf->kv[i];
		if (strcmp(kv->key, "name") == 0 || strcmp(kv->key, "inherit") == 0)
			continue;
		int sec = KEYMAP_SECTIONS;
		size_t plen = 0;
		for (int j = 0; j < KEYMAP_SECTIONS; j++) {
			plen = strlen(keymap_sections[j]);
			if (strncmp(kv->key, keymap_sections[j], plen) == 0 && kv->key[plen] == '.') {
				sec = j;
				break;
			}
		}
		if (sec == KEYMAP_SECTIONS) {
			kd_err_set(err, KD_ERR_INVALID,
			    "%s:%d: unknown key \"%s\" (expected name, inherit, keys, logs, viewer, shell-prefix or editor)",
			    filename, kv->line, kv->key);
			goto fail;
		}
		const char *keytext = kv->key + plen + 1;
		int key = keymap_key_parse(keytext);
		if (key < 0) {
			kd_err_set(err, KD_ERR_INVALID,
			    "%s:%d: \"%s\" is not a key (a character, ctrl-x, f1..f12, enter, esc, up, pgdn, ...)",
			    filename, kv->line, keytext);
			goto fail;
		}
		int a = action_find(kv->value);
		if (a < 0) {
			kd_err_set(err, KD_ERR_INVALID, "%s:%d: \"%s\" is not an action (see kdeck(5))",
			    filename, kv->line, kv->value);
			goto fail;
		}
		/* an action of a section only there; the general ones in keys, or in logs or viewer
		 * over keys */
		enum keymap_section home = action_info((enum action)a)->section;
		if (a != ACT_NONE && (int)home != sec &&
		    !(home == KEYMAP_KEYS && (sec == KEYMAP_LOGS || sec == KEYMAP_VIEWER))) {
			kd_err_set(err, KD_ERR_INVALID, "%s:%d: %s belongs under %s:, not %s:",
			    filename, kv->line, kv->value, keymap_sections[home], keymap_sections[sec]);
			goto fail;
		}
		keymap_bind_in(km, (enum keymap_section)sec, key, (enum action)a);
	}
	const char *name = kvfile_get(kf, "name");
	km->name = xstrdup(name ? name : filename);
	kvfile_free(&kf);
	return km;
fail:
	kvfile_free(&kf);
	for (int sec = 0; sec < KEYMAP_SECTIONS; sec++)
		free(km->b[sec]);
	free(km);
	return NULL;
}

struct keymap *
keymap_builtin(void)
{
	struct kd_err err;
	return keymap_parse(keymap_builtin_default, strlen(keymap_builtin_default),
	    "built-in default", NULL, &err);
}

struct keymap *
keymap_load(const char *const *dirs, const char *name, struct kd_err *err)
{
	char *path = kvfile_find(dirs, name);
	struct keymap *km = NULL, *base = NULL;
	struct kvfile *kf;

	if (path == NULL) {
		if (strcmp(name, "default") == 0)
			return keymap_builtin();
		kd_err_set(err, KD_ERR_CONFIG,
		    "no keymap \"%s\": put %s.yaml in a keymaps folder (see kdeck(5)), or use default, vim or emacs",
		    name, name);
		return NULL;
	}
	kf = kvfile_load(path, err);
	if (kf == NULL)
		goto done;
	const char *inherit = kvfile_get(kf, "inherit");
	if (inherit != NULL && strcmp(inherit, name) != 0) {
		base = keymap_load(dirs, inherit, err);
		if (base == NULL)
			goto done;
	} else if (inherit != NULL) {
		/* a user's default.yaml that inherits default: the installed or built-in one */
		base = keymap_load(dirs + 1, inherit, err);
		if (base == NULL)
			goto done;
	}
	size_t n;
	char *text = file_read(path, SIZE_MAX, &n);
	if (text != NULL)
		km = keymap_parse(text, n, path, base, err);
	free(text);
done:
	kvfile_free(&kf);
	keymap_free(&base);
	free(path);
	return km;
}

void
keymap_free(struct keymap **km)
{
	if (km == NULL || *km == NULL)
		return;
	free((*km)->name);
	for (int sec = 0; sec < KEYMAP_SECTIONS; sec++)
		free((*km)->b[sec]);
	free(*km);
	*km = NULL;
}
