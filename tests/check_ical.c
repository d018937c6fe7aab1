/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_ical.c - RFC 5545 rendering (ical.c).
 *
 * Expected values are written from RFC 5545 (3.1 content lines and folding,
 * 3.3.11 TEXT escaping, 3.6.1 VEVENT, 3.6.6 VALARM) and doc/openapi.yaml "Nights,
 * dates and the calendar", never computed by the code under test.  The
 * UTF-8 checks use a strict decoder written here.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/datetime.h"
#include "engine/ical.h"

#define E_ACUTE "\xC3\xA9"              /* U+00E9, 2 octets */
#define EURO    "\xE2\x82\xAC"          /* U+20AC, 3 octets */
#define GRIN    "\xF0\x9F\x98\x80"      /* U+1F600, 4 octets */

/* ---- helpers ---- */

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF, no truncation. */
static bool
utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

struct lines {
	const char **start;
	size_t *len;
	size_t n;
};

/* Split on CRLF; the text must end with CRLF.  Lines point into text. */
static struct lines
split_crlf(const char *text, size_t tlen)
{
	struct lines l = { 0 };
	size_t cap = 16;
	l.start = malloc(cap * sizeof *l.start);
	l.len = malloc(cap * sizeof *l.len);
	ck_assert_ptr_nonnull(l.start);
	ck_assert_ptr_nonnull(l.len);
	size_t i = 0;
	while (i < tlen) {
		const char *crlf = NULL;
		for (size_t j = i; j + 1 < tlen; j++) {
			if (text[j] == '\r' && text[j + 1] == '\n') {
				crlf = text + j;
				break;
			}
		}
		ck_assert_msg(crlf != NULL, "text does not end with CRLF");
		if (l.n == cap) {
			cap *= 2;
			l.start = realloc(l.start, cap * sizeof *l.start);
			l.len = realloc(l.len, cap * sizeof *l.len);
			ck_assert_ptr_nonnull(l.start);
			ck_assert_ptr_nonnull(l.len);
		}
		l.start[l.n] = text + i;
		l.len[l.n] = (size_t)(crlf - (text + i));
		l.n++;
		i = (size_t)(crlf - text) + 2;
	}
	return l;
}

static void
lines_free(struct lines *l)
{
	free(l->start);
	free(l->len);
}

/* Remove every CRLF followed by one space (RFC 5545 3.1 unfolding). */
static char *
unfold(const char *text, size_t tlen, size_t *olen)
{
	char *o = malloc(tlen + 1);
	ck_assert_ptr_nonnull(o);
	size_t k = 0;
	for (size_t i = 0; i < tlen; i++) {
		if (i + 2 < tlen && text[i] == '\r' && text[i + 1] == '\n' && text[i + 2] == ' ') {
			i += 2;
			continue;
		}
		o[k++] = text[i];
	}
	o[k] = '\0';
	*olen = k;
	return o;
}

/* Every CR is followed by LF and every LF preceded by CR; ends in CRLF. */
static void
assert_crlf_only(const char *text, size_t tlen)
{
	ck_assert_uint_ge(tlen, 2);
	ck_assert_uint_eq(strlen(text), tlen);
	for (size_t i = 0; i < tlen; i++) {
		if (text[i] == '\n')
			ck_assert_msg(i > 0 && text[i - 1] == '\r', "bare LF at %zu", i);
		if (text[i] == '\r')
			ck_assert_msg(i + 1 < tlen && text[i + 1] == '\n', "bare CR at %zu", i);
	}
	ck_assert(text[tlen - 2] == '\r' && text[tlen - 1] == '\n');
}

/*
 * The folding rules on raw output: physical lines at most 75 octets, a
 * continuation starts with exactly one space and holds at least one
 * character, each physical line (less that space) is valid UTF-8.
 */
static void
assert_folded_ok(const char *text, size_t tlen)
{
	struct lines l = split_crlf(text, tlen);
	for (size_t i = 0; i < l.n; i++) {
		const char *s = l.start[i];
		size_t n = l.len[i];
		ck_assert_msg(n <= 75, "physical line %zu has %zu octets", i, n);
		if (n > 0 && s[0] == ' ') {
			ck_assert_msg(i > 0, "first line starts with a space");
			s++;
			n--;
			ck_assert_msg(n > 0, "empty continuation at %zu", i);
		}
		ck_assert_msg(utf8_valid(s, n), "physical line %zu is not valid UTF-8: %.*s",
		    i, (int)l.len[i], l.start[i]);
	}
	lines_free(&l);
}

