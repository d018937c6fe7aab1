/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_cds.c - the CDS Hooks services and the FHIR export (doc/openapi.yaml,
 * "CDS Hooks" and GET /v1/regimens/ID/fhir) against the real daemon.
 *
 * Requests are shaped as CDS Hooks 2.0 sends them: hook, hookInstance,
 * context {userId, patientId, draftOrders (a Bundle of MedicationRequest),
 * selections}, and optionally prefetch {patient, medications}.  Every CDS
 * response is walked for null and {} anywhere.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "engine/datetime.h"
#include "testhttp.h"

#define RXNORM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define ATC "http://www.whocc.no/atc"
#define SELECT "/cds-services/titrad-order-select"
#define SIGN "/cds-services/titrad-order-sign"

static struct th T;

/* 2026-12-01T12:00:00Z plus minutes. */
static time_t
at(int minutes)
{
	return (time_t)dt_days_from_civil(2026, 12, 1) * 86400 + 12 * 3600 + minutes * 60;
}

static void
setup(void)
{
	th_start(&T);
	T.app->fixed_now = at(0);
}

static void
teardown(void)
{
	th_stop(&T);
}

#define EXPECT(r, want) \
	ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d; body: %s", \
	    __FILE__, __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

/* ---- building requests ---- */

/* A Bundle of the resources given (stolen), NULL-terminated. */
static json_t *
bundle(json_t *first, ...)
{
	va_list ap;
	json_t *resources = json_array(), *res = first;
	va_start(ap, first);
	while (res != NULL) {
		json_array_append_new(resources, res);
		res = va_arg(ap, json_t *);
	}
	va_end(ap);
	return th_cds_bundle(resources);
}

/* ---- checking responses ---- */

