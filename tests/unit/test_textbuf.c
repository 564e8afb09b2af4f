#include "t.h"

#include <locale.h>

#include "model/textbuf.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static struct tb_pos
P(size_t line, size_t col)
{
	return (struct tb_pos){ line, col };
}

/* The whole text, in a static buffer ring (valid for the next 4 calls); NULL frees the
 * ring. */
static const char *
text(const struct textbuf *tb)
{
	static char *ring[4];
	static int next;
	if (tb == NULL) {
		for (int i = 0; i < 4; i++)
			free(ring[i]), ring[i] = NULL;
		return NULL;
	}
	char **slot = &ring[next++ % 4];
	free(*slot);
	*slot = textbuf_join_dup(tb, NULL);
	return *slot;
}

static struct textbuf *
load(const char *s)
{
	struct textbuf *tb = textbuf_new();
	textbuf_load(tb, s, strlen(s));
	return tb;
}

T_CASE(textbuf_load_lines_and_join)
{
	struct textbuf *tb = load("a: 1\nb:\n  - x\n");
	size_t len;
	T_EQ_INT(textbuf_line_count(tb), 4);
	T_EQ_STR(textbuf_line(tb, 2, &len), "  - x");
	T_EQ_INT(len, 5);
	T_EQ_STR(textbuf_line(tb, 3, NULL), "");
	T_ASSERT(textbuf_line(tb, 4, NULL) == NULL);
	T_EQ_STR(text(tb), "a: 1\nb:\n  - x\n");
	T_EQ_INT(textbuf_bytes(tb), 14);
	T_ASSERT(!textbuf_dirty(tb));
	textbuf_load(tb, "", 0);
	T_EQ_INT(textbuf_line_count(tb), 1);
	T_EQ_STR(text(tb), "");
	textbuf_free(&tb);
	T_ASSERT(tb == NULL);
	textbuf_free(&tb);
}

T_CASE(textbuf_insert_and_delete)
{
	struct textbuf *tb = load("spec:\n  replicas: 1\n");
	struct kd_err e = { 0 };
	struct tb_pos end;
	T_EQ_INT(textbuf_insert(tb, P(1, 13), "0", 1, &end, &e), 0);
	T_EQ_STR(text(tb), "spec:\n  replicas: 10\n");
	T_EQ_INT(end.line, 1);
	T_EQ_INT(end.col, 14);
	T_EQ_INT(textbuf_cursor(tb).col, 14);
	/* newlines split the line; the tail goes to the last new line */
	T_EQ_INT(textbuf_insert(tb, P(0, 5), "\n  paused: true\n  x: y", 22, &end, &e), 0);
	T_EQ_STR(text(tb), "spec:\n  paused: true\n  x: y\n  replicas: 10\n");
	T_EQ_INT(end.line, 2);
	T_EQ_INT(end.col, 6);
	/* across lines, either order */
	T_EQ_INT(textbuf_delete(tb, P(2, 6), P(0, 5), &e), 0);
	T_EQ_STR(text(tb), "spec:\n  replicas: 10\n");
	T_EQ_INT(textbuf_cursor(tb).line, 0);
	T_EQ_INT(textbuf_cursor(tb).col, 5);
	T_EQ_INT(textbuf_bytes(tb), strlen("spec:\n  replicas: 10\n"));
	/* outside the text: said, nothing changed */
	T_EQ_INT(textbuf_insert(tb, P(9, 0), "x", 1, NULL, &e), -1);
	T_CONTAINS(e.msg, "Line 10");
	T_EQ_INT(textbuf_delete(tb, P(0, 0), P(1, 99), &e), -1);
	T_EQ_STR(text(tb), "spec:\n  replicas: 10\n");
	textbuf_free(&tb);
}

