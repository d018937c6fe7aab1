/*
 * api_checkins.c - what the patient reports about a night:
 * POST/GET /v1/regimens/:id/checkins.  The handler checks every field and
 * who may see the regimen; the service (service/checkin.h) stores the
 * check-in, holds a guided regimen and raises the flags.
 */
#include "http/api.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "engine/symptoms.h"
#include "engine/validate.h"
#include "service/checkin.h"

static json_t *
names_json(const char *const *names, size_t n, int64_t bits)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (bits & ((int64_t)1 << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *
checkin_json(const struct store_checkin *c)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:s}",
	    "id", (json_int_t)c->id, "regimen_id", (json_int_t)c->regimen_id, "night", c->night,
	    "severity", (json_int_t)c->severity,
	    "onset", c->onset[0] ? json_string(c->onset) : json_null(),
	    "body_parts", names_json(ck_body_part_names, ck_nbody_parts, c->body_parts),
	    "side_effects", names_json(ck_side_effect_names, ck_nside_effects, c->side_effects),
	    "irls", c->irls >= 0 ? json_integer((json_int_t)c->irls) : json_null(),
	    "note", c->note[0] ? json_string(c->note) : json_null(),
	    "created_at", c->created_at);
}

/* A subset of names as bits; false (message set) on a non-string, unknown or repeated member. */
static bool
names_field(json_t *body, const char *field, const char *const *names, size_t n, int64_t *bits,
    char *msg, size_t msglen)
{
	json_t *a = json_object_get(body, field), *v;
	size_t i;
	*bits = 0;
	json_array_foreach(a, i, v) {
		int b = ck_bit(names, n, json_string_value(v));
		if (b < 0 || (*bits & ((int64_t)1 << b))) {
			size_t off = (size_t)snprintf(msg, msglen, "%s may list only these, each at most once:", field);
			for (size_t k = 0; k < n && off < msglen; k++)
				off += (size_t)snprintf(msg + off, msglen - off, "%s %s", k ? "," : "", names[k]);
			return false;
		}
		*bits |= (int64_t)1 << b;
	}
	return true;
}

enum MHD_Result
api_checkin_create(struct req *r)
{
	struct store_checkin ck;
	struct svc_regimen *ar = NULL;
	struct safety_raised raised = { 0 };
	json_t *errors, *v, *flags = NULL, *regimen = NULL;
	char msg[256];
	int32_t day;
	int64_t n;
	int m, rc, st;

	st = val_shape(r->json, fields_checkin, fields_checkin_n, &errors);
	if (st != 0)
		return http_problem(r, (unsigned)st, "invalid check-in", errors);
	memset(&ck, 0, sizeof ck);
	ck.irls = -1;
	if (!dt_parse_date(json_string_value(json_object_get(r->json, "night")), &day))
		return http_invalid(r, "night", "night must be a valid night date YYYY-MM-DD");
	dt_format_date(day, ck.night);
	if (!val_integer(json_object_get(r->json, "severity"), 0, CK_SEVERITY_MAX, &ck.severity))
		return http_invalid(r, "severity", "severity must be an integer from 0 to 10");
	if ((v = json_object_get(r->json, "onset")) != NULL && !json_is_null(v)) {
		if (!dt_parse_time(json_string_value(v), &m))
			return http_invalid(r, "onset", "onset must be a time HH:MM (00:00-23:59), or null");
		dt_format_time(m, ck.onset);
	}
	if (!names_field(r->json, "body_parts", ck_body_part_names, ck_nbody_parts, &ck.body_parts, msg, sizeof msg))
		return http_invalid(r, "body_parts", msg);
	if (!names_field(r->json, "side_effects", ck_side_effect_names, ck_nside_effects, &ck.side_effects,
	    msg, sizeof msg))
		return http_invalid(r, "side_effects", msg);
	if ((v = json_object_get(r->json, "irls")) != NULL && !json_is_null(v)) {
		if (!val_integer(v, 0, CK_IRLS_MAX, &n))
			return http_invalid(r, "irls", "irls must be an IRLS total score, an integer from 0 to 40");
		ck.irls = n;
	}
	if ((v = json_object_get(r->json, "note")) != NULL && !json_is_null(v) && json_string_length(v) > 0) {
		if (!val_text(v, CK_NOTE_MAX, true))
			return http_invalid(r, "note", "note must be at most 1000 bytes of text");
		util_copy(ck.note, sizeof ck.note, json_string_value(v));
	}

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	/* Visibility first: another patient's regimen is 404. */
	rc = view_regimen_load(r, r->id[0], &ar);
	svc_regimen_free(ar);
	ar = NULL;
	if (rc == STORE_OK)
		rc = svc_checkin_create(view_svc(r), r->id[0], &ck, &raised, msg, sizeof msg);
	if (rc == STORE_OK)
		rc = view_regimen_load(r, r->id[0], &ar);
	if (rc == STORE_OK)
		rc = view_flags_by_id(r, &raised, &flags);
	if (rc == STORE_OK)
		rc = view_regimen_json_flags(r, ar, &regimen);
	svc_regimen_free(ar);
	safety_raised_free(&raised);
	if (rc != STORE_OK) {
		json_decref(flags);
		store_rollback(r->db);
	}
	switch (rc) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		return http_problem(r, 404, "no such regimen", NULL);
	case SVC_INVALID:
		return http_invalid(r, "night", msg);
	case STORE_CONFLICT:
		return http_problem(r, 409, "this regimen already has a check-in for that night", NULL);
	default:
		return http_db_failure(r, rc);
	}
	if ((rc = http_commit(r)) != STORE_OK) {
		json_decref(flags);
		json_decref(regimen);
		return http_db_failure(r, rc);
	}
	json_t *body = checkin_json(&ck);
	json_object_set_new(body, "flags", flags);
	json_object_set_new(body, "regimen", regimen);
	return http_json(r, 201, body, NULL);
}

enum MHD_Result
api_checkin_list(struct req *r)
{
	struct svc_regimen *ar = NULL;
	struct store_checkin *all = NULL;
	const char *qf = http_query(r, "from"), *qt = http_query(r, "to");
	int32_t from = INT32_MIN, to = INT32_MAX, day;
	size_t n = 0;
	int rc;

	if (qf != NULL && !dt_parse_date(qf, &from))
		return http_invalid(r, "from", "from must be a valid date YYYY-MM-DD");
	if (qt != NULL && !dt_parse_date(qt, &to))
		return http_invalid(r, "to", "to must be a valid date YYYY-MM-DD");
	rc = view_regimen_load(r, r->id[0], &ar);
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc == STORE_OK)
		rc = store_checkin_all(r->db, ar->row.id, &all, &n);
	if (rc == STORE_OK)
		rc = http_audit_read(r, "checkin.list", "regimen", ar->row.id);
	svc_regimen_free(ar);
	if (rc != STORE_OK) {
		free(all);
		return http_db_failure(r, rc);
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		if (dt_parse_date(all[i].night, &day) && day >= from && day <= to)
			json_array_append_new(items, checkin_json(&all[i]));
	free(all);
	return http_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"), NULL);
}
