/* SPDX-License-Identifier: Apache-2.0 */
/*
 * chart.c - the dose chart (see chart.h).
 *
 * Coordinates are integer pixels in a fixed viewBox the page scales; a
 * day is a column, so a dose holds from its date to the next.  Runs of
 * consecutive doses of one kind (titrating/maintenance, held, taper) are
 * drawn as one path each, so a line style changes exactly where the kind
 * does.
 */
#include "engine/chart.h"

#include <string.h>

#include "engine/datetime.h"

#define W 720
#define H 270
#define LEFT 70
#define RIGHT 110   /* room for the cap's label */
#define TOP 20
#define BOTTOM 46
#define PW (W - LEFT - RIGHT)
#define PH (H - TOP - BOTTOM)
#define XTICKS 6
#define YTICKS 4
#define LABELLED_STEPS 8   /* more step-ups than this: only the axis gives their doses */

enum run_kind { RUN_DOSE, RUN_HELD, RUN_TAPER };

struct frame {
	int32_t d0, span, ymax;
};

static int
x_of(const struct frame *f, int32_t day)
{
	return LEFT + (int)((int64_t)(day - f->d0) * PW / f->span);
}

static int
y_of(const struct frame *f, int32_t ug)
{
	return TOP + PH - (int)((int64_t)ug * PH / f->ymax);
}

static enum run_kind
kind_of(const struct titr_entry *e)
{
	if (e->held)
		return RUN_HELD;
	return e->phase == TITR_PHASE_TAPER ? RUN_TAPER : RUN_DOSE;
}

static void
mg(int32_t ug, char out[32])
{
	titr_mg_text(ug, out, 32);
}

/* The axis top: a round step (in mg) times YTICKS, reaching max, cap and every dose. */
static int32_t
axis_top(const struct chart_input *in)
{
	static const int32_t steps[] = { 125, 250, 500, 750, 1000, 1500, 2000, 2500, 5000, 7500, 10000,
		25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, 10000000, 25000000 };
	int32_t top = in->max_ug > in->cap_ug ? in->max_ug : in->cap_ug;
	for (size_t i = 0; i < in->n; i++)
		if (in->e[i].dose_ug > top)
			top = in->e[i].dose_ug;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if ((int64_t)steps[i] * YTICKS >= top)
			return steps[i] * YTICKS;
	/* Beyond any dose: the axis ends at the top itself. */
	return top;
}

static void
axes(struct html_buf *b, const struct frame *f)
{
	char t[32], d[DT_DATE_LEN];
	html_putf(b, "<g class=\"axes\" stroke=\"#000\" stroke-width=\"1\">"
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n",
	    LEFT, TOP, LEFT, TOP + PH, LEFT, TOP + PH, LEFT + PW, TOP + PH);
	html_puts(b, "<g class=\"y-axis\" font-size=\"11\" text-anchor=\"end\" fill=\"#000\">");
	for (int i = 0; i <= YTICKS; i++) {
		int32_t ug = f->ymax / YTICKS * i;
		int y = y_of(f, ug);
		mg(ug, t);
		html_putf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\"/>"
		    "<text x=\"%d\" y=\"%d\">%s</text>", LEFT, y, LEFT + PW, y, LEFT - 6, y + 4, t);
	}
	html_putf(b, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">"
	    "dose (mg)</text></g>\n", TOP + PH / 2, TOP + PH / 2);
	html_puts(b, "<g class=\"x-axis\" font-size=\"11\" text-anchor=\"middle\" fill=\"#000\">");
	int ticks = f->span < XTICKS ? f->span : XTICKS;
	for (int i = 0; i <= ticks; i++) {
		int32_t day = f->d0 + (int32_t)((int64_t)f->span * i / ticks);
		int x = x_of(f, day);
		dt_format_date(day, d);
		html_putf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
		    "<text x=\"%d\" y=\"%d\">%s</text>", x, TOP + PH, x, TOP + PH + 5, x, TOP + PH + 18, d);
	}
	html_putf(b, "<text x=\"%d\" y=\"%d\">date of the dose</text></g>\n", LEFT + PW / 2, H - 8);
}

/* One path per run of doses of one kind; consecutive days join with a vertical. */
static void
dose_runs(struct html_buf *b, const struct frame *f, const struct chart_input *in)
{
	static const char *const style[] = {
		[RUN_DOSE] = "class=\"dose\" stroke=\"#000\" stroke-width=\"2.5\"",
		[RUN_HELD] = "class=\"held\" stroke=\"#000\" stroke-width=\"2.5\" stroke-dasharray=\"3 3\"",
		[RUN_TAPER] = "class=\"taper\" stroke=\"#555\" stroke-width=\"2.5\" stroke-dasharray=\"9 3 2 3\"",
	};
	static const char *const word[] = { [RUN_DOSE] = NULL, [RUN_HELD] = "hold", [RUN_TAPER] = "taper" };
	size_t i = 0;
	while (i < in->n) {
		enum run_kind k = kind_of(&in->e[i]);
		size_t j = i;
		html_putf(b, "<path %s fill=\"none\" d=\"M%d %d", style[k], x_of(f, in->e[i].date_day),
		    y_of(f, in->e[i].dose_ug));
		for (; j < in->n && kind_of(&in->e[j]) == k; j++) {
			const struct titr_entry *e = &in->e[j];
			if (j > i && e->date_day != in->e[j - 1].date_day + 1)
				html_putf(b, " M%d %d", x_of(f, e->date_day), y_of(f, e->dose_ug));
			html_putf(b, " V%d H%d", y_of(f, e->dose_ug), x_of(f, e->date_day + 1));
		}
		html_puts(b, "\"/>\n");
		if (word[k] != NULL)
			html_putf(b, "<text class=\"label\" x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#000\">%s</text>\n",
			    x_of(f, in->e[i].date_day) + 2, y_of(f, in->e[i].dose_ug) - 6, word[k]);
		i = j;
	}
}

