/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_miss.c - the cheap miss path: bodies written without a jansson tree
 * are the bytes the tree gave.
 *
 * jsonw against json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(15)) value by
 * value; dates and times against snprintf; the note memo against
 * svc_entry_note night by night; every calendar variant (ranges, held,
 * stopped, tapering, after midnight, renal cap, dose advice, patient
 * token) and flag list pages against the trees the handlers built before:
 * the body parsed, rebuilt in the handler's old json_pack shape (dose_mg
 * from dose_ug through val_mg_json) and dumped must be the body, byte for
 * byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "base/util.h"
#include "engine/datetime.h"
#include "engine/jsonw.h"
#include "engine/validate.h"
#include "service/regimen.h"
#include "testhttp.h"

#define OLD_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

static struct th T;

static void
setup(void)
{
	th_start(&T);
}

static void
teardown(void)
{
	th_stop(&T);
}

/* What jansson writes for v, as a malloc'd string. */
static char *
dump_of(json_t *v)
{
	json_t *a = json_pack("[o]", v);
	ck_assert_ptr_nonnull(a);
	char *s = json_dumps(a, OLD_FLAGS);
	json_decref(a);
	ck_assert_ptr_nonnull(s);
	/* "[x]" -> "x" */
	size_t n = strlen(s);
	memmove(s, s + 1, n - 2);
	s[n - 2] = '\0';
	return s;
}

static void
same(struct html_buf *b, json_t *v)
{
	char *want = dump_of(v);
	char *got = html_finish(b, NULL);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0, "jsonw wrote %s, jansson %s", got, want);
	free(got);
	free(want);
}

START_TEST(test_strings)
{
	static const char *const s[] = { "", "plain", "a\"b", "back\\slash", "a/b", "tab\there", "nl\ncr\r",
		"\b\f", "\x01\x1f\x7f", "caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80", "<script>&'", "Take 0.125 mg at 21:00." };
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		struct html_buf b = { 0 };
		jsonw_str(&b, s[i]);
		same(&b, json_string(s[i]));
	}
	/* Every single ASCII byte. */
	for (int c = 1; c < 128; c++) {
		char one[2] = { (char)c, 0 };
		struct html_buf b = { 0 };
		jsonw_str(&b, one);
		same(&b, json_string(one));
	}
	struct html_buf b = { 0 };
	jsonw_str(&b, NULL);
	same(&b, json_null());
}
END_TEST

START_TEST(test_numbers)
{
	static const int64_t iv[] = { 0, 1, -1, 9, 10, 99, 100, 123456789, -987654321, INT32_MAX, INT32_MIN,
		INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) {
		struct html_buf b = { 0 };
		jsonw_int(&b, iv[i]);
		same(&b, json_integer(iv[i]));
	}
	for (int v = 0; v < 2; v++) {
		struct html_buf b = { 0 };
		jsonw_bool(&b, v);
		same(&b, json_boolean(v));
	}
	/* Every dose up to 100 mg, and large and negative ones, as val_mg_json gives them. */
	for (int64_t ug = -2000; ug <= 100000; ug++) {
		struct html_buf b = { 0 };
		jsonw_fixed(&b, ug, 3);
		same(&b, val_mg_json(ug));
	}
	static const int64_t big[] = { INT32_MAX, INT32_MIN, 999999999999, 1000000000001, 123456789012 };
	for (size_t i = 0; i < sizeof big / sizeof big[0]; i++)
		for (int d = 0; d <= 3; d++) {
			struct html_buf b = { 0 };
			jsonw_fixed(&b, big[i], d);
			same(&b, val_fixed_json(big[i], d));
		}
}
END_TEST

/* Dates and times written by hand are snprintf's "%04d-%02d-%02d" and "%02d:%02d". */
START_TEST(test_date_time_text)
{
	char got[DT_DATE_LEN], want[48];
	for (int32_t day = dt_days_from_civil(0, 1, 1) - 3; day <= dt_days_from_civil(9999, 12, 31) + 3; day += 17) {
		int y, m, d;
		dt_civil_from_days(day, &y, &m, &d);
		snprintf(want, sizeof want, "%04d-%02d-%02d", y < 0 || y > 9999 ? 0 : y, m, d);
		dt_format_date(day, got);
		ck_assert_str_eq(got, want);
	}
	for (int min = -3000; min <= 3000; min++) {
		char t[DT_TIME_LEN];
		int norm = ((min % 1440) + 1440) % 1440;
		snprintf(want, sizeof want, "%02d:%02d", norm / 60, norm % 60);
		dt_format_time(min, t);
		ck_assert_str_eq(t, want);
	}
}
END_TEST

