/* SPDX-License-Identifier: Apache-2.0 */
/* api_regimens.c - regimens, their JSON calendar and the hold/resume/stop actions. */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/renal.h"
#include "service/safety.h"
#include "base/util.h"
#include "engine/validate.h"
#include "engine/jsonw.h"

static void
regimen_etag(const struct store_regimen *g, char out[48])
{
	snprintf(out, 48, "\"r%lld-v%lld\"", (long long)g->id, (long long)g->version);
}


/* Render a loaded regimen as the response to a read or an action. */
static enum MHD_Result
reply_regimen(struct req *r, unsigned status, struct svc_regimen *ar)
{
	char etag[48], loc[64];
	json_t *body;
	regimen_etag(&ar->row, etag);
	snprintf(loc, sizeof loc, "/v1/regimens/%lld", (long long)ar->row.id);
	int rc = view_regimen_json_flags(r, ar, &body);
	svc_regimen_free(ar);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if (status == 201) {
		const char *h[] = { "Location", loc, "ETag", etag, NULL };
		return http_json(r, status, body, h);
	}
	const char *h[] = { "ETag", etag, NULL };
	return http_json(r, status, body, h);
}

/* A time-of-day field; true if absent or valid (copied to dst). */
static bool
time_field(json_t *body, const char *name, char dst[DT_TIME_LEN], int32_t *minute)
{
	json_t *v = json_object_get(body, name);
	int m;
	if (v == NULL)
		return true;
	if (!dt_parse_time(json_string_value(v), &m))
		return false;
	util_copy(dst, DT_TIME_LEN, json_string_value(v));
	*minute = m;
	return true;
}

static bool
dose_field(json_t *body, const char *name, int64_t *ug)
{
	json_t *v = json_object_get(body, name);
	return v == NULL || val_mg(v, ug);
}

