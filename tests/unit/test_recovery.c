#include "t.h"
/* The editor's recovery journal: what is saved is read back exactly, one file an object,
 * private files in a private folder, no symlink followed, the list newest first without
 * the files that are not ours, the write from a signal handler the same bytes as a save,
 * and a Secret's file zeroed before it goes. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/file.h"
#include "util/recovery.h"
#include "util/xmalloc.h"

static struct recovery_meta
meta_of(char *ns, char *name, time_t saved)
{
	return (struct recovery_meta){ .context = "kind-prod", .group = "apps", .version = "v1",
		.resource = "deployments", .namespace_ = ns, .name = name,
		.resource_version = "4711", .saved = saved };
}

static char *
path_in(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* The default folder under t_tmpdir() (XDG_STATE_HOME). */
static char *
default_dir(void)
{
	return xasprintf("%s/kdeck/recovery", t_tmpdir());
}

static char *
object_path(const char *dir, const struct recovery_meta *m)
{
	char *file = recovery_file_name(m), *p = path_in(dir, file);
	free(file);
	return p;
}

static int
mode_of(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* Entries of dir but . and .. */
static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL; )
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

T_CASE(recovery_round_trip_utf8_1mib_long_lines)
{
	/* every escape of the header, and UTF-8, in the strings */
	struct recovery_meta m = meta_of("tëam-日本", "front", 1764745428);
	m.context = "arn:aws:eks:eu-west-1:1:cluster/a b\\c\nd\te\r\x01";
	m.group = "";
	size_t n = 1024 * 1024, i = 0;
	char *buf = xmalloc(n + 1);
	const char *head = "data:\n  greeting: \"grüße, 日本語, 🙂\"\n  big: ";
	memcpy(buf, head, strlen(head));
	i = strlen(head);
	for (size_t end = i + 300000; i < end; i++)   /* one line of 300 000 bytes */
		buf[i] = (char)('a' + i % 26);
	buf[i++] = '\n';
	/* then lines of 50 words of UTF-8 each, up to 1 MiB */
	const char *word = "grüße 日本 ";
	size_t wl = strlen(word);
	for (int w = 1; i + wl + 1 < n; w++) {
		memcpy(buf + i, word, wl);
		i += wl;
		if (w % 50 == 0)
			buf[i++] = '\n';
	}
	while (i < n - 1)
		buf[i++] = 'x';
	buf[i++] = '\n';
	struct { char *s; size_t n; } t = { buf, n };
	struct kd_err err = { 0 };
	T_EQ_INT(recovery_save(NULL, &m, t.s, t.n, &err), 0);

	char *file = recovery_file_name(&m);
	struct recovery_meta got = { 0 };
	char *text = NULL;
	size_t len = 0;
	T_EQ_INT(recovery_load(NULL, file, &got, &text, &len, &err), 0);
	T_EQ_INT(len, t.n);
	T_ASSERT(memcmp(text, t.s, t.n) == 0);
	T_EQ_INT(text[len], '\0');
	T_EQ_STR(got.context, m.context);
	T_EQ_STR(got.group, "");
	T_EQ_STR(got.version, "v1");
	T_EQ_STR(got.resource, "deployments");
	T_EQ_STR(got.namespace_, "tëam-日本");
	T_EQ_STR(got.name, "front");
	T_EQ_STR(got.resource_version, "4711");
	T_EQ_INT(got.secret, 0);
	T_EQ_INT(got.saved, 1764745428);
	recovery_meta_clear(&got);
	free(text);

	/* a text that is not UTF-8 at all, and an empty one, come back as they were */
	m.name = "bytes";
	T_EQ_INT(recovery_save(NULL, &m, "\xff\xfe\r\n\\x00", 8, &err), 0);
	char *f2 = recovery_file_name(&m);
	T_EQ_INT(recovery_load(NULL, f2, &got, &text, &len, &err), 0);
	T_EQ_INT(len, 8);
	T_ASSERT(memcmp(text, "\xff\xfe\r\n\\x00", 8) == 0);
	recovery_meta_clear(&got);
	free(text);
	m.name = "empty";
	T_EQ_INT(recovery_save(NULL, &m, "", 0, &err), 0);
	char *f3 = recovery_file_name(&m);
	T_EQ_INT(recovery_load(NULL, f3, &got, &text, &len, &err), 0);
	T_EQ_INT(len, 0);
	T_EQ_STR(text, "");
	recovery_meta_clear(&got);
	free(text);
	free(file);
	free(f2);
	free(f3);
	free(t.s);
}

