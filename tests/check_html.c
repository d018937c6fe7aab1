/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_html.c - the printable dose calendar page (html.c).
 *
 * Expected captions, weekdays and dose texts are written by hand from the
 * calendar (1 Nov 2026 is a Sunday, 2028 is a leap year) and from doc/openapi.yaml
 * (doses in integer micrograms, shown in mg), never computed by the code
 * under test.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/datetime.h"
#include "engine/html.h"

/* ---- helpers ---- */

static int32_t
day_of(const char *s)
{
	int32_t d = 0;
	ck_assert_msg(dt_parse_date(s, &d), "test date %s", s);
	return d;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + nl, needle))
		n++;
	return n;
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	for (const char *p = hay; *p != '\0'; p++)
		if (strncasecmp(p, needle, nl) == 0)
			return true;
	return false;
}

/* The <table> ... </table> whose caption is cap, malloc'd; fails if absent. */
static char *
month_of(const char *doc, const char *cap)
{
	char want[64];
	snprintf(want, sizeof want, "<caption>%s</caption>", cap);
	const char *c = strstr(doc, want);
	ck_assert_msg(c != NULL, "no month table captioned %s", cap);
	const char *start = c;
	while (start > doc && strncmp(start, "<table class=\"month\"", 20) != 0)
		start--;
	ck_assert_msg(strncmp(start, "<table class=\"month\"", 20) == 0, "caption outside a month table");
	const char *end = strstr(c, "</table>");
	ck_assert_ptr_nonnull(end);
	size_t n = (size_t)(end - start) + 8;
	char *t = malloc(n + 1);
	ck_assert_ptr_nonnull(t);
	memcpy(t, start, n);
	t[n] = '\0';
	return t;
}

/* The <td ...> ... </td> of day-of-month dom inside a month table, malloc'd. */
static char *
cell_of(const char *table, int dom)
{
	char want[48];
	snprintf(want, sizeof want, "<span class=\"day\">%d</span>", dom);
	const char *p = strstr(table, want);
	ck_assert_msg(p != NULL, "no cell for day %d", dom);
	const char *start = p;
	while (start > table && strncmp(start, "<td", 3) != 0)
		start--;
	const char *end = strstr(p, "</td>");
	ck_assert_ptr_nonnull(end);
	size_t n = (size_t)(end - start) + 5;
	char *c = malloc(n + 1);
	ck_assert_ptr_nonnull(c);
	memcpy(c, start, n);
	c[n] = '\0';
	return c;
}

static const struct html_calendar PLAIN = {
	.patient_name = "Ann Example", .drug = "Pramipexole",
	.instructions = "Take one dose each evening.", .generated = "2026-11-25T13:40:00Z",
};

static char *
render(const struct html_calendar *cal, const struct html_dose *d, size_t n)
{
	size_t len = 0;
	char *out = html_render(cal, d, n, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(strlen(out), len);
	return out;
}

/* ---- escaping ---- */

START_TEST(test_escape)
{
	char *s = html_escape("<script>alert(1)</script>");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "&lt;script&gt;alert(1)&lt;/script&gt;");
	free(s);
	s = html_escape("a & b \"c\" 'd'");
	ck_assert_str_eq(s, "a &amp; b &quot;c&quot; &#39;d&#39;");
	free(s);
	s = html_escape("");
	ck_assert_str_eq(s, "");
	free(s);
	s = html_escape("Jos\xC3\xA9 &amp;");
	ck_assert_str_eq(s, "Jos\xC3\xA9 &amp;amp;");
	free(s);
}
END_TEST