T_CASE(textbuf_undo_redo_with_cursor)
{
	struct textbuf *tb = load("abc\n");
	textbuf_set_cursor(tb, P(0, 1));
	T_EQ_INT(textbuf_insert(tb, P(0, 3), "\ndef", 4, NULL, NULL), 0);
	T_EQ_INT(textbuf_delete(tb, P(0, 0), P(0, 1), NULL), 0);
	T_EQ_STR(text(tb), "bc\ndef\n");
	T_ASSERT(textbuf_dirty(tb));
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "abc\ndef\n");
	T_EQ_INT(textbuf_cursor(tb).line, 1);
	T_EQ_INT(textbuf_cursor(tb).col, 3);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "abc\n");
	T_EQ_INT(textbuf_cursor(tb).col, 1);
	T_ASSERT(!textbuf_dirty(tb));
	T_EQ_INT(textbuf_undo(tb), 0);
	T_EQ_INT(textbuf_redo(tb), 1);
	T_EQ_INT(textbuf_redo(tb), 1);
	T_EQ_STR(text(tb), "bc\ndef\n");
	T_EQ_INT(textbuf_cursor(tb).line, 0);
	T_EQ_INT(textbuf_cursor(tb).col, 0);
	T_EQ_INT(textbuf_redo(tb), 0);
	/* a new edit after an undo clears the redo side */
	T_EQ_INT(textbuf_undo(tb), 1);
	T_ASSERT(textbuf_can_redo(tb));
	textbuf_insert(tb, P(0, 0), "X", 1, NULL, NULL);
	T_ASSERT(!textbuf_can_redo(tb));
	T_EQ_INT(textbuf_redo(tb), 0);
	T_EQ_STR(text(tb), "Xabc\ndef\n");
	textbuf_free(&tb);
}

static void
type(struct textbuf *tb, const char *s, int64_t *now, int64_t step)
{
	for (; *s; s++) {
		textbuf_type(tb, s, 1, *now);
		*now += step;
	}
}

T_CASE(textbuf_typing_merges_into_one_step)
{
	struct textbuf *tb = load("name: \n");
	int64_t now = 5000;
	textbuf_set_cursor(tb, P(0, 6));
	type(tb, "web-1", &now, 200);
	T_EQ_STR(text(tb), "name: web-1\n");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "name: \n");
	T_EQ_INT(textbuf_cursor(tb).col, 6);
	T_EQ_INT(textbuf_can_undo(tb), 0);
	T_EQ_INT(textbuf_redo(tb), 1);
	T_EQ_STR(text(tb), "name: web-1\n");
	T_EQ_INT(textbuf_cursor(tb).col, 11);
	textbuf_free(&tb);
}

T_CASE(textbuf_typing_run_ends_on_move_newline_pause)
{
	struct textbuf *tb = load("\n");
	int64_t now = 0;
	type(tb, "ab", &now, 100);
	now += 1001;                       /* a pause over a second */
	type(tb, "cd", &now, 100);
	type(tb, "\n", &now, 100);         /* a newline is a step of its own */
	type(tb, "ef", &now, 100);
	textbuf_set_cursor(tb, P(0, 0));   /* a move */
	type(tb, "gh", &now, 100);
	textbuf_set_cursor(tb, P(0, 2));   /* where it is already: not a move */
	type(tb, "ij", &now, 100);
	T_EQ_STR(text(tb), "ghijabcd\nef\n");
	const char *want[] = { "abcd\nef\n", "abcd\n\n", "abcd\n", "ab\n", "\n" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		T_EQ_INT(textbuf_undo(tb), 1);
		T_EQ_STR(text(tb), want[i]);
	}
	T_EQ_INT(textbuf_undo(tb), 0);
	textbuf_free(&tb);
}

T_CASE(textbuf_backspace_and_delete_runs_merge)
{
	struct textbuf *tb = load("image: nginx:1.25\nx\n");
	int64_t now = 0;
	textbuf_set_cursor(tb, P(0, 17));
	for (int i = 0; i < 4; i++)
		T_EQ_INT(textbuf_backspace(tb, now += 50), 1);
	T_EQ_STR(text(tb), "image: nginx:\nx\n");
	textbuf_set_cursor(tb, P(0, 0));
	for (int i = 0; i < 7; i++)
		T_EQ_INT(textbuf_delete_char(tb, now += 50), 1);
	T_EQ_STR(text(tb), "nginx:\nx\n");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "image: nginx:\nx\n");
	T_EQ_INT(textbuf_cursor(tb).col, 0);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "image: nginx:1.25\nx\n");
	T_EQ_INT(textbuf_cursor(tb).col, 17);
	/* at a line start backspace joins the lines; at the very start it does nothing */
	textbuf_set_cursor(tb, P(1, 0));
	T_EQ_INT(textbuf_backspace(tb, now), 1);
	T_EQ_STR(text(tb), "image: nginx:1.25x\n");
	textbuf_set_cursor(tb, P(0, 0));
	T_EQ_INT(textbuf_backspace(tb, now), 0);
	textbuf_set_cursor(tb, P(1, 0));
	T_EQ_INT(textbuf_delete_char(tb, now), 0);
	textbuf_free(&tb);
}

