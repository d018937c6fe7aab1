/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_limits.c - no patient data is lost to a fixed-size array.
 *
 * Each test grows one kind of patient state past a capacity the daemon once
 * had (renal history 512 rows, regimens 64, medications 1000, open flags 512,
 * CDS draft orders 64 and prefetch medications 1000) and checks, through
 * the HTTP contract, that the rows past it still count: for dosing, for the
 * safety check, for the flag queue and for CDS cards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "engine/datetime.h"
#include "testhttp.h"

#define TODAY "2026-12-01"

static struct th T;

static void
setup(void)
{
	th_start(&T);
	/* 2026-12-01T12:00:00Z: renal changes and regimens are all dated TODAY. */
	T.app->fixed_now = (time_t)dt_days_from_civil(2026, 12, 1) * 86400 + 12 * 3600;
}

static void
teardown(void)
{
	th_stop(&T);
}

#define EXPECT(r, want) \
	ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d; body: %s", \
	    __FILE__, __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

/* Create a patient from a JSON body; returns its id. */
static int64_t
patient(const char *json)
{
	struct th_resp r;
	th_post(&T, "/v1/patients", T.clinic, json, &r);
	EXPECT(&r, 201);
	int64_t id = th_int(r.json, "id");
	th_resp_free(&r);
	return id;
}

static void
patch_crcl(int64_t pid, const char *crcl)
{
	struct th_resp r;
	char path[64], body[64];
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)pid);
	snprintf(body, sizeof body, "{\"crcl_ml_min\":%s}", crcl);
	th_patch(&T, path, T.clinic, body, &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
}

/* Does a "flags" array hold a flag of rule (and of medication_id unless -1)? */
static bool
has_flag(const json_t *flags, const char *rule, int64_t medication_id)
{
	json_t *f;
	size_t i;
	json_array_foreach(flags, i, f)
		if (th_str(f, "rule") != NULL && strcmp(th_str(f, "rule"), rule) == 0 &&
		    (medication_id < 0 || th_int(f, "medication_id") == medication_id))
			return true;
	return false;
}

/* Add a medication; returns its id, *nflags the flags raised with it, *raised whether rule was. */
static int64_t
medication(int64_t pid, const char *name, const char *rule, bool *raised, size_t *nflags)
{
	struct th_resp r;
	char path[64], body[256];
	snprintf(path, sizeof path, "/v1/patients/%lld/medications", (long long)pid);
	snprintf(body, sizeof body, "{\"name\":\"%s\"}", name);
	th_post(&T, path, T.clinic, body, &r);
	EXPECT(&r, 201);
	int64_t id = th_int(r.json, "id");
	json_t *flags = json_object_get(r.json, "flags");
	ck_assert_msg(json_is_array(flags), "no flags array: %s", r.body);
	if (raised != NULL)
		*raised = has_flag(flags, rule, id);
	if (nflags != NULL)
		*nflags = json_array_size(flags);
	th_resp_free(&r);
	return id;
}

/* Every flag of the patient with this status, paged. */
static json_t *
flags_of(int64_t pid, const char *status, int page_size)
{
	char path[96];
	snprintf(path, sizeof path, "/v1/flags?patient_id=%lld&status=%s", (long long)pid, status);
	return th_get_all(&T, path, T.pharmacist, page_size);
}

/* ck_assert that no two elements of array share the integer member key. */
static void
assert_distinct(const json_t *array, const char *key)
{
	size_t n = json_array_size(array);
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			ck_assert_msg(th_int(json_array_get(array, i), key) != th_int(json_array_get(array, k), key),
			    "elements %zu and %zu share %s %lld", i, k, key,
			    (long long)th_int(json_array_get(array, i), key));
}

/* ================================================================ renal history */

#define RENAL_PATCHES 530

