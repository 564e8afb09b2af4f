/* The editor's text: an array of lines (byte strings, UTF-8 by convention, any bytes
 * kept), a cursor, and the undo history of every change (model/undo.h).
 *
 * A position is a line and a byte offset in it. The text "a\nb\n" has three lines, "a",
 * "b" and "": loading a string and joining it again gives the same bytes.
 *
 * Every edit is recorded: typed characters merge into one undo step until the cursor
 * moves, a newline is typed or a second passes (the caller gives the time, so nothing
 * here reads a clock); textbuf_group_begin/end make anything in between one step (a
 * paste, a replace-all). Positions kept outside (a selection, a mark) are the caller's to
 * adjust; the cursor is adjusted here. Motion, search and the line commands are in
 * textbuf_motion.c, textbuf_search.c and textbuf_lines.c. */
#ifndef KD_TEXTBUF_H
#define KD_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct tb_pos {
	size_t line, col;   /* col in bytes */
};

struct textbuf;

/* An empty text (one empty line), clean. */
struct textbuf *textbuf_new(void);
void textbuf_free(struct textbuf **tb);

/* Replaces the whole text with the n bytes of s; the history is cleared, the cursor is at
 * the start and the text is clean (it is the saved state). */
void textbuf_load(struct textbuf *tb, const char *s, size_t n);
/* The same taking s (malloc'd, n bytes and a NUL; the textbuf's now): a large text is
 * not copied. */
void textbuf_load_take(struct textbuf *tb, char *s, size_t n);
/* The whole text, lines joined by '\n', NUL-terminated; the caller frees it. */
char *textbuf_join_dup(const struct textbuf *tb, size_t *len);

size_t textbuf_line_count(const struct textbuf *tb);
/* Line i (NUL-terminated, without its newline), borrowed until the next edit; NULL past
 * the end. */
const char *textbuf_line(const struct textbuf *tb, size_t i, size_t *len);
size_t textbuf_line_len(const struct textbuf *tb, size_t i);
/* The size of the joined text in bytes. */
size_t textbuf_bytes(const struct textbuf *tb);
/* -1, 0 or 1 as a is before, at or after b. */
int textbuf_pos_cmp(struct tb_pos a, struct tb_pos b);

/* The cursor. Setting it clamps it into the text and onto a character boundary, and
 * ends a typed run when it moves. */
struct tb_pos textbuf_cursor(const struct textbuf *tb);
void textbuf_set_cursor(struct textbuf *tb, struct tb_pos p);

/* Inserts n bytes (newlines split the line) at p; the cursor goes after them, *end (may
 * be NULL) too. One undo step unless in a group. -1 when p is not in the text. */
int textbuf_insert(struct textbuf *tb, struct tb_pos p, const char *s, size_t n,
    struct tb_pos *end, struct kd_err *e);
/* Deletes from a to b (either order); the cursor goes to the start. */
int textbuf_delete(struct textbuf *tb, struct tb_pos a, struct tb_pos b, struct kd_err *e);
/* Replaces a..b by s, as one undo step; *end after the new text. */
int textbuf_replace(struct textbuf *tb, struct tb_pos a, struct tb_pos b, const char *s,
    size_t n, struct tb_pos *end, struct kd_err *e);

/* Typing at the cursor, at now_ms (any monotonic milliseconds). Consecutive characters
 * merge into one undo step, ended by a cursor move, a newline, another kind of edit or a
 * pause over a second; so do consecutive backspaces, and consecutive deletes. */
void textbuf_type(struct textbuf *tb, const char *s, size_t n, int64_t now_ms);
/* Deletes the character before the cursor (joining lines at a line start); 0 when at the
 * start of the text. */
int textbuf_backspace(struct textbuf *tb, int64_t now_ms);
/* Deletes the character at the cursor (joining the next line at a line end); 0 at the
 * end of the text. */
int textbuf_delete_char(struct textbuf *tb, int64_t now_ms);

/* Everything between begin and end is one undo step (they nest); the cursor before the
 * first change and after the last are what undo and redo restore. */
void textbuf_group_begin(struct textbuf *tb);
void textbuf_group_end(struct textbuf *tb);

/* Undoes or redoes one step and puts the cursor where it was; 0 when there is nothing
 * to undo or redo. A new edit clears what could be redone. */
int textbuf_undo(struct textbuf *tb);
int textbuf_redo(struct textbuf *tb);
int textbuf_can_undo(const struct textbuf *tb);
int textbuf_can_redo(const struct textbuf *tb);
/* Whether the text differs from the saved state (by history: undoing back to the saved
 * state makes it clean again). */
