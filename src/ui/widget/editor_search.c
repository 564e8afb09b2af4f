/* The editor widget's search and replace; see editor.h. */
#include <stdlib.h>

#include "ui/widget/editor.h"
#include "ui/widget/editor_priv.h"

static struct textbuf_query *
editor_query(const char *pattern, struct kd_err *err)
{
	struct textbuf_query *q = textbuf_query_new(pattern, TEXTBUF_REGEX, err);
	if (q == NULL && pattern[0] != '\0')
		q = textbuf_query_new(pattern, 0, err);
	return q;
}

static int
editor_find_from(struct editor *ed, struct tb_pos from, int backward)
{
	struct tb_pos s, e;
	int wrapped;
	if (ed->query == NULL || !textbuf_find(ed->tb, ed->query, from, backward, 1, &s, &e, &wrapped))
		return 0;
	ed->want_valid = 0;
	textbuf_set_cursor(ed->tb, s);
	ed->anchor = e;
	ed->sel = textbuf_pos_cmp(s, e) != 0;
	ed->sticky = 0;
	return 1;
}

int
editor_search(struct editor *ed, const char *pattern, struct kd_err *err)
{
	struct textbuf_query *q = editor_query(pattern, err);
	if (q == NULL)
		return -1;
	textbuf_query_free(&ed->query);
	ed->query = q;
	return editor_find_from(ed, textbuf_cursor(ed->tb), 0);
}

int
editor_search_again(struct editor *ed, int backward)
{
	struct tb_pos c = textbuf_cursor(ed->tb);
	if (!backward)
		c = textbuf_next_char(ed->tb, c);
	return editor_find_from(ed, c, backward);
}

long
editor_replace(struct editor *ed, const char *pattern, const char *repl, int all, struct kd_err *err)
{
	struct textbuf_query *q = editor_query(pattern, err);
	long n;
	if (q == NULL)
		return -1;
	ed->sel = ed->sticky = 0;
	if (all)
		n = (long)textbuf_replace_all(ed->tb, q, repl);
	else
		n = textbuf_replace_next(ed->tb, q, textbuf_cursor(ed->tb), repl);
	if (n > 0)
		editor_touched(ed, 0);
	textbuf_query_free(&ed->query);
	ed->query = q;
	return n;
}
