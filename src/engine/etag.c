/* SPDX-License-Identifier: Apache-2.0 */
/* etag.c - entity-tag lists (see etag.h). */
#include "engine/etag.h"

#include <string.h>

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* etagc = %x21 / %x23-7E / obs-text */
static bool
is_etagc(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c != 0x7f);
}

enum etag_match
etag_list_match(const char *field, const char *etag, bool weak)
{
	const char *p = skip_ows(field);
	bool ours_weak = strncmp(etag, "W/", 2) == 0;
	const char *ours = ours_weak ? etag + 2 : etag;   /* "opaque" with its quotes */
	size_t ours_len = strlen(ours);
	bool match = false, any = false;

	if (*p == '*') {
		p = skip_ows(p + 1);
		return *p == '\0' ? ETAG_MATCH : ETAG_BAD;
	}
	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		bool theirs_weak = strncmp(p, "W/", 2) == 0;
		if (theirs_weak)
			p += 2;
		if (*p != '"')
			return ETAG_BAD;
		const char *start = p++;
		while (is_etagc((unsigned char)*p))
			p++;
		if (*p != '"')
			return ETAG_BAD;
		p++;
		any = true;
		if ((weak || (!theirs_weak && !ours_weak)) && (size_t)(p - start) == ours_len &&
		    memcmp(start, ours, ours_len) == 0)
			match = true;
		p = skip_ows(p);
		if (*p != ',' && *p != '\0')
			return ETAG_BAD;
	}
	if (!any)
		return ETAG_BAD;
	return match ? ETAG_MATCH : ETAG_NO_MATCH;
}