enum MHD_Result
api_regimen_create(struct req *r)
{
	struct store_regimen g;
	struct store_patient p;
	struct svc_regimen *ar;
	const struct titr_protocol *proto;
	json_t *errors, *v;
	const char *field, *msg;
	int32_t day, onset = -1, bedtime = -1, dose = -1;
	int64_t interval;
	int rc, status;

	status = val_shape(r->json, fields_regimen, fields_regimen_n, &errors);
	if (status != 0)
		return http_problem(r, (unsigned)status, "invalid regimen", errors);
	memset(&g, 0, sizeof g);
	g.patient_id = r->id[0];
	proto = svc_protocol(&r->app->ref, json_string_value(json_object_get(r->json, "drug")));
	if (proto == NULL)
		return http_invalid(r, "drug", "unknown drug protocol (see GET /v1/protocols)");
	util_copy(g.drug, sizeof g.drug, proto->drug);
	if (!dt_parse_date(json_string_value(json_object_get(r->json, "start_date")), &day))
		return http_invalid(r, "start_date", "start_date must be a valid date YYYY-MM-DD");
	/* The whole walk (731 nights) and a dose after midnight stay within year 9999. */
	if (day > dt_day_max() - TITR_RANGE_MAX_DAYS)
		return http_invalid(r, "start_date",
		    "start_date must leave the regimen's 731 nights and after-midnight doses within 9999-12-31");
	dt_format_date(day, g.start_date);
	if (!time_field(r->json, "symptom_onset", g.symptom_onset, &onset))
		return http_invalid(r, "symptom_onset", "symptom_onset must be a time HH:MM (00:00-23:59)");
	if (!time_field(r->json, "bedtime", g.bedtime, &bedtime))
		return http_invalid(r, "bedtime", "bedtime must be a time HH:MM (00:00-23:59)");
	if (!time_field(r->json, "dose_time", g.dose_time, &dose))
		return http_invalid(r, "dose_time", "dose_time must be a time HH:MM (00:00-23:59)");
	if (proto->timing == TITR_BEFORE_BEDTIME) {
		if (onset >= 0)
			return http_invalid(r, "symptom_onset", "this drug is timed by bedtime, not symptom_onset");
		if (bedtime < 0 && dose < 0)
			return http_invalid(r, "bedtime", "bedtime (or dose_time) is required for this drug");
	} else {
		if (bedtime >= 0)
			return http_invalid(r, "bedtime", "this drug is timed by symptom_onset, not bedtime");
		if (onset < 0 && dose < 0)
			return http_invalid(r, "symptom_onset", "symptom_onset (or dose_time) is required for this drug");
	}
	if (dose < 0)
		dose = titr_dose_minute(onset >= 0 ? onset : bedtime, proto->offset_minutes);
	dt_format_time(dose, g.dose_time);

	g.start_ug = proto->start_ug;
	g.step_ug = proto->step_ug;
	g.max_ug = proto->max_ug;
	g.interval_days = proto->interval_days;
	if (!dose_field(r->json, "start_mg", &g.start_ug))
		return http_invalid(r, "start_mg", "start_mg must be a dose in mg with at most 3 decimals");
	if (!dose_field(r->json, "step_mg", &g.step_ug))
		return http_invalid(r, "step_mg", "step_mg must be a dose in mg with at most 3 decimals");
	if (!dose_field(r->json, "max_mg", &g.max_ug))
		return http_invalid(r, "max_mg", "max_mg must be a dose in mg with at most 3 decimals");
	if ((v = json_object_get(r->json, "guided")) != NULL)
		g.unguided = json_is_false(v);
	if ((v = json_object_get(r->json, "controlled_below")) != NULL) {
		if (!val_integer(v, 1, CK_SEVERITY_MAX, &interval))
			return http_invalid(r, "controlled_below", "controlled_below must be an integer from 1 to 10");
		g.controlled_below = interval;
	}
	if ((v = json_object_get(r->json, "interval_days")) != NULL) {
		if (!val_integer(v, 1, TITR_INTERVAL_MAX, &interval))
			return http_invalid(r, "interval_days", "interval_days must be from 1 to 28");
		g.interval_days = interval;
	}
	field = titr_check(proto, (int32_t)g.start_ug, (int32_t)g.step_ug, (int32_t)g.max_ug,
	    (int32_t)g.interval_days, &msg);
	if (field != NULL)
		return http_invalid(r, field, msg);
	util_copy(g.created_at, sizeof g.created_at, r->now_stamp);

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	rc = store_patient_get(r->db, g.patient_id, &p);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && !http_may_see_patient(r, p.id))) {
		store_rollback(r->db);
		return http_problem(r, 404, "no such patient", NULL);
	}
	/* A regimen of the drug stopped from a night ahead still doses until then. */
	bool overlap = false;
	if (rc == STORE_OK && (rc = svc_regimen_overlap(view_svc(r), g.patient_id, g.drug, day, &overlap)) ==
	    STORE_OK && overlap) {
		store_rollback(r->db);
		return http_problem(r, 409, "a regimen of this drug still doses nights from start_date on", NULL);
	}
	if (rc == STORE_OK)
		rc = store_regimen_insert(r->db, &g);
	if (rc == STORE_CONFLICT) {
		store_rollback(r->db);
		return http_problem(r, 409, "the patient already has an active regimen of this drug", NULL);
	}
	if (rc == STORE_OK)
		rc = http_audit(r, "regimen.create", "regimen", g.id, g.drug);
	if (rc == STORE_OK)
		rc = safety_recheck(view_svc(r), g.patient_id, NULL);
	if (rc == STORE_OK)
		rc = view_regimen_load(r, g.id, &ar);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if ((rc = http_commit(r)) != STORE_OK) {
		svc_regimen_free(ar);
		return http_db_failure(r, rc);
	}
	return reply_regimen(r, 201, ar);
}

enum MHD_Result
api_regimen_get(struct req *r)
{
	struct svc_regimen *ar;
	int rc = view_regimen_load(r, r->id[0], &ar);
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc == STORE_OK && (rc = http_audit_read(r, "regimen.read", "regimen", ar->row.id)) != STORE_OK)
		svc_regimen_free(ar);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	return reply_regimen(r, 200, ar);
}

