/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c - every store_* function, written once against the driver
 * interface (drv.h): the SQL of each statement, binding, stepping, reading
 * rows into structs, the transaction runner.
 *
 * All SQL lives in the table below, in the dialect both backends accept
 * (numbered ?N placeholders, RETURNING id, CAST where PostgreSQL cannot
 * infer a parameter's type, no SQLite-only functions); each connection
 * prepares it once.  Failures are logged here with the statement and the
 * driver's message, and reported upward as STORE_ codes.
 */
#include "store/store.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "store/drv.h"

enum stmt {
	S_PROTOCOLS, S_PROTOCOL_GET, S_PATIENT_TEXTS, S_RENAL_BANDS,
	S_PATIENT_INSERT, S_PATIENT_GET, S_PATIENT_BY_EXTID, S_PATIENT_LIST, S_PATIENT_UPDATE,
	S_RENAL_INSERT, S_RENAL_LIST,
	S_REGIMEN_INSERT, S_REGIMEN_GET, S_REGIMEN_LIST, S_REGIMEN_STATUS,
	S_EVENT_INSERT, S_EVENT_LIST,
	S_TOKEN_INSERT, S_TOKEN_BY_HASH, S_TOKEN_TOUCH, S_TOKEN_REVOKE, S_TOKEN_LIST,
	S_AUDIT_INSERT, S_AUDIT_LIST,
	S_FM_INGREDIENTS, S_FM_ALT, S_FM_NAMES, S_FM_STRIP, S_KB_VERSION, S_KB_RULES, S_KB_ATC, S_KB_LABELS,
	S_KB_IRON, S_KB_ROLES,
	S_MED_INSERT, S_MED_ING_INSERT, S_MED_GET, S_MED_LIST, S_MED_LIST_ALL, S_MED_INGS, S_MED_STOP,
	S_FLAG_INSERT, S_FLAG_GET, S_FLAG_LIST, S_FLAG_LIST_PATIENT, S_FLAG_LIST_REGIMEN,
	S_FLAG_LIST_MEDICATION, S_FLAG_LIST_STATUS, S_FLAG_REVIEW, S_FLAG_COUNTS,
	S_IDEM_GET, S_IDEM_EXPIRE, S_IDEM_PUT,
	S_CDS_CARD_INSERT, S_CDS_CARD_GET, S_CDS_CARD_RECENT, S_CDS_FEEDBACK_INSERT,
	S_SESSION_INSERT, S_SESSION_GET, S_SESSION_TOUCH, S_SESSION_DELETE, S_SESSION_EXPIRE,
	S_CHECKIN_INSERT, S_CHECKIN_ALL, S_CHECKIN_RULE, S_AUGMENTATION_WATCH, S_UID_DOMAIN,
	S_INSTANCE_GET, S_MED_INGS_PATIENT,
	S_CHECKIN_PAGE,
	S_FLAG_COUNT_ADD, S_FLAG_COUNT_SUB, S_DATA_VERSION_BUMP, S_DATA_VERSION_GET,
	S_COUNT
};

#define PROTOCOL_COLS "drug, start_ug, step_ug, interval_days, max_ug, unit_ug, timing, offset_minutes"
#define CHECKIN_COLS "id, regimen_id, night, severity, onset, body_parts, side_effects, irls, note, " \
	"created_at, created_by"
#define PATIENT_COLS "id, external_id, display_name, crcl_given_dml, age, sex, weight_dkg, " \
	"scr_cmgdl, dialysis, ferritin_dng, tsat_dpct, version, created_at, updated_at"
#define REGIMEN_COLS "id, patient_id, drug, start_date, symptom_onset, bedtime, dose_time, " \
	"start_ug, step_ug, interval_days, max_ug, status, version, created_at, updated_at, " \
	"guided, controlled_below"
#define MED_COLS "id, patient_id, name, started, stopped, status, created_at, updated_at"
#define FLAG_COLS "id, patient_id, regimen_id, medication_id, rule, severity, summary, detail, source, " \
	"kb_version, status, created_at, reviewed_by, reviewed_at, review_note"
#define TOKEN_COLS "id, label, role, patient_id, created_at, last_used_at, expires_at, revoked_at, hash"
#define CDS_CARD_COLS "id, uuid, hook, hook_instance, patient_key, user_id, ingredient, rule, indicator, shown_at"

static const char *const stmt_sql[S_COUNT] = {
	[S_PROTOCOLS] = "SELECT " PROTOCOL_COLS " FROM protocol ORDER BY list_order, drug",
	[S_PROTOCOL_GET] = "SELECT " PROTOCOL_COLS " FROM protocol WHERE drug = ?1",
	[S_PATIENT_TEXTS] = "SELECT drug, text FROM patient_text ORDER BY drug, position",
	[S_RENAL_BANDS] = "SELECT drug, lo_dml, hi_dml, coalesce(dialysis, -1), cap_ug, cap_ug_per_dml, "
	    "min_interval, rule, severity, flag_if_faster FROM renal_band ORDER BY id",
	[S_PATIENT_INSERT] = "INSERT INTO patient (external_id, display_name, crcl_given_dml, age, sex, "
	    "weight_dkg, scr_cmgdl, dialysis, ferritin_dng, tsat_dpct, version, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?11) RETURNING id",
	[S_PATIENT_GET] = "SELECT " PATIENT_COLS " FROM patient WHERE id = ?1",
	[S_PATIENT_BY_EXTID] = "SELECT " PATIENT_COLS " FROM patient WHERE external_id = ?1",
	[S_PATIENT_LIST] = "SELECT " PATIENT_COLS " FROM patient WHERE id > ?1 ORDER BY id LIMIT ?2",
	[S_PATIENT_UPDATE] = "UPDATE patient SET external_id = ?12, display_name = ?2, crcl_given_dml = ?3, age = ?4, "
	    "sex = ?5, weight_dkg = ?6, scr_cmgdl = ?7, dialysis = ?8, ferritin_dng = ?9, "
	    "tsat_dpct = ?10, version = version + 1, updated_at = ?11 WHERE id = ?1 RETURNING version",
	[S_RENAL_INSERT] = "INSERT INTO patient_renal (patient_id, effective_date, crcl_dml, dialysis, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_RENAL_LIST] = "SELECT effective_date, crcl_dml, dialysis, created_at FROM patient_renal "
	    "WHERE patient_id = ?1 ORDER BY effective_date, id",
	[S_REGIMEN_INSERT] = "INSERT INTO regimen (patient_id, drug, start_date, symptom_onset, bedtime, "
	    "dose_time, start_ug, step_ug, interval_days, max_ug, status, version, created_at, updated_at, "
	    "guided, controlled_below) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'active', 1, ?11, ?11, ?12, ?13) RETURNING id",
	[S_REGIMEN_GET] = "SELECT " REGIMEN_COLS " FROM regimen WHERE id = ?1",
	[S_REGIMEN_LIST] = "SELECT " REGIMEN_COLS " FROM regimen WHERE patient_id = ?1 AND id > ?2 "
	    "ORDER BY id LIMIT ?3",
	[S_REGIMEN_STATUS] = "UPDATE regimen SET status = ?2, version = version + 1, updated_at = ?3 "
	    "WHERE id = ?1 RETURNING version",
	[S_EVENT_INSERT] = "INSERT INTO regimen_event (regimen_id, kind, night_date, reason, created_at, "
	    "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_EVENT_LIST] = "SELECT id, kind, night_date, reason, created_at, created_by FROM regimen_event "
	    "WHERE regimen_id = ?1 ORDER BY night_date, id",
	[S_TOKEN_INSERT] = "INSERT INTO token (label, role, patient_id, hash, created_at, expires_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[S_TOKEN_BY_HASH] = "SELECT " TOKEN_COLS " FROM token WHERE hash = ?1",
	[S_TOKEN_TOUCH] = "UPDATE token SET last_used_at = ?2 WHERE id = ?1",
	[S_TOKEN_REVOKE] = "UPDATE token SET revoked_at = ?2 WHERE label = ?1 AND revoked_at IS NULL",
	[S_TOKEN_LIST] = "SELECT " TOKEN_COLS " FROM token WHERE id > ?1 ORDER BY id LIMIT ?2",
	[S_AUDIT_INSERT] = "INSERT INTO audit (at, actor, role, action, entity, entity_id, detail) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_AUDIT_LIST] = "SELECT id, at, actor, role, action, entity, entity_id, detail FROM audit "
	    "WHERE (CAST(?1 AS TEXT) IS NULL OR entity = ?1) AND (CAST(?2 AS BIGINT) IS NULL OR entity_id = ?2) "
	    "AND id > ?3 "
	    "ORDER BY id LIMIT ?4",
	[S_FM_INGREDIENTS] = "SELECT id, name, atc, coalesce(rxnorm, -1) FROM ingredient",
	[S_FM_ALT] = "SELECT ingredient_id, atc FROM ingredient_alt_atc",
	[S_FM_NAMES] = "SELECT name, ingredient_id FROM drug_name",
	[S_FM_STRIP] = "SELECT word, kind FROM strip_word",
	[S_KB_VERSION] = "SELECT value FROM kb_meta WHERE key = 'kb_version'",
	[S_KB_RULES] = "SELECT id, kind, severity, summary, detail, source, dose_advice, event FROM rule ORDER BY id",
	[S_KB_ATC] = "SELECT rule_id, atc_prefix, titrated, exclude FROM rule_atc",
	[S_KB_LABELS] = "SELECT drug, max_ug, start_max_ug, min_interval, single_max_ug, off_label, "
	    "dopamine_agonist, taper_required FROM label_limit",
	[S_KB_IRON] = "SELECT rule, ferritin_max_dng, tsat_below_dpct FROM iron_limit",
	[S_KB_ROLES] = "SELECT atc_prefix, titrated, rule_id FROM listed_role",
	[S_MED_INSERT] = "INSERT INTO medication (patient_id, name, started, status, created_at, created_by, "
	    "updated_at) VALUES (?1, ?2, ?3, 'active', ?4, ?5, ?4) RETURNING id",
	[S_MED_ING_INSERT] = "INSERT INTO medication_ingredient (medication_id, position, ingredient_id) "
	    "VALUES (?1, ?2, ?3)",
	[S_MED_GET] = "SELECT " MED_COLS " FROM medication WHERE id = ?1",
	[S_MED_LIST] = "SELECT " MED_COLS " FROM medication WHERE patient_id = ?1 AND status = 'active' "
	    "AND id > ?2 ORDER BY id LIMIT ?3",
	[S_MED_LIST_ALL] = "SELECT " MED_COLS " FROM medication WHERE patient_id = ?1 AND id > ?2 "
	    "ORDER BY id LIMIT ?3",
	[S_MED_INGS] = "SELECT ingredient_id FROM medication_ingredient WHERE medication_id = ?1 ORDER BY position",
	[S_MED_STOP] = "UPDATE medication SET status = 'stopped', stopped = ?2, updated_at = ?3 "
	    "WHERE id = ?1 AND status = 'active'",
	[S_FLAG_INSERT] = "INSERT INTO flag (patient_id, regimen_id, medication_id, rule, severity, summary, "
	    "detail, source, kb_version, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "'open', ?10) ON CONFLICT DO NOTHING RETURNING id",
	[S_FLAG_GET] = "SELECT " FLAG_COLS " FROM flag WHERE id = ?1",
	/*
	 * One statement per leading filter, so each runs on its index (an
	 * "?N IS NULL OR col = ?N" term cannot use one); the other filters
	 * stay as residual terms.
	 */
	/* CAST: PostgreSQL cannot infer a parameter's type from "?N IS NULL" alone. */
#define FLAG_RESIDUAL "AND (CAST(?2 AS TEXT) IS NULL OR status = ?2) AND (CAST(?3 AS TEXT) IS NULL OR severity = ?3) " \
	"AND (CAST(?4 AS BIGINT) IS NULL OR patient_id = ?4) AND (CAST(?5 AS BIGINT) IS NULL OR regimen_id = ?5) " \
	"AND (CAST(?6 AS BIGINT) IS NULL OR medication_id = ?6) AND (?7 = 0 OR status <> 'resolved') ORDER BY id LIMIT ?8"
	[S_FLAG_LIST] = "SELECT " FLAG_COLS " FROM flag WHERE id > ?1 " FLAG_RESIDUAL,
	[S_FLAG_LIST_PATIENT] = "SELECT " FLAG_COLS " FROM flag WHERE patient_id = ?4 AND id > ?1 " FLAG_RESIDUAL,
	[S_FLAG_LIST_REGIMEN] = "SELECT " FLAG_COLS " FROM flag WHERE regimen_id = ?5 AND id > ?1 " FLAG_RESIDUAL,
	[S_FLAG_LIST_MEDICATION] = "SELECT " FLAG_COLS " FROM flag WHERE medication_id = ?6 AND id > ?1 "
	    FLAG_RESIDUAL,
	[S_FLAG_LIST_STATUS] = "SELECT " FLAG_COLS " FROM flag WHERE status = ?2 AND id > ?1 " FLAG_RESIDUAL,
	[S_FLAG_REVIEW] = "UPDATE flag SET status = ?2, reviewed_by = ?3, reviewed_at = ?4, review_note = ?5 "
	    "WHERE id = ?1 AND status = 'open'",
	/* schema/015: kept by store_flag_insert and store_flag_review, three rows. */
	[S_FLAG_COUNTS] = "SELECT severity, n FROM flag_open_count",
	[S_IDEM_GET] = "SELECT request_hash, status, content_type, location, etag, body FROM idempotency "
	    "WHERE token_id = ?1 AND key = ?2 AND created_at > ?3",
	[S_IDEM_EXPIRE] = "DELETE FROM idempotency WHERE created_at <= ?1",
	[S_IDEM_PUT] = "INSERT INTO idempotency (token_id, key, request_hash, status, content_type, location, "
	    "etag, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_CDS_CARD_INSERT] = "INSERT INTO cds_card (uuid, hook, hook_instance, patient_key, user_id, "
	    "ingredient, rule, indicator, shown_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	[S_CDS_CARD_GET] = "SELECT " CDS_CARD_COLS " FROM cds_card WHERE uuid = ?1",
	[S_CDS_CARD_RECENT] = "SELECT 1 FROM cds_card WHERE patient_key = ?1 AND user_id = ?2 "
	    "AND ingredient = ?3 AND rule = ?4 AND hook = ?5 AND shown_at > ?6 LIMIT 1",
	[S_CDS_FEEDBACK_INSERT] = "INSERT INTO cds_feedback (card_id, card_uuid, outcome, override_reason, "
	    "user_comment, outcome_at, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_SESSION_INSERT] = "INSERT INTO console_session (hash, token_id, csrf, created_at, last_seen_at, "
	    "expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
	/* The session's token comes with it: its revocation or expiry ends the session too. */
	[S_SESSION_GET] = "SELECT " TOKEN_COLS ", sid, csrf, s_created, last_seen_at, s_expires, flash "
	    "FROM token JOIN (SELECT id AS sid, token_id, csrf, created_at AS s_created, last_seen_at, "
	    "expires_at AS s_expires, flash FROM console_session WHERE hash = ?1) AS s ON token.id = s.token_id",
	[S_SESSION_TOUCH] = "UPDATE console_session SET last_seen_at = ?2, flash = coalesce(?3, '') WHERE id = ?1",
	[S_SESSION_DELETE] = "DELETE FROM console_session WHERE hash = ?1",
	[S_SESSION_EXPIRE] = "DELETE FROM console_session WHERE expires_at <= ?1 OR last_seen_at <= ?2",
	[S_CHECKIN_INSERT] = "INSERT INTO checkin (regimen_id, night, severity, onset, body_parts, side_effects, "
	    "irls, note, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
	[S_CHECKIN_ALL] = "SELECT " CHECKIN_COLS " FROM checkin WHERE regimen_id = ?1 ORDER BY night, id",
	[S_CHECKIN_RULE] = "SELECT rule, severity, nights FROM checkin_rule WHERE event = ?1 AND drug = ?2",
	[S_AUGMENTATION_WATCH] = "SELECT rule, window_nights, min_nights, earlier_minutes, spread_minutes "
	    "FROM augmentation_watch WHERE drug = ?1",
	[S_UID_DOMAIN] = "SELECT uid_domain FROM installation",
	[S_INSTANCE_GET] = "SELECT id FROM instance",
	/* Every ingredient of a patient's medications at once: one round trip, not one per medication. */
	[S_MED_INGS_PATIENT] = "SELECT mi.medication_id, mi.ingredient_id FROM medication_ingredient AS mi "
	    "JOIN medication AS m ON m.id = mi.medication_id WHERE m.patient_id = ?1 "
	    "AND (?2 = 0 OR m.status = 'active') ORDER BY mi.medication_id, mi.position",
	/* One check-in per night: the night is the key the pages follow. */
	[S_CHECKIN_PAGE] = "SELECT " CHECKIN_COLS " FROM checkin WHERE regimen_id = ?1 AND night >= ?2 "
	    "AND night <= ?3 ORDER BY night LIMIT ?4",
	[S_FLAG_COUNT_ADD] = "UPDATE flag_open_count SET n = n + 1 WHERE severity = ?1",
	[S_FLAG_COUNT_SUB] = "UPDATE flag_open_count SET n = n - 1 "
	    "WHERE severity = (SELECT severity FROM flag WHERE id = ?1)",
	[S_DATA_VERSION_BUMP] = "UPDATE data_version SET v = v + 1 WHERE id = 1",
	[S_DATA_VERSION_GET] = "SELECT v FROM data_version WHERE id = 1",
};

struct store {
	struct drv *c;
	struct drv_stmt *st[S_COUNT];
	bool changed;               /* the transaction changed data a cached body shows */
	uint64_t tx_deadline_us;    /* store_run_tx: when all its tries must give up, or 0 */
	unsigned nsavepoints;       /* store_savepoint: open savepoints, innermost last */
	char savepoint[8][32];
};

static atomic_uint_fast64_t write_tx_begun;     /* store_write_tx_count */

static uint64_t
wait_deadline(const struct store *db)
{
	if (db->tx_deadline_us != 0)
		return db->tx_deadline_us;
	return util_now_us() + (uint64_t)drv_write_wait_ms() * 1000u;
}

#define STORE_LOG(db, what) \
	log_error("db: %s (%s:%d): %s", (what), __FILE__, __LINE__, drv_errmsg((db)->c))

static struct drv_stmt *
get(struct store *db, enum stmt s)
{
	return db->st[s];
}

/* The failures worth a log line here (the others are answers: conflict, busy). */
static bool
loggable(int rc)
{
	return rc == STORE_ERROR || rc == STORE_FULL || rc == STORE_UNAVAILABLE;
}

/* Step a statement that returns no rows we need; reset it either way. */
static int
run(struct store *db, struct drv_stmt *st)
{
	int rc = drv_step(st);
	int ret = rc == DRV_DONE || rc == DRV_ROW ? STORE_OK : rc;
	if (loggable(ret))
		STORE_LOG(db, drv_sql(st));
	drv_reset(st);
	return ret;
}

/* Step an INSERT ... RETURNING id: the new row's id to *id. */
static int
run_id(struct store *db, struct drv_stmt *st, int64_t *id)
{
	int rc = drv_step(st);
	int ret = rc == DRV_ROW ? STORE_OK : rc == DRV_DONE ? STORE_ERROR : rc;
	if (rc == DRV_ROW)
		*id = drv_column_int64(st, 0);
	if (loggable(ret))
		STORE_LOG(db, drv_sql(st));
	drv_reset(st);
	return ret;
}

static void
done(struct drv_stmt *st)
{
	drv_reset(st);
}

static void
bind_text(struct drv_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		drv_bind_null(st, i);
	else
		drv_bind_text(st, i, s);
}

static void
bind_opt(struct drv_stmt *st, int i, int64_t v)
{
	if (v < 0)
		drv_bind_null(st, i);
	else
		drv_bind_int64(st, i, v);
}

static void
col_text(struct drv_stmt *st, int i, char *dst, size_t cap)
{
	const char *s = drv_column_text(st, i);
	if (s == NULL || !util_copy(dst, cap, s))
		dst[0] = '\0';
}

static int64_t
col_opt(struct drv_stmt *st, int i)
{
	return drv_column_null(st, i) ? -1 : drv_column_int64(st, i);
}

/* The STORE_ code of a finished drv_step loop (rc: its last result). */
static int
step_result(struct store *db, struct drv_stmt *st, int rc)
{
	if (rc == DRV_DONE)
		return STORE_OK;
	if (loggable(rc))
		STORE_LOG(db, drv_sql(st));
	return rc == DRV_ROW ? STORE_ERROR : rc;
}
/* Run a SELECT expected to return at most one row; reader fills the struct. */
#define FETCH_ONE(db, st, reader, out) do { \
	int rc_ = drv_step(st); \
	int ret_ = STORE_NOTFOUND; \
	if (rc_ == DRV_ROW) { reader(st, out); ret_ = STORE_OK; } \
	else if (rc_ != DRV_DONE) ret_ = step_result(db, st, rc_); \
	done(st); \
	return ret_; \
} while (0)

/*
 * Run a SELECT returning up to `cap` rows into out[] (a page: the SQL has
 * LIMIT cap).  A row beyond cap is an error, never a silent truncation.
 */
#define FETCH_MANY(db, st, reader, out, cap, n) do { \
	int rc_; \
	*(n) = 0; \
	while ((rc_ = drv_step(st)) == DRV_ROW) { \
		if (*(n) == (cap)) { log_error("db: more rows than the %zu asked for", (size_t)(cap)); \
			done(st); return STORE_ERROR; } \
		reader(st, &(out)[(*(n))++]); \
	} \
	done(st); \
	return step_result(db, st, rc_); \
} while (0)

