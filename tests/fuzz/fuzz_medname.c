/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_medname.c - fm_resolve, medication-name normalisation, against the
 * real formulary: a temporary database is migrated once (the embedded
 * schema/003_formulary.sql) and loaded with store_load_formulary.
 *
 * Properties, for any bytes up to 4 KiB (the API hands in val_text-checked
 * names of at most STORE_NAME_MAX bytes; raw and longer ones are tried too):
 *   - at most cap ingredients, each a distinct formulary entry;
 *   - deterministic, and a smaller cap gives a prefix of the full answer;
 * and for names of at most STORE_NAME_MAX bytes:
 *   - ASCII case does not matter (names are lower-cased);
 *   - a trailing strength token (" 50") changes nothing (strengths are
 *     dropped).
 */
#include "fuzz_common.h"

#include <unistd.h>

#include "store/store.h"
#include "engine/formulary.h"
#include "base/log.h"

static struct formulary *fm;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	char dir[] = "/tmp/fuzz_medname.XXXXXX", path[64], err[256];
	struct store *db;

	log_set_level(LOG_LVL_ERROR);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	snprintf(path, sizeof path, "%s/fm.db", dir);
	if (store_open(path, true, &db, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "fuzz_medname: store_open: %s\n", err);
		abort();
	}
	fm = fm_new();
	if (fm == NULL || store_load_formulary(db, fm) != STORE_OK) {
		fprintf(stderr, "fuzz_medname: cannot load the formulary\n");
		abort();
	}
	store_close(db);
	/* WAL mode leaves side files; remove whatever is there. */
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char p[96];
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

static size_t
resolve(const char *text, const struct fm_ingredient **out, size_t cap)
{
	for (size_t i = 0; i < FM_MAX_INGREDIENTS; i++)
		out[i] = NULL;
	size_t n = fm_resolve(fm, text, out, cap);
	CHECK(n <= cap, "fm_resolve returned %zu > cap %zu", n, cap);
	for (size_t i = cap; i < FM_MAX_INGREDIENTS; i++)
		CHECK(out[i] == NULL, "fm_resolve wrote out[%zu] beyond cap %zu", i, cap);
	for (size_t i = 0; i < n; i++) {
		CHECK(out[i] != NULL, "out[%zu] NULL", i);
		CHECK(fm_by_id(fm, out[i]->id) == out[i], "out[%zu] is not a formulary entry", i);
		for (size_t k = 0; k < i; k++)
			CHECK(out[k] != out[i], "%s twice", out[i]->name);
	}
	return n;
}

static bool
same(const struct fm_ingredient **a, size_t na, const struct fm_ingredient **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static void
show(const char *what, const struct fm_ingredient **a, size_t n)
{
	fprintf(stderr, "%s:", what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %s", a[i]->name);
	fprintf(stderr, "\n");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fm_ingredient *a[FM_MAX_INGREDIENTS], *b[FM_MAX_INGREDIENTS];
	size_t na, nb;

	if (size > 4096 || size < 1)
		return 0;
	/* The first byte picks a smaller cap; the rest is the name. */
	size_t cap = data[0] % (FM_MAX_INGREDIENTS + 1);
	char *text = fz_cstr(data + 1, size - 1);
	size_t len = strlen(text);

	na = resolve(text, a, FM_MAX_INGREDIENTS);
	nb = resolve(text, b, FM_MAX_INGREDIENTS);
	CHECK(same(a, na, b, nb), "not deterministic on \"%s\"", text);

	nb = resolve(text, b, cap);
	if (cap == 0)
		CHECK(nb == 0, "cap 0 gave %zu", nb);
	else if (!(nb == (na < cap ? na : cap) && same(a, nb, b, nb))) {
		show("cap 8", a, na);
		show("smaller cap", b, nb);
		CHECK(0, "cap %zu is not a prefix of the full answer for \"%s\"", cap, text);
	}

	/* The rest holds for names the API takes: at most STORE_NAME_MAX bytes. */
	if (len > STORE_NAME_MAX) {
		free(text);
		return 0;
	}

	/* Upper-casing ASCII letters changes nothing. */
	char *up = strdup(text);
	for (char *p = up; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	nb = resolve(up, b, FM_MAX_INGREDIENTS);
	if (!same(a, na, b, nb)) {
		show("as given", a, na);
		show("upper-cased", b, nb);
		CHECK(0, "case matters for \"%s\"", text);
	}
	free(up);

	/* A trailing strength token is dropped. */
	char *more = malloc(len + 4);
	memcpy(more, text, len);
	memcpy(more + len, " 50", 4);
	nb = resolve(more, b, FM_MAX_INGREDIENTS);
	if (!same(a, na, b, nb)) {
		show("as given", a, na);
		show("with \" 50\"", b, nb);
		CHECK(0, "a trailing strength changes \"%s\"", text);
	}
	free(more);
	free(text);
	return 0;
}