START_TEST(test_renal_history_newest_wins)
{
	struct th_resp r;
	char path[128];
	json_t *e;
	size_t i;
	int64_t pid = patient("{\"external_id\":\"REN-1\",\"display_name\":\"Renal\",\"crcl_ml_min\":90}");
	int64_t rid = th_regimen(&T, pid,
	    "{\"drug\":\"gabapentin\",\"start_date\":\"" TODAY "\",\"bedtime\":\"22:30\"}");

	/* Every change is dated today; each must replace the one before it. */
	for (int k = 0; k < RENAL_PATCHES; k++)
		patch_crcl(pid, k % 2 == 0 ? "80" : "90");
	patch_crcl(pid, "10");

	/*
	 * schema/004_renal.sql, gabapentin at CrCl 0-15 mL/min: 300 mg/day x
	 * CrCl/15 (cap_ug_per_dml 2000 per 0.1 mL/min), i.e. 2000 x 100 =
	 * 200000 ug = 200 mg/day at CrCl 10, a whole number of 100 mg units.
	 */
	const int64_t cap_ug = 2000 * 100;
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	ck_assert_msg(th_int(r.json, "effective_max_ug") == cap_ug,
	    "effective_max_ug %lld after CrCl 10, want %lld (the newest renal value)",
	    (long long)th_int(r.json, "effective_max_ug"), (long long)cap_ug);
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar?from=" TODAY "&to=2027-05-31", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	json_t *entries = json_object_get(r.json, "entries");
	ck_assert_msg(json_array_size(entries) > 100, "calendar of %zu nights", json_array_size(entries));
	json_array_foreach(entries, i, e)
		ck_assert_msg(th_int(e, "dose_ug") <= cap_ug,
		    "night %lld (%s): %lld ug, above the CrCl 10 cap of %lld ug", (long long)th_int(e, "night"),
		    th_str(e, "date"), (long long)th_int(e, "dose_ug"), (long long)cap_ug);
	th_resp_free(&r);

	/* The export keeps the whole history: the value at creation and every change. */
	snprintf(path, sizeof path, "/v1/patients/%lld/export", (long long)pid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	json_t *hist = json_object_get(r.json, "renal_history");
	ck_assert_msg(json_array_size(hist) == 1 + RENAL_PATCHES + 1, "renal_history has %zu rows, want %d",
	    json_array_size(hist), 1 + RENAL_PATCHES + 1);
	e = json_array_get(hist, json_array_size(hist) - 1);
	ck_assert_msg(json_number_value(json_object_get(e, "crcl_ml_min")) == 10.0,
	    "the last renal row is not the CrCl 10 change");
	ck_assert_str_eq(th_str(e, "effective_date"), TODAY);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ regimens */

#define STOPPED_REGIMENS 64

/*
 * A patient (external_id ext, CrCl 25) with STOPPED_REGIMENS stopped
 * regimens of ropinirole and gabapentin, then an active pramipexole one:
 * returns its id and leaves its create response in *r (to free).
 */
static int64_t
regimen_after_64(const char *ext, int64_t *pid, struct th_resp *r)
{
	char body[128], path[96];
	snprintf(body, sizeof body, "{\"external_id\":\"%s\",\"display_name\":\"Many\",\"crcl_ml_min\":25}", ext);
	*pid = patient(body);
	for (int k = 0; k < STOPPED_REGIMENS; k++) {
		int64_t id = th_regimen(&T, *pid, k % 2 == 0
		    ? "{\"drug\":\"ropinirole\",\"start_date\":\"" TODAY "\",\"symptom_onset\":\"22:00\"}"
		    : "{\"drug\":\"gabapentin\",\"start_date\":\"" TODAY "\",\"bedtime\":\"22:30\"}");
		snprintf(path, sizeof path, "/v1/regimens/%lld/stop", (long long)id);
		th_post(&T, path, T.clinic, "{\"date\":\"" TODAY "\"}", r);
		EXPECT(r, 200);
		th_resp_free(r);
	}
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)*pid);
	th_post(&T, path, T.clinic,
	    "{\"drug\":\"pramipexole\",\"start_date\":\"" TODAY "\",\"symptom_onset\":\"22:00\"}", r);
	EXPECT(r, 201);
	return th_int(r->json, "id");
}

START_TEST(test_regimen_65_is_checked)
{
	struct th_resp r;
	char path[96];
	int64_t pid, rid = regimen_after_64("REG-1", &pid, &r);

	/* schema/004_renal.sql: pramipexole at CrCl <= 60 steps every 14 days at least. */
	json_t *flags = json_object_get(r.json, "flags");
	ck_assert_msg(json_array_size(flags) > 0, "regimen %d raised no flag: %s", STOPPED_REGIMENS + 1, r.body);
	ck_assert_msg(has_flag(flags, "renal.pramipexole-interval", -1),
	    "no renal.pramipexole-interval flag at CrCl 25: %s", r.body);
	th_resp_free(&r);

	/* The flag queue has it too, on that regimen. */
	snprintf(path, sizeof path, "/v1/flags?regimen_id=%lld&status=open", (long long)rid);
	json_t *open = th_get_all(&T, path, T.pharmacist, 50);
	ck_assert_msg(has_flag(open, "renal.pramipexole-interval", -1), "not in the flag queue");
	json_decref(open);

	/* The list shows all 65, in order, page by page. */
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	json_t *all = th_get_all(&T, path, T.clinic, 10);
	ck_assert_uint_eq(json_array_size(all), STOPPED_REGIMENS + 1);
	assert_distinct(all, "id");
	ck_assert_int_eq(th_int(json_array_get(all, STOPPED_REGIMENS), "id"), rid);
	json_t *stopped = th_select(all, "status", "stopped");
	ck_assert_uint_eq(json_array_size(stopped), STOPPED_REGIMENS);
	json_decref(stopped);
	json_decref(all);
}
END_TEST