/* The memo gives svc_entry_note's text (with the advice appended) for every kind of night. */
START_TEST(test_note_memo)
{
	static const struct titr_protocol proto = { .offset_minutes = 120 };
	struct svc_regimen ar;
	memset(&ar, 0, sizeof ar);
	ar.proto = &proto;
	util_copy(ar.row.dose_time, sizeof ar.row.dose_time, "20:00");
	util_copy(ar.row.symptom_onset, sizeof ar.row.symptom_onset, "22:00");
	const char *extras[] = { NULL, " Take it at least 2 hours after any antacid (aluminium/magnesium).",
		" A long advice line that does not fit: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" };
	for (size_t x = 0; x < 3; x++) {
		struct svc_note_memo m = { 0 };
		for (int i = 0; i < 400; i++) {
			struct titr_entry e = { .night = i + 1, .minute = 1200 + (i % 3 == 0 ? 0 : 30),
				.dose_ug = 125 * (1 + (i / 7) % 5), .phase = (enum titr_phase)(i % 11 == 0 ? TITR_PHASE_TAPER :
				    TITR_PHASE_TITRATION), .step_up = i % 7 == 0, .held = i % 13 == 0 };
			int32_t prev = e.dose_ug - 125 * (i % 4);
			size_t cap = i % 2 ? 256 : 384;
			char want[512];
			svc_entry_note(&ar, &e, prev, want, cap);
			if (extras[x] != NULL)
				strncat(want, extras[x], cap - strlen(want) - 1);
			const char *got = svc_note_get(&m, &ar, &e, prev, extras[x], cap);
			ck_assert_ptr_nonnull(got);
			ck_assert_str_eq(got, want);
		}
		/* Distinct texts only: far fewer than the nights. */
		ck_assert_uint_lt(m.n, 200);
		svc_note_memo_free(&m);
	}
}
END_TEST

/* The body as the handler's tree wrote it before: every entry through the old json_pack. */
static char *
old_body(const json_t *j)
{
	json_t *items = json_array(), *e;
	size_t i;
	json_array_foreach(json_object_get(j, "entries"), i, e) {
		json_int_t ug = json_integer_value(json_object_get(e, "dose_ug"));
		json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:o, s:i, s:s, s:b, s:s}",
		    "night", (int)json_integer_value(json_object_get(e, "night")),
		    "date", json_string_value(json_object_get(e, "date")),
		    "time", json_string_value(json_object_get(e, "time")), "dose_mg", val_mg_json(ug),
		    "dose_ug", (int)ug, "phase", json_string_value(json_object_get(e, "phase")),
		    "step_up", json_is_true(json_object_get(e, "step_up")),
		    "note", json_string_value(json_object_get(e, "note"))));
	}
	json_t *out = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o}",
	    "regimen_id", json_integer_value(json_object_get(j, "regimen_id")),
	    "patient_id", json_integer_value(json_object_get(j, "patient_id")),
	    "drug", json_string_value(json_object_get(j, "drug")),
	    "status", json_string_value(json_object_get(j, "status")),
	    "from", json_string_value(json_object_get(j, "from")),
	    "to", json_string_value(json_object_get(j, "to")), "entries", items);
	ck_assert_ptr_nonnull(out);
	char *s = json_dumps(out, OLD_FLAGS);
	json_decref(out);
	return s;
}

/* GET the calendar (query may be NULL) and assert it is the old tree's bytes; returns the entry count. */
static size_t
check_calendar(int64_t rid, const char *query, const char *token)
{
	struct th_resp r;
	char path[160];
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar%s", (long long)rid, query ? query : "");
	th_get(&T, path, token, &r);
	ck_assert_msg(r.status == 200, "%s: %ld %.300s", path, r.status, r.body ? r.body : "");
	ck_assert_msg(r.json != NULL, "%s: not JSON: %.300s", path, r.body);
	ck_assert_str_eq(r.content_type, "application/json");
	char *want = old_body(r.json);
	size_t at = 0;
	while (want[at] != '\0' && at < r.body_len && want[at] == r.body[at])
		at++;
	/* The first difference, with some context (a whole body is too long for a Check message). */
	size_t from = at > 60 ? at - 60 : 0;
	ck_assert_msg(at == r.body_len && want[at] == '\0', "%s: differs at byte %zu:\n got %.120s\nwant %.120s",
	    path, at, r.body + from, want + from);
	size_t n = json_array_size(json_object_get(r.json, "entries"));
	free(want);
	th_resp_free(&r);
	return n;
}