/*
 * Run a SELECT returning every row into a new array (*out, caller frees;
 * NULL when there are none).  It grows to need: state read here feeds
 * dose and safety decisions, so no row may be dropped.
 */
#define FETCH_ALL(db, st, reader, out, n) do { \
	size_t cap_ = 0; \
	int rc_; \
	*(out) = NULL; \
	*(n) = 0; \
	while ((rc_ = drv_step(st)) == DRV_ROW) { \
		if (!util_grow((void **)(out), &cap_, *(n) + 1, sizeof **(out), 16)) { \
			log_error("db: out of memory reading rows"); rc_ = STORE_ERROR; break; } \
		reader(st, &(*(out))[(*(n))++]); \
	} \
	done(st); \
	int ret_ = step_result(db, st, rc_); \
	if (ret_ != STORE_OK) { free(*(out)); *(out) = NULL; *(n) = 0; } \
	return ret_; \
} while (0)

int
store_schema_version(struct store *db)
{
	return db->c->ops->schema_version(db->c);
}

const char *
store_errmsg(struct store *db)
{
	return drv_errmsg(db->c);
}

const char *
store_backend_name(const struct store *db)
{
	return db->c->ops->name;
}

int
store_open(const char *path, bool do_migrate, struct store **out, char *err, size_t errlen)
{
	struct store *db = calloc(1, sizeof *db);
	int ret = STORE_ERROR;

	*out = NULL;
	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	ret = store_is_postgresql(path) ? drv_pg_open(path, do_migrate, &db->c, err, errlen)
	    : drv_sqlite_open(path, do_migrate, &db->c, err, errlen);
	if (ret != STORE_OK)
		goto cleanup;
	ret = STORE_ERROR;
	for (int i = 0; i < S_COUNT; i++)
		if ((db->st[i] = db->c->ops->prepare(db->c, i, stmt_sql[i], err, errlen)) == NULL)
			goto cleanup;
	*out = db;
	db = NULL;
	ret = STORE_OK;
cleanup:
	store_close(db);
	return ret;
}

