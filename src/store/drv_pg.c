/* SPDX-License-Identifier: Apache-2.0 */
/*
 * drv_pg.c - the PostgreSQL driver (drv.h), with libpq.
 *
 * One connection per struct store.  Every statement of store.c is
 * prepared once per connection (named s0, s1, ...; SQLite's ?N rewritten
 * to $N outside literals) and run with text parameters (the one blob as
 * binary); its result is held until drv_reset, so drv_step walks the rows.
 * Write transactions run SERIALIZABLE, reads REPEATABLE READ READ ONLY;
 * a serialization failure or deadlock is STORE_BUSY, which store_run_tx
 * retries.  Inside a write transaction each INSERT/UPDATE/DELETE runs under
 * a savepoint, so a unique violation (STORE_CONFLICT) leaves the
 * transaction usable, as it does in SQLite.
 *
 * A lost connection (the server restarting, a network fault) fails the
 * statement with STORE_UNAVAILABLE (503 + Retry-After); the next
 * transaction resets the connection and prepares every statement again.
 * Nothing blocks forever: connect_timeout and TCP keepalives unless the URI
 * sets them, a statement_timeout, and each write transaction's lock_timeout
 * is what is left of the runner's deadline.
 *
 * Migrations: one transaction under a fixed advisory lock (two instances
 * starting on an empty database do not both migrate), each step's
 * schema/pg/ DDL and then the data statements (INSERT, UPDATE, DELETE) of
 * the shared schema/NNN_name.sql, recorded in schema_version.
 */
#include "store/drv.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "base/log.h"
#include "base/util.h"

/* pg_advisory_xact_lock key of the migration step: "titrad" in ASCII. */
#define MIGRATE_LOCK_KEY "127970112234340"
#define STATEMENT_TIMEOUT "30s"

struct pg_stmt {
	struct drv_stmt base;
	struct pg *c;
	char name[16];
	char *sql;             /* as store.c wrote it (log lines) */
	char *pgsql;           /* with $N */
	int nparams;
	bool writes;           /* INSERT/UPDATE/DELETE: never run twice */
	bool savepoint;        /* ... that may raise a unique violation: a savepoint in a write transaction */
	char **vals;
	int *lens, *fmts;
	PGresult *res;
	int row;
	bool executed;
	unsigned char *blob;   /* the last column_blob, decoded */
};

struct pg {
	struct drv base;
	PGconn *h;
	struct pg_stmt **stmts;
	size_t nstmts, capstmts;
	bool in_tx, write_tx;
	bool broken;           /* reset and prepare again before the next transaction */
	int64_t changes;
	char err[512];
};

#define PG(c) ((struct pg *)(void *)(c))
#define PGS(s) ((struct pg_stmt *)(void *)(s))

static void
set_err(struct pg *c, const char *msg)
{
	util_copy(c->err, sizeof c->err, msg ? msg : "");
	size_t n = strlen(c->err);
	while (n > 0 && (c->err[n - 1] == '\n' || c->err[n - 1] == ' '))
		c->err[--n] = '\0';
}

/* The STORE_ class of a result (STORE_OK for success); the message to c->err. */
static int
classify(struct pg *c, const PGresult *res)
{
	ExecStatusType es = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK)
		return STORE_OK;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	set_err(c, res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res) : PQerrorMessage(c->h));
	if (PQstatus(c->h) != CONNECTION_OK || state == NULL || strncmp(state, "08", 2) == 0 ||
	    strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0) {
		c->broken = true;
		return STORE_UNAVAILABLE;
	}
	if (strcmp(state, "23505") == 0)
		return STORE_CONFLICT;
	/* serialization_failure, deadlock_detected, lock_not_available, query_canceled (timeouts) */
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
	    strcmp(state, "57014") == 0)
		return STORE_BUSY;
	if (strcmp(state, "53100") == 0)
		return STORE_FULL;
	return STORE_ERROR;
}

/* One statement without parameters, result dropped; a STORE_ code. */
static int
simple(struct pg *c, const char *sql)
{
	PGresult *res = PQexec(c->h, sql);
	int rc = classify(c, res);
	PQclear(res);
	return rc;
}

