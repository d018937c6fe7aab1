/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console_flags.c - the open-flag queue (GET /console/flags).
 *
 * Every open flag matching the filters (?severity=, ?rule=, ?patient_id=),
 * critical first, then warning, then info, oldest first within each (then
 * by id), CONSOLE_QUEUE_PAGE to a page (?page=N; every flag is reachable
 * through the page links), with the counts by severity of the flags the
 * other filters match.  The outcome of the last review shows once in an
 * element with role="status".
 */
#include "http/console.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define CONSOLE_QUEUE_PAGE 50

struct filters {
	const char *severity, *rule, *patient;
	int64_t patient_id;
	long page;
};

/* The query string of f with page p, for links (values escaped by the caller's html_text). */
static void
page_link(struct html_buf *b, const struct filters *f, long p, const char *label)
{
	html_putf(b, "<a href=\"/console/flags?page=%ld", p);
	if (f->severity) {
		html_puts(b, "&amp;severity=");
		html_text(b, f->severity, false);
	}
	if (f->rule) {
		/* Rules are [a-z0-9.-] (checked below), so they need no percent-encoding. */
		html_puts(b, "&amp;rule=");
		html_text(b, f->rule, false);
	}
	if (f->patient)
		html_putf(b, "&amp;patient_id=%lld", (long long)f->patient_id);
	html_putf(b, "\">%s</a>", label);
}

static bool
rule_text(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= IA_RULE_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			return false;
	return true;
}

static void
filter_form(struct html_buf *b, const struct filters *f)
{
	static const char *const sev[] = { "critical", "warning", "info" };
	html_puts(b, "<form class=\"filters\" method=\"get\" action=\"/console/flags\">\n"
	    "<label for=\"f-severity\">Severity</label> <select id=\"f-severity\" name=\"severity\">"
	    "<option value=\"\">any</option>");
	for (size_t i = 0; i < ARRAY_LEN(sev); i++)
		html_putf(b, "<option%s>%s</option>", f->severity && strcmp(f->severity, sev[i]) == 0 ?
		    " selected" : "", sev[i]);
	html_puts(b, "</select>\n<label for=\"f-rule\">Rule</label> <input id=\"f-rule\" name=\"rule\" value=\"");
	html_text(b, f->rule ? f->rule : "", false);
	html_puts(b, "\">\n<label for=\"f-patient\">Patient id</label> <input id=\"f-patient\" name=\"patient_id\" "
	    "inputmode=\"numeric\" size=\"8\" value=\"");
	if (f->patient)
		html_putf(b, "%lld", (long long)f->patient_id);
	html_puts(b, "\">\n<button type=\"submit\">Filter</button> <a href=\"/console/flags\">Clear</a>\n</form>\n");
}

enum MHD_Result
console_queue(struct req *r)
{
	struct filters f = { .page = 1 };
	struct store_flag_filter flt = { .status = "open", .patient_id = -1, .regimen_id = -1,
		.medication_id = -1 };
	struct store_flag *rows = NULL;
	const char **names = NULL;
	size_t n = 0, kept = 0;
	int64_t counts[3] = { 0, 0, 0 };
	enum MHD_Result res;
	const char *q;
	int rc;

	if ((q = http_query(r, "severity")) != NULL && q[0] != '\0') {
		if (strcmp(q, "critical") != 0 && strcmp(q, "warning") != 0 && strcmp(q, "info") != 0)
			return console_message(r, 422, "Flag queue", "severity must be critical, warning or info.");
		f.severity = q;
	}
	if ((q = http_query(r, "rule")) != NULL && q[0] != '\0') {
		if (!rule_text(q))
			return console_message(r, 422, "Flag queue", "rule must be a rule name such as rls-aggravator.ssri.");
		f.rule = q;
	}
	if ((q = http_query(r, "patient_id")) != NULL && q[0] != '\0') {
		if (!util_parse_id(q, &f.patient_id))
			return console_message(r, 422, "Flag queue", "patient_id must be a positive integer.");
		f.patient = q;
		flt.patient_id = f.patient_id;
	}
	if ((q = http_query(r, "page")) != NULL && q[0] != '\0') {
		int64_t p;
		if (!util_parse_id(q, &p) || p > 1000000)
			return console_message(r, 422, "Flag queue", "page must be a positive integer.");
		f.page = (long)p;
	}
	if ((rc = store_flag_all(r->db, &flt, &rows, &n)) != STORE_OK)
		return http_db_failure(r, rc);
	/* Counts over the other filters; then the severity filter; in place. */
	for (size_t i = 0; i < n; i++) {
		if (f.rule != NULL && strcmp(rows[i].rule, f.rule) != 0)
			continue;
		counts[console_severity_rank(rows[i].severity)]++;
		if (f.severity != NULL && strcmp(rows[i].severity, f.severity) != 0)
			continue;
		rows[kept++] = rows[i];
	}
	console_sort_flags(rows, kept);
	size_t first = (size_t)(f.page - 1) * CONSOLE_QUEUE_PAGE;
	size_t shown = first < kept ? (kept - first < CONSOLE_QUEUE_PAGE ? kept - first : CONSOLE_QUEUE_PAGE) : 0;
	struct store_patient *pats = calloc(shown ? shown : 1, sizeof *pats);
	names = calloc(shown ? shown : 1, sizeof *names);
	if (pats == NULL || names == NULL) {
		res = http_problem(r, 500, "out of memory", NULL);
		goto cleanup;
	}
	for (size_t i = 0; i < shown; i++) {
		rc = store_patient_get(r->db, rows[first + i].patient_id, &pats[i]);
		if (rc == STORE_OK)
			names[i] = pats[i].display_name;
		else if (rc != STORE_NOTFOUND) {
			res = http_db_failure(r, rc);
			goto cleanup;
		}
	}

	struct html_buf b = { 0 };
	console_begin(&b, r, "Open flags");
	if (r->flash[0]) {
		html_puts(&b, "<p class=\"outcome\" role=\"status\">");
		html_text(&b, r->flash, false);
		html_puts(&b, "</p>\n");
	}
	html_putf(&b, "<ul class=\"counts\" aria-label=\"Open flags by severity\">"
	    "<li class=\"sev-critical\">critical: <strong>%lld</strong></li>"
	    "<li class=\"sev-warning\">warning: <strong>%lld</strong></li>"
	    "<li class=\"sev-info\">info: <strong>%lld</strong></li></ul>\n",
	    (long long)counts[0], (long long)counts[1], (long long)counts[2]);
	filter_form(&b, &f);
	console_flag_table(&b, r, "flag-queue", rows + (shown ? first : 0), shown, names);
	if (kept == 0)
		html_puts(&b, "<p class=\"empty\">No open flags match.</p>\n");
	else
		html_putf(&b, "<p class=\"paging\">Flags %zu-%zu of %zu. ", shown ? first + 1 : 0, first + shown, kept);
	if (kept > 0) {
		if (f.page > 1)
			page_link(&b, &f, f.page - 1, "Previous page");
		if (first + shown < kept) {
			html_puts(&b, " ");
			page_link(&b, &f, f.page + 1, "Next page");
		}
		html_puts(&b, "</p>\n");
	}
	console_end(&b);
	res = console_send(r, 200, &b);
cleanup:
	free(names);
	free(pats);
	free(rows);
	return res;
}
