/* The command table: every command and alias is in kdeck(1)'s COMMANDS, names are
 * unique, lookups by name and alias, the one fallback, keys bound to commands; the one
 * row a command acts on (cmd_one_target) and the sentences that refuse it; a change asked
 * while its cluster connects, waiting for it. */
#define _GNU_SOURCE
#include "t.h"

#include "app_priv.h"
#include "cmd.h"
#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "ui/perm.h"
#include "fakeapi.h"

static char *
test_cmd_man_commands(void)
{
	const char *top = getenv("KDECK_TOP");
	char path[512];
	snprintf(path, sizeof path, "%s/man/kdeck.1", top ? top : ".");
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	static char text[65536];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	char *start = strstr(text, "\n.SH COMMANDS");
	if (start == NULL)
		return NULL;
	char *end = strstr(start + 1, "\n.SH ");
	if (end != NULL)
		*end = '\0';
	/* words: font escapes and punctuation between words become spaces */
	char *out = malloc(strlen(start) + 3), *o = out;
	*o++ = ' ';
	for (char *p = start; *p; p++) {
		if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p += 2;
			*o++ = ' ';
		} else if (p[0] == '\\' && p[1] == '-') {
			p++;
			*o++ = '-';
		} else if (strchr(" \t\n,[]()|.;", *p) != NULL && !(*p == '.' && o[-1] != ' ' && p[1] != ' ' && p[1] != '\n'))
			*o++ = ' ';
		else
			*o++ = *p;
	}
	*o++ = ' ';
	*o = '\0';
	return out;
}

static int
test_cmd_has_word(const char *text, const char *w)
{
	char needle[128];
	snprintf(needle, sizeof needle, " %s ", w);
	return strstr(text, needle) != NULL;
}

T_CASE(cmd_every_command_in_man)
{
	char *man = test_cmd_man_commands();
	if (man == NULL)
		T_SKIP("no man/kdeck.1 (KDECK_TOP unset)");
	/* the check can fail: a word that is not there is not found */
	T_ASSERT(!test_cmd_has_word(man, "no-such-command"));
	T_ASSERT(test_cmd_has_word(man, "port-forward"));
	for (int i = 0; cmd_table[i] != NULL; i++) {
		const struct cmd_entry *e = cmd_table[i];
		if (e->flags & CMD_FALLBACK)
			continue;
		T_ASSERT_MSG(test_cmd_has_word(man, e->name), ":%s is not in kdeck(1)'s COMMANDS", e->name);
		for (int k = 0; e->alias && e->alias[k]; k++)
			T_ASSERT_MSG(test_cmd_has_word(man, e->alias[k]), ":%s (%s) is not in kdeck(1)'s COMMANDS",
			    e->alias[k], e->name);
	}
	free(man);
}

T_CASE(cmd_names_unique)
{
	const char *seen[128];
	int n = 0, fallbacks = 0;
	for (int i = 0; cmd_table[i] != NULL; i++) {
		const struct cmd_entry *e = cmd_table[i];
		T_ASSERT_MSG(e->usage && e->help && e->exec, "%s lacks usage, help or exec", e->name);
		if (e->flags & CMD_FALLBACK) {
			fallbacks++;
			continue;
		}
		const char *names[16] = { e->name };
		int nn = 1;
		for (int k = 0; e->alias && e->alias[k] && nn < 16; k++)
			names[nn++] = e->alias[k];
		for (int k = 0; k < nn; k++) {
			for (int j = 0; j < n; j++)
				T_ASSERT_MSG(strcmp(seen[j], names[k]) != 0, "%s twice", names[k]);
			T_ASSERT(cmd_find(names[k]) == e);
			if (n < 128)
				seen[n++] = names[k];
		}
	}
	T_EQ_INT(fallbacks, 1);
	T_ASSERT(cmd_find("pods") == NULL);
	T_ASSERT(cmd_find("RESOURCE") == NULL);
}