/* ---- statements ---- */

/* sql with ?N as $N (outside quotes and comments); *nparams the highest N. */
static char *
rewrite(const char *sql, int *nparams)
{
	char *out = malloc(strlen(sql) + 1), *o = out;
	char quote = 0;
	*nparams = 0;
	if (out == NULL)
		return NULL;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?' && isdigit((unsigned char)p[1])) {
			int n = atoi(p + 1);
			if (n > *nparams)
				*nparams = n;
			*o++ = '$';
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static const struct drv_ops pg_ops;

static int
prepare_one(struct pg *c, struct pg_stmt *s)
{
	PGresult *res = PQprepare(c->h, s->name, s->pgsql, s->nparams, NULL);
	int rc = classify(c, res);
	PQclear(res);
	return rc;
}

static void
stmt_free(struct pg_stmt *s)
{
	if (s == NULL)
		return;
	free(s->sql);
	free(s->pgsql);
	free(s->vals);
	free(s->lens);
	free(s->fmts);
	free(s);
}

static struct drv_stmt *
pg_prepare(struct drv *d, int index, const char *sql, char *err, size_t errlen)
{
	struct pg *c = PG(d);
	struct pg_stmt *s = calloc(1, sizeof *s);
	if (s == NULL || (s->sql = strdup(sql)) == NULL || (s->pgsql = rewrite(sql, &s->nparams)) == NULL ||
	    (s->vals = calloc((size_t)s->nparams + 1, sizeof *s->vals)) == NULL ||
	    (s->lens = calloc((size_t)s->nparams + 1, sizeof *s->lens)) == NULL ||
	    (s->fmts = calloc((size_t)s->nparams + 1, sizeof *s->fmts)) == NULL ||
	    !util_grow((void **)&c->stmts, &c->capstmts, c->nstmts + 1, sizeof *c->stmts, 32)) {
		stmt_free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->base.ops = &pg_ops;
	s->c = c;
	snprintf(s->name, sizeof s->name, "s%d", index);
	/* ON CONFLICT DO NOTHING raises no unique violation: no savepoint needed to survive one. */
	s->writes = strncmp(sql, "INSERT", 6) == 0 || strncmp(sql, "UPDATE", 6) == 0 ||
	    strncmp(sql, "DELETE", 6) == 0;
	s->savepoint = s->writes && strstr(sql, "ON CONFLICT DO NOTHING") == NULL;
	if (prepare_one(c, s) != STORE_OK) {
		snprintf(err, errlen, "cannot prepare statement %d: %s", index, c->err);
		stmt_free(s);
		return NULL;
	}
	c->stmts[c->nstmts++] = s;
	return &s->base;
}

static void
bind_value(struct pg_stmt *s, int i, char *v, int len, int fmt)
{
	if (i < 1 || i > s->nparams) {
		free(v);
		return;
	}
	free(s->vals[i - 1]);
	s->vals[i - 1] = v;
	s->lens[i - 1] = len;
	s->fmts[i - 1] = fmt;
}

static void
pg_bind_int64(struct drv_stmt *st, int i, int64_t v)
{
	char *b = malloc(24);
	if (b != NULL)
		snprintf(b, 24, "%lld", (long long)v);
	bind_value(PGS(st), i, b, 0, 0);
}

static void
pg_bind_text(struct drv_stmt *st, int i, const char *s)
{
	bind_value(PGS(st), i, s ? strdup(s) : NULL, 0, 0);
}

static void
pg_bind_blob(struct drv_stmt *st, int i, const void *p, size_t n)
{
	char *b = malloc(n + 1);
	if (b != NULL && n > 0)
		memcpy(b, p, n);
	bind_value(PGS(st), i, b, (int)n, 1);
}

static int reconnect(struct pg *c);

/* Run s once (under a savepoint when it writes inside a write transaction); a STORE_ code. */
static int
exec_once(struct pg *c, struct pg_stmt *s)
{
	bool sp = c->in_tx && c->write_tx && s->savepoint;
	int rc;
	if (sp && (rc = simple(c, "SAVEPOINT drv_stmt")) != STORE_OK)
		return rc;
	s->res = PQexecPrepared(c->h, s->name, s->nparams, (const char *const *)s->vals, s->lens,
	    s->fmts, 0);
	if ((rc = classify(c, s->res)) != STORE_OK) {
		PQclear(s->res);
		s->res = NULL;
		if (sp && rc != STORE_UNAVAILABLE)
			simple(c, "ROLLBACK TO SAVEPOINT drv_stmt");
		return rc;
	}
	c->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
	if (sp && (rc = simple(c, "RELEASE SAVEPOINT drv_stmt")) != STORE_OK)
		return rc;
	return STORE_OK;
}

static int
pg_step(struct drv_stmt *st)
{
	struct pg_stmt *s = PGS(st);
	struct pg *c = s->c;
	if (!s->executed) {
		int rc;
		s->executed = true;
		s->row = -1;
		/*
		 * Outside a transaction (the token lookup before a request's
		 * snapshot) a dead connection is reset here, and a read that found
		 * it dead runs once more: a read has no effect to repeat.  Inside
		 * one, the transaction is lost: STORE_UNAVAILABLE, and the next
		 * store_begin reconnects.
		 */
		if (c->broken && (c->in_tx || reconnect(c) != STORE_OK))
			return STORE_UNAVAILABLE;
		rc = exec_once(c, s);
		if (rc == STORE_UNAVAILABLE && !c->in_tx && !s->writes && reconnect(c) == STORE_OK)
			rc = exec_once(c, s);
		if (rc != STORE_OK)
			return rc;
	}
	if (s->res == NULL)
		return STORE_ERROR;
	s->row++;
	return s->row < PQntuples(s->res) ? DRV_ROW : DRV_DONE;
}

static void
pg_reset(struct drv_stmt *st)
{
	struct pg_stmt *s = PGS(st);
	PQclear(s->res);
	s->res = NULL;
	s->executed = false;
	s->row = -1;
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = s->fmts[i] = 0;
	}
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = NULL;
}

static bool
has_value(struct pg_stmt *s, int i)
{
	return s->res != NULL && s->row >= 0 && s->row < PQntuples(s->res) && i < PQnfields(s->res) &&
	    !PQgetisnull(s->res, s->row, i);
}

static int64_t
pg_column_int64(struct drv_stmt *st, int i)
{
	struct pg_stmt *s = PGS(st);
	return has_value(s, i) ? strtoll(PQgetvalue(s->res, s->row, i), NULL, 10) : 0;
}

static const char *
pg_column_text(struct drv_stmt *st, int i)
{
	struct pg_stmt *s = PGS(st);
	return has_value(s, i) ? PQgetvalue(s->res, s->row, i) : NULL;
}

static bool
pg_column_null(struct drv_stmt *st, int i)
{
	return !has_value(PGS(st), i);
}

static const void *
pg_column_blob(struct drv_stmt *st, int i, size_t *n)
{
	struct pg_stmt *s = PGS(st);
	*n = 0;
	if (s->blob)
		PQfreemem(s->blob);
	s->blob = NULL;
	if (!has_value(s, i))
		return NULL;
	/* bytea in text format: PQunescapeBytea decodes the hex form. */
	s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, i), n);
	return s->blob;
}

