#define _POSIX_C_SOURCE 200809L
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "util/file.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static FILE *log_file;
static enum log_level log_threshold = LOG_LEVEL_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const log_names[] = { "error", "warn", "info", "debug" };

int
log_level_parse(const char *name, enum log_level *out)
{
	for (size_t i = 0; i < sizeof log_names / sizeof log_names[0]; i++) {
		if (strcasecmp(name, log_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	if (strcasecmp(name, "warning") == 0) {
		*out = LOG_LEVEL_WARN;
		return 0;
	}
	return -1;
}

int
log_open(const char *path, const char *level, struct kd_err *err)
{
	enum log_level l = LOG_LEVEL_INFO;
	if (level != NULL && log_level_parse(level, &l) != 0)
		return kd_err_set(err, KD_ERR_INVALID,
		    "--log-level %s is not a level; use error, warn, info or debug", level);
	FILE *f = NULL;
	if (path != NULL) {
		/* 0600 and never through a symlink: the log names clusters, users and objects */
		int fd = file_open_private(path, O_WRONLY | O_APPEND | O_CREAT);
		f = fd >= 0 ? fdopen(fd, "a") : NULL;
		if (f == NULL && fd >= 0) {
			int e = errno;
			close(fd);
			errno = e;
		}
		if (f == NULL)
			return kd_err_set(err, KD_ERR_IO, "%s: cannot open the log file (%s); pick another with --log-file",
			    path, strerror(errno));
		setvbuf(f, NULL, _IOLBF, 0);
	}
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = f;
	log_threshold = l;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	pthread_mutex_unlock(&log_lock);
}

int
log_enabled(enum log_level level)
{
	return log_file != NULL && level <= log_threshold;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	if (!log_enabled(level))
		return;
	va_list ap;
	va_start(ap, fmt);
	char *raw = xvasprintf(fmt, ap);
	va_end(ap);
	char *line = log_redact(raw);
	free(raw);
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';

	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	localtime_r(&tv.tv_sec, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fprintf(log_file, "%s.%03ld %-5s %s\n", stamp, (long)(tv.tv_usec / 1000), log_names[level], line);
	pthread_mutex_unlock(&log_lock);
	free(line);
}

/* ---- redaction ---- */


#define LOG_REDACTED "<redacted>"

static int
log_prefix_ci(const char *s, const char *p)
{
	return strncasecmp(s, p, strlen(p)) == 0;
}

/* At s, a header whose value is a credential? Returns the length up to the value, and
 * whether a scheme word (Bearer, Basic) came first: then the credential is one word. */
static size_t
log_header(const char *s, const char *start, int *scheme)
{
	static const char *const names[] = { "authorization:", "proxy-authorization:", "cookie:",
		"set-cookie:", "x-kubesim-mint:", /* and a kubeconfig's keys, as YAML */
		"client-key-data:", "token:", "password:" };
	if (s != start && (isalnum((unsigned char)s[-1]) || s[-1] == '-'))
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (log_prefix_ci(s, names[i])) {
			size_t n = strlen(names[i]);
			while (s[n] == ' ' || s[n] == '\t')
				n++;
			*scheme = log_prefix_ci(s + n, "bearer ") || log_prefix_ci(s + n, "basic ");
			if (*scheme) {
				n += s[n + 1] == 'e' || s[n + 1] == 'E' ? 7 : 6;
				while (s[n] == ' ' || s[n] == '\t')
					n++;
			}
			return n;
		}
	}
	return 0;
}

/* At s, a URL or form parameter whose value is a secret ("token=")? Returns its length. */
static size_t
log_param(const char *s, const char *start)
{
	static const char *const names[] = { "token=", "access_token=", "id_token=", "refresh_token=",
		"password=", "passwd=", "client_secret=", "secret=", "sig=", "signature=" };
	if (s != start && !(s[-1] == '?' || s[-1] == '&' || s[-1] == ' ' || s[-1] == ';' || s[-1] == '#'))
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (log_prefix_ci(s, names[i]))
			return strlen(names[i]);
	return 0;
}

/* At s, a JSON member whose string value is a secret? Returns the length up to the
 * opening quote of the value plus one. */
static size_t
log_member(const char *s)
{
	static const char *const names[] = { "\"token\"", "\"password\"", "\"clientKeyData\"",
		"\"client-key-data\"", "\"access_token\"", "\"id_token\"", "\"refresh_token\"" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strncmp(s, names[i], strlen(names[i])) == 0) {
			size_t n = strlen(names[i]);
			n += strspn(s + n, " \t\r\n");   /* as cJSON_Print and kubectl indent */
			if (s[n] != ':')
				return 0;
			n++;
			n += strspn(s + n, " \t\r\n");
			return s[n] == '"' ? n + 1 : 0;
		}
	}
	return 0;
}

char *
log_redact(const char *s)
{
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	const char *p = s;
	while (*p != '\0') {
		size_t n;
		int scheme = 0;
		if ((n = log_header(p, s, &scheme)) > 0) {
			/* a Bearer or Basic credential is one word; other values run to the line's end */
			sbuf_add(&b, p, n);
			p += n;
			sbuf_add(&b, LOG_REDACTED, strlen(LOG_REDACTED));
			p += strcspn(p, scheme ? " \t\r\n\"'" : "\r\n");
		} else if ((n = log_param(p, s)) > 0) {
			sbuf_add(&b, p, n);
			p += n;
			sbuf_add(&b, LOG_REDACTED, strlen(LOG_REDACTED));
			p += strcspn(p, "&# \t\r\n\"'");
		} else if ((n = log_member(p)) > 0) {
			sbuf_add(&b, p, n);
			p += n;
			sbuf_add(&b, LOG_REDACTED, strlen(LOG_REDACTED));
			while (*p != '\0' && *p != '"')
				p += p[0] == '\\' && p[1] != '\0' ? 2 : 1;
		} else if (strncmp(p, "://", 3) == 0) {
			/* scheme://user:password@host: hide the password */
			const char *at = p + 3 + strcspn(p + 3, "@/ \t\r\n?#");
			const char *colon = memchr(p + 3, ':', (size_t)(at - p - 3));
			if (*at == '@' && colon != NULL) {
				sbuf_add(&b, p, (size_t)(colon + 1 - p));
				sbuf_add(&b, LOG_REDACTED, strlen(LOG_REDACTED));
				p = at;
			} else {
				sbuf_add(&b, p, 3);
				p += 3;
			}
		} else if (strncmp(p, "-----BEGIN ", 11) == 0 && strstr(p, "PRIVATE KEY-----") != NULL &&
		    (size_t)(strstr(p, "PRIVATE KEY-----") - p) < 64) {
			const char *end = strstr(p, "-----END ");
			const char *stop = end ? strstr(end, "KEY-----") : NULL;
			sbuf_add(&b, "<redacted key>", 14);
			p = stop ? stop + 8 : p + strlen(p);
		} else {
			sbuf_add(&b, p, 1);
			p++;
		}
	}
	return b.s;
}
