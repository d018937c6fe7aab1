/* SPDX-License-Identifier: Apache-2.0 */
/* cli.c - token, backup and demo verbs (see cli.h and titrad(8)). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/auth.h"
#include "store/store.h"
#include "http/http.h"
#include "engine/titration.h"
#include "engine/validate.h"
#include "base/util.h"

static struct store *
open_db(const char *path)
{
	struct store *db;
	char err[512];
	if (path == NULL) {
		fprintf(stderr, "titrad: --db PATH is required\n");
		return NULL;
	}
	if (store_open(path, true, &db, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "titrad: %s\n", err);
		return NULL;
	}
	return db;
}

/* Create one token inside the caller's transaction and print it. */
static int
make_token(struct store *db, const char *role, int64_t patient, const char *label, long days, FILE *out,
    const char *prefix)
{
	struct store_token t;
	char plain[AUTH_TOKEN_LEN];
	time_t now = time(NULL);
	int rc;

	memset(&t, 0, sizeof t);
	util_copy(t.role, sizeof t.role, role);
	t.patient_id = patient;
	if (label != NULL && !util_copy(t.label, sizeof t.label, label)) {
		fprintf(stderr, "titrad: label too long (64 bytes at most)\n");
		return STORE_ERROR;
	}
	if (label != NULL && val_actor_reserved(label)) {
		fprintf(stderr, "titrad: '%s' is a name titrad uses for its own actions\n", label);
		return STORE_ERROR;
	}
	dt_format_stamp(now, t.created_at);
	if (days > 0)
		dt_format_stamp(now + (time_t)days * 86400, t.expires_at);
	rc = auth_token_create(db, &t, plain);
	if (rc == STORE_CONFLICT)
		fprintf(stderr, "titrad: a token labelled '%s' exists\n", t.label);
	else if (rc != STORE_OK)
		fprintf(stderr, "titrad: cannot create token: %s\n", store_errmsg(db));
	else if (rc == STORE_OK && store_audit_insert(db, "cli", "admin", "token.create", "token", t.id, t.label,
	    t.created_at) == STORE_OK)
		fprintf(out, "%s%s\n", prefix, plain);
	return rc;
}

static int
token_create(struct store *db, const char *role, const char *patient, const char *label, const char *expires)
{
	int64_t pid = -1, days = 0;
	int rc;
	if (role_parse(role) == 0) {
		fprintf(stderr, "titrad: --role must be admin, clinic, pharmacist or patient\n");
		return 2;
	}
	if (patient != NULL && !util_parse_id(patient, &pid)) {
		fprintf(stderr, "titrad: --patient must be a patient id\n");
		return 2;
	}
	if ((strcmp(role, "patient") == 0) != (pid > 0)) {
		fprintf(stderr, "titrad: --patient is required for, and only for, --role patient\n");
		return 2;
	}
	if (expires != NULL && (!util_parse_id(expires, &days) || days > 3650)) {
		fprintf(stderr, "titrad: --expires must be 1 to 3650 days\n");
		return 2;
	}
	if (store_begin(db, true) != STORE_OK) {
		fprintf(stderr, "titrad: database busy\n");
		return 1;
	}
	if (pid > 0) {
		struct store_patient p;
		if (store_patient_get(db, pid, &p) != STORE_OK) {
			store_rollback(db);
			fprintf(stderr, "titrad: no patient %lld\n", (long long)pid);
			return 1;
		}
	}
	rc = make_token(db, role, pid, label, (long)days, stdout, "");
	if (rc != STORE_OK || store_commit(db) != STORE_OK) {
		store_rollback(db);
		return 1;
	}
	return 0;
}

