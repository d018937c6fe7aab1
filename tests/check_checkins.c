/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_checkins.c - what patients report: the pure arithmetic of
 * engine/symptoms.h (onset across midnight, 4 of 7 against 5 of 7, 2-4 h
 * with and without arms or trunk, consecutive nights, the hold decision),
 * and POST/GET /v1/regimens/ID/checkins through the HTTP contract: every
 * field, role and status, the guided auto-hold and the flags it raises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "base/config.h"
#include "base/util.h"
#include "engine/datetime.h"
#include "http/routes.h"
#include "http/server.h"
#include "engine/symptoms.h"
#include "testhttp.h"

/* ---- engine ---- */

static int
hm(int h, int m)
{
	return h * 60 + m;
}

START_TEST(test_earlier_wraps_midnight)
{
	/* usual 01:00, symptoms at 23:30 the evening before: 90 min earlier, not 22.5 h later */
	ck_assert_int_eq(ck_earlier(hm(1, 0), hm(23, 30)), 90);
	ck_assert_int_eq(ck_earlier(hm(22, 0), hm(17, 30)), 270);
	ck_assert_int_eq(ck_earlier(hm(22, 0), hm(23, 0)), -60);
	ck_assert_int_eq(ck_earlier(hm(23, 0), hm(1, 0)), -120);
	ck_assert_int_eq(ck_earlier(hm(22, 0), hm(22, 0)), 0);
	/* (-12 h, +12 h]: exactly 12 h reads as earlier, never later */
	ck_assert_int_eq(ck_earlier(hm(0, 30), hm(12, 30)), 720);
	ck_assert_int_eq(ck_earlier(hm(12, 30), hm(0, 30)), 720);
	ck_assert_int_eq(ck_earlier(hm(0, 0), hm(11, 59)), -719);
	ck_assert_int_eq(ck_earlier(hm(0, 0), hm(12, 1)), 719);
}
END_TEST

static const struct ck_augmentation MPI = { 7, 5, 240, 120 };

/* n check-ins on consecutive nights from day 100 with this onset and body parts. */
static size_t
nights(struct ck_night *v, size_t at, size_t n, int onset, unsigned body)
{
	for (size_t i = 0; i < n; i++)
		v[at + i] = (struct ck_night){ .day = (int32_t)(100 + at + i), .severity = 5, .onset = onset,
			.body_parts = body };
	return at + n;
}

START_TEST(test_augmentation_4_vs_5_of_7)
{
	struct ck_night v[16];
	size_t n;
	const unsigned legs = 1;

	/* four nights 4.5 h earlier, three as usual: 4 of 7 is not enough */
	n = nights(v, 0, 4, hm(17, 30), legs);
	n = nights(v, n, 3, hm(22, 0), legs);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* five of seven */
	n = nights(v, 0, 5, hm(17, 30), legs);
	n = nights(v, n, 2, hm(22, 0), legs);
	ck_assert(ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* exactly 4 h counts; 3 h 59 min does not (alone) */
	n = nights(v, 0, 5, hm(18, 0), legs);
	ck_assert(ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	n = nights(v, 0, 5, hm(18, 1), legs);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* five early nights, but the window is the 7 nights ending with the latest: two fall out */
	n = nights(v, 0, 5, hm(17, 30), legs);
	n = nights(v, n, 4, hm(22, 0), legs);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* check-ins without an onset never qualify */
	n = nights(v, 0, 7, -1, legs);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* no usual onset (a regimen timed by dose_time): nothing to compare */
	n = nights(v, 0, 7, hm(12, 0), legs);
	ck_assert(!ck_augmentation_suspected(&MPI, -1, v, n));
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, 0));
}
END_TEST

