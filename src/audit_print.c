#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "audit_print.h"
#include "kube/audit.h"
#include "util/xmalloc.h"

enum { AP_TIME, AP_CONTEXT, AP_USER, AP_VERB, AP_RESOURCE, AP_OBJECT, AP_CODE, AP_MESSAGE, AP_NCOLS };

static const char *const audit_print_titles[AP_NCOLS] = { "TIME", "CONTEXT", "USER", "VERB",
	"RESOURCE", "NAMESPACE/NAME", "CODE", "MESSAGE" };

struct audit_print_row {
	char *cell[AP_NCOLS];
};

long
audit_print_duration(const char *s)
{
	long total = 0;
	if (s == NULL || *s == '\0')
		return -1;
	while (*s) {
		char *end;
		errno = 0;
		long n = strtol(s, &end, 10);
		if (end == s || n < 0 || errno != 0)
			return -1;
		switch (*end) {
		case 's': break;
		case 'm': n *= 60; break;
		case 'h': n *= 3600; break;
		case 'd': n *= 86400; break;
		default: return -1;
		}
		total += n;
		s = end + 1;
	}
	return total;
}

/* "2026-12-02T12:40:00Z" in seconds since the epoch; -1 when it is not one. */
static long long
audit_print_time(const char *s)
{
	struct tm tm = { 0 };
	char z = 0;
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) != 7 || z != 'Z')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

static const char *
audit_print_str(const cJSON *o, const char *k)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
	return s ? s : "";
}

static void
audit_print_fill(struct audit_print_row *r, const cJSON *j)
{
	const char *group = audit_print_str(j, "group"), *sub = audit_print_str(j, "subresource");
	const char *ns = audit_print_str(j, "namespace"), *patch = audit_print_str(j, "patch");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
	int dry = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "dryRun"));
	int force = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "force"));
	r->cell[AP_TIME] = xstrdup(audit_print_str(j, "time"));
	r->cell[AP_CONTEXT] = xstrdup(audit_print_str(j, "context"));
	r->cell[AP_USER] = xstrdup(audit_print_str(j, "user"));
	r->cell[AP_VERB] = xasprintf("%s%s%s%s%s", audit_print_str(j, "verb"), *patch ? "/" : "", patch,
	    force ? " (force)" : "", dry ? " (dry run)" : "");
	r->cell[AP_RESOURCE] = xasprintf("%s%s%s%s%s", audit_print_str(j, "resource"), *group ? "." : "",
	    group, *sub ? "/" : "", sub);
	r->cell[AP_OBJECT] = xasprintf("%s%s%s", ns, *ns ? "/" : "", audit_print_str(j, "name"));
	r->cell[AP_CODE] = cJSON_IsNumber(code) && code->valueint != 0 ?
	    xasprintf("%d", code->valueint) : xstrdup("-");
	const char *msg = audit_print_str(j, "message");
	r->cell[AP_MESSAGE] = xstrdup(*msg ? msg : audit_print_str(j, "detail"));
	/* what a server or a name says reaches a terminal: no control characters */
	for (int c = 0; c < AP_NCOLS; c++)
		for (char *p = r->cell[c]; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
}

int
audit_print(FILE *out, FILE *err, const char *since, const char *context, int json)
{
	long age = -1;
	if (since != NULL && (age = audit_print_duration(since)) < 0) {
		fprintf(err, "kdeck: --since %s is not a duration; use for example 90s, 15m, 1h or 2d\n", since);
		return 2;
	}
	char *path = audit_path();
	FILE *f = fopen(path, "re");
	/* no file: nothing was changed yet, an empty journal */
	if (f == NULL && errno != ENOENT) {
		fprintf(err, "kdeck: cannot read the audit journal %s: %s\n", path, strerror(errno));
		free(path);
		return 1;
	}
	long long from = age >= 0 ? (long long)time(NULL) - age : -1;
	struct audit_print_row *rows = NULL;
	size_t nrows = 0;
	int width[AP_NCOLS];
	for (int c = 0; c < AP_NCOLS; c++)
		width[c] = (int)strlen(audit_print_titles[c]);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while (f != NULL && (n = getline(&line, &cap, f)) > 0) {
		cJSON *j = cJSON_ParseWithLength(line, (size_t)n);
		if (j == NULL)
			continue;
		int keep = (from < 0 || audit_print_time(audit_print_str(j, "time")) >= from) &&
		    (context == NULL || strcmp(audit_print_str(j, "context"), context) == 0);
		if (keep && json) {
			fputs(line, out);
			if (line[n - 1] != '\n')
				fputc('\n', out);
		} else if (keep) {
			rows = xreallocarray(rows, nrows + 1, sizeof *rows);
			audit_print_fill(&rows[nrows], j);
			for (int c = 0; c < AP_NCOLS - 1; c++) {
				int w = (int)strlen(rows[nrows].cell[c]);
				if (w > width[c])
					width[c] = w;
			}
			nrows++;
		}
		cJSON_Delete(j);
	}
	free(line);
	if (f != NULL)
		fclose(f);
	free(path);
	if (!json) {
		for (int c = 0; c < AP_NCOLS; c++)
			fprintf(out, c < AP_NCOLS - 1 ? "%-*s  " : "%.*s\n", c < AP_NCOLS - 1 ? width[c] : 200,
			    audit_print_titles[c]);
		for (size_t i = 0; i < nrows; i++) {
			for (int c = 0; c < AP_NCOLS; c++) {
				if (c < AP_NCOLS - 1)
					fprintf(out, "%-*s  ", width[c], rows[i].cell[c]);
				else
					fprintf(out, "%s\n", rows[i].cell[c]);
				free(rows[i].cell[c]);
			}
		}
	}
	free(rows);
	return 0;
}
