/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.h - titrad's store: the one storage interface, on SQLite or
 * PostgreSQL.
 *
 * store_open's argument picks the backend: a postgresql:// or postgres://
 * URI (libpq syntax) opens PostgreSQL (drv_pg.c), anything else is a
 * SQLite file (drv_sqlite.c); every store_* function below is written once
 * (store.c) on the driver interface (drv.h).  One struct store per thread:
 * a connection with every statement prepared once at open and reset after
 * each use.  Opening applies the embedded migrations (schema/NNN_*.sql,
 * with schema/pg/NNN_*.sql as PostgreSQL's DDL of the step; recorded in
 * PRAGMA user_version, or the schema_version table) and refuses a database
 * newer than this binary.
 *
 * Every write a request makes runs between store_begin(db, true) and
 * store_commit(); on any error the caller calls store_rollback(), so a request's
 * writes land whole or not at all.  SQLite: synchronous=FULL in WAL mode makes a
 * committed transaction survive power loss and kill -9, and a process-wide
 * write gate serialises writers.  PostgreSQL: writes run SERIALIZABLE, reads
 * REPEATABLE READ READ ONLY; a serialization failure is STORE_BUSY, retried
 * by store_run_tx.
 *
 * The invariants, and what holds them when several processes (titrad
 * instances on one PostgreSQL database) write at once:
 *   database constraints: unique patient.external_id; one running
 *     (active/held) regimen per patient and drug (partial unique index); the
 *     flag dedupe key (partial unique index on unresolved flags); the
 *     idempotency key (primary key token_id, key); unique token labels and
 *     hashes; one check-in per regimen and night; one CDS feedback per card
 *     and outcome; the append-only audit (triggers);
 *   serializable transactions (SQLite: one writer at a time): no two
 *     regimens of a drug dosing on the same nights (read, then insert); one
 *     review per flag (UPDATE ... WHERE status = 'open'; the loser retries
 *     and finds it decided); a safety recheck's flags, raised and resolved
 *     as one.
 *
 * Functions return STORE_OK, STORE_NOTFOUND, STORE_CONFLICT (a UNIQUE constraint),
 * STORE_BUSY (lock not obtained within the busy timeout, or a serialization
 * failure), STORE_FULL, STORE_UNAVAILABLE (the server is gone) or STORE_ERROR
 * (logged).  Nullable integers use -1 for NULL; nullable strings use "".
 */
#ifndef TITRAD_DB_H
#define TITRAD_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/symptoms.h"
#include "engine/datetime.h"
#include "engine/formulary.h"
#include "engine/interactions.h"
#include "engine/renal.h"
#include "engine/titration.h"

enum { STORE_OK = 0, STORE_NOTFOUND = 1, STORE_CONFLICT = 2, STORE_BUSY = 3, STORE_ERROR = -1 };
/* The disk is full: nothing was written; worth retrying later (503). */
#define STORE_FULL 4
/*
 * The database server is gone (PostgreSQL restarting, the connection lost):
 * nothing was written; 503 with Retry-After.  The next transaction
 * reconnects and prepares its statements again.
 */
#define STORE_UNAVAILABLE 5

#define STORE_EXTID_MAX   64
#define STORE_NAME_MAX    400    /* bytes of UTF-8 */
#define STORE_REASON_MAX  1000
#define STORE_LABEL_MAX   64
#define STORE_WRITE_WAIT_MS 500   /* the default of config key write_wait_ms */

struct store;

/*
 * One step of the numbered series: sql is schema/NNN_name.sql (SQLite DDL
 * and the clinical data rows); pg_sql is schema/pg/NNN_name.sql, the same
 * step's PostgreSQL DDL (NULL when the step has none), applied before the
 * data statements of sql.
 */
struct store_migration {
	int version;
	const char *name;
	const char *sql;
	const char *pg_sql;
};
extern const struct store_migration store_migrations[];
extern const size_t store_nmigrations;

struct store_patient {
	int64_t id;
	char external_id[STORE_EXTID_MAX + 1];
	char display_name[STORE_NAME_MAX + 1];
	int64_t crcl_given_dml, age, weight_dkg, scr_cmgdl, ferritin_dng, tsat_dpct;
	char sex[8];
	int dialysis;
	int64_t version;
	char created_at[DT_STAMP_LEN], updated_at[DT_STAMP_LEN];
};

