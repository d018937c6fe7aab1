/* SPDX-License-Identifier: Apache-2.0 */
/*
 * views.c - JSON views and query parsing that several handler files share
 * (see views.h).  Handlers render through these, never through each other.
 */
#include "http/views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "engine/chart.h"
#include "engine/jsonw.h"
#include "engine/symptoms.h"
#include "engine/validate.h"
#include "service/patient.h"

#define RXNORM_SYSTEM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define ATC_SYSTEM "http://www.whocc.no/atc"
#define UCUM_SYSTEM "http://unitsofmeasure.org"
#define SNOMED_SYSTEM "http://snomed.info/sct"

const struct view_fixed_field view_fixed_fields[] = {
	{ "crcl_ml_min", 1, 0, 2500, offsetof(struct store_patient, crcl_given_dml),
	  "crcl_ml_min must be from 0 to 250 with at most one decimal" },
	{ "age", 0, 0, 130, offsetof(struct store_patient, age),
	  "age must be a whole number of years from 0 to 130" },
	{ "weight_kg", 1, 1, 5000, offsetof(struct store_patient, weight_dkg),
	  "weight_kg must be above 0 and at most 500, with at most one decimal" },
	{ "scr_mg_dl", 2, 1, 3000, offsetof(struct store_patient, scr_cmgdl),
	  "scr_mg_dl must be above 0 and at most 30, with at most two decimals" },
	{ "ferritin_ng_ml", 1, 0, 1000000, offsetof(struct store_patient, ferritin_dng),
	  "ferritin_ng_ml must be from 0 to 100000 with at most one decimal" },
	{ "tsat_pct", 1, 0, 1000, offsetof(struct store_patient, tsat_dpct),
	  "tsat_pct must be from 0 to 100 with at most one decimal" },
};
const size_t view_nfixed_fields = sizeof view_fixed_fields / sizeof view_fixed_fields[0];

json_t *
view_regimen_json(const struct svc_regimen *ar, int32_t today)
{
	const struct store_regimen *g = &ar->row;
	int32_t cap, interval;
	json_t *events = json_array();

	titr_limits_on(&ar->tr, today > ar->tr.start_day ? today : ar->tr.start_day, &cap, &interval);
	for (size_t i = 0; i < ar->nevents; i++)
		json_array_append_new(events, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		    "action", ar->events[i].kind, "date", ar->events[i].night_date,
		    "reason", ar->events[i].reason, "created_at", ar->events[i].created_at,
		    "created_by", ar->events[i].created_by));
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:o, s:o, s:i, s:I, s:I, s:I, s:I, s:i, s:o, s:o, s:I, s:s, s:s}",
	    "id", (json_int_t)g->id, "patient_id", (json_int_t)g->patient_id, "drug", g->drug,
	    "status", svc_regimen_status(ar, today), "start_date", g->start_date,
	    "dose_time", g->dose_time,
	    "start_mg", val_mg_json(g->start_ug), "step_mg", val_mg_json(g->step_ug),
	    "interval_days", (json_int_t)g->interval_days, "max_mg", val_mg_json(g->max_ug),
	    "effective_max_mg", val_mg_json(cap), "effective_interval_days", (int)interval,
	    "start_ug", (json_int_t)g->start_ug, "step_ug", (json_int_t)g->step_ug,
	    "max_ug", (json_int_t)g->max_ug, "effective_max_ug", (json_int_t)cap,
	    "unit_mg", 0, "flags", json_array(), "events", events,
	    "version", (json_int_t)g->version, "created_at", g->created_at, "updated_at", g->updated_at);
	json_object_set_new(o, "unit_mg", val_mg_json(ar->proto->unit_ug));
	/* Actions dated after today: they change nothing until their night. */
	json_t *pending = json_array();
	for (size_t i = svc_regimen_first_pending(ar, today); i < ar->nevents; i++) {
		bool taper = strcmp(ar->events[i].kind, "taper") == 0;
		json_array_append_new(pending, json_pack("{s:s, s:s, s:b}", "action",
		    taper ? "stop" : ar->events[i].kind, "date", ar->events[i].night_date, "taper", taper));
	}
	json_object_set_new(o, "pending", pending);
	if (g->symptom_onset[0])
		json_object_set_new(o, "symptom_onset", json_string(g->symptom_onset));
	if (g->bedtime[0])
		json_object_set_new(o, "bedtime", json_string(g->bedtime));
	json_object_set_new(o, "guided", json_boolean(!g->unguided));
	json_object_set_new(o, "controlled_below", json_integer((json_int_t)g->controlled_below));
	return o;
}

