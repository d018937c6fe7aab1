/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_cds.c - HL7 CDS Hooks 2.0: discovery, the order-select and order-sign
 * services and their feedback endpoints (titrad(8), "CDS HOOKS").
 *
 * A call runs the flag rules (ia_check, the one copy of them) over:
 *   - the draft orders (context.draftOrders, MedicationRequests).  A draft of
 *     a titratable drug (a protocol exists) counts as a regimen of the
 *     default protocol starting today, every other draft as a medication on
 *     the list.  Medications resolve by RxNorm ingredient code, ATC code, or
 *     text (CodeableConcept.text, then coding.display) through the formulary;
 *   - the current list: the stored active medications of the titrad
 *     patient whose external_id is context.patientId, together with
 *     prefetch.medications (a Bundle of MedicationRequest /
 *     MedicationStatement; null means "none") when sent, one entry per
 *     ingredient;
 *   - that patient's active regimens and renal and iron values.
 * Every finding that involves at least one draft order becomes a card;
 * findings about stored data alone belong to the flag queue.  At
 * order-select with a non-empty context.selections, only findings involving
 * a selected draft make cards.  Each titratable draft also gets an info card
 * whose suggestion replaces the draft's dosage with the titration schedule.
 *
 * Status codes: 400 for a request that does not follow the CDS Hooks shape
 * (missing or mistyped hook, hookInstance, context, context.userId,
 * patientId, draftOrders; a hook that is not this service's; unknown
 * top-level fields); 412 when there is a medication order to check,
 * context.patientId is no titrad patient and prefetch.medications was not
 * sent (or is an OperationOutcome): the current list is needed, and titrad
 * never calls the EHR's FHIR server.
 *
 * Cards shown are stored (cds_card).  At order-sign a card whose (patient,
 * user, cause, rule) was shown at order-select in the last hour is not
 * shown again; the cause names the draft's ingredient and the interacting
 * ingredients, so a new interacting drug always gets its card.  Feedback is recorded once per (card, outcome) and audited
 * under entity "cds-card" with the card's row id.
 */
#include "http/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/interactions.h"
#include "engine/renal.h"
#include "engine/sha256.h"
#include "base/util.h"

#define RXNORM_SYSTEM "http://www.nlm.nih.gov/research/umls/rxnorm"
#define ATC_SYSTEM "http://www.whocc.no/atc"
#define PLAN_RULE "titration-plan"

#define REPEAT_WINDOW_S 3600
#define SUMMARY_MAX 139          /* bytes, so always < 140 characters */
/* ia_check ids of draft orders: far above any row id, so a draft is always "later". */
#define DRAFT_BASE ((int64_t)1 << 50)
/* ia_check ids of prefetch medications: beside stored rows, below the drafts. */
#define PREFETCH_BASE ((int64_t)1 << 49)

struct service {
	const char *id, *hook, *title, *description;
	/* Non-NULL: the titrated drugs (the protocol rows) follow description, then this. */
	const char *after_drugs;
};

static const struct service services[] = {
	{ "titrad-order-select", "order-select", "titrad RLS medication safety",
	  "Checks the medications being selected against the RLS safety rules titrad applies to "
	  "its flag queue: RLS aggravators, interactions with ",
	  ", label, guideline and kidney-function limits; proposes titrad's titration "
	  "schedule for a titratable drug." },
	{ "titrad-order-sign", "order-sign", "titrad RLS medication safety (signing)",
	  "Checks the orders being signed against titrad's RLS safety rules; a card shown at "
	  "order-select for the same patient, user, drug and rule within the last hour is not "
	  "repeated.", NULL },
};

static const struct { const char *code, *display; } override_reasons[] = {
	{ "benefit-outweighs-risk", "Benefit outweighs the risk" },
	{ "patient-tolerated-before", "Patient has tolerated this combination before" },
	{ "will-monitor", "Will monitor the patient" },
};

/* The service of the request's route, whose arg is the service's hook (routes.c). */
static const struct service *
service_of(const struct req *r)
{
	const char *hook = r->route->arg;
	for (size_t i = 0; hook != NULL && i < ARRAY_LEN(services); i++)
		if (strcmp(services[i].hook, hook) == 0)
			return &services[i];
	return NULL;
}

/* A service's description; the titrated drugs are named from the protocol
 * rows ("a, b and c"), so a new protocol is described without a change here. */
static json_t *
describe(const struct service *sv, const struct titrad *app)
{
	if (sv->after_drugs == NULL)
		return json_string(sv->description);
	size_t len = strlen(sv->description) + strlen(sv->after_drugs) + 1;
	for (size_t k = 0; k < app->ref.nprotocols; k++)
		len += strlen(" and ") + strlen(app->ref.protocols[k].drug);
	char *text = malloc(len), *p = text;
	if (text == NULL)
		return NULL;
	p = stpcpy(p, sv->description);
	for (size_t k = 0; k < app->ref.nprotocols; k++)
		p = stpcpy(stpcpy(p, k == 0 ? "" : k + 1 == app->ref.nprotocols ? " and " : ", "),
		    app->ref.protocols[k].drug);
	stpcpy(p, sv->after_drugs);
	json_t *j = json_string(text);
	free(text);
	return j;
}

enum MHD_Result
api_cds_discovery(struct req *r)
{
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(services); i++) {
		json_t *desc = describe(&services[i], r->app);
		json_array_append_new(list, json_pack("{s:s, s:s, s:o*, s:s, s:s, s:{s:s, s:s}}",
		    "hook", services[i].hook, "title", services[i].title,
		    "description", desc, "id", services[i].id,
		    "usageRequirements", "Send a titrad bearer token of role clinic or admin. Without "
		    "prefetch.medications, context.patientId must be a titrad patient's external_id.",
		    "prefetch", "patient", "Patient/{{context.patientId}}",
		    "medications", "MedicationRequest?patient={{context.patientId}}&status=active"));
	}
	return http_json(r, 200, json_pack("{s:o}", "services", list), NULL);
}

/* ---- request parsing: every shape error is a 400 with the field's path ---- */

struct perr {
	char field[160];
	char msg[200];
};

static bool __attribute__((format(printf, 3, 4)))
bad(struct perr *e, const char *field, const char *fmt, ...)
{
	va_list ap;
	util_copy(e->field, sizeof e->field, field);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return false;
}

/* A field path; a very deep one is cut, which only shortens an error message. */
static void __attribute__((format(printf, 3, 4)))
pathf(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, cap, fmt, ap);
	va_end(ap);
}

static enum MHD_Result
reply_bad(struct req *r, unsigned status, const struct perr *e)
{
	json_t *errors = json_pack("[{s:s, s:s}]", "field", e->field, "message", e->msg);
	return http_problem(r, status, e->msg, errors);
}

