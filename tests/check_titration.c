/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_titration.c - the titration engine and the renal limits.
 *
 * Every expected value is written from the specification (the default protocols,
 * the renal bands, and the night and action rules of man/titrad.8 and
 * doc/openapi.yaml), never computed by the code under test.  Dates are parsed with
 * dt_parse_date, which check_datetime tests on its own.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/datetime.h"
#include "engine/renal.h"
#include "engine/titration.h"
#include "base/util.h"

/* ---- protocols, of schema/002_protocols.sql ---- */

static const struct titr_protocol PRAMIPEXOLE = {
	.drug = "pramipexole", .start_ug = 125, .step_ug = 125, .max_ug = 4000,
	.unit_ug = 125, .interval_days = 2, .offset_minutes = 120, .timing = TITR_BEFORE_ONSET,
};
static const struct titr_protocol ROPINIROLE = {
	.drug = "ropinirole", .start_ug = 500, .step_ug = 250, .max_ug = 3000,
	.unit_ug = 250, .interval_days = 1, .offset_minutes = 120, .timing = TITR_BEFORE_ONSET,
};
static const struct titr_protocol GABAPENTIN = {
	.drug = "gabapentin", .start_ug = 300000, .step_ug = 300000, .max_ug = 2700000,
	.unit_ug = 100000, .interval_days = 7, .offset_minutes = 60, .timing = TITR_BEFORE_BEDTIME,
};

static const struct titr_protocol *const PROTOCOLS[] = { &PRAMIPEXOLE, &ROPINIROLE, &GABAPENTIN };
/* The night each protocol first reaches its cap (schema/002_protocols.sql). */
static const int32_t CAP_NIGHT[] = { 63, 11, 57 };

#define MAX_NIGHTS 4000
#define EVENING (20 * 60)        /* 22:00 onset - 120 min */
#define MORNING 30               /* 02:30 onset - 120 min = 00:30 */

static int32_t
day_of(const char *s)
{
	int32_t d = 0;
	ck_assert_msg(dt_parse_date(s, &d), "test date %s", s);
	return d;
}

static struct titr_regimen
regimen(const struct titr_protocol *p, int32_t start_day, int32_t minute,
    const struct titr_event *ev, size_t nev)
{
	struct titr_regimen r = {
		.start_day = start_day, .dose_minute = minute,
		.start_ug = p->start_ug, .step_ug = p->step_ug, .max_ug = p->max_ug,
		.interval_days = p->interval_days, .events = ev, .nevents = nev,
	};
	return r;
}

/* All entries of a walk, at most cap of them. */
static size_t
walk_all(const struct titr_regimen *r, struct titr_entry *out, size_t cap)
{
	struct titr_walk w;
	size_t n = 0;
	titr_walk_init(&w, r);
	while (n < cap && titr_walk_next(&w, &out[n]))
		n++;
	return n;
}

/* The plain formula: min(cap, start + floor((n - 1) / interval) * step). */
static int32_t
formula(int32_t start, int32_t step, int32_t interval, int32_t cap, int32_t n)
{
	int64_t d = (int64_t)start + (int64_t)((n - 1) / interval) * step;
	return d < cap ? (int32_t)d : cap;
}

static int32_t
proto_dose(const struct titr_protocol *p, int32_t n)
{
	return formula(p->start_ug, p->step_ug, p->interval_days, p->max_ug, n);
}

/* Field-by-field equality without an assertion per field (each passing
 * Check assertion costs a message to the parent process). */
static bool
entry_eq(const struct titr_entry *a, const struct titr_entry *b)
{
	return a->night == b->night && a->night_day == b->night_day && a->date_day == b->date_day &&
	    a->minute == b->minute && a->dose_ug == b->dose_ug && a->phase == b->phase &&
	    a->step_up == b->step_up && a->step_down == b->step_down && a->held == b->held;
}

static void
assert_entry_eq(const struct titr_entry *a, const struct titr_entry *b)
{
	ck_assert_int_eq(a->night, b->night);
	ck_assert_int_eq(a->night_day, b->night_day);
	ck_assert_int_eq(a->date_day, b->date_day);
	ck_assert_int_eq(a->minute, b->minute);
	ck_assert_int_eq(a->dose_ug, b->dose_ug);
	ck_assert_int_eq(a->phase, b->phase);
	ck_assert_int_eq(a->step_up, b->step_up);
	ck_assert_int_eq(a->step_down, b->step_down);
	ck_assert_int_eq(a->held, b->held);
}

/* Entries with dose date in [from, to] by a plain walk, no fast-forward. */
static size_t
plain_range(const struct titr_regimen *r, int32_t from, int32_t to,
    struct titr_entry *out, size_t cap)
{
	struct titr_walk w;
	struct titr_entry e;
	size_t n = 0;
	titr_walk_init(&w, r);
	while (n < cap && titr_walk_next(&w, &e)) {
		if (e.date_day > to)
			break;
		if (e.date_day >= from)
			out[n++] = e;
	}
	return n;
}

/* ---- no events: the protocol formula ---- */

START_TEST(test_protocol_formula)
{
	const struct titr_protocol *p = PROTOCOLS[_i];
	static struct titr_entry e[MAX_NIGHTS];
	int32_t start = day_of("2026-12-01");
	struct titr_regimen r = regimen(p, start, EVENING, NULL, 0);
	int32_t nights = CAP_NIGHT[_i] + 20;
	size_t n = walk_all(&r, e, (size_t)nights);

	ck_assert_uint_eq(n, (size_t)nights);
	/* The table of first nights at the cap agrees with the formula. */
	ck_assert_int_eq(proto_dose(p, CAP_NIGHT[_i]), p->max_ug);
	ck_assert_int_lt(proto_dose(p, CAP_NIGHT[_i] - 1), p->max_ug);

	for (int32_t night = 1; night <= nights; night++) {
		const struct titr_entry *x = &e[night - 1];
		int32_t want = proto_dose(p, night);
		bool up = night > 1 && want > proto_dose(p, night - 1);
		ck_assert_msg(x->dose_ug == want, "%s night %d: dose %d, want %d",
		    p->drug, night, x->dose_ug, want);
		ck_assert_int_eq(x->night, night);
		ck_assert_int_eq(x->night_day, start + night - 1);
		ck_assert_int_eq(x->date_day, start + night - 1);
		ck_assert_int_eq(x->minute, EVENING);
		ck_assert_msg(x->step_up == up, "%s night %d: step_up %d", p->drug, night, x->step_up);
		ck_assert(!x->step_down);
		ck_assert(!x->held);
		ck_assert_int_eq(x->phase, night < CAP_NIGHT[_i] ? TITR_PHASE_TITRATION
		    : TITR_PHASE_MAINTENANCE);
	}
	ck_assert_int_eq(e[CAP_NIGHT[_i] - 1].dose_ug, p->max_ug);
	ck_assert(e[CAP_NIGHT[_i] - 1].step_up);
}
END_TEST

