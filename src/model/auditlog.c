/* The audit journal as rows; see auditlog.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/auditlog.h"
#include "util/file.h"
#include "util/xmalloc.h"

const char *const auditlog_titles[AUDITLOG_NCOLS] = { "TIME", "CLUSTER", "USER", "VERB", "RESOURCE",
	"NAMESPACE", "NAME", "RESULT" };

static const char *
al_str(const cJSON *o, const char *k)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
	return s ? s : "";
}

/* What a server or a name says reaches a terminal: no control characters. */
static char *
al_clean(char *s)
{
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}

int
auditlog_row_parse(struct auditlog_row *r, const char *line, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(line, len);
	if (!cJSON_IsObject(j) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "verb"))) {
		cJSON_Delete(j);
		return -1;
	}
	const char *group = al_str(j, "group"), *sub = al_str(j, "subresource"), *patch = al_str(j, "patch");
	const char *msg = al_str(j, "message"), *detail = al_str(j, "detail");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
	long c = cJSON_IsNumber(code) ? (long)code->valuedouble : 0;
	int dry = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "dryRun"));
	memset(r, 0, sizeof *r);
	r->cell[AUDITLOG_TIME] = xstrdup(al_str(j, "time"));
	r->cell[AUDITLOG_CLUSTER] = xstrdup(al_str(j, "context"));
	r->cell[AUDITLOG_USER] = xstrdup(al_str(j, "user"));
	r->cell[AUDITLOG_VERB] = xasprintf("%s%s%s", al_str(j, "verb"), *patch ? "/" : "", patch);
	r->cell[AUDITLOG_RESOURCE] = xasprintf("%s%s%s%s%s", al_str(j, "resource"), *group ? "." : "", group,
	    *sub ? "/" : "", sub);
	r->cell[AUDITLOG_NAMESPACE] = xstrdup(al_str(j, "namespace"));
	r->cell[AUDITLOG_NAME] = xstrdup(al_str(j, "name"));
	/* a session has no answer: what it was is its result */
	if (c == 0 && *detail)
		r->cell[AUDITLOG_RESULT] = xasprintf("%s", detail);
	else if (c == 0)
		r->cell[AUDITLOG_RESULT] = xasprintf("no answer%s%s%s", dry ? " (dry run)" : "", *msg ? ": " : "", msg);
	else
		r->cell[AUDITLOG_RESULT] = xasprintf("%ld%s%s%s", c, dry ? " (dry run)" : "", *msg ? " " : "", msg);
	for (int i = 0; i < AUDITLOG_NCOLS; i++)
		al_clean(r->cell[i]);
	r->id = al_clean(xstrdup(al_str(j, "id")));
	r->len = len;
	r->dry_run = dry;
	r->failed = c >= 400 || (c == 0 && !*detail);
	cJSON_Delete(j);
	return 0;
}

void
auditlog_row_free(struct auditlog_row *r)
{
	for (int i = 0; i < AUDITLOG_NCOLS; i++)
		free(r->cell[i]);
	free(r->id);
	memset(r, 0, sizeof *r);
}

/* ---- the words after :audit ---- */

int
auditlog_query_parse(struct auditlog_query *q, int argc, char **argv, struct kd_err *err)
{
	struct auditlog_query n = { 0 };
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i], *eq = strchr(w, '=');
		char **slot = NULL;
		const char *v = eq ? eq + 1 : NULL;
		size_t kl = eq ? (size_t)(eq - w) : 0;
		if (w[0] == '@' && w[1] != '\0') {
			slot = &n.context;
			v = w + 1;
		} else if (eq != NULL && ((kl == 2 && strncmp(w, "ns", 2) == 0) || (kl == 9 && strncmp(w, "namespace", 9) == 0)))
			slot = &n.ns;
		else if (eq != NULL && kl == 4 && strncmp(w, "verb", 4) == 0)
			slot = &n.verb;
		else if (eq != NULL && ((kl == 8 && strncmp(w, "resource", 8) == 0) || (kl == 4 && strncmp(w, "kind", 4) == 0)))
			slot = &n.resource;
		else if (eq != NULL && kl == 4 && strncmp(w, "name", 4) == 0)
			slot = &n.name;
		if (slot == NULL || v == NULL || *v == '\0') {
			auditlog_query_free(&n);
			return kd_err_set(err, KD_ERR_INVALID, ":audit %s: choose lines with @CONTEXT, ns=NS, verb=VERB, "
			    "resource=RESOURCE or name=NAME", w);
		}
		free(*slot);
		*slot = xstrdup(v);
	}
	auditlog_query_free(q);
	*q = n;
	return 0;
}

