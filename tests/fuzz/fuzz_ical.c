/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ical.c - ical_render, ical_escape_text and ical_line (src/ical.h)
 * with up to 64 events built from the input: arbitrary well-formed UTF-8
 * summaries and descriptions (the characters the API accepts: no controls
 * but tab, and newlines in descriptions), nights ascending, any date, time,
 * sequence and cancellation.
 *
 * Properties (RFC 5545 3.1 and the ical.h contract):
 *   - the output is NUL-free, its length is *len, and it is a sequence of
 *     physical lines each ending CRLF, no other CR or LF, no control
 *     character but tab, at most 75 octets before the CRLF;
 *   - no fold splits a UTF-8 sequence: every physical line is well-formed
 *     UTF-8 on its own;
 *   - unfolded, it is one VCALENDAR with exactly n VEVENTs; each VEVENT
 *     has its UID titrad-r<regimen>-n<night>@<domain>, its SEQUENCE, a
 *     floating DTSTART (no TZID, no Z) at the dose date and time,
 *     STATUS:CANCELLED exactly when cancelled, and SUMMARY/DESCRIPTION whose
 *     TEXT escapes decode back to the event's text;
 *   - ical_escape_text decodes back to its input; ical_line unfolds back to
 *     name:value.
 */
#include "fuzz_common.h"

#include <inttypes.h>

#include "engine/datetime.h"
#include "engine/ical.h"

#define MAX_EV 64

/* Decode a TEXT value; false on a bad escape or an unescaped ',' or ';'. */
static bool
unescape_text(const char *s, size_t n, char **out)
{
	char *o = malloc(n + 1);
	size_t k = 0;
	if (o == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',' || c == ';') {
			free(o);
			return false;
		}
		if (c != '\\') {
			o[k++] = c;
			continue;
		}
		if (++i == n) {
			free(o);
			return false;
		}
		switch (s[i]) {
		case '\\': o[k++] = '\\'; break;
		case ';': o[k++] = ';'; break;
		case ',': o[k++] = ','; break;
		case 'n': case 'N': o[k++] = '\n'; break;
		default:
			free(o);
			return false;
		}
	}
	o[k] = '\0';
	*out = o;
	return true;
}

/*
 * Check the physical lines of text[0..len) and return the unfolded text
 * (logical lines separated by '\n').  what names the caller in messages.
 */
static char *
check_folding(const char *text, size_t len, const char *what)
{
	const uint8_t *s = (const uint8_t *)text;
	char *u = malloc(len + 1);
	size_t k = 0, line = 0;
	if (u == NULL)
		abort();
	CHECK(len >= 2 && s[len - 2] == '\r' && s[len - 1] == '\n', "%s: does not end with CRLF", what);
	for (size_t start = 0; start < len; line++) {
		size_t end = start;
		while (end < len && s[end] != '\r' && s[end] != '\n')
			end++;
		CHECK(end + 1 < len && s[end] == '\r' && s[end + 1] == '\n',
		    "%s: physical line %zu (offset %zu) ends with a bare %s", what, line, end,
		    end < len && s[end] == '\n' ? "LF" : "CR or nothing");
		CHECK(end - start <= 75, "%s: physical line %zu is %zu octets: %.*s", what, line, end - start,
		    (int)(end - start), text + start);
		CHECK(fz_utf8_ok(s + start, end - start), "%s: physical line %zu splits a UTF-8 sequence: %.*s",
		    what, line, (int)(end - start), text + start);
		for (size_t i = start; i < end; i++)
			CHECK(s[i] >= 0x20 || s[i] == '\t', "%s: control 0x%02x in line %zu", what, s[i], line);
		if (start > 0 && (s[start] == ' ' || s[start] == '\t')) {
			/* A continuation: drop the CRLF before it and this one white space. */
			CHECK(k > 0 && u[k - 1] == '\n', "%s: fold", what);
			k--;
			CHECK(end > start + 1, "%s: empty continuation line %zu", what, line);
			memcpy(u + k, text + start + 1, end - start - 1);
			k += end - start - 1;
		} else {
			memcpy(u + k, text + start, end - start);
			k += end - start;
		}
		u[k++] = '\n';
		start = end + 2;
	}
	u[k] = '\0';
	return u;
}

struct built {
	struct ical_calendar cal;
	struct ical_event ev[MAX_EV];
	size_t n;
	char *texts[2 * MAX_EV + 1];
	size_t ntexts;
};

