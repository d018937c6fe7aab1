/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_interactions.c - the medication-safety rules, against the real
 * knowledge base.
 *
 * The formulary, the rules and the renal bands are loaded from a freshly
 * migrated temporary database (schema/003, 004 and 005 through
 * store_load_formulary, store_load_kb and store_renal_bands), so these tests check
 * the SQL data and the rule engine together.  Medications are built with
 * fm_resolve from the names a user would type; regimens use the protocol
 * numbers of the default protocols (schema/002_protocols.sql).  Every expected rule id, severity and
 * threshold is written from the labels, FDA, AASM 2024 and the WHO ATC index.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine/datetime.h"
#include "store/store.h"
#include "engine/formulary.h"
#include "engine/interactions.h"
#include "base/log.h"
#include "engine/renal.h"
#include "engine/titration.h"
#include "base/util.h"
#include "testkb.h"
#include "testtmp.h"

#define OUT_CAP 512

static struct testkb K;

/* Once per test case: a migrated database and the knowledge base it holds. */
static void
setup(void)
{
	testkb_open(&K, TESTKB_FORMULARY | TESTKB_RULES);
}

static void
teardown(void)
{
	testkb_close(&K);
}

/* ---- building blocks ---- */

static const struct ia_patient NOBODY = { .crcl_dml = -1, .dialysis = false, .ferritin_dng = -1, .tsat_dpct = -1 };

static struct ia_med
med(const char *name, int64_t id)
{
	struct ia_med m = { .id = id };
	m.ning = fm_resolve(K.formulary, name, m.ing, FM_MAX_INGREDIENTS);
	return m;
}

/* A medication that must be recognised. */
static struct ia_med
known(const char *name, int64_t id)
{
	struct ia_med m = med(name, id);
	ck_assert_msg(m.ning > 0, "test medication \"%s\" not recognised", name);
	return m;
}

/* The default protocols, in micrograms. */
struct proto {
	const char *drug;
	int32_t start_ug, step_ug, max_ug, interval_days;
};
static const struct proto PROTOS[] = {
	{ "pramipexole", 125, 125, 4000, 2 },
	{ "ropinirole", 500, 250, 3000, 1 },
	{ "gabapentin", 300000, 300000, 2700000, 7 },
};

struct reg {
	struct titr_regimen tr;
	struct ia_regimen ia;
};

static int32_t
day_of(const char *s)
{
	int32_t d = 0;
	ck_assert_msg(dt_parse_date(s, &d), "test date %s", s);
	return d;
}

static void
make_custom(struct reg *r, const char *drug, int64_t id, int32_t start, int32_t step, int32_t max,
    int32_t interval)
{
	memset(r, 0, sizeof *r);
	r->tr.start_day = day_of("2026-01-05");
	r->tr.dose_minute = 20 * 60;
	r->tr.start_ug = start;
	r->tr.step_ug = step;
	r->tr.max_ug = max;
	r->tr.interval_days = interval;
	r->tr.events = NULL;
	r->tr.nevents = 0;
	r->ia.id = id;
	r->ia.drug = drug;
	r->ia.tr = &r->tr;
	r->ia.start_ug = start;
	r->ia.step_ug = step;
	r->ia.max_ug = max;
	r->ia.interval_days = interval;
}

/* The default protocol regimen for drug. */
static void
make_reg(struct reg *r, const char *drug, int64_t id)
{
	for (size_t i = 0; i < ARRAY_LEN(PROTOS); i++)
		if (strcmp(PROTOS[i].drug, drug) == 0) {
			make_custom(r, PROTOS[i].drug, id, PROTOS[i].start_ug, PROTOS[i].step_ug,
			    PROTOS[i].max_ug, PROTOS[i].interval_days);
			return;
		}
	ck_abort_msg("no protocol for %s", drug);
}

static struct ia_finding OUT[OUT_CAP];

static size_t
check_all(const struct ia_patient *p, const struct ia_med *meds, size_t nmeds, const struct reg *regs,
    size_t nregs)
{
	struct ia_regimen ir[8];
	ck_assert_uint_le(nregs, ARRAY_LEN(ir));
	for (size_t i = 0; i < nregs; i++)
		ir[i] = regs[i].ia;
	memset(OUT, 0, sizeof OUT);
	size_t n = ia_check(K.kb, K.formulary, K.bands, K.nbands, p, meds, nmeds, ir, nregs, OUT, OUT_CAP);
	ck_assert_uint_le(n, OUT_CAP);
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_nonnull(OUT[i].rule);
	return n;
}

/* The finding of rule id in OUT[0, n), or NULL. */
static const struct ia_finding *
find(size_t n, const char *rule)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(OUT[i].rule->id, rule) == 0)
			return &OUT[i];
	return NULL;
}

static size_t
count(size_t n, const char *rule)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += strcmp(OUT[i].rule->id, rule) == 0;
	return c;
}

static void
dump(size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "  %s %s med %lld reg %lld: %s\n", OUT[i].rule->id, OUT[i].severity,
		    (long long)OUT[i].medication_id, (long long)OUT[i].regimen_id, OUT[i].detail);
}

/* Rule raised with this severity, for this medication and regimen. */
static const struct ia_finding *
expect(size_t n, const char *what, const char *rule, const char *severity, int64_t med_id, int64_t reg_id)
{
	const struct ia_finding *x = find(n, rule);
	if (x == NULL)
		dump(n);
	ck_assert_msg(x != NULL, "%s: %s not raised (%zu findings)", what, rule, n);
	ck_assert_msg(strcmp(x->severity, severity) == 0, "%s: %s severity %s, want %s", what, rule,
	    x->severity, severity);
	ck_assert_msg(x->medication_id == med_id, "%s: %s medication %lld, want %lld", what, rule,
	    (long long)x->medication_id, (long long)med_id);
	ck_assert_msg(x->regimen_id == reg_id, "%s: %s regimen %lld, want %lld", what, rule,
	    (long long)x->regimen_id, (long long)reg_id);
	ck_assert_msg(x->detail[0] != '\0', "%s: %s has no detail", what, rule);
	return x;
}

static void
expect_not(size_t n, const char *what, const char *rule)
{
	const struct ia_finding *x = find(n, rule);
	if (x != NULL)
		dump(n);
	ck_assert_msg(x == NULL, "%s: %s raised (%s)", what, rule, x ? x->detail : "");
}

/* ---- the rule table itself (aggravators, interactions, other flags) ---- */

struct rule_sev {
	const char *id;
	const char *severity;
};

static const struct rule_sev RULES[] = {
	{ "rls-aggravator.ssri", "warning" }, { "rls-aggravator.snri", "warning" },
	{ "rls-aggravator.tca", "warning" }, { "rls-aggravator.nassa", "warning" },
	{ "rls-aggravator.lithium", "warning" }, { "rls-aggravator.antipsychotic", "warning" },
	{ "rls-aggravator.antiemetic", "warning" }, { "rls-aggravator.antihistamine", "warning" },
	{ "rls-aggravator.ccb", "info" }, { "rls-augmentation.levodopa", "warning" },
	{ "rls-aggravator.other", "info" },
	{ "ddi.dopamine-antagonist", "critical" }, { "ddi.duplicate-agonist", "critical" },
	{ "ddi.levodopa", "warning" }, { "ddi.sedation", "warning" }, { "ddi.cyp1a2", "warning" },
	{ "ddi.estrogen", "info" }, { "ddi.renal-cation", "warning" }, { "ddi.opioid-cns", "critical" },
	{ "ddi.cns-depressant", "warning" }, { "ddi.duplicate-gabapentinoid", "critical" },
	{ "ddi.antacid", "info" },
	{ "formulary.unrecognised", "info" }, { "formulary.partial", "info" },
	{ "label.max-exceeded", "warning" },
	{ "label.faster-than-label", "warning" }, { "label.off-label", "info" },
	{ "label.divided-dose", "info" }, { "renal.dialysis", "info" },
	{ "guideline.dopamine-agonist", "info" }, { "iron.low", "info" },
	{ "renal.gabapentin-cap", "warning" }, { "renal.pramipexole-interval", "warning" },
	{ "renal.not-studied", "critical" },
	{ "withdrawal.opioid", "warning" }, { "withdrawal.benzodiazepine", "warning" },
	{ "withdrawal.barbiturate", "warning" }, { "stop.no-taper", "warning" },
};

