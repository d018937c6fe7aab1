/* SPDX-License-Identifier: Apache-2.0 */
/*
 * regimen.h - a regimen with everything the engine needs, and what may be
 * done to it.
 *
 * svc_regimen_load reads the regimen, its actions and its patient's whole
 * renal history (growable: no row is ever dropped) inside the caller's
 * transaction, and merges limits and actions into the engine's event list.
 * The actions on a regimen are regimen_action.h.
 */
#ifndef TITRAD_SVC_REGIMEN_H
#define TITRAD_SVC_REGIMEN_H

#include <stdbool.h>

#include "service/service.h"

struct svc_regimen {
	struct store_regimen row;
	const struct titr_protocol *proto;
	struct store_event *events;     /* the actions, night order */
	size_t nevents;
	struct store_renal *renal;      /* the patient's renal history, oldest first */
	size_t nrenal;
	struct titr_event *tev;         /* limits and actions merged, day order */
	time_t *tev_at;                 /* when each tev entry was recorded (0: unknown); NULL for drafts */
	struct titr_regimen tr;
};

/* Load regimen id; STORE_NOTFOUND if there is none.  *out is freed with svc_regimen_free. */
int svc_regimen_load(const struct svc_ctx *c, int64_t id, struct svc_regimen **out);
void svc_regimen_free(struct svc_regimen *ar);
/*
 * A regimen not stored (CDS Hooks draft orders): the protocol's defaults
 * from today at dose_minute, limited from its first night by the renal
 * function in force (crcl_dml -1 unknown).  NULL when out of memory.
 */
struct svc_regimen *svc_regimen_proposed(const struct svc_ctx *c, const struct titr_protocol *proto,
    int64_t patient_id, int64_t crcl_dml, bool dialysis, int32_t dose_minute);

/* Status as of today: actions dated ahead do not count yet; a finished taper reads 'stopped'. */
const char *svc_regimen_status(const struct svc_regimen *ar, int32_t today);
/*
 * Does a regimen of drug for the patient still dose a night on or after
 * start_day?  A new regimen from start_day would then overlap it (409).
 */
int svc_regimen_overlap(const struct svc_ctx *c, int64_t patient_id, const char *drug, int32_t start_day,
    bool *overlap);
/* The index in events[] of the first action dated after today (nevents: none pending). */
size_t svc_regimen_first_pending(const struct svc_regimen *ar, int32_t today);
const char *svc_phase_name(enum titr_phase p);
/* The plain-language instruction for one dose (prev_ug: the dose before a step). */
void svc_entry_note(const struct svc_regimen *ar, const struct titr_entry *e, int32_t prev_ug,
    char *out, size_t cap);
/*
 * The same notes, each distinct one written once per request: a calendar
 * of 120 nights has a handful of distinct texts.  A note depends on the
 * entry's dose, minute, phase, step and hold and (on a step) the dose
 * before; svc_note_get returns svc_entry_note's text into cap bytes with
 * extra (may be NULL) appended as strncat would, owned by the memo until
 * svc_note_memo_free; NULL when out of memory.  Zero-initialise the memo.
 */
struct svc_note_memo {
	struct svc_note_slot *slot;
	size_t n, cap, last;
};
#define SVC_NOTE_MAX 512
const char *svc_note_get(struct svc_note_memo *m, const struct svc_regimen *ar, const struct titr_entry *e,
    int32_t prev_ug, const char *extra, size_t cap);
void svc_note_memo_free(struct svc_note_memo *m);
/*
 * Calendar-wide advice from the live flags whose rule carries dose advice
 * (rule.dose_advice: antacid spacing), as " "-led sentences in *out
 * (malloc'd, the caller frees), or NULL when there is none.
 */
int svc_regimen_advice(const struct svc_ctx *c, const struct svc_regimen *ar, char **out);

#endif
