/* SPDX-License-Identifier: Apache-2.0 */
/* fields.c - the request-body field tables (see fields.h). */
#include "engine/fields.h"

#include "base/util.h"

/*
 * The patient fields once, for create and patch: REQUIRED is true for
 * create and false for patch, which takes any subset of them.
 */
#define PATIENT_FIELDS(REQUIRED) \
	{ "external_id", VT_STRING, REQUIRED, false }, \
	{ "display_name", VT_STRING, REQUIRED, false }, \
	{ "crcl_ml_min", VT_NUMBER, false, true }, \
	{ "age", VT_INTEGER, false, true }, \
	{ "sex", VT_STRING, false, true }, \
	{ "weight_kg", VT_NUMBER, false, true }, \
	{ "scr_mg_dl", VT_NUMBER, false, true }, \
	{ "dialysis", VT_BOOL, false, false }, \
	{ "ferritin_ng_ml", VT_NUMBER, false, true }, \
	{ "tsat_pct", VT_NUMBER, false, true }

const struct val_field fields_patient[] = { PATIENT_FIELDS(true) };
const size_t fields_patient_n = ARRAY_LEN(fields_patient);
const struct val_field fields_patient_patch[] = { PATIENT_FIELDS(false) };
const size_t fields_patient_patch_n = ARRAY_LEN(fields_patient_patch);

const struct val_field fields_regimen[] = {
	{ "drug", VT_STRING, true, false },
	{ "start_date", VT_STRING, true, false },
	{ "symptom_onset", VT_STRING, false, false },
	{ "bedtime", VT_STRING, false, false },
	{ "dose_time", VT_STRING, false, false },
	{ "start_mg", VT_NUMBER, false, false },
	{ "step_mg", VT_NUMBER, false, false },
	{ "interval_days", VT_INTEGER, false, false },
	{ "max_mg", VT_NUMBER, false, false },
	{ "guided", VT_BOOL, false, false },
	{ "controlled_below", VT_INTEGER, false, false },
};
const size_t fields_regimen_n = ARRAY_LEN(fields_regimen);

const struct val_field fields_action[] = {
	{ "date", VT_STRING, true, false },
	{ "reason", VT_STRING, false, false },
	{ "taper", VT_BOOL, false, false },         /* stop only: keep it last */
};
const size_t fields_action_n = ARRAY_LEN(fields_action) - 1;
const size_t fields_action_stop_n = ARRAY_LEN(fields_action);

const struct val_field fields_medication[] = {
	{ "name", VT_STRING, true, false },
	{ "started", VT_STRING, false, true },
};
const size_t fields_medication_n = ARRAY_LEN(fields_medication);

const struct val_field fields_flag_review[] = {
	{ "decision", VT_STRING, true, false },
	{ "note", VT_STRING, false, false },
};
const size_t fields_flag_review_n = ARRAY_LEN(fields_flag_review);

const struct val_field fields_token[] = {
	{ "role", VT_STRING, true, false },
	{ "patient_id", VT_INTEGER, false, true },
	{ "label", VT_STRING, false, false },
	{ "expires_days", VT_INTEGER, false, true },
};
const size_t fields_token_n = ARRAY_LEN(fields_token);

const struct val_field fields_checkin[] = {
	{ "night", VT_STRING, true, false },
	{ "severity", VT_INTEGER, true, false },
	{ "onset", VT_STRING, false, true },
	{ "body_parts", VT_ARRAY, false, false },
	{ "side_effects", VT_ARRAY, false, false },
	{ "irls", VT_INTEGER, false, true },
	{ "note", VT_STRING, false, true },
};
const size_t fields_checkin_n = ARRAY_LEN(fields_checkin);
