#define _POSIX_C_SOURCE 200809L
#include "t.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "util/file.h"

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

/* Checks file_xdg_dir("XDG_STATE_HOME", ".local/state") with these two set (NULL: unset). */
static void
xdg_is(const char *state, const char *home, const char *want)
{
	if (state != NULL)
		setenv("XDG_STATE_HOME", state, 1);
	else
		unsetenv("XDG_STATE_HOME");
	if (home != NULL)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	char *got = file_xdg_dir("XDG_STATE_HOME", ".local/state");
	if (want == NULL)
		T_ASSERT_MSG(got == NULL, "got %s", got);
	else
		T_EQ_STR(got, want);
	free(got);
}

T_CASE(file_xdg_dir_env_then_home)
{
	xdg_is("/var/state", "/home/ann", "/var/state/kdeck");
	xdg_is(NULL, "/home/ann", "/home/ann/.local/state/kdeck");
	xdg_is("", "/home/ann", "/home/ann/.local/state/kdeck");
	xdg_is("state", "/home/ann", "/home/ann/.local/state/kdeck");   /* relative: ignored */
	xdg_is("/var/state", NULL, "/var/state/kdeck");
	xdg_is(NULL, NULL, NULL);
	xdg_is(NULL, "", NULL);
	xdg_is("state", "", NULL);
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
	snprintf(want, sizeof want, "cannot create %s/plain/kdeck: ", a);
	T_CONTAINS(err.msg, want);
	snprintf(b, sizeof b, "%s/plain/kdeck/audit.jsonl", a);
	T_EQ_INT(file_mkdirs_for(b, NULL), -1);
	T_EQ_INT(errno, ENOTDIR);
}

int
main(void)
{
	T_RUN(file_tilde_under_home);
	T_RUN(file_xdg_dir_env_then_home);
	T_RUN(file_mkdirs_makes_each_folder);
	return t_done();
}
