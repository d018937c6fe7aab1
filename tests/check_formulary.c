/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_formulary.c - medication names to ingredients, against the real
 * knowledge base.
 *
 * The formulary is loaded from a freshly migrated temporary database
 * (schema/003_formulary.sql through store_load_formulary), so these tests check
 * the SQL data and the matcher together.  Every expected ATC code and brand
 * is written from the specification (the WHO ATC index, product labels and
 * the RLS/PLMS review), never read back from the data under test; only the last case
 * (every drug_name row resolves by its own name) walks the table itself.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "store/store.h"
#include "engine/formulary.h"
#include "base/log.h"
#include "base/util.h"
#include "testkb.h"
#include "testtmp.h"

static struct testkb K;

/* Once per test case: a migrated database and the formulary it holds. */
static void
setup(void)
{
	testkb_open(&K, TESTKB_FORMULARY);
}

static void
teardown(void)
{
	testkb_close(&K);
}

/* Resolve name; the ingredients go to out, the count is returned. */
static size_t
resolve(const char *name, const struct fm_ingredient **out)
{
	return fm_resolve(K.formulary, name, out, FM_MAX_INGREDIENTS);
}

static bool
has_ingredient(const struct fm_ingredient *const *ing, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ing[i]->name, name) == 0)
			return true;
	return false;
}

/* name resolves to exactly one ingredient called inn. */
static void
assert_resolves_to(const char *name, const char *inn)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t n = resolve(name, ing);
	ck_assert_msg(n == 1, "\"%s\": %zu ingredients (want 1: %s)%s%s", name, n, inn,
	    n > 0 ? ", first " : "", n > 0 ? ing[0]->name : "");
	ck_assert_msg(strcmp(ing[0]->name, inn) == 0, "\"%s\" -> %s (want %s)", name, ing[0]->name, inn);
}

/* name resolves to exactly the ingredients listed (NULL-terminated). */
static void
assert_resolves_to_all(const char *name, const char *const *inns)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t n = resolve(name, ing), want = 0;
	for (; inns[want] != NULL; want++)
		ck_assert_msg(has_ingredient(ing, n, inns[want]), "\"%s\" lacks %s (%zu ingredients)",
		    name, inns[want], n);
	ck_assert_msg(n == want, "\"%s\": %zu ingredients, want %zu", name, n, want);
}

/* ---- class members by INN, with their ATC codes (WHO ATC index) ---- */

struct member {
	const char *inn;
	const char *atc;
};