START_TEST(test_rule_table)
{
	const struct ia_rule *r = ia_rule(K.kb, RULES[_i].id);
	ck_assert_msg(r != NULL, "rule %s missing", RULES[_i].id);
	ck_assert_str_eq(r->severity, RULES[_i].severity);
	ck_assert_msg(r->summary[0] && r->detail[0] && r->source[0], "rule %s lacks text", r->id);
	/* A flag's source is shown to users: it names a label, FDA, AASM, WHO
	 * ATC or the RLS review, never a working file they do not have. */
	ck_assert_msg(strstr(r->source, ".md") == NULL && strstr(r->source, " s1") == NULL &&
	    strstr(r->source, " s4") == NULL, "rule %s cites a file: %s", r->id, r->source);
}
END_TEST

START_TEST(test_kb_version)
{
	ck_assert_ptr_nonnull(ia_version(K.kb));
	ck_assert_str_ne(ia_version(K.kb), "unknown");
	ck_assert_ptr_null(ia_rule(K.kb, "no.such-rule"));
}
END_TEST

/* ---- aggravators ---- */

struct agg {
	const char *name;
	const char *rule;
	const char *severity;
};

/* One representative per class, by brand. */
static const struct agg REPRESENTATIVES[] = {
	{ "Zoloft 50 mg", "rls-aggravator.ssri", "warning" },
	{ "Effexor XR 75 mg", "rls-aggravator.snri", "warning" },
	{ "Elavil 10 mg", "rls-aggravator.tca", "warning" },
	{ "Remeron 15 mg", "rls-aggravator.nassa", "warning" },
	{ "Lithium carbonate 300 mg", "rls-aggravator.lithium", "warning" },
	{ "Haldol 5 mg", "rls-aggravator.antipsychotic", "warning" },
	{ "Reglan 10 mg", "rls-aggravator.antiemetic", "warning" },
	{ "Benadryl 25 mg", "rls-aggravator.antihistamine", "warning" },
	{ "Norvasc 5 mg", "rls-aggravator.ccb", "info" },
	{ "Sinemet 25/100", "rls-augmentation.levodopa", "warning" },
	{ "Topamax 25 mg", "rls-aggravator.other", "info" },
};

/* Every class member titrad lists for a section-3 rule. */
static const struct agg MEMBERS[] = {
	{ "zimeldine", "rls-aggravator.ssri", "warning" }, { "fluoxetine", "rls-aggravator.ssri", "warning" },
	{ "citalopram", "rls-aggravator.ssri", "warning" }, { "paroxetine", "rls-aggravator.ssri", "warning" },
	{ "sertraline", "rls-aggravator.ssri", "warning" }, { "alaproclate", "rls-aggravator.ssri", "warning" },
	{ "fluvoxamine", "rls-aggravator.ssri", "warning" }, { "etoperidone", "rls-aggravator.ssri", "warning" },
	{ "escitalopram", "rls-aggravator.ssri", "warning" },
	{ "venlafaxine", "rls-aggravator.snri", "warning" }, { "milnacipran", "rls-aggravator.snri", "warning" },
	{ "duloxetine", "rls-aggravator.snri", "warning" }, { "desvenlafaxine", "rls-aggravator.snri", "warning" },
	{ "levomilnacipran", "rls-aggravator.snri", "warning" },
	{ "desipramine", "rls-aggravator.tca", "warning" }, { "imipramine", "rls-aggravator.tca", "warning" },
	{ "imipramine oxide", "rls-aggravator.tca", "warning" }, { "clomipramine", "rls-aggravator.tca", "warning" },
	{ "opipramol", "rls-aggravator.tca", "warning" }, { "trimipramine", "rls-aggravator.tca", "warning" },
	{ "lofepramine", "rls-aggravator.tca", "warning" }, { "dibenzepin", "rls-aggravator.tca", "warning" },
	{ "amitriptyline", "rls-aggravator.tca", "warning" }, { "nortriptyline", "rls-aggravator.tca", "warning" },
	{ "protriptyline", "rls-aggravator.tca", "warning" }, { "doxepin", "rls-aggravator.tca", "warning" },
	{ "iprindole", "rls-aggravator.tca", "warning" }, { "melitracen", "rls-aggravator.tca", "warning" },
	{ "butriptyline", "rls-aggravator.tca", "warning" }, { "dosulepin", "rls-aggravator.tca", "warning" },
	{ "amoxapine", "rls-aggravator.tca", "warning" }, { "dimetacrine", "rls-aggravator.tca", "warning" },
	{ "amineptine", "rls-aggravator.tca", "warning" }, { "maprotiline", "rls-aggravator.tca", "warning" },
	{ "quinupramine", "rls-aggravator.tca", "warning" },
	{ "mirtazapine", "rls-aggravator.nassa", "warning" }, { "mianserin", "rls-aggravator.nassa", "warning" },
	{ "lithium", "rls-aggravator.lithium", "warning" }, { "lithium citrate", "rls-aggravator.lithium", "warning" },
	{ "chlorpromazine", "rls-aggravator.antipsychotic", "warning" },
	{ "levomepromazine", "rls-aggravator.antipsychotic", "warning" },
	{ "fluphenazine", "rls-aggravator.antipsychotic", "warning" },
	{ "perphenazine", "rls-aggravator.antipsychotic", "warning" },
	{ "prochlorperazine", "rls-aggravator.antipsychotic", "warning" },
	{ "trifluoperazine", "rls-aggravator.antipsychotic", "warning" },
	{ "thioridazine", "rls-aggravator.antipsychotic", "warning" },
	{ "haloperidol", "rls-aggravator.antipsychotic", "warning" },
	{ "droperidol", "rls-aggravator.antipsychotic", "warning" },
	{ "lumateperone", "rls-aggravator.antipsychotic", "warning" },
	{ "ziprasidone", "rls-aggravator.antipsychotic", "warning" },
	{ "lurasidone", "rls-aggravator.antipsychotic", "warning" },
	{ "flupentixol", "rls-aggravator.antipsychotic", "warning" },
	{ "zuclopenthixol", "rls-aggravator.antipsychotic", "warning" },
	{ "pimozide", "rls-aggravator.antipsychotic", "warning" },
	{ "loxapine", "rls-aggravator.antipsychotic", "warning" },
	{ "clozapine", "rls-aggravator.antipsychotic", "warning" },
	{ "olanzapine", "rls-aggravator.antipsychotic", "warning" },
	{ "quetiapine", "rls-aggravator.antipsychotic", "warning" },
	{ "asenapine", "rls-aggravator.antipsychotic", "warning" },
	{ "sulpiride", "rls-aggravator.antipsychotic", "warning" },
	{ "tiapride", "rls-aggravator.antipsychotic", "warning" },
	{ "amisulpride", "rls-aggravator.antipsychotic", "warning" },
	{ "risperidone", "rls-aggravator.antipsychotic", "warning" },
	{ "aripiprazole", "rls-aggravator.antipsychotic", "warning" },
	{ "paliperidone", "rls-aggravator.antipsychotic", "warning" },
	{ "iloperidone", "rls-aggravator.antipsychotic", "warning" },
	{ "cariprazine", "rls-aggravator.antipsychotic", "warning" },
	{ "brexpiprazole", "rls-aggravator.antipsychotic", "warning" },
	{ "metoclopramide", "rls-aggravator.antiemetic", "warning" },
	{ "promethazine", "rls-aggravator.antiemetic", "warning" },
	{ "thiethylperazine", "rls-aggravator.antiemetic", "warning" },
	{ "trimethobenzamide", "rls-aggravator.antiemetic", "warning" },
	{ "metopimazine", "rls-aggravator.antiemetic", "warning" },
	{ "diphenhydramine", "rls-aggravator.antihistamine", "warning" },
	{ "clemastine", "rls-aggravator.antihistamine", "warning" },
	{ "carbinoxamine", "rls-aggravator.antihistamine", "warning" },
	{ "doxylamine", "rls-aggravator.antihistamine", "warning" },
	{ "dimenhydrinate", "rls-aggravator.antihistamine", "warning" },
	{ "brompheniramine", "rls-aggravator.antihistamine", "warning" },
	{ "dexchlorpheniramine", "rls-aggravator.antihistamine", "warning" },
	{ "chlorphenamine", "rls-aggravator.antihistamine", "warning" },
	{ "alimemazine", "rls-aggravator.antihistamine", "warning" },
	{ "cyproheptadine", "rls-aggravator.antihistamine", "warning" },
	{ "cyclizine", "rls-aggravator.antihistamine", "warning" },
	{ "meclozine", "rls-aggravator.antihistamine", "warning" },
	{ "hydroxyzine", "rls-aggravator.antihistamine", "warning" },
	{ "amlodipine", "rls-aggravator.ccb", "info" }, { "felodipine", "rls-aggravator.ccb", "info" },
	{ "isradipine", "rls-aggravator.ccb", "info" }, { "nicardipine", "rls-aggravator.ccb", "info" },
	{ "nifedipine", "rls-aggravator.ccb", "info" }, { "nimodipine", "rls-aggravator.ccb", "info" },
	{ "nisoldipine", "rls-aggravator.ccb", "info" }, { "lercanidipine", "rls-aggravator.ccb", "info" },
	{ "verapamil", "rls-aggravator.ccb", "info" }, { "diltiazem", "rls-aggravator.ccb", "info" },
	{ "levodopa", "rls-augmentation.levodopa", "warning" },
	{ "levodopa/carbidopa", "rls-augmentation.levodopa", "warning" },
	{ "levodopa/benserazide", "rls-augmentation.levodopa", "warning" },
	{ "Stalevo", "rls-augmentation.levodopa", "warning" },
	{ "topiramate", "rls-aggravator.other", "info" }, { "tramadol", "rls-aggravator.other", "info" },
	{ "caffeine", "rls-aggravator.other", "info" },
};

