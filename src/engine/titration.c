/* SPDX-License-Identifier: Apache-2.0 */
/*
 * titration.c - the dose-titration engine (see titration.h for the rules).
 *
 * One walk, used for every output: the JSON calendar, the iCalendar feed,
 * the default range and the safety checks all see the same nights, so they
 * cannot disagree about a dose.
 */
#include "engine/titration.h"

#include <assert.h>
#include <stdio.h>

enum { W_RUNNING, W_HELD, W_TAPER, W_DONE };

int32_t
titr_dose_minute(int32_t ref_minute, int32_t offset_minutes)
{
	int32_t m = (ref_minute - offset_minutes) % 1440;
	return m < 0 ? m + 1440 : m;
}

int32_t
titr_dose_date(int32_t night_day, int32_t dose_minute)
{
	return dose_minute < 12 * 60 ? night_day + 1 : night_day;
}

const char *
titr_check(const struct titr_protocol *p, int32_t start_ug, int32_t step_ug,
    int32_t max_ug, int32_t interval_days, const char **msg)
{
	if (max_ug <= 0 || max_ug > p->max_ug) {
		*msg = "max_mg must be positive and at most the protocol maximum";
		return "max_mg";
	}
	if (max_ug % p->unit_ug != 0) {
		*msg = "max_mg must be a multiple of the protocol's unit_mg";
		return "max_mg";
	}
	if (start_ug <= 0 || start_ug % p->unit_ug != 0) {
		*msg = "start_mg must be a positive multiple of the protocol's unit_mg";
		return "start_mg";
	}
	if (start_ug > max_ug) {
		*msg = "start_mg must not exceed max_mg";
		return "start_mg";
	}
	if (step_ug <= 0 || step_ug % p->unit_ug != 0 || step_ug > p->max_ug) {
		*msg = "step_mg must be a positive multiple of the protocol's unit_mg";
		return "step_mg";
	}
	if (interval_days < 1 || interval_days > TITR_INTERVAL_MAX) {
		*msg = "interval_days must be from 1 to 28";
		return "interval_days";
	}
	return NULL;
}

static int32_t
min32(int32_t a, int32_t b)
{
	return a < b ? a : b;
}

