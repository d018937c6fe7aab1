/* SPDX-License-Identifier: Apache-2.0 */
/*
 * drv_sqlite.c - the SQLite driver (drv.h): open, PRAGMAs, migrations in
 * PRAGMA user_version, the process's write gate, bounded busy waits, the
 * file identity check, online backup and the integrity check.
 */
#include "store/drv.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/log.h"
#include "base/util.h"

struct sq_stmt {
	struct drv_stmt base;
	sqlite3_stmt *st;
	struct sq *c;
};

struct sq {
	struct drv base;
	sqlite3 *h;
	sqlite3_stmt *begin_read, *begin_write, *commit;
	struct sq_stmt **stmts;     /* every statement prepared, finalized at close */
	size_t nstmts, capstmts;
	bool gated;                 /* this connection holds the write gate */
	uint64_t tx_deadline_us;    /* the transaction runner's deadline, or 0 */
	uint64_t busy_since_us;     /* when the current statement first found the db locked */
	char *path;                 /* the file it opened, and that file's identity then */
	dev_t dev;
	ino_t ino;
};

#define SQ(c) ((struct sq *)(void *)(c))
#define SQS(s) ((struct sq_stmt *)(void *)(s))

/*
 * The write gate: one writer at a time in this process, queued on a mutex
 * instead of SQLite's sleep-and-retry among our own threads, and one
 * bounded wait (store_set_write_wait) for everything a write waits on: the
 * gate, then the database lock another process may hold (polled every
 * millisecond, not with SQLite's growing sleeps).  Reads never take it.
 */
static pthread_mutex_t write_gate = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
wait_deadline(const struct sq *c)
{
	if (c->tx_deadline_us != 0)
		return c->tx_deadline_us;
	return util_now_us() + (uint64_t)drv_write_wait_ms() * 1000u;
}

static int
busy_wait(void *cls, int count)
{
	struct sq *c = cls;
	uint64_t now = util_now_us();
	if (count == 0)
		c->busy_since_us = now;
	if (now - c->busy_since_us >= (uint64_t)drv_write_wait_ms() * 1000u ||
	    (c->tx_deadline_us != 0 && now >= c->tx_deadline_us))
		return 0;
	usleep(1000);
	return 1;
}

/* Take the write gate by the deadline; false when it stayed taken. */
static bool
gate_enter(struct sq *c)
{
	struct timespec ts;
	uint64_t now = util_now_us(), dl = wait_deadline(c);
	uint64_t left = dl > now ? dl - now : 0;
	if (c->gated)
		return true;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += (time_t)(left / 1000000u);
	ts.tv_nsec += (long)(left % 1000000u) * 1000;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	if (pthread_mutex_timedlock(&write_gate, &ts) != 0)
		return false;
	c->gated = true;
	return true;
}

static void
gate_leave(struct sq *c)
{
	if (!c->gated)
		return;
	c->gated = false;
	pthread_mutex_unlock(&write_gate);
}

/* The STORE_ class of an SQLite result code that is not ROW or DONE. */
static int
classify(int rc)
{
	/* Extended result codes are on: compare the primary code in the low byte. */
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return STORE_CONFLICT;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return STORE_BUSY;
	if ((rc & 0xff) == SQLITE_FULL)
		return STORE_FULL;
	return STORE_ERROR;
}

/* ---- statements ---- */

static const struct drv_ops sq_ops;

static struct drv_stmt *
sq_prepare(struct drv *d, int index, const char *sql, char *err, size_t errlen)
{
	struct sq *c = SQ(d);
	struct sq_stmt *s = calloc(1, sizeof *s);
	if (s == NULL || !util_grow((void **)&c->stmts, &c->capstmts, c->nstmts + 1, sizeof *c->stmts, 32)) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot prepare statement %d: %s", index, sqlite3_errmsg(c->h));
		sqlite3_finalize(s->st);
		free(s);
		return NULL;
	}
	s->base.ops = &sq_ops;
	s->c = c;
	c->stmts[c->nstmts++] = s;
	return &s->base;
}

static void
sq_bind_int64(struct drv_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(SQS(st)->st, i, v);
}

static void
sq_bind_text(struct drv_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(SQS(st)->st, i);
	else
		sqlite3_bind_text(SQS(st)->st, i, s, -1, SQLITE_TRANSIENT);
}

static void
sq_bind_blob(struct drv_stmt *st, int i, const void *p, size_t n)
{
	sqlite3_bind_blob64(SQS(st)->st, i, p, n, SQLITE_TRANSIENT);
}

static int
sq_step(struct drv_stmt *st)
{
	int rc = sqlite3_step(SQS(st)->st);
	if (rc == SQLITE_ROW)
		return DRV_ROW;
	if (rc == SQLITE_DONE)
		return DRV_DONE;
	return classify(rc);
}

