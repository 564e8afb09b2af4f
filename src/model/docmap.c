/* Field paths <-> places in a document's text, from libyaml's marks; see docmap.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/docmap.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "model/doc.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

enum docmap_kind { DOCMAP_SCALAR, DOCMAP_MAP, DOCMAP_SEQ };

/* Scalars longer than this are not kept: only short ones name a list item ([name="x"]). */
#define DOCMAP_SCALAR_KEEP 256

struct docmap_node {
	int parent, first, last, next;   /* -1: none */
	enum docmap_kind kind;
	char *key;       /* in a map; NULL for the document and list items */
	int index;       /* in a list */
	char *scalar;    /* a short scalar's text, or NULL */
	int line, col, end_line;
};

struct docmap {
	struct docmap_node *v;
	int n, cap;
};

/* A container being read: the node, and for a map the key waiting for its value. */
struct docmap_frame {
	int node;         /* -1 when there is no map to fill */
	enum docmap_kind kind;
	int skip;         /* depth inside a map or list used as a key (not a field) */
	int flow;         /* {} or []: it ends at its closing bracket, a block with its last item */
	int want_value;
	char *key;
	yaml_mark_t key_mark;
	int items;
};

static int
docmap_add(struct docmap *m, int parent, enum docmap_kind kind, char *key, int index, yaml_mark_t at)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xreallocarray(m->v, (size_t)m->cap, sizeof *m->v);
	}
	int i = m->n++;
	m->v[i] = (struct docmap_node){ parent, -1, -1, -1, kind, key, index, NULL, (int)at.line + 1,
		(int)at.column + 1, (int)at.line + 1 };
	if (parent >= 0) {
		struct docmap_node *p = &m->v[parent];
		if (p->last >= 0)
			m->v[p->last].next = i;
		else
			p->first = i;
		p->last = i;
	}
	return i;
}

/* The last line with text of a node that ends at end. */
static int
docmap_end_line(yaml_mark_t start, yaml_mark_t end)
{
	if (end.column == 0 && end.line > start.line)
		return (int)end.line;
	return (int)end.line + 1;
}

/* A map key as JSON has it (sigs.k8s.io/yaml turns true, 1 and null keys into text). */
static char *
docmap_key(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || doc_plain_ok(s) || ev->data.scalar.tag != NULL)
		return xstrdup(s);
	cJSON *k = doc_from_yaml(s, strlen(s), NULL, NULL);
	char *out = NULL;
	if (cJSON_IsString(k))
		out = xstrdup(k->valuestring);
	else if (cJSON_IsTrue(k))
		out = xstrdup("true");
	else if (cJSON_IsFalse(k))
		out = xstrdup("false");
	else if (cJSON_IsNull(k))
		out = xstrdup("null");
	else if (cJSON_IsRaw(k))
		out = xstrdup(k->valuestring);
	else if (cJSON_IsNumber(k) && floor(k->valuedouble) == k->valuedouble && fabs(k->valuedouble) < 1e18)
		out = xasprintf("%.0f", k->valuedouble);
	else if (cJSON_IsNumber(k))
		out = xasprintf("%.17g", k->valuedouble);
	else
		out = xstrdup(s);
	cJSON_Delete(k);
	return out;
}

/* ---- errors: libyaml's problem, said for the person editing ---- */