/* obj.key as a string: absent -> *out NULL (an error if required). */
static bool
get_str(json_t *obj, const char *key, const char *path, bool required, size_t max,
    const char **out, struct perr *e)
{
	char f[160];
	json_t *v = json_object_get(obj, key);
	pathf(f, sizeof f, "%s%s%s", path, path[0] ? "." : "", key);
	*out = NULL;
	if (v == NULL)
		return required ? bad(e, f, "%s is required", f) : true;
	if (!json_is_string(v))
		return bad(e, f, "%s must be a string", f);
	if (json_string_length(v) == 0 || json_string_length(v) > max ||
	    !util_utf8_text(json_string_value(v), json_string_length(v), false))
		return bad(e, f, "%s must be 1 to %zu bytes of text", f, max);
	*out = json_string_value(v);
	return true;
}

/* obj.key as an object (or array when want_array): absent -> *out NULL. */
static bool
get_node(json_t *obj, const char *key, const char *path, bool required, bool want_array,
    json_t **out, struct perr *e)
{
	char f[160];
	json_t *v = json_object_get(obj, key);
	pathf(f, sizeof f, "%s%s%s", path, path[0] ? "." : "", key);
	*out = NULL;
	if (v == NULL)
		return required ? bad(e, f, "%s is required", f) : true;
	if (want_array ? !json_is_array(v) : !json_is_object(v))
		return bad(e, f, "%s must be %s", f, want_array ? "an array" : "an object");
	*out = v;
	return true;
}

/* Bundle.entry[].resource objects (entries without one are skipped). */
static bool
bundle_resources(json_t *b, const char *path, json_t **res, size_t cap, size_t *n, struct perr *e)
{
	const char *rt;
	json_t *entries, *ent;
	size_t i;
	char f[160];

	*n = 0;
	if (!get_str(b, "resourceType", path, true, 64, &rt, e))
		return false;
	if (strcmp(rt, "Bundle") != 0)
		return bad(e, path, "%s must be a FHIR Bundle", path);
	if (!get_node(b, "entry", path, false, true, &entries, e))
		return false;
	json_array_foreach(entries, i, ent) {
		json_t *resource;
		const char *t;
		pathf(f, sizeof f, "%s.entry[%zu]", path, i);
		if (!json_is_object(ent))
			return bad(e, f, "%s must be an object", f);
		if (!get_node(ent, "resource", f, false, false, &resource, e))
			return false;
		if (resource == NULL)
			continue;
		pathf(f, sizeof f, "%s.entry[%zu].resource", path, i);
		if (!get_str(resource, "resourceType", f, true, 64, &t, e))
			return false;
		if (*n >= cap)
			return bad(e, path, "%s has more than %zu entries", path, cap);
		res[(*n)++] = resource;
	}
	return true;
}

/* Copy at most cap - 1 bytes of s, never cutting a UTF-8 sequence. */
static void
copy_utf8(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* A medication as sent and as resolved. */
struct med {
	json_t *res;                     /* borrowed */
	char ref[96];                    /* "MedicationRequest/<id>", "" without id */
	char label[128];                 /* the name the EHR gave it */
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t ning;
	bool focal;                      /* drafts: findings about it make cards */
	bool partial;                    /* its name was known only partly */
	const struct titr_protocol *proto;   /* drafts of a titratable drug */
	struct svc_regimen *ar;              /* ... as a proposed regimen (owned) */
};

/* Resolve a CodeableConcept: codes first (RxNorm, ATC), then text and displays. */
static bool
resolve_concept(struct titrad *app, json_t *cc, const char *path, struct med *m, struct perr *e)
{
	json_t *codings, *c;
	const char *text, *sys, *code, *disp;
	size_t i;
	char f[160];

	if (!get_str(cc, "text", path, false, 1024, &text, e) ||
	    !get_node(cc, "coding", path, false, true, &codings, e))
		return false;
	json_array_foreach(codings, i, c) {
		pathf(f, sizeof f, "%s.coding[%zu]", path, i);
		if (!json_is_object(c))
			return bad(e, f, "%s must be an object", f);
		if (!get_str(c, "system", f, false, 1024, &sys, e) || !get_str(c, "code", f, false, 256, &code, e) ||
		    !get_str(c, "display", f, false, 1024, &disp, e))
			return false;
	}
	if (text != NULL)
		copy_utf8(m->label, sizeof m->label, text);
	json_array_foreach(codings, i, c) {
		const struct fm_ingredient *ing = NULL;
		sys = json_string_value(json_object_get(c, "system"));
		code = json_string_value(json_object_get(c, "code"));
		disp = json_string_value(json_object_get(c, "display"));
		if (m->label[0] == '\0' && disp != NULL)
			copy_utf8(m->label, sizeof m->label, disp);
		if (sys == NULL || code == NULL)
			continue;
		if (strcmp(sys, RXNORM_SYSTEM) == 0) {
			int64_t rx;
			if (util_parse_id(code, &rx))
				ing = fm_by_rxnorm(app->ref.fm, rx);
		} else if (strcmp(sys, ATC_SYSTEM) == 0) {
			ing = fm_by_atc(app->ref.fm, code);
		}
		if (ing != NULL && m->ning == 0) {
			m->ing[0] = ing;
			m->ning = 1;
		}
		if (m->label[0] == '\0')
			copy_utf8(m->label, sizeof m->label, code);
	}
	/* By name: a name known only partly makes a formulary.partial finding. */
	if (m->ning == 0 && text != NULL)
		m->ning = fm_resolve_partial(app->ref.fm, text, m->ing, FM_MAX_INGREDIENTS, &m->partial);
	json_array_foreach(codings, i, c) {
		disp = json_string_value(json_object_get(c, "display"));
		if (m->ning == 0 && disp != NULL)
			m->ning = fm_resolve_partial(app->ref.fm, disp, m->ing, FM_MAX_INGREDIENTS, &m->partial);
	}
	return true;
}

/* A Medication resource with this id among others[] (a bundle's) or res.contained[]. */
static json_t *
find_medication(json_t *res, const char *ref, json_t **others, size_t nothers)
{
	json_t *c;
	size_t i;
	if (ref[0] == '#') {
		json_array_foreach(json_object_get(res, "contained"), i, c) {
			const char *id = json_string_value(json_object_get(c, "id"));
			if (id != NULL && strcmp(id, ref + 1) == 0 &&
			    json_is_object(c) && json_is_object(json_object_get(c, "code")))
				return json_object_get(c, "code");
		}
		return NULL;
	}
	if (strncmp(ref, "Medication/", 11) != 0)
		return NULL;
	for (size_t k = 0; k < nothers; k++) {
		const char *t = json_string_value(json_object_get(others[k], "resourceType"));
		const char *id = json_string_value(json_object_get(others[k], "id"));
		if (t != NULL && id != NULL && strcmp(t, "Medication") == 0 && strcmp(id, ref + 11) == 0 &&
		    json_is_object(json_object_get(others[k], "code")))
			return json_object_get(others[k], "code");
	}
	return NULL;
}

/* The medication of a MedicationRequest/MedicationStatement at path. */
static bool
resolve_med(struct titrad *app, json_t *res, const char *path, json_t **others, size_t nothers,
    struct med *m, struct perr *e)
{
	json_t *cc, *mref;
	const char *id, *ref = NULL, *disp = NULL;
	char f[160];

	m->res = res;
	if (!get_str(res, "id", path, false, 64, &id, e) ||
	    !get_node(res, "medicationCodeableConcept", path, false, false, &cc, e) ||
	    !get_node(res, "medicationReference", path, false, false, &mref, e))
		return false;
	if (id != NULL)
		snprintf(m->ref, sizeof m->ref, "%s/%s", json_string_value(json_object_get(res, "resourceType")), id);
	if (mref != NULL) {
		pathf(f, sizeof f, "%s.medicationReference", path);
		if (!get_str(mref, "reference", f, false, 256, &ref, e) ||
		    !get_str(mref, "display", f, false, 1024, &disp, e))
			return false;
		if (cc == NULL && ref != NULL)
			cc = find_medication(res, ref, others, nothers);
		pathf(f, sizeof f, "%s.medicationReference", path);
	} else {
		pathf(f, sizeof f, "%s.medicationCodeableConcept", path);
	}
	if (cc != NULL && !resolve_concept(app, cc, f, m, e))
		return false;
	if (m->ning == 0 && disp != NULL)
		m->ning = fm_resolve(app->ref.fm, disp, m->ing, FM_MAX_INGREDIENTS);
	if (m->label[0] == '\0' && disp != NULL)
		copy_utf8(m->label, sizeof m->label, disp);
	if (m->label[0] == '\0')
		util_copy(m->label, sizeof m->label, "unnamed medication");
	return true;
}

/* ---- the proposed regimen of a titratable draft ---- */

/* HH:MM from the draft's first dosageInstruction timeOfDay ("HH:MM:SS"), else 20:00. */
static int32_t
draft_minute(json_t *res)
{
	json_t *tod = json_object_get(json_object_get(json_object_get(json_array_get(
	    json_object_get(res, "dosageInstruction"), 0), "timing"), "repeat"), "timeOfDay");
	const char *s = json_string_value(json_array_get(tod, 0));
	char hm[DT_TIME_LEN];
	int m;
	if (s != NULL && strlen(s) >= 5) {
		memcpy(hm, s, 5);
		hm[5] = '\0';
		if (dt_parse_time(hm, &m))
			return m;
	}
	return 20 * 60;
}

/* ---- cards ---- */

static void
uuid_v4(char out[37])
{
	uint8_t b[16];
	if (!util_random(b, sizeof b))
		memset(b, 0, sizeof b);   /* getrandom(2) does not fail for 16 bytes */
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
	    b[14], b[15]);
}

