/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_ehr_jwt.c - CDS Hooks calls authenticated by EHR-signed JWTs,
 * against the real daemon: keys generated here (RSA 2048 and P-384 with
 * nettle), their JWK sets written to files named by cds_trusted_issuers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <check.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>
#include <nettle/hmac.h>
#include <nettle/rsa.h>
#include <nettle/sha2.h>

#include "base/util.h"
#include "http/auth.h"
#include "testhttp.h"
#include "testtmp.h"

#define SELECT "/cds-services/titrad-order-select"
#define ISS "https://ehr.test/fhir"
#define RXNORM "http://www.nlm.nih.gov/research/umls/rxnorm"

static struct th T;
static struct rsa_public_key rsa_pub;
static struct rsa_private_key rsa_priv;
static struct ecc_point ec_pub;
static struct ecc_scalar ec_key;
static unsigned jti_n;

static void
rnd(void *ctx, size_t n, uint8_t *dst)
{
	(void)ctx;
	ck_assert(util_random(dst, n));
}

/* A big-endian integer, left-padded to len bytes (0: its own length), in base64url. */
static void
mpz_b64(const mpz_t v, size_t len, char *out)
{
	uint8_t raw[512] = { 0 };
	size_t n = (mpz_sizeinbase(v, 2) + 7) / 8;
	if (len == 0)
		len = n;
	ck_assert(n <= len && len <= sizeof raw);
	mpz_export(raw + (len - n), NULL, 1, 1, 0, 0, v);
	util_base64url(raw, len, out);
}

