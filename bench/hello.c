/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hello.c - the framework ceiling for bench/run: a minimal libmicrohttpd
 * server answering every request with a small static JSON body, started
 * with the same threading mode and limits as titrad (src/http/server.c): an
 * internal polling thread per worker of a thread pool, MHD_USE_AUTO
 * (epoll on Linux), the default pool of 4 threads, 256 connections.
 *
 *   hello PORT [THREADS [BODY_FILE CONTENT_TYPE]]
 *
 * With BODY_FILE it answers that file's bytes (what titrad answered for
 * one URL, fetched by bench/run) with CONTENT_TYPE and the fixed headers
 * titrad adds, so titrad's rate over this one is its cost over the bytes.
 *
 * Binds 127.0.0.1 only; stops on SIGTERM or SIGINT.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char hello_body[] = "{\"status\":\"ok\"}";
static const char *body = hello_body;
static size_t body_len = sizeof hello_body - 1;
static const char *ctype = "application/json";
static int same_bytes;

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	static int first_call_marker;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	(void)cls; (void)url; (void)method; (void)version; (void)upload_data;

	/*
	 * Like titrad: the first call only announces the request; answering
	 * then makes libmicrohttpd close the connection (no keep-alive).
	 */
	if (*con_cls == NULL) {
		*con_cls = &first_call_marker;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {            /* no body expected; drain it */
		*upload_data_size = 0;
		return MHD_YES;
	}
	resp = MHD_create_response_from_buffer(body_len, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	if (same_bytes) {
		MHD_add_response_header(resp, "Cache-Control", "no-store");
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		MHD_add_response_header(resp, "X-Request-Id", "0123456789abcdef");
	}
	ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	unsigned threads = 4;
	sigset_t set;
	int sig;

	if (argc != 2 && argc != 3 && argc != 5) {
		fprintf(stderr, "usage: hello PORT [THREADS [BODY_FILE CONTENT_TYPE]]\n");
		return 2;
	}
	if (argc >= 3)
		threads = (unsigned)strtoul(argv[2], NULL, 10);
	if (argc == 5) {
		FILE *f = fopen(argv[3], "rb");
		static char file_body[4 << 20];
		if (f == NULL) {
			fprintf(stderr, "hello: cannot open %s\n", argv[3]);
			return 1;
		}
		body_len = fread(file_body, 1, sizeof file_body, f);
		fclose(f);
		body = file_body;
		ctype = argv[4];
		same_bytes = 1;
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)strtoul(argv[1], NULL, 10));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* Workers inherit this mask; the main thread waits for the signal. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, 256u,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "hello: cannot listen on 127.0.0.1 port %s\n", argv[1]);
		return 1;
	}
	while (sigwait(&set, &sig) != 0)
		;
	MHD_stop_daemon(d);
	return 0;
}
