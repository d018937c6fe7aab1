/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_checkins.c - what the patient reports about a night:
 * POST/GET /v1/regimens/:id/checkins.  The handler checks every field and
 * who may see the regimen; the service (service/checkin.h) stores the
 * check-in, holds a guided regimen and raises the flags.
 */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "engine/checkin_page.h"
#include "engine/symptoms.h"
#include "engine/urlform.h"
#include "engine/validate.h"
#include "service/checkin.h"

/* A subset of names as bits; false (message set) on a non-string, unknown or repeated member. */
static bool
names_field(json_t *body, const char *field, const char *const *names, size_t n, int64_t *bits,
    char *msg, size_t msglen)
{
	json_t *a = json_object_get(body, field), *v;
	size_t i;
	*bits = 0;
	json_array_foreach(a, i, v) {
		int b = ck_bit(names, n, json_string_value(v));
		if (b < 0 || (*bits & ((int64_t)1 << b))) {
			size_t off = (size_t)snprintf(msg, msglen, "%s may list only these, each at most once:", field);
			for (size_t k = 0; k < n && off < msglen; k++)
				off += (size_t)snprintf(msg + off, msglen - off, "%s %s", k ? "," : "", names[k]);
			return false;
		}
		*bits |= (int64_t)1 << b;
	}
	return true;
}

/* Add a {"field","message"} to the error list. */
static void
invalid(json_t *errors, const char *field, const char *message)
{
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

/*
 * The check-in fields of body (JSON, or a form turned into JSON) into ck:
 * 0, or 400/422 with *errors the field list (a new reference).
 */
static int
checkin_parse(json_t *body, struct store_checkin *ck, json_t **errors)
{
	json_t *v;
	char msg[256];
	int32_t day;
	int64_t n;
	int m, st;

	*errors = NULL;
	if ((st = val_shape(body, fields_checkin, fields_checkin_n, errors)) != 0)
		return st;
	memset(ck, 0, sizeof *ck);
	ck->irls = -1;
	*errors = json_array();
	if (!dt_parse_date(json_string_value(json_object_get(body, "night")), &day))
		invalid(*errors, "night", "night must be a valid night date YYYY-MM-DD");
	else
		dt_format_date(day, ck->night);
	if (!val_integer(json_object_get(body, "severity"), 0, CK_SEVERITY_MAX, &ck->severity))
		invalid(*errors, "severity", "severity must be an integer from 0 to 10");
	if ((v = json_object_get(body, "onset")) != NULL && !json_is_null(v)) {
		if (!dt_parse_time(json_string_value(v), &m))
			invalid(*errors, "onset", "onset must be a time HH:MM (00:00-23:59), or null");
		else
			dt_format_time(m, ck->onset);
	}
	if (!names_field(body, "body_parts", ck_body_part_names, ck_nbody_parts, &ck->body_parts, msg, sizeof msg))
		invalid(*errors, "body_parts", msg);
	if (!names_field(body, "side_effects", ck_side_effect_names, ck_nside_effects, &ck->side_effects,
	    msg, sizeof msg))
		invalid(*errors, "side_effects", msg);
	if ((v = json_object_get(body, "irls")) != NULL && !json_is_null(v)) {
		if (!val_integer(v, 0, CK_IRLS_MAX, &n))
			invalid(*errors, "irls", "irls must be an IRLS total score, an integer from 0 to 40");
		else
			ck->irls = n;
	}
	if ((v = json_object_get(body, "note")) != NULL && !json_is_null(v) && json_string_length(v) > 0) {
		if (!val_text(v, CK_NOTE_MAX, true))
			invalid(*errors, "note", "note must be at most 1000 bytes of text");
		else
			util_copy(ck->note, sizeof ck->note, json_string_value(v));
	}
	if (json_array_size(*errors) > 0)
		return 422;
	json_decref(*errors);
	*errors = NULL;
	return 0;
}

/*
 * Record ck on the request's regimen inside the request's write
 * transaction; on STORE_OK *ar is the regimen after it (free it).  On a
 * failure the transaction is rolled back; msg says why for SVC_INVALID.
 */
static int
checkin_record(struct req *r, struct store_checkin *ck, struct safety_raised *raised, struct svc_regimen **ar,
    char *msg, size_t msglen)
{
	int rc;
	*ar = NULL;
	if ((rc = http_begin_write(r)) != STORE_OK)
		return rc;
	/* Visibility first: another patient's regimen is 404. */
	rc = view_regimen_load(r, r->id[0], ar);
	svc_regimen_free(*ar);
	*ar = NULL;
	if (rc == STORE_OK)
		rc = svc_checkin_create(view_svc(r), r->id[0], ck, raised, msg, msglen);
	if (rc == STORE_OK)
		rc = view_regimen_load(r, r->id[0], ar);
	if (rc != STORE_OK)
		store_rollback(r->db);
	return rc;
}

enum MHD_Result
api_checkin_create(struct req *r)
{
	struct store_checkin ck;
	struct svc_regimen *ar = NULL;
	struct safety_raised raised = { 0 };
	json_t *errors, *flags = NULL, *regimen = NULL;
	char msg[256];
	int rc, st;

	if ((st = checkin_parse(r->json, &ck, &errors)) != 0)
		return http_problem(r, (unsigned)st, "invalid check-in", errors);
	rc = checkin_record(r, &ck, &raised, &ar, msg, sizeof msg);
	if (rc == STORE_OK)
		rc = view_flags_by_id(r, &raised, &flags);
	if (rc == STORE_OK)
		rc = view_regimen_json_flags(r, ar, &regimen);
	svc_regimen_free(ar);
	safety_raised_free(&raised);
	switch (rc) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		return http_problem(r, 404, "no such regimen", NULL);
	case SVC_INVALID:
		return http_invalid(r, "night", msg);
	case STORE_CONFLICT:
		return http_problem(r, 409, "this regimen already has a check-in for that night", NULL);
	default:
		json_decref(flags);
		return http_db_failure(r, rc);
	}
	if ((rc = http_commit(r)) != STORE_OK) {
		json_decref(flags);
		json_decref(regimen);
		return http_db_failure(r, rc);
	}
	json_t *body = view_checkin_json(&ck);
	json_object_set_new(body, "flags", flags);
	json_object_set_new(body, "regimen", regimen);
	return http_json(r, 201, body, NULL);
}

