/* cJSON trees to block YAML as kubectl prints it; see doc.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/doc.h"
#include "model/doc_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "util/sbuf.h"
#include "util/xmalloc.h"

/* The emitter's output handler: appends to the sbuf in data. */
static int
doc_write(void *data, unsigned char *buf, size_t size)
{
	sbuf_add(data, (const char *)buf, size);
	return 1;
}

/* s with invalid UTF-8 replaced by U+FFFD (the emitter refuses it), or NULL when s is
 * valid. */
static char *
doc_utf8_fix(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct sbuf o = { 0 };
	int bad = 0;
	while (*p != '\0') {
		size_t n = 0;
		if (p[0] < 0x80)
			n = 1;
		else if ((p[0] & 0xe0) == 0xc0 && p[0] >= 0xc2 && (p[1] & 0xc0) == 0x80)
			n = 2;
		else if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
		    !(p[0] == 0xe0 && p[1] < 0xa0) && !(p[0] == 0xed && p[1] >= 0xa0))
			n = 3;
		else if ((p[0] & 0xf8) == 0xf0 && p[0] <= 0xf4 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
		    (p[3] & 0xc0) == 0x80 && !(p[0] == 0xf0 && p[1] < 0x90) && !(p[0] == 0xf4 && p[1] >= 0x90))
			n = 4;
		if (n == 0) {
			bad = 1;
			sbuf_add(&o, "\xef\xbf\xbd", 3);
			p++;
		} else {
			sbuf_add(&o, (const char *)p, n);
			p += n;
		}
	}
	if (!bad) {
		free(o.s);
		return NULL;
	}
	return o.s;
}

void
doc_number(double d, char *buf, size_t len)
{
	if (floor(d) == d && fabs(d) < 1e15) {
		snprintf(buf, len, "%.0f", d);
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

/* The style a string needs: plain when it reads back as itself, a literal block for
 * multi-line text, otherwise quoted. */
static yaml_scalar_style_t
doc_style(const char *s, int is_key)
{
	size_t n = strlen(s);
	int nl = strchr(s, '\n') != NULL;
	int ctrl = 0, trailing_space = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			ctrl = 1;
		if ((c == ' ' || c == '\t') && (s[i + 1] == '\n' || s[i + 1] == '\0') && nl)
			trailing_space = 1;
	}
	if (ctrl)
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (nl)
		return is_key || trailing_space || s[0] == ' ' || s[0] == '\t' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
		    YAML_LITERAL_SCALAR_STYLE;
	if (!doc_plain_ok(s))
		return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	/* The emitter itself quotes what plain syntax cannot hold (": ", leading "-", ...). */
	return YAML_ANY_SCALAR_STYLE;
}

static int
doc_emit_scalar(yaml_emitter_t *em, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int plain_implicit = style == YAML_ANY_SCALAR_STYLE || style == YAML_PLAIN_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), plain_implicit, 1, style);
	return yaml_emitter_emit(em, &ev);
}

int
doc_emit_plain(yaml_emitter_t *em, const char *s)
{
	return doc_emit_scalar(em, s, YAML_PLAIN_SCALAR_STYLE);
}

int
doc_emit_string(yaml_emitter_t *em, const char *s, int is_key)
{
	char *fixed = doc_utf8_fix(s);
	const char *t = fixed ? fixed : s;
	int ok = doc_emit_scalar(em, t, doc_style(t, is_key));
	free(fixed);
	return ok;
}

static int
doc_cmp_keys(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string, y->string);
}

int
doc_emit_mapping(yaml_emitter_t *em, int empty)
{
	yaml_event_t ev;
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    empty ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	return yaml_emitter_emit(em, &ev);
}

int
doc_emit_sequence(yaml_emitter_t *em, int empty)
{
	yaml_event_t ev;
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    empty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	return yaml_emitter_emit(em, &ev);
}

int
doc_emit_end_mapping(yaml_emitter_t *em)
{
	yaml_event_t ev;
	yaml_mapping_end_event_initialize(&ev);
	return yaml_emitter_emit(em, &ev);
}

int
doc_emit_end_sequence(yaml_emitter_t *em)
{
	yaml_event_t ev;
	yaml_sequence_end_event_initialize(&ev);
	return yaml_emitter_emit(em, &ev);
}

static int
doc_emit(yaml_emitter_t *em, const cJSON *n, int flags)
{
	char buf[64];
	if (cJSON_IsObject(n)) {
		size_t count = 0;
		for (const cJSON *c = n->child; c != NULL; c = c->next)
			count++;
		if (!doc_emit_mapping(em, count == 0))
			return 0;
		const cJSON **v = xcalloc(count ? count : 1, sizeof *v);
		size_t i = 0;
		for (const cJSON *c = n->child; c != NULL; c = c->next)
			v[i++] = c;
		if (flags & DOC_SORT_KEYS)
			qsort(v, count, sizeof *v, doc_cmp_keys);
		int ok = 1;
		for (i = 0; i < count && ok; i++)
			ok = doc_emit_string(em, v[i]->string ? v[i]->string : "", 1) && doc_emit(em, v[i], flags);
		free(v);
		return ok && doc_emit_end_mapping(em);
	}
	if (cJSON_IsArray(n)) {
		if (!doc_emit_sequence(em, n->child == NULL))
			return 0;
		for (const cJSON *c = n->child; c != NULL; c = c->next)
			if (!doc_emit(em, c, flags))
				return 0;
		return doc_emit_end_sequence(em);
	}
	if (cJSON_IsString(n))
		return doc_emit_string(em, n->valuestring, 0);
	if (cJSON_IsNumber(n)) {
		doc_number(n->valuedouble, buf, sizeof buf);
		return doc_emit_plain(em, buf);
	}
	if (cJSON_IsTrue(n))
		return doc_emit_plain(em, "true");
	if (cJSON_IsFalse(n))
		return doc_emit_plain(em, "false");
	if (cJSON_IsRaw(n) && n->valuestring != NULL)
		return doc_emit_plain(em, n->valuestring);
	return doc_emit_plain(em, "null");
}

