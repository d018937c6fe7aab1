/* SPDX-License-Identifier: Apache-2.0 */
/* testhttp.c - the in-process daemon harness (see testhttp.h). */
#include "testhttp.h"
#include "testtmp.h"

#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>

#include "base/config.h"
#include "base/log.h"
#include "base/util.h"
#include "http/reference.h"
#include "http/routes.h"
#include "http/server.h"

static void live_free_all(void);

/*
 * Databases live in one directory per test program, made before the tests
 * fork and removed afterwards by the parent: a failed test's child exits
 * without running its teardown, and its files must not stay behind.
 */

/* One run directory for the program's databases (testtmp.h), made and removed around the suite. */
void
th_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	testtmp_init();
}

void
th_global_cleanup(void)
{
	curl_global_cleanup();
	testtmp_cleanup();
}

int
th_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	th_global_init();
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	th_global_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void
th_start(struct th *th)
{
	th_start_ex(th, NULL);
}

void
th_start_ex(struct th *th, void (*configure)(struct titrad_config *))
{
	char err[512];

	memset(th, 0, sizeof *th);
	log_set_level(LOG_LVL_ERROR);
	tt_db_uri(th->store_path, sizeof th->store_path);   /* PostgreSQL with TITRAD_TEST_PG */
	th->app = calloc(1, sizeof *th->app);
	ck_assert_ptr_nonnull(th->app);
	config_defaults(&th->app->cfg);
	ck_assert(util_copy(th->app->cfg.store_path, sizeof th->app->cfg.store_path, th->store_path));
	th->app->cfg.port = 0;
	th->app->cfg.threads = 2;
	th->app->cfg.shutdown_grace = 1;
	if (configure != NULL)
		configure(&th->app->cfg);
	ck_assert_msg(http_load_reference(th->app, err, sizeof err), "load: %s", err);
	ck_assert_msg(http_start(th->app, http_routes, http_nroutes, err, sizeof err), "start: %s", err);
	ck_assert_uint_ne(th->app->port, 0);
	ck_assert_msg(store_open(th->store_path, false, &th->db, err, sizeof err) == STORE_OK, "open: %s", err);
	th_token(th, "admin", -1, th->admin);
	th_token(th, "clinic", -1, th->clinic);
	th_token(th, "pharmacist", -1, th->pharmacist);
}

void
th_restart(struct th *th)
{
	char err[512];
	http_stop(th->app);
	ck_assert_msg(http_start(th->app, http_routes, http_nroutes, err, sizeof err), "restart: %s", err);
}

void
th_stop(struct th *th)
{
	live_free_all();
	if (th->app != NULL) {
		http_stop(th->app);
		http_free_reference(th->app);
		free(th->app);
		th->app = NULL;
	}
	store_close(th->db);
	th->db = NULL;
	if (th->store_path[0] != '\0') {
		tt_db_drop(th->store_path);
		th->store_path[0] = '\0';
	}
}

int
th_token_ex(struct th *th, const char *role, int64_t patient_id, const char *label,
    const char *expires_at, char out[AUTH_TOKEN_LEN])
{
	struct store_token t;
	time_t now = time(NULL);

	memset(&t, 0, sizeof t);
	if (label != NULL)
		util_copy(t.label, sizeof t.label, label);
	else
		snprintf(t.label, sizeof t.label, "test-%s-%u", role, ++th->ntokens);
	util_copy(t.role, sizeof t.role, role);
	t.patient_id = patient_id > 0 ? patient_id : -1;
	dt_format_stamp(now, t.created_at);
	if (expires_at != NULL)
		util_copy(t.expires_at, sizeof t.expires_at, expires_at);
	return auth_token_create(th->db, &t, out);
}

void
th_token(struct th *th, const char *role, int64_t patient_id, char out[AUTH_TOKEN_LEN])
{
	int rc = th_token_ex(th, role, patient_id, NULL, NULL, out);
	ck_assert_msg(rc == STORE_OK, "token for %s: %d", role, rc);
}

int
th_revoke(struct th *th, const char *label)
{
	char now[DT_STAMP_LEN];
	dt_format_stamp(time(NULL), now);
	return store_token_revoke(th->db, label, now);
}