/* Cut s to at most max bytes on a UTF-8 boundary, ending in an ellipsis if cut. */
static void
fit(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	n = max - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(s + n, "\u2026", 4);
}

/* Markdown-escape text the EHR sent. */
static void
md_escape(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	for (; *s && o + 3 < cap; s++) {
		if (strchr("\\`*_{}[]()<>#+-.!|~", *s) != NULL)
			out[o++] = '\\';
		out[o++] = *s == '\n' || *s == '\r' ? ' ' : *s;
	}
	out[o] = '\0';
}

/* The override-reason and rule code systems live under public_url. */
static json_t *
override_json(const struct titrad_config *cfg)
{
	char sys[CONFIG_URI_MAX * 2];
	json_t *a = json_array();
	for (size_t i = 0; i < ARRAY_LEN(override_reasons); i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "system", config_uri(cfg, NULL, "/override-reason", sys),
		    "code", override_reasons[i].code, "display", override_reasons[i].display));
	return a;
}

static json_t *
card_json(const struct titrad_config *cfg, const char *uuid, const char *summary, const char *indicator, const char *detail,
    const char *rule, const char *topic)
{
	char sys[CONFIG_URI_MAX * 2];
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:{s:s, s:s, s:s}}, s:o}",
	    "uuid", uuid, "summary", summary, "indicator", indicator, "detail", detail,
	    "source", "label", "titrad", "topic", "system", config_uri(cfg, NULL, "/rule", sys), "code", rule,
	    "display", topic, "overrideReasons", override_json(cfg));
}

/* A copy of v without nulls, empty objects or empty arrays (NULL if nothing is left). */
static json_t *
clean_copy(json_t *v)
{
	const char *k;
	json_t *x, *c;
	size_t i;
	if (json_is_null(v))
		return NULL;
	if (json_is_object(v)) {
		json_t *o = json_object();
		json_object_foreach(v, k, x)
			if ((c = clean_copy(x)) != NULL)
				json_object_set_new(o, k, c);
		if (json_object_size(o) == 0) {
			json_decref(o);
			return NULL;
		}
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		json_array_foreach(v, i, x)
			if ((c = clean_copy(x)) != NULL)
				json_array_append_new(a, c);
		if (json_array_size(a) == 0) {
			json_decref(a);
			return NULL;
		}
		return a;
	}
	return json_copy(v);
}