static char *
repeat(const char *unit, size_t times)
{
	size_t u = strlen(unit);
	char *s = malloc(u * times + 1);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	s[u * times] = '\0';
	return s;
}

/* One ical_line into a fresh buffer; caller frees b->p. */
static void
one_line(struct ical_buf *b, const char *name, const char *value)
{
	memset(b, 0, sizeof *b);
	ical_line(b, name, value);
	ck_assert(!b->failed);
	ck_assert_ptr_nonnull(b->p);
	ck_assert_uint_eq(strlen(b->p), b->len);
}

/* Fold, check the physical lines, unfold and compare with name:value. */
static void
check_roundtrip(const char *name, const char *value)
{
	struct ical_buf b;
	one_line(&b, name, value);
	assert_crlf_only(b.p, b.len);
	assert_folded_ok(b.p, b.len);
	size_t ul;
	char *u = unfold(b.p, b.len, &ul);
	size_t nl = strlen(name), vl = strlen(value);
	ck_assert_uint_eq(ul, nl + 1 + vl + 2);
	ck_assert(memcmp(u, name, nl) == 0);
	ck_assert(u[nl] == ':');
	ck_assert(memcmp(u + nl + 1, value, vl) == 0);
	ck_assert(memcmp(u + nl + 1 + vl, "\r\n", 2) == 0);
	free(u);
	free(b.p);
}

static time_t
stamp(const char *s)
{
	time_t t = 0;
	ck_assert_msg(dt_parse_stamp(s, &t), "test stamp %s", s);
	return t;
}

static int32_t
day_of(const char *s)
{
	int32_t d = 0;
	ck_assert_msg(dt_parse_date(s, &d), "test date %s", s);
	return d;
}

/* ---- folding ---- */

START_TEST(test_fold_75_76)
{
	struct ical_buf b;
	/* "SUMMARY:" is 8 octets: 67 more make exactly 75, no fold. */
	char *v67 = repeat("a", 67), *v68 = repeat("a", 68), *v141 = repeat("a", 141);
	one_line(&b, "SUMMARY", v67);
	ck_assert_uint_eq(b.len, 77);
	ck_assert(memcmp(b.p, "SUMMARY:", 8) == 0);
	ck_assert(memcmp(b.p + 8, v67, 67) == 0);
	ck_assert(memcmp(b.p + 75, "\r\n", 2) == 0);
	free(b.p);

	/* 76 octets: 75 on the first line, then " a". */
	one_line(&b, "SUMMARY", v68);
	ck_assert_uint_eq(b.len, 75 + 2 + 2 + 2);
	ck_assert(memcmp(b.p + 8, v67, 67) == 0);
	ck_assert(memcmp(b.p + 75, "\r\n a\r\n", 6) == 0);
	free(b.p);

	/* 149 = 75 + 74: the continuation is exactly 75 with its space. */
	one_line(&b, "SUMMARY", v141);
	ck_assert_uint_eq(b.len, 75 + 2 + 75 + 2);
	ck_assert(memcmp(b.p + 75, "\r\n ", 3) == 0);
	ck_assert(memcmp(b.p + 152, "\r\n", 2) == 0);
	free(b.p);

	/* 150: one octet more gives a third physical line. */
	char *v142 = repeat("a", 142);
	one_line(&b, "SUMMARY", v142);
	ck_assert_uint_eq(b.len, 75 + 2 + 75 + 2 + 2 + 2);
	ck_assert(memcmp(b.p + 152, "\r\n a\r\n", 6) == 0);
	free(b.p);

	/* short lines and empty values are not folded */
	one_line(&b, "BEGIN", "VCALENDAR");
	ck_assert_str_eq(b.p, "BEGIN:VCALENDAR\r\n");
	free(b.p);
	one_line(&b, "DESCRIPTION", "");
	ck_assert_str_eq(b.p, "DESCRIPTION:\r\n");
	free(b.p);

	check_roundtrip("SUMMARY", v67);
	check_roundtrip("SUMMARY", v68);
	check_roundtrip("SUMMARY", v141);
	check_roundtrip("SUMMARY", v142);
	free(v67);
	free(v68);
	free(v141);
	free(v142);
}
END_TEST

