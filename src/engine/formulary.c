/* SPDX-License-Identifier: Apache-2.0 */
/* formulary.c - name matching (see formulary.h for the rules). */
#include "engine/formulary.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct fm_name { char name[FM_NAME_MAX]; int64_t ingredient_id; };
struct fm_alt { char atc[FM_ATC_MAX]; int64_t ingredient_id; };
struct fm_strip { char word[32]; bool salt; };

struct formulary {
	struct fm_ingredient *ing;   /* sorted by id */
	size_t ning, ing_cap;
	const struct fm_ingredient **by_name; /* sorted by name */
	struct fm_name *names;       /* sorted by name */
	size_t nnames, names_cap;
	struct fm_alt *alt;          /* sorted by atc */
	size_t nalt, alt_cap;
	struct fm_strip *strip;      /* sorted by word */
	size_t nstrip, strip_cap;
};

/* Grow an array by doubling; false on allocation failure. */
/* Room for element n (the n+1-th). */
static bool
grow(void **arr, size_t *cap, size_t n, size_t size)
{
	return util_grow(arr, cap, n + 1, size, 64);
}

struct formulary *
fm_new(void)
{
	return calloc(1, sizeof(struct formulary));
}

void
fm_free(struct formulary *f)
{
	if (f == NULL)
		return;
	free(f->ing);
	free(f->by_name);
	free(f->names);
	free(f->alt);
	free(f->strip);
	free(f);
}

bool
fm_add_ingredient(struct formulary *f, int64_t id, const char *name, const char *atc, int64_t rxnorm)
{
	if (!grow((void **)&f->ing, &f->ing_cap, f->ning, sizeof *f->ing))
		return false;
	struct fm_ingredient *i = &f->ing[f->ning];
	i->id = id;
	i->rxnorm = rxnorm;
	if (!util_copy(i->name, sizeof i->name, name) || !util_copy(i->atc, sizeof i->atc, atc))
		return false;
	f->ning++;
	return true;
}

bool
fm_add_alt_atc(struct formulary *f, int64_t ingredient_id, const char *atc)
{
	size_t had = 1;         /* the current code */
	for (size_t i = 0; i < f->nalt; i++)
		had += f->alt[i].ingredient_id == ingredient_id;
	if (had >= FM_MAX_ATCS)
		return false;   /* fm_atcs could not give them all: refused, never dropped */
	if (!grow((void **)&f->alt, &f->alt_cap, f->nalt, sizeof *f->alt))
		return false;
	f->alt[f->nalt].ingredient_id = ingredient_id;
	if (!util_copy(f->alt[f->nalt].atc, FM_ATC_MAX, atc))
		return false;
	f->nalt++;
	return true;
}

bool
fm_add_name(struct formulary *f, const char *name, int64_t ingredient_id)
{
	if (!grow((void **)&f->names, &f->names_cap, f->nnames, sizeof *f->names))
		return false;
	f->names[f->nnames].ingredient_id = ingredient_id;
	if (!util_copy(f->names[f->nnames].name, FM_NAME_MAX, name))
		return false;
	f->nnames++;
	return true;
}

bool
fm_add_strip(struct formulary *f, const char *word, const char *kind)
{
	if (!grow((void **)&f->strip, &f->strip_cap, f->nstrip, sizeof *f->strip))
		return false;
	f->strip[f->nstrip].salt = strcmp(kind, "salt") == 0;
	if (!util_copy(f->strip[f->nstrip].word, sizeof f->strip[0].word, word))
		return false;
	f->nstrip++;
	return true;
}

static int
cmp_ing_id(const void *a, const void *b)
{
	const struct fm_ingredient *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_ing_name(const void *a, const void *b)
{
	return strcmp((*(const struct fm_ingredient *const *)a)->name,
	    (*(const struct fm_ingredient *const *)b)->name);
}

static int
cmp_name(const void *a, const void *b)
{
	const struct fm_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->ingredient_id > y->ingredient_id) - (x->ingredient_id < y->ingredient_id);
}

static int
cmp_alt(const void *a, const void *b)
{
	const struct fm_alt *x = a, *y = b;
	int c = strcmp(x->atc, y->atc);
	return c ? c : (x->ingredient_id > y->ingredient_id) - (x->ingredient_id < y->ingredient_id);
}

static int
cmp_strip(const void *a, const void *b)
{
	return strcmp(((const struct fm_strip *)a)->word, ((const struct fm_strip *)b)->word);
}

/* qsort of a table that may still be empty (and NULL: qsort's base must not be). */
static void
sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 0)
		qsort(base, n, size, cmp);
}

