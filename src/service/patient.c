/* SPDX-License-Identifier: Apache-2.0 */
/* patient.c - a patient's state in one snapshot (see patient.h). */
#include "service/patient.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int64_t
svc_patient_crcl(const struct store_patient *p)
{
	if (p->crcl_given_dml >= 0)
		return p->crcl_given_dml;
	if (p->sex[0] == '\0')
		return -1;
	return renal_cockcroft_gault(p->age, p->weight_dkg, p->scr_cmgdl, strcmp(p->sex, "female") == 0);
}

void
svc_patient_free(struct svc_patient *ps)
{
	for (size_t i = 0; i < ps->nregs; i++)
		svc_regimen_free(ps->regs[i]);
	free(ps->regs);
	free(ps->renal);
	free(ps->meds);
	free(ps->imeds);
	free(ps->iregs);
	memset(ps, 0, sizeof *ps);
}

int
svc_patient_load(const struct svc_ctx *c, int64_t id, enum svc_patient_scope scope, struct svc_patient *out)
{
	struct store_regimen *rows = NULL;
	size_t nrows = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_patient_get(c->db, id, &out->patient)) != STORE_OK)
		return rc;
	out->crcl_dml = svc_patient_crcl(&out->patient);
	if ((rc = store_renal_list(c->db, id, &out->renal, &out->nrenal)) != STORE_OK)
		goto cleanup;
	if ((rc = store_med_all(c->db, id, scope == SVC_LIVE, &out->meds, &out->nmeds)) != STORE_OK)
		goto cleanup;
	if ((rc = store_regimen_all(c->db, id, &rows, &nrows)) != STORE_OK)
		goto cleanup;
	if (nrows > 0 && (out->regs = calloc(nrows, sizeof *out->regs)) == NULL) {
		rc = STORE_ERROR;
		goto cleanup;
	}
	for (size_t i = 0; i < nrows; i++) {
		struct svc_regimen *ar;
		/* row.status is the state after every action; a stop dated ahead still doses today. */
		if ((rc = svc_regimen_load(c, rows[i].id, &ar)) != STORE_OK)
			goto cleanup;
		/* A finished taper gives no more doses: not live. */
		if (scope == SVC_LIVE && strcmp(svc_regimen_status(ar, c->today), "stopped") == 0) {
			svc_regimen_free(ar);
			continue;
		}
		out->regs[out->nregs++] = ar;
	}
	rc = STORE_OK;
cleanup:
	free(rows);
	return rc;
}

bool
svc_patient_engine(const struct svc_ref *ref, struct svc_patient *ps)
{
	if (ps->nmeds > 0 && (ps->imeds = calloc(ps->nmeds, sizeof *ps->imeds)) == NULL)
		return false;
	if (ps->nregs > 0 && (ps->iregs = calloc(ps->nregs, sizeof *ps->iregs)) == NULL)
		return false;
	for (size_t i = 0; i < ps->nmeds; i++) {
		struct ia_med *m = &ps->imeds[i];
		m->id = ps->meds[i].id;
		m->partial = fm_is_partial(ref->fm, ps->meds[i].name);
		for (size_t k = 0; k < ps->meds[i].ningredients; k++) {
			const struct fm_ingredient *ing = fm_by_id(ref->fm, ps->meds[i].ingredient[k]);
			if (ing != NULL)
				m->ing[m->ning++] = ing;
		}
	}
	for (size_t i = 0; i < ps->nregs; i++) {
		const struct svc_regimen *ar = ps->regs[i];
		ps->iregs[i] = (struct ia_regimen){
			.id = ar->row.id, .drug = ar->row.drug, .tr = &ar->tr,
			.start_ug = (int32_t)ar->row.start_ug, .step_ug = (int32_t)ar->row.step_ug,
			.max_ug = (int32_t)ar->row.max_ug, .interval_days = (int32_t)ar->row.interval_days,
			.unit_ug = ar->proto->unit_ug,
		};
	}
	ps->ip = (struct ia_patient){
		.crcl_dml = ps->crcl_dml, .dialysis = ps->patient.dialysis != 0,
		.ferritin_dng = ps->patient.ferritin_dng, .tsat_dpct = ps->patient.tsat_dpct,
	};
	return true;
}