static void
b64s(const char *s, char *out)
{
	util_base64url((const uint8_t *)s, strlen(s), out);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
setup(void)
{
	char n[400], e[16], x[80], y[80], jwks[1200], trust[2 * PATH_MAX + 64], err[512];
	char jwks_path[PATH_MAX], trust_path[PATH_MAX];
	mpz_t mx, my;

	th_start(&T);
	rsa_public_key_init(&rsa_pub);
	rsa_private_key_init(&rsa_priv);
	mpz_set_ui(rsa_pub.e, 65537);
	ck_assert(rsa_generate_keypair(&rsa_pub, &rsa_priv, NULL, rnd, NULL, NULL, 2048, 0));
	ecc_point_init(&ec_pub, nettle_get_secp_384r1());
	ecc_scalar_init(&ec_key, nettle_get_secp_384r1());
	ecdsa_generate_keypair(&ec_pub, &ec_key, NULL, rnd);
	mpz_init(mx);
	mpz_init(my);
	ecc_point_get(&ec_pub, mx, my);
	mpz_b64(rsa_pub.n, 0, n);
	mpz_b64(rsa_pub.e, 0, e);
	mpz_b64(mx, 48, x);
	mpz_b64(my, 48, y);
	mpz_clear(mx);
	mpz_clear(my);
	snprintf(jwks, sizeof jwks, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"r1\",\"use\":\"sig\",\"alg\":\"RS384\","
	    "\"n\":\"%s\",\"e\":\"%s\"},{\"kty\":\"EC\",\"kid\":\"e1\",\"crv\":\"P-384\",\"x\":\"%s\",\"y\":\"%s\"}]}",
	    n, e, x, y);
	testtmp_file(jwks_path, sizeof jwks_path);
	write_file(jwks_path, jwks);
	snprintf(trust, sizeof trust, "{\"%s\": \"%s\"}", ISS, jwks_path);
	testtmp_file(trust_path, sizeof trust_path);
	write_file(trust_path, trust);
	/* What http_load_reference does at start, again with the key set. */
	util_copy(T.app->cfg.public_url, sizeof T.app->cfg.public_url, "https://titrad.clinic.test");
	util_copy(T.app->cfg.cds_trusted_issuers, sizeof T.app->cfg.cds_trusted_issuers, trust_path);
	auth_ehr_trust_free(T.app);
	ck_assert_msg(auth_ehr_trust_load(T.app, err, sizeof err), "%s", err);
}

static void
teardown(void)
{
	rsa_public_key_clear(&rsa_pub);
	rsa_private_key_clear(&rsa_priv);
	ecc_point_clear(&ec_pub);
	ecc_scalar_clear(&ec_key);
	th_stop(&T);
}

/* header.payload of this alg and kid, with these claims (aud, iss, exp, iat offsets, jti). */
static void
signing_input(const char *alg, const char *kid, const char *iss, const char *aud, long exp_in,
    long iat_in, const char *jti, char *out, size_t cap)
{
	char h[256], p[1024], hb[400], pb[1400];
	time_t now = time(NULL);
	snprintf(h, sizeof h, "{\"alg\":\"%s\",\"typ\":\"JWT\",\"kid\":\"%s\"}", alg, kid);
	snprintf(p, sizeof p, "{\"iss\":\"%s\",\"sub\":\"client-42\",\"aud\":\"%s\",\"exp\":%lld,"
	    "\"iat\":%lld,\"jti\":\"%s\"}", iss, aud, (long long)(now + exp_in), (long long)(now + iat_in), jti);
	b64s(h, hb);
	b64s(p, pb);
	snprintf(out, cap, "%s.%s", hb, pb);
}

static void
digest384(const char *s, uint8_t d[SHA384_DIGEST_SIZE])
{
	struct sha384_ctx h;
	sha384_init(&h);
	sha384_update(&h, strlen(s), (const uint8_t *)s);
	sha384_digest(&h, SHA384_DIGEST_SIZE, d);
}

static const uint8_t sha384_info[] = {
	0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02,
	0x05, 0x00, 0x04, 0x30,
};

/* A token: alg RS384, ES384, HS384 (keyed with the RSA modulus, the classic confusion) or none. */
static char *
token(const char *alg, const char *iss, const char *aud, long exp_in, long iat_in, const char *jti)
{
	static char out[3000];
	char in[2000], sig[600] = "";
	uint8_t d[SHA384_DIGEST_SIZE];

	signing_input(alg, strcmp(alg, "ES384") == 0 ? "e1" : "r1", iss, aud, exp_in, iat_in, jti, in, sizeof in);
	digest384(in, d);
	if (strcmp(alg, "RS384") == 0) {
		uint8_t info[sizeof sha384_info + SHA384_DIGEST_SIZE];
		mpz_t s;
		memcpy(info, sha384_info, sizeof sha384_info);
		memcpy(info + sizeof sha384_info, d, sizeof d);
		mpz_init(s);
		ck_assert(rsa_pkcs1_sign(&rsa_priv, sizeof info, info, s));
		mpz_b64(s, rsa_pub.size, sig);
		mpz_clear(s);
	} else if (strcmp(alg, "ES384") == 0) {
		/* JWS ECDSA: R || S, 48 bytes each, not DER */
		struct dsa_signature ds;
		uint8_t rs[96] = { 0 };
		dsa_signature_init(&ds);
		ecdsa_sign(&ec_key, NULL, rnd, sizeof d, d, &ds);
		mpz_export(rs + 48 - (mpz_sizeinbase(ds.r, 2) + 7) / 8, NULL, 1, 1, 0, 0, ds.r);
		mpz_export(rs + 96 - (mpz_sizeinbase(ds.s, 2) + 7) / 8, NULL, 1, 1, 0, 0, ds.s);
		util_base64url(rs, sizeof rs, sig);
		dsa_signature_clear(&ds);
	} else if (strcmp(alg, "HS384") == 0) {
		struct hmac_sha384_ctx h;
		uint8_t key[512], mac[SHA384_DIGEST_SIZE];
		size_t kn;
		mpz_export(key, &kn, 1, 1, 0, 0, rsa_pub.n);
		hmac_sha384_set_key(&h, kn, key);
		hmac_sha384_update(&h, strlen(in), (const uint8_t *)in);
		hmac_sha384_digest(&h, sizeof mac, mac);
		util_base64url(mac, sizeof mac, sig);
	}
	snprintf(out, sizeof out, "%s.%s", in, sig);
	return out;
}

static const char *
next_jti(void)
{
	static char j[32];
	snprintf(j, sizeof j, "jti-%u", ++jti_n);
	return j;
}

static long
call(const char *jwt, struct th_resp *r)
{
	char *body = th_cds_request("order-select", "EHR-77", "Practitioner/1",
	    th_cds_bundle(json_pack("[o]", th_cds_order("a", RXNORM, "36437", NULL))), json_null());
	th_request(&T, "POST", SELECT, jwt, "application/json", body, NULL, r);
	free(body);
	return r->status;
}

static void
refused(const char *jwt, const char *why, const char *what)
{
	struct th_resp r;
	call(jwt, &r);
	th_assert_problem(&r, 401);
	ck_assert_msg(strstr(th_str(r.json, "detail"), why) != NULL, "%s: %s", what, r.body);
	th_resp_free(&r);
}

#define AUD "https://titrad.clinic.test" SELECT

START_TEST(test_valid_tokens)
{
	struct th_resp r;
	ck_assert_int_eq(call(token("RS384", ISS, AUD, 240, 0, next_jti()), &r), 200);
	ck_assert_ptr_nonnull(json_object_get(r.json, "cards"));
	th_resp_free(&r);
	ck_assert_int_eq(call(token("ES384", ISS, AUD, 240, -10, next_jti()), &r), 200);
	th_resp_free(&r);
	/* titrad's own tokens stay accepted */
	ck_assert_int_eq(call(T.clinic, &r), 200);
	th_resp_free(&r);
	/* the discovery endpoint: aud is its own URL */
	th_get(&T, "/cds-services", token("ES384", ISS, "https://titrad.clinic.test/cds-services", 60, 0,
	    next_jti()), &r);
	ck_assert_int_eq(r.status, 200);
	th_resp_free(&r);
}
END_TEST

START_TEST(test_refused_tokens)
{
	struct th_resp r;
	refused(token("RS384", ISS, "https://other.test" SELECT, 240, 0, next_jti()), "aud", "wrong aud");
	refused(token("ES384", ISS, "https://titrad.clinic.test/cds-services/titrad-order-sign", 240, 0,
	    next_jti()), "aud", "another service's aud");
	refused(token("RS384", ISS, AUD, -120, -200, next_jti()), "expired", "expired");
	refused(token("RS384", ISS, AUD, 3600, 0, next_jti()), "out of range", "lives an hour");
	refused(token("ES384", ISS, AUD, 240, 600, next_jti()), "out of range", "issued in the future");
	refused(token("RS384", "https://stranger.test", AUD, 240, 0, next_jti()), "not trusted", "unknown issuer");
	refused(token("none", ISS, AUD, 240, 0, next_jti()), "RS384 or ES384", "alg none");
	refused(token("HS384", ISS, AUD, 240, 0, next_jti()), "RS384 or ES384", "HMAC");

	/* a replayed jti: the first use passes, the second is refused */
	char *t = strdup(token("ES384", ISS, AUD, 240, 0, "once"));
	ck_assert_int_eq(call(t, &r), 200);
	th_resp_free(&r);
	refused(t, "replay", "replayed jti");

	/* a tampered payload or signature, and a key of the wrong type for the alg */
	t[strlen(t) - 3] = t[strlen(t) - 3] == 'A' ? 'B' : 'A';
	refused(t, "signature", "tampered signature");
	free(t);
	char *rs = strdup(token("RS384", ISS, AUD, 240, 0, next_jti()));
	char *es = token("ES384", ISS, AUD, 240, 0, next_jti());
	char swapped[3000];
	/* the ES384 header and payload with the RS384 signature */
	snprintf(swapped, sizeof swapped, "%.*s%s", (int)(strrchr(es, '.') - es), es, strrchr(rs, '.'));
	refused(swapped, "signature", "RSA signature on an ES384 token");
	free(rs);
	refused("a.b", "not a signed JWT", "two segments");
	/* a JWT off the CDS routes is not a titrad token */
	th_get(&T, "/v1/patients", token("RS384", ISS, "https://titrad.clinic.test/v1/patients", 240, 0,
	    next_jti()), &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	/* only the one accepted call ("once") showed a card: no refused call wrote anything */
	ck_assert_int_eq(th_count(&T, "cds_card"), 1);
}
END_TEST

/* Does the raw answer carry this header line (curl's verbose-free check via a header dump)? */
static bool
has_header(const char *method, const char *path, const char *token, const char *origin,
    const char *want, long *status)
{
	char cmd[1024], line[512];
	bool found = false;
	snprintf(cmd, sizeof cmd, "curl -s -o /dev/null -D - -X %s -H 'Origin: %s' %s%s%s "
	    "-H 'Access-Control-Request-Method: POST' http://127.0.0.1:%u%s", method, origin,
	    token ? "-H 'Authorization: Bearer " : "", token ? token : "", token ? "'" : "",
	    T.app->port, path);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	*status = 0;
	while (fgets(line, sizeof line, p) != NULL) {
		if (strncmp(line, "HTTP/", 5) == 0)
			*status = atol(strchr(line, ' ') + 1);
		if (strncasecmp(line, want, strlen(want)) == 0)
			found = true;
	}
	pclose(p);
	return found;
}

/* CORS: preflight and answers on the CDS routes for the configured origins only. */
START_TEST(test_cors)
{
	long st;
	/* none configured: a preflight is refused, an answer has no CORS header */
	ck_assert(!has_header("OPTIONS", SELECT, NULL, "https://ehr.test", "Access-Control-Allow-Origin", &st));
	ck_assert_int_eq(st, 403);
	util_copy(T.app->cfg.cds_cors_origins, sizeof T.app->cfg.cds_cors_origins,
	    "https://other.test https://ehr.test");
	ck_assert(has_header("OPTIONS", SELECT, NULL, "https://ehr.test",
	    "Access-Control-Allow-Origin: https://ehr.test\r", &st));
	ck_assert_int_eq(st, 204);
	ck_assert(has_header("OPTIONS", SELECT, NULL, "https://ehr.test",
	    "Access-Control-Allow-Headers: Authorization, Content-Type", &st));
	ck_assert(has_header("GET", "/cds-services", T.clinic, "https://ehr.test",
	    "Access-Control-Allow-Origin: https://ehr.test\r", &st));
	ck_assert_int_eq(st, 200);
	ck_assert(has_header("GET", "/cds-services", T.clinic, "https://ehr.test", "Vary: Origin", &st));
	/* an origin not listed, a prefix of one, and a route outside CDS Hooks get none */
	ck_assert(!has_header("OPTIONS", SELECT, NULL, "https://ehr.tes", "Access-Control-Allow-Origin", &st));
	ck_assert_int_eq(st, 403);
	ck_assert(!has_header("GET", "/cds-services", T.clinic, "https://evil.test", "Access-Control", &st));
	ck_assert_int_eq(st, 200);
	ck_assert(!has_header("GET", "/v1/patients", T.clinic, "https://ehr.test", "Access-Control", &st));
	ck_assert_int_eq(st, 200);
	ck_assert(!has_header("OPTIONS", "/v1/patients", NULL, "https://ehr.test", "Access-Control", &st));
	ck_assert_int_eq(st, 405);
	util_copy(T.app->cfg.cds_cors_origins, sizeof T.app->cfg.cds_cors_origins, "*");
	ck_assert(has_header("OPTIONS", SELECT, NULL, "https://any.test",
	    "Access-Control-Allow-Origin: https://any.test\r", &st));
}
END_TEST

START_TEST(test_trust_file_errors)
{
	char path[PATH_MAX], err[512];
	testtmp_file(path, sizeof path);
	write_file(path, "{\"" ISS "\": \"/nonexistent/jwks.json\"}");
	auth_ehr_trust_free(T.app);
	util_copy(T.app->cfg.cds_trusted_issuers, sizeof T.app->cfg.cds_trusted_issuers, path);
	ck_assert(!auth_ehr_trust_load(T.app, err, sizeof err));
	ck_assert_msg(strstr(err, "cds_trusted_issuers") && strstr(err, "/nonexistent/jwks.json"), "%s", err);
	auth_ehr_trust_free(T.app);
	write_file(path, "[]");
	ck_assert(!auth_ehr_trust_load(T.app, err, sizeof err));
	ck_assert_msg(strstr(err, "not a JSON object"), "%s", err);
	auth_ehr_trust_free(T.app);
	write_file(path, "{\"" ISS "\": \"/dev/null\"}");
	ck_assert(!auth_ehr_trust_load(T.app, err, sizeof err));
	ck_assert_msg(strstr(err, "JWK set"), "%s", err);
	auth_ehr_trust_free(T.app);
	/* restore a loadable state for teardown */
	T.app->cfg.cds_trusted_issuers[0] = '\0';
	auth_ehr_trust_free(T.app);
	ck_assert(auth_ehr_trust_load(T.app, err, sizeof err));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ehr_jwt");
	TCase *tc = th_tcase("jwt", setup, teardown, 60);
	tcase_add_test(tc, test_valid_tokens);
	tcase_add_test(tc, test_refused_tokens);
	tcase_add_test(tc, test_trust_file_errors);
	tcase_add_test(tc, test_cors);
	suite_add_tcase(s, tc);
	return th_run(s);
}