/* No null and no empty object anywhere (the CDS contract). */
static void
walk_no_null_no_empty(const json_t *v, const char *path)
{
	const char *k;
	json_t *x;
	size_t i;
	char sub[512];

	ck_assert_msg(!json_is_null(v), "null at %s", path);
	if (json_is_object(v)) {
		ck_assert_msg(json_object_size(v) > 0, "empty object at %s", path);
		json_object_foreach((json_t *)v, k, x) {
			snprintf(sub, sizeof sub, "%s.%s", path, k);
			walk_no_null_no_empty(x, sub);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			walk_no_null_no_empty(x, sub);
		}
	}
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static bool
uuid_v4_ok(const char *s)
{
	if (s == NULL || strlen(s) != 36 || s[14] != '4' || strchr("89ab", s[19]) == NULL)
		return false;
	for (int i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' : strchr("0123456789abcdef", s[i]) == NULL)
			return false;
	return true;
}

/* The cards of a 200 response, each checked against the card contract. */
static json_t *
cards_of(const struct th_resp *r)
{
	json_t *cards, *c, *o;
	size_t i, k;

	ck_assert_msg(r->json != NULL, "not JSON: %s", r->body);
	walk_no_null_no_empty(r->json, "$");
	ck_assert_int_eq(json_object_size(r->json), 1);
	cards = json_object_get(r->json, "cards");
	ck_assert_msg(json_is_array(cards), "no cards: %s", r->body);
	json_array_foreach(cards, i, c) {
		const char *ind = th_str(c, "indicator");
		ck_assert_msg(uuid_v4_ok(th_str(c, "uuid")), "uuid %s", th_str(c, "uuid"));
		ck_assert_ptr_nonnull(th_str(c, "summary"));
		ck_assert_msg(utf8_chars(th_str(c, "summary")) < 140, "summary too long: %s", th_str(c, "summary"));
		ck_assert_msg(ind && (!strcmp(ind, "info") || !strcmp(ind, "warning") || !strcmp(ind, "critical")),
		    "indicator %s", ind ? ind : "(none)");
		ck_assert_ptr_nonnull(th_str(c, "detail"));
		ck_assert_str_eq(th_str(json_object_get(c, "source"), "label"), "titrad");
		o = json_object_get(c, "overrideReasons");
		ck_assert_msg(json_array_size(o) >= 3, "overrideReasons");
		json_t *reason;
		json_array_foreach(o, k, reason) {
			ck_assert_str_eq(th_str(reason, "system"), "https://titrad.example/override-reason");
			ck_assert_ptr_nonnull(th_str(reason, "code"));
			ck_assert_ptr_nonnull(th_str(reason, "display"));
		}
		if (json_object_get(c, "suggestions") != NULL)
			ck_assert_ptr_nonnull(th_str(c, "selectionBehavior"));
	}
	return cards;
}

/* The card whose source.topic.code is rule, or NULL. */
static json_t *
card(json_t *cards, const char *rule)
{
	json_t *c;
	size_t i;
	json_array_foreach(cards, i, c) {
		const char *code = th_str(json_object_get(json_object_get(c, "source"), "topic"), "code");
		if (code != NULL && strcmp(code, rule) == 0)
			return c;
	}
	return NULL;
}

static void
expect_card(json_t *cards, const char *rule, const char *indicator)
{
	json_t *c = card(cards, rule);
	char *s = json_dumps(cards, JSON_COMPACT);
	ck_assert_msg(c != NULL, "no %s card in %s", rule, s);
	free(s);
	ck_assert_str_eq(th_str(c, "indicator"), indicator);
}

static long
cds(const char *path, char *body, struct th_resp *r)
{
	long st = th_post(&T, path, T.clinic, body, r);
	free(body);
	if (st == 200)
		walk_no_null_no_empty(r->json, "$");
	return st;
}

/* ================================================================ discovery */

START_TEST(test_discovery)
{
	struct th_resp r;
	json_t *svc;
	size_t i;
	bool sel = false, sign = false;

	th_get(&T, "/cds-services", T.clinic, &r);
	EXPECT(&r, 200);
	walk_no_null_no_empty(r.json, "$");
	json_array_foreach(json_object_get(r.json, "services"), i, svc) {
		const char *hook = th_str(svc, "hook");
		json_t *pf = json_object_get(svc, "prefetch");
		ck_assert_ptr_nonnull(th_str(svc, "id"));
		ck_assert_ptr_nonnull(th_str(svc, "title"));
		ck_assert_ptr_nonnull(th_str(svc, "description"));
		ck_assert_str_eq(th_str(pf, "patient"), "Patient/{{context.patientId}}");
		ck_assert_str_eq(th_str(pf, "medications"),
		    "MedicationRequest?patient={{context.patientId}}&status=active");
		if (strcmp(hook, "order-select") == 0) {
			sel = true;
			ck_assert_str_eq(th_str(svc, "id"), "titrad-order-select");
		} else if (strcmp(hook, "order-sign") == 0) {
			sign = true;
			ck_assert_str_eq(th_str(svc, "id"), "titrad-order-sign");
		}
	}
	ck_assert(sel && sign);
	th_resp_free(&r);

	th_get(&T, "/cds-services", T.admin, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	th_get(&T, "/cds-services", T.pharmacist, &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	th_get(&T, "/cds-services", NULL, &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	th_post(&T, SELECT, T.pharmacist, "{}", &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ cards */

START_TEST(test_ssri_draft)
{
	struct th_resp r;
	json_t *cards, *c;

	/* By RxNorm ingredient code, unknown patient, prefetch "no medications" (null). */
	cds(SELECT, th_cds_request("order-select", "EHR-77", "Practitioner/1",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), NULL), json_null()), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	ck_assert_int_eq(json_array_size(cards), 1);
	expect_card(cards, "rls-aggravator.ssri", "warning");
	c = card(cards, "rls-aggravator.ssri");
	ck_assert_msg(strstr(th_str(c, "summary"), "Sertraline") != NULL, "%s", th_str(c, "summary"));
	ck_assert_msg(strstr(th_str(c, "detail"), "N06AB06") != NULL, "%s", th_str(c, "detail"));
	th_resp_free(&r);

	/* By ATC code, at order-sign, with a prefetch Bundle. */
	cds(SIGN, th_cds_request("order-sign", "EHR-77", "Practitioner/2",
	    bundle(th_cds_order("b", ATC, "N06AB04", NULL), NULL),
	    bundle(th_cds_order("m1", NULL, NULL, "Metformin 500 mg tablet"), NULL)), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	ck_assert_int_eq(json_array_size(cards), 1);
	expect_card(cards, "rls-aggravator.ssri", "warning");
	ck_assert_msg(strstr(th_str(card(cards, "rls-aggravator.ssri"), "summary"), "Citalopram") != NULL, "%s", r.body);
	th_resp_free(&r);

	/* By text (a brand and strength), and an unknown RxNorm product code falls back to display. */
	char *body = th_cds_request("order-select", "EHR-77", "Practitioner/3",
	    bundle(th_cds_order("c", NULL, NULL, "Zoloft 50 mg tablet"), NULL), json_null());
	cds(SELECT, body, &r);
	EXPECT(&r, 200);
	expect_card(cards_of(&r), "rls-aggravator.ssri", "warning");
	th_resp_free(&r);
	json_t *o = th_cds_order("d", NULL, NULL, NULL);
	json_object_set_new(o, "medicationCodeableConcept", json_pack("{s:[{s:s, s:s, s:s}]}", "coding",
	    "system", RXNORM, "code", "312940", "display", "sertraline 50 MG Oral Tablet"));
	cds(SELECT, th_cds_request("order-select", "EHR-77", "Practitioner/3", bundle(o, NULL), json_null()), &r);
	EXPECT(&r, 200);
	expect_card(cards_of(&r), "rls-aggravator.ssri", "warning");
	th_resp_free(&r);
}
END_TEST

START_TEST(test_haloperidol_on_pramipexole)
{
	struct th_resp r;
	json_t *cards;
	int64_t pid = th_patient(&T, "MRN-2001");

	th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-11-20\",\"symptom_onset\":\"22:00\"}");
	/* No prefetch: the stored list and regimen count. */
	cds(SELECT, th_cds_request("order-select", "MRN-2001", "Practitioner/1",
	    bundle(th_cds_order("h", RXNORM, "5093", "haloperidol 5 mg"), NULL), NULL), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	expect_card(cards, "ddi.dopamine-antagonist", "critical");
	expect_card(cards, "rls-aggravator.antipsychotic", "warning");
	/* Critical first; nothing about the stored regimen alone (its label findings are flags). */
	ck_assert_str_eq(th_str(json_array_get(cards, 0), "indicator"), "critical");
	ck_assert_ptr_null(card(cards, "label.max-exceeded"));
	ck_assert_ptr_null(card(cards, "guideline.dopamine-agonist"));
	th_resp_free(&r);

	/* With a prefetch list: it replaces the stored medications, the regimen still counts. */
	cds(SIGN, th_cds_request("order-sign", "MRN-2001", "Practitioner/9",
	    bundle(th_cds_order("h2", NULL, NULL, "Haldol 2 mg tablet"), NULL),
	    bundle(th_cds_order("p1", NULL, NULL, "Lisinopril 10 mg"), NULL)), &r);
	EXPECT(&r, 200);
	expect_card(cards_of(&r), "ddi.dopamine-antagonist", "critical");
	th_resp_free(&r);
}
END_TEST

START_TEST(test_opioid_with_gabapentin)
{
	struct th_resp r;
	json_t *cards, *plan, *act;

	/* Both drafts: gabapentin (a regimen of the default protocol) and oxycodone. */
	cds(SIGN, th_cds_request("order-sign", "EHR-5", "Practitioner/1",
	    bundle(th_cds_order("g", RXNORM, "25480", "gabapentin 300 mg"), th_cds_order("o", NULL, NULL, "OxyContin 10 mg"), NULL),
	    json_null()), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	expect_card(cards, "ddi.opioid-cns", "critical");
	ck_assert_str_eq(th_str(json_array_get(cards, 0), "indicator"), "critical");
	/* The titratable draft gets the titration plan as a suggestion. */
	plan = card(cards, "titration-plan");
	ck_assert_ptr_nonnull(plan);
	ck_assert_str_eq(th_str(plan, "indicator"), "info");
	ck_assert_str_eq(th_str(plan, "selectionBehavior"), "at-most-one");
	act = json_array_get(json_object_get(json_array_get(json_object_get(plan, "suggestions"), 0), "actions"), 0);
	ck_assert_str_eq(th_str(act, "type"), "update");
	json_t *res = json_object_get(act, "resource");
	ck_assert_str_eq(th_str(res, "id"), "g");
	/* gabapentin 300 mg +300 mg weekly to 2700 mg: 9 levels */
	ck_assert_int_eq(json_array_size(json_object_get(res, "dosageInstruction")), 9);
	th_resp_free(&r);

	/* A stored gabapentin regimen and an opioid draft. */
	int64_t pid = th_patient(&T, "MRN-3001");
	th_regimen(&T, pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-11-01\",\"bedtime\":\"22:30\"}");
	cds(SELECT, th_cds_request("order-select", "MRN-3001", "Practitioner/1",
	    bundle(th_cds_order("o2", RXNORM, "7804", NULL), NULL), NULL), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	expect_card(cards, "ddi.opioid-cns", "critical");
	ck_assert_ptr_null(card(cards, "label.off-label"));     /* about the stored regimen only */
	ck_assert_ptr_null(card(cards, "titration-plan"));
	th_resp_free(&r);
}
END_TEST

START_TEST(test_clean_order)
{
	struct th_resp r;
	int64_t pid = th_patient(&T, "MRN-4001");

	/* The stored list has an SSRI: a flag's business, not a card's. */
	th_medication(&T, pid, "Zoloft 50 mg tablet");
	cds(SELECT, th_cds_request("order-select", "MRN-4001", "Practitioner/1",
	    bundle(th_cds_order("m", NULL, NULL, "Metformin 500 mg tablet"), NULL), NULL), &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.body, "{\"cards\":[]}");
	th_resp_free(&r);
	cds(SIGN, th_cds_request("order-sign", "EHR-9", "Practitioner/1",
	    bundle(th_cds_order("m", NULL, NULL, "metformin"), NULL),
	    bundle(th_cds_order("s", RXNORM, "36437", NULL), NULL)), &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.body, "{\"cards\":[]}");
	th_resp_free(&r);
	/* No medication orders at all (a lab order only). */
	cds(SIGN, th_cds_request("order-sign", "EHR-9", "Practitioner/1",
	    bundle(json_pack("{s:s, s:s, s:s, s:s}", "resourceType", "ServiceRequest", "id", "lab",
	    "status", "draft", "intent", "order"), NULL), json_null()), &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.body, "{\"cards\":[]}");
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "cds_card"), 0);
}
END_TEST

START_TEST(test_unrecognised_long_name)
{
	struct th_resp r;
	char name[400] = "";
	json_t *c;

	for (int i = 0; i < 60; i++)
		strcat(name, "\xc3\xa9x");          /* "éx" x 60: 180 bytes of UTF-8 */
	cds(SELECT, th_cds_request("order-select", "EHR-1", "Practitioner/1",
	    bundle(th_cds_order("u", NULL, NULL, name), NULL), json_null()), &r);
	EXPECT(&r, 200);
	c = card(cards_of(&r), "formulary.unrecognised");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(th_str(c, "indicator"), "info");
	ck_assert_msg(strncmp(th_str(c, "summary"), "\xc3\xa9x\xc3\xa9x", 6) == 0, "%s", th_str(c, "summary"));
	th_resp_free(&r);
}
END_TEST

START_TEST(test_selections)
{
	struct th_resp r;
	json_t *req, *cards;
	char *s = th_cds_request("order-select", "EHR-1", "Practitioner/1",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), th_cds_order("b", RXNORM, "5093", NULL), NULL), json_null());
	req = json_loads(s, 0, NULL);
	free(s);
	json_object_set_new(json_object_get(req, "context"), "selections", json_pack("[s]", "MedicationRequest/b"));
	cds(SELECT, json_dumps(req, JSON_COMPACT), &r);
	json_decref(req);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	ck_assert_ptr_null(card(cards, "rls-aggravator.ssri"));     /* order a is not the one selected */
	expect_card(cards, "rls-aggravator.antipsychotic", "warning");
	th_resp_free(&r);
}
END_TEST

/* ================================================================ repeats */

START_TEST(test_repeat_suppression)
{
	struct th_resp r;
	json_t *cards;

	cds(SELECT, th_cds_request("order-select", "EHR-1", "Practitioner/1",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), NULL), json_null()), &r);
	EXPECT(&r, 200);
	expect_card(cards_of(&r), "rls-aggravator.ssri", "warning");
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "cds_card"), 1);

	/* 30 minutes later at order-sign, same patient, user, drug, rule: not repeated. */
	T.app->fixed_now = at(30);
	cds(SIGN, th_cds_request("order-sign", "EHR-1", "Practitioner/1",
	    bundle(th_cds_order("a", NULL, NULL, "sertraline 100 mg"), NULL), json_null()), &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.body, "{\"cards\":[]}");
	th_resp_free(&r);
	/* Another user, or another patient: shown. */
	cds(SIGN, th_cds_request("order-sign", "EHR-1", "Practitioner/2",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), NULL), json_null()), &r);
	expect_card(cards_of(&r), "rls-aggravator.ssri", "warning");
	th_resp_free(&r);
	cds(SIGN, th_cds_request("order-sign", "EHR-2", "Practitioner/1",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), NULL), json_null()), &r);
	expect_card(cards_of(&r), "rls-aggravator.ssri", "warning");
	th_resp_free(&r);
	/* order-select itself repeats (a new selection is a new decision). */
	cds(SELECT, th_cds_request("order-select", "EHR-1", "Practitioner/1",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), NULL), json_null()), &r);
	expect_card(cards_of(&r), "rls-aggravator.ssri", "warning");
	th_resp_free(&r);
	/* More than an hour after the last order-select: shown at order-sign again. */
	T.app->fixed_now = at(30 + 61);
	cds(SIGN, th_cds_request("order-sign", "EHR-1", "Practitioner/1",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), NULL), json_null()), &r);
	cards = cards_of(&r);
	expect_card(cards, "rls-aggravator.ssri", "warning");
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "cds_card"), 5);
}
END_TEST

