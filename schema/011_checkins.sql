-- SPDX-License-Identifier: Apache-2.0
-- 011_checkins.sql: what patients report each night, guided titration, the
-- augmentation watch and the flags a check-in raises.

-- Guided titration: a check-in with severity below controlled_below holds a
-- guided, active regimen (an ordinary hold event by "titrad").
ALTER TABLE regimen ADD COLUMN guided INTEGER NOT NULL DEFAULT 1 CHECK (guided IN (0, 1));
ALTER TABLE regimen ADD COLUMN controlled_below INTEGER NOT NULL DEFAULT 2
	CHECK (controlled_below BETWEEN 1 AND 10);

-- One check-in per regimen and night.  body_parts and side_effects are bit
-- sets in the order of the names the API lists (engine/symptoms.h).
CREATE TABLE checkin (
	id           INTEGER PRIMARY KEY,
	regimen_id   INTEGER NOT NULL REFERENCES regimen(id),
	night        TEXT NOT NULL,
	severity     INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 10),
	onset        TEXT,
	body_parts   INTEGER NOT NULL DEFAULT 0 CHECK (body_parts BETWEEN 0 AND 15),
	side_effects INTEGER NOT NULL DEFAULT 0 CHECK (side_effects BETWEEN 0 AND 127),
	irls         INTEGER CHECK (irls BETWEEN 0 AND 40),
	note         TEXT NOT NULL DEFAULT '' CHECK (length(CAST(note AS BLOB)) <= 1000),
	created_at   TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	UNIQUE (regimen_id, night)
) STRICT;

-- Rules raised by an event (a stop, a withdrawal, what a patient reported)
-- record that event: a recheck of the patient's state never resolves them.
ALTER TABLE rule ADD COLUMN event INTEGER NOT NULL DEFAULT 0 CHECK (event IN (0, 1));
UPDATE rule SET event = 1 WHERE kind IN ('withdrawal', 'stop');

-- The check-in rules: kind 'label' for the labelled adverse effects, 'guideline'
-- for the others; all raised by the check-in (event = 1).
INSERT INTO rule (id, kind, severity, summary, detail, source, grade, event) VALUES
  ('titration.auto-hold', 'guideline', 'info', 'Guided titration held: the patient reported control',
   'A check-in reported symptoms below the regimen''s control threshold, so titrad held the regimen at the dose of that night. titrad never raises a dose by itself: the clinic decides on a resume.',
   'Clinical source protocol (RLS review): increase until the therapeutic effect is achieved; titrad guided titration', '-', 1),
  ('titration.symptoms-returned', 'guideline', 'warning', 'Symptoms returned while the regimen is held',
   'Check-ins on consecutive nights report symptoms at or above the regimen''s control threshold while it is held. Review whether to resume the titration; titrad does not raise the dose on its own.',
   'Clinical source protocol (RLS review): increase until the therapeutic effect is achieved; titrad guided titration', '-', 1),
  ('augmentation.suspected', 'guideline', 'critical', 'Possible augmentation: symptoms start earlier',
   'Check-ins show symptoms starting at least 4 hours earlier than before treatment, or 2 to 4 hours earlier with spread to the arms or trunk, on 5 or more of 7 nights. Do not raise the dose; review the drug (AASM 2024 prefers an alpha-2-delta ligand); check ferritin.',
   'Garcia-Borreguero et al., Sleep Med 2007;8:520-530 (MPI augmentation criteria); AASM 2024 (J Clin Sleep Med, PMID 39324694); grade S', 'S', 1),
  ('adverse.sleep-attack', 'label', 'critical', 'Patient reports falling asleep during daily activities',
   'The patient reported a sleep attack: falling asleep during activities of daily living. No driving or operating machines until reviewed.',
   'Mirapex and Requip US labels, Warnings "Falling Asleep During Activities of Daily Living and Somnolence"; Neurontin US label, Warnings "Somnolence/Sedation" and driving impairment; grade V', 'V', 1),
  ('adverse.impulse-control', 'label', 'critical', 'Patient reports impulse control problems',
   'The patient reported urges (gambling, shopping, eating, sexual) that may be an impulse control disorder caused by the dopamine agonist. Review the drug.',
   'Mirapex and Requip US labels, Warnings "Impulse Control/Compulsive Behaviors"; grade V', 'V', 1),
  ('adverse.somnolence', 'label', 'warning', 'Patient reports daytime sleepiness',
   'The patient reported daytime sleepiness, a labelled adverse effect. Ask about driving and sudden sleep.',
   'Mirapex, Requip and Neurontin US labels, Warnings "Somnolence"; grade V', 'V', 1),
  ('adverse.other', 'label', 'info', 'Patient reports a side effect',
   'The patient reported nausea, dizziness, swelling or another side effect listed in the drug''s label.',
   'Mirapex, Requip and Neurontin US labels, Adverse Reactions (nausea, dizziness; gabapentin: peripheral oedema); grade V', 'V', 1),
  ('rebound.after-stop', 'guideline', 'info', 'Symptoms worse than before treatment after the stop',
   'A check-in after the regimen was stopped reports symptoms more severe than the first check-in (the level before treatment): possible rebound after withdrawal.',
   'Clinical source text (RLS/PLMS review): relapse after withdrawal', 'source text', 1);