/* The info card of a titratable draft: the default titration, as a suggestion. */
static json_t *
plan_card(const struct titrad_config *cfg, const struct med *m, const char *patient_key, const char *uuid)
{
	const struct titr_protocol *p = m->proto;
	struct svc_regimen *ar = m->ar;
	char start[32], step[32], cap[32], capnow[32], summary[256], detail[2048], label[160], date[DT_DATE_LEN];
	char when[48];
	char dname[TITR_DRUG_MAX];
	int32_t cap_ug, interval;

	titr_limits_on(&ar->tr, ar->tr.start_day, &cap_ug, &interval);
	titr_mg_text(p->start_ug, start, sizeof start);
	titr_mg_text(p->step_ug, step, sizeof step);
	titr_mg_text(p->max_ug, cap, sizeof cap);
	titr_mg_text(cap_ug, capnow, sizeof capnow);
	dt_format_date(ar->tr.start_day, date);
	util_copy(dname, sizeof dname, p->drug);
	dname[0] = (char)(dname[0] >= 'a' && dname[0] <= 'z' ? dname[0] - 32 : dname[0]);
	if (p->offset_minutes % 60 == 0)
		snprintf(when, sizeof when, "%d hour%s", p->offset_minutes / 60, p->offset_minutes == 60 ? "" : "s");
	else
		snprintf(when, sizeof when, "%d minutes", p->offset_minutes);

	json_t *dos = view_fhir_dosages(ar, NULL);
	size_t levels = json_array_size(dos);
	snprintf(summary, sizeof summary, "%s: titrad titration, %s then +%s every %d night%s up to %s",
	    dname, start, step, (int)interval, interval == 1 ? "" : "s", capnow);
	fit(summary, SUMMARY_MAX);
	snprintf(detail, sizeof detail,
	    "titrad's default %s protocol, as it would run from tonight (%s):\n\n"
	    "- start with **%s** once a night, %s %s\n"
	    "- step up by **%s** every %d night%s, only while symptoms persist\n"
	    "- up to **%s** a day%s%s%s\n\n"
	    "The suggestion replaces this order's dosage with the %zu dose levels of that schedule "
	    "(the dose time is the order's, else 20:00). Create the regimen in titrad to give the "
	    "patient the dose calendar and safety checks.",
	    p->drug, date, start, when, p->timing == TITR_BEFORE_BEDTIME ? "before bedtime" : "before symptoms usually start",
	    step, (int)interval, interval == 1 ? "" : "s", capnow,
	    cap_ug < p->max_ug ? " (the protocol's " : "", cap_ug < p->max_ug ? cap : "",
	    cap_ug < p->max_ug ? " is limited by kidney function)" : "", levels);
	json_t *card = card_json(cfg, uuid, summary, "info", detail, PLAN_RULE, "titrad titration plan");

	/* The draft with the schedule as its dosage; update it if it has an id. */
	json_t *res = clean_copy(m->res);
	if (res == NULL)
		res = json_object();
	if (dos != NULL)
		json_object_set_new(res, "dosageInstruction", dos);
	else
		json_object_del(res, "dosageInstruction");
	if (json_object_get(res, "subject") == NULL) {
		char ref[STORE_CDS_KEY_MAX + 16];
		snprintf(ref, sizeof ref, "Patient/%s", patient_key);
		json_object_set_new(res, "subject", json_pack("{s:s}", "reference", ref));
	}
	bool has_id = json_string_value(json_object_get(res, "id")) != NULL;
	char suid[37];
	uuid_v4(suid);
	snprintf(label, sizeof label, "Use titrad's %s titration schedule (%zu dose levels)", p->drug, levels);
	json_object_set_new(card, "selectionBehavior", json_string("at-most-one"));
	json_object_set_new(card, "suggestions", json_pack("[{s:s, s:s, s:[{s:s, s:s, s:o}]}]",
	    "label", label, "uuid", suid, "actions", "type", has_id ? "update" : "create",
	    "description", has_id ? "Replace the draft order's dosage with the titration schedule"
	    : "Order the medication with the titration schedule", "resource", res));
	return card;
}

/* Does rule match ingredient ing (any of its ATC codes) for the titrated drug? */
static bool
ingredient_matches(struct titrad *app, const struct ia_rule *rule, const struct fm_ingredient *ing,
    const char *titrated)
{
	const char *codes[FM_MAX_ATCS];
	size_t nc = fm_atcs(app->ref.fm, ing, codes, FM_MAX_ATCS);
	for (size_t c = 0; c < nc; c++)
		if (ia_matches(app->ref.kb, rule, codes[c], titrated))
			return true;
	return false;
}

/*
 * The ingredient of draft med m that rule matched: for the titrated drug,
 * or (NULL: a clash between two listed medications) for any titrated drug.
 */
static const struct fm_ingredient *
matched_ingredient(struct titrad *app, const struct ia_rule *rule, const struct med *m, const char *titrated)
{
	for (size_t k = 0; k < m->ning; k++) {
		if (ingredient_matches(app, rule, m->ing[k], titrated))
			return m->ing[k];
		for (size_t p = 0; titrated == NULL && p < app->ref.nprotocols; p++)
			if (ingredient_matches(app, rule, m->ing[k], app->ref.protocols[p].drug))
				return m->ing[k];
	}
	return m->ning > 0 ? m->ing[0] : NULL;
}

struct call {
	const struct service *svc;
	const char *hook_instance, *user_id, *patient_key;
	json_t *selections;
	bool known, list_given;
	struct store_patient patient;
	struct med *drafts;               /* [cfg.cds_max_orders] */
	size_t ndrafts;
	struct med *list;                 /* [cfg.cds_max_medications] prefetch medications */
	size_t nlist;
	json_t **others;                  /* draftOrders' resources (Medication lookups) */
	json_t **res;                     /* a bundle's resources while parsing */
	size_t max_res;                   /* room in others[] and res[] */
	size_t nothers;
};

static bool
selected(const struct call *c, const struct med *m)
{
	json_t *s;
	size_t i;
	if (strcmp(c->svc->hook, "order-select") != 0 || json_array_size(c->selections) == 0)
		return true;
	json_array_foreach(c->selections, i, s)
		if (m->ref[0] != '\0' && strcmp(json_string_value(s), m->ref) == 0)
			return true;
	return false;
}

static bool
listed_status(json_t *res)
{
	static const char *const gone[] = { "cancelled", "completed", "entered-in-error", "stopped",
		"draft", "not-taken" };
	const char *st = json_string_value(json_object_get(res, "status"));
	for (size_t i = 0; st != NULL && i < ARRAY_LEN(gone); i++)
		if (strcmp(st, gone[i]) == 0)
			return false;
	return true;
}

