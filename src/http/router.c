/* SPDX-License-Identifier: Apache-2.0 */
/* router.c - route matching, 404 and 405 (see router.h). */
#include "http/router.h"

#include <string.h>

#include "http/http.h"
#include "base/util.h"

/* Match path against pattern; fills ids.  Returns false on shape mismatch. */
static bool
match(const char *pattern, const char *path, int64_t ids[2], bool *bad_id)
{
	int nid = 0;
	const char *p = pattern, *s = path;

	*bad_id = false;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p), sl = se ? (size_t)(se - s) : strlen(s);
		if (pl == 3 && strncmp(p, ":id", 3) == 0) {
			char seg[32];
			int64_t v = 0;
			if (sl == 0)
				return false;
			if (sl >= sizeof seg || nid >= 2) {
				*bad_id = true;
			} else {
				memcpy(seg, s, sl);
				seg[sl] = '\0';
				if (!util_parse_id(seg, &v))
					*bad_id = true;
				else
					ids[nid++] = v;
			}
		} else if (pl != sl || strncmp(p, s, pl) != 0) {
			return false;
		}
		p += pl;
		s += sl;
	}
	return *p == '\0' && *s == '\0';
}

/* Find the route; NULL with *allow filled when only the method is wrong. */
static const struct route *
route_find(const struct route *routes, size_t nroutes, struct req *r, char *allow,
    size_t allow_len, bool *bad_id)
{
	const struct route *found = NULL;
	bool path_ok = false;
	allow[0] = '\0';
	*bad_id = false;
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		int64_t ids[2] = { 0, 0 };
		bool bad;
		if (!match(rt->pattern, r->path, ids, &bad))
			continue;
		path_ok = true;
		if (strcmp(rt->method, r->method) == 0 ||
		    (strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0)) {
			if (found == NULL) {
				found = rt;
				*bad_id = bad;
				r->id[0] = ids[0];
				r->id[1] = ids[1];
			}
		}
		if (strstr(allow, rt->method) == NULL) {
			if (allow[0] != '\0')
				strncat(allow, ", ", allow_len - strlen(allow) - 1);
			strncat(allow, rt->method, allow_len - strlen(allow) - 1);
			if (strcmp(rt->method, "GET") == 0)
				strncat(allow, ", HEAD", allow_len - strlen(allow) - 1);
		}
	}
	if (!path_ok)
		allow[0] = '\0';
	return found;
}

const struct route *
router_find(const struct route *routes, size_t nroutes, struct req *r, bool *bad_id,
    enum MHD_Result *res)
{
	char allow[128];
	const struct route *rt = route_find(routes, nroutes, r, allow, sizeof allow, bad_id);

	if (rt != NULL)
		return rt;
	if (allow[0] != '\0') {
		const char *h[] = { "Allow", allow, NULL };
		*res = http_problem_with(r, 405, "method not allowed on this resource", NULL, h);
	} else {
		*res = http_problem(r, 404, "no such resource", NULL);
	}
	return NULL;
}