/*
 * The list's cursor: the last night of the page as the number YYYYMMDD
 * (nights are unique per regimen and sort as the list does).  False if
 * v is not one.
 */
static bool
cursor_night(int64_t v, int32_t *day)
{
	char s[24];
	if (v > 99991231)
		return false;
	snprintf(s, sizeof s, "%04d-%02d-%02d", (int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100));
	return dt_parse_date(s, day);
}

enum MHD_Result
api_checkin_list(struct req *r)
{
	struct svc_regimen *ar = NULL;
	struct store_checkin *rows = NULL;
	const char *qf = http_query(r, "from"), *qt = http_query(r, "to");
	char lo[DT_DATE_LEN] = "0000-00-00", hi[DT_DATE_LEN] = "9999-12-31";
	int32_t from = INT32_MIN, to, day;
	enum MHD_Result res;
	int64_t after;
	size_t n = 0;
	int limit, rc;

	if (!http_page(r, &limit, &after, &res))
		return res;
	if (qf != NULL && !dt_parse_date(qf, &from))
		return http_invalid(r, "from", "from must be a valid date YYYY-MM-DD");
	if (qt != NULL && !dt_parse_date(qt, &to))
		return http_invalid(r, "to", "to must be a valid date YYYY-MM-DD");
	if (after != 0 && !cursor_night(after, &day))
		return http_invalid(r, "after", "after must be a cursor returned as 'next'");
	if (after != 0 && day + 1 > from)
		from = day + 1;         /* the page after the cursor's night */
	if (from != INT32_MIN)
		dt_format_date(from, lo);
	if (qt != NULL)
		dt_format_date(to, hi);
	if ((rows = calloc((size_t)limit + 1, sizeof *rows)) == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	rc = view_regimen_load(r, r->id[0], &ar);
	if (rc == STORE_NOTFOUND) {
		free(rows);
		return http_problem(r, 404, "no such regimen", NULL);
	}
	if (rc == STORE_OK)
		rc = store_checkin_page(r->db, ar->row.id, lo, hi, limit + 1, rows, &n);
	if (rc == STORE_OK)
		rc = http_audit_read(r, "checkin.list", "regimen", ar->row.id);
	svc_regimen_free(ar);
	if (rc != STORE_OK) {
		free(rows);
		return http_db_failure(r, rc);
	}
	bool more = http_page_more(&n, limit);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, view_checkin_json(&rows[i]));
	json_t *next = more ? json_sprintf("%.4s%.2s%.2s", rows[n - 1].night,
	    rows[n - 1].night + 5, rows[n - 1].night + 8) : json_null();
	free(rows);
	return http_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next), NULL);
}