START_TEST(test_augmentation_spread)
{
	struct ck_night v[16];
	size_t n;
	const unsigned legs = 1, other = 8;

	/* 2.5 h earlier on 5 nights: only with arms or trunk */
	n = nights(v, 0, 5, hm(19, 30), legs);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	n = nights(v, 0, 5, hm(19, 30), legs | CK_BODY_ARMS);
	ck_assert(ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	n = nights(v, 0, 5, hm(19, 30), CK_BODY_TRUNK);
	ck_assert(ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	n = nights(v, 0, 5, hm(19, 30), legs | other);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* 1 h 59 min earlier with arms: not enough */
	n = nights(v, 0, 5, hm(20, 1), CK_BODY_ARMS);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* 4 h earlier nights count for both: 3 x 4.5 h (legs only) + 2 x 2.5 h with arms */
	n = nights(v, 0, 3, hm(17, 30), legs);
	n = nights(v, n, 2, hm(19, 30), CK_BODY_ARMS);
	ck_assert(ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* ... but 3 + 1 is not */
	n = nights(v, 0, 3, hm(17, 30), legs);
	n = nights(v, n, 1, hm(19, 30), CK_BODY_ARMS);
	n = nights(v, n, 1, hm(19, 30), legs);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
	/* across midnight: usual 01:00, symptoms at 22:30 the evening before (2.5 h) with arms */
	n = nights(v, 0, 5, hm(22, 30), CK_BODY_ARMS);
	ck_assert(ck_augmentation_suspected(&MPI, hm(1, 0), v, n));
	/* usual 22:00, symptoms at 00:30 after midnight: later, never earlier */
	n = nights(v, 0, 7, hm(0, 30), CK_BODY_ARMS);
	ck_assert(!ck_augmentation_suspected(&MPI, hm(22, 0), v, n));
}
END_TEST

START_TEST(test_symptoms_returned_run)
{
	struct ck_night v[8] = {
		{ .day = 10, .severity = 1 }, { .day = 11, .severity = 3 }, { .day = 12, .severity = 4 },
		{ .day = 14, .severity = 5 }, { .day = 15, .severity = 5 },
	};
	ck_assert(!ck_run_at_or_above(v, 5, 10, 2, 3));        /* 11, 12 then a gap */
	v[5] = (struct ck_night){ .day = 16, .severity = 2 };  /* at the threshold counts */
	ck_assert(ck_run_at_or_above(v, 6, 10, 2, 3));
	ck_assert(!ck_run_at_or_above(v, 6, 15, 2, 3));        /* nights before the hold do not count */
	ck_assert(!ck_run_at_or_above(v, 6, 10, 6, 3));        /* below the threshold */
	v[6] = (struct ck_night){ .day = 13, .severity = 1 };  /* order does not matter */
	ck_assert(ck_run_at_or_above(v, 7, 10, 2, 3));
	ck_assert(!ck_run_at_or_above(v, 7, 10, 2, 0));
}
END_TEST

START_TEST(test_should_hold)
{
	ck_assert(ck_should_hold(true, true, 1, 2, 20, 10));
	ck_assert(ck_should_hold(true, true, 0, 2, 10, 10));   /* on the last event's night */
	ck_assert(!ck_should_hold(true, true, 2, 2, 20, 10));  /* at the threshold: not controlled */
	ck_assert(!ck_should_hold(false, true, 0, 2, 20, 10)); /* not guided */
	ck_assert(!ck_should_hold(true, false, 0, 2, 20, 10)); /* held or stopped already */
	ck_assert(!ck_should_hold(true, true, 0, 2, 9, 10));   /* before the last event */
	ck_assert(ck_should_hold(true, true, 9, 10, 20, 10));
}
END_TEST

START_TEST(test_names)
{
	ck_assert_int_eq(ck_bit(ck_body_part_names, ck_nbody_parts, "legs"), 0);
	ck_assert_int_eq(1 << ck_bit(ck_body_part_names, ck_nbody_parts, "arms"), CK_BODY_ARMS);
	ck_assert_int_eq(1 << ck_bit(ck_body_part_names, ck_nbody_parts, "trunk"), CK_BODY_TRUNK);
	ck_assert_int_eq(ck_bit(ck_body_part_names, ck_nbody_parts, "feet"), -1);
	ck_assert_int_eq(ck_bit(ck_body_part_names, ck_nbody_parts, NULL), -1);
	ck_assert_int_eq(ck_bit(ck_side_effect_names, ck_nside_effects, "sleep_attack"), 3);
	ck_assert_int_eq((int)ck_nside_effects, 7);
}
END_TEST

/* ---- HTTP ---- */

static struct th T;

static void
setup(void)
{
	th_start(&T);
	/* 2027-03-20T12:00:00Z: today is 2027-03-20 (timezone UTC). */
	T.app->fixed_now = (time_t)dt_days_from_civil(2027, 3, 20) * 86400 + 12 * 3600;
}

static void
teardown(void)
{
	th_stop(&T);
}

#define EXPECT(r, want) \
	ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d; body: %s", \
	    __FILE__, __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

static int64_t
regimen(int64_t pid, const char *json)
{
	int64_t id = th_regimen(&T, pid, json);
	ck_assert_int_gt(id, 0);
	return id;
}

/* A pramipexole regimen from 2027-03-01, usual onset 22:00, for a new patient. */
static int64_t
prami(const char *extid, const char *extra, int64_t *pid_out)
{
	char body[256];
	int64_t pid = th_patient(&T, extid);
	snprintf(body, sizeof body, "{\"drug\":\"pramipexole\",\"start_date\":\"2027-03-01\","
	    "\"symptom_onset\":\"22:00\"%s}", extra ? extra : "");
	if (pid_out)
		*pid_out = pid;
	return regimen(pid, body);
}

/* POST a check-in; returns the status (the response in *out unless NULL). */
static long
checkin(int64_t rid, const char *token, const char *json, struct th_resp *out)
{
	char path[64];
	struct th_resp tmp;
	struct th_resp *r = out ? out : &tmp;
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins", (long long)rid);
	long st = th_post(&T, path, token ? token : T.clinic, json, r);
	if (out == NULL)
		th_resp_free(&tmp);
	return st;
}

/* A check-in of night 2027-03-DD with severity, expecting 201. */
static void
night(int64_t rid, int dd, int severity, const char *more)
{
	char body[256];
	struct th_resp r;
	snprintf(body, sizeof body, "{\"night\":\"2027-03-%02d\",\"severity\":%d%s}", dd, severity, more ? more : "");
	checkin(rid, NULL, body, &r);
	EXPECT(&r, 201);
	th_resp_free(&r);
}

/* The open flags of a regimen with this rule. */
static size_t
flags_of(int64_t pid, int64_t rid, const char *rule, char severity[16])
{
	char path[96];
	struct th_resp r;
	size_t n = 0, i;
	json_t *f;
	snprintf(path, sizeof path, "/v1/flags?patient_id=%lld&limit=1000", (long long)pid);
	th_get(&T, path, T.pharmacist, &r);
	EXPECT(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, f) {
		if (th_int(f, "regimen_id") == rid && strcmp(th_str(f, "rule"), rule) == 0 &&
		    strcmp(th_str(f, "status"), "open") == 0) {
			n++;
			if (severity)
				snprintf(severity, 16, "%s", th_str(f, "severity"));
		}
	}
	th_resp_free(&r);
	return n;
}

static json_t *
regimen_get(int64_t rid)
{
	char path[64];
	struct th_resp r;
	snprintf(path, sizeof path, "/v1/regimens/%lld", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	json_t *o = json_incref(r.json);
	th_resp_free(&r);
	return o;
}

START_TEST(test_checkin_create_and_list)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-1", NULL, &pid);
	char tok[AUTH_TOKEN_LEN], path[96];

	th_token(&T, "patient", pid, tok);
	checkin(rid, tok, "{\"night\":\"2027-03-12\",\"severity\":4,\"onset\":\"19:30\","
	    "\"body_parts\":[\"legs\",\"arms\"],\"side_effects\":[\"nausea\"],\"irls\":18,\"note\":\"restless\"}", &r);
	EXPECT(&r, 201);
	ck_assert_int_gt(th_int(r.json, "id"), 0);
	ck_assert_int_eq(th_int(r.json, "regimen_id"), rid);
	ck_assert_str_eq(th_str(r.json, "night"), "2027-03-12");
	ck_assert_int_eq(th_int(r.json, "severity"), 4);
	ck_assert_str_eq(th_str(r.json, "onset"), "19:30");
	ck_assert_int_eq(th_int(r.json, "irls"), 18);
	ck_assert_str_eq(th_str(r.json, "note"), "restless");
	ck_assert_str_eq(th_str(r.json, "created_at"), "2027-03-20T12:00:00Z");
	json_t *bp = json_object_get(r.json, "body_parts");
	ck_assert_int_eq(json_array_size(bp), 2);
	ck_assert_str_eq(json_string_value(json_array_get(bp, 0)), "legs");
	ck_assert_str_eq(json_string_value(json_array_get(bp, 1)), "arms");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(r.json, "side_effects"), 0)), "nausea");
	/* nausea raised adverse.other, listed with the check-in */
	json_t *fl = json_object_get(r.json, "flags");
	ck_assert_int_eq(json_array_size(fl), 1);
	ck_assert_str_eq(th_str(json_array_get(fl, 0), "rule"), "adverse.other");
	ck_assert_str_eq(th_str(json_array_get(fl, 0), "severity"), "info");
	/* severity 4 >= 2: no hold; the regimen comes along */
	json_t *reg = json_object_get(r.json, "regimen");
	ck_assert_str_eq(th_str(reg, "status"), "active");
	ck_assert_int_eq(th_int(reg, "id"), rid);
	th_resp_free(&r);

	/* minimal: onset absent, lists empty, irls and note null */
	checkin(rid, tok, "{\"night\":\"2027-03-10\",\"severity\":6,\"onset\":null,\"irls\":null,\"note\":null}", &r);
	EXPECT(&r, 201);
	ck_assert(json_is_null(json_object_get(r.json, "onset")));
	ck_assert(json_is_null(json_object_get(r.json, "irls")));
	ck_assert(json_is_null(json_object_get(r.json, "note")));
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "body_parts")), 0);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "flags")), 0);
	th_resp_free(&r);
	/* first night and today are both nights of the regimen */
	ck_assert_int_eq(checkin(rid, NULL, "{\"night\":\"2027-03-01\",\"severity\":7}", NULL), 201);
	ck_assert_int_eq(checkin(rid, NULL, "{\"night\":\"2027-03-20\",\"severity\":7}", NULL), 201);

	/* a second check-in of a night: 409, nothing written */
	int64_t before = th_count(&T, "checkin");
	checkin(rid, tok, "{\"night\":\"2027-03-12\",\"severity\":3}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "checkin"), before);

	/* the list, nights ascending, for the patient and staff */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins", (long long)rid);
	th_get(&T, path, tok, &r);
	EXPECT(&r, 200);
	json_t *items = json_object_get(r.json, "items");
	ck_assert_int_eq(json_array_size(items), 4);
	ck_assert_str_eq(th_str(json_array_get(items, 0), "night"), "2027-03-01");
	ck_assert_str_eq(th_str(json_array_get(items, 1), "night"), "2027-03-10");
	ck_assert_str_eq(th_str(json_array_get(items, 2), "night"), "2027-03-12");
	ck_assert_str_eq(th_str(json_array_get(items, 3), "night"), "2027-03-20");
	ck_assert(json_is_null(json_object_get(r.json, "next")));
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?from=2027-03-10&to=2027-03-12", (long long)rid);
	th_get(&T, path, T.pharmacist, &r);
	EXPECT(&r, 200);
	items = json_object_get(r.json, "items");
	ck_assert_int_eq(json_array_size(items), 2);
	ck_assert_str_eq(th_str(json_array_get(items, 0), "night"), "2027-03-10");
	ck_assert_str_eq(th_str(json_array_get(items, 1), "night"), "2027-03-12");
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?from=2027-3-10", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?to=tomorrow", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);

	/* the audit trail: the create (by the patient's token) and the pharmacist's read */
	snprintf(path, sizeof path, "/v1/audit?entity=regimen&entity_id=%lld&limit=1000", (long long)rid);
	th_get(&T, path, T.pharmacist, &r);
	EXPECT(&r, 200);
	json_t *a;
	size_t i;
	int creates = 0, reads = 0;
	json_array_foreach(json_object_get(r.json, "items"), i, a) {
		if (strcmp(th_str(a, "action"), "checkin.create") == 0)
			creates++;
		if (strcmp(th_str(a, "action"), "checkin.list") == 0)
			reads++;
	}
	ck_assert_int_eq(creates, 4);
	ck_assert_int_ge(reads, 1);
	th_resp_free(&r);
}
END_TEST

