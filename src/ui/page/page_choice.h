/* A short list to pick one from (a container, a pod, a template): Enter picks, Esc cancels. The
 * callback runs exactly once, when the page goes: with the index picked, or -1. */
#ifndef KD_PAGE_CHOICE_H
#define KD_PAGE_CHOICE_H

#include <stddef.h>

#include "app.h"

typedef void (*choice_cb)(struct app *app, int index, void *arg);

/* items: n strings (copied); sel: the row selected at first. */
struct page *page_choice_new(struct app *app, const char *title, const char *question,
    const char *const *items, size_t n, size_t sel, choice_cb cb, void *arg);

/* The same with several columns: cells holds n rows of ncols strings (copied), cols the
 * columns' names. */
struct page *page_choice_new_table(struct app *app, const char *title, const char *question,
    const char *const *cols, int ncols, const char *const *cells, size_t n, size_t sel, choice_cb cb,
    void *arg);

#endif
