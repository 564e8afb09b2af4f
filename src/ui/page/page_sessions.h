/* The list of shell sessions (":sessions", or the shell prefix key then s): #, SESSION,
 * STATUS; Enter shows one, delete ends the marked ones or the selected one. */
#ifndef KD_PAGE_SESSIONS_H
#define KD_PAGE_SESSIONS_H

#include "app.h"

struct page *page_sessions_new(struct app *app);
/* Whether the list is the page on top (a session's change repaints it). */
int page_sessions_shown(struct app *app);

#endif
