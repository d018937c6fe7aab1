/* SPDX-License-Identifier: Apache-2.0 */
/* interactions.c - the medication-safety rules (see interactions.h). */
#include "engine/interactions.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/datetime.h"
#include "base/util.h"

struct ia_atc {
	size_t rule;              /* index into rules */
	char prefix[FM_ATC_MAX];
	char titrated[TITR_DRUG_MAX];   /* "" = any patient */
	bool exclude;
};

/* A listed ingredient that takes the titrated drug's part in one ddi rule. */
struct ia_role {
	char prefix[FM_ATC_MAX];
	char titrated[TITR_DRUG_MAX];
	size_t rule;              /* index into rules */
};

struct ia_kb {
	char version[32];
	struct ia_role *roles;
	size_t nroles, roles_cap;
	struct ia_rule *rules;
	size_t nrules, rules_cap;
	struct ia_atc *atc;
	size_t natc, atc_cap;
	struct ia_label *labels;
	size_t nlabels, labels_cap;
	size_t *atc_first, *atc_count;   /* per rule: its rows of atc[] (sorted by rule) */
	size_t iron_rule;                /* index into rules, SIZE_MAX: no iron check */
	int64_t iron_ferritin_max_dng, iron_tsat_below_dpct;
};

/* Room for element n (the n+1-th). */
static bool
grow(void **arr, size_t *cap, size_t n, size_t size)
{
	return util_grow(arr, cap, n + 1, size, 32);
}

struct ia_kb *
ia_new(const char *kb_version)
{
	struct ia_kb *kb = calloc(1, sizeof *kb);
	if (kb != NULL) {
		util_copy(kb->version, sizeof kb->version, kb_version ? kb_version : "unknown");
		kb->iron_rule = SIZE_MAX;
	}
	return kb;
}

void
ia_free(struct ia_kb *kb)
{
	if (kb == NULL)
		return;
	free(kb->rules);
	free(kb->roles);
	free(kb->atc);
	free(kb->labels);
	free(kb->atc_first);
	free(kb->atc_count);
	free(kb);
}

const char *
ia_version(const struct ia_kb *kb)
{
	return kb->version;
}

bool
ia_add_rule(struct ia_kb *kb, const struct ia_rule *r)
{
	if (!grow((void **)&kb->rules, &kb->rules_cap, kb->nrules, sizeof *kb->rules))
		return false;
	kb->rules[kb->nrules++] = *r;
	return true;
}

static size_t
rule_index(const struct ia_kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->nrules; i++)
		if (strcmp(kb->rules[i].id, id) == 0)
			return i;
	return SIZE_MAX;
}

const struct ia_rule *
ia_rule(const struct ia_kb *kb, const char *id)
{
	size_t i = rule_index(kb, id);
	return i == SIZE_MAX ? NULL : &kb->rules[i];
}

bool
ia_add_atc(struct ia_kb *kb, const char *rule_id, const char *prefix, const char *titrated, bool exclude)
{
	size_t ri = rule_index(kb, rule_id);
	if (ri == SIZE_MAX || !grow((void **)&kb->atc, &kb->atc_cap, kb->natc, sizeof *kb->atc))
		return false;
	struct ia_atc *a = &kb->atc[kb->natc];
	a->rule = ri;
	a->exclude = exclude;
	if (!util_copy(a->prefix, sizeof a->prefix, prefix) ||
	    !util_copy(a->titrated, sizeof a->titrated, titrated ? titrated : ""))
		return false;
	kb->natc++;
	return true;
}

bool
ia_add_role(struct ia_kb *kb, const char *prefix, const char *titrated, const char *rule_id)
{
	size_t ri = rule_index(kb, rule_id);
	if (ri == SIZE_MAX || !grow((void **)&kb->roles, &kb->roles_cap, kb->nroles, sizeof *kb->roles))
		return false;
	struct ia_role *r = &kb->roles[kb->nroles];
	r->rule = ri;
	if (!util_copy(r->prefix, sizeof r->prefix, prefix) ||
	    !util_copy(r->titrated, sizeof r->titrated, titrated))
		return false;
	kb->nroles++;
	return true;
}

bool
ia_set_iron(struct ia_kb *kb, const char *rule_id, int64_t ferritin_max_dng, int64_t tsat_below_dpct)
{
	size_t ri = rule_index(kb, rule_id);
	if (ri == SIZE_MAX)
		return false;
	kb->iron_rule = ri;
	kb->iron_ferritin_max_dng = ferritin_max_dng;
	kb->iron_tsat_below_dpct = tsat_below_dpct;
	return true;
}

