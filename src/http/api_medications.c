/* SPDX-License-Identifier: Apache-2.0 */
/* api_medications.c - a patient's medication list: add, list, stop. */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/safety.h"
#include "base/util.h"
#include "engine/validate.h"

static json_t *
med_json(struct req *r, const struct store_med *m)
{
	json_t *ings = json_array();
	for (size_t i = 0; i < m->ningredients; i++) {
		const struct fm_ingredient *ing = fm_by_id(r->app->ref.fm, m->ingredient[i]);
		if (ing != NULL)
			json_array_append_new(ings, view_ingredient_json(ing));
	}
	json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:s, s:s, s:s}", "id", (json_int_t)m->id,
	    "patient_id", (json_int_t)m->patient_id, "name", m->name, "ingredients", ings,
	    "status", m->status, "created_at", m->created_at, "updated_at", m->updated_at);
	json_object_set_new(o, "started", m->started[0] ? json_string(m->started) : json_null());
	json_object_set_new(o, "stopped", m->stopped[0] ? json_string(m->stopped) : json_null());
	return o;
}

static int
patient_visible(struct req *r, int64_t id)
{
	struct store_patient p;
	int rc = store_patient_get(r->db, id, &p);
	if (rc == STORE_OK && !http_may_see_patient(r, id))
		rc = STORE_NOTFOUND;
	return rc;
}

enum MHD_Result
api_medication_create(struct req *r)
{
	const struct fm_ingredient *ings[FM_MAX_INGREDIENTS];
	struct safety_raised raised = { 0 };
	struct store_med m;
	json_t *errors, *v, *flags = NULL;
	char loc[80];
	int32_t day;
	int rc, status;

	status = val_shape(r->json, fields_medication, fields_medication_n, &errors);
	if (status != 0)
		return http_problem(r, (unsigned)status, "invalid medication", errors);
	memset(&m, 0, sizeof m);
	m.patient_id = r->id[0];
	v = json_object_get(r->json, "name");
	if (!val_text(v, STORE_NAME_MAX, false) || !util_copy(m.name, sizeof m.name, json_string_value(v)))
		return http_invalid(r, "name", "name must be 1 to 400 bytes of text");
	if ((v = json_object_get(r->json, "started")) != NULL && !json_is_null(v)) {
		if (!dt_parse_date(json_string_value(v), &day))
			return http_invalid(r, "started", "started must be a valid date YYYY-MM-DD");
		dt_format_date(day, m.started);
	}
	bool partial, over;
	m.ningredients = fm_resolve_checked(r->app->ref.fm, m.name, ings, FM_MAX_INGREDIENTS, &partial, &over);
	if (over) {
		char msg[192];
		snprintf(msg, sizeof msg, "name lists more than %d ingredients (or a part of more than %d "
		    "words): titrad could not check all of it; enter a combination this large as separate "
		    "medications", FM_MAX_INGREDIENTS, FM_MAX_WORDS);
		return http_invalid(r, "name", msg);
	}
	for (size_t i = 0; i < m.ningredients; i++)
		m.ingredient[i] = ings[i]->id;
	util_copy(m.created_at, sizeof m.created_at, r->now_stamp);

	if ((rc = http_begin_write(r)) != STORE_OK)
		goto fail;
	rc = patient_visible(r, m.patient_id);
	if (rc == STORE_NOTFOUND) {
		store_rollback(r->db);
		return http_problem(r, 404, "no such patient", NULL);
	}
	if (rc == STORE_OK)
		rc = store_med_insert(r->db, &m, r->actor);
	if (rc == STORE_OK)
		rc = http_audit(r, "medication.create", "medication", m.id, m.name);
	if (rc == STORE_OK)
		rc = safety_recheck(view_svc(r), m.patient_id, &raised);
	if (rc == STORE_OK)
		rc = view_flags_by_id(r, &raised, &flags);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		goto fail;
	safety_raised_free(&raised);
	snprintf(loc, sizeof loc, "/v1/patients/%lld/medications/%lld", (long long)m.patient_id,
	    (long long)m.id);
	json_t *out = med_json(r, &m);
	json_object_set_new(out, "flags", flags);
	const char *h[] = { "Location", loc, NULL };
	return http_json(r, 201, out, h);
fail:
	json_decref(flags);
	safety_raised_free(&raised);
	return http_db_failure(r, rc);
}