/* Each bad body: the status, the field named, nothing written. */
START_TEST(test_checkin_fields)
{
	static const struct { const char *body; long status; const char *field; } bad[] = {
		{ "{\"severity\":3}", 422, "night" },
		{ "{\"night\":\"2027-03-10\"}", 422, "severity" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"mood\":1}", 422, "mood" },
		{ "{\"night\":\"2027-3-10\",\"severity\":3}", 422, "night" },
		{ "{\"night\":\"2027-02-30\",\"severity\":3}", 422, "night" },
		{ "{\"night\":\"2027-02-28\",\"severity\":3}", 422, "night" },     /* before start_date */
		{ "{\"night\":\"2027-03-21\",\"severity\":3}", 422, "night" },     /* after today */
		{ "{\"night\":20270310,\"severity\":3}", 400, "night" },
		{ "{\"night\":\"2027-03-10\",\"severity\":-1}", 422, "severity" },
		{ "{\"night\":\"2027-03-10\",\"severity\":11}", 422, "severity" },
		{ "{\"night\":\"2027-03-10\",\"severity\":4.5}", 422, "severity" },
		{ "{\"night\":\"2027-03-10\",\"severity\":\"4\"}", 400, "severity" },
		{ "{\"night\":\"2027-03-10\",\"severity\":null}", 400, "severity" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"onset\":\"24:00\"}", 422, "onset" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"onset\":\"7pm\"}", 422, "onset" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"onset\":1930}", 400, "onset" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"body_parts\":\"legs\"}", 400, "body_parts" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"body_parts\":[\"feet\"]}", 422, "body_parts" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"body_parts\":[\"legs\",\"legs\"]}", 422, "body_parts" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"body_parts\":[1]}", 422, "body_parts" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"body_parts\":null}", 400, "body_parts" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"side_effects\":[\"headache\"]}", 422, "side_effects" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"side_effects\":[\"Nausea\"]}", 422, "side_effects" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"side_effects\":{}}", 400, "side_effects" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"irls\":41}", 422, "irls" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"irls\":-1}", 422, "irls" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"irls\":12.5}", 422, "irls" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"irls\":\"12\"}", 400, "irls" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"note\":\"bell\\u0007\"}", 422, "note" },
		{ "{\"night\":\"2027-03-10\",\"severity\":3,\"note\":5}", 400, "note" },
		{ "[]", 400, NULL },
		{ "{\"night\":", 400, NULL },
	};
	struct th_resp r;
	int64_t rid = prami("CK-F", NULL, NULL);
	int64_t before = th_count(&T, "checkin"), audit = th_count(&T, "audit");

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		checkin(rid, NULL, bad[i].body, &r);
		ck_assert_msg(r.status == bad[i].status, "%s: status %ld, want %ld: %s", bad[i].body, r.status,
		    bad[i].status, r.body);
		th_assert_problem(&r, bad[i].status);
		if (bad[i].field != NULL) {
			json_t *e = json_array_get(json_object_get(r.json, "errors"), 0);
			ck_assert_msg(e != NULL && strcmp(th_str(e, "field"), bad[i].field) == 0,
			    "%s: errors do not name %s: %s", bad[i].body, bad[i].field, r.body);
		}
		th_resp_free(&r);
	}
	/* a note of 1000 bytes is fine, 1001 is not */
	char body[1200], note[1002];
	memset(note, 'n', 1001);
	note[1001] = '\0';
	snprintf(body, sizeof body, "{\"night\":\"2027-03-10\",\"severity\":3,\"note\":\"%s\"}", note);
	checkin(rid, NULL, body, &r);
	th_assert_problem(&r, 422);
	ck_assert_str_eq(th_str(json_array_get(json_object_get(r.json, "errors"), 0), "field"), "note");
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "checkin"), before);
	ck_assert_int_eq(th_count(&T, "audit"), audit);
	note[1000] = '\0';
	snprintf(body, sizeof body, "{\"night\":\"2027-03-10\",\"severity\":3,\"note\":\"%s\"}", note);
	ck_assert_int_eq(checkin(rid, NULL, body, NULL), 201);
	/* the wrong content type */
	char path[64];
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins", (long long)rid);
	th_request(&T, "POST", path, T.clinic, "text/plain", "{\"night\":\"2027-03-11\",\"severity\":3}", NULL, &r);
	th_assert_problem(&r, 415);
	th_resp_free(&r);
	/* an unknown regimen */
	ck_assert_int_eq(checkin(rid + 1000, NULL, "{\"night\":\"2027-03-11\",\"severity\":3}", NULL), 404);
}
END_TEST

