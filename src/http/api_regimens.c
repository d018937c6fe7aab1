/* api_regimens.c - regimens, their JSON calendar and the hold/resume/stop actions. */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/renal.h"
#include "service/safety.h"
#include "base/util.h"
#include "engine/validate.h"

static enum titr_event_kind
event_kind(const char *k)
{
	if (strcmp(k, "hold") == 0)
		return TITR_EV_HOLD;
	if (strcmp(k, "resume") == 0)
		return TITR_EV_RESUME;
	if (strcmp(k, "taper") == 0)
		return TITR_EV_TAPER;
	return TITR_EV_STOP;
}

/* Merge renal limits and actions into one day-ordered event list. */
static void
build_events(struct titrad *app, struct api_regimen *ar)
{
	size_t i = 0, j = 0, n = 0;
	int32_t rday, aday;

	while (i < ar->nrenal || j < ar->nevents) {
		struct titr_event *ev = &ar->tev[n++];
		rday = INT32_MAX;
		aday = INT32_MAX;
		if (i < ar->nrenal && !dt_parse_date(ar->renal[i].effective_date, &rday))
			rday = INT32_MIN;
		if (j < ar->nevents && !dt_parse_date(ar->events[j].night_date, &aday))
			aday = INT32_MAX - 1;
		memset(ev, 0, sizeof *ev);
		if (i < ar->nrenal && rday <= aday) {
			/* Limits of a night apply before that night's actions. */
			ev->kind = TITR_EV_LIMIT;
			ev->day = rday;
			renal_limits(app->bands, app->nbands, ar->row.drug, ar->proto->unit_ug,
			    ar->renal[i].crcl_dml, ar->renal[i].dialysis, &ev->cap_ug, &ev->min_interval);
			i++;
		} else {
			ev->kind = event_kind(ar->events[j].kind);
			ev->day = aday;
			j++;
		}
	}
	ar->tr.events = ar->tev;
	ar->tr.nevents = n;
}

int
api_regimen_load(struct req *r, int64_t id, struct api_regimen **out)
{
	/* Large (event and renal arrays) and on every calendar request: not zeroed wholesale. */
	struct api_regimen *ar = malloc(sizeof *ar);
	int32_t minute = 0;
	int rc;

	*out = NULL;
	if (ar == NULL)
		return STORE_ERROR;
	memset(&ar->row, 0, sizeof ar->row);
	memset(&ar->tr, 0, sizeof ar->tr);
	ar->proto = NULL;
	ar->nevents = ar->nrenal = 0;
	rc = store_regimen_get(r->db, id, &ar->row);
	if (rc == STORE_OK && !http_may_see_patient(r, ar->row.patient_id))
		rc = STORE_NOTFOUND;
	if (rc == STORE_OK && (ar->proto = api_protocol(r->app, ar->row.drug)) == NULL)
		rc = STORE_ERROR;
	if (rc == STORE_OK)
		rc = store_event_list(r->db, id, ar->events, STORE_EVENTS_MAX, &ar->nevents);
	if (rc == STORE_OK)
		rc = store_renal_list(r->db, ar->row.patient_id, ar->renal, STORE_RENAL_MAX, &ar->nrenal);
	if (rc != STORE_OK) {
		free(ar);
		return rc;
	}
	dt_parse_date(ar->row.start_date, &ar->tr.start_day);
	dt_parse_time(ar->row.dose_time, &minute);
	ar->tr.dose_minute = minute;
	ar->tr.start_ug = (int32_t)ar->row.start_ug;
	ar->tr.step_ug = (int32_t)ar->row.step_ug;
	ar->tr.max_ug = (int32_t)ar->row.max_ug;
	ar->tr.interval_days = (int32_t)ar->row.interval_days;
	build_events(r->app, ar);
	*out = ar;
	return STORE_OK;
}

