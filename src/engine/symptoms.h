/* SPDX-License-Identifier: Apache-2.0 */
/*
 * symptoms.h - what a patient reports about a night, and the pure rules on it.
 *
 * No I/O.  Body parts and side effects are bit sets in the order of the
 * names below (the API's words, stored as these bits: schema/011).  The
 * augmentation watch works on minutes: earlier(c) is the regimen's
 * symptom_onset minus the check-in's onset, modulo 24 h, read in
 * (-12 h, +12 h], so an onset of 23:30 against a usual 01:00 is 90 minutes
 * earlier, not 22.5 hours later.
 */
#ifndef TITRAD_SYMPTOMS_H
#define TITRAD_SYMPTOMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CK_SEVERITY_MAX 10
#define CK_IRLS_MAX 40
#define CK_NOTE_MAX 1000
#define CK_CONTROLLED_DEFAULT 2

/* The names, index = bit. */
extern const char *const ck_body_part_names[];
extern const size_t ck_nbody_parts;
extern const char *const ck_side_effect_names[];
extern const size_t ck_nside_effects;
#define CK_BODY_ARMS  (1u << 1)
#define CK_BODY_TRUNK (1u << 2)

/* The bit of name in names[0..n), or -1. */
int ck_bit(const char *const *names, size_t n, const char *name);

/* What one check-in says, as the rules need it. */
struct ck_night {
	int32_t day;            /* the night's date (days since 1970-01-01) */
	int severity;           /* 0..10 */
	int onset;              /* minute of the day, -1 none */
	unsigned body_parts;
};

/* (usual - onset) mod 24 h in (-720, 720] minutes. */
int ck_earlier(int usual_onset, int onset);

/* The MPI thresholds (schema/011 augmentation_watch). */
struct ck_augmentation {
	int window_nights;      /* nights ending with the latest one that has a check-in */
	int min_nights;         /* how many of them must qualify */
	int earlier_minutes;    /* earlier by at least this: qualifies alone */
	int spread_minutes;     /* earlier by at least this with arms or trunk */
};
/*
 * True when, among v[0..n) (any order) on the window of nights ending with
 * the latest night in v, at least min_nights are earlier_minutes earlier, or
 * at least min_nights are spread_minutes earlier and name arms or trunk
 * (those earlier_minutes earlier count for both).  Check-ins without an
 * onset never qualify.
 */
bool ck_augmentation_suspected(const struct ck_augmentation *a, int usual_onset,
    const struct ck_night *v, size_t n);

/*
 * True when v[0..n) has check-ins on `nights` nights in a row, none before
 * from_day, each with severity >= threshold (symptoms returned while held).
 */
bool ck_run_at_or_above(const struct ck_night *v, size_t n, int32_t from_day, int threshold,
    int nights);

/*
 * Guided titration: does a check-in of severity on night `day` hold the
 * regimen?  Only a guided, active regimen, a severity below threshold, and
 * a night not before the regimen's last event (last_event_day, or its start).
 */
bool ck_should_hold(bool guided, bool active, int severity, int threshold, int32_t day,
    int32_t last_event_day);

#endif
