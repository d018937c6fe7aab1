/* SPDX-License-Identifier: Apache-2.0 */
/* config.c - the config file and its keys (documented in titrad.conf(5)). */
#include "base/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"

void
config_defaults(struct titrad_config *c)
{
	memset(c, 0, sizeof *c);
	util_copy(c->store_path, sizeof c->store_path, "titrad.db");
	util_copy(c->listen, sizeof c->listen, "127.0.0.1");
	c->port = 8080;
	c->threads = 4;
	c->body_limit = 64 * 1024;
	c->header_limit = 16 * 1024;
	c->connection_limit = 256;
	c->connection_timeout = 30;
	c->rate_limit = 0;
	c->cds_max_orders = 64;
	c->cds_max_medications = 1000;
	c->console_idle_minutes = 30;
	c->console_login_attempts = 10;
	c->shutdown_grace = 10;
	c->write_wait_ms = 500;
	c->client_connection_limit = 32;
	c->request_deadline_seconds = 30;
	c->token_use_flush = 30;
	c->cache_bytes = 4u << 20;
	c->group_commit_max = 64;
	util_copy(c->log_level, sizeof c->log_level, "info");
	util_copy(c->paper, sizeof c->paper, "A4");
	util_copy(c->public_url, sizeof c->public_url, "https://titrad.example");
	util_copy(c->ical_uid_domain, sizeof c->ical_uid_domain, "titrad");
	util_copy(c->timezone, sizeof c->timezone, "UTC");
}

const char *
config_uri(const struct titrad_config *c, const char *configured, const char *suffix,
    char buf[CONFIG_URI_MAX * 2])
{
	if (configured != NULL && configured[0] != '\0')
		snprintf(buf, CONFIG_URI_MAX * 2, "%s", configured);
	else
		snprintf(buf, CONFIG_URI_MAX * 2, "%s%s", c->public_url, suffix);
	return buf;
}

/* An absolute http(s) URI without spaces, quotes or control characters. */
static bool
uri_ok(const char *v)
{
	if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
		return false;
	if (strlen(v) <= (v[4] == 's' ? 8u : 7u))
		return false;
	for (; *v; v++)
		if ((unsigned char)*v <= 0x20 || *v == 0x7f || strchr("\"<>\\^`{|}", *v) != NULL)
			return false;
	return true;
}

/* An iCalendar UID domain: letters, digits, '.' and '-' (RFC 5545 suggests a domain name). */
static bool
domain_ok(const char *v)
{
	if (*v == '\0')
		return false;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && *v != '.' && *v != '-')
			return false;
	return true;
}

static bool
parse_uint(const char *v, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	if (*v < '0' || *v > '9')
		return false;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return false;
	*out = n;
	return true;
}

enum kind { K_STR, K_UINT, K_SIZE };

static const struct key {
	const char *name;
	enum kind kind;
	size_t off, len;
	unsigned long min, max;
} keys[] = {
	{ "db", K_STR, offsetof(struct titrad_config, store_path), PATH_MAX, 0, 0 },
	{ "listen", K_STR, offsetof(struct titrad_config, listen), 64, 0, 0 },
	{ "port", K_UINT, offsetof(struct titrad_config, port), 0, 0, 65535 },
	{ "threads", K_UINT, offsetof(struct titrad_config, threads), 0, 1, 64 },
	{ "body_limit", K_SIZE, offsetof(struct titrad_config, body_limit), 0, 1024, 16ul << 20 },
	{ "header_limit", K_SIZE, offsetof(struct titrad_config, header_limit), 0, 4096, 1ul << 20 },
	{ "connection_limit", K_UINT, offsetof(struct titrad_config, connection_limit), 0, 1, 65536 },
	{ "connection_timeout", K_UINT, offsetof(struct titrad_config, connection_timeout), 0, 1, 3600 },
	{ "rate_limit", K_UINT, offsetof(struct titrad_config, rate_limit), 0, 0, 1000000 },
	{ "cds_max_orders", K_UINT, offsetof(struct titrad_config, cds_max_orders), 0, 1, 100000 },
	{ "cds_max_medications", K_UINT, offsetof(struct titrad_config, cds_max_medications), 0, 1, 100000 },
	{ "console_idle_minutes", K_UINT, offsetof(struct titrad_config, console_idle_minutes), 0, 1, 720 },
	{ "console_login_attempts", K_UINT, offsetof(struct titrad_config, console_login_attempts), 0, 1, 10000 },
	{ "shutdown_grace", K_UINT, offsetof(struct titrad_config, shutdown_grace), 0, 0, 600 },
	{ "client_connection_limit", K_UINT, offsetof(struct titrad_config, client_connection_limit), 0, 0, 65536 },
	{ "write_wait_ms", K_UINT, offsetof(struct titrad_config, write_wait_ms), 0, 10, 60000 },
	{ "token_use_flush", K_UINT, offsetof(struct titrad_config, token_use_flush), 0, 1, 3600 },
	{ "cache_bytes", K_SIZE, offsetof(struct titrad_config, cache_bytes), 0, 0, 1ul << 30 },
	{ "tls_cert", K_STR, offsetof(struct titrad_config, tls_cert), PATH_MAX, 0, 0 },
	{ "tls_key", K_STR, offsetof(struct titrad_config, tls_key), PATH_MAX, 0, 0 },
	{ "log_level", K_STR, offsetof(struct titrad_config, log_level), 16, 0, 0 },
	{ "paper", K_STR, offsetof(struct titrad_config, paper), 8, 0, 0 },
	{ "clinic_name", K_STR, offsetof(struct titrad_config, clinic_name), 128, 0, 0 },
	{ "clinic_phone", K_STR, offsetof(struct titrad_config, clinic_phone), 64, 0, 0 },
	{ "public_url", K_STR, offsetof(struct titrad_config, public_url), CONFIG_URI_MAX, 0, 0 },
	{ "fhir_patient_system", K_STR, offsetof(struct titrad_config, fhir_patient_system), CONFIG_URI_MAX, 0, 0 },
	{ "problem_type_base", K_STR, offsetof(struct titrad_config, problem_type_base), CONFIG_URI_MAX, 0, 0 },
	{ "ical_uid_domain", K_STR, offsetof(struct titrad_config, ical_uid_domain), CONFIG_URI_MAX, 0, 0 },
	{ "cds_trusted_issuers", K_STR, offsetof(struct titrad_config, cds_trusted_issuers), PATH_MAX, 0, 0 },
	{ "cds_cors_origins", K_STR, offsetof(struct titrad_config, cds_cors_origins), 1024, 0, 0 },
	{ "timezone", K_STR, offsetof(struct titrad_config, timezone), TZ_NAME_MAX, 0, 0 },
	{ "request_deadline_seconds", K_UINT, offsetof(struct titrad_config, request_deadline_seconds), 0, 1, 3600 },
	{ "group_commit_max", K_UINT, offsetof(struct titrad_config, group_commit_max), 0, 1, 1024 },
};

