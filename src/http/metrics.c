/* metrics.c - request counters (see metrics.h). */
#include "http/metrics.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/http.h"
#include "base/util.h"

static const unsigned metric_status[] = {
	200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 412, 413, 414, 415, 422, 429, 431, 500, 503,
};
#define NSTATUS (ARRAY_LEN(metric_status) + 1)      /* + "other" */
static const uint64_t metric_bucket_us[] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
};
#define NBUCKET (ARRAY_LEN(metric_bucket_us) + 1)   /* + "+Inf" */

struct metrics {
	const struct route *routes;
	size_t nroutes;
	atomic_uint_fast64_t bucket[NBUCKET];
	atomic_uint_fast64_t sum_us;
	atomic_uint_fast64_t total;
	/* [(route index + 1) * NSTATUS + status index]: route slot 0 is "no route" */
	atomic_uint_fast64_t count[];
};

struct metrics *
metrics_new(const struct route *routes, size_t nroutes)
{
	struct metrics *m = calloc(1, sizeof *m + (nroutes + 1) * NSTATUS * sizeof m->count[0]);
	if (m == NULL)
		return NULL;
	m->routes = routes;
	m->nroutes = nroutes;
	return m;
}

void
metrics_free(struct metrics *m)
{
	free(m);
}

void
metrics_record(struct metrics *m, const struct route *rt, unsigned status, uint64_t us)
{
	size_t ri, si = NSTATUS - 1, bi = NBUCKET - 1;
	if (m == NULL)
		return;
	ri = rt ? (size_t)(rt - m->routes) + 1 : 0;
	if (ri > m->nroutes)
		return;
	for (size_t i = 0; i < ARRAY_LEN(metric_status); i++)
		if (metric_status[i] == status)
			si = i;
	for (size_t i = 0; i < ARRAY_LEN(metric_bucket_us); i++)
		if (us <= metric_bucket_us[i]) {
			bi = i;
			break;
		}
	atomic_fetch_add(&m->count[ri * NSTATUS + si], 1);
	atomic_fetch_add(&m->bucket[bi], 1);
	atomic_fetch_add(&m->sum_us, us);
	atomic_fetch_add(&m->total, 1);
}

/* Append printf output to a growing buffer; the buffer doubles. */
static bool __attribute__((format(printf, 4, 5)))
bufprintf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return false;
		if ((size_t)n < *cap - *len) {
			*len += (size_t)n;
			return true;
		}
		size_t ncap = *cap * 2 + (size_t)n;
		char *nb = realloc(*buf, ncap);
		if (nb == NULL)
			return false;
		*buf = nb;
		*cap = ncap;
	}
}

char *
metrics_text(const struct metrics *m, uint64_t store_errors, const char *extra, size_t *out_len)
{
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap);
	bool ok = buf != NULL;

	if (!ok)
		return NULL;
	buf[0] = '\0';
	ok &= bufprintf(&buf, &len, &cap, "# HELP titrad_http_requests_total HTTP requests by route and status.\n"
	    "# TYPE titrad_http_requests_total counter\n");
	for (size_t ri = 0; ok && ri <= m->nroutes; ri++) {
		const char *name = ri == 0 ? "unmatched" : m->routes[ri - 1].name;
		for (size_t si = 0; ok && si < NSTATUS; si++) {
			uint64_t v = atomic_load(&m->count[ri * NSTATUS + si]);
			if (v == 0)
				continue;
			if (si == NSTATUS - 1)
				ok &= bufprintf(&buf, &len, &cap,
				    "titrad_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
				    name, (unsigned long long)v);
			else
				ok &= bufprintf(&buf, &len, &cap,
				    "titrad_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
				    name, metric_status[si], (unsigned long long)v);
		}
	}
	ok &= bufprintf(&buf, &len, &cap, "# HELP titrad_http_request_duration_seconds Request latency.\n"
	    "# TYPE titrad_http_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (size_t bi = 0; ok && bi < NBUCKET; bi++) {
		cum += atomic_load(&m->bucket[bi]);
		if (bi < ARRAY_LEN(metric_bucket_us))
			ok &= bufprintf(&buf, &len, &cap,
			    "titrad_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
			    (double)metric_bucket_us[bi] / 1e6, (unsigned long long)cum);
		else
			ok &= bufprintf(&buf, &len, &cap,
			    "titrad_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
			    (unsigned long long)cum);
	}
	ok &= bufprintf(&buf, &len, &cap, "titrad_http_request_duration_seconds_sum %.6f\n"
	    "titrad_http_request_duration_seconds_count %llu\n",
	    (double)atomic_load(&m->sum_us) / 1e6, (unsigned long long)atomic_load(&m->total));
	ok &= bufprintf(&buf, &len, &cap, "# HELP titrad_db_errors_total Database errors.\n"
	    "# TYPE titrad_db_errors_total counter\ntitrad_db_errors_total %llu\n",
	    (unsigned long long)store_errors);
	if (extra != NULL)
		ok &= bufprintf(&buf, &len, &cap, "%s", extra);
	if (!ok) {
		free(buf);
		return NULL;
	}
	*out_len = len;
	return buf;
}
