/* A tiny unit-test framework in the tests/run protocol: one line per case,
 *   PASS name          FAIL name: file:line: why          SKIP name: why
 * and main returns non-zero when a case failed.
 *
 *   T_CASE(kcfg_merge_first_wins) { T_EQ_STR(a, "x"); ... }
 *   int main(void) { T_RUN(kcfg_merge_first_wins); return t_done(); }
 *
 * An assertion that fails reports and returns from the case, so later lines may rely on
 * the earlier ones. t_tmpdir() gives each program one scratch folder, removed by t_done(). */
#ifndef KD_T_H
#define KD_T_H

/* Include t.h first: it asks for the POSIX functions it uses (mkdtemp, nftw). */
#if !defined(_GNU_SOURCE) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700
#endif
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T_UNUSED __attribute__((unused))

static const char *t_name T_UNUSED;
static int t_case_failed T_UNUSED, t_case_skipped T_UNUSED;
static int t_failed T_UNUSED, t_passed T_UNUSED;
static char t_dir[256] T_UNUSED;

static void t_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), unused));
static void
t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	printf("FAIL %s: %s:%d: ", t_name, file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	t_case_failed = 1;
}

#define T_CASE(name) static void name(void)
#define T_RUN(fn) t_run(#fn, fn)

#define T_ASSERT(cond) do { if (!(cond)) { \
	t_fail(__FILE__, __LINE__, "%s", #cond); return; } } while (0)
#define T_ASSERT_MSG(cond, ...) do { if (!(cond)) { \
	t_fail(__FILE__, __LINE__, __VA_ARGS__); return; } } while (0)
#define T_EQ_INT(a, b) do { long long t_a_ = (long long)(a), t_b_ = (long long)(b); \
	if (t_a_ != t_b_) { t_fail(__FILE__, __LINE__, "%s is %lld, want %lld", #a, t_a_, t_b_); \
	return; } } while (0)
#define T_EQ_STR(a, b) do { const char *t_a_ = (a), *t_b_ = (b); \
	if (t_a_ == NULL || t_b_ == NULL ? t_a_ != t_b_ : strcmp(t_a_, t_b_) != 0) { \
	t_fail(__FILE__, __LINE__, "%s is \"%s\", want \"%s\"", #a, t_a_ ? t_a_ : "(null)", \
	    t_b_ ? t_b_ : "(null)"); return; } } while (0)
#define T_CONTAINS(hay, needle) do { const char *t_h_ = (hay), *t_n_ = (needle); \
	if (t_h_ == NULL || strstr(t_h_, t_n_) == NULL) { t_fail(__FILE__, __LINE__, \
	    "%s is \"%s\", which lacks \"%s\"", #hay, t_h_ ? t_h_ : "(null)", t_n_); return; } } while (0)
#define T_LACKS(hay, needle) do { const char *t_h_ = (hay), *t_n_ = (needle); \
	if (t_h_ != NULL && strstr(t_h_, t_n_) != NULL) { t_fail(__FILE__, __LINE__, \
	    "%s is \"%s\", which contains \"%s\"", #hay, t_h_, t_n_); return; } } while (0)
#define T_SKIP(why) do { printf("SKIP %s: %s\n", t_name, why); t_case_skipped = 1; return; } while (0)

T_UNUSED static void
t_run(const char *name, void (*fn)(void))
{
	t_name = name;
	t_case_failed = t_case_skipped = 0;
	fn();
	if (t_case_failed)
		t_failed++;
	else if (!t_case_skipped) {
		printf("PASS %s\n", name);
		t_passed++;
	}
	fflush(stdout);
}

/* One scratch folder per test program, created on first use. */
T_UNUSED static const char *
t_tmpdir(void)
{
	if (t_dir[0] == '\0') {
		const char *base = getenv("TMPDIR");
		snprintf(t_dir, sizeof t_dir, "%s/kdeck-unit.XXXXXX", base && *base ? base : "/tmp");
		if (mkdtemp(t_dir) == NULL) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return t_dir;
}

/* Writes content to t_tmpdir()/name (mode 0755 when exec) and returns the path in a
 * static ring of buffers (valid for the next 8 calls). */
T_UNUSED static const char *
t_write(const char *name, const char *content, int exec)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, sizeof paths[0], "%s/%s", t_tmpdir(), name);
	char *slash = strrchr(p, '/');
	for (char *q = p + strlen(t_tmpdir()) + 1; q <= slash; q++) {
		if (*q == '/') {
			*q = '\0';
			mkdir(p, 0755);
			*q = '/';
		}
	}
	FILE *f = fopen(p, "w");
	if (f == NULL) {
		perror(p);
		exit(2);
	}
	fputs(content, f);
	fclose(f);
	chmod(p, exec ? 0755 : 0644);
	return p;
}

static int
t_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Removes the scratch folder; returns main's exit status. */
T_UNUSED static int
t_done(void)
{
	if (t_dir[0] != '\0' && getenv("KDECK_KEEP_TMP") == NULL)
		nftw(t_dir, t_rm, 16, FTW_DEPTH | FTW_PHYS);
	return t_failed ? 1 : 0;
}

#endif