void
store_close(struct store *db)
{
	if (db == NULL)
		return;
	if (db->c != NULL)
		db->c->ops->close(db->c);     /* finalizes its statements too */
	free(db);
}

int
store_file_check(struct store *db, char *why, size_t whylen)
{
	return db->c->ops->file_check(db->c, why, whylen);
}

uint64_t
store_write_tx_count(void)
{
	return atomic_load(&write_tx_begun);
}

/*
 * A write that can change what a cached body shows: data_version is raised
 * once, at the commit of the transaction, or now when there is none.
 */
static int
data_changed(struct store *db)
{
	if (store_in_tx(db)) {
		db->changed = true;
		return STORE_OK;
	}
	return run(db, get(db, S_DATA_VERSION_BUMP));
}

static void
read_version(struct drv_stmt *st, int64_t *v)
{
	*v = drv_column_int64(st, 0);
}

/* STORE_NOTFOUND would mean migration 015's row is gone: the caller treats it as an error. */
int
store_data_version(struct store *db, int64_t *v)
{
	struct drv_stmt *st = get(db, S_DATA_VERSION_GET);
	FETCH_ONE(db, st, read_version, v);
}

int
store_begin(struct store *db, bool write)
{
	int rc = db->c->ops->begin(db->c, write, db->tx_deadline_us);
	db->changed = false;
	db->nsavepoints = 0;
	if (rc == STORE_OK && write)
		atomic_fetch_add(&write_tx_begun, 1);
	return rc;
}

int
store_commit(struct store *db)
{
	if (db->changed) {
		int rc = run(db, get(db, S_DATA_VERSION_BUMP));
		if (rc != STORE_OK) {
			store_rollback(db);
			return rc;
		}
	}
	db->changed = false;
	db->nsavepoints = 0;        /* COMMIT ends them all; a failed one rolls back the whole */
	return db->c->ops->commit(db->c);     /* rolls back itself on failure */
}

void
store_rollback(struct store *db)
{
	/* Inside a savepoint: undo that job alone (store.h); store_rollback_to failing lost the tx. */
	if (db->nsavepoints > 0 &&
	    store_rollback_to(db, db->savepoint[db->nsavepoints - 1]) == STORE_OK)
		return;
	db->nsavepoints = 0;
	db->c->ops->rollback(db->c);
	db->changed = false;
}

int
store_run_tx(struct store *db, enum store_tx_kind kind, store_tx_fn fn, void *cls)
{
	/* All tries share one wait: a locked database is a 503 after write_wait, not a multiple of it. */
	return store_run_tx_until(db, kind, wait_deadline(db), fn, cls);
}

int
store_run_tx_until(struct store *db, enum store_tx_kind kind, uint64_t deadline_us, store_tx_fn fn,
    void *cls)
{
	int rc = STORE_BUSY;

	db->tx_deadline_us = deadline_us;
	for (int attempt = 0; attempt < STORE_TX_TRIES; attempt++) {
		if (attempt > 0) {
			if (util_now_us() + (2000u << attempt) >= db->tx_deadline_us)
				break;
			usleep(2000u << attempt);     /* 4, 8, 16 ms: let the holder finish */
		}
		rc = store_begin(db, kind == STORE_TX_WRITE);
		if (rc == STORE_OK) {
			rc = fn(db, cls);
			if (rc == STORE_OK)
				rc = store_commit(db);   /* rolls back itself on failure */
			else {
				db->nsavepoints = 0;     /* the whole transaction, not a savepoint */
				store_rollback(db);
			}
		}
		if (rc != STORE_BUSY)
			break;
	}
	db->tx_deadline_us = 0;
	return rc;
}

bool
store_in_tx(struct store *db)
{
	return db->c->ops->in_tx(db->c);
}

int64_t
store_count(struct store *db, const char *table)
{
	static const char *const allowed[] = {
		"patient", "patient_renal", "regimen", "regimen_event", "token", "audit",
		"medication", "medication_ingredient", "flag", "idempotency", "cds_card", "checkin",
		"console_session",
	};
	bool ok = false;

	for (size_t i = 0; i < ARRAY_LEN(allowed); i++)
		ok |= strcmp(allowed[i], table) == 0;
	return ok ? db->c->ops->count(db->c, table) : -1;
}

int
store_backup(struct store *db, const char *to_path, char *err, size_t errlen)
{
	return db->c->ops->backup(db->c, to_path, err, errlen);
}

bool
store_integrity_ok(struct store *db)
{
	return db->c->ops->integrity_ok(db->c);
}

/*
 * The savepoint statements name their savepoint in the SQL text (SQL has
 * no parameter for an identifier), so they run through the driver's exec
 * rather than the prepared table; the name is checked to be [a-z_]+ first.
 */
static int
savepoint_sql(struct store *db, const char *verb, const char *name)
{
	char sql[64];
	size_t n = strlen(name);

	if (n == 0 || n >= sizeof db->savepoint[0] || strspn(name, "abcdefghijklmnopqrstuvwxyz_") != n) {
		log_error("db: bad savepoint name");
		return STORE_ERROR;
	}
	snprintf(sql, sizeof sql, "%s %s", verb, name);
	return db->c->ops->exec(db->c, sql);
}