START_TEST(test_protocol_first_doses)
{
	/* Spelled out from the protocol for the first nights. */
	static const struct {
		const struct titr_protocol *p;
		int32_t dose[16];
	} t[] = {
		{ &PRAMIPEXOLE, { 125, 125, 250, 250, 375, 375, 500, 500, 625, 625, 750, 750,
		    875, 875, 1000, 1000 } },
		{ &ROPINIROLE, { 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500, 2750, 3000,
		    3000, 3000, 3000, 3000, 3000 } },
		{ &GABAPENTIN, { 300000, 300000, 300000, 300000, 300000, 300000, 300000, 600000,
		    600000, 600000, 600000, 600000, 600000, 600000, 900000, 900000 } },
	};
	struct titr_entry e[16];
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct titr_regimen r = regimen(t[i].p, day_of("2026-12-01"), EVENING, NULL, 0);
		ck_assert_uint_eq(walk_all(&r, e, 16), 16);
		for (int k = 0; k < 16; k++)
			ck_assert_msg(e[k].dose_ug == t[i].dose[k], "%s night %d: %d, want %d",
			    t[i].p->drug, k + 1, e[k].dose_ug, t[i].dose[k]);
	}
}
END_TEST

START_TEST(test_walk_never_ends_without_events)
{
	struct titr_regimen r = regimen(&PRAMIPEXOLE, day_of("2026-12-01"), EVENING, NULL, 0);
	struct titr_walk w;
	struct titr_entry e;
	titr_walk_init(&w, &r);
	for (int i = 0; i < 3000; i++)
		ck_assert(titr_walk_next(&w, &e));
	ck_assert_int_eq(e.night, 3000);
	ck_assert_int_eq(e.dose_ug, 4000);
	ck_assert_int_eq(e.phase, TITR_PHASE_MAINTENANCE);
}
END_TEST

/* ---- dose time and dose date ---- */

START_TEST(test_dose_minute)
{
	static const struct { int32_t ref, offset, want; } t[] = {
		{ 22 * 60, 120, 20 * 60 },          /* onset 22:00 -> 20:00 */
		{ 2 * 60 + 30, 120, 30 },           /* onset 02:30 -> 00:30 */
		{ 60, 120, 23 * 60 },               /* onset 01:00 -> 23:00 */
		{ 22 * 60 + 30, 60, 21 * 60 + 30 }, /* bedtime 22:30 -> 21:30 */
		{ 0, 60, 23 * 60 },                 /* bedtime 00:00 -> 23:00 */
		{ 60, 60, 0 },                      /* bedtime 01:00 -> 00:00 */
		{ 14 * 60, 120, 12 * 60 },
		{ 23 * 60 + 59, 0, 23 * 60 + 59 },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		ck_assert_msg(titr_dose_minute(t[i].ref, t[i].offset) == t[i].want,
		    "ref %d offset %d: %d, want %d", t[i].ref, t[i].offset,
		    titr_dose_minute(t[i].ref, t[i].offset), t[i].want);
}
END_TEST

START_TEST(test_dose_date)
{
	int32_t d = day_of("2027-06-01");
	ck_assert_int_eq(titr_dose_date(d, 0), d + 1);
	ck_assert_int_eq(titr_dose_date(d, 30), d + 1);
	ck_assert_int_eq(titr_dose_date(d, 11 * 60 + 59), d + 1);
	ck_assert_int_eq(titr_dose_date(d, 12 * 60), d);
	ck_assert_int_eq(titr_dose_date(d, 20 * 60), d);
	ck_assert_int_eq(titr_dose_date(d, 23 * 60), d);
	ck_assert_int_eq(titr_dose_date(d, 23 * 60 + 59), d);
}
END_TEST

START_TEST(test_entry_dates)
{
	/* onset 02:30, dose 00:30; night 1 from 2027-06-01 is dosed 2027-06-02. */
	static const struct { int32_t minute; const char *night1_date; } t[] = {
		{ MORNING, "2027-06-02" },
		{ 23 * 60, "2027-06-01" },        /* onset 01:00 -> 23:00 same date */
		{ 11 * 60 + 59, "2027-06-02" },
		{ 12 * 60, "2027-06-01" },
	};
	struct titr_entry e[5];
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct titr_regimen r = regimen(&PRAMIPEXOLE, day_of("2027-06-01"), t[i].minute, NULL, 0);
		ck_assert_uint_eq(walk_all(&r, e, 5), 5);
		for (int k = 0; k < 5; k++) {
			ck_assert_int_eq(e[k].night_day, day_of("2027-06-01") + k);
			ck_assert_int_eq(e[k].date_day, day_of(t[i].night1_date) + k);
			ck_assert_int_eq(e[k].minute, t[i].minute);
		}
	}
}
END_TEST

START_TEST(test_leap_days)
{
	static const struct {
		const char *start;
		int32_t minute;
		const char *night_date[4];
		const char *dose_date[4];
	} t[] = {
		{ "2028-02-27", EVENING, { "2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01" },
		    { "2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01" } },
		{ "2028-02-27", MORNING, { "2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01" },
		    { "2028-02-28", "2028-02-29", "2028-03-01", "2028-03-02" } },
		{ "2027-02-27", EVENING, { "2027-02-27", "2027-02-28", "2027-03-01", "2027-03-02" },
		    { "2027-02-27", "2027-02-28", "2027-03-01", "2027-03-02" } },
		{ "2027-02-28", MORNING, { "2027-02-28", "2027-03-01", "2027-03-02", "2027-03-03" },
		    { "2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04" } },
		{ "2100-02-28", EVENING, { "2100-02-28", "2100-03-01", "2100-03-02", "2100-03-03" },
		    { "2100-02-28", "2100-03-01", "2100-03-02", "2100-03-03" } },
		{ "2026-12-30", MORNING, { "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02" },
		    { "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03" } },
	};
	struct titr_entry e[4];
	char buf[DT_DATE_LEN];
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct titr_regimen r = regimen(&GABAPENTIN, day_of(t[i].start), t[i].minute, NULL, 0);
		ck_assert_uint_eq(walk_all(&r, e, 4), 4);
		for (int k = 0; k < 4; k++) {
			dt_format_date(e[k].night_day, buf);
			ck_assert_str_eq(buf, t[i].night_date[k]);
			dt_format_date(e[k].date_day, buf);
			ck_assert_str_eq(buf, t[i].dose_date[k]);
		}
	}
}
END_TEST

/* ---- overrides and titr_check ---- */

START_TEST(test_override_params)
{
	/* pramipexole start 250 step 250 every 3 nights, max 1000. */
	static const int32_t want[] = { 250, 250, 250, 500, 500, 500, 750, 750, 750, 1000,
	    1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000 };
	struct titr_entry e[40];
	struct titr_regimen r = regimen(&PRAMIPEXOLE, day_of("2026-12-01"), EVENING, NULL, 0);
	const char *msg = NULL;
	r.start_ug = 250;
	r.step_ug = 250;
	r.interval_days = 3;
	r.max_ug = 1000;
	ck_assert_ptr_null(titr_check(&PRAMIPEXOLE, 250, 250, 1000, 3, &msg));
	ck_assert_uint_eq(walk_all(&r, e, 40), 40);
	for (int k = 0; k < 40; k++) {
		int32_t w = k < (int)ARRAY_LEN(want) ? want[k] : 1000;
		ck_assert_msg(e[k].dose_ug == w, "night %d: %d, want %d", k + 1, e[k].dose_ug, w);
		ck_assert_int_eq(e[k].step_up, k == 3 || k == 6 || k == 9);
		ck_assert_int_eq(e[k].phase, k < 9 ? TITR_PHASE_TITRATION : TITR_PHASE_MAINTENANCE);
	}
}
END_TEST

