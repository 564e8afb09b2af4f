/* The ":" commands, as a table (tmux's cmd_table[]): each command is one entry in a file
 * of src/cmd/ (name, aliases, usage, one line of help, flags, the function that runs
 * it). cmd_run parses a line, finds its entry by name or alias, checks its flags and
 * runs it; completion, the help screen, the keys bound to commands and the man page test
 * read the same table. A command that needs a ready cluster waits for it here, in one
 * place: the line is kept pending and run again once the cluster is connected, or the
 * flash says why the cluster failed.
 *
 * A new command: a file src/cmd/cmd_NAME.c (or its family's file) exporting
 * `const struct cmd_entry cmd_NAME_entry`, one line in cmd_table[] (cmd.c), and its
 * entry in man/kdeck.1's COMMANDS (tests/unit/test_cmd.c fails without it). */
#ifndef KD_CMD_H
#define KD_CMD_H

#include <stddef.h>

#include "ui/widget/keymap.h"

struct app;
struct cluster;
struct discovery;
struct page;
struct page_target;

enum {
	CMD_NEEDS_CLUSTER = 0x1,   /* waits for the current cluster to be ready */
	CMD_MUTATES = 0x2,         /* changes a cluster: refused read-only */
	CMD_CLEARS_STACK = 0x4,    /* opens a first page: every page goes before it runs */
	/* runs any line whose first word is no command's name (":pods", ":deploy -A"); the
	 * one such entry is the resource list, cmd/cmd_resource.c */
	CMD_FALLBACK = 0x8,
	/* a change on the page's rows (an operation): asked while the cluster of the rows
	 * connects, or while the server is still asked whether it is allowed, it waits,
	 * kept with the rows it was asked on, and is asked on them once it can be; Esc and
	 * another screen cancel it */
	CMD_ON_ROWS = 0x10,
};

/* What exec returns. */
enum cmd_retval {
	CMD_RETURN_ERROR = -1,     /* failed: the flash says why */
	CMD_RETURN_NORMAL = 0,
	CMD_RETURN_WAIT = 1,       /* a cluster is not ready yet (cmd_ready): run again later */
};

/* What the words after the name complete to. */
enum cmd_argkind {
	CMD_ARG_NONE,
	CMD_ARG_CONTEXT,      /* the kubeconfig's contexts */
	CMD_ARG_THEME,        /* the built-in themes */
	CMD_ARG_NAMESPACE,    /* the current cluster's namespaces, and -A */
	CMD_ARG_FILE,         /* file names (folders end in "/") */
	CMD_ARG_TEMPLATE,     /* :new's templates (model/template.h) */
};

struct cmd_entry;

struct cmd_args {
	struct app *app;
	const struct cmd_entry *entry;
	int argc;
	char **argv;            /* argv[0] the name as typed, without ':' */
	const char *line;       /* the whole line */
	const char *rest;       /* the text after the name, spaces skipped (":exec CMD") */
	struct cluster *wait;   /* set by cmd_ready: the cluster CMD_RETURN_WAIT waits for */
};

struct cmd_entry {
	const char *name;
	const char *const *alias;    /* NULL-terminated, or NULL */
	const char *usage;           /* ":ctx [NAME]" */
	const char *help;            /* one line for the help screen */
	int flags;                   /* CMD_* */
	enum cmd_argkind args;
	/* The keymap action that runs it ("C" for :clusters), ACT_NONE: none. */
	enum action action;
	/* What the action runs; NULL: exec with the name alone. */
	int (*on_action)(struct app *app);
	int (*exec)(struct cmd_args *a);   /* CMD_RETURN_* */
};

/* Every command, NULL-terminated, in the order the help screen lists them. */
extern const struct cmd_entry *const cmd_table[];

/* Runs a ":" line. 0, or -1 when it failed (the flash says why). */
int cmd_run(struct app *app, const char *line);
/* Runs the command bound to action a: 1 when there is one, 0 when a is no command's. */
int cmd_run_action(struct app *app, enum action a);
/* The entry called name (or aliased so), NULL when none is. */
const struct cmd_entry *cmd_find(const char *name);
/* The ":" prompt's completion (prompt_set_complete's callback; arg is the app). */
size_t cmd_complete(const char *text, size_t *word_start, char **cands, size_t max, void *arg);
/* The candidates for a command's name (word: what is typed so far): what word names
 * exactly first (a command, or a resource of d by its plural), then the commands and
 * their aliases, then d's resources and short names (d NULL: the commands only).
 * Returns how many (at most max); each cands[i] is the caller's to free. */
size_t cmd_complete_name(const struct discovery *d, const char *word, char **cands, size_t max);
/* The files and folders word (a path as typed, "~/" for HOME) may complete to, as words
 * that replace it (a folder with "/" after it), hidden ones only when word's last part
 * starts with ".", sorted. Returns how many (at most max); the caller frees each. */
size_t cmd_complete_file(const char *word, char **cands, size_t max);
/* The ":" prompt opened: starts listing what completion will offer (the namespaces). */
void cmd_prompt_opened(struct app *app);

/* Whether c is ready: CMD_RETURN_NORMAL; CMD_RETURN_WAIT while it connects (a->wait = c);
 * CMD_RETURN_ERROR when it failed, the flash saying why. */
int cmd_ready(struct cmd_args *a, struct cluster *c);
/* The one row a command acts on (:history, :canary, :rollback, :size, :drain, :edit, :exec):
 * the marked row of the page on screen, else its selected row. what names such a row for
 * the user ("workload", "node"). 0 with *t one target (the caller's: page_targets_free(t,
 * 1)); -1 when there is none, the flash saying why: words after a command whose usage
 * names none, a screen that lists no rows, the command not allowed there (read-only,
 * RBAC), no row, several rows marked. */
int cmd_one_target(struct cmd_args *a, const char *what, struct page_target **t);
/* Runs line now when the current cluster has connected or failed, else once it has
 * (NULL: the first screen, the pods); what was waiting, a change too, is forgotten. */
void cmd_defer(struct app *app, const char *line);
/* A cluster connected or failed: runs the pending line. */
void cmd_cluster_changed(struct app *app, struct cluster *c);
/* With each frame: runs a waiting change if it can, looking at it (its page's rows, its
 * permission) only after news (cmd_news) or when the status of the page on top changed. */
void cmd_wake(struct app *app);
/* Something a waiting change may wait for came: an access answer, rows for a list, another
 * page on top. A cluster connecting or failing is cmd_cluster_changed's. */
void cmd_news(void);
/* How many times cmd_wake has looked at a waiting change (for tests: not once a frame). */
unsigned long cmd_wake_looks(void);
/* Key a on pg (NULL: no page yet) while the cluster of its rows connects or its
 * permission is being asked: 1 when it is a change, which now waits (cmd_run), else 0. */
int cmd_change_key(struct app *app, struct page *pg, enum action a);
/* Drops the waiting change: 1 when there was one. first_page: the first page has come,
 * which drops only a change asked on a page (one asked before any row waits for the first
 * page's rows). The flash says so. */
int cmd_cancel_change(struct app *app, int first_page);
/* Forgets the pending line (at exit). */
void cmd_shutdown(void);

/* ---- typed openers of the commands, for pages ---- */
/* Makes CONTEXT current (its namespace from the kubeconfig) and lists RESOURCE there once
 * it has connected. 0, or -1 when there is no such context (the flash says so). */
int cmd_use_context(struct app *app, const char *context, const char *resource);

/* The built-in themes, NULL-terminated, in the order theme-next steps through them. */
extern const char *const cmd_theme_names[];

#endif