START_TEST(test_fold_multibyte)
{
	struct ical_buf b;
	/* "DESCRIPTION:" is 12 octets; 31 x 2 = 62 -> 74, the 32nd would make 76. */
	char *e40 = repeat(E_ACUTE, 40);
	one_line(&b, "DESCRIPTION", e40);
	ck_assert_uint_eq(b.len, 74 + 2 + 1 + 9 * 2 + 2);
	ck_assert(memcmp(b.p + 74, "\r\n ", 3) == 0);
	free(b.p);
	check_roundtrip("DESCRIPTION", e40);

	/* 12 + 21 x 3 = 75 exactly on the first line, the rest (9) after. */
	char *eu30 = repeat(EURO, 30);
	one_line(&b, "DESCRIPTION", eu30);
	ck_assert_uint_eq(b.len, 75 + 2 + 1 + 9 * 3 + 2);
	ck_assert(memcmp(b.p + 75, "\r\n ", 3) == 0);
	free(b.p);
	check_roundtrip("DESCRIPTION", eu30);

	/* 12 + 15 x 4 = 72; the 16th would make 76.  Then 18 x 4 = 72 + 1. */
	char *g40 = repeat(GRIN, 40);
	one_line(&b, "DESCRIPTION", g40);
	ck_assert_uint_eq(b.len, 72 + 2 + 73 + 2 + 1 + 7 * 4 + 2);
	ck_assert(memcmp(b.p + 72, "\r\n ", 3) == 0);
	ck_assert(memcmp(b.p + 72 + 2 + 73, "\r\n ", 3) == 0);
	free(b.p);
	check_roundtrip("DESCRIPTION", g40);

	/* Every alignment: a prefix of 0..7 ASCII octets before mixed characters. */
	for (int pre = 0; pre < 8; pre++) {
		char *mixed = repeat("a" E_ACUTE EURO GRIN "b", 25);
		char *v = malloc(strlen(mixed) + 9);
		ck_assert_ptr_nonnull(v);
		memset(v, 'x', (size_t)pre);
		strcpy(v + pre, mixed);
		check_roundtrip("SUMMARY", v);
		check_roundtrip("X-WR-CALNAME", v);
		free(v);
		free(mixed);
	}
	free(e40);
	free(eu30);
	free(g40);
}
END_TEST

START_TEST(test_buffer_growth)
{
	/* Appending many lines: the capacity only ever (at least) doubles. */
	struct ical_buf b = { 0 };
	size_t grows = 0, last = 0;
	char *v = repeat("z" E_ACUTE, 60);
	for (int i = 0; i < 5000; i++) {
		ical_line(&b, "DESCRIPTION", v);
		ck_assert(!b.failed);
		if (b.cap != last) {
			if (last != 0)
				ck_assert_uint_ge(b.cap, 2 * last);
			last = b.cap;
			grows++;
		}
	}
	ck_assert_uint_le(grows, 32);
	ck_assert_uint_eq(strlen(b.p), b.len);
	ck_assert_uint_le(b.len, b.cap);
	assert_folded_ok(b.p, b.len);
	free(b.p);

	/* A buffer already failed stays untouched and does not crash. */
	struct ical_buf f = { .failed = true };
	ical_line(&f, "SUMMARY", v);
	ck_assert(f.failed);
	ck_assert_ptr_null(f.p);
	ck_assert_uint_eq(f.len, 0);
	free(v);
}
END_TEST

/* ---- escaping ---- */

START_TEST(test_escape_text)
{
	char *s = ical_escape_text("a\\b;c,d\ne\r\nf\rg");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "a\\\\b\\;c\\,d\\ne\\nfg");
	free(s);

	s = ical_escape_text("");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);

	s = ical_escape_text("plain text: colons stay " E_ACUTE);
	ck_assert_str_eq(s, "plain text: colons stay " E_ACUTE);
	free(s);

	s = ical_escape_text("\\\\;;,,\n\n");
	ck_assert_str_eq(s, "\\\\\\\\\\;\\;\\,\\,\\n\\n");
	free(s);

	s = ical_escape_text("\r\r\n\r");
	ck_assert_str_eq(s, "\\n");
	free(s);
}
END_TEST

