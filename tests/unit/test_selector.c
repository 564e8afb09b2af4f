#define _POSIX_C_SOURCE 200809L
/* Label selectors: parsing (and where it fails) and Kubernetes' matching rules. */
#include <stdio.h>
#include <string.h>

#include "model/selector.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

static int
m(const char *sel, const char *packed)
{
	struct kd_err err = { 0 };
	struct selector *s = selector_parse(sel, &err);
	if (s == NULL)
		return -1;
	int r = selector_match_packed(s, packed);
	selector_free(&s);
	return r;
}

int
main(void)
{
	const char *web = "app\0web\0tier\0front\0env\0prod\0";
	CHECK("selector_empty_matches_all", m("", web) == 1);
	CHECK("selector_eq", m("app=web", web) == 1 && m("app=db", web) == 0);
	CHECK("selector_eqeq", m("app==web", web) == 1);
	CHECK("selector_ne", m("app!=db", web) == 1 && m("app!=web", web) == 0);
	CHECK("selector_ne_absent_key_matches", m("missing!=x", web) == 1);
	CHECK("selector_in", m("env in (prod,staging)", web) == 1 && m("env in (dev)", web) == 0);
	CHECK("selector_notin", m("env notin (dev, qa)", web) == 1 && m("env notin (prod)", web) == 0);
	CHECK("selector_notin_absent_key_matches", m("zone notin (a)", web) == 1);
	CHECK("selector_exists", m("tier", web) == 1 && m("zone", web) == 0);
	CHECK("selector_not_exists", m("!zone", web) == 1 && m("!tier", web) == 0);
	CHECK("selector_and", m("app=web,tier=front,!zone", web) == 1 && m("app=web,tier=back", web) == 0);
	CHECK("selector_spaces", m(" app = web , env in ( prod ) ", web) == 1);
	CHECK("selector_prefixed_key", m("app.kubernetes.io/name=x", "app.kubernetes.io/name\0x\0") == 1);
	CHECK("selector_no_labels", m("app", "") == 0 && m("!app", "") == 1 && m("app", NULL) == 0);
	CHECK("selector_empty_value", m("app=", "app\0\0") == 1);

	struct kd_err err = { 0 };
	struct selector *s = selector_parse("app=web,env in (a,b", &err);
	CHECK("selector_unclosed_list_fails", s == NULL && strstr(err.msg, "column 20") != NULL);
	s = selector_parse("app=web,", &err);
	CHECK("selector_trailing_comma_fails", s == NULL && strstr(err.msg, "column 9") != NULL);
	s = selector_parse("app ~ web", &err);
	CHECK("selector_bad_operator_fails", s == NULL && strstr(err.msg, "expected =") != NULL);
	s = selector_parse("env in x", &err);
	CHECK("selector_in_without_paren_fails", s == NULL && err.code == KD_ERR_INVALID);
	s = selector_parse("!", &err);
	CHECK("selector_bang_alone_fails", s == NULL);
	s = selector_parse("a=b,c,!d,e in (f)", &err);
	CHECK("selector_count", s != NULL && selector_count(s) == 4);
	selector_free(&s);
	selector_free(&s);
	CHECK("selector_free_null", s == NULL);
	return failed;
}
