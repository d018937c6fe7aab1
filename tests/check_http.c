/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_http.c - the HTTP contract (doc/openapi.yaml) against the real daemon,
 * started in-process on port 0 with a fresh database for every test.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "autoconfig.h"
#include "base/config.h"
#include "base/log.h"
#include "base/util.h"
#include "engine/datetime.h"
#include "testhttp.h"

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

#define EXPECT(r, want) \
	ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d; body: %s", \
	    __FILE__, __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

#define NUM_EQ(obj, key, want) do { \
	double v_ = th_num((obj), (key)); \
	ck_assert_msg(fabs(v_ - (double)(want)) < 1e-9, "%s = %g, want %g", (key), v_, (double)(want)); \
} while (0)

#define STR_EQ(obj, key, want) do { \
	const char *s_ = th_str((obj), (key)); \
	ck_assert_msg(s_ != NULL && strcmp(s_, (want)) == 0, "%s = '%s', want '%s'", (key), \
	    s_ ? s_ : "(absent)", (want)); \
} while (0)

static const char PRAMI[] =
    "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}";

/* GET a path and ck_assert the status; the caller frees r. */
static void
get_ok(const char *path, const char *token, struct th_resp *r)
{
	th_get(&T, path, token, r);
	EXPECT(r, 200);
	ck_assert_ptr_nonnull(r->json);
}

static json_t *
entries_of(const struct th_resp *r)
{
	json_t *e = json_object_get(r->json, "entries");
	ck_assert_msg(json_is_array(e), "no entries: %s", r->body);
	return e;
}

/* The calendar entry of night n, or NULL. */
static json_t *
night(const struct th_resp *r, int n)
{
	json_t *entries = entries_of(r), *e;
	size_t i;
	json_array_foreach(entries, i, e)
		if (th_int(e, "night") == n)
			return e;
	return NULL;
}

static void
calendar(int64_t rid, const char *query, const char *token, struct th_resp *r)
{
	char path[160];
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar%s", (long long)rid, query ? query : "");
	get_ok(path, token, r);
}

static long
action(int64_t rid, const char *what, const char *body, struct th_resp *r)
{
	char path[96];
	snprintf(path, sizeof path, "/v1/regimens/%lld/%s", (long long)rid, what);
	return th_post(&T, path, T.clinic, body, r);
}

struct counts {
	int64_t patient, regimen, event, audit, renal;
};

static void
counts(struct counts *c)
{
	c->patient = th_count(&T, "patient");
	c->regimen = th_count(&T, "regimen");
	c->event = th_count(&T, "regimen_event");
	c->audit = th_count(&T, "audit");
	c->renal = th_count(&T, "patient_renal");
	ck_assert(c->patient >= 0 && c->regimen >= 0 && c->event >= 0 && c->audit >= 0 && c->renal >= 0);
}

/* Send a request that must fail with `status` and write nothing. */
static void
bad_len(const char *method, const char *path, const char *ctype, const char *body, size_t len,
    long status, const char *what)
{
	struct counts before, after;
	struct th_resp r;

	counts(&before);
	th_request_len(&T, method, path, T.clinic, ctype, body, len, NULL, &r);
	ck_assert_msg(r.status == status, "%s: status %ld, want %ld; body: %s", what, r.status, status,
	    r.body);
	th_assert_problem(&r, status);
	th_resp_free(&r);
	counts(&after);
	ck_assert_msg(memcmp(&before, &after, sizeof before) == 0, "%s: something was written", what);
}

static void
bad(const char *method, const char *path, const char *body, long status, const char *what)
{
	bad_len(method, path, "application/json", body, body ? strlen(body) : 0, status, what);
}

/* ================================================================ system */

START_TEST(test_health)
{
	struct th_resp r;
	th_get(&T, "/v1/health", NULL, &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.content_type, "application/json");
	STR_EQ(r.json, "status", "ok");
	STR_EQ(r.json, "version", PACKAGE_VERSION);
	ck_assert(json_is_integer(json_object_get(r.json, "schema_version")));
	ck_assert_int_eq(th_int(r.json, "schema_version"), store_latest_version());
	STR_EQ(r.json, "store", store_backend_name(T.db));
	ck_assert(strcmp(store_backend_name(T.db), "sqlite") == 0 || strcmp(store_backend_name(T.db), "postgresql") == 0);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_metrics)
{
	struct th_resp r;
	bool counted = false;

	th_get(&T, "/v1/health", NULL, &r);
	th_resp_free(&r);
	/* A request is counted when MHD reports it complete, just after the reply. */
	for (int i = 0; i < 40 && !counted; i++) {
		if (i > 0)
			usleep(50000);
		th_get(&T, "/metrics", NULL, &r);
		EXPECT(&r, 200);
		ck_assert_msg(strncmp(r.content_type, "text/plain", 10) == 0, "Content-Type %s", r.content_type);
		ck_assert_ptr_nonnull(strstr(r.body, "titrad_http_requests_total"));
		ck_assert_ptr_nonnull(strstr(r.body, "titrad_http_request_duration_seconds_bucket"));
		ck_assert_ptr_null(r.json);
		counted = strstr(r.body,
		    "titrad_http_requests_total{route=\"health\",status=\"200\"} 1\n") != NULL;
		if (counted) {
			/* the route's own histogram, the build and the process */
			ck_assert_ptr_nonnull(strstr(r.body,
			    "titrad_http_request_duration_seconds_bucket{route=\"health\",le=\"+Inf\"} 1\n"));
			ck_assert_ptr_nonnull(strstr(r.body,
			    "titrad_http_request_duration_seconds_count{route=\"health\"} 1\n"));
			ck_assert_ptr_nonnull(strstr(r.body, "titrad_build_info{version=\"" PACKAGE_VERSION "\","));
			const char *rss = strstr(r.body, "\nprocess_resident_memory_bytes ");
			const char *fds = strstr(r.body, "\nprocess_open_fds ");
			ck_assert_msg(rss != NULL && atoll(rss + 31) > 1000000, "%s", r.body);
			ck_assert_msg(fds != NULL && atoll(fds + 18) >= 3, "%s", r.body);
			ck_assert_ptr_nonnull(strstr(r.body, "\ntitrad_uptime_seconds "));
			ck_assert_ptr_nonnull(strstr(r.body, "\nprocess_start_time_seconds "));
		}
		th_resp_free(&r);
	}
	ck_assert_msg(counted, "GET /v1/health not counted in /metrics");
}
END_TEST

/* X-Request-Id: a sane incoming one is echoed; a missing, long or odd one is replaced. */
START_TEST(test_request_id)
{
	struct th_resp r;
	char longid[100];

	th_request(&T, "GET", "/v1/health", NULL, NULL, NULL, "X-Request-Id: ehr-42.a:b_c", &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.request_id, "ehr-42.a:b_c");
	th_resp_free(&r);
	th_get(&T, "/v1/health", NULL, &r);
	ck_assert_uint_eq(strlen(r.request_id), 16);
	ck_assert_uint_eq(strspn(r.request_id, "0123456789abcdef"), 16);
	th_resp_free(&r);
	th_request(&T, "GET", "/v1/nothing", NULL, NULL, NULL, "X-Request-Id: a b<script>", &r);
	EXPECT(&r, 404);
	ck_assert_uint_eq(strlen(r.request_id), 16);
	th_resp_free(&r);
	memset(longid, 'x', sizeof longid);
	memcpy(longid, "X-Request-Id: ", 14);
	longid[sizeof longid - 1] = '\0';
	th_request(&T, "GET", "/v1/health", NULL, NULL, NULL, longid, &r);
	ck_assert_uint_eq(strlen(r.request_id), 16);
	th_resp_free(&r);
}
END_TEST

/* Lines written to stderr while fn runs, waited for up to 2 s until want appears. */
static char *
stderr_lines(void (*fn)(void), const char *want)
{
	char tmpl[] = "/tmp/check_http_log.XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2);
	static char buf[8192];
	ssize_t n = 0;

	ck_assert(fd >= 0 && saved >= 0);
	unlink(tmpl);
	fflush(stderr);
	dup2(fd, 2);
	fn();
	for (int i = 0; i < 40; i++) {
		fflush(stderr);
		n = pread(fd, buf, sizeof buf - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, want) != NULL)
			break;
		usleep(50000);
	}
	dup2(saved, 2);
	close(saved);
	close(fd);
	return buf;
}

