/* SPDX-License-Identifier: Apache-2.0 */
/*
 * drv.c - what both drivers share and store.c needs of them without a
 * cycle: the process's write wait, the schema series' latest version and
 * which backend a --db argument names.
 */
#include "store/drv.h"

#include <stdatomic.h>
#include <string.h>

static atomic_uint write_wait_ms = STORE_WRITE_WAIT_MS;

void
store_set_write_wait(unsigned ms)
{
	atomic_store(&write_wait_ms, ms);
}

unsigned
drv_write_wait_ms(void)
{
	return atomic_load(&write_wait_ms);
}

int
store_latest_version(void)
{
	return store_nmigrations ? store_migrations[store_nmigrations - 1].version : 0;
}

bool
store_is_postgresql(const char *s)
{
	return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}
