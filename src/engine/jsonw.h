/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonw.h - JSON written straight into an html_buf, no tree.
 *
 * For the large arrays of an answer (one element per calendar night):
 * building a jansson tree per element and dumping it costs far more than
 * the bytes.  Every function appends to b and writes exactly what
 * json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(15)) writes for the same
 * value (no ensure_ascii, no escaped slash), so a body may mix both.
 * Strings must be valid UTF-8 (jansson refuses others); they are copied as
 * they are, with '"', '\\' and the control characters escaped.  Pure.
 */
#ifndef TITRAD_JSONW_H
#define TITRAD_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/html.h"

/* A literal piece of JSON (keys, punctuation); "" makes anything but a string literal a compile error. */
#define JSONW_LIT(b, lit) html_putn((b), "" lit, sizeof("" lit) - 1)
/* A quoted, escaped string; NULL writes null. */
void jsonw_str(struct html_buf *b, const char *s);
void jsonw_int(struct html_buf *b, int64_t v);
void jsonw_bool(struct html_buf *b, bool v);
/*
 * v / 10^decimals (decimals 0..9) as jansson prints val_fixed_json's value:
 * an integer when exact, else the shortest decimal (trailing zeros
 * dropped), which is what %.15g prints for values of at most 15 digits.
 */
void jsonw_fixed(struct html_buf *b, int64_t v, int decimals);

#endif