static void
sq_reset(struct drv_stmt *st)
{
	sqlite3_reset(SQS(st)->st);
	sqlite3_clear_bindings(SQS(st)->st);
}

static int64_t
sq_column_int64(struct drv_stmt *st, int i)
{
	return sqlite3_column_int64(SQS(st)->st, i);
}

static const char *
sq_column_text(struct drv_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(SQS(st)->st, i);
}

static bool
sq_column_null(struct drv_stmt *st, int i)
{
	return sqlite3_column_type(SQS(st)->st, i) == SQLITE_NULL;
}

static const void *
sq_column_blob(struct drv_stmt *st, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(SQS(st)->st, i);
	int len = sqlite3_column_bytes(SQS(st)->st, i);
	*n = len > 0 ? (size_t)len : 0;
	return p;
}

static const char *
sq_sql(struct drv_stmt *st)
{
	return sqlite3_sql(SQS(st)->st);
}

static int64_t
sq_changes(struct drv *d)
{
	return sqlite3_changes(SQ(d)->h);
}

static const char *
sq_errmsg(struct drv *d)
{
	return sqlite3_errmsg(SQ(d)->h);
}

/* ---- transactions ---- */

static int
run_tx_stmt(struct sq *c, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int ret = rc == SQLITE_DONE ? STORE_OK : classify(rc);
	if (ret == STORE_ERROR || ret == STORE_FULL)
		log_error("db: %s: %s", sqlite3_sql(st), sqlite3_errmsg(c->h));
	sqlite3_reset(st);
	return ret;
}

static void
sq_rollback(struct drv *d)
{
	struct sq *c = SQ(d);
	if (sqlite3_get_autocommit(c->h) == 0)
		sqlite3_exec(c->h, "ROLLBACK", NULL, NULL, NULL);
	c->tx_deadline_us = 0;
	gate_leave(c);
}

static int
sq_begin(struct drv *d, bool write, uint64_t deadline_us)
{
	struct sq *c = SQ(d);
	c->tx_deadline_us = deadline_us;
	if (write && !gate_enter(c))
		return STORE_BUSY;
	int rc = run_tx_stmt(c, write ? c->begin_write : c->begin_read);
	if (rc != STORE_OK)
		sq_rollback(d);
	return rc;
}

static int
sq_commit(struct drv *d)
{
	struct sq *c = SQ(d);
	int rc = run_tx_stmt(c, c->commit);
	sq_rollback(d);     /* a failed COMMIT rolls back; either way the gate is left */
	return rc;
}

static bool
sq_in_tx(struct drv *d)
{
	return sqlite3_get_autocommit(SQ(d)->h) == 0;
}

static int
sq_exec(struct drv *d, const char *sql)
{
	struct sq *c = SQ(d);
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return STORE_OK;
	int ret = classify(rc);
	if (ret != STORE_BUSY)
		log_error("db: %s: %s", sql, sqlite3_errmsg(c->h));
	return ret;
}

/* ---- schema, files ---- */

static int
pragma_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
sq_schema_version(struct drv *d)
{
	return pragma_int(SQ(d)->h, "PRAGMA user_version");
}

/* Apply each missing migration in a transaction of its own. */
static int
migrate(sqlite3 *h, char *err, size_t errlen)
{
	int have = pragma_int(h, "PRAGMA user_version");
	char *msg = NULL, sql[64];

	if (have < 0) {
		snprintf(err, errlen, "cannot read schema version: %s", sqlite3_errmsg(h));
		return STORE_ERROR;
	}
	if (have > store_latest_version()) {
		snprintf(err, errlen, "database schema version %d is newer than this titrad "
		    "(knows up to %d); refusing to open it", have, store_latest_version());
		return STORE_ERROR;
	}
	for (size_t i = 0; i < store_nmigrations; i++) {
		const struct store_migration *m = &store_migrations[i];
		if (m->version <= have)
			continue;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
		if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(h, m->sql, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(err, errlen, "migration %s failed: %s", m->name, msg ? msg : sqlite3_errmsg(h));
			sqlite3_free(msg);
			sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
			return STORE_ERROR;
		}
		log_info("db: applied migration %s", m->name);
	}
	return STORE_OK;
}

