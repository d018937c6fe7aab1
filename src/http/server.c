/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.c - the daemon: libmicrohttpd callbacks and the request pipeline
 * (see server.h).
 *
 * Threading: MHD runs a pool of cfg.threads worker threads, each with its
 * own event loop.  A handler runs on the worker that owns its connection
 * and uses that worker's own SQLite connection (http_thread_db), so no db
 * handle is ever used by two threads at once.  A write is the exception:
 * it runs as a job of a batch on the writer thread's connection while its
 * worker waits for it (group_commit.h).
 */
#include "http/server.h"

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
#include "http/console.h"
#include "http/cors.h"
#include "http/deadline.h"
#include "http/group_commit.h"
#include "http/http.h"
#include "http/idempotency.h"
#include "http/metrics.h"
#include "http/ratelimit.h"
#include "http/token_use.h"
#include "http/cache.h"
#include "http/router.h"
#include "base/log.h"
#include "base/tz.h"
#include "base/util.h"
#include "engine/validate.h"

#define PATH_CAP 1024
/*
 * header_limit is one memory pool per connection, for the request's head
 * and then for the answer's headers.  A request that leaves less than this
 * could run, commit, and then have no room for its answer; it is refused
 * first (431), so a write commits only when its answer can be delivered.
 */
#define ANSWER_RESERVE 2048

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

static bool
is_json_type(const char *ct)
{
	return http_media_type_is(ct, "application/json");
}

/* The pipeline of server.h; every step that refuses queues the response itself. */
/*
 * A GET reads in one transaction, so a calendar never mixes the state
 * before and after a concurrent write.  Staff whose reads are audited get a
 * write transaction: the audit row lands with the read or not at all.  The
 * response helpers commit it before they queue the answer.
 */
static enum MHD_Result
snapshot_call(struct req *r, const struct route *rt)
{
	bool audited = r->role == ROLE_PHARMACIST || r->role == ROLE_ADMIN;
	int rc = audited ? http_begin_write(r) : store_begin(r->db, false);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	r->snapshot = true;
	enum MHD_Result res;
	struct cache_hit hit;
	if (cache_serve(r, &hit))
		res = http_body(r, 200, hit.ctype, hit.body, hit.len, hit.headers);
	else
		res = rt->fn(r);
	if (r->snapshot) {             /* a handler that queued nothing through the helpers */
		r->snapshot = false;
		store_rollback(r->db);
	}
	return res;
}

static enum MHD_Result
dispatch(struct req *r)
{
	enum MHD_Result res;
	bool bad_id;
	const struct route *rt;
	json_error_t jerr;

	switch (cors_preflight(&r->app->cfg, r->method, r->path, http_header(r, "Origin"))) {
	case CORS_ALLOWED:
		return http_empty(r, 204, cors_preflight_headers);
	case CORS_REFUSED:
		return http_problem(r, 403, "this origin may not call the CDS services (cds_cors_origins)", NULL);
	case CORS_NOT_PREFLIGHT:
		break;
	}
	rt = router_find(r->app->routes, r->app->nroutes, r, &bad_id, &res);
	if (rt == NULL)
		return res;
	r->route = rt;
	if (r->body_too_big)
		return http_problem(r, 413, "request body over the configured limit", NULL);

	r->db = http_thread_db(r->app);
	if (r->db == NULL) {
		/* This worker cannot open the database (gone, replaced, unreadable): unavailable. */
		atomic_fetch_add(&r->app->store_errors, 1);
		/* A PostgreSQL server restarting is the common case there: the next try connects. */
		if (store_is_postgresql(r->app->cfg.store_path))
			return http_problem_with(r, 503, "the database server is unavailable; nothing was written; "
			    "retry shortly", NULL, (const char *const[]){ "Retry-After", "5", NULL });
		return http_problem_with(r, 503, "the database cannot be opened; an operator must check it",
		    NULL, (const char *const[]){ "Retry-After", "30", NULL });
	}

	if (rt->flags & R_CONSOLE) {
		if (!console_auth(r, &res))
			return res;
	} else if (!(rt->flags & R_PUBLIC)) {
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
		if (r->json != NULL && !val_numbers_exact(r->body ? r->body : "", r->body_len))
			return http_problem(r, 422,
			    "a number in the body is too small or too large to be read exactly", NULL);
		/* Well-formed JSON whose number no C type holds: invalid, not malformed. */
		if (r->json == NULL && json_error_code(&jerr) == json_error_numeric_overflow)
			return http_problem(r, 422,
			    "a number in the body is too small or too large to be read exactly", NULL);
		if (r->json == NULL) {
			char msg[256];
			snprintf(msg, sizeof msg, "malformed JSON at line %d column %d: %s", jerr.line,
			    jerr.column, jerr.text);
			return http_problem(r, 400, msg, NULL);
		}
		if (!json_is_object(r->json))
			return http_problem(r, 400, "the request body must be a JSON object", NULL);
	}
	/*
	 * An idempotent answer is stored to be replayed; an answer holding a
	 * secret (a new token) must never be stored nor handed out twice.
	 */
	if ((rt->flags & R_SECRET) && http_header(r, "Idempotency-Key") != NULL)
		return http_invalid(r, "Idempotency-Key",
		    "Idempotency-Key is not accepted here: the answer holds a secret that is never stored");
	if (strcmp(r->method, "POST") == 0 && r->token_id > 0 && !idempotency_check(r, &res))
		return res;
	if (ratelimit_exceeded(r->app->cfg.rate_limit, r->token_id))
		return http_problem_with(r, 429, "too many requests for this token", NULL,
		    (const char *const[]){ "Retry-After", "1", NULL });
	if (strcmp(r->method, "GET") == 0 && !(rt->flags & R_PUBLIC))
		return snapshot_call(r, rt);
	if (strcmp(r->method, "GET") != 0) {
		if (!http_db_file_ok(r, &res))
			return res;
		return http_run_write(r, rt->fn);
	}
	return rt->fn(r);
}

