/* The editor widget without a terminal: keys in, text out. */
#include "t.h"

#include <curses.h>

#include "ui/widget/editor.h"
#include "ui/widget/keymap.h"

#define K(k) (KEYMAP_FN + (k))

static char *last;

static const char *
text(struct editor *ed)
{
	free(last);
	last = editor_text_dup(ed, NULL);
	return last;
}

static struct editor *
load(const char *s, enum editor_lang lang)
{
	struct editor *ed = editor_new();
	editor_load(ed, s, strlen(s), lang);
	return ed;
}

/* Types s key by key at now ms, each key 10 ms after the last. */
static int64_t
type(struct editor *ed, const char *s, int64_t now)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int key = *p;
		if (*p >= 0x80) {
			/* one UTF-8 character as curses delivers it: its code point */
			int n = (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : 3;
			key = *p & (0x3f >> n);
			for (int i = 0; i < n; i++)
				key = key << 6 | (*++p & 0x3f);
		}
		editor_key(ed, key, now);
		now += 10;
	}
	return now;
}

T_CASE(editor_typing_is_one_undo_step)
{
	struct editor *ed = load("a: 1\n", EDITOR_YAML);
	T_ASSERT(!editor_dirty(ed));
	editor_key(ed, K(KEY_END), 0);
	int64_t now = type(ed, "23", 1000);
	T_EQ_STR(text(ed), "a: 123\n");
	T_ASSERT(editor_dirty(ed));
	type(ed, "4", now);
	T_EQ_INT(editor_action(ed, ACT_EDITOR_UNDO, now), EDITOR_CHANGED);
	T_EQ_STR(text(ed), "a: 1\n");
	T_ASSERT(!editor_dirty(ed));
	editor_action(ed, ACT_EDITOR_REDO, now);
	T_EQ_STR(text(ed), "a: 1234\n");
	editor_free(&ed);
}

T_CASE(editor_enter_keeps_the_indent_and_opens_a_block)
{
	struct editor *ed = load("spec:", EDITOR_YAML);
	editor_key(ed, K(KEY_END), 0);
	editor_key(ed, '\r', 0);
	type(ed, "replicas: 2", 10);
	editor_key(ed, '\r', 200);
	type(ed, "x", 300);
	T_EQ_STR(text(ed), "spec:\n  replicas: 2\n  x");
	editor_free(&ed);
	ed = load("{", EDITOR_JSON);
	editor_key(ed, K(KEY_END), 0);
	editor_key(ed, '\r', 0);
	T_EQ_STR(text(ed), "{\n  ");
	editor_free(&ed);
}

T_CASE(editor_tab_is_spaces_in_yaml)
{
	struct editor *ed = load("a:\n", EDITOR_YAML);
	editor_key(ed, K(KEY_DOWN), 0);
	editor_key(ed, '\t', 0);
	type(ed, "b", 10);
	editor_key(ed, '\t', 20);   /* from column 3 to 4 */
	T_EQ_STR(text(ed), "a:\n  b ");
	T_LACKS(text(ed), "\t");
	editor_free(&ed);
}

T_CASE(editor_paste_is_one_step_without_tabs)
{
	struct editor *ed = load("x\n", EDITOR_YAML);
	editor_key(ed, K(KEY_END), 0);
	editor_key(ed, EDITOR_PASTE_BEGIN, 0);
	type(ed, ":\r\tb: 1\r\tc: 2", 10);
	T_EQ_STR(text(ed), "x\n");   /* nothing until the paste ends */
	editor_key(ed, EDITOR_PASTE_END, 500);
	T_EQ_STR(text(ed), "x:\n  b: 1\n  c: 2\n");
	editor_action(ed, ACT_EDITOR_UNDO, 600);
	T_EQ_STR(text(ed), "x\n");
	editor_free(&ed);
}

