/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_hardening.c - security and reliability hardening, through the HTTP
 * contract: every staff read of patient data lands in the audit trail, a
 * new token's secret is never stored for a replay, names titrad uses for
 * itself are never token labels.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "base/util.h"
#include "http/routes.h"
#include "http/server.h"
#include "testhttp.h"
#include "testtmp.h"

static struct th T;

static const char PRAMI[] =
    "{\"drug\":\"pramipexole\",\"start_date\":\"2026-12-01\",\"symptom_onset\":\"22:00\"}";

static void
setup(void)
{
	th_start(&T);
}

static void
teardown(void)
{
	th_stop(&T);
}

#define EXPECT(r, want) \
	ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d; body: %s", \
	    __FILE__, __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

/* GET path as token; returns how many audit rows it added. */
static int64_t
audit_rows_of(const char *path, const char *token, long want)
{
	struct th_resp r;
	int64_t before = th_count(&T, "audit");
	th_get(&T, path, token, &r);
	ck_assert_msg(r.status == want, "GET %s: status %ld, want %ld; body: %s", path, r.status, want,
	    r.body ? r.body : "");
	th_resp_free(&r);
	return th_count(&T, "audit") - before;
}

/* Every route that shows patient data, in every format, audits a staff read once. */
START_TEST(test_staff_reads_audited)
{
	int64_t pid = th_patient(&T, "MRN-AUD");
	int64_t rid = th_regimen(&T, pid, PRAMI);
	int64_t mid = th_medication(&T, pid, "Zoloft 50 mg");
	char paths[12][96];
	size_t n = 0;

	snprintf(paths[n++], sizeof paths[0], "/v1/patients");
	snprintf(paths[n++], sizeof paths[0], "/v1/patients/%lld", (long long)pid);
	snprintf(paths[n++], sizeof paths[0], "/v1/patients/%lld/medications", (long long)pid);
	snprintf(paths[n++], sizeof paths[0], "/v1/patients/%lld/medications/%lld", (long long)pid,
	    (long long)mid);
	snprintf(paths[n++], sizeof paths[0], "/v1/patients/%lld/regimens", (long long)pid);
	snprintf(paths[n++], sizeof paths[0], "/v1/regimens/%lld", (long long)rid);
	snprintf(paths[n++], sizeof paths[0], "/v1/regimens/%lld/calendar", (long long)rid);
	snprintf(paths[n++], sizeof paths[0], "/v1/regimens/%lld/calendar.ics", (long long)rid);
	snprintf(paths[n++], sizeof paths[0], "/v1/regimens/%lld/calendar.html", (long long)rid);
	snprintf(paths[n++], sizeof paths[0], "/v1/regimens/%lld/fhir", (long long)rid);
	snprintf(paths[n++], sizeof paths[0], "/v1/flags");
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(audit_rows_of(paths[i], T.pharmacist, 200) == 1, "pharmacist GET %s: not audited once",
		    paths[i]);
		ck_assert_msg(audit_rows_of(paths[i], T.admin, 200) == 1, "admin GET %s: not audited once",
		    paths[i]);
		ck_assert_msg(audit_rows_of(paths[i], T.clinic, 200) == 0, "clinic GET %s: audited", paths[i]);
	}
	/* No patient data: not audited.  A refused read: nothing lands. */
	ck_assert_int_eq(audit_rows_of("/v1/protocols", T.pharmacist, 200), 0);
	ck_assert_int_eq(audit_rows_of("/v1/audit", T.admin, 200), 0);
	ck_assert_int_eq(audit_rows_of("/v1/regimens/999999/calendar.ics", T.pharmacist, 404), 0);

	/* The row names who, the route and the path read. */
	struct th_resp r;
	th_get(&T, "/v1/audit?entity=regimens.fhir", T.admin, &r);
	EXPECT(&r, 200);
	ck_assert_msg(r.body != NULL && strstr(r.body, "/fhir") != NULL && strstr(r.body, "\"read\"") != NULL,
	    "no regimens.fhir read row: %s", r.body ? r.body : "");
	th_resp_free(&r);
}
END_TEST