static void
docmap_fail(struct docmap_err *err, yaml_mark_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
docmap_fail(struct docmap_err *err, yaml_mark_t at, const char *fmt, ...)
{
	if (err == NULL)
		return;
	err->line = (int)at.line + 1;
	err->col = (int)at.column + 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

/* Where a ',' is missing after the last value read: in a flow map or list a plain scalar
 * goes on over the next line ("1" then "\"b\": 2" reads as "1 \"b\""), so it is the end of
 * its first line. */
static yaml_mark_t
docmap_after(const char *text, size_t len, yaml_mark_t start, yaml_mark_t end, int plain)
{
	if (!plain || end.line == start.line)
		return end;
	size_t i = start.index;
	while (i < len && text[i] != '\n')
		i++;
	while (i > start.index && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\r'))
		i--;
	return (yaml_mark_t){ i, start.line, start.column + (i - start.index) };
}

static void
docmap_syntax(const yaml_parser_t *p, const char *text, size_t len, yaml_mark_t last_end,
    struct docmap_err *err)
{
	const char *problem = p->problem ? p->problem : "";
	const char *context = p->context ? p->context : "";
	yaml_mark_t at = p->problem_mark, ctx = p->context_mark;
	if (p->error == YAML_READER_ERROR) {
		/* the reader says where in bytes only */
		at = (yaml_mark_t){ 0 };
		for (size_t i = 0; i < p->problem_offset && i < len; i++) {
			if (text[i] == '\n')
				at.line++, at.column = 0;
			else if (((unsigned char)text[i] & 0xc0) != 0x80)
				at.column++;
		}
		at.index = p->problem_offset;
	}
	char c = at.index < len ? text[at.index] : '\0';
	size_t bol = at.index < len ? at.index : len;
	while (bol > 0 && text[bol - 1] != '\n')
		bol--;
	int first_on_line = 1;   /* nothing but spaces before the problem on its line */
	for (size_t i = bol; i < at.index && i < len; i++)
		if (text[i] != ' ')
			first_on_line = 0;
	if (strstr(problem, "tab") != NULL || (strstr(problem, "cannot start any token") && c == '\t'))
		docmap_fail(err, at, "a tab indents this line; YAML is indented with spaces only");
	else if (strstr(problem, "cannot start any token") != NULL)
		docmap_fail(err, at, "'%c' cannot start a value here; put the value in quotes", c);
	else if (strstr(problem, "end of stream") != NULL && strstr(context, "quoted scalar") != NULL)
		docmap_fail(err, ctx, "this quoted text is never closed: its closing quote is missing");
	else if (strstr(problem, "end of stream") != NULL)
		docmap_fail(err, at, "the text ends in the middle of a value (%s)", context);
	else if (strstr(problem, "expected ',' or '}'") != NULL)
		docmap_fail(err, last_end, "a ',' or '}' is missing here (in the map that opens on line %zu)",
		    ctx.line + 1);
	else if (strstr(problem, "expected ',' or ']'") != NULL)
		docmap_fail(err, last_end, "a ',' or ']' is missing here (in the list that opens on line %zu)",
		    ctx.line + 1);
	else if (strstr(problem, "mapping values are not allowed") != NULL)
		docmap_fail(err, at, "a ':' here cannot start a map: indent this line like its neighbours, "
		    "or quote a value that holds \": \"");
	else if (strstr(problem, "did not find expected key") != NULL && !first_on_line)
		docmap_fail(err, at, "more text follows a complete value here: quote the whole value");
	else if (strstr(problem, "did not find expected key") != NULL)
		docmap_fail(err, at, "this line is not indented like the keys of its map (which starts on line %zu)",
		    ctx.line + 1);
	else if (strstr(problem, "could not find expected ':'") != NULL)
		docmap_fail(err, ctx, "this key has no ':' after it (or the line before it continues here)");
	else if (strstr(problem, "did not find expected '-'") != NULL)
		docmap_fail(err, at, "this line is not indented like the items of its list (which starts on line %zu)",
		    ctx.line + 1);
	else if (strstr(problem, "block sequence entries are not allowed") != NULL)
		docmap_fail(err, at, "a list item ('- ') cannot start here: indent it under a key");
	else if (strstr(problem, "did not find expected node content") != NULL)
		docmap_fail(err, at, "a value is missing here");
	else if (strstr(problem, "control characters are not allowed") != NULL)
		docmap_fail(err, at, "a control character (byte 0x%02x) cannot be in the text; write it as \\x%02x "
		    "inside double quotes", p->problem_value, p->problem_value);
	else if (strstr(problem, "invalid") != NULL || strstr(problem, "incomplete UTF-8") != NULL)
		docmap_fail(err, at, "the text holds bytes that are not UTF-8 text");
	else
		docmap_fail(err, at, "%s%s%s", problem, *context ? " " : "", context);
}

/* ---- the walk: one pass over the events of the first document ---- */

struct docmap_anchors {
	char **v;
	size_t n;
};

/* Records the anchor ev defines; for an alias, whether its anchor was defined before it
 * (-1 with *err set when not: reading the text would fail there). */
static int
docmap_anchor(struct docmap_anchors *a, const yaml_event_t *ev, struct docmap_err *err)
{
	const yaml_char_t *name = ev->type == YAML_SCALAR_EVENT ? ev->data.scalar.anchor :
	    ev->type == YAML_MAPPING_START_EVENT ? ev->data.mapping_start.anchor :
	    ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor : NULL;
	if (name != NULL) {
		a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
		a->v[a->n++] = xstrdup((const char *)name);
		return 0;
	}
	if (ev->type != YAML_ALIAS_EVENT)
		return 0;
	for (size_t i = a->n; i-- > 0;)
		if (strcmp(a->v[i], (const char *)ev->data.alias.anchor) == 0)
			return 0;
	docmap_fail(err, ev->start_mark, "*%.200s names no anchor (&%.200s) defined before it",
	    (const char *)ev->data.alias.anchor, (const char *)ev->data.alias.anchor);
	return -1;
}

/* The containers being read, innermost last. */
struct docmap_stack {
	struct docmap_frame *v;
	size_t n, cap;
};

/* A map or list ends: its last line is its closing bracket's, or a block's last item's. */
static void
docmap_close(struct docmap *m, struct docmap_stack *st, const yaml_event_t *ev)
{
	struct docmap_frame *f = &st->v[st->n - 1];
	if (f->skip > 0) {
		f->skip--;
		return;
	}
	if (m != NULL) {
		struct docmap_node *nd = &m->v[f->node];
		yaml_mark_t s = { 0, (size_t)nd->line - 1, 0 };
		nd->end_line = f->flow || nd->last < 0 ? docmap_end_line(s, ev->end_mark) : m->v[nd->last].end_line;
	}
	free(f->key);
	st->n--;
}

/* A scalar, an alias or the start of a map or list: a map's key, or a node. */
static void
docmap_open(struct docmap *m, struct docmap_stack *st, const yaml_event_t *ev)
{
	yaml_event_type_t t = ev->type;
	int container = t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT;
	struct docmap_frame *f = st->n > 0 ? &st->v[st->n - 1] : NULL;
	if (f != NULL && f->skip > 0) {
		f->skip += container;
		return;
	}
	if (f != NULL && f->kind == DOCMAP_MAP && !f->want_value) {
		f->want_value = 1;
		f->key_mark = ev->start_mark;
		free(f->key);
		f->key = m == NULL ? NULL : t == YAML_SCALAR_EVENT ? docmap_key(ev) : xstrdup("");
		f->skip = container;   /* a map or list as a key names no field */
		return;
	}
	int parent = -1, index = 0;
	char *key = NULL;
	yaml_mark_t at = ev->start_mark;
	if (f != NULL) {
		parent = f->node;
		if (f->want_value) {
			f->want_value = 0;
			key = f->key;
			f->key = NULL;
			at = f->key_mark;
		} else {
			index = f->items++;
		}
	}
	enum docmap_kind kind = t == YAML_MAPPING_START_EVENT ? DOCMAP_MAP :
	    t == YAML_SEQUENCE_START_EVENT ? DOCMAP_SEQ : DOCMAP_SCALAR;
	int node = -1;
	if (m != NULL) {
		node = docmap_add(m, parent, kind, key, index, at);
		if (t == YAML_SCALAR_EVENT && ev->data.scalar.length <= DOCMAP_SCALAR_KEEP)
			m->v[node].scalar = xstrdup((const char *)ev->data.scalar.value);
		if (!container)
			m->v[node].end_line = docmap_end_line(at, ev->end_mark);
	}
	if (!container)
		return;
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 16;
		st->v = xreallocarray(st->v, st->cap, sizeof *st->v);
	}
	int flow = t == YAML_MAPPING_START_EVENT ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE :
	    ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	st->v[st->n++] = (struct docmap_frame){ .node = node, .kind = kind, .flow = flow };
}

/* Text read a line at a time (docmap_check_lines): the line to go on with, where in it,
 * and how much of it is read. The content of a block scalar (| or >) is read as its
 * indentation and one letter a line, so that the parser does not build a copy of a large
 * one (libyaml grows a scalar's copy by doubling it): a block scalar's lines are text, and
 * their bytes do not change whether the document is valid, but for those that this reads
 * as they are (quotes, backslashes, tabs, bytes that are not printable ASCII). */
struct docmap_reader {
	docmap_line_fn line;
	void *arg;
	size_t n, i, at;
	const char *s;      /* line i, and the length read of it (len + 1: its indent and "x") */
	size_t len, lead;
	int shown;          /* line i is read as it is */
	int block;          /* in a block scalar whose parent is at column parent: its content
	                     * is indented by indent (0 until its first line that is not blank) */
	size_t parent, indent, blank;
};

/* Whether line s (n bytes) ends in a block scalar's header ("key: |", "- >-", "k: |+ # c")
 * and, if so, the column of the node it is the value of. An indentation indicator (|2)
 * is not taken: its lines are read as they are. */
static int
docmap_block_header(const char *s, size_t n, size_t *parent)
{
	size_t i = 0, dash = SIZE_MAX;
	while (i < n && s[i] == ' ')
		i++;
	while (i + 1 < n && s[i] == '-' && s[i + 1] == ' ') {
		dash = i;
		for (i += 2; i < n && s[i] == ' '; i++)
			;
	}
	size_t col = i;
	if (i < n && (s[i] == '|' || s[i] == '>')) {
		if (dash == SIZE_MAX)
			return 0;
		col = dash;
	} else {
		/* a plain key up to ": " (a quoted one is not taken) */
		if (i >= n || strchr("-?:,[]{}#&*!|>'\"%@`", s[i]) != NULL)
			return 0;
		for (; i < n && !(s[i] == ':' && (i + 1 == n || s[i + 1] == ' ')); i++)
			if (s[i] == '#' && s[i - 1] == ' ')
				return 0;
		if (i >= n)
			return 0;
		for (i++; i < n && s[i] == ' '; i++)
			;
		if (i >= n || (s[i] != '|' && s[i] != '>'))
			return 0;
	}
	i++;
	for (int k = 0; k < 2 && i < n && (s[i] == '-' || s[i] == '+' || (s[i] >= '0' && s[i] <= '9')); k++, i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 0;
	size_t sp = i;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && !(s[i] == '#' && i > sp))
		return 0;
	*parent = col;
	return 1;
}

/* Whether a block scalar's line may be read as its indentation and a letter. */
static int
docmap_plain_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e || s[i] == '"' || s[i] == '\'' ||
		    s[i] == '\\')
			return 0;
	return 1;
}