T_CASE(recovery_resave_replaces_one_file_an_object)
{
	char *dir = path_in(t_tmpdir(), "resave");
	struct recovery_meta m = meta_of("web", "front", 100);
	struct kd_err err = { 0 };
	T_EQ_INT(recovery_save(dir, &m, "replicas: 1\n", 12, &err), 0);
	m.saved = 101;
	T_EQ_INT(recovery_save(dir, &m, "replicas: 22\n", 13, &err), 0);
	T_EQ_INT(count_files(dir), 1);   /* replaced, and no temporary file left */
	char *file = recovery_file_name(&m), *text;
	struct recovery_meta got;
	size_t len;
	T_EQ_INT(recovery_load(dir, file, &got, &text, &len, &err), 0);
	T_EQ_STR(text, "replicas: 22\n");
	T_EQ_INT(got.saved, 101);
	recovery_meta_clear(&got);
	free(text);
	free(file);

	/* the same name in another namespace, group or context is another object */
	struct recovery_meta other = meta_of("shop", "front", 100);
	T_EQ_INT(recovery_save(dir, &other, "x", 1, &err), 0);
	other = meta_of("web", "front", 100);
	other.group = "";
	T_EQ_INT(recovery_save(dir, &other, "x", 1, &err), 0);
	other = meta_of("web", "front", 100);
	other.context = "kind-stage";
	T_EQ_INT(recovery_save(dir, &other, "x", 1, &err), 0);
	T_EQ_INT(count_files(dir), 4);
	free(dir);
}

T_CASE(recovery_folder_0700_file_0600)
{
	mode_t old = umask(0);   /* modes are kdeck's, not what the umask leaves */
	char *d = default_dir();
	struct recovery_meta m = meta_of("web", "modes", 100);
	struct kd_err err = { 0 };
	int rc = recovery_save(NULL, &m, "a: 1\n", 5, &err);
	umask(old);
	T_EQ_INT(rc, 0);
	char *p = object_path(d, &m);
	T_EQ_INT(mode_of(d), 0700);
	T_EQ_INT(mode_of(p), 0600);
	/* a folder of ours opened to others is closed again on the next save */
	T_EQ_INT(chmod(d, 0755), 0);
	T_EQ_INT(recovery_save(NULL, &m, "a: 2\n", 5, &err), 0);
	T_EQ_INT(mode_of(d), 0700);
	free(p);
	free(d);
}

