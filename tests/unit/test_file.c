#include "t.h"
/* Private state files: folders 0700 and ours, files 0600, a planted symlink never
 * followed (the discovery cache's writes, the log file), no shared folder used bare. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "util/file.h"
#include "util/xmalloc.h"

static char *
path_in(const char *name)
{
	return xasprintf("%s/%s", t_tmpdir(), name);
}

static int
mode_of(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

T_CASE(file_private_dir_creates_0700)
{
	char *d = path_in("state/kdeck/discovery");
	T_EQ_INT(file_private_dir(d), 0);
	T_EQ_INT(mode_of(d), 0700);
	char *parent = path_in("state/kdeck");
	T_EQ_INT(mode_of(parent), 0700);
	/* one of ours open to others is closed again */
	chmod(d, 0777);
	T_EQ_INT(file_private_dir(d), 0);
	T_EQ_INT(mode_of(d), 0700);
	free(d);
	free(parent);
}

T_CASE(file_private_dir_refuses_a_symlink)
{
	char *real = path_in("elsewhere"), *link = path_in("linked");
	T_EQ_INT(mkdir(real, 0700), 0);
	T_EQ_INT(symlink(real, link), 0);
	errno = 0;
	T_EQ_INT(file_private_dir(link), -1);
	T_EQ_INT(errno, ELOOP);
	free(real);
	free(link);
}

T_CASE(file_open_private_0600_and_no_symlink)
{
	char *p = path_in("log-a");
	int fd = file_open_private(p, O_WRONLY | O_APPEND | O_CREAT);
	T_ASSERT(fd >= 0);
	T_EQ_INT(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	close(fd);
	T_EQ_INT(mode_of(p), 0600);
	char *victim = path_in("victim"), *link = path_in("log-b");
	t_write("victim", "precious\n", 0);
	T_EQ_INT(symlink(victim, link), 0);
	T_EQ_INT(file_open_private(link, O_WRONLY | O_APPEND | O_CREAT), -1);
	size_t len;
	char *text = file_read(victim, 100, &len);
	T_EQ_STR(text, "precious\n");
	free(text);
	free(p);
	free(victim);
	free(link);
}

T_CASE(file_write_private_replaces_a_symlink)
{
	char *victim = path_in("victim2"), *p = path_in("cache.json");
	t_write("victim2", "precious\n", 0);
	T_EQ_INT(symlink(victim, p), 0);
	/* the discovery cache is written this way */
	T_EQ_INT(file_write_private(p, "{}", 2), 0);
	size_t len;
	char *text = file_read(victim, 100, &len);
	T_EQ_STR(text, "precious\n");
	free(text);
	text = file_read(p, 100, &len);
	T_EQ_STR(text, "{}");
	free(text);
	T_EQ_INT(mode_of(p), 0600);   /* a file now, not the link */
	free(victim);
	free(p);
}

T_CASE(file_write_synced_replaces_and_leaves_no_temp)
{
	char *d = path_in("synced"), *p = path_in("synced/edit");
	T_EQ_INT(file_private_dir(d), 0);
	T_EQ_INT(file_write_synced(p, "one\n", 4), 0);
	T_EQ_INT(file_write_synced(p, "two\0three", 9), 0);
	size_t len;
	char *text = file_read(p, 100, &len);
	T_EQ_INT(len, 9);
	T_ASSERT(memcmp(text, "two\0three", 9) == 0);
	free(text);
	T_EQ_INT(mode_of(p), 0600);
	/* the folder holds the file alone: the temporary file was renamed, not left */
	DIR *dir = opendir(d);
	T_ASSERT(dir != NULL);
	int n = 0;
	for (struct dirent *e; (e = readdir(dir)) != NULL; )
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dir);
	T_EQ_INT(n, 1);
	/* a folder that is not there: an error, nothing written */
	char *q = path_in("nowhere/edit");
	errno = 0;
	T_EQ_INT(file_write_synced(q, "x", 1), -1);
	T_EQ_INT(errno, ENOENT);
	free(q);
	free(d);
	free(p);
}

