/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testtmp.h - the temporary files of a test program: one directory per
 * run, made before the tests fork and removed, with every file left in it,
 * by the parent afterwards (a failed test's child exits without running its
 * teardown, and its files must not stay behind).
 *
 *   int main(void) { return testtmp_main(my_suite()); }
 */
#ifndef TITRAD_TESTTMP_H
#define TITRAD_TESTTMP_H

#include <stdbool.h>
#include <stddef.h>

#include <check.h>

/* Make the run directory under $TMPDIR (or /tmp); without it files go there directly. */
void testtmp_init(void);
/* Remove the run directory and the files testtmp_file made in it. */
void testtmp_cleanup(void);
/* testtmp_init, run s (CK_ENV), testtmp_cleanup; EXIT_SUCCESS when no test failed. */
int testtmp_main(Suite *s);

/* A new empty file in the run directory, its path to out[cap]; ck_asserts. */
void testtmp_file(char *out, size_t cap);
/* Remove a database file and its -wal and -shm. */
void testtmp_remove_db(const char *path);

/*
 * Databases on either backend.  TITRAD_TEST_PG, when set, is the libpq URI
 * of a running cluster (e.g. postgresql:///postgres?host=/tmp/pgsock) on
 * which the tests may create databases.
 */
bool tt_pg_enabled(void);
/*
 * A fresh, empty database and its --db string to out[cap]: with pg a new
 * PostgreSQL database titrad_test_<run>_<pid>_<n> on TITRAD_TEST_PG (made
 * with CREATE DATABASE; dropped by tt_db_drop, or at the latest by
 * testtmp_cleanup), else a new empty SQLite file.  ck_asserts.
 */
void tt_db_new(char *out, size_t cap, bool pg);
/* tt_db_new on PostgreSQL when TITRAD_TEST_PG is set, else SQLite: what the HTTP suites run on. */
void tt_db_uri(char *out, size_t cap);
/* Remove what tt_db_new made: DROP DATABASE, or the file with its -wal and -shm. */
void tt_db_drop(const char *db);
/* Run sql (one or more statements) on db, a --db string of tt_db_new, outside
   titrad: through libpq, or a plain SQLite connection; ck_asserts. */
void tt_db_exec(const char *db, const char *sql);
/*
 * Tests that look at SQLite files themselves (another connection's lock, the
 * file deleted or replaced): true on SQLite; on PostgreSQL false, after
 * printing "SQLite-only: what" (tests/pg_suite.sh lists those lines).
 */
bool tt_sqlite_only(const char *what);
/* The one integer a query on db answers (SELECT count(*) ...), outside titrad; ck_asserts. */
long long tt_db_int(const char *db, const char *sql);
/*
 * Hold db's write lock from another connection until tt_db_unlock, so that
 * titrad's writes wait (SQLite: BEGIN IMMEDIATE; PostgreSQL: the row of
 * data_version, which every write transaction updates at its commit; a table
 * lock would also stall the workers' first PREPAREs).
 */
struct tt_lock;
struct tt_lock *tt_db_lock(const char *db);
void tt_db_unlock(struct tt_lock *l);

#endif
