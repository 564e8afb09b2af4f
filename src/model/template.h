/* Templates of new objects (`:new`): a YAML file whose first document describes it and
 * its parameters, the rest the objects, with ${name} where a parameter's value goes.
 *
 *   kdeck-template:
 *     name: deployment                  # the file's name without .yaml when left out
 *     description: Deployment with a Service in front of it
 *     params:
 *     - name: name
 *       description: name of the Deployment and its Service
 *       default: web                    # no default: a value must be given
 *       pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$'   # string: an extended regex ...
 *       hint: lower-case letters, digits and '-'  # ... and what it asks for, in words
 *     - name: replicas
 *       type: integer                   # string (the default), integer or list
 *       default: 2
 *       min: 0                          # integer: the smallest and largest value;
 *       max: 100                        # list: the fewest and most items
 *     - name: hosts
 *       type: list                      # typed comma-separated: "a.example, b.example"
 *       items: string                   # string (quoted where YAML needs it) or integer
 *       format: flow                    # flow: [a, b]; block: "- a" lines, the ${hosts}
 *       default: [www.example.com]      # alone on its line giving their indentation
 *   ---
 *   apiVersion: apps/v1
 *   kind: Deployment
 *   metadata:
 *     name: ${name}
 *   ...
 *
 * $${ is a literal "${". A string value goes in as it is typed (the template quotes it
 * where it needs to); no value may hold a control character. No curses, no kube. */
#ifndef KD_TEMPLATE_H
#define KD_TEMPLATE_H

#include <stddef.h>

#include "util/err.h"

enum tmpl_type { TMPL_STRING, TMPL_INTEGER, TMPL_LIST };
enum tmpl_format { TMPL_FLOW, TMPL_BLOCK };

struct tmpl_param {
	char *name;
	char *description;       /* "" when none */
	char *def;               /* the default as it is typed (a list: "a, b"); NULL: required */
	enum tmpl_type type;
	enum tmpl_type items;    /* a list's: TMPL_STRING or TMPL_INTEGER */
	enum tmpl_format format; /* a list's */
	int has_min, has_max;
	long min, max;
	char *pattern;           /* a string's, NULL when none */
	char *hint;              /* what pattern asks for, NULL when none */
};

struct tmpl {
	char *name;
	char *description;       /* "" when none */
	char *path;              /* the file, or the name given to tmpl_parse */
	struct tmpl_param *params;
	size_t nparams;
	char *body;              /* the objects' text, ${...} in it */
	size_t body_len;
	int body_line;           /* the file's line the body starts on (1-based) */
};

/* Parses a template's text (len bytes); path names it in errors ("PATH:LINE: why"). Every
 * ${...} of the body must name a parameter: the first wrong ones are listed with their
 * lines. NULL with err when the text is no template. */
struct tmpl *tmpl_parse(const char *text, size_t len, const char *path, struct kd_err *err);
/* tmpl_parse of a file (the name: the file's without .yaml unless the header gives one). */
struct tmpl *tmpl_load(const char *path, struct kd_err *err);
void tmpl_free(struct tmpl **t);

/* The type's word: "string", "integer", "list". */
const char *tmpl_type_name(enum tmpl_type t);
/* Whether value (as typed) is good for p: 0, or -1 with a sentence in why ("replicas must
 * be a whole number"). An empty value is good when p has a default (which it stands for). */
int tmpl_check(const struct tmpl_param *p, const char *value, char *why, size_t len);
/* The body with every ${name} replaced: values[i] (as typed) for params[i], NULL or "" for
 * its default. NULL with err (the sentence of tmpl_check) when a value is not good. The
 * caller frees the text; *len is its length. */
char *tmpl_render(const struct tmpl *t, const char *const *values, size_t *len, struct kd_err *err);
/* The documents of a text (a template's output): the pieces between "---" lines, those
 * with nothing but blanks and comments left out. Returns how many; *out is a new array of
 * them (the caller frees it). */
struct tmpl_doc {
	size_t off, len;
};
size_t tmpl_docs(const char *text, size_t len, struct tmpl_doc **out);
/* The index of the parameter called name, -1 when none is. */
int tmpl_param_index(const struct tmpl *t, const char *name);

/* The templates in the folders dirs (NULL-terminated, highest priority first): every
 * *.yaml, one per name, the first folder's winning; sorted by name. Each gets its folder's
 * index in dirs in *origin (when not NULL: an array of the same length, the caller's).
 * Files that are no template are left out: the first one's error is in err (its code
 * KD_OK when all were good) and their count in *broken. */
size_t tmpl_list(const char *const *dirs, struct tmpl ***out, size_t **origin, size_t *broken,
    struct kd_err *err);
void tmpl_list_free(struct tmpl ***list, size_t n);

#endif