/* ---- checkin.html: the patient's form ---- */

#define PAGE_RECENT 7

/* What the form shows: defaults, or a refused submission's values and errors. */
struct page_state {
	struct ckpage pg;
	struct ckpage_error *errors;
	char night[DT_DATE_LEN], night_min[DT_DATE_LEN], night_max[DT_DATE_LEN];
	char onset[DT_TIME_LEN], irls[8];
	const char *note;
	char status[160];
	char action[256];
	struct ckpage_row recent[PAGE_RECENT];
	struct store_checkin *all;
};

/* The form's own address: the token stays in the query when it came that way. */
static void
page_action(struct req *r, char *out, size_t cap, const char *saved)
{
	const char *tok = http_query(r, "token");
	size_t n = (size_t)snprintf(out, cap, "/v1/regimens/%lld/checkin.html", (long long)r->id[0]);
	if (tok != NULL && n < cap)
		n += (size_t)snprintf(out + n, cap - n, "?token=%s", tok);
	if (saved != NULL && n < cap)
		snprintf(out + n, cap - n, "%ssaved=%s", tok != NULL ? "&" : "?", saved);
}

/* The page of regimen ar with status (an HTTP status) and the state's values. */
static enum MHD_Result
page_reply(struct req *r, unsigned status, const struct svc_regimen *ar, struct page_state *ps)
{
	size_t n = 0, len;
	int rc = store_checkin_all(r->db, ar->row.id, &ps->all, &n);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	/* Newest first, PAGE_RECENT at most: a view of the list, every check-in stays in the API. */
	for (size_t i = 0; i < n && i < PAGE_RECENT; i++) {
		const struct store_checkin *c = &ps->all[n - 1 - i];
		ps->recent[i] = (struct ckpage_row){ c->night, (int)c->severity, c->onset,
			(unsigned)c->body_parts, (unsigned)c->side_effects };
	}
	dt_format_date(ar->tr.start_day, ps->night_min);
	dt_format_date(r->today, ps->night_max);
	page_action(r, ps->action, sizeof ps->action, NULL);
	ps->pg.drug = ar->row.drug;
	ps->pg.action = ps->action;
	ps->pg.night = ps->night;
	ps->pg.night_min = ps->night_min;
	ps->pg.night_max = ps->night_max;
	ps->pg.onset = ps->onset;
	ps->pg.irls = ps->irls;
	ps->pg.note = ps->note != NULL ? ps->note : "";
	ps->pg.recent = ps->recent;
	ps->pg.nrecent = n < PAGE_RECENT ? n : PAGE_RECENT;
	char *html = ckpage_render(&ps->pg, &len);
	if (html == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	/* The token may ride in the URL: it must not leak through a Referer. */
	const char *h[] = { "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'", "Referrer-Policy", "no-referrer", NULL };
	return http_body(r, status, "text/html; charset=utf-8", html, len, h);
}

static void
page_state_free(struct page_state *ps)
{
	free(ps->all);
	free(ps->errors);
}

enum MHD_Result
api_checkin_page(struct req *r)
{
	struct svc_regimen *ar = NULL;
	struct page_state ps;
	const char *saved = http_query(r, "saved");
	int32_t day, saved_day;
	enum MHD_Result res;
	int rc = view_regimen_load(r, r->id[0], &ar);

	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	memset(&ps, 0, sizeof ps);
	ps.pg.severity = -1;
	/* Last night: yesterday's evening, or the first night when the regimen starts today. */
	day = r->today - 1 < ar->tr.start_day ? ar->tr.start_day : r->today - 1;
	dt_format_date(day, ps.night);
	if (saved != NULL && dt_parse_date(saved, &saved_day)) {
		char sd[DT_DATE_LEN];
		dt_format_date(saved_day, sd);
		snprintf(ps.status, sizeof ps.status, "Thank you: your check-in for the night of %s is saved.", sd);
		ps.pg.status = ps.status;
	}
	res = page_reply(r, 200, ar, &ps);
	page_state_free(&ps);
	svc_regimen_free(ar);
	return res;
}

/* A decimal of at most 3 digits as a JSON integer (a form carries text); else the text itself. */
static json_t *
form_number(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 3 || strspn(s, "0123456789") != n)
		return json_string(s);
	return json_integer(atoi(s));
}