int
store_savepoint(struct store *db, const char *name)
{
	if (db->nsavepoints == sizeof db->savepoint / sizeof db->savepoint[0] || !store_in_tx(db)) {
		log_error("db: savepoint %s outside a transaction or nested too deep", name);
		return STORE_ERROR;
	}
	int rc = savepoint_sql(db, "SAVEPOINT", name);
	if (rc == STORE_OK)
		util_copy(db->savepoint[db->nsavepoints++], sizeof db->savepoint[0], name);
	return rc;
}

/*
 * The depth of the innermost open savepoint called name, or 0 when there
 * is none, or no transaction any more: SQLite may have rolled the whole
 * transaction back (SQLITE_FULL, an I/O error), and its savepoints with it.
 */
static unsigned
savepoint_depth(struct store *db, const char *name)
{
	if (!store_in_tx(db)) {
		db->nsavepoints = 0;
		return 0;
	}
	for (unsigned i = db->nsavepoints; i > 0; i--)
		if (strcmp(db->savepoint[i - 1], name) == 0)
			return i;
	return 0;
}

/*
 * RELEASE (keep false: the savepoint ends, and those opened inside it) or
 * ROLLBACK TO (keep true: it stays open, those inside it are gone).
 */
static int
savepoint_end(struct store *db, const char *name, bool keep)
{
	unsigned d = savepoint_depth(db, name);
	if (d == 0)
		return STORE_ERROR;
	int rc = savepoint_sql(db, keep ? "ROLLBACK TO" : "RELEASE", name);
	if (rc == STORE_OK)
		db->nsavepoints = keep ? d : d - 1;
	else if (!store_in_tx(db))
		db->nsavepoints = 0;
	return rc;
}

int
store_release(struct store *db, const char *name)
{
	return savepoint_end(db, name, false);
}

int
store_rollback_to(struct store *db, const char *name)
{
	return savepoint_end(db, name, true);
}

static void
read_protocol(struct drv_stmt *st, struct titr_protocol *p)
{
	const char *timing = drv_column_text(st, 6);
	memset(p, 0, sizeof *p);
	col_text(st, 0, p->drug, sizeof p->drug);
	p->start_ug = drv_column_int(st, 1);
	p->step_ug = drv_column_int(st, 2);
	p->interval_days = drv_column_int(st, 3);
	p->max_ug = drv_column_int(st, 4);
	p->unit_ug = drv_column_int(st, 5);
	p->timing = timing != NULL && strcmp((const char *)timing, "before_bedtime") == 0
	    ? TITR_BEFORE_BEDTIME : TITR_BEFORE_ONSET;
	p->offset_minutes = drv_column_int(st, 7);
}

int
store_protocols(struct store *db, struct titr_protocol **out, size_t *n)
{
	struct drv_stmt *st = get(db, S_PROTOCOLS);
	FETCH_ALL(db, st, read_protocol, out, n);
}

int
store_protocol_get(struct store *db, const char *drug, struct titr_protocol *out)
{
	struct drv_stmt *st = get(db, S_PROTOCOL_GET);
	drv_bind_text(st, 1, drug);
	FETCH_ONE(db, st, read_protocol, out);
}

static void
read_note(struct drv_stmt *st, struct titr_note *t)
{
	col_text(st, 0, t->drug, sizeof t->drug);
	col_text(st, 1, t->text, sizeof t->text);
}

int
store_patient_texts(struct store *db, struct titr_note **out, size_t *n)
{
	struct drv_stmt *st = get(db, S_PATIENT_TEXTS);
	struct titr_note *arr = NULL;
	size_t cap = 0;
	int rc;
	*n = 0;
	while ((rc = drv_step(st)) == DRV_ROW) {
		if (!util_grow((void **)&arr, &cap, *n + 1, sizeof *arr, 8)) {
			rc = STORE_ERROR;
			break;
		}
		read_note(st, &arr[(*n)++]);
	}
	done(st);
	if (rc != DRV_DONE) {
		free(arr);
		*n = 0;
		return step_result(db, st, rc);
	}
	*out = arr;
	return STORE_OK;
}

static void
read_band(struct drv_stmt *st, struct renal_band *b)
{
	col_text(st, 0, b->drug, sizeof b->drug);
	b->lo_dml = drv_column_int64(st, 1);
	b->hi_dml = drv_column_int64(st, 2);
	b->dialysis = drv_column_int(st, 3);
	b->cap_ug = drv_column_int(st, 4);
	b->cap_ug_per_dml = drv_column_int(st, 5);
	b->min_interval = drv_column_int(st, 6);
	col_text(st, 7, b->rule, sizeof b->rule);
	col_text(st, 8, b->severity, sizeof b->severity);
	b->flag_if_faster = drv_column_int(st, 9) != 0;
}

int
store_renal_bands(struct store *db, struct renal_band **out, size_t *n)
{
	struct drv_stmt *st = get(db, S_RENAL_BANDS);
	FETCH_ALL(db, st, read_band, out, n);
}

static void
read_patient(struct drv_stmt *st, struct store_patient *p)
{
	p->id = drv_column_int64(st, 0);
	col_text(st, 1, p->external_id, sizeof p->external_id);
	col_text(st, 2, p->display_name, sizeof p->display_name);
	p->crcl_given_dml = col_opt(st, 3);
	p->age = col_opt(st, 4);
	col_text(st, 5, p->sex, sizeof p->sex);
	p->weight_dkg = col_opt(st, 6);
	p->scr_cmgdl = col_opt(st, 7);
	p->dialysis = drv_column_int(st, 8);
	p->ferritin_dng = col_opt(st, 9);
	p->tsat_dpct = col_opt(st, 10);
	p->version = drv_column_int64(st, 11);
	col_text(st, 12, p->created_at, sizeof p->created_at);
	col_text(st, 13, p->updated_at, sizeof p->updated_at);
}

/* Bind the clinical columns shared by insert (?3..?10) and update. */
static void
bind_patient(struct drv_stmt *st, const struct store_patient *p)
{
	bind_text(st, 2, p->display_name);
	bind_opt(st, 3, p->crcl_given_dml);
	bind_opt(st, 4, p->age);
	bind_text(st, 5, p->sex);
	bind_opt(st, 6, p->weight_dkg);
	bind_opt(st, 7, p->scr_cmgdl);
	drv_bind_int(st, 8, p->dialysis ? 1 : 0);
	bind_opt(st, 9, p->ferritin_dng);
	bind_opt(st, 10, p->tsat_dpct);
}

int
store_patient_insert(struct store *db, struct store_patient *p)
{
	struct drv_stmt *st = get(db, S_PATIENT_INSERT);
	bind_patient(st, p);
	drv_bind_text(st, 1, p->external_id);
	drv_bind_text(st, 2, p->display_name);
	bind_text(st, 11, p->created_at);
	int rc = run_id(db, st, &p->id);
	if (rc == STORE_OK) {
		p->version = 1;
		memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
		rc = data_changed(db);
	}
	return rc;
}

int
store_patient_get(struct store *db, int64_t id, struct store_patient *p)
{
	struct drv_stmt *st = get(db, S_PATIENT_GET);
	drv_bind_int64(st, 1, id);
	FETCH_ONE(db, st, read_patient, p);
}

int
store_patient_by_extid(struct store *db, const char *external_id, struct store_patient *p)
{
	struct drv_stmt *st = get(db, S_PATIENT_BY_EXTID);
	drv_bind_text(st, 1, external_id);
	FETCH_ONE(db, st, read_patient, p);
}

int
store_patient_list(struct store *db, int64_t after, int limit, struct store_patient *out, size_t *n)
{
	struct drv_stmt *st = get(db, S_PATIENT_LIST);
	drv_bind_int64(st, 1, after);
	drv_bind_int(st, 2, limit);
	FETCH_MANY(db, st, read_patient, out, (size_t)limit, n);
}

int
store_patient_update(struct store *db, struct store_patient *p)
{
	struct drv_stmt *st = get(db, S_PATIENT_UPDATE);
	int rc, ret = STORE_NOTFOUND;
	drv_bind_int64(st, 1, p->id);
	bind_patient(st, p);
	bind_text(st, 11, p->updated_at);
	bind_text(st, 12, p->external_id);
	rc = drv_step(st);
	if (rc == DRV_ROW) {
		p->version = drv_column_int64(st, 0);
		ret = STORE_OK;
	} else if (rc != DRV_DONE) {
		ret = step_result(db, st, rc);
	}
	done(st);
	return ret == STORE_OK ? data_changed(db) : ret;
}

int
store_renal_insert(struct store *db, int64_t patient_id, const char *date, int64_t crcl_dml,
    int dialysis, const char *now)
{
	struct drv_stmt *st = get(db, S_RENAL_INSERT);
	drv_bind_int64(st, 1, patient_id);
	bind_text(st, 2, date);
	bind_opt(st, 3, crcl_dml);
	drv_bind_int(st, 4, dialysis ? 1 : 0);
	bind_text(st, 5, now);
	int rc = run(db, st);
	return rc == STORE_OK ? data_changed(db) : rc;
}

static void
read_renal(struct drv_stmt *st, struct store_renal *r)
{
	col_text(st, 0, r->effective_date, sizeof r->effective_date);
	r->crcl_dml = col_opt(st, 1);
	r->dialysis = drv_column_int(st, 2);
	col_text(st, 3, r->created_at, sizeof r->created_at);
}

