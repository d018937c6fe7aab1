/* SPDX-License-Identifier: Apache-2.0 */
/* testtmp.c - temporary files of a test program (see testtmp.h). */
#include "testtmp.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/store.h"

#define FILE_PREFIX "titrad-test-"
#define PG_PREFIX "titrad_test_"

static char run_dir[PATH_MAX];
static long run_pid;      /* the parent's: every database of this run carries it */

static void pg_drop_run(void);

void
testtmp_init(void)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	run_pid = (long)getpid();
	snprintf(run_dir, sizeof run_dir, "%s/titrad-check-XXXXXX", tmp);
	if (mkdtemp(run_dir) == NULL)
		run_dir[0] = '\0';
}

void
testtmp_cleanup(void)
{
	DIR *d;
	struct dirent *e;
	char p[PATH_MAX + 300];

	if (tt_pg_enabled())
		pg_drop_run();
	if (run_dir[0] == '\0' || (d = opendir(run_dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, FILE_PREFIX, strlen(FILE_PREFIX)) != 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", run_dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(run_dir);
	run_dir[0] = '\0';
}

int
testtmp_main(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	testtmp_init();
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	testtmp_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

void
testtmp_file(char *out, size_t cap)
{
	const char *dir = run_dir[0] ? run_dir : getenv("TMPDIR");
	int fd, n;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = snprintf(out, cap, "%s/" FILE_PREFIX "XXXXXX", dir);
	ck_assert_msg(n > 0 && (size_t)n < cap, "temporary directory path too long");
	fd = mkstemp(out);
	ck_assert_msg(fd >= 0, "mkstemp %s failed", out);
	close(fd);
}

void
testtmp_remove_db(const char *path)
{
	char p[PATH_MAX + 8];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

bool
tt_pg_enabled(void)
{
	const char *b = getenv("TITRAD_TEST_PG");
	return b != NULL && *b != '\0';
}

/* The base URI with its database name replaced by name, to out. */
static void
pg_uri_for(const char *name, char *out, size_t cap)
{
	const char *b = getenv("TITRAD_TEST_PG");
	const char *auth = strstr(b, "://");
	ck_assert_msg(auth != NULL, "TITRAD_TEST_PG is not a URI: %s", b);
	auth += 3;
	size_t host = strcspn(auth, "/?");
	const char *rest = auth + host;
	if (*rest == '/')
		rest += 1 + strcspn(rest + 1, "?");
	int n = snprintf(out, cap, "%.*s/%s%s", (int)(auth + host - b), b, name, rest);
	ck_assert_msg(n > 0 && (size_t)n < cap, "database URI too long");
}

/* One statement on the maintenance database TITRAD_TEST_PG; false with the message in err. */
static bool
pg_admin(const char *sql, char *err, size_t errlen)
{
	PGconn *h = PQconnectdb(getenv("TITRAD_TEST_PG"));
	bool ok = PQstatus(h) == CONNECTION_OK;
	if (ok) {
		PGresult *res = PQexec(h, sql);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
		PQclear(res);
	}
	if (!ok)
		snprintf(err, errlen, "%s", PQerrorMessage(h));
	PQfinish(h);
	return ok;
}

void
tt_db_new(char *out, size_t cap, bool pg)
{
	static unsigned n;
	char name[96], sql[160], err[512];

	if (!pg) {
		testtmp_file(out, cap);
		return;
	}
	ck_assert_msg(tt_pg_enabled(), "a PostgreSQL test without TITRAD_TEST_PG");
	snprintf(name, sizeof name, PG_PREFIX "%ld_%ld_%u", run_pid ? run_pid : (long)getpid(),
	    (long)getpid(), n++);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	ck_assert_msg(pg_admin(sql, err, sizeof err), "%s: %s", sql, err);
	pg_uri_for(name, out, cap);
}

void
tt_db_uri(char *out, size_t cap)
{
	tt_db_new(out, cap, tt_pg_enabled());
}

void
tt_db_drop(const char *db)
{
	char sql[200], err[512];
	if (!store_is_postgresql(db)) {
		testtmp_remove_db(db);
		return;
	}
	const char *name = strstr(db, PG_PREFIX);
	if (name == NULL)
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.*s WITH (FORCE)", (int)strcspn(name, "?/"), name);
	pg_admin(sql, err, sizeof err);
}

void
tt_db_exec(const char *db, const char *sql)
{
	if (store_is_postgresql(db)) {
		PGconn *h = PQconnectdb(db);
		ck_assert_msg(PQstatus(h) == CONNECTION_OK, "connect: %s", PQerrorMessage(h));
		PGresult *res = PQexec(h, sql);
		bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
		PQclear(res);
		ck_assert_msg(ok, "%s: %s", sql, PQerrorMessage(h));
		PQfinish(h);
		return;
	}
	sqlite3 *h;
	char *msg = NULL;
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
}

long long
tt_db_int(const char *db, const char *sql)
{
	long long v = 0;
	if (store_is_postgresql(db)) {
		PGconn *h = PQconnectdb(db);
		ck_assert_msg(PQstatus(h) == CONNECTION_OK, "connect: %s", PQerrorMessage(h));
		PGresult *res = PQexec(h, sql);
		ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1,
		    "%s: %s", sql, PQerrorMessage(h));
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		PQfinish(h);
		return v;
	}
	sqlite3 *h;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

struct tt_lock {
	PGconn *pg;
	sqlite3 *sq;
};

struct tt_lock *
tt_db_lock(const char *db)
{
	struct tt_lock *l = calloc(1, sizeof *l);
	ck_assert_ptr_nonnull(l);
	if (store_is_postgresql(db)) {
		l->pg = PQconnectdb(db);
		ck_assert_msg(PQstatus(l->pg) == CONNECTION_OK, "connect: %s", PQerrorMessage(l->pg));
		PGresult *res = PQexec(l->pg, "BEGIN; UPDATE data_version SET v = v WHERE id = 1");
		ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "lock: %s", PQerrorMessage(l->pg));
		PQclear(res);
	} else {
		ck_assert_int_eq(sqlite3_open(db, &l->sq), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(l->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	}
	return l;
}

void
tt_db_unlock(struct tt_lock *l)
{
	if (l->pg != NULL) {
		PGresult *res = PQexec(l->pg, "ROLLBACK");
		ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "unlock: %s", PQerrorMessage(l->pg));
		PQclear(res);
		PQfinish(l->pg);
	} else {
		ck_assert_int_eq(sqlite3_exec(l->sq, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(l->sq);
	}
	free(l);
}

bool
tt_sqlite_only(const char *what)
{
	if (!tt_pg_enabled())
		return true;
	printf("SQLite-only: %s\n", what);
	fflush(stdout);
	return false;
}

/* Drop every database this run made that a failed test left behind. */
static void
pg_drop_run(void)
{
	char sql[200];
	PGconn *h = PQconnectdb(getenv("TITRAD_TEST_PG"));
	if (PQstatus(h) == CONNECTION_OK) {
		snprintf(sql, sizeof sql, "SELECT datname FROM pg_database WHERE datname LIKE '"
		    PG_PREFIX "%ld\\_%%'", run_pid);
		PGresult *res = PQexec(h, sql);
		for (int i = 0; PQresultStatus(res) == PGRES_TUPLES_OK && i < PQntuples(res); i++) {
			snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", PQgetvalue(res, i, 0));
			PQclear(PQexec(h, sql));
		}
		PQclear(res);
	}
	PQfinish(h);
}