void
fm_finish(struct formulary *f)
{
	sort(f->ing, f->ning, sizeof *f->ing, cmp_ing_id);
	free(f->by_name);
	f->by_name = malloc((f->ning ? f->ning : 1) * sizeof *f->by_name);
	for (size_t i = 0; f->by_name && i < f->ning; i++)
		f->by_name[i] = &f->ing[i];
	if (f->by_name)
		sort(f->by_name, f->ning, sizeof *f->by_name, cmp_ing_name);
	sort(f->names, f->nnames, sizeof *f->names, cmp_name);
	sort(f->alt, f->nalt, sizeof *f->alt, cmp_alt);
	sort(f->strip, f->nstrip, sizeof *f->strip, cmp_strip);
}

const struct fm_ingredient *
fm_by_id(const struct formulary *f, int64_t id)
{
	struct fm_ingredient key = { .id = id };
	if (f->ning == 0)
		return NULL;    /* bsearch's base must not be NULL, even for no rows */
	return bsearch(&key, f->ing, f->ning, sizeof *f->ing, cmp_ing_id);
}

const struct fm_ingredient *
fm_by_name(const struct formulary *f, const char *name)
{
	struct fm_ingredient key;
	const struct fm_ingredient *kp = &key;
	if (f->by_name == NULL || !util_copy(key.name, sizeof key.name, name))
		return NULL;
	const struct fm_ingredient *const *hit =
	    bsearch(&kp, f->by_name, f->ning, sizeof *f->by_name, cmp_ing_name);
	return hit ? *hit : NULL;
}

const struct fm_ingredient *
fm_by_atc(const struct formulary *f, const char *atc)
{
	char up[FM_ATC_MAX];
	size_t n = strlen(atc);
	if (n == 0 || n >= sizeof up)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		up[i] = (char)toupper((unsigned char)atc[i]);
	/* Class-level codes (B03AC) name several ingredients: the first will do. */
	for (size_t i = 0; i < f->ning; i++)
		if (strcmp(f->ing[i].atc, up) == 0)
			return &f->ing[i];
	/* A former code two ingredients share (N03AX12): the lowest id, every time. */
	for (size_t i = 0; i < f->nalt; i++)
		if (strcmp(f->alt[i].atc, up) == 0)
			return fm_by_id(f, f->alt[i].ingredient_id);
	return NULL;
}

const struct fm_ingredient *
fm_by_rxnorm(const struct formulary *f, int64_t rxnorm)
{
	for (size_t i = 0; rxnorm > 0 && i < f->ning; i++)
		if (f->ing[i].rxnorm == rxnorm)
			return &f->ing[i];
	return NULL;
}

size_t
fm_atcs(const struct formulary *f, const struct fm_ingredient *ing, const char **out, size_t cap)
{
	size_t n = 0;
	if (cap > 0 && ing->atc[0] != '\0')      /* an ingredient with no ATC code of its own */
		out[n++] = ing->atc;
	for (size_t i = 0; i < f->nalt && n < cap; i++)
		if (f->alt[i].ingredient_id == ing->id)
			out[n++] = f->alt[i].atc;
	return n;
}

/* ---- matching ---- */

#define MAX_WORDS FM_MAX_WORDS
#define WORD_MAX 48

struct words {
	char w[MAX_WORDS][WORD_MAX];
	size_t n;
};

static const struct fm_strip *
strip_word(const struct formulary *f, const char *w)
{
	struct fm_strip key;
	if (f->nstrip == 0 || !util_copy(key.word, sizeof key.word, w))
		return NULL;
	return bsearch(&key, f->strip, f->nstrip, sizeof *f->strip, cmp_strip);
}

/* A strength ("50", "0.125mg", "25/100"): brand words like "df118" stay. */
static bool
is_strength(const char *s)
{
	return isdigit((unsigned char)s[0]) || (s[0] == '.' && isdigit((unsigned char)s[1]));
}

/* Add the ingredients named by phrase (ingredient or brand); returns how many. */
static size_t
lookup_phrase(const struct formulary *f, const char *phrase, const struct fm_ingredient **out,
    size_t *n, size_t cap, bool *over)
{
	size_t added = 0;
	const struct fm_ingredient *ing = fm_by_name(f, phrase);
	if (ing != NULL) {
		for (size_t k = 0; k < *n; k++)
			if (out[k] == ing)
				return 1;
		if (*n < cap)
			out[(*n)++] = ing;
		else
			*over = true;
		return 1;
	}
	struct fm_name key;
	if (!util_copy(key.name, sizeof key.name, phrase))
		return 0;
	key.ingredient_id = INT64_MIN;
	/* lower bound, then every row of that name (combination brands have several) */
	size_t lo = 0, hi = f->nnames;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp_name(&f->names[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < f->nnames && strcmp(f->names[i].name, phrase) == 0; i++) {
		const struct fm_ingredient *x = fm_by_id(f, f->names[i].ingredient_id);
		bool dup = false;
		if (x == NULL)
			continue;
		for (size_t k = 0; k < *n; k++)
			dup |= out[k] == x;
		if (!dup && *n < cap)
			out[(*n)++] = x;
		else if (!dup)
			*over = true;
		added++;
	}
	return added;
}

/* Join words[from, to) with single spaces. */
static void
join(const struct words *ws, size_t from, size_t to, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = from; i < to; i++) {
		size_t wl = strlen(ws->w[i]);
		if (len + wl + 2 > cap)
			return;
		if (len > 0)
			out[len++] = ' ';
		memcpy(out + len, ws->w[i], wl + 1);
		len += wl;
	}
}