bool
config_set(struct titrad_config *c, const char *key, const char *value, char *err, size_t errlen)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const struct key *k = &keys[i];
		unsigned long n;
		if (strcmp(k->name, key) != 0)
			continue;
		switch (k->kind) {
		case K_STR:
			if (!util_copy((char *)c + k->off, k->len, value)) {
				snprintf(err, errlen, "%s: value too long", key);
				return false;
			}
			if ((strcmp(key, "public_url") == 0 || strcmp(key, "fhir_patient_system") == 0 ||
			    strcmp(key, "problem_type_base") == 0) && !uri_ok(value)) {
				snprintf(err, errlen, "%s: expected an absolute http:// or https:// URI", key);
				return false;
			}
			if (strcmp(key, "public_url") == 0) {
				/* "https://h/" and "https://h" are one base: suffixes start with '/'. */
				size_t end = strlen(value);
				while (end > 0 && c->public_url[end - 1] == '/')
					c->public_url[--end] = '\0';
			}
			if (strcmp(key, "ical_uid_domain") == 0 && !domain_ok(value)) {
				snprintf(err, errlen, "ical_uid_domain: expected letters, digits, '.' and '-'");
				return false;
			}
			if (strcmp(key, "log_level") == 0) {
				enum log_level l;
				if (!log_parse_level(value, &l)) {
					snprintf(err, errlen, "log_level: expected error, warn, info or debug");
					return false;
				}
			}
			if (strcmp(key, "paper") == 0 && strcmp(value, "A4") != 0 && strcmp(value, "Letter") != 0) {
				snprintf(err, errlen, "paper: expected A4 or Letter");
				return false;
			}
			if (strcmp(key, "timezone") == 0 && !tz_valid(value)) {
				snprintf(err, errlen, "timezone: '%s' is not a time zone this system knows "
				    "(an IANA name such as Europe/Berlin)", value);
				return false;
			}
			return true;
		case K_UINT:
		case K_SIZE:
			if (!parse_uint(value, k->min, k->max, &n)) {
				snprintf(err, errlen, "%s: expected an integer from %lu to %lu", key, k->min, k->max);
				return false;
			}
			if (k->kind == K_UINT)
				*(unsigned *)((char *)c + k->off) = (unsigned)n;
			else
				*(size_t *)((char *)c + k->off) = (size_t)n;
			return true;
		}
	}
	snprintf(err, errlen, "unknown key '%s'", key);
	return false;
}

static char *
trim(char *s)
{
	char *e;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

bool
config_load(struct titrad_config *c, const char *path, char *err, size_t errlen)
{
	char line[PATH_MAX + 128], msg[256];
	unsigned lineno = 0;
	bool ok = true;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	while (ok && fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path, lineno);
			ok = false;
			break;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (*s == '\0')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "%s:%u: expected key = value", path, lineno);
			ok = false;
			break;
		}
		*eq = '\0';
		if (!config_set(c, trim(s), trim(eq + 1), msg, sizeof msg)) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
			ok = false;
		}
	}
	fclose(f);
	return ok;
}
