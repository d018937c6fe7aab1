/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_json_body.c - request bodies as the HTTP layer sees them: the bytes
 * through json_loadb(JSON_REJECT_DUPLICATES) (http.c), then val_shape
 * against every field table the handlers use (engine/fields.h: patient,
 * patient patch, regimen, actions with and without "taper", medication,
 * flag review, token), then val_fixed/val_integer/val_mg/
 * val_text on every member, nested ones included.
 *
 * Properties: val_shape returns 0 with no errors, or 400/422 with a
 * non-empty array of {"field": string, "message": string} (an error lost
 * to a failed json_pack would be a 422 without a reason); a 400 names only
 * known fields of the wrong type; an accepted fixed-point value lies in its
 * range and survives the trip the API makes with it (val_fixed_json ->
 * json_dumps with 15 digits -> json_loads -> val_fixed gives it back); an
 * accepted integer is exact; accepted text is non-empty, short enough,
 * NUL-free, valid UTF-8 without controls.
 */
#include "fuzz_common.h"

#include <jansson.h>
#include <inttypes.h>
#include <math.h>

#include "base/util.h"
#include "engine/fields.h"
#include "engine/validate.h"

/* The fixed-point ranges the handlers use (api_patients.c, api_regimens.c). */
static const struct { int decimals; int64_t min, max; } fixed_ranges[] = {
	{ 1, 0, 2500 },         /* crcl_ml_min */
	{ 0, 0, 130 },          /* age */
	{ 1, 1, 5000 },         /* weight_kg */
	{ 2, 1, 3000 },         /* scr_mg_dl */
	{ 1, 0, 1000000 },      /* ferritin_ng_ml */
	{ 1, 0, 1000 },         /* tsat_pct */
	{ 0, 1, 28 },           /* interval_days */
	{ 0, 1, 3650 },         /* token days */
	{ 0, 1, INT64_MAX },    /* ids */
	{ 4, -100000000, 100000000 },
};

static const int64_t p10[] = { 1, 10, 100, 1000, 10000 };

static bool
known(const struct val_field *fields, size_t n, const char *key, enum val_type *type)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i].name, key) == 0) {
			*type = fields[i].type;
			return true;
		}
	return false;
}

static void
check_shape(json_t *obj, const struct val_field *fields, size_t n)
{
	json_t *errors = (json_t *)0x1;
	int st = val_shape(obj, fields, n, &errors);
	CHECK(st == 0 || st == 400 || st == 422, "val_shape returned %d", st);
	if (st == 0) {
		CHECK(errors == NULL, "val_shape 0 with errors");
		return;
	}
	CHECK(json_is_array(errors) && json_array_size(errors) > 0,
	    "val_shape %d without errors (lost json_pack?)", st);
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		const char *field = json_string_value(json_object_get(e, "field"));
		const char *msg = json_string_value(json_object_get(e, "message"));
		CHECK(field != NULL && msg != NULL, "error %zu of %d is not {field, message}", i, st);
		enum val_type t;
		if (st == 400)
			CHECK(known(fields, n, field, &t), "400 names unknown field \"%s\"", field);
	}
	/* The problem document must serialise, as http_problem does. */
	char *s = json_dumps(errors, JSON_COMPACT);
	CHECK(s != NULL, "errors do not serialise");
	free(s);
	json_decref(errors);
}

