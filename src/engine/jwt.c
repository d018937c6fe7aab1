/* SPDX-License-Identifier: Apache-2.0 */
/* jwt.c - EHR-signed JWTs: RS384 and ES384 with nettle (see jwt.h). */
#include "engine/jwt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>
#include <nettle/rsa.h>
#include <nettle/sha2.h>

#include "base/util.h"

#define P384_BYTES 48

/* DER DigestInfo of SHA-384 (RFC 8017 section 9.2, note 1): RS384 signs this + the digest. */
static const uint8_t sha384_info[] = {
	0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02,
	0x05, 0x00, 0x04, 0x30,
};

enum key_type { KEY_RSA, KEY_EC };

struct jwt_key {
	char kid[JWT_CLAIM_MAX];
	enum key_type type;
	struct rsa_public_key rsa;
	struct ecc_point ec;
};

struct jwt_seen {
	char iss[JWT_CLAIM_MAX], jti[JWT_CLAIM_MAX];
	int64_t exp;
};

/* base64url without padding (RFC 7515 section 2); malloc'd, *n bytes; NULL if malformed. */
static uint8_t *
b64url_decode(const char *s, size_t len, size_t *n)
{
	uint8_t *out = malloc(len * 3 / 4 + 3);
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 :
		    c >= '0' && c <= '9' ? c - '0' + 52 : c == '-' ? 62 : c == '_' ? 63 : -1;
		if (v < 0) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if (bits >= 6) {        /* a lone trailing character carries no whole byte */
		free(out);
		return NULL;
	}
	*n = o;
	return out;
}

/* A base64url member of a JWK as a big-endian integer; false if absent or malformed. */
static bool
member_mpz(const json_t *jwk, const char *name, mpz_t out, size_t want_len)
{
	const char *s = json_string_value(json_object_get(jwk, name));
	size_t n;
	uint8_t *raw = s ? b64url_decode(s, strlen(s), &n) : NULL;
	bool ok = raw != NULL && n > 0 && (want_len == 0 || n == want_len);
	if (ok)
		mpz_import(out, n, 1, 1, 0, 0, raw);
	free(raw);
	return ok;
}

static void
key_clear(struct jwt_key *k)
{
	if (k->type == KEY_RSA)
		rsa_public_key_clear(&k->rsa);
	else
		ecc_point_clear(&k->ec);
}

static bool
key_parse(const json_t *jwk, struct jwt_key *k, char *err, size_t errlen)
{
	const char *kty = json_string_value(json_object_get(jwk, "kty"));
	const char *kid = json_string_value(json_object_get(jwk, "kid"));
	const char *use = json_string_value(json_object_get(jwk, "use"));

	memset(k, 0, sizeof *k);
	if (kid != NULL && !util_copy(k->kid, sizeof k->kid, kid)) {
		snprintf(err, errlen, "a kid is over %d characters", JWT_CLAIM_MAX - 1);
		return false;
	}
	if (use != NULL && strcmp(use, "sig") != 0) {
		snprintf(err, errlen, "key '%s': use is '%s', not 'sig'", k->kid, use);
		return false;
	}
	if (kty != NULL && strcmp(kty, "RSA") == 0) {
		k->type = KEY_RSA;
		rsa_public_key_init(&k->rsa);
		if (!member_mpz(jwk, "n", k->rsa.n, 0) || !member_mpz(jwk, "e", k->rsa.e, 0) ||
		    !rsa_public_key_prepare(&k->rsa) || k->rsa.size < 256) {
			rsa_public_key_clear(&k->rsa);
			snprintf(err, errlen, "key '%s': not an RSA public key of 2048 bits or more", k->kid);
			return false;
		}
		return true;
	}
	const char *crv = json_string_value(json_object_get(jwk, "crv"));
	if (kty != NULL && strcmp(kty, "EC") == 0 && crv != NULL && strcmp(crv, "P-384") == 0) {
		mpz_t x, y;
		bool ok;
		k->type = KEY_EC;
		ecc_point_init(&k->ec, nettle_get_secp_384r1());
		mpz_init(x);
		mpz_init(y);
		ok = member_mpz(jwk, "x", x, P384_BYTES) && member_mpz(jwk, "y", y, P384_BYTES) &&
		    ecc_point_set(&k->ec, x, y);
		mpz_clear(x);
		mpz_clear(y);
		if (!ok) {
			ecc_point_clear(&k->ec);
			snprintf(err, errlen, "key '%s': not a P-384 point", k->kid);
		}
		return ok;
	}
	snprintf(err, errlen, "key '%s': kty must be RSA or EC with crv P-384", k->kid);
	return false;
}

