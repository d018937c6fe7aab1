/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ratelimit.h - requests per second per token: a token bucket.
 *
 * A bucket holds one second's worth (limit requests) and refills at limit
 * per second.  Buckets live in a fixed table shared by every thread and
 * keyed by a hash of the token id; two tokens that hash alike take the slot
 * from each other, each starting again with a full bucket, so a collision
 * can only let a request through, never refuse one.
 */
#ifndef TITRAD_RATELIMIT_H
#define TITRAD_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

/* Take one request from token's bucket; true when it is empty (429).  limit 0 or token <= 0: never. */
bool ratelimit_exceeded(unsigned limit, int64_t token);

#endif