struct store_renal {
	char effective_date[DT_DATE_LEN];
	int64_t crcl_dml;
	int dialysis;
	char created_at[DT_STAMP_LEN];
};

struct store_regimen {
	int64_t id, patient_id;
	char drug[TITR_DRUG_MAX];
	char start_date[DT_DATE_LEN];
	char symptom_onset[DT_TIME_LEN], bedtime[DT_TIME_LEN], dose_time[DT_TIME_LEN];
	int64_t start_ug, step_ug, interval_days, max_ug;
	char status[16];
	int64_t version;
	char created_at[DT_STAMP_LEN], updated_at[DT_STAMP_LEN];
	/* schema/011 guided titration; zero values are the defaults (guided, CK_CONTROLLED_DEFAULT). */
	int unguided;              /* 1: check-ins never hold it */
	int64_t controlled_below;  /* a check-in's severity below this holds a guided regimen */
};

struct store_event {
	int64_t id;
	char kind[8];
	char night_date[DT_DATE_LEN];
	char reason[STORE_REASON_MAX + 1];
	char created_at[DT_STAMP_LEN];
	char created_by[STORE_LABEL_MAX + 1];
};

struct store_token {
	int64_t id;
	char label[STORE_LABEL_MAX + 1];
	char role[16];
	int64_t patient_id;
	char created_at[DT_STAMP_LEN], last_used_at[DT_STAMP_LEN];
	char expires_at[DT_STAMP_LEN], revoked_at[DT_STAMP_LEN];
	char hash[65];
};

struct store_audit {
	int64_t id;
	char at[DT_STAMP_LEN];
	char actor[STORE_LABEL_MAX + 1];
	char role[16];
	char action[32];
	char entity[32];
	int64_t entity_id;
	char detail[STORE_REASON_MAX + 1];
};

struct store_med {
	int64_t id, patient_id;
	char name[STORE_NAME_MAX + 1];
	char started[DT_DATE_LEN], stopped[DT_DATE_LEN];
	char status[12];
	char created_at[DT_STAMP_LEN], updated_at[DT_STAMP_LEN];
	int64_t ingredient[FM_MAX_INGREDIENTS];
	size_t ningredients;
};

struct store_flag {
	int64_t id, patient_id, regimen_id, medication_id;
	char rule[IA_RULE_MAX];
	char severity[12];
	char summary[160];
	char detail[IA_DETAIL_MAX];
	char source[256];
	char kb_version[32];
	char status[16];
	char created_at[DT_STAMP_LEN];
	char reviewed_by[STORE_LABEL_MAX + 1];
	char reviewed_at[DT_STAMP_LEN];
	char review_note[STORE_REASON_MAX + 1];
};

struct store_flag_filter {
	const char *status;       /* NULL: any */
	const char *severity;     /* NULL: any */
	int64_t patient_id;       /* -1: any */
	int64_t regimen_id;       /* -1: any */
	int64_t medication_id;    /* -1: any */
	bool live_only;           /* status <> 'resolved' */
};

/* Open (creating and migrating when allowed) and prepare.  err gets a sentence. */
int store_open(const char *path, bool migrate, struct store **out, char *err, size_t errlen);
void store_close(struct store *db);
int store_schema_version(struct store *db);
#define STORE_INSTANCE_LEN 17
/* The database's own random id (16 hex digits, made by migration 014). */
int store_instance_id(struct store *db, char out[STORE_INSTANCE_LEN]);
int store_latest_version(void);
const char *store_errmsg(struct store *db);
/* Does a --db argument name a PostgreSQL database (a postgresql:// or postgres:// URI)? */
bool store_is_postgresql(const char *db_arg);
/* "sqlite" or "postgresql" (GET /v1/health). */
const char *store_backend_name(const struct store *db);