T_CASE(textbuf_paste_in_a_group_is_one_step)
{
	struct textbuf *tb = load("data:\n");
	textbuf_set_cursor(tb, P(0, 5));
	textbuf_group_begin(tb);
	textbuf_group_begin(tb);   /* nested: still one step */
	textbuf_type(tb, "\n", 1, 0);
	textbuf_type(tb, "  a: 1", 6, 10);
	textbuf_group_end(tb);
	textbuf_insert(tb, textbuf_cursor(tb), "\n  b: 2", 7, NULL, NULL);
	textbuf_group_end(tb);
	T_EQ_STR(text(tb), "data:\n  a: 1\n  b: 2\n");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "data:\n");
	T_EQ_INT(textbuf_cursor(tb).col, 5);
	T_ASSERT(!textbuf_can_undo(tb));
	T_EQ_INT(textbuf_redo(tb), 1);
	T_EQ_INT(textbuf_cursor(tb).line, 2);
	T_EQ_INT(textbuf_cursor(tb).col, 6);
	/* an empty group leaves no step */
	textbuf_group_begin(tb);
	textbuf_group_end(tb);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "data:\n");
	textbuf_free(&tb);
}

T_CASE(textbuf_cursor_clamps_and_undo_waits_for_the_group)
{
	struct textbuf *tb = load("ab\ncd");
	textbuf_set_cursor(tb, P(7, 7));
	T_EQ_INT(textbuf_cursor(tb).line, 1);
	T_EQ_INT(textbuf_cursor(tb).col, 2);
	textbuf_set_cursor(tb, P(0, 9));
	T_EQ_INT(textbuf_cursor(tb).col, 2);
	/* an open group is not undone half-way */
	textbuf_group_begin(tb);
	textbuf_insert(tb, P(0, 0), "x", 1, NULL, NULL);
	T_EQ_INT(textbuf_undo(tb), 0);
	textbuf_group_end(tb);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "ab\ncd");
	/* typing after an undo starts a new step */
	textbuf_set_cursor(tb, P(1, 2));
	textbuf_type(tb, "e", 1, 0);
	T_EQ_INT(textbuf_undo(tb), 1);
	textbuf_type(tb, "f", 1, 10);
	textbuf_type(tb, "g", 1, 20);
	T_EQ_STR(text(tb), "ab\ncdfg");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "ab\ncd");
	T_EQ_INT(textbuf_undo(tb), 0);
	textbuf_free(&tb);
}

T_CASE(textbuf_dirty_follows_the_saved_state)
{
	struct textbuf *tb = load("a\n");
	int64_t now = 0;
	type(tb, "xy", &now, 10);
	T_ASSERT(textbuf_dirty(tb));
	textbuf_mark_saved(tb);
	T_ASSERT(!textbuf_dirty(tb));
	/* typing on after a save is a new step, so undo returns to the saved text */
	type(tb, "z", &now, 10);
	T_ASSERT(textbuf_dirty(tb));
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "xya\n");
	T_ASSERT(!textbuf_dirty(tb));
	T_EQ_INT(textbuf_undo(tb), 1);
	T_ASSERT(textbuf_dirty(tb));
	T_EQ_INT(textbuf_redo(tb), 1);
	T_ASSERT(!textbuf_dirty(tb));
	/* the saved state gone with the redo side: dirty for good, even if the text is alike */
	T_EQ_INT(textbuf_undo(tb), 1);
	type(tb, "xy", &now, 10);
	T_EQ_STR(text(tb), "xya\n");
	T_ASSERT(textbuf_dirty(tb));
	textbuf_free(&tb);
}

