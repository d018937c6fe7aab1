/* api_patients.c - /v1/patients: create, read, look up, patch, export. */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/renal.h"
#include "service/safety.h"
#include "base/util.h"
#include "engine/validate.h"

/* A fixed-point clinical field: JSON name, decimals, range (scaled), column. */
static const struct fixed_field {
	const char *name;
	int decimals;
	int64_t min, max;
	size_t off;
	const char *message;
} fixed_fields[] = {
	{ "crcl_ml_min", 1, 0, 2500, offsetof(struct store_patient, crcl_given_dml),
	  "crcl_ml_min must be from 0 to 250 with at most one decimal" },
	{ "age", 0, 0, 130, offsetof(struct store_patient, age),
	  "age must be a whole number of years from 0 to 130" },
	{ "weight_kg", 1, 1, 5000, offsetof(struct store_patient, weight_dkg),
	  "weight_kg must be above 0 and at most 500, with at most one decimal" },
	{ "scr_mg_dl", 2, 1, 3000, offsetof(struct store_patient, scr_cmgdl),
	  "scr_mg_dl must be above 0 and at most 30, with at most two decimals" },
	{ "ferritin_ng_ml", 1, 0, 1000000, offsetof(struct store_patient, ferritin_dng),
	  "ferritin_ng_ml must be from 0 to 100000 with at most one decimal" },
	{ "tsat_pct", 1, 0, 1000, offsetof(struct store_patient, tsat_dpct),
	  "tsat_pct must be from 0 to 100 with at most one decimal" },
};

int64_t
api_patient_crcl(const struct store_patient *p)
{
	if (p->crcl_given_dml >= 0)
		return p->crcl_given_dml;
	if (p->sex[0] == '\0')
		return -1;
	return renal_cockcroft_gault(p->age, p->weight_dkg, p->scr_cmgdl, strcmp(p->sex, "female") == 0);
}

json_t *
api_patient_json(const struct store_patient *p)
{
	int64_t crcl = api_patient_crcl(p);
	json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:I, s:s, s:s}",
	    "id", (json_int_t)p->id, "external_id", p->external_id, "display_name", p->display_name,
	    "dialysis", p->dialysis, "version", (json_int_t)p->version,
	    "created_at", p->created_at, "updated_at", p->updated_at);
	for (size_t i = 0; i < ARRAY_LEN(fixed_fields); i++) {
		int64_t v = *(const int64_t *)((const char *)p + fixed_fields[i].off);
		json_object_set_new(o, fixed_fields[i].name,
		    v >= 0 ? val_fixed_json(v, fixed_fields[i].decimals) : json_null());
	}
	/* crcl_ml_min shows the value in force; crcl_source says where it came from. */
	json_object_set_new(o, "crcl_ml_min", crcl >= 0 ? val_fixed_json(crcl, 1) : json_null());
	json_object_set_new(o, "crcl_source", p->crcl_given_dml >= 0 ? json_string("given") :
	    crcl >= 0 ? json_string("cockcroft-gault") : json_null());
	json_object_set_new(o, "sex", p->sex[0] ? json_string(p->sex) : json_null());
	return o;
}

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
	for (size_t i = 0; i < ARRAY_LEN(fixed_fields); i++) {
		const struct fixed_field *f = &fixed_fields[i];
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
	if (rc == STORE_OK && (api_patient_crcl(&p) >= 0 || p.dialysis))
		rc = store_renal_insert(r->db, p.id, "1900-01-01", api_patient_crcl(&p), p.dialysis,
		    r->now_stamp);
	if (rc == STORE_OK)
		rc = http_audit(r, "patient.create", "patient", p.id, p.external_id);
	if (rc == STORE_OK)
		rc = safety_recheck(r, p.id, NULL);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);

	snprintf(loc, sizeof loc, "/v1/patients/%lld", (long long)p.id);
	etag_of(&p, etag);
	const char *h[] = { "Location", loc, "ETag", etag, NULL };
	return http_json(r, 201, api_patient_json(&p), h);
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
	return http_json(r, 200, api_patient_json(&p), h);
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
	rows = calloc((size_t)limit, sizeof *rows);
	if (rows == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	if (ext != NULL) {
		rc = store_patient_by_extid(r->db, ext, &rows[0]);
		n = rc == STORE_OK && rows[0].id > after ? 1 : 0;
		if (rc == STORE_NOTFOUND)
			rc = STORE_OK;
	} else {
		rc = store_patient_list(r->db, after, limit, rows, &n);
	}
	if (rc == STORE_OK && n == 1 && ext != NULL)
		rc = http_audit_read(r, "patient.lookup", "patient", rows[0].id);
	if (rc != STORE_OK) {
		free(rows);
		return http_db_failure(r, rc);
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, api_patient_json(&rows[i]));
	json_t *next = ext == NULL && n == (size_t)limit
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
	if (im != NULL && strcmp(im, "*") != 0 && strcmp(im, etag) != 0) {
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
	if (rc == STORE_OK && (api_patient_crcl(&p) != api_patient_crcl(&before) ||
	    p.dialysis != before.dialysis)) {
		char today[DT_DATE_LEN];
		dt_format_date(r->today, today);
		rc = store_renal_insert(r->db, p.id, today, api_patient_crcl(&p), p.dialysis, r->now_stamp);
	}
	if (rc == STORE_OK)
		rc = http_audit(r, "patient.update", "patient", p.id, "");
	if (rc == STORE_OK)
		rc = safety_recheck(r, p.id, NULL);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);
	etag_of(&p, etag);
	const char *h[] = { "ETag", etag, NULL };
	return http_json(r, 200, api_patient_json(&p), h);
}

