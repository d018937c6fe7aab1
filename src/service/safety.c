/* SPDX-License-Identifier: Apache-2.0 */
/* safety.c - flags in step with the rules (see safety.h). */
#include "service/safety.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "service/patient.h"

void
safety_raised_free(struct safety_raised *raised)
{
	free(raised->ids);
	memset(raised, 0, sizeof *raised);
}

int
safety_raise(const struct svc_ctx *c, int64_t patient_id, const struct ia_finding *f, size_t n,
    struct safety_raised *raised)
{
	struct store_flag fl;
	for (size_t i = 0; i < n; i++) {
		memset(&fl, 0, sizeof fl);
		fl.patient_id = patient_id;
		fl.regimen_id = f[i].regimen_id;
		fl.medication_id = f[i].medication_id;
		util_copy(fl.rule, sizeof fl.rule, f[i].rule->id);
		util_copy(fl.severity, sizeof fl.severity, f[i].severity);
		util_copy(fl.summary, sizeof fl.summary, f[i].rule->summary);
		util_copy(fl.detail, sizeof fl.detail, f[i].detail[0] ? f[i].detail : f[i].rule->detail);
		util_copy(fl.source, sizeof fl.source, f[i].rule->source);
		util_copy(fl.kb_version, sizeof fl.kb_version, ia_version(c->ref->kb));
		util_copy(fl.created_at, sizeof fl.created_at, c->now_stamp);
		int rc = store_flag_insert(c->db, &fl);
		if (rc == STORE_CONFLICT)
			continue;       /* a live flag with this key exists: not raised again */
		if (rc != STORE_OK)
			return rc;
		if (raised == NULL)
			continue;
		if (!util_grow((void **)&raised->ids, &raised->cap, raised->n + 1, sizeof *raised->ids, 8))
			return STORE_ERROR;
		raised->ids[raised->n++] = fl.id;
	}
	return STORE_OK;
}

/* Rules whose cause can go away; withdrawal, stop and check-in flags record an event (rule.event). */
static bool
state_based(const struct ia_kb *kb, const char *rule_id)
{
	const struct ia_rule *rule = ia_rule(kb, rule_id);
	return rule != NULL && !rule->event;
}

/* The finding with the flag's key, or NULL: the cause has gone. */
static const struct ia_finding *
still_found(const struct ia_findings *found, const struct store_flag *fl)
{
	for (size_t k = 0; k < found->n; k++)
		if (strcmp(found->v[k].rule->id, fl->rule) == 0 && found->v[k].medication_id == fl->medication_id &&
		    found->v[k].regimen_id == fl->regimen_id)
			return &found->v[k];
	return NULL;
}

/*
 * A flag that quotes the patient's values (renal: CrCl; iron: ferritin,
 * TSAT) no longer says what is true once the values change: it is
 * superseded (resolved, with a note) and raised again with the new ones.
 */
static bool
outdated(const struct ia_kb *kb, const struct store_flag *fl, const struct ia_finding *f)
{
	const struct ia_rule *rule = ia_rule(kb, fl->rule);
	const char *detail = f->detail[0] ? f->detail : f->rule->detail;
	if (rule == NULL || (strcmp(rule->kind, "renal") != 0 && strcmp(rule->kind, "iron") != 0))
		return false;
	return strcmp(fl->detail, detail) != 0 || strcmp(fl->severity, f->severity) != 0;
}

int
safety_recheck(const struct svc_ctx *c, int64_t patient_id, struct safety_raised *raised)
{
	struct svc_patient ps;
	struct ia_findings found = { 0 };
	struct store_flag *live = NULL;
	size_t nlive = 0;
	int rc = svc_patient_load(c, patient_id, SVC_LIVE, &ps);

	if (rc != STORE_OK)
		goto cleanup;
	rc = STORE_ERROR;
	if (!svc_patient_engine(c->ref, &ps) ||
	    !ia_check_all(c->ref->kb, c->ref->fm, c->ref->bands, c->ref->nbands, &ps.ip, ps.imeds, ps.nmeds,
	    ps.iregs, ps.nregs, &found))
		goto cleanup;      /* an incomplete list must not resolve anything */

	/* Resolve open flags whose cause has gone. */
	struct store_flag_filter flt = { .status = "open", .patient_id = patient_id, .regimen_id = -1,
		.medication_id = -1 };
	if ((rc = store_flag_all(c->db, &flt, &live, &nlive)) != STORE_OK)
		goto cleanup;
	for (size_t i = 0; i < nlive; i++) {
		const struct ia_finding *f;
		if (!state_based(c->ref->kb, live[i].rule))
			continue;
		if ((f = still_found(&found, &live[i])) != NULL && !outdated(c->ref->kb, &live[i], f))
			continue;
		const char *why = f != NULL ? "superseded: the patient's values changed" : "cause no longer present";
		rc = store_flag_review(c->db, live[i].id, "resolved", "titrad", c->now_stamp, why);
		if (rc != STORE_OK && rc != STORE_CONFLICT)
			goto cleanup;
		/* titrad's own action, role "system": the audit tells it from a person's review. */
		if (rc == STORE_OK &&
		    (rc = store_audit_insert(c->db, "titrad", "system", "flag.resolve", "flag", live[i].id, why,
		    c->now_stamp)) != STORE_OK)
			goto cleanup;
	}
	rc = safety_raise(c, patient_id, found.v, found.n, raised);
cleanup:
	free(live);
	ia_findings_free(&found);
	svc_patient_free(&ps);
	return rc;
}
