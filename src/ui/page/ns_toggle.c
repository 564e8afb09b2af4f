#include <stdlib.h>

#include "app.h"
#include "ui/page/ns_toggle.h"
#include "util/xmalloc.h"

const char *
ns_toggle_target(struct app *app, const char *ns, const char *fallback)
{
	if (ns[0] != '\0') {
		free(app->ns_before_all);
		app->ns_before_all = xstrdup(ns);
		return "";
	}
	if (app->ns_before_all != NULL)
		return app->ns_before_all;
	if (app->ns != NULL && app->ns[0] != '\0')
		return app->ns;
	return fallback != NULL ? fallback : "default";
}