T_CASE(textbuf_multibyte_characters)
{
	struct textbuf *tb = load("name: café 日本\n");
	/* "name: caf" is 9 bytes, é 2, space, 日 3, 本 3 */
	struct tb_pos p = textbuf_next_char(tb, P(0, 9));
	T_EQ_INT(p.col, 11);
	T_EQ_INT(textbuf_prev_char(tb, P(0, 11)).col, 9);
	T_EQ_INT(textbuf_next_char(tb, P(0, 12)).col, 15);
	T_EQ_INT(textbuf_prev_char(tb, P(0, 18)).col, 15);
	T_EQ_INT(textbuf_next_char(tb, P(0, 18)).line, 1);
	T_EQ_INT(textbuf_prev_char(tb, P(1, 0)).col, 18);
	T_EQ_INT(textbuf_chars_before(tb, 0, 18), 13);
	T_EQ_INT(textbuf_char_to_byte(tb, 0, 10), 11);
	T_EQ_INT(textbuf_char_to_byte(tb, 0, 12), 15);
	T_EQ_INT(textbuf_char_to_byte(tb, 0, 99), 18);
	/* the cursor never lands inside a character */
	textbuf_set_cursor(tb, P(0, 10));
	T_EQ_INT(textbuf_cursor(tb).col, 9);
	textbuf_set_cursor(tb, P(0, 14));
	T_EQ_INT(textbuf_cursor(tb).col, 12);
	/* backspace takes a whole character, and undo gives it back */
	textbuf_set_cursor(tb, P(0, 18));
	T_EQ_INT(textbuf_backspace(tb, 0), 1);
	T_EQ_STR(textbuf_line(tb, 0, NULL), "name: café 日");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(textbuf_line(tb, 0, NULL), "name: café 日本");
	/* invalid bytes are one character each */
	textbuf_load(tb, "a\xff\xe6\x97" "b", 5);
	T_EQ_INT(textbuf_next_char(tb, P(0, 1)).col, 2);
	T_EQ_INT(textbuf_next_char(tb, P(0, 2)).col, 3);
	T_EQ_INT(textbuf_prev_char(tb, P(0, 4)).col, 3);
	T_EQ_INT(textbuf_display_col(tb, 0, 5), 5);
	/* an overlong form and a surrogate are not characters either */
	textbuf_load(tb, "\xc0\xaf\xed\xa0\x80", 5);
	T_EQ_INT(textbuf_chars_before(tb, 0, 5), 5);
	textbuf_free(&tb);
}

T_CASE(textbuf_display_columns_of_wide_text)
{
	struct textbuf *tb = load("日本: é\tx\n\te\xcc\x81!");
	/* 日 and 本 take two columns each */
	T_EQ_INT(textbuf_display_col(tb, 0, 3), 2);
	T_EQ_INT(textbuf_display_col(tb, 0, 6), 4);
	T_EQ_INT(textbuf_display_col(tb, 0, 8), 6);    /* after ": " */
	T_EQ_INT(textbuf_display_col(tb, 0, 10), 7);   /* é is one */
	T_EQ_INT(textbuf_display_col(tb, 0, 11), 8);   /* the tab to column 8 */
	T_EQ_INT(textbuf_display_col(tb, 0, 99), 9);
	/* a column in the middle of a wide character is that character */
	T_EQ_INT(textbuf_col_at_display(tb, 0, 0), 0);
	T_EQ_INT(textbuf_col_at_display(tb, 0, 1), 0);
	T_EQ_INT(textbuf_col_at_display(tb, 0, 2), 3);
	T_EQ_INT(textbuf_col_at_display(tb, 0, 3), 3);
	T_EQ_INT(textbuf_col_at_display(tb, 0, 7), 10);  /* in the tab */
	T_EQ_INT(textbuf_col_at_display(tb, 0, 8), 11);
	T_EQ_INT(textbuf_col_at_display(tb, 0, 50), 12);
	/* a combining accent takes no column */
	T_EQ_INT(textbuf_display_col(tb, 1, 5), 10);
	T_EQ_INT(utf8_cp_width(0x65e5), 2);
	T_EQ_INT(utf8_cp_width(0x301), 0);
	T_EQ_INT(utf8_cp_width(0x1b), 2);
	textbuf_free(&tb);
}

T_CASE(textbuf_word_motion)
{
	struct textbuf *tb = load("  image: \"nginx:1.25\"\n\nnext_key: 日本\n");
	struct tb_pos p = P(0, 0);
	size_t want[][2] = { { 0, 2 }, { 0, 7 }, { 0, 9 }, { 0, 10 }, { 0, 15 }, { 0, 16 },
	    { 0, 17 }, { 0, 18 }, { 0, 20 }, { 1, 0 }, { 2, 0 }, { 2, 8 }, { 2, 10 }, { 3, 0 } };
	size_t n = sizeof want / sizeof want[0];
	for (size_t i = 0; i < n; i++) {
		p = textbuf_next_word(tb, p);
		T_ASSERT_MSG(p.line == want[i][0] && p.col == want[i][1],
		    "step %zu: at %zu:%zu, want %zu:%zu", i, p.line, p.col, want[i][0], want[i][1]);
	}
	T_EQ_INT(textbuf_next_word(tb, p).line, 3);   /* the end stays */
	for (size_t i = n - 1; i-- > 0;) {
		p = textbuf_prev_word(tb, p);
		T_ASSERT_MSG(p.line == want[i][0] && p.col == want[i][1],
		    "back %zu: at %zu:%zu, want %zu:%zu", i, p.line, p.col, want[i][0], want[i][1]);
	}
	p = textbuf_prev_word(tb, p);
	T_EQ_INT(p.col, 0);
	T_EQ_INT(textbuf_prev_word(tb, p).col, 0);
	textbuf_free(&tb);
}

