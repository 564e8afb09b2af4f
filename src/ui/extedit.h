/* The external editor (E): the selected object, loaded as the embedded editor loads it
 * (ops/editobj.h), written to a private file (0600 in a 0700 folder of its own) under
 * kubectl edit's header, and edited in $KUBE_EDITOR, else $EDITOR, else vi, split on
 * spaces as kubectl splits it. The editor has the terminal while the loop goes on (shells
 * and forwards keep streaming); when it exits, the header's comment lines are dropped and
 * the text goes through the save flow (ui/editsave.h); a refused or failed save opens the
 * editor again with the reasons at the top, as kubectl does. A Secret is refused: its
 * values would be written decoded to a file that is not the recovery journal. */
#ifndef KD_EXTEDIT_H
#define KD_EXTEDIT_H

#include <stddef.h>

struct app;
struct cluster;
struct kres;
struct page;

/* Starts editing the object NAME of res in ns on c, shown on pg (whose permissions are
 * asked): refused read-only, when RBAC says no, for a Secret, and while another external
 * edit is open. 0, or -1 (the flash says why). */
int extedit_open(struct app *app, struct page *pg, struct cluster *c, const struct kres *res,
    const char *ns, const char *name);

/* The argv the editor setting runs on path: split on spaces, or through sh -c when it
 * holds quotes or backslashes (as kubectl). NULL-terminated; free with extedit_argv_free. */
char **extedit_argv(const char *editor, const char *path);
void extedit_argv_free(char ***argv);
/* The editor setting: $KUBE_EDITOR, else $EDITOR, else "vi". */
const char *extedit_editor(void);

/* The text the user left in the file, without the leading lines that begin with '#'
 * (kubectl's header and its errors). A new string; *outlen its length. */
char *extedit_strip_header(const char *text, size_t len, size_t *outlen);
/* kubectl's header, then, when reasons are given (nreasons lines), "# SENTENCE" and
 * "# * REASON" lines, then text: a new string, *outlen its length. */
char *extedit_file_text(const char *sentence, const char *const *reasons, size_t nreasons,
    const char *text, size_t len, size_t *outlen);

/* The number of lines of kubectl's header (without reasons). */
size_t extedit_header_lines(void);
/* Whether the n bytes of s are only spaces and line breaks (an emptied file). */
int extedit_blank(const char *s, size_t n);

/* At the end (the loop has stopped, the pages are still there): an edit still open leaves
 * what its file holds in the recovery folder, so :recover offers it. */
void extedit_shutdown(void);

#endif
