/* The last word before a change is sent. Every confirm of a mutation passes through here:
 * guard_confirm asks y/n, and on a production context (config_production: marked
 * `production: true` or matching `productionContexts`) asks for the name typed instead.
 * guard_typed_answer is the rule of what must be typed, guard_type asks for it. */
#ifndef KD_GUARD_H
#define KD_GUARD_H

#include <stddef.h>

struct app;
struct cluster;

/* What the user types to confirm a change of n objects of kind (kind_word: "pod",
 * "pods"), name the first's: the name for one object on a production context or one
 * namespace; "N KIND" ("6 pods") for several there, or for more than five anywhere; NULL
 * when y is enough. A new string. */
char *guard_typed_answer(int production, int namespaces, size_t n, const char *kind_word,
    const char *name);

/* Asks for expected typed on the prompt row, saying why ("prod is a production context"):
 * cb on the very text; anything else, or Esc, sends nothing and the flash says so. */
void guard_type(struct app *app, const char *why, const char *expected,
    void (*cb)(struct app *, void *), void *arg);
/* The same, with no(app, arg) run when it is not confirmed (to free arg). */
void guard_type_or(struct app *app, const char *why, const char *expected,
    void (*cb)(struct app *, void *), void (*no)(struct app *, void *), void *arg);

/* Asks question before a change on c of the object name: y/n, or name typed when c's
 * context is production. cb runs on yes, nothing on no (as app_confirm). */
void guard_confirm(struct app *app, struct cluster *c, const char *question, const char *name,
    void (*cb)(struct app *, void *), void *arg);
/* The same, with no(app, arg) run when it is not confirmed (n, Esc, another name typed),
 * after the flash says nothing was sent. */
void guard_confirm_or(struct app *app, struct cluster *c, const char *question, const char *name,
    void (*cb)(struct app *, void *), void (*no)(struct app *, void *), void *arg);

#endif