static int
token_list(struct store *db)
{
	struct store_token rows[100];
	size_t n;
	int64_t after = 0;
	printf("%-24s %-10s %-8s %-20s %-20s %-20s %s\n", "LABEL", "ROLE", "PATIENT", "CREATED",
	    "LAST USED", "EXPIRES", "REVOKED");
	do {
		if (store_token_list(db, after, 100, rows, &n) != STORE_OK)
			return 1;
		for (size_t i = 0; i < n; i++) {
			char pid[24] = "-";
			if (rows[i].patient_id > 0)
				snprintf(pid, sizeof pid, "%lld", (long long)rows[i].patient_id);
			printf("%-24s %-10s %-8s %-20s %-20s %-20s %s\n", rows[i].label, rows[i].role, pid,
			    rows[i].created_at, rows[i].last_used_at[0] ? rows[i].last_used_at : "-",
			    rows[i].expires_at[0] ? rows[i].expires_at : "-",
			    rows[i].revoked_at[0] ? rows[i].revoked_at : "-");
			after = rows[i].id;
		}
	} while (n == 100);
	return 0;
}

static int
token_revoke(struct store *db, const char *label)
{
	char now[DT_STAMP_LEN];
	int rc;
	if (label == NULL) {
		fprintf(stderr, "titrad: --label is required\n");
		return 2;
	}
	dt_format_stamp(time(NULL), now);
	if (store_begin(db, true) != STORE_OK)
		return 1;
	rc = store_token_revoke(db, label, now);
	if (rc == STORE_OK)
		rc = store_audit_insert(db, "cli", "admin", "token.revoke", "token", -1, label, now);
	if (rc != STORE_OK || store_commit(db) != STORE_OK) {
		store_rollback(db);
		fprintf(stderr, "titrad: no active token labelled '%s'\n", label);
		return 1;
	}
	return 0;
}

int
cli_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { "role", required_argument, NULL, 'r' },
		{ "patient", required_argument, NULL, 'p' }, { "label", required_argument, NULL, 'l' },
		{ "expires", required_argument, NULL, 'e' }, { NULL, 0, NULL, 0 },
	};
	const char *dbp = NULL, *role = NULL, *patient = NULL, *label = NULL, *expires = NULL;
	struct store *db;
	int c, ret;

	if (argc < 2) {
		fprintf(stderr, "usage: titrad token create|list|revoke --db PATH ...\n");
		return 2;
	}
	const char *verb = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbp = optarg; break;
		case 'r': role = optarg; break;
		case 'p': patient = optarg; break;
		case 'l': label = optarg; break;
		case 'e': expires = optarg; break;
		default: return 2;
		}
	}
	if (strcmp(verb, "create") != 0 && strcmp(verb, "list") != 0 && strcmp(verb, "revoke") != 0) {
		fprintf(stderr, "titrad: unknown token verb '%s'\n", verb);
		return 2;
	}
	if (strcmp(verb, "create") == 0 && role == NULL) {
		fprintf(stderr, "titrad: --role is required\n");
		return 2;
	}
	if ((db = open_db(dbp)) == NULL)
		return 1;
	if (strcmp(verb, "create") == 0)
		ret = token_create(db, role, patient, label, expires);
	else if (strcmp(verb, "list") == 0)
		ret = token_list(db);
	else
		ret = token_revoke(db, label);
	store_close(db);
	return ret;
}

int
cli_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbp = NULL, *to = NULL;
	char err[512];
	struct store *db;
	int c, ret = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dbp = optarg; break;
		case 't': to = optarg; break;
		default: return 2;
		}
	}
	if (to == NULL) {
		fprintf(stderr, "titrad: --to FILE is required\n");
		return 2;
	}
	if (dbp != NULL && store_is_postgresql(dbp)) {
		fprintf(stderr, "titrad backup: PostgreSQL database: use pg_dump (titrad backup copies "
		    "SQLite files only)\n");
		return 2;
	}
	if ((db = open_db(dbp)) == NULL)
		return 1;
	if (store_backup(db, to, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "titrad: %s\n", err);
		ret = 1;
	}
	store_close(db);
	return ret;
}

/*
 * Revoke the tokens an earlier "titrad demo" printed (labels demo-*), so
 * that a re-run replaces them instead of piling up another set.
 */
