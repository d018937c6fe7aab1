/* SPDX-License-Identifier: Apache-2.0 */
/*
 * group_commit.c - the write runner (http_run_write) and its queue of
 * write jobs committed in batches (see group_commit.h).
 */
#include "http/group_commit.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/log.h"
#include "base/util.h"
#include "http/http.h"
#include "http/idempotency.h"

#define GC_SAVEPOINT "job"

/* A request's write, on its worker's stack while the worker waits for it. */
struct gc_job {
	struct req *r;
	http_handler fn;
	uint64_t deadline_us;       /* write_wait_ms after it was queued */
	int rc;                     /* its outcome, the runner's code (see answer) */
	bool done;                  /* its outcome is final: its answer may be queued */
	struct gc_job *next;
};

struct group_commit {
	pthread_mutex_t lock;       /* guards the queue, stopping, pending and every job's done */
	pthread_cond_t cond;        /* a job was queued, or stop: the writer waits for it */
	pthread_cond_t done;        /* a batch is done: its workers wait for it */
	struct gc_job *head, *tail;
	bool stopping;              /* the writer drains the queue and ends; new writes run alone */
	uint64_t pending;           /* jobs queued or in a batch */
	unsigned max, wait_ms;
	struct store *db;           /* the writer's own connection */
	pthread_t thread;
	atomic_uint_fast64_t batches, jobs;
};

/* The jobs one batch took off the queue, in order. */
struct gc_batch {
	struct gc_job *first;
	size_t n;
	bool lost;                  /* the database rolled the whole transaction back inside a job */
};

void
group_commit_stats(struct group_commit *g, struct group_commit_stats *out)
{
	out->batches = atomic_load(&g->batches);
	out->jobs = atomic_load(&g->jobs);
	pthread_mutex_lock(&g->lock);
	out->pending = g->pending;
	pthread_mutex_unlock(&g->lock);
}

static void
drop_held(struct req *r)
{
	if (r->held != NULL)
		MHD_destroy_response(r->held);
	r->held = NULL;
	r->held_status = 0;
}

/*
 * One try of a job's work on db (the writer's connection, which the
 * handler sees as r->db while it runs): STORE_OK for a success whose answer
 * is ready, HTTP_TX_REFUSED for an error answer, else a store failure.
 */
static int
job_try(struct store *db, struct gc_job *j)
{
	struct req *r = j->r;
	struct store *own = r->db;
	int rc;

	drop_held(r);             /* an earlier try's answer */
	r->db = db;
	r->in_write = true;
	r->tx_rc = STORE_OK;
	/*
	 * An idempotent twin may have run earlier in this very batch: look
	 * again inside the transaction, so the twin replays its answer (sent,
	 * like the first's, only after the commit) instead of running twice.
	 */
	enum MHD_Result res;
	r->idem = false;
	/*
	 * The worker checked the file its own connection opened; the writer's
	 * connection opened it at start: a file replaced since must not take
	 * writes into the unlinked one either (503, as on the worker).
	 */
	if (http_db_file_ok(r, &res) && (r->idem_key[0] == '\0' || idempotency_check(r, &res)))
		(void)j->fn(r);
	if (r->tx_rc != STORE_OK)
		rc = r->tx_rc;        /* a store failure (BUSY: tried again) or a refusal */
	else if (r->held == NULL)
		rc = STORE_ERROR;     /* no answer could be built: nothing may commit */
	else
		rc = r->held_status >= 400 ? HTTP_TX_REFUSED : STORE_OK;
	r->in_write = false;
	r->db = own;
	return rc;
}

/* A job alone in its transaction (store_tx_fn). */
static int
solo_try(struct store *db, void *cls)
{
	return job_try(db, cls);
}

/*
 * One try of a whole batch (store_tx_fn): each job between a savepoint and
 * its release, a failed one rolled back to its savepoint first.  Only a
 * lost lock (STORE_BUSY, tried again whole) or a lost transaction ends the
 * batch; a job's own failure is its own.
 */
