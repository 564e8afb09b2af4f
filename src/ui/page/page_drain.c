/* The drain view (page_drain.h): a text page over one drain (ops/drain.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/access.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/drain.h"
#include "ops/op.h"
#include "ops/task.h"
#include "ui/guard.h"
#include "ui/opact.h"
#include "ui/page/page.h"
#include "ui/page/page_drain.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

struct pd {
	struct page *pg;
	struct app *app;
	struct cluster *c;
	char *node;
	struct drain *d;
	int asked;                   /* the question was asked on this plan */
	int asked_arrived;           /* the question on the pods that arrived since, this drain */
	int waking;                  /* asks again at the next RBAC answer (kube/access.h) */
	struct task *task;           /* in the registry while the page lives */
};

static const char *
pd_flags(const struct drain_opts *o)
{
	static char buf[120];
	snprintf(buf, sizeof buf, "%s%s%s", o->ignore_daemonsets ? " --ignore-daemonsets" : "",
	    o->delete_emptydir ? " --delete-emptydir-data" : "", o->force ? " --force" : "");
	return buf;
}

static int
pd_running(const struct pd *pd)
{
	enum drain_state st = drain_state(pd->d);
	return st == DRAIN_CORDONING || st == DRAIN_RELISTING || st == DRAIN_ASKING || st == DRAIN_EVICTING;
}

static const char *
pd_pod_state(const struct drain_pod *p, enum theme_el *el, char *buf, size_t len)
{
	switch (p->state) {
	case DRAIN_POD_PENDING:
		*el = THEME_DEFAULT;
		return "to evict";
	case DRAIN_POD_EVICTING:
		*el = THEME_PENDING;
		return "evicting";
	case DRAIN_POD_BLOCKED:
		*el = THEME_WARNING;
		if (p->pdb[0] && p->allowed >= 0)
			snprintf(buf, len, "waiting: PodDisruptionBudget %s allows %ld disruption%s (%ld healthy, %ld needed)",
			    p->pdb, p->allowed, p->allowed == 1 ? "" : "s", p->healthy, p->desired);
		else if (p->pdb[0])
			snprintf(buf, len, "waiting: PodDisruptionBudget %s", p->pdb);
		else
			snprintf(buf, len, "waiting");
		return buf;
	case DRAIN_POD_TERMINATING:
		*el = THEME_TERMINATED;
		return "evicted, terminating";
	case DRAIN_POD_GONE:
		*el = THEME_OK;
		return p->tries == 0 ? "gone already" : "evicted";
	default:
		*el = THEME_ERROR;
		return "failed";
	}
}

