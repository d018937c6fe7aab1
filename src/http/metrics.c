/* SPDX-License-Identifier: Apache-2.0 */
/* metrics.c - request counters (see metrics.h). */
#include "autoconfig.h"
#include "http/metrics.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

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

/* One route's latency histogram. */
struct latency {
	atomic_uint_fast64_t bucket[NBUCKET];
	atomic_uint_fast64_t sum_us;
	atomic_uint_fast64_t total;
};

struct metrics {
	const struct route *routes;
	size_t nroutes;
	time_t started;
	struct latency *latency;    /* [route index + 1]: slot 0 is "no route" */
	/* [(route index + 1) * NSTATUS + status index]: route slot 0 is "no route" */
	atomic_uint_fast64_t count[];
};

struct metrics *
metrics_new(const struct route *routes, size_t nroutes)
{
	struct metrics *m = calloc(1, sizeof *m + (nroutes + 1) * NSTATUS * sizeof m->count[0]);
	if (m == NULL)
		return NULL;
	m->latency = calloc(nroutes + 1, sizeof m->latency[0]);
	if (m->latency == NULL) {
		free(m);
		return NULL;
	}
	m->routes = routes;
	m->nroutes = nroutes;
	m->started = time(NULL);
	return m;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	free(m->latency);
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
	atomic_fetch_add(&m->latency[ri].bucket[bi], 1);
	atomic_fetch_add(&m->latency[ri].sum_us, us);
	atomic_fetch_add(&m->latency[ri].total, 1);
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

/* Resident set size from /proc/self/statm (pages); -1 where there is no /proc. */
static long long
resident_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long long size, rss = -1;
	if (f == NULL)
		return -1;
	if (fscanf(f, "%lld %lld", &size, &rss) != 2)
		rss = -1;
	fclose(f);
	return rss < 0 ? -1 : rss * (long long)sysconf(_SC_PAGESIZE);
}

/* Entries of /proc/self/fd, less the one the count itself holds open. */
static long long
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long long n = 0;
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;
}

/* Build info and the process gauges, under the names Prometheus client libraries use. */
static bool
process_text(const struct metrics *m, char **buf, size_t *len, size_t *cap)
{
	long long rss = resident_bytes(), fds = open_fds();
	time_t now = time(NULL);
	bool ok = bufprintf(buf, len, cap, "# HELP titrad_build_info The running build.\n"
	    "# TYPE titrad_build_info gauge\n"
	    "titrad_build_info{version=\"%s\",microhttpd=\"%s\",jansson=\"%s\"} 1\n"
	    "# HELP process_start_time_seconds Start time of the process since the epoch.\n"
	    "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds %lld\n"
	    "# HELP titrad_uptime_seconds Seconds since the daemon started.\n"
	    "# TYPE titrad_uptime_seconds gauge\ntitrad_uptime_seconds %lld\n",
	    PACKAGE_VERSION, MHD_get_version(), JANSSON_VERSION, (long long)m->started,
	    (long long)(now - m->started));
	if (ok && rss >= 0)
		ok = bufprintf(buf, len, cap, "# HELP process_resident_memory_bytes Resident memory size.\n"
		    "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes %lld\n", rss);
	if (ok && fds >= 0)
		ok = bufprintf(buf, len, cap, "# HELP process_open_fds Open file descriptors.\n"
		    "# TYPE process_open_fds gauge\nprocess_open_fds %lld\n", fds);
	return ok;
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
	ok &= bufprintf(&buf, &len, &cap, "# HELP titrad_http_request_duration_seconds Request latency by route.\n"
	    "# TYPE titrad_http_request_duration_seconds histogram\n");
	for (size_t ri = 0; ok && ri <= m->nroutes; ri++) {
		const struct latency *l = &m->latency[ri];
		const char *name = ri == 0 ? "unmatched" : m->routes[ri - 1].name;
		uint64_t cum = 0, total = atomic_load(&l->total);
		if (total == 0)
			continue;   /* a route never called has no series (as a counter would not) */
		for (size_t bi = 0; ok && bi < NBUCKET; bi++) {
			cum += atomic_load(&l->bucket[bi]);
			if (bi < ARRAY_LEN(metric_bucket_us))
				ok &= bufprintf(&buf, &len, &cap,
				    "titrad_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
				    name, (double)metric_bucket_us[bi] / 1e6, (unsigned long long)cum);
			else
				ok &= bufprintf(&buf, &len, &cap,
				    "titrad_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
				    name, (unsigned long long)cum);
		}
		ok &= bufprintf(&buf, &len, &cap,
		    "titrad_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
		    "titrad_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
		    name, (double)atomic_load(&l->sum_us) / 1e6, name, (unsigned long long)total);
	}
	ok &= process_text(m, &buf, &len, &cap);
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