START_TEST(test_override_cap_off_step)
{
	/* start 125, step 250, max 1000: 125, 375, 625, 875, then 1000 (not start + k*step). */
	static const int32_t want[] = { 125, 125, 375, 375, 625, 625, 875, 875, 1000, 1000, 1000 };
	struct titr_entry e[ARRAY_LEN(want)];
	struct titr_regimen r = regimen(&PRAMIPEXOLE, day_of("2026-12-01"), EVENING, NULL, 0);
	const char *msg = NULL;
	r.step_ug = 250;
	r.max_ug = 1000;
	ck_assert_ptr_null(titr_check(&PRAMIPEXOLE, 125, 250, 1000, 2, &msg));
	ck_assert_uint_eq(walk_all(&r, e, ARRAY_LEN(want)), ARRAY_LEN(want));
	for (size_t k = 0; k < ARRAY_LEN(want); k++) {
		ck_assert_int_eq(e[k].dose_ug, want[k]);
		ck_assert_int_eq(e[k].dose_ug, formula(125, 250, 2, 1000, (int32_t)k + 1));
	}
	ck_assert(e[8].step_up);
	ck_assert_int_eq(e[8].phase, TITR_PHASE_MAINTENANCE);
	ck_assert_int_eq(e[7].phase, TITR_PHASE_TITRATION);
}
END_TEST

START_TEST(test_limit_cap_from_start)
{
	/* Gabapentin at CrCl 40: 300, 600, 900, 1200, then 1400 mg, weekly (Neurontin renal table). */
	static const int32_t week[] = { 300000, 600000, 900000, 1200000, 1400000, 1400000, 1400000 };
	static const char *const limit_dates[] = { "2026-11-01", "2026-11-30", "2026-12-01" };
	struct titr_entry e[7 * ARRAY_LEN(week)];
	for (size_t j = 0; j < ARRAY_LEN(limit_dates); j++) {
		struct titr_event ev = { .kind = TITR_EV_LIMIT, .day = day_of(limit_dates[j]),
		    .cap_ug = 1400000 };
		struct titr_regimen r = regimen(&GABAPENTIN, day_of("2026-12-01"), 21 * 60 + 30, &ev, 1);
		ck_assert_uint_eq(walk_all(&r, e, ARRAY_LEN(e)), ARRAY_LEN(e));
		for (size_t k = 0; k < ARRAY_LEN(e); k++) {
			ck_assert_msg(e[k].dose_ug == week[k / 7], "limit %s night %zu: %d",
			    limit_dates[j], k + 1, e[k].dose_ug);
			ck_assert_int_eq(e[k].step_up, k == 7 || k == 14 || k == 21 || k == 28);
			ck_assert(!e[k].step_down);
			ck_assert_int_eq(e[k].phase, k >= 28 ? TITR_PHASE_MAINTENANCE
			    : TITR_PHASE_TITRATION);
		}
	}
}
END_TEST

START_TEST(test_check_params)
{
	static const struct {
		const struct titr_protocol *p;
		int32_t start, step, max, interval;
		const char *field;      /* NULL: valid */
	} t[] = {
		{ &PRAMIPEXOLE, 125, 125, 4000, 2, NULL },
		{ &PRAMIPEXOLE, 250, 250, 1000, 3, NULL },
		{ &PRAMIPEXOLE, 125, 125, 125, 1, NULL },
		{ &PRAMIPEXOLE, 125, 125, 4000, 28, NULL },
		{ &ROPINIROLE, 500, 250, 3000, 1, NULL },
		{ &ROPINIROLE, 250, 250, 2750, 7, NULL },
		{ &GABAPENTIN, 300000, 300000, 2700000, 7, NULL },
		{ &GABAPENTIN, 100000, 200000, 1400000, 14, NULL },
		{ &PRAMIPEXOLE, 125, 125, 4125, 2, "max_mg" },      /* over protocol max */
		{ &ROPINIROLE, 500, 250, 3250, 1, "max_mg" },
		{ &GABAPENTIN, 300000, 300000, 2800000, 7, "max_mg" },
		{ &PRAMIPEXOLE, 125, 125, 3900, 2, "max_mg" },      /* not a multiple of unit */
		{ &GABAPENTIN, 300000, 300000, 2650000, 7, "max_mg" },
		{ &PRAMIPEXOLE, 125, 125, 0, 2, "max_mg" },
		{ &PRAMIPEXOLE, 100, 125, 4000, 2, "start_mg" },    /* not a multiple of unit */
		{ &PRAMIPEXOLE, 0, 125, 4000, 2, "start_mg" },
		{ &PRAMIPEXOLE, 1000, 125, 500, 2, "start_mg" },    /* start > max */
		{ &GABAPENTIN, 1500000, 300000, 1400000, 7, "start_mg" },
		{ &PRAMIPEXOLE, 125, 0, 4000, 2, "step_mg" },       /* step 0 */
		{ &PRAMIPEXOLE, 125, -125, 4000, 2, "step_mg" },
		{ &PRAMIPEXOLE, 125, 200, 4000, 2, "step_mg" },     /* not a multiple of unit */
		{ &PRAMIPEXOLE, 125, 125, 4000, 0, "interval_days" },
		{ &PRAMIPEXOLE, 125, 125, 4000, 29, "interval_days" },
		{ &GABAPENTIN, 300000, 300000, 2700000, -7, "interval_days" },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		const char *msg = NULL;
		const char *f = titr_check(t[i].p, t[i].start, t[i].step, t[i].max, t[i].interval, &msg);
		if (t[i].field == NULL) {
			ck_assert_msg(f == NULL, "row %zu: refused as %s", i, f);
		} else {
			ck_assert_msg(f != NULL && strcmp(f, t[i].field) == 0,
			    "row %zu: field %s, want %s", i, f ? f : "(null)", t[i].field);
			ck_assert_ptr_nonnull(msg);
			ck_assert_int_gt((int)strlen(msg), 0);
		}
	}
}
END_TEST

/* ---- events ---- */

START_TEST(test_hold)
{
	/* {protocol, hold night}: the dose of the hold night, from then on. */
	static const struct { const struct titr_protocol *p; int32_t night; } t[] = {
		{ &PRAMIPEXOLE, 6 },    /* not a step-up night: 375 */
		{ &PRAMIPEXOLE, 7 },    /* step-up night: keeps 500 */
		{ &PRAMIPEXOLE, 1 },
		{ &ROPINIROLE, 4 },
		{ &GABAPENTIN, 15 },    /* step-up night: 900 mg */
		{ &GABAPENTIN, 60 },    /* already at the cap */
	};
	static struct titr_entry e[400];
	int32_t start = day_of("2026-12-01");
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		const struct titr_protocol *p = t[i].p;
		struct titr_event ev = { .kind = TITR_EV_HOLD, .day = start + t[i].night - 1 };
		struct titr_regimen r = regimen(p, start, EVENING, &ev, 1);
		int32_t held = proto_dose(p, t[i].night);
		ck_assert_uint_eq(walk_all(&r, e, 400), 400);
		for (int32_t n = 1; n <= 400; n++) {
			const struct titr_entry *x = &e[n - 1];
			bool after = n >= t[i].night;
			int32_t want = after ? held : proto_dose(p, n);
			ck_assert_msg(x->dose_ug == want, "%s hold %d night %d: %d, want %d",
			    p->drug, t[i].night, n, x->dose_ug, want);
			ck_assert_int_eq(x->held, after);
			ck_assert_int_eq(x->step_up, n > 1 && want > proto_dose(p, n - 1) && n <= t[i].night);
			ck_assert(!x->step_down);
			if (after)
				ck_assert_int_eq(x->phase, TITR_PHASE_MAINTENANCE);
		}
	}
}
END_TEST

