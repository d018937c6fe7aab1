/*
 * group_commit.h - the write runner's queue: several requests' writes in
 * one transaction, one fsync, each answered only after that commit.
 *
 * http_run_write (response.h) queues the request's work (its handler, the
 * body already parsed) as a job and waits.  Leader and followers: when no
 * batch is being run, the first waiting worker whose job is still queued
 * becomes the leader.  It takes up to group_commit_max queued jobs, at
 * once, never waiting for more (a lone write is committed straight away;
 * writes that arrive during a commit make the next batch), runs them in
 * one write transaction on its own database connection, each job inside a
 * savepoint, and commits once (store_run_tx_until: the whole batch is
 * tried again when the lock is lost).  A job that fails is rolled back to
 * its savepoint alone and keeps its own error answer; its idempotent answer
 * is never stored.  Only when COMMIT has returned (synchronous=FULL: on
 * disk) are the jobs marked done; each waiting worker then queues its own
 * held answer from its own access-handler callback, as MHD requires.  A
 * batch whose transaction the database itself threw away (disk full, I/O
 * error inside a job) is run again one job per transaction; a COMMIT that
 * fails answers every job of the batch 5xx, nothing retried.  So a job is
 * never half applied, never applied twice, and never answered 2xx before
 * it is durable.
 *
 * Why a blocked worker, not MHD suspend/resume: the handler's answer must
 * be queued from the thread running that connection's callback, and the
 * job reads its request (headers, connection values) while it runs; with
 * the worker blocked inside the callback, nothing else touches the
 * connection meanwhile.  A worker blocked here waits for at most the batch
 * being committed and its own, as it waited for the write gate before; a
 * batch is therefore at most `threads` jobs.  The wait is bounded by
 * write_wait_ms: a job not taken by its deadline is answered 503 unrun,
 * and a batch gives up at the earliest deadline among its jobs.
 */
#ifndef TITRAD_GROUP_COMMIT_H
#define TITRAD_GROUP_COMMIT_H

#include <stdint.h>

struct group_commit;

/* A queue for batches of at most max jobs, each waiting at most wait_ms; NULL when out of memory. */
struct group_commit *group_commit_new(unsigned max, unsigned wait_ms);
void group_commit_free(struct group_commit *g);

/* Batches committed and jobs they held (a job run alone after a lost batch counts as one). */
void group_commit_stats(struct group_commit *g, uint64_t *batches, uint64_t *jobs);

#endif
