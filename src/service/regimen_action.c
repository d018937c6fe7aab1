/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regimen_action.c - the regimen state machine: hold, resume, stop, taper
 * (see regimen_action.h).  Apart from regimen.c because an action rechecks
 * the patient (safety.c), which loads regimens through regimen.c.
 */
#include "service/regimen_action.h"

#include <stdio.h>
#include <string.h>

static bool
allowed(enum svc_action act, const char *status)
{
	switch (act) {
	case SVC_HOLD: return strcmp(status, "active") == 0;
	case SVC_RESUME: return strcmp(status, "held") == 0;
	case SVC_STOP: return strcmp(status, "active") == 0 || strcmp(status, "held") == 0;
	}
	return false;
}

int
svc_regimen_act(const struct svc_ctx *c, int64_t id, const struct svc_act *act, char *msg, size_t msglen)
{
	struct svc_regimen *ar = NULL;
	struct ia_findings found = { 0 };
	const char *kind, *status;
	int32_t last;
	int rc = svc_regimen_load(c, id, &ar);

	if (rc != STORE_OK)
		return rc;
	/* row.status is the state after every action, pending ones included. */
	if (!allowed(act->action, ar->row.status)) {
		const char *now = svc_regimen_status(ar, c->today);
		if (strcmp(now, ar->row.status) != 0)
			snprintf(msg, msglen, "this action is not allowed: after its pending actions the regimen "
			    "is %s", ar->row.status);
		else
			snprintf(msg, msglen, "this action is not allowed while the regimen is %s", now);
		rc = SVC_NOT_ALLOWED;
		goto cleanup;
	}
	last = ar->tr.start_day;
	if (ar->nevents > 0)
		dt_parse_date(ar->events[ar->nevents - 1].night_date, &last);
	if (act->day < ar->tr.start_day || act->day < last) {
		snprintf(msg, msglen, "%s", act->day < ar->tr.start_day ? "date is before the regimen's start_date"
		    : "date is before the regimen's last event");
		rc = SVC_INVALID;
		goto cleanup;
	}
	switch (act->action) {
	case SVC_HOLD: kind = "hold"; status = "held"; break;
	case SVC_RESUME: kind = "resume"; status = "active"; break;
	default:
		kind = act->taper ? "taper" : "stop";
		status = act->taper ? "tapering" : "stopped";
		break;
	}
	if (act->action == SVC_STOP) {
		struct ia_regimen ir = { .id = id, .drug = ar->row.drug };
		if (!ia_on_regimen_stop_all(c->ref->kb, &ir, act->taper, &found)) {
			rc = STORE_ERROR;
			goto cleanup;
		}
	}
	char date[DT_DATE_LEN];
	dt_format_date(act->day, date);
	rc = store_event_insert(c->db, id, kind, date, act->reason, c->now_stamp, c->actor);
	if (rc == STORE_OK)
		rc = store_regimen_set_status(c->db, &ar->row, status, c->now_stamp);
	if (rc == STORE_OK)
		rc = svc_audit(c, kind, "regimen", id, act->reason);
	if (rc == STORE_OK)
		rc = safety_raise(c, ar->row.patient_id, found.v, found.n, NULL);
	if (rc == STORE_OK)
		rc = safety_recheck(c, ar->row.patient_id, NULL);
cleanup:
	ia_findings_free(&found);
	svc_regimen_free(ar);
	return rc;
}