T_CASE(cmd_lookup)
{
	T_EQ_STR(cmd_find("wl")->name, "workloads");
	T_EQ_STR(cmd_find("q")->name, "quit");
	T_EQ_STR(cmd_find("q!")->name, "quit");
	T_EQ_STR(cmd_find("?")->name, "help");
	T_EQ_STR(cmd_find("context")->name, "ctx");
	T_EQ_STR(cmd_find("pf")->name, "port-forward");
	T_ASSERT(cmd_find("work") == NULL);
	/* the keys that run commands */
	T_EQ_INT(cmd_find("clusters")->action, ACT_CLUSTERS);
	T_EQ_INT(cmd_find("pulse")->action, ACT_PULSE);
	T_ASSERT(cmd_find("pulse")->flags & CMD_NEEDS_CLUSTER);
	T_ASSERT(cmd_find("clusters")->flags & CMD_CLEARS_STACK);
}

static const char *const test_cmd_core = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
    "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"list\"],"
    "\"shortNames\":[\"po\"]},"
    "{\"name\":\"podtemplates\",\"namespaced\":true,\"kind\":\"PodTemplate\",\"verbs\":[\"list\"]},"
    "{\"name\":\"services\",\"namespaced\":true,\"kind\":\"Service\",\"verbs\":[\"list\"],"
    "\"shortNames\":[\"svc\"]}]}";

static int
test_cmd_index(char **cands, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cands[i], s) == 0)
			return (int)i;
	return -1;
}

static void
test_cmd_free_cands(char **cands, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cands[i]);
}

T_CASE(cmd_complete_exact_first)
{
	struct kconn conn = { .server = "http://127.0.0.1:1", .namespace = "default" };
	struct kd_err err = { 0 };
	struct loop *l = loop_new();
	struct http *h = http_new(l, &conn, &err);
	T_ASSERT(h != NULL);
	struct discovery *d = discovery_new(h, t_tmpdir(), 600);
	T_EQ_INT(discovery_add_json(d, test_cmd_core, strlen(test_cmd_core), "v1", 0, &err), 0);
	char *cands[64];
	size_t n = cmd_complete_name(d, "po", cands, 64);
	/* "po" names the pods: they come first, before the commands that start with po */
	T_ASSERT(n >= 3);
	T_EQ_STR(cands[0], "pods");
	T_ASSERT(test_cmd_index(cands, n, "port-forward") > 0);
	T_ASSERT(test_cmd_index(cands, n, "podtemplates") > 0);
	T_ASSERT(test_cmd_index(cands, n, "svc") < 0);
	test_cmd_free_cands(cands, n);
	/* a word that names nothing exactly: the table's order, commands first */
	n = cmd_complete_name(d, "p", cands, 64);
	T_ASSERT(n >= 3);
	T_ASSERT(test_cmd_index(cands, n, "port-forward") < test_cmd_index(cands, n, "pods"));
	test_cmd_free_cands(cands, n);
	/* a command's exact name first too; without discovery, commands only */
	n = cmd_complete_name(NULL, "ctx", cands, 64);
	T_ASSERT(n >= 1);
	T_EQ_STR(cands[0], "ctx");
	test_cmd_free_cands(cands, n);
	n = cmd_complete_name(NULL, "po", cands, 64);
	T_ASSERT(test_cmd_index(cands, n, "pods") < 0);
	T_ASSERT(test_cmd_index(cands, n, "port-forward") == 0);
	test_cmd_free_cands(cands, n);
	discovery_free(&d);
	http_free(&h);
	loop_free(&l);
}