static void
one_request(void)
{
	struct th_resp r;
	th_request(&T, "GET", "/v1/health", NULL, NULL, NULL, "X-Request-Id: log-test-1", &r);
	th_resp_free(&r);
}

static void
journal_lines(void)
{
	struct stat st;
	char js[64];
	ck_assert_int_eq(fstat(2, &st), 0);
	snprintf(js, sizeof js, "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", js, 1);
	ck_assert(log_detect_journal());
	log_error("disk on fire");
	log_warn("disk warm");
	one_request();
}

/* Each request's line names the client and the request id; the journal gets <N> and no stamp. */
START_TEST(test_log_lines)
{
	log_set_level(LOG_LVL_INFO);
	const char *out = stderr_lines(one_request, "request_id=log-test-1");
	ck_assert_msg(strstr(out, "GET /v1/health 200 ") != NULL, "log: %s", out);
	ck_assert_msg(strstr(out, " client=127.0.0.1 request_id=log-test-1\n") != NULL, "log: %s", out);
	ck_assert_msg(out[0] == '2' && strstr(out, "Z titrad[info]: GET") != NULL, "stamped: %s", out);

	out = stderr_lines(journal_lines, "request_id=log-test-1");
	ck_assert_msg(strncmp(out, "<3>titrad[error]: disk on fire\n<4>titrad[warn]: disk warm\n", 58) == 0,
	    "journal: %s", out);
	ck_assert_msg(strstr(out, "<6>titrad[info]: GET /v1/health 200 ") != NULL, "journal: %s", out);

	/* A JOURNAL_STREAM that is not our stderr (a redirected child) keeps the stamps. */
	setenv("JOURNAL_STREAM", "1:2", 1);
	ck_assert(!log_detect_journal());
	unsetenv("JOURNAL_STREAM");
	log_set_level(LOG_LVL_ERROR);
}
END_TEST

/* The identifiers titrad mints follow public_url and the keys derived from it. */
START_TEST(test_identifier_config)
{
	struct titrad_config c;
	struct th_resp r;
	char err[256], path[96];

	config_defaults(&c);
	ck_assert(!config_set(&c, "public_url", "ftp://x", err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "public_url"));
	ck_assert(!config_set(&c, "public_url", "https://", err, sizeof err));
	ck_assert(!config_set(&c, "problem_type_base", "https://a b/", err, sizeof err));
	ck_assert(!config_set(&c, "fhir_patient_system", "urn:x", err, sizeof err));
	ck_assert(!config_set(&c, "ical_uid_domain", "a@b", err, sizeof err));
	ck_assert(config_set(&c, "public_url", "https://rls.clinic.test/titrad//", err, sizeof err));
	ck_assert_str_eq(c.public_url, "https://rls.clinic.test/titrad");

	/* The daemon reads its settings per request: change them under it. */
	util_copy(T.app->cfg.public_url, sizeof T.app->cfg.public_url, c.public_url);
	util_copy(T.app->cfg.ical_uid_domain, sizeof T.app->cfg.ical_uid_domain, "rls.clinic.test");
	th_get(&T, "/v1/patients/999", T.clinic, &r);
	STR_EQ(r.json, "type", "https://rls.clinic.test/titrad/problems/not-found");
	th_resp_free(&r);
	util_copy(T.app->cfg.problem_type_base, sizeof T.app->cfg.problem_type_base,
	    "https://errors.clinic.test/p/");
	th_get(&T, "/v1/patients/999", T.clinic, &r);
	STR_EQ(r.json, "type", "https://errors.clinic.test/p/not-found");
	th_resp_free(&r);

	int64_t pid = th_patient(&T, "MRN_77");
	int64_t rid = th_regimen(&T, pid, PRAMI);
	snprintf(path, sizeof path, "/v1/regimens/%lld/fhir", (long long)rid);
	get_ok(path, T.clinic, &r);
	json_t *sid = json_object_get(json_object_get(json_object_get(r.json, "subject"), "identifier"), "system");
	ck_assert_str_eq(json_string_value(sid), "https://rls.clinic.test/titrad/patient-external-id");
	json_t *rsys = json_object_get(json_array_get(json_object_get(r.json, "identifier"), 0), "system");
	ck_assert_str_eq(json_string_value(rsys), "https://rls.clinic.test/titrad/regimen");
	th_resp_free(&r);
	util_copy(T.app->cfg.fhir_patient_system, sizeof T.app->cfg.fhir_patient_system,
	    "https://hospital.test/mrn");
	get_ok(path, T.clinic, &r);
	sid = json_object_get(json_object_get(json_object_get(r.json, "subject"), "identifier"), "system");
	ck_assert_str_eq(json_string_value(sid), "https://hospital.test/mrn");
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.ics", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	/* the database's instance id before the domain */
	char uid[80];
	ck_assert_uint_eq(strlen(T.app->instance_id), 16);
	ck_assert_uint_eq(strspn(T.app->instance_id, "0123456789abcdef"), 16);
	snprintf(uid, sizeof uid, "\r\nUID:titrad-r%lld-n1@%s.rls.clinic.test\r\n", (long long)rid,
	    T.app->instance_id);
	ck_assert_msg(strstr(r.body, uid) != NULL, "%s", r.body);
	th_resp_free(&r);
}
END_TEST

static void
check_protocol(json_t *p, const char *drug, double start, double step, int interval, double max,
    double unit, const char *timing, int offset)
{
	STR_EQ(p, "drug", drug);
	NUM_EQ(p, "start_mg", start);
	NUM_EQ(p, "step_mg", step);
	ck_assert(json_is_integer(json_object_get(p, "interval_days")));
	ck_assert_int_eq(th_int(p, "interval_days"), interval);
	NUM_EQ(p, "max_mg", max);
	NUM_EQ(p, "unit_mg", unit);
	STR_EQ(p, "timing", timing);
	ck_assert_int_eq(th_int(p, "offset_minutes"), offset);
}

