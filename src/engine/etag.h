/* SPDX-License-Identifier: Apache-2.0 */
/*
 * etag.h - If-Match / If-None-Match field values per RFC 9110 13.1.
 *
 * Pure.  A field value is "*" or a comma list of entity tags, each
 * [W/]"opaque", with optional whitespace around the elements and empty
 * elements allowed.  If-Match compares strongly (a weak tag never matches),
 * If-None-Match weakly (W/"x" matches "x").
 */
#ifndef TITRAD_ETAG_H
#define TITRAD_ETAG_H

#include <stdbool.h>

enum etag_match { ETAG_NO_MATCH, ETAG_MATCH, ETAG_BAD };

/* field against our current tag (with its quotes, e.g. "\"p1-v3\""); BAD if field is not a list of tags. */
enum etag_match etag_list_match(const char *field, const char *etag, bool weak);

#endif