static const struct member MEMBERS[] = {
	/* SSRIs: all of N06AB */
	{ "zimeldine", "N06AB02" }, { "fluoxetine", "N06AB03" }, { "citalopram", "N06AB04" },
	{ "paroxetine", "N06AB05" }, { "sertraline", "N06AB06" }, { "alaproclate", "N06AB07" },
	{ "fluvoxamine", "N06AB08" }, { "etoperidone", "N06AB09" }, { "escitalopram", "N06AB10" },
	/* SNRIs */
	{ "venlafaxine", "N06AX16" }, { "milnacipran", "N06AX17" }, { "duloxetine", "N06AX21" },
	{ "desvenlafaxine", "N06AX23" }, { "levomilnacipran", "N06AX28" },
	/* TCAs and related: all of N06AA */
	{ "desipramine", "N06AA01" }, { "imipramine", "N06AA02" }, { "imipramine oxide", "N06AA03" },
	{ "clomipramine", "N06AA04" }, { "opipramol", "N06AA05" }, { "trimipramine", "N06AA06" },
	{ "lofepramine", "N06AA07" }, { "dibenzepin", "N06AA08" }, { "amitriptyline", "N06AA09" },
	{ "nortriptyline", "N06AA10" }, { "protriptyline", "N06AA11" }, { "doxepin", "N06AA12" },
	{ "iprindole", "N06AA13" }, { "melitracen", "N06AA14" }, { "butriptyline", "N06AA15" },
	{ "dosulepin", "N06AA16" }, { "amoxapine", "N06AA17" }, { "dimetacrine", "N06AA18" },
	{ "amineptine", "N06AA19" }, { "maprotiline", "N06AA21" }, { "quinupramine", "N06AA23" },
	/* other antidepressants */
	{ "mirtazapine", "N06AX11" }, { "mianserin", "N06AX03" },
	/* lithium */
	{ "lithium", "N05AN01" },
	/* antipsychotics, N05A */
	{ "chlorpromazine", "N05AA01" }, { "levomepromazine", "N05AA02" }, { "fluphenazine", "N05AB02" },
	{ "perphenazine", "N05AB03" }, { "prochlorperazine", "N05AB04" }, { "trifluoperazine", "N05AB06" },
	{ "thioridazine", "N05AC02" }, { "haloperidol", "N05AD01" }, { "droperidol", "N05AD08" },
	{ "lumateperone", "N05AD10" }, { "ziprasidone", "N05AE04" }, { "lurasidone", "N05AE05" },
	{ "flupentixol", "N05AF01" }, { "zuclopenthixol", "N05AF05" }, { "pimozide", "N05AG02" },
	{ "loxapine", "N05AH01" }, { "clozapine", "N05AH02" }, { "olanzapine", "N05AH03" },
	{ "quetiapine", "N05AH04" }, { "asenapine", "N05AH05" }, { "sulpiride", "N05AL01" },
	{ "tiapride", "N05AL03" }, { "amisulpride", "N05AL05" }, { "risperidone", "N05AX08" },
	{ "aripiprazole", "N05AX12" }, { "paliperidone", "N05AX13" }, { "iloperidone", "N05AX14" },
	{ "cariprazine", "N05AX15" }, { "brexpiprazole", "N05AX16" },
	/* dopamine-blocking antiemetics */
	{ "metoclopramide", "A03FA01" }, { "promethazine", "R06AD02" }, { "thiethylperazine", "R06AD03" },
	{ "trimethobenzamide", "R06AA10" }, { "metopimazine", "A04AD05" },
	/* sedating antihistamines */
	{ "diphenhydramine", "R06AA02" }, { "clemastine", "R06AA04" }, { "carbinoxamine", "R06AA08" },
	{ "doxylamine", "R06AA09" }, { "dimenhydrinate", "R06AA11" }, { "brompheniramine", "R06AB01" },
	{ "dexchlorpheniramine", "R06AB02" }, { "chlorphenamine", "R06AB04" }, { "alimemazine", "R06AD01" },
	{ "cyproheptadine", "R06AX02" }, { "cyclizine", "R06AE03" }, { "meclozine", "R06AE05" },
	{ "hydroxyzine", "N05BB01" },
	/* calcium channel blockers, C08 */
	{ "amlodipine", "C08CA01" }, { "felodipine", "C08CA02" }, { "isradipine", "C08CA03" },
	{ "nicardipine", "C08CA04" }, { "nifedipine", "C08CA05" }, { "nimodipine", "C08CA06" },
	{ "nisoldipine", "C08CA07" }, { "lercanidipine", "C08CA13" }, { "verapamil", "C08DA01" },
	{ "diltiazem", "C08DB01" },
	/* levodopa; others reported */
	{ "levodopa", "N04BA01" },
	{ "topiramate", "N03AX11" }, { "tramadol", "N02AX02" }, { "caffeine", "N06BC01" },
	/* opioids: named in s3/s4, and common N02A members (WHO index) */
	{ "methadone", "N07BC02" }, { "buprenorphine", "N07BC01" }, { "codeine", "R05DA04" },
	{ "dihydrocodeine", "N02AA08" }, { "morphine", "N02AA01" }, { "hydromorphone", "N02AA03" },
	{ "oxycodone", "N02AA05" }, { "pethidine", "N02AB02" }, { "fentanyl", "N02AB03" },
	{ "tapentadol", "N02AX06" },
	/* benzodiazepines: N05BA, N05CD, clonazepam */
	{ "diazepam", "N05BA01" }, { "chlordiazepoxide", "N05BA02" }, { "oxazepam", "N05BA04" },
	{ "lorazepam", "N05BA06" }, { "alprazolam", "N05BA12" }, { "nitrazepam", "N05CD02" },
	{ "triazolam", "N05CD05" }, { "temazepam", "N05CD07" }, { "midazolam", "N05CD08" },
	{ "clonazepam", "N03AE01" },
	/* Z-drugs, N05CF */
	{ "zopiclone", "N05CF01" }, { "zolpidem", "N05CF02" }, { "zaleplon", "N05CF03" },
	{ "eszopiclone", "N05CF04" },
	/* barbiturates: N03AA, N05CA */
	{ "phenobarbital", "N03AA02" }, { "primidone", "N03AA03" }, { "pentobarbital", "N05CA01" },
	{ "amobarbital", "N05CA02" }, { "secobarbital", "N05CA06" },
	/* CYP1A2 inhibitors (fluvoxamine above) */
	{ "ciprofloxacin", "J01MA02" }, { "enoxacin", "J01MA04" }, { "cimetidine", "A02BA01" },
	/* oestrogens, G03C */
	{ "ethinylestradiol", "G03CA01" }, { "estradiol", "G03CA03" }, { "estriol", "G03CA04" },
	/* amantadine, dopamine agonists */
	{ "amantadine", "N04BB01" }, { "ropinirole", "N04BC04" }, { "pramipexole", "N04BC05" },
	{ "rotigotine", "N04BC09" },
	/* gabapentinoids: current codes (former ones below) */
	{ "gabapentin", "N02BF01" }, { "pregabalin", "N02BF02" },
	/* explicit exclusions */
	{ "lofexidine", "N07BC04" }, { "domperidone", "A03FA03" }, { "bupropion", "N06AX12" },
	{ "loratadine", "R06AX13" }, { "desloratadine", "R06AX27" }, { "cetirizine", "R06AE07" },
	{ "levocetirizine", "R06AE09" }, { "fexofenadine", "R06AX26" },
	/* antacids (ddi.antacid) */
	{ "aluminium hydroxide", "A02AB01" }, { "magnesium hydroxide", "A02AA04" },
};

