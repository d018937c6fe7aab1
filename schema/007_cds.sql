-- SPDX-License-Identifier: Apache-2.0
-- 007_cds.sql: cards shown through the CDS Hooks services, and the feedback on them.
--
-- A card is stored when it is shown, so that the same finding (patient, user,
-- ingredient, rule) shown at order-select within the last hour is not shown
-- again at order-sign, and so that feedback can name the card it is about.
-- patient_key and user_id are the EHR's context.patientId and context.userId
-- as sent (the patient need not be known to titrad).  The integer id is the
-- entity id of the card's rows in the audit trail (entity 'cds-card'); the
-- uuid is the one the card carried.
CREATE TABLE cds_card (
	id            INTEGER PRIMARY KEY,
	uuid          TEXT NOT NULL UNIQUE,
	hook          TEXT NOT NULL CHECK (hook IN ('order-select', 'order-sign')),
	hook_instance TEXT NOT NULL,
	patient_key   TEXT NOT NULL,
	user_id       TEXT NOT NULL,
	ingredient    TEXT NOT NULL,
	rule          TEXT NOT NULL,
	indicator     TEXT NOT NULL CHECK (indicator IN ('info', 'warning', 'critical')),
	shown_at      TEXT NOT NULL
) STRICT;
CREATE INDEX cds_card_repeat ON cds_card(patient_key, user_id, ingredient, rule, hook, shown_at);

-- One row per (card, outcome): a repeated feedback entry writes nothing new.
CREATE TABLE cds_feedback (
	id              INTEGER PRIMARY KEY,
	card_id         INTEGER NOT NULL REFERENCES cds_card(id),
	card_uuid       TEXT NOT NULL,
	outcome         TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
	override_reason TEXT NOT NULL DEFAULT '',   -- the reason's code, '' if none
	user_comment    TEXT NOT NULL DEFAULT '',
	outcome_at      TEXT NOT NULL,              -- outcomeTimestamp as the EHR sent it
	at              TEXT NOT NULL,              -- when titrad recorded it
	UNIQUE (card_uuid, outcome)
) STRICT;
