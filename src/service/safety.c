/* safety.c - flags in step with the rules (see safety.h). */
#include "service/safety.h"

#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "base/util.h"

#define MAX_MEDS 1000
#define MAX_REGS 64
#define MAX_FINDINGS 512

json_t *
safety_flag_json(const struct store_flag *fl)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)fl->id, "patient_id", (json_int_t)fl->patient_id, "rule", fl->rule,
	    "severity", fl->severity, "summary", fl->summary, "detail", fl->detail, "source", fl->source,
	    "kb_version", fl->kb_version, "status", fl->status, "created_at", fl->created_at);
	json_object_set_new(o, "regimen_id", fl->regimen_id >= 0 ? json_integer(fl->regimen_id) : json_null());
	json_object_set_new(o, "medication_id",
	    fl->medication_id >= 0 ? json_integer(fl->medication_id) : json_null());
	json_object_set_new(o, "reviewed_by", fl->reviewed_by[0] ? json_string(fl->reviewed_by) : json_null());
	json_object_set_new(o, "reviewed_at", fl->reviewed_at[0] ? json_string(fl->reviewed_at) : json_null());
	json_object_set_new(o, "review_note", fl->reviewed_at[0] ? json_string(fl->review_note) : json_null());
	return o;
}

int
safety_raise(struct req *r, int64_t patient_id, const struct ia_finding *f, size_t n,
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
		util_copy(fl.kb_version, sizeof fl.kb_version, ia_version(r->app->kb));
		util_copy(fl.created_at, sizeof fl.created_at, r->now_stamp);
		int rc = store_flag_insert(r->db, &fl);
		if (rc == STORE_CONFLICT)
			continue;       /* a live flag with this key exists: not raised again */
		if (rc != STORE_OK)
			return rc;
		if (raised != NULL && raised->n < SAFETY_RAISED_MAX)
			raised->ids[raised->n++] = fl.id;
	}
	return STORE_OK;
}

/* Rules whose cause can go away; withdrawal and stop flags record an event. */
static bool
state_based(const struct ia_kb *kb, const char *rule_id)
{
	const struct ia_rule *rule = ia_rule(kb, rule_id);
	return rule != NULL && strcmp(rule->kind, "withdrawal") != 0 && strcmp(rule->kind, "stop") != 0;
}