START_TEST(test_member_by_inn)
{
	const struct member *m = &MEMBERS[_i];
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t n = resolve(m->inn, ing);

	ck_assert_msg(n == 1, "\"%s\": %zu ingredients", m->inn, n);
	ck_assert_str_eq(ing[0]->name, m->inn);
	ck_assert_msg(strcmp(ing[0]->atc, m->atc) == 0, "%s: ATC %s, want %s", m->inn, ing[0]->atc, m->atc);
	/* and back: the ATC code names this ingredient */
	ck_assert_ptr_eq(fm_by_name(K.formulary, m->inn), ing[0]);
}
END_TEST

/* The ATC code given as the whole name resolves to the ingredient. */
START_TEST(test_member_by_atc)
{
	const struct member *m = &MEMBERS[_i];
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t n = resolve(m->atc, ing);

	ck_assert_msg(n >= 1, "\"%s\": no ingredient", m->atc);
	ck_assert_msg(strcmp(ing[0]->atc, m->atc) == 0, "%s -> %s (%s)", m->atc, ing[0]->name, ing[0]->atc);
}
END_TEST

START_TEST(test_former_atc_codes)
{
	const struct fm_ingredient *g = fm_by_name(K.formulary, "gabapentin");
	const struct fm_ingredient *p = fm_by_name(K.formulary, "pregabalin");
	const struct fm_ingredient *x;
	const char *codes[8];
	size_t n;
	bool seen;

	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_eq(fm_by_atc(K.formulary, "N02BF01"), g);
	ck_assert_ptr_eq(fm_by_atc(K.formulary, "N02BF02"), p);
	ck_assert_ptr_eq(fm_by_atc(K.formulary, "N03AX16"), p);
	ck_assert_ptr_eq(fm_by_atc(K.formulary, "n03ax16"), p);
	/* N03AX12 is gabapentin's former code (WHO ATC index) */
	x = fm_by_atc(K.formulary, "N03AX12");
	ck_assert_msg(x == g, "fm_by_atc(N03AX12) -> %s, want gabapentin", x ? x->name : "NULL");
	n = fm_atcs(K.formulary, g, codes, ARRAY_LEN(codes));
	ck_assert_uint_ge(n, 2);
	ck_assert_str_eq(codes[0], "N02BF01");
	seen = false;
	for (size_t i = 0; i < n; i++)
		seen |= strcmp(codes[i], "N03AX12") == 0;
	ck_assert_msg(seen, "gabapentin lacks its former code N03AX12");
	n = fm_atcs(K.formulary, p, codes, ARRAY_LEN(codes));
	seen = false;
	for (size_t i = 0; i < n; i++)
		seen |= strcmp(codes[i], "N03AX16") == 0;
	ck_assert_msg(seen, "pregabalin lacks its former code N03AX16");
}
END_TEST

/* ---- brands (US and EU product labels) ---- */

struct brand {
	const char *name;
	const char *inn[4];     /* NULL-terminated */
};

static const struct brand BRANDS[] = {
	{ "Zoloft", { "sertraline" } },
	{ "Reglan", { "metoclopramide" } },
	{ "Mirapex", { "pramipexole" } },
	{ "Mirapexin", { "pramipexole" } },
	{ "Sifrol", { "pramipexole" } },
	{ "Requip", { "ropinirole" } },
	{ "Adartrel", { "ropinirole" } },
	{ "Neurontin", { "gabapentin" } },
	{ "Gralise", { "gabapentin" } },
	{ "Horizant", { "gabapentin enacarbil" } },
	{ "Lyrica", { "pregabalin" } },
	{ "Neupro", { "rotigotine" } },
	{ "Sinemet", { "carbidopa", "levodopa" } },
	{ "Rivotril", { "clonazepam" } },
	{ "Klonopin", { "clonazepam" } },
	{ "Prozac", { "fluoxetine" } },
	{ "Paxil", { "paroxetine" } },
	{ "Seroxat", { "paroxetine" } },
	{ "Celexa", { "citalopram" } },
	{ "Lexapro", { "escitalopram" } },
	{ "Cipralex", { "escitalopram" } },
	{ "Effexor", { "venlafaxine" } },
	{ "Cymbalta", { "duloxetine" } },
	{ "Elavil", { "amitriptyline" } },
	{ "Haldol", { "haloperidol" } },
	{ "Zyprexa", { "olanzapine" } },
	{ "Seroquel", { "quetiapine" } },
	{ "Risperdal", { "risperidone" } },
	{ "Abilify", { "aripiprazole" } },
	{ "Phenergan", { "promethazine" } },
	{ "Benadryl", { "diphenhydramine" } },
	{ "Norvasc", { "amlodipine" } },
	{ "Ultram", { "tramadol" } },
	{ "Valium", { "diazepam" } },
	{ "Xanax", { "alprazolam" } },
	{ "Ambien", { "zolpidem" } },
	{ "OxyContin", { "oxycodone" } },
	{ "Tagamet", { "cimetidine" } },
	{ "Cipro", { "ciprofloxacin" } },
	{ "Motilium", { "domperidone" } },
	{ "Wellbutrin", { "bupropion" } },
	{ "Claritin", { "loratadine" } },
	{ "Zyrtec", { "cetirizine" } },
	{ "Allegra", { "fexofenadine" } },
	{ "Symbyax", { "olanzapine", "fluoxetine" } },
};