static void
check_aggravator(const struct agg *a)
{
	struct ia_med m = known(a->name, 7);
	size_t n = check_all(&NOBODY, &m, 1, NULL, 0);
	expect(n, a->name, a->rule, a->severity, 7, -1);
}

START_TEST(test_aggravator_representative)
{
	check_aggravator(&REPRESENTATIVES[_i]);
}
END_TEST

START_TEST(test_aggravator_member)
{
	check_aggravator(&MEMBERS[_i]);
}
END_TEST

/* Explicit exclusions raise nothing, alone or beside any regimen. */
static const char *const EXCLUDED[] = {
	"domperidone", "Motilium 10 mg", "bupropion", "Wellbutrin XL 150 mg", "loratadine", "Claritin",
	"desloratadine", "cetirizine", "Zyrtec 10 mg", "levocetirizine", "fexofenadine", "Allegra 180 mg",
};

START_TEST(test_exclusion)
{
	struct ia_med m = known(EXCLUDED[_i], 3);
	struct reg r[3];
	size_t n = check_all(&NOBODY, &m, 1, NULL, 0);
	if (n != 0)
		dump(n);
	ck_assert_msg(n == 0, "%s: %zu findings", EXCLUDED[_i], n);
	for (size_t i = 0; i < ARRAY_LEN(PROTOS); i++) {
		make_reg(&r[0], PROTOS[i].drug, 1);
		n = check_all(&NOBODY, &m, 1, r, 1);
		for (size_t k = 0; k < n; k++)
			ck_assert_msg(OUT[k].medication_id != 3, "%s with %s: %s", EXCLUDED[_i],
			    PROTOS[i].drug, OUT[k].rule->id);
	}
}
END_TEST

/* Lithium is in N05A but raises only its own rule, never the antipsychotic ones. */
START_TEST(test_lithium_only_own_rule)
{
	struct ia_med m = known("Lithium carbonate 300 mg capsule", 4);
	struct reg r;
	size_t n = check_all(&NOBODY, &m, 1, NULL, 0);
	ck_assert_uint_eq(n, 1);
	expect(n, "lithium", "rls-aggravator.lithium", "warning", 4, -1);
	make_reg(&r, "pramipexole", 1);
	n = check_all(&NOBODY, &m, 1, &r, 1);
	expect_not(n, "lithium + pramipexole", "ddi.dopamine-antagonist");
	expect_not(n, "lithium + pramipexole", "rls-aggravator.antipsychotic");
	make_reg(&r, "ropinirole", 1);
	n = check_all(&NOBODY, &m, 1, &r, 1);
	expect_not(n, "lithium + ropinirole", "ddi.dopamine-antagonist");
}
END_TEST

