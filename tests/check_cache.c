/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_cache.c - the response cache, the write-free GET and the O(1)
 * flag counts, through the HTTP contract.
 *
 * Every cached route answers byte for byte what the uncached handler
 * answers (the cache is switched off for a request by taking app->cache
 * away); after each kind of write (hold, resume, patient PATCH, a renal
 * change, a flag review, a medication added and stopped, a check-in, a
 * write through another store connection as another titrad process would
 * make) the next GET shows the new state; a revoked token is refused on a
 * route whose answer is cached; hits and misses move in /metrics; a budget
 * smaller than one body keeps nothing and still answers.  A GET-only load
 * begins no write transaction, and last_used_at is still written, later.
 * The open-flag counts in /metrics equal a GROUP BY over the flags after
 * inserts, reviews and supersedes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "engine/datetime.h"
#include "http/cache.h"
#include "http/token_use.h"
#include "testhttp.h"
#include "testtmp.h"

static struct th T;
static int64_t PID, RID;
static char PTOK[AUTH_TOKEN_LEN];

#define EXPECT(r, want) \
	ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d; body: %s", \
	    __FILE__, __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

static void
at_noon(void)
{
	/* 2026-12-01T12:00:00Z: the regimen starts today. */
	T.app->fixed_now = (time_t)dt_days_from_civil(2026, 12, 1) * 86400 + 12 * 3600;
}

static void
fixture(void)
{
	at_noon();
	PID = th_patient(&T, "MRN-CACHE");
	RID = th_regimen(&T, PID, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\"}");
	th_token_ex(&T, "patient", PID, "cache-patient", NULL, PTOK);
}

static void
setup(void)
{
	th_start(&T);
	fixture();
}

static void
teardown(void)
{
	th_stop(&T);
}

/* A value of /metrics: the first line starting with name (labels included); -1 if absent. */
static long long
metric(const char *name)
{
	struct th_resp r;
	long long v = -1;
	th_get(&T, "/metrics", NULL, &r);
	EXPECT(&r, 200);
	size_t n = strlen(name);
	for (const char *p = r.body; p != NULL && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && p[n] == ' ') {
			v = atoll(p + n + 1);
			break;
		}
	th_resp_free(&r);
	return v;
}

/* GET path with the cache on (cached) or off; the answer in *out. */
static void
get_as(const char *path, const char *token, bool cached, struct th_resp *out)
{
	struct resp_cache *keep = T.app->cache;
	if (!cached)
		T.app->cache = NULL;    /* this request renders as if there were no cache */
	th_get(&T, path, token, out);
	T.app->cache = keep;
	EXPECT(out, 200);
}

/* The cached answer (twice: the second from the cache) is the uncached one, byte for byte and header for header. */
static void
same_as_uncached(const char *path, const char *token)
{
	struct th_resp a, b, c;
	get_as(path, token, true, &a);
	get_as(path, token, true, &b);
	get_as(path, token, false, &c);
	const struct th_resp *v[] = { &a, &b };
	for (size_t i = 0; i < 2; i++) {
		ck_assert_msg(v[i]->body_len == c.body_len && memcmp(v[i]->body, c.body, c.body_len) == 0,
		    "%s: cached body %zu differs from uncached:\n%.300s\n---\n%.300s", path, i, v[i]->body, c.body);
		ck_assert_str_eq(v[i]->content_type, c.content_type);
		ck_assert_str_eq(v[i]->etag, c.etag);
		ck_assert_str_eq(v[i]->allow, c.allow);
		ck_assert_str_eq(v[i]->csp, c.csp);
	}
	th_resp_free(&a);
	th_resp_free(&b);
	th_resp_free(&c);
}

/* buf with the regimen's path: fmt is a literal with one %lld, the regimen id. */
#define route(buf, cap, fmt) (snprintf((buf), (cap), fmt, (long long)RID), (const char *)(buf))

/* Every cached route, as clinic and as the patient (header and ?token=). */
static void
all_same(void)
{
	char p[160];
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/calendar"), T.clinic);
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/calendar?from=2026-12-03&to=2026-12-20"), T.clinic);
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/calendar.ics"), T.clinic);
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/calendar.html"), T.clinic);
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/fhir"), T.clinic);
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/calendar"), PTOK);
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/calendar.ics"), PTOK);
	same_as_uncached(route(p, sizeof p, "/v1/regimens/%lld/calendar.html"), PTOK);
	char q[256];
	snprintf(q, sizeof q, "/v1/regimens/%lld/calendar.ics?token=%s", (long long)RID, PTOK);
	same_as_uncached(q, NULL);
	snprintf(q, sizeof q, "/v1/regimens/%lld/calendar.html?token=%s", (long long)RID, PTOK);
	same_as_uncached(q, NULL);
}

