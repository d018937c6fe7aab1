/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regimen_action.h - what may be done to a regimen.
 *
 * svc_regimen_act is the state machine of hold/resume/stop/taper: it checks
 * the transition and the date, records the event and the new status, raises
 * the stop flags and rechecks the patient, all in the caller's write
 * transaction (nothing lands unless the whole action does).
 */
#ifndef TITRAD_SVC_REGIMEN_ACTION_H
#define TITRAD_SVC_REGIMEN_ACTION_H

#include <stdbool.h>

#include "service/regimen.h"
#include "service/safety.h"

enum svc_action { SVC_HOLD, SVC_RESUME, SVC_STOP };
struct svc_act {
	enum svc_action action;
	int32_t day;               /* the night date */
	const char *reason;        /* "" for none */
	bool taper;                /* stop only */
};
/*
 * Apply an action to regimen id.  STORE_OK, STORE_NOTFOUND,
 * SVC_NOT_ALLOWED (409: msg says why), SVC_INVALID (422 on field "date":
 * msg says why), STORE_CONFLICT (another active regimen of the drug), or a
 * store failure.  msg gets a sentence for the 4xx outcomes.
 */
int svc_regimen_act(const struct svc_ctx *c, int64_t id, const struct svc_act *act,
    char *msg, size_t msglen);

#endif
