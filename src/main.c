/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - titrad: options, config, signals, start and stop.  No domain logic.
 *
 *   titrad [--config FILE] [--db PATH] [--listen ADDR] [--port N]
 *   titrad token create|list|revoke ... | backup ... | demo ...
 */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoconfig.h"
#include "cli.h"
#include "base/config.h"
#include "store/store.h"
#include "http/http.h"
#include "http/reference.h"
#include "http/routes.h"
#include "http/server.h"
#include "base/log.h"
#include "base/util.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: titrad [--config FILE] [--db PATH] [--listen ADDR] [--port N]\n"
	    "       titrad token create --db PATH --role ROLE [--patient ID] [--label TEXT] [--expires DAYS]\n"
	    "       titrad token list --db PATH\n"
	    "       titrad token revoke --db PATH --label TEXT\n"
	    "       titrad backup --db PATH --to FILE\n"
	    "       titrad demo --db PATH\n"
	    "       titrad --version\n");
}

static int
run_daemon(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' }, { "port", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct titrad *app = calloc(1, sizeof *app);
	const char *cfgfile = NULL, *dbp = NULL, *listen = NULL, *port = NULL;
	char err[512];
	enum log_level lvl;
	sigset_t set;
	int c, sig, ret = 1;

	if (app == NULL)
		return 1;
	log_detect_journal();
	config_defaults(&app->cfg);
	while ((c = getopt_long(argc, argv, "c:d:l:p:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cfgfile = optarg; break;
		case 'd': dbp = optarg; break;
		case 'l': listen = optarg; break;
		case 'p': port = optarg; break;
		case 'h': usage(stdout); free(app); return 0;
		case 'V': printf("titrad %s\n", PACKAGE_VERSION); free(app); return 0;
		default: usage(stderr); free(app); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		free(app);
		return 2;
	}
	/* The file first; command-line options override it. */
	if ((cfgfile && !config_load(&app->cfg, cfgfile, err, sizeof err)) ||
	    (dbp && !config_set(&app->cfg, "db", dbp, err, sizeof err)) ||
	    (listen && !config_set(&app->cfg, "listen", listen, err, sizeof err)) ||
	    (port && !config_set(&app->cfg, "port", port, err, sizeof err))) {
		log_error("%s", err);
		free(app);
		return 2;
	}
	if (log_parse_level(app->cfg.log_level, &lvl))
		log_set_level(lvl);
	if (!http_load_reference(app, err, sizeof err)) {
		log_error("%s", err);
		free(app);
		return 1;
	}

	/* Workers inherit this mask; only the main thread takes the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!http_start(app, http_routes, http_nroutes, err, sizeof err)) {
		log_error("%s", err);
		http_free_reference(app);
		free(app);
		return 1;
	}
	char shown[PATH_MAX];
	util_redact_uri(app->cfg.store_path, shown, sizeof shown);
	log_info("titrad %s listening on %s port %u (%s, schema %d, %u threads)", PACKAGE_VERSION,
	    app->cfg.listen, app->port, shown, store_latest_version(), app->cfg.threads);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			log_info("SIGHUP ignored; restart titrad to apply a changed configuration");
			continue;
		}
		break;
	}
	log_info("signal %d: finishing requests in flight, then stopping", sig);
	http_stop(app);
	http_free_reference(app);
	log_info("stopped");
	ret = 0;
	free(app);
	return ret;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "token") == 0)
		return cli_token(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "backup") == 0)
		return cli_backup(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "demo") == 0)
		return cli_demo(argc - 1, argv + 1);
	return run_daemon(argc, argv);
}