static void
check_fixed(const json_t *v)
{
	for (size_t k = 0; k < sizeof fixed_ranges / sizeof fixed_ranges[0]; k++) {
		int dec = fixed_ranges[k].decimals;
		int64_t lo = fixed_ranges[k].min, hi = fixed_ranges[k].max, out = 0x5a5a;
		if (!val_fixed(v, dec, lo, hi, &out)) {
			CHECK(out == 0x5a5a, "rejected value written");
			continue;
		}
		CHECK(out >= lo && out <= hi, "val_fixed %" PRId64 " outside [%" PRId64 ", %" PRId64 "]", out, lo, hi);
		if (json_is_integer(v))
			CHECK(out == (int64_t)json_integer_value(v) * p10[dec], "integer scaled wrong");
		else
			CHECK(fabs((double)out / (double)p10[dec] - json_real_value(v)) <= 1e-9 * fmax(1.0, fabs(json_real_value(v))),
			    "real %.17g scaled to %" PRId64, json_real_value(v), out);
		/* The way back out, as the API answers, and in again. */
		json_t *j = val_fixed_json(out, dec);
		CHECK(j != NULL, "val_fixed_json");
		int64_t again = 0;
		CHECK(val_fixed(j, dec, lo, hi, &again) && again == out,
		    "val_fixed_json(%" PRId64 ", %d) does not read back", out, dec);
		char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		CHECK(s != NULL, "dump");
		json_error_t err;
		json_t *r = json_loads(s, JSON_DECODE_ANY, &err);
		CHECK(r != NULL, "reload %s", s);
		again = 0;
		CHECK(val_fixed(r, dec, lo, hi, &again) && again == out,
		    "%" PRId64 " (%d decimals) printed as %s reads back as %" PRId64, out, dec, s, again);
		json_decref(r);
		free(s);
		json_decref(j);
	}
	int64_t i = 0x5a5a;
	if (val_integer(v, 0, 130, &i))
		CHECK(i >= 0 && i <= 130, "val_integer");
	int64_t ug = -1;
	if (val_mg(v, &ug)) {
		CHECK(ug >= 0 && ug <= 100000000, "val_mg %" PRId64, ug);
		json_t *j = val_mg_json(ug);
		char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		json_t *r = json_loads(s, JSON_DECODE_ANY, NULL);
		int64_t again = -1;
		CHECK(r != NULL && val_mg(r, &again) && again == ug, "%" PRId64 " ug as %s reads back as %" PRId64,
		    ug, s, again);
		json_decref(r);
		free(s);
		json_decref(j);
	}
}

static void
check_text(const json_t *v)
{
	static const size_t maxes[] = { 1, 64, 400, 1000 };
	for (size_t k = 0; k < 4; k++)
		for (int nl = 0; nl < 2; nl++) {
			if (!val_text(v, maxes[k], nl))
				continue;
			CHECK(json_is_string(v), "val_text on a non-string");
			const char *s = json_string_value(v);
			size_t n = json_string_length(v);
			CHECK(n >= 1 && n <= maxes[k] && strlen(s) == n, "val_text length %zu", n);
			CHECK(fz_utf8_ok((const uint8_t *)s, n), "val_text accepted ill-formed UTF-8");
			for (size_t i = 0; i < n; i++) {
				unsigned char c = (unsigned char)s[i];
				CHECK(c >= 0x20 || c == '\t' || (nl && (c == '\n' || c == '\r')),
				    "val_text accepted control 0x%02x", c);
				CHECK(c != 0x7f, "val_text accepted DEL");
			}
		}
}

static void
walk(json_t *v, int depth)
{
	check_fixed(v);
	check_text(v);
	if (depth > 8)
		return;
	if (json_is_object(v)) {
		const char *key;
		json_t *m;
		check_shape(v, fields_patient, fields_patient_n);
		check_shape(v, fields_patient_patch, fields_patient_patch_n);
		check_shape(v, fields_regimen, fields_regimen_n);
		check_shape(v, fields_action, fields_action_n);
		check_shape(v, fields_action, fields_action_stop_n);
		check_shape(v, fields_medication, fields_medication_n);
		check_shape(v, fields_flag_review, fields_flag_review_n);
		check_shape(v, fields_token, fields_token_n);
		json_object_foreach(v, key, m)
			walk(m, depth + 1);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m)
			walk(m, depth + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	if (body == NULL)
		return 0;
	walk(body, 0);
	json_decref(body);
	return 0;
}
