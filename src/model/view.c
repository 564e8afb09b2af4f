#define _POSIX_C_SOURCE 200809L
#include "model/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <yaml.h>

#include "model/expr.h"
#include "util/file.h"
#include "util/xmalloc.h"

static void
view_col_clear(struct view_col *c)
{
	free(c->name);
	expr_free(&c->expr);
}

void
view_free(struct view **vp)
{
	struct view *v = vp ? *vp : NULL;
	if (v == NULL)
		return;
	for (int i = 0; i < v->ncols; i++)
		view_col_clear(&v->cols[i]);
	free(v->cols);
	free(v->resource);
	free(v->group);
	free(v->kind);
	free(v->origin);
	free(v);
	*vp = NULL;
}

static struct view *
view_new(const char *resource, const char *group, const char *kind, const char *origin)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->resource = xstrdup(resource ? resource : "");
	v->group = xstrdup(group ? group : "");
	v->kind = xstrdup(kind ? kind : "");
	v->origin = xstrdup(origin);
	return v;
}

static struct view_col *
view_add_col(struct view *v, const char *name, const char *expr_text)
{
	v->cols = xreallocarray(v->cols, (size_t)v->ncols + 1, sizeof *v->cols);
	struct view_col *c = &v->cols[v->ncols++];
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	if (expr_text != NULL) {
		c->expr = expr_parse(expr_text, NULL, NULL);
		c->time = c->expr && expr_is_time(c->expr);
		if (c->time)
			c->sort = VIEW_SORT_TIME;
	}
	return c;
}

static void
view_compute_needs(struct view *v)
{
	v->needs = EXPR_NEEDS_META;
	for (int i = 0; i < v->ncols; i++)
		if (v->cols[i].expr)
			v->needs |= expr_needs(v->cols[i].expr);
}

/* ---- the file format ------------------------------------------------------------- */

struct vparse {
	yaml_document_t doc;
	const char *file;
	struct kd_err *err;
};

static int
vp_fail(struct vparse *vp, yaml_mark_t m, int extra_col, const char *msg, const char *arg)
{
	char what[300];
	snprintf(what, sizeof what, msg, arg);
	return kd_err_set(vp->err, KD_ERR_INVALID, "%s:%zu:%zu: %s", vp->file, m.line + 1,
	    m.column + 1 + (size_t)extra_col, what);
}