START_TEST(test_checkin_roles)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-R", NULL, &pid);
	int64_t other = th_patient(&T, "CK-R2");
	char own[AUTH_TOKEN_LEN], foreign[AUTH_TOKEN_LEN], path[64];
	const char *body = "{\"night\":\"2027-03-10\",\"severity\":3}";

	th_token(&T, "patient", pid, own);
	th_token(&T, "patient", other, foreign);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins", (long long)rid);
	th_request(&T, "POST", path, NULL, "application/json", body, NULL, &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	checkin(rid, T.pharmacist, body, &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	checkin(rid, foreign, body, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "checkin"), 0);
	ck_assert_int_eq(checkin(rid, own, body, NULL), 201);
	ck_assert_int_eq(checkin(rid, T.admin, "{\"night\":\"2027-03-11\",\"severity\":3}", NULL), 201);
	ck_assert_int_eq(checkin(rid, T.clinic, "{\"night\":\"2027-03-12\",\"severity\":3}", NULL), 201);
	/* reads: every role but another patient (404) */
	th_get(&T, path, foreign, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	th_get(&T, path, NULL, &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	const char *readers[] = { own, T.admin, T.clinic, T.pharmacist };
	for (size_t i = 0; i < 4; i++) {
		th_get(&T, path, readers[i], &r);
		EXPECT(&r, 200);
		ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 3);
		th_resp_free(&r);
	}
	/* other methods: 405 */
	th_request(&T, "DELETE", path, T.admin, NULL, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 405);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_guided_fields)
{
	struct th_resp r;
	int64_t pid = th_patient(&T, "CK-G");
	char path[64];
	json_t *g;

	int64_t rid = prami("CK-G0", NULL, NULL);
	g = regimen_get(rid);
	ck_assert(json_is_true(json_object_get(g, "guided")));
	ck_assert_int_eq(th_int(g, "controlled_below"), 2);
	json_decref(g);
	rid = prami("CK-G1", ",\"guided\":false,\"controlled_below\":4", NULL);
	g = regimen_get(rid);
	ck_assert(json_is_false(json_object_get(g, "guided")));
	ck_assert_int_eq(th_int(g, "controlled_below"), 4);
	json_decref(g);

	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	static const struct { const char *extra; long status; } bad[] = {
		{ ",\"controlled_below\":0", 422 }, { ",\"controlled_below\":11", 422 },
		{ ",\"controlled_below\":2.5", 422 }, { ",\"controlled_below\":\"2\"", 400 },
		{ ",\"guided\":\"yes\"", 400 }, { ",\"guided\":null", 400 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char body[256];
		snprintf(body, sizeof body, "{\"drug\":\"ropinirole\",\"start_date\":\"2027-03-01\","
		    "\"symptom_onset\":\"22:00\"%s}", bad[i].extra);
		th_post(&T, path, T.clinic, body, &r);
		ck_assert_msg(r.status == bad[i].status, "%s: %ld %s", bad[i].extra, r.status, r.body);
		th_resp_free(&r);
	}
	ck_assert_int_eq(th_count(&T, "regimen"), 2);
}
END_TEST

START_TEST(test_guided_auto_hold)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-H", NULL, &pid);
	char path[96], sev[16];

	night(rid, 5, 6, NULL);
	night(rid, 6, 2, NULL);         /* at the threshold: still titrating */
	json_t *g = regimen_get(rid);
	ck_assert_str_eq(th_str(g, "status"), "active");
	json_decref(g);
	checkin(rid, NULL, "{\"night\":\"2027-03-08\",\"severity\":1}", &r);
	EXPECT(&r, 201);
	json_t *reg = json_object_get(r.json, "regimen");
	ck_assert_str_eq(th_str(reg, "status"), "held");
	json_t *ev = json_array_get(json_object_get(reg, "events"), 0);
	ck_assert_str_eq(th_str(ev, "action"), "hold");
	ck_assert_str_eq(th_str(ev, "date"), "2027-03-08");
	ck_assert_str_eq(th_str(ev, "created_by"), "titrad");
	char want[64];
	snprintf(want, sizeof want, "check-in %lld of night 2027-03-08", (long long)th_int(r.json, "id"));
	ck_assert_msg(strstr(th_str(ev, "reason"), want) != NULL, "reason: %s", th_str(ev, "reason"));
	json_t *fl = json_object_get(r.json, "flags");
	ck_assert_int_eq(json_array_size(fl), 1);
	ck_assert_str_eq(th_str(json_array_get(fl, 0), "rule"), "titration.auto-hold");
	ck_assert_str_eq(th_str(json_array_get(fl, 0), "severity"), "info");
	th_resp_free(&r);

	/* the guided walk: the dose of night 8 (0.125 mg x 4 steps of 2 nights: 0.5 mg) is kept */
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar?from=2027-03-07&to=2027-03-14", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	json_t *e, *entries = json_object_get(r.json, "entries");
	size_t i;
	int64_t held = th_int(json_array_get(entries, 1), "dose_ug");
	ck_assert_str_eq(th_str(json_array_get(entries, 1), "date"), "2027-03-08");
	ck_assert_int_eq(held, 500);
	ck_assert_int_eq(th_int(json_array_get(entries, 0), "dose_ug"), 500);
	json_array_foreach(entries, i, e) {
		if (i >= 1) {
			ck_assert_int_eq(th_int(e, "dose_ug"), held);
			ck_assert_str_eq(th_str(e, "phase"), "maintenance");
		}
	}
	th_resp_free(&r);

	/* held: more control reports make no second hold and raise nothing new */
	night(rid, 9, 0, NULL);
	g = regimen_get(rid);
	ck_assert_int_eq(json_array_size(json_object_get(g, "events")), 1);
	json_decref(g);
	ck_assert_int_eq(flags_of(pid, rid, "titration.auto-hold", NULL), 1);

	/* symptoms back: two nights in a row are not enough, three are */
	night(rid, 10, 3, NULL);
	night(rid, 11, 5, NULL);
	ck_assert_int_eq(flags_of(pid, rid, "titration.symptoms-returned", NULL), 0);
	checkin(rid, NULL, "{\"night\":\"2027-03-12\",\"severity\":2}", &r);
	EXPECT(&r, 201);
	ck_assert_str_eq(th_str(json_array_get(json_object_get(r.json, "flags"), 0), "rule"),
	    "titration.symptoms-returned");
	th_resp_free(&r);
	ck_assert_int_eq(flags_of(pid, rid, "titration.symptoms-returned", sev), 1);
	ck_assert_str_eq(sev, "warning");
	/* titrad never raises the dose: still held, same dose, no resume */
	g = regimen_get(rid);
	ck_assert_str_eq(th_str(g, "status"), "held");
	ck_assert_int_eq(json_array_size(json_object_get(g, "events")), 1);
	json_decref(g);
	/* check-in flags record an event: a recheck of the patient (a PATCH) leaves them open */
	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)pid);
	th_patch(&T, path, T.clinic, "{\"crcl_ml_min\":90}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	ck_assert_int_eq(flags_of(pid, rid, "titration.symptoms-returned", NULL), 1);
	ck_assert_int_eq(flags_of(pid, rid, "titration.auto-hold", NULL), 1);
}
END_TEST

START_TEST(test_no_hold_unguided_or_before_last_event)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-U", ",\"guided\":false", &pid);
	char path[96];

	night(rid, 5, 0, NULL);
	json_t *g = regimen_get(rid);
	ck_assert_str_eq(th_str(g, "status"), "active");
	ck_assert_int_eq(json_array_size(json_object_get(g, "events")), 0);
	json_decref(g);
	ck_assert_int_eq(flags_of(pid, rid, "titration.auto-hold", NULL), 0);

	/* guided, held by the clinic on night 10 and resumed on night 12: a control report of night 11 is too late */
	rid = prami("CK-U2", ",\"controlled_below\":4", &pid);
	snprintf(path, sizeof path, "/v1/regimens/%lld/hold", (long long)rid);
	th_post(&T, path, T.clinic, "{\"date\":\"2027-03-10\"}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/resume", (long long)rid);
	th_post(&T, path, T.clinic, "{\"date\":\"2027-03-12\"}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	night(rid, 11, 0, NULL);
	g = regimen_get(rid);
	ck_assert_str_eq(th_str(g, "status"), "active");
	ck_assert_int_eq(json_array_size(json_object_get(g, "events")), 2);
	json_decref(g);
	/* ... one of night 13 is not; controlled_below 4 means severity 3 is control */
	night(rid, 13, 3, NULL);
	g = regimen_get(rid);
	ck_assert_str_eq(th_str(g, "status"), "held");
	ck_assert_str_eq(th_str(json_array_get(json_object_get(g, "events"), 2), "created_by"), "titrad");
	json_decref(g);
}
END_TEST

