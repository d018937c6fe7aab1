/*
 * db.h - titrad's SQLite store.
 *
 * One struct db per thread: a connection with every statement prepared
 * once at open and reset after each use.  Opening applies the embedded
 * migrations (schema/NNN_*.sql, one transaction each, recorded in PRAGMA
 * user_version) and refuses a database newer than this binary.
 *
 * Every write a request makes runs between db_begin(db, true) and
 * db_commit(); on any error the caller calls db_rollback(), so a request's
 * writes land whole or not at all.  synchronous=FULL in WAL mode makes a
 * committed transaction survive power loss and kill -9.
 *
 * Functions return DB_OK, DB_NOTFOUND, DB_CONFLICT (a UNIQUE constraint),
 * DB_BUSY (lock not obtained within the busy timeout) or DB_ERROR (logged).
 * Nullable integers use -1 for NULL; nullable strings use "".
 */
#ifndef TITRAD_DB_H
#define TITRAD_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datetime.h"
#include "formulary.h"
#include "interactions.h"
#include "renal.h"
#include "titration.h"

enum { DB_OK = 0, DB_NOTFOUND = 1, DB_CONFLICT = 2, DB_BUSY = 3, DB_ERROR = -1 };

#define DB_EXTID_MAX   64
#define DB_NAME_MAX    400    /* bytes of UTF-8 */
#define DB_REASON_MAX  1000
#define DB_LABEL_MAX   64
#define DB_BUSY_TIMEOUT_MS 5000
#define DB_EVENTS_MAX  128    /* events one regimen may hold */
#define DB_RENAL_MAX   512

struct db;

struct db_migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct db_migration db_migrations[];
extern const size_t db_nmigrations;

struct db_patient {
	int64_t id;
	char external_id[DB_EXTID_MAX + 1];
	char display_name[DB_NAME_MAX + 1];
	int64_t crcl_given_dml, age, weight_dkg, scr_cmgdl, ferritin_dng, tsat_dpct;
	char sex[8];
	int dialysis;
	int64_t version;
	char created_at[DT_STAMP_LEN], updated_at[DT_STAMP_LEN];
};

struct db_renal {
	char effective_date[DT_DATE_LEN];
	int64_t crcl_dml;
	int dialysis;
	char created_at[DT_STAMP_LEN];
};

struct db_regimen {
	int64_t id, patient_id;
	char drug[TITR_DRUG_MAX];
	char start_date[DT_DATE_LEN];
	char symptom_onset[DT_TIME_LEN], bedtime[DT_TIME_LEN], dose_time[DT_TIME_LEN];
	int64_t start_ug, step_ug, interval_days, max_ug;
	char status[16];
	int64_t version;
	char created_at[DT_STAMP_LEN], updated_at[DT_STAMP_LEN];
};

struct db_event {
	int64_t id;
	char kind[8];
	char night_date[DT_DATE_LEN];
	char reason[DB_REASON_MAX + 1];
	char created_at[DT_STAMP_LEN];
	char created_by[DB_LABEL_MAX + 1];
};

struct db_token {
	int64_t id;
	char label[DB_LABEL_MAX + 1];
	char role[16];
	int64_t patient_id;
	char created_at[DT_STAMP_LEN], last_used_at[DT_STAMP_LEN];
	char expires_at[DT_STAMP_LEN], revoked_at[DT_STAMP_LEN];
	char hash[65];
};

struct db_audit {
	int64_t id;
	char at[DT_STAMP_LEN];
	char actor[DB_LABEL_MAX + 1];
	char role[16];
	char action[32];
	char entity[32];
	int64_t entity_id;
	char detail[DB_REASON_MAX + 1];
};

struct db_med {
	int64_t id, patient_id;
	char name[DB_NAME_MAX + 1];
	char started[DT_DATE_LEN], stopped[DT_DATE_LEN];
	char status[12];
	char created_at[DT_STAMP_LEN], updated_at[DT_STAMP_LEN];
	int64_t ingredient[FM_MAX_INGREDIENTS];
	size_t ningredients;
};

struct db_flag {
	int64_t id, patient_id, regimen_id, medication_id;
	char rule[IA_RULE_MAX];
	char severity[12];
	char summary[160];
	char detail[IA_DETAIL_MAX];
	char source[256];
	char kb_version[32];
	char status[16];
	char created_at[DT_STAMP_LEN];
	char reviewed_by[DB_LABEL_MAX + 1];
	char reviewed_at[DT_STAMP_LEN];
	char review_note[DB_REASON_MAX + 1];
};

struct db_flag_filter {
	const char *status;       /* NULL: any */
	const char *severity;     /* NULL: any */
	int64_t patient_id;       /* -1: any */
	int64_t regimen_id;       /* -1: any */
	int64_t medication_id;    /* -1: any */
	bool live_only;           /* status <> 'resolved' */
};

/* Open (creating and migrating when allowed) and prepare.  err gets a sentence. */
int db_open(const char *path, bool migrate, struct db **out, char *err, size_t errlen);
void db_close(struct db *db);
int db_schema_version(struct db *db);
int db_latest_version(void);
const char *db_errmsg(struct db *db);

int db_begin(struct db *db, bool write);
int db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_tx(struct db *db);

/* Protocols (read once at start-up). */
int db_protocols(struct db *db, struct titr_protocol *out, size_t cap, size_t *n);
int db_renal_bands(struct db *db, struct renal_band *out, size_t cap, size_t *n);