START_TEST(test_regimen_65_in_cds)
{
	struct th_resp r;
	int64_t pid;
	regimen_after_64("REG-2", &pid, &r);
	th_resp_free(&r);

	/* Haloperidol ordered beside the active (65th) pramipexole regimen. */
	char *body = th_cds_request("order-select", "REG-2", "Practitioner/1",
	    th_cds_bundle(json_pack("[o]", th_cds_order("h", NULL, NULL, "Haldol 2 mg tablet"))), NULL);
	th_post(&T, "/cds-services/titrad-order-select", T.clinic, body, &r);
	free(body);
	EXPECT(&r, 200);
	json_t *cards = json_object_get(r.json, "cards"), *c;
	size_t i;
	bool ddi = false;
	json_array_foreach(cards, i, c) {
		const char *code = th_str(json_object_get(json_object_get(c, "source"), "topic"), "code");
		ddi |= code != NULL && strcmp(code, "ddi.dopamine-antagonist") == 0;
	}
	ck_assert_msg(ddi, "no ddi.dopamine-antagonist card for the regimen after %d stopped ones: %s",
	    STOPPED_REGIMENS, r.body);
	th_resp_free(&r);
}
END_TEST

/* ================================================================ medications */

#define QUIET_MEDS 1000

START_TEST(test_medication_1001_is_checked)
{
	int64_t pid = th_patient(&T, "MED-1");
	bool raised;
	size_t nflags;

	/* Paracetamol (N02BE01) matches no rule in schema/003_formulary.sql: no flag. */
	for (int k = 0; k < QUIET_MEDS; k++) {
		medication(pid, "Paracetamol 500 mg tablet", NULL, NULL, &nflags);
		ck_assert_msg(nflags == 0, "paracetamol #%d raised %zu flags", k + 1, nflags);
	}
	/* Zoloft is sertraline (N06AB06): rls-aggravator.ssri covers all of N06AB. */
	int64_t mid = medication(pid, "Zoloft 50 mg tablet", "rls-aggravator.ssri", &raised, NULL);
	ck_assert_msg(raised, "medication %d (Zoloft) raised no rls-aggravator.ssri flag", QUIET_MEDS + 1);

	json_t *open = flags_of(pid, "open", 1000);
	ck_assert_msg(json_array_size(open) == 1 && has_flag(open, "rls-aggravator.ssri", mid),
	    "open flags: %zu, want the one SSRI flag", json_array_size(open));
	json_decref(open);

	char path[96];
	snprintf(path, sizeof path, "/v1/patients/%lld/medications", (long long)pid);
	json_t *meds = th_get_all(&T, path, T.clinic, 1000);
	ck_assert_uint_eq(json_array_size(meds), QUIET_MEDS + 1);
	json_decref(meds);
}
END_TEST

/* A name with more parts than titrad reads is refused, not stored with an ingredient dropped. */
START_TEST(test_medication_nine_parts_refused)
{
	int64_t pid = th_patient(&T, "MED-9");
	struct th_resp r;
	char path[96];
	int64_t meds = th_count(&T, "medication");

	snprintf(path, sizeof path, "/v1/patients/%lld/medications", (long long)pid);
	th_post(&T, path, T.clinic, "{\"name\":\"sertraline/fluoxetine/citalopram/paroxetine/venlafaxine/"
	    "duloxetine/mirtazapine/amitriptyline/haloperidol\"}", &r);
	th_assert_problem(&r, 422);
	ck_assert_ptr_nonnull(strstr(r.body, "\"field\":\"name\""));
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "medication"), meds);
	/* Eight parts are read whole: haloperidol is there, and checked. */
	th_post(&T, path, T.clinic, "{\"name\":\"sertraline/fluoxetine/citalopram/paroxetine/venlafaxine/"
	    "duloxetine/mirtazapine/haloperidol\"}", &r);
	EXPECT(&r, 201);
	ck_assert_ptr_nonnull(strstr(r.body, "\"haloperidol\""));
	ck_assert_ptr_nonnull(strstr(r.body, "rls-aggravator.antipsychotic"));
	th_resp_free(&r);
}
END_TEST