enum MHD_Result
api_regimen_list(struct req *r)
{
	enum MHD_Result res;
	struct store_patient p;
	struct store_regimen *rows;
	size_t n = 0;
	int limit, rc;
	int64_t after;

	if (!http_page(r, &limit, &after, &res))
		return res;
	rc = store_patient_get(r->db, r->id[0], &p);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && !http_may_see_patient(r, p.id)))
		return http_problem(r, 404, "no such patient", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	rows = calloc((size_t)limit + 1, sizeof *rows);
	if (rows == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	rc = store_regimen_list(r->db, p.id, after, limit + 1, rows, &n);
	bool more = http_page_more(&n, limit);
	json_t *items = json_array();
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct svc_regimen *ar;
		json_t *one;
		rc = view_regimen_load(r, rows[i].id, &ar);
		if (rc == STORE_OK) {
			rc = view_regimen_json_flags(r, ar, &one);
			if (rc == STORE_OK)
				json_array_append_new(items, one);
			svc_regimen_free(ar);
		}
	}
	json_t *next = more ? json_sprintf("%lld", (long long)rows[n - 1].id) : json_null();
	free(rows);
	if (rc != STORE_OK) {
		json_decref(items);
		json_decref(next);
		return http_db_failure(r, rc);
	}
	return http_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next), NULL);
}

/* ---- calendar ---- */


/*
 * The calendar is the largest JSON answer: its entries go straight into
 * the output buffer (jsonw.h: the bytes json_dumps wrote for the tree
 * this built before), each distinct note written once.
 */
