/* SPDX-License-Identifier: Apache-2.0 */
/* regimen.c - loading a regimen for the engine, and its state machine (see regimen.h). */
#include "service/regimen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

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

/* Merge renal limits and actions into one day-ordered event list; false when out of memory. */
static bool
build_events(const struct svc_ref *ref, struct svc_regimen *ar)
{
	size_t i = 0, j = 0, n = 0, total = ar->nrenal + ar->nevents;
	int32_t rday, aday;

	ar->tev = total ? malloc(total * sizeof *ar->tev) : NULL;
	ar->tev_at = total ? calloc(total, sizeof *ar->tev_at) : NULL;
	if (total > 0 && (ar->tev == NULL || ar->tev_at == NULL))
		return false;
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
			renal_limits(ref->bands, ref->nbands, ar->row.drug, ar->proto->unit_ug,
			    ar->renal[i].crcl_dml, ar->renal[i].dialysis, &ev->cap_ug, &ev->min_interval);
			if (!dt_parse_stamp(ar->renal[i].created_at, &ar->tev_at[n - 1]))
				ar->tev_at[n - 1] = 0;
			i++;
		} else {
			ev->kind = event_kind(ar->events[j].kind);
			ev->day = aday;
			if (!dt_parse_stamp(ar->events[j].created_at, &ar->tev_at[n - 1]))
				ar->tev_at[n - 1] = 0;
			j++;
		}
	}
	ar->tr.events = ar->tev;
	ar->tr.nevents = n;
	return true;
}

static void
engine_plan(struct svc_regimen *ar)
{
	int32_t minute = 0;
	dt_parse_date(ar->row.start_date, &ar->tr.start_day);
	dt_parse_time(ar->row.dose_time, &minute);
	ar->tr.dose_minute = minute;
	ar->tr.start_ug = (int32_t)ar->row.start_ug;
	ar->tr.step_ug = (int32_t)ar->row.step_ug;
	ar->tr.max_ug = (int32_t)ar->row.max_ug;
	ar->tr.interval_days = (int32_t)ar->row.interval_days;
}

void
svc_regimen_free(struct svc_regimen *ar)
{
	if (ar == NULL)
		return;
	free(ar->events);
	free(ar->renal);
	free(ar->tev);
	free(ar->tev_at);
	free(ar);
}

int
svc_regimen_load(const struct svc_ctx *c, int64_t id, struct svc_regimen **out)
{
	struct svc_regimen *ar = calloc(1, sizeof *ar);
	int rc;

	*out = NULL;
	if (ar == NULL)
		return STORE_ERROR;
	rc = store_regimen_get(c->db, id, &ar->row);
	if (rc == STORE_OK && (ar->proto = svc_protocol(c->ref, ar->row.drug)) == NULL)
		rc = STORE_ERROR;      /* a stored regimen of a drug with no protocol: corrupt data */
	if (rc == STORE_OK)
		rc = store_event_list(c->db, id, &ar->events, &ar->nevents);
	if (rc == STORE_OK)
		rc = store_renal_list(c->db, ar->row.patient_id, &ar->renal, &ar->nrenal);
	if (rc == STORE_OK && !build_events(c->ref, ar))
		rc = STORE_ERROR;
	if (rc != STORE_OK) {
		svc_regimen_free(ar);
		return rc;
	}
	engine_plan(ar);
	*out = ar;
	return STORE_OK;
}

struct svc_regimen *
svc_regimen_proposed(const struct svc_ctx *c, const struct titr_protocol *proto, int64_t patient_id,
    int64_t crcl_dml, bool dialysis, int32_t dose_minute)
{
	struct svc_regimen *ar = calloc(1, sizeof *ar);
	if (ar == NULL)
		return NULL;
	ar->proto = proto;
	ar->row.id = -1;
	ar->row.patient_id = patient_id;
	util_copy(ar->row.drug, sizeof ar->row.drug, proto->drug);
	dt_format_date(c->today, ar->row.start_date);
	dt_format_time(dose_minute, ar->row.dose_time);
	util_copy(ar->row.status, sizeof ar->row.status, "active");
	ar->row.start_ug = proto->start_ug;
	ar->row.step_ug = proto->step_ug;
	ar->row.max_ug = proto->max_ug;
	ar->row.interval_days = proto->interval_days;
	engine_plan(ar);
	/* Kidney function in force today limits the plan from its first night. */
	if (crcl_dml >= 0 || dialysis) {
		if ((ar->tev = calloc(1, sizeof *ar->tev)) == NULL) {
			svc_regimen_free(ar);
			return NULL;
		}
		ar->tev[0].kind = TITR_EV_LIMIT;
		ar->tev[0].day = c->today;
		renal_limits(c->ref->bands, c->ref->nbands, proto->drug, proto->unit_ug, crcl_dml, dialysis,
		    &ar->tev[0].cap_ug, &ar->tev[0].min_interval);
		ar->tr.events = ar->tev;
		ar->tr.nevents = 1;
	}
	return ar;
}

/* The status an action leaves the regimen in. */
static const char *
status_after(const char *kind)
{
	if (strcmp(kind, "hold") == 0)
		return "held";
	if (strcmp(kind, "resume") == 0)
		return "active";
	if (strcmp(kind, "taper") == 0)
		return "tapering";
	return "stopped";
}