START_TEST(test_protocols)
{
	struct th_resp r;
	json_t *items, *p;
	size_t i;
	int seen = 0;

	get_ok("/v1/protocols", T.clinic, &r);
	items = json_object_get(r.json, "items");
	ck_assert(json_is_array(items));
	ck_assert_uint_eq(json_array_size(items), 3);
	json_array_foreach(items, i, p) {
		const char *d = th_str(p, "drug");
		ck_assert_ptr_nonnull(d);
		if (strcmp(d, "pramipexole") == 0) {
			check_protocol(p, d, 0.125, 0.125, 2, 4, 0.125, "before_onset", 120);
			seen |= 1;
		} else if (strcmp(d, "ropinirole") == 0) {
			check_protocol(p, d, 0.5, 0.25, 1, 3, 0.25, "before_onset", 120);
			seen |= 2;
		} else if (strcmp(d, "gabapentin") == 0) {
			check_protocol(p, d, 300, 300, 7, 2700, 100, "before_bedtime", 60);
			seen |= 4;
		} else {
			ck_abort_msg("unexpected drug %s", d);
		}
	}
	ck_assert_int_eq(seen, 7);
	th_resp_free(&r);

	/* Not public (the 401's form is checked by the auth tests). */
	th_get(&T, "/v1/protocols", NULL, &r);
	EXPECT(&r, 401);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ auth */

/*
 * A 401 with WWW-Authenticate.  The problem-details form is checked at the
 * end of each test (check_401_problems) so one wrong Content-Type does not
 * hide whether the other credentials are refused.
 */
static int bad_401_problems;

static void
expect_401(const char *authorization)
{
	struct th_resp r;
	th_request(&T, "GET", "/v1/protocols", NULL, NULL, NULL, authorization, &r);
	ck_assert_msg(r.status == 401, "'%s': status %ld, want 401; body: %s",
	    authorization ? authorization : "-", r.status, r.body);
	ck_assert_msg(strncasecmp(r.www_authenticate, "Bearer", 6) == 0,
	    "WWW-Authenticate '%s' for '%s'", r.www_authenticate, authorization ? authorization : "-");
	ck_assert_int_eq(th_int(r.json, "status"), 401);
	if (strncasecmp(r.content_type, "application/problem+json", 24) != 0)
		bad_401_problems++;
	th_resp_free(&r);
}

static void
check_401_problems(void)
{
	struct th_resp r;
	int n = bad_401_problems;
	bad_401_problems = 0;
	if (n == 0)
		return;
	th_get(&T, "/v1/protocols", NULL, &r);
	th_assert_problem(&r, 401);     /* fails with the Content-Type seen */
	th_resp_free(&r);
}

START_TEST(test_auth_missing_and_malformed)
{
	char h[160];
	expect_401(NULL);
	expect_401("Authorization: Bearer x");
	expect_401("Authorization: Basic abc");
	expect_401("Authorization: Bearer");
	snprintf(h, sizeof h, "Authorization: Basic %s", T.admin);
	expect_401(h);
	/* The right token with a character changed. */
	snprintf(h, sizeof h, "Authorization: Bearer %s", T.admin);
	h[strlen(h) - 1] = h[strlen(h) - 1] == 'A' ? 'B' : 'A';
	expect_401(h);
	check_401_problems();
}
END_TEST

START_TEST(test_auth_unknown_token)
{
	/* Well-formed: "ttd_" + 43 base64url characters. */
	expect_401("Authorization: Bearer ttd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	check_401_problems();
}
END_TEST

START_TEST(test_auth_revoked_token)
{
	char tok[AUTH_TOKEN_LEN], h[160];
	struct th_resp r;

	ck_assert_int_eq(th_token_ex(&T, "clinic", -1, "to-revoke", NULL, tok), STORE_OK);
	th_get(&T, "/v1/protocols", tok, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	ck_assert_int_eq(th_revoke(&T, "to-revoke"), STORE_OK);
	snprintf(h, sizeof h, "Authorization: Bearer %s", tok);
	expect_401(h);
	check_401_problems();
}
END_TEST

START_TEST(test_auth_expired_token)
{
	char tok[AUTH_TOKEN_LEN], h[160];
	ck_assert_int_eq(th_token_ex(&T, "admin", -1, "expired", "2020-01-01T00:00:00Z", tok), STORE_OK);
	snprintf(h, sizeof h, "Authorization: Bearer %s", tok);
	expect_401(h);
	check_401_problems();
}
END_TEST

START_TEST(test_roles_pharmacist_cannot_create_patient)
{
	struct th_resp r;
	char path[96];
	th_post(&T, "/v1/patients", T.pharmacist, "{\"external_id\":\"MRN-1\",\"display_name\":\"A\"}", &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "patient"), 0);

	int64_t pid = th_patient(&T, "MRN-2");
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)pid);
	th_request(&T, "PATCH", path, T.pharmacist, "application/json", "{\"display_name\":\"B\"}", NULL, &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	th_post(&T, path, T.pharmacist, PRAMI, &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen"), 0);
	/* Pharmacists read. */
	get_ok(path, T.pharmacist, &r);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_roles_patient_token)
{
	char tok[AUTH_TOKEN_LEN], path[96];
	struct th_resp r;
	int64_t mine = th_patient(&T, "MRN-MINE"), other = th_patient(&T, "MRN-OTHER");
	int64_t my_reg = th_regimen(&T, mine, PRAMI), other_reg = th_regimen(&T, other, PRAMI);

	th_token(&T, "patient", mine, tok);

	th_get(&T, "/v1/patients", tok, &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)mine);
	get_ok(path, tok, &r);
	ck_assert_int_eq(th_int(r.json, "id"), mine);
	STR_EQ(r.json, "external_id", "MRN-MINE");
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)other);
	th_get(&T, path, tok, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)other);
	th_get(&T, path, tok, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)other_reg);
	th_get(&T, path, tok, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar", (long long)other_reg);
	th_get(&T, path, tok, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);

	/* Its own regimen and calendar. */
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)my_reg);
	get_ok(path, tok, &r);
	ck_assert_int_eq(th_int(r.json, "patient_id"), mine);
	th_resp_free(&r);
	calendar(my_reg, NULL, tok, &r);
	ck_assert_uint_gt(json_array_size(entries_of(&r)), 0);
	th_resp_free(&r);

	/* Patients never write. */
	snprintf(path, sizeof path, "/v1/regimens/%lld/hold", (long long)my_reg);
	th_post(&T, path, tok, "{\"date\":\"2026-12-06\"}", &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen_event"), 0);
}
END_TEST

START_TEST(test_roles_tokens_endpoint)
{
	struct th_resp r;
	const char *tok;
	char copy[AUTH_TOKEN_LEN];
	int64_t before = th_count(&T, "token");

	th_post(&T, "/v1/tokens", T.clinic, "{\"role\":\"clinic\",\"label\":\"by-clinic\"}", &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "token"), before);

	th_post(&T, "/v1/tokens", T.admin, "{\"role\":\"pharmacist\",\"label\":\"by-admin\"}", &r);
	EXPECT(&r, 201);
	tok = th_str(r.json, "token");
	ck_assert_ptr_nonnull(tok);
	ck_assert_uint_eq(strlen(tok), AUTH_TOKEN_LEN - 1);
	ck_assert_int_eq(strncmp(tok, "ttd_", 4), 0);
	memcpy(copy, tok, AUTH_TOKEN_LEN);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "token"), before + 1);

	/* The new token works, with its role. */
	th_get(&T, "/v1/protocols", copy, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	th_post(&T, "/v1/patients", copy, "{\"external_id\":\"MRN-P\",\"display_name\":\"P\"}", &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);

	/* Labels are unique. */
	th_post(&T, "/v1/tokens", T.admin, "{\"role\":\"clinic\",\"label\":\"by-admin\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ patients */

START_TEST(test_patient_create_get_lookup)
{
	struct th_resp r;
	char path[96], loc[96];
	int64_t id;

	th_post(&T, "/v1/patients", T.clinic,
	    "{\"external_id\":\"MRN-1001\",\"display_name\":\"Ada Example\"}", &r);
	EXPECT(&r, 201);
	ck_assert_str_eq(r.content_type, "application/json");
	id = th_int(r.json, "id");
	ck_assert_int_gt(id, 0);
	snprintf(loc, sizeof loc, "/v1/patients/%lld", (long long)id);
	ck_assert_str_eq(r.location, loc);
	STR_EQ(r.json, "external_id", "MRN-1001");
	STR_EQ(r.json, "display_name", "Ada Example");
	ck_assert(json_is_null(json_object_get(r.json, "crcl_ml_min")));
	ck_assert(json_is_false(json_object_get(r.json, "dialysis")));
	ck_assert_uint_eq(strlen(th_str(r.json, "created_at")), DT_STAMP_LEN - 1);
	ck_assert_int_eq(th_str(r.json, "created_at")[DT_STAMP_LEN - 2], 'Z');
	th_resp_free(&r);

	th_post(&T, "/v1/patients", T.clinic,
	    "{\"external_id\":\"MRN-1001\",\"display_name\":\"Someone Else\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "patient"), 1);

	get_ok(loc, T.clinic, &r);
	ck_assert_int_eq(th_int(r.json, "id"), id);
	STR_EQ(r.json, "display_name", "Ada Example");
	ck_assert_msg(r.etag[0] == '"', "ETag '%s'", r.etag);
	th_resp_free(&r);

	get_ok("/v1/patients?external_id=MRN-1001", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 1);
	ck_assert_int_eq(th_int(json_array_get(json_object_get(r.json, "items"), 0), "id"), id);
	ck_assert(json_is_null(json_object_get(r.json, "next")));
	th_resp_free(&r);

	get_ok("/v1/patients?external_id=MRN-NONE", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 0);
	th_resp_free(&r);

	get_ok("/v1/patients", T.pharmacist, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 1);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)id + 1);
	th_get(&T, path, T.clinic, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_patient_list_limit)
{
	struct th_resp r;
	th_patient(&T, "L-1");
	th_patient(&T, "L-2");
	th_patient(&T, "L-3");
	get_ok("/v1/patients?limit=2", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 2);
	ck_assert(!json_is_null(json_object_get(r.json, "next")));
	char path[64];
	snprintf(path, sizeof path, "/v1/patients?limit=2&after=%s", th_str(r.json, "next"));
	th_resp_free(&r);
	/* the last page: null, also when it is exactly full */
	get_ok(path, T.clinic, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 1);
	ck_assert(json_is_null(json_object_get(r.json, "next")));
	th_resp_free(&r);
	get_ok("/v1/patients?limit=3", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 3);
	ck_assert(json_is_null(json_object_get(r.json, "next")));
	th_resp_free(&r);
	th_get(&T, "/v1/patients?limit=0", T.clinic, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	th_get(&T, "/v1/patients?limit=1001", T.clinic, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_patient_patch_if_match)
{
	struct th_resp r;
	char path[96], etag[128], hdr[160];
	int64_t id = th_patient(&T, "MRN-2002");

	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)id);
	get_ok(path, T.clinic, &r);
	ck_assert(r.etag[0] != '\0');
	snprintf(etag, sizeof etag, "%s", r.etag);
	th_resp_free(&r);

	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"display_name\":\"New\"}",
	    "If-Match: \"wrong\"", &r);
	th_assert_problem(&r, 412);
	th_resp_free(&r);
	get_ok(path, T.clinic, &r);
	STR_EQ(r.json, "display_name", "Test MRN-2002");
	ck_assert_str_eq(r.etag, etag);
	th_resp_free(&r);

	snprintf(hdr, sizeof hdr, "If-Match: %s", etag);
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"display_name\":\"New\"}", hdr, &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "display_name", "New");
	ck_assert(r.etag[0] != '\0');
	ck_assert_str_ne(r.etag, etag);
	th_resp_free(&r);

	/* The old ETag is now stale. */
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"display_name\":\"Newer\"}", hdr, &r);
	th_assert_problem(&r, 412);
	th_resp_free(&r);

	/* Unknown field in a patch. */
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"display_nam\":\"X\"}", NULL, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_patient_patch_external_id)
{
	struct th_resp r;
	char path[96];
	int64_t id = th_patient(&T, "MRN-OLD");
	th_patient(&T, "MRN-TAKEN");

	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)id);
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"external_id\":\"MRN-NEW\"}", NULL, &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "external_id", "MRN-NEW");
	th_resp_free(&r);

	/* The change is stored, not only echoed. */
	get_ok(path, T.clinic, &r);
	STR_EQ(r.json, "external_id", "MRN-NEW");
	th_resp_free(&r);
	get_ok("/v1/patients?external_id=MRN-NEW", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 1);
	th_resp_free(&r);

	/* external_id stays unique. */
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"external_id\":\"MRN-TAKEN\"}", NULL, &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
}
END_TEST

