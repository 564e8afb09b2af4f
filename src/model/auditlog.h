/* The audit journal (kube/audit.h) as rows for the :audit list: each JSON line read into
 * cells (TIME, CLUSTER, USER, VERB, RESOURCE, NAMESPACE, NAME, RESULT), read on from where
 * the last read stopped as lines are appended (again from the start when the file was
 * replaced), kept with where the line is so it can be shown whole; and the words after
 * :audit that choose lines (@CONTEXT, ns=, verb=, resource=, name=). */
#ifndef KD_AUDITLOG_H
#define KD_AUDITLOG_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

enum { AUDITLOG_TIME, AUDITLOG_CLUSTER, AUDITLOG_USER, AUDITLOG_VERB, AUDITLOG_RESOURCE,
	AUDITLOG_NAMESPACE, AUDITLOG_NAME, AUDITLOG_RESULT, AUDITLOG_NCOLS };
extern const char *const auditlog_titles[AUDITLOG_NCOLS];

struct auditlog_row {
	char *cell[AUDITLOG_NCOLS];   /* no control characters */
	char *id;                     /* the line's id; "" for lines written before ids */
	off_t off;                    /* where the line starts in the journal */
	size_t len;                   /* its length, without the newline */
	int failed;                   /* refused, failed or unanswered */
	int dry_run;
};

/* Reads one journal line into r. 0, or -1 when it is not a journal line (r untouched). */
int auditlog_row_parse(struct auditlog_row *r, const char *line, size_t len);
void auditlog_row_free(struct auditlog_row *r);

/* The lines :audit shows: each field set must be equal (verb: the verb's first word, any
 * patch type; resource: the plural with or without its group). */
struct auditlog_query {
	char *context, *ns, *verb, *resource, *name;
};
/* Reads the words after :audit (argv[0..argc)): "@CTX", "ns=NS", "verb=V", "resource=R"
 * (or kind=), "name=N". 0, or -1 with err naming the word it does not know. */
int auditlog_query_parse(struct auditlog_query *q, int argc, char **argv, struct kd_err *err);
int auditlog_query_match(const struct auditlog_query *q, const struct auditlog_row *r);
/* What the query chooses, for the crumb ("@prod ns=shop"); "" for everything. */
void auditlog_query_text(const struct auditlog_query *q, char *buf, size_t len);
void auditlog_query_free(struct auditlog_query *q);

/* The journal as read so far, in the file's order (oldest first). */
struct auditlog {
	char *path;
	struct auditlog_row *rows;
	size_t n, cap;
	off_t size;         /* bytes read (up to the last whole line) */
	dev_t dev;
	ino_t ino;
};

/* An empty log of path (copied); nothing is read before auditlog_read. */
void auditlog_init(struct auditlog *l, const char *path);
void auditlog_free(struct auditlog *l);
/* Reads the lines appended since the last call (every line again when the file was
 * replaced or cut: then *reset is set). Returns the number of rows added, or -1 with err
 * when the journal cannot be read (a missing journal is an empty one). */
long auditlog_read(struct auditlog *l, int *reset, struct kd_err *err);
/* The line of row r whole, pretty-printed JSON (a new string), NULL when it cannot be
 * read again. */
char *auditlog_line_pretty(const struct auditlog *l, const struct auditlog_row *r);

#endif
