/* SPDX-License-Identifier: Apache-2.0 */
/* api_patients.c - /v1/patients: create, read, look up, patch, export. */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/etag.h"
#include "engine/renal.h"
#include "service/safety.h"
#include "base/util.h"
#include "engine/validate.h"


static void
etag_of(const struct store_patient *p, char out[48])
{
	snprintf(out, 48, "\"p%lld-v%lld\"", (long long)p->id, (long long)p->version);
}

/*
 * Copy the body's fields into p.  Returns NULL if all are valid, else the
 * offending field with *msg set.
 */
static const char *
apply_fields(json_t *body, struct store_patient *p, const char **msg)
{
	json_t *v;

	if ((v = json_object_get(body, "external_id")) != NULL) {
		if (!val_text(v, STORE_EXTID_MAX, false) ||
		    !util_copy(p->external_id, sizeof p->external_id, json_string_value(v))) {
			*msg = "external_id must be 1 to 64 characters of text";
			return "external_id";
		}
	}
	if ((v = json_object_get(body, "display_name")) != NULL) {
		if (!val_text(v, STORE_NAME_MAX, false) ||
		    !util_copy(p->display_name, sizeof p->display_name, json_string_value(v))) {
			*msg = "display_name must be 1 to 400 bytes of text";
			return "display_name";
		}
	}
	for (size_t i = 0; i < view_nfixed_fields; i++) {
		const struct view_fixed_field *f = &view_fixed_fields[i];
		int64_t *dst = (int64_t *)((char *)p + f->off);
		if ((v = json_object_get(body, f->name)) == NULL)
			continue;
		if (json_is_null(v)) {
			*dst = -1;
			continue;
		}
		if (!val_fixed(v, f->decimals, f->min, f->max, dst)) {
			*msg = f->message;
			return f->name;
		}
	}
	if ((v = json_object_get(body, "sex")) != NULL) {
		const char *s = json_string_value(v);
		if (json_is_null(v))
			p->sex[0] = '\0';
		else if (s != NULL && (strcmp(s, "female") == 0 || strcmp(s, "male") == 0))
			util_copy(p->sex, sizeof p->sex, s);
		else {
			*msg = "sex must be \"female\" or \"male\"";
			return "sex";
		}
	}
	if ((v = json_object_get(body, "dialysis")) != NULL)
		p->dialysis = json_is_true(v);
	return NULL;
}

/* Load the patient of path id 0, honouring patient-token visibility. */
static int
load_visible(struct req *r, int64_t id, struct store_patient *p)
{
	int rc = store_patient_get(r->db, id, p);
	if (rc == STORE_OK && !http_may_see_patient(r, id))
		rc = STORE_NOTFOUND;
	return rc;
}

enum MHD_Result
api_patient_create(struct req *r)
{
	struct store_patient p;
	json_t *errors;
	const char *field, *msg;
	char loc[64], etag[48];
	int rc, status;

	status = val_shape(r->json, fields_patient, fields_patient_n, &errors);
	if (status != 0)
		return http_problem(r, (unsigned)status, "invalid patient", errors);
	memset(&p, 0, sizeof p);
	p.crcl_given_dml = p.age = p.weight_dkg = p.scr_cmgdl = p.ferritin_dng = p.tsat_dpct = -1;
	if ((field = apply_fields(r->json, &p, &msg)) != NULL)
		return http_invalid(r, field, msg);
	util_copy(p.created_at, sizeof p.created_at, r->now_stamp);

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	rc = store_patient_insert(r->db, &p);
	if (rc == STORE_CONFLICT) {
		store_rollback(r->db);
		return http_problem(r, 409, "a patient with this external_id exists", NULL);
	}
	/* Renal values known at creation hold for every night of every regimen. */
	if (rc == STORE_OK && (svc_patient_crcl(&p) >= 0 || p.dialysis))
		rc = store_renal_insert(r->db, p.id, "1900-01-01", svc_patient_crcl(&p), p.dialysis,
		    r->now_stamp);
	if (rc == STORE_OK)
		rc = http_audit(r, "patient.create", "patient", p.id, p.external_id);
	if (rc == STORE_OK)
		rc = safety_recheck(view_svc(r), p.id, NULL);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);

	snprintf(loc, sizeof loc, "/v1/patients/%lld", (long long)p.id);
	etag_of(&p, etag);
	const char *h[] = { "Location", loc, "ETag", etag, NULL };
	return http_json(r, 201, view_patient_json(&p), h);
}

