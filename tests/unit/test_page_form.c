/* The form page's keys without a screen (ui/page/page_form.h): typing edits the field with
 * the cursor, up and down go between fields (round), a wrong value's sentence is there
 * as soon as it is typed, Backspace on an empty value stays in the form; Esc ends it
 * with no values (drawing and the submit are in tests/e2e/test_new). */
#include "t.h"

#include <curses.h>

#include "ui/page/page_form.h"

static int
check_digits(size_t i, const char *value, char *why, size_t len, void *arg)
{
	(void)arg;
	if (i == 1 && value[strspn(value, "0123456789")] != '\0') {
		snprintf(why, len, "replicas must be a whole number");
		return -1;
	}
	return 0;
}

static int done_calls;
static int done_values_null;

static void
done(struct app *app, const char *const *values, size_t n, void *arg)
{
	(void)app, (void)n, (void)arg;
	done_calls++;
	done_values_null = values == NULL;
}

static void
type(struct page *pg, const char *s)
{
	for (; *s; s++)
		pg->ops->key(pg, (unsigned char)*s);
}

T_CASE(form_keys_edit_and_move)
{
	const struct form_field f[] = {
		{ "name", "string", "the name", "web", NULL },
		{ "replicas", "integer", NULL, "2", "default: 2" },
	};
	struct page *pg = page_form_new(NULL, "new x", "x: a demo", f, 2, "edit", check_digits, done, NULL);
	T_EQ_INT(page_form_focus(pg), 0);
	type(pg, "-1");
	T_EQ_STR(page_form_value(pg, 0), "web-1");
	pg->ops->key(pg, KEYMAP_FN + KEY_DOWN);
	T_EQ_INT(page_form_focus(pg), 1);
	T_EQ_STR(page_form_value(pg, 0), "web-1");
	pg->ops->key(pg, 21);   /* ctrl-u */
	T_EQ_STR(page_form_value(pg, 1), "");
	pg->ops->key(pg, KEYMAP_FN + KEY_BACKSPACE);   /* on nothing: stays */
	T_EQ_INT(page_form_focus(pg), 1);
	type(pg, "many");
	T_EQ_STR(page_form_why(pg, 1), "replicas must be a whole number");
	T_EQ_STR(page_form_why(pg, 0), "");
	for (int i = 0; i < 4; i++)
		pg->ops->key(pg, KEYMAP_FN + KEY_BACKSPACE);
	type(pg, "3");
	T_EQ_STR(page_form_why(pg, 1), "");
	pg->ops->key(pg, KEYMAP_FN + KEY_DOWN);   /* round to the first */
	T_EQ_INT(page_form_focus(pg), 0);
	pg->ops->key(pg, KEYMAP_FN + KEY_UP);
	T_EQ_INT(page_form_focus(pg), 1);
	pg->ops->key(pg, '\t');
	T_EQ_INT(page_form_focus(pg), 0);
	T_EQ_STR(page_form_value(pg, 1), "3");
	/* F1 and the like are the app's */
	T_ASSERT(pg->ops->key(pg, KEYMAP_FN + KEY_F(1)) & APP_UNHANDLED);
	T_ASSERT(pg->ops->key(pg, 3) & APP_UNHANDLED);   /* ctrl-c */
	T_EQ_INT(done_calls, 0);
	pg->ops->free(pg);   /* as app_pop does after Esc */
	T_EQ_INT(done_calls, 1);
	T_ASSERT(done_values_null);
}

int
main(void)
{
	T_RUN(form_keys_edit_and_move);
	return t_done();
}
