/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_titration.c - the titration engine with fuzzed regimens and events,
 * clamped to what the HTTP layer lets through: a protocol unit (a tablet
 * strength), doses that are multiples of it up to 4000 mg, intervals
 * 1..28, a start date, hold/resume/stop/taper actions in an order the API
 * allows, renal LIMIT events (caps of any positive amount, as renal_limits
 * computes them) merged in by night, a from/to range of at most 731 days.
 *
 * Properties:
 *   - titr_calendar equals a plain titr_walk_next loop from night 1
 *     filtered to dose dates in [from, to] (the fast-forward in walk_skip
 *     must not change a dose);
 *   - no dose is 0 or above max_ug or above the cap in force that night;
 *   - dates ascend, one per night, dose date = titr_dose_date(night);
 *   - step_up/step_down agree with the previous night's dose, and a dose
 *     rises by at most step_ug;
 *   - titr_default_range starts at start_day and spans at most 731 days;
 *   - titr_last_dose is the walk's last night.
 */
#include "fuzz_common.h"

#include "engine/datetime.h"
#include "engine/titration.h"

#define MAX_ACTIONS 48
#define MAX_LIMITS 16
#define MAX_EVENTS (MAX_ACTIONS + MAX_LIMITS)
#define REF_LIMIT 6000          /* nights the reference walk may take */

