/* Watch streams: newline-delimited JSON events ({"type":..,"object":..}), cut into lines
 * as bytes arrive, and the events parsed. No network here, so it is tested and fuzzed
 * directly. */
#ifndef KD_WATCH_H
#define KD_WATCH_H

#include <stddef.h>

#include "util/err.h"

struct cJSON;

enum watch_type { WATCH_ADDED, WATCH_MODIFIED, WATCH_DELETED, WATCH_BOOKMARK, WATCH_ERROR };

struct watch_event {
	enum watch_type type;
	struct cJSON *object;   /* owned by the event; managedFields already dropped */
};

/* Parses one line. Returns 0, or -1 with err set (not JSON, no type, unknown type). */
int watch_parse(const char *line, size_t len, struct watch_event *ev, struct kd_err *err);
void watch_event_clear(struct watch_event *ev);
/* The resourceVersion an event carries: object.metadata.resourceVersion, or for a
 * server-side Table its first row's object's. Borrowed; NULL when absent. */
const char *watch_event_rv(const struct watch_event *ev);
/* For an ERROR event: the Status code (410 means relist), else 0. */
int watch_event_code(const struct watch_event *ev);

/* Line assembly. max_line bounds one event (a 1 MB object is fine with 64 MB). */
struct watch_lines;
typedef int (*watch_line_cb)(const char *line, size_t len, void *arg);
struct watch_lines *watch_lines_new(size_t max_line);
void watch_lines_free(struct watch_lines **wl);
/* Feeds bytes; calls cb for each complete non-empty line (without the newline). Returns
 * 0, or -1 when a line exceeds max_line or cb returned non-zero (then stop feeding). */
int watch_lines_feed(struct watch_lines *wl, const char *buf, size_t n, watch_line_cb cb, void *arg);
/* Drops a partial line (a stream cut mid-line); returns how many bytes were dropped. */
size_t watch_lines_reset(struct watch_lines *wl);

/* Removes every "managedFields": value from a JSON text in place before parsing: at
 * 10k pods it is most of the bytes of a Table with metadata, and kdeck never shows it.
 * Returns the new length. The text stays valid JSON when it was. */
size_t watch_strip_managed_fields(char *json, size_t len);

#endif
