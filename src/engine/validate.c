/* SPDX-License-Identifier: Apache-2.0 */
/* validate.c - request body checks (see validate.h). */
#include "engine/validate.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

static const char *
type_name(enum val_type t)
{
	switch (t) {
	case VT_STRING: return "a string";
	case VT_INTEGER: return "an integer";
	case VT_NUMBER: return "a number";
	case VT_BOOL: return "true or false";
	case VT_OBJECT: return "an object";
	case VT_ARRAY: return "an array";
	}
	return "?";
}

static bool
type_ok(const json_t *v, enum val_type t)
{
	switch (t) {
	case VT_STRING: return json_is_string(v);
	case VT_INTEGER: return json_is_number(v);   /* 70.0 passes; 70.5 fails later as 422 */
	case VT_NUMBER: return json_is_number(v);
	case VT_BOOL: return json_is_boolean(v);
	case VT_OBJECT: return json_is_object(v);
	case VT_ARRAY: return json_is_array(v);
	}
	return false;
}

static void
add_error(json_t **errors, const char *field, const char *message)
{
	if (*errors == NULL)
		*errors = json_array();
	json_array_append_new(*errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

int
val_shape(json_t *obj, const struct val_field *fields, size_t n, json_t **errors)
{
	const char *key;
	json_t *v;
	int status = 0;
	char msg[128];

	*errors = NULL;
	/* Wrong types first: they are 400 and outrank 422. */
	json_object_foreach(obj, key, v) {
		const struct val_field *f = NULL;
		for (size_t i = 0; i < n; i++)
			if (strcmp(fields[i].name, key) == 0)
				f = &fields[i];
		if (f == NULL)
			continue;
		if (json_is_null(v) && f->nullable)
			continue;
		if (!type_ok(v, f->type)) {
			snprintf(msg, sizeof msg, "must be %s", type_name(f->type));
			add_error(errors, key, msg);
			status = 400;
		}
	}
	if (status != 0)
		return status;
	json_object_foreach(obj, key, v) {
		bool known = false;
		for (size_t i = 0; i < n; i++)
			known |= strcmp(fields[i].name, key) == 0;
		if (!known) {
			add_error(errors, util_utf8_text(key, strlen(key), false) ? key : "?",
			    "unknown field");
			status = 422;
		}
	}
	for (size_t i = 0; i < n; i++) {
		json_t *fv = json_object_get(obj, fields[i].name);
		if (fields[i].required && (fv == NULL || json_is_null(fv))) {
			add_error(errors, fields[i].name, "required");
			status = 422;
		}
	}
	return status;
}

static const int64_t pow10_tab[] = { 1, 10, 100, 1000, 10000 };

bool
val_fixed(const json_t *v, int decimals, int64_t min, int64_t max, int64_t *out)
{
	int64_t scaled;
	if (decimals < 0 || decimals > 4)
		return false;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i > INT64_MAX / 10000 || i < -(INT64_MAX / 10000))
			return false;
		scaled = (int64_t)i * pow10_tab[decimals];
	} else if (json_is_real(v)) {
		/*
		 * The boundary where a decimal literal becomes a fixed-point
		 * integer.  strtod gave the double nearest the literal; the
		 * literal had at most `decimals` decimals exactly when the
		 * double nearest k / 10^decimals (k the rounded scaled value)
		 * is that same double.  No tolerance, so 0.3750001 is refused.
		 */
		double d = json_real_value(v);
		if (!isfinite(d) || fabs(d) > 1e12)
			return false;
		double r = nearbyint(d * (double)pow10_tab[decimals]);
		if (r / (double)pow10_tab[decimals] != d)
			return false;
		scaled = (int64_t)r;
	} else {
		return false;
	}
	if (scaled < min || scaled > max)
		return false;
	*out = scaled;
	return true;
}

bool
val_integer(const json_t *v, int64_t min, int64_t max, int64_t *out)
{
	return val_fixed(v, 0, min, max, out);
}

bool
val_text(const json_t *v, size_t max_bytes, bool allow_newline)
{
	if (!json_is_string(v))
		return false;
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (n == 0 || n > max_bytes || strlen(s) != n)
		return false;
	return util_utf8_text(s, n, allow_newline);
}

bool
val_mg(const json_t *v, int64_t *ug)
{
	/* 100 g is far above any dose; the protocol cap narrows it further. */
	return val_fixed(v, 3, 0, 100000000, ug);
}

json_t *
val_fixed_json(int64_t v, int decimals)
{
	if (decimals == 0 || v % pow10_tab[decimals] == 0)
		return json_integer(v / pow10_tab[decimals]);
	/* A double built from an exact decimal; printed with 15 digits it reads back exactly. */
	return json_real((double)v / (double)pow10_tab[decimals]);
}

json_t *
val_mg_json(int64_t ug)
{
	return val_fixed_json(ug, 3);
}

bool
val_numbers_exact(const char *text, size_t len)
{
	char lit[128];
	size_t i = 0;

	while (i < len) {
		char c = text[i];
		if (c == '"') {           /* a string: skip it, escapes included */
			for (i++; i < len && text[i] != '"'; i++)
				if (text[i] == '\\')
					i++;
			i++;
			continue;
		}
		if (c != '-' && (c < '0' || c > '9')) {
			i++;
			continue;
		}
		size_t n = 0;
		bool exp = false;
		for (; i < len && strchr("+-.0123456789eE", text[i]) != NULL; i++) {
			exp |= text[i] == 'e' || text[i] == 'E';
			if (n + 1 < sizeof lit)
				lit[n++] = text[i];
		}
		lit[n] = '\0';
		if (!exp)
			continue;             /* no exponent: the parser reads it as written or refuses it */
		errno = 0;
		double d = strtod(lit, NULL);
		if (errno == ERANGE || (d != 0.0 && !isnormal(d)))
			return false;
		if (d == 0.0 && strpbrk(lit, "123456789") != NULL) {
			/* a nonzero mantissa that came out as zero: digits before the exponent */
			const char *e = strpbrk(lit, "eE");
			for (const char *p = lit; p < e; p++)
				if (*p >= '1' && *p <= '9')
					return false;
		}
	}
	return true;
}

bool
val_actor_reserved(const char *label)
{
	/* titrad's own actors (safety.c resolves as "titrad", cli.c audits as "cli") and look-alikes. */
	static const char *const reserved[] = { "titrad", "system", "cli", "root", "daemon",
		"automatic", "auto", "internal" };
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strcasecmp(label, reserved[i]) == 0)
			return true;
	return false;
}