-- Which reported event raises which rule for which drug, with the severity
-- of that drug's label.  event: a side effect name (engine/symptoms.h), or
-- 'auto-hold', 'symptoms-returned' (nights: how many in a row), 'rebound'.
CREATE TABLE checkin_rule (
	event    TEXT NOT NULL,
	drug     TEXT NOT NULL REFERENCES protocol(drug),
	rule     TEXT NOT NULL REFERENCES rule(id),
	severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
	nights   INTEGER NOT NULL DEFAULT 0 CHECK (nights >= 0),
	source   TEXT NOT NULL,
	PRIMARY KEY (event, drug)
) STRICT;

INSERT INTO checkin_rule (event, drug, rule, severity, nights, source)
	SELECT 'auto-hold', drug, 'titration.auto-hold', 'info', 0,
	    'Clinical source protocol (RLS review): increase until the therapeutic effect is achieved'
	FROM protocol;
INSERT INTO checkin_rule (event, drug, rule, severity, nights, source)
	SELECT 'symptoms-returned', drug, 'titration.symptoms-returned', 'warning', 3,
	    'titrad guided titration: three check-ins on three nights in a row at or above the threshold'
	FROM protocol;
INSERT INTO checkin_rule (event, drug, rule, severity, source)
	SELECT 'rebound', drug, 'rebound.after-stop', 'info',
	    'Clinical source text (RLS/PLMS review): relapse after withdrawal'
	FROM protocol;
