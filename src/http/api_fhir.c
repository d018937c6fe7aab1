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

#define RXNORM_SYSTEM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define ATC_SYSTEM "http://www.whocc.no/atc"
#define UCUM_SYSTEM "http://unitsofmeasure.org"
#define SNOMED_SYSTEM "http://snomed.info/sct"
#define EXTID_SYSTEM "https://titrad.example/patient-external-id"
#define REGIMEN_SYSTEM "https://titrad.example/regimen"
#define FHIR_TYPE "application/fhir+json"

json_t *
api_fhir_medication(struct titrad *app, const char *drug)
{
	const struct fm_ingredient *ing = fm_by_name(app->fm, drug);
	json_t *codings = json_array();
	char rx[24];

	if (ing != NULL && ing->rxnorm > 0) {
		snprintf(rx, sizeof rx, "%lld", (long long)ing->rxnorm);
		json_array_append_new(codings, json_pack("{s:s, s:s, s:s}", "system", RXNORM_SYSTEM,
		    "code", rx, "display", ing->name));
	}
	if (ing != NULL && ing->atc[0] != '\0')
		json_array_append_new(codings, json_pack("{s:s, s:s, s:s}", "system", ATC_SYSTEM,
		    "code", ing->atc, "display", ing->name));
	json_t *cc = json_pack("{s:s}", "text", drug);
	/* FHIR arrays are never empty: no coding at all rather than []. */
	if (json_array_size(codings) > 0)
		json_object_set_new(cc, "coding", codings);
	else
		json_decref(codings);
	return cc;
}

static json_t *
mg_quantity(int32_t ug)
{
	return json_pack("{s:o, s:s, s:s, s:s}", "value", val_mg_json(ug), "unit", "mg",
	    "system", UCUM_SYSTEM, "code", "mg");
}

/* "nights 3–4", "night 7" or "from night 63 on" (U+2013 between the numbers). */
static void
nights_text(int32_t first, int32_t last, bool open, char *out, size_t cap)
{
	if (open)
		snprintf(out, cap, "from night %d on", (int)first);
	else if (first == last)
		snprintf(out, cap, "night %d", (int)first);
	else
		snprintf(out, cap, "nights %d\u2013%d", (int)first, (int)last);
}

/* One Dosage for entries e[0..n) at one dose; prev_ug is the dose before it. */
static json_t *
dosage(const struct api_regimen *ar, int seq, const struct titr_entry *e, size_t n, int32_t prev_ug,
    bool open, const char *extra)
{
	const struct titr_entry *a = &e[0], *z = &e[n - 1];
	char dose[32], tm[DT_TIME_LEN], tod[16], nights[64], text[160], note[256], instr[512];
	char d0[DT_DATE_LEN], d1[DT_DATE_LEN];
	int32_t cap, interval;

	titr_mg_text(a->dose_ug, dose, sizeof dose);
	dt_format_time(a->minute, tm);
	snprintf(tod, sizeof tod, "%s:00", tm);
	nights_text(a->night, z->night, open, nights, sizeof nights);
	snprintf(text, sizeof text, "%s at %s, %s", dose, tm, nights);
	dt_format_date(a->date_day, d0);
	dt_format_date(z->date_day, d1);
	api_entry_note(ar, a, prev_ug, note, sizeof note);
	if (open)
		snprintf(instr, sizeof instr, "%s%s From night %d (%s) on.", note, extra ? extra : "",
		    (int)a->night, d0);
	else if (n == 1)
		snprintf(instr, sizeof instr, "%s%s Night %d (%s).", note, extra ? extra : "",
		    (int)a->night, d0);
	else
		snprintf(instr, sizeof instr, "%s%s Nights %d\u2013%d (%s to %s).", note,
		    extra ? extra : "", (int)a->night, (int)z->night, d0, d1);
	titr_limits_on(&ar->tr, a->night_day, &cap, &interval);

	json_t *bounds = json_pack("{s:s}", "start", d0);
	if (!open)
		json_object_set_new(bounds, "end", json_string(d1));
	json_t *timing = json_pack("{s:{s:o, s:i, s:i, s:s, s:[s]}}", "repeat",
	    "boundsPeriod", bounds, "frequency", 1, "period", 1, "periodUnit", "d", "timeOfDay", tod);
	return json_pack("{s:i, s:s, s:s, s:o, s:{s:[{s:s, s:s, s:s}], s:s}, s:[{s:o}], s:{s:o, s:o}}",
	    "sequence", seq, "text", text, "patientInstruction", instr, "timing", timing,
	    "route", "coding", "system", SNOMED_SYSTEM, "code", "26643006", "display", "Oral route",
	    "text", "by mouth",
	    "doseAndRate", "doseQuantity", mg_quantity(a->dose_ug),
	    "maxDosePerPeriod", "numerator", mg_quantity(cap),
	    "denominator", json_pack("{s:i, s:s, s:s, s:s}", "value", 1, "unit", "d",
	        "system", UCUM_SYSTEM, "code", "d"));
}