T_CASE(editor_paste_keeps_tabs_in_json)
{
	struct editor *ed = load("", EDITOR_JSON);
	editor_key(ed, EDITOR_PASTE_BEGIN, 0);
	type(ed, "{\t1}", 10);
	editor_key(ed, EDITOR_PASTE_END, 500);
	T_EQ_STR(text(ed), "{\t1}");
	editor_free(&ed);
}

T_CASE(editor_select_cut_paste)
{
	struct editor *ed = load("abc def\nline2\n", EDITOR_YAML);
	editor_key(ed, K(KEY_SRIGHT), 0);
	editor_key(ed, K(KEY_SRIGHT), 0);
	editor_key(ed, K(KEY_SRIGHT), 0);
	struct tb_pos a, b;
	T_ASSERT(editor_selection(ed, &a, &b));
	T_EQ_INT(b.col, 3);
	T_EQ_INT(editor_action(ed, ACT_EDITOR_CUT, 0), EDITOR_CHANGED);
	T_EQ_STR(text(ed), " def\nline2\n");
	T_EQ_STR(editor_clipboard(ed, NULL), "abc");
	T_ASSERT(!editor_selection(ed, &a, &b));
	editor_key(ed, K(KEY_END), 0);
	editor_action(ed, ACT_EDITOR_PASTE, 0);
	T_EQ_STR(text(ed), " defabc\nline2\n");
	/* a plain arrow after shift-arrows ends the selection; the mark key's does not */
	editor_key(ed, K(KEY_SLEFT), 0);
	editor_key(ed, K(KEY_LEFT), 0);
	T_ASSERT(!editor_selection(ed, &a, &b));
	editor_action(ed, ACT_EDITOR_SELECT, 0);
	editor_key(ed, K(KEY_LEFT), 0);
	T_ASSERT(editor_selection(ed, &a, &b));
	/* typing replaces the selection */
	type(ed, "Z", 10);
	T_EQ_STR(text(ed), " defZbc\nline2\n");
	editor_free(&ed);
}

T_CASE(editor_cut_lines_add_up)
{
	struct editor *ed = load("one\ntwo\nthree\n", EDITOR_YAML);
	editor_action(ed, ACT_EDITOR_CUT, 0);
	editor_action(ed, ACT_EDITOR_CUT, 0);
	T_EQ_STR(text(ed), "three\n");
	T_EQ_STR(editor_clipboard(ed, NULL), "one\ntwo\n");
	editor_key(ed, K(KEY_DOWN), 0);
	editor_action(ed, ACT_EDITOR_PASTE, 0);
	T_EQ_STR(text(ed), "three\none\ntwo\n");
	/* a cut after a move starts a new clipboard */
	editor_action(ed, ACT_EDITOR_TOP, 0);
	editor_action(ed, ACT_EDITOR_CUT, 0);
	T_EQ_STR(editor_clipboard(ed, NULL), "three\n");
	editor_free(&ed);
}

T_CASE(editor_indent_outdent_comment_selection)
{
	struct editor *ed = load("a: 1\nb: 2\nc: 3\n", EDITOR_YAML);
	editor_key(ed, K(KEY_SF), 0);
	editor_key(ed, K(KEY_SF), 0);   /* lines 1 and 2, the end at the start of line 3 */
	editor_key(ed, '\t', 0);
	T_EQ_STR(text(ed), "  a: 1\n  b: 2\nc: 3\n");
	editor_action(ed, ACT_EDITOR_COMMENT, 0);
	T_EQ_STR(text(ed), "  # a: 1\n  # b: 2\nc: 3\n");
	editor_action(ed, ACT_EDITOR_COMMENT, 0);
	editor_action(ed, ACT_EDITOR_OUTDENT, 0);
	T_EQ_STR(text(ed), "a: 1\nb: 2\nc: 3\n");
	editor_free(&ed);
}