START_TEST(test_resume)
{
	static const struct {
		const struct titr_protocol *p;
		int32_t hold, resume;
	} t[] = {
		{ &PRAMIPEXOLE, 7, 20 },
		{ &PRAMIPEXOLE, 6, 9 },
		{ &PRAMIPEXOLE, 5, 6 },
		{ &ROPINIROLE, 3, 10 },
		{ &GABAPENTIN, 10, 30 },
		{ &GABAPENTIN, 8, 8 + 7 },
	};
	static struct titr_entry e[200];
	int32_t start = day_of("2026-12-01");
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		const struct titr_protocol *p = t[i].p;
		struct titr_event ev[2] = {
			{ .kind = TITR_EV_HOLD, .day = start + t[i].hold - 1 },
			{ .kind = TITR_EV_RESUME, .day = start + t[i].resume - 1 },
		};
		struct titr_regimen r = regimen(p, start, EVENING, ev, 2);
		int32_t hd = proto_dose(p, t[i].hold);
		int32_t prev = 0;
		ck_assert_uint_eq(walk_all(&r, e, 200), 200);
		for (int32_t n = 1; n <= 200; n++) {
			const struct titr_entry *x = &e[n - 1];
			int32_t want;
			if (n < t[i].hold)
				want = proto_dose(p, n);
			else if (n < t[i].resume)
				want = hd;
			else    /* same dose at D, next step-up `interval` nights after D */
				want = formula(hd, p->step_ug, p->interval_days, p->max_ug,
				    n - t[i].resume + 1);
			ck_assert_msg(x->dose_ug == want, "%s hold %d resume %d night %d: %d, want %d",
			    p->drug, t[i].hold, t[i].resume, n, x->dose_ug, want);
			ck_assert_int_eq(x->held, n >= t[i].hold && n < t[i].resume);
			ck_assert_int_eq(x->step_up, n > 1 && want > prev);
			if (n >= t[i].resume)
				ck_assert_int_eq(x->phase, want < p->max_ug ? TITR_PHASE_TITRATION
				    : TITR_PHASE_MAINTENANCE);
			prev = want;
		}
		/* The first step-up after the resume is exactly interval nights after it. */
		if (hd < p->max_ug) {
			int32_t d = t[i].resume;
			ck_assert_int_eq(e[d - 1].dose_ug, hd);
			ck_assert(!e[d - 1].step_up);
			for (int32_t k = d; k < d + p->interval_days - 1; k++)
				ck_assert(!e[k].step_up);
			ck_assert(e[d + p->interval_days - 1].step_up);
		}
	}
}
END_TEST

START_TEST(test_stop)
{
	static const struct {
		const struct titr_protocol *p;
		int32_t hold, stop;     /* hold 0: none */
	} t[] = {
		{ &PRAMIPEXOLE, 0, 30 },
		{ &PRAMIPEXOLE, 0, 2 },
		{ &PRAMIPEXOLE, 0, 1 },  /* stopped before the first dose */
		{ &ROPINIROLE, 0, 40 },
		{ &GABAPENTIN, 0, 8 },
		{ &GABAPENTIN, 9, 20 },  /* stop while held */
	};
	static struct titr_entry e[100];
	int32_t start = day_of("2026-12-01");
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		const struct titr_protocol *p = t[i].p;
		struct titr_event ev[2];
		size_t nev = 0;
		struct titr_walk w;
		struct titr_entry x;
		if (t[i].hold)
			ev[nev++] = (struct titr_event){ .kind = TITR_EV_HOLD, .day = start + t[i].hold - 1 };
		ev[nev++] = (struct titr_event){ .kind = TITR_EV_STOP, .day = start + t[i].stop - 1 };
		struct titr_regimen r = regimen(p, start, EVENING, ev, nev);
		size_t n = walk_all(&r, e, 100);
		ck_assert_uint_eq(n, (size_t)(t[i].stop - 1));
		for (size_t k = 0; k < n; k++) {
			int32_t night = (int32_t)k + 1;
			int32_t want = t[i].hold && night >= t[i].hold ? proto_dose(p, t[i].hold)
			    : proto_dose(p, night);
			ck_assert_int_eq(e[k].night, night);
			ck_assert_int_eq(e[k].dose_ug, want);
		}
		/* The walk stays ended. */
		titr_walk_init(&w, &r);
		while (titr_walk_next(&w, &x))
			ck_assert_int_lt(x.night, t[i].stop);
		ck_assert(!titr_walk_next(&w, &x));
		/* The last dose is the night before the stop. */
		if (t[i].stop > 1) {
			ck_assert(titr_last_dose(&r, &x));
			ck_assert_int_eq(x.night, t[i].stop - 1);
			ck_assert_int_eq(x.night_day, start + t[i].stop - 2);
		}
	}
}
END_TEST

START_TEST(test_taper)
{
	static const struct {
		const struct titr_protocol *p;
		int32_t hold, taper;    /* hold 0: none */
		int32_t limit_cap;      /* LIMIT on the start day, 0: none */
		int32_t from_dose;      /* dose of night taper - 1 (from the spec) */
	} t[] = {
		{ &PRAMIPEXOLE, 0, 20, 0, 1250 },
		{ &PRAMIPEXOLE, 0, 21, 0, 1250 },       /* a step-up night: no step */
		{ &PRAMIPEXOLE, 0, 2, 0, 125 },
		{ &PRAMIPEXOLE, 0, 100, 0, 4000 },
		{ &PRAMIPEXOLE, 7, 30, 0, 500 },        /* taper while held */
		{ &ROPINIROLE, 0, 15, 0, 3000 },
		{ &ROPINIROLE, 0, 2, 0, 500 },
		{ &GABAPENTIN, 0, 10, 0, 600000 },
		{ &GABAPENTIN, 0, 3, 0, 300000 },
		{ &GABAPENTIN, 0, 90, 0, 2700000 },
		{ &GABAPENTIN, 0, 40, 1400000, 1400000 }, /* 1400, 1100, 800, 500, 200 */
	};
	static struct titr_entry e[400];
	int32_t start = day_of("2026-12-01");
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		const struct titr_protocol *p = t[i].p;
		struct titr_event ev[3];
		size_t nev = 0;
		if (t[i].limit_cap)
			ev[nev++] = (struct titr_event){ .kind = TITR_EV_LIMIT, .day = start,
			    .cap_ug = t[i].limit_cap };
		if (t[i].hold)
			ev[nev++] = (struct titr_event){ .kind = TITR_EV_HOLD, .day = start + t[i].hold - 1 };
		ev[nev++] = (struct titr_event){ .kind = TITR_EV_TAPER, .day = start + t[i].taper - 1 };
		struct titr_regimen r = regimen(p, start, EVENING, ev, nev);
		size_t n = walk_all(&r, e, 400);
		int32_t d = t[i].taper;
		int32_t levels = (t[i].from_dose + p->step_ug - 1) / p->step_ug;
		int32_t taper_nights = levels * p->interval_days;
		struct titr_entry last;

		ck_assert_int_eq(e[d - 2].dose_ug, t[i].from_dose);
		ck_assert_msg(n == (size_t)(d - 1 + taper_nights), "%s taper %d: %zu entries, want %d",
		    p->drug, d, n, d - 1 + taper_nights);
		for (int32_t k = 0; d - 1 + k < (int32_t)n; k++) {
			const struct titr_entry *x = &e[d - 1 + k];
			int32_t want = t[i].from_dose - (k / p->interval_days) * p->step_ug;
			ck_assert_msg(x->dose_ug == want, "%s taper %d night %d: %d, want %d",
			    p->drug, d, x->night, x->dose_ug, want);
			ck_assert_int_gt(x->dose_ug, 0);
			ck_assert_int_le(x->dose_ug, (x - 1)->dose_ug);
			ck_assert(!x->step_up);
			ck_assert_int_eq(x->step_down, k > 0 && k % p->interval_days == 0);
			ck_assert_int_eq(x->phase, TITR_PHASE_TAPER);
			ck_assert(!x->held);
			ck_assert_int_eq(x->night, d + k);
		}
		/* Ends after the smallest positive dose. */
		ck_assert_int_le(e[n - 1].dose_ug, p->step_ug);
		ck_assert_int_gt(e[n - 1].dose_ug, 0);
		if (p == &GABAPENTIN)
			ck_assert_int_ge(taper_nights, 7);
		ck_assert(titr_last_dose(&r, &last));
		ck_assert_int_eq(last.night, (int32_t)n);
	}
}
END_TEST