/* Words of one part, with strengths, forms and units (and optionally salts) dropped. */
static void
clean_words(const struct formulary *f, const struct words *in, bool drop_salts, struct words *out)
{
	out->n = 0;
	for (size_t i = 0; i < in->n; i++) {
		const struct fm_strip *s = strip_word(f, in->w[i]);
		if (is_strength(in->w[i]) || (s != NULL && (!s->salt || drop_salts)))
			continue;
		memcpy(out->w[out->n++], in->w[i], WORD_MAX);
	}
}

/*
 * Resolve one part (no combination separators); returns ingredients added.
 * *partial is set when a known run of words leaves other words unmatched
 * ("advil pm": the "pm" may be a second ingredient titrad does not know).
 */
static size_t
resolve_part(const struct formulary *f, const struct words *part, const struct fm_ingredient **out,
    size_t *n, size_t cap, bool *partial, bool *over)
{
	struct words kept, bare;
	bool covered[MAX_WORDS] = { false };
	char phrase[FM_NAME_MAX * 2];
	size_t got;

	clean_words(f, part, false, &kept);
	join(&kept, 0, kept.n, phrase, sizeof phrase);
	if (kept.n > 0 && (got = lookup_phrase(f, phrase, out, n, cap, over)) > 0)
		return got;
	clean_words(f, part, true, &bare);
	join(&bare, 0, bare.n, phrase, sizeof phrase);
	if (bare.n > 0 && (got = lookup_phrase(f, phrase, out, n, cap, over)) > 0)
		return got;
	/* The longest known run of words: "teva sertraline", "zoloft film". */
	got = 0;
	for (size_t len = bare.n; len > 0 && got == 0; len--)
		for (size_t i = 0; i + len <= bare.n; i++) {
			size_t hit;
			join(&bare, i, i + len, phrase, sizeof phrase);
			hit = lookup_phrase(f, phrase, out, n, cap, over);
			got += hit;
			for (size_t k = i; hit > 0 && k < i + len; k++)
				covered[k] = true;
		}
	for (size_t k = 0; got > 0 && k < bare.n; k++)
		*partial |= !covered[k] && bare.w[k][0] != '#';
	return got;
}

static bool
is_atc(const char *w)
{
	/* L NN LL NN, e.g. n06ab06 (already lower-cased) */
	return strlen(w) == 7 && isalpha((unsigned char)w[0]) && isdigit((unsigned char)w[1]) &&
	    isdigit((unsigned char)w[2]) && isalpha((unsigned char)w[3]) && isalpha((unsigned char)w[4]) &&
	    isdigit((unsigned char)w[5]) && isdigit((unsigned char)w[6]);
}

static size_t resolve_text(const struct formulary *f, const char *text, const struct fm_ingredient **out,
    size_t cap, bool *partial, bool *over);

size_t
fm_resolve(const struct formulary *f, const char *text, const struct fm_ingredient **out, size_t cap)
{
	bool partial;
	return fm_resolve_partial(f, text, out, cap, &partial);
}

bool
fm_is_partial(const struct formulary *f, const char *text)
{
	const struct fm_ingredient *ing[FM_MAX_INGREDIENTS];
	bool partial;
	return fm_resolve_partial(f, text, ing, FM_MAX_INGREDIENTS, &partial) > 0 && partial;
}

size_t
fm_resolve_partial(const struct formulary *f, const char *text, const struct fm_ingredient **out,
    size_t cap, bool *partial)
{
	bool over;
	size_t n = fm_resolve_checked(f, text, out, cap, partial, &over);
	/* What was not read may hide an ingredient: known only partly. */
	*partial |= over && n > 0;
	return n;
}

size_t
fm_resolve_checked(const struct formulary *f, const char *text, const struct fm_ingredient **out,
    size_t cap, bool *partial, bool *over)
{
	*partial = false;
	*over = false;
	size_t n = resolve_text(f, text, out, cap, partial, over);
	char alt[512];
	/* "Carbidopa-Levodopa", "sertraline-50mg": a hyphen may join parts. */
	if (n == 0 && strchr(text, '-') != NULL && util_copy(alt, sizeof alt, text)) {
		for (char *p = alt; *p; p++)
			if (*p == '-')
				*p = '/';
		*partial = false;
		*over = false;
		n = resolve_text(f, alt, out, cap, partial, over);
	}
	/* Nothing known is not "partly known": formulary.unrecognised covers it. */
	*partial &= n > 0;
	return n;
}

