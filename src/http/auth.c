/* SPDX-License-Identifier: Apache-2.0 */
/* auth.c - bearer token authentication (see auth.h). */
#include "http/auth.h"
#include "http/token_use.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "engine/sha256.h"
#include "base/util.h"

#define TOKEN_PREFIX "ttd_"

static enum MHD_Result
unauthorized(struct req *r, const char *detail)
{
	static const char *const h[] = { "WWW-Authenticate", "Bearer realm=\"titrad\"", NULL };
	return http_problem_with(r, 401, detail, NULL, h);
}

/* The bearer credential, or NULL. */
static const char *
presented_token(struct req *r, bool *from_query)
{
	const char *h = NULL;
	size_t hlen = 0;
	*from_query = false;
	if (MHD_lookup_connection_value_n(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION,
	    strlen(MHD_HTTP_HEADER_AUTHORIZATION), &h, &hlen) == MHD_YES) {
		/* A NUL inside the value would hide what follows it. */
		if (h == NULL || strlen(h) != hlen)
			return NULL;
		if (strncasecmp(h, "Bearer ", 7) != 0)
			return NULL;
		h += 7;
		while (*h == ' ')
			h++;
		return h;
	}
	if (r->route != NULL && (r->route->flags & R_QUERY_TOKEN)) {
		const char *q = http_query(r, "token");
		if (q != NULL)
			*from_query = true;
		return q;
	}
	return NULL;
}

int
auth_token_check(struct req *r, const char *tok, struct store_token *t, const char **why)
{
	char hash[SHA256_HEX_LEN], stored[SHA256_HEX_LEN];
	size_t len = strlen(tok);

	*why = "invalid token";
	if (len != AUTH_TOKEN_LEN - 1 || strncmp(tok, TOKEN_PREFIX, 4) != 0)
		return STORE_NOTFOUND;
	sha256_hex(tok, len, hash);
	int rc = store_token_by_hash(r->db, hash, t);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return rc;     /* the database failed (busy, unavailable, ...): a 503, never a 401 */
	/* The index found the row by hash; confirm it without an early exit. */
	if (rc == STORE_OK)
		memcpy(stored, t->hash, sizeof stored);
	else
		memset(stored, 0, sizeof stored);
	if (rc != STORE_OK || !util_ct_equal(stored, hash, SHA256_HEX_LEN))
		return STORE_NOTFOUND;
	if (t->revoked_at[0] != '\0') {
		*why = "token revoked";
		return STORE_NOTFOUND;
	}
	if (t->expires_at[0] != '\0' && strcmp(t->expires_at, r->now_stamp) <= 0) {
		*why = "token expired";
		return STORE_NOTFOUND;
	}
	return STORE_OK;
}

/* An EHR's signed JWT on a CDS Hooks route (auth.h). */
static bool
ehr_jwt(struct req *r, const char *tok, enum MHD_Result *res)
{
	struct jwt_claims c;
	char aud[CONFIG_URI_MAX + sizeof r->path], why[160];
	bool first;

	snprintf(aud, sizeof aud, "%s%s", r->app->cfg.public_url, r->path);
	if (!jwt_verify(&r->app->ehr_trust, tok, aud, r->now, &c, why, sizeof why)) {
		*res = unauthorized(r, why);
		return false;
	}
	pthread_mutex_lock(&r->app->jti_lock);
	first = jwt_replay_first(&r->app->jti_seen, &c, r->now);
	pthread_mutex_unlock(&r->app->jti_lock);
	if (!first) {
		*res = unauthorized(r, "JWT jti already used (a replay)");
		return false;
	}
	r->role = ROLE_CLINIC;
	r->patient_id = -1;
	r->token_id = 0;
	snprintf(r->actor, sizeof r->actor, "ehr:%.*s", (int)sizeof r->actor - 5, c.sub[0] ? c.sub : c.iss);
	return true;
}

bool
auth_request(struct req *r, enum MHD_Result *res)
{
	struct store_token t;
	bool from_query;
	const char *tok = presented_token(r, &from_query), *why;

	if (tok == NULL) {
		*res = unauthorized(r, "missing bearer token");
		return false;
	}
	if (strchr(tok, '.') != NULL && !from_query && strncmp(r->path, "/cds-services", 13) == 0)
		return ehr_jwt(r, tok, res);
	int rc = auth_token_check(r, tok, &t, &why);
	if (rc == STORE_NOTFOUND) {
		*res = unauthorized(r, why);
		return false;
	}
	if (rc != STORE_OK) {
		*res = http_db_failure(r, rc);
		return false;
	}
	r->role = role_parse(t.role);
	r->patient_id = t.patient_id;
	r->token_id = t.id;
	util_copy(r->actor, sizeof r->actor, t.label);
	/* Only patient tokens may ride in a URL, and only on feed routes. */
	if (from_query && r->role != ROLE_PATIENT) {
		*res = unauthorized(r, "only patient tokens may be passed as ?token=");
		return false;
	}
	/* last_used_at to the minute, noted in memory: written later by token_use, never by this request. */
	if (strncmp(t.last_used_at, r->now_stamp, 16) != 0)
		token_use_note(r->app->token_use, t.id, r->now_stamp);
	return true;
}

int
auth_token_create(struct store *db, struct store_token *t, char out[AUTH_TOKEN_LEN])
{
	uint8_t raw[32];
	char hash[SHA256_HEX_LEN];

	if (!util_random(raw, sizeof raw))
		return STORE_ERROR;
	memcpy(out, TOKEN_PREFIX, 4);
	util_base64url(raw, sizeof raw, out + 4);
	if (t->label[0] == '\0') {
		char gen[16];
		util_base64url(raw + 24, 6, gen);
		snprintf(t->label, sizeof t->label, "%s-%s", t->role, gen);
	}
	sha256_hex(out, strlen(out), hash);
	return store_token_insert(db, t, hash);
}

bool
auth_ehr_trust_load(struct titrad *app, char *err, size_t errlen)
{
	char *text = NULL, *jwks = NULL, sub[256];
	json_t *map = NULL, *v;
	const char *iss;
	bool ok = false;

	pthread_mutex_init(&app->jti_lock, NULL);
	if (app->cfg.cds_trusted_issuers[0] == '\0')
		return true;
	if (!util_read_file(app->cfg.cds_trusted_issuers, 1u << 20, &text, err, errlen))
		return false;
	map = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(map) || json_object_size(map) == 0) {
		snprintf(err, errlen, "cds_trusted_issuers: %s is not a JSON object of issuer: JWK set file",
		    app->cfg.cds_trusted_issuers);
		goto cleanup;
	}
	json_object_foreach(map, iss, v) {
		if (!json_is_string(v) || !util_read_file(json_string_value(v), 1u << 20, &jwks, sub, sizeof sub) ||
		    !jwt_trust_add(&app->ehr_trust, iss, jwks, sub, sizeof sub)) {
			snprintf(err, errlen, "cds_trusted_issuers: issuer %s: %s", iss,
			    json_is_string(v) ? sub : "the value must be a file name");
			goto cleanup;
		}
		free(jwks);
		jwks = NULL;
	}
	ok = true;
cleanup:
	free(jwks);
	free(text);
	json_decref(map);
	if (!ok)
		jwt_trust_free(&app->ehr_trust);
	return ok;
}

void
auth_ehr_trust_free(struct titrad *app)
{
	jwt_trust_free(&app->ehr_trust);
	jwt_replay_free(&app->jti_seen);
	pthread_mutex_destroy(&app->jti_lock);
}
