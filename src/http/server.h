/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.h - the daemon: listening, the request pipeline, stopping.
 *
 * A request goes: route (404/405) -> body cap (413) -> token (401) ->
 * role (403) -> bad :id (404) -> content type (415) -> JSON (400) ->
 * Idempotency-Key replay (POST) -> rate limit (429) -> handler.  Every
 * request is logged and counted in app->metrics when it completes; a
 * transaction the handler left open is rolled back then.
 *
 * The route table comes from the caller (main passes http_routes), so the
 * server knows no handler.
 */
#ifndef TITRAD_SERVER_H
#define TITRAD_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct route;
struct store;
struct titrad;

/*
 * Start listening with routes[0..nroutes), which must outlive the daemon
 * (cfg.port 0 picks a free port, read back into app->port).
 */
bool http_start(struct titrad *app, const struct route *routes, size_t nroutes, char *err,
    size_t errlen);
/* Stop accepting, let requests in flight finish (shutdown_grace), stop. */
void http_stop(struct titrad *app);
/* Open the db of the calling thread if needed. */
struct store *http_thread_db(struct titrad *app);

#endif
