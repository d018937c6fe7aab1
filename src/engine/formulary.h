/* SPDX-License-Identifier: Apache-2.0 */
/*
 * formulary.h - medication names to ingredients (and their ATC codes).
 *
 * Pure: the tables (schema/003_formulary.sql) are handed in through the
 * fm_add_* builders at start-up, then fm_finish() sorts them for binary
 * search; lookups never touch the database.
 *
 * Matching ("Sertraline HCl 50 mg tablet" -> sertraline): lower-case;
 * tokens with digits (strengths), dose forms, units and release words are
 * dropped; the phrase is looked up with salt words kept (ferrous sulfate,
 * magnesium carbonate) and then stripped; then split at '/', '+', ',',
 * "and", "with" into a combination; then the longest known run of words
 * (brand with a manufacturer prefix); an ATC code given directly resolves
 * too.  Nothing matched: no ingredients, and the caller raises a flag.
 */
#ifndef TITRAD_FORMULARY_H
#define TITRAD_FORMULARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FM_NAME_MAX 64
#define FM_ATC_MAX 8
#define FM_MAX_INGREDIENTS 8     /* per medication */
#define FM_MAX_WORDS 24          /* per part of a name; more: fm_resolve_checked's *over */
#define FM_MAX_ATCS 4            /* per ingredient, the current one first; more: the load fails */

struct fm_ingredient {
	int64_t id;
	char name[FM_NAME_MAX];
	char atc[FM_ATC_MAX];
	int64_t rxnorm;              /* -1 unknown */
};

struct formulary;

struct formulary *fm_new(void);
void fm_free(struct formulary *f);
bool fm_add_ingredient(struct formulary *f, int64_t id, const char *name, const char *atc, int64_t rxnorm);
bool fm_add_alt_atc(struct formulary *f, int64_t ingredient_id, const char *atc);
bool fm_add_name(struct formulary *f, const char *name, int64_t ingredient_id);
/* kind: "salt", "release", "form" or "unit" */
bool fm_add_strip(struct formulary *f, const char *word, const char *kind);
void fm_finish(struct formulary *f);

/* Resolve a medication name; returns the number of ingredients (0 if unknown). */
size_t fm_resolve(const struct formulary *f, const char *text, const struct fm_ingredient **out, size_t cap);
/*
 * The same; *partial is set when the name is known only partly: a known
 * ingredient or brand next to a word or part that matched nothing ("Advil
 * PM", "sertraline + xyz").  Such a name may hide an ingredient.
 */
size_t fm_resolve_partial(const struct formulary *f, const char *text, const struct fm_ingredient **out,
    size_t cap, bool *partial);
/*
 * The same; *over is set when the name holds more than titrad reads of one
 * name (FM_MAX_INGREDIENTS parts or ingredients, FM_MAX_WORDS a part): what it
 * did not read may hide an ingredient, so a caller refuses such a name
 * (fm_resolve_partial counts it as known only partly).
 */
size_t fm_resolve_checked(const struct formulary *f, const char *text, const struct fm_ingredient **out,
    size_t cap, bool *partial, bool *over);
/* True if the name resolves, but only partly (fm_resolve_partial). */
bool fm_is_partial(const struct formulary *f, const char *text);
const struct fm_ingredient *fm_by_id(const struct formulary *f, int64_t id);
const struct fm_ingredient *fm_by_name(const struct formulary *f, const char *name);
/* By ATC code (current or alternative) or RxNorm ingredient code. */
const struct fm_ingredient *fm_by_atc(const struct formulary *f, const char *atc);
const struct fm_ingredient *fm_by_rxnorm(const struct formulary *f, int64_t rxnorm);
/* Every ATC code an ingredient is known by (current first); returns count. */
size_t fm_atcs(const struct formulary *f, const struct fm_ingredient *ing, const char **out, size_t cap);

#endif
