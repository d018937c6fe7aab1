/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_group.c - group commit: writes that arrive together are committed
 * together, each in a savepoint of its own, and each is answered only
 * after the commit.
 *
 * To make a batch certain rather than likely, a second connection holds
 * the database's write lock (as another process would) while the writes
 * arrive: the writer waits in BEGIN, every other write queues behind it,
 * and when the lock is released they are committed in at most two
 * transactions.  group_commit_stats tells how many.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "base/util.h"
#include "http/group_commit.h"
#include "testhttp.h"
#include "testtmp.h"

#define NTHREADS 12

static struct th T;

/*
 * The daemon again with more workers (a waiting write holds its worker, so
 * a batch is at most `threads` writes) and a long write wait, so writes
 * can wait behind the lock as long as the test needs.
 */
static void
setup(void)
{
	th_start(&T);
	T.app->cfg.threads = 64;
	T.app->cfg.write_wait_ms = 10000;
	th_restart(&T);
}

static void
teardown(void)
{
	th_stop(&T);
}

/* A status as wanted; what names the request in the message. */
static void
expect(const char *what, long status, long want)
{
	ck_assert_msg(status == want, "%s: status %ld, want %ld", what, status, want);
}

/* One request a client thread sends; status and body come back. */
struct call {
	const char *path;
	char body[256];
	const char *header;
	long status;
	int64_t id;
	char replayed[8];
	pthread_t th;
};

static void *
send_call(void *arg)
{
	struct call *c = arg;
	struct th_resp r;
	th_request(&T, "POST", c->path, T.clinic, "application/json", c->body, c->header, &r);
	c->status = r.status;
	c->id = r.json != NULL ? th_int(r.json, "id") : -1;
	th_resp_free(&r);
	return NULL;
}

static struct group_commit_stats
stats(void)
{
	struct group_commit_stats s;
	group_commit_stats(T.app->writes, &s);
	return s;
}

/*
 * Send every call at once while the write lock is held elsewhere, wait
 * until all of them wait in the daemon, release the lock, join.  The
 * first write's batch waits in BEGIN, the rest queue behind it.  A
 * connection that a busy worker accepted reaches the queue only later, so
 * "all" is waited for at most 5 s; at least 3 must have been waiting
 * (one in BEGIN, two or more to make a group).  Returns the number of
 * transactions beyond the fewest possible (2: the first alone, then the
 * rest): 0 when every waiting write was committed together.
 */
static uint64_t
send_batched(struct call *calls, size_t n)
{
	struct group_commit_stats before = stats();
	struct th_resp r;

	/* A token's first use writes its last-used time: done now, not behind the lock. */
	th_get(&T, "/v1/patients?limit=1", T.clinic, &r);
	th_resp_free(&r);
	struct tt_lock *lock = tt_db_lock(T.store_path);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(pthread_create(&calls[i].th, NULL, send_call, &calls[i]), 0);
	uint64_t t0 = util_now_us();
	while (stats().pending < n && util_now_us() - t0 < 5000000u)
		usleep(2000);
	uint64_t waiting = stats().pending;
	tt_db_unlock(lock);
	for (size_t i = 0; i < n; i++)
		pthread_join(calls[i].th, NULL);
	struct group_commit_stats after = stats();
	ck_assert_msg(waiting >= 3, "only %llu writes were waiting together", (unsigned long long)waiting);
	ck_assert_uint_eq(after.pending, 0);
	/* A twin arriving after the first one committed is replayed before it is queued. */
	ck_assert_uint_le(after.jobs - before.jobs, n);
	uint64_t batches = after.batches - before.batches, late = n - waiting;
	/* Each late write may have made a batch of its own; the waiting ones make two at most. */
	ck_assert_msg(batches <= 2 + late, "%zu writes (%llu waiting together) took %llu transactions",
	    n, (unsigned long long)waiting, (unsigned long long)batches);
	return batches;
}

static void
patient_call(struct call *c, const char *extid)
{
	memset(c, 0, sizeof *c);
	c->path = "/v1/patients";
	snprintf(c->body, sizeof c->body, "{\"external_id\":\"%s\",\"display_name\":\"x\"}", extid);
}

