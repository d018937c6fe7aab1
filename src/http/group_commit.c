/*
 * group_commit.c - the write runner (http_run_write) and its queue of
 * write jobs committed in batches (see group_commit.h).
 */
#include "http/group_commit.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "base/util.h"
#include "http/http.h"

#define GC_SAVEPOINT "job"

struct gc_job {
	struct req *r;
	http_handler fn;
	uint64_t deadline_us;       /* write_wait_ms after it was queued */
	int rc;                     /* its outcome, the runner's code (see answer) */
	bool done;                  /* its outcome is final: its answer may be queued */
	struct gc_job *next;
};

struct group_commit {
	pthread_mutex_t lock;       /* guards the queue, leading and every job's done */
	pthread_cond_t cond;        /* a batch finished or the leader stepped down */
	struct gc_job *head, *tail;
	bool leading;               /* a worker is running batches */
	unsigned max, wait_ms;
	atomic_uint_fast64_t batches, jobs;
};

/* The jobs one batch took off the queue, in order. */
struct gc_batch {
	struct gc_job *first;
	size_t n;
	bool lost;                  /* the database rolled the whole transaction back inside a job */
};

struct group_commit *
group_commit_new(unsigned max, unsigned wait_ms)
{
	struct group_commit *g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	g->max = max > 0 ? max : 1;
	g->wait_ms = wait_ms;
	return g;
}

void
group_commit_free(struct group_commit *g)
{
	if (g == NULL)
		return;
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void
group_commit_stats(struct group_commit *g, uint64_t *batches, uint64_t *jobs)
{
	*batches = atomic_load(&g->batches);
	*jobs = atomic_load(&g->jobs);
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
 * One try of a job's work on db (the leader's connection, which the
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
			continue;
		}
		*tail = j;
		tail = &j->next;
		b->n++;
	}
}

/* Queue the job and wait until it is done, leading batches when nobody else does. */
static void
wait_done(struct group_commit *g, struct gc_job *me)
{
	pthread_mutex_lock(&g->lock);
	if (g->tail != NULL)
		g->tail->next = me;
	else
		g->head = me;
	g->tail = me;
	while (!me->done) {
		if (g->leading) {
			pthread_cond_wait(&g->cond, &g->lock);
			continue;
		}
		/* Nobody leads, so my job is still queued: lead until it is done. */
		g->leading = true;
		while (!me->done) {
			struct gc_batch b;
			take(g, &b, util_now_us());
			pthread_mutex_unlock(&g->lock);
			if (b.first != NULL)
				run_batch(g, me->r->db, &b);
			pthread_mutex_lock(&g->lock);
			for (struct gc_job *j = b.first; j != NULL; j = j->next)
				j->done = true;
			pthread_cond_broadcast(&g->cond);
		}
		g->leading = false;
		pthread_cond_broadcast(&g->cond);   /* a worker whose job is queued takes over */
	}
	pthread_mutex_unlock(&g->lock);
}

enum MHD_Result
http_run_write(struct req *r, http_handler fn)
{
	struct gc_job me = { .r = r, .fn = fn, .rc = STORE_BUSY };
	struct group_commit *g = r->app->writes;
	enum MHD_Result ret;

	if (g != NULL) {
		me.deadline_us = util_now_us() + (uint64_t)g->wait_ms * 1000u;
		wait_done(g, &me);
	} else {
		me.rc = store_run_tx(r->db, STORE_TX_WRITE, solo_try, &me);
	}
	/*
	 * Committed, refused, or failed with its own problem answer: send what
	 * the handler built.  A commit that failed after a success: the
	 * success never happened, say so instead.
	 */
	if (r->held != NULL && (me.rc == STORE_OK || me.rc == HTTP_TX_REFUSED || me.rc == r->tx_rc)) {
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
	return http_db_failure(r, me.rc);
}
