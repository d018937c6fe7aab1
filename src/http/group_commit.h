/* SPDX-License-Identifier: Apache-2.0 */
/*
 * group_commit.h - the write runner's queue: several requests' writes in
 * one transaction, one fsync, each answered only after that commit.
 *
 * http_run_write (response.h) queues the request's work (its handler,
 * the body already parsed, the caller authenticated) as a job and waits.
 * One writer thread, with a database connection of its own, takes up to
 * group_commit_max queued jobs at once, never waiting for more (a lone
 * write is committed straight away; writes that arrive during a commit
 * make the next batch), and runs them in one write transaction, each job
 * inside a savepoint, committed once (store_run_tx_until: the whole batch
 * is tried again when the lock is lost).  A job that fails is rolled back
 * to its savepoint alone and keeps its own error answer; its idempotent
 * answer is never stored.  Only when COMMIT has returned
 * (synchronous=FULL: on disk) are the jobs marked done and their workers
 * woken; each queues its own held answer from its own access-handler
 * callback.  A batch whose transaction the database itself threw away
 * (disk full, I/O error inside a job) is run again one job per
 * transaction; a COMMIT that fails answers every job of the batch 5xx,
 * nothing retried.  So a job is never half applied, never applied twice,
 * and never answered 2xx before it is durable.
 *
 * Why the worker blocks (a condition variable) rather than suspending the
 * connection (MHD_suspend_connection): libmicrohttpd 0.9.75 reads a
 * resumed connection before calling the handler again, and a client that
 * half-closed after its request (shutdown(SHUT_WR), as tests/hostile does)
 * is then dropped as aborted: its write committed, its answer lost.
 * Blocking is what a write did before, on the write gate, for its turn
 * behind every other writer; now it waits for at most the batch being
 * committed and its own, bounded by write_wait_ms (a job not taken by its
 * deadline is answered 503 unrun; a batch gives up at the earliest
 * deadline among its jobs).  A blocked worker serves none of its other
 * connections meanwhile, and a batch holds at most `threads` writes, one
 * per worker: raising threads raises both.  The job's handler runs on the
 * writer while its worker waits inside the request's callback, so nothing
 * else touches the request meanwhile.  Stopping drains the queue; a write
 * arriving after that runs alone on its worker.
 */
#ifndef TITRAD_GROUP_COMMIT_H
#define TITRAD_GROUP_COMMIT_H

#include <stdint.h>
#include <stddef.h>

struct group_commit;

struct group_commit_stats {
	uint64_t batches;    /* transactions committed (a job run alone after a lost batch is one) */
	uint64_t jobs;       /* jobs they held */
	uint64_t pending;    /* jobs queued or in a batch, not yet done */
};

/* The writer thread, on its own connection to store_path; NULL with the reason in err. */
struct group_commit *group_commit_start(const char *store_path, unsigned max, unsigned wait_ms,
    char *err, size_t errlen);
/* Answer every queued write, then end the writer.  Before MHD_stop_daemon. */
void group_commit_stop(struct group_commit *g);
/* After MHD_stop_daemon: until then a worker may still be in http_run_write. */
void group_commit_free(struct group_commit *g);

void group_commit_stats(struct group_commit *g, struct group_commit_stats *out);

#endif