bool
ia_add_label(struct ia_kb *kb, const struct ia_label *l)
{
	if (!grow((void **)&kb->labels, &kb->labels_cap, kb->nlabels, sizeof *kb->labels))
		return false;
	kb->labels[kb->nlabels++] = *l;
	return true;
}

static int
cmp_atc_rule(const void *a, const void *b)
{
	const struct ia_atc *x = a, *y = b;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return strcmp(x->prefix, y->prefix);
}

void
ia_finish(struct ia_kb *kb)
{
	/* Group the ATC rows by rule: a check then reads only the rule's own rows. */
	qsort(kb->atc, kb->natc, sizeof *kb->atc, cmp_atc_rule);
	free(kb->atc_first);
	free(kb->atc_count);
	kb->atc_first = calloc(kb->nrules ? kb->nrules : 1, sizeof *kb->atc_first);
	kb->atc_count = calloc(kb->nrules ? kb->nrules : 1, sizeof *kb->atc_count);
	if (kb->atc_first == NULL || kb->atc_count == NULL) {
		free(kb->atc_first);
		free(kb->atc_count);
		kb->atc_first = kb->atc_count = NULL;
		return;
	}
	for (size_t i = kb->natc; i-- > 0;) {
		kb->atc_first[kb->atc[i].rule] = i;
		kb->atc_count[kb->atc[i].rule]++;
	}
}

static const struct ia_label *
label_of(const struct ia_kb *kb, const char *drug)
{
	for (size_t i = 0; i < kb->nlabels; i++)
		if (strcmp(kb->labels[i].drug, drug) == 0)
			return &kb->labels[i];
	return NULL;
}

static bool
prefix_of(const char *prefix, const char *atc)
{
	for (; *prefix != '\0'; prefix++, atc++)
		if (*prefix != *atc)
			return false;
	return true;
}

/* Match one ATC code against rule ri for the titrated drug ("" = list rules). */
static bool
match_rule(const struct ia_kb *kb, size_t ri, const char *atc, const char *titrated)
{
	bool in = false;
	size_t from = 0, to = kb->natc;
	if (kb->atc_first != NULL) {
		from = kb->atc_first[ri];
		to = from + kb->atc_count[ri];
	}
	for (size_t i = from; i < to; i++) {
		const struct ia_atc *a = &kb->atc[i];
		if (a->rule != ri || a->titrated[0] != titrated[0] || !prefix_of(a->prefix, atc) ||
		    strcmp(a->titrated, titrated) != 0)
			continue;
		if (a->exclude)
			return false;
		in = true;
	}
	return in;
}

bool
ia_matches(const struct ia_kb *kb, const struct ia_rule *rule, const char *atc, const char *titrated)
{
	return match_rule(kb, (size_t)(rule - kb->rules), atc, titrated ? titrated : "");
}

/* Every ATC code of a medication's ingredients, gathered once per check. */
struct med_codes {
	size_t n;
	const char *code[FM_MAX_INGREDIENTS * FM_MAX_ATCS];
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS * FM_MAX_ATCS];
};

static void
gather_codes(const struct formulary *f, const struct ia_med *m, struct med_codes *mc)
{
	mc->n = 0;
	for (size_t k = 0; k < m->ning; k++) {
		const char *codes[FM_MAX_ATCS];
		size_t nc = fm_atcs(f, m->ing[k], codes, FM_MAX_ATCS);
		for (size_t c = 0; c < nc && mc->n < FM_MAX_INGREDIENTS * FM_MAX_ATCS; c++) {
			mc->code[mc->n] = codes[c];
			mc->ing[mc->n++] = m->ing[k];
		}
	}
}

/* Does any ATC code of the medication match?  Names the first. */
static const struct fm_ingredient *
codes_match(const struct ia_kb *kb, size_t ri, const struct med_codes *mc, const char *titrated,
    const char **atc_out)
{
	for (size_t c = 0; c < mc->n; c++)
		if (match_rule(kb, ri, mc->code[c], titrated)) {
			*atc_out = mc->code[c];
			return mc->ing[c];
		}
	return NULL;
}

static const struct fm_ingredient *
med_matches(const struct ia_kb *kb, const struct formulary *f, size_t ri, const struct ia_med *m,
    const char *titrated, const char **atc_out)
{
	struct med_codes mc;
	gather_codes(f, m, &mc);
	return codes_match(kb, ri, &mc, titrated, atc_out);
}

