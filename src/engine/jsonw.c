/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonw.c - JSON written straight into an html_buf (see jsonw.h).
 */
#include "engine/jsonw.h"

#include <string.h>

void
jsonw_str(struct html_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (s == NULL) {
		html_putn(b, "null", 4);
		return;
	}
	html_putn(b, "\"", 1);
	const char *run = s;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[6] = { '\\', 0, 0, 0, 0, 0 };
		size_t n = 2;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			/* jansson's "\\u%04X": upper-case hex. */
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
			break;
		}
		html_putn(b, run, (size_t)(s - run));
		html_putn(b, esc, n);
		run = s + 1;
	}
	html_putn(b, run, (size_t)(s - run));
	html_putn(b, "\"", 1);
}

/* Decimal digits of u, at least min_digits of them (leading zeros), into the end of buf; returns the start. */
static char *
digits(char *end, uint64_t u, int min_digits)
{
	char *p = end;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
		min_digits--;
	} while (u != 0 || min_digits > 0);
	return p;
}

void
jsonw_int(struct html_buf *b, int64_t v)
{
	char buf[24], *end = buf + sizeof buf;
	/* The magnitude as unsigned: -INT64_MIN does not fit an int64_t. */
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char *p = digits(end, u, 1);
	if (v < 0)
		*--p = '-';
	html_putn(b, p, (size_t)(end - p));
}

void
jsonw_bool(struct html_buf *b, bool v)
{
	if (v)
		html_putn(b, "true", 4);
	else
		html_putn(b, "false", 5);
}

void
jsonw_fixed(struct html_buf *b, int64_t v, int decimals)
{
	static const uint64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
		1000000000 };
	if (decimals <= 0 || decimals > 9) {
		jsonw_int(b, v);
		return;
	}
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, scale = pow10[decimals];
	uint64_t frac = u % scale;
	if (frac == 0) {
		jsonw_int(b, v / (int64_t)scale);
		return;
	}
	int nd = decimals;
	while (frac % 10 == 0) {
		frac /= 10;
		nd--;
	}
	char buf[48], *end = buf + sizeof buf;
	char *p = digits(end, frac, nd);
	*--p = '.';
	p = digits(p, u / scale, 1);
	if (v < 0)
		*--p = '-';
	html_putn(b, p, (size_t)(end - p));
}
