/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api.h - the HTTP resources, one api_*.c per group, and what they share.
 * Handlers parse, authorize, call a service and render (views.h); no
 * handler file calls another's.
 */
#ifndef TITRAD_API_H
#define TITRAD_API_H

#include "store/store.h"
#include "http/http.h"
#include "engine/fields.h"
#include "engine/titration.h"
#include "http/views.h"

/* api_system.c */
enum MHD_Result api_health(struct req *r);
enum MHD_Result api_metrics(struct req *r);
enum MHD_Result api_protocols(struct req *r);
enum MHD_Result api_token_create(struct req *r);
enum MHD_Result api_audit_list(struct req *r);

/* api_patients.c */
enum MHD_Result api_patient_create(struct req *r);
enum MHD_Result api_patient_get(struct req *r);
enum MHD_Result api_patient_list(struct req *r);
enum MHD_Result api_patient_patch(struct req *r);
enum MHD_Result api_patient_export(struct req *r);

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
/* hold, resume, stop: the route's arg is the enum svc_action */
enum MHD_Result api_regimen_action(struct req *r);

/* api_calendar.c: the patient-facing feeds */
enum MHD_Result api_calendar_ics(struct req *r);
enum MHD_Result api_calendar_html(struct req *r);

/* api_cds.c: HL7 CDS Hooks 2.0 services */
enum MHD_Result api_cds_discovery(struct req *r);
enum MHD_Result api_cds_call(struct req *r);
enum MHD_Result api_cds_feedback(struct req *r);

/* api_fhir.c: FHIR R4 export */
enum MHD_Result api_regimen_fhir(struct req *r);

/* api_checkins.c: what the patient reports */
enum MHD_Result api_checkin_create(struct req *r);
enum MHD_Result api_checkin_list(struct req *r);
/* checkin.html: the form (GET) and its urlencoded submission (POST) */
enum MHD_Result api_checkin_page(struct req *r);
enum MHD_Result api_checkin_form(struct req *r);

#endif
