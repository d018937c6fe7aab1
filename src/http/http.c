/*
 * http.c - libmicrohttpd glue (see http.h for the request pipeline).
 *
 * Threading: MHD runs a pool of cfg.threads worker threads, each with its
 * own event loop.  A handler runs on the worker that owns its connection
 * and uses that worker's own SQLite connection (http_thread_db), so no db
 * handle is ever shared between threads.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/auth.h"
#include "base/log.h"
#include "engine/sha256.h"
#include "base/util.h"

#define PATH_CAP 1024
#define PROBLEM_BASE "https://titrad.example/problems/"

/* ---- roles ---- */

static const struct { int role; const char *name; } role_names[] = {
	{ ROLE_ADMIN, "admin" }, { ROLE_CLINIC, "clinic" },
	{ ROLE_PHARMACIST, "pharmacist" }, { ROLE_PATIENT, "patient" },
};

const char *
role_name(int role)
{
	for (size_t i = 0; i < ARRAY_LEN(role_names); i++)
		if (role_names[i].role == role)
			return role_names[i].name;
	return "none";
}

int
role_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_LEN(role_names); i++)
		if (s != NULL && strcmp(role_names[i].name, s) == 0)
			return role_names[i].role;
	return 0;
}

/* ---- metrics ---- */

static const unsigned metric_status[] = {
	200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 412, 413, 414, 415, 422, 429, 431, 500, 503,
};
#define NSTATUS (ARRAY_LEN(metric_status) + 1)      /* + "other" */
static const uint64_t metric_bucket_us[] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
};
#define NBUCKET (ARRAY_LEN(metric_bucket_us) + 1)   /* + "+Inf" */

struct metrics {
	/* [route index + 1]: slot 0 is "no route" */
	atomic_uint_fast64_t count[64][NSTATUS];
	atomic_uint_fast64_t bucket[NBUCKET];
	atomic_uint_fast64_t sum_us;
	atomic_uint_fast64_t total;
};

static void
metrics_record(struct titrad *app, const struct route *rt, unsigned status, uint64_t us)
{
	struct metrics *m = app->metrics;
	size_t ri = rt ? (size_t)(rt - http_routes) + 1 : 0, si = NSTATUS - 1, bi = NBUCKET - 1;
	if (m == NULL || ri >= 64)
		return;
	for (size_t i = 0; i < ARRAY_LEN(metric_status); i++)
		if (metric_status[i] == status)
			si = i;
	for (size_t i = 0; i < ARRAY_LEN(metric_bucket_us); i++)
		if (us <= metric_bucket_us[i]) {
			bi = i;
			break;
		}
	atomic_fetch_add(&m->count[ri][si], 1);
	atomic_fetch_add(&m->bucket[bi], 1);
	atomic_fetch_add(&m->sum_us, us);
	atomic_fetch_add(&m->total, 1);
}

/* Append printf output to a growing buffer; the buffer doubles. */
static bool __attribute__((format(printf, 4, 5)))
bufprintf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return false;
		if ((size_t)n < *cap - *len) {
			*len += (size_t)n;
			return true;
		}
		size_t ncap = *cap * 2 + (size_t)n;
		char *nb = realloc(*buf, ncap);
		if (nb == NULL)
			return false;
		*buf = nb;
		*cap = ncap;
	}
}

char *http_metrics_text(struct titrad *app, const char *extra, size_t *out_len);