json_t *
api_fhir_dosages(const struct api_regimen *ar, const char *extra)
{
	struct titr_entry *e, last;
	int32_t from, to, prev;
	size_t n, i = 0;
	int seq = 0;
	bool ends;

	e = calloc(TITR_RANGE_MAX_DAYS + 1, sizeof *e);
	if (e == NULL)
		return NULL;
	titr_default_range(&ar->tr, &from, &to);
	n = titr_calendar(&ar->tr, from, to, e, TITR_RANGE_MAX_DAYS + 1);
	/* The level still in force at the end of the range has no end date. */
	ends = titr_last_dose(&ar->tr, &last) && last.date_day <= to;
	json_t *out = n > 0 ? json_array() : NULL;
	while (i < n) {
		size_t j = i + 1;
		while (j < n && e[j].dose_ug == e[i].dose_ug && e[j].night == e[j - 1].night + 1)
			j++;
		prev = i > 0 ? e[i - 1].dose_ug : (e[i].step_up ? e[i].dose_ug - ar->tr.step_ug : e[i].dose_ug);
		json_array_append_new(out, dosage(ar, ++seq, &e[i], j - i, prev, j == n && !ends, extra));
		i = j;
	}
	free(e);
	return out;
}

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
fhir_status(const struct api_regimen *ar, int32_t today)
{
	const char *st = api_regimen_status(ar, today);
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
	struct api_regimen *ar;
	struct store_patient p;
	char id[40], ver[24], rid[24];
	int rc = api_regimen_load(r, r->id[0], &ar);

	if (rc == STORE_NOTFOUND)
		return http_problem(r, 404, "no such regimen", NULL);
	if (rc != STORE_OK)
		return http_db_failure(r, rc);
	if ((rc = store_patient_get(r->db, ar->row.patient_id, &p)) != STORE_OK) {
		free(ar);
		return http_db_failure(r, rc);
	}
	snprintf(id, sizeof id, "regimen-%lld", (long long)ar->row.id);
	snprintf(ver, sizeof ver, "%lld", (long long)ar->row.version);
	snprintf(rid, sizeof rid, "%lld", (long long)ar->row.id);

	json_t *subject = fhir_id_ok(p.external_id)
	    ? json_pack("{s:s+}", "reference", "Patient/", p.external_id)
	    : json_pack("{s:{s:s, s:s}}", "identifier", "system", EXTID_SYSTEM, "value", p.external_id);
	json_t *mr = json_pack("{s:s, s:s, s:{s:s, s:s}, s:[{s:s, s:s}], s:s, s:s, s:o, s:o, s:s}",
	    "resourceType", "MedicationRequest", "id", id,
	    "meta", "versionId", ver, "lastUpdated", ar->row.updated_at,
	    "identifier", "system", REGIMEN_SYSTEM, "value", rid,
	    "status", fhir_status(ar, r->today), "intent", "order",
	    "medicationCodeableConcept", api_fhir_medication(r->app, ar->row.drug),
	    "subject", subject, "authoredOn", ar->row.created_at);
	/* Why it was held or stopped: the reason of the last action, if any. */
	if (strcmp(fhir_status(ar, r->today), "active") != 0 && ar->nevents > 0 &&
	    ar->events[ar->nevents - 1].reason[0] != '\0')
		json_object_set_new(mr, "statusReason",
		    json_pack("{s:s}", "text", ar->events[ar->nevents - 1].reason));
	json_t *dos = api_fhir_dosages(ar, api_regimen_extra_note(r, ar));
	if (dos != NULL)
		json_object_set_new(mr, "dosageInstruction", dos);
	free(ar);
	if (mr == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	char *s = json_dumps(mr, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(mr);
	if (s == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	return http_body(r, 200, FHIR_TYPE, s, strlen(s), NULL);
}
