/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_calendar.c - the patient-facing feeds: calendar.ics and calendar.html.
 *
 * A calendar client keeps what it was sent before, so the feed must say
 * what changed.  Every change to a regimen (hold, resume, stop, taper, a
 * renal limit) makes a new version of its plan; replaying the versions in
 * order tells, for each night, how often its dose changed (SEQUENCE) and
 * whether a night once sent is gone (STATUS:CANCELLED).
 */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/etag.h"
#include "engine/html.h"
#include "engine/ical.h"
#include "engine/sha256.h"
#include "base/tz.h"
#include "base/util.h"

/* How often subscribed calendar clients fetch the feed again: a hold or a stop reaches them within it. */
#define FEED_REFRESH_MINUTES 720

/* Nights a feed can hold: the 731-day range plus the after-midnight shift. */
#define FEED_NIGHTS (TITR_RANGE_MAX_DAYS + 3)

struct feed_night {
	int32_t date_day;     /* dose date of this night */
	int32_t dose_ug;      /* in the current plan; 0: no dose */
	int32_t last_ug;      /* the last dose this night had when it was sent */
	int32_t seq;
	bool sent;            /* in the default feed of some version, with a dose */
	bool step_up, taper;
};

struct feed {
	struct feed_night n[FEED_NIGHTS];   /* n[i] is night first_night + i */
	int32_t first_night, nnights;
	time_t stamp;         /* the regimen's last change */
};

/*
 * Limits in force from the first night are the plan, not a change of it,
 * but only those recorded by the time the regimen was: kidney values
 * entered later change a plan already sent, even when they are dated
 * before its first night (a plan starting next month, values entered
 * today), so they make a version of their own (SEQUENCE, CANCELLED).
 * Stamps have whole seconds: values recorded in the regimen's own second
 * count as a change (at worst one SEQUENCE more than needed, never a
 * revision lost).
 */
static size_t
feed_base(const struct svc_regimen *ar)
{
	size_t base = 0;
	time_t born = 0;
	dt_parse_stamp(ar->row.created_at, &born);
	while (base < ar->tr.nevents && ar->tev[base].kind == TITR_EV_LIMIT &&
	    ar->tev[base].day <= ar->tr.start_day &&
	    (ar->tev_at == NULL || ar->tev_at[base] < born))
		base++;
	return base;
}

/* The default feed: from the start through the furthest any version reached. */
static void
feed_default_range(const struct svc_regimen *ar, int32_t *from, int32_t *to)
{
	struct titr_regimen tr = ar->tr;
	int32_t f, t;
	*from = tr.start_day;
	*to = tr.start_day;
	for (size_t k = feed_base(ar); k <= ar->tr.nevents; k++) {
		tr.nevents = k;
		titr_default_range(&tr, &f, &t);
		if (t > *to)
			*to = t;
	}
	if (*to > *from + TITR_RANGE_MAX_DAYS - 1)
		*to = *from + TITR_RANGE_MAX_DAYS - 1;
}

/*
 * Replay the plan's versions over [from, to].  A night counts as sent once
 * a version's default feed carried it with a dose; its SEQUENCE rises each
 * time a later version changes its dose; a sent night without a dose in
 * the final plan is cancelled.  Nights beyond a version's range are not
 * "no dose": every version is walked over the same nights.
 */