START_TEST(test_augmentation_http)
{
	int64_t pid, rid;
	char sev[16];

	/* usual onset 00:30 (after midnight); symptoms at 20:00 the evening before: 4.5 h earlier */
	pid = th_patient(&T, "CK-A");
	rid = regimen(pid, "{\"drug\":\"ropinirole\",\"start_date\":\"2027-03-01\",\"symptom_onset\":\"00:30\","
	    "\"guided\":false}");
	for (int d = 10; d < 14; d++)
		night(rid, d, 6, ",\"onset\":\"20:00\"");
	ck_assert_int_eq(flags_of(pid, rid, "augmentation.suspected", NULL), 0);   /* 4 of 7 */
	night(rid, 14, 6, ",\"onset\":\"20:00\"");
	ck_assert_int_eq(flags_of(pid, rid, "augmentation.suspected", sev), 1);    /* 5 of 7 */
	ck_assert_str_eq(sev, "critical");

	/* 2.5 h earlier: counts only with arms or trunk */
	rid = prami("CK-A2", ",\"guided\":false", &pid);
	for (int d = 10; d < 15; d++)
		night(rid, d, 6, ",\"onset\":\"19:30\",\"body_parts\":[\"legs\"]");
	ck_assert_int_eq(flags_of(pid, rid, "augmentation.suspected", NULL), 0);
	rid = prami("CK-A3", ",\"guided\":false", &pid);
	for (int d = 10; d < 15; d++)
		night(rid, d, 6, ",\"onset\":\"19:30\",\"body_parts\":[\"legs\",\"trunk\"]");
	ck_assert_int_eq(flags_of(pid, rid, "augmentation.suspected", NULL), 1);

	/* gabapentin does not augment: not watched */
	pid = th_patient(&T, "CK-A4");
	rid = regimen(pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2027-03-01\",\"bedtime\":\"22:30\","
	    "\"guided\":false}");
	for (int d = 10; d < 17; d++)
		night(rid, d, 6, ",\"onset\":\"12:00\",\"body_parts\":[\"arms\"]");
	ck_assert_int_eq(flags_of(pid, rid, "augmentation.suspected", NULL), 0);
}
END_TEST

START_TEST(test_side_effects_by_drug)
{
	int64_t pid, rid;
	char sev[16];

	rid = prami("CK-S", ",\"guided\":false", &pid);
	night(rid, 5, 5, ",\"side_effects\":[\"sleep_attack\",\"impulse_control\",\"daytime_sleepiness\",\"dizziness\"]");
	ck_assert_int_eq(flags_of(pid, rid, "adverse.sleep-attack", sev), 1);
	ck_assert_str_eq(sev, "critical");
	ck_assert_int_eq(flags_of(pid, rid, "adverse.impulse-control", sev), 1);
	ck_assert_str_eq(sev, "critical");
	ck_assert_int_eq(flags_of(pid, rid, "adverse.somnolence", sev), 1);
	ck_assert_str_eq(sev, "warning");
	ck_assert_int_eq(flags_of(pid, rid, "adverse.other", sev), 1);
	ck_assert_str_eq(sev, "info");

	pid = th_patient(&T, "CK-S2");
	rid = regimen(pid, "{\"drug\":\"gabapentin\",\"start_date\":\"2027-03-01\",\"bedtime\":\"22:30\","
	    "\"guided\":false}");
	night(rid, 5, 5, ",\"side_effects\":[\"sleep_attack\",\"impulse_control\",\"swelling\"]");
	ck_assert_int_eq(flags_of(pid, rid, "adverse.sleep-attack", sev), 1);
	ck_assert_str_eq(sev, "warning");
	ck_assert_int_eq(flags_of(pid, rid, "adverse.impulse-control", NULL), 0);
	ck_assert_int_eq(flags_of(pid, rid, "adverse.other", NULL), 1);
}
END_TEST

START_TEST(test_rebound_after_stop)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-B", ",\"guided\":false", &pid);
	char path[96];

	night(rid, 1, 6, NULL);          /* before treatment took hold */
	night(rid, 8, 2, NULL);
	snprintf(path, sizeof path, "/v1/regimens/%lld/stop", (long long)rid);
	th_post(&T, path, T.clinic, "{\"date\":\"2027-03-10\"}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	night(rid, 11, 6, NULL);         /* as bad as before: not worse */
	ck_assert_int_eq(flags_of(pid, rid, "rebound.after-stop", NULL), 0);
	night(rid, 9, 9, NULL);          /* before the stop */
	ck_assert_int_eq(flags_of(pid, rid, "rebound.after-stop", NULL), 0);
	night(rid, 12, 7, NULL);
	ck_assert_int_eq(flags_of(pid, rid, "rebound.after-stop", NULL), 1);
}
END_TEST


/* ---- checkin.html ---- */

static long
form_post(const char *path, const char *token_header, const char *body, struct th_resp *r)
{
	return th_request(&T, "POST", path, token_header, "application/x-www-form-urlencoded", body, NULL, r);
}