/* A clean list with no regimen raises nothing. */
START_TEST(test_clean_list)
{
	struct ia_med m[4] = { known("metformin 500 mg", 1), known("Lipitor 20 mg", 2),
		known("omeprazole 20 mg", 3), known("paracetamol 500 mg", 4) };
	size_t n = check_all(&NOBODY, m, 4, NULL, 0);
	if (n)
		dump(n);
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* ---- interactions with the titrated drug ---- */

struct ddi {
	const char *name;
	const char *drug;         /* the regimen */
	const char *rule;
	const char *severity;     /* NULL: must not be raised */
};

static const struct ddi DDIS[] = {
	/* dopamine antagonists */
	{ "haloperidol", "pramipexole", "ddi.dopamine-antagonist", "critical" },
	{ "haloperidol", "ropinirole", "ddi.dopamine-antagonist", "critical" },
	{ "haloperidol", "gabapentin", "ddi.dopamine-antagonist", NULL },
	{ "Reglan 10 mg", "pramipexole", "ddi.dopamine-antagonist", "critical" },
	{ "metoclopramide", "ropinirole", "ddi.dopamine-antagonist", "critical" },
	{ "metoclopramide", "gabapentin", "ddi.dopamine-antagonist", NULL },
	{ "prochlorperazine", "pramipexole", "ddi.dopamine-antagonist", "critical" },
	{ "prochlorperazine", "ropinirole", "ddi.dopamine-antagonist", "critical" },
	{ "prochlorperazine", "gabapentin", "ddi.dopamine-antagonist", NULL },
	{ "promethazine", "pramipexole", "ddi.dopamine-antagonist", "critical" },
	{ "thiethylperazine", "ropinirole", "ddi.dopamine-antagonist", "critical" },
	{ "trimethobenzamide", "pramipexole", "ddi.dopamine-antagonist", "critical" },
	{ "metopimazine", "ropinirole", "ddi.dopamine-antagonist", "critical" },
	{ "droperidol", "pramipexole", "ddi.dopamine-antagonist", "critical" },
	{ "Seroquel XR 50 mg", "ropinirole", "ddi.dopamine-antagonist", "critical" },
	{ "domperidone", "pramipexole", "ddi.dopamine-antagonist", NULL },
	{ "lithium", "ropinirole", "ddi.dopamine-antagonist", NULL },
	/* duplicate agonist */
	{ "Neupro 2 mg/24h patch", "pramipexole", "ddi.duplicate-agonist", "critical" },
	{ "rotigotine", "ropinirole", "ddi.duplicate-agonist", "critical" },
	{ "Mirapex 0.125 mg", "pramipexole", "ddi.duplicate-agonist", "critical" },
	{ "Requip", "pramipexole", "ddi.duplicate-agonist", "critical" },
	{ "cabergoline", "ropinirole", "ddi.duplicate-agonist", "critical" },
	{ "rotigotine", "gabapentin", "ddi.duplicate-agonist", NULL },
	/* levodopa */
	{ "Sinemet 25/100", "pramipexole", "ddi.levodopa", "warning" },
	{ "levodopa", "ropinirole", "ddi.levodopa", "warning" },
	{ "levodopa/benserazide", "ropinirole", "ddi.levodopa", "warning" },
	{ "Sinemet", "gabapentin", "ddi.levodopa", NULL },
	/* sedation with the dopamine agonists */
	{ "zolpidem", "ropinirole", "ddi.sedation", "warning" },
	{ "Ambien 10 mg", "pramipexole", "ddi.sedation", "warning" },
	{ "diazepam", "pramipexole", "ddi.sedation", "warning" },
	{ "clonazepam", "ropinirole", "ddi.sedation", "warning" },
	{ "temazepam", "pramipexole", "ddi.sedation", "warning" },
	{ "phenobarbital", "ropinirole", "ddi.sedation", "warning" },
	{ "diphenhydramine", "pramipexole", "ddi.sedation", "warning" },
	{ "hydroxyzine", "ropinirole", "ddi.sedation", "warning" },
	{ "loratadine", "ropinirole", "ddi.sedation", NULL },
	/* CYP1A2 */
	{ "ciprofloxacin", "ropinirole", "ddi.cyp1a2", "warning" },
	{ "Cipro 500 mg", "ropinirole", "ddi.cyp1a2", "warning" },
	{ "fluvoxamine", "ropinirole", "ddi.cyp1a2", "warning" },
	{ "cimetidine", "ropinirole", "ddi.cyp1a2", "warning" },
	{ "enoxacin", "ropinirole", "ddi.cyp1a2", "warning" },
	{ "ciprofloxacin", "pramipexole", "ddi.cyp1a2", NULL },
	{ "fluvoxamine", "pramipexole", "ddi.cyp1a2", NULL },
	{ "cimetidine", "pramipexole", "ddi.cyp1a2", NULL },
	{ "enoxacin", "pramipexole", "ddi.cyp1a2", NULL },
	{ "ciprofloxacin", "gabapentin", "ddi.cyp1a2", NULL },
	/* oestrogens */
	{ "estradiol", "ropinirole", "ddi.estrogen", "info" },
	{ "ethinylestradiol", "ropinirole", "ddi.estrogen", "info" },
	{ "Premarin", "ropinirole", "ddi.estrogen", "info" },
	{ "estradiol", "pramipexole", "ddi.estrogen", NULL },
	/* renal cation transport */
	{ "cimetidine", "pramipexole", "ddi.renal-cation", "warning" },
	{ "Tagamet", "pramipexole", "ddi.renal-cation", "warning" },
	{ "amantadine", "pramipexole", "ddi.renal-cation", "warning" },
	{ "cimetidine", "ropinirole", "ddi.renal-cation", NULL },
	{ "amantadine", "ropinirole", "ddi.renal-cation", NULL },
	/* opioids with gabapentin */
	{ "oxycodone", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "OxyContin 10 mg", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "methadone", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "buprenorphine", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "codeine", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "dihydrocodeine", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "tramadol", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "morphine", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "fentanyl", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "Co-codamol 30/500", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "Suboxone", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "lofexidine", "gabapentin", "ddi.opioid-cns", NULL },
	{ "oxycodone", "pramipexole", "ddi.opioid-cns", NULL },
	/* CNS depressants with gabapentin */
	{ "diazepam", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "Valium 5 mg", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "zolpidem", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "phenobarbital", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "diphenhydramine", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "clonazepam", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "alprazolam", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "midazolam", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "pentobarbital", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "eszopiclone", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "chlorphenamine", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "hydroxyzine", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "cetirizine", "gabapentin", "ddi.cns-depressant", NULL },
	{ "diazepam", "ropinirole", "ddi.cns-depressant", NULL },
	/* duplicate gabapentinoid */
	{ "pregabalin", "gabapentin", "ddi.duplicate-gabapentinoid", "critical" },
	{ "Lyrica 75 mg", "gabapentin", "ddi.duplicate-gabapentinoid", "critical" },
	{ "gabapentin enacarbil", "gabapentin", "ddi.duplicate-gabapentinoid", "critical" },
	{ "Horizant 600 mg", "gabapentin", "ddi.duplicate-gabapentinoid", "critical" },
	{ "Neurontin 300 mg", "gabapentin", "ddi.duplicate-gabapentinoid", "critical" },
	{ "pregabalin", "pramipexole", "ddi.duplicate-gabapentinoid", NULL },
	/* antacids */
	{ "Maalox", "gabapentin", "ddi.antacid", "info" },
	{ "aluminium hydroxide", "gabapentin", "ddi.antacid", "info" },
	{ "magnesium hydroxide", "gabapentin", "ddi.antacid", "info" },
	{ "magnesium carbonate", "gabapentin", "ddi.antacid", "info" },
	{ "Maalox", "ropinirole", "ddi.antacid", NULL },
};

START_TEST(test_ddi)
{
	const struct ddi *d = &DDIS[_i];
	char what[160];
	struct ia_med m = known(d->name, 11);
	struct reg r;
	size_t n;

	snprintf(what, sizeof what, "%s with %s", d->name, d->drug);
	make_reg(&r, d->drug, 21);
	n = check_all(&NOBODY, &m, 1, &r, 1);
	if (d->severity != NULL) {
		const struct ia_finding *x = expect(n, what, d->rule, d->severity, 11, 21);
		ck_assert_msg(strstr(x->detail, d->drug) != NULL, "%s: detail does not name %s: %s", what,
		    d->drug, x->detail);
		ck_assert_uint_eq(count(n, d->rule), 1);
	} else {
		expect_not(n, what, d->rule);
	}
}
END_TEST

/*
 * The same pairs with the titrated drug on the medication list and no
 * regimen: the rule is raised (or not) just the same, for the pair.  Two
 * drugs that both have the role (two agonists) count once, on either.
 */
/* d->name and d->drug both on the list, no regimen: d->rule raised (or not), for the pair. */
static void
check_listed(const struct ddi *d)
{
	char what[160];
	struct ia_med m[2] = { known(d->name, 11), known(d->drug, 12) };
	size_t n;

	snprintf(what, sizeof what, "%s with %s on the list", d->name, d->drug);
	n = check_all(&NOBODY, m, 2, NULL, 0);
	if (d->severity == NULL) {
		expect_not(n, what, d->rule);
		return;
	}
	const struct ia_finding *x = find(n, d->rule);
	if (x == NULL)
		dump(n);
	ck_assert_msg(x != NULL, "%s: %s not raised", what, d->rule);
	ck_assert_str_eq(x->severity, d->severity);
	ck_assert_msg(x->medication_id == 11 || x->medication_id == 12, "%s: medication %lld", what,
	    (long long)x->medication_id);
	ck_assert_int_eq(x->regimen_id, -1);
	ck_assert_msg(strstr(x->detail, "both on the medication list") != NULL, "%s: %s", what, x->detail);
	ck_assert_uint_eq(count(n, d->rule), 1);
	/* The finding goes when either medication goes. */
	ck_assert(find(check_all(&NOBODY, &m[0], 1, NULL, 0), d->rule) == NULL);
	ck_assert(find(check_all(&NOBODY, &m[1], 1, NULL, 0), d->rule) == NULL);
}

START_TEST(test_ddi_listed)
{
	check_listed(&DDIS[_i]);
}
END_TEST

/* Pregabalin and gabapentin enacarbil on the list take gabapentin's part. */
static const struct ddi LISTED_GABAPENTINOIDS[] = {
	{ "codeine", "pregabalin", "ddi.opioid-cns", "critical" },
	{ "Lyrica 75 mg", "oxycodone", "ddi.opioid-cns", "critical" },
	{ "Horizant 600 mg", "methadone", "ddi.opioid-cns", "critical" },
	{ "Tylenol #3", "Neurontin 300 mg", "ddi.opioid-cns", "critical" },
	{ "co-codamol 30/500", "gabapentin", "ddi.opioid-cns", "critical" },
	{ "pregabalin", "diazepam", "ddi.cns-depressant", "warning" },
	{ "Tylenol PM", "gabapentin", "ddi.cns-depressant", "warning" },
	{ "pregabalin", "gabapentin", "ddi.duplicate-gabapentinoid", "critical" },
	{ "Neupro 2 mg/24h", "haloperidol", "ddi.dopamine-antagonist", "critical" },
	{ "Neupro", "Requip", "ddi.duplicate-agonist", "critical" },
	{ "Mirapex", "Requip XL", "ddi.duplicate-agonist", "critical" },
	{ "Advil PM", "ropinirole", "ddi.sedation", "warning" },
	{ "Excedrin PM", "pramipexole", "ddi.sedation", "warning" },
	{ "pregabalin", "Maalox", "ddi.antacid", NULL },
	{ "Sinemet", "metoclopramide", "ddi.dopamine-antagonist", NULL },
	{ "Lyrica", "lofexidine", "ddi.opioid-cns", NULL },
};

START_TEST(test_ddi_listed_more)
{
	check_listed(&LISTED_GABAPENTINOIDS[_i]);
}
END_TEST

/* A regimen of the listed drug: its clash is the regimen's, raised once. */
START_TEST(test_ddi_listed_and_regimen)
{
	struct ia_med m[2] = { known("haloperidol", 11), known("pramipexole", 12) };
	struct reg r;
	size_t n;

	make_reg(&r, "pramipexole", 21);
	n = check_all(&NOBODY, m, 2, &r, 1);
	expect(n, "haloperidol, pramipexole listed and as regimen", "ddi.dopamine-antagonist", "critical",
	    11, 21);
	ck_assert_uint_eq(count(n, "ddi.dopamine-antagonist"), 1);
}
END_TEST

/* A name known only partly raises formulary.partial (info) naming what was known. */
START_TEST(test_formulary_partial)
{
	struct ia_med m = known("Tylenol Plus", 11);
	size_t n;

	m.partial = fm_is_partial(K.formulary, "Tylenol Plus");
	ck_assert(m.partial);
	n = check_all(&NOBODY, &m, 1, NULL, 0);
	const struct ia_finding *x = expect(n, "Tylenol Plus", "formulary.partial", "info", 11, -1);
	ck_assert_msg(strstr(x->detail, "paracetamol") != NULL, "%s", x->detail);
	m = known("Tylenol PM", 12);
	m.partial = fm_is_partial(K.formulary, "Tylenol PM");
	n = check_all(&NOBODY, &m, 1, NULL, 0);
	expect_not(n, "Tylenol PM", "formulary.partial");
	expect(n, "Tylenol PM", "rls-aggravator.antihistamine", "warning", 12, -1);
}
END_TEST

/* Every N05A member and dopamine-blocking antiemetic clashes with both agonists. */
static const char *const ANTAGONISTS[] = {
	"chlorpromazine", "levomepromazine", "fluphenazine", "perphenazine", "prochlorperazine",
	"trifluoperazine", "thioridazine", "haloperidol", "droperidol", "lumateperone", "ziprasidone",
	"lurasidone", "flupentixol", "zuclopenthixol", "pimozide", "loxapine", "clozapine", "olanzapine",
	"quetiapine", "asenapine", "sulpiride", "tiapride", "amisulpride", "risperidone", "aripiprazole",
	"paliperidone", "iloperidone", "cariprazine", "brexpiprazole",
	"metoclopramide", "promethazine", "thiethylperazine", "trimethobenzamide", "metopimazine",
};

START_TEST(test_every_antagonist)
{
	static const char *const agonists[] = { "pramipexole", "ropinirole", "gabapentin" };
	struct ia_med m = known(ANTAGONISTS[_i], 5);
	struct reg r;
	for (size_t i = 0; i < ARRAY_LEN(agonists); i++) {
		char what[128];
		size_t n;
		snprintf(what, sizeof what, "%s with %s", ANTAGONISTS[_i], agonists[i]);
		make_reg(&r, agonists[i], 9);
		n = check_all(&NOBODY, &m, 1, &r, 1);
		if (i < 2)
			expect(n, what, "ddi.dopamine-antagonist", "critical", 5, 9);
		else
			expect_not(n, what, "ddi.dopamine-antagonist");
	}
}
END_TEST

/* Two regimens, pramipexole and ropinirole: one duplicate-agonist finding, on the later. */
START_TEST(test_two_agonist_regimens)
{
	struct reg r[2];
	size_t n;

	make_reg(&r[0], "pramipexole", 1);
	make_reg(&r[1], "ropinirole", 2);
	n = check_all(&NOBODY, NULL, 0, r, 2);
	expect(n, "pramipexole + ropinirole regimens", "ddi.duplicate-agonist", "critical", -1, 2);
	ck_assert_uint_eq(count(n, "ddi.duplicate-agonist"), 1);
	/* order of the array does not matter */
	make_reg(&r[0], "ropinirole", 2);
	make_reg(&r[1], "pramipexole", 1);
	n = check_all(&NOBODY, NULL, 0, r, 2);
	expect(n, "ropinirole + pramipexole regimens", "ddi.duplicate-agonist", "critical", -1, 2);
	ck_assert_uint_eq(count(n, "ddi.duplicate-agonist"), 1);
	/* a draft order beside a stored regimen */
	make_reg(&r[0], "pramipexole", 1);
	make_reg(&r[1], "ropinirole", -1);
	n = check_all(&NOBODY, NULL, 0, r, 2);
	expect(n, "stored pramipexole + draft ropinirole", "ddi.duplicate-agonist", "critical", -1, -1);
	ck_assert_uint_eq(count(n, "ddi.duplicate-agonist"), 1);
	/* a second regimen of the same drug */
	make_reg(&r[0], "pramipexole", 1);
	make_reg(&r[1], "pramipexole", 2);
	n = check_all(&NOBODY, NULL, 0, r, 2);
	expect(n, "two pramipexole regimens", "ddi.duplicate-agonist", "critical", -1, 2);
	/* a dopamine agonist and gabapentin: no clash */
	make_reg(&r[0], "pramipexole", 1);
	make_reg(&r[1], "gabapentin", 2);
	n = check_all(&NOBODY, NULL, 0, r, 2);
	expect_not(n, "pramipexole + gabapentin regimens", "ddi.duplicate-agonist");
	expect_not(n, "pramipexole + gabapentin regimens", "ddi.duplicate-gabapentinoid");
}
END_TEST

START_TEST(test_two_gabapentin_regimens)
{
	struct reg r[2];
	size_t n;
	make_reg(&r[0], "gabapentin", 1);
	make_reg(&r[1], "gabapentin", 2);
	n = check_all(&NOBODY, NULL, 0, r, 2);
	expect(n, "two gabapentin regimens", "ddi.duplicate-gabapentinoid", "critical", -1, 2);
	ck_assert_uint_eq(count(n, "ddi.duplicate-gabapentinoid"), 1);
}
END_TEST

/* A combination product names the matching ingredient in the detail. */
START_TEST(test_combination_detail)
{
	struct ia_med m = known("Percocet 5/325", 8);
	struct reg r;
	size_t n;
	const struct ia_finding *x;
	make_reg(&r, "gabapentin", 3);
	n = check_all(&NOBODY, &m, 1, &r, 1);
	x = expect(n, "Percocet with gabapentin", "ddi.opioid-cns", "critical", 8, 3);
	ck_assert_msg(strstr(x->detail, "oxycodone") != NULL, "detail: %s", x->detail);
}
END_TEST

/* ---- label and guideline rules ---- */

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, nl) == 0)
			return true;
	return false;
}

