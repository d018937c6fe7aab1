-- SPDX-License-Identifier: Apache-2.0
-- 009_patient_texts.sql: clinical facts that C code used to hold as string
-- compares on drug names and rule ids, moved here as data.

-- What the patient's printable calendar tells them about each drug, in
-- position order.  The wording is titrad's plain-language summary of the
-- label section named in source; it is the same text the page showed when
-- these sentences were written in api_calendar.c.
CREATE TABLE patient_text (
	id       INTEGER PRIMARY KEY,
	drug     TEXT NOT NULL REFERENCES protocol(drug),
	position INTEGER NOT NULL,
	text     TEXT NOT NULL CHECK (text <> '' AND length(text) < 256),   -- TITR_NOTE_MAX
	source   TEXT NOT NULL,
	UNIQUE (drug, position)
) STRICT;

INSERT INTO patient_text (drug, position, text, source) VALUES
	('pramipexole', 1, 'Do not stop this medicine suddenly. Ask your clinic how to reduce it.',
	 'Mirapex US label, Warnings and Precautions "Withdrawal-Emergent Hyperpyrexia and Confusion" and Patient Information (do not stop without talking to your healthcare provider); label_limit.taper_required (005_safety.sql)'),
	('pramipexole', 2, 'This medicine can make you fall asleep suddenly. Do not drive or use machines if you feel drowsy.',
	 'Mirapex US label, Warnings and Precautions "Falling Asleep During Activities of Daily Living and Somnolence"'),
	('ropinirole', 1, 'Do not stop this medicine suddenly. Ask your clinic how to reduce it.',
	 'Requip US label, Warnings and Precautions "Withdrawal-Emergent Hyperpyrexia and Confusion" and Patient Information (do not stop without talking to your healthcare provider); label_limit.taper_required (005_safety.sql)'),
	('ropinirole', 2, 'This medicine can make you fall asleep suddenly. Do not drive or use machines if you feel drowsy.',
	 'Requip US label, Warnings and Precautions "Falling Asleep During Activities of Daily Living and Somnolence"'),
	('gabapentin', 1, 'Do not stop this medicine suddenly. Ask your clinic how to reduce it.',
	 'Neurontin US Medication Guide (do not stop without first talking to your healthcare provider); MIMS label: taper over at least 1 week'),
	('gabapentin', 2, 'This medicine can make you drowsy or dizzy. Avoid alcohol.',
	 'Neurontin US label, Warnings and Precautions "Somnolence/Sedation and Dizziness"; Neurontin Medication Guide (do not drink alcohol while taking it without talking to your healthcare provider)');

-- Advice a live flag of the rule adds to every dose line of the patient's
-- calendars (HTML, iCalendar, FHIR patientInstruction), '' for none.  The
-- rule's own source column carries its evidence.
ALTER TABLE rule ADD COLUMN dose_advice TEXT NOT NULL DEFAULT ''
	CHECK (length(dose_advice) < 160);   -- IA_ADVICE_MAX
-- Neurontin US label (Maalox study); label: "take gabapentin >= 2 h
-- after the antacid (add this to the calendar notes)".
UPDATE rule SET dose_advice = 'Take it at least 2 hours after any antacid (aluminium/magnesium).'
	WHERE id = 'ddi.antacid';

-- 1: the band's rule is raised only when the plan steps more often than the
-- band's min_interval (the slower steps are the whole advice, so a plan that
-- already follows them needs no flag).  0: raised whenever the band applies
-- (e.g. renal.not-studied, which also slows the steps but warns regardless).
ALTER TABLE renal_band ADD COLUMN flag_if_faster INTEGER NOT NULL DEFAULT 0
	CHECK (flag_if_faster IN (0, 1));
-- RLS/PLMS review (grade U): CrCl <= 60, at least 14 days between steps (grade U).
UPDATE renal_band SET flag_if_faster = 1 WHERE rule = 'renal.pramipexole-interval';

-- The order protocols are listed in (GET /v1/protocols, CLI): the dopamine
-- agonists first, then gabapentin, as the RLS/PLMS review tabulates them.
ALTER TABLE protocol ADD COLUMN list_order INTEGER NOT NULL DEFAULT 0;
UPDATE protocol SET list_order = CASE drug
	WHEN 'pramipexole' THEN 1 WHEN 'ropinirole' THEN 2 WHEN 'gabapentin' THEN 3 ELSE 0 END;

-- Iron stores below which the rule is raised: ferritin <= ferritin_max_dng
-- (tenths of ng/mL) or TSAT < tsat_below_dpct (tenths of %).
CREATE TABLE iron_limit (
	rule             TEXT PRIMARY KEY REFERENCES rule(id),
	ferritin_max_dng INTEGER NOT NULL,
	tsat_below_dpct  INTEGER NOT NULL,
	source           TEXT NOT NULL
) STRICT;
INSERT INTO iron_limit (rule, ferritin_max_dng, tsat_below_dpct, source) VALUES
	('iron.low', 750, 200,
	 'AASM 2024 (J Clin Sleep Med, PMID 39324694): iron therapy if ferritin <= 75 ng/mL or TSAT < 20 % (grade V)');