/* Many concurrent writes: all answered 201, all present, in far fewer transactions than writes. */
START_TEST(test_concurrent_writes_grouped)
{
	struct call calls[NTHREADS];
	char extid[32];
	int64_t before = th_count(&T, "patient");

	for (int i = 0; i < NTHREADS; i++) {
		snprintf(extid, sizeof extid, "MRN-G%d", i);
		patient_call(&calls[i], extid);
	}
	(void)send_batched(calls, NTHREADS);
	for (int i = 0; i < NTHREADS; i++) {
		ck_assert_msg(calls[i].status == 201, "write %d: %ld", i, calls[i].status);
		ck_assert_int_gt(calls[i].id, 0);
		for (int k = 0; k < i; k++)
			ck_assert_int_ne(calls[i].id, calls[k].id);
	}
	ck_assert_int_eq(th_count(&T, "patient"), before + NTHREADS);

	/* Each answer describes what is stored. */
	for (int i = 0; i < NTHREADS; i++) {
		struct th_resp r;
		char path[64];
		snprintf(path, sizeof path, "/v1/patients/%lld", (long long)calls[i].id);
		th_get(&T, path, T.clinic, &r);
		expect(path, r.status, 200);
		snprintf(extid, sizeof extid, "MRN-G%d", i);
		ck_assert_str_eq(th_str(r.json, "external_id"), extid);
		th_resp_free(&r);
	}
}
END_TEST

/*
 * Jobs that fail inside a batch fail alone: a duplicate of a stored
 * external_id and of a batch-mate's (409), a medication for no patient
 * (404, the handler rolls back: to its savepoint only), an invalid regimen
 * (422).  Their batch-mates are committed and nothing of theirs is.
 */
START_TEST(test_failures_roll_back_alone)
{
	struct call calls[8];
	char path_med[64], path_reg[64];
	int64_t pid = th_patient(&T, "MRN-OLD");
	int64_t patients = th_count(&T, "patient"), meds = th_count(&T, "medication");
	int64_t regimens = th_count(&T, "regimen");

	patient_call(&calls[0], "MRN-A");
	patient_call(&calls[1], "MRN-OLD");          /* stored already: 409 */
	patient_call(&calls[2], "MRN-B");
	patient_call(&calls[3], "MRN-TWICE");
	patient_call(&calls[4], "MRN-TWICE");        /* one of these two: 409 */
	memset(&calls[5], 0, sizeof calls[5]);
	calls[5].path = "/v1/patients/999999/medications";
	snprintf(calls[5].body, sizeof calls[5].body, "{\"name\":\"omeprazole 20 mg\"}");
	memset(&calls[6], 0, sizeof calls[6]);
	snprintf(path_reg, sizeof path_reg, "/v1/patients/%lld/regimens", (long long)pid);
	calls[6].path = path_reg;
	snprintf(calls[6].body, sizeof calls[6].body,
	    "{\"drug\":\"no-such-drug\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}");
	memset(&calls[7], 0, sizeof calls[7]);
	snprintf(path_med, sizeof path_med, "/v1/patients/%lld/medications", (long long)pid);
	calls[7].path = path_med;
	snprintf(calls[7].body, sizeof calls[7].body, "{\"name\":\"omeprazole 20 mg\"}");

	/* send_batched checks they were grouped: a failure did not make the batch fall back to one each. */
	(void)send_batched(calls, 8);
	expect("call 0", calls[0].status, 201);
	expect("call 1", calls[1].status, 409);
	expect("call 2", calls[2].status, 201);
	ck_assert_msg((calls[3].status == 201 && calls[4].status == 409) ||
	    (calls[3].status == 409 && calls[4].status == 201), "twins: %ld and %ld", calls[3].status,
	    calls[4].status);
	expect("call 5", calls[5].status, 404);
	expect("call 6", calls[6].status, 422);
	expect("call 7", calls[7].status, 201);
	ck_assert_int_eq(th_count(&T, "patient"), patients + 3);
	ck_assert_int_eq(th_count(&T, "medication"), meds + 1);
	ck_assert_int_eq(th_count(&T, "regimen"), regimens);
}
END_TEST

/*
 * Idempotent twins in one batch: the second sees the first's stored answer
 * inside the transaction and replays it; one patient, the same id twice;
 * a retry afterwards replays it too.
 */