static void
cg_case(const char *ext, const char *extra, double want, const char *source)
{
	struct th_resp r;
	char body[256];
	snprintf(body, sizeof body, "{\"external_id\":\"%s\",\"display_name\":\"CG\"%s}", ext, extra);
	th_post(&T, "/v1/patients", T.clinic, body, &r);
	EXPECT(&r, 201);
	NUM_EQ(r.json, "crcl_ml_min", want);
	STR_EQ(r.json, "crcl_source", source);
	th_resp_free(&r);
}

START_TEST(test_patient_cockcroft_gault)
{
	cg_case("CG-M", ",\"age\":70,\"sex\":\"male\",\"weight_kg\":70,\"scr_mg_dl\":1.0", 68.0,
	    "cockcroft-gault");
	cg_case("CG-F", ",\"age\":70,\"sex\":\"female\",\"weight_kg\":70,\"scr_mg_dl\":1.0", 57.8,
	    "cockcroft-gault");
	{
		struct th_resp r;
		get_ok("/v1/patients?external_id=CG-F", T.clinic, &r);
		ck_assert_ptr_nonnull(strstr(r.body, "\"crcl_ml_min\":57.8,"));
		th_resp_free(&r);
	}
	cg_case("CG-G", ",\"age\":70,\"sex\":\"male\",\"weight_kg\":70,\"scr_mg_dl\":1.0,"
	    "\"crcl_ml_min\":45.5", 45.5, "given");
}
END_TEST

/* ================================================================ regimens */

START_TEST(test_regimen_create_get_list)
{
	struct th_resp r;
	char path[96], loc[96];
	int64_t pid = th_patient(&T, "MRN-R"), rid, gid;

	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	th_post(&T, path, T.clinic, PRAMI, &r);
	EXPECT(&r, 201);
	rid = th_int(r.json, "id");
	ck_assert_int_gt(rid, 0);
	snprintf(loc, sizeof loc, "/v1/regimens/%lld", (long long)rid);
	ck_assert_str_eq(r.location, loc);
	ck_assert_int_eq(th_int(r.json, "patient_id"), pid);
	STR_EQ(r.json, "drug", "pramipexole");
	STR_EQ(r.json, "status", "active");
	STR_EQ(r.json, "start_date", "2026-12-01");
	STR_EQ(r.json, "dose_time", "20:00");
	NUM_EQ(r.json, "start_mg", 0.125);
	NUM_EQ(r.json, "step_mg", 0.125);
	ck_assert_int_eq(th_int(r.json, "interval_days"), 2);
	NUM_EQ(r.json, "max_mg", 4);
	NUM_EQ(r.json, "effective_max_mg", 4);
	ck_assert_int_eq(th_int(r.json, "effective_interval_days"), 2);
	ck_assert(json_is_array(json_object_get(r.json, "flags")));
	th_resp_free(&r);

	th_post(&T, path, T.clinic, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\","
	    "\"bedtime\":\"22:30\"}", &r);
	EXPECT(&r, 201);
	gid = th_int(r.json, "id");
	STR_EQ(r.json, "dose_time", "21:30");
	NUM_EQ(r.json, "start_mg", 300);
	NUM_EQ(r.json, "max_mg", 2700);
	ck_assert_int_eq(th_int(r.json, "interval_days"), 7);
	th_resp_free(&r);

	/* A second active pramipexole: 409, nothing written. */
	th_post(&T, path, T.clinic, "{\"drug\":\"pramipexole\",\"start_date\":\"2027-01-01\","
	    "\"symptom_onset\":\"21:00\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen"), 2);

	get_ok(loc, T.pharmacist, &r);
	ck_assert_int_eq(th_int(r.json, "id"), rid);
	STR_EQ(r.json, "drug", "pramipexole");
	STR_EQ(r.json, "dose_time", "20:00");
	ck_assert_msg(r.etag[0] == '"', "ETag '%s'", r.etag);
	th_resp_free(&r);

	get_ok(path, T.clinic, &r);
	ck_assert_uint_eq(json_array_size(json_object_get(r.json, "items")), 2);
	ck_assert_int_eq(th_int(json_array_get(json_object_get(r.json, "items"), 0), "id"), rid);
	ck_assert_int_eq(th_int(json_array_get(json_object_get(r.json, "items"), 1), "id"), gid);
	ck_assert(json_is_null(json_object_get(r.json, "next")));
	th_resp_free(&r);

	/* Unknown patient. */
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid + 100);
	th_post(&T, path, T.clinic, PRAMI, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen"), 2);
}
END_TEST

START_TEST(test_regimen_dose_time)
{
	struct th_resp r;
	char path[96];
	int64_t pid = th_patient(&T, "MRN-DT");

	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	th_post(&T, path, T.clinic, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\",\"dose_time\":\"21:15\"}", &r);
	EXPECT(&r, 201);
	STR_EQ(r.json, "dose_time", "21:15");
	th_resp_free(&r);
	/* Onset 01:00 wraps to 23:00 the evening before. */
	th_post(&T, path, T.clinic, "{\"drug\":\"ropinirole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"01:00\"}", &r);
	EXPECT(&r, 201);
	STR_EQ(r.json, "dose_time", "23:00");
	th_resp_free(&r);
	/* gabapentin is timed by bedtime, the others by symptom onset. */
	bad("POST", path, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}",
	    422, "gabapentin with symptom_onset");
	bad("POST", path, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\"}", 422,
	    "gabapentin without bedtime");
}
END_TEST

/* Noon UTC of a date, for T.app->fixed_now. */
static time_t
noon(int y, int m, int d)
{
	return (time_t)dt_days_from_civil(y, m, d) * 86400 + 12 * 3600;
}

START_TEST(test_regimen_after_stop_new_one_allowed)
{
	struct th_resp r;
	int64_t pid = th_patient(&T, "MRN-S"), rid = th_regimen(&T, pid, PRAMI);
	T.app->fixed_now = noon(2026, 12, 1);
	action(rid, "stop", "{\"date\":\"2026-12-03\"}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	/* The stopped regimen still doses the nights of 1 and 2 December. */
	char path[64];
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	th_post(&T, path, T.clinic, PRAMI, &r);
	EXPECT(&r, 409);
	th_resp_free(&r);
	th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-03\",\"symptom_onset\":\"22:00\"}");
	ck_assert_int_eq(th_count(&T, "regimen"), 2);
}
END_TEST

