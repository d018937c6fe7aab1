/* SPDX-License-Identifier: Apache-2.0 */
/*
 * datetime.c - integer calendar arithmetic.
 *
 * days_from_civil / civil_from_days follow Howard Hinnant's public-domain
 * algorithms: exact for the whole proleptic Gregorian calendar, no tables,
 * no floating point and no dependence on the C library's time zone.
 */
#include "engine/datetime.h"

#include <stdio.h>
#include <string.h>

int32_t
dt_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int)doe - 719468);
}

void
dt_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
	const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)yoe + era * 400 + (mm <= 2);
	*m = (int)mm;
	*d = (int)dd;
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
dt_days_in_month(int y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

int
dt_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((days % 7 + 7 + 3) % 7);
	return w;
}

/* Read exactly n decimal digits; no signs, no spaces. */
static bool
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
dt_parse_date(const char *s, int32_t *out)
{
	int y, m, d;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	if (y < DT_YEAR_MIN || y > DT_YEAR_MAX || m < 1 || m > 12)
		return false;
	if (d < 1 || d > dt_days_in_month(y, m))
		return false;
	*out = dt_days_from_civil(y, m, d);
	return true;
}

bool
dt_parse_time(const char *s, int *minutes_out)
{
	int h, m;
	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return false;
	if (!digits(s, 2, &h) || !digits(s + 3, 2, &m))
		return false;
	if (h > 23 || m > 59)
		return false;
	*minutes_out = h * 60 + m;
	return true;
}

void
dt_format_date(int32_t days, char out[DT_DATE_LEN])
{
	int y, m, d;
	dt_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	/* "%04d-%02d-%02d" by hand: a calendar formats a date per night, and snprintf is most of its cost. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

void
dt_format_time(int minutes, char out[DT_TIME_LEN])
{
	minutes = ((minutes % 1440) + 1440) % 1440;
	/* "%02d:%02d" by hand, as dt_format_date. */
	out[0] = (char)('0' + minutes / 600);
	out[1] = (char)('0' + minutes / 60 % 10);
	out[2] = ':';
	out[3] = (char)('0' + minutes % 60 / 10);
	out[4] = (char)('0' + minutes % 10);
	out[5] = '\0';
}

int32_t
dt_day_of(time_t t)
{
	int64_t s = (int64_t)t;
	int64_t d = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	return (int32_t)d;
}

static void
split_time(time_t t, int *y, int *mo, int *d, int *h, int *mi, int *s)
{
	int32_t days = dt_day_of(t);
	int64_t secs = (int64_t)t - (int64_t)days * 86400;
	dt_civil_from_days(days, y, mo, d);
	*h = (int)(secs / 3600);
	*mi = (int)(secs / 60 % 60);
	*s = (int)(secs % 60);
}

void
dt_format_stamp(time_t t, char out[DT_STAMP_LEN])
{
	int y, mo, d, h, mi, s;
	split_time(t, &y, &mo, &d, &h, &mi, &s);
	if (y < 0 || y > 9999)
		y = 0;
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
	memcpy(out, tmp, DT_STAMP_LEN - 1);
	out[DT_STAMP_LEN - 1] = '\0';
}

void
dt_format_ical_stamp(time_t t, char out[17])
{
	int y, mo, d, h, mi, s;
	split_time(t, &y, &mo, &d, &h, &mi, &s);
	if (y < 0 || y > 9999)
		y = 0;
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, s);
	memcpy(out, tmp, 16);
	out[16] = '\0';
}

bool
dt_parse_stamp(const char *s, time_t *out)
{
	char date[DT_DATE_LEN];
	int32_t days;
	int h, mi, sec;
	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!dt_parse_date(date, &days))
		return false;
	if (!digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
		return false;
	if (h > 23 || mi > 59 || sec > 59)   /* titrad never writes leap seconds */
		return false;
	*out = (time_t)((int64_t)days * 86400 + h * 3600 + mi * 60 + sec);
	return true;
}

int32_t
dt_day_max(void)
{
	return dt_days_from_civil(DT_YEAR_MAX, 12, 31);
}
