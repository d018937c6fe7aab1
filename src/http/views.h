/* SPDX-License-Identifier: Apache-2.0 */
/*
 * views.h - what several handler files share: JSON views of stored rows
 * and service structs, the calendar range query, the visible-regimen load
 * and the request's service context.  A handler file calls these (and the
 * services), never another handler file.
 */
#ifndef TITRAD_VIEWS_H
#define TITRAD_VIEWS_H

#include <jansson.h>

#include "engine/html.h"
#include "http/http.h"
#include "service/patient.h"
#include "service/regimen.h"
#include "service/regimen_action.h"
#include "service/safety.h"

/* A fixed-point clinical field of a patient: JSON name, decimals, range (scaled), column. */
struct view_fixed_field {
	const char *name;
	int decimals;
	int64_t min, max;
	size_t off;
	const char *message;
};
extern const struct view_fixed_field view_fixed_fields[];
extern const size_t view_nfixed_fields;

json_t *view_patient_json(const struct store_patient *p);
json_t *view_regimen_json(const struct svc_regimen *ar, int32_t today);
/* An ingredient of a medication: {"name", "atc"} (null: no ATC code of its own). */
json_t *view_ingredient_json(const struct fm_ingredient *ing);
/* A check-in as GET /v1/regimens/ID/checkins lists it. */
json_t *view_checkin_json(const struct store_checkin *c);
/* The regimen as JSON with its live flags (*out NULL on failure). */
int view_regimen_json_flags(struct req *r, const struct svc_regimen *ar, json_t **out);
json_t *view_protocol_json(const struct titr_protocol *p);
json_t *view_flag_json(const struct store_flag *fl);
/* The same object's bytes (as json_dumps writes view_flag_json's), straight into b: for long lists. */
void view_flag_jsonw(struct html_buf *b, const struct store_flag *fl);
/* The flags with these ids / the flags matching flt, as a JSON array (new reference). */
int view_flags_by_id(struct req *r, const struct safety_raised *raised, json_t **out);
int view_flags_live(struct req *r, const struct store_flag_filter *flt, json_t **out);
/* ?from=&to= resolved against the default range; false after queueing a 422. */
bool view_calendar_range(struct req *r, const struct svc_regimen *ar, int32_t *from, int32_t *to,
    enum MHD_Result *res);
/* FHIR R4 Dosage elements, one per dose level of the default calendar (extra: advice
 * appended to each instruction, or NULL); NULL if no dose. */
json_t *view_fhir_dosages(const struct svc_regimen *ar, const char *extra);
/* FHIR R4 CodeableConcept of a drug: RxNorm (if known) and ATC codings, text. */
json_t *view_fhir_medication(const struct svc_ref *ref, const char *drug);

/*
 * The regimen's dose chart (chart.h) over [from, to] (dose dates), with the
 * renal cap in force today; id is unique on the page.  The console and the
 * printable calendar.html both show this.  False when out of memory.
 */
bool view_dose_chart(struct html_buf *b, const struct svc_regimen *ar, int32_t today, int32_t from,
    int32_t to, const char *id);

/* The request's service context (store, reference data, clock, actor). */
const struct svc_ctx *view_svc(struct req *r);
/* The regimen's dose advice (svc_regimen_advice), owned by r until the next call or the request's end; NULL if none. */
const char *view_extra_note(struct req *r, const struct svc_regimen *ar);
/* Load a regimen the caller may see; STORE_NOTFOUND when hidden. */
int view_regimen_load(struct req *r, int64_t id, struct svc_regimen **out);

#endif
