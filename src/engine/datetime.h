/* SPDX-License-Identifier: Apache-2.0 */
/*
 * datetime.h - calendar dates, times of day and timestamps as integers.
 *
 * Pure: no I/O, no locale, no time zone.  A date is a count of days since
 * 1970-01-01 (proleptic Gregorian); a time of day is minutes after midnight.
 * Parsers are strict: "2026-02-30", "24:00" and "2026-1-5" are refused.
 */
#ifndef TITRAD_DATETIME_H
#define TITRAD_DATETIME_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define DT_DATE_LEN  11   /* "YYYY-MM-DD" + NUL */
#define DT_TIME_LEN   6   /* "HH:MM" + NUL */
#define DT_STAMP_LEN 21   /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Years outside this range are refused by dt_parse_date. */
#define DT_YEAR_MIN 1900
#define DT_YEAR_MAX 9999

int32_t dt_days_from_civil(int y, int m, int d);
/* The last day a derived date may fall on: DT_YEAR_MAX-12-31 (never a 5-digit year). */
int32_t dt_day_max(void);
void dt_civil_from_days(int32_t days, int *y, int *m, int *d);
int dt_days_in_month(int y, int m);
/* 0 = Monday ... 6 = Sunday */
int dt_weekday(int32_t days);

/* Return true and store the value on success; false leaves *out unchanged. */
bool dt_parse_date(const char *s, int32_t *out);
bool dt_parse_time(const char *s, int *minutes_out);

void dt_format_date(int32_t days, char out[DT_DATE_LEN]);
void dt_format_time(int minutes, char out[DT_TIME_LEN]);
void dt_format_stamp(time_t t, char out[DT_STAMP_LEN]);
/* "YYYYMMDDTHHMMSSZ" for iCalendar DTSTAMP; 17 bytes with NUL. */
void dt_format_ical_stamp(time_t t, char out[17]);
/* Parse our own "YYYY-MM-DDTHH:MM:SSZ"; false on anything else. */
bool dt_parse_stamp(const char *s, time_t *out);

/* The UTC calendar day containing t. */
int32_t dt_day_of(time_t t);

#endif