static time_t
noon(int y, int m, int d)
{
	return (time_t)dt_days_from_civil(y, m, d) * 86400 + 12 * 3600;
}

static void
act(int64_t rid, const char *what, const char *body)
{
	struct th_resp r;
	char path[96];
	snprintf(path, sizeof path, "/v1/regimens/%lld/%s", (long long)rid, what);
	th_post(&T, path, T.clinic, body, &r);
	ck_assert_msg(r.status == 200, "%s: %ld %.300s", path, r.status, r.body ? r.body : "");
	th_resp_free(&r);
}

static const char *const RANGES[] = { NULL, "?from=2026-12-05&to=2026-12-10", "?from=2026-12-01&to=2027-01-31",
	"?from=2026-12-15&to=2028-12-14", "?from=2030-01-01&to=2030-01-31", "?from=2026-12-03&to=2026-12-03" };

static void
check_ranges(int64_t rid, const char *token)
{
	for (size_t i = 0; i < sizeof RANGES / sizeof RANGES[0]; i++)
		check_calendar(rid, RANGES[i], token);
}

START_TEST(test_calendar_variants)
{
	T.app->fixed_now = noon(2026, 11, 20);
	int64_t pid = th_patient(&T, "MISS-1");
	int64_t pr = th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}");
	int64_t ro = th_regimen(&T, th_patient(&T, "MISS-2"), "{\"drug\":\"ropinirole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\"}");
	int64_t ga = th_regimen(&T, th_patient(&T, "MISS-3"), "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\","
	    "\"bedtime\":\"22:30\"}");
	int64_t late = th_regimen(&T, th_patient(&T, "MISS-4"), "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\","
	    "\"dose_time\":\"00:30\"}");
	ck_assert_uint_gt(check_calendar(pr, NULL, T.clinic), 10);
	check_ranges(pr, T.clinic);
	check_ranges(ro, T.clinic);
	check_ranges(ga, T.clinic);
	check_ranges(late, T.clinic);

	/* Dose advice on every line (an antacid on the list of a gabapentin patient). */
	struct th_resp r;
	char path[96];
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)ga);
	th_get(&T, path, T.clinic, &r);
	int64_t gpid = th_int(r.json, "patient_id");
	th_resp_free(&r);
	th_medication(&T, gpid, "Maalox");
	ck_assert_uint_gt(check_calendar(ga, NULL, T.clinic), 10);
	check_ranges(ga, T.clinic);

	/* Held, then resumed; stopped; tapered. */
	act(pr, "hold", "{\"date\":\"2026-12-06\",\"reason\":\"nausea\"}");
	check_ranges(pr, T.clinic);
	act(pr, "resume", "{\"date\":\"2026-12-09\"}");
	check_ranges(pr, T.clinic);
	act(ro, "stop", "{\"date\":\"2026-12-08\",\"taper\":true}");
	check_ranges(ro, T.clinic);
	act(late, "stop", "{\"date\":\"2026-12-04\"}");
	check_ranges(late, T.clinic);

	/* A patient's own token. */
	char tok[AUTH_TOKEN_LEN];
	th_token(&T, "patient", pid, tok);
	check_ranges(pr, tok);

	/* Today inside the plan: the status moves, the bytes still match. */
	T.app->fixed_now = noon(2026, 12, 20);
	check_ranges(pr, T.clinic);
	check_ranges(ro, T.clinic);
}
END_TEST

/* A renal cap: a gabapentin patient with a low creatinine clearance. */
START_TEST(test_calendar_renal_cap)
{
	struct th_resp r;
	T.app->fixed_now = noon(2026, 11, 20);
	th_post(&T, "/v1/patients", T.clinic, "{\"external_id\":\"MISS-R\",\"display_name\":\"R\",\"crcl_ml_min\":25}", &r);
	ck_assert_msg(r.status == 201, "%ld %.300s", r.status, r.body);
	int64_t pid = th_int(r.json, "id");
	th_resp_free(&r);
	int64_t ga = th_regimen(&T, pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\",\"bedtime\":\"22:30\"}");
	ck_assert_uint_gt(check_calendar(ga, NULL, T.clinic), 10);
	check_ranges(ga, T.clinic);
	int64_t pr = th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}");
	check_ranges(pr, T.clinic);
}
END_TEST

/* A member that is a string, or NULL when null (the old view set null for those). */
static json_t *
str_or_null(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string(json_string_value(v)) : json_null();
}