/*
 * The form as the JSON body of the API, so both are checked by the same
 * code: checkboxes become arrays, numbers integers, empty optional fields
 * absent.  A single-valued field sent twice is an error of its own.
 */
static json_t *
form_json(const struct urlform *f, const char **twice)
{
	json_t *o = json_object();
	*twice = NULL;
	for (size_t i = 0; i < f->n; i++) {
		const char *k = f->v[i].name, *v = f->v[i].value;
		if (strcmp(k, "body_parts") == 0 || strcmp(k, "side_effects") == 0) {
			json_t *a = json_object_get(o, k);
			if (a == NULL)
				json_object_set_new(o, k, a = json_array());
			json_array_append_new(a, json_string(v));
			continue;
		}
		if (json_object_get(o, k) != NULL) {
			*twice = k;
			continue;
		}
		if (v[0] == '\0' && strcmp(k, "night") != 0 && strcmp(k, "severity") != 0)
			continue;       /* an empty optional field: not given */
		if (strcmp(k, "severity") == 0 || strcmp(k, "irls") == 0)
			json_object_set_new(o, k, v[0] ? form_number(v) : json_string(v));
		else
			json_object_set_new(o, k, json_string(v));
	}
	return o;
}

/* Submitted values back into the form, so the patient corrects rather than retypes. */
static void
page_refill(struct page_state *ps, json_t *body)
{
	json_t *v;
	const char *s;
	size_t i;
	if ((s = json_string_value(json_object_get(body, "night"))) != NULL)
		util_copy(ps->night, sizeof ps->night, s);
	if ((v = json_object_get(body, "severity")) != NULL && json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= CK_SEVERITY_MAX)
		ps->pg.severity = (int)json_integer_value(v);
	if ((s = json_string_value(json_object_get(body, "onset"))) != NULL)
		util_copy(ps->onset, sizeof ps->onset, s);
	if ((v = json_object_get(body, "irls")) != NULL) {
		if (json_is_integer(v))
			snprintf(ps->irls, sizeof ps->irls, "%lld", (long long)json_integer_value(v));
		else if (json_is_string(v))
			util_copy(ps->irls, sizeof ps->irls, json_string_value(v));
	}
	ps->note = json_string_value(json_object_get(body, "note"));
	json_array_foreach(json_object_get(body, "body_parts"), i, v) {
		int b = ck_bit(ck_body_part_names, ck_nbody_parts, json_string_value(v));
		if (b >= 0)
			ps->pg.body_parts |= 1u << b;
	}
	json_array_foreach(json_object_get(body, "side_effects"), i, v) {
		int b = ck_bit(ck_side_effect_names, ck_nside_effects, json_string_value(v));
		if (b >= 0)
			ps->pg.side_effects |= 1u << b;
	}
}