/* ---- MHD callbacks ---- */

/*
 * The caller's X-Request-Id when it is 1..HTTP_REQUEST_ID_MAX characters of
 * [A-Za-z0-9._:-] (safe in a log line and a header), else a fresh random one.
 */
static void
request_id(struct req *r)
{
	static atomic_uint_fast64_t seq;
	const char *in = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Request-Id");
	size_t n = in ? strlen(in) : 0;
	bool ok = n > 0 && n <= HTTP_REQUEST_ID_MAX;
	unsigned char rnd[8];

	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)in[i]) || strchr("._:-", in[i]) != NULL;
	if (ok) {
		memcpy(r->request_id, in, n + 1);
		return;
	}
	/* Without entropy a counter still tells this process's requests apart. */
	if (!util_random(rnd, sizeof rnd)) {
		uint64_t v = atomic_fetch_add(&seq, 1) ^ r->t0;
		memcpy(rnd, &v, sizeof rnd);
	}
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(r->request_id + 2 * i, 3, "%02x", rnd[i]);
}

static void
client_address(struct req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	const void *a = NULL;

	util_copy(r->client, sizeof r->client, "-");
	if (sa != NULL && sa->sa_family == AF_INET)
		a = &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa != NULL && sa->sa_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (a != NULL && inet_ntop(sa->sa_family, a, r->client, sizeof r->client) == NULL)
		util_copy(r->client, sizeof r->client, "-");
}

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

/* ---- strict framing, before any handler runs ---- */

/* What one pass over the request's head found. */
struct head_scan {
	const char *bad;        /* the first reason to refuse, or NULL */
	unsigned nte, ncl;      /* Transfer-Encoding and Content-Length fields */
	size_t size;            /* bytes the head holds in the connection's memory pool */
	size_t target;          /* of which the request target: path and query */
};

/* Headers and query arguments: their size; a header's bytes and name too (HTAB is allowed). */
static enum MHD_Result
scan_value(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
    const char *value, size_t value_size)
{
	struct head_scan *s = cls;
	s->size += key_size + value_size + 4;      /* ": " and CRLF, or "=" and "&" */
	if (kind != MHD_HEADER_KIND) {
		s->target += key_size + value_size + 2;
		return MHD_YES;
	}
	if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		s->nte++;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		s->ncl++;
	for (size_t i = 0; i < key_size && s->bad == NULL; i++) {
		unsigned char c = (unsigned char)key[i];
		if (c <= 0x20 || c == 0x7f)
			s->bad = "a header name holds a space or a control byte";
	}
	for (size_t i = 0; value != NULL && i < value_size && s->bad == NULL; i++) {
		unsigned char c = (unsigned char)value[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			s->bad = "a header value holds a NUL or a control byte";
	}
	return MHD_YES;
}

static void
scan_head(struct MHD_Connection *conn, const char *method, const char *url, const char *version,
    struct head_scan *s)
{
	memset(s, 0, sizeof *s);
	s->size = strlen(method) + strlen(url) + strlen(version) + 4;
	s->target = strlen(url) + 1;
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, scan_value, s);
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, scan_value, s);
}

/*
 * Framing that a proxy in front could read differently from us is refused
 * before routing, and the connection is closed (RFC 9112 6.1, 6.3): a
 * Transfer-Encoding with a Content-Length (request smuggling), any coding
 * but exactly "chunked", Transfer-Encoding on HTTP/1.0, Content-Length
 * twice, and NUL or control bytes in a header.  Returns the reason, or NULL when the framing is sound.
 */