START_TEST(test_brand)
{
	assert_resolves_to_all(BRANDS[_i].name, BRANDS[_i].inn);
}
END_TEST

/* ---- name forms ---- */

struct form {
	const char *name;
	const char *inn;
};

static const struct form FORMS[] = {
	{ "ZOLOFT", "sertraline" },
	{ "zoloft", "sertraline" },
	{ "ZoLoFt", "sertraline" },
	{ "SERTRALINE", "sertraline" },
	{ "Sertraline HCl 50 mg tablet", "sertraline" },
	{ "sertraline hydrochloride 100mg tabs", "sertraline" },
	{ "  Sertraline   50 mg  ", "sertraline" },
	{ "Lithium carbonate 300 mg capsule", "lithium" },
	{ "Lithium citrate", "lithium" },
	{ "Quetiapine fumarate XR 50 mg", "quetiapine" },
	{ "Requip XL 4 mg", "ropinirole" },
	{ "Mirapex ER 0.375mg", "pramipexole" },
	{ "ropinirole hydrochloride", "ropinirole" },
	{ "Metoclopramide 10 mg/2 mL injection", "metoclopramide" },
	{ "Paroxetine mesylate", "paroxetine" },
	{ "amlodipine besylate 5mg", "amlodipine" },
	{ "Levothyroxine sodium 50 mcg", "levothyroxine" },
	{ "Pramipexole dihydrochloride monohydrate 0.25 mg", "pramipexole" },
	{ "Gabapentin 300 mg capsules", "gabapentin" },
	{ "Horizant 600 mg extended-release tablet", "gabapentin enacarbil" },
	{ "gabapentin enacarbil", "gabapentin enacarbil" },
	{ "Neupro 2 mg/24h patch", "rotigotine" },
	/* salt word that is part of the ingredient's name */
	{ "ferrous sulfate 325 mg", "ferrous sulfate" },
	{ "Ferrous Sulfate", "ferrous sulfate" },
	{ "magnesium carbonate", "magnesium carbonate" },
	{ "magnesium hydroxide", "magnesium hydroxide" },
	{ "aluminium hydroxide", "aluminium hydroxide" },
	{ "aluminum hydroxide", "aluminium hydroxide" },
	/* ATC codes given directly */
	{ "N06AB06", "sertraline" },
	{ "n05ah04", "quetiapine" },
	{ "N04BC05", "pramipexole" },
	/* a name with a brand in brackets */
	{ "Sertraline (Zoloft) 50 mg", "sertraline" },
};

START_TEST(test_name_form)
{
	assert_resolves_to(FORMS[_i].name, FORMS[_i].inn);
}
END_TEST

/* Every salt word in strip_word, appended to "sertraline", still resolves. */
START_TEST(test_every_salt_word)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	int rc, rows = 0;

	ck_assert_int_eq(sqlite3_open_v2(K.path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT word FROM strip_word WHERE kind = 'salt' ORDER BY word",
	    -1, &st, NULL), SQLITE_OK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char name[128];
		snprintf(name, sizeof name, "sertraline %s", (const char *)sqlite3_column_text(st, 0));
		assert_resolves_to(name, "sertraline");
		snprintf(name, sizeof name, "Sertraline %s 50 mg tablet", (const char *)sqlite3_column_text(st, 0));
		assert_resolves_to(name, "sertraline");
		rows++;
	}
	ck_assert_int_eq(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	/* 16 salts besides the release suffixes */
	ck_assert_int_ge(rows, 16);
}
END_TEST

/* The salts the matcher documents are all stripped. */
START_TEST(test_spec_salts)
{
	static const char *const salts[] = {
		"hydrochloride", "HCl", "hydrobromide", "mesylate", "maleate", "fumarate", "succinate",
		"tartrate", "oxalate", "carbonate", "citrate", "sulfate", "sodium", "potassium",
		"besylate", "dihydrochloride", "monohydrate", "ER", "XR", "XL", "CR", "SR",
	};
	for (size_t i = 0; i < ARRAY_LEN(salts); i++) {
		char name[128];
		snprintf(name, sizeof name, "Ropinirole %s 1 mg", salts[i]);
		assert_resolves_to(name, "ropinirole");
	}
}
END_TEST

