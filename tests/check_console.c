/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_console.c - the pharmacist console over HTTP (console_*.c): the
 * session (cookie attributes, hashed storage, idle and absolute expiry,
 * logout, CSRF, login attempts per address), the pages' renderers
 * (escaping, empty states, long names, the order of the queue), reviews
 * landing under the token's label and refusals writing nothing, role
 * limits, and the contract's headers.  Expected texts come from the
 * contract (ids, names, statuses), not from the code under test.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/sha256.h"
#include "testhttp.h"

static struct th T;
static const char CSP[] = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'";
#define NOON (time_t)((int64_t)dt_days_from_civil(2026, 12, 1) * 86400 + 12 * 3600)

static void
setup(void)
{
	th_start(&T);
	T.app->fixed_now = NOON;
}

static void
teardown(void)
{
	th_stop(&T);
}

#define EXPECT(r, want) \
	ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d; body: %.400s", \
	    __FILE__, __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

static const char FORM[] = "application/x-www-form-urlencoded";

/* POST a form with an optional session cookie. */
static long
form_post(const char *path, const char *cookie, const char *body, struct th_resp *r)
{
	char h[128] = "";
	if (cookie != NULL)
		snprintf(h, sizeof h, "Cookie: %s", cookie);
	return th_request(&T, "POST", path, NULL, FORM, body, cookie ? h : NULL, r);
}

static long
page(const char *path, const char *cookie, struct th_resp *r)
{
	char h[128];
	snprintf(h, sizeof h, "Cookie: %s", cookie);
	return th_request(&T, "GET", path, NULL, NULL, NULL, h, r);
}

/* Log in with tok; the "titrad_session=..." pair into cookie. */
static void
login(const char *tok, char cookie[80])
{
	struct th_resp r;
	char body[128];
	snprintf(body, sizeof body, "token=%s", tok);
	form_post("/console/login", NULL, body, &r);
	EXPECT(&r, 303);
	ck_assert_str_eq(r.location, "/console/flags");
	const char *semi = strchr(r.set_cookie, ';');
	ck_assert_ptr_nonnull(semi);
	ck_assert_uint_lt((size_t)(semi - r.set_cookie), 80);
	memcpy(cookie, r.set_cookie, (size_t)(semi - r.set_cookie));
	cookie[semi - r.set_cookie] = '\0';
	th_resp_free(&r);
}

/* The csrf value of the page's forms. */
static void
csrf_of(const char *body, char out[64])
{
	const char *p = strstr(body, "name=\"csrf\" value=\"");
	ck_assert_ptr_nonnull(p);
	p += strlen("name=\"csrf\" value=\"");
	const char *q = strchr(p, '"');
	ck_assert_uint_lt((size_t)(q - p), 64);
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
}

/* A patient whose regimen and medications raise a critical, warnings and an info flag. */
static int64_t
flagged_patient(const char *name)
{
	struct th_resp r;
	json_t *body = json_pack("{s:s, s:s, s:i}", "external_id", "MRN-C1", "display_name", name, "crcl_ml_min", 25);
	char *txt = json_dumps(body, 0);
	th_post(&T, "/v1/patients", T.clinic, txt, &r);
	EXPECT(&r, 201);
	int64_t id = th_int(r.json, "id");
	th_resp_free(&r);
	free(txt);
	json_decref(body);
	th_regimen(&T, id, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}");
	th_medication(&T, id, "Zoloft 50 mg tablet");
	th_medication(&T, id, "Metoclopramide 10 mg");
	return id;
}

/* The id of the first open flag of a severity. */
static int64_t
open_flag(const char *severity)
{
	char path[96];
	struct th_resp r;
	snprintf(path, sizeof path, "/v1/flags?status=open&severity=%s", severity);
	th_get(&T, path, T.pharmacist, &r);
	EXPECT(&r, 200);
	json_t *items = json_object_get(r.json, "items");
	ck_assert_uint_gt(json_array_size(items), 0);
	int64_t id = th_int(json_array_get(items, 0), "id");
	th_resp_free(&r);
	return id;
}