int
store_renal_list(struct store *db, int64_t patient_id, struct store_renal **out, size_t *n)
{
	struct drv_stmt *st = get(db, S_RENAL_LIST);
	drv_bind_int64(st, 1, patient_id);
	FETCH_ALL(db, st, read_renal, out, n);
}

static void
read_regimen(struct drv_stmt *st, struct store_regimen *r)
{
	r->id = drv_column_int64(st, 0);
	r->patient_id = drv_column_int64(st, 1);
	col_text(st, 2, r->drug, sizeof r->drug);
	col_text(st, 3, r->start_date, sizeof r->start_date);
	col_text(st, 4, r->symptom_onset, sizeof r->symptom_onset);
	col_text(st, 5, r->bedtime, sizeof r->bedtime);
	col_text(st, 6, r->dose_time, sizeof r->dose_time);
	r->start_ug = drv_column_int64(st, 7);
	r->step_ug = drv_column_int64(st, 8);
	r->interval_days = drv_column_int64(st, 9);
	r->max_ug = drv_column_int64(st, 10);
	col_text(st, 11, r->status, sizeof r->status);
	r->version = drv_column_int64(st, 12);
	col_text(st, 13, r->created_at, sizeof r->created_at);
	col_text(st, 14, r->updated_at, sizeof r->updated_at);
	r->unguided = drv_column_int(st, 15) == 0;
	r->controlled_below = drv_column_int64(st, 16);
}

int
store_regimen_insert(struct store *db, struct store_regimen *r)
{
	struct drv_stmt *st = get(db, S_REGIMEN_INSERT);
	drv_bind_int64(st, 1, r->patient_id);
	bind_text(st, 2, r->drug);
	bind_text(st, 3, r->start_date);
	bind_text(st, 4, r->symptom_onset);
	bind_text(st, 5, r->bedtime);
	bind_text(st, 6, r->dose_time);
	drv_bind_int64(st, 7, r->start_ug);
	drv_bind_int64(st, 8, r->step_ug);
	drv_bind_int64(st, 9, r->interval_days);
	drv_bind_int64(st, 10, r->max_ug);
	bind_text(st, 11, r->created_at);
	drv_bind_int(st, 12, r->unguided ? 0 : 1);
	if (r->controlled_below == 0)
		r->controlled_below = CK_CONTROLLED_DEFAULT;
	drv_bind_int64(st, 13, r->controlled_below);
	int rc = run_id(db, st, &r->id);
	if (rc == STORE_OK) {
		r->version = 1;
		util_copy(r->status, sizeof r->status, "active");
		memcpy(r->updated_at, r->created_at, sizeof r->updated_at);
		rc = data_changed(db);
	}
	return rc;
}

int
store_regimen_get(struct store *db, int64_t id, struct store_regimen *r)
{
	struct drv_stmt *st = get(db, S_REGIMEN_GET);
	drv_bind_int64(st, 1, id);
	FETCH_ONE(db, st, read_regimen, r);
}

int
store_regimen_list(struct store *db, int64_t patient_id, int64_t after, int limit,
    struct store_regimen *out, size_t *n)
{
	struct drv_stmt *st = get(db, S_REGIMEN_LIST);
	drv_bind_int64(st, 1, patient_id);
	drv_bind_int64(st, 2, after);
	drv_bind_int(st, 3, limit);
	FETCH_MANY(db, st, read_regimen, out, (size_t)limit, n);
}

int
store_regimen_all(struct store *db, int64_t patient_id, struct store_regimen **out, size_t *n)
{
	struct drv_stmt *st = get(db, S_REGIMEN_LIST);
	drv_bind_int64(st, 1, patient_id);
	drv_bind_int64(st, 2, 0);
	drv_bind_int64(st, 3, INT64_MAX);   /* every row: a LIMIT both dialects accept */
	FETCH_ALL(db, st, read_regimen, out, n);
}

int
store_regimen_set_status(struct store *db, struct store_regimen *r, const char *status, const char *now)
{
	struct drv_stmt *st = get(db, S_REGIMEN_STATUS);
	int rc, ret = STORE_NOTFOUND;
	drv_bind_int64(st, 1, r->id);
	bind_text(st, 2, status);
	bind_text(st, 3, now);
	rc = drv_step(st);
	if (rc == DRV_ROW) {
		r->version = drv_column_int64(st, 0);
		util_copy(r->status, sizeof r->status, status);
		util_copy(r->updated_at, sizeof r->updated_at, now);
		ret = STORE_OK;
	} else if (rc != DRV_DONE) {
		ret = step_result(db, st, rc);
	}
	done(st);
	return ret == STORE_OK ? data_changed(db) : ret;
}

int
store_event_insert(struct store *db, int64_t regimen_id, const char *kind, const char *night_date,
    const char *reason, const char *now, const char *actor)
{
	struct drv_stmt *st = get(db, S_EVENT_INSERT);
	drv_bind_int64(st, 1, regimen_id);
	bind_text(st, 2, kind);
	bind_text(st, 3, night_date);
	drv_bind_text(st, 4, reason ? reason : "");
	bind_text(st, 5, now);
	bind_text(st, 6, actor);
	int rc = run(db, st);
	return rc == STORE_OK ? data_changed(db) : rc;
}

static void
read_event(struct drv_stmt *st, struct store_event *e)
{
	e->id = drv_column_int64(st, 0);
	col_text(st, 1, e->kind, sizeof e->kind);
	col_text(st, 2, e->night_date, sizeof e->night_date);
	col_text(st, 3, e->reason, sizeof e->reason);
	col_text(st, 4, e->created_at, sizeof e->created_at);
	col_text(st, 5, e->created_by, sizeof e->created_by);
}

int
store_event_list(struct store *db, int64_t regimen_id, struct store_event **out, size_t *n)
{
	struct drv_stmt *st = get(db, S_EVENT_LIST);
	drv_bind_int64(st, 1, regimen_id);
	FETCH_ALL(db, st, read_event, out, n);
}

static void
read_token(struct drv_stmt *st, struct store_token *t)
{
	t->id = drv_column_int64(st, 0);
	col_text(st, 1, t->label, sizeof t->label);
	col_text(st, 2, t->role, sizeof t->role);
	t->patient_id = col_opt(st, 3);
	col_text(st, 4, t->created_at, sizeof t->created_at);
	col_text(st, 5, t->last_used_at, sizeof t->last_used_at);
	col_text(st, 6, t->expires_at, sizeof t->expires_at);
	col_text(st, 7, t->revoked_at, sizeof t->revoked_at);
	col_text(st, 8, t->hash, sizeof t->hash);
}

int
store_token_insert(struct store *db, struct store_token *t, const char *hash)
{
	struct drv_stmt *st = get(db, S_TOKEN_INSERT);
	bind_text(st, 1, t->label);
	bind_text(st, 2, t->role);
	bind_opt(st, 3, t->patient_id);
	bind_text(st, 4, hash);
	bind_text(st, 5, t->created_at);
	bind_text(st, 6, t->expires_at);
	return run_id(db, st, &t->id);
}

int
store_token_by_hash(struct store *db, const char *hash, struct store_token *t)
{
	struct drv_stmt *st = get(db, S_TOKEN_BY_HASH);
	drv_bind_text(st, 1, hash);
	FETCH_ONE(db, st, read_token, t);
}

int
store_token_touch(struct store *db, int64_t id, const char *now)
{
	struct drv_stmt *st = get(db, S_TOKEN_TOUCH);
	drv_bind_int64(st, 1, id);
	bind_text(st, 2, now);
	return run(db, st);
}

int
store_token_revoke(struct store *db, const char *label, const char *now)
{
	struct drv_stmt *st = get(db, S_TOKEN_REVOKE);
	bind_text(st, 1, label);
	bind_text(st, 2, now);
	int rc = run(db, st);
	if (rc == STORE_OK && drv_changes(db->c) == 0)
		rc = STORE_NOTFOUND;
	return rc;
}

int
store_token_list(struct store *db, int64_t after, int limit, struct store_token *out, size_t *n)
{
	struct drv_stmt *st = get(db, S_TOKEN_LIST);
	drv_bind_int64(st, 1, after);
	drv_bind_int(st, 2, limit);
	FETCH_MANY(db, st, read_token, out, (size_t)limit, n);
}

int
store_audit_insert(struct store *db, const char *actor, const char *role, const char *action,
    const char *entity, int64_t entity_id, const char *detail, const char *now)
{
	struct drv_stmt *st = get(db, S_AUDIT_INSERT);
	bind_text(st, 1, now);
	bind_text(st, 2, actor);
	bind_text(st, 3, role);
	bind_text(st, 4, action);
	bind_text(st, 5, entity);
	bind_opt(st, 6, entity_id);
	drv_bind_text(st, 7, detail ? detail : "");
	return run(db, st);
}

static void
read_audit(struct drv_stmt *st, struct store_audit *a)
{
	a->id = drv_column_int64(st, 0);
	col_text(st, 1, a->at, sizeof a->at);
	col_text(st, 2, a->actor, sizeof a->actor);
	col_text(st, 3, a->role, sizeof a->role);
	col_text(st, 4, a->action, sizeof a->action);
	col_text(st, 5, a->entity, sizeof a->entity);
	a->entity_id = col_opt(st, 6);
	col_text(st, 7, a->detail, sizeof a->detail);
}

int
store_audit_list(struct store *db, const char *entity, int64_t entity_id, int64_t after, int limit,
    struct store_audit *out, size_t *n)
{
	struct drv_stmt *st = get(db, S_AUDIT_LIST);
	bind_text(st, 1, entity);
	bind_opt(st, 2, entity_id);
	drv_bind_int64(st, 3, after);
	drv_bind_int(st, 4, limit);
	FETCH_MANY(db, st, read_audit, out, (size_t)limit, n);
}