static int
batch_try(struct store *db, void *cls)
{
	struct gc_batch *b = cls;
	int rc;

	for (struct gc_job *j = b->first; j != NULL; j = j->next)
		j->rc = STORE_BUSY;   /* not run in this try */
	for (struct gc_job *j = b->first; j != NULL; j = j->next) {
		if ((rc = store_savepoint(db, GC_SAVEPOINT)) != STORE_OK)
			return rc;
		j->rc = job_try(db, j);
		if (j->rc == STORE_BUSY)
			return STORE_BUSY;
		if (j->rc == STORE_OK) {
			rc = store_release(db, GC_SAVEPOINT);
		} else {
			rc = store_rollback_to(db, GC_SAVEPOINT);
			if (rc == STORE_OK)
				rc = store_release(db, GC_SAVEPOINT);
			else if (!store_in_tx(db))
				b->lost = true;
		}
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* The earliest deadline of the batch: no job waits longer than write_wait_ms. */
static uint64_t
batch_deadline(const struct gc_batch *b)
{
	uint64_t dl = UINT64_MAX;
	for (const struct gc_job *j = b->first; j != NULL; j = j->next)
		if (j->deadline_us < dl)
			dl = j->deadline_us;
	return dl;
}

/* Run the batch on db and decide every job's outcome. */
static void
run_batch(struct group_commit *g, struct store *db, struct gc_batch *b)
{
	b->lost = false;
	int rc = store_run_tx_until(db, STORE_TX_WRITE, batch_deadline(b), batch_try, b);
	if (rc != STORE_OK && b->lost) {
		/*
		 * The database threw the transaction away under a job (disk
		 * full, I/O error): nothing of the batch landed, so each job
		 * runs again alone, as it would have without batching.
		 */
		for (struct gc_job *j = b->first; j != NULL; j = j->next) {
			j->rc = store_run_tx_until(db, STORE_TX_WRITE, j->deadline_us, solo_try, j);
			atomic_fetch_add(&g->batches, 1);
			atomic_fetch_add(&g->jobs, 1);
		}
		return;
	}
	for (struct gc_job *j = b->first; j != NULL; j = j->next) {
		/* Not committed: only an answer that wrote nothing (a refusal) still stands. */
		if (rc != STORE_OK && j->rc != HTTP_TX_REFUSED) {
			drop_held(j->r);
			j->rc = rc;
		}
	}
	if (rc == STORE_OK) {
		atomic_fetch_add(&g->batches, 1);
		atomic_fetch_add(&g->jobs, b->n);
	}
}

/* Take up to max jobs off the queue (lock held); one past its deadline is answered busy, unrun. */
static void
take(struct group_commit *g, struct gc_batch *b, uint64_t now)
{
	struct gc_job **tail = &b->first;
	b->first = NULL;
	b->n = 0;
	while (g->head != NULL && b->n < g->max) {
		struct gc_job *j = g->head;
		g->head = j->next;
		if (g->head == NULL)
			g->tail = NULL;
		j->next = NULL;
		if (now >= j->deadline_us) {
			j->rc = STORE_BUSY;
			j->done = true;
			g->pending--;
			continue;
		}
		*tail = j;
		tail = &j->next;
		b->n++;
	}
}

/* The writer thread: batches off the queue until stopped and drained. */
static void *
writer_main(void *cls)
{
	struct group_commit *g = cls;

	pthread_mutex_lock(&g->lock);
	for (;;) {
		while (g->head == NULL && !g->stopping)
			pthread_cond_wait(&g->cond, &g->lock);
		if (g->head == NULL)
			break;            /* stopping, and nothing is left to answer */
		struct gc_batch b;
		take(g, &b, util_now_us());
		pthread_mutex_unlock(&g->lock);
		if (b.first != NULL)
			run_batch(g, g->db, &b);
		/* Done (committed, or failed and answered so): its worker may answer. */
		pthread_mutex_lock(&g->lock);
		for (struct gc_job *j = b.first; j != NULL; j = j->next) {
			j->done = true;
			g->pending--;
		}
		pthread_cond_broadcast(&g->done);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct group_commit *
group_commit_start(const char *store_path, unsigned max, unsigned wait_ms, char *err, size_t errlen)
{
	struct group_commit *g = calloc(1, sizeof *g);
	if (g == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	g->max = max > 0 ? max : 1;
	g->wait_ms = wait_ms;
	if (store_open(store_path, false, &g->db, err, errlen) != STORE_OK) {
		free(g);
		return NULL;
	}
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	pthread_cond_init(&g->done, NULL);
	if (pthread_create(&g->thread, NULL, writer_main, g) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		pthread_cond_destroy(&g->done);
		pthread_cond_destroy(&g->cond);
		pthread_mutex_destroy(&g->lock);
		store_close(g->db);
		free(g);
		return NULL;
	}
	return g;
}

void
group_commit_stop(struct group_commit *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	store_close(g->db);
	g->db = NULL;
	log_info("group commit: %llu writes in %llu transactions",
	    (unsigned long long)atomic_load(&g->jobs), (unsigned long long)atomic_load(&g->batches));
}

void
group_commit_free(struct group_commit *g)
{
	if (g == NULL)
		return;
	pthread_cond_destroy(&g->done);
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

/*
 * Queue the job and wait until the writer has done it; false when the
 * writer is stopping (the caller runs the write itself).
 */
static bool
run_queued(struct group_commit *g, struct gc_job *j)
{
	pthread_mutex_lock(&g->lock);
	if (g->stopping) {
		pthread_mutex_unlock(&g->lock);
		return false;
	}
	if (g->tail != NULL)
		g->tail->next = j;
	else
		g->head = j;
	g->tail = j;
	g->pending++;
	pthread_cond_signal(&g->cond);
	while (!j->done)
		pthread_cond_wait(&g->done, &g->lock);
	pthread_mutex_unlock(&g->lock);
	return true;
}

/*
 * The runner's outcome as the answer: committed, refused, or failed with
 * its own problem answer: send what the handler built.  A commit that
 * failed after a success: the success never happened, say so instead.
 */
static enum MHD_Result
answer(struct req *r, int rc)
{
	enum MHD_Result ret;
	if (r->held != NULL && (rc == STORE_OK || rc == HTTP_TX_REFUSED || rc == r->tx_rc)) {
		unsigned status = r->held_status;
		struct MHD_Response *resp = r->held;
		r->held = NULL;
		ret = MHD_queue_response(r->conn, status, resp);
		MHD_destroy_response(resp);
		r->status = status;
		r->queued = true;
		return ret;
	}
	drop_held(r);
	return http_db_failure(r, rc);
}

enum MHD_Result
http_run_write(struct req *r, http_handler fn)
{
	struct group_commit *g = r->app->writes;
	struct gc_job j = { .r = r, .fn = fn, .rc = STORE_BUSY };

	if (g != NULL) {
		j.deadline_us = util_now_us() + (uint64_t)g->wait_ms * 1000u;
		if (run_queued(g, &j))
			return answer(r, j.rc);
	}
	/* No writer (stopping): this worker runs the write alone, on its own connection. */
	return answer(r, store_run_tx(r->db, STORE_TX_WRITE, solo_try, &j));
}
