/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_db.c - the store: migrations, constraints, transactions, the
 * append-only audit table and the connection settings.  Every test works on
 * a fresh temporary database file; with TITRAD_TEST_PG (a libpq URI of a
 * running cluster) the "pg" case runs them again, each on a new PostgreSQL
 * database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include <check.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/store.h"
#include "service/regimen.h"
#include "base/log.h"
#include "base/util.h"
#include "testkb.h"
#include "testtmp.h"

static struct testkb K;
/* The store of K; tests close and reopen it, teardown hands it back. */
static struct store *D;
static const char NOW[] = "2026-11-25T13:40:00Z";

/* Fixture: a migrated database open as D. */
static void
setup(void)
{
	testkb_open(&K, TESTKB_STORE);
	D = K.store;
}

static void
teardown(void)
{
	K.store = D;
	D = NULL;
	testkb_close(&K);
}

/* Fixture: the same on a new PostgreSQL database (TITRAD_TEST_PG). */
static void
setup_pg(void)
{
	testkb_open_on(&K, TESTKB_STORE, true);
	D = K.store;
}

/* Fixture for tests that open the file themselves. */
static void
setup_path(void)
{
	testkb_open(&K, 0);
}

static void
teardown_path(void)
{
	testkb_close(&K);
}

static sqlite3 *
raw_open(void)
{
	sqlite3 *h = NULL;
	ck_assert_int_eq(sqlite3_open_v2(K.path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(h, 2000);
	return h;
}

static void
raw_exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

/* First column of the first row as text (copied into out). */
static void
raw_text(sqlite3 *h, const char *sql, char *out, size_t cap)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static int
raw_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	int v;
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
patient(struct store_patient *p, const char *ext)
{
	memset(p, 0, sizeof *p);
	util_copy(p->external_id, sizeof p->external_id, ext);
	util_copy(p->display_name, sizeof p->display_name, "Test Patient");
	p->crcl_given_dml = p->age = p->weight_dkg = p->scr_cmgdl = p->ferritin_dng = p->tsat_dpct = -1;
	util_copy(p->created_at, sizeof p->created_at, NOW);
}

static void
regimen(struct store_regimen *g, int64_t pid, const char *drug)
{
	memset(g, 0, sizeof *g);
	g->patient_id = pid;
	util_copy(g->drug, sizeof g->drug, drug);
	util_copy(g->start_date, sizeof g->start_date, "2026-12-01");
	util_copy(g->symptom_onset, sizeof g->symptom_onset, "22:00");
	util_copy(g->dose_time, sizeof g->dose_time, "20:00");
	g->start_ug = 125;
	g->step_ug = 125;
	g->interval_days = 2;
	g->max_ug = 4000;
	util_copy(g->created_at, sizeof g->created_at, NOW);
}

static int64_t
insert_patient(const char *ext)
{
	struct store_patient p;
	patient(&p, ext);
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_OK);
	ck_assert_int_gt(p.id, 0);
	return p.id;
}

/* ================================================================ open/migrate */

START_TEST(test_fresh_db_latest)
{
	struct titr_protocol *protos = NULL;
	size_t n;

	ck_assert_int_gt(store_latest_version(), 0);
	ck_assert_int_eq(store_schema_version(D), store_latest_version());
	ck_assert_int_eq(store_migrations[store_nmigrations - 1].version, store_latest_version());
	/* 1, 2, 3, ... with no gap: a deployed database never skips a migration merged late. */
	for (size_t i = 0; i < store_nmigrations; i++)
		ck_assert_int_eq(store_migrations[i].version, (int)i + 1);
	ck_assert_int_eq(store_protocols(D, &protos, &n), STORE_OK);
	ck_assert_uint_eq(n, 3);
	free(protos);
	protos = NULL;
	ck_assert(store_integrity_ok(D));
	ck_assert_int_eq(store_count(D, "patient"), 0);
	ck_assert_int_eq(store_count(D, "no_such_table"), -1);
	ck_assert_int_eq(store_count(D, "patient; DROP TABLE patient"), -1);
}
END_TEST

START_TEST(test_reopen_idempotent)
{
	char err[512];
	struct titr_protocol *protos = NULL;
	size_t n;
	int64_t pid = insert_patient("MRN-1");

	store_close(D);
	D = NULL;
	for (int i = 0; i < 2; i++) {
		ck_assert_msg(store_open(K.path, true, &D, err, sizeof err) == STORE_OK, "reopen: %s", err);
		ck_assert_int_eq(store_schema_version(D), store_latest_version());
		ck_assert_int_eq(store_protocols(D, &protos, &n), STORE_OK);
		ck_assert_uint_eq(n, 3);          /* seed rows not duplicated */
		free(protos);
		protos = NULL;
		ck_assert_int_eq(store_count(D, "patient"), 1);
		store_close(D);
		D = NULL;
	}
	/* Without migrate, an up-to-date file opens as well. */
	ck_assert_msg(store_open(K.path, false, &D, err, sizeof err) == STORE_OK, "open: %s", err);
	struct store_patient p;
	ck_assert_int_eq(store_patient_get(D, pid, &p), STORE_OK);
	ck_assert_str_eq(p.external_id, "MRN-1");
}
END_TEST

START_TEST(test_newer_db_refused)
{
	char err[512] = "", sql[64];
	struct store *db = (struct store *)1;
	sqlite3 *h = raw_open();

	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_latest_version() + 1);
	raw_exec(h, "CREATE TABLE future (x INTEGER)");
	raw_exec(h, sql);
	sqlite3_close(h);

	ck_assert_int_ne(store_open(K.path, true, &db, err, sizeof err), STORE_OK);
	ck_assert_ptr_null(db);
	ck_assert_msg(strstr(err, "newer") != NULL, "message: %s", err);
	err[0] = '\0';
	ck_assert_int_ne(store_open(K.path, false, &db, err, sizeof err), STORE_OK);
	ck_assert_ptr_null(db);
	ck_assert(err[0] != '\0');

	/* Refusing did not touch it. */
	h = raw_open();
	ck_assert_int_eq(raw_int(h, "PRAGMA user_version"), store_latest_version() + 1);
	sqlite3_close(h);
}
END_TEST

