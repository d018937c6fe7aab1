/* SPDX-License-Identifier: Apache-2.0 */
/* renal.c - apply the renal bands (see renal.h). */
#include "engine/renal.h"

#include <string.h>

int64_t
renal_cockcroft_gault(int64_t age, int64_t weight_dkg, int64_t scr_cmgdl, bool female)
{
	/*
	 * CrCl = (140 - age) * kg / (72 * Scr) [* 0.85], in tenths of mL/min:
	 * 10 * (140 - age) * (W/10) / (72 * S/100) = (140 - age) * W * 100 / (72 * S),
	 * and * 85 / 100 for women.  Integer floor division is "rounded down to 0.1".
	 */
	if (age < 0 || weight_dkg <= 0 || scr_cmgdl <= 0)
		return -1;
	if (age >= 140)
		return 0;
	int64_t num = (140 - age) * weight_dkg * (female ? 85 : 100);
	return num / (72 * scr_cmgdl);
}

bool
renal_band_applies(const struct renal_band *b, const char *drug, int64_t crcl_dml, bool dialysis)
{
	if (strcmp(b->drug, drug) != 0)
		return false;
	if (b->dialysis >= 0 && b->dialysis != (dialysis ? 1 : 0))
		return false;
	/* A dialysis-only band needs no CrCl; the others do. */
	if (b->dialysis == 1 && b->lo_dml <= 0 && crcl_dml < 0)
		return true;
	return crcl_dml >= 0 && crcl_dml >= b->lo_dml && crcl_dml <= b->hi_dml;
}

void
renal_limits(const struct renal_band *bands, size_t n, const char *drug, int32_t unit_ug,
    int64_t crcl_dml, bool dialysis, int32_t *cap_ug, int32_t *min_interval)
{
	*cap_ug = 0;
	*min_interval = 0;
	for (size_t i = 0; i < n; i++) {
		const struct renal_band *b = &bands[i];
		int32_t cap = 0;
		if (!renal_band_applies(b, drug, crcl_dml, dialysis))
			continue;
		if (b->cap_ug > 0)
			cap = b->cap_ug;
		if (b->cap_ug_per_dml > 0 && crcl_dml >= 0) {
			int64_t c = (int64_t)b->cap_ug_per_dml * crcl_dml;
			if (unit_ug > 0)
				c -= c % unit_ug;
			if (c < unit_ug)
				c = unit_ug;
			if (cap == 0 || c < cap)
				cap = (int32_t)c;
		}
		if (cap > 0 && (*cap_ug == 0 || cap < *cap_ug))
			*cap_ug = cap;
		if (b->min_interval > *min_interval)
			*min_interval = b->min_interval;
	}
}
