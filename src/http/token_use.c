/* SPDX-License-Identifier: Apache-2.0 */
/* token_use.c - batched token last-used times (see token_use.h). */
#include "http/token_use.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"
#include "engine/datetime.h"
#include "store/store.h"

struct use {
	int64_t id;                 /* 0: an empty slot */
	char stamp[DT_STAMP_LEN];
};

struct token_use {
	pthread_mutex_t lock;       /* guards table, cap, n and stop */
	pthread_cond_t wake;
	struct use *table;          /* open addressing by id, cap a power of two */
	size_t cap, n;
	bool stop;
	unsigned flush_seconds;
	pthread_t thread;
	pthread_mutex_t db_lock;    /* one flush at a time on db */
	struct store *db;
};

static size_t
slot(const struct use *table, size_t cap, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15u) & (cap - 1);
	while (table[i].id != 0 && table[i].id != id)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Put (id, stamp) into table, keeping the later stamp; the table has room. */
static void
put(struct use *table, size_t cap, size_t *n, int64_t id, const char *stamp)
{
	struct use *e = &table[slot(table, cap, id)];
	if (e->id == 0) {
		e->id = id;
		(*n)++;
	} else if (strcmp(e->stamp, stamp) >= 0) {
		return;
	}
	util_copy(e->stamp, sizeof e->stamp, stamp);
}

/* Double the table (under lock); false when out of memory. */
static bool
grow(struct token_use *u)
{
	size_t cap = u->cap ? u->cap * 2 : 16, n = 0;
	struct use *t = calloc(cap, sizeof *t);
	if (t == NULL)
		return false;
	for (size_t i = 0; i < u->cap; i++)
		if (u->table[i].id != 0)
			put(t, cap, &n, u->table[i].id, u->table[i].stamp);
	free(u->table);
	u->table = t;
	u->cap = cap;
	return true;
}

void
token_use_note(struct token_use *u, int64_t id, const char *stamp)
{
	if (u == NULL || id <= 0)
		return;
	pthread_mutex_lock(&u->lock);
	/* At most half full, so a probe always ends at an empty slot. */
	if ((u->n + 1) * 2 > u->cap && !grow(u))
		log_warn("token use: out of memory; the use of token %lld at %s is not recorded",
		    (long long)id, stamp);
	else
		put(u->table, u->cap, &u->n, id, stamp);
	pthread_mutex_unlock(&u->lock);
}

struct flush {
	const struct use *table;
	size_t cap;
};

static int
flush_try(struct store *db, void *cls)
{
	const struct flush *f = cls;
	for (size_t i = 0; i < f->cap; i++) {
		int rc;
		if (f->table[i].id != 0 && (rc = store_token_touch(db, f->table[i].id, f->table[i].stamp)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

int
token_use_flush(struct token_use *u)
{
	struct flush f;
	int rc = STORE_OK;

	pthread_mutex_lock(&u->db_lock);
	pthread_mutex_lock(&u->lock);
	f.table = u->table;
	f.cap = u->cap;
	size_t n = u->n;
	u->table = NULL;
	u->cap = u->n = 0;
	pthread_mutex_unlock(&u->lock);
	if (n > 0)
		rc = store_run_tx(u->db, STORE_TX_WRITE, flush_try, &f);
	if (rc != STORE_OK) {
		/* Not written: keep them for the next flush (a use noted since is as late or later). */
		log_warn("token use: %zu last-used times not written yet (store code %d)", n, rc);
		for (size_t i = 0; i < f.cap; i++)
			if (f.table[i].id != 0)
				token_use_note(u, f.table[i].id, f.table[i].stamp);
	}
	pthread_mutex_unlock(&u->db_lock);
	free((void *)f.table);
	return rc;
}

static void *
flusher(void *cls)
{
	struct token_use *u = cls;
	pthread_mutex_lock(&u->lock);
	while (!u->stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += (time_t)u->flush_seconds;
		pthread_cond_timedwait(&u->wake, &u->lock, &ts);
		if (u->stop)
			break;
		pthread_mutex_unlock(&u->lock);
		token_use_flush(u);
		pthread_mutex_lock(&u->lock);
	}
	pthread_mutex_unlock(&u->lock);
	return NULL;
}

static void
release(struct token_use *u)
{
	store_close(u->db);
	free(u->table);
	pthread_cond_destroy(&u->wake);
	pthread_mutex_destroy(&u->db_lock);
	pthread_mutex_destroy(&u->lock);
	free(u);
}

struct token_use *
token_use_start(const char *store_path, unsigned flush_seconds, char *err, size_t errlen)
{
	struct token_use *u = calloc(1, sizeof *u);
	if (u == NULL) {
		util_copy(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&u->lock, NULL);
	pthread_mutex_init(&u->db_lock, NULL);
	pthread_cond_init(&u->wake, NULL);
	u->flush_seconds = flush_seconds;
	if (store_open(store_path, false, &u->db, err, errlen) != STORE_OK)
		goto fail;
	if (pthread_create(&u->thread, NULL, flusher, u) != 0) {
		util_copy(err, errlen, "cannot start the token use thread");
		goto fail;
	}
	return u;
fail:
	release(u);
	return NULL;
}

void
token_use_stop(struct token_use *u)
{
	if (u == NULL)
		return;
	pthread_mutex_lock(&u->lock);
	u->stop = true;
	pthread_cond_signal(&u->wake);
	pthread_mutex_unlock(&u->lock);
	pthread_join(u->thread, NULL);
	token_use_flush(u);
	release(u);
}
