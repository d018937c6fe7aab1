/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jwt.h - JSON Web Tokens an EHR signs (CDS Hooks 2.0 security): the trusted
 * issuers and their JWK sets, signature and claim checks, and the jti
 * replay window.  Pure: no I/O, no clock (now is given), no locking (the
 * caller serialises calls on one struct jwt_replay).
 *
 * Only RS384 (RSASSA-PKCS1-v1_5 with SHA-384) and ES384 (ECDSA on P-384
 * with SHA-384) are accepted: "none", every HMAC algorithm and anything
 * else are refused before a key is looked at, and a key is used only with
 * the algorithm of its type (an RSA key never verifies an ES384 token).
 */
#ifndef TITRAD_JWT_H
#define TITRAD_JWT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define JWT_CLAIM_MAX 256
#define JWT_MAX_LIFETIME 300   /* CDS Hooks: exp at most 5 minutes after now */
#define JWT_LEEWAY 60          /* seconds of clock difference tolerated for iat and exp */

struct jwt_key;

struct jwt_issuer {
	char iss[JWT_CLAIM_MAX];
	struct jwt_key *keys;
	size_t nkeys, cap;
};

/* The trusted issuers; zero-initialised is empty (every token refused). */
struct jwt_trust {
	struct jwt_issuer *issuers;
	size_t n, cap;
};

struct jwt_claims {
	char iss[JWT_CLAIM_MAX], sub[JWT_CLAIM_MAX], jti[JWT_CLAIM_MAX];
	int64_t exp, iat;
};

/* Trust iss with the keys of a JWK set ({"keys":[...]}, RSA and P-384 EC keys). */
bool jwt_trust_add(struct jwt_trust *t, const char *iss, const char *jwks, char *err, size_t errlen);
void jwt_trust_free(struct jwt_trust *t);

/*
 * Verify token: a trusted issuer, a valid RS384/ES384 signature by one of
 * its keys (the header's kid picks it when given), aud equal to (or an
 * array holding) aud, exp in the future and at most JWT_MAX_LIFETIME away,
 * iat not in the future, a jti.  False with a sentence in err.
 */
bool jwt_verify(const struct jwt_trust *t, const char *token, const char *aud, time_t now,
    struct jwt_claims *out, char *err, size_t errlen);

/* The jti values seen, each kept until its token expires. */
struct jwt_replay {
	struct jwt_seen *seen;
	size_t n, cap;
};

/* Record c's (iss, jti); false if it was seen before (a replay), or out of memory. */
bool jwt_replay_first(struct jwt_replay *rp, const struct jwt_claims *c, time_t now);
void jwt_replay_free(struct jwt_replay *rp);

#endif
