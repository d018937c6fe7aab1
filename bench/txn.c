/* SPDX-License-Identifier: Apache-2.0 */
/*
 * txn.c - the storage ceiling for bench/run: one-row write transactions
 * in a loop, on a connection configured exactly as titrad's (src/db.c:
 * WAL, synchronous=FULL, foreign keys, trusted_schema off, busy timeout),
 * so every commit pays the WAL fsync a titrad write pays.
 *
 *   txn DBFILE SECONDS
 *
 * Prints: rows=N seconds=S rows_per_s=R p50_us=A p99_us=B
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void
die(sqlite3 *h, const char *what)
{
	fprintf(stderr, "txn: %s: %s\n", what, h ? sqlite3_errmsg(h) : "?");
	exit(1);
}

int
main(int argc, char **argv)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *begin, *ins, *commit;
	char *msg = NULL;
	size_t n = 0, cap = 1 << 16;
	uint32_t *lat;
	double secs;

	if (argc != 3 || (secs = strtod(argv[2], NULL)) <= 0) {
		fprintf(stderr, "usage: txn DBFILE SECONDS\n");
		return 2;
	}
	if ((lat = malloc(cap * sizeof *lat)) == NULL)
		return 1;
	if (sqlite3_open_v2(argv[1], &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		die(h, "open");
	sqlite3_busy_timeout(h, 5000);
	/* titrad's PRAGMAs, verbatim (src/db.c store_open). */
	if (sqlite3_exec(h, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;", NULL, NULL, &msg) != SQLITE_OK)
		die(h, msg ? msg : "pragma");
	/* A row shaped like titrad's audit/medication rows. */
	if (sqlite3_exec(h, "CREATE TABLE IF NOT EXISTS bench_row (id INTEGER PRIMARY KEY, "
	    "patient_id INTEGER NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, "
	    "created_at TEXT NOT NULL) STRICT", NULL, NULL, &msg) != SQLITE_OK)
		die(h, msg ? msg : "create");
	if (sqlite3_prepare_v2(h, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "INSERT INTO bench_row (patient_id, name, status, created_at) "
	    "VALUES (?1, ?2, 'active', ?3)", -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "COMMIT", -1, &commit, NULL) != SQLITE_OK)
		die(h, "prepare");

	uint64_t t0 = now_us(), end = t0 + (uint64_t)(secs * 1e6), t = t0;
	while (t < end) {
		uint64_t s = t;
		if (sqlite3_step(begin) != SQLITE_DONE)
			die(h, "begin");
		sqlite3_reset(begin);
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)(n % 1000 + 1));
		sqlite3_bind_text(ins, 2, "Zoloft 50 mg tablet", -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, "2026-11-25T14:00:00Z", -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die(h, "insert");
		sqlite3_reset(ins);
		if (sqlite3_step(commit) != SQLITE_DONE)
			die(h, "commit");
		sqlite3_reset(commit);
		t = now_us();
		if (n == cap) {
			uint32_t *nl = realloc(lat, 2 * cap * sizeof *lat);
			if (nl == NULL)
				return 1;
			lat = nl;
			cap *= 2;
		}
		lat[n++] = (uint32_t)(t - s);
	}
	double el = (double)(t - t0) / 1e6;
	qsort(lat, n, sizeof *lat, cmp_u32);
	printf("rows=%zu seconds=%.3f rows_per_s=%.1f p50_us=%u p99_us=%u\n", n, el, (double)n / el,
	    n ? lat[n / 2] : 0, n ? lat[(size_t)((double)n * 0.99)] : 0);
	sqlite3_finalize(begin);
	sqlite3_finalize(ins);
	sqlite3_finalize(commit);
	sqlite3_close(h);
	free(lat);
	return 0;
}
