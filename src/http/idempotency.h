/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idempotency.h - Idempotency-Key on POST.
 *
 * Keys are per token and kept for a day.  The first request with a key
 * runs and its response is stored in the request's transaction (see
 * http_commit); a repeat (same method, path and body) gets that stored
 * response again with Idempotent-Replayed: true; the key with a different
 * request is refused (422).
 */
#ifndef TITRAD_IDEMPOTENCY_H
#define TITRAD_IDEMPOTENCY_H

#include <stdbool.h>

#include <microhttpd.h>

struct req;

/*
 * Replay the stored answer of a repeat, refuse the key with a different
 * request, or mark r so its commit stores its answer.  Needs r->db and an
 * authenticated r->token_id.  False after queueing a response into *res.
 */
bool idempotency_check(struct req *r, enum MHD_Result *res);

#endif
