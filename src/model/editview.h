/* The object as the editor shows it, as kubectl edit shows it: without
 * metadata.managedFields and status, and with the kubectl.kubernetes.io/
 * last-applied-configuration annotation folded into a one-line placeholder. What is hidden
 * is kept aside, so that the edited text can be given it back before the diff and the
 * save. */
#ifndef KD_EDITVIEW_H
#define KD_EDITVIEW_H

#include <cjson/cJSON.h>

#include "model/doc_stream.h"

#define EDITVIEW_LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

/* What editview_new took out; the caller frees it with editview_hidden_free. */
struct editview_hidden {
	cJSON *status;           /* NULL when the object had none */
	cJSON *managed_fields;   /* NULL when the object had none */
	char *last_applied;      /* the annotation's value, or NULL */
	char *placeholder;       /* what the view holds in its place, or NULL */
	int borrowed;            /* editview_borrow's: status, managed_fields and last_applied
	                          * are obj's own (not copies), and obj must outlive them */
};

/* A new tree: obj without what the editor hides, which goes into *h. */
cJSON *editview_new(const cJSON *obj, struct editview_hidden *h);
/* The same view without copying obj: its nodes are references into obj, which must
 * outlive it and not change while it lives (cJSON_Delete frees only the view's own nodes;
 * never change the view's values). What is hidden is obj's too (h->borrowed), so obj must
 * outlive *h as well, or editview_hidden_own must copy it first. For turning a large
 * object into the editor's text at no cost of a copy. NULL when memory ran out. */
cJSON *editview_borrow(const cJSON *obj, struct editview_hidden *h);
/* Gives edited (the tree of the edited text) back what was hidden: status and
 * managedFields where it has none, the annotation where it still holds the placeholder.
 * An annotation the user removed or rewrote stays as the user left it. What is given
 * back is h's own, not copied (references: a large annotation or managedFields is not
 * held twice), so edited may be read and deleted but must not outlive h (nor what h
 * borrows); cJSON_Duplicate makes a tree of its own. */
void editview_restore(cJSON *edited, const struct editview_hidden *h);
/* What the view holds in place of a last-applied annotation of this value: its size, in
 * one line ("(folded, 50000 lines, 1200000 bytes, kept as loaded)"). A new string. */
char *editview_placeholder(const char *value);
/* The view as a filter of doc_stream_yaml (arg unused): an object's JSON text written as
 * the YAML of editview_borrow's view, without a tree. */
enum doc_stream_act editview_stream_filter(void *arg, const struct doc_stream_member *m, char **with);
/* What *h borrows made its own copies (before what it borrows from goes). */
void editview_hidden_own(struct editview_hidden *h);
void editview_hidden_free(struct editview_hidden *h);

#endif