T_CASE(textbuf_matching_bracket)
{
	struct textbuf *tb = load("{\"a\": [1, {\"b\": []}],\n\n \"c\": (x)}\n]");
	struct tb_pos m;
	T_EQ_INT(textbuf_match_bracket(tb, P(0, 0), &m), 0);
	T_EQ_INT(m.line, 2);
	T_EQ_INT(m.col, 9);
	T_EQ_INT(textbuf_match_bracket(tb, P(2, 9), &m), 0);
	T_EQ_INT(m.line, 0);
	T_EQ_INT(m.col, 0);
	T_EQ_INT(textbuf_match_bracket(tb, P(0, 6), &m), 0);
	T_EQ_INT(m.col, 19);
	T_EQ_INT(textbuf_match_bracket(tb, P(0, 17), &m), 0);
	T_EQ_INT(m.col, 16);
	T_EQ_INT(textbuf_match_bracket(tb, P(2, 6), &m), 0);
	T_EQ_INT(m.col, 8);
	T_EQ_INT(textbuf_match_bracket(tb, P(0, 1), &m), -1);   /* not a bracket */
	T_EQ_INT(textbuf_match_bracket(tb, P(3, 0), &m), -1);   /* no match */
	T_EQ_INT(textbuf_match_bracket(tb, P(9, 0), &m), -1);
	textbuf_free(&tb);
}

static struct textbuf_query *
query(const char *pat, int flags)
{
	struct kd_err e = { 0 };
	struct textbuf_query *q = textbuf_query_new(pat, flags, &e);
	if (q == NULL)
		printf("# %s\n", e.msg);
	return q;
}

T_CASE(textbuf_search_forward_backward_wrapping)
{
	struct textbuf *tb = load("image: a\nfoo: image\nbar\nIMAGE: b\n");
	struct textbuf_query *q = query("image", 0);
	struct tb_pos s, e;
	int wrapped;
	T_ASSERT(q != NULL);
	T_EQ_INT(textbuf_find(tb, q, P(0, 0), 0, 0, &s, &e, &wrapped), 1);
	T_EQ_INT(s.line, 0);
	T_EQ_INT(s.col, 0);
	T_EQ_INT(e.col, 5);
	T_EQ_INT(wrapped, 0);
	T_EQ_INT(textbuf_find(tb, q, P(0, 1), 0, 0, &s, &e, &wrapped), 1);
	T_EQ_INT(s.line, 1);
	T_EQ_INT(s.col, 5);
	T_EQ_INT(textbuf_find(tb, q, P(1, 6), 0, 0, &s, &e, NULL), 0);
	T_EQ_INT(textbuf_find(tb, q, P(1, 6), 0, 1, &s, &e, &wrapped), 1);
	T_EQ_INT(s.line, 0);
	T_EQ_INT(wrapped, 1);
	/* backward: the last match before from */
	T_EQ_INT(textbuf_find(tb, q, P(1, 5), 1, 0, &s, &e, &wrapped), 1);
	T_EQ_INT(s.line, 0);
	T_EQ_INT(textbuf_find(tb, q, P(0, 0), 1, 0, &s, &e, NULL), 0);
	T_EQ_INT(textbuf_find(tb, q, P(0, 0), 1, 1, &s, &e, &wrapped), 1);
	T_EQ_INT(s.line, 1);
	T_EQ_INT(s.col, 5);
	T_EQ_INT(wrapped, 1);
	textbuf_query_free(&q);
	/* without case, and a regex */
	q = query("image", TEXTBUF_ICASE);
	T_EQ_INT(textbuf_find(tb, q, P(2, 0), 0, 0, &s, &e, NULL), 1);
	T_EQ_INT(s.line, 3);
	textbuf_query_free(&q);
	q = query("^[a-z]+: ([a-z]+)$", TEXTBUF_REGEX);
	T_EQ_INT(textbuf_find(tb, q, P(0, 0), 0, 0, &s, &e, NULL), 1);
	T_EQ_INT(s.line, 0);
	T_EQ_INT(textbuf_find(tb, q, P(0, 1), 0, 0, &s, &e, NULL), 1);
	T_EQ_INT(s.line, 1);   /* ^ holds only at a line's start */
	T_EQ_INT(e.col, 10);
	T_EQ_INT(textbuf_find(tb, q, P(3, 0), 1, 0, &s, &e, NULL), 1);
	T_EQ_INT(s.line, 1);
	textbuf_query_free(&q);
	/* a bad regex is said */
	struct kd_err err = { 0 };
	T_ASSERT(textbuf_query_new("a(b", TEXTBUF_REGEX, &err) == NULL);
	T_CONTAINS(err.msg, "a(b");
	T_ASSERT(textbuf_query_new("", 0, &err) == NULL);
	textbuf_query_free(&q);
	textbuf_free(&tb);
}