char *
http_metrics_text(struct titrad *app, const char *extra, size_t *out_len)
{
	struct metrics *m = app->metrics;
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap);
	bool ok = buf != NULL;

	if (!ok)
		return NULL;
	buf[0] = '\0';
	ok &= bufprintf(&buf, &len, &cap, "# HELP titrad_http_requests_total HTTP requests by route and status.\n"
	    "# TYPE titrad_http_requests_total counter\n");
	for (size_t ri = 0; ok && ri <= http_nroutes && ri < 64; ri++) {
		const char *name = ri == 0 ? "unmatched" : http_routes[ri - 1].name;
		for (size_t si = 0; ok && si < NSTATUS; si++) {
			uint64_t v = atomic_load(&m->count[ri][si]);
			if (v == 0)
				continue;
			if (si == NSTATUS - 1)
				ok &= bufprintf(&buf, &len, &cap,
				    "titrad_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
				    name, (unsigned long long)v);
			else
				ok &= bufprintf(&buf, &len, &cap,
				    "titrad_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
				    name, metric_status[si], (unsigned long long)v);
		}
	}
	ok &= bufprintf(&buf, &len, &cap, "# HELP titrad_http_request_duration_seconds Request latency.\n"
	    "# TYPE titrad_http_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (size_t bi = 0; ok && bi < NBUCKET; bi++) {
		cum += atomic_load(&m->bucket[bi]);
		if (bi < ARRAY_LEN(metric_bucket_us))
			ok &= bufprintf(&buf, &len, &cap,
			    "titrad_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			    (double)metric_bucket_us[bi] / 1e6, (unsigned long long)cum);
		else
			ok &= bufprintf(&buf, &len, &cap,
			    "titrad_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
			    (unsigned long long)cum);
	}
	ok &= bufprintf(&buf, &len, &cap, "titrad_http_request_duration_seconds_sum %.6f\n"
	    "titrad_http_request_duration_seconds_count %llu\n",
	    (double)atomic_load(&m->sum_us) / 1e6, (unsigned long long)atomic_load(&m->total));
	ok &= bufprintf(&buf, &len, &cap, "# HELP titrad_db_errors_total Database errors.\n"
	    "# TYPE titrad_db_errors_total counter\ntitrad_db_errors_total %llu\n",
	    (unsigned long long)atomic_load(&app->store_errors));
	if (extra != NULL)
		ok &= bufprintf(&buf, &len, &cap, "%s", extra);
	if (!ok) {
		free(buf);
		return NULL;
	}
	*out_len = len;
	return buf;
}

/* ---- per-thread database ---- */

static _Thread_local struct store *tl_db;
static _Thread_local struct titrad *tl_app;

struct store *
http_thread_db(struct titrad *app)
{
	char err[256];
	struct store *db;

	if (tl_db != NULL && tl_app == app)
		return tl_db;
	if (store_open(app->cfg.store_path, false, &db, err, sizeof err) != STORE_OK) {
		log_error("%s", err);
		return NULL;
	}
	pthread_mutex_lock(&app->lock);
	if (app->ndbs == HTTP_MAX_THREADS) {
		pthread_mutex_unlock(&app->lock);
		store_close(db);
		log_error("too many database connections");
		return NULL;
	}
	app->dbs[app->ndbs++] = db;
	pthread_mutex_unlock(&app->lock);
	tl_db = db;
	tl_app = app;
	return db;
}

/* ---- responses ---- */

