/* SPDX-License-Identifier: Apache-2.0 */
/* reference.c - loading the reference data at start-up (see reference.h). */
#include "http/reference.h"

#include <stdio.h>

#include "http/auth.h"
#include "http/http.h"

bool
http_load_reference(struct titrad *app, char *err, size_t errlen)
{
	struct store *db;
	if (store_open(app->cfg.store_path, true, &db, err, errlen) != STORE_OK)
		return false;
	int rc = svc_ref_load(db, &app->ref, err, errlen);
	if (rc == STORE_OK && (rc = store_instance_id(db, app->instance_id)) != STORE_OK)
		snprintf(err, errlen, "cannot read the database's instance id: %s", store_errmsg(db));
	store_close(db);
	return rc == STORE_OK && auth_ehr_trust_load(app, err, errlen);
}

void
http_free_reference(struct titrad *app)
{
	svc_ref_free(&app->ref);
	auth_ehr_trust_free(app);
}