static const char *
flag_status(int64_t id)
{
	static char st[32];
	char path[64];
	struct th_resp r;
	snprintf(path, sizeof path, "/v1/flags/%lld", (long long)id);
	th_get(&T, path, T.pharmacist, &r);
	EXPECT(&r, 200);
	snprintf(st, sizeof st, "%s", th_str(r.json, "status"));
	th_resp_free(&r);
	return st;
}

START_TEST(test_login_page_and_headers)
{
	struct th_resp r;
	th_get(&T, "/console/login", NULL, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.content_type, "text/html"));
	ck_assert_str_eq(r.csp, CSP);
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"token\""));
	ck_assert_ptr_nonnull(strstr(r.body, "<label for=\"token\""));
	ck_assert_ptr_nonnull(strstr(r.body, "<link rel=\"stylesheet\" href=\"/console/style.css\">"));
	th_resp_free(&r);
	th_get(&T, "/console/style.css", NULL, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.content_type, "text/css"));
	ck_assert_ptr_nonnull(strstr(r.body, "@media print"));
	th_resp_free(&r);
	/* even a 404 under /console carries the policy */
	th_get(&T, "/console/nothing", NULL, &r);
	EXPECT(&r, 404);
	ck_assert_str_eq(r.csp, CSP);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_login_refusals)
{
	struct th_resp r;
	char pt[AUTH_TOKEN_LEN], body[128];
	int64_t pid = th_patient(&T, "MRN-P");
	form_post("/console/login", NULL, "token=ttd_nope", &r);
	EXPECT(&r, 401);
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"token\""));
	ck_assert_str_eq(r.set_cookie, "");
	th_resp_free(&r);
	form_post("/console/login", NULL, "", &r);
	EXPECT(&r, 401);
	th_resp_free(&r);
	th_token(&T, "patient", pid, pt);
	snprintf(body, sizeof body, "token=%s", pt);
	form_post("/console/login", NULL, body, &r);
	EXPECT(&r, 403);
	ck_assert_str_eq(r.set_cookie, "");
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "console_session"), 0);
}
END_TEST

START_TEST(test_cookie_attributes_and_hashing)
{
	struct th_resp r;
	char body[128], hash[SHA256_HEX_LEN];
	struct store_session s;
	snprintf(body, sizeof body, "token=%s", T.pharmacist);
	form_post("/console/login", NULL, body, &r);
	EXPECT(&r, 303);
	ck_assert_msg(strncmp(r.set_cookie, "titrad_session=", 15) == 0, "%s", r.set_cookie);
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "; HttpOnly"));
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "; SameSite=Strict"));
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "; Path=/console"));
	ck_assert_ptr_null(strstr(r.set_cookie, "Secure"));     /* no TLS in this test */
	char id[64];
	const char *semi = strchr(r.set_cookie, ';');
	snprintf(id, sizeof id, "%.*s", (int)(semi - r.set_cookie - 15), r.set_cookie + 15);
	ck_assert_uint_eq(strlen(id), 43);                      /* 256 bits, base64url */
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "console_session"), 1);
	/* Stored under its hash, not as itself. */
	ck_assert_int_eq(store_session_get(T.db, id, &s), STORE_NOTFOUND);
	sha256_hex(id, strlen(id), hash);
	ck_assert_int_eq(store_session_get(T.db, hash, &s), STORE_OK);
	ck_assert_uint_eq(strlen(s.csrf), 43);
	ck_assert_str_eq(s.expires_at, "2026-12-02T00:00:00Z");   /* 12 hours after noon */
}
END_TEST

