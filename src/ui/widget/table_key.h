/* The keys every list answers the same way (tmux's mode_tree_key): a table page passes
 * each action here first and handles it itself only when this says APP_UNHANDLED.
 *
 *   static int
 *   xx_action(struct page *pg, enum action a)
 *   {
 *           int r = table_key(xx->t, a, 0);
 *           if (r != APP_UNHANDLED)
 *                   return r;
 *           switch (a) { case ACT_ENTER: ...; }
 *   }
 *
 * What the page then does with the selected or marked rows it asks the table:
 * table_selected_key() for the row under the cursor, table_marked_keys() for the rows
 * an operation acts on. */
#ifndef KD_TABLE_KEY_H
#define KD_TABLE_KEY_H

#include <stddef.h>

#include "ui/widget/keymap.h"
#include "ui/widget/table.h"

/* Keys a list leaves to its page. */
#define TABLE_KEY_NO_MARKS 0x1   /* a pick-one list: a mark would mean nothing */

/* Movement (up, down, page up and down, top, bottom, left, right), marks (mark,
 * mark-clear), wide (when a column is wide-only), sort (next, previous, reverse, by NAME
 * or AGE when the table has that column; nothing at all when the source keeps its own
 * order) and Esc dropping a filter. Returns APP_REDRAW,
 * APP_NOTHING or APP_UNHANDLED (not a table key here: the page's to handle). */
int table_key(struct table *t, enum action a, int flags);

/* The "/" text handed to a list's filter: the rows that match, from the top. 0, or -1
 * with err (a bad regular expression). */
int table_key_filter(struct table *t, const char *text, char *err, size_t errlen);

/* The rows an operation acts on: the marked keys, or the selected row's alone when none
 * is marked; NULL-terminated, empty when the list is. Free with table_keys_free. */
char **table_marked_keys(struct table *t);
void table_keys_free(char ***keys);

#endif