/* Details are prose; a very long one is cut, never overflowed. */
static void __attribute__((format(printf, 2, 3)))
set_detail(struct ia_finding *x, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->detail, sizeof x->detail, fmt, ap);
	va_end(ap);
}

/* Append a finding (once per key); NULL for a duplicate or when memory ran out (out->oom). */
static struct ia_finding *
add(struct ia_findings *out, const struct ia_rule *rule, const char *severity, int64_t med, int64_t reg)
{
	if (rule == NULL)
		return NULL;
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].rule == rule && out->v[i].medication_id == med && out->v[i].regimen_id == reg)
			return NULL;
	if (!util_grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v, 16)) {
		out->oom = true;
		return NULL;
	}
	struct ia_finding *x = &out->v[out->n++];
	x->rule = rule;
	x->other_medication_id = -1;
	util_copy(x->severity, sizeof x->severity, severity ? severity : rule->severity);
	x->medication_id = med;
	x->regimen_id = reg;
	x->detail[0] = '\0';
	return x;
}


/* The first planned night above limit_ug; false if none within the plan. */
static bool
first_night_above(const struct titr_regimen *tr, int32_t limit_ug, struct titr_entry *hit)
{
	struct titr_walk w;
	titr_walk_init(&w, tr);
	/* The plan reaches its cap within 28 * (cap / step) nights at most. */
	for (int i = 0; i < 4000 && titr_walk_next(&w, hit); i++)
		if (hit->dose_ug > limit_ug)
			return true;
	return false;
}

/*
 * The label checks.  Steps are judged on the effective interval: the plan's,
 * or the renal bands' longer one (pramipexole at CrCl <= 60 steps every 14
 * days, which is not faster than the label however the plan was written).
 */
static void
label_findings(const struct ia_kb *kb, const struct renal_band *bands, size_t nbands,
    const struct ia_patient *p, const struct ia_regimen *g, struct ia_findings *out)
{
	const struct ia_label *l = label_of(kb, g->drug);
	struct ia_finding *x;
	struct titr_entry e;
	char a[32], b[32], date[DT_DATE_LEN];
	int32_t renal_cap, renal_iv = 0, interval = g->interval_days;

	if (l == NULL)
		return;
	if (nbands > 0)
		renal_limits(bands, nbands, g->drug, g->unit_ug, p->crcl_dml, p->dialysis, &renal_cap, &renal_iv);
	if (renal_iv > interval)
		interval = renal_iv;
	if (l->max_ug > 0 && g->tr != NULL && first_night_above(g->tr, l->max_ug, &e) &&
	    (x = add(out, ia_rule(kb, "label.max-exceeded"), NULL, -1, g->id)) != NULL) {
		titr_mg_text(e.dose_ug, a, sizeof a);
		titr_mg_text(l->max_ug, b, sizeof b);
		dt_format_date(e.date_day, date);
		set_detail(x, "The %s plan first passes the labelled RLS maximum "
		    "of %s/day on night %d (%s), at %s. %s", g->drug, b, (int)e.night, date, a,
		    x->rule->detail);
	}
	bool fast_start = l->start_max_ug > 0 && g->start_ug > l->start_max_ug;
	bool fast_steps = l->min_interval > 0 && interval < l->min_interval;
	if ((fast_start || fast_steps) &&
	    (x = add(out, ia_rule(kb, "label.faster-than-label"), NULL, -1, g->id)) != NULL) {
		titr_mg_text(g->start_ug, a, sizeof a);
		titr_mg_text(l->start_max_ug, b, sizeof b);
		char s1[128] = "", s2[128] = "";
		if (fast_start)
			snprintf(s1, sizeof s1, "starts at %s (label: %s). ", a, b);
		if (fast_steps)
			snprintf(s2, sizeof s2, "steps every %d night(s) (label: at least every %d). ",
			    (int)interval, (int)l->min_interval);
		set_detail(x, "The %s plan %s%s%s", g->drug, s1, s2, x->rule->detail);
	}
	if (l->off_label && (x = add(out, ia_rule(kb, "label.off-label"), NULL, -1, g->id)) != NULL)
		util_copy(x->detail, sizeof x->detail, x->rule->detail);
	if (l->single_max_ug > 0 && g->tr != NULL && first_night_above(g->tr, l->single_max_ug, &e) &&
	    (x = add(out, ia_rule(kb, "label.divided-dose"), NULL, -1, g->id)) != NULL) {
		titr_mg_text(e.dose_ug, a, sizeof a);
		dt_format_date(e.date_day, date);
		set_detail(x, "Night %d (%s) plans a single dose of %s. %s",
		    (int)e.night, date, a, x->rule->detail);
	}
	if (l->dopamine_agonist &&
	    (x = add(out, ia_rule(kb, "guideline.dopamine-agonist"), NULL, -1, g->id)) != NULL)
		util_copy(x->detail, sizeof x->detail, x->rule->detail);
}