static const char *
pg_sql(struct drv_stmt *st)
{
	return PGS(st)->sql;
}

static int64_t
pg_changes(struct drv *d)
{
	return PG(d)->changes;
}

static const char *
pg_errmsg(struct drv *d)
{
	struct pg *c = PG(d);
	return c->err[0] ? c->err : PQerrorMessage(c->h);
}

/* ---- connection ---- */

static void
quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int
session_setup(struct pg *c)
{
	PQsetNoticeProcessor(c->h, quiet_notice, NULL);
	return simple(c, "SET statement_timeout = '" STATEMENT_TIMEOUT "'; "
	    "SET idle_in_transaction_session_timeout = '60s'; SET client_min_messages = warning");
}

/* After a lost connection: reset it and prepare every statement again. */
static int
reconnect(struct pg *c)
{
	PQreset(c->h);
	if (PQstatus(c->h) != CONNECTION_OK) {
		set_err(c, PQerrorMessage(c->h));
		return STORE_UNAVAILABLE;
	}
	int rc = session_setup(c);
	for (size_t i = 0; rc == STORE_OK && i < c->nstmts; i++)
		rc = prepare_one(c, c->stmts[i]);
	if (rc != STORE_OK)
		return rc == STORE_ERROR ? STORE_ERROR : STORE_UNAVAILABLE;
	c->broken = false;
	log_info("db: reconnected to PostgreSQL");
	return STORE_OK;
}