/* ---- combination products ---- */

struct combo {
	const char *name;
	const char *inn[4];
};

static const struct combo COMBOS[] = {
	{ "carbidopa/levodopa 25/100", { "carbidopa", "levodopa" } },
	{ "Carbidopa/Levodopa", { "carbidopa", "levodopa" } },
	{ "carbidopa / levodopa 25 mg / 100 mg tablet", { "carbidopa", "levodopa" } },
	{ "olanzapine and fluoxetine", { "olanzapine", "fluoxetine" } },
	{ "olanzapine/samidorphan", { "olanzapine", "samidorphan" } },
	{ "Lybalvi 10 mg/10 mg tablet", { "olanzapine", "samidorphan" } },
	{ "levodopa + benserazide", { "levodopa", "benserazide" } },
	{ "levodopa with carbidopa", { "levodopa", "carbidopa" } },
	{ "Sinemet CR 50/200", { "carbidopa", "levodopa" } },
	{ "Symbyax 6 mg/25 mg", { "olanzapine", "fluoxetine" } },
	{ "Maalox", { "aluminium hydroxide", "magnesium hydroxide" } },
	{ "aluminium hydroxide and magnesium hydroxide", { "aluminium hydroxide", "magnesium hydroxide" } },
	{ "Percocet 5/325", { "oxycodone", "paracetamol" } },
	/* hyphenated combination (combination products resolve to every ingredient) */
	{ "Carbidopa-Levodopa", { "carbidopa", "levodopa" } },
	{ "carbidopa-levodopa 25-100 mg", { "carbidopa", "levodopa" } },
};

START_TEST(test_combination)
{
	assert_resolves_to_all(COMBOS[_i].name, COMBOS[_i].inn);
}
END_TEST

/*
 * Every combination brand in drug_name, as a user would type it, with every
 * ingredient its product label lists (the label named in the row's source).
 * test_every_combination_brand fails when a combination row has no entry
 * here, so no brand is left without a test.
 */
static const struct combo BRAND_COMBOS[] = {
	{ "Advil PM", { "ibuprofen", "diphenhydramine" } },
	{ "Aleve PM", { "naproxen", "diphenhydramine" } },
	{ "Caduet 5/10", { "amlodipine", "atorvastatin" } },
	{ "co-beneldopa", { "levodopa", "benserazide" } },
	{ "Co-careldopa 25/100", { "levodopa", "carbidopa" } },
	{ "Co-codamol 30/500", { "codeine", "paracetamol" } },
	{ "co-codaprin", { "codeine", "acetylsalicylic acid" } },
	{ "Co-dydramol 10/500", { "dihydrocodeine", "paracetamol" } },
	{ "co-magaldrox", { "magnesium hydroxide", "aluminium hydroxide" } },
	{ "Deanxit", { "melitracen", "flupentixol" } },
	{ "Dhivy", { "levodopa", "carbidopa" } },
	{ "Duodopa", { "levodopa", "carbidopa" } },
	{ "Duopa", { "levodopa", "carbidopa" } },
	{ "Endocet 5/325", { "oxycodone", "paracetamol" } },
	{ "Excedrin", { "caffeine", "paracetamol", "acetylsalicylic acid" } },
	{ "Excedrin PM", { "diphenhydramine", "paracetamol", "acetylsalicylic acid" } },
	{ "Exforge", { "amlodipine", "valsartan" } },
	{ "Kapake", { "codeine", "paracetamol" } },
	{ "Limbitrol", { "amitriptyline", "chlordiazepoxide" } },
	{ "Lortab", { "hydrocodone", "paracetamol" } },
	{ "Maalox", { "magnesium hydroxide", "aluminium hydroxide" } },
	{ "Madopar 125", { "levodopa", "benserazide" } },
	{ "Motrin PM", { "diphenhydramine", "ibuprofen" } },
	{ "Mylanta", { "magnesium hydroxide", "aluminium hydroxide" } },
	{ "Norco", { "hydrocodone", "paracetamol" } },
	{ "Nurofen Plus", { "codeine", "ibuprofen" } },
	{ "NyQuil", { "doxylamine", "paracetamol", "dextromethorphan" } },
	{ "Panadeine", { "codeine", "paracetamol" } },
	{ "Parcopa", { "levodopa", "carbidopa" } },
	{ "Percocet", { "oxycodone", "paracetamol" } },
	{ "Percodan", { "oxycodone", "acetylsalicylic acid" } },
	{ "Prolopa", { "levodopa", "benserazide" } },
	{ "Roxicet", { "oxycodone", "paracetamol" } },
	{ "Rytary", { "levodopa", "carbidopa" } },
	{ "Sinemet", { "levodopa", "carbidopa" } },
	{ "Solpadeine Plus", { "caffeine", "codeine", "paracetamol" } },
	{ "Solpadol", { "codeine", "paracetamol" } },
	{ "Stalevo 100", { "levodopa", "carbidopa", "entacapone" } },
	{ "Suboxone", { "buprenorphine", "naloxone" } },
	{ "Symbyax", { "fluoxetine", "olanzapine" } },
	{ "Lybalvi", { "olanzapine", "samidorphan" } },
	{ "Targin", { "oxycodone", "naloxone" } },
	{ "Tramacet", { "tramadol", "paracetamol" } },
	{ "Triavil", { "amitriptyline", "perphenazine" } },
	{ "Tuinal", { "amobarbital", "secobarbital" } },
	{ "Tylenol #2", { "caffeine", "codeine", "paracetamol" } },
	{ "Tylenol #3", { "codeine", "paracetamol" } },
	{ "Tylenol #4 tablet", { "codeine", "paracetamol" } },
	{ "Tylenol PM", { "diphenhydramine", "paracetamol" } },
	{ "Tylenol with Codeine", { "codeine", "paracetamol" } },
	{ "Tylex", { "codeine", "paracetamol" } },
	{ "Ultracet", { "tramadol", "paracetamol" } },
	{ "Valoron", { "tilidine", "naloxone" } },
	{ "Vicodin", { "hydrocodone", "paracetamol" } },
	{ "Vicoprofen", { "hydrocodone", "ibuprofen" } },
	{ "Zapain", { "codeine", "paracetamol" } },
	{ "Zubsolv", { "buprenorphine", "naloxone" } },
};