static int
revoke_demo_tokens(struct store *db, const char *now)
{
	struct store_token page[100];
	int64_t after = 0;
	size_t n;
	int rc;

	do {
		if ((rc = store_token_list(db, after, (int)ARRAY_LEN(page), page, &n)) != STORE_OK)
			return rc;
		for (size_t i = 0; i < n; i++) {
			after = page[i].id;
			if (strncmp(page[i].label, "demo-", 5) == 0 && page[i].revoked_at[0] == '\0' &&
			    (rc = store_token_revoke(db, page[i].label, now)) != STORE_OK)
				return rc;
		}
	} while (n == ARRAY_LEN(page));
	return STORE_OK;
}

int
cli_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { NULL, 0, NULL, 0 },
	};
	static const char *const roles[] = { "admin", "clinic", "pharmacist" };
	const char *dbp = NULL;
	struct store *db;
	struct store_patient p;
	struct store_regimen g;
	char label[STORE_LABEL_MAX + 1];
	time_t now = time(NULL);
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c == 'd')
			dbp = optarg;
		else
			return 2;
	if ((db = open_db(dbp)) == NULL)
		return 1;
	rc = store_begin(db, true);
	if (rc == STORE_OK && (rc = store_patient_by_extid(db, "DEMO-0001", &p)) == STORE_NOTFOUND) {
		/* The drug and the evening's reference time are the demo's choice;
		 * the doses, interval and offset are the protocol row's. */
		const char *drug = "pramipexole";
		int ref = 22 * 60;
		struct titr_protocol pr;
		memset(&p, 0, sizeof p);
		util_copy(p.external_id, sizeof p.external_id, "DEMO-0001");
		util_copy(p.display_name, sizeof p.display_name, "Demo Patient");
		p.crcl_given_dml = 850;
		p.age = p.weight_dkg = p.scr_cmgdl = p.ferritin_dng = p.tsat_dpct = -1;
		dt_format_stamp(now, p.created_at);
		rc = store_protocol_get(db, drug, &pr);
		if (rc == STORE_OK)
			rc = store_patient_insert(db, &p);
		if (rc == STORE_OK)
			rc = store_renal_insert(db, p.id, "1900-01-01", p.crcl_given_dml, 0, p.created_at);
		if (rc == STORE_OK) {
			memset(&g, 0, sizeof g);
			g.patient_id = p.id;
			util_copy(g.drug, sizeof g.drug, pr.drug);
			dt_format_date(dt_day_of(now), g.start_date);
			dt_format_time(ref, pr.timing == TITR_BEFORE_BEDTIME ? g.bedtime : g.symptom_onset);
			dt_format_time(titr_dose_minute(ref, pr.offset_minutes), g.dose_time);
			g.start_ug = pr.start_ug;
			g.step_ug = pr.step_ug;
			g.interval_days = pr.interval_days;
			g.max_ug = pr.max_ug;
			util_copy(g.created_at, sizeof g.created_at, p.created_at);
			rc = store_regimen_insert(db, &g);
			if (rc == STORE_OK)
				printf("demo patient %lld (DEMO-0001), %s regimen %lld from %s\n",
				    (long long)p.id, g.drug, (long long)g.id, g.start_date);
		}
	} else if (rc == STORE_OK) {
		printf("demo patient %lld (DEMO-0001) already present\n", (long long)p.id);
	}
	if (rc == STORE_OK) {
		char stamp[DT_STAMP_LEN];
		dt_format_stamp(now, stamp);
		rc = revoke_demo_tokens(db, stamp);
	}
	for (size_t i = 0; rc == STORE_OK && i < ARRAY_LEN(roles); i++) {
		char prefix[32];
		snprintf(label, sizeof label, "demo-%s-%lld", roles[i], (long long)now);
		snprintf(prefix, sizeof prefix, "%-11s ", roles[i]);
		rc = make_token(db, roles[i], -1, label, 30, stdout, prefix);
	}
	if (rc == STORE_OK) {
		snprintf(label, sizeof label, "demo-patient-%lld", (long long)now);
		rc = make_token(db, "patient", p.id, label, 30, stdout, "patient     ");
	}
	if (rc != STORE_OK || store_commit(db) != STORE_OK) {
		store_rollback(db);
		fprintf(stderr, "titrad: demo seeding failed: %s\n", store_errmsg(db));
		store_close(db);
		return 1;
	}
	store_close(db);
	return 0;
}