T_CASE(textbuf_replace_one_and_all)
{
	const char *orig = "- image: nginx:1.25\n- image: redis:7\n- name: x\n";
	struct textbuf *tb = load(orig);
	struct textbuf_query *q = query("image: ([a-z]+):([0-9.]+)", TEXTBUF_REGEX);
	T_ASSERT(q != NULL);
	T_EQ_INT(textbuf_replace_next(tb, q, P(0, 3), "img: \\2 \\1 \\\\"), 1);
	T_EQ_STR(text(tb), "- image: nginx:1.25\n- img: 7 redis \\\n- name: x\n");
	T_EQ_INT(textbuf_cursor(tb).line, 1);
	T_EQ_INT(textbuf_cursor(tb).col, 16);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), orig);
	T_EQ_INT(textbuf_replace_all(tb, q, "image: \\1:latest"), 2);
	T_EQ_STR(text(tb), "- image: nginx:latest\n- image: redis:latest\n- name: x\n");
	T_EQ_INT(textbuf_undo(tb), 1);   /* all of them at once */
	T_EQ_STR(text(tb), orig);
	T_ASSERT(!textbuf_can_undo(tb));
	textbuf_query_free(&q);
	/* plain text, a replacement that holds the pattern and newlines */
	q = query("- ", 0);
	T_EQ_INT(textbuf_replace_all(tb, q, "- - \n"), 3);
	T_EQ_STR(text(tb), "- - \nimage: nginx:1.25\n- - \nimage: redis:7\n- - \nname: x\n");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), orig);
	textbuf_query_free(&q);
	/* newlines in the replacement, several matches on a line, lines without one between
	 * and around them */
	textbuf_load(tb, "top\na=1 b=2\nnone\nc=3\nend", 25);
	textbuf_set_cursor(tb, P(4, 1));
	q = query("([a-z])=", TEXTBUF_REGEX);
	T_EQ_INT(textbuf_replace_all(tb, q, "\n\\1:"), 3);
	T_EQ_STR(text(tb), "top\n\na:1 \nb:2\nnone\n\nc:3\nend");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "top\na=1 b=2\nnone\nc=3\nend");
	T_EQ_INT(textbuf_cursor(tb).line, 4);
	T_EQ_INT(textbuf_cursor(tb).col, 1);
	textbuf_query_free(&q);
	q = query("x*", TEXTBUF_REGEX);
	textbuf_load(tb, "ab\n\nxc", 6);
	T_EQ_INT(textbuf_replace_all(tb, q, "\n"), 6);
	T_EQ_STR(text(tb), "\na\nb\n\n\n\n\nc\n");
	/* the same without a newline, as sed -E 's/x*\/-/g' does it */
	textbuf_load(tb, "ab\n\nxc", 6);
	T_EQ_INT(textbuf_replace_all(tb, q, "-"), 6);
	T_EQ_STR(text(tb), "-a-b-\n-\n-c-");
	textbuf_query_free(&q);
	textbuf_load(tb, orig, strlen(orig));
	/* empty matches replace once each and end */
	q = query("^", TEXTBUF_REGEX);
	T_EQ_INT(textbuf_replace_all(tb, q, "# "), 4);
	T_EQ_STR(text(tb), "# - image: nginx:1.25\n# - image: redis:7\n# - name: x\n# ");
	textbuf_query_free(&q);
	q = query("absent", 0);
	T_EQ_INT(textbuf_replace_next(tb, q, P(0, 0), "x"), 0);
	T_EQ_INT(textbuf_replace_all(tb, q, "x"), 0);
	textbuf_query_free(&q);
	textbuf_free(&tb);
}

T_CASE(textbuf_untab_for_yaml_pastes)
{
	size_t len;
	char *s = textbuf_untab_dup("a:\n\tb: 1\n\t\tc:\t2\n日\tx", 21, 0, 2, &len);
	T_EQ_STR(s, "a:\n  b: 1\n    c:  2\n日  x");
	T_EQ_INT(len, strlen(s));
	free(s);
	/* the first line goes on from the cursor's column */
	s = textbuf_untab_dup("\tx\n\ty", 5, 3, 2, NULL);
	T_EQ_STR(s, " x\n  y");
	free(s);
}

