/* SPDX-License-Identifier: Apache-2.0 */
/*
 * interactions.h - the medication-safety rules.
 *
 * Pure: the knowledge base (rules, ATC prefixes, label limits: schema/003
 * and 005) is handed in at start-up through the ia_add_* builders; a check
 * takes a patient's medications, regimens and renal/iron values and returns
 * findings.  The same function serves the flag queue and CDS Hooks, so the
 * two can never disagree.
 *
 * A finding is keyed (rule, medication, regimen); -1 where not applicable.
 */
#ifndef TITRAD_INTERACTIONS_H
#define TITRAD_INTERACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/formulary.h"
#include "engine/renal.h"
#include "engine/titration.h"

#define IA_RULE_MAX 48
#define IA_DETAIL_MAX 640
#define IA_ADVICE_MAX 160

struct ia_rule {
	char id[IA_RULE_MAX];
	char kind[16];            /* aggravator, ddi, withdrawal, label, renal, ... */
	char severity[12];
	char summary[160];
	char detail[512];
	char source[256];
	/* Added to every dose line of the patient's calendars while a flag of
	 * the rule is live; "" none (schema/009 rule.dose_advice). */
	char dose_advice[IA_ADVICE_MAX];
	/* Raised by an event (a stop, a withdrawal, a check-in: schema/011
	 * rule.event): a recheck of the patient's state never resolves it. */
	bool event;
};

struct ia_label {
	char drug[TITR_DRUG_MAX];
	int32_t max_ug;           /* labelled RLS daily maximum, 0 none */
	int32_t start_max_ug;     /* highest labelled start dose, 0 none */
	int32_t min_interval;     /* fewest nights between labelled steps, 0 none */
	int32_t single_max_ug;    /* largest labelled single dose, 0 none */
	bool off_label;           /* not approved for RLS */
	bool dopamine_agonist;
	bool taper_required;      /* stopping without a taper raises stop.no-taper */
};

struct ia_kb;

struct ia_kb *ia_new(const char *kb_version);
void ia_free(struct ia_kb *kb);
bool ia_add_rule(struct ia_kb *kb, const struct ia_rule *r);
/* titrated: NULL for any patient; else the titrated drug the row clashes with. */
bool ia_add_atc(struct ia_kb *kb, const char *rule_id, const char *prefix, const char *titrated, bool exclude);
bool ia_add_label(struct ia_kb *kb, const struct ia_label *l);
/*
 * A listed ingredient whose ATC code starts with prefix takes the part of
 * the titrated drug in a ddi rule (schema/010 listed_role): gabapentin on
 * the medication list clashes with an opioid as a gabapentin regimen does.
 */
bool ia_add_role(struct ia_kb *kb, const char *prefix, const char *titrated, const char *rule_id);
/*
 * Low iron stores: rule_id is raised when ferritin <= ferritin_max_dng or
 * TSAT < tsat_below_dpct (schema/009 iron_limit).  Without it no iron check.
 */
bool ia_set_iron(struct ia_kb *kb, const char *rule_id, int64_t ferritin_max_dng, int64_t tsat_below_dpct);
void ia_finish(struct ia_kb *kb);
const char *ia_version(const struct ia_kb *kb);
const struct ia_rule *ia_rule(const struct ia_kb *kb, const char *id);

struct ia_med {
	int64_t id;                                   /* -1 for a draft order */
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t ning;
	bool partial;                                 /* name known only partly: formulary.partial */
};

struct ia_regimen {
	int64_t id;                                   /* -1 for a draft order */
	const char *drug;
	const struct titr_regimen *tr;                /* NULL: skip dose-based label checks */
	int32_t start_ug, step_ug, max_ug, interval_days;
	int32_t unit_ug;                              /* the protocol's dose unit; 0: exact caps */
};

struct ia_patient {
	int64_t crcl_dml;         /* -1 unknown */
	bool dialysis;
	int64_t ferritin_dng;     /* -1 unknown */
	int64_t tsat_dpct;        /* -1 unknown */
};

struct ia_finding {
	const struct ia_rule *rule;
	char severity[12];
	int64_t medication_id, regimen_id;
	/* A clash between two listed medications: the other one (the one in
	 * the titrated drug's part); -1 otherwise.  Not part of the key. */
	int64_t other_medication_id;
	char detail[IA_DETAIL_MAX];
};

/* A growable list of findings; zero-initialise, ia_findings_free when done. */
struct ia_findings {
	struct ia_finding *v;
	size_t n, cap;
	bool oom;                 /* an append failed: the list is incomplete */
};
void ia_findings_free(struct ia_findings *fs);

/*
 * Every state-based finding for a patient: aggravators, clashes with the
 * titrated drugs, renal limits, label and guideline deviations, low iron,
 * unrecognised names, appended to out.  False if memory ran out (the list
 * is then incomplete and must not be acted on).
 */
bool ia_check_all(const struct ia_kb *kb, const struct formulary *f,
    const struct renal_band *bands, size_t nbands, const struct ia_patient *p,
    const struct ia_med *meds, size_t nmeds, const struct ia_regimen *regs, size_t nregs,
    struct ia_findings *out);
/* Findings raised by stopping a medication (withdrawal.*) or a regimen (stop.no-taper). */
bool ia_on_medication_stop_all(const struct ia_kb *kb, const struct formulary *f,
    const struct ia_med *med, struct ia_findings *out);
bool ia_on_regimen_stop_all(const struct ia_kb *kb, const struct ia_regimen *reg, bool taper,
    struct ia_findings *out);

/*
 * The same into a fixed array (tests, benchmarks): the count, or
 * IA_TOO_MANY when they do not all fit (nothing is copied then).
 */
#define IA_TOO_MANY ((size_t)-1)
size_t ia_check(const struct ia_kb *kb, const struct formulary *f,
    const struct renal_band *bands, size_t nbands, const struct ia_patient *p,
    const struct ia_med *meds, size_t nmeds, const struct ia_regimen *regs, size_t nregs,
    struct ia_finding *out, size_t cap);

size_t ia_on_medication_stop(const struct ia_kb *kb, const struct formulary *f,
    const struct ia_med *med, struct ia_finding *out, size_t cap);
size_t ia_on_regimen_stop(const struct ia_kb *kb, const struct ia_regimen *reg, bool taper,
    struct ia_finding *out, size_t cap);

/* True if the ATC code matches a rule's prefixes and none of its exclusions. */
bool ia_matches(const struct ia_kb *kb, const struct ia_rule *rule, const char *atc, const char *titrated);

#endif
