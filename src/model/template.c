/* Templates of new objects; see template.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/template.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "util/file.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

#define TMPL_MAX_FILE (1024 * 1024)   /* a template is a few objects, not a data set */
#define TMPL_MAX_SAID 3               /* unknown variables named in one error */

static void
tmpl_param_clear(struct tmpl_param *p)
{
	free(p->name);
	free(p->description);
	free(p->def);
	free(p->pattern);
	free(p->hint);
}

void
tmpl_free(struct tmpl **tp)
{
	struct tmpl *t = tp ? *tp : NULL;
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nparams; i++)
		tmpl_param_clear(&t->params[i]);
	free(t->params);
	free(t->name);
	free(t->description);
	free(t->path);
	free(t->body);
	free(t);
	*tp = NULL;
}

const char *
tmpl_type_name(enum tmpl_type t)
{
	return t == TMPL_INTEGER ? "integer" : t == TMPL_LIST ? "list" : "string";
}

int
tmpl_param_index(const struct tmpl *t, const char *name)
{
	for (size_t i = 0; i < t->nparams; i++)
		if (strcmp(t->params[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---- the header ---- */

/* A line of text starting at p (before end) that is a document marker "---". */
static int
tmpl_is_marker(const char *p, const char *end)
{
	if (end - p < 3 || strncmp(p, "---", 3) != 0)
		return 0;
	p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == end || *p == '\n' || *p == '#';
}

static int
tmpl_bad(struct kd_err *err, const char *path, const struct doc_marks *marks, const cJSON *node,
    const char *fmt, const char *what)
{
	int line = 0, col = 0;
	char msg[256];
	snprintf(msg, sizeof msg, fmt, what);
	if (node != NULL && doc_mark(marks, node, &line, &col) == 0)
		return kd_err_set(err, KD_ERR_INVALID, "%s:%d: %s", path, line, msg);
	return kd_err_set(err, KD_ERR_INVALID, "%s: %s", path, msg);
}

/* A scalar as text: a string, or a number written as a whole number where it is one. */
static char *
tmpl_scalar(const cJSON *v)
{
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsRaw(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d == (double)(long long)d)
			return xasprintf("%lld", (long long)d);
		return xasprintf("%g", d);
	}
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
	return NULL;
}

static int
tmpl_long(const cJSON *v, long *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long)v->valuedouble)
		return -1;
	*out = (long)v->valuedouble;
	return 0;
}

static int
tmpl_name_ok(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

static int
tmpl_parse_param(struct tmpl *t, const cJSON *pj, const struct doc_marks *marks, struct kd_err *err)
{
	const char *path = t->path;
	if (!cJSON_IsObject(pj))
		return tmpl_bad(err, path, marks, pj, "%s", "a parameter must be a map with a name");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(pj, "name");
	if (!cJSON_IsString(name) || !tmpl_name_ok(name->valuestring))
		return tmpl_bad(err, path, marks, name ? name : pj, "%s",
		    "a parameter's name must be letters, digits and '_', not starting with a digit");
	if (tmpl_param_index(t, name->valuestring) >= 0)
		return tmpl_bad(err, path, marks, name, "parameter %s is declared twice", name->valuestring);
	t->params = xreallocarray(t->params, t->nparams + 1, sizeof *t->params);
	struct tmpl_param *p = &t->params[t->nparams++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name->valuestring);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(pj, "description");
	p->description = xstrdup(cJSON_IsString(v) ? v->valuestring : "");

	v = cJSON_GetObjectItemCaseSensitive(pj, "type");
	const char *type = cJSON_IsString(v) ? v->valuestring : v == NULL ? "string" : "";
	if (strcmp(type, "string") == 0)
		p->type = TMPL_STRING;
	else if (strcmp(type, "integer") == 0)
		p->type = TMPL_INTEGER;
	else if (strcmp(type, "list") == 0)
		p->type = TMPL_LIST;
	else
		return tmpl_bad(err, path, marks, v, "%s: type must be string, integer or list", p->name);
	v = cJSON_GetObjectItemCaseSensitive(pj, "items");
	const char *items = cJSON_IsString(v) ? v->valuestring : v == NULL ? "string" : "";
	if (strcmp(items, "string") == 0)
		p->items = TMPL_STRING;
	else if (strcmp(items, "integer") == 0)
		p->items = TMPL_INTEGER;
	else
		return tmpl_bad(err, path, marks, v, "%s: items must be string or integer", p->name);
	v = cJSON_GetObjectItemCaseSensitive(pj, "format");
	const char *format = cJSON_IsString(v) ? v->valuestring : v == NULL ? "flow" : "";
	if (strcmp(format, "flow") == 0)
		p->format = TMPL_FLOW;
	else if (strcmp(format, "block") == 0)
		p->format = TMPL_BLOCK;
	else
		return tmpl_bad(err, path, marks, v, "%s: format must be flow or block", p->name);
	if ((v = cJSON_GetObjectItemCaseSensitive(pj, "min")) != NULL) {
		if (tmpl_long(v, &p->min) < 0)
			return tmpl_bad(err, path, marks, v, "%s: min must be a whole number", p->name);
		p->has_min = 1;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(pj, "max")) != NULL) {
		if (tmpl_long(v, &p->max) < 0)
			return tmpl_bad(err, path, marks, v, "%s: max must be a whole number", p->name);
		p->has_max = 1;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(pj, "pattern")) != NULL) {
		regex_t re;
		if (!cJSON_IsString(v) || regcomp(&re, v->valuestring, REG_EXTENDED | REG_NOSUB) != 0)
			return tmpl_bad(err, path, marks, v, "%s: pattern must be an extended regular expression",
			    p->name);
		regfree(&re);
		p->pattern = xstrdup(v->valuestring);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(pj, "hint")) != NULL && cJSON_IsString(v))
		p->hint = xstrdup(v->valuestring);

	if ((v = cJSON_GetObjectItemCaseSensitive(pj, "default")) != NULL && !cJSON_IsNull(v)) {
		if (cJSON_IsArray(v)) {
			struct sbuf b = { 0 };
			const cJSON *it;
			sbuf_str(&b, "");
			cJSON_ArrayForEach(it, v) {
				char *s = tmpl_scalar(it);
				if (s == NULL) {
					free(b.s);
					return tmpl_bad(err, path, marks, it, "%s: a default's items must be scalars", p->name);
				}
				if (b.len > 0)
					sbuf_str(&b, ", ");
				sbuf_str(&b, s);
				free(s);
			}
			p->def = b.s;
		} else if ((p->def = tmpl_scalar(v)) == NULL)
			return tmpl_bad(err, path, marks, v, "%s: the default must be a value or a list", p->name);
		char why[256];
		if (tmpl_check(p, p->def, why, sizeof why) < 0)
			return tmpl_bad(err, path, marks, v, "the default of %s", why);
	}
	return 0;
}

