/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engines.c - CPU cost of titrad's pure engines, for bench/run.
 *
 * Loads the real knowledge base the daemon loads (store_open +
 * store_load_formulary + store_load_kb + store_renal_bands + store_protocols) from a
 * database file, builds three workloads, and runs one of them:
 *
 *   calendar      one 1-year calendar: titr_calendar() over 365 days of a
 *                 pramipexole regimen at the protocol's defaults
 *   interactions  one 30-drug check: ia_check() for a patient on 30
 *                 medications (aggravators, clashes, neutral drugs, one
 *                 unrecognised name) plus an active pramipexole regimen,
 *                 reduced renal function and low ferritin
 *   ics           one 731-day .ics rendering: ical_render() of 731 dose
 *                 events with their summaries and instructions (and free)
 *
 * Usage:
 *   engines DB check             build every workload once, print its size
 *   engines DB run MODE N        run MODE N times (for valgrind --tool=callgrind
 *                                --toggle-collect=bench_op: instructions/op =
 *                                collected total / N)
 *   engines DB time MODE [MS]    wall clock: 7 batches of about MS ms (default
 *                                200), prints the median and best µs per op
 *
 * DB is created and migrated when it does not exist.  Built by bench/run:
 *   cc -O2 -Isrc bench/engines.c src/libtitrad.a $(pkg-config --libs ...)
 * with -DHAVE_ICAL_RENDER when src/libtitrad.a defines ical_render.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/datetime.h"
#include "store/store.h"
#include "engine/formulary.h"
#include "engine/ical.h"
#include "engine/interactions.h"
#include "engine/renal.h"
#include "engine/titration.h"

#define NDRUGS 30
#define ICS_NIGHTS TITR_RANGE_MAX_DAYS

enum mode { M_CALENDAR, M_INTERACTIONS, M_ICS, M_COUNT };
static const char *const mode_names[M_COUNT] = { "calendar", "interactions", "ics" };

/* A 30-drug list as a clinic would send it: brands, strengths, salts. */
static const char *const drug_names[NDRUGS] = {
	"Zoloft 50 mg tablet", "Cymbalta 60 mg capsule", "amitriptyline 10 mg", "mirtazapine 15 mg",
	"lithium carbonate 300 mg", "quetiapine 25 mg", "metoclopramide 10 mg", "Benadryl 25 mg",
	"amlodipine 5 mg", "Sinemet 25/100", "tramadol 50 mg", "clonazepam 0.5 mg",
	"ciprofloxacin 500 mg", "cimetidine 400 mg", "zolpidem 10 mg", "pregabalin 75 mg",
	"Maalox", "omeprazole 20 mg", "lisinopril 10 mg", "metformin 500 mg",
	"atorvastatin 20 mg", "levothyroxine 50 mcg", "aspirin 81 mg", "ferrous sulfate 325 mg",
	"topiramate 50 mg", "ropinirole 1 mg", "haloperidol 5 mg", "oxycodone 5 mg",
	"ethinylestradiol", "Grandma's sleepy tea",
};

static struct {
	struct formulary *fm;
	struct ia_kb *kb;
	struct renal_band *bands;
	size_t nbands;
	struct titr_protocol proto;
	/* calendar */
	struct titr_regimen reg;
	struct titr_entry entries[TITR_RANGE_MAX_DAYS + 1];
	int32_t from;
	/* interactions */
	struct ia_med meds[NDRUGS];
	struct ia_regimen iregs[1];
	struct ia_patient patient;
	/* ics */
	struct ical_event ev[ICS_NIGHTS];
	char summary[ICS_NIGHTS][48];
	char desc[ICS_NIGHTS][256];
	size_t nev;
	struct ical_calendar cal;
} B;

static volatile size_t sink;

static void
mg_text(int32_t ug, char *out, size_t cap)
{
	if (ug % 1000 == 0)
		snprintf(out, cap, "%d mg", ug / 1000);
	else if (ug % 100 == 0)
		snprintf(out, cap, "%d.%d mg", ug / 1000, (ug % 1000) / 100);
	else if (ug % 10 == 0)
		snprintf(out, cap, "%d.%02d mg", ug / 1000, (ug % 1000) / 10);
	else
		snprintf(out, cap, "%d.%03d mg", ug / 1000, ug % 1000);
}

/* One operation of the workload; the callgrind --toggle-collect target. */
__attribute__((noinline)) void bench_op(enum mode m);