static void
pd_refill(struct page *pg, struct pager *p, void *arg)
{
	struct pd *pd = arg;
	const struct drain_plan *plan = drain_plan(pd->d);
	enum drain_state st = drain_state(pd->d);
	char buf[400];
	(void)pg;

	pager_clear(p);
	pager_addf(p, THEME_TABLE_HEADER, "drain node %s on %s%s   (kubectl drain%s)", pd->node, pd->c->context,
	    drain_cordoned(pd->d) ? "  SchedulingDisabled" : "", pd_flags(drain_opts(pd->d)));
	if (st == DRAIN_READING) {
		pager_addf(p, THEME_PENDING, "reading the node, its pods and their DaemonSets ...");
		return;
	}
	if (plan->n == 0 && st != DRAIN_FAILED)
		pager_addf(p, THEME_DEFAULT, "no pods on the node");
	static const struct { enum drain_verdict v; const char *title; } sec[] = {
		{ DRAIN_EVICT, "Evicted" }, { DRAIN_STAY, "Stay" }, { DRAIN_REFUSE, "Refused" },
	};
	for (size_t s = 0; s < sizeof sec / sizeof sec[0]; s++) {
		size_t n = drain_plan_count(plan, sec[s].v);
		if (n == 0)
			continue;
		pager_addf(p, THEME_DEFAULT, "%s", "");
		pager_addf(p, THEME_TABLE_HEADER, "%s (%zu)", sec[s].v == DRAIN_EVICT && (st == DRAIN_PLANNED ||
		    st == DRAIN_RELISTING || st == DRAIN_ASKING) ? "To evict" : sec[s].title, n);
		for (size_t i = 0; i < plan->n; i++) {
			const struct drain_item *it = &plan->items[i];
			if (it->verdict != sec[s].v)
				continue;
			snprintf(buf, sizeof buf, "%s/%s", it->ns, it->name);
			if (sec[s].v == DRAIN_EVICT) {
				const struct drain_pod *dp = drain_pod(pd->d, i);
				char what[400];
				enum theme_el el;
				const char *w = pd_pod_state(dp, &el, what, sizeof what);
				if (dp->tries > 1)
					pager_addf(p, el, "  %-50s %s  (eviction %u)", buf, w, dp->tries);
				else
					pager_addf(p, el, "  %-50s %s", buf, w);
				if ((dp->state == DRAIN_POD_BLOCKED || dp->state == DRAIN_POD_FAILED) && dp->msg[0])
					pager_addf(p, el, "      %s", dp->msg);
				else if (it->why != NULL && st == DRAIN_PLANNED)
					pager_addf(p, THEME_TERMINATED, "      %s", it->why);
			} else
				pager_addf(p, sec[s].v == DRAIN_REFUSE ? THEME_ERROR : THEME_TERMINATED, "  %-50s %s", buf,
				    it->why ? it->why : "");
		}
	}
	size_t skipped = drain_plan_count(plan, DRAIN_SKIP);
	if (skipped > 0) {
		pager_addf(p, THEME_DEFAULT, "%s", "");
		pager_addf(p, THEME_TERMINATED, "%zu mirror or long-deleted pod%s left alone (the kubelet's own)", skipped,
		    skipped == 1 ? "" : "s");
	}
	pager_addf(p, THEME_DEFAULT, "%s", "");
	char *errs = drain_plan_errors(plan), *warns = drain_plan_warnings(plan);
	if (warns != NULL)
		pager_addf(p, THEME_WARNING, "Warning: %s", warns);
	const char *msg = drain_message(pd->d);
	switch (st) {
	case DRAIN_PLANNED:
		if (errs != NULL)
			pager_addf(p, THEME_ERROR, "error: unable to drain node \"%s\": %s", pd->node, errs);
		else
			pager_addf(p, THEME_PENDING, "nothing sent yet: O asks to drain");
		break;
	case DRAIN_CORDONING:
		pager_addf(p, THEME_PENDING, "cordoning node/%s ...", pd->node);
		break;
	case DRAIN_RELISTING:
		if (msg[0])
			pager_addf(p, THEME_DEFAULT, "%s", msg);
		pager_addf(p, THEME_PENDING, "node/%s cordoned; listing its pods again (any that arrived since the plan) ...",
		    pd->node);
		break;
	case DRAIN_ASKING: {
		const struct drain_plan *a = drain_arrived(pd->d);
		pager_addf(p, THEME_TABLE_HEADER, "Arrived since the plan (%zu)", drain_plan_count(a, DRAIN_EVICT));
		for (size_t i = 0; i < a->n; i++)
			if (a->items[i].verdict == DRAIN_EVICT) {
				snprintf(buf, sizeof buf, "%s/%s", a->items[i].ns, a->items[i].name);
				pager_addf(p, THEME_WARNING, "  %-50s %s", buf, a->items[i].why ? a->items[i].why : "to evict?");
			}
		pager_addf(p, THEME_DEFAULT, "%s", "");
		pager_addf(p, THEME_PENDING, "node/%s cordoned; nothing evicted yet: y evicts them too, n stops the drain "
		    "(O asks again)", pd->node);
		break;
	}
	case DRAIN_EVICTING:
		if (msg[0])
			pager_addf(p, THEME_DEFAULT, "%s", msg);
		pager_addf(p, THEME_PENDING, "node/%s cordoned; evicting (%zu evicted, %zu waiting on a budget, %zu "
		    "terminating)%s%s", pd->node, drain_pods_in(pd->d, DRAIN_POD_GONE), drain_pods_in(pd->d,
		    DRAIN_POD_BLOCKED), drain_pods_in(pd->d, DRAIN_POD_TERMINATING), drain_eviction_version(pd->d)[0] ?
		    " through " : "", drain_eviction_version(pd->d));
		break;
	case DRAIN_DONE:
		if (msg[0])
			pager_addf(p, THEME_DEFAULT, "%s", msg);
		if (drain_eviction_version(pd->d)[0])
			pager_addf(p, THEME_DEFAULT, "evicted through %s", drain_eviction_version(pd->d));
		pager_addf(p, THEME_OK, "node/%s drained", pd->node);
		break;
	case DRAIN_FAILED:
		pager_addf(p, THEME_ERROR, "error: %s", msg);
		if (drain_plan_count(drain_arrived(pd->d), DRAIN_REFUSE) > 0)
			pager_addf(p, THEME_WARNING, "nothing evicted: node/%s stays cordoned, as kubectl leaves it (uncordon it to "
			    "schedule pods there)", pd->node);
		break;
	case DRAIN_CANCELLED:
		pager_addf(p, THEME_WARNING, "%s", msg);
		break;
	default:
		break;
	}
	free(errs);
	free(warns);
}

