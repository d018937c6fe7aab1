/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console_patient.c - one patient (GET /console/patients/ID): details,
 * every regimen with its dose chart, every medication, every flag, and the
 * patient's audit trail (CONSOLE_AUDIT_PAGE rows a page, the rest through
 * ?audit_after=).  Viewing it is audited as a read of the patient.
 */
#include "http/console.h"
#include "engine/symptoms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "http/views.h"
#include "service/patient.h"

#define CONSOLE_AUDIT_PAGE 100

static void
patient_facts(struct html_buf *b, const struct svc_patient *ps)
{
	const struct store_patient *p = &ps->patient;
	html_puts(b, "<dl class=\"facts\">\n<dt>External id</dt><dd>");
	html_text(b, p->external_id, false);
	html_puts(b, "</dd>\n<dt>CrCl in force</dt><dd>");
	console_crcl(b, ps->crcl_dml);
	html_puts(b, "</dd>\n<dt>Dialysis</dt><dd>");
	html_puts(b, p->dialysis > 0 ? "yes" : "no");
	html_puts(b, "</dd>\n");
	if (p->age >= 0)
		html_putf(b, "<dt>Age</dt><dd>%lld</dd>\n", (long long)p->age);
	if (p->sex[0]) {
		html_puts(b, "<dt>Sex</dt><dd>");
		html_text(b, p->sex, false);
		html_puts(b, "</dd>\n");
	}
	if (p->ferritin_dng >= 0)
		html_putf(b, "<dt>Ferritin</dt><dd>%lld.%lld ng/mL</dd>\n", (long long)(p->ferritin_dng / 10),
		    (long long)(p->ferritin_dng % 10));
	html_puts(b, "<dt>Recorded</dt><dd>");
	html_text(b, p->created_at, false);
	html_puts(b, "</dd>\n</dl>\n");
}

static void
audit_table(struct html_buf *b, const struct store_audit *a, size_t n)
{
	html_puts(b, "<table class=\"audit\">\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Who</th>"
	    "<th scope=\"col\">Role</th><th scope=\"col\">Action</th><th scope=\"col\">Detail</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_puts(b, "<tr><td>");
		html_text(b, a[i].at, false);
		html_puts(b, "</td><td>");
		html_text(b, a[i].actor, false);
		html_puts(b, "</td><td>");
		html_text(b, a[i].role, false);
		html_puts(b, "</td><td>");
		html_text(b, a[i].action, false);
		html_puts(b, "</td><td>");
		html_text(b, a[i].detail, false);
		html_puts(b, "</td></tr>\n");
	}
	html_puts(b, "</tbody>\n</table>\n");
}

/* The names of the bits set in a check-in's set, comma-separated. */
static void
bit_names(struct html_buf *b, int64_t bits, const char *const *names, size_t n)
{
	bool any = false;
	for (size_t k = 0; k < n; k++) {
		if (!(bits & ((int64_t)1 << k)))
			continue;
		html_puts(b, any ? ", " : "");
		html_text(b, names[k], false);
		any = true;
	}
	if (!any)
		html_puts(b, "-");
}

/* Every regimen's check-ins, nights ascending (store_checkin_all: no cap). */
static int
checkin_tables(struct html_buf *b, struct req *r, const struct svc_patient *ps)
{
	size_t shown = 0;
	html_puts(b, "<h2>Check-ins</h2>\n");
	for (size_t i = 0; i < ps->nregs; i++) {
		struct store_checkin *c = NULL;
		size_t n = 0;
		int rc = store_checkin_all(r->db, ps->regs[i]->row.id, &c, &n);
		if (rc != STORE_OK)
			return rc;
		if (n > 0) {
			html_putf(b, "<table class=\"checkins\" id=\"checkins-%lld\">\n<caption>", (long long)ps->regs[i]->row.id);
			html_text(b, ps->regs[i]->row.drug, false);
			html_putf(b, " (regimen %lld)</caption>\n<thead><tr><th scope=\"col\">Night</th>"
			    "<th scope=\"col\">Severity (0-10)</th><th scope=\"col\">Onset</th>"
			    "<th scope=\"col\">Body parts</th><th scope=\"col\">Side effects</th>"
			    "<th scope=\"col\">IRLS</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n",
			    (long long)ps->regs[i]->row.id);
		}
		for (size_t k = 0; k < n; k++) {
			html_puts(b, "<tr><td>");
			html_text(b, c[k].night, false);
			html_putf(b, "</td><td>%lld</td><td>", (long long)c[k].severity);
			html_text(b, c[k].onset[0] ? c[k].onset : "-", false);
			html_puts(b, "</td><td>");
			bit_names(b, c[k].body_parts, ck_body_part_names, ck_nbody_parts);
			html_puts(b, "</td><td>");
			bit_names(b, c[k].side_effects, ck_side_effect_names, ck_nside_effects);
			if (c[k].irls >= 0)
				html_putf(b, "</td><td>%lld</td><td>", (long long)c[k].irls);
			else
				html_puts(b, "</td><td>-</td><td>");
			html_text(b, c[k].note, true);
			html_puts(b, "</td></tr>\n");
		}
		if (n > 0)
			html_puts(b, "</tbody>\n</table>\n");
		shown += n;
		free(c);
	}
	if (shown == 0)
		html_puts(b, "<p class=\"empty\">No check-ins recorded.</p>\n");
	return STORE_OK;
}

