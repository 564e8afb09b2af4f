#define _POSIX_C_SOURCE 200809L
/* Keymaps: key names both ways, binding, the shipped maps (every action reachable in the
 * default map), user overrides, broken files, the built-in copy agreeing with the file. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/perm.h"
#include "ui/widget/keymap.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

extern const char keymap_builtin_default[];

static int
round_trip(const char *name)
{
	char buf[32];
	int k = keymap_key_parse(name);
	if (k < 0)
		return 0;
	keymap_key_name(k, buf, sizeof buf);
	return strcmp(buf, name) == 0;
}

int
main(void)
{
	struct kd_err err = { 0 };

	CHECK("keymap_key_letter", keymap_key_parse("j") == 'j' && keymap_key_parse("G") == 'G');
	CHECK("keymap_key_ctrl", keymap_key_parse("ctrl-d") == 4 && keymap_key_parse("ctrl-D") == 4);
	CHECK("keymap_key_named", keymap_key_parse("enter") == '\n' && keymap_key_parse("esc") == 27 &&
	    keymap_key_parse("down") == KEYMAP_FN + KEY_DOWN && keymap_key_parse("f5") == KEYMAP_FN + KEY_F(5));
	CHECK("keymap_key_utf8", keymap_key_parse("é") == 0xe9);
	CHECK("keymap_key_bad", keymap_key_parse("") == -1 && keymap_key_parse("jj") == -1 &&
	    keymap_key_parse("ctrl-1") == -1 && keymap_key_parse("f13") == -1);
	CHECK("keymap_key_round_trip", round_trip("ctrl-d") && round_trip("enter") && round_trip("pgdn") &&
	    round_trip("f1") && round_trip("j") && round_trip("?") && round_trip("é") && round_trip("space"));

	CHECK("action_names", action_find("page-down") == ACT_PAGE_DOWN && action_find("none") == ACT_NONE &&
	    action_find("fly") == -1);
	int named = 1;
	for (int a = 0; a < ACT_COUNT; a++)
		if (action_info(a)->name == NULL || action_info(a)->help == NULL || action_find(action_info(a)->name) != a)
			named = 0;
	CHECK("action_every_one_named_with_help", named);
	/* an operation's needs are its descriptor's (ops/), the others' the registry's */
	CHECK("action_mutations_marked", perm_need(ACT_DELETE).mutates && !perm_need(ACT_DESCRIBE).mutates &&
	    strcmp(perm_need(ACT_DELETE).verb, "delete") == 0 && strcmp(perm_need(ACT_RESTART).verb, "patch") == 0 &&
	    perm_need(ACT_LOGS).verb != NULL);

	struct keymap *km = keymap_builtin();
	CHECK("keymap_builtin", km != NULL && strcmp(keymap_name(km), "default") == 0);
	CHECK("keymap_default_k9s_letters", keymap_lookup(km, 'j') == ACT_DOWN && keymap_lookup(km, 'd') == ACT_DESCRIBE &&
	    keymap_lookup(km, 'y') == ACT_YAML && keymap_lookup(km, ':') == ACT_COMMAND &&
	    keymap_lookup(km, '/') == ACT_FILTER && keymap_lookup(km, '?') == ACT_HELP &&
	    keymap_lookup(km, 27) == ACT_BACK && keymap_lookup(km, 3) == ACT_INTERRUPT &&
	    keymap_lookup(km, '0') == ACT_ALL_NAMESPACES && keymap_lookup(km, 'x') == ACT_REVEAL);
	CHECK("keymap_unbound_is_none", keymap_lookup(km, 'Q') == ACT_NONE);
	CHECK("keymap_return_is_enter", keymap_lookup(km, '\r') == ACT_ENTER &&
	    keymap_lookup(km, KEYMAP_FN + KEY_ENTER) == ACT_ENTER);
	CHECK("keymap_key_for_prefers_letters", keymap_key_for(km, ACT_DOWN) == 'j');
	keymap_bind(km, 'j', ACT_NONE);
	CHECK("keymap_unbind", keymap_lookup(km, 'j') == ACT_NONE &&
	    keymap_key_for(km, ACT_DOWN) == KEYMAP_FN + KEY_DOWN);
	keymap_bind(km, 'Q', ACT_QUIT);
	CHECK("keymap_bind_new", keymap_lookup(km, 'Q') == ACT_QUIT);
	int sorted = 1, prev = -1;
	enum action a;
	for (size_t i = 0; keymap_binding(km, i, &a) >= 0; i++) {
		if (keymap_binding(km, i, &a) <= prev)
			sorted = 0;
		prev = keymap_binding(km, i, &a);
	}
	CHECK("keymap_bindings_in_key_order", sorted && prev > 0);
	keymap_free(&km);

	const char *dirs[] = { "keymaps", NULL };
	struct keymap *vim = keymap_load(dirs, "vim", &err);
	CHECK("keymap_vim_loads_on_default", vim != NULL && keymap_lookup(vim, 4) == ACT_PAGE_DOWN &&
	    keymap_lookup(vim, 'd') == ACT_DESCRIBE && keymap_lookup(vim, 'N') == ACT_SEARCH_PREV);
	CHECK("keymap_vim_editor_keys", vim != NULL && keymap_lookup_in(vim, KEYMAP_EDITOR, 18) == ACT_EDITOR_REDO &&
	    keymap_lookup_in(vim, KEYMAP_EDITOR, KEYMAP_ALT + 'y') == ACT_EDITOR_COPY &&
	    keymap_lookup_in(vim, KEYMAP_EDITOR, 19) == ACT_EDITOR_SAVE);
	keymap_free(&vim);
	struct keymap *emacs = keymap_load(dirs, "emacs", &err);
	CHECK("keymap_emacs_loads", emacs != NULL && keymap_lookup(emacs, 14) == ACT_DOWN &&
	    keymap_lookup(emacs, 7) == ACT_BACK);
	CHECK("keymap_emacs_editor_keys", emacs != NULL && keymap_lookup_in(emacs, KEYMAP_EDITOR, 25) == ACT_EDITOR_PASTE &&
	    keymap_lookup_in(emacs, KEYMAP_EDITOR, 23) == ACT_EDITOR_CUT &&
	    keymap_lookup_in(emacs, KEYMAP_EDITOR, 14) == ACT_EDITOR_DOWN &&
	    keymap_lookup_in(emacs, KEYMAP_EDITOR, KEYMAP_ALT + 'w') == ACT_EDITOR_COPY &&
	    keymap_lookup_in(emacs, KEYMAP_EDITOR, 31) == ACT_EDITOR_UNDO);
	keymap_free(&emacs);
	struct keymap *def = keymap_load(dirs, "default", &err);
	int reachable = def != NULL;
	/* every action is built: each has a key */
	for (int i = 1; def != NULL && i < ACT_COUNT; i++)
		if (keymap_key_for_in(def, action_info(i)->section, i) < 0 &&
		    /* a general action bound only where it works: in every viewer (search-back) */
		    !(action_info(i)->section == KEYMAP_KEYS && keymap_key_for_in(def, KEYMAP_VIEWER, i) >= 0)) {
			printf("# no key for %s\n", action_info(i)->name);
			reachable = 0;
		}
	CHECK("keymap_default_reaches_every_action", reachable);
	CHECK("keymap_default_binds_edit", def != NULL && keymap_lookup(def, 'e') == ACT_EDIT);
	CHECK("keymap_default_scale_pause_resume", def != NULL && keymap_lookup(def, 'S') == ACT_SCALE &&
	    keymap_lookup(def, '[') == ACT_PAUSE && keymap_lookup(def, ']') == ACT_RESUME);
	/* the editor's section: nano's keys, alt as esc then the key */
	CHECK("keymap_default_editor_keys", def != NULL &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, 19) == ACT_EDITOR_SAVE &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, 24) == ACT_EDITOR_QUIT &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, 11) == ACT_EDITOR_CUT &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, 21) == ACT_EDITOR_PASTE &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, 28) == ACT_EDITOR_REPLACE &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, KEYMAP_ALT + 'u') == ACT_EDITOR_UNDO &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, keymap_key_parse("alt-}")) == ACT_EDITOR_INDENT &&
	    keymap_lookup_in(def, KEYMAP_EDITOR, 'q') == ACT_NONE);
	{
		char name[32];
		keymap_key_name(keymap_key_parse("alt-space"), name, sizeof name);
		CHECK("keymap_alt_key_names", strcmp(name, "alt-space") == 0 &&
		    keymap_key_parse("alt-u") == KEYMAP_ALT + 'u' && keymap_key_parse("alt-") < 0 &&
		    keymap_key_parse("alt-f1") < 0 &&
		    keymap_key_parse("shift-up") == KEYMAP_FN + KEY_SR);
	}
	{
		/* an editor action only under editor:, and a general one not there */
		static const char bad[] = "keys:\n  u: editor-undo\n";
		struct keymap *km2 = keymap_parse(bad, sizeof bad - 1, "u.yaml", def, &err);
		CHECK("keymap_editor_action_only_in_editor", km2 == NULL && strstr(err.msg, "editor:") != NULL);
		keymap_free(&km2);
	}
	{
		/* a user's map that binds edit still loads (the action keeps its name) */
		static const char text[] = "keys:\n  e: edit\n";
		struct keymap *user = keymap_parse(text, sizeof text - 1, "user.yaml", def, &err);
		CHECK("keymap_user_may_bind_edit", user != NULL && keymap_lookup(user, 'e') == ACT_EDIT);
		keymap_free(&user);
	}
	CHECK("keymap_default_log_keys", def != NULL &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'f') == ACT_LOG_FOLLOW &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'p') == ACT_LOG_PREVIOUS &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 't') == ACT_LOG_TIMESTAMPS &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'w') == ACT_LOG_WRAP &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'c') == ACT_LOG_CONTAINER &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'T') == ACT_LOG_TAIL &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 's') == ACT_LOG_SINCE &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'S') == ACT_LOG_SAVE &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'n') == ACT_SEARCH_NEXT &&
	    keymap_lookup_in(def, KEYMAP_LOGS, 'N') == ACT_SEARCH_PREV);
	/* search is the same keys in every viewer: / ? n N, help on f1 there */
	CHECK("keymap_default_viewer_keys", def != NULL &&
	    keymap_lookup(def, '/') == ACT_FILTER &&
	    keymap_lookup_in(def, KEYMAP_VIEWER, '?') == ACT_SEARCH_BACK &&
	    keymap_lookup_in(def, KEYMAP_VIEWER, 'n') == ACT_SEARCH_NEXT &&
	    keymap_lookup_in(def, KEYMAP_VIEWER, 'N') == ACT_SEARCH_PREV &&
	    keymap_lookup(def, '?') == ACT_HELP && keymap_key_for_in(def, KEYMAP_VIEWER, ACT_HELP) < 0 &&
	    keymap_lookup(def, keymap_key_parse("f1")) == ACT_HELP);
	{
		/* general actions may go under viewer:, a section's own may not */
		static const char ok_text[] = "viewer:\n  x: search-next\n";
		static const char bad_text[] = "viewer:\n  x: log-follow\n";
		struct keymap *u = keymap_parse(ok_text, sizeof ok_text - 1, "user.yaml", def, &err);
		CHECK("keymap_viewer_takes_general", u != NULL && keymap_lookup_in(u, KEYMAP_VIEWER, 'x') == ACT_SEARCH_NEXT);
		keymap_free(&u);
		u = keymap_parse(bad_text, sizeof bad_text - 1, "user.yaml", def, &err);
		CHECK("keymap_viewer_refuses_log_keys", u == NULL && strstr(err.msg, "belongs under logs:") != NULL);
		keymap_free(&u);
	}
	/* the sections are apart: s is a shell in a list, since in the log view */
	CHECK("keymap_sections_apart", def != NULL && keymap_lookup(def, 's') == ACT_SHELL &&
	    keymap_lookup(def, 'f') == ACT_NONE && keymap_lookup_in(def, KEYMAP_LOGS, 'j') == ACT_NONE &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'j') == ACT_NONE);
	CHECK("keymap_default_shell_prefix_keys", def != NULL &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'd') == ACT_SHELL_LEAVE &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'q') == ACT_SHELL_LEAVE &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'x') == ACT_SHELL_END &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'n') == ACT_SHELL_NEXT &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'p') == ACT_SHELL_PREV &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 's') == ACT_SHELL_LIST &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, '[') == ACT_SHELL_SCROLL &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, KEYMAP_FN + KEY_PPAGE) == ACT_SHELL_SCROLL &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, '/') == ACT_SHELL_SEARCH &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'y') == ACT_SHELL_COPY &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'r') == ACT_SHELL_RECONNECT &&
	    keymap_lookup_in(def, KEYMAP_SHELL_PREFIX, 'R') == ACT_SHELL_RECORD);
	char keys[64];
	keymap_keys_of(def, KEYMAP_SHELL_PREFIX, ACT_SHELL_LEAVE, keys, sizeof keys);
	CHECK("keymap_keys_of", strcmp(keys, "d q") == 0);
	keymap_keys_of(def, KEYMAP_LOGS, ACT_SHELL_LEAVE, keys, sizeof keys);
	CHECK("keymap_keys_of_none", keys[0] == '\0');
	keymap_free(&def);
	vim = keymap_load(dirs, "vim", &err);
	emacs = keymap_load(dirs, "emacs", &err);
	CHECK("keymap_vim_emacs_log_and_prefix_keys", vim != NULL && emacs != NULL &&
	    keymap_lookup_in(vim, KEYMAP_LOGS, 'f') == ACT_LOG_FOLLOW &&
	    keymap_lookup_in(vim, KEYMAP_SHELL_PREFIX, 'd') == ACT_SHELL_LEAVE &&
	    keymap_lookup_in(emacs, KEYMAP_LOGS, 19) == ACT_SEARCH_NEXT &&
	    keymap_lookup_in(emacs, KEYMAP_LOGS, 18) == ACT_SEARCH_PREV &&
	    keymap_lookup_in(emacs, KEYMAP_LOGS, 'f') == ACT_LOG_FOLLOW &&
	    keymap_lookup_in(emacs, KEYMAP_SHELL_PREFIX, 'x') == ACT_SHELL_END);
	keymap_free(&vim);
	keymap_free(&emacs);
	CHECK("keymap_key_ctrl_bracket", keymap_key_parse("ctrl-]") == 0x1d && round_trip("ctrl-]") &&
	    keymap_key_parse("ctrl-[") == 27);

	const char *user = "name: mine\nkeys:\n  j: none\n  ctrl-j: down\n";
	struct keymap *base = keymap_builtin();
	struct keymap *mine = keymap_parse(user, strlen(user), "mine.yaml", base, &err);
	CHECK("keymap_user_override", mine != NULL && keymap_lookup(mine, 'j') == ACT_NONE &&
	    keymap_lookup(mine, 10) == ACT_DOWN && keymap_lookup(mine, 'k') == ACT_UP);
	keymap_free(&mine);
	const char *user2 = "name: mine\nlogs:\n  F: log-follow\n  f: none\n  j: page-down\n"
	    "shell-prefix:\n  l: shell-leave\n  d: none\n";
	mine = keymap_parse(user2, strlen(user2), "mine.yaml", base, &err);
	CHECK("keymap_user_override_sections", mine != NULL &&
	    keymap_lookup_in(mine, KEYMAP_LOGS, 'F') == ACT_LOG_FOLLOW &&
	    keymap_lookup_in(mine, KEYMAP_LOGS, 'f') == ACT_NONE &&
	    keymap_lookup_in(mine, KEYMAP_LOGS, 'j') == ACT_PAGE_DOWN &&
	    keymap_lookup_in(mine, KEYMAP_LOGS, 't') == ACT_LOG_TIMESTAMPS &&
	    keymap_lookup_in(mine, KEYMAP_SHELL_PREFIX, 'l') == ACT_SHELL_LEAVE &&
	    keymap_lookup_in(mine, KEYMAP_SHELL_PREFIX, 'd') == ACT_NONE &&
	    keymap_lookup_in(mine, KEYMAP_SHELL_PREFIX, 'q') == ACT_SHELL_LEAVE &&
	    keymap_lookup(mine, 'j') == ACT_DOWN && keymap_lookup(mine, 'F') == ACT_PORT_FORWARD);
	keymap_free(&mine);
	const char *misplaced = "name: x\nkeys:\n  f: log-follow\n";
	CHECK("keymap_log_action_under_keys", keymap_parse(misplaced, strlen(misplaced), "x.yaml", base, &err) == NULL &&
	    strstr(err.msg, "x.yaml:3") && strstr(err.msg, "log-follow belongs under logs:"));
	const char *misplaced2 = "name: x\nshell-prefix:\n  j: down\n";
	CHECK("keymap_general_action_under_shell_prefix", keymap_parse(misplaced2, strlen(misplaced2), "x.yaml", base, &err) == NULL &&
	    strstr(err.msg, "down belongs under keys:"));
	const char *misplaced3 = "name: x\nlogs:\n  d: shell-leave\n";
	CHECK("keymap_prefix_action_under_logs", keymap_parse(misplaced3, strlen(misplaced3), "x.yaml", base, &err) == NULL &&
	    strstr(err.msg, "shell-leave belongs under shell-prefix:"));
	const char *nosection = "name: x\nlog:\n  f: log-follow\n";
	CHECK("keymap_unknown_section", keymap_parse(nosection, strlen(nosection), "x.yaml", base, &err) == NULL &&
	    strstr(err.msg, "x.yaml:3") && strstr(err.msg, "shell-prefix"));
	const char *bad = "name: x\nkeys:\n  j: down\n  k: jump\n";
	CHECK("keymap_unknown_action_file_line", keymap_parse(bad, strlen(bad), "x.yaml", base, &err) == NULL &&
	    strstr(err.msg, "x.yaml:4") && strstr(err.msg, "jump"));
	const char *bad2 = "name: x\nkeys:\n  ctrl-%: down\n";
	CHECK("keymap_bad_key_file_line", keymap_parse(bad2, strlen(bad2), "x.yaml", base, &err) == NULL &&
	    strstr(err.msg, "x.yaml:3"));
	CHECK("keymap_unknown_name", keymap_load(dirs, "nosuch", &err) == NULL && strstr(err.msg, "nosuch"));
	keymap_free(&base);
	keymap_free(&base);

	FILE *f = fopen("keymaps/default.yaml", "r");
	char buf[16384] = "";
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	buf[n] = '\0';
	if (f) fclose(f);
	CHECK("keymap_builtin_equals_file", strcmp(buf, keymap_builtin_default) == 0);
	return failed;
}
