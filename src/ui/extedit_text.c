/* The text side of the external editor: the editor's argv, kubectl's header, the
 * header's lines dropped again; see extedit.h. */
#define _GNU_SOURCE
#include "ui/extedit.h"

#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/xmalloc.h"

static const char extedit_header[] =
    "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
    "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
    "# reopened with the relevant failures.\n"
    "#\n";

size_t
extedit_header_lines(void)
{
	size_t n = 0;
	for (const char *p = extedit_header; *p; p++)
		n += *p == '\n';
	return n;
}

const char *
extedit_editor(void)
{
	const char *e = getenv("KUBE_EDITOR");
	if (e == NULL || *e == '\0')
		e = getenv("EDITOR");
	if (e == NULL || *e == '\0')
		e = "vi";
	return e;
}

char **
extedit_argv(const char *editor, const char *path)
{
	char **argv = NULL;
	size_t n = 0;
	if (strpbrk(editor, "\"'\\") != NULL) {
		/* as kubectl: the shell parses it, the file comes as "$1" */
		argv = xcalloc(6, sizeof *argv);
		argv[n++] = xstrdup("sh");
		argv[n++] = xstrdup("-c");
		argv[n++] = xasprintf("%s \"$1\"", editor);
		argv[n++] = xstrdup("sh");
		argv[n++] = xstrdup(path);
		return argv;
	}
	char *copy = xstrdup(editor), *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
		argv = xreallocarray(argv, n + 3, sizeof *argv);
		argv[n++] = xstrdup(w);
	}
	free(copy);
	if (n == 0) {
		argv = xreallocarray(argv, 3, sizeof *argv);
		argv[n++] = xstrdup("vi");
	}
	argv[n++] = xstrdup(path);
	argv[n] = NULL;
	return argv;
}

void
extedit_argv_free(char ***argvp)
{
	if (argvp == NULL || *argvp == NULL)
		return;
	for (char **a = *argvp; *a != NULL; a++)
		free(*a);
	free(*argvp);
	*argvp = NULL;
}

char *
extedit_strip_header(const char *text, size_t len, size_t *outlen)
{
	size_t i = 0;
	/* the leading lines that begin with '#' (kdeck's header, kubectl's): a '#' line
	 * further down is the object's own (a comment YAML ignores, or a line of a script
	 * in a block scalar) */
	while (i < len) {
		size_t j = i;
		while (j < len && (text[j] == ' ' || text[j] == '\t'))
			j++;
		if (j >= len || text[j] != '#')
			break;
		const char *nl = memchr(text + i, '\n', len - i);
		i = nl != NULL ? (size_t)(nl - text) + 1 : len;
	}
	*outlen = len - i;
	char *s = xmalloc(*outlen + 1);
	memcpy(s, text + i, *outlen);
	s[*outlen] = '\0';
	return s;
}

/* lead, then s with each line break made a new comment line */
static void
sbuf_line(struct sbuf *b, const char *lead, const char *s)
{
	sbuf_str(b, lead);
	for (const char *p = s; *p; p++) {
		if (*p == '\n')
			sbuf_str(b, "\n#   ");
		else
			sbuf_add(b, p, 1);
	}
	sbuf_add(b, "\n", 1);
}

char *
extedit_file_text(const char *sentence, const char *const *reasons, size_t nreasons,
    const char *text, size_t len, size_t *outlen)
{
	struct sbuf b = { 0 };
	sbuf_add(&b, extedit_header, strlen(extedit_header));
	if (sentence != NULL || nreasons > 0) {
		if (sentence != NULL)
			sbuf_line(&b, "# ", sentence);
		for (size_t i = 0; i < nreasons; i++)
			sbuf_line(&b, "# * ", reasons[i]);
		sbuf_add(&b, "#\n", 2);
	}
	sbuf_add(&b, text, len);
	*outlen = b.len;
	return b.s != NULL ? b.s : xstrdup("");
}

int
extedit_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}