/* ================================================================ open flags */

#define UNKNOWN_MEDS 520

START_TEST(test_recheck_over_512_open_flags)
{
	int64_t pid = th_patient(&T, "FLG-1"), mids[UNKNOWN_MEDS];
	char name[64], path[128];
	int missing = 0;
	bool raised;

	/* A name that matches no ingredient raises formulary.unrecognised, one per medication. */
	for (int k = 0; k < UNKNOWN_MEDS; k++) {
		snprintf(name, sizeof name, "Qzxvbr tonic %d", k + 1);
		mids[k] = medication(pid, name, "formulary.unrecognised", &raised, NULL);
		missing += !raised;
	}
	ck_assert_msg(missing == 0, "%d of %d unrecognised medications raised no flag", missing, UNKNOWN_MEDS);

	/* A recheck (a renal change) keeps every one, once. */
	patch_crcl(pid, "50");
	json_t *open = flags_of(pid, "open", 100);
	ck_assert_msg(json_array_size(open) == UNKNOWN_MEDS, "%zu open flags after a recheck, want %d",
	    json_array_size(open), UNKNOWN_MEDS);
	assert_distinct(open, "medication_id");
	for (int k = 0; k < UNKNOWN_MEDS; k++)
		ck_assert_msg(has_flag(open, "formulary.unrecognised", mids[k]), "no open flag for medication #%d", k + 1);
	json_decref(open);
	json_t *resolved = flags_of(pid, "resolved", 100);
	ck_assert_msg(json_array_size(resolved) == 0, "%zu flags resolved by a recheck that changed nothing",
	    json_array_size(resolved));
	json_decref(resolved);

	/* Stopping the first and the last resolves exactly their flags. */
	const int64_t gone[2] = { mids[0], mids[UNKNOWN_MEDS - 1] };
	for (int k = 0; k < 2; k++) {
		struct th_resp r;
		snprintf(path, sizeof path, "/v1/patients/%lld/medications/%lld", (long long)pid, (long long)gone[k]);
		th_request(&T, "DELETE", path, T.clinic, NULL, NULL, NULL, &r);
		EXPECT(&r, 204);
		th_resp_free(&r);
	}
	resolved = flags_of(pid, "resolved", 100);
	ck_assert_msg(json_array_size(resolved) == 2 && has_flag(resolved, "formulary.unrecognised", gone[0]) &&
	    has_flag(resolved, "formulary.unrecognised", gone[1]),
	    "%zu flags resolved, want exactly those of medications #1 and #%d", json_array_size(resolved),
	    UNKNOWN_MEDS);
	json_decref(resolved);
	open = flags_of(pid, "open", 100);
	ck_assert_msg(json_array_size(open) == UNKNOWN_MEDS - 2, "%zu open flags, want %d",
	    json_array_size(open), UNKNOWN_MEDS - 2);
	assert_distinct(open, "medication_id");
	json_decref(open);
}
END_TEST

/* ================================================================ CDS Hooks */

/*
 * The answer to a CDS request past a limit: 200 with a card of rule, or a
 * 4xx problem that names the field and the limit.  200 without it is a
 * silent truncation.
 */
static void
expect_card_or_refusal(const char *body, const char *rule, const char *field, const char *limit)
{
	struct th_resp r;
	json_t *c;
	size_t i;
	bool found = false;

	th_post(&T, "/cds-services/titrad-order-select", T.clinic, body, &r);
	if (r.status >= 400 && r.status < 500) {
		th_assert_problem(&r, r.status);
		ck_assert_msg(strstr(r.body, field) != NULL && strstr(r.body, limit) != NULL,
		    "refused (%ld) without naming %s and its limit %s: %s", r.status, field, limit, r.body);
		th_resp_free(&r);
		return;
	}
	EXPECT(&r, 200);
	json_array_foreach(json_object_get(r.json, "cards"), i, c) {
		const char *code = th_str(json_object_get(json_object_get(c, "source"), "topic"), "code");
		found |= code != NULL && strcmp(code, rule) == 0;
	}
	ck_assert_msg(found, "200 without the %s card: the entry past %s %s was dropped: %s", rule, field,
	    limit, r.body);
	th_resp_free(&r);
}