enum MHD_Result
api_regimen_calendar(struct req *r)
{
	struct svc_regimen *ar;
	struct titr_entry *entries;
	struct svc_note_memo memo = { 0 };
	struct html_buf b = { 0 };
	enum MHD_Result res;
	int32_t from, to, prev;
	char date[DT_DATE_LEN], tm[DT_TIME_LEN];
	size_t n, len;
	int rc = view_regimen_load(r, r->id[0], &ar);

	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if (!view_calendar_range(r, ar, &from, &to, &res)) {
		svc_regimen_free(ar);
		return res;
	}
	/* One entry per dose date in range at most; filled by titr_calendar, so not zeroed. */
	size_t room = (size_t)(to - from) + 2;
	if ((entries = malloc(room * sizeof *entries)) == NULL) {
		svc_regimen_free(ar);
		return http_problem(r, 500, "out of memory", NULL);
	}
	n = titr_calendar(&ar->tr, from, to, entries, room);
	const char *extra = view_extra_note(r, ar);
	JSONW_LIT(&b, "{\"regimen_id\":");
	jsonw_int(&b, ar->row.id);
	JSONW_LIT(&b, ",\"patient_id\":");
	jsonw_int(&b, ar->row.patient_id);
	JSONW_LIT(&b, ",\"drug\":");
	jsonw_str(&b, ar->row.drug);
	JSONW_LIT(&b, ",\"status\":");
	jsonw_str(&b, svc_regimen_status(ar, r->today));
	dt_format_date(from, date);
	JSONW_LIT(&b, ",\"from\":");
	jsonw_str(&b, date);
	dt_format_date(to, date);
	JSONW_LIT(&b, ",\"to\":");
	jsonw_str(&b, date);
	JSONW_LIT(&b, ",\"entries\":[");
	for (size_t i = 0; i < n; i++) {
		const struct titr_entry *e = &entries[i];
		prev = e->step_up || e->step_down ? (i > 0 ? entries[i - 1].dose_ug : e->dose_ug - ar->tr.step_ug) : e->dose_ug;
		const char *note = svc_note_get(&memo, ar, e, prev, extra, 256);
		if (note == NULL) {
			b.failed = true;
			break;
		}
		dt_format_date(e->date_day, date);
		if (i == 0 || e->minute != entries[i - 1].minute)
			dt_format_time(e->minute, tm);
		if (i > 0)
			JSONW_LIT(&b, ",");
		JSONW_LIT(&b, "{\"night\":");
		jsonw_int(&b, e->night);
		JSONW_LIT(&b, ",\"date\":");
		jsonw_str(&b, date);
		JSONW_LIT(&b, ",\"time\":");
		jsonw_str(&b, tm);
		JSONW_LIT(&b, ",\"dose_mg\":");
		jsonw_fixed(&b, e->dose_ug, 3);
		JSONW_LIT(&b, ",\"dose_ug\":");
		jsonw_int(&b, e->dose_ug);
		JSONW_LIT(&b, ",\"phase\":");
		jsonw_str(&b, svc_phase_name(e->phase));
		JSONW_LIT(&b, ",\"step_up\":");
		jsonw_bool(&b, e->step_up);
		JSONW_LIT(&b, ",\"note\":");
		jsonw_str(&b, note);
		JSONW_LIT(&b, "}");
	}
	JSONW_LIT(&b, "]}");
	svc_note_memo_free(&memo);
	free(entries);
	svc_regimen_free(ar);
	char *body = html_finish(&b, &len);
	if (body == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	/* An ETag of the body (304 on If-None-Match); no Last-Modified: "status" follows today. */
	return http_reply_validated(r, "application/json", body, len, (time_t)-1);
}

/* ---- actions ---- */

static enum MHD_Result
regimen_action(struct req *r, enum svc_action action)
{
	struct svc_regimen *ar = NULL;
	struct svc_act act = { .action = action, .reason = "" };
	json_t *errors, *v;
	char msg[128];
	int rc, st;

	/* "taper" belongs to stop only; elsewhere it is an unknown field. */
	st = val_shape(r->json, fields_action, action == SVC_STOP ? fields_action_stop_n : fields_action_n, &errors);
	if (st != 0)
		return http_problem(r, (unsigned)st, "invalid action", errors);
	if (!dt_parse_date(json_string_value(json_object_get(r->json, "date")), &act.day))
		return http_invalid(r, "date", "date must be a valid night date YYYY-MM-DD");
	if (act.day > dt_day_max() - TITR_RANGE_MAX_DAYS)
		return http_invalid(r, "date", "date must leave its nights and a taper within 9999-12-31");
	if ((v = json_object_get(r->json, "reason")) != NULL) {
		if (json_string_length(v) > 0 && !val_text(v, STORE_REASON_MAX, true))
			return http_invalid(r, "reason", "reason must be at most 1000 bytes of text");
		act.reason = json_string_value(v);
	}
	act.taper = json_is_true(json_object_get(r->json, "taper"));

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	/* Visibility first: a hidden regimen is 404 whatever its state. */
	rc = view_regimen_load(r, r->id[0], &ar);
	svc_regimen_free(ar);
	ar = NULL;
	if (rc == STORE_OK)
		rc = svc_regimen_act(view_svc(r), r->id[0], &act, msg, sizeof msg);
	if (rc == STORE_OK)
		rc = view_regimen_load(r, r->id[0], &ar);
	switch (rc) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		store_rollback(r->db);
		return http_problem(r, 404, "no such regimen", NULL);
	case SVC_NOT_ALLOWED:
		store_rollback(r->db);
		return http_problem(r, 409, msg, NULL);
	case SVC_INVALID:
		store_rollback(r->db);
		return http_invalid(r, "date", msg);
	case STORE_CONFLICT:
		store_rollback(r->db);
		return http_problem(r, 409, "the patient already has an active regimen of this drug", NULL);
	default:
		return http_db_failure(r, rc);
	}
	if ((rc = http_commit(r)) != STORE_OK) {
		svc_regimen_free(ar);
		return http_db_failure(r, rc);
	}
	return reply_regimen(r, 200, ar);
}

enum MHD_Result
api_regimen_action(struct req *r)
{
	return regimen_action(r, *(const enum svc_action *)r->route->arg);
}