/* Parse the hook request into c; false with *e and *status set. */
static bool
parse_call(struct req *r, struct call *c, unsigned *status, struct perr *e)
{
	static const char *const top[] = { "hook", "hookInstance", "fhirServer", "fhirAuthorization",
		"context", "prefetch", "extension" };
	json_t *body = r->json, *ctx, *drafts, *prefetch, *fa, *ext, *v, **res = c->res;
	const unsigned max_orders = r->app->cfg.cds_max_orders, max_list = r->app->cfg.cds_max_medications;
	const char *hook, *server, *key, *enc;
	size_t n, i;
	char f[160];

	*status = 400;
	json_object_foreach(body, key, v) {
		bool known = false;
		for (i = 0; i < ARRAY_LEN(top); i++)
			known |= strcmp(top[i], key) == 0;
		if (!known)
			return bad(e, util_utf8_text(key, strlen(key), false) ? key : "?", "unknown field in a CDS Hooks request");
	}
	if (!get_str(body, "hook", "", true, 64, &hook, e) ||
	    !get_str(body, "hookInstance", "", true, 128, &c->hook_instance, e) ||
	    !get_str(body, "fhirServer", "", false, 2048, &server, e) ||
	    !get_node(body, "fhirAuthorization", "", false, false, &fa, e) ||
	    !get_node(body, "extension", "", false, false, &ext, e) ||
	    !get_node(body, "context", "", true, false, &ctx, e) ||
	    !get_node(body, "prefetch", "", false, false, &prefetch, e))
		return false;
	if (strcmp(hook, c->svc->hook) != 0)
		return bad(e, "hook", "this service answers the %s hook, not %s", c->svc->hook, hook);
	if (fa != NULL && server == NULL)
		return bad(e, "fhirAuthorization", "fhirAuthorization needs fhirServer");
	if (!get_str(ctx, "userId", "context", true, STORE_CDS_KEY_MAX, &c->user_id, e) ||
	    !get_str(ctx, "patientId", "context", true, STORE_CDS_KEY_MAX, &c->patient_key, e) ||
	    !get_str(ctx, "encounterId", "context", false, STORE_CDS_KEY_MAX, &enc, e) ||
	    !get_node(ctx, "draftOrders", "context", true, false, &drafts, e) ||
	    !get_node(ctx, "selections", "context", false, true, &c->selections, e))
		return false;
	json_array_foreach(c->selections, i, v)
		if (!json_is_string(v)) {
			pathf(f, sizeof f, "context.selections[%zu]", i);
			return bad(e, f, "%s must be a string", f);
		}

	/* The draft orders. */
	if (!bundle_resources(drafts, "context.draftOrders", res, c->max_res, &n, e))
		return false;
	for (i = 0; i < n; i++)
		c->others[c->nothers++] = res[i];
	for (i = 0; i < n; i++) {
		const char *t = json_string_value(json_object_get(res[i], "resourceType"));
		if (strcmp(t, "MedicationRequest") != 0)
			continue;       /* other orders (ServiceRequest, ...) are not checked */
		if (c->ndrafts == max_orders) {
			*status = 422;
			return bad(e, "context.draftOrders", "more than %u medication orders (the limit cds_max_orders)",
			    max_orders);
		}
		struct med *m = &c->drafts[c->ndrafts++];
		pathf(f, sizeof f, "context.draftOrders.entry[%zu].resource", i);
		if (!resolve_med(r->app, res[i], f, c->others, c->nothers, m, e))
			return false;
		m->focal = selected(c, m);
		if (m->ning == 1)
			m->proto = svc_protocol(&r->app->ref, m->ing[0]->name);
	}

	/* The current list, when the EHR sent it: null is an empty list. */
	v = prefetch ? json_object_get(prefetch, "medications") : NULL;
	json_t *pat = prefetch ? json_object_get(prefetch, "patient") : NULL;
	if (pat != NULL && !json_is_object(pat) && !json_is_null(pat))
		return bad(e, "prefetch.patient", "prefetch.patient must be a Patient resource or null");
	if (v != NULL && json_is_null(v)) {
		c->list_given = true;
	} else if (v != NULL) {
		const char *t;
		if (!json_is_object(v))
			return bad(e, "prefetch.medications", "prefetch.medications must be a Bundle or null");
		if (!get_str(v, "resourceType", "prefetch.medications", true, 64, &t, e))
			return false;
		/* CDS Hooks 2.0: an OperationOutcome stands for a prefetch that failed. */
		if (strcmp(t, "OperationOutcome") != 0) {
			if (!bundle_resources(v, "prefetch.medications", res, c->max_res, &n, e))
				return false;
			c->list_given = true;
			for (i = 0; i < n; i++) {
				const char *rt = json_string_value(json_object_get(res[i], "resourceType"));
				if ((strcmp(rt, "MedicationRequest") != 0 && strcmp(rt, "MedicationStatement") != 0) ||
				    !listed_status(res[i]))
					continue;
				if (c->nlist == max_list) {
					*status = 422;
					return bad(e, "prefetch.medications", "more than %u medications (the limit "
					    "cds_max_medications)", max_list);
				}
				pathf(f, sizeof f, "prefetch.medications.entry[%zu].resource", i);
				if (!resolve_med(r->app, res[i], f, res, n, &c->list[c->nlist++], e))
					return false;
			}
		}
	}
	return true;
}

/* Findings and cards: everything after parsing, inside the write transaction. */
struct eval {
	struct svc_patient ps;            /* the known patient's live state (no caps) */
	struct ia_med *imeds;             /* the list in force, then the non-titratable drafts */
	size_t nimeds;
	struct ia_regimen *iregs;         /* live regimens, then the titratable drafts */
	size_t niregs;
	struct ia_findings found;
};

static void
eval_free(struct eval *ev)
{
	svc_patient_free(&ev->ps);
	free(ev->imeds);
	free(ev->iregs);
	ia_findings_free(&ev->found);
}

static void
add_imed(struct eval *ev, int64_t id, const struct fm_ingredient *const *ing, size_t ning)
{
	struct ia_med *m = &ev->imeds[ev->nimeds++];
	m->id = id;
	m->ning = ning;
	for (size_t k = 0; k < ning; k++)
		m->ing[k] = ing[k];
}

/* Is ingredient ing already on the list built so far? */
static bool
listed_already(const struct eval *ev, const struct fm_ingredient *ing)
{
	for (size_t i = 0; i < ev->nimeds; i++)
		for (size_t k = 0; k < ev->imeds[i].ning; k++)
			if (ev->imeds[i].ing[k] == ing)
				return true;
	return false;
}

/*
 * A prefetch medication, with the ingredients the list does not hold yet
 * (nothing new: not added).  Prefetch ids are small; stored medication ids
 * are row ids, so a prefetch entry gets an id no stored row can have.
 */
static void
add_listed(struct eval *ev, int64_t n, const struct fm_ingredient *const *ing, size_t ning)
{
	const struct fm_ingredient *fresh[FM_MAX_INGREDIENTS];
	size_t nf = 0;
	for (size_t k = 0; k < ning; k++)
		if (!listed_already(ev, ing[k]))
			fresh[nf++] = ing[k];
	if (ning > 0 && nf == 0)
		return;
	add_imed(ev, PREFETCH_BASE + n, fresh, nf);
}

/* The listed medication with this id (NULL: none). */
static const struct ia_med *
imed_by_id(const struct eval *ev, int64_t id)
{
	for (size_t i = 0; i < ev->nimeds; i++)
		if (ev->imeds[i].id == id)
			return &ev->imeds[i];
	return NULL;
}

