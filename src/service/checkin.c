/* SPDX-License-Identifier: Apache-2.0 */
/* checkin.c - storing a check-in and acting on it (see checkin.h). */
#include "service/checkin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "engine/symptoms.h"
#include "service/regimen_action.h"

/* The findings one check-in makes, grown to need. */
struct found {
	struct ia_finding *v;
	size_t n, cap;
};

/* The checkin_rule row of (event, the regimen's drug): STORE_OK, STORE_NOTFOUND or a failure. */
struct event_rule {
	char rule[IA_RULE_MAX], severity[12];
	int64_t nights;
};

static int
event_rule(const struct svc_ctx *c, const char *event, const struct svc_regimen *ar, struct event_rule *er)
{
	return store_checkin_rule(c->db, event, ar->row.drug, er->rule, er->severity, &er->nights);
}

static int
add(const struct svc_ctx *c, struct found *out, const struct event_rule *er, const struct svc_regimen *ar,
    const struct store_checkin *ck)
{
	const struct ia_rule *rule = ia_rule(c->ref->kb, er->rule);
	if (rule == NULL)
		return STORE_ERROR;     /* checkin_rule.rule refers to rule(id) */
	if (!util_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v, 4))
		return STORE_ERROR;
	struct ia_finding *f = &out->v[out->n++];
	memset(f, 0, sizeof *f);
	f->rule = rule;
	util_copy(f->severity, sizeof f->severity, er->severity);
	f->medication_id = -1;
	f->regimen_id = ar->row.id;
	snprintf(f->detail, sizeof f->detail, "%s (check-in %lld, night %s)", rule->detail,
	    (long long)ck->id, ck->night);
	return STORE_OK;
}

/* The rule of event for the regimen's drug, when it has one. */
static int
raise_event(const struct svc_ctx *c, struct found *out, const char *event, const struct svc_regimen *ar,
    const struct store_checkin *ck)
{
	struct event_rule er;
	int rc = event_rule(c, event, ar, &er);
	if (rc == STORE_NOTFOUND)
		return STORE_OK;
	return rc == STORE_OK ? add(c, out, &er, ar, ck) : rc;
}

/* The night of the regimen's last event (its start_date when none). */
static int32_t
last_event_day(const struct svc_regimen *ar)
{
	int32_t last = ar->tr.start_day;
	if (ar->nevents > 0)
		dt_parse_date(ar->events[ar->nevents - 1].night_date, &last);
	return last;
}

/* The night of the last event of kind a or b, or -1. */
static int32_t
last_event_of(const struct svc_regimen *ar, const char *a, const char *b)
{
	int32_t day = -1;
	for (size_t i = 0; i < ar->nevents; i++)
		if (strcmp(ar->events[i].kind, a) == 0 || strcmp(ar->events[i].kind, b) == 0)
			dt_parse_date(ar->events[i].night_date, &day);
	return day;
}

/* The engine's view of the regimen's check-ins. */
static struct ck_night *
nights_of(const struct store_checkin *all, size_t n)
{
	struct ck_night *v = calloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; v != NULL && i < n; i++) {
		int m = -1;
		dt_parse_date(all[i].night, &v[i].day);
		v[i].severity = (int)all[i].severity;
		if (!all[i].onset[0] || !dt_parse_time(all[i].onset, &m))
			m = -1;
		v[i].onset = m;
		v[i].body_parts = (unsigned)all[i].body_parts;
	}
	return v;
}

/* Guided titration: hold at the night's dose when the patient reports control. */
static int
auto_hold(const struct svc_ctx *c, struct svc_regimen *ar, const struct store_checkin *ck, int32_t day,
    struct found *out)
{
	struct event_rule er;
	char reason[STORE_REASON_MAX + 1], msg[128];
	bool active = strcmp(svc_regimen_status(ar, c->today), "active") == 0 &&
	    strcmp(ar->row.status, "active") == 0;

	if (!ck_should_hold(!ar->row.unguided, active, (int)ck->severity, (int)ar->row.controlled_below, day,
	    last_event_day(ar)))
		return STORE_OK;
	snprintf(reason, sizeof reason, "patient reported control: check-in %lld of night %s, severity %lld "
	    "below %lld", (long long)ck->id, ck->night, (long long)ck->severity,
	    (long long)ar->row.controlled_below);
	struct svc_ctx sys = *c;
	sys.actor = "titrad";   /* the hold is titrad's, not the patient's */
	struct svc_act act = { .action = SVC_HOLD, .day = day, .reason = reason };
	int rc = svc_regimen_act(&sys, ar->row.id, &act, msg, sizeof msg);
	if (rc == SVC_NOT_ALLOWED || rc == SVC_INVALID)
		return STORE_OK;        /* checked above; a state the check-in does not change */
	if (rc != STORE_OK)
		return rc;
	rc = event_rule(c, "auto-hold", ar, &er);
	if (rc == STORE_NOTFOUND)
		return STORE_OK;
	return rc == STORE_OK ? add(c, out, &er, ar, ck) : rc;
}

