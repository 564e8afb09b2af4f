/* The conflict page's list: what changed on the server and in the edit, conflicts first,
 * what the editor hides counted and not listed, each field's state after its pick. */
#include "t.h"

#include <cjson/cJSON.h>

#include "model/merge3.h"
#include "ui/page/page_conflict.h"

static const char base[] = "{\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"41\"},\"spec\":"
    "{\"replicas\":3,\"paused\":false,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"a\"}]}}},"
    "\"status\":{\"replicas\":3}}";
static const char theirs[] = "{\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"43\"},\"spec\":"
    "{\"replicas\":7,\"paused\":false,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"b\"}]}}},"
    "\"status\":{\"replicas\":7}}";
static const char mine[] = "{\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"41\"},\"spec\":"
    "{\"replicas\":5,\"paused\":true,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"a\"}]}}},"
    "\"status\":{\"replicas\":3}}";

T_CASE(page_conflict_rows_conflicts_first)
{
	cJSON *b = cJSON_Parse(base), *t = cJSON_Parse(theirs), *m = cJSON_Parse(mine);
	struct merge3 mg;
	T_ASSERT(merge3_make(b, t, m, &mg) == 0);
	size_t rows[16], hidden;
	T_ASSERT(mg.n <= 16);
	size_t n = page_conflict_rows(&mg, rows, &hidden);
	T_EQ_INT(n, 3);
	T_ASSERT_MSG(hidden >= 2, "hidden %zu", hidden);   /* resourceVersion, status.replicas */
	T_EQ_STR(mg.fields[rows[0]].path, "spec.replicas");
	T_EQ_STR(page_conflict_state(&mg.fields[rows[0]]), "CONFLICT: mine");
	mg.fields[rows[0]].pick = MERGE3_THEIRS;
	T_EQ_STR(page_conflict_state(&mg.fields[rows[0]]), "CONFLICT: theirs");
	/* then the merged ones, in document order */
	T_EQ_STR(mg.fields[rows[1]].path, "spec.paused");
	T_EQ_STR(page_conflict_state(&mg.fields[rows[1]]), "merged: mine");
	T_CONTAINS(mg.fields[rows[2]].path, "image");
	T_EQ_STR(page_conflict_state(&mg.fields[rows[2]]), "merged: theirs");
	merge3_free(&mg);
	cJSON_Delete(b);
	cJSON_Delete(t);
	cJSON_Delete(m);
}

int
main(void)
{
	T_RUN(page_conflict_rows_conflicts_first);
	return t_done();
}