bool
jwt_trust_add(struct jwt_trust *t, const char *iss, const char *jwks, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root = json_loads(jwks, JSON_REJECT_DUPLICATES, &jerr), *keys = json_object_get(root, "keys");
	struct jwt_issuer is;
	bool ok = false;
	size_t i;
	json_t *jwk;

	memset(&is, 0, sizeof is);
	if (!json_is_array(keys) || json_array_size(keys) == 0) {
		snprintf(err, errlen, "%s: expected a JWK set, {\"keys\": [...]} with a key",
		    root ? "no keys" : jerr.text);
		goto cleanup;
	}
	if (!util_copy(is.iss, sizeof is.iss, iss)) {
		snprintf(err, errlen, "issuer over %d characters", JWT_CLAIM_MAX - 1);
		goto cleanup;
	}
	json_array_foreach(keys, i, jwk) {
		if (!util_grow((void **)&is.keys, &is.cap, is.nkeys + 1, sizeof is.keys[0], 4)) {
			snprintf(err, errlen, "out of memory");
			goto cleanup;
		}
		if (!key_parse(jwk, &is.keys[is.nkeys], err, errlen))
			goto cleanup;
		is.nkeys++;
	}
	if (!util_grow((void **)&t->issuers, &t->cap, t->n + 1, sizeof t->issuers[0], 4)) {
		snprintf(err, errlen, "out of memory");
		goto cleanup;
	}
	t->issuers[t->n++] = is;
	memset(&is, 0, sizeof is);
	ok = true;
cleanup:
	for (i = 0; i < is.nkeys; i++)
		key_clear(&is.keys[i]);
	free(is.keys);
	json_decref(root);
	return ok;
}

void
jwt_trust_free(struct jwt_trust *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->issuers[i].nkeys; k++)
			key_clear(&t->issuers[i].keys[k]);
		free(t->issuers[i].keys);
	}
	free(t->issuers);
	memset(t, 0, sizeof *t);
}

/* One base64url JSON segment as an object; NULL if it is not one. */
static json_t *
segment_json(const char *s, size_t len)
{
	size_t n;
	uint8_t *raw = b64url_decode(s, len, &n);
	json_t *j = raw ? json_loadb((const char *)raw, n, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(raw);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

static bool
signature_ok(const struct jwt_key *k, bool es, const uint8_t digest[SHA384_DIGEST_SIZE],
    const uint8_t *sig, size_t siglen)
{
	bool ok = false;
	if (!es && k->type == KEY_RSA) {
		mpz_t s;
		uint8_t info[sizeof sha384_info + SHA384_DIGEST_SIZE];
		if (siglen != k->rsa.size)
			return false;
		memcpy(info, sha384_info, sizeof sha384_info);
		memcpy(info + sizeof sha384_info, digest, SHA384_DIGEST_SIZE);
		mpz_init(s);
		mpz_import(s, siglen, 1, 1, 0, 0, sig);
		ok = rsa_pkcs1_verify(&k->rsa, sizeof info, info, s) == 1;
		mpz_clear(s);
	} else if (es && k->type == KEY_EC) {
		struct dsa_signature ds;
		if (siglen != 2 * P384_BYTES)   /* JWS: R || S, not DER */
			return false;
		dsa_signature_init(&ds);
		mpz_import(ds.r, P384_BYTES, 1, 1, 0, 0, sig);
		mpz_import(ds.s, P384_BYTES, 1, 1, 0, 0, sig + P384_BYTES);
		ok = ecdsa_verify(&k->ec, SHA384_DIGEST_SIZE, digest, &ds) == 1;
		dsa_signature_clear(&ds);
	}
	return ok;
}

static bool
aud_ok(const json_t *a, const char *aud)
{
	size_t i;
	json_t *v;
	if (json_is_string(a))
		return strcmp(json_string_value(a), aud) == 0;
	json_array_foreach(a, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), aud) == 0)
			return true;
	return false;
}

static bool
claim_copy(char *dst, const json_t *payload, const char *name)
{
	const char *s = json_string_value(json_object_get(payload, name));
	return s != NULL && s[0] != '\0' && util_copy(dst, JWT_CLAIM_MAX, s);
}