void
bench_op(enum mode m)
{
	switch (m) {
	case M_CALENDAR:
		sink += titr_calendar(&B.reg, B.from, B.from + 364, B.entries, TITR_RANGE_MAX_DAYS + 1);
		break;
	case M_INTERACTIONS:
	{
		/* The daemon's path: a growable findings list, freed after each check. */
		struct ia_findings fs = { 0 };
		ia_check_all(B.kb, B.fm, B.bands, B.nbands, &B.patient, B.meds, NDRUGS, B.iregs, 1, &fs);
		sink += fs.n;
		ia_findings_free(&fs);
		break;
	}
	case M_ICS: {
#ifdef HAVE_ICAL_RENDER
		size_t len = 0;
		char *s = ical_render(&B.cal, B.ev, B.nev, &len);
		sink += len;
		free(s);
#endif
		break;
	}
	default:
		break;
	}
}

static int
setup(const char *path)
{
	struct store *db;
	struct titr_protocol *protos = NULL;
	size_t nprotos = 0;
	char err[512];
	bool found = false;

	if (store_open(path, true, &db, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "engines: %s\n", err);
		return -1;
	}
	B.fm = fm_new();
	if (B.fm == NULL || store_load_formulary(db, B.fm) != STORE_OK || store_load_kb(db, &B.kb) != STORE_OK ||
	    store_renal_bands(db, &B.bands, &B.nbands) != STORE_OK ||
	    store_protocols(db, &protos, &nprotos) != STORE_OK) {
		fprintf(stderr, "engines: cannot load the knowledge base: %s\n", store_errmsg(db));
		store_close(db);
		return -1;
	}
	store_close(db);
	for (size_t i = 0; i < nprotos; i++)
		if (strcmp(protos[i].drug, "pramipexole") == 0) {
			B.proto = protos[i];
			found = true;
		}
	free(protos);
	if (!found) {
		fprintf(stderr, "engines: no pramipexole protocol\n");
		return -1;
	}

	/* Calendar: pramipexole at the protocol's defaults, onset 22:00 -> dose 20:00. */
	B.from = dt_days_from_civil(2026, 12, 1);
	B.reg = (struct titr_regimen){ .start_day = B.from,
		.dose_minute = titr_dose_minute(22 * 60, B.proto.offset_minutes),
		.start_ug = B.proto.start_ug, .step_ug = B.proto.step_ug, .max_ug = B.proto.max_ug,
		.interval_days = B.proto.interval_days };

	/* Interactions: 30 medications, one regimen, CrCl 45 mL/min, ferritin 50 ng/mL. */
	for (size_t i = 0; i < NDRUGS; i++) {
		B.meds[i].id = (int64_t)i + 1;
		B.meds[i].ning = fm_resolve(B.fm, drug_names[i], B.meds[i].ing, FM_MAX_INGREDIENTS);
	}
	B.iregs[0] = (struct ia_regimen){ .id = 1, .drug = "pramipexole", .tr = &B.reg,
		.start_ug = B.reg.start_ug, .step_ug = B.reg.step_ug, .max_ug = B.reg.max_ug,
		.interval_days = B.reg.interval_days };
	B.patient = (struct ia_patient){ .crcl_dml = 450, .dialysis = false, .ferritin_dng = 500,
		.tsat_dpct = 150 };

	/* ics: the 731 nights of the same regimen, with the daemon's kind of texts. */
	size_t n = titr_calendar(&B.reg, B.from, B.from + ICS_NIGHTS - 1, B.entries, TITR_RANGE_MAX_DAYS + 1);
	for (size_t i = 0; i < n && i < ICS_NIGHTS; i++) {
		const struct titr_entry *e = &B.entries[i];
		char dose[24], prev[24];
		mg_text(e->dose_ug, dose, sizeof dose);
		snprintf(B.summary[i], sizeof B.summary[i], "Pramipexole %s", dose);
		if (e->step_up) {
			mg_text(i > 0 ? B.entries[i - 1].dose_ug : e->dose_ug, prev, sizeof prev);
			snprintf(B.desc[i], sizeof B.desc[i], "Step-up night: take %s at %02d:%02d only if your "
			    "symptoms persist; otherwise stay on %s and tell your clinic.", dose,
			    e->minute / 60, e->minute % 60, prev);
		} else {
			snprintf(B.desc[i], sizeof B.desc[i], "Take %s at %02d:%02d, 2 hours before symptoms "
			    "usually start.", dose, e->minute / 60, e->minute % 60);
		}
		B.ev[i] = (struct ical_event){ .night = e->night, .date_day = e->date_day,
			.minute = e->minute, .sequence = 0, .cancelled = false, .summary = B.summary[i],
			.description = B.desc[i] };
	}
	B.nev = n;
	B.cal = (struct ical_calendar){ .name = "Pramipexole titration", .uid_domain = "titrad",
		.regimen_id = 1, .dtstamp = 1795622400, .duration_minutes = 15 };
	return 0;
}

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int
parse_mode(const char *s, enum mode *m)
{
	for (int i = 0; i < M_COUNT; i++)
		if (strcmp(s, mode_names[i]) == 0) {
			*m = (enum mode)i;
#ifndef HAVE_ICAL_RENDER
			if (*m == M_ICS) {
				fprintf(stderr, "engines: ical_render is not implemented in src/libtitrad.a\n");
				return 3;
			}
#endif
			return 0;
		}
	fprintf(stderr, "engines: unknown mode '%s' (calendar, interactions, ics)\n", s);
	return 2;
}

