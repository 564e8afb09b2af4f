/* :new [TEMPLATE], a new object from a template (model/template.h): the templates of the
 * user's folder and kdeck's listed (name, description, source), Enter on one asks for its
 * parameters in a form, and each object of the text they give opens in an editor of its
 * own (the first on top), to be created on the current cluster when it is saved (after the
 * server's dry run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "config.h"
#include "model/template.h"
#include "ops/editobj.h"
#include "ui/page/page_choice.h"
#include "ui/page/page_edit.h"
#include "ui/page/page_form.h"
#include "util/xmalloc.h"

/* What the list and then the form work on; freed by the form's end (or the list's Esc). */
struct new_state {
	struct cluster *c;
	struct tmpl **list;
	size_t n;
	const char **source;   /* each one's: "user" or "kdeck" */
	struct tmpl *t;     /* the one picked, taken out of list */
	size_t picked;      /* its index in list */
	int from_list;      /* picked on the list (Esc on the form goes back to it) */
	char *ns;           /* the namespace the app is in ("": all) */
};

static void new_list(struct app *app, struct new_state *st, size_t sel);

static void
new_state_free(struct new_state *st)
{
	tmpl_list_free(&st->list, st->n);
	tmpl_free(&st->t);
	free(st->source);
	free(st->ns);
	free(st);
}

static int
new_check(size_t i, const char *value, char *why, size_t len, void *arg)
{
	struct new_state *st = arg;
	return tmpl_check(&st->t->params[i], value, why, len);
}

static void
new_done(struct app *app, const char *const *values, size_t n, void *arg)
{
	struct new_state *st = arg;
	(void)n;
	if (values == NULL) {
		if (st->from_list) {   /* back to the list, on the one left */
			st->list[st->picked] = st->t;
			st->t = NULL;
			new_list(app, st, st->picked);
		} else
			new_state_free(st);
		return;
	}
	struct kd_err err = { 0 };
	size_t len = 0;
	char *text = tmpl_render(st->t, values, &len, &err);
	if (text == NULL) {
		app_flash(app, 1, "%s", err.msg);
		new_state_free(st);
		return;
	}
	/* the namespace of the text when the template asks for one, else the app's (all of
	 * them: "default", as kubectl's) */
	int ni = tmpl_param_index(st->t, "namespace");
	const char *ns = ni >= 0 && values[ni][0] != '\0' ? values[ni] :
	    ni >= 0 && st->t->params[ni].def != NULL ? st->t->params[ni].def :
	    st->ns[0] != '\0' ? st->ns : "default";
	/* an editor a document, the first on top: each is saved (created) on its own, and
	 * closing one shows the next */
	struct tmpl_doc *docs = NULL;
	size_t nd = tmpl_docs(text, len, &docs);
	for (size_t i = nd; i-- > 0;)
		page_edit_open_obj(app, editobj_new_text(st->c, NULL, ns, text + docs[i].off, docs[i].len), NULL, 0,
		    0, NULL);
	if (nd > 1)
		app_flash(app, 0, "%s: %zu objects, an editor each; saving or closing one shows the next",
		    st->t->name, nd);
	else if (nd == 0)
		app_flash(app, 1, "%s gives no object", st->t->name);
	free(docs);
	free(text);
	new_state_free(st);
}