int
view_regimen_json_flags(struct req *r, const struct svc_regimen *ar, json_t **out)
{
	json_t *flags;
	struct store_flag_filter flt = { .patient_id = ar->row.patient_id, .regimen_id = ar->row.id,
		.medication_id = -1, .live_only = true };
	int rc = view_flags_live(r, &flt, &flags);
	*out = NULL;
	if (rc != STORE_OK)
		return rc;
	*out = view_regimen_json(ar, r->today);
	json_object_set_new(*out, "flags", flags);
	return STORE_OK;
}

/* Parse ?from=&to= against the default range; false after queueing a 422. */
bool
view_calendar_range(struct req *r, const struct svc_regimen *ar, int32_t *from, int32_t *to,
    enum MHD_Result *res)
{
	const char *qf = http_query(r, "from"), *qt = http_query(r, "to");
	int32_t df, dto;

	titr_default_range(&ar->tr, &df, &dto);
	if (qf != NULL && !dt_parse_date(qf, from)) {
		*res = http_invalid(r, "from", "from must be a valid date YYYY-MM-DD");
		return false;
	}
	if (qt != NULL && !dt_parse_date(qt, to)) {
		*res = http_invalid(r, "to", "to must be a valid date YYYY-MM-DD");
		return false;
	}
	if (qf == NULL && qt == NULL) {
		*from = df;
		*to = dto;
	} else if (qt == NULL) {
		*to = dto >= *from ? dto : *from;
		if (*to - *from > TITR_RANGE_MAX_DAYS - 1)
			*to = *from + TITR_RANGE_MAX_DAYS - 1;
	} else if (qf == NULL) {
		*from = df <= *to ? df : *to;
		if (*to - *from > TITR_RANGE_MAX_DAYS - 1)
			*from = *to - (TITR_RANGE_MAX_DAYS - 1);
	}
	if (*from > *to) {
		*res = http_invalid(r, "from", "from must not be after to");
		return false;
	}
	if (*to - *from > TITR_RANGE_MAX_DAYS - 1) {
		*res = http_invalid(r, "to", "a calendar range may span at most 731 days");
		return false;
	}
	/* A night's dose after midnight falls on the next day: that one too stays within year 9999. */
	if (*to >= dt_day_max()) {
		*res = http_invalid(r, "to", "to must be before 9999-12-31 (a dose after midnight is the next day)");
		return false;
	}
	return true;
}

json_t *
view_protocol_json(const struct titr_protocol *p)
{
	return json_pack("{s:s, s:o, s:o, s:i, s:o, s:o, s:s, s:i, s:i, s:i, s:i, s:i}",
	    "drug", p->drug,
	    "start_mg", val_mg_json(p->start_ug),
	    "step_mg", val_mg_json(p->step_ug),
	    "interval_days", (int)p->interval_days,
	    "max_mg", val_mg_json(p->max_ug),
	    "unit_mg", val_mg_json(p->unit_ug),
	    "timing", p->timing == TITR_BEFORE_BEDTIME ? "before_bedtime" : "before_onset",
	    "offset_minutes", (int)p->offset_minutes,
	    "start_ug", (int)p->start_ug, "step_ug", (int)p->step_ug,
	    "max_ug", (int)p->max_ug, "unit_ug", (int)p->unit_ug);
}

