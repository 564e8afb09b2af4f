/* The editor widget's state, shared by editor.c (keys) and editor_draw.c (drawing). */
#ifndef KD_EDITOR_PRIV_H
#define KD_EDITOR_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "model/textbuf.h"
#include "ui/widget/editor.h"

struct editor_mark_own {
	int line, col;
	char *msg;
};

struct editor {
	struct textbuf *tb;
	enum editor_lang lang;
	uint64_t gen;                /* text changes */
	size_t top, left;            /* first line and display column on screen */
	int page;                    /* rows a page moves */
	size_t want_col;             /* the display column up and down keep */
	int want_valid;
	int sel, sticky;             /* a selection from anchor to the cursor; sticky: the
	                              * mark key set it and plain motion extends it */
	struct tb_pos anchor;
	char *clip;
	size_t clip_len;
	int last_cut, cut_now;       /* cuts of whole lines in a row add up */
	int in_paste;
	char *paste;
	size_t paste_len, paste_cap;
	struct textbuf_query *query;
	struct editor_mark_own *marks;
	size_t nmarks;
	uint32_t *hl_state;          /* the state each line starts in, for lines < hl_valid */
	size_t hl_valid, hl_cap;
	unsigned char *hl_tmp;
	size_t hl_tmp_cap;
};

/* The text changed from line (0-based) on: its highlight state is to be redone. */
void editor_touched(struct editor *ed, size_t line);

#endif
