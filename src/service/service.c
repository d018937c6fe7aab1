/* SPDX-License-Identifier: Apache-2.0 */
/* service.c - reference data and audit shared by the use cases (see service.h). */
#include "service/service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
svc_ref_load(struct store *db, struct svc_ref *ref, char *err, size_t errlen)
{
	int rc;
	memset(ref, 0, sizeof *ref);
	if ((ref->fm = fm_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	if ((rc = store_protocols(db, &ref->protocols, &ref->nprotocols)) != STORE_OK ||
	    (rc = store_renal_bands(db, &ref->bands, &ref->nbands)) != STORE_OK ||
	    (rc = store_patient_texts(db, &ref->notes, &ref->nnotes)) != STORE_OK ||
	    (rc = store_load_formulary(db, ref->fm)) != STORE_OK ||
	    (rc = store_load_kb(db, &ref->kb)) != STORE_OK) {
		snprintf(err, errlen, "cannot read the clinical reference data: %s", store_errmsg(db));
		svc_ref_free(ref);
		return rc;
	}
	return STORE_OK;
}

void
svc_ref_free(struct svc_ref *ref)
{
	free(ref->protocols);
	free(ref->bands);
	free(ref->notes);
	if (ref->fm != NULL)
		fm_free(ref->fm);
	if (ref->kb != NULL)
		ia_free(ref->kb);
	memset(ref, 0, sizeof *ref);
}

const struct titr_protocol *
svc_protocol(const struct svc_ref *ref, const char *drug)
{
	for (size_t i = 0; drug != NULL && i < ref->nprotocols; i++)
		if (strcmp(ref->protocols[i].drug, drug) == 0)
			return &ref->protocols[i];
	return NULL;
}

int
svc_audit(const struct svc_ctx *c, const char *action, const char *entity, int64_t id, const char *detail)
{
	return store_audit_insert(c->db, c->actor, c->role, action, entity, id, detail, c->now_stamp);
}