T_CASE(cmd_complete_files)
{
	char dir[700], word[800], *cands[16];
	t_write("apply/shop.yaml", "", 0);
	t_write("apply/shop-b.json", "", 0);
	t_write("apply/sub/x.yaml", "", 0);
	t_write("apply/.hidden", "", 0);
	snprintf(dir, sizeof dir, "%s/apply", t_tmpdir());
	snprintf(word, sizeof word, "%s/sh", dir);
	size_t n = cmd_complete_file(word, cands, 16);
	T_EQ_INT(n, 2);
	snprintf(word, sizeof word, "%s/shop-b.json", dir);
	T_EQ_STR(cands[0], word);
	snprintf(word, sizeof word, "%s/shop.yaml", dir);
	T_EQ_STR(cands[1], word);
	test_cmd_free_cands(cands, n);
	/* a folder ends in "/"; hidden files only when asked for */
	snprintf(word, sizeof word, "%s/", dir);
	n = cmd_complete_file(word, cands, 16);
	T_EQ_INT(n, 3);
	snprintf(word, sizeof word, "%s/sub/", dir);
	T_EQ_STR(cands[2], word);
	test_cmd_free_cands(cands, n);
	snprintf(word, sizeof word, "%s/.h", dir);
	T_EQ_INT(cmd_complete_file(word, cands, 16), 1);
	test_cmd_free_cands(cands, 1);
	/* "~/" is HOME's, and stays "~/" in the word */
	setenv("HOME", dir, 1);
	n = cmd_complete_file("~/su", cands, 16);
	T_EQ_INT(n, 1);
	T_EQ_STR(cands[0], "~/sub/");
	test_cmd_free_cands(cands, n);
	T_EQ_INT(cmd_complete_file("/nonexistent/x", cands, 16), 0);
	const struct cmd_entry *e = cmd_find("apply");
	T_ASSERT(e != NULL && e->args == CMD_ARG_FILE && (e->flags & CMD_MUTATES));
}

/* A list page whose targets are test_cmd_rows rows (marked ones when more than one). */
static size_t test_cmd_rows;

static size_t
test_cmd_targets(struct page *pg, struct page_target **out)
{
	size_t n = 0;
	(void)pg;
	*out = NULL;
	for (size_t i = 0; i < test_cmd_rows; i++)
		page_targets_add(out, &n, NULL, NULL, "shop", i == 0 ? "web" : "api");
	return n;
}

static const struct page_ops test_cmd_list_ops = { .kind = "list", .targets = test_cmd_targets };
static const struct page_ops test_cmd_text_ops = { .kind = "text" };

/* line run on pg: refused, with the flash saying want */
#define T_REFUSED(app, line, want) do { \
	(app)->flash[0] = '\0'; \
	T_EQ_INT(cmd_run((app), (line)), -1); \
	T_EQ_STR((app)->flash, (want)); \
} while (0)

T_CASE(cmd_one_target_refusals)
{
	struct app app = { 0 };
	struct page list = { .ops = &test_cmd_list_ops, .app = &app };
	struct page text = { .ops = &test_cmd_text_ops, .app = &app };
	app.stack[0] = &list;
	app.depth = 1;

	/* words after a command that takes none; a command's own words are its own */
	T_REFUSED(&app, "history web", "usage: :history (on the selected workload)");
	T_REFUSED(&app, "drain node-1", "usage: :drain (on the selected node)");
	T_REFUSED(&app, "exec", "usage: :exec CMD (runs CMD in the selected pod, e.g. :exec top)");
	/* no row */
	test_cmd_rows = 0;
	T_REFUSED(&app, "history", "history takes the selected workload: select a row");
	T_REFUSED(&app, "size", "size takes the selected workload: select a row");
	T_REFUSED(&app, "rollback 2", "rollback takes the selected workload: select a row");
	T_REFUSED(&app, "drain", "drain takes the selected node: select a row");
	T_REFUSED(&app, "edit", "edit takes the selected object: select a row");
	/* several marked */
	test_cmd_rows = 2;
	T_REFUSED(&app, "history", "history takes one workload at a time: 2 are marked");
	T_REFUSED(&app, "size", "size takes one workload at a time: 2 are marked");
	T_REFUSED(&app, "rollback", "rollback takes one workload at a time: 2 are marked");
	T_REFUSED(&app, "drain", "drain takes one node at a time: 2 are marked");
	T_REFUSED(&app, "exec top", "exec takes one pod or workload at a time: 2 are marked");
	/* a screen without rows */
	app.stack[0] = &text;
	T_REFUSED(&app, "history", "history is not available on this screen: it takes the selected workload");
	T_REFUSED(&app, "size", "size is not available on this screen: it takes the selected workload");
	T_REFUSED(&app, "drain", "drain is not available on this screen: it takes the selected node");
	T_REFUSED(&app, "exec top", "exec is not available on this screen: it takes the selected pod or workload");
	/* the page's context read-only: what would change is refused, what reads is not */
	struct cluster ro = { .readonly = 1 };
	list.cluster = &ro;
	app.stack[0] = &list;
	T_REFUSED(&app, "size", "size is disabled: read-only (this context)");
	T_REFUSED(&app, "history", "history takes one workload at a time: 2 are marked");
	list.cluster = NULL;

	/* one row: it, the caller's */
	test_cmd_rows = 1;
	char *argv[] = { "canary", NULL };
	struct cmd_args a = { .app = &app, .entry = cmd_find("canary"), .argc = 1, .argv = argv, .line = "canary" };
	struct page_target *t = NULL;
	app.flash[0] = '\0';
	T_EQ_INT(cmd_one_target(&a, "deployment", &t), 0);
	T_ASSERT(t != NULL);
	T_EQ_STR(t[0].name, "web");
	T_EQ_STR(t[0].ns, "shop");
	T_EQ_STR(app.flash, "");
	page_targets_free(&t, 1);
	T_ASSERT(t == NULL);
	test_cmd_rows = 0;
	T_EQ_INT(cmd_one_target(&a, "deployment", &t), -1);
	T_ASSERT(t == NULL);
	T_EQ_STR(app.flash, "canary takes the selected deployment: select a row");
}