/* The answer of POST /v1/tokens holds a secret: never stored, so Idempotency-Key is refused. */
START_TEST(test_token_idempotency_refused)
{
	struct th_resp r;
	int64_t tokens = th_count(&T, "token"), idem = th_count(&T, "idempotency");
	th_request(&T, "POST", "/v1/tokens", T.admin, "application/json",
	    "{\"role\":\"admin\",\"label\":\"minted\"}", "Idempotency-Key: k-1", &r);
	th_assert_problem(&r, 422);
	ck_assert_ptr_nonnull(strstr(r.body, "Idempotency-Key"));
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "token"), tokens);
	ck_assert_int_eq(th_count(&T, "idempotency"), idem);
	/* Without the header it works, and nothing is kept for a replay. */
	th_post(&T, "/v1/tokens", T.admin, "{\"role\":\"admin\",\"label\":\"minted\"}", &r);
	EXPECT(&r, 201);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "idempotency"), idem);
	/* Other POSTs keep their Idempotency-Key. */
	th_request(&T, "POST", "/v1/patients", T.clinic, "application/json",
	    "{\"external_id\":\"MRN-IDEM\",\"display_name\":\"x\"}", "Idempotency-Key: k-2", &r);
	EXPECT(&r, 201);
	th_resp_free(&r);
	ck_assert_int_eq(th_count(&T, "idempotency"), idem + 1);
}
END_TEST

/* A label titrad writes for its own actions would make a person's review look automatic. */
START_TEST(test_reserved_labels)
{
	static const char *const names[] = { "titrad", "TITRAD", "system", "cli" };
	struct th_resp r;
	char body[128];
	int64_t tokens = th_count(&T, "token");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(body, sizeof body, "{\"role\":\"pharmacist\",\"label\":\"%s\"}", names[i]);
		th_post(&T, "/v1/tokens", T.admin, body, &r);
		th_assert_problem(&r, 422);
		ck_assert_ptr_nonnull(strstr(r.body, "label"));
		th_resp_free(&r);
	}
	ck_assert_int_eq(th_count(&T, "token"), tokens);
	th_post(&T, "/v1/tokens", T.admin, "{\"role\":\"pharmacist\",\"label\":\"titrad-night\"}", &r);
	EXPECT(&r, 201);
	th_resp_free(&r);
}
END_TEST

/* PATCH a patient with "If-Match: <before><tag><after>"; returns the status, etag the new tag. */
static long
patch_if_match(const char *path, const char *before, const char *tag, const char *after, char etag[128])
{
	struct th_resp r;
	char hdr[200];
	snprintf(hdr, sizeof hdr, "If-Match: %s%s%s", before, tag, after);
	th_request(&T, "PATCH", path, T.clinic, "application/json", "{\"display_name\":\"A\"}", hdr, &r);
	long status = r.status;
	if (status >= 400)
		th_assert_problem(&r, status);
	else
		snprintf(etag, 128, "%s", r.etag);
	th_resp_free(&r);
	return status;
}

/* If-Match per RFC 9110: a list, whitespace around it; a weak tag never matches; bad syntax 400. */
START_TEST(test_if_match_lists)
{
	struct th_resp r;
	char path[96], etag[128];
	int64_t id = th_patient(&T, "MRN-IFM");

	snprintf(path, sizeof path, "/v1/patients/%lld", (long long)id);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	snprintf(etag, sizeof etag, "%s", r.etag);
	th_resp_free(&r);

	ck_assert_int_eq(patch_if_match(path, "W/", etag, "", etag), 412);
	ck_assert_int_eq(patch_if_match(path, "", "p1-v1", "", etag), 400);
	ck_assert_int_eq(patch_if_match(path, "\"x\", ", etag, "", etag), 200);
	ck_assert_int_eq(patch_if_match(path, "", etag, " \t", etag), 200);
	ck_assert_int_eq(patch_if_match(path, "", etag, "", etag), 200);
}
END_TEST

