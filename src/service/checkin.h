/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checkin.h - a patient's report of a night, and what titrad does with it.
 *
 * svc_checkin_create runs in the caller's write transaction: it stores the
 * check-in, audits it, holds a guided regimen whose patient reports
 * control (an ordinary hold through regimen_action.h, by "titrad"), and
 * raises the check-in flags (side effects, symptoms returned while held,
 * the augmentation watch, rebound after a stop) through safety_raise.  The
 * rules' drugs, severities and thresholds are data (schema/011); the
 * arithmetic is engine/symptoms.h.  titrad never raises a dose here.
 */
#ifndef TITRAD_SVC_CHECKIN_H
#define TITRAD_SVC_CHECKIN_H

#include "service/regimen.h"
#include "service/safety.h"

/*
 * ck: the validated fields (night, severity, onset, bit sets, irls, note);
 * gets its id, regimen_id, created_at and created_by.  STORE_OK,
 * STORE_NOTFOUND (no regimen), SVC_INVALID (the night is not one of the
 * regimen's nights up to today: msg says why), STORE_CONFLICT (a check-in
 * of that night exists) or a store failure.  raised gets the new flags.
 */
int svc_checkin_create(const struct svc_ctx *c, int64_t regimen_id, struct store_checkin *ck,
    struct safety_raised *raised, char *msg, size_t msglen);

#endif
