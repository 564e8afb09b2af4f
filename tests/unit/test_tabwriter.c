#include "t.h"
/* tabwriter aligns as Go's text/tabwriter does with kubectl describe's settings: a column
 * is a run of lines having a cell there, as wide as its widest cell plus the padding; a
 * line without a tab ends the runs; the text after a line's last tab is no cell. The wants
 * are what Go's tabwriter writes for the same lines. */
#include <stdlib.h>
#include "util/tabwriter.h"

static char *
align(const char *const *lines, size_t n)
{
	char **out = tabwriter_align(lines, n, 2);
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(out[i]) + 1;
	char *all = calloc(1, len + 1);
	for (size_t i = 0; i < n; i++) {
		strcat(all, out[i]);
		strcat(all, "\n");
		free(out[i]);
	}
	free(out);
	return all;
}

T_CASE(tabwriter_block_is_as_wide_as_its_longest_key)
{
	static const char *const in[] = { "Name:\tweb", "RollingUpdateStrategy:\t25% max unavailable",
		"Pod Template:", "  Labels:\tapp=web", "  Containers:", "   nginx:", "    Image:\tnginx:1.25",
		"  Node-Selectors:\t<none>" };
	char *t = align(in, sizeof in / sizeof in[0]);
	T_EQ_STR(t, "Name:                   web\n"
	    "RollingUpdateStrategy:  25% max unavailable\n"
	    "Pod Template:\n"
	    "  Labels:  app=web\n"
	    "  Containers:\n"
	    "   nginx:\n"
	    "    Image:         nginx:1.25\n"
	    "  Node-Selectors:  <none>\n");
	free(t);
}

/* the conditions' first column goes on into the lines below that have a first cell */
T_CASE(tabwriter_columns_nest_in_their_runs)
{
	static const char *const in[] = { "Conditions:", "  Type\tStatus\tReason", "  Progressing \tTrue\tNewRS",
		"OldReplicaSets:\t<none>", "Events:", "  Type\tReason\tAge", "  Normal\tScalingReplicaSet\t5m" };
	char *t = align(in, sizeof in / sizeof in[0]);
	T_EQ_STR(t, "Conditions:\n"
	    "  Type           Status  Reason\n"
	    "  Progressing    True    NewRS\n"
	    "OldReplicaSets:  <none>\n"
	    "Events:\n"
	    "  Type    Reason             Age\n"
	    "  Normal  ScalingReplicaSet  5m\n");
	free(t);
}

/* empty cells and a trailing tab are padded; widths count characters, not bytes */
T_CASE(tabwriter_empty_cells_and_characters)
{
	static const char *const in[] = { "Labels:\ta=1", "\tb=2", "StorageClass:\t", "Über:\tx" };
	char *t = align(in, sizeof in / sizeof in[0]);
	T_EQ_STR(t, "Labels:        a=1\n"
	    "               b=2\n"
	    "StorageClass:  \n"
	    "Über:          x\n");
	free(t);
}

int
main(void)
{
	T_RUN(tabwriter_block_is_as_wide_as_its_longest_key);
	T_RUN(tabwriter_columns_nest_in_their_runs);
	T_RUN(tabwriter_empty_cells_and_characters);
	return t_done();
}