T_CASE(editor_wide_characters_move_by_character)
{
	struct editor *ed = load("名前: x\n", EDITOR_YAML);
	editor_key(ed, K(KEY_RIGHT), 0);
	int line, col;
	editor_cursor(ed, &line, &col);
	T_EQ_INT(col, 3);   /* one wide character: two columns */
	type(ed, "é", 10);
	T_EQ_STR(text(ed), "名é前: x\n");
	editor_key(ed, K(KEY_BACKSPACE), 20);
	editor_key(ed, K(KEY_BACKSPACE), 30);
	T_EQ_STR(text(ed), "前: x\n");
	/* up and down keep the display column across wide characters */
	editor_free(&ed);
	ed = load("名前x\nabcde\n", EDITOR_YAML);
	editor_key(ed, K(KEY_END), 0);
	editor_key(ed, K(KEY_DOWN), 0);
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 2);
	T_EQ_INT(col, 6);
	editor_free(&ed);
}

T_CASE(editor_goto_bracket_and_errors)
{
	struct editor *ed = load("{\n  \"a\": [1, 2]\n}\n", EDITOR_JSON);
	editor_action(ed, ACT_EDITOR_BRACKET, 0);
	int line, col;
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 3);
	editor_goto_line(ed, 2);
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 2);
	T_EQ_INT(col, 3);   /* the first non-blank */
	editor_goto_line(ed, 99);
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 4);
	struct editor_mark m[] = { { 2, 8, "bad value" }, { 3, 0, "bad end" } };
	editor_set_marks(ed, m, 2);
	editor_action(ed, ACT_EDITOR_NEXT_ERROR, 0);   /* wraps to the first */
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 2);
	T_EQ_INT(col, 8);
	T_EQ_STR(editor_mark_here(ed), "bad value");
	editor_action(ed, ACT_EDITOR_NEXT_ERROR, 0);
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 3);
	editor_action(ed, ACT_EDITOR_PREV_ERROR, 0);
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 2);
	editor_free(&ed);
}

T_CASE(editor_search_and_replace)
{
	struct kd_err err;
	struct editor *ed = load("image: nginx:1.25\nname: web\nimage: redis:7\n", EDITOR_YAML);
	T_EQ_INT(editor_search(ed, "image: [a-z]+", &err), 1);
	struct tb_pos a, b;
	T_ASSERT(editor_selection(ed, &a, &b));
	T_EQ_INT(a.line, 0);
	T_EQ_INT(b.col, 12);
	T_EQ_INT(editor_search_again(ed, 0), 1);
	editor_selection(ed, &a, &b);
	T_EQ_INT(a.line, 2);
	T_EQ_INT(editor_replace(ed, "image: ([a-z]+):", "image: mirror/\\1:", 1, &err), 2);
	T_EQ_STR(text(ed), "image: mirror/nginx:1.25\nname: web\nimage: mirror/redis:7\n");
	editor_action(ed, ACT_EDITOR_UNDO, 0);
	T_EQ_STR(text(ed), "image: nginx:1.25\nname: web\nimage: redis:7\n");
	T_EQ_INT(editor_search(ed, "", &err), -1);
	/* not a regex: searched as text */
	T_EQ_INT(editor_search(ed, "nginx:1.2[", &err), 0);
	editor_free(&ed);
}

T_CASE(editor_json_toggle_keeps_clean_and_undoes)
{
	struct editor *ed = load("a: 1\n", EDITOR_YAML);
	editor_retext(ed, "{\n  \"a\": 1\n}\n", 13, EDITOR_JSON, 2, 1);
	T_ASSERT(!editor_dirty(ed));
	T_EQ_INT(editor_lang(ed), EDITOR_JSON);
	int line, col;
	editor_cursor(ed, &line, &col);
	T_EQ_INT(line, 2);
	editor_action(ed, ACT_EDITOR_UNDO, 0);
	T_EQ_STR(text(ed), "a: 1\n");
	editor_free(&ed);
	/* a restored text over the loaded one starts unsaved; undo goes back to the loaded */
	ed = load("a: 1\n", EDITOR_YAML);
	editor_retext(ed, "a: 2\n", 5, EDITOR_YAML, 1, 0);
	T_ASSERT(editor_dirty(ed));
	editor_action(ed, ACT_EDITOR_UNDO, 0);
	T_EQ_STR(text(ed), "a: 1\n");
	T_ASSERT(!editor_dirty(ed));
	editor_free(&ed);
}