/* Every derived date stays within 0001-9999: the last start allowed works, a day later is 422. */
START_TEST(test_dates_stay_four_digit)
{
	struct th_resp r;
	char path[96];
	int64_t pid = th_patient(&T, "MRN-Y9999");
	/* Onset 03:30: the dose falls after midnight, on the day after each night. */
	snprintf(path, sizeof path, "/v1/patients/%lld/regimens", (long long)pid);
	th_post(&T, path, T.clinic, "{\"drug\":\"pramipexole\",\"start_date\":\"9999-12-31\","
	    "\"symptom_onset\":\"03:30\"}", &r);
	th_assert_problem(&r, 422);
	ck_assert_ptr_nonnull(strstr(r.body, "start_date"));
	th_resp_free(&r);
	th_post(&T, path, T.clinic, "{\"drug\":\"pramipexole\",\"start_date\":\"9997-12-31\","
	    "\"symptom_onset\":\"03:30\"}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	th_post(&T, path, T.clinic, "{\"drug\":\"pramipexole\",\"start_date\":\"9997-12-30\","
	    "\"symptom_onset\":\"03:30\"}", &r);
	EXPECT(&r, 201);
	int64_t rid = th_int(r.json, "id");
	th_resp_free(&r);

	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar.ics", (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "DTSTART:1"));      /* a 5-digit year would start 10000 */
	/* No date in year 0000 (a bare "0000" also occurs in a DTSTAMP of 05:00:00 or a random instance id). */
	ck_assert_ptr_null(strstr(r.body, ":0000"));
	ck_assert_ptr_null(strstr(r.body, "UNTIL=0000"));
	ck_assert_ptr_nonnull(strstr(r.body, "DTSTART:9997"));
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar?from=9999-06-01&to=9999-12-31",
	    (long long)rid);
	th_get(&T, path, T.clinic, &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	snprintf(path, sizeof path, "/v1/regimens/%lld/calendar?from=9999-06-01&to=9999-12-30",
	    (long long)rid);
	th_get(&T, path, T.clinic, &r);
	EXPECT(&r, 200);
	ck_assert_ptr_null(strstr(r.body, "10000-"));
	th_resp_free(&r);
}
END_TEST

/* Milliseconds a GET takes; ck_asserts its status. */
static double
timed_get(const char *path, const char *token, long want)
{
	struct th_resp r;
	uint64_t t0 = util_now_us();
	th_get(&T, path, token, &r);
	double ms = (double)(util_now_us() - t0) / 1000.0;
	ck_assert_msg(r.status == want, "GET %s: status %ld, want %ld", path, r.status, want);
	th_resp_free(&r);
	return ms;
}

static void *
writer(void *arg)
{
	struct th_resp r;
	char body[96];
	snprintf(body, sizeof body, "{\"external_id\":\"MRN-LOCK-%d\",\"display_name\":\"x\"}",
	    *(int *)arg);
	th_post(&T, "/v1/patients", T.clinic, body, &r);
	*(int *)arg = (int)r.status;
	th_resp_free(&r);
	return NULL;
}

/*
 * Another connection holds the write lock (SQLite locks a second connection
 * exactly as another process): writes get 503 + Retry-After after
 * write_wait_ms, not 20 s, nothing is written, and health and reads keep
 * answering within 1 s even while writers wait.
 */
START_TEST(test_locked_db_bounded)
{
	sqlite3 *h;
	struct th_resp r;
	pthread_t th[2];
	int arg[2] = { 1, 2 };
	int64_t patients = th_count(&T, "patient");

	ck_assert_int_eq(sqlite3_open(T.store_path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

	uint64_t t0 = util_now_us();
	th_post(&T, "/v1/patients", T.clinic, "{\"external_id\":\"MRN-LOCK\",\"display_name\":\"x\"}", &r);
	double ms = (double)(util_now_us() - t0) / 1000.0;
	th_assert_problem(&r, 503);
	ck_assert_str_eq(r.retry_after, "1");
	th_resp_free(&r);
	ck_assert_msg(ms >= 400 && ms < 1500, "a locked write took %.0f ms (write_wait_ms is 500)", ms);

	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, writer, &arg[i]), 0);
	usleep(50000);
	ms = timed_get("/v1/health", NULL, 200);
	ck_assert_msg(ms < 1000, "health took %.0f ms while the db was locked", ms);
	ms = timed_get("/v1/patients", T.clinic, 200);
	ck_assert_msg(ms < 1000, "a clinic read took %.0f ms while the db was locked", ms);
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(arg[i], 503);
	}
	ck_assert_int_eq(th_count(&T, "patient"), patients);

	ck_assert_int_eq(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	th_post(&T, "/v1/patients", T.clinic, "{\"external_id\":\"MRN-LOCK\",\"display_name\":\"x\"}", &r);
	EXPECT(&r, 201);
	th_resp_free(&r);
}
END_TEST

/* Writes from many threads queue on the write gate: all land, none waits for SQLite's sleeps. */
START_TEST(test_write_gate_concurrent)
{
	pthread_t th[8];
	int arg[8];
	int64_t patients = th_count(&T, "patient");
	for (int i = 0; i < 8; i++) {
		arg[i] = 100 + i;
		ck_assert_int_eq(pthread_create(&th[i], NULL, writer, &arg[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(arg[i], 201);
	}
	ck_assert_int_eq(th_count(&T, "patient"), patients + 8);
}
END_TEST

/* The database file deleted under titrad: health is not ok, writes are 503, nothing is acknowledged. */
START_TEST(test_db_file_deleted)
{
	struct th_resp r;
	char wal[PATH_MAX + 8];
	ck_assert_int_eq(unlink(T.store_path), 0);
	snprintf(wal, sizeof wal, "%s-wal", T.store_path);
	unlink(wal);
	th_get(&T, "/v1/health", NULL, &r);
	th_assert_problem(&r, 503);
	ck_assert(r.retry_after[0] != '\0');
	th_resp_free(&r);
	th_post(&T, "/v1/patients", T.clinic, "{\"external_id\":\"MRN-GONE\",\"display_name\":\"x\"}", &r);
	th_assert_problem(&r, 503);
	ck_assert_ptr_nonnull(strstr(r.body, "database"));   /* a worker that had it open, or one that cannot open it */
	th_resp_free(&r);
}
END_TEST

/* Replaced by another file (a restore copied over it): the same. */
START_TEST(test_db_file_replaced)
{
	struct th_resp r;
	char other[PATH_MAX + 8];
	snprintf(other, sizeof other, "%s.new", T.store_path);
	int fd = open(other, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(rename(other, T.store_path), 0);
	th_get(&T, "/v1/health", NULL, &r);
	th_assert_problem(&r, 503);
	th_resp_free(&r);
	th_request(&T, "DELETE", "/v1/patients/1/medications/1", T.clinic, NULL, NULL, NULL, &r);
	th_assert_problem(&r, 503);
	th_resp_free(&r);
}
END_TEST

/*
 * A read-only database is refused when it is opened (at start), not found
 * out at the first write.  Root may write any file, so the open is tried
 * as an unprivileged user in a child when the test runs as root.
 */
START_TEST(test_db_read_only_refused)
{
	char dir[] = "/tmp/titrad-ro.XXXXXX", path[64], err[512];
	struct store *db;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(path, sizeof path, "%s/ro.db", dir);
	ck_assert_int_eq(store_open(path, true, &db, err, sizeof err), STORE_OK);
	store_close(db);
	ck_assert_int_eq(chmod(path, 0444), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		int rc = store_open(path, true, &db, err, sizeof err);
		_exit(rc == STORE_OK ? 1 : strstr(err, "read-only") != NULL ? 0 : 2);
	}
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
	unlink(path);
	rmdir(dir);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "read-only open: child status %d (1: opened, 2: another error, 3: no setuid)", status);
}
END_TEST

/* titrad's own resolutions are audited as role "system", never under a person's label. */
START_TEST(test_system_actions_audited)
{
	struct th_resp r;
	char path[96];
	int64_t pid = th_patient(&T, "MRN-SYS");
	int64_t mid = th_medication(&T, pid, "Xyzzyquil 10 mg");   /* unrecognised: a flag */
	snprintf(path, sizeof path, "/v1/patients/%lld/medications/%lld", (long long)pid, (long long)mid);
	th_request(&T, "DELETE", path, T.clinic, NULL, NULL, NULL, &r);
	ck_assert_msg(r.status == 200 || r.status == 204, "stop: %ld", r.status);
	th_resp_free(&r);
	th_get(&T, "/v1/audit?entity=flag", T.admin, &r);
	EXPECT(&r, 200);
	ck_assert_msg(strstr(r.body, "\"flag.resolve\"") != NULL && strstr(r.body, "\"system\"") != NULL,
	    "no system flag.resolve row: %s", r.body);
	th_resp_free(&r);
}
END_TEST

/* The daemon again with connection_limit 64 and 16 connections per client address. */
static void
setup_small_pool(void)
{
	char err[256];
	th_start(&T);
	http_stop(T.app);
	T.app->cfg.connection_limit = 64;
	T.app->cfg.client_connection_limit = 16;
	ck_assert_msg(http_start(T.app, http_routes, http_nroutes, err, sizeof err), "restart: %s", err);
}

/* A connection from 127.0.0.2 (another client address on loopback) that has sent part of a request. */
static int
dribbler(unsigned port)
{
	struct sockaddr_in me = { .sin_family = AF_INET }, to = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	inet_pton(AF_INET, "127.0.0.2", &me.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	to.sin_port = htons((uint16_t)port);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&me, sizeof me), 0);
	if (connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
		close(fd);
		return -1;
	}
	(void)send(fd, "GET /v1/health HTTP/1.1\r\n", 25, MSG_NOSIGNAL);
	return fd;
}

/*
 * 100 clients from one address open connections and dribble a header line
 * now and then, never finishing: with connection_limit 64 they would take
 * every slot; the per-address cap keeps them to 16, and a normal GET from
 * another address answers within 1 s throughout.
 */
START_TEST(test_slow_clients_capped)
{
	int fds[100];
	for (int i = 0; i < 100; i++)
		fds[i] = dribbler(T.app->port);
	usleep(200000);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 100; i++)
			if (fds[i] >= 0)
				(void)send(fds[i], "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);
		double ms = timed_get("/v1/health", NULL, 200);
		ck_assert_msg(ms < 1000, "round %d: a GET took %.0f ms beside 100 slow clients", round, ms);
		ms = timed_get("/v1/patients", T.clinic, 200);
		ck_assert_msg(ms < 1000, "round %d: a GET took %.0f ms beside 100 slow clients", round, ms);
		usleep(250000);
	}
	for (int i = 0; i < 100; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}
END_TEST

/* The daemon again with a 3 s request deadline (connection_timeout stays 30 s). */
static void
setup_deadline(void)
{
	char err[256];
	th_start(&T);
	http_stop(T.app);
	T.app->cfg.request_deadline_seconds = 3;
	ck_assert_msg(http_start(T.app, http_routes, http_nroutes, err, sizeof err), "restart: %s", err);
}

static int
connect_local(unsigned port)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	to.sin_port = htons((uint16_t)port);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&to, sizeof to), 0);
	return fd;
}

