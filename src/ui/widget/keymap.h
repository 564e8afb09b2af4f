/* Keymaps: key -> named action tables (keymaps/NAME.yaml), so every action has a name, a
 * user can rebind any of them, and the help screen is generated from the active map.
 *
 *   name: vim
 *   inherit: default        # start from another map (optional)
 *   keys:
 *     j: down
 *     ctrl-f: page-down
 *     x: none               # unbinds
 *   logs:                   # the log view's own keys, looked up before keys:
 *     f: log-follow
 *   shell-prefix:           # a shell pane's keys after the prefix key (ctrl-])
 *     d: shell-leave
 *
 * Keys are as curses delivers them: a character (its code point), ctrl-a..ctrl-z (1..26),
 * or a curses KEY_* code plus KEYMAP_FN; alt-x (editor: only) is KEYMAP_ALT plus the key. No curses here beyond the KEY_* constants. */
#ifndef KD_KEYMAP_H
#define KD_KEYMAP_H

#include <stddef.h>

#include "ui/widget/action.h"
#include "util/err.h"

#define KEYMAP_FN 0x200000   /* above every code point: KEY_* codes live here */
/* alt-x: Esc then x (the editor reads them so, as nano does); above every KEY_* code */
#define KEYMAP_ALT 0x400000

struct keymap;

/* The map called name: the first dirs[i]/name.yaml, else the built-in default. NULL
 * with err "file:line: ..." when a file is broken or the name is unknown. */
struct keymap *keymap_load(const char *const *dirs, const char *name, struct kd_err *err);
/* Parses a keymap file's text on top of base (copied; NULL: empty). */
struct keymap *keymap_parse(const char *text, size_t len, const char *filename,
    const struct keymap *base, struct kd_err *err);
struct keymap *keymap_builtin(void);
void keymap_free(struct keymap **km);
const char *keymap_name(const struct keymap *km);

enum action keymap_lookup(const struct keymap *km, int key);
/* Binds (ACT_NONE unbinds). */
void keymap_bind(struct keymap *km, int key, enum action a);
/* The first key bound to a, or -1 (the key-hint line shows it). */
int keymap_key_for(const struct keymap *km, enum action a);
/* Every binding in key order; i from 0 until it returns -1. */
int keymap_binding(const struct keymap *km, size_t i, enum action *a);

/* The same in a section (keymap_lookup and the others above work on keys). */
enum action keymap_lookup_in(const struct keymap *km, enum keymap_section sec, int key);
void keymap_bind_in(struct keymap *km, enum keymap_section sec, int key, enum action a);
int keymap_key_for_in(const struct keymap *km, enum keymap_section sec, enum action a);
int keymap_binding_in(const struct keymap *km, enum keymap_section sec, size_t i, enum action *a);
/* The keys bound to a in sec, by name and separated by spaces ("d q"); "" when none. */
void keymap_keys_of(const struct keymap *km, enum keymap_section sec, enum action a, char *out, size_t outlen);
/* "keys", "logs", "shell-prefix", "viewer", "editor". */
const char *keymap_section_name(enum keymap_section sec);

/* "ctrl-d", "enter", "pgdn", "f1", "j", "G", "space", "<", "alt-u", "shift-up" -> key; -1
 * when not a key. */
int keymap_key_parse(const char *text);
/* The name shown for a key ("ctrl-d", "enter", "j"). */
void keymap_key_name(int key, char *out, size_t outlen);

#endif