/*
 * Actions dated ahead: the status is the state as of today, the action is
 * listed in "pending" until its night; a new regimen of the same drug over
 * nights the first still doses is 409, another dopamine agonist over them
 * raises ddi.duplicate-agonist, and from the stop's night on it is stopped.
 */
START_TEST(test_actions_dated_ahead)
{
	struct th_resp r;
	json_t *p, *flags;
	char path[96];
	int64_t pid = th_patient(&T, "MRN-AHEAD"), rid = th_regimen(&T, pid, PRAMI);

	T.app->fixed_now = noon(2026, 12, 1);
	action(rid, "stop", "{\"date\":\"2026-12-31\",\"reason\":\"planned\"}", &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "active");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "pending")), 1);
	p = json_array_get(json_object_get(r.json, "pending"), 0);
	STR_EQ(p, "action", "stop");
	STR_EQ(p, "date", "2026-12-31");
	ck_assert(json_is_false(json_object_get(p, "taper")));
	th_resp_free(&r);

	/* The same drug over nights the regimen still doses: 409, nothing written. */
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	th_post(&T, path, T.clinic, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-12\","
	    "\"symptom_onset\":\"22:00\"}", &r);
	EXPECT(&r, 409);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen"), 1);

	/* Another dopamine agonist over those nights: ddi.duplicate-agonist (critical). */
	int64_t rop = th_regimen(&T, pid, "{\"drug\":\"ropinirole\",\"start_date\":\"2026-12-12\","
	    "\"symptom_onset\":\"22:00\"}");
	snprintf(path, sizeof path, "/v1/flags?patient_id=%lld&status=open", (long long)pid);
	th_get(&T, path, T.pharmacist, &r);
	EXPECT(&r, 200);
	flags = th_select(json_object_get(r.json, "items"), "rule", "ddi.duplicate-agonist");
	ck_assert_msg(json_array_size(flags) == 1, "no ddi.duplicate-agonist flag: %s", r.body);
	STR_EQ(json_array_get(flags, 0), "severity", "critical");
	json_decref(flags);
	th_resp_free(&r);
	(void)rop;

	/* From the stop's night on: stopped, nothing pending. */
	T.app->fixed_now = noon(2026, 12, 31);
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "stopped");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "pending")), 0);
	th_resp_free(&r);
}
END_TEST

/* POST a medication; its 201 answer (with the flags it raised) in r. */
static void
add_med(int64_t pid, const char *name, struct th_resp *r)
{
	char path[64], body[160];
	snprintf(path, sizeof path, "/v1/patients/%lld/medications", (long long)pid);
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	th_post(&T, path, T.clinic, body, r);
	EXPECT(r, 201);
}

/*
 * The medication list alone, no regimen: gabapentin with a codeine
 * combination raises ddi.opioid-cns naming both, resolved when either goes;
 * a name known only partly raises formulary.partial.
 */
START_TEST(test_listed_clash_and_partial)
{
	struct th_resp r;
	json_t *got;
	char path[96];
	int64_t pid = th_patient(&T, "MRN-LIST");

	add_med(pid, "Neurontin 300 mg", &r);
	th_resp_free(&r);
	add_med(pid, "Tylenol #3", &r);
	got = th_select(json_object_get(r.json, "flags"), "rule", "ddi.opioid-cns");
	ck_assert_msg(json_array_size(got) == 1, "no ddi.opioid-cns: %s", r.body);
	STR_EQ(json_array_get(got, 0), "severity", "critical");
	ck_assert_msg(strstr(th_str(json_array_get(got, 0), "detail"), "gabapentin") != NULL &&
	    strstr(th_str(json_array_get(got, 0), "detail"), "codeine") != NULL, "%s", r.body);
	json_decref(got);
	int64_t t3 = th_int(r.json, "id");
	th_resp_free(&r);

	/* Stopping the codeine product resolves it. */
	snprintf(path, sizeof path, "/v1/patients/%lld/medications/%lld", (long long)pid, (long long)t3);
	th_request(&T, "DELETE", path, T.clinic, NULL, NULL, NULL, &r);
	ck_assert_msg(r.status == 200 || r.status == 204, "DELETE: %ld %s", r.status, r.body);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/flags?patient_id=%lld&status=open", (long long)pid);
	th_get(&T, path, T.pharmacist, &r);
	got = th_select(json_object_get(r.json, "items"), "rule", "ddi.opioid-cns");
	ck_assert_msg(json_array_size(got) == 0, "still open: %s", r.body);
	json_decref(got);
	th_resp_free(&r);

	add_med(pid, "Advil Night Caplets", &r);
	got = th_select(json_object_get(r.json, "flags"), "rule", "formulary.partial");
	ck_assert_msg(json_array_size(got) == 1, "no formulary.partial: %s", r.body);
	STR_EQ(json_array_get(got, 0), "severity", "info");
	json_decref(got);
	th_resp_free(&r);
}
END_TEST

/* A hold dated ahead: active until its night, then held. */
START_TEST(test_hold_dated_ahead)
{
	struct th_resp r;
	char path[64];
	int64_t rid = th_regimen(&T, th_patient(&T, "MRN-HOLD"), PRAMI);

	T.app->fixed_now = noon(2026, 12, 1);
	action(rid, "hold", "{\"date\":\"2026-12-10\",\"reason\":\"travel\"}", &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "active");
	STR_EQ(json_array_get(json_object_get(r.json, "pending"), 0), "action", "hold");
	th_resp_free(&r);
	/* A second hold is refused: after the pending one the regimen is held. */
	action(rid, "hold", "{\"date\":\"2026-12-12\"}", &r);
	EXPECT(&r, 409);
	th_resp_free(&r);
	T.app->fixed_now = noon(2026, 12, 10);
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "held");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "pending")), 0);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ calendar */

static void
check_entry(json_t *e, int n, const char *date, const char *time, double mg, int ug, const char *phase)
{
	ck_assert_msg(e != NULL, "no entry for night %d", n);
	ck_assert_int_eq(th_int(e, "night"), n);
	if (date != NULL)
		STR_EQ(e, "date", date);
	if (time != NULL)
		STR_EQ(e, "time", time);
	NUM_EQ(e, "dose_mg", mg);
	ck_assert(json_is_integer(json_object_get(e, "dose_ug")));
	ck_assert_int_eq(th_int(e, "dose_ug"), ug);
	if (phase != NULL)
		STR_EQ(e, "phase", phase);
}

START_TEST(test_calendar_pramipexole_default)
{
	struct th_resp r;
	int64_t rid = th_regimen(&T, th_patient(&T, "C-1"), PRAMI);
	json_t *entries, *e;
	size_t i;
	const char *prev = "";
	bool step_note = false;

	calendar(rid, NULL, T.clinic, &r);
	ck_assert_int_eq(th_int(r.json, "regimen_id"), rid);
	STR_EQ(r.json, "drug", "pramipexole");
	entries = entries_of(&r);
	/* First night at the cap is 63; the default range runs 14 days past it. */
	ck_assert_uint_eq(json_array_size(entries), 77);
	json_array_foreach(entries, i, e) {
		const char *d = th_str(e, "date"), *note = th_str(e, "note");
		ck_assert_int_eq(th_int(e, "night"), (int64_t)i + 1);
		ck_assert_msg(d != NULL && strcmp(d, prev) > 0, "dates not ascending at %zu", i);
		prev = d;
		ck_assert_int_gt(th_int(e, "dose_ug"), 0);
		ck_assert_int_le(th_int(e, "dose_ug"), 4000);
		ck_assert_ptr_nonnull(note);
		if (th_int(e, "night") == 3)
			step_note = strstr(note, "only if symptoms persist") != NULL;
	}
	ck_assert_msg(step_note, "night 3 (a step-up) lacks 'only if symptoms persist': %s",
	    th_str(night(&r, 3), "note"));
	check_entry(night(&r, 1), 1, "2026-12-01", "20:00", 0.125, 125, "titration");
	check_entry(night(&r, 3), 3, "2026-12-03", "20:00", 0.25, 250, "titration");
	check_entry(night(&r, 62), 62, "2027-01-31", "20:00", 3.875, 3875, "titration");
	check_entry(night(&r, 63), 63, "2027-02-01", "20:00", 4, 4000, "maintenance");
	check_entry(night(&r, 77), 77, "2027-02-15", "20:00", 4, 4000, "maintenance");
	/* Doses print exactly, never as 3.8749999... */
	ck_assert_ptr_nonnull(strstr(r.body, "\"dose_mg\":3.875,"));
	ck_assert_ptr_nonnull(strstr(r.body, "\"dose_mg\":0.375,"));
	/* No step-up note on a night that does not step up. */
	ck_assert_ptr_null(strstr(th_str(night(&r, 4), "note"), "only if symptoms persist"));
	th_resp_free(&r);
}
END_TEST

