/* SPDX-License-Identifier: Apache-2.0 */
/*
 * html.h - the printable dose calendar page, and the HTML builder.
 *
 * Pure: one self-contained HTML5 document (inline CSS with @media print,
 * no scripts, no external assets), readable in black-and-white print: a
 * month grid per month in range, each dosed day showing time, dose and a
 * tick box; step-up days highlighted (bold border + "step-up" label, not
 * only colour); instructions and safety notes in plain language.  Every
 * caller-supplied string is HTML-escaped.
 */
#ifndef TITRAD_HTML_H
#define TITRAD_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct html_calendar {
	const char *patient_name;    /* user-supplied: escaped */
	const char *drug;            /* "Pramipexole" */
	const char *instructions;    /* plain-language instructions, may be NULL */
	const char *const *notes;    /* safety notes (plain text), may be NULL */
	size_t nnotes;
	const char *generated;       /* "2026-11-25T13:40:00Z" */
	const char *chart;           /* the dose chart's SVG (chart.h, markup, not escaped), may be NULL */
	const char *checkin_url;     /* the patient's check-in form, linked on the page; NULL none */
	const char *closing;         /* the line after the last cell (what comes next); NULL none */
	const char *paper;           /* CSS @page size: "A4" or "Letter"; NULL: A4 */
	const char *clinic_name;     /* printed at the top of every page with the phone; NULL/"" none */
	const char *clinic_phone;
};

struct html_dose {
	int32_t date_day;            /* dt_ day (datetime.h) */
	int32_t minute;
	int32_t dose_ug;
	bool step_up;
	bool taper;
};

/* Doses ascending by date.  malloc'd document (caller frees), or NULL. */
char *html_render(const struct html_calendar *cal, const struct html_dose *d, size_t n, size_t *len);
/* HTML-escape & < > " ' into a malloc'd string (NULL on failure). */
char *html_escape(const char *s);

/*
 * The one HTML/SVG builder every page uses (calendar, dose chart, console):
 * a growing buffer whose text goes in either as markup the caller wrote
 * (html_puts, html_putf: never caller-supplied strings) or escaped
 * (html_text).  After a failed allocation every call is a no-op and
 * html_finish returns NULL.
 */
struct html_buf {
	char *p;
	size_t len, cap;
	bool failed;
};
void html_putn(struct html_buf *b, const char *s, size_t n);
void html_puts(struct html_buf *b, const char *s);
void html_putf(struct html_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Escaped text; with breaks, a newline becomes "<br>". */
void html_text(struct html_buf *b, const char *s, bool breaks);
/* The document (malloc'd, caller frees; "" when empty), or NULL after a failure; b is emptied. */
char *html_finish(struct html_buf *b, size_t *len);

#endif
