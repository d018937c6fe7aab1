/* SPDX-License-Identifier: Apache-2.0 */
/* cache.c - the response cache (see cache.h). */
#include "http/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "http/http.h"

/*
 * One allocation per entry: the body first (a hit hands a copy of the
 * whole block to http_body, which frees it through the body pointer), then
 * the content type, the headers and the key, each NUL-terminated.
 */
struct entry {
	struct entry *prev, *next;  /* LRU, most recent first */
	struct entry *chain;        /* hash bucket */
	uint64_t hash;
	char *block;
	size_t block_len, body_len, key_off, key_len, ctype_off;
	size_t nheaders;
	size_t header_off[CACHE_HEADERS_MAX * 2];
	size_t bytes;               /* what it counts against max_bytes */
};

struct resp_cache {
	pthread_mutex_t lock;
	size_t max_bytes, bytes;
	struct entry **bucket;
	size_t nbuckets;            /* a power of two */
	struct entry *head, *tail;
	atomic_uint_fast64_t hits, misses;
};

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

struct resp_cache *
cache_new(size_t max_bytes)
{
	struct resp_cache *c;
	size_t nb = 64;
	if (max_bytes == 0)
		return NULL;
	/* About one bucket per 4 KiB of budget (a calendar body is 5-60 KB). */
	while (nb < max_bytes / 4096 && nb < (1u << 20))
		nb *= 2;
	if ((c = calloc(1, sizeof *c)) == NULL || (c->bucket = calloc(nb, sizeof *c->bucket)) == NULL) {
		free(c);
		return NULL;
	}
	c->nbuckets = nb;
	c->max_bytes = max_bytes;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void
entry_free(struct entry *e)
{
	if (e != NULL)
		free(e->block);
	free(e);
}

void
cache_free(struct resp_cache *c)
{
	if (c == NULL)
		return;
	for (struct entry *e = c->head, *next; e != NULL; e = next) {
		next = e->next;
		entry_free(e);
	}
	pthread_mutex_destroy(&c->lock);
	free(c->bucket);
	free(c);
}

void
cache_stats(struct resp_cache *c, uint64_t *hits, uint64_t *misses, size_t *bytes)
{
	*hits = *misses = 0;
	*bytes = 0;
	if (c == NULL)
		return;
	*hits = atomic_load(&c->hits);
	*misses = atomic_load(&c->misses);
	pthread_mutex_lock(&c->lock);
	*bytes = c->bytes;
	pthread_mutex_unlock(&c->lock);
}

/* Under lock. */
static void
lru_unlink(struct resp_cache *c, struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void
lru_front(struct resp_cache *c, struct entry *e)
{
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (c->tail == NULL)
		c->tail = e;
}

static struct entry **
find(struct resp_cache *c, const char *key, size_t len, uint64_t h)
{
	struct entry **p = &c->bucket[h & (c->nbuckets - 1)];
	for (; *p != NULL; p = &(*p)->chain)
		if ((*p)->hash == h && (*p)->key_len == len && memcmp((*p)->block + (*p)->key_off, key, len) == 0)
			break;
	return p;
}

static void
drop(struct resp_cache *c, struct entry **slot)
{
	struct entry *e = *slot;
	*slot = e->chain;
	lru_unlink(c, e);
	c->bytes -= e->bytes;
	entry_free(e);
}

/* Copy the entry for key out (a block the caller owns); false when there is none. */
static bool
lookup(struct resp_cache *c, const char *key, size_t len, struct entry *out)
{
	uint64_t h = fnv1a(key, len);
	bool found = false;
	pthread_mutex_lock(&c->lock);
	struct entry *e = *find(c, key, len, h);
	if (e != NULL && (out->block = malloc(e->block_len)) != NULL) {
		char *mine = out->block;
		memcpy(mine, e->block, e->block_len);
		*out = *e;
		out->block = mine;
		lru_unlink(c, e);
		lru_front(c, e);
		found = true;
	}
	pthread_mutex_unlock(&c->lock);
	atomic_fetch_add(found ? &c->hits : &c->misses, 1);
	return found;
}

static void
insert(struct resp_cache *c, const char *key, size_t keylen, const char *ctype, const char *body, size_t len,
    const char *const *headers)
{
	struct entry *e = calloc(1, sizeof *e);
	size_t nh = 0, total = len + 1 + strlen(ctype) + 1 + keylen + 1, off;
	for (; headers != NULL && headers[nh] != NULL && headers[nh + 1] != NULL; nh += 2)
		total += strlen(headers[nh]) + 1 + strlen(headers[nh + 1]) + 1;
	if (e == NULL || nh > CACHE_HEADERS_MAX * 2 || total + sizeof *e > c->max_bytes ||
	    (e->block = malloc(total)) == NULL) {
		entry_free(e);          /* too big for the whole budget: not kept, still answered */
		return;
	}
	memcpy(e->block, body, len);
	e->block[len] = '\0';
	off = len + 1;
	e->ctype_off = off;
	off += (size_t)sprintf(e->block + off, "%s", ctype) + 1;
	for (size_t i = 0; i < nh; i++) {
		e->header_off[i] = off;
		off += (size_t)sprintf(e->block + off, "%s", headers[i]) + 1;
	}
	e->key_off = off;
	memcpy(e->block + off, key, keylen);
	e->block[off + keylen] = '\0';
	e->block_len = total;
	e->body_len = len;
	e->key_len = keylen;
	e->nheaders = nh;
	e->bytes = total + sizeof *e;
	e->hash = fnv1a(key, keylen);

	pthread_mutex_lock(&c->lock);
	struct entry **slot = find(c, key, keylen, e->hash);
	if (*slot != NULL)
		drop(c, slot);          /* the same answer rendered twice at once: keep the newer */
	while (c->tail != NULL && c->bytes + e->bytes > c->max_bytes)
		drop(c, find(c, c->tail->block + c->tail->key_off, c->tail->key_len, c->tail->hash));
	e->chain = c->bucket[e->hash & (c->nbuckets - 1)];
	c->bucket[e->hash & (c->nbuckets - 1)] = e;
	lru_front(c, e);
	c->bytes += e->bytes;
	pthread_mutex_unlock(&c->lock);
}

/* ---- the HTTP glue ---- */

static const char *const cached_routes[] = {
	"regimens.calendar", "regimens.ics", "regimens.html", "regimens.fhir", NULL
};

struct keybuf {
	char *p;
	size_t len, cap;
	bool oom;
};

/* Append n bytes with their length before them, so no two lists of parts make one key. */
static void
key_part(struct keybuf *k, const char *s, size_t n)
{
	char num[24];
	int w = snprintf(num, sizeof num, "%zu:", n);
	if (k->oom || !util_grow((void **)&k->p, &k->cap, k->len + (size_t)w + n + 1, 1, 256)) {
		k->oom = true;
		return;
	}
	memcpy(k->p + k->len, num, (size_t)w);
	memcpy(k->p + k->len + (size_t)w, s, n);
	k->len += (size_t)w + n;
	k->p[k->len++] = ';';
}

static void
key_int(struct keybuf *k, int64_t v)
{
	char num[24];
	int w = snprintf(num, sizeof num, "%lld", (long long)v);
	key_part(k, num, (size_t)w);
}

static enum MHD_Result
key_arg(void *cls, enum MHD_ValueKind kind, const char *name, size_t nlen, const char *value, size_t vlen)
{
	(void)kind;
	key_part(cls, name, nlen);
	key_part(cls, value ? value : "", value ? vlen : 0);
	return MHD_YES;
}

static const char *
header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static bool
cacheable(struct req *r)
{
	bool named = false;
	if (r->app->cache == NULL || r->route == NULL || (r->role != ROLE_CLINIC && r->role != ROLE_PATIENT) ||
	    header(r, "If-None-Match") != NULL || header(r, "If-Modified-Since") != NULL)
		return false;
	for (size_t i = 0; cached_routes[i] != NULL; i++)
		named = named || strcmp(r->route->name, cached_routes[i]) == 0;
	return named;
}

bool
cache_serve(struct req *r, struct cache_hit *out)
{
	struct keybuf k = { 0 };
	struct entry hit;
	int64_t version;
	const char *host = header(r, MHD_HTTP_HEADER_HOST);

	if (!cacheable(r))
		return false;
	/* In the request's snapshot: the version of exactly the state the handler would read. */
	if (store_data_version(r->db, &version) != STORE_OK)
		return false;
	key_part(&k, r->route->name, strlen(r->route->name));
	key_int(&k, r->id[0]);
	key_int(&k, r->id[1]);
	key_int(&k, r->role);
	key_int(&k, r->patient_id);
	key_int(&k, r->today);
	key_int(&k, version);
	key_int(&k, header(r, MHD_HTTP_HEADER_AUTHORIZATION) != NULL);
	key_part(&k, host ? host : "", host ? strlen(host) : 0);
	/* The settings bodies quote, read per request like the handlers do (they may change under a running daemon). */
	const struct titrad_config *cfg = &r->app->cfg;
	const char *const quoted[] = { cfg->public_url, cfg->fhir_patient_system, cfg->ical_uid_domain,
		cfg->paper, cfg->clinic_name, cfg->clinic_phone, cfg->tls_cert[0] ? "https" : "http", NULL };
	for (size_t i = 0; quoted[i] != NULL; i++)
		key_part(&k, quoted[i], strlen(quoted[i]));
	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, key_arg, &k);
	if (k.oom) {
		free(k.p);
		return false;
	}
	if (!lookup(r->app->cache, k.p, k.len, &hit)) {
		r->cache_key = k.p;     /* the handler's answer is offered under it */
		r->cache_key_len = k.len;
		return false;
	}
	free(k.p);
	/* http_body owns the block (the body is its start); it reads ctype and headers before it frees it. */
	out->body = hit.block;
	out->len = hit.body_len;
	out->ctype = hit.block + hit.ctype_off;
	for (size_t i = 0; i < hit.nheaders; i++)
		out->headers[i] = hit.block + hit.header_off[i];
	out->headers[hit.nheaders] = NULL;
	return true;
}

void
cache_offer(struct req *r, unsigned status, const char *ctype, const char *body, size_t len,
    const char *const *headers)
{
	if (r->cache_key == NULL)
		return;
	if (status == 200)
		insert(r->app->cache, r->cache_key, r->cache_key_len, ctype ? ctype : "", body, len, headers);
	free(r->cache_key);
	r->cache_key = NULL;
}