static int64_t
sq_count(struct drv *d, const char *table)
{
	char sql[96];
	sqlite3_stmt *st;
	int64_t n = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(SQ(d)->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int
sq_file_check(struct drv *d, char *why, size_t whylen)
{
	struct sq *c = SQ(d);
	struct stat sb;
	if (stat(c->path, &sb) != 0) {
		snprintf(why, whylen, "database file %s is gone (%s)", c->path, strerror(errno));
		return STORE_ERROR;
	}
	if (sb.st_dev != c->dev || sb.st_ino != c->ino) {
		snprintf(why, whylen, "database file %s was replaced by another file", c->path);
		return STORE_ERROR;
	}
	return STORE_OK;
}

static int
sq_backup(struct drv *d, const char *to_path, char *err, size_t errlen)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc, ret = STORE_ERROR;

	if (sqlite3_open_v2(to_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", to_path, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto cleanup;
	}
	b = sqlite3_backup_init(dst, "main", SQ(d)->h, "main");
	if (b == NULL) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto cleanup;
	}
	/* Copy in steps so writers are never blocked for long; restart on change. */
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup: %s", sqlite3_errstr(rc));
		goto cleanup;
	}
	ret = STORE_OK;
cleanup:
	sqlite3_close(dst);
	return ret;
}

static bool
sq_integrity_ok(struct drv *d)
{
	sqlite3_stmt *st;
	bool ok = false;
	if (sqlite3_prepare_v2(SQ(d)->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok;
}

static void
sq_close(struct drv *d)
{
	struct sq *c = SQ(d);
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nstmts; i++) {
		sqlite3_finalize(c->stmts[i]->st);
		free(c->stmts[i]);
	}
	free(c->stmts);
	sqlite3_finalize(c->begin_read);
	sqlite3_finalize(c->begin_write);
	sqlite3_finalize(c->commit);
	sqlite3_close(c->h);
	free(c->path);
	free(c);
}

static const struct drv_ops sq_ops = {
	.name = "sqlite",
	.prepare = sq_prepare, .bind_int64 = sq_bind_int64, .bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob, .step = sq_step, .reset = sq_reset,
	.column_int64 = sq_column_int64, .column_text = sq_column_text, .column_null = sq_column_null,
	.column_blob = sq_column_blob, .sql = sq_sql, .changes = sq_changes, .errmsg = sq_errmsg,
	.begin = sq_begin, .commit = sq_commit, .rollback = sq_rollback, .in_tx = sq_in_tx, .exec = sq_exec,
	.schema_version = sq_schema_version, .count = sq_count, .file_check = sq_file_check,
	.backup = sq_backup, .integrity_ok = sq_integrity_ok, .close = sq_close,
};

int
drv_sqlite_open(const char *path, bool do_migrate, struct drv **out, char *err, size_t errlen)
{
	struct sq *c = calloc(1, sizeof *c);
	char *msg = NULL;
	int ret = STORE_ERROR;

	*out = NULL;
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	c->base.ops = &sq_ops;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	    (do_migrate ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &c->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		    c->h ? sqlite3_errmsg(c->h) : "out of memory");
		goto cleanup;
	}
	sqlite3_extended_result_codes(c->h, 1);
	/* A database titrad cannot write is refused at start, not found out at the first write. */
	if (sqlite3_db_readonly(c->h, "main") == 1 || access(path, W_OK) != 0) {
		snprintf(err, errlen, "database %s is read-only (titrad must be able to write it)", path);
		goto cleanup;
	}
	struct stat sb;
	if (stat(path, &sb) != 0 || (c->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "cannot stat database %s: %s", path, strerror(errno));
		goto cleanup;
	}
	c->dev = sb.st_dev;
	c->ino = sb.st_ino;
	/*
	 * WAL lets readers run beside the one writer; synchronous=FULL fsyncs
	 * the WAL at every commit, so an acknowledged write survives a crash.
	 * busy_wait bounds how long a statement waits for another process's lock.
	 */
	sqlite3_busy_handler(c->h, busy_wait, c);
	if (sqlite3_exec(c->h, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF; PRAGMA secure_delete = ON;", NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "cannot configure database %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		goto cleanup;
	}
	if (do_migrate && migrate(c->h, err, errlen) != STORE_OK)
		goto cleanup;
	if (sq_schema_version(&c->base) != store_latest_version()) {
		snprintf(err, errlen, "database %s has schema version %d, this titrad needs %d",
		    path, sq_schema_version(&c->base), store_latest_version());
		goto cleanup;
	}
	if (sqlite3_prepare_v3(c->h, "BEGIN DEFERRED", -1, SQLITE_PREPARE_PERSISTENT, &c->begin_read, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(c->h, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT, &c->begin_write, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(c->h, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &c->commit, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot prepare the transaction statements: %s", sqlite3_errmsg(c->h));
		goto cleanup;
	}
	*out = &c->base;
	c = NULL;
	ret = STORE_OK;
cleanup:
	if (c != NULL)
		sq_close(&c->base);
	return ret;
}