START_TEST(test_label_pramipexole_default)
{
	struct reg r;
	size_t n;
	const struct ia_finding *x;

	make_reg(&r, "pramipexole", 4);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	x = expect(n, "pramipexole default", "label.max-exceeded", "warning", -1, 4);
	/* nights 7 and 8 give 0.5 mg, night 9 is the first at 0.625 mg */
	ck_assert_msg(contains_ci(x->detail, "night 9"), "detail: %s", x->detail);
	ck_assert_msg(strstr(x->detail, "0.625 mg") != NULL, "detail: %s", x->detail);
	ck_assert_msg(strstr(x->detail, "2026-01-13") != NULL, "detail: %s", x->detail);
	expect(n, "pramipexole default", "label.faster-than-label", "warning", -1, 4);
	expect(n, "pramipexole default", "guideline.dopamine-agonist", "info", -1, 4);
	expect_not(n, "pramipexole default", "label.off-label");
	expect_not(n, "pramipexole default", "label.divided-dose");
	expect_not(n, "pramipexole default", "stop.no-taper");
	ck_assert_uint_eq(n, 3);
}
END_TEST

/*
 * Steps are judged on the effective interval: at CrCl 40 the renal band
 * slows pramipexole to 14-day steps, slower than the label's 4 days, so
 * the 2-night protocol is no longer "faster than the label"; the renal
 * interval flag says why the plan is slower.  Ropinirole has no such band.
 */
START_TEST(test_label_faster_effective_interval)
{
	struct ia_patient p = NOBODY;
	struct reg r;
	size_t n;

	make_reg(&r, "pramipexole", 4);
	p.crcl_dml = 400;
	n = check_all(&p, NULL, 0, &r, 1);
	expect_not(n, "pramipexole at CrCl 40", "label.faster-than-label");
	expect(n, "pramipexole at CrCl 40", "renal.pramipexole-interval", "warning", -1, 4);
	p.crcl_dml = 900;
	n = check_all(&p, NULL, 0, &r, 1);
	expect(n, "pramipexole at CrCl 90", "label.faster-than-label", "warning", -1, 4);
	make_reg(&r, "ropinirole", 6);
	p.crcl_dml = 400;
	n = check_all(&p, NULL, 0, &r, 1);
	expect(n, "ropinirole at CrCl 40", "label.faster-than-label", "warning", -1, 6);
}
END_TEST

