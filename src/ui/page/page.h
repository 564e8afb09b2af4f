/* The one interface every screen implements. A page is drawn in the main area, gets the
 * actions the keymap makes of the keys (or the raw keys first, for a shell), says what
 * its crumb, status and hints are, and is freed when popped. Pages reach the app through
 * the functions of app.h only; they open other pages through typed openers
 * (page_resource_open, page_workloads_open, cmd_use_context), never through command
 * strings. */
#ifndef KD_PAGE_H
#define KD_PAGE_H

#include <stddef.h>

#include "ui/widget/keymap.h"

struct app;
struct cluster;
struct kres;
struct page;

/* One object an operation on the page acts on (ui/opact.h). */
struct page_target {
	struct cluster *cluster;
	const struct kres *res;    /* borrowed from the cluster's discovery */
	char *ns, *name;           /* ns "" when cluster-scoped */
};

/* What a handler asks for (htop's Action.h). */
enum {
	APP_NOTHING = 0,
	APP_REDRAW = 1,      /* repaint (only changed cells reach the terminal) */
	APP_FULL = 2,        /* forget what the terminal shows and repaint all of it */
	APP_UNHANDLED = 4,   /* the page did not use the action */
};

/* Actions in the order the hint line offers them, each with the key bound to it in
 * section (the log view's logs:, then viewer:, then keys:; a viewer's viewer:, then keys:)
 * and the word of words[i] when there is one (a viewer's "/" searches where a list's
 * filters). The app looks the page's keys up in the same sections. */
struct page_hints {
	const enum action *actions;
	size_t n;
	enum keymap_section section;    /* KEYMAP_VIEWER, KEYMAP_LOGS: before keys: */
	const char *const *words;       /* NULL, or n words (NULL: the action's own) */
};

struct page_ops {
	const char *kind;                                          /* "resource", "text", ... */
	void (*draw)(struct page *pg, int y, int h, int w);
	int (*action)(struct page *pg, enum action a);             /* APP_* */
	void (*crumb)(struct page *pg, char *buf, size_t len);
	/* "/" typed text, live: filter rows or search text. 0 or -1 with err */
	int (*filter)(struct page *pg, const char *text, char *err, size_t errlen);
	/* A status for the header ("listing (300)", "reconnecting ..."), may be NULL. */
	void (*status)(struct page *pg, char *buf, size_t len);
	void (*free)(struct page *pg);
	/* Keys before the keymap (a shell pane takes them all), may be NULL. key as curses
	 * gives it (KEYMAP_FN + KEY_* for function keys); APP_UNHANDLED: look it up. */
	int (*key)(struct page *pg, int key);
	/* Whether a paint now would show something new (after app_dirty_rows); NULL: always. */
	int (*changed)(struct page *pg);
	/* The actions the hint line offers here, in order (those without a key are left
	 * out, those not allowed are shown disabled). Only actions the page carries out
	 * belong here: a key is not offered before it works. */
	const struct page_hints *hints;
	/* Draws a hint line of its own instead (a shell: the keys after its prefix), may be
	 * NULL. */
	void (*draw_hints)(struct page *pg);
	/* The objects operations act on here: the marked rows, else the selected one, as a
	 * new array (page_targets_free). 0 when there are none; NULL: the page lists no
	 * objects. */
	size_t (*targets)(struct page *pg, struct page_target **out);
	/* Forgets the marks once an operation took them (may be NULL). */
	void (*unmark)(struct page *pg);
	/* Esc closes it even when it is the only page (a viewer opened on nothing: help
	 * while connecting). */
	int closes_alone;
	/* The cluster of what is on screen when it is not base.cluster (a shell and the log
	 * view keep theirs apart, as they list nothing to check permissions on), may be NULL. */
	struct cluster *(*cluster)(struct page *pg);
};

struct page {
	const struct page_ops *ops;
	struct app *app;
	struct cluster *cluster;   /* the cluster it shows, NULL for app-wide pages */
	int dirty;                 /* model changed: repaint soon */
	/* what the page lists, for permission checks (borrowed from the page; NULL: none) */
	const char *res_group, *res_name, *res_ns;
};

/* The cluster what pg shows belongs to (its header names it), NULL for app-wide pages
 * (the session list) and for pg NULL. */
struct cluster *page_cluster(struct page *pg);

/* Adds one target (the strings are copied). */
void page_targets_add(struct page_target **t, size_t *n, struct cluster *c, const struct kres *res,
    const char *ns, const char *name);
/* Frees n targets; accepts NULL; sets *t = NULL. */
void page_targets_free(struct page_target **t, size_t n);

/* The hint lists most pages share. */
extern const struct page_hints page_hints_browse;   /* a list of resources */
extern const struct page_hints page_hints_list;     /* a table that is not resources */
extern const struct page_hints page_hints_text;     /* a viewer */
extern const struct page_hints page_hints_logs;     /* the log view */

#endif