json_t *
view_patient_json(const struct store_patient *p)
{
	int64_t crcl = svc_patient_crcl(p);
	json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:I, s:s, s:s}",
	    "id", (json_int_t)p->id, "external_id", p->external_id, "display_name", p->display_name,
	    "dialysis", p->dialysis, "version", (json_int_t)p->version,
	    "created_at", p->created_at, "updated_at", p->updated_at);
	for (size_t i = 0; i < view_nfixed_fields; i++) {
		int64_t v = *(const int64_t *)((const char *)p + view_fixed_fields[i].off);
		json_object_set_new(o, view_fixed_fields[i].name,
		    v >= 0 ? val_fixed_json(v, view_fixed_fields[i].decimals) : json_null());
	}
	/* crcl_ml_min shows the value in force; crcl_source says where it came from. */
	json_object_set_new(o, "crcl_ml_min", crcl >= 0 ? val_fixed_json(crcl, 1) : json_null());
	json_object_set_new(o, "crcl_source", p->crcl_given_dml >= 0 ? json_string("given") :
	    crcl >= 0 ? json_string("cockcroft-gault") : json_null());
	json_object_set_new(o, "sex", p->sex[0] ? json_string(p->sex) : json_null());
	return o;
}

json_t *
view_fhir_medication(const struct svc_ref *ref, const char *drug)
{
	const struct fm_ingredient *ing = fm_by_name(ref->fm, drug);
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
dosage(const struct svc_regimen *ar, int seq, const struct titr_entry *e, size_t n, int32_t prev_ug,
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
	svc_entry_note(ar, a, prev_ug, note, sizeof note);
	if (open)
		snprintf(instr, sizeof instr, "%s%s From night %d (%s) on.", note, extra ? extra : "",
		    (int)a->night, d0);
	else if (n == 1)
		snprintf(instr, sizeof instr, "%s%s Night %d (%s).", note, extra ? extra : "",
		    (int)a->night, d0);
	else
		snprintf(instr, sizeof instr, "%s%s Nights %d\u2013%d (%s to %s).", note,
		    extra ? extra : "", (int)a->night, (int)z->night, d0, d1);
	/*
	 * The lowest cap in force over the element's nights: a renal change in
	 * the middle of one must not leave the higher cap before it on display.
	 */
	titr_limits_on(&ar->tr, a->night_day, &cap, &interval);
	for (int32_t d = a->night_day + 1; d <= z->night_day; d++) {
		int32_t c;
		titr_limits_on(&ar->tr, d, &c, &interval);
		if (c < cap)
			cap = c;
	}

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
view_fhir_dosages(const struct svc_regimen *ar, const char *extra)
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

json_t *
view_flag_json(const struct store_flag *fl)
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

/* An id member that is null when negative. */
static void
id_or_null(struct html_buf *b, int64_t id)
{
	if (id >= 0)
		jsonw_int(b, id);
	else
		JSONW_LIT(b, "null");
}

void
view_flag_jsonw(struct html_buf *b, const struct store_flag *fl)
{
	JSONW_LIT(b, "{\"id\":");
	jsonw_int(b, fl->id);
	JSONW_LIT(b, ",\"patient_id\":");
	jsonw_int(b, fl->patient_id);
	JSONW_LIT(b, ",\"rule\":");
	jsonw_str(b, fl->rule);
	JSONW_LIT(b, ",\"severity\":");
	jsonw_str(b, fl->severity);
	JSONW_LIT(b, ",\"summary\":");
	jsonw_str(b, fl->summary);
	JSONW_LIT(b, ",\"detail\":");
	jsonw_str(b, fl->detail);
	JSONW_LIT(b, ",\"source\":");
	jsonw_str(b, fl->source);
	JSONW_LIT(b, ",\"kb_version\":");
	jsonw_str(b, fl->kb_version);
	JSONW_LIT(b, ",\"status\":");
	jsonw_str(b, fl->status);
	JSONW_LIT(b, ",\"created_at\":");
	jsonw_str(b, fl->created_at);
	JSONW_LIT(b, ",\"regimen_id\":");
	id_or_null(b, fl->regimen_id);
	JSONW_LIT(b, ",\"medication_id\":");
	id_or_null(b, fl->medication_id);
	JSONW_LIT(b, ",\"reviewed_by\":");
	jsonw_str(b, fl->reviewed_by[0] ? fl->reviewed_by : NULL);
	JSONW_LIT(b, ",\"reviewed_at\":");
	jsonw_str(b, fl->reviewed_at[0] ? fl->reviewed_at : NULL);
	JSONW_LIT(b, ",\"review_note\":");
	jsonw_str(b, fl->reviewed_at[0] ? fl->review_note : NULL);
	JSONW_LIT(b, "}");
}

int
view_flags_by_id(struct req *r, const struct safety_raised *raised, json_t **out)
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
		json_array_append_new(*out, view_flag_json(&fl));
	}
	return STORE_OK;
}