/* A list of deployments in shop on prod: test_cmd_listed names its selected rows. */
static struct cluster test_cmd_prod = { .context = "prod", .state = CLUSTER_CONNECTING };
static struct kres test_cmd_deploy = { .group = "apps", .resource = "deployments", .kind = "Deployment" };
static const char *test_cmd_listed[3];

static size_t
test_cmd_prod_targets(struct page *pg, struct page_target **out)
{
	size_t n = 0;
	(void)pg;
	*out = NULL;
	for (size_t i = 0; test_cmd_listed[i] != NULL; i++)
		page_targets_add(out, &n, &test_cmd_prod, &test_cmd_deploy, "shop", test_cmd_listed[i]);
	return n;
}

static const struct page_ops test_cmd_prod_ops = { .kind = "list", .targets = test_cmd_prod_targets };

/* A change asked while the cluster of its rows connects waits for it; once connected it
 * is asked on the rows it was asked on or not at all; Esc drops it; a failed connection
 * drops it with the connection's sentence. */
T_CASE(cmd_change_waits_for_its_cluster)
{
	struct app app = { 0 };
	struct page list = { .ops = &test_cmd_prod_ops, .app = &app, .cluster = &test_cmd_prod };
	app.stack[0] = &list;
	app.depth = 1;

	/* its row gone once connected: nothing asked, the flash says which */
	test_cmd_listed[0] = "web";
	T_EQ_INT(cmd_run(&app, "restart"), 0);
	T_EQ_STR(app.flash, "restart waits for prod to connect ... (Esc cancels)");
	test_cmd_listed[0] = "api";
	test_cmd_prod.state = CLUSTER_READY;
	cmd_cluster_changed(&app, &test_cmd_prod);
	T_EQ_STR(app.flash, "restart is dropped: deployments shop/web is no longer listed on prod");
	/* the editor waits the same way, and opens on no other row */
	test_cmd_prod.state = CLUSTER_CONNECTING;
	test_cmd_listed[0] = "web";
	T_EQ_INT(cmd_change_key(&app, &list, ACT_EDIT), 1);
	T_EQ_STR(app.flash, "edit waits for prod to connect ... (Esc cancels)");
	test_cmd_listed[0] = "api";
	test_cmd_prod.state = CLUSTER_READY;
	cmd_cluster_changed(&app, &test_cmd_prod);
	T_EQ_STR(app.flash, "edit is dropped: deployments shop/web is no longer listed on prod");
	T_EQ_INT(cmd_cancel_change(&app, 0), 0);
	/* and so does the external one, Esc dropping it */
	test_cmd_prod.state = CLUSTER_CONNECTING;
	T_EQ_INT(cmd_change_key(&app, &list, ACT_EDIT_EXTERNAL), 1);
	T_EQ_STR(app.flash, "edit-external waits for prod to connect ... (Esc cancels)");
	T_EQ_INT(cmd_cancel_change(&app, 0), 1);
	T_EQ_STR(app.flash, "edit-external is cancelled: it waited for prod");
	test_cmd_prod.state = CLUSTER_READY;

	/* a row marked meanwhile: not the rows it was asked on */
	test_cmd_prod.state = CLUSTER_CONNECTING;
	test_cmd_listed[0] = "web";
	T_EQ_INT(cmd_run(&app, "delete"), 0);
	test_cmd_listed[1] = "api";
	test_cmd_prod.state = CLUSTER_READY;
	cmd_cluster_changed(&app, &test_cmd_prod);
	T_EQ_STR(app.flash, "delete is dropped: the marked rows changed while it waited");
	test_cmd_listed[1] = NULL;

	/* Esc: cancelled, and nothing runs once connected */
	test_cmd_prod.state = CLUSTER_CONNECTING;
	T_EQ_INT(cmd_run(&app, "scale"), 0);
	T_EQ_STR(app.flash, "scale waits for prod to connect ... (Esc cancels)");
	T_EQ_INT(cmd_cancel_change(&app, 0), 1);
	T_EQ_STR(app.flash, "scale is cancelled: it waited for prod");
	T_EQ_INT(cmd_cancel_change(&app, 0), 0);
	app.flash[0] = '\0';
	test_cmd_prod.state = CLUSTER_READY;
	cmd_cluster_changed(&app, &test_cmd_prod);
	T_EQ_STR(app.flash, "");   /* nothing asked once connected */

	/* another screen cancels it, and so does a first page asked for while connecting */
	test_cmd_prod.state = CLUSTER_CONNECTING;
	T_EQ_INT(cmd_run(&app, "scale"), 0);
	T_EQ_INT(cmd_cancel_change(&app, 1), 1);
	struct cluster *was = app.cur;
	app.cur = &test_cmd_prod;
	T_EQ_INT(cmd_run(&app, "scale"), 0);
	T_EQ_INT(cmd_run(&app, "pods"), 0);
	T_EQ_STR(app.flash, "scale is cancelled; connecting to prod ...");
	T_EQ_INT(cmd_cancel_change(&app, 0), 0);
	cmd_shutdown();
	app.cur = was;

	/* the connection fails: dropped with its sentence */
	T_EQ_INT(cmd_run(&app, "size"), 0);
	T_EQ_STR(app.flash, "size waits for prod to connect ... (Esc cancels)");
	test_cmd_prod.state = CLUSTER_FAILED;
	snprintf(test_cmd_prod.err.msg, sizeof test_cmd_prod.err.msg, "connection refused");
	cmd_cluster_changed(&app, &test_cmd_prod);
	T_EQ_STR(app.flash, "prod: connection refused");
	T_EQ_INT(cmd_cancel_change(&app, 0), 0);
	/* a key on a read-only context is refused now, not after the wait */
	test_cmd_prod.state = CLUSTER_CONNECTING;
	test_cmd_prod.readonly = 1;
	T_EQ_INT(cmd_change_key(&app, &list, ACT_SCALE), 0);
	test_cmd_prod.readonly = 0;
	T_EQ_INT(cmd_change_key(&app, &list, ACT_SCALE), 1);
	T_EQ_STR(app.flash, "scale waits for prod to connect ... (Esc cancels)");
	T_EQ_INT(cmd_cancel_change(&app, 0), 1);
	cmd_shutdown();
}