static const char *
vp_scalar(struct vparse *vp, yaml_node_t *n)
{
	(void)vp;
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int
vp_bool(const char *s, int *out)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "on") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 || strcmp(s, "off") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
vp_column(struct vparse *vp, struct view *v, yaml_node_t *n)
{
	if (n->type != YAML_MAPPING_NODE)
		return vp_fail(vp, n->start_mark, 0, "a column is a mapping with name and expr%s", "");
	struct view_col col = { 0 };
	int have_expr = 0, have_sort = 0;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&vp->doc, p->key);
		yaml_node_t *val = yaml_document_get_node(&vp->doc, p->value);
		const char *key = vp_scalar(vp, k), *s = vp_scalar(vp, val);
		if (key == NULL)
			goto bad_key;
		if (s == NULL) {
			vp_fail(vp, val->start_mark, 0, "the value of %s must be a scalar", key);
			goto fail;
		}
		if (strcmp(key, "name") == 0) {
			free(col.name);
			col.name = xstrdup(s);
		} else if (strcmp(key, "expr") == 0) {
			int pos = 0;
			struct kd_err e = { 0 };
			expr_free(&col.expr);
			col.expr = expr_parse(s, &pos, &e);
			if (col.expr == NULL) {
				/* plain scalars start at the mark; quoted ones one later */
				int q = val->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
				    val->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
				vp_fail(vp, val->start_mark, pos + q, "%.280s", e.msg);
				goto fail;
			}
			have_expr = 1;
		} else if (strcmp(key, "width") == 0) {
			char *end;
			long w = strtol(s, &end, 10);
			if (*end != '\0' || w < 0 || w > 1000) {
				vp_fail(vp, val->start_mark, 0, "width must be a number from 0 to 1000, not \"%s\"", s);
				goto fail;
			}
			col.width = (int)w;
		} else if (strcmp(key, "align") == 0) {
			if (strcmp(s, "left") == 0)
				col.align = VIEW_LEFT;
			else if (strcmp(s, "right") == 0)
				col.align = VIEW_RIGHT;
			else {
				vp_fail(vp, val->start_mark, 0, "align is left or right, not \"%s\"", s);
				goto fail;
			}
		} else if (strcmp(key, "sort") == 0) {
			static const char *names[] = { "text", "number", "time", "ratio" };
			int found = -1;
			for (int i = 0; i < 4; i++)
				if (strcmp(s, names[i]) == 0)
					found = i;
			if (found < 0) {
				vp_fail(vp, val->start_mark, 0, "sort is text, number, time or ratio, not \"%s\"", s);
				goto fail;
			}
			col.sort = (enum view_sort)found;
			have_sort = 1;
		} else if (strcmp(key, "wide") == 0) {
			if (vp_bool(s, &col.wide) != 0) {
				vp_fail(vp, val->start_mark, 0, "wide is true or false, not \"%s\"", s);
				goto fail;
			}
		} else {
bad_key:
			vp_fail(vp, k->start_mark, 0, "unknown column key \"%s\" (known: name, expr, "
			    "width, align, sort, wide)", key ? key : "?");
			goto fail;
		}
	}
	if (col.name == NULL || col.name[0] == '\0') {
		vp_fail(vp, n->start_mark, 0, "the column has no name%s", "");
		goto fail;
	}
	if (!have_expr) {
		vp_fail(vp, n->start_mark, 0, "the column %s has no expr", col.name);
		goto fail;
	}
	col.time = expr_is_time(col.expr);
	if (col.time && !have_sort)
		col.sort = VIEW_SORT_TIME;
	v->cols = xreallocarray(v->cols, (size_t)v->ncols + 1, sizeof *v->cols);
	v->cols[v->ncols++] = col;
	return 0;
fail:
	view_col_clear(&col);
	return -1;
}

struct view *
view_parse(const char *text, size_t len, const char *filename, struct kd_err *err)
{
	struct vparse vp = { .file = filename ? filename : "view", .err = err };
	yaml_parser_t parser;
	struct view *v = NULL;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &vp.doc)) {
		yaml_mark_t m = parser.problem_mark;
		kd_err_set(err, KD_ERR_INVALID, "%s:%zu:%zu: %s%s%s", vp.file, m.line + 1, m.column + 1,
		    parser.problem ? parser.problem : "not YAML",
		    parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return NULL;
	}
	yaml_parser_delete(&parser);
	yaml_node_t *root = yaml_document_get_root_node(&vp.doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		yaml_mark_t m = root ? root->start_mark : (yaml_mark_t){ 0, 0, 0 };
		vp_fail(&vp, m, 0, "a view file is a mapping with resource, kind and columns%s", "");
		goto done;
	}
	v = view_new(NULL, NULL, NULL, vp.file);
	yaml_node_t *columns = NULL;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&vp.doc, p->key);
		yaml_node_t *val = yaml_document_get_node(&vp.doc, p->value);
		const char *key = vp_scalar(&vp, k);
		const char *s = vp_scalar(&vp, val);
		if (key != NULL && strcmp(key, "columns") == 0) {
			if (val->type != YAML_SEQUENCE_NODE) {
				vp_fail(&vp, val->start_mark, 0, "columns is a list%s", "");
				goto bad;
			}
			columns = val;
			continue;
		}
		char **dst = NULL;
		if (key != NULL && strcmp(key, "resource") == 0)
			dst = &v->resource;
		else if (key != NULL && strcmp(key, "group") == 0)
			dst = &v->group;
		else if (key != NULL && strcmp(key, "kind") == 0)
			dst = &v->kind;
		if (dst == NULL) {
			vp_fail(&vp, k->start_mark, 0, "unknown key \"%s\" (known: resource, group, kind, "
			    "columns)", key ? key : "?");
			goto bad;
		}
		if (s == NULL) {
			vp_fail(&vp, val->start_mark, 0, "%s must be a scalar", key);
			goto bad;
		}
		free(*dst);
		*dst = xstrdup(s);
	}
	if (columns == NULL) {
		vp_fail(&vp, root->start_mark, 0, "the view has no columns%s", "");
		goto bad;
	}
	for (yaml_node_item_t *it = columns->data.sequence.items.start;
	    it < columns->data.sequence.items.top; it++) {
		if (vp_column(&vp, v, yaml_document_get_node(&vp.doc, *it)) != 0)
			goto bad;
	}
	if (v->ncols == 0) {
		vp_fail(&vp, columns->start_mark, 0, "the view has no columns%s", "");
		goto bad;
	}
	view_compute_needs(v);
	goto done;
