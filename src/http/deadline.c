/* SPDX-License-Identifier: Apache-2.0 */
/*
 * deadline.c - the request deadline's registry and watchdog (deadline.h).
 *
 * Connections are a doubly linked list under one mutex.  The watchdog
 * shuts a socket down only while holding that mutex and only while the
 * connection is registered; deadline_close runs (in libmicrohttpd's
 * connection-closed notice) before libmicrohttpd closes the socket, so a
 * descriptor number reused by a newer connection is never touched.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "http/deadline.h"
#include "base/log.h"
#include "base/util.h"

/* How often the watchdog looks: the deadline is kept to within this. */
#define DEADLINE_TICK_MS 100

struct deadline_conn {
	struct deadline_conn *prev, *next;
	int fd;
	uint64_t due_us;            /* 0: not receiving (the answer is being made or sent) */
	bool cut;                   /* the watchdog shut the socket down */
};

struct deadlines {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool stop;
	uint64_t span_us, idle_us;
	struct deadline_conn *head;
	unsigned cut_count;
};

static void *
watchdog(void *arg)
{
	struct deadlines *d = arg;
	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += DEADLINE_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&d->wake, &d->lock, &ts);
		uint64_t now = util_now_us();
		for (struct deadline_conn *c = d->head; c != NULL; c = c->next) {
			if (c->cut || c->due_us == 0 || now < c->due_us)
				continue;
			c->cut = true;
			d->cut_count++;
			/* shutdown, not close: libmicrohttpd owns the descriptor and closes it. */
			if (shutdown(c->fd, SHUT_RDWR) != 0 && errno != ENOTCONN)
				log_warn("request deadline: shutdown: errno %d", errno);
			log_info("request deadline passed: connection closed unanswered");
		}
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

struct deadlines *
deadlines_new(unsigned seconds, unsigned idle)
{
	struct deadlines *d = calloc(1, sizeof *d);
	if (d == NULL)
		return NULL;
	d->span_us = (uint64_t)seconds * 1000000u;
	d->idle_us = (uint64_t)idle * 1000000u;
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->wake, NULL);
	if (pthread_create(&d->thread, NULL, watchdog, d) != 0) {
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return NULL;
	}
	return d;
}

void
deadlines_free(struct deadlines *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

struct deadline_conn *
deadline_open(struct deadlines *d, int fd)
{
	if (d == NULL)
		return NULL;
	struct deadline_conn *c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->fd = fd;
	c->due_us = util_now_us() + d->span_us;
	pthread_mutex_lock(&d->lock);
	c->next = d->head;
	if (d->head != NULL)
		d->head->prev = c;
	d->head = c;
	pthread_mutex_unlock(&d->lock);
	return c;
}

void
deadline_close(struct deadlines *d, struct deadline_conn *c)
{
	if (d == NULL || c == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		d->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&d->lock);
	free(c);
}

void
deadline_request_line(struct deadlines *d, struct deadline_conn *c)
{
	if (d == NULL || c == NULL)
		return;
	uint64_t due = util_now_us() + d->span_us;
	pthread_mutex_lock(&d->lock);
	if (c->due_us == 0 || due < c->due_us)
		c->due_us = due;
	pthread_mutex_unlock(&d->lock);
}

/*
 * Still within the deadline and not cut?  stop: then stop counting, decided
 * under the lock, so either the watchdog cuts the request or its handler
 * runs, never both.
 */
static bool
in_time(struct deadlines *d, struct deadline_conn *c, bool stop)
{
	if (d == NULL || c == NULL)
		return true;
	uint64_t now = util_now_us();
	pthread_mutex_lock(&d->lock);
	bool ok = !c->cut && (c->due_us == 0 || now < c->due_us);
	if (ok && stop)
		c->due_us = 0;
	pthread_mutex_unlock(&d->lock);
	return ok;
}

bool
deadline_ok(struct deadlines *d, struct deadline_conn *c)
{
	return in_time(d, c, false);
}

bool
deadline_received(struct deadlines *d, struct deadline_conn *c)
{
	return in_time(d, c, true);
}

void
deadline_answered(struct deadlines *d, struct deadline_conn *c)
{
	if (d == NULL || c == NULL)
		return;
	/* The next request's first byte comes within idle (else libmicrohttpd closes); from it, the deadline. */
	uint64_t due = util_now_us() + d->idle_us + d->span_us;
	pthread_mutex_lock(&d->lock);
	if (!c->cut)
		c->due_us = due;
	pthread_mutex_unlock(&d->lock);
}