/* Line r->i taken: how it is read, and the block scalar it starts, goes on or ends. */
static void
docmap_read_line(struct docmap_reader *r)
{
	size_t len, lead = 0;
	const char *s = r->line(r->arg, r->i, &len);
	while (lead < len && s[lead] == ' ')
		lead++;
	r->s = s;
	r->len = len;
	r->shown = 1;
	if (r->block) {
		if (lead == len) {   /* blank: the content's indent is at least its length */
			if (r->indent == 0 && len > r->blank)
				r->blank = len;
			return;
		}
		if (r->indent == 0)
			r->indent = lead > r->blank ? lead : r->blank;
		if (r->indent > r->parent && lead >= r->indent) {
			if (docmap_plain_text(s + lead, len - lead)) {
				r->shown = 0;
				r->lead = lead;
			}
			return;
		}
		r->block = 0;
	}
	size_t parent;
	if (docmap_block_header(s, len, &parent)) {
		r->block = 1;
		r->parent = parent;
		r->indent = 0;
		r->blank = 0;
	}
}

/* libyaml's read handler: the lines joined by '\n', as much as fits. */
static int
docmap_read(void *data, unsigned char *buf, size_t size, size_t *got)
{
	struct docmap_reader *r = data;
	size_t k = 0;
	while (k < size && r->i < r->n) {
		if (r->s == NULL)
			docmap_read_line(r);
		size_t len = r->shown ? r->len : r->lead + 1;
		if (r->at < len) {
			size_t c = len - r->at < size - k ? len - r->at : size - k;
			if (r->shown)
				memcpy(buf + k, r->s + r->at, c);
			else
				for (size_t j = 0; j < c; j++)
					buf[k + j] = r->at + j < r->lead ? ' ' : 'x';
			k += c;
			r->at += c;
			continue;
		}
		if (r->i + 1 < r->n)
			buf[k++] = '\n';
		r->i++;
		r->at = 0;
		r->s = NULL;
	}
	*got = k;
	return 1;
}