int
store_cds_card_insert(struct store *db, struct store_cds_card *c)
{
	struct drv_stmt *st = get(db, S_CDS_CARD_INSERT);
	int rc;
	drv_bind_text(st, 1, c->uuid);
	drv_bind_text(st, 2, c->hook);
	drv_bind_text(st, 3, c->hook_instance);
	drv_bind_text(st, 4, c->patient_key);
	drv_bind_text(st, 5, c->user_id);
	drv_bind_text(st, 6, c->ingredient);
	drv_bind_text(st, 7, c->rule);
	drv_bind_text(st, 8, c->indicator);
	drv_bind_text(st, 9, c->shown_at);
	rc = run_id(db, st, &c->id);
	return rc;
}

static void
read_cds_card(struct drv_stmt *st, struct store_cds_card *c)
{
	c->id = drv_column_int64(st, 0);
	col_text(st, 1, c->uuid, sizeof c->uuid);
	col_text(st, 2, c->hook, sizeof c->hook);
	col_text(st, 3, c->hook_instance, sizeof c->hook_instance);
	col_text(st, 4, c->patient_key, sizeof c->patient_key);
	col_text(st, 5, c->user_id, sizeof c->user_id);
	col_text(st, 6, c->ingredient, sizeof c->ingredient);
	col_text(st, 7, c->rule, sizeof c->rule);
	col_text(st, 8, c->indicator, sizeof c->indicator);
	col_text(st, 9, c->shown_at, sizeof c->shown_at);
}

int
store_cds_card_get(struct store *db, const char *uuid, struct store_cds_card *c)
{
	struct drv_stmt *st = get(db, S_CDS_CARD_GET);
	drv_bind_text(st, 1, uuid);
	FETCH_ONE(db, st, read_cds_card, c);
}

static void
read_nothing(struct drv_stmt *st, void *unused)
{
	(void)st;
	(void)unused;
}

int
store_cds_card_recent(struct store *db, const struct store_cds_card *key, const char *hook, const char *since)
{
	struct drv_stmt *st = get(db, S_CDS_CARD_RECENT);
	drv_bind_text(st, 1, key->patient_key);
	drv_bind_text(st, 2, key->user_id);
	drv_bind_text(st, 3, key->ingredient);
	drv_bind_text(st, 4, key->rule);
	drv_bind_text(st, 5, hook);
	drv_bind_text(st, 6, since);
	FETCH_ONE(db, st, read_nothing, NULL);
}

int
store_cds_feedback_insert(struct store *db, const struct store_cds_card *c, const char *outcome,
    const char *reason, const char *comment, const char *outcome_at, const char *now)
{
	struct drv_stmt *st = get(db, S_CDS_FEEDBACK_INSERT);
	drv_bind_int64(st, 1, c->id);
	drv_bind_text(st, 2, c->uuid);
	drv_bind_text(st, 3, outcome);
	drv_bind_text(st, 4, reason ? reason : "");
	drv_bind_text(st, 5, comment ? comment : "");
	drv_bind_text(st, 6, outcome_at);
	drv_bind_text(st, 7, now);
	return run(db, st);
}


/* ---- knowledge base ---- */

int
store_load_formulary(struct store *db, struct formulary *f)
{
	struct drv_stmt *st;
	int rc = DRV_DONE;
	bool ok = true;

	/* Each table in turn; a failed step anywhere ends the load. */
	st = get(db, S_FM_INGREDIENTS);
	while (ok && (rc = drv_step(st)) == DRV_ROW)
		ok = fm_add_ingredient(f, drv_column_int64(st, 0), drv_column_text(st, 1),
		    drv_column_text(st, 2), drv_column_int64(st, 3));
	done(st);
	st = get(db, S_FM_ALT);
	while (ok && rc == DRV_DONE && (rc = drv_step(st)) == DRV_ROW)
		if ((ok = fm_add_alt_atc(f, drv_column_int64(st, 0), drv_column_text(st, 1))))
			rc = DRV_DONE;
	done(st);
	st = get(db, S_FM_NAMES);
	while (ok && rc == DRV_DONE && (rc = drv_step(st)) == DRV_ROW)
		if ((ok = fm_add_name(f, drv_column_text(st, 0), drv_column_int64(st, 1))))
			rc = DRV_DONE;
	done(st);
	st = get(db, S_FM_STRIP);
	while (ok && rc == DRV_DONE && (rc = drv_step(st)) == DRV_ROW)
		if ((ok = fm_add_strip(f, drv_column_text(st, 0),
		    drv_column_text(st, 1))))
			rc = DRV_DONE;
	done(st);
	if (!ok) {
		log_error("db: load formulary: a row was refused (out of memory, or an ingredient with more "
		    "than %d ATC codes)", FM_MAX_ATCS);
		return STORE_ERROR;
	}
	if (rc != DRV_DONE)
		return step_result(db, st, rc);
	fm_finish(f);
	return STORE_OK;
}

int
store_load_kb(struct store *db, struct ia_kb **out)
{
	struct drv_stmt *st;
	char version[32] = "unknown";
	struct ia_kb *kb;
	int rc;
	bool ok = true;

	st = get(db, S_KB_VERSION);
	if (drv_step(st) == DRV_ROW)
		col_text(st, 0, version, sizeof version);
	done(st);
	if ((kb = ia_new(version)) == NULL)
		return STORE_ERROR;
	st = get(db, S_KB_RULES);
	while ((rc = drv_step(st)) == DRV_ROW) {
		struct ia_rule r;
		col_text(st, 0, r.id, sizeof r.id);
		col_text(st, 1, r.kind, sizeof r.kind);
		col_text(st, 2, r.severity, sizeof r.severity);
		col_text(st, 3, r.summary, sizeof r.summary);
		col_text(st, 4, r.detail, sizeof r.detail);
		col_text(st, 5, r.source, sizeof r.source);
		col_text(st, 6, r.dose_advice, sizeof r.dose_advice);
		r.event = drv_column_int(st, 7) != 0;
		ok = ok && ia_add_rule(kb, &r);
	}
	done(st);
	st = get(db, S_KB_ATC);
	while (ok && rc == DRV_DONE && (rc = drv_step(st)) == DRV_ROW)
		if ((ok = ia_add_atc(kb, drv_column_text(st, 0),
		    drv_column_text(st, 1), drv_column_text(st, 2),
		    drv_column_int(st, 3) != 0)))
			rc = DRV_DONE;
	done(st);
	st = get(db, S_KB_LABELS);
	while (ok && rc == DRV_DONE && (rc = drv_step(st)) == DRV_ROW) {
		struct ia_label l;
		col_text(st, 0, l.drug, sizeof l.drug);
		l.max_ug = drv_column_int(st, 1);
		l.start_max_ug = drv_column_int(st, 2);
		l.min_interval = drv_column_int(st, 3);
		l.single_max_ug = drv_column_int(st, 4);
		l.off_label = drv_column_int(st, 5) != 0;
		l.dopamine_agonist = drv_column_int(st, 6) != 0;
		l.taper_required = drv_column_int(st, 7) != 0;
		if ((ok = ia_add_label(kb, &l)))
			rc = DRV_DONE;
	}
	done(st);
	st = get(db, S_KB_IRON);
	while (ok && rc == DRV_DONE && (rc = drv_step(st)) == DRV_ROW)
		if ((ok = ia_set_iron(kb, drv_column_text(st, 0),
		    drv_column_int64(st, 1), drv_column_int64(st, 2))))
			rc = DRV_DONE;
	done(st);
	st = get(db, S_KB_ROLES);
	while (ok && rc == DRV_DONE && (rc = drv_step(st)) == DRV_ROW)
		if ((ok = ia_add_role(kb, drv_column_text(st, 0),
		    drv_column_text(st, 1), drv_column_text(st, 2))))
			rc = DRV_DONE;
	done(st);
	if (rc != DRV_DONE || !ok) {
		if (!ok)
			log_error("db: load knowledge base: a row was refused (out of memory)");
		ia_free(kb);
		return ok ? step_result(db, st, rc) : STORE_ERROR;
	}
	ia_finish(kb);
	*out = kb;
	return STORE_OK;
}

/* ---- medications ---- */

int
store_med_insert(struct store *db, struct store_med *m, const char *actor)
{
	struct drv_stmt *st = get(db, S_MED_INSERT);
	int rc;
	drv_bind_int64(st, 1, m->patient_id);
	drv_bind_text(st, 2, m->name);
	bind_text(st, 3, m->started);
	bind_text(st, 4, m->created_at);
	bind_text(st, 5, actor);
	if ((rc = run_id(db, st, &m->id)) != STORE_OK)
		return rc;
	util_copy(m->status, sizeof m->status, "active");
	memcpy(m->updated_at, m->created_at, sizeof m->updated_at);
	for (size_t i = 0; i < m->ningredients; i++) {
		st = get(db, S_MED_ING_INSERT);
		drv_bind_int64(st, 1, m->id);
		drv_bind_int64(st, 2, (int64_t)i);
		drv_bind_int64(st, 3, m->ingredient[i]);
		if ((rc = run(db, st)) != STORE_OK)
			return rc;
	}
	return data_changed(db);
}

static void
read_med(struct drv_stmt *st, struct store_med *m)
{
	m->id = drv_column_int64(st, 0);
	m->patient_id = drv_column_int64(st, 1);
	col_text(st, 2, m->name, sizeof m->name);
	col_text(st, 3, m->started, sizeof m->started);
	col_text(st, 4, m->stopped, sizeof m->stopped);
	col_text(st, 5, m->status, sizeof m->status);
	col_text(st, 6, m->created_at, sizeof m->created_at);
	col_text(st, 7, m->updated_at, sizeof m->updated_at);
	m->ningredients = 0;
}