START_TEST(test_no_session_redirects_and_no_bearer)
{
	static const char *const paths[] = { "/console/", "/console/flags", "/console/flags/1", "/console/patients/1" };
	struct th_resp r;
	for (size_t i = 0; i < 4; i++) {
		th_get(&T, paths[i], NULL, &r);
		EXPECT(&r, 303);
		ck_assert_str_eq(r.location, "/console/login");
		th_resp_free(&r);
		th_get(&T, paths[i], T.pharmacist, &r);   /* a bearer token is no console credential */
		EXPECT(&r, 303);
		ck_assert_str_eq(r.location, "/console/login");
		th_resp_free(&r);
	}
	char cookie[80];
	login(T.pharmacist, cookie);
	page("/v1/flags", cookie, &r);                 /* the cookie is no API credential */
	EXPECT(&r, 401);
	th_resp_free(&r);
	page("/console/", cookie, &r);                 /* with a session the console starts at the queue */
	EXPECT(&r, 303);
	ck_assert_str_eq(r.location, "/console/flags");
	th_resp_free(&r);
}
END_TEST

START_TEST(test_queue_order_escaping_filters)
{
	struct th_resp r;
	char cookie[80];
	login(T.pharmacist, cookie);
	page("/console/flags", cookie, &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.csp, CSP);
	ck_assert_ptr_nonnull(strstr(r.body, "<table class=\"flags\" id=\"flag-queue\">"));
	ck_assert_ptr_nonnull(strstr(r.body, "No open flags match."));
	ck_assert_ptr_nonnull(strstr(r.body, "critical: <strong>0</strong>"));
	th_resp_free(&r);

	/* A long name full of markup (400 bytes, the limit). */
	char name[401];
	memset(name, 'x', 400);
	name[400] = '\0';
	memcpy(name, "<img src=x onerror=alert(1)>&\"'", 31);
	int64_t pid = flagged_patient(name);
	(void)pid;
	page("/console/flags", cookie, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "<img"));
	ck_assert_ptr_nonnull(strstr(r.body, "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;xxxx"));
	const char *crit = strstr(r.body, "<tr data-flag-id=");
	ck_assert_ptr_nonnull(crit);
	ck_assert_ptr_nonnull(strstr(crit, "critical"));
	const char *w = strstr(crit, ">warning<"), *in = strstr(crit, ">info<");
	ck_assert_ptr_nonnull(w);
	ck_assert_ptr_nonnull(in);
	ck_assert(strstr(crit, ">critical<") < w && w < in);
	ck_assert_ptr_nonnull(strstr(r.body, "critical: <strong>1</strong>"));
	th_resp_free(&r);

	page("/console/flags?severity=critical", cookie, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, ">warning</span></td>"));
	ck_assert_ptr_nonnull(strstr(r.body, "<option selected>critical</option>"));
	th_resp_free(&r);
	page("/console/flags?rule=rls-aggravator.ssri", cookie, &r);
	EXPECT(&r, 200);
	ck_assert_int_eq((int)(strstr(r.body, "<tr data-flag-id=") != NULL), 1);
	ck_assert_ptr_null(strstr(r.body, "ddi.dopamine-antagonist</code>"));
	th_resp_free(&r);
	page("/console/flags?severity=%3Cb%3E", cookie, &r);
	EXPECT(&r, 422);
	ck_assert_ptr_null(strstr(r.body, "<b>"));
	th_resp_free(&r);
	page("/console/flags?page=0", cookie, &r);
	EXPECT(&r, 422);
	th_resp_free(&r);
	page("/console/flags?page=2", cookie, &r);     /* past the end: empty, not an error */
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "<tr data-flag-id="));
	th_resp_free(&r);
}
END_TEST

