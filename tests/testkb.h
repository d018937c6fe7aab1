/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testkb.h - a freshly migrated temporary database and the knowledge base
 * it holds, for the tests that check the SQL data together with the engine
 * (check_db, check_formulary, check_interactions).
 *
 *   int main(void) { return testtmp_main(my_suite()); }    // testtmp.h: the files' directory
 *
 *   static struct testkb K;
 *   setup:    testkb_open(&K, TESTKB_FORMULARY | TESTKB_RULES);
 *   teardown: testkb_close(&K);
 *
 * Failures ck_assert, so call it from a fixture or a test.
 */
#ifndef TITRAD_TESTKB_H
#define TITRAD_TESTKB_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "engine/formulary.h"
#include "engine/interactions.h"
#include "engine/renal.h"
#include "store/store.h"

/* What testkb_open loads; 0 only makes the (empty) file. */
enum {
	TESTKB_STORE = 1,          /* store: the file opened and migrated */
	TESTKB_FORMULARY = 2,      /* formulary (store_load_formulary); implies TESTKB_STORE */
	TESTKB_RULES = 4,          /* kb and bands (store_load_kb, store_renal_bands); implies TESTKB_STORE */
};

struct testkb {
	char path[PATH_MAX];                        /* the database file */
	struct store *store;                        /* NULL unless loaded */
	struct formulary *formulary;                /* NULL unless loaded */
	struct ia_kb *kb;                           /* NULL unless loaded */
	struct renal_band *bands;                   /* nbands of them, with TESTKB_RULES */
	size_t nbands;
};

/* A new database file (testtmp_file) with what (TESTKB_*) loaded from it. */
void testkb_open(struct testkb *t, unsigned what);
/* The same on a new PostgreSQL database when pg (tt_db_new; path is then its URI). */
void testkb_open_on(struct testkb *t, unsigned what, bool pg);
/* Frees what is loaded, closes t->store if set and removes the file (and its -wal, -shm). */
void testkb_close(struct testkb *t);

#endif
