/* SPDX-License-Identifier: Apache-2.0 */
/* cors.c - CORS on the CDS Hooks routes (see cors.h). */
#include "http/cors.h"

#include <stddef.h>
#include <string.h>

const char *const cors_preflight_headers[] = {
	"Access-Control-Allow-Methods", "GET, POST, OPTIONS",
	"Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id",
	"Access-Control-Max-Age", "600",
	NULL,
};

static bool
cds_route(const char *path)
{
	return strncmp(path, "/cds-services", 13) == 0 && (path[13] == '\0' || path[13] == '/');
}

const char *
cors_allowed_origin(const struct titrad_config *cfg, const char *path, const char *origin)
{
	size_t n = origin ? strlen(origin) : 0;

	if (n == 0 || cfg->cds_cors_origins[0] == '\0' || !cds_route(path))
		return NULL;
	for (const char *p = cfg->cds_cors_origins; *p;) {
		size_t len = strcspn(p, " \t");
		if ((len == 1 && p[0] == '*') || (len == n && strncmp(p, origin, n) == 0))
			return origin;
		p += len;
		p += strspn(p, " \t");
	}
	return NULL;
}

enum cors_preflight
cors_preflight(const struct titrad_config *cfg, const char *method, const char *path, const char *origin)
{
	if (strcmp(method, "OPTIONS") != 0 || !cds_route(path) || origin == NULL)
		return CORS_NOT_PREFLIGHT;
	return cors_allowed_origin(cfg, path, origin) ? CORS_ALLOWED : CORS_REFUSED;
}
