/* The audit journal on screen (":audit [@CONTEXT] [ns=NS] [verb=V] [resource=R]
 * [name=N]"): every change and session kdeck journalled, newest first, as a list that
 * moves, filters with "/" and sorts like the others; lines appended while it is open
 * come in. Enter shows the line whole (its body or patch; a Secret's only as its
 * SHA-256, as the journal keeps it). */
#ifndef KD_PAGE_AUDIT_H
#define KD_PAGE_AUDIT_H

#include "app.h"

struct auditlog_query;

/* A new page showing the lines q chooses (q is taken over: its strings are the page's). */
struct page *page_audit_new(struct app *app, struct auditlog_query *q);

#endif
