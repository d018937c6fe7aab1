/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_clinical_data.c - the clinical facts of schema/009 are read from
 * the database, not written in C.
 *
 * Each test changes a row (a patient text, a rule's dose advice, a renal
 * band's flag_if_faster, the iron thresholds, a protocol's offset) through
 * a connection of its own, reloads the reference data the daemon reads at
 * start-up, and checks that the output follows the changed row.  A test
 * that passed with the old hard-coded strings would fail here.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "engine/interactions.h"
#include "engine/renal.h"
#include "store/store.h"
#include "http/reference.h"
#include "testhttp.h"
#include "testtmp.h"

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

/* Run sql on db_path from outside titrad (SQLite or PostgreSQL). */
static void
exec_sql(const char *db_path, const char *sql)
{
	tt_db_exec(db_path, sql);
}

/* Change the database, then re-read it as the daemon does at start-up. */
static void
change_and_reload(const char *sql)
{
	char err[512];
	exec_sql(T.store_path, sql);
	http_free_reference(T.app);
	ck_assert_msg(http_load_reference(T.app, err, sizeof err), "reload: %s", err);
}

static void
get_feed(int64_t rid, const char *what, struct th_resp *r)
{
	char path[96];
	snprintf(path, sizeof path, "/v1/regimens/%lld/%s", (long long)rid, what);
	ck_assert_int_eq(th_get(&T, path, T.clinic, r), 200);
}

/* The iCalendar body with its line folds undone (RFC 5545 3.1). */
static char *
unfolded(const struct th_resp *r)
{
	char *s = malloc(r->body_len + 1);
	size_t n = 0;
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < r->body_len; i++) {
		if (r->body[i] == '\r' && i + 2 < r->body_len && r->body[i + 1] == '\n' && r->body[i + 2] == ' ') {
			i += 2;
			continue;
		}
		s[n++] = r->body[i];
	}
	s[n] = '\0';
	return s;
}

#define PRAMI "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}"
#define GABA "{\"drug\":\"gabapentin\",\"start_date\":\"2026-12-01\",\"bedtime\":\"22:30\"}"

/* ---- patient texts ---- */

START_TEST(test_page_shows_seeded_texts)
{
	struct th_resp r;
	int64_t pid = th_patient(&T, "D-1");
	int64_t pr = th_regimen(&T, pid, PRAMI);

	get_feed(pr, "calendar.html", &r);
	ck_assert_ptr_nonnull(strstr(r.body, "This medicine can make you fall asleep suddenly."));
	ck_assert_ptr_nonnull(strstr(r.body, "Do not stop this medicine suddenly."));
	ck_assert_ptr_null(strstr(r.body, "drowsy or dizzy"));
	ck_assert_ptr_nonnull(strstr(r.body, "about two hours before your symptoms usually start"));
	th_resp_free(&r);

	int64_t ga = th_regimen(&T, th_patient(&T, "D-2"), GABA);
	get_feed(ga, "calendar.html", &r);
	ck_assert_ptr_nonnull(strstr(r.body, "This medicine can make you drowsy or dizzy. Avoid alcohol."));
	ck_assert_ptr_null(strstr(r.body, "fall asleep suddenly"));
	ck_assert_ptr_nonnull(strstr(r.body, "about an hour before bedtime"));
	th_resp_free(&r);
}
END_TEST

START_TEST(test_page_follows_changed_texts)
{
	struct th_resp r;
	change_and_reload("UPDATE patient_text SET text = 'Test warning two for pramipexole.' "
	    "WHERE drug = 'pramipexole' AND position = 2;"
	    "INSERT INTO patient_text (drug, position, text, source) VALUES "
	    "('pramipexole', 0, 'Test note zero comes first.', 'test'),"
	    "('pramipexole', 3, 'Test note three comes last.', 'test');");
	int64_t pr = th_regimen(&T, th_patient(&T, "D-3"), PRAMI);

	get_feed(pr, "calendar.html", &r);
	const char *zero = strstr(r.body, "Test note zero comes first.");
	const char *one = strstr(r.body, "Do not stop this medicine suddenly.");
	const char *two = strstr(r.body, "Test warning two for pramipexole.");
	const char *three = strstr(r.body, "Test note three comes last.");
	ck_assert_ptr_nonnull(zero);
	ck_assert_ptr_nonnull(one);
	ck_assert_ptr_nonnull(two);
	ck_assert_ptr_nonnull(three);
	ck_assert_msg(zero < one && one < two && two < three, "notes not in position order");
	ck_assert_ptr_null(strstr(r.body, "fall asleep suddenly"));
	th_resp_free(&r);

	/* A drug with no rows gets no drug notes at all. */
	change_and_reload("DELETE FROM patient_text WHERE drug = 'gabapentin'");
	int64_t ga = th_regimen(&T, th_patient(&T, "D-4"), GABA);
	get_feed(ga, "calendar.html", &r);
	ck_assert_ptr_null(strstr(r.body, "Do not stop this medicine suddenly."));
	ck_assert_ptr_null(strstr(r.body, "drowsy or dizzy"));
	th_resp_free(&r);
}
END_TEST