START_TEST(test_taper_gabapentin_week)
{
	/* Spelled out: gabapentin at 600 mg tapered on night 10. */
	int32_t start = day_of("2026-12-01");
	struct titr_event ev = { .kind = TITR_EV_TAPER, .day = start + 9 };
	struct titr_regimen r = regimen(&GABAPENTIN, start, 21 * 60 + 30, &ev, 1);
	struct titr_entry e[40];
	size_t n = walk_all(&r, e, 40);
	ck_assert_uint_eq(n, 9 + 14);
	for (int k = 9; k < 16; k++)
		ck_assert_int_eq(e[k].dose_ug, 600000);
	for (int k = 16; k < 23; k++)
		ck_assert_int_eq(e[k].dose_ug, 300000);
}
END_TEST

START_TEST(test_limit_mid_regimen)
{
	static const struct {
		const struct titr_protocol *p;
		int32_t night, cap;
	} t[] = {
		{ &PRAMIPEXOLE, 20, 1000 },     /* above the new cap: down to it */
		{ &PRAMIPEXOLE, 5, 1000 },      /* below it: steps on to 1000 */
		{ &GABAPENTIN, 40, 1400000 },   /* 1800 mg -> 1400 mg */
		{ &GABAPENTIN, 10, 1400000 },
		{ &GABAPENTIN, 10, 700000 },
		{ &GABAPENTIN, 5, 3600000 },    /* over the protocol cap: 2700 stands */
		{ &ROPINIROLE, 8, 2000 },
	};
	static struct titr_entry e[200];
	int32_t start = day_of("2026-12-01");
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		const struct titr_protocol *p = t[i].p;
		struct titr_event ev = { .kind = TITR_EV_LIMIT, .day = start + t[i].night - 1,
		    .cap_ug = t[i].cap };
		struct titr_regimen r = regimen(p, start, EVENING, &ev, 1);
		int32_t cap = t[i].cap < p->max_ug ? t[i].cap : p->max_ug;
		int32_t prev = 0;
		int32_t lim_cap, lim_int;
		ck_assert_uint_eq(walk_all(&r, e, 200), 200);
		for (int32_t n = 1; n <= 200; n++) {
			int32_t want = proto_dose(p, n);
			if (n >= t[i].night && want > cap)
				want = cap;
			ck_assert_msg(e[n - 1].dose_ug == want, "%s limit %d@%d night %d: %d, want %d",
			    p->drug, t[i].cap, t[i].night, n, e[n - 1].dose_ug, want);
			ck_assert_int_eq(e[n - 1].step_up, n > 1 && want > prev);
			ck_assert_int_eq(e[n - 1].step_down, n > 1 && want < prev);
			ck_assert_int_eq(e[n - 1].phase, want >= (n >= t[i].night ? cap : p->max_ug)
			    ? TITR_PHASE_MAINTENANCE : TITR_PHASE_TITRATION);
			prev = want;
		}
		titr_limits_on(&r, start + t[i].night - 2, &lim_cap, &lim_int);
		ck_assert_int_eq(lim_cap, p->max_ug);
		ck_assert_int_eq(lim_int, p->interval_days);
		titr_limits_on(&r, start + t[i].night - 1, &lim_cap, &lim_int);
		ck_assert_int_eq(lim_cap, cap);
		ck_assert_int_eq(lim_int, p->interval_days);
	}
}
END_TEST

START_TEST(test_limit_interval)
{
	/*
	 * Pramipexole at CrCl <= 60: at least 14 nights between steps from the
	 * LIMIT's night on.  Nights at the dose count as before (the
	 * engine steps when the nights at this dose reach the interval).
	 */
	static const struct {
		int32_t night;          /* LIMIT night */
		int32_t base_night;     /* last step before the slowdown */
		int32_t base_dose;
	} t[] = {
		{ 10, 9, 625 },         /* night 9 stepped to 625: next 23, 37, ... */
		{ 9, 7, 500 },          /* the step due on night 9 waits: 21, 35, ... */
		{ 1, 1, 125 },          /* from the start: 15, 29, ... */
	};
	static struct titr_entry e[600];
	int32_t start = day_of("2026-12-01");
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct titr_event ev = { .kind = TITR_EV_LIMIT, .day = start + t[i].night - 1,
		    .min_interval = 14 };
		struct titr_regimen r = regimen(&PRAMIPEXOLE, start, EVENING, &ev, 1);
		int32_t cap, interval, prev = 0;
		ck_assert_uint_eq(walk_all(&r, e, 600), 600);
		for (int32_t n = 1; n <= 600; n++) {
			int32_t want = n < t[i].base_night ? proto_dose(&PRAMIPEXOLE, n)
			    : formula(t[i].base_dose, 125, 14, 4000, n - t[i].base_night + 1);
			ck_assert_msg(e[n - 1].dose_ug == want, "limit@%d night %d: %d, want %d",
			    t[i].night, n, e[n - 1].dose_ug, want);
			ck_assert_int_eq(e[n - 1].step_up, n > 1 && want > prev);
			prev = want;
		}
		titr_limits_on(&r, start + t[i].night - 1, &cap, &interval);
		ck_assert_int_eq(cap, 4000);
		ck_assert_int_eq(interval, 14);
	}
}
END_TEST