static json_t *
id_or_null(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? json_integer(json_integer_value(v)) : json_null();
}

/* GET a flag list page and assert it is the bytes view_flag_json's trees gave; returns its items. */
static size_t
check_flags(const char *path)
{
	struct th_resp r;
	th_get(&T, path, T.pharmacist, &r);
	ck_assert_msg(r.status == 200, "%s: %ld %.300s", path, r.status, r.body ? r.body : "");
	ck_assert_msg(r.json != NULL, "%s: not JSON: %.300s", path, r.body);
	json_t *items = json_array(), *f;
	size_t i;
	json_array_foreach(json_object_get(r.json, "items"), i, f) {
		json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		    "id", json_integer_value(json_object_get(f, "id")),
		    "patient_id", json_integer_value(json_object_get(f, "patient_id")),
		    "rule", th_str(f, "rule"), "severity", th_str(f, "severity"), "summary", th_str(f, "summary"),
		    "detail", th_str(f, "detail"), "source", th_str(f, "source"), "kb_version", th_str(f, "kb_version"),
		    "status", th_str(f, "status"), "created_at", th_str(f, "created_at"));
		ck_assert_ptr_nonnull(o);
		json_object_set_new(o, "regimen_id", id_or_null(f, "regimen_id"));
		json_object_set_new(o, "medication_id", id_or_null(f, "medication_id"));
		json_object_set_new(o, "reviewed_by", str_or_null(f, "reviewed_by"));
		json_object_set_new(o, "reviewed_at", str_or_null(f, "reviewed_at"));
		json_object_set_new(o, "review_note", str_or_null(f, "review_note"));
		json_array_append_new(items, o);
	}
	json_t *next = json_object_get(r.json, "next");
	json_t *old = json_pack("{s:o, s:O}", "items", items, "next", next);
	char *want = json_dumps(old, OLD_FLAGS);
	json_decref(old);
	ck_assert_uint_eq(strlen(want), r.body_len);
	ck_assert_msg(memcmp(want, r.body, r.body_len) == 0, "%s: %.200s", path, r.body);
	size_t n = json_array_size(json_object_get(r.json, "items"));
	free(want);
	th_resp_free(&r);
	return n;
}

START_TEST(test_flags_list)
{
	struct th_resp r;
	T.app->fixed_now = noon(2026, 11, 20);
	/* Antacids beside gabapentin: a flag each, some tied to a regimen and a medication. */
	for (int i = 0; i < 6; i++) {
		char ext[32];
		snprintf(ext, sizeof ext, "MISS-F%d", i);
		int64_t pid = th_patient(&T, ext);
		th_regimen(&T, pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\",\"bedtime\":\"22:30\"}");
		th_medication(&T, pid, "Maalox");
		if (i % 2)
			th_medication(&T, pid, "Tums");
	}
	ck_assert_uint_gt(check_flags("/v1/flags"), 5);
	/* A review note with quotes, a backslash, a slash, a newline and UTF-8 (val_text refuses other controls). */
	th_post(&T, "/v1/flags/1/review", T.pharmacist,
	    "{\"decision\":\"acknowledged\",\"note\":\"said \\\"ok\\\" \\\\ a/b\\nnext line caf\u00e9 \\u2028\"}", &r);
	ck_assert_msg(r.status == 200, "%ld %.300s", r.status, r.body);
	th_resp_free(&r);
	th_post(&T, "/v1/flags/2/review", T.pharmacist, "{\"decision\":\"resolved\"}", &r);
	ck_assert_msg(r.status == 200, "%ld %.300s", r.status, r.body);
	th_resp_free(&r);
	check_flags("/v1/flags");
	check_flags("/v1/flags?status=open");
	ck_assert_uint_eq(check_flags("/v1/flags?status=acknowledged"), 1);
	/* Pages: a full page names the next one. */
	ck_assert_uint_eq(check_flags("/v1/flags?limit=2"), 2);
	check_flags("/v1/flags?limit=2&after=2");
	check_flags("/v1/flags?patient_id=99999");
}
END_TEST

static Suite *
miss_suite(void)
{
	Suite *s = suite_create("miss");
	TCase *tc = tcase_create("jsonw");
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_note_memo);
	tcase_add_test(tc, test_date_time_text);
	suite_add_tcase(s, tc);
	tc = th_tcase("calendar", setup, teardown, 60);
	tcase_add_test(tc, test_calendar_variants);
	tcase_add_test(tc, test_calendar_renal_cap);
	tcase_add_test(tc, test_flags_list);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(miss_suite());
}