/* ---- rendering ---- */

static const char LONG_DESC[] =
	"Dose removed: the regimen was put on hold from 2026-12-02 by the clinic, "
	"so this night has no dose; keep taking 0.125 mg.";

START_TEST(test_render_two_events)
{
	const struct ical_calendar cal = {
		.name = "Pramipexole titration, Ann; test",
		.uid_domain = "titrad",
		.regimen_id = 42,
		.dtstamp = stamp("2026-11-25T13:40:00Z"),
		.duration_minutes = 15,
	};
	const struct ical_event ev[2] = {
		{ .night = 1, .date_day = day_of("2026-12-01"), .minute = 20 * 60, .sequence = 0,
		  .cancelled = false, .summary = "Pramipexole 0.125 mg",
		  .description = "Take 1 tablet.\nIncrease only if symptoms persist, see notes; call us." },
		{ .night = 2, .date_day = day_of("2026-12-03"), .minute = 30, .sequence = 2,
		  .cancelled = true, .summary = "Pramipexole 0.25 mg", .description = LONG_DESC },
	};
	static const char *const expect[] = {
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//titrad//titrad 1//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"X-WR-CALNAME:Pramipexole titration\\, Ann\\; test",
		"BEGIN:VEVENT",
		"UID:titrad-r42-n1@titrad",
		"DTSTAMP:20261125T134000Z",
		"DTSTART:20261201T200000",
		"DURATION:PT15M",
		"SUMMARY:Pramipexole 0.125 mg",
		"DESCRIPTION:Take 1 tablet.\\nIncrease only if symptoms persist\\, see notes\\; call us.",
		"SEQUENCE:0",
		"STATUS:CONFIRMED",
		"TRANSP:TRANSPARENT",
		"BEGIN:VALARM",
		"ACTION:DISPLAY",
		"TRIGGER:PT0M",
		"DESCRIPTION:Pramipexole 0.125 mg",
		"END:VALARM",
		"END:VEVENT",
		"BEGIN:VEVENT",
		"UID:titrad-r42-n2@titrad",
		"DTSTAMP:20261125T134000Z",
		"DTSTART:20261203T003000",
		"DURATION:PT15M",
		"SUMMARY:Pramipexole 0.25 mg",
		"DESCRIPTION:Dose removed: the regimen was put on hold from 2026-12-02 by the clinic\\, "
		"so this night has no dose\\; keep taking 0.125 mg.",
		"SEQUENCE:2",
		"STATUS:CANCELLED",
		"TRANSP:TRANSPARENT",
		"END:VEVENT",
		"END:VCALENDAR",
	};
	size_t len = 0;
	char *out = ical_render(&cal, ev, 2, &len);
	ck_assert_ptr_nonnull(out);
	assert_crlf_only(out, len);
	assert_folded_ok(out, len);
	/* the long descriptions were folded on the wire */
	ck_assert_ptr_nonnull(strstr(out, "\r\n "));

	size_t ulen;
	char *u = unfold(out, len, &ulen);
	struct lines l = split_crlf(u, ulen);
	ck_assert_uint_eq(l.n, sizeof expect / sizeof expect[0]);
	for (size_t i = 0; i < l.n; i++) {
		ck_assert_msg(l.len[i] == strlen(expect[i]) && memcmp(l.start[i], expect[i], l.len[i]) == 0,
		    "line %zu: got '%.*s', want '%s'", i, (int)l.len[i], l.start[i], expect[i]);
	}
	lines_free(&l);
	free(u);

	/* A NULL len is allowed and the bytes are the same. */
	char *again = ical_render(&cal, ev, 2, NULL);
	ck_assert_ptr_nonnull(again);
	ck_assert_uint_eq(strlen(again), len);
	ck_assert(memcmp(out, again, len) == 0);
	free(again);
	free(out);
}
END_TEST

/* The series after the last night: the text between its BEGIN:VEVENT and END:VEVENT, unfolded. */
static char *
rest_block(const struct ical_calendar *cal, const struct ical_event *ev, size_t n)
{
	size_t len, ulen;
	char *out = ical_render(cal, ev, n, &len);
	ck_assert_ptr_nonnull(out);
	char *u = unfold(out, len, &ulen);
	free(out);
	char *b = strstr(u, "BEGIN:VEVENT\r\nUID:titrad-r7-rest@titrad\r\n");
	ck_assert_msg(b != NULL, "no series in %s", u);
	char *e = strstr(b, "END:VEVENT\r\n");
	ck_assert_ptr_nonnull(e);
	e[0] = '\0';
	char *copy = strdup(b);
	free(u);
	return copy;
}

