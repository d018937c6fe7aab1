/* SPDX-License-Identifier: Apache-2.0 */
/* review.c - reviewing a flag (see review.h). */
#include "service/review.h"

#include <string.h>

#include "base/util.h"

const char *const svc_review_decisions[] = { "acknowledged", "overridden", "resolved", NULL };

static bool
is_decision(const char *s)
{
	for (const char *const *d = svc_review_decisions; s != NULL && *d != NULL; d++)
		if (strcmp(s, *d) == 0)
			return true;
	return false;
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

int
svc_flag_review(const struct svc_ctx *c, int64_t id, const char *decision, const char *note,
    struct store_flag *out, const char **field, const char **msg)
{
	int rc;

	if (note == NULL)
		note = "";
	if (!is_decision(decision)) {
		*field = "decision";
		*msg = "decision must be acknowledged, overridden or resolved";
		return SVC_INVALID;
	}
	if (strlen(note) > STORE_REASON_MAX || (note[0] != '\0' && !util_utf8_text(note, strlen(note), true))) {
		*field = "note";
		*msg = "note must be at most 1000 bytes of text";
		return SVC_INVALID;
	}
	/* An override must say why: the reason is the pharmacist's record. */
	if (strcmp(decision, "overridden") == 0 && blank(note)) {
		*field = "note";
		*msg = "an override needs a note giving the reason";
		return SVC_INVALID;
	}
	if ((rc = store_flag_get(c->db, id, out)) != STORE_OK)
		return rc;
	if ((rc = store_flag_review(c->db, out->id, decision, c->actor, c->now_stamp, note)) != STORE_OK)
		return rc;
	if ((rc = svc_audit(c, decision, "flag", out->id, note)) != STORE_OK)
		return rc;
	return store_flag_get(c->db, out->id, out);
}