/* A prefetch entry: an active MedicationRequest named by text. */
static json_t *
active(const char *id, const char *text)
{
	json_t *o = th_cds_order(id, NULL, NULL, text);
	json_object_set_new(o, "status", json_string("active"));
	return o;
}

/*
 * A known patient: the stored medications count together with the prefetch
 * list (the union).  A prefetch that leaves out the stored metoclopramide
 * does not hide the critical card for a ropinirole order.
 */
START_TEST(test_union_stored_and_prefetch)
{
	struct th_resp r;
	json_t *cards, *c;
	int64_t pid = th_patient(&T, "MRN-7001");

	th_medication(&T, pid, "metoclopramide 10 mg");
	th_medication(&T, pid, "gabapentin 300 mg");
	cds(SIGN, th_cds_request("order-sign", "MRN-7001", "Practitioner/1",
	    bundle(th_cds_order("r", NULL, NULL, "ropinirole 0.25 mg"), NULL),
	    bundle(active("p1", "Lisinopril 10 mg"), NULL)), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	expect_card(cards, "ddi.dopamine-antagonist", "critical");
	th_resp_free(&r);

	/* A codeine product ordered beside the stored gabapentin (listed, no regimen). */
	cds(SIGN, th_cds_request("order-sign", "MRN-7001", "Practitioner/1",
	    bundle(th_cds_order("t3", NULL, NULL, "Tylenol #3"), NULL),
	    bundle(active("p1", "Lisinopril 10 mg"), NULL)), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	expect_card(cards, "ddi.opioid-cns", "critical");
	c = card(cards, "ddi.opioid-cns");
	ck_assert_msg(strstr(th_str(c, "detail"), "gabapentin") != NULL, "%s", th_str(c, "detail"));
	th_resp_free(&r);

	/* A draft known only partly: a formulary.partial card. */
	cds(SIGN, th_cds_request("order-sign", "MRN-7001", "Practitioner/3",
	    bundle(th_cds_order("x", NULL, NULL, "Tylenol Plus"), NULL), json_null()), &r);
	EXPECT(&r, 200);
	expect_card(cards_of(&r), "formulary.partial", "info");
	th_resp_free(&r);

	/* The same ingredient in both lists counts once: one aggravator card for the draft only. */
	cds(SIGN, th_cds_request("order-sign", "MRN-7001", "Practitioner/2",
	    bundle(th_cds_order("h", NULL, NULL, "haloperidol 5 mg"), NULL),
	    bundle(active("m", "Reglan 10 mg"), NULL)), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	expect_card(cards, "rls-aggravator.antipsychotic", "warning");
	ck_assert_ptr_null(card(cards, "rls-aggravator.antiemetic"));
	th_resp_free(&r);
}
END_TEST

/*
 * Repeat suppression keys on the card's cause, interacting ingredients
 * included: a ropinirole card about metoclopramide at order-select does not
 * hide the card about haloperidol, a new interacting drug, at order-sign.
 */
START_TEST(test_repeat_new_interacting_drug)
{
	struct th_resp r;
	json_t *cards, *c;

	cds(SELECT, th_cds_request("order-select", "EHR-40", "Practitioner/1",
	    bundle(th_cds_order("r", NULL, NULL, "ropinirole"), NULL),
	    bundle(active("m", "metoclopramide"), NULL)), &r);
	EXPECT(&r, 200);
	expect_card(cards_of(&r), "ddi.dopamine-antagonist", "critical");
	th_resp_free(&r);

	/* The same cause 10 minutes later at order-sign: held back. */
	T.app->fixed_now = at(10);
	cds(SIGN, th_cds_request("order-sign", "EHR-40", "Practitioner/1",
	    bundle(th_cds_order("r", NULL, NULL, "ropinirole"), NULL),
	    bundle(active("m", "metoclopramide"), NULL)), &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(card(cards_of(&r), "ddi.dopamine-antagonist"));
	th_resp_free(&r);

	/* Haloperidol is new on the list: its card is shown. */
	cds(SIGN, th_cds_request("order-sign", "EHR-40", "Practitioner/1",
	    bundle(th_cds_order("r", NULL, NULL, "ropinirole"), NULL),
	    bundle(active("m", "metoclopramide"), active("h", "haloperidol"),
	    NULL)), &r);
	EXPECT(&r, 200);
	cards = cards_of(&r);
	c = card(cards, "ddi.dopamine-antagonist");
	ck_assert_msg(c != NULL, "no card for the new interacting drug: %s", r.body);
	ck_assert_msg(strstr(th_str(c, "detail"), "haloperidol") != NULL, "%s", th_str(c, "detail"));
	th_resp_free(&r);
}
END_TEST

/* ================================================================ feedback */

static char *
feedback_body(const char *uuid, const char *outcome, bool reason)
{
	json_t *f = json_pack("{s:s, s:s, s:s}", "card", uuid, "outcome", outcome,
	    "outcomeTimestamp", "2026-12-01T12:05:00Z");
	if (reason)
		json_object_set_new(f, "overrideReason", json_pack("{s:{s:s, s:s, s:s}, s:s}", "reason",
		    "system", "https://titrad.example/override-reason", "code", "will-monitor",
		    "display", "Will monitor the patient", "userComment", "ECG weekly"));
	json_t *b = json_pack("{s:[o]}", "feedback", f);
	char *s = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	return s;
}

START_TEST(test_feedback)
{
	struct th_resp r;
	char uuid[40], *body;
	json_t *items;

	cds(SELECT, th_cds_request("order-select", "EHR-1", "Practitioner/1",
	    bundle(th_cds_order("a", RXNORM, "36437", NULL), NULL), json_null()), &r);
	EXPECT(&r, 200);
	snprintf(uuid, sizeof uuid, "%s", th_str(json_array_get(cards_of(&r), 0), "uuid"));
	th_resp_free(&r);

	body = feedback_body(uuid, "overridden", true);
	th_post(&T, SELECT "/feedback", T.clinic, body, &r);
	EXPECT(&r, 200);
	walk_no_null_no_empty(r.json, "$");
	ck_assert_int_eq(th_int(r.json, "recorded"), 1);
	th_resp_free(&r);
	/* The same again: recorded once. */
	th_post(&T, SELECT "/feedback", T.clinic, body, &r);
	EXPECT(&r, 200);
	ck_assert_int_eq(th_int(r.json, "recorded"), 0);
	ck_assert_int_eq(th_int(r.json, "already_recorded"), 1);
	th_resp_free(&r);
	free(body);

	th_get(&T, "/v1/audit?entity=cds-card", T.admin, &r);
	EXPECT(&r, 200);
	items = json_object_get(r.json, "items");
	ck_assert_int_eq(json_array_size(items), 1);
	ck_assert_str_eq(th_str(json_array_get(items, 0), "action"), "cds.overridden");
	ck_assert_msg(strstr(th_str(json_array_get(items, 0), "detail"), uuid) != NULL, "%s", r.body);
	ck_assert_msg(strstr(th_str(json_array_get(items, 0), "detail"), "will-monitor") != NULL, "%s", r.body);
	th_resp_free(&r);

	/* accepted is another outcome of the same card; then idempotent too */
	body = feedback_body(uuid, "accepted", false);
	th_post(&T, SELECT "/feedback", T.clinic, body, &r);
	ck_assert_int_eq(th_int(r.json, "recorded"), 1);
	th_resp_free(&r);
	th_post(&T, SELECT "/feedback", T.clinic, body, &r);
	ck_assert_int_eq(th_int(r.json, "already_recorded"), 1);
	th_resp_free(&r);
	/* The card came from order-select, not order-sign. */
	th_post(&T, SIGN "/feedback", T.clinic, body, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	free(body);

	body = feedback_body("00000000-0000-4000-8000-000000000000", "accepted", false);
	th_post(&T, SELECT "/feedback", T.clinic, body, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	free(body);
	body = feedback_body(uuid, "ignored", false);
	th_post(&T, SELECT "/feedback", T.clinic, body, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	free(body);
	body = feedback_body(uuid, "accepted", true);     /* a reason goes with overridden only */
	th_post(&T, SELECT "/feedback", T.clinic, body, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	free(body);
	th_post(&T, SELECT "/feedback", T.clinic, "{\"feedback\":{}}", &r);
	th_assert_problem(&r, 400);
	th_resp_free(&r);
	th_post(&T, SELECT "/feedback", T.clinic, "{\"feedback\":[{\"card\":7}]}", &r);
	th_assert_problem(&r, 400);
	th_resp_free(&r);

	th_get(&T, "/v1/audit?entity=cds-card", T.admin, &r);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 2);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ bad requests */

#define MED_BUNDLE "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":" \
	"\"MedicationRequest\",\"medicationCodeableConcept\":{\"text\":\"sertraline\"}}}]}"

static void
bad_call(const char *path, const char *body, int status)
{
	struct th_resp r;
	th_post(&T, path, T.clinic, body, &r);
	th_assert_problem(&r, status);
	th_resp_free(&r);
}

START_TEST(test_bad_requests)
{
	struct th_resp r;
	static const char *const cases[] = {
		"{}",
		"{\"hookInstance\":\"x\",\"context\":{}}",
		"{\"hook\":\"order-select\",\"context\":{}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\"}",
		"{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\",\"patientId\":\"p\","
		    "\"draftOrders\":{\"resourceType\":\"Bundle\"}}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"context\":\"c\"}",
		"{\"hook\":\"order-select\",\"hookInstance\":7,\"context\":{}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\",\"patientId\":\"p\"}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"context\":{\"userId\":1,\"patientId\":\"p\","
		    "\"draftOrders\":{\"resourceType\":\"Bundle\"}}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\",\"patientId\":\"p\","
		    "\"draftOrders\":{\"resourceType\":\"Patient\"}}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\",\"patientId\":\"p\","
		    "\"draftOrders\":{\"resourceType\":\"Bundle\",\"entry\":{}}}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\",\"patientId\":\"p\","
		    "\"draftOrders\":{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":"
		    "\"MedicationRequest\",\"medicationCodeableConcept\":{\"coding\":{}}}}]}}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\",\"patientId\":\"p\","
		    "\"draftOrders\":{\"resourceType\":\"Bundle\"}},\"prefetch\":{\"medications\":[]}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"hooks\":1,\"context\":{\"userId\":\"u\","
		    "\"patientId\":\"p\",\"draftOrders\":{\"resourceType\":\"Bundle\"}}}",
		"{\"hook\":\"order-select\",\"hookInstance\":\"x\",\"fhirAuthorization\":{\"access_token\":\"t\"},"
		    "\"context\":{\"userId\":\"u\",\"patientId\":\"p\",\"draftOrders\":{\"resourceType\":\"Bundle\"}}}",
		"[1]",
		"{",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		bad_call(SELECT, cases[i], 400);
	bad_call("/cds-services/unknown", "{}", 404);

	/* An unknown patient and no prefetch: the current list is missing. */
	bad_call(SIGN, "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\","
	    "\"patientId\":\"nobody\",\"draftOrders\":" MED_BUNDLE "}}", 412);
	/* A prefetch that failed (OperationOutcome) is no list either. */
	bad_call(SIGN, "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\","
	    "\"patientId\":\"nobody\",\"draftOrders\":" MED_BUNDLE "},\"prefetch\":{\"medications\":"
	    "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"timeout\"}]}}}", 412);

	/* ... unless there is no medication order to check. */
	th_post(&T, SIGN, T.clinic, "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"userId\":\"u\","
	    "\"patientId\":\"nobody\",\"draftOrders\":{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":"
	    "{\"resourceType\":\"ServiceRequest\"}}]}}}", &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.body, "{\"cards\":[]}");
	th_resp_free(&r);

	th_request(&T, "POST", SELECT, T.clinic, "text/plain", "{}", NULL, &r);
	th_assert_problem(&r, 415);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "cds_card"), 0);
}
END_TEST

/* ================================================================ FHIR */

static json_t *
fhir(int64_t rid, struct th_resp *r)
{
	char path[64];
	snprintf(path, sizeof path, "/v1/regimens/%lld/fhir", (long long)rid);
	th_get(&T, path, T.clinic, r);
	EXPECT(r, 200);
	ck_assert_str_eq(r->content_type, "application/fhir+json");
	walk_no_null_no_empty(r->json, "$");
	return r->json;
}

static double
dose_of(const json_t *d)
{
	return json_number_value(json_object_get(json_object_get(json_array_get(
	    json_object_get(d, "doseAndRate"), 0), "doseQuantity"), "value"));
}

static const char *
bound(const json_t *d, const char *which)
{
	return th_str(json_object_get(json_object_get(json_object_get(d, "timing"), "repeat"), "boundsPeriod"), which);
}

static void
post_action(int64_t rid, const char *action, const char *body)
{
	struct th_resp r;
	char path[64];
	snprintf(path, sizeof path, "/v1/regimens/%lld/%s", (long long)rid, action);
	th_post(&T, path, T.clinic, body, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
}

START_TEST(test_fhir_three_levels)
{
	struct th_resp r;
	json_t *mr, *dos, *d, *cc, *coding;
	int64_t pid = th_patient(&T, "MRN-1001");
	int64_t rid = th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\",\"max_mg\":0.375}");
	char want[32];

	mr = fhir(rid, &r);
	ck_assert_str_eq(th_str(mr, "resourceType"), "MedicationRequest");
	snprintf(want, sizeof want, "regimen-%lld", (long long)rid);
	ck_assert_str_eq(th_str(mr, "id"), want);
	ck_assert_str_eq(th_str(mr, "status"), "active");
	ck_assert_str_eq(th_str(mr, "intent"), "order");
	ck_assert_str_eq(th_str(json_object_get(mr, "subject"), "reference"), "Patient/MRN-1001");
	ck_assert_ptr_nonnull(th_str(mr, "authoredOn"));
	cc = json_object_get(mr, "medicationCodeableConcept");
	ck_assert_str_eq(th_str(cc, "text"), "pramipexole");
	coding = json_object_get(cc, "coding");
	ck_assert_int_eq(json_array_size(coding), 1);          /* no RxNorm code in the formulary */
	ck_assert_str_eq(th_str(json_array_get(coding, 0), "system"), ATC);
	ck_assert_str_eq(th_str(json_array_get(coding, 0), "code"), "N04BC05");

	dos = json_object_get(mr, "dosageInstruction");
	ck_assert_int_eq(json_array_size(dos), 3);
	d = json_array_get(dos, 0);
	ck_assert_int_eq(th_int(d, "sequence"), 1);
	ck_assert_str_eq(th_str(d, "text"), "0.125 mg at 20:00, nights 1\u20132");
	ck_assert_ptr_nonnull(th_str(d, "patientInstruction"));
	ck_assert_str_eq(bound(d, "start"), "2026-12-01");
	ck_assert_str_eq(bound(d, "end"), "2026-12-02");
	json_t *rep = json_object_get(json_object_get(d, "timing"), "repeat");
	ck_assert_int_eq(th_int(rep, "frequency"), 1);
	ck_assert_int_eq(th_int(rep, "period"), 1);
	ck_assert_str_eq(th_str(rep, "periodUnit"), "d");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(rep, "timeOfDay"), 0)), "20:00:00");
	ck_assert(fabs(dose_of(d) - 0.125) < 1e-9);
	json_t *q = json_object_get(json_array_get(json_object_get(d, "doseAndRate"), 0), "doseQuantity");
	ck_assert_str_eq(th_str(q, "unit"), "mg");
	ck_assert_str_eq(th_str(q, "system"), "http://unitsofmeasure.org");
	ck_assert_str_eq(th_str(q, "code"), "mg");
	json_t *mx = json_object_get(d, "maxDosePerPeriod");
	ck_assert(fabs(th_num(json_object_get(mx, "numerator"), "value") - 0.375) < 1e-9);
	ck_assert_str_eq(th_str(json_object_get(mx, "denominator"), "code"), "d");
	ck_assert(fabs(th_num(json_object_get(mx, "denominator"), "value") - 1) < 1e-9);

	d = json_array_get(dos, 1);
	ck_assert_int_eq(th_int(d, "sequence"), 2);
	ck_assert_str_eq(th_str(d, "text"), "0.25 mg at 20:00, nights 3\u20134");
	ck_assert_str_eq(bound(d, "start"), "2026-12-03");
	ck_assert_str_eq(bound(d, "end"), "2026-12-04");
	d = json_array_get(dos, 2);
	ck_assert_int_eq(th_int(d, "sequence"), 3);
	ck_assert(fabs(dose_of(d) - 0.375) < 1e-9);
	ck_assert_str_eq(th_str(d, "text"), "0.375 mg at 20:00, from night 5 on");
	ck_assert_str_eq(bound(d, "start"), "2026-12-05");
	ck_assert_ptr_null(bound(d, "end"));                    /* maintenance goes on */
	th_resp_free(&r);

	/* Patients see their own only. */
	char tok[AUTH_TOKEN_LEN], path[64];
	int64_t other = th_patient(&T, "MRN-1002");
	snprintf(path, sizeof path, "/v1/regimens/%lld/fhir", (long long)rid);
	th_token(&T, "patient", pid, tok);
	th_get(&T, path, tok, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	th_token(&T, "patient", other, tok);
	th_get(&T, path, tok, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	th_get(&T, "/v1/regimens/999/fhir", T.clinic, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_fhir_to_cap)
{
	struct th_resp r;
	json_t *dos, *d;
	size_t i;
	int64_t pid = th_patient(&T, "MRN-1001");
	int64_t rid = th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\"}");

	dos = json_object_get(fhir(rid, &r), "dosageInstruction");
	ck_assert_int_eq(json_array_size(dos), 32);
	json_array_foreach(dos, i, d) {
		ck_assert_int_eq(th_int(d, "sequence"), (int64_t)i + 1);
		ck_assert(fabs(dose_of(d) - 0.125 * (double)(i + 1)) < 1e-9);
	}
	d = json_array_get(dos, 31);
	ck_assert_str_eq(th_str(d, "text"), "4 mg at 20:00, from night 63 on");
	ck_assert_str_eq(th_str(json_array_get(dos, 30), "text"), "3.875 mg at 20:00, nights 61\u201362");
	th_resp_free(&r);

	/* gabapentin has an RxNorm code as well as ATC */
	rid = th_regimen(&T, pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\",\"bedtime\":\"22:30\"}");
	json_t *coding = json_object_get(json_object_get(fhir(rid, &r), "medicationCodeableConcept"), "coding");
	ck_assert_int_eq(json_array_size(coding), 2);
	ck_assert_str_eq(th_str(json_array_get(coding, 0), "system"), RXNORM);
	ck_assert_str_eq(th_str(json_array_get(coding, 0), "code"), "25480");
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "dosageInstruction")), 9);
	th_resp_free(&r);
}
END_TEST

/*
 * A renal change inside a dose level's nights: that level's maxDosePerPeriod
 * is the lower cap now in force, not the one of its first night.
 */
START_TEST(test_fhir_cap_after_renal_change)
{
	struct th_resp r;
	char body[192], path[64], start[DT_DATE_LEN];
	int64_t pid = th_patient(&T, "MRN-RENAL");

	dt_format_date(dt_day_of(time(NULL)) - 3, start);
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)pid);
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"crcl_ml_min\":100}", NULL, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	snprintf(body, sizeof body, "{\"drug\":\"gabapentin\",\"start_date\":\"%s\",\"bedtime\":\"22:30\"}",
	    start);
	int64_t rid = th_regimen(&T, pid, body);
	json_t *d = json_array_get(json_object_get(fhir(rid, &r), "dosageInstruction"), 0);
	json_t *mx = json_object_get(json_object_get(d, "maxDosePerPeriod"), "numerator");
	ck_assert(fabs(th_num(mx, "value") - 2700) < 1e-9);
	th_resp_free(&r);

	/* Today, inside nights 1-7 (300 mg): CrCl 40 lowers the cap from tonight on. */
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"crcl_ml_min\":40}", NULL, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	double eff = th_num(r.json, "effective_max_mg");
	th_resp_free(&r);
	ck_assert(eff < 2700);
	d = json_array_get(json_object_get(fhir(rid, &r), "dosageInstruction"), 0);
	ck_assert(fabs(dose_of(d) - 300) < 1e-9);
	mx = json_object_get(json_object_get(d, "maxDosePerPeriod"), "numerator");
	ck_assert_msg(fabs(th_num(mx, "value") - eff) < 1e-9, "first level's max %g, effective max %g",
	    th_num(mx, "value"), eff);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_fhir_held_stopped_completed)
{
	struct th_resp r;
	json_t *mr, *dos;
	int64_t pid = th_patient(&T, "MRN 1001/x");      /* not a FHIR id: an identifier instead */
	int64_t held = th_regimen(&T, pid, "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\"}");
	int64_t stopped = th_regimen(&T, pid, "{\"drug\":\"ropinirole\",\"start_date\":\"2026-12-01\","
	    "\"symptom_onset\":\"22:00\"}");
	int64_t tapered = th_regimen(&T, pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2026-11-01\","
	    "\"bedtime\":\"22:30\"}");

	/* Held on night 4 (0.25 mg): that dose from then on, no end. */
	post_action(held, "hold", "{\"date\":\"2026-12-04\",\"reason\":\"dizzy\"}");
	T.app->fixed_now = at(60 * 24 * 7);       /* a week on: the hold's night has come */
	mr = fhir(held, &r);
	ck_assert_str_eq(th_str(mr, "status"), "on-hold");
	ck_assert_str_eq(th_str(json_object_get(mr, "statusReason"), "text"), "dizzy");
	ck_assert_str_eq(th_str(json_object_get(json_object_get(mr, "subject"), "identifier"), "value"), "MRN 1001/x");
	dos = json_object_get(mr, "dosageInstruction");
	ck_assert_int_eq(json_array_size(dos), 2);
	ck_assert_str_eq(th_str(json_array_get(dos, 1), "text"), "0.25 mg at 20:00, from night 3 on");
	ck_assert_ptr_null(bound(json_array_get(dos, 1), "end"));
	th_resp_free(&r);

	/* Stopped from night 3: ropinirole 0.5, 0.75 mg, then nothing. */
	post_action(stopped, "stop", "{\"date\":\"2026-12-03\",\"reason\":\"nausea\"}");
	mr = fhir(stopped, &r);
	ck_assert_str_eq(th_str(mr, "status"), "stopped");
	dos = json_object_get(mr, "dosageInstruction");
	ck_assert_int_eq(json_array_size(dos), 2);
	ck_assert_str_eq(th_str(json_array_get(dos, 1), "text"), "0.75 mg at 20:00, night 2");
	ck_assert_str_eq(bound(json_array_get(dos, 1), "end"), "2026-12-02");
	th_resp_free(&r);

	/* A taper run to its end is a completed course. */
	post_action(tapered, "stop", "{\"date\":\"2026-11-15\",\"taper\":true}");
	T.app->fixed_now = at(60 * 24 * 60);
	mr = fhir(tapered, &r);
	ck_assert_str_eq(th_str(mr, "status"), "completed");
	dos = json_object_get(mr, "dosageInstruction");
	ck_assert_ptr_nonnull(bound(json_array_get(dos, json_array_size(dos) - 1), "end"));
	th_resp_free(&r);
}
END_TEST

/* ================================================================ suite */

static TCase *
tcase(const char *name)
{
	return th_tcase(name, setup, teardown, 60);
}

static Suite *
cds_suite(void)
{
	Suite *s = suite_create("cds");
	TCase *tc;

	tc = tcase("discovery");
	tcase_add_test(tc, test_discovery);
	suite_add_tcase(s, tc);

	tc = tcase("cards");
	tcase_add_test(tc, test_ssri_draft);
	tcase_add_test(tc, test_haloperidol_on_pramipexole);
	tcase_add_test(tc, test_opioid_with_gabapentin);
	tcase_add_test(tc, test_clean_order);
	tcase_add_test(tc, test_selections);
	tcase_add_test(tc, test_unrecognised_long_name);
	suite_add_tcase(s, tc);

	tc = tcase("repeats_feedback");
	tcase_add_test(tc, test_repeat_suppression);
	tcase_add_test(tc, test_repeat_new_interacting_drug);
	tcase_add_test(tc, test_union_stored_and_prefetch);
	tcase_add_test(tc, test_feedback);
	suite_add_tcase(s, tc);

	tc = tcase("bad_input");
	tcase_add_test(tc, test_bad_requests);
	suite_add_tcase(s, tc);

	tc = tcase("fhir");
	tcase_add_test(tc, test_fhir_three_levels);
	tcase_add_test(tc, test_fhir_to_cap);
	tcase_add_test(tc, test_fhir_cap_after_renal_change);
	tcase_add_test(tc, test_fhir_held_stopped_completed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(cds_suite());
}
