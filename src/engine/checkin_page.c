/* SPDX-License-Identifier: Apache-2.0 */
/* checkin_page.c - the check-in form page (see checkin_page.h). */
#include "engine/checkin_page.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "engine/html.h"
#include "engine/symptoms.h"

/* The page under construction; once out of memory, every later write is a no-op. */
struct pg {
	char *p;
	size_t len, cap;
	bool oom;
};

static void __attribute__((format(printf, 2, 3)))
pg_printf(struct pg *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !util_grow((void **)&b->p, &b->cap, b->len + (size_t)n + 1, 1, 4096)) {
		b->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* before, s escaped, after. */
static void
pg_text(struct pg *b, const char *before, const char *s, const char *after)
{
	char *e = html_escape(s != NULL ? s : "");
	if (e == NULL) {
		b->oom = true;
		return;
	}
	pg_printf(b, "%s%s%s", before, e, after);
	free(e);
}

/* What the patient reads for each API word (engine/symptoms.h order). */
static const char *const BODY_WORDS[] = { "Legs", "Arms", "Trunk (chest, back, belly)", "Somewhere else" };
static const char *const EFFECT_WORDS[] = {
	"Nausea (feeling sick)", "Dizziness", "Sleepy during the day",
	"Fell asleep suddenly during the day (while talking, eating, driving...)",
	"Urges that were hard to control (gambling, shopping, eating, sex)",
	"Swelling of the legs or feet", "Something else",
};

static const char STYLE[] =
	"body{font:1.05rem/1.5 system-ui,sans-serif;margin:0;color:#111;background:#fff}"
	"main{max-width:36rem;margin:0 auto;padding:1rem}"
	"h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}"
	"label,legend{display:block;font-weight:600;margin-top:1rem}"
	"fieldset{border:1px solid #888;border-radius:.4rem;margin-top:1rem;padding:.5rem .8rem}"
	"fieldset label{font-weight:400;display:flex;align-items:center;gap:.5rem;margin:.4rem 0}"
	".scale{display:flex;flex-wrap:wrap;gap:.3rem}.scale label{margin:0;padding:.3rem .5rem;"
	"border:1px solid #888;border-radius:.3rem;min-width:2.2rem;justify-content:center}"
	"input[type=date],input[type=time],input[type=number],textarea{font:inherit;padding:.5rem;"
	"width:100%;box-sizing:border-box;border:1px solid #666;border-radius:.3rem}"
	"input[type=checkbox],input[type=radio]{width:1.4rem;height:1.4rem;flex:none}"
	"button{font:inherit;font-weight:700;margin-top:1.5rem;padding:.8rem 1.5rem;width:100%;"
	"border:0;border-radius:.4rem;background:#1a4d8f;color:#fff}"
	".status{border:2px solid #1b6e2d;background:#e8f5eb;padding:.8rem;border-radius:.4rem}"
	".errors{border:2px solid #a11;background:#fdecec;padding:.8rem;border-radius:.4rem}"
	".hint{font-weight:400;color:#333;font-size:.95rem}"
	"table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.4rem;"
	"text-align:left;vertical-align:top}";

static const char *
error_of(const struct ckpage *p, const char *field)
{
	for (size_t i = 0; i < p->nerrors; i++)
		if (strcmp(p->errors[i].field, field) == 0)
			return p->errors[i].message;
	return NULL;
}

/* A field's error under its label (linked from the summary by id). */
static void
field_error(struct pg *b, const struct ckpage *p, const char *field)
{
	const char *e = error_of(p, field);
	if (e != NULL) {
		pg_text(b, "<p class=\"errors\" id=\"err-", field, "\">");
		pg_text(b, "", e, "</p>\n");
	}
}

static void
checkboxes(struct pg *b, const char *name, const char *const *names, const char *const *words, size_t n,
    unsigned bits)
{
	for (size_t i = 0; i < n; i++)
		pg_printf(b, "<label><input type=\"checkbox\" name=\"%s\" value=\"%s\"%s> %s</label>\n", name,
		    names[i], (bits & (1u << i)) ? " checked" : "", words[i]);
}

static void
words_of(struct pg *b, const char *const *words, size_t n, unsigned bits)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		if (bits & (1u << i)) {
			pg_printf(b, "%s%s", any ? ", " : "", words[i]);
			any = true;
		}
	if (!any)
		pg_printf(b, "-");
}