/* ---- requests ---- */

/*
 * Responses not yet freed.  A failed ck_assert leaves its test without
 * running th_resp_free (with CK_FORK=no the process goes on), so th_stop
 * frees what is left: valgrind then reports only the daemon's own leaks.
 */
static struct { char *body; json_t *json; } live[64];
static size_t nlive;
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;   /* tests send from many threads */

static void
live_add(struct th_resp *r)
{
	pthread_mutex_lock(&live_lock);
	if (nlive < sizeof live / sizeof live[0]) {
		live[nlive].body = r->body;
		live[nlive].json = r->json;
		nlive++;
	}
	pthread_mutex_unlock(&live_lock);
}

static void
live_remove(const struct th_resp *r)
{
	pthread_mutex_lock(&live_lock);
	for (size_t i = 0; i < nlive; i++)
		if (live[i].body == r->body) {
			live[i] = live[--nlive];
			break;
		}
	pthread_mutex_unlock(&live_lock);
}

static void
live_free_all(void)
{
	for (size_t i = 0; i < nlive; i++) {
		json_decref(live[i].json);
		free(live[i].body);
	}
	nlive = 0;
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct th_resp *r = userdata;
	size_t n = size * nmemb;
	char *nb = realloc(r->body, r->body_len + n + 1);
	if (nb == NULL)
		return 0;
	memcpy(nb + r->body_len, data, n);
	r->body = nb;
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return n;
}

/* Copy the value of "Name: value\r\n" into dst if the name matches. */
static void
header_value(const char *line, size_t len, const char *name, char *dst, size_t cap)
{
	size_t nl = strlen(name), vl;
	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	line += nl + 1;
	len -= nl + 1;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n' || line[len - 1] == ' '))
		len--;
	vl = len < cap - 1 ? len : cap - 1;
	memcpy(dst, line, vl);
	dst[vl] = '\0';
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct th_resp *r = userdata;
	size_t n = size * nmemb;

	/* A new status line (after "100 Continue"): forget earlier headers. */
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		r->content_type[0] = r->location[0] = r->etag[0] = r->allow[0] = '\0';
		r->www_authenticate[0] = r->retry_after[0] = '\0';
		r->set_cookie[0] = r->csp[0] = '\0';
		r->request_id[0] = '\0';
		return n;
	}
	header_value(data, n, "Content-Type", r->content_type, sizeof r->content_type);
	header_value(data, n, "Location", r->location, sizeof r->location);
	header_value(data, n, "ETag", r->etag, sizeof r->etag);
	header_value(data, n, "Allow", r->allow, sizeof r->allow);
	header_value(data, n, "WWW-Authenticate", r->www_authenticate, sizeof r->www_authenticate);
	header_value(data, n, "Retry-After", r->retry_after, sizeof r->retry_after);
	header_value(data, n, "Set-Cookie", r->set_cookie, sizeof r->set_cookie);
	header_value(data, n, "Content-Security-Policy", r->csp, sizeof r->csp);
	header_value(data, n, "X-Request-Id", r->request_id, sizeof r->request_id);
	return n;
}

long
th_request_len(struct th *th, const char *method, const char *path, const char *token,
    const char *content_type, const char *body, size_t body_len, const char *extra_header,
    struct th_resp *out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hdrs = NULL;
	char url[64], line[4096];   /* an EHR's RS384 JWT is 700 bytes or more */
	size_t ulen;
	char *full;
	CURLcode rc;

	memset(out, 0, sizeof *out);
	ck_assert_ptr_nonnull(c);
	snprintf(url, sizeof url, "http://127.0.0.1:%u", th->app->port);
	ulen = strlen(url) + strlen(path) + 1;
	full = malloc(ulen);
	ck_assert_ptr_nonnull(full);
	snprintf(full, ulen, "%s%s", url, path);

	curl_easy_setopt(c, CURLOPT_URL, full);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	/* No "Expect: 100-continue" round trip; the daemon must cope without. */
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (token != NULL) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", token);
		hdrs = curl_slist_append(hdrs, line);
	}
	if (content_type != NULL) {
		snprintf(line, sizeof line, "Content-Type: %s", content_type);
		hdrs = curl_slist_append(hdrs, line);
	} else if (body != NULL) {
		/* Suppress curl's default application/x-www-form-urlencoded. */
		hdrs = curl_slist_append(hdrs, "Content-Type:");
	}
	if (extra_header != NULL)
		hdrs = curl_slist_append(hdrs, extra_header);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);

	if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else {
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		if (body != NULL) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		} else if (strcmp(method, "POST") == 0) {
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		}
	}

	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	else
		out->status = 0;
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	free(full);
	if (out->body == NULL) {
		out->body = calloc(1, 1);
		ck_assert_ptr_nonnull(out->body);
	}
	out->json = json_loadb(out->body, out->body_len, 0, NULL);
	live_add(out);
	return out->status;
}

