/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checkin_page.h - the patient's check-in form (checkin.html).
 *
 * Pure: one self-contained HTML5 document for a phone, usable without
 * JavaScript (a plain form that POSTs back to the same address): the
 * night, severity 0-10 as radio buttons, onset time, body parts and side
 * effects as checkboxes, the IRLS total and a note, the errors of a refused
 * submission next to the form (role="alert", each linking to its field),
 * a confirmation in role="status", and the last check-ins.  Inline CSS, no
 * scripts, no external assets.  Every caller-supplied string is escaped.
 */
#ifndef TITRAD_CHECKIN_PAGE_H
#define TITRAD_CHECKIN_PAGE_H

#include <stddef.h>
#include <stdint.h>

struct ckpage_error {
	const char *field;          /* a form field name, or "" for the form as a whole */
	const char *message;
};

struct ckpage_row {
	const char *night;
	int severity;
	const char *onset;          /* "" none */
	unsigned body_parts, side_effects;
};

struct ckpage {
	const char *drug;           /* "pramipexole" */
	const char *action;         /* the form's URL (path and query), escaped here */
	const char *status;         /* the confirmation, or NULL */
	const struct ckpage_error *errors;
	size_t nerrors;
	/* the form's values: defaults, or what was submitted */
	const char *night, *night_min, *night_max;
	int severity;               /* -1 none chosen */
	const char *onset, *irls, *note;
	unsigned body_parts, side_effects;
	const struct ckpage_row *recent;   /* newest first */
	size_t nrecent;
};

/* malloc'd document (caller frees) and its length, or NULL when out of memory. */
char *ckpage_render(const struct ckpage *p, size_t *len);

#endif