int
svc_regimen_overlap(const struct svc_ctx *c, int64_t patient_id, const char *drug, int32_t start_day,
    bool *overlap)
{
	struct store_regimen *rows = NULL;
	size_t n = 0;
	int rc = store_regimen_all(c->db, patient_id, &rows, &n);

	*overlap = false;
	for (size_t i = 0; rc == STORE_OK && i < n && !*overlap; i++) {
		struct svc_regimen *ar;
		if (strcmp(rows[i].drug, drug) != 0)
			continue;
		if ((rc = svc_regimen_load(c, rows[i].id, &ar)) != STORE_OK)
			break;
		*overlap = titr_doses_from(&ar->tr, start_day);
		svc_regimen_free(ar);
	}
	free(rows);
	return rc;
}

size_t
svc_regimen_first_pending(const struct svc_regimen *ar, int32_t today)
{
	int32_t day;
	for (size_t i = 0; i < ar->nevents; i++)
		if (dt_parse_date(ar->events[i].night_date, &day) && day > today)
			return i;
	return ar->nevents;
}

/*
 * As of today: the actions whose night has come, in night order (an action
 * dated ahead changes nothing yet), and a taper whose last dose is past
 * reads 'stopped'.  The stored row.status is the state after every action.
 */
const char *
svc_regimen_status(const struct svc_regimen *ar, int32_t today)
{
	struct titr_entry last;
	size_t upto = svc_regimen_first_pending(ar, today);
	const char *st = ar->nevents == 0 ? ar->row.status : "active";

	for (size_t i = 0; i < upto; i++)
		st = status_after(ar->events[i].kind);
	if (strcmp(st, "tapering") == 0) {
		if (!titr_last_dose(&ar->tr, &last) || last.night_day < today)
			return "stopped";
	}
	return st;
}

const char *
svc_phase_name(enum titr_phase p)
{
	switch (p) {
	case TITR_PHASE_TITRATION: return "titration";
	case TITR_PHASE_MAINTENANCE: return "maintenance";
	case TITR_PHASE_TAPER: return "taper";
	}
	return "?";
}

void
svc_entry_note(const struct svc_regimen *ar, const struct titr_entry *e, int32_t prev_ug, char *out, size_t cap)
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

struct svc_note_slot {
	int32_t dose_ug, prev_ug, minute;
	bool taper, step_up, held;
	size_t cap;
	char *text;
};

/* The key of an entry's note: prev only matters on a step-up night. */
static struct svc_note_slot
note_key(const struct titr_entry *e, int32_t prev_ug, size_t cap)
{
	struct svc_note_slot k = { .dose_ug = e->dose_ug, .minute = e->minute,
		.taper = e->phase == TITR_PHASE_TAPER, .step_up = e->step_up, .held = e->held, .cap = cap };
	k.prev_ug = !k.taper && k.step_up ? prev_ug : 0;
	return k;
}

static bool
note_same(const struct svc_note_slot *a, const struct svc_note_slot *b)
{
	return a->dose_ug == b->dose_ug && a->prev_ug == b->prev_ug && a->minute == b->minute &&
	    a->taper == b->taper && a->step_up == b->step_up && a->held == b->held && a->cap == b->cap;
}

const char *
svc_note_get(struct svc_note_memo *m, const struct svc_regimen *ar, const struct titr_entry *e,
    int32_t prev_ug, const char *extra, size_t cap)
{
	char buf[SVC_NOTE_MAX];
	struct svc_note_slot k = note_key(e, prev_ug, cap > sizeof buf ? sizeof buf : cap);

	/* Nights come in runs of one note: the last one first, then the others. */
	if (m->last < m->n && note_same(&m->slot[m->last], &k))
		return m->slot[m->last].text;
	for (size_t i = 0; i < m->n; i++)
		if (note_same(&m->slot[i], &k)) {
			m->last = i;
			return m->slot[i].text;
		}
	svc_entry_note(ar, e, prev_ug, buf, k.cap);
	if (extra != NULL)
		strncat(buf, extra, k.cap - strlen(buf) - 1);
	size_t len = strlen(buf);
	if (!util_grow((void **)&m->slot, &m->cap, m->n + 1, sizeof *m->slot, 8) || (k.text = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(k.text, buf, len + 1);
	m->last = m->n;
	m->slot[m->n++] = k;
	return k.text;
}

void
svc_note_memo_free(struct svc_note_memo *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->slot[i].text);
	free(m->slot);
	memset(m, 0, sizeof *m);
}

int
svc_regimen_advice(const struct svc_ctx *c, const struct svc_regimen *ar, char **out)
{
	struct store_flag *fl = NULL;
	size_t n = 0, len = 0, cap = 0;
	/* Each live flag whose rule carries dose advice (rule.dose_advice) puts
	 * that advice on every dose line; each advice once, in flag order, one
	 * " "-led sentence each, so callers can append it to a dose line. */
	struct store_flag_filter flt = { .patient_id = ar->row.patient_id, .regimen_id = ar->row.id,
		.medication_id = -1, .live_only = true };
	int rc = store_flag_all(c->db, &flt, &fl, &n);

	*out = NULL;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		const struct ia_rule *rule = ia_rule(c->ref->kb, fl[i].rule);
		if (rule == NULL || rule->dose_advice[0] == '\0')
			continue;
		if (*out != NULL && strstr(*out, rule->dose_advice) != NULL)
			continue;
		size_t add = strlen(rule->dose_advice) + 1;
		if (!util_grow((void **)out, &cap, len + add + 1, 1, 128)) {
			rc = STORE_ERROR;
			break;
		}
		(*out)[len] = ' ';
		memcpy(*out + len + 1, rule->dose_advice, add);
		len += add;
	}
	free(fl);
	if (rc != STORE_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}