T_CASE(recovery_refuses_a_symlink_at_the_file)
{
	char *dir = path_in(t_tmpdir(), "planted");
	struct recovery_meta m = meta_of("web", "front", 100);
	struct kd_err err = { 0 };
	T_EQ_INT(file_private_dir(dir), 0);
	char *p = object_path(dir, &m);
	const char *victim = t_write("victim", "precious\n", 0);
	T_EQ_INT(symlink(victim, p), 0);
	T_EQ_INT(recovery_save(dir, &m, "stolen\n", 7, &err), -1);
	T_CONTAINS(err.msg, "cannot keep the edit of deployments web/front in ");
	T_CONTAINS(err.msg, "it is a symbolic link, which kdeck does not follow; remove it");
	struct recovery_signal sig = { 0 };
	kd_err_clear(&err);
	T_EQ_INT(recovery_prepare(&sig, dir, &m, "stolen\n", 7, &err), -1);
	T_CONTAINS(err.msg, "symbolic link");
	T_EQ_INT(recovery_write_now_signal_safe(&sig), -1);   /* nothing was prepared */
	size_t len;
	char *text = file_read(victim, 100, &len);
	T_EQ_STR(text, "precious\n");
	free(text);
	struct stat st;
	T_EQ_INT(lstat(p, &st), 0);
	T_ASSERT(S_ISLNK(st.st_mode));   /* left for the user to look at */
	/* nor is it read or removed through */
	char *file = recovery_file_name(&m);
	struct recovery_meta got;
	T_EQ_INT(recovery_load(dir, file, &got, &text, &len, &err), -1);
	T_CONTAINS(err.msg, "it is a symbolic link");
	T_EQ_INT(recovery_remove(dir, &m, &err), -1);
	T_CONTAINS(err.msg, "symbolic link");
	T_EQ_INT(lstat(p, &st), 0);
	free(file);
	free(p);
	free(dir);
}

T_CASE(recovery_refuses_someone_elses_file_and_folder)
{
	if (geteuid() != 0)
		T_SKIP("giving a file to another user needs root");
	const uid_t other = 65534;
	char *dir = path_in(t_tmpdir(), "theirs");
	struct recovery_meta m = meta_of("web", "front", 100);
	struct kd_err err = { 0 };
	T_EQ_INT(recovery_save(dir, &m, "mine\n", 5, &err), 0);
	char *p = object_path(dir, &m);
	T_EQ_INT(chown(p, other, other), 0);
	T_EQ_INT(recovery_save(dir, &m, "again\n", 6, &err), -1);
	T_CONTAINS(err.msg, "it belongs to another user");
	struct recovery_list list;
	T_EQ_INT(recovery_list(dir, &list, &err), 0);
	T_EQ_INT(list.n, 0);
	T_EQ_INT(list.nwarnings, 1);
	T_CONTAINS(list.warnings[0], "it belongs to another user");
	recovery_list_free(&list);
	T_EQ_INT(recovery_remove(dir, &m, &err), -1);
	T_ASSERT(access(p, F_OK) == 0);
	/* the folder itself */
	T_EQ_INT(chown(dir, other, other), 0);
	struct recovery_meta m2 = meta_of("web", "back", 100);
	kd_err_clear(&err);
	T_EQ_INT(recovery_save(dir, &m2, "x", 1, &err), -1);
	T_CONTAINS(err.msg, "it belongs to another user; remove it or set XDG_STATE_HOME");
	free(p);
	free(dir);
}

T_CASE(recovery_refuses_a_symlink_at_the_folder)
{
	/* $XDG_STATE_HOME/kdeck/recovery is a link to a folder someone else reads */
	char *state = path_in(t_tmpdir(), "state2"), *elsewhere = path_in(t_tmpdir(), "elsewhere");
	char *kd = path_in(state, "kdeck"), *link = path_in(kd, "recovery");
	T_EQ_INT(file_private_dir(kd), 0);
	T_EQ_INT(mkdir(elsewhere, 0755), 0);
	T_EQ_INT(symlink(elsewhere, link), 0);
	char *saved = xstrdup(getenv("XDG_STATE_HOME"));
	setenv("XDG_STATE_HOME", state, 1);
	struct recovery_meta m = meta_of("web", "front", 100);
	struct kd_err err = { 0 };
	int rc = recovery_save(NULL, &m, "secret: stuff\n", 14, &err);
	struct recovery_signal sig = { 0 };
	struct kd_err err2 = { 0 };
	int rc2 = recovery_prepare(&sig, NULL, &m, "x", 1, &err2);
	struct recovery_list list;
	struct kd_err err3 = { 0 };
	int rc3 = recovery_list(NULL, &list, &err3);
	setenv("XDG_STATE_HOME", saved, 1);
	T_EQ_INT(rc, -1);
	T_CONTAINS(err.msg, "/kdeck/recovery: it is a symbolic link, which kdeck does not follow");
	T_EQ_INT(rc2, -1);
	T_CONTAINS(err2.msg, "symbolic link");
	T_EQ_INT(rc3, -1);
	T_CONTAINS(err3.msg, "cannot read the edits kept in ");
	T_CONTAINS(err3.msg, "symbolic link");
	T_EQ_INT(list.n, 0);
	T_EQ_INT(count_files(elsewhere), 0);
	recovery_list_free(&list);
	free(saved);
	free(state);
	free(elsewhere);
	free(kd);
	free(link);
}

