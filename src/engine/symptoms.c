/* SPDX-License-Identifier: Apache-2.0 */
/* symptoms.c - the pure check-in rules (see symptoms.h). */
#include "engine/symptoms.h"

#include <string.h>

#include "base/util.h"

const char *const ck_body_part_names[] = { "legs", "arms", "trunk", "other" };
const size_t ck_nbody_parts = ARRAY_LEN(ck_body_part_names);
const char *const ck_side_effect_names[] = { "nausea", "dizziness", "daytime_sleepiness",
	"sleep_attack", "impulse_control", "swelling", "other" };
const size_t ck_nside_effects = ARRAY_LEN(ck_side_effect_names);

int
ck_bit(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

int
ck_earlier(int usual_onset, int onset)
{
	int d = ((usual_onset - onset) % 1440 + 1440) % 1440;
	return d > 720 ? d - 1440 : d;
}

bool
ck_augmentation_suspected(const struct ck_augmentation *a, int usual_onset,
    const struct ck_night *v, size_t n)
{
	int32_t latest;
	int alone = 0, spread = 0;

	if (n == 0 || usual_onset < 0)
		return false;
	latest = v[0].day;
	for (size_t i = 1; i < n; i++)
		if (v[i].day > latest)
			latest = v[i].day;
	for (size_t i = 0; i < n; i++) {
		if (v[i].day <= latest - a->window_nights || v[i].onset < 0)
			continue;
		int e = ck_earlier(usual_onset, v[i].onset);
		if (e >= a->earlier_minutes) {
			alone++;
			spread++;
		} else if (e >= a->spread_minutes && (v[i].body_parts & (CK_BODY_ARMS | CK_BODY_TRUNK))) {
			spread++;
		}
	}
	return alone >= a->min_nights || spread >= a->min_nights;
}

bool
ck_run_at_or_above(const struct ck_night *v, size_t n, int32_t from_day, int threshold, int nights)
{
	/* For each qualifying night, count back through the qualifying nights before it. */
	for (size_t i = 0; i < n; i++) {
		int run = 0;
		for (int32_t d = v[i].day; d >= from_day && run < nights; d--) {
			size_t k;
			for (k = 0; k < n && v[k].day != d; k++)
				;
			if (k == n || v[k].severity < threshold)
				break;
			run++;
		}
		if (nights > 0 && run >= nights)
			return true;
	}
	return false;
}

bool
ck_should_hold(bool guided, bool active, int severity, int threshold, int32_t day, int32_t last_event_day)
{
	return guided && active && severity < threshold && day >= last_event_day;
}