START_TEST(test_label_pramipexole_labelled_pace)
{
	struct reg r;
	size_t n;
	/* 0.125 -> 0.25 -> 0.5 mg, steps every 4 nights (Sifrol PI): within the label */
	make_custom(&r, "pramipexole", 4, 125, 125, 500, 4);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect_not(n, "pramipexole labelled", "label.max-exceeded");
	expect_not(n, "pramipexole labelled", "label.faster-than-label");
	expect(n, "pramipexole labelled", "guideline.dopamine-agonist", "info", -1, 4);
	/* steps every 3 nights are faster than the label */
	make_custom(&r, "pramipexole", 4, 125, 125, 500, 3);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect(n, "pramipexole every 3 nights", "label.faster-than-label", "warning", -1, 4);
	/* 0.75 mg cap passes the US 0.5 mg maximum on the first night above it */
	make_custom(&r, "pramipexole", 4, 125, 125, 750, 7);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect(n, "pramipexole 0.75 mg", "label.max-exceeded", "warning", -1, 4);
	ck_assert_msg(contains_ci(find(n, "label.max-exceeded")->detail, "night 29"), "detail: %s",
	    find(n, "label.max-exceeded")->detail);
}
END_TEST

START_TEST(test_label_ropinirole)
{
	struct reg r;
	size_t n;
	const struct ia_finding *x;

	make_reg(&r, "ropinirole", 6);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	x = expect(n, "ropinirole default", "label.faster-than-label", "warning", -1, 6);
	ck_assert_msg(strstr(x->detail, "0.5 mg") != NULL, "detail: %s", x->detail);
	ck_assert_msg(strstr(x->detail, "0.25 mg") != NULL, "detail: %s", x->detail);
	expect(n, "ropinirole default", "guideline.dopamine-agonist", "info", -1, 6);
	/* cap 3 mg never passes the 4 mg maximum */
	expect_not(n, "ropinirole default", "label.max-exceeded");
	expect_not(n, "ropinirole default", "label.off-label");
	expect_not(n, "ropinirole default", "label.divided-dose");
	/* the label's own pace: start 0.25 mg, weekly steps */
	make_custom(&r, "ropinirole", 6, 250, 250, 3000, 7);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect_not(n, "ropinirole labelled", "label.faster-than-label");
	/* start 0.25 mg but daily steps: faster */
	make_custom(&r, "ropinirole", 6, 250, 250, 3000, 1);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect(n, "ropinirole daily steps", "label.faster-than-label", "warning", -1, 6);
	/* start 0.5 mg but weekly steps: faster start */
	make_custom(&r, "ropinirole", 6, 500, 250, 3000, 7);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect(n, "ropinirole start 0.5", "label.faster-than-label", "warning", -1, 6);
	/* exactly 4 mg is the maximum, not above it */
	make_custom(&r, "ropinirole", 6, 250, 250, 4000, 7);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect_not(n, "ropinirole to 4 mg", "label.max-exceeded");
	/* 4.5 mg is above it */
	make_custom(&r, "ropinirole", 6, 500, 250, 4500, 1);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	x = expect(n, "ropinirole to 4.5 mg", "label.max-exceeded", "warning", -1, 6);
	/* night n = 0.5 + (n - 1) * 0.25 mg: 4.25 mg first on night 16 */
	ck_assert_msg(contains_ci(x->detail, "night 16"), "detail: %s", x->detail);
	ck_assert_msg(strstr(x->detail, "4.25 mg") != NULL, "detail: %s", x->detail);
}
END_TEST

START_TEST(test_label_gabapentin)
{
	struct reg r;
	size_t n;
	const struct ia_finding *x;

	make_reg(&r, "gabapentin", 8);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect(n, "gabapentin default", "label.off-label", "info", -1, 8);
	x = expect(n, "gabapentin default", "label.divided-dose", "info", -1, 8);
	/* 300 mg steps every 7 nights: 1500 mg first on night 29 */
	ck_assert_msg(contains_ci(x->detail, "night 29"), "detail: %s", x->detail);
	ck_assert_msg(strstr(x->detail, "1500 mg") != NULL, "detail: %s", x->detail);
	expect_not(n, "gabapentin default", "guideline.dopamine-agonist");
	expect_not(n, "gabapentin default", "label.max-exceeded");
	expect_not(n, "gabapentin default", "label.faster-than-label");
	ck_assert_uint_eq(n, 2);
	/* capped at 1200 mg: never a single dose above 1200 mg */
	make_custom(&r, "gabapentin", 8, 300000, 300000, 1200000, 7);
	n = check_all(&NOBODY, NULL, 0, &r, 1);
	expect_not(n, "gabapentin 1200 mg", "label.divided-dose");
	expect(n, "gabapentin 1200 mg", "label.off-label", "info", -1, 8);
}
END_TEST

/* ---- renal bands ---- */

struct renal_case {
	const char *drug;
	int64_t crcl_dml;
	bool dialysis;
	const char *rule;
	const char *severity;     /* NULL: must not be raised */
};

static const struct renal_case RENAL[] = {
	{ "gabapentin", 400, false, "renal.gabapentin-cap", "warning" },
	{ "gabapentin", 700, false, "renal.gabapentin-cap", NULL },
	{ "gabapentin", 600, false, "renal.gabapentin-cap", NULL },
	{ "gabapentin", 599, false, "renal.gabapentin-cap", "warning" },
	{ "gabapentin", 300, false, "renal.gabapentin-cap", "warning" },
	{ "gabapentin", 150, false, "renal.gabapentin-cap", "warning" },
	{ "gabapentin", 50, false, "renal.gabapentin-cap", "warning" },
	{ "gabapentin", 700, false, "renal.dialysis", NULL },
	{ "gabapentin", -1, true, "renal.dialysis", "info" },
	{ "gabapentin", 100, true, "renal.dialysis", "info" },
	{ "gabapentin", 700, true, "renal.dialysis", "info" },
	{ "gabapentin", 100, true, "renal.gabapentin-cap", "warning" },
	{ "pramipexole", 500, false, "renal.pramipexole-interval", "warning" },
	{ "pramipexole", 500, false, "renal.not-studied", NULL },
	{ "pramipexole", 600, false, "renal.pramipexole-interval", "warning" },
	{ "pramipexole", 601, false, "renal.pramipexole-interval", NULL },
	{ "pramipexole", 200, false, "renal.not-studied", NULL },
	{ "pramipexole", 199, false, "renal.not-studied", "critical" },
	{ "pramipexole", 150, false, "renal.pramipexole-interval", "warning" },
	{ "pramipexole", 150, false, "renal.not-studied", "critical" },
	{ "pramipexole", 100, true, "renal.not-studied", "critical" },
	{ "pramipexole", 700, true, "renal.dialysis", NULL },
	{ "ropinirole", 250, false, "renal.not-studied", "warning" },
	{ "ropinirole", 299, false, "renal.not-studied", "warning" },
	{ "ropinirole", 300, false, "renal.not-studied", NULL },
	{ "ropinirole", 100, true, "renal.not-studied", NULL },
	{ "ropinirole", 100, true, "renal.dialysis", NULL },
	{ "gabapentin", -1, false, "renal.gabapentin-cap", NULL },
	{ "pramipexole", -1, false, "renal.pramipexole-interval", NULL },
	{ "pramipexole", -1, false, "renal.not-studied", NULL },
	{ "ropinirole", -1, false, "renal.not-studied", NULL },
};

START_TEST(test_renal_flag)
{
	const struct renal_case *c = &RENAL[_i];
	struct ia_patient p = NOBODY;
	struct reg r;
	char what[128];
	size_t n;

	p.crcl_dml = c->crcl_dml;
	p.dialysis = c->dialysis;
	snprintf(what, sizeof what, "%s CrCl %lld%s", c->drug, (long long)c->crcl_dml,
	    c->dialysis ? " on dialysis" : "");
	make_reg(&r, c->drug, 12);
	n = check_all(&p, NULL, 0, &r, 1);
	if (c->severity != NULL) {
		expect(n, what, c->rule, c->severity, -1, 12);
		ck_assert_uint_eq(count(n, c->rule), 1);
	} else {
		expect_not(n, what, c->rule);
	}
}
END_TEST