static void
check_event_prop(const struct built *b, const struct ical_event *e, const char *name,
    const char *value, int *seen)
{
	char want[128];
	if (strcmp(name, "UID") == 0) {
		seen[0]++;
	} else if (strcmp(name, "SEQUENCE") == 0) {
		snprintf(want, sizeof want, "%d", (int)e->sequence);
		CHECK(strcmp(value, want) == 0, "night %d: SEQUENCE:%s, want %s", (int)e->night, value, want);
		seen[1]++;
	} else if (strncmp(name, "DTSTART", 7) == 0) {
		char date[DT_DATE_LEN];
		dt_format_date(e->date_day, date);
		snprintf(want, sizeof want, "%.4s%.2s%.2sT%02d%02d00", date, date + 5, date + 8,
		    (int)e->minute / 60, (int)e->minute % 60);
		CHECK(strcmp(name, "DTSTART") == 0 || strcmp(name, "DTSTART;VALUE=DATE-TIME") == 0,
		    "night %d: %s is not floating", (int)e->night, name);
		CHECK(strcmp(value, want) == 0, "night %d: DTSTART:%s, want %s", (int)e->night, value, want);
		seen[2]++;
	} else if (strcmp(name, "STATUS") == 0) {
		CHECK(e->cancelled ? strcmp(value, "CANCELLED") == 0 : strcmp(value, "CANCELLED") != 0,
		    "night %d: STATUS:%s, cancelled %d", (int)e->night, value, e->cancelled);
		seen[3]++;
	} else if (strcmp(name, "SUMMARY") == 0 || strcmp(name, "DESCRIPTION") == 0) {
		const char *src = name[0] == 'S' ? e->summary : e->description;
		char *dec;
		CHECK(unescape_text(value, strlen(value), &dec), "night %d: %s is not escaped TEXT: %s",
		    (int)e->night, name, value);
		/* Only texts without CR have one obvious decoding. */
		if (src != NULL && strchr(src, '\r') == NULL)
			CHECK(strcmp(dec, src) == 0, "night %d: %s decodes to \"%s\", want \"%s\"",
			    (int)e->night, name, dec, src);
		free(dec);
		seen[name[0] == 'S' ? 4 : 5]++;
	}
	(void)b;
}