/* Reads the first document of text, or of what rd reads (then the text is not at hand for
 * an error's sentence: -1 with *err unset), into m when not NULL. */
static int
docmap_walk(const char *text, size_t len, struct docmap_reader *rd, struct docmap *m,
    struct docmap_err *err)
{
	yaml_parser_t p;
	if (err != NULL)
		*err = (struct docmap_err){ 0 };
	if (!yaml_parser_initialize(&p)) {
		docmap_fail(err, (yaml_mark_t){ 0 }, "cannot start the YAML parser");
		return -1;
	}
	if (rd != NULL)
		yaml_parser_set_input(&p, docmap_read, rd);
	else
		yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	struct docmap_stack st = { 0 };
	struct docmap_anchors anchors = { 0 };
	yaml_mark_t last_start = { 0 }, last_end = { 0 };
	int last_plain = 0, rc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			if (rd != NULL) {
				rc = -1;
				break;
			}
			docmap_syntax(&p, text, len, docmap_after(text, len, last_start, last_end, last_plain), err);
			rc = -1;
			break;
		}
		last_start = ev.start_mark;
		last_end = ev.end_mark;
		last_plain = ev.type == YAML_SCALAR_EVENT && ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		yaml_event_type_t t = ev.type;
		if (docmap_anchor(&anchors, &ev, err) != 0)
			rc = -1;
		else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT)
			docmap_close(m, &st, &ev);
		else if (t == YAML_SCALAR_EVENT || t == YAML_ALIAS_EVENT || t == YAML_MAPPING_START_EVENT ||
		    t == YAML_SEQUENCE_START_EVENT)
			docmap_open(m, &st, &ev);
		yaml_event_delete(&ev);
		if (rc != 0 || t == YAML_STREAM_END_EVENT || t == YAML_DOCUMENT_END_EVENT)
			break;
	}
	while (st.n > 0)
		free(st.v[--st.n].key);
	free(st.v);
	for (size_t i = 0; i < anchors.n; i++)
		free(anchors.v[i]);
	free(anchors.v);
	yaml_parser_delete(&p);
	return rc;
}

