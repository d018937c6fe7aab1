/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_fhir.c - a regimen as a FHIR R4 MedicationRequest.
 *
 * GET /v1/regimens/ID/fhir.  The dose calendar (the regimen's default
 * range, as GET .../calendar gives it) becomes one Dosage per dose level: a
 * run of consecutive nights with the same dose.  Each Dosage carries its
 * sequence, a text, the patient's instruction, timing bounds (dates of the
 * first and last dose at that level; no end for the level a regimen keeps
 * giving beyond the range, i.e. maintenance or a hold), once a day at the
 * dose time, the dose in mg (UCUM) and the daily cap in force.  The same
 * Dosage list serves the CDS Hooks titration suggestion (api_cds.c).
 */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "engine/validate.h"

#define FHIR_TYPE "application/fhir+json"

/* A FHIR id: [A-Za-z0-9\-\.]{1,64}. */
static bool
fhir_id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.'))
			return false;
	}
	return true;
}

/* titrad status -> MedicationRequest.status. */
static const char *
fhir_status(const struct svc_regimen *ar, int32_t today)
{
	const char *st = svc_regimen_status(ar, today);
	if (strcmp(st, "held") == 0)
		return "on-hold";
	if (strcmp(st, "stopped") == 0)
		/* A taper run to its end is a completed course; a stop discontinues it. */
		return strcmp(ar->row.status, "tapering") == 0 ? "completed" : "stopped";
	return "active";   /* active, tapering */
}

enum MHD_Result
api_regimen_fhir(struct req *r)
{
	struct svc_regimen *ar;
	struct store_patient p;
	char id[40], ver[24], rid[24], extid_system[CONFIG_URI_MAX * 2], regimen_system[CONFIG_URI_MAX * 2];
	int rc = view_regimen_load(r, r->id[0], &ar);

	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if ((rc = store_patient_get(r->db, ar->row.patient_id, &p)) != STORE_OK) {
		svc_regimen_free(ar);
		return http_db_failure(r, rc);
	}
	snprintf(id, sizeof id, "regimen-%lld", (long long)ar->row.id);
	snprintf(ver, sizeof ver, "%lld", (long long)ar->row.version);
	snprintf(rid, sizeof rid, "%lld", (long long)ar->row.id);

	json_t *subject = fhir_id_ok(p.external_id)
	    ? json_pack("{s:s+}", "reference", "Patient/", p.external_id)
	    : json_pack("{s:{s:s, s:s}}", "identifier", "system", config_uri(&r->app->cfg,
	        r->app->cfg.fhir_patient_system, "/patient-external-id", extid_system), "value", p.external_id);
	json_t *mr = json_pack("{s:s, s:s, s:{s:s, s:s}, s:[{s:s, s:s}], s:s, s:s, s:o, s:o, s:s}",
	    "resourceType", "MedicationRequest", "id", id,
	    "meta", "versionId", ver, "lastUpdated", ar->row.updated_at,
	    "identifier", "system", config_uri(&r->app->cfg, NULL, "/regimen", regimen_system), "value", rid,
	    "status", fhir_status(ar, r->today), "intent", "order",
	    "medicationCodeableConcept", view_fhir_medication(&r->app->ref, ar->row.drug),
	    "subject", subject, "authoredOn", ar->row.created_at);
	/* Why it was held or stopped: the reason of the last action, if any. */
	if (strcmp(fhir_status(ar, r->today), "active") != 0 && ar->nevents > 0 &&
	    ar->events[ar->nevents - 1].reason[0] != '\0')
		json_object_set_new(mr, "statusReason",
		    json_pack("{s:s}", "text", ar->events[ar->nevents - 1].reason));
	json_t *dos = view_fhir_dosages(ar, view_extra_note(r, ar));
	if (dos != NULL)
		json_object_set_new(mr, "dosageInstruction", dos);
	svc_regimen_free(ar);
	if (mr == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	char *s = json_dumps(mr, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(mr);
	if (s == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	return http_body(r, 200, FHIR_TYPE, s, strlen(s), NULL);
}
