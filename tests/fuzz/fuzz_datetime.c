/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_datetime.c - dt_parse_date, dt_parse_time and dt_parse_stamp, the
 * parsers behind the from/to query parameters and stored timestamps.
 *
 * Properties: the parsers are strict, so whatever they accept formats back
 * to the same bytes (parse -> format -> parse is the identity, and the text
 * itself is canonical); rejected input leaves the output untouched; the
 * calendar arithmetic round-trips for every day the parsers can yield.
 */
#include "fuzz_common.h"

#include <time.h>

#include "engine/datetime.h"

/* 1900-01-01 and 9999-12-31 as day numbers. */
#define DAY_MIN (-25567)
#define DAY_MAX 2932896

static void
check_date_text(const char *s)
{
	int32_t d = INT32_MIN;
	char out[DT_DATE_LEN];
	if (!dt_parse_date(s, &d)) {
		CHECK(d == INT32_MIN, "rejected date %s wrote %d", s, (int)d);
		return;
	}
	CHECK(d >= DAY_MIN && d <= DAY_MAX, "date %s -> %d out of range", s, (int)d);
	dt_format_date(d, out);
	CHECK(strcmp(out, s) == 0, "date %s -> %d -> %s", s, (int)d, out);
	int32_t again;
	CHECK(dt_parse_date(out, &again) && again == d, "date %s does not parse back", out);
}

static void
check_time_text(const char *s)
{
	int m = -12345;
	char out[DT_TIME_LEN];
	if (!dt_parse_time(s, &m)) {
		CHECK(m == -12345, "rejected time %s wrote %d", s, m);
		return;
	}
	CHECK(m >= 0 && m < 1440, "time %s -> %d", s, m);
	dt_format_time(m, out);
	CHECK(strcmp(out, s) == 0, "time %s -> %d -> %s", s, m, out);
	int again;
	CHECK(dt_parse_time(out, &again) && again == m, "time %s does not parse back", out);
}

static void
check_stamp_text(const char *s)
{
	time_t t = (time_t)-777;
	char out[DT_STAMP_LEN];
	if (!dt_parse_stamp(s, &t)) {
		CHECK(t == (time_t)-777, "rejected stamp %s wrote a value", s);
		return;
	}
	dt_format_stamp(t, out);
	time_t again;
	CHECK(dt_parse_stamp(out, &again) && again == t, "stamp %s -> %lld -> %s does not parse back",
	    s, (long long)t, out);
	/* A leap second (:60) reads as the next second; anything else is canonical. */
	if (strcmp(s + 17, "60Z") != 0)
		CHECK(strcmp(out, s) == 0, "stamp %s -> %lld -> %s", s, (long long)t, out);
	CHECK(dt_day_of(t) * (int64_t)86400 <= (int64_t)t && (int64_t)t < (dt_day_of(t) + 1) * (int64_t)86400,
	    "dt_day_of(%lld)", (long long)t);
}

static void
check_day(int32_t d)
{
	int y, m, dd;
	char s[DT_DATE_LEN];
	dt_civil_from_days(d, &y, &m, &dd);
	CHECK(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && dd >= 1 && dd <= dt_days_in_month(y, m),
	    "civil_from_days(%d) = %d-%d-%d", (int)d, y, m, dd);
	CHECK(dt_days_from_civil(y, m, dd) == d, "days_from_civil(civil_from_days(%d))", (int)d);
	dt_format_date(d, s);
	int32_t back;
	CHECK(dt_parse_date(s, &back) && back == d, "format_date(%d) = %s does not parse back", (int)d, s);
	CHECK(dt_weekday(d) >= 0 && dt_weekday(d) < 7, "weekday(%d)", (int)d);
	if (d < DAY_MAX)
		CHECK(dt_weekday(d + 1) == (dt_weekday(d) + 1) % 7, "weekday(%d + 1)", (int)d);
	/* Days are consecutive calendar dates. */
	if (d < DAY_MAX) {
		int y2, m2, d2;
		dt_civil_from_days(d + 1, &y2, &m2, &d2);
		bool next = (y2 == y && m2 == m && d2 == dd + 1) ||
		    (y2 == y && m2 == m + 1 && d2 == 1 && dd == dt_days_in_month(y, m)) ||
		    (y2 == y + 1 && m2 == 1 && d2 == 1 && m == 12 && dd == 31);
		CHECK(next, "day after %d-%d-%d is %d-%d-%d", y, m, dd, y2, m2, d2);
	}
}

static void
check_stamp_value(int64_t t)
{
	char s[DT_STAMP_LEN], ical[17];
	time_t back;
	dt_format_stamp((time_t)t, s);
	CHECK(dt_parse_stamp(s, &back) && (int64_t)back == t, "format_stamp(%lld) = %s", (long long)t, s);
	dt_format_ical_stamp((time_t)t, ical);
	/* The iCalendar form is the same digits without the separators. */
	char expect[17];
	snprintf(expect, sizeof expect, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", s, s + 5, s + 8, s + 11, s + 14, s + 17);
	CHECK(strcmp(ical, expect) == 0, "ical stamp %s vs %s", ical, s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fz_cstr(data, size);
	/* The whole input, and each shape's window, through every parser. */
	check_date_text(s);
	check_time_text(s);
	check_stamp_text(s);
	size_t len = strlen(s);
	if (len > 10) { char w[11]; memcpy(w, s, 10); w[10] = 0; check_date_text(w); }
	if (len > 5) { char w[6]; memcpy(w, s, 5); w[5] = 0; check_time_text(w); }
	if (len > 20) { char w[21]; memcpy(w, s, 20); w[20] = 0; check_stamp_text(w); }
	free(s);

	/* Integers: days and stamps across the parsers' whole range. */
	struct fz f = { data, size };
	check_day((int32_t)fz_range(&f, DAY_MIN, DAY_MAX));
	int64_t t = (int64_t)DAY_MIN * 86400 + (int64_t)(fz_u64(&f) % ((uint64_t)(DAY_MAX - DAY_MIN + 1) * 86400));
	check_stamp_value(t);
	int minute = (int)fz_range(&f, 0, 1439);
	char tm[DT_TIME_LEN];
	dt_format_time(minute, tm);
	int back;
	CHECK(dt_parse_time(tm, &back) && back == minute, "format_time(%d) = %s", minute, tm);
	return 0;
}