enum MHD_Result
api_patient_get(struct req *r)
{
	struct store_patient p;
	char etag[48];
	int rc = load_visible(r, r->id[0], &p);
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such patient", NULL);
	if (rc != STORE_OK || (rc = http_audit_read(r, "patient.read", "patient", p.id)) != STORE_OK)
		return http_db_failure(r, rc);
	etag_of(&p, etag);
	const char *h[] = { "ETag", etag, NULL };
	return http_json(r, 200, view_patient_json(&p), h);
}

enum MHD_Result
api_patient_list(struct req *r)
{
	enum MHD_Result res;
	const char *ext = http_query(r, "external_id");
	struct store_patient *rows = NULL;
	size_t n = 0;
	int limit, rc;
	int64_t after;

	if (!http_page(r, &limit, &after, &res))
		return res;
	rows = calloc((size_t)limit + 1, sizeof *rows);
	if (rows == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	if (ext != NULL) {
		rc = store_patient_by_extid(r->db, ext, &rows[0]);
		n = rc == STORE_OK && rows[0].id > after ? 1 : 0;
		if (rc == STORE_NOTFOUND)
			rc = STORE_OK;
	} else {
		rc = store_patient_list(r->db, after, limit + 1, rows, &n);
	}
	if (rc == STORE_OK && n == 1 && ext != NULL)
		rc = http_audit_read(r, "patient.lookup", "patient", rows[0].id);
	if (rc != STORE_OK) {
		free(rows);
		return http_db_failure(r, rc);
	}
	bool more = http_page_more(&n, limit);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, view_patient_json(&rows[i]));
	json_t *next = ext == NULL && more
	    ? json_sprintf("%lld", (long long)rows[n - 1].id) : json_null();
	free(rows);
	return http_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next), NULL);
}

enum MHD_Result
api_patient_patch(struct req *r)
{
	struct store_patient p, before;
	json_t *errors;
	const char *field, *msg, *im = http_header(r, "If-Match");
	char etag[48];
	int rc, status;

	/* The same fields as create, none required. */
	status = val_shape(r->json, fields_patient_patch, fields_patient_patch_n, &errors);
	if (status != 0)
		return http_problem(r, (unsigned)status, "invalid patient", errors);
	if (json_object_size(r->json) == 0)
		return http_problem(r, 422, "nothing to change", NULL);

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	rc = store_patient_get(r->db, r->id[0], &p);
	if (rc == STORE_NOTFOUND) {
		store_rollback(r->db);
		return http_problem(r, 404, "no such patient", NULL);
	}
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	etag_of(&p, etag);
	enum etag_match m = im != NULL ? etag_list_match(im, etag, false) : ETAG_MATCH;
	if (m == ETAG_BAD) {
		store_rollback(r->db);
		return http_problem(r, 400, "If-Match must be * or a list of entity tags", NULL);
	}
	if (m == ETAG_NO_MATCH) {
		store_rollback(r->db);
		return http_problem(r, 412, "the patient changed since it was read (If-Match)", NULL);
	}
	before = p;
	if ((field = apply_fields(r->json, &p, &msg)) != NULL) {
		store_rollback(r->db);
		return http_invalid(r, field, msg);
	}
	util_copy(p.updated_at, sizeof p.updated_at, r->now_stamp);
	rc = store_patient_update(r->db, &p);
	if (rc == STORE_CONFLICT) {
		store_rollback(r->db);
		return http_problem(r, 409, "a patient with this external_id exists", NULL);
	}
	/* A change of renal function is dated today: it never rewrites a past night. */
	if (rc == STORE_OK && (svc_patient_crcl(&p) != svc_patient_crcl(&before) ||
	    p.dialysis != before.dialysis)) {
		char today[DT_DATE_LEN];
		dt_format_date(r->today, today);
		rc = store_renal_insert(r->db, p.id, today, svc_patient_crcl(&p), p.dialysis, r->now_stamp);
	}
	if (rc == STORE_OK)
		rc = http_audit(r, "patient.update", "patient", p.id, "");
	if (rc == STORE_OK)
		rc = safety_recheck(view_svc(r), p.id, NULL);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);
	etag_of(&p, etag);
	const char *h[] = { "ETag", etag, NULL };
	return http_json(r, 200, view_patient_json(&p), h);
}

