#define _GNU_SOURCE
#include "kube/watch.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/sbuf.h"
#include "util/xmalloc.h"

struct watch_lines {
	struct sbuf line;   /* the unfinished line */
	size_t max;
};

struct watch_lines *
watch_lines_new(size_t max_line)
{
	struct watch_lines *wl = xcalloc(1, sizeof *wl);
	wl->max = max_line ? max_line : (64u << 20);
	return wl;
}

void
watch_lines_free(struct watch_lines **wlp)
{
	struct watch_lines *wl = wlp ? *wlp : NULL;
	if (wl == NULL)
		return;
	free(wl->line.s);
	free(wl);
	*wlp = NULL;
}

size_t
watch_lines_reset(struct watch_lines *wl)
{
	size_t n = wl->line.len;
	wl->line.len = 0;
	if (wl->line.cap > (1u << 20)) {   /* a huge event once should not pin memory forever */
		free(wl->line.s);
		wl->line = (struct sbuf){ 0 };
	}
	return n;
}

static int
watch_lines_emit(const char *p, size_t n, watch_line_cb cb, void *arg)
{
	while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n == 0)
		return 0;
	return cb(p, n, arg);
}

int
watch_lines_feed(struct watch_lines *wl, const char *buf, size_t n, watch_line_cb cb, void *arg)
{
	while (n > 0) {
		const char *nl = memchr(buf, '\n', n);
		size_t take = nl ? (size_t)(nl - buf) : n;
		if (wl->line.len + take > wl->max) {
			wl->line.len = 0;
			return -1;
		}
		if (nl != NULL && wl->line.len == 0) {
			/* the common case: a whole line inside this piece, no copy */
			if (watch_lines_emit(buf, take, cb, arg) != 0)
				return -1;
		} else {
			sbuf_add(&wl->line, buf, take);
			if (nl != NULL) {
				size_t l = wl->line.len;
				wl->line.len = 0;
				if (watch_lines_emit(wl->line.s, l, cb, arg) != 0)
					return -1;
			}
		}
		if (nl == NULL)
			break;
		buf += take + 1;
		n -= take + 1;
	}
	return 0;
}

/* Skips one JSON value starting at p (after whitespace); returns the end, or NULL. */
static const char *
watch_skip_value(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p >= end)
		return NULL;
	if (*p == '"') {
		for (p++; p < end; p++) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				return p + 1;
		}
		return NULL;
	}
	if (*p == '{' || *p == '[') {
		int depth = 0;
		for (; p < end; p++) {
			if (*p == '"') {
				for (p++; p < end && *p != '"'; p++)
					if (*p == '\\')
						p++;
				if (p >= end)
					return NULL;
			} else if (*p == '{' || *p == '[') {
				depth++;
			} else if (*p == '}' || *p == ']') {
				if (--depth == 0)
					return p + 1;
			}
		}
		return NULL;
	}
	while (p < end && *p != ',' && *p != '}' && *p != ']')
		p++;
	return p;
}

size_t
watch_strip_managed_fields(char *json, size_t len)
{
	static const char key[] = "\"managedFields\"";
	const size_t kl = sizeof key - 1;
	char *end = json + len;
	char *w = json;            /* write position */
	char *r = json;            /* read position */
	for (;;) {
		char *hit = NULL;
		if (end - r >= (ptrdiff_t)kl)
			hit = memmem(r, (size_t)(end - r), key, kl);
		if (hit == NULL)
			break;
		/* an escaped quote means we are inside a string value */
		size_t bs = 0;
		for (char *b = hit - 1; b >= json && *b == '\\'; b--)
			bs++;
		char *p = hit + kl;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		const char *vend = (bs % 2 == 0 && p < end && *p == ':') ?
		    watch_skip_value(p + 1, end) : NULL;
		if (vend == NULL) {
			size_t n = (size_t)(hit + kl - r);
			memmove(w, r, n);
			w += n;
			r = hit + kl;
			continue;
		}
		char *q = (char *)vend;
		while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t'))
			q++;
		char *cut_from = hit, *cut_to = (char *)vend;
		if (q < end && *q == ',') {
			cut_to = q + 1;                 /* "managedFields":[..], "x": */
		} else {
			/* last member: drop the comma before it, if any */
			char *b = hit - 1;
			while (b >= r && (*b == ' ' || *b == '\n' || *b == '\r' || *b == '\t'))
				b--;
			if (b >= r && *b == ',')
				cut_from = b;
		}
		size_t n = (size_t)(cut_from - r);
		memmove(w, r, n);
		w += n;
		r = cut_to;
	}
	size_t n = (size_t)(end - r);
	memmove(w, r, n);
	w += n;
	return (size_t)(w - json);
}

int
watch_parse(const char *line, size_t len, struct watch_event *ev, struct kd_err *err)
{
	memset(ev, 0, sizeof *ev);
	char *copy = xmalloc(len + 1);
	memcpy(copy, line, len);
	copy[len] = '\0';
	len = watch_strip_managed_fields(copy, len);
	cJSON *j = cJSON_ParseWithLength(copy, len);
	free(copy);
	if (j == NULL)
		return kd_err_set(err, KD_ERR_INVALID, "The API server sent a watch event that is "
		    "not JSON.");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "type");
	cJSON *o = cJSON_GetObjectItemCaseSensitive(j, "object");
	if (!cJSON_IsString(t) || !cJSON_IsObject(o)) {
		cJSON_Delete(j);
		return kd_err_set(err, KD_ERR_INVALID, "The API server sent a watch event without "
		    "type or object.");
	}
	static const char *names[] = { "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR" };
	int type = -1;
	for (int i = 0; i < 5; i++)
		if (strcmp(t->valuestring, names[i]) == 0)
			type = i;
	if (type < 0) {
		kd_err_set(err, KD_ERR_INVALID, "The API server sent a watch event of unknown type "
		    "\"%.40s\".", t->valuestring);
		cJSON_Delete(j);
		return -1;
	}
	ev->type = (enum watch_type)type;
	ev->object = cJSON_DetachItemViaPointer(j, o);
	cJSON_Delete(j);
	return 0;
}

void
watch_event_clear(struct watch_event *ev)
{
	cJSON_Delete(ev->object);
	ev->object = NULL;
}

static const char *
watch_meta_rv(const cJSON *obj)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(m, "resourceVersion");
	return cJSON_IsString(rv) && rv->valuestring[0] ? rv->valuestring : NULL;
}

const char *
watch_event_rv(const struct watch_event *ev)
{
	const cJSON *o = ev->object;
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(o, "kind");
	if (cJSON_IsString(kind) && strcmp(kind->valuestring, "Table") == 0) {
		const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "rows");
		const cJSON *row0 = cJSON_GetArrayItem(rows, 0);
		const char *rv = watch_meta_rv(cJSON_GetObjectItemCaseSensitive(row0, "object"));
		return rv ? rv : watch_meta_rv(o);
	}
	return watch_meta_rv(o);
}

int
watch_event_code(const struct watch_event *ev)
{
	if (ev->type != WATCH_ERROR)
		return 0;
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(ev->object, "code");
	return cJSON_IsNumber(c) ? c->valueint : 0;
}