T_CASE(recovery_list_newest_first_skips_what_is_not_ours)
{
	char *dir = path_in(t_tmpdir(), "listing");
	struct kd_err err = { 0 };
	struct recovery_list list;
	/* no folder yet: nothing to restore, not an error, nothing created */
	T_EQ_INT(recovery_list(dir, &list, &err), 0);
	T_EQ_INT(list.n, 0);
	T_EQ_INT(list.nwarnings, 0);
	T_ASSERT(access(dir, F_OK) != 0);
	recovery_list_free(&list);

	struct recovery_meta a = meta_of("web", "old", 100), b = meta_of("web", "newest", 300);
	struct recovery_meta c = meta_of("", "middle", 200);
	c.resource = "namespaces";
	c.group = "";
	T_EQ_INT(recovery_save(dir, &a, "a", 1, &err), 0);
	T_EQ_INT(recovery_save(dir, &b, "bb", 2, &err), 0);
	T_EQ_INT(recovery_save(dir, &c, "ccc", 3, &err), 0);
	/* garbage, a header whose text was cut short, a copy under another name, a link */
	char *junk = path_in(dir, "junk.recovery"), *cut = path_in(dir, "cut.recovery");
	char *copy = path_in(dir, "copy.recovery"), *lnk = path_in(dir, "link.recovery");
	char *hidden = path_in(dir, ".front.recovery.Ab12Cd");
	FILE *f = fopen(junk, "w");
	fputs("apiVersion: v1\nkind: ConfigMap\n", f);
	fclose(f);
	char *pb = object_path(dir, &b);
	size_t len;
	char *bytes = file_read(pb, SIZE_MAX, &len);
	f = fopen(cut, "w");
	fwrite(bytes, 1, len - 1, f);
	fclose(f);
	f = fopen(copy, "w");
	fwrite(bytes, 1, len, f);
	fclose(f);
	f = fopen(hidden, "w");
	fwrite(bytes, 1, len, f);
	fclose(f);
	T_EQ_INT(symlink(pb, lnk), 0);

	T_EQ_INT(recovery_list(dir, &list, &err), 0);
	T_EQ_INT(list.n, 3);
	T_EQ_STR(list.entries[0].meta.name, "newest");
	T_EQ_INT(list.entries[0].size, 2);
	T_ASSERT(list.entries[0].mtime > 0);
	T_EQ_STR(list.entries[1].meta.name, "middle");
	T_EQ_STR(list.entries[1].meta.namespace_, "");
	T_EQ_STR(list.entries[1].meta.resource, "namespaces");
	T_EQ_INT(list.entries[1].size, 3);
	T_EQ_STR(list.entries[2].meta.name, "old");
	char *fa = recovery_file_name(&a);
	T_EQ_STR(list.entries[2].file, fa);
	free(fa);
	T_EQ_INT(list.nwarnings, 4);
	int seen = 0;
	for (size_t i = 0; i < list.nwarnings; i++) {
		const char *w = list.warnings[i];
		T_CONTAINS(w, " is not offered for recovery: ");
		if (strstr(w, "/junk.recovery is not") != NULL) {
			T_CONTAINS(w, "it does not start with \"kdeck-recovery: 1\"");
			seen |= 1;
		} else if (strstr(w, "/cut.recovery is not") != NULL) {
			T_CONTAINS(w, "its text is 1 bytes, its header says 2");
			seen |= 2;
		} else if (strstr(w, "/copy.recovery is not") != NULL) {
			T_CONTAINS(w, "its name is not the one of the object it holds");
			seen |= 4;
		} else if (strstr(w, "/link.recovery is not") != NULL) {
			T_CONTAINS(w, "it is a symbolic link");
			seen |= 8;
		}
	}
	T_EQ_INT(seen, 15);
	recovery_list_free(&list);
	recovery_list_free(&list);   /* freed twice is harmless */
	free(bytes);
	free(pb);
	free(junk);
	free(cut);
	free(copy);
	free(lnk);
	free(hidden);
	free(dir);
}