/* No CrCl and no dialysis: no renal finding for any drug. */
START_TEST(test_renal_unknown)
{
	struct reg r[3];
	size_t n;
	make_reg(&r[0], "pramipexole", 1);
	make_reg(&r[1], "ropinirole", 2);
	make_reg(&r[2], "gabapentin", 3);
	n = check_all(&NOBODY, NULL, 0, r, 3);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(strncmp(OUT[i].rule->id, "renal.", 6) != 0, "%s raised", OUT[i].rule->id);
}
END_TEST

/* Pramipexole already stepping every 14 days or slower: no interval flag. */
START_TEST(test_renal_pramipexole_slow_plan)
{
	struct ia_patient p = NOBODY;
	struct reg r;
	size_t n;
	p.crcl_dml = 500;
	make_custom(&r, "pramipexole", 5, 125, 125, 500, 14);
	n = check_all(&p, NULL, 0, &r, 1);
	expect_not(n, "pramipexole every 14 nights, CrCl 50", "renal.pramipexole-interval");
}
END_TEST

/* The limits the bands give (renal_limits over the loaded bands). */
struct limit_case {
	const char *drug;
	int32_t unit_ug;
	int64_t crcl_dml;
	bool dialysis;
	int32_t cap_ug;           /* 0: none below the protocol cap */
	int32_t min_interval;
};

static const struct limit_case LIMITS[] = {
	{ "gabapentin", 100000, 700, false, 3600000, 0 },
	{ "gabapentin", 100000, 600, false, 3600000, 0 },
	{ "gabapentin", 100000, 599, false, 1400000, 0 },
	{ "gabapentin", 100000, 400, false, 1400000, 0 },
	{ "gabapentin", 100000, 301, false, 1400000, 0 },
	{ "gabapentin", 100000, 300, false, 700000, 0 },
	{ "gabapentin", 100000, 151, false, 700000, 0 },
	{ "gabapentin", 100000, 150, false, 300000, 0 },
	{ "gabapentin", 100000, 100, false, 200000, 0 },
	{ "gabapentin", 100000, 74, false, 100000, 0 },
	{ "gabapentin", 100000, 10, false, 100000, 0 },
	{ "gabapentin", 100000, 100, true, 200000, 0 },
	{ "pramipexole", 125, 700, false, 0, 0 },
	{ "pramipexole", 125, 600, false, 0, 14 },
	{ "pramipexole", 125, 150, false, 0, 14 },
	{ "ropinirole", 250, 250, false, 0, 0 },
	{ "ropinirole", 250, 700, false, 0, 0 },
	/* haemodialysis: cap 3 mg/day */
	{ "ropinirole", 250, 100, true, 3000, 0 },
	{ "ropinirole", 250, -1, true, 3000, 0 },
};

START_TEST(test_renal_limits)
{
	const struct limit_case *c = &LIMITS[_i];
	int32_t cap = -1, iv = -1;
	renal_limits(K.bands, K.nbands, c->drug, c->unit_ug, c->crcl_dml, c->dialysis, &cap, &iv);
	ck_assert_msg(cap == c->cap_ug, "%s CrCl %lld%s: cap %d ug, want %d ug", c->drug,
	    (long long)c->crcl_dml, c->dialysis ? " dialysis" : "", (int)cap, (int)c->cap_ug);
	ck_assert_int_eq(iv, c->min_interval);
}
END_TEST

/* ---- iron ---- */

struct iron_case {
	int64_t ferritin_dng, tsat_dpct;
	bool raised;
};

static const struct iron_case IRON[] = {
	{ 750, -1, true }, { 751, -1, false }, { 100, -1, true }, { 0, -1, true },
	{ -1, 199, true }, { -1, 200, false }, { -1, 0, true },
	{ 751, 199, true }, { 750, 200, true }, { 751, 200, false }, { -1, -1, false },
	{ 2000, 450, false },
};

START_TEST(test_iron)
{
	const struct iron_case *c = &IRON[_i];
	struct ia_patient p = NOBODY;
	char what[96];
	size_t n;

	p.ferritin_dng = c->ferritin_dng;
	p.tsat_dpct = c->tsat_dpct;
	snprintf(what, sizeof what, "ferritin %lld dng, TSAT %lld dpct", (long long)c->ferritin_dng,
	    (long long)c->tsat_dpct);
	n = check_all(&p, NULL, 0, NULL, 0);
	if (c->raised) {
		expect(n, what, "iron.low", "info", -1, -1);
		ck_assert_uint_eq(n, 1);
	} else {
		ck_assert_msg(n == 0, "%s: %zu findings", what, n);
	}
}
END_TEST

START_TEST(test_iron_detail)
{
	struct ia_patient p = NOBODY;
	const struct ia_finding *x;
	size_t n;
	p.ferritin_dng = 750;
	p.tsat_dpct = 199;
	n = check_all(&p, NULL, 0, NULL, 0);
	x = expect(n, "iron", "iron.low", "info", -1, -1);
	ck_assert_msg(strstr(x->detail, "75.0") != NULL, "detail: %s", x->detail);
	ck_assert_msg(strstr(x->detail, "19.9") != NULL, "detail: %s", x->detail);
}
END_TEST

/* ---- unrecognised names ---- */

START_TEST(test_unrecognised)
{
	struct ia_med m[2] = { med("Unobtainium 5 mg", 31), known("sertraline", 32) };
	struct reg r;
	size_t n;
	ck_assert_uint_eq(m[0].ning, 0);
	n = check_all(&NOBODY, m, 2, NULL, 0);
	expect(n, "unknown name", "formulary.unrecognised", "info", 31, -1);
	ck_assert_uint_eq(count(n, "formulary.unrecognised"), 1);
	expect(n, "sertraline beside it", "rls-aggravator.ssri", "warning", 32, -1);
	/* a regimen does not turn an unknown name into a clash */
	make_reg(&r, "gabapentin", 1);
	n = check_all(&NOBODY, m, 1, &r, 1);
	expect(n, "unknown name", "formulary.unrecognised", "info", 31, -1);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(OUT[i].medication_id != 31 || strcmp(OUT[i].rule->id, "formulary.unrecognised") == 0,
		    "%s on an unknown name", OUT[i].rule->id);
}
END_TEST

/* ---- stopping (withdrawal, stop.no-taper) ---- */

struct stop_case {
	const char *name;
	const char *rule;         /* NULL: nothing raised */
};

static const struct stop_case STOPS[] = {
	{ "oxycodone", "withdrawal.opioid" },
	{ "OxyContin 20 mg", "withdrawal.opioid" },
	{ "morphine", "withdrawal.opioid" },
	{ "methadone", "withdrawal.opioid" },
	{ "buprenorphine", "withdrawal.opioid" },
	{ "codeine", "withdrawal.opioid" },
	{ "dihydrocodeine", "withdrawal.opioid" },
	{ "tramadol", "withdrawal.opioid" },
	{ "fentanyl", "withdrawal.opioid" },
	{ "diazepam", "withdrawal.benzodiazepine" },
	{ "clonazepam", "withdrawal.benzodiazepine" },
	{ "Klonopin 0.5 mg", "withdrawal.benzodiazepine" },
	{ "lorazepam", "withdrawal.benzodiazepine" },
	{ "temazepam", "withdrawal.benzodiazepine" },
	{ "phenobarbital", "withdrawal.barbiturate" },
	{ "primidone", "withdrawal.barbiturate" },
	{ "pentobarbital", "withdrawal.barbiturate" },
	/* complete classes: all of N03AA, N05CA, N05CF, N07BC */
	{ "barbital", "withdrawal.barbiturate" },
	{ "butobarbital", "withdrawal.barbiturate" },
	{ "methylphenobarbital", "withdrawal.barbiturate" },
	{ "Mebaral", "withdrawal.barbiturate" },
	{ "secobarbital", "withdrawal.barbiturate" },
	{ "zolpidem", "withdrawal.benzodiazepine" },
	{ "zopiclone", "withdrawal.benzodiazepine" },
	{ "levomethadone", "withdrawal.opioid" },
	{ "diamorphine", "withdrawal.opioid" },
	{ "sertraline", NULL },
	{ "lofexidine", NULL },
	{ "gabapentin", NULL },
	{ "pramipexole", NULL },
	{ "amlodipine", NULL },
};