/* The JSON calendar has an ETag like the feeds: 304 while it holds, 200 after a change. */
START_TEST(test_calendar_json_etag)
{
	struct th_resp r;
	char path[96], inm[160], etag[128];
	int64_t rid = th_regimen(&T, th_patient(&T, "C-ETAG"), PRAMI);

	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar", (long long)rid);
	get_ok(path, T.clinic, &r);
	ck_assert_msg(r.etag[0] == '"', "no ETag: %s", r.etag);
	snprintf(etag, sizeof etag, "%s", r.etag);
	th_resp_free(&r);
	snprintf(inm, sizeof inm, "If-None-Match: W/\"x\", %s", etag);
	th_request(&T, "GET", path, T.clinic, NULL, NULL, inm, &r);
	EXPECT(&r, 304);
	ck_assert_str_eq(r.etag, etag);
	th_resp_free(&r);
	snprintf(inm, sizeof inm, "If-None-Match: \"other\"");
	th_request(&T, "GET", path, T.clinic, NULL, NULL, inm, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	/* a hold changes the calendar: the old tag no longer matches */
	snprintf(path, sizeof path, "/v1/regimens/%lld/hold", (long long)rid);
	th_post(&T, path, T.clinic, "{\"date\":\"2026-12-05\",\"reason\":\"controlled\"}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar", (long long)rid);
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
	th_request(&T, "GET", path, T.clinic, NULL, NULL, inm, &r);
	EXPECT(&r, 200);
	ck_assert_str_ne(r.etag, etag);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_calendar_ropinirole_gabapentin)
{
	struct th_resp r;
	int64_t pid = th_patient(&T, "C-2");
	int64_t ro = th_regimen(&T, pid, "{\"drug\":\"ropinirole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\"}");
	int64_t ga = th_regimen(&T, pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\","
	    "\"bedtime\":\"22:30\"}");

	calendar(ro, NULL, T.clinic, &r);
	check_entry(night(&r, 1), 1, "2026-12-01", "20:00", 0.5, 500, "titration");
	check_entry(night(&r, 10), 10, NULL, NULL, 2.75, 2750, "titration");
	check_entry(night(&r, 11), 11, "2026-12-11", NULL, 3, 3000, "maintenance");
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 25);
	th_resp_free(&r);

	calendar(ga, NULL, T.clinic, &r);
	check_entry(night(&r, 1), 1, "2026-12-01", "21:30", 300, 300000, "titration");
	check_entry(night(&r, 8), 8, NULL, NULL, 600, 600000, "titration");
	check_entry(night(&r, 56), 56, NULL, NULL, 2400, 2400000, "titration");
	check_entry(night(&r, 57), 57, "2027-01-26", "21:30", 2700, 2700000, "maintenance");
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 71);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_calendar_after_midnight)
{
	struct th_resp r;
	int64_t rid = th_regimen(&T, th_patient(&T, "C-3"),
	    "{\"drug\":\"pramipexole\",\"start_date\":\"2027-06-01\",\"symptom_onset\":\"02:30\"}");
	calendar(rid, NULL, T.clinic, &r);
	check_entry(json_array_get(entries_of(&r), 0), 1, "2027-06-02", "00:30", 0.125, 125, "titration");
	check_entry(night(&r, 2), 2, "2027-06-03", "00:30", 0.125, 125, NULL);
	th_resp_free(&r);

	/* from/to select by the dose's calendar date. */
	calendar(rid, "?from=2027-06-02&to=2027-06-02", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 1);
	ck_assert_int_eq(th_int(json_array_get(entries_of(&r), 0), "night"), 1);
	th_resp_free(&r);
	calendar(rid, "?from=2027-06-01&to=2027-06-01", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 0);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_calendar_range)
{
	struct th_resp r;
	char q[96], path[128], d1[DT_DATE_LEN];
	int32_t start;
	int64_t rid = th_regimen(&T, th_patient(&T, "C-4"), PRAMI);
	json_t *entries;

	calendar(rid, "?from=2026-12-05&to=2026-12-10", T.clinic, &r);
	entries = entries_of(&r);
	ck_assert_uint_eq(json_array_size(entries), 6);
	check_entry(json_array_get(entries, 0), 5, "2026-12-05", NULL, 0.375, 375, NULL);
	check_entry(json_array_get(entries, 5), 10, "2026-12-10", NULL, 0.625, 625, NULL);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar?from=2026-12-10&to=2026-12-05", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);

	/* to - from = 730 is the longest range; 731 is one too many. */
	ck_assert(dt_parse_date("2026-12-01", &start));
	dt_format_date(start + 730, d1);
	snprintf(q, sizeof q, "?from=2026-12-01&to=%s", d1);
	calendar(rid, q, T.clinic, &r);
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 731);
	th_resp_free(&r);
	dt_format_date(start + 731, d1);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar?from=2026-12-01&to=%s", (long long)rid, d1);
	th_get(&T, path, T.clinic, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);

	static const char *const bad_q[] = {
		"?from=2026-02-30&to=2026-03-10", "?from=2026-12-01&to=2026-02-30", "?from=yesterday",
		"?to=2026-13-01", "?from=2026-1-5",
	};
	for (size_t i = 0; i < sizeof bad_q / sizeof bad_q[0]; i++) {
		snprintf(path, sizeof path, "/v1/regimens/%lld/calendar%s", (long long)rid, bad_q[i]);
		th_get(&T, path, T.clinic, &r);
		th_assert_problem(&r, 422);
		th_resp_free(&r);
	}

	/* A range far in the future: the cap, every night. */
	calendar(rid, "?from=2030-01-01&to=2030-01-31", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 31);
	check_entry(json_array_get(entries_of(&r), 0), (int)(dt_days_from_civil(2030, 1, 1) - start) + 1,
	    "2030-01-01", NULL, 4, 4000, "maintenance");
	th_resp_free(&r);
}
END_TEST

/* ================================================================ actions */

START_TEST(test_actions_hold_resume_stop)
{
	struct th_resp r;
	int64_t rid = th_regimen(&T, th_patient(&T, "A-1"), PRAMI);
	json_t *entries, *e;
	size_t i;

	/* Every action below is dated in the past of this today: status is the state after it. */
	T.app->fixed_now = noon(2027, 6, 1);

	action(rid, "hold", "{\"date\":\"2026-12-06\",\"reason\":\"nausea\"}", &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "held");
	ck_assert_int_eq(th_int(r.json, "id"), rid);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen_event"), 1);

	calendar(rid, "?from=2026-12-01&to=2027-01-31", T.clinic, &r);
	check_entry(night(&r, 5), 5, NULL, NULL, 0.375, 375, "titration");
	check_entry(night(&r, 6), 6, "2026-12-06", NULL, 0.375, 375, NULL);
	json_array_foreach(entries_of(&r), i, e) {
		if (th_int(e, "night") >= 6) {
			ck_assert_msg(th_int(e, "dose_ug") == 375, "held night %lld got %lld ug",
			    (long long)th_int(e, "night"), (long long)th_int(e, "dose_ug"));
			if (th_int(e, "night") > 6)
				STR_EQ(e, "phase", "maintenance");
		}
	}
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 62);
	th_resp_free(&r);

	action(rid, "hold", "{\"date\":\"2026-12-08\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen_event"), 1);

	/* Resume dated before the hold: 422. */
	action(rid, "resume", "{\"date\":\"2026-12-05\"}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);

	action(rid, "resume", "{\"date\":\"2026-12-10\"}", &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "active");
	th_resp_free(&r);

	action(rid, "resume", "{\"date\":\"2026-12-11\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);

	calendar(rid, "?from=2026-12-01&to=2026-12-31", T.clinic, &r);
	entries = entries_of(&r);
	for (int n = 6; n <= 11; n++)
		check_entry(night(&r, n), n, NULL, NULL, 0.375, 375, NULL);
	check_entry(night(&r, 12), 12, "2026-12-12", NULL, 0.5, 500, "titration");
	ck_assert(json_is_true(json_object_get(night(&r, 12), "step_up")) ||
	    strstr(th_str(night(&r, 12), "note"), "only if symptoms persist") != NULL);
	check_entry(night(&r, 13), 13, NULL, NULL, 0.5, 500, NULL);
	check_entry(night(&r, 14), 14, "2026-12-14", NULL, 0.625, 625, NULL);
	ck_assert_uint_eq(json_array_size(entries), 31);
	th_resp_free(&r);

	action(rid, "stop", "{\"date\":\"2026-12-20\",\"reason\":\"done\"}", &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "stopped");
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen_event"), 3);

	calendar(rid, NULL, T.clinic, &r);
	json_array_foreach(entries_of(&r), i, e)
		ck_assert_msg(strcmp(th_str(e, "date"), "2026-12-20") < 0, "dose after stop on %s",
		    th_str(e, "date"));
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 19);
	check_entry(json_array_get(entries_of(&r), 18), 19, "2026-12-19", NULL, 0.875, 875, NULL);
	th_resp_free(&r);
	calendar(rid, "?from=2026-12-15&to=2027-03-01", T.clinic, &r);
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 5);
	th_resp_free(&r);

	action(rid, "hold", "{\"date\":\"2026-12-21\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	action(rid, "resume", "{\"date\":\"2026-12-21\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	action(rid, "stop", "{\"date\":\"2026-12-21\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen_event"), 3);
}
END_TEST