long
th_request(struct th *th, const char *method, const char *path, const char *token,
    const char *content_type, const char *body, const char *extra_header, struct th_resp *out)
{
	return th_request_len(th, method, path, token, content_type, body,
	    body ? strlen(body) : 0, extra_header, out);
}

void
th_resp_free(struct th_resp *r)
{
	if (r->body != NULL)
		live_remove(r);
	json_decref(r->json);
	free(r->body);
	memset(r, 0, sizeof *r);
}

long
th_get(struct th *th, const char *path, const char *token, struct th_resp *out)
{
	return th_request(th, "GET", path, token, NULL, NULL, NULL, out);
}

long
th_post(struct th *th, const char *path, const char *token, const char *json, struct th_resp *out)
{
	return th_request(th, "POST", path, token, "application/json", json, NULL, out);
}

int64_t
th_count(struct th *th, const char *table)
{
	return store_count(th->db, table);
}

void
th_assert_problem(const struct th_resp *r, long status)
{
	ck_assert_msg(r->status == status, "status %ld, want %ld; body: %s", r->status, status,
	    r->body ? r->body : "");
	ck_assert_msg(strncasecmp(r->content_type, "application/problem+json", 24) == 0,
	    "status %ld: Content-Type '%s', want application/problem+json", status, r->content_type);
	ck_assert_msg(json_is_object(r->json), "status %ld: body is not a JSON object: %s", status,
	    r->body ? r->body : "");
	ck_assert_msg(json_integer_value(json_object_get(r->json, "status")) == status &&
	    json_is_integer(json_object_get(r->json, "status")),
	    "problem \"status\" differs from %ld: %s", status, r->body);
	ck_assert_msg(json_is_string(json_object_get(r->json, "title")), "problem without title");
	ck_assert_msg(json_is_string(json_object_get(r->json, "type")), "problem without type");
}

const char *
th_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

double
th_num(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

int64_t
th_int(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : INT64_MIN;
}

int64_t
th_medication(struct th *th, int64_t patient_id, const char *name)
{
	struct th_resp r;
	char path[64];
	int64_t id;
	json_t *body = json_pack("{s:s}", "name", name);
	char *text = json_dumps(body, JSON_COMPACT);

	ck_assert_ptr_nonnull(text);
	snprintf(path, sizeof path, "/v1/patients/%lld/medications", (long long)patient_id);
	th_post(th, path, th->clinic, text, &r);
	free(text);
	json_decref(body);
	ck_assert_msg(r.status == 201, "add medication %s: %ld %s", name, r.status, r.body);
	id = th_int(r.json, "id");
	ck_assert_int_gt(id, 0);
	th_resp_free(&r);
	return id;
}

int64_t
th_patient(struct th *th, const char *external_id)
{
	struct th_resp r;
	char body[256];
	int64_t id;

	snprintf(body, sizeof body, "{\"external_id\":\"%s\",\"display_name\":\"Test %s\"}",
	    external_id, external_id);
	th_post(th, "/v1/patients", th->clinic, body, &r);
	ck_assert_msg(r.status == 201, "create patient: %ld %s", r.status, r.body);
	id = th_int(r.json, "id");
	ck_assert_int_gt(id, 0);
	th_resp_free(&r);
	return id;
}

int64_t
th_regimen(struct th *th, int64_t patient_id, const char *json)
{
	struct th_resp r;
	char path[64];
	int64_t id;

	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)patient_id);
	th_post(th, path, th->clinic, json, &r);
	ck_assert_msg(r.status == 201, "create regimen: %ld %s", r.status, r.body);
	id = th_int(r.json, "id");
	ck_assert_int_gt(id, 0);
	th_resp_free(&r);
	return id;
}