START_TEST(test_checkin_page)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-P", NULL, &pid);
	int64_t other = th_patient(&T, "CK-P2");
	char tok[AUTH_TOKEN_LEN], foreign[AUTH_TOKEN_LEN], path[256], want[320];

	th_token(&T, "patient", pid, tok);
	th_token(&T, "patient", other, foreign);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkin.html?token=%s", (long long)rid, tok);
	th_get(&T, path, NULL, &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(r.content_type, "text/html; charset=utf-8");
	ck_assert_ptr_nonnull(strstr(r.body, "<meta name=\"viewport\""));
	ck_assert_ptr_null(strstr(r.body, "<script"));
	ck_assert_ptr_nonnull(strstr(r.body, "<form method=\"post\""));
	/* last night: yesterday (today is 2027-03-20) */
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"night\" required value=\"2027-03-19\""));
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"severity\" value=\"10\""));
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"body_parts\" value=\"trunk\""));
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"side_effects\" value=\"sleep_attack\""));
	ck_assert_ptr_null(strstr(r.body, "role=\"status\""));
	th_resp_free(&r);

	/* staff tokens never use it (403), another patient's token sees no such regimen (404) */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkin.html", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	th_get(&T, path, foreign, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkin.html?token=%s", (long long)rid, T.clinic);
	th_get(&T, path, NULL, &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);

	/* a good POST: 303 back to the page, which confirms in role="status" */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkin.html?token=%s", (long long)rid, tok);
	form_post(path, NULL, "night=2027-03-19&severity=4&onset=19%3A30&body_parts=legs&body_parts=arms"
	    "&side_effects=nausea&irls=&note=tired+but+ok%0D%0Asecond+line", &r);
	EXPECT(&r, 303);
	snprintf(want, sizeof want, "%s&saved=2027-03-19", path);
	ck_assert_str_eq(r.location, want);
	th_resp_free(&r);
	th_get(&T, want, NULL, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "role=\"status\">Thank you: your check-in for the night of 2027-03-19"));
	ck_assert_ptr_nonnull(strstr(r.body, "<tr><td>2027-03-19</td><td>4</td><td>19:30</td><td>Legs, Arms</td>"));
	th_resp_free(&r);
	/* the same check-in through the API */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	json_t *c = json_array_get(json_object_get(r.json, "items"), 0);
	ck_assert_int_eq(th_int(c, "severity"), 4);
	ck_assert_str_eq(th_str(c, "onset"), "19:30");
	ck_assert_str_eq(th_str(c, "note"), "tired but ok\r\nsecond line");
	ck_assert(json_is_null(json_object_get(c, "irls")));
	ck_assert_int_eq(json_array_size(json_object_get(c, "body_parts")), 2);
	th_resp_free(&r);

	/* bad input: 422 with the form, the errors and the values sent; nothing written */
	int64_t before = th_count(&T, "checkin");
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkin.html?token=%s", (long long)rid, tok);
	form_post(path, NULL, "night=2027-03-18&severity=11&onset=25%3A00&body_parts=feet&irls=7", &r);
	EXPECT(&r, 422);
	ck_assert_str_eq(r.content_type, "text/html; charset=utf-8");
	ck_assert_ptr_nonnull(strstr(r.body, "role=\"alert\""));
	ck_assert_ptr_nonnull(strstr(r.body, "href=\"#f-severity\""));
	ck_assert_ptr_nonnull(strstr(r.body, "href=\"#f-onset\""));
	ck_assert_ptr_nonnull(strstr(r.body, "href=\"#f-body_parts\""));
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"night\" required value=\"2027-03-18\""));
	ck_assert_ptr_nonnull(strstr(r.body, "name=\"irls\" min=\"0\" max=\"40\" step=\"1\" inputmode=\"numeric\" value=\"7\""));
	ck_assert_ptr_nonnull(strstr(r.body, "<form method=\"post\""));
	th_resp_free(&r);
	static const char *const bad[] = {
		"night=2027-03-18",                                   /* severity missing */
		"night=2027-03-18&severity=",                         /* ... or empty */
		"night=2027-03-18&severity=four",
		"night=2027-03-18&severity=3&severity=4",             /* twice */
		"night=2027-03-21&severity=3",                        /* after today */
		"night=2027-02-27&severity=3",                        /* before start_date */
		"night=2027-03-18&severity=3&mood=good",              /* unknown field */
		"night=2027-03-18&severity=3&note=%ZZ",               /* bad escape */
		"night=2027-03-18&severity=3&note=a%00b",             /* NUL */
		"night=2027-03-18&severity=3&note=%FF%FE",            /* not UTF-8 */
		"night=2027-03-18&severity=3&irls=41",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		form_post(path, NULL, bad[i], &r);
		ck_assert_msg(r.status == 422, "%s: %ld", bad[i], r.status);
		ck_assert_msg(strstr(r.body, "role=\"alert\"") != NULL, "%s: no errors shown", bad[i]);
		th_resp_free(&r);
	}
	/* a night already reported: 409 with the form */
	form_post(path, NULL, "night=2027-03-19&severity=2", &r);
	EXPECT(&r, 409);
	ck_assert_ptr_nonnull(strstr(r.body, "already sent a check-in for this night"));
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "checkin"), before);
	/* JSON is not a form: 415 */
	th_request(&T, "POST", path, NULL, "application/json", "{\"night\":\"2027-03-18\",\"severity\":3}", NULL, &r);
	th_assert_problem(&r, 415);
	th_resp_free(&r);
	/* the patient's token in the Authorization header works too; Location keeps no token then */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkin.html", (long long)rid);
	form_post(path, tok, "night=2027-03-17&severity=1", &r);
	EXPECT(&r, 303);
	snprintf(want, sizeof want, "%s?saved=2027-03-17", path);
	ck_assert_str_eq(r.location, want);
	th_resp_free(&r);
	/* ... and a control report through the form holds a guided regimen like the API does */
	json_t *g = regimen_get(rid);
	ck_assert_str_eq(th_str(g, "status"), "held");
	json_decref(g);
	/* staff may not post the form */
	form_post(path, T.clinic, "night=2027-03-16&severity=1", &r);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
}
END_TEST

/* The feeds point the patient at the form: the printable page links it, each .ics event carries its URL. */
START_TEST(test_feeds_link_the_form)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-L", NULL, &pid);
	char tok[AUTH_TOKEN_LEN], path[256], want[512];

	th_token(&T, "patient", pid, tok);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.ics?token=%s", (long long)rid, tok);
	th_get(&T, path, NULL, &r);
	EXPECT(&r, 200);
	/* unfold the content lines (RFC 5545 3.1) before looking */
	char *u = strdup(r.body), *w = u;
	for (const char *p = r.body; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		*w++ = *p;
	}
	*w = '\0';
	snprintf(want, sizeof want, "URL:http://127.0.0.1:%u/v1/regimens/%lld/checkin.html?token=%s\r\n",
	    T.app->port, (long long)rid, tok);
	ck_assert_msg(strstr(u, want) != NULL, "no %s in %s", want, u);
	size_t events = 0, urls = 0;
	for (const char *p = u; (p = strstr(p, "BEGIN:VEVENT")) != NULL; p++)
		events++;
	for (const char *p = u; (p = strstr(p, want)) != NULL; p++)
		urls++;
	ck_assert_int_gt(events, 10);
	ck_assert_int_eq(urls, events);
	free(u);
	th_resp_free(&r);
	/* fetched by staff, or by the patient with the header: no URL to give */
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.ics", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "\r\nURL:"));
	th_resp_free(&r);
	th_get(&T, path, tok, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "\r\nURL:"));
	th_resp_free(&r);

	/* the printable page */
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.html?token=%s", (long long)rid, tok);
	th_get(&T, path, NULL, &r);
	EXPECT(&r, 200);
	snprintf(want, sizeof want, "<a href=\"http://127.0.0.1:%u/v1/regimens/%lld/checkin.html?token=%s\">",
	    T.app->port, (long long)rid, tok);
	ck_assert_msg(strstr(r.body, want) != NULL, "no link %s", want);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.html", (long long)rid);
	th_get(&T, path, tok, &r);
	snprintf(want, sizeof want, "<a href=\"/v1/regimens/%lld/checkin.html\">", (long long)rid);
	ck_assert_ptr_nonnull(strstr(r.body, want));
	th_resp_free(&r);
	th_get(&T, path, T.clinic, &r);
	ck_assert_ptr_null(strstr(r.body, "checkin.html"));
	th_resp_free(&r);
}
END_TEST

/* The UID's domain of regimen rid's first .ics event on server th (copied to out). */
static void
uid_domain_of(struct th *th, int64_t rid, char *out, size_t cap)
{
	struct th_resp r;
	char path[64];
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.ics", (long long)rid);
	th_get(th, path, th->clinic, &r);
	EXPECT(&r, 200);
	const char *u = strstr(r.body, "\r\nUID:");
	ck_assert_ptr_nonnull(u);
	const char *at = strchr(u, '@'), *end = strstr(u + 2, "\r\n");
	ck_assert(at != NULL && end != NULL && at < end);
	snprintf(out, cap, "%.*s", (int)(end - at - 1), at + 1);
	th_resp_free(&r);
}

/* Two installations never emit the same UID: each database has its own domain. */
START_TEST(test_uids_differ_across_installations)
{
	struct th other;
	char a[80], b[80];
	int64_t rid = prami("CK-UID", NULL, NULL);

	th_start(&other);
	int64_t pid2 = th_patient(&other, "CK-UID");
	int64_t rid2 = th_regimen(&other, pid2, "{\"drug\":\"pramipexole\",\"start_date\":\"2027-03-01\","
	    "\"symptom_onset\":\"22:00\"}");
	ck_assert_int_eq(rid2, rid);            /* same ids, so only the domain can tell them apart */
	uid_domain_of(&T, rid, a, sizeof a);
	uid_domain_of(&other, rid2, b, sizeof b);
	th_stop(&other);
	ck_assert_msg(strcmp(a, b) != 0, "both servers use @%s", a);
	ck_assert_int_eq(strlen(a), 16 + strlen(".titrad"));
	ck_assert_str_eq(a + 16, ".titrad");
	ck_assert_int_eq(strspn(a, "0123456789abcdef"), 16);
}
END_TEST