T_CASE(textbuf_indent_outdent_range)
{
	struct textbuf *tb = load("a:\n b: 1\n\n   c: 2\nd\n");
	textbuf_set_cursor(tb, P(1, 2));
	T_EQ_INT(textbuf_indent(tb, 1, 3, 2), 2);   /* the empty line stays empty */
	T_EQ_STR(text(tb), "a:\n   b: 1\n\n     c: 2\nd\n");
	T_EQ_INT(textbuf_cursor(tb).col, 4);         /* still on 'b' */
	T_EQ_INT(textbuf_indent(tb, 0, 99, -3), 2);
	T_EQ_STR(text(tb), "a:\nb: 1\n\n  c: 2\nd\n");
	T_EQ_INT(textbuf_cursor(tb).col, 1);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), "a:\n b: 1\n\n   c: 2\nd\n");
	T_EQ_INT(textbuf_cursor(tb).col, 2);
	T_EQ_INT(textbuf_indent(tb, 3, 1, 2), 0);    /* an empty range */
	textbuf_free(&tb);
}

T_CASE(textbuf_comment_uncomment_range)
{
	const char *orig = "spec:\n  a: 1\n\n    b: 2\n  #c: 3\n";
	struct textbuf *tb = load(orig);
	T_EQ_INT(textbuf_comment(tb, 1, 3), 2);
	T_EQ_STR(text(tb), "spec:\n  # a: 1\n\n  #   b: 2\n  #c: 3\n");
	T_EQ_INT(textbuf_uncomment(tb, 0, 9), 3);
	T_EQ_STR(text(tb), "spec:\n  a: 1\n\n    b: 2\n  c: 3\n");
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_INT(textbuf_undo(tb), 1);
	T_EQ_STR(text(tb), orig);
	/* toggle comments unless every non-blank line already is one */
	T_EQ_INT(textbuf_comment_toggle(tb, 1, 4), 3);
	T_EQ_STR(text(tb), "spec:\n  # a: 1\n\n  #   b: 2\n  # #c: 3\n");
	T_EQ_INT(textbuf_comment_toggle(tb, 1, 4), 3);
	T_EQ_STR(text(tb), orig);
	T_EQ_INT(textbuf_comment_toggle(tb, 2, 2), 0);
	textbuf_free(&tb);
}

/* A 1 MiB YAML of about 50k lines, with multi-byte text in it. */
static char *
big_text(size_t *len)
{
	struct sbuf b = { 0 };
	for (int i = 0; b.len < (1u << 20) - 32; i++) {
		char line[64];
		int n = snprintf(line, sizeof line, "  k%05d: \"é日 %d\"\n", i, i % 10);
		sbuf_add(&b, line, (size_t)n);
	}
	*len = b.len;
	return b.s;
}

T_CASE(textbuf_mebibyte_round_trip)
{
	size_t n, m;
	char *big = big_text(&n);
	struct textbuf *tb = textbuf_new();
	textbuf_load(tb, big, n);
	T_ASSERT_MSG(textbuf_line_count(tb) > 45000, "%zu lines", textbuf_line_count(tb));
	T_EQ_INT(textbuf_bytes(tb), n);
	char *out = textbuf_join_dup(tb, &m);
	T_EQ_INT(m, n);
	T_ASSERT(memcmp(out, big, n) == 0);
	free(out);
	/* an edit in the middle and its undo */
	size_t mid = textbuf_line_count(tb) / 2;
	textbuf_insert(tb, P(mid, 2), "x\ny\n", 4, NULL, NULL);
	T_EQ_INT(textbuf_bytes(tb), n + 4);
	textbuf_undo(tb);
	out = textbuf_join_dup(tb, &m);
	T_ASSERT(m == n && memcmp(out, big, n) == 0);
	free(out);
	free(big);
	textbuf_free(&tb);
}

/* A text taken (not copied) holds its lines where they are until an edit grows one: every
 * edit of such lines, and a load of one of its own lines, gives the same text as a copy. */
