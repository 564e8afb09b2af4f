/* Saving an edit, the same flow for the embedded editor and the external one: the text
 * checked (syntax; apiVersion, kind and name unchanged), the patch made (strategic merge
 * for built-in kinds, JSON merge for custom resources) with the loaded resourceVersion,
 * the server's dry run (a 422's causes put on their lines), the coloured diff and its
 * confirm (ui/page/page_diff.h), the patch sent through kube/api (so journalled), and on a
 * 409 the three-way merge (model/merge3.h): hidden-only changes merged silently, other
 * fields merged and shown, conflicts picked per field or edited, then sent again with the
 * new resourceVersion. A new object is created after its dry run. */
#ifndef KD_EDITSAVE_H
#define KD_EDITSAVE_H

#include <stddef.h>

struct app;
struct editobj;

enum editsave_outcome {
	EDITSAVE_APPLIED,     /* saved: rv is the new resourceVersion; the editor may close */
	EDITSAVE_UNCHANGED,   /* nothing to send: "no changes" was said */
	EDITSAVE_CANCELLED,   /* the user said no, or the text was emptied */
	EDITSAVE_REFUSED,     /* not sent: marks say why and where; the text stays */
	EDITSAVE_FAILED,      /* the server or the connection said no: sentence; the text stays */
	EDITSAVE_RETEXT,      /* the user chose to edit the merged text: text is the new
	                       * buffer, and o now carries the server's newer object */
};

/* A place in the text and why. */
struct editsave_mark {
	int line, col;        /* 1-based; col 0: the whole line */
	char msg[256];
};

struct editsave_result {
	enum editsave_outcome outcome;
	const char *sentence;               /* for the flash line */
	const struct editsave_mark *marks;  /* REFUSED: syntax error, a changed name, 422 causes */
	size_t nmarks;
	const char *rv;                     /* APPLIED */
	const char *text;                   /* RETEXT */
	size_t len;
};

/* Called once, on the loop; everything in r is borrowed for the call. */
typedef void (*editsave_cb)(struct app *app, const struct editsave_result *r, void *arg);

/* Starts saving text (len bytes) as the new state of o (borrowed: it must live until cb;
 * after a 409 it is updated to the server's object, and when APPLIED to the object the
 * server answered with: o->text and o->resource_version are then the saved state). */
void editsave_start(struct app *app, struct editobj *o, const char *text, size_t len,
    editsave_cb cb, void *arg);
/* Abandons a save in flight (no callback follows); for an editor closing under it. */
void editsave_cancel(struct app *app, struct editobj *o);

#endif