const char *
api_regimen_status(const struct api_regimen *ar, int32_t today)
{
	struct titr_entry last;
	if (strcmp(ar->row.status, "tapering") == 0) {
		if (!titr_last_dose(&ar->tr, &last) || last.night_day < today)
			return "stopped";
	}
	return ar->row.status;
}

json_t *
api_regimen_json(const struct api_regimen *ar, int32_t today)
{
	const struct store_regimen *g = &ar->row;
	int32_t cap, interval;
	json_t *events = json_array();

	titr_limits_on(&ar->tr, today > ar->tr.start_day ? today : ar->tr.start_day, &cap, &interval);
	for (size_t i = 0; i < ar->nevents; i++)
		json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "action", ar->events[i].kind, "date", ar->events[i].night_date,
		    "reason", ar->events[i].reason, "created_at", ar->events[i].created_at,
		    "created_by", ar->events[i].created_by));
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:o, s:o, s:i, s:I, s:I, s:I, s:I, s:i, s:o, s:o, s:I, s:s, s:s}",
	    "id", (json_int_t)g->id, "patient_id", (json_int_t)g->patient_id, "drug", g->drug,
	    "status", api_regimen_status(ar, today), "start_date", g->start_date,
	    "dose_time", g->dose_time,
	    "start_mg", val_mg_json(g->start_ug), "step_mg", val_mg_json(g->step_ug),
	    "interval_days", (json_int_t)g->interval_days, "max_mg", val_mg_json(g->max_ug),
	    "effective_max_mg", val_mg_json(cap), "effective_interval_days", (int)interval,
	    "start_ug", (json_int_t)g->start_ug, "step_ug", (json_int_t)g->step_ug,
	    "max_ug", (json_int_t)g->max_ug, "effective_max_ug", (json_int_t)cap,
	    "unit_mg", 0, "flags", json_array(), "events", events,
	    "version", (json_int_t)g->version, "created_at", g->created_at, "updated_at", g->updated_at);
	json_object_set_new(o, "unit_mg", val_mg_json(ar->proto->unit_ug));
	if (g->symptom_onset[0])
		json_object_set_new(o, "symptom_onset", json_string(g->symptom_onset));
	if (g->bedtime[0])
		json_object_set_new(o, "bedtime", json_string(g->bedtime));
	return o;
}

static void
regimen_etag(const struct store_regimen *g, char out[48])
{
	snprintf(out, 48, "\"r%lld-v%lld\"", (long long)g->id, (long long)g->version);
}

/* The regimen as JSON with its live flags. */
static int
regimen_json_flags(struct req *r, const struct api_regimen *ar, json_t **out)
{
	json_t *flags;
	struct store_flag_filter flt = { .patient_id = ar->row.patient_id, .regimen_id = ar->row.id,
		.medication_id = -1, .live_only = true };
	int rc = safety_flags_live(r, &flt, &flags);
	*out = NULL;
	if (rc != STORE_OK)
		return rc;
	*out = api_regimen_json(ar, r->today);
	json_object_set_new(*out, "flags", flags);
	return STORE_OK;
}

/* Render a loaded regimen as the response to a read or an action. */
static enum MHD_Result
reply_regimen(struct req *r, unsigned status, struct api_regimen *ar)
{
	char etag[48], loc[64];
	json_t *body;
	regimen_etag(&ar->row, etag);
	snprintf(loc, sizeof loc, "/v1/regimens/%lld", (long long)ar->row.id);
	int rc = regimen_json_flags(r, ar, &body);
	free(ar);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if (status == 201) {
		const char *h[] = { "Location", loc, "ETag", etag, NULL };
		return http_json(r, status, body, h);
	}
	const char *h[] = { "ETag", etag, NULL };
	return http_json(r, status, body, h);
}