START_TEST(test_review_flow)
{
	struct th_resp r;
	char cookie[80], csrf[64], body[256], path[64];
	flagged_patient("Ann");
	int64_t fid = open_flag("warning");
	int64_t audits = th_count(&T, "audit");
	login(T.pharmacist, cookie);
	snprintf(path, sizeof path, "/console/flags/%lld", (long long)fid);
	page(path, cookie, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "<form id=\"review\" method=\"post\""));
	ck_assert_ptr_nonnull(strstr(r.body, "value=\"acknowledged\""));
	ck_assert_ptr_nonnull(strstr(r.body, "value=\"overridden\""));
	ck_assert_ptr_nonnull(strstr(r.body, "value=\"resolved\""));
	ck_assert_ptr_nonnull(strstr(r.body, "<textarea id=\"note\" name=\"note\""));
	ck_assert_ptr_nonnull(strstr(r.body, "<svg class=\"dose-chart\""));
	ck_assert_ptr_nonnull(strstr(r.body, "sertraline"));          /* medications with ingredients */
	ck_assert_ptr_nonnull(strstr(r.body, "25.0 mL/min"));         /* renal values */
	csrf_of(r.body, csrf);
	th_resp_free(&r);
	/* the page view is audited like an API read (with the login's row) */
	ck_assert_int_ge(th_count(&T, "audit"), audits + 2);

	/* without csrf, and with a wrong one: 403, nothing written */
	form_post(path, cookie, "decision=acknowledged", &r);
	EXPECT(&r, 403);
	ck_assert_str_eq(r.csp, CSP);
	th_resp_free(&r);
	form_post(path, cookie, "decision=acknowledged&csrf=AAAA", &r);
	EXPECT(&r, 403);
	th_resp_free(&r);
	ck_assert_str_eq(flag_status(fid), "open");

	/* an override without a note: 422, the form again with the reason and the choice kept */
	snprintf(body, sizeof body, "csrf=%s&decision=overridden&note=+++", csrf);
	form_post(path, cookie, body, &r);
	EXPECT(&r, 422);
	ck_assert_ptr_nonnull(strstr(r.body, "an override needs a note"));
	ck_assert_ptr_nonnull(strstr(r.body, "value=\"overridden\" checked"));
	th_resp_free(&r);
	ck_assert_str_eq(flag_status(fid), "open");
	snprintf(body, sizeof body, "csrf=%s&decision=maybe", csrf);
	form_post(path, cookie, body, &r);
	EXPECT(&r, 422);
	th_resp_free(&r);

	/* with a note: 303 to the queue, the outcome once, the API shows it under the label */
	snprintf(body, sizeof body, "csrf=%s&decision=overridden&note=Discussed+%%3Cwith%%3E+prescriber", csrf);
	form_post(path, cookie, body, &r);
	EXPECT(&r, 303);
	ck_assert_str_eq(r.location, "/console/flags");
	th_resp_free(&r);
	th_get(&T, path + strlen("/console"), T.pharmacist, &r);   /* /flags/ID under /v1 */
	th_resp_free(&r);
	char api[64];
	snprintf(api, sizeof api, "/v1/flags/%lld", (long long)fid);
	th_get(&T, api, T.pharmacist, &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(th_str(r.json, "status"), "overridden");
	ck_assert_str_eq(th_str(r.json, "review_note"), "Discussed <with> prescriber");
	char label[80];
	snprintf(label, sizeof label, "%s", th_str(r.json, "reviewed_by"));
	th_resp_free(&r);
	ck_assert_str_ne(label, "");
	page("/console/flags", cookie, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "role=\"status\""));
	ck_assert_ptr_nonnull(strstr(r.body, "marked overridden by"));
	ck_assert_ptr_nonnull(strstr(r.body, label));
	th_resp_free(&r);
	page("/console/flags", cookie, &r);
	ck_assert_ptr_null(strstr(r.body, "role=\"status\""));
	th_resp_free(&r);

	/* a second review of the same flag: 409 with the reason */
	snprintf(body, sizeof body, "csrf=%s&decision=acknowledged", csrf);
	form_post(path, cookie, body, &r);
	EXPECT(&r, 409);
	ck_assert_ptr_nonnull(strstr(r.body, "already been reviewed"));
	/* the form again, with the reason in the alert above it */
	ck_assert_ptr_nonnull(strstr(r.body, "<form id=\"review\""));
	ck_assert_ptr_nonnull(strstr(r.body, "id=\"review-error\""));
	th_resp_free(&r);
}
END_TEST