struct docmap *
docmap_new(const char *text, size_t len, struct docmap_err *err)
{
	struct docmap *m = xcalloc(1, sizeof *m);
	if (docmap_walk(text, len, NULL, m, err) != 0)
		docmap_free(&m);
	return m;
}

void
docmap_free(struct docmap **m)
{
	if (*m == NULL)
		return;
	for (int i = 0; i < (*m)->n; i++) {
		free((*m)->v[i].key);
		free((*m)->v[i].scalar);
	}
	free((*m)->v);
	free(*m);
	*m = NULL;
}

int
docmap_check(const char *text, size_t len, struct docmap_err *err)
{
	return docmap_walk(text, len, NULL, NULL, err);
}

int
docmap_check_lines(docmap_line_fn line, void *arg, size_t n, struct docmap_err *err)
{
	struct docmap_reader rd = { .line = line, .arg = arg, .n = n };
	struct docmap_err scratch;
	if (docmap_walk(NULL, 0, &rd, NULL, err ? err : &scratch) == 0)
		return 0;
	/* the sentence wants the text around the error: joined only now */
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = line(arg, i, &len);
		if (i > 0)
			sbuf_add(&b, "\n", 1);
		sbuf_add(&b, s, len);
	}
	int rc = docmap_walk(b.s, b.len, NULL, NULL, err);
	free(b.s);
	return rc;
}

/* ---- paths ---- */

/* Whether key can be written as ".key" (otherwise "[key]"). */
static int
docmap_simple(const char *key)
{
	if (*key == '\0')
		return 0;
	for (const char *p = key; *p != '\0'; p++)
		if (*p == '.' || *p == '[' || *p == ']' || *p == ' ')
			return 0;
	return 1;
}

static char *
docmap_path(const struct docmap *m, int i)
{
	int n = 0;
	for (int k = i; k > 0 && m->v[k].parent >= 0; k = m->v[k].parent)
		n++;
	int *chain = xcalloc((size_t)n + 1, sizeof *chain);
	n = 0;
	for (int k = i; k > 0 && m->v[k].parent >= 0; k = m->v[k].parent)
		chain[n++] = k;
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	for (int j = n - 1; j >= 0; j--) {
		const struct docmap_node *nd = &m->v[chain[j]];
		char num[24];
		if (nd->key == NULL) {
			snprintf(num, sizeof num, "[%d]", nd->index);
			sbuf_str(&b, num);
		} else if (docmap_simple(nd->key)) {
			if (b.len > 0)
				sbuf_str(&b, ".");
			sbuf_str(&b, nd->key);
		} else {
			sbuf_str(&b, "[");
			sbuf_str(&b, nd->key);
			sbuf_str(&b, "]");
		}
	}
	free(chain);
	return b.s;
}

/* The child of node that segment seg (n bytes; bracket: it was written "[...]") names,
 * or -1. */
