/* SPDX-License-Identifier: Apache-2.0 */
/* api_system.c - /v1/health, /metrics, /v1/protocols, /v1/tokens, /v1/audit. */
#include "autoconfig.h"
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/auth.h"
#include "http/cache.h"
#include "http/metrics.h"
#include "base/config.h"
#include "base/util.h"
#include "engine/validate.h"

enum MHD_Result
api_health(struct req *r)
{
	enum MHD_Result res;
	if (!http_db_file_ok(r, &res))
		return res;
	int v = store_schema_version(r->db);
	return http_json(r, 200, json_pack("{s:s, s:s, s:i, s:s}", "status", "ok", "version",
	    PACKAGE_VERSION, "schema_version", v, "store", store_backend_name(r->db)), NULL);
}

enum MHD_Result
api_metrics(struct req *r)
{
	size_t len;
	int64_t open[3];
	char extra[1024];
	uint64_t hits, misses;
	size_t cached;
	int rc = store_flag_open_counts(r->db, open);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	snprintf(extra, sizeof extra, "# HELP titrad_flags_open Open flags awaiting pharmacist review.\n"
	    "# TYPE titrad_flags_open gauge\n"
	    "titrad_flags_open{severity=\"info\"} %lld\n"
	    "titrad_flags_open{severity=\"warning\"} %lld\n"
	    "titrad_flags_open{severity=\"critical\"} %lld\n",
	    (long long)open[0], (long long)open[1], (long long)open[2]);
	cache_stats(r->app->cache, &hits, &misses, &cached);
	size_t used = strlen(extra);
	snprintf(extra + used, sizeof extra - used,
	    "# HELP titrad_cache_hits_total Answers served from the response cache.\n"
	    "# TYPE titrad_cache_hits_total counter\ntitrad_cache_hits_total %llu\n"
	    "# HELP titrad_cache_misses_total Cacheable requests the cache did not hold.\n"
	    "# TYPE titrad_cache_misses_total counter\ntitrad_cache_misses_total %llu\n"
	    "# HELP titrad_cache_bytes Bytes the response cache holds.\n"
	    "# TYPE titrad_cache_bytes gauge\ntitrad_cache_bytes %zu\n",
	    (unsigned long long)hits, (unsigned long long)misses, cached);
	char *text = metrics_text(r->app->metrics, atomic_load(&r->app->store_errors), extra, &len);
	if (text == NULL)
		return http_problem(r, 500, "cannot render metrics", NULL);
	return http_body(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len, NULL);
}

enum MHD_Result
api_protocols(struct req *r)
{
	json_t *items = json_array();
	for (size_t i = 0; i < r->app->ref.nprotocols; i++)
		json_array_append_new(items, view_protocol_json(&r->app->ref.protocols[i]));
	return http_json(r, 200, json_pack("{s:o}", "items", items), NULL);
}

enum MHD_Result
api_token_create(struct req *r)
{
	struct store_token t;
	struct store_patient p;
	json_t *errors, *v;
	char plain[AUTH_TOKEN_LEN];
	int64_t pid = -1, days = 0;
	int status, rc;

	status = val_shape(r->json, fields_token, fields_token_n, &errors);
	if (status != 0)
		return http_problem(r, (unsigned)status, "invalid token request", errors);
	memset(&t, 0, sizeof t);
	int role = role_parse(json_string_value(json_object_get(r->json, "role")));
	if (role == 0)
		return http_invalid(r, "role", "role must be admin, clinic, pharmacist or patient");
	util_copy(t.role, sizeof t.role, role_name(role));
	if ((v = json_object_get(r->json, "patient_id")) != NULL && !json_is_null(v) &&
	    !val_integer(v, 1, INT64_MAX, &pid))
		return http_invalid(r, "patient_id", "patient_id must be a positive integer");
	if ((role == ROLE_PATIENT) != (pid > 0))
		return http_invalid(r, "patient_id", "patient_id is required for, and only for, patient tokens");
	if ((v = json_object_get(r->json, "label")) != NULL &&
	    (!val_text(v, STORE_LABEL_MAX, false) || !util_copy(t.label, sizeof t.label, json_string_value(v))))
		return http_invalid(r, "label", "label must be 1 to 64 characters of text");
	if (t.label[0] != '\0' && val_actor_reserved(t.label))
		return http_invalid(r, "label", "label is a name titrad uses for its own actions");
	if ((v = json_object_get(r->json, "expires_days")) != NULL && !json_is_null(v) &&
	    !val_integer(v, 1, 3650, &days))
		return http_invalid(r, "expires_days", "expires_days must be from 1 to 3650");
	t.patient_id = pid;
	util_copy(t.created_at, sizeof t.created_at, r->now_stamp);
	if (days > 0)
		dt_format_stamp(r->now + (time_t)days * 86400, t.expires_at);

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	if (pid > 0 && (rc = store_patient_get(r->db, pid, &p)) != STORE_OK) {
		store_rollback(r->db);
		if (rc == STORE_NOTFOUND)
			return http_invalid(r, "patient_id", "no such patient");
		return http_db_failure(r, rc);
	}
	rc = auth_token_create(r->db, &t, plain);
	if (rc == STORE_CONFLICT) {
		store_rollback(r->db);
		return http_problem(r, 409, "a token with this label exists", NULL);
	}
	if (rc != STORE_OK || (rc = http_audit(r, "token.create", "token", t.id, t.label)) != STORE_OK ||
	    (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);
	return http_json(r, 201, json_pack("{s:s, s:I, s:s, s:s, s:o, s:o}", "token", plain,
	    "id", (json_int_t)t.id, "label", t.label, "role", t.role,
	    "patient_id", pid > 0 ? json_integer(pid) : json_null(),
	    "expires_at", t.expires_at[0] ? json_string(t.expires_at) : json_null()), NULL);
}

enum MHD_Result
api_audit_list(struct req *r)
{
	enum MHD_Result res;
	int limit;
	int64_t after, eid = -1;
	const char *entity = http_query(r, "entity"), *id = http_query(r, "entity_id");
	struct store_audit *rows;
	size_t n;

	if (!http_page(r, &limit, &after, &res))
		return res;
	if (entity != NULL && (strlen(entity) == 0 || strlen(entity) > 31))
		return http_invalid(r, "entity", "unknown entity");
	if (id != NULL && !util_parse_id(id, &eid))
		return http_invalid(r, "entity_id", "entity_id must be a positive integer");
	rows = calloc((size_t)limit + 1, sizeof *rows);
	if (rows == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	int rc = store_audit_list(r->db, entity, eid, after, limit + 1, rows, &n);
	if (rc != STORE_OK) {
		free(rows);
		return http_db_failure(r, rc);
	}
	bool more = http_page_more(&n, limit);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s}",
		    "id", (json_int_t)rows[i].id, "at", rows[i].at, "actor", rows[i].actor,
		    "role", rows[i].role, "action", rows[i].action, "entity", rows[i].entity,
		    "entity_id", rows[i].entity_id >= 0 ? json_integer(rows[i].entity_id) : json_null(),
		    "detail", rows[i].detail));
	json_t *next = more ? json_sprintf("%lld", (long long)rows[n - 1].id) : json_null();
	free(rows);
	return http_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next), NULL);
}
