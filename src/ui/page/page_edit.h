/* The editor page: one object full screen in the editor widget (ui/widget/editor.h), in
 * YAML or JSON, checked on idle, journalled to the recovery folder while it is edited
 * (ui/editjournal.h), saved through the save flow (ui/editsave.h). */
#ifndef KD_PAGE_EDIT_H
#define KD_PAGE_EDIT_H

#include <stddef.h>

struct app;
struct cluster;
struct editobj;
struct kres;

/* Opens the object for editing: asks the reveal question first for a Secret, loads it
 * (the page says "loading" until it arrives) and opens the editor on its text. */
void page_edit_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name);

/* Opens the editor on o (taken) with text (copied; NULL: o's own text) in the buffer: a
 * new object from a template (editobj_new_text), or a restored recovery file against the
 * object as the server has it now (recovered: the buffer starts unsaved, and the save's
 * conflict check is against the resourceVersion the file was loaded at, rv). */
void page_edit_open_obj(struct app *app, struct editobj *o, const char *text, size_t len,
    int recovered, const char *rv);

/* How many editors hold text not saved (the quit question counts them). */
size_t page_edit_unsaved(struct app *app);

#endif
