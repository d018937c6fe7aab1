/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console_login.c - the console's login and logout.
 *
 * GET /console/login shows a form with one field, token; POST checks the
 * token like the API does (auth_token_check), refuses patient tokens (403)
 * and opens a session (console_session_open): 303 to /console/flags with
 * the cookie.  A bad token gets 401 and the form again.  Attempts are
 * limited per client address to console_login_attempts a minute (429):
 * the token space is far too large to guess, but a limit keeps a guessing
 * client from loading the daemon.  POST /console/logout ends the session.
 */
#include "http/console.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/util.h"
#include "http/auth.h"

#define LOGIN_SLOTS 1024
/* Per daemon: attempts this minute by client address (hashed into slots). */
struct console_logins {
	pthread_mutex_t lock;
	struct {
		uint8_t addr[16];
		int64_t minute;
		unsigned count;
	} slot[LOGIN_SLOTS];
};

struct console_logins *
console_logins_new(void)
{
	struct console_logins *l = calloc(1, sizeof *l);
	if (l != NULL)
		pthread_mutex_init(&l->lock, NULL);
	return l;
}

void
console_logins_free(struct console_logins *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

/* One more attempt from r's address this minute; false once over the limit. */
static bool
attempt_allowed(struct req *r)
{
	uint8_t key[16] = { 0 };
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL) {
		if (ci->client_addr->sa_family == AF_INET)
			memcpy(key, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr, 4);
		else if (ci->client_addr->sa_family == AF_INET6)
			memcpy(key, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, 16);
	}
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < sizeof key; i++)
		h = (h ^ key[i]) * 16777619u;
	int64_t minute = (int64_t)r->now / 60;
	struct console_logins *l = r->app->logins;
	if (l == NULL)
		return false;     /* no table (out of memory at start): refuse rather than not count */
	pthread_mutex_lock(&l->lock);
	size_t i = h % LOGIN_SLOTS;
	/* Another address in the slot: it starts afresh (a slot counts one address at a time). */
	if (l->slot[i].minute != minute || memcmp(l->slot[i].addr, key, sizeof key) != 0) {
		memcpy(l->slot[i].addr, key, sizeof key);
		l->slot[i].minute = minute;
		l->slot[i].count = 0;
	}
	bool ok = ++l->slot[i].count <= r->app->cfg.console_login_attempts;
	pthread_mutex_unlock(&l->lock);
	return ok;
}

static enum MHD_Result
login_form(struct req *r, unsigned status, const char *error)
{
	struct html_buf b = { 0 };
	console_begin(&b, r, "Log in");
	if (error != NULL) {
		html_puts(&b, "<p class=\"error\" role=\"alert\" id=\"login-error\">");
		html_text(&b, error, false);
		html_puts(&b, "</p>\n");
	}
	html_puts(&b, "<form id=\"login\" method=\"post\" action=\"/console/login\">\n"
	    "<p><label for=\"token\">Your titrad token</label><br>\n"
	    "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required size=\"50\""
	    " autofocus></p>\n<p><button type=\"submit\">Log in</button></p>\n</form>\n"
	    "<p class=\"muted\">Pharmacists and admins review flags here; clinic tokens see read-only pages.</p>\n");
	console_end(&b);
	return console_send(r, status, &b);
}

enum MHD_Result
console_login_page(struct req *r)
{
	return login_form(r, 200, NULL);
}

enum MHD_Result
console_login(struct req *r)
{
	struct store_token t;
	char cookie[160];
	const char *why;
	enum MHD_Result res;

	if (!attempt_allowed(r)) {
		struct html_buf b = { 0 };
		console_begin(&b, r, "Too many attempts");
		html_puts(&b, "<p class=\"error\" role=\"alert\">Too many login attempts from this address; "
		    "wait a minute and try again.</p>\n");
		console_end(&b);
		size_t len;
		char *body = html_finish(&b, &len);
		if (body == NULL)
			return http_problem(r, 500, "out of memory", NULL);
		return http_body(r, 429, "text/html; charset=utf-8", body, len,
		    (const char *const[]){ "Retry-After", "60", NULL });
	}
	char *tok = console_form(r, "token");
	if (tok == NULL)
		return login_form(r, 401, "Enter your token.");
	/* Pasted tokens often carry a trailing newline or spaces. */
	size_t n = strlen(tok);
	while (n > 0 && (tok[n - 1] == ' ' || tok[n - 1] == '\n' || tok[n - 1] == '\r' || tok[n - 1] == '\t'))
		tok[--n] = '\0';
	int rc = auth_token_check(r, tok, &t, &why);
	free(tok);
	if (rc == STORE_NOTFOUND)
		return login_form(r, 401, "That token was not accepted (unknown, revoked or expired).");
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if (strcmp(t.role, "patient") == 0)
		return login_form(r, 403, "Patient tokens cannot use the console.");
	if ((rc = console_session_open(r, &t, cookie, sizeof cookie)) != STORE_OK)
		return http_db_failure(r, rc);
	res = console_redirect(r, "/console/flags", cookie);
	return res;
}

enum MHD_Result
console_logout(struct req *r)
{
	char cookie[160];
	int rc = console_session_close(r, cookie, sizeof cookie);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	r->session_id = 0;
	return console_redirect(r, "/console/login", cookie);
}

/* /console/: the queue is the console's first page (without a session the router sends login). */
enum MHD_Result
console_home(struct req *r)
{
	return console_redirect(r, "/console/flags", NULL);
}