/*
 * Send text one byte every gap_ms (a client within the idle timeout but
 * never done), watching the socket.  Returns the ms from start at which the
 * daemon closed the connection, or -1 if it was still open at the end;
 * *answered: bytes the daemon sent before closing.
 */
static long
dribble(int fd, const char *text, unsigned gap_ms, size_t *answered)
{
	uint64_t t0 = util_now_us();
	*answered = 0;
	for (const char *p = text; *p != '\0'; p++) {
		if (send(fd, p, 1, MSG_NOSIGNAL) != 1)
			return (long)((util_now_us() - t0) / 1000);
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (poll(&pf, 1, (int)gap_ms) > 0) {
			char buf[4096];
			ssize_t n = recv(fd, buf, sizeof buf, 0);
			if (n > 0) {
				*answered += (size_t)n;
				continue;
			}
			return (long)((util_now_us() - t0) / 1000);
		}
	}
	return -1;
}

/* Read what the daemon answers until it has a whole head and Content-Length body (or 3 s). */
static long
read_status(int fd)
{
	char buf[8192];
	size_t len = 0;
	while (len + 1 < sizeof buf) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (poll(&pf, 1, 3000) <= 0)
			break;
		ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		const char *end = strstr(buf, "\r\n\r\n"), *cl = strstr(buf, "\r\nContent-Length:");
		if (end != NULL && cl != NULL && cl < end &&
		    len >= (size_t)(end + 4 - buf) + strtoul(cl + 17, NULL, 10))
			break;
	}
	buf[len] = '\0';
	long status = -1;
	if (len > 12 && strncmp(buf, "HTTP/1.1 ", 9) == 0)
		status = strtol(buf + 9, NULL, 10);
	return status;
}

