/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cors.h - CORS on the CDS Hooks routes (/cds-services...), for EHRs that
 * call from a browser (SMART apps, web EHRs).  Origins are allowed by the
 * cds_cors_origins key: a space-separated list of exact origins, or "*".
 * Other routes never answer CORS: their tokens must not be usable from a
 * page on another origin.  Decisions only; the server and the response
 * helpers write the answers.
 */
#ifndef TITRAD_CORS_H
#define TITRAD_CORS_H

#include <stdbool.h>

#include "base/config.h"

enum cors_preflight { CORS_NOT_PREFLIGHT, CORS_ALLOWED, CORS_REFUSED };

/* What an OPTIONS request with this Origin (or NULL) on path is. */
enum cors_preflight cors_preflight(const struct titrad_config *cfg, const char *method,
    const char *path, const char *origin);
/* The headers of an allowed preflight's 204, name/value pairs, NULL-terminated. */
extern const char *const cors_preflight_headers[];
/* origin when an answer on path may carry Access-Control-Allow-Origin for it, else NULL. */
const char *cors_allowed_origin(const struct titrad_config *cfg, const char *path, const char *origin);

#endif
