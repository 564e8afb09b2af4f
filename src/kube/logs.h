/* Container logs: GET pods/POD/log through the http layer, followed, with reconnects that
 * leave no gap and no duplicate; a page keeps the lines in a bounded ring (model/logring.h).
 *
 * Lines are asked for with timestamps=true. After a drop the stream is asked again with
 * sinceTime = the last line's time truncated to the second (the API's precision), and
 * lines already seen are skipped: older than the last time, or at exactly the last time
 * up to the number of lines that had it. */
#ifndef KD_LOGS_H
#define KD_LOGS_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct http;

struct logs_opts {
	const char *ns, *pod, *container;
	int follow, previous;
	long tail_lines;      /* < 0: all */
	long since_seconds;   /* 0: none */
	int source;           /* copied into each line */
};

enum logs_state { LOGS_CONNECTING, LOGS_STREAMING, LOGS_RECONNECTING, LOGS_ENDED, LOGS_FAILED };

struct logs_cbs {
	void (*on_line)(const char *ts, const char *text, size_t len, int source, void *arg);
	void (*on_state)(enum logs_state st, const struct kd_err *err, void *arg);
};

struct logs;

struct logs *logs_new(struct http *h, const struct logs_opts *o, const struct logs_cbs *cbs, void *arg);
void logs_free(struct logs **l);
enum logs_state logs_state(const struct logs *l);
unsigned logs_reconnects(const struct logs *l);
/* Why a followed stream ended ("exit code 0 (Completed)", "the pod is gone"); "" while it
 * has not. A followed stream the server ends is reconnected unless the pod says its
 * container terminated (or the pod is gone): then the state is LOGS_ENDED. */
const char *logs_ended_why(const struct logs *l);
/* 1 when the pod's status (JSON) has container (NULL: the first) terminated, with why
 * ("exit code 1 (Error)"); 0 when it runs, waits to restart, or is not there. */
int logs_container_ended(const char *pod_json, size_t len, const char *container, char *why, size_t whylen);

/* The request path for o (sinceTime, when given, replaces sinceSeconds and tailLines).
 * Caller frees. */
char *logs_path(const struct logs_opts *o, const char *since_time);
/* Splits "2024-01-02T03:04:05.123456789Z text" into the timestamp and the text: returns
 * the text's offset (0 when the line has no timestamp) and fills ts. */
size_t logs_split_ts(const char *line, size_t len, char ts[40]);

/* A stream cut into lines (without their '\n'). A line may be at most max bytes (0:
 * logs_max_line()): a longer one, or one that never ends, is given in pieces of max
 * bytes, each ending with LOGS_CUT_MARK, so the buffer never grows past the bound. */
#define LOGS_LINE_MAX (1u << 20)
#define LOGS_CUT_MARK " [kdeck: line cut here, it goes on in the next line]"
typedef void (*logs_line_fn)(const char *line, size_t len, void *arg);
struct logs_split {
	char *buf;
	size_t len, cap;
	size_t max;
	unsigned long cuts;   /* lines cut so far */
};
void logs_split_feed(struct logs_split *s, const char *data, size_t len, logs_line_fn fn, void *arg);
void logs_split_reset(struct logs_split *s);   /* drops the unfinished line */
void logs_split_free(struct logs_split *s);
/* The bound of every stream (config.yaml's maxLogLineKiB); 0: LOGS_LINE_MAX. */
void logs_set_max_line(size_t bytes);
size_t logs_max_line(void);

/* The dedup state, exposed for tests: feed each line's ts; returns 1 to keep it. */
struct logs_dedup {
	char last[40];
	unsigned at_last;      /* lines seen with exactly last */
	unsigned skip_at_last; /* after a reconnect: lines at last still to skip */
	int resumed;
};
int logs_dedup_keep(struct logs_dedup *d, const char *ts);
void logs_dedup_resume(struct logs_dedup *d);

#endif