/*
 * The transaction runner.  fn does one transaction's work and returns
 * STORE_OK to commit; any other code rolls back and is returned.  A read
 * transaction gives fn one snapshot for all its reads; a write transaction
 * holds the write lock.  When the lock is not had (STORE_BUSY, from begin,
 * from fn or from the commit) the transaction is rolled back and fn runs
 * again, STORE_TX_TRIES times at most with a short growing pause, so fn must
 * start afresh each time (free what an earlier try built).  STORE_BUSY after
 * the last try.  The commit is durable when this returns STORE_OK.
 */
enum store_tx_kind { STORE_TX_READ, STORE_TX_WRITE };
typedef int (*store_tx_fn)(struct store *db, void *cls);
#define STORE_TX_TRIES 4
int store_run_tx(struct store *db, enum store_tx_kind kind, store_tx_fn fn, void *cls);
/* store_run_tx with every try given up at deadline_us (util_now_us clock) instead of write_wait from now. */
int store_run_tx_until(struct store *db, enum store_tx_kind kind, uint64_t deadline_us, store_tx_fn fn,
    void *cls);
/*
 * How long a write may wait, in all, for the database (this process's
 * other writers, then another process's lock) before STORE_BUSY; for the
 * whole process.  A write transaction holds the process's write gate from
 * store_begin to store_commit/store_rollback.
 */
void store_set_write_wait(unsigned ms);
/*
 * Is the file at the path opened still the one opened?  STORE_ERROR with
 * the reason in why when it was deleted or replaced: writes would land in
 * an unlinked inode and be lost.
 */
int store_file_check(struct store *db, char *why, size_t whylen);

/* The pieces store_run_tx is made of, for callers that hold a transaction open across calls (CLI). */
int store_begin(struct store *db, bool write);
int store_commit(struct store *db);
void store_rollback(struct store *db);
bool store_in_tx(struct store *db);
/*
 * Savepoints inside a write transaction, for group commit: several
 * requests in one transaction, each between store_savepoint and
 * store_release, so one that fails is undone alone (store_rollback_to,
 * then store_release).  name: [a-z_]+, up to 31 bytes.  While a savepoint
 * is open, store_rollback undoes to the innermost one and keeps the
 * transaction (and the write gate): code written for a transaction of its
 * own runs unchanged as one job of a batch.  STORE_ERROR from
 * store_rollback_to when the transaction itself was lost (the database
 * rolled it all back: disk full, I/O error); the caller then rolls back.
 */
int store_savepoint(struct store *db, const char *name);
int store_release(struct store *db, const char *name);
int store_rollback_to(struct store *db, const char *name);

/* Protocols (read once at start-up). */
/*
 * Reads named _all, _list without a page, protocols and bands return every
 * row in a new array (*out, the caller frees; NULL when empty): they feed
 * dose and safety decisions, so they grow to need and never truncate.
 * Paged reads (after, limit) fill a caller's array of `limit` rows.
 */
int store_protocols(struct store *db, struct titr_protocol **out, size_t *n);
int store_renal_bands(struct store *db, struct renal_band **out, size_t *n);
/* The protocol row of drug; STORE_NOTFOUND if there is none. */
int store_protocol_get(struct store *db, const char *drug, struct titr_protocol *out);
/* Every patient_text row, by drug then position, into a new array (free it); *out NULL if none. */
int store_patient_texts(struct store *db, struct titr_note **out, size_t *n);

/* The knowledge base: formulary and rules (read once at start-up). */
int store_load_formulary(struct store *db, struct formulary *f);
int store_load_kb(struct store *db, struct ia_kb **out);

int store_med_insert(struct store *db, struct store_med *m, const char *actor);
int store_med_get(struct store *db, int64_t id, struct store_med *m);
int store_med_all(struct store *db, int64_t patient_id, bool active_only, struct store_med **out, size_t *n);
/* active_only: the current list; else every medication ever recorded. */
int store_med_list(struct store *db, int64_t patient_id, bool active_only, int64_t after, int limit,
    struct store_med *out, size_t *n);
int store_med_stop(struct store *db, int64_t id, const char *date, const char *now);

int store_flag_insert(struct store *db, struct store_flag *fl);
int store_flag_get(struct store *db, int64_t id, struct store_flag *fl);
int store_flag_all(struct store *db, const struct store_flag_filter *flt, struct store_flag **out, size_t *n);
int store_flag_list(struct store *db, const struct store_flag_filter *flt, int64_t after, int limit,
    struct store_flag *out, size_t *n);