int
safety_recheck(struct req *r, int64_t patient_id, struct safety_raised *raised)
{
	struct store_patient p;
	struct store_med *meds = NULL;
	struct store_regimen *regs = NULL;
	struct api_regimen *loaded[MAX_REGS];
	struct ia_med *imeds = NULL;
	struct ia_regimen iregs[MAX_REGS];
	struct ia_finding *found = NULL;
	struct store_flag *live = NULL;
	size_t nmeds = 0, nregs = 0, nloaded = 0, nfound, nlive = 0;
	int rc;

	if ((rc = store_patient_get(r->db, patient_id, &p)) != STORE_OK)
		return rc;
	meds = calloc(MAX_MEDS, sizeof *meds);
	imeds = calloc(MAX_MEDS, sizeof *imeds);
	regs = calloc(MAX_REGS, sizeof *regs);
	found = calloc(MAX_FINDINGS, sizeof *found);
	live = calloc(MAX_FINDINGS, sizeof *live);
	rc = STORE_ERROR;
	if (meds == NULL || imeds == NULL || regs == NULL || found == NULL || live == NULL)
		goto cleanup;
	if ((rc = store_med_list(r->db, patient_id, true, 0, MAX_MEDS, meds, &nmeds)) != STORE_OK)
		goto cleanup;
	for (size_t i = 0; i < nmeds; i++) {
		imeds[i].id = meds[i].id;
		for (size_t k = 0; k < meds[i].ningredients; k++) {
			const struct fm_ingredient *ing = fm_by_id(r->app->fm, meds[i].ingredient[k]);
			if (ing != NULL)
				imeds[i].ing[imeds[i].ning++] = ing;
		}
	}
	if ((rc = store_regimen_list(r->db, patient_id, 0, MAX_REGS, regs, &nregs)) != STORE_OK)
		goto cleanup;
	for (size_t i = 0; i < nregs; i++) {
		struct api_regimen *ar;
		if (strcmp(regs[i].status, "stopped") == 0)
			continue;
		if ((rc = api_regimen_load(r, regs[i].id, &ar)) != STORE_OK)
			goto cleanup;
		if (strcmp(api_regimen_status(ar, r->today), "stopped") == 0) {
			free(ar);
			continue;
		}
		loaded[nloaded] = ar;
		iregs[nloaded] = (struct ia_regimen){
			.id = ar->row.id, .drug = ar->row.drug, .tr = &ar->tr,
			.start_ug = (int32_t)ar->row.start_ug, .step_ug = (int32_t)ar->row.step_ug,
			.max_ug = (int32_t)ar->row.max_ug, .interval_days = (int32_t)ar->row.interval_days,
			.unit_ug = ar->proto->unit_ug,
		};
		nloaded++;
	}
	struct ia_patient ip = {
		.crcl_dml = api_patient_crcl(&p), .dialysis = p.dialysis != 0,
		.ferritin_dng = p.ferritin_dng, .tsat_dpct = p.tsat_dpct,
	};
	nfound = ia_check(r->app->kb, r->app->fm, r->app->bands, r->app->nbands, &ip, imeds, nmeds,
	    iregs, nloaded, found, MAX_FINDINGS);

	/* Resolve open flags whose cause has gone. */
	struct store_flag_filter flt = { .status = "open", .patient_id = patient_id, .regimen_id = -1,
		.medication_id = -1 };
	if ((rc = store_flag_list(r->db, &flt, 0, MAX_FINDINGS, live, &nlive)) != STORE_OK)
		goto cleanup;
	for (size_t i = 0; i < nlive; i++) {
		bool still = false;
		if (!state_based(r->app->kb, live[i].rule))
			continue;
		for (size_t k = 0; k < nfound && !still; k++)
			still = strcmp(found[k].rule->id, live[i].rule) == 0 &&
			    found[k].medication_id == live[i].medication_id &&
			    found[k].regimen_id == live[i].regimen_id;
		if (!still && (rc = store_flag_review(r->db, live[i].id, "resolved", "titrad", r->now_stamp,
		    "cause no longer present")) != STORE_OK && rc != STORE_CONFLICT)
			goto cleanup;
	}
	rc = safety_raise(r, patient_id, found, nfound, raised);
cleanup:
	for (size_t i = 0; i < nloaded; i++)
		free(loaded[i]);
	free(meds);
	free(imeds);
	free(regs);
	free(found);
	free(live);
	return rc;
}

int
safety_flags_by_id(struct req *r, const struct safety_raised *raised, json_t **out)
{
	struct store_flag fl;
	*out = json_array();
	for (size_t i = 0; raised != NULL && i < raised->n; i++) {
		int rc = store_flag_get(r->db, raised->ids[i], &fl);
		if (rc != STORE_OK) {
			json_decref(*out);
			*out = NULL;
			return rc;
		}
		json_array_append_new(*out, safety_flag_json(&fl));
	}
	return STORE_OK;
}

int
safety_flags_live(struct req *r, const struct store_flag_filter *flt, json_t **out)
{
	struct store_flag *rows = calloc(MAX_FINDINGS, sizeof *rows);
	size_t n = 0;
	int rc;
	*out = NULL;
	if (rows == NULL)
		return STORE_ERROR;
	rc = store_flag_list(r->db, flt, 0, MAX_FINDINGS, rows, &n);
	if (rc == STORE_OK) {
		*out = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(*out, safety_flag_json(&rows[i]));
	}
	free(rows);
	return rc;
}