START_TEST(test_limit_lifted)
{
	/* 14-night steps from night 10; renal values back in range on night 30. */
	int32_t start = day_of("2026-12-01");
	struct titr_event ev[2] = {
		{ .kind = TITR_EV_LIMIT, .day = start + 9, .min_interval = 14 },
		{ .kind = TITR_EV_LIMIT, .day = start + 29 },
	};
	struct titr_regimen r = regimen(&PRAMIPEXOLE, start, EVENING, ev, 2);
	static struct titr_entry e[100];
	ck_assert_uint_eq(walk_all(&r, e, 100), 100);
	for (int32_t n = 1; n <= 100; n++) {
		int32_t want;
		if (n < 9)
			want = proto_dose(&PRAMIPEXOLE, n);
		else if (n < 23)
			want = 625;
		else if (n < 30)
			want = 750;
		else    /* 750 since night 23: 8 nights >= 2, steps on night 30 */
			want = formula(875, 125, 2, 4000, n - 30 + 1);
		ck_assert_msg(e[n - 1].dose_ug == want, "night %d: %d, want %d", n, e[n - 1].dose_ug, want);
	}
}
END_TEST

/* ---- calendar ranges ---- */

START_TEST(test_calendar_range)
{
	int32_t start = day_of("2027-06-01");
	struct titr_regimen r = regimen(&PRAMIPEXOLE, start, MORNING, NULL, 0);
	struct titr_entry out[32];
	size_t n = titr_calendar(&r, day_of("2027-06-05"), day_of("2027-06-10"), out, 32);
	/* Dosed at 00:30: night k is dosed on 2027-06-01 + k. */
	ck_assert_uint_eq(n, 6);
	for (size_t k = 0; k < n; k++) {
		ck_assert_int_eq(out[k].night, 4 + (int32_t)k);
		ck_assert_int_eq(out[k].date_day, day_of("2027-06-05") + (int32_t)k);
		ck_assert_int_eq(out[k].dose_ug, proto_dose(&PRAMIPEXOLE, out[k].night));
	}
	/* Evening doses: the same dates are nights 5..10. */
	r.dose_minute = EVENING;
	n = titr_calendar(&r, day_of("2027-06-05"), day_of("2027-06-10"), out, 32);
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(out[0].night, 5);
	ck_assert_int_eq(out[5].night, 10);
	/* A range before the start, and one reaching before it. */
	ck_assert_uint_eq(titr_calendar(&r, start - 30, start - 1, out, 32), 0);
	n = titr_calendar(&r, start - 3, start + 2, out, 32);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(out[0].night, 1);
	/* from == to: one entry; the output capacity is honoured. */
	ck_assert_uint_eq(titr_calendar(&r, start + 62, start + 62, out, 32), 1);
	ck_assert_int_eq(out[0].night, 63);
	ck_assert_int_eq(out[0].dose_ug, 4000);
	ck_assert_uint_eq(titr_calendar(&r, start, start + 100, out, 5), 5);
	ck_assert_int_eq(out[4].night, 5);
}
END_TEST

/* Regimens for the fast-forward comparison. */
enum ff_kind { FF_NONE, FF_HOLD, FF_HOLD_CAP, FF_STOP, FF_TAPER, FF_LIMIT, FF_LIMIT_LATE,
	FF_RESUME };

static size_t
ff_events(enum ff_kind k, int32_t start, struct titr_event *ev)
{
	switch (k) {
	case FF_NONE:
		return 0;
	case FF_HOLD:
		ev[0] = (struct titr_event){ .kind = TITR_EV_HOLD, .day = start + 6 };
		return 1;
	case FF_HOLD_CAP:
		ev[0] = (struct titr_event){ .kind = TITR_EV_HOLD, .day = start + 100 };
		return 1;
	case FF_STOP:
		ev[0] = (struct titr_event){ .kind = TITR_EV_STOP, .day = start + 400 };
		return 1;
	case FF_TAPER:
		ev[0] = (struct titr_event){ .kind = TITR_EV_TAPER, .day = start + 300 };
		return 1;
	case FF_LIMIT:
		ev[0] = (struct titr_event){ .kind = TITR_EV_LIMIT, .day = start + 30,
		    .cap_ug = 1000, .min_interval = 14 };
		return 1;
	case FF_LIMIT_LATE:
		ev[0] = (struct titr_event){ .kind = TITR_EV_LIMIT, .day = start + 1500,
		    .cap_ug = 1000 };
		return 1;
	case FF_RESUME:
		ev[0] = (struct titr_event){ .kind = TITR_EV_HOLD, .day = start + 6 };
		ev[1] = (struct titr_event){ .kind = TITR_EV_RESUME, .day = start + 1000 };
		return 2;
	}
	return 0;
}

START_TEST(test_calendar_equals_walk)
{
	static const int32_t minutes[] = { EVENING, MORNING, 0, 11 * 60 + 59, 12 * 60, 23 * 60 + 59 };
	static const int32_t offsets[] = { 0, 1, 13, 62, 63, 64, 200, 364, 365, 366, 700, 1000,
	    1499, 1500, 1501, 1826, 1827 };
	static struct titr_entry a[800], b[800];
	int32_t start = day_of("2027-06-01");
	for (int kind = FF_NONE; kind <= FF_RESUME; kind++) {
		struct titr_event ev[2];
		size_t nev = ff_events((enum ff_kind)kind, start, ev);
		for (size_t m = 0; m < ARRAY_LEN(minutes); m++) {
			struct titr_regimen r = regimen(&PRAMIPEXOLE, start, minutes[m], ev, nev);
			for (size_t o = 0; o < ARRAY_LEN(offsets); o++) {
				int32_t from = start + offsets[o];
				static const int32_t spans[] = { 0, 1, 30, 730 };
				for (size_t s = 0; s < ARRAY_LEN(spans); s++) {
					int32_t to = from + spans[s];
					size_t na = titr_calendar(&r, from, to, a, ARRAY_LEN(a));
					size_t nb = plain_range(&r, from, to, b, ARRAY_LEN(b));
					if (na != nb)
						ck_abort_msg("kind %d minute %d from +%d span %d: %zu vs %zu",
						    kind, minutes[m], offsets[o], spans[s], na, nb);
					for (size_t k = 0; k < na; k++)
						if (!entry_eq(&a[k], &b[k]))
							assert_entry_eq(&a[k], &b[k]);
				}
			}
		}
	}
}
END_TEST

START_TEST(test_calendar_far_future)
{
	/* Five years on: the cap dose, or the held dose, with the right night numbers. */
	static const struct {
		bool hold;
		int32_t minute;
		int32_t dose;
		bool held;
	} t[] = {
		{ false, EVENING, 4000, false },
		{ false, MORNING, 4000, false },
		{ true, EVENING, 500, true },   /* held on night 7 */
		{ true, MORNING, 500, true },
	};
	int32_t start = day_of("2027-06-01");
	int32_t from = day_of("2032-06-01");
	int32_t to = day_of("2032-06-30");
	struct titr_entry out[64];
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct titr_event ev = { .kind = TITR_EV_HOLD, .day = start + 6 };
		struct titr_regimen r = regimen(&PRAMIPEXOLE, start, t[i].minute, &ev, t[i].hold ? 1 : 0);
		size_t n = titr_calendar(&r, from, to, out, ARRAY_LEN(out));
		/* The dose date of night k is start + k - 1 (evening) or start + k (morning). */
		int32_t first_night = from - start + (t[i].minute == EVENING ? 1 : 0);
		ck_assert_uint_eq(n, 30);
		for (size_t k = 0; k < n; k++) {
			ck_assert_int_eq(out[k].night, first_night + (int32_t)k);
			ck_assert_int_eq(out[k].date_day, from + (int32_t)k);
			ck_assert_int_eq(out[k].night_day, start + out[k].night - 1);
			ck_assert_int_eq(out[k].dose_ug, t[i].dose);
			ck_assert_int_eq(out[k].held, t[i].held);
			ck_assert(!out[k].step_up);
			ck_assert(!out[k].step_down);
			ck_assert_int_eq(out[k].phase, TITR_PHASE_MAINTENANCE);
			ck_assert_int_eq(out[k].minute, t[i].minute);
		}
	}
}
END_TEST