/* The knowledge base: formulary and rules (read once at start-up). */
int db_load_formulary(struct db *db, struct formulary *f);
int db_load_kb(struct db *db, struct ia_kb **out);

int db_med_insert(struct db *db, struct db_med *m, const char *actor);
int db_med_get(struct db *db, int64_t id, struct db_med *m);
/* active_only: the current list; else every medication ever recorded. */
int db_med_list(struct db *db, int64_t patient_id, bool active_only, int64_t after, int limit,
    struct db_med *out, size_t *n);
int db_med_stop(struct db *db, int64_t id, const char *date, const char *now);

int db_flag_insert(struct db *db, struct db_flag *fl);
int db_flag_get(struct db *db, int64_t id, struct db_flag *fl);
int db_flag_list(struct db *db, const struct db_flag_filter *flt, int64_t after, int limit,
    struct db_flag *out, size_t *n);
/* open -> decided; DB_CONFLICT when the flag is no longer open. */
int db_flag_review(struct db *db, int64_t id, const char *status, const char *by, const char *at,
    const char *note);
/* Open flags of a patient by severity, for /metrics: counts[0..2] = info, warning, critical. */
int db_flag_open_counts(struct db *db, int64_t counts[3]);

int db_patient_insert(struct db *db, struct db_patient *p);
int db_patient_get(struct db *db, int64_t id, struct db_patient *p);
int db_patient_by_extid(struct db *db, const char *external_id, struct db_patient *p);
int db_patient_list(struct db *db, int64_t after, int limit, struct db_patient *out, size_t *n);
/* Store every field of p and bump its version; p->version gets the new one. */
int db_patient_update(struct db *db, struct db_patient *p);

int db_renal_insert(struct db *db, int64_t patient_id, const char *date, int64_t crcl_dml,
    int dialysis, const char *now);
int db_renal_list(struct db *db, int64_t patient_id, struct db_renal *out, size_t cap, size_t *n);

int db_regimen_insert(struct db *db, struct db_regimen *r);
int db_regimen_get(struct db *db, int64_t id, struct db_regimen *r);
int db_regimen_list(struct db *db, int64_t patient_id, int64_t after, int limit,
    struct db_regimen *out, size_t *n);
int db_regimen_set_status(struct db *db, struct db_regimen *r, const char *status, const char *now);

int db_event_insert(struct db *db, int64_t regimen_id, const char *kind, const char *night_date,
    const char *reason, const char *now, const char *actor);
int db_event_list(struct db *db, int64_t regimen_id, struct db_event *out, size_t cap, size_t *n);

int db_token_insert(struct db *db, struct db_token *t, const char *hash);
int db_token_by_hash(struct db *db, const char *hash, struct db_token *t);
int db_token_touch(struct db *db, int64_t id, const char *now);
int db_token_revoke(struct db *db, const char *label, const char *now);
int db_token_list(struct db *db, int64_t after, int limit, struct db_token *out, size_t *n);

int db_audit_insert(struct db *db, const char *actor, const char *role, const char *action,
    const char *entity, int64_t entity_id, const char *detail, const char *now);
int db_audit_list(struct db *db, const char *entity, int64_t entity_id, int64_t after, int limit,
    struct db_audit *out, size_t *n);

struct db_idem {
	char request_hash[65];
	int status;
	char content_type[64];
	char location[128];
	char etag[64];
	char *body;               /* malloc'd by db_idem_get; caller frees */
	size_t body_len;
};
/* A stored response newer than `since`; DB_NOTFOUND if none. */
int db_idem_get(struct db *db, int64_t token_id, const char *key, const char *since, struct db_idem *out);
/* Store a response (and drop rows older than `expire_before`); DB_CONFLICT if the key exists. */
int db_idem_put(struct db *db, int64_t token_id, const char *key, const struct db_idem *in,
    const char *now, const char *expire_before);

/* CDS Hooks cards as shown (schema/007_cds.sql). */
#define DB_CDS_KEY_MAX 256     /* context.patientId, userId, hookInstance */
struct db_cds_card {
	int64_t id;
	char uuid[37];
	char hook[16];
	char hook_instance[DB_CDS_KEY_MAX + 1];
	char patient_key[DB_CDS_KEY_MAX + 1];
	char user_id[DB_CDS_KEY_MAX + 1];
	char ingredient[FM_NAME_MAX * 2];
	char rule[IA_RULE_MAX];
	char indicator[12];
	char shown_at[DT_STAMP_LEN];
};
int db_cds_card_insert(struct db *db, struct db_cds_card *c);
int db_cds_card_get(struct db *db, const char *uuid, struct db_cds_card *c);
/* DB_OK if a card with these keys was shown at `hook` after `since`, else DB_NOTFOUND. */
int db_cds_card_recent(struct db *db, const struct db_cds_card *key, const char *hook, const char *since);
/* DB_CONFLICT when this (card, outcome) is already recorded. */
int db_cds_feedback_insert(struct db *db, const struct db_cds_card *c, const char *outcome,
    const char *reason, const char *comment, const char *outcome_at, const char *now);

/* Row count of a table named in the fixed list (tests, metrics); -1 on error. */
int64_t db_count(struct db *db, const char *table);
/* Online backup to a file, consistent while other connections write. */
int db_backup(struct db *db, const char *to_path, char *err, size_t errlen);
/* PRAGMA integrity_check == "ok" */
bool db_integrity_ok(struct db *db);

#endif