/* ---- transactions ---- */

static void
pg_rollback(struct drv *d)
{
	struct pg *c = PG(d);
	if (!c->broken && PQtransactionStatus(c->h) != PQTRANS_IDLE)
		simple(c, "ROLLBACK");
	c->in_tx = c->write_tx = false;
}

static int
pg_begin(struct drv *d, bool write, uint64_t deadline_us)
{
	struct pg *c = PG(d);
	char sql[160];
	int rc;
	if ((c->broken || PQstatus(c->h) != CONNECTION_OK) && (rc = reconnect(c)) != STORE_OK)
		return rc;
	if (write) {
		/* A lock wait ends with the runner's deadline (STORE_BUSY), as SQLite's busy wait does. */
		uint64_t now = util_now_us();
		uint64_t left_ms = deadline_us > now ? (deadline_us - now) / 1000u : drv_write_wait_ms();
		snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL lock_timeout = %llu",
		    (unsigned long long)(left_ms > 0 ? left_ms : 1));
	} else {
		snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	}
	rc = simple(c, sql);
	/*
	 * The server restarted since this connection's last use: nothing of the
	 * transaction was sent yet, so reconnect once and begin again rather
	 * than fail the request.
	 */
	if (rc == STORE_UNAVAILABLE && reconnect(c) == STORE_OK)
		rc = simple(c, sql);
	if (rc != STORE_OK) {
		pg_rollback(d);
		return rc;
	}
	c->in_tx = true;
	c->write_tx = write;
	return STORE_OK;
}

static int
pg_commit(struct drv *d)
{
	struct pg *c = PG(d);
	PGresult *res = PQexec(c->h, "COMMIT");
	int rc = classify(c, res);
	/*
	 * COMMIT of a transaction an error aborted succeeds as a ROLLBACK: the
	 * writes are gone, so it must never be reported as committed.
	 */
	if (rc == STORE_OK && strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		log_error("db: COMMIT rolled back (%s): the transaction had failed", PQcmdStatus(res));
		rc = STORE_ERROR;
	}
	PQclear(res);
	pg_rollback(d);
	return rc;
}

static bool
pg_in_tx(struct drv *d)
{
	return PG(d)->in_tx;
}

static int
pg_exec(struct drv *d, const char *sql)
{
	struct pg *c = PG(d);
	int rc = simple(c, sql);
	if (rc != STORE_OK && rc != STORE_BUSY)
		log_error("db: %s: %s", sql, pg_errmsg(d));
	return rc;
}

/* ---- schema ---- */

