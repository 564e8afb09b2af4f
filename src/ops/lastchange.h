/* The last change kdeck made on each cluster, kept so that :undo can take it back. An
 * operation that has been done notes it here with the requests that put back what was
 * there before (each a patch it could compute from what it read first: a scale's earlier
 * count, a Deployment's earlier pod template, a container's earlier resources, a node's
 * unschedulable), and for each what it set, so that an undo can see that somebody else
 * changed the object since and ask. A change that cannot be undone (a delete) is noted
 * too, with why, so that :undo says so instead of undoing the one before. One change per
 * cluster: the newest replaces the one before; an undo, once done, is noted as a change
 * of its own (so a second undo redoes). With a folder to persist in, each context's is
 * kept there as well (a file per context, 0600), so a kdeck started again can undo it. */
#ifndef KD_LASTCHANGE_H
#define KD_LASTCHANGE_H

#include <stddef.h>
#include <time.h>

struct kres;

/* One request of an undo: a patch to one object (or its subresource). */
struct lastchange_step {
	struct kres *res;       /* a copy */
	char *ns;               /* "" when cluster-scoped */
	char *name;
	char *subresource;      /* "scale", or NULL for the object itself */
	int patch_type;         /* API_PATCH_* (kube/api.h) */
	char *patch;            /* what puts back the earlier state */
	char *path;             /* the JSON pointer of what the change set ("/spec/replicas"),
	                         * on the object as read (or its subresource), NULL: not checked */
	char *set;              /* the value there as the change left it, as compact JSON ("3");
	                         * an undo shows and asks when the object holds another */
};

struct lastchange {
	char *context;          /* the cluster's context */
	char *what;             /* the change done, past tense ("scaled deployment web in shop
	                         * on prod from 5 to 3") */
	char *undo;             /* what an undo does ("scale deployment web in shop on prod
	                         * back to 5"); NULL when it cannot be undone */
	char *why_not;          /* when it cannot: why ("a delete cannot be undone: :audit
	                         * offers to re-create web from its last YAML") */
	struct lastchange_step *steps;
	size_t n;
	time_t at;
};

/* A new empty change for context (copied); the caller fills what/undo/why_not and adds
 * steps, then notes it. */
struct lastchange *lastchange_new(const char *context);
/* Adds a step to lc (everything copied; path and set may be NULL). */
void lastchange_add(struct lastchange *lc, const struct kres *res, const char *ns, const char *name,
    const char *subresource, int patch_type, const char *patch, const char *path, const char *set);
void lastchange_free(struct lastchange **lc);

/* Takes lc as the last change on its context (freeing the one before). */
void lastchange_note(struct lastchange *lc);
/* The last change on context, NULL when none; borrowed until the next note or forget. */
const struct lastchange *lastchange_get(const char *context);
/* Drops the last change on context (when an undo has started). */
void lastchange_forget(const char *context);
/* Drops every change (at exit, and between tests); the files persisted stay. */
void lastchange_clear(void);

/* Keeps each change noted in dir as well (created 0700; a file per context, 0600), and
 * reads a context's from there when none is in memory; NULL: in memory only (the
 * default). */
void lastchange_persist(const char *dir);
/* The file of context's change in dir (its name escaped). A new string. */
char *lastchange_file(const char *dir, const char *context);
/* lc as JSON text (a new string), and back (NULL when it is not one). */
char *lastchange_to_json(const struct lastchange *lc);
struct lastchange *lastchange_from_json(const char *text);
/* A copy of lc, everything its own. */
struct lastchange *lastchange_copy(const struct lastchange *lc);

#endif