/*
 * After the last night the dose goes on: one daily series from the next
 * night, open-ended or until the last dose; cancelled when the plan ends
 * within the listed nights or the last night is cancelled; its SEQUENCE
 * the events' count plus their SEQUENCEs (plus one once the plan ends).
 */
START_TEST(test_render_rest)
{
	struct ical_calendar cal = { .name = "t", .uid_domain = "titrad", .regimen_id = 7,
		.dtstamp = stamp("2026-11-25T13:40:00Z"), .duration_minutes = 15, .rest = true,
		.rest_last_day = INT32_MAX, .rest_description = "Keep taking it." };
	struct ical_event ev[2] = {
		{ .night = 1, .date_day = day_of("2026-12-01"), .minute = 22 * 60, .sequence = 0,
		  .summary = "P 0.125 mg", .description = "d1" },
		{ .night = 2, .date_day = day_of("2026-12-02"), .minute = 22 * 60, .sequence = 3,
		  .summary = "P 0.25 mg", .description = "d2" },
	};
	char *b = rest_block(&cal, ev, 2);
	ck_assert_ptr_nonnull(strstr(b, "DTSTART:20261203T220000\r\nDURATION:PT15M\r\nRRULE:FREQ=DAILY\r\n"
	    "SUMMARY:P 0.25 mg\r\nDESCRIPTION:Keep taking it.\r\nSEQUENCE:5\r\nSTATUS:CONFIRMED\r\n"));
	ck_assert_ptr_nonnull(strstr(b, "BEGIN:VALARM"));
	free(b);
	/* a stop after the listed nights: UNTIL its last dose, floating like DTSTART */
	cal.rest_last_day = day_of("2026-12-31");
	b = rest_block(&cal, ev, 2);
	ck_assert_ptr_nonnull(strstr(b, "RRULE:FREQ=DAILY;UNTIL=20261231T220000\r\n"));
	ck_assert_ptr_nonnull(strstr(b, "SEQUENCE:6\r\nSTATUS:CONFIRMED\r\n"));
	free(b);
	/* the plan ends within the listed nights: cancelled, no RRULE, no alarm */
	cal.rest_last_day = day_of("2026-12-02");
	b = rest_block(&cal, ev, 2);
	ck_assert_ptr_nonnull(strstr(b, "SEQUENCE:6\r\nSTATUS:CANCELLED\r\n"));
	ck_assert_ptr_null(strstr(b, "RRULE"));
	ck_assert_ptr_null(strstr(b, "VALARM"));
	free(b);
	/* a cancelled last night: cancelled too, even open-ended */
	cal.rest_last_day = INT32_MAX;
	ev[1].cancelled = true;
	b = rest_block(&cal, ev, 2);
	ck_assert_ptr_nonnull(strstr(b, "STATUS:CANCELLED\r\n"));
	ck_assert_ptr_null(strstr(b, "RRULE"));
	free(b);
	/* no events, or not asked for (a partial range): no series */
	size_t len;
	char *out = ical_render(&cal, ev, 0, &len);
	ck_assert_ptr_null(strstr(out, "-rest@"));
	free(out);
	cal.rest = false;
	out = ical_render(&cal, ev, 2, &len);
	ck_assert_ptr_null(strstr(out, "-rest@"));
	free(out);
}
END_TEST

START_TEST(test_render_empty)
{
	const struct ical_calendar cal = {
		.name = "Ropinirole titration", .uid_domain = "titrad", .regimen_id = 1,
		.dtstamp = stamp("2027-01-01T00:00:00Z"), .duration_minutes = 10,
	};
	size_t len = 0;
	char *out = ical_render(&cal, NULL, 0, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out,
	    "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//titrad//titrad 1//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n"
	    "METHOD:PUBLISH\r\n"
	    "X-WR-CALNAME:Ropinirole titration\r\n"
	    "END:VCALENDAR\r\n");
	ck_assert_uint_eq(len, strlen(out));
	free(out);

	ck_assert_ptr_null(ical_render(NULL, NULL, 0, &len));
}
END_TEST