static int
evaluate(struct req *r, struct call *c, struct eval *ev)
{
	const struct svc_ctx *sc = view_svc(r);
	int rc;

	if (c->known && (rc = svc_patient_load(sc, c->patient.id, SVC_LIVE, &ev->ps)) != STORE_OK)
		return rc;
	if (c->known && !svc_patient_engine(sc->ref, &ev->ps))
		return STORE_ERROR;
	size_t nmeds = (c->list_given ? c->nlist : 0) + ev->ps.nmeds;
	ev->imeds = calloc(nmeds + c->ndrafts + 1, sizeof *ev->imeds);
	ev->iregs = calloc(ev->ps.nregs + c->ndrafts + 1, sizeof *ev->iregs);
	if (ev->imeds == NULL || ev->iregs == NULL)
		return STORE_ERROR;
	/*
	 * The current list: a known patient's stored medications together with
	 * the EHR's prefetch (a prefetch may leave out what titrad holds), one
	 * entry per ingredient; an unknown patient's prefetch alone.
	 */
	for (size_t i = 0; c->known && i < ev->ps.nmeds; i++)
		ev->imeds[ev->nimeds++] = ev->ps.imeds[i];
	for (size_t i = 0; c->list_given && i < c->nlist; i++)
		add_listed(ev, (int64_t)i + 1, c->list[i].ing, c->list[i].ning);
	/* The patient's regimens still giving doses. */
	for (size_t i = 0; i < ev->ps.nregs; i++)
		ev->iregs[ev->niregs++] = ev->ps.iregs[i];
	/* The drafts: titratable ones as regimens of the default protocol, the rest as listed. */
	for (size_t d = 0; d < c->ndrafts; d++) {
		struct med *m = &c->drafts[d];
		if (m->proto == NULL) {
			add_imed(ev, DRAFT_BASE + (int64_t)d, m->ing, m->ning);
			ev->imeds[ev->nimeds - 1].partial = m->partial;
			continue;
		}
		m->ar = svc_regimen_proposed(sc, m->proto, c->known ? c->patient.id : -1,
		    c->known ? ev->ps.crcl_dml : -1, c->known && c->patient.dialysis, draft_minute(m->res));
		if (m->ar == NULL)
			return STORE_ERROR;
		ev->iregs[ev->niregs++] = (struct ia_regimen){
			.id = DRAFT_BASE + (int64_t)d, .drug = m->proto->drug, .tr = &m->ar->tr,
			.start_ug = m->proto->start_ug, .step_ug = m->proto->step_ug,
			.max_ug = m->proto->max_ug, .interval_days = m->proto->interval_days,
			.unit_ug = m->proto->unit_ug,
		};
	}
	struct ia_patient ip = { .crcl_dml = -1, .dialysis = false, .ferritin_dng = -1, .tsat_dpct = -1 };
	if (c->known)
		ip = ev->ps.ip;
	if (!ia_check_all(sc->ref->kb, sc->ref->fm, sc->ref->bands, sc->ref->nbands, &ip, ev->imeds,
	    ev->nimeds, ev->iregs, ev->niregs, &ev->found))
		return STORE_ERROR;
	return STORE_OK;
}

static const char *
reg_drug(const struct eval *ev, int64_t id)
{
	for (size_t i = 0; i < ev->niregs; i++)
		if (ev->iregs[i].id == id)
			return ev->iregs[i].drug;
	return NULL;
}

static int
severity_rank(const char *s)
{
	return strcmp(s, "critical") == 0 ? 0 : strcmp(s, "warning") == 0 ? 1 : 2;
}

/*
 * Keep a card unless order-sign repeats an order-select card of the last hour;
 * store what is shown.  *shown: false when suppressed.
 */
static int
show_card(struct req *r, const struct call *c, const char *ingredient, const char *rule,
    const char *indicator, char uuid[37], bool *shown)
{
	struct store_cds_card k;
	char since[DT_STAMP_LEN];
	int rc;

	memset(&k, 0, sizeof k);
	util_copy(k.hook, sizeof k.hook, c->svc->hook);
	util_copy(k.hook_instance, sizeof k.hook_instance, c->hook_instance);
	util_copy(k.patient_key, sizeof k.patient_key, c->patient_key);
	util_copy(k.user_id, sizeof k.user_id, c->user_id);
	copy_utf8(k.ingredient, sizeof k.ingredient, ingredient);
	util_copy(k.rule, sizeof k.rule, rule);
	util_copy(k.indicator, sizeof k.indicator, indicator);
	util_copy(k.shown_at, sizeof k.shown_at, r->now_stamp);
	*shown = true;
	if (strcmp(c->svc->hook, "order-sign") == 0) {
		dt_format_stamp(r->now - REPEAT_WINDOW_S, since);
		rc = store_cds_card_recent(r->db, &k, "order-select", since);
		if (rc == STORE_OK) {
			*shown = false;
			return STORE_OK;
		}
		if (rc != STORE_NOTFOUND)
			return rc;
	}
	uuid_v4(k.uuid);
	memcpy(uuid, k.uuid, 37);
	return store_cds_card_insert(r->db, &k);
}

/*
 * What a card is about, for repeat suppression: the draft's ingredient and
 * the interacting ingredients on the other side (the regimen's drug, or the
 * listed medication's ingredients the rule matched), "ropinirole+haloperidol".
 * A new interacting drug gives a new cause, so its card is never held back.
 * A cause too long for the column is replaced by its SHA-256.
 */
static void
card_cause(struct titrad *app, const struct eval *ev, const struct ia_finding *f, const char *key,
    int64_t other_med, char *out, size_t cap)
{
	char buf[FM_NAME_MAX * (FM_MAX_INGREDIENTS + 2) + 8];
	const char *drug = f->regimen_id >= 0 ? reg_drug(ev, f->regimen_id) : NULL;
	const struct ia_med *om = other_med >= 0 ? imed_by_id(ev, other_med) : NULL;
	size_t len;

	snprintf(buf, sizeof buf, "%s", key);
	if (drug != NULL && strcmp(drug, key) != 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "+%s", drug);
	for (size_t k = 0; om != NULL && k < om->ning; k++) {
		if (strcmp(om->ing[k]->name, key) == 0 ||
		    (f->regimen_id >= 0 && !ingredient_matches(app, f->rule, om->ing[k], drug)))
			continue;
		len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "+%s", om->ing[k]->name);
	}
	if (strlen(buf) < cap)
		copy_utf8(out, cap, buf);
	else if (cap >= SHA256_HEX_LEN)
		sha256_hex(buf, strlen(buf), out);
	else
		out[0] = '\0';
}