START_TEST(test_combination_brand)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	bool partial = true;

	assert_resolves_to_all(BRAND_COMBOS[_i].name, BRAND_COMBOS[_i].inn);
	fm_resolve_partial(K.formulary, BRAND_COMBOS[_i].name, ing, FM_MAX_INGREDIENTS, &partial);
	ck_assert_msg(!partial, "\"%s\" is a known brand, not a partial match", BRAND_COMBOS[_i].name);
}
END_TEST

/* Every combination row of drug_name has its entry in BRAND_COMBOS. */
START_TEST(test_every_combination_brand)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	int rc, rows = 0, missing = 0;

	ck_assert_int_eq(sqlite3_open_v2(K.path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h,
	    "SELECT DISTINCT name FROM drug_name WHERE kind = 'combination' ORDER BY name", -1, &st, NULL),
	    SQLITE_OK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		bool found = false;
		for (size_t i = 0; i < ARRAY_LEN(BRAND_COMBOS) && !found; i++)
			found = strncasecmp(BRAND_COMBOS[i].name, name, strlen(name)) == 0 &&
			    (BRAND_COMBOS[i].name[strlen(name)] == '\0' || BRAND_COMBOS[i].name[strlen(name)] == ' ');
		if (!found) {
			fprintf(stderr, "combination brand \"%s\" has no test entry\n", name);
			missing++;
		}
		rows++;
	}
	ck_assert_int_eq(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	ck_assert_int_ge(rows, (int)ARRAY_LEN(BRAND_COMBOS));
	ck_assert_msg(missing == 0, "%d combination brands without a test", missing);
}
END_TEST

/* ---- names known only partly (formulary.partial) ---- */

struct partial_case {
	const char *name;
	bool partial;
};

static const struct partial_case PARTIAL[] = {
	{ "Tylenol Plus", true },            /* "plus": an ingredient titrad does not know? */
	{ "Advil Night Caplets", true },
	{ "sertraline + unobtainium", true },
	{ "Tylenol PM", false },
	{ "Zoloft 50 mg tablet", false },
	{ "sertraline hydrochloride", false },
	{ "carbidopa/levodopa 25/100", false },
	{ "Unobtainium 5 mg", false },       /* not known at all: formulary.unrecognised instead */
};

START_TEST(test_partial)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	bool partial = !PARTIAL[_i].partial;
	fm_resolve_partial(K.formulary, PARTIAL[_i].name, ing, FM_MAX_INGREDIENTS, &partial);
	ck_assert_msg(partial == PARTIAL[_i].partial, "\"%s\": partial %d, want %d", PARTIAL[_i].name,
	    partial, PARTIAL[_i].partial);
	ck_assert(fm_is_partial(K.formulary, PARTIAL[_i].name) == PARTIAL[_i].partial);
}
END_TEST

/*
 * More than titrad reads of one name: over is set, and the name counts as
 * known only partly, so the ingredient it did not read is never silently
 * left out of a safety check (the 9th part was merged into the 8th).
 */
static const struct { const char *name; bool over; } OVER[] = {
	{ "sertraline/fluoxetine/citalopram/paroxetine/venlafaxine/duloxetine/mirtazapine/haloperidol", false },
	{ "sertraline/fluoxetine/citalopram/paroxetine/venlafaxine/duloxetine/mirtazapine/amitriptyline/haloperidol",
	  true },
	{ "sertraline and fluoxetine and citalopram and paroxetine and venlafaxine and duloxetine and mirtazapine "
	  "and amitriptyline and haloperidol", true },
	{ "a b c d e f g h i j k l m n o p q r s t u v w x haloperidol", true },   /* 25 words */
	{ "b c d e f g h i j k l m n o p q r s t u v w x haloperidol", false },    /* 24 */
};

