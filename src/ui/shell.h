/* The shell pane: how a session is shown and driven from the keyboard, in the browser (a
 * page) or full screen (`kdeck --exec`). Every key goes to the shell except the prefix
 * key (Ctrl-] unless config.yaml's shellPrefixKey says otherwise), which the shell can
 * never swallow; after it the keymap's shell-prefix: section (default map):
 *   d or q  leave the pane (the session goes on streaming)     x  end the session
 *   [       scroll back (PgUp/PgDn, arrows, g/G, / and ? search, n/N, y copy, q leaves)
 *   /       search the scrollback     y  copy the screen (or the match) with OSC 52
 *   r       reconnect                 R  start/stop recording
 *   n / p   next / previous session   s  the session list
 *   the prefix again sends it to the shell.
 * When the session has ended, r reconnects and q or Enter leaves without the prefix. */
#ifndef KD_SHELL_H
#define KD_SHELL_H

#include <stddef.h>
#include <stdint.h>

struct session;
struct shellpane;
struct kd_opts;
struct loop;
struct kconn;

enum shell_verdict { SHELL_STAY, SHELL_LEAVE, SHELL_END, SHELL_NEXT, SHELL_PREV, SHELL_LIST,
	SHELL_DEBUG };   /* the image has no shell and the user asked for a debug container */

struct keymap;

/* prefix: "C-]", "ctrl-b", ... (NULL: Ctrl-]). km (borrowed, outlives the pane): the keys
 * after the prefix. */
struct shellpane *shellpane_new(const char *prefix, const struct keymap *km);
void shellpane_free(struct shellpane **p);
int shellpane_prefix(const struct shellpane *p);
/* The pane's owner can add a debug container: on an image without a shell the status line
 * offers the keymap's debug key and the key returns SHELL_DEBUG. Without it the line names
 * kdeck --exec POD --debug. */
void shellpane_offer_debug(struct shellpane *p);
/* A key for session s (fn: a curses KEY_* code). Bracketed pastes arrive as
 * SHELL_KEY_PASTE_BEGIN/END (registered with define_key by shell_keys_init). */
enum shell_verdict shellpane_key(struct shellpane *p, struct session *s, uint32_t ch, int fn);
/* Draws s into rows x cols at (y, x): the terminal and, over its last row, the status
 * when the session ended, a prompt or a message. Returns 1 when the cursor should show. */
int shellpane_draw(struct shellpane *p, struct session *s, int y, int x, int rows, int cols, int full);
/* A message shown on the pane's last row for a few seconds. */
void shellpane_flash(struct shellpane *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define SHELL_KEY_PASTE_BEGIN 0x7f00
#define SHELL_KEY_PASTE_END 0x7f01
/* Teaches curses the bracketed-paste sequences and asks the terminal for them. */
void shell_keys_init(void);
void shell_keys_done(void);
/* Parses "C-x", "ctrl-x", "^x" into the control character; -1 when not one. */
int shell_parse_prefix(const char *s);

/* kdeck --exec NS/POD [-c C] [-- CMD...]: one session full screen. Returns the exit status
 * (the command's exit code when it exited). */
int shell_run(const struct kd_opts *opts);
/* The same without a terminal (stdin or stdout not one, a command given): no tty, no stdin;
 * the command's stdout and stderr go to kdeck's, and its exit code is returned (1 with a
 * sentence on stderr when it could not run, 128+N after signal N). In shell_pipe.c. */
int shell_pipe_run(struct loop *l, struct kconn *conn, const char *ns, const char *pod,
    const char *container, const char *const *argv);
/* kdeck --replay FILE: plays an asciicast v2 recording to the terminal. Returns 0, or 1
 * with a message on stderr. */
int shell_replay(const char *path);

#endif
