/* SPDX-License-Identifier: Apache-2.0 */
/*
 * auth.h - bearer tokens.
 *
 * A token is "ttd_" + 256 random bits (base64url) from getrandom(2); it is
 * shown once and only its SHA-256 is stored.  A request is authenticated by
 * hashing the presented token, looking the hash up and comparing it in
 * constant time; revoked and expired tokens get 401.
 */
#ifndef TITRAD_AUTH_H
#define TITRAD_AUTH_H

#include <stdbool.h>

#include "store/store.h"
#include "http/http.h"

#define AUTH_TOKEN_LEN 48   /* "ttd_" + 43 + NUL */

/*
 * Check a presented token (the console's login form): STORE_OK with *t its
 * row; STORE_NOTFOUND with *why a sentence (unknown, revoked, expired); or
 * a store failure.
 */
int auth_token_check(struct req *r, const char *tok, struct store_token *t, const char **why);
/* Authenticate r (Authorization header, or ?token= where the route allows). */
bool auth_request(struct req *r, enum MHD_Result *res);
/*
 * Create a token row from t (label, role, patient_id, created_at, expires_at
 * set by the caller; an empty label gets a generated one) and write the
 * plaintext to out.  Returns a DB_ code; STORE_CONFLICT for a duplicate label.
 */
int auth_token_create(struct store *db, struct store_token *t, char out[AUTH_TOKEN_LEN]);
/*
 * CDS Hooks 2.0 security: cds_trusted_issuers names a JSON file
 * {"<iss>": "<path of its JWK set>", ...}; each set is read once here.  A
 * /cds-services request may then carry an EHR-signed JWT (jwt.h) instead of
 * a titrad token: aud must be public_url + the request path, and each jti
 * is accepted once while its token lives.  Such a caller has the clinic
 * role, actor "ehr:<sub or iss>".
 */
bool auth_ehr_trust_load(struct titrad *app, char *err, size_t errlen);
void auth_ehr_trust_free(struct titrad *app);

#endif