START_TEST(test_over)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	bool partial, over = !OVER[_i].over;
	size_t n = fm_resolve_checked(K.formulary, OVER[_i].name, ing, FM_MAX_INGREDIENTS, &partial, &over);
	ck_assert_msg(over == OVER[_i].over, "\"%s\": over %d, want %d", OVER[_i].name, over, OVER[_i].over);
	if (OVER[_i].over) {
		/* Known in part: partial (a flag); not at all (haloperidol was the 25th word): unrecognised. */
		ck_assert_msg(fm_is_partial(K.formulary, OVER[_i].name) == (n > 0), "\"%s\": partial is not %d",
		    OVER[_i].name, n > 0);
	} else {
		ck_assert_msg(n > 0 && ing[n - 1] == fm_by_name(K.formulary, "haloperidol"),
		    "\"%s\": haloperidol not read", OVER[_i].name);
	}
}
END_TEST

/* An ingredient with more ATC codes than fm_atcs gives is refused at load, never cut short. */
START_TEST(test_atc_codes_capped_loudly)
{
	struct formulary *f = fm_new();
	static const char *const alt[] = { "Z01AA01", "Z01AA02", "Z01AA03", "Z01AA04" };
	const char *codes[FM_MAX_ATCS];
	ck_assert_ptr_nonnull(f);
	ck_assert(fm_add_ingredient(f, 1, "testine", "Z01AA00", -1));
	for (size_t i = 0; i + 1 < FM_MAX_ATCS; i++)
		ck_assert(fm_add_alt_atc(f, 1, alt[i]));
	ck_assert(!fm_add_alt_atc(f, 1, alt[FM_MAX_ATCS - 1]));
	fm_finish(f);
	ck_assert_uint_eq(fm_atcs(f, fm_by_id(f, 1), codes, FM_MAX_ATCS), FM_MAX_ATCS);
	fm_free(f);
}
END_TEST

/* ---- unknown and hostile names ---- */

static const char *const UNKNOWN[] = {
	"Unobtainium 5 mg", "", "   ", "50 mg", "mg", "tablet", "hydrochloride", "XR 10 mg tablet",
	"and", "/", "+ + +", "with and with", "Z99ZZ99", "N06AB99",
};

START_TEST(test_unknown)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t n = resolve(UNKNOWN[_i], ing);
	ck_assert_msg(n == 0, "\"%s\": %zu ingredients (first %s)", UNKNOWN[_i], n, n ? ing[0]->name : "");
}
END_TEST

START_TEST(test_garbage_no_crash)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	char big[401];
	size_t n;

	/* 400 bytes of letters: one over-long word */
	memset(big, 'x', 400);
	big[400] = '\0';
	n = resolve(big, ing);
	ck_assert_uint_eq(n, 0);
	/* 400 bytes of many short words and separators */
	for (size_t i = 0; i < 400; i++)
		big[i] = "ab /+,;&-.%9"[i % 12];
	big[400] = '\0';
	n = resolve(big, ing);
	ck_assert_uint_le(n, FM_MAX_INGREDIENTS);
	/* 400 bytes of high-bit bytes */
	for (size_t i = 0; i < 400; i++)
		big[i] = (char)(0x80 + (i % 0x7f));
	big[400] = '\0';
	n = resolve(big, ing);
	ck_assert_uint_eq(n, 0);
	/* a known name buried after 390 bytes of words */
	memset(big, 0, sizeof big);
	for (size_t i = 0; i + 1 < 380; i++)
		big[i] = (i % 4 == 3) ? ' ' : 'q';
	strcat(big, " sertraline");
	n = resolve(big, ing);
	ck_assert_uint_le(n, 1);
	/* more separators than FM_MAX_INGREDIENTS parts */
	n = resolve("sertraline/fluoxetine/citalopram/paroxetine/escitalopram/fluvoxamine/"
	    "venlafaxine/duloxetine/mirtazapine/haloperidol/olanzapine", ing);
	ck_assert_uint_le(n, FM_MAX_INGREDIENTS);
	ck_assert_uint_ge(n, 1);
	/* more ingredients than the caller's room */
	n = fm_resolve(K.formulary, "Sinemet", ing, 1);
	ck_assert_uint_le(n, 1);
}
END_TEST

static const char *const ODD[] = {
	"Zoloft\xc2\xae 50 mg", "sertraline 50 \xc2\xb5g", "Sertraline\t50\nmg", "\"sertraline\"",
	"sertraline;;;", "(((", "---", "...", "%%%", "\xff\xfe\xfd", "s\xc3\xa9rtraline",
	"\xe2\x80\x8bsertraline", "sertraline\xc2", "Requip\xe2\x84\xa2", "!@#$^*()_=[]{}|\\:'<>?`~",
	"5/5/5/5/5/5/5/5/5/5", "a/b/c/d/e/f/g/h/i/j/k/l", "N06AB06/N05AH04/N04BC05",
};

