#include "t.h"
/* The external editor's text: the editor setting split as kubectl splits it (spaces, or
 * the shell when it quotes), $KUBE_EDITOR before $EDITOR before vi, kubectl's header
 * written and dropped again, the reasons of a refused save at the top, and a '#' line of
 * the object itself (a script in a ConfigMap) kept. */
#include <stdlib.h>
#include <string.h>

#include "ui/extedit.h"

static int
argv_is(char **argv, const char *const *want)
{
	size_t i = 0;
	for (; want[i] != NULL; i++)
		if (argv[i] == NULL || strcmp(argv[i], want[i]) != 0)
			return 0;
	return argv[i] == NULL;
}

T_CASE(extedit_editor_order_is_kubectls)
{
	unsetenv("KUBE_EDITOR");
	unsetenv("EDITOR");
	T_EQ_STR(extedit_editor(), "vi");
	setenv("EDITOR", "nano", 1);
	T_EQ_STR(extedit_editor(), "nano");
	setenv("KUBE_EDITOR", "code --wait", 1);
	T_EQ_STR(extedit_editor(), "code --wait");
	setenv("KUBE_EDITOR", "", 1);   /* empty: as unset */
	T_EQ_STR(extedit_editor(), "nano");
	unsetenv("KUBE_EDITOR");
	unsetenv("EDITOR");
}

T_CASE(extedit_argv_splits_on_spaces_or_goes_through_the_shell)
{
	char **a = extedit_argv("vi", "/tmp/x/front.yaml");
	T_ASSERT(argv_is(a, (const char *const[]){ "vi", "/tmp/x/front.yaml", NULL }));
	extedit_argv_free(&a);
	T_ASSERT(a == NULL);
	a = extedit_argv("code  --wait -n", "/tmp/f");
	T_ASSERT(argv_is(a, (const char *const[]){ "code", "--wait", "-n", "/tmp/f", NULL }));
	extedit_argv_free(&a);
	/* quotes: the shell parses the setting, the file comes as "$1" (a space in it too) */
	a = extedit_argv("emacs -nw --eval '(setq x 1)'", "/tmp/a b/f.yaml");
	T_ASSERT(argv_is(a, (const char *const[]){ "sh", "-c",
	    "emacs -nw --eval '(setq x 1)' \"$1\"", "sh", "/tmp/a b/f.yaml", NULL }));
	extedit_argv_free(&a);
	a = extedit_argv("   ", "/tmp/f");
	T_ASSERT(argv_is(a, (const char *const[]){ "vi", "/tmp/f", NULL }));
	extedit_argv_free(&a);
}

T_CASE(extedit_header_written_and_dropped)
{
	const char *obj = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n";
	size_t n, m;
	char *f = extedit_file_text(NULL, NULL, 0, obj, strlen(obj), &n);
	T_ASSERT(strncmp(f, "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
	    "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
	    "# reopened with the relevant failures.\n#\n", strlen(f) - strlen(obj)) == 0);
	T_EQ_INT(extedit_header_lines(), 4);
	char *back = extedit_strip_header(f, n, &m);
	T_EQ_STR(back, obj);
	T_EQ_INT(m, strlen(obj));
	free(back);
	free(f);
}

T_CASE(extedit_reasons_at_the_top)
{
	const char *obj = "spec:\n  replicas: -1\n";
	const char *reasons[] = { "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
		"two\nlines" };
	size_t n, m;
	char *f = extedit_file_text("deployments.apps \"front\" was not valid:", reasons, 2, obj,
	    strlen(obj), &n);
	T_CONTAINS(f, "#\n# deployments.apps \"front\" was not valid:\n"
	    "# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
	    "# * two\n#   lines\n#\nspec:\n");
	char *back = extedit_strip_header(f, n, &m);
	T_EQ_STR(back, obj);
	free(back);
	free(f);
}

T_CASE(extedit_strip_keeps_the_objects_own_hash_lines)
{
	const char *in = "# header\n  # indented header\napiVersion: v1\ndata:\n  run.sh: |\n"
	    "    #!/bin/sh\n    # a comment of the script\n    echo hi\n";
	size_t m;
	char *back = extedit_strip_header(in, strlen(in), &m);
	T_EQ_STR(back, "apiVersion: v1\ndata:\n  run.sh: |\n    #!/bin/sh\n"
	    "    # a comment of the script\n    echo hi\n");
	free(back);
	/* only comments: empty, and blank */
	back = extedit_strip_header("# a\n# b\n", 8, &m);
	T_EQ_INT(m, 0);
	T_ASSERT(extedit_blank(back, m));
	free(back);
	T_ASSERT(extedit_blank(" \n\t\r\n", 5));
	T_ASSERT(!extedit_blank(" a\n", 3));
}

int
main(void)
{
	T_RUN(extedit_editor_order_is_kubectls);
	T_RUN(extedit_argv_splits_on_spaces_or_goes_through_the_shell);
	T_RUN(extedit_header_written_and_dropped);
	T_RUN(extedit_reasons_at_the_top);
	T_RUN(extedit_strip_keeps_the_objects_own_hash_lines);
	return t_done();
}