/* The first integer of a one-value query, or -1. */
static int64_t
query_int(struct pg *c, const char *sql)
{
	PGresult *res = PQexec(c->h, sql);
	int64_t v = -1;
	if (classify(c, res) == STORE_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

static int
pg_schema_version(struct drv *d)
{
	struct pg *c = PG(d);
	int64_t have = query_int(c, "SELECT count(*) FROM pg_catalog.pg_tables "
	    "WHERE tablename = 'schema_version' AND schemaname = current_schema()");
	if (have <= 0)
		return (int)have;
	return (int)query_int(c, "SELECT coalesce(max(version), 0) FROM schema_version");
}

/*
 * The statements of a migration file, split at semicolons outside quotes
 * and comments (a CREATE TRIGGER runs to its END;).  Each data statement
 * (INSERT, UPDATE, DELETE) is appended to data; *ddl tells whether the
 * file had any other.
 */
static bool
split_data(const char *sql, char **data, size_t *len, size_t *cap, bool *ddl)
{
	const char *p = sql, *start = NULL;
	char first[16] = "", last[16] = "";
	bool trigger = false;

	while (*p) {
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
			continue;
		}
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (start == NULL)
			start = p;
		if (*p == '\'' || *p == '"') {
			char q = *p++;
			while (*p && *p != q)
				p++;
			if (*p)
				p++;
			continue;
		}
		if (isalpha((unsigned char)*p) || *p == '_') {
			size_t n = 0;
			char w[16];
			while (isalnum((unsigned char)p[n]) || p[n] == '_') {
				if (n < sizeof w - 1)
					w[n] = (char)toupper((unsigned char)p[n]);
				n++;
			}
			w[n < sizeof w ? n : sizeof w - 1] = '\0';
			if (first[0] == '\0')
				util_copy(first, sizeof first, w);
			else if (strcmp(first, "CREATE") == 0 && strcmp(last, "CREATE") == 0 && strcmp(w, "TRIGGER") == 0)
				trigger = true;
			util_copy(last, sizeof last, w);
			p += n;
			continue;
		}
		if (*p == ';' && (!trigger || strcmp(last, "END") == 0)) {
			size_t n = (size_t)(p + 1 - start);
			if (strcmp(first, "INSERT") == 0 || strcmp(first, "UPDATE") == 0 || strcmp(first, "DELETE") == 0) {
				if (!util_grow((void **)data, cap, *len + n + 2, 1, 4096))
					return false;
				memcpy(*data + *len, start, n);
				*len += n;
				(*data)[(*len)++] = '\n';
				(*data)[*len] = '\0';
			} else {
				*ddl = true;
			}
			start = NULL;
			first[0] = last[0] = '\0';
			trigger = false;
		}
		p++;
	}
	return true;
}

/* Apply the missing steps, all in one transaction under the migration lock. */
static int
migrate(struct pg *c, char *err, size_t errlen)
{
	char *data = NULL;
	int ret = STORE_ERROR;

	if (simple(c, "BEGIN") != STORE_OK ||
	    simple(c, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")") != STORE_OK ||
	    simple(c, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, "
	    "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())") != STORE_OK) {
		snprintf(err, errlen, "cannot start the migration: %s", c->err);
		goto cleanup;
	}
	int have = (int)query_int(c, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (have < 0) {
		snprintf(err, errlen, "cannot read schema version: %s", c->err);
		goto cleanup;
	}
	if (have > store_latest_version()) {
		snprintf(err, errlen, "database schema version %d is newer than this titrad "
		    "(knows up to %d); refusing to open it", have, store_latest_version());
		goto cleanup;
	}
	for (size_t i = 0; i < store_nmigrations; i++) {
		const struct store_migration *m = &store_migrations[i];
		size_t len = 0, cap = 0;
		bool ddl = false;
		char version[16];
		if (m->version <= have)
			continue;
		free(data);
		data = NULL;
		if (!split_data(m->sql, &data, &len, &cap, &ddl)) {
			snprintf(err, errlen, "out of memory");
			goto cleanup;
		}
		if (ddl && m->pg_sql == NULL) {
			snprintf(err, errlen, "migration %s changes the schema but has no PostgreSQL "
			    "counterpart (schema/pg/%s)", m->name, m->name);
			goto cleanup;
		}
		if ((m->pg_sql != NULL && simple(c, m->pg_sql) != STORE_OK) ||
		    (data != NULL && simple(c, data) != STORE_OK)) {
			snprintf(err, errlen, "migration %s failed: %s", m->name, c->err);
			goto cleanup;
		}
		snprintf(version, sizeof version, "%d", m->version);
		const char *params[2] = { version, m->name };
		PGresult *res = PQexecParams(c->h, "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
		    2, NULL, params, NULL, NULL, 0);
		int rc = classify(c, res);
		PQclear(res);
		if (rc != STORE_OK) {
			snprintf(err, errlen, "migration %s: cannot record it: %s", m->name, c->err);
			goto cleanup;
		}
		log_info("db: applied migration %s (PostgreSQL)", m->name);
	}
	if (simple(c, "COMMIT") != STORE_OK) {
		snprintf(err, errlen, "cannot commit the migration: %s", c->err);
		goto cleanup;
	}
	ret = STORE_OK;
cleanup:
	if (ret != STORE_OK && PQtransactionStatus(c->h) != PQTRANS_IDLE)
		simple(c, "ROLLBACK");
	free(data);
	return ret;
}

static int64_t
pg_count(struct drv *d, const char *table)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return query_int(PG(d), sql);
}

static int
pg_file_check(struct drv *d, char *why, size_t whylen)
{
	(void)d;
	(void)why;
	(void)whylen;
	return STORE_OK;     /* no file of ours: the server keeps its own */
}

static int
pg_backup(struct drv *d, const char *to_path, char *err, size_t errlen)
{
	(void)d;
	(void)to_path;
	snprintf(err, errlen, "PostgreSQL database: use pg_dump");
	return STORE_ERROR;
}

static bool
pg_integrity_ok(struct drv *d)
{
	return query_int(PG(d), "SELECT 1") == 1;
}

static void
pg_close(struct drv *d)
{
	struct pg *c = PG(d);
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nstmts; i++) {
		pg_reset(&c->stmts[i]->base);
		stmt_free(c->stmts[i]);
	}
	free(c->stmts);
	PQfinish(c->h);
	free(c);
}

