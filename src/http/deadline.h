/* SPDX-License-Identifier: Apache-2.0 */
/*
 * deadline.h - a deadline for receiving a whole request.
 *
 * libmicrohttpd's connection_timeout only closes a connection that is
 * silent, so a client sending one byte every few seconds could keep a
 * connection (and its slot) for ever, and MHD calls no handler while the
 * request line and headers arrive.  Every connection is registered here
 * when it opens; a watchdog thread shuts down the socket of any connection
 * still receiving its request past the deadline.  libmicrohttpd then sees
 * the connection end and closes it: nothing is answered, and since the
 * handler never ran, nothing is written.
 *
 * The first request on a connection counts from the connection's opening;
 * a later one on a kept-alive connection from its request line, which must
 * itself arrive within idle + deadline seconds of the previous answer.
 * From deadline_received (the whole request is in) to deadline_answered
 * (the answer went out) the watchdog leaves the connection alone.
 *
 * Threads: every function may be called from any libmicrohttpd thread.
 */
#ifndef TITRAD_DEADLINE_H
#define TITRAD_DEADLINE_H

#include <stdbool.h>

struct deadlines;
struct deadline_conn;

/* Start the watchdog: seconds for a request, idle the connection timeout.  NULL: out of memory. */
struct deadlines *deadlines_new(unsigned seconds, unsigned idle);
/* Stop the watchdog; every connection must have been closed (libmicrohttpd stopped). */
void deadlines_free(struct deadlines *d);

/* A connection opened on socket fd; NULL when out of memory (then it has no deadline). */
struct deadline_conn *deadline_open(struct deadlines *d, int fd);
/* The connection is closing, before its socket is closed: forget it. */
void deadline_close(struct deadlines *d, struct deadline_conn *c);
/* A request line arrived: the request has at most the deadline from now. */
void deadline_request_line(struct deadlines *d, struct deadline_conn *c);
/* Still within the deadline (and not cut)?  false: refuse to go on (close). */
bool deadline_ok(struct deadlines *d, struct deadline_conn *c);
/* The whole request is in: stop counting.  false: too late, it was cut; close, run nothing. */
bool deadline_received(struct deadlines *d, struct deadline_conn *c);
/* The answer is complete: the next request on the connection starts counting. */
void deadline_answered(struct deadlines *d, struct deadline_conn *c);

#endif
