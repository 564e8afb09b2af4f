/* The three-way merge of an edit with a change made on the server meanwhile: fields by
 * path, conflicts and picks, what the editor hides, lists merged by key. */
#include "t.h"

#include <cjson/cJSON.h>

#include "model/merge3.h"
#include "util/xmalloc.h"

static cJSON *t_trees[32];
static int t_ntrees;

/* JSON written with ' for "; freed by t_free_all. */
static cJSON *
J(const char *s)
{
	char *d = xstrdup(s);
	for (char *p = d; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *v = cJSON_Parse(d);
	free(d);
	if (v == NULL) {
		fprintf(stderr, "bad JSON in a test: %s\n", s);
		exit(2);
	}
	if (t_ntrees < 32)
		t_trees[t_ntrees++] = v;
	return v;
}

static void
t_free_all(void)
{
	while (t_ntrees > 0)
		cJSON_Delete(t_trees[--t_ntrees]);
}

static const char *
text(const cJSON *v)
{
	static char *ring[4];
	static int next;
	char **slot = &ring[next++ % 4];
	free(*slot);
	*slot = cJSON_PrintUnformatted(v);
	return *slot;
}

static const struct merge3_field *
field(const struct merge3 *m, const char *path)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->fields[i].path, path) == 0)
			return &m->fields[i];
	return NULL;
}

#define DEPLOY(rv, replicas, image, status) \
	"{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'shop'," \
	"'resourceVersion':'" rv "','generation':1},'spec':{'replicas':" replicas ",'template':" \
	"{'spec':{'containers':[{'name':'side','image':'busybox'},{'name':'web','image':'" image \
	"'}]}}},'status':{'readyReplicas':" status "}}"

/* kubectl changes the image while the user changes replicas: both survive, no question. */
T_CASE(merge3_different_fields)
{
	cJSON *base = J(DEPLOY("10", "2", "nginx:1", "2"));
	cJSON *theirs = J(DEPLOY("11", "2", "nginx:2", "2"));
	cJSON *mine = J(DEPLOY("10", "5", "nginx:1", "2"));
	struct merge3 m;
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	T_EQ_INT(m.conflicts, 0);
	T_EQ_INT(m.hidden_only, 0);
	T_EQ_INT(m.n, 3);
	/* in document order */
	T_EQ_STR(m.fields[0].path, "metadata.resourceVersion");
	T_EQ_INT(m.fields[0].side, MERGE3_THEIRS);
	T_EQ_INT(m.fields[0].hidden, 1);
	T_EQ_STR(m.fields[1].path, "spec.replicas");
	T_EQ_INT(m.fields[1].side, MERGE3_MINE);
	T_EQ_STR(m.fields[1].base, "2");
	T_EQ_STR(m.fields[1].mine, "5");
	T_EQ_INT(m.fields[1].hidden, 0);
	/* a keyed item by its index in MINE */
	T_EQ_STR(m.fields[2].path, "spec.template.spec.containers[1].image");
	T_EQ_INT(m.fields[2].side, MERGE3_THEIRS);
	T_EQ_STR(m.fields[2].theirs, "\"nginx:2\"");
	cJSON *r = merge3_result(&m, base, theirs, mine);
	T_ASSERT(r != NULL);
	T_EQ_STR(text(r), text(J(DEPLOY("11", "5", "nginx:2", "2"))));
	cJSON_Delete(r);
	merge3_free(&m);
	merge3_free(&m);
	t_free_all();
}

/* Both change replicas: one conflict, and the pick decides. */
T_CASE(merge3_conflict_picks)
{
	cJSON *base = J(DEPLOY("10", "2", "nginx:1", "2"));
	cJSON *theirs = J(DEPLOY("11", "3", "nginx:1", "2"));
	cJSON *mine = J(DEPLOY("10", "5", "nginx:1", "2"));
	struct merge3 m;
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	T_EQ_INT(m.conflicts, 1);
	T_EQ_INT(m.hidden_only, 0);
	const struct merge3_field *f = field(&m, "spec.replicas");
	T_ASSERT(f != NULL);
	T_EQ_INT(f->side, MERGE3_BOTH);
	T_EQ_STR(f->base, "2");
	T_EQ_STR(f->theirs, "3");
	T_EQ_STR(f->mine, "5");
	T_EQ_INT(f->pick, MERGE3_MINE);
	cJSON *r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), text(J(DEPLOY("11", "5", "nginx:1", "2"))));
	cJSON_Delete(r);
	m.fields[f - m.fields].pick = MERGE3_THEIRS;
	r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), text(theirs));
	cJSON_Delete(r);
	merge3_free(&m);
	t_free_all();
}