START_TEST(test_clinic_read_only)
{
	struct th_resp r;
	char cookie[80], csrf[64], body[128], path[64];
	flagged_patient("Ann");
	int64_t fid = open_flag("critical");
	login(T.clinic, cookie);
	snprintf(path, sizeof path, "/console/flags/%lld", (long long)fid);
	page(path, cookie, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "id=\"review\""));
	ck_assert_ptr_nonnull(strstr(r.body, "read only"));
	csrf_of(r.body, csrf);                     /* the logout form's */
	th_resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s&decision=acknowledged", csrf);
	form_post(path, cookie, body, &r);
	EXPECT(&r, 403);
	th_resp_free(&r);
	ck_assert_str_eq(flag_status(fid), "open");
}
END_TEST

START_TEST(test_patient_page)
{
	struct th_resp r;
	char cookie[80], path[64];
	int64_t pid = flagged_patient("<b>Bo</b>");
	login(T.pharmacist, cookie);
	snprintf(path, sizeof path, "/console/patients/%lld", (long long)pid);
	page(path, cookie, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "<b>Bo"));
	ck_assert_ptr_nonnull(strstr(r.body, "<h1>&lt;b&gt;Bo&lt;/b&gt;</h1>"));
	ck_assert_ptr_nonnull(strstr(r.body, "<svg class=\"dose-chart\""));
	ck_assert_ptr_nonnull(strstr(r.body, "Metoclopramide 10 mg"));
	ck_assert_ptr_nonnull(strstr(r.body, "id=\"patient-flags\""));
	ck_assert_ptr_nonnull(strstr(r.body, "Check-ins"));
	ck_assert_ptr_nonnull(strstr(r.body, "patient.create"));        /* the audit trail */
	th_resp_free(&r);
	page("/console/patients/999", cookie, &r);
	EXPECT(&r, 404);
	ck_assert_ptr_nonnull(strstr(r.content_type, "text/html"));
	th_resp_free(&r);
	/* a patient with nothing yet: the empty states */
	int64_t bare = th_patient(&T, "MRN-BARE");
	snprintf(path, sizeof path, "/console/patients/%lld", (long long)bare);
	page(path, cookie, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "No regimens."));
	ck_assert_ptr_nonnull(strstr(r.body, "No flags."));
	ck_assert_ptr_nonnull(strstr(r.body, "No check-ins recorded."));
	th_resp_free(&r);
	/* a check-in shows on the page, every field, the note escaped */
	int64_t rid = th_regimen(&T, bare, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}");
	char cpath[64], table[48];
	snprintf(cpath, sizeof cpath, "/v1/regimens/%lld/checkins", (long long)rid);
	th_post(&T, cpath, T.clinic, "{\"night\":\"2026-12-01\",\"severity\":6,\"onset\":\"21:30\","
	    "\"body_parts\":[\"legs\",\"arms\"],\"side_effects\":[\"nausea\"],\"irls\":18,\"note\":\"<i>restless</i>\"}", &r);
	EXPECT(&r, 201);
	th_resp_free(&r);
	page(path, cookie, &r);
	EXPECT(&r, 200);
	snprintf(table, sizeof table, "id=\"checkins-%lld\"", (long long)rid);
	ck_assert_ptr_nonnull(strstr(r.body, table));
	ck_assert_ptr_null(strstr(r.body, "No check-ins recorded."));
	ck_assert_ptr_nonnull(strstr(r.body, "<td>2026-12-01</td><td>6</td><td>21:30</td><td>legs, arms</td><td>nausea</td><td>18</td>"));
	ck_assert_ptr_nonnull(strstr(r.body, "&lt;i&gt;restless&lt;/i&gt;"));
	ck_assert_ptr_null(strstr(r.body, "<i>restless"));
	th_resp_free(&r);
}
END_TEST

