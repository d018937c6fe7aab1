/* SPDX-License-Identifier: Apache-2.0 */
/*
 * metrics.h - request counters and their Prometheus text.
 *
 * Counts requests by route and status and a latency histogram per route,
 * and reports the build and the process (resident memory, open files,
 * uptime) with them.  A set of
 * counters belongs to one route table, given when it is made: a route is
 * counted by its place in that table, so the table must outlive the
 * counters.  Recording is lock-free and safe from every worker thread.
 */
#ifndef TITRAD_METRICS_H
#define TITRAD_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct metrics;
struct route;

/* Zeroed counters for routes[0..nroutes); NULL when out of memory. */
struct metrics *metrics_new(const struct route *routes, size_t nroutes);
void metrics_free(struct metrics *m);
/* One request: rt is an entry of the table, or NULL for "unmatched"; m may be NULL. */
void metrics_record(struct metrics *m, const struct route *rt, unsigned status, uint64_t us);
/*
 * The counters in Prometheus text format, then store_errors, then extra
 * (more lines, or NULL).  malloc'd, *out_len bytes; NULL when out of memory.
 */
char *metrics_text(const struct metrics *m, uint64_t store_errors, const char *extra, size_t *out_len);

#endif