START_TEST(test_older_db_migrated)
{
	char err[512] = "";
	struct store *db = NULL;
	struct titr_protocol *protos = NULL;
	size_t n;
	sqlite3 *h = raw_open();

	ck_assert_int_eq(store_migrations[0].version, 1);
	raw_exec(h, "BEGIN");
	raw_exec(h, store_migrations[0].sql);
	raw_exec(h, "PRAGMA user_version = 1");
	raw_exec(h, "COMMIT");
	raw_exec(h, "INSERT INTO patient (external_id, display_name, dialysis, version, created_at, "
	    "updated_at) VALUES ('OLD-1', 'Old', 0, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	sqlite3_close(h);

	/* Without migrate: refused, with a message. */
	ck_assert_int_ne(store_open(K.path, false, &db, err, sizeof err), STORE_OK);
	ck_assert_ptr_null(db);
	ck_assert(err[0] != '\0');

	ck_assert_msg(store_open(K.path, true, &db, err, sizeof err) == STORE_OK, "migrate: %s", err);
	ck_assert_int_eq(store_schema_version(db), store_latest_version());
	ck_assert_int_eq(store_protocols(db, &protos, &n), STORE_OK);
	ck_assert_uint_eq(n, 3);
	free(protos);
	protos = NULL;
	ck_assert_int_eq(store_count(db, "patient"), 1);   /* data kept */
	struct store_patient p;
	ck_assert_int_eq(store_patient_by_extid(db, "OLD-1", &p), STORE_OK);
	ck_assert_str_eq(p.display_name, "Old");
	ck_assert(store_integrity_ok(db));
	store_close(db);
}
END_TEST

START_TEST(test_pragmas)
{
	char mode[32];
	sqlite3 *h;
	struct store_regimen g;

	/* journal_mode is stored in the file: every connection sees WAL. */
	h = raw_open();
	raw_text(h, "PRAGMA journal_mode", mode, sizeof mode);
	ck_assert_str_eq(mode, "wal");
	sqlite3_close(h);

	/*
	 * synchronous and foreign_keys are per connection and struct store is
	 * opaque; foreign_keys=ON is observable: a regimen of a patient that
	 * does not exist must be refused (not STORE_OK, not a conflict).
	 */
	regimen(&g, 424242, "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &g), STORE_ERROR);
	ck_assert_int_eq(store_count(D, "regimen"), 0);
}
END_TEST

/* ================================================================ rows */

START_TEST(test_patient_roundtrip)
{
	struct store_patient p, q;

	patient(&p, "MRN-1001");
	p.age = 70;
	p.weight_dkg = 700;
	p.scr_cmgdl = 100;
	util_copy(p.sex, sizeof p.sex, "male");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_OK);
	ck_assert_int_gt(p.id, 0);
	ck_assert_int_eq(p.version, 1);

	ck_assert_int_eq(store_patient_get(D, p.id, &q), STORE_OK);
	ck_assert_str_eq(q.external_id, "MRN-1001");
	ck_assert_str_eq(q.display_name, "Test Patient");
	ck_assert_int_eq(q.age, 70);
	ck_assert_int_eq(q.weight_dkg, 700);
	ck_assert_int_eq(q.scr_cmgdl, 100);
	ck_assert_int_eq(q.crcl_given_dml, -1);
	ck_assert_int_eq(q.ferritin_dng, -1);
	ck_assert_str_eq(q.sex, "male");
	ck_assert_int_eq(q.version, 1);
	ck_assert_str_eq(q.created_at, NOW);
	ck_assert_str_eq(q.updated_at, NOW);

	util_copy(q.display_name, sizeof q.display_name, "Renamed");
	q.crcl_given_dml = 455;
	util_copy(q.updated_at, sizeof q.updated_at, "2026-11-26T00:00:00Z");
	ck_assert_int_eq(store_patient_update(D, &q), STORE_OK);
	ck_assert_int_eq(q.version, 2);
	ck_assert_int_eq(store_patient_update(D, &q), STORE_OK);
	ck_assert_int_eq(q.version, 3);

	ck_assert_int_eq(store_patient_get(D, p.id, &q), STORE_OK);
	ck_assert_str_eq(q.display_name, "Renamed");
	ck_assert_int_eq(q.crcl_given_dml, 455);
	ck_assert_int_eq(q.version, 3);
	ck_assert_str_eq(q.updated_at, "2026-11-26T00:00:00Z");
	ck_assert_str_eq(q.created_at, NOW);

	ck_assert_int_eq(store_patient_by_extid(D, "MRN-1001", &q), STORE_OK);
	ck_assert_int_eq(q.id, p.id);
	ck_assert_int_eq(store_patient_by_extid(D, "MRN-NONE", &q), STORE_NOTFOUND);
	ck_assert_int_eq(store_patient_get(D, p.id + 1, &q), STORE_NOTFOUND);
	q.id = p.id + 1;
	ck_assert_int_eq(store_patient_update(D, &q), STORE_NOTFOUND);
}
END_TEST

START_TEST(test_patient_duplicate_external_id)
{
	struct store_patient p;
	insert_patient("MRN-DUP");
	patient(&p, "MRN-DUP");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_CONFLICT);
	ck_assert_int_eq(store_count(D, "patient"), 1);
	/* The statement is reusable after the conflict. */
	insert_patient("MRN-OTHER");
	ck_assert_int_eq(store_count(D, "patient"), 2);
}
END_TEST

