/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config.h - daemon settings: defaults, the config file (key = value, '#'
 * comments) and command-line overrides.  Every key is documented in
 * titrad.conf(5); an unknown key or a bad value refuses to start.
 */
#ifndef TITRAD_CONFIG_H
#define TITRAD_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/tz.h"

#define CONFIG_URI_MAX 256

struct titrad_config {
	char store_path[PATH_MAX];
	char listen[64];
	unsigned port;              /* 0: any free port (tests) */
	unsigned threads;           /* worker threads */
	size_t body_limit;          /* bytes; 413 above */
	size_t header_limit;        /* bytes for request line + headers; 414/431 above */
	unsigned connection_limit;
	unsigned connection_timeout;/* seconds of silence before a connection is closed */
	unsigned rate_limit;        /* requests per second per token, 0 = off */
	unsigned cds_max_orders;    /* CDS Hooks: draft orders one call may carry; more: 422 */
	unsigned cds_max_medications;  /* CDS Hooks: prefetched medications one call may carry; more: 422 */
	unsigned console_idle_minutes;   /* console sessions end after this long unused */
	unsigned console_login_attempts; /* console logins per minute per client address; more: 429 */
	unsigned shutdown_grace;    /* seconds to finish requests in flight */
	unsigned write_wait_ms;     /* how long a write waits for the database; then 503 */
	unsigned client_connection_limit; /* simultaneous connections from one address, 0 = no cap */
	unsigned request_deadline_seconds; /* the whole request (line, headers, body) must arrive within this */
	unsigned token_use_flush;   /* seconds between writes of tokens' last-used times */
	size_t cache_bytes;         /* response cache budget, bytes; 0 = off */
	unsigned group_commit_max;  /* writes one transaction (one fsync) may commit together */
	char tls_cert[PATH_MAX];
	char tls_key[PATH_MAX];
	char log_level[16];
	char paper[8];              /* printable calendar page size: "A4" or "Letter" */
	char clinic_name[128];      /* printed on every page of the patient's calendar; "" none */
	char clinic_phone[64];
	/* Identifiers titrad mints: public_url and what is derived from it unless set (config_uri). */
	char public_url[CONFIG_URI_MAX];         /* http(s)://host[:port][/path], no trailing '/' */
	char fhir_patient_system[CONFIG_URI_MAX];  /* FHIR Identifier.system of external ids */
	char problem_type_base[CONFIG_URI_MAX];  /* problem+json "type" = this + slug */
	char ical_uid_domain[CONFIG_URI_MAX];    /* iCalendar UID right-hand side */
	char cds_trusted_issuers[PATH_MAX];      /* JSON file: EHR issuer -> its JWK set file */
	char cds_cors_origins[1024];             /* origins allowed on /cds-services, space-separated, or "*" */
	char timezone[TZ_NAME_MAX];              /* IANA zone that decides "today"; installed by tz_apply */
};

void config_defaults(struct titrad_config *c);
/* Set one key; false with a message in err if the key or value is bad. */
bool config_set(struct titrad_config *c, const char *key, const char *value, char *err, size_t errlen);
/* Read a file of key = value lines; false with "file:line: message" in err. */
bool config_load(struct titrad_config *c, const char *path, char *err, size_t errlen);
/*
 * A URI titrad mints: configured when that key is set, else public_url
 * followed by suffix ("/problems/").  Written to buf (CONFIG_URI_MAX
 * bytes is always enough), which is returned.
 */
const char *config_uri(const struct titrad_config *c, const char *configured, const char *suffix,
    char buf[CONFIG_URI_MAX * 2]);

#endif
