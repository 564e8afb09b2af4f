/* asciicast v2 recordings; see record.h. */
#define _POSIX_C_SOURCE 200809L
#include "kube/record.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/file.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

struct record {
	FILE *f;
	char *path;
	struct timespec start;
	char partial[4];     /* an incomplete UTF-8 sequence from the last write */
	size_t npartial;
};

char *
record_dir(struct kd_err *err)
{
	char *state = file_user_dir("XDG_STATE_HOME", ".local/state");
	if (state == NULL) {
		kd_err_set(err, KD_ERR_IO, "neither XDG_STATE_HOME nor HOME is set: nowhere to keep recordings");
		return NULL;
	}
	char *dir = xasprintf("%s/recordings", state);
	free(state);
	if (file_mkdirs(dir, err) != 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* JSON string of n bytes (valid UTF-8 assumed; control characters escaped). */
static void
record_json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

struct record *
record_new(const char *path, int cols, int rows, const char *title, struct kd_err *err)
{
	char *p;
	if (path != NULL) {
		p = xstrdup(path);
	} else {
		char *dir = record_dir(err);
		if (dir == NULL)
			return NULL;
		char stamp[32], safe[96];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		size_t k = 0;
		for (const char *s = title ? title : "session"; *s && k + 1 < sizeof(safe); s++)
			safe[k++] = (*s == '/' || *s == ' ' || *s == ':') ? '_' : *s;
		safe[k] = '\0';
		p = xasprintf("%s/%s-%s-%ld.cast", dir, stamp, safe, (long)getpid());
		free(dir);
	}
	int fd = file_open_private(p, O_WRONLY | O_CREAT | O_TRUNC);
	if (fd < 0) {
		kd_err_set(err, KD_ERR_IO, "cannot write the recording %s: %s", p, strerror(errno));
		free(p);
		return NULL;
	}
	fchmod(fd, 0600);   /* an existing file keeps no wider mode */
	struct record *r = xcalloc(1, sizeof(*r));
	r->f = fdopen(fd, "w");
	r->path = p;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	fprintf(r->f, "{\"version\":2,\"width\":%d,\"height\":%d,\"timestamp\":%ld,\"title\":",
	    cols, rows, (long)time(NULL));
	record_json_string(r->f, title ? title : "", title ? strlen(title) : 0);
	const char *term = getenv("TERM");
	fprintf(r->f, ",\"env\":{\"TERM\":");
	record_json_string(r->f, term ? term : "xterm", strlen(term ? term : "xterm"));
	fprintf(r->f, "}}\n");
	fflush(r->f);
	return r;
}

void
record_free(struct record **rp)
{
	struct record *r = *rp;
	if (r == NULL)
		return;
	*rp = NULL;
	fclose(r->f);
	free(r->path);
	free(r);
}

const char *
record_path(const struct record *r)
{
	return r->path;
}

static double
record_elapsed(const struct record *r)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - r->start.tv_sec) + (double)(now.tv_nsec - r->start.tv_nsec) / 1e9;
}

/* How many bytes at the end of buf are the start of an unfinished UTF-8 sequence. */
static size_t
record_utf8_tail(const unsigned char *buf, size_t len)
{
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		unsigned char c = buf[len - back];
		if ((c & 0xc0) == 0x80)
			continue;
		size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

void
record_output(struct record *r, const char *buf, size_t len)
{
	size_t total = r->npartial + len;
	char *all = xmalloc(total ? total : 1);
	memcpy(all, r->partial, r->npartial);
	memcpy(all + r->npartial, buf, len);
	size_t tail = record_utf8_tail((unsigned char *)all, total);
	r->npartial = tail;
	memcpy(r->partial, all + total - tail, tail);
	if (total > tail) {
		fprintf(r->f, "[%.6f,\"o\",", record_elapsed(r));
		record_json_string(r->f, all, total - tail);
		fputs("]\n", r->f);
		fflush(r->f);
	}
	free(all);
}

void
record_resize(struct record *r, int cols, int rows)
{
	fprintf(r->f, "[%.6f,\"r\",\"%dx%d\"]\n", record_elapsed(r), cols, rows);
	fflush(r->f);
}

/* Calls fn for each output event of path. Returns 0 or -1 with err. */
static int
record_each(const char *path, int (*fn)(double t, const char *s, size_t n, void *arg), void *arg,
    struct kd_err *err)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return kd_err_set(err, KD_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		cJSON *j = cJSON_Parse(line);
		if (lineno == 1) {
			cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "version");
			if (!cJSON_IsNumber(v) || v->valueint != 2) {
				rc = kd_err_set(err, KD_ERR_INVALID, "%s is not an asciicast v2 recording", path);
				cJSON_Delete(j);
				break;
			}
		} else if (cJSON_IsArray(j) && cJSON_GetArraySize(j) == 3) {
			cJSON *t = cJSON_GetArrayItem(j, 0), *k = cJSON_GetArrayItem(j, 1), *d = cJSON_GetArrayItem(j, 2);
			if (cJSON_IsNumber(t) && cJSON_IsString(k) && strcmp(k->valuestring, "o") == 0 &&
			    cJSON_IsString(d) && fn(t->valuedouble, d->valuestring, strlen(d->valuestring), arg) != 0) {
				cJSON_Delete(j);
				break;
			}
		} else if (line[0] != '\n') {
			rc = kd_err_set(err, KD_ERR_INVALID, "%s:%d: not an event line", path, lineno);
			cJSON_Delete(j);
			break;
		}
		cJSON_Delete(j);
	}
	if (lineno == 0)
		rc = kd_err_set(err, KD_ERR_INVALID, "%s is empty", path);
	free(line);
	fclose(f);
	return rc;
}

struct record_play {
	int fd;
	double speed, last, idle;
};

static int
record_play_one(double t, const char *s, size_t n, void *arg)
{
	struct record_play *p = arg;
	double d = (t - p->last) / p->speed;
	if (d > p->idle)
		d = p->idle;
	p->last = t;
	if (d > 0) {
		struct timespec ts = { (time_t)d, (long)((d - (double)(time_t)d) * 1e9) };
		nanosleep(&ts, NULL);
	}
	while (n > 0) {
		ssize_t w = write(p->fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
record_play(const char *path, int fd, double speed, int idle_ms, struct kd_err *err)
{
	struct record_play p = { fd, speed > 0 ? speed : 1, 0, idle_ms > 0 ? idle_ms / 1000.0 : 2.0 };
	return record_each(path, record_play_one, &p, err);
}

static int
record_cat_one(double t, const char *s, size_t n, void *arg)
{
	(void)t;
	sbuf_add(arg, s, n);
	return 0;
}

char *
record_read_output(const char *path, size_t *len, struct kd_err *err)
{
	struct sbuf c = { 0 };
	sbuf_add(&c, "", 0);
	if (record_each(path, record_cat_one, &c, err) != 0) {
		free(c.s);
		return NULL;
	}
	if (len != NULL)
		*len = c.len;
	return c.s;
}