/* The form again with the errors: 422 (409 for a night already reported). */
static enum MHD_Result
page_refused(struct req *r, unsigned status, json_t *body, json_t *errors)
{
	struct svc_regimen *ar = NULL;
	struct page_state ps;
	enum MHD_Result res;
	json_t *e;
	size_t i;
	int rc = view_regimen_load(r, r->id[0], &ar);

	if (rc != STORE_OK) {
		json_decref(errors);
		return rc == STORE_NOTFOUND ? http_problem(r, 404, "no such regimen", NULL) : http_db_failure(r, rc);
	}
	memset(&ps, 0, sizeof ps);
	ps.pg.severity = -1;
	page_refill(&ps, body);
	ps.errors = calloc(json_array_size(errors) + 1, sizeof *ps.errors);
	if (ps.errors == NULL) {
		json_decref(errors);
		svc_regimen_free(ar);
		return http_problem(r, 500, "out of memory", NULL);
	}
	json_array_foreach(errors, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		/* Only the form's own fields get a link; anything else is about the form as a whole. */
		bool known = false;
		for (size_t k = 0; f != NULL && k < fields_checkin_n; k++)
			known = known || strcmp(fields_checkin[k].name, f) == 0;
		ps.errors[ps.pg.nerrors++] = (struct ckpage_error){ known ? f : "",
			json_string_value(json_object_get(e, "message")) };
		/* The shape check's messages ("must be an integer") leave the field to the reader. */
		const char *m = ps.errors[ps.pg.nerrors - 1].message;
		if (f != NULL && m != NULL && strncmp(m, f, strlen(f)) != 0) {
			json_t *full = json_sprintf("%s %s", f, m);
			json_object_set_new(e, "message", full);
			ps.errors[ps.pg.nerrors - 1].message = json_string_value(full);
		}
	}
	ps.pg.errors = ps.errors;
	res = page_reply(r, status, ar, &ps);
	page_state_free(&ps);
	svc_regimen_free(ar);
	json_decref(errors);
	return res;
}

enum MHD_Result
api_checkin_form(struct req *r)
{
	struct urlform f;
	struct store_checkin ck;
	struct svc_regimen *ar = NULL;
	struct safety_raised raised = { 0 };
	json_t *body, *errors = NULL;
	const char *twice;
	char msg[256], loc[320];
	enum MHD_Result res;
	int rc, st = 0;

	/* The id before the body's type (404 before 415), as for every route. */
	rc = view_regimen_load(r, r->id[0], &ar);
	svc_regimen_free(ar);
	ar = NULL;
	if (rc != STORE_OK)
		return rc == STORE_NOTFOUND ? http_problem(r, 404, "no such regimen", NULL) : http_db_failure(r, rc);
	if (!http_media_type_is(http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), "application/x-www-form-urlencoded"))
		return http_problem(r, 415, "send Content-Type: application/x-www-form-urlencoded", NULL);
	if (!urlform_parse(r->body ? r->body : "", r->body_len, &f))
		return page_refused(r, 422, NULL, json_pack("[{s:s, s:s}]", "field", "", "message",
		    "the form could not be read (bad encoding): please send it again"));
	body = form_json(&f, &twice);
	if (twice != NULL) {
		snprintf(msg, sizeof msg, "%s was sent more than once", twice);
		errors = json_pack("[{s:s, s:s}]", "field", twice, "message", msg);
		st = 422;
	}
	urlform_free(&f);       /* twice pointed into it */
	/* A form's wrong "type" (severity=four) is a value to correct, shown on the form: 422. */
	if (st == 0 && checkin_parse(body, &ck, &errors) != 0)
		st = 422;
	if (st != 0) {
		res = page_refused(r, 422, body, errors);
		json_decref(body);
		return res;
	}
	rc = checkin_record(r, &ck, &raised, &ar, msg, sizeof msg);
	svc_regimen_free(ar);
	safety_raised_free(&raised);
	switch (rc) {
	case STORE_OK:
		break;
	case STORE_NOTFOUND:
		json_decref(body);
		return http_problem(r, 404, "no such regimen", NULL);
	case SVC_INVALID:
		res = page_refused(r, 422, body, json_pack("[{s:s, s:s}]", "field", "night", "message", msg));
		json_decref(body);
		return res;
	case STORE_CONFLICT:
		res = page_refused(r, 409, body, json_pack("[{s:s, s:s}]", "field", "night", "message",
		    "you already sent a check-in for this night"));
		json_decref(body);
		return res;
	default:
		json_decref(body);
		return http_db_failure(r, rc);
	}
	json_decref(body);
	if ((rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);
	page_action(r, loc, sizeof loc, ck.night);
	return http_empty(r, 303, (const char *const[]){ "Location", loc, NULL });
}

