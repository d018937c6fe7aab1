/* SPDX-License-Identifier: Apache-2.0 */
/*
 * router.h - which route of a table answers a request.
 *
 * A pattern is a path of segments where ":id" matches a positive integer
 * (at most two per pattern, read into r->id).  The first route whose
 * pattern and method match wins; HEAD is answered by a GET route.
 */
#ifndef TITRAD_ROUTER_H
#define TITRAD_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

struct req;
struct route;

/*
 * The route for r->method and r->path among routes[0..nroutes), with r->id
 * filled.  NULL after queueing into *res a 404 (no pattern has this path)
 * or a 405 with Allow (some do, not with this method).  *bad_id: the path
 * has the route's shape but an :id segment is not an id; the caller answers
 * 404 once it has checked the caller may use the route at all.
 */
const struct route *router_find(const struct route *routes, size_t nroutes, struct req *r,
    bool *bad_id, enum MHD_Result *res);

#endif
