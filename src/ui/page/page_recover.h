/* The edits that can be restored (":recover"): the recovery folder's files (util/recovery.h),
 * newest first, as CONTEXT, KIND, NAMESPACE, NAME, SAVED, SIZE, and below them a line for
 * each file that was skipped and why. Enter restores one in the editor against the object
 * as its cluster has it now; delete discards the marked ones or the selected one (asks). */
#ifndef KD_PAGE_RECOVER_H
#define KD_PAGE_RECOVER_H

#include <stddef.h>

#include "util/recovery.h"

struct app;
struct cluster;
struct kres;

struct page *page_recover_new(struct app *app);

/* Restores the file named file (an entry's) on the cluster c of its context: the object
 * loaded as the server has it now and the editor opened on the saved text against the
 * resourceVersion it was saved at; an object that is gone is offered to be created from
 * the text. res: the saved resource in c's discovery. The flash says what failed. */
void page_recover_restore(struct app *app, struct cluster *c, const struct kres *res,
    const char *file);

/* The discovery entry of m's resource on c (group and plural), NULL when c does not
 * serve it. */
const struct kres *page_recover_kres(struct cluster *c, const struct recovery_meta *m);

/* Overwrites a Secret's text read from the folder before it is freed. */
void page_recover_wipe(char *text, size_t len);

/* Says "1 unsaved edit can be restored: :recover" on the flash line when the folder holds
 * any (at start). */
void page_recover_notice(struct app *app);

#endif