static const struct val_field regimen_fields[] = {
	{ "drug", VT_STRING, true, false },
	{ "start_date", VT_STRING, true, false },
	{ "symptom_onset", VT_STRING, false, false },
	{ "bedtime", VT_STRING, false, false },
	{ "dose_time", VT_STRING, false, false },
	{ "start_mg", VT_NUMBER, false, false },
	{ "step_mg", VT_NUMBER, false, false },
	{ "interval_days", VT_INTEGER, false, false },
	{ "max_mg", VT_NUMBER, false, false },
};

/* A time-of-day field; true if absent or valid (copied to dst). */
static bool
time_field(json_t *body, const char *name, char dst[DT_TIME_LEN], int32_t *minute)
{
	json_t *v = json_object_get(body, name);
	int m;
	if (v == NULL)
		return true;
	if (!dt_parse_time(json_string_value(v), &m))
		return false;
	util_copy(dst, DT_TIME_LEN, json_string_value(v));
	*minute = m;
	return true;
}

static bool
dose_field(json_t *body, const char *name, int64_t *ug)
{
	json_t *v = json_object_get(body, name);
	return v == NULL || val_mg(v, ug);
}

enum MHD_Result
api_regimen_create(struct req *r)
{
	struct store_regimen g;
	struct store_patient p;
	struct api_regimen *ar;
	const struct titr_protocol *proto;
	json_t *errors, *v;
	const char *field, *msg;
	int32_t day, onset = -1, bedtime = -1, dose = -1;
	int64_t interval;
	int rc, status;

	status = val_shape(r->json, regimen_fields, ARRAY_LEN(regimen_fields), &errors);
	if (status != 0)
		return http_problem(r, (unsigned)status, "invalid regimen", errors);
	memset(&g, 0, sizeof g);
	g.patient_id = r->id[0];
	proto = api_protocol(r->app, json_string_value(json_object_get(r->json, "drug")));
	if (proto == NULL)
		return http_invalid(r, "drug", "unknown drug protocol (see GET /v1/protocols)");
	util_copy(g.drug, sizeof g.drug, proto->drug);
	if (!dt_parse_date(json_string_value(json_object_get(r->json, "start_date")), &day))
		return http_invalid(r, "start_date", "start_date must be a valid date YYYY-MM-DD");
	dt_format_date(day, g.start_date);
	if (!time_field(r->json, "symptom_onset", g.symptom_onset, &onset))
		return http_invalid(r, "symptom_onset", "symptom_onset must be a time HH:MM (00:00-23:59)");
	if (!time_field(r->json, "bedtime", g.bedtime, &bedtime))
		return http_invalid(r, "bedtime", "bedtime must be a time HH:MM (00:00-23:59)");
	if (!time_field(r->json, "dose_time", g.dose_time, &dose))
		return http_invalid(r, "dose_time", "dose_time must be a time HH:MM (00:00-23:59)");
	if (proto->timing == TITR_BEFORE_BEDTIME) {
		if (onset >= 0)
			return http_invalid(r, "symptom_onset", "this drug is timed by bedtime, not symptom_onset");
		if (bedtime < 0 && dose < 0)
			return http_invalid(r, "bedtime", "bedtime (or dose_time) is required for this drug");
	} else {
		if (bedtime >= 0)
			return http_invalid(r, "bedtime", "this drug is timed by symptom_onset, not bedtime");
		if (onset < 0 && dose < 0)
			return http_invalid(r, "symptom_onset", "symptom_onset (or dose_time) is required for this drug");
	}
	if (dose < 0)
		dose = titr_dose_minute(onset >= 0 ? onset : bedtime, proto->offset_minutes);
	dt_format_time(dose, g.dose_time);

	g.start_ug = proto->start_ug;
	g.step_ug = proto->step_ug;
	g.max_ug = proto->max_ug;
	g.interval_days = proto->interval_days;
	if (!dose_field(r->json, "start_mg", &g.start_ug))
		return http_invalid(r, "start_mg", "start_mg must be a dose in mg with at most 3 decimals");
	if (!dose_field(r->json, "step_mg", &g.step_ug))
		return http_invalid(r, "step_mg", "step_mg must be a dose in mg with at most 3 decimals");
	if (!dose_field(r->json, "max_mg", &g.max_ug))
		return http_invalid(r, "max_mg", "max_mg must be a dose in mg with at most 3 decimals");
	if ((v = json_object_get(r->json, "interval_days")) != NULL) {
		if (!val_integer(v, 1, TITR_INTERVAL_MAX, &interval))
			return http_invalid(r, "interval_days", "interval_days must be from 1 to 28");
		g.interval_days = interval;
	}
	field = titr_check(proto, (int32_t)g.start_ug, (int32_t)g.step_ug, (int32_t)g.max_ug,
	    (int32_t)g.interval_days, &msg);
	if (field != NULL)
		return http_invalid(r, field, msg);
	util_copy(g.created_at, sizeof g.created_at, r->now_stamp);

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	rc = store_patient_get(r->db, g.patient_id, &p);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && !http_may_see_patient(r, p.id))) {
		store_rollback(r->db);
		return http_problem(r, 404, "no such patient", NULL);
	}
	if (rc == STORE_OK)
		rc = store_regimen_insert(r->db, &g);
	if (rc == STORE_CONFLICT) {
		store_rollback(r->db);
		return http_problem(r, 409, "the patient already has an active regimen of this drug", NULL);
	}
	if (rc == STORE_OK)
		rc = http_audit(r, "regimen.create", "regimen", g.id, g.drug);
	if (rc == STORE_OK)
		rc = safety_recheck(r, g.patient_id, NULL);
	if (rc == STORE_OK)
		rc = api_regimen_load(r, g.id, &ar);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if ((rc = http_commit(r)) != STORE_OK) {
		free(ar);
		return http_db_failure(r, rc);
	}
	return reply_regimen(r, 201, ar);
}