/* open -> decided; STORE_CONFLICT when the flag is no longer open. */
int store_flag_review(struct store *db, int64_t id, const char *status, const char *by, const char *at,
    const char *note);
/* Open flags of a patient by severity, for /metrics: counts[0..2] = info, warning, critical. */
int store_flag_open_counts(struct store *db, int64_t counts[3]);

int store_patient_insert(struct store *db, struct store_patient *p);
int store_patient_get(struct store *db, int64_t id, struct store_patient *p);
int store_patient_by_extid(struct store *db, const char *external_id, struct store_patient *p);
int store_patient_list(struct store *db, int64_t after, int limit, struct store_patient *out, size_t *n);
/* Store every field of p and bump its version; p->version gets the new one. */
int store_patient_update(struct store *db, struct store_patient *p);

int store_renal_insert(struct store *db, int64_t patient_id, const char *date, int64_t crcl_dml,
    int dialysis, const char *now);
/* The renal history, oldest first (effective date, then entry order). */
int store_renal_list(struct store *db, int64_t patient_id, struct store_renal **out, size_t *n);

int store_regimen_insert(struct store *db, struct store_regimen *r);
int store_regimen_get(struct store *db, int64_t id, struct store_regimen *r);
int store_regimen_list(struct store *db, int64_t patient_id, int64_t after, int limit,
    struct store_regimen *out, size_t *n);
int store_regimen_all(struct store *db, int64_t patient_id, struct store_regimen **out, size_t *n);
int store_regimen_set_status(struct store *db, struct store_regimen *r, const char *status, const char *now);

int store_event_insert(struct store *db, int64_t regimen_id, const char *kind, const char *night_date,
    const char *reason, const char *now, const char *actor);
int store_event_list(struct store *db, int64_t regimen_id, struct store_event **out, size_t *n);

int store_token_insert(struct store *db, struct store_token *t, const char *hash);
int store_token_by_hash(struct store *db, const char *hash, struct store_token *t);
int store_token_touch(struct store *db, int64_t id, const char *now);
int store_token_revoke(struct store *db, const char *label, const char *now);
int store_token_list(struct store *db, int64_t after, int limit, struct store_token *out, size_t *n);

int store_audit_insert(struct store *db, const char *actor, const char *role, const char *action,
    const char *entity, int64_t entity_id, const char *detail, const char *now);
int store_audit_list(struct store *db, const char *entity, int64_t entity_id, int64_t after, int limit,
    struct store_audit *out, size_t *n);

struct store_idem {
	char request_hash[65];
	int status;
	char content_type[64];
	char location[128];
	char etag[64];
	char *body;               /* malloc'd by store_idem_get; caller frees */
	size_t body_len;
};
/* A stored response newer than `since`; STORE_NOTFOUND if none. */
int store_idem_get(struct store *db, int64_t token_id, const char *key, const char *since, struct store_idem *out);
/* Store a response (and drop rows older than `expire_before`); STORE_CONFLICT if the key exists. */
int store_idem_put(struct store *db, int64_t token_id, const char *key, const struct store_idem *in,
    const char *now, const char *expire_before);

/* CDS Hooks cards as shown (schema/007_cds.sql). */
#define STORE_CDS_KEY_MAX 256     /* context.patientId, userId, hookInstance */
struct store_cds_card {
	int64_t id;
	char uuid[37];
	char hook[16];
	char hook_instance[STORE_CDS_KEY_MAX + 1];
	char patient_key[STORE_CDS_KEY_MAX + 1];
	char user_id[STORE_CDS_KEY_MAX + 1];
	char ingredient[FM_NAME_MAX * 2];
	char rule[IA_RULE_MAX];
	char indicator[12];
	char shown_at[DT_STAMP_LEN];
};
int store_cds_card_insert(struct store *db, struct store_cds_card *c);
int store_cds_card_get(struct store *db, const char *uuid, struct store_cds_card *c);
/* STORE_OK if a card with these keys was shown at `hook` after `since`, else STORE_NOTFOUND. */
int store_cds_card_recent(struct store *db, const struct store_cds_card *key, const char *hook, const char *since);
/* STORE_CONFLICT when this (card, outcome) is already recorded. */
int store_cds_feedback_insert(struct store *db, const struct store_cds_card *c, const char *outcome,
    const char *reason, const char *comment, const char *outcome_at, const char *now);

