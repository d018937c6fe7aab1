/* SPDX-License-Identifier: Apache-2.0 */
/*
 * safety.h - keeps a patient's flags in step with the rules.
 *
 * Runs inside the caller's write transaction, so a flag is written with the
 * change that caused it or not at all.  safety_recheck() loads the
 * patient's whole live state (patient.h: no caps), computes every
 * state-based finding (interactions.h), raises the ones whose key (patient,
 * rule, medication, regimen) has no live flag, and resolves, as "titrad",
 * open flags whose cause has gone.  Event-based findings (withdrawal, stop
 * without taper) go through safety_raise().
 */
#ifndef TITRAD_SAFETY_H
#define TITRAD_SAFETY_H

#include "service/service.h"

/* The ids of the flags a change raised, in order; grows to need. */
struct safety_raised {
	int64_t *ids;
	size_t n, cap;
};
void safety_raised_free(struct safety_raised *raised);

/* raised may be NULL.  STORE_ codes. */
int safety_recheck(const struct svc_ctx *c, int64_t patient_id, struct safety_raised *raised);
int safety_raise(const struct svc_ctx *c, int64_t patient_id, const struct ia_finding *f, size_t n,
    struct safety_raised *raised);

#endif
