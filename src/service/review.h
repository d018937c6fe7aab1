/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review.h - a pharmacist's review of a flag: open -> acknowledged,
 * overridden or resolved, with the reviewer (the token's label) and an
 * audit row, inside the caller's write transaction.  The API and the
 * console both review through here, so the rules are the same for both:
 * an override must give a note; a flag already reviewed is a conflict.
 */
#ifndef TITRAD_SVC_REVIEW_H
#define TITRAD_SVC_REVIEW_H

#include "service/service.h"

/* "acknowledged", "overridden", "resolved", NULL. */
extern const char *const svc_review_decisions[];

/*
 * Review flag id.  STORE_OK with *out the reviewed flag; SVC_INVALID with
 * *field and *msg naming the bad input ("decision" or "note");
 * STORE_NOTFOUND; STORE_CONFLICT when the flag is no longer open; or a
 * store failure.  note may be NULL or "".
 */
int svc_flag_review(const struct svc_ctx *c, int64_t id, const char *decision, const char *note,
    struct store_flag *out, const char **field, const char **msg);

#endif
