/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_validate.c - request body checks, fixed-point numbers, and the small
 * helpers in util.c and sha256.c.
 *
 * Expected values are written from the contract (doc/openapi.yaml "Conventions") and
 * published test vectors (FIPS 180-2 for SHA-256, RFC 4648 for base64url).
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "engine/sha256.h"
#include "base/util.h"
#include "engine/etag.h"
#include "engine/validate.h"

static json_t *
parse_any(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &err);
	ck_assert_msg(v != NULL, "test JSON %s: %s", text, err.text);
	return v;
}

/* ---- fixed-point numbers ---- */

START_TEST(test_fixed)
{
	static const struct {
		const char *json;
		int decimals;
		int64_t min, max;
		bool ok;
		int64_t want;
	} t[] = {
		{ "0.375", 3, 0, 100000000, true, 375 },
		{ "0.3755", 3, 0, 100000000, false, 0 },
		{ "4", 3, 0, 100000000, true, 4000 },
		{ "4.0", 3, 0, 100000000, true, 4000 },
		{ "1e-3", 3, 0, 100000000, true, 1 },
		{ "0.001", 3, 0, 100000000, true, 1 },
		{ "0.0005", 3, 0, 100000000, false, 0 },
		{ "0.125", 3, 0, 100000000, true, 125 },
		{ "2700", 3, 0, 100000000, true, 2700000 },
		{ "1234.567", 3, 0, 100000000, true, 1234567 },
		{ "99999.999", 3, 0, 100000000, true, 99999999 },
		{ "100000", 3, 0, 100000000, true, 100000000 },
		{ "100000.001", 3, 0, 100000000, false, 0 },  /* over max */
		{ "-0.125", 3, -1000, 1000, true, -125 },
		{ "-0.125", 3, 0, 1000, false, 0 },            /* under min */
		{ "40.5", 1, 0, 2500, true, 405 },
		{ "40.55", 1, 0, 2500, false, 0 },
		{ "40", 1, 0, 2500, true, 400 },
		{ "250", 1, 0, 2500, true, 2500 },
		{ "250.0", 1, 0, 2500, true, 2500 },
		{ "250.1", 1, 0, 2500, false, 0 },
		{ "-0.1", 1, 0, 2500, false, 0 },
		{ "0.1", 1, 0, 2500, true, 1 },
		{ "1e300", 3, 0, 100000000, false, 0 },
		{ "-1e300", 3, -100000000, 100000000, false, 0 },
		{ "1e300", 0, INT64_MIN, INT64_MAX, false, 0 },
		{ "9223372036854775807", 3, INT64_MIN, INT64_MAX, false, 0 },
		{ "9223372036854775807", 0, 0, 100, false, 0 },
		{ "\"4\"", 3, 0, 100000000, false, 0 },
		{ "true", 3, 0, 100000000, false, 0 },
		{ "null", 3, 0, 100000000, false, 0 },
		{ "[4]", 3, 0, 100000000, false, 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		json_t *v = parse_any(t[i].json);
		int64_t out = -4242;
		bool ok = val_fixed(v, t[i].decimals, t[i].min, t[i].max, &out);
		ck_assert_msg(ok == t[i].ok, "%s (%d decimals): %s", t[i].json, t[i].decimals,
		    ok ? "accepted" : "refused");
		if (ok)
			ck_assert_msg(out == t[i].want, "%s: %lld, want %lld", t[i].json,
			    (long long)out, (long long)t[i].want);
		else
			ck_assert_int_eq(out, -4242);
		json_decref(v);
	}
}
END_TEST

START_TEST(test_fixed_no_rounding)
{
	/*
	 * More decimals than allowed, however close to a whole number of units:
	 * refused, never rounded (validate.h: "0.3755 mg is an error, never a
	 * rounding").  Every row is tried; the failures are reported together.
	 */
	static const struct { const char *json; int decimals; } t[] = {
		{ "0.3750001", 3 }, { "0.37500001", 3 }, { "1000.0004", 3 }, { "2700.0001", 3 },
		{ "99999.9999", 3 }, { "4.0000001", 3 }, { "40.00001", 1 }, { "249.99999", 1 },
		{ "70.0000001", 0 }, { "1.000001", 0 },
	};
	char failed[512] = "";
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		json_t *v = parse_any(t[i].json);
		int64_t out = 0;
		if (val_fixed(v, t[i].decimals, INT64_MIN / 2, INT64_MAX / 2, &out)) {
			char one[64];
			snprintf(one, sizeof one, " %s/%d->%lld", t[i].json, t[i].decimals, (long long)out);
			strncat(failed, one, sizeof failed - strlen(failed) - 1);
		}
		json_decref(v);
	}
	ck_assert_msg(failed[0] == '\0', "rounded instead of refused:%s", failed);
}
END_TEST

