/* SPDX-License-Identifier: Apache-2.0 */
/*
 * renal.h - renal dose limits from creatinine clearance.
 *
 * Pure.  The bands are data (schema/004_renal.sql, read at start-up); this
 * module only applies them.  CrCl is in tenths of mL/min (_dml), -1 when
 * unknown (then no band applies).
 */
#ifndef TITRAD_RENAL_H
#define TITRAD_RENAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct renal_band {
	char drug[32];
	int64_t lo_dml, hi_dml;     /* inclusive bounds */
	int dialysis;               /* -1 any, 0 only off dialysis, 1 only on dialysis */
	int32_t cap_ug;             /* 0: no fixed cap */
	int32_t cap_ug_per_dml;     /* 0: no proportional cap */
	int32_t min_interval;       /* 0: none */
	char rule[48];              /* flag raised while the band applies, "" none */
	char severity[12];
	bool flag_if_faster;        /* raise rule only when the plan steps more often than min_interval */
};

/* Cockcroft-Gault in tenths of mL/min, rounded down; -1 if inputs missing. */
int64_t renal_cockcroft_gault(int64_t age, int64_t weight_dkg, int64_t scr_cmgdl, bool female);

/* Does band b apply to drug at this CrCl and dialysis status? */
bool renal_band_applies(const struct renal_band *b, const char *drug, int64_t crcl_dml, bool dialysis);

/*
 * The limits for drug: *cap_ug (0 = none) rounded down to unit_ug and at
 * least one unit; *min_interval (0 = none).  The tightest band wins.
 */
void renal_limits(const struct renal_band *bands, size_t n, const char *drug, int32_t unit_ug,
    int64_t crcl_dml, bool dialysis, int32_t *cap_ug, int32_t *min_interval);

#endif