static bool
feed_build(const struct svc_regimen *ar, int32_t from, int32_t to, struct feed *fd)
{
	struct titr_regimen tr = ar->tr;
	struct titr_entry *ents = calloc(FEED_NIGHTS, sizeof *ents);
	int32_t off = titr_dose_date(0, tr.dose_minute), f, t;
	size_t base = feed_base(ar);

	if (ents == NULL)
		return false;
	memset(fd->n, 0, sizeof fd->n);
	/* Night n is dosed on start_day + n - 1 + off. */
	fd->first_night = from - off - tr.start_day + 1;
	if (fd->first_night < 1)
		fd->first_night = 1;
	fd->nnights = to - off - tr.start_day + 1 - fd->first_night + 1;
	if (fd->nnights < 0)
		fd->nnights = 0;
	if (fd->nnights > FEED_NIGHTS)
		fd->nnights = FEED_NIGHTS;
	for (int32_t i = 0; i < fd->nnights; i++)
		fd->n[i].date_day = tr.start_day + fd->first_night + i - 1 + off;
	for (size_t k = base; k <= ar->tr.nevents; k++) {
		bool last = k == ar->tr.nevents;
		int32_t cur[FEED_NIGHTS];
		memset(cur, 0, sizeof cur);
		tr.nevents = k;
		titr_default_range(&tr, &f, &t);
		size_t n = titr_calendar(&tr, from, to, ents, FEED_NIGHTS);
		for (size_t e = 0; e < n; e++) {
			int32_t i = ents[e].night - fd->first_night;
			if (i < 0 || i >= fd->nnights)
				continue;
			cur[i] = ents[e].dose_ug;
			if (last) {
				fd->n[i].step_up = ents[e].step_up;
				fd->n[i].taper = ents[e].phase == TITR_PHASE_TAPER;
			}
		}
		for (int32_t i = 0; i < fd->nnights; i++) {
			struct feed_night *x = &fd->n[i];
			if (k > base && x->sent && cur[i] != x->dose_ug)
				x->seq++;
			if (cur[i] > 0 && x->date_day <= t) {
				x->sent = true;
				x->last_ug = cur[i];
			}
			x->dose_ug = cur[i];
		}
	}
	free(ents);
	return true;
}

/* The regimen's last change: its own update or a later renal event. */
static time_t
feed_stamp(const struct svc_regimen *ar)
{
	time_t t = 0, x;
	if (dt_parse_stamp(ar->row.updated_at, &x))
		t = x;
	for (size_t i = 0; i < ar->nrenal; i++)
		if (dt_parse_stamp(ar->renal[i].created_at, &x) && x > t)
			t = x;
	return t;
}

/* A span in plain words for the patient: "an hour", "two hours", "90 minutes". */
static void
span_words(int32_t minutes, char *out, size_t cap)
{
	static const char *const words[] = { "", "an hour", "two hours", "three hours", "four hours",
		"five hours", "six hours" };
	if (minutes > 0 && minutes % 60 == 0 && (size_t)(minutes / 60) < ARRAY_LEN(words))
		snprintf(out, cap, "%s", words[minutes / 60]);
	else if (minutes % 60 == 0)
		snprintf(out, cap, "%d hours", (int)(minutes / 60));
	else
		snprintf(out, cap, "%d minutes", (int)minutes);
}

