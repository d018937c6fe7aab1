/* SPDX-License-Identifier: Apache-2.0 */
/*
 * urlform.h - application/x-www-form-urlencoded bodies (the HTML forms).
 *
 * Pure.  Splits on '&', decodes '+' and %XX, keeps the pairs in order
 * (a repeated name, like a group of checkboxes, appears once per value).
 * A body with a bad escape, a NUL or a value that is not UTF-8 text is
 * refused whole: nothing half-read reaches a handler.
 */
#ifndef TITRAD_URLFORM_H
#define TITRAD_URLFORM_H

#include <stdbool.h>
#include <stddef.h>

struct urlform_pair {
	char *name, *value;
};
struct urlform {
	struct urlform_pair *v;
	size_t n, cap;
};

/* False on malformed input or no memory (out is then empty). */
bool urlform_parse(const char *body, size_t len, struct urlform *out);
void urlform_free(struct urlform *f);

#endif
