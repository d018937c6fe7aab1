/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_query.c - the query-string and path parsers: util_parse_id (ids in
 * paths, ?limit=, ?after=), dt_parse_date/dt_parse_time (?from=, ?to=) and
 * util_utf8_text (every text a client sends).
 *
 * http_page needs a live connection, so the request is modelled here: the
 * input is split as a query string (k=v&k=v, percent-decoded as
 * libmicrohttpd does) and each value goes through the parsers, and the
 * whole input and each path segment too.
 *
 * Properties: util_parse_id accepts exactly the canonical positive decimals
 * up to INT64_MAX (no sign, space, leading zero) and the value prints back
 * to the same text; util_utf8_text agrees with an independent UTF-8
 * validator; the date and time parsers only accept canonical text.
 */
#include "fuzz_common.h"

#include <inttypes.h>

#include "engine/datetime.h"
#include "base/util.h"

static bool
ref_is_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 19 || s[0] < '1' || s[0] > '9')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n < 19 || strcmp(s, "9223372036854775807") <= 0;
}

static void
check_id(const char *s)
{
	int64_t v = -42;
	bool ok = util_parse_id(s, &v);
	CHECK(ok == ref_is_id(s), "util_parse_id(\"%s\") = %d", s, ok);
	if (!ok) {
		CHECK(v == -42, "rejected id \"%s\" wrote %" PRId64, s, v);
		return;
	}
	char back[24];
	snprintf(back, sizeof back, "%" PRId64, v);
	CHECK(v > 0 && strcmp(back, s) == 0, "id \"%s\" -> %" PRId64, s, v);
}

static void
check_value(const char *s)
{
	check_id(s);
	int32_t d;
	int m;
	if (dt_parse_date(s, &d)) {
		char out[DT_DATE_LEN];
		dt_format_date(d, out);
		CHECK(strcmp(out, s) == 0, "date \"%s\" -> %s", s, out);
	}
	if (dt_parse_time(s, &m)) {
		char out[DT_TIME_LEN];
		dt_format_time(m, out);
		CHECK(strcmp(out, s) == 0, "time \"%s\" -> %s", s, out);
	}
}

static bool
ref_text(const uint8_t *s, size_t n, bool allow_newline)
{
	if (!fz_utf8_ok(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c == 0 || c == 0x7f)
			return false;
		if (c < 0x20 && c != '\t' && !(allow_newline && (c == '\n' || c == '\r')))
			return false;
	}
	return true;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Percent- and '+'-decoding in place, as libmicrohttpd unescapes GET arguments. */
static void
unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == '+') {
			*o++ = ' ';
		} else if (*p == '%' && hexval((unsigned char)p[1]) >= 0 && hexval((unsigned char)p[2]) >= 0) {
			int c = hexval((unsigned char)p[1]) * 16 + hexval((unsigned char)p[2]);
			p += 2;
			*o++ = (char)c;
			if (c == 0)
				break;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The text check sees the raw bytes, NULs included. */
	CHECK(util_utf8_text((const char *)data, size, false) == ref_text(data, size, false),
	    "util_utf8_text(allow_newline=false) disagrees on %zu bytes", size);
	CHECK(util_utf8_text((const char *)data, size, true) == ref_text(data, size, true),
	    "util_utf8_text(allow_newline=true) disagrees on %zu bytes", size);

	char *s = fz_cstr(data, size);
	check_value(s);

	/* Path segments: /patients/<id>/regimens/<id> */
	char *copy = strdup(s), *save = NULL;
	for (char *seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save))
		check_id(seg);
	free(copy);

	/* A query string: every value through every parser. */
	save = NULL;
	for (char *kv = strtok_r(s, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		char *v = eq ? eq + 1 : kv;
		unescape(v);
		check_value(v);
		size_t vn = strlen(v);
		CHECK(util_utf8_text(v, vn, false) == ref_text((const uint8_t *)v, vn, false),
		    "util_utf8_text disagrees on a value of %zu bytes", vn);
	}
	free(s);
	return 0;
}
