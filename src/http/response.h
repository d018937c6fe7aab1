/* SPDX-License-Identifier: Apache-2.0 */
/*
 * response.h - the response helpers every handler uses, and the request's
 * transaction.
 *
 * Each response helper queues exactly one response and returns MHD's
 * result; a handler returns it as its own.  Inside the write runner
 * (http_run_write) the response is held until the commit.
 */
#ifndef TITRAD_RESPONSE_H
#define TITRAD_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#define HTTP_LIMIT_DEFAULT 100
#define HTTP_LIMIT_MAX 1000
/* The console's Content-Security-Policy, sent on every answer under /console/. */
#define CONSOLE_CSP "default-src 'none'; style-src 'self'; img-src 'self' data:; " \
	"form-action 'self'; frame-ancestors 'none'"

struct req;

/* ---- responses ---- */
/* json is stolen (decref'd). headers: NULL-terminated name/value pairs or NULL. */
enum MHD_Result http_json(struct req *r, unsigned status, json_t *json, const char *const *headers);
/* body (malloc'd) is stolen. */
enum MHD_Result http_body(struct req *r, unsigned status, const char *content_type, char *body,
    size_t len, const char *const *headers);
enum MHD_Result http_empty(struct req *r, unsigned status, const char *const *headers);
/* RFC 9457 problem details; errors (stolen, may be NULL) is the field list. */
enum MHD_Result http_problem(struct req *r, unsigned status, const char *detail, json_t *errors);
enum MHD_Result http_problem_with(struct req *r, unsigned status, const char *detail, json_t *errors,
    const char *const *headers);
/* One-field 422 shorthand. */
enum MHD_Result http_invalid(struct req *r, const char *field, const char *message);
/* The database file is still the one opened (else a 503 queued into *res, false). */
bool http_db_file_ok(struct req *r, enum MHD_Result *res);
/* 500 for a db failure, 503 for a lock not obtained in time or a full disk; rolls back. */
enum MHD_Result http_db_failure(struct req *r, int rc);

/*
 * A calendar answer (JSON, .ics, .html) with an ETag of its bytes: 304 when
 * If-None-Match holds it (or, with stamp >= 0, If-Modified-Since is not
 * before stamp, sent as Last-Modified); else 200 with body, which it owns.
 */
enum MHD_Result http_reply_validated(struct req *r, const char *ctype, char *body, size_t len, time_t stamp);
/* ---- request helpers ---- */
const char *http_query(struct req *r, const char *name);
const char *http_header(struct req *r, const char *name);
/* A Content-Type value is the media type want (case-insensitive), with or without parameters. */
bool http_media_type_is(const char *ct, const char *want);
/* ?limit= and ?after= for lists; false after queueing a 422. */
bool http_page(struct req *r, int *limit, int64_t *after, enum MHD_Result *res);
/*
 * A page is read with one row more than the client asked for (limit + 1):
 * true when that row came, so "next" is a cursor only when a next page has
 * rows, and null on the last page even when it is full; *n is cut to limit.
 */
bool http_page_more(size_t *n, int limit);
/* Patient tokens may only see their own patient. */
bool http_may_see_patient(struct req *r, int64_t patient_id);

/* ---- the request's transaction ---- */
/* Audit inside the caller's transaction. */
int http_audit(struct req *r, const char *action, const char *entity, int64_t id, const char *detail);
/* A pharmacist's or admin's read of patient data, audited in its own transaction. */
int http_audit_read(struct req *r, const char *action, const char *entity, int64_t id);
/* Begin a write transaction, retrying briefly on SQLITE_BUSY. */
int http_begin_write(struct req *r);
/* Commit the request's transaction (a no-op inside http_run_write, whose runner commits). */
int http_commit(struct req *r);

/*
 * The write runner: fn (a handler) runs inside one write transaction
 * (store_run_tx, bounded retry when the lock is lost).  Its answer is built
 * and held, not queued; with an Idempotency-Key a success is stored in the
 * same transaction.  A success commits and only then is its answer queued;
 * an error answer rolls back; a commit that fails turns into a 5xx.  So no
 * write commits without an answer ready to send, and none is answered
 * before it is durable.  Writes that arrive together are committed together
 * in one transaction, a savepoint each (group_commit.h): fn must not
 * commit, and its store_rollback undoes its own work alone.
 */
#define HTTP_TX_REFUSED 100   /* the handler answered with an error: roll back */
enum MHD_Result http_run_write(struct req *r, enum MHD_Result (*fn)(struct req *r));

#endif