START_TEST(test_user_strings_escaped)
{
	static const char *const notes[] = {
		"Do not drive if <b>sleepy</b> & dizzy.",
		"Call \"the clinic\" if it's worse.",
	};
	const struct html_calendar cal = {
		.patient_name = "<script>alert(1)</script> \"O'Brien\"",
		.drug = "Prami<pexole>",
		.instructions = "Line one <i>\nline two & 'three'",
		.notes = notes, .nnotes = 2,
		.generated = "2026-11-25T13:40:00Z<x>",
	};
	const struct html_dose d[] = {
		{ .date_day = day_of("2026-12-01"), .minute = 20 * 60, .dose_ug = 125 },
	};
	char *out = render(&cal, d, 1);
	ck_assert_ptr_null(strstr(out, "<script>alert(1)</script>"));
	ck_assert_ptr_null(strstr(out, "\"O'Brien\""));
	ck_assert(!contains_ci(out, "<script"));
	ck_assert_ptr_nonnull(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt; &quot;O&#39;Brien&quot;"));
	ck_assert_ptr_null(strstr(out, "Prami<pexole>"));
	ck_assert_ptr_nonnull(strstr(out, "Prami&lt;pexole&gt;"));
	ck_assert_ptr_null(strstr(out, "<b>sleepy"));
	ck_assert_ptr_nonnull(strstr(out, "&lt;b&gt;sleepy&lt;/b&gt; &amp; dizzy."));
	ck_assert_ptr_nonnull(strstr(out, "Call &quot;the clinic&quot; if it&#39;s worse."));
	ck_assert_ptr_null(strstr(out, "<i>"));
	ck_assert_ptr_nonnull(strstr(out, "Line one &lt;i&gt;"));
	ck_assert_ptr_nonnull(strstr(out, "line two &amp; &#39;three&#39;"));
	ck_assert_ptr_null(strstr(out, "<x>"));

	/* the title carries the escaped drug and patient name */
	const char *t = strstr(out, "<title>");
	const char *te = strstr(out, "</title>");
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(te);
	const char *tp = strstr(t, "Prami&lt;pexole&gt;");
	const char *tn = strstr(t, "&lt;script&gt;alert(1)&lt;/script&gt;");
	ck_assert(tp != NULL && tp < te);
	ck_assert(tn != NULL && tn < te);

	ck_assert_ptr_nonnull(strstr(out, "Safety notes"));
	free(out);
}
END_TEST

/* ---- document shape ---- */

START_TEST(test_document)
{
	const struct html_dose d[] = {
		{ .date_day = day_of("2026-12-01"), .minute = 20 * 60, .dose_ug = 125 },
		{ .date_day = day_of("2026-12-02"), .minute = 20 * 60, .dose_ug = 125 },
	};
	char *out = render(&PLAIN, d, 2);
	ck_assert(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	ck_assert_ptr_nonnull(strstr(out, "<meta charset=\"utf-8\">"));
	ck_assert_ptr_nonnull(strstr(out, "<style>"));
	ck_assert_ptr_nonnull(strstr(out, "@media print"));
	ck_assert_ptr_nonnull(strstr(out, "break-inside: avoid"));
	/* the month tables are kept whole on a printed page */
	const char *pr = strstr(out, "@media print");
	ck_assert_ptr_nonnull(strstr(pr, "table.month{break-inside: avoid"));
	ck_assert_ptr_nonnull(strstr(out, "Ann Example"));
	ck_assert_ptr_nonnull(strstr(out, "Pramipexole"));
	ck_assert_ptr_nonnull(strstr(out, "2026-11-25T13:40:00Z"));
	ck_assert_ptr_nonnull(strstr(out, "Take one dose each evening."));
	/* no notes given: no notes section */
	ck_assert_ptr_null(strstr(out, "Safety notes"));
	ck_assert(!contains_ci(out, "<script"));
	ck_assert(!contains_ci(out, "javascript:"));
	ck_assert(!contains_ci(out, "http://"));
	ck_assert(!contains_ci(out, "https://"));
	ck_assert(!contains_ci(out, " src="));
	ck_assert(!contains_ci(out, "<link"));
	ck_assert(!contains_ci(out, "@import"));
	ck_assert_ptr_nonnull(strstr(out, "</html>"));
	ck_assert_uint_eq(count(out, "<table class=\"month\">"), 1);
	/* tick boxes: one per dose, plus the one in the legend */
	ck_assert_uint_eq(count(out, "<span class=\"tick\">\xE2\x98\x90</span>"), 3);

	/* deterministic */
	char *again = render(&PLAIN, d, 2);
	ck_assert_str_eq(out, again);
	free(again);
	free(out);

	/* no doses: still a complete document, no month table */
	out = render(&PLAIN, NULL, 0);
	ck_assert(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	ck_assert_uint_eq(count(out, "<table class=\"month\">"), 0);
	ck_assert_ptr_nonnull(strstr(out, "</html>"));
	free(out);

	/* optional strings may be NULL */
	const struct html_calendar bare = { .patient_name = "P", .drug = "Ropinirole" };
	out = render(&bare, d, 2);
	ck_assert_ptr_null(strstr(out, "Safety notes"));
	ck_assert_ptr_nonnull(strstr(out, "</html>"));
	free(out);
}
END_TEST

/* ---- month grid ---- */

START_TEST(test_months_across_year)
{
	struct html_dose d[40];
	int32_t first = day_of("2026-11-28"), last = day_of("2027-01-03");
	size_t n = 0;
	for (int32_t day = first; day <= last; day++)
		d[n++] = (struct html_dose){ .date_day = day, .minute = 20 * 60, .dose_ug = 250 };
	ck_assert_uint_eq(n, 37);
	char *out = render(&PLAIN, d, n);
	ck_assert_uint_eq(count(out, "<table class=\"month\">"), 3);
	const char *nov = strstr(out, "<caption>November 2026</caption>");
	const char *dec = strstr(out, "<caption>December 2026</caption>");
	const char *jan = strstr(out, "<caption>January 2027</caption>");
	ck_assert(nov != NULL && dec != NULL && jan != NULL);
	ck_assert(nov < dec && dec < jan);
	ck_assert_ptr_null(strstr(out, "October 2026"));
	ck_assert_ptr_null(strstr(out, "February 2027"));

	/* Monday-first headers */
	char *t = month_of(out, "November 2026");
	const char *mon = strstr(t, ">Mon<"), *tue = strstr(t, ">Tue<"), *sun = strstr(t, ">Sun<");
	ck_assert(mon != NULL && tue != NULL && sun != NULL);
	ck_assert(mon < tue && tue < sun);
	ck_assert_uint_eq(count(t, "<th "), 7);
	/* 1 Nov 2026 is a Sunday: six empty cells before it */
	const char *one = strstr(t, "<span class=\"day\">1</span>");
	ck_assert_ptr_nonnull(one);
	size_t empties = 0;
	for (const char *p = strstr(t, "<td class=\"empty\">"); p != NULL && p < one;
	    p = strstr(p + 1, "<td class=\"empty\">"))
		empties++;
	ck_assert_uint_eq(empties, 6);
	/* 30 days, doses on the 28th, 29th, 30th only */
	ck_assert_uint_eq(count(t, "<span class=\"day\">"), 30);
	ck_assert_uint_eq(count(t, "0.25 mg"), 3);
	char *c = cell_of(t, 28);
	ck_assert_ptr_nonnull(strstr(c, "20:00"));
	ck_assert_ptr_nonnull(strstr(c, "0.25 mg"));
	ck_assert_ptr_nonnull(strstr(c, "class=\"tick\""));
	free(c);
	c = cell_of(t, 27);
	ck_assert_ptr_null(strstr(c, "mg"));
	free(c);
	/* the grid has whole weeks: 6 + 30 = 36 -> 6 rows, 42 cells */
	ck_assert_uint_eq(count(t, "<td"), 42);
	free(t);

	t = month_of(out, "December 2026");
	ck_assert_uint_eq(count(t, "<span class=\"day\">"), 31);
	ck_assert_uint_eq(count(t, "0.25 mg"), 31);
	free(t);

	t = month_of(out, "January 2027");
	ck_assert_uint_eq(count(t, "<span class=\"day\">"), 31);
	ck_assert_uint_eq(count(t, "0.25 mg"), 3);
	c = cell_of(t, 3);
	ck_assert_ptr_nonnull(strstr(c, "0.25 mg"));
	free(c);
	c = cell_of(t, 4);
	ck_assert_ptr_null(strstr(c, "mg"));
	free(c);
	free(t);
	free(out);
}
END_TEST

START_TEST(test_leap_day)
{
	const struct html_dose d[] = {
		{ .date_day = day_of("2028-02-28"), .minute = 21 * 60, .dose_ug = 500 },
		{ .date_day = day_of("2028-02-29"), .minute = 21 * 60 + 5, .dose_ug = 750 },
	};
	char *out = render(&PLAIN, d, 2);
	ck_assert_uint_eq(count(out, "<table class=\"month\">"), 1);
	char *t = month_of(out, "February 2028");
	ck_assert_uint_eq(count(t, "<span class=\"day\">"), 29);
	char *c = cell_of(t, 29);
	ck_assert_ptr_nonnull(strstr(c, "21:05"));
	ck_assert_ptr_nonnull(strstr(c, "0.75 mg"));
	free(c);
	c = cell_of(t, 28);
	ck_assert_ptr_nonnull(strstr(c, "21:00"));
	ck_assert_ptr_nonnull(strstr(c, "0.5 mg"));
	free(c);
	/* 1 Feb 2028 is a Tuesday: one empty cell before it */
	const char *one = strstr(t, "<span class=\"day\">1</span>");
	const char *e1 = strstr(t, "<td class=\"empty\">");
	ck_assert(e1 != NULL && e1 < one);
	ck_assert(strstr(e1 + 1, "<td class=\"empty\">") > one);
	free(t);
	free(out);
}
END_TEST

/* ---- dose text and highlighting ---- */

START_TEST(test_dose_format)
{
	static const struct { int32_t ug; const char *text; } cases[] = {
		{ 125, "0.125 mg" }, { 250, "0.25 mg" }, { 500, "0.5 mg" }, { 1000, "1 mg" },
		{ 1500, "1.5 mg" }, { 3875, "3.875 mg" }, { 4000, "4 mg" }, { 10, "0.01 mg" },
		{ 1, "0.001 mg" }, { 300000, "300 mg" }, { 1400000, "1400 mg" }, { 2700000, "2700 mg" },
		{ 100100, "100.1 mg" },
	};
	int32_t day = day_of("2026-12-01");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct html_dose d = { .date_day = day, .minute = 0, .dose_ug = cases[i].ug };
		char *out = render(&PLAIN, &d, 1);
		char want[64];
		snprintf(want, sizeof want, "<span class=\"dose\">%s</span>", cases[i].text);
		ck_assert_msg(strstr(out, want) != NULL, "%d ug: want %s", (int)cases[i].ug, want);
		char *t = month_of(out, "December 2026");
		char *c = cell_of(t, 1);
		ck_assert_ptr_nonnull(strstr(c, "00:00"));
		free(c);
		free(t);
		free(out);
	}
}
END_TEST

START_TEST(test_stepup_taper)
{
	const struct html_dose d[] = {
		{ .date_day = day_of("2026-12-01"), .minute = 1200, .dose_ug = 125 },
		{ .date_day = day_of("2026-12-03"), .minute = 1200, .dose_ug = 250, .step_up = true },
		{ .date_day = day_of("2026-12-10"), .minute = 1200, .dose_ug = 125, .taper = true },
	};
	char *out = render(&PLAIN, d, 3);
	char *t = month_of(out, "December 2026");
	char *c = cell_of(t, 3);
	ck_assert(strncmp(c, "<td class=\"", 11) == 0);
	ck_assert_ptr_nonnull(strstr(c, "stepup"));
	ck_assert_ptr_nonnull(strstr(c, ">step-up<"));
	ck_assert_ptr_null(strstr(c, "taper"));
	free(c);
	c = cell_of(t, 10);
	ck_assert_ptr_nonnull(strstr(c, "taper\""));
	ck_assert_ptr_nonnull(strstr(c, ">taper<"));
	ck_assert_ptr_null(strstr(c, "step"));
	free(c);
	c = cell_of(t, 1);
	ck_assert_ptr_null(strstr(c, "step"));
	ck_assert_ptr_null(strstr(c, "taper"));
	ck_assert_ptr_nonnull(strstr(c, "0.125 mg"));
	free(c);
	ck_assert_uint_eq(count(t, ">step-up<"), 1);
	free(t);
	free(out);
}
END_TEST

START_TEST(test_two_years)
{
	/* 731 nightly doses (to 2028-11-30): 24 month tables, one cell per day with a dose. */
	enum { N = 731 };
	struct html_dose *d = calloc(N, sizeof *d);
	ck_assert_ptr_nonnull(d);
	int32_t start = day_of("2026-12-01");
	for (int i = 0; i < N; i++)
		d[i] = (struct html_dose){ .date_day = start + i, .minute = 30, .dose_ug = 125 * (1 + i / 2),
			.step_up = i > 0 && i % 2 == 0 };
	char *out = render(&PLAIN, d, N);
	/* Dec 2026 .. Nov 2028 */
	ck_assert_uint_eq(count(out, "<table class=\"month\">"), 24);
	ck_assert_uint_eq(count(out, "00:30"), N);
	ck_assert_uint_eq(count(out, "class=\"label\">step-up<"), 365);
	ck_assert_ptr_nonnull(strstr(out, "<caption>February 2028</caption>"));
	ck_assert_ptr_nonnull(strstr(out, "<caption>November 2028</caption>"));
	ck_assert_ptr_null(strstr(out, "<caption>December 2028</caption>"));
	ck_assert_ptr_nonnull(strstr(out, "45.75 mg"));  /* night 731: 125 x 366 ug */
	free(out);
	free(d);
}
END_TEST

static Suite *
html_suite(void)
{
	Suite *s = suite_create("html");
	TCase *tc = tcase_create("escaping");
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_user_strings_escaped);
	suite_add_tcase(s, tc);

	tc = tcase_create("document");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_document);
	tcase_add_test(tc, test_months_across_year);
	tcase_add_test(tc, test_leap_day);
	tcase_add_test(tc, test_dose_format);
	tcase_add_test(tc, test_stepup_taper);
	tcase_add_test(tc, test_two_years);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(html_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
