/* The vterm pane: the jump scroll for floods of plain lines leaves the same screen and
 * scrollback as libvterm line by line (KDECK_TERM_NO_JUMP), whatever the chunking and
 * whatever escape sequences come in between; plain output held back still shows when read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "ui/widget/term.h"

static unsigned term_seed;

static int
term_rand(void)
{
	term_seed = term_seed * 1103515245u + 12345u;
	return (int)((term_seed >> 16) & 0x7fff);
}

static void
dump_add(char **out, size_t *len, size_t *cap, char *s)
{
	size_t l = strlen(s);
	if (*len + l + 1 > *cap) {
		while (*len + l + 1 > *cap)
			*cap = *cap ? *cap * 2 : 1 << 16;
		*out = realloc(*out, *cap);
	}
	memcpy(*out + *len, s, l + 1);
	*len += l;
	free(s);
}

/* The whole scrollback, page by page, then the live screen. */
static char *
term_dump(struct term *t)
{
	int rows, cols;
	term_size(t, &rows, &cols);
	char *out = NULL;
	size_t len = 0, cap = 0;
	term_scroll(t, 1 << 30);
	for (long off = (long)term_scrollback_lines(t);; off -= rows) {
		dump_add(&out, &len, &cap, term_copy_text(t));
		if (off <= 0)
			break;
		term_scroll(t, -rows);
	}
	term_scroll(t, -(1 << 30));
	dump_add(&out, &len, &cap, term_screen_text(t));
	return out;
}

static const char *const term_pieces[] = {
	"\033[31m", "\033[m", "\033[1;20r", "\033[r", "\033[?1049h", "\033[?1049l", "\t", "\xc3\xa9",
	"\033(0", "\033(B", "\r", "\033[5A", "\033[K", "\033[2J", "\033]0;title\007", "\033[41m",
	"\033[?69h", "\033[?69l", "\016", "\017", "\033[H", "\033[40;1H", "\033[4h", "\033[4l", "\033c",
	"\033[7m", "\033[27m", "\033]2;a\r\nb\033\\",
};

static int
term_compare(unsigned seed)
{
	term_seed = seed;
	int rows = 5 + term_rand() % 40, cols = 20 + term_rand() % 120;
	int rare = 1 + (int)(seed % 4) * 30;   /* how seldom a sequence comes between lines */
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	while (n < cap - 4096) {
		int r = term_rand() % 100;
		if (r >= 85 && term_rand() % rare != 0)
			r = 0;
		if (r < 85) {
			int w = term_rand() % (cols + 5);
			if (term_rand() % 3 == 0)
				w = cols;
			if (term_rand() % 5 == 0)
				w = 0;
			for (int i = 0; i < w; i++)
				buf[n++] = term_rand() % 7 == 0 ? ' ' : (char)('a' + term_rand() % 26);
			buf[n++] = '\r';
			buf[n++] = '\n';
		} else if (r < 97) {
			const char *p = term_pieces[term_rand() % (int)(sizeof term_pieces / sizeof term_pieces[0])];
			memcpy(buf + n, p, strlen(p));
			n += strlen(p);
		} else {
			buf[n++] = '\n';
		}
	}
	struct term_cbs cbs = { 0 };
	unsetenv("KDECK_TERM_NO_JUMP");
	struct term *a = term_new(rows, cols, 100000, &cbs, NULL);
	setenv("KDECK_TERM_NO_JUMP", "1", 1);
	struct term *b = term_new(rows, cols, 100000, &cbs, NULL);
	unsetenv("KDECK_TERM_NO_JUMP");
	for (size_t o = 0; o < n;) {
		size_t c = 1 + (size_t)(term_rand() % (term_rand() % 2 ? 30000 : 3000)) * (term_rand() % 2 ? 7 : 1);
		if (c > n - o)
			c = n - o;
		term_write(a, buf + o, c);
		term_write(b, buf + o, c);
		o += c;
	}
	char *da = term_dump(a), *db = term_dump(b);
	int same = term_scrollback_lines(a) == term_scrollback_lines(b) && strcmp(da, db) == 0;
	if (!same)
		printf("# seed %u (%d x %d): %zu and %zu scrollback lines\n", seed, rows, cols,
		    term_scrollback_lines(a), term_scrollback_lines(b));
	free(da);
	free(db);
	free(buf);
	term_free(&a);
	term_free(&b);
	return same;
}

T_CASE(term_jump_scroll_matches_vterm)
{
	for (unsigned seed = 1; seed <= 24; seed++)
		T_ASSERT_MSG(term_compare(seed), "seed %u differs", seed);
}

/* A flood while the view is scrolled back keeps the view still. */
T_CASE(term_jump_scroll_keeps_a_scrolled_view)
{
	struct term_cbs cbs = { 0 };
	struct term *t = term_new(10, 40, 1000, &cbs, NULL);
	char line[64];
	for (int i = 0; i < 30; i++) {
		int n = snprintf(line, sizeof line, "line %d\r\n", i);
		term_write(t, line, (size_t)n);
	}
	term_scroll(t, 5);
	char *before = term_copy_text(t);
	char *flood = malloc(200 * 16);
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(flood + n, "more %d\r\n", i);
	term_write(t, flood, n);
	char *after = term_copy_text(t);
	T_EQ_STR(after, before);
	T_EQ_INT(term_scrollback_lines(t), 221);
	free(before);
	free(after);
	free(flood);
	term_free(&t);
}

static void
count_damage(void *arg)
{
	(*(int *)arg)++;
}

/* Plain output held back for the jump still says it changed the screen, and shows when read. */
T_CASE(term_plain_output_is_damage_and_shows)
{
	int damage = 0;
	struct term_cbs cbs = { .damage = count_damage };
	struct term *t = term_new(5, 20, 100, &cbs, &damage);
	char *s = term_screen_text(t);
	free(s);
	damage = 0;
	term_write(t, "hi there\r\n", 10);
	T_ASSERT(damage > 0);
	T_ASSERT(term_dirty(t));
	s = term_screen_text(t);
	T_ASSERT_MSG(strncmp(s, "hi there\n", 9) == 0, "screen: %s", s);
	free(s);
	term_free(&t);
}

int
main(void)
{
	T_RUN(term_plain_output_is_damage_and_shows);
	T_RUN(term_jump_scroll_matches_vterm);
	T_RUN(term_jump_scroll_keeps_a_scrolled_view);
	return t_done();
}