enum MHD_Result
api_medication_list(struct req *r)
{
	enum MHD_Result res;
	const char *st = http_query(r, "status");
	struct store_med *rows;
	size_t n = 0;
	int limit, rc;
	int64_t after;
	bool all = false;

	if (!http_page(r, &limit, &after, &res))
		return res;
	if (st != NULL && strcmp(st, "all") != 0 && strcmp(st, "active") != 0)
		return http_invalid(r, "status", "status must be active or all");
	all = st != NULL && strcmp(st, "all") == 0;
	rc = patient_visible(r, r->id[0]);
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such patient", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if ((rows = calloc((size_t)limit + 1, sizeof *rows)) == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	rc = store_med_list(r->db, r->id[0], !all, after, limit + 1, rows, &n);
	if (rc != STORE_OK) {
		free(rows);
		return http_db_failure(r, rc);
	}
	bool more = http_page_more(&n, limit);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, med_json(r, &rows[i]));
	json_t *next = more ? json_sprintf("%lld", (long long)rows[n - 1].id) : json_null();
	free(rows);
	return http_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next), NULL);
}

enum MHD_Result
api_medication_get(struct req *r)
{
	struct store_med m;
	json_t *flags;
	int rc = store_med_get(r->db, r->id[1], &m);
	if (rc == STORE_OK && (m.patient_id != r->id[0] || !http_may_see_patient(r, m.patient_id)))
		rc = STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such medication", NULL);
	struct store_flag_filter flt = { .patient_id = m.patient_id, .regimen_id = -1,
		.medication_id = m.id, .live_only = true };
	if (rc != STORE_OK || (rc = view_flags_live(r, &flt, &flags)) != STORE_OK)
		return http_db_failure(r, rc);
	json_t *out = med_json(r, &m);
	json_object_set_new(out, "flags", flags);
	return http_json(r, 200, out, NULL);
}

enum MHD_Result
api_medication_stop(struct req *r)
{
	struct store_med m;
	struct ia_med im = { .ning = 0 };
	struct ia_findings found = { 0 };
	char today[DT_DATE_LEN];
	int rc;

	dt_format_date(r->today, today);
	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	rc = store_med_get(r->db, r->id[1], &m);
	if (rc == STORE_OK && (m.patient_id != r->id[0] || !http_may_see_patient(r, m.patient_id)))
		rc = STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND) {
		store_rollback(r->db);
		return http_problem(r, 404, "no such medication", NULL);
	}
	if (rc == STORE_OK)
		rc = store_med_stop(r->db, m.id, today, r->now_stamp);
	if (rc == STORE_CONFLICT) {
		store_rollback(r->db);
		return http_problem(r, 409, "the medication is already stopped", NULL);
	}
	/* Stopping some drugs provokes RLS: raise that with the stop itself. */
	im.id = m.id;
	for (size_t k = 0; k < m.ningredients; k++) {
		const struct fm_ingredient *ing = fm_by_id(r->app->ref.fm, m.ingredient[k]);
		if (ing != NULL)
			im.ing[im.ning++] = ing;
	}
	if (rc == STORE_OK && !ia_on_medication_stop_all(r->app->ref.kb, r->app->ref.fm, &im, &found))
		rc = STORE_ERROR;
	if (rc == STORE_OK)
		rc = http_audit(r, "medication.stop", "medication", m.id, m.name);
	if (rc == STORE_OK)
		rc = safety_raise(view_svc(r), m.patient_id, found.v, found.n, NULL);
	if (rc == STORE_OK)
		rc = safety_recheck(view_svc(r), m.patient_id, NULL);
	ia_findings_free(&found);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);
	return http_empty(r, 204, NULL);
}
