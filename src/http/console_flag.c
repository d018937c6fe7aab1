/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console_flag.c - one flag and its patient's context, and its review
 * (GET and POST /console/flags/ID).
 *
 * The page shows the flag, the patient's renal values, active medications
 * with their ingredients, live regimens each with its dose chart and the
 * patient's other open flags.  Pharmacists and admins get the review form
 * (form id="review": decision radios, note, the session's csrf); the
 * review goes through svc_flag_review like the API's, under the token's
 * label.  A refused review (422, 409) shows the page again with the reason
 * and what was entered.  Viewing it is audited as a read of the patient.
 */
#include "http/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "http/views.h"
#include "service/patient.h"
#include "service/review.h"

static void
flag_facts(struct html_buf *b, const struct store_flag *fl)
{
	html_puts(b, "<dl class=\"facts\">\n<dt>Severity</dt><dd>");
	console_severity(b, fl->severity);
	html_puts(b, "</dd>\n<dt>Rule</dt><dd><code>");
	html_text(b, fl->rule, false);
	html_puts(b, "</code></dd>\n<dt>Summary</dt><dd>");
	html_text(b, fl->summary, false);
	html_puts(b, "</dd>\n<dt>Detail</dt><dd>");
	html_text(b, fl->detail, true);
	html_puts(b, "</dd>\n<dt>Source</dt><dd>");
	html_text(b, fl->source, false);
	html_puts(b, " (knowledge base ");
	html_text(b, fl->kb_version, false);
	html_puts(b, ")</dd>\n<dt>Raised</dt><dd>");
	html_text(b, fl->created_at, false);
	html_puts(b, "</dd>\n<dt>Status</dt><dd>");
	html_text(b, fl->status, false);
	if (fl->reviewed_by[0]) {
		html_puts(b, " by ");
		html_text(b, fl->reviewed_by, false);
		html_puts(b, " at ");
		html_text(b, fl->reviewed_at, false);
		if (fl->review_note[0]) {
			html_puts(b, ": ");
			html_text(b, fl->review_note, true);
		}
	}
	html_puts(b, "</dd>\n</dl>\n");
}

static void
review_form(struct html_buf *b, const struct req *r, const struct store_flag *fl, const char *error,
    const char *decision, const char *note)
{
	static const char *const help[] = {
		"acknowledged: seen, the regimen stands",
		"overridden: the warning does not apply here (a note is required)",
		"resolved: the cause has been dealt with",
	};
	html_puts(b, "<section aria-labelledby=\"review-h\">\n<h2 id=\"review-h\">Review</h2>\n");
	if (error != NULL) {
		html_puts(b, "<p class=\"error\" role=\"alert\" id=\"review-error\">");
		html_text(b, error, false);
		html_puts(b, "</p>\n");
	}
	html_putf(b, "<form id=\"review\" method=\"post\" action=\"/console/flags/%lld\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"", (long long)fl->id);
	html_text(b, r->csrf, false);
	html_puts(b, "\">\n<fieldset>\n<legend>Decision</legend>\n");
	for (size_t i = 0; svc_review_decisions[i] != NULL; i++) {
		const char *d = svc_review_decisions[i];
		bool on = decision != NULL ? strcmp(decision, d) == 0 : i == 0;
		html_putf(b, "<p><input type=\"radio\" name=\"decision\" id=\"decision-%s\" value=\"%s\"%s>"
		    " <label for=\"decision-%s\">%s</label></p>\n", d, d, on ? " checked" : "", d, help[i]);
	}
	html_puts(b, "</fieldset>\n<p><label for=\"note\">Note (why; required for an override)</label><br>\n"
	    "<textarea id=\"note\" name=\"note\" rows=\"4\" cols=\"60\" maxlength=\"1000\">");
	html_text(b, note ? note : "", false);
	html_puts(b, "</textarea></p>\n<p><button type=\"submit\">Record review</button></p>\n</form>\n</section>\n");
}

static void
renal_facts(struct html_buf *b, const struct svc_patient *ps)
{
	html_puts(b, "<h3>Renal function</h3>\n<p>CrCl in force: <strong>");
	console_crcl(b, ps->crcl_dml);
	html_puts(b, "</strong>");
	html_puts(b, ps->patient.dialysis > 0 ? "; on dialysis" : "");
	html_puts(b, ".</p>\n");
	if (ps->nrenal == 0)
		return;
	html_puts(b, "<ul class=\"renal\">\n");
	for (size_t i = 0; i < ps->nrenal; i++) {
		const struct store_renal *rv = &ps->renal[i];
		html_puts(b, "<li>from ");
		html_text(b, rv->effective_date, false);
		html_puts(b, ": ");
		console_crcl(b, rv->crcl_dml);
		html_puts(b, rv->dialysis > 0 ? ", dialysis" : "");
		html_puts(b, "</li>\n");
	}
	html_puts(b, "</ul>\n");
}

static enum MHD_Result
flag_page(struct req *r, unsigned status, const char *error, const char *decision, const char *note)
{
	struct store_flag fl, *others = NULL;
	struct svc_patient ps;
	size_t nothers = 0;
	enum MHD_Result res;
	char title[64];
	int rc;

	memset(&ps, 0, sizeof ps);
	rc = store_flag_get(r->db, r->id[0], &fl);
	if (rc == STORE_NOTFOUND)
		return console_message(r, 404, "No such flag", "There is no flag with this id.");
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	struct store_flag_filter flt = { .status = "open", .patient_id = fl.patient_id, .regimen_id = -1,
		.medication_id = -1 };
	if ((rc = svc_patient_load(view_svc(r), fl.patient_id, SVC_LIVE, &ps)) != STORE_OK ||
	    (rc = store_flag_all(r->db, &flt, &others, &nothers)) != STORE_OK ||
	    (rc = http_audit_read(r, "patient.read", "patient", fl.patient_id)) != STORE_OK) {
		res = http_db_failure(r, rc);
		goto cleanup;
	}
	/* Keep the other flags only. */
	size_t k = 0;
	for (size_t i = 0; i < nothers; i++)
		if (others[i].id != fl.id)
			others[k++] = others[i];
	nothers = k;
	console_sort_flags(others, nothers);

	struct html_buf b = { 0 };
	snprintf(title, sizeof title, "Flag %lld", (long long)fl.id);
	console_begin(&b, r, title);
	flag_facts(&b, &fl);
	/* A refused review (409 too: someone else was first) shows the form again with the reason. */
	if (console_may_review(r) && (strcmp(fl.status, "open") == 0 || error != NULL))
		review_form(&b, r, &fl, error, decision, note);
	else if (error != NULL) {
		html_puts(&b, "<p class=\"error\" role=\"alert\" id=\"review-error\">");
		html_text(&b, error, false);
		html_puts(&b, "</p>\n");
	} else if (!console_may_review(r))
		html_puts(&b, "<p class=\"muted\">Read only: pharmacists and admins review flags.</p>\n");

	html_puts(&b, "<section class=\"context\" aria-labelledby=\"ctx-h\">\n<h2 id=\"ctx-h\">Patient: ");
	html_putf(&b, "<a href=\"/console/patients/%lld\">", (long long)ps.patient.id);
	html_text(&b, ps.patient.display_name, false);
	html_puts(&b, "</a> <span class=\"muted\">(");
	html_text(&b, ps.patient.external_id, false);
	html_puts(&b, ")</span></h2>\n");
	renal_facts(&b, &ps);
	html_puts(&b, "<h3>Active medications</h3>\n");
	console_medications(&b, r, ps.meds, ps.nmeds);
	html_puts(&b, "<h3>Regimens</h3>\n");
	if (ps.nregs == 0)
		html_puts(&b, "<p class=\"empty\">No regimen giving doses.</p>\n");
	for (size_t i = 0; i < ps.nregs; i++)
		console_regimen(&b, r, ps.regs[i]);
	html_puts(&b, "<h3>Other open flags</h3>\n");
	if (nothers == 0)
		html_puts(&b, "<p class=\"empty\">None.</p>\n");
	else
		console_flag_table(&b, r, NULL, others, nothers, NULL);
	html_puts(&b, "</section>\n");
	console_end(&b);
	res = console_send(r, status, &b);
cleanup:
	free(others);
	svc_patient_free(&ps);
	return res;
}

enum MHD_Result
console_flag_page(struct req *r)
{
	return flag_page(r, 200, NULL, NULL, NULL);
}

enum MHD_Result
console_flag_review(struct req *r)
{
	struct store_flag fl;
	const char *field = NULL, *msg = NULL;
	char *decision = console_form(r, "decision"), *note = console_form(r, "note");
	enum MHD_Result res;
	char done[STORE_FLASH_MAX + 1];

	int rc = svc_flag_review(view_svc(r), r->id[0], decision, note, &fl, &field, &msg);
	if (rc == SVC_INVALID)
		res = flag_page(r, 422, msg, decision, note);
	else if (rc == STORE_CONFLICT)
		res = flag_page(r, 409, "This flag has already been reviewed (its review is above); "
		    "nothing was changed.", decision, note);
	else if (rc == STORE_NOTFOUND)
		res = console_message(r, 404, "No such flag", "There is no flag with this id.");
	else if (rc != STORE_OK)
		res = http_db_failure(r, rc);
	else {
		snprintf(done, sizeof done, "Flag %lld (%s) marked %s by %s.", (long long)fl.id, fl.rule,
		    fl.status, fl.reviewed_by);
		if ((rc = console_flash(r, done)) != STORE_OK)
			res = http_db_failure(r, rc);
		else
			res = console_redirect(r, "/console/flags", NULL);
	}
	free(decision);
	free(note);
	return res;
}