static const char *
framing_refusal(struct MHD_Connection *conn, const char *version, const struct head_scan *s)
{
	const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING);

	if (s->bad != NULL)
		return s->bad;
	if (s->ncl > 1)
		return "Content-Length given more than once";
	if (te == NULL)
		return NULL;
	if (strcmp(version, MHD_HTTP_VERSION_1_0) == 0)
		return "Transfer-Encoding is not allowed on HTTP/1.0";
	if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH) != NULL)
		return "Transfer-Encoding and Content-Length together";
	if (s->nte != 1 || strcasecmp(te, "chunked") != 0)
		return "the only transfer coding accepted is exactly 'chunked'";
	return NULL;
}

/*
 * MHD decodes %2F in the path before routing; the raw target is only seen
 * here.  An encoded '/' in the path (not the query) is never a separator:
 * "/v1/patients%2F1" must not route as "/v1/patients/1", so it is a 404.
 * The request's state starts here, with what the raw target showed.
 */
/* The connection's deadline record (on_connection made it), or NULL. */
static struct deadline_conn *
conn_deadline(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/*
 * Every connection gets a request deadline when it opens and loses it just
 * before libmicrohttpd closes its socket (deadline.h).
 */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct titrad *app = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci != NULL ? deadline_open(app->deadlines, ci->connect_fd) : NULL;
		return;
	}
	deadline_close(app->deadlines, *socket_context);
	*socket_context = NULL;
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct titrad *app = cls;
	struct req *r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->dl = conn_deadline(conn);
	deadline_request_line(app->deadlines, r->dl);
	for (const char *p = uri; *p != '\0' && *p != '?'; p++)
		if (p[0] == '%' && p[1] == '2' && (p[2] == 'f' || p[2] == 'F'))
			r->raw_slash = true;
	return r;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct titrad *app = cls;
	struct req *r = *con_cls;

	if (r == NULL || !r->started) {
		if (r == NULL) {
			if ((r = calloc(1, sizeof *r)) == NULL)
				return MHD_NO;
			r->dl = conn_deadline(conn);
		}
		r->started = true;
		r->app = app;
		r->conn = conn;
		r->method = method;
		r->t0 = util_now_us();
		request_id(r);
		client_address(r);
		r->now = app->fixed_now ? app->fixed_now : time(NULL);
		dt_format_stamp(r->now, r->now_stamp);
		r->today = dt_day_of(r->now + tz_offset(r->now));   /* the configured zone's date */
		*con_cls = r;
		atomic_fetch_add(&app->in_flight, 1);
		if (strlen(url) >= PATH_CAP) {
			copy_path(r->path, sizeof r->path, url);
			return http_problem(r, 414, "URL over the limit", NULL);
		}
		copy_path(r->path, sizeof r->path, url);
		if (strlen(url) >= sizeof r->path)
			return http_problem(r, 414, "URL over the limit", NULL);
		struct head_scan scan;
		scan_head(conn, method, url, version, &scan);
		const char *bad = framing_refusal(conn, version, &scan);
		if (bad != NULL) {
			r->body_too_big = true;     /* whatever body follows is never read as a request */
			return http_problem_with(r, 400, bad, NULL,
			    (const char *const[]){ MHD_HTTP_HEADER_CONNECTION, "close", NULL });
		}
		if (scan.size + ANSWER_RESERVE > app->cfg.header_limit) {
			r->body_too_big = true;     /* never read the body: nothing may run */
			/* Mostly the URL (a long query): 414; mostly header fields: 431. */
			if (scan.target * 2 > app->cfg.header_limit)
				return http_problem_with(r, 414, "the URL with its query takes more than half "
				    "of header_limit", NULL,
				    (const char *const[]){ MHD_HTTP_HEADER_CONNECTION, "close", NULL });
			return http_problem_with(r, 431, "the request's headers leave too little of "
			    "header_limit for the answer", NULL,
			    (const char *const[]){ MHD_HTTP_HEADER_CONNECTION, "close", NULL });
		}
		if (r->raw_slash)
			return http_problem(r, 404, "no such resource (an encoded '/' is not a separator)",
			    NULL);
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
	/* The last call (the whole request is in) stops the deadline; past it, close and run nothing. */
	if (*upload_data_size == 0 ? !deadline_received(app->deadlines, r->dl)
	    : !deadline_ok(app->deadlines, r->dl))
		return MHD_NO;
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

	deadline_answered(app->deadlines, conn_deadline(conn));
	if (r == NULL)
		return;
	if (!r->started) {          /* MHD answered it before on_request ever ran */
		free(r);
		*con_cls = NULL;
		return;
	}
	uint64_t us = util_now_us() - r->t0;
	safe_path(path, sizeof path, r->path);
	log_info("%s %s %u %lluus client=%s request_id=%s%s", r->method, path, r->status,
	    (unsigned long long)us, r->client, r->request_id,
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	metrics_record(app->metrics, r->route, r->status, us);
	if (r->db != NULL && store_in_tx(r->db))
		store_rollback(r->db);
	atomic_fetch_sub(&app->in_flight, 1);
	json_decref(r->json);
	free(r->advice);
	free(r->body);
	free(r->cache_key);
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
	return util_read_file(path, 1u << 20, out, err, errlen);
}

bool
http_start(struct titrad *app, const struct route *routes, size_t nroutes, char *err, size_t errlen)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	/*
	 * poll(), not epoll: libmicrohttpd 0.9.75's epoll path can abort in
	 * MHD_stop_daemon after MHD_quiesce_daemon with a thread pool ("Failed
	 * to remove listen FD from epoll set"), seen in the test suites.
	 */
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG;
	char *cert = NULL, *key = NULL;
	bool ok = false;

	/* Once, before any worker thread: requests then only read the zone. */
	if (!tz_apply(app->cfg.timezone, err, errlen))
		return false;
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
	app->routes = routes;
	app->nroutes = nroutes;
	app->metrics = metrics_new(routes, nroutes);
	app->logins = console_logins_new();
	if (app->metrics == NULL || app->logins == NULL) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}
	pthread_mutex_init(&app->lock, NULL);
	store_set_write_wait(app->cfg.write_wait_ms);
	app->deadlines = deadlines_new(app->cfg.request_deadline_seconds, app->cfg.connection_timeout);
	if (app->deadlines == NULL) {
		snprintf(err, errlen, "out of memory (request deadline watchdog)");
		goto cleanup;
	}
	if ((app->token_use = token_use_start(app->cfg.store_path, app->cfg.token_use_flush, err, errlen)) == NULL)
		goto cleanup;
	app->cache = cache_new(app->cfg.cache_bytes);
	if (app->cfg.cache_bytes > 0 && app->cache == NULL) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}

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
	    /* One client address (slow or hostile) cannot take every connection slot. */
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)app->cfg.client_connection_limit,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)app->cfg.connection_timeout,
	    /*
	     * Twice header_limit: a head over header_limit still fits, so titrad
	     * answers it (problem+json, above); libmicrohttpd's own plain-text
	     * 414/431 is left for a head over twice the limit.
	     */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, 2 * (size_t)app->cfg.header_limit,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, app,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, app,
	    MHD_OPTION_ARRAY, (flags & MHD_USE_TLS) ? tls_opts : &tls_opts[2],
	    MHD_OPTION_END);
	if (app->mhd == NULL) {
		snprintf(err, errlen, "cannot listen on %s port %u (in use, or bad TLS files?)",
		    app->cfg.listen, app->cfg.port);
		goto cleanup;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(app->mhd, MHD_DAEMON_INFO_BIND_PORT);
	app->port = info ? info->port : app->cfg.port;
	/* Until the writer runs, app->writes is NULL and a write runs alone on its worker. */
	struct group_commit *w = group_commit_start(app->cfg.store_path, app->cfg.group_commit_max,
	    app->cfg.write_wait_ms, err, errlen);
	if (w == NULL)
		goto cleanup;
	app->writes = w;
	ok = true;
cleanup:
	/* MHD copies nothing for MEM_CERT/KEY in older versions; keep them alive. */
	if (!ok) {
		/* MHD first: its threads use what is freed below. */
		if (app->mhd != NULL)
			MHD_stop_daemon(app->mhd);
		app->mhd = NULL;
		free(cert);
		free(key);
		metrics_free(app->metrics);
		app->metrics = NULL;
		console_logins_free(app->logins);
		app->logins = NULL;
		deadlines_free(app->deadlines);
		app->deadlines = NULL;
		token_use_stop(app->token_use);
		app->token_use = NULL;
		cache_free(app->cache);
		app->cache = NULL;
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
	/* Every queued write done and its worker woken, so MHD's threads can end. */
	group_commit_stop(app->writes);
	MHD_stop_daemon(app->mhd);
	group_commit_free(app->writes);
	app->writes = NULL;
	app->mhd = NULL;
	deadlines_free(app->deadlines);
	app->deadlines = NULL;
	/* No request runs now: the last uses noted are written before the connections close. */
	token_use_stop(app->token_use);
	app->token_use = NULL;
	pthread_mutex_lock(&app->lock);
	for (size_t i = 0; i < app->ndbs; i++)
		store_close(app->dbs[i]);
	app->ndbs = 0;
	pthread_mutex_unlock(&app->lock);
	pthread_mutex_destroy(&app->lock);
	metrics_free(app->metrics);
	app->metrics = NULL;
	console_logins_free(app->logins);
	app->logins = NULL;
	cache_free(app->cache);
	app->cache = NULL;
	free(app->tls_mem[0]);
	free(app->tls_mem[1]);
	app->tls_mem[0] = app->tls_mem[1] = NULL;
}