/* The "about ... before" phrase is the protocol's offset in words. */
START_TEST(test_page_timing_from_offset)
{
	struct th_resp r;
	change_and_reload("UPDATE protocol SET offset_minutes = 180 WHERE drug = 'gabapentin';"
	    "UPDATE protocol SET offset_minutes = 90 WHERE drug = 'pramipexole'");
	int64_t ga = th_regimen(&T, th_patient(&T, "D-5"), GABA);
	get_feed(ga, "calendar.html", &r);
	ck_assert_ptr_nonnull(strstr(r.body, "at 19:30 every evening, about three hours before bedtime."));
	th_resp_free(&r);
	int64_t pr = th_regimen(&T, th_patient(&T, "D-6"), PRAMI);
	get_feed(pr, "calendar.html", &r);
	ck_assert_ptr_nonnull(strstr(r.body,
	    "at 20:30 every evening, about 90 minutes before your symptoms usually start."));
	th_resp_free(&r);
}
END_TEST

/* ---- rule.dose_advice ---- */

START_TEST(test_antacid_advice_from_data)
{
	struct th_resp r;
	int64_t pid = th_patient(&T, "D-7");
	int64_t ga = th_regimen(&T, pid, GABA);
	const char *advice = "Take it at least 2 hours after any antacid (aluminium/magnesium).";

	get_feed(ga, "calendar.html", &r);
	ck_assert_ptr_null(strstr(r.body, advice));
	th_resp_free(&r);
	th_medication(&T, pid, "Maalox");
	get_feed(ga, "calendar.html", &r);
	ck_assert_ptr_nonnull(strstr(r.body, advice));
	th_resp_free(&r);
}
END_TEST

/* Any rule with dose advice contributes it, and ddi.antacid only through its row. */
START_TEST(test_any_rule_dose_advice)
{
	struct th_resp r;
	const char *advice = "Test advice: keep this dose apart from cimetidine.";
	change_and_reload("UPDATE rule SET dose_advice = '' WHERE id = 'ddi.antacid';"
	    "UPDATE rule SET dose_advice = 'Test advice: keep this dose apart from cimetidine.' "
	    "WHERE id = 'ddi.renal-cation'");
	int64_t pid = th_patient(&T, "D-8");
	int64_t pr = th_regimen(&T, pid, PRAMI);

	get_feed(pr, "calendar.html", &r);
	ck_assert_ptr_null(strstr(r.body, advice));
	th_resp_free(&r);

	th_medication(&T, pid, "cimetidine");
	get_feed(pr, "calendar.html", &r);
	ck_assert_ptr_nonnull(strstr(r.body, advice));
	th_resp_free(&r);
	get_feed(pr, "calendar.ics", &r);
	char *ics = unfolded(&r);
	ck_assert_ptr_nonnull(strstr(ics, advice));
	free(ics);
	th_resp_free(&r);
	get_feed(pr, "fhir", &r);
	ck_assert_ptr_nonnull(strstr(r.body, advice));
	th_resp_free(&r);

	/* With its advice cleared, ddi.antacid adds nothing for a gabapentin patient. */
	int64_t pid2 = th_patient(&T, "D-9");
	int64_t ga = th_regimen(&T, pid2, GABA);
	th_medication(&T, pid2, "Maalox");
	get_feed(ga, "calendar.html", &r);
	ck_assert_ptr_null(strstr(r.body, "antacid (aluminium/magnesium)"));
	th_resp_free(&r);
}
END_TEST