/* A medication with its ingredients, as the export lists it. */
static json_t *
export_med_json(const struct svc_ref *ref, const struct store_med *m)
{
	json_t *ings = json_array();
	for (size_t k = 0; k < m->ningredients; k++) {
		const struct fm_ingredient *ing = fm_by_id(ref->fm, m->ingredient[k]);
		if (ing != NULL)
			json_array_append_new(ings, view_ingredient_json(ing));
	}
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:s}",
	    "id", (json_int_t)m->id, "name", m->name, "ingredients", ings, "status", m->status,
	    "started", m->started[0] ? json_string(m->started) : json_null(),
	    "stopped", m->stopped[0] ? json_string(m->stopped) : json_null(),
	    "created_at", m->created_at);
}

/* Everything titrad holds on the patient, from one load (patient.h: no caps). */
enum MHD_Result
api_patient_export(struct req *r)
{
	const struct svc_ctx *c = view_svc(r);
	struct svc_patient ps;
	struct store_flag_filter flt = { .patient_id = r->id[0], .regimen_id = -1, .medication_id = -1 };
	json_t *out, *regimens, *renal, *meds, *flags = NULL, *checkins = json_array();
	int rc = svc_patient_load(c, r->id[0], SVC_ALL, &ps);

	if (rc == STORE_OK && !http_may_see_patient(r, ps.patient.id))
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK)
		rc = view_flags_live(r, &flt, &flags);
	/* What the patient reported, every night of every regimen. */
	for (size_t i = 0; rc == STORE_OK && i < ps.nregs; i++) {
		struct store_checkin *ck = NULL;
		size_t nck = 0;
		rc = store_checkin_all(r->db, ps.regs[i]->row.id, &ck, &nck);
		for (size_t k = 0; rc == STORE_OK && k < nck; k++)
			json_array_append_new(checkins, view_checkin_json(&ck[k]));
		free(ck);
	}
	if (rc == STORE_OK)
		rc = http_audit_read(r, "patient.export", "patient", ps.patient.id);
	if (rc != STORE_OK) {
		svc_patient_free(&ps);
		json_decref(flags);
		json_decref(checkins);
		if (rc == STORE_NOTFOUND)
			return http_problem(r, 404, "no such patient", NULL);
		return http_db_failure(r, rc);
	}
	regimens = json_array();
	for (size_t i = 0; i < ps.nregs; i++)
		json_array_append_new(regimens, view_regimen_json(ps.regs[i], r->today));
	renal = json_array();
	for (size_t i = 0; i < ps.nrenal; i++)
		json_array_append_new(renal, json_pack("{s:s, s:o, s:b}",
		    "effective_date", ps.renal[i].effective_date,
		    "crcl_ml_min", ps.renal[i].crcl_dml >= 0 ? val_fixed_json(ps.renal[i].crcl_dml, 1) : json_null(),
		    "dialysis", ps.renal[i].dialysis));
	meds = json_array();
	for (size_t i = 0; i < ps.nmeds; i++)
		json_array_append_new(meds, export_med_json(c->ref, &ps.meds[i]));
	out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "patient", view_patient_json(&ps.patient),
	    "renal_history", renal, "regimens", regimens, "medications", meds, "flags", flags,
	    "checkins", checkins, "exported_at", r->now_stamp);
	svc_patient_free(&ps);
	return http_json(r, 200, out, NULL);
}
