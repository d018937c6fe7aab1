/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_datetime.c - calendar dates, times of day and timestamps.
 *
 * Expected values come from the calendar itself (an independent month-length
 * table in this file) and from known anchors, never from the code under test.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/datetime.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_len(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : len[m - 1];
}

/* ---- dates ---- */

START_TEST(test_parse_date_refused)
{
	static const char *const bad[] = {
		"2026-02-30", "2026-13-01", "2026-1-05", "20260105", " 2026-01-05",
		"2026-01-05 ", "", "2100-02-29", "2026-00-10", "2026-01-00", "2026-01-32",
		"2026-04-31", "2026/01/05", "2026-01-5", "26-01-05", "+026-01-05",
		"2026-+1-05", "2026-01-+5", "2026-0a-05", "1899-12-31", "2026-01-05T00",
		"1900-02-29", "2023-02-29", "２026-01-05", "2026-01-05\n",
	};
	for (size_t i = 0; i < N_ELEM(bad); i++) {
		int32_t d = 12345;
		ck_assert_msg(!dt_parse_date(bad[i], &d), "accepted \"%s\"", bad[i]);
		ck_assert_int_eq(d, 12345);    /* left unchanged */
	}
	{
		int32_t d = 12345;
		ck_assert(!dt_parse_date(NULL, &d));
		ck_assert_int_eq(d, 12345);
	}
}
END_TEST

START_TEST(test_parse_date_accepted)
{
	/* Day numbers of well-known dates (days since 1970-01-01). */
	static const struct { const char *s; int32_t days; } t[] = {
		{ "1970-01-01", 0 },
		{ "1970-01-02", 1 },
		{ "1969-12-31", -1 },
		{ "2000-02-29", 11016 },
		{ "2000-03-01", 11017 },
		{ "2024-02-29", 19782 },
		{ "1900-01-01", -25567 },
		{ "2027-06-01", 20970 },
		{ "2028-02-27", 21241 },
		{ "2100-12-31", 47846 },
		{ "9999-12-31", 2932896 },
	};
	for (size_t i = 0; i < N_ELEM(t); i++) {
		int32_t d = -999999;
		ck_assert_msg(dt_parse_date(t[i].s, &d), "refused %s", t[i].s);
		ck_assert_msg(d == t[i].days, "%s: %d, want %d", t[i].s, d, t[i].days);
	}
}
END_TEST

START_TEST(test_date_round_trip)
{
	/* Every day from 1900-01-01 to 2100-12-31, generated from the calendar rules. */
	char s[32], back[DT_DATE_LEN];
	int32_t expect = -25567, got;
	for (int y = 1900; y <= 2100; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= month_len(y, m); d++) {
				snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
				ck_assert_msg(dt_parse_date(s, &got), "refused %s", s);
				ck_assert_msg(got == expect, "%s: %d, want %d", s, got, expect);
				dt_format_date(got, back);
				ck_assert_str_eq(back, s);
				ck_assert_int_eq(dt_days_from_civil(y, m, d), expect);
				expect++;
			}
			/* The day after the month's last is refused (except in December, month 13). */
			snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, month_len(y, m) + 1);
			ck_assert_msg(!dt_parse_date(s, &got), "accepted %s", s);
		}
	}
	ck_assert_int_eq(expect, 47847);
}
END_TEST

START_TEST(test_civil_from_days)
{
	static const struct { int32_t days; int y, m, d; } t[] = {
		{ 0, 1970, 1, 1 }, { -1, 1969, 12, 31 }, { 11016, 2000, 2, 29 },
		{ 2932896, 9999, 12, 31 }, { -25567, 1900, 1, 1 }, { 19782, 2024, 2, 29 },
	};
	for (size_t i = 0; i < N_ELEM(t); i++) {
		int y, m, d;
		dt_civil_from_days(t[i].days, &y, &m, &d);
		ck_assert_int_eq(y, t[i].y);
		ck_assert_int_eq(m, t[i].m);
		ck_assert_int_eq(d, t[i].d);
	}
}
END_TEST

