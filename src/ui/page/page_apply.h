/* The plan of ":apply FILE [@CTX,...]": one row per object and cluster (CLUSTER,
 * NAMESPACE, KIND, NAME, PLAN: created, changed +N -M, unchanged, conflict with MANAGER,
 * error), from a server-side apply dry run on each cluster (ops/applyfile.h). Enter shows
 * a row's diff; the apply key applies what is created or changed after one confirm that
 * says how many objects on which clusters; the take-over key applies the conflicts with
 * force, after saying which managers lose which fields. Rows then say applied or failed
 * with the reason. */
#ifndef KD_PAGE_APPLY_H
#define KD_PAGE_APPLY_H

#include <stddef.h>

#include "app.h"

/* Pushes the plan of path on clusters[0..ncl) (ready), ns[i] the namespace of objects
 * without one on clusters[i]. 0, or -1 when the file cannot be read or is not manifests
 * (the flash says FILE:LINE and why). */
int page_apply_open(struct app *app, const char *path, struct cluster *const *clusters,
    const char *const *ns, size_t ncl);

#endif
