/* SPDX-License-Identifier: Apache-2.0 */
/*
 * token_use.h - tokens' last-used times, recorded off the request path.
 *
 * A request only notes (token id, time) in memory; a background thread
 * writes what was noted every token_use_flush seconds in one write
 * transaction, and once more when it stops, so a GET writes nothing and
 * waits on no fsync.  last_used_at is therefore up to that many seconds
 * late (it is to the minute anyway); a crash loses at most that much of it,
 * never anything a request was answered about.
 */
#ifndef TITRAD_TOKEN_USE_H
#define TITRAD_TOKEN_USE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct token_use;

/* Start the flusher on its own connection to store_path; NULL on failure (err says why). */
struct token_use *token_use_start(const char *store_path, unsigned flush_seconds, char *err, size_t errlen);
/* Note a use of token id at stamp (a UTC time stamp; the latest noted wins). */
void token_use_note(struct token_use *u, int64_t id, const char *stamp);
/* Write what is noted now; STORE_ code.  Uses noted meanwhile wait for the next flush. */
int token_use_flush(struct token_use *u);
/* Stop the thread, flush a last time, free.  NULL is fine. */
void token_use_stop(struct token_use *u);

#endif