static int
docmap_child(const struct docmap *m, int node, const char *seg, size_t n, int bracket)
{
	const struct docmap_node *nd = &m->v[node];
	int found = -1;
	if (nd->kind == DOCMAP_MAP) {
		for (int c = nd->first; c >= 0; c = m->v[c].next)
			if (strlen(m->v[c].key) == n && memcmp(m->v[c].key, seg, n) == 0)
				found = c;   /* a repeated key: the last one counts, as when it is read */
		return found;
	}
	if (nd->kind != DOCMAP_SEQ || !bracket || n == 0)
		return -1;
	const char *eq = memchr(seg, '=', n);
	if (eq == NULL) {
		int idx = 0;
		for (size_t i = 0; i < n; i++) {
			if (seg[i] < '0' || seg[i] > '9' || idx > 100000000)
				return -1;
			idx = idx * 10 + (seg[i] - '0');
		}
		for (int c = nd->first; c >= 0; c = m->v[c].next)
			if (m->v[c].index == idx)
				return c;
		return -1;
	}
	/* [name="x"]: the item whose field name is x */
	size_t kn = (size_t)(eq - seg);
	const char *val = eq + 1;
	size_t vn = n - kn - 1;
	if (vn >= 2 && val[0] == '"' && val[vn - 1] == '"')
		val++, vn -= 2;
	for (int c = nd->first; c >= 0; c = m->v[c].next) {
		int f = m->v[c].kind == DOCMAP_MAP ? docmap_child(m, c, seg, kn, 0) : -1;
		const char *s = f >= 0 ? m->v[f].scalar : NULL;
		if (s != NULL && strlen(s) == vn && memcmp(s, val, vn) == 0)
			return c;
	}
	return -1;
}

int
docmap_find(const struct docmap *m, const char *path, struct docmap_hit *hit)
{
	*hit = (struct docmap_hit){ 0 };
	if (m == NULL || m->n == 0)
		return -1;
	int node = 0, exact = 1;
	const char *p = path ? path : "";
	if (strcmp(p, "<root>") == 0)
		p = "";
	while (*p != '\0') {
		const char *seg;
		size_t n;
		int bracket = 0;
		if (*p == '.')
			p++;
		if (*p == '[') {
			bracket = 1;
			seg = ++p;
			const char *end = strstr(p, "\"]");
			if (end == NULL || memchr(p, '"', (size_t)(end - p)) == NULL)
				end = strchr(p, ']');
			else
				end++;
			if (end == NULL)
				end = p + strlen(p);
			n = (size_t)(end - p);
			p = *end == ']' ? end + 1 : end;
		} else {
			seg = p;
			n = strcspn(p, ".[");
		}
		int c = docmap_child(m, node, seg, n, bracket);
		/* a key with dots written after a dot (metadata.labels.app.kubernetes.io/name) */
		for (size_t more = n; c < 0 && !bracket && seg[more] == '.';) {
			more += 1 + strcspn(seg + more + 1, ".[");
			if ((c = docmap_child(m, node, seg, more, 0)) >= 0)
				n = more;
		}
		if (!bracket)
			p = seg + n;
		if (c < 0) {
			exact = 0;
			break;
		}
		node = c;
	}
	hit->line = m->v[node].line;
	hit->col = m->v[node].col;
	hit->exact = exact;
	hit->found = docmap_path(m, node);
	return 0;
}

char *
docmap_path_at(const struct docmap *m, int line)
{
	if (m == NULL || m->n == 0 || line < 1)
		return NULL;
	/* the last node (in document order) that starts on or before line ... */
	int lo = 0, hi = m->n - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;
		if (m->v[mid].line <= line)
			lo = mid;
		else
			hi = mid - 1;
	}
	/* ... lies in the innermost node that covers line, or is that node */
	int i = lo;
	while (i > 0 && m->v[i].end_line < line)
		i = m->v[i].parent;
	return docmap_path(m, i);
}

int
docmap_line_across(const struct docmap *from, int line, const struct docmap *to)
{
	char *path = docmap_path_at(from, line);
	struct docmap_hit hit;
	int out = 1;
	if (path != NULL && docmap_find(to, path, &hit) == 0) {
		out = hit.line;
		free(hit.found);
	}
	free(path);
	return out;
}

char *
docmap_convert(const char *text, size_t len, enum docmap_form to, struct kd_err *err)
{
	cJSON *doc = doc_from_yaml(text, len, NULL, err);
	if (doc == NULL)
		return NULL;
	char *out = to == DOCMAP_JSON ? doc_to_json(doc) : doc_to_yaml(doc, 0);
	cJSON_Delete(doc);
	return out;
}