START_TEST(test_fixed_built_values)
{
	/* json_real / json_integer built directly, not parsed. */
	int64_t out = 0;
	json_t *v = json_real(0.375);
	ck_assert(val_fixed(v, 3, 0, 1000, &out));
	ck_assert_int_eq(out, 375);
	json_decref(v);
	v = json_real(1e300);
	ck_assert(!val_fixed(v, 3, INT64_MIN, INT64_MAX, &out));
	json_decref(v);
	v = json_integer(4);
	ck_assert(val_fixed(v, 3, 0, 100000000, &out));
	ck_assert_int_eq(out, 4000);
	json_decref(v);
	v = json_integer(INT64_MAX);
	ck_assert(!val_fixed(v, 0, INT64_MIN, INT64_MAX, &out) || out == INT64_MAX);
	ck_assert(!val_fixed(v, 3, INT64_MIN, INT64_MAX, &out));
	json_decref(v);
	ck_assert(!val_fixed(NULL, 3, 0, 100, &out));
}
END_TEST

START_TEST(test_mg_every_value)
{
	/* Every dose with at most 3 decimals reads back exactly, as text and as a value. */
	char text[64];
	for (int64_t ug = 0; ug <= 100000000; ug += ug < 30000 ? 1 : 9973) {
		int64_t back = -1;
		json_t *v;
		snprintf(text, sizeof text, "%lld.%03lld", (long long)(ug / 1000), (long long)(ug % 1000));
		v = parse_any(text);
		ck_assert_msg(val_mg(v, &back), "refused %s", text);
		ck_assert_msg(back == ug, "%s: %lld", text, (long long)back);
		json_decref(v);

		/* val_mg_json and back, through the wire format. */
		v = val_mg_json(ug);
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		json_decref(v);
		ck_assert_ptr_nonnull(s);
		v = parse_any(s);
		back = -1;
		ck_assert_msg(val_mg(v, &back) && back == ug, "%lld -> %s -> %lld", (long long)ug, s,
		    (long long)back);
		json_decref(v);
		free(s);
	}
}
END_TEST