static int
make_cards(struct req *r, struct call *c, struct eval *ev, json_t *ranked[3])
{
	char uuid[37], key[FM_NAME_MAX * 2], who[FM_NAME_MAX * 2], summary[320], detail[2048], order[300];
	char cause[sizeof ((struct store_cds_card *)0)->ingredient];
	int rc;
	bool shown;

	for (size_t i = 0; i < ev->found.n; i++) {
		const struct ia_finding *f = &ev->found.v[i];
		int64_t md = f->medication_id >= DRAFT_BASE ? f->medication_id - DRAFT_BASE : -1;
		int64_t gd = f->regimen_id >= DRAFT_BASE ? f->regimen_id - DRAFT_BASE : -1;
		int64_t partner = f->medication_id;
		const struct med *m;
		/* Two listed medications: the draft may be the one in the titrated drug's part. */
		if (md < 0 && f->other_medication_id >= DRAFT_BASE) {
			md = f->other_medication_id - DRAFT_BASE;
			partner = f->medication_id;
		} else if (md >= 0) {
			partner = f->other_medication_id;
		}
		if (md < 0 && gd < 0)
			continue;       /* stored data only: the flag queue's business */
		if (!((md >= 0 && c->drafts[md].focal) || (gd >= 0 && c->drafts[gd].focal)))
			continue;
		if (md >= 0) {
			m = &c->drafts[md];
			const struct fm_ingredient *ing = matched_ingredient(r->app, f->rule, m,
			    f->regimen_id >= 0 ? reg_drug(ev, f->regimen_id) : NULL);
			if (ing != NULL) {
				util_copy(key, sizeof key, ing->name);
			} else {
				/* unrecognised: keyed by the name as sent, ASCII lower-cased */
				copy_utf8(key, sizeof key, m->label);
				for (char *p = key; *p; p++)
					if (*p >= 'A' && *p <= 'Z')
						*p = (char)(*p + 32);
			}
		} else {
			m = &c->drafts[gd];
			util_copy(key, sizeof key, m->proto->drug);
		}
		util_copy(who, sizeof who, md >= 0 && m->ning == 0 ? m->label : key);
		if (who[0] >= 'a' && who[0] <= 'z')
			who[0] = (char)(who[0] - 32);
		snprintf(summary, sizeof summary, "%s: %s", who, f->rule->summary);
		fit(summary, SUMMARY_MAX);
		md_escape(m->label, order, sizeof order);
		snprintf(detail, sizeof detail, "**%s**\n\n%s\n\n- Order: %s\n- Rule: `%s` (titrad knowledge base %s)\n"
		    "- Source: %s", f->rule->summary, f->detail[0] ? f->detail : f->rule->detail, order,
		    f->rule->id, ia_version(r->app->ref.kb), f->rule->source);
		card_cause(r->app, ev, f, key, md >= 0 ? partner : f->medication_id, cause, sizeof cause);
		if ((rc = show_card(r, c, cause, f->rule->id, f->severity, uuid, &shown)) != STORE_OK)
			return rc;
		if (shown)
			json_array_append_new(ranked[severity_rank(f->severity)],
			    card_json(&r->app->cfg, uuid, summary, f->severity, detail, f->rule->id, f->rule->summary));
	}
	for (size_t d = 0; d < c->ndrafts; d++) {
		const struct med *m = &c->drafts[d];
		if (m->proto == NULL || !m->focal)
			continue;
		if ((rc = show_card(r, c, m->proto->drug, PLAN_RULE, "info", uuid, &shown)) != STORE_OK)
			return rc;
		if (shown)
			json_array_append_new(ranked[2], plan_card(&r->app->cfg, m, c->patient_key, uuid));
	}
	return STORE_OK;
}

enum MHD_Result
api_cds_call(struct req *r)
{
	struct call *c = calloc(1, sizeof *c);
	struct eval ev;
	struct perr e;
	unsigned status;
	json_t *ranked[3] = { json_array(), json_array(), json_array() };
	enum MHD_Result res;
	int rc;

	memset(&ev, 0, sizeof ev);
	if (c != NULL)
		c->max_res = (size_t)r->app->cfg.cds_max_orders + r->app->cfg.cds_max_medications;
	if (c == NULL || (c->drafts = calloc(r->app->cfg.cds_max_orders, sizeof *c->drafts)) == NULL ||
	    (c->list = calloc(r->app->cfg.cds_max_medications, sizeof *c->list)) == NULL ||
	    (c->others = calloc(c->max_res, sizeof *c->others)) == NULL ||
	    (c->res = calloc(c->max_res, sizeof *c->res)) == NULL) {
		res = http_problem(r, 500, "out of memory", NULL);
		goto out;
	}
	c->svc = service_of(r);
	if (!parse_call(r, c, &status, &e)) {
		res = reply_bad(r, status, &e);
		goto out;
	}
	if (c->ndrafts == 0) {
		/* No medication order: nothing to check, and no data needed for it. */
		res = http_json(r, 200, json_pack("{s:[]}", "cards"), NULL);
		goto out;
	}
	if ((rc = http_begin_write(r)) != STORE_OK) {
		res = http_db_failure(r, rc);
		goto out;
	}
	rc = store_patient_by_extid(r->db, c->patient_key, &c->patient);
	if (rc != STORE_OK && rc != STORE_NOTFOUND) {
		res = http_db_failure(r, rc);
		goto out;
	}
	c->known = rc == STORE_OK;
	if (!c->known && !c->list_given) {
		store_rollback(r->db);
		res = http_problem(r, 412, "context.patientId is not a titrad patient and prefetch.medications "
		    "was not sent: the current medication list is needed and titrad does not query the "
		    "EHR's FHIR server", NULL);
		goto out;
	}
	if ((rc = evaluate(r, c, &ev)) == STORE_OK)
		rc = make_cards(r, c, &ev, ranked);
	/* Admins' reads of a titrad patient's data are audited, as everywhere. */
	if (rc == STORE_OK && c->known && r->role == ROLE_ADMIN)
		rc = http_audit(r, "patient.cds", "patient", c->patient.id, c->svc->hook);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK) {
		res = http_db_failure(r, rc);
		goto out;
	}
	json_array_extend(ranked[0], ranked[1]);
	json_array_extend(ranked[0], ranked[2]);
	res = http_json(r, 200, json_pack("{s:O}", "cards", ranked[0]), NULL);
out:
	for (int i = 0; i < 3; i++)
		json_decref(ranked[i]);
	eval_free(&ev);
	if (c != NULL) {
		for (size_t d = 0; c->drafts != NULL && d < c->ndrafts; d++)
			svc_regimen_free(c->drafts[d].ar);
		free(c->drafts);
		free(c->list);
		free(c->others);
		free(c->res);
		free(c);
	}
	return res;
}