/* Every medication ever recorded and every flag, for the export. */
static int
export_meds_flags(struct req *r, int64_t patient_id, json_t **meds, json_t **flags)
{
	struct store_med *m = calloc(HTTP_LIMIT_MAX, sizeof *m);
	struct store_flag *f = calloc(HTTP_LIMIT_MAX, sizeof *f);
	struct store_flag_filter flt = { .patient_id = patient_id, .regimen_id = -1, .medication_id = -1 };
	int64_t after = 0;
	size_t n = 0;
	int rc = STORE_ERROR;

	*meds = json_array();
	*flags = json_array();
	if (m == NULL || f == NULL)
		goto cleanup;
	do {
		if ((rc = store_med_list(r->db, patient_id, false, after, HTTP_LIMIT_MAX, m, &n)) != STORE_OK)
			goto cleanup;
		for (size_t i = 0; i < n; i++) {
			json_t *ings = json_array();
			for (size_t k = 0; k < m[i].ningredients; k++) {
				const struct fm_ingredient *ing = fm_by_id(r->app->fm, m[i].ingredient[k]);
				if (ing != NULL)
					json_array_append_new(ings, json_pack("{s:s, s:s}", "name", ing->name, "atc", ing->atc));
			}
			json_array_append_new(*meds, json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:s}",
			    "id", (json_int_t)m[i].id, "name", m[i].name, "ingredients", ings, "status", m[i].status,
			    "started", m[i].started[0] ? json_string(m[i].started) : json_null(),
			    "stopped", m[i].stopped[0] ? json_string(m[i].stopped) : json_null(),
			    "created_at", m[i].created_at));
			after = m[i].id;
		}
	} while (n == HTTP_LIMIT_MAX);
	after = 0;
	do {
		if ((rc = store_flag_list(r->db, &flt, after, HTTP_LIMIT_MAX, f, &n)) != STORE_OK)
			goto cleanup;
		for (size_t i = 0; i < n; i++) {
			json_array_append_new(*flags, safety_flag_json(&f[i]));
			after = f[i].id;
		}
	} while (n == HTTP_LIMIT_MAX);
cleanup:
	free(m);
	free(f);
	return rc;
}

enum MHD_Result
api_patient_export(struct req *r)
{
	struct store_patient p;
	struct store_regimen *regs = NULL;
	size_t n = 0;
	int64_t after = 0;
	json_t *out = NULL, *regimens = json_array(), *renal = json_array(), *meds = NULL, *flags = NULL;
	int rc = load_visible(r, r->id[0], &p);

	if (rc == STORE_NOTFOUND) {
		json_decref(regimens);
		json_decref(renal);
		return http_problem(r, 404, "no such patient", NULL);
	}
	if (rc != STORE_OK)
		goto fail;
	regs = calloc(HTTP_LIMIT_MAX, sizeof *regs);
	if (regs == NULL)
		goto fail;
	do {
		rc = store_regimen_list(r->db, p.id, after, HTTP_LIMIT_MAX, regs, &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			struct api_regimen *ar;
			rc = api_regimen_load(r, regs[i].id, &ar);
			if (rc == STORE_OK) {
				json_array_append_new(regimens, api_regimen_json(ar, r->today));
				free(ar);
			}
			after = regs[i].id;
		}
	} while (rc == STORE_OK && n == HTTP_LIMIT_MAX);
	if (rc != STORE_OK)
		goto fail;
	{
		struct api_regimen *tmp = calloc(1, sizeof *tmp);
		if (tmp == NULL)
			goto fail;
		rc = store_renal_list(r->db, p.id, tmp->renal, STORE_RENAL_MAX, &tmp->nrenal);
		for (size_t i = 0; rc == STORE_OK && i < tmp->nrenal; i++)
			json_array_append_new(renal, json_pack("{s:s, s:o, s:b}",
			    "effective_date", tmp->renal[i].effective_date,
			    "crcl_ml_min", tmp->renal[i].crcl_dml >= 0 ? val_fixed_json(tmp->renal[i].crcl_dml, 1) : json_null(),
			    "dialysis", tmp->renal[i].dialysis));
		free(tmp);
		if (rc != STORE_OK)
			goto fail;
	}
	if ((rc = export_meds_flags(r, p.id, &meds, &flags)) != STORE_OK)
		goto fail;
	if ((rc = http_audit_read(r, "patient.export", "patient", p.id)) != STORE_OK)
		goto fail;
	free(regs);
	out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:s}", "patient", api_patient_json(&p),
	    "renal_history", renal, "regimens", regimens, "medications", meds, "flags", flags,
	    "exported_at", r->now_stamp);
	return http_json(r, 200, out, NULL);
fail:
	free(regs);
	json_decref(regimens);
	json_decref(renal);
	json_decref(meds);
	json_decref(flags);
	return http_db_failure(r, rc == STORE_OK ? STORE_ERROR : rc);
}