INSERT INTO checkin_rule (event, drug, rule, severity, source) VALUES
	('sleep_attack', 'pramipexole', 'adverse.sleep-attack', 'critical', 'Mirapex US label, Warnings "Falling Asleep During Activities of Daily Living"'),
	('sleep_attack', 'ropinirole', 'adverse.sleep-attack', 'critical', 'Requip US label, Warnings "Falling Asleep During Activities of Daily Living"'),
	('sleep_attack', 'gabapentin', 'adverse.sleep-attack', 'warning', 'Neurontin US label, Warnings "Somnolence/Sedation" (driving impairment)'),
	('impulse_control', 'pramipexole', 'adverse.impulse-control', 'critical', 'Mirapex US label, Warnings "Impulse Control/Compulsive Behaviors"'),
	('impulse_control', 'ropinirole', 'adverse.impulse-control', 'critical', 'Requip US label, Warnings "Impulse Control/Compulsive Behaviors"'),
	('daytime_sleepiness', 'pramipexole', 'adverse.somnolence', 'warning', 'Mirapex US label, Warnings "Somnolence"'),
	('daytime_sleepiness', 'ropinirole', 'adverse.somnolence', 'warning', 'Requip US label, Warnings "Somnolence"'),
	('daytime_sleepiness', 'gabapentin', 'adverse.somnolence', 'warning', 'Neurontin US label, Warnings "Somnolence/Sedation"'),
	('nausea', 'pramipexole', 'adverse.other', 'info', 'Mirapex US label, Adverse Reactions (nausea)'),
	('nausea', 'ropinirole', 'adverse.other', 'info', 'Requip US label, Adverse Reactions (nausea)'),
	('nausea', 'gabapentin', 'adverse.other', 'info', 'Neurontin US label, Adverse Reactions (nausea)'),
	('dizziness', 'pramipexole', 'adverse.other', 'info', 'Mirapex US label, Adverse Reactions (dizziness)'),
	('dizziness', 'ropinirole', 'adverse.other', 'info', 'Requip US label, Adverse Reactions (dizziness)'),
	('dizziness', 'gabapentin', 'adverse.other', 'info', 'Neurontin US label, Warnings "Somnolence/Sedation and Dizziness"'),
	('swelling', 'pramipexole', 'adverse.other', 'info', 'Mirapex US label, Adverse Reactions (peripheral edema)'),
	('swelling', 'ropinirole', 'adverse.other', 'info', 'Requip US label, Adverse Reactions (peripheral edema)'),
	('swelling', 'gabapentin', 'adverse.other', 'info', 'Neurontin US label, Adverse Reactions (peripheral edema)'),
	('other', 'pramipexole', 'adverse.other', 'info', 'Mirapex US label, Adverse Reactions'),
	('other', 'ropinirole', 'adverse.other', 'info', 'Requip US label, Adverse Reactions'),
	('other', 'gabapentin', 'adverse.other', 'info', 'Neurontin US label, Adverse Reactions');

-- The augmentation watch (MPI criteria), for the drugs that augment.
CREATE TABLE augmentation_watch (
	drug            TEXT PRIMARY KEY REFERENCES protocol(drug),
	rule            TEXT NOT NULL REFERENCES rule(id),
	window_nights   INTEGER NOT NULL CHECK (window_nights BETWEEN 1 AND 31),
	min_nights      INTEGER NOT NULL CHECK (min_nights BETWEEN 1 AND window_nights),
	earlier_minutes INTEGER NOT NULL CHECK (earlier_minutes BETWEEN 1 AND 720),  -- alone enough
	spread_minutes  INTEGER NOT NULL CHECK (spread_minutes BETWEEN 1 AND 720),   -- with arms or trunk
	source          TEXT NOT NULL
) STRICT;
INSERT INTO augmentation_watch (drug, rule, window_nights, min_nights, earlier_minutes, spread_minutes, source) VALUES
	('pramipexole', 'augmentation.suspected', 7, 5, 240, 120,
	 'Garcia-Borreguero et al., Sleep Med 2007;8:520-530 (MPI criteria: onset >= 4 h earlier, or 2-4 h earlier with spread to other body parts, on >= 5 of 7 days)'),
	('ropinirole', 'augmentation.suspected', 7, 5, 240, 120,
	 'Garcia-Borreguero et al., Sleep Med 2007;8:520-530 (MPI criteria: onset >= 4 h earlier, or 2-4 h earlier with spread to other body parts, on >= 5 of 7 days)');

-- Who this installation is, for identifiers other systems keep: iCalendar
-- UIDs must be unique across every server a calendar client subscribes to
-- (RFC 5545 3.8.4.7), and two installations both emitting
-- titrad-r1-n1@titrad would overwrite each other's events.  A new database
-- gets a random domain; one that already has regimens keeps "titrad", so
-- the events calendars already hold keep their UIDs (changing them would
-- leave every subscriber with a duplicate of each dose).
CREATE TABLE installation (
	singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
	uid_domain TEXT NOT NULL CHECK (uid_domain <> '' AND length(uid_domain) <= 64)
) STRICT;
INSERT INTO installation (singleton, uid_domain)
	SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM regimen) THEN 'titrad'
	    ELSE lower(hex(randomblob(8))) || '.titrad' END;
