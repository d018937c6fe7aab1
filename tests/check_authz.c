/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_authz.c - who may call what: one row per route of http_routes with
 * the status every kind of caller must get (doc/openapi.yaml, "Roles").
 *
 * The test walks http_routes itself, so a new endpoint without a row here
 * fails, and so does a row whose route is gone.  Every (route, caller) pair
 * runs against freshly seeded data (a patient with an active and a held
 * regimen, a Zoloft medication and the flag it raised; reads share one
 * seed), so an authorized write meets the state it needs (2xx) and nothing
 * one caller does changes what the next one sees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testhttp.h"
#include "base/util.h"
#include "http/routes.h"

enum caller {
	C_NONE,             /* no Authorization header */
	C_MALFORMED,        /* "Bearer" with something that is not a token */
	C_REVOKED,          /* a revoked admin token */
	C_ADMIN,
	C_CLINIC,
	C_PHARMACIST,
	C_PATIENT_OWN,      /* a patient token of the seeded patient */
	C_PATIENT_FOREIGN,  /* a patient token of another patient */
	NCALLERS
};

static const char *const caller_names[NCALLERS] = {
	"no token", "malformed token", "revoked token", "admin", "clinic", "pharmacist",
	"patient (own)", "patient (foreign)",
};

/*
 * path and body placeholders: {P} the seeded patient, {R} its active
 * pramipexole regimen, {H} its held gabapentin regimen, {M} its Zoloft
 * medication, {F} the open flag that medication raised, {U} a number unique
 * to the request; {C} and {D}: the uuid of a card the order-select and the
 * order-sign service showed for the patient (seeded only where used).
 */
struct authz_row {
	const char *method;
	const char *pattern;        /* exactly as in http_routes */
	const char *path;
	const char *body;           /* JSON, or NULL */
	int want[NCALLERS];
};

/* Callers in the order of enum caller. */
#define PUBLIC_200 { 200, 200, 200, 200, 200, 200, 200, 200 }

/* A hook call with no medication order: nothing to check, 200 {"cards":[]}. */
#define CDS_EMPTY(hook) \
	"{\"hook\":\"" hook "\",\"hookInstance\":\"authz-{U}\",\"context\":{\"userId\":" \
	"\"Practitioner/authz\",\"patientId\":\"AZ-EHR-{U}\",\"draftOrders\":{\"resourceType\":" \
	"\"Bundle\",\"entry\":[]}}}"
/* Feedback on a card the service showed (seeded: {C} order-select, {D} order-sign). */
#define CDS_FEEDBACK(card) \
	"{\"feedback\":[{\"card\":\"" card "\",\"outcome\":\"accepted\"," \
	"\"outcomeTimestamp\":\"2026-11-25T10:00:00Z\"}]}"