/* A POST /v1/patients as the clinic: its head, then body unless head_only. */
static void
patient_post(char *out, size_t cap, const char *body, bool head_only)
{
	snprintf(out, cap, "POST /v1/patients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s", T.clinic, strlen(body),
	    head_only ? "" : body);
}

/* The daemon closed the connection at the 3 s deadline (from at least min_ms), unanswered. */
static void
expect_cut(long ms, long min_ms, size_t answered)
{
	ck_assert_msg(ms >= min_ms && ms <= 4500, "closed after %ld ms, want about 3000", ms);
	ck_assert_msg(answered == 0, "%zu bytes answered to a request past its deadline", answered);
}

/* Headers sent a byte every 150 ms (never idle for the 30 s timeout) are cut at the 3 s deadline, unanswered. */
START_TEST(test_deadline_cuts_dribbled_headers)
{
	int fd = connect_local(T.app->port);
	size_t answered;
	long ms = dribble(fd, "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow-1: aaaaaaaaaaaaaaaaaaaa\r\n"
	    "X-Slow-2: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n\r\n", 150, &answered);
	close(fd);
	expect_cut(ms, 2800, answered);
}
END_TEST

/* A body dribbled past the deadline: the connection closes, nothing is answered, nothing written. */
START_TEST(test_deadline_cuts_dribbled_body)
{
	char head[512];
	const char body[] = "{\"external_id\":\"slow-body\",\"display_name\":\"Slow Body\"}";
	int64_t before = th_count(&T, "patient");
	int fd = connect_local(T.app->port);
	patient_post(head, sizeof head, body, true);
	ck_assert_int_eq(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
	size_t answered;
	long ms = dribble(fd, body, 150, &answered);
	close(fd);
	expect_cut(ms, 2500, answered);
	ck_assert_int_eq(th_count(&T, "patient"), before);
}
END_TEST

/*
 * A slow client that finishes within the deadline is served: a POST sent
 * in pieces over about 1.3 s gets 201, and after 1.5 s idle on the same
 * connection a second request (its own deadline) is answered too.
 */
START_TEST(test_deadline_slow_but_finishing)
{
	char req[768];
	const char body[] = "{\"external_id\":\"slow-ok\",\"display_name\":\"Slow OK\"}";
	int64_t before = th_count(&T, "patient");
	int fd = connect_local(T.app->port);
	patient_post(req, sizeof req, body, false);
	size_t len = strlen(req), step = len / 8 + 1;
	for (size_t off = 0; off < len; off += step) {
		size_t n = len - off < step ? len - off : step;
		ck_assert_int_eq(send(fd, req + off, n, MSG_NOSIGNAL), (ssize_t)n);
		usleep(160000);
	}
	ck_assert_int_eq(read_status(fd), 201);
	ck_assert_int_eq(th_count(&T, "patient"), before + 1);
	usleep(1500000);
	const char get[] = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
	ck_assert_int_eq(send(fd, get, strlen(get), MSG_NOSIGNAL), (ssize_t)strlen(get));
	ck_assert_int_eq(read_status(fd), 200);
	close(fd);
}
END_TEST

/* Migration 013: answers stored before carrying a plain token are deleted on upgrade; others stay. */
START_TEST(test_migration_drops_stored_tokens)
{
	char dir[] = "/tmp/titrad-mig.XXXXXX", path[64], err[512];
	struct store *db;
	sqlite3 *h;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/m.db", dir);
	ck_assert_int_eq(store_open(path, true, &db, err, sizeof err), STORE_OK);
	store_close(db);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h,
	    "INSERT INTO idempotency (token_id, key, request_hash, status, content_type, body, created_at) VALUES "
	    "(1, 'a', 'h', 201, 'application/json', CAST('{\"token\":\"ttd_secret\",\"id\":5}' AS BLOB), "
	    "'2026-12-01T00:00:00Z'), "
	    "(1, 'b', 'h', 201, 'application/json', CAST('{\"id\":6}' AS BLOB), '2026-12-01T00:00:00Z');"
	    /* back to version 12: what later migrations made goes too, so they apply again */
	    "DROP TABLE instance; DROP TABLE flag_open_count; DROP TABLE data_version;"
	    "PRAGMA user_version = 12;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_msg(store_open(path, true, &db, err, sizeof err) == STORE_OK, "upgrade: %s", err);
	ck_assert_int_eq(store_count(db, "idempotency"), 1);
	store_close(db);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT key FROM idempotency", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "b");
	sqlite3_finalize(st);
	sqlite3_close(h);
	char f[80];
	const char *const suffix[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
}
END_TEST

static Suite *
hardening_suite(void)
{
	Suite *s = suite_create("hardening");
	TCase *tc = th_tcase("audit", setup, teardown, 60);
	tcase_add_test(tc, test_staff_reads_audited);
	suite_add_tcase(s, tc);
	tc = th_tcase("secrets", setup, teardown, 60);
	tcase_add_test(tc, test_token_idempotency_refused);
	tcase_add_test(tc, test_reserved_labels);
	tcase_add_test(tc, test_system_actions_audited);
	tcase_add_test(tc, test_migration_drops_stored_tokens);
	suite_add_tcase(s, tc);
	tc = th_tcase("input", setup, teardown, 60);
	tcase_add_test(tc, test_if_match_lists);
	tcase_add_test(tc, test_dates_stay_four_digit);
	suite_add_tcase(s, tc);
	tc = th_tcase("locks", setup, teardown, 60);
	if (tt_sqlite_only("locked_db_bounded (a second SQLite connection holds the write lock)"))
		tcase_add_test(tc, test_locked_db_bounded);
	tcase_add_test(tc, test_write_gate_concurrent);
	suite_add_tcase(s, tc);
	tc = th_tcase("faults", setup, teardown, 60);
	if (tt_sqlite_only("db_file_deleted (the SQLite file unlinked under titrad)"))
		tcase_add_test(tc, test_db_file_deleted);
	if (tt_sqlite_only("db_file_replaced (the SQLite file renamed over)"))
		tcase_add_test(tc, test_db_file_replaced);
	tcase_add_test(tc, test_db_read_only_refused);
	suite_add_tcase(s, tc);
	tc = th_tcase("slow clients", setup_small_pool, teardown, 60);
	tcase_add_test(tc, test_slow_clients_capped);
	suite_add_tcase(s, tc);
	tc = th_tcase("request deadline", setup_deadline, teardown, 60);
	tcase_add_test(tc, test_deadline_cuts_dribbled_headers);
	tcase_add_test(tc, test_deadline_cuts_dribbled_body);
	tcase_add_test(tc, test_deadline_slow_but_finishing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return th_run(hardening_suite());
}
