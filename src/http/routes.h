/* SPDX-License-Identifier: Apache-2.0 */
/*
 * routes.h - the routing table: every endpoint, who may call it, and how.
 * main hands it to http_start; nothing else in the server names it, so the
 * server does not depend on the handlers.
 */
#ifndef TITRAD_ROUTES_H
#define TITRAD_ROUTES_H

#include <stddef.h>

#include "http/http.h"

extern const struct route http_routes[];
extern const size_t http_nroutes;

#endif
