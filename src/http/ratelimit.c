/* SPDX-License-Identifier: Apache-2.0 */
/* ratelimit.c - the per-token token bucket (see ratelimit.h). */
#include "http/ratelimit.h"

#include <pthread.h>

#include "base/util.h"

#define RATE_SLOTS 1024
static struct { int64_t token; uint64_t credit; uint64_t at_us; } rate_slot[RATE_SLOTS];
static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;

bool
ratelimit_exceeded(unsigned limit, int64_t token)
{
	bool limited = false;
	if (limit == 0 || token <= 0)
		return false;
	uint64_t now = util_now_us();
	pthread_mutex_lock(&rate_lock);
	size_t i = (size_t)((uint64_t)token * 2654435761u) % RATE_SLOTS;
	/* Credit in requests x 10^6: refills `limit` per second, holds one second's worth. */
	const uint64_t full = (uint64_t)limit * 1000000u;
	if (rate_slot[i].token != token) {
		rate_slot[i].token = token;
		rate_slot[i].credit = full;
		rate_slot[i].at_us = now;
	}
	uint64_t refill = (now - rate_slot[i].at_us) * limit;
	rate_slot[i].credit = full - rate_slot[i].credit < refill ? full : rate_slot[i].credit + refill;
	rate_slot[i].at_us = now;
	if (rate_slot[i].credit >= 1000000u)
		rate_slot[i].credit -= 1000000u;
	else
		limited = true;
	pthread_mutex_unlock(&rate_lock);
	return limited;
}