#define BIG 731

START_TEST(test_render_731)
{
	const struct ical_calendar cal = {
		.name = "Gabapentin titration " E_ACUTE EURO GRIN " for a patient with a long name, "
		    "Jos" E_ACUTE " Mar" E_ACUTE "a; \\ backslash",
		.uid_domain = "clinic.example.org", .regimen_id = 7,
		.dtstamp = stamp("2026-11-25T13:40:00Z"), .duration_minutes = 15,
	};
	struct ical_event *ev = calloc(BIG, sizeof *ev);
	ck_assert_ptr_nonnull(ev);
	char (*sum)[64] = calloc(BIG, sizeof *sum);
	ck_assert_ptr_nonnull(sum);
	size_t ncancelled = 0;
	int32_t start = day_of("2026-12-01");
	for (int i = 0; i < BIG; i++) {
		snprintf(sum[i], sizeof sum[i], "Gabapentin %d mg " E_ACUTE EURO GRIN, 300 * (1 + i / 7));
		ev[i] = (struct ical_event){
			.night = i + 1, .date_day = start + i, .minute = 21 * 60, .sequence = i % 3,
			.cancelled = i % 5 == 4, .summary = sum[i],
			.description = "Take the capsules with water, 60 minutes before bedtime.\n"
			    "Increase only if symptoms persist; ask your clinic " EURO " " GRIN
			    " if unsure \\ or dizzy, drowsy.",
		};
		if (ev[i].cancelled)
			ncancelled++;
	}
	size_t len1 = 0, len2 = 0;
	char *a = ical_render(&cal, ev, BIG, &len1);
	char *b = ical_render(&cal, ev, BIG, &len2);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(len1, len2);
	ck_assert(memcmp(a, b, len1) == 0);
	assert_crlf_only(a, len1);
	assert_folded_ok(a, len1);

	size_t ulen;
	char *u = unfold(a, len1, &ulen);
	struct lines l = split_crlf(u, ulen);
	size_t begin = 0, end = 0, alarms = 0, cancelled = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (l.len[i] == 12 && memcmp(l.start[i], "BEGIN:VEVENT", 12) == 0)
			begin++;
		if (l.len[i] == 10 && memcmp(l.start[i], "END:VEVENT", 10) == 0)
			end++;
		if (l.len[i] == 12 && memcmp(l.start[i], "BEGIN:VALARM", 12) == 0)
			alarms++;
		if (l.len[i] == 16 && memcmp(l.start[i], "STATUS:CANCELLED", 16) == 0)
			cancelled++;
	}
	ck_assert_uint_eq(begin, BIG);
	ck_assert_uint_eq(end, BIG);
	ck_assert_uint_eq(cancelled, ncancelled);
	ck_assert_uint_eq(alarms, BIG - ncancelled);
	ck_assert_ptr_nonnull(strstr(u, "\r\nUID:titrad-r7-n1@clinic.example.org\r\n"));
	ck_assert_ptr_nonnull(strstr(u, "\r\nUID:titrad-r7-n731@clinic.example.org\r\n"));
	/* night 731 is dosed on 2026-12-01 + 730 days = 2028-11-30 (2028 is a leap year) */
	ck_assert_ptr_nonnull(strstr(u, "\r\nDTSTART:20281130T210000\r\n"));
	ck_assert_ptr_nonnull(strstr(u, "\r\nDTSTART:20280229T210000\r\n"));
	lines_free(&l);
	free(u);
	free(a);
	free(b);
	free(sum);
	free(ev);
}
END_TEST

static Suite *
ical_suite(void)
{
	Suite *s = suite_create("ical");
	TCase *tc = tcase_create("folding");
	tcase_add_test(tc, test_fold_75_76);
	tcase_add_test(tc, test_fold_multibyte);
	tcase_add_test(tc, test_buffer_growth);
	suite_add_tcase(s, tc);

	tc = tcase_create("escaping");
	tcase_add_test(tc, test_escape_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("render");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_render_two_events);
	tcase_add_test(tc, test_render_empty);
	tcase_add_test(tc, test_render_rest);
	tcase_add_test(tc, test_render_731);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ical_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
