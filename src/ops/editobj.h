/* An object being edited: loaded from the server, shown as text the way kubectl edit
 * shows it (model/editview.h: status, managedFields and last-applied hidden; a Secret's
 * data decoded), and the edited text made an object again (parsed, what was hidden given
 * back, a Secret's values encoded). No curses: the editor page, the external editor and
 * the save flow share it. */
#ifndef KD_EDITOBJ_H
#define KD_EDITOBJ_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/docmap.h"
#include "model/editview.h"
#include "util/err.h"

struct api_call;
struct cluster;
struct kres;

struct editobj {
	struct cluster *cluster;       /* borrowed: clusters live as long as the program */
	struct kres *res;              /* a copy; NULL for a new object until its text names a kind */
	char *ns;                      /* "" when cluster-scoped */
	char *name;                    /* NULL for a new object */
	cJSON *loaded;                 /* the object as the server sent it (editobj_loaded); NULL
	                                * for a new one, and while raw holds it */
	char *raw;                     /* the same as its bytes, until a tree is needed: a large
	                                * object's text is made without one (editobj_adopt_raw) */
	size_t raw_len;
	cJSON *earlier;                /* the versions loaded before (an array), which loaded
	                                * shares nodes with (model/jsonread.h): freed with it */
	char *resource_version;        /* loaded's (the patch's precondition); NULL when new */
	struct editview_hidden hidden; /* what the text leaves out */
	int secret;                    /* a Secret: data decoded in the text, encoded on save */
	char *text;                    /* the text to edit (YAML), as loaded; NULL once
	                                * editobj_text_drop let it go (editobj_text_dup) */
	size_t len;
};

/* Called once on the loop: o is the caller's (editobj_free), or NULL with err. */
typedef void (*editobj_cb)(struct editobj *o, const struct kd_err *err, void *arg);

/* GETs the object and makes its text. The handle may be cancelled with api_cancel (no
 * callback then). */
struct api_call *editobj_load(struct cluster *c, const struct kres *res, const char *ns,
    const char *name, editobj_cb cb, void *arg);
/* A new object to create from text (a template's output, a restored recovery file): no
 * loaded object; res and ns may be NULL and come from the text when it is saved. The text
 * is taken as Kubernetes reads it (a Secret's data in base64, as written). */
struct editobj *editobj_new_text(struct cluster *c, const struct kres *res, const char *ns,
    const char *text, size_t len);
/* Stops a load editobj_load started (no callback follows) and frees what it held. */
void editobj_load_cancel(struct api_call **call);
/* An editobj for obj as the server sent it (copied), without a request: a load's answer,
 * an object the caller already holds, tests. res (copied) says what it is. */
struct editobj *editobj_from_object(struct cluster *c, const struct kres *res, const cJSON *obj);
/* The same taking obj (the caller's no more): the object as loaded without a copy. */
struct editobj *editobj_adopt(struct cluster *c, const struct kres *res, cJSON *obj);
/* The same from the server's bytes (taken: the caller's no more), written as text
 * without a tree (model/doc_stream.h) when they read as doc_stream reads them, else
 * parsed. NULL when they are not a JSON object. */
struct editobj *editobj_adopt_raw(struct cluster *c, const struct kres *res, char *raw, size_t len);
/* The object as loaded, its tree parsed from raw the first time it is asked for (what the
 * text hides is known from then). NULL for a new object, or when memory ran out. */
cJSON *editobj_loaded(const struct editobj *o);
/* Whether o is a new object, to be created (not loaded from a server). */
int editobj_is_new(const struct editobj *o);
/* o made again from obj, the server's newer version of the same object (after a 409):
 * loaded, resource_version, hidden and text replaced. */
void editobj_reload(struct editobj *o, const cJSON *obj);
/* The same taking obj (the caller's no more), without a copy. */
void editobj_reload_take(struct editobj *o, cJSON *obj);
/* o, a new object, made the object obj the server created (res: what it is, copied when
 * o has none): loaded, named and shown as editobj_load would have made it. */
void editobj_created(struct editobj *o, const struct kres *res, const cJSON *obj);
/* The edited text made an object: parsed, hidden fields restored, a Secret's values
 * encoded. NULL with *err (where the syntax is wrong) when it does not parse. What was
 * hidden is o's (editview_restore): the tree must go before o is freed or reloaded. */
cJSON *editobj_tree(const struct editobj *o, const char *text, size_t len, struct docmap_err *err);
void editobj_free(struct editobj **o);
/* o->text let go when loaded can make it again (a large object's text is then kept once,
 * by the editor); o->len stays. For the editor once it has the text. */
void editobj_text_drop(struct editobj *o);
/* The text as loaded, new: o->text, or made again from loaded after editobj_text_drop.
 * *len (may be NULL) is its length. */
char *editobj_text_dup(const struct editobj *o, size_t *len);

/* A Secret's data in the text: each value whose decoded bytes are UTF-8 text (no NUL) is
 * written decoded under data:, as stringData would hold it, and encoded again by
 * editobj_tree (a number or true the YAML reads as such is encoded as its text). A value
 * that is not text stays in base64, with the note "# not UTF-8 text: kept in base64" on
 * its line, and is taken as written on save (it must stay base64). Whether key is such a
 * value in o's loaded object: */
int editobj_secret_binary(const struct editobj *o, const char *key);
/* The text of obj (another version of o's object: a merge's result) made as o's text
 * is made: what o hides hidden, a Secret's values as in o's text. A new string. */
char *editobj_text_for(const struct editobj *o, const cJSON *obj);
/* Whether n bytes are UTF-8 without NUL (a Secret's value shown decoded). */
int editobj_is_text(const char *s, size_t n);
/* A copy of a resource (every string new), and its free. */
struct kres *editobj_kres_dup(const struct kres *r);
void editobj_kres_free(struct kres **r);

#endif
