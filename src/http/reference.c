/* reference.c - loading the reference data at start-up (see reference.h). */
#include "http/reference.h"

#include <stdio.h>

#include "http/http.h"
#include "base/util.h"
#include "engine/formulary.h"
#include "engine/interactions.h"

bool
http_load_reference(struct titrad *app, char *err, size_t errlen)
{
	struct store *db;
	if (store_open(app->cfg.store_path, true, &db, err, errlen) != STORE_OK)
		return false;
	app->fm = fm_new();
	bool ok = app->fm != NULL &&
	    store_protocols(db, app->protocols, HTTP_MAX_PROTOCOLS, &app->nprotocols) == STORE_OK &&
	    store_renal_bands(db, app->bands, ARRAY_LEN(app->bands), &app->nbands) == STORE_OK &&
	    store_load_formulary(db, app->fm) == STORE_OK && store_load_kb(db, &app->kb) == STORE_OK;
	if (!ok)
		snprintf(err, errlen, "cannot read reference data: %s", store_errmsg(db));
	store_close(db);
	if (!ok)
		http_free_reference(app);
	return ok;
}

void
http_free_reference(struct titrad *app)
{
	fm_free(app->fm);
	ia_free(app->kb);
	app->fm = NULL;
	app->kb = NULL;
}
