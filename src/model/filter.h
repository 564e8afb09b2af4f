/* The list filter as typed after "/": "" nothing; "text" a case-insensitive substring;
 * a text with regex characters (.*[]()|^$+?) that compiles: an extended regex;
 * "-l SELECTOR": a label selector; a leading "!": what does NOT match. One parser and
 * matcher for the store's rows and the lists built from them (the workloads page). */
#ifndef KD_FILTER_H
#define KD_FILTER_H

#include <regex.h>
#include <stddef.h>

#include "util/err.h"

struct selector;

enum filter_kind { FILTER_NONE, FILTER_SUBSTR, FILTER_REGEX, FILTER_LABELS };

struct filter {
	enum filter_kind kind;
	int invert;
	char *needle;          /* lowercase, without the "!" */
	size_t needle_len;
	regex_t re;
	struct selector *sel;
};

/* Parses text into f (a zeroed or cleared filter). Returns 0, or -1 with err (a bad
 * regex or selector) and f untouched. */
int filter_parse(struct filter *f, const char *text, struct kd_err *err);
void filter_clear(struct filter *f);
/* Whether the NUL-separated strings in str[0, len) match the text (substring, regex);
 * not inverted. */
int filter_text(const struct filter *f, const char *str, size_t len);
/* Whether a row with these NUL-separated texts and packed labels passes, inverted
 * when the filter says "!". */
int filter_match(const struct filter *f, const char *texts, size_t len, const char *labels);

#endif