enum MHD_Result
api_regimen_get(struct req *r)
{
	struct api_regimen *ar;
	int rc = api_regimen_load(r, r->id[0], &ar);
	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc == STORE_OK && (rc = http_audit_read(r, "regimen.read", "regimen", ar->row.id)) != STORE_OK)
		free(ar);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	return reply_regimen(r, 200, ar);
}

enum MHD_Result
api_regimen_list(struct req *r)
{
	enum MHD_Result res;
	struct store_patient p;
	struct store_regimen *rows;
	size_t n = 0;
	int limit, rc;
	int64_t after;

	if (!http_page(r, &limit, &after, &res))
		return res;
	rc = store_patient_get(r->db, r->id[0], &p);
	if (rc == STORE_NOTFOUND || (rc == STORE_OK && !http_may_see_patient(r, p.id)))
		return http_problem(r, 404, "no such patient", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	rows = calloc((size_t)limit, sizeof *rows);
	if (rows == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	rc = store_regimen_list(r->db, p.id, after, limit, rows, &n);
	json_t *items = json_array();
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct api_regimen *ar;
		json_t *one;
		rc = api_regimen_load(r, rows[i].id, &ar);
		if (rc == STORE_OK) {
			rc = regimen_json_flags(r, ar, &one);
			if (rc == STORE_OK)
				json_array_append_new(items, one);
			free(ar);
		}
	}
	json_t *next = n == (size_t)limit ? json_sprintf("%lld", (long long)rows[n - 1].id) : json_null();
	free(rows);
	if (rc != STORE_OK) {
		json_decref(items);
		json_decref(next);
		return http_db_failure(r, rc);
	}
	return http_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next), NULL);
}

/* ---- calendar ---- */

const char *
api_phase_name(enum titr_phase p)
{
	switch (p) {
	case TITR_PHASE_TITRATION: return "titration";
	case TITR_PHASE_MAINTENANCE: return "maintenance";
	case TITR_PHASE_TAPER: return "taper";
	}
	return "?";
}