static enum MHD_Result
queue(struct req *r, unsigned status, struct MHD_Response *resp, const char *content_type,
    const char *const *headers)
{
	enum MHD_Result ret;
	if (resp == NULL)
		return MHD_NO;
	if (content_type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	for (size_t i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
		MHD_add_response_header(resp, headers[i], headers[i + 1]);
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

/* The deferred commit of an idempotent request, with its stored answer. */
static int
commit_with_answer(struct req *r, unsigned status, const char *ctype, const char *body, size_t len,
    const char *const *headers)
{
	struct store_idem in;
	char since[DT_STAMP_LEN];
	int rc;

	r->commit_pending = false;
	memset(&in, 0, sizeof in);
	util_copy(in.request_hash, sizeof in.request_hash, r->idem_hash);
	in.status = (int)status;
	util_copy(in.content_type, sizeof in.content_type, ctype ? ctype : "");
	util_copy(in.location, sizeof in.location, header_of(headers, "Location"));
	util_copy(in.etag, sizeof in.etag, header_of(headers, "ETag"));
	in.body = (char *)body;
	in.body_len = len;
	dt_format_stamp(r->now - 86400, since);
	rc = store_idem_put(r->db, r->token_id, r->idem_key, &in, r->now_stamp, since);
	if (rc == STORE_OK)
		rc = store_commit(r->db);
	else
		store_rollback(r->db);
	return rc;
}

int
http_commit(struct req *r)
{
	if (r->idem) {
		r->commit_pending = true;
		return STORE_OK;
	}
	return store_commit(r->db);
}

enum MHD_Result
http_body(struct req *r, unsigned status, const char *content_type, char *body, size_t len,
    const char *const *headers)
{
	if (r->commit_pending) {
		int rc = commit_with_answer(r, status, content_type, body, len, headers);
		if (rc != STORE_OK) {
			free(body);
			/* A concurrent twin stored its answer first: nothing of ours landed. */
			if (rc == STORE_CONFLICT)
				return http_problem(r, 409, "a request with this Idempotency-Key is in progress or done; retry to get its answer", NULL);
			return http_db_failure(r, rc);
		}
	}
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
	if (r->commit_pending) {
		int rc = commit_with_answer(r, status, "", "", 0, headers);
		if (rc != STORE_OK)
			return http_db_failure(r, rc);
	}
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
	char type[128];
	snprintf(type, sizeof type, PROBLEM_BASE "%s", status_slug(status));
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

enum MHD_Result
http_db_failure(struct req *r, int rc)
{
	static const char *const retry[] = { "Retry-After", "1", NULL };
	if (r->db != NULL)
		store_rollback(r->db);
	if (rc == STORE_BUSY)
		return http_problem_with(r, 503, "the database is busy; retry shortly", NULL, retry);
	atomic_fetch_add(&r->app->store_errors, 1);
	return http_problem(r, 500, "internal database error", NULL);
}

/* ---- request helpers ---- */

const char *
http_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
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
	int rc;
	/* The busy timeout already waited; a few more tries ride out a burst. */
	for (int attempt = 0; attempt < 3; attempt++) {
		rc = store_begin(r->db, true);
		if (rc != STORE_BUSY)
			return rc;
		usleep(10000u << attempt);
	}
	return rc;
}

/* ---- routing ---- */

/* Match path against pattern; fills ids.  Returns false on shape mismatch. */
static bool
match(const char *pattern, const char *path, int64_t ids[2], bool *bad_id)
{
	int nid = 0;
	const char *p = pattern, *s = path;

	*bad_id = false;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p), sl = se ? (size_t)(se - s) : strlen(s);
		if (pl == 3 && strncmp(p, ":id", 3) == 0) {
			char seg[32];
			int64_t v = 0;
			if (sl == 0)
				return false;
			if (sl >= sizeof seg || nid >= 2) {
				*bad_id = true;
			} else {
				memcpy(seg, s, sl);
				seg[sl] = '\0';
				if (!util_parse_id(seg, &v))
					*bad_id = true;
				else
					ids[nid++] = v;
			}
		} else if (pl != sl || strncmp(p, s, pl) != 0) {
			return false;
		}
		p += pl;
		s += sl;
	}
	return *p == '\0' && *s == '\0';
}

/* Find the route; NULL with *allow filled when only the method is wrong. */
static const struct route *
route_find(struct req *r, char *allow, size_t allow_len, bool *bad_id)
{
	const struct route *found = NULL;
	bool path_ok = false;
	allow[0] = '\0';
	*bad_id = false;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *rt = &http_routes[i];
		int64_t ids[2] = { 0, 0 };
		bool bad;
		if (!match(rt->pattern, r->path, ids, &bad))
			continue;
		path_ok = true;
		if (strcmp(rt->method, r->method) == 0 ||
		    (strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)) {
			if (found == NULL) {
				found = rt;
				*bad_id = bad;
				r->id[0] = ids[0];
				r->id[1] = ids[1];
			}
		}
		if (strstr(allow, rt->method) == NULL) {
			if (allow[0] != '\0')
				strncat(allow, ", ", allow_len - strlen(allow) - 1);
			strncat(allow, rt->method, allow_len - strlen(allow) - 1);
			if (strcmp(rt->method, "GET") == 0)
				strncat(allow, ", HEAD", allow_len - strlen(allow) - 1);
		}
	}
	if (!path_ok)
		allow[0] = '\0';
	return found;
}