static void
check_render(const struct built *b)
{
	size_t len = (size_t)-1;
	char *out = ical_render(&b->cal, b->ev, b->n, &len);
	CHECK(out != NULL, "ical_render returned NULL");
	CHECK(strlen(out) == len, "*len %zu but strlen %zu", len, strlen(out));
	char *u = check_folding(out, len, "ical_render");

	/* Walk the logical lines. */
	const char *stack[8];
	int depth = 0, nevents = 0, ncal = 0;
	int cur = -1;                  /* event index of the VEVENT being read */
	int seen[6] = { 0 };
	bool done[MAX_EV] = { false };
	char *save = NULL;
	bool first = true;
	const char *lastline = "";
	for (char *l = strtok_r(u, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (first)
			CHECK(strcmp(l, "BEGIN:VCALENDAR") == 0, "first line %s", l);
		first = false;
		lastline = l;
		char *colon = strchr(l, ':');
		CHECK(colon != NULL && colon > l, "logical line without a name: %s", l);
		*colon = '\0';
		const char *name = l, *value = colon + 1;
		if (strcmp(name, "BEGIN") == 0) {
			CHECK(depth < 8, "nesting");
			stack[depth++] = value;
			if (strcmp(value, "VCALENDAR") == 0) {
				CHECK(depth == 1, "VCALENDAR nested");
				ncal++;
			}
			if (strcmp(value, "VEVENT") == 0) {
				CHECK(depth == 2, "VEVENT at depth %d", depth);
				nevents++;
				cur = -1;
				memset(seen, 0, sizeof seen);
			}
			if (strcmp(value, "VALARM") == 0)
				CHECK(depth == 3 && strcmp(stack[1], "VEVENT") == 0, "VALARM outside a VEVENT");
			continue;
		}
		if (strcmp(name, "END") == 0) {
			CHECK(depth > 0 && strcmp(stack[depth - 1], value) == 0, "END:%s does not close BEGIN:%s",
			    value, depth > 0 ? stack[depth - 1] : "(nothing)");
			if (strcmp(value, "VEVENT") == 0) {
				CHECK(cur >= 0, "VEVENT without UID");
				const struct ical_event *e = &b->ev[cur];
				CHECK(seen[0] == 1 && seen[1] == 1 && seen[2] == 1,
				    "night %d: UID %d, SEQUENCE %d, DTSTART %d times", (int)e->night, seen[0], seen[1], seen[2]);
				CHECK(!e->cancelled || seen[3] == 1, "night %d: cancelled without STATUS", (int)e->night);
				CHECK(seen[4] == 1 || e->summary == NULL || e->summary[0] == '\0',
				    "night %d: %d SUMMARY lines", (int)e->night, seen[4]);
				CHECK(seen[5] <= 1, "night %d: %d DESCRIPTION lines", (int)e->night, seen[5]);
				cur = -1;
			}
			depth--;
			continue;
		}
		if (depth == 1 && strcmp(name, "X-WR-CALNAME") == 0 && b->cal.name != NULL) {
			char *dec;
			CHECK(unescape_text(value, strlen(value), &dec), "X-WR-CALNAME is not escaped TEXT: %s", value);
			CHECK(strcmp(dec, b->cal.name) == 0, "X-WR-CALNAME decodes to \"%s\", want \"%s\"", dec, b->cal.name);
			free(dec);
		}
		if (depth != 2 || strcmp(stack[1], "VEVENT") != 0)
			continue;
		if (strcmp(name, "UID") == 0) {
			CHECK(cur < 0, "second UID");
			for (size_t i = 0; i < b->n; i++) {
				char want[128];
				snprintf(want, sizeof want, "titrad-r%" PRId64 "-n%d@%s", b->cal.regimen_id,
				    (int)b->ev[i].night, b->cal.uid_domain);
				if (strcmp(want, value) == 0)
					cur = (int)i;
			}
			CHECK(cur >= 0, "UID:%s names no event", value);
			CHECK(!done[cur], "UID:%s twice", value);
			done[cur] = true;
		}
		if (cur >= 0)
			check_event_prop(b, &b->ev[cur], name, value, seen);
		else
			CHECK(strcmp(name, "UID") != 0, "unreachable");
	}
	CHECK(depth == 0 && ncal == 1 && strcmp(lastline, "END") == 0,
	    "not one closed VCALENDAR (depth %d, %d calendars)", depth, ncal);
	CHECK(nevents == (int)b->n, "%d VEVENTs for %zu events", nevents, b->n);
	for (size_t i = 0; i < b->n; i++)
		CHECK(done[i], "night %d has no VEVENT", (int)b->ev[i].night);
	free(u);
	free(out);
}

static void
check_escape(const char *s)
{
	char *e = ical_escape_text(s);
	CHECK(e != NULL, "ical_escape_text returned NULL");
	for (const char *p = e; *p; p++)
		CHECK((unsigned char)*p >= 0x20 || *p == '\t', "escaped text holds control 0x%02x", (unsigned char)*p);
	char *dec;
	CHECK(unescape_text(e, strlen(e), &dec), "ical_escape_text(\"%s\") = \"%s\" is not TEXT", s, e);
	if (strchr(s, '\r') == NULL)
		CHECK(strcmp(dec, s) == 0, "ical_escape_text(\"%s\") = \"%s\" decodes to \"%s\"", s, e, dec);
	free(dec);
	free(e);
}

static void
check_line(const char *name, const char *value)
{
	struct ical_buf b = { NULL, 0, 0, false };
	ical_line(&b, name, value);
	CHECK(!b.failed && b.p != NULL, "ical_line failed");
	CHECK(b.len <= b.cap, "ical_line len %zu > cap %zu", b.len, b.cap);
	char *u = check_folding(b.p, b.len, "ical_line");
	size_t nl = strlen(name), vl = strlen(value);
	CHECK(strlen(u) == nl + vl + 2 && memcmp(u, name, nl) == 0 && u[nl] == ':' &&
	    memcmp(u + nl + 1, value, vl) == 0 && u[nl + 1 + vl] == '\n',
	    "ical_line(%s, %s) unfolds to %s", name, value, u);
	free(u);
	free(b.p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	static struct built b;
	memset(&b, 0, sizeof b);

	char *name = fz_text(&f, 200, false);
	b.texts[b.ntexts++] = name;
	b.cal.name = name;
	b.cal.uid_domain = "titrad";
	b.cal.regimen_id = (int64_t)(fz_u64(&f) & INT64_MAX);
	if (b.cal.regimen_id == 0)
		b.cal.regimen_id = 1;
	b.cal.dtstamp = fz_u8(&f) < 16 ? 0 : (time_t)fz_range(&f, 0, 4102444799LL);
	b.cal.duration_minutes = (int)fz_range(&f, 1, 1440);

	int32_t night = 0, day0 = (int32_t)fz_range(&f, 10957, 47481);
	b.n = fz_u8(&f) % (MAX_EV + 1);
	for (size_t i = 0; i < b.n; i++) {
		struct ical_event *e = &b.ev[i];
		night += 1 + fz_u8(&f) % 3;
		e->night = night;
		e->minute = (int32_t)fz_range(&f, 0, 1439);
		e->date_day = day0 + night - 1 + (e->minute < 720);
		uint8_t flags = fz_u8(&f);
		e->sequence = flags & 0x80 ? (int32_t)fz_range(&f, 0, 100000) : flags & 3;
		e->cancelled = flags & 0x40;
		e->summary = b.texts[b.ntexts++] = fz_text(&f, 300, false);
		e->description = b.texts[b.ntexts++] = fz_text(&f, 1200, true);
	}
	check_render(&b);

	for (size_t i = 0; i < b.ntexts; i++)
		check_escape(b.texts[i]);

	/* ical_line takes an escaped value: no CR or LF in it. */
	static const char *const names[] = { "SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "X" };
	char *value = fz_text(&f, 2000, false);
	check_line(names[size % 4], value);
	free(value);

	for (size_t i = 0; i < b.ntexts; i++)
		free(b.texts[i]);
	return 0;
}
