#include "t.h"
/* A name made safe as one file name, byte for byte as the files kdeck kept are named:
 * the last changes (a file per context) and the deleted objects (a folder per segment)
 * are found again by it. */
#include "util/fsname.h"
#include "util/sbuf.h"

static char *
enc(const char *s)
{
	struct sbuf b = { 0 };
	sbuf_str(&b, "");
	fsname_add(&b, s);
	return b.s;
}

#define T_ENC(in, want) do { char *t_e_ = enc(in); T_EQ_STR(t_e_, want); free(t_e_); } while (0)

T_CASE(fsname_keeps_what_is_safe)
{
	T_ENC("prod-eu_1.example", "prod-eu_1.example");
	T_ENC("AZaz09", "AZaz09");
	T_ENC("a.b..c", "a.b..c");
}

T_CASE(fsname_escapes_the_rest)
{
	T_ENC("arn:aws:eks:x/prod", "arn%3Aaws%3Aeks%3Ax%2Fprod");
	T_ENC("a b", "a%20b");
	T_ENC("100%", "100%25");
	T_ENC("user@host", "user%40host");
	T_ENC("caf\xc3\xa9", "caf%C3%A9");   /* upper-case hex, each byte of UTF-8 */
	T_ENC("\x7f\x01", "%7F%01");
}

T_CASE(fsname_never_a_dot_name)
{
	/* a leading "." is escaped: never ".", "..", nor a hidden file */
	T_ENC(".", "%2E");
	T_ENC("..", "%2E.");
	T_ENC("../up", "%2E.%2Fup");
	T_ENC(".hidden", "%2Ehidden");
}

T_CASE(fsname_empty_and_null)
{
	T_ENC("", "");
	T_ENC(NULL, "");
	/* appended after what b holds */
	struct sbuf b = { 0 };
	sbuf_str(&b, "/dir/");
	fsname_add(&b, "x/y");
	sbuf_str(&b, ".json");
	T_EQ_STR(b.s, "/dir/x%2Fy.json");
	free(b.s);
}

int
main(void)
{
	T_RUN(fsname_keeps_what_is_safe);
	T_RUN(fsname_escapes_the_rest);
	T_RUN(fsname_never_a_dot_name);
	T_RUN(fsname_empty_and_null);
	return t_done();
}
