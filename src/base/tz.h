/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tz.h - the configured time zone (config key "timezone", an IANA name).
 *
 * The zone decides what "today" is: a regimen's status, the check-in
 * range and the form's default night follow the clinic's calendar, not
 * UTC's.  tz_apply validates the name and installs it once at start-up
 * (TZ and tzset); afterwards tz_offset is a pure lookup (localtime_r on
 * data already loaded), so per-request code does no I/O.  Stored
 * timestamps stay UTC.
 */
#ifndef TITRAD_TZ_H
#define TITRAD_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TZ_NAME_MAX 64
#define TZ_STAMP_LEN 26   /* "YYYY-MM-DDTHH:MM:SS+HH:MM" + NUL */

/* An IANA zone name this system knows ("UTC", or a TZif file under the zoneinfo directory). */
bool tz_valid(const char *name);
/* Validate and install name for the whole process; false with a message in err. */
bool tz_apply(const char *name, char *err, size_t errlen);
/* Seconds east of UTC in the installed zone at t. */
long tz_offset(time_t t);
/* t as local time with its offset, "…Z" when the offset is zero. */
void tz_format_stamp(time_t t, char out[TZ_STAMP_LEN]);

#endif
