/* The all-namespaces key (0) of the resource and workloads lists: from a namespace to
 * all of them, and back to the namespace it left. The namespace left is kept in the app,
 * not in the page, because the list is opened anew each way. */
#ifndef KD_NS_TOGGLE_H
#define KD_NS_TOGGLE_H

struct app;

/* The namespace to show next ("" for all) when the list shows ns ("" all); fallback is
 * the cluster's own namespace, for when nothing was left yet. Borrowed: valid until the
 * next call or the app goes. */
const char *ns_toggle_target(struct app *app, const char *ns, const char *fallback);

#endif
