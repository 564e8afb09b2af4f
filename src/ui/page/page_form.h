/* A form: a few fields to fill in (a template's parameters, a container's requests and
 * limits), one a row with its label, type and value, its description under it, and the
 * sentence of what is wrong with the value instead as soon as it is wrong. Up/Down (Tab,
 * Shift-Tab) go between fields, typing edits the value (the ":" prompt's keys: Left,
 * Right, Home, End, Backspace, Ctrl-U, Ctrl-W), Enter goes to the next field and on the
 * last one submits, Ctrl-S submits from any field; Esc cancels. A submit with a wrong
 * value goes to that field and says why instead. */
#ifndef KD_PAGE_FORM_H
#define KD_PAGE_FORM_H

#include <stddef.h>

#include "app.h"

struct form_field {
	const char *label;          /* "replicas" */
	const char *type;           /* "integer", shown after the value; NULL: none */
	const char *description;    /* one line under it; NULL: none */
	const char *value;          /* what it starts with; NULL: empty */
	const char *placeholder;    /* shown dimmed while the value is empty (what an empty
	                             * value stands for: "default: web"); NULL: none */
};

/* Whether value is good for field i: 0, or -1 with a sentence in why. */
typedef int (*form_check_fn)(size_t i, const char *value, char *why, size_t len, void *arg);
/* Runs once, when the page goes: with the n values on submit, with values NULL on Esc. */
typedef void (*form_done_fn)(struct app *app, const char *const *values, size_t n, void *arg);

/* title: the crumb; intro: the line above the fields; fields: n, copied. check may be
 * NULL (every value is good). submit: the word of the submit key on the hint line
 * ("create"). */
struct page *page_form_new(struct app *app, const char *title, const char *intro,
    const struct form_field *fields, size_t n, const char *submit, form_check_fn check,
    form_done_fn done, void *arg);

/* For tests and callers that fill a form: the field with the cursor, and a field's value
 * as it stands. */
size_t page_form_focus(struct page *pg);
const char *page_form_value(struct page *pg, size_t i);
/* What is wrong with field i's value as it stands, "" when it is good. */
const char *page_form_why(struct page *pg, size_t i);

#endif