/* The server changed only status and resourceVersion: merged without a question. */
T_CASE(merge3_hidden_only)
{
	cJSON *base = J(DEPLOY("10", "2", "nginx:1", "1"));
	cJSON *theirs = J(DEPLOY("12", "2", "nginx:1", "2"));
	cJSON *mine = J(DEPLOY("10", "4", "nginx:1", "1"));
	struct merge3 m;
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	T_EQ_INT(m.hidden_only, 1);
	T_EQ_INT(m.conflicts, 0);
	const struct merge3_field *f = field(&m, "status.readyReplicas");
	T_ASSERT(f != NULL && f->hidden && f->side == MERGE3_THEIRS);
	cJSON *r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), text(J(DEPLOY("12", "4", "nginx:1", "2"))));
	cJSON_Delete(r);
	merge3_free(&m);
	/* generation and managedFields are hidden too; a label is not */
	base = J("{'metadata':{'generation':1,'managedFields':[{'manager':'a'}],'labels':{'a':'1'}}}");
	theirs = J("{'metadata':{'generation':2,'managedFields':[{'manager':'b'}],'labels':{'a':'1'}}}");
	T_EQ_INT(merge3_make(base, theirs, base, &m), 0);
	T_EQ_INT(m.n, 2);
	T_EQ_INT(m.hidden_only, 1);
	merge3_free(&m);
	theirs = J("{'metadata':{'generation':2,'managedFields':[{'manager':'b'}],'labels':{'a':'2'}}}");
	T_EQ_INT(merge3_make(base, theirs, base, &m), 0);
	T_EQ_INT(m.hidden_only, 0);
	f = field(&m, "metadata.labels.a");
	T_ASSERT(f != NULL && !f->hidden);
	merge3_free(&m);
	t_free_all();
}

#define ENV(list) "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'nginx'," \
	"'env':[" list "]}]}}}}"

/* Each side adds an env item with its own name: both kept, MINE's where MINE put it. */
T_CASE(merge3_env_added_both)
{
	cJSON *base = J(ENV("{'name':'A','value':'1'}"));
	cJSON *theirs = J(ENV("{'name':'A','value':'1'},{'name':'T','value':'t'}"));
	cJSON *mine = J(ENV("{'name':'M','value':'m'},{'name':'A','value':'1'}"));
	struct merge3 m;
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	T_EQ_INT(m.conflicts, 0);
	T_EQ_INT(m.n, 2);
	T_EQ_STR(m.fields[0].path, "spec.template.spec.containers[0].env[0]");
	T_EQ_INT(m.fields[0].side, MERGE3_MINE);
	T_EQ_STR(m.fields[0].mine, "{\"name\":\"M\",\"value\":\"m\"}");
	T_ASSERT(m.fields[0].base == NULL && m.fields[0].theirs == NULL);
	/* not in MINE: by its index in THEIRS */
	T_EQ_STR(m.fields[1].path, "spec.template.spec.containers[0].env[1]");
	T_EQ_INT(m.fields[1].side, MERGE3_THEIRS);
	cJSON *r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), text(J(ENV("{'name':'M','value':'m'},{'name':'A','value':'1'},"
	    "{'name':'T','value':'t'}"))));
	cJSON_Delete(r);
	merge3_free(&m);
	/* the same name added by both with different values is a conflict on the item */
	mine = J(ENV("{'name':'A','value':'1'},{'name':'T','value':'x'}"));
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	T_EQ_INT(m.conflicts, 1);
	T_EQ_STR(m.fields[0].path, "spec.template.spec.containers[0].env[1]");
	T_EQ_INT(m.fields[0].side, MERGE3_BOTH);
	merge3_free(&m);
	/* ... and with the same value, changed the same way */
	T_EQ_INT(merge3_make(base, theirs, theirs, &m), 0);
	T_EQ_INT(m.conflicts, 0);
	T_EQ_INT(m.fields[0].side, MERGE3_SAME);
	merge3_free(&m);
	t_free_all();
}

