/* SPDX-License-Identifier: Apache-2.0 */
/* testkb.c - the knowledge-base fixture (see testkb.h). */
#include "testkb.h"

#include <stdlib.h>

#include <string.h>

#include <check.h>

#include "base/log.h"
#include "base/util.h"
#include "testtmp.h"

void
testkb_open(struct testkb *t, unsigned what)
{
	testkb_open_on(t, what, false);
}

void
testkb_open_on(struct testkb *t, unsigned what, bool pg)
{
	char err[512];

	memset(t, 0, sizeof *t);
	log_set_level(LOG_LVL_ERROR);
	tt_db_new(t->path, sizeof t->path, pg);
	/* sqlite3 treats an empty file as a new database. */
	if (what == 0)
		return;
	ck_assert_msg(store_open(t->path, true, &t->store, err, sizeof err) == STORE_OK,
	    "store_open: %s", err);
	if (what & TESTKB_FORMULARY) {
		t->formulary = fm_new();
		ck_assert_ptr_nonnull(t->formulary);
		ck_assert_int_eq(store_load_formulary(t->store, t->formulary), STORE_OK);
	}
	if (what & TESTKB_RULES) {
		ck_assert_int_eq(store_load_kb(t->store, &t->kb), STORE_OK);
		ck_assert_int_eq(store_renal_bands(t->store, &t->bands, &t->nbands), STORE_OK);
		ck_assert_uint_gt(t->nbands, 0);
	}
}

void
testkb_close(struct testkb *t)
{
	ia_free(t->kb);
	t->kb = NULL;
	free(t->bands);
	t->bands = NULL;
	t->nbands = 0;
	fm_free(t->formulary);
	t->formulary = NULL;
	store_close(t->store);
	t->store = NULL;
	if (t->path[0] != '\0')
		tt_db_drop(t->path);
	t->path[0] = '\0';
}