T_CASE(editor_highlight_yaml_and_json)
{
	unsigned char hl[64];
	const char *s = "  name: \"web\" # c";
	uint32_t st = editor_syntax_line(EDITOR_YAML, s, strlen(s), 0, hl);
	T_EQ_INT(st, 0);
	T_EQ_INT(hl[2], EHL_KEY);
	T_EQ_INT(hl[9], EHL_STRING);
	T_EQ_INT(hl[16], EHL_COMMENT);
	s = "- replicas: 3";
	editor_syntax_line(EDITOR_YAML, s, strlen(s), 0, hl);
	T_EQ_INT(hl[2], EHL_KEY);
	T_EQ_INT(hl[12], EHL_NUMBER);
	/* a block scalar: the deeper lines are its text, a line back at the key's level ends it */
	s = "  script: |";
	st = editor_syntax_line(EDITOR_YAML, s, strlen(s), 0, hl);
	T_ASSERT(st != 0);
	s = "    echo: not a key";
	T_EQ_INT(editor_syntax_line(EDITOR_YAML, s, strlen(s), st, hl), st);
	T_EQ_INT(hl[4], EHL_STRING);
	s = "  next: 1";
	T_EQ_INT(editor_syntax_line(EDITOR_YAML, s, strlen(s), st, hl), 0);
	T_EQ_INT(hl[2], EHL_KEY);
	s = "  \"a\": [true, \"x\", -1.5e3],";
	editor_syntax_line(EDITOR_JSON, s, strlen(s), 0, hl);
	T_EQ_INT(hl[2], EHL_KEY);
	T_EQ_INT(hl[8], EHL_NUMBER);
	T_EQ_INT(hl[14], EHL_STRING);
	T_EQ_INT(hl[19], EHL_NUMBER);
}

/* The highlight state is redone from the changed line on, not from the top. */
T_CASE(editor_highlight_state_follows_edits)
{
	struct editor *ed = load("a: |\n  x: 1\nb: 2\n", EDITOR_YAML);
	T_ASSERT(editor_line_state(ed, 1) != 0);
	T_ASSERT(editor_line_state(ed, 2) != 0);   /* "b: 2" is where it ends */
	T_EQ_INT(editor_line_state(ed, 3), 0);
	/* "a: |" becomes "a: 1": line 2 is a key again */
	editor_key(ed, K(KEY_END), 0);
	editor_key(ed, K(KEY_BACKSPACE), 0);
	type(ed, "1", 10);
	T_EQ_INT(editor_line_state(ed, 1), 0);
	editor_action(ed, ACT_EDITOR_UNDO, 100);   /* the 1 */
	editor_action(ed, ACT_EDITOR_UNDO, 100);   /* the backspace */
	T_EQ_STR(text(ed), "a: |\n  x: 1\nb: 2\n");
	T_ASSERT(editor_line_state(ed, 1) != 0);
	editor_free(&ed);
}

int
main(void)
{
	T_RUN(editor_typing_is_one_undo_step);
	T_RUN(editor_enter_keeps_the_indent_and_opens_a_block);
	T_RUN(editor_tab_is_spaces_in_yaml);
	T_RUN(editor_paste_is_one_step_without_tabs);
	T_RUN(editor_paste_keeps_tabs_in_json);
	T_RUN(editor_select_cut_paste);
	T_RUN(editor_cut_lines_add_up);
	T_RUN(editor_indent_outdent_comment_selection);
	T_RUN(editor_wide_characters_move_by_character);
	T_RUN(editor_goto_bracket_and_errors);
	T_RUN(editor_search_and_replace);
	T_RUN(editor_json_toggle_keeps_clean_and_undoes);
	T_RUN(editor_highlight_yaml_and_json);
	T_RUN(editor_highlight_state_follows_edits);
	free(last);
	return t_done();
}