int
doc_emitter_open(yaml_emitter_t *em, struct sbuf *o)
{
	yaml_event_t ev;
	sbuf_add(o, "", 0);
	if (!yaml_emitter_initialize(em))
		return 0;
	yaml_emitter_set_output(em, doc_write, o);
	yaml_emitter_set_unicode(em, 1);
	yaml_emitter_set_width(em, -1);
	yaml_emitter_set_indent(em, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (yaml_emitter_emit(em, &ev))
		return 1;
	yaml_emitter_delete(em);
	return 0;
}

int
doc_emitter_doc_start(yaml_emitter_t *em, int first)
{
	yaml_event_t ev;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, first);
	return yaml_emitter_emit(em, &ev);
}

int
doc_emitter_doc_end(yaml_emitter_t *em)
{
	yaml_event_t ev;
	yaml_document_end_event_initialize(&ev, 1);
	return yaml_emitter_emit(em, &ev);
}

char *
doc_emitter_close(yaml_emitter_t *em, struct sbuf *o, int ok)
{
	yaml_event_t ev;
	if (ok) {
		yaml_stream_end_event_initialize(&ev);
		ok = yaml_emitter_emit(em, &ev);
	}
	yaml_emitter_delete(em);
	if (!ok) {
		/* Not reached with valid trees; leave a readable trace rather than nothing. */
		o->len = 0;
		sbuf_str(o, "# cannot write this document as YAML\n");
	}
	/* no room left over: a large object's text is kept while it is edited */
	if (o->s != NULL && o->cap > o->len + 1)
		o->s = xrealloc(o->s, o->len + 1);
	return o->s;
}

static char *
doc_emit_docs(const cJSON *const *docs, size_t n, int flags)
{
	struct sbuf o = { 0 };
	yaml_emitter_t em;
	if (!doc_emitter_open(&em, &o))
		return o.s;
	int ok = 1;
	for (size_t i = 0; i < n && ok; i++)
		ok = doc_emitter_doc_start(&em, i == 0) && doc_emit(&em, docs[i], flags) &&
		    doc_emitter_doc_end(&em);
	return doc_emitter_close(&em, &o, ok);
}

char *
doc_to_yaml(const cJSON *doc, int flags)
{
	return doc_emit_docs(&doc, 1, flags);
}

char *
doc_to_yaml_all(const cJSON *docs, int flags)
{
	size_t n = 0;
	for (const cJSON *c = docs ? docs->child : NULL; c != NULL; c = c->next)
		n++;
	const cJSON **v = xcalloc(n ? n : 1, sizeof *v);
	size_t i = 0;
	for (const cJSON *c = docs ? docs->child : NULL; c != NULL; c = c->next)
		v[i++] = c;
	char *s = doc_emit_docs(v, n, flags);
	free(v);
	return s;
}

static void
doc_json_string(struct sbuf *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	sbuf_add(o, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		}
		if (esc != NULL) {
			sbuf_str(o, esc);
		} else if (*p < 0x20) {
			char u[7] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], '\0' };
			sbuf_str(o, u);
		} else {
			sbuf_add(o, (const char *)p, 1);
		}
	}
	sbuf_add(o, "\"", 1);
}

static void
doc_json_indent(struct sbuf *o, int depth)
{
	sbuf_add(o, "\n", 1);
	for (int i = 0; i < depth; i++)
		sbuf_add(o, "  ", 2);
}

static void
doc_json(struct sbuf *o, const cJSON *n, int depth)
{
	char buf[64];
	if (cJSON_IsObject(n) || cJSON_IsArray(n)) {
		int obj = cJSON_IsObject(n);
		if (n->child == NULL) {
			sbuf_str(o, obj ? "{}" : "[]");
			return;
		}
		sbuf_str(o, obj ? "{" : "[");
		for (const cJSON *c = n->child; c != NULL; c = c->next) {
			doc_json_indent(o, depth + 1);
			if (obj) {
				doc_json_string(o, c->string ? c->string : "");
				sbuf_str(o, ": ");
			}
			doc_json(o, c, depth + 1);
			if (c->next != NULL)
				sbuf_add(o, ",", 1);
		}
		doc_json_indent(o, depth);
		sbuf_str(o, obj ? "}" : "]");
	} else if (cJSON_IsString(n)) {
		char *fixed = doc_utf8_fix(n->valuestring);
		doc_json_string(o, fixed ? fixed : n->valuestring);
		free(fixed);
	} else if (cJSON_IsNumber(n) && !isfinite(n->valuedouble)) {
		sbuf_str(o, "null");   /* JSON has no infinity; trees read from text never hold one */
	} else if (cJSON_IsNumber(n)) {
		doc_number(n->valuedouble, buf, sizeof buf);
		sbuf_str(o, buf);
	} else if (cJSON_IsTrue(n)) {
		sbuf_str(o, "true");
	} else if (cJSON_IsFalse(n)) {
		sbuf_str(o, "false");
	} else if (cJSON_IsRaw(n) && n->valuestring != NULL) {
		sbuf_str(o, n->valuestring);
	} else {
		sbuf_str(o, "null");
	}
}

char *
doc_to_json(const cJSON *doc)
{
	struct sbuf o = { 0 };
	sbuf_add(&o, "", 0);
	doc_json(&o, doc, 0);
	sbuf_add(&o, "\n", 1);
	return o.s;
}