/* Console sessions (schema/012_console_sessions.sql); only a hash of the id is stored. */
#define STORE_FLASH_MAX 255
struct store_session {
	int64_t id;
	char csrf[48];
	char created_at[DT_STAMP_LEN], last_seen_at[DT_STAMP_LEN], expires_at[DT_STAMP_LEN];
	char flash[STORE_FLASH_MAX + 1];  /* the outcome the next page shows once */
	struct store_token token;         /* the token the session was opened with */
};
int store_session_insert(struct store *db, const char *hash, int64_t token_id, const char *csrf,
    const char *now, const char *expires_at);
int store_session_get(struct store *db, const char *hash, struct store_session *s);
/* Record a use (now) and set the flash ("" clears it). */
int store_session_touch(struct store *db, int64_t id, const char *now, const char *flash);
int store_session_delete(struct store *db, const char *hash);
/* Drop sessions past their absolute expiry (<= now) or idle since idle_before. */
int store_session_expire(struct store *db, const char *now, const char *idle_before);

/* Check-ins (schema/011): one per regimen and night; bit sets as in engine/symptoms.h. */
struct store_checkin {
	int64_t id, regimen_id;
	char night[DT_DATE_LEN];
	int64_t severity;
	char onset[DT_TIME_LEN];     /* "" none */
	int64_t body_parts, side_effects;
	int64_t irls;                /* -1 none */
	char note[STORE_REASON_MAX + 1];
	char created_at[DT_STAMP_LEN];
	char created_by[STORE_LABEL_MAX + 1];
};
/* STORE_CONFLICT when the regimen has a check-in for that night. */
int store_checkin_insert(struct store *db, struct store_checkin *c);
/* Every check-in of a regimen, nights ascending (feeds flags: grows to need). */
int store_checkin_all(struct store *db, int64_t regimen_id, struct store_checkin **out, size_t *n);
/* A page of a regimen's check-ins with lo <= night <= hi (YYYY-MM-DD), nights ascending, at most limit. */
int store_checkin_page(struct store *db, int64_t regimen_id, const char *lo, const char *hi, int limit,
    struct store_checkin *out, size_t *n);
/* The rule a reported event raises for a drug (checkin_rule); STORE_NOTFOUND if none. */
int store_checkin_rule(struct store *db, const char *event, const char *drug, char rule[IA_RULE_MAX],
    char severity[12], int64_t *nights);
/* The augmentation watch of a drug; STORE_NOTFOUND if the drug is not watched. */
struct store_augmentation {
	char rule[IA_RULE_MAX];
	int64_t window_nights, min_nights, earlier_minutes, spread_minutes;
};
int store_augmentation_watch(struct store *db, const char *drug, struct store_augmentation *out);

/* This installation's domain for iCalendar UIDs (schema/011 installation). */
#define STORE_UID_DOMAIN_MAX 64
int store_uid_domain(struct store *db, char out[STORE_UID_DOMAIN_MAX + 1]);

/* Row count of a table named in the fixed list (tests, metrics); -1 on error. */
int64_t store_count(struct store *db, const char *table);
/* Online backup to a file, consistent while other connections write. */
int store_backup(struct store *db, const char *to_path, char *err, size_t errlen);
/* PRAGMA integrity_check == "ok" */
bool store_integrity_ok(struct store *db);

/*
 * The data version (schema/015): raised at the commit of every transaction
 * that changed a patient, renal value, regimen or its events, medication,
 * flag or check-in.  Read in a request's snapshot, it tells whether a body
 * made at an earlier version is still what the database says, whichever
 * process wrote.
 */
int store_data_version(struct store *db, int64_t *v);
/* Write transactions this process has begun (store_begin(db, true)), for tests and /metrics. */
uint64_t store_write_tx_count(void);

#endif
