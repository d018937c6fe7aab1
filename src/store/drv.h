/* SPDX-License-Identifier: Apache-2.0 */
/*
 * drv.h - the database driver under store.c: one connection, its prepared
 * statements, its transactions and its migrations, for SQLite (drv_sqlite.c)
 * or PostgreSQL (drv_pg.c).
 *
 * The statement API mirrors SQLite's one for one (sqlite3_bind_int64 is
 * drv_bind_int64, sqlite3_step is drv_step ...), so store code ports by a
 * rename and every store_* function is written once.  Differences the
 * drivers hide:
 *   - placeholders: the SQL keeps SQLite's numbered ?N; the PostgreSQL
 *     driver rewrites them to $N when it prepares (never inside a literal);
 *   - drv_bind_text(st, i, NULL) binds NULL; the text is always copied;
 *   - drv_step returns DRV_ROW, DRV_DONE or a STORE_ code (STORE_CONFLICT a
 *     unique violation, STORE_BUSY a lock or serialization failure worth a
 *     retry, STORE_FULL the disk, STORE_UNAVAILABLE the server gone,
 *     STORE_ERROR anything else); drv_reset also clears the bindings;
 *   - a failed statement inside a write transaction leaves the transaction
 *     usable (PostgreSQL: each write statement runs under a savepoint), as
 *     SQLite does, so a caller may go on after STORE_CONFLICT.
 * A statement object stays valid for the connection's life: the PostgreSQL
 * driver prepares every statement again after it reconnects.
 */
#ifndef TITRAD_DRV_H
#define TITRAD_DRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum { DRV_ROW = 100, DRV_DONE = 101 };

struct drv;
struct drv_stmt;

struct drv_ops {
	const char *name;       /* store_backend_name: "sqlite", "postgresql" */
	struct drv_stmt *(*prepare)(struct drv *c, int index, const char *sql, char *err, size_t errlen);
	void (*bind_int64)(struct drv_stmt *st, int i, int64_t v);
	void (*bind_text)(struct drv_stmt *st, int i, const char *s);
	void (*bind_blob)(struct drv_stmt *st, int i, const void *p, size_t n);
	int (*step)(struct drv_stmt *st);
	void (*reset)(struct drv_stmt *st);
	int64_t (*column_int64)(struct drv_stmt *st, int i);
	const char *(*column_text)(struct drv_stmt *st, int i);
	bool (*column_null)(struct drv_stmt *st, int i);
	const void *(*column_blob)(struct drv_stmt *st, int i, size_t *n);
	const char *(*sql)(struct drv_stmt *st);
	int64_t (*changes)(struct drv *c);
	const char *(*errmsg)(struct drv *c);
	/* deadline_us: when the whole transaction runner gives up (0: none). */
	int (*begin)(struct drv *c, bool write, uint64_t deadline_us);
	int (*commit)(struct drv *c);
	void (*rollback)(struct drv *c);
	bool (*in_tx)(struct drv *c);
	/* One statement without parameters inside the transaction (SAVEPOINT ...): a STORE_ code, logged. */
	int (*exec)(struct drv *c, const char *sql);
	int (*schema_version)(struct drv *c);
	/* One SELECT count(*) of a table store.c has checked against its list. */
	int64_t (*count)(struct drv *c, const char *table);
	int (*file_check)(struct drv *c, char *why, size_t whylen);
	int (*backup)(struct drv *c, const char *to_path, char *err, size_t errlen);
	bool (*integrity_ok)(struct drv *c);
	void (*close)(struct drv *c);
};

struct drv { const struct drv_ops *ops; };
struct drv_stmt { const struct drv_ops *ops; };

/* Open a connection, apply the migrations when migrate, refuse a newer schema. */
int drv_sqlite_open(const char *path, bool migrate, struct drv **out, char *err, size_t errlen);
int drv_pg_open(const char *uri, bool migrate, struct drv **out, char *err, size_t errlen);

/* The process-wide write wait (store_set_write_wait), for the drivers. */
unsigned drv_write_wait_ms(void);

static inline void drv_bind_int64(struct drv_stmt *st, int i, int64_t v) { st->ops->bind_int64(st, i, v); }
static inline void drv_bind_int(struct drv_stmt *st, int i, int v) { st->ops->bind_int64(st, i, v); }
static inline void drv_bind_text(struct drv_stmt *st, int i, const char *s) { st->ops->bind_text(st, i, s); }
static inline void drv_bind_null(struct drv_stmt *st, int i) { st->ops->bind_text(st, i, NULL); }
static inline void drv_bind_blob(struct drv_stmt *st, int i, const void *p, size_t n) { st->ops->bind_blob(st, i, p, n); }
static inline int drv_step(struct drv_stmt *st) { return st->ops->step(st); }
static inline void drv_reset(struct drv_stmt *st) { st->ops->reset(st); }
static inline int64_t drv_column_int64(struct drv_stmt *st, int i) { return st->ops->column_int64(st, i); }
static inline int drv_column_int(struct drv_stmt *st, int i) { return (int)st->ops->column_int64(st, i); }
static inline const char *drv_column_text(struct drv_stmt *st, int i) { return st->ops->column_text(st, i); }
static inline bool drv_column_null(struct drv_stmt *st, int i) { return st->ops->column_null(st, i); }
static inline const void *drv_column_blob(struct drv_stmt *st, int i, size_t *n) { return st->ops->column_blob(st, i, n); }
static inline const char *drv_sql(struct drv_stmt *st) { return st->ops->sql(st); }
static inline int64_t drv_changes(struct drv *c) { return c->ops->changes(c); }
static inline const char *drv_errmsg(struct drv *c) { return c->ops->errmsg(c); }

#endif