/* Two rules with advice: both appear, each once. */
START_TEST(test_two_rules_advice)
{
	struct th_resp r;
	change_and_reload("UPDATE rule SET dose_advice = 'Test advice one.' WHERE id = 'ddi.renal-cation';"
	    "UPDATE rule SET dose_advice = 'Test advice two.' WHERE id = 'ddi.dopamine-antagonist'");
	int64_t pid = th_patient(&T, "D-10");
	int64_t pr = th_regimen(&T, pid, PRAMI);
	th_medication(&T, pid, "cimetidine");
	th_medication(&T, pid, "metoclopramide");
	get_feed(pr, "calendar.html", &r);
	const char *one = strstr(r.body, "Test advice one.");
	const char *two = strstr(r.body, "Test advice two.");
	ck_assert_ptr_nonnull(one);
	ck_assert_ptr_nonnull(two);
	ck_assert_ptr_null(strstr(one + 1, "Test advice one."));
	ck_assert_ptr_null(strstr(two + 1, "Test advice two."));
	th_resp_free(&r);
}
END_TEST

/* The advice of a flag past the first page of live flags still counts. */
START_TEST(test_advice_past_first_page)
{
	static const char *const antagonists[] = { "haloperidol", "olanzapine", "risperidone",
		"quetiapine", "metoclopramide", "promethazine", "chlorpromazine", "aripiprazole" };
	struct th_resp r;
	char path[96];
	change_and_reload("UPDATE rule SET dose_advice = 'Test advice after many flags.' "
	    "WHERE id = 'ddi.renal-cation'");
	int64_t pid = th_patient(&T, "D-11");
	int64_t pr = th_regimen(&T, pid, PRAMI);
	for (size_t i = 0; i < ARRAY_LEN(antagonists); i++)
		th_medication(&T, pid, antagonists[i]);
	th_medication(&T, pid, "cimetidine");
	snprintf(path, sizeof path, "/v1/flags?regimen_id=%lld&limit=100", (long long)pr);
	ck_assert_int_eq(th_get(&T, path, T.clinic, &r), 200);
	ck_assert_uint_gt(json_array_size(json_object_get(r.json, "items")), 9);
	th_resp_free(&r);
	get_feed(pr, "calendar.html", &r);
	ck_assert_ptr_nonnull(strstr(r.body, "Test advice after many flags."));
	th_resp_free(&r);
}
END_TEST

/* ---- engine data: renal flag_if_faster, iron_limit ---- */

struct kb {
	struct store *db;
	struct ia_kb *kb;
	struct renal_band *bands;
	size_t nbands;
};

static void
kb_load(struct kb *k, const char *sql)
{
	char err[512];
	exec_sql(T.store_path, sql);
	ck_assert_msg(store_open(T.store_path, false, &k->db, err, sizeof err) == STORE_OK, "%s", err);
	ck_assert_int_eq(store_load_kb(k->db, &k->kb), STORE_OK);
	ck_assert_int_eq(store_renal_bands(k->db, &k->bands, &k->nbands), STORE_OK);
}

static void
kb_free(struct kb *k)
{
	ia_free(k->kb);
	free(k->bands);
	store_close(k->db);
}

static bool
raised(const struct kb *k, const struct ia_patient *p, const struct ia_regimen *g, size_t ng, const char *rule)
{
	struct ia_finding out[64];
	size_t n = ia_check(k->kb, T.app->ref.fm, k->bands, k->nbands, p, NULL, 0, g, ng, out, ARRAY_LEN(out));
	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i].rule->id, rule) == 0)
			return true;
	return false;
}

START_TEST(test_renal_flag_if_faster)
{
	struct kb k;
	struct ia_patient p = { .crcl_dml = 500, .ferritin_dng = -1, .tsat_dpct = -1 };
	/* Steps every 14 nights: meets the band's interval. */
	struct ia_regimen slow = { .id = 1, .drug = "pramipexole", .start_ug = 125, .step_ug = 125,
		.max_ug = 4000, .interval_days = 14, .unit_ug = 125 };
	struct ia_regimen fast = slow;
	fast.interval_days = 2;

	kb_load(&k, "SELECT 1");
	ck_assert(raised(&k, &p, &fast, 1, "renal.pramipexole-interval"));
	ck_assert(!raised(&k, &p, &slow, 1, "renal.pramipexole-interval"));
	kb_free(&k);
	/* The same band with flag_if_faster = 0 warns whatever the plan. */
	kb_load(&k, "UPDATE renal_band SET flag_if_faster = 0 WHERE rule = 'renal.pramipexole-interval'");
	ck_assert(raised(&k, &p, &slow, 1, "renal.pramipexole-interval"));
	kb_free(&k);
	/* And another band's rule may carry it: renal.not-studied (CrCl < 20) then quiets for a slow plan. */
	p.crcl_dml = 150;
	kb_load(&k, "SELECT 1");
	ck_assert(raised(&k, &p, &slow, 1, "renal.not-studied"));
	kb_free(&k);
	kb_load(&k, "UPDATE renal_band SET flag_if_faster = 1 WHERE rule = 'renal.not-studied' "
	    "AND drug = 'pramipexole'");
	ck_assert(!raised(&k, &p, &slow, 1, "renal.not-studied"));
	ck_assert(raised(&k, &p, &fast, 1, "renal.not-studied"));
	kb_free(&k);
}
END_TEST