/* Whether cell is word, or word followed by one of the characters of ends. */
static int
al_word(const char *cell, const char *word, const char *ends)
{
	size_t n = strlen(word);
	return strncasecmp(cell, word, n) == 0 && (cell[n] == '\0' || strchr(ends, cell[n]) != NULL);
}

int
auditlog_query_match(const struct auditlog_query *q, const struct auditlog_row *r)
{
	if (q->context != NULL && strcmp(r->cell[AUDITLOG_CLUSTER], q->context) != 0)
		return 0;
	if (q->ns != NULL && strcmp(r->cell[AUDITLOG_NAMESPACE], q->ns) != 0)
		return 0;
	if (q->name != NULL && strcmp(r->cell[AUDITLOG_NAME], q->name) != 0)
		return 0;
	if (q->verb != NULL && !al_word(r->cell[AUDITLOG_VERB], q->verb, "/"))
		return 0;
	if (q->resource != NULL && !al_word(r->cell[AUDITLOG_RESOURCE], q->resource, "./"))
		return 0;
	return 1;
}

void
auditlog_query_text(const struct auditlog_query *q, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s%s%s%s%s%s%s%s%s", q->context ? "@" : "", q->context ? q->context : "",
	    q->context ? " " : "", q->ns ? "ns=" : "", q->ns ? q->ns : "", q->ns ? " " : "",
	    q->verb ? "verb=" : "", q->verb ? q->verb : "", q->verb ? " " : "",
	    q->resource ? "resource=" : "", q->resource ? q->resource : "", q->resource ? " " : "",
	    q->name ? "name=" : "", q->name ? q->name : "");
	size_t n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
}

void
auditlog_query_free(struct auditlog_query *q)
{
	free(q->context);
	free(q->ns);
	free(q->verb);
	free(q->resource);
	free(q->name);
	memset(q, 0, sizeof *q);
}

/* ---- reading the journal ---- */

void
auditlog_init(struct auditlog *l, const char *path)
{
	memset(l, 0, sizeof *l);
	l->path = xstrdup(path);
}

static void
al_clear_rows(struct auditlog *l)
{
	for (size_t i = 0; i < l->n; i++)
		auditlog_row_free(&l->rows[i]);
	l->n = 0;
	l->size = 0;
}

void
auditlog_free(struct auditlog *l)
{
	al_clear_rows(l);
	free(l->rows);
	free(l->path);
	memset(l, 0, sizeof *l);
}

long
auditlog_read(struct auditlog *l, int *reset, struct kd_err *err)
{
	*reset = 0;
	int fd = open(l->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {   /* nothing changed yet; or the journal was removed */
			*reset = l->n > 0;
			al_clear_rows(l);
			return 0;
		}
		char *pretty = file_tilde(l->path);
		kd_err_set(err, KD_ERR_IO, "the audit journal %s cannot be read (%s)", pretty, strerror(errno));
		free(pretty);
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return kd_err_set(err, KD_ERR_IO, "the audit journal cannot be read (%s)", strerror(errno));
	}
	if (st.st_dev != l->dev || st.st_ino != l->ino || st.st_size < l->size) {
		/* another file, or this one cut: from its start */
		*reset = l->n > 0 || l->size > 0;
		al_clear_rows(l);
		l->dev = st.st_dev;
		l->ino = st.st_ino;
	}
	long added = 0;
	if (st.st_size > l->size) {
		size_t want = (size_t)(st.st_size - l->size);
		char *buf = xmalloc(want + 1);
		ssize_t got = pread(fd, buf, want, l->size);
		size_t done = 0;
		for (ssize_t i = 0; got > 0 && i < got; i++) {
			if (buf[i] != '\n')
				continue;
			struct auditlog_row r;
			if (auditlog_row_parse(&r, buf + done, (size_t)i - done) == 0) {
				r.off = l->size + (off_t)done;
				if (l->n == l->cap) {
					l->cap = l->cap ? l->cap * 2 : 256;
					l->rows = xreallocarray(l->rows, l->cap, sizeof *l->rows);
				}
				l->rows[l->n++] = r;
				added++;
			}
			done = (size_t)i + 1;
		}
		/* a line still being written is read with the next call */
		l->size += (off_t)done;
		free(buf);
	}
	close(fd);
	return added;
}

char *
auditlog_line_pretty(const struct auditlog *l, const struct auditlog_row *r)
{
	int fd = open(l->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	char *buf = xmalloc(r->len + 1);
	ssize_t got = pread(fd, buf, r->len, r->off);
	close(fd);
	char *out = NULL;
	cJSON *j = got == (ssize_t)r->len ? cJSON_ParseWithLength(buf, r->len) : NULL;
	if (j != NULL)
		out = cJSON_Print(j);   /* strings escaped: no control character reaches the screen */
	cJSON_Delete(j);
	free(buf);
	return out;
}
