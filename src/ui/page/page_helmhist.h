/* The history of one Helm release (Enter on a release in :helm): its revisions newest
 * first (REVISION, UPDATED, STATUS, CHART, APP VERSION, DESCRIPTION) from the release's
 * Secrets (label selector owner=helm,name=NAME), live. On a revision: its manifest,
 * values (user-supplied, or all with the chart's defaults when the release holds them),
 * notes and hooks as text, decoded when opened; a marked revision and the selected one
 * (nothing marked: the one before the selected) diffed, manifests or values. */
#ifndef KD_PAGE_HELMHIST_H
#define KD_PAGE_HELMHIST_H

struct app;
struct cluster;

/* Pushes the history of release name in ns on c. 0, or -1 with the reason on the flash
 * line. */
int page_helmhist_open(struct app *app, struct cluster *c, const char *ns, const char *name);

#endif
