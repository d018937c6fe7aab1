/* SPDX-License-Identifier: Apache-2.0 */
/*
 * validate.h - request body checks shared by every handler.
 *
 * Pure (jansson values in, verdicts out).  A body is checked against a
 * field table first: an unknown field or a missing required one is 422, a
 * field of the wrong JSON type 400.  Numbers that carry clinical values are
 * converted to fixed-point integers exactly or refused: 0.375 mg is 375 ug,
 * 0.3755 mg is an error, never a rounding.
 */
#ifndef TITRAD_VALIDATE_H
#define TITRAD_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

enum val_type { VT_STRING, VT_INTEGER, VT_NUMBER, VT_BOOL, VT_OBJECT, VT_ARRAY };

struct val_field {
	const char *name;
	enum val_type type;
	bool required;
	bool nullable;       /* JSON null allowed (clears an optional value) */
};

/*
 * Check obj against fields[0..n).  Returns 0 when the shape is right, else
 * 400 or 422 with *errors set to a new array of {"field","message"}.
 */
int val_shape(json_t *obj, const struct val_field *fields, size_t n, json_t **errors);

/*
 * A JSON number with at most `decimals` decimals, scaled by 10^decimals
 * into *out, within [min, max] (scaled).  False if not exact or out of range.
 */
bool val_fixed(const json_t *v, int decimals, int64_t min, int64_t max, int64_t *out);
/* A whole number (integer, or a real with no fraction) within [min, max]. */
bool val_integer(const json_t *v, int64_t min, int64_t max, int64_t *out);
/* Text: valid UTF-8 (jansson checks), 1..max_bytes, no control characters. */
bool val_text(const json_t *v, size_t max_bytes, bool allow_newline);

/*
 * The JSON text of a body: false when a number literal in it is out of a
 * double's range, e.g. 1e-400, which the parser silently reads as 0 (a
 * number must be exact or refused, never rounded to zero).
 */
bool val_numbers_exact(const char *text, size_t len);
/*
 * A name titrad writes as the actor of its own actions (automatic flag
 * resolutions, the command line): never a token label, so the audit trail
 * tells a system action from a person's.
 */
bool val_actor_reserved(const char *label);

/* mg <-> ug; mg with at most 3 decimals. */
bool val_mg(const json_t *v, int64_t *ug);
json_t *val_mg_json(int64_t ug);
/* A fixed-point integer back to a JSON number (e.g. tenths: 405 -> 40.5). */
json_t *val_fixed_json(int64_t v, int decimals);

#endif