/* The form of st->t's parameters, a namespace parameter starting as the app's namespace. */
static void
new_form(struct app *app, struct new_state *st)
{
	struct tmpl *t = st->t;
	struct form_field *f = xcalloc(t->nparams ? t->nparams : 1, sizeof *f);
	char **types = xcalloc(t->nparams ? t->nparams : 1, sizeof *types);
	char **dflt = xcalloc(t->nparams ? t->nparams : 1, sizeof *dflt);
	for (size_t i = 0; i < t->nparams; i++) {
		const struct tmpl_param *p = &t->params[i];
		types[i] = p->type == TMPL_LIST ? xasprintf("list of %ss, comma-separated", tmpl_type_name(p->items)) :
		    xstrdup(tmpl_type_name(p->type));
		/* an emptied field stands for the default: it says so */
		if (p->def != NULL && p->def[0] != '\0')
			dflt[i] = xasprintf("default: %s", p->def);
		f[i] = (struct form_field){ p->name, types[i], p->description, p->def, dflt[i] };
		if (strcmp(p->name, "namespace") == 0 && st->ns[0] != '\0')
			f[i].value = st->ns;
	}
	char title[128], intro[512];
	snprintf(title, sizeof title, "new %s", t->name);
	snprintf(intro, sizeof intro, "%s%s%s", t->name, t->description[0] ? ": " : "", t->description);
	app_push(app, page_form_new(app, title, intro, f, t->nparams, "edit", new_check, new_done, st));
	for (size_t i = 0; i < t->nparams; i++) {
		free(types[i]);
		free(dflt[i]);
	}
	free(types);
	free(dflt);
	free(f);
}

static void
new_picked(struct app *app, int index, void *arg)
{
	struct new_state *st = arg;
	if (index < 0 || (size_t)index >= st->n) {
		new_state_free(st);
		return;
	}
	st->t = st->list[index];
	st->list[index] = NULL;
	st->picked = (size_t)index;
	new_form(app, st);
}

static void
new_list(struct app *app, struct new_state *st, size_t sel)
{
	const char **cells = xcalloc(st->n * 3, sizeof *cells);
	for (size_t i = 0; i < st->n; i++) {
		cells[i * 3] = st->list[i]->name;
		cells[i * 3 + 1] = st->list[i]->description;
		cells[i * 3 + 2] = st->source[i];
	}
	static const char *const cols[] = { "NAME", "DESCRIPTION", "SOURCE" };
	st->from_list = 1;
	app_push(app, page_choice_new_table(app, "new", "Create from which template?", cols, 3, cells, st->n, sel,
	    new_picked, st));
	free(cells);
}

static int
cmd_new_exec(struct cmd_args *a)
{
	if (a->argc > 2) {
		app_flash(a->app, 1, "usage: %s", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	const char *const *dirs = config_search_path("templates");
	struct new_state *st = xcalloc(1, sizeof *st);
	struct kd_err err = { 0 };
	size_t *origin = NULL, broken = 0;
	st->c = app_current_cluster(a->app);
	st->ns = xstrdup(app_namespace(a->app));
	st->n = tmpl_list(dirs, &st->list, &origin, &broken, &err);
	if (st->n == 0) {
		if (broken > 0)
			app_flash(a->app, 1, "%s", err.msg);
		else
			app_flash(a->app, 1, "no templates: put some in %s/templates", config_dir());
		free(origin);
		new_state_free(st);
		return CMD_RETURN_ERROR;
	}
	if (a->argc == 2) {
		size_t i = 0;
		while (i < st->n && strcmp(st->list[i]->name, a->argv[1]) != 0)
			i++;
		free(origin);
		if (i == st->n) {
			app_flash(a->app, 1, "no template called %s (:new lists them)", a->argv[1]);
			new_state_free(st);
			return CMD_RETURN_ERROR;
		}
		new_picked(a->app, (int)i, st);
		return CMD_RETURN_NORMAL;
	}
	st->source = xcalloc(st->n, sizeof *st->source);
	size_t user = strlen(config_dir());
	for (size_t i = 0; i < st->n; i++) {
		const char *dir = dirs[origin[i]];
		st->source[i] = strncmp(dir, config_dir(), user) == 0 && dir[user] == '/' ? "user" : "kdeck";
	}
	free(origin);
	new_list(a->app, st, 0);
	if (broken > 0)
		app_flash(a->app, 1, "%zu template%s left out: %s", broken, broken == 1 ? "" : "s", err.msg);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_new_entry = {
	.name = "new",
	.usage = ":new [TEMPLATE]",
	.help = "a new object from a template: fill in its parameters, edit the text, save creates it",
	.flags = CMD_NEEDS_CLUSTER | CMD_MUTATES,
	.args = CMD_ARG_TEMPLATE,
	.exec = cmd_new_exec,
};