START_TEST(test_iron_limit_from_data)
{
	struct kb k;
	struct ia_patient p = { .crcl_dml = -1, .ferritin_dng = 900, .tsat_dpct = 250 };

	kb_load(&k, "SELECT 1");
	ck_assert(!raised(&k, &p, NULL, 0, "iron.low"));
	p.ferritin_dng = 750;
	ck_assert(raised(&k, &p, NULL, 0, "iron.low"));
	kb_free(&k);
	/* Raised thresholds: ferritin 90 ng/mL and TSAT 25 % now count as low. */
	p.ferritin_dng = 900;
	kb_load(&k, "UPDATE iron_limit SET ferritin_max_dng = 1000, tsat_below_dpct = 200");
	ck_assert(raised(&k, &p, NULL, 0, "iron.low"));
	kb_free(&k);
	p.ferritin_dng = 1200;
	kb_load(&k, "UPDATE iron_limit SET tsat_below_dpct = 300");
	ck_assert(raised(&k, &p, NULL, 0, "iron.low"));
	kb_free(&k);
	/* No row: no iron check at all. */
	p.ferritin_dng = 100;
	kb_load(&k, "DELETE FROM iron_limit");
	ck_assert(!raised(&k, &p, NULL, 0, "iron.low"));
	kb_free(&k);
}
END_TEST

/* Protocols are listed by protocol.list_order. */
START_TEST(test_protocol_order_from_data)
{
	struct titr_protocol *pr = NULL, one;
	size_t n = 0;
	struct store *db;
	char err[512];

	exec_sql(T.store_path, "UPDATE protocol SET list_order = 0 WHERE drug = 'gabapentin'");
	ck_assert(store_open(T.store_path, false, &db, err, sizeof err) == STORE_OK);
	ck_assert_int_eq(store_protocols(db, &pr, &n), STORE_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(pr[0].drug, "gabapentin");
	ck_assert_str_eq(pr[1].drug, "pramipexole");
	ck_assert_str_eq(pr[2].drug, "ropinirole");
	free(pr);
	ck_assert_int_eq(store_protocol_get(db, "ropinirole", &one), STORE_OK);
	ck_assert_int_eq(one.start_ug, 500);
	ck_assert_int_eq(store_protocol_get(db, "levodopa", &one), STORE_NOTFOUND);
	store_close(db);
}
END_TEST

/* The CDS discovery document names the titrated drugs from the protocol rows. */
START_TEST(test_cds_description_from_protocols)
{
	struct th_resp r;
	ck_assert_int_eq(th_get(&T, "/cds-services", T.clinic, &r), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "interactions with pramipexole, ropinirole and gabapentin, label,"));
	th_resp_free(&r);
	change_and_reload("UPDATE protocol SET list_order = 0 WHERE drug = 'gabapentin'");
	ck_assert_int_eq(th_get(&T, "/cds-services", T.clinic, &r), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "interactions with gabapentin, pramipexole and ropinirole, label,"));
	th_resp_free(&r);
}
END_TEST

static Suite *
clinical_data_suite(void)
{
	Suite *s = suite_create("clinical_data");
	TCase *tc = tcase_create("texts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_page_shows_seeded_texts);
	tcase_add_test(tc, test_page_follows_changed_texts);
	tcase_add_test(tc, test_page_timing_from_offset);
	suite_add_tcase(s, tc);
	tc = tcase_create("advice");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_antacid_advice_from_data);
	tcase_add_test(tc, test_any_rule_dose_advice);
	tcase_add_test(tc, test_two_rules_advice);
	tcase_add_test(tc, test_advice_past_first_page);
	suite_add_tcase(s, tc);
	tc = tcase_create("engine");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_renal_flag_if_faster);
	tcase_add_test(tc, test_iron_limit_from_data);
	tcase_add_test(tc, test_protocol_order_from_data);
	tcase_add_test(tc, test_cds_description_from_protocols);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(clinical_data_suite());
}