START_TEST(test_days_in_month)
{
	static const struct { int y, m, len; } t[] = {
		{ 2026, 1, 31 }, { 2026, 2, 28 }, { 2024, 2, 29 }, { 2000, 2, 29 },
		{ 1900, 2, 28 }, { 2100, 2, 28 }, { 2026, 4, 30 }, { 2026, 12, 31 },
		{ 2026, 0, 0 }, { 2026, 13, 0 },
	};
	for (size_t i = 0; i < N_ELEM(t); i++)
		ck_assert_int_eq(dt_days_in_month(t[i].y, t[i].m), t[i].len);
}
END_TEST

START_TEST(test_weekday)
{
	static const struct { const char *date; int wd; } t[] = {
		{ "1970-01-01", 3 },    /* Thursday, Monday = 0 */
		{ "2026-11-25", 2 },    /* Wednesday */
		{ "1969-12-31", 2 },
		{ "1969-12-29", 0 },
		{ "2000-01-01", 5 },    /* Saturday */
		{ "1900-01-01", 0 },    /* Monday */
		{ "2028-02-29", 1 },    /* Tuesday */
		{ "2027-06-06", 6 },    /* Sunday */
	};
	for (size_t i = 0; i < N_ELEM(t); i++) {
		int32_t d;
		ck_assert(dt_parse_date(t[i].date, &d));
		ck_assert_msg(dt_weekday(d) == t[i].wd, "%s: %d, want %d", t[i].date,
		    dt_weekday(d), t[i].wd);
	}
	ck_assert_int_eq(dt_weekday(0), 3);
	/* Seven consecutive days cover every weekday once, before and after the epoch. */
	for (int32_t base = -30000; base <= 30000; base += 7) {
		int seen = 0;
		for (int32_t k = 0; k < 7; k++) {
			int w = dt_weekday(base + k);
			ck_assert(w >= 0 && w <= 6);
			seen |= 1 << w;
		}
		ck_assert_int_eq(seen, 0x7f);
		ck_assert_int_eq(dt_weekday(base), dt_weekday(base + 7));
	}
}
END_TEST

/* ---- times of day ---- */

START_TEST(test_parse_time)
{
	static const char *const bad[] = {
		"24:00", "23:60", "7:30", "07:3", "-1:00", "", "0730", "07-30", " 07:30",
		"07:30 ", "07:30:00", "ab:cd", "07:+3", "99:99",
	};
	static const struct { const char *s; int min; } good[] = {
		{ "00:00", 0 }, { "23:59", 1439 }, { "07:30", 450 }, { "12:00", 720 },
		{ "20:00", 1200 }, { "00:30", 30 },
	};
	for (size_t i = 0; i < N_ELEM(bad); i++) {
		int m = -5;
		ck_assert_msg(!dt_parse_time(bad[i], &m), "accepted \"%s\"", bad[i]);
		ck_assert_int_eq(m, -5);
	}
	ck_assert(!dt_parse_time(NULL, &(int){ 0 }));
	for (size_t i = 0; i < N_ELEM(good); i++) {
		int m = -5;
		ck_assert_msg(dt_parse_time(good[i].s, &m), "refused %s", good[i].s);
		ck_assert_int_eq(m, good[i].min);
	}
}
END_TEST

START_TEST(test_format_time)
{
	char buf[DT_TIME_LEN], s[32];
	for (int m = 0; m < 1440; m++) {
		int back = -1;
		snprintf(s, sizeof s, "%02d:%02d", m / 60, m % 60);
		dt_format_time(m, buf);
		ck_assert_str_eq(buf, s);
		ck_assert(dt_parse_time(buf, &back));
		ck_assert_int_eq(back, m);
	}
}
END_TEST

/* ---- timestamps ---- */