T_CASE(textbuf_taken_text_edits_like_a_copy)
{
	const char *text = "alpha\nbeta\ngamma\ndelta\n";
	struct textbuf *tb = textbuf_new();
	textbuf_load_take(tb, xstrdup(text), strlen(text));
	T_EQ_INT(textbuf_line_count(tb), 5);
	size_t n;
	const char *l = textbuf_line(tb, 2, &n);
	T_ASSERT(n == 5 && strcmp(l, "gamma") == 0);
	textbuf_insert(tb, P(0, 5), "!", 1, NULL, NULL);            /* grows a line */
	textbuf_delete(tb, P(1, 1), P(1, 3), NULL);                  /* shrinks one in place */
	textbuf_delete(tb, P(2, 3), P(3, 2), NULL);                  /* joins two */
	textbuf_insert(tb, P(2, 0), "new\n", 4, NULL, NULL);        /* splits one */
	char *out = textbuf_join_dup(tb, &n);
	T_EQ_STR(out, "alpha!\nba\nnew\ngamlta\n");
	free(out);
	while (textbuf_undo(tb) != 0)
		;
	out = textbuf_join_dup(tb, &n);
	T_EQ_STR(out, text);
	free(out);
	/* its own line loaded: copied before the old lines go */
	l = textbuf_line(tb, 1, &n);
	textbuf_load(tb, l, n);
	out = textbuf_join_dup(tb, &n);
	T_EQ_STR(out, "beta");
	free(out);
	textbuf_free(&tb);
}

/* Many edits of every kind, then undo of each returns the original, and redo of each the
 * edited text. */
T_CASE(textbuf_undo_everything_returns_the_original)
{
	const char *orig = "apiVersion: v1\nkind: ConfigMap\ndata:\n  k: \"é日本\"\n";
	struct textbuf *tb = load(orig);
	unsigned r = 7;
	int64_t now = 0;
	size_t steps = 0;
	for (int i = 0; i < 400; i++) {
		r = r * 1103515245u + 12345u;
		unsigned pick = (r >> 16) % 7;
		size_t line = (r >> 8) % textbuf_line_count(tb);
		struct tb_pos p = P(line, textbuf_char_to_byte(tb, line, (r >> 4) % 9));
		textbuf_set_cursor(tb, p);
		now += 2000;
		if (pick == 0)
			type(tb, "ab日", &now, 10);
		else if (pick == 1)
			textbuf_insert(tb, p, "\n  - é\n", 8, NULL, NULL);
		else if (pick == 2)
			textbuf_backspace(tb, now);
		else if (pick == 3)
			textbuf_delete(tb, p, P(line + 1 < textbuf_line_count(tb) ? line + 1 : line, 0),
			    NULL);
		else if (pick == 4)
			textbuf_indent(tb, line, line + 2, (r & 1) ? 2 : -2);
		else if (pick == 5)
			textbuf_comment_toggle(tb, 0, line);
		else
			textbuf_delete_char(tb, now);
	}
	char *edited = textbuf_join_dup(tb, NULL);
	T_ASSERT(strcmp(edited, orig) != 0);
	while (textbuf_undo(tb))
		steps++;
	T_ASSERT(steps > 100);
	T_EQ_STR(text(tb), orig);
	T_ASSERT(!textbuf_dirty(tb));
	while (textbuf_redo(tb))
		steps--;
	T_EQ_INT(steps, 0);
	T_EQ_STR(text(tb), edited);
	T_EQ_INT(textbuf_bytes(tb), strlen(edited));
	free(edited);
	textbuf_free(&tb);
}

int
main(void)
{
	/* the widths of wide characters come from the locale where it knows them */
	setlocale(LC_CTYPE, "C.UTF-8");
	T_RUN(textbuf_load_lines_and_join);
	T_RUN(textbuf_insert_and_delete);
	T_RUN(textbuf_undo_redo_with_cursor);
	T_RUN(textbuf_typing_merges_into_one_step);
	T_RUN(textbuf_typing_run_ends_on_move_newline_pause);
	T_RUN(textbuf_backspace_and_delete_runs_merge);
	T_RUN(textbuf_paste_in_a_group_is_one_step);
	T_RUN(textbuf_cursor_clamps_and_undo_waits_for_the_group);
	T_RUN(textbuf_dirty_follows_the_saved_state);
	T_RUN(textbuf_multibyte_characters);
	T_RUN(textbuf_display_columns_of_wide_text);
	T_RUN(textbuf_word_motion);
	T_RUN(textbuf_matching_bracket);
	T_RUN(textbuf_search_forward_backward_wrapping);
	T_RUN(textbuf_replace_one_and_all);
	T_RUN(textbuf_untab_for_yaml_pastes);
	T_RUN(textbuf_indent_outdent_range);
	T_RUN(textbuf_comment_uncomment_range);
	T_RUN(textbuf_mebibyte_round_trip);
	T_RUN(textbuf_taken_text_edits_like_a_copy);
	T_RUN(textbuf_undo_everything_returns_the_original);
	text(NULL);
	return t_done();
}