int textbuf_dirty(const struct textbuf *tb);
/* The text as it is now is the saved state. */
void textbuf_mark_saved(struct textbuf *tb);

/* Positions (textbuf_motion.c). */

/* The character boundary after and before p, crossing line ends; the end and the start
 * of the text stay where they are. */
struct tb_pos textbuf_next_char(const struct textbuf *tb, struct tb_pos p);
struct tb_pos textbuf_prev_char(const struct textbuf *tb, struct tb_pos p);
/* Characters before byte col on line, and the byte offset of the n-th character. */
size_t textbuf_chars_before(const struct textbuf *tb, size_t line, size_t col);
size_t textbuf_char_to_byte(const struct textbuf *tb, size_t line, size_t nchar);
/* The terminal column where byte col of line starts (wide characters take two, tabs go
 * to the next multiple of TEXTBUF_TAB); the byte offset of the character that covers
 * display column dcol (the line's length past its end). */
#define TEXTBUF_TAB 8
size_t textbuf_display_col(const struct textbuf *tb, size_t line, size_t col);
size_t textbuf_col_at_display(const struct textbuf *tb, size_t line, size_t dcol);
/* The start of the next and of the previous word (letters, digits, '_' and any
 * non-ASCII character; a run of punctuation is a word too), crossing lines. */
struct tb_pos textbuf_next_word(const struct textbuf *tb, struct tb_pos p);
struct tb_pos textbuf_prev_word(const struct textbuf *tb, struct tb_pos p);
/* The bracket ()[]{} matching the one at p, by depth (quotes are not special): 0 and *out
 * set, or -1 when p is not at a bracket or it has no match. */
int textbuf_match_bracket(const struct textbuf *tb, struct tb_pos p, struct tb_pos *out);

/* Search and replace (textbuf_search.c). */

enum {
	TEXTBUF_REGEX = 1,    /* POSIX extended regular expression, else plain text */
	TEXTBUF_ICASE = 2,
};

struct textbuf_query;

/* A compiled search; NULL and e set when the pattern is empty or not a valid regex. */
struct textbuf_query *textbuf_query_new(const char *pattern, int flags, struct kd_err *e);
void textbuf_query_free(struct textbuf_query **q);

/* The first match starting at or after from (forward), or the last one starting before
 * from (backward), line by line; with wrap it goes on from the other end of the text.
 * 1 and *start, *end set when found (*wrapped, which may be NULL, says whether it went
 * round), else 0. */
int textbuf_find(const struct textbuf *tb, const struct textbuf_query *q, struct tb_pos from,
    int backward, int wrap, struct tb_pos *start, struct tb_pos *end, int *wrapped);
/* Replaces the match found forward from `from` (wrapping) by repl, one undo step; for a
 * regex, \0 to \9 in repl are the groups it matched and \\ a backslash. The cursor goes
 * after the new text. 1 when replaced, 0 when nothing matched. */
int textbuf_replace_next(struct textbuf *tb, const struct textbuf_query *q, struct tb_pos from,
    const char *repl);
/* Replaces every match, one undo step (an empty match right after a match is not one,
 * as in sed); the cursor ends on the last line changed. Returns how many. */
size_t textbuf_replace_all(struct textbuf *tb, const struct textbuf_query *q, const char *repl);

/* Commands on lines (textbuf_lines.c). */

/* s with each tab turned into spaces up to the next multiple of tabstop, counting
 * display columns from start_col on the first line and 0 after a newline (a paste into
 * YAML: tabstop 2). The caller frees it. */
char *textbuf_untab_dup(const char *s, size_t n, size_t start_col, int tabstop, size_t *len);
/* Adds n spaces before each non-blank line of first..last (n > 0) or removes up to -n
 * leading spaces (n < 0); one undo step. Returns how many lines changed. */
size_t textbuf_indent(struct textbuf *tb, size_t first, size_t last, int n);
/* Comments the lines first..last with "# " at the smallest indent of their non-blank
 * lines; uncomment removes "# " (or "#") after the indent of the lines that have it;
 * toggle uncomments when every non-blank line is commented, else comments. One undo
 * step each; they return how many lines changed. */
size_t textbuf_comment(struct textbuf *tb, size_t first, size_t last);
size_t textbuf_uncomment(struct textbuf *tb, size_t first, size_t last);
size_t textbuf_comment_toggle(struct textbuf *tb, size_t first, size_t last);

#endif