long
th_patch(struct th *th, const char *path, const char *token, const char *json, struct th_resp *out)
{
	return th_request(th, "PATCH", path, token, "application/json", json, NULL, out);
}

json_t *
th_get_all(struct th *th, const char *path, const char *token, int page_size)
{
	json_t *all = json_array();
	char *next = NULL;
	const char *sep = strchr(path, '?') ? "&" : "?";
	int pages = 0;

	do {
		struct th_resp r;
		size_t len = strlen(path) + 80;
		char *url = malloc(len);
		ck_assert_ptr_nonnull(url);
		if (next != NULL)
			snprintf(url, len, "%s%slimit=%d&after=%s", path, sep, page_size, next);
		else
			snprintf(url, len, "%s%slimit=%d", path, sep, page_size);
		free(next);
		next = NULL;
		th_get(th, url, token, &r);
		ck_assert_msg(r.status == 200, "GET %s: status %ld; body: %s", url, r.status, r.body);
		free(url);
		json_t *items = json_object_get(r.json, "items");
		ck_assert_msg(json_is_array(items), "no items: %s", r.body);
		ck_assert_msg(json_array_size(items) <= (size_t)page_size, "page of %zu items, limit %d",
		    json_array_size(items), page_size);
		json_array_extend(all, items);
		if (json_is_string(json_object_get(r.json, "next")))
			next = strdup(th_str(r.json, "next"));
		th_resp_free(&r);
		ck_assert_msg(++pages <= 100000, "paging %s does not end", path);
	} while (next != NULL);
	return all;
}

json_t *
th_select(const json_t *array, const char *key, const char *value)
{
	json_t *out = json_array(), *e;
	size_t i;
	json_array_foreach(array, i, e) {
		const char *s = th_str(e, key);
		if (s != NULL && strcmp(s, value) == 0)
			json_array_append(out, e);
	}
	return out;
}

json_t *
th_cds_order(const char *id, const char *system, const char *code, const char *text)
{
	json_t *cc = json_object();
	if (system != NULL)
		json_object_set_new(cc, "coding", json_pack("[{s:s, s:s}]", "system", system, "code", code));
	if (text != NULL)
		json_object_set_new(cc, "text", json_string(text));
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:{s:s}}", "resourceType", "MedicationRequest",
	    "id", id, "status", "draft", "intent", "order", "medicationCodeableConcept", cc,
	    "subject", "reference", "Patient/x");
}

json_t *
th_cds_bundle(json_t *resources)
{
	json_t *entries = json_array(), *res;
	size_t i;
	json_array_foreach(resources, i, res)
		json_array_append_new(entries, json_pack("{s:O}", "resource", res));
	json_decref(resources);
	return json_pack("{s:s, s:s, s:o}", "resourceType", "Bundle", "type", "collection", "entry", entries);
}

char *
th_cds_request(const char *hook, const char *patient, const char *user, json_t *drafts,
    json_t *prefetch_meds)
{
	json_t *ctx = json_pack("{s:s, s:s, s:o}", "userId", user, "patientId", patient, "draftOrders", drafts);
	json_t *req = json_pack("{s:s, s:s, s:s, s:o}", "hook", hook,
	    "hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "fhirServer", "https://ehr.example/fhir",
	    "context", ctx);
	if (strcmp(hook, "order-select") == 0)
		json_object_set_new(ctx, "selections", json_array());
	if (prefetch_meds != NULL)
		json_object_set_new(req, "prefetch", json_pack("{s:o}", "medications", prefetch_meds));
	char *s = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	return s;
}

TCase *
th_tcase(const char *name, void (*setup)(void), void (*teardown)(void), double timeout)
{
	TCase *tc = tcase_create(name);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, timeout);
	return tc;
}
