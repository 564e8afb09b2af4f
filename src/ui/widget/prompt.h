/* The one-line editor behind ":" (commands), "/" (filter, search) and questions: UTF-8
 * text with a cursor, Tab completion from a candidate callback (the common prefix, then
 * cycling), and history (Up/Down) kept per prompt kind. */
#ifndef KD_PROMPT_H
#define KD_PROMPT_H

#include <stddef.h>

/* Fills cands (up to max) with completions of the word being typed; returns how many.
 * word_start: set to the byte offset in text where the completed word starts. */
typedef size_t (*prompt_complete_fn)(const char *text, size_t *word_start, char **cands,
    size_t max, void *arg);

struct prompt;

struct prompt *prompt_new(const char *lead);
void prompt_free(struct prompt **p);
/* Starts editing with text (may be NULL) and forgets any completion in progress. */
void prompt_open(struct prompt *p, const char *text);
const char *prompt_text(const struct prompt *p);
const char *prompt_lead(const struct prompt *p);
/* A new lead (a search backward is "?"). */
void prompt_set_lead(struct prompt *p, const char *lead);
void prompt_set_complete(struct prompt *p, prompt_complete_fn fn, void *arg);

enum prompt_result { PROMPT_EDITING, PROMPT_CHANGED, PROMPT_DONE, PROMPT_CANCEL };
/* Feeds one key (a code point, a control character or KEYMAP_FN + KEY_*). */
enum prompt_result prompt_key(struct prompt *p, int key);
/* Adds a finished line to the history (no duplicates in a row). */
void prompt_history_add(struct prompt *p, const char *line);
size_t prompt_history_count(const struct prompt *p);
/* The cursor's byte offset. */
size_t prompt_cursor(const struct prompt *p);

/* Draws lead + text on row y, with the cursor shown; a lead too long for the row (a
 * question) is cut, leaving room for the text. */
void prompt_draw(struct prompt *p, int y, int w);

#endif
