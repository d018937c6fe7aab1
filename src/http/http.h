/*
 * http.h - libmicrohttpd glue: the daemon, per-request context, routing,
 * authentication and the response helpers every api_*.c handler uses.
 *
 * A request goes: route (404/405) -> body cap (413) -> token (401) ->
 * role (403) -> content type (415) -> JSON (400) -> handler.  A handler
 * parses and validates, calls the pure modules and the db, and queues
 * exactly one response through the helpers below, returning their result.
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
#include "store/store.h"
#include "engine/titration.h"

#define HTTP_MAX_PROTOCOLS 8
#define HTTP_MAX_THREADS 128
#define HTTP_LIMIT_DEFAULT 100
#define HTTP_LIMIT_MAX 1000

enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_CLINIC = 1 << 1,
	ROLE_PHARMACIST = 1 << 2,
	ROLE_PATIENT = 1 << 3,
};
#define ROLES_ALL (ROLE_ADMIN | ROLE_CLINIC | ROLE_PHARMACIST | ROLE_PATIENT)
#define ROLES_STAFF (ROLE_ADMIN | ROLE_CLINIC | ROLE_PHARMACIST)

const char *role_name(int role);
int role_parse(const char *s);

struct metrics;

/* The daemon: settings, read-only clinical data, the MHD instance. */
struct titrad {
	struct titrad_config cfg;
	struct titr_protocol protocols[HTTP_MAX_PROTOCOLS];
	size_t nprotocols;
	struct titr_note *notes;    /* patient_text: the calendar page's sentences per drug */
	size_t nnotes;
	struct renal_band bands[64];
	size_t nbands;
	struct formulary *fm;       /* names -> ingredients */
	struct ia_kb *kb;           /* safety rules */
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
};

struct route;

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
	uint64_t t0;
	unsigned status;
	bool queued;
	char *advice;               /* api_regimen_extra_note's text, freed with the request */
	/* Idempotency-Key: the response is stored in the request's own transaction */
	bool idem;
	bool commit_pending;
	char idem_key[256];
	char idem_hash[65];
};

typedef enum MHD_Result (*http_handler)(struct req *r);

enum route_flags {
	R_PUBLIC = 1 << 0,       /* no token needed */
	R_BODY = 1 << 1,         /* expects a JSON object body */
	R_QUERY_TOKEN = 1 << 2,  /* also accepts ?token= (calendar feeds, patient tokens) */
};

struct route {
	const char *method;
	const char *pattern;     /* segments; ":id" matches a positive integer */
	http_handler fn;
	int roles;               /* who may call it at all (else 403) */
	unsigned flags;
	const char *name;        /* metrics label */
};

extern const struct route http_routes[];
extern const size_t http_nroutes;

/* Create/migrate the database and read the clinical tables into app. */
bool http_load_reference(struct titrad *app, char *err, size_t errlen);
void http_free_reference(struct titrad *app);
/* Start listening (cfg.port 0 picks a free port, read back into app->port). */
bool http_start(struct titrad *app, char *err, size_t errlen);
/* Stop accepting, let requests in flight finish (shutdown_grace), stop. */
void http_stop(struct titrad *app);
/* Open the db of the calling thread if needed. */
struct store *http_thread_db(struct titrad *app);

/* ---- responses; each queues exactly one and returns MHD's result ---- */
/* json is stolen (decref'd). headers: NULL-terminated name/value pairs or NULL. */
enum MHD_Result http_json(struct req *r, unsigned status, json_t *json, const char *const *headers);
enum MHD_Result http_body(struct req *r, unsigned status, const char *content_type, char *body,
    size_t len, const char *const *headers);
enum MHD_Result http_empty(struct req *r, unsigned status, const char *const *headers);
/* RFC 9457 problem details; errors (stolen, may be NULL) is the field list. */
enum MHD_Result http_problem(struct req *r, unsigned status, const char *detail, json_t *errors);
enum MHD_Result http_problem_with(struct req *r, unsigned status, const char *detail, json_t *errors,
    const char *const *headers);
/* One-field 422 shorthand. */
enum MHD_Result http_invalid(struct req *r, const char *field, const char *message);
/* 500 for a db failure, 503 for a lock not obtained in time. */
enum MHD_Result http_db_failure(struct req *r, int rc);

/* ---- request helpers ---- */
const char *http_query(struct req *r, const char *name);
const char *http_header(struct req *r, const char *name);
/* ?limit= and ?after= for lists; false after queueing a 422. */
bool http_page(struct req *r, int *limit, int64_t *after, enum MHD_Result *res);
/* Patient tokens may only see their own patient. */
bool http_may_see_patient(struct req *r, int64_t patient_id);
/* Audit inside the caller's transaction. */
int http_audit(struct req *r, const char *action, const char *entity, int64_t id, const char *detail);
/* A pharmacist's or admin's read of patient data, audited in its own transaction. */
int http_audit_read(struct req *r, const char *action, const char *entity, int64_t id);
/* Begin a write transaction, retrying briefly on SQLITE_BUSY. */
int http_begin_write(struct req *r);
/*
 * Commit the request's transaction.  With an Idempotency-Key the commit
 * waits for the response, which is stored in the same transaction when it
 * is queued; a failure there turns the response into a 5xx.
 */
int http_commit(struct req *r);

#endif
