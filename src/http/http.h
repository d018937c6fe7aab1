/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.h - what the HTTP modules share: the daemon (struct titrad), the
 * request context (struct req) and the routing table's entry (struct route).
 *
 * A handler parses and validates, calls the pure modules and the db, and
 * queues exactly one response through the helpers of response.h, returning
 * their result.  server.h runs the pipeline that leads to the handler.
 */
#ifndef TITRAD_HTTP_H
#define TITRAD_HTTP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "base/config.h"
#include "engine/datetime.h"
#include "engine/jwt.h"
#include "store/store.h"
#include "engine/titration.h"
#include "http/response.h"
#include "http/roles.h"
#include "service/service.h"

#define HTTP_MAX_THREADS 128
#define HTTP_REQUEST_ID_MAX 64   /* an incoming X-Request-Id longer than this is replaced */

struct console_logins;
struct token_use;
struct resp_cache;
struct group_commit;
struct metrics;
struct route;

/* The daemon: settings, read-only clinical data, the MHD instance. */
struct titrad {
	struct titrad_config cfg;
	struct svc_ref ref;         /* protocols, renal bands, formulary, rules */
	const struct route *routes; /* the table http_start was given */
	size_t nroutes;
	struct MHD_Daemon *mhd;
	unsigned port;              /* the bound port */
	time_t fixed_now;           /* tests: pretend it is this time; 0 = real clock */
	pthread_mutex_t lock;       /* guards dbs[] */
	struct store *dbs[HTTP_MAX_THREADS];
	size_t ndbs;
	struct metrics *metrics;
	atomic_uint_fast64_t store_errors;
	atomic_int in_flight;       /* requests begun and not completed */
	char *tls_mem[2];           /* certificate and key, alive while MHD runs */
	struct console_logins *logins;  /* console login attempts by address (console_login.c) */
	/* CDS Hooks: the EHRs whose signed JWTs are accepted, and the jti values seen (auth.c) */
	struct jwt_trust ehr_trust;
	pthread_mutex_t jti_lock;
	struct jwt_replay jti_seen;
	char instance_id[STORE_INSTANCE_LEN];   /* the database's id, in calendar UIDs */
	struct deadlines *deadlines;    /* request_deadline_seconds: the watchdog (deadline.h) */
	struct token_use *token_use;            /* last-used times, written off the request path */
	struct resp_cache *cache;               /* GET bodies by what they depend on (cache.h); NULL: off */
	struct group_commit *writes;            /* the write runner's queue (group_commit.h) */
};

struct req {
	struct titrad *app;
	struct MHD_Connection *conn;
	const char *method;
	char path[256];             /* without the query string; logged */
	const struct route *route;
	int64_t id[2];              /* the :id segments of the path */
	/* body */
	char *body;
	size_t body_len, body_cap;
	bool body_too_big, body_bad;
	json_t *json;               /* parsed body (object), owned here */
	/* caller */
	int role;
	int64_t patient_id;         /* patient tokens: the one patient */
	int64_t token_id;
	char actor[STORE_LABEL_MAX + 1];
	/* clock, fixed for the whole request */
	time_t now;
	char now_stamp[DT_STAMP_LEN];
	int32_t today;
	struct store *db;
	struct svc_ctx svc;         /* view_svc(): what services are given */
	uint64_t t0;
	unsigned status;
	bool queued;
	char *advice;               /* view_extra_note's text, freed with the request */
	/* Idempotency-Key: the response is stored in the request's own transaction */
	bool idem;
	/* http_run_write: the answer is held here until the commit */
	bool in_write;
	int tx_rc;                  /* a store failure or refusal inside the runner */
	struct MHD_Response *held;
	unsigned held_status;
	/* A GET's one snapshot: a transaction dispatch opens around the handler, ended before the answer is queued. */
	bool snapshot;
	char idem_key[256];
	char idem_hash[65];
	/* console pages (console.h): the session's id, CSRF value and the outcome to show once */
	int64_t session_id;
	char csrf[48];
	char flash[STORE_FLASH_MAX + 1];
	/* for the log line and X-Request-Id: the caller's address and the request's id */
	char client[48];
	char request_id[HTTP_REQUEST_ID_MAX + 1];
	/* server.c: on_request has seen it; the raw target had %2F in its path */
	bool started, raw_slash;
	bool read_audited;          /* a handler audited this read itself (http_audit_read) */
	struct deadline_conn *dl;   /* the connection's request deadline (deadline.h) */
	char *cache_key;            /* cache.c: a miss whose 200 answer is kept under this key */
	size_t cache_key_len;
};

typedef enum MHD_Result (*http_handler)(struct req *r);

enum route_flags {
	R_PUBLIC = 1 << 0,       /* no token needed */
	R_BODY = 1 << 1,         /* expects a JSON object body */
	R_QUERY_TOKEN = 1 << 2,  /* also accepts ?token= (calendar feeds, patient tokens) */
	R_CONSOLE = 1 << 3,      /* a console page: a session cookie, never a bearer token */
	R_SECRET = 1 << 4,       /* the answer carries a secret: never stored, so no Idempotency-Key */
	R_NO_PATIENT = 1 << 5,   /* a GET of no patient's data: a staff read of it is not audited */
};

struct route {
	const char *method;
	const char *pattern;     /* segments; ":id" matches a positive integer */
	http_handler fn;
	int roles;               /* who may call it at all (else 403) */
	unsigned flags;
	const char *name;        /* metrics label */
	const void *arg;         /* a value the handler reads instead of re-parsing the path, or NULL */
};

#endif
