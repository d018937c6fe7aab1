/* SPDX-License-Identifier: Apache-2.0 */
/*
 * patient.h - one patient's state, loaded in one place.
 *
 * The safety recheck, CDS Hooks and the export all look at a patient
 * through svc_patient_load, inside the caller's transaction (one snapshot).
 * Every list grows to need: a row that is not loaded is a row no safety
 * check sees, so nothing here has a fixed cap.
 */
#ifndef TITRAD_SVC_PATIENT_H
#define TITRAD_SVC_PATIENT_H

#include <stdbool.h>

#include "service/regimen.h"
#include "service/service.h"

enum svc_patient_scope {
	SVC_LIVE,     /* active medications; regimens still giving doses today */
	SVC_ALL,      /* every medication and regimen ever recorded (export) */
};

struct svc_patient {
	struct store_patient patient;
	int64_t crcl_dml;                  /* in force now: given, else Cockcroft-Gault, else -1 */
	struct store_renal *renal;         /* renal history, oldest first */
	size_t nrenal;
	struct store_med *meds;
	size_t nmeds;
	struct svc_regimen **regs;
	size_t nregs;
	/* The engine's view of the above (svc_patient_engine). */
	struct ia_med *imeds;
	struct ia_regimen *iregs;
	struct ia_patient ip;
};

/* CrCl in force from the patient's fields: given, else Cockcroft-Gault, else -1. */
int64_t svc_patient_crcl(const struct store_patient *p);
/* Load patient id; STORE_NOTFOUND if none.  Free with svc_patient_free (also after a failure). */
int svc_patient_load(const struct svc_ctx *c, int64_t id, enum svc_patient_scope scope,
    struct svc_patient *out);
void svc_patient_free(struct svc_patient *ps);
/* Fill imeds, iregs and ip for ia_check_all; false when out of memory. */
bool svc_patient_engine(const struct svc_ref *ref, struct svc_patient *ps);

#endif
