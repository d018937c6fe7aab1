/* SPDX-License-Identifier: Apache-2.0 */
/* tz.c - the configured time zone (see tz.h). */
#include "base/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONEINFO "/usr/share/zoneinfo"

bool
tz_valid(const char *name)
{
	char path[512], magic[4];
	const char *dir = getenv("TZDIR");
	FILE *f;
	size_t got;

	if (strcmp(name, "UTC") == 0)
		return true;            /* glibc knows UTC without any file */
	/* A name, not a path: no leading '/', no "..", no POSIX rule strings (":", ","). */
	if (name[0] == '\0' || name[0] == '/' || strlen(name) >= TZ_NAME_MAX || strstr(name, "..") != NULL)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '/' || *p == '_' || *p == '-' || *p == '+'))
			return false;
	snprintf(path, sizeof path, "%s/%s", dir != NULL && dir[0] != '\0' ? dir : ZONEINFO, name);
	if ((f = fopen(path, "rb")) == NULL)
		return false;
	got = fread(magic, 1, sizeof magic, f);
	fclose(f);
	/* A directory reads nothing; anything else is not a compiled zone. */
	return got == sizeof magic && memcmp(magic, "TZif", 4) == 0;
}

bool
tz_apply(const char *name, char *err, size_t errlen)
{
	if (!tz_valid(name)) {
		snprintf(err, errlen, "timezone: '%s' is not a time zone this system knows (an IANA name "
		    "such as Europe/Berlin, a file under " ZONEINFO ")", name);
		return false;
	}
	/* Before any worker thread exists: setenv is not safe against concurrent getenv. */
	if (setenv("TZ", name, 1) != 0) {
		snprintf(err, errlen, "timezone: cannot set TZ");
		return false;
	}
	tzset();
	return true;
}

long
tz_offset(time_t t)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

void
tz_format_stamp(time_t t, char out[TZ_STAMP_LEN])
{
	long off = tz_offset(t), a = off < 0 ? -off : off;
	time_t local = t + off;
	struct tm tm;
	size_t n;

	out[0] = '\0';
	if (gmtime_r(&local, &tm) == NULL)
		return;
	/* 19 bytes for the years titrad accepts (0001-9999); then 'Z' or the 6-byte offset. */
	n = strftime(out, TZ_STAMP_LEN - 6, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n == 0)
		return;
	if (off == 0)
		snprintf(out + n, TZ_STAMP_LEN - n, "Z");
	else
		snprintf(out + n, TZ_STAMP_LEN - n, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600 % 24),
		    (int)(a / 60 % 60));
}
