/* SPDX-License-Identifier: Apache-2.0 */
/*
 * service.h - what every use case is given: the store, the clinical
 * reference data read at start-up, the request's clock and who acts.
 *
 * Services take plain structs and a store, never an HTTP request: the same
 * code serves the API, CDS Hooks, the CLI and the tests.  They run inside
 * the caller's transaction (store_run_tx) and return STORE_ codes, plus the
 * SVC_ codes below for outcomes the caller answers with a 4xx.
 */
#ifndef TITRAD_SERVICE_H
#define TITRAD_SERVICE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "engine/datetime.h"
#include "engine/formulary.h"
#include "engine/interactions.h"
#include "engine/renal.h"
#include "engine/titration.h"
#include "store/store.h"

/* Outcomes beyond the STORE_ codes (which stay 0..3 and -1). */
enum {
	SVC_NOT_ALLOWED = 16,   /* the action is not allowed in the current state (409) */
	SVC_INVALID = 17,       /* well-formed but invalid (422); the message says why */
};

/* Read-only clinical data, loaded once (svc_ref_load) and shared by threads. */
struct svc_ref {
	struct titr_protocol *protocols;
	size_t nprotocols;
	struct renal_band *bands;
	size_t nbands;
	struct titr_note *notes;    /* patient_text: the calendar page's sentences per drug */
	size_t nnotes;
	struct formulary *fm;
	struct ia_kb *kb;
};

/* Read every table of reference data; err gets a sentence on failure. */
int svc_ref_load(struct store *db, struct svc_ref *ref, char *err, size_t errlen);
void svc_ref_free(struct svc_ref *ref);
/* The protocol of a drug (exact name), or NULL. */
const struct titr_protocol *svc_protocol(const struct svc_ref *ref, const char *drug);

/* One use case's context: fixed for the whole transaction. */
struct svc_ctx {
	struct store *db;
	const struct svc_ref *ref;
	time_t now;
	char now_stamp[DT_STAMP_LEN];
	int32_t today;
	const char *actor;      /* token label, for events, reviews and audit */
	const char *role;       /* its role's name, for audit */
};

/* Append to the audit trail inside the caller's transaction. */
int svc_audit(const struct svc_ctx *c, const char *action, const char *entity, int64_t id,
    const char *detail);

#endif
