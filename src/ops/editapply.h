/* The engine of an edit's save, without a screen (ui/editsave.c asks its questions): the
 * edited text checked (syntax; apiVersion, kind, name and namespace unchanged; unchanged
 * or emptied), the patch made as kubectl edit makes it (strategic merge for the built-in
 * kinds, JSON merge for the others) with the loaded metadata.resourceVersion added so
 * that the server refuses it with a 409 when the object changed meanwhile, the server's
 * dry run (a 422's causes marked on the lines their field paths name), the patch sent,
 * and on a 409 the object read again and merged three ways (model/merge3.h): a server
 * change only to what the editor hides is merged and sent again without a question;
 * other changes are given to the caller to show and pick, then the merged object is sent
 * as a patch from the server's newer object with its resourceVersion (so a third change
 * is caught the same way). A new object (editobj_is_new) is created after its dry run,
 * its resource found from the text's apiVersion and kind in the cluster's discovery.
 * Every request goes through kube/api, so it is journalled. */
#ifndef KD_EDITAPPLY_H
#define KD_EDITAPPLY_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "kube/api.h"

struct editobj;
struct discovery;
struct kres;
struct merge3;
struct editapply;

/* A place in the edited text and why. */
struct editapply_mark {
	int line, col;        /* 1-based; col 0: the whole line */
	char msg[256];
};

enum editapply_outcome {
	EDITAPPLY_APPLIED,
	EDITAPPLY_UNCHANGED,
	EDITAPPLY_CANCELLED,
	EDITAPPLY_REFUSED,
	EDITAPPLY_FAILED,
	EDITAPPLY_RETEXT,
	EDITAPPLY_SEND,       /* editapply_prepare only: a patch to send */
};

/* ---- the pure part ---- */

/* Whether res is one of the kinds the strategic merge patch knows (kubectl's scheme: the
 * core group and the k8s.io API groups it builds in); every other kind, custom resources
 * and aggregated APIs, gets a JSON merge patch. */
int editapply_builtin(const char *group);
enum api_patch editapply_patch_type(const struct kres *res);

/* What a save would send, from o and the edited text. */
struct editapply_prep {
	enum editapply_outcome outcome;   /* SEND, UNCHANGED, CANCELLED (emptied), REFUSED */
	char sentence[512];
	struct editapply_mark mark;       /* REFUSED: where */
	cJSON *tree;                      /* the edited object (SEND) */
	cJSON *patch;                     /* SEND of a loaded object: the patch, resourceVersion in */
	enum api_patch type;
};
/* Fills *p; free it with editapply_prep_clear. */
void editapply_prepare(const struct editobj *o, const char *text, size_t len,
    struct editapply_prep *p);
void editapply_prep_clear(struct editapply_prep *p);
/* The patch of type from from to to, with metadata.resourceVersion rv added when rv is
 * not NULL; NULL when there is nothing to change. It borrows from's and to's strings
 * (model/smpatch.h): it goes first. */
cJSON *editapply_patch(const cJSON *from, const cJSON *to, enum api_patch type, const char *rv);
/* A 422's causes as marks on text: each at the line docmap_find gives for its field (the
 * nearest ancestor's when the text lacks it; line 1 without a field). Returns how many. */
size_t editapply_marks(const char *text, size_t len, const struct api_result *res,
    struct editapply_mark *out, size_t cap);
/* The resource of a new object's tree from its apiVersion and kind (exactly, in d's
 * table); NULL when d does not serve it. Borrowed from d. */
const struct kres *editapply_find_kind(const struct discovery *d, const cJSON *tree);
/* A text written the way the diff of a save compares it: parsed and written again (its
 * comments dropped, the same key order). A new string; NULL when it does not parse. */
char *editapply_normal_text(const char *text, size_t len);

/* ---- on the loop ---- */

struct editapply_end {
	enum editapply_outcome outcome;
	const char *sentence;
	const struct editapply_mark *marks;   /* REFUSED */
	size_t nmarks;
	const char *rv;                       /* APPLIED: the new resourceVersion */
	const char *text;                     /* RETEXT: the merged object's text */
	size_t len;
};

struct editapply_cbs {
	/* The dry run passed: show the change (editapply_diff_texts) and answer with
	 * editapply_confirm. */
	void (*confirm)(struct editapply *ea, void *arg);
	/* A 409 the user must see: m (owned by the engine; set each conflict's pick) holds
	 * the fields; answer with editapply_resolve. */
	void (*conflict)(struct editapply *ea, struct merge3 *m, void *arg);
	/* The end, once: the engine is freed when this returns. */
	void (*done)(struct editapply *ea, const struct editapply_end *e, void *arg);
};

/* Starts a save of text as the new state of o (borrowed until done; after a 409 that is
 * sent or edited, o carries the server's newer object, and once APPLIED the object the
 * server answered with, so that a next save goes from it). cbs is copied. Never calls
 * back before it returns. */
struct editapply *editapply_start(struct editobj *o, const char *text, size_t len,
    const struct editapply_cbs *cbs, void *arg);
/* The answer to confirm: yes sends, no ends CANCELLED. */
void editapply_confirm(struct editapply *ea, int yes);

enum editapply_choice {
	EDITAPPLY_SEND_MERGED,    /* send the merged object, the conflicts as picked */
	EDITAPPLY_EDIT_MERGED,    /* end RETEXT with the merged object's text */
	EDITAPPLY_GIVE_UP,        /* end CANCELLED; o stays as loaded, so nothing is lost */
};
void editapply_resolve(struct editapply *ea, enum editapply_choice how);
/* Stops a save: no callback follows (a request in flight is journalled as such). */
void editapply_cancel(struct editapply **ea);
/* The two texts of the change confirm shows, as new strings: the object as loaded (""
 * for a new one) and what is sent, both written as the editor shows them. After a 409
 * of hidden changes only, both are of the server's newer version. */
void editapply_diff_texts(const struct editapply *ea, char **a, char **b);
/* The same texts from o and the object to reach: mine, or when it is NULL the edited
 * text (len bytes) made an object for the moment it takes. */
void editapply_diff_of(const struct editobj *o, const cJSON *mine, const char *text, size_t len,
    char **a, char **b);
/* The edited text being saved (borrowed; *len its length). */
const char *editapply_text(const struct editapply *ea, size_t *len);
/* The object being saved. */
struct editobj *editapply_obj(const struct editapply *ea);
/* What the save writes: the resource (o's, or the one found for a new object), its
 * namespace and name (after a create: the name the server gave). Borrowed. */
void editapply_target(const struct editapply *ea, const struct kres **res, const char **ns,
    const char **name);
/* The server's object of the 409 that conflict shows (NULL before one, and once the
 * merge is made: o holds it then). */
const cJSON *editapply_theirs(const struct editapply *ea);

#endif
