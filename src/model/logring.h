/* A bounded ring of log lines: a log view open for an hour keeps at most so many lines
 * and about so many bytes, dropping the oldest, and counts what it dropped so an index
 * into it can stay stable. */
#ifndef KD_LOGRING_H
#define KD_LOGRING_H

#include <stddef.h>
#include <stdint.h>

struct logline {
	char ts[40];        /* RFC 3339 with nanoseconds as the server sent it, "" when none */
	char *text;         /* without the newline */
	size_t len;
	int source;         /* the stream it came from (several containers or pods) */
};

struct logring;

/* Keeps at most max_lines lines and about max_bytes of text (0: no byte bound). */
struct logring *logring_new(size_t max_lines, size_t max_bytes);
void logring_free(struct logring **r);
void logring_push(struct logring *r, const char *ts, const char *text, size_t len, int source);
size_t logring_count(const struct logring *r);
/* Line i, 0 the oldest kept. Borrowed until the next push. */
const struct logline *logring_get(const struct logring *r, size_t i);
/* Lines dropped from the front since the start (so an index can be kept stable). */
uint64_t logring_dropped(const struct logring *r);
size_t logring_bytes(const struct logring *r);
void logring_clear(struct logring *r);

#endif