enum MHD_Result
console_patient_page(struct req *r)
{
	struct svc_patient ps;
	struct store_flag *flags = NULL;
	struct store_audit *audit = NULL;
	size_t nflags = 0, naudit = 0;
	int64_t after = 0;
	enum MHD_Result res;
	const char *q;
	int rc;

	memset(&ps, 0, sizeof ps);
	if ((q = http_query(r, "audit_after")) != NULL && !util_parse_id(q, &after))
		return console_message(r, 422, "Patient", "audit_after must be a positive integer.");
	rc = svc_patient_load(view_svc(r), r->id[0], SVC_ALL, &ps);
	if (rc == STORE_NOTFOUND) {
		svc_patient_free(&ps);
		return console_message(r, 404, "No such patient", "There is no patient with this id.");
	}
	struct store_flag_filter flt = { .patient_id = r->id[0], .regimen_id = -1, .medication_id = -1 };
	if (rc != STORE_OK || (rc = store_flag_all(r->db, &flt, &flags, &nflags)) != STORE_OK ||
	    (rc = http_audit_read(r, "patient.read", "patient", ps.patient.id)) != STORE_OK) {
		res = http_db_failure(r, rc);
		goto cleanup;
	}
	console_sort_flags(flags, nflags);
	if ((audit = calloc(CONSOLE_AUDIT_PAGE, sizeof *audit)) == NULL) {
		res = http_problem(r, 500, "out of memory", NULL);
		goto cleanup;
	}
	if ((rc = store_audit_list(r->db, "patient", ps.patient.id, after, CONSOLE_AUDIT_PAGE, audit,
	    &naudit)) != STORE_OK) {
		res = http_db_failure(r, rc);
		goto cleanup;
	}

	struct html_buf b = { 0 };
	console_begin(&b, r, ps.patient.display_name);
	patient_facts(&b, &ps);
	html_puts(&b, "<h2>Regimens</h2>\n");
	if (ps.nregs == 0)
		html_puts(&b, "<p class=\"empty\">No regimens.</p>\n");
	for (size_t i = 0; i < ps.nregs; i++)
		console_regimen(&b, r, ps.regs[i]);
	html_puts(&b, "<h2>Medications</h2>\n");
	console_medications(&b, r, ps.meds, ps.nmeds);
	html_puts(&b, "<h2>Flags</h2>\n");
	if (nflags == 0)
		html_puts(&b, "<p class=\"empty\">No flags.</p>\n");
	else
		console_flag_table(&b, r, "patient-flags", flags, nflags, NULL);
	if ((rc = checkin_tables(&b, r, &ps)) != STORE_OK) {
		free(b.p);
		res = http_db_failure(r, rc);
		goto cleanup;
	}
	html_puts(&b, "<h2>Audit trail</h2>\n");
	if (naudit == 0)
		html_puts(&b, "<p class=\"empty\">No entries.</p>\n");
	else
		audit_table(&b, audit, naudit);
	if (naudit == CONSOLE_AUDIT_PAGE)
		html_putf(&b, "<p><a href=\"/console/patients/%lld?audit_after=%lld\">Later entries</a></p>\n",
		    (long long)ps.patient.id, (long long)audit[naudit - 1].id);
	console_end(&b);
	res = console_send(r, 200, &b);
cleanup:
	free(audit);
	free(flags);
	svc_patient_free(&ps);
	return res;
}