int
main(int argc, char **argv)
{
	enum mode m = M_CALENDAR;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: engines DB check | run MODE N | time MODE [MS]\n");
		return 2;
	}
	if (strcmp(argv[2], "check") != 0 && (argc < 4 || (rc = parse_mode(argv[3], &m)) != 0))
		return argc < 4 ? 2 : rc;
	if (setup(argv[1]) != 0)
		return 1;

	if (strcmp(argv[2], "check") == 0) {
		size_t unresolved = 0;
		for (size_t i = 0; i < NDRUGS; i++) {
			if (B.meds[i].ning == 0) {
				unresolved++;
				printf("unresolved: %s\n", drug_names[i]);
			}
		}
		printf("calendar: %zu entries over 365 days\n",
		    titr_calendar(&B.reg, B.from, B.from + 364, B.entries, TITR_RANGE_MAX_DAYS + 1));
		struct ia_findings fs = { 0 };
		ia_check_all(B.kb, B.fm, B.bands, B.nbands, &B.patient, B.meds, NDRUGS, B.iregs, 1, &fs);
		printf("interactions: %d drugs (%zu unrecognised), %zu findings\n", NDRUGS, unresolved, fs.n);
		for (size_t i = 0; i < fs.n; i++)
			printf("  %s %s med=%lld reg=%lld\n", fs.v[i].rule->id, fs.v[i].severity,
			    (long long)fs.v[i].medication_id, (long long)fs.v[i].regimen_id);
		ia_findings_free(&fs);
#ifdef HAVE_ICAL_RENDER
		size_t len = 0;
		char *s = ical_render(&B.cal, B.ev, B.nev, &len);
		printf("ics: %zu events, %zu bytes\n", B.nev, s ? len : 0);
		free(s);
#else
		printf("ics: ical_render not implemented\n");
#endif
		return 0;
	}
	if (strcmp(argv[2], "run") == 0) {
		long n = argc > 4 ? strtol(argv[4], NULL, 10) : 1;
		for (long i = 0; i < n; i++)
			bench_op(m);
		printf("%s ops=%ld sink=%zu\n", mode_names[m], n, (size_t)sink);
		return 0;
	}
	if (strcmp(argv[2], "time") == 0) {
		double batch_s = (argc > 4 ? strtod(argv[4], NULL) : 200) / 1000.0, per[7];
		long n = 1;
		/* Warm up and calibrate: ops per batch of about batch_s. */
		for (;;) {
			double t0 = now_s();
			for (long i = 0; i < n; i++)
				bench_op(m);
			double el = now_s() - t0;
			if (el >= batch_s / 4 || n > (1L << 30)) {
				n = (long)((double)n * batch_s / (el > 0 ? el : 1e-9)) + 1;
				break;
			}
			n *= 4;
		}
		for (int b = 0; b < 7; b++) {
			double t0 = now_s();
			for (long i = 0; i < n; i++)
				bench_op(m);
			per[b] = (now_s() - t0) / (double)n * 1e6;
		}
		qsort(per, 7, sizeof per[0], cmp_double);
		printf("%s ops_per_batch=%ld median_us=%.3f best_us=%.3f\n", mode_names[m], n, per[3], per[0]);
		return 0;
	}
	fprintf(stderr, "engines: unknown command '%s'\n", argv[2]);
	return 2;
}
