/* SPDX-License-Identifier: Apache-2.0 */
/* urlform.c - form body decoding (see urlform.h). */
#include "engine/urlform.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) into a new string; NULL when malformed. */
static char *
decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *w = out;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*w++ = ' ';
		} else if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				goto bad;
			*w++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			goto bad;
		} else {
			*w++ = s[i];
		}
	}
	*w = '\0';
	/* Form text may carry newlines (a textarea sends CRLF). */
	if (!util_utf8_text(out, (size_t)(w - out), true))
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

bool
urlform_parse(const char *body, size_t len, struct urlform *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < len;) {
		size_t end = i, eq;
		while (end < len && body[end] != '&')
			end++;
		for (eq = i; eq < end && body[eq] != '='; eq++)
			;
		if (end > i) {
			if (!util_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v, 8))
				goto fail;
			struct urlform_pair *p = &out->v[out->n];
			p->name = decode(body + i, eq - i);
			p->value = eq < end ? decode(body + eq + 1, end - eq - 1) : decode("", 0);
			out->n++;
			if (p->name == NULL || p->value == NULL || p->name[0] == '\0')
				goto fail;
		}
		i = end + 1;
	}
	return true;
fail:
	urlform_free(out);
	return false;
}

void
urlform_free(struct urlform *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}