/* The plain-language instruction for one dose. */
void
api_entry_note(const struct api_regimen *ar, const struct titr_entry *e, int32_t prev_ug, char *out, size_t cap)
{
	char dose[32], prev[32], when[96], tm[DT_TIME_LEN];
	titr_mg_text(e->dose_ug, dose, sizeof dose);
	titr_mg_text(prev_ug, prev, sizeof prev);
	dt_format_time(e->minute, tm);
	if (ar->row.dose_time[0] && (ar->row.symptom_onset[0] || ar->row.bedtime[0])) {
		int off = ar->proto->offset_minutes;
		snprintf(when, sizeof when, "at %s, %d %s before %s", tm,
		    off % 60 == 0 ? off / 60 : off, off % 60 == 0 ? (off == 60 ? "hour" : "hours") : "minutes",
		    ar->row.bedtime[0] ? "bedtime" : "symptoms usually start");
	} else {
		snprintf(when, sizeof when, "at %s", tm);
	}
	if (e->phase == TITR_PHASE_TAPER)
		snprintf(out, cap, "Taper: take %s %s. Do not stop abruptly.", dose, when);
	else if (e->step_up)
		snprintf(out, cap, "Step-up night: increase to %s only if symptoms persist; "
		    "otherwise stay at %s. Take it %s.", dose, prev, when);
	else if (e->held)
		snprintf(out, cap, "Take %s %s (dose held).", dose, when);
	else
		snprintf(out, cap, "Take %s %s.", dose, when);
}

const char *
api_regimen_extra_note(struct req *r, const struct api_regimen *ar)
{
	struct store_flag fl[8];   /* a page; the loop reads them all */
	size_t n = 0, len = 0, cap = 0;
	int64_t after = 0;
	/* Each live flag whose rule carries dose advice (rule.dose_advice) puts
	 * that advice on every dose line; each advice once, in flag order.  The
	 * text lives in r (freed with the request), one " "-led sentence each,
	 * so callers can append it to a dose line. */
	struct store_flag_filter flt = { .patient_id = ar->row.patient_id, .regimen_id = ar->row.id,
		.medication_id = -1, .live_only = true };
	free(r->advice);
	r->advice = NULL;
	do {
		if (store_flag_list(r->db, &flt, after, (int)ARRAY_LEN(fl), fl, &n) != STORE_OK)
			return NULL;
		for (size_t i = 0; i < n; i++) {
			const struct ia_rule *rule = ia_rule(r->app->kb, fl[i].rule);
			after = fl[i].id;
			if (rule == NULL || rule->dose_advice[0] == '\0')
				continue;
			size_t add = strlen(rule->dose_advice) + 1;
			if (r->advice != NULL && strstr(r->advice, rule->dose_advice) != NULL)
				continue;
			if (!util_grow((void **)&r->advice, &cap, len + add + 1, 1, 128))
				return NULL;
			r->advice[len] = ' ';
			memcpy(r->advice + len + 1, rule->dose_advice, add);
			len += add;
		}
	} while (n == ARRAY_LEN(fl));
	return r->advice;
}

/* Parse ?from=&to= against the default range; false after queueing a 422. */
bool
api_calendar_range(struct req *r, const struct api_regimen *ar, int32_t *from, int32_t *to,
    enum MHD_Result *res)
{
	const char *qf = http_query(r, "from"), *qt = http_query(r, "to");
	int32_t df, dto;

