/* A size from a page (Z, :size): the selected workload read, its containers' requests and
 * limits in a form with their pods' usage beside them, each value checked as it is typed;
 * then what changes as the question (the name typed on a production context), the patch
 * sent, and the rollout progress view. A no, a check at the question that fails or a patch
 * the server refuses brings the form back with the values as they were typed. */
#ifndef KD_SIZEFORM_H
#define KD_SIZEFORM_H

struct app;
struct page;
struct page_target;

/* The form for t, the selected row of pg (cmd_one_target): 0 when the workload is being
 * read for it, -1 when refused (the flash says why). */
int sizeform_start(struct app *app, struct page *pg, const struct page_target *t);

#endif
