/* JSON text to block YAML without a tree; see doc_stream.h.
 *
 * A reader that takes the text as cJSON's parser does (its tokens: model/jsonlex.h),
 * writing each value as it is read through the emitter doc_to_yaml uses
 * (model/doc_priv.h). What cJSON would read differently or not at all, and nesting near
 * cJSON's limit, is refused: the caller parses the text then. A mapping's start waits
 * for its first member that is kept, so that one whose members are all left out is
 * written {} as the tree without them would be. */
#define _POSIX_C_SOURCE 200809L
#include "model/doc_stream.h"

#include <stdlib.h>
#include <string.h>

#include "model/doc_priv.h"
#include "model/jsonlex.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

#define DS_MAX_DEPTH 512          /* cJSON's limit is 1000 */
#define DS_SCRATCH_KEEP (64u << 10)

struct ds {
	const unsigned char *p, *end;
	yaml_emitter_t em;
	int emit;                     /* 0 while a dropped member's value is read */
	doc_stream_filter filter;
	void *arg;
	const char **path;            /* the keys above, as the filter sees them */
	size_t depth, cap;
	struct sbuf scratch;          /* a string value as it is decoded */
};

static void
ds_ws(struct ds *d)
{
	d->p = jsonlex_ws(d->p, d->end);
}

/* The string at d->p decoded into b. 0, or -1. */
static int
ds_string(struct ds *d, struct sbuf *b)
{
	return jsonlex_string(&d->p, d->end, b);
}

static int ds_value(struct ds *d);

static int
ds_emit_string(struct ds *d, const char *s, int is_key)
{
	return !d->emit || doc_emit_string(&d->em, s, is_key);
}

static int
ds_number(struct ds *d)
{
	double v;
	if (jsonlex_number(&d->p, d->end, &v) < 0)
		return -1;
	if (!d->emit)
		return 0;
	char out[64];
	doc_number(v, out, sizeof out);
	return doc_emit_plain(&d->em, out) ? 0 : -1;
}

static int
ds_literal(struct ds *d, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(d->end - d->p) < n || memcmp(d->p, word, n) != 0)
		return -1;
	d->p += n;
	return !d->emit || doc_emit_plain(&d->em, word) ? 0 : -1;
}

static void
ds_push(struct ds *d, const char *key)
{
	if (d->depth == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->path = xreallocarray(d->path, d->cap, sizeof *d->path);
	}
	d->path[d->depth++] = key;
}

static int
ds_array(struct ds *d)
{
	d->p++;
	ds_ws(d);
	int empty = d->p < d->end && *d->p == ']';
	if (d->emit && !doc_emit_sequence(&d->em, empty))
		return -1;
	if (empty) {
		d->p++;
		return !d->emit || doc_emit_end_sequence(&d->em) ? 0 : -1;
	}
	ds_push(d, NULL);
	for (;;) {
		ds_ws(d);
		if (ds_value(d) < 0)
			return -1;
		ds_ws(d);
		if (d->p < d->end && *d->p == ',') {
			d->p++;
			continue;
		}
		if (d->p < d->end && *d->p == ']')
			break;
		return -1;
	}
	d->p++;
	d->depth--;
	return !d->emit || doc_emit_end_sequence(&d->em) ? 0 : -1;
}