	titr_default_range(&ar->tr, &df, &dto);
	if (qf != NULL && !dt_parse_date(qf, from)) {
		*res = http_invalid(r, "from", "from must be a valid date YYYY-MM-DD");
		return false;
	}
	if (qt != NULL && !dt_parse_date(qt, to)) {
		*res = http_invalid(r, "to", "to must be a valid date YYYY-MM-DD");
		return false;
	}
	if (qf == NULL && qt == NULL) {
		*from = df;
		*to = dto;
	} else if (qt == NULL) {
		*to = dto >= *from ? dto : *from;
		if (*to - *from > TITR_RANGE_MAX_DAYS - 1)
			*to = *from + TITR_RANGE_MAX_DAYS - 1;
	} else if (qf == NULL) {
		*from = df <= *to ? df : *to;
		if (*to - *from > TITR_RANGE_MAX_DAYS - 1)
			*from = *to - (TITR_RANGE_MAX_DAYS - 1);
	}
	if (*from > *to) {
		*res = http_invalid(r, "from", "from must not be after to");
		return false;
	}
	if (*to - *from > TITR_RANGE_MAX_DAYS - 1) {
		*res = http_invalid(r, "to", "a calendar range may span at most 731 days");
		return false;
	}
	return true;
}

enum MHD_Result
api_regimen_calendar(struct req *r)
{
	struct api_regimen *ar;
	struct titr_entry *entries;
	enum MHD_Result res;
	int32_t from, to, prev;
	char date[DT_DATE_LEN], tm[DT_TIME_LEN], note[256], fs[DT_DATE_LEN], ts[DT_DATE_LEN];
	size_t n;
	int rc = api_regimen_load(r, r->id[0], &ar);

	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if (!api_calendar_range(r, ar, &from, &to, &res)) {
		free(ar);
		return res;
	}
	entries = calloc(TITR_RANGE_MAX_DAYS + 1, sizeof *entries);
	if (entries == NULL) {
		free(ar);
		return http_problem(r, 500, "out of memory", NULL);
	}
	n = titr_calendar(&ar->tr, from, to, entries, TITR_RANGE_MAX_DAYS + 1);
	const char *extra = api_regimen_extra_note(r, ar);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct titr_entry *e = &entries[i];
		prev = e->step_up || e->step_down ? (i > 0 ? entries[i - 1].dose_ug : e->dose_ug - ar->tr.step_ug) : e->dose_ug;
		dt_format_date(e->date_day, date);
		dt_format_time(e->minute, tm);
		api_entry_note(ar, e, prev, note, sizeof note);
		if (extra != NULL)
			strncat(note, extra, sizeof note - strlen(note) - 1);
		json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:o, s:i, s:s, s:b, s:s}",
		    "night", (int)e->night, "date", date, "time", tm, "dose_mg", val_mg_json(e->dose_ug),
		    "dose_ug", (int)e->dose_ug, "phase", api_phase_name(e->phase), "step_up", e->step_up,
		    "note", note));
	}
	dt_format_date(from, fs);
	dt_format_date(to, ts);
	json_t *out = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "regimen_id", (json_int_t)ar->row.id,
	    "patient_id", (json_int_t)ar->row.patient_id, "drug", ar->row.drug,
	    "status", api_regimen_status(ar, r->today), "from", fs, "to", ts, "entries", items);
	free(entries);
	free(ar);
	return http_json(r, 200, out, NULL);
}

/* ---- actions ---- */

enum action { ACT_HOLD, ACT_RESUME, ACT_STOP };