/* Removed on one side, changed inside on the other: a conflict on the item, never dropped. */
T_CASE(merge3_removed_and_changed)
{
	cJSON *base = J(ENV("{'name':'A','value':'1'},{'name':'B','value':'2'}"));
	cJSON *theirs = J(ENV("{'name':'A','value':'1'}"));
	cJSON *mine = J(ENV("{'name':'A','value':'9'},{'name':'B','value':'3'}"));
	struct merge3 m;
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	T_EQ_INT(m.n, 2);
	T_EQ_STR(m.fields[0].path, "spec.template.spec.containers[0].env[0].value");
	T_EQ_INT(m.fields[0].side, MERGE3_MINE);
	T_EQ_STR(m.fields[1].path, "spec.template.spec.containers[0].env[1]");
	T_EQ_INT(m.fields[1].side, MERGE3_BOTH);
	T_ASSERT(m.fields[1].theirs == NULL);
	cJSON *r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), text(mine));
	cJSON_Delete(r);
	m.fields[1].pick = MERGE3_THEIRS;
	r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), text(J(ENV("{'name':'A','value':'9'}"))));
	cJSON_Delete(r);
	merge3_free(&m);
	/* the user removes an item the server left alone: removed */
	mine = J(ENV("{'name':'B','value':'2'}"));
	theirs = J(ENV("{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'C','value':'3'}"));
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), text(J(ENV("{'name':'B','value':'2'},{'name':'C','value':'3'}"))));
	cJSON_Delete(r);
	merge3_free(&m);
	t_free_all();
}

/* Map keys that are not plain names are written in brackets; lists without a merge key
 * are one field; a key removed by the user is removed. */
T_CASE(merge3_paths_and_lists)
{
	cJSON *base = J("{'metadata':{'labels':{'app.kubernetes.io/name':'a','x':'1'}},"
	    "'spec':{'args':['a','b'],'data':{}}}");
	cJSON *theirs = J("{'metadata':{'labels':{'app.kubernetes.io/name':'b','x':'1'}},"
	    "'spec':{'args':['a','b'],'data':{}}}");
	cJSON *mine = J("{'metadata':{'labels':{'app.kubernetes.io/name':'a'}},"
	    "'spec':{'args':['a','c'],'data':{'k':'v'}}}");
	struct merge3 m;
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	T_EQ_INT(m.n, 4);
	T_EQ_STR(m.fields[0].path, "metadata.labels[app.kubernetes.io/name]");
	T_EQ_INT(m.fields[0].side, MERGE3_THEIRS);
	/* THEIRS' keys MINE lacks come after MINE's, in the same map */
	T_EQ_STR(m.fields[1].path, "metadata.labels.x");
	T_ASSERT(m.fields[1].mine == NULL);
	T_EQ_INT(m.fields[1].side, MERGE3_MINE);
	T_EQ_STR(m.fields[2].path, "spec.args");
	T_EQ_INT(m.fields[2].side, MERGE3_MINE);
	T_EQ_STR(m.fields[3].path, "spec.data.k");
	cJSON *r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), "{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"b\"}},"
	    "\"spec\":{\"args\":[\"a\",\"c\"],\"data\":{\"k\":\"v\"}}}");
	cJSON_Delete(r);
	merge3_free(&m);
	/* a map the user removed whole is not left behind empty; one the server keeps
	 * something new in stays */
	base = J("{'metadata':{'name':'a','annotations':{'x':'1','y':'2'}}}");
	mine = J("{'metadata':{'name':'a'}}");
	T_EQ_INT(merge3_make(base, base, mine, &m), 0);
	r = merge3_result(&m, base, base, mine);
	T_EQ_STR(text(r), "{\"metadata\":{\"name\":\"a\"}}");
	cJSON_Delete(r);
	merge3_free(&m);
	theirs = J("{'metadata':{'name':'a','annotations':{'x':'1','y':'2','z':'3'}}}");
	T_EQ_INT(merge3_make(base, theirs, mine, &m), 0);
	r = merge3_result(&m, base, theirs, mine);
	T_EQ_STR(text(r), "{\"metadata\":{\"name\":\"a\",\"annotations\":{\"z\":\"3\"}}}");
	cJSON_Delete(r);
	merge3_free(&m);
	/* nothing changed anywhere */
	T_EQ_INT(merge3_make(base, base, base, &m), 0);
	T_EQ_INT(m.n, 0);
	T_EQ_INT(m.hidden_only, 1);
	r = merge3_result(&m, base, base, base);
	T_ASSERT(cJSON_Compare(r, base, 1));
	cJSON_Delete(r);
	merge3_free(&m);
	t_free_all();
}

/* The result holds what it takes unchanged from THEIRS by reference, and owns only the
 * maps and lists on the paths it changes: a large list both hold is held once, and THEIRS
 * is left as it was. */