static int
cmp_event(const void *a, const void *b)
{
	const struct titr_event *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

static bool
entry_eq(const struct titr_entry *a, const struct titr_entry *b)
{
	return a->night == b->night && a->night_day == b->night_day && a->date_day == b->date_day &&
	    a->minute == b->minute && a->dose_ug == b->dose_ug && a->phase == b->phase &&
	    a->step_up == b->step_up && a->step_down == b->step_down && a->held == b->held;
}

static void
show(const char *what, const struct titr_entry *e)
{
	fprintf(stderr, "%s: night %d day %d date %d min %d dose %d phase %d up %d down %d held %d\n",
	    what, (int)e->night, (int)e->night_day, (int)e->date_day, (int)e->minute, (int)e->dose_ug,
	    (int)e->phase, e->step_up, e->step_down, e->held);
}

static void
show_regimen(const struct titr_regimen *r, int32_t from, int32_t to)
{
	fprintf(stderr, "regimen: start_day %d minute %d start %d step %d max %d interval %d; range %d..%d\n",
	    (int)r->start_day, (int)r->dose_minute, (int)r->start_ug, (int)r->step_ug, (int)r->max_ug,
	    (int)r->interval_days, (int)from, (int)to);
	static const char *const kinds[] = { "HOLD", "RESUME", "STOP", "TAPER", "LIMIT" };
	for (size_t i = 0; i < r->nevents; i++)
		fprintf(stderr, "  event %s night_day %d (night %d) cap %d min_interval %d\n",
		    kinds[r->events[i].kind], (int)r->events[i].day,
		    (int)(r->events[i].day - r->start_day + 1), (int)r->events[i].cap_ug,
		    (int)r->events[i].min_interval);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	static struct titr_entry got[TITR_RANGE_MAX_DAYS + 1], want[TITR_RANGE_MAX_DAYS + 1];
	struct titr_event ev[MAX_EVENTS];
	struct titr_protocol proto = { .drug = "fuzz", .timing = TITR_BEFORE_BEDTIME };
	struct titr_regimen r;

	/* Protocol unit and maximum; the regimen's doses are multiples of the unit. */
	/* Tablet strengths as in schema/002_protocols.sql (0.125 mg .. 100 mg). */
	static const int32_t units[] = { 125, 250, 500, 1000, 2500, 25000, 100000 };
	proto.unit_ug = units[fz_u8(&f) % (sizeof units / sizeof units[0])];
	/* At most 400 tablets (the real protocols have 12..32), so a taper stays short. */
	int32_t max_units = 4000000 / proto.unit_ug < 400 ? 4000000 / proto.unit_ug : 400;
	proto.max_ug = proto.unit_ug * (int32_t)fz_range(&f, 1, max_units);
	proto.interval_days = 7;

	memset(&r, 0, sizeof r);
	r.max_ug = proto.unit_ug * (int32_t)fz_range(&f, 1, proto.max_ug / proto.unit_ug);
	r.start_ug = proto.unit_ug * (int32_t)fz_range(&f, 1, r.max_ug / proto.unit_ug);
	r.step_ug = proto.unit_ug * (int32_t)fz_range(&f, 1, proto.max_ug / proto.unit_ug);
	r.interval_days = (int32_t)fz_range(&f, 1, TITR_INTERVAL_MAX);
	r.dose_minute = (int32_t)fz_range(&f, 0, 1439);
	/* 2000-01-01 .. 2099-12-31 */
	r.start_day = (int32_t)fz_range(&f, 10957, 47481);
	const char *msg = NULL;
	CHECK(titr_check(&proto, r.start_ug, r.step_ug, r.max_ug, r.interval_days, &msg) == NULL,
	    "harness built an invalid regimen: %s", msg);

	/*
	 * Events as the API makes them (regimen_action, build_events): actions
	 * follow the status machine - hold while active, resume while held,
	 * stop or taper while active or held, nothing once stopped - on nights
	 * from start_day on, never before the last action; renal LIMIT events
	 * fall on any date and come before a night's actions.
	 */
	struct titr_event act[MAX_ACTIONS], lim[MAX_LIMITS];
	size_t nact = 0, nlim = fz_u8(&f) % (MAX_LIMITS + 1);
	size_t want_act = fz_u8(&f) % (MAX_ACTIONS + 1);
	int32_t day = r.start_day;
	bool held = false;
	while (nact < want_act) {
		uint8_t c = fz_u8(&f);
		day += c & 0x80 ? (int32_t)fz_range(&f, 0, 120) : c & 3 ? (int32_t)(c & 31) : 0;
		enum titr_event_kind k;
		if (c % 11 == 0)
			k = TITR_EV_STOP;
		else if (c % 11 == 1)
			k = TITR_EV_TAPER;
		else
			k = held ? TITR_EV_RESUME : TITR_EV_HOLD;
		act[nact++] = (struct titr_event){ .kind = k, .day = day };
		if (k == TITR_EV_STOP || k == TITR_EV_TAPER)
			break;
		held = k == TITR_EV_HOLD;
	}
	for (size_t i = 0; i < nlim; i++) {
		uint8_t c = fz_u8(&f);
		lim[i].kind = TITR_EV_LIMIT;
		lim[i].day = r.start_day + (int32_t)fz_range(&f, -60, 1100);
		lim[i].cap_ug = c < 64 ? 0 : c < 128 ? proto.unit_ug * (int32_t)(c - 63)
		    : (int32_t)fz_range(&f, 1, 8000000);
		lim[i].min_interval = (int32_t)fz_range(&f, 0, 31);
		if (lim[i].min_interval > 28)
			lim[i].min_interval = 0;
	}
	qsort(lim, nlim, sizeof lim[0], cmp_event);
	size_t nev = 0;
	for (size_t i = 0, j = 0; i < nlim || j < nact;) {
		if (i < nlim && (j == nact || lim[i].day <= act[j].day))
			ev[nev++] = lim[i++];
		else
			ev[nev++] = act[j++];
	}
	r.events = ev;
	r.nevents = nev;

	/* The range, as api_calendar_range leaves it. */
	int32_t from, to;
	uint8_t mode = fz_u8(&f);
	if (mode < 32) {
		titr_default_range(&r, &from, &to);
	} else {
		/* Mostly near the start; now and then far on (the walk skips ahead). */
		from = r.start_day + (int32_t)(mode < 48 ? fz_range(&f, -400, 4000) : fz_range(&f, -60, 1200));
		to = from + (int32_t)fz_range(&f, 0, TITR_RANGE_MAX_DAYS - 1);
	}
	size_t cap = TITR_RANGE_MAX_DAYS + 1;
	if (fz_u8(&f) >= 240)
		cap = (size_t)fz_range(&f, 0, 40);

	int32_t df, dt;
	titr_default_range(&r, &df, &dt);
	CHECK(df == r.start_day && dt >= df && dt - df <= TITR_RANGE_MAX_DAYS - 1,
	    "default range %d..%d for start %d", (int)df, (int)dt, (int)r.start_day);

	/* FUZZ_SHOW=1: print the regimen, to read a saved input. */
	if (getenv("FUZZ_SHOW") != NULL)
		show_regimen(&r, from, to);

	size_t n = titr_calendar(&r, from, to, got, cap);
	CHECK(n <= cap, "titr_calendar wrote %zu > cap %zu", n, cap);

	/* Reference: walk every night from the first, keep the dates in range. */
	struct titr_walk w;
	struct titr_entry e, prev_e;
	size_t m = 0;
	bool have_prev = false, ended = false, complete = false;
	titr_walk_init(&w, &r);
	for (int guard = 0; guard < REF_LIMIT; guard++) {
		if (!titr_walk_next(&w, &e)) {
			ended = complete = true;
			break;
		}
		int32_t cap_now, iv_now;
		titr_limits_on(&r, e.night_day, &cap_now, &iv_now);
		if (e.dose_ug <= 0 || e.dose_ug > r.max_ug || e.dose_ug > cap_now || e.dose_ug > w.cap_ug) {
			show_regimen(&r, from, to);
			show("entry", &e);
			CHECK(0, "dose %d outside (0, min(max %d, cap %d)]", (int)e.dose_ug, (int)r.max_ug, (int)cap_now);
		}
		CHECK(e.night == guard + 1 && e.night_day == r.start_day + e.night - 1, "night %d day %d",
		    (int)e.night, (int)e.night_day);
		CHECK(e.date_day == titr_dose_date(e.night_day, r.dose_minute) && e.minute == r.dose_minute,
		    "dose date of night %d", (int)e.night);
		if (have_prev) {
			if (!(e.step_up == (e.dose_ug > prev_e.dose_ug) && e.step_down == (e.dose_ug < prev_e.dose_ug) &&
			    e.dose_ug - prev_e.dose_ug <= r.step_ug)) {
				show_regimen(&r, from, to);
				show("previous", &prev_e);
				show("entry", &e);
				CHECK(0, "step flags or step size wrong at night %d", (int)e.night);
			}
		}
		prev_e = e;
		have_prev = true;
		if (e.date_day > to) {
			complete = true;
			break;
		}
		if (e.date_day >= from && m < cap)
			want[m++] = e;
	}

	if (complete) {
		bool eq = n == m;
		for (size_t i = 0; eq && i < n; i++)
			eq = entry_eq(&got[i], &want[i]);
		if (!eq) {
			show_regimen(&r, from, to);
			fprintf(stderr, "titr_calendar gave %zu entries, the walk %zu (cap %zu)\n", n, m, cap);
			for (size_t i = 0; i < n || i < m; i++) {
				if (i < n && i < m && entry_eq(&got[i], &want[i]))
					continue;
				if (i < n) show("calendar", &got[i]);
				if (i < m) show("walk    ", &want[i]);
				break;
			}
			CHECK(0, "titr_calendar differs from the walk");
		}
	}

	for (size_t i = 0; i < n; i++) {
		CHECK(got[i].date_day >= from && got[i].date_day <= to, "date %d outside %d..%d",
		    (int)got[i].date_day, (int)from, (int)to);
		CHECK(got[i].dose_ug > 0 && got[i].dose_ug <= r.max_ug, "calendar dose %d", (int)got[i].dose_ug);
		if (i > 0)
			CHECK(got[i].date_day == got[i - 1].date_day + 1 && got[i].night == got[i - 1].night + 1,
			    "dates not ascending night by night at %zu", i);
	}

	/* titr_last_dose: the walk's end, when the regimen stops. */
	struct titr_entry last;
	bool stops = false;
	for (size_t i = 0; i < nev; i++)
		stops |= ev[i].kind == TITR_EV_STOP || ev[i].kind == TITR_EV_TAPER;
	bool has_last = titr_last_dose(&r, &last);
	if (!stops)
		CHECK(!has_last, "titr_last_dose without STOP/TAPER");
	else if (ended)
		CHECK(has_last == have_prev && (!has_last || entry_eq(&last, &prev_e)),
		    "titr_last_dose is not the walk's last night");
	return 0;
}