static bool
is_json_type(const char *ct)
{
	static const char want[] = "application/json";
	if (ct == NULL || strncasecmp(ct, want, sizeof want - 1) != 0)
		return false;
	ct += sizeof want - 1;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

/*
 * Idempotency-Key: replay the stored answer of a repeat, refuse the key
 * with a different request, or mark the request so its commit stores its
 * answer.  False after queueing a response.
 */
static bool
idempotency_check(struct req *r, enum MHD_Result *res)
{
	const char *key = http_header(r, "Idempotency-Key");
	struct store_idem old;
	struct sha256 c;
	uint8_t d[SHA256_LEN];
	char since[DT_STAMP_LEN];
	int rc;

	if (key == NULL)
		return true;
	size_t n = strlen(key);
	bool ok = n > 0 && n < sizeof r->idem_key;
	for (size_t i = 0; ok && i < n; i++)
		ok = key[i] > 0x20 && key[i] < 0x7f;
	if (!ok) {
		*res = http_invalid(r, "Idempotency-Key", "Idempotency-Key must be 1 to 255 visible ASCII characters");
		return false;
	}
	sha256_init(&c);
	sha256_update(&c, r->method, strlen(r->method));
	sha256_update(&c, "\n", 1);
	sha256_update(&c, r->path, strlen(r->path));
	sha256_update(&c, "\n", 1);
	if (r->body != NULL)
		sha256_update(&c, r->body, r->body_len);
	sha256_final(&c, d);
	for (int i = 0; i < SHA256_LEN; i++)
		snprintf(r->idem_hash + 2 * i, 3, "%02x", d[i]);
	util_copy(r->idem_key, sizeof r->idem_key, key);
	dt_format_stamp(r->now - 86400, since);
	rc = store_idem_get(r->db, r->token_id, key, since, &old);
	if (rc == STORE_NOTFOUND) {
		r->idem = true;
		return true;
	}
	if (rc != STORE_OK) {
		*res = http_db_failure(r, rc);
		return false;
	}
	if (strcmp(old.request_hash, r->idem_hash) != 0) {
		free(old.body);
		*res = http_invalid(r, "Idempotency-Key", "this Idempotency-Key was used with a different request");
		return false;
	}
	const char *h[7] = { "Idempotent-Replayed", "true", NULL, NULL, NULL, NULL, NULL };
	size_t k = 2;
	if (old.location[0]) {
		h[k++] = "Location";
		h[k++] = old.location;
	}
	if (old.etag[0]) {
		h[k++] = "ETag";
		h[k++] = old.etag;
	}
	*res = http_body(r, (unsigned)old.status, old.content_type[0] ? old.content_type : NULL, old.body,
	    old.body_len, h);
	return false;
}

/* Requests per second per token (config rate_limit; 0 = off): a token bucket. */
#define RATE_SLOTS 1024
static struct { int64_t token; uint64_t credit; uint64_t at_us; } rate_slot[RATE_SLOTS];
static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
rate_limited(struct req *r)
{
	unsigned limit = r->app->cfg.rate_limit;
	bool limited = false;
	if (limit == 0 || r->token_id <= 0)
		return false;
	uint64_t now = util_now_us();
	pthread_mutex_lock(&rate_lock);
	size_t i = (size_t)((uint64_t)r->token_id * 2654435761u) % RATE_SLOTS;
	/* Credit in requests x 10^6: refills `limit` per second, holds one second's worth. */
	const uint64_t full = (uint64_t)limit * 1000000u;
	if (rate_slot[i].token != r->token_id) {
		rate_slot[i].token = r->token_id;
		rate_slot[i].credit = full;
		rate_slot[i].at_us = now;
	}
	uint64_t refill = (now - rate_slot[i].at_us) * limit;
	rate_slot[i].credit = full - rate_slot[i].credit < refill ? full : rate_slot[i].credit + refill;
	rate_slot[i].at_us = now;
	if (rate_slot[i].credit >= 1000000u)
		rate_slot[i].credit -= 1000000u;
	else
		limited = true;
	pthread_mutex_unlock(&rate_lock);
	return limited;
}

static enum MHD_Result
dispatch(struct req *r)
{
	char allow[128];
	bool bad_id;
	const struct route *rt = route_find(r, allow, sizeof allow, &bad_id);
	json_error_t jerr;

	if (rt == NULL) {
		if (allow[0] != '\0') {
			const char *h[] = { "Allow", allow, NULL };
			return http_problem_with(r, 405, "method not allowed on this resource", NULL, h);
		}
		return http_problem(r, 404, "no such resource", NULL);
	}
	r->route = rt;
	if (r->body_too_big)
		return http_problem(r, 413, "request body over the configured limit", NULL);

	r->db = http_thread_db(r->app);
	if (r->db == NULL)
		return http_db_failure(r, STORE_ERROR);

	if (!(rt->flags & R_PUBLIC)) {
		enum MHD_Result res;
		if (!auth_request(r, &res))
			return res;
		if (!(rt->roles & r->role))
			return http_problem(r, 403, "this role may not use this endpoint", NULL);
	}
	if (bad_id)
		return http_problem(r, 404, "no such resource", NULL);

	if (rt->flags & R_BODY) {
		if (!is_json_type(http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE)))
			return http_problem(r, 415, "send Content-Type: application/json", NULL);
		r->json = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &jerr);
		if (r->json == NULL) {
			char msg[256];
			snprintf(msg, sizeof msg, "malformed JSON at line %d column %d: %s", jerr.line,
			    jerr.column, jerr.text);
			return http_problem(r, 400, msg, NULL);
		}
		if (!json_is_object(r->json))
			return http_problem(r, 400, "the request body must be a JSON object", NULL);
	}
	if (strcmp(r->method, "POST") == 0 && r->token_id > 0) {
		enum MHD_Result res;
		if (!idempotency_check(r, &res))
			return res;
	}
	if (rate_limited(r))
		return http_problem_with(r, 429, "too many requests for this token", NULL,
		    (const char *const[]){ "Retry-After", "1", NULL });
	return rt->fn(r);
}