/* ---- default range ---- */

START_TEST(test_default_range)
{
	static const struct {
		const struct titr_protocol *p;
		int32_t minute;
		enum titr_event_kind kind;
		int32_t ev_night;        /* 0: no event */
		int32_t cap;             /* LIMIT cap */
		int32_t start_ug, step_ug, interval;   /* 0: protocol's */
		int32_t want_to;         /* days after start */
	} t[] = {
		{ &PRAMIPEXOLE, EVENING, TITR_EV_HOLD, 0, 0, 0, 0, 0, 62 + 14 },
		{ &PRAMIPEXOLE, MORNING, TITR_EV_HOLD, 0, 0, 0, 0, 0, 63 + 14 },
		{ &ROPINIROLE, EVENING, TITR_EV_HOLD, 0, 0, 0, 0, 0, 10 + 14 },
		{ &GABAPENTIN, 21 * 60 + 30, TITR_EV_HOLD, 0, 0, 0, 0, 0, 56 + 14 },
		/* LIMIT 1400 mg from the start: first night at the cap is night 29. */
		{ &GABAPENTIN, 21 * 60 + 30, TITR_EV_LIMIT, 1, 1400000, 0, 0, 0, 28 + 14 },
		/* stopped on night 30: last dose night 29. */
		{ &PRAMIPEXOLE, EVENING, TITR_EV_STOP, 30, 0, 0, 0, 0, 28 + 14 },
		{ &PRAMIPEXOLE, MORNING, TITR_EV_STOP, 30, 0, 0, 0, 0, 29 + 14 },
		/* tapered on night 20 from 1250: 10 levels x 2 nights, last night 39. */
		{ &PRAMIPEXOLE, EVENING, TITR_EV_TAPER, 20, 0, 0, 0, 0, 38 + 14 },
		/* held below the cap forever: the full 731 days. */
		{ &PRAMIPEXOLE, EVENING, TITR_EV_HOLD, 7, 0, 0, 0, 0, 730 },
		{ &GABAPENTIN, MORNING, TITR_EV_HOLD, 1, 0, 0, 0, 0, 730 },
		/* 100 mg steps every 28 nights reach 2700 mg on night 729: clamped. */
		{ &GABAPENTIN, EVENING, TITR_EV_HOLD, 0, 0, 100000, 100000, 28, 730 },
	};
	int32_t start = day_of("2026-12-01");
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct titr_event ev = { .kind = t[i].kind, .day = start + t[i].ev_night - 1,
		    .cap_ug = t[i].cap };
		struct titr_regimen r = regimen(t[i].p, start, t[i].minute, &ev, t[i].ev_night ? 1 : 0);
		int32_t from = 0, to = 0;
		if (t[i].start_ug) {
			r.start_ug = t[i].start_ug;
			r.step_ug = t[i].step_ug;
			r.interval_days = t[i].interval;
		}
		titr_default_range(&r, &from, &to);
		ck_assert_int_eq(from, start);
		ck_assert_msg(to == start + t[i].want_to, "row %zu: to = start + %d, want + %d",
		    i, to - start, t[i].want_to);
		ck_assert_int_le(to - from, TITR_RANGE_MAX_DAYS - 1);
	}
}
END_TEST

START_TEST(test_last_dose_open_ended)
{
	int32_t start = day_of("2026-12-01");
	struct titr_event ev = { .kind = TITR_EV_HOLD, .day = start + 5 };
	struct titr_regimen r = regimen(&PRAMIPEXOLE, start, EVENING, &ev, 1);
	struct titr_entry last;
	ck_assert(!titr_last_dose(&r, &last));
	r.nevents = 0;
	ck_assert(!titr_last_dose(&r, &last));
}
END_TEST

/* ---- renal limits ---- */

#define NO_UPPER INT64_MAX

static const struct renal_band BANDS[] = {
	{ .drug = "gabapentin", .lo_dml = 600, .hi_dml = NO_UPPER, .dialysis = -1, .cap_ug = 3600000 },
	{ .drug = "gabapentin", .lo_dml = 301, .hi_dml = 599, .dialysis = -1, .cap_ug = 1400000,
	    .rule = "renal.gabapentin-cap", .severity = "warning" },
	{ .drug = "gabapentin", .lo_dml = 151, .hi_dml = 300, .dialysis = -1, .cap_ug = 700000,
	    .rule = "renal.gabapentin-cap", .severity = "warning" },
	{ .drug = "gabapentin", .lo_dml = 0, .hi_dml = 150, .dialysis = -1, .cap_ug_per_dml = 2000,
	    .rule = "renal.gabapentin-cap", .severity = "warning" },
	{ .drug = "gabapentin", .lo_dml = 0, .hi_dml = NO_UPPER, .dialysis = 1,
	    .rule = "renal.dialysis", .severity = "info" },
	{ .drug = "pramipexole", .lo_dml = 0, .hi_dml = 600, .dialysis = -1, .min_interval = 14,
	    .rule = "renal.pramipexole-interval", .severity = "warning" },
	{ .drug = "pramipexole", .lo_dml = 0, .hi_dml = 199, .dialysis = -1,
	    .rule = "renal.not-studied", .severity = "critical" },
	{ .drug = "ropinirole", .lo_dml = 0, .hi_dml = 299, .dialysis = 0,
	    .rule = "renal.not-studied", .severity = "warning" },
	{ .drug = "ropinirole", .lo_dml = 0, .hi_dml = NO_UPPER, .dialysis = 1, .cap_ug = 3000,
	    .rule = "renal.dialysis", .severity = "info" },
};

START_TEST(test_cockcroft_gault)
{
	static const struct {
		int64_t age, weight_dkg, scr_cmgdl;
		bool female;
		int64_t want;
	} t[] = {
		{ 70, 700, 100, false, 680 },   /* 70 * 70 / 72 = 68.05 */
		{ 70, 700, 100, true, 578 },    /* * 0.85 = 57.84 */
		{ 40, 720, 100, false, 1000 },  /* 100 * 72 / 72 = 100.0 exactly */
		{ 40, 720, 100, true, 850 },
		{ 80, 600, 250, false, 200 },   /* 60 * 60 / 180 = 20.0 */
		{ 85, 555, 130, true, 277 },    /* 55 * 55.5 / 93.6 * 0.85 = 27.72 */
		{ 70, 0, 100, false, -1 },
		{ 70, 700, 0, false, -1 },
		{ -1, 700, 100, false, -1 },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		int64_t got = renal_cockcroft_gault(t[i].age, t[i].weight_dkg, t[i].scr_cmgdl, t[i].female);
		ck_assert_msg(got == t[i].want, "row %zu: %lld, want %lld", i, (long long)got,
		    (long long)t[i].want);
	}
}
END_TEST

