/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console.h - what the pharmacist console's pages share: the session,
 * form fields, the page frame, the answers and the views several pages
 * show (severity, a flag row, a regimen's dose chart).
 *
 * Pages are server-rendered HTML through the one builder of html.h (every
 * stored or caller-supplied string escaped by html_text), usable without
 * JavaScript.  Every answer carries the console's CSP (response.c).  One
 * module per page: console_login.c, console_flags.c, console_flag.c,
 * console_patient.c, console_style.c; none calls another's functions.
 */
#ifndef TITRAD_CONSOLE_H
#define TITRAD_CONSOLE_H

#include "engine/html.h"
#include "http/http.h"
#include "service/regimen.h"

#define CONSOLE_COOKIE "titrad_session"
#define CONSOLE_SESSION_HOURS 12   /* a session's absolute lifetime */

/*
 * console_session.c: the session of a console request (dispatch calls it
 * for every R_CONSOLE route).  Public routes (login, stylesheet) pass.
 * Otherwise the titrad_session cookie must name a live session (else 303
 * to /console/login), whose token's role the route allows (else 403) and,
 * on a POST, the form's csrf must equal the session's (else 403).  Fills
 * r's caller fields, csrf and flash, and records the use.
 */
bool console_auth(struct req *r, enum MHD_Result *res);
/* Open a session for token t (r's caller fields set from it): *cookie gets the Set-Cookie value. */
int console_session_open(struct req *r, const struct store_token *t, char *cookie, size_t cap);
/* End r's session (the cookie's); *cookie gets a Set-Cookie value that clears it. */
int console_session_close(struct req *r, char *cookie, size_t cap);
/* Keep msg for the next page the session shows (role="status"). */
int console_flash(struct req *r, const char *msg);

/* console.c */
/* The urlencoded body field name, decoded, malloc'd (caller frees); NULL if absent or not text. */
char *console_form(const struct req *r, const char *name);
/* <!DOCTYPE html> to <main>, with the nav and the logout form when signed in. */
void console_begin(struct html_buf *b, const struct req *r, const char *title);
void console_end(struct html_buf *b);
/* Queue b as text/html (b is consumed); 500 if it failed. */
enum MHD_Result console_send(struct req *r, unsigned status, struct html_buf *b);
/* 303 to location, with an optional Set-Cookie. */
enum MHD_Result console_redirect(struct req *r, const char *location, const char *cookie);
/* A whole page with one message (403, 404, 422 ...). */
enum MHD_Result console_message(struct req *r, unsigned status, const char *title, const char *msg);
/* May the caller review flags (pharmacist, admin)? */
bool console_may_review(const struct req *r);
/* A severity as a word in a badge (the word carries it, colour only repeats it). */
void console_severity(struct html_buf *b, const char *severity);
/* 0 critical, 1 warning, 2 info (and anything else). */
int console_severity_rank(const char *severity);
/* The queue's order: critical, warning, info; oldest first within each; then by id. */
void console_sort_flags(struct store_flag *fl, size_t n);
/* "3 h", "2 d": how long ago stamp was. */
void console_age(struct html_buf *b, const struct req *r, const char *stamp);
/* A regimen's summary and chart; medications with their ingredients (a list, or "None recorded."). */
void console_regimen(struct html_buf *b, const struct req *r, const struct svc_regimen *ar);
void console_medications(struct html_buf *b, const struct req *r, const struct store_med *m, size_t n);
/* A CrCl in tenths of mL/min as "25.0 mL/min", or "not known" (-1). */
void console_crcl(struct html_buf *b, int64_t crcl_dml);
/* A table of flags (id="flag-queue" when id is given); names: patient display names or NULL. */
void console_flag_table(struct html_buf *b, const struct req *r, const char *id,
    const struct store_flag *fl, size_t n, const char *const *names);

/* console_login.c: the per-daemon count of login attempts (http_start/http_stop). */
struct console_logins *console_logins_new(void);
void console_logins_free(struct console_logins *l);

/* console_*.c: the pages (routes.c) */
enum MHD_Result console_login_page(struct req *r);
enum MHD_Result console_login(struct req *r);
enum MHD_Result console_logout(struct req *r);
enum MHD_Result console_home(struct req *r);
enum MHD_Result console_queue(struct req *r);
enum MHD_Result console_flag_page(struct req *r);
enum MHD_Result console_flag_review(struct req *r);
enum MHD_Result console_patient_page(struct req *r);
enum MHD_Result console_style(struct req *r);

#endif