/* ---- MHD callbacks ---- */

static void
copy_path(char *dst, size_t cap, const char *url)
{
	/* For the log and routing: never the query string (MHD strips it). */
	size_t n = strlen(url);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, url, n);
	dst[n] = '\0';
}

/*
 * Percent-decoding as MHD does it, except that %00 stays as it is: a NUL
 * would cut the path short ("/v1/patients/1%00..." must not read patient 1).
 */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s;
	(void)cls;
	(void)c;
	for (char *r = s; *r; r++) {
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2]) &&
		    !(r[1] == '0' && r[2] == '0')) {
			char hex[3] = { r[1], r[2], '\0' };
			*w++ = (char)strtol(hex, NULL, 16);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct titrad *app = cls;
	struct req *r = *con_cls;
	(void)version;

	if (r == NULL) {
		r = calloc(1, sizeof *r);
		if (r == NULL)
			return MHD_NO;
		r->app = app;
		r->conn = conn;
		r->method = method;
		r->t0 = util_now_us();
		r->now = app->fixed_now ? app->fixed_now : time(NULL);
		dt_format_stamp(r->now, r->now_stamp);
		r->today = dt_day_of(r->now);
		*con_cls = r;
		atomic_fetch_add(&app->in_flight, 1);
		if (strlen(url) >= PATH_CAP) {
			copy_path(r->path, sizeof r->path, url);
			return http_problem(r, 414, "URL over the limit", NULL);
		}
		copy_path(r->path, sizeof r->path, url);
		if (strlen(url) >= sizeof r->path)
			return http_problem(r, 414, "URL over the limit", NULL);
		/* Refuse an announced oversize body before reading it. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			if (errno != 0 || *end != '\0' || n > app->cfg.body_limit) {
				r->body_too_big = true;
				return dispatch(r);
			}
		}
		return MHD_YES;
	}
	if (r->queued) {
		/* Response already chosen (e.g. 413); drain what the client sends. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (r->body_too_big)
			return MHD_YES;
		if (r->body_len + n > app->cfg.body_limit) {
			r->body_too_big = true;
			free(r->body);
			r->body = NULL;
			r->body_len = r->body_cap = 0;
			return MHD_YES;
		}
		if (r->body_len + n + 1 > r->body_cap) {
			size_t cap = r->body_cap ? r->body_cap : 4096;
			while (cap < r->body_len + n + 1)
				cap *= 2;
			char *nb = realloc(r->body, cap);
			if (nb == NULL)
				return MHD_NO;
			r->body = nb;
			r->body_cap = cap;
		}
		memcpy(r->body + r->body_len, upload_data, n);
		r->body_len += n;
		r->body[r->body_len] = '\0';
		return MHD_YES;
	}
	return dispatch(r);
}

/* Log paths with control characters made harmless. */
static void
safe_path(char *dst, size_t cap, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < cap; i++) {
		unsigned char c = (unsigned char)src[i];
		dst[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	dst[i] = '\0';
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct titrad *app = cls;
	struct req *r = *con_cls;
	char path[sizeof r->path];
	(void)conn;

	if (r == NULL)
		return;
	uint64_t us = util_now_us() - r->t0;
	safe_path(path, sizeof path, r->path);
	log_info("%s %s %u %lluus%s", r->method, path, r->status, (unsigned long long)us,
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	metrics_record(app, r->route, r->status, us);
	if (r->db != NULL && store_in_tx(r->db))
		store_rollback(r->db);
	atomic_fetch_sub(&app->in_flight, 1);
	json_decref(r->json);
	free(r->body);
	free(r->advice);
	free(r);
	*con_cls = NULL;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warn("mhd: %s", line);
}

static bool
read_file(const char *path, char **out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (f == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > (1L << 20) ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		snprintf(err, errlen, "cannot read %s", path);
		free(buf);
		fclose(f);
		return false;
	}
	buf[n] = '\0';
	fclose(f);
	*out = buf;
	return true;
}

bool
http_load_reference(struct titrad *app, char *err, size_t errlen)
{
	struct store *db;
	if (store_open(app->cfg.store_path, true, &db, err, errlen) != STORE_OK)
		return false;
	app->fm = fm_new();
	bool ok = app->fm != NULL &&
	    store_protocols(db, app->protocols, HTTP_MAX_PROTOCOLS, &app->nprotocols) == STORE_OK &&
	    store_patient_texts(db, &app->notes, &app->nnotes) == STORE_OK &&
	    store_renal_bands(db, app->bands, ARRAY_LEN(app->bands), &app->nbands) == STORE_OK &&
	    store_load_formulary(db, app->fm) == STORE_OK && store_load_kb(db, &app->kb) == STORE_OK;
	if (!ok)
		snprintf(err, errlen, "cannot read reference data: %s", store_errmsg(db));
	store_close(db);
	if (!ok)
		http_free_reference(app);
	return ok;
}

void
http_free_reference(struct titrad *app)
{
	fm_free(app->fm);
	ia_free(app->kb);
	free(app->notes);
	app->fm = NULL;
	app->kb = NULL;
	app->notes = NULL;
	app->nnotes = 0;
}

bool
http_start(struct titrad *app, char *err, size_t errlen)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG;
	char *cert = NULL, *key = NULL;
	bool ok = false;

	memset(&sin, 0, sizeof sin);
	memset(&sin6, 0, sizeof sin6);
	if (inet_pton(AF_INET, app->cfg.listen, &sin.sin_addr) == 1) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)app->cfg.port);
		sa = (struct sockaddr *)&sin;
	} else if (inet_pton(AF_INET6, app->cfg.listen, &sin6.sin6_addr) == 1) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)app->cfg.port);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "listen: '%s' is not an IPv4 or IPv6 address", app->cfg.listen);
		return false;
	}
	if (app->cfg.tls_cert[0] != '\0' || app->cfg.tls_key[0] != '\0') {
		if (app->cfg.tls_cert[0] == '\0' || app->cfg.tls_key[0] == '\0') {
			snprintf(err, errlen, "tls_cert and tls_key must be given together");
			return false;
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(err, errlen, "this libmicrohttpd was built without TLS");
			return false;
		}
		if (!read_file(app->cfg.tls_cert, &cert, err, errlen) ||
		    !read_file(app->cfg.tls_key, &key, err, errlen))
			goto cleanup;
		flags |= MHD_USE_TLS;
	}
	app->metrics = calloc(1, sizeof *app->metrics);
	if (app->metrics == NULL) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}
	pthread_mutex_init(&app->lock, NULL);

	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, cert },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, key },
		{ MHD_OPTION_END, 0, NULL },
	};
	app->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, app,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)app->cfg.threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)app->cfg.connection_limit,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)app->cfg.connection_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)app->cfg.header_limit,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_ARRAY, (flags & MHD_USE_TLS) ? tls_opts : &tls_opts[2],
	    MHD_OPTION_END);
	if (app->mhd == NULL) {
		snprintf(err, errlen, "cannot listen on %s port %u (in use, or bad TLS files?)",
		    app->cfg.listen, app->cfg.port);
		goto cleanup;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(app->mhd, MHD_DAEMON_INFO_BIND_PORT);
	app->port = info ? info->port : app->cfg.port;
	ok = true;
cleanup:
	/* MHD copies nothing for MEM_CERT/KEY in older versions; keep them alive. */
	if (!ok) {
		free(cert);
		free(key);
		free(app->metrics);
		app->metrics = NULL;
	} else {
		app->tls_mem[0] = cert;
		app->tls_mem[1] = key;
	}
	return ok;
}

void
http_stop(struct titrad *app)
{
	if (app->mhd == NULL)
		return;
	/* Stop accepting, then give requests in flight their grace period. */
	MHD_quiesce_daemon(app->mhd);
	for (unsigned waited = 0; waited < app->cfg.shutdown_grace * 10; waited++) {
		if (atomic_load(&app->in_flight) == 0)
			break;
		usleep(100000);
	}
	MHD_stop_daemon(app->mhd);
	app->mhd = NULL;
	pthread_mutex_lock(&app->lock);
	for (size_t i = 0; i < app->ndbs; i++)
		store_close(app->dbs[i]);
	app->ndbs = 0;
	pthread_mutex_unlock(&app->lock);
	pthread_mutex_destroy(&app->lock);
	free(app->metrics);
	app->metrics = NULL;
	free(app->tls_mem[0]);
	free(app->tls_mem[1]);
	app->tls_mem[0] = app->tls_mem[1] = NULL;
}