START_TEST(test_actions_invalid)
{
	struct th_resp r;
	int64_t rid = th_regimen(&T, th_patient(&T, "A-2"), PRAMI);
	int64_t events = th_count(&T, "regimen_event"), audit = th_count(&T, "audit");
	static const char *const bodies[] = {
		"{\"date\":\"2026-11-30\"}",                /* before start_date */
		"{\"date\":\"2026-12-06\",\"foo\":1}",      /* unknown field */
		"{\"date\":\"2026-12-06\",\"taper\":true}", /* taper belongs to stop */
		"{\"date\":\"2026-02-30\"}",
		"{\"date\":\"06/12/2026\"}",
		"{}",
		"{\"reason\":\"no date\"}",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		action(rid, "hold", bodies[i], &r);
		th_assert_problem(&r, 422);
		th_resp_free(&r);
	}
	action(rid, "hold", "{\"date\":20261206}", &r);
	th_assert_problem(&r, 400);
	th_resp_free(&r);
	action(rid, "stop", "{\"date\":\"2026-11-01\"}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	action(rid, "resume", "{\"date\":\"2026-12-06\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "regimen_event"), events);
	ck_assert_int_eq(th_count(&T, "audit"), audit);

	/* Unknown regimen. */
	action(rid + 1000, "hold", "{\"date\":\"2026-12-06\"}", &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);

	/* A content type with parameters is still JSON. */
	th_request(&T, "POST", "/v1/patients", T.clinic, "application/json; charset=utf-8",
	    "{\"external_id\":\"A-3\",\"display_name\":\"Z\"}", NULL, &r);
	EXPECT(&r, 201);
	th_resp_free(&r);

	/* Hold and stop on the start date itself are fine; stop works while held. */
	action(rid, "hold", "{\"date\":\"2026-12-01\"}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	action(rid, "stop", "{\"date\":\"2026-12-01\"}", &r);
	EXPECT(&r, 200);
	STR_EQ(r.json, "status", "stopped");
	th_resp_free(&r);
	calendar(rid, NULL, T.clinic, &r);
	ck_assert_uint_eq(json_array_size(entries_of(&r)), 0);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ bad input */

START_TEST(test_bad_json)
{
	bad("POST", "/v1/patients", "{\"external_id\":", 400, "malformed JSON");
	bad("POST", "/v1/patients", "", 400, "empty body");
	bad("POST", "/v1/patients", "[{\"external_id\":\"X\",\"display_name\":\"Y\"}]", 400, "array body");
	bad("POST", "/v1/patients", "\"text\"", 400, "string body");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":5}", 400, "wrong type");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"A\",\"display_name\":\"B\"}",
	    400, "duplicate keys");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"A\xff\xfe\"}", 400,
	    "invalid UTF-8");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"A\xc0\xaf\"}", 400,
	    "overlong UTF-8");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"A\\u0000B\"}", 400,
	    "escaped NUL");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"Y\"} trailing", 400,
	    "trailing garbage");
}
END_TEST

START_TEST(test_bad_fields_patient)
{
	struct th_resp r;
	json_t *errors;

	bad("POST", "/v1/patients", "{\"external_id\":\"X\"}", 422, "missing display_name");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"Y\",\"crcl\":50}", 422,
	    "unknown field");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"Y\",\"crcl_ml_min\":50.25}",
	    422, "crcl with 2 decimals");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"Y\",\"crcl_ml_min\":251}",
	    422, "crcl over 250");
	bad("POST", "/v1/patients", "{\"external_id\":\"X\",\"display_name\":\"Y\",\"sex\":\"other\"}",
	    422, "sex");
	bad("POST", "/v1/patients", "{\"external_id\":\"\",\"display_name\":\"Y\"}", 422, "empty external_id");

	/* The problem names the field. */
	th_post(&T, "/v1/patients", T.clinic, "{\"external_id\":\"X\",\"display_nam\":\"Y\"}", &r);
	th_assert_problem(&r, 422);
	errors = json_object_get(r.json, "errors");
	ck_assert_msg(json_is_array(errors) && json_array_size(errors) >= 1, "no errors[]: %s", r.body);
	bool named = false;
	for (size_t i = 0; i < json_array_size(errors); i++)
		if (th_str(json_array_get(errors, i), "field") != NULL &&
		    strcmp(th_str(json_array_get(errors, i), "field"), "display_nam") == 0)
			named = true;
	ck_assert_msg(named, "errors[] does not name display_nam: %s", r.body);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_bad_fields_regimen)
{
	char path[96];
	int64_t pid = th_patient(&T, "B-1");
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);

#define RBAD(body, what) bad("POST", path, body, 422, what)
#define R(extra) "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"" extra "}"
	RBAD(R(",\"max_mgs\":4"), "unknown field max_mgs");
	RBAD("{\"drug\":\"levodopa\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}", "unknown drug");
	RBAD("{\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}", "missing drug");
	RBAD("{\"drug\":\"pramipexole\",\"symptom_onset\":\"22:00\"}", "missing start_date");
	RBAD("{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\"}", "missing symptom_onset");
	RBAD("{\"drug\":\"pramipexole\",\"start_date\":\"2026-02-30\",\"symptom_onset\":\"22:00\"}", "2026-02-30");
	RBAD("{\"drug\":\"pramipexole\",\"start_date\":\"2026-13-01\",\"symptom_onset\":\"22:00\"}", "month 13");
	RBAD("{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-1\",\"symptom_onset\":\"22:00\"}", "short day");
	RBAD("{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"24:00\"}", "24:00");
	RBAD("{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:60\"}", "22:60");
	RBAD("{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"9:00\"}", "9:00");
	RBAD(R(",\"dose_time\":\"24:00\""), "dose_time 24:00");
	RBAD("{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\",\"bedtime\":\"24:00\"}", "bedtime 24:00");
	RBAD(R(",\"max_mg\":4.125"), "max over the cap");
	RBAD(R(",\"start_mg\":0.2"), "start not a multiple of unit");
	RBAD(R(",\"step_mg\":0.1"), "step not a multiple of unit");
	RBAD(R(",\"start_mg\":0.1255"), "4 decimals");
	RBAD(R(",\"start_mg\":0.5,\"max_mg\":0.25"), "start over max");
	RBAD(R(",\"step_mg\":0"), "step 0");
	RBAD(R(",\"start_mg\":-0.125"), "negative start");
	RBAD(R(",\"interval_days\":0"), "interval 0");
	RBAD(R(",\"interval_days\":29"), "interval 29");
	RBAD(R(",\"interval_days\":2.5"), "interval 2.5");
	bad("POST", path, R(",\"interval_days\":\"2\""), 400, "interval as string");
	bad("POST", path, R(",\"start_mg\":\"0.125\""), 400, "start_mg as string");
	bad("POST", path, "{\"drug\":5,\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}", 400, "drug number");
#undef R
#undef RBAD
	/* Boundaries that are fine. */
	th_regimen(&T, pid, "{\"drug\":\"ropinirole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\","
	    "\"interval_days\":28,\"max_mg\":3,\"start_mg\":0.25}");
	th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\","
	    "\"interval_days\":1,\"max_mg\":4}");
}
END_TEST

