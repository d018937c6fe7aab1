/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cache.h - the response cache: GET bodies of the calendar (JSON, .ics,
 * .html) and FHIR routes, with the headers their handler gave, kept in a
 * least-recently-used list bounded in bytes (config key cache_bytes; 0
 * turns it off).
 *
 * Coherence lives in the database, not here: the key holds the data
 * version (store_data_version, raised by every write a body can show)
 * read in the request's own snapshot, so the first request after any
 * commit, by this process or another on the same database, misses and
 * renders afresh; an old entry is never served, it just ages out.  The
 * key also holds everything else the body depends on: the route, the
 * ids, the caller's role and patient, today's date, every query argument,
 * the Host header, whether a bearer header came, and the settings the
 * bodies quote (public_url and the identifiers derived from it, paper,
 * clinic name and phone, TLS or not).
 *
 * Authentication and authorization run before the cache on every request.
 * Only clinic and patient reads use it (a pharmacist's or admin's read
 * writes its audit row through the handler), and only unconditional ones
 * (If-None-Match, If-Modified-Since go to the handler, which answers 304).
 * A hit queues the very body and headers the handler queued (http_body),
 * so the answer is byte for byte the same.
 *
 * Thread-safe: one mutex over the table; a hit copies the entry out, so an
 * entry has one owner, the cache.
 */
#ifndef TITRAD_CACHE_H
#define TITRAD_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

struct resp_cache;
struct req;

struct resp_cache *cache_new(size_t max_bytes);
void cache_free(struct resp_cache *c);
void cache_stats(struct resp_cache *c, uint64_t *hits, uint64_t *misses, size_t *bytes);

#define CACHE_HEADERS_MAX 8     /* name/value pairs kept with a body (the handlers give two) */

/* A hit: body is a malloc'd block for http_body to own; ctype and headers live inside it. */
struct cache_hit {
	char *body;
	size_t len;
	const char *ctype;
	const char *headers[CACHE_HEADERS_MAX * 2 + 1];
};
/*
 * In a GET's snapshot, before the handler: true with the answer to queue
 * (http_body(r, 200, hit->ctype, hit->body, hit->len, hit->headers));
 * false to run the handler, which then offers its answer through
 * cache_offer.
 */
bool cache_serve(struct req *r, struct cache_hit *hit);
/* From http_body: keep a 200 answer of a request cache_serve let through. */
void cache_offer(struct req *r, unsigned status, const char *ctype, const char *body, size_t len,
    const char *const *headers);

#endif
