/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ical.c - RFC 5545 rendering of a dose calendar.
 *
 * One pass over the events into a single growing buffer (capacity doubles,
 * so the whole render is amortised O(output length)).  Content lines are
 * folded at 75 octets (RFC 5545 3.1): a continuation line starts with one
 * space, which counts towards its 75, and a fold never falls inside a
 * UTF-8 sequence.  TEXT values are escaped per RFC 5545 3.3.11.
 */
#include "engine/ical.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/datetime.h"
#include "base/util.h"

#define ICAL_FOLD 75            /* octets per physical line, CRLF excluded */
#define ICAL_MIN_CAP 256

/*
 * Make room for extra more bytes plus a NUL.  The capacity doubles until
 * it fits; on failure the buffer is marked failed and left as it was.
 */
static bool
buf_reserve(struct ical_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1 ||
	    !util_grow((void **)&b->p, &b->cap, b->len + extra + 1, 1, ICAL_MIN_CAP)) {
		b->failed = true;
		return false;
	}
	return true;
}

/* Append n bytes; the caller has reserved room. */
static void
buf_put_reserved(struct ical_buf *b, const char *s, size_t n)
{
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Length of the UTF-8 sequence starting at s[0] (s[0] != NUL), at most 4. */
static size_t
utf8_seq_len(const unsigned char *s)
{
	size_t n = 1;
	/* Keep a lead byte together with its continuation bytes (10xxxxxx). */
	while (n < 4 && (s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* Emit src with folding; *col is the octet count of the current physical line. */
static void
fold_put(struct ical_buf *b, const char *src, size_t *col)
{
	const unsigned char *s = (const unsigned char *)src;
	while (*s != '\0') {
		size_t n = utf8_seq_len(s);
		if (*col + n > ICAL_FOLD) {
			buf_put_reserved(b, "\r\n ", 3);
			*col = 1;
		}
		buf_put_reserved(b, (const char *)s, n);
		*col += n;
		s += n;
	}
}

void
ical_line(struct ical_buf *b, const char *name, const char *value)
{
	if (b == NULL || b->failed)
		return;
	if (name == NULL)
		name = "";
	if (value == NULL)
		value = "";
	size_t nl = strlen(name), vl = strlen(value);
	if (vl > SIZE_MAX / 2 - nl - 16) {
		b->failed = true;
		return;
	}
	size_t logical = nl + 1 + vl;
	/* Each fold adds 3 octets and happens at most once per 71 content octets. */
	size_t worst = logical + (logical / (ICAL_FOLD - 4) + 1) * 3 + 2;
	if (!buf_reserve(b, worst))
		return;
	size_t col = 0;
	fold_put(b, name, &col);
	fold_put(b, ":", &col);
	fold_put(b, value, &col);
	buf_put_reserved(b, "\r\n", 2);
}

/* Escape s as TEXT into scratch (reset first); false when out of memory. */
static bool
escape_into(struct ical_buf *scratch, const char *s)
{
	scratch->len = 0;
	if (s == NULL)
		s = "";
	size_t sl = strlen(s);
	if (sl > SIZE_MAX / 2 - 1) {
		scratch->failed = true;
		return false;
	}
	if (!buf_reserve(scratch, 2 * sl))
		return false;
	char *o = scratch->p;
	size_t k = 0;
	for (size_t i = 0; i < sl; i++) {
		char c = s[i];
		switch (c) {
		case '\\':
		case ';':
		case ',':
			o[k++] = '\\';
			o[k++] = c;
			break;
		case '\r':
			if (s[i + 1] == '\n') {
				o[k++] = '\\';
				o[k++] = 'n';
				i++;
			}
			/* a CR on its own is dropped */
			break;
		case '\n':
			o[k++] = '\\';
			o[k++] = 'n';
			break;
		default:
			o[k++] = c;
			break;
		}
	}
	o[k] = '\0';
	scratch->len = k;
	return true;
}

char *
ical_escape_text(const char *s)
{
	struct ical_buf b = { 0 };
	if (!escape_into(&b, s)) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ical_line with value escaped as TEXT through the scratch buffer. */
static void
text_line(struct ical_buf *b, struct ical_buf *scratch, const char *name, const char *value)
{
	if (b->failed)
		return;
	if (!escape_into(scratch, value)) {
		b->failed = true;
		return;
	}
	ical_line(b, name, scratch->p);
}

/* "YYYYMMDDTHHMM00", floating local time; minute is normalised into the day. */
static void
format_local(int32_t day, int32_t minute, char *out, size_t cap)
{
	int64_t d = day, m = minute;
	d += m / 1440;
	m %= 1440;
	if (m < 0) {
		m += 1440;
		d -= 1;
	}
	if (d > INT32_MAX)
		d = INT32_MAX;
	if (d < INT32_MIN)
		d = INT32_MIN;
	int y, mo, dd;
	dt_civil_from_days((int32_t)d, &y, &mo, &dd);
	snprintf(out, cap, "%04d%02d%02dT%02d%02d00", y, mo, dd, (int)(m / 60), (int)(m % 60));
}

/* UID titrad-r<regimen>-<what>@<domain>, the domain escaped as TEXT. */
static void
uid_line(struct ical_buf *b, struct ical_buf *scratch, int64_t regimen_id, const char *what,
    const char *domain)
{
	char pre[96];
	if (escape_into(scratch, domain)) {
		size_t n = (size_t)snprintf(pre, sizeof pre, "titrad-r%lld-%s@", (long long)regimen_id, what);
		size_t dl = scratch->len;
		if (buf_reserve(scratch, n)) {
			memmove(scratch->p + n, scratch->p, dl + 1);
			memcpy(scratch->p, pre, n);
			scratch->len = n + dl;
			ical_line(b, "UID", scratch->p);
		}
	}
	if (scratch->failed)
		b->failed = true;
}

/*
 * The last dose, every night after the last event (see ical.h): one
 * recurring VEVENT, or that series cancelled when the plan ends.
 */
static void
rest_event(struct ical_buf *b, struct ical_buf *scratch, const struct ical_calendar *cal,
    const struct ical_event *ev, size_t n, const char *stamp, int duration)
{
	const struct ical_event *last = &ev[n - 1];
	bool ends = cal->rest_last_day != INT32_MAX;
	/* Nothing after a cancelled last night or a plan that ends within the listed nights. */
	bool goes_on = !last->cancelled && (!ends || cal->rest_last_day > last->date_day);
	int64_t seq = (int64_t)n + (ends ? 1 : 0);
	char num[64];

	for (size_t i = 0; i < n; i++)
		seq += ev[i].sequence > 0 ? ev[i].sequence : 0;
	if (seq > INT32_MAX)
		seq = INT32_MAX;        /* SEQUENCE is an INTEGER (RFC 5545 3.3.8) */
	ical_line(b, "BEGIN", "VEVENT");
	uid_line(b, scratch, cal->regimen_id, "rest", cal->uid_domain != NULL ? cal->uid_domain : "");
	ical_line(b, "DTSTAMP", stamp);
	format_local(last->date_day + 1, last->minute, num, sizeof num);
	ical_line(b, "DTSTART", num);
	snprintf(num, sizeof num, "PT%dM", duration);
	ical_line(b, "DURATION", num);
	if (goes_on && ends) {
		/* Floating DTSTART, so a floating UNTIL (RFC 5545 3.3.10): the last dose itself. */
		char until[32];
		format_local(cal->rest_last_day, last->minute, until, sizeof until);
		snprintf(num, sizeof num, "FREQ=DAILY;UNTIL=%s", until);
		ical_line(b, "RRULE", num);
	} else if (goes_on) {
		ical_line(b, "RRULE", "FREQ=DAILY");
	}
	text_line(b, scratch, "SUMMARY", last->summary);
	text_line(b, scratch, "DESCRIPTION", cal->rest_description != NULL ? cal->rest_description :
	    last->description);
	snprintf(num, sizeof num, "%lld", (long long)seq);
	ical_line(b, "SEQUENCE", num);
	ical_line(b, "STATUS", goes_on ? "CONFIRMED" : "CANCELLED");
	ical_line(b, "TRANSP", "TRANSPARENT");
	if (cal->url != NULL && cal->url[0] != '\0')
		ical_line(b, "URL", cal->url);
	if (goes_on) {
		ical_line(b, "BEGIN", "VALARM");
		ical_line(b, "ACTION", "DISPLAY");
		ical_line(b, "TRIGGER", "PT0M");
		text_line(b, scratch, "DESCRIPTION", last->summary);
		ical_line(b, "END", "VALARM");
	}
	ical_line(b, "END", "VEVENT");
}

char *
ical_render(const struct ical_calendar *cal, const struct ical_event *ev, size_t n, size_t *len)
{
	if (len != NULL)
		*len = 0;
	if (cal == NULL || (n > 0 && ev == NULL))
		return NULL;

	struct ical_buf b = { 0 }, scratch = { 0 };
	/* A reasonable first guess; doubling takes care of the rest. */
	size_t guess = 512;
	if (n < SIZE_MAX / 1024)
		guess += n * 512;
	buf_reserve(&b, guess);

	char stamp[17];
	dt_format_ical_stamp(cal->dtstamp, stamp);
	char num[160];

	ical_line(&b, "BEGIN", "VCALENDAR");
	ical_line(&b, "VERSION", "2.0");
	ical_line(&b, "PRODID", "-//titrad//titrad 1//EN");
	ical_line(&b, "CALSCALE", "GREGORIAN");
	ical_line(&b, "METHOD", "PUBLISH");
	text_line(&b, &scratch, "X-WR-CALNAME", cal->name);
	if (cal->refresh_minutes > 0) {
		/* How often a subscribed client should fetch again (RFC 7986 5.7; the older X- name for Outlook). */
		snprintf(num, sizeof num, "PT%dM", cal->refresh_minutes);
		ical_line(&b, "REFRESH-INTERVAL;VALUE=DURATION", num);
		ical_line(&b, "X-PUBLISHED-TTL", num);
	}

	const char *domain = cal->uid_domain != NULL ? cal->uid_domain : "";
	int duration = cal->duration_minutes > 0 ? cal->duration_minutes : 0;

	for (size_t i = 0; i < n && !b.failed; i++) {
		const struct ical_event *e = &ev[i];
		ical_line(&b, "BEGIN", "VEVENT");

		snprintf(num, sizeof num, "n%ld", (long)e->night);
		uid_line(&b, &scratch, cal->regimen_id, num, domain);

		ical_line(&b, "DTSTAMP", stamp);
		format_local(e->date_day, e->minute, num, sizeof num);
		ical_line(&b, "DTSTART", num);
		snprintf(num, sizeof num, "PT%dM", duration);
		ical_line(&b, "DURATION", num);
		text_line(&b, &scratch, "SUMMARY", e->summary);
		text_line(&b, &scratch, "DESCRIPTION", e->description);
		snprintf(num, sizeof num, "%ld", (long)(e->sequence > 0 ? e->sequence : 0));
		ical_line(&b, "SEQUENCE", num);
		ical_line(&b, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
		ical_line(&b, "TRANSP", "TRANSPARENT");
		/* A URI value (RFC 5545 3.3.13), not TEXT: no escaping; the caller gives a clean one. */
		if (cal->url != NULL && cal->url[0] != '\0')
			ical_line(&b, "URL", cal->url);
		if (!e->cancelled) {
			ical_line(&b, "BEGIN", "VALARM");
			ical_line(&b, "ACTION", "DISPLAY");
			ical_line(&b, "TRIGGER", "PT0M");
			text_line(&b, &scratch, "DESCRIPTION", e->summary);
			ical_line(&b, "END", "VALARM");
		}
		ical_line(&b, "END", "VEVENT");
	}
	if (cal->rest && n > 0 && !b.failed)
		rest_event(&b, &scratch, cal, ev, n, stamp, duration);
	ical_line(&b, "END", "VCALENDAR");

	free(scratch.p);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	if (len != NULL)
		*len = b.len;
	return b.p;
}
