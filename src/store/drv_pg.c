/*
 * drv_pg.c - the PostgreSQL driver (drv.h), with libpq.
 */
#include "store/drv.h"

#include <stdio.h>
#include <string.h>

int
drv_pg_open(const char *uri, bool migrate, struct drv **out, char *err, size_t errlen)
{
	(void)uri;
	(void)migrate;
	*out = NULL;
	snprintf(err, errlen, "PostgreSQL is not supported by this build");
	return STORE_ERROR;
}
