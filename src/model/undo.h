/* The undo history of a text: steps of insert and delete records, each step with the
 * cursor before and after it. It only keeps records; the text (model/textbuf.c) applies
 * them. Typed characters merge into the step before while the run lasts; a group makes
 * everything between its begin and end one step; a new step clears the redo side. The
 * saved state is a step's id, so undoing back to it makes the text clean again. */
#ifndef KD_UNDO_H
#define KD_UNDO_H

#include <stddef.h>
#include <stdint.h>

#include "model/textbuf.h"

enum undo_kind {
	UNDO_INSERT,   /* text was inserted at at */
	UNDO_DELETE,   /* text was deleted from at */
};

/* How a typed edit may merge with the run before it. */
enum undo_run {
	UNDO_RUN_NONE,        /* not typed: never merges */
	UNDO_RUN_TYPE,        /* characters typed one after the other */
	UNDO_RUN_BACKSPACE,   /* deleted backwards, each before the last */
	UNDO_RUN_DELETE,      /* deleted forwards, each at the same place */
};

struct undo_rec {
	enum undo_kind kind;
	struct tb_pos at;
	char *text;
	size_t len;
};

struct undo_step {
	struct undo_rec *recs;
	size_t n, cap;
	struct tb_pos before, after;   /* the cursor */
	uint64_t id;
};

struct undo;

struct undo *undo_new(void);
void undo_free(struct undo **u);
/* Forgets every step; the empty history is the saved state. */
void undo_clear(struct undo *u);

/* Records a change of len bytes of text at at, made with the cursor at before and
 * leaving it at after. A typed change (run not NONE) at now_ms joins the open run of the
 * same kind when it continues it within a second and holds no newline. */
void undo_add(struct undo *u, enum undo_kind kind, struct tb_pos at, const char *text,
    size_t len, struct tb_pos before, struct tb_pos after, enum undo_run run, int64_t now_ms);
/* Ends the open typed run (the cursor moved). */
void undo_break(struct undo *u);
/* Groups nest; the cursor at the outermost end is the step's after. */
void undo_group_begin(struct undo *u, struct tb_pos cursor);
void undo_group_end(struct undo *u, struct tb_pos cursor);

/* The step to revert (its records from the last to the first), moved to the redo side;
 * NULL when there is none. Borrowed until the next change of the history. */
const struct undo_step *undo_undo(struct undo *u);
/* The step to apply again (its records in order), moved back; NULL when none. */
const struct undo_step *undo_redo(struct undo *u);
int undo_can_undo(const struct undo *u);
int undo_can_redo(const struct undo *u);

int undo_dirty(const struct undo *u);
void undo_mark_saved(struct undo *u);

#endif
