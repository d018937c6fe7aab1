/*
 * group_commit.h - the write runner's queue: several requests' writes in
 * one transaction, one fsync, each answered only after that commit.
 *
 * http_run_write (response.h) queues the request's work (its handler,
 * the body already parsed, the caller authenticated) as a job, suspends
 * the connection (MHD_suspend_connection) and returns, so the worker
 * thread goes on serving its other connections.  One writer thread, with
 * a database connection of its own, takes up to group_commit_max queued
 * jobs at once, never waiting for more (a lone write is committed straight
 * away; writes that arrive during a commit make the next batch), and runs
 * them in one write transaction, each job inside a savepoint, committed
 * once (store_run_tx_until: the whole batch is tried again when the lock
 * is lost).  A job that fails is rolled back to its savepoint alone and
 * keeps its own error answer; its idempotent answer is never stored.
 * Only when COMMIT has returned (synchronous=FULL: on disk) are the jobs
 * marked done and their connections resumed (MHD_resume_connection); MHD
 * then calls the access handler again on the connection's own worker,
 * which queues the held answer (http_write_resumed).  A batch whose
 * transaction the database itself threw away (disk full, I/O error inside
 * a job) is run again one job per transaction; a COMMIT that fails answers
 * every job of the batch 5xx, nothing retried.  So a job is never half
 * applied, never applied twice, and never answered 2xx before it is
 * durable.
 *
 * One writer rather than a leader among the workers: a leader would have
 * to stay inside its own connection's callback while it commits others,
 * stalling every other connection of its worker; the writer thread blocks
 * nobody but itself.  The job's handler runs on the writer while its
 * connection is suspended, so nothing else touches the request meanwhile.
 * The wait is bounded by write_wait_ms: a job not taken by its deadline is
 * answered 503 unrun, and a batch gives up at the earliest deadline among
 * its jobs.  Stopping drains the queue (MHD must not stop with a suspended
 * connection); a write arriving after that runs alone on its worker.
 */
#ifndef TITRAD_GROUP_COMMIT_H
#define TITRAD_GROUP_COMMIT_H

#include <stdint.h>
#include <stddef.h>

#include <microhttpd.h>

struct group_commit;
struct req;

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
/* After MHD_stop_daemon: a request ending then may still look at its job. */
void group_commit_free(struct group_commit *g);
/* The access handler's call for a resumed connection: queue the write's answer. */
enum MHD_Result http_write_resumed(struct req *r);
/* A request ending with its write's answer never queued: free what it held. */
void http_write_forget(struct req *r);

void group_commit_stats(struct group_commit *g, struct group_commit_stats *out);

#endif