T_CASE(file_user_dir_never_bare_tmp)
{
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *xdg = getenv("XDG_CACHE_HOME") ? xstrdup(getenv("XDG_CACHE_HOME")) : NULL;
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	char *d = file_user_dir("XDG_CACHE_HOME", ".cache");
	char want[64];
	snprintf(want, sizeof want, "/tmp/kdeck-%u", (unsigned)geteuid());
	T_EQ_STR(d, want);
	free(d);
	setenv("HOME", "/home/u", 1);
	d = file_user_dir("XDG_CACHE_HOME", ".cache");
	T_EQ_STR(d, "/home/u/.cache/kdeck");
	free(d);
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	d = file_user_dir("XDG_CACHE_HOME", ".cache");
	T_EQ_STR(d, "/x/cache/kdeck");
	free(d);
	if (home != NULL)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	if (xdg != NULL)
		setenv("XDG_CACHE_HOME", xdg, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(home);
	free(xdg);
}

T_CASE(log_file_0600_and_symlink_not_followed)
{
	struct kd_err err = { 0 };
	char *p = path_in("kdeck.log");
	T_EQ_INT(log_open(p, "info", &err), 0);
	log_info("hello");
	log_close();
	T_EQ_INT(mode_of(p), 0600);
	char *victim = path_in("victim3"), *link = path_in("kdeck2.log");
	t_write("victim3", "precious\n", 0);
	T_EQ_INT(symlink(victim, link), 0);
	T_EQ_INT(log_open(link, "info", &err), -1);
	T_CONTAINS(err.msg, "cannot open the log file");
	size_t len;
	char *text = file_read(victim, 100, &len);
	T_EQ_STR(text, "precious\n");
	free(text);
	free(p);
	free(victim);
	free(link);
}

/* Checks file_tilde(path) under HOME home (NULL: unset). */
static void
tilde_is(const char *home, const char *path, const char *want)
{
	if (home != NULL)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	char *got = file_tilde(path);
	T_EQ_STR(got, want);
	free(got);
}

T_CASE(file_tilde_under_home)
{
	tilde_is("/home/ann", "/home/ann/.kube/config", "~/.kube/config");
	tilde_is("/home/ann", "/home/ann", "/home/ann");            /* the folder itself */
	tilde_is("/home/ann", "/home/anna/.kube/config", "/home/anna/.kube/config");
	tilde_is("/home/ann", "/etc/kubeconfig", "/etc/kubeconfig");
	tilde_is("/home/ann", "config", "config");
	tilde_is("/", "/etc/kubeconfig", "/etc/kubeconfig");        /* HOME / changes nothing */
	tilde_is("", "/etc/kubeconfig", "/etc/kubeconfig");
	tilde_is(NULL, "/home/ann/.kube/config", "/home/ann/.kube/config");
}

static int
is_dir_0700(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700;
}

T_CASE(file_mkdirs_makes_each_folder)
{
	char a[256], b[512], f[512];
	struct kd_err err = { 0 };
	T_ASSERT(snprintf(a, sizeof a, "%s/state", t_tmpdir()) < (int)sizeof a);
	snprintf(b, sizeof b, "%s/kdeck/recordings", a);
	T_EQ_INT(file_mkdirs(b, &err), 0);
	T_ASSERT(is_dir_0700(a));
	T_ASSERT(is_dir_0700(b));
	T_EQ_INT(file_mkdirs(b, &err), 0);   /* there already */
	T_EQ_INT(file_mkdirs("", &err), 0);

	/* the folders of a file, not the file */
	snprintf(f, sizeof f, "%s/journal/kdeck/audit.jsonl", a);
	T_EQ_INT(file_mkdirs_for(f, &err), 0);
	snprintf(b, sizeof b, "%s/journal/kdeck", a);
	T_ASSERT(is_dir_0700(b));
	T_ASSERT(access(f, F_OK) != 0);
	T_EQ_INT(file_mkdirs_for("audit.jsonl", &err), 0);

	/* a file where a folder should be: the sentence names it, errno says why */
	snprintf(f, sizeof f, "%s/plain", a);
	FILE *fp = fopen(f, "w");
	T_ASSERT(fp != NULL);
	fclose(fp);
	snprintf(b, sizeof b, "%s/plain/kdeck/logs", a);
	T_EQ_INT(file_mkdirs(b, &err), -1);
	T_EQ_INT(errno, ENOTDIR);
	T_EQ_INT(err.code, KD_ERR_IO);
	char want[600];
	snprintf(want, sizeof want, "cannot create %s/plain/kdeck", a);
	T_CONTAINS(err.msg, want);
	snprintf(b, sizeof b, "%s/plain/kdeck/audit.jsonl", a);
	T_EQ_INT(file_mkdirs_for(b, NULL), -1);
	T_EQ_INT(errno, ENOTDIR);
}

int
main(void)
{
	umask(022);
	T_RUN(file_tilde_under_home);
	T_RUN(file_mkdirs_makes_each_folder);
	T_RUN(file_private_dir_creates_0700);
	T_RUN(file_private_dir_refuses_a_symlink);
	T_RUN(file_open_private_0600_and_no_symlink);
	T_RUN(file_write_private_replaces_a_symlink);
	T_RUN(file_write_synced_replaces_and_leaves_no_temp);
	T_RUN(file_user_dir_never_bare_tmp);
	T_RUN(log_file_0600_and_symlink_not_followed);
	return t_done();
}
