/* Re-creating an object kdeck deleted, from its last YAML kept in the state folder
 * (ops/deleted.h): offered by :audit on a delete's line. The question says that its uid,
 * status and owner references will be new; read-only and RBAC (create) are checked before
 * anything is sent; a production context asks for the name typed; the POST goes through
 * the API module (one journal line). */
#ifndef KD_RECREATE_H
#define KD_RECREATE_H

struct app;

/* What a delete's journal line names. */
struct recreate_ref {
	const char *context, *group, *version, *resource, *ns, *name;
};

/* Whether the object is kept: 1; 0 with why (a Secret, nothing kept). */
int recreate_kept(const struct recreate_ref *r, char *why, unsigned long len);
/* Asks the server now whether the user may create it, so the answer is there for u. */
void recreate_prefetch(struct app *app, const struct recreate_ref *r);
/* Asks, then re-creates. 0 when asked, -1 when refused (the flash says why). */
int recreate_ask(struct app *app, const struct recreate_ref *r);

#endif
