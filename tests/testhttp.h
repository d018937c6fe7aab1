/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testhttp.h - run titrad inside the test process and talk to it with libcurl.
 *
 * In the style of libmicrohttpd's own testcurl tests: every fixture starts
 * the real daemon on port 0 (the kernel picks a free port, read back from
 * app->port) with a fresh temporary database, so test programs may run in
 * parallel and nothing is started by hand.
 *
 *   struct th th;
 *   th_start(&th);                      // daemon + admin/clinic/pharmacist tokens
 *   struct th_resp r;
 *   th_request(&th, "GET", "/v1/health", NULL, NULL, NULL, NULL, &r);
 *   ...
 *   th_resp_free(&r);
 *   th_stop(&th);
 */
#ifndef TITRAD_TESTHTTP_H
#define TITRAD_TESTHTTP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <check.h>
#include <jansson.h>

#include "http/auth.h"
#include "store/store.h"
#include "http/http.h"

struct th {
	struct titrad *app;
	struct store *db;                  /* a connection of our own (tokens, counts) */
	char store_path[PATH_MAX];
	char admin[AUTH_TOKEN_LEN];
	char clinic[AUTH_TOKEN_LEN];
	char pharmacist[AUTH_TOKEN_LEN];
	unsigned ntokens;               /* for generated labels */
};

struct th_resp {
	long status;                    /* 0 if the transfer failed */
	char content_type[128];
	char location[256];
	char etag[128];
	char allow[128];
	char www_authenticate[256];
	char retry_after[32];
	char set_cookie[256];
	char csp[256];
	char request_id[128];
	char *body;                     /* NUL-terminated, body_len bytes before it */
	size_t body_len;
	json_t *json;                   /* parsed body, NULL if not JSON */
};

/*
 * Once per process, in main: before srunner_run_all (curl_global_init and
 * a temporary directory for the databases) and after it (removes them).
 */
void th_global_init(void);
void th_global_cleanup(void);
/* A test program's main: the suite between th_global_init and th_global_cleanup; the exit status. */
int th_run(Suite *s);

/* Start a daemon on a fresh database; aborts the test (ck_abort) on failure. */
void th_start(struct th *th);
/* Same, with configure(cfg) run on the test defaults before the daemon starts. */
void th_start_ex(struct th *th, void (*configure)(struct titrad_config *));
void th_stop(struct th *th);
/* Stop and start the daemon again on the same database, with th->app->cfg as the test changed it. */
void th_restart(struct th *th);

/*
 * Create a token of role (patient_id > 0 for "patient", else -1), optional
 * label (NULL: generated) and expires_at (NULL: never).  Writes the
 * plaintext to out and returns the DB_ code.
 */
int th_token_ex(struct th *th, const char *role, int64_t patient_id, const char *label,
    const char *expires_at, char out[AUTH_TOKEN_LEN]);
/* A token of role for patient_id (-1 unless "patient"); ck_asserts success. */
void th_token(struct th *th, const char *role, int64_t patient_id, char out[AUTH_TOKEN_LEN]);
/* Revoke the token with this label (store_token_revoke); returns the DB_ code. */
int th_revoke(struct th *th, const char *label);

/*
 * One request.  token: bearer token or NULL; content_type: NULL sends none
 * (with a body, curl would add a form type, so pass it explicitly);
 * body: NUL-terminated or NULL; extra_header: one "Name: value" or NULL.
 * Returns out->status.  Free out with th_resp_free.
 */
long th_request(struct th *th, const char *method, const char *path, const char *token,
    const char *content_type, const char *body, const char *extra_header, struct th_resp *out);
/* Same, with a body of body_len bytes (may contain anything). */
long th_request_len(struct th *th, const char *method, const char *path, const char *token,
    const char *content_type, const char *body, size_t body_len, const char *extra_header,
    struct th_resp *out);
void th_resp_free(struct th_resp *r);

/* Shorthands: JSON body with Content-Type: application/json. */
long th_get(struct th *th, const char *path, const char *token, struct th_resp *out);
long th_post(struct th *th, const char *path, const char *token, const char *json,
    struct th_resp *out);

/* Row count of a table (store_count) through our own connection; -1 on error. */
int64_t th_count(struct th *th, const char *table);

/* ck_assert that r is an RFC 9457 problem with this status. */
void th_assert_problem(const struct th_resp *r, long status);

/* JSON helpers: members of r->json (or of obj). */
const char *th_str(const json_t *obj, const char *key);      /* NULL if absent */
double th_num(const json_t *obj, const char *key);          /* NaN if absent */
int64_t th_int(const json_t *obj, const char *key);         /* INT64_MIN if absent */

/* Create a patient as clinic; returns its id (ck_asserts 201). */
int64_t th_patient(struct th *th, const char *external_id);
/* Add a medication by name to the patient's list as clinic; returns its id (ck_asserts 201). */
int64_t th_medication(struct th *th, int64_t patient_id, const char *name);
/* Create a regimen for the patient as clinic from a JSON body; returns its id. */
int64_t th_regimen(struct th *th, int64_t patient_id, const char *json);

/* PATCH with a JSON body (Content-Type: application/json). */
long th_patch(struct th *th, const char *path, const char *token, const char *json,
    struct th_resp *out);

/*
 * GET a listing page by page (?limit=page_size, then &after=next) and return
 * every "items" element, in order, as a new array; ck_asserts 200 on each
 * page.  path may already carry a query string.
 */
json_t *th_get_all(struct th *th, const char *path, const char *token, int page_size);

/* The elements of array whose member key is the string value (a new array). */
json_t *th_select(const json_t *array, const char *key, const char *value);

/* ---- CDS Hooks requests (CDS Hooks 2.0 shapes) ---- */

/* A draft MedicationRequest: coding (system, code) and/or text, either may be NULL. */
json_t *th_cds_order(const char *id, const char *system, const char *code, const char *text);
/* A collection Bundle of the resources in the array (stolen). */
json_t *th_cds_bundle(json_t *resources);
/*
 * A hook request as a string to free: drafts and prefetch_meds are stolen;
 * prefetch_meds NULL leaves prefetch out, json_null() sends "medications": null.
 */
char *th_cds_request(const char *hook, const char *patient, const char *user, json_t *drafts,
    json_t *prefetch_meds);

/* ---- suites ---- */

/* A test case with this checked fixture and timeout (seconds, before CK_TIMEOUT_MULTIPLIER). */
TCase *th_tcase(const char *name, void (*setup)(void), void (*teardown)(void), double timeout);

#endif
