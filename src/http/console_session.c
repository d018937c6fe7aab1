/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console_session.c - console sessions (see console.h).
 *
 * A session id is 256 random bits (getrandom via util_random) in base64url,
 * sent once in the cookie; the store keeps only its SHA-256 and finds the
 * session by that hash (a stolen database holds no usable session id).  A session ends at
 * logout, after console_idle_minutes without a request, CONSOLE_SESSION_HOURS
 * after login, or when its token is revoked or expires.  The CSRF value is
 * another 256 random bits per session, put in every form and compared in
 * constant time on every POST.
 */
#include "http/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "engine/sha256.h"
#include "http/auth.h"

#define SESSION_ID_LEN 43   /* base64url of 32 bytes */

static void
idle_cutoff(const struct req *r, char out[DT_STAMP_LEN])
{
	dt_format_stamp(r->now - (time_t)r->app->cfg.console_idle_minutes * 60, out);
}

/* The session cookie's value, or NULL. */
static const char *
session_cookie(struct req *r)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, CONSOLE_COOKIE);
	return v != NULL && strlen(v) == SESSION_ID_LEN ? v : NULL;
}

static void
set_caller(struct req *r, const struct store_token *t)
{
	r->role = role_parse(t->role);
	r->patient_id = t->patient_id;
	r->token_id = t->id;
	util_copy(r->actor, sizeof r->actor, t->label);
}

/* STORE_OK with s the live session of r's cookie; STORE_NOTFOUND if none; else a store failure. */
static int
live_session(struct req *r, struct store_session *s, char hash[SHA256_HEX_LEN])
{
	char cut[DT_STAMP_LEN];
	const char *id = session_cookie(r);
	if (id == NULL)
		return STORE_NOTFOUND;
	sha256_hex(id, strlen(id), hash);
	int rc = store_session_get(r->db, hash, s);
	if (rc != STORE_OK)
		return rc;
	idle_cutoff(r, cut);
	bool dead = strcmp(s->expires_at, r->now_stamp) <= 0 || strcmp(s->last_seen_at, cut) <= 0 ||
	    s->token.revoked_at[0] != '\0' ||
	    (s->token.expires_at[0] != '\0' && strcmp(s->token.expires_at, r->now_stamp) <= 0);
	if (dead) {
		if (store_session_delete(r->db, hash) == STORE_ERROR)
			log_warn("console: could not drop an ended session");
		return STORE_NOTFOUND;
	}
	return STORE_OK;
}

bool
console_auth(struct req *r, enum MHD_Result *res)
{
	struct store_session s;
	char hash[SHA256_HEX_LEN];

	if (r->route->flags & R_PUBLIC)
		return true;
	int rc = live_session(r, &s, hash);
	if (rc == STORE_NOTFOUND) {
		*res = console_redirect(r, "/console/login", NULL);
		return false;
	}
	if (rc != STORE_OK) {
		*res = http_db_failure(r, rc);
		return false;
	}
	set_caller(r, &s.token);
	r->session_id = s.id;
	util_copy(r->csrf, sizeof r->csrf, s.csrf);
	if (r->role == ROLE_PATIENT) {
		*res = console_message(r, 403, "Not for patient tokens", "The console is for clinic staff.");
		return false;
	}
	if (!(r->route->roles & r->role)) {
		*res = console_message(r, 403, "Not allowed", "Your role may not do this.");
		return false;
	}
	if (strcmp(r->method, "POST") == 0) {
		char *csrf = console_form(r, "csrf");
		bool ok = csrf != NULL && strlen(csrf) == strlen(s.csrf) &&
		    util_ct_equal(csrf, s.csrf, strlen(s.csrf));
		free(csrf);
		if (!ok) {
			*res = console_message(r, 403, "Form expired",
			    "This form did not carry the session's check value; reload the page and try again.");
			return false;
		}
	}
	/* A GET shows the flash (the page reads r->flash) and so clears it; a POST keeps it. */
	util_copy(r->flash, sizeof r->flash, s.flash);
	if (store_session_touch(r->db, s.id, r->now_stamp, strcmp(r->method, "GET") == 0 ? "" : s.flash)
	    == STORE_ERROR)
		log_warn("console: could not record a session's use");
	return true;
}

int
console_session_open(struct req *r, const struct store_token *t, char *cookie, size_t cap)
{
	uint8_t raw[32];
	char id[SESSION_ID_LEN + 1], csrf[SESSION_ID_LEN + 1], hash[SHA256_HEX_LEN];
	char cut[DT_STAMP_LEN], expires[DT_STAMP_LEN];
	int rc;

	set_caller(r, t);
	if (!util_random(raw, sizeof raw))
		return STORE_ERROR;
	util_base64url(raw, sizeof raw, id);
	if (!util_random(raw, sizeof raw))
		return STORE_ERROR;
	util_base64url(raw, sizeof raw, csrf);
	sha256_hex(id, strlen(id), hash);
	dt_format_stamp(r->now + CONSOLE_SESSION_HOURS * 3600, expires);
	idle_cutoff(r, cut);
	/* Ended sessions go when a new one starts: the table holds only live ones for long. */
	if ((rc = store_session_expire(r->db, r->now_stamp, cut)) != STORE_OK)
		return rc;
	if ((rc = store_session_insert(r->db, hash, t->id, csrf, r->now_stamp, expires)) != STORE_OK)
		return rc;
	snprintf(cookie, cap, CONSOLE_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/console%s", id,
	    r->app->cfg.tls_cert[0] ? "; Secure" : "");
	return http_audit(r, "console.login", "token", t->id, "");
}

int
console_session_close(struct req *r, char *cookie, size_t cap)
{
	char hash[SHA256_HEX_LEN];
	const char *id = session_cookie(r);
	snprintf(cookie, cap, CONSOLE_COOKIE "=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/console%s",
	    r->app->cfg.tls_cert[0] ? "; Secure" : "");
	if (id == NULL)
		return STORE_OK;
	sha256_hex(id, strlen(id), hash);
	int rc = store_session_delete(r->db, hash);
	return rc == STORE_OK ? http_audit(r, "console.logout", "token", r->token_id, "") : rc;
}

int
console_flash(struct req *r, const char *msg)
{
	return store_session_touch(r->db, r->session_id, r->now_stamp, msg);
}
