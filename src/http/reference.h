/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reference.h - the application's reference data: titration protocols,
 * renal dose bands, the formulary and the safety knowledge base.
 *
 * Read once at start-up into struct titrad and read-only afterwards, so
 * every worker thread shares it without a lock.
 */
#ifndef TITRAD_REFERENCE_H
#define TITRAD_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>

struct titrad;

/* Create/migrate the database and read the clinical tables into app; false with err if not. */
bool http_load_reference(struct titrad *app, char *err, size_t errlen);
void http_free_reference(struct titrad *app);

#endif
