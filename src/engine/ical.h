/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ical.h - RFC 5545 rendering of a dose calendar.
 *
 * Pure: events in, text out.  CRLF line endings; content lines folded at
 * 75 octets, never inside a UTF-8 sequence; TEXT values escaped (backslash,
 * ';', ',' and newline).  One VEVENT per dose night, floating local DTSTART
 * (no TZID, no 'Z': the patient's wall clock), a UID stable across
 * regenerations, SEQUENCE, a DISPLAY VALARM at the dose time, and
 * STATUS:CANCELLED for nights a later change removed.
 *
 * After the last night the dose goes on (maintenance, or a hold): one
 * more VEVENT, UID titrad-r<regimen>-rest@<domain>, repeats the last
 * dose every night from the night after it (RRULE FREQ=DAILY) so
 * reminders never end: open-ended, or with UNTIL the last dose of a plan
 * that ends (a stop or taper dated after the listed nights).  When the
 * plan ends within the listed nights (they then show every dose), or the
 * last night is cancelled, the series is sent STATUS:CANCELLED, so it
 * never doubles a listed night and a subscriber drops what it had.  Its
 * SEQUENCE is the number of events plus their SEQUENCEs, plus one once
 * the plan ends: a later version only lists more nights, changes some or
 * gains the end, so it rises whenever the series can have changed.
 */
#ifndef TITRAD_ICAL_H
#define TITRAD_ICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct ical_calendar {
	const char *name;            /* X-WR-CALNAME, e.g. "Pramipexole titration" */
	const char *uid_domain;      /* UID right-hand side, e.g. "titrad" */
	int64_t regimen_id;
	time_t dtstamp;              /* the regimen's last change: same input, same bytes */
	int duration_minutes;        /* DURATION of each dose event */
	const char *url;             /* URL of every VEVENT (the check-in form), NULL for none */
	int refresh_minutes;         /* REFRESH-INTERVAL and X-PUBLISHED-TTL (RFC 7986), 0: none */
	bool rest;                   /* the series after the last event (not for a partial range) */
	int32_t rest_last_day;       /* dose date of the plan's last dose, INT32_MAX: none (open-ended) */
	const char *rest_description;  /* the series' DESCRIPTION, NULL: the last event's */
};

struct ical_event {
	int32_t night;               /* UID: titrad-r<regimen>-n<night>@<domain> */
	int32_t date_day;            /* dt_ day of the dose (datetime.h) */
	int32_t minute;              /* dose time, minutes after midnight */
	int32_t sequence;            /* times a later change altered this night */
	bool cancelled;              /* STATUS:CANCELLED */
	const char *summary;         /* "Pramipexole 0.25 mg" */
	const char *description;     /* instructions, may contain newlines */
};

/*
 * Render the calendar; returns a malloc'd NUL-terminated string (caller
 * frees) and its length in *len, or NULL when out of memory.
 */
char *ical_render(const struct ical_calendar *cal, const struct ical_event *ev, size_t n, size_t *len);

/*
 * Append one content line "name:value" (value already escaped as needed),
 * folded at 75 octets with CRLF, to buf.  Exposed for tests.
 */
struct ical_buf {
	char *p;
	size_t len, cap;
	bool failed;
};
void ical_line(struct ical_buf *b, const char *name, const char *value);
/* Escape TEXT per RFC 5545 3.3.11 into a malloc'd string (NULL on failure). */
char *ical_escape_text(const char *s);

#endif