bad:
	view_free(&v);
done:
	yaml_document_delete(&vp.doc);
	return v;
}

/* ---- finding views --------------------------------------------------------------- */

static int
view_matches(const struct view *v, const char *resource, const char *group)
{
	return strcmp(v->resource, resource) == 0 && strcmp(v->group, group ? group : "") == 0;
}

static struct view *
view_builtin(const char *resource, const char *group)
{
	for (const struct view_builtin *b = view_builtins; b->name != NULL; b++) {
		struct view *v = view_parse(b->text, strlen(b->text), b->name, NULL);
		if (v == NULL)
			continue;
		if (view_matches(v, resource, group)) {
			free(v->origin);
			v->origin = xstrdup("built-in");
			return v;
		}
		view_free(&v);
	}
	return NULL;
}

struct view *
view_load(const char *const *dirs, const char *resource, const char *group, const char *kind,
    struct kd_err *warn)
{
	kd_err_clear(warn);
	if (group == NULL)
		group = "";
	for (size_t i = 0; dirs != NULL && dirs[i] != NULL; i++) {
		char *cands[2];
		cands[0] = group[0] ? xasprintf("%s/%s.%s.yaml", dirs[i], resource, group) : NULL;
		cands[1] = xasprintf("%s/%s.yaml", dirs[i], resource);
		struct view *found = NULL;
		int broken = 0;
		for (int c = 0; c < 2 && found == NULL && !broken; c++) {
			if (cands[c] == NULL)
				continue;
			size_t len;
			char *text = file_read(cands[c], 4u << 20, &len);
			if (text == NULL)
				continue;
			struct kd_err e = { 0 };
			struct view *v = view_parse(text, len, cands[c], &e);
			free(text);
			if (v == NULL) {
				if (warn != NULL && warn->code == KD_OK)
					kd_err_set(warn, KD_ERR_CONFIG, "%s (the built-in view is used)", e.msg);
				broken = 1;
			} else if (!view_matches(v, resource, group)) {
				view_free(&v);    /* same plural, another group */
			} else {
				found = v;
			}
		}
		free(cands[0]);
		free(cands[1]);
		if (found != NULL)
			return found;
		if (broken)
			break;
	}
	struct view *v = view_builtin(resource, group);
	return v ? v : view_fallback(resource, group, kind);
}

struct view *
view_fallback(const char *resource, const char *group, const char *kind)
{
	struct view *v = view_new(resource, group, kind, "server");
	view_add_col(v, "NAME", ".metadata.name");
	view_add_col(v, "AGE", "age(.metadata.creationTimestamp)");
	v->from_server = 1;
	view_compute_needs(v);
	return v;
}

struct view *
view_from_table(const cJSON *defs, const char *resource, const char *group, const char *kind)
{
	struct view *v = view_new(resource, group, kind, "server");
	v->from_server = 1;
	const cJSON *d;
	cJSON_ArrayForEach(d, defs) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(d, "name");
		const cJSON *prio = cJSON_GetObjectItemCaseSensitive(d, "priority");
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(d, "type");
		if (!cJSON_IsString(name))
			continue;
		char header[128];
		size_t i;
		for (i = 0; name->valuestring[i] && i < sizeof header - 1; i++) {
			char ch = name->valuestring[i];
			header[i] = (char)(ch == ' ' ? '-' : (ch >= 'a' && ch <= 'z') ? ch - 32 : ch);
		}
		header[i] = '\0';
		struct view_col *c;
		if (strcasecmp(name->valuestring, "Name") == 0) {
			c = view_add_col(v, "NAME", ".metadata.name // table(\"Name\")");
		} else {
			char *e = xasprintf("table(\"%s\")", name->valuestring);
			for (char *p = e + 7; *p && p[1] != ')'; p++)
				if (*p == '"' || *p == '\\')
					*p = '_';   /* keep the expression parseable */
			c = view_add_col(v, header, e);
			free(e);
		}
		if (cJSON_IsNumber(prio) && prio->valueint > 0)
			c->wide = 1;
		if (cJSON_IsString(type) && (strcmp(type->valuestring, "integer") == 0 ||
		    strcmp(type->valuestring, "number") == 0))
			c->sort = VIEW_SORT_NUMBER;
	}
	if (v->ncols == 0) {
		view_free(&v);
		return view_fallback(resource, group, kind);
	}
	view_compute_needs(v);
	return v;
}