T_CASE(merge3_result_shares_what_is_unchanged)
{
	cJSON *base = J("{'metadata':{'labels':{'a':'1'}},'spec':{'list':[{'name':'x','v':'1'},{'name':'y','v':'2'}],"
	    "'text':'a long value'}}");
	cJSON *theirs = J("{'metadata':{'labels':{'a':'1','t':'2'}},'spec':{'list':[{'name':'x','v':'1'},"
	    "{'name':'y','v':'2'}],'text':'a long value'}}");
	cJSON *mine = J("{'metadata':{'labels':{'a':'9'}},'spec':{'list':[{'name':'x','v':'1'},{'name':'y','v':'2'}],"
	    "'text':'a long value'}}");
	char *was = cJSON_PrintUnformatted(theirs);
	struct merge3 m;
	T_ASSERT(merge3_make(base, theirs, mine, &m) == 0);
	cJSON *r = merge3_result(&m, base, theirs, mine);
	T_ASSERT(r != NULL);
	T_EQ_STR(text(r), text(J("{'metadata':{'labels':{'a':'9','t':'2'}},'spec':{'list':[{'name':'x','v':'1'},"
	    "{'name':'y','v':'2'}],'text':'a long value'}}")));
	const cJSON *rs = cJSON_GetObjectItem(r, "spec"), *ts = cJSON_GetObjectItem(theirs, "spec");
	T_ASSERT(rs->child == ts->child);   /* spec untouched: THEIRS' own members */
	const cJSON *rl = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "metadata"), "labels");
	const cJSON *tl = cJSON_GetObjectItem(cJSON_GetObjectItem(theirs, "metadata"), "labels");
	T_ASSERT(rl->child != tl->child);   /* labels changed: the result's own */
	T_EQ_STR(text(theirs), was);
	/* a copy of its own outlives THEIRS */
	cJSON *own = cJSON_Duplicate(r, 1);
	cJSON_Delete(r);
	t_free_all();
	char *s = cJSON_PrintUnformatted(own);
	T_CONTAINS(s, "\"a\":\"9\"");
	free(s);
	free(was);
	cJSON_Delete(own);
	merge3_free(&m);
}

/* A long value changed on both sides: the field shows its start and its size (the page's
 * column shows no more), and the merged object still holds the whole value picked. */
T_CASE(merge3_long_values_cut_for_the_page)
{
	char *big = xmalloc(100001);
	memset(big, 'x', 100000);
	big[100000] = '\0';
	cJSON *base = cJSON_CreateObject(), *theirs = cJSON_CreateObject(), *mine = cJSON_CreateObject();
	cJSON_AddStringToObject(cJSON_AddObjectToObject(base, "data"), "f", "short");
	big[0] = 't';
	cJSON_AddStringToObject(cJSON_AddObjectToObject(theirs, "data"), "f", big);
	big[0] = 'm';
	cJSON_AddStringToObject(cJSON_AddObjectToObject(mine, "data"), "f", big);
	struct merge3 m;
	T_ASSERT(merge3_make(base, theirs, mine, &m) == 0);
	T_EQ_INT(m.n, 1);
	T_EQ_INT(m.fields[0].side, MERGE3_BOTH);
	T_EQ_STR(m.fields[0].base, "\"short\"");
	T_ASSERT(strlen(m.fields[0].mine) < 4200);
	T_ASSERT(strncmp(m.fields[0].mine, "\"mxxx", 5) == 0);
	T_CONTAINS(m.fields[0].mine, "... (100000 bytes)");
	T_CONTAINS(m.fields[0].theirs, "... (100000 bytes)");
	cJSON *r = merge3_result(&m, base, theirs, mine);
	const char *f = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "data"), "f"));
	T_ASSERT(f != NULL && strlen(f) == 100000 && f[0] == 'm');
	cJSON_Delete(r);
	merge3_free(&m);
	cJSON_Delete(base);
	cJSON_Delete(theirs);
	cJSON_Delete(mine);
	free(big);
}

int
main(void)
{
	T_RUN(merge3_different_fields);
	T_RUN(merge3_conflict_picks);
	T_RUN(merge3_hidden_only);
	T_RUN(merge3_env_added_both);
	T_RUN(merge3_removed_and_changed);
	T_RUN(merge3_paths_and_lists);
	T_RUN(merge3_result_shares_what_is_unchanged);
	T_RUN(merge3_long_values_cut_for_the_page);
	t_free_all();
	return t_done();
}