/* The printable page: step-up and taper borders win over the plain cell rule, TAPER only where
 * the dose drops, a closing line after the last cell. */
START_TEST(test_printable_page)
{
	struct th_resp r;
	int64_t rid = prami("CK-PR", NULL, NULL);
	char path[96];

	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.html", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "table.month td.stepup{border:3px solid #000}"));
	ck_assert_ptr_nonnull(strstr(r.body, "table.month td.taper{border:3px dashed #000}"));
	ck_assert_ptr_nonnull(strstr(r.body, "@page{size:A4}"));
	ck_assert_ptr_nonnull(strstr(r.body, "<div class=\"runhead\">Pramipexole dose calendar for <strong>Test CK-PR</strong>"));
	ck_assert_ptr_null(strstr(r.body, "Your clinic:"));       /* not configured */
	th_resp_free(&r);
	/* the clinic (config keys clinic_name, clinic_phone), escaped, in the header and on every page */
	snprintf(T.app->cfg.clinic_name, sizeof T.app->cfg.clinic_name, "Sleep & <Rest>");
	snprintf(T.app->cfg.clinic_phone, sizeof T.app->cfg.clinic_phone, "0800 123");
	th_get(&T, path, T.clinic, &r);
	ck_assert_ptr_nonnull(strstr(r.body, "Your clinic: <strong>Sleep &amp; &lt;Rest&gt;</strong>, phone <strong>0800 123</strong>"));
	ck_assert_ptr_nonnull(strstr(r.body, " &middot; Sleep &amp; &lt;Rest&gt; &middot; phone 0800 123</div>"));
	ck_assert_ptr_null(strstr(r.body, "\ntd.stepup{"));
	ck_assert_ptr_nonnull(strstr(r.body, "each night until your clinic tells you otherwise.</p>"));
	th_resp_free(&r);

	/* a taper from night 10: 0.625 mg steps down by 0.125 every 2 nights */
	snprintf(path, sizeof path, "/v1/regimens/%lld/stop", (long long)rid);
	th_post(&T, path, T.clinic, "{\"date\":\"2027-03-10\",\"taper\":true}", &r);
	EXPECT(&r, 200);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	int drops = 0;
	int64_t prev = 0;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(r.json, "entries"), i, e) {
		if (strcmp(th_str(e, "phase"), "taper") == 0 && prev > 0 && th_int(e, "dose_ug") < prev)
			drops++;
		prev = th_int(e, "dose_ug");
	}
	th_resp_free(&r);
	ck_assert_int_gt(drops, 1);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.html", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	int labels = 0;
	for (const char *p = r.body; (p = strstr(p, "<span class=\"label\">taper</span>")) != NULL; p++)
		labels++;
	ck_assert_int_eq(labels, drops);
	ck_assert_ptr_nonnull(strstr(r.body, "is the last dose of this plan"));
	th_resp_free(&r);
}
END_TEST

/*
 * The check-in list is paged like every list (?limit=, &after=next): 17
 * check-ins posted out of order come back across pages of 5, nights
 * ascending, each once; from/to narrow the pages; bad paging is 422.
 */
/* The export holds what the patient reported: every check-in of every regimen. */
START_TEST(test_checkins_in_export)
{
	struct th_resp r;
	char path[96];
	int64_t pid, rid = prami("CK-EXPORT", NULL, &pid);
	json_t *a;

	night(rid, 2, 7, ",\"onset\":\"20:15\",\"body_parts\":[\"legs\"]");
	night(rid, 1, 4, NULL);
	snprintf(path, sizeof path, "/v1/patients/%lld/export", (long long)pid);
	th_get(&T, path, T.pharmacist, &r);
	EXPECT(&r, 200);
	a = json_object_get(r.json, "checkins");
	ck_assert_int_eq(json_array_size(a), 2);
	ck_assert_str_eq(th_str(json_array_get(a, 0), "night"), "2027-03-01");
	ck_assert_int_eq(th_int(json_array_get(a, 0), "severity"), 4);
	ck_assert_str_eq(th_str(json_array_get(a, 1), "night"), "2027-03-02");
	ck_assert_int_eq(th_int(json_array_get(a, 1), "regimen_id"), rid);
	ck_assert_str_eq(th_str(json_array_get(a, 1), "onset"), "20:15");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(json_array_get(a, 1), "body_parts"), 0)),
	    "legs");
	th_resp_free(&r);
}
END_TEST

START_TEST(test_checkin_list_paged)
{
	static const int nights[] = { 9, 3, 1, 17, 2, 5, 4, 8, 6, 7, 11, 10, 19, 12, 14, 13, 15 };
	struct th_resp r;
	int64_t pid, rid = prami("CK-PAGE", NULL, &pid);
	char path[96], tok[AUTH_TOKEN_LEN], want[DT_DATE_LEN];
	json_t *all, *e;
	size_t i;

	for (i = 0; i < ARRAY_LEN(nights); i++)
		night(rid, nights[i], 5, NULL);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins", (long long)rid);
	all = th_get_all(&T, path, T.clinic, 5);
	ck_assert_int_eq(json_array_size(all), ARRAY_LEN(nights));
	const int sorted[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 19 };
	json_array_foreach(all, i, e) {
		snprintf(want, sizeof want, "2027-03-%02d", sorted[i]);
		ck_assert_str_eq(th_str(e, "night"), want);
	}
	json_decref(all);
	/* the first page: 5 items and a cursor; the default page holds all 17 and ends */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?limit=5", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 5);
	ck_assert_str_eq(th_str(r.json, "next"), "20270305");
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 17);
	ck_assert(json_is_null(json_object_get(r.json, "next")));
	th_resp_free(&r);
	/* exactly full and the last: null too */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?limit=17", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "items")), 17);
	ck_assert(json_is_null(json_object_get(r.json, "next")));
	th_resp_free(&r);
	/* from/to with paging, by the patient's own token */
	th_token(&T, "patient", pid, tok);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?from=2027-03-06&to=2027-03-14", (long long)rid);
	all = th_get_all(&T, path, tok, 2);
	ck_assert_int_eq(json_array_size(all), 9);
	ck_assert_str_eq(th_str(json_array_get(all, 0), "night"), "2027-03-06");
	ck_assert_str_eq(th_str(json_array_get(all, 8), "night"), "2027-03-14");
	json_decref(all);
	/* a cursor past from wins; one before it changes nothing */
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?from=2027-03-06&after=20270310", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	ck_assert_str_eq(th_str(json_array_get(json_object_get(r.json, "items"), 0), "night"), "2027-03-11");
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?from=2027-03-06&after=20270301", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	ck_assert_str_eq(th_str(json_array_get(json_object_get(r.json, "items"), 0), "night"), "2027-03-06");
	th_resp_free(&r);
	/* bad paging: 422 naming the parameter */
	static const char *const bad[] = { "limit=0", "limit=1001", "limit=x", "after=20271301", "after=2027",
		"after=-1", "after=99999999999" };
	for (i = 0; i < ARRAY_LEN(bad); i++) {
		snprintf(path, sizeof path, "/v1/regimens/%lld/checkins?%s", (long long)rid, bad[i]);
		th_get(&T, path, T.clinic, &r);
		th_assert_problem(&r, 422);
		ck_assert_msg(strstr(r.body, bad[i][0] == 'l' ? "limit" : "after") != NULL, "%s: %s", bad[i], r.body);
		th_resp_free(&r);
	}
}
END_TEST

