/* The Helm releases of one namespace or all (:helm, M), live from the release Secrets
 * listed and watched with the label selector owner=helm: one row a release, its newest
 * revision (NAME, NAMESPACE, REVISION, STATUS, CHART, APP VERSION, UPDATED, NOTE). The
 * labels give the revision and status at once; the chart and app version come from the
 * newest revision decoded (model/helmrel.h) when it arrives, never on a keystroke. Failed
 * and pending-* releases stand out, and a pending one says that it blocks the next helm
 * upgrade. Enter opens a release's history (page_helmhist.h). */
#ifndef KD_PAGE_HELM_H
#define KD_PAGE_HELM_H

struct app;
struct cluster;
struct page;

/* The releases of ns (NULL or "": every namespace) on c, or NULL with the reason on the
 * flash line (not connected, no Secrets served). */
struct page *page_helm_new(struct app *app, struct cluster *c, const char *ns);

/* The NOTE helm's own words give a release stuck in a pending status: what blocks
 * `helm upgrade`. */
#define PAGE_HELM_PENDING_NOTE "another operation (install/upgrade/rollback) is in progress"

#endif