static size_t
resolve_text(const struct formulary *f, const char *text, const struct fm_ingredient **out, size_t cap,
    bool *partial, bool *over)
{
	struct words parts[FM_MAX_INGREDIENTS];
	size_t nparts = 1, n = 0, total = 0;
	char word[WORD_MAX];
	size_t wl = 0;

	memset(&parts[0], 0, sizeof parts[0]);
	/*
	 * Tokenise: letters, digits and '.', '%', '-' (inside words) make words;
	 * '/', '+', ',', ';', '&' and the words "and"/"with" separate combination
	 * parts, unless a digit is beside the '/' (a strength like 10/325).
	 */
	for (const char *p = text;; p++) {
		unsigned char c = (unsigned char)*p;
		/* (R), (TM) and (C) signs glued to a brand separate words. */
		if (c == 0xc2 && ((unsigned char)p[1] == 0xae || (unsigned char)p[1] == 0xa9)) {
			p++;
			c = ' ';
		} else if (c == 0xe2 && (unsigned char)p[1] == 0x84 && (unsigned char)p[2] == 0xa2) {
			p += 2;
			c = ' ';
		}
		/* "#3" (Tylenol #3: with codeine 30 mg) names a product, not a strength. */
		bool wordch = isalnum(c) || c == '.' || c == '%' || c == '-' || c >= 0x80 ||
		    (c == '#' && wl == 0 && isdigit((unsigned char)p[1]));
		bool slash_in_strength = c == '/' && wl > 0 && isdigit((unsigned char)word[wl - 1]);
		if ((wordch || slash_in_strength) && c != '\0') {
			if (wl + 1 < sizeof word)
				word[wl++] = (char)tolower(c);
			continue;
		}
		if (wl > 0) {
			word[wl] = '\0';
			while (wl > 0 && (word[wl - 1] == '.' || word[wl - 1] == '-'))
				word[--wl] = '\0';
			struct words *cur = &parts[nparts - 1];
			if (strcmp(word, "and") == 0 || strcmp(word, "with") == 0) {
				if (cur->n > 0 && nparts < FM_MAX_INGREDIENTS)
					memset(&parts[nparts++], 0, sizeof parts[0]);
				else if (cur->n > 0)
					*over = true;
			} else if (wl > 0 && cur->n < MAX_WORDS) {
				memcpy(cur->w[cur->n++], word, wl + 1);
			} else if (wl > 0) {
				*over = true;
			}
			wl = 0;
		}
		if (c == '\0')
			break;
		if ((c == '/' || c == '+' || c == ',' || c == ';' || c == '&') && parts[nparts - 1].n > 0) {
			if (nparts < FM_MAX_INGREDIENTS)
				memset(&parts[nparts++], 0, sizeof parts[0]);
			else
				*over = true;
		}
	}
	if (parts[nparts - 1].n == 0 && nparts > 1)
		nparts--;

	/* An ATC code given directly. */
	for (size_t i = 0; i < nparts; i++)
		for (size_t k = 0; k < parts[i].n; k++)
			if (is_atc(parts[i].w[k])) {
				const struct fm_ingredient *ing = fm_by_atc(f, parts[i].w[k]);
				bool dup = false;
				for (size_t d = 0; d < n; d++)
					dup |= out[d] == ing;
				if (ing != NULL && !dup && n < cap) {
					out[n++] = ing;
					parts[i].w[k][0] = '\0';
				} else if (ing != NULL && !dup) {
					*over = true;
				}
			}
	if (n > 0)
		return n;

	/* The whole name first: "aluminium hydroxide and magnesium hydroxide" brands. */
	if (nparts > 1) {
		struct words all = { .n = 0 };
		bool fits = true;       /* a longer name is no brand's: only its parts are looked up */
		for (size_t i = 0; i < nparts; i++)
			for (size_t k = 0; k < parts[i].n; k++)
				if (all.n < MAX_WORDS)
					memcpy(all.w[all.n++], parts[i].w[k], WORD_MAX);
				else
					fits = false;
		struct words kept;
		char phrase[FM_NAME_MAX * 2];
		clean_words(f, &all, false, &kept);
		join(&kept, 0, kept.n, phrase, sizeof phrase);
		if (fits && kept.n > 0 && lookup_phrase(f, phrase, out, &n, cap, over) > 0)
			return n;
	}
	/* A part that names nothing beside parts that do: known only partly. */
	for (size_t i = 0; i < nparts; i++) {
		size_t got = resolve_part(f, &parts[i], out, &n, cap, partial, over);
		total += got;
		*partial |= got == 0 && parts[i].n > 0;
	}
	(void)total;
	return n;
}