int
view_col_index(const struct view *v, const char *name)
{
	for (int i = 0; i < v->ncols; i++)
		if (strcasecmp(v->cols[i].name, name) == 0)
			return i;
	return -1;
}

/* A stamped duration is VIEW_STAMP, the epoch seconds, VIEW_STAMP: a control character
 * never in a server's cell (the store cuts none out: cells are printable text). */
#define VIEW_STAMP '\x02'

void
view_cell_stamp(char *cell, size_t cap, time_t now)
{
	static const char ago[] = " ago";
	char *p = cell;
	while ((p = strstr(p, ago)) != NULL) {
		char *start = p;
		while (start > cell && strchr("0123456789smhdy", start[-1]) != NULL)
			start--;
		/* kubectl's form only, "(5m ago)": a message's own words are left alone */
		long long d = start == p || start == cell || start[-1] != '(' || p[sizeof ago - 1] != ')' ?
		    -1 : expr_parse_duration(start, (size_t)(p - start));
		if (d < 0) {
			p += sizeof ago - 1;
			continue;
		}
		char stamp[32];
		int n = snprintf(stamp, sizeof stamp, "%c%lld%c", VIEW_STAMP, (long long)now - d, VIEW_STAMP);
		size_t tail = strlen(p) + 1;
		if ((size_t)(start - cell) + (size_t)n + tail > cap)
			return;              /* no room: the text stays as the server said it */
		memmove(start + n, p, tail);
		memcpy(start, stamp, (size_t)n);
		p = start + n + (sizeof ago - 1);
	}
}

/* Copies cell to out, each stamped time shown as how long before now it was. */
static void
view_cell_unstamp(const char *cell, time_t now, char *out, size_t outlen)
{
	size_t o = 0;
	if (outlen == 0)
		return;
	for (const char *p = cell; *p && o + 1 < outlen; ) {
		const char *end;
		if (*p == VIEW_STAMP && (end = strchr(p + 1, VIEW_STAMP)) != NULL) {
			char d[32];
			expr_human_duration((long long)now - strtoll(p + 1, NULL, 10), d, sizeof d);
			for (const char *q = d; *q && o + 1 < outlen; q++)
				out[o++] = *q;
			p = end + 1;
		} else
			out[o++] = *p++;
	}
	out[o] = '\0';
}

/* snprintf(out, outlen, "%s", s) without printf's machinery: a table's signature and
 * paint render every cell on screen at each frame of a churning list. */
static void
view_copy(char *out, size_t outlen, const char *s)
{
	if (outlen == 0)
		return;
	size_t n = strnlen(s, outlen - 1);
	memcpy(out, s, n);
	out[n] = '\0';
}

void
view_cell_render(const struct view *v, int col, const char *cell, time_t now, char *out,
    size_t outlen)
{
	if (cell == NULL || cell[0] == '\0') {
		view_copy(out, outlen, "<none>");
		return;
	}
	if (col >= 0 && col < v->ncols && v->cols[col].time) {
		if (cell[0] == '\x01') {            /* a text fallback in a time column */
			view_copy(out, outlen, cell + 1);
			return;
		}
		expr_human_duration((long long)now - strtoll(cell, NULL, 10), out, outlen);
		return;
	}
	if (strchr(cell, VIEW_STAMP) != NULL)
		view_cell_unstamp(cell, now, out, outlen);
	else
		view_copy(out, outlen, cell);
}