static void
pd_status(void *arg, char *buf, size_t len)
{
	struct pd *pd = arg;
	static const char *const words[] = { "reading", "planned", "cordoning", "draining", "drained", "failed",
		"cancelled", "listing again", "asking" };
	snprintf(buf, len, "%s", words[drain_state(pd->d)]);
}

static void pd_ask(struct pd *pd);
static void pd_ask_arrived(struct pd *pd);

static int
pd_live(void *obj)
{
	return pd_running(obj);
}

static const struct task_ops pd_task = { "drain", pd_live };

static void
pd_go(struct app *app, void *arg)
{
	struct pd *pd = arg;
	char why[700];
	if (drain_start(pd->d, why, sizeof why) != 0)
		app_flash(app, 1, "%s", why);
	else {
		pd->asked_arrived = 0;
		app_flash(app, 0, "draining node %s ...", pd->node);
		if (pd->task == NULL) {
			char title[300];
			snprintf(title, sizeof title, "drain node/%s", pd->node);
			pd->task = task_add(&pd_task, pd, pd->c->context, title);
		}
	}
	app_dirty(app);
}

static void
pd_yes(struct app *app, void *arg)
{
	struct pd *pd = arg;
	char *errs = drain_plan_errors(drain_plan(pd->d));
	if (errs != NULL) {
		app_flash(app, 1, "nothing sent: %s", errs);
		free(errs);
		return;
	}
	char *want = guard_typed_answer(config_production(pd->c->context), 0, 1, "node", pd->node);
	if (want == NULL) {
		pd_go(app, pd);
		return;
	}
	char *why = xasprintf("%s is a production context", pd->c->context);
	guard_type(app, why, want, pd_go, pd);
	free(why);
	free(want);
}

static void
pd_choose(struct app *app, int key, void *arg)
{
	struct pd *pd = arg;
	struct drain_opts o = *drain_opts(pd->d);
	(void)app;
	if (key == 'd')
		o.ignore_daemonsets = !o.ignore_daemonsets;
	else if (key == 'e')
		o.delete_emptydir = !o.delete_emptydir;
	else if (key == 'f')
		o.force = !o.force;
	drain_set_opts(pd->d, &o);
	pd_ask(pd);
}

static void
pd_on_answer(void *arg)
{
	struct pd *pd = arg;
	pd->waking = 0;
	if (app_page(pd->app, 0) != pd->pg)
		return;
	if (drain_state(pd->d) == DRAIN_PLANNED)
		pd_ask(pd);
	else if (drain_state(pd->d) == DRAIN_ASKING)
		pd_ask_arrived(pd);
}

/* The check said "still asking": asked again when the server answers (a question is out). */
static void
pd_wake(struct pd *pd)
{
	pd->waking = 1;
	access_wake(pd->c->access, pd_on_answer, pd);
}

