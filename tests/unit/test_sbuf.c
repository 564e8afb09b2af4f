#include "t.h"
/* The growing string: bytes with NULs, strings, and a stream read whole, up to a limit,
 * or failing. */
#include <stdint.h>

#include "util/sbuf.h"

static char *
test_sbuf_file(const char *name, size_t size)
{
	char *path = malloc(strlen(t_tmpdir()) + strlen(name) + 2);
	sprintf(path, "%s/%s", t_tmpdir(), name);
	FILE *f = fopen(path, "wb");
	for (size_t i = 0; i < size; i++)
		fputc('a' + (int)(i % 26), f);
	fclose(f);
	return path;
}

T_CASE(sbuf_add_keeps_nuls_and_terminates)
{
	struct sbuf b = { 0 };
	sbuf_add(&b, "a\0b", 3);
	sbuf_str(&b, "cd");
	T_EQ_INT(b.len, 5);
	T_ASSERT(memcmp(b.s, "a\0bcd", 6) == 0);
	free(b.s);
}

T_CASE(sbuf_fread_empty_sets_s)
{
	char *path = test_sbuf_file("empty", 0);
	FILE *f = fopen(path, "rb");
	struct sbuf b = { 0 };
	T_EQ_INT(sbuf_fread(&b, f, SIZE_MAX), 0);
	fclose(f);
	T_ASSERT(b.s != NULL);
	T_EQ_INT(b.len, 0);
	T_EQ_STR(b.s, "");
	free(b.s);
	free(path);
}

T_CASE(sbuf_fread_whole_appends)
{
	char *path = test_sbuf_file("big", 100000);
	FILE *f = fopen(path, "rb");
	struct sbuf b = { 0 };
	sbuf_str(&b, ">");
	T_EQ_INT(sbuf_fread(&b, f, SIZE_MAX), 0);
	fclose(f);
	T_EQ_INT(b.len, 100001);
	T_EQ_INT(strlen(b.s), 100001);
	T_ASSERT(b.s[0] == '>' && b.s[1] == 'a' && b.s[100000] == 'a' + 99999 % 26);
	free(b.s);
	free(path);
}

T_CASE(sbuf_fread_stops_at_limit)
{
	char *path = test_sbuf_file("limit", 100000);
	FILE *f = fopen(path, "rb");
	struct sbuf b = { 0 };
	T_EQ_INT(sbuf_fread(&b, f, 10), 0);
	fclose(f);
	T_ASSERT_MSG(b.len >= 10 && b.len < 100000, "read %zu bytes", b.len);
	T_EQ_INT(strlen(b.s), b.len);
	free(b.s);
	free(path);
}

T_CASE(sbuf_fread_failure_is_minus_one)
{
	char *path = test_sbuf_file("wronly", 3);
	FILE *f = fopen(path, "ab");
	struct sbuf b = { 0 };
	T_EQ_INT(sbuf_fread(&b, f, SIZE_MAX), -1);
	fclose(f);
	T_ASSERT(b.s != NULL);
	T_EQ_INT(b.len, 0);
	free(b.s);
	free(path);
}

int
main(void)
{
	T_RUN(sbuf_add_keeps_nuls_and_terminates);
	T_RUN(sbuf_fread_empty_sets_s);
	T_RUN(sbuf_fread_whole_appends);
	T_RUN(sbuf_fread_stops_at_limit);
	T_RUN(sbuf_fread_failure_is_minus_one);
	return t_done();
}