START_TEST(test_integer)
{
	static const struct { const char *json; int64_t min, max; bool ok; int64_t want; } t[] = {
		{ "70", 0, 150, true, 70 },
		{ "70.0", 0, 150, true, 70 },
		{ "70.5", 0, 150, false, 0 },
		{ "151", 0, 150, false, 0 },
		{ "-1", 0, 150, false, 0 },
		{ "0", 0, 150, true, 0 },
		{ "150", 0, 150, true, 150 },
		{ "1e2", 0, 150, true, 100 },
		{ "\"70\"", 0, 150, false, 0 },
		{ "false", 0, 150, false, 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		json_t *v = parse_any(t[i].json);
		int64_t out = -4242;
		bool ok = val_integer(v, t[i].min, t[i].max, &out);
		ck_assert_msg(ok == t[i].ok, "%s: %s", t[i].json, ok ? "accepted" : "refused");
		if (ok)
			ck_assert_int_eq(out, t[i].want);
		json_decref(v);
	}
}
END_TEST

START_TEST(test_mg_json)
{
	static const struct { int64_t v; int decimals; const char *text; } t[] = {
		{ 125, 3, "0.125" },
		{ 4000, 3, "4" },
		{ 375, 3, "0.375" },
		{ 1, 3, "0.001" },
		{ 0, 3, "0" },
		{ 2700000, 3, "2700" },
		{ 1400500, 3, "1400.5" },
		{ 88, 3, "0.088" },
		{ 405, 1, "40.5" },
		{ 400, 1, "40" },
		{ 5, 1, "0.5" },
		{ 680, 1, "68" },
		{ 578, 1, "57.8" },
		{ 70, 0, "70" },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		json_t *v = t[i].decimals == 3 ? val_mg_json(t[i].v) : val_fixed_json(t[i].v, t[i].decimals);
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		ck_assert_ptr_nonnull(s);
		ck_assert_msg(strcmp(s, t[i].text) == 0, "%lld/%d: %s, want %s", (long long)t[i].v,
		    t[i].decimals, s, t[i].text);
		free(s);
		json_decref(v);
	}
}
END_TEST

/* ---- text ---- */

START_TEST(test_text)
{
	static const struct {
		const char *s;
		size_t len;          /* 0: strlen */
		size_t max;
		bool newline, ok;
	} t[] = {
		{ "", 0, 100, false, false },
		{ "abc", 0, 3, false, true },
		{ "abcd", 0, 3, false, false },
		{ "Zo\xc3\xab", 0, 100, false, true },      /* "Zoë", 4 bytes */
		{ "Zo\xc3\xab", 0, 4, false, true },
		{ "Zo\xc3\xab", 0, 3, false, false },
		{ "a\nb", 0, 100, false, false },
		{ "a\nb", 0, 100, true, true },
		{ "a\x01" "b", 0, 100, true, false },
		{ "a\x1b[0m", 0, 100, true, false },
		{ "a\x7f", 0, 100, true, false },
		{ "a\0b", 3, 100, true, false },            /* embedded NUL */
		{ "\0", 1, 100, true, false },
		{ "MRN-1001", 0, 100, false, true },
		{ "\xe2\x80\x94 dash", 0, 100, false, true },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		size_t len = t[i].len ? t[i].len : strlen(t[i].s);
		json_t *v = json_stringn(t[i].s, len);
		ck_assert_ptr_nonnull(v);
		ck_assert_msg(val_text(v, t[i].max, t[i].newline) == t[i].ok, "row %zu", i);
		json_decref(v);
	}
	json_t *n = json_integer(5);
	ck_assert(!val_text(n, 100, false));
	json_decref(n);
	ck_assert(!val_text(json_null(), 100, false));
}
END_TEST

/* ---- shape ---- */

static const struct val_field FIELDS[] = {
	{ "drug", VT_STRING, true, false },
	{ "start_mg", VT_NUMBER, false, false },
	{ "max_mg", VT_NUMBER, false, true },
	{ "interval_days", VT_INTEGER, false, false },
	{ "taper", VT_BOOL, false, false },
	{ "tags", VT_ARRAY, false, false },
	{ "meta", VT_OBJECT, false, true },
};

START_TEST(test_shape)
{
	static const struct {
		const char *body;
		int status;
		const char *fields;     /* the errors' fields, comma-separated, in order */
	} t[] = {
		{ "{\"drug\":\"pramipexole\"}", 0, NULL },
		{ "{\"drug\":\"pramipexole\",\"max_mgs\":4}", 422, "max_mgs" },
		{ "{\"drug\":5}", 400, "drug" },
		{ "{}", 422, "drug" },
		{ "{\"start_mg\":1}", 422, "drug" },
		{ "{\"drug\":\"x\",\"max_mg\":null}", 0, NULL },
		{ "{\"drug\":\"x\",\"meta\":null}", 0, NULL },
		{ "{\"drug\":\"x\",\"start_mg\":null}", 400, "start_mg" },
		{ "{\"drug\":null}", 400, "drug" },
		{ "{\"drug\":\"x\",\"interval_days\":7}", 0, NULL },
		{ "{\"drug\":\"x\",\"interval_days\":\"7\"}", 400, "interval_days" },
		{ "{\"drug\":\"x\",\"taper\":1}", 400, "taper" },
		{ "{\"drug\":\"x\",\"taper\":true,\"tags\":[],\"meta\":{}}", 0, NULL },
		{ "{\"drug\":\"x\",\"tags\":{}}", 400, "tags" },
		{ "{\"drug\":\"x\",\"meta\":[]}", 400, "meta" },
		{ "{\"drug\":\"x\",\"start_mg\":\"0.125\"}", 400, "start_mg" },
		{ "{\"drug\":\"x\",\"start_mg\":0.125,\"max_mg\":4}", 0, NULL },
		/* A wrong type outranks an unknown field. */
		{ "{\"drug\":\"x\",\"max_mgs\":4,\"start_mg\":\"1\"}", 400, "start_mg" },
		{ "{\"max_mgs\":4}", 422, "max_mgs,drug" },
		{ "{\"drug\":\"x\",\"Drug\":\"y\"}", 422, "Drug" },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		json_t *body = parse_any(t[i].body);
		json_t *errors = (json_t *)1;
		int status = val_shape(body, FIELDS, ARRAY_LEN(FIELDS), &errors);
		ck_assert_msg(status == t[i].status, "%s: %d, want %d", t[i].body, status, t[i].status);
		if (t[i].fields == NULL) {
			ck_assert_ptr_null(errors);
		} else {
			char got[256] = "";
			size_t k;
			json_t *err;
			ck_assert_msg(json_is_array(errors), "%s: no errors array", t[i].body);
			json_array_foreach(errors, k, err) {
				const char *field = json_string_value(json_object_get(err, "field"));
				const char *message = json_string_value(json_object_get(err, "message"));
				ck_assert_ptr_nonnull(field);
				ck_assert_msg(message != NULL && message[0] != '\0', "%s: no message", t[i].body);
				ck_assert_uint_eq(json_object_size(err), 2);
				if (k > 0)
					strcat(got, ",");
				strcat(got, field);
			}
			ck_assert_msg(strcmp(got, t[i].fields) == 0, "%s: fields %s, want %s", t[i].body,
			    got, t[i].fields);
		}
		json_decref(errors);
		json_decref(body);
	}
}
END_TEST

/* ---- util ---- */

START_TEST(test_parse_id)
{
	static const char *const bad[] = {
		"0", "-1", "1e9", "abc", "01", "", "9223372036854775808", " 1", "1 ", "+1",
		"1.0", "0x10", "99999999999999999999", "12a",
	};
	static const struct { const char *s; int64_t v; } good[] = {
		{ "1", 1 }, { "42", 42 }, { "1000000", 1000000 },
		{ "922337203685477580", 922337203685477580LL },
		{ "9223372036854775799", 9223372036854775799LL },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int64_t v = 77;
		ck_assert_msg(!util_parse_id(bad[i], &v), "accepted \"%s\"", bad[i]);
		ck_assert_int_eq(v, 77);
	}
	ck_assert(!util_parse_id(NULL, &(int64_t){ 0 }));
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		int64_t v = 0;
		ck_assert_msg(util_parse_id(good[i].s, &v), "refused %s", good[i].s);
		ck_assert_int_eq(v, good[i].v);
	}
}
END_TEST

