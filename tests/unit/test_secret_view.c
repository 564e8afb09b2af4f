#include "t.h"
/* A Secret's values stay hidden in YAML, JSON and describe, also when the object carries no
 * kind (list items from an API server have none); revealing shows them decoded. */
#include <cjson/cJSON.h>
#include "ui/describe.h"
#include "ui/objview.h"
#include "ui/widget/pager.h"

static const char secret_json[] =
    "{\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\"},\"type\":\"Opaque\","
    "\"data\":{\"password\":\"aHVudGVyMg==\"}}";   /* hunter2 */

static char *
render(int what, const char *kind, int reveal)
{
	cJSON *o = cJSON_Parse(secret_json);
	struct pager *p = pager_new("t");
	if (what == 2)
		describe_render(p, o, kind, NULL);
	else
		objview_render(p, o, kind, what == 1 ? OBJVIEW_JSON : OBJVIEW_YAML, reveal);
	char *text = pager_text(p);
	pager_free(&p);
	cJSON_Delete(o);
	return text;
}

T_CASE(secret_hidden_without_own_kind)
{
	for (int what = 0; what < 3; what++) {
		char *t = render(what, "Secret", 0);
		T_ASSERT_MSG(strstr(t, "aHVudGVyMg") == NULL && strstr(t, "hunter2") == NULL, "view %d: %s", what, t);
		T_CONTAINS(t, "password");
		free(t);
	}
}

T_CASE(secret_revealed_decoded)
{
	char *t = render(0, "Secret", 1);
	T_CONTAINS(t, "hunter2");
	free(t);
}

T_CASE(other_kinds_shown)
{
	char *t = render(0, "ConfigMap", 0);
	T_CONTAINS(t, "aHVudGVyMg==");
	free(t);
}

int
main(void)
{
	T_RUN(secret_hidden_without_own_kind);
	T_RUN(secret_revealed_decoded);
	T_RUN(other_kinds_shown);
	return t_done();
}
