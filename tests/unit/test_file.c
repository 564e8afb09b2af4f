#define _POSIX_C_SOURCE 200809L
#include "t.h"

#include <stdlib.h>

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

int
main(void)
{
	T_RUN(file_tilde_under_home);
	return t_done();
}