START_TEST(test_parse_id_max)
{
	/* The largest ids: every value up to INT64_MAX is a valid id. */
	static const struct { const char *s; int64_t v; } t[] = {
		{ "9223372036854775800", 9223372036854775800LL },
		{ "9223372036854775806", 9223372036854775806LL },
		{ "9223372036854775807", INT64_MAX },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		int64_t v = 0;
		ck_assert_msg(util_parse_id(t[i].s, &v), "refused %s", t[i].s);
		ck_assert_int_eq(v, t[i].v);
	}
}
END_TEST

START_TEST(test_utf8_text)
{
	static const struct {
		const char *s;
		size_t n;
		bool newline, ok;
	} t[] = {
		{ "hello", 5, false, true },
		{ "Zo\xc3\xab", 4, false, true },
		{ "\xc0\xaf", 2, false, false },             /* overlong '/' */
		{ "\xc1\xbf", 2, false, false },
		{ "\xe0\x80\xaf", 3, false, false },         /* overlong, 3 bytes */
		{ "\xf0\x80\x80\xaf", 4, false, false },     /* overlong, 4 bytes */
		{ "\xed\xa0\x80", 3, false, false },         /* surrogate U+D800 */
		{ "\xed\xbf\xbf", 3, false, false },         /* surrogate U+DFFF */
		{ "\xed\x9f\xbf", 3, false, true },          /* U+D7FF */
		{ "\xee\x80\x80", 3, false, true },          /* U+E000 */
		{ "\xf0\x9f\x98\x80", 4, false, true },      /* U+1F600 */
		{ "\xf4\x8f\xbf\xbf", 4, false, true },      /* U+10FFFF */
		{ "\xf4\x90\x80\x80", 4, false, false },     /* above U+10FFFF */
		{ "\xf5\x80\x80\x80", 4, false, false },
		{ "\xc3", 1, false, false },                 /* truncated */
		{ "a\xc3", 2, false, false },
		{ "\xe2\x82", 2, false, false },
		{ "\xf0\x9f\x98", 3, false, false },
		{ "\xe2\x82" "a", 3, false, false },
		{ "\x80", 1, false, false },                  /* lone continuation */
		{ "\xbf" "a", 2, false, false },
		{ "\xff", 1, false, false },
		{ "a\0b", 3, true, false },
		{ "a\x01", 2, true, false },
		{ "a\x7f", 2, true, false },
		{ "a\nb", 3, false, false },
		{ "a\nb", 3, true, true },
		{ "a\r\nb", 4, true, true },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		ck_assert_msg(util_utf8_text(t[i].s, t[i].n, t[i].newline) == t[i].ok,
		    "row %zu: %s", i, t[i].ok ? "refused" : "accepted");
}
END_TEST

START_TEST(test_base64url)
{
	static const struct { const char *in; size_t n; const char *out; } t[] = {
		{ "", 0, "" },
		{ "f", 1, "Zg" },
		{ "fo", 2, "Zm8" },
		{ "foo", 3, "Zm9v" },
		{ "foob", 4, "Zm9vYg" },
		{ "fooba", 5, "Zm9vYmE" },
		{ "foobar", 6, "Zm9vYmFy" },
		{ "\xfb\xff", 2, "-_8" },                 /* standard base64: "+/8=" */
		{ "\xfb\xff\xbf", 3, "-_-_" },
		{ "\x00\x00\x00", 3, "AAAA" },
		{ "\xff\xff\xff\xff", 4, "_____w" },
	};
	char out[64];
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		memset(out, 'X', sizeof out);
		util_base64url((const uint8_t *)t[i].in, t[i].n, out);
		ck_assert_str_eq(out, t[i].out);
		ck_assert_uint_eq(strlen(out), (4 * t[i].n + 2) / 3);
	}
}
END_TEST