START_TEST(test_renal_limits)
{
	static const struct {
		const char *drug;
		int32_t unit;
		int64_t crcl;
		bool dialysis;
		int32_t cap, interval;
	} t[] = {
		{ "gabapentin", 100000, 400, false, 1400000, 0 },
		{ "gabapentin", 100000, 599, false, 1400000, 0 },
		{ "gabapentin", 100000, 300, false, 700000, 0 },     /* CrCl 30: the 700 mg band */
		{ "gabapentin", 100000, 301, false, 1400000, 0 },
		{ "gabapentin", 100000, 151, false, 700000, 0 },
		{ "gabapentin", 100000, 150, false, 300000, 0 },     /* 300 * 15 / 15 */
		{ "gabapentin", 100000, 100, false, 200000, 0 },     /* 300 * 10 / 15 */
		{ "gabapentin", 100000, 99, false, 100000, 0 },      /* 198 mg: down to 100 */
		{ "gabapentin", 100000, 40, false, 100000, 0 },      /* 80 mg: at least one unit */
		{ "gabapentin", 100000, 0, false, 100000, 0 },
		{ "gabapentin", 100000, 600, false, 3600000, 0 },
		{ "gabapentin", 100000, 1000, false, 3600000, 0 },
		{ "gabapentin", 100000, 400, true, 1400000, 0 },     /* dialysis: by CrCl */
		{ "gabapentin", 100000, -1, true, 0, 0 },
		{ "gabapentin", 100000, -1, false, 0, 0 },
		{ "pramipexole", 125, 600, false, 0, 14 },
		{ "pramipexole", 125, 601, false, 0, 0 },
		{ "pramipexole", 125, 100, false, 0, 14 },
		{ "pramipexole", 125, -1, false, 0, 0 },
		{ "ropinirole", 250, 200, false, 0, 0 },
		{ "ropinirole", 250, 200, true, 3000, 0 },
		{ "levodopa", 100, 100, false, 0, 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		int32_t cap = -7, interval = -7;
		renal_limits(BANDS, ARRAY_LEN(BANDS), t[i].drug, t[i].unit, t[i].crcl, t[i].dialysis,
		    &cap, &interval);
		ck_assert_msg(cap == t[i].cap && interval == t[i].interval,
		    "%s CrCl %lld dialysis %d: cap %d interval %d, want %d %d", t[i].drug,
		    (long long)t[i].crcl, t[i].dialysis, cap, interval, t[i].cap, t[i].interval);
	}
}
END_TEST

START_TEST(test_renal_band_applies)
{
	ck_assert(renal_band_applies(&BANDS[1], "gabapentin", 301, false));
	ck_assert(renal_band_applies(&BANDS[1], "gabapentin", 599, true));
	ck_assert(!renal_band_applies(&BANDS[1], "gabapentin", 300, false));
	ck_assert(!renal_band_applies(&BANDS[1], "gabapentin", 600, false));
	ck_assert(!renal_band_applies(&BANDS[1], "pramipexole", 400, false));
	ck_assert(!renal_band_applies(&BANDS[1], "gabapentin", -1, false));
	ck_assert(renal_band_applies(&BANDS[4], "gabapentin", 400, true));
	ck_assert(renal_band_applies(&BANDS[4], "gabapentin", -1, true));
	ck_assert(!renal_band_applies(&BANDS[4], "gabapentin", 400, false));
	ck_assert(renal_band_applies(&BANDS[7], "ropinirole", 299, false));
	ck_assert(!renal_band_applies(&BANDS[7], "ropinirole", 299, true));
	ck_assert(!renal_band_applies(&BANDS[7], "ropinirole", 300, false));
}
END_TEST

START_TEST(test_renal_into_walk)
{
	/* CrCl 40 -> LIMIT 1400 mg: 300, 600, 900, 1200, 1400; CrCl 60 -> 2700 stands. */
	static const struct { int64_t crcl; int32_t last; } t[] = {
		{ 400, 1400000 }, { 600, 2700000 }, { 300, 700000 }, { 100, 200000 },
	};
	int32_t start = day_of("2026-12-01");
	static struct titr_entry e[120];
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		int32_t cap, interval;
		renal_limits(BANDS, ARRAY_LEN(BANDS), "gabapentin", 100000, t[i].crcl, false, &cap,
		    &interval);
		struct titr_event ev = { .kind = TITR_EV_LIMIT, .day = start, .cap_ug = cap,
		    .min_interval = interval };
		struct titr_regimen r = regimen(&GABAPENTIN, start, EVENING, &ev, 1);
		ck_assert_uint_eq(walk_all(&r, e, 120), 120);
		for (int32_t n = 1; n <= 120; n++) {
			int32_t want = formula(300000, 300000, 7, t[i].last, n);
			ck_assert_int_eq(e[n - 1].dose_ug, want);
		}
		ck_assert_int_eq(e[119].dose_ug, t[i].last);
	}
}
END_TEST

static Suite *
titration_suite(void)
{
	Suite *s = suite_create("titration");
	TCase *tc;

	tc = tcase_create("protocols");
	tcase_add_loop_test(tc, test_protocol_formula, 0, (int)ARRAY_LEN(PROTOCOLS));
	tcase_add_test(tc, test_protocol_first_doses);
	tcase_add_test(tc, test_walk_never_ends_without_events);
	suite_add_tcase(s, tc);

	tc = tcase_create("dose_time");
	tcase_add_test(tc, test_dose_minute);
	tcase_add_test(tc, test_dose_date);
	tcase_add_test(tc, test_entry_dates);
	tcase_add_test(tc, test_leap_days);
	suite_add_tcase(s, tc);

	tc = tcase_create("parameters");
	tcase_add_test(tc, test_override_params);
	tcase_add_test(tc, test_override_cap_off_step);
	tcase_add_test(tc, test_limit_cap_from_start);
	tcase_add_test(tc, test_check_params);
	suite_add_tcase(s, tc);

	tc = tcase_create("events");
	tcase_add_test(tc, test_hold);
	tcase_add_test(tc, test_resume);
	tcase_add_test(tc, test_stop);
	tcase_add_test(tc, test_taper);
	tcase_add_test(tc, test_taper_gabapentin_week);
	tcase_add_test(tc, test_limit_mid_regimen);
	tcase_add_test(tc, test_limit_interval);
	tcase_add_test(tc, test_limit_lifted);
	suite_add_tcase(s, tc);

	tc = tcase_create("calendar");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_calendar_range);
	tcase_add_test(tc, test_calendar_equals_walk);
	tcase_add_test(tc, test_calendar_far_future);
	tcase_add_test(tc, test_default_range);
	tcase_add_test(tc, test_last_dose_open_ended);
	suite_add_tcase(s, tc);

	tc = tcase_create("renal");
	tcase_add_test(tc, test_cockcroft_gault);
	tcase_add_test(tc, test_renal_limits);
	tcase_add_test(tc, test_renal_band_applies);
	tcase_add_test(tc, test_renal_into_walk);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(titration_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