/* A list of prod's deployments whose status is test_cmd_state ("listing ..." until its
 * first rows). */
static const char *test_cmd_state = "";

static void
test_cmd_prod_status(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "%s", test_cmd_state);
}

static size_t test_cmd_copies;

static size_t
test_cmd_counted_targets(struct page *pg, struct page_target **out)
{
	test_cmd_copies++;
	return test_cmd_prod_targets(pg, out);
}

static const struct page_ops test_cmd_listing_ops = { .kind = "list", .targets = test_cmd_counted_targets,
	.status = test_cmd_prod_status };

/* A change waiting for the first rows is looked at again only after news (rows, an access
 * answer, another page) or when its page's status changed, not with every frame. */
T_CASE(cmd_wake_looks_only_after_news)
{
	struct app app = { 0 };
	struct page list = { .ops = &test_cmd_listing_ops, .app = &app, .cluster = &test_cmd_prod };
	app.stack[0] = &list;
	app.depth = 1;
	test_cmd_prod.state = CLUSTER_READY;
	test_cmd_listed[0] = NULL;
	test_cmd_state = "listing deployments ...";
	T_EQ_INT(cmd_run(&app, "size"), 0);
	T_EQ_STR(app.flash, "size waits for the first rows ... (Esc cancels)");
	cmd_wake(&app);   /* the first look */
	unsigned long looks = cmd_wake_looks();
	size_t copies = test_cmd_copies;
	for (int i = 0; i < 100; i++)
		cmd_wake(&app);   /* frames: the ages, a key, the tick */
	T_EQ_INT(cmd_wake_looks(), looks);
	T_EQ_INT(test_cmd_copies, copies);
	/* rows came (none yet for this list): looked at once, still waiting */
	cmd_news();
	cmd_wake(&app);
	cmd_wake(&app);
	T_EQ_INT(cmd_wake_looks(), looks + 1);
	T_EQ_STR(app.flash, "size waits for the first rows ... (Esc cancels)");
	/* the list listed, found empty: its status says so, and the change is asked (on no row) */
	test_cmd_state = "";
	cmd_wake(&app);
	T_EQ_INT(cmd_wake_looks(), looks + 2);
	T_EQ_STR(app.flash, "size takes the selected workload: select a row");
	T_EQ_INT(cmd_cancel_change(&app, 0), 0);
	cmd_shutdown();
}