static int32_t
max32(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

void
titr_walk_init(struct titr_walk *w, const struct titr_regimen *r)
{
	w->r = r;
	w->next_ev = 0;
	w->night = 0;
	w->dose_ug = 0;
	w->at_dose = 0;
	w->cap_ug = r->max_ug;
	w->interval = r->interval_days;
	w->state = W_RUNNING;
}

/* Apply the events dated on or before this night; tonight's dose follows. */
static bool
apply_events(struct titr_walk *w, int32_t day, bool *hold_tonight)
{
	const struct titr_regimen *r = w->r;
	*hold_tonight = false;
	while (w->next_ev < r->nevents && r->events[w->next_ev].day <= day) {
		const struct titr_event *ev = &r->events[w->next_ev++];
		switch (ev->kind) {
		case TITR_EV_HOLD:
			/* Tonight still gets its scheduled dose; the freeze follows. */
			if (w->state == W_RUNNING)
				*hold_tonight = true;
			break;
		case TITR_EV_RESUME:
			/* A stop is final: nothing resumes after it. */
			if (w->state != W_DONE && (w->state == W_HELD || *hold_tonight)) {
				w->state = W_RUNNING;
				w->at_dose = 0;
			}
			*hold_tonight = false;
			break;
		case TITR_EV_STOP:
			w->state = W_DONE;
			break;
		case TITR_EV_TAPER:
			if (w->state == W_DONE)
				break;
			/* Taper from the last dose given; none given means none to taper. */
			if (w->dose_ug <= 0) {
				w->state = W_DONE;
				break;
			}
			w->state = W_TAPER;
			w->at_dose = 0;
			*hold_tonight = false;
			break;
		case TITR_EV_LIMIT:
			w->cap_ug = ev->cap_ug > 0 ? min32(ev->cap_ug, r->max_ug) : r->max_ug;
			w->interval = max32(r->interval_days, ev->min_interval);
			break;
		}
	}
	return w->state != W_DONE;
}

bool
titr_walk_next(struct titr_walk *w, struct titr_entry *e)
{
	const struct titr_regimen *r = w->r;
	bool hold_tonight;
	int32_t night, day, prev, dose;

	if (w->state == W_DONE)
		return false;
	night = w->night + 1;
	day = r->start_day + night - 1;
	if (!apply_events(w, day, &hold_tonight))
		return false;

	prev = w->dose_ug;
	dose = prev;
	switch (w->state) {
	case W_RUNNING:
		if (night == 1 || prev == 0) {
			dose = r->start_ug;
		} else if (w->at_dose >= w->interval && prev < w->cap_ug) {
			dose = min32(prev + r->step_ug, w->cap_ug);
		}
		break;
	case W_HELD:
		break;
	case W_TAPER:
		if (w->at_dose >= w->interval) {
			dose = prev - r->step_ug;
			if (dose <= 0) {
				w->state = W_DONE;
				return false;
			}
		}
		break;
	default:
		assert(0);
		return false;
	}
	/* A lowered cap applies from its night on, whatever the phase. */
	dose = min32(dose, w->cap_ug);
	if (dose != prev)
		w->at_dose = 0;
	w->at_dose++;
	w->dose_ug = dose;
	w->night = night;
	if (hold_tonight)
		w->state = W_HELD;

	e->night = night;
	e->night_day = day;
	e->minute = r->dose_minute;
	e->date_day = titr_dose_date(day, r->dose_minute);
	e->dose_ug = dose;
	e->step_up = night > 1 && dose > prev;
	e->step_down = night > 1 && dose < prev;
	e->held = w->state == W_HELD;
	if (w->state == W_TAPER)
		e->phase = TITR_PHASE_TAPER;
	else if (w->state == W_HELD || dose >= w->cap_ug)
		e->phase = TITR_PHASE_MAINTENANCE;
	else
		e->phase = TITR_PHASE_TITRATION;
	return true;
}

/*
 * Advance the walk so the next night produced is the first whose dose date
 * is >= from.  Once no event is pending and the dose can no longer change
 * (held, or running at the cap), nights are skipped arithmetically: a range
 * far in the future costs the same as one near the start.
 */
static void
walk_skip(struct titr_walk *w, int32_t from)
{
	const struct titr_regimen *r = w->r;
	struct titr_entry e;
	for (;;) {
		int32_t next_day = r->start_day + w->night;
		if (titr_dose_date(next_day, r->dose_minute) >= from || w->state == W_DONE)
			return;
		bool stable = w->night > 0 && w->next_ev == r->nevents &&
		    (w->state == W_HELD || (w->state == W_RUNNING && w->dose_ug >= w->cap_ug));
		if (stable) {
			/* The first wanted night begins the evening of want_day. */
			int32_t want_day = from - titr_dose_date(0, r->dose_minute);
			int32_t skip = want_day - next_day;
			if (skip > 0) {
				w->night += skip;
				w->at_dose += skip;
			}
			return;
		}
		if (!titr_walk_next(w, &e))
			return;
	}
}

size_t
titr_calendar(const struct titr_regimen *r, int32_t from, int32_t to,
    struct titr_entry *out, size_t cap)
{
	struct titr_walk w;
	struct titr_entry e;
	size_t n = 0;

	titr_walk_init(&w, r);
	walk_skip(&w, from);
	while (n < cap && titr_walk_next(&w, &e)) {
		if (e.date_day > to)
			break;
		if (e.date_day >= from)
			out[n++] = e;
	}
	return n;
}

bool
titr_last_dose(const struct titr_regimen *r, struct titr_entry *last)
{
	struct titr_walk w;
	struct titr_entry e;
	bool any = false, ends = false;

	for (size_t i = 0; i < r->nevents; i++)
		if (r->events[i].kind == TITR_EV_STOP || r->events[i].kind == TITR_EV_TAPER)
			ends = true;
	if (!ends)
		return false;
	titr_walk_init(&w, r);
	while (titr_walk_next(&w, &e)) {
		*last = e;
		any = true;
	}
	return any;
}

bool
titr_doses_from(const struct titr_regimen *r, int32_t day)
{
	struct titr_entry last;
	bool ends = false;
	for (size_t i = 0; i < r->nevents; i++)
		if (r->events[i].kind == TITR_EV_STOP || r->events[i].kind == TITR_EV_TAPER)
			ends = true;
	if (!ends)
		return true;
	return titr_last_dose(r, &last) && last.night_day >= day;
}

void
titr_default_range(const struct titr_regimen *r, int32_t *from, int32_t *to)
{
	struct titr_walk w;
	struct titr_entry e, last;
	int32_t limit = r->start_day + TITR_RANGE_MAX_DAYS - 1;
	bool ends = false, seen = false;

	*from = r->start_day;
	*to = limit;
	for (size_t i = 0; i < r->nevents; i++)
		if (r->events[i].kind == TITR_EV_STOP || r->events[i].kind == TITR_EV_TAPER)
			ends = true;

	titr_walk_init(&w, r);
	while (titr_walk_next(&w, &e)) {
		seen = true;
		last = e;
		if (!ends && e.dose_ug >= w.cap_ug) {
			*to = e.date_day + TITR_AFTER_CAP_DAYS;
			break;
		}
		if (e.date_day > limit)
			break;
	}
	if (ends)
		*to = (seen ? last.date_day : r->start_day) + TITR_AFTER_CAP_DAYS;
	if (*to > limit)
		*to = limit;
}

void
titr_limits_on(const struct titr_regimen *r, int32_t night_day, int32_t *cap_ug, int32_t *interval)
{
	*cap_ug = r->max_ug;
	*interval = r->interval_days;
	for (size_t i = 0; i < r->nevents && r->events[i].day <= night_day; i++) {
		const struct titr_event *ev = &r->events[i];
		if (ev->kind != TITR_EV_LIMIT)
			continue;
		*cap_ug = ev->cap_ug > 0 ? min32(ev->cap_ug, r->max_ug) : r->max_ug;
		*interval = max32(r->interval_days, ev->min_interval);
	}
}

void
titr_mg_text(int32_t ug, char *out, size_t cap)
{
	int64_t v = ug;
	const char *sign = "";
	if (v < 0) {
		sign = "-";
		v = -v;
	}
	long long whole = (long long)(v / 1000);
	int frac = (int)(v % 1000);
	if (frac == 0) {
		snprintf(out, cap, "%s%lld mg", sign, whole);
		return;
	}
	int digits = 3;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	snprintf(out, cap, "%s%lld.%0*d mg", sign, whole, digits, frac);
}