START_TEST(test_patient_update_external_id)
{
	struct store_patient p, q;
	int64_t id = insert_patient("EXT-OLD");
	insert_patient("EXT-TAKEN");

	/* store_patient_update stores every field of p (db.h), external_id too. */
	ck_assert_int_eq(store_patient_get(D, id, &p), STORE_OK);
	util_copy(p.external_id, sizeof p.external_id, "EXT-NEW");
	ck_assert_int_eq(store_patient_update(D, &p), STORE_OK);
	ck_assert_int_eq(store_patient_get(D, id, &q), STORE_OK);
	ck_assert_str_eq(q.external_id, "EXT-NEW");
	ck_assert_int_eq(store_patient_by_extid(D, "EXT-NEW", &q), STORE_OK);
	ck_assert_int_eq(q.id, id);

	util_copy(p.external_id, sizeof p.external_id, "EXT-TAKEN");
	ck_assert_int_eq(store_patient_update(D, &p), STORE_CONFLICT);
}
END_TEST

START_TEST(test_patient_list_paging)
{
	struct store_patient rows[4];
	size_t n;
	int64_t a = insert_patient("L-1"), b = insert_patient("L-2"), c = insert_patient("L-3");

	ck_assert_int_eq(store_patient_list(D, 0, 2, rows, &n), STORE_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(rows[0].id, a);
	ck_assert_int_eq(rows[1].id, b);
	ck_assert_int_eq(store_patient_list(D, b, 2, rows, &n), STORE_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].id, c);
}
END_TEST