static struct recovery_signal child_sig;

static void
on_term(int sig)
{
	(void)sig;
	_exit(recovery_write_now_signal_safe(&child_sig) == 0 ? 42 : 43);
}

/* In a child: prepares the older text then the newer one, raises SIGTERM, whose handler
 * writes it; the exit status of the child (42: written). */
static int
write_from_handler(const struct recovery_meta *m, const char *older, const char *newer)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct kd_err err = { 0 };
		if (recovery_prepare(&child_sig, NULL, m, older, strlen(older), &err) != 0 ||
		    recovery_prepare(&child_sig, NULL, m, newer, strlen(newer), &err) != 0)
			_exit(44);
		struct sigaction sa = { .sa_handler = on_term };
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
		raise(SIGTERM);
		_exit(45);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

T_CASE(recovery_signal_handler_writes_what_a_save_writes)
{
	char *d = default_dir();
	struct recovery_meta m = meta_of("web", "signalled", 1764745428);
	m.secret = 1;
	const char *text = "apiVersion: v1\nkind: Secret\ndata:\n  password: hunter2 ünïcode\n";
	struct kd_err err = { 0 };
	T_EQ_INT(recovery_save(NULL, &m, text, strlen(text), &err), 0);
	char *p = object_path(d, &m);
	size_t want_len, got_len;
	char *want = file_read(p, SIZE_MAX, &want_len);
	T_EQ_INT(recovery_remove(NULL, &m, &err), 0);
	T_ASSERT(access(p, F_OK) != 0);
	int files = count_files(d);

	T_EQ_INT(write_from_handler(&m, "older text\n", text), 42);
	char *got = file_read(p, SIZE_MAX, &got_len);
	T_ASSERT(got != NULL);
	T_EQ_INT(got_len, want_len);
	T_ASSERT(memcmp(got, want, want_len) == 0);
	T_EQ_INT(mode_of(p), 0600);
	T_EQ_INT(count_files(d), files + 1);   /* no temporary file left */
	/* and over an older file, which it replaces */
	T_EQ_INT(write_from_handler(&m, text, "newer\n"), 42);
	free(got);
	struct recovery_meta back;
	char *file = recovery_file_name(&m);
	T_EQ_INT(recovery_load(NULL, file, &back, &got, &got_len, &err), 0);
	T_EQ_STR(got, "newer\n");
	T_EQ_INT(back.secret, 1);
	recovery_meta_clear(&back);
	free(got);
	free(file);
	free(want);
	free(p);
	free(d);
}

/* A second name of the object's file, so that what is left of the file after
 * recovery_remove can be read. */
static char *
keep_a_link(const char *dir, const struct recovery_meta *m)
{
	char *p = object_path(dir, m), *peek = xasprintf("%s.peek", p);
	if (link(p, peek) != 0) {
		free(peek);
		peek = NULL;
	}
	free(p);
	return peek;
}

static int
all_zero(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != 0)
			return 0;
	return 1;
}