START_TEST(test_logout_and_expiry)
{
	struct th_resp r;
	char cookie[80], csrf[64], body[128];
	login(T.pharmacist, cookie);
	page("/console/flags", cookie, &r);
	EXPECT(&r, 200);
	csrf_of(r.body, csrf);
	th_resp_free(&r);
	form_post("/console/logout", cookie, "", &r);       /* logout needs the csrf too */
	EXPECT(&r, 403);
	th_resp_free(&r);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	form_post("/console/logout", cookie, body, &r);
	EXPECT(&r, 303);
	ck_assert_str_eq(r.location, "/console/login");
	ck_assert_ptr_nonnull(strstr(r.set_cookie, "Max-Age=0"));
	th_resp_free(&r);
	page("/console/flags", cookie, &r);
	EXPECT(&r, 303);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "console_session"), 0);

	/* idle: 29 minutes is fine, then 31 more ends it */
	login(T.pharmacist, cookie);
	T.app->fixed_now = NOON + 29 * 60;
	page("/console/flags", cookie, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	T.app->fixed_now = NOON + 60 * 60;
	page("/console/flags", cookie, &r);
	EXPECT(&r, 303);
	th_resp_free(&r);

	/* absolute: used every 20 minutes, it still ends 12 hours after login */
	T.app->fixed_now = NOON;
	login(T.pharmacist, cookie);
	for (int m = 20; m < 12 * 60; m += 20) {
		T.app->fixed_now = NOON + m * 60;
		page("/console/flags", cookie, &r);
		EXPECT(&r, 200);
		th_resp_free(&r);
	}
	T.app->fixed_now = NOON + 12 * 3600;
	page("/console/flags", cookie, &r);
	EXPECT(&r, 303);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_revoked_token_ends_session)
{
	struct th_resp r;
	char cookie[80], tok[AUTH_TOKEN_LEN];
	ck_assert_int_eq(th_token_ex(&T, "pharmacist", -1, "ph-revoke", NULL, tok), STORE_OK);
	login(tok, cookie);
	ck_assert_int_eq(th_revoke(&T, "ph-revoke"), STORE_OK);
	page("/console/flags", cookie, &r);
	EXPECT(&r, 303);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_login_attempts_limited)
{
	struct th_resp r;
	T.app->cfg.console_login_attempts = 3;
	for (int i = 0; i < 3; i++) {
		form_post("/console/login", NULL, "token=ttd_wrong", &r);
		EXPECT(&r, 401);
		th_resp_free(&r);
	}
	char body[128];
	snprintf(body, sizeof body, "token=%s", T.pharmacist);
	form_post("/console/login", NULL, body, &r);      /* even a good token, this minute */
	EXPECT(&r, 429);
	ck_assert_str_eq(r.retry_after, "60");
	th_resp_free(&r);
	T.app->fixed_now = NOON + 60;
	form_post("/console/login", NULL, body, &r);
	EXPECT(&r, 303);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_calendar_html_has_chart)
{
	struct th_resp r;
	char pt[AUTH_TOKEN_LEN], path[160];
	int64_t pid = th_patient(&T, "MRN-CAL");
	int64_t rid = th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}");
	th_token(&T, "patient", pid, pt);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.html?token=%s", (long long)rid, pt);
	th_get(&T, path, NULL, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "<svg class=\"dose-chart\""));
	ck_assert_ptr_nonnull(strstr(r.body, "<title id=\"dose-chart-title\">Dose chart: pramipexole"));
	th_resp_free(&r);
}
END_TEST

static Suite *
console_suite(void)
{
	Suite *s = suite_create("console");
	TCase *tc = th_tcase("session", setup, teardown, 60);
	tcase_add_test(tc, test_login_page_and_headers);
	tcase_add_test(tc, test_login_refusals);
	tcase_add_test(tc, test_cookie_attributes_and_hashing);
	tcase_add_test(tc, test_no_session_redirects_and_no_bearer);
	tcase_add_test(tc, test_logout_and_expiry);
	tcase_add_test(tc, test_revoked_token_ends_session);
	tcase_add_test(tc, test_login_attempts_limited);
	suite_add_tcase(s, tc);
	tc = th_tcase("pages", setup, teardown, 60);
	tcase_add_test(tc, test_queue_order_escaping_filters);
	tcase_add_test(tc, test_review_flow);
	tcase_add_test(tc, test_clinic_read_only);
	tcase_add_test(tc, test_patient_page);
	tcase_add_test(tc, test_calendar_html_has_chart);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(console_suite());
}