START_TEST(test_copy_and_compare)
{
	char buf[4];
	ck_assert(util_copy(buf, sizeof buf, "abc"));
	ck_assert_str_eq(buf, "abc");
	ck_assert(!util_copy(buf, sizeof buf, "abcd"));
	ck_assert_str_eq(buf, "");
	ck_assert(util_copy(buf, sizeof buf, ""));
	ck_assert_str_eq(buf, "");

	ck_assert(util_ct_equal("abcdef", "abcdef", 6));
	ck_assert(!util_ct_equal("abcdef", "abcdeF", 6));
	ck_assert(!util_ct_equal("Abcdef", "abcdef", 6));
	ck_assert(util_ct_equal("abcdef", "abcdeF", 5));
	ck_assert(util_ct_equal("", "x", 0));
}
END_TEST

START_TEST(test_random)
{
	uint8_t a[32], b[32];
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	ck_assert(util_random(a, sizeof a));
	ck_assert(util_random(b, sizeof b));
	ck_assert(memcmp(a, b, sizeof a) != 0);
	ck_assert(util_random(a, 0));
}
END_TEST

/* ---- sha256 ---- */

START_TEST(test_sha256)
{
	static const struct { const char *in; const char *hex; } t[] = {
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	char hex[SHA256_HEX_LEN];
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		sha256_hex(t[i].in, strlen(t[i].in), hex);
		ck_assert_str_eq(hex, t[i].hex);
	}
}
END_TEST

START_TEST(test_sha256_incremental)
{
	/* One million 'a' (FIPS 180-2), fed in uneven pieces. */
	static const uint8_t want[SHA256_LEN] = {
		0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7,
		0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc,
		0xc7, 0x11, 0x2c, 0xd0,
	};
	static char a[1100];
	struct sha256 c;
	uint8_t out[SHA256_LEN];
	size_t done = 0, piece = 1;
	memset(a, 'a', sizeof a);
	sha256_init(&c);
	while (done < 1000000) {
		size_t n = piece;
		if (n > 1000000 - done)
			n = 1000000 - done;
		sha256_update(&c, a, n);
		done += n;
		piece = piece % 997 + 63;
	}
	sha256_final(&c, out);
	ck_assert_mem_eq(out, want, SHA256_LEN);

	/* Split at every point of a 200-byte message: same digest as one-shot. */
	char msg[200], hex1[SHA256_HEX_LEN], hex2[SHA256_HEX_LEN];
	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (char)(i * 7 + 3);
	sha256_hex(msg, sizeof msg, hex1);
	for (size_t cut = 0; cut <= sizeof msg; cut++) {
		static const char digits[] = "0123456789abcdef";
		sha256_init(&c);
		sha256_update(&c, msg, cut);
		sha256_update(&c, msg + cut, sizeof msg - cut);
		sha256_final(&c, out);
		for (size_t k = 0; k < SHA256_LEN; k++) {
			hex2[2 * k] = digits[out[k] >> 4];
			hex2[2 * k + 1] = digits[out[k] & 15];
		}
		hex2[2 * SHA256_LEN] = '\0';
		ck_assert_str_eq(hex2, hex1);
	}
}
END_TEST

