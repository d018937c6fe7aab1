/* SPDX-License-Identifier: Apache-2.0 */
/*
 * response.c - queueing the one response of a request, and the request's
 * transaction that an idempotent answer is stored in (see response.h).
 */
#include "http/cache.h"
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "engine/etag.h"
#include "engine/sha256.h"
#include "http/cors.h"

/* ---- responses ---- */

static const char *header_of(const char *const *headers, const char *name);

static enum MHD_Result
queue(struct req *r, unsigned status, struct MHD_Response *resp, const char *content_type,
    const char *const *headers)
{
	enum MHD_Result ret;
	if (resp == NULL)
		return MHD_NO;
	if (content_type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	/* With a validator the client may keep the answer and must revalidate it each time
	 * (no-store would make the ETag useless); anything else is never stored. */
	MHD_add_response_header(resp, "Cache-Control", *header_of(headers, "ETag") ? "private, no-cache" : "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (r->request_id[0] != '\0')
		MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	const char *origin = cors_allowed_origin(&r->app->cfg, r->path, http_header(r, "Origin"));
	if (origin != NULL) {
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
		MHD_add_response_header(resp, "Access-Control-Expose-Headers", "X-Request-Id");
		MHD_add_response_header(resp, "Vary", "Origin");
	}
	/* Every console answer, a refusal or a 404 included, is locked down the same way. */
	if (strncmp(r->path, "/console/", 9) == 0 || strcmp(r->path, "/console") == 0)
		MHD_add_response_header(resp, "Content-Security-Policy", CONSOLE_CSP);
	for (size_t i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
		MHD_add_response_header(resp, headers[i], headers[i + 1]);
	if (r->in_write) {
		/* Held, whole and ready to send, until the transaction has committed. */
		if (r->held != NULL)
			MHD_destroy_response(r->held);
		r->held = resp;
		r->held_status = status;
		return MHD_YES;
	}
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->status = status;
	r->queued = true;
	return ret;
}

static const char *
header_of(const char *const *headers, const char *name)
{
	for (size_t i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
		if (strcasecmp(headers[i], name) == 0)
			return headers[i + 1];
	return "";
}

/*
 * An idempotent request's answer, stored in its own write transaction so
 * that it commits with the writes or not at all.  STORE_CONFLICT: a twin
 * with the same key stored its answer first.
 */
static int
store_answer(struct req *r, unsigned status, const char *ctype, const char *body, size_t len,
    const char *const *headers)
{
	struct store_idem in;
	char since[DT_STAMP_LEN];

	memset(&in, 0, sizeof in);
	util_copy(in.request_hash, sizeof in.request_hash, r->idem_hash);
	in.status = (int)status;
	util_copy(in.content_type, sizeof in.content_type, ctype ? ctype : "");
	util_copy(in.location, sizeof in.location, header_of(headers, "Location"));
	util_copy(in.etag, sizeof in.etag, header_of(headers, "ETag"));
	in.body = (char *)body;
	in.body_len = len;
	dt_format_stamp(r->now - 86400, since);
	return store_idem_put(r->db, r->token_id, r->idem_key, &in, r->now_stamp, since);
}

/* Inside http_run_write the runner commits; a handler's own call is a no-op. */
int
http_commit(struct req *r)
{
	if (r->in_write)
		return STORE_OK;
	return store_commit(r->db);
}

/* The answer inside a write transaction: an idempotent success is stored with it. */
static bool
answer_stored(struct req *r, unsigned status, const char *ctype, const char *body, size_t len,
    const char *const *headers, int *rc)
{
	*rc = STORE_OK;
	if (!r->in_write || !r->idem || status >= 400 || r->tx_rc != STORE_OK)
		return true;
	return (*rc = store_answer(r, status, ctype, body, len, headers)) == STORE_OK;
}

/* What the runner's failure answer should say. */
static enum MHD_Result
answer_failed(struct req *r, int rc)
{
	/* A concurrent twin stored its answer first: nothing of ours lands. */
	if (rc == STORE_CONFLICT) {
		r->tx_rc = HTTP_TX_REFUSED;
		return http_problem(r, 409, "a request with this Idempotency-Key is in progress or done; "
		    "retry to get its answer", NULL);
	}
	return http_db_failure(r, rc);
}

/*
 * Every staff read of patient data is audited, on every route: a handler
 * that audited nothing (a list, a calendar in any format, FHIR, flags, a
 * console page) gets one row naming the route and the path it read.
 */
static int
audit_route_read(struct req *r)
{
	if ((r->role != ROLE_PHARMACIST && r->role != ROLE_ADMIN) || r->read_audited ||
	    r->route == NULL || (r->route->flags & R_NO_PATIENT))
		return STORE_OK;
	r->read_audited = true;
	return store_audit_insert(r->db, r->actor, role_name(r->role), "read", r->route->name,
	    r->id[0], r->path, r->now_stamp);
}

/*
 * End a GET's snapshot before its answer is queued: commit what it wrote
 * (audit rows) with a success, roll back with an error.  False when the
 * commit failed (the caller answers 5xx instead).
 */
static bool
end_snapshot(struct req *r, unsigned status, int *rc)
{
	*rc = STORE_OK;
	if (!r->snapshot)
		return true;
	r->snapshot = false;
	if (status >= 400) {
		store_rollback(r->db);
		return true;
	}
	if ((*rc = audit_route_read(r)) != STORE_OK) {
		store_rollback(r->db);
		return false;
	}
	return (*rc = store_commit(r->db)) == STORE_OK;
}

enum MHD_Result
http_body(struct req *r, unsigned status, const char *content_type, char *body, size_t len,
    const char *const *headers)
{
	int src;
	if (!end_snapshot(r, status, &src)) {
		free(body);
		return http_db_failure(r, src);
	}
	if (!answer_stored(r, status, content_type, body, len, headers, &src)) {
		free(body);
		return answer_failed(r, src);
	}
	cache_offer(r, status, content_type, body, len, headers);
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	return queue(r, status, resp, content_type, headers);
}

enum MHD_Result
http_empty(struct req *r, unsigned status, const char *const *headers)
{
	int src;
	if (!end_snapshot(r, status, &src))
		return http_db_failure(r, src);
	if (!answer_stored(r, status, "", "", 0, headers, &src))
		return answer_failed(r, src);
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	return queue(r, status, resp, NULL, headers);
}

/* Reals print with up to 15 significant digits: 0.125 stays 0.125, 0.1 stays 0.1. */
#define JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

static enum MHD_Result
json_response(struct req *r, unsigned status, json_t *json, const char *ctype, const char *const *headers)
{
	char *s = json ? json_dumps(json, JSON_FLAGS) : NULL;
	json_decref(json);
	if (s == NULL)
		return MHD_NO;
	return http_body(r, status, ctype, s, strlen(s), headers);
}

enum MHD_Result
http_json(struct req *r, unsigned status, json_t *json, const char *const *headers)
{
	return json_response(r, status, json, "application/json", headers);
}

static const char *
status_title(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static const char *
status_slug(unsigned status)
{
	switch (status) {
	case 400: return "malformed-request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not-found";
	case 405: return "method-not-allowed";
	case 409: return "conflict";
	case 412: return "precondition-failed";
	case 413: return "body-too-large";
	case 414: return "uri-too-long";
	case 415: return "unsupported-media-type";
	case 422: return "invalid-request";
	case 429: return "rate-limited";
	case 431: return "headers-too-large";
	case 503: return "unavailable";
	default: return "internal-error";
	}
}

enum MHD_Result
http_problem_with(struct req *r, unsigned status, const char *detail, json_t *errors,
    const char *const *headers)
{
	char base[CONFIG_URI_MAX * 2], type[CONFIG_URI_MAX * 2 + 32];
	snprintf(type, sizeof type, "%s%s", config_uri(&r->app->cfg, r->app->cfg.problem_type_base,
	    "/problems/", base), status_slug(status));
	json_t *p = json_pack("{s:s, s:s, s:i}", "type", type, "title", status_title(status),
	    "status", (int)status);
	if (p == NULL) {
		json_decref(errors);
		return MHD_NO;
	}
	if (detail != NULL)
		json_object_set_new(p, "detail", json_string(detail));
	if (errors != NULL && json_array_size(errors) > 0)
		json_object_set(p, "errors", errors);
	json_decref(errors);
	return json_response(r, status, p, "application/problem+json", headers);
}

enum MHD_Result
http_problem(struct req *r, unsigned status, const char *detail, json_t *errors)
{
	return http_problem_with(r, status, detail, errors, NULL);
}

enum MHD_Result
http_invalid(struct req *r, const char *field, const char *message)
{
	json_t *errors = json_pack("[{s:s, s:s}]", "field", field, "message", message);
	return http_problem(r, 422, message, errors);
}

/*
 * The database file deleted or replaced under the daemon: a write would
 * land in an unlinked file and be lost at restart, so refuse it (503) and
 * say so loudly, once, in the log.  False after queueing the 503.
 */
bool
http_db_file_ok(struct req *r, enum MHD_Result *res)
{
	static atomic_bool logged;
	char why[1280];
	if (store_file_check(r->db, why, sizeof why) == STORE_OK)
		return true;
	if (!atomic_exchange(&logged, true))
		log_error("%s: refusing every write until titrad is restarted on the real file", why);
	atomic_fetch_add(&r->app->store_errors, 1);
	*res = http_problem_with(r, 503, "the database file was deleted or replaced; an operator must "
	    "restart titrad", NULL, (const char *const[]){ "Retry-After", "30", NULL });
	return false;
}

enum MHD_Result
http_db_failure(struct req *r, int rc)
{
	static const char *const retry[] = { "Retry-After", "1", NULL };
	if (r->in_write)
		r->tx_rc = rc == STORE_OK ? STORE_ERROR : rc;   /* the runner rolls back (and retries BUSY) */
	else if (r->db != NULL)
		store_rollback(r->db);
	r->snapshot = false;
	if (rc == STORE_BUSY)
		return http_problem_with(r, 503, "the database is busy; retry shortly", NULL, retry);
	if (rc == STORE_UNAVAILABLE) {
		/* The database server is restarting or unreachable; the next request reconnects. */
		atomic_fetch_add(&r->app->store_errors, 1);
		return http_problem_with(r, 503, "the database server is unavailable; nothing was written; "
		    "retry shortly", NULL, (const char *const[]){ "Retry-After", "5", NULL });
	}
	if (rc == STORE_FULL) {
		atomic_fetch_add(&r->app->store_errors, 1);
		return http_problem_with(r, 503, "the disk is full; nothing was written; retry later", NULL,
		    (const char *const[]){ "Retry-After", "30", NULL });
	}
	atomic_fetch_add(&r->app->store_errors, 1);
	return http_problem(r, 500, "internal database error", NULL);
}

/* ---- request helpers ---- */

const char *
http_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

bool
http_media_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	if (ct == NULL || strncasecmp(ct, want, n) != 0)
		return false;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

const char *
http_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

bool
http_page(struct req *r, int *limit, int64_t *after, enum MHD_Result *res)
{
	const char *l = http_query(r, "limit"), *a = http_query(r, "after");
	int64_t v;

	*limit = HTTP_LIMIT_DEFAULT;
	*after = 0;
	if (l != NULL) {
		if (!util_parse_id(l, &v) || v > HTTP_LIMIT_MAX) {
			*res = http_invalid(r, "limit", "limit must be an integer from 1 to 1000");
			return false;
		}
		*limit = (int)v;
	}
	if (a != NULL) {
		if (!util_parse_id(a, &v)) {
			*res = http_invalid(r, "after", "after must be a cursor returned as 'next'");
			return false;
		}
		*after = v;
	}
	return true;
}

bool
http_may_see_patient(struct req *r, int64_t patient_id)
{
	return r->role != ROLE_PATIENT || r->patient_id == patient_id;
}

int
http_audit(struct req *r, const char *action, const char *entity, int64_t id, const char *detail)
{
	return store_audit_insert(r->db, r->actor, role_name(r->role), action, entity, id, detail,
	    r->now_stamp);
}

int
http_audit_read(struct req *r, const char *action, const char *entity, int64_t id)
{
	int rc;
	/* Only staff who may read any patient are audited for it. */
	if (r->role != ROLE_PHARMACIST && r->role != ROLE_ADMIN)
		return STORE_OK;
	/*
	 * Inside a GET's snapshot (a write transaction for these roles) or the
	 * write runner's transaction: lands with the answer, committed by its owner.
	 */
	r->read_audited = true;
	if (r->snapshot || r->in_write)
		return http_audit(r, action, entity, id, "");
	if ((rc = http_begin_write(r)) != STORE_OK)
		return rc;
	if ((rc = http_audit(r, action, entity, id, "")) != STORE_OK) {
		store_rollback(r->db);
		return rc;
	}
	return store_commit(r->db);
}

int
http_begin_write(struct req *r)
{
	if (r->in_write)
		return STORE_OK;       /* the runner's transaction is the request's */
	/* store_begin waits for the write gate and the lock, write_wait_ms in all. */
	return store_begin(r->db, true);
}

/* The write runner, http_run_write, is group_commit.c. */

bool
http_page_more(size_t *n, int limit)
{
	if (*n <= (size_t)limit)
		return false;
	*n = (size_t)limit;
	return true;
}

/*
 * Answer 304 when the client holds this version, else send body (response.h).
 * stamp < 0: no Last-Modified (a body that also depends on today).
 */
enum MHD_Result
http_reply_validated(struct req *r, const char *ctype, char *body, size_t len, time_t stamp)
{
	char hex[SHA256_HEX_LEN], etag[40], lm[64];
	struct tm tm;
	const char *inm = http_header(r, "If-None-Match");

	sha256_hex(body, len, hex);
	snprintf(etag, sizeof etag, "\"%.32s\"", hex);
	if (stamp >= 0) {
		gmtime_r(&stamp, &tm);
		strftime(lm, sizeof lm, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	}
	const char *h[] = { "ETag", etag, stamp >= 0 ? "Last-Modified" : NULL, lm, NULL };
	if (inm != NULL && etag_list_match(inm, etag, true) == ETAG_MATCH) {
		free(body);
		return http_empty(r, 304, h);
	}
	/* If-Modified-Since only without If-None-Match (RFC 9110 13.1.3); a date it cannot read is ignored. */
	const char *ims = inm == NULL && stamp >= 0 ? http_header(r, "If-Modified-Since") : NULL;
	struct tm since;
	memset(&since, 0, sizeof since);
	if (ims != NULL && strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &since) != NULL && stamp <= timegm(&since)) {
		free(body);
		return http_empty(r, 304, h);
	}
	return http_body(r, 200, ctype, body, len, h);
}