int
view_flags_live(struct req *r, const struct store_flag_filter *flt, json_t **out)
{
	struct store_flag *rows = NULL;
	size_t n = 0;
	int rc = store_flag_all(r->db, flt, &rows, &n);
	*out = NULL;
	if (rc == STORE_OK) {
		*out = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(*out, view_flag_json(&rows[i]));
	}
	free(rows);
	return rc;
}

const struct svc_ctx *
view_svc(struct req *r)
{
	/* Built per call: the store handle is chosen late (dispatch) and the actor after auth. */
	r->svc = (struct svc_ctx){ .db = r->db, .ref = &r->app->ref, .now = r->now, .today = r->today,
		.actor = r->actor, .role = role_name(r->role) };
	memcpy(r->svc.now_stamp, r->now_stamp, sizeof r->svc.now_stamp);
	return &r->svc;
}

int
view_regimen_load(struct req *r, int64_t id, struct svc_regimen **out)
{
	int rc = svc_regimen_load(view_svc(r), id, out);
	if (rc == STORE_OK && !http_may_see_patient(r, (*out)->row.patient_id)) {
		svc_regimen_free(*out);
		*out = NULL;
		rc = STORE_NOTFOUND;
	}
	return rc;
}

const char *
view_extra_note(struct req *r, const struct svc_regimen *ar)
{
	free(r->advice);
	r->advice = NULL;
	if (svc_regimen_advice(view_svc(r), ar, &r->advice) != STORE_OK)
		return NULL;
	return r->advice;
}

bool
view_dose_chart(struct html_buf *b, const struct svc_regimen *ar, int32_t today, int32_t from,
    int32_t to, const char *id)
{
	struct titr_entry last;
	char title[TITR_DRUG_MAX + 64];
	int32_t cap, interval;
	/* A night's dose falls on its date or the next: one more entry than days at most. */
	size_t room = (size_t)(to >= from ? to - from + 2 : 1);
	struct titr_entry *e = calloc(room, sizeof *e);
	if (e == NULL)
		return false;
	size_t n = titr_calendar(&ar->tr, from, to, e, room);
	titr_limits_on(&ar->tr, today, &cap, &interval);
	char a[DT_DATE_LEN], z[DT_DATE_LEN];
	dt_format_date(from, a);
	dt_format_date(to, z);
	snprintf(title, sizeof title, "Dose chart: %s, %s to %s", ar->row.drug, a, z);
	struct chart_input in = { .id = id, .title = title, .e = e, .n = n, .max_ug = ar->tr.max_ug,
		.cap_ug = cap > 0 && cap < ar->tr.max_ug ? cap : 0,
		.stopped = titr_last_dose(&ar->tr, &last) && last.date_day <= to };
	chart_svg(b, &in);
	free(e);
	return !b->failed;
}

/* ---- check-ins ---- */

static json_t *
names_json(const char *const *names, size_t n, int64_t bits)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (bits & ((int64_t)1 << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

json_t *
view_checkin_json(const struct store_checkin *c)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:s}",
	    "id", (json_int_t)c->id, "regimen_id", (json_int_t)c->regimen_id, "night", c->night,
	    "severity", (json_int_t)c->severity,
	    "onset", c->onset[0] ? json_string(c->onset) : json_null(),
	    "body_parts", names_json(ck_body_part_names, ck_nbody_parts, c->body_parts),
	    "side_effects", names_json(ck_side_effect_names, ck_nside_effects, c->side_effects),
	    "irls", c->irls >= 0 ? json_integer((json_int_t)c->irls) : json_null(),
	    "note", c->note[0] ? json_string(c->note) : json_null(),
	    "created_at", c->created_at);
}

/* ---- ingredients ---- */

json_t *
view_ingredient_json(const struct fm_ingredient *ing)
{
	return json_pack("{s:s, s:o}", "name", ing->name,
	    "atc", ing->atc[0] != '\0' ? json_string(ing->atc) : json_null());
}