START_TEST(test_idempotent_twins_in_one_batch)
{
	struct call calls[8];
	int64_t patients = th_count(&T, "patient");

	/* Six twins, two of another key (enough that several wait together, see send_batched). */
	for (int i = 0; i < 8; i++) {
		patient_call(&calls[i], i < 6 ? "MRN-IDEM" : "MRN-OTHER");
		calls[i].header = i < 6 ? "Idempotency-Key: twin-1" : "Idempotency-Key: other-1";
	}
	(void)send_batched(calls, 8);
	for (int i = 0; i < 8; i++) {
		expect("call", calls[i].status, 201);
		ck_assert_int_eq(calls[i].id, calls[i < 6 ? 0 : 6].id);
	}
	ck_assert_int_ne(calls[0].id, calls[6].id);
	ck_assert_int_eq(th_count(&T, "patient"), patients + 2);

	struct th_resp r;
	th_request(&T, "POST", "/v1/patients", T.clinic, "application/json",
	    "{\"external_id\":\"MRN-IDEM\",\"display_name\":\"x\"}", "Idempotency-Key: twin-1", &r);
	expect("the retry", r.status, 201);
	ck_assert_int_eq(th_int(r.json, "id"), calls[0].id);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "patient"), patients + 2);
}
END_TEST

/* Many writers, no lock held: every write answered 201 and present. */
static void *
burst(void *arg)
{
	int base = *(int *)arg, ok = 0;
	char body[96];
	for (int i = 0; i < 20; i++) {
		struct th_resp r;
		snprintf(body, sizeof body, "{\"external_id\":\"MRN-BURST-%d-%d\",\"display_name\":\"x\"}", base, i);
		th_post(&T, "/v1/patients", T.clinic, body, &r);
		ok += r.status == 201;
		th_resp_free(&r);
	}
	*(int *)arg = ok;
	return NULL;
}

START_TEST(test_burst_all_durable)
{
	pthread_t th[NTHREADS];
	int arg[NTHREADS];
	int64_t patients = th_count(&T, "patient");
	for (int i = 0; i < NTHREADS; i++) {
		arg[i] = i;
		ck_assert_int_eq(pthread_create(&th[i], NULL, burst, &arg[i]), 0);
	}
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(arg[i], 20);
	}
	ck_assert_int_eq(th_count(&T, "patient"), patients + NTHREADS * 20);
}
END_TEST

/* The store's savepoints: a job rolled back to its own is gone, its neighbours stay. */
START_TEST(test_store_savepoints)
{
	int64_t audits = th_count(&T, "audit");
	struct store *db = T.db;

	ck_assert_int_eq(store_begin(db, true), STORE_OK);
	ck_assert_int_eq(store_savepoint(db, "job"), STORE_OK);
	ck_assert_int_eq(store_audit_insert(db, "t", "admin", "a", "e", 1, "kept", "2026-12-01T00:00:00Z"), STORE_OK);
	ck_assert_int_eq(store_release(db, "job"), STORE_OK);
	ck_assert_int_eq(store_savepoint(db, "job"), STORE_OK);
	ck_assert_int_eq(store_audit_insert(db, "t", "admin", "a", "e", 2, "gone", "2026-12-01T00:00:00Z"), STORE_OK);
	/* store_rollback inside a savepoint undoes to it and keeps the transaction. */
	store_rollback(db);
	ck_assert(store_in_tx(db));
	ck_assert_int_eq(store_release(db, "job"), STORE_OK);
	ck_assert_int_eq(store_savepoint(db, "job"), STORE_OK);
	ck_assert_int_eq(store_audit_insert(db, "t", "admin", "a", "e", 3, "kept", "2026-12-01T00:00:00Z"), STORE_OK);
	ck_assert_int_eq(store_rollback_to(db, "job"), STORE_OK);
	ck_assert_int_eq(store_release(db, "job"), STORE_OK);
	ck_assert_int_eq(store_release(db, "job"), STORE_ERROR);        /* none open */
	ck_assert_int_eq(store_savepoint(db, "bad name"), STORE_ERROR);
	ck_assert_int_eq(store_commit(db), STORE_OK);
	ck_assert_int_eq(th_count(&T, "audit"), audits + 1);
	ck_assert_int_eq(store_savepoint(db, "job"), STORE_ERROR);      /* outside a transaction */
}
END_TEST

static Suite *
group_suite(void)
{
	Suite *s = suite_create("group");
	TCase *tc = th_tcase("group", setup, teardown, 120);
	tcase_add_test(tc, test_store_savepoints);
	tcase_add_test(tc, test_concurrent_writes_grouped);
	tcase_add_test(tc, test_failures_roll_back_alone);
	tcase_add_test(tc, test_idempotent_twins_in_one_batch);
	tcase_add_test(tc, test_burst_all_durable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(group_suite());
}
