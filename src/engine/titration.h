/* SPDX-License-Identifier: Apache-2.0 */
/*
 * titration.h - the dose-titration engine.
 *
 * Pure: a protocol and a regimen's dated events in, dated doses out.  All
 * doses are integer micrograms; days are dt_ day numbers (datetime.h).
 *
 * Night n (n = 1 on start_day) begins on the evening of start_day + n - 1.
 * With no events night n gets
 *     min(cap, start + floor((n - 1) / interval) * step).
 * The engine walks nights in order keeping (dose, nights at this dose): it
 * steps up by `step` once the nights at the dose reach the interval, never
 * above the cap in force that night.  Events change the state from their
 * night on and never before it.
 */
#ifndef TITRAD_TITRATION_H
#define TITRAD_TITRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TITR_DRUG_MAX      32
#define TITR_RANGE_MAX_DAYS 731   /* to - from <= 730 */
#define TITR_AFTER_CAP_DAYS 14    /* default range tail */
#define TITR_INTERVAL_MAX  28

enum titr_timing { TITR_BEFORE_ONSET, TITR_BEFORE_BEDTIME };

struct titr_protocol {
	char drug[TITR_DRUG_MAX];
	int32_t start_ug, step_ug, max_ug, unit_ug;
	int32_t interval_days;
	int32_t offset_minutes;
	enum titr_timing timing;
};

/*
 * A sentence the patient's calendar page shows for a drug (schema/009:
 * patient_text, in position order).  The schema keeps each text shorter
 * than TITR_NOTE_MAX, so none is cut.
 */
#define TITR_NOTE_MAX 256
struct titr_note {
	char drug[TITR_DRUG_MAX];
	char text[TITR_NOTE_MAX];
};

enum titr_event_kind {
	TITR_EV_HOLD,     /* keep the dose of night `day` from then on */
	TITR_EV_RESUME,   /* step again `interval` nights after `day` */
	TITR_EV_STOP,     /* no dose from `day` on */
	TITR_EV_TAPER,    /* from `day`, the titration in reverse, then stop */
	TITR_EV_LIMIT,    /* safety limits in force from `day` (renal function) */
};

struct titr_event {
	enum titr_event_kind kind;
	int32_t day;            /* the night's date */
	int32_t cap_ug;         /* LIMIT: cap below the regimen's max, 0 = none */
	int32_t min_interval;   /* LIMIT: least nights between steps, 0 = none */
};

struct titr_regimen {
	int32_t start_day;
	int32_t dose_minute;    /* 0..1439, wall clock */
	int32_t start_ug, step_ug, max_ug;
	int32_t interval_days;
	const struct titr_event *events;   /* ordered by day, then by entry */
	size_t nevents;
};

enum titr_phase { TITR_PHASE_TITRATION, TITR_PHASE_MAINTENANCE, TITR_PHASE_TAPER };

struct titr_entry {
	int32_t night;          /* 1-based */
	int32_t night_day;      /* the evening the night begins */
	int32_t date_day;       /* the calendar date of the dose */
	int32_t minute;
	int32_t dose_ug;
	enum titr_phase phase;
	bool step_up;           /* dose above the previous night's */
	bool step_down;         /* dose below the previous night's */
	bool held;
};

/* A walk over the nights of a regimen; plain data, no allocation. */
struct titr_walk {
	const struct titr_regimen *r;
	size_t next_ev;
	int32_t night;          /* last night produced, 0 before the first */
	int32_t dose_ug;        /* last night's dose, 0 before the first */
	int32_t at_dose;        /* nights given at dose_ug so far */
	int32_t cap_ug;         /* effective cap */
	int32_t interval;       /* effective interval */
	int state;
};

/* "0.25 mg", "300 mg", "3.875 mg": integer micrograms as text, trailing zeros trimmed. */
void titr_mg_text(int32_t ug, char *out, size_t cap);

/* Dose time from a reference time (symptom onset or bedtime) and an offset. */
int32_t titr_dose_minute(int32_t ref_minute, int32_t offset_minutes);
/* A dose from 00:00 to 11:59 is taken the calendar day after the night's date. */
int32_t titr_dose_date(int32_t night_day, int32_t dose_minute);

/*
 * Check regimen parameters against the protocol.  Returns NULL when valid,
 * else the offending field name with *msg set to a sentence for the caller.
 */
const char *titr_check(const struct titr_protocol *p, int32_t start_ug, int32_t step_ug,
    int32_t max_ug, int32_t interval_days, const char **msg);

void titr_walk_init(struct titr_walk *w, const struct titr_regimen *r);
/* Next dosed night, or false once the regimen gives no more doses. */
bool titr_walk_next(struct titr_walk *w, struct titr_entry *e);

/*
 * Entries whose dose date lies in [from, to], ascending, at most cap of them.
 * Returns the number written.  to - from must be < TITR_RANGE_MAX_DAYS.
 */
size_t titr_calendar(const struct titr_regimen *r, int32_t from, int32_t to,
    struct titr_entry *out, size_t cap);

/*
 * The default calendar range: start_day through TITR_AFTER_CAP_DAYS after the
 * first dose at the cap, or after the last dose of a stopped or tapered
 * regimen, clamped to TITR_RANGE_MAX_DAYS days.
 */
void titr_default_range(const struct titr_regimen *r, int32_t *from, int32_t *to);

/* Day of the last dose of a stopped regimen; false if doses never end. */
bool titr_last_dose(const struct titr_regimen *r, struct titr_entry *last);
/* Does r dose any night beginning on or after day?  (Two regimens overlap
 * when each doses a night on or after the other's start_day.) */
bool titr_doses_from(const struct titr_regimen *r, int32_t day);

/* The effective cap and interval in force on night_day (LIMIT events). */
void titr_limits_on(const struct titr_regimen *r, int32_t night_day,
    int32_t *cap_ug, int32_t *interval);

#endif
