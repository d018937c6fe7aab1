/* SPDX-License-Identifier: Apache-2.0 */
/* idempotency.c - Idempotency-Key replay and refusal (see idempotency.h). */
#include "http/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "engine/sha256.h"
#include "base/util.h"

bool
idempotency_check(struct req *r, enum MHD_Result *res)
{
	const char *key = http_header(r, "Idempotency-Key");
	struct store_idem old;
	struct sha256 c;
	uint8_t d[SHA256_LEN];
	char since[DT_STAMP_LEN];
	int rc;

	if (key == NULL)
		return true;
	size_t n = strlen(key);
	bool ok = n > 0 && n < sizeof r->idem_key;
	for (size_t i = 0; ok && i < n; i++)
		ok = key[i] > 0x20 && key[i] < 0x7f;
	if (!ok) {
		*res = http_invalid(r, "Idempotency-Key", "Idempotency-Key must be 1 to 255 visible ASCII characters");
		return false;
	}
	sha256_init(&c);
	sha256_update(&c, r->method, strlen(r->method));
	sha256_update(&c, "\n", 1);
	sha256_update(&c, r->path, strlen(r->path));
	sha256_update(&c, "\n", 1);
	if (r->body != NULL)
		sha256_update(&c, r->body, r->body_len);
	sha256_final(&c, d);
	for (int i = 0; i < SHA256_LEN; i++)
		snprintf(r->idem_hash + 2 * i, 3, "%02x", d[i]);
	util_copy(r->idem_key, sizeof r->idem_key, key);
	dt_format_stamp(r->now - 86400, since);
	rc = store_idem_get(r->db, r->token_id, key, since, &old);
	if (rc == STORE_NOTFOUND) {
		r->idem = true;
		return true;
	}
	if (rc != STORE_OK) {
		*res = http_db_failure(r, rc);
		return false;
	}
	if (strcmp(old.request_hash, r->idem_hash) != 0) {
		free(old.body);
		*res = http_invalid(r, "Idempotency-Key", "this Idempotency-Key was used with a different request");
		return false;
	}
	const char *h[7] = { "Idempotent-Replayed", "true", NULL, NULL, NULL, NULL, NULL };
	size_t k = 2;
	if (old.location[0]) {
		h[k++] = "Location";
		h[k++] = old.location;
	}
	if (old.etag[0]) {
		h[k++] = "ETag";
		h[k++] = old.etag;
	}
	*res = http_body(r, (unsigned)old.status, old.content_type[0] ? old.content_type : NULL, old.body,
	    old.body_len, h);
	return false;
}
