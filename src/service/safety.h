/*
 * safety.h - keeps a patient's flags in step with the rules.
 *
 * Runs inside the caller's write transaction, so a flag is written with the
 * change that caused it or not at all.  safety_recheck() computes every
 * state-based finding for the patient (interactions.h), raises the ones
 * whose key (patient, rule, medication, regimen) has no live flag, and
 * resolves, as "titrad", open flags whose cause has gone.  Event-based
 * findings (withdrawal, stop without taper) go through safety_raise().
 */
#ifndef TITRAD_SAFETY_H
#define TITRAD_SAFETY_H

#include <jansson.h>

#include "store/store.h"
#include "http/http.h"
#include "engine/interactions.h"

#define SAFETY_RAISED_MAX 256

struct safety_raised {
	int64_t ids[SAFETY_RAISED_MAX];
	size_t n;
};

int safety_recheck(struct req *r, int64_t patient_id, struct safety_raised *raised);
int safety_raise(struct req *r, int64_t patient_id, const struct ia_finding *f, size_t n,
    struct safety_raised *raised);

json_t *safety_flag_json(const struct store_flag *fl);
/* The flags with these ids, as a JSON array (new reference), or live flags matching flt. */
int safety_flags_by_id(struct req *r, const struct safety_raised *raised, json_t **out);
int safety_flags_live(struct req *r, const struct store_flag_filter *flt, json_t **out);

#endif