/* ---- values ---- */

static const char *
tmpl_trim(const char *s, const char *end, size_t *n)
{
	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*n = (size_t)(end - s);
	return s;
}

/* A whole number in [min, max]: 0 with *out, -1 with why. */
static int
tmpl_integer(const struct tmpl_param *p, const char *s, size_t n, long *out, const char *what,
    char *why, size_t len)
{
	char buf[32], *e;
	if (n == 0 || n >= sizeof buf) {
		snprintf(why, len, "%s must be a whole number", what);
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	long v = strtol(buf, &e, 10);
	if (*e != '\0' || errno != 0 || !(isdigit((unsigned char)buf[0]) || buf[0] == '-')) {
		snprintf(why, len, "%s must be a whole number", what);
		return -1;
	}
	if (p->type == TMPL_INTEGER && p->has_min && v < p->min) {
		snprintf(why, len, "%s must be at least %ld", what, p->min);
		return -1;
	}
	if (p->type == TMPL_INTEGER && p->has_max && v > p->max) {
		snprintf(why, len, "%s must be at most %ld", what, p->max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Calls item for each comma-separated item of a list value (trimmed, empty ones left out);
 * returns the count. */
static size_t
tmpl_items(const char *value, void (*item)(const char *s, size_t n, void *arg), void *arg)
{
	size_t count = 0;
	const char *p = value;
	for (;;) {
		const char *c = strchr(p, ',');
		const char *end = c ? c : p + strlen(p);
		size_t n;
		const char *s = tmpl_trim(p, end, &n);
		if (n > 0) {
			if (item != NULL)
				item(s, n, arg);
			count++;
		}
		if (c == NULL)
			return count;
		p = c + 1;
	}
}

struct tmpl_item_check {
	const struct tmpl_param *p;
	char *why;
	size_t len;
	int bad;
};

static void
tmpl_item_check(const char *s, size_t n, void *arg)
{
	struct tmpl_item_check *c = arg;
	long v;
	char what[128];
	if (c->bad || c->p->items != TMPL_INTEGER)
		return;
	snprintf(what, sizeof what, "each item of %s", c->p->name);
	if (tmpl_integer(c->p, s, n, &v, what, c->why, c->len) < 0)
		c->bad = 1;
}

int
tmpl_check(const struct tmpl_param *p, const char *value, char *why, size_t len)
{
	for (const char *s = value; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 127) {
			snprintf(why, len, "%s may not hold a control character", p->name);
			return -1;
		}
	size_t n;
	const char *v = tmpl_trim(value, value + strlen(value), &n);
	if (n == 0) {
		if (p->def != NULL && value != p->def)
			return 0;   /* stands for the default */
		if (p->def == NULL) {
			snprintf(why, len, "%s needs a value", p->name);
			return -1;
		}
		if (p->type == TMPL_STRING)
			return 0;   /* the default itself is "" */
	}
	switch (p->type) {
	case TMPL_STRING:
		if (p->pattern != NULL) {
			regex_t re;
			int hit = 0;
			if (regcomp(&re, p->pattern, REG_EXTENDED | REG_NOSUB) == 0) {
				hit = regexec(&re, value, 0, NULL, 0) == 0;
				regfree(&re);
			}
			if (!hit) {
				if (p->hint != NULL)
					snprintf(why, len, "%s must be %s", p->name, p->hint);
				else
					snprintf(why, len, "%s must match %s", p->name, p->pattern);
				return -1;
			}
		}
		return 0;
	case TMPL_INTEGER: {
		long x;
		return tmpl_integer(p, v, n, &x, p->name, why, len);
	}
	case TMPL_LIST: {
		struct tmpl_item_check c = { p, why, len, 0 };
		size_t count = tmpl_items(value, tmpl_item_check, &c);
		if (c.bad)
			return -1;
		if (p->format == TMPL_BLOCK && count == 0) {
			snprintf(why, len, "%s needs at least one item", p->name);
			return -1;
		}
		if (p->has_min && (long)count < p->min) {
			snprintf(why, len, "%s needs at least %ld item%s", p->name, p->min, p->min == 1 ? "" : "s");
			return -1;
		}
		if (p->has_max && (long)count > p->max) {
			snprintf(why, len, "%s takes at most %ld item%s", p->name, p->max, p->max == 1 ? "" : "s");
			return -1;
		}
		return 0;
	}
	}
	return 0;
}

struct tmpl_item_out {
	const struct tmpl_param *p;
	struct sbuf *b;
	const char *indent;     /* a block list's: what goes before each "- " but the first */
	size_t indent_len;
	int first;
};

/* One item as YAML: an integer bare, a string plain where it is a word that reads back as
 * the same string (in a flow list as in a block one), else double-quoted as JSON writes it. */
static void
tmpl_item_out(const char *s, size_t n, void *arg)
{
	struct tmpl_item_out *o = arg;
	char *item = xstrndup(s, n);
	if (o->p->format == TMPL_BLOCK) {
		if (!o->first) {
			sbuf_str(o->b, "\n");
			sbuf_add(o->b, o->indent, o->indent_len);
		}
		sbuf_str(o->b, "- ");
	} else if (!o->first)
		sbuf_str(o->b, ", ");
	o->first = 0;
	if (o->p->items == TMPL_INTEGER) {
		sbuf_str(o->b, item);
	} else if (doc_plain_ok(item) && item[strspn(item, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._/:@+=~%")] == '\0') {
		sbuf_str(o->b, item);
	} else {
		cJSON *str = cJSON_CreateString(item);
		char *q = cJSON_PrintUnformatted(str);
		sbuf_str(o->b, q);
		cJSON_free(q);
		cJSON_Delete(str);
	}
	free(item);
}

/* The text value stands for at a ${} in a line starting with indent (indent_len bytes). */
static void
tmpl_value_out(const struct tmpl_param *p, const char *value, struct sbuf *b, const char *indent,
    size_t indent_len)
{
	size_t n;
	const char *v;
	switch (p->type) {
	case TMPL_STRING:
		sbuf_str(b, value);
		return;
	case TMPL_INTEGER: {
		char why[8];
		long x = 0;
		v = tmpl_trim(value, value + strlen(value), &n);
		(void)tmpl_integer(p, v, n, &x, "", why, sizeof why);
		char num[32];
		snprintf(num, sizeof num, "%ld", x);
		sbuf_str(b, num);
		return;
	}
	case TMPL_LIST: {
		struct tmpl_item_out o = { p, b, indent, indent_len, 1 };
		if (p->format == TMPL_FLOW)
			sbuf_str(b, "[");
		tmpl_items(value, tmpl_item_out, &o);
		if (p->format == TMPL_FLOW)
			sbuf_str(b, "]");
		return;
	}
	}
}

/* ---- the body ---- */

/* Goes through the body: with values (one per parameter, checked), writes the text to out;
 * without, checks that each ${} names a parameter and that a block list's stands alone on
 * its line. 0, or -1 with err listing the first wrong ones with their lines. */
static int
tmpl_scan(const struct tmpl *t, const char *const *values, struct sbuf *out, struct kd_err *err)
{
	const char *s = t->body, *end = t->body + t->body_len, *line_start = s;
	int line = t->body_line, nbad = 0;
	char said[400] = "";
	size_t saidlen = 0;

	while (s < end) {
		if (*s == '\n') {
			if (out)
				sbuf_add(out, s, 1);
			s++;
			line++;
			line_start = s;
			continue;
		}
		if (*s == '$' && end - s >= 3 && s[1] == '$' && s[2] == '{') {
			if (out)
				sbuf_str(out, "${");
			s += 3;
			continue;
		}
		if (!(*s == '$' && end - s >= 2 && s[1] == '{')) {
			if (out)
				sbuf_add(out, s, 1);
			s++;
			continue;
		}
		const char *name = s + 2, *close = name;
		while (close < end && *close != '}' && *close != '\n')
			close++;
		char nm[64] = "";
		int idx = -1;
		const char *why = NULL;
		if (close >= end || *close != '}')
			why = "has no closing }";
		else {
			snprintf(nm, sizeof nm, "%.*s", (int)(close - name), name);
			if ((size_t)(close - name) >= sizeof nm || !tmpl_name_ok(nm))
				why = "is no parameter's name";
			else if ((idx = tmpl_param_index(t, nm)) < 0)
				why = "is not a parameter";
		}
		/* a block list stands alone on its line */
		size_t indent_len = (size_t)(s - line_start);
		if (why == NULL && t->params[idx].type == TMPL_LIST && t->params[idx].format == TMPL_BLOCK) {
			const char *after = close + 1;
			while (after < end && (*after == ' ' || *after == '\t' || *after == '\r'))
				after++;
			int alone = after >= end || *after == '\n';
			for (const char *q = line_start; q < s; q++)
				if (*q != ' ')
					alone = 0;
			if (!alone)
				why = "is a block list: it must stand alone on its line";
		}
		if (why != NULL) {
			if (nbad < TMPL_MAX_SAID && saidlen < sizeof said) {
				int w = snprintf(said + saidlen, sizeof said - saidlen, "%s%d: ${%.*s%s %s",
				    nbad ? "; " : "", line, (int)(close - name > 40 ? 40 : close - name), name,
				    close < end && *close == '}' ? "}" : "", why);
				if (w > 0)
					saidlen += (size_t)w;
			}
			nbad++;
			s = close < end && *close == '}' ? close + 1 : close;
			continue;
		}
		if (out) {
			const char *v = values[idx];
			tmpl_value_out(&t->params[idx], v, out, line_start, indent_len);
		}
		s = close + 1;
	}
	if (nbad > 0) {
		if (nbad > TMPL_MAX_SAID)
			return kd_err_set(err, KD_ERR_INVALID, "%s:%s; and %d more", t->path, said, nbad - TMPL_MAX_SAID);
		return kd_err_set(err, KD_ERR_INVALID, "%s:%s", t->path, said);
	}
	return 0;
}

char *
tmpl_render(const struct tmpl *t, const char *const *values, size_t *len, struct kd_err *err)
{
	const char **vals = xcalloc(t->nparams ? t->nparams : 1, sizeof *vals);
	char why[256];
	for (size_t i = 0; i < t->nparams; i++) {
		const struct tmpl_param *p = &t->params[i];
		const char *v = values != NULL ? values[i] : NULL;
		size_t n = 0;
		if (v != NULL)
			tmpl_trim(v, v + strlen(v), &n);
		if (v == NULL || (n == 0 && p->def != NULL))
			v = p->def != NULL ? p->def : "";
		if (tmpl_check(p, v, why, sizeof why) < 0) {
			free(vals);
			kd_err_set(err, KD_ERR_INVALID, "%s", why);
			return NULL;
		}
		vals[i] = v;
	}
	struct sbuf b = { 0 };
	sbuf_str(&b, "");
	int r = tmpl_scan(t, vals, &b, err);
	free(vals);
	if (r < 0) {
		free(b.s);
		return NULL;
	}
	if (len != NULL)
		*len = b.len;
	return b.s;
}

/* Whether text[0..len) holds something besides blanks and comments. */
static int
tmpl_has_content(const char *p, const char *end)
{
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end;
		while (p < next && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p < next && *p != '#' && *p != '\n')
			return 1;
		p = next;
	}
	return 0;
}

size_t
tmpl_docs(const char *text, size_t len, struct tmpl_doc **out)
{
	const char *p = text, *end = text + len, *start = text;
	size_t n = 0;
	*out = NULL;
	for (;;) {
		const char *eol = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		const char *next = eol ? eol + 1 : end;
		int marker = p < end && tmpl_is_marker(p, eol ? eol : end);
		if (marker || p >= end) {
			if (tmpl_has_content(start, p)) {
				*out = xreallocarray(*out, n + 1, sizeof **out);
				(*out)[n++] = (struct tmpl_doc){ (size_t)(start - text), (size_t)(p - start) };
			}
			if (p >= end)
				return n;
			start = next;
		}
		p = next;
	}
}

struct tmpl *
tmpl_parse(const char *text, size_t len, const char *path, struct kd_err *err)
{
	const char *p = text, *end = text + len;
	int line = 1;
	/* a leading "---" opens the header; the next one ends it */
	const char *hstart = NULL, *sep = NULL;
	int sep_line = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end;
		if (tmpl_is_marker(p, eol ? eol : end)) {
			if (hstart != NULL) {
				sep = p;
				sep_line = line;
				p = next;
				break;
			}
			hstart = next;
		} else if (hstart == NULL) {
			const char *q = p;
			while (q < next && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			if (q < next && *q != '#' && *q != '\n')
				hstart = text;   /* the header without a "---" before it */
		}
		p = next;
		line++;
	}
	if (sep == NULL) {
		kd_err_set(err, KD_ERR_INVALID, "%s: no kdeck-template: header followed by a --- line", path);
		return NULL;
	}
	struct doc_marks *marks = NULL;
	struct kd_err perr = { 0 };
	cJSON *doc = doc_from_yaml_marks(text, (size_t)(sep - text), path, &marks, &perr);
	if (doc == NULL) {
		kd_err_set(err, KD_ERR_INVALID, "%s", perr.msg);
		return NULL;
	}
	struct tmpl *t = xcalloc(1, sizeof *t);
	t->path = xstrdup(path);
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(doc, "kdeck-template");
	const cJSON *v;
	if (!cJSON_IsObject(h)) {
		tmpl_bad(err, path, marks, NULL, "%s", "the first document must be a kdeck-template: map");
		goto fail;
	}
	v = cJSON_GetObjectItemCaseSensitive(h, "name");
	if (v != NULL && (!cJSON_IsString(v) || v->valuestring[0] == '\0')) {
		tmpl_bad(err, path, marks, v, "%s", "name must be a word");
		goto fail;
	}
	t->name = xstrdup(v != NULL ? v->valuestring : "");
	v = cJSON_GetObjectItemCaseSensitive(h, "description");
	t->description = xstrdup(cJSON_IsString(v) ? v->valuestring : "");
	v = cJSON_GetObjectItemCaseSensitive(h, "params");
	if (v != NULL && !cJSON_IsArray(v) && !cJSON_IsNull(v)) {
		tmpl_bad(err, path, marks, v, "%s", "params must be a list");
		goto fail;
	}
	const cJSON *pj;
	cJSON_ArrayForEach(pj, v)
		if (tmpl_parse_param(t, pj, marks, err) < 0)
			goto fail;
	t->body_len = (size_t)(end - p);
	t->body = xstrndup(p, t->body_len);
	t->body_line = sep_line + 1;
	if (tmpl_scan(t, NULL, NULL, err) < 0)
		goto fail;
	cJSON_Delete(doc);
	doc_marks_free(&marks);
	return t;
fail:
	cJSON_Delete(doc);
	doc_marks_free(&marks);
	tmpl_free(&t);
	return NULL;
}

struct tmpl *
tmpl_load(const char *path, struct kd_err *err)
{
	size_t len;
	char *text = file_read(path, TMPL_MAX_FILE, &len);
	if (text == NULL) {
		char *shown = file_tilde(path);
		kd_err_set(err, KD_ERR_IO, "cannot read %s: %s", shown, strerror(errno));
		free(shown);
		return NULL;
	}
	char *shown = file_tilde(path);
	struct tmpl *t = NULL;
	if (len > TMPL_MAX_FILE)
		kd_err_set(err, KD_ERR_INVALID, "%s: larger than 1 MiB: no template", shown);
	else
		t = tmpl_parse(text, len, shown, err);
	free(shown);
	free(text);
	if (t != NULL && t->name[0] == '\0') {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		size_t n = strlen(base);
		if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
			n -= 5;
		free(t->name);
		t->name = xstrndup(base, n);
	}
	return t;
}