static void
renal_findings(const struct ia_kb *kb, const struct renal_band *bands, size_t nbands,
    const struct ia_patient *p, const struct ia_regimen *g, struct ia_findings *out)
{
	for (size_t i = 0; i < nbands; i++) {
		const struct renal_band *b = &bands[i];
		struct ia_finding *x;
		if (b->rule[0] == '\0' || !renal_band_applies(b, g->drug, p->crcl_dml, p->dialysis))
			continue;
		/* A cap or interval band matters only where it changes this plan. */
		if (b->cap_ug > 0 || b->cap_ug_per_dml > 0) {
			int32_t cap_ug, iv;
			renal_limits(b, 1, g->drug, g->unit_ug, p->crcl_dml, p->dialysis, &cap_ug, &iv);
			if (cap_ug == 0 || cap_ug >= g->max_ug)
				continue;
		}
		if (b->flag_if_faster && g->interval_days >= b->min_interval)
			continue;
		x = add(out, ia_rule(kb, b->rule), b->severity[0] ? b->severity : NULL, -1, g->id);
		if (x == NULL)
			continue;
		if (p->crcl_dml >= 0)
			set_detail(x, "CrCl %lld.%lld mL/min%s. %s",
			    (long long)(p->crcl_dml / 10), (long long)(p->crcl_dml % 10),
			    p->dialysis ? ", on haemodialysis" : "", x->rule->detail);
		else
			set_detail(x, "On haemodialysis. %s", x->rule->detail);
	}
}

