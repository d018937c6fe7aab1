/* SPDX-License-Identifier: Apache-2.0 */
/*
 * chart.h - the dose chart: an inline SVG step chart of a calendar.
 *
 * Pure: a calendar (struct titr_entry, ascending by date) in, SVG markup
 * appended to an html_buf out.  Dose against date as a step line; step-ups
 * marked with a dot, holds dashed and labelled "hold", a taper dash-dotted
 * and labelled "taper", the end of a stopped regimen dropped to zero and
 * labelled "stop", the effective renal cap as a labelled horizontal line;
 * mg and date axes with text labels; a <title> and a <desc> summarising it
 * in words.  No colour carries meaning (black and grey, line styles and
 * words), and no style attribute or element is used, so the chart passes a
 * Content-Security-Policy without 'unsafe-inline' and prints in black and
 * white.  Doses are integer micrograms, formatted without floating point.
 */
#ifndef TITRAD_CHART_H
#define TITRAD_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/html.h"
#include "engine/titration.h"

struct chart_input {
	const char *id;                  /* unique on the page: [A-Za-z0-9-] ("regimen-5") */
	const char *title;               /* "Pramipexole dose chart" (escaped) */
	const struct titr_entry *e;      /* the calendar, ascending by date_day */
	size_t n;
	int32_t max_ug;                  /* the regimen's maximum: the axis reaches it */
	int32_t cap_ug;                  /* the effective renal cap, 0 = none */
	bool stopped;                    /* no dose after the last entry */
};

/* Append <svg class="dose-chart" ...>...</svg> to b. */
void chart_svg(struct html_buf *b, const struct chart_input *in);

#endif
