/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html.c - the printable dose calendar page.
 *
 * One self-contained HTML5 document: inline CSS (with @media print), no
 * script, no external asset.  Black on white, readable when printed in
 * black and white: step-up days have a bold border and a visible
 * "step-up" label, taper days a dashed border and a "taper" label.  Every
 * caller-supplied string goes through the HTML escaper.  Doses are
 * formatted from integer micrograms, never through floating point.
 */
#include "engine/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/datetime.h"
#include "engine/titration.h"
#include "base/util.h"

/* Room for extra bytes plus a NUL; the capacity doubles. */
static bool
html_reserve(struct html_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1 ||
	    !util_grow((void **)&b->p, &b->cap, b->len + extra + 1, 1, 1024)) {
		b->failed = true;
		return false;
	}
	return true;
}

void
html_putn(struct html_buf *b, const char *s, size_t n)
{
	if (!html_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
html_puts(struct html_buf *b, const char *s)
{
	html_putn(b, s, strlen(s));
}

/* Escaped text; with breaks, a newline (LF or CRLF) becomes "<br>\n". */
void
html_text(struct html_buf *b, const char *s, bool breaks)
{
	if (s == NULL)
		return;
	const char *run = s;
	for (; *s != '\0'; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\r': rep = breaks ? (s[1] == '\n' ? "" : "<br>\n") : NULL; break;
		case '\n': rep = breaks ? "<br>\n" : NULL; break;
		default: rep = NULL; break;
		}
		if (rep == NULL)
			continue;
		html_putn(b, run, (size_t)(s - run));
		html_puts(b, rep);
		run = s + 1;
	}
	html_putn(b, run, (size_t)(s - run));
}

void
html_putf(struct html_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !html_reserve(b, (size_t)n)) {
		b->failed = b->failed || n < 0;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
html_finish(struct html_buf *b, size_t *len)
{
	if (len != NULL)
		*len = b->failed ? 0 : b->len;
	if (b->failed) {
		free(b->p);
		b->p = NULL;
		return NULL;
	}
	if (b->p == NULL)
		b->p = calloc(1, 1);
	char *p = b->p;
	b->p = NULL;
	return p;
}

char *
html_escape(const char *s)
{
	struct html_buf b = { 0 };
	html_reserve(&b, s != NULL ? strlen(s) : 0);
	html_text(&b, s, false);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	return b.p;
}


static const char *const MONTHS[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};
static const char *const WEEKDAYS[7][2] = {
	{ "Mon", "Monday" }, { "Tue", "Tuesday" }, { "Wed", "Wednesday" },
	{ "Thu", "Thursday" }, { "Fri", "Friday" }, { "Sat", "Saturday" },
	{ "Sun", "Sunday" },
};

/* U+2610 BALLOT BOX, written out so the source stays ASCII. */
#define TICK_BOX "<span class=\"tick\">\xE2\x98\x90</span>"

static const char STYLE[] =
	"<style>\n"
	"html{color:#000;background:#fff}\n"
	"body{font-family:Arial,Helvetica,sans-serif;font-size:12pt;line-height:1.35;"
	"color:#000;background:#fff;margin:1.5em}\n"
	"h1{font-size:1.6em;margin:0 0 .3em}\n"
	"h2{font-size:1.2em;margin:1em 0 .3em}\n"
	"header p{margin:.15em 0}\n"
	".instructions,.notes{max-width:48em}\n"
	".notes li{margin:.2em 0}\n"
	"table.month{border-collapse:collapse;width:100%;table-layout:fixed;margin:1.2em 0;"
	"break-inside: avoid; page-break-inside: avoid}\n"
	"table.month caption{font-size:1.3em;font-weight:bold;text-align:left;padding:.3em 0}\n"
	"table.month th{border:1px solid #000;padding:.2em;text-align:center}\n"
	"table.month td{border:1px solid #000;padding:.2em .3em;height:5em;vertical-align:top}\n"
	"table.month td.empty{border:1px solid #000}\n"
	".day{display:block;font-weight:bold}\n"
	".time,.dose,.label{display:block}\n"
	".dose{font-weight:bold}\n"
	".label{font-weight:bold;text-transform:uppercase;font-size:.85em}\n"
	/* table.month td.x, not td.x: the plain cell rule above is more specific and would win. */
	"table.month td.stepup{border:3px solid #000}\n"
	"table.month td.taper{border:3px dashed #000}\n"
	".closing{font-weight:bold;max-width:48em}\n"
	".tick{display:inline-block;font-size:1.5em;line-height:1}\n"
	"svg.dose-chart{width:100%;max-width:900px;height:auto;display:block}\n"
	".chart{break-inside: avoid; page-break-inside: avoid}\n"
	"@page{margin:1.5cm}\n"
	"@media print{\n"
	"body{margin:0;font-size:11pt}\n"
	"header,.instructions,.notes,.legend{break-inside: avoid; page-break-inside: avoid}\n"
	"table.month{break-inside: avoid; page-break-inside: avoid}\n"
	"table.month tr,table.month td{break-inside: avoid; page-break-inside: avoid}\n"
	"table.month td.stepup{border:3px solid #000}\n"
	"table.month td.taper{border:3px dashed #000}\n"
	"}\n"
	"</style>\n";

static int
cmp_dose(const void *a, const void *b)
{
	const struct html_dose *x = *(const struct html_dose *const *)a;
	const struct html_dose *y = *(const struct html_dose *const *)b;
	if (x->date_day != y->date_day)
		return x->date_day < y->date_day ? -1 : 1;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	/* stable: by position in the caller's array */
	return x < y ? -1 : (x > y);
}

static void
dose_cell(struct html_buf *b, int day_of_month, const struct html_dose *const *ds, size_t nd)
{
	bool stepup = false, taper = false;
	for (size_t i = 0; i < nd; i++) {
		stepup = stepup || ds[i]->step_up;
		taper = taper || ds[i]->taper;
	}
	char tmp[96];
	html_puts(b, "<td class=\"dosed");
	if (stepup)
		html_puts(b, " stepup");
	if (taper)
		html_puts(b, " taper");
	snprintf(tmp, sizeof tmp, "\"><span class=\"day\">%d</span>", day_of_month);
	html_puts(b, tmp);
	for (size_t i = 0; i < nd; i++) {
		const struct html_dose *d = ds[i];
		int m = (int)(d->minute % 1440);
		if (m < 0)
			m += 1440;
		char hm[DT_TIME_LEN];
		dt_format_time(m, hm);
		html_puts(b, "<span class=\"time\">");
		html_puts(b, hm);
		html_puts(b, "</span><span class=\"dose\">");
		titr_mg_text(d->dose_ug, tmp, sizeof tmp);
		html_puts(b, tmp);
		html_puts(b, "</span>");
		if (d->step_up)
			html_puts(b, "<span class=\"label\">step-up</span>");
		if (d->taper)
			html_puts(b, "<span class=\"label\">taper</span>");
		html_puts(b, TICK_BOX);
	}
	html_puts(b, "</td>");
}

/* One <table class="month">; *k walks the sorted doses. */
static void
month_table(struct html_buf *b, int y, int mo, const struct html_dose *const *ds, size_t n, size_t *k)
{
	char tmp[96];
	snprintf(tmp, sizeof tmp, "<table class=\"month\">\n<caption>%s %d</caption>\n",
	    MONTHS[mo - 1], y);
	html_puts(b, tmp);
	html_puts(b, "<thead><tr>");
	for (int w = 0; w < 7; w++) {
		snprintf(tmp, sizeof tmp, "<th scope=\"col\" abbr=\"%s\">%s</th>",
		    WEEKDAYS[w][1], WEEKDAYS[w][0]);
		html_puts(b, tmp);
	}
	html_puts(b, "</tr></thead>\n<tbody>\n<tr>");

	int32_t first = dt_days_from_civil(y, mo, 1);
	int ndays = dt_days_in_month(y, mo);
	int col = dt_weekday(first);
	for (int c = 0; c < col; c++)
		html_puts(b, "<td class=\"empty\"></td>");
	for (int dom = 1; dom <= ndays; dom++) {
		int32_t day = first + dom - 1;
		while (*k < n && ds[*k]->date_day < day)
			(*k)++;
		size_t start = *k;
		while (*k < n && ds[*k]->date_day == day)
			(*k)++;
		if (*k > start) {
			dose_cell(b, dom, ds + start, *k - start);
		} else {
			snprintf(tmp, sizeof tmp, "<td><span class=\"day\">%d</span></td>", dom);
			html_puts(b, tmp);
		}
		if (++col == 7) {
			html_puts(b, "</tr>\n");
			col = 0;
			if (dom < ndays)
				html_puts(b, "<tr>");
		}
	}
	if (col != 0) {
		for (; col < 7; col++)
			html_puts(b, "<td class=\"empty\"></td>");
		html_puts(b, "</tr>\n");
	}
	html_puts(b, "</tbody>\n</table>\n");
}

char *
html_render(const struct html_calendar *cal, const struct html_dose *d, size_t n, size_t *len)
{
	if (len != NULL)
		*len = 0;
	if (cal == NULL || (n > 0 && d == NULL))
		return NULL;

	/* Sorted view of the doses (they should already be ascending). */
	const struct html_dose **ds = NULL;
	if (n > 0) {
		if (n > SIZE_MAX / sizeof *ds)
			return NULL;
		ds = malloc(n * sizeof *ds);
		if (ds == NULL)
			return NULL;
		for (size_t i = 0; i < n; i++)
			ds[i] = &d[i];
		qsort(ds, n, sizeof *ds, cmp_dose);
	}

	struct html_buf b = { 0 };
	html_reserve(&b, 4096 + n * 200);

	html_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(&b, cal->drug, false);
	html_puts(&b, " dose calendar - ");
	html_text(&b, cal->patient_name, false);
	html_puts(&b, "</title>\n");
	html_puts(&b, STYLE);
	/* The paper the grid is laid out for (the browser's default may be another). */
	html_puts(&b, cal->paper != NULL && strcmp(cal->paper, "Letter") == 0 ? "<style>@page{size:letter}</style>\n"
	    : "<style>@page{size:A4}</style>\n");
	/*
	 * Printed, a fixed element repeats on every page: each sheet says whose
	 * calendar it is and whom to call, even when the pages come apart.  It
	 * sits at the foot of the page, where the grids (never split) leave room.
	 */
	html_puts(&b, "<style>.runhead{display:none}@media print{"
	    ".runhead{display:block;position:fixed;bottom:0;left:0;right:0;font-size:9pt;background:#fff;"
	    "border-top:1px solid #000;padding-top:.2em}}</style>\n");
	html_puts(&b, "</head>\n<body>\n<div class=\"runhead\">");
	html_text(&b, cal->drug, false);
	html_puts(&b, " dose calendar for <strong>");
	html_text(&b, cal->patient_name, false);
	html_puts(&b, "</strong>");
	if (cal->clinic_name != NULL && cal->clinic_name[0] != '\0') {
		html_puts(&b, " &middot; ");
		html_text(&b, cal->clinic_name, false);
	}
	if (cal->clinic_phone != NULL && cal->clinic_phone[0] != '\0') {
		html_puts(&b, " &middot; phone ");
		html_text(&b, cal->clinic_phone, false);
	}
	html_puts(&b, "</div>\n<header>\n<h1>");
	html_text(&b, cal->drug, false);
	html_puts(&b, " dose calendar</h1>\n<p class=\"patient\">Patient: <strong>");
	html_text(&b, cal->patient_name, false);
	html_puts(&b, "</strong></p>\n<p class=\"drug\">Medicine: <strong>");
	html_text(&b, cal->drug, false);
	html_puts(&b, "</strong></p>\n");
	if (cal->clinic_name != NULL && cal->clinic_name[0] != '\0') {
		html_puts(&b, "<p class=\"clinic\">Your clinic: <strong>");
		html_text(&b, cal->clinic_name, false);
		html_puts(&b, "</strong>");
		if (cal->clinic_phone != NULL && cal->clinic_phone[0] != '\0') {
			html_puts(&b, ", phone <strong>");
			html_text(&b, cal->clinic_phone, false);
			html_puts(&b, "</strong>");
		}
		html_puts(&b, "</p>\n");
	}
	if (cal->generated != NULL) {
		html_puts(&b, "<p class=\"generated\">Generated: ");
		html_text(&b, cal->generated, false);
		html_puts(&b, "</p>\n");
	}
	html_puts(&b, "</header>\n");

	if (cal->instructions != NULL && cal->instructions[0] != '\0') {
		html_puts(&b, "<section class=\"instructions\">\n<h2>Instructions</h2>\n<p>");
		html_text(&b, cal->instructions, true);
		html_puts(&b, "</p>\n</section>\n");
	}
	if (cal->checkin_url != NULL && cal->checkin_url[0] != '\0') {
		/* Printed, the address is what the patient types: it is shown, not only linked. */
		html_puts(&b, "<section class=\"checkin\">\n<h2>Tell your clinic how each night went</h2>\n"
		    "<p>Each morning, fill in the short check-in form: <a href=\"");
		html_text(&b, cal->checkin_url, false);
		html_puts(&b, "\">");
		html_text(&b, cal->checkin_url, false);
		html_puts(&b, "</a></p>\n</section>\n");
	}
	if (cal->notes != NULL && cal->nnotes > 0) {
		html_puts(&b, "<section class=\"notes\">\n<h2>Safety notes</h2>\n<ul>\n");
		for (size_t i = 0; i < cal->nnotes; i++) {
			if (cal->notes[i] == NULL)
				continue;
			html_puts(&b, "<li>");
			html_text(&b, cal->notes[i], true);
			html_puts(&b, "</li>\n");
		}
		html_puts(&b, "</ul>\n</section>\n");
	}

	html_puts(&b, "<p class=\"legend\">Tick the box " TICK_BOX " after you take each dose. "
	    "Days marked <strong>step-up</strong> (bold border) are the days the dose goes up; "
	    "days marked <strong>taper</strong> (dashed border) are the days the dose goes down.</p>\n");

	if (cal->chart != NULL && cal->chart[0] != '\0') {
		html_puts(&b, "<section class=\"chart\">\n<h2>Dose chart</h2>\n");
		html_puts(&b, cal->chart);
		html_puts(&b, "</section>\n");
	}
	if (n == 0) {
		html_puts(&b, "<p class=\"nodoses\">No doses in this calendar.</p>\n");
	} else {
		int y, mo, dd, ly, lmo, ld;
		dt_civil_from_days(ds[0]->date_day, &y, &mo, &dd);
		dt_civil_from_days(ds[n - 1]->date_day, &ly, &lmo, &ld);
		size_t k = 0;
		while (!b.failed && (y < ly || (y == ly && mo <= lmo))) {
			month_table(&b, y, mo, (const struct html_dose *const *)ds, n, &k);
			if (++mo > 12) {
				mo = 1;
				y++;
			}
		}
	}
	if (cal->closing != NULL && cal->closing[0] != '\0') {
		/* What to do after the last cell, so the plan does not seem to end with the paper. */
		html_puts(&b, "<p class=\"closing\">");
		html_text(&b, cal->closing, false);
		html_puts(&b, "</p>\n");
	}
	html_puts(&b, "</body>\n</html>\n");

	free(ds);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	if (len != NULL)
		*len = b.len;
	return b.p;
}
