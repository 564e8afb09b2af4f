/* Shells in the browser: a page showing one session in the shell pane (every key goes to
 * the shell; the prefix key, Ctrl-] unless shellPrefixKey says otherwise, leads the pane's
 * own commands: d back to the browser, n/p next/previous session, s the list, x end); the
 * session list (":sessions") is page_sessions.h. Sessions outlive their page: a hidden
 * one keeps streaming into its terminal until it is ended from the list or kdeck quits. */
#ifndef KD_PAGE_SHELL_H
#define KD_PAGE_SHELL_H

#include "app.h"

struct session;

/* Starts a session in ns/pod/container running argv (NULL: bash, else sh) and shows it;
 * with debug, first adds an ephemeral container (config debugImage) targeting container
 * and attaches to it. c's connection must outlive the session (clusters live until exit). */
void page_shell_open(struct app *app, struct cluster *c, const char *ns, const char *pod,
    const char *container, const char *const *argv, int debug);
/* Shows an existing session. */
struct page *page_shell_new(struct app *app, struct session *s);
/* Ends *s and sets it to NULL, forgetting what was seen of it (a new session may get its
 * address). */
void page_shell_end(struct session **s);
/* Ends every session (at exit, after the pages are gone). */
void page_shell_shutdown(void);

#endif