/* "a, b and c": a medication's ingredient names. */
static void
ing_names(const struct ia_med *m, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t k = 0; k < m->ning && len < cap; k++) {
		const char *sep = k == 0 ? "" : k + 1 == m->ning ? " and " : ", ";
		int w = snprintf(out + len, cap - len, "%s%s", sep, m->ing[k]->name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* Is a regimen of this ingredient running?  Its clashes are the regimen's. */
static bool
has_regimen(const struct formulary *f, const struct fm_ingredient *ing, const struct ia_regimen *regs,
    size_t nregs)
{
	for (size_t g = 0; g < nregs; g++)
		if (fm_by_name(f, regs[g].drug) == ing)
			return true;
	return false;
}

/* The role a listed medication has in rule ri, if any: the titrated drug it stands for. */
static const char *
role_of(const struct ia_kb *kb, size_t ri, const struct med_codes *mc, const struct formulary *f,
    const struct ia_regimen *regs, size_t nregs, const struct fm_ingredient **ing_out)
{
	for (size_t i = 0; i < kb->nroles; i++) {
		if (kb->roles[i].rule != ri)
			continue;
		for (size_t c = 0; c < mc->n; c++)
			if (prefix_of(kb->roles[i].prefix, mc->code[c]) &&
			    !has_regimen(f, mc->ing[c], regs, nregs)) {
				*ing_out = mc->ing[c];
				return kb->roles[i].titrated;
			}
	}
	return NULL;
}

/*
 * The ddi rules between two listed medications, one of which is a drug
 * titrad titrates (gabapentin on the list, no regimen, and an opioid).  The
 * finding is keyed on the partner; a pair where both sides have the role
 * (two dopamine agonists) counts once, on the later medication.
 */
static bool
listed_clashes(const struct ia_kb *kb, const struct formulary *f, const struct ia_med *meds,
    const struct med_codes *mcs, size_t nmeds, const struct ia_regimen *regs, size_t nregs,
    struct ia_findings *out)
{
	for (size_t ri = 0; ri < kb->nrules; ri++) {
		const struct ia_rule *r = &kb->rules[ri];
		if (strcmp(r->kind, "ddi") != 0)
			continue;
		for (size_t a = 0; a < nmeds; a++) {
			const struct fm_ingredient *self, *ing, *back;
			const char *role = role_of(kb, ri, &mcs[a], f, regs, nregs, &self), *atc, *role_b;
			if (role == NULL)
				continue;
			for (size_t b = 0; b < nmeds; b++) {
				struct ia_finding *x;
				if (b == a || (ing = codes_match(kb, ri, &mcs[b], role, &atc)) == NULL)
					continue;
				role_b = role_of(kb, ri, &mcs[b], f, regs, nregs, &back);
				if (role_b != NULL && b < a && codes_match(kb, ri, &mcs[a], role_b, &atc) != NULL)
					continue;
				if ((x = add(out, r, NULL, meds[b].id, -1)) == NULL)
					continue;
				x->other_medication_id = meds[a].id;
				set_detail(x, "%s (%s) with %s, both on the medication list. %s",
				    ing->name, atc, self->name, r->detail);
			}
		}
	}
	return !out->oom;
}

bool
ia_check_all(const struct ia_kb *kb, const struct formulary *f,
    const struct renal_band *bands, size_t nbands, const struct ia_patient *p,
    const struct ia_med *meds, size_t nmeds, const struct ia_regimen *regs, size_t nregs,
    struct ia_findings *out)
{
	struct ia_finding *x;
	const char *atc;
	struct med_codes *mcs = nmeds ? malloc(nmeds * sizeof *mcs) : NULL;

	if (nmeds > 0 && mcs == NULL)
		return false;
	for (size_t m = 0; m < nmeds; m++)
		gather_codes(f, &meds[m], &mcs[m]);
	/* Medications: unrecognised names and RLS aggravators. */
	for (size_t m = 0; m < nmeds; m++) {
		if (meds[m].ning == 0) {
			if ((x = add(out, ia_rule(kb, "formulary.unrecognised"), NULL, meds[m].id, -1)))
				util_copy(x->detail, sizeof x->detail, x->rule->detail);
			continue;
		}
		if (meds[m].partial && (x = add(out, ia_rule(kb, "formulary.partial"), NULL, meds[m].id, -1))) {
			char names[FM_NAME_MAX * FM_MAX_INGREDIENTS];
			ing_names(&meds[m], names, sizeof names);
			set_detail(x, "Recognised only as %s; the rest of the name matched nothing. %s",
			    names, x->rule->detail);
		}
		for (size_t ri = 0; ri < kb->nrules; ri++) {
			const struct ia_rule *r = &kb->rules[ri];
			const struct fm_ingredient *ing;
			if (strcmp(r->kind, "aggravator") != 0)
				continue;
			if ((ing = codes_match(kb, ri, &mcs[m], "", &atc)) == NULL)
				continue;
			if ((x = add(out, r, NULL, meds[m].id, -1)))
				set_detail(x, "%s (%s) is on the medication list. %s",
				    ing->name, atc, r->detail);
		}
	}
	if (!listed_clashes(kb, f, meds, mcs, nmeds, regs, nregs, out)) {
		free(mcs);
		return false;
	}
	/* Regimens: clashes with listed drugs and with the other regimens. */
	for (size_t g = 0; g < nregs; g++) {
		const struct ia_regimen *reg = &regs[g];
		for (size_t ri = 0; ri < kb->nrules; ri++) {
			const struct ia_rule *r = &kb->rules[ri];
			const struct fm_ingredient *ing;
			if (strcmp(r->kind, "ddi") != 0)
				continue;
			for (size_t m = 0; m < nmeds; m++) {
				if ((ing = codes_match(kb, ri, &mcs[m], reg->drug, &atc)) == NULL)
					continue;
				if ((x = add(out, r, NULL, meds[m].id, reg->id)))
					set_detail(x, "%s (%s) with the %s regimen. %s",
					    ing->name, atc, reg->drug, r->detail);
			}
			/* Another regimen counts once, on the later of the pair. */
			for (size_t o = 0; o < nregs; o++) {
				const struct fm_ingredient *other = fm_by_name(f, regs[o].drug);
				struct ia_med pseudo = { .id = -1, .ning = 1 };
				if (o == g || other == NULL || (regs[o].id >= 0 && reg->id >= 0 && regs[o].id > reg->id) ||
				    (reg->id >= 0 && regs[o].id < 0))
					continue;
				/* Two regimens clash only over nights both dose (a stop dated ahead). */
				if (reg->tr != NULL && regs[o].tr != NULL &&
				    (!titr_doses_from(reg->tr, regs[o].tr->start_day) ||
				    !titr_doses_from(regs[o].tr, reg->tr->start_day)))
					continue;
				pseudo.ing[0] = other;
				if ((ing = med_matches(kb, f, ri, &pseudo, reg->drug, &atc)) == NULL)
					continue;
				if ((x = add(out, r, NULL, -1, reg->id)))
					set_detail(x, "Another regimen of %s (%s) runs beside "
					    "the %s regimen. %s", ing->name, atc, reg->drug, r->detail);
			}
		}
		label_findings(kb, bands, nbands, p, reg, out);
		renal_findings(kb, bands, nbands, p, reg, out);
	}
	/* Patient: iron stores, by the thresholds of schema/009 iron_limit. */
	if (kb->iron_rule != SIZE_MAX &&
	    ((p->ferritin_dng >= 0 && p->ferritin_dng <= kb->iron_ferritin_max_dng) ||
	    (p->tsat_dpct >= 0 && p->tsat_dpct < kb->iron_tsat_below_dpct))) {
		if ((x = add(out, &kb->rules[kb->iron_rule], NULL, -1, -1))) {
			char fe[48] = "", ts[48] = "";
			if (p->ferritin_dng >= 0)
				snprintf(fe, sizeof fe, "ferritin %lld.%lld ng/mL; ", (long long)(p->ferritin_dng / 10),
				    (long long)(p->ferritin_dng % 10));
			if (p->tsat_dpct >= 0)
				snprintf(ts, sizeof ts, "TSAT %lld.%lld %%; ", (long long)(p->tsat_dpct / 10),
				    (long long)(p->tsat_dpct % 10));
			set_detail(x, "%s%s%s", fe, ts, x->rule->detail);
		}
	}
	free(mcs);
	return !out->oom;
}

bool
ia_on_medication_stop_all(const struct ia_kb *kb, const struct formulary *f,
    const struct ia_med *med, struct ia_findings *out)
{
	const char *atc;
	for (size_t ri = 0; ri < kb->nrules; ri++) {
		const struct ia_rule *r = &kb->rules[ri];
		const struct fm_ingredient *ing;
		struct ia_finding *x;
		if (strcmp(r->kind, "withdrawal") != 0 || (ing = med_matches(kb, f, ri, med, "", &atc)) == NULL)
			continue;
		if ((x = add(out, r, NULL, med->id, -1)))
			set_detail(x, "%s (%s) was stopped. %s", ing->name, atc, r->detail);
	}
	return !out->oom;
}

bool
ia_on_regimen_stop_all(const struct ia_kb *kb, const struct ia_regimen *reg, bool taper,
    struct ia_findings *out)
{
	struct ia_finding *x;
	const struct ia_label *l = label_of(kb, reg->drug);
	/* Gabapentin and the dopamine agonists are tapered, never stopped abruptly. */
	if (taper || l == NULL || !l->taper_required)
		return true;
	if ((x = add(out, ia_rule(kb, "stop.no-taper"), NULL, -1, reg->id)))
		set_detail(x, "The %s regimen was stopped without a taper. %s",
		    reg->drug, x->rule->detail);
	return !out->oom;
}

void
ia_findings_free(struct ia_findings *fs)
{
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}

/* The fixed-array forms: every finding or IA_TOO_MANY, never a silent prefix. */
static size_t
copy_out(struct ia_findings *fs, bool ok, struct ia_finding *out, size_t cap)
{
	size_t n = fs->n;
	if (!ok || n > cap)
		n = IA_TOO_MANY;
	else if (n > 0)
		memcpy(out, fs->v, n * sizeof *out);
	ia_findings_free(fs);
	return n;
}

size_t
ia_check(const struct ia_kb *kb, const struct formulary *f,
    const struct renal_band *bands, size_t nbands, const struct ia_patient *p,
    const struct ia_med *meds, size_t nmeds, const struct ia_regimen *regs, size_t nregs,
    struct ia_finding *out, size_t cap)
{
	struct ia_findings fs = { 0 };
	bool ok = ia_check_all(kb, f, bands, nbands, p, meds, nmeds, regs, nregs, &fs);
	return copy_out(&fs, ok, out, cap);
}

size_t
ia_on_medication_stop(const struct ia_kb *kb, const struct formulary *f,
    const struct ia_med *med, struct ia_finding *out, size_t cap)
{
	struct ia_findings fs = { 0 };
	bool ok = ia_on_medication_stop_all(kb, f, med, &fs);
	return copy_out(&fs, ok, out, cap);
}

size_t
ia_on_regimen_stop(const struct ia_kb *kb, const struct ia_regimen *reg, bool taper,
    struct ia_finding *out, size_t cap)
{
	struct ia_findings fs = { 0 };
	bool ok = ia_on_regimen_stop_all(kb, reg, taper, &fs);
	return copy_out(&fs, ok, out, cap);
}
