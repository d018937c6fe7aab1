/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields.h - the request-body field tables of the API, one per kind of body.
 *
 * Pure data.  Handlers check a body with val_shape(body, fields_x,
 * fields_x_n, &errors) (validate.h); the fuzz harness runs the same tables,
 * so what it tests is what the daemon accepts.  What each value may hold
 * (ranges, formats) is the handler's to check after the shape.
 */
#ifndef TITRAD_FIELDS_H
#define TITRAD_FIELDS_H

#include <stddef.h>

#include "engine/validate.h"

/* POST /v1/patients. */
extern const struct val_field fields_patient[];
extern const size_t fields_patient_n;
/* PATCH /v1/patients/:id: the same fields, none required. */
extern const struct val_field fields_patient_patch[];
extern const size_t fields_patient_patch_n;

/* POST /v1/patients/:id/regimens. */
extern const struct val_field fields_regimen[];
extern const size_t fields_regimen_n;

/*
 * POST /v1/regimens/:id/{hold,resume,stop}.  "taper" is the last field and
 * belongs to stop only: hold and resume check the first fields_action_n
 * (without it, so there it is an unknown field), stop the first
 * fields_action_stop_n (all).
 */
extern const struct val_field fields_action[];
extern const size_t fields_action_n;
extern const size_t fields_action_stop_n;

/* POST /v1/patients/:id/medications. */
extern const struct val_field fields_medication[];
extern const size_t fields_medication_n;

/* POST /v1/flags/:id/review. */
extern const struct val_field fields_flag_review[];
extern const size_t fields_flag_review_n;

/* POST /v1/tokens. */
extern const struct val_field fields_token[];
extern const size_t fields_token_n;

/* POST /v1/regimens/:id/checkins. */
extern const struct val_field fields_checkin[];
extern const size_t fields_checkin_n;

#endif
