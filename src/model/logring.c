/* A bounded ring of log lines; see logring.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/logring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct logring {
	struct logline *lines;
	size_t cap, head, n;
	size_t max_bytes, bytes;
	uint64_t dropped;
};

struct logring *
logring_new(size_t max_lines, size_t max_bytes)
{
	struct logring *r = xcalloc(1, sizeof(*r));
	r->cap = max_lines ? max_lines : 100000;
	r->lines = xcalloc(r->cap, sizeof(*r->lines));
	r->max_bytes = max_bytes;
	return r;
}

static void
logring_drop_oldest(struct logring *r)
{
	struct logline *l = &r->lines[r->head];
	r->bytes -= l->len;
	free(l->text);
	memset(l, 0, sizeof(*l));
	r->head = (r->head + 1) % r->cap;
	r->n--;
	r->dropped++;
}

void
logring_push(struct logring *r, const char *ts, const char *text, size_t len, int source)
{
	if (r->n == r->cap)
		logring_drop_oldest(r);
	while (r->max_bytes && r->n > 0 && r->bytes + len > r->max_bytes)
		logring_drop_oldest(r);
	struct logline *l = &r->lines[(r->head + r->n) % r->cap];
	snprintf(l->ts, sizeof(l->ts), "%s", ts ? ts : "");
	l->text = xstrndup(text, len);
	l->len = len;
	l->source = source;
	r->bytes += len;
	r->n++;
}

size_t logring_count(const struct logring *r) { return r->n; }
uint64_t logring_dropped(const struct logring *r) { return r->dropped; }
size_t logring_bytes(const struct logring *r) { return r->bytes; }

const struct logline *
logring_get(const struct logring *r, size_t i)
{
	return i < r->n ? &r->lines[(r->head + i) % r->cap] : NULL;
}

void
logring_clear(struct logring *r)
{
	while (r->n > 0)
		logring_drop_oldest(r);
}

void
logring_free(struct logring **rp)
{
	struct logring *r = *rp;
	if (r == NULL)
		return;
	*rp = NULL;
	logring_clear(r);
	free(r->lines);
	free(r);
}