/* The question: what the drain does, with the flags as choices. */
static void
pd_ask(struct pd *pd)
{
	const struct drain_plan *plan = drain_plan(pd->d);
	char why[400];
	int ok = drain_check(pd->d, why, sizeof why);
	pd->asked = 1;
	if (ok == 0) {
		app_flash(pd->app, 1, "%s", why);
		return;
	}
	if (ok < 0) {
		app_flash(pd->app, 0, "%s", why);
		pd_wake(pd);
		return;
	}
	size_t ev = drain_plan_count(plan, DRAIN_EVICT), stay = drain_plan_count(plan, DRAIN_STAY);
	size_t refused = drain_plan_count(plan, DRAIN_REFUSE);
	struct sbuf q = { 0 };
	char num[600];
	if (refused > 0)
		snprintf(num, sizeof num, "Drain node %s on %s? Refused: %zu pod%s (see the list; the choices "
		    "override); nothing would be sent.", pd->node, pd->c->context, refused, refused == 1 ? "" : "s");
	else
		snprintf(num, sizeof num, "Drain node %s on %s (%scordon, then evict %zu pod%s%s)?", pd->node,
		    pd->c->context, drain_cordoned(pd->d) ? "already cordoned; no " : "", ev, ev == 1 ? "" : "s",
		    stay ? ", the DaemonSets' stay" : "");
	sbuf_str(&q, num);
	sbuf_str(&q, " kubectl drain");
	sbuf_str(&q, pd_flags(drain_opts(pd->d)));
	app_confirm_choices(pd->app, q.s, "def", "d/e/f: --ignore-daemonsets, --delete-emptydir-data, --force",
	    pd_yes, pd_choose, pd);
	free(q.s);
}

static void
pd_arrived_yes(struct app *app, void *arg)
{
	struct pd *pd = arg;
	if (drain_answer(pd->d, 1) == 0)
		app_flash(app, 0, "draining node %s ...", pd->node);
	app_dirty(app);
}

static void
pd_arrived_no(struct app *app, int key, void *arg)
{
	struct pd *pd = arg;
	(void)key;
	if (drain_answer(pd->d, 0) == 0)
		app_flash(app, 1, "%s", drain_message(pd->d));
	app_dirty(app);
}

/* The second question: the pods the node's list after the cordon has and the plan had
 * not, named before any is evicted. */
static void
pd_ask_arrived(struct pd *pd)
{
	const struct drain_plan *a = drain_arrived(pd->d);
	size_t n = drain_plan_count(a, DRAIN_EVICT), shown = 0;
	char why[400];
	int ok = drain_check(pd->d, why, sizeof why);
	pd->asked_arrived = 1;
	if (ok == 0) {
		app_flash(pd->app, 1, "%s (Esc stops the drain)", why);
		return;
	}
	if (ok < 0) {
		app_flash(pd->app, 0, "%s", why);
		pd_wake(pd);
		return;
	}
	struct sbuf q = { 0 };
	char num[300];
	snprintf(num, sizeof num, "%zu pod%s arrived on %s since the plan:", n, n == 1 ? "" : "s", pd->node);
	sbuf_str(&q, num);
	for (size_t i = 0; i < a->n; i++) {
		if (a->items[i].verdict != DRAIN_EVICT)
			continue;
		if (shown == 4 && n > 5) {
			snprintf(num, sizeof num, ", ... (%zu more)", n - shown);
			sbuf_str(&q, num);
			break;
		}
		sbuf_str(&q, shown ? ", " : " ");
		sbuf_str(&q, a->items[i].ns);
		sbuf_str(&q, "/");
		sbuf_str(&q, a->items[i].name);
		shown++;
	}
	sbuf_str(&q, n == 1 ? "; evict it too? (n: nothing evicted, the node stays cordoned)" :
	    "; evict them too? (n: nothing evicted, the node stays cordoned)");
	app_confirm_choices(pd->app, q.s, "n", NULL, pd_arrived_yes, pd_arrived_no, pd);
	free(q.s);
}

static void
pd_changed(void *arg)
{
	struct pd *pd = arg;
	page_text_refill_now(pd->pg);
	app_dirty(pd->app);
	if (drain_state(pd->d) == DRAIN_PLANNED && !pd->asked && app_page(pd->app, 0) == pd->pg)
		pd_ask(pd);
	else if (drain_state(pd->d) == DRAIN_ASKING && !pd->asked_arrived && app_page(pd->app, 0) == pd->pg)
		pd_ask_arrived(pd);
}