/* Symptoms back on consecutive nights while held, the augmentation watch, rebound after a stop. */
static int
watch(const struct svc_ctx *c, const struct svc_regimen *ar, const struct store_checkin *ck, int32_t day,
    struct found *out)
{
	struct store_checkin *all = NULL;
	struct ck_night *v = NULL;
	struct store_augmentation aw;
	struct event_rule er;
	const char *status = svc_regimen_status(ar, c->today);
	size_t n = 0;
	int onset = -1;
	int rc = store_checkin_all(c->db, ar->row.id, &all, &n);

	if (rc != STORE_OK)
		return rc;
	if ((v = nights_of(all, n)) == NULL) {
		rc = STORE_ERROR;
		goto cleanup;
	}
	if (strcmp(status, "held") == 0 && (rc = event_rule(c, "symptoms-returned", ar, &er)) != STORE_NOTFOUND) {
		if (rc != STORE_OK)
			goto cleanup;
		int32_t held = last_event_of(ar, "hold", "hold");
		if (held >= 0 && ck_run_at_or_above(v, n, held, (int)ar->row.controlled_below, (int)er.nights) &&
		    (rc = add(c, out, &er, ar, ck)) != STORE_OK)
			goto cleanup;
	}
	rc = store_augmentation_watch(c->db, ar->row.drug, &aw);
	if (rc == STORE_OK && ar->row.symptom_onset[0] && dt_parse_time(ar->row.symptom_onset, &onset)) {
		struct ck_augmentation a = { (int)aw.window_nights, (int)aw.min_nights, (int)aw.earlier_minutes,
			(int)aw.spread_minutes };
		struct event_rule aug = { .nights = 0 };
		util_copy(aug.rule, sizeof aug.rule, aw.rule);
		util_copy(aug.severity, sizeof aug.severity, ia_rule(c->ref->kb, aw.rule) ?
		    ia_rule(c->ref->kb, aw.rule)->severity : "critical");
		if (ck_augmentation_suspected(&a, onset, v, n) && (rc = add(c, out, &aug, ar, ck)) != STORE_OK)
			goto cleanup;
	} else if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		goto cleanup;
	}
	rc = STORE_OK;
	/* Rebound: worse than the first check-in (the level before treatment), after the stop. */
	int32_t stop = last_event_of(ar, "stop", "taper");
	if ((strcmp(status, "stopped") == 0 || strcmp(status, "tapering") == 0) && stop >= 0 && day >= stop &&
	    n > 0 && all[0].id != ck->id && ck->severity > all[0].severity)
		rc = raise_event(c, out, "rebound", ar, ck);
cleanup:
	free(v);
	free(all);
	return rc;
}

int
svc_checkin_create(const struct svc_ctx *c, int64_t regimen_id, struct store_checkin *ck,
    struct safety_raised *raised, char *msg, size_t msglen)
{
	struct svc_regimen *ar = NULL;
	struct found out = { 0 };
	int32_t day;
	int rc = svc_regimen_load(c, regimen_id, &ar);

	if (rc != STORE_OK)
		return rc;
	if (!dt_parse_date(ck->night, &day) || day < ar->tr.start_day || day > c->today) {
		snprintf(msg, msglen, "%s", !dt_parse_date(ck->night, &day) ? "night must be a date YYYY-MM-DD"
		    : day < ar->tr.start_day ? "night is before the regimen's start_date"
		    : "night is after today");
		rc = SVC_INVALID;
		goto cleanup;
	}
	ck->regimen_id = regimen_id;
	util_copy(ck->created_at, sizeof ck->created_at, c->now_stamp);
	util_copy(ck->created_by, sizeof ck->created_by, c->actor);
	if ((rc = store_checkin_insert(c->db, ck)) != STORE_OK)
		goto cleanup;
	if ((rc = svc_audit(c, "checkin.create", "regimen", regimen_id, ck->night)) != STORE_OK)
		goto cleanup;
	for (size_t b = 0; b < ck_nside_effects; b++)
		if ((ck->side_effects & (1 << b)) &&
		    (rc = raise_event(c, &out, ck_side_effect_names[b], ar, ck)) != STORE_OK)
			goto cleanup;
	if ((rc = auto_hold(c, ar, ck, day, &out)) != STORE_OK)
		goto cleanup;
	/* The regimen as the hold left it. */
	svc_regimen_free(ar);
	ar = NULL;
	if ((rc = svc_regimen_load(c, regimen_id, &ar)) != STORE_OK)
		goto cleanup;
	if ((rc = watch(c, ar, ck, day, &out)) != STORE_OK)
		goto cleanup;
	rc = safety_raise(c, ar->row.patient_id, out.v, out.n, raised);
cleanup:
	free(out.v);
	svc_regimen_free(ar);
	return rc;
}
