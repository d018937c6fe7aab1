/*
 * api.h - the HTTP resources, one api_*.c per group, and what they share.
 * Handlers parse, authorize, call the pure modules and the db, and render.
 */
#ifndef TITRAD_API_H
#define TITRAD_API_H

#include "store/store.h"
#include "http/http.h"
#include "engine/fields.h"
#include "engine/titration.h"

/* api_system.c */
enum MHD_Result api_health(struct req *r);
enum MHD_Result api_metrics(struct req *r);
enum MHD_Result api_protocols(struct req *r);
enum MHD_Result api_token_create(struct req *r);
enum MHD_Result api_audit_list(struct req *r);
const struct titr_protocol *api_protocol(struct titrad *app, const char *drug);
json_t *api_protocol_json(const struct titr_protocol *p);

/* api_patients.c */
enum MHD_Result api_patient_create(struct req *r);
enum MHD_Result api_patient_get(struct req *r);
enum MHD_Result api_patient_list(struct req *r);
enum MHD_Result api_patient_patch(struct req *r);
enum MHD_Result api_patient_export(struct req *r);
json_t *api_patient_json(const struct store_patient *p);
/* CrCl in force from the patient's fields: given, else Cockcroft-Gault, else -1. */
int64_t api_patient_crcl(const struct store_patient *p);

/* api_medications.c */
enum MHD_Result api_medication_create(struct req *r);
enum MHD_Result api_medication_list(struct req *r);
enum MHD_Result api_medication_get(struct req *r);
enum MHD_Result api_medication_stop(struct req *r);

/* api_flags.c */
enum MHD_Result api_flag_list(struct req *r);
enum MHD_Result api_flag_get(struct req *r);
enum MHD_Result api_flag_review(struct req *r);

/* api_regimens.c */
enum MHD_Result api_regimen_create(struct req *r);
enum MHD_Result api_regimen_get(struct req *r);
enum MHD_Result api_regimen_list(struct req *r);
enum MHD_Result api_regimen_calendar(struct req *r);
enum MHD_Result api_regimen_hold(struct req *r);
enum MHD_Result api_regimen_resume(struct req *r);
enum MHD_Result api_regimen_stop(struct req *r);

/* api_calendar.c: the patient-facing feeds */
enum MHD_Result api_calendar_ics(struct req *r);
enum MHD_Result api_calendar_html(struct req *r);

/* api_cds.c: HL7 CDS Hooks 2.0 services */
enum MHD_Result api_cds_discovery(struct req *r);
enum MHD_Result api_cds_call(struct req *r);
enum MHD_Result api_cds_feedback(struct req *r);

/* api_fhir.c: FHIR R4 export */
enum MHD_Result api_regimen_fhir(struct req *r);

/* A regimen with everything the engine needs, loaded in one place. */
struct api_regimen {
	struct store_regimen row;
	const struct titr_protocol *proto;
	struct store_event events[STORE_EVENTS_MAX];
	size_t nevents;
	struct store_renal renal[STORE_RENAL_MAX];
	size_t nrenal;
	struct titr_event tev[STORE_EVENTS_MAX + STORE_RENAL_MAX];
	struct titr_regimen tr;
};
/* Load regimen `id` visible to r into a new api_regimen; STORE_NOTFOUND if hidden. */
int api_regimen_load(struct req *r, int64_t id, struct api_regimen **out);
/* Status as of today: a finished taper reads 'stopped'. */
const char *api_regimen_status(const struct api_regimen *ar, int32_t today);
json_t *api_regimen_json(const struct api_regimen *ar, int32_t today);
const char *api_phase_name(enum titr_phase p);
/* The plain-language instruction for one dose (prev_ug: the dose before a step). */
void api_entry_note(const struct api_regimen *ar, const struct titr_entry *e, int32_t prev_ug,
    char *out, size_t cap);
/* ?from=&to= resolved against the default range; false after queueing a 422. */
bool api_calendar_range(struct req *r, const struct api_regimen *ar, int32_t *from, int32_t *to,
    enum MHD_Result *res);
/* FHIR R4 Dosage elements, one per dose level of the default calendar (extra: advice
 * appended to each instruction, or NULL); NULL if no dose. */
json_t *api_fhir_dosages(const struct api_regimen *ar, const char *extra);
/* FHIR R4 CodeableConcept of a drug: RxNorm (if known) and ATC codings, text. */
json_t *api_fhir_medication(struct titrad *app, const char *drug);
/* Calendar-wide advice from live flags (antacid spacing), or NULL. */
const char *api_regimen_extra_note(struct req *r, const struct api_regimen *ar);

#endif