/* The daemon again in another zone (config key timezone, installed at start-up). */
static void
restart_in(const char *zone)
{
	char err[256];
	http_stop(T.app);
	ck_assert(util_copy(T.app->cfg.timezone, sizeof T.app->cfg.timezone, zone));
	ck_assert_msg(http_start(T.app, http_routes, http_nroutes, err, sizeof err), "restart: %s", err);
}

/* The form's default night, from the page at path. */
static void
assert_form_night(const char *path, const char *night)
{
	struct th_resp r;
	char want[96];
	th_get(&T, path, NULL, &r);
	EXPECT(&r, 200);
	snprintf(want, sizeof want, "name=\"night\" required value=\"%s\"", night);
	ck_assert_msg(strstr(r.body, want) != NULL, "no %s in the form", want);
	th_resp_free(&r);
}

/*
 * "Today" is the configured zone's date: near midnight UTC, Kiritimati
 * (UTC+14) is a day ahead and Adak (UTC-9 in March, daylight time) a day
 * behind, and the check-in range, the form's default night, a regimen's
 * status and the printed "Generated" stamp follow the zone.
 */
START_TEST(test_timezone_today)
{
	struct th_resp r;
	int64_t pid, rid = prami("CK-TZ", NULL, &pid);
	char tok[AUTH_TOKEN_LEN], form[256], path[96];
	const time_t day20 = (time_t)dt_days_from_civil(2027, 3, 20) * 86400;

	th_token(&T, "patient", pid, tok);
	snprintf(form, sizeof form, "/v1/regimens/%lld/checkin.html?token=%s", (long long)rid, tok);
	/* UTC, 2027-03-20T11:00Z: tonight is the 20th, the 21st has not come */
	T.app->fixed_now = day20 + 11 * 3600;
	assert_form_night(form, "2027-03-19");
	ck_assert_int_eq(checkin(rid, NULL, "{\"night\":\"2027-03-21\",\"severity\":5}", NULL), 422);

	/* Kiritimati at the same instant: 2027-03-21 01:00 local */
	restart_in("Pacific/Kiritimati");
	assert_form_night(form, "2027-03-20");
	ck_assert_int_eq(checkin(rid, NULL, "{\"night\":\"2027-03-21\",\"severity\":5}", NULL), 201);
	snprintf(path, sizeof path, "/v1/regimens/%lld/stop", (long long)rid);
	th_post(&T, path, T.clinic, "{\"date\":\"2027-03-21\"}", &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(th_str(r.json, "status"), "stopped");   /* in UTC it would still be pending */
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "pending")), 0);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.html", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	ck_assert_msg(strstr(r.body, "Generated: 2027-03-21T01:00:00+14:00") != NULL, "no local stamp");
	th_resp_free(&r);

	/* Adak at 2027-03-20T05:00Z: 2027-03-19 20:00 local (HDT, UTC-9) */
	int64_t pid2, rid2 = prami("CK-TZ2", NULL, &pid2);
	th_token(&T, "patient", pid2, tok);
	snprintf(form, sizeof form, "/v1/regimens/%lld/checkin.html?token=%s", (long long)rid2, tok);
	restart_in("America/Adak");
	T.app->fixed_now = day20 + 5 * 3600;
	assert_form_night(form, "2027-03-18");
	ck_assert_int_eq(checkin(rid2, NULL, "{\"night\":\"2027-03-20\",\"severity\":5}", NULL), 422);
	ck_assert_int_eq(checkin(rid2, NULL, "{\"night\":\"2027-03-19\",\"severity\":5}", NULL), 201);
	snprintf(path, sizeof path, "/v1/regimens/%lld/hold", (long long)rid2);
	th_post(&T, path, T.clinic, "{\"date\":\"2027-03-20\"}", &r);
	EXPECT(&r, 200);
	ck_assert_str_eq(th_str(r.json, "status"), "active");    /* held from tomorrow, local */
	ck_assert_int_eq(json_array_size(json_object_get(r.json, "pending")), 1);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.html", (long long)rid2);
	th_get(&T, path, T.clinic, &r);
	ck_assert_msg(strstr(r.body, "Generated: 2027-03-19T20:00:00-09:00") != NULL, "no local stamp");
	th_resp_free(&r);
}
END_TEST

/* A zone name the system does not know refuses to start, with the key named. */
START_TEST(test_timezone_refused)
{
	struct titrad_config c;
	char err[256];
	config_defaults(&c);
	ck_assert_str_eq(c.timezone, "UTC");
	ck_assert(!config_set(&c, "timezone", "Mars/Olympus_Mons", err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "timezone"));
	ck_assert(!config_set(&c, "timezone", "../../etc/passwd", err, sizeof err));
	ck_assert(!config_set(&c, "timezone", "/etc/localtime", err, sizeof err));
	ck_assert(!config_set(&c, "timezone", "EST5EDT,M3.2.0,M11.1.0", err, sizeof err));
	ck_assert(!config_set(&c, "timezone", "America", err, sizeof err));     /* a directory */
	ck_assert(!config_set(&c, "timezone", "", err, sizeof err));
	ck_assert(config_set(&c, "timezone", "Europe/Berlin", err, sizeof err));
	ck_assert(config_set(&c, "timezone", "UTC", err, sizeof err));
	/* set behind the config parser's back: http_start still refuses it */
	http_stop(T.app);
	ck_assert(util_copy(T.app->cfg.timezone, sizeof T.app->cfg.timezone, "Nowhere/Atall"));
	ck_assert(!http_start(T.app, http_routes, http_nroutes, err, sizeof err));
	ck_assert_msg(strstr(err, "timezone: 'Nowhere/Atall'") != NULL, "err: %s", err);
	ck_assert(util_copy(T.app->cfg.timezone, sizeof T.app->cfg.timezone, "UTC"));
	ck_assert_msg(http_start(T.app, http_routes, http_nroutes, err, sizeof err), "restart: %s", err);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checkins");
	TCase *tc = tcase_create("engine");
	tcase_add_test(tc, test_earlier_wraps_midnight);
	tcase_add_test(tc, test_augmentation_4_vs_5_of_7);
	tcase_add_test(tc, test_augmentation_spread);
	tcase_add_test(tc, test_symptoms_returned_run);
	tcase_add_test(tc, test_should_hold);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	tc = th_tcase("http", setup, teardown, 60);
	tcase_add_test(tc, test_checkin_create_and_list);
	tcase_add_test(tc, test_checkin_fields);
	tcase_add_test(tc, test_checkin_roles);
	tcase_add_test(tc, test_guided_fields);
	tcase_add_test(tc, test_guided_auto_hold);
	tcase_add_test(tc, test_no_hold_unguided_or_before_last_event);
	tcase_add_test(tc, test_augmentation_http);
	tcase_add_test(tc, test_side_effects_by_drug);
	tcase_add_test(tc, test_rebound_after_stop);
	tcase_add_test(tc, test_checkin_page);
	tcase_add_test(tc, test_feeds_link_the_form);
	tcase_add_test(tc, test_uids_differ_across_installations);
	tcase_add_test(tc, test_printable_page);
	tcase_add_test(tc, test_checkin_list_paged);
	tcase_add_test(tc, test_checkins_in_export);
	tcase_add_test(tc, test_timezone_today);
	tcase_add_test(tc, test_timezone_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(suite());
}
