/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_chart.c - the SVG dose chart (chart.c).
 *
 * Coordinates are worked out by hand from the fixed frame chart.c
 * documents (viewBox 720 x 270, plot from x 70 over 540 px and from y 20
 * over 204 px; the axis top a round step times 4), never computed by the
 * code under test.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "engine/chart.h"
#include "engine/datetime.h"

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + nl, needle))
		n++;
	return n;
}

static int32_t D0;

static char *
render(const struct chart_input *in)
{
	struct html_buf b = { 0 };
	chart_svg(&b, in);
	char *s = html_finish(&b, NULL);
	ck_assert_ptr_nonnull(s);
	/* Every chart: one svg of the class, a title, no inline style (the console's CSP forbids it). */
	ck_assert_int_eq(count(s, "<svg class=\"dose-chart\""), 1);
	ck_assert_int_eq(count(s, "</svg>"), 1);
	ck_assert_int_eq(count(s, "<title"), 1);
	ck_assert_ptr_null(strstr(s, "style="));
	ck_assert_ptr_null(strstr(s, "<style"));
	ck_assert_ptr_null(strstr(s, "<script"));
	return s;
}

static struct titr_entry
entry(int32_t day, int32_t ug)
{
	return (struct titr_entry){ .date_day = D0 + day, .night_day = D0 + day, .dose_ug = ug };
}

static void
setup(void)
{
	D0 = dt_days_from_civil(2026, 12, 1);
}

START_TEST(test_empty)
{
	struct chart_input in = { .id = "r1", .title = "Dose chart: pramipexole", .max_ug = 4000 };
	char *s = render(&in);
	ck_assert_ptr_nonnull(strstr(s, "<title id=\"r1-title\">Dose chart: pramipexole</title>"));
	ck_assert_ptr_nonnull(strstr(s, "aria-labelledby=\"r1-title\""));
	ck_assert_ptr_nonnull(strstr(s, "No doses in this range"));
	ck_assert_ptr_null(strstr(s, "<path"));
	free(s);
}
END_TEST

START_TEST(test_title_and_id_escaped)
{
	struct titr_entry e[1] = { entry(0, 125) };
	struct chart_input in = { .id = "a\"b", .title = "<b>Tom & \"Jerry\"</b>", .e = e, .n = 1, .max_ug = 1000 };
	char *s = render(&in);
	ck_assert_ptr_nonnull(strstr(s, "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"));
	ck_assert_ptr_null(strstr(s, "<b>"));
	ck_assert_ptr_nonnull(strstr(s, "id=\"a&quot;b-title\""));
	free(s);
}
END_TEST

START_TEST(test_step_coordinates)
{
	/* max 1 mg: axis top 4 x 0.25 mg; 0.5 mg sits at 20 + 204 - 102 = 122. Two days: 270 px each. */
	struct titr_entry e[2] = { entry(0, 500), entry(1, 500) };
	struct chart_input in = { .id = "c", .title = "t", .e = e, .n = 2, .max_ug = 1000 };
	char *s = render(&in);
	ck_assert_ptr_nonnull(strstr(s, "d=\"M70 122 V122 H340 V122 H610\""));
	/* mg axis 0, 0.25 ... 1 mg; date axis from the first dose's date */
	ck_assert_ptr_nonnull(strstr(s, ">0 mg</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">0.25 mg</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">1 mg</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">2026-12-01</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">2026-12-03</text>"));   /* the end of the last dose's day */
	ck_assert_ptr_nonnull(strstr(s, "dose (mg)"));
	ck_assert_ptr_nonnull(strstr(s, "<desc>Doses from 2026-12-01 to 2026-12-02: first 0.5 mg, highest 0.5 mg; 0 step-ups"));
	ck_assert_ptr_null(strstr(s, "class=\"cap\""));
	ck_assert_ptr_null(strstr(s, "class=\"stop\""));
	free(s);
}
END_TEST

START_TEST(test_step_ups_hold_taper_stop_cap)
{
	struct titr_entry e[8];
	int32_t doses[8] = { 125, 125, 250, 250, 250, 250, 125, 125 };
	for (int i = 0; i < 8; i++)
		e[i] = entry(i, doses[i]);
	e[2].step_up = true;
	e[3].held = e[4].held = true;
	e[6].phase = e[7].phase = TITR_PHASE_TAPER;
	e[6].step_down = true;
	struct chart_input in = { .id = "c", .title = "t", .e = e, .n = 8, .max_ug = 4000, .cap_ug = 500,
		.stopped = true };
	char *s = render(&in);
	ck_assert_int_eq(count(s, "<circle"), 1);
	ck_assert_ptr_nonnull(strstr(s, ">0.25 mg</text>"));       /* the step-up labelled with its dose */
	ck_assert_int_eq(count(s, "class=\"held\""), 1);
	ck_assert_int_eq(count(s, ">hold</text>"), 1);
	ck_assert_int_eq(count(s, "class=\"taper\""), 1);
	ck_assert_int_eq(count(s, ">taper</text>"), 1);
	ck_assert_int_eq(count(s, "class=\"dose\""), 2);         /* before the hold, and between hold and taper */
	ck_assert_ptr_nonnull(strstr(s, "class=\"stop\""));
	ck_assert_ptr_nonnull(strstr(s, ">stop</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">renal cap 0.5 mg</text>"));
	ck_assert_ptr_nonnull(strstr(s, "1 step-up, 2 held nights, 2 taper nights; renal cap 0.5 mg; stopped"));
	/* axis top: 4 mg is 4 x 1 mg */
	ck_assert_ptr_nonnull(strstr(s, ">4 mg</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">3 mg</text>"));
	free(s);
}
END_TEST

START_TEST(test_long_walk)
{
	/* Two years, 31 step-ups: every one marked, none labelled (the axis gives the doses). */
	size_t n = 730;
	struct titr_entry *e = calloc(n, sizeof *e);
	int32_t ug = 125;
	for (size_t i = 0; i < n; i++) {
		bool step = i > 0 && i % 23 == 0 && ug < 4000;
		if (step)
			ug += 125;
		e[i] = entry((int32_t)i, ug);
		e[i].step_up = step;
	}
	struct chart_input in = { .id = "c", .title = "t", .e = e, .n = n, .max_ug = 4000 };
	char *s = render(&in);
	ck_assert_int_eq(count(s, "<circle"), 31);
	ck_assert_ptr_null(strstr(s, ">3.875 mg</text>"));
	ck_assert_ptr_nonnull(strstr(s, ">2026-12-01</text>"));
	ck_assert_int_eq(count(s, "<path"), 1);
	free(s);
	free(e);
}
END_TEST

START_TEST(test_gap_breaks_the_line)
{
	/* A day without a dose (a skipped date) starts a new subpath rather than a false step. */
	struct titr_entry e[2] = { entry(0, 500), entry(2, 500) };
	struct chart_input in = { .id = "c", .title = "t", .e = e, .n = 2, .max_ug = 1000 };
	char *s = render(&in);
	/* three days over 540 px: 180 each */
	ck_assert_ptr_nonnull(strstr(s, "d=\"M70 122 V122 H250 M430 122 V122 H610\""));
	free(s);
}
END_TEST

static Suite *
chart_suite(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("svg");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_title_and_id_escaped);
	tcase_add_test(tc, test_step_coordinates);
	tcase_add_test(tc, test_step_ups_hold_taper_stop_cap);
	tcase_add_test(tc, test_long_walk);
	tcase_add_test(tc, test_gap_breaks_the_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(chart_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