static const struct drv_ops pg_ops = {
	.name = "postgresql",
	.prepare = pg_prepare, .bind_int64 = pg_bind_int64, .bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob, .step = pg_step, .reset = pg_reset,
	.column_int64 = pg_column_int64, .column_text = pg_column_text, .column_null = pg_column_null,
	.column_blob = pg_column_blob, .sql = pg_sql, .changes = pg_changes, .errmsg = pg_errmsg,
	.begin = pg_begin, .commit = pg_commit, .rollback = pg_rollback, .in_tx = pg_in_tx, .exec = pg_exec,
	.schema_version = pg_schema_version, .count = pg_count, .file_check = pg_file_check,
	.backup = pg_backup, .integrity_ok = pg_integrity_ok, .close = pg_close,
};

int
drv_pg_open(const char *uri, bool do_migrate, struct drv **out, char *err, size_t errlen)
{
	/* Defaults first: what the URI itself says overrides them (expand_dbname). */
	static const char *const keys[] = { "connect_timeout", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", "tcp_user_timeout", "application_name",
		"dbname", NULL };
	const char *vals[] = { "5", "1", "30", "10", "3", "30000", "titrad", uri, NULL };
	struct pg *c = calloc(1, sizeof *c);
	char shown[512];
	int ret = STORE_ERROR;

	*out = NULL;
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	c->base.ops = &pg_ops;
	util_redact_uri(uri, shown, sizeof shown);
	c->h = PQconnectdbParams(keys, vals, 1);
	if (c->h == NULL || PQstatus(c->h) != CONNECTION_OK) {
		set_err(c, c->h ? PQerrorMessage(c->h) : "out of memory");
		snprintf(err, errlen, "cannot connect to PostgreSQL database %s: %s", shown, c->err);
		goto cleanup;
	}
	if (session_setup(c) != STORE_OK) {
		snprintf(err, errlen, "cannot configure PostgreSQL database %s: %s", shown, c->err);
		goto cleanup;
	}
	if (do_migrate && migrate(c, err, errlen) != STORE_OK)
		goto cleanup;
	int have = pg_schema_version(&c->base);
	if (have != store_latest_version()) {
		snprintf(err, errlen, "database %s has schema version %d, this titrad needs %d",
		    shown, have, store_latest_version());
		goto cleanup;
	}
	*out = &c->base;
	c = NULL;
	ret = STORE_OK;
cleanup:
	if (c != NULL)
		pg_close(&c->base);
	return ret;
}