char *
ckpage_render(const struct ckpage *p, size_t *len)
{
	struct pg b = { 0 };

	pg_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	pg_text(&b, "<title>How was your night? - ", p->drug, "</title>\n");
	pg_printf(&b, "<style>%s</style>\n</head>\n<body>\n<main>\n<h1>How was your night?</h1>\n", STYLE);
	pg_text(&b, "<p>Your check-in for <strong>", p->drug, "</strong> tells your clinic how the treatment "
	    "works. The dose is never raised because of it: your clinic decides.</p>\n");
	if (p->status != NULL)
		pg_text(&b, "<p class=\"status\" role=\"status\">", p->status, "</p>\n");
	if (p->nerrors > 0) {
		pg_printf(&b, "<div class=\"errors\" role=\"alert\" id=\"errors\">\n"
		    "<p><strong>Your check-in was not saved. Please check:</strong></p>\n<ul>\n");
		for (size_t i = 0; i < p->nerrors; i++) {
			if (p->errors[i].field[0])
				pg_text(&b, "<li><a href=\"#f-", p->errors[i].field, "\">");
			else
				pg_printf(&b, "<li>");
			pg_text(&b, "", p->errors[i].message, "");
			pg_printf(&b, "%s</li>\n", p->errors[i].field[0] ? "</a>" : "");
		}
		pg_printf(&b, "</ul>\n</div>\n");
	}
	pg_text(&b, "<form method=\"post\" action=\"", p->action, "\">\n");

	pg_printf(&b, "<label for=\"f-night\">Night <span class=\"hint\">(the date of the evening)</span></label>\n");
	field_error(&b, p, "night");
	pg_text(&b, "<input type=\"date\" id=\"f-night\" name=\"night\" required value=\"", p->night, "\"");
	pg_text(&b, " min=\"", p->night_min, "\"");
	pg_text(&b, " max=\"", p->night_max, "\">\n");

	pg_printf(&b, "<fieldset id=\"f-severity\">\n<legend>How much did RLS symptoms bother you? "
	    "<span class=\"hint\">(0 not at all, 10 the worst)</span></legend>\n");
	field_error(&b, p, "severity");
	pg_printf(&b, "<div class=\"scale\">\n");
	for (int s = 0; s <= CK_SEVERITY_MAX; s++)
		pg_printf(&b, "<label><input type=\"radio\" name=\"severity\" value=\"%d\"%s%s> %d</label>\n", s,
		    s == p->severity ? " checked" : "", s == 0 ? " required" : "", s);
	pg_printf(&b, "</div>\n</fieldset>\n");

	pg_printf(&b, "<label for=\"f-onset\">When did the symptoms start? "
	    "<span class=\"hint\">(leave empty if you had none)</span></label>\n");
	field_error(&b, p, "onset");
	pg_text(&b, "<input type=\"time\" id=\"f-onset\" name=\"onset\" value=\"", p->onset, "\">\n");

	pg_printf(&b, "<fieldset id=\"f-body_parts\">\n<legend>Where did you feel them?</legend>\n");
	field_error(&b, p, "body_parts");
	checkboxes(&b, "body_parts", ck_body_part_names, BODY_WORDS, ck_nbody_parts, p->body_parts);
	pg_printf(&b, "</fieldset>\n");

	pg_printf(&b, "<fieldset id=\"f-side_effects\">\n<legend>Did you notice any of these?</legend>\n");
	field_error(&b, p, "side_effects");
	checkboxes(&b, "side_effects", ck_side_effect_names, EFFECT_WORDS, ck_nside_effects, p->side_effects);
	pg_printf(&b, "</fieldset>\n");

	pg_printf(&b, "<label for=\"f-irls\">IRLS total score <span class=\"hint\">(0 to 40, only if your "
	    "clinic asked you to fill in the questionnaire)</span></label>\n");
	field_error(&b, p, "irls");
	pg_text(&b, "<input type=\"number\" id=\"f-irls\" name=\"irls\" min=\"0\" max=\"40\" step=\"1\" "
	    "inputmode=\"numeric\" value=\"", p->irls, "\">\n");

	pg_printf(&b, "<label for=\"f-note\">Anything else your clinic should know?</label>\n");
	field_error(&b, p, "note");
	pg_text(&b, "<textarea id=\"f-note\" name=\"note\" rows=\"3\" maxlength=\"1000\">", p->note, "</textarea>\n");
	pg_printf(&b, "<button type=\"submit\">Save my check-in</button>\n</form>\n");

	pg_printf(&b, "<h2>Your last check-ins</h2>\n");
	if (p->nrecent == 0) {
		pg_printf(&b, "<p>None yet.</p>\n");
	} else {
		pg_printf(&b, "<table id=\"recent\">\n<thead><tr><th scope=\"col\">Night</th><th scope=\"col\">"
		    "Symptoms (0-10)</th><th scope=\"col\">Started</th><th scope=\"col\">Where</th>"
		    "<th scope=\"col\">Side effects</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < p->nrecent; i++) {
			const struct ckpage_row *r = &p->recent[i];
			pg_text(&b, "<tr><td>", r->night, "</td>");
			pg_printf(&b, "<td>%d</td>", r->severity);
			pg_text(&b, "<td>", r->onset[0] ? r->onset : "-", "</td><td>");
			words_of(&b, BODY_WORDS, ck_nbody_parts, r->body_parts);
			pg_printf(&b, "</td><td>");
			words_of(&b, EFFECT_WORDS, ck_nside_effects, r->side_effects);
			pg_printf(&b, "</td></tr>\n");
		}
		pg_printf(&b, "</tbody>\n</table>\n");
	}
	pg_printf(&b, "<p class=\"hint\">If you feel very unwell, or fell asleep suddenly while driving, call "
	    "your clinic now: do not wait for them to read this.</p>\n</main>\n</body>\n</html>\n");
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}