/* n drafts of paracetamol (no rule) and then one more, as a request body to free. */
static char *
drafts_request(int n, const char *last)
{
	json_t *drafts = json_array();
	char id[16];

	for (int k = 0; k < n; k++) {
		snprintf(id, sizeof id, "p%d", k + 1);
		json_array_append_new(drafts, th_cds_order(id, NULL, NULL, "Paracetamol 500 mg tablet"));
	}
	json_array_append_new(drafts, th_cds_order("last", NULL, NULL, last));
	return th_cds_request("order-select", "EHR-LIM-1", "Practitioner/1", th_cds_bundle(drafts), json_null());
}

START_TEST(test_cds_65_drafts)
{
	char *body;

	T.app->cfg.body_limit = 4u << 20;
	/* Control: within the limit the Zoloft draft gets its card. */
	body = drafts_request(3, "Zoloft 50 mg tablet");
	expect_card_or_refusal(body, "rls-aggravator.ssri", "(no refusal expected)", "-");
	free(body);
	body = drafts_request(64, "Zoloft 50 mg tablet");
	expect_card_or_refusal(body, "rls-aggravator.ssri", "draftOrders", "64");
	free(body);
}
END_TEST

/* The limit is the named key: it refuses with 422 naming it, and raising it lets the call through whole. */
START_TEST(test_cds_orders_limit_is_config)
{
	struct th_resp r;
	char *body = drafts_request(64, "Zoloft 50 mg tablet");

	T.app->cfg.body_limit = 4u << 20;
	th_post(&T, "/cds-services/titrad-order-select", T.clinic, body, &r);
	th_assert_problem(&r, 422);
	ck_assert_msg(strstr(r.body, "cds_max_orders") != NULL, "the refusal names no key: %s", r.body);
	th_resp_free(&r);
	T.app->cfg.cds_max_orders = 65;
	expect_card_or_refusal(body, "rls-aggravator.ssri", "(no refusal expected)", "-");
	T.app->cfg.cds_max_orders = 64;
	free(body);
}
END_TEST

/* A pramipexole order with n active paracetamol statements and haloperidol listed after them. */
static char *
prefetch_request(int n)
{
	json_t *list = json_array(), *m;
	char id[16];

	for (int k = 0; k <= n; k++) {
		snprintf(id, sizeof id, "m%d", k + 1);
		m = th_cds_order(id, NULL, NULL, k < n ? "Paracetamol 500 mg tablet" : "Haldol 2 mg tablet");
		json_object_set_new(m, "resourceType", json_string("MedicationStatement"));
		json_object_set_new(m, "status", json_string("active"));
		json_array_append_new(list, m);
	}
	return th_cds_request("order-select", "EHR-LIM-2", "Practitioner/1",
	    th_cds_bundle(json_pack("[o]", th_cds_order("d", NULL, NULL, "pramipexole 0.125 mg tablet"))),
	    th_cds_bundle(list));
}

START_TEST(test_cds_1001_prefetch_medications)
{
	char *body;

	T.app->cfg.body_limit = 4u << 20;
	body = prefetch_request(3);
	expect_card_or_refusal(body, "ddi.dopamine-antagonist", "(no refusal expected)", "-");
	free(body);
	body = prefetch_request(1000);
	expect_card_or_refusal(body, "ddi.dopamine-antagonist", "prefetch.medications", "1000");
	free(body);
}
END_TEST

/* ================================================================ suite */

/* Hundreds of write transactions each: generous for sanitizer builds. */
static TCase *
tcase(const char *name)
{
	return th_tcase(name, setup, teardown, 120);
}

static Suite *
limits_suite(void)
{
	Suite *s = suite_create("limits");
	TCase *tc;

	tc = tcase("renal");
	tcase_add_test(tc, test_renal_history_newest_wins);
	suite_add_tcase(s, tc);

	tc = tcase("regimens");
	tcase_add_test(tc, test_regimen_65_is_checked);
	tcase_add_test(tc, test_regimen_65_in_cds);
	suite_add_tcase(s, tc);

	tc = tcase("medications");
	tcase_add_test(tc, test_medication_1001_is_checked);
	tcase_add_test(tc, test_medication_nine_parts_refused);
	tcase_add_test(tc, test_recheck_over_512_open_flags);
	suite_add_tcase(s, tc);

	tc = tcase("cds");
	tcase_add_test(tc, test_cds_65_drafts);
	tcase_add_test(tc, test_cds_orders_limit_is_config);
	tcase_add_test(tc, test_cds_1001_prefetch_medications);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(limits_suite());
}