START_TEST(test_medication_stop)
{
	const struct stop_case *c = &STOPS[_i];
	struct ia_med m = known(c->name, 41);
	struct ia_finding out[16];
	size_t n = ia_on_medication_stop(K.kb, K.formulary, &m, out, ARRAY_LEN(out));

	if (c->rule == NULL) {
		ck_assert_msg(n == 0, "stopping %s: %zu findings, first %s", c->name, n,
		    n ? out[0].rule->id : "");
		return;
	}
	ck_assert_msg(n == 1, "stopping %s: %zu findings", c->name, n);
	ck_assert_str_ne(out[0].rule->source, "");
	ck_assert_str_eq(out[0].rule->id, c->rule);
	ck_assert_str_eq(out[0].severity, "warning");
	ck_assert_int_eq(out[0].medication_id, 41);
	ck_assert_int_eq(out[0].regimen_id, -1);
	ck_assert(out[0].detail[0] != '\0');
}
END_TEST

START_TEST(test_regimen_stop)
{
	static const char *const drugs[] = { "pramipexole", "ropinirole", "gabapentin" };
	for (size_t i = 0; i < ARRAY_LEN(drugs); i++) {
		struct reg r;
		struct ia_finding out[4];
		size_t n;
		make_reg(&r, drugs[i], 51);
		n = ia_on_regimen_stop(K.kb, &r.ia, false, out, ARRAY_LEN(out));
		ck_assert_msg(n == 1, "%s stopped without taper: %zu findings", drugs[i], n);
		ck_assert_str_eq(out[0].rule->id, "stop.no-taper");
		ck_assert_str_eq(out[0].severity, "warning");
		ck_assert_int_eq(out[0].regimen_id, 51);
		ck_assert_int_eq(out[0].medication_id, -1);
		ck_assert_msg(strstr(out[0].detail, drugs[i]) != NULL, "detail: %s", out[0].detail);
		n = ia_on_regimen_stop(K.kb, &r.ia, true, out, ARRAY_LEN(out));
		ck_assert_msg(n == 0, "%s tapered: %zu findings", drugs[i], n);
	}
}
END_TEST

/* ---- a long list against three regimens ---- */

static const char *const LONG_LIST[30] = {
	"Zoloft 50 mg", "Effexor XR 75 mg", "amitriptyline 10 mg", "mirtazapine 15 mg",
	"Lithium carbonate 300 mg", "Haldol 5 mg", "Reglan 10 mg", "Benadryl 25 mg", "Norvasc 5 mg",
	"Sinemet 25/100", "Topamax 25 mg", "OxyContin 10 mg", "Valium 5 mg", "Ambien 10 mg",
	"phenobarbital 30 mg", "Cipro 500 mg", "estradiol 1 mg", "Tagamet 400 mg", "amantadine 100 mg",
	"Lyrica 75 mg", "Maalox", "Neupro 2 mg/24h", "metformin 500 mg", "Lipitor 20 mg",
	"ferrous sulfate 325 mg", "Unobtainium 5 mg", "Motilium 10 mg", "Claritin 10 mg",
	"codeine 30 mg", "Horizant 600 mg",
};

START_TEST(test_long_list)
{
	struct ia_med m[30];
	struct reg r[3];
	struct ia_patient p = { .crcl_dml = 150, .dialysis = false, .ferritin_dng = 500, .tsat_dpct = 150 };
	size_t n;

	for (size_t i = 0; i < ARRAY_LEN(LONG_LIST); i++)
		m[i] = med(LONG_LIST[i], (int64_t)i + 100);
	make_reg(&r[0], "pramipexole", 1);
	make_reg(&r[1], "ropinirole", 2);
	make_reg(&r[2], "gabapentin", 3);
	n = check_all(&p, m, ARRAY_LEN(m), r, 3);
	ck_assert_uint_gt(n, 40);
	/* one of each family, spot-checked */
	expect(n, "long list", "formulary.unrecognised", "info", 125, -1);
	ck_assert(find(n, "ddi.dopamine-antagonist") != NULL);
	ck_assert(find(n, "ddi.duplicate-agonist") != NULL);
	ck_assert(find(n, "ddi.opioid-cns") != NULL);
	ck_assert(find(n, "ddi.duplicate-gabapentinoid") != NULL);
	ck_assert(find(n, "ddi.antacid") != NULL);
	ck_assert(find(n, "ddi.cyp1a2") != NULL);
	ck_assert(find(n, "ddi.renal-cation") != NULL);
	ck_assert(find(n, "renal.not-studied") != NULL);
	ck_assert(find(n, "renal.gabapentin-cap") != NULL);
	ck_assert(find(n, "iron.low") != NULL);
	/* findings are unique per (rule, medication, regimen) */
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			ck_assert_msg(!(OUT[i].rule == OUT[k].rule && OUT[i].medication_id == OUT[k].medication_id &&
			    OUT[i].regimen_id == OUT[k].regimen_id), "duplicate %s", OUT[i].rule->id);
	/* a fixed array too small is refused whole, never filled with a prefix */
	{
		struct ia_regimen ir[3] = { r[0].ia, r[1].ia, r[2].ia };
		struct ia_finding few[5];
		struct ia_findings all = { 0 };
		size_t k = ia_check(K.kb, K.formulary, K.bands, K.nbands, &p, m, ARRAY_LEN(m), ir, 3, few, ARRAY_LEN(few));
		ck_assert_uint_eq(k, IA_TOO_MANY);
		/* the growable form holds every finding the fixed form found */
		ck_assert(ia_check_all(K.kb, K.formulary, K.bands, K.nbands, &p, m, ARRAY_LEN(m), ir, 3, &all));
		ck_assert_uint_eq(all.n, n);
		for (size_t i = 0; i < n; i++)
			ck_assert_ptr_eq(all.v[i].rule, OUT[i].rule);
		ia_findings_free(&all);
	}
}
END_TEST

static Suite *
interactions_suite(void)
{
	Suite *s = suite_create("interactions");
	TCase *tc;

	tc = tcase_create("kb");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_rule_table, 0, (int)ARRAY_LEN(RULES));
	tcase_add_test(tc, test_kb_version);
	suite_add_tcase(s, tc);

	tc = tcase_create("aggravators");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_aggravator_representative, 0, (int)ARRAY_LEN(REPRESENTATIVES));
	tcase_add_loop_test(tc, test_aggravator_member, 0, (int)ARRAY_LEN(MEMBERS));
	tcase_add_loop_test(tc, test_exclusion, 0, (int)ARRAY_LEN(EXCLUDED));
	tcase_add_test(tc, test_lithium_only_own_rule);
	tcase_add_test(tc, test_clean_list);
	suite_add_tcase(s, tc);

	tc = tcase_create("ddi");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_ddi, 0, (int)ARRAY_LEN(DDIS));
	tcase_add_loop_test(tc, test_ddi_listed, 0, (int)ARRAY_LEN(DDIS));
	tcase_add_loop_test(tc, test_ddi_listed_more, 0, (int)ARRAY_LEN(LISTED_GABAPENTINOIDS));
	tcase_add_test(tc, test_ddi_listed_and_regimen);
	tcase_add_test(tc, test_formulary_partial);
	tcase_add_loop_test(tc, test_every_antagonist, 0, (int)ARRAY_LEN(ANTAGONISTS));
	tcase_add_test(tc, test_two_agonist_regimens);
	tcase_add_test(tc, test_two_gabapentin_regimens);
	tcase_add_test(tc, test_combination_detail);
	suite_add_tcase(s, tc);

	tc = tcase_create("label");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_label_pramipexole_default);
	tcase_add_test(tc, test_label_pramipexole_labelled_pace);
	tcase_add_test(tc, test_label_faster_effective_interval);
	tcase_add_test(tc, test_label_ropinirole);
	tcase_add_test(tc, test_label_gabapentin);
	suite_add_tcase(s, tc);

	tc = tcase_create("renal");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_renal_flag, 0, (int)ARRAY_LEN(RENAL));
	tcase_add_test(tc, test_renal_unknown);
	tcase_add_test(tc, test_renal_pramipexole_slow_plan);
	tcase_add_loop_test(tc, test_renal_limits, 0, (int)ARRAY_LEN(LIMITS));
	suite_add_tcase(s, tc);

	tc = tcase_create("patient");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_iron, 0, (int)ARRAY_LEN(IRON));
	tcase_add_test(tc, test_iron_detail);
	tcase_add_test(tc, test_unrecognised);
	suite_add_tcase(s, tc);

	tc = tcase_create("stop");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_medication_stop, 0, (int)ARRAY_LEN(STOPS));
	tcase_add_test(tc, test_regimen_stop);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_long_list);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return testtmp_main(interactions_suite());
}