T_CASE(recovery_remove_zeroes_a_secret)
{
	char *dir = path_in(t_tmpdir(), "removing");
	struct kd_err err = { 0 };
	struct recovery_meta plain = meta_of("web", "plain", 100);
	const char *text = "stringData:\n  token: abc\n";
	T_EQ_INT(recovery_save(dir, &plain, text, strlen(text), &err), 0);
	char *peek = keep_a_link(dir, &plain);
	T_ASSERT(peek != NULL);
	T_EQ_INT(recovery_remove(dir, &plain, &err), 0);
	char *pp = object_path(dir, &plain);
	T_ASSERT(access(pp, F_OK) != 0);
	size_t len;
	char *left = file_read(peek, SIZE_MAX, &len);
	T_CONTAINS(left, "token: abc");   /* not a Secret: removed, not overwritten */
	free(left);
	unlink(peek);
	free(peek);
	T_EQ_INT(recovery_remove(dir, &plain, &err), 0);   /* gone already */

	/* a Secret, by the caller's word or by its header's */
	for (int by_header = 0; by_header < 2; by_header++) {
		struct recovery_meta s = meta_of("web", by_header ? "by-header" : "by-caller", 100);
		s.resource = "secrets";
		s.group = "";
		s.secret = 1;
		T_EQ_INT(recovery_save(dir, &s, text, strlen(text), &err), 0);
		char *p = object_path(dir, &s);
		size_t size;
		char *before = file_read(p, SIZE_MAX, &size);
		free(before);
		peek = keep_a_link(dir, &s);
		T_ASSERT(peek != NULL);
		s.secret = !by_header;
		T_EQ_INT(recovery_remove(dir, &s, &err), 0);
		T_ASSERT(access(p, F_OK) != 0);
		left = file_read(peek, SIZE_MAX, &len);
		T_EQ_INT(len, size);
		T_ASSERT(all_zero(left, len));
		free(left);
		unlink(peek);
		free(peek);
		free(p);
	}
	free(pp);
	free(dir);
}

T_CASE(recovery_load_refuses_what_is_not_its_file)
{
	struct kd_err err = { 0 };
	struct recovery_meta m;
	char *text = (char *)"untouched";
	size_t len = 7;
	T_EQ_INT(recovery_load(NULL, "../../etc/passwd", &m, &text, &len, &err), -1);
	T_CONTAINS(err.msg, "cannot restore the edit kept in ");
	T_CONTAINS(err.msg, "it is not a file name kdeck gives");
	T_ASSERT(text == NULL);
	T_EQ_INT(len, 0);
	T_EQ_INT(recovery_load(NULL, "absent.recovery", &m, &text, &len, &err), -1);
	T_CONTAINS(err.msg, "No such file");
	/* a header with a bad escape */
	char *d = default_dir(), *p = path_in(d, "bad.recovery");
	T_EQ_INT(file_private_dir(d), 0);
	const char *bad = "kdeck-recovery: 1\ncontext: a\\qb\n\n";
	T_EQ_INT(file_write_private(p, bad, strlen(bad)), 0);
	T_EQ_INT(recovery_load(NULL, "bad.recovery", &m, &text, &len, &err), -1);
	T_CONTAINS(err.msg, "line 2 of its header has a bad escape");
	unlink(p);
	free(p);
	free(d);
}

int
main(void)
{
	setenv("XDG_STATE_HOME", t_tmpdir(), 1);
	T_RUN(recovery_round_trip_utf8_1mib_long_lines);
	T_RUN(recovery_resave_replaces_one_file_an_object);
	T_RUN(recovery_folder_0700_file_0600);
	T_RUN(recovery_refuses_a_symlink_at_the_file);
	T_RUN(recovery_refuses_someone_elses_file_and_folder);
	T_RUN(recovery_refuses_a_symlink_at_the_folder);
	T_RUN(recovery_list_newest_first_skips_what_is_not_ours);
	T_RUN(recovery_signal_handler_writes_what_a_save_writes);
	T_RUN(recovery_remove_zeroes_a_secret);
	T_RUN(recovery_load_refuses_what_is_not_its_file);
	return t_done();
}