static void
drug_title(const char *drug, char *out, size_t cap)
{
	util_copy(out, cap, drug);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

/*
 * A stop or taper, dated any time, ends the plan: the dose date of the
 * night before it (a taper's own steps come after that); INT32_MAX when
 * the dose goes on.
 */
static int32_t
plan_last_dose(const struct svc_regimen *ar)
{
	int32_t night;
	for (size_t i = 0; i < ar->nevents; i++)
		if ((strcmp(ar->events[i].kind, "stop") == 0 || strcmp(ar->events[i].kind, "taper") == 0) &&
		    dt_parse_date(ar->events[i].night_date, &night))
			return night - 1 + titr_dose_date(0, ar->tr.dose_minute);
	return INT32_MAX;
}

/* Load, check visibility, resolve the range; false after queueing a response. */
static bool
feed_load(struct req *r, struct svc_regimen **ar, struct feed **fd, int32_t *from, int32_t *to,
    enum MHD_Result *res)
{
	int rc = view_regimen_load(r, r->id[0], ar);
	*fd = NULL;
	if (rc == STORE_NOTFOUND) {
		*res = http_problem(r, 404, "no such regimen", NULL);
		return false;
	}
	if (rc != STORE_OK) {
		*res = http_db_failure(r, rc);
		return false;
	}
	if (!view_calendar_range(r, *ar, from, to, res)) {
		svc_regimen_free(*ar);
		return false;
	}
	/* The default feed also carries the nights earlier versions sent. */
	if (http_query(r, "from") == NULL && http_query(r, "to") == NULL)
		feed_default_range(*ar, from, to);
	if ((*fd = malloc(sizeof **fd)) == NULL || !feed_build(*ar, *from, *to, *fd)) {
		free(*fd);
		svc_regimen_free(*ar);
		*res = http_problem(r, 500, "out of memory", NULL);
		return false;
	}
	(*fd)->stamp = feed_stamp(*ar);
	return true;
}

static struct titr_entry
entry_of(const struct svc_regimen *ar, int32_t night, const struct feed_night *x)
{
	struct titr_entry e;
	memset(&e, 0, sizeof e);
	e.night = night;
	e.night_day = ar->tr.start_day + night - 1;
	e.date_day = titr_dose_date(e.night_day, ar->tr.dose_minute);
	e.minute = ar->tr.dose_minute;
	e.dose_ug = x->dose_ug;
	e.step_up = x->step_up;
	e.phase = x->taper ? TITR_PHASE_TAPER : TITR_PHASE_TITRATION;
	return e;
}

/*
 * The patient's check-in form for this regimen, when the feed was fetched
 * with a patient token: with absolute, a full URL (calendar clients need
 * one) and only when the token rode in ?token= (the feed URL a calendar
 * subscribed to carries it); else the path, with ?token= when it came so.
 * False when there is none to give (staff, or a Host that is not a plain
 * host[:port]).
 */
static bool
checkin_url(struct req *r, bool absolute, char *out, size_t cap)
{
	const char *tok = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION) == NULL ? http_query(r, "token") : NULL;
	const char *host = http_header(r, MHD_HTTP_HEADER_HOST);
	char path[192];
	int n;

	if (r->role != ROLE_PATIENT || (absolute && tok == NULL))
		return false;
	n = snprintf(path, sizeof path, "/v1/regimens/%lld/checkin.html%s%s", (long long)r->id[0],
	    tok != NULL ? "?token=" : "", tok != NULL ? tok : "");
	if (n < 0 || (size_t)n >= sizeof path)
		return false;
	if (!absolute)
		return util_copy(out, cap, path);
	if (host == NULL || host[0] == '\0' || strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-:[]") != strlen(host))
		return false;
	n = snprintf(out, cap, "%s://%s%s", r->app->cfg.tls_cert[0] ? "https" : "http", host, path);
	return n > 0 && (size_t)n < cap;
}

enum MHD_Result
api_calendar_ics(struct req *r)
{
	struct svc_regimen *ar;
	struct feed *fd;
	struct ical_event *ev = NULL;
	struct svc_note_memo memo = { 0 };
	char (*summary)[48] = NULL, name[96], title[TITR_DRUG_MAX];
	enum MHD_Result res;
	int32_t from, to;
	size_t n = 0, len;

	if (!feed_load(r, &ar, &fd, &from, &to, &res))
		return res;
	/* One event per night of the feed at most: sized to the feed, not to the longest one possible. */
	size_t room = fd->nnights > 0 ? (size_t)fd->nnights : 1;
	ev = calloc(room, sizeof *ev);
	summary = calloc(room, sizeof *summary);
	if (ev == NULL || summary == NULL) {
		res = http_problem(r, 500, "out of memory", NULL);
		goto cleanup;
	}
	drug_title(ar->row.drug, title, sizeof title);
	const char *extra = view_extra_note(r, ar);
	for (int32_t i = 0; i < fd->nnights; i++) {
		const struct feed_night *x = &fd->n[i];
		struct titr_entry e = entry_of(ar, fd->first_night + i, x);
		char dose[32];
		const char *desc;
		if ((!x->sent && x->dose_ug == 0) || e.date_day < from || e.date_day > to)
			continue;
		/* A cancelled night is titled so, with no dose: the patient may never have reached the one it last had. */
		titr_mg_text(x->dose_ug, dose, sizeof dose);
		if (x->dose_ug > 0)
			snprintf(summary[n], sizeof summary[n], "%s %s", title, dose);
		else
			snprintf(summary[n], sizeof summary[n], "Cancelled: no %s dose", title);
		if (x->dose_ug > 0) {
			int32_t prev = i > 0 && fd->n[i - 1].dose_ug > 0 ? fd->n[i - 1].dose_ug : x->dose_ug;
			/* Each distinct description once: nights come in runs of one dose. */
			if ((desc = svc_note_get(&memo, ar, &e, prev, extra, 384)) == NULL) {
				res = http_problem(r, 500, "out of memory", NULL);
				goto cleanup;
			}
		} else {
			desc = "Cancelled: this dose is no longer in your plan.";
		}
		ev[n] = (struct ical_event){ .night = fd->first_night + i, .date_day = e.date_day, .minute = e.minute,
			.sequence = x->seq, .cancelled = x->dose_ug == 0, .summary = summary[n],
			.description = desc };
		n++;
	}
	snprintf(name, sizeof name, "%s titration", title);
	/*
	 * The UID domain: a database whose regimens predate per-installation
	 * UIDs keeps "titrad" (schema/011), so subscribed calendars keep their
	 * events; otherwise the database's own id before the configured domain,
	 * so two installations never share a UID.
	 */
	char url[512], legacy[STORE_UID_DOMAIN_MAX + 1], uid_domain[STORE_INSTANCE_LEN + CONFIG_URI_MAX + 1];
	int drc = store_uid_domain(r->db, legacy);
	if (drc != STORE_OK) {
		res = http_db_failure(r, drc == STORE_NOTFOUND ? STORE_ERROR : drc);
		goto cleanup;
	}
	if (strcmp(legacy, "titrad") == 0 && strcmp(r->app->cfg.ical_uid_domain, "titrad") == 0)
		snprintf(uid_domain, sizeof uid_domain, "titrad");
	else
		snprintf(uid_domain, sizeof uid_domain, "%s.%s", r->app->instance_id, r->app->cfg.ical_uid_domain);
	/* The default feed ends at the plan's last night: the dose goes on after it unless the plan ends. */
	char rest[160];
	snprintf(rest, sizeof rest, "Keep taking %s each night until your clinic tells you otherwise.",
	    n > 0 ? summary[n - 1] : title);
	struct ical_calendar cal = { .name = name, .uid_domain = uid_domain, .regimen_id = ar->row.id,
		.dtstamp = fd->stamp, .duration_minutes = 15, .refresh_minutes = FEED_REFRESH_MINUTES,
		.url = checkin_url(r, true, url, sizeof url) ? url : NULL,
		.rest = http_query(r, "to") == NULL, .rest_last_day = plan_last_dose(ar), .rest_description = rest };
	char *body = ical_render(&cal, ev, n, &len);
	if (body == NULL)
		res = http_problem(r, 500, "out of memory", NULL);
	else
		res = http_reply_validated(r, "text/calendar; charset=utf-8", body, len, fd->stamp);
cleanup:
	free(ev);
	free(summary);
	svc_note_memo_free(&memo);
	free(fd);
	svc_regimen_free(ar);
	return res;
}

enum MHD_Result
api_calendar_html(struct req *r)
{
	struct svc_regimen *ar;
	struct feed *fd;
	struct store_patient p;
	struct html_dose *doses = NULL;
	char title[TITR_DRUG_MAX], instr[512], stamp[TZ_STAMP_LEN], tm[DT_TIME_LEN];
	const char **notes = NULL;
	size_t nnotes = 0, n = 0, len;
	enum MHD_Result res;
	int32_t from, to;
	int rc;

	if (!feed_load(r, &ar, &fd, &from, &to, &res))
		return res;
	if ((rc = store_patient_get(r->db, ar->row.patient_id, &p)) != STORE_OK) {
		res = http_db_failure(r, rc);
		goto cleanup;
	}
	if ((doses = calloc(fd->nnights > 0 ? (size_t)fd->nnights : 1, sizeof *doses)) == NULL) {
		res = http_problem(r, 500, "out of memory", NULL);
		goto cleanup;
	}
	int32_t prev_ug = 0, last_ug = 0, last_day = 0, plan_last_day = 0;
	for (int32_t i = 0; i < fd->nnights; i++) {
		struct titr_entry e = entry_of(ar, fd->first_night + i, &fd->n[i]);
		if (fd->n[i].dose_ug <= 0)
			continue;
		/* "taper" marks the nights the dose goes down, not every night of the taper. */
		bool drops = fd->n[i].taper && prev_ug > 0 && e.dose_ug < prev_ug;
		prev_ug = e.dose_ug;
		plan_last_day = e.date_day;
		if (e.date_day < from || e.date_day > to)
			continue;
		doses[n++] = (struct html_dose){ .date_day = e.date_day, .minute = e.minute,
			.dose_ug = e.dose_ug, .step_up = fd->n[i].step_up, .taper = drops };
		last_ug = e.dose_ug;
		last_day = e.date_day;
	}
	/* After the last cell: the plan ends (a stop or a taper) or the dose simply goes on. */
	char closing[256] = "", mg[32], lastd[DT_DATE_LEN];
	bool ends = plan_last_dose(ar) != INT32_MAX;
	/* Only under the plan's own last cell: a page that stops earlier is continued by the next one. */
	if (n > 0 && last_day == plan_last_day) {
		titr_mg_text(last_ug, mg, sizeof mg);
		dt_format_date(last_day, lastd);
		if (ends)
			snprintf(closing, sizeof closing, "%s on %s is the last dose of this plan: take no more "
			    "unless your clinic tells you to.", mg, lastd);
		else
			snprintf(closing, sizeof closing, "After %s, keep taking %s each night until your clinic "
			    "tells you otherwise.", lastd, mg);
	}
	drug_title(ar->row.drug, title, sizeof title);
	dt_format_time(ar->tr.dose_minute, tm);
	/* How long before the reference time the dose comes is the protocol's
	 * offset; only a regimen timed from a reference time has one. */
	char ahead[96] = "";
	if ((ar->row.bedtime[0] || ar->row.symptom_onset[0]) && ar->proto->offset_minutes > 0) {
		char span[32];
		span_words(ar->proto->offset_minutes, span, sizeof span);
		snprintf(ahead, sizeof ahead, ", about %s before %s", span,
		    ar->row.bedtime[0] ? "bedtime" : "your symptoms usually start");
	}
	snprintf(instr, sizeof instr, "Take your dose at %s every evening%s. On a step-up day, take the "
	    "higher dose only if your symptoms persist; otherwise stay on the dose that works and tell "
	    "your clinic. Tick the box when you have taken it.", tm, ahead);
	/* The drug's own sentences (patient_text), then the live flags' advice. */
	size_t nown = 0;
	for (size_t i = 0; i < r->app->ref.nnotes; i++)
		nown += strcmp(r->app->ref.notes[i].drug, ar->row.drug) == 0;
	if ((notes = malloc((nown + 1) * sizeof *notes)) == NULL) {
		res = http_problem(r, 500, "out of memory", NULL);
		goto cleanup;
	}
	for (size_t i = 0; i < r->app->ref.nnotes; i++)
		if (strcmp(r->app->ref.notes[i].drug, ar->row.drug) == 0)
			notes[nnotes++] = r->app->ref.notes[i].text;
	const char *extra = view_extra_note(r, ar);
	if (extra != NULL)
		notes[nnotes++] = extra + 1;
	/* Not now: the page must be stable for its ETag.  Local: the patient reads it. */
	tz_format_stamp(fd->stamp, stamp);
	/* The same dose chart as the console's, over the page's range. */
	struct html_buf chart = { 0 };
	if (!view_dose_chart(&chart, ar, r->today, from, to, "dose-chart")) {
		free(chart.p);
		res = http_problem(r, 500, "out of memory", NULL);
		goto cleanup;
	}
	char link[512];
	struct html_calendar cal = { .patient_name = p.display_name, .drug = title,
		.instructions = instr, .notes = notes, .nnotes = nnotes, .generated = stamp, .chart = chart.p,
		/* Printed, a full address is one the patient can type; the path when there is none. */
		.checkin_url = checkin_url(r, true, link, sizeof link) || checkin_url(r, false, link, sizeof link) ?
		    link : NULL,
		.closing = closing[0] ? closing : NULL, .paper = r->app->cfg.paper,
		.clinic_name = r->app->cfg.clinic_name, .clinic_phone = r->app->cfg.clinic_phone };
	char *body = html_render(&cal, doses, n, &len);
	free(chart.p);
	if (body == NULL)
		res = http_problem(r, 500, "out of memory", NULL);
	else
		res = http_reply_validated(r, "text/html; charset=utf-8", body, len, fd->stamp);
cleanup:
	free(notes);
	free(doses);
	free(fd);
	svc_regimen_free(ar);
	return res;
}
