/* SPDX-License-Identifier: Apache-2.0 */
/*
 * routes.c - the routing table: every endpoint, who may call it, and how.
 * Order matters only among patterns of equal shape; none overlap today.
 * The last column is the route's arg: the CDS Hooks services read their
 * hook from it.
 */
#include "http/routes.h"

#include "http/api.h"
#include "http/console.h"
#include "base/util.h"

#define STAFF ROLES_STAFF
#define ALL ROLES_ALL
#define WRITERS (ROLE_ADMIN | ROLE_CLINIC)

/* The regimen actions share one handler; the entry says which. */
static const enum svc_action HOLD = SVC_HOLD, RESUME = SVC_RESUME, STOP = SVC_STOP;

const struct route http_routes[] = {
	{ "GET", "/v1/health", api_health, ALL, R_PUBLIC, "health", NULL },
	{ "GET", "/metrics", api_metrics, ALL, R_PUBLIC, "metrics", NULL },
	{ "GET", "/v1/protocols", api_protocols, ALL, R_NO_PATIENT, "protocols", NULL },
	{ "POST", "/v1/patients", api_patient_create, WRITERS, R_BODY, "patients.create", NULL },
	{ "GET", "/v1/patients", api_patient_list, STAFF, 0, "patients.list", NULL },
	{ "GET", "/v1/patients/:id", api_patient_get, ALL, 0, "patients.get", NULL },
	{ "PATCH", "/v1/patients/:id", api_patient_patch, WRITERS, R_BODY, "patients.patch", NULL },
	{ "GET", "/v1/patients/:id/export", api_patient_export, ROLE_ADMIN | ROLE_CLINIC | ROLE_PHARMACIST, 0, "patients.export", NULL },
	{ "POST", "/v1/patients/:id/regimens", api_regimen_create, WRITERS, R_BODY, "regimens.create", NULL },
	{ "GET", "/v1/patients/:id/regimens", api_regimen_list, ALL, 0, "regimens.list", NULL },
	{ "GET", "/v1/regimens/:id", api_regimen_get, ALL, 0, "regimens.get", NULL },
	{ "GET", "/v1/regimens/:id/calendar", api_regimen_calendar, ALL, 0, "regimens.calendar", NULL },
	{ "GET", "/v1/regimens/:id/calendar.ics", api_calendar_ics, ALL, R_QUERY_TOKEN, "regimens.ics", NULL },
	{ "GET", "/v1/regimens/:id/calendar.html", api_calendar_html, ALL, R_QUERY_TOKEN, "regimens.html", NULL },
	{ "GET", "/v1/regimens/:id/fhir", api_regimen_fhir, ALL, 0, "regimens.fhir", NULL },
	{ "POST", "/v1/regimens/:id/hold", api_regimen_action, WRITERS, R_BODY, "regimens.hold", &HOLD },
	{ "POST", "/v1/regimens/:id/resume", api_regimen_action, WRITERS, R_BODY, "regimens.resume", &RESUME },
	{ "POST", "/v1/regimens/:id/stop", api_regimen_action, WRITERS, R_BODY, "regimens.stop", &STOP },
	{ "POST", "/v1/patients/:id/medications", api_medication_create, WRITERS, R_BODY, "medications.create", NULL },
	{ "GET", "/v1/patients/:id/medications", api_medication_list, STAFF, 0, "medications.list", NULL },
	{ "GET", "/v1/patients/:id/medications/:id", api_medication_get, STAFF, 0, "medications.get", NULL },
	{ "DELETE", "/v1/patients/:id/medications/:id", api_medication_stop, WRITERS, 0, "medications.stop", NULL },
	{ "GET", "/v1/flags", api_flag_list, STAFF, 0, "flags.list", NULL },
	{ "GET", "/v1/flags/:id", api_flag_get, STAFF, 0, "flags.get", NULL },
	{ "POST", "/v1/flags/:id/review", api_flag_review, ROLE_ADMIN | ROLE_PHARMACIST, R_BODY, "flags.review", NULL },
	{ "POST", "/v1/tokens", api_token_create, ROLE_ADMIN, R_BODY | R_SECRET, "tokens.create", NULL },
	{ "GET", "/v1/audit", api_audit_list, ROLE_ADMIN | ROLE_PHARMACIST, R_NO_PATIENT, "audit.list", NULL },
	{ "GET", "/cds-services", api_cds_discovery, WRITERS, R_NO_PATIENT, "cds.discovery", NULL },
	{ "POST", "/cds-services/titrad-order-select", api_cds_call, WRITERS, R_BODY, "cds.order-select", "order-select" },
	{ "POST", "/cds-services/titrad-order-sign", api_cds_call, WRITERS, R_BODY, "cds.order-sign", "order-sign" },
	{ "POST", "/cds-services/titrad-order-select/feedback", api_cds_feedback, WRITERS, R_BODY, "cds.order-select.feedback", "order-select" },
	{ "POST", "/cds-services/titrad-order-sign/feedback", api_cds_feedback, WRITERS, R_BODY, "cds.order-sign.feedback", "order-sign" },
	/* The pharmacist console (console.h): HTML, a session cookie, never a bearer token. */
	{ "GET", "/console/login", console_login_page, ALL, R_PUBLIC | R_CONSOLE, "console.login-page", NULL },
	{ "POST", "/console/login", console_login, ALL, R_PUBLIC | R_CONSOLE, "console.login", NULL },
	{ "GET", "/console/style.css", console_style, ALL, R_PUBLIC | R_CONSOLE, "console.style", NULL },
	{ "POST", "/console/logout", console_logout, STAFF, R_CONSOLE, "console.logout", NULL },
	{ "GET", "/console/", console_home, STAFF, R_CONSOLE, "console.home", NULL },
	{ "GET", "/console/flags", console_queue, STAFF, R_CONSOLE, "console.flags", NULL },
	{ "GET", "/console/flags/:id", console_flag_page, STAFF, R_CONSOLE, "console.flag", NULL },
	{ "POST", "/console/flags/:id", console_flag_review, ROLE_ADMIN | ROLE_PHARMACIST, R_CONSOLE, "console.review", NULL },
	{ "GET", "/console/patients/:id", console_patient_page, STAFF, R_CONSOLE, "console.patient", NULL },
	{ "POST", "/v1/regimens/:id/checkins", api_checkin_create, WRITERS | ROLE_PATIENT, R_BODY, "checkins.create", NULL },
	{ "GET", "/v1/regimens/:id/checkins", api_checkin_list, ALL, 0, "checkins.list", NULL },
	{ "GET", "/v1/regimens/:id/checkin.html", api_checkin_page, ROLE_PATIENT, R_QUERY_TOKEN, "checkins.page", NULL },
	{ "POST", "/v1/regimens/:id/checkin.html", api_checkin_form, ROLE_PATIENT, R_QUERY_TOKEN, "checkins.form", NULL },
};
const size_t http_nroutes = ARRAY_LEN(http_routes);