bool
jwt_verify(const struct jwt_trust *t, const char *token, const char *aud, time_t now,
    struct jwt_claims *out, char *err, size_t errlen)
{
	const char *d1 = strchr(token, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	json_t *header = NULL, *payload = NULL;
	const struct jwt_issuer *is = NULL;
	uint8_t *sig = NULL, digest[SHA384_DIGEST_SIZE];
	size_t siglen = 0;
	bool ok = false, es, matched = false;
	struct sha384_ctx h;

	memset(out, 0, sizeof *out);
	if (d2 == NULL || strchr(d2 + 1, '.') != NULL ||
	    (header = segment_json(token, (size_t)(d1 - token))) == NULL ||
	    (payload = segment_json(d1 + 1, (size_t)(d2 - d1 - 1))) == NULL ||
	    (sig = b64url_decode(d2 + 1, strlen(d2 + 1), &siglen)) == NULL) {
		snprintf(err, errlen, "not a signed JWT (header.payload.signature)");
		goto cleanup;
	}
	const char *alg = json_string_value(json_object_get(header, "alg"));
	const char *kid = json_string_value(json_object_get(header, "kid"));
	if (alg == NULL || (strcmp(alg, "RS384") != 0 && strcmp(alg, "ES384") != 0)) {
		snprintf(err, errlen, "JWT alg must be RS384 or ES384");
		goto cleanup;
	}
	es = strcmp(alg, "ES384") == 0;
	if (!claim_copy(out->iss, payload, "iss")) {
		snprintf(err, errlen, "JWT without an iss");
		goto cleanup;
	}
	for (size_t i = 0; i < t->n && is == NULL; i++)
		if (strcmp(t->issuers[i].iss, out->iss) == 0)
			is = &t->issuers[i];
	if (is == NULL) {
		snprintf(err, errlen, "JWT issuer is not trusted");
		goto cleanup;
	}
	sha384_init(&h);
	sha384_update(&h, (size_t)(d2 - token), (const uint8_t *)token);
	sha384_digest(&h, sizeof digest, digest);
	for (size_t i = 0; i < is->nkeys && !matched; i++)
		if (kid == NULL || strcmp(kid, is->keys[i].kid) == 0)
			matched = signature_ok(&is->keys[i], es, digest, sig, siglen);
	if (!matched) {
		snprintf(err, errlen, "JWT signature does not verify with the issuer's keys");
		goto cleanup;
	}
	/* Signed by a trusted key: now the claims. */
	json_t *exp = json_object_get(payload, "exp"), *iat = json_object_get(payload, "iat");
	if (!aud_ok(json_object_get(payload, "aud"), aud)) {
		snprintf(err, errlen, "JWT aud is not this service's URL, %s", aud);
		goto cleanup;
	}
	if (!json_is_integer(exp) || !json_is_integer(iat)) {
		snprintf(err, errlen, "JWT without integer exp and iat");
		goto cleanup;
	}
	out->exp = json_integer_value(exp);
	out->iat = json_integer_value(iat);
	if (out->exp <= (int64_t)now - JWT_LEEWAY) {
		snprintf(err, errlen, "JWT expired");
		goto cleanup;
	}
	if (out->exp > (int64_t)now + JWT_MAX_LIFETIME + JWT_LEEWAY || out->iat > (int64_t)now + JWT_LEEWAY ||
	    out->iat > out->exp) {
		snprintf(err, errlen, "JWT exp or iat out of range (exp at most %d s ahead, iat not ahead)",
		    JWT_MAX_LIFETIME);
		goto cleanup;
	}
	if (!claim_copy(out->jti, payload, "jti")) {
		snprintf(err, errlen, "JWT without a jti");
		goto cleanup;
	}
	if (json_object_get(payload, "sub") != NULL && !claim_copy(out->sub, payload, "sub")) {
		snprintf(err, errlen, "JWT sub is not a string");
		goto cleanup;
	}
	ok = true;
cleanup:
	free(sig);
	json_decref(header);
	json_decref(payload);
	return ok;
}

bool
jwt_replay_first(struct jwt_replay *rp, const struct jwt_claims *c, time_t now)
{
	size_t w = 0;
	bool seen = false;

	/* Forget what has expired (a replay of it fails on exp), and look for c. */
	for (size_t i = 0; i < rp->n; i++) {
		if (rp->seen[i].exp + JWT_LEEWAY < (int64_t)now)
			continue;
		if (strcmp(rp->seen[i].jti, c->jti) == 0 && strcmp(rp->seen[i].iss, c->iss) == 0)
			seen = true;
		rp->seen[w++] = rp->seen[i];
	}
	rp->n = w;
	if (seen)
		return false;
	if (!util_grow((void **)&rp->seen, &rp->cap, rp->n + 1, sizeof rp->seen[0], 16))
		return false;
	struct jwt_seen *s = &rp->seen[rp->n++];
	util_copy(s->iss, sizeof s->iss, c->iss);
	util_copy(s->jti, sizeof s->jti, c->jti);
	s->exp = c->exp;
	return true;
}

void
jwt_replay_free(struct jwt_replay *rp)
{
	free(rp->seen);
	memset(rp, 0, sizeof *rp);
}