START_TEST(test_format_stamp)
{
	static const struct { int64_t t; const char *s, *ical; } tab[] = {
		{ 0, "1970-01-01T00:00:00Z", "19700101T000000Z" },
		{ 1795614000, "2026-11-25T13:40:00Z", "20261125T134000Z" },
		{ 2147483648LL, "2038-01-19T03:14:08Z", "20380119T031408Z" },
		{ -1, "1969-12-31T23:59:59Z", "19691231T235959Z" },
		{ 951782400, "2000-02-29T00:00:00Z", "20000229T000000Z" },
		{ 86399, "1970-01-01T23:59:59Z", "19700101T235959Z" },
	};
	char buf[DT_STAMP_LEN], ical[17];
	for (size_t i = 0; i < N_ELEM(tab); i++) {
		time_t back = 0;
		dt_format_stamp((time_t)tab[i].t, buf);
		ck_assert_str_eq(buf, tab[i].s);
		dt_format_ical_stamp((time_t)tab[i].t, ical);
		ck_assert_str_eq(ical, tab[i].ical);
		ck_assert(dt_parse_stamp(tab[i].s, &back));
		ck_assert_int_eq((int64_t)back, tab[i].t);
	}
}
END_TEST

START_TEST(test_parse_stamp)
{
	static const char *const bad[] = {
		"", "2026-11-25", "2026-11-25T13:40:00", "2026-11-25 13:40:00Z",
		"2026-11-25T13:40:00+00:00", "2026-11-25T24:00:00Z", "2026-11-25T13:60:00Z",
		"2026-11-25T13:40:61Z", "2026-02-30T00:00:00Z", "2026-11-25t13:40:00Z",
		"2026-11-25T13:40:00z", "2026-11-25T1:40:00Z ", "2026-11-25T13:40:00.5Z",
		" 2026-11-25T13:40:00Z",
	};
	for (size_t i = 0; i < N_ELEM(bad); i++) {
		time_t t = 42;
		ck_assert_msg(!dt_parse_stamp(bad[i], &t), "accepted \"%s\"", bad[i]);
		ck_assert_int_eq((int64_t)t, 42);
	}
	/* Round trip through the format over a spread of instants. */
	for (int64_t t = -2208988800LL; t < 4102444800LL; t += 86400LL * 37 + 3671) {
		char buf[DT_STAMP_LEN];
		time_t back = 0;
		dt_format_stamp((time_t)t, buf);
		ck_assert_msg(dt_parse_stamp(buf, &back), "refused own %s", buf);
		ck_assert_int_eq((int64_t)back, t);
	}
}
END_TEST

START_TEST(test_day_of)
{
	static const struct { int64_t t; int32_t day; } tab[] = {
		{ 0, 0 }, { 86399, 0 }, { 86400, 1 }, { -1, -1 }, { -86400, -1 },
		{ -86401, -2 }, { 1795614000, 20782 },
	};
	for (size_t i = 0; i < N_ELEM(tab); i++)
		ck_assert_int_eq(dt_day_of((time_t)tab[i].t), tab[i].day);
}
END_TEST

static Suite *
datetime_suite(void)
{
	Suite *s = suite_create("datetime");
	TCase *tc;

	tc = tcase_create("dates");
	tcase_add_test(tc, test_parse_date_refused);
	tcase_add_test(tc, test_parse_date_accepted);
	tcase_add_test(tc, test_date_round_trip);
	tcase_add_test(tc, test_civil_from_days);
	tcase_add_test(tc, test_days_in_month);
	tcase_add_test(tc, test_weekday);
	suite_add_tcase(s, tc);

	tc = tcase_create("times");
	tcase_add_test(tc, test_parse_time);
	tcase_add_test(tc, test_format_time);
	suite_add_tcase(s, tc);

	tc = tcase_create("stamps");
	tcase_add_test(tc, test_format_stamp);
	tcase_add_test(tc, test_parse_stamp);
	tcase_add_test(tc, test_day_of);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(datetime_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