/* A member's value: a string read first, so that the filter sees it. */
static int
ds_member(struct ds *d, const char *key, int *started)
{
	struct doc_stream_member m = { d->path, d->depth, key, NULL };
	int is_str = d->p < d->end && *d->p == '"';
	if (is_str) {
		if (ds_string(d, &d->scratch) < 0)
			return -1;
		/* a NUL in it (\u0000 is refused): cJSON's string would end there */
		m.str = d->scratch.s;
	}
	char *with = NULL;
	enum doc_stream_act act = d->filter != NULL && d->emit ? d->filter(d->arg, &m, &with) :
	    DOC_STREAM_KEEP;
	if (act != DOC_STREAM_KEEP && act != DOC_STREAM_DROP && act != DOC_STREAM_REPLACE)
		return -1;
	if (act == DOC_STREAM_REPLACE && with == NULL)
		act = DOC_STREAM_DROP;
	int ok = 0;
	if (act != DOC_STREAM_DROP && d->emit) {
		if (!*started && !doc_emit_mapping(&d->em, 0))
			return free(with), -1;
		*started = 1;
		if (!doc_emit_string(&d->em, key, 1))
			return free(with), -1;
	}
	if (act == DOC_STREAM_REPLACE)
		ok = ds_emit_string(d, with, 0) ? 0 : -1;
	else if (is_str)
		ok = act == DOC_STREAM_DROP || ds_emit_string(d, d->scratch.s, 0) ? 0 : -1;
	else {
		int was = d->emit;
		if (act == DOC_STREAM_DROP)
			d->emit = 0;
		ds_push(d, key);
		ok = ds_value(d);
		d->depth--;
		d->emit = was;
	}
	free(with);
	if (d->scratch.cap > DS_SCRATCH_KEEP) {   /* a large value's room given back */
		free(d->scratch.s);
		d->scratch = (struct sbuf){ 0 };
	}
	return ok;
}

static int
ds_object(struct ds *d)
{
	d->p++;
	ds_ws(d);
	int started = 0;
	if (d->p < d->end && *d->p == '}') {
		d->p++;
	} else {
		struct sbuf key = { 0 };
		for (;;) {
			ds_ws(d);
			if (ds_string(d, &key) < 0)
				break;
			ds_ws(d);
			if (d->p >= d->end || *d->p != ':')
				break;
			d->p++;
			ds_ws(d);
			if (ds_member(d, key.s, &started) < 0)
				break;
			ds_ws(d);
			if (d->p < d->end && *d->p == ',') {
				d->p++;
				continue;
			}
			if (d->p < d->end && *d->p == '}') {
				d->p++;
				free(key.s);
				key.s = NULL;
				goto end;
			}
			break;
		}
		free(key.s);
		return -1;
	}
end:
	if (!d->emit)
		return 0;
	if (!started && !doc_emit_mapping(&d->em, 1))
		return -1;
	return doc_emit_end_mapping(&d->em) ? 0 : -1;
}

static int
ds_value(struct ds *d)
{
	if (d->p >= d->end || d->depth >= DS_MAX_DEPTH)
		return -1;
	switch (*d->p) {
	case '{':
		return ds_object(d);
	case '[':
		return ds_array(d);
	case '"':
		if (ds_string(d, &d->scratch) < 0)
			return -1;
		return ds_emit_string(d, d->scratch.s, 0) ? 0 : -1;
	case 'n':
		return ds_literal(d, "null");
	case 't':
		return ds_literal(d, "true");
	case 'f':
		return ds_literal(d, "false");
	default:
		if (*d->p == '-' || (*d->p >= '0' && *d->p <= '9'))
			return ds_number(d);
		return -1;
	}
}

char *
doc_stream_yaml(const char *json, size_t len, doc_stream_filter filter, void *arg)
{
	if (!jsonlex_locale_ok())
		return NULL;
	struct ds d = { .p = (const unsigned char *)json, .end = (const unsigned char *)json + len,
		.emit = 1, .filter = filter, .arg = arg };
	struct sbuf o = { 0 };
	if (!doc_emitter_open(&d.em, &o)) {
		free(o.s);
		return NULL;
	}
	ds_ws(&d);
	int ok = doc_emitter_doc_start(&d.em, 1) && ds_value(&d) == 0 && doc_emitter_doc_end(&d.em);
	free(d.path);
	free(d.scratch.s);
	char *text = doc_emitter_close(&d.em, &o, ok);
	if (!ok) {
		free(text);
		return NULL;
	}
	return text;
}