static int
med_ingredients(struct store *db, struct store_med *m)
{
	struct drv_stmt *st = get(db, S_MED_INGS);
	int rc;
	drv_bind_int64(st, 1, m->id);
	m->ningredients = 0;
	while ((rc = drv_step(st)) == DRV_ROW && m->ningredients < FM_MAX_INGREDIENTS)
		m->ingredient[m->ningredients++] = drv_column_int64(st, 0);
	if (rc == DRV_ROW) {
		/* Never a medication checked with an ingredient dropped (the insert refuses more). */
		log_error("db: medication %lld has more than %d ingredients", (long long)m->id,
		    FM_MAX_INGREDIENTS);
		done(st);
		return STORE_ERROR;
	}
	done(st);
	return step_result(db, st, rc);
}

static int
store_med_get_row(struct store *db, int64_t id, struct store_med *m)
{
	struct drv_stmt *st = get(db, S_MED_GET);
	drv_bind_int64(st, 1, id);
	FETCH_ONE(db, st, read_med, m);
}

int
store_med_get(struct store *db, int64_t id, struct store_med *m)
{
	int rc = store_med_get_row(db, id, m);
	return rc == STORE_OK ? med_ingredients(db, m) : rc;
}

static int
store_med_list_rows(struct store *db, int64_t patient_id, bool active_only, int64_t after, int limit,
    struct store_med *out, size_t *n)
{
	struct drv_stmt *st = get(db, active_only ? S_MED_LIST : S_MED_LIST_ALL);
	drv_bind_int64(st, 1, patient_id);
	drv_bind_int64(st, 2, after);
	drv_bind_int(st, 3, limit);
	FETCH_MANY(db, st, read_med, out, (size_t)limit, n);
}

int
store_med_list(struct store *db, int64_t patient_id, bool active_only, int64_t after, int limit,
    struct store_med *out, size_t *n)
{
	int rc = store_med_list_rows(db, patient_id, active_only, after, limit, out, n);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		rc = med_ingredients(db, &out[i]);
	return rc;
}

static int
store_med_all_rows(struct store *db, int64_t patient_id, bool active_only, struct store_med **out,
    size_t *n)
{
	struct drv_stmt *st = get(db, active_only ? S_MED_LIST : S_MED_LIST_ALL);
	drv_bind_int64(st, 1, patient_id);
	drv_bind_int64(st, 2, 0);
	drv_bind_int64(st, 3, INT64_MAX);   /* every row: a LIMIT both dialects accept */
	FETCH_ALL(db, st, read_med, out, n);
}

/* The ingredients of meds[0..n) (ascending ids, as store_med_all_rows reads them) in one query. */
static int
med_ingredients_all(struct store *db, int64_t patient_id, bool active_only, struct store_med *meds, size_t n)
{
	struct drv_stmt *st = get(db, S_MED_INGS_PATIENT);
	size_t i = 0;
	int rc;
	drv_bind_int64(st, 1, patient_id);
	drv_bind_int(st, 2, active_only ? 1 : 0);
	while ((rc = drv_step(st)) == DRV_ROW) {
		int64_t mid = drv_column_int64(st, 0);
		while (i < n && meds[i].id < mid)
			i++;
		if (i < n && meds[i].id == mid && meds[i].ningredients < FM_MAX_INGREDIENTS)
			meds[i].ingredient[meds[i].ningredients++] = drv_column_int64(st, 1);
	}
	rc = step_result(db, st, rc);
	done(st);
	return rc;
}