START_TEST(test_regimen_one_active)
{
	struct store_regimen g, h, x;
	struct store_regimen list[4];
	size_t n;
	int64_t pid = insert_patient("R-1"), other = insert_patient("R-2");

	regimen(&g, pid, "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &g), STORE_OK);
	ck_assert_str_eq(g.status, "active");
	ck_assert_int_eq(g.version, 1);

	regimen(&h, pid, "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &h), STORE_CONFLICT);
	ck_assert_int_eq(store_count(D, "regimen"), 1);

	/* Another drug, or another patient: fine. */
	regimen(&x, pid, "ropinirole");
	ck_assert_int_eq(store_regimen_insert(D, &x), STORE_OK);
	regimen(&x, other, "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &x), STORE_OK);

	/* Held still counts as running. */
	ck_assert_int_eq(store_regimen_set_status(D, &g, "held", NOW), STORE_OK);
	ck_assert_int_eq(g.version, 2);
	regimen(&h, pid, "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &h), STORE_CONFLICT);

	/* Stopped frees the slot; reactivating the old one then conflicts. */
	ck_assert_int_eq(store_regimen_set_status(D, &g, "stopped", NOW), STORE_OK);
	ck_assert_int_eq(g.version, 3);
	regimen(&h, pid, "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &h), STORE_OK);
	ck_assert_int_eq(store_regimen_set_status(D, &g, "active", NOW), STORE_CONFLICT);

	ck_assert_int_eq(store_regimen_get(D, g.id, &x), STORE_OK);
	ck_assert_str_eq(x.status, "stopped");
	ck_assert_int_eq(x.version, 3);
	ck_assert_str_eq(x.dose_time, "20:00");
	ck_assert_str_eq(x.symptom_onset, "22:00");
	ck_assert_str_eq(x.bedtime, "");
	ck_assert_int_eq(x.max_ug, 4000);

	ck_assert_int_eq(store_regimen_list(D, pid, 0, 4, list, &n), STORE_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(list[0].id, g.id);
}
END_TEST

START_TEST(test_events)
{
	struct store_regimen g;
	struct store_event *ev = NULL;
	size_t n;
	int64_t pid = insert_patient("E-1");

	regimen(&g, pid, "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &g), STORE_OK);
	ck_assert_int_eq(store_event_insert(D, g.id, "hold", "2026-12-06", "nausea", NOW, "clinic-1"), STORE_OK);
	ck_assert_int_eq(store_event_insert(D, g.id, "resume", "2026-12-10", "", NOW, "clinic-1"), STORE_OK);
	ck_assert_int_eq(store_event_list(D, g.id, &ev, &n), STORE_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(ev[0].kind, "hold");
	ck_assert_str_eq(ev[0].night_date, "2026-12-06");
	ck_assert_str_eq(ev[0].reason, "nausea");
	ck_assert_str_eq(ev[0].created_by, "clinic-1");
	ck_assert_str_eq(ev[1].kind, "resume");
	free(ev);
	/* The CHECK on kind. */
	ck_assert_int_eq(store_event_insert(D, g.id, "pause", "2026-12-11", "", NOW, "x"), STORE_ERROR);
	ck_assert_int_eq(store_count(D, "regimen_event"), 2);
}
END_TEST

START_TEST(test_tokens)
{
	struct store_token t, u;
	int64_t pid = insert_patient("T-1");

	memset(&t, 0, sizeof t);
	util_copy(t.label, sizeof t.label, "pat");
	util_copy(t.role, sizeof t.role, "patient");
	t.patient_id = pid;
	util_copy(t.created_at, sizeof t.created_at, NOW);
	ck_assert_int_eq(store_token_insert(D, &t, "00aa"), STORE_OK);
	ck_assert_int_eq(store_token_by_hash(D, "00aa", &u), STORE_OK);
	ck_assert_str_eq(u.label, "pat");
	ck_assert_int_eq(u.patient_id, pid);
	ck_assert_str_eq(u.revoked_at, "");
	ck_assert_str_eq(u.expires_at, "");
	ck_assert_int_eq(store_token_by_hash(D, "00ab", &u), STORE_NOTFOUND);

	/* Labels and hashes are unique. */
	util_copy(t.role, sizeof t.role, "patient");
	ck_assert_int_eq(store_token_insert(D, &t, "00bb"), STORE_CONFLICT);
	util_copy(t.label, sizeof t.label, "pat2");
	ck_assert_int_eq(store_token_insert(D, &t, "00aa"), STORE_CONFLICT);

	ck_assert_int_eq(store_token_revoke(D, "pat", NOW), STORE_OK);
	ck_assert_int_eq(store_token_by_hash(D, "00aa", &u), STORE_OK);
	ck_assert_str_eq(u.revoked_at, NOW);
	ck_assert_int_eq(store_token_revoke(D, "pat", NOW), STORE_NOTFOUND);
	ck_assert_int_eq(store_token_revoke(D, "nobody", NOW), STORE_NOTFOUND);
}
END_TEST

/* ================================================================ transactions */

START_TEST(test_rollback_leaves_nothing)
{
	struct store_patient p;
	int64_t before = store_count(D, "patient");

	ck_assert(!store_in_tx(D));
	ck_assert_int_eq(store_begin(D, true), STORE_OK);
	ck_assert(store_in_tx(D));
	patient(&p, "TX-1");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_OK);
	ck_assert_int_eq(store_audit_insert(D, "t", "admin", "patient.create", "patient", p.id, "", NOW), STORE_OK);
	store_rollback(D);
	ck_assert(!store_in_tx(D));
	ck_assert_int_eq(store_count(D, "patient"), before);
	ck_assert_int_eq(store_count(D, "audit"), 0);
	ck_assert_int_eq(store_patient_by_extid(D, "TX-1", &p), STORE_NOTFOUND);

	/* And a commit keeps it. */
	ck_assert_int_eq(store_begin(D, true), STORE_OK);
	patient(&p, "TX-2");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_OK);
	ck_assert_int_eq(store_commit(D), STORE_OK);
	ck_assert(!store_in_tx(D));
	ck_assert_int_eq(store_count(D, "patient"), before + 1);
}
END_TEST

START_TEST(test_rollback_visible_to_other_connection)
{
	char err[512];
	struct store *other;
	struct store_patient p;

	ck_assert_msg(store_open(K.path, false, &other, err, sizeof err) == STORE_OK, "%s", err);
	ck_assert_int_eq(store_begin(D, true), STORE_OK);
	patient(&p, "TX-3");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_OK);
	/* Uncommitted: the other connection does not see it. */
	ck_assert_int_eq(store_count(other, "patient"), 0);
	store_rollback(D);
	ck_assert_int_eq(store_count(other, "patient"), 0);
	ck_assert_int_eq(store_count(D, "patient"), 0);
	store_close(other);
}
END_TEST

/* ================================================================ transactions */

/* One read transaction, a hold committed by another connection between its two reads. */
struct snap {
	struct svc_ctx c;
	struct store *other;
	int64_t rid;
	struct svc_regimen *before, *after;
};

static void
commit_hold(struct store *db, int64_t rid)
{
	struct store_regimen g = { .id = rid };
	ck_assert_int_eq(store_begin(db, true), STORE_OK);
	ck_assert_int_eq(store_event_insert(db, rid, "hold", "2026-12-05", "controlled", NOW, "clinic-1"), STORE_OK);
	ck_assert_int_eq(store_regimen_set_status(db, &g, "held", NOW), STORE_OK);
	ck_assert_int_eq(store_commit(db), STORE_OK);
}

static int
snap_reads(struct store *db, void *cls)
{
	struct snap *s = cls;
	(void)db;
	ck_assert_int_eq(svc_regimen_load(&s->c, s->rid, &s->before), STORE_OK);
	commit_hold(s->other, s->rid);
	ck_assert_int_eq(svc_regimen_load(&s->c, s->rid, &s->after), STORE_OK);
	return STORE_OK;
}

static void
snap_setup(struct snap *s, struct svc_ref *ref)
{
	char err[512];
	struct store_regimen g;
	memset(s, 0, sizeof *s);
	ck_assert_int_eq(svc_ref_load(D, ref, err, sizeof err), STORE_OK);
	s->c = (struct svc_ctx){ .db = D, .ref = ref, .actor = "test", .role = "clinic" };
	regimen(&g, insert_patient("SNAP-1"), "pramipexole");
	ck_assert_int_eq(store_regimen_insert(D, &g), STORE_OK);
	s->rid = g.id;
	ck_assert_msg(store_open(K.path, false, &s->other, err, sizeof err) == STORE_OK, "%s", err);
}

static void
snap_free(struct snap *s, struct svc_ref *ref)
{
	svc_regimen_free(s->before);
	svc_regimen_free(s->after);
	store_close(s->other);
	svc_ref_free(ref);
}

START_TEST(test_read_snapshot)
{
	struct svc_ref ref;
	struct snap s;
	struct titr_entry a[64], b[64];
	int32_t from, to;

	snap_setup(&s, &ref);
	ck_assert_int_eq(store_run_tx(D, STORE_TX_READ, snap_reads, &s), STORE_OK);
	/* Both reads are of the state before the hold: status, events and doses agree. */
	ck_assert_str_eq(s.before->row.status, "active");
	ck_assert_str_eq(s.after->row.status, "active");
	ck_assert_uint_eq(s.after->nevents, 0);
	ck_assert_int_eq(s.after->row.version, s.before->row.version);
	dt_parse_date("2026-12-01", &from);
	dt_parse_date("2026-12-31", &to);
	size_t na = titr_calendar(&s.before->tr, from, to, a, 64), nb = titr_calendar(&s.after->tr, from, to, b, 64);
	ck_assert_uint_eq(na, nb);
	for (size_t i = 0; i < na; i++)
		ck_assert_int_eq(a[i].dose_ug, b[i].dose_ug);
	/* The next transaction sees the hold whole. */
	svc_regimen_free(s.after);
	ck_assert_int_eq(svc_regimen_load(&s.c, s.rid, &s.after), STORE_OK);
	ck_assert_str_eq(s.after->row.status, "held");
	ck_assert_uint_eq(s.after->nevents, 1);
	snap_free(&s, &ref);
}
END_TEST

/* The same two reads without a transaction do see the write between them: the test above can fail. */
START_TEST(test_no_snapshot_without_tx)
{
	struct svc_ref ref;
	struct snap s;

	snap_setup(&s, &ref);
	ck_assert_int_eq(snap_reads(D, &s), STORE_OK);
	ck_assert_str_eq(s.before->row.status, "active");
	ck_assert_str_eq(s.after->row.status, "held");
	ck_assert_uint_eq(s.after->nevents, 1);
	snap_free(&s, &ref);
}
END_TEST

struct busy_then { int calls, busy_calls; };

static int
insert_after_busy(struct store *db, void *cls)
{
	struct busy_then *b = cls;
	struct store_patient p;
	if (b->calls++ < b->busy_calls) {
		/* a write that then loses the lock: it must be rolled back before the retry */
		patient(&p, "RETRY-LOST");
		ck_assert_int_eq(store_patient_insert(db, &p), STORE_OK);
		return STORE_BUSY;
	}
	patient(&p, "RETRY-1");
	return store_patient_insert(db, &p);
}

START_TEST(test_run_tx_retry)
{
	struct store_patient p;
	struct busy_then once = { 0, 1 }, always = { 0, 1000 };

	ck_assert_int_eq(store_run_tx(D, STORE_TX_WRITE, insert_after_busy, &once), STORE_OK);
	ck_assert_int_eq(once.calls, 2);
	ck_assert_int_eq(store_count(D, "patient"), 1);
	ck_assert_int_eq(store_patient_by_extid(D, "RETRY-1", &p), STORE_OK);
	ck_assert_int_eq(store_patient_by_extid(D, "RETRY-LOST", &p), STORE_NOTFOUND);
	/* Bounded: STORE_TX_TRIES tries, then BUSY, and nothing written. */
	ck_assert_int_eq(store_run_tx(D, STORE_TX_WRITE, insert_after_busy, &always), STORE_BUSY);
	ck_assert_int_eq(always.calls, STORE_TX_TRIES);
	ck_assert_int_eq(store_count(D, "patient"), 1);
	ck_assert(!store_in_tx(D));
}
END_TEST

static int
fail_after_write(struct store *db, void *cls)
{
	struct store_patient p;
	(void)cls;
	patient(&p, "HALF-1");
	ck_assert_int_eq(store_patient_insert(db, &p), STORE_OK);
	return STORE_CONFLICT;    /* the use case refuses: nothing of it may land */
}

START_TEST(test_run_tx_refusal_rolls_back)
{
	ck_assert_int_eq(store_run_tx(D, STORE_TX_WRITE, fail_after_write, NULL), STORE_CONFLICT);
	ck_assert_int_eq(store_count(D, "patient"), 0);
	ck_assert(!store_in_tx(D));
}
END_TEST

/* ================================================================ audit */

START_TEST(test_audit_append_only)
{
	struct store_audit rows[4];
	size_t n;
	sqlite3 *h;
	char *msg = NULL;
	int rc;

	ck_assert_int_eq(store_audit_insert(D, "clinic-1", "clinic", "patient.create", "patient", 1,
	    "MRN-1", NOW), STORE_OK);
	ck_assert_int_eq(store_audit_list(D, "patient", 1, 0, 4, rows, &n), STORE_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rows[0].actor, "clinic-1");
	ck_assert_str_eq(rows[0].action, "patient.create");

	h = raw_open();
	rc = sqlite3_exec(h, "UPDATE audit SET actor = 'mallory'", NULL, NULL, &msg);
	ck_assert_int_eq(rc & 0xff, SQLITE_CONSTRAINT);
	ck_assert_msg(msg != NULL && strstr(msg, "append-only") != NULL, "UPDATE: %s", msg ? msg : "?");
	sqlite3_free(msg);
	msg = NULL;
	rc = sqlite3_exec(h, "DELETE FROM audit", NULL, NULL, &msg);
	ck_assert_int_eq(rc & 0xff, SQLITE_CONSTRAINT);
	ck_assert_msg(msg != NULL && strstr(msg, "append-only") != NULL, "DELETE: %s", msg ? msg : "?");
	sqlite3_free(msg);
	ck_assert_int_eq(raw_int(h, "SELECT count(*) FROM audit WHERE actor = 'clinic-1'"), 1);
	sqlite3_close(h);

	ck_assert_int_eq(store_count(D, "audit"), 1);
}
END_TEST

/* ================================================================ PostgreSQL */

/* One statement on K's PostgreSQL database through libpq itself; NULL on success, else the message (free it). */
static char *
pg_raw(const char *sql)
{
	PGconn *h = PQconnectdb(K.path);
	char *msg = NULL;
	ck_assert_msg(PQstatus(h) == CONNECTION_OK, "connect: %s", PQerrorMessage(h));
	PGresult *res = PQexec(h, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		msg = strdup(PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(h);
	return msg;
}

START_TEST(test_pg_backend)
{
	char err[512] = "";
	ck_assert_str_eq(store_backend_name(D), "postgresql");
	ck_assert(store_is_postgresql(K.path));
	ck_assert_int_ne(store_backup(D, "/nonexistent/x.db", err, sizeof err), STORE_OK);
	ck_assert_msg(strstr(err, "pg_dump") != NULL, "message: %s", err);
	/* one schema_version row per step, nothing else */
	char *msg = pg_raw("DO $$ BEGIN IF (SELECT count(*) FROM schema_version) <> (SELECT max(version) "
	    "FROM schema_version) THEN RAISE EXCEPTION 'gap'; END IF; END $$");
	ck_assert_msg(msg == NULL, "%s", msg);
}
END_TEST

START_TEST(test_pg_newer_refused)
{
	char err[512] = "", sql[128];
	struct store *db = (struct store *)1;
	store_close(D);
	D = NULL;
	snprintf(sql, sizeof sql, "INSERT INTO schema_version (version, name) VALUES (%d, 'future.sql')",
	    store_latest_version() + 1);
	char *msg = pg_raw(sql);
	ck_assert_msg(msg == NULL, "%s", msg);
	ck_assert_int_ne(store_open(K.path, true, &db, err, sizeof err), STORE_OK);
	ck_assert_ptr_null(db);
	ck_assert_msg(strstr(err, "newer") != NULL, "message: %s", err);
	err[0] = '\0';
	ck_assert_int_ne(store_open(K.path, false, &db, err, sizeof err), STORE_OK);
	ck_assert(err[0] != '\0');
}
END_TEST

START_TEST(test_pg_audit_append_only)
{
	ck_assert_int_eq(store_audit_insert(D, "clinic-1", "clinic", "patient.create", "patient", 1,
	    "MRN-1", NOW), STORE_OK);
	static const char *const sqls[] = { "UPDATE audit SET actor = 'mallory'", "DELETE FROM audit",
		"TRUNCATE audit" };
	for (size_t i = 0; i < 3; i++) {
		char *msg = pg_raw(sqls[i]);
		ck_assert_msg(msg != NULL && strstr(msg, "append-only") != NULL, "%s: %s", sqls[i], msg ? msg : "done");
		free(msg);
	}
	ck_assert_int_eq(store_count(D, "audit"), 1);
}
END_TEST

/* A unique violation inside a write transaction leaves it usable, as on SQLite. */
START_TEST(test_conflict_keeps_tx)
{
	struct store_patient p;
	insert_patient("DUP-1");
	ck_assert_int_eq(store_begin(D, true), STORE_OK);
	patient(&p, "DUP-1");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_CONFLICT);
	patient(&p, "DUP-2");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_OK);
	ck_assert_int_eq(store_commit(D), STORE_OK);
	ck_assert_int_eq(store_count(D, "patient"), 2);
}
END_TEST

static int
read_rc1(struct store *db, void *cls)
{
	struct store_patient p;
	(void)cls;
	return store_patient_by_extid(db, "RC-1", &p);
}

static int
write_rc2(struct store *db, void *cls)
{
	struct store_patient p;
	(void)cls;
	patient(&p, "RC-2");
	return store_patient_insert(db, &p);
}

/* Every connection to K's database but the caller's is ended, as a server restart ends them. */
static void
kill_other_backends(void)
{
	char *msg = pg_raw("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
	    "WHERE datname = current_database() AND pid <> pg_backend_pid()");
	ck_assert_msg(msg == NULL, "%s", msg);
	usleep(200000);
}

/* A lost connection: the transaction it held fails as unavailable; the next one reconnects. */
START_TEST(test_pg_reconnect)
{
	insert_patient("RC-1");
	kill_other_backends();
	/* Between transactions: the next begin finds it dead, reconnects and succeeds. */
	ck_assert_int_eq(store_run_tx(D, STORE_TX_READ, read_rc1, NULL), STORE_OK);
	/* Inside one: STORE_UNAVAILABLE (503), nothing written, and the next transaction works. */
	ck_assert_int_eq(store_begin(D, true), STORE_OK);
	kill_other_backends();
	struct store_patient p;
	patient(&p, "RC-LOST");
	ck_assert_int_eq(store_patient_insert(D, &p), STORE_UNAVAILABLE);
	store_rollback(D);
	ck_assert(!store_in_tx(D));
	ck_assert_int_eq(store_run_tx(D, STORE_TX_WRITE, write_rc2, NULL), STORE_OK);
	ck_assert_int_eq(store_patient_by_extid(D, "RC-LOST", &p), STORE_NOTFOUND);
	ck_assert_int_eq(store_patient_by_extid(D, "RC-2", &p), STORE_OK);
	/* Outside a transaction a read reconnects by itself. */
	kill_other_backends();
	ck_assert_int_eq(store_patient_by_extid(D, "RC-1", &p), STORE_OK);
}
END_TEST

/*
 * The server gone in the middle of a read transaction: each read says
 * STORE_UNAVAILABLE (503 + Retry-After), never a plain STORE_ERROR (a 500
 * that tells the client its request was bad).  The idempotency lookup did
 * answer 500 in the multi-instance test when PostgreSQL was stopped.
 */
START_TEST(test_pg_lost_reads)
{
	struct store_idem idem;
	struct titr_note *notes = NULL;
	size_t n = 0;
	struct ia_kb *kb = NULL;
	struct store_patient p;

	memset(&idem, 0, sizeof idem);
	ck_assert_int_eq(store_begin(D, false), STORE_OK);
	kill_other_backends();
	ck_assert_int_eq(store_idem_get(D, 1, "key-1", "2000-01-01T00:00:00Z", &idem), STORE_UNAVAILABLE);
	store_rollback(D);
	ck_assert_int_eq(store_begin(D, false), STORE_OK);
	kill_other_backends();
	ck_assert_int_eq(store_patient_texts(D, &notes, &n), STORE_UNAVAILABLE);
	ck_assert_ptr_null(notes);
	store_rollback(D);
	ck_assert_int_eq(store_begin(D, false), STORE_OK);
	kill_other_backends();
	ck_assert_int_eq(store_load_kb(D, &kb), STORE_UNAVAILABLE);
	ck_assert_ptr_null(kb);
	store_rollback(D);
	/* And the next read works again. */
	ck_assert_int_eq(store_patient_by_extid(D, "NOBODY", &p), STORE_NOTFOUND);
}
END_TEST

/* The first value of a one-row query on K's PostgreSQL database, as an integer. */
static long long
pg_int(const char *sql)
{
	PGconn *h = PQconnectdb(K.path);
	ck_assert_msg(PQstatus(h) == CONNECTION_OK, "connect: %s", PQerrorMessage(h));
	PGresult *res = PQexec(h, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1, "%s: %s", sql,
	    PQresultErrorMessage(res));
	long long v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	PQfinish(h);
	return v;
}

/*
 * The clinical data is shared: every data statement of the series landed
 * on PostgreSQL as on SQLite (same rows, same text in each table).
 */
START_TEST(test_pg_same_clinical_data)
{
	static const char *const tables[][2] = {
		{ "protocol", "drug || source" }, { "kb_meta", "key || value" },
		{ "ingredient", "name || atc || source" }, { "ingredient_alt_atc", "atc || source" },
		{ "drug_name", "name || kind || source" }, { "strip_word", "word || kind" },
		{ "rule", "id || summary || detail || source || dose_advice" },
		{ "rule_atc", "rule_id || atc_prefix || source" }, { "renal_band", "drug || rule || source" },
		{ "label_limit", "drug || source" }, { "patient_text", "drug || text || source" },
		{ "iron_limit", "rule || source" }, { "checkin_rule", "event || drug || rule || source" },
		{ "augmentation_watch", "drug || rule || source" }, { "listed_role", "atc_prefix || rule_id || source" },
		{ "installation", "uid_domain" }, { "instance", "id" },
	};
	struct testkb lite;
	sqlite3 *h;
	char sql[256];

	testkb_open(&lite, TESTKB_STORE);
	ck_assert_int_eq(sqlite3_open_v2(lite.path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) * 1000000 + coalesce(sum(length(%s)), 0) FROM %s",
		    tables[i][1], tables[i][0]);
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		long long want = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		ck_assert_msg(want > 0, "%s is empty", tables[i][0]);
		ck_assert_msg(pg_int(sql) == want, "%s: PostgreSQL %lld, SQLite %lld", tables[i][0], pg_int(sql), want);
	}
	sqlite3_close(h);
	testkb_close(&lite);
}
END_TEST

struct opener { const char *path; int rc; char err[512]; };

static void *
open_migrate(void *cls)
{
	struct opener *o = cls;
	struct store *db = NULL;
	o->rc = store_open(o->path, true, &db, o->err, sizeof o->err);
	store_close(db);
	return NULL;
}

/* Two instances starting at once on an empty database: one migrates, the other waits and opens it. */
START_TEST(test_pg_concurrent_first_start)
{
	struct opener o[2] = { { .path = K.path }, { .path = K.path } };
	pthread_t t[2];
	K.store = D;
	D = NULL;
	testkb_close(&K);
	testkb_open_on(&K, 0, true);
	o[0].path = o[1].path = K.path;
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, open_migrate, &o[i]), 0);
	for (int i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		ck_assert_msg(o[i].rc == STORE_OK, "open %d: %s", i, o[i].err);
	}
	char sql[160];
	snprintf(sql, sizeof sql, "DO $$ BEGIN IF (SELECT count(*) FROM schema_version) <> %d "
	    "OR (SELECT count(*) FROM protocol) <> 3 THEN RAISE EXCEPTION 'migrated twice'; END IF; END $$",
	    store_latest_version());
	char *msg = pg_raw(sql);
	ck_assert_msg(msg == NULL, "%s", msg);
}
END_TEST

/* A password in a database URI never reaches a message. */
START_TEST(test_redact_uri)
{
	static const char *const cases[][2] = {
		{ "postgresql://titrad:s3cret@db.example:5432/titrad", "postgresql://titrad:****@db.example:5432/titrad" },
		{ "postgres://u:p@ss@h/d?sslmode=require", "postgres://u:****@h/d?sslmode=require" },
		{ "postgresql://u@h/d", "postgresql://u@h/d" },
		{ "postgresql:///titrad?host=/run/postgresql&password=hunter2&user=t",
		  "postgresql:///titrad?host=/run/postgresql&password=****&user=t" },
		{ "/var/lib/titrad/titrad.db", "/var/lib/titrad/titrad.db" },
	};
	char out[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		util_redact_uri(cases[i][0], out, sizeof out);
		ck_assert_str_eq(out, cases[i][1]);
	}
	util_redact_uri("postgresql://u:secretsecret@h/d", out, 20);
	ck_assert(strstr(out, "secret") == NULL);
}
END_TEST

START_TEST(test_backup)
{
	char err[512], to[4200];
	struct store *b;
	insert_patient("BK-1");
	snprintf(to, sizeof to, "%s.bak", K.path);
	unlink(to);
	ck_assert_msg(store_backup(D, to, err, sizeof err) == STORE_OK, "backup: %s", err);
	ck_assert_msg(store_open(to, false, &b, err, sizeof err) == STORE_OK, "open backup: %s", err);
	ck_assert_int_eq(store_count(b, "patient"), 1);
	ck_assert(store_integrity_ok(b));
	store_close(b);
	unlink(to);
}
END_TEST

/* The cases that hold on either backend. */
static void
add_row_tests(TCase *tc)
{
	tcase_add_test(tc, test_patient_roundtrip);
	tcase_add_test(tc, test_patient_duplicate_external_id);
	tcase_add_test(tc, test_patient_update_external_id);
	tcase_add_test(tc, test_patient_list_paging);
	tcase_add_test(tc, test_regimen_one_active);
	tcase_add_test(tc, test_events);
	tcase_add_test(tc, test_tokens);
}

static void
add_tx_tests(TCase *tc)
{
	tcase_add_test(tc, test_rollback_leaves_nothing);
	tcase_add_test(tc, test_rollback_visible_to_other_connection);
	tcase_add_test(tc, test_read_snapshot);
	tcase_add_test(tc, test_no_snapshot_without_tx);
	tcase_add_test(tc, test_run_tx_retry);
	tcase_add_test(tc, test_run_tx_refusal_rolls_back);
	tcase_add_test(tc, test_conflict_keeps_tx);
}

static Suite *
store_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fresh_db_latest);
	tcase_add_test(tc, test_reopen_idempotent);
	tcase_add_test(tc, test_pragmas);
	suite_add_tcase(s, tc);

	tc = tcase_create("migrate");
	tcase_add_checked_fixture(tc, setup_path, teardown_path);
	tcase_add_test(tc, test_newer_db_refused);
	tcase_add_test(tc, test_older_db_migrated);
	suite_add_tcase(s, tc);

	tc = tcase_create("rows");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_row_tests(tc);
	suite_add_tcase(s, tc);

	tc = tcase_create("transactions");
	tcase_add_checked_fixture(tc, setup, teardown);
	add_tx_tests(tc);
	tcase_add_test(tc, test_audit_append_only);
	tcase_add_test(tc, test_backup);
	tcase_add_test(tc, test_redact_uri);
	suite_add_tcase(s, tc);

	/* The same cases on PostgreSQL, each in a database of its own, when a cluster is given. */
	if (tt_pg_enabled()) {
		tc = tcase_create("pg");
		tcase_add_checked_fixture(tc, setup_pg, teardown);
		tcase_set_timeout(tc, 120);
		tcase_add_test(tc, test_fresh_db_latest);
		tcase_add_test(tc, test_reopen_idempotent);
		tcase_add_test(tc, test_pg_backend);
		tcase_add_test(tc, test_pg_newer_refused);
		tcase_add_test(tc, test_pg_concurrent_first_start);
		add_row_tests(tc);
		add_tx_tests(tc);
		tcase_add_test(tc, test_pg_audit_append_only);
		tcase_add_test(tc, test_pg_reconnect);
		tcase_add_test(tc, test_pg_lost_reads);
		tcase_add_test(tc, test_pg_same_clinical_data);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	return testtmp_main(store_suite());
}