START_TEST(test_odd_names_no_crash)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	size_t n = resolve(ODD[_i], ing);
	ck_assert_uint_le(n, FM_MAX_INGREDIENTS);
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_nonnull(ing[i]);
}
END_TEST

/* µg is a unit: "sertraline 50 µg" still resolves. */
START_TEST(test_utf8_unit)
{
	assert_resolves_to("sertraline 50 \xc2\xb5g", "sertraline");
}
END_TEST

/* ---- the table walks ---- */

/* Every drug_name row: looked up by its own name, resolves to all its ingredients. */
START_TEST(test_every_drug_name)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	int rc, names = 0, bad = 0;

	ck_assert_int_eq(sqlite3_open_v2(K.path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h,
	    "SELECT name, group_concat(ingredient_id), count(*) FROM drug_name GROUP BY name ORDER BY name",
	    -1, &st, NULL), SQLITE_OK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char ids[256];
		int want = sqlite3_column_int(st, 2);
		const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
		size_t n = resolve(name, ing);
		bool ok = (int)n == want;

		snprintf(ids, sizeof ids, ",%s,", (const char *)sqlite3_column_text(st, 1));
		for (size_t i = 0; ok && i < n; i++) {
			char id[32];
			snprintf(id, sizeof id, ",%lld,", (long long)ing[i]->id);
			ok = strstr(ids, id) != NULL;
		}
		if (!ok) {
			fprintf(stderr, "drug_name \"%s\": %zu ingredients%s%s, want %d (ids %s)\n", name, n,
			    n ? ", first " : "", n ? ing[0]->name : "", want, ids);
			bad++;
		}
		names++;
	}
	ck_assert_int_eq(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	ck_assert_int_gt(names, 400);
	ck_assert_msg(bad == 0, "%d of %d drug_name names do not resolve to their ingredients", bad, names);
}
END_TEST

/* Every ingredient row resolves by its own name to itself. */
START_TEST(test_every_ingredient_name)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	int rc, rows = 0, bad = 0;

	ck_assert_int_eq(sqlite3_open_v2(K.path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT id, name, atc FROM ingredient ORDER BY id", -1, &st,
	    NULL), SQLITE_OK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
		size_t n = resolve(name, ing);
		if (n != 1 || ing[0]->id != sqlite3_column_int64(st, 0) ||
		    strcmp(ing[0]->atc, (const char *)sqlite3_column_text(st, 2)) != 0) {
			fprintf(stderr, "ingredient \"%s\": %zu ingredients%s%s\n", name, n,
			    n ? ", first " : "", n ? ing[0]->name : "");
			bad++;
		}
		rows++;
	}
	ck_assert_int_eq(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	ck_assert_int_gt(rows, 200);
	ck_assert_msg(bad == 0, "%d of %d ingredients do not resolve by their own name", bad, rows);
}
END_TEST

static Suite *
formulary_suite(void)
{
	Suite *s = suite_create("formulary");
	TCase *tc;

	tc = tcase_create("members");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_member_by_inn, 0, (int)ARRAY_LEN(MEMBERS));
	tcase_add_loop_test(tc, test_member_by_atc, 0, (int)ARRAY_LEN(MEMBERS));
	tcase_add_test(tc, test_former_atc_codes);
	suite_add_tcase(s, tc);

	tc = tcase_create("brands");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_brand, 0, (int)ARRAY_LEN(BRANDS));
	suite_add_tcase(s, tc);

	tc = tcase_create("forms");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_name_form, 0, (int)ARRAY_LEN(FORMS));
	tcase_add_test(tc, test_every_salt_word);
	tcase_add_test(tc, test_spec_salts);
	tcase_add_loop_test(tc, test_combination, 0, (int)ARRAY_LEN(COMBOS));
	tcase_add_loop_test(tc, test_combination_brand, 0, (int)ARRAY_LEN(BRAND_COMBOS));
	tcase_add_test(tc, test_every_combination_brand);
	tcase_add_loop_test(tc, test_partial, 0, (int)ARRAY_LEN(PARTIAL));
	tcase_add_loop_test(tc, test_over, 0, (int)ARRAY_LEN(OVER));
	tcase_add_test(tc, test_atc_codes_capped_loudly);
	tcase_add_loop_test(tc, test_unknown, 0, (int)ARRAY_LEN(UNKNOWN));
	tcase_add_test(tc, test_garbage_no_crash);
	tcase_add_loop_test(tc, test_odd_names_no_crash, 0, (int)ARRAY_LEN(ODD));
	tcase_add_test(tc, test_utf8_unit);
	suite_add_tcase(s, tc);

	tc = tcase_create("tables");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_drug_name);
	tcase_add_test(tc, test_every_ingredient_name);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return testtmp_main(formulary_suite());
}