int
store_med_all(struct store *db, int64_t patient_id, bool active_only, struct store_med **out, size_t *n)
{
	int rc = store_med_all_rows(db, patient_id, active_only, out, n);
	if (rc == STORE_OK && *n > 0)
		rc = med_ingredients_all(db, patient_id, active_only, *out, *n);
	if (rc != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
store_med_stop(struct store *db, int64_t id, const char *date, const char *now)
{
	struct drv_stmt *st = get(db, S_MED_STOP);
	drv_bind_int64(st, 1, id);
	bind_text(st, 2, date);
	bind_text(st, 3, now);
	int rc = run(db, st);
	if (rc == STORE_OK && drv_changes(db->c) == 0)
		rc = STORE_CONFLICT;
	return rc == STORE_OK ? data_changed(db) : rc;
}

/* ---- flags ---- */

static void
read_flag(struct drv_stmt *st, struct store_flag *fl)
{
	fl->id = drv_column_int64(st, 0);
	fl->patient_id = drv_column_int64(st, 1);
	fl->regimen_id = col_opt(st, 2);
	fl->medication_id = col_opt(st, 3);
	col_text(st, 4, fl->rule, sizeof fl->rule);
	col_text(st, 5, fl->severity, sizeof fl->severity);
	col_text(st, 6, fl->summary, sizeof fl->summary);
	col_text(st, 7, fl->detail, sizeof fl->detail);
	col_text(st, 8, fl->source, sizeof fl->source);
	col_text(st, 9, fl->kb_version, sizeof fl->kb_version);
	col_text(st, 10, fl->status, sizeof fl->status);
	col_text(st, 11, fl->created_at, sizeof fl->created_at);
	col_text(st, 12, fl->reviewed_by, sizeof fl->reviewed_by);
	col_text(st, 13, fl->reviewed_at, sizeof fl->reviewed_at);
	col_text(st, 14, fl->review_note, sizeof fl->review_note);
}

int
store_flag_insert(struct store *db, struct store_flag *fl)
{
	struct drv_stmt *st = get(db, S_FLAG_INSERT);
	drv_bind_int64(st, 1, fl->patient_id);
	bind_opt(st, 2, fl->regimen_id);
	bind_opt(st, 3, fl->medication_id);
	bind_text(st, 4, fl->rule);
	bind_text(st, 5, fl->severity);
	drv_bind_text(st, 6, fl->summary);
	drv_bind_text(st, 7, fl->detail);
	drv_bind_text(st, 8, fl->source);
	bind_text(st, 9, fl->kb_version);
	bind_text(st, 10, fl->created_at);
	/*
	 * A live flag with the key exists: no row comes back (ON CONFLICT DO
	 * NOTHING, no error), STORE_CONFLICT.  A recheck tries every finding,
	 * and an error per existing flag would cost PostgreSQL a savepoint each.
	 */
	int rc = drv_step(st);
	if (rc == DRV_ROW)
		fl->id = drv_column_int64(st, 0);
	rc = rc == DRV_ROW ? STORE_OK : rc == DRV_DONE ? STORE_CONFLICT : step_result(db, st, rc);
	done(st);
	if (rc == STORE_OK) {
		util_copy(fl->status, sizeof fl->status, "open");
		fl->reviewed_by[0] = fl->reviewed_at[0] = fl->review_note[0] = '\0';
		/* The open count moves in the same transaction as the row (schema/015). */
		st = get(db, S_FLAG_COUNT_ADD);
		bind_text(st, 1, fl->severity);
		if ((rc = run(db, st)) == STORE_OK)
			rc = data_changed(db);
	}
	return rc;
}

int
store_flag_get(struct store *db, int64_t id, struct store_flag *fl)
{
	struct drv_stmt *st = get(db, S_FLAG_GET);
	drv_bind_int64(st, 1, id);
	FETCH_ONE(db, st, read_flag, fl);
}

/* The flag list statement for flt, on the index of its leading filter, bound. */
static struct drv_stmt *
flag_query(struct store *db, const struct store_flag_filter *flt, int64_t after, int64_t limit)
{
	enum stmt which = flt->regimen_id >= 0 ? S_FLAG_LIST_REGIMEN :
	    flt->medication_id >= 0 ? S_FLAG_LIST_MEDICATION :
	    flt->patient_id >= 0 ? S_FLAG_LIST_PATIENT :
	    flt->status != NULL ? S_FLAG_LIST_STATUS : S_FLAG_LIST;
	struct drv_stmt *st = get(db, which);
	drv_bind_int64(st, 1, after);
	bind_text(st, 2, flt->status);
	bind_text(st, 3, flt->severity);
	bind_opt(st, 4, flt->patient_id);
	bind_opt(st, 5, flt->regimen_id);
	bind_opt(st, 6, flt->medication_id);
	drv_bind_int(st, 7, flt->live_only ? 1 : 0);
	drv_bind_int64(st, 8, limit);
	return st;
}

int
store_flag_list(struct store *db, const struct store_flag_filter *flt, int64_t after, int limit,
    struct store_flag *out, size_t *n)
{
	struct drv_stmt *st = flag_query(db, flt, after, limit);
	FETCH_MANY(db, st, read_flag, out, (size_t)limit, n);
}

int
store_flag_all(struct store *db, const struct store_flag_filter *flt, struct store_flag **out, size_t *n)
{
	struct drv_stmt *st = flag_query(db, flt, 0, INT64_MAX);
	FETCH_ALL(db, st, read_flag, out, n);
}

int
store_flag_review(struct store *db, int64_t id, const char *status, const char *by, const char *at,
    const char *note)
{
	struct drv_stmt *st = get(db, S_FLAG_REVIEW);
	drv_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	bind_text(st, 3, by);
	bind_text(st, 4, at);
	drv_bind_text(st, 5, note ? note : "");
	int rc = run(db, st);
	if (rc == STORE_OK && drv_changes(db->c) == 0)
		rc = STORE_CONFLICT;
	if (rc != STORE_OK)
		return rc;
	/* It was open (the UPDATE only takes open flags) and is not now. */
	st = get(db, S_FLAG_COUNT_SUB);
	drv_bind_int64(st, 1, id);
	if ((rc = run(db, st)) != STORE_OK)
		return rc;
	return data_changed(db);
}

int
store_flag_open_counts(struct store *db, int64_t counts[3])
{
	struct drv_stmt *st = get(db, S_FLAG_COUNTS);
	int rc;
	counts[0] = counts[1] = counts[2] = 0;
	while ((rc = drv_step(st)) == DRV_ROW) {
		const char *sev = drv_column_text(st, 0);
		int64_t c = drv_column_int64(st, 1);
		if (sev && strcmp(sev, "info") == 0)
			counts[0] = c;
		else if (sev && strcmp(sev, "warning") == 0)
			counts[1] = c;
		else if (sev && strcmp(sev, "critical") == 0)
			counts[2] = c;
	}
	done(st);
	return rc == DRV_DONE ? STORE_OK : STORE_ERROR;
}

/* ---- idempotency ---- */

int
store_idem_get(struct store *db, int64_t token_id, const char *key, const char *since, struct store_idem *out)
{
	struct drv_stmt *st = get(db, S_IDEM_GET);
	int rc, ret = STORE_NOTFOUND;
	drv_bind_int64(st, 1, token_id);
	bind_text(st, 2, key);
	bind_text(st, 3, since);
	rc = drv_step(st);
	if (rc == DRV_ROW) {
		size_t n = 0;
		const void *b = drv_column_blob(st, 5, &n);
		col_text(st, 0, out->request_hash, sizeof out->request_hash);
		out->status = drv_column_int(st, 1);
		col_text(st, 2, out->content_type, sizeof out->content_type);
		col_text(st, 3, out->location, sizeof out->location);
		col_text(st, 4, out->etag, sizeof out->etag);
		out->body = malloc((size_t)n + 1);
		if (out->body == NULL) {
			ret = STORE_ERROR;
		} else {
			if (n > 0)
				memcpy(out->body, b, (size_t)n);
			out->body[n] = '\0';
			out->body_len = (size_t)n;
			ret = STORE_OK;
		}
	} else if (rc != DRV_DONE) {
		ret = step_result(db, st, rc);
	}
	done(st);
	return ret;
}

int
store_idem_put(struct store *db, int64_t token_id, const char *key, const struct store_idem *in,
    const char *now, const char *expire_before)
{
	struct drv_stmt *st = get(db, S_IDEM_EXPIRE);
	int rc;
	/* Expired rows go first, so a key may be reused after 24 h. */
	bind_text(st, 1, expire_before);
	if ((rc = run(db, st)) != STORE_OK)
		return rc;
	st = get(db, S_IDEM_PUT);
	drv_bind_int64(st, 1, token_id);
	bind_text(st, 2, key);
	bind_text(st, 3, in->request_hash);
	drv_bind_int(st, 4, in->status);
	drv_bind_text(st, 5, in->content_type);
	drv_bind_text(st, 6, in->location);
	drv_bind_text(st, 7, in->etag);
	drv_bind_blob(st, 8, in->body, in->body_len);
	bind_text(st, 9, now);
	return run(db, st);
}

/* ---- console sessions (schema/012_console_sessions.sql) ---- */

static void
read_session(struct drv_stmt *st, struct store_session *s)
{
	read_token(st, &s->token);
	s->id = drv_column_int64(st, 9);
	col_text(st, 10, s->csrf, sizeof s->csrf);
	col_text(st, 11, s->created_at, sizeof s->created_at);
	col_text(st, 12, s->last_seen_at, sizeof s->last_seen_at);
	col_text(st, 13, s->expires_at, sizeof s->expires_at);
	col_text(st, 14, s->flash, sizeof s->flash);
}

int
store_session_insert(struct store *db, const char *hash, int64_t token_id, const char *csrf,
    const char *now, const char *expires_at)
{
	struct drv_stmt *st = get(db, S_SESSION_INSERT);
	bind_text(st, 1, hash);
	drv_bind_int64(st, 2, token_id);
	bind_text(st, 3, csrf);
	bind_text(st, 4, now);
	bind_text(st, 5, expires_at);
	return run(db, st);
}

int
store_session_get(struct store *db, const char *hash, struct store_session *s)
{
	struct drv_stmt *st = get(db, S_SESSION_GET);
	bind_text(st, 1, hash);
	FETCH_ONE(db, st, read_session, s);
}

int
store_session_touch(struct store *db, int64_t id, const char *now, const char *flash)
{
	struct drv_stmt *st = get(db, S_SESSION_TOUCH);
	drv_bind_int64(st, 1, id);
	bind_text(st, 2, now);
	bind_text(st, 3, flash);
	return run(db, st);
}

int
store_session_delete(struct store *db, const char *hash)
{
	struct drv_stmt *st = get(db, S_SESSION_DELETE);
	bind_text(st, 1, hash);
	return run(db, st);
}

int
store_session_expire(struct store *db, const char *now, const char *idle_before)
{
	struct drv_stmt *st = get(db, S_SESSION_EXPIRE);
	bind_text(st, 1, now);
	bind_text(st, 2, idle_before);
	return run(db, st);
}

/* ---- check-ins (schema/011) ---- */

int
store_checkin_insert(struct store *db, struct store_checkin *c)
{
	struct drv_stmt *st = get(db, S_CHECKIN_INSERT);
	drv_bind_int64(st, 1, c->regimen_id);
	bind_text(st, 2, c->night);
	drv_bind_int64(st, 3, c->severity);
	bind_text(st, 4, c->onset);
	drv_bind_int64(st, 5, c->body_parts);
	drv_bind_int64(st, 6, c->side_effects);
	bind_opt(st, 7, c->irls);
	drv_bind_text(st, 8, c->note);
	bind_text(st, 9, c->created_at);
	bind_text(st, 10, c->created_by);
	int rc = run_id(db, st, &c->id);
	return rc == STORE_OK ? data_changed(db) : rc;
}

static void
read_checkin(struct drv_stmt *st, struct store_checkin *c)
{
	c->id = drv_column_int64(st, 0);
	c->regimen_id = drv_column_int64(st, 1);
	col_text(st, 2, c->night, sizeof c->night);
	c->severity = drv_column_int64(st, 3);
	col_text(st, 4, c->onset, sizeof c->onset);
	c->body_parts = drv_column_int64(st, 5);
	c->side_effects = drv_column_int64(st, 6);
	c->irls = col_opt(st, 7);
	col_text(st, 8, c->note, sizeof c->note);
	col_text(st, 9, c->created_at, sizeof c->created_at);
	col_text(st, 10, c->created_by, sizeof c->created_by);
}

int
store_checkin_all(struct store *db, int64_t regimen_id, struct store_checkin **out, size_t *n)
{
	struct drv_stmt *st = get(db, S_CHECKIN_ALL);
	drv_bind_int64(st, 1, regimen_id);
	FETCH_ALL(db, st, read_checkin, out, n);
}

int
store_checkin_page(struct store *db, int64_t regimen_id, const char *lo, const char *hi, int limit,
    struct store_checkin *out, size_t *n)
{
	struct drv_stmt *st = get(db, S_CHECKIN_PAGE);
	drv_bind_int64(st, 1, regimen_id);
	bind_text(st, 2, lo);
	bind_text(st, 3, hi);
	drv_bind_int(st, 4, limit);
	FETCH_MANY(db, st, read_checkin, out, (size_t)limit, n);
}

struct checkin_rule_row {
	char *rule, *severity;
	int64_t *nights;
};

static void
read_checkin_rule(struct drv_stmt *st, struct checkin_rule_row *o)
{
	col_text(st, 0, o->rule, IA_RULE_MAX);
	col_text(st, 1, o->severity, 12);
	*o->nights = drv_column_int64(st, 2);
}

int
store_checkin_rule(struct store *db, const char *event, const char *drug, char rule[IA_RULE_MAX],
    char severity[12], int64_t *nights)
{
	struct drv_stmt *st = get(db, S_CHECKIN_RULE);
	struct checkin_rule_row row = { rule, severity, nights };
	struct checkin_rule_row *o = &row;
	bind_text(st, 1, event);
	bind_text(st, 2, drug);
	FETCH_ONE(db, st, read_checkin_rule, o);
}

static void
read_augmentation(struct drv_stmt *st, struct store_augmentation *a)
{
	col_text(st, 0, a->rule, sizeof a->rule);
	a->window_nights = drv_column_int64(st, 1);
	a->min_nights = drv_column_int64(st, 2);
	a->earlier_minutes = drv_column_int64(st, 3);
	a->spread_minutes = drv_column_int64(st, 4);
}

int
store_augmentation_watch(struct store *db, const char *drug, struct store_augmentation *out)
{
	struct drv_stmt *st = get(db, S_AUGMENTATION_WATCH);
	bind_text(st, 1, drug);
	FETCH_ONE(db, st, read_augmentation, out);
}

static void
read_uid_domain(struct drv_stmt *st, char *out)
{
	col_text(st, 0, out, STORE_UID_DOMAIN_MAX + 1);
}

int
store_uid_domain(struct store *db, char out[STORE_UID_DOMAIN_MAX + 1])
{
	struct drv_stmt *st = get(db, S_UID_DOMAIN);
	FETCH_ONE(db, st, read_uid_domain, out);
}

static void
read_instance(struct drv_stmt *st, char *out)
{
	col_text(st, 0, out, STORE_INSTANCE_LEN);
}

int
store_instance_id(struct store *db, char out[STORE_INSTANCE_LEN])
{
	struct drv_stmt *st = get(db, S_INSTANCE_GET);
	FETCH_ONE(db, st, read_instance, out);
}