static enum MHD_Result
regimen_action(struct req *r, enum action act)
{
	static const struct val_field fields[] = {
		{ "date", VT_STRING, true, false },
		{ "reason", VT_STRING, false, false },
		{ "taper", VT_BOOL, false, false },
	};
	struct api_regimen *ar = NULL;
	json_t *errors, *v;
	int32_t day, start, last;
	char date[DT_DATE_LEN];
	const char *reason = "", *kind, *status;
	bool taper = false;
	int rc, st;

	/* "taper" belongs to stop only; elsewhere it is an unknown field. */
	st = val_shape(r->json, fields, act == ACT_STOP ? 3 : 2, &errors);
	if (st != 0)
		return http_problem(r, (unsigned)st, "invalid action", errors);
	if (!dt_parse_date(json_string_value(json_object_get(r->json, "date")), &day))
		return http_invalid(r, "date", "date must be a valid night date YYYY-MM-DD");
	dt_format_date(day, date);
	if ((v = json_object_get(r->json, "reason")) != NULL) {
		if (json_string_length(v) > 0 && !val_text(v, STORE_REASON_MAX, true))
			return http_invalid(r, "reason", "reason must be at most 1000 bytes of text");
		reason = json_string_value(v);
	}
	taper = json_is_true(json_object_get(r->json, "taper"));

	if ((rc = http_begin_write(r)) != STORE_OK)
		return http_db_failure(r, rc);
	rc = api_regimen_load(r, r->id[0], &ar);
	if (rc == STORE_NOTFOUND) {
		store_rollback(r->db);
		return http_problem(r, 404, "no such regimen", NULL);
	}
	if (rc != STORE_OK)
		return http_db_failure(r, rc);

	const char *cur = ar->row.status;
	bool allowed = (act == ACT_HOLD && strcmp(cur, "active") == 0) ||
	    (act == ACT_RESUME && strcmp(cur, "held") == 0) ||
	    (act == ACT_STOP && (strcmp(cur, "active") == 0 || strcmp(cur, "held") == 0));
	if (!allowed) {
		char msg[96];
		snprintf(msg, sizeof msg, "this action is not allowed while the regimen is %s",
		    api_regimen_status(ar, r->today));
		store_rollback(r->db);
		free(ar);
		return http_problem(r, 409, msg, NULL);
	}
	start = ar->tr.start_day;
	last = start;
	if (ar->nevents > 0)
		dt_parse_date(ar->events[ar->nevents - 1].night_date, &last);
	if (day < start || day < last) {
		store_rollback(r->db);
		free(ar);
		return http_invalid(r, "date", day < start ? "date is before the regimen's start_date"
		    : "date is before the regimen's last event");
	}
	if (ar->nevents >= STORE_EVENTS_MAX) {
		store_rollback(r->db);
		free(ar);
		return http_problem(r, 409, "this regimen has reached its limit of events", NULL);
	}
	switch (act) {
	case ACT_HOLD: kind = "hold"; status = "held"; break;
	case ACT_RESUME: kind = "resume"; status = "active"; break;
	default: kind = taper ? "taper" : "stop"; status = taper ? "tapering" : "stopped"; break;
	}
	int64_t id = ar->row.id, patient_id = ar->row.patient_id;
	struct ia_regimen ir = { .id = id, .drug = ar->row.drug };
	struct ia_finding found[2];
	size_t nf = act == ACT_STOP ? ia_on_regimen_stop(r->app->kb, &ir, taper, found, 2) : 0;
	free(ar);
	ar = NULL;
	rc = store_event_insert(r->db, id, kind, date, reason, r->now_stamp, r->actor);
	if (rc == STORE_OK) {
		struct store_regimen g;
		g.id = id;
		rc = store_regimen_set_status(r->db, &g, status, r->now_stamp);
	}
	if (rc == STORE_OK)
		rc = http_audit(r, kind, "regimen", id, reason);
	if (rc == STORE_OK)
		rc = safety_raise(r, patient_id, found, nf, NULL);
	if (rc == STORE_OK)
		rc = safety_recheck(r, patient_id, NULL);
	if (rc == STORE_OK)
		rc = api_regimen_load(r, id, &ar);
	if (rc == STORE_CONFLICT) {
		store_rollback(r->db);
		return http_problem(r, 409, "the patient already has an active regimen of this drug", NULL);
	}
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if ((rc = http_commit(r)) != STORE_OK) {
		free(ar);
		return http_db_failure(r, rc);
	}
	return reply_regimen(r, 200, ar);
}

enum MHD_Result
api_regimen_hold(struct req *r)
{
	return regimen_action(r, ACT_HOLD);
}

enum MHD_Result
api_regimen_resume(struct req *r)
{
	return regimen_action(r, ACT_RESUME);
}

enum MHD_Result
api_regimen_stop(struct req *r)
{
	return regimen_action(r, ACT_STOP);
}