/* A change waiting for its permission is looked at again when the answer comes, whoever
 * asked the question first (an operation's own check asks it without a callback). */
T_CASE(cmd_permission_answer_is_news)
{
	struct loop *lp;
	struct http *hp;
	struct api *ap;
	fake_connect(&lp, &hp, &ap);
	struct access *ac = access_new(ap);
	test_cmd_prod.access = ac;
	test_cmd_prod.state = CLUSTER_READY;
	struct app app = { 0 };
	struct page list = { .ops = &test_cmd_prod_ops, .app = &app, .cluster = &test_cmd_prod,
		.res_group = "apps", .res_name = "deployments", .res_ns = "shop" };
	app.stack[0] = &list;
	app.depth = 1;
	test_cmd_listed[0] = "web";
	test_cmd_listed[1] = NULL;
	struct perm_need need = perm_need(ACT_SCALE);
	struct api_access q = { need.verb, "apps", "deployments", need.subresource, "shop", NULL };
	fake_answer("201 Created", "{\"status\":{\"allowed\":false,\"reason\":\"no RBAC rule\"}}");
	access_ask(ac, &q, NULL, NULL);   /* asked first by someone who is told nothing */
	T_EQ_INT(cmd_run(&app, "scale"), 0);
	T_CONTAINS(app.flash, "scale waits");
	cmd_wake(&app);
	unsigned long looks = cmd_wake_looks();
	for (int i = 0; i < 200 && access_answer(ac, &q, NULL, 0) == ACCESS_PENDING; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(access_answer(ac, &q, NULL, 0), ACCESS_NO);
	cmd_wake(&app);
	T_EQ_INT(cmd_wake_looks(), looks + 1);
	T_LACKS(app.flash, "waits");
	cmd_cancel_change(&app, 0);
	cmd_shutdown();
	test_cmd_prod.access = NULL;
	test_cmd_prod.state = CLUSTER_CONNECTING;
	access_free(&ac);
	api_free(&ap);
	http_free(&hp);
	loop_free(&lp);
}

int
main(void)
{
	T_RUN(cmd_every_command_in_man);
	T_RUN(cmd_names_unique);
	T_RUN(cmd_lookup);
	T_RUN(cmd_complete_exact_first);
	T_RUN(cmd_complete_files);
	T_RUN(cmd_one_target_refusals);
	T_RUN(cmd_change_waits_for_its_cluster);
	T_RUN(cmd_wake_looks_only_after_news);
	T_RUN(cmd_permission_answer_is_news);
	return t_done();
}