/* Numbers exact or refused: a literal the parser would round to 0 (or to infinity) is caught. */
START_TEST(test_numbers_exact)
{
	static const char *const ok[] = { "{}", "{\"a\":0}", "{\"a\":0.0}", "{\"a\":0e5}",
		"{\"a\":-0E-400}", "{\"a\":1e-300}", "{\"a\":1.5e3,\"b\":[2,3]}",
		"{\"s\":\"1e-400\"}", "{\"s\":\"a\\\"1e-400\"}" };
	static const char *const bad[] = { "{\"a\":1e-400}", "{\"a\":-1e-400}", "{\"a\":2.5E-999}",
		"{\"a\":4.9e-324}", "{\"a\":{\"b\":[1,1e-400]}}", "{\"a\":1e400}", "{\"a\":0.0001e-320}" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		ck_assert_msg(val_numbers_exact(ok[i], strlen(ok[i])), "refused %s", ok[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!val_numbers_exact(bad[i], strlen(bad[i])), "accepted %s", bad[i]);
}
END_TEST

START_TEST(test_actor_reserved)
{
	ck_assert(val_actor_reserved("titrad"));
	ck_assert(val_actor_reserved("TITRAD"));
	ck_assert(val_actor_reserved("system"));
	ck_assert(val_actor_reserved("cli"));
	ck_assert(!val_actor_reserved("titrad-ehr"));
	ck_assert(!val_actor_reserved("dr-smith"));
}
END_TEST

/* RFC 9110 13.1: lists, weak tags, whitespace; If-Match strong, If-None-Match weak. */
START_TEST(test_etag_lists)
{
	const char *t = "\"p1-v3\"";
	ck_assert_int_eq(etag_list_match("\"p1-v3\"", t, false), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match("\"x\", \"p1-v3\"", t, false), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match("\"x\",\"p1-v3\"", t, false), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match("  \"p1-v3\" \t", t, false), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match(", ,\"p1-v3\",", t, false), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match("*", t, false), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match(" * ", t, true), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match("\"p1-v2\"", t, false), ETAG_NO_MATCH);
	ck_assert_int_eq(etag_list_match("\"p1-v3 \"", t, false), ETAG_BAD);
	ck_assert_int_eq(etag_list_match("W/\"p1-v3\"", t, false), ETAG_NO_MATCH);   /* strong compare */
	ck_assert_int_eq(etag_list_match("W/\"p1-v3\"", t, true), ETAG_MATCH);       /* weak compare */
	ck_assert_int_eq(etag_list_match("\"x\", W/\"p1-v3\"", t, true), ETAG_MATCH);
	ck_assert_int_eq(etag_list_match("p1-v3", t, false), ETAG_BAD);
	ck_assert_int_eq(etag_list_match("\"p1-v3", t, false), ETAG_BAD);
	ck_assert_int_eq(etag_list_match("\"a\" \"p1-v3\"", t, false), ETAG_BAD);
	ck_assert_int_eq(etag_list_match("", t, false), ETAG_BAD);
	ck_assert_int_eq(etag_list_match("*, \"p1-v3\"", t, false), ETAG_BAD);
	ck_assert_int_eq(etag_list_match("\"p1-v3\"x", t, false), ETAG_BAD);
}
END_TEST

static Suite *
validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc;

	tc = tcase_create("numbers");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_fixed);
	tcase_add_test(tc, test_fixed_no_rounding);
	tcase_add_test(tc, test_fixed_built_values);
	tcase_add_test(tc, test_mg_every_value);
	tcase_add_test(tc, test_integer);
	tcase_add_test(tc, test_mg_json);
	tcase_add_test(tc, test_numbers_exact);
	tcase_add_test(tc, test_actor_reserved);
	tcase_add_test(tc, test_etag_lists);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("shape");
	tcase_add_test(tc, test_shape);
	suite_add_tcase(s, tc);

	tc = tcase_create("util");
	tcase_add_test(tc, test_parse_id);
	tcase_add_test(tc, test_parse_id_max);
	tcase_add_test(tc, test_utf8_text);
	tcase_add_test(tc, test_base64url);
	tcase_add_test(tc, test_copy_and_compare);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);

	tc = tcase_create("sha256");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sha256);
	tcase_add_test(tc, test_sha256_incremental);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(validate_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