static void
step_marks(struct html_buf *b, const struct frame *f, const struct chart_input *in, size_t nsteps)
{
	char t[32];
	html_puts(b, "<g class=\"step-ups\" fill=\"#000\" font-size=\"10\" text-anchor=\"middle\">");
	for (size_t i = 0; i < in->n; i++) {
		const struct titr_entry *e = &in->e[i];
		if (!e->step_up)
			continue;
		int x = x_of(f, e->date_day), y = y_of(f, e->dose_ug);
		html_putf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\"/>", x, y);
		if (nsteps <= LABELLED_STEPS) {
			mg(e->dose_ug, t);
			html_putf(b, "<text x=\"%d\" y=\"%d\">%s</text>", x, y - 7, t);
		}
	}
	html_puts(b, "</g>\n");
}

static void
describe(struct html_buf *b, const struct chart_input *in, size_t nsteps, size_t nheld, size_t ntaper)
{
	char a[DT_DATE_LEN], z[DT_DATE_LEN], lo[32], hi[32], cap[32];
	int32_t top = 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->e[i].dose_ug > top)
			top = in->e[i].dose_ug;
	dt_format_date(in->e[0].date_day, a);
	dt_format_date(in->e[in->n - 1].date_day, z);
	mg(in->e[0].dose_ug, lo);
	mg(top, hi);
	html_putf(b, "<desc>Doses from %s to %s: first %s, highest %s; %zu step-up%s, %zu held night%s, "
	    "%zu taper night%s", a, z, lo, hi, nsteps, nsteps == 1 ? "" : "s", nheld, nheld == 1 ? "" : "s",
	    ntaper, ntaper == 1 ? "" : "s");
	if (in->cap_ug > 0) {
		mg(in->cap_ug, cap);
		html_putf(b, "; renal cap %s", cap);
	}
	html_puts(b, in->stopped ? "; stopped after the last dose.</desc>\n" : ".</desc>\n");
}

void
chart_svg(struct html_buf *b, const struct chart_input *in)
{
	size_t nsteps = 0, nheld = 0, ntaper = 0;
	char t[32];
	const char *id = in->id != NULL ? in->id : "chart";

	html_putf(b, "<svg class=\"dose-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-labelledby=\"", W, H);
	html_text(b, id, false);
	html_puts(b, "-title\" font-family=\"sans-serif\">\n<title id=\"");
	html_text(b, id, false);
	html_puts(b, "-title\">");
	html_text(b, in->title, false);
	html_puts(b, "</title>\n");
	if (in->n == 0 || in->e == NULL) {
		html_puts(b, "<desc>No doses in this range.</desc>\n");
		html_putf(b, "<rect x=\"1\" y=\"1\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#000\"/>"
		    "<text class=\"empty\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" fill=\"#000\">"
		    "No doses in this range</text>\n</svg>\n", W - 2, H - 2, W / 2, H / 2);
		return;
	}
	for (size_t i = 0; i < in->n; i++) {
		nsteps += in->e[i].step_up;
		nheld += in->e[i].held;
		ntaper += in->e[i].phase == TITR_PHASE_TAPER;
	}
	describe(b, in, nsteps, nheld, ntaper);

	struct frame f = { .d0 = in->e[0].date_day, .ymax = axis_top(in) };
	int32_t end = in->e[in->n - 1].date_day + 1 + (in->stopped ? 1 : 0);
	f.span = end - f.d0 > 0 ? end - f.d0 : 1;
	axes(b, &f);
	if (in->cap_ug > 0) {
		int y = y_of(&f, in->cap_ug);
		mg(in->cap_ug, t);
		html_putf(b, "<g class=\"cap\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" "
		    "stroke-width=\"1.5\" stroke-dasharray=\"12 4\"/><text x=\"%d\" y=\"%d\" font-size=\"11\" "
		    "fill=\"#000\">renal cap %s</text></g>\n", LEFT, y, LEFT + PW, y, LEFT + PW + 4, y + 4, t);
	}
	dose_runs(b, &f, in);
	step_marks(b, &f, in, nsteps);
	if (in->stopped) {
		const struct titr_entry *last = &in->e[in->n - 1];
		int x = x_of(&f, last->date_day + 1);
		html_putf(b, "<g class=\"stop\"><path d=\"M%d %d V%d\" stroke=\"#000\" stroke-width=\"2.5\" "
		    "fill=\"none\"/><text x=\"%d\" y=\"%d\" font-size=\"11\" font-weight=\"bold\" fill=\"#000\">"
		    "stop</text></g>\n", x, y_of(&f, last->dose_ug), TOP + PH, x + 3, TOP + PH - 6);
	}
	html_puts(b, "</svg>\n");
}