/* ---- feedback ---- */

/* RFC 3339 date-time, loosely: YYYY-MM-DDTHH:MM:SS then a fraction and/or zone. */
static bool
instant_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	if (strlen(s) < sizeof shape - 1 || strlen(s) > 40)
		return false;
	for (size_t i = 0; i < sizeof shape - 1; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	return true;
}

struct fb {
	struct store_cds_card card;
	const char *outcome, *at, *code, *comment;
	char suggestions[200];
};

enum MHD_Result
api_cds_feedback(struct req *r)
{
	const struct service *svc = service_of(r);
	json_t *list, *ent, *v;
	const char *key;
	struct perr e;
	struct fb *fbs = NULL;
	size_t i, n, recorded = 0, repeated = 0;
	char f[96], detail[STORE_REASON_MAX + 1];
	int rc;

	json_object_foreach(r->json, key, v)
		if (strcmp(key, "feedback") != 0 && strcmp(key, "extension") != 0) {
			bad(&e, util_utf8_text(key, strlen(key), false) ? key : "?", "unknown field in a feedback request");
			return reply_bad(r, 400, &e);
		}
	if (!get_node(r->json, "feedback", "", true, true, &list, &e))
		return reply_bad(r, 400, &e);
	n = json_array_size(list);
	if (n == 0 || n > 100) {
		bad(&e, "feedback", "feedback must hold 1 to 100 entries");
		return reply_bad(r, 422, &e);
	}
	if ((fbs = calloc(n, sizeof *fbs)) == NULL)
		return http_problem(r, 500, "out of memory", NULL);
	/* Check everything before writing anything. */
	json_array_foreach(list, i, ent) {
		struct fb *b = &fbs[i];
		json_t *why = NULL, *reason = NULL, *acc = NULL, *s;
		const char *card, *sys;
		size_t k;
		pathf(f, sizeof f, "feedback[%zu]", i);
		if (!json_is_object(ent)) {
			bad(&e, f, "%s must be an object", f);
			goto bad400;
		}
		if (!get_str(ent, "card", f, true, 64, &card, &e) ||
		    !get_str(ent, "outcome", f, true, 16, &b->outcome, &e) ||
		    !get_str(ent, "outcomeTimestamp", f, true, 64, &b->at, &e) ||
		    !get_node(ent, "overrideReason", f, false, false, &why, &e) ||
		    !get_node(ent, "acceptedSuggestions", f, false, true, &acc, &e))
			goto bad400;
		if (why != NULL) {
			char wf[128];
			pathf(wf, sizeof wf, "%s.overrideReason", f);
			if (!get_node(why, "reason", wf, false, false, &reason, &e) ||
			    !get_str(why, "userComment", wf, false, STORE_REASON_MAX / 2, &b->comment, &e))
				goto bad400;
			pathf(wf, sizeof wf, "%s.overrideReason.reason", f);
			if (reason != NULL && (!get_str(reason, "system", wf, false, 256, &sys, &e) ||
			    !get_str(reason, "code", wf, false, 64, &b->code, &e)))
				goto bad400;
		}
		json_array_foreach(acc, k, s) {
			const char *sid;
			char af[128];
			pathf(af, sizeof af, "%s.acceptedSuggestions[%zu]", f, k);
			if (!json_is_object(s)) {
				bad(&e, af, "%s must be an object", af);
				goto bad400;
			}
			if (!get_str(s, "id", af, true, 64, &sid, &e))
				goto bad400;
			size_t used = strlen(b->suggestions);
			snprintf(b->suggestions + used, sizeof b->suggestions - used, "%s%s", used ? "," : "", sid);
		}
		if (strcmp(b->outcome, "accepted") != 0 && strcmp(b->outcome, "overridden") != 0) {
			pathf(f, sizeof f, "feedback[%zu].outcome", i);
			bad(&e, f, "outcome must be accepted or overridden");
			goto bad422;
		}
		if ((why != NULL && strcmp(b->outcome, "overridden") != 0) ||
		    (acc != NULL && strcmp(b->outcome, "accepted") != 0)) {
			bad(&e, f, "overrideReason goes with overridden, acceptedSuggestions with accepted");
			goto bad422;
		}
		if (!instant_ok(b->at)) {
			pathf(f, sizeof f, "feedback[%zu].outcomeTimestamp", i);
			bad(&e, f, "outcomeTimestamp must be an RFC 3339 date-time");
			goto bad422;
		}
		rc = store_cds_card_get(r->db, card, &b->card);
		if (rc != STORE_OK && rc != STORE_NOTFOUND) {
			free(fbs);
			return http_db_failure(r, rc);
		}
		if (rc == STORE_NOTFOUND || strcmp(b->card.hook, svc->hook) != 0) {
			pathf(f, sizeof f, "feedback[%zu].card", i);
			bad(&e, f, "no card with this uuid was shown by this service");
			goto bad422;
		}
	}
	if ((rc = http_begin_write(r)) != STORE_OK) {
		free(fbs);
		return http_db_failure(r, rc);
	}
	for (i = 0; i < n && rc == STORE_OK; i++) {
		struct fb *b = &fbs[i];
		rc = store_cds_feedback_insert(r->db, &b->card, b->outcome, b->code, b->comment, b->at, r->now_stamp);
		if (rc == STORE_CONFLICT) {
			repeated++;     /* recorded before: nothing new */
			rc = STORE_OK;
			continue;
		}
		if (rc != STORE_OK)
			break;
		snprintf(detail, sizeof detail, "card %s (%s, %s, %s) %s at %s%s%s%s%s%s%s", b->card.uuid,
		    b->card.rule, b->card.ingredient, b->card.hook, b->outcome, b->at,
		    b->code ? "; reason " : "", b->code ? b->code : "",
		    b->comment ? "; comment: " : "", b->comment ? b->comment : "",
		    b->suggestions[0] ? "; suggestions " : "", b->suggestions);
		rc = http_audit(r, strcmp(b->outcome, "accepted") == 0 ? "cds.accepted" : "cds.overridden",
		    "cds-card", b->card.id, detail);
		recorded++;
	}
	free(fbs);
	if (rc != STORE_OK || (rc = http_commit(r)) != STORE_OK)
		return http_db_failure(r, rc);
	return http_json(r, 200, json_pack("{s:I, s:I}", "recorded", (json_int_t)recorded,
	    "already_recorded", (json_int_t)repeated), NULL);
bad400:
	free(fbs);
	return reply_bad(r, 400, &e);
bad422:
	free(fbs);
	return reply_bad(r, 422, &e);
}