static const struct authz_row table[] = {
	{ "GET", "/v1/health", "/v1/health", NULL, PUBLIC_200 },
	{ "GET", "/metrics", "/metrics", NULL, PUBLIC_200 },
	{ "GET", "/v1/protocols", "/v1/protocols", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 200 } },
	{ "POST", "/v1/patients", "/v1/patients",
	  "{\"external_id\":\"AZ-NEW-{U}\",\"display_name\":\"New {U}\"}",
	  { 401, 401, 401, 201, 201, 403, 403, 403 } },
	{ "GET", "/v1/patients", "/v1/patients", NULL,
	  { 401, 401, 401, 200, 200, 200, 403, 403 } },
	{ "GET", "/v1/patients/:id", "/v1/patients/{P}", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	{ "PATCH", "/v1/patients/:id", "/v1/patients/{P}", "{\"display_name\":\"Renamed {U}\"}",
	  { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "GET", "/v1/patients/:id/export", "/v1/patients/{P}/export", NULL,
	  { 401, 401, 401, 200, 200, 200, 403, 403 } },
	{ "POST", "/v1/patients/:id/regimens", "/v1/patients/{P}/regimens",
	  "{\"drug\":\"ropinirole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}",
	  { 401, 401, 401, 201, 201, 403, 403, 403 } },
	{ "GET", "/v1/patients/:id/regimens", "/v1/patients/{P}/regimens", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	{ "GET", "/v1/regimens/:id", "/v1/regimens/{R}", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	{ "GET", "/v1/regimens/:id/calendar", "/v1/regimens/{R}/calendar", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	{ "GET", "/v1/regimens/:id/calendar.ics", "/v1/regimens/{R}/calendar.ics", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	{ "GET", "/v1/regimens/:id/calendar.html", "/v1/regimens/{R}/calendar.html", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	{ "GET", "/v1/regimens/:id/fhir", "/v1/regimens/{R}/fhir", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	{ "POST", "/v1/regimens/:id/hold", "/v1/regimens/{R}/hold",
	  "{\"date\":\"2026-12-05\",\"reason\":\"authz\"}",
	  { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "POST", "/v1/regimens/:id/resume", "/v1/regimens/{H}/resume",
	  "{\"date\":\"2026-12-10\",\"reason\":\"authz\"}",
	  { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "POST", "/v1/regimens/:id/stop", "/v1/regimens/{R}/stop",
	  "{\"date\":\"2026-12-05\",\"reason\":\"authz\"}",
	  { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "POST", "/v1/patients/:id/medications", "/v1/patients/{P}/medications",
	  "{\"name\":\"Zoloft 50 mg tablet\",\"started\":\"2026-11-01\"}",
	  { 401, 401, 401, 201, 201, 403, 403, 403 } },
	{ "GET", "/v1/patients/:id/medications", "/v1/patients/{P}/medications", NULL,
	  { 401, 401, 401, 200, 200, 200, 403, 403 } },
	{ "GET", "/v1/patients/:id/medications/:id", "/v1/patients/{P}/medications/{M}", NULL,
	  { 401, 401, 401, 200, 200, 200, 403, 403 } },
	{ "DELETE", "/v1/patients/:id/medications/:id", "/v1/patients/{P}/medications/{M}", NULL,
	  { 401, 401, 401, 204, 204, 403, 403, 403 } },
	{ "GET", "/v1/flags", "/v1/flags", NULL,
	  { 401, 401, 401, 200, 200, 200, 403, 403 } },
	{ "GET", "/v1/flags/:id", "/v1/flags/{F}", NULL,
	  { 401, 401, 401, 200, 200, 200, 403, 403 } },
	{ "POST", "/v1/flags/:id/review", "/v1/flags/{F}/review",
	  "{\"decision\":\"acknowledged\",\"note\":\"authz {U}\"}",
	  { 401, 401, 401, 200, 403, 200, 403, 403 } },
	{ "POST", "/v1/tokens", "/v1/tokens", "{\"role\":\"clinic\",\"label\":\"authz-{U}\"}",
	  { 401, 401, 401, 201, 403, 403, 403, 403 } },
	{ "GET", "/v1/audit", "/v1/audit", NULL,
	  { 401, 401, 401, 200, 403, 200, 403, 403 } },
	/* CDS Hooks: clinic and admin tokens only (doc/openapi.yaml, "CDS Hooks"). */
	{ "GET", "/cds-services", "/cds-services", NULL,
	  { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "POST", "/cds-services/titrad-order-select", "/cds-services/titrad-order-select", CDS_EMPTY("order-select"),
	  { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "POST", "/cds-services/titrad-order-sign", "/cds-services/titrad-order-sign", CDS_EMPTY("order-sign"),
	  { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "POST", "/cds-services/titrad-order-select/feedback", "/cds-services/titrad-order-select/feedback",
	  CDS_FEEDBACK("{C}"), { 401, 401, 401, 200, 200, 403, 403, 403 } },
	{ "POST", "/cds-services/titrad-order-sign/feedback", "/cds-services/titrad-order-sign/feedback",
	  CDS_FEEDBACK("{D}"), { 401, 401, 401, 200, 200, 403, 403, 403 } },
	/* The console: a bearer token is never a console credential, so every caller is
	 * sent to the login (303); the public pages answer all; the login form without a
	 * token field is 401.  Refusals there are HTML pages, not problem details. */
	{ "GET", "/console/login", "/console/login", NULL, PUBLIC_200 },
	{ "POST", "/console/login", "/console/login", NULL, { 401, 401, 401, 401, 401, 401, 401, 401 } },
	{ "GET", "/console/style.css", "/console/style.css", NULL, PUBLIC_200 },
	{ "POST", "/console/logout", "/console/logout", NULL, { 303, 303, 303, 303, 303, 303, 303, 303 } },
	{ "GET", "/console/", "/console/", NULL, { 303, 303, 303, 303, 303, 303, 303, 303 } },
	{ "GET", "/console/flags", "/console/flags", NULL, { 303, 303, 303, 303, 303, 303, 303, 303 } },
	{ "GET", "/console/flags/:id", "/console/flags/{F}", NULL, { 303, 303, 303, 303, 303, 303, 303, 303 } },
	{ "POST", "/console/flags/:id", "/console/flags/{F}", NULL, { 303, 303, 303, 303, 303, 303, 303, 303 } },
	{ "GET", "/console/patients/:id", "/console/patients/{P}", NULL, { 303, 303, 303, 303, 303, 303, 303, 303 } },
	/* Check-ins: the patient reports, clinic and admin may record one; everyone reads. */
	{ "POST", "/v1/regimens/:id/checkins", "/v1/regimens/{R}/checkins",
	  "{\"night\":\"2026-12-01\",\"severity\":5}",
	  { 401, 401, 401, 201, 201, 403, 201, 404 } },
	{ "GET", "/v1/regimens/:id/checkins", "/v1/regimens/{R}/checkins", NULL,
	  { 401, 401, 401, 200, 200, 200, 200, 404 } },
	/* The patient's form: patient tokens only; this table sends JSON, not a form (415 for the owner). */
	{ "GET", "/v1/regimens/:id/checkin.html", "/v1/regimens/{R}/checkin.html", NULL,
	  { 401, 401, 401, 403, 403, 403, 200, 404 } },
	{ "POST", "/v1/regimens/:id/checkin.html", "/v1/regimens/{R}/checkin.html", "{}",
	  { 401, 401, 401, 403, 403, 403, 415, 404 } },
};

static struct th T;

/* What one (route, caller) pair runs against. */
struct seed {
	int64_t patient, regimen, held, medication, flag;
	char external_id[32];
	char own_token[AUTH_TOKEN_LEN];
	char card_select[64], card_sign[64];
};

/* Shared by every pair of one route: the other patient and its token, the revoked token. */
static int64_t foreign_patient;
static char foreign_token[AUTH_TOKEN_LEN], revoked_token[AUTH_TOKEN_LEN];
static unsigned unique;

static void
setup(void)
{
	th_start(&T);
	foreign_patient = th_patient(&T, "AZ-FOREIGN");
	th_token(&T, "patient", foreign_patient, foreign_token);
	ck_assert_int_eq(th_token_ex(&T, "admin", -1, "authz-revoked", NULL, revoked_token), STORE_OK);
	ck_assert_int_eq(th_revoke(&T, "authz-revoked"), STORE_OK);
}

static void
teardown(void)
{
	th_stop(&T);
}

static void
seed(struct seed *s)
{
	struct th_resp r;
	char ext[32], path[96];
	json_t *flags;

	memset(s, 0, sizeof *s);
	snprintf(ext, sizeof ext, "AZ-%u", ++unique);
	util_copy(s->external_id, sizeof s->external_id, ext);
	s->patient = th_patient(&T, ext);
	s->regimen = th_regimen(&T, s->patient,
	    "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}");
	s->held = th_regimen(&T, s->patient,
	    "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\",\"bedtime\":\"22:30\"}");
	snprintf(path, sizeof path, "/v1/regimens/%lld/hold", (long long)s->held);
	th_post(&T, path, T.clinic, "{\"date\":\"2026-12-05\",\"reason\":\"seed\"}", &r);
	ck_assert_msg(r.status == 200, "seed hold: %ld %s", r.status, r.body);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/patients/%lld/medications", (long long)s->patient);
	th_post(&T, path, T.clinic, "{\"name\":\"Zoloft 50 mg tablet\",\"started\":\"2026-11-01\"}", &r);
	ck_assert_msg(r.status == 201, "seed medication: %ld %s", r.status, r.body);
	s->medication = th_int(r.json, "id");
	flags = json_object_get(r.json, "flags");
	ck_assert_msg(json_array_size(flags) > 0, "Zoloft raised no flag: %s", r.body);
	s->flag = th_int(json_array_get(flags, 0), "id");
	ck_assert_int_gt(s->medication, 0);
	ck_assert_int_gt(s->flag, 0);
	th_resp_free(&r);

	th_token(&T, "patient", s->patient, s->own_token);
}

/* A card the service of hook shows for the seeded patient: a Zoloft draft beside pramipexole. */
static void
seed_card(struct seed *s, const char *hook, char *out, size_t cap)
{
	struct th_resp r;
	char path[64], body[1024];
	const char *uuid;

	snprintf(path, sizeof path, "/cds-services/titrad-%s", hook);
	snprintf(body, sizeof body, "{\"hook\":\"%s\",\"hookInstance\":\"authz-seed-%u\",\"context\":"
	    "{\"userId\":\"Practitioner/seed-%s\",\"patientId\":\"%s\",%s\"draftOrders\":"
	    "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":"
	    "\"MedicationRequest\",\"id\":\"d1\",\"status\":\"draft\",\"intent\":\"order\","
	    "\"medicationCodeableConcept\":{\"text\":\"Zoloft 50 mg tablet\"},"
	    "\"subject\":{\"reference\":\"Patient/x\"}}}]}}}", hook, ++unique, hook, s->external_id,
	    strcmp(hook, "order-select") == 0 ? "\"selections\":[]," : "");
	th_post(&T, path, T.clinic, body, &r);
	ck_assert_msg(r.status == 200, "seed %s card: %ld %s", hook, r.status, r.body);
	uuid = th_str(json_array_get(json_object_get(r.json, "cards"), 0), "uuid");
	ck_assert_msg(uuid != NULL, "seed %s: no card shown: %s", hook, r.body);
	ck_assert(util_copy(out, cap, uuid));
	th_resp_free(&r);
}

/* The text of placeholder {c}, or NULL if c is none. */
static const char *
placeholder(char c, const struct seed *s, unsigned u, char num[24])
{
	long long v;
	switch (c) {
	case 'P': v = s->patient; break;
	case 'R': v = s->regimen; break;
	case 'H': v = s->held; break;
	case 'M': v = s->medication; break;
	case 'F': v = s->flag; break;
	case 'U': v = u; break;
	case 'C':
		ck_assert_msg(s->card_select[0] != '\0', "{C} used but no card seeded");
		return s->card_select;
	case 'D':
		ck_assert_msg(s->card_sign[0] != '\0', "{D} used but no card seeded");
		return s->card_sign;
	default: return NULL;
	}
	snprintf(num, 24, "%lld", v);
	return num;
}

/* Replace the placeholders of tmpl; ck_asserts it fits. */
static void
expand(const char *tmpl, const struct seed *s, unsigned u, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = tmpl; *p != '\0'; p++) {
		char num[24];
		const char *add = NULL;
		if (p[0] == '{' && p[1] != '\0' && p[2] == '}' &&
		    (add = placeholder(p[1], s, u, num)) != NULL)
			p += 2;
		if (add == NULL) {
			ck_assert_msg(o + 1 < cap, "expanded '%s' too long", tmpl);
			out[o++] = *p;
		} else {
			size_t n = strlen(add);
			ck_assert_msg(o + n < cap, "expanded '%s' too long", tmpl);
			memcpy(out + o, add, n);
			o += n;
		}
	}
	out[o] = '\0';
}

static const char *
token_of(enum caller c, const struct seed *s)
{
	switch (c) {
	case C_NONE: return NULL;
	case C_MALFORMED: return "not-a-token";
	case C_REVOKED: return revoked_token;
	case C_ADMIN: return T.admin;
	case C_CLINIC: return T.clinic;
	case C_PHARMACIST: return T.pharmacist;
	case C_PATIENT_OWN: return s->own_token;
	case C_PATIENT_FOREIGN: return foreign_token;
	default: return NULL;
	}
}

static const struct authz_row *
row_of(const struct route *rt)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (strcmp(table[i].method, rt->method) == 0 && strcmp(table[i].pattern, rt->pattern) == 0)
			return &table[i];
	return NULL;
}

/* Every row names a route that exists (a removed endpoint leaves no stale row). */
START_TEST(test_table_rows_have_routes)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++) {
		bool found = false;
		for (size_t k = 0; k < http_nroutes && !found; k++)
			found = strcmp(table[i].method, http_routes[k].method) == 0 &&
			    strcmp(table[i].pattern, http_routes[k].pattern) == 0;
		ck_assert_msg(found, "authz row %s %s has no route in http_routes", table[i].method,
		    table[i].pattern);
	}
}
END_TEST

/* One route of http_routes (the loop index), every caller. */
START_TEST(test_route)
{
	const struct route *rt = &http_routes[_i];
	const struct authz_row *row = row_of(rt);
	char failures[4096];
	size_t flen = 0;

	ck_assert_msg(row != NULL, "route %s %s (%s) has no row in the authz table of "
	    "tests/check_authz.c: add one with the status each caller must get", rt->method,
	    rt->pattern, rt->name);
	failures[0] = '\0';
	/* A read changes nothing a later caller sees: one seed does for all. */
	bool reseed = strcmp(row->method, "GET") != 0;
	struct seed s;
	seed(&s);
	for (int c = 0; c < NCALLERS; c++) {
		struct th_resp r;
		char path[256], body[512];
		const char *tok;

		if (reseed && c > 0)
			seed(&s);
		if (row->body != NULL && strstr(row->body, "{C}") != NULL && s.card_select[0] == '\0')
			seed_card(&s, "order-select", s.card_select, sizeof s.card_select);
		if (row->body != NULL && strstr(row->body, "{D}") != NULL && s.card_sign[0] == '\0')
			seed_card(&s, "order-sign", s.card_sign, sizeof s.card_sign);
		expand(row->path, &s, ++unique, path, sizeof path);
		if (row->body != NULL)
			expand(row->body, &s, ++unique, body, sizeof body);
		tok = token_of((enum caller)c, &s);
		th_request(&T, row->method, path, tok, row->body ? "application/json" : NULL,
		    row->body ? body : NULL, NULL, &r);
		if (r.status != row->want[c]) {
			int n = snprintf(failures + flen, sizeof failures - flen,
			    "\n  %s %s as %s: %ld, want %d: %.160s", row->method, path, caller_names[c],
			    r.status, row->want[c], r.body ? r.body : "");
			if (n > 0 && (size_t)n < sizeof failures - flen)
				flen += (size_t)n;
		} else if (r.status >= 400 && strncmp(row->pattern, "/console/", 9) != 0) {
			/* Refusals are problem details, 401 with a challenge. */
			th_assert_problem(&r, r.status);
			if (r.status == 401)
				ck_assert_msg(strncmp(r.www_authenticate, "Bearer", 6) == 0,
				    "%s %s as %s: 401 without WWW-Authenticate: Bearer", row->method, path,
				    caller_names[c]);
		}
		th_resp_free(&r);
	}
	ck_assert_msg(flen == 0, "%s %s:%s", rt->method, rt->pattern, failures);
}
END_TEST

/* The calendar feeds also take ?token=, but only a patient token of that patient. */
START_TEST(test_feed_query_token)
{
	static const char *const feeds[] = { "calendar.ics", "calendar.html" };
	struct seed s;
	struct th_resp r;
	char path[512];

	seed(&s);
	for (size_t i = 0; i < ARRAY_LEN(feeds); i++) {
		struct { const char *tok; long want; } cases[] = {
			{ s.own_token, 200 }, { foreign_token, 404 }, { T.admin, 401 },
			{ T.clinic, 401 }, { revoked_token, 401 }, { "not-a-token", 401 },
		};
		for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
			snprintf(path, sizeof path, "/v1/regimens/%lld/%s?token=%s", (long long)s.regimen,
			    feeds[i], cases[k].tok);
			th_get(&T, path, NULL, &r);
			ck_assert_msg(r.status == cases[k].want, "GET %s: %ld, want %ld: %s", path, r.status,
			    cases[k].want, r.body);
			th_resp_free(&r);
		}
	}
	/* Everywhere else ?token= is no credential at all. */
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar?token=%s", (long long)s.regimen,
	    s.own_token);
	th_get(&T, path, NULL, &r);
	ck_assert_msg(r.status == 401, "GET %s: %ld, want 401", path, r.status);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/patients/%lld?token=%s", (long long)s.patient, s.own_token);
	th_get(&T, path, NULL, &r);
	ck_assert_msg(r.status == 401, "GET %s: %ld, want 401", path, r.status);
	th_resp_free(&r);
}
END_TEST

/* A patient token sees 404, not 403, for another patient's nested ids too. */
START_TEST(test_patient_foreign_nested_ids)
{
	struct seed s;
	struct th_resp r;
	char path[128];

	seed(&s);
	/* The foreign patient's path with the seeded patient's regimen: still not visible. */
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)s.patient);
	th_get(&T, path, foreign_token, &r);
	ck_assert_msg(r.status == 404, "GET %s as foreign patient: %ld", path, r.status);
	th_resp_free(&r);
	/* An id that does not exist and one that does look the same to a patient token. */
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)999999);
	th_get(&T, path, s.own_token, &r);
	ck_assert_msg(r.status == 404, "GET %s as patient: %ld", path, r.status);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)999999);
	th_get(&T, path, s.own_token, &r);
	ck_assert_msg(r.status == 404, "GET %s as patient: %ld", path, r.status);
	th_resp_free(&r);
}
END_TEST

static Suite *
authz_suite(void)
{
	Suite *s = suite_create("authz");
	TCase *tc = th_tcase("roles", setup, teardown, 120);

	tcase_add_test(tc, test_table_rows_have_routes);
	tcase_add_loop_test(tc, test_route, 0, (int)http_nroutes);
	tcase_add_test(tc, test_feed_query_token);
	tcase_add_test(tc, test_patient_foreign_nested_ids);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(authz_suite());
}
