/* A page showing text: describe, YAML, JSON, help, pulse. The text may arrive later
 * (an object being fetched): until then the page says what it waits for. */
#ifndef KD_PAGE_TEXT_H
#define KD_PAGE_TEXT_H

#include "app.h"

struct pager;
struct cJSON;

typedef void (*page_text_refill)(struct page *pg, struct pager *p, void *arg);

struct page *page_text_new(struct app *app, struct cluster *c, const char *title);
struct pager *page_text_pager(struct page *pg);
/* Called to rebuild the text (on refresh and when fold/format/reveal changes). */
void page_text_set_refill(struct page *pg, page_text_refill fn, void *arg, void (*free_arg)(void *));
void page_text_refill_now(struct page *pg);
/* The header's state line of the page, asked at each paint (with the refill's arg). */
void page_text_set_status(struct page *pg, void (*fn)(void *arg, char *buf, size_t len));
/* Actions the viewer does not take itself go to fn (APP_UNHANDLED: not used); hints:
 * the page's own hint list when it offers more (NULL: a viewer's). */
void page_text_set_action(struct page *pg, int (*fn)(struct page *pg, enum action a, void *arg),
    const struct page_hints *hints);

/* An object page: describe (with events), YAML or JSON of ns/name of a resource,
 * fetched now. reveal: a Secret's values decoded. */
enum { PAGE_OBJ_DESCRIBE, PAGE_OBJ_YAML, PAGE_OBJ_JSON };
struct informer;
struct page *page_object_new(struct app *app, struct cluster *c, struct informer *inf,
    const char *kind, const char *ns, const char *name, int what, int reveal);

#endif
