/* The undo history of a text; see undo.h. */
#include "model/undo.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* How long a pause may be inside one typed run. */
#define UNDO_RUN_MS 1000

struct stack {
	struct undo_step *v;
	size_t n, cap;
};

struct undo {
	struct stack done, undone;
	uint64_t next_id, saved_id;
	/* the open typed run: its kind and its last change; NONE when closed */
	enum undo_run run;
	int64_t run_ms;
	/* the open group: its depth, the cursor at its start, whether its step exists */
	int depth;
	struct tb_pos group_before;
	int group_started;
};

static void
step_clear(struct undo_step *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->recs[i].text);
	free(s->recs);
	memset(s, 0, sizeof(*s));
}

static void
stack_clear(struct stack *st)
{
	for (size_t i = 0; i < st->n; i++)
		step_clear(&st->v[i]);
	st->n = 0;
}

static void
stack_push(struct stack *st, const struct undo_step *s)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->v = xreallocarray(st->v, st->cap, sizeof(*st->v));
	}
	st->v[st->n++] = *s;
}

struct undo *
undo_new(void)
{
	struct undo *u = xcalloc(1, sizeof(*u));
	u->next_id = 1;
	return u;
}

void
undo_free(struct undo **u)
{
	if (*u == NULL)
		return;
	stack_clear(&(*u)->done);
	stack_clear(&(*u)->undone);
	free((*u)->done.v);
	free((*u)->undone.v);
	free(*u);
	*u = NULL;
}

void
undo_clear(struct undo *u)
{
	stack_clear(&u->done);
	stack_clear(&u->undone);
	u->saved_id = 0;
	u->run = UNDO_RUN_NONE;
	u->depth = 0;
	u->group_started = 0;
}

static uint64_t
undo_state(const struct undo *u)
{
	return u->done.n ? u->done.v[u->done.n - 1].id : 0;
}

static void
step_add_rec(struct undo_step *s, enum undo_kind kind, struct tb_pos at, const char *text,
    size_t len)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->recs = xreallocarray(s->recs, s->cap, sizeof(*s->recs));
	}
	struct undo_rec *r = &s->recs[s->n++];
	r->kind = kind;
	r->at = at;
	r->text = xmalloc(len + 1);
	memcpy(r->text, text, len);
	r->text[len] = '\0';
	r->len = len;
}

/* A new step on the done side: what could be redone is gone. */
static struct undo_step *
undo_new_step(struct undo *u, struct tb_pos before)
{
	struct undo_step s = { .before = before, .id = u->next_id++ };
	stack_clear(&u->undone);
	stack_push(&u->done, &s);
	return &u->done.v[u->done.n - 1];
}

/* Whether a typed change continues the open run in the top step, and if so joins it. */
static int
undo_merge(struct undo *u, enum undo_kind kind, struct tb_pos at, const char *text, size_t len,
    enum undo_run run, int64_t now_ms)
{
	if (u->run == UNDO_RUN_NONE || u->run != run || u->done.n == 0 ||
	    now_ms < u->run_ms || now_ms - u->run_ms > UNDO_RUN_MS)
		return 0;
	struct undo_step *s = &u->done.v[u->done.n - 1];
	struct undo_rec *r = &s->recs[s->n - 1];
	if (r->kind != kind || r->at.line != at.line)
		return 0;
	size_t off;
	if (run == UNDO_RUN_TYPE && r->at.col + r->len == at.col)
		off = r->len;          /* after what was typed */
	else if (run == UNDO_RUN_DELETE && r->at.col == at.col)
		off = r->len;          /* the next character deleted at the same place */
	else if (run == UNDO_RUN_BACKSPACE && at.col + len == r->at.col)
		off = 0;               /* the character before what was deleted */
	else
		return 0;
	r->text = xrealloc(r->text, r->len + len + 1);
	memmove(r->text + off + len, r->text + off, r->len - off + 1);
	memcpy(r->text + off, text, len);
	r->len += len;
	if (off == 0)
		r->at = at;
	return 1;
}

void
undo_add(struct undo *u, enum undo_kind kind, struct tb_pos at, const char *text,
    size_t len, struct tb_pos before, struct tb_pos after, enum undo_run run, int64_t now_ms)
{
	struct undo_step *s;
	int newline = memchr(text, '\n', len) != NULL;

	if (u->depth > 0) {
		if (!u->group_started) {
			undo_new_step(u, u->group_before);
			u->group_started = 1;
		}
		s = &u->done.v[u->done.n - 1];
		step_add_rec(s, kind, at, text, len);
		s->after = after;
		return;
	}
	if (!newline && undo_merge(u, kind, at, text, len, run, now_ms)) {
		u->done.v[u->done.n - 1].after = after;
		u->run_ms = now_ms;
		return;
	}
	s = undo_new_step(u, before);
	step_add_rec(s, kind, at, text, len);
	s->after = after;
	u->run = newline ? UNDO_RUN_NONE : run;
	u->run_ms = now_ms;
}

void
undo_break(struct undo *u)
{
	u->run = UNDO_RUN_NONE;
}

void
undo_group_begin(struct undo *u, struct tb_pos cursor)
{
	if (u->depth++ == 0) {
		u->group_before = cursor;
		u->group_started = 0;
	}
	u->run = UNDO_RUN_NONE;
}

void
undo_group_end(struct undo *u, struct tb_pos cursor)
{
	if (u->depth == 0 || --u->depth > 0)
		return;
	if (u->group_started)
		u->done.v[u->done.n - 1].after = cursor;
	u->group_started = 0;
}

const struct undo_step *
undo_undo(struct undo *u)
{
	if (u->done.n == 0 || u->depth > 0)
		return NULL;
	u->run = UNDO_RUN_NONE;
	stack_push(&u->undone, &u->done.v[--u->done.n]);
	return &u->undone.v[u->undone.n - 1];
}

const struct undo_step *
undo_redo(struct undo *u)
{
	if (u->undone.n == 0 || u->depth > 0)
		return NULL;
	u->run = UNDO_RUN_NONE;
	stack_push(&u->done, &u->undone.v[--u->undone.n]);
	return &u->done.v[u->done.n - 1];
}

int undo_can_undo(const struct undo *u) { return u->done.n > 0; }
int undo_can_redo(const struct undo *u) { return u->undone.n > 0; }
int undo_dirty(const struct undo *u) { return undo_state(u) != u->saved_id; }

void
undo_mark_saved(struct undo *u)
{
	u->saved_id = undo_state(u);
	/* typing on would change the saved step itself */
	u->run = UNDO_RUN_NONE;
}