START_TEST(test_bad_transport)
{
	struct th_resp r;
	size_t n = 70 * 1024;
	char *big = malloc(n + 64);
	int64_t pid = th_patient(&T, "B-2");
	char path[96];

	ck_assert_ptr_nonnull(big);
	strcpy(big, "{\"external_id\":\"BIG\",\"display_name\":\"");
	size_t l = strlen(big);
	memset(big + l, 'a', n);
	strcpy(big + l + n, "\"}");
	bad("POST", "/v1/patients", big, 413, "body over 64 KiB");
	/* The same without a Content-Length. */
	{
		struct counts before, after;
		counts(&before);
		th_request(&T, "POST", "/v1/patients", T.clinic, "application/json", big,
		    "Transfer-Encoding: chunked", &r);
		th_assert_problem(&r, 413);
		th_resp_free(&r);
		counts(&after);
		ck_assert(memcmp(&before, &after, sizeof before) == 0);
	}
	free(big);

	bad_len("POST", "/v1/patients", "text/plain", "{\"external_id\":\"X\",\"display_name\":\"Y\"}",
	    38, 415, "text/plain");
	bad_len("POST", "/v1/patients", NULL, "{\"external_id\":\"X\",\"display_name\":\"Y\"}",
	    38, 415, "no content type");
	bad_len("POST", "/v1/patients", "application/jsonx", "{\"external_id\":\"X\",\"display_name\":\"Y\"}",
	    38, 415, "application/jsonx");

	th_request(&T, "DELETE", "/v1/patients", T.clinic, NULL, NULL, NULL, &r);
	th_assert_problem(&r, 405);
	ck_assert_msg(strstr(r.allow, "GET") != NULL && strstr(r.allow, "POST") != NULL,
	    "Allow '%s'", r.allow);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)pid);
	th_request(&T, "DELETE", path, T.clinic, NULL, NULL, NULL, &r);
	th_assert_problem(&r, 405);
	ck_assert_msg(strstr(r.allow, "GET") != NULL && strstr(r.allow, "PATCH") != NULL,
	    "Allow '%s'", r.allow);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "patient"), 1);

	th_get(&T, "/v1/nope", T.clinic, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	th_get(&T, "/v1/patients/1/nope", T.clinic, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	th_get(&T, "/", NULL, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_bad_ids)
{
	static const char *const ids[] = {
		"-1", "0", "1e9", "1000000000", "abc", "99999999999999999999", "1.0", "9223372036854775808",
	};
	struct th_resp r;
	char path[160];
	int64_t pid = th_patient(&T, "B-3");
	th_regimen(&T, pid, PRAMI);

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		snprintf(path, sizeof path, "/v1/patients/%s", ids[i]);
		th_get(&T, path, T.clinic, &r);
		ck_assert_msg(r.status == 404, "GET %s: %ld", path, r.status);
		th_assert_problem(&r, 404);
		th_resp_free(&r);
		snprintf(path, sizeof path, "/v1/regimens/%s/calendar", ids[i]);
		th_get(&T, path, T.clinic, &r);
		ck_assert_msg(r.status == 404, "GET %s: %ld", path, r.status);
		th_resp_free(&r);
		snprintf(path, sizeof path, "/v1/regimens/%s/hold", ids[i]);
		bad("POST", path, "{\"date\":\"2026-12-06\"}", 404, path);
		snprintf(path, sizeof path, "/v1/patients/%s/regimens", ids[i]);
		bad("POST", path, PRAMI, 404, path);
	}
}
END_TEST

START_TEST(test_bad_long_url)
{
	struct th_resp r;
	size_t n = 10 * 1024;
	char *path = malloc(n + 32);
	ck_assert_ptr_nonnull(path);
	strcpy(path, "/v1/patients/");
	memset(path + strlen(path), 'a', n);
	path[13 + n] = '\0';
	th_get(&T, path, T.clinic, &r);
	ck_assert_msg(r.status >= 400 && r.status < 500, "10 KB URL: status %ld", r.status);
	ck_assert_msg(r.status == 414 || r.status == 404, "10 KB URL: status %ld", r.status);
	th_assert_problem(&r, r.status);
	th_resp_free(&r);

	/* A long query string on a real route. */
	strcpy(path, "/v1/patients?external_id=");
	memset(path + 25, 'b', n);
	path[25 + n] = '\0';
	th_get(&T, path, T.clinic, &r);
	ck_assert_msg(r.status >= 200 && r.status < 500, "10 KB query: status %ld", r.status);
	th_resp_free(&r);
	free(path);

	/* The daemon is still fine. */
	th_get(&T, "/v1/health", NULL, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_bad_patch)
{
	char path[96];
	int64_t pid = th_patient(&T, "B-4");
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)pid);
	bad("PATCH", path, "{}", 422, "empty patch");
	bad("PATCH", path, "{\"display_name\":5}", 400, "wrong type");
	bad("PATCH", path, "{\"display_name\":\"A\\u0000\"}", 400, "NUL");
	bad("PATCH", path, "{\"age\":131}", 422, "age 131");
	bad("PATCH", path, "{\"weight_kg\":0}", 422, "weight 0");
	bad("PATCH", path, "{\"max_mgs\":1}", 422, "unknown field");
	bad_len("PATCH", path, "text/plain", "{\"display_name\":\"A\"}", 20, 415, "text/plain patch");
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)pid + 1);
	bad("PATCH", path, "{\"display_name\":\"A\"}", 404, "patch unknown patient");
}
END_TEST

/* ================================================================ suite */

static TCase *
tcase(const char *name)
{
	return th_tcase(name, setup, teardown, 60);
}

static Suite *
http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc;

	tc = tcase("system");
	tcase_add_test(tc, test_health);
	tcase_add_test(tc, test_metrics);
	tcase_add_test(tc, test_request_id);
	tcase_add_test(tc, test_log_lines);
	tcase_add_test(tc, test_identifier_config);
	tcase_add_test(tc, test_protocols);
	suite_add_tcase(s, tc);

	tc = tcase("auth");
	tcase_add_test(tc, test_auth_missing_and_malformed);
	tcase_add_test(tc, test_auth_unknown_token);
	tcase_add_test(tc, test_auth_revoked_token);
	tcase_add_test(tc, test_auth_expired_token);
	tcase_add_test(tc, test_roles_pharmacist_cannot_create_patient);
	tcase_add_test(tc, test_roles_patient_token);
	tcase_add_test(tc, test_roles_tokens_endpoint);
	suite_add_tcase(s, tc);

	tc = tcase("patients");
	tcase_add_test(tc, test_patient_create_get_lookup);
	tcase_add_test(tc, test_patient_list_limit);
	tcase_add_test(tc, test_patient_patch_if_match);
	tcase_add_test(tc, test_patient_patch_external_id);
	tcase_add_test(tc, test_patient_cockcroft_gault);
	suite_add_tcase(s, tc);

	tc = tcase("regimens");
	tcase_add_test(tc, test_regimen_create_get_list);
	tcase_add_test(tc, test_regimen_after_stop_new_one_allowed);
	tcase_add_test(tc, test_regimen_dose_time);
	suite_add_tcase(s, tc);

	tc = tcase("calendar");
	tcase_add_test(tc, test_calendar_pramipexole_default);
	tcase_add_test(tc, test_calendar_json_etag);
	tcase_add_test(tc, test_calendar_ropinirole_gabapentin);
	tcase_add_test(tc, test_calendar_after_midnight);
	tcase_add_test(tc, test_calendar_range);
	suite_add_tcase(s, tc);

	tc = tcase("actions");
	tcase_add_test(tc, test_actions_hold_resume_stop);
	tcase_add_test(tc, test_actions_dated_ahead);
	tcase_add_test(tc, test_hold_dated_ahead);
	tcase_add_test(tc, test_listed_clash_and_partial);
	tcase_add_test(tc, test_actions_invalid);
	suite_add_tcase(s, tc);

	tc = tcase("bad_input");
	tcase_add_test(tc, test_bad_json);
	tcase_add_test(tc, test_bad_fields_patient);
	tcase_add_test(tc, test_bad_fields_regimen);
	tcase_add_test(tc, test_bad_transport);
	tcase_add_test(tc, test_bad_ids);
	tcase_add_test(tc, test_bad_long_url);
	tcase_add_test(tc, test_bad_patch);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(http_suite());
}