static void
pd_free(void *arg)
{
	struct pd *pd = arg;
	if (pd->waking)
		access_wake_cancel(pd->c->access, pd);
	task_remove(&pd->task);
	drain_free(&pd->d);
	free(pd->node);
	free(pd);
}

static void
pd_cancel_yes(struct app *app, void *arg)
{
	struct pd *pd = arg;
	drain_cancel(pd->d);
	app_flash(app, 1, "%s", drain_message(pd->d));
}

static int
pd_action(struct page *pg, enum action a, void *arg)
{
	struct pd *pd = arg;
	switch (a) {
	case ACT_BACK:
	case ACT_QUIT:
		if (!pd_running(pd))
			return APP_UNHANDLED;
		app_confirm(pg->app, "Stop the drain? Nothing more is evicted and the node stays cordoned", pd_cancel_yes, pd);
		return APP_REDRAW;
	case ACT_DRAIN:
		if (drain_state(pd->d) == DRAIN_ASKING) {
			pd_ask_arrived(pd);
			return APP_REDRAW;
		}
		if (pd_running(pd)) {
			app_flash(pg->app, 1, "node %s is being drained", pd->node);
			return APP_REDRAW;
		}
		if (drain_state(pd->d) == DRAIN_PLANNED)
			pd_ask(pd);
		else {
			/* again, from what the node holds now */
			pd->asked = 0;
			drain_read(pd->d);
		}
		return APP_REDRAW;
	case ACT_UNCORDON:
	case ACT_CORDON: {
		/* looked up now: discovery may have been read again since */
		const struct kres *nodes = pd->c->disc ? discovery_find(pd->c->disc, "nodes") : NULL;
		if (nodes == NULL)
			app_flash(pg->app, 1, "%s does not list nodes now", pd->c->context);
		else
			opact_start_on(pg->app, pg, op_find(a == ACT_CORDON ? "cordon" : "uncordon"), pd->c, nodes, "",
			    pd->node);
		return APP_REDRAW;
	}
	default:
		return APP_UNHANDLED;
	}
}

static const enum action pd_hint_actions[] = { ACT_BACK, ACT_DRAIN, ACT_UNCORDON, ACT_FILTER, ACT_SEARCH_NEXT,
	ACT_HELP, ACT_QUIT };
static const char *const pd_hint_words[] = { "back (cancels)", NULL, NULL, "search", NULL, NULL, NULL };
static const struct page_hints pd_hints = { pd_hint_actions, sizeof pd_hint_actions / sizeof pd_hint_actions[0],
	KEYMAP_VIEWER, pd_hint_words };

static struct pd *
pd_new(struct app *app, struct cluster *c, const struct kres *nodes, const char *node)
{
	char title[300];
	snprintf(title, sizeof title, "drain node/%s", node);
	struct page *pg = page_text_new(app, c, title);
	struct pd *pd = xcalloc(1, sizeof *pd);
	pd->pg = pg;
	pd->app = app;
	pd->c = c;
	pd->node = xstrdup(node);
	pd->d = drain_new(c, nodes, node, pd_changed, pd);
	page_text_set_refill(pg, pd_refill, pd, pd_free);
	page_text_set_status(pg, pd_status);
	page_text_set_action(pg, pd_action, &pd_hints);
	return pd;
}

int
page_drain_start(struct app *app, const struct page_target *t)
{
	const struct op *op = op_find("drain");
	char why[512];
	int rc = -1;

	struct op_target one = { t->ns, t->name };
	struct op_req *req = op_req_new(op, t->cluster, t->res, &one, 1);
	if (!op_applies(op, t->res, why, sizeof why))
		app_flash(app, 1, "%s", why);
	else if (t->cluster->state != CLUSTER_READY)
		app_flash(app, 1, "%s is not connected", t->cluster->context);
	else if (op_check(req, why, sizeof why) != 1)
		app_flash(app, 1, "%s", why);
	else {
		struct pd *pd = pd_new(app, t->cluster, t->res, t->name);
		app_push(app, pd->pg);
		drain_read(pd->d);
		rc = 0;
	}
	op_req_free(&req);
	return rc;
}
