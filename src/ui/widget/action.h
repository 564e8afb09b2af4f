/* The action registry: every action a key can be bound to, by name, with its help line,
 * its hint word and what it needs from the cluster (the API verb, the subresource, whether
 * it mutates). Keymaps (keymap.h) bind keys to these; the help screen and the hint line
 * read them. */
#ifndef KD_ACTION_H
#define KD_ACTION_H

enum action {
	ACT_NONE,
	ACT_QUIT, ACT_INTERRUPT, ACT_HELP, ACT_BACK, ACT_ENTER,
	ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM,
	ACT_COMMAND, ACT_FILTER, ACT_SEARCH_NEXT, ACT_SEARCH_PREV, ACT_SEARCH_BACK,
	ACT_DESCRIBE, ACT_YAML, ACT_JSON, ACT_FOLD,
	ACT_ALL_NAMESPACES, ACT_REFRESH, ACT_WIDE,
	ACT_MARK, ACT_MARK_CLEAR,
	ACT_SORT_NEXT, ACT_SORT_PREV, ACT_SORT_REVERSE, ACT_SORT_NAME, ACT_SORT_AGE,
	ACT_REVEAL, ACT_THEME_NEXT,
	ACT_CLUSTERS, ACT_PROJECTS, ACT_PULSE, ACT_CONTEXTS, ACT_NAMESPACES,
	ACT_HELM,
	/* mutations: disabled by --readonly and when permissions say no */
	ACT_DELETE, ACT_EDIT, ACT_EDIT_EXTERNAL, ACT_SCALE, ACT_RESTART, ACT_PAUSE, ACT_RESUME, ACT_LOGS, ACT_SHELL,
	ACT_DEBUG, ACT_PORT_FORWARD, ACT_SESSIONS, ACT_FORWARDS,
	ACT_HISTORY, ACT_ROLLBACK, ACT_DIFF,
	ACT_SIZE,
	ACT_UNDO,
	ACT_CORDON, ACT_UNCORDON, ACT_DRAIN,
	ACT_CANARY, ACT_CANARY_MORE, ACT_CANARY_LESS, ACT_CANARY_PROMOTE, ACT_CANARY_ABORT,
	/* the plan of :apply */
	ACT_APPLY, ACT_TAKE_OVER,
	/* the log view's (section logs) */
	ACT_LOG_FOLLOW, ACT_LOG_PREVIOUS, ACT_LOG_TIMESTAMPS, ACT_LOG_WRAP, ACT_LOG_CONTAINER,
	ACT_LOG_TAIL, ACT_LOG_SINCE, ACT_LOG_SAVE,
	/* after a shell pane's prefix key (section shell-prefix) */
	ACT_SHELL_LEAVE, ACT_SHELL_END, ACT_SHELL_NEXT, ACT_SHELL_PREV, ACT_SHELL_LIST,
	ACT_SHELL_SCROLL, ACT_SHELL_SEARCH, ACT_SHELL_COPY, ACT_SHELL_RECONNECT, ACT_SHELL_RECORD,
	/* the editor's (section editor) */
	ACT_EDITOR_SAVE, ACT_EDITOR_QUIT, ACT_EDITOR_UNDO, ACT_EDITOR_REDO,
	ACT_EDITOR_CUT, ACT_EDITOR_COPY, ACT_EDITOR_PASTE, ACT_EDITOR_SELECT,
	ACT_EDITOR_SEARCH, ACT_EDITOR_SEARCH_NEXT, ACT_EDITOR_SEARCH_PREV, ACT_EDITOR_REPLACE,
	ACT_EDITOR_GOTO, ACT_EDITOR_BRACKET, ACT_EDITOR_NEXT_ERROR, ACT_EDITOR_PREV_ERROR,
	ACT_EDITOR_INDENT, ACT_EDITOR_OUTDENT, ACT_EDITOR_COMMENT, ACT_EDITOR_TOGGLE_JSON,
	ACT_EDITOR_UP, ACT_EDITOR_DOWN, ACT_EDITOR_LEFT, ACT_EDITOR_RIGHT,
	ACT_EDITOR_LINE_START, ACT_EDITOR_LINE_END, ACT_EDITOR_WORD_NEXT, ACT_EDITOR_WORD_PREV,
	ACT_EDITOR_PAGE_UP, ACT_EDITOR_PAGE_DOWN, ACT_EDITOR_TOP, ACT_EDITOR_BOTTOM,
	ACT_EDITOR_DELETE_CHAR,
	ACT_COUNT
};

/* Where a binding applies. A key is looked up in its screen's section first: the log view
 * in logs, then in keys; after the prefix in a shell, in shell-prefix only. */
/* viewer: every viewer's (YAML, describe, help, logs) before keys:; logs: the log view's
 * before viewer:; editor: the editor's only (its other keys type text) */
enum keymap_section { KEYMAP_KEYS, KEYMAP_LOGS, KEYMAP_SHELL_PREFIX, KEYMAP_VIEWER, KEYMAP_EDITOR,
	KEYMAP_SECTIONS };

struct action_info {
	const char *name;        /* "page-down" */
	const char *help;        /* one line for the help screen */
	const char *hint;        /* a short word for the key-hint line, NULL: not shown */
	const char *verb;        /* the API verb it needs ("delete", "patch", "create"), or NULL */
	const char *subresource; /* "log", "exec", "scale" or NULL */
	int mutates;             /* changes the cluster: off with --readonly */
	enum keymap_section section;  /* the one section it may be bound in; KEYMAP_KEYS: keys
	                               * or logs (where it overrides keys in the log view) */
};

const struct action_info *action_info(enum action a);
/* The action called name, ACT_NONE for "none", -1 when unknown. */
int action_find(const char *name);

#endif
