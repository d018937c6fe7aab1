/* SPDX-License-Identifier: Apache-2.0 */
/* api_flags.c - the pharmacist's flag queue: list, read, review. */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "service/review.h"
#include "service/safety.h"
#include "base/util.h"
#include "engine/validate.h"
#include "engine/jsonw.h"

static bool
one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static const char *const statuses[] = { "open", "acknowledged", "overridden", "resolved", NULL };
static const char *const severities[] = { "info", "warning", "critical", NULL };

enum MHD_Result
api_flag_list(struct req *r)
{
	enum MHD_Result res;
	struct store_flag_filter flt = { .patient_id = -1, .regimen_id = -1, .medication_id = -1 };
	const char *q;
	struct store_flag *rows;
	size_t n = 0;
	int limit, rc;
	int64_t after;

	if (!http_page(r, &limit, &after, &res))
		return res;
	if ((q = http_query(r, "status")) != NULL && !one_of(q, statuses))
		return http_invalid(r, "status", "status must be open, acknowledged, overridden or resolved");
	flt.status = q;
	if ((q = http_query(r, "severity")) != NULL && !one_of(q, severities))
		return http_invalid(r, "severity", "severity must be info, warning or critical");
	flt.severity = q;
	if ((q = http_query(r, "patient_id")) != NULL && !util_parse_id(q, &flt.patient_id))
		return http_invalid(r, "patient_id", "patient_id must be a positive integer");
	if ((q = http_query(r, "regimen_id")) != NULL && !util_parse_id(q, &flt.regimen_id))
		return http_invalid(r, "regimen_id", "regimen_id must be a positive integer");
	if ((q = http_query(r, "medication_id")) != NULL && !util_parse_id(q, &flt.medication_id))
		return http_invalid(r, "medication_id", "medication_id must be a positive integer");
	/* Not zeroed: the store fills every field of each row it returns (a page of 3.5 KB rows). */
	if ((rows = malloc(((size_t)limit + 1) * sizeof *rows)) == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	rc = store_flag_list(r->db, &flt, after, limit + 1, rows, &n);
	if (rc != STORE_OK) {
		free(rows);
		return http_db_failure(r, rc);
	}
	bool more = http_page_more(&n, limit);
	/* Written straight into the body, no tree per flag: {"items":[...],"next":"id"|null}. */
	struct html_buf b = { 0 };
	size_t len;
	JSONW_LIT(&b, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			JSONW_LIT(&b, ",");
		view_flag_jsonw(&b, &rows[i]);
	}
	JSONW_LIT(&b, "],\"next\":");
	if (more) {
		JSONW_LIT(&b, "\"");
		jsonw_int(&b, rows[n - 1].id);
		JSONW_LIT(&b, "\"");
	} else {
		JSONW_LIT(&b, "null");
	}
	JSONW_LIT(&b, "}");
	free(rows);
	char *body = html_finish(&b, &len);
	if (body == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	return http_body(r, 200, "application/json", body, len, NULL);
}

enum MHD_Result
api_flag_get(struct req *r)
{
	struct store_flag fl;
	int rc = store_flag_get(r->db, r->id[0], &fl);
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such flag", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	return http_json(r, 200, view_flag_json(&fl), NULL);
}

enum MHD_Result
api_flag_review(struct req *r)
{
	struct store_flag fl;
	json_t *errors, *v;
	const char *note = "", *field = NULL, *msg = NULL;
	int rc, status;

	status = val_shape(r->json, fields_flag_review, fields_flag_review_n, &errors);
	if (status != 0)
		return http_problem(r, (unsigned)status, "invalid review", errors);
	/* A NUL inside the JSON string would hide the rest of the note. */
	if ((v = json_object_get(r->json, "note")) != NULL) {
		if (json_string_length(v) > 0 && !val_text(v, STORE_REASON_MAX, true))
			return http_invalid(r, "note", "note must be at most 1000 bytes of text");
		note = json_string_value(v);
	}
	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	rc = svc_flag_review(view_svc(r), r->id[0], json_string_value(json_object_get(r->json, "decision")),
	    note, &fl, &field, &msg);
	if (rc != STORE_OK)
		store_rollback(r->db);
	if (rc == SVC_INVALID)
		return http_invalid(r, field, msg);
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such flag", NULL);
	if (rc == STORE_CONFLICT)
		return http_problem(r, 409, "the flag has already been reviewed", NULL);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);
	return http_json(r, 200, view_flag_json(&fl), NULL);
}
