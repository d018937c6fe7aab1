/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console.c - the console's shared frame, answers and views (see
 * console.h).  Every string that came from a user or the store is written
 * with html_text; markup written here is fixed text and numbers.
 */
#include "http/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "http/views.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..n) (+ is a space, %XX a byte) into a new string; NULL on a NUL byte or bad UTF-8. */
static char *
form_decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *w = out;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*w++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*w++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*w++ = s[i];
		}
	}
	*w = '\0';
	size_t len = (size_t)(w - out);
	if (strlen(out) != len || (len > 0 && !util_utf8_text(out, len, true))) {
		free(out);
		return NULL;
	}
	return out;
}

char *
console_form(const struct req *r, const char *name)
{
	size_t nl = strlen(name);
	const char *p = r->body, *end = r->body ? r->body + r->body_len : NULL;
	while (p != NULL && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		if (eq != NULL && (size_t)(eq - p) == nl && memcmp(p, name, nl) == 0)
			return form_decode(eq + 1, (size_t)(stop - eq - 1));
		p = amp ? amp + 1 : end;
	}
	return NULL;
}

void
console_begin(struct html_buf *b, const struct req *r, const char *title)
{
	html_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(b, title, false);
	html_puts(b, " - titrad console</title>\n<link rel=\"stylesheet\" href=\"/console/style.css\">\n"
	    "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n"
	    "<span class=\"brand\">titrad console</span>\n");
	if (r->session_id > 0) {
		html_puts(b, "<nav aria-label=\"Console\"><a href=\"/console/flags\">Flag queue</a></nav>\n"
		    "<span class=\"who\">Signed in as <strong>");
		html_text(b, r->actor, false);
		html_puts(b, "</strong> (");
		html_puts(b, role_name(r->role));
		html_puts(b, r->role == ROLE_CLINIC ? ", read only)" : ")");
		html_puts(b, "</span>\n<form class=\"logout\" method=\"post\" action=\"/console/logout\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"");
		html_text(b, r->csrf, false);
		html_puts(b, "\"><button type=\"submit\">Log out</button></form>\n");
	}
	html_puts(b, "</header>\n<main id=\"main\">\n<h1>");
	html_text(b, title, false);
	html_puts(b, "</h1>\n");
}

void
console_end(struct html_buf *b)
{
	html_puts(b, "</main>\n</body>\n</html>\n");
}

enum MHD_Result
console_send(struct req *r, unsigned status, struct html_buf *b)
{
	size_t len;
	char *body = html_finish(b, &len);
	if (body == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	return http_body(r, status, "text/html; charset=utf-8", body, len, NULL);
}

enum MHD_Result
console_redirect(struct req *r, const char *location, const char *cookie)
{
	const char *h[] = { "Location", location, cookie ? "Set-Cookie" : NULL, cookie, NULL };
	return http_empty(r, 303, h);
}

enum MHD_Result
console_message(struct req *r, unsigned status, const char *title, const char *msg)
{
	struct html_buf b = { 0 };
	console_begin(&b, r, title);
	html_puts(&b, "<p class=\"error\" role=\"alert\">");
	html_text(&b, msg, false);
	html_puts(&b, "</p>\n");
	console_end(&b);
	return console_send(r, status, &b);
}

bool
console_may_review(const struct req *r)
{
	return r->role == ROLE_PHARMACIST || r->role == ROLE_ADMIN;
}

void
console_severity(struct html_buf *b, const char *severity)
{
	/* The class only repeats the word: severity reads the same in print and to a screen reader. */
	const char *known = strcmp(severity, "critical") == 0 || strcmp(severity, "warning") == 0 ||
	    strcmp(severity, "info") == 0 ? severity : "unknown";
	html_putf(b, "<span class=\"sev sev-%s\">", known);
	if (strcmp(known, "critical") == 0)
		html_puts(b, "<span aria-hidden=\"true\">!! </span>");
	else if (strcmp(known, "warning") == 0)
		html_puts(b, "<span aria-hidden=\"true\">! </span>");
	html_text(b, severity, false);
	html_puts(b, "</span>");
}

int
console_severity_rank(const char *severity)
{
	if (strcmp(severity, "critical") == 0)
		return 0;
	return strcmp(severity, "warning") == 0 ? 1 : 2;
}

static int
cmp_flag(const void *a, const void *b)
{
	const struct store_flag *x = a, *y = b;
	int d = console_severity_rank(x->severity) - console_severity_rank(y->severity);
	if (d != 0)
		return d;
	if ((d = strcmp(x->created_at, y->created_at)) != 0)
		return d;
	return x->id < y->id ? -1 : (x->id > y->id);
}

void
console_sort_flags(struct store_flag *fl, size_t n)
{
	if (n > 1)
		qsort(fl, n, sizeof *fl, cmp_flag);
}

void
console_age(struct html_buf *b, const struct req *r, const char *stamp)
{
	time_t t;
	if (!dt_parse_stamp(stamp, &t)) {
		html_text(b, stamp, false);
		return;
	}
	long long s = (long long)(r->now - t);
	html_puts(b, "<time datetime=\"");
	html_text(b, stamp, false);
	html_puts(b, "\">");
	if (s < 3600)
		html_putf(b, "%lld min", s < 0 ? 0 : s / 60);
	else if (s < 2 * 86400)
		html_putf(b, "%lld h", s / 3600);
	else
		html_putf(b, "%lld d", s / 86400);
	html_puts(b, "</time>");
}

void
console_regimen(struct html_buf *b, const struct req *r, const struct svc_regimen *ar)
{
	char id[32], a[32], z[32], mx[32];
	int32_t from, to, cap, interval;
	snprintf(id, sizeof id, "regimen-%lld", (long long)ar->row.id);
	titr_default_range(&ar->tr, &from, &to);
	titr_limits_on(&ar->tr, r->today, &cap, &interval);
	titr_mg_text(ar->tr.start_ug, a, sizeof a);
	titr_mg_text(ar->tr.step_ug, z, sizeof z);
	titr_mg_text(cap, mx, sizeof mx);
	html_putf(b, "<section class=\"regimen\" id=\"%s\">\n<h3>", id);
	html_text(b, ar->row.drug, false);
	html_putf(b, " (regimen %lld) <span class=\"status\">", (long long)ar->row.id);
	html_text(b, svc_regimen_status(ar, r->today), false);
	html_puts(b, "</span></h3>\n<p>Started ");
	html_text(b, ar->row.start_date, false);
	html_putf(b, ": %s, up %s every %d nights, maximum in force today %s.</p>\n", a, z, (int)interval, mx);
	if (!view_dose_chart(b, ar, r->today, from, to, id))
		b->failed = true;
	html_puts(b, "</section>\n");
}

static void
console_medication(struct html_buf *b, const struct req *r, const struct store_med *m)
{
	html_puts(b, "<li>");
	html_text(b, m->name, false);
	html_puts(b, " <span class=\"muted\">(");
	if (m->ningredients == 0)
		html_puts(b, "not recognised: not checked");
	for (size_t i = 0; i < m->ningredients; i++) {
		const struct fm_ingredient *ing = fm_by_id(r->app->ref.fm, m->ingredient[i]);
		if (i > 0)
			html_puts(b, ", ");
		html_text(b, ing ? ing->name : "?", false);
		if (ing && ing->atc[0]) {
			html_puts(b, " ");
			html_text(b, ing->atc, false);
		}
	}
	html_puts(b, "; started ");
	html_text(b, m->started, false);
	if (m->stopped[0]) {
		html_puts(b, ", stopped ");
		html_text(b, m->stopped, false);
	}
	html_puts(b, ")</span></li>\n");
}

void
console_medications(struct html_buf *b, const struct req *r, const struct store_med *m, size_t n)
{
	if (n == 0) {
		html_puts(b, "<p class=\"empty\">None recorded.</p>\n");
		return;
	}
	html_puts(b, "<ul class=\"meds\">\n");
	for (size_t i = 0; i < n; i++)
		console_medication(b, r, &m[i]);
	html_puts(b, "</ul>\n");
}

void
console_crcl(struct html_buf *b, int64_t crcl_dml)
{
	if (crcl_dml < 0)
		html_puts(b, "not known");
	else
		html_putf(b, "%lld.%lld mL/min", (long long)(crcl_dml / 10), (long long)(crcl_dml % 10));
}

void
console_flag_table(struct html_buf *b, const struct req *r, const char *id,
    const struct store_flag *fl, size_t n, const char *const *names)
{
	html_puts(b, "<table class=\"flags\"");
	if (id != NULL)
		html_putf(b, " id=\"%s\"", id);
	html_puts(b, ">\n<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th>"
	    "<th scope=\"col\">Patient</th><th scope=\"col\">Summary</th><th scope=\"col\">Status</th>"
	    "<th scope=\"col\">Age</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct store_flag *f = &fl[i];
		html_putf(b, "<tr data-flag-id=\"%lld\" class=\"sev-row-", (long long)f->id);
		html_text(b, f->severity, false);
		html_puts(b, "\"><td>");
		console_severity(b, f->severity);
		html_puts(b, "</td><td><code>");
		html_text(b, f->rule, false);
		html_putf(b, "</code></td><td><a href=\"/console/patients/%lld\">", (long long)f->patient_id);
		if (names != NULL && names[i] != NULL)
			html_text(b, names[i], false);
		else
			html_putf(b, "patient %lld", (long long)f->patient_id);
		html_putf(b, "</a></td><td><a href=\"/console/flags/%lld\">", (long long)f->id);
		html_text(b, f->summary, false);
		html_puts(b, "</a></td><td>");
		html_text(b, f->status, false);
		html_puts(b, "</td><td>");
		console_age(b, r, f->created_at);
		html_puts(b, "</td></tr>\n");
	}
	html_puts(b, "</tbody>\n</table>\n");
}