START_TEST(test_identical_and_counted)
{
	long long h0 = metric("titrad_cache_hits_total"), m0 = metric("titrad_cache_misses_total");
	ck_assert_int_ge(h0, 0);
	all_same();
	/* Ten routes, each fetched twice with the cache: one miss, then one hit. */
	ck_assert_int_eq(metric("titrad_cache_hits_total") - h0, 10);
	ck_assert_int_eq(metric("titrad_cache_misses_total") - m0, 10);
	ck_assert_int_gt(metric("titrad_cache_bytes"), 0);
}
END_TEST

/* The calendar before a write, cached; after it, what the handler now says. */
static char *
cached_calendar(void)
{
	char p[96];
	struct th_resp r;
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar.ics"), PTOK, true, &r);
	th_resp_free(&r);
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar"), T.clinic, true, &r);
	char *body = strdup(r.body);
	th_resp_free(&r);
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar"), T.clinic, true, &r);
	ck_assert_str_eq(r.body, body);
	th_resp_free(&r);
	return body;
}

static void
post_ok(const char *path, const char *token, const char *json, int want)
{
	struct th_resp r;
	th_post(&T, path, token, json, &r);
	EXPECT(&r, want);
	th_resp_free(&r);
}

/* PATCH the fixture's patient with json, expecting 200. */
static void
patch_patient(const char *json)
{
	char p[64];
	struct th_resp r;
	snprintf(p, sizeof p, "/v1/patients/%lld", (long long)PID);
	th_patch(&T, p, T.clinic, json, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
}

/* After a write: every route is the uncached answer; changed says the calendar JSON must differ from before. */
static void
after_write(char *before, bool changed)
{
	char p[96];
	struct th_resp r;
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar"), T.clinic, true, &r);
	if (changed)
		ck_assert_msg(strcmp(r.body, before) != 0, "the calendar did not change: %.300s", r.body);
	th_resp_free(&r);
	free(before);
	all_same();
}

START_TEST(test_coherent_after_writes)
{
	char p[128];
	char *before = cached_calendar();

	post_ok(route(p, sizeof p, "/v1/regimens/%lld/hold"), T.clinic, "{\"date\":\"2026-12-05\",\"reason\":\"travel\"}", 200);
	after_write(before, true);

	before = cached_calendar();
	post_ok(route(p, sizeof p, "/v1/regimens/%lld/resume"), T.clinic, "{\"date\":\"2026-12-08\"}", 200);
	after_write(before, true);

	/* PATCH: the patient's name is on the printable calendar. */
	before = cached_calendar();
	struct th_resp r;
	patch_patient("{\"display_name\":\"Renamed Patient\"}");
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar.html"), T.clinic, true, &r);
	ck_assert_msg(strstr(r.body, "Renamed Patient") != NULL, "%s", r.body);
	th_resp_free(&r);
	after_write(before, false);

	/* A renal change: a low CrCl caps the dose. */
	before = cached_calendar();
	patch_patient("{\"crcl_ml_min\":15}");
	after_write(before, false);

	/* A medication added (flags raised) and stopped (flags resolved). */
	before = cached_calendar();
	snprintf(p, sizeof p, "/v1/patients/%lld/medications", (long long)PID);
	th_post(&T, p, T.clinic, "{\"name\":\"Tylenol #3\"}", &r);
	EXPECT(&r, 201);
	int64_t mid = th_int(r.json, "id");
	th_resp_free(&r);
	after_write(before, false);
	before = cached_calendar();
	snprintf(p, sizeof p, "/v1/patients/%lld/medications/%lld", (long long)PID, (long long)mid);
	th_request(&T, "DELETE", p, T.clinic, NULL, NULL, NULL, &r);
	ck_assert_msg(r.status == 200 || r.status == 204, "DELETE: %ld %s", r.status, r.body);
	th_resp_free(&r);
	after_write(before, false);

	/* A review of an open flag. */
	snprintf(p, sizeof p, "/v1/flags?patient_id=%lld&status=open", (long long)PID);
	th_get(&T, p, T.pharmacist, &r);
	EXPECT(&r, 200);
	json_t *items = json_object_get(r.json, "items");
	ck_assert_msg(json_array_size(items) > 0, "no open flag to review: %s", r.body);
	int64_t fid = th_int(json_array_get(items, 0), "id");
	th_resp_free(&r);
	before = cached_calendar();
	snprintf(p, sizeof p, "/v1/flags/%lld/review", (long long)fid);
	post_ok(p, T.pharmacist, "{\"decision\":\"acknowledged\",\"note\":\"seen\"}", 200);
	after_write(before, false);

	/* A check-in. */
	before = cached_calendar();
	post_ok(route(p, sizeof p, "/v1/regimens/%lld/checkins"), PTOK, "{\"night\":\"2026-12-01\",\"severity\":3}", 201);
	after_write(before, false);
}
END_TEST

START_TEST(test_other_connection)
{
	/* Another titrad process on the same database: a commit through a connection of its own. */
	char *before = cached_calendar();
	struct store_regimen reg;
	char now[DT_STAMP_LEN];
	dt_format_stamp(T.app->fixed_now, now);
	ck_assert_int_eq(store_begin(T.db, true), STORE_OK);
	ck_assert_int_eq(store_regimen_get(T.db, RID, &reg), STORE_OK);
	ck_assert_int_eq(store_event_insert(T.db, RID, "stop", "2026-12-03", "other process", now, "other"), STORE_OK);
	ck_assert_int_eq(store_regimen_set_status(T.db, &reg, "stopped", now), STORE_OK);
	ck_assert_int_eq(store_commit(T.db), STORE_OK);
	after_write(before, true);
}
END_TEST

START_TEST(test_revoked_on_cached_route)
{
	char p[96];
	struct th_resp r;
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar.ics"), PTOK, true, &r);
	th_resp_free(&r);
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar.ics"), PTOK, true, &r);
	th_resp_free(&r);
	long long hits = metric("titrad_cache_hits_total");
	ck_assert_int_ge(hits, 1);
	ck_assert_int_eq(th_revoke(&T, "cache-patient"), STORE_OK);
	th_get(&T, p, PTOK, &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	ck_assert_int_eq(metric("titrad_cache_hits_total"), hits);
	/* Another patient's token never gets this patient's cached answer. */
	char other[AUTH_TOKEN_LEN];
	th_token(&T, "patient", th_patient(&T, "MRN-OTHER"), other);
	th_get(&T, p, other, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
}
END_TEST

/* A fixture whose daemon starts with one setting changed. */
#define SETUP_WITH(name, key, value) \
	static void name##_cfg(struct titrad_config *cfg) { cfg->key = value; } \
	static void name(void) { th_start_ex(&T, name##_cfg); fixture(); }

SETUP_WITH(setup_tiny, cache_bytes, 100)
SETUP_WITH(setup_no_flush, token_use_flush, 3600)
SETUP_WITH(setup_fast_flush, token_use_flush, 1)

START_TEST(test_budget_smaller_than_a_body)
{
	all_same();
	ck_assert_int_eq(metric("titrad_cache_hits_total"), 0);
	ck_assert_int_eq(metric("titrad_cache_bytes"), 0);
	ck_assert_int_gt(metric("titrad_cache_misses_total"), 0);
}
END_TEST

START_TEST(test_get_writes_nothing)
{
	char p[160];
	struct th_resp r;
	uint64_t w0 = store_write_tx_count();
	for (int i = 0; i < 20; i++) {
		get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar"), T.clinic, i % 2 == 0, &r);
		th_resp_free(&r);
		get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar.ics"), PTOK, true, &r);
		th_resp_free(&r);
		snprintf(p, sizeof p, "/v1/patients/%lld", (long long)PID);
		get_as(p, T.clinic, true, &r);
		th_resp_free(&r);
	}
	ck_assert_uint_eq(store_write_tx_count(), w0);
	/* The uses were noted: one flush writes them, in one write transaction. */
	ck_assert_int_eq(token_use_flush(T.app->token_use), STORE_OK);
	ck_assert_uint_eq(store_write_tx_count(), w0 + 1);
	struct store_token t[8];
	size_t n;
	ck_assert_int_eq(store_token_list(T.db, 0, 8, t, &n), STORE_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].label, "cache-patient") == 0 || strcmp(t[i].role, "clinic") == 0)
			ck_assert_msg(t[i].last_used_at[0] != '\0', "%s: last_used_at not written", t[i].label);
}
END_TEST

START_TEST(test_last_used_eventually)
{
	char p[96];
	struct th_resp r;
	get_as(route(p, sizeof p, "/v1/regimens/%lld/calendar.ics"), PTOK, true, &r);
	th_resp_free(&r);
	bool written = false;
	for (int i = 0; i < 40 && !written; i++) {
		struct store_token t[8];
		size_t n;
		usleep(100000);
		ck_assert_int_eq(store_token_list(T.db, 0, 8, t, &n), STORE_OK);
		for (size_t k = 0; k < n; k++)
			written = written || (strcmp(t[k].label, "cache-patient") == 0 && t[k].last_used_at[0] != '\0');
	}
	ck_assert_msg(written, "the patient token's last_used_at was not written within 4 s");
}
END_TEST

/* titrad_flags_open in /metrics against a GROUP BY over the flag table. */
static void
counts_match(void)
{
	static const char *const sev[] = { "info", "warning", "critical" };
	long long want[3];
	for (int i = 0; i < 3; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM flag WHERE status = 'open' AND severity = '%s'", sev[i]);
		want[i] = tt_db_int(T.store_path, sql);
	}
	for (int i = 0; i < 3; i++) {
		char name[64];
		snprintf(name, sizeof name, "titrad_flags_open{severity=\"%s\"}", sev[i]);
		ck_assert_msg(metric(name) == want[i], "%s: /metrics %lld, GROUP BY %lld", sev[i], metric(name), want[i]);
	}
}

START_TEST(test_flag_counts)
{
	char p[96];
	struct th_resp r;
	counts_match();
	snprintf(p, sizeof p, "/v1/patients/%lld/medications", (long long)PID);
	post_ok(p, T.clinic, "{\"name\":\"Neurontin 300 mg\"}", 201);
	post_ok(p, T.clinic, "{\"name\":\"Tylenol #3\"}", 201);
	post_ok(p, T.clinic, "{\"name\":\"Advil Night Caplets\"}", 201);
	counts_match();
	ck_assert_int_gt(metric("titrad_flags_open{severity=\"critical\"}"), 0);
	/* Renal values raise flags and, changed, supersede them. */
	const char *crcl[] = { "{\"crcl_ml_min\":25}", "{\"crcl_ml_min\":12}", "{\"crcl_ml_min\":90}" };
	for (size_t i = 0; i < 3; i++) {
		patch_patient(crcl[i]);
		counts_match();
	}
	/* Reviews take flags out of the open count. */
	snprintf(p, sizeof p, "/v1/flags?patient_id=%lld&status=open", (long long)PID);
	th_get(&T, p, T.pharmacist, &r);
	EXPECT(&r, 200);
	json_t *items = json_incref(json_object_get(r.json, "items"));
	th_resp_free(&r);
	ck_assert_int_gt(json_array_size(items), 1);
	const char *decision[] = { "acknowledged", "resolved" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(p, sizeof p, "/v1/flags/%lld/review", (long long)th_int(json_array_get(items, i), "id"));
		char body[96];
		snprintf(body, sizeof body, "{\"decision\":\"%s\",\"note\":\"checked\"}", decision[i]);
		post_ok(p, T.pharmacist, body, 200);
		counts_match();
	}
	json_decref(items);
}
END_TEST

static Suite *
cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = th_tcase("cache", setup, teardown, 60);
	tcase_add_test(tc, test_identical_and_counted);
	tcase_add_test(tc, test_coherent_after_writes);
	tcase_add_test(tc, test_other_connection);
	tcase_add_test(tc, test_revoked_on_cached_route);
	tcase_add_test(tc, test_flag_counts);
	suite_add_tcase(s, tc);
	tc = th_tcase("tiny", setup_tiny, teardown, 60);
	tcase_add_test(tc, test_budget_smaller_than_a_body);
	suite_add_tcase(s, tc);
	tc = th_tcase("no_flush", setup_no_flush, teardown, 60);
	tcase_add_test(tc, test_get_writes_nothing);
	suite_add_tcase(s, tc);
	tc = th_tcase("fast_flush", setup_fast_flush, teardown, 60);
	tcase_add_test(tc, test_last_used_eventually);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(cache_suite());
}
